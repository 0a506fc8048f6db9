//! FT-CL-07: an FT VM's datastores and port groups must be visible from every host that can run the pair.

use std::collections::BTreeSet;

use super::name_list;
use crate::model::{DatastoreId, HostId, LunId, NetworkId};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A datastore, RDM LUN or network of an FT VM is missing on a host that may run its Primary or Secondary.
pub struct FtClStorageNetworkNotShared;

static META: RuleMeta = RuleMeta {
    id: "FT-CL-07",
    name: "ft-storage-network-not-shared",
    title: "An FT VM's datastore or port group is not visible from every host that can run the pair",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every VM with FT on or planned, each datastore of its disks (`disks[].datastore`), each RDM LUN (`disks[].rdm_lun`) and each network of its vNICs (`nics[].network`) is reachable from every host that may run the Primary or the Secondary: the hosts of its cluster plus the Primary's and Secondary's hosts. Networks are checked only when the plan models virtual switches.",
    why: "The Secondary runs on another host against the same virtual disks and the same port groups; after a failover HA creates a new Secondary on any host of the cluster. A host that does not see a datastore or lacks a port group cannot carry the Secondary, so protection is lost or never starts.",
    example: "`sql01` (FT) keeps its disk on datastore `ds02`, whose LUN is presented to `esx01` and `esx02` but not to `esx03` in the same cluster.",
    fix: "Zone and present the LUNs to all cluster hosts on both fabrics, and give every host the same port-group names.",
    source: "S01 vSphere 4.x Availability, FT prerequisites",
};

impl Rule for FtClStorageNetworkNotShared {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let networks_modelled = !ctx.project.vswitches.is_empty();
        for (id, vm) in ctx.ft_vms() {
            let mut hosts: BTreeSet<HostId> = ctx.hosts_for_vm(vm).iter().copied().collect();
            hosts.extend(vm.host);
            hosts.extend(vm.ft_secondary_host());
            if hosts.is_empty() {
                continue;
            }
            let datastores: BTreeSet<DatastoreId> =
                vm.disks.iter().filter_map(|disk| disk.datastore).collect();
            let luns: BTreeSet<LunId> = vm.disks.iter().filter_map(|disk| disk.rdm_lun).collect();
            let networks: BTreeSet<NetworkId> = if networks_modelled {
                vm.nics.iter().map(|nic| nic.network).collect()
            } else {
                BTreeSet::new()
            };
            let mut report = |what: String, missing: Vec<HostId>| {
                if missing.is_empty() {
                    return;
                }
                out.add(
                    &META,
                    id,
                    format!(
                        "{}'s {what} is not visible from {} of the {} hosts that may run its Primary or Secondary ({})",
                        vm.name,
                        missing.len(),
                        hosts.len(),
                        name_list(missing.iter().map(|&host| ctx.project.host_name(host)))
                    ),
                );
            };
            for datastore in datastores {
                let missing = hosts
                    .iter()
                    .copied()
                    .filter(|&host| !ctx.index.host_sees_datastore(host, datastore))
                    .collect();
                let name = ctx
                    .project
                    .datastores
                    .get(&datastore)
                    .map_or_else(|| datastore.to_string(), |d| d.name.clone());
                report(format!("datastore {name}"), missing);
            }
            for lun in luns {
                let seeing = ctx.index.hosts_seeing(lun);
                let missing = hosts
                    .iter()
                    .copied()
                    .filter(|host| !seeing.contains(host))
                    .collect();
                let name = ctx
                    .project
                    .luns
                    .get(&lun)
                    .map_or_else(|| lun.to_string(), |l| l.name.clone());
                report(format!("RDM LUN {name}"), missing);
            }
            for network in networks {
                let missing = hosts
                    .iter()
                    .copied()
                    .filter(|&host| !ctx.index.host_has_network(host, network))
                    .collect();
                let name = ctx
                    .project
                    .networks
                    .get(&network)
                    .map_or_else(|| network.to_string(), |n| n.name.clone());
                report(format!("port group {name}"), missing);
            }
        }
    }
}
