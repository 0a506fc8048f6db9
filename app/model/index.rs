//! Derived lookups over a `Project` (who runs where, who sees what), built once per check so rules stay linear.

use std::collections::{BTreeMap, BTreeSet};

use super::{
    ClusterId, DatastoreId, DatastoreKind, EnclosureId, HostId, LunId, NetworkId, Placement,
    Project, SiteId, VcenterId, VmId,
};

/// Lookups derived from a project. Never stored; rebuilt from the project whenever it changes, or carried over
/// a change it can follow ([`Index::place_vm`], [`Index::refresh_row`]).
#[derive(Debug, Default, PartialEq)]
pub struct Index {
    /// Hosts of each cluster, in ID order (HA: the first five added become primaries).
    pub cluster_hosts: BTreeMap<ClusterId, Vec<HostId>>,
    /// VMs of each cluster, in ID order.
    pub cluster_vms: BTreeMap<ClusterId, Vec<VmId>>,
    /// One small row per VM, in VM ID order: a rule that needs only these fields walks them instead of the VMs
    /// themselves (about 30 bytes a VM here against several hundred there, which at 372,480 VMs is the difference
    /// between a few MB and more than 100 MB read per walk).
    pub vm_rows: VmTable,
    /// VMs with FT on or planned, in ID order.
    pub ft_vms: Vec<VmId>,
    /// VMs running on each host (FT Primaries included, Secondaries not).
    pub host_vms: BTreeMap<HostId, Vec<VmId>>,
    /// FT VMs with a Primary or a Secondary on each host.
    pub host_ft_vms: BTreeMap<HostId, Vec<VmId>>,
    /// The site of each host.
    pub host_site: BTreeMap<HostId, SiteId>,
    /// The enclosure of each blade.
    pub host_enclosure: BTreeMap<HostId, EnclosureId>,
    /// The managing vCenter of each host.
    pub host_vcenter: BTreeMap<HostId, VcenterId>,
    /// Networks each host carries through its virtual switches.
    pub host_networks: BTreeMap<HostId, BTreeSet<NetworkId>>,
    /// Hosts with a path to each LUN.
    pub lun_hosts: BTreeMap<LunId, Vec<HostId>>,
    /// Hosts that can reach each datastore.
    pub datastore_hosts: BTreeMap<DatastoreId, BTreeSet<HostId>>,
    /// Sites each cluster's hosts sit in.
    pub cluster_sites: BTreeMap<ClusterId, BTreeSet<SiteId>>,
    /// Every host's FlexNICs side by side, for the rules that walk them all.
    pub flexnics: super::FlexnicTable,
}

/// The rows of a project's VMs in ID order, with the guest OS names they refer to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VmTable {
    pub rows: Vec<VmRow>,
    /// Each distinct `guest_os` once, as the VMs record it: rows name theirs by position here.
    guest_os: Vec<String>,
    /// The position of each name in `guest_os`.
    guest_positions: BTreeMap<String, u32>,
    /// The distinct networks of each VM's vNICs in vNIC order, VM after VM: the VM at position `i` has
    /// `networks[network_starts[i]..network_starts[i + 1]]`.
    networks: Vec<NetworkId>,
    network_starts: Vec<u32>,
    /// The distinct datastores each VM has files on (its disks', then its CD-ROM and floppy images'), as
    /// `networks`.
    datastores: Vec<DatastoreId>,
    datastore_starts: Vec<u32>,
    /// The distinct LUNs each VM maps raw (RDM disks), as `networks`.
    rdm_luns: Vec<LunId>,
    rdm_lun_starts: Vec<u32>,
    /// The positions of each cluster's rows, in ID order.
    cluster_positions: BTreeMap<ClusterId, Vec<u32>>,
}

