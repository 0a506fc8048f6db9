//! From the tabs of an export to a plan: datacenters become sites, then vCenters, clusters (HA, DRS, EVC), hosts
//! (hardware, CPU series through the reference data, ESX release and build), datastores, networks, VMs with their
//! disks, NICs, snapshots, Tools and FT state, and the storage paths, switches and VMkernel ports the export has.
//!
//! Every row is imported or recorded as skipped with its reason; every value the export does not give (or gives
//! twice, differently) and the import had to choose is recorded as guessed. IDs are given in a sorted order, so the
//! same export always gives the same plan.
//!
//! This module holds the order of the steps and what every step shares; each tab family maps in its own module:
//! vCenters, sites and clusters, hosts, storage (datastores, arrays, LUNs, paths), network (port groups, NICs,
//! switches, VMkernel ports), licences, VMs and their per-VM details.

mod clusters;
mod hosts;
mod licences;
mod network;
mod storage;
mod vcenters;
mod vm_details;
mod vms;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::columns::{Column, VHba};
use super::report::ImportReport;
use super::workbook::{Row, Tab, Workbook};
use crate::import::Progress;
use crate::model::{
    ClusterId, Datastore, DatastoreId, DatastoreKind, HostId, NetworkId, Project, SiteId,
    VcenterId, VmId,
};
use crate::refdata::ReferenceData;

/// The name of the site for hosts whose datacenter the export leaves empty.
const NO_DATACENTER: &str = "(no datacenter)";

/// Maps a workbook into a project, writing what it did into the report.
pub(super) fn map(
    book: &Workbook,
    reference: &ReferenceData,
    report: &mut ImportReport,
    progress: &Progress,
    (start, end): (f64, f64),
) -> Project {
    let mut mapper = Mapper {
        book,
        reference,
        report,
        project: Project::default(),
        vcenters: BTreeMap::new(),
        sites: BTreeMap::new(),
        clusters: BTreeMap::new(),
        hosts: HashMap::new(),
        host_rows: HashMap::new(),
        host_matches: HashMap::new(),
        networks: BTreeMap::new(),
        datastores: BTreeMap::new(),
        datastore_keys: HashMap::new(),
        datastore_sites: HashMap::new(),
        datastore_hosts: HashMap::new(),
        vm_keys: HashMap::new(),
        vm_names: HashMap::new(),
        ft_secondary_keys: HashMap::new(),
    };
    let step = |done: f64| progress.set(start + (end - start) * done);
    mapper.vcenters();
    mapper.sites_and_clusters();
    step(0.05);
    mapper.hosts();
    step(0.1);
    mapper.storage_and_networks();
    step(0.15);
    mapper.vms();
    step(0.55);
    mapper.vm_details();
    step(0.9);
    mapper.host_details();
    mapper.unknowns_no_tab_gives();
    step(1.0);
    mapper.project
}

/// A host name as a VM row gives it (lower case), with the VM's cluster.
type HostReference = (String, Option<ClusterId>);
/// The host a [`HostReference`] resolved to, and whether that was a guess.
type HostMatch = (Option<HostId>, bool);

struct Mapper<'a> {
    book: &'a Workbook,
    reference: &'a ReferenceData,
    report: &'a mut ImportReport,
    project: Project,
    /// vCenters by lower-case server name.
    vcenters: BTreeMap<String, VcenterId>,
    sites: BTreeMap<String, SiteId>,
    /// Clusters by (datacenter, cluster name).
    clusters: BTreeMap<(String, String), ClusterId>,
    /// Hosts by lower-case name.
    hosts: HashMap<String, HostId>,
    host_rows: HashMap<HostId, u32>,
    /// How a host name seen in a VM row was resolved, per (name, cluster), and whether that was a guess.
    host_matches: HashMap<HostReference, HostMatch>,
    networks: BTreeMap<String, NetworkId>,
    /// Datastores by name: several datastores may share one (a `vsanDatastore` per datacenter).
    datastores: BTreeMap<String, Vec<DatastoreId>>,
    /// vDatastore's identity of each datastore: its URL, else its name in its datacenter.
    datastore_keys: HashMap<String, DatastoreId>,
    /// The sites (datacenters) whose hosts mount each datastore, to tell same-named datastores apart.
    datastore_sites: HashMap<DatastoreId, BTreeSet<SiteId>>,
    /// The hosts that mount each datastore (vDatastore's Hosts, a local disk's host), to tell apart same-named
    /// datastores at one site: every host's own `datastore1`.
    datastore_hosts: HashMap<DatastoreId, BTreeSet<HostId>>,
    /// VMs by VM UUID or VM ID, as vInfo gives them.
    vm_keys: HashMap<String, VmId>,
    /// VMs by name (several VMs may share one).
    vm_names: HashMap<String, Vec<VmId>>,
    /// The VM UUIDs and VM IDs of FT Secondaries (those no Primary shares), with the VM's name: their rows in the
    /// detail tabs describe the Primary again and must not be added to it twice.
    ft_secondary_keys: HashMap<String, String>,
}

