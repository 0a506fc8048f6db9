//! What a rule sees of an upgrade stage when it checks a projected state: the stage, the hosts in maintenance
//! mode, and the preparation done so far.

use std::collections::BTreeSet;

use crate::model::{ClusterId, EnclosureId, HostId, StageKind, VcenterId, VmId};

/// The stage (and wave) a projected state belongs to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StageView {
    /// Position of the stage in the plan, from 0.
    pub index: usize,
    pub kind: StageKind,
    pub title: String,
    /// The wave whose hosts are in maintenance mode, by position and name, while a wave runs.
    pub wave: Option<(usize, String)>,
    /// The step whose operation takes hosts down, by position among the stage's steps and in words, while it
    /// runs (the hosts are in `in_maintenance`, their VMs evacuated where the cluster has room).
    pub operation: Option<(usize, String)>,
    pub in_maintenance: BTreeSet<HostId>,
    /// Why the architect accepts running below failover capacity during this wave.
    pub accepted_risk: Option<String>,
    pub progress: Progress,
    /// The VMs whose VMware Tools and virtual hardware this stage's steps upgrade.
    pub vm_upgrades: VmUpgrades,
    /// When the plan keys each host and vCenter it moves to vSphere 4: the whole plan's, so a rule can tell
    /// whether a key comes later (LIC-04, LIC-05).
    pub licence_keys: std::sync::Arc<crate::planner::licensing::KeySchedule>,
}

/// The VMs a stage's steps upgrade, worked out from the estate as it stood before the stage (once a step has run,
/// its VMs no longer look in need of it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VmUpgrades {
    /// VMs whose VMware Tools a Tools step upgrades (or installs): those in its scope whose Tools are not current.
    pub tools: BTreeSet<VmId>,
    /// VMs a hardware step takes to virtual hardware 7: those in its scope, less its exceptions, not on 7 already.
    pub hardware: BTreeSet<VmId>,
}

impl VmUpgrades {
    /// The stage upgrades no VM's Tools or hardware.
    pub fn is_empty(&self) -> bool {
        self.tools.is_empty() && self.hardware.is_empty()
    }
}

impl StageView {
    /// Hosts being upgraded at this moment: those in maintenance mode during a host wave (an operation such as
    /// blade firmware also puts hosts in maintenance, without upgrading them).
    pub fn upgrading(&self) -> impl Iterator<Item = &HostId> {
        self.in_maintenance.iter().filter(|_| self.wave.is_some())
    }

    /// The host is being upgraded at this moment.
    pub fn is_upgrading(&self, host: HostId) -> bool {
        self.wave.is_some() && self.in_maintenance.contains(&host)
    }
}

/// Preparation the plan has done by this stage, for rules that ask "was this done first?".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// vCenters the plan's `UpgradeVcenter` steps have upgraded so far.
    pub vcenters_upgraded: BTreeSet<VcenterId>,
    pub vcenters_backed_up: BTreeSet<VcenterId>,
    pub vcenters_pre_checked: BTreeSet<VcenterId>,
    pub domains_backed_up: BTreeSet<EnclosureId>,
    pub firmware_updated: BTreeSet<EnclosureId>,
    pub admission_relaxed: BTreeSet<ClusterId>,
    /// Hosts upgraded by the plan so far (in place, keeping the ESX 3.x partition layout).
    pub hosts_upgraded: BTreeSet<HostId>,
    /// WWPNs that changed with a blade move, old and new per HBA port, for the zoning and host-entry steps.
    pub identity_changes: std::collections::BTreeMap<HostId, Vec<(String, String)>>,
    /// Enclosures with a replaced midplane whose VC domain a step restored instead of recreating (VC-14).
    pub domains_restored: BTreeSet<EnclosureId>,
    /// Hosts whose blade firmware the plan has updated.
    pub blade_firmware_updated: BTreeSet<HostId>,
    /// vCenters whose Update Manager database the plan has backed up.
    pub update_managers_backed_up: BTreeSet<VcenterId>,
    /// vCenters whose Update Manager has the plan's host upgrade baseline and VM baseline group (OPS-04).
    pub baselines_defined: BTreeSet<VcenterId>,
    /// The third-party agents the plan removed from each host (OPS-03: what its reinstall replaces).
    pub agents_removed: std::collections::BTreeMap<HostId, Vec<String>>,
    /// ESX hosts upgraded in place from ESX 3.x that can still `rollback-to-esx3`: no `cleanup-esx3` yet (OPS-02).
    pub rollback_window: BTreeSet<HostId>,
}
