//! CAP-04: an HA cluster on blades keeps its HA primaries out of a single c7000 enclosure.

use std::collections::BTreeMap;

use crate::model::EnclosureId;
use crate::refdata::LimitItem;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity, number};

/// An HA cluster with too many hosts, or all its HA primaries, in one c7000 enclosure.
pub struct CapHaHostsInOneEnclosure;

static META: RuleMeta = RuleMeta {
    id: "CAP-04",
    name: "ha-primaries-in-one-enclosure",
    title: "An HA cluster puts too many hosts, or all its HA primaries, in one blade enclosure",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every cluster with `ha.enabled`, counting its blades per c7000 enclosure (rack servers are not counted): \
             no enclosure holds more than `HaHostsPerEnclosure` (4) hosts of the cluster, and the first `HaPrimaries` (5) \
             hosts of the cluster (lowest host IDs, standing for the first hosts added) are not all in one enclosure \
             while other hosts of the cluster sit outside it. One finding per cluster and enclosure.",
    why: "vSphere 4 HA (AAM) elects at most 5 primary nodes, the first hosts added to the cluster, and only a primary \
          can coordinate a restart. If every primary sits in one c7000 enclosure, losing that enclosure (power, \
          midplane, OA/VC firmware update) loses all primaries and HA restarts nothing on the surviving hosts. With at \
          most 4 hosts of a cluster per enclosure at least one primary is always elsewhere. Roles are re-elected after \
          upgrades, host removals and 'Reconfigure for HA', so the layout must hold at every stage.",
    example: "Cluster `prod` has hosts 1-6 in `enc1` (bays 1-6) and hosts 7-10 in `enc2`: `enc1` holds 6 hosts, more \
              than 4, including all 5 HA primaries.",
    fix: "Spread cluster across ≥2 enclosures, ≤4 per enclosure.",
    source: "S47 (yellow-bricks 2009, rodos 2008, Global Knowledge 2011); section 7 (primaries are the first 5 hosts added)",
};

impl Rule for CapHaHostsInOneEnclosure {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let per_enclosure_limit = ctx.limit(LimitItem::HaHostsPerEnclosure, None);
        let primaries_limit = ctx.limit(LimitItem::HaPrimaries, None);
        for (&cluster_id, cluster) in &ctx.project.clusters {
            if !cluster.ha.enabled {
                continue;
            }
            let hosts = ctx.index.hosts_of(cluster_id);
            let mut per_enclosure: BTreeMap<EnclosureId, usize> = BTreeMap::new();
            for host in hosts {
                if let Some(&enclosure) = ctx.index.host_enclosure.get(host) {
                    *per_enclosure.entry(enclosure).or_default() += 1;
                }
            }
            if per_enclosure.is_empty() {
                continue;
            }

            // The enclosure holding every HA primary, when one does.
            let primaries_enclosure = primaries_limit.and_then(|limit| {
                let take = hosts.len().min(limit as usize);
                let mut primaries = hosts.iter().take(take);
                let first = *ctx.index.host_enclosure.get(primaries.next()?)?;
                primaries
                    .all(|host| ctx.index.host_enclosure.get(host) == Some(&first))
                    .then_some((first, take))
            });

            for (&enclosure, &count) in &per_enclosure {
                let name = ctx
                    .project
                    .enclosures
                    .get(&enclosure)
                    .map_or_else(|| enclosure.to_string(), |e| e.name.clone());
                let over = per_enclosure_limit.filter(|&limit| count as f64 > limit);
                let primaries = primaries_enclosure
                    .filter(|&(holder, _)| holder == enclosure && count < hosts.len())
                    .map(|(_, take)| take);
                let message = match (over, primaries) {
                    (Some(limit), Some(take)) => format!(
                        "HA cluster {} has {count} of its {} hosts in enclosure {name}, more than {}, including all {take} HA primaries (the first hosts added)",
                        cluster.name,
                        hosts.len(),
                        number(limit)
                    ),
                    (Some(limit), None) => format!(
                        "HA cluster {} has {count} of its {} hosts in enclosure {name}; with more than {} there, HA can elect all its primaries in it",
                        cluster.name,
                        hosts.len(),
                        number(limit)
                    ),
                    (None, Some(take)) => format!(
                        "HA cluster {} has all {take} HA primaries (the first hosts added) in enclosure {name}, which holds {count} of its {} hosts",
                        cluster.name,
                        hosts.len()
                    ),
                    (None, None) => continue,
                };
                out.add(&META, cluster_id, message);
            }
        }
    }
}
