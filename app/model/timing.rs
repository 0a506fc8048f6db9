//! The plan's timing model: how long upgrade work takes and how much of it runs at once. Planning assumptions
//! the architect owns (and can change in the designer), not facts about the estate.

use serde::{Deserialize, Serialize};

/// How long the work of the plan takes and what runs at the same time. Every duration the timeline, the runbook
/// and the summary give comes from these figures ([`crate::planner::timing`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Timing {
    /// Hosts Update Manager upgrades (or hosts that get blade firmware) at the same time across the estate. One
    /// host of a cluster at a time: Update Manager 4.0 remediates a cluster's hosts one after the other.
    pub parallel_host_upgrades: u32,
    /// Minutes for one host upgrade: maintenance mode with its VMs evacuated, remediation, reboot, reconnect and
    /// the checks of procedure 5.
    pub host_upgrade_minutes: u32,
    /// Minutes of blade ROM, iLO, NIC and HBA firmware for one host, evacuation and reboot included.
    pub host_firmware_minutes: u32,
    /// Hands-on tasks the team runs at once on different objects (enclosures, vCenters, arrays, clusters): steps
    /// of one kind run in parallel across objects, in order on one object.
    pub parallel_tasks: u32,
    /// Minutes to upgrade VMware Tools or the virtual hardware of one VM, its reboots apart.
    pub guest_upgrade_minutes: u32,
    /// Minutes one guest reboot takes.
    pub guest_reboot_minutes: u32,
    /// VMs upgraded at the same time on one host.
    pub guests_per_host: u32,
    /// VMs upgraded at the same time across the estate.
    pub parallel_guest_upgrades: u32,
}

impl Default for Timing {
    fn default() -> Self {
        Self {
            parallel_host_upgrades: 16,
            host_upgrade_minutes: 90,
            host_firmware_minutes: 45,
            parallel_tasks: 4,
            guest_upgrade_minutes: 5,
            guest_reboot_minutes: 5,
            guests_per_host: 4,
            parallel_guest_upgrades: 200,
        }
    }
}

impl Timing {
    /// Nothing changed from the defaults (the plan file then leaves the section out).
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}
