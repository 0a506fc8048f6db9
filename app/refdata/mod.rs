//! Reference data the rules read: FT processor groups, EVC baselines, the HCL, build numbers, configuration maximums
//! and the vSphere 4 licensing matrix.
//!
//! The facts live as RON under `assets/reference/`, each entry with its source and a `verified` flag, so a wrong
//! number is fixed in data, never in a rule. A user data file of the same shape overrides bundled entries by key.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::io::LoadError;
use crate::model::{CpuVendor, EsxProduct, LicenceEdition, Release, Vi3AddOn};

/// An FT compatible processor group (KB 1008027, SiteSurvey matrix).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FtGroup {
    pub id: String,
    pub vendor: CpuVendor,
    pub ft_capable: bool,
    /// Processor series in this group, as hosts name them ("Xeon 5400").
    pub series: Vec<String>,
    /// The group's CPUs have a hardware MMU (Intel EPT / AMD RVI), which legacy FT turns off for its VMs.
    #[serde(skip_serializing_if = "crate::model::is_false")]
    pub hardware_mmu: bool,
    pub source: String,
    pub verified: bool,
}

/// An EVC baseline.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EvcBaseline {
    /// The API key, e.g. "intel-penryn".
    pub key: String,
    /// The catalogue's level, e.g. "L1".
    pub level: String,
    pub vendor: CpuVendor,
    /// Position in its vendor's sequence: a CPU supporting rank N supports every lower rank.
    pub rank: u8,
    pub label: String,
    /// The first vCenter release offering this baseline, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_vcenter: Option<Release>,
    pub source: String,
    pub verified: bool,
}

/// A processor series: its highest EVC baseline and the ESX release it needs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CpuSeries {
    pub series: String,
    pub vendor: CpuVendor,
    /// The highest EVC baseline key it supports.
    pub max_evc: String,
    /// The first ESX release that supports it, when later than the rest of its line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_esx: Option<Release>,
    pub source: String,
    pub verified: bool,
}

/// The reference data in force and where it came from.
#[derive(Clone, Debug, Default)]
pub struct InForce {
    pub data: ReferenceData,
    /// The user's file laid over the bundled data, if any.
    pub user_file: Option<std::path::PathBuf>,
}

impl InForce {
    /// Where the data comes from, in words: "bundled" or "bundled + /home/ann/.config/dcplan/reference.ron".
    pub fn source(&self) -> String {
        match &self.user_file {
            Some(path) => format!("bundled + {}", path.display()),
            None => "bundled".to_owned(),
        }
    }
}

/// The three states of a reference lookup (rules-v2): listed passes, not listed takes the rule's severity, unknown
/// (not in dcplan's data) is an info finding naming the missing item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listing {
    Listed,
    NotListed,
    Unknown,
}

/// What the data says of a server model on the VMware Compatibility Guide for one ESX release line.
///
/// The guide is a positive list, but dcplan's copy of it is partial: a model or line without an entry is unknown,
/// never "not listed". Only an entry says "not listed": `listed: false`, or a `release` later than the host's within
/// the line (the model was listed from that update on).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HclEntry {
    pub model: String,
    /// The first release of its line the entry speaks for ("3.5 U4": listed from Update 4 on); later updates of the
    /// line are covered.
    pub release: Release,
    /// The guide lists the model for this line (from `release` on). `false`: the source says it does not.
    #[serde(skip_serializing_if = "is_true")]
    pub listed: bool,
    /// Listed in the guide's "Fault Tolerant Compatible Sets" for this release; `None` when not known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ft_certified: Option<bool>,
    /// The processor series the model ships with, as hosts name them ("Xeon 5500"), when known.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cpu_series: Vec<String>,
    /// What is uncertain about the entry, or a remark for messages.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub source: String,
    pub verified: bool,
}

impl Default for HclEntry {
    fn default() -> Self {
        Self {
            model: String::new(),
            release: Release::default(),
            listed: true,
            ft_certified: None,
            cpu_series: Vec::new(),
            note: String::new(),
            source: String::new(),
            verified: false,
        }
    }
}

fn is_true(value: &bool) -> bool {
    *value
}

/// An ESX/ESXi build number and the release (or patch) it belongs to.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BuildEntry {
    pub product: EsxProduct,
    pub build: u32,
    pub release: Release,
    /// The patch bulletin that produced this build, if it is a patch build.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patch: Option<String>,
    pub source: String,
    pub verified: bool,
}

