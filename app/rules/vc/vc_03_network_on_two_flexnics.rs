//! VC-03: a network (VLAN) is presented on one FlexNIC per physical port only.

use crate::model::{FlexnicRow, NetworkId};
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
        let table = &ctx.index.flexnics;
        // (network, VLAN, FlexNIC) of every presentation on the current port.
        let mut seen: Vec<(NetworkId, u16, &FlexnicRow)> = Vec::new();
        for port in table.ports() {
            if port.len() < 2 {
                continue;
            }
            seen.clear();
            for row in port {
                for &(network, vlan) in table.networks(row) {
                    let clash = seen.iter().find(|(other, other_vlan, first)| {
                        first.letter != row.letter
                            && (*other == network || (vlan != 0 && *other_vlan == vlan))
                    });
                    let Some(&(other, _, first)) = clash else {
                        seen.push((network, vlan, row));
                        continue;
                    };
                    let (Some((nic_port, flexnic)), Some((_, first_flexnic))) =
                        (row.in_project(ctx.project), first.in_project(ctx.project))
                    else {
                        continue;
                    };
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
                        row.host,
                        format!(
                            "{} {} presents {what} on FlexNICs {} and {}; a network may use one FlexNIC per port",
                            ctx.host_label(row.host),
                            nic_port.name,
                            first_flexnic.letter,
                            flexnic.letter
                        ),
                    );
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
