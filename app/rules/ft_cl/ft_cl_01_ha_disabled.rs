//! FT-CL-01: an FT VM needs a cluster with VMware HA turned on.

use super::{ft_clusters, ft_vm_count, name_list};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A cluster holding FT VMs has HA turned off, or an FT VM sits in no cluster.
pub struct FtClHaDisabled;

static META: RuleMeta = RuleMeta {
    id: "FT-CL-01",
    name: "ft-cluster-ha-disabled",
    title: "A VM with Fault Tolerance is not in a cluster with HA turned on",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every VM with FT on or planned (`ft`) belongs to a cluster (`vm.cluster`) whose `ha.enabled` is true (an HA-only or HA+DRS cluster).",
    why: "Legacy FT is built on VMware HA: HA restarts the Secondary and spawns a new one after a failure. vCenter refuses to turn FT on, and an FT VM cannot power on, in a cluster without HA (API reason `haNotEnabled`).",
    example: "Cluster `prod` has `ha: (enabled: false)` and holds `sql01` with `ft: (secondary_host: 2)`.",
    fix: "Enable HA on the cluster before turning on FT; FT cannot power on otherwise.",
    source: "S01 vSphere 4.x Availability, FT prerequisites; S02 vSphere 4.1 Availability, Turn On Fault Tolerance; S03 VmFaultToleranceConfigIssueReasonForIssue (`haNotEnabled`)",
};

impl Rule for FtClHaDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (id, vm) in ctx.ft_vms() {
            if vm.cluster.is_none() {
                out.add(
                    &META,
                    id,
                    format!(
                        "{} has FT on or planned but belongs to no cluster; FT needs an HA cluster",
                        vm.name
                    ),
                );
            }
        }
        for (cluster_id, (cluster, vms)) in ft_clusters(ctx) {
            if cluster.ha.enabled {
                continue;
            }
            out.add(
                &META,
                cluster_id,
                format!(
                    "{} has HA turned off and holds {} ({}); FT VMs cannot power on without HA",
                    cluster.name,
                    ft_vm_count(vms.len()),
                    name_list(vms.iter().map(|(_, vm)| vm.name.clone()))
                ),
            );
        }
    }
}
