//! UPG-19: VMFS3 datastores shared by ESX 3.x and ESX 4 hosts need no upgrade.

use super::VSPHERE4;
use crate::model::DatastoreKind;
use crate::rules::cpu::count;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A VMFS datastore that ESX 3.x and ESX 4 hosts share during the transition.
pub struct UpgVmfsSharedAcrossReleases;

static META: RuleMeta = RuleMeta {
    id: "UPG-19",
    name: "vmfs-shared-by-esx3-and-esx4",
    title: "A VMFS datastore is shared by ESX 3.x and ESX 4 hosts: no VMFS upgrade is needed",
    severity: Severity::Info,
    reach: Reach::Cluster,
    checks: "Every VMFS datastore (`kind: Vmfs`) reached (all extents) by at least one host below ESX 4.0 and at \
             least one host on 4.0 or later. NFS and local datastores are not reported.",
    why: "ESX 4.0 keeps VMFS 3: ESX 3.5 and ESX 4 hosts read and write the same datastores, so the rolling upgrade \
          needs no datastore migration or format upgrade, and VMs move between old and new hosts on shared storage.",
    example: "`ds-prod01` is seen by `esx01` (ESX 4.0 U1) and `esx02` (ESX 3.5 U4) during wave 1.",
    fix: "No change needed: ESX 3.5 and ESX 4.0 hosts share VMFS3 datastores as they are.",
    source: "S25 (datastore chapter), M",
};

impl Rule for UpgVmfsSharedAcrossReleases {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&id, datastore) in &ctx.project.datastores {
            if !matches!(datastore.kind, DatastoreKind::Vmfs { .. }) {
                continue;
            }
            let Some(hosts) = ctx.index.datastore_hosts.get(&id) else {
                continue;
            };
            let (mut old, mut new) = (0, 0);
            for host in hosts.iter().filter_map(|h| ctx.host(*h)) {
                if host.release() >= VSPHERE4 {
                    new += 1;
                } else {
                    old += 1;
                }
            }
            if old == 0 || new == 0 {
                continue;
            }
            out.add(
                &META,
                id,
                format!(
                    "VMFS datastore {} is shared by {} and {}; VMFS 3 serves both and needs no upgrade",
                    datastore.name,
                    count(old, "ESX 3.x host"),
                    count(new, "ESX 4 host")
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Datastore, DatastoreId, Host, HostId, Index, LunId, LunPath, Project};
    use crate::refdata::ReferenceData;

    fn run(second: &str) -> Vec<String> {
        let mut project = Project::default();
        for (id, release) in [(1, "4.0 U1"), (2, second)] {
            let mut host = Host {
                name: format!("esx{id:02}"),
                lun_paths: vec![LunPath {
                    lun: LunId(1),
                    ..LunPath::default()
                }],
                ..Host::default()
            };
            host.esx.release = release.parse().unwrap();
            project.hosts.insert(HostId(id), host);
        }
        project.datastores.insert(
            DatastoreId(1),
            Datastore {
                name: "ds-prod01".into(),
                kind: DatastoreKind::Vmfs {
                    luns: vec![LunId(1)],
                },
                block_mb: None,
                ..Datastore::default()
            },
        );
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(&project);
        let ctx = Context::new(&project, &reference, &index);
        let mut out = Findings::default();
        UpgVmfsSharedAcrossReleases.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn datastore_shared_by_both_releases_is_reported() {
        let messages = run("3.5 U4");
        assert_eq!(messages.len(), 1);
        assert!(
            messages[0].contains("1 ESX 3.x host and 1 ESX 4 host"),
            "{messages:?}"
        );
    }

    #[test]
    fn datastore_of_one_release_is_quiet() {
        assert!(run("4.0 U1").is_empty());
    }
}
