//! VC-11: a VC-FC module connects to one fabric (odd bays A, even bays B) through NPIV-enabled switch ports.

use std::collections::BTreeSet;

use super::join_and;
use crate::model::{FabricId, FabricSide, ModuleKind};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A VC-FC module cabled to two fabrics, to the wrong fabric side, or to a switch without NPIV.
pub struct VcFcUplinksMiscabled;

static META: RuleMeta = RuleMeta {
    id: "VC-11",
    name: "vc-fc-uplinks-miscabled",
    title: "A VC-FC module's uplinks reach more than one fabric, the wrong fabric, or switches without NPIV",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every `VcFc` interconnect: the `fabric` of all its `fc_uplinks` switches is one fabric; that fabric's `side` is A for odd bays (3, 5, 7) and B for even bays (4, 6, 8); every uplink switch has `npiv: true`.",
    why: "A VC-FC module is an N_Port aggregator, not a switch or a load balancer: it logs the blades' HBAs in through NPIV on the upstream switch port and must face exactly one fabric. Mezzanine port 1 lands in bay 3 (fabric A) and port 2 in bay 4 (fabric B); two modules on one fabric leave the hosts with a single fabric, and a switch port without NPIV refuses the logins. Losing an uplink only fails the HBA logins over to the module's other uplinks.",
    example: "`enc1` bay 3 has uplinks to `brocade-a1` (fabric A) and `brocade-b1` (fabric B).",
    fix: "Cable one module per fabric (bay 3 to fabric A, bay 4 to fabric B) and enable NPIV on the Brocade/Cisco edge ports.",
    source: "S45; vinf.net 2008",
};

impl Rule for VcFcUplinksMiscabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let project = ctx.project;
        for (&id, enclosure) in &project.enclosures {
            for (&bay, module) in &enclosure.interconnects {
                if module.kind != ModuleKind::VcFc || module.fc_uplinks.is_empty() {
                    continue;
                }
                let fabrics: BTreeSet<FabricId> = module
                    .fc_uplinks
                    .iter()
                    .filter_map(|switch| project.fc_switches.get(switch))
                    .map(|switch| switch.fabric)
                    .collect();
                let fabric_name = |fabric: &FabricId| {
                    project
                        .fabrics
                        .get(fabric)
                        .map_or_else(|| fabric.to_string(), |f| f.name.clone())
                };
                if fabrics.len() > 1 {
                    let names: Vec<String> = fabrics.iter().map(fabric_name).collect();
                    out.add(
                        &META,
                        id,
                        format!(
                            "{} bay {bay} VC-FC uplinks reach {} fabrics ({}); a VC-FC module connects to one fabric",
                            enclosure.name,
                            fabrics.len(),
                            join_and(&names)
                        ),
                    );
                } else if let Some(fabric) = fabrics.first()
                    && let Some(side) = project.fabrics.get(fabric).map(|f| f.side)
                {
                    let expected = if bay % 2 == 1 {
                        FabricSide::A
                    } else {
                        FabricSide::B
                    };
                    if side != expected {
                        out.add(
                            &META,
                            id,
                            format!(
                                "{} bay {bay} VC-FC uplinks reach {} (fabric side {}); bay {bay} belongs on side {} (odd bays A, even bays B)",
                                enclosure.name,
                                fabric_name(fabric),
                                side_label(side),
                                side_label(expected)
                            ),
                        );
                    }
                }
                let no_npiv: Vec<String> = module
                    .fc_uplinks
                    .iter()
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .filter_map(|switch| project.fc_switches.get(switch))
                    .filter(|switch| !switch.npiv)
                    .map(|switch| switch.name.clone())
                    .collect();
                if !no_npiv.is_empty() {
                    out.add(
                        &META,
                        id,
                        format!(
                            "{} bay {bay} VC-FC uplinks reach {} without NPIV; the module logs HBAs in through NPIV on the switch port",
                            enclosure.name,
                            join_and(&no_npiv)
                        ),
                    );
                }
            }
        }
    }
}

fn side_label(side: FabricSide) -> &'static str {
    match side {
        FabricSide::A => "A",
        FabricSide::B => "B",
    }
}
