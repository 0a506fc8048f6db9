//! Stages 8-10 of the auto-plan: VMware Tools, virtual hardware 7 where no VM can land on ESX 3.5 any more,
//! and Fault Tolerance where the rule engine agrees it can run.

use std::collections::{BTreeMap, BTreeSet};

use crate::io::RuleConfig;
use crate::model::{
    DiskFormat, HostId, Index, ObjectRef, Placement, Project, Release, Stage, StageKind, Step,
    UpgradePlan, VmId, VmScope,
};
use crate::planner::simulate::state_after;
use crate::refdata::ReferenceData;
use crate::rules::{self, Severity};

use super::{AutoPlanner, needed};

impl AutoPlanner<'_> {
    /// Stage 8: Tools for every cluster with a host upgraded or a VM whose Tools are not current.
    pub(super) fn tools_stage(&self) -> Option<Stage> {
        let mut stage = Stage::new(StageKind::Tools);
        let state = &self.state;
        for &cluster in state.clusters.keys() {
            let vms = self.index.vms_of(cluster);
            if vms.is_empty() {
                continue;
            }
            // Hardware version 0 is unknown (an export without the column): neither Tools nor hardware is
            // planned on a guess.
            // Templates are left as they are (they are converted to VMs to be upgraded): they ask for nothing
            // here.
            let needs_tools = vms.iter().any(|vm| {
                state.vms.get(vm).is_some_and(|vm| {
                    !vm.template
                        && (vm.hardware_known_older_than(7)
                            || vm.tools != crate::model::ToolsStatus::Current)
                })
            });
            let touched = self.clusters_upgraded.contains(&cluster);
            if needs_tools || touched {
                stage.steps.push(Step::UpgradeTools {
                    scope: VmScope::Cluster(cluster),
                });
            }
        }
        needed(stage)
    }

    /// Stage 9: hardware 7 for the VMs of each cluster all on ESX 4, but for VMs pinned to a site whose partner
    /// site keeps an ESX 3.5 host.
    pub(super) fn virtual_hardware_stage(&self) -> Option<Stage> {
        let mut stage = Stage::new(StageKind::VirtualHardware);
        let state = &self.state;
        let index = &self.index;
        let partner_sites = state.ldvm_partner_sites();
        let site_stays_vi3 = |site: crate::model::SiteId| {
            state.hosts.iter().any(|(&id, _)| {
                index.host_site.get(&id) == Some(&site)
                    && self
                        .final_release(id)
                        .is_some_and(|r| !r.is_vsphere4_or_later())
            })
        };
        for &cluster in state.clusters.keys() {
            let vms = index.vms_of(cluster);
            if vms.is_empty() {
                continue;
            }
            let hosts = index.hosts_of(cluster);
            let cluster_on_vsphere = !hosts.is_empty()
                && hosts.iter().all(|&h| {
                    self.final_release(h)
                        .is_some_and(Release::is_vsphere4_or_later)
                });
            if !cluster_on_vsphere {
                continue;
            }
            let partner_vi3 = index
                .cluster_sites
                .get(&cluster)
                .into_iter()
                .flatten()
                .flat_map(|site| partner_sites.get(site).into_iter().flatten())
                .any(|&site| site_stays_vi3(site));
            let old_vms: Vec<VmId> = vms
                .iter()
                .copied()
                .filter(|vm| {
                    state
                        .vms
                        .get(vm)
                        .is_some_and(|vm| vm.hardware_known_older_than(7) && !vm.template)
                })
                .collect();
            if old_vms.is_empty() {
                continue;
            }
            // VMs pinned to one site may stay on hardware 4 when their partner site still runs ESX 3.5.
            let except: Vec<VmId> = if partner_vi3 {
                old_vms
                    .iter()
                    .copied()
                    .filter(|vm| state.vms.get(vm).is_some_and(|vm| !vm.pinned_to_site))
                    .collect()
            } else {
                Vec::new()
            };
            if except.len() < old_vms.len() {
                stage.steps.push(Step::UpgradeHardware {
                    scope: VmScope::Cluster(cluster),
                    except,
                });
            }
        }
        needed(stage)
    }

    /// Stage 10: Fault Tolerance where the engine agrees, checked on the plan built so far (`earlier`).
    pub(super) fn features_stage(&self, earlier: &UpgradePlan) -> Option<Stage> {
        let mut stage = Stage::new(StageKind::Features);
        stage.steps = fault_tolerance_steps(self.project, &self.state, earlier, self.reference);
        needed(stage)
    }
}

