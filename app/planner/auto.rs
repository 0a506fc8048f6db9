//! The auto-plan: a staged upgrade in the vendor order, generated from the current estate.
//!
//! It fixes what the design already gets wrong where a step can (EVA paths, over-allocated FlexNIC ports, HA
//! clusters crowded into one enclosure), sizes host waves so each cluster keeps its HA failover capacity,
//! keeps FT pairs on one build, defers virtual hardware 7 for VMs that could still land on ESX 3.5, and turns
//! Fault Tolerance on only where the rule engine agrees it can run.

use std::collections::{BTreeMap, BTreeSet};

use crate::io::RuleConfig;
use crate::model::{
    ClusterId, Controller, DiskFormat, EnclosureId, FlexNicSpeed, HostId, Index, LicenceEdition,
    LunId, ObjectRef, PathPolicy, Placement, Project, Release, Stage, StageKind, Step, Traffic,
    UpgradePlan, VmId, VmScope, Wave,
};
use crate::refdata::ReferenceData;
use crate::rules::{self, Severity};

use super::admission::admission;
use super::capacity::cluster_capacity;
use super::projection::current_state;
use super::simulate::state_after;

/// The release hosts and vCenters go to when the design names none.
pub const DEFAULT_TARGET: Release = Release::new(4, 0).with_update(1);

/// A Flex-10 port carries 10 Gb/s.
const FLEX10_PORT_MBPS: u32 = 10_000;
/// Blades of one HA cluster per enclosure before HA can elect all five primaries in it (CAP-04).
const MAX_CLUSTER_HOSTS_PER_ENCLOSURE: usize = 4;
/// Device bays of a c7000.
const DEVICE_BAYS: u8 = crate::model::C7000_DEVICE_BAYS;

