//! EVA-07: hosts sharing a LUN reach the array through both fabrics and see the LUN under one LUN ID.

use std::collections::BTreeSet;

use super::{eva_lun, names};
use crate::model::{Array, ArrayId, FabricId, FabricSide, Host, HostId, LunId, Project};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A shared EVA LUN presented under different LUN IDs, or reached through one fabric only.
pub struct InconsistentPresentation;

static META: RuleMeta = RuleMeta {
    id: "EVA-07",
    name: "eva-inconsistent-presentation",
    title: "Hosts sharing an EVA LUN do not see it the same way through both fabrics",
    severity: Severity::Error,
    reach: Reach::Estate,
    checks: "For every EVA LUN seen by two or more hosts: every host shows it under the same `lun_number`; each such host's `fc_ports` reach the array's `ports` on the connectivity graph (through the blade's interconnect modules and their uplinks, and across sites where a link extends the SAN; zoning is STO-01's) through a fabric of side A and one of side B; the array has target ports on both sides.",
    why: "Hosts that share a VMFS LUN must see the same targets with consistent zoning: a host that reaches the array through one fabric only loses the LUN when that fabric fails, and two hosts that can reach a LUN only through different controllers bounce its ownership (path thrashing). A LUN presented under different LUN IDs is treated as a different or snapshot volume on ESX 3.5 and breaks VMFS sharing, HA and vMotion.",
    example: "`vd01` is LUN 1 on `esx01` and LUN 7 on `esx02`; `esx03` reaches `eva01` only through fabric A.",
    fix: "Fix zoning and host presentations: zone every host to the array's controller ports on both fabrics and present each Vdisk with one LUN ID to all hosts.",
    source: "S34 (remedy list)",
};

impl Rule for InconsistentPresentation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let project = ctx.project;
        // (LUN, LUN number, host) of every path to a shared EVA LUN.
        let mut numbers: Vec<(LunId, u16, HostId)> = Vec::new();
        let mut arrays_in_use: BTreeSet<ArrayId> = BTreeSet::new();
        let mut host_arrays: Vec<ArrayId> = Vec::new();
        for (&id, host) in &project.hosts {
            host_arrays.clear();
            for path in &host.lun_paths {
                if ctx.index.hosts_seeing(path.lun).len() < 2 {
                    continue;
                }
                let Some((lun, _)) = eva_lun(project, path.lun) else {
                    continue;
                };
                numbers.push((path.lun, path.lun_number, id));
                if !host_arrays.contains(&lun.array) {
                    host_arrays.push(lun.array);
                }
            }
            host_arrays.sort_unstable();
            for &array_id in &host_arrays {
                arrays_in_use.insert(array_id);
                if let Some(array) = project.arrays.get(&array_id) {
                    check_host_fabrics(ctx, out, id, host, (array_id, array));
                }
            }
        }
        for array_id in arrays_in_use {
            let Some(array) = project.arrays.get(&array_id) else {
                continue;
            };
            let sides = sides_of(project, array.ports.iter().map(|port| port.fabric));
            if array.ports.is_empty() || sides == BOTH {
                continue;
            }
            let only = match sides {
                SIDE_A => "on fabric A only",
                SIDE_B => "on fabric B only",
                _ => "on no known fabric",
            };
            out.add(
                &META,
                array_id,
                format!(
                    "{} has its {} target port{} {only}; hosts sharing its LUNs need targets on both fabrics",
                    array.name,
                    array.ports.len(),
                    if array.ports.len() == 1 { "" } else { "s" }
                ),
            );
        }
        numbers.sort_unstable();
        for group in numbers.chunk_by(|a, b| a.0 == b.0) {
            let Some(&(lun_id, first_number, _)) = group.first() else {
                continue;
            };
            if group.iter().all(|(_, number, _)| *number == first_number) {
                continue;
            }
            let Some(lun) = project.luns.get(&lun_id) else {
                continue;
            };
            let by_number: Vec<&[(LunId, u16, HostId)]> =
                group.chunk_by(|a, b| a.1 == b.1).collect();
            let parts: Vec<String> = by_number
                .iter()
                .filter_map(|hosts| {
                    let number = hosts.first()?.1;
                    let list: Vec<String> = hosts
                        .iter()
                        .map(|&(_, _, h)| project.host_name(h))
                        .collect();
                    Some(format!("LUN {number} on {}", names(&list)))
                })
                .collect();
            out.add(
                &META,
                lun_id,
                format!(
                    "{} is presented under {} LUN IDs: {}; hosts sharing a LUN must see one LUN ID",
                    lun.name,
                    by_number.len(),
                    parts.join("; ")
                ),
            );
        }
    }
}

const SIDE_A: u8 = 1;
const SIDE_B: u8 = 2;
const BOTH: u8 = SIDE_A | SIDE_B;

/// Reports a host that reaches an array through one fabric side only.
fn check_host_fabrics(
    ctx: &Context<'_>,
    out: &mut Findings,
    id: HostId,
    host: &Host,
    (array_id, array): (ArrayId, &Array),
) {
    let project = ctx.project;
    if host.fc_ports.is_empty() {
        return;
    }
    // The fabrics of array ports the host's HBAs reach on the connectivity graph (through its interconnect
    // modules, and across sites where a link extends the SAN); all its fabrics when the array's ports are not given.
    let reaching = ctx.topology().fabrics_reaching(id, array_id);
    let common = || -> Box<dyn Iterator<Item = FabricId> + '_> {
        if array.ports.is_empty() {
            Box::new(host.fc_ports.iter().map(|port| port.fabric))
        } else {
            Box::new(reaching.iter().copied())
        }
    };
    let sides = sides_of(project, common());
    if sides == BOTH {
        return;
    }
    let how = match sides {
        SIDE_A | SIDE_B => {
            let mut fabric_names: Vec<String> = common()
                .filter_map(|fabric| project.fabrics.get(&fabric))
                .map(|fabric| fabric.name.clone())
                .collect();
            fabric_names.dedup();
            format!(
                "only through fabric side {} ({})",
                if sides == SIDE_A { "A" } else { "B" },
                names(&fabric_names)
            )
        }
        _ => "through none of the fabrics its HBAs are on".to_owned(),
    };
    out.add(
        &META,
        id,
        format!(
            "{} reaches {} {how}; hosts sharing a LUN need paths through both fabrics (A and B)",
            ctx.host_label(id),
            array.name
        ),
    );
}

/// The fabric sides of a set of fabrics, as a bit mask (`SIDE_A`, `SIDE_B`).
fn sides_of(project: &Project, fabrics: impl Iterator<Item = FabricId>) -> u8 {
    fabrics
        .filter_map(|fabric| project.fabrics.get(&fabric))
        .fold(0, |mask, fabric| {
            mask | match fabric.side {
                FabricSide::A => SIDE_A,
                FabricSide::B => SIDE_B,
            }
        })
}
