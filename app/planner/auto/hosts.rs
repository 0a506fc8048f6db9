//! Stages 5-7 of the auto-plan: clusters prepared for mixed releases, hosts to ESX 4 in waves that keep HA
//! failover capacity, and what a cluster gets once all its hosts are on ESX 4.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{
    ClusterId, Controller, HostId, Index, LicenceEdition, LunId, PathPolicy, Project, Release,
    Stage, StageKind, Step, Wave,
};
use crate::refdata::ReferenceData;

use super::{AutoPlanner, needed, standalone};
use crate::planner::admission::{self, AdmissionInputs};
use crate::planner::capacity::{capacity_with_demand, cluster_demand};

impl AutoPlanner<'_> {
    /// Stage 5: static addresses, agents removed, shared EVA paths aligned, admission control relaxed.
    pub(super) fn prepare_clusters_stage(&self) -> Option<Stage> {
        let mut stage = Stage::new(StageKind::PrepareClusters);
        let state = &self.state;
        for &id in &self.upgradable {
            let Some(host) = state.hosts.get(&id) else {
                continue;
            };
            if host.management_addressing == crate::model::Addressing::Dhcp {
                stage.steps.push(Step::StaticAddress { host: id });
            }
            if !host.agents.is_empty() {
                stage.steps.push(Step::RemoveAgents { host: id });
            }
        }
        // A LUN already set as procedure 2 wants it gets no step: a step that changes nothing is not emitted.
        for (lun, controller) in
            shared_luns_to_align(state, &self.index, &self.upgradable, &self.aligned)
                .into_iter()
                .filter(|&(lun, controller)| {
                    !crate::planner::projection::eva_paths_aligned_on(
                        state,
                        self.index.hosts_seeing(lun),
                        lun,
                        controller,
                    )
                })
        {
            stage.steps.push(Step::AlignEvaPaths { lun, controller });
        }
        for &cluster in &self.relaxed {
            stage.steps.push(Step::RelaxAdmissionControl { cluster });
        }
        needed(stage)
    }

    /// Stage 6: waves, each host's vSphere 4 key right after its upgrade: ESX 4 keeps no VI3 licence (LIC-04).
    pub(super) fn rolling_upgrade_stage(&self) -> Option<Stage> {
        let mut stage = Stage::new(StageKind::RollingUpgrade);
        let state = &self.state;
        stage.waves = waves(state, &self.index, &self.upgradable, self.reference);
        let editions = host_editions(
            state,
            &self.index,
            self.reference,
            &self.upgradable,
            self.target,
        );
        for wave in &mut stage.waves {
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
        needed(stage)
    }

    /// Stage 7: Round Robin where every host of a LUN ends on ESX 4; admission control back; the ESX 3 rollback
    /// window closed.
    pub(super) fn clusters_complete_stage(&self) -> Option<Stage> {
        let mut stage = Stage::new(StageKind::ClustersComplete);
        let state = &self.state;
        let mut lun_hosts: BTreeMap<LunId, Vec<HostId>> = BTreeMap::new();
        for (&id, host) in &state.hosts {
            for path in &host.lun_paths {
                lun_hosts.entry(path.lun).or_default().push(id);
            }
        }
        for (&lun, hosts) in &lun_hosts {
            let all_vsphere = hosts.iter().all(|&h| {
                self.final_release(h)
                    .is_some_and(Release::is_vsphere4_or_later)
            });
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
                stage.steps.push(Step::RoundRobin { lun });
            }
        }
        for &cluster in &self.relaxed {
            stage.steps.push(Step::RestoreAdmissionControl { cluster });
        }
        // OPS-02: ESX hosts upgraded in place leave their rollback window before any VM goes to hardware 7.
        for &id in &self.upgradable {
            let Some(host) = state.hosts.get(&id) else {
                continue;
            };
            let in_place_from_esx3 = host.esx.product == crate::model::EsxProduct::Esx
                && host
                    .target_product
                    .is_none_or(|p| p == crate::model::EsxProduct::Esx)
                && !host.release().is_vsphere4_or_later()
                && host
                    .target_release
                    .unwrap_or(self.target)
                    .is_vsphere4_or_later();
            if in_place_from_esx3 {
                stage.steps.push(Step::CleanupEsx3 { host: id });
            }
        }
        needed(stage)
    }
}

/// LUNs shared by hosts that will run mixed releases, to align (and record) before the first ESX 4 host
/// joins them: procedure 2.
fn shared_luns_to_align(
    state: &Project,
    index: &Index,
    upgradable: &BTreeSet<HostId>,
    already: &BTreeMap<LunId, Controller>,
) -> BTreeMap<LunId, Controller> {
    let mut out = BTreeMap::new();
    for (&id, lun) in &state.luns {
        if already.contains_key(&id) {
            continue;
        }
        // The index lists a host once per path to the LUN.
        let mut hosts: Vec<HostId> = index.hosts_seeing(id).to_vec();
        hosts.dedup();
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

/// Host waves: per cluster as many hosts at a time as keep HA failover capacity (at least one, at most an
/// eighth of the cluster), FT pairs together; wave `n` takes the `n`-th batch of every cluster. A batch keeps
/// both the configured memory with a host's worth held back (room to evacuate without heavy reclamation) and
/// HA admission control's own failover capacity (CAP-01).
pub(super) fn waves(
    state: &Project,
    index: &Index,
    upgradable: &BTreeSet<HostId>,
    reference: &ReferenceData,
) -> Vec<Wave> {
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
        // What the trials share, gathered once a cluster rather than from its VMs at every trial.
        let demand_mb = cluster_demand(state, index, cluster);
        let admission_inputs = AdmissionInputs::of(
            state,
            index,
            reference,
            cluster,
            admission::cluster_vms(state, index, cluster),
        );
        for unit in units {
            let mut trial: BTreeSet<HostId> = current.iter().copied().collect();
            trial.extend(unit.iter().copied());
            let fits = capacity_with_demand(state, index, cluster, &trial, demand_mb)
                .is_some_and(|c| c.keeps_failover())
                && admission_inputs
                    .as_ref()
                    .is_none_or(|inputs| inputs.admission(reference, &trial).holds());
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

/// The vSphere 4 edition each host new to vSphere 4 gets (below 4.0 today, upgraded to 4.x by the plan): per
/// cluster, what its hosts' VI3 licence maps to (the lowest of them), raised to cover every licensed feature the
/// design uses on the cluster's hosts (HA, DRS and vMotion, FT, vDS, host profiles...); a standalone host for
/// itself.
fn host_editions(
    state: &Project,
    index: &Index,
    reference: &ReferenceData,
    upgradable: &BTreeSet<HostId>,
    target: Release,
) -> BTreeMap<HostId, LicenceEdition> {
    use crate::planner::licensing::{features_in_use, planned_edition};
    // The design's FT counts here even where it cannot run yet: the key must cover it once it does.
    let uses = features_in_use(state, index, |_| true);
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