/// The slice of `items` that `starts` gives the VM at `position`.
fn run_of<'t, T>(items: &'t [T], starts: &[u32], position: usize) -> &'t [T] {
    let start = starts.get(position).map_or(0, |&start| start as usize);
    let end = starts.get(position + 1).map_or(start, |&end| end as usize);
    items.get(start..end).unwrap_or(&[])
}

/// Appends the items not yet among those after `start`, keeping their first order.
fn push_distinct<T: PartialEq + Copy>(
    items: &mut Vec<T>,
    start: usize,
    new: impl Iterator<Item = T>,
) {
    for item in new {
        if !items.get(start..).is_some_and(|run| run.contains(&item)) {
            items.push(item);
        }
    }
}

/// The start of the next VM's run in a list of VM runs.
fn next_start<T>(items: &[T]) -> u32 {
    u32::try_from(items.len()).unwrap_or(u32::MAX)
}

impl VmTable {
    /// The rows of every VM of a project.
    pub fn of(project: &Project) -> Self {
        let mut table = Self::default();
        table.rows.reserve(project.vms.len());
        let mut clusters = Run::default();
        for (&id, vm) in &project.vms {
            table.push(id, vm, &mut clusters);
        }
        clusters.flush(&mut table.cluster_positions);
        table
    }

    /// Adds the row of the next VM in ID order; `clusters` gathers the run of its cluster's positions (flushed
    /// into `cluster_positions` by the caller once every VM is pushed).
    fn push(&mut self, id: VmId, vm: &crate::model::Vm, clusters: &mut Run<ClusterId, u32>) {
        // VMs with one guest OS often follow each other: the previous VM's name is tried before the map.
        let previous = self.rows.last().map(|row| row.guest_os);
        let guest_os = match previous {
            Some(position) if self.guest_os_at(position) == vm.guest_os => position,
            _ => self.position_of_guest_os(&vm.guest_os),
        };
        if let Some(cluster) = vm.cluster {
            let position = u32::try_from(self.rows.len()).unwrap_or(u32::MAX);
            clusters.push(&mut self.cluster_positions, cluster, position);
        }
        self.rows.push(VmRow::of(id, vm, guest_os));
        if self.network_starts.is_empty() {
            self.network_starts.push(0);
            self.datastore_starts.push(0);
            self.rdm_lun_starts.push(0);
        }
        let start = self.networks.len();
        push_distinct(
            &mut self.networks,
            start,
            vm.nics.iter().map(|nic| nic.network),
        );
        self.network_starts.push(next_start(&self.networks));
        let start = self.datastores.len();
        push_distinct(
            &mut self.datastores,
            start,
            vm.disks.iter().filter_map(|disk| disk.datastore),
        );
        push_distinct(
            &mut self.datastores,
            start,
            vm.devices.iter().filter_map(|device| match device {
                crate::model::Device::CdRom(crate::model::MediaBacking::Image(datastore))
                | crate::model::Device::Floppy(crate::model::MediaBacking::Image(datastore)) => {
                    Some(*datastore)
                }
                _ => None,
            }),
        );
        self.datastore_starts.push(next_start(&self.datastores));
        let start = self.rdm_luns.len();
        push_distinct(
            &mut self.rdm_luns,
            start,
            vm.disks
                .iter()
                .filter(|disk| disk.format.is_rdm())
                .filter_map(|disk| disk.rdm_lun),
        );
        self.rdm_lun_starts.push(next_start(&self.rdm_luns));
    }

    /// The position of a guest OS name among the table's names, added when it is new.
    fn position_of_guest_os(&mut self, name: &str) -> u32 {
        if let Some(&position) = self.guest_positions.get(name) {
            return position;
        }
        let position = u32::try_from(self.guest_os.len()).unwrap_or(u32::MAX);
        self.guest_os.push(name.to_owned());
        self.guest_positions.insert(name.to_owned(), position);
        position
    }

    /// The distinct networks of the vNICs of the VM at `position` (of [`VmTable::iter`]), in vNIC order.
    pub fn networks(&self, position: usize) -> &[NetworkId] {
        run_of(&self.networks, &self.network_starts, position)
    }

