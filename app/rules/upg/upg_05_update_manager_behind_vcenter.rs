//! UPG-05: Update Manager runs the same release as vCenter before it remediates hosts.

use super::VSPHERE4;
use crate::rules::unknown::Unknowns;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A host upgraded by the plan while Update Manager is missing or older than its vCenter.
pub struct UpgUpdateManagerBehindVcenter;

static META: RuleMeta = RuleMeta {
    id: "UPG-05",
    name: "update-manager-behind-vcenter",
    title: "Hosts are upgraded while Update Manager is missing or older than vCenter",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "In an upgrade stage, every host being upgraded (in maintenance in the running wave) or already upgraded \
             by the plan (`progress.hosts_upgraded`, now on ESX 4.0 or later): its vCenter's `update_manager` must be \
             the release that goes with the vCenter's `release` (release trains from the reference data's \
             `vum_releases`: Update Manager 1.0 Ux with VirtualCenter 2.5 Ux, 4.0 with 4.0, never a comparison of \
             numbers) and 4.0 or later; a vCenter release the data lacks gives one info finding per release naming the hosts (not in reference data). A missing Update Manager is reported for \
             clustered hosts only; standalone hosts may go through the Host Update Utility (UPG-13). Not checked on \
             the design alone: the order of Update Manager and host upgrades exists only in a plan.",
    why: "Update Manager remediates the hosts, and it must run the same release as vCenter: an older Update Manager \
          against a newer vCenter fails to import the ESX 4 upgrade bundle (\"failed to import upgrade\"), and \
          VirtualCenter-era Update Manager 1.0 cannot upgrade hosts to ESX 4 at all. Without it, a cluster's hosts \
          are upgraded by hand, one at a time, with no orchestration.",
    example: "Wave 1 upgrades `esx01` of cluster `Prod` while `vc-west` runs vCenter 4.0 U1 with `update_manager: \
              \"1.0 U6\"`: the plan has no Update Manager stage before the waves.",
    fix: "Upgrade VUM first; use right bundle (ISO for 3.x→4.0).",
    source: "S25, S49, S32b (247rack KB copy)",
};

impl Rule for UpgUpdateManagerBehindVcenter {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let Some(stage) = ctx.stage else {
            return;
        };
        let mut unknowns = Unknowns::new();
        for (&id, host) in &ctx.project.hosts {
            let now = stage.is_upgrading(id);
            let done = stage.progress.hosts_upgraded.contains(&id) && host.release() >= VSPHERE4;
            if !now && !done {
                continue;
            }
            let Some(vcenter) = ctx.host_vcenter(id) else {
                continue;
            };
            // Release trains, not numbers (rules-v2): Update Manager 1.0 Ux goes with VirtualCenter 2.5 Ux, 4.0 with
            // 4.0; the pairing is reference data.
            let problem = match vcenter.update_manager {
                Some(vum) => match ctx.reference.vum_for(vcenter.release) {
                    Some(pair) if pair.update_manager == vum && vum >= VSPHERE4 => continue,
                    Some(pair) if pair.update_manager == vum => {
                        format!("Update Manager {vum} cannot upgrade hosts to ESX 4; it belongs to")
                    }
                    Some(pair) => format!(
                        "Update Manager {vum}, not {}, runs beside",
                        pair.update_manager
                    ),
                    None if vum < VSPHERE4 => {
                        format!(
                            "Update Manager {vum} cannot upgrade hosts to ESX 4; it runs beside"
                        )
                    }
                    None => {
                        unknowns.note(
                            format!(
                                "the Update Manager release that goes with vCenter {}",
                                vcenter.release
                            ),
                            id,
                            &format!("{} (Update Manager {vum} on {})", host.name, vcenter.name),
                        );
                        continue;
                    }
                },
                None if host.cluster.is_some() => "no Update Manager runs beside".to_owned(),
                None => continue,
            };
            let what = if now {
                "is being upgraded".to_owned()
            } else {
                format!("was upgraded to ESX {}", host.release())
            };
            out.add(
                &META,
                id,
                format!(
                    "{} {what} while {problem} {} (vCenter {})",
                    ctx.host_label(id),
                    vcenter.name,
                    vcenter.release
                ),
            );
        }
        unknowns.report(&META, out, |unknown| {
            format!(
                "{}, so whether Update Manager matches its vCenter for {} is unknown",
                unknown.missing(),
                unknown.names
            )
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Cluster, ClusterId, Host, HostId, Index, Project, Release, StageKind, Vcenter, VcenterId,
    };
    use crate::refdata::ReferenceData;
    use crate::rules::StageView;

    fn project(vum: Option<&str>) -> Project {
        let mut project = Project::default();
        project.vcenters.insert(
            VcenterId(1),
            Vcenter {
                name: "vc01".into(),
                release: "4.0 U1".parse().unwrap(),
                update_manager: vum.map(|v| v.parse::<Release>().unwrap()),
                ..Vcenter::default()
            },
        );
        project.clusters.insert(
            ClusterId(1),
            Cluster {
                name: "prod".into(),
                vcenter: Some(VcenterId(1)),
                ..Cluster::default()
            },
        );
        let mut host = Host {
            name: "esx01".into(),
            cluster: Some(ClusterId(1)),
            ..Host::default()
        };
        host.esx.release = "4.0 U1".parse().unwrap();
        project.hosts.insert(HostId(1), host);
        project
    }

    fn run(project: &Project) -> Vec<String> {
        let mut stage = StageView {
            index: 6,
            kind: StageKind::RollingUpgrade,
            title: "Rolling host upgrade".into(),
            ..StageView::default()
        };
        stage.progress.hosts_upgraded.insert(HostId(1));
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(project);
        let ctx = Context::for_stage(project, &reference, &index, &stage);
        let mut out = Findings::default();
        UpgUpdateManagerBehindVcenter.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn old_or_missing_update_manager_fires() {
        let old = run(&project(Some("1.0 U6")));
        assert_eq!(old.len(), 1, "{old:?}");
        assert!(
            old[0].contains("Update Manager 1.0 U6, not 4.0 U1, runs beside vc01"),
            "{old:?}"
        );
        assert_eq!(run(&project(None)).len(), 1);
        assert_eq!(run(&project(Some("4.0"))).len(), 1);
    }

    #[test]
    fn release_trains_not_numbers_and_an_unknown_pairing_is_info() {
        // VirtualCenter 2.5 U4 goes with Update Manager 1.0 U4 (a lower number, the same train): no mismatch,
        // only that 1.0 cannot take hosts to ESX 4.
        let mut project = project(Some("1.0 U4"));
        if let Some(vc) = project.vcenters.get_mut(&VcenterId(1)) {
            vc.release = "2.5 U4".parse().unwrap();
        }
        let found = run(&project);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("cannot upgrade hosts to ESX 4"),
            "{found:?}"
        );
        // A vCenter release the reference data does not pair is unknown: info, not error.
        if let Some(vc) = project.vcenters.get_mut(&VcenterId(1)) {
            vc.release = "4.0 U2".parse().unwrap();
            vc.update_manager = Some("4.0 U2".parse().unwrap());
        }
        let found = run(&project);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("not in reference data"), "{found:?}");
    }

    #[test]
    fn matching_update_manager_is_quiet() {
        assert!(run(&project(Some("4.0 U1"))).is_empty());
    }
}
