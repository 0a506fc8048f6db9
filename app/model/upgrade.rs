//! The staged ESX 3.5 to vSphere 4 upgrade plan stored in a plan file: stages, host waves and the steps of each.
//!
//! Stage kinds follow the stage model of the rule catalogue (stages 0-11). The order of `stages` is the order
//! of execution, so moving a stage is moving it in the list; the planner simulates them in that order.

use serde::{Deserialize, Serialize};

use super::{
    ClusterId, Controller, EnclosureId, HostId, LicenceEdition, LunId, Release, VcenterId, VmId,
};

/// A staged upgrade: the release hosts go to, and the stages in the order they run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UpgradePlan {
    /// The ESX and vCenter release a host goes to when it has no `target_release` of its own.
    pub target: Release,
    pub stages: Vec<Stage>,
}

/// The stage model of the catalogue, in vendor order.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum StageKind {
    /// 0: inventory, and fixing what the design already gets wrong.
    #[default]
    Assess,
    /// 1: database, vCenter and Virtual Connect backups; the agent pre-upgrade check.
    Backup,
    /// 2: VirtualCenter 2.5 to vCenter Server 4.
    Vcenter,
    /// 3: vSphere Client and Update Manager 4.
    UpdateManager,
    /// 4: Onboard Administrator, blade and Virtual Connect firmware, per enclosure.
    Firmware,
    /// 5: static addresses, agents, EVC, admission control, EVA path alignment.
    PrepareClusters,
    /// 6: hosts to ESX 4 in waves, keeping each cluster's failover capacity.
    RollingUpgrade,
    /// 7: clusters are all ESX 4: Round Robin on the EVA, admission control back.
    ClustersComplete,
    /// 8: VMware Tools.
    Tools,
    /// 9: virtual hardware 4 to 7.
    VirtualHardware,
    /// 10: vSphere 4 features: Fault Tolerance first.
    Features,
    /// 11: vSphere 4 licence keys, in plans made before rules-v2. The planner no longer makes this stage: host keys
    /// go with each wave of stage 6 and the vCenter key with stage 2, so nothing runs in evaluation mode for long
    /// (LIC-04). A plan that has it still loads and runs.
    Licences,
}

impl StageKind {
    /// Every kind in the catalogue's order.
    pub const ALL: [Self; 12] = [
        Self::Assess,
        Self::Backup,
        Self::Vcenter,
        Self::UpdateManager,
        Self::Firmware,
        Self::PrepareClusters,
        Self::RollingUpgrade,
        Self::ClustersComplete,
        Self::Tools,
        Self::VirtualHardware,
        Self::Features,
        Self::Licences,
    ];

    /// The stage's name as the runbook titles it.
    pub fn title(self) -> &'static str {
        match self {
            Self::Assess => "Assess and remediate the design",
            Self::Backup => "Back up and pre-check",
            Self::Vcenter => "Upgrade vCenter",
            Self::UpdateManager => "vSphere Client and Update Manager",
            Self::Firmware => "Firmware and BIOS",
            Self::PrepareClusters => "Prepare clusters",
            Self::RollingUpgrade => "Rolling host upgrade",
            Self::ClustersComplete => "Clusters all on ESX 4",
            Self::Tools => "VMware Tools",
            Self::VirtualHardware => "Virtual hardware 7",
            Self::Features => "Enable vSphere 4 features",
            Self::Licences => "vSphere 4 licences",
        }
    }

    /// Why the stage exists, one sentence.
    pub fn purpose(self) -> &'static str {
        match self {
            Self::Assess => {
                "Take stock of hosts, CPUs, firmware, paths and FlexNICs, and fix what the current design already gets wrong before anything is upgraded."
            }
            Self::Backup => {
                "Make every one-way step reversible: the vCenter database schema upgrade and a Virtual Connect firmware change cannot be rolled back."
            }
            Self::Vcenter => {
                "vCenter Server 4 manages both ESX 3.5 and ESX 4 hosts, so it goes first; VirtualCenter 2.5 cannot manage ESX 4."
            }
            Self::UpdateManager => {
                "Update Manager remediates the hosts and must run the same release as vCenter; administrators need the vSphere Client 4."
            }
            Self::Firmware => {
                "Blade, NIC and Virtual Connect firmware must match what ESX 4 supports; the Onboard Administrator goes before Virtual Connect."
            }
            Self::PrepareClusters => {
                "Remove what breaks a host upgrade or a mixed cluster: DHCP management addresses, third-party agents, misaligned EVA paths, admission control that blocks maintenance mode."
            }
            Self::RollingUpgrade => {
                "Upgrade hosts a few at a time per cluster so every cluster keeps its HA failover capacity while hosts are in maintenance mode."
            }
            Self::ClustersComplete => {
                "With no ESX 3.5 host left on a LUN, the EVA paths move to Round Robin with ALUA; clusters get their admission control back."
            }
            Self::Tools => {
                "VMware Tools are upgraded before virtual hardware; the reverse order can lose the guest's network configuration."
            }
            Self::VirtualHardware => {
                "Virtual hardware 7 (one-way, power-off) only for VMs whose every possible host, partner site included, runs ESX 4."
            }
            Self::Features => {
                "Turn on what needs ESX 4 and hardware 7: Fault Tolerance, distributed switches, host profiles, PVSCSI and VMXNET3."
            }
            Self::Licences => {
                "vSphere 4 licence keys for hosts and vCenter that still run in evaluation mode (a stage of older plans: keys now go with each host wave and the vCenter upgrade)."
            }
        }
    }
}

