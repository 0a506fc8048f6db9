//! Storage: SAN fabrics, FC switches, EVA arrays, LUNs (Vdisks) and datastores.

use serde::{Deserialize, Serialize};

use super::{ArrayId, Controller, FabricId, HostId, LunId, Position, SiteId, is_false};

/// Fabric side in a dual-fabric SAN.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum FabricSide {
    #[default]
    A,
    B,
}

/// A SAN fabric.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Fabric {
    pub name: String,
    pub side: FabricSide,
    pub site: SiteId,
    /// The fabric's zones. Empty means zoning was not recorded: every port is taken to reach every target.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub zones: Vec<Zone>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}

/// A single-initiator zone: host WWPNs allowed to reach the target ports of the listed arrays.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Zone {
    pub name: String,
    /// Initiator WWPNs (host HBA ports).
    pub members: Vec<String>,
    /// Arrays whose target ports on this fabric are in the zone.
    pub targets: Vec<ArrayId>,
}

/// An EVA host entry: the WWPNs Command View knows as one host, and the Vdisks presented to it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ArrayHost {
    pub name: String,
    pub wwpns: Vec<String>,
    /// Vdisks presented to this host entry.
    pub luns: Vec<LunId>,
}

/// A Fibre Channel switch in a fabric.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FcSwitch {
    pub name: String,
    pub fabric: FabricId,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub model: String,
    /// NPIV enabled on the ports facing VC-FC modules.
    pub npiv: bool,
}

/// A target port of an array controller.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ArrayPort {
    pub controller: Controller,
    pub fabric: FabricId,
}

/// An HP EVA (or other) storage array.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Array {
    pub name: String,
    /// e.g. "EVA 8100", "EVA 4400".
    pub model: String,
    pub site: SiteId,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub firmware: String,
    pub ports: Vec<ArrayPort>,
    /// Host entries with their presentations. Empty means presentation was not recorded: every host with a
    /// path entry for a LUN is taken to have it presented.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub host_entries: Vec<ArrayHost>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}

/// An EVA Vdisk's preferred-path setting.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum PreferredPath {
    #[default]
    NoPreference,
    AFailover,
    AFailoverFailback,
    BFailover,
    BFailoverFailback,
}

impl PreferredPath {
    /// The controller this setting prefers, if any.
    pub fn controller(self) -> Option<Controller> {
        match self {
            Self::NoPreference => None,
            Self::AFailover | Self::AFailoverFailback => Some(Controller::A),
            Self::BFailover | Self::BFailoverFailback => Some(Controller::B),
        }
    }
}

/// A LUN: an EVA Vdisk presented to hosts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Lun {
    pub name: String,
    pub array: ArrayId,
    pub size_gb: u32,
    /// The managing (owning) controller.
    pub owner: Controller,
    pub preferred: PreferredPath,
    /// The Continuous Access DR group this Vdisk belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ca_dr_group: Option<String>,
    /// A planned growth of the LUN in GB (drives the RDM growth procedure).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planned_growth_gb: Option<u32>,
    /// The LUN is presented read-write at both sites by active/active storage.
    #[serde(skip_serializing_if = "is_false")]
    pub active_active: bool,
}

/// What a datastore is built on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum DatastoreKind {
    /// VMFS on one or more SAN LUNs (extents).
    Vmfs { luns: Vec<LunId> },
    /// An NFS export mounted on the listed hosts.
    Nfs {
        server: String,
        /// Speed of the NAS-facing NIC.
        nic_mbps: u32,
        /// The NAS is dedicated to VM storage.
        #[serde(default)]
        dedicated: bool,
        #[serde(default)]
        mounted_on: Vec<HostId>,
    },
    /// A host's local disk.
    Local { host: HostId },
}

impl Default for DatastoreKind {
    fn default() -> Self {
        Self::Vmfs { luns: Vec::new() }
    }
}

/// A datastore.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Datastore {
    pub name: String,
    pub kind: DatastoreKind,
    /// The VMFS block size in MB (1, 2, 4 or 8), when known: it caps the size of every file on the datastore.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block_mb: Option<u8>,
    /// The datastore's capacity in GB, when recorded (an import's vDatastore).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity_gb: Option<u32>,
    /// Free space in GB, when recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub free_gb: Option<u32>,
    /// Space provisioned to its VMs in GB (thin disks at their full size), when recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provisioned_gb: Option<u32>,
}

impl Datastore {
    /// Shared storage (SAN or NAS) as opposed to a host's local disk.
    pub fn is_shared(&self) -> bool {
        !matches!(self.kind, DatastoreKind::Local { .. })
    }
}
