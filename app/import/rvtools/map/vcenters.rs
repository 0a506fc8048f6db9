//! vCenters: from vSource, vMetaData or vInfo's VI SDK columns, one per server name, never a product name.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use super::{Mapper, text};
use crate::import::rvtools::columns::{VInfo, VMetaData, VSource};
use crate::import::rvtools::hardware::parse_version;
use crate::model::{Release, Vcenter, VcenterId};

impl Mapper<'_> {
    pub(super) fn vcenters(&mut self) {
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
    pub(super) fn vcenter_for(&self, server: Option<&str>) -> Option<VcenterId> {
        if let Some(id) = server.and_then(|name| self.vcenters.get(&name.to_lowercase())) {
            return Some(*id);
        }
        (self.vcenters.len() == 1)
            .then(|| self.vcenters.values().next().copied())
            .flatten()
    }
}

/// A product's name as vSource's `Name` gives it in RVTools 3 and later ("VMware vCenter Server", "VMware
/// VirtualCenter Server"): a server's name has no spaces.
fn is_product_name(name: &str) -> bool {
    name.trim().contains(char::is_whitespace)
}