/// The configuration maximums and thresholds rules compare against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum LimitItem {
    HostsPerVcenter,
    VmsPerVcenter,
    HostsPerHaCluster,
    /// Clusters up to this many hosts get the higher per-host VM limit.
    HaSmallClusterHosts,
    VmsPerHostHaSmallCluster,
    VmsPerHostHaLargeCluster,
    VmsPerHaCluster,
    VmsPerHost,
    VcpusPerHost,
    VcpusPerCore,
    LunsPerHost,
    PathsPerHost,
    FtVmsPerHost,
    FtVmMemoryMb,
    FtVmDisks,
    FtClockDeltaMhz,
    FtLoggingMinMbps,
    FtLoggingMaxUtilisation,
    FtLoggingDiskReadFactor,
    FtLoggingOverheadFactor,
    /// Lowest virtual hardware version an FT VM may have.
    FtVmMinHwVersion,
    /// Slowest NAS-facing NIC for NFS datastores holding FT VMs.
    FtNasMinMbps,
    FtClusterRecommendedHosts,
    HaPrimaries,
    HaHostsPerEnclosure,
    VmotionMinMbps,
    ConcurrentVmotionsPerHost,
    /// Concurrent vMotions per host when the vMotion uplink is 10 GbE (4.1 on).
    ConcurrentVmotionsPerHost10Gbe,
    LdvMaxRttMs,
    LdvMinBandwidthMbps,
    FlexPortMbps,
    FlexnicsPerPort,
    FlexnicGranularityMbps,
    VlansPerFlexnic,
    VlansPerVcModule,
    VlansPerVcModuleActiveActive,
    ManagementFlexnicMinMbps,
    /// 1 from the first ESX release with a FlexNIC driver on, 0 before it.
    FlexnicSupported,
    HostsPerNexus1000v,
    /// Uplinks per host, and distinct upstream switches they reach, that Nexus 1000V vPC host mode needs.
    VpcHostModeMinUplinks,
    EvaImplicitTransitionPercent,
    EvaImplicitTransitionMinutes,
    /// Round Robin IOPS per path switch advised for EVA LUNs.
    EvaRoundRobinIops,
    /// Fewest physical CPU cores a host needs to run ESX (upgrade precheck CPU_CORES).
    HostMinCores,
    /// Host Update Utility is meant for estates of fewer hosts than this; larger ones use Update Manager.
    HostUpdateUtilityHosts,
    /// The CPU size of an HA slot when no powered-on VM has a CPU reservation (per vCenter release).
    HaDefaultSlotCpuMhz,
    /// Host memory the service console and VMkernel keep from VMs when the inventory does not give it (per ESX
    /// release).
    HostMemoryNotForVmsMb,
    /// Days an ESX 4 host or vCenter Server 4 runs in evaluation mode before it needs a licence key.
    EvaluationDays,
}

/// One value of a limit, for releases from `release` on (or for every release when `None`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limit {
    pub item: LimitItem,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<Release>,
    pub value: f64,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub source: String,
    pub verified: bool,
}

/// A guest OS and CPU combination from KB 1008027's FT table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FtGuestSupport {
    /// Matched case-insensitively word by word: every word (letters and digits) must appear, in this order, among
    /// the words of the VM's guest OS ("Windows Server 2003 (32-bit)" matches "Microsoft Windows Server 2003
    /// Standard (32-bit)").
    pub guest: String,
    /// The entry does not apply when the guest OS names these words too (e.g. "SP2").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unless: Option<String>,
    /// Applies to hosts of this FT group only, when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ft_group: Option<String>,
    /// Applies to this CPU codename only, when set ("Barcelona").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub codename: Option<String>,
    pub supported: bool,
    /// The ESX release the combination needs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_release: Option<Release>,
    pub note: String,
    pub source: String,
    pub verified: bool,
}

/// A vCenter database product and the first vCenter Server 4 release that supports it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VcenterDatabase {
    /// Matched case-insensitively word by word, in order, among the words of a vCenter's `database` ("SQL Server
    /// 2005" matches "Microsoft SQL Server 2005 SP2"); the entry with the most words wins.
    pub product: String,
    /// The first vCenter release supporting it; `None` when no vCenter Server 4 release does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supported_from: Option<Release>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub source: String,
    pub verified: bool,
}

/// How a host of a source release gets onto ESX 4.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum UpgradePath {
    /// The upgrade tools (Update Manager, Host Update Utility) upgrade it in place.
    #[default]
    InPlace,
    /// Only through an intermediate release first, or a fresh install and a migration of the VMs.
    ViaIntermediate,
    /// No upgrade: fresh install and migrate the VMs.
    FreshInstall,
}

/// The ESX 4 upgrade path of host source releases from `from` up to the next entry's `from`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HostUpgradePath {
    pub from: Release,
    pub path: UpgradePath,
    /// What to do instead, for messages.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub source: String,
    pub verified: bool,
}

