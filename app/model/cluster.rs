//! Clusters (HA, DRS, EVC), resource pools and virtual machines.

use serde::{Deserialize, Serialize};

use super::{
    ClusterId, DatastoreId, HostId, LdvStorageMode, LunId, NetworkId, Position, ResourcePoolId,
    VcenterId, is_default, is_false,
};

/// HA admission control policy.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum AdmissionControl {
    Disabled,
    /// "Host failures cluster tolerates" (slot based).
    HostFailures(u8),
    /// "Percentage of cluster resources reserved".
    Percentage {
        cpu: u8,
        memory: u8,
    },
    /// A dedicated failover host.
    FailoverHost(HostId),
}

impl Default for AdmissionControl {
    fn default() -> Self {
        Self::HostFailures(1)
    }
}

impl AdmissionControl {
    /// Hosts' worth of capacity the policy holds back.
    pub fn failures_tolerated(self) -> u32 {
        match self {
            Self::Disabled => 0,
            Self::HostFailures(n) => u32::from(n),
            Self::Percentage { .. } | Self::FailoverHost(_) => 1,
        }
    }
}

/// What HA does with a host's VMs when the host finds itself isolated from the management network.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum IsolationResponse {
    LeaveOn,
    PowerOff,
    ShutDown,
}

/// VMware HA settings. The advanced options (`das.*`) are `None` or empty when the plan does not record them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Ha {
    pub enabled: bool,
    pub host_monitoring: bool,
    pub admission_control: AdmissionControl,
    /// `das.isolationaddress`, then `das.isolationaddress2` to `9`: addresses a host pings to tell isolation
    /// from a failed network. Empty: the management interface's default gateway.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub isolation_addresses: Vec<String>,
    /// The cluster's isolation response, when recorded; its default differs between sources, so it is never
    /// inferred.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub isolation_response: Option<IsolationResponse>,
    /// `das.failuredetectiontime` in milliseconds, when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_detection_ms: Option<u32>,
    /// `das.slotCpuInMHz`: a cap on the slot's CPU size (vCenter 4.0 and later).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slot_cpu_mhz: Option<u32>,
    /// `das.slotMemInMB`: a cap on the slot's memory size (vCenter 4.0 and later).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slot_memory_mb: Option<u32>,
}

/// DRS settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Drs {
    pub enabled: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub dpm: bool,
}

/// Packet filtering between the hosts of a cluster, as far as FT logging cares.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InterHostFirewall {
    /// TCP 8100 and 8200 pass outbound between hosts.
    pub ft_tcp_8100_8200: bool,
    /// UDP 8100 and 8200 pass in both directions between hosts.
    pub ft_udp_8100_8200: bool,
}

/// An HA/DRS cluster.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Cluster {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vcenter: Option<VcenterId>,
    /// The vCenter datacenter object holding the cluster.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub datacenter: String,
    pub ha: Ha,
    pub drs: Drs,
    /// The designed EVC mode as an API key, e.g. "intel-penryn".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evc_mode: Option<String>,
    /// The EVC mode vCenter has today, when it differs from the design; `"disabled"` when EVC is off today.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evc_mode_current: Option<String>,
    /// Host profiles are applied to this cluster.
    #[serde(skip_serializing_if = "is_false")]
    pub host_profiles: bool,
    /// A packet filter between the hosts; `None` when nothing filters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inter_host_firewall: Option<InterHostFirewall>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}

/// A resource pool.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ResourcePool {
    pub name: String,
    pub cluster: ClusterId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory_limit_mb: Option<u64>,
}

/// Virtual disk provisioning.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum DiskFormat {
    /// Eager-zeroed thick.
    EagerZeroedThick,
    /// Lazy-zeroed thick (the default "thick").
    #[default]
    LazyZeroedThick,
    Thin,
    /// Virtual-compatibility RDM.
    RdmVirtual,
    /// Physical-compatibility RDM.
    RdmPhysical,
}