/// Generates a plan for the project.
pub fn auto_plan(project: &Project, reference: &ReferenceData) -> UpgradePlan {
    let target = most_common_target(project);
    let state = current_state(project);
    let upgradable = upgradable_hosts(&state, target);

    let mut plan = UpgradePlan {
        target,
        stages: StageKind::ALL
            .iter()
            .map(|&kind| Stage::new(kind))
            .collect(),
    };
    let stage = |plan: &UpgradePlan, kind: StageKind| -> usize {
        plan.stages.iter().position(|s| s.kind == kind).unwrap_or(0)
    };

    // 0: remediate the design.
    let assess = stage(&plan, StageKind::Assess);
    let aligned = misaligned_luns(&state);
    for (&lun, &controller) in &aligned {
        plan.stages[assess]
            .steps
            .push(Step::AlignEvaPaths { lun, controller });
    }
    plan.stages[assess].steps.extend(flexnic_fixes(&state));
    for (&id, host) in &state.hosts {
        if !upgradable.contains(&id) && host.release() < target {
            plan.stages[assess].steps.push(Step::Manual {
                title: format!("{} stays on ESX {}", host.name, host.release()),
                detail: format!(
                    "{} cannot run ESX {target}: {}. Replace it or keep it out of clusters that move to vSphere 4.",
                    host.name,
                    why_not_upgradable(host)
                ),
            });
        }
    }

    // An estate already on vSphere 4 or later has no ESX 3.5 to 4 upgrade to plan: the assessment is all it
    // gets (Tools and hardware of such an estate are routine upkeep, not stages of this upgrade).
    let past_vi3 = state
        .hosts
        .values()
        .all(|host| host.release().is_vsphere4_or_later())
        && state
            .vcenters
            .values()
            .all(|vc| vc.release.is_vsphere4_or_later());
    if past_vi3 {
        plan.stages.retain(|stage| stage.kind == StageKind::Assess);
        return plan;
    }

    // 1-3: backups, vCenter, Update Manager.
    let old_vcenters: Vec<_> = state
        .vcenters
        .iter()
        .filter(|(_, vc)| vc.release < target)
        .map(|(&id, _)| id)
        .collect();
    let backup = stage(&plan, StageKind::Backup);
    for &vcenter in &old_vcenters {
        plan.stages[backup]
            .steps
            .push(Step::BackupVcenter { vcenter });
        plan.stages[backup]
            .steps
            .push(Step::PreUpgradeCheck { vcenter });
    }
    // What stage 3's back-out restores: an Update Manager the plan upgrades keeps its database backup.
    let update_manager_upgrades: Vec<(crate::model::VcenterId, Release)> = state
        .vcenters
        .iter()
        .filter_map(|(&vcenter, vc)| {
            let release = vc.release.max(target);
            (old_vcenters.contains(&vcenter) || vc.update_manager.is_some_and(|vum| vum < release))
                .then_some((vcenter, release))
        })
        .collect();
    for &(vcenter, release) in &update_manager_upgrades {
        if state
            .vcenters
            .get(&vcenter)
            .is_some_and(|vc| vc.update_manager.is_some_and(|vum| vum < release))
        {
            plan.stages[backup]
                .steps
                .push(Step::BackupUpdateManager { vcenter });
        }
    }
    for (&enclosure, e) in &state.enclosures {
        if e.vc_domain.is_some() {
            plan.stages[backup]
                .steps
                .push(Step::BackupVcDomain { enclosure });
        }
    }
    // vCenter Server 4 keeps no VirtualCenter licence: its key goes right after its upgrade (LIC-04).
    let vcenter_stage = stage(&plan, StageKind::Vcenter);
    let vcenter_edition = vcenter_key_edition(project);
    for &vcenter in &old_vcenters {
        plan.stages[vcenter_stage].steps.push(Step::UpgradeVcenter {
            vcenter,
            release: target,
        });
        let new_to_vsphere4 = state
            .vcenters
            .get(&vcenter)
            .is_some_and(|vc| !vc.release.is_vsphere4_or_later())
            && target.is_vsphere4_or_later();
        if new_to_vsphere4 {
            plan.stages[vcenter_stage]
                .steps
                .push(Step::ApplyVcenterLicence {
                    vcenter,
                    edition: vcenter_edition,
                });
        }
    }
    // An unknown Update Manager (an import says nothing of it) is only upgraded with its vCenter.
    let vum = stage(&plan, StageKind::UpdateManager);
    for &(vcenter, release) in &update_manager_upgrades {
        plan.stages[vum]
            .steps
            .push(Step::UpgradeUpdateManager { vcenter, release });
    }
    // OPS-04: the baselines the waves and the Tools and hardware stages remediate with, wherever Update Manager 4
    // runs by then.
    let index_now = Index::build(&state);
    for (&vcenter, vc) in &state.vcenters {
        let has_vum4 = vc.update_manager.is_some_and(Release::is_vsphere4_or_later)
            || update_manager_upgrades.iter().any(|(v, _)| *v == vcenter);
        if !has_vum4 {
            continue;
        }
        let managed: Vec<HostId> = upgradable
            .iter()
            .copied()
            .filter(|h| index_now.host_vcenter.get(h) == Some(&vcenter))
            .collect();
        if managed.is_empty() {
            continue;
        }
        let clusters: Vec<ClusterId> = managed
            .iter()
            .filter_map(|h| state.hosts.get(h)?.cluster)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let hosts: Vec<HostId> = standalone(&state, managed.iter().copied());
        plan.stages[vum].steps.push(Step::DefineBaselines {
            vcenter,
            release: target,
            clusters,
            hosts,
        });
    }

    // 4: the hardware window, after the stage 1 backups: blade moves (with the zoning and EVA host entries that
    // follow the new identity), then firmware in the vendor order, worked out on the estate as the moves leave it.
    let firmware = stage(&plan, StageKind::Firmware);
    let mut moved = state.clone();
    let mut progress = crate::rules::Progress::default();
    for step in spread_clusters(&state) {
        let host = match &step {
            Step::MoveBlade { host, .. } => Some(*host),
            _ => None,
        };
        super::projection::apply_step(&mut moved, project, &step, &mut progress);
        plan.stages[firmware].steps.push(step);
        if let Some(host) = host
            && moved
                .hosts
                .get(&host)
                .is_some_and(|h| !h.fc_ports.is_empty())
        {
            plan.stages[firmware].steps.push(Step::RezoneHost { host });
            plan.stages[firmware]
                .steps
                .push(Step::UpdateArrayHosts { host });
        }
    }
    plan.stages[firmware]
        .steps
        .extend(firmware_steps(&moved, &upgradable, reference));

    // 5: prepare clusters.
    let prepare = stage(&plan, StageKind::PrepareClusters);
    for &id in &upgradable {
        let Some(host) = state.hosts.get(&id) else {
            continue;
        };
        if host.management_addressing == crate::model::Addressing::Dhcp {
            plan.stages[prepare]
                .steps
                .push(Step::StaticAddress { host: id });
        }
        if !host.agents.is_empty() {
            plan.stages[prepare]
                .steps
                .push(Step::RemoveAgents { host: id });
        }
    }
    // A LUN already set as procedure 2 wants it gets no step: a step that changes nothing is not emitted.
    for (lun, controller) in shared_luns_to_align(&state, &upgradable, &aligned)
        .into_iter()
        .filter(|&(lun, controller)| !super::projection::eva_paths_aligned(&state, lun, controller))
    {
        plan.stages[prepare]
            .steps
            .push(Step::AlignEvaPaths { lun, controller });
    }
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
    for &cluster in &relaxed {
        plan.stages[prepare]
            .steps
            .push(Step::RelaxAdmissionControl { cluster });
    }

    // 6: waves, each host's vSphere 4 key right after its upgrade: ESX 4 keeps no VI3 licence (LIC-04).
    let rolling = stage(&plan, StageKind::RollingUpgrade);
    plan.stages[rolling].waves = waves(&state, &upgradable, reference);
    let editions = host_editions(&state, reference, &upgradable, target);
    for wave in &mut plan.stages[rolling].waves {
        let mut by_edition: BTreeMap<LicenceEdition, Vec<HostId>> = BTreeMap::new();
        for host in &wave.hosts {
            if let Some(&edition) = editions.get(host) {
                by_edition.entry(edition).or_default().push(*host);
            }
        }
        wave.after_upgrade = by_edition
            .into_iter()
            .map(|(edition, hosts)| Step::ApplyHostLicences { hosts, edition })
            .collect();
        // OPS-03: the agents stage 5 removed come back as their ESX 4 edition.
        for &host in &wave.hosts {
            if state.hosts.get(&host).is_some_and(|h| !h.agents.is_empty()) {
                wave.after_upgrade.push(Step::ReinstallAgents { host });
            }
        }
    }

    // 7: Round Robin where every host of a LUN ends on ESX 4; admission control back.
    let complete = stage(&plan, StageKind::ClustersComplete);
    let final_release = |host: HostId| -> Option<Release> {
        let h = state.hosts.get(&host)?;
        Some(if upgradable.contains(&host) {
            h.target_release.unwrap_or(target).max(h.release())
        } else {
            h.release()
        })
    };
    let mut lun_hosts: BTreeMap<LunId, Vec<HostId>> = BTreeMap::new();
    for (&id, host) in &state.hosts {
        for path in &host.lun_paths {
            lun_hosts.entry(path.lun).or_default().push(id);
        }
    }
    for (&lun, hosts) in &lun_hosts {
        let all_vsphere = hosts
            .iter()
            .all(|&h| final_release(h).is_some_and(Release::is_vsphere4_or_later));
        let on_eva = state
            .luns
            .get(&lun)
            .and_then(|l| state.arrays.get(&l.array))
            .is_some_and(|a| a.model.to_ascii_uppercase().contains("EVA"));
        let not_rr = hosts.iter().any(|h| {
            state
                .hosts
                .get(h)
                .and_then(|host| host.path_to(lun))
                .is_some_and(|p| p.policy != PathPolicy::RoundRobin)
        });
        if all_vsphere && on_eva && not_rr {
            plan.stages[complete].steps.push(Step::RoundRobin { lun });
        }
    }
    for &cluster in &relaxed {
        plan.stages[complete]
            .steps
            .push(Step::RestoreAdmissionControl { cluster });
    }
    // OPS-02: ESX hosts upgraded in place leave their rollback window before any VM goes to hardware 7.
    for &id in &upgradable {
        let Some(host) = state.hosts.get(&id) else {
            continue;
        };
        let in_place_from_esx3 = host.esx.product == crate::model::EsxProduct::Esx
            && host
                .target_product
                .is_none_or(|p| p == crate::model::EsxProduct::Esx)
            && !host.release().is_vsphere4_or_later()
            && host.target_release.unwrap_or(target).is_vsphere4_or_later();
        if in_place_from_esx3 {
            plan.stages[complete]
                .steps
                .push(Step::CleanupEsx3 { host: id });
        }
    }

    // 8-9: Tools, then hardware 7 where every possible host is on ESX 4.
    let tools = stage(&plan, StageKind::Tools);
    let hardware = stage(&plan, StageKind::VirtualHardware);
    let index = Index::build(&state);
    let partner_sites = state.ldvm_partner_sites();
    let site_stays_vi3 = |site: crate::model::SiteId| {
        state.hosts.iter().any(|(&id, _)| {
            index.host_site.get(&id) == Some(&site)
                && final_release(id).is_some_and(|r| !r.is_vsphere4_or_later())
        })
    };
    for &cluster in state.clusters.keys() {
        let vms = index.vms_of(cluster);
        if vms.is_empty() {
            continue;
        }
        // Hardware version 0 is unknown (an export without the column): neither Tools nor hardware is planned on
        // a guess.
        // Templates are left as they are (they are converted to VMs to be upgraded): they ask for nothing here.
        let needs_tools = vms.iter().any(|vm| {
            state.vms.get(vm).is_some_and(|vm| {
                !vm.template
                    && (vm.hardware_known_older_than(7)
                        || vm.tools != crate::model::ToolsStatus::Current)
            })
        });
        let touched = clusters_upgraded.contains(&cluster);
        if needs_tools || touched {
            plan.stages[tools].steps.push(Step::UpgradeTools {
                scope: VmScope::Cluster(cluster),
            });
        }
        let hosts = index.hosts_of(cluster);
        let cluster_on_vsphere = !hosts.is_empty()
            && hosts
                .iter()
                .all(|&h| final_release(h).is_some_and(Release::is_vsphere4_or_later));
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
            plan.stages[hardware].steps.push(Step::UpgradeHardware {
                scope: VmScope::Cluster(cluster),
                except,
            });
        }
    }

    // 10: Fault Tolerance where the engine agrees.
    let features = stage(&plan, StageKind::Features);
    let ft_steps = fault_tolerance_steps(project, &state, &plan, reference, features);
    plan.stages[features].steps = ft_steps;
    plan.stages.retain(|stage| {
        !stage.steps.is_empty() || !stage.waves.is_empty() || stage.kind == StageKind::Assess
    });
    plan
}

