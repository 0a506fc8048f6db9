//! Synthetic plans at the scale of the VMworld 2009 datacenter (`../shared/domain/scale.md`), for demos and benchmarks.
//!
//! The layout is deterministic: the same preset always gives the same file, so benchmarks and diffs repeat.
#![allow(
    clippy::needless_update,
    reason = "`..Default::default()` keeps the generator compiling as the model gains fields"
)]

use std::collections::BTreeMap;

use crate::model::{
    AdmissionControl, Array, ArrayPort, Bios, Cluster, ClusterId, Controller, Cpu, Datastore,
    DatastoreId, DatastoreKind, Disk, DiskFormat, Drs, Enclosure, EnclosureId, EsxInstall,
    EsxProduct, Fabric, FabricId, FabricSide, FcPort, FcSwitch, FcSwitchId, FirmwareComponent,
    FlexNic, FtProtection, Gateway, Ha, Host, HostId, Interconnect, LicenceEdition, Lun, LunId,
    LunPath, ManagementInterface, ManagementKind, ModuleKind, Network, NetworkId, NicKind, NicPort,
    PathPolicy, Placement, PowerProfile, PreferredPath, Project, Rack, RackId, Release,
    RestartPriority, ScsiController, ScsiKind, Site, SiteId, Traffic, VcDomain, Vcenter, VcenterId,
    Vm, VmId, VmkPort, VmkRole, Vnic, Vswitch, VswitchId, VswitchKind, Workload,
};

/// Presets `dcplan generate` knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// 776 hosts, 37,248 VMs, 28 racks: the VMworld 2009 lab datacenter.
    Vmworld2009,
    /// The same datacenter before its upgrade: ESX 3.5 U4 hosts under VirtualCenter 2.5 U4, hardware 4 VMs,
    /// ESX 3.5 style Fixed paths on the owning controller, a planner workload at scale.
    Vmworld2009Esx35,
    /// Ten halls like the VMworld 2009 one: 7,760 hosts, 372,480 VMs, 280 racks, 140 vCenters.
    Vmworld2009x10,
    /// The ten halls before their upgrade, as `Vmworld2009Esx35` is to `Vmworld2009`.
    Vmworld2009x10Esx35,
}

impl Preset {
    /// Every preset under the name `dcplan generate --preset` takes, in the order the help lists them.
    pub const ALL: [(&'static str, Self); 4] = [
        ("vmworld2009", Self::Vmworld2009),
        ("vmworld2009-esx35", Self::Vmworld2009Esx35),
        ("vmworld2009x10", Self::Vmworld2009x10),
        ("vmworld2009x10-esx35", Self::Vmworld2009x10Esx35),
    ];

    /// How large the preset's estate is.
    pub fn scale(self) -> Scale {
        match self {
            Self::Vmworld2009 | Self::Vmworld2009Esx35 => Scale::VMWORLD2009,
            Self::Vmworld2009x10 | Self::Vmworld2009x10Esx35 => Scale::VMWORLD2009_X10,
        }
    }

    /// Whether the preset is the estate before its upgrade (ESX 3.5 U4 under VirtualCenter 2.5 U4).
    pub fn before_upgrade(self) -> bool {
        matches!(self, Self::Vmworld2009Esx35 | Self::Vmworld2009x10Esx35)
    }
}

impl std::str::FromStr for Preset {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .iter()
            .find(|(known, _)| *known == name)
            .map(|&(_, preset)| preset)
            .ok_or_else(|| {
                let known: Vec<&str> = Self::ALL.iter().map(|(known, _)| *known).collect();
                format!(
                    "unknown preset `{name}`; known presets: {}",
                    known.join(", ")
                )
            })
    }
}

/// The published figures of the VMworld 2009 datacenter: one hall of a preset.
pub mod vmworld2009 {
    /// ESX hosts.
    pub const HOSTS: u32 = 776;
    /// Virtual machines (48 per host).
    pub const VMS_PER_HOST: u32 = 48;
    /// Racks.
    pub const RACKS: u32 = 28;
    /// Hosts per HA cluster: 8 keeps vSphere 4.0 U1's 160 VMs per host in reach.
    pub const HOSTS_PER_CLUSTER: u32 = 8;
    /// Clusters per vCenter: 7 x 8 hosts x 48 VMs = 2,688 VMs, inside 4.0's 3,000.
    pub const CLUSTERS_PER_VCENTER: u32 = 7;
    /// LUNs per cluster.
    pub const LUNS_PER_CLUSTER: u32 = 4;
    /// LUN size: 97 clusters x 4 x 900 GB ~ 349 TB.
    pub const LUN_GB: u32 = 900;
    /// EVA arrays.
    pub const ARRAYS: u32 = 8;
    /// Clusters (the last one full: 776 is 97 x 8).
    pub const CLUSTERS: u32 = HOSTS.div_ceil(HOSTS_PER_CLUSTER);
    /// vCenters: 14, the last with 6 clusters.
    pub const VCENTERS: u32 = CLUSTERS.div_ceil(CLUSTERS_PER_VCENTER);
    /// c7000 enclosures: each pair holds four 8-host clusters.
    pub const ENCLOSURES: u32 = HOSTS.div_ceil(HOSTS_PER_CLUSTER * 4) * 2;
}