    /// The distinct datastores the VM at `position` has files on: its disks', then its CD-ROM and floppy
    /// images'.
    pub fn datastores(&self, position: usize) -> &[DatastoreId] {
        run_of(&self.datastores, &self.datastore_starts, position)
    }

    /// The distinct LUNs the VM at `position` maps raw.
    pub fn rdm_luns(&self, position: usize) -> &[LunId] {
        run_of(&self.rdm_luns, &self.rdm_lun_starts, position)
    }

    /// The rows of a cluster's VMs with their positions, in ID order (none for a cluster without VMs).
    pub fn of_cluster(&self, cluster: ClusterId) -> impl Iterator<Item = (usize, &VmRow)> + '_ {
        self.rows_at(
            self.cluster_positions
                .get(&cluster)
                .map_or(&[], Vec::as_slice),
        )
    }

    /// Every cluster with VMs, in cluster order, with its VMs' rows in ID order.
    pub fn clusters(
        &self,
    ) -> impl Iterator<Item = (ClusterId, impl Iterator<Item = &VmRow> + '_)> + '_ {
        self.cluster_positions
            .iter()
            .map(|(&cluster, positions)| (cluster, self.rows_at(positions).map(|(_, row)| row)))
    }

    fn rows_at<'t>(
        &'t self,
        positions: &'t [u32],
    ) -> impl Iterator<Item = (usize, &'t VmRow)> + 't {
        positions.iter().filter_map(|&position| {
            let position = position as usize;
            self.rows.get(position).map(|row| (position, row))
        })
    }

    /// The rows in VM ID order.
    pub fn iter(&self) -> std::slice::Iter<'_, VmRow> {
        self.rows.iter()
    }

    /// How many VMs.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// No VMs.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// A row's guest OS, as its VM records it.
    pub fn guest_os(&self, row: &VmRow) -> &str {
        self.guest_os_at(row.guest_os)
    }

    fn guest_os_at(&self, position: u32) -> &str {
        self.guest_os
            .get(position as usize)
            .map_or("", String::as_str)
    }
}

/// What the rules that walk every VM read most of a VM.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VmRow {
    pub id: VmId,
    pub cluster: Option<ClusterId>,
    /// The host the VM runs on (the Primary's for FT VMs).
    pub host: Option<HostId>,
    /// The FT Secondary's host.
    pub ft_secondary: Option<HostId>,
    pub vcpus: u32,
    /// Configured memory.
    pub memory_mb: u32,
    /// What HA admission control and capacity weigh ([`crate::planner::admission::ClusterDemands`]).
    pub memory_reservation_mb: u32,
    pub cpu_reservation_mhz: u32,
    /// The memory overhead, when recorded.
    pub memory_overhead_mb: Option<u32>,
    /// FT is on or planned ([`crate::model::Vm::is_ft`]).
    pub ft: bool,
    /// The VM's guest OS, by its position in [`VmTable`]'s names ([`VmTable::guest_os`]).
    pub guest_os: u32,
    /// Virtual hardware version, when known.
    pub hw_version: Option<u8>,
    pub tools: crate::model::ToolsStatus,
    /// The size of the VM's largest disk (0 without disks).
    pub largest_disk_gb: u32,
    pub powered_on: bool,
    pub template: bool,
    pub storage_vmotion_planned: bool,
    /// A Storage vMotion or cold migration target is chosen.
    pub migration_target: bool,
    pub pinned_to_site: bool,
    pub cpu_affinity: bool,
    /// A device that ties the VM to its host: a CD-ROM or floppy on the host's drive, a serial or parallel port,
    /// a VMDirectPath device.
    pub host_device: bool,
    /// The VM uses a device or feature only virtual hardware 7 has ([`crate::model::Vm::hw7_features`]).
    pub hw7_features: bool,
    /// A CD-ROM or floppy is connected (to a host or client device, or to an image).
    pub connected_media: bool,
}