/// The plan saved in the project, or an auto-plan when it has none.
pub fn saved_or_auto(project: &Project, reference: &ReferenceData) -> UpgradePlan {
    project
        .upgrade
        .clone()
        .unwrap_or_else(|| auto_plan(project, reference))
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

fn why_not_upgradable(host: &crate::model::Host) -> String {
    if !host.cpu.x64 {
        "its CPU is 32-bit and ESX 4 is 64-bit only".to_owned()
    } else {
        format!(
            "it has {} core(s); ESX 4 needs at least 2",
            host.cpu.cores()
        )
    }
}

/// LUNs whose ESX 3.x Fixed preferred paths do not all point at the owning controller today (EVA-01/02).
fn misaligned_luns(state: &Project) -> BTreeMap<LunId, Controller> {
    let mut out = BTreeMap::new();
    for (&id, lun) in &state.luns {
        let owner = lun.preferred.controller().unwrap_or(lun.owner);
        let misaligned = state.hosts.values().any(|host| {
            !host.release().is_vsphere4_or_later()
                && host.path_to(id).is_some_and(|path| {
                    path.policy == PathPolicy::Fixed && path.preferred.is_some_and(|p| p != owner)
                })
        });
        let owner_differs = lun.preferred.controller().is_some_and(|c| c != lun.owner);
        if misaligned || owner_differs {
            out.insert(id, owner);
        }
    }
    out
}

/// LUNs shared by hosts that will run mixed releases, to align (and record) before the first ESX 4 host
/// joins them: procedure 2.
fn shared_luns_to_align(
    state: &Project,
    upgradable: &BTreeSet<HostId>,
    already: &BTreeMap<LunId, Controller>,
) -> BTreeMap<LunId, Controller> {
    let mut out = BTreeMap::new();
    for (&id, lun) in &state.luns {
        if already.contains_key(&id) {
            continue;
        }
        let hosts: Vec<HostId> = state
            .hosts
            .iter()
            .filter(|(_, host)| host.path_to(id).is_some())
            .map(|(&h, _)| h)
            .collect();
        let upgrading = hosts.iter().any(|h| upgradable.contains(h));
        let vi3 = hosts.iter().any(|h| {
            state
                .hosts
                .get(h)
                .is_some_and(|host| !host.release().is_vsphere4_or_later())
        });
        if hosts.len() > 1 && upgrading && vi3 {
            out.insert(id, lun.preferred.controller().unwrap_or(lun.owner));
        }
    }
    out
}

/// Re-splits Flex-10 ports whose FlexNICs add up to more than 10 Gb: VM traffic gives way first, in 100 Mb
/// steps, keeping management at 100 Mb and vMotion and FT logging at 1 Gb (VC-15).
fn flexnic_fixes(state: &Project) -> Vec<Step> {
    let mut steps = Vec::new();
    for (&id, host) in &state.hosts {
        for port in &host.nic_ports {
            let total: u32 = port.flexnics.iter().map(|f| f.mbps).sum();
            if total <= FLEX10_PORT_MBPS {
                continue;
            }
            let mut excess = total - FLEX10_PORT_MBPS;
            let minimum = |flexnic: &crate::model::FlexNic| -> u32 {
                if flexnic
                    .traffic
                    .iter()
                    .any(|t| matches!(t, Traffic::Vmotion | Traffic::FtLogging))
                {
                    1000
                } else {
                    100
                }
            };
            let mut order: Vec<usize> = (0..port.flexnics.len()).collect();
            // VM traffic first, then the largest.
            order.sort_by_key(|&i| {
                let f = &port.flexnics[i];
                (
                    !f.traffic.contains(&Traffic::VmTraffic),
                    std::cmp::Reverse(f.mbps),
                )
            });
            let mut speeds: Vec<u32> = port.flexnics.iter().map(|f| f.mbps).collect();
            for i in order {
                if excess == 0 {
                    break;
                }
                let floor = minimum(&port.flexnics[i]);
                let room = speeds[i].saturating_sub(floor);
                let cut = room.min(excess.div_ceil(100) * 100);
                speeds[i] -= cut;
                excess = excess.saturating_sub(cut);
            }
            let changed: Vec<FlexNicSpeed> = port
                .flexnics
                .iter()
                .zip(&speeds)
                .filter(|(f, s)| f.mbps != **s)
                .map(|(f, &s)| FlexNicSpeed {
                    letter: f.letter.clone(),
                    mbps: s,
                })
                .collect();
            if !changed.is_empty() {
                steps.push(Step::ResizeFlexNics {
                    host: id,
                    port: port.name.clone(),
                    speeds: changed,
                });
            }
        }
    }
    steps
}

/// Firmware of every enclosure holding a host to upgrade, in the vendor order: every Onboard Administrator, then
/// blade ROM/iLO/NIC/HBA in batches that keep each cluster's HA failover capacity (hosts in maintenance mode),
/// then Virtual Connect one side at a time, or, where the midplane was replaced, the domain recreated by hand
/// with the whole enclosure evacuated.
fn firmware_steps(
    state: &Project,
    upgradable: &BTreeSet<HostId>,
    reference: &ReferenceData,
) -> Vec<Step> {
    let enclosures: BTreeSet<EnclosureId> = upgradable
        .iter()
        .filter_map(|host| match state.hosts.get(host)?.placement {
            Placement::Blade { enclosure, .. } => Some(enclosure),
            Placement::RackServer { .. } => None,
        })
        .collect();
    let mut steps: Vec<Step> = enclosures
        .iter()
        .map(|&enclosure| Step::UpdateOaFirmware { enclosure })
        .collect();
    let blades: BTreeSet<HostId> = state
        .hosts
        .iter()
        .filter(|(_, h)| {
            matches!(h.placement, Placement::Blade { enclosure, .. } if enclosures.contains(&enclosure))
        })
        .map(|(&id, _)| id)
        .collect();
    for wave in waves(state, &blades, reference) {
        steps.push(Step::UpdateBladeFirmware { hosts: wave.hosts });
    }
    for &enclosure in &enclosures {
        let Some(e) = state.enclosures.get(&enclosure) else {
            continue;
        };
        if e.midplane_replaced && e.vc_domain.is_some() {
            steps.push(Step::RecreateVcDomain { enclosure });
        } else if e.interconnects.values().any(|m| {
            matches!(
                m.kind,
                crate::model::ModuleKind::VcFlex10
                    | crate::model::ModuleKind::VcEnet
                    | crate::model::ModuleKind::VcFc
            )
        }) {
            for side in [
                crate::model::InterconnectSide::Odd,
                crate::model::InterconnectSide::Even,
            ] {
                steps.push(Step::ActivateVcFirmware { enclosure, side });
            }
        }
    }
    steps
}

/// Moves blades so no HA cluster has more than four hosts in one enclosure (CAP-04) and none has all its hosts in
/// one (FD-01), into free bays of other enclosures of the same site.
fn spread_clusters(state: &Project) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut taken: BTreeSet<(EnclosureId, u8)> = state
        .hosts
        .values()
        .filter_map(|h| match h.placement {
            Placement::Blade { enclosure, bay } => Some((enclosure, bay)),
            Placement::RackServer { .. } => None,
        })
        .collect();
    for (&cluster_id, cluster) in &state.clusters {
        if !cluster.ha.enabled {
            continue;
        }
        let mut per_enclosure: BTreeMap<EnclosureId, Vec<(u8, HostId)>> = BTreeMap::new();
        for (&id, host) in &state.hosts {
            if host.cluster == Some(cluster_id)
                && let Placement::Blade { enclosure, bay } = host.placement
            {
                per_enclosure.entry(enclosure).or_default().push((bay, id));
            }
        }
        // A cluster wholly in one enclosure loses every host with it (FD-01) and cannot be evacuated for
        // enclosure-wide work (FD-03): half of it moves out. Otherwise at most four per enclosure (CAP-04).
        let cluster_size: usize = per_enclosure.values().map(Vec::len).sum();
        let limit = if per_enclosure.len() == 1 && cluster_size >= 2 {
            MAX_CLUSTER_HOSTS_PER_ENCLOSURE.min(cluster_size - cluster_size / 2)
        } else {
            MAX_CLUSTER_HOSTS_PER_ENCLOSURE
        };
        let crowded: Vec<EnclosureId> = per_enclosure
            .iter()
            .filter(|(_, hosts)| hosts.len() > limit)
            .map(|(&e, _)| e)
            .collect();
        for from in crowded {
            let Some(site) = state.enclosures.get(&from).map(|e| e.site) else {
                continue;
            };
            loop {
                let count = per_enclosure.get(&from).map_or(0, Vec::len);
                if count <= limit {
                    break;
                }
                let destination = state.enclosures.iter().find_map(|(&e, enclosure)| {
                    if e == from
                        || enclosure.site != site
                        || per_enclosure.get(&e).map_or(0, Vec::len) >= limit
                    {
                        return None;
                    }
                    (1..=DEVICE_BAYS)
                        .find(|bay| !taken.contains(&(e, *bay)))
                        .map(|bay| (e, bay))
                });
                let Some((to, bay)) = destination else {
                    break;
                };
                let Some(hosts) = per_enclosure.get_mut(&from) else {
                    break;
                };
                hosts.sort_unstable();
                let Some((old_bay, host)) = hosts.pop() else {
                    break;
                };
                taken.remove(&(from, old_bay));
                taken.insert((to, bay));
                per_enclosure.entry(to).or_default().push((bay, host));
                steps.push(Step::MoveBlade {
                    host,
                    enclosure: to,
                    bay,
                });
            }
        }
    }
    steps
}