/// A maintenance window.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Window {
    /// The day it starts, "2010-01-16".
    pub date: String,
    /// Local start time, "22:00".
    pub start: String,
    pub hours: f32,
}

impl Window {
    /// The day the window starts, in days since 1970-01-01, when its date reads ("2010-01-16").
    pub fn day(&self) -> Option<i64> {
        super::calendar::parse_date(&self.date)
    }
}

/// One stage of the plan.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Stage {
    pub kind: StageKind,
    /// A name of the architect's; the kind's title when empty.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<Window>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Step>,
    /// Host waves, run in order after the steps.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub waves: Vec<Wave>,
}

impl Stage {
    /// A stage of a kind with no steps.
    pub fn new(kind: StageKind) -> Self {
        Self {
            kind,
            ..Self::default()
        }
    }

    /// The name users see.
    pub fn title(&self) -> &str {
        if self.name.is_empty() {
            self.kind.title()
        } else {
            &self.name
        }
    }
}

/// Hosts upgraded together: each is put in maintenance mode, upgraded, and brought back.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Wave {
    pub name: String,
    pub hosts: Vec<HostId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<Window>,
    /// The architect accepts running below HA failover capacity during this wave, and why (CAP-01 drops to a
    /// warning).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted_risk: Option<String>,
    /// Steps run right after the wave's hosts are upgraded and reconnected, before the next wave: their vSphere 4
    /// licence keys (an upgraded host runs in evaluation mode until then), their vendor agents for ESX 4, or
    /// manual steps. Nothing here takes a host down.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub after_upgrade: Vec<Step>,
}

impl Wave {
    /// The step may run in `after_upgrade`: a licence key, the vendor agents back on a host, or a manual step,
    /// nothing that takes a host down.
    pub fn allows_after_upgrade(step: &Step) -> bool {
        matches!(
            step,
            Step::ApplyHostLicences { .. }
                | Step::ApplyLicences { .. }
                | Step::ApplyVcenterLicence { .. }
                | Step::ReinstallAgents { .. }
                | Step::Manual { .. }
        )
    }
}

/// Which VMs a VM-wide step covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VmScope {
    /// Every VM of a cluster.
    Cluster(ClusterId),
    /// Named VMs.
    Vms(Vec<VmId>),
}

/// A FlexNIC's new speed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FlexNicSpeed {
    pub letter: String,
    pub mbps: u32,
}

/// One side of an enclosure's interconnect bays: Virtual Connect modules are paired across the sides (bays 1 and
/// 2, 3 and 4...), so a host with NIC and HBA ports on both sides keeps its network and storage while one side
/// reboots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum InterconnectSide {
    /// Interconnect bays 1, 3, 5 and 7.
    Odd,
    /// Interconnect bays 2, 4, 6 and 8.
    Even,
}

