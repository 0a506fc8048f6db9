//! What a rule sees of an upgrade stage when it checks a projected state: the stage, the hosts in maintenance
//! mode, and the preparation done so far.

use std::collections::BTreeSet;

use crate::model::{ClusterId, EnclosureId, HostId, StageKind, VcenterId};

/// The stage (and wave) a projected state belongs to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StageView {
    /// Position of the stage in the plan, from 0.
    pub index: usize,
    pub kind: StageKind,
    pub title: String,
    /// The wave whose hosts are in maintenance mode, by position and name, while a wave runs.
    pub wave: Option<(usize, String)>,
    pub in_maintenance: BTreeSet<HostId>,
    /// Why the architect accepts running below failover capacity during this wave.
    pub accepted_risk: Option<String>,
    pub progress: Progress,
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
}