impl VmRow {
    fn of(id: VmId, vm: &crate::model::Vm, guest_os: u32) -> Self {
        Self {
            id,
            cluster: vm.cluster,
            host: vm.host,
            ft_secondary: vm.ft_secondary_host(),
            vcpus: vm.vcpus,
            memory_mb: vm.memory_mb,
            memory_reservation_mb: vm.memory_reservation_mb,
            cpu_reservation_mhz: vm.cpu_reservation_mhz,
            memory_overhead_mb: vm.memory_overhead_mb,
            ft: vm.is_ft(),
            guest_os,
            hw_version: vm.hw_version,
            tools: vm.tools,
            largest_disk_gb: vm.disks.iter().map(|disk| disk.size_gb).max().unwrap_or(0),
            powered_on: vm.is_powered_on(),
            template: vm.template,
            storage_vmotion_planned: vm.storage_vmotion_planned,
            migration_target: vm.migration_target.is_some(),
            pinned_to_site: vm.pinned_to_site,
            cpu_affinity: vm.cpu_affinity,
            hw7_features: vm.hw7_features().next().is_some(),
            connected_media: vm.devices.iter().any(|device| {
                matches!(
                    device,
                    crate::model::Device::CdRom(backing) | crate::model::Device::Floppy(backing)
                        if *backing != crate::model::MediaBacking::Disconnected
                )
            }),
            host_device: vm.devices.iter().any(|device| {
                matches!(
                    device,
                    crate::model::Device::CdRom(crate::model::MediaBacking::HostDevice)
                        | crate::model::Device::Floppy(crate::model::MediaBacking::HostDevice)
                        | crate::model::Device::Serial
                        | crate::model::Device::Parallel
                        | crate::model::Device::DirectPath
                )
            }),
        }
    }

    /// The virtual hardware version is known and at least `version` ([`crate::model::Vm::hardware_at_least`]).
    pub fn hardware_at_least(&self, version: u8) -> bool {
        self.hw_version.is_some_and(|hw| hw >= version)
    }

    /// The virtual hardware version is known and older than `version`
    /// ([`crate::model::Vm::hardware_known_older_than`]).
    pub fn hardware_known_older_than(&self, version: u8) -> bool {
        self.hw_version.is_some_and(|hw| hw < version)
    }

    /// The VM runs and is not a template.
    pub fn runs(&self) -> bool {
        self.powered_on && !self.template
    }
}

/// The set of hosts a VM may run on, named by what gives it: a cluster with hosts, or the VM's own host.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HostSet {
    Cluster(ClusterId),
    Host(Option<HostId>),
}

/// A run of items (VM IDs, or VMs with their data) with the same key, stored into its map when the key changes:
/// VMs of one cluster or host mostly follow each other, so a run costs one map operation instead of one per VM.
pub(crate) struct Run<K, V> {
    key: Option<K>,
    items: Vec<V>,
}

impl<K, V> Default for Run<K, V> {
    fn default() -> Self {
        Self {
            key: None,
            items: Vec::new(),
        }
    }
}

impl<K: Ord + Copy, V> Run<K, V> {
    pub(crate) fn push(&mut self, map: &mut BTreeMap<K, Vec<V>>, key: K, item: V) {
        if self.key != Some(key) {
            self.flush(map);
            self.key = Some(key);
        }
        self.items.push(item);
    }

    pub(crate) fn flush(&mut self, map: &mut BTreeMap<K, Vec<V>>) {
        if let Some(key) = self.key.take() {
            map.entry(key).or_default().append(&mut self.items);
        }
    }
}

