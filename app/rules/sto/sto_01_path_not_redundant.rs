//! STO-01: every host reaches every LUN it uses through both fabrics and both array controllers.

use std::collections::BTreeSet;

use crate::rules::cpu::{Sample, count};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A host reaches a LUN through one fabric or one controller only.
pub struct StoPathNotRedundant;

static META: RuleMeta = RuleMeta {
    id: "STO-01",
    name: "san-path-not-redundant",
    title: "A host reaches a LUN through one fabric or one array controller only",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every host with HBA ports (`fc_ports`) and every LUN in its `lun_paths`, the paths the connectivity graph \
             finds: each HBA port through its interconnect module (blades; the recorded `interconnect_bay`, else bay 3 \
             and 4 for mezzanine 1), the module's `fc_uplinks` to FC switches and their fabric (fabrics of one side joined \
             across sites where a site link extends the SAN) to the array's target ports, allowed by the fabric's \
             `zones` and presented by the array's `host_entries` (zoning or host entries a plan does not record allow \
             every path). Error when the paths do not include one through a fabric of side A and one through side B, \
             and one to controller A and one to controller B. One finding per host, naming the LUNs. Hosts in \
             maintenance mode during a simulated stage are skipped; a host with no path at all is STO-02 or STO-04.",
    why: "An EVA LUN is reached through two fabrics and two controllers so that a fabric, switch, VC-FC module or \
          controller can fail or be serviced (a VC firmware activation reboots one side) without the host losing its \
          storage. HP supports single-path hosts only for non-mission-critical use.",
    example: "`esx07` has both HBA ports behind VC-FC modules in bays 3 and 4, but the bay 4 module's uplinks go to a switch \
              of fabric A: every path of `esx07` to `dev-vmfs-01` runs through fabric A.",
    fix: "Zone both HBAs and present the LUN on both fabrics and both controllers; cable each VC-FC module to its own fabric.",
    source: "V39 (EVA 6400/8400 UG p.116), V40 (HP EVA + vSphere 4.x BP p.25), EVA-07",
};

impl Rule for StoPathNotRedundant {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let topology = ctx.topology();
        for (&host_id, host) in &ctx.project.hosts {
            if host.fc_ports.is_empty() || ctx.in_maintenance(host_id) {
                continue;
            }
            let mut one_fabric = Sample::default();
            let mut one_controller = Sample::default();
            let mut sides_seen = BTreeSet::new();
            let mut controllers_seen = BTreeSet::new();
            let Some(san) = topology.host_san(host_id) else {
                continue;
            };
            for path in &host.lun_paths {
                let paths = san.paths(path.lun);
                if paths.is_empty() {
                    continue;
                }
                let Some(lun) = ctx.project.luns.get(&path.lun) else {
                    continue;
                };
                // One side (or controller) when every path has the first path's: no set is built per LUN.
                let Some(first) = paths.first() else {
                    continue;
                };
                if paths.iter().all(|p| p.side == first.side) {
                    one_fabric.push(&lun.name);
                    sides_seen.insert(first.side);
                }
                if paths.iter().all(|p| p.controller == first.controller) {
                    one_controller.push(&lun.name);
                    controllers_seen.insert(first.controller);
                }
            }
            fn list<T: std::fmt::Debug>(seen: &BTreeSet<T>) -> String {
                seen.iter()
                    .map(|s| format!("{s:?}"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            }
            if one_fabric.count > 0 {
                out.add(
                    &META,
                    host_id,
                    format!(
                        "{} reaches {} ({}) through fabric side {} only; a fabric, switch or VC-FC module outage cuts its storage",
                        host.name,
                        count(one_fabric.count, "LUN"),
                        one_fabric.names(),
                        list(&sides_seen)
                    ),
                );
            }
            if one_controller.count > 0 {
                out.add(
                    &META,
                    host_id,
                    format!(
                        "{} reaches {} ({}) through controller {} only; a controller failure or upgrade cuts its storage",
                        host.name,
                        count(one_controller.count, "LUN"),
                        one_controller.names(),
                        list(&controllers_seen)
                    ),
                );
            }
        }
    }
}
