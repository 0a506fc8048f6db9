//! Management and physical infrastructure: vCenters, licence servers, sites, inter-site links and racks.

use serde::{Deserialize, Serialize};

use super::{LicenceServerId, Position, Release, SiteId, is_false};

/// A vCenter Server (4.x) or VirtualCenter (2.5) instance.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Vcenter {
    pub name: String,
    /// "2.5 U4" for VirtualCenter 2.5, "4.0" or "4.0 U1" for vCenter Server 4.
    pub release: Release,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub build: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<SiteId>,
    /// vCenter Settings > SSL: verify host certificates (FT needs it on).
    pub ssl_host_cert_check: bool,
    /// The database product behind vCenter, e.g. "SQL Server 2005 SP2".
    #[serde(skip_serializing_if = "String::is_empty")]
    pub database: String,
    /// The Update Manager release installed beside this vCenter, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_manager: Option<Release>,
    /// The VI3 licence server this vCenter points to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub licence_server: Option<LicenceServerId>,
    /// Linked mode group name, when several vCenters are joined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linked_mode_group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}

/// A VI3 FlexNet licence server.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LicenceServer {
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub address: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<SiteId>,
}

/// What a licence key licenses.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum LicensedProduct {
    /// VMware Infrastructure 3 (ESX 3.x), counted in 2-CPU licences on the licence server.
    #[default]
    Vi3,
    /// vSphere 4 hosts, counted per CPU (socket).
    Vsphere4,
    /// vCenter Server 4, counted per instance.
    Vcenter4,
}

/// Licences the organisation owns, as the licence server or the vSphere licensing portal lists them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LicenceKey {
    /// A label for the key or contract, e.g. "VI3 Enterprise (contract 4711)".
    pub name: String,
    pub product: LicensedProduct,
    pub edition: super::LicenceEdition,
    /// CPUs (sockets) it licenses; vCenter keys count instances.
    pub cpus: u32,
    /// Support and subscription is current, which the free upgrade to vSphere 4 needs; `None` when not recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support_current: Option<bool>,
    /// VI3 options bought on top of a VI3 edition (VMotion, DRS), which KB 1010690 maps to higher vSphere 4
    /// entitlements; empty when the key has none recorded.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub add_ons: Vec<Vi3AddOn>,
}

/// A VI3 option sold on top of Foundation or Standard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Vi3AddOn {
    Vmotion,
    Drs,
}

/// A datacenter building or room.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Site {
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub location: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}

/// How storage follows a VM that moves between sites with long-distance vMotion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum LdvStorageMode {
    /// The VM moves, its disks stay at the origin, reached over the extended SAN.
    RemoteAccess,
    /// Storage vMotion to the target site first, then vMotion.
    StorageVmotionFirst,
    /// Active/active storage presents the same LUN read-write at both sites.
    ActiveActive,
    /// Plain replication with a read-only target: not enough for live migration.
    ReplicationOnly,
}

/// How the SAN is extended between two sites.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum StorageExtension {
    #[default]
    None,
    DarkFibreFc,
    Dwdm,
    Fcip,
    /// FCIP with Cisco MDS I/O Accelerator write acceleration.
    FcipWithWriteAcceleration,
}

/// The layer-2 data centre interconnect technology.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum DciKind {
    #[default]
    Unspecified,
    /// Catalyst 6500 Virtual Switching System.
    Catalyst6500Vss,
    /// Nexus 7000 virtual port channel.
    Nexus7000Vpc,
    /// Overlay Transport Virtualization (from 2010).
    Otv,
    Other,
}

/// A network link between two sites.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SiteLink {
    pub name: String,
    pub site_a: SiteId,
    pub site_b: SiteId,
    /// Round-trip time between the vMotion VMkernel ports of the two sites.
    pub rtt_ms: f64,
    /// Bandwidth available to vMotion.
    pub bandwidth_mbps: u32,
    pub l2_stretched: bool,
    pub storage_extension: StorageExtension,
    pub dci: DciKind,
    /// The link is meant to carry long-distance vMotion.
    #[serde(skip_serializing_if = "is_false")]
    pub long_distance_vmotion: bool,
    /// Default storage mode for VMs that move over this link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_mode: Option<LdvStorageMode>,
    /// First-hop routing localised at both sites (no traffic trombone).
    #[serde(skip_serializing_if = "is_false")]
    pub egress_localised: bool,
}

/// A 42U rack.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rack {
    pub name: String,
    pub site: SiteId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}