/// Takes `id` out of `key`'s list, dropping a list left empty as a new build would not have it.
fn remove_from<K: Ord + Copy>(map: &mut BTreeMap<K, Vec<VmId>>, key: K, id: VmId) {
    let Some(list) = map.get_mut(&key) else {
        return;
    };
    if let Some(position) = list.iter().position(|&listed| listed == id) {
        list.remove(position);
    }
    if list.is_empty() {
        map.remove(&key);
    }
}

/// Puts `id` into `key`'s list in ID order, as a build walking the VMs in ID order lists it.
fn insert_into<K: Ord + Copy>(map: &mut BTreeMap<K, Vec<VmId>>, key: K, id: VmId) {
    let list = map.entry(key).or_default();
    let position = list.partition_point(|&listed| listed < id);
    list.insert(position, id);
}

impl Index {
    /// Builds every lookup in one pass over each collection: the VMs' lookups on one core, the hosts' and
    /// storage's on another.
    pub fn build(project: &Project) -> Self {
        let (mut index, vms) = rayon::join(
            || Self::hosts_and_storage(project),
            || Self::of_vms(project),
        );
        index.vm_rows = vms.vm_rows;
        index.ft_vms = vms.ft_vms;
        index.cluster_vms = vms.cluster_vms;
        index.host_vms = vms.host_vms;
        index.host_ft_vms = vms.host_ft_vms;
        index
    }

    /// The lookups of hosts, clusters, LUNs, networks and datastores.
    fn hosts_and_storage(project: &Project) -> Self {
        let mut index = Self::default();
        for (&id, host) in &project.hosts {
            index.flexnics.push_host(project, id, host);
            if let Placement::Blade { enclosure, .. } = host.placement {
                index.host_enclosure.insert(id, enclosure);
            }
            let site = host.placement.site(project);
            if let Some(site) = site {
                index.host_site.insert(id, site);
            }
            let vcenter = host
                .cluster
                .and_then(|c| project.clusters.get(&c))
                .and_then(|c| c.vcenter)
                .or(host.vcenter);
            if let Some(vcenter) = vcenter {
                index.host_vcenter.insert(id, vcenter);
            }
            if let Some(cluster) = host.cluster {
                index.cluster_hosts.entry(cluster).or_default().push(id);
                if let Some(site) = site {
                    index.cluster_sites.entry(cluster).or_default().insert(site);
                }
            }
            for path in &host.lun_paths {
                index.lun_hosts.entry(path.lun).or_default().push(id);
            }
        }
        for vswitch in project.vswitches.values() {
            for host in vswitch.hosts_in(project) {
                index
                    .host_networks
                    .entry(host)
                    .or_default()
                    .extend(vswitch.networks.iter().copied());
            }
        }
        for (&id, datastore) in &project.datastores {
            let hosts: BTreeSet<HostId> = match &datastore.kind {
                DatastoreKind::Vmfs { luns } => {
                    let mut extents = luns.iter();
                    let mut hosts: BTreeSet<HostId> = extents
                        .next()
                        .and_then(|lun| index.lun_hosts.get(lun))
                        .map(|hosts| hosts.iter().copied().collect())
                        .unwrap_or_default();
                    for lun in extents {
                        let seen: BTreeSet<HostId> = index
                            .lun_hosts
                            .get(lun)
                            .map(|hosts| hosts.iter().copied().collect())
                            .unwrap_or_default();
                        hosts.retain(|host| seen.contains(host));
                    }
                    hosts
                }
                DatastoreKind::Nfs { mounted_on, .. } => mounted_on.iter().copied().collect(),
                DatastoreKind::Local { host } => BTreeSet::from([*host]),
            };
            index.datastore_hosts.insert(id, hosts);
        }
        index
    }

