//! Compute: HP c7000 enclosures with their interconnect modules and Virtual Connect domain, and ESX hosts.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{
    ClusterId, EnclosureId, FabricId, FcSwitchId, LunId, NetworkId, Position, RackId, Release,
    SiteId, VcenterId, is_default, is_false,
};

/// Device bays in a c7000 enclosure.
pub const C7000_DEVICE_BAYS: u8 = 16;
/// Interconnect bays in a c7000 enclosure.
pub const C7000_INTERCONNECT_BAYS: u8 = 8;

/// An HP BladeSystem c7000 enclosure.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Enclosure {
    pub name: String,
    pub site: SiteId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rack: Option<RackId>,
    /// The lowest rack unit the enclosure takes in its rack (1 is the bottom; a c7000 takes 10). `None` when the
    /// plan does not record it: such enclosures sit in their rack in ID order at the first free units (see
    /// [`super::rack_contents`]), which is how plans from before rack units read, and the value stays unwritten.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<u8>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub serial: String,
    /// The midplane was replaced: the serial the VC domain knows may no longer match.
    #[serde(skip_serializing_if = "is_false")]
    pub midplane_replaced: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub oa_firmware: String,
    /// Interconnect modules by bay (1-8).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub interconnects: BTreeMap<u8, Interconnect>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vc_domain: Option<VcDomain>,
    /// Planned firmware update order for this enclosure, first to last.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub firmware_order: Vec<FirmwareComponent>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}

/// A firmware component of an enclosure, in update-order plans.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum FirmwareComponent {
    OnboardAdministrator,
    BladeRomIlo,
    NicHba,
    VirtualConnect,
}

/// The kind of module in an interconnect bay.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum ModuleKind {
    /// HP Virtual Connect Flex-10 10Gb Ethernet.
    #[default]
    VcFlex10,
    /// HP 1/10Gb Virtual Connect Ethernet (not Flex-10).
    VcEnet,
    /// HP Virtual Connect 4Gb/8Gb Fibre Channel.
    VcFc,
    /// Pass-through module.
    PassThrough,
    /// A switch or other module outside Virtual Connect.
    Other,
}

impl ModuleKind {
    /// Virtual Connect Ethernet modules (both can hold the VC domain).
    pub fn is_vc_ethernet(self) -> bool {
        matches!(self, Self::VcFlex10 | Self::VcEnet)
    }
}

/// A module in an interconnect bay.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Interconnect {
    pub kind: ModuleKind,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub model: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub firmware: String,
    /// VC-FC: the upstream FC switches its uplinks are cabled to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fc_uplinks: Vec<FcSwitchId>,
    /// The firmware this module is planned to run after the maintenance window (empty: unchanged).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub planned_firmware: String,
    /// The firmware installed before the last upgrade: the only version Virtual Connect can go back to.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub previous_firmware: String,
}

/// A Virtual Connect domain and its address pools.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VcDomain {
    pub name: String,
    /// The VC-assigned MAC range, e.g. "HP-defined 3" or "00-17-A4-77-08-00/1024".
    pub mac_range: String,
    /// The VC-assigned WWN range.
    pub wwn_range: String,
    /// A current backup of the domain configuration exists.
    #[serde(skip_serializing_if = "is_false")]
    pub config_backup: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub shared_uplink_sets: Vec<SharedUplinkSet>,
    /// Server profiles by device bay, as recorded from Virtual Connect Manager: a blade in a bay carries the
    /// bay's profile and so its WWPNs. A bay missing here has an unknown identity.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub profiles: BTreeMap<u8, ServerProfile>,
}

/// A Virtual Connect server profile: the identities a blade takes in the bay the profile is assigned to.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerProfile {
    pub name: String,
    /// VC-assigned WWPNs, one per HBA port in port order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub wwpns: Vec<String>,
}

/// A Virtual Connect shared uplink set.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SharedUplinkSet {
    pub name: String,
    /// Interconnect bays whose uplink ports belong to this set.
    pub module_bays: Vec<u8>,
    /// VLANs carried.
    pub vlans: Vec<u16>,
    /// Uplinks grouped with LACP.
    #[serde(skip_serializing_if = "is_false")]
    pub lacp: bool,
    /// The same VLANs are carried by a twin set on the other module (active/active).
    #[serde(skip_serializing_if = "is_false")]
    pub active_active: bool,
}

/// CPU vendor.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum CpuVendor {
    #[default]
    Intel,
    Amd,
}

