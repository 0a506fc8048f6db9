//! The auto-plan: a staged upgrade in the vendor order, generated from the current estate.
//!
//! It fixes what the design already gets wrong where a step can (EVA paths, over-allocated FlexNIC ports, HA
//! clusters crowded into one enclosure), sizes host waves so each cluster keeps its HA failover capacity,
//! keeps FT pairs on one build, defers virtual hardware 7 for VMs that could still land on ESX 3.5, and turns
//! Fault Tolerance on only where the rule engine agrees it can run.
//!
//! The stage list drives the plan: one builder per stage kind, each in the submodule of its part of the estate,
//! reading what they share from one [`AutoPlanner`].

mod assess;
mod guests;
mod hardware;
mod hosts;
mod management;

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{
    ClusterId, Controller, HostId, Index, LunId, Project, Release, Stage, StageKind, UpgradePlan,
    VcenterId,
};
use crate::refdata::ReferenceData;

use super::projection::current_state;

/// The release hosts and vCenters go to when the design names none.
pub const DEFAULT_TARGET: Release = Release::new(4, 0).with_update(1);

/// The stages the auto-plan builds, in the order they run: the catalogue's, less the licence stage of older
/// plans (the keys go with stage 2 and with each wave of stage 6, LIC-04).
const STAGES: [StageKind; 11] = [
    StageKind::Assess,
    StageKind::Backup,
    StageKind::Vcenter,
    StageKind::UpdateManager,
    StageKind::Firmware,
    StageKind::PrepareClusters,
    StageKind::RollingUpgrade,
    StageKind::ClustersComplete,
    StageKind::Tools,
    StageKind::VirtualHardware,
    StageKind::Features,
];

/// An estate already on vSphere 4 or later has no ESX 3.5 to 4 upgrade to plan: the assessment is all it gets
/// (Tools and hardware of such an estate are routine upkeep, not stages of this upgrade).
const PAST_VI3_STAGES: [StageKind; 1] = [StageKind::Assess];

/// Generates a plan for the project.
pub fn auto_plan(project: &Project, reference: &ReferenceData) -> UpgradePlan {
    auto_plan_and_start(project, reference).0
}

/// [`auto_plan`], also handing back the estate it planned from, as [`current_state`] makes it: a simulation of
/// the plan starts from that estate ([`crate::planner::simulate::simulate_observing_from`]) rather than copying
/// the design again (372,480 VMs at x10).
pub fn auto_plan_and_start(project: &Project, reference: &ReferenceData) -> (UpgradePlan, Project) {
    let planner = AutoPlanner::new(project, reference);
    let mut plan = UpgradePlan {
        target: planner.target,
        stages: Vec::new(),
    };
    for &kind in planner.stage_list() {
        if let Some(stage) = planner.stage(kind, &plan) {
            plan.stages.push(stage);
        }
    }
    // The stage builders only read the estate, so it is still today's.
    (plan, planner.state)
}

/// The plan saved in the project, or an auto-plan when it has none.
pub fn saved_or_auto(project: &Project, reference: &ReferenceData) -> UpgradePlan {
    project
        .upgrade
        .clone()
        .unwrap_or_else(|| auto_plan(project, reference))
}

/// What the stage builders share: the design, the estate today, and what more than one stage decides from it.
struct AutoPlanner<'a> {
    /// The design (the FT it protects with, the licence keys it owns).
    project: &'a Project,
    reference: &'a ReferenceData,
    /// The estate as it stands today.
    state: Project,
    index: Index,
    target: Release,
    /// Hosts the plan takes to ESX 4.
    upgradable: BTreeSet<HostId>,
    /// LUNs the assessment aligns (stage 5 aligns the other shared ones).
    aligned: BTreeMap<LunId, Controller>,
    /// vCenters below the target: backed up, then upgraded.
    old_vcenters: Vec<VcenterId>,
    /// Each Update Manager the plan upgrades, with the release it goes to.
    update_manager_upgrades: Vec<(VcenterId, Release)>,
    /// Clusters with a host to upgrade.
    clusters_upgraded: BTreeSet<ClusterId>,
    /// Clusters whose admission control stage 5 relaxes and stage 7 restores.
    relaxed: Vec<ClusterId>,
}

