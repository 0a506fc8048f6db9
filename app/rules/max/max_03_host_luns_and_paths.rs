//! MAX-03: LUNs per host and storage paths per host stay within the maximums of the host's ESX release.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{ArrayId, FabricId, LunId, Release};
use crate::refdata::LimitItem;
use crate::rules::unknown::Unknowns;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity, number};

/// A host seeing more LUNs or more paths than its ESX release supports.
pub struct MaxHostLunsAndPaths;

static META: RuleMeta = RuleMeta {
    id: "MAX-03",
    name: "host-over-storage-maximums",
    title: "A host sees more LUNs or storage paths than its ESX release supports",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every host, with the limits of its `esx.release` (assets data): the distinct LUNs in `lun_paths` are at \
             most `LunsPerHost` (256), and its paths are at most `PathsPerHost` (1,024). The paths to one LUN are, over \
             the host's `fc_ports`, the sum of the target ports of the LUN's array on that port's fabric (zoning is \
             taken as open between a fabric's initiators and targets). A release the data has no maximum for \
             (older than its first entry) is one info finding per release naming the hosts (not in reference data).",
    why: "ESX 3.5 and 4.0 scan and claim at most 256 LUNs and 1,024 paths per host: devices beyond that are not seen \
          at all, so datastores and RDMs silently go missing on that host, and HA or vMotion to it fails for the VMs \
          that use them. With two HBAs and an EVA's four host ports per fabric each LUN costs 8 paths, so 128 LUNs \
          already reach the path limit.",
    example: "`esx01` has 2 FC ports (fabrics A and B) and sees 150 LUNs of an EVA 8100 with 4 ports per fabric: \
              1,200 paths, more than 1,024.",
    fix: "Consolidate LUNs or fabric paths.",
    source: "S48 (M); section 7 (Dell TechCenter wiki 4.0 / 4.0 U1 maximums)",
};

impl Rule for MaxHostLunsAndPaths {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        // Target ports of each array on each fabric.
        let mut targets: BTreeMap<(ArrayId, FabricId), u64> = BTreeMap::new();
        for (&array_id, array) in &ctx.project.arrays {
            for port in &array.ports {
                *targets.entry((array_id, port.fabric)).or_default() += 1;
            }
        }
        // (LUNs, paths) per host of each ESX release.
        let mut limits: BTreeMap<Release, (Option<f64>, Option<f64>)> = BTreeMap::new();
        let mut unknowns = Unknowns::new();
        for (&host_id, host) in &ctx.project.hosts {
            if host.lun_paths.is_empty() {
                continue;
            }
            let release = host.esx.release;
            let (max_luns, max_paths) = *limits.entry(release).or_insert_with(|| {
                (
                    ctx.limit(LimitItem::LunsPerHost, Some(release)),
                    ctx.limit(LimitItem::PathsPerHost, Some(release)),
                )
            });
            let missing = match (max_luns, max_paths) {
                (Some(_), Some(_)) => None,
                (None, Some(_)) => Some("LUNs-per-host"),
                (Some(_), None) => Some("paths-per-host"),
                (None, None) => Some("LUNs-per-host and paths-per-host"),
            };
            if let Some(missing) = missing {
                unknowns.note(
                    format!("the {missing} maximums of ESX {release}"),
                    host_id,
                    &host.name,
                );
            }
            let luns: BTreeSet<LunId> = host.lun_paths.iter().map(|path| path.lun).collect();
            if let Some(max) = max_luns
                && luns.len() as f64 > max
            {
                out.add(
                    &META,
                    host_id,
                    format!(
                        "{} sees {} LUNs; ESX {} supports {} per host",
                        ctx.host_label(host_id),
                        luns.len(),
                        host.esx.release,
                        number(max)
                    ),
                );
            }
            // Paths to one LUN of each array, through this host's FC ports.
            let mut per_array: BTreeMap<ArrayId, u64> = BTreeMap::new();
            let mut paths = 0_u64;
            for lun_id in &luns {
                let Some(lun) = ctx.project.luns.get(lun_id) else {
                    continue;
                };
                paths += *per_array.entry(lun.array).or_insert_with(|| {
                    host.fc_ports
                        .iter()
                        .map(|port| {
                            targets
                                .get(&(lun.array, port.fabric))
                                .copied()
                                .unwrap_or_default()
                        })
                        .sum()
                });
            }
            if let Some(max) = max_paths
                && paths as f64 > max
            {
                out.add(
                    &META,
                    host_id,
                    format!(
                        "{} has {paths} storage paths to {} LUNs over {} FC ports; ESX {} supports {} paths per host",
                        ctx.host_label(host_id),
                        luns.len(),
                        host.fc_ports.len(),
                        host.esx.release,
                        number(max)
                    ),
                );
            }
        }
        unknowns.report(&META, out, |unknown| {
            format!(
                "{}, so the storage of {} is not checked against them",
                unknown.missing(),
                unknown.names
            )
        });
    }
}
