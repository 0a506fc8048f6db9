//! VMO-05: virtual hardware 7 VMs cannot move to the ESX 3.x hosts left in their cluster.

use std::collections::BTreeMap;

use crate::model::{ClusterId, Release};
use crate::rules::cpu::name_list;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A HW v7 VM in a cluster that still has ESX 3.x hosts.
pub struct VmoHw7VmWithEsx35Hosts;

/// Virtual hardware 7 arrived with ESX 4.0; older hosts cannot run it.
const HW7: u8 = 7;
const HW7_MIN_ESX: Release = Release::new(4, 0);

static META: RuleMeta = RuleMeta {
    id: "VMO-05",
    name: "hw7-vm-in-cluster-with-esx35-hosts",
    title: "A virtual hardware 7 VM sits in a cluster that still has ESX 3.x hosts",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every cluster with hosts whose `esx.release` is below 4.0: each VM of the cluster (templates skipped) has `hw_version` below 7. VMs using VMI or enhanced vmxnet that were created on ESX 4 (can move to 3.x only powered off) are not checked: the model does not record where a VM was created.",
    why: "Virtual hardware version 7 exists only on ESX 4.0 and later. A HW v7 VM cannot be vMotioned, restarted by HA or placed by DRS on an ESX 3.5 host, so in a mixed cluster during a rolling upgrade the VM's failover targets shrink to the upgraded hosts. HW v4 VMs move freely between 3.5 and 4.0.",
    example: "`app01` (`hw_version: 7`) is in cluster `prod`, where `esx05` and `esx06` still run ESX 3.5 U4.",
    fix: "Keep VMs at hardware version 4 until every host of the cluster (and any LDVM partner) runs ESX 4.0, then upgrade Tools and hardware.",
    source: "S27 vSphere 4.1 Upgrade (VMs created on ESX 4.x), S28 Performance Best Practices for vSphere 4.0 p.18",
};

impl Rule for VmoHw7VmWithEsx35Hosts {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        // Clusters with hosts below ESX 4.0, with those hosts named for the message.
        let mut mixed: BTreeMap<ClusterId, String> = BTreeMap::new();
        for (&cluster_id, cluster) in &ctx.project.clusters {
            let old: Vec<&str> = ctx
                .cluster_hosts(cluster_id)
                .filter(|(_, host)| host.esx.release < HW7_MIN_ESX)
                .map(|(_, host)| host.name.as_str())
                .collect();
            if !old.is_empty() {
                mixed.insert(
                    cluster_id,
                    format!(
                        "ESX 3.x hosts of cluster {} ({})",
                        cluster.name,
                        name_list(&old)
                    ),
                );
            }
        }
        if mixed.is_empty() {
            return;
        }
        // The VMs' rows, not the VMs: at ten halls a walk through every VM's memory costs more than the rule.
        for row in ctx.vm_rows().iter() {
            if row.template || !row.hardware_at_least(HW7) {
                continue;
            }
            let Some(hosts) = row.cluster.and_then(|cluster| mixed.get(&cluster)) else {
                continue;
            };
            let (vm_id, Some(vm)) = (row.id, ctx.vm(row.id)) else {
                continue;
            };
            out.add(
                &META,
                vm_id,
                format!(
                    "{} has virtual hardware {}, so it cannot vMotion to or restart on the {hosts}",
                    vm.name,
                    vm.hardware_text(),
                ),
            );
        }
    }
}