impl DiskFormat {
    /// Raw device mappings of either mode.
    pub fn is_rdm(self) -> bool {
        matches!(self, Self::RdmVirtual | Self::RdmPhysical)
    }
}

/// A virtual disk.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Disk {
    pub label: String,
    pub size_gb: u32,
    pub format: DiskFormat,
    /// The datastore holding the VMDK (or the RDM mapping file).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datastore: Option<DatastoreId>,
    /// The mapped LUN of an RDM.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rdm_lun: Option<LunId>,
}

/// What backs a virtual CD-ROM or floppy.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum MediaBacking {
    #[default]
    Disconnected,
    /// The host's physical drive.
    HostDevice,
    /// The client's drive (remote).
    ClientDevice,
    /// An image file on a datastore.
    Image(DatastoreId),
}

/// A virtual device that matters to FT and vMotion.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Device {
    Usb,
    Sound,
    Serial,
    Parallel,
    CdRom(MediaBacking),
    Floppy(MediaBacking),
    /// VMDirectPath I/O passthrough.
    DirectPath,
}

/// Virtual NIC adapter type.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum NicAdapter {
    #[default]
    E1000,
    Vmxnet2,
    Vmxnet3,
    Vlance,
    Flexible,
}

/// A virtual NIC.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Vnic {
    pub network: NetworkId,
    pub adapter: NicAdapter,
}

/// Virtual SCSI controller type.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum ScsiKind {
    BusLogic,
    #[default]
    LsiLogic,
    LsiLogicSas,
    Pvscsi,
}

/// A virtual SCSI controller.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScsiController {
    pub kind: ScsiKind,
    /// SCSI bus sharing (MSCS).
    #[serde(skip_serializing_if = "is_false")]
    pub shared_bus: bool,
}

/// VM-level HA restart priority.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RestartPriority {
    #[default]
    ClusterDefault,
    High,
    Medium,
    Low,
    Disabled,
}

/// VMware Tools state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ToolsStatus {
    NotInstalled,
    /// Installed, older than the host.
    Old,
    #[default]
    Current,
}

/// Whether a VM runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PowerState {
    #[default]
    PoweredOn,
    PoweredOff,
}

/// Whether vCenter can reach a VM's files and host (vInfo's connection state).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum VmConnection {
    #[default]
    Connected,
    /// Its host is disconnected from vCenter.
    Disconnected,
    /// Its files cannot be reached (a datastore gone or unmounted).
    Inaccessible,
    /// vCenter knows it but its host no longer has it registered.
    Orphaned,
    /// Its configuration cannot be read.
    Invalid,
}

/// Fault Tolerance on a VM: the host of its Secondary.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FtProtection {
    pub secondary_host: Option<HostId>,
}

/// Load figures that drive the FT logging estimate.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Workload {
    pub disk_read_mbytes_per_s: f64,
    pub net_in_mbps: f64,
}

