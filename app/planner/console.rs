//! Where an ESX host upgraded by Update Manager keeps its service console disk (`esxconsole-<UUID>.vmdk`, OPS-01):
//! a datastore or LUN only that host sees, worked out on the estate as it stands at the host's wave.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Boot, DatastoreId, DatastoreKind, HostId, Index, LunId, Project};

/// The datastores each host reaches or owns, in ID order: gathered once per estate, so that a host's console
/// line reads its own datastores instead of every datastore of the estate (quadratic over a wave's hosts).
#[derive(Clone, Debug, Default)]
pub struct HostDatastores(BTreeMap<HostId, BTreeSet<DatastoreId>>);

impl HostDatastores {
    pub fn build(state: &Project, index: &Index) -> Self {
        let mut by_host: BTreeMap<HostId, BTreeSet<DatastoreId>> = BTreeMap::new();
        for (&id, ds) in &state.datastores {
            if let DatastoreKind::Local { host } = ds.kind {
                by_host.entry(host).or_default().insert(id);
            }
        }
        for (&id, hosts) in &index.datastore_hosts {
            for &host in hosts {
                by_host.entry(host).or_default().insert(id);
            }
        }
        Self(by_host)
    }

    /// The datastores `host` reaches or owns that the estate has, in ID order.
    fn of<'a>(
        &'a self,
        state: &'a Project,
        host: HostId,
    ) -> impl Iterator<Item = (&'a DatastoreId, &'a crate::model::Datastore)> + 'a {
        self.0
            .get(&host)
            .into_iter()
            .flatten()
            .filter_map(|id| state.datastores.get_key_value(id))
    }
}

/// The private places the estate offers a host for its service console disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConsoleHome {
    /// The host boots from a SAN LUN no other host has a path to; datastores only it sees, if any, besides.
    BootLun {
        lun: LunId,
        datastores: Vec<DatastoreId>,
    },
    /// The host boots from a SAN LUN other hosts see as well (UPG-09): no private place until it gets its own.
    SharedBootLun { lun: LunId, others: Vec<HostId> },
    /// Datastores only this host sees: its local disk, or VMFS on LUNs no other host has a path to.
    Datastores(Vec<DatastoreId>),
    /// The plan records nothing private for the host: unknown, not absent.
    Unknown,
}

/// The datastores only `host` sees, in ID order.
fn private_datastores(
    state: &Project,
    index: &Index,
    datastores: &HostDatastores,
    host: HostId,
) -> Vec<DatastoreId> {
    datastores
        .of(state, host)
        .filter(|(id, ds)| match &ds.kind {
            DatastoreKind::Local { host: owner } => *owner == host,
            DatastoreKind::Vmfs { luns } => {
                !luns.is_empty()
                    && index
                        .datastore_hosts
                        .get(id)
                        .is_some_and(|hosts| hosts.len() == 1 && hosts.contains(&host))
                    && luns.iter().all(|lun| index.hosts_seeing(*lun) == [host])
            }
            DatastoreKind::Nfs { .. } => false,
        })
        .map(|(&id, _)| id)
        .collect()
}

/// Where `host` can keep its service console disk, from the estate `state`.
pub fn console_home(
    state: &Project,
    index: &Index,
    datastores: &HostDatastores,
    host: HostId,
) -> ConsoleHome {
    let Some(h) = state.hosts.get(&host) else {
        return ConsoleHome::Unknown;
    };
    let datastores = private_datastores(state, index, datastores, host);
    if let Boot::San(lun) = h.boot {
        let mut others: Vec<HostId> = index
            .hosts_seeing(lun)
            .iter()
            .copied()
            .filter(|other| *other != host)
            .collect();
        others.sort_unstable();
        others.dedup();
        return if others.is_empty() {
            ConsoleHome::BootLun { lun, datastores }
        } else {
            ConsoleHome::SharedBootLun { lun, others }
        };
    }
    if datastores.is_empty() {
        ConsoleHome::Unknown
    } else {
        ConsoleHome::Datastores(datastores)
    }
}

/// The datastores `host` shares with other hosts, by name: never a place for its service console disk.
fn shared_datastores(
    state: &Project,
    index: &Index,
    datastores: &HostDatastores,
    host: HostId,
) -> Vec<String> {
    datastores
        .of(state, host)
        .filter(|(id, _)| {
            index
                .datastore_hosts
                .get(id)
                .is_some_and(|hosts| hosts.len() > 1 && hosts.contains(&host))
        })
        .map(|(_, ds)| ds.name.clone())
        .collect()
}

