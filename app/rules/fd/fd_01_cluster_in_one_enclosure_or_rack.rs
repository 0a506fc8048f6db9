//! FD-01: a cluster's hosts do not all sit in one enclosure or one rack.

use std::collections::BTreeSet;

use crate::model::{Placement, RackId};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// Every host of a cluster in one enclosure, or in one rack.
pub struct FdClusterInOneEnclosureOrRack;

static META: RuleMeta = RuleMeta {
    id: "FD-01",
    name: "cluster-in-one-enclosure-or-rack",
    title: "Every host of a cluster sits in one blade enclosure or one rack",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "For every cluster of two or more hosts: all its hosts are blades of one enclosure; or, when the rack of every \
             host is known (a blade's enclosure `rack`, a rack server's `rack`), all sit in one rack. One finding per \
             cluster; the enclosure case is reported when both hold.",
    why: "An enclosure (midplane, Onboard Administrator, both VC modules) and a rack (power, top-of-rack cabling) are \
          single points of failure: losing one stops every host of the cluster at once, and HA has nowhere to restart \
          the VMs. Planned enclosure-wide work (VC domain recreation, firmware activated on both sides) is the same \
          outage.",
    example: "Cluster `Dev` has its four hosts `esx07`-`esx10` in `enc2` bays 1-4.",
    fix: "Spread the cluster over two or more enclosures and racks (CAP-04 covers the HA primaries).",
    source: "V41 (HP BladeSystem + Serviceguard BP, 2010, p.20: the enclosure is a single point of failure)",
};

impl Rule for FdClusterInOneEnclosureOrRack {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&cluster_id, cluster) in &ctx.project.clusters {
            let hosts = ctx.index.hosts_of(cluster_id);
            if hosts.len() < 2 {
                continue;
            }
            let enclosures: BTreeSet<_> = hosts
                .iter()
                .map(|h| ctx.index.host_enclosure.get(h).copied())
                .collect();
            if enclosures.len() == 1
                && let Some(Some(enclosure)) = enclosures.first()
            {
                let name = ctx
                    .project
                    .enclosures
                    .get(enclosure)
                    .map_or_else(|| enclosure.to_string(), |e| e.name.clone());
                out.add(
                    &META,
                    cluster_id,
                    format!(
                        "{} of cluster {} are blades of enclosure {name}: losing or servicing it stops the whole cluster",
                        every_host(hosts.len()),
                        cluster.name
                    ),
                );
                continue;
            }
            let racks: Vec<Option<RackId>> = hosts
                .iter()
                .filter_map(|h| ctx.project.hosts.get(h))
                .map(|h| match h.placement {
                    Placement::Blade { enclosure, .. } => {
                        ctx.project.enclosures.get(&enclosure).and_then(|e| e.rack)
                    }
                    Placement::RackServer { rack, .. } => rack,
                })
                .collect();
            let distinct: BTreeSet<_> = racks.iter().collect();
            if racks.iter().all(Option::is_some)
                && distinct.len() == 1
                && let Some(Some(rack)) = distinct.first()
            {
                let name = ctx
                    .project
                    .racks
                    .get(rack)
                    .map_or_else(|| rack.to_string(), |r| r.name.clone());
                out.add(
                    &META,
                    cluster_id,
                    format!(
                        "{} of cluster {} sit in rack {name}: a rack power or cabling fault stops the whole cluster",
                        every_host(hosts.len()),
                        cluster.name
                    ),
                );
            }
        }
    }
}

/// "Both hosts", "All 4 hosts".
fn every_host(count: usize) -> String {
    if count == 2 {
        "Both hosts".to_owned()
    } else {
        format!("All {count} hosts")
    }
}