/// The size of a preset: how many halls it builds, each a copy of the VMworld 2009 hall (the `vmworld2009` figures)
/// with its own site, racks, enclosures, fabrics, FC switches, arrays, clusters and vCenters. Objects are numbered
/// across the whole estate, so every name is unique; a hall shares only the three infrastructure networks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scale {
    /// Halls, one site each.
    pub halls: u32,
}

impl Scale {
    /// The VMworld 2009 datacenter itself.
    pub const VMWORLD2009: Self = Self { halls: 1 };
    /// Ten times the VMworld 2009 datacenter.
    pub const VMWORLD2009_X10: Self = Self { halls: 10 };

    /// ESX hosts.
    pub const fn hosts(self) -> u32 {
        vmworld2009::HOSTS * self.halls
    }

    /// Virtual machines.
    pub const fn vms(self) -> u32 {
        self.hosts() * vmworld2009::VMS_PER_HOST
    }

    /// Racks.
    pub const fn racks(self) -> u32 {
        vmworld2009::RACKS * self.halls
    }

    /// HA clusters.
    pub const fn clusters(self) -> u32 {
        vmworld2009::CLUSTERS * self.halls
    }

    /// vCenters: each hall's clusters under its own, 7 to a vCenter.
    pub const fn vcenters(self) -> u32 {
        vmworld2009::VCENTERS * self.halls
    }

    /// c7000 enclosures.
    pub const fn enclosures(self) -> u32 {
        vmworld2009::ENCLOSURES * self.halls
    }

    /// EVA arrays.
    pub const fn arrays(self) -> u32 {
        vmworld2009::ARRAYS * self.halls
    }
}

/// Builds the plan of a preset.
pub fn generate(preset: Preset) -> Project {
    let plan = vmworld2009_plan(preset.scale());
    if preset.before_upgrade() {
        before_upgrade(plan, preset.scale())
    } else {
        plan
    }
}

/// Digits of the zero-padded numbers in names: enough for the largest number so names sort as numbers, and never
/// fewer than the VMworld 2009 preset has always used, so its names stay as they were.
struct NameWidths {
    host: usize,
    vm: usize,
    cluster: usize,
    vcenter: usize,
    rack: usize,
    enclosure: usize,
    array: usize,
    hall: usize,
}

impl NameWidths {
    fn of(scale: Scale) -> Self {
        Self {
            host: digits(scale.hosts()).max(3),
            vm: digits(scale.vms()).max(5),
            cluster: digits(scale.clusters()).max(3),
            vcenter: digits(scale.vcenters()).max(2),
            rack: digits(scale.racks()).max(2),
            enclosure: digits(scale.enclosures()).max(2),
            array: digits(scale.arrays()).max(2),
            hall: digits(scale.halls).max(2),
        }
    }
}

/// Decimal digits of a number.
fn digits(number: u32) -> usize {
    number.checked_ilog10().map_or(1, |log| log as usize + 1)
}

