//! UPG: the ESX 3.5 to vSphere 4 upgrade order and prerequisites (catalogue section 4a).

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{HostId, Release, Step, Vcenter, VcenterId};
use crate::rules::{Context, Findings, Progress, RuleMeta, StageView};

pub(super) mod upg_01_host_ahead_of_vcenter;
pub(super) mod upg_02_vcenter_database_unsupported;
pub(super) mod upg_03_no_licence_server;
pub(super) mod upg_04_vsphere_client_not_rolled_out;
pub(super) mod upg_05_update_manager_behind_vcenter;
pub(super) mod upg_06_source_release_not_upgradable;
pub(super) mod upg_07_cpu_not_esx4_capable;
pub(super) mod upg_08_model_not_on_target_hcl;
pub(super) mod upg_09_boot_lun_shared;
pub(super) mod upg_10_dhcp_management;
pub(super) mod upg_11_third_party_agents;
pub(super) mod upg_12_vem_not_in_upgrade_image;
pub(super) mod upg_13_host_update_utility_for_clusters;
pub(super) mod upg_14_product_change;
pub(super) mod upg_15_in_place_upgrade_boot_partition;
pub(super) mod upg_16_vcenter_upgrade_without_backup;
pub(super) mod upg_17_hardware_before_tools;
pub(super) mod upg_18_hardware_7_with_esx35_targets;
pub(super) mod upg_19_vmfs_shared_across_releases;
pub(super) mod upg_20_no_pre_upgrade_check;

/// The first vSphere 4 release (ESX 4.0, vCenter Server 4.0).
pub(in crate::rules) const VSPHERE4: Release = Release::new(4, 0);

/// Where a host is headed: a vSphere 4 release above the one it runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(in crate::rules) struct Esx4Target {
    /// The release it goes to; in a stage, a wave host without `target_release` goes to the plan's target, which
    /// the stage does not carry: 4.0 (or the release it runs, when that is later) stands in for it.
    pub release: Release,
    /// How messages say it: "is planned onto ESX 4.0 U1", "is being upgraded to ESX 4" (the stage prefix of the
    /// message names the wave).
    pub phrase: String,
}

/// Every host headed for vSphere 4 (or a later 4.x release than it runs), by host:
/// - its `target_release`, when that is 4.0 or later and above `esx.release`;
/// - on the design, the plan's `target` for a host in one of the plan's waves;
/// - in a stage, the hosts of the running wave (the planner puts a wave in maintenance mode to upgrade it).
pub(in crate::rules) fn esx4_targets(ctx: &Context<'_>) -> BTreeMap<HostId, Esx4Target> {
    let mut targets = BTreeMap::new();
    for (&id, host) in &ctx.project.hosts {
        if let Some(target) = host.target_release
            && target >= VSPHERE4
            && target > host.release()
        {
            targets.insert(
                id,
                Esx4Target {
                    release: target,
                    phrase: format!("is planned onto ESX {target}"),
                },
            );
        }
    }
    if let Some(stage) = ctx.stage
        && stage.wave.is_some()
    {
        for &id in &stage.in_maintenance {
            let Some(host) = ctx.host(id) else {
                continue;
            };
            // Planned onto a release it already runs: the wave changes nothing on it.
            if targets.contains_key(&id) || host.target_release.is_some_and(|t| t <= host.release())
            {
                continue;
            }
            let (release, phrase) = if host.release() < VSPHERE4 {
                (VSPHERE4, "is being upgraded to ESX 4".to_owned())
            } else {
                (host.release(), "is being upgraded".to_owned())
            };
            targets.insert(id, Esx4Target { release, phrase });
        }
    }
    if let Some(plan) = &ctx.project.upgrade
        && plan.target >= VSPHERE4
    {
        for wave in plan.stages.iter().flat_map(|stage| &stage.waves) {
            for &id in &wave.hosts {
                let Some(host) = ctx.host(id) else {
                    continue;
                };
                // A host with its own `target_release` goes there, not to the plan's target.
                if host.target_release.is_some() || plan.target <= host.release() {
                    continue;
                }
                targets.insert(
                    id,
                    Esx4Target {
                        release: plan.target,
                        phrase: format!("is planned onto ESX {} in {}", plan.target, wave.name),
                    },
                );
            }
        }
    }
    targets
}

/// On the design, the release the plan's `UpgradeVcenter` steps take a vCenter to (the highest); `None` in a
/// stage, whose projected estate carries no plan.
pub(in crate::rules) fn planned_vcenter_release(
    ctx: &Context<'_>,
    vcenter: VcenterId,
) -> Option<Release> {
    plan_steps(ctx)
        .filter_map(|(_, step)| match step {
            Step::UpgradeVcenter {
                vcenter: v,
                release,
            } if *v == vcenter => Some(*release),
            _ => None,
        })
        .max()
}