/// FT turn-on steps for the VMs the design protects but that cannot run FT today: inflate their disks and
/// turn FT on, then keep only the VMs for which the end state of the plan so far (`earlier`) with these steps
/// has no new error.
fn fault_tolerance_steps(
    design: &Project,
    state: &Project,
    earlier: &UpgradePlan,
    reference: &ReferenceData,
) -> Vec<Step> {
    let mut candidates: Vec<(VmId, HostId)> = design
        .vms
        .iter()
        .filter(|(id, vm)| vm.ft.is_some() && state.vms.get(id).is_some_and(|s| s.ft.is_none()))
        .filter_map(|(&id, vm)| {
            let secondary = vm
                .ft_secondary_host()
                .or_else(|| pick_secondary(state, id))?;
            Some((id, secondary))
        })
        .collect();
    let mut refused: Vec<(VmId, Vec<String>)> = Vec::new();
    let steps_for = |candidates: &[(VmId, HostId)]| -> Vec<Step> {
        let mut steps = Vec::new();
        for &(vm, secondary_host) in candidates {
            let needs_inflating = design.vms.get(&vm).is_some_and(|vm| {
                vm.disks
                    .iter()
                    .any(|d| matches!(d.format, DiskFormat::Thin | DiskFormat::LazyZeroedThick))
            });
            if needs_inflating {
                steps.push(Step::InflateDisks { vm });
            }
            steps.push(Step::EnableFt { vm, secondary_host });
        }
        steps
    };
    let end_errors = |steps: Vec<Step>| -> Vec<rules::Finding> {
        // The plan so far with these steps as its features stage: the estate at its end is what they leave.
        let mut trial = earlier.clone();
        trial.stages.push(Stage {
            steps,
            ..Stage::new(StageKind::Features)
        });
        let end = state_after(design, &trial, reference, Some(usize::MAX));
        rules::check(&end, reference, &RuleConfig::default())
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .collect()
    };
    if candidates.is_empty() {
        return Vec::new();
    }
    let baseline: BTreeSet<(&'static str, ObjectRef)> = end_errors(Vec::new())
        .iter()
        .map(|f| (f.rule, f.object))
        .collect();
    // A few rounds: refusing one VM can clear a cluster-wide error another VM was blamed for.
    for _ in 0..4 {
        if candidates.is_empty() {
            break;
        }
        let errors: Vec<rules::Finding> = end_errors(steps_for(&candidates))
            .into_iter()
            .filter(|f| !baseline.contains(&(f.rule, f.object)))
            .collect();
        if errors.is_empty() {
            break;
        }
        let index = Index::build(state);
        let mut blamed: BTreeMap<VmId, Vec<String>> = BTreeMap::new();
        for finding in &errors {
            for &(vm, secondary) in &candidates {
                let Some(v) = state.vms.get(&vm) else {
                    continue;
                };
                let related = match finding.object {
                    ObjectRef::Vm(id) => id == vm,
                    ObjectRef::Host(h) => {
                        Some(h) == v.host
                            || h == secondary
                            || v.cluster.is_some_and(|c| index.hosts_of(c).contains(&h))
                    }
                    ObjectRef::Cluster(c) => v.cluster == Some(c),
                    _ => true,
                };
                if related {
                    blamed
                        .entry(vm)
                        .or_default()
                        .push(format!("{} {}", finding.rule, finding.message));
                }
            }
        }
        candidates.retain(|(vm, _)| !blamed.contains_key(vm));
        refused.extend(blamed);
    }
    let mut steps = steps_for(&candidates);
    for (vm, reasons) in refused {
        let name = design
            .vms
            .get(&vm)
            .map_or_else(|| vm.to_string(), |v| v.name.clone());
        let mut reasons = reasons;
        reasons.sort();
        reasons.dedup();
        steps.push(Step::Manual {
            title: format!("Fault Tolerance stays off for {name}"),
            detail: format!(
                "The design protects {name} with FT, but turning it on would break: {}. Fix these first, then turn FT on (procedure 7).",
                reasons.join("; ")
            ),
        });
    }
    steps
}

/// A Secondary host for a VM: another host of its cluster, in another enclosure when there is one.
fn pick_secondary(state: &Project, vm: VmId) -> Option<HostId> {
    let vm = state.vms.get(&vm)?;
    let primary = vm.host?;
    let enclosure_of = |h: HostId| match state.hosts.get(&h)?.placement {
        Placement::Blade { enclosure, .. } => Some(enclosure),
        Placement::RackServer { .. } => None,
    };
    let cluster = vm.cluster?;
    let others: Vec<HostId> = state
        .hosts
        .iter()
        .filter(|&(&id, h)| h.cluster == Some(cluster) && id != primary)
        .map(|(&id, _)| id)
        .collect();
    others
        .iter()
        .copied()
        .find(|&h| enclosure_of(h) != enclosure_of(primary))
        .or_else(|| others.first().copied())
}