/// All reference data, as bundled or overridden.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReferenceData {
    pub ft_groups: Vec<FtGroup>,
    pub evc_baselines: Vec<EvcBaseline>,
    pub cpu_series: Vec<CpuSeries>,
    pub hcl: Vec<HclEntry>,
    pub builds: Vec<BuildEntry>,
    pub limits: Vec<Limit>,
    pub ft_guest_support: Vec<FtGuestSupport>,
    pub vcenter_databases: Vec<VcenterDatabase>,
    pub host_upgrade_paths: Vec<HostUpgradePath>,
    pub vum_releases: Vec<VumRelease>,
    pub vmfs_file_limits: Vec<VmfsFileLimit>,
    pub vmfs_snapshots: Vec<VmfsSnapshotOverhead>,
    pub guest_os: Vec<GuestOsSupport>,
    pub licence_features: Vec<EditionFeature>,
    pub licence_limits: Vec<EditionLimit>,
    pub vi3_entitlements: Vec<Vi3Entitlement>,
}

/// A feature the vSphere 4 editions license (rules-v2 B6).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum LicensedFeature {
    #[default]
    Ha,
    Vmotion,
    FaultTolerance,
    StorageVmotion,
    Drs,
    DistributedSwitch,
    HostProfiles,
    Nexus1000v,
}

impl LicensedFeature {
    /// The feature's name as the edition comparison writes it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Ha => "HA",
            Self::Vmotion => "vMotion",
            Self::FaultTolerance => "Fault Tolerance",
            Self::StorageVmotion => "Storage vMotion",
            Self::Drs => "DRS",
            Self::DistributedSwitch => "the vNetwork Distributed Switch",
            Self::HostProfiles => "Host Profiles",
            Self::Nexus1000v => "the Nexus 1000V",
        }
    }
}

/// Whether an edition includes a feature: the edition matrix's yes, no and `?` (not verified).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Inclusion {
    Yes,
    No,
    /// A `?` cell: the sources do not settle it, so a rule that lands here says so at info.
    #[default]
    Unknown,
}

/// One cell of the vSphere 4 edition matrix: whether `edition` includes `feature`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EditionFeature {
    pub edition: LicenceEdition,
    pub feature: LicensedFeature,
    pub included: Inclusion,
    pub source: String,
    pub verified: bool,
}

/// A per-edition number of the vSphere 4 licences.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum EditionLimitItem {
    /// Cores per CPU (socket) one CPU licence covers; more cores need more licences per socket.
    #[default]
    CoresPerCpu,
    /// Virtual CPUs a VM may have on a host of the edition.
    VcpusPerVm,
}

/// A per-edition number: cores per CPU, vCPUs per VM.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EditionLimit {
    pub edition: LicenceEdition,
    pub item: EditionLimitItem,
    pub value: u32,
    pub source: String,
    pub verified: bool,
}

/// What a VI3 licence with its add-ons becomes under vSphere 4 (KB 1010690), with current support and
/// subscription. One VI3 licence covers 2 CPUs and becomes 2 vSphere 4 CPU licences.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Vi3Entitlement {
    pub vi3: LicenceEdition,
    /// The VI3 options the licence carries, in any order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub add_ons: Vec<Vi3AddOn>,
    pub vsphere: LicenceEdition,
    pub source: String,
    pub verified: bool,
}

/// The largest file (a virtual disk, a snapshot delta) a VMFS-3 datastore holds for its block size.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VmfsFileLimit {
    pub block_mb: u8,
    /// In bytes, as the limit is not always a whole number of GB ("2 TB minus 512 bytes" at 8 MB).
    pub max_file_bytes: u64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub source: String,
    pub verified: bool,
}

/// The room a snapshot needs beside its disk on a VMFS-3 datastore of a block size: a disk closer to the file
/// size limit than this cannot be snapshotted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VmfsSnapshotOverhead {
    pub block_mb: u8,
    pub overhead_gb: u32,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub source: String,
    pub verified: bool,
}

/// What VMware's guest OS guides say of a guest OS on an ESX release.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum GuestStatus {
    #[default]
    Supported,
    /// Still supported, announced to go.
    Deprecated,
    /// The guides do not list it for that release.
    NotListed,
}

/// A guest OS's status on the ESX releases from `from` up to (not including) `until`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GuestOsSupport {
    /// Matched case-insensitively word by word, in order, among the words of a VM's `guest_os` ("Windows Server
    /// 2003" matches "Microsoft Windows Server 2003 Standard (32-bit)"); the matching pattern with the most words
    /// wins, so "Windows Server 2008 R2" has its own entries apart from "Windows Server 2008".
    pub guest: String,
    pub from: Release,
    /// The first release the entry no longer covers; open-ended when not set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<Release>,
    pub status: GuestStatus,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub source: String,
    pub verified: bool,
}

