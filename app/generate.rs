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
}

impl std::str::FromStr for Preset {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name {
            "vmworld2009" => Ok(Self::Vmworld2009),
            "vmworld2009-esx35" => Ok(Self::Vmworld2009Esx35),
            other => Err(format!(
                "unknown preset `{other}`; known presets: vmworld2009, vmworld2009-esx35"
            )),
        }
    }
}

/// The published figures of the VMworld 2009 datacenter.
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
}

/// Builds the plan of a preset.
pub fn generate(preset: Preset) -> Project {
    match preset {
        Preset::Vmworld2009 => vmworld2009_plan(),
        Preset::Vmworld2009Esx35 => before_upgrade(vmworld2009_plan()),
    }
}

/// A vSphere 4 estate taken back to ESX 3.5 U4 and VirtualCenter 2.5 U4, with the design's targets kept.
fn before_upgrade(mut project: Project) -> Project {
    let esx35 = Release::new(3, 5).with_update(4);
    project.name = "VMworld 2009 lab datacenter (before the upgrade)".to_owned();
    project.description = "Generated: the VMworld 2009 lab datacenter as it would have stood on ESX 3.5 U4 and VirtualCenter 2.5 U4, to plan its upgrade.".to_owned();
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

fn vmworld2009_plan() -> Project {
    use vmworld2009::*;
    let mut p = Project {
        name: "VMworld 2009 lab datacenter".to_owned(),
        description: "Generated: 776 ESX 4.0 U1 hosts in 28 racks, 37,248 VMs, dual fabrics and EVA 8100s, as described for the VMworld 2009 self-paced labs.".to_owned(),
        ..Project::default()
    };
    let site = SiteId(1);
    p.sites.insert(
        site,
        Site {
            name: "Moscone Center".to_owned(),
            location: "San Francisco".to_owned(),
            ..Site::default()
        },
    );
    for rack in 1..=RACKS {
        p.racks.insert(
            RackId(rack),
            Rack {
                name: format!("rack{rack:02}"),
                site,
                ..Rack::default()
            },
        );
    }
    let fabric_a = FabricId(1);
    let fabric_b = FabricId(2);
    p.fabrics.insert(
        fabric_a,
        Fabric {
            name: "fabric-A".to_owned(),
            side: FabricSide::A,
            site,
            ..Fabric::default()
        },
    );
    p.fabrics.insert(
        fabric_b,
        Fabric {
            name: "fabric-B".to_owned(),
            side: FabricSide::B,
            site,
            ..Fabric::default()
        },
    );
    p.fc_switches.insert(
        FcSwitchId(1),
        FcSwitch {
            name: "mds-a".to_owned(),
            fabric: fabric_a,
            model: "Cisco MDS 9513".to_owned(),
            npiv: true,
            ..FcSwitch::default()
        },
    );
    p.fc_switches.insert(
        FcSwitchId(2),
        FcSwitch {
            name: "mds-b".to_owned(),
            fabric: fabric_b,
            model: "Cisco MDS 9513".to_owned(),
            npiv: true,
            ..FcSwitch::default()
        },
    );
    for array in 1..=ARRAYS {
        p.arrays.insert(
            crate::model::ArrayId(array),
            Array {
                name: format!("eva{array:02}"),
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

    let hosts_total = HOSTS;
    let clusters = hosts_total.div_ceil(HOSTS_PER_CLUSTER);
    let vcenters = clusters.div_ceil(CLUSTERS_PER_VCENTER);
    for vc in 1..=vcenters {
        p.vcenters.insert(
            VcenterId(vc),
            Vcenter {
                name: format!("vc{vc:02}"),
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
    let mut next_vm = 1u32;
    let mut next_lun = 1u32;
    for cluster_index in 0..clusters {
        let cluster = ClusterId(cluster_index + 1);
        let vcenter = VcenterId(cluster_index / CLUSTERS_PER_VCENTER + 1);
        p.clusters.insert(
            cluster,
            Cluster {
                name: format!("lab-cl{:03}", cluster_index + 1),
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
        let lab_network = NetworkId(100 + cluster_index);
        p.networks.insert(
            lab_network,
            Network {
                name: format!("Lab-{:03}", cluster_index + 1),
                vlan: 100 + cluster_index as u16,
                ..Network::default()
            },
        );

        // Four LUNs per cluster on one EVA, ownership alternating A/B.
        let array = crate::model::ArrayId(cluster_index % ARRAYS + 1);
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
                    name: format!("cl{:03}-vmfs{:02}", cluster_index + 1, l + 1),
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
                    name: format!("cl{:03}-ds{:02}", cluster_index + 1, l + 1),
                    kind: DatastoreKind::Vmfs { luns: vec![lun] },
                    ..Datastore::default()
                },
            );
            cluster_luns.push((lun, l as u16 + 1));
        }

        let mut cluster_hosts = Vec::new();
        for h in 0..HOSTS_PER_CLUSTER {
            let host_number = cluster_index * HOSTS_PER_CLUSTER + h;
            if host_number >= hosts_total {
                break;
            }
            // Cluster pair k uses enclosures 2k+1 and 2k+2; within them, cluster c%4 takes bays 4(c%4)+1..+4.
            let pair = cluster_index / 4;
            let enclosure = EnclosureId(pair * 2 + 1 + h / 4);
            let bay = (cluster_index % 4) as u8 * 4 + (h % 4) as u8 + 1;
            let host = HostId(host_number + 1);
            p.hosts.insert(
                host,
                blade_host(
                    host_number,
                    cluster,
                    enclosure,
                    bay,
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
                name: format!("dvs-cl{:03}", cluster_index + 1),
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
                // One FT-protected VM in every fourth cluster, its Secondary in the other enclosure.
                let ft = (cluster_index % 4 == 0 && h == 0 && v == 0).then(|| FtProtection {
                    secondary_host: cluster_hosts.get(4).copied(),
                });
                p.vms.insert(
                    vm,
                    lab_vm(vm, cluster, host, DatastoreId(lun.0), lab_network, v, ft),
                );
            }
        }
    }

    let enclosures = hosts_total.div_ceil(HOSTS_PER_CLUSTER * 4) * 2;
    for e in 1..=enclosures {
        // 2 enclosures in most racks; the c7000 is 10U, 4 fit in a 42U rack.
        let rack = RackId((e - 1) / 2 % RACKS + 1);
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
                fc_uplinks: vec![FcSwitchId(1)],
                ..Interconnect::default()
            },
        );
        interconnects.insert(
            4,
            Interconnect {
                kind: ModuleKind::VcFc,
                model: "HP VC 4Gb FC".to_owned(),
                firmware: "1.32".to_owned(),
                fc_uplinks: vec![FcSwitchId(2)],
                ..Interconnect::default()
            },
        );
        p.enclosures.insert(
            EnclosureId(e),
            Enclosure {
                name: format!("enc{e:02}"),
                site,
                rack: Some(rack),
                serial: format!("USE9{e:03}XYZ"),
                oa_firmware: "2.60".to_owned(),
                interconnects,
                vc_domain: Some(VcDomain {
                    name: format!("vcd-enc{e:02}"),
                    mac_range: format!("00-17-A4-77-{:02X}-00/256", e),
                    wwn_range: format!("50:06:0B:00:00:C2:{:02X}:00/256", e),
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
    p
}

fn blade_host(
    number: u32,
    cluster: ClusterId,
    enclosure: EnclosureId,
    bay: u8,
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
        name: format!("esx{:03}", number + 1),
        placement: Placement::Blade { enclosure, bay },
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

fn lab_vm(
    id: VmId,
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
        name: format!("lab{:05}-{role}", id.0),
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
    use super::*;

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
    }
}