impl InterconnectSide {
    /// The bays of the side in words: "interconnect bays 1, 3, 5 and 7".
    pub fn bays_text(self) -> &'static str {
        match self {
            Self::Odd => "odd interconnect bays (1, 3, 5, 7)",
            Self::Even => "even interconnect bays (2, 4, 6, 8)",
        }
    }
}

/// One operation on named objects; the simulation applies it to the projected estate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Step {
    /// Anything the planner does not model, done by hand.
    Manual { title: String, detail: String },
    /// Vdisk preference to `controller` (failover/failback) and every ESX 3.5 Fixed preferred path to it.
    AlignEvaPaths { lun: LunId, controller: Controller },
    /// New FlexNIC speeds on one Flex-10 port of a host.
    ResizeFlexNics {
        host: HostId,
        port: String,
        speeds: Vec<FlexNicSpeed>,
    },
    /// Move a blade to another enclosure bay (its Virtual Connect profile stays with the bay).
    MoveBlade {
        host: HostId,
        enclosure: EnclosureId,
        bay: u8,
    },
    /// Back up the vCenter database and server.
    BackupVcenter { vcenter: VcenterId },
    /// Run the vCenter Agent Pre-upgrade Check.
    PreUpgradeCheck { vcenter: VcenterId },
    /// Back up an enclosure's Virtual Connect domain and record its profiles, MACs and WWNs.
    BackupVcDomain { enclosure: EnclosureId },
    /// Back up the database of the Update Manager beside a vCenter, before Update Manager is upgraded: what its
    /// back-out restores.
    BackupUpdateManager { vcenter: VcenterId },
    /// Upgrade VirtualCenter to vCenter Server `release`.
    UpgradeVcenter {
        vcenter: VcenterId,
        release: Release,
    },
    /// Roll out the vSphere Client and upgrade Update Manager to `release`.
    UpgradeUpdateManager {
        vcenter: VcenterId,
        release: Release,
    },
    /// Import the host upgrade media into a vCenter's Update Manager and define its baselines (OPS-04): a host
    /// upgrade baseline to `release`, and a baseline group of "VMware Tools Upgrade to Match Host" and "VM
    /// Hardware Upgrade to Match Host", both attached to `clusters` and to the standalone `hosts`.
    DefineBaselines {
        vcenter: VcenterId,
        release: Release,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        clusters: Vec<ClusterId>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        hosts: Vec<HostId>,
    },
    /// Onboard Administrator, then blades, then Virtual Connect firmware; a domain recreated by hand when the
    /// enclosure's midplane was replaced.
    UpdateFirmware {
        enclosure: EnclosureId,
        recreate_domain: bool,
    },
    /// Onboard Administrator firmware of an enclosure (no blade goes down).
    UpdateOaFirmware { enclosure: EnclosureId },
    /// Blade ROM, iLO, NIC and HBA firmware on these hosts, each in maintenance mode: they take effect at reboot.
    UpdateBladeFirmware { hosts: Vec<HostId> },
    /// Virtual Connect firmware activated on one side of an enclosure: the modules of that side reboot while the
    /// other side carries every host's network and SAN paths.
    ActivateVcFirmware {
        enclosure: EnclosureId,
        side: InterconnectSide,
    },
    /// The enclosure's Virtual Connect domain recreated by hand from the recorded ranges and profiles, new
    /// Virtual Connect firmware on both sides: every blade of the enclosure is down meanwhile.
    RecreateVcDomain { enclosure: EnclosureId },
    /// Zoning on every fabric follows a host's WWPNs after its identity changed (a blade move).
    RezoneHost { host: HostId },
    /// EVA host entries follow a host's WWPNs after its identity changed.
    UpdateArrayHosts { host: HostId },
    /// Give a host a static management address.
    StaticAddress { host: HostId },
    /// Stop and remove third-party agents from the service console.
    RemoveAgents { host: HostId },
    /// Install the hardware vendor's agents for ESX 4 on a host whose third-party agents were removed before its
    /// upgrade (OPS-03): the HP ESX 4 agent bundle on ESX, the OEM components on ESXi.
    ReinstallAgents { host: HostId },
    /// Run `cleanup-esx3` on a host upgraded in place from ESX 3.x once it is accepted (OPS-02): it removes the
    /// ESX 3.x boot option, so `rollback-to-esx3` is no longer possible.
    CleanupEsx3 { host: HostId },
    /// Admission control relaxed for the rolling upgrade (percentage policy or off, a documented change).
    RelaxAdmissionControl { cluster: ClusterId },
    /// Admission control back to the design's policy.
    RestoreAdmissionControl { cluster: ClusterId },
    /// Every host reaching the LUN to Round Robin (ALUA).
    RoundRobin { lun: LunId },
    /// VMware Tools to the current release.
    UpgradeTools { scope: VmScope },
    /// Virtual hardware 4 to 7, except the listed VMs.
    UpgradeHardware {
        scope: VmScope,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        except: Vec<VmId>,
    },
    /// Inflate thin and lazy-zeroed disks to eager-zeroed thick.
    InflateDisks { vm: VmId },
    /// Turn Fault Tolerance on, Secondary on `secondary_host`.
    EnableFt { vm: VmId, secondary_host: HostId },
    /// vSphere 4 licence keys for the cluster's hosts that run ESX 4 (plans made before keys went with the waves).
    ApplyLicences {
        cluster: ClusterId,
        edition: LicenceEdition,
    },
    /// vSphere 4 licence keys of `edition` for these hosts, once they run ESX 4 (a vSphere 4 key cannot license
    /// ESX 3.x).
    ApplyHostLicences {
        hosts: Vec<HostId>,
        edition: LicenceEdition,
    },
    /// The vCenter Server 4 licence key for a vCenter, once it runs vCenter Server 4; `edition` when the plan knows
    /// which key it gets.
    ApplyVcenterLicence {
        vcenter: VcenterId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        edition: Option<LicenceEdition>,
    },
}

