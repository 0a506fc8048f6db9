//! VC-03: a network (VLAN) is presented on one FlexNIC per physical port only.

use crate::model::NetworkId;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A network or VLAN presented on two FlexNICs of the same physical port.
pub struct NetworkOnTwoFlexnics;

static META: RuleMeta = RuleMeta {
    id: "VC-03",
    name: "network-on-two-flexnics",
    title: "A network is presented on two FlexNICs of the same physical port",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Per physical NIC port: no network in `flexnics[].networks` appears on two FlexNICs, and no VLAN ID (other than 0) is carried by two FlexNICs through different network objects.",
    why: "Virtual Connect maps each network to one FlexNIC per physical LOM port; it refuses a server profile that presents the same VLAN twice on one port, so the profile cannot be applied as designed.",
    example: "`esx03` LOM1 has network `prod-web` (VLAN 100) on FlexNICs a and d.",
    fix: "Use one FlexNIC per network per port; put the second copy on the other LOM for redundancy.",
    source: "S40; Lowe, 9 Jul 2009; vmote.net",
};

impl Rule for NetworkOnTwoFlexnics {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        // (network, VLAN, FlexNIC letter) of every presentation on the current port.
        let mut seen: Vec<(NetworkId, u16, &str)> = Vec::new();
        for (&id, host) in &ctx.project.hosts {
            for port in &host.nic_ports {
                if port.flexnics.len() < 2 {
                    continue;
                }
                seen.clear();
                for flexnic in &port.flexnics {
                    for &network in &flexnic.networks {
                        let vlan = ctx.project.networks.get(&network).map_or(0, |n| n.vlan);
                        let clash = seen.iter().find(|(other, other_vlan, letter)| {
                            *letter != flexnic.letter
                                && (*other == network || (vlan != 0 && *other_vlan == vlan))
                        });
                        if let Some(&(other, _, letter)) = clash {
                            let name = network_name(ctx, network);
                            let what = if other == network {
                                format!("network {name} (VLAN {vlan})")
                            } else {
                                format!(
                                    "VLAN {vlan} (networks {} and {name})",
                                    network_name(ctx, other)
                                )
                            };
                            out.add(
                                &META,
                                id,
                                format!(
                                    "{} {} presents {what} on FlexNICs {letter} and {}; a network may use one FlexNIC per port",
                                    ctx.host_label(id),
                                    port.name,
                                    flexnic.letter
                                ),
                            );
                        } else {
                            seen.push((network, vlan, &flexnic.letter));
                        }
                    }
                }
            }
        }
    }
}

fn network_name(ctx: &Context<'_>, network: NetworkId) -> String {
    ctx.project
        .networks
        .get(&network)
        .map_or_else(|| network.to_string(), |n| n.name.clone())
}