impl GuestOsSupport {
    /// The entry covers an ESX release.
    pub fn covers(&self, release: Release) -> bool {
        self.from <= release && self.until.is_none_or(|until| release < until)
    }
}

/// The Update Manager release shipped with a vCenter release.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VumRelease {
    pub vcenter: Release,
    pub update_manager: Release,
    pub source: String,
    pub verified: bool,
}

const BUNDLED: &[(&str, &str)] = &[
    (
        "assets/reference/ft_groups.ron",
        include_str!("../../assets/reference/ft_groups.ron"),
    ),
    (
        "assets/reference/evc.ron",
        include_str!("../../assets/reference/evc.ron"),
    ),
    (
        "assets/reference/hcl.ron",
        include_str!("../../assets/reference/hcl.ron"),
    ),
    (
        "assets/reference/builds.ron",
        include_str!("../../assets/reference/builds.ron"),
    ),
    (
        "assets/reference/limits.ron",
        include_str!("../../assets/reference/limits.ron"),
    ),
    (
        "assets/reference/upgrade.ron",
        include_str!("../../assets/reference/upgrade.ron"),
    ),
    (
        "assets/reference/vmfs.ron",
        include_str!("../../assets/reference/vmfs.ron"),
    ),
    (
        "assets/reference/guest_os.ron",
        include_str!("../../assets/reference/guest_os.ron"),
    ),
    (
        "assets/reference/licensing.ron",
        include_str!("../../assets/reference/licensing.ron"),
    ),
];

impl ReferenceData {
    /// The data shipped with dcplan (compiled in from `assets/reference/`).
    pub fn bundled() -> Result<Self, LoadError> {
        let mut data = Self::default();
        for (path, text) in BUNDLED {
            data.merge(Self::parse(text, Path::new(path))?);
        }
        Ok(data)
    }

    /// Bundled data with a user's data file laid over it (entries with the same key replace bundled ones).
    /// The reference data in force, as every command and the designer load it: the bundled data, with the user's
    /// file laid over it: `explicit` (`--reference`), else `$XDG_CONFIG_HOME/dcplan/reference.ron` (or
    /// `~/.config/dcplan/reference.ron`) when it exists.
    pub fn in_force(explicit: Option<&Path>) -> Result<InForce, LoadError> {
        let user_file = explicit.map(Path::to_path_buf).or_else(|| {
            std::env::var_os("XDG_CONFIG_HOME")
                .map(std::path::PathBuf::from)
                .or_else(|| {
                    std::env::var_os("HOME")
                        .map(|home| std::path::PathBuf::from(home).join(".config"))
                })
                .map(|config| config.join("dcplan/reference.ron"))
                .filter(|path| path.is_file())
        });
        let data = match &user_file {
            Some(path) => Self::bundled_with_overrides(path)?,
            None => Self::bundled()?,
        };
        Ok(InForce { data, user_file })
    }

    pub fn bundled_with_overrides(path: &Path) -> Result<Self, LoadError> {
        let mut data = Self::bundled()?;
        let text = std::fs::read_to_string(path).map_err(|err| LoadError::io(path, &err))?;
        data.merge(Self::parse(&text, path)?);
        Ok(data)
    }

    /// Parses one reference data file.
    pub fn parse(text: &str, path: &Path) -> Result<Self, LoadError> {
        crate::io::ron_options()
            .from_str(text)
            .map_err(|err| LoadError::from_ron(path, text, &err))
    }

    /// Lays `other` over `self`: an entry whose key exists is replaced, a new one is added.
    pub fn merge(&mut self, other: Self) {
        fn merge_by<T, K: PartialEq>(base: &mut Vec<T>, extra: Vec<T>, key: impl Fn(&T) -> K) {
            for item in extra {
                match base.iter_mut().find(|existing| key(existing) == key(&item)) {
                    Some(existing) => *existing = item,
                    None => base.push(item),
                }
            }
        }
        merge_by(&mut self.ft_groups, other.ft_groups, |g| g.id.clone());
        merge_by(&mut self.evc_baselines, other.evc_baselines, |b| {
            b.key.clone()
        });
        merge_by(&mut self.cpu_series, other.cpu_series, |c| c.series.clone());
        // One entry per model and release line: a user's entry for "3.5" replaces a bundled "3.5 U4" one.
        merge_by(&mut self.hcl, other.hcl, |h| {
            (h.model.to_ascii_lowercase(), h.release.line())
        });
        merge_by(&mut self.builds, other.builds, |b| (b.product, b.build));
        merge_by(&mut self.limits, other.limits, |l| (l.item, l.release));
        merge_by(&mut self.ft_guest_support, other.ft_guest_support, |g| {
            (g.guest.clone(), g.ft_group.clone(), g.codename.clone())
        });
        merge_by(&mut self.vcenter_databases, other.vcenter_databases, |d| {
            d.product.to_ascii_lowercase()
        });
        merge_by(
            &mut self.host_upgrade_paths,
            other.host_upgrade_paths,
            |p| p.from,
        );
        merge_by(&mut self.vum_releases, other.vum_releases, |v| v.vcenter);
        merge_by(&mut self.vmfs_file_limits, other.vmfs_file_limits, |l| {
            l.block_mb
        });
        merge_by(&mut self.vmfs_snapshots, other.vmfs_snapshots, |o| {
            o.block_mb
        });
        merge_by(&mut self.guest_os, other.guest_os, |g| {
            (g.guest.to_ascii_lowercase(), g.from)
        });
        merge_by(&mut self.licence_features, other.licence_features, |f| {
            (f.edition, f.feature)
        });
        merge_by(&mut self.licence_limits, other.licence_limits, |l| {
            (l.edition, l.item)
        });
        merge_by(&mut self.vi3_entitlements, other.vi3_entitlements, |e| {
            (e.vi3, sorted(&e.add_ons))
        });
    }

