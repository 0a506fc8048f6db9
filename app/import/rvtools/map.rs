//! From the tabs of an export to a plan: datacenters become sites, then vCenters, clusters (HA, DRS, EVC), hosts
//! (hardware, CPU series through the reference data, ESX release and build), datastores, networks, VMs with their
//! disks, NICs, snapshots, Tools and FT state, and the storage paths, switches and VMkernel ports the export has.
//!
//! Every row is imported or recorded as skipped with its reason; every value the export does not give (or gives
//! twice, differently) and the import had to choose is recorded as guessed. IDs are given in a sorted order, so the
//! same export always gives the same plan.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::columns::{
    Column, DvPort, DvSwitch, VCluster, VCpu, VDatastore, VDisk, VHba, VHost, VInfo, VLicense,
    VMemory, VMetaData, VMultiPath, VNetwork, VNic, VPort, VScVmk, VSnapshot, VSource, VSwitch,
    VTools,
};
use super::hardware::{self, identify_cpu, parse_version};
use super::report::ImportReport;
use super::workbook::{Cell, Row, Tab, Workbook};
use crate::import::Progress;
use crate::model::{
    Addressing, AdmissionControl, Array, ArrayId, Bios, Cluster, ClusterId, Cpu, Datastore,
    DatastoreId, DatastoreKind, Disk, DiskFormat, Drs, EsxInstall, EsxProduct, FtProtection,
    Gateway, Ha, Host, HostId, LicenceEdition, Lun, LunId, LunPath, ManagementInterface,
    ManagementKind, Network, NetworkId, NicAdapter, NicKind, NicPort, PathPolicy, Placement,
    PowerState, Project, Release, ScsiController, ScsiKind, Site, SiteId, ToolsStatus, Unrecorded,
    Vcenter, VcenterId, Vm, VmConnection, VmId, VmkPort, VmkRole, Vnic, Vswitch, VswitchId,
    VswitchKind,
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

impl<'a> Mapper<'a> {
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
                None
            }
        }
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

    // ---- vCenters --------------------------------------------------------------------------------------------

    fn vcenters(&mut self) {
        // One vCenter per server, whatever the case of its name: lower-case name -> (name as first given, version
        // text), from the most specific source first.
        let mut found: BTreeMap<String, (String, Option<String>)> = BTreeMap::new();
        let mut unnamed_version: Option<String> = None;
        let mut host_agent = false;
        if let Some(tab) = self.tab("vSource") {
            for row in &tab.rows {
                let version = text(row, VSource::Fullname)
                    .or_else(|| {
                        let version = text(row, VSource::Version)?;
                        let build = text(row, VSource::Build);
                        Some(Cow::Owned(match build {
                            Some(build) => format!("{version} build-{build}"),
                            None => version.into_owned(),
                        }))
                    })
                    .map(Cow::into_owned);
                if text(row, VSource::ApiType).is_some_and(|t| t.eq_ignore_ascii_case("HostAgent"))
                {
                    host_agent = true;
                    continue;
                }
                // The server's name identifies the vCenter; `Name` is the product's name in newer exports and is
                // only read as the server where it is not a product name.
                let server = text(row, VSource::Server)
                    .or_else(|| text(row, VSource::Name).filter(|name| !is_product_name(name)));
                match server {
                    Some(name) => {
                        let entry = found
                            .entry(name.to_lowercase())
                            .or_insert_with(|| (name.into_owned(), None));
                        entry.1 = entry.1.take().or(version);
                    }
                    None => unnamed_version = unnamed_version.or(version),
                }
            }
        }
        if let Some(tab) = self.tab("vMetaData") {
            for row in &tab.rows {
                if let Some(name) = text(row, VMetaData::Server) {
                    found
                        .entry(name.to_lowercase())
                        .or_insert_with(|| (name.into_owned(), None));
                }
            }
        }
        if let Some(tab) = self.tab("vInfo") {
            let mut seen: HashMap<String, ()> = HashMap::new();
            for row in &tab.rows {
                let server = text(row, VInfo::SdkServer);
                let kind = text(row, VInfo::SdkServerType);
                let key = server.as_deref().unwrap_or_default().to_owned();
                if seen.insert(key, ()).is_some() && kind.is_none() {
                    continue;
                }
                match server {
                    Some(name) => {
                        let entry = found
                            .entry(name.to_lowercase())
                            .or_insert_with(|| (name.into_owned(), None));
                        if entry.1.is_none() {
                            entry.1 = kind.map(Cow::into_owned);
                        }
                    }
                    None => {
                        if unnamed_version.is_none() {
                            unnamed_version = kind.map(Cow::into_owned);
                        }
                    }
                }
            }
        }
        if host_agent && found.is_empty() {
            self.report.note(
                "vSource: the export was read from an ESX host directly, not through a vCenter: no vCenter is created",
            );
            return;
        }
        if found.is_empty() {
            match unnamed_version {
                Some(version) => {
                    self.report.guess(
                        "vcenter.name",
                        "vcenter",
                        "the export gives the vCenter's version but not its name",
                        || format!("`{version}`"),
                    );
                    found.insert("vcenter".to_owned(), ("vcenter".to_owned(), Some(version)));
                }
                None => {
                    self.report.note(
                        "no vCenter in the export (no vSource, vMetaData or VI SDK columns): clusters and hosts have no vCenter",
                    );
                    return;
                }
            }
        } else if let Some(version) = unnamed_version {
            for (_, entry) in found.values_mut() {
                if entry.is_none() {
                    *entry = Some(version.clone());
                }
            }
        }
        for (index, (key, (name, version))) in found.into_iter().enumerate() {
            let id = VcenterId(index as u32 + 1);
            let mut vcenter = Vcenter {
                name: name.clone(),
                ..Vcenter::default()
            };
            match version.as_deref().and_then(parse_version) {
                Some(parsed) => {
                    vcenter.release = parsed.release;
                    vcenter.build = parsed.build;
                }
                None => self.report.guess(
                    "vcenter.release",
                    Release::default().to_string(),
                    "the export does not give the vCenter's version",
                    || name.clone(),
                ),
            }
            self.report.guess(
                "vcenter.ssl_host_cert_check",
                "false",
                "RVTools does not export the vCenter's SSL settings",
                || name.clone(),
            );
            self.project.vcenters.insert(id, vcenter);
            self.vcenters.insert(key, id);
        }
    }

    /// The vCenter of an object: the one named, else the only one.
    fn vcenter_for(&self, server: Option<&str>) -> Option<VcenterId> {
        if let Some(id) = server.and_then(|name| self.vcenters.get(&name.to_lowercase())) {
            return Some(*id);
        }
        (self.vcenters.len() == 1)
            .then(|| self.vcenters.values().next().copied())
            .flatten()
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

    // ---- Sites and clusters ----------------------------------------------------------------------------------

    fn sites_and_clusters(&mut self) {
        let book = self.book;
        // (datacenter, cluster) pairs and, per cluster, the vCenter its VMs name.
        let mut pairs: BTreeSet<(String, String)> = BTreeSet::new();
        let mut datacenters: BTreeSet<String> = BTreeSet::new();
        let mut cluster_servers: BTreeMap<(String, String), String> = BTreeMap::new();
        // The clusters of hosts whose datacenter vHost does not give.
        let mut datacenterless_hosts: BTreeSet<Option<String>> = BTreeSet::new();
        if let Some(tab) = book.tab("vHost") {
            for row in &tab.rows {
                let datacenter = text(row, VHost::Datacenter).map(Cow::into_owned);
                if datacenter.is_none() && text(row, VHost::Host).is_some() {
                    datacenterless_hosts.insert(text(row, VHost::Cluster).map(Cow::into_owned));
                }
                let datacenter = datacenter.unwrap_or_default();
                if !datacenter.is_empty() {
                    datacenters.insert(datacenter.clone());
                }
                if let Some(cluster) = text(row, VHost::Cluster) {
                    pairs.insert((datacenter, cluster.into_owned()));
                }
            }
        }
        if let Some(tab) = book.tab("vInfo") {
            for row in &tab.rows {
                let datacenter = text(row, VInfo::Datacenter)
                    .map(Cow::into_owned)
                    .unwrap_or_default();
                if !datacenter.is_empty() {
                    datacenters.insert(datacenter.clone());
                }
                if let Some(cluster) = text(row, VInfo::Cluster) {
                    let key = (datacenter, cluster.into_owned());
                    if let Some(server) = text(row, VInfo::SdkServer) {
                        cluster_servers
                            .entry(key.clone())
                            .or_insert_with(|| server.into_owned());
                    }
                    pairs.insert(key);
                }
            }
        }
        for (bare, owner) in merge_datacenterless(&mut pairs) {
            if let Some(server) = cluster_servers.remove(&bare) {
                cluster_servers.entry(owner).or_insert(server);
            }
        }
        // vCluster rows: settings, and the datacenter when the tab has the column or one pair names the cluster.
        let mut settings: BTreeMap<(String, String), &Row> = BTreeMap::new();
        if let Some(tab) = book.tab("vCluster")
            && self.require(
                tab,
                VCluster::Name,
                "a cluster row without a name cannot be used",
            )
        {
            for row in &tab.rows {
                let Some(name) = text(row, VCluster::Name) else {
                    self.report.skip("vCluster", row.number, "no cluster name");
                    continue;
                };
                let datacenter = match text(row, VCluster::Datacenter) {
                    Some(datacenter) => datacenter.into_owned(),
                    None => {
                        let mut owners = pairs.iter().filter(|(_, c)| *c == name);
                        match (owners.next(), owners.next()) {
                            (Some((datacenter, _)), None) => datacenter.clone(),
                            _ => String::new(),
                        }
                    }
                };
                if !datacenter.is_empty() {
                    datacenters.insert(datacenter.clone());
                }
                let key = (datacenter, name.into_owned());
                if settings.contains_key(&key) {
                    self.report.skip(
                        "vCluster",
                        row.number,
                        format!("cluster `{}` appears twice; the first row is kept", key.1),
                    );
                    continue;
                }
                pairs.insert(key.clone());
                settings.insert(key, row);
            }
        }
        for (bare, owner) in merge_datacenterless(&mut pairs) {
            if let Some(server) = cluster_servers.remove(&bare) {
                cluster_servers.entry(owner.clone()).or_insert(server);
            }
            if let Some(row) = settings.remove(&bare) {
                settings.entry(owner).or_insert(row);
            }
        }
        // Such a host sits in its cluster's datacenter, when one is known.
        let hosts_without_datacenter = datacenterless_hosts
            .into_iter()
            .any(|cluster| cluster.is_none_or(|cluster| pairs.contains(&(String::new(), cluster))));
        if hosts_without_datacenter || pairs.iter().any(|(datacenter, _)| datacenter.is_empty()) {
            datacenters.insert(NO_DATACENTER.to_owned());
        }
        for (index, name) in datacenters.into_iter().enumerate() {
            let id = SiteId(index as u32 + 1);
            self.project.sites.insert(
                id,
                Site {
                    name: name.clone(),
                    ..Site::default()
                },
            );
            self.sites.insert(name, id);
        }
        for (index, key) in pairs.into_iter().enumerate() {
            let id = ClusterId(index as u32 + 1);
            let (datacenter, name) = &key;
            let mut cluster = Cluster {
                name: name.clone(),
                vcenter: self.vcenter_for(cluster_servers.get(&key).map(String::as_str)),
                datacenter: datacenter.clone(),
                ..Cluster::default()
            };
            match settings.get(&key) {
                Some(row) => self.cluster_settings(row, &mut cluster),
                None => {
                    cluster.ha = Ha {
                        enabled: false,
                        host_monitoring: false,
                        admission_control: AdmissionControl::Disabled,
                        ..Ha::default()
                    };
                    self.report.guess(
                        "cluster.ha, cluster.drs",
                        "off",
                        "the cluster has no vCluster row",
                        || name.clone(),
                    );
                }
            }
            self.project.clusters.insert(id, cluster);
            self.clusters.insert(key, id);
        }
    }

    fn cluster_settings(&mut self, row: &Row, cluster: &mut Cluster) {
        const TAB: &str = "vCluster";
        let name = cluster.name.clone();
        let ha = self.boolean(TAB, row, VCluster::HaEnabled, "cluster.ha.enabled", &name);
        let admission = self.boolean(
            TAB,
            row,
            VCluster::AdmissionControl,
            "cluster.ha.admission_control",
            &name,
        );
        let failover = self
            .number(
                TAB,
                row,
                VCluster::FailoverLevel,
                "cluster.ha.admission_control",
                &name,
            )
            .and_then(whole);
        let monitoring = text(row, VCluster::HostMonitoring).map(|t| {
            let t = t.to_ascii_lowercase();
            t == "enabled" || t == "true"
        });
        let drs = self.boolean(TAB, row, VCluster::DrsEnabled, "cluster.drs.enabled", &name);
        let dpm = self.boolean(TAB, row, VCluster::DpmEnabled, "cluster.drs.dpm", &name);
        let mut unknown = Vec::new();
        if ha.is_none() {
            unknown.push("HA enabled");
        }
        if drs.is_none() {
            unknown.push("DRS enabled");
        }
        cluster.ha.enabled = ha.unwrap_or(false);
        cluster.ha.host_monitoring = monitoring.unwrap_or(cluster.ha.enabled);
        if monitoring.is_none() && cluster.ha.enabled {
            self.report.guess(
                "cluster.ha.host_monitoring",
                "true",
                "vCluster has no host monitoring value; on is vCenter's default",
                || name.clone(),
            );
        }
        cluster.ha.admission_control = match (cluster.ha.enabled, admission, failover) {
            (false, _, _) | (true, Some(false), _) => AdmissionControl::Disabled,
            (true, _, Some(level)) => AdmissionControl::HostFailures(small(level.max(1))),
            (true, _, None) => {
                self.report.guess(
                    "cluster.ha.admission_control",
                    "HostFailures(1)",
                    "vCluster gives no failover level",
                    || name.clone(),
                );
                AdmissionControl::HostFailures(1)
            }
        };
        cluster.drs = Drs {
            enabled: drs.unwrap_or(false),
            dpm: dpm.unwrap_or(false),
        };
        if !unknown.is_empty() {
            self.report.guess(
                "cluster.ha, cluster.drs",
                "off",
                format!("vCluster gives no {}", unknown.join(" or ")),
                || format!("{name} (vCluster row {})", row.number),
            );
        }
    }

    fn site_of(&self, datacenter: Option<&str>) -> SiteId {
        let name = datacenter
            .filter(|d| !d.is_empty())
            .unwrap_or(NO_DATACENTER);
        self.sites
            .get(name)
            .or_else(|| self.sites.get(NO_DATACENTER))
            .copied()
            .unwrap_or_default()
    }

    /// A cluster by datacenter and name; without a datacenter, the one cluster of that name (see
    /// [`merge_datacenterless`]).
    fn cluster_of(&self, datacenter: Option<&str>, cluster: Option<&str>) -> Option<ClusterId> {
        let cluster = cluster?;
        let datacenter = datacenter.unwrap_or_default();
        let key = (datacenter.to_owned(), cluster.to_owned());
        if let Some(id) = self.clusters.get(&key) {
            return Some(*id);
        }
        if !datacenter.is_empty() {
            return None;
        }
        let mut named = self
            .clusters
            .iter()
            .filter(|((_, name), _)| name == cluster)
            .map(|(_, id)| *id);
        match (named.next(), named.next()) {
            (Some(id), None) => Some(id),
            _ => None,
        }
    }

    // ---- Hosts -----------------------------------------------------------------------------------------------

    fn hosts(&mut self) {
        let book = self.book;
        let Some(tab) = book.tab("vHost") else {
            self.report
                .note("no vHost tab: no hosts imported; VMs keep their cluster but no host");
            return;
        };
        if !self.require(tab, VHost::Host, "a host row without a name cannot be used") {
            return;
        }
        // IDs in datacenter, cluster and name order, so clusters' hosts sit together.
        let mut order: Vec<(&Row, String, String, String)> = Vec::new();
        for row in &tab.rows {
            let Some(name) = text(row, VHost::Host) else {
                self.report.skip("vHost", row.number, "no host name");
                continue;
            };
            let datacenter = text(row, VHost::Datacenter)
                .map(Cow::into_owned)
                .unwrap_or_default();
            let cluster = text(row, VHost::Cluster)
                .map(Cow::into_owned)
                .unwrap_or_default();
            order.push((row, datacenter, cluster, name.into_owned()));
        }
        order.sort_by(|a, b| (&a.1, &a.2, &a.3, a.0.number).cmp(&(&b.1, &b.2, &b.3, b.0.number)));
        let mut unresolved: BTreeMap<String, (u32, String)> = BTreeMap::new();
        let mut blades: BTreeMap<String, u32> = BTreeMap::new();
        let mut next_id = 1;
        for (row, datacenter, cluster, name) in order {
            let key = name.to_lowercase();
            if let Some(first) = self.hosts.get(&key).and_then(|id| self.host_rows.get(id)) {
                self.report.skip(
                    "vHost",
                    row.number,
                    format!("host `{name}` appears twice; row {first} is kept"),
                );
                continue;
            }
            let id = HostId(next_id);
            next_id += 1;
            let host = self.host(row, &name, &datacenter, &cluster, &mut unresolved);
            if host.model.to_ascii_uppercase().contains(" BL") {
                *blades.entry(host.model.clone()).or_default() += 1;
            }
            self.project.hosts.insert(id, host);
            self.hosts.insert(key, id);
            self.host_rows.insert(id, row.number);
        }
        for (series, (count, raw)) in unresolved {
            self.report.note(format!(
                "CPU series `{series}` ({count} hosts, e.g. `{raw}`) is not in the reference data: no FT group or EVC level; a --reference file can add it"
            ));
        }
        for (model, count) in blades {
            self.report.note(format!(
                "{count} hosts are {model} blades, placed as rack servers: the export does not say which enclosure and bay"
            ));
        }
        self.cluster_evc();
    }

    fn host(
        &mut self,
        row: &Row,
        name: &str,
        datacenter: &str,
        cluster: &str,
        unresolved: &mut BTreeMap<String, (u32, String)>,
    ) -> Host {
        const TAB: &str = "vHost";
        let example = || format!("{name} (vHost row {})", row.number);
        let cluster_id = self.cluster_of(Some(datacenter), Some(cluster).filter(|c| !c.is_empty()));
        let site = match cluster_id.and_then(|id| self.project.clusters.get(&id)) {
            Some(cluster) if datacenter.is_empty() => self.site_of(Some(&cluster.datacenter)),
            _ => self.site_of(Some(datacenter)),
        };
        let mut host = Host {
            name: name.to_owned(),
            placement: Placement::RackServer { site, rack: None },
            cluster: cluster_id,
            vcenter: if cluster_id.is_none() {
                self.vcenter_for(None)
            } else {
                None
            },
            vendor: text(row, VHost::Vendor)
                .map(Cow::into_owned)
                .unwrap_or_default(),
            model: text(row, VHost::Model)
                .map(Cow::into_owned)
                .unwrap_or_default(),
            ..Host::default()
        };
        // Hardware.
        let raw_cpu = text(row, VHost::CpuModel).map(Cow::into_owned);
        let mut cpu = Cpu::default();
        match &raw_cpu {
            Some(raw) => {
                let identity = identify_cpu(raw);
                cpu.vendor = identity.vendor;
                if !identity.vendor_known {
                    self.report.guess(
                        "host.cpu.vendor",
                        "Intel",
                        format!("the CPU model `{raw}` names no vendor"),
                        example,
                    );
                }
                cpu.series = identity
                    .series
                    .clone()
                    .unwrap_or_else(|| identity.model_name.clone());
                cpu.model_name = identity.model_name;
                let known = self.reference.cpu_series(&cpu.series).is_some()
                    || self.reference.ft_group_of(&cpu.series).is_some();
                if !known {
                    unresolved
                        .entry(cpu.series.clone())
                        .or_insert_with(|| (0, raw.clone()))
                        .0 += 1;
                }
            }
            None => self.report.guess(
                "host.cpu.series",
                "(empty)",
                "vHost gives no CPU model",
                example,
            ),
        }
        cpu.mhz = self
            .number(TAB, row, VHost::Speed, "host.cpu.mhz", name)
            .and_then(whole)
            .unwrap_or(0);
        let sockets = self
            .number(TAB, row, VHost::Sockets, "host.cpu.sockets", name)
            .and_then(whole);
        let per_socket = self
            .number(
                TAB,
                row,
                VHost::CoresPerCpu,
                "host.cpu.cores_per_socket",
                name,
            )
            .and_then(whole);
        let cores = self
            .number(TAB, row, VHost::Cores, "host.cpu.cores_per_socket", name)
            .and_then(whole);
        cpu.sockets = small(sockets.unwrap_or(0));
        cpu.cores_per_socket = small(match (per_socket, cores, sockets) {
            (Some(per_socket), _, _) => per_socket,
            (None, Some(cores), Some(sockets)) if sockets > 0 => cores / sockets,
            _ => 0,
        });
        cpu.hyperthreading = self
            .boolean(TAB, row, VHost::HtActive, "host.cpu.hyperthreading", name)
            .unwrap_or(false);
        host.memory_gb = self
            .number(TAB, row, VHost::Memory, "host.memory_gb", name)
            .map_or(0, mb_to_gb);
        // What it runs.
        host.esx = self.esx_install(row, name);
        // ESX 4 and later run on 64-bit CPUs only, and every series the reference data knows is 64-bit.
        let known_series = self.reference.cpu_series(&cpu.series).is_some();
        cpu.x64 = true;
        if host.esx.release.major < 4 && !known_series {
            self.report.guess(
                "host.cpu.x64",
                "true",
                "the export does not say; the host runs ESX before 4.0 on a CPU series the reference data does not know",
                example,
            );
        }
        host.cpu = cpu;
        self.bios(row, &mut host.bios, &example);
        host.in_maintenance = self
            .boolean(TAB, row, VHost::InMaintenance, "host.in_maintenance", name)
            .unwrap_or(false);
        match self.boolean(TAB, row, VHost::Dhcp, "host.management_addressing", name) {
            Some(true) => host.management_addressing = Addressing::Dhcp,
            Some(false) => {}
            None => self.report.guess(
                "host.management_addressing",
                "Static",
                "vHost gives no DHCP value",
                example,
            ),
        }
        host
    }

    /// RVTools exports no BIOS setting: VT and NX/XD are known on only where the host runs an active EVC mode
    /// (vCenter admits no host to an EVC cluster without both), else they stay unknown, as does the power profile
    /// (vHost's power policy is ESX's own, not the BIOS profile).
    fn bios(&mut self, row: &Row, bios: &mut Bios, example: &dyn Fn() -> String) {
        let evc = text(row, VHost::CurrentEvc)
            .filter(|mode| !mode.eq_ignore_ascii_case("disabled"))
            .map(Cow::into_owned);
        match evc {
            Some(mode) => {
                bios.hv = Some(true);
                bios.nx_xd = Some(true);
                self.report.guess(
                    "host.bios.hv, host.bios.nx_xd",
                    "on",
                    "the host runs an EVC mode, which needs both on",
                    || format!("{} (Current EVC `{mode}`)", example()),
                );
            }
            None => {
                for field in ["host.bios.hv", "host.bios.nx_xd"] {
                    self.report.unknown(
                        field,
                        "RVTools exports no BIOS setting and the host runs no EVC mode",
                    );
                }
            }
        }
        self.report.unknown(
            "host.bios.power_profile",
            "RVTools exports no BIOS setting (its power policy is ESX's, not the BIOS profile)",
        );
    }

    fn esx_install(&mut self, row: &Row, name: &str) -> EsxInstall {
        let example = || format!("{name} (vHost row {})", row.number);
        let Some(version_text) = text(row, VHost::EsxVersion).map(Cow::into_owned) else {
            let vcenter = self.project.vcenters.values().next().map(|vc| vc.release);
            return match vcenter {
                Some(release) => {
                    // ESX with a service console ended with 4.1.
                    let product = if release.major >= 5 {
                        EsxProduct::Esxi
                    } else {
                        EsxProduct::Esx
                    };
                    self.report.guess(
                        "host.esx",
                        format!("{product:?} {release}"),
                        "vHost gives no ESX version; the vCenter's release is used",
                        example,
                    );
                    EsxInstall {
                        product,
                        release,
                        ..EsxInstall::default()
                    }
                }
                None => {
                    self.report.guess(
                        "host.esx",
                        "Esx 0.0",
                        "neither vHost nor a vCenter gives an ESX version",
                        example,
                    );
                    EsxInstall::default()
                }
            };
        };
        let Some(parsed) = parse_version(&version_text) else {
            self.report.guess(
                "host.esx",
                "Esx 0.0",
                format!("the ESX version `{version_text}` cannot be read"),
                example,
            );
            return EsxInstall::default();
        };
        let product = parsed.product.unwrap_or_else(|| {
            self.report.guess(
                "host.esx.product",
                "Esx",
                format!("`{version_text}` says neither ESX nor ESXi"),
                example,
            );
            EsxProduct::Esx
        });
        let build = parsed.build.unwrap_or(0);
        let known = (build > 0)
            .then(|| self.reference.release_of_build(product, build))
            .flatten();
        let release = match known {
            Some(entry) => entry.release,
            None => {
                if !parsed.has_update {
                    self.report.guess(
                        "host.esx.release",
                        parsed.release.to_string(),
                        format!(
                            "`{version_text}`: the build is not in the reference data, so the Update level is unknown"
                        ),
                        example,
                    );
                }
                parsed.release
            }
        };
        EsxInstall {
            product,
            release,
            build,
            patches: Vec::new(),
        }
    }

    /// A cluster's EVC mode: the Current EVC all its hosts report (none when they report none, or disagree).
    fn cluster_evc(&mut self) {
        let Some(tab) = self.book.tab("vHost") else {
            return;
        };
        if !tab.has(VHost::CurrentEvc.index()) {
            return;
        }
        let mut modes: BTreeMap<ClusterId, BTreeSet<String>> = BTreeMap::new();
        for row in &tab.rows {
            let Some(id) =
                text(row, VHost::Host).and_then(|n| self.hosts.get(&n.to_lowercase()).copied())
            else {
                continue;
            };
            let Some(cluster) = self.project.hosts.get(&id).and_then(|h| h.cluster) else {
                continue;
            };
            let mode = text(row, VHost::CurrentEvc)
                .map(|m| m.to_ascii_lowercase())
                .unwrap_or_default();
            modes.entry(cluster).or_default().insert(mode);
        }
        for (id, modes) in modes {
            let Some(cluster) = self.project.clusters.get_mut(&id) else {
                continue;
            };
            let mut modes = modes.into_iter();
            match (modes.next(), modes.next()) {
                (Some(mode), None) if !mode.is_empty() && mode != "disabled" => {
                    cluster.evc_mode = Some(mode);
                }
                (Some(_), None) => {}
                (Some(first), Some(second)) => {
                    let name = cluster.name.clone();
                    self.report.guess(
                        "cluster.evc_mode",
                        "none",
                        format!(
                            "its hosts report different Current EVC modes (`{first}`, `{second}`...)"
                        ),
                        || name,
                    );
                }
                (None, _) => {}
            }
        }
    }

    // ---- Datastores, networks, licences ----------------------------------------------------------------------

    fn storage_and_networks(&mut self) {
        self.datastores_tab();
        self.networks_from_tabs();
        self.licences();
    }

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

    /// The datastore a disk or path names, seen from a site: the one of that name, or where several datastores
    /// share the name (one per datacenter), the one mounted at that site; a name vDatastore lacks becomes a
    /// datastore of its own.
    fn datastore(&mut self, name: &str, site: Option<SiteId>) -> DatastoreId {
        let candidates = self.datastores.get(name).cloned().unwrap_or_default();
        match candidates.as_slice() {
            [] => self.new_datastore(name),
            [only] => *only,
            [first, ..] => {
                let at_site = site.and_then(|site| {
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
                at_site.unwrap_or_else(|| {
                    let first = *first;
                    self.report.guess(
                        "vm.disks.datastore, datastore.luns",
                        "the first datastore of the name",
                        "several datastores share the name and the site does not tell them apart",
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
    fn vm_site(&self, id: VmId) -> Option<SiteId> {
        let vm = self.project.vms.get(&id)?;
        vm.host.and_then(|host| self.host_site(host)).or_else(|| {
            let cluster = self.project.clusters.get(&vm.cluster?)?;
            self.sites.get(&cluster.datacenter).copied()
        })
    }

    fn datastores_tab(&mut self) {
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
            // A datastore is its URL; without one, its name in its datacenter.
            let key = match text(row, VDatastore::Url) {
                Some(url) => format!("url {}", url.trim_end_matches('/').to_lowercase()),
                None => {
                    let place = datacenter.clone().unwrap_or_else(|| {
                        let names: Vec<String> =
                            sites.iter().map(|site| site.0.to_string()).collect();
                        names.join(",")
                    });
                    format!("name {place}/{name}")
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

    fn network(&mut self, name: &str) -> NetworkId {
        if let Some(id) = self.networks.get(name) {
            return *id;
        }
        let id = NetworkId(self.project.networks.len() as u32 + 1);
        self.project.networks.insert(
            id,
            Network {
                name: name.to_owned(),
                ..Network::default()
            },
        );
        self.networks.insert(name.to_owned(), id);
        id
    }

    /// Networks in name order, so their IDs do not depend on row order.
    fn networks_from_tabs(&mut self) {
        let book = self.book;
        let mut names: BTreeSet<String> = BTreeSet::new();
        if let Some(tab) = book.tab("vNetwork") {
            names.extend(
                tab.rows
                    .iter()
                    .filter_map(|row| text(row, VNetwork::Network).map(Cow::into_owned)),
            );
        } else if let Some(tab) = book.tab("vInfo") {
            for row in &tab.rows {
                for column in VInfo::NETWORKS {
                    names.extend(text(row, column).map(Cow::into_owned));
                }
            }
        }
        if let Some(tab) = book.tab("vSC_VMK") {
            names.extend(
                tab.rows
                    .iter()
                    .filter_map(|row| text(row, VScVmk::PortGroup).map(Cow::into_owned)),
            );
        }
        // Port groups and the VLANs they carry, per host (vPort) and per distributed switch (dvPort).
        let mut vlans: BTreeMap<String, BTreeSet<u16>> = BTreeMap::new();
        let port_groups = book
            .tab("vPort")
            .map(|tab| (tab, VPort::PortGroup.index(), VPort::Vlan.index()));
        let distributed = book
            .tab("dvPort")
            .map(|tab| (tab, DvPort::Port.index(), DvPort::Vlan.index()));
        for (tab, name_column, vlan_column) in port_groups.into_iter().chain(distributed) {
            for row in &tab.rows {
                let Some(name) = row.cell(name_column).text() else {
                    continue;
                };
                if is_uplink_port_group(&name) {
                    continue;
                }
                let entry = vlans.entry(name.clone().into_owned()).or_default();
                entry.extend(vlan_id(row.cell(vlan_column)));
                names.insert(name.into_owned());
            }
        }
        for name in &names {
            self.network(name);
        }
        let mut without_vlan = 0_usize;
        for name in &names {
            let Some(id) = self.networks.get(name).copied() else {
                continue;
            };
            let seen = vlans.get(name).cloned().unwrap_or_default();
            let Some(&vlan) = seen.iter().next() else {
                without_vlan += 1;
                continue;
            };
            if seen.len() > 1 {
                let all: Vec<String> = seen.iter().map(u16::to_string).collect();
                self.report.guess(
                    "network.vlan",
                    vlan.to_string(),
                    "the port group carries different VLANs on different hosts; the lowest is kept",
                    || format!("{name} (VLANs {})", all.join(", ")),
                );
            }
            if let Some(network) = self.project.networks.get_mut(&id) {
                network.vlan = vlan;
            }
        }
        if without_vlan > 0 {
            self.report.guess(
                "network.vlan",
                "0",
                "no vPort or dvPort row gives the port group one VLAN (trunks give none)",
                || format!("{without_vlan} networks"),
            );
        }
    }

    fn licences(&mut self) {
        let book = self.book;
        // Licence names by key, held only while the join runs: keys are never stored or printed.
        let mut names_by_key: HashMap<String, String> = HashMap::new();
        let mut editions: BTreeSet<LicenceEdition> = BTreeSet::new();
        if let Some(tab) = book.tab("vLicense") {
            let mut keys = 0;
            for row in &tab.rows {
                let key = text(row, VLicense::Key).map(|key| key.trim().to_ascii_uppercase());
                if key.is_some() {
                    keys += 1;
                }
                let Some(name) = text(row, VLicense::Name) else {
                    self.report.skip("vLicense", row.number, "no licence name");
                    continue;
                };
                if let Some(key) = key {
                    names_by_key.insert(key, name.clone().into_owned());
                }
                match hardware::host_edition(&name) {
                    Some(edition) => {
                        editions.insert(edition);
                    }
                    None => self.report.skip(
                        "vLicense",
                        row.number,
                        format!("`{name}` is not a host licence edition (the plan records host editions only)"),
                    ),
                }
            }
            if keys > 0 {
                self.report
                    .note(format!("vLicense: {keys} licence keys read and not stored"));
            }
        }
        if let Some(tab) = book.tab("vHost")
            && tab.has(VHost::AssignedLicence.index())
        {
            self.assigned_licences(tab, &names_by_key);
            return;
        }
        let hosts: Vec<HostId> = self.project.hosts.keys().copied().collect();
        let mut editions = editions.into_iter();
        let why = match (editions.next(), editions.next()) {
            (Some(edition), None) => {
                for id in hosts {
                    if let Some(host) = self.project.hosts.get_mut(&id) {
                        host.licence = edition;
                        let name = host.name.clone();
                        self.report.guess(
                            "host.licence",
                            format!("{edition:?}"),
                            "the only host edition in vLicense; vHost does not say which host holds which licence",
                            || name,
                        );
                    }
                }
                return;
            }
            (Some(_), Some(_)) => {
                "vLicense names several host editions and vHost does not say which host holds which"
            }
            (None, _) if book.tab("vLicense").is_some() => "vLicense names no host edition",
            (None, _) => "the export has no vLicense tab and vHost no assigned licence",
        };
        for id in hosts {
            if let Some(host) = self.project.hosts.get_mut(&id) {
                host.licence = LicenceEdition::Unknown;
                self.report.unknown("host.licence", why);
            }
        }
    }

    /// Each host's edition from vHost's assigned licence (a key, joined to vLicense's name, or a name); unknown
    /// where the join fails. The cell is never quoted: it may be a key.
    fn assigned_licences(&mut self, tab: &Tab, names_by_key: &HashMap<String, String>) {
        for row in &tab.rows {
            let Some(id) =
                text(row, VHost::Host).and_then(|n| self.hosts.get(&n.to_lowercase()).copied())
            else {
                continue;
            };
            let assigned = text(row, VHost::AssignedLicence);
            let edition = assigned.as_deref().and_then(|assigned| {
                // A host may hold several licences (RVTools joins them with commas): the first host edition.
                assigned.split(',').find_map(|part| {
                    let part = part.trim();
                    let name = names_by_key
                        .get(&part.to_ascii_uppercase())
                        .map_or(part, String::as_str);
                    hardware::host_edition(name)
                })
            });
            let Some(host) = self.project.hosts.get_mut(&id) else {
                continue;
            };
            match edition {
                Some(edition) => host.licence = edition,
                None => {
                    host.licence = LicenceEdition::Unknown;
                    self.report.unknown(
                        "host.licence",
                        if assigned.is_some() {
                            "vHost's assigned licence matches no host edition of vLicense"
                        } else {
                            "vHost gives the host no assigned licence"
                        },
                    );
                }
            }
        }
    }

    // ---- VMs -------------------------------------------------------------------------------------------------

    /// The host a VM row names: by name, by name without its domain, else the one host of the VM's cluster whose
    /// name ends the VM's host name (exports whose names were shortened); the last is recorded as guessed.
    fn resolve_host(
        &mut self,
        name: &str,
        cluster: Option<ClusterId>,
        example: &str,
    ) -> Option<HostId> {
        let key = (name.to_lowercase(), cluster);
        let (found, guessed) = match self.host_matches.get(&key) {
            Some(known) => *known,
            None => {
                let known = self.match_host(&key.0, cluster);
                self.host_matches.insert(key, known);
                known
            }
        };
        if guessed || found.is_none() {
            self.record_host_match(name, found, example);
        }
        found
    }

    /// A host by exact name, by name without domain, or (guessed) by name suffix within the cluster.
    fn match_host(&self, lower: &str, cluster: Option<ClusterId>) -> (Option<HostId>, bool) {
        if let Some(id) = self.hosts.get(lower) {
            return (Some(*id), false);
        }
        let short = |n: &str| n.split('.').next().unwrap_or_default().to_owned();
        let wanted = short(lower);
        let unique = |mut ids: Box<dyn Iterator<Item = HostId> + '_>| match (ids.next(), ids.next())
        {
            (Some(id), None) => Some(id),
            _ => None,
        };
        let by_short = unique(Box::new(
            self.hosts
                .iter()
                .filter(|(host, _)| short(host) == wanted)
                .map(|(_, id)| *id),
        ));
        if by_short.is_some() {
            return (by_short, false);
        }
        let by_suffix = unique(Box::new(
            self.project
                .hosts
                .iter()
                .filter(|(_, host)| {
                    let host_short = short(&host.name.to_lowercase());
                    host.cluster == cluster
                        && host_short.len() >= 4
                        && (wanted.ends_with(&host_short) || host_short.ends_with(&wanted))
                })
                .map(|(id, _)| *id),
        ));
        (by_suffix, by_suffix.is_some())
    }

    fn record_host_match(&mut self, name: &str, found: Option<HostId>, example: &str) {
        match found {
            Some(id) => {
                let host = self.project.host_name(id);
                self.report.guess(
                    "vm.host",
                    "the one host of the VM's cluster whose name ends the given name",
                    "vInfo names a host that vHost does not have (the notes list each pair)",
                    || format!("`{name}` taken as `{host}` for {example}"),
                );
            }
            None => self.report.guess(
                "vm.host",
                "none",
                "vInfo names a host that vHost does not have and no host of the cluster matches (the notes list them)",
                || format!("`{name}` for {example}"),
            ),
        }
    }

    /// Notes every host name of vInfo that vHost lacks, and how it was resolved, in name order.
    fn note_host_matches(&mut self) {
        let mut matched: BTreeMap<String, String> = BTreeMap::new();
        let mut unmatched: BTreeSet<String> = BTreeSet::new();
        let mut pairs: Vec<(&HostReference, &HostMatch)> = self.host_matches.iter().collect();
        pairs.sort();
        for ((name, _), (found, guessed)) in pairs {
            match found {
                Some(id) if *guessed => {
                    matched.insert(name.clone(), self.project.host_name(*id));
                }
                Some(_) => {}
                None => {
                    unmatched.insert(name.clone());
                }
            }
        }
        if !matched.is_empty() {
            let pairs: Vec<String> = matched
                .iter()
                .map(|(from, to)| format!("{from} as {to}"))
                .collect();
            self.report.note(format!(
                "{} host names of vInfo matched a vHost host by the end of the name: {}",
                pairs.len(),
                pairs.join(", ")
            ));
        }
        if !unmatched.is_empty() {
            let names: Vec<&str> = unmatched.iter().map(String::as_str).collect();
            self.report.note(format!(
                "{} host names of vInfo are not in vHost, so their VMs have no host: {}",
                names.len(),
                names.join(", ")
            ));
        }
    }

    fn vms(&mut self) {
        let book = self.book;
        let Some(tab) = book.tab("vInfo") else {
            self.report.note("no vInfo tab: no VMs imported");
            return;
        };
        if !self.require(tab, VInfo::Vm, "a VM row without a name cannot be used") {
            return;
        }
        if !tab.has(VInfo::HwVersion.index()) && !tab.rows.is_empty() {
            self.report.note(
                "vInfo has no HW version column: the VMs' virtual hardware is unknown (0), so the planner plans no Tools or hardware 7 upgrade for them",
            );
        }
        let mut secondaries: Vec<&Row> = Vec::new();
        for row in &tab.rows {
            let Some(name) = text(row, VInfo::Vm).map(Cow::into_owned) else {
                self.report.skip("vInfo", row.number, "no VM name");
                continue;
            };
            let role = text(row, VInfo::FtRole).map(|r| r.to_ascii_lowercase());
            if role
                .as_deref()
                .is_some_and(|r| r == "2" || r.contains("secondary"))
            {
                secondaries.push(row);
                continue;
            }
            let id = VmId(self.project.vms.len() as u32 + 1);
            let vm = self.vm(row, &name);
            for column in [VInfo::VmUuid, VInfo::VmId] {
                if let Some(key) = text(row, column) {
                    self.vm_keys.insert(key.into_owned(), id);
                }
            }
            self.vm_names.entry(name).or_default().push(id);
            self.project.vms.insert(id, vm);
        }
        for row in secondaries {
            let name = text(row, VInfo::Vm)
                .map(Cow::into_owned)
                .unwrap_or_default();
            for column in [VInfo::VmUuid, VInfo::VmId] {
                if let Some(key) = text(row, column)
                    && !self.vm_keys.contains_key(key.as_ref())
                {
                    self.ft_secondary_keys
                        .insert(key.into_owned(), name.clone());
                }
            }
            self.ft_secondary(row);
        }
        self.note_host_matches();
    }

    fn vm(&mut self, row: &Row, name: &str) -> Vm {
        const TAB: &str = "vInfo";
        let example = format!("{name} (vInfo row {})", row.number);
        let datacenter = text(row, VInfo::Datacenter);
        let cluster_name = text(row, VInfo::Cluster);
        let mut vm = Vm {
            name: name.to_owned(),
            cluster: self.cluster_of(datacenter.as_deref(), cluster_name.as_deref()),
            ..Vm::default()
        };
        if let Some(host) = text(row, VInfo::Host) {
            vm.host = self.resolve_host(&host, vm.cluster, &example);
            if vm.cluster.is_none() {
                vm.cluster = vm
                    .host
                    .and_then(|id| self.project.hosts.get(&id))
                    .and_then(|h| h.cluster);
            }
        }
        vm.power = match text(row, VInfo::Power)
            .map(|p| p.to_ascii_lowercase())
            .as_deref()
        {
            Some("poweredon") => PowerState::PoweredOn,
            Some("poweredoff") => PowerState::PoweredOff,
            Some("suspended") => {
                self.report.guess(
                    "vm.power",
                    "PoweredOff",
                    "the VM is suspended; dcplan knows on and off",
                    || example.clone(),
                );
                PowerState::PoweredOff
            }
            other => {
                self.report.guess(
                    "vm.power",
                    "PoweredOn",
                    format!("vInfo gives the power state `{}`", other.unwrap_or("")),
                    || example.clone(),
                );
                PowerState::PoweredOn
            }
        };
        vm.template = self
            .boolean(TAB, row, VInfo::Template, "vm.template", name)
            .unwrap_or(false);
        vm.connection = match text(row, VInfo::Connection)
            .map(|state| state.to_ascii_lowercase())
            .as_deref()
        {
            None | Some("connected") => VmConnection::Connected,
            Some("disconnected") => VmConnection::Disconnected,
            Some("inaccessible") => VmConnection::Inaccessible,
            Some("orphaned") => VmConnection::Orphaned,
            Some("invalid") => VmConnection::Invalid,
            Some(other) => {
                self.report.guess(
                    "vm.connection",
                    "Connected",
                    format!("vInfo gives the connection state `{other}`"),
                    || example.clone(),
                );
                VmConnection::Connected
            }
        };
        vm.vcpus = self
            .number(TAB, row, VInfo::Cpus, "vm.vcpus", name)
            .and_then(whole)
            .unwrap_or(0);
        vm.memory_mb = self
            .number(TAB, row, VInfo::Memory, "vm.memory_mb", name)
            .and_then(whole)
            .unwrap_or(0);
        if let Some(version) = text(row, VInfo::HwVersion) {
            let digits: String = version.chars().filter(char::is_ascii_digit).collect();
            match digits.parse::<u8>() {
                Ok(hw) => vm.hw_version = (hw > 0).then_some(hw),
                Err(_) => self.report.guess(
                    "vm.hw_version",
                    "0",
                    format!("vInfo column `HW version` holds `{version}`"),
                    || example.clone(),
                ),
            }
        }
        vm.guest_os = text(row, VInfo::OsConfig)
            .or_else(|| text(row, VInfo::OsTools))
            .map(Cow::into_owned)
            .unwrap_or_default();
        let ft_state = text(row, VInfo::FtState).map(|s| s.to_ascii_lowercase());
        match ft_state.as_deref() {
            None | Some("notconfigured") => {}
            Some("disabled") => {
                self.report
                    .guess("vm.ft", "off", "FT is configured but disabled", || {
                        example.clone()
                    })
            }
            Some(_) => vm.ft = Some(FtProtection::default()),
        }
        if self.book.tab("vNetwork").is_none() {
            for column in VInfo::NETWORKS {
                if let Some(network) = text(row, column) {
                    let network = self.network(&network);
                    vm.nics.push(Vnic {
                        network,
                        adapter: NicAdapter::E1000,
                    });
                    self.report.guess(
                        "vm.nics.adapter",
                        "E1000",
                        "no vNetwork tab: NICs come from vInfo's Network columns, which give no adapter type",
                        || example.clone(),
                    );
                }
            }
        }
        vm
    }

    /// An FT Secondary is not a VM of its own in the plan: its host becomes the Primary's `secondary_host`.
    fn ft_secondary(&mut self, row: &Row) {
        let Some(name) = text(row, VInfo::Vm).map(Cow::into_owned) else {
            return;
        };
        let primary = self.vm_names.get(&name).and_then(|ids| {
            ids.iter()
                .copied()
                .find(|id| self.project.vms.get(id).is_some_and(Vm::is_ft))
        });
        let Some(primary) = primary else {
            self.report.skip(
                "vInfo",
                row.number,
                format!("FT Secondary of `{name}`, whose Primary is not in vInfo"),
            );
            return;
        };
        let example = format!("{name} (vInfo row {})", row.number);
        let cluster = self.project.vms.get(&primary).and_then(|vm| vm.cluster);
        let host =
            text(row, VInfo::Host).and_then(|host| self.resolve_host(&host, cluster, &example));
        if let Some(vm) = self.project.vms.get_mut(&primary) {
            vm.ft = Some(FtProtection {
                secondary_host: host,
            });
        }
        self.report.note(format!(
            "vInfo row {}: the FT Secondary of `{name}` is recorded on its Primary",
            row.number
        ));
    }

    /// The VM a detail row belongs to: by VM UUID or VM ID when both tabs have them, else by name.
    fn find_vm(
        &mut self,
        tab: &'static str,
        row: &Row,
        keys: [Option<Cow<'_, str>>; 2],
        name: Option<Cow<'_, str>>,
    ) -> Option<VmId> {
        if let Some(primary) = keys
            .iter()
            .flatten()
            .find_map(|key| self.ft_secondary_keys.get(key.as_ref()))
            .cloned()
        {
            self.report.skip(
                tab,
                row.number,
                format!(
                    "the row of the FT Secondary of `{primary}`: the Primary's row describes the VM"
                ),
            );
            return None;
        }
        for key in keys.iter().flatten() {
            if let Some(id) = self.vm_keys.get(key.as_ref()) {
                return Some(*id);
            }
        }
        let Some(name) = name else {
            self.report.skip(tab, row.number, "no VM name");
            return None;
        };
        match self.vm_names.get(name.as_ref()).map(Vec::as_slice) {
            Some([id]) => Some(*id),
            Some([first, ..]) => {
                let first = *first;
                self.report.guess(
                    "vm (row owner)",
                    format!("the first `{name}`"),
                    format!("several VMs are named `{name}` and the row has no VM UUID or VM ID"),
                    || format!("{tab} row {}", row.number),
                );
                Some(first)
            }
            _ => {
                self.report
                    .skip(tab, row.number, format!("VM `{name}` is not in vInfo"));
                None
            }
        }
    }

    /// The rows of a per-VM tab, each with the VM it belongs to (by VM UUID, VM ID, then name) and that VM's name.
    /// A tab without its VM column, and rows that match no VM, are recorded as skipped.
    fn vm_rows<C: Column>(
        &mut self,
        tab: &'a Tab,
        vm: C,
        uuid: C,
        id: C,
    ) -> Vec<(&'a Row, VmId, String)> {
        if !self.require(tab, vm, "a row without a VM name cannot be tied to a VM") {
            return Vec::new();
        }
        let mut rows = Vec::with_capacity(tab.rows.len());
        for row in &tab.rows {
            let keys = [text(row, uuid), text(row, id)];
            if let Some(found) = self.find_vm(tab.canonical, row, keys, text(row, vm)) {
                let name = self
                    .project
                    .vms
                    .get(&found)
                    .map(|vm| vm.name.clone())
                    .unwrap_or_default();
                rows.push((row, found, name));
            }
        }
        rows
    }

    fn vm_details(&mut self) {
        self.vcpus_and_memory();
        self.disks();
        self.vnics();
        self.snapshots();
        self.tools();
        let unset: Vec<VmId> = self
            .project
            .vms
            .iter()
            .filter(|(_, vm)| vm.vcpus == 0)
            .map(|(id, _)| *id)
            .collect();
        for id in unset {
            if let Some(vm) = self.project.vms.get_mut(&id) {
                vm.vcpus = 1;
                let name = vm.name.clone();
                self.report.guess(
                    "vm.vcpus",
                    "1",
                    "neither vInfo nor vCPU gives a CPU count",
                    || name,
                );
            }
        }
    }

    fn vcpus_and_memory(&mut self) {
        let book = self.book;
        if let Some(tab) = book.tab("vCPU") {
            for (row, id, name) in self.vm_rows(tab, VCpu::Vm, VCpu::VmUuid, VCpu::VmId) {
                let cpus = self
                    .number("vCPU", row, VCpu::Cpus, "vm.vcpus", &name)
                    .and_then(whole);
                let reservation = self
                    .number(
                        "vCPU",
                        row,
                        VCpu::Reservation,
                        "vm.cpu_reservation_mhz",
                        &name,
                    )
                    .and_then(whole);
                let hot_add = self.boolean("vCPU", row, VCpu::HotAdd, "vm.hot_add", &name);
                let Some(vm) = self.project.vms.get_mut(&id) else {
                    continue;
                };
                vm.cpu_reservation_mhz = reservation.unwrap_or(0);
                vm.hot_add |= hot_add.unwrap_or(false);
                match cpus {
                    Some(cpus) if vm.vcpus == 0 => vm.vcpus = cpus,
                    Some(cpus) if cpus != vm.vcpus => {
                        let example = format!("{name}: vInfo {}, vCPU {cpus}", vm.vcpus);
                        self.report.guess(
                            "vm.vcpus",
                            "vInfo's count",
                            "the vCPU tab gives another count",
                            || example,
                        );
                    }
                    _ => {}
                }
            }
        }
        if let Some(tab) = book.tab("vMemory") {
            for (row, id, name) in self.vm_rows(tab, VMemory::Vm, VMemory::VmUuid, VMemory::VmId) {
                let size = self
                    .number("vMemory", row, VMemory::Size, "vm.memory_mb", &name)
                    .and_then(whole);
                let reservation = self
                    .number(
                        "vMemory",
                        row,
                        VMemory::Reservation,
                        "vm.memory_reservation_mb",
                        &name,
                    )
                    .and_then(whole);
                let hot_add = self.boolean("vMemory", row, VMemory::HotAdd, "vm.hot_add", &name);
                let Some(vm) = self.project.vms.get_mut(&id) else {
                    continue;
                };
                vm.memory_reservation_mb = reservation.unwrap_or(0);
                vm.hot_add |= hot_add.unwrap_or(false);
                match size {
                    Some(size) if vm.memory_mb == 0 => vm.memory_mb = size,
                    Some(size) if size != vm.memory_mb => {
                        let example =
                            format!("{name}: vInfo {} MB, vMemory {size} MB", vm.memory_mb);
                        self.report.guess(
                            "vm.memory_mb",
                            "vInfo's size",
                            "the vMemory tab gives another size",
                            || example,
                        );
                    }
                    _ => {}
                }
            }
        }
    }

    fn disks(&mut self) {
        const TAB: &str = "vDisk";
        let book = self.book;
        let Some(tab) = book.tab(TAB) else {
            if !self.project.vms.is_empty() {
                self.report
                    .note("no vDisk tab: VMs are imported without disks");
            }
            return;
        };
        for (row, id, name) in self.vm_rows(tab, VDisk::Vm, VDisk::VmUuid, VDisk::VmId) {
            let example = || format!("{name} (vDisk row {})", row.number);
            let raw = self
                .boolean(TAB, row, VDisk::Raw, "vm.disks.format", &name)
                .unwrap_or(false);
            let thin = self
                .boolean(TAB, row, VDisk::Thin, "vm.disks.format", &name)
                .unwrap_or(false);
            let eager = self
                .boolean(TAB, row, VDisk::EagerlyScrub, "vm.disks.format", &name)
                .unwrap_or(false);
            let format = if raw {
                match text(row, VDisk::RawMode).map(|m| m.to_ascii_lowercase()) {
                    Some(mode) if mode.contains("physical") => DiskFormat::RdmPhysical,
                    Some(mode) if mode.contains("virtual") => DiskFormat::RdmVirtual,
                    _ => {
                        self.report.guess(
                            "vm.disks.format",
                            "RdmVirtual",
                            "an RDM whose compatibility mode vDisk does not give",
                            example,
                        );
                        DiskFormat::RdmVirtual
                    }
                }
            } else if thin {
                DiskFormat::Thin
            } else if eager {
                DiskFormat::EagerZeroedThick
            } else {
                DiskFormat::LazyZeroedThick
            };
            let size_gb = self
                .number(TAB, row, VDisk::Capacity, "vm.disks.size_gb", &name)
                .map_or(0, mb_to_gb);
            let site = self.vm_site(id);
            let datastore = text(row, VDisk::Path)
                .and_then(|path| datastore_in_path(&path).map(str::to_owned))
                .map(|datastore| self.datastore(&datastore, site));
            let controller = text(row, VDisk::Controller).and_then(|c| scsi_kind(&c));
            let shared = text(row, VDisk::SharedBus).is_some_and(|s| {
                s.to_ascii_lowercase().contains("virtual")
                    || s.to_ascii_lowercase().contains("physical")
            });
            let Some(vm) = self.project.vms.get_mut(&id) else {
                continue;
            };
            let label = text(row, VDisk::Disk)
                .map(Cow::into_owned)
                .unwrap_or_else(|| format!("Hard disk {}", vm.disks.len() + 1));
            vm.disks.push(Disk {
                label,
                size_gb,
                format,
                datastore,
                rdm_lun: None,
            });
            if let Some(kind) = controller {
                let wanted = ScsiController {
                    kind,
                    shared_bus: shared,
                };
                if !vm.scsi_controllers.contains(&wanted) {
                    vm.scsi_controllers.push(wanted);
                }
            }
        }
    }

    fn vnics(&mut self) {
        const TAB: &str = "vNetwork";
        let book = self.book;
        let Some(tab) = book.tab(TAB) else {
            return;
        };
        for (row, id, name) in self.vm_rows(tab, VNetwork::Vm, VNetwork::VmUuid, VNetwork::VmId) {
            let Some(network) = text(row, VNetwork::Network) else {
                self.report.skip(
                    TAB,
                    row.number,
                    "the Network cell is empty, and a NIC of the plan must name its port group",
                );
                continue;
            };
            let network = self.network(&network);
            let adapter_text = text(row, VNetwork::Adapter)
                .map(Cow::into_owned)
                .unwrap_or_default();
            let adapter = match nic_adapter(&adapter_text) {
                Some(adapter) => adapter,
                None => {
                    self.report.guess(
                        "vm.nics.adapter",
                        "E1000",
                        format!("dcplan has no adapter type `{adapter_text}`"),
                        || format!("{name} (vNetwork row {})", row.number),
                    );
                    NicAdapter::E1000
                }
            };
            if let Some(vm) = self.project.vms.get_mut(&id) {
                vm.nics.push(Vnic { network, adapter });
            }
        }
    }

    fn snapshots(&mut self) {
        let book = self.book;
        let Some(tab) = book.tab("vSnapshot") else {
            return;
        };
        for (_, id, _) in self.vm_rows(tab, VSnapshot::Vm, VSnapshot::VmUuid, VSnapshot::VmId) {
            if let Some(vm) = self.project.vms.get_mut(&id) {
                vm.snapshots += 1;
            }
        }
    }

    fn tools(&mut self) {
        const TAB: &str = "vTools";
        let book = self.book;
        let Some(tab) = book.tab(TAB) else {
            let names: Vec<String> = self
                .project
                .vms
                .values()
                .map(|vm| vm.name.clone())
                .collect();
            for name in names {
                self.report
                    .guess("vm.tools", "Current", "no vTools tab", || name);
            }
            return;
        };
        for (row, id, name) in self.vm_rows(tab, VTools::Vm, VTools::VmUuid, VTools::VmId) {
            let upgradeable = self.boolean(TAB, row, VTools::Upgradeable, "vm.tools", &name);
            let status = text(row, VTools::Tools).map(|t| t.to_ascii_lowercase());
            let tools = match (status.as_deref(), upgradeable) {
                (Some("toolsnotinstalled"), _) => ToolsStatus::NotInstalled,
                (Some("toolsold"), _) | (_, Some(true)) => ToolsStatus::Old,
                (Some("toolsok"), _) | (_, Some(false)) => ToolsStatus::Current,
                (other, None) => {
                    self.report.guess(
                        "vm.tools",
                        "Current",
                        format!(
                            "vTools gives the status `{}` and no Upgradeable value",
                            other.unwrap_or("")
                        ),
                        || format!("{name} (vTools row {})", row.number),
                    );
                    ToolsStatus::Current
                }
            };
            if let Some(vm) = self.project.vms.get_mut(&id) {
                vm.tools = tools;
            }
        }
    }

    // ---- Host details: NICs, switches, VMkernel ports, paths ---------------------------------------------------

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

    fn host_in(
        &mut self,
        tab: &'static str,
        row: &Row,
        name: Option<Cow<'_, str>>,
    ) -> Option<HostId> {
        let Some(name) = name else {
            self.report.skip(tab, row.number, "no host name");
            return None;
        };
        let found = self.hosts.get(&name.to_lowercase()).copied();
        if found.is_none() {
            self.report
                .skip(tab, row.number, format!("host `{name}` is not in vHost"));
        }
        found
    }

    /// The hosts' physical NICs; returns each host's fastest link speed as vNIC gives it (0 when unknown).
    fn physical_nics(&mut self) -> HashMap<HostId, u32> {
        const TAB: &str = "vNIC";
        let book = self.book;
        let mut link_mbps: HashMap<HostId, u32> = HashMap::new();
        let Some(tab) = book.tab(TAB) else {
            return link_mbps;
        };
        if !self.require(tab, VNic::Host, "a row without a host cannot be placed") {
            return link_mbps;
        }
        for row in &tab.rows {
            let Some(id) = self.host_in(TAB, row, text(row, VNic::Host)) else {
                continue;
            };
            let name = text(row, VNic::Device)
                .map(Cow::into_owned)
                .unwrap_or_default();
            let speed = self
                .number(TAB, row, VNic::Speed, "host.nic_ports.kind", &name)
                .and_then(whole)
                .unwrap_or(0);
            let kind = if speed >= 10_000 {
                NicKind::TenGbe
            } else {
                NicKind::OneGbe
            };
            let fastest = link_mbps.entry(id).or_default();
            *fastest = (*fastest).max(speed);
            if let Some(host) = self.project.hosts.get_mut(&id) {
                host.nic_ports.push(NicPort {
                    name,
                    kind,
                    ..NicPort::default()
                });
            }
        }
        link_mbps
    }

    /// Standard vSwitches (vSwitch, with their port groups from vPort) and distributed ones (dvSwitch, with
    /// theirs from dvPort). A standard switch of one name whose port groups differ between hosts becomes one
    /// switch per set of port groups, so each host carries exactly the networks it has.
    fn switches(&mut self) {
        let book = self.book;
        // A host's port groups are known only when every tab that lists them is there: standard ones from vPort,
        // distributed ones from dvPort on the members dvSwitch names.
        let missing: Vec<&str> = ["vPort", "dvSwitch", "dvPort"]
            .into_iter()
            .filter(|tab| book.tab(tab).is_none())
            .collect();
        if !missing.is_empty() {
            let why = format!("the export has no {} tab", or_list(&missing));
            self.mark_unrecorded("host.port_groups", &why, |lists| &mut lists.port_groups);
        } else if let Some(tab) = book.tab("dvSwitch")
            && !tab.has(DvSwitch::HostMembers.index())
        {
            let why = format!(
                "dvSwitch has no `{}` column",
                DvSwitch::HostMembers.header()
            );
            self.mark_unrecorded("host.port_groups", &why, |lists| &mut lists.port_groups);
        }
        // Port groups of each (host, standard switch).
        let mut standard: BTreeMap<(HostId, String), BTreeSet<NetworkId>> = BTreeMap::new();
        if let Some(tab) = book.tab("vSwitch")
            && self.require(tab, VSwitch::Host, "a row without a host cannot be placed")
        {
            for row in &tab.rows {
                let Some(host) = self.host_in("vSwitch", row, text(row, VSwitch::Host)) else {
                    continue;
                };
                let Some(name) = text(row, VSwitch::Switch) else {
                    self.report.skip("vSwitch", row.number, "no switch name");
                    continue;
                };
                standard.entry((host, name.into_owned())).or_default();
            }
        }
        if let Some(tab) = book.tab("vPort")
            && self.require(tab, VPort::Host, "a row without a host cannot be placed")
        {
            for row in &tab.rows {
                let Some(host) = self.host_in("vPort", row, text(row, VPort::Host)) else {
                    continue;
                };
                let (Some(group), Some(switch)) =
                    (text(row, VPort::PortGroup), text(row, VPort::Switch))
                else {
                    self.report
                        .skip("vPort", row.number, "no port group or switch name");
                    continue;
                };
                let network = self.network(&group);
                standard
                    .entry((host, switch.into_owned()))
                    .or_default()
                    .insert(network);
            }
        }
        // Switch name -> port group set -> hosts; the set most hosts share keeps the plain name.
        let mut grouped: BTreeMap<String, BTreeMap<Vec<NetworkId>, Vec<HostId>>> = BTreeMap::new();
        for ((host, name), networks) in standard {
            grouped
                .entry(name)
                .or_default()
                .entry(networks.into_iter().collect())
                .or_default()
                .push(host);
        }
        let mut switches: Vec<Vswitch> = Vec::new();
        for (name, sets) in grouped {
            let mut sets: Vec<(Vec<NetworkId>, Vec<HostId>)> = sets.into_iter().collect();
            sets.sort_by_key(|(_, hosts)| std::cmp::Reverse(hosts.len()));
            if sets.len() > 1 {
                self.report.note(format!(
                    "standard switch `{name}` has different port groups on different hosts: imported as {} switches, one per set of port groups",
                    sets.len()
                ));
            }
            for (variant, (networks, hosts)) in sets.into_iter().enumerate() {
                switches.push(Vswitch {
                    name: if variant == 0 {
                        name.clone()
                    } else {
                        format!("{name} ({})", variant + 1)
                    },
                    kind: VswitchKind::Standard,
                    hosts,
                    networks,
                    ..Vswitch::default()
                });
            }
        }
        // Distributed switches: members from dvSwitch, port groups from dvPort.
        let mut distributed: BTreeMap<String, (Vec<HostId>, BTreeSet<NetworkId>)> = BTreeMap::new();
        if let Some(tab) = book.tab("dvSwitch")
            && self.require(
                tab,
                DvSwitch::Switch,
                "a distributed switch without a name cannot be used",
            )
        {
            for row in &tab.rows {
                let Some(name) = text(row, DvSwitch::Switch) else {
                    self.report.skip("dvSwitch", row.number, "no switch name");
                    continue;
                };
                let members: Vec<HostId> = text(row, DvSwitch::HostMembers)
                    .map(|members| {
                        members
                            .split(',')
                            .filter_map(|h| self.hosts.get(&h.trim().to_lowercase()).copied())
                            .collect()
                    })
                    .unwrap_or_default();
                let (hosts, _) = distributed.entry(name.into_owned()).or_default();
                for member in members {
                    if !hosts.contains(&member) {
                        hosts.push(member);
                    }
                }
            }
        }
        if let Some(tab) = book.tab("dvPort")
            && self.require(
                tab,
                DvPort::Port,
                "a port group without a name cannot be used",
            )
        {
            for row in &tab.rows {
                let (Some(port), Some(switch)) =
                    (text(row, DvPort::Port), text(row, DvPort::Switch))
                else {
                    self.report
                        .skip("dvPort", row.number, "no port group or switch name");
                    continue;
                };
                if is_uplink_port_group(&port) {
                    self.report.skip(
                        "dvPort",
                        row.number,
                        "the uplink port group of a distributed switch: no VM connects to it",
                    );
                    continue;
                }
                let network = self.network(&port);
                distributed
                    .entry(switch.into_owned())
                    .or_default()
                    .1
                    .insert(network);
            }
        }
        for (name, (hosts, networks)) in distributed {
            switches.push(Vswitch {
                name,
                kind: VswitchKind::Distributed,
                hosts,
                networks: networks.into_iter().collect(),
                ..Vswitch::default()
            });
        }
        for (index, vswitch) in switches.into_iter().enumerate() {
            self.project
                .vswitches
                .insert(VswitchId(index as u32 + 1), vswitch);
        }
    }

    /// Marks a list as not recorded on every host (the export lacks what gives it), and reports it as not given.
    fn mark_unrecorded(
        &mut self,
        field: &str,
        why: &str,
        list: impl Fn(&mut Unrecorded) -> &mut bool,
    ) {
        for host in self.project.hosts.values_mut() {
            *list(&mut host.unrecorded) = true;
        }
        let hosts = u32::try_from(self.project.hosts.len()).unwrap_or(u32::MAX);
        self.report.unknowns_of(field, why, hosts);
    }

    /// `link_mbps`: each host's fastest physical NIC speed, from [`Self::physical_nics`].
    fn vmkernel_ports(&mut self, link_mbps: &HashMap<HostId, u32>) {
        const TAB: &str = "vSC_VMK";
        let book = self.book;
        let Some(tab) = book.tab(TAB) else {
            self.mark_unrecorded(
                "host.vmkernel_ports",
                "the export has no vSC_VMK tab",
                |lists| &mut lists.vmkernel_ports,
            );
            return;
        };
        if !self.require(tab, VScVmk::Host, "a row without a host cannot be placed") {
            let why = format!("vSC_VMK has no `{}` column", VScVmk::Host.header());
            self.mark_unrecorded("host.vmkernel_ports", &why, |lists| {
                &mut lists.vmkernel_ports
            });
            return;
        }
        for row in &tab.rows {
            let Some(id) = self.host_in(TAB, row, text(row, VScVmk::Host)) else {
                continue;
            };
            let port_group = text(row, VScVmk::PortGroup)
                .map(Cow::into_owned)
                .unwrap_or_default();
            let device = text(row, VScVmk::Device)
                .map(Cow::into_owned)
                .unwrap_or_default();
            let ip = text(row, VScVmk::Ip)
                .map(Cow::into_owned)
                .unwrap_or_default();
            let subnet = text(row, VScVmk::SubnetMask)
                .and_then(|mask| subnet_of(&ip, &mask))
                .unwrap_or_default();
            let lower = port_group.to_ascii_lowercase();
            let mut roles = Vec::new();
            if lower.contains("vmotion") {
                roles.push(VmkRole::Vmotion);
            }
            if lower.contains("fault")
                || lower
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|w| w == "ft")
            {
                roles.push(VmkRole::FtLogging);
            }
            // A vswif device is a service console port whatever its port group is called.
            let console = device.to_ascii_lowercase().starts_with("vswif");
            let management = console
                || lower.contains("management")
                || lower.contains("mgmt")
                || lower.contains("service console");
            let host_name = self.project.host_name(id);
            let example = || format!("{host_name} {device} (vSC_VMK row {})", row.number);
            if !console && management {
                self.report.guess(
                    "host.management_interfaces",
                    "a management VMkernel port",
                    "from the port group's name: RVTools does not export VMkernel services",
                    example,
                );
            }
            for role in &roles {
                self.report.guess(
                    "host.vmkernel_ports.roles",
                    format!("{role:?}"),
                    "from the port group's name: RVTools does not export VMkernel services",
                    example,
                );
            }
            // The speed vNIC gives, not the NIC's kind: a link at 100 Mb/s is a OneGbe port but no gigabit uplink.
            let uplink_mbps = link_mbps.get(&id).copied().unwrap_or(0);
            self.report.guess(
                "host.vmkernel_ports.uplink_mbps",
                uplink_mbps.to_string(),
                "the fastest physical NIC of the host: the export does not say which NIC backs the port",
                example,
            );
            let network = (!port_group.is_empty()).then(|| self.network(&port_group));
            let gateway = text(row, VScVmk::Gateway)
                .map(|gateway| Gateway::At(gateway.into_owned()))
                .unwrap_or_default();
            let Some(host) = self.project.hosts.get_mut(&id) else {
                continue;
            };
            let name = if device.is_empty() {
                port_group.clone()
            } else {
                device.clone()
            };
            if management {
                host.management_interfaces.push(ManagementInterface {
                    kind: if console {
                        ManagementKind::ServiceConsole
                    } else {
                        ManagementKind::Vmkernel
                    },
                    name: name.clone(),
                    ip: ip.clone(),
                    subnet: subnet.clone(),
                    gateway,
                    vlan: None,
                    network,
                    uplink_mbps: (uplink_mbps > 0).then_some(uplink_mbps),
                    uplinks: Vec::new(),
                });
            }
            if !roles.is_empty() || !management {
                host.vmkernel_ports.push(VmkPort {
                    name,
                    roles,
                    ip,
                    subnet,
                    vlan: None,
                    uplink_mbps,
                    active_uplink: None,
                    network,
                    mtu: None,
                });
            }
        }
    }

    /// A LUN whose size vMultiPath does not give takes its datastore's capacity when it is the datastore's only
    /// extent; else it stays 0 (unknown), listed in the report.
    fn lun_sizes_from_datastores(&mut self) {
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

    fn multipath(&mut self) {
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
                let datastore = self.datastore(&datastore, site);
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
        let id = self.datastore(&name, site);
        if let Some(datastore) = self.project.datastores.get_mut(&id)
            && matches!(&datastore.kind, DatastoreKind::Vmfs { luns } if luns.is_empty())
        {
            datastore.kind = DatastoreKind::Local { host };
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

/// Cluster references without a datacenter (a vInfo without the column, an empty cell) name the cluster of that
/// name in the one datacenter that has one: such pairs are dropped, and each is returned with the pair it stands for.
/// Where several datacenters have a cluster of that name, the reference stays a cluster of its own.
fn merge_datacenterless(
    pairs: &mut BTreeSet<(String, String)>,
) -> Vec<((String, String), (String, String))> {
    let bare: Vec<String> = pairs
        .iter()
        .filter(|(datacenter, _)| datacenter.is_empty())
        .map(|(_, name)| name.clone())
        .collect();
    let mut merged = Vec::new();
    for name in bare {
        let mut owners = pairs
            .iter()
            .filter(|(datacenter, cluster)| !datacenter.is_empty() && *cluster == name);
        if let (Some(owner), None) = (owners.next(), owners.next()) {
            let owner = owner.clone();
            let bare = (String::new(), name);
            pairs.remove(&bare);
            merged.push((bare, owner));
        }
    }
    merged
}

/// A product's name as vSource's `Name` gives it in RVTools 3 and later ("VMware vCenter Server", "VMware
/// VirtualCenter Server"): a server's name has no spaces.
/// Names joined as "a", "a or b", "a, b or c".
fn or_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

fn is_product_name(name: &str) -> bool {
    name.trim().contains(char::is_whitespace)
}

/// The datastore of a VMDK path: "[ds01] vm/vm.vmdk" is on `ds01`.
/// The uplink port group every distributed switch has (`dvSwitch-DVUplinks-123`): no VM connects to it.
fn is_uplink_port_group(name: &str) -> bool {
    name.to_ascii_lowercase().contains("dvuplinks")
}

/// A port group's VLAN: a number, or text such as `100` or `VLAN access : 100`. Trunks (`0-4094`, `10,20`) and
/// private VLANs give none: a network of the plan has one VLAN.
fn vlan_id(cell: &Cell) -> Option<u16> {
    if let Ok(Some(number)) = cell.number() {
        return (0.0..=4094.0)
            .contains(&number)
            .then_some(number as u16)
            .filter(|_| number.fract() == 0.0);
    }
    let text = cell.text()?;
    let value = text.rsplit(':').next().unwrap_or_default().trim();
    if value.contains(['-', ',']) {
        return None;
    }
    value.parse::<u16>().ok().filter(|vlan| *vlan <= 4094)
}

fn datastore_in_path(path: &str) -> Option<&str> {
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

fn scsi_kind(controller: &str) -> Option<ScsiKind> {
    let lower = controller.to_ascii_lowercase();
    Some(
        if lower.contains("paravirtual") || lower.contains("pvscsi") {
            ScsiKind::Pvscsi
        } else if lower.contains("sas") {
            ScsiKind::LsiLogicSas
        } else if lower.contains("lsi") {
            ScsiKind::LsiLogic
        } else if lower.contains("buslogic") {
            ScsiKind::BusLogic
        } else {
            return None;
        },
    )
}

fn nic_adapter(adapter: &str) -> Option<NicAdapter> {
    let lower: String = adapter
        .to_ascii_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    Some(if lower.starts_with("vmxnet3") {
        NicAdapter::Vmxnet3
    } else if lower.starts_with("vmxnet") {
        NicAdapter::Vmxnet2
    } else if lower == "e1000" {
        NicAdapter::E1000
    } else if lower.starts_with("flexible") {
        NicAdapter::Flexible
    } else if lower.contains("pcnet") || lower.contains("vlance") {
        NicAdapter::Vlance
    } else {
        return None;
    })
}

/// "10.0.0.5" with mask "255.255.255.0" is on "10.0.0.0/24".
fn subnet_of(ip: &str, mask: &str) -> Option<String> {
    let ip: std::net::Ipv4Addr = ip.trim().parse().ok()?;
    let mask: std::net::Ipv4Addr = mask.trim().parse().ok()?;
    let mask_bits = u32::from(mask);
    let prefix = mask_bits.count_ones();
    let network = std::net::Ipv4Addr::from(u32::from(ip) & mask_bits);
    Some(format!("{network}/{prefix}"))
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

    #[test]
    fn masks_give_subnets() {
        assert_eq!(
            subnet_of("10.20.30.40", "255.255.255.0").as_deref(),
            Some("10.20.30.0/24")
        );
    }

    #[test]
    fn adapters_map_to_the_model() {
        assert_eq!(nic_adapter("Vmxnet3"), Some(NicAdapter::Vmxnet3));
        assert_eq!(
            nic_adapter("VMXNET 2 (Enhanced)"),
            Some(NicAdapter::Vmxnet2)
        );
        assert_eq!(nic_adapter("E1000E"), None);
    }
}
