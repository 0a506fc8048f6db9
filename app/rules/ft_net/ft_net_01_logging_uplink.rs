//! FT-NET-01: FT logging needs a dedicated uplink of at least 1 Gb/s.

use super::{flexnic_label, vmk_label};
use crate::model::{Traffic, VmkRole};
use crate::refdata::LimitItem;
use crate::rules::ft_vm::join;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity, number};

/// An FT host whose FT logging uplink is slower than 1 Gb/s or shared with vMotion.
pub struct FtNetLoggingUplink;

static META: RuleMeta = RuleMeta {
    id: "FT-NET-01",
    name: "ft-logging-uplink-slow-or-shared",
    title: "FT logging runs on an uplink slower than 1 Gb/s or shared with vMotion",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "On every FT host (hosts of clusters holding FT VMs, plus Primary and Secondary hosts): each VMkernel port with role `FtLogging` has `uplink_mbps` of at least `FtLoggingMinMbps` (1000) and each FlexNIC with `FtLogging` traffic has `mbps` of at least that, else error; a VMkernel port that also has the `Vmotion` role, or a FlexNIC that also carries `Vmotion` traffic, is a warning (not dedicated). Speeds are what the port really gets: Virtual Connect's allocation for a Flex-10 FlexNIC (and for a VMkernel port whose network rides one), never the request; an `uplink_mbps` of 0 means not given and is not checked.",
    why: "The Primary sends every non-deterministic input (disk reads, network input, timer events) to the Secondary over the FT logging network and waits for acknowledgements before output leaves; a slow or busy logging link slows the protected VM itself. VMware requires at least 1 GbE for FT logging and recommends a NIC dedicated to it (10 GbE where available); vMotion bursts on a shared link stall FT logging. With Flex-10, the FlexNIC carrying FT logging needs at least 1000 Mb.",
    example: "`esx01` has `vmkernel_ports: [(name: \"vmk1\", roles: [Vmotion, FtLogging], uplink_mbps: 1000)]` and runs an FT Primary.",
    fix: "Dedicate a NIC or FlexNIC of at least 1 Gb/s (10 GbE recommended) to FT logging, separate from vMotion; jumbo frames are optional.",
    source: "S08, S10, S61",
};

impl Rule for FtNetLoggingUplink {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for host_id in ctx.ft_hosts().iter().copied() {
            let Some(host) = ctx.host(host_id) else {
                continue;
            };
            let Some(min) = ctx.limit(LimitItem::FtLoggingMinMbps, Some(host.esx.release)) else {
                continue;
            };
            let mut slow = Vec::new();
            let mut shared = Vec::new();
            for (position, vmk) in host.vmkernel_ports.iter().enumerate() {
                if !vmk.roles.contains(&VmkRole::FtLogging) {
                    continue;
                }
                let label = vmk_label(&vmk.name, position);
                let speed = ctx.index.flexnics.vmk_uplink_mbps(host_id, vmk);
                if speed > 0 && f64::from(speed) < min {
                    slow.push(format!("{label} at {speed} Mb/s"));
                }
                if vmk.roles.contains(&VmkRole::Vmotion) {
                    shared.push(label);
                }
            }
            for port in &host.nic_ports {
                for (flexnic, allocated) in port.flexnics.iter().zip(port.allocated_mbps()) {
                    if !flexnic.traffic.contains(&Traffic::FtLogging) {
                        continue;
                    }
                    let label = flexnic_label(port, flexnic);
                    if f64::from(allocated) < min {
                        slow.push(format!("{label} at {allocated} Mb/s"));
                    }
                }
            }
            for (port, flexnic) in host.flexnics_for(Traffic::FtLogging) {
                let label = flexnic_label(port, flexnic);
                if flexnic.traffic.contains(&Traffic::Vmotion) {
                    shared.push(label);
                }
            }
            if !slow.is_empty() {
                out.add_at(
                    &META,
                    Severity::Error,
                    host_id,
                    format!(
                        "{} carries FT logging on {}; FT logging needs at least {} Mb/s",
                        ctx.host_label(host_id),
                        join(&slow),
                        number(min)
                    ),
                );
            }
            if !shared.is_empty() {
                out.add(
                    &META,
                    host_id,
                    format!(
                        "{} shares FT logging with vMotion on {}; FT logging should have its own uplink of at least {} Mb/s",
                        ctx.host_label(host_id),
                        join(&shared),
                        number(min)
                    ),
                );
            }
        }
    }
}