    /// Whether a vSphere 4 edition includes a feature: `Unknown` for a `?` cell and for a pair the data lacks.
    pub fn inclusion(&self, edition: LicenceEdition, feature: LicensedFeature) -> Inclusion {
        self.licence_features
            .iter()
            .find(|cell| cell.edition == edition && cell.feature == feature)
            .map_or(Inclusion::Unknown, |cell| cell.included)
    }

    /// A per-edition number (cores per CPU, vCPUs per VM), when the data has it.
    pub fn edition_limit(&self, edition: LicenceEdition, item: EditionLimitItem) -> Option<u32> {
        self.licence_limits
            .iter()
            .find(|limit| limit.edition == edition && limit.item == item)
            .map(|limit| limit.value)
    }

    /// The vSphere 4 entitlement of a VI3 licence of `edition` with `add_ons`, when the data maps it.
    pub fn vi3_entitlement(
        &self,
        edition: LicenceEdition,
        add_ons: &[Vi3AddOn],
    ) -> Option<&Vi3Entitlement> {
        let wanted = sorted(add_ons);
        self.vi3_entitlements
            .iter()
            .find(|entry| entry.vi3 == edition && sorted(&entry.add_ons) == wanted)
    }

    /// The largest file a VMFS datastore of this block size holds, when the data knows the block size.
    pub fn vmfs_file_limit(&self, block_mb: u8) -> Option<&VmfsFileLimit> {
        self.vmfs_file_limits
            .iter()
            .find(|limit| limit.block_mb == block_mb)
    }

    /// The snapshot overhead on a VMFS datastore of this block size, when the data knows it.
    pub fn vmfs_snapshot_overhead(&self, block_mb: u8) -> Option<&VmfsSnapshotOverhead> {
        self.vmfs_snapshots
            .iter()
            .find(|overhead| overhead.block_mb == block_mb)
    }

    /// The guest OS entry for a VM's `guest_os` on an ESX release: among the entries whose pattern matches, those
    /// with the most words, and of these the one covering the release. `None` is unknown: the data lacks the guest
    /// or says nothing of it on that release (a less specific pattern is not consulted then: "Windows Server 2008"
    /// says nothing of R2).
    pub fn guest_os_entry(&self, guest_os: &str, release: Release) -> Option<&GuestOsSupport> {
        let text = words(guest_os);
        let matching: Vec<(&GuestOsSupport, usize)> = self
            .guest_os
            .iter()
            .map(|entry| (entry, words(&entry.guest)))
            .filter(|(_, pattern)| !pattern.is_empty() && has_words(&text, pattern))
            .map(|(entry, pattern)| (entry, pattern.len()))
            .collect();
        let most = matching.iter().map(|(_, len)| *len).max()?;
        matching
            .into_iter()
            .filter(|(_, len)| *len == most)
            .map(|(entry, _)| entry)
            .find(|entry| entry.covers(release))
    }

    /// The Update Manager release that belongs to a vCenter release, when the data knows it.
    pub fn vum_for(&self, vcenter: Release) -> Option<&VumRelease> {
        self.vum_releases
            .iter()
            .find(|entry| entry.vcenter == vcenter)
    }

    /// The FT group a processor series belongs to.
    pub fn ft_group_of(&self, series: &str) -> Option<&FtGroup> {
        self.ft_groups
            .iter()
            .find(|group| group.series.iter().any(|s| s.eq_ignore_ascii_case(series)))
    }