impl<'a> AutoPlanner<'a> {
    fn new(project: &'a Project, reference: &'a ReferenceData) -> Self {
        let target = most_common_target(project);
        let state = current_state(project);
        let upgradable = upgradable_hosts(&state, target);
        let old_vcenters: Vec<VcenterId> = state
            .vcenters
            .iter()
            .filter(|(_, vc)| vc.release < target)
            .map(|(&id, _)| id)
            .collect();
        // What stage 3's back-out restores: an Update Manager the plan upgrades keeps its database backup.
        let update_manager_upgrades: Vec<(VcenterId, Release)> = state
            .vcenters
            .iter()
            .filter_map(|(&vcenter, vc)| {
                let release = vc.release.max(target);
                (old_vcenters.contains(&vcenter)
                    || vc.update_manager.is_some_and(|vum| vum < release))
                .then_some((vcenter, release))
            })
            .collect();
        let clusters_upgraded: BTreeSet<ClusterId> = upgradable
            .iter()
            .filter_map(|h| state.hosts.get(h)?.cluster)
            .collect();
        let relaxed: Vec<ClusterId> = clusters_upgraded
            .iter()
            .copied()
            .filter(|c| {
                state.clusters.get(c).is_some_and(|cluster| {
                    cluster.ha.enabled
                        && matches!(
                            cluster.ha.admission_control,
                            crate::model::AdmissionControl::HostFailures(_)
                        )
                })
            })
            .collect();
        let index = Index::build(&state);
        Self {
            project,
            reference,
            aligned: assess::misaligned_luns(&state, &index),
            index,
            target,
            upgradable,
            old_vcenters,
            update_manager_upgrades,
            clusters_upgraded,
            relaxed,
            state,
        }
    }

    /// The kinds of stage this estate gets, in order.
    fn stage_list(&self) -> &'static [StageKind] {
        let past_vi3 = self
            .state
            .hosts
            .values()
            .all(|host| host.release().is_vsphere4_or_later())
            && self
                .state
                .vcenters
                .values()
                .all(|vc| vc.release.is_vsphere4_or_later());
        if past_vi3 { &PAST_VI3_STAGES } else { &STAGES }
    }

    /// The stage of a kind, or nothing when the estate needs none; `earlier` holds the stages built before it.
    fn stage(&self, kind: StageKind, earlier: &UpgradePlan) -> Option<Stage> {
        match kind {
            // The assessment is always part of the plan, even with nothing to fix.
            StageKind::Assess => Some(self.assess_stage()),
            StageKind::Backup => self.backup_stage(),
            StageKind::Vcenter => self.vcenter_stage(),
            StageKind::UpdateManager => self.update_manager_stage(),
            StageKind::Firmware => self.firmware_stage(),
            StageKind::PrepareClusters => self.prepare_clusters_stage(),
            StageKind::RollingUpgrade => self.rolling_upgrade_stage(),
            StageKind::ClustersComplete => self.clusters_complete_stage(),
            StageKind::Tools => self.tools_stage(),
            StageKind::VirtualHardware => self.virtual_hardware_stage(),
            StageKind::Features => self.features_stage(earlier),
            // Older plans' stage: the keys now go with the upgrades they license (LIC-04).
            StageKind::Licences => None,
        }
    }

    /// The release a host ends the plan on.
    fn final_release(&self, host: HostId) -> Option<Release> {
        let h = self.state.hosts.get(&host)?;
        Some(if self.upgradable.contains(&host) {
            h.target_release.unwrap_or(self.target).max(h.release())
        } else {
            h.release()
        })
    }
}

/// A stage with steps or waves, or nothing: a stage with nothing to do is left out of the plan.
fn needed(stage: Stage) -> Option<Stage> {
    (!stage.steps.is_empty() || !stage.waves.is_empty()).then_some(stage)
}

/// The target most hosts name, or [`DEFAULT_TARGET`].
fn most_common_target(project: &Project) -> Release {
    let mut counts: BTreeMap<Release, usize> = BTreeMap::new();
    for host in project.hosts.values() {
        if let Some(release) = host.target_release {
            *counts.entry(release).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(release, count)| (count, release))
        .map_or(DEFAULT_TARGET, |(release, _)| release)
}

/// Hosts the plan can take to ESX 4: below their target, 64-bit, at least two cores.
fn upgradable_hosts(state: &Project, target: Release) -> BTreeSet<HostId> {
    state
        .hosts
        .iter()
        .filter(|(_, host)| {
            host.release() < host.target_release.unwrap_or(target)
                && host.cpu.x64
                && host.cpu.cores() >= 2
        })
        .map(|(&id, _)| id)
        .collect()
}

/// The hosts among `hosts` that belong to no cluster.
fn standalone(state: &Project, hosts: impl Iterator<Item = HostId>) -> Vec<HostId> {
    hosts
        .filter(|h| {
            state
                .hosts
                .get(h)
                .is_some_and(|host| host.cluster.is_none())
        })
        .collect()
}
