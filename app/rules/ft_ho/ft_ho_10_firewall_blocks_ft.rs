//! FT-HO-10: a firewall between FT hosts must pass the FT logging ports.

use std::collections::BTreeMap;

use crate::model::ClusterId;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// The packet filter between the hosts of a cluster with FT VMs blocks TCP or UDP 8100/8200.
pub struct FtHoFirewallBlocksFt;

static META: RuleMeta = RuleMeta {
    id: "FT-HO-10",
    name: "ft-firewall-blocks-ft-ports",
    title: "A firewall between FT hosts blocks the FT ports 8100/8200",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "In every cluster holding a VM with FT on or planned, when a packet filter sits between the hosts (`inter_host_firewall` set; none means nothing filters), it passes TCP 8100 and 8200 outbound (`ft_tcp_8100_8200`) and UDP 8100 and 8200 inbound and outbound (`ft_udp_8100_8200`).",
    why: "The Primary and the Secondary talk over TCP and UDP ports 8100 and 8200 between their hosts; a filter that drops them stops the Secondary from starting or breaks FT logging, leaving the VM unprotected.",
    example: "Cluster `prod` holds the FT VM `sql01` and has `inter_host_firewall: (ft_tcp_8100_8200: true, ft_udp_8100_8200: false)`.",
    fix: "Open TCP 8100/8200 outbound and UDP 8100/8200 in both directions on any filter between the hosts.",
    source: "S08 vmwarearena, ESX host requirements item 12 (direction per catalogue section 7)",
};

impl Rule for FtHoFirewallBlocksFt {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let mut ft_vms: BTreeMap<ClusterId, usize> = BTreeMap::new();
        for (_, vm) in ctx.ft_vms() {
            if let Some(cluster) = vm.cluster {
                *ft_vms.entry(cluster).or_default() += 1;
            }
        }
        for (id, count) in ft_vms {
            let Some(cluster) = ctx.cluster(id) else {
                continue;
            };
            let Some(firewall) = &cluster.inter_host_firewall else {
                continue;
            };
            let blocked = match (firewall.ft_tcp_8100_8200, firewall.ft_udp_8100_8200) {
                (true, true) => continue,
                (false, true) => "TCP 8100/8200 outbound",
                (true, false) => "UDP 8100/8200 in both directions",
                (false, false) => "TCP 8100/8200 outbound or UDP 8100/8200 in both directions",
            };
            out.add(
                &META,
                id,
                format!(
                    "{} holds {count} FT VM{} but the firewall between its hosts does not pass {blocked}; FT needs both",
                    cluster.name,
                    if count == 1 { "" } else { "s" }
                ),
            );
        }
    }
}