    /// The series entry (highest EVC baseline) of a processor series.
    pub fn cpu_series(&self, series: &str) -> Option<&CpuSeries> {
        self.cpu_series
            .iter()
            .find(|entry| entry.series.eq_ignore_ascii_case(series))
    }

    /// An EVC baseline by API key.
    pub fn evc_baseline(&self, key: &str) -> Option<&EvcBaseline> {
        self.evc_baselines.iter().find(|b| b.key == key)
    }

    /// The highest EVC baseline a processor series supports.
    pub fn max_evc_of(&self, series: &str) -> Option<&EvcBaseline> {
        self.cpu_series(series)
            .and_then(|entry| self.evc_baseline(&entry.max_evc))
    }

    /// What the reference data says of a model on `release`: listed (an entry of its line lists it from that update
    /// or earlier), not listed (an entry says the guide does not list it on the line, or lists it only from a later
    /// update), or unknown (no entry for the model on that line, so the data cannot say; never an error).
    pub fn hcl_status(&self, model: &str, release: Release) -> Listing {
        let mut status = Listing::Unknown;
        for entry in self.hcl_line(model, release) {
            if entry.listed && entry.release <= release {
                return Listing::Listed;
            }
            status = Listing::NotListed;
        }
        status
    }

    /// The entry listing a model on `release` (same line, from that update or earlier).
    pub fn hcl_entry<'a>(&'a self, model: &'a str, release: Release) -> Option<&'a HclEntry> {
        self.hcl_line(model, release)
            .find(|entry| entry.listed && entry.release <= release)
    }

    /// The first update of `release`'s line from which the guide lists a model, when that is later than `release`:
    /// the reason a listed model is "not listed" on an older update.
    pub fn hcl_listed_from(&self, model: &str, release: Release) -> Option<Release> {
        self.hcl_line(model, release)
            .filter(|entry| entry.listed && entry.release > release)
            .map(|entry| entry.release)
            .min()
    }

    /// The entries of a model on the release line of `release`.
    fn hcl_line<'a>(
        &'a self,
        model: &'a str,
        release: Release,
    ) -> impl Iterator<Item = &'a HclEntry> + 'a {
        self.hcl.iter().filter(move |entry| {
            entry.model.eq_ignore_ascii_case(model) && entry.release.line() == release.line()
        })
    }

    /// The build a patch bulletin produced.
    pub fn build_of_patch(&self, patch: &str) -> Option<&BuildEntry> {
        self.builds
            .iter()
            .find(|entry| entry.patch.as_deref() == Some(patch))
    }

    /// The build a release shipped with (its own entry, not a patch's), when the data has it.
    pub fn build_of_release(&self, product: EsxProduct, release: Release) -> Option<&BuildEntry> {
        self.builds.iter().find(|entry| {
            entry.product == product && entry.release == release && entry.patch.is_none()
        })
    }

    /// The release a build number belongs to.
    pub fn release_of_build(&self, product: EsxProduct, build: u32) -> Option<&BuildEntry> {
        self.builds
            .iter()
            .find(|entry| entry.product == product && entry.build == build)
    }

    /// The limit in force for `release`: the entry of the newest release not after it, or the release-less entry.
    pub fn limit_entry(&self, item: LimitItem, release: Option<Release>) -> Option<&Limit> {
        in_force(
            self.limits
                .iter()
                .filter(|entry| entry.item == item)
                .map(|entry| (entry.release, entry)),
            release,
        )
    }

    /// The database entry matching a vCenter's `database` text: the matching entry with the most words.
    pub fn vcenter_database(&self, database: &str) -> Option<&VcenterDatabase> {
        let text = words(database);
        self.vcenter_databases
            .iter()
            .map(|entry| (entry, words(&entry.product)))
            .filter(|(_, pattern)| !pattern.is_empty() && has_words(&text, pattern))
            .max_by_key(|(_, pattern)| pattern.len())
            .map(|(entry, _)| entry)
    }

    /// The ESX 4 upgrade path of a host source release: the entry with the highest `from` not after it.
    pub fn host_upgrade_path(&self, release: Release) -> Option<&HostUpgradePath> {
        self.host_upgrade_paths
            .iter()
            .filter(|entry| entry.from <= release)
            .max_by_key(|entry| entry.from)
    }

    /// The value of a limit for a release, if the data has one.
    pub fn limit(&self, item: LimitItem, release: Option<Release>) -> Option<f64> {
        self.limit_entry(item, release).map(|entry| entry.value)
    }

    /// Per table: how many entries, and how many of them are verified against their source.
    pub fn summary(&self) -> BTreeMap<&'static str, TableSummary> {
        fn count<T>(items: &[T], verified: impl Fn(&T) -> bool) -> TableSummary {
            TableSummary {
                entries: items.len(),
                verified: items.iter().filter(|item| verified(item)).count(),
            }
        }
        BTreeMap::from([
            ("builds", count(&self.builds, |e| e.verified)),
            ("cpu_series", count(&self.cpu_series, |e| e.verified)),
            ("evc_baselines", count(&self.evc_baselines, |e| e.verified)),
            ("ft_groups", count(&self.ft_groups, |e| e.verified)),
            (
                "ft_guest_support",
                count(&self.ft_guest_support, |e| e.verified),
            ),
            ("hcl", count(&self.hcl, |e| e.verified)),
            (
                "host_upgrade_paths",
                count(&self.host_upgrade_paths, |e| e.verified),
            ),
            ("limits", count(&self.limits, |e| e.verified)),
            (
                "vcenter_databases",
                count(&self.vcenter_databases, |e| e.verified),
            ),
            ("vum_releases", count(&self.vum_releases, |e| e.verified)),
            (
                "vmfs_file_limits",
                count(&self.vmfs_file_limits, |e| e.verified),
            ),
            (
                "vmfs_snapshots",
                count(&self.vmfs_snapshots, |e| e.verified),
            ),
            ("guest_os", count(&self.guest_os, |e| e.verified)),
            (
                "licence_features",
                count(&self.licence_features, |e| e.verified),
            ),
            (
                "licence_limits",
                count(&self.licence_limits, |e| e.verified),
            ),
            (
                "vi3_entitlements",
                count(&self.vi3_entitlements, |e| e.verified),
            ),
        ])
    }
}

