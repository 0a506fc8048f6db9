//! FD-02: when an enclosure is lost, the cluster's VMs still fit on its hosts elsewhere.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{ClusterId, HostId};
use crate::planner::capacity::cluster_capacity;
use crate::rules::{Context, Findings, Rule, RuleMeta, Severity};

/// Losing an enclosure leaves VMs of a cluster that HA cannot restart.
pub struct FdEnclosureOutageCapacity;

static META: RuleMeta = RuleMeta {
    id: "FD-02",
    name: "enclosure-outage-capacity",
    title: "Losing one enclosure leaves VMs of a cluster that the rest of the cluster cannot hold",
    severity: Severity::Warning,
    checks: "For every enclosure and every cluster with hosts in it and hosts elsewhere: take all the cluster's blades in \
             that enclosure out and compare the memory of the remaining hosts (no further failure held back) with the \
             memory demand of its powered-on VMs (CAP-01's demand: configured memory or reservation, FT VMs twice). \
             Warning when the demand is larger. A cluster wholly in one enclosure is FD-01. Checked on the design and at \
             the end of each simulated stage.",
    why: "HA restarts VMs of failed hosts on the survivors only when they have room. Admission control reserves room for \
          the failures it tolerates (usually one host), not for a whole enclosure: a c7000 outage can take several \
          hosts of a cluster at once.",
    example: "Cluster `Prod` has six of its ten 32 GB hosts in `enc1` and 200 GB of VM memory: the four hosts left hold 128 GB.",
    fix: "Spread clusters over more enclosures, or keep spare capacity for an enclosure's share of hosts.",
    source: "D (CAP-01 + V41: the enclosure is a single point of failure)",
};

impl Rule for FdEnclosureOutageCapacity {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        // A design property: checked on the design and at stage ends, not while a wave or an operation runs.
        if ctx
            .stage
            .is_some_and(|s| s.wave.is_some() || s.operation.is_some())
        {
            return;
        }
        let mut by_cluster: BTreeMap<(ClusterId, crate::model::EnclosureId), BTreeSet<HostId>> =
            BTreeMap::new();
        for (&host, &enclosure) in &ctx.index.host_enclosure {
            if let Some(cluster) = ctx.project.hosts.get(&host).and_then(|h| h.cluster) {
                by_cluster
                    .entry((cluster, enclosure))
                    .or_default()
                    .insert(host);
            }
        }
        for ((cluster, enclosure), hosts) in by_cluster {
            if hosts.len() >= ctx.index.hosts_of(cluster).len() {
                continue;
            }
            let Some(capacity) = cluster_capacity(ctx.project, ctx.index, cluster, &hosts) else {
                continue;
            };
            if capacity.fits() {
                continue;
            }
            let name = |c: ClusterId| {
                ctx.cluster(c)
                    .map_or_else(|| c.to_string(), |c| c.name.clone())
            };
            let enclosure_name = ctx
                .project
                .enclosures
                .get(&enclosure)
                .map_or_else(|| enclosure.to_string(), |e| e.name.clone());
            out.add(
                &META,
                cluster,
                format!(
                    "If enclosure {enclosure_name} is lost, cluster {} keeps {} GB on its other hosts for {} GB of powered-on VMs: {} GB of VMs cannot restart",
                    name(cluster),
                    capacity.running_mb / 1024,
                    capacity.demand_mb / 1024,
                    (capacity.demand_mb - capacity.running_mb).div_ceil(1024)
                ),
            );
        }
    }
}