    /// The lookups of VMs: their rows, clusters, hosts and FT.
    fn of_vms(project: &Project) -> Self {
        let mut index = Self::default();
        // VMs of one cluster and one host mostly follow each other in ID order: collect runs and store each run
        // with one map operation instead of one per VM.
        let mut cluster_run = Run::default();
        let mut host_run = Run::default();
        let mut row_clusters = Run::default();
        index.vm_rows.rows.reserve(project.vms.len());
        for (&id, vm) in &project.vms {
            index.vm_rows.push(id, vm, &mut row_clusters);
            let ft = vm.ft.as_ref();
            if ft.is_some() {
                index.ft_vms.push(id);
            }
            if let Some(cluster) = vm.cluster {
                cluster_run.push(&mut index.cluster_vms, cluster, id);
            }
            if let Some(host) = vm.host {
                host_run.push(&mut index.host_vms, host, id);
                if ft.is_some() {
                    index.host_ft_vms.entry(host).or_default().push(id);
                }
            }
            if let Some(secondary) = ft.and_then(|ft| ft.secondary_host) {
                index.host_ft_vms.entry(secondary).or_default().push(id);
            }
        }
        cluster_run.flush(&mut index.cluster_vms);
        row_clusters.flush(&mut index.vm_rows.cluster_positions);
        host_run.flush(&mut index.host_vms);
        index
    }

    /// The index after `id` moves to run on `host` with its FT Secondary on `secondary` (a DRS evacuation, or
    /// its undoing), without building it again: the VM's row and the hosts' VM lists follow, nothing else does.
    pub fn place_vm(&mut self, id: VmId, host: Option<HostId>, secondary: Option<HostId>) {
        let Ok(position) = self.vm_rows.rows.binary_search_by_key(&id, |row| row.id) else {
            return;
        };
        let Some(row) = self.vm_rows.rows.get_mut(position) else {
            return;
        };
        let (old_host, old_secondary) = (row.host, row.ft_secondary);
        row.host = host;
        row.ft_secondary = secondary;
        let ft = self.ft_vms.binary_search(&id).is_ok();
        if old_host != host {
            if let Some(old) = old_host {
                remove_from(&mut self.host_vms, old, id);
                if ft {
                    remove_from(&mut self.host_ft_vms, old, id);
                }
            }
            if let Some(new) = host {
                insert_into(&mut self.host_vms, new, id);
                if ft {
                    insert_into(&mut self.host_ft_vms, new, id);
                }
            }
        }
        if old_secondary != secondary {
            if let Some(old) = old_secondary {
                remove_from(&mut self.host_ft_vms, old, id);
            }
            if let Some(new) = secondary {
                insert_into(&mut self.host_ft_vms, new, id);
            }
        }
    }

    /// The index after a change of `vm`'s own settings (its Tools, its hardware version) that leaves where it
    /// runs, its cluster, FT, vNICs, disks and devices as they were: its row is made again, its place kept.
    pub fn refresh_row(&mut self, id: VmId, vm: &crate::model::Vm) {
        let Ok(position) = self.vm_rows.rows.binary_search_by_key(&id, |row| row.id) else {
            return;
        };
        let guest_os = self.vm_rows.position_of_guest_os(&vm.guest_os);
        if let Some(row) = self.vm_rows.rows.get_mut(position) {
            *row = VmRow {
                host: row.host,
                ft_secondary: row.ft_secondary,
                ..VmRow::of(id, vm, guest_os)
            };
        }
    }

    /// Hosts of a cluster (empty for an unknown cluster).
    pub fn hosts_of(&self, cluster: ClusterId) -> &[HostId] {
        self.cluster_hosts.get(&cluster).map_or(&[], Vec::as_slice)
    }

    /// Hosts that may run a VM: its cluster's hosts, or just its host when it is not clustered (or its cluster
    /// has no hosts).
    pub fn hosts_for_vm<'v>(&'v self, vm: &'v crate::model::Vm) -> &'v [HostId] {
        self.hosts_for(vm.cluster, &vm.host)
    }

