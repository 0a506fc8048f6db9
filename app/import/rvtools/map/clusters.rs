//! Sites and clusters: datacenters become sites; clusters with their HA, admission control, DRS and EVC settings.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::{Mapper, NO_DATACENTER, small, text, whole};
use crate::import::rvtools::columns::{Column, VCluster, VHost, VInfo};
use crate::import::rvtools::workbook::Row;
use crate::model::{AdmissionControl, Cluster, ClusterId, Drs, Ha, Site, SiteId};

impl Mapper<'_> {
    pub(super) fn sites_and_clusters(&mut self) {
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

    pub(super) fn site_of(&self, datacenter: Option<&str>) -> SiteId {
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
    pub(super) fn cluster_of(
        &self,
        datacenter: Option<&str>,
        cluster: Option<&str>,
    ) -> Option<ClusterId> {
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

    /// A cluster's EVC mode: the Current EVC all its hosts report (none when they report none, or disagree).
    pub(super) fn cluster_evc(&mut self) {
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
