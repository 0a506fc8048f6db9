//! vSphere 4 licensing of the plan: what licensed features each host uses, the edition that covers them, and when
//! the plan applies the keys. Every host and vCenter the plan moves from VI3 to vSphere 4 keeps no VI3 licence
//! and runs in evaluation mode from its upgrade to its key (LIC-04, LIC-05); the runbook says when that
//! evaluation would end.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

use crate::model::{
    HostId, HostSet, Index, LicenceEdition, Project, Release, Step, UpgradePlan, VcenterId, Vm,
    VmId, VswitchKind,
};
use crate::refdata::{EditionLimitItem, Inclusion, LicensedFeature, ReferenceData};

/// What one host uses that a licence edition must include.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HostUse {
    /// Each feature with why the host uses it ("DRS on cluster Prod").
    pub features: BTreeMap<LicensedFeature, BTreeSet<String>>,
    /// The VM with the most vCPUs that may run on the host, with its vCPUs.
    pub widest_vm: Option<(u32, String)>,
}

/// The licensed features every host uses in `project`: HA and DRS (with vMotion) of its cluster, FT VMs it may run
/// (with vMotion, which FT needs), long-distance vMotion at its site, a Storage vMotion planned for a VM on it,
/// distributed switches it belongs to, host profiles of its cluster, and its widest VM. `ft_counts` says which
/// FT VMs to count (a rule leaves out the VMs whose FT cannot exist yet: FT-CL-14 is their only finding).
pub fn features_in_use<'p>(
    project: &'p Project,
    index: &'p Index,
    ft_counts: impl Fn(&Vm) -> bool,
) -> BTreeMap<HostId, HostUse> {
    let mut uses: BTreeMap<HostId, HostUse> = BTreeMap::new();
    let mut add = |host: HostId, feature: LicensedFeature, why: String| {
        uses.entry(host)
            .or_default()
            .features
            .entry(feature)
            .or_default()
            .insert(why);
    };
    for (&id, cluster) in &project.clusters {
        for &host in index.hosts_of(id) {
            if cluster.ha.enabled {
                add(
                    host,
                    LicensedFeature::Ha,
                    format!("HA on cluster {}", cluster.name),
                );
            }
            if cluster.drs.enabled {
                add(
                    host,
                    LicensedFeature::Drs,
                    format!("DRS on cluster {}", cluster.name),
                );
                add(
                    host,
                    LicensedFeature::Vmotion,
                    format!("DRS on cluster {}", cluster.name),
                );
            }
            if cluster.host_profiles {
                add(
                    host,
                    LicensedFeature::HostProfiles,
                    format!("host profiles on cluster {}", cluster.name),
                );
            }
        }
    }
    // The FT VMs are listed in the index: a few among tens of thousands.
    for vm in index.ft_vms.iter().filter_map(|id| project.vms.get(id)) {
        if ft_counts(vm) {
            let cluster_hosts = vm.cluster.map_or(&[][..], |c| index.hosts_of(c));
            let hosts: BTreeSet<HostId> = cluster_hosts
                .iter()
                .copied()
                .chain(vm.host)
                .chain(vm.ft_secondary_host())
                .collect();
            for host in hosts {
                add(
                    host,
                    LicensedFeature::FaultTolerance,
                    format!("FT VM {}", vm.name),
                );
                add(host, LicensedFeature::Vmotion, format!("FT VM {}", vm.name));
            }
        }
    }
    for link in project.site_links.values() {
        if !link.long_distance_vmotion {
            continue;
        }
        for (&host, site) in &index.host_site {
            if *site == link.site_a || *site == link.site_b {
                add(
                    host,
                    LicensedFeature::Vmotion,
                    format!("long-distance vMotion over {}", link.name),
                );
            }
        }
    }
    for vswitch in project.vswitches.values() {
        let (feature, kind) = match vswitch.kind {
            VswitchKind::Standard => continue,
            VswitchKind::Distributed => (LicensedFeature::DistributedSwitch, "vDS"),
            VswitchKind::Nexus1000v { .. } => (LicensedFeature::Nexus1000v, "Nexus 1000V"),
        };
        let why = format!("its membership of {kind} {}", vswitch.name);
        for host in vswitch.hosts_in(project) {
            add(host, feature, why.clone());
        }
    }
    // The widest VM of each set of hosts VMs may run on (a cluster's, or a host of its own); each host then takes
    // the widest of its sets. Of equally wide VMs the first by ID is named, as a walk over the VMs would.
    type Widest = (u32, std::cmp::Reverse<VmId>);
    let rows = index.vm_rows_of(project);
    let wider =
        |slot: Option<&Widest>, candidate: &Widest| slot.is_none_or(|best| candidate > best);
    let mut widest_of_set: BTreeMap<HostSet, (&[HostId], Widest)> = BTreeMap::new();
    fn keep<'h>(
        widest_of_set: &mut BTreeMap<HostSet, (&'h [HostId], Widest)>,
        set: HostSet,
        hosts: &'h [HostId],
        candidate: Widest,
    ) {
        match widest_of_set.entry(set) {
            Entry::Vacant(slot) => {
                slot.insert((hosts, candidate));
            }
            Entry::Occupied(mut slot) => {
                if candidate > slot.get().1 {
                    slot.get_mut().1 = candidate;
                }
            }
        }
    }
    // VMs of one set mostly follow each other: the widest of a run is kept in the map when the run ends.
    let mut run: Option<(HostSet, &[HostId], Widest)> = None;
    // One walk over the VMs' rows (not the VMs: far less memory) for their planned Storage vMotions and their
    // widest.
    for row in rows.iter() {
        if row.storage_vmotion_planned
            && let Some(host) = row.host
            && let Some(vm) = project.vms.get(&row.id)
        {
            add(
                host,
                LicensedFeature::StorageVmotion,
                format!("the planned Storage vMotion of {}", vm.name),
            );
        }
        let candidate = (row.vcpus, std::cmp::Reverse(row.id));
        let set = index.host_set_of_row(run.as_ref().map(|(set, ..)| *set), row);
        match &mut run {
            Some((of, _, best)) if *of == set => {
                if wider(Some(best), &candidate) {
                    *best = candidate;
                }
            }
            _ => {
                if let Some((of, hosts, best)) =
                    run.replace((set, index.hosts_for_row(row), candidate))
                {
                    keep(&mut widest_of_set, of, hosts, best);
                }
            }
        }
    }
    if let Some((of, hosts, best)) = run {
        keep(&mut widest_of_set, of, hosts, best);
    }
    let mut widest: BTreeMap<HostId, Widest> = BTreeMap::new();
    for (hosts, candidate) in widest_of_set.into_values() {
        for &host in hosts {
            if wider(widest.get(&host), &candidate) {
                widest.insert(host, candidate);
            }
        }
    }
    for (host, (vcpus, std::cmp::Reverse(id))) in widest {
        if let Some(vm) = project.vms.get(&id) {
            uses.entry(host).or_default().widest_vm = Some((vcpus, vm.name.clone()));
        }
    }
    uses
}