/// A host's processors.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Cpu {
    pub vendor: CpuVendor,
    /// The processor series as VMware's tables name it: "Xeon 5400", "Opteron 2300".
    pub series: String,
    /// The SKU, e.g. "Xeon E5450".
    #[serde(skip_serializing_if = "String::is_empty")]
    pub model_name: String,
    /// Codename, e.g. "Harpertown", "Nehalem-EP", "Barcelona", "Shanghai".
    #[serde(skip_serializing_if = "String::is_empty")]
    pub codename: String,
    pub family: u8,
    pub model: u8,
    pub stepping: u8,
    pub mhz: u32,
    pub sockets: u8,
    pub cores_per_socket: u8,
    pub x64: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub hyperthreading: bool,
}

impl Cpu {
    /// Two quad-core Xeon E5540 (Nehalem-EP, 2.53 GHz): the typical vSphere 4 blade of 2009, used for new hosts.
    pub fn xeon_e5540_pair() -> Self {
        Self {
            vendor: CpuVendor::Intel,
            series: "Xeon 5500".to_owned(),
            model_name: "Xeon E5540".to_owned(),
            codename: "Nehalem-EP".to_owned(),
            family: 6,
            model: 26,
            stepping: 5,
            mhz: 2533,
            sockets: 2,
            cores_per_socket: 4,
            x64: true,
            hyperthreading: false,
        }
    }

    /// Physical cores in the host.
    pub fn cores(&self) -> u32 {
        u32::from(self.sockets) * u32::from(self.cores_per_socket)
    }
}

/// BIOS power profile (HP RBSU).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum PowerProfile {
    #[default]
    StaticHighPerformance,
    OsControlled,
    DynamicPowerSavings,
    StaticLowPower,
    PowerCapped,
}

/// BIOS settings that VMware features depend on; each is `None` when the plan does not record it (an import whose
/// export does not say), which no rule reads as off. Plans written before these were optional hold plain booleans
/// and a plain profile, read as recorded values.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Bios {
    /// Intel VT / AMD-V.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hv: Option<bool>,
    /// No-execute / execute-disable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nx_xd: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub power_profile: Option<PowerProfile>,
}

/// Which lists of a host the plan does not record. An empty list the plan records means "none"; an unrecorded one
/// means "not known", which no rule reads as none. Plans written by hand, and plans written before this existed,
/// record every list (all `false`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Unrecorded {
    /// The host's VMkernel ports (`vmkernel_ports`) are not known.
    #[serde(skip_serializing_if = "is_false")]
    pub vmkernel_ports: bool,
    /// The port groups the host carries (its standard vSwitches and distributed switch memberships) are not known.
    #[serde(skip_serializing_if = "is_false")]
    pub port_groups: bool,
}

/// ESX with a service console, or ESXi.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum EsxProduct {
    #[default]
    Esx,
    Esxi,
}

/// What a host runs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EsxInstall {
    pub product: EsxProduct,
    pub release: Release,
    pub build: u32,
    /// Patch bulletins applied on top of the build, e.g. "ESX400-200906401-BG".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub patches: Vec<String>,
}

/// Licence editions of VI3 and vSphere 4.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum LicenceEdition {
    #[default]
    Unlicensed,
    /// VI3 Foundation.
    Foundation,
    Essentials,
    EssentialsPlus,
    Standard,
    /// The transitional vSphere 4 "Standard + VMotion + Storage VMotion" entitlement (KB 1010690).
    StandardVmotionSvmotion,
    Advanced,
    Enterprise,
    EnterprisePlus,
    /// Not recorded (an import whose export does not say which host holds which licence): never read as
    /// unlicensed. Last, so that the lowest edition of a cluster is a recorded one where any is.
    Unknown,
}

impl LicenceEdition {
    /// The edition's name as the VI3 and vSphere 4 price lists wrote it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Unlicensed => "no licence",
            Self::Foundation => "Foundation",
            Self::Essentials => "Essentials",
            Self::EssentialsPlus => "Essentials Plus",
            Self::Standard => "Standard",
            Self::StandardVmotionSvmotion => "Standard + VMotion + Storage VMotion",
            Self::Advanced => "Advanced",
            Self::Enterprise => "Enterprise",
            Self::EnterprisePlus => "Enterprise Plus",
            Self::Unknown => "an edition the plan does not record",
        }
    }
}

/// Where a host boots from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum Boot {
    #[default]
    LocalDisk,
    San(LunId),
}

