//! Stage 4 of the auto-plan: the hardware window. Blades move so HA clusters spread over enclosures, then
//! firmware goes on in the vendor order.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{
    ClusterId, EnclosureId, HostId, Index, Placement, Project, Stage, StageKind, Step,
};
use crate::refdata::ReferenceData;

use super::hosts::waves;
use super::{AutoPlanner, needed};

/// Blades of one HA cluster per enclosure before HA can elect all five primaries in it (CAP-04).
const MAX_CLUSTER_HOSTS_PER_ENCLOSURE: usize = 4;
/// Device bays of a c7000.
const DEVICE_BAYS: u8 = crate::model::C7000_DEVICE_BAYS;

impl AutoPlanner<'_> {
    /// Stage 4, after the stage 1 backups: blade moves (with the zoning and EVA host entries that follow the new
    /// identity), then firmware in the vendor order, worked out on the estate as the moves leave it.
    pub(super) fn firmware_stage(&self) -> Option<Stage> {
        let mut stage = Stage::new(StageKind::Firmware);
        // A move changes a blade's bay and identity and nothing the firmware batches weigh (clusters, their VMs,
        // capacity), so the firmware is worked out on today's estate with each blade where the moves leave it,
        // rather than on a copy of the whole estate with the moves applied.
        let mut placements: BTreeMap<HostId, Placement> = self
            .state
            .hosts
            .iter()
            .map(|(&id, host)| (id, host.placement.clone()))
            .collect();
        for step in spread_clusters(&self.state) {
            let moved = match step {
                Step::MoveBlade {
                    host,
                    enclosure,
                    bay,
                } => {
                    placements.insert(host, Placement::Blade { enclosure, bay });
                    Some(host)
                }
                _ => None,
            };
            stage.steps.push(step);
            if let Some(host) = moved
                && self
                    .state
                    .hosts
                    .get(&host)
                    .is_some_and(|h| !h.fc_ports.is_empty())
            {
                stage.steps.push(Step::RezoneHost { host });
                stage.steps.push(Step::UpdateArrayHosts { host });
            }
        }
        stage.steps.extend(firmware_steps(
            &self.state,
            &self.index,
            &placements,
            &self.upgradable,
            self.reference,
        ));
        needed(stage)
    }
}

/// Firmware of every enclosure holding a host to upgrade, in the vendor order: every Onboard Administrator, then
/// blade ROM/iLO/NIC/HBA in batches that keep each cluster's HA failover capacity (hosts in maintenance mode),
/// then Virtual Connect one side at a time, or, where the midplane was replaced, the domain recreated by hand
/// with the whole enclosure evacuated. `placements` is where each host stands when the firmware goes on.
fn firmware_steps(
    state: &Project,
    index: &Index,
    placements: &BTreeMap<HostId, Placement>,
    upgradable: &BTreeSet<HostId>,
    reference: &ReferenceData,
) -> Vec<Step> {
    let enclosures: BTreeSet<EnclosureId> = upgradable
        .iter()
        .filter_map(|host| match placements.get(host)? {
            &Placement::Blade { enclosure, .. } => Some(enclosure),
            Placement::RackServer { .. } => None,
        })
        .collect();
    let mut steps: Vec<Step> = enclosures
        .iter()
        .map(|&enclosure| Step::UpdateOaFirmware { enclosure })
        .collect();
    let blades: BTreeSet<HostId> = placements
        .iter()
        .filter(|(_, placement)| {
            matches!(placement, Placement::Blade { enclosure, .. } if enclosures.contains(enclosure))
        })
        .map(|(&id, _)| id)
        .collect();
    for wave in waves(state, index, &blades, reference) {
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
    // Each cluster's blades by enclosure, in host ID order, found in one pass over the hosts (not one per cluster).
    let mut blades_of_cluster: BTreeMap<ClusterId, BTreeMap<EnclosureId, Vec<(u8, HostId)>>> =
        BTreeMap::new();
    for (&id, host) in &state.hosts {
        if let (Some(cluster), &Placement::Blade { enclosure, bay }) =
            (host.cluster, &host.placement)
        {
            blades_of_cluster
                .entry(cluster)
                .or_default()
                .entry(enclosure)
                .or_default()
                .push((bay, id));
        }
    }
    for (&cluster_id, cluster) in &state.clusters {
        if !cluster.ha.enabled {
            continue;
        }
        let mut per_enclosure = blades_of_cluster.remove(&cluster_id).unwrap_or_default();
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
