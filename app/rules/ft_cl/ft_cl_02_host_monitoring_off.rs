//! FT-CL-02: HA host monitoring is what restores FT protection after a failover.

use super::{ft_clusters, ft_vm_count};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A cluster with HA on and FT VMs has HA host monitoring turned off.
pub struct FtClHostMonitoringOff;

static META: RuleMeta = RuleMeta {
    id: "FT-CL-02",
    name: "ft-cluster-host-monitoring-off",
    title: "HA host monitoring is off in a cluster holding FT VMs",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "Every cluster holding a VM with FT on or planned, with `ha.enabled`, has `ha.host_monitoring = true`. Clusters with HA off are left to FT-CL-01.",
    why: "FT relies on HA host monitoring to notice a failed host: without it, after a failover the surviving Primary runs unprotected because no new Secondary is spawned.",
    example: "Cluster `prod` has `ha: (enabled: true, host_monitoring: false)` and holds the FT VM `sql01`.",
    fix: "Enable HA host monitoring, else after a failover no new Secondary is spawned and protection is not restored.",
    source: "S01 vSphere 4.x Availability, FT prerequisites",
};

impl Rule for FtClHostMonitoringOff {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (cluster_id, (cluster, vms)) in ft_clusters(ctx) {
            if !cluster.ha.enabled || cluster.ha.host_monitoring {
                continue;
            }
            out.add(
                &META,
                cluster_id,
                format!(
                    "{} has HA host monitoring off and holds {}; after a host failure no new Secondary is created",
                    cluster.name,
                    ft_vm_count(vms.len())
                ),
            );
        }
    }
}