impl Step {
    /// The step's kind as plan files and JSON name it, e.g. "AlignEvaPaths".
    pub fn kind_name(&self) -> &'static str {
        match self {
            Self::Manual { .. } => "Manual",
            Self::AlignEvaPaths { .. } => "AlignEvaPaths",
            Self::ResizeFlexNics { .. } => "ResizeFlexNics",
            Self::MoveBlade { .. } => "MoveBlade",
            Self::BackupVcenter { .. } => "BackupVcenter",
            Self::PreUpgradeCheck { .. } => "PreUpgradeCheck",
            Self::BackupVcDomain { .. } => "BackupVcDomain",
            Self::BackupUpdateManager { .. } => "BackupUpdateManager",
            Self::DefineBaselines { .. } => "DefineBaselines",
            Self::ReinstallAgents { .. } => "ReinstallAgents",
            Self::CleanupEsx3 { .. } => "CleanupEsx3",
            Self::UpgradeVcenter { .. } => "UpgradeVcenter",
            Self::UpgradeUpdateManager { .. } => "UpgradeUpdateManager",
            Self::UpdateFirmware { .. } => "UpdateFirmware",
            Self::UpdateOaFirmware { .. } => "UpdateOaFirmware",
            Self::UpdateBladeFirmware { .. } => "UpdateBladeFirmware",
            Self::ActivateVcFirmware { .. } => "ActivateVcFirmware",
            Self::RecreateVcDomain { .. } => "RecreateVcDomain",
            Self::RezoneHost { .. } => "RezoneHost",
            Self::UpdateArrayHosts { .. } => "UpdateArrayHosts",
            Self::StaticAddress { .. } => "StaticAddress",
            Self::RemoveAgents { .. } => "RemoveAgents",
            Self::RelaxAdmissionControl { .. } => "RelaxAdmissionControl",
            Self::RestoreAdmissionControl { .. } => "RestoreAdmissionControl",
            Self::RoundRobin { .. } => "RoundRobin",
            Self::UpgradeTools { .. } => "UpgradeTools",
            Self::UpgradeHardware { .. } => "UpgradeHardware",
            Self::InflateDisks { .. } => "InflateDisks",
            Self::EnableFt { .. } => "EnableFt",
            Self::ApplyLicences { .. } => "ApplyLicences",
            Self::ApplyHostLicences { .. } => "ApplyHostLicences",
            Self::ApplyVcenterLicence { .. } => "ApplyVcenterLicence",
        }
    }

    /// Every object the step names, for integrity checks and cascading deletes.
    pub fn references(&self) -> Vec<super::ObjectRef> {
        use super::ObjectRef;
        match self {
            Self::Manual { .. } => Vec::new(),
            Self::AlignEvaPaths { lun, .. } | Self::RoundRobin { lun } => {
                vec![ObjectRef::Lun(*lun)]
            }
            Self::ResizeFlexNics { host, .. }
            | Self::RezoneHost { host }
            | Self::UpdateArrayHosts { host }
            | Self::StaticAddress { host }
            | Self::RemoveAgents { host }
            | Self::ReinstallAgents { host }
            | Self::CleanupEsx3 { host } => vec![ObjectRef::Host(*host)],
            Self::MoveBlade {
                host, enclosure, ..
            } => vec![ObjectRef::Host(*host), ObjectRef::Enclosure(*enclosure)],
            Self::BackupVcenter { vcenter }
            | Self::PreUpgradeCheck { vcenter }
            | Self::UpgradeVcenter { vcenter, .. }
            | Self::UpgradeUpdateManager { vcenter, .. }
            | Self::BackupUpdateManager { vcenter }
            | Self::ApplyVcenterLicence { vcenter, .. } => vec![ObjectRef::Vcenter(*vcenter)],
            Self::UpdateBladeFirmware { hosts } | Self::ApplyHostLicences { hosts, .. } => {
                hosts.iter().map(|host| ObjectRef::Host(*host)).collect()
            }
            Self::BackupVcDomain { enclosure }
            | Self::UpdateFirmware { enclosure, .. }
            | Self::UpdateOaFirmware { enclosure }
            | Self::ActivateVcFirmware { enclosure, .. }
            | Self::RecreateVcDomain { enclosure } => {
                vec![ObjectRef::Enclosure(*enclosure)]
            }
            Self::RelaxAdmissionControl { cluster }
            | Self::RestoreAdmissionControl { cluster }
            | Self::ApplyLicences { cluster, .. } => vec![ObjectRef::Cluster(*cluster)],
            Self::DefineBaselines {
                vcenter,
                clusters,
                hosts,
                ..
            } => std::iter::once(ObjectRef::Vcenter(*vcenter))
                .chain(clusters.iter().map(|cluster| ObjectRef::Cluster(*cluster)))
                .chain(hosts.iter().map(|host| ObjectRef::Host(*host)))
                .collect(),
            Self::UpgradeTools { scope } => scope.references(),
            Self::UpgradeHardware { scope, except } => {
                let mut refs = scope.references();
                refs.extend(except.iter().map(|vm| ObjectRef::Vm(*vm)));
                refs
            }
            Self::InflateDisks { vm } => vec![ObjectRef::Vm(*vm)],
            Self::EnableFt { vm, secondary_host } => {
                vec![ObjectRef::Vm(*vm), ObjectRef::Host(*secondary_host)]
            }
        }
    }

    /// The step without the references to `removed`, or `None` when it has nothing left to act on.
    pub fn without(&self, removed: &std::collections::BTreeSet<super::ObjectRef>) -> Option<Self> {
        use super::ObjectRef;
        let keep = |vms: &[VmId]| -> Vec<VmId> {
            vms.iter()
                .copied()
                .filter(|vm| !removed.contains(&ObjectRef::Vm(*vm)))
                .collect()
        };
        match self {
            Self::UpdateBladeFirmware { hosts } => {
                let hosts: Vec<HostId> = hosts
                    .iter()
                    .copied()
                    .filter(|host| !removed.contains(&ObjectRef::Host(*host)))
                    .collect();
                (!hosts.is_empty()).then_some(Self::UpdateBladeFirmware { hosts })
            }
            Self::ApplyHostLicences { hosts, edition } => {
                let hosts: Vec<HostId> = hosts
                    .iter()
                    .copied()
                    .filter(|host| !removed.contains(&ObjectRef::Host(*host)))
                    .collect();
                (!hosts.is_empty()).then_some(Self::ApplyHostLicences {
                    hosts,
                    edition: *edition,
                })
            }
            Self::DefineBaselines {
                vcenter,
                release,
                clusters,
                hosts,
            } => {
                if removed.contains(&ObjectRef::Vcenter(*vcenter)) {
                    return None;
                }
                let clusters: Vec<ClusterId> = clusters
                    .iter()
                    .copied()
                    .filter(|cluster| !removed.contains(&ObjectRef::Cluster(*cluster)))
                    .collect();
                let hosts: Vec<HostId> = hosts
                    .iter()
                    .copied()
                    .filter(|host| !removed.contains(&ObjectRef::Host(*host)))
                    .collect();
                Some(Self::DefineBaselines {
                    vcenter: *vcenter,
                    release: *release,
                    clusters,
                    hosts,
                })
            }
            Self::UpgradeTools {
                scope: VmScope::Vms(vms),
            } => {
                let vms = keep(vms);
                (!vms.is_empty()).then_some(Self::UpgradeTools {
                    scope: VmScope::Vms(vms),
                })
            }
            Self::UpgradeHardware { scope, except } => {
                let scope = match scope {
                    VmScope::Vms(vms) => VmScope::Vms(keep(vms)),
                    VmScope::Cluster(cluster)
                        if removed.contains(&ObjectRef::Cluster(*cluster)) =>
                    {
                        return None;
                    }
                    other => other.clone(),
                };
                if matches!(&scope, VmScope::Vms(vms) if vms.is_empty()) {
                    return None;
                }
                Some(Self::UpgradeHardware {
                    scope,
                    except: keep(except),
                })
            }
            step if step.references().iter().any(|r| removed.contains(r)) => None,
            step => Some(step.clone()),
        }
    }
}

