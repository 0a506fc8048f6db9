//! VMO-03: a cluster's VM files and RDM LUNs are visible from every host, with one LUN ID per RDM.

use std::collections::BTreeMap;

use crate::model::{ClusterId, DatastoreId, DatastoreKind, LunId};
use crate::rules::cpu::{Grouped, VmSample, count, name_list};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// Storage of a cluster's VMs that some host of the cluster cannot reach, or an RDM LUN with differing LUN IDs.
pub struct VmoStorageNotShared;

static META: RuleMeta = RuleMeta {
    id: "VMO-03",
    name: "vmotion-storage-not-shared",
    title: "VM storage is not visible from every host of the cluster, or an RDM LUN has different LUN IDs",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every cluster: each datastore holding a disk (`disks[].datastore`) or a CD/floppy image of one of its VMs is seen by every host of the cluster (`Index::datastore_hosts`); a local datastore is reported once as unshared; each RDM LUN (`disks[].rdm_lun`) has a path on every host (`lun_paths`) and the same `lun_number` on all of them. The VM's configuration and swap file are taken to live with its disks (the model has no separate field). Templates are skipped.",
    why: "vMotion moves only the running state: disks, configuration and swap file stay where they are, so the target host must see the same datastores. An RDM is resolved by LUN identity on the target; VI3/vSphere 4 also expect the LUN presented with the same LUN number on every host (consistent EVA host presentations), otherwise the migration is refused or the mapping breaks.",
    example: "`app01` in cluster `prod` has a disk on `eva1-ds02`, which is not zoned to `esx03`; or RDM LUN `sql-data` is LUN 5 on `esx01` and LUN 7 on `esx02`.",
    fix: "Fix zoning and EVA host presentations so every host of the cluster sees the datastores on both fabrics; present RDM LUNs with one LUN number on all hosts; move VMs off local datastores.",
    source: "S16 VI3 Resource Management Guide, VMotion requirements",
};

impl Rule for VmoStorageNotShared {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        // (cluster, datastore) and (cluster, RDM LUN) -> the VMs using it, in one pass over the VMs.
        // The rows with their datastores and RDM LUNs, not the VMs themselves: far less memory to walk.
        let mut datastores: Grouped<(ClusterId, DatastoreId), VmSample> = Grouped::new();
        let mut rdms: Grouped<(ClusterId, LunId), VmSample> = Grouped::new();
        let rows = ctx.vm_rows();
        for (position, row) in rows.iter().enumerate() {
            let Some(cluster) = row.cluster else {
                continue;
            };
            if row.template {
                continue;
            }
            for &datastore in rows.datastores(position) {
                if let Some(sample) = datastores.at((cluster, datastore)) {
                    sample.push(row.id);
                }
            }
            for &lun in rows.rdm_luns(position) {
                if let Some(sample) = rdms.at((cluster, lun)) {
                    sample.push(row.id);
                }
            }
        }
        for ((cluster_id, datastore_id), vms) in datastores.into_sorted() {
            let (Some(cluster), Some(datastore)) = (
                ctx.cluster(cluster_id),
                ctx.project.datastores.get(&datastore_id),
            ) else {
                continue;
            };
            let users = format!(
                "{} of cluster {} ({})",
                count(vms.count, "VM"),
                cluster.name,
                vms.names(ctx)
            );
            if let DatastoreKind::Local { host } = datastore.kind {
                if ctx.index.hosts_of(cluster_id).len() > 1 {
                    out.add(
                        &META,
                        datastore_id,
                        format!(
                            "{} is local to {}, so {users} with files on it cannot run on any other host",
                            datastore.name,
                            ctx.project.host_name(host),
                        ),
                    );
                }
                continue;
            }
            for (host_id, _) in ctx.cluster_hosts(cluster_id) {
                if !ctx.index.host_sees_datastore(host_id, datastore_id) {
                    out.add(
                        &META,
                        host_id,
                        format!(
                            "{} does not see datastore {}; {users} with files on it cannot vMotion to this host",
                            ctx.host_label(host_id),
                            datastore.name,
                        ),
                    );
                }
            }
        }
        for ((cluster_id, lun_id), vms) in rdms.into_sorted() {
            let (Some(cluster), Some(lun)) =
                (ctx.cluster(cluster_id), ctx.project.luns.get(&lun_id))
            else {
                continue;
            };
            let mut numbers: BTreeMap<u16, Vec<&str>> = BTreeMap::new();
            for (host_id, host) in ctx.cluster_hosts(cluster_id) {
                match host.path_to(lun_id) {
                    Some(path) => numbers.entry(path.lun_number).or_default().push(&host.name),
                    None => out.add(
                        &META,
                        host_id,
                        format!(
                            "{} has no path to RDM LUN {}; {} of cluster {} ({}) mapping it cannot vMotion to this host",
                            ctx.host_label(host_id),
                            lun.name,
                            count(vms.count, "VM"),
                            cluster.name,
                            vms.names(ctx),
                        ),
                    ),
                }
            }
            if numbers.len() > 1 {
                let listing = numbers
                    .iter()
                    .map(|(number, hosts)| format!("LUN {number} on {}", name_list(hosts)))
                    .collect::<Vec<_>>()
                    .join(", ");
                out.add(
                    &META,
                    lun_id,
                    format!(
                        "{}, mapped as an RDM by {} ({}), is presented as {listing}; hosts of cluster {} must use one LUN number",
                        lun.name,
                        count(vms.count, "VM"),
                        vms.names(ctx),
                        cluster.name,
                    ),
                );
            }
        }
    }
}