/// Editions the planner offers when it must raise one, cheapest first: the Essentials kits are for three-host
/// shops and the Standard + VMotion + Storage VMotion entitlement cannot be bought, so neither is offered unless
/// the VI3 licence maps to it.
const RAISE_TO: [LicenceEdition; 4] = [
    LicenceEdition::Standard,
    LicenceEdition::Advanced,
    LicenceEdition::Enterprise,
    LicenceEdition::EnterprisePlus,
];

/// The vSphere 4 edition for hosts that use `uses` and hold the licence `vi3` today: what KB 1010690 maps the
/// VI3 licence to (a vSphere 4 edition stays itself), raised to the cheapest edition that includes every feature they use (and the widest VM's
/// vCPUs) and everything the mapped edition had. A feature the data does not settle counts as missing, so the
/// edition is raised past it.
pub fn planned_edition<'a>(
    reference: &ReferenceData,
    vi3: LicenceEdition,
    uses: impl IntoIterator<Item = &'a HostUse>,
) -> LicenceEdition {
    // A licence recorded as a vSphere 4 edition already (the matrix knows it) stays the floor.
    let mapped = reference
        .vi3_entitlement(vi3, &[])
        .map(|e| e.vsphere)
        .or_else(|| {
            reference
                .licence_features
                .iter()
                .any(|cell| cell.edition == vi3)
                .then_some(vi3)
        });
    let mut needed: BTreeSet<LicensedFeature> = BTreeSet::new();
    let mut vcpus = 0;
    for host_use in uses {
        needed.extend(host_use.features.keys().copied());
        if let Some((widest, _)) = &host_use.widest_vm {
            vcpus = vcpus.max(*widest);
        }
    }
    if let Some(mapped) = mapped {
        needed.extend(
            ALL_FEATURES
                .iter()
                .copied()
                .filter(|&feature| reference.inclusion(mapped, feature) == Inclusion::Yes),
        );
    }
    let covers = |edition: LicenceEdition| {
        needed
            .iter()
            .all(|&feature| reference.inclusion(edition, feature) == Inclusion::Yes)
            && reference
                .edition_limit(edition, EditionLimitItem::VcpusPerVm)
                .is_none_or(|limit| vcpus <= limit)
    };
    mapped
        .into_iter()
        .chain(RAISE_TO)
        .find(|&edition| covers(edition))
        .unwrap_or(LicenceEdition::EnterprisePlus)
}