/// A count with its thousands separated: "372,480".
fn grouped(number: u32) -> String {
    let digits = number.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A VMworld 2009 datacenter taken back to ESX 3.5 U4 and VirtualCenter 2.5 U4, with the design's targets kept.
fn before_upgrade(mut project: Project, scale: Scale) -> Project {
    let esx35 = Release::new(3, 5).with_update(4);
    project.name = format!("{} (before the upgrade)", project.name);
    project.description = if scale.halls == 1 {
        "Generated: the VMworld 2009 lab datacenter as it would have stood on ESX 3.5 U4 and VirtualCenter 2.5 U4, to plan its upgrade.".to_owned()
    } else {
        format!(
            "Generated: {} halls like the VMworld 2009 lab datacenter as they would have stood on ESX 3.5 U4 and VirtualCenter 2.5 U4, to plan their upgrade.",
            scale.halls
        )
    };
    for vcenter in project.vcenters.values_mut() {
        vcenter.release = Release::new(2, 5).with_update(4);
        vcenter.build = None;
        vcenter.update_manager = None;
    }
    for host in project.hosts.values_mut() {
        host.target_release = Some(host.esx.release);
        host.esx.release = esx35;
        host.esx.build = 153_875;
        host.esx.patches.clear();
        host.licence = crate::model::LicenceEdition::Enterprise;
        for path in &mut host.lun_paths {
            path.policy = crate::model::PathPolicy::Fixed;
            path.rr_iops = None;
        }
    }
    let owners: std::collections::BTreeMap<_, _> = project
        .luns
        .iter()
        .map(|(&id, lun)| (id, lun.owner))
        .collect();
    for host in project.hosts.values_mut() {
        for path in &mut host.lun_paths {
            path.preferred = owners.get(&path.lun).copied();
        }
    }
    for vm in project.vms.values_mut() {
        vm.hw_version = Some(4);
        vm.ft = None;
    }
    for vswitch in project.vswitches.values_mut() {
        vswitch.kind = crate::model::VswitchKind::Standard;
    }
    for cluster in project.clusters.values_mut() {
        cluster.evc_mode = None;
        cluster.evc_mode_current = None;
        cluster.host_profiles = false;
    }
    project
}

fn vmworld2009_plan(scale: Scale) -> Project {
    let (name, description) = if scale.halls == 1 {
        (
            "VMworld 2009 lab datacenter".to_owned(),
            "Generated: 776 ESX 4.0 U1 hosts in 28 racks, 37,248 VMs, dual fabrics and EVA 8100s, as described for the VMworld 2009 self-paced labs.".to_owned(),
        )
    } else {
        (
            format!("VMworld 2009 lab datacenter x{}", scale.halls),
            format!(
                "Generated: {} halls like the VMworld 2009 lab datacenter, {} ESX 4.0 U1 hosts in {} racks, {} VMs, dual fabrics and EVA 8100s in every hall.",
                scale.halls,
                grouped(scale.hosts()),
                grouped(scale.racks()),
                grouped(scale.vms()),
            ),
        )
    };
    let mut p = Project {
        name,
        description,
        ..Project::default()
    };
    let networks = [
        ("Management", 10, true),
        ("vMotion", 20, true),
        ("FT-Logging", 30, true),
    ];
    for (i, (name, vlan, isolated)) in networks.iter().enumerate() {
        p.networks.insert(
            NetworkId(i as u32 + 1),
            Network {
                name: (*name).to_owned(),
                vlan: *vlan,
                isolated: *isolated,
                ..Network::default()
            },
        );
    }
    let widths = NameWidths::of(scale);
    for hall in 0..scale.halls {
        add_hall(&mut p, scale, &widths, hall);
    }
    p
}

/// Adds one hall, numbered `hall` from 0: its site, racks, SAN, arrays, vCenters, clusters, hosts, VMs and enclosures.
fn add_hall(p: &mut Project, scale: Scale, widths: &NameWidths, hall: u32) {
    use vmworld2009::*;
    // The hall's objects follow those of the halls before it.
    let rack_base = hall * RACKS;
    let array_base = hall * ARRAYS;
    let cluster_base = hall * CLUSTERS;
    let vcenter_base = hall * VCENTERS;
    let enclosure_base = hall * ENCLOSURES;
    let host_base = hall * HOSTS;
    // One name per hall for what every hall has one of; the 1x preset keeps its plain names.
    let in_hall = |name: &str| {
        if scale.halls == 1 {
            name.to_owned()
        } else {
            format!("{name}-hall{:0w$}", hall + 1, w = widths.hall)
        }
    };

    let site = SiteId(hall + 1);
    p.sites.insert(
        site,
        Site {
            name: if scale.halls == 1 {
                "Moscone Center".to_owned()
            } else {
                format!("Moscone Center hall {:0w$}", hall + 1, w = widths.hall)
            },
            location: "San Francisco".to_owned(),
            ..Site::default()
        },
    );
    for rack in rack_base + 1..=rack_base + RACKS {
        p.racks.insert(
            RackId(rack),
            Rack {
                name: format!("rack{rack:0w$}", w = widths.rack),
                site,
                ..Rack::default()
            },
        );
    }
    let fabric_a = FabricId(hall * 2 + 1);
    let fabric_b = FabricId(hall * 2 + 2);
    p.fabrics.insert(
        fabric_a,
        Fabric {
            name: in_hall("fabric-A"),
            side: FabricSide::A,
            site,
            ..Fabric::default()
        },
    );
    p.fabrics.insert(
        fabric_b,
        Fabric {
            name: in_hall("fabric-B"),
            side: FabricSide::B,
            site,
            ..Fabric::default()
        },
    );
    let switch_a = FcSwitchId(hall * 2 + 1);
    let switch_b = FcSwitchId(hall * 2 + 2);
    p.fc_switches.insert(
        switch_a,
        FcSwitch {
            name: in_hall("mds-a"),
            fabric: fabric_a,
            model: "Cisco MDS 9513".to_owned(),
            npiv: true,
            ..FcSwitch::default()
        },
    );
    p.fc_switches.insert(
        switch_b,
        FcSwitch {
            name: in_hall("mds-b"),
            fabric: fabric_b,
            model: "Cisco MDS 9513".to_owned(),
            npiv: true,
            ..FcSwitch::default()
        },
    );
    for array in array_base + 1..=array_base + ARRAYS {
        p.arrays.insert(
            crate::model::ArrayId(array),
            Array {
                name: format!("eva{array:0w$}", w = widths.array),
                model: "EVA 8100".to_owned(),
                site,
                firmware: "6.220".to_owned(),
                ports: [
                    (Controller::A, fabric_a),
                    (Controller::A, fabric_b),
                    (Controller::B, fabric_a),
                    (Controller::B, fabric_b),
                ]
                .into_iter()
                .map(|(controller, fabric)| ArrayPort { controller, fabric })
                .collect(),
                ..Array::default()
            },
        );
    }

    for vc in vcenter_base + 1..=vcenter_base + VCENTERS {
        p.vcenters.insert(
            VcenterId(vc),
            Vcenter {
                name: format!("vc{vc:0w$}", w = widths.vcenter),
                release: Release::new(4, 0).with_update(1),
                build: Some(208_111),
                site: Some(site),
                ssl_host_cert_check: true,
                database: "SQL Server 2005 SP2".to_owned(),
                linked_mode_group: None,
                ..Vcenter::default()
            },
        );
    }

    // Two enclosures per cluster pair: each 8-host cluster has 4 blades in each of two enclosures (CAP-04).
    let mut next_vm = host_base * VMS_PER_HOST + 1;
    let mut next_lun = cluster_base * LUNS_PER_CLUSTER + 1;
    for local_cluster in 0..CLUSTERS {
        let cluster_index = cluster_base + local_cluster;
        let cluster_number = format!("{:0w$}", cluster_index + 1, w = widths.cluster);
        let cluster = ClusterId(cluster_index + 1);
        let vcenter = VcenterId(vcenter_base + local_cluster / CLUSTERS_PER_VCENTER + 1);
        p.clusters.insert(
            cluster,
            Cluster {
                name: format!("lab-cl{cluster_number}"),
                vcenter: Some(vcenter),
                datacenter: "VMworld".to_owned(),
                ha: Ha {
                    enabled: true,
                    host_monitoring: true,
                    admission_control: AdmissionControl::Percentage {
                        cpu: 13,
                        memory: 13,
                    },
                    ..Ha::default()
                },
                drs: Drs {
                    enabled: true,
                    dpm: false,
                },
                evc_mode: Some("intel-nehalem".to_owned()),
                ..Cluster::default()
            },
        );
        // One lab network per cluster across the estate: VLANs 100 to 1,069 at ten halls.
        let lab_network = NetworkId(100 + cluster_index);
        p.networks.insert(
            lab_network,
            Network {
                name: format!("Lab-{cluster_number}"),
                vlan: 100 + cluster_index as u16,
                ..Network::default()
            },
        );

        // Four LUNs per cluster on one of the hall's EVAs, ownership alternating A/B.
        let array = crate::model::ArrayId(array_base + local_cluster % ARRAYS + 1);
        let mut cluster_luns = Vec::new();
        for l in 0..LUNS_PER_CLUSTER {
            let lun = LunId(next_lun);
            next_lun += 1;
            let owner = if l % 2 == 0 {
                Controller::A
            } else {
                Controller::B
            };
            p.luns.insert(
                lun,
                Lun {
                    name: format!("cl{cluster_number}-vmfs{:02}", l + 1),
                    array,
                    size_gb: LUN_GB,
                    owner,
                    preferred: if owner == Controller::A {
                        PreferredPath::AFailoverFailback
                    } else {
                        PreferredPath::BFailoverFailback
                    },
                    ..Lun::default()
                },
            );
            p.datastores.insert(
                DatastoreId(lun.0),
                Datastore {
                    name: format!("cl{cluster_number}-ds{:02}", l + 1),
                    kind: DatastoreKind::Vmfs { luns: vec![lun] },
                    ..Datastore::default()
                },
            );
            cluster_luns.push((lun, l as u16 + 1));
        }

        let mut cluster_hosts = Vec::new();
        for h in 0..HOSTS_PER_CLUSTER {
            let local_host = local_cluster * HOSTS_PER_CLUSTER + h;
            if local_host >= HOSTS {
                break;
            }
            let host_number = host_base + local_host;
            // Cluster pair k uses enclosures 2k+1 and 2k+2; within them, cluster c%4 takes bays 4(c%4)+1..+4.
            let pair = local_cluster / 4;
            let enclosure = EnclosureId(enclosure_base + pair * 2 + 1 + h / 4);
            let bay = (local_cluster % 4) as u8 * 4 + (h % 4) as u8 + 1;
            let host = HostId(host_number + 1);
            p.hosts.insert(
                host,
                blade_host(
                    format!("esx{:0w$}", host_number + 1, w = widths.host),
                    host_number,
                    cluster,
                    Placement::Blade { enclosure, bay },
                    fabric_a,
                    fabric_b,
                    &cluster_luns,
                ),
            );
            cluster_hosts.push(host);
        }
        p.vswitches.insert(
            VswitchId(cluster_index + 1),
            Vswitch {
                name: format!("dvs-cl{cluster_number}"),
                kind: VswitchKind::Distributed,
                hosts: cluster_hosts.clone(),
                networks: vec![NetworkId(1), NetworkId(2), NetworkId(3), lab_network],
                ..Vswitch::default()
            },
        );

        for (h, &host) in cluster_hosts.iter().enumerate() {
            for v in 0..VMS_PER_HOST {
                let vm = VmId(next_vm);
                next_vm += 1;
                let (lun, _) = cluster_luns[(v as usize) % cluster_luns.len()];
                // One FT-protected VM in every fourth cluster of a hall, its Secondary in the other enclosure.
                let ft = (local_cluster % 4 == 0 && h == 0 && v == 0).then(|| FtProtection {
                    secondary_host: cluster_hosts.get(4).copied(),
                });
                p.vms.insert(
                    vm,
                    lab_vm(
                        format!("lab{:0w$}", vm.0, w = widths.vm),
                        cluster,
                        host,
                        DatastoreId(lun.0),
                        lab_network,
                        v,
                        ft,
                    ),
                );
            }
        }
    }

    for local_enclosure in 1..=ENCLOSURES {
        let e = enclosure_base + local_enclosure;
        // 2 enclosures in most racks; the c7000 is 10U, 4 fit in a 42U rack.
        let rack = RackId(rack_base + (local_enclosure - 1) / 2 % RACKS + 1);
        let mut interconnects = BTreeMap::new();
        for bay in [1u8, 2] {
            interconnects.insert(
                bay,
                Interconnect {
                    kind: ModuleKind::VcFlex10,
                    model: "HP VC Flex-10 10Gb Enet".to_owned(),
                    firmware: "2.12".to_owned(),
                    ..Interconnect::default()
                },
            );
        }
        interconnects.insert(
            3,
            Interconnect {
                kind: ModuleKind::VcFc,
                model: "HP VC 4Gb FC".to_owned(),
                firmware: "1.32".to_owned(),
                fc_uplinks: vec![switch_a],
                ..Interconnect::default()
            },
        );
        interconnects.insert(
            4,
            Interconnect {
                kind: ModuleKind::VcFc,
                model: "HP VC 4Gb FC".to_owned(),
                firmware: "1.32".to_owned(),
                fc_uplinks: vec![switch_b],
                ..Interconnect::default()
            },
        );
        let enclosure_name = format!("enc{e:0w$}", w = widths.enclosure);
        // 256 MACs and WWNs per domain: the fifth octet counts enclosures, the fourth (sixth of the WWN) carries over.
        let (high, low) = (e / 256, e % 256);
        p.enclosures.insert(
            EnclosureId(e),
            Enclosure {
                name: enclosure_name.clone(),
                site,
                rack: Some(rack),
                serial: format!("USE9{e:0w$}XYZ", w = widths.enclosure.max(3)),
                oa_firmware: "2.60".to_owned(),
                interconnects,
                vc_domain: Some(VcDomain {
                    name: format!("vcd-{enclosure_name}"),
                    mac_range: format!("00-17-A4-{:02X}-{low:02X}-00/256", 0x77 + high),
                    wwn_range: format!("50:06:0B:00:00:{:02X}:{low:02X}:00/256", 0xC2 + high),
                    config_backup: true,
                    ..VcDomain::default()
                }),
                firmware_order: vec![
                    FirmwareComponent::OnboardAdministrator,
                    FirmwareComponent::BladeRomIlo,
                    FirmwareComponent::NicHba,
                    FirmwareComponent::VirtualConnect,
                ],
                ..Enclosure::default()
            },
        );
    }
}

/// A BL460c G6 blade; `number` counts hosts across the estate from 0 and gives its addresses.
fn blade_host(
    name: String,
    number: u32,
    cluster: ClusterId,
    placement: Placement,
    fabric_a: FabricId,
    fabric_b: FabricId,
    luns: &[(LunId, u16)],
) -> Host {
    let flexnic = |letter: &str, mbps: u32, traffic: Traffic, networks: Vec<NetworkId>| FlexNic {
        letter: letter.to_owned(),
        mbps,
        traffic: vec![traffic],
        networks,
        ..FlexNic::default()
    };
    let lom = |name: &str, bay: u8| NicPort {
        name: name.to_owned(),
        kind: NicKind::Flex10,
        interconnect_bay: Some(bay),
        flexnics: vec![
            flexnic("a", 500, Traffic::Management, vec![NetworkId(1)]),
            flexnic("b", 2500, Traffic::Vmotion, vec![NetworkId(2)]),
            flexnic("c", 2000, Traffic::FtLogging, vec![NetworkId(3)]),
            flexnic("d", 5000, Traffic::VmTraffic, vec![]),
        ],
        ..NicPort::default()
    };
    let octet3 = number / 250;
    let octet4 = number % 250 + 1;
    Host {
        name,
        placement,
        cluster: Some(cluster),
        vendor: "HP".to_owned(),
        model: "ProLiant BL460c G6".to_owned(),
        cpu: Cpu::xeon_e5540_pair(),
        memory_gb: 48,
        bios: Bios {
            hv: Some(true),
            nx_xd: Some(true),
            power_profile: Some(PowerProfile::StaticHighPerformance),
        },
        esx: EsxInstall {
            product: EsxProduct::Esx,
            release: Release::new(4, 0).with_update(1),
            build: 208_167,
            ..EsxInstall::default()
        },
        licence: LicenceEdition::EnterprisePlus,
        management_ip: format!("10.10.{octet3}.{octet4}"),
        nic_ports: vec![lom("LOM1", 1), lom("LOM2", 2)],
        // Management on the service console (VLAN 10), vMotion and FT logging on VMkernel ports (VLANs 20 and
        // 30), each on its own FlexNIC.
        management_interfaces: vec![ManagementInterface {
            kind: ManagementKind::ServiceConsole,
            name: "vswif0".to_owned(),
            ip: format!("10.10.{octet3}.{octet4}"),
            subnet: "10.10.0.0/16".to_owned(),
            gateway: Gateway::At("10.10.0.1".to_owned()),
            vlan: Some(10),
            network: Some(NetworkId(1)),
            uplink_mbps: Some(500),
            uplinks: vec!["bay1".to_owned(), "bay2".to_owned()],
        }],
        ntp_servers: vec!["10.10.0.2".to_owned(), "10.10.0.3".to_owned()],
        vmkernel_ports: [
            (VmkRole::Vmotion, 2500, "bay1"),
            (VmkRole::FtLogging, 2000, "bay2"),
        ]
        .into_iter()
        .zip(2u16..)
        .map(|((role, uplink_mbps, active), n)| VmkPort {
            name: format!("vmk{}", n - 2),
            roles: vec![role],
            ip: format!("10.{}.{octet3}.{octet4}", n * 10),
            subnet: format!("10.{}.0.0/16", n * 10),
            vlan: Some(n * 10),
            uplink_mbps,
            active_uplink: Some(active.to_owned()),
            network: Some(NetworkId(u32::from(n))),
            ..VmkPort::default()
        })
        .collect(),
        fc_ports: vec![
            FcPort {
                fabric: fabric_a,
                ..FcPort::default()
            },
            FcPort {
                fabric: fabric_b,
                ..FcPort::default()
            },
        ],
        lun_paths: luns
            .iter()
            .map(|&(lun, lun_number)| LunPath {
                lun,
                lun_number,
                policy: PathPolicy::RoundRobin,
                rr_iops: Some(1),
                ..LunPath::default()
            })
            .collect(),
        ..Host::default()
    }
}

/// A lab guest named `lab_name` and its role ("lab00001-esx").
fn lab_vm(
    lab_name: String,
    cluster: ClusterId,
    host: HostId,
    datastore: DatastoreId,
    network: NetworkId,
    slot: u32,
    ft: Option<FtProtection>,
) -> Vm {
    // Every lab is a small set of VMs: a nested ESX pair, a vCenter, a Windows and a Linux guest.
    let (role, guest, vcpus, memory_mb) = match slot % 6 {
        0 | 1 => ("esx", "VMware ESX 4.x", 2, 2048),
        2 => (
            "vc",
            "Microsoft Windows Server 2003 Standard (32-bit)",
            1,
            2048,
        ),
        3 => (
            "win",
            "Microsoft Windows Server 2003 Standard (32-bit)",
            1,
            1024,
        ),
        4 => ("rhel", "Red Hat Enterprise Linux 5 (64-bit)", 1, 1024),
        _ => ("db", "Microsoft Windows Server 2008 (64-bit)", 2, 4096),
    };
    let protected = ft.is_some();
    Vm {
        name: format!("{lab_name}-{role}"),
        cluster: Some(cluster),
        host: Some(host),
        vcpus: if protected { 1 } else { vcpus },
        memory_mb,
        memory_reservation_mb: if protected { memory_mb } else { 0 },
        hw_version: Some(7),
        guest_os: guest.to_owned(),
        disks: vec![Disk {
            label: "Hard disk 1".to_owned(),
            size_gb: if role == "esx" { 8 } else { 16 },
            format: if protected {
                DiskFormat::EagerZeroedThick
            } else {
                DiskFormat::Thin
            },
            datastore: Some(datastore),
            ..Disk::default()
        }],
        nics: vec![Vnic {
            network,
            adapter: crate::model::NicAdapter::E1000,
            ..Vnic::default()
        }],
        scsi_controllers: vec![ScsiController {
            kind: ScsiKind::LsiLogic,
            ..ScsiController::default()
        }],
        restart_priority: if protected {
            RestartPriority::High
        } else {
            RestartPriority::ClusterDefault
        },
        workload: protected.then_some(Workload {
            disk_read_mbytes_per_s: 4.0,
            net_in_mbps: 20.0,
            ..Workload::default()
        }),
        ft,
        ..Vm::default()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashSet};

    use super::*;

    /// Fails on the first name two objects of one kind share.
    fn assert_names_unique(plan: &Project) {
        fn unique<'a>(kind: &str, names: impl Iterator<Item = &'a String>) {
            let mut seen = HashSet::new();
            for name in names {
                assert!(seen.insert(name), "two {kind} are named {name}");
            }
        }
        unique("sites", plan.sites.values().map(|x| &x.name));
        unique("racks", plan.racks.values().map(|x| &x.name));
        unique("enclosures", plan.enclosures.values().map(|x| &x.name));
        unique(
            "VC domains",
            plan.enclosures
                .values()
                .filter_map(|x| x.vc_domain.as_ref())
                .map(|d| &d.name),
        );
        unique(
            "enclosure serials",
            plan.enclosures.values().map(|x| &x.serial),
        );
        unique("hosts", plan.hosts.values().map(|x| &x.name));
        unique(
            "host addresses",
            plan.hosts.values().map(|x| &x.management_ip),
        );
        unique("fabrics", plan.fabrics.values().map(|x| &x.name));
        unique("FC switches", plan.fc_switches.values().map(|x| &x.name));
        unique("arrays", plan.arrays.values().map(|x| &x.name));
        unique("LUNs", plan.luns.values().map(|x| &x.name));
        unique("datastores", plan.datastores.values().map(|x| &x.name));
        unique("networks", plan.networks.values().map(|x| &x.name));
        unique("vSwitches", plan.vswitches.values().map(|x| &x.name));
        unique("clusters", plan.clusters.values().map(|x| &x.name));
        unique("vCenters", plan.vcenters.values().map(|x| &x.name));
        unique("VMs", plan.vms.values().map(|x| &x.name));
    }

    /// Hosts and VMs registered with each vCenter, through their clusters.
    fn load_per_vcenter(plan: &Project) -> BTreeMap<VcenterId, (u32, u32)> {
        let mut load: BTreeMap<VcenterId, (u32, u32)> = BTreeMap::new();
        let vcenter_of = |cluster: Option<ClusterId>| {
            cluster
                .and_then(|c| plan.clusters.get(&c))
                .and_then(|c| c.vcenter)
                .expect("every generated host and VM is in a cluster under a vCenter")
        };
        for host in plan.hosts.values() {
            load.entry(vcenter_of(host.cluster)).or_default().0 += 1;
        }
        for vm in plan.vms.values() {
            load.entry(vcenter_of(vm.cluster)).or_default().1 += 1;
        }
        load
    }

    #[test]
    fn vmworld2009_matches_the_published_figures() {
        let plan = generate(Preset::Vmworld2009);
        assert_eq!(plan.hosts.len(), 776);
        assert_eq!(plan.vms.len(), 37_248);
        assert_eq!(plan.racks.len(), 28);
        assert!(plan.enclosures.len() >= 49);
        assert!(plan.clusters.len() >= 25);
        let cores: u32 = plan.hosts.values().map(|h| h.cpu.cores()).sum();
        assert_eq!(cores, 6_208);
        let tb: u32 = plan.luns.values().map(|l| l.size_gb).sum::<u32>() / 1000;
        assert!((340..=360).contains(&tb), "{tb} TB");
        assert!(crate::model::check_integrity(&plan).is_empty());
        assert_names_unique(&plan);
        // The names the 1x preset has always had: three-digit hosts, five-digit labs, two-digit racks.
        assert_eq!(plan.hosts[&HostId(1)].name, "esx001");
        assert_eq!(plan.vms[&VmId(37_248)].name, "lab37248-db");
        assert_eq!(plan.racks[&RackId(28)].name, "rack28");
        assert_eq!(plan.vcenters[&VcenterId(14)].name, "vc14");
        assert_eq!(plan.fabrics[&FabricId(1)].name, "fabric-A");
        assert_eq!(plan.sites[&SiteId(1)].name, "Moscone Center");
    }

    #[test]
    fn vmworld2009x10_is_ten_halls_within_the_vcenter_maximums() {
        let plan = generate(Preset::Vmworld2009x10);
        let scale = Scale::VMWORLD2009_X10;
        assert_eq!(plan.hosts.len(), 7_760);
        assert_eq!(plan.vms.len(), 372_480);
        assert_eq!(plan.racks.len(), 280);
        assert_eq!(plan.sites.len(), 10);
        assert_eq!(plan.arrays.len(), 80);
        assert_eq!(plan.clusters.len(), 970);
        assert_eq!(plan.luns.len(), 3_880);
        assert_eq!(plan.datastores.len(), 3_880);
        assert_eq!(plan.enclosures.len(), 500);
        assert_eq!(plan.vcenters.len(), 140);
        assert_eq!(
            (plan.hosts.len(), plan.vms.len(), plan.racks.len()),
            (
                scale.hosts() as usize,
                scale.vms() as usize,
                scale.racks() as usize
            )
        );
        // vSphere 4.0 configuration maximums: 300 hosts and 3,000 registered VMs per vCenter.
        let load = load_per_vcenter(&plan);
        assert_eq!(
            load.len(),
            plan.vcenters.len(),
            "every vCenter manages hosts"
        );
        for (vcenter, (hosts, vms)) in &load {
            assert!(*hosts <= 300, "{vcenter} has {hosts} hosts");
            assert!(*vms <= 3_000, "{vcenter} has {vms} VMs");
        }
        // Every rack, enclosure, array and vCenter stays in its own hall, next to what it serves.
        for enclosure in plan.enclosures.values() {
            let rack = enclosure.rack.expect("generated enclosures are racked");
            assert_eq!(plan.racks[&rack].site, enclosure.site, "{}", enclosure.name);
        }
        for host in plan.hosts.values() {
            let Placement::Blade { enclosure, .. } = host.placement else {
                panic!("{} is not a blade", host.name);
            };
            let site = plan.enclosures[&enclosure].site;
            let cluster = &plan.clusters[&host.cluster.expect("clustered")];
            let vcenter = &plan.vcenters[&cluster.vcenter.expect("managed")];
            assert_eq!(vcenter.site, Some(site), "{}", host.name);
            for path in &host.lun_paths {
                let array = &plan.arrays[&plan.luns[&path.lun].array];
                assert_eq!(array.site, site, "{}", host.name);
            }
            for port in &host.fc_ports {
                assert_eq!(plan.fabrics[&port.fabric].site, site, "{}", host.name);
            }
        }
        // Names are as wide as the largest number and sort as numbers do.
        assert_eq!(plan.hosts[&HostId(1)].name, "esx0001");
        assert_eq!(plan.hosts[&HostId(7_760)].name, "esx7760");
        assert_eq!(plan.vms[&VmId(1)].name, "lab000001-esx");
        assert_eq!(plan.racks[&RackId(280)].name, "rack280");
        assert_eq!(plan.vcenters[&VcenterId(1)].name, "vc001");
        let host_names: Vec<&String> = plan.hosts.values().map(|h| &h.name).collect();
        assert!(host_names.is_sorted(), "host names sort as their ids");
        let rack_names: Vec<&String> = plan.racks.values().map(|r| &r.name).collect();
        assert!(rack_names.is_sorted(), "rack names sort as their ids");
        assert_names_unique(&plan);
        let errors = crate::model::check_integrity(&plan);
        assert!(errors.is_empty(), "{:?}", &errors[..errors.len().min(5)]);
    }

    #[test]
    fn vmworld2009x10_esx35_is_the_same_estate_before_its_upgrade() {
        let before = generate(Preset::Vmworld2009x10Esx35);
        assert_eq!(before.hosts.len(), 7_760);
        assert_eq!(before.vms.len(), 372_480);
        assert_eq!(
            before.name,
            "VMworld 2009 lab datacenter x10 (before the upgrade)"
        );
        let esx35 = Release::new(3, 5).with_update(4);
        let releases: BTreeSet<Release> = before.hosts.values().map(|h| h.esx.release).collect();
        assert_eq!(releases, BTreeSet::from([esx35]));
        assert!(
            before
                .hosts
                .values()
                .all(|h| h.target_release == Some(Release::new(4, 0).with_update(1)))
        );
        assert!(
            before
                .vcenters
                .values()
                .all(|v| v.release == Release::new(2, 5).with_update(4))
        );
        assert!(before.vms.values().all(|vm| vm.hw_version == Some(4)));
        assert!(crate::model::check_integrity(&before).is_empty());
    }

    #[test]
    fn unknown_presets_are_refused_with_the_known_names() {
        for (name, preset) in Preset::ALL {
            assert_eq!(name.parse::<Preset>(), Ok(preset));
        }
        let refusal = "vmworld2009x100"
            .parse::<Preset>()
            .expect_err("not a preset");
        assert!(
            refusal
                .contains("vmworld2009, vmworld2009-esx35, vmworld2009x10, vmworld2009x10-esx35"),
            "{refusal}"
        );
    }

    #[test]
    fn name_widths_fit_the_counts() {
        assert_eq!(digits(0), 1);
        assert_eq!(digits(9), 1);
        assert_eq!(digits(10), 2);
        assert_eq!(digits(372_480), 6);
        assert_eq!(grouped(7), "7");
        assert_eq!(grouped(7_760), "7,760");
        assert_eq!(grouped(372_480), "372,480");
        assert_eq!(grouped(1_000_000), "1,000,000");
    }
}