/// Add-ons in a fixed order and without repeats, so two lists compare as sets.
fn sorted(add_ons: &[Vi3AddOn]) -> Vec<Vi3AddOn> {
    let mut list = add_ons.to_vec();
    list.sort_unstable();
    list.dedup();
    list
}

/// The size of one reference table and how much of it is verified.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TableSummary {
    pub entries: usize,
    /// Entries whose `verified` flag is set: someone read the source saying it.
    pub verified: usize,
}

impl TableSummary {
    /// Entries not verified against their source.
    pub fn unverified(self) -> usize {
        self.entries - self.verified
    }
}

/// The lower-case words (letters and digits) of a text.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// Every word of `pattern` appears among `words`, in order.
fn has_words(words: &[String], pattern: &[String]) -> bool {
    let mut rest = words.iter();
    pattern
        .iter()
        .all(|wanted| rest.by_ref().any(|word| word == wanted))
}

/// Of one item's entries (each with the release it applies from, `None` for every release), in table order, the
/// one in force for `release`: the newest release not after it, the first of equals ([`ReferenceData::limit_entry`]).
pub fn in_force<T>(
    entries: impl IntoIterator<Item = (Option<Release>, T)>,
    release: Option<Release>,
) -> Option<T> {
    let mut best: Option<(Option<Release>, T)> = None;
    for (from, entry) in entries {
        let applies = match (from, release) {
            (None, _) => true,
            (Some(from), Some(release)) => from <= release,
            (Some(_), None) => false,
        };
        if applies && best.as_ref().is_none_or(|(current, _)| from > *current) {
            best = Some((from, entry));
        }
    }
    best.map(|(_, entry)| entry)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests stop loudly")]

    use super::*;

    fn release(text: &str) -> Release {
        text.parse().unwrap()
    }

    fn entry(model: &str, from: &str, listed: bool) -> HclEntry {
        HclEntry {
            model: model.to_owned(),
            release: release(from),
            listed,
            ..HclEntry::default()
        }
    }

    #[test]
    fn hcl_lookups_have_three_states() {
        let data = ReferenceData {
            hcl: vec![
                entry("ProLiant DL360 G6", "3.5 U4", true),
                entry("ProLiant DL360 G6", "4.0", true),
                entry("ProLiant BL20p G3", "4.0", false),
            ],
            ..ReferenceData::default()
        };
        // Listed from an update on: that update and later ones pass, earlier ones of the line are not listed.
        assert_eq!(
            data.hcl_status("proliant dl360 g6", release("3.5 U5")),
            Listing::Listed
        );
        assert_eq!(
            data.hcl_status("ProLiant DL360 G6", release("3.5 U2")),
            Listing::NotListed
        );
        assert_eq!(
            data.hcl_listed_from("ProLiant DL360 G6", release("3.5 U2")),
            Some(release("3.5 U4"))
        );
        assert_eq!(
            data.hcl_status("ProLiant DL360 G6", release("4.0 U1")),
            Listing::Listed
        );
        // An explicit "not listed" entry.
        assert_eq!(
            data.hcl_status("ProLiant BL20p G3", release("4.0 U1")),
            Listing::NotListed
        );
        assert_eq!(
            data.hcl_listed_from("ProLiant BL20p G3", release("4.0")),
            None
        );
        // No entry for the model on the line, or for the model at all: unknown, not "not listed".
        assert_eq!(
            data.hcl_status("ProLiant DL360 G6", release("4.1")),
            Listing::Unknown
        );
        assert_eq!(
            data.hcl_status("ProLiant BL20p G3", release("3.5 U4")),
            Listing::Unknown
        );
        assert_eq!(
            data.hcl_status("ProLiant BL999c G9", release("4.0")),
            Listing::Unknown
        );
    }

    #[test]
    fn a_user_entry_replaces_the_bundled_one_of_its_model_and_line() {
        let mut data = ReferenceData {
            hcl: vec![entry("ProLiant DL360 G6", "3.5 U4", true)],
            ..ReferenceData::default()
        };
        data.merge(ReferenceData {
            hcl: vec![entry("PROLIANT DL360 G6", "3.5", false)],
            ..ReferenceData::default()
        });
        assert_eq!(data.hcl.len(), 1);
        assert_eq!(
            data.hcl_status("ProLiant DL360 G6", release("3.5 U5")),
            Listing::NotListed
        );
    }

    #[test]
    fn bundled_hcl_has_one_entry_per_model_and_line_with_known_processors() {
        let data = ReferenceData::bundled().unwrap();
        let mut seen = std::collections::BTreeSet::new();
        for entry in &data.hcl {
            assert!(
                seen.insert((entry.model.to_ascii_lowercase(), entry.release.line())),
                "{} {} twice",
                entry.model,
                entry.release
            );
            assert!(!entry.source.is_empty(), "{} has no source", entry.model);
            assert!(
                entry.listed || entry.ft_certified != Some(true),
                "{} is FT-certified but not listed",
                entry.model
            );
            for series in &entry.cpu_series {
                assert!(
                    data.cpu_series(series).is_some() && data.ft_group_of(series).is_some(),
                    "{}: {series} has no EVC baseline or FT group",
                    entry.model
                );
            }
        }
    }

    #[test]
    fn summary_counts_verified_entries() {
        let data = ReferenceData {
            hcl: vec![
                HclEntry {
                    verified: true,
                    ..entry("a", "4.0", true)
                },
                entry("b", "4.0", true),
            ],
            ..ReferenceData::default()
        };
        let hcl = data.summary().get("hcl").copied().unwrap();
        assert_eq!(
            hcl,
            TableSummary {
                entries: 2,
                verified: 1
            }
        );
        assert_eq!(hcl.unverified(), 1);
    }

    #[test]
    fn the_licensing_matrix_answers_yes_no_and_unknown() -> Result<(), LoadError> {
        let data = ReferenceData::bundled()?;
        assert_eq!(
            data.inclusion(LicenceEdition::Standard, LicensedFeature::Vmotion),
            Inclusion::No
        );
        assert_eq!(
            data.inclusion(LicenceEdition::Advanced, LicensedFeature::FaultTolerance),
            Inclusion::Yes
        );
        // A `?` cell and a pair the data lacks are both unknown.
        assert_eq!(
            data.inclusion(LicenceEdition::Essentials, LicensedFeature::Ha),
            Inclusion::Unknown
        );
        assert_eq!(
            data.inclusion(LicenceEdition::Foundation, LicensedFeature::Ha),
            Inclusion::Unknown
        );
        assert_eq!(
            data.edition_limit(LicenceEdition::Advanced, EditionLimitItem::CoresPerCpu),
            Some(12)
        );
        assert_eq!(
            data.edition_limit(LicenceEdition::EnterprisePlus, EditionLimitItem::VcpusPerVm),
            Some(8)
        );
        // Add-ons match as a set, in any order.
        let entitlement = data.vi3_entitlement(
            LicenceEdition::Standard,
            &[Vi3AddOn::Drs, Vi3AddOn::Vmotion],
        );
        assert_eq!(
            entitlement.map(|e| e.vsphere),
            Some(LicenceEdition::Enterprise)
        );
        assert_eq!(data.limit(LimitItem::EvaluationDays, None), Some(60.0));
        // Every edition has every feature's cell: a cell missing by mistake would read as unknown.
        for edition in [
            LicenceEdition::Essentials,
            LicenceEdition::EssentialsPlus,
            LicenceEdition::Standard,
            LicenceEdition::StandardVmotionSvmotion,
            LicenceEdition::Advanced,
            LicenceEdition::Enterprise,
            LicenceEdition::EnterprisePlus,
        ] {
            let cells = data
                .licence_features
                .iter()
                .filter(|cell| cell.edition == edition)
                .count();
            assert_eq!(cells, 8, "{edition:?}");
        }
        Ok(())
    }
}
