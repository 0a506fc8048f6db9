//! Stages 1-3 of the auto-plan: the backups and pre-upgrade checks, vCenter with its licence key, and Update
//! Manager with the baselines the later stages remediate with.

use std::collections::BTreeSet;

use crate::model::{ClusterId, HostId, LicenceEdition, Project, Release, Stage, StageKind, Step};

use super::{AutoPlanner, needed, standalone};

impl AutoPlanner<'_> {
    /// Stage 1: the vCenter, Update Manager and Virtual Connect backups, and the agent pre-upgrade check.
    pub(super) fn backup_stage(&self) -> Option<Stage> {
        let mut stage = Stage::new(StageKind::Backup);
        for &vcenter in &self.old_vcenters {
            stage.steps.push(Step::BackupVcenter { vcenter });
            stage.steps.push(Step::PreUpgradeCheck { vcenter });
        }
        for &(vcenter, release) in &self.update_manager_upgrades {
            if self
                .state
                .vcenters
                .get(&vcenter)
                .is_some_and(|vc| vc.update_manager.is_some_and(|vum| vum < release))
            {
                stage.steps.push(Step::BackupUpdateManager { vcenter });
            }
        }
        for (&enclosure, e) in &self.state.enclosures {
            if e.vc_domain.is_some() {
                stage.steps.push(Step::BackupVcDomain { enclosure });
            }
        }
        needed(stage)
    }

    /// Stage 2: vCenter Server 4, which keeps no VirtualCenter licence: its key goes right after its upgrade
    /// (LIC-04).
    pub(super) fn vcenter_stage(&self) -> Option<Stage> {
        let mut stage = Stage::new(StageKind::Vcenter);
        let edition = vcenter_key_edition(self.project);
        for &vcenter in &self.old_vcenters {
            stage.steps.push(Step::UpgradeVcenter {
                vcenter,
                release: self.target,
            });
            let new_to_vsphere4 = self
                .state
                .vcenters
                .get(&vcenter)
                .is_some_and(|vc| !vc.release.is_vsphere4_or_later())
                && self.target.is_vsphere4_or_later();
            if new_to_vsphere4 {
                stage
                    .steps
                    .push(Step::ApplyVcenterLicence { vcenter, edition });
            }
        }
        needed(stage)
    }

    /// Stage 3: Update Manager. An unknown one (an import says nothing of it) is only upgraded with its vCenter.
    pub(super) fn update_manager_stage(&self) -> Option<Stage> {
        let mut stage = Stage::new(StageKind::UpdateManager);
        for &(vcenter, release) in &self.update_manager_upgrades {
            stage
                .steps
                .push(Step::UpgradeUpdateManager { vcenter, release });
        }
        // OPS-04: the baselines the waves and the Tools and hardware stages remediate with, wherever Update
        // Manager 4 runs by then.
        for (&vcenter, vc) in &self.state.vcenters {
            let has_vum4 = vc.update_manager.is_some_and(Release::is_vsphere4_or_later)
                || self
                    .update_manager_upgrades
                    .iter()
                    .any(|(v, _)| *v == vcenter);
            if !has_vum4 {
                continue;
            }
            let managed: Vec<HostId> = self
                .upgradable
                .iter()
                .copied()
                .filter(|h| self.index.host_vcenter.get(h) == Some(&vcenter))
                .collect();
            if managed.is_empty() {
                continue;
            }
            let clusters: Vec<ClusterId> = managed
                .iter()
                .filter_map(|h| self.state.hosts.get(h)?.cluster)
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let hosts: Vec<HostId> = standalone(&self.state, managed.iter().copied());
            stage.steps.push(Step::DefineBaselines {
                vcenter,
                release: self.target,
                clusters,
                hosts,
            });
        }
        needed(stage)
    }
}

/// The edition of the vCenter Server 4 keys the project owns, when they are all of one edition.
fn vcenter_key_edition(project: &Project) -> Option<LicenceEdition> {
    let editions: BTreeSet<LicenceEdition> = project
        .licences
        .iter()
        .filter(|key| key.product == crate::model::LicensedProduct::Vcenter4)
        .map(|key| key.edition)
        .collect();
    match editions.len() {
        1 => editions.into_iter().next(),
        _ => None,
    }
}