/// Every licensed feature of the matrix.
pub const ALL_FEATURES: [LicensedFeature; 8] = [
    LicensedFeature::Ha,
    LicensedFeature::Vmotion,
    LicensedFeature::FaultTolerance,
    LicensedFeature::StorageVmotion,
    LicensedFeature::Drs,
    LicensedFeature::DistributedSwitch,
    LicensedFeature::HostProfiles,
    LicensedFeature::Nexus1000v,
];

/// A point of the plan: a stage, a wave of it (`None` for the stage's own steps), and the day its window starts,
/// when dated (the wave's window, else its stage's).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanPoint {
    pub stage: usize,
    /// The wave by position and name.
    pub wave: Option<(usize, String)>,
    /// Days since 1970-01-01.
    pub day: Option<i64>,
}

impl PlanPoint {
    /// "stage 6, Wave 1 (2010-01-16)", "stage 2", for messages.
    pub fn describe(&self) -> String {
        let mut text = format!("stage {}", self.stage);
        if let Some((_, name)) = &self.wave {
            text.push_str(", ");
            text.push_str(name);
        }
        if let Some(day) = self.day {
            text.push_str(&format!(" ({})", crate::model::calendar::date_text(day)));
        }
        text
    }

    /// The same stage and wave.
    fn same_place(&self, other: &Self) -> bool {
        self.stage == other.stage
            && self.wave.as_ref().map(|(w, _)| *w) == other.wave.as_ref().map(|(w, _)| *w)
    }
}

/// The step that gives a host or vCenter its vSphere 4 key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyStep {
    pub at: PlanPoint,
    /// The step's position among the stage's steps, or the wave's `after_upgrade` steps.
    pub step: usize,
    /// The edition of the key, when the step names it (a vCenter key may not).
    pub edition: Option<LicenceEdition>,
}

/// A host or vCenter between its move to vSphere 4 and its key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    pub upgraded: PlanPoint,
    /// The first key step after the upgrade; `None` when no step of the plan keys it.
    pub key: Option<KeyStep>,
}

impl Evaluation {
    /// The key comes right with the upgrade: a host's in its wave's `after_upgrade` steps, a vCenter's later among
    /// the steps of the stage that upgrades it.
    pub fn keyed_with_upgrade(&self) -> bool {
        self.key
            .as_ref()
            .is_some_and(|key| key.at.same_place(&self.upgraded))
    }