/// On the design, the vCenters the plan upgrades to vSphere 4 with no step matching `done` for them at or before
/// the upgrade step (same stage, earlier step, counts), with the release and the stage index of the upgrade.
pub(in crate::rules) fn vcenter_upgrades_without(
    ctx: &Context<'_>,
    done: impl Fn(&Step, VcenterId) -> bool,
) -> Vec<(VcenterId, Release, usize)> {
    let mut found = Vec::new();
    let steps: Vec<(usize, &Step)> = plan_steps(ctx).collect();
    for (position, &(stage, step)) in steps.iter().enumerate() {
        let Step::UpgradeVcenter { vcenter, release } = step else {
            continue;
        };
        if *release < VSPHERE4 || found.iter().any(|(v, _, _)| v == vcenter) {
            continue;
        }
        let prepared = steps
            .get(..position)
            .is_some_and(|before| before.iter().any(|(_, s)| done(s, *vcenter)));
        if !prepared {
            found.push((*vcenter, *release, stage));
        }
    }
    found
}

/// On the design, the plan has an `UpgradeUpdateManager` step for the vCenter to `release` or later.
pub(in crate::rules) fn plan_upgrades_update_manager(
    ctx: &Context<'_>,
    vcenter: VcenterId,
    release: Release,
) -> bool {
    plan_steps(ctx).any(|(_, step)| {
        matches!(step, Step::UpgradeUpdateManager { vcenter: v, release: r } if *v == vcenter && *r >= release)
    })
}

/// The steps of the design's upgrade plan in order, with their stage index (none in a stage).
fn plan_steps<'a>(ctx: &Context<'a>) -> impl Iterator<Item = (usize, &'a Step)> + 'a {
    let project: &'a crate::model::Project = ctx.project;
    project
        .upgrade
        .iter()
        .flat_map(|plan| plan.stages.iter().enumerate())
        .flat_map(|(index, stage)| stage.steps.iter().map(move |step| (index, step)))
}

/// In a stage: the vCenters the plan has upgraded to vCenter Server 4 so far that are not in `done` (a set of
/// the stage's progress: backed up, pre-checked...).
pub(in crate::rules) fn upgraded_without<'a>(
    ctx: &Context<'a>,
    stage: &'a StageView,
    done: &'a std::collections::BTreeSet<VcenterId>,
) -> impl Iterator<Item = (VcenterId, &'a Vcenter)> + 'a {
    ctx.project
        .vcenters
        .iter()
        .filter_map(move |(&id, vcenter)| {
            (vcenter.release >= VSPHERE4
                && stage.progress.vcenters_upgraded.contains(&id)
                && !done.contains(&id))
            .then_some((id, vcenter))
        })
}

/// A step the plan must run for a vCenter before upgrading it to vCenter Server 4 (a backup, the Agent Pre-upgrade
/// Check): shared by the rules that check one each, on the design and in every stage.
pub(in crate::rules) struct VcenterPrerequisite {
    pub meta: &'static RuleMeta,
    /// The vCenters a stage's progress has done it for.
    pub done_in: fn(&Progress) -> &BTreeSet<VcenterId>,
    /// The step does it for the vCenter.
    pub done_by: fn(&Step, VcenterId) -> bool,
    /// In a stage: "{vCenter} runs vCenter {release} and {missing_in_stage}".
    pub missing_in_stage: &'static str,
    /// On the design: "the plan upgrades {vCenter} to vCenter {release} in stage {n} with {missing_in_plan}".
    pub missing_in_plan: &'static str,
}

impl VcenterPrerequisite {
    pub fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        match ctx.stage {
            Some(stage) => {
                for (id, vcenter) in upgraded_without(ctx, stage, (self.done_in)(&stage.progress)) {
                    out.add(
                        self.meta,
                        id,
                        format!(
                            "{} runs vCenter {} and {}",
                            vcenter.name, vcenter.release, self.missing_in_stage
                        ),
                    );
                }
            }
            None => {
                for (id, release, stage) in vcenter_upgrades_without(ctx, self.done_by) {
                    let Some(vcenter) = ctx.project.vcenters.get(&id) else {
                        continue;
                    };
                    out.add(
                        self.meta,
                        id,
                        format!(
                            "the plan upgrades {} to vCenter {release} in stage {stage} with {}",
                            vcenter.name, self.missing_in_plan
                        ),
                    );
                }
            }
        }
    }
}