impl VmScope {
    fn references(&self) -> Vec<super::ObjectRef> {
        match self {
            Self::Cluster(cluster) => vec![super::ObjectRef::Cluster(*cluster)],
            Self::Vms(vms) => vms.iter().map(|vm| super::ObjectRef::Vm(*vm)).collect(),
        }
    }
}

impl UpgradePlan {
    /// The plan without the references to `removed` objects (steps that name them dropped, hosts left out of
    /// waves), for deletes that cascade into the plan.
    #[must_use]
    pub fn without(&self, removed: &std::collections::BTreeSet<super::ObjectRef>) -> Self {
        let mut plan = self.clone();
        for stage in &mut plan.stages {
            stage.steps = stage
                .steps
                .iter()
                .filter_map(|step| step.without(removed))
                .collect();
            for wave in &mut stage.waves {
                wave.hosts
                    .retain(|host| !removed.contains(&super::ObjectRef::Host(*host)));
                wave.after_upgrade = wave
                    .after_upgrade
                    .iter()
                    .filter_map(|step| step.without(removed))
                    .collect();
            }
        }
        plan
    }

    /// Every object the plan names, with the stage that names it.
    pub fn references(&self) -> Vec<(usize, super::ObjectRef)> {
        let mut refs = Vec::new();
        for (index, stage) in self.stages.iter().enumerate() {
            for step in &stage.steps {
                refs.extend(step.references().into_iter().map(|r| (index, r)));
            }
            for wave in &stage.waves {
                refs.extend(
                    wave.hosts
                        .iter()
                        .map(|host| (index, super::ObjectRef::Host(*host))),
                );
                for step in &wave.after_upgrade {
                    refs.extend(step.references().into_iter().map(|r| (index, r)));
                }
            }
        }
        refs
    }

