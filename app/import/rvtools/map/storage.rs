//! Storage: datastores from vDatastore (identity by URL, capacity and free space), arrays, LUNs and paths from
//! vMultiPath, and local controllers as local storage.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{Mapper, mb_to_gb, text};
use crate::import::rvtools::columns::{VDatastore, VMultiPath};
use crate::import::rvtools::hardware::{self};
use crate::import::rvtools::workbook::Row;
use crate::model::{
    Array, ArrayId, Datastore, DatastoreId, DatastoreKind, HostId, Lun, LunId, LunPath, PathPolicy,
    Placement, SiteId, VmId,
};

impl Mapper<'_> {
    /// A new datastore of that name (VMFS until its row says otherwise).
    fn new_datastore(&mut self, name: &str) -> DatastoreId {
        let id = DatastoreId(self.project.datastores.len() as u32 + 1);
        self.project.datastores.insert(
            id,
            Datastore {
                name: name.to_owned(),
                kind: DatastoreKind::Vmfs { luns: Vec::new() },
                block_mb: None,
                ..Datastore::default()
            },
        );
        self.datastores.entry(name.to_owned()).or_default().push(id);
        id
    }

    /// The datastore a disk or path names, seen from a host at a site: the one of that name, or where several
    /// datastores share the name, the one that host mounts (every host's own `datastore1`), else the one mounted
    /// at that site (one per datacenter); a name vDatastore lacks becomes a datastore of its own.
    pub(super) fn datastore(
        &mut self,
        name: &str,
        host: Option<HostId>,
        site: Option<SiteId>,
    ) -> DatastoreId {
        let candidates = self.datastores.get(name).cloned().unwrap_or_default();
        match candidates.as_slice() {
            [] => self.new_datastore(name),
            [only] => *only,
            [first, ..] => {
                let on_host = host.and_then(|host| {
                    let mut mounting = candidates.iter().filter(|id| {
                        self.datastore_hosts
                            .get(id)
                            .is_some_and(|hosts| hosts.contains(&host))
                    });
                    match (mounting.next(), mounting.next()) {
                        (Some(id), None) => Some(*id),
                        _ => None,
                    }
                });
                let found = on_host.or_else(|| {
                    let site = site?;
                    let mut mounted = candidates.iter().filter(|id| {
                        self.datastore_sites
                            .get(id)
                            .is_some_and(|sites| sites.contains(&site))
                    });
                    match (mounted.next(), mounted.next()) {
                        (Some(id), None) => Some(*id),
                        _ => None,
                    }
                });
                found.unwrap_or_else(|| {
                    let first = *first;
                    self.report.guess(
                        "vm.disks.datastore, datastore.luns",
                        "the first datastore of the name",
                        "several datastores share the name and neither the host nor the site tells them apart",
                        || name.to_owned(),
                    );
                    first
                })
            }
        }
    }

    /// The site of a host, if placed.
    fn host_site(&self, id: HostId) -> Option<SiteId> {
        match self.project.hosts.get(&id).map(|host| &host.placement) {
            Some(Placement::RackServer { site, .. }) => Some(*site),
            _ => None,
        }
    }

    /// The site of a VM: its host's, else its cluster's datacenter.
    pub(super) fn vm_site(&self, id: VmId) -> Option<SiteId> {
        let vm = self.project.vms.get(&id)?;
        vm.host.and_then(|host| self.host_site(host)).or_else(|| {
            let cluster = self.project.clusters.get(&vm.cluster?)?;
            self.sites.get(&cluster.datacenter).copied()
        })
    }

    pub(super) fn datastores_tab(&mut self) {
        let book = self.book;
        let Some(tab) = book.tab("vDatastore") else {
            return;
        };
        if !self.require(
            tab,
            VDatastore::Name,
            "a datastore row without a name cannot be used",
        ) {
            return;
        }
        let mut rows: Vec<(&Row, String)> = Vec::new();
        for row in &tab.rows {
            match text(row, VDatastore::Name) {
                Some(name) => rows.push((row, name.into_owned())),
                None => self
                    .report
                    .skip("vDatastore", row.number, "no datastore name"),
            }
        }
        rows.sort_by(|a, b| (&a.1, a.0.number).cmp(&(&b.1, b.0.number)));
        for (row, name) in rows {
            // The hosts mounting it give its sites, which tell apart datastores of one name.
            let mounted_on: Vec<HostId> = text(row, VDatastore::Hosts)
                .map(|hosts| {
                    hosts
                        .split(',')
                        .filter_map(|h| self.hosts.get(&h.trim().to_lowercase()).copied())
                        .collect()
                })
                .unwrap_or_default();
            let mut sites: BTreeSet<SiteId> = mounted_on
                .iter()
                .filter_map(|host| self.host_site(*host))
                .collect();
            let datacenter = text(row, VDatastore::Datacenter).map(Cow::into_owned);
            sites.extend(
                datacenter
                    .as_deref()
                    .and_then(|datacenter| self.sites.get(datacenter).copied()),
            );
            // A datastore is its URL; without one, its name in its datacenter, and on its host when only one
            // host mounts it (every host's own `datastore1`).
            let key = match text(row, VDatastore::Url) {
                Some(url) => format!("url {}", url.trim_end_matches('/').to_lowercase()),
                None => {
                    let place = datacenter.clone().unwrap_or_else(|| {
                        let names: Vec<String> =
                            sites.iter().map(|site| site.0.to_string()).collect();
                        names.join(",")
                    });
                    match mounted_on.as_slice() {
                        [host] => format!("name {place}/{name} on host {}", host.0),
                        _ => format!("name {place}/{name}"),
                    }
                }
            };
            if let Some(first) = self.datastore_keys.get(&key) {
                let first = self
                    .project
                    .datastores
                    .get(first)
                    .map_or("", |d| d.name.as_str());
                self.report.skip(
                    "vDatastore",
                    row.number,
                    format!(
                        "datastore `{name}` appears twice (the same URL, or the same name in one datacenter as `{first}`); the first row is kept"
                    ),
                );
                continue;
            }
            let id = self.new_datastore(&name);
            self.datastore_keys.insert(key, id);
            self.datastore_sites.insert(id, sites);
            self.datastore_hosts
                .insert(id, mounted_on.iter().copied().collect());
            let mut sizes = [None; 3];
            for (size, (column, field)) in sizes.iter_mut().zip([
                (VDatastore::Capacity, "datastore.capacity_gb"),
                (VDatastore::Free, "datastore.free_gb"),
                (VDatastore::Provisioned, "datastore.provisioned_gb"),
            ]) {
                *size = self
                    .number("vDatastore", row, column, field, &name)
                    .map(mb_to_gb);
            }
            if let Some(datastore) = self.project.datastores.get_mut(&id) {
                [
                    datastore.capacity_gb,
                    datastore.free_gb,
                    datastore.provisioned_gb,
                ] = sizes;
            }
            let kind = text(row, VDatastore::Type)
                .map(|t| t.to_ascii_lowercase())
                .unwrap_or_default();
            if kind.starts_with("nfs") {
                let server = text(row, VDatastore::Address)
                    .or_else(|| text(row, VDatastore::Url))
                    .map(Cow::into_owned)
                    .unwrap_or_default();
                self.report.guess(
                    "datastore.kind.nic_mbps",
                    "0",
                    "RVTools does not say which NIC reaches the NAS",
                    || name.clone(),
                );
                if let Some(datastore) = self.project.datastores.get_mut(&id) {
                    datastore.kind = DatastoreKind::Nfs {
                        server,
                        nic_mbps: 0,
                        dedicated: false,
                        mounted_on,
                    };
                }
            } else if !kind.is_empty() && kind != "vmfs" {
                self.report.guess(
                    "datastore.kind",
                    "Vmfs",
                    format!("dcplan has no `{kind}` datastores"),
                    || name.clone(),
                );
            }
        }
    }

    /// A LUN whose size vMultiPath does not give takes its datastore's capacity when it is the datastore's only
    /// extent; else it stays 0 (unknown), listed in the report.
    pub(super) fn lun_sizes_from_datastores(&mut self) {
        let mut sizes: Vec<(LunId, u32)> = Vec::new();
        for datastore in self.project.datastores.values() {
            if let (DatastoreKind::Vmfs { luns }, Some(capacity)) =
                (&datastore.kind, datastore.capacity_gb)
                && let [lun] = luns.as_slice()
            {
                sizes.push((*lun, capacity));
            }
        }
        for (id, capacity) in sizes {
            if let Some(lun) = self.project.luns.get_mut(&id)
                && lun.size_gb == 0
            {
                lun.size_gb = capacity;
            }
        }
        for lun in self.project.luns.values() {
            if lun.size_gb == 0 {
                self.report.unknown(
                    "lun.size_gb",
                    "neither vMultiPath nor a one-extent datastore's vDatastore row gives it (0 in the plan)",
                );
            }
        }
    }

    pub(super) fn multipath(&mut self) {
        const TAB: &str = "vMultiPath";
        let book = self.book;
        let Some(tab) = book.tab(TAB) else {
            return;
        };
        if !self.require(
            tab,
            VMultiPath::Host,
            "a row without a host cannot be placed",
        ) || !self.require(
            tab,
            VMultiPath::Disk,
            "a row without a LUN name cannot be used",
        ) {
            return;
        }
        let mut arrays: BTreeMap<String, ArrayId> = BTreeMap::new();
        let mut luns: BTreeMap<String, LunId> = BTreeMap::new();
        // Local controllers seen: controller -> (disks, hosts).
        let mut local: BTreeMap<&'static str, (u32, BTreeSet<HostId>)> = BTreeMap::new();
        for row in &tab.rows {
            let Some(host_id) = self.host_in(TAB, row, text(row, VMultiPath::Host)) else {
                continue;
            };
            let Some(disk) = text(row, VMultiPath::Disk).map(Cow::into_owned) else {
                self.report.skip(TAB, row.number, "no LUN (Disk) name");
                continue;
            };
            let vendor = text(row, VMultiPath::Vendor).unwrap_or_default();
            let model = text(row, VMultiPath::Model).unwrap_or_default();
            let display = text(row, VMultiPath::DisplayName).unwrap_or_default();
            if let Some(controller) = local_controller(&vendor, &model, &disk, &display) {
                self.local_disk(row, host_id, controller, &mut local);
                continue;
            }
            let host_name = self.project.host_name(host_id);
            let example = || format!("{host_name} {disk} (vMultiPath row {})", row.number);
            let lun = match luns.get(&disk) {
                Some(id) => *id,
                None => {
                    let vendor = text(row, VMultiPath::Vendor)
                        .map(Cow::into_owned)
                        .unwrap_or_default();
                    let model = text(row, VMultiPath::Model)
                        .map(Cow::into_owned)
                        .unwrap_or_default();
                    let array_name = format!("{vendor} {model}").trim().to_owned();
                    let array_name = if array_name.is_empty() {
                        "unknown array".to_owned()
                    } else {
                        array_name
                    };
                    let array = match arrays.get(&array_name) {
                        Some(id) => *id,
                        None => {
                            let id = ArrayId(self.project.arrays.len() as u32 + 1);
                            let model_name = match hardware::eva_model(&model) {
                                Some(eva) => {
                                    self.report.guess(
                                        "array.model",
                                        eva,
                                        format!("the HP controller model `{model}`"),
                                        || array_name.clone(),
                                    );
                                    eva.to_owned()
                                }
                                None => array_name.clone(),
                            };
                            let site = match self.project.hosts.get(&host_id).map(|h| &h.placement)
                            {
                                Some(Placement::RackServer { site, .. }) => *site,
                                _ => SiteId::default(),
                            };
                            self.project.arrays.insert(
                                id,
                                Array {
                                    name: array_name.clone(),
                                    model: model_name,
                                    site,
                                    ..Array::default()
                                },
                            );
                            arrays.insert(array_name, id);
                            id
                        }
                    };
                    let id = LunId(self.project.luns.len() as u32 + 1);
                    let size_gb = self
                        .number(TAB, row, VMultiPath::Capacity, "lun.size_gb", &disk)
                        .map_or(0, mb_to_gb);
                    self.report.guess(
                        "lun.owner",
                        "A",
                        "the export does not say which controller owns the LUN",
                        || disk.clone(),
                    );
                    self.project.luns.insert(
                        id,
                        Lun {
                            name: text(row, VMultiPath::DisplayName)
                                .map(Cow::into_owned)
                                .unwrap_or_else(|| disk.clone()),
                            array,
                            size_gb,
                            ..Lun::default()
                        },
                    );
                    luns.insert(disk.clone(), id);
                    id
                }
            };
            if let Some(datastore) = text(row, VMultiPath::Datastore) {
                let site = self.host_site(host_id);
                let datastore = self.datastore(&datastore, Some(host_id), site);
                if let Some(Datastore {
                    kind: DatastoreKind::Vmfs { luns },
                    ..
                }) = self.project.datastores.get_mut(&datastore)
                    && !luns.contains(&lun)
                {
                    luns.push(lun);
                }
            }
            let policy_text = text(row, VMultiPath::Policy)
                .map(|p| p.to_ascii_lowercase())
                .unwrap_or_default();
            let policy = if policy_text.contains("rr") || policy_text.contains("round") {
                PathPolicy::RoundRobin
            } else if policy_text.contains("fixed_ap") {
                PathPolicy::FixedAp
            } else if policy_text.contains("fixed") {
                PathPolicy::Fixed
            } else if policy_text.contains("mru") {
                PathPolicy::Mru
            } else {
                self.report.guess(
                    "host.lun_paths.policy",
                    "Fixed",
                    format!("vMultiPath gives the policy `{policy_text}`"),
                    example,
                );
                PathPolicy::Fixed
            };
            let lun_number = text(row, VMultiPath::Path1)
                .and_then(|path| lun_number(&path))
                .unwrap_or(0);
            if let Some(host) = self.project.hosts.get_mut(&host_id)
                && host.path_to(lun).is_none()
            {
                host.lun_paths.push(LunPath {
                    lun,
                    lun_number,
                    policy,
                    preferred: None,
                    rr_iops: None,
                });
            }
        }
        self.disks_on_their_hosts_local_datastores();
        for (controller, (disks, hosts)) in local {
            self.report.note(format!(
                "vMultiPath: local storage, not an array or SAN LUNs: {} behind {controller} controllers on {}",
                crate::wording::count(disks as usize, "disk", "disks"),
                crate::wording::count(hosts.len(), "host", "hosts")
            ));
        }
    }

    /// A disk behind a host's own controller: its datastore, if any, is the host's local datastore.
    fn local_disk(
        &mut self,
        row: &Row,
        host: HostId,
        controller: &'static str,
        local: &mut BTreeMap<&'static str, (u32, BTreeSet<HostId>)>,
    ) {
        let entry = local.entry(controller).or_default();
        entry.0 += 1;
        entry.1.insert(host);
        let Some(name) = text(row, VMultiPath::Datastore) else {
            return;
        };
        let site = self.host_site(host);
        let mut id = self.datastore(&name, Some(host), site);
        // Another host's local datastore of the same name (no vDatastore told them apart): this host has its own.
        if matches!(
            self.project.datastores.get(&id).map(|d| &d.kind),
            Some(DatastoreKind::Local { host: other }) if *other != host
        ) {
            id = self.new_datastore(&name);
        }
        if let Some(datastore) = self.project.datastores.get_mut(&id)
            && matches!(&datastore.kind, DatastoreKind::Vmfs { luns } if luns.is_empty())
        {
            datastore.kind = DatastoreKind::Local { host };
            self.datastore_hosts.entry(id).or_default().insert(host);
        }
    }

    /// Disks named before vMultiPath told same-named local datastores apart (every host's own `datastore1`, with
    /// no vDatastore tab) sit on the first host's: each moves to the local datastore of that name on its VM's host.
    fn disks_on_their_hosts_local_datastores(&mut self) {
        let local: HashMap<(HostId, &str), DatastoreId> = self
            .project
            .datastores
            .iter()
            .filter_map(|(&id, datastore)| match datastore.kind {
                DatastoreKind::Local { host } => Some(((host, datastore.name.as_str()), id)),
                _ => None,
            })
            .collect();
        let mut moves: Vec<(VmId, usize, DatastoreId)> = Vec::new();
        for (&vm_id, vm) in &self.project.vms {
            let Some(vm_host) = vm.host else {
                continue;
            };
            for (index, disk) in vm.disks.iter().enumerate() {
                let Some(datastore) = disk
                    .datastore
                    .and_then(|id| self.project.datastores.get(&id))
                else {
                    continue;
                };
                if let DatastoreKind::Local { host } = datastore.kind
                    && host != vm_host
                    && let Some(&own) = local.get(&(vm_host, datastore.name.as_str()))
                {
                    moves.push((vm_id, index, own));
                }
            }
        }
        for (vm_id, index, datastore) in moves {
            if let Some(disk) = self
                .project
                .vms
                .get_mut(&vm_id)
                .and_then(|vm| vm.disks.get_mut(index))
            {
                disk.datastore = Some(datastore);
            }
        }
    }
}