/// How the management address is assigned.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Addressing {
    #[default]
    Static,
    Dhcp,
}

/// Where a host sits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Placement {
    /// A blade in a c7000 device bay (1-16).
    Blade { enclosure: EnclosureId, bay: u8 },
    /// A rack-mount server.
    RackServer {
        site: SiteId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rack: Option<RackId>,
        /// The lowest rack unit the server takes in its rack; `None` when not recorded (placed like an
        /// enclosure without one).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<u8>,
    },
}

impl Placement {
    /// The site the host stands in: its enclosure's for a blade; `None` when the enclosure is missing.
    pub fn site(&self, project: &super::Project) -> Option<SiteId> {
        match self {
            Self::Blade { enclosure, .. } => project.enclosures.get(enclosure).map(|e| e.site),
            Self::RackServer { site, .. } => Some(*site),
        }
    }
}

impl Default for Placement {
    fn default() -> Self {
        Self::RackServer {
            site: SiteId::default(),
            rack: None,
            unit: None,
        }
    }
}

/// The kind of a physical NIC port.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum NicKind {
    /// A Flex-10 port (NC532i LOM, NC532m mezzanine): up to four FlexNICs behind a VC Flex-10 module.
    #[default]
    Flex10,
    TenGbe,
    OneGbe,
}

/// Traffic a FlexNIC or uplink is meant for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Traffic {
    Management,
    Vmotion,
    FtLogging,
    VmTraffic,
    Storage,
}

/// How a FlexNIC's speed is asked for in its Virtual Connect server profile.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum FlexNicRequest {
    /// A custom speed: `mbps`.
    #[default]
    Custom,
    /// The network's preferred speed (`mbps`); a network without one counts as Auto.
    Preferred,
    /// An even share of what the requests leave.
    Auto,
    /// Not used.
    Disabled,
}

/// One FlexNIC (a-d) carved out of a Flex-10 port.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FlexNic {
    /// "a" to "d".
    pub letter: String,
    /// The speed the profile requests; what Virtual Connect allocates is [`super::flex10::allocate`]'s.
    pub mbps: u32,
    #[serde(skip_serializing_if = "is_default")]
    pub request: FlexNicRequest,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub traffic: Vec<Traffic>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub networks: Vec<NetworkId>,
}

/// A physical NIC port of a host (LOM1, LOM2, a mezzanine port).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NicPort {
    pub name: String,
    pub kind: NicKind,
    /// The interconnect bay this port is wired to through the midplane (blades).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interconnect_bay: Option<u8>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flexnics: Vec<FlexNic>,
}

/// What a management interface is: ESX's service console port or a VMkernel port carrying management traffic.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum ManagementKind {
    /// A service console port (vswif): how classic ESX 3.5 and 4.0 are managed and send HA heartbeats.
    #[default]
    ServiceConsole,
    /// A VMkernel port: management on ESXi (with "Management traffic" on ESXi 4.0).
    Vmkernel,
}

/// The default gateway of a management interface, which HA pings by default to tell isolation from failure.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Gateway {
    /// The plan does not record it.
    #[default]
    Unrecorded,
    /// The interface has no default gateway.
    Absent,
    At(String),
}

/// A management network interface of a host.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ManagementInterface {
    pub kind: ManagementKind,
    /// "vswif0", "vmk0".
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub ip: String,
    /// The IP subnet in CIDR form.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub subnet: String,
    #[serde(skip_serializing_if = "is_default")]
    pub gateway: Gateway,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vlan: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network: Option<NetworkId>,
    /// Speed of the uplink behind the interface, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uplink_mbps: Option<u32>,
    /// The VC modules or physical switches its NIC team reaches, e.g. `["bay1", "bay2"]`; empty when not recorded.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub uplinks: Vec<String>,
}

/// How a host resolves the other hosts of its cluster, as HA needs it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NameResolution {
    /// The host resolves every other host's short name (DNS or /etc/hosts).
    pub short_names: bool,
    /// Reverse lookup of the hosts' addresses works.
    pub reverse_lookup: bool,
}

/// VMkernel port roles. Management is a [`ManagementInterface`]; `Management` here is read from plans written
/// before those existed and moved there on load.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum VmkRole {
    Management,
    Vmotion,
    FtLogging,
}