/// A cell's text, trimmed; `None` when empty.
fn text<C: Column>(row: &Row, column: C) -> Option<Cow<'_, str>> {
    row.cell(column.index()).text()
}

/// A count from a number cell: rounded, `None` when negative (RVTools writes -1 for "unlimited").
fn whole(value: f64) -> Option<u32> {
    (value.is_finite() && value >= 0.0 && value <= f64::from(u32::MAX))
        .then(|| value.round() as u32)
}

fn small(value: u32) -> u8 {
    u8::try_from(value).unwrap_or(u8::MAX)
}

/// MB as GB, rounded; at least 1 GB for anything above zero.
fn mb_to_gb(mb: f64) -> u32 {
    whole(mb / 1024.0).map_or(0, |gb| if gb == 0 && mb > 0.0 { 1 } else { gb })
}
impl Mapper<'_> {
    fn tab(&self, name: &str) -> Option<&Tab> {
        self.book.tab(name)
    }

    /// A number cell; a cell of the wrong type is recorded as guessed (the field keeps its default).
    fn number<C: Column>(
        &mut self,
        tab: &'static str,
        row: &Row,
        column: C,
        field: &str,
        object: &str,
    ) -> Option<f64> {
        match row.cell(column.index()).number() {
            // Sizes, counts and speeds are never negative, and the model holds them in 32 bits: a value outside
            // that is reported with its cell, never read as 0 or wrapped.
            Ok(Some(value))
                if !(value.is_finite() && (0.0..=f64::from(u32::MAX)).contains(&value)) =>
            {
                self.report.guess(
                    field,
                    "left unset",
                    format!(
                        "{tab} column `{}` holds `{}`, outside 0 to {}",
                        column.header(),
                        super::columns::format_number(value),
                        u32::MAX
                    ),
                    || format!("{object} ({tab} row {})", row.number),
                );
                None
            }
            Ok(value) => value,
            Err(wrong) => {
                self.wrong_type(tab, row, column, field, object, &wrong);
                None
            }
        }
    }

    /// A cell of the wrong type, recorded as guessed: the field is left unset.
    fn wrong_type<C: Column>(
        &mut self,
        tab: &'static str,
        row: &Row,
        column: C,
        field: &str,
        object: &str,
        wrong: &super::columns::WrongType,
    ) {
        self.report.guess(
            field,
            "left unset",
            format!(
                "{tab} column `{}` holds `{}`, not {}",
                column.header(),
                wrong.value,
                wrong.expected
            ),
            || format!("{object} ({tab} row {})", row.number),
        );
    }

    /// A boolean cell; a cell of the wrong type is recorded as guessed (the field keeps its default).
    fn boolean<C: Column>(
        &mut self,
        tab: &'static str,
        row: &Row,
        column: C,
        field: &str,
        object: &str,
    ) -> Option<bool> {
        match row.cell(column.index()).boolean() {
            Ok(value) => value,
            Err(wrong) => {
                self.wrong_type(tab, row, column, field, object, &wrong);
                None
            }
        }
    }

    /// When a tab lacks the column its rows are keyed by, every row is skipped with that reason.
    fn require<C: Column>(&mut self, tab: &Tab, column: C, what: &str) -> bool {
        if tab.has(column.index()) {
            return true;
        }
        self.report.skip_all(
            tab.canonical,
            tab.rows.len() as u32,
            format!("the tab has no `{}` column: {what}", column.header()),
        );
        false
    }

    /// Lists in the report the optional plan fields no RVTools tab gives, with how many objects are left unknown:
    /// the plan never fills them with a default.
    fn unknowns_no_tab_gives(&mut self) {
        const NOT_EXPORTED: &str = "RVTools does not export it";
        let project = &self.project;
        let datastores = |wanted: fn(&Datastore) -> bool| {
            project.datastores.values().filter(|d| wanted(d)).count()
        };
        let unknown: [(&str, &str, usize); 14] = [
            (
                "host.boot_mb",
                NOT_EXPORTED,
                project
                    .hosts
                    .values()
                    .filter(|h| h.boot_mb.is_none())
                    .count(),
            ),
            (
                "host.lineage",
                NOT_EXPORTED,
                project
                    .hosts
                    .values()
                    .filter(|h| h.lineage.is_none())
                    .count(),
            ),
            (
                "host.ntp_servers",
                NOT_EXPORTED,
                project
                    .hosts
                    .values()
                    .filter(|h| h.ntp_servers.is_empty())
                    .count(),
            ),
            (
                "host.name_resolution",
                NOT_EXPORTED,
                project
                    .hosts
                    .values()
                    .filter(|h| h.name_resolution.is_none())
                    .count(),
            ),
            (
                "cluster.ha.isolation_response",
                NOT_EXPORTED,
                project
                    .clusters
                    .values()
                    .filter(|c| c.ha.enabled && c.ha.isolation_response.is_none())
                    .count(),
            ),
            (
                "cluster.ha.failure_detection_ms",
                NOT_EXPORTED,
                project
                    .clusters
                    .values()
                    .filter(|c| c.ha.enabled && c.ha.failure_detection_ms.is_none())
                    .count(),
            ),
            (
                "vm.hw_version",
                "vInfo gives no HW version",
                project
                    .vms
                    .values()
                    .filter(|vm| vm.hw_version.is_none())
                    .count(),
            ),
            (
                "vm.memory_overhead_mb",
                NOT_EXPORTED,
                project
                    .vms
                    .values()
                    .filter(|vm| vm.memory_overhead_mb.is_none())
                    .count(),
            ),
            (
                "vm.oldest_snapshot_days",
                "vSnapshot's dates are not read",
                project
                    .vms
                    .values()
                    .filter(|vm| vm.snapshots > 0 && vm.oldest_snapshot_days.is_none())
                    .count(),
            ),
            (
                "datastore.block_mb",
                NOT_EXPORTED,
                project
                    .datastores
                    .values()
                    .filter(|d| {
                        matches!(d.kind, DatastoreKind::Vmfs { .. }) && d.block_mb.is_none()
                    })
                    .count(),
            ),
            (
                "datastore.capacity_gb",
                "no vDatastore row gives it",
                datastores(|d| d.capacity_gb.is_none()),
            ),
            (
                "datastore.free_gb",
                "no vDatastore row gives it",
                datastores(|d| d.free_gb.is_none()),
            ),
            (
                "datastore.provisioned_gb",
                "no vDatastore row gives it",
                datastores(|d| d.provisioned_gb.is_none()),
            ),
            (
                "network.mtu",
                NOT_EXPORTED,
                project
                    .networks
                    .values()
                    .filter(|n| n.mtu.is_none())
                    .count(),
            ),
        ];
        for (field, why, count) in unknown {
            self.report
                .unknowns_of(field, why, u32::try_from(count).unwrap_or(u32::MAX));
        }
    }

    fn storage_and_networks(&mut self) {
        self.datastores_tab();
        self.networks_from_tabs();
        self.licences();
    }

    fn host_details(&mut self) {
        let link_mbps = self.physical_nics();
        self.switches();
        self.vmkernel_ports(&link_mbps);
        self.multipath();
        self.lun_sizes_from_datastores();
        if let Some(tab) = self.book.tab("vHBA")
            && self.require(tab, VHba::Host, "a row without a host cannot be placed")
        {
            self.report.skip_all(
                "vHBA",
                tab.rows.len() as u32,
                "HBA ports are not mapped: the export does not say which SAN fabric each port is cabled to",
            );
        }
    }
}