/// Host waves: per cluster as many hosts at a time as keep HA failover capacity (at least one, at most an
/// eighth of the cluster), FT pairs together; wave `n` takes the `n`-th batch of every cluster. A batch keeps
/// both the configured memory with a host's worth held back (room to evacuate without heavy reclamation) and
/// HA admission control's own failover capacity (CAP-01).
fn waves(state: &Project, upgradable: &BTreeSet<HostId>, reference: &ReferenceData) -> Vec<Wave> {
    let index = Index::build(state);
    let mut batches_per_group: Vec<Vec<Vec<HostId>>> = Vec::new();
    for &cluster in state.clusters.keys() {
        let hosts: Vec<HostId> = index
            .hosts_of(cluster)
            .iter()
            .copied()
            .filter(|h| upgradable.contains(h))
            .collect();
        if hosts.is_empty() {
            continue;
        }
        // FT pairs move as one unit so Primary and Secondary stay on one build.
        let mut units: Vec<Vec<HostId>> = Vec::new();
        let mut placed: BTreeSet<HostId> = BTreeSet::new();
        for &host in &hosts {
            if placed.contains(&host) {
                continue;
            }
            let mut unit = vec![host];
            placed.insert(host);
            for vm in index.vms_on(host) {
                if let Some(partner) = state.vms.get(vm).and_then(|vm| vm.ft_secondary_host())
                    && hosts.contains(&partner)
                    && placed.insert(partner)
                {
                    unit.push(partner);
                }
            }
            units.push(unit);
        }
        let cluster_size = index.hosts_of(cluster).len();
        let most = cluster_size.div_ceil(8).max(1);
        let mut batches: Vec<Vec<HostId>> = Vec::new();
        let mut current: Vec<HostId> = Vec::new();
        for unit in units {
            let mut trial: BTreeSet<HostId> = current.iter().copied().collect();
            trial.extend(unit.iter().copied());
            let fits = cluster_capacity(state, &index, cluster, &trial)
                .is_some_and(|c| c.keeps_failover())
                && admission(state, &index, reference, cluster, &trial)
                    .is_none_or(|admission| admission.holds());
            if !current.is_empty() && (current.len() + unit.len() > most || !fits) {
                batches.push(std::mem::take(&mut current));
            }
            current.extend(unit);
        }
        if !current.is_empty() {
            batches.push(current);
        }
        batches_per_group.push(batches);
    }
    // Standalone hosts: one at a time, spread over the waves.
    let alone = standalone(state, upgradable.iter().copied());
    if !alone.is_empty() {
        batches_per_group.push(alone.into_iter().map(|h| vec![h]).collect());
    }
    let count = batches_per_group.iter().map(Vec::len).max().unwrap_or(0);
    (0..count)
        .map(|n| Wave {
            name: format!("Wave {}", n + 1),
            hosts: batches_per_group
                .iter()
                .filter_map(|batches| batches.get(n))
                .flatten()
                .copied()
                .collect(),
            window: None,
            accepted_risk: None,
            after_upgrade: Vec::new(),
        })
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

/// The vSphere 4 edition each host new to vSphere 4 gets (below 4.0 today, upgraded to 4.x by the plan): per
/// cluster, what its hosts' VI3 licence maps to (the lowest of them), raised to cover every licensed feature the
/// design uses on the cluster's hosts (HA, DRS and vMotion, FT, vDS, host profiles...); a standalone host for
/// itself.
fn host_editions(
    state: &Project,
    reference: &ReferenceData,
    upgradable: &BTreeSet<HostId>,
    target: Release,
) -> BTreeMap<HostId, LicenceEdition> {
    use super::licensing::{features_in_use, planned_edition};
    let index = Index::build(state);
    // The design's FT counts here even where it cannot run yet: the key must cover it once it does.
    let uses = features_in_use(state, &index, |_| true);
    let new_to_vsphere4 = |id: &HostId| {
        state.hosts.get(id).is_some_and(|host| {
            !host.release().is_vsphere4_or_later()
                && host.target_release.unwrap_or(target).is_vsphere4_or_later()
        })
    };
    let mut editions = BTreeMap::new();
    let mut groups: BTreeMap<Option<ClusterId>, Vec<HostId>> = BTreeMap::new();
    for (&id, host) in &state.hosts {
        match host.cluster {
            Some(cluster) => groups.entry(Some(cluster)).or_default().push(id),
            None => {
                let edition = planned_edition(reference, host.licence, uses.get(&id));
                if upgradable.contains(&id) && new_to_vsphere4(&id) {
                    editions.insert(id, edition);
                }
            }
        }
    }
    for hosts in groups.into_values() {
        let vi3 = hosts
            .iter()
            .filter_map(|h| state.hosts.get(h))
            .map(|h| h.licence)
            .min()
            .unwrap_or_default();
        let edition = planned_edition(reference, vi3, hosts.iter().filter_map(|h| uses.get(h)));
        for host in hosts {
            if upgradable.contains(&host) && new_to_vsphere4(&host) {
                editions.insert(host, edition);
            }
        }
    }
    editions
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

/// FT turn-on steps for the VMs the design protects but that cannot run FT today: inflate their disks and
/// turn FT on, then keep only the VMs for which the projected end state has no new error.
fn fault_tolerance_steps(
    design: &Project,
    state: &Project,
    plan: &UpgradePlan,
    reference: &ReferenceData,
    features: usize,
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
        let mut trial = plan.clone();
        if let Some(stage) = trial.stages.get_mut(features) {
            stage.steps = steps;
        }
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