/// A VMkernel port.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VmkPort {
    pub name: String,
    pub roles: Vec<VmkRole>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub ip: String,
    /// The IP subnet in CIDR form, e.g. "10.20.30.0/24".
    #[serde(skip_serializing_if = "String::is_empty")]
    pub subnet: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vlan: Option<u16>,
    /// Speed of the uplink (NIC or FlexNIC) behind this port.
    pub uplink_mbps: u32,
    /// The VC module or physical switch of the active uplink, e.g. "bay1".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active_uplink: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network: Option<NetworkId>,
    /// The port's MTU, when known (jumbo frames on VMkernel ports arrived with ESX 4.0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mtu: Option<u16>,
}

/// Which WWNs the SAN zoning and the EVA host entries are built on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum WwnSource {
    /// Virtual Connect-assigned WWNs that belong to the bay's server profile.
    #[default]
    VirtualConnect,
    /// The HBA's factory WWNs.
    Factory,
}

/// An HBA port of a host.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FcPort {
    /// The fabric the port is cabled or zoned to (for blades, the fabric its interconnect module's uplinks reach).
    pub fabric: FabricId,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub wwpn: String,
    /// The interconnect bay the mezzanine port is wired to through the midplane (blades); when absent, HBA port 1
    /// goes to bay 3 and port 2 to bay 4, the c7000 half-height mapping of mezzanine 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interconnect_bay: Option<u8>,
}

/// Native multipathing policy for one LUN on one host.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum PathPolicy {
    #[default]
    Fixed,
    /// ESX 4.1 ALUA-aware Fixed.
    FixedAp,
    Mru,
    RoundRobin,
}

/// An EVA controller.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Controller {
    #[default]
    A,
    B,
}

impl std::fmt::Display for Controller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::A => "A",
            Self::B => "B",
        })
    }
}

/// How one host reaches one LUN.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LunPath {
    pub lun: LunId,
    /// The LUN number in this host's presentation.
    pub lun_number: u16,
    pub policy: PathPolicy,
    /// The controller the Fixed preferred path points at.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred: Option<Controller>,
    /// Round Robin IOPS per path switch, when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rr_iops: Option<u32>,
}

/// Whether vCenter can reach the host.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Connection {
    #[default]
    Connected,
    Disconnected,
}

/// An ESX host, blade or rack server.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Host {
    pub name: String,
    pub placement: Placement,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<ClusterId>,
    /// The managing vCenter of a standalone host; a clustered host takes its cluster's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vcenter: Option<VcenterId>,
    pub vendor: String,
    /// The server model as the HCL names it, e.g. "ProLiant BL460c G6".
    pub model: String,
    pub cpu: Cpu,
    pub memory_gb: u32,
    pub bios: Bios,
    pub esx: EsxInstall,
    /// The release this host is planned to run after the upgrade.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_release: Option<Release>,
    /// Free space in the service console's /boot, in MB, when known: an in-place upgrade to ESX 4.0 needs 100 MB.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boot_mb: Option<u32>,
    /// The ESX release the host was first installed with, when known: a default ESX 2.5.5 install's /boot is too
    /// small for an in-place upgrade to 4.0, even after going through 3.x.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lineage: Option<Release>,
    /// The product (ESX or ESXi) this host is planned to run after the upgrade, when set; a switch between ESX and
    /// ESXi needs a fresh install.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_product: Option<EsxProduct>,
    pub licence: LicenceEdition,
    #[serde(skip_serializing_if = "is_default")]
    pub boot: Boot,
    #[serde(skip_serializing_if = "is_default")]
    pub management_addressing: Addressing,
    /// The address vCenter knows the host by.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub management_ip: String,
    /// Service console or management VMkernel interfaces; empty when the plan does not record them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub management_interfaces: Vec<ManagementInterface>,
    /// NTP servers the host uses; empty when not recorded.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ntp_servers: Vec<String>,
    /// How the host resolves its cluster peers, when checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_resolution: Option<NameResolution>,
    #[serde(skip_serializing_if = "is_default")]
    pub connection: Connection,
    /// The host is in maintenance mode: it runs no VM until it leaves it.
    #[serde(skip_serializing_if = "is_false")]
    pub in_maintenance: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nic_ports: Vec<NicPort>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vmkernel_ports: Vec<VmkPort>,
    /// Lists of this host the plan does not record (an import whose export lacks their tab): unknown, not empty.
    #[serde(skip_serializing_if = "is_default")]
    pub unrecorded: Unrecorded,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fc_ports: Vec<FcPort>,
    #[serde(skip_serializing_if = "is_default")]
    pub zoning_wwns: WwnSource,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lun_paths: Vec<LunPath>,
    /// Third-party agents installed in the service console, e.g. "HP SIM agents 8.2".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub agents: Vec<String>,
    /// Nexus 1000V VEM version installed on the host.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vem_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}

