//! FT-NET-06: NFS datastores of FT VMs belong on a dedicated NAS with at least a 1 Gb NIC.

use std::collections::BTreeMap;

use crate::model::{DatastoreId, DatastoreKind};
use crate::refdata::LimitItem;
use crate::rules::ft_vm::{count, join};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity, number};

/// An NFS datastore holding FT VM disks on a shared NAS or behind a slow NIC.
pub struct FtNetNfsNotDedicated;

/// VM names a message lists before it summarises the rest.
const NAMES_SHOWN: usize = 3;

static META: RuleMeta = RuleMeta {
    id: "FT-NET-06",
    name: "ft-nfs-datastore-not-dedicated",
    title: "An NFS datastore holding FT VMs is on a shared NAS or behind a NIC slower than 1 Gb/s",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "Every `Nfs` datastore holding a disk of an FT VM has `dedicated: true` and `nic_mbps` of at least `FtNasMinMbps` (1000); a `nic_mbps` of 0 means not given and is not checked.",
    why: "Disk reads of an FT VM are served to the Primary and shipped to the Secondary over FT logging; a NAS shared with other workloads or behind a slow NIC adds latency that the protected VM feels directly. VMware recommends NFS storage for FT VMs on a dedicated NAS reached over at least 1 GbE.",
    example: "Datastore `nfs01` is `Nfs(server: \"filer1\", nic_mbps: 1000, dedicated: false)` and holds the disk of FT VM `app01`.",
    fix: "Put FT VMs' NFS datastores on a dedicated NAS reached over at least 1 GbE, or move them to VMFS on the SAN.",
    source: "S09",
};

impl Rule for FtNetNfsNotDedicated {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let mut holders: BTreeMap<DatastoreId, Vec<&str>> = BTreeMap::new();
        for (_, vm) in ctx.ft_vms() {
            for datastore_id in vm.disks.iter().filter_map(|disk| disk.datastore) {
                let Some(datastore) = ctx.project.datastores.get(&datastore_id) else {
                    continue;
                };
                if !matches!(datastore.kind, DatastoreKind::Nfs { .. }) {
                    continue;
                }
                let names = holders.entry(datastore_id).or_default();
                if names.last() != Some(&vm.name.as_str()) {
                    names.push(&vm.name);
                }
            }
        }
        if holders.is_empty() {
            return;
        }
        let Some(min) = ctx.limit(LimitItem::FtNasMinMbps, None) else {
            return;
        };
        for (datastore_id, names) in holders {
            let Some(datastore) = ctx.project.datastores.get(&datastore_id) else {
                continue;
            };
            let DatastoreKind::Nfs {
                server,
                nic_mbps,
                dedicated,
                ..
            } = &datastore.kind
            else {
                continue;
            };
            let mut problems = Vec::new();
            if !dedicated {
                problems.push(format!("NAS {server} is not dedicated to VM storage"));
            }
            if *nic_mbps > 0 && f64::from(*nic_mbps) < min {
                problems.push(format!("its NIC runs at {nic_mbps} Mb/s"));
            }
            if problems.is_empty() {
                continue;
            }
            let mut shown: Vec<String> = names
                .iter()
                .take(NAMES_SHOWN)
                .map(|name| (*name).to_owned())
                .collect();
            if names.len() > NAMES_SHOWN {
                shown.push(format!("{} more", names.len() - NAMES_SHOWN));
            }
            out.add(
                &META,
                datastore_id,
                format!(
                    "{} holds disks of {} ({}) but {}; FT VMs want a dedicated NAS with at least {} Mb/s",
                    datastore.name,
                    count(names.len(), "FT VM"),
                    join(&shown),
                    join(&problems),
                    number(min)
                ),
            );
        }
    }
}
