//! Licence editions per host: vHost's assigned licence joined to vLicense; keys are never stored.

use std::collections::{BTreeSet, HashMap};

use super::{Mapper, text};
use crate::import::rvtools::columns::{Column, VHost, VLicense};
use crate::import::rvtools::hardware::{self};
use crate::import::rvtools::workbook::Tab;
use crate::model::{HostId, LicenceEdition};

impl Mapper<'_> {
    pub(super) fn licences(&mut self) {
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
}
