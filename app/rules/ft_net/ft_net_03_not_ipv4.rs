//! FT-NET-03: FT logging must use IPv4.

use super::vmk_label;
use crate::model::VmkRole;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An FT host whose FT logging VMkernel port has an IPv6 address.
pub struct FtNetNotIpv4;

static META: RuleMeta = RuleMeta {
    id: "FT-NET-03",
    name: "ft-logging-not-ipv4",
    title: "FT logging is addressed with IPv6",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "On every FT host, each VMkernel port with role `FtLogging` has an IPv4 `ip` (or, when no `ip` is given, an IPv4 `subnet`); an address with a `:` is IPv6.",
    why: "FT depends on VMware HA, and HA in vSphere 4.x has no IPv6 support, so FT logging must run over IPv4.",
    example: "`esx01` has `vmkernel_ports: [(name: \"vmk2\", roles: [FtLogging], ip: \"fd00:10::21\")]` and runs an FT Primary.",
    fix: "Give the FT logging VMkernel ports IPv4 addresses.",
    source: "S08",
};

impl Rule for FtNetNotIpv4 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for host_id in ctx.ft_hosts().iter().copied() {
            let Some(host) = ctx.host(host_id) else {
                continue;
            };
            for (position, vmk) in host.vmkernel_ports.iter().enumerate() {
                if !vmk.roles.contains(&VmkRole::FtLogging) {
                    continue;
                }
                let (what, address) = if vmk.ip.is_empty() {
                    ("subnet", vmk.subnet.as_str())
                } else {
                    ("address", vmk.ip.as_str())
                };
                if !address.contains(':') {
                    continue;
                }
                out.add(
                    &META,
                    host_id,
                    format!(
                        "{} has FT logging on {} with IPv6 {what} {address}; FT logging in vSphere 4 needs IPv4",
                        ctx.host_label(host_id),
                        vmk_label(&vmk.name, position)
                    ),
                );
            }
        }
    }
}