/// The kind of a host's own storage controller, from vMultiPath's vendor, model and disk names: Dell PERC and
/// BOSS, HP Smart Array (its logical volumes), NVMe drives and other RAID controllers are local disks, not arrays.
fn local_controller(vendor: &str, model: &str, disk: &str, display: &str) -> Option<&'static str> {
    let model = model.to_ascii_lowercase();
    let vendor = vendor.to_ascii_lowercase();
    let disk = disk.to_ascii_lowercase();
    let display = display.to_ascii_lowercase();
    if model.contains("perc") {
        Some("Dell PERC")
    } else if model.contains("boss") {
        Some("Dell BOSS")
    } else if model.contains("nvme") || vendor.contains("nvme") || disk.starts_with("t10.nvme") {
        Some("NVMe")
    } else if model.contains("smart array")
        || (model.contains("logical volume") && (vendor == "hp" || vendor == "hpe"))
    {
        Some("HP Smart Array")
    } else if model.contains("serveraid")
        || model.contains("megaraid")
        || display.starts_with("local ")
    {
        Some("local RAID")
    } else {
        None
    }
}

/// The datastore of a VMDK path: "[ds01] vm/vm.vmdk" is on `ds01`.
pub(super) fn datastore_in_path(path: &str) -> Option<&str> {
    let rest = path.trim().strip_prefix('[')?;
    let (name, _) = rest.split_once(']')?;
    let name = name.trim();
    (!name.is_empty()).then_some(name)
}

/// The LUN number of a path name: "vmhba2:C0:T1:L5" or the ESX 3 form "vmhba1:0:5".
fn lun_number(path: &str) -> Option<u16> {
    let last = path.trim().rsplit(':').next()?;
    last.trim_start_matches(['L', 'l']).parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vmdk_paths_name_their_datastore() {
        assert_eq!(datastore_in_path("[ds01] vm/vm.vmdk"), Some("ds01"));
        assert_eq!(datastore_in_path("vm.vmdk"), None);
    }

    #[test]
    fn path_names_give_lun_numbers() {
        assert_eq!(lun_number("vmhba2:C0:T1:L5"), Some(5));
        assert_eq!(lun_number("vmhba1:0:12"), Some(12));
    }
}