    /// The key comes in the stage that does the upgrade (rules-v2 LIC-04: keys go in the stage that upgrades).
    pub fn keyed_in_upgrade_stage(&self) -> bool {
        self.key
            .as_ref()
            .is_some_and(|key| key.at.stage == self.upgraded.stage)
    }

    /// Days from the upgrade to the key, when both are dated.
    pub fn days_to_key(&self) -> Option<i64> {
        Some(self.key.as_ref()?.at.day? - self.upgraded.day?)
    }

    /// Runs in evaluation at the end of stage `stage`: upgraded by then and not keyed by then.
    pub fn in_evaluation_after(&self, stage: usize) -> bool {
        self.upgraded.stage <= stage && self.key.as_ref().is_none_or(|key| key.at.stage > stage)
    }
}

/// Every host and vCenter a plan moves to vSphere 4, with its key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeySchedule {
    pub hosts: BTreeMap<HostId, Evaluation>,
    pub vcenters: BTreeMap<VcenterId, Evaluation>,
}

impl KeySchedule {
    /// The host was keyed after running in evaluation past its own wave (LIC-05 judges what it used meanwhile).
    pub fn keyed_late(&self, host: HostId) -> bool {
        self.hosts
            .get(&host)
            .is_some_and(|e| e.key.is_some() && !e.keyed_with_upgrade())
    }

    /// What a key step keys: the hosts and vCenters whose key it is, with when they were upgraded.
    pub fn keyed_by(&self, stage: usize, wave: Option<usize>, step: usize) -> Keyed<'_> {
        let by = |evaluation: &&Evaluation| {
            evaluation.key.as_ref().is_some_and(|key| {
                key.at.stage == stage
                    && key.at.wave.as_ref().map(|(w, _)| *w) == wave
                    && key.step == step
            })
        };
        Keyed {
            hosts: self
                .hosts
                .iter()
                .filter(|(_, e)| by(e))
                .map(|(&id, e)| (id, e))
                .collect(),
            vcenters: self
                .vcenters
                .iter()
                .filter(|(_, e)| by(e))
                .map(|(&id, e)| (id, e))
                .collect(),
        }
    }
}

/// Where a key step sits: its stage, its wave (for a wave's `after_upgrade` steps, `None` for the stage's own
/// steps) and its position among those steps.
pub type KeyStepAt = (usize, Option<usize>, usize);

impl KeySchedule {
    /// What every key step keys, by where it sits: [`KeySchedule::keyed_by`] of all key steps in one walk, for a
    /// caller that asks for every step of the plan (per step, the walk over every host was quadratic).
    pub fn keyed_by_step(&self) -> BTreeMap<KeyStepAt, Keyed<'_>> {
        let at = |evaluation: &Evaluation| {
            evaluation.key.as_ref().map(|key| {
                (
                    key.at.stage,
                    key.at.wave.as_ref().map(|(w, _)| *w),
                    key.step,
                )
            })
        };
        let mut by_step: BTreeMap<KeyStepAt, Keyed<'_>> = BTreeMap::new();
        for (&id, evaluation) in &self.hosts {
            if let Some(step) = at(evaluation) {
                by_step
                    .entry(step)
                    .or_default()
                    .hosts
                    .push((id, evaluation));
            }
        }
        for (&id, evaluation) in &self.vcenters {
            if let Some(step) = at(evaluation) {
                by_step
                    .entry(step)
                    .or_default()
                    .vcenters
                    .push((id, evaluation));
            }
        }
        by_step
    }
}