    /// Moves a host from one wave to another (stage and wave positions), its licence key with it: a key in the
    /// old wave's `after_upgrade` would be applied before the host is upgraded, so the host leaves that step and
    /// joins (or starts) a key step of the same edition in the new wave.
    pub fn move_wave_host(&mut self, from: (usize, usize), to: (usize, usize), host: HostId) {
        if from == to {
            return;
        }
        let mut edition = None;
        if let Some(source) = self
            .stages
            .get_mut(from.0)
            .and_then(|stage| stage.waves.get_mut(from.1))
        {
            source.hosts.retain(|h| *h != host);
            for step in &mut source.after_upgrade {
                if let Step::ApplyHostLicences {
                    hosts,
                    edition: key,
                } = step
                    && hosts.contains(&host)
                {
                    hosts.retain(|h| *h != host);
                    edition = Some(*key);
                }
            }
            source.after_upgrade.retain(
                |step| !matches!(step, Step::ApplyHostLicences { hosts, .. } if hosts.is_empty()),
            );
        }
        let Some(target) = self
            .stages
            .get_mut(to.0)
            .and_then(|stage| stage.waves.get_mut(to.1))
        else {
            return;
        };
        if !target.hosts.contains(&host) {
            target.hosts.push(host);
        }
        let Some(edition) = edition else {
            return;
        };
        let existing = target.after_upgrade.iter_mut().find_map(|step| match step {
            Step::ApplyHostLicences {
                hosts,
                edition: key,
            } if *key == edition => Some(hosts),
            _ => None,
        });
        match existing {
            Some(hosts) => {
                if !hosts.contains(&host) {
                    hosts.push(host);
                }
            }
            None => target.after_upgrade.push(Step::ApplyHostLicences {
                hosts: vec![host],
                edition,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> UpgradePlan {
        let mut stage = Stage::new(StageKind::RollingUpgrade);
        stage.waves = vec![
            Wave {
                name: "Wave 1".into(),
                hosts: vec![HostId(1), HostId(2)],
                after_upgrade: vec![Step::ApplyHostLicences {
                    hosts: vec![HostId(1), HostId(2)],
                    edition: LicenceEdition::Enterprise,
                }],
                ..Wave::default()
            },
            Wave {
                name: "Wave 2".into(),
                hosts: vec![HostId(3)],
                ..Wave::default()
            },
        ];
        UpgradePlan {
            target: Release::new(4, 0),
            stages: vec![stage],
        }
    }

    #[test]
    fn a_host_moved_to_another_wave_takes_its_key_along() {
        let mut plan = plan();
        plan.move_wave_host((0, 0), (0, 1), HostId(2));
        let waves = &plan.stages[0].waves;
        assert_eq!(waves[0].hosts, vec![HostId(1)]);
        assert_eq!(waves[1].hosts, vec![HostId(3), HostId(2)]);
        assert_eq!(
            waves[0].after_upgrade,
            vec![Step::ApplyHostLicences {
                hosts: vec![HostId(1)],
                edition: LicenceEdition::Enterprise,
            }]
        );
        assert_eq!(
            waves[1].after_upgrade,
            vec![Step::ApplyHostLicences {
                hosts: vec![HostId(2)],
                edition: LicenceEdition::Enterprise,
            }]
        );
        // The last host leaves: its wave's key step goes with it.
        plan.move_wave_host((0, 0), (0, 1), HostId(1));
        assert!(plan.stages[0].waves[0].after_upgrade.is_empty());
        assert_eq!(plan.stages[0].waves[1].after_upgrade.len(), 1);
    }

    #[test]
    fn a_deleted_host_leaves_the_wave_keys_and_references_count_them() {
        let plan = plan();
        assert!(
            plan.references()
                .contains(&(0, super::super::ObjectRef::Host(HostId(2))))
        );
        let removed = std::collections::BTreeSet::from([
            super::super::ObjectRef::Host(HostId(1)),
            super::super::ObjectRef::Host(HostId(2)),
        ]);
        let without = plan.without(&removed);
        assert!(without.stages[0].waves[0].hosts.is_empty());
        assert!(without.stages[0].waves[0].after_upgrade.is_empty());
    }

    #[test]
    fn only_keys_and_manual_steps_run_after_a_wave() {
        assert!(Wave::allows_after_upgrade(&Step::ApplyVcenterLicence {
            vcenter: VcenterId(1),
            edition: None,
        }));
        assert!(!Wave::allows_after_upgrade(&Step::UpdateBladeFirmware {
            hosts: vec![HostId(1)],
        }));
    }
}