/// A virtual machine.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Vm {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<ClusterId>,
    /// The host the VM runs on (the Primary's host for FT VMs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<HostId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_pool: Option<ResourcePoolId>,
    pub vcpus: u32,
    pub memory_mb: u32,
    #[serde(skip_serializing_if = "is_zero")]
    pub memory_reservation_mb: u32,
    #[serde(skip_serializing_if = "is_zero")]
    pub cpu_reservation_mhz: u32,
    /// The memory the VMkernel reserves to run the VM, when known (it depends on vCPUs, memory and the host).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory_overhead_mb: Option<u32>,
    /// Virtual hardware version; `None` when unknown (an import whose export does not give it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hw_version: Option<u8>,
    #[serde(skip_serializing_if = "is_default")]
    pub tools: ToolsStatus,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub guest_os: String,
    #[serde(skip_serializing_if = "is_default")]
    pub power: PowerState,
    /// Connected unless the export or the user says otherwise.
    #[serde(skip_serializing_if = "is_default")]
    pub connection: VmConnection,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub disks: Vec<Disk>,
    #[serde(skip_serializing_if = "is_zero")]
    pub snapshots: u32,
    /// Age in days of the VM's oldest snapshot, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oldest_snapshot_days: Option<u32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub devices: Vec<Device>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nics: Vec<Vnic>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scsi_controllers: Vec<ScsiController>,
    /// Fault Tolerance is on, or planned, for this VM.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ft: Option<FtProtection>,
    #[serde(skip_serializing_if = "is_default")]
    pub restart_priority: RestartPriority,
    #[serde(skip_serializing_if = "is_false")]
    pub template: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub linked_clone: bool,
    /// VM-level NPIV (WWNs assigned to the VM for RDM access).
    #[serde(skip_serializing_if = "is_false")]
    pub npiv: bool,
    /// VMI paravirtual kernel support is on.
    #[serde(skip_serializing_if = "is_false")]
    pub vmi: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub cpu_affinity: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub hot_add: bool,
    /// A Storage vMotion of this VM is planned.
    #[serde(skip_serializing_if = "is_false")]
    pub storage_vmotion_planned: bool,
    /// The datastore a planned Storage vMotion or cold migration moves the VM's disks to, when chosen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub migration_target: Option<DatastoreId>,
    /// Estimated load, for FT logging bandwidth.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workload: Option<Workload>,
    /// How this VM's storage follows it over long-distance vMotion; falls back to the link's default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ldvm_storage_mode: Option<LdvStorageMode>,
    /// The VM stays pinned to its site and never takes part in long-distance vMotion.
    #[serde(skip_serializing_if = "is_false")]
    pub pinned_to_site: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}

impl Vm {
    /// The virtual hardware version is known and older than `version`.
    pub fn hardware_known_older_than(&self, version: u8) -> bool {
        self.hw_version.is_some_and(|hw| hw < version)
    }

    /// The virtual hardware version is known and at least `version`.
    pub fn hardware_at_least(&self, version: u8) -> bool {
        self.hw_version.is_some_and(|hw| hw >= version)
    }

    /// The virtual hardware version as a user reads it: the number, or "unknown".
    pub fn hardware_text(&self) -> String {
        self.hw_version
            .map_or_else(|| "unknown".to_owned(), |hw| hw.to_string())
    }

    /// The devices and features the VM uses that only virtual hardware 7 has, as users name them: PVSCSI,
    /// vmxnet3, VMDirectPath, hot-add.
    pub fn hw7_features(&self) -> impl Iterator<Item = &'static str> {
        [
            (
                self.scsi_controllers
                    .iter()
                    .any(|c| c.kind == ScsiKind::Pvscsi),
                "PVSCSI",
            ),
            (
                self.nics.iter().any(|n| n.adapter == NicAdapter::Vmxnet3),
                "vmxnet3",
            ),
            (
                self.devices.iter().any(|d| matches!(d, Device::DirectPath)),
                "VMDirectPath",
            ),
            (self.hot_add, "hot-add"),
        ]
        .into_iter()
        .filter_map(|(used, name)| used.then_some(name))
    }

    /// FT is on or planned.
    pub fn is_ft(&self) -> bool {
        self.ft.is_some()
    }

    /// The FT Secondary's host, if any.
    pub fn ft_secondary_host(&self) -> Option<HostId> {
        self.ft.as_ref().and_then(|ft| ft.secondary_host)
    }

    /// The VM shares a SCSI bus (MSCS).
    pub fn has_shared_bus(&self) -> bool {
        self.scsi_controllers.iter().any(|c| c.shared_bus)
    }

    /// The VM runs.
    pub fn is_powered_on(&self) -> bool {
        self.power == PowerState::PoweredOn
    }
}

fn is_zero(value: &u32) -> bool {
    *value == 0
}
