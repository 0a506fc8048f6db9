//! What an operation does to the estate while it runs: the hosts it takes down, worked out on the connectivity
//! graph of the estate as it stands just before it, never assumed from the plan file's today.

use std::collections::BTreeSet;

use crate::model::{HostId, InterconnectSide, Project, Step};
use crate::topology::{BladeBays, Outage, hosts_down_with, side_modules};

/// The hosts a step takes down while it runs: they go into maintenance mode first and their VMs are evacuated.
/// `blades` says where the blades of `state` sit.
pub fn hosts_taken_down(state: &Project, step: &Step, blades: &BladeBays) -> BTreeSet<HostId> {
    match step {
        // A blade is powered off to be moved.
        Step::MoveBlade { host, .. } => BTreeSet::from([*host]),
        // Blade firmware takes effect at the reboot.
        Step::UpdateBladeFirmware { hosts } => hosts
            .iter()
            .copied()
            .filter(|host| state.hosts.contains_key(host))
            .collect(),
        // A plan saved before side-by-side activation updates the whole enclosure at once: both sides reboot
        // together, which cuts every blade's network and SAN paths.
        Step::UpdateFirmware { enclosure, .. } | Step::RecreateVcDomain { enclosure } => {
            hosts_down_with(state, &Outage::Enclosure(*enclosure), blades)
        }
        Step::ActivateVcFirmware { enclosure, side } => hosts_down_with(
            state,
            &Outage::Modules(side_modules(
                state,
                *enclosure,
                *side == InterconnectSide::Odd,
            )),
            blades,
        ),
        _ => BTreeSet::new(),
    }
}