/// The line of a host's upgrade procedure that says where its service console disk goes.
pub fn console_line(
    state: &Project,
    index: &Index,
    datastores: &HostDatastores,
    host: HostId,
) -> String {
    let name = state
        .hosts
        .get(&host)
        .map_or_else(|| host.to_string(), |h| h.name.clone());
    let datastore_name = |id: &DatastoreId| {
        state
            .datastores
            .get(id)
            .map_or_else(|| id.to_string(), |ds| ds.name.clone())
    };
    let lun_name = |lun: &LunId| {
        state
            .luns
            .get(lun)
            .map_or_else(|| lun.to_string(), |l| l.name.clone())
    };
    let shared = shared_datastores(state, index, datastores, host);
    let never = if shared.is_empty() {
        "never a shared datastore".to_owned()
    } else {
        format!(
            "never a shared datastore ({})",
            crate::wording::join_and(&shared)
        )
    };
    match console_home(state, index, datastores, host) {
        ConsoleHome::BootLun { lun, datastores } => {
            let mut places = vec![format!(
                "its boot LUN {}, presented to {name} only",
                lun_name(&lun)
            )];
            places.extend(datastores.iter().map(datastore_name));
            format!(
                "Check where Update Manager puts {name}'s service console disk (esxconsole-<UUID>.vmdk): {}; {never}",
                crate::wording::join_and(&places)
            )
        }
        ConsoleHome::SharedBootLun { lun, others } => {
            let others: Vec<String> = others
                .iter()
                .map(|h| {
                    state
                        .hosts
                        .get(h)
                        .map_or_else(|| h.to_string(), |o| o.name.clone())
                })
                .collect();
            format!(
                "Do not remediate {name} yet: it boots from LUN {}, which {} also {} (UPG-09), so its service console disk (esxconsole-<UUID>.vmdk) has no private place; present a boot LUN only {name} sees first",
                lun_name(&lun),
                crate::wording::join_and(&others),
                if others.len() == 1 { "sees" } else { "see" }
            )
        }
        ConsoleHome::Datastores(datastores) => {
            let places: Vec<String> = datastores
                .iter()
                .map(|id| {
                    let kind = match state.datastores.get(id).map(|ds| &ds.kind) {
                        Some(DatastoreKind::Local { .. }) => "its local disk".to_owned(),
                        Some(DatastoreKind::Vmfs { luns }) => {
                            let luns: Vec<String> = luns.iter().map(lun_name).collect();
                            format!(
                                "LUN {} seen by {name} only",
                                crate::wording::join_and(&luns)
                            )
                        }
                        _ => String::new(),
                    };
                    format!("{} ({kind})", datastore_name(id))
                })
                .collect();
            format!(
                "Check where Update Manager puts {name}'s service console disk (esxconsole-<UUID>.vmdk): {}; {never}",
                crate::wording::join_and(&places)
            )
        }
        ConsoleHome::Unknown => format!(
            "Before remediating, find the datastore for {name}'s service console disk (esxconsole-<UUID>.vmdk): it must be local to {name} or on a LUN only {name} sees, and the plan records neither (its local VMFS volume is unknown); look in the vSphere Client (Configuration, Storage) and stop if only shared datastores are offered: {never}"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Datastore, Host, Lun, LunPath};

    fn host(name: &str, luns: &[u32]) -> Host {
        Host {
            name: name.into(),
            lun_paths: luns
                .iter()
                .map(|&lun| LunPath {
                    lun: LunId(lun),
                    ..LunPath::default()
                })
                .collect(),
            ..Host::default()
        }
    }

    fn estate() -> Project {
        let mut project = Project::default();
        for (id, name) in [(1, "shared-lun"), (2, "private-lun"), (3, "boot01")] {
            project.luns.insert(
                LunId(id),
                Lun {
                    name: name.into(),
                    ..Lun::default()
                },
            );
        }
        project.hosts.insert(HostId(1), host("esx01", &[1, 2]));
        project.hosts.insert(HostId(2), host("esx02", &[1]));
        project.datastores.insert(
            DatastoreId(1),
            Datastore {
                name: "shared-ds".into(),
                kind: DatastoreKind::Vmfs {
                    luns: vec![LunId(1)],
                },
                ..Datastore::default()
            },
        );
        project.datastores.insert(
            DatastoreId(2),
            Datastore {
                name: "esx01-ds".into(),
                kind: DatastoreKind::Vmfs {
                    luns: vec![LunId(2)],
                },
                ..Datastore::default()
            },
        );
        project.datastores.insert(
            DatastoreId(3),
            Datastore {
                name: "esx02-local".into(),
                kind: DatastoreKind::Local { host: HostId(2) },
                ..Datastore::default()
            },
        );
        project
    }

    #[test]
    fn a_lun_only_the_host_sees_or_its_local_disk_is_private() {
        let project = estate();
        let index = Index::build(&project);
        let datastores = HostDatastores::build(&project, &index);
        assert_eq!(
            console_home(&project, &index, &datastores, HostId(1)),
            ConsoleHome::Datastores(vec![DatastoreId(2)])
        );
        assert_eq!(
            console_home(&project, &index, &datastores, HostId(2)),
            ConsoleHome::Datastores(vec![DatastoreId(3)])
        );
        let line = console_line(&project, &index, &datastores, HostId(1));
        assert!(
            line.contains("esx01-ds (LUN private-lun seen by esx01 only)"),
            "{line}"
        );
        assert!(
            line.contains("never a shared datastore (shared-ds)"),
            "{line}"
        );
    }

    #[test]
    fn a_shared_boot_lun_stops_the_host_and_nothing_recorded_is_unknown() {
        let mut project = estate();
        project.hosts.insert(HostId(3), host("esx03", &[]));
        if let Some(esx02) = project.hosts.get_mut(&HostId(2)) {
            esx02.boot = Boot::San(LunId(3));
            esx02.lun_paths.push(LunPath {
                lun: LunId(3),
                ..LunPath::default()
            });
        }
        if let Some(esx01) = project.hosts.get_mut(&HostId(1)) {
            esx01.lun_paths.push(LunPath {
                lun: LunId(3),
                ..LunPath::default()
            });
        }
        let index = Index::build(&project);
        let datastores = HostDatastores::build(&project, &index);
        assert_eq!(
            console_home(&project, &index, &datastores, HostId(2)),
            ConsoleHome::SharedBootLun {
                lun: LunId(3),
                others: vec![HostId(1)]
            }
        );
        assert!(
            console_line(&project, &index, &datastores, HostId(2))
                .starts_with("Do not remediate esx02")
        );
        assert_eq!(
            console_home(&project, &index, &datastores, HostId(3)),
            ConsoleHome::Unknown
        );
        assert!(
            console_line(&project, &index, &datastores, HostId(3))
                .contains("the plan records neither")
        );
    }
}