impl NicPort {
    /// The speed each FlexNIC of the port really gets, in its order: Virtual Connect's allocation on a Flex-10
    /// port, the set speed elsewhere.
    pub fn allocated_mbps(&self) -> Vec<u32> {
        if self.kind == NicKind::Flex10 {
            super::flex10::allocate(&self.flexnics)
        } else {
            self.flexnics.iter().map(|f| f.mbps).collect()
        }
    }
}

impl Host {
    /// The ESX release this host runs.
    pub fn release(&self) -> Release {
        self.esx.release
    }

    /// The host's path entry for a LUN, if it sees the LUN.
    pub fn path_to(&self, lun: LunId) -> Option<&LunPath> {
        self.lun_paths.iter().find(|path| path.lun == lun)
    }

    /// The VMkernel ports carrying a role.
    pub fn vmk_with(&self, role: VmkRole) -> impl Iterator<Item = &VmkPort> {
        self.vmkernel_ports
            .iter()
            .filter(move |vmk| vmk.roles.contains(&role))
    }

    /// The speed a VMkernel port really gets: on a Flex-10 port, what Virtual Connect allocates to the FlexNIC(s)
    /// carrying its network (the fastest); elsewhere its `uplink_mbps` (0 when unknown).
    pub fn vmk_uplink_mbps(&self, vmk: &VmkPort) -> u32 {
        let Some(network) = vmk.network else {
            return vmk.uplink_mbps;
        };
        let allocated = self
            .nic_ports
            .iter()
            .filter(|port| port.kind == NicKind::Flex10)
            .flat_map(|port| {
                port.flexnics
                    .iter()
                    .zip(super::flex10::allocate(&port.flexnics))
            })
            .filter(|(flexnic, _)| flexnic.networks.contains(&network))
            .map(|(_, mbps)| mbps)
            .max();
        allocated.unwrap_or(vmk.uplink_mbps)
    }

    /// The FlexNICs carrying a kind of traffic, with the port they belong to.
    pub fn flexnics_for(&self, traffic: Traffic) -> impl Iterator<Item = (&NicPort, &FlexNic)> {
        self.nic_ports.iter().flat_map(move |port| {
            port.flexnics
                .iter()
                .filter(move |flexnic| flexnic.traffic.contains(&traffic))
                .map(move |flexnic| (port, flexnic))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Bios, Host, PowerProfile, Unrecorded};

    #[test]
    fn bios_settings_of_older_plans_read_as_recorded_and_missing_ones_as_unknown() {
        let options = crate::io::ron_options();
        let old: Bios = options
            .from_str("(hv: true, nx_xd: false, power_profile: OsControlled)")
            .unwrap_or_default();
        assert_eq!(old.hv, Some(true));
        assert_eq!(old.nx_xd, Some(false));
        assert_eq!(old.power_profile, Some(PowerProfile::OsControlled));
        let bare: Bios = options.from_str("(nx_xd: true)").unwrap_or_default();
        assert_eq!(
            (bare.hv, bare.nx_xd, bare.power_profile),
            (None, Some(true), None)
        );
        let written =
            ron::ser::to_string_pretty(&old, crate::io::pretty_config()).unwrap_or_default();
        let again: Bios = options.from_str(&written).unwrap_or_default();
        assert_eq!(again, old, "{written}");
    }

    #[test]
    fn hosts_of_older_plans_record_their_lists_and_an_import_can_say_it_does_not() {
        let options = crate::io::ron_options();
        let old: Host = options
            .from_str("(name: \"esx01\", memory_gb: 32)")
            .unwrap_or_default();
        assert_eq!(old.name, "esx01");
        assert_eq!(old.unrecorded, Unrecorded::default());
        let written =
            ron::ser::to_string_pretty(&old, crate::io::pretty_config()).unwrap_or_default();
        assert!(!written.contains("unrecorded"), "{written}");
        let imported = Host {
            unrecorded: Unrecorded {
                vmkernel_ports: true,
                port_groups: false,
            },
            ..old
        };
        let written =
            ron::ser::to_string_pretty(&imported, crate::io::pretty_config()).unwrap_or_default();
        assert!(
            written.contains("unrecorded: (\n        vmkernel_ports: true,\n    ),"),
            "{written}"
        );
        let again: Host = options.from_str(&written).unwrap_or_default();
        assert_eq!(again, imported, "{written}");
    }
}