    /// The hosts of `cluster` when it has any, else `host`.
    fn hosts_for<'v>(
        &'v self,
        cluster: Option<ClusterId>,
        host: &'v Option<HostId>,
    ) -> &'v [HostId] {
        match cluster {
            Some(cluster) if !self.hosts_of(cluster).is_empty() => self.hosts_of(cluster),
            _ => host.as_slice(),
        }
    }

    /// Which set of hosts a VM may run on, as a small key: VMs with the same key have the same
    /// [`Index::hosts_for_vm`], so a rule can judge a set once and compare keys instead of host lists.
    pub fn host_set_of(&self, vm: &crate::model::Vm) -> HostSet {
        self.host_set_after_of(None, vm.cluster, vm.host)
    }

    /// [`Index::host_set_of`], given the set of the VM before it: VMs of one cluster follow each other in ID order,
    /// so a VM of the previous VM's cluster takes that set without a lookup in the cluster map.
    pub fn host_set_after(&self, previous: Option<HostSet>, vm: &crate::model::Vm) -> HostSet {
        self.host_set_after_of(previous, vm.cluster, vm.host)
    }

    /// The set of a VM in `cluster` on `host`, given the set of the VM before it.
    fn host_set_after_of(
        &self,
        previous: Option<HostSet>,
        cluster: Option<ClusterId>,
        host: Option<HostId>,
    ) -> HostSet {
        match (previous, cluster) {
            // A `Cluster` set names a cluster with hosts, so any VM of that cluster has it.
            (Some(HostSet::Cluster(of)), Some(cluster)) if of == cluster => HostSet::Cluster(of),
            (_, Some(cluster)) if !self.hosts_of(cluster).is_empty() => HostSet::Cluster(cluster),
            _ => HostSet::Host(host),
        }
    }

    /// The rows of the project's VMs: this index's when it was built from that project (the same number of
    /// VMs), else made from the project.
    pub fn vm_rows_of(&self, project: &Project) -> std::borrow::Cow<'_, VmTable> {
        if self.vm_rows.len() == project.vms.len() {
            std::borrow::Cow::Borrowed(&self.vm_rows)
        } else {
            std::borrow::Cow::Owned(VmTable::of(project))
        }
    }

    /// [`Index::host_set_after`] for a VM's row.
    pub fn host_set_of_row(&self, previous: Option<HostSet>, row: &VmRow) -> HostSet {
        self.host_set_after_of(previous, row.cluster, row.host)
    }

    /// [`Index::hosts_for_vm`] for a VM's row.
    pub fn hosts_for_row<'v>(&'v self, row: &'v VmRow) -> &'v [HostId] {
        self.hosts_for(row.cluster, &row.host)
    }

    /// VMs of a cluster (empty for an unknown cluster).
    pub fn vms_of(&self, cluster: ClusterId) -> &[VmId] {
        self.cluster_vms.get(&cluster).map_or(&[], Vec::as_slice)
    }

    /// VMs running on a host.
    pub fn vms_on(&self, host: HostId) -> &[VmId] {
        self.host_vms.get(&host).map_or(&[], Vec::as_slice)
    }

    /// FT VMs with a Primary or Secondary on a host.
    pub fn ft_vms_on(&self, host: HostId) -> &[VmId] {
        self.host_ft_vms.get(&host).map_or(&[], Vec::as_slice)
    }

    /// Hosts that see a LUN.
    pub fn hosts_seeing(&self, lun: LunId) -> &[HostId] {
        self.lun_hosts.get(&lun).map_or(&[], Vec::as_slice)
    }

    /// Whether a host can reach a datastore.
    pub fn host_sees_datastore(&self, host: HostId, datastore: DatastoreId) -> bool {
        self.datastore_hosts
            .get(&datastore)
            .is_some_and(|hosts| hosts.contains(&host))
    }

    /// Whether a host carries a network.
    pub fn host_has_network(&self, host: HostId, network: NetworkId) -> bool {
        self.host_networks
            .get(&host)
            .is_some_and(|networks| networks.contains(&network))
    }
}
