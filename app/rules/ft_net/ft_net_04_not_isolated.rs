//! FT-NET-04: unencrypted FT logging traffic belongs on an isolated VLAN.

use std::collections::BTreeMap;

use super::vmk_label;
use crate::model::{HostId, ManagementKind, NetworkId, VmkRole};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// FT logging on a network that is not an isolated VLAN, or sharing the management network.
pub struct FtNetNotIsolated;

static META: RuleMeta = RuleMeta {
    id: "FT-NET-04",
    name: "ft-logging-not-isolated",
    title: "Unencrypted FT logging traffic is not on an isolated VLAN",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "For the VMkernel ports with role `FtLogging` on FT hosts: the `network` they use is `isolated` (reported once per network); an FT logging port that also has the `Management` role, or that has no `network` and sits on the `vlan` of a management port of the same host, is reported on the host.",
    why: "FT logging carries the Primary's guest memory contents, disk reads and network input in clear text; anyone who can see the traffic sees the VM's data. It belongs on a private, non-routed VLAN, never on the routed management network.",
    example: "Network `ft-log` (VLAN 30) is used by the FT logging vmk of `esx01` and `esx02` and has `isolated: false`.",
    fix: "Put FT logging on a private, non-routed VLAN of its own.",
    source: "S10",
};

impl Rule for FtNetNotIsolated {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let mut networks: BTreeMap<NetworkId, Vec<HostId>> = BTreeMap::new();
        for host_id in ctx.ft_hosts().iter().copied() {
            let Some(host) = ctx.host(host_id) else {
                continue;
            };
            for (position, vmk) in host.vmkernel_ports.iter().enumerate() {
                if !vmk.roles.contains(&VmkRole::FtLogging) {
                    continue;
                }
                if let Some(network) = vmk.network {
                    let hosts = networks.entry(network).or_default();
                    if hosts.last() != Some(&host_id) {
                        hosts.push(host_id);
                    }
                }
                let label = vmk_label(&vmk.name, position);
                let management_port = host.management_interfaces.iter().any(|interface| {
                    interface.kind == ManagementKind::Vmkernel && interface.name == vmk.name
                });
                if management_port {
                    out.add(
                        &META,
                        host_id,
                        format!(
                            "{} carries FT logging on its management port {label}; FT logging traffic is unencrypted and needs an isolated VLAN",
                            ctx.host_label(host_id)
                        ),
                    );
                    continue;
                }
                if vmk.network.is_some() {
                    continue;
                }
                let Some(vlan) = vmk.vlan else {
                    continue;
                };
                let management = host
                    .management_interfaces
                    .iter()
                    .enumerate()
                    .find(|(_, interface)| interface.vlan == Some(vlan));
                if let Some((other_position, other)) = management {
                    out.add(
                        &META,
                        host_id,
                        format!(
                            "{} carries FT logging ({label}) on VLAN {vlan}, the VLAN of its management port {}; FT logging traffic is unencrypted and needs an isolated VLAN",
                            ctx.host_label(host_id),
                            vmk_label(&other.name, other_position)
                        ),
                    );
                }
            }
        }
        for (network_id, hosts) in networks {
            let Some(network) = ctx.project.networks.get(&network_id) else {
                continue;
            };
            if network.isolated {
                continue;
            }
            out.add(
                &META,
                network_id,
                format!(
                    "{} (VLAN {}) carries FT logging for {} but is not an isolated, non-routed VLAN; FT logging traffic is unencrypted",
                    network.name,
                    network.vlan,
                    crate::rules::ft_vm::count(hosts.len(), "host")
                ),
            );
        }
    }
}