/// The hosts and vCenters one key step keys.
#[derive(Debug, Default)]
pub struct Keyed<'a> {
    pub hosts: Vec<(HostId, &'a Evaluation)>,
    pub vcenters: Vec<(VcenterId, &'a Evaluation)>,
}

/// Walks the plan in order (each stage's steps, then its waves, each wave's hosts then its `after_upgrade`
/// steps) and records each move from VI3 to vSphere 4 and the first key step after it.
pub fn key_schedule(project: &Project, plan: &UpgradePlan) -> KeySchedule {
    let mut schedule = KeySchedule::default();
    let mut host_release: BTreeMap<HostId, Release> = project
        .hosts
        .iter()
        .map(|(&id, host)| (id, host.release()))
        .collect();
    let mut vcenter_release: BTreeMap<VcenterId, Release> = project
        .vcenters
        .iter()
        .map(|(&id, vcenter)| (id, vcenter.release))
        .collect();
    for (index, stage) in plan.stages.iter().enumerate() {
        let stage_day = stage.window.as_ref().and_then(crate::model::Window::day);
        let at = PlanPoint {
            stage: index,
            wave: None,
            day: stage_day,
        };
        for (position, step) in stage.steps.iter().enumerate() {
            record_step(
                project,
                &mut schedule,
                &mut vcenter_release,
                step,
                &at,
                position,
            );
        }
        for (wave_index, wave) in stage.waves.iter().enumerate() {
            let at = PlanPoint {
                stage: index,
                wave: Some((wave_index, wave.name.clone())),
                day: wave
                    .window
                    .as_ref()
                    .and_then(crate::model::Window::day)
                    .or(stage_day),
            };
            for &host in &wave.hosts {
                let target = super::projection::target_of(project, plan, host);
                let Some(release) = host_release.get_mut(&host) else {
                    continue;
                };
                if *release >= target {
                    continue;
                }
                if !release.is_vsphere4_or_later() && target.is_vsphere4_or_later() {
                    schedule.hosts.insert(
                        host,
                        Evaluation {
                            upgraded: at.clone(),
                            key: None,
                        },
                    );
                }
                *release = target;
            }
            for (position, step) in wave.after_upgrade.iter().enumerate() {
                record_step(
                    project,
                    &mut schedule,
                    &mut vcenter_release,
                    step,
                    &at,
                    position,
                );
            }
        }
    }
    schedule
}

/// Records what one step does to the schedule: a vCenter moving to vCenter Server 4, or keys.
fn record_step(
    project: &Project,
    schedule: &mut KeySchedule,
    vcenter_release: &mut BTreeMap<VcenterId, Release>,
    step: &Step,
    at: &PlanPoint,
    position: usize,
) {
    let key = |edition: Option<LicenceEdition>| KeyStep {
        at: at.clone(),
        step: position,
        edition,
    };
    let mut key_host = |host: HostId, edition: LicenceEdition| {
        if let Some(evaluation) = schedule.hosts.get_mut(&host)
            && evaluation.key.is_none()
        {
            evaluation.key = Some(key(Some(edition)));
        }
    };
    match step {
        Step::UpgradeVcenter { vcenter, release } => {
            let Some(current) = vcenter_release.get_mut(vcenter) else {
                return;
            };
            if !current.is_vsphere4_or_later() && release.is_vsphere4_or_later() {
                schedule.vcenters.insert(
                    *vcenter,
                    Evaluation {
                        upgraded: at.clone(),
                        key: None,
                    },
                );
            }
            *current = (*current).max(*release);
        }
        Step::ApplyHostLicences { hosts, edition } => {
            for &host in hosts {
                key_host(host, *edition);
            }
        }
        Step::ApplyLicences { cluster, edition } => {
            for (&host, h) in &project.hosts {
                if h.cluster == Some(*cluster) {
                    key_host(host, *edition);
                }
            }
        }
        Step::ApplyVcenterLicence { vcenter, edition } => {
            if let Some(evaluation) = schedule.vcenters.get_mut(vcenter)
                && evaluation.key.is_none()
            {
                evaluation.key = Some(key(*edition));
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClusterId, Host, Stage, StageKind, Vcenter, Wave, Window};

    fn project() -> Project {
        let mut project = Project::default();
        for (id, name) in [(1, "esx01"), (2, "esx02"), (3, "esx03")] {
            let mut host = Host {
                name: name.into(),
                cluster: Some(ClusterId(1)),
                ..Host::default()
            };
            host.esx.release = "3.5 U4".parse().unwrap_or_default();
            project.hosts.insert(HostId(id), host);
        }
        project.vcenters.insert(
            VcenterId(1),
            Vcenter {
                name: "vc01".into(),
                release: "2.5 U4".parse().unwrap_or_default(),
                ..Vcenter::default()
            },
        );
        project
    }

    fn window(date: &str) -> Option<Window> {
        Some(Window {
            date: date.into(),
            start: "22:00".into(),
            hours: 4.0,
        })
    }

    fn plan() -> UpgradePlan {
        let release: Release = "4.0 U1".parse().unwrap_or_default();
        let mut vcenter = Stage::new(StageKind::Vcenter);
        vcenter.window = window("2010-01-09");
        vcenter.steps = vec![
            Step::UpgradeVcenter {
                vcenter: VcenterId(1),
                release,
            },
            Step::ApplyVcenterLicence {
                vcenter: VcenterId(1),
                edition: Some(LicenceEdition::Standard),
            },
        ];
        let mut rolling = Stage::new(StageKind::RollingUpgrade);
        rolling.waves = vec![
            Wave {
                name: "Wave 1".into(),
                hosts: vec![HostId(1)],
                window: window("2010-01-16"),
                after_upgrade: vec![Step::ApplyHostLicences {
                    hosts: vec![HostId(1)],
                    edition: LicenceEdition::Enterprise,
                }],
                ..Wave::default()
            },
            Wave {
                name: "Wave 2".into(),
                hosts: vec![HostId(2), HostId(3)],
                window: window("2010-01-23"),
                ..Wave::default()
            },
        ];
        let mut licences = Stage::new(StageKind::Licences);
        licences.window = window("2010-04-01");
        // A key for esx01 again (already keyed) and the cluster's keys for the others.
        licences.steps = vec![Step::ApplyLicences {
            cluster: ClusterId(1),
            edition: LicenceEdition::Standard,
        }];
        UpgradePlan {
            target: release,
            stages: vec![vcenter, rolling, licences],
        }
    }

    #[test]
    fn keys_with_the_upgrade_and_late_keys_are_told_apart() {
        let schedule = key_schedule(&project(), &plan());
        let vc = &schedule.vcenters[&VcenterId(1)];
        assert!(vc.keyed_with_upgrade());
        let first = &schedule.hosts[&HostId(1)];
        assert!(first.keyed_with_upgrade());
        assert_eq!(
            first.key.as_ref().and_then(|k| k.edition),
            Some(LicenceEdition::Enterprise)
        );
        let second = &schedule.hosts[&HostId(2)];
        assert!(!second.keyed_in_upgrade_stage());
        assert!(schedule.keyed_late(HostId(2)));
        // 23 January to 1 April 2010.
        assert_eq!(second.days_to_key(), Some(68));
        assert!(second.in_evaluation_after(1));
        assert!(!second.in_evaluation_after(2));
        assert_eq!(second.upgraded.describe(), "stage 1, Wave 2 (2010-01-23)");
        let keyed = schedule.keyed_by(2, None, 0);
        assert_eq!(keyed.hosts.len(), 2);
    }

    #[test]
    fn hosts_already_on_esx4_and_keys_before_the_upgrade_do_not_count() {
        let mut project = project();
        if let Some(host) = project.hosts.get_mut(&HostId(3)) {
            host.esx.release = "4.0".parse().unwrap_or_default();
        }
        let mut plan = plan();
        // A key step before any wave keys nobody: the hosts still run ESX 3.5 then.
        plan.stages[0].steps.push(Step::ApplyHostLicences {
            hosts: vec![HostId(2)],
            edition: LicenceEdition::Enterprise,
        });
        let schedule = key_schedule(&project, &plan);
        assert!(!schedule.hosts.contains_key(&HostId(3)));
        assert_eq!(
            schedule.hosts[&HostId(2)].key.as_ref().map(|k| k.at.stage),
            Some(2)
        );
    }
}
