//! A synthetic RVTools workbook of a 2009-era estate, for the importer's tests and benchmarks: HP ProLiant BL460c
//! G6 blades with Xeon X5570s running ESX 3.5 and 4.0, clusters of 16 hosts, some 40 VMs per host, under one
//! VirtualCenter.
//!
//! The tabs and their columns follow RVTools 3.x (vInfo has about 30 columns, custom attributes `owner` and
//! `backup-policy` between the standard ones), and every value is a function of the row's index: the same call
//! writes the same workbook, with no randomness. What a test can expect from `write_synthetic_export(path, vms)`:
//!
//! - `vms` VMs; `vms.div_ceil(40)` hosts (VM `i` runs on host `i % hosts`); `hosts.div_ceil(16)` clusters (host
//!   `h` in cluster `h / 16`) in two datacenters (cluster `c` in `DC-West` when `c` is even, else `DC-East`);
//! - vDisk: `1 + i % 3` disks for VM `i`; vNetwork: `1 + i % 2` NICs, each naming its port group;
//! - vCluster: one row per cluster; vDatastore: four datastores per cluster; vSource: one VirtualCenter 2.5;
//! - every row is importable: no empty names, and the detail tabs carry the VM UUIDs of vInfo.

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

/// VMs per host, as the generator places them.
const VMS_PER_HOST: usize = 40;
/// Hosts per cluster.
const HOSTS_PER_CLUSTER: usize = 16;
/// VMFS datastores per cluster.
const DATASTORES_PER_CLUSTER: usize = 4;

const VCENTER: &str = "vc01.corp.example.com";
const VCENTER_FULLNAME: &str = "VMware VirtualCenter 2.5.0 build-227637";

/// A cell value.
enum Val {
    Str(&'static str),
    Text(String),
    Num(f64),
    /// An Excel serial date-time, written with a date format.
    Date(f64),
    Empty,
}

fn yes_no(value: bool) -> Val {
    Val::Str(if value { "True" } else { "False" })
}

fn num(value: impl Into<f64>) -> Val {
    Val::Num(value.into())
}

/// A row of (header, value) pairs: the header row is the first column of any row.
type Cells = Vec<(&'static str, Val)>;

/// The shape of the estate, from the VM count.
struct Estate {
    vms: usize,
    hosts: usize,
    clusters: usize,
}

impl Estate {
    fn new(vms: usize) -> Self {
        let hosts = vms.div_ceil(VMS_PER_HOST).max(1);
        Self {
            vms,
            hosts,
            clusters: hosts.div_ceil(HOSTS_PER_CLUSTER),
        }
    }
}

fn datacenter(cluster: usize) -> &'static str {
    if cluster.is_multiple_of(2) {
        "DC-West"
    } else {
        "DC-East"
    }
}

fn cluster_name(cluster: usize) -> String {
    format!("CL{:03}", cluster + 1)
}

/// Clusters with an even index run ESX 3.5 Update 4, the others ESX 4.0 Update 1.
fn runs_esx4(cluster: usize) -> bool {
    !cluster.is_multiple_of(2)
}

fn host_name(host: usize) -> String {
    format!("esx{:04}.corp.example.com", host + 1)
}

fn datastore_name(cluster: usize, index: usize) -> String {
    format!("{}-vmfs-{:02}", cluster_name(cluster), index + 1)
}

/// A fixed linear congruential generator step, for values that should look scattered but stay deterministic.
fn scatter(seed: u64) -> u64 {
    seed.wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407)
        >> 16
}

/// What the generator knows about VM `i`.
struct VmFacts {
    index: usize,
    name: String,
    host: usize,
    cluster: usize,
    vcpus: u32,
    memory_mb: u32,
    powered_on: bool,
    template: bool,
    uuid: String,
}

impl VmFacts {
    fn new(estate: &Estate, index: usize) -> Self {
        const ROLES: [&str; 8] = ["web", "app", "db", "file", "mail", "dc", "sql", "ts"];
        const VCPUS: [u32; 8] = [1, 1, 2, 2, 4, 1, 2, 4];
        const MEMORY: [u32; 8] = [1024, 2048, 4096, 8192, 16384, 2048, 4096, 3072];
        let host = index % estate.hosts;
        let cluster = host / HOSTS_PER_CLUSTER;
        let template = index % 50 == 49;
        let r = scatter(index as u64);
        Self {
            index,
            name: format!("{}{:05}", ROLES[index % ROLES.len()], index + 1),
            host,
            cluster,
            vcpus: VCPUS[index % VCPUS.len()],
            memory_mb: MEMORY[(index / 3) % MEMORY.len()],
            powered_on: !template && index % 10 != 9,
            template,
            uuid: format!(
                "4201{:04x}-{:04x}-{:04x}-{:04x}-{:012x}",
                index & 0xffff,
                (r >> 32) & 0xffff,
                (r >> 16) & 0xffff,
                r & 0xffff,
                index
            ),
        }
    }

    fn esx4(&self) -> bool {
        runs_esx4(self.cluster)
    }

    fn disks(&self) -> usize {
        1 + self.index % 3
    }

    fn nics(&self) -> usize {
        1 + self.index % 2
    }

    fn network(&self, nic: usize) -> String {
        if nic == 0 {
            format!("VLAN{}-Prod", 100 + self.index % 12)
        } else {
            "VLAN900-Backup".to_owned()
        }
    }

    fn os(&self) -> &'static str {
        match self.index % 5 {
            0 | 1 => "Microsoft Windows Server 2003 Standard (32-bit)",
            2 => "Microsoft Windows Server 2008 (64-bit)",
            3 => "Red Hat Enterprise Linux 5 (64-bit)",
            _ => "SUSE Linux Enterprise 10 (32-bit)",
        }
    }

    fn datastore(&self) -> String {
        datastore_name(self.cluster, self.index % DATASTORES_PER_CLUSTER)
    }

    fn vm_id(&self) -> String {
        format!("vm-{}", 1000 + self.index)
    }

    /// The columns every per-VM tab ends with, as RVTools writes them.
    fn trailer(&self, cells: &mut Cells) {
        cells.extend([
            ("Annotation", Val::Empty),
            ("owner", Val::Text(format!("team-{}", self.index % 7))),
            (
                "backup-policy",
                Val::Str(["gold", "silver", "bronze", "none"][self.index % 4]),
            ),
            ("Datacenter", Val::Str(datacenter(self.cluster))),
            ("Cluster", Val::Text(cluster_name(self.cluster))),
            ("Host", Val::Text(host_name(self.host))),
            (
                "OS according to the configuration file",
                Val::Str(self.os()),
            ),
            ("VM ID", Val::Text(self.vm_id())),
            ("VM UUID", Val::Text(self.uuid.clone())),
            ("VI SDK Server", Val::Str(VCENTER)),
        ]);
    }
}

fn vinfo(vm: &VmFacts) -> Cells {
    let power = Val::Str(if vm.powered_on {
        "poweredOn"
    } else {
        "poweredOff"
    });
    let provisioned = 20_480.0 * vm.disks() as f64 + f64::from(vm.memory_mb);
    vec![
        ("VM", Val::Text(vm.name.clone())),
        ("Powerstate", power),
        ("Template", yes_no(vm.template)),
        ("Config status", Val::Str("green")),
        (
            "DNS Name",
            Val::Text(format!("{}.corp.example.com", vm.name)),
        ),
        ("Connection state", Val::Str("connected")),
        (
            "Guest state",
            Val::Str(if vm.powered_on {
                "running"
            } else {
                "notRunning"
            }),
        ),
        (
            "Heartbeat",
            Val::Str(if vm.powered_on { "green" } else { "gray" }),
        ),
        (
            "PowerOn",
            if vm.powered_on {
                // 2009-06-01 plus up to 180 days.
                Val::Date(39_965.0 + (vm.index % 180) as f64 + 0.375)
            } else {
                Val::Empty
            },
        ),
        ("CPUs", num(vm.vcpus)),
        ("Memory", num(vm.memory_mb)),
        ("NICs", num(vm.nics() as u32)),
        ("Disks", num(vm.disks() as u32)),
        ("Network #1", Val::Text(vm.network(0))),
        (
            "Network #2",
            if vm.nics() > 1 {
                Val::Text(vm.network(1))
            } else {
                Val::Empty
            },
        ),
        (
            "Resource pool",
            Val::Text(format!(
                "/{}/{}/Resources",
                datacenter(vm.cluster),
                cluster_name(vm.cluster)
            )),
        ),
        ("Folder", Val::Str("Production")),
        ("FT State", Val::Str("notConfigured")),
        ("FT Role", Val::Empty),
        ("Provisioned MB", num(provisioned)),
        ("In Use MB", num((provisioned * 0.6).round())),
        ("HW version", num(if vm.esx4() { 7 } else { 4 })),
        ("Annotation", Val::Empty),
        ("owner", Val::Text(format!("team-{}", vm.index % 7))),
        (
            "backup-policy",
            Val::Str(["gold", "silver", "bronze", "none"][vm.index % 4]),
        ),
        ("Datacenter", Val::Str(datacenter(vm.cluster))),
        ("Cluster", Val::Text(cluster_name(vm.cluster))),
        ("Host", Val::Text(host_name(vm.host))),
        ("OS according to the configuration file", Val::Str(vm.os())),
        (
            "OS according to the VMware Tools",
            if vm.powered_on {
                Val::Str(vm.os())
            } else {
                Val::Empty
            },
        ),
        ("VM ID", Val::Text(vm.vm_id())),
        ("VM UUID", Val::Text(vm.uuid.clone())),
        (
            "VI SDK Server type",
            Val::Str("VMware VirtualCenter Server"),
        ),
        ("VI SDK API Version", Val::Str("2.5")),
        ("VI SDK Server", Val::Str(VCENTER)),
    ]
}

fn vcpu(vm: &VmFacts) -> Cells {
    let mut cells = vec![
        ("VM", Val::Text(vm.name.clone())),
        ("Powerstate", power_state(vm)),
        ("Template", yes_no(vm.template)),
        ("CPUs", num(vm.vcpus)),
        ("Sockets", num(vm.vcpus)),
        ("Cores p/s", num(1)),
        ("Max", num(2933 * vm.vcpus)),
        ("Overall", num(if vm.powered_on { 120 } else { 0 })),
        ("Level", Val::Str("normal")),
        ("Shares", num(1000 * vm.vcpus)),
        ("Reservation", num(0)),
        ("Limit", num(-1)),
        ("Hot Add", yes_no(false)),
    ];
    vm.trailer(&mut cells);
    cells
}

fn vmemory(vm: &VmFacts) -> Cells {
    let mut cells = vec![
        ("VM", Val::Text(vm.name.clone())),
        ("Powerstate", power_state(vm)),
        ("Template", yes_no(vm.template)),
        ("Size MB", num(vm.memory_mb)),
        ("Overhead", num(if vm.powered_on { 96 } else { 0 })),
        ("Max", num(vm.memory_mb)),
        (
            "Consumed",
            num(if vm.powered_on { vm.memory_mb / 2 } else { 0 }),
        ),
        ("Level", Val::Str("normal")),
        ("Shares", num(10 * vm.memory_mb)),
        (
            "Reservation",
            num(if vm.index % 8 == 2 {
                vm.memory_mb / 2
            } else {
                0
            }),
        ),
        ("Limit", num(-1)),
        ("Hot Add", yes_no(false)),
    ];
    vm.trailer(&mut cells);
    cells
}

fn vdisk(vm: &VmFacts, disk: usize) -> Cells {
    let capacity = [20_480, 51_200, 102_400][disk % 3] + 1024 * (vm.index % 4);
    let path = if disk == 0 {
        format!("[{}] {}/{}.vmdk", vm.datastore(), vm.name, vm.name)
    } else {
        format!("[{}] {}/{}_{disk}.vmdk", vm.datastore(), vm.name, vm.name)
    };
    let mut cells = vec![
        ("VM", Val::Text(vm.name.clone())),
        ("Powerstate", power_state(vm)),
        ("Template", yes_no(vm.template)),
        ("Disk", Val::Text(format!("Hard disk {}", disk + 1))),
        ("Capacity MB", num(capacity as u32)),
        ("Raw", yes_no(false)),
        ("Disk Mode", Val::Str("persistent")),
        ("Thin", yes_no(vm.index % 6 == 5)),
        ("Eagerly Scrub", yes_no(false)),
        ("Split", yes_no(false)),
        ("Write Through", yes_no(false)),
        (
            "Controller",
            Val::Str(if vm.esx4() && vm.index.is_multiple_of(4) {
                "LSI Logic SAS"
            } else {
                "LSI Logic"
            }),
        ),
        ("Unit #", num(disk as u32)),
        ("Shared Bus", Val::Str("noSharing")),
        ("Path", Val::Text(path)),
        ("Raw LUN ID", Val::Empty),
        ("Raw Comp. Mode", Val::Empty),
    ];
    vm.trailer(&mut cells);
    cells
}

fn vnetwork(vm: &VmFacts, nic: usize) -> Cells {
    const ADAPTERS: [&str; 4] = ["E1000", "Vmxnet3", "Flexible", "Vmxnet2"];
    let adapter = if vm.esx4() {
        ADAPTERS[(vm.index + nic) % 4]
    } else {
        ADAPTERS[[0, 2, 3][(vm.index + nic) % 3]]
    };
    let mut cells = vec![
        ("VM", Val::Text(vm.name.clone())),
        ("Powerstate", power_state(vm)),
        ("Template", yes_no(vm.template)),
        (
            "NIC label",
            Val::Text(format!("Network adapter {}", nic + 1)),
        ),
        ("Adapter", Val::Str(adapter)),
        ("Network", Val::Text(vm.network(nic))),
        ("Switch", Val::Str("vSwitch0")),
        ("Connected", yes_no(vm.powered_on)),
        ("Starts Connected", yes_no(true)),
        (
            "Mac Address",
            Val::Text(format!(
                "00:50:56:{:02x}:{:02x}:{:02x}",
                (vm.index >> 16) & 0x3f,
                (vm.index >> 8) & 0xff,
                ((vm.index & 0x7f) << 1) | nic
            )),
        ),
        ("Type", Val::Str("assigned")),
        (
            "IP Address",
            if vm.powered_on {
                Val::Text(format!(
                    "10.{}.{}.{}",
                    100 + vm.index % 12 + 100 * nic,
                    (vm.index / 250) % 250,
                    1 + vm.index % 250
                ))
            } else {
                Val::Empty
            },
        ),
    ];
    vm.trailer(&mut cells);
    cells
}

fn power_state(vm: &VmFacts) -> Val {
    Val::Str(if vm.powered_on {
        "poweredOn"
    } else {
        "poweredOff"
    })
}

fn vhost(estate: &Estate, host: usize) -> Cells {
    let cluster = host / HOSTS_PER_CLUSTER;
    // VM `i` runs on host `i % hosts`.
    let vms = estate.vms.saturating_sub(host).div_ceil(estate.hosts);
    let esx4 = runs_esx4(cluster);
    let memory_mb = if host.is_multiple_of(3) {
        98_304
    } else {
        73_728
    };
    vec![
        ("Host", Val::Text(host_name(host))),
        ("Datacenter", Val::Str(datacenter(cluster))),
        ("Cluster", Val::Text(cluster_name(cluster))),
        ("Config status", Val::Str("green")),
        (
            "CPU Model",
            Val::Str("Intel(R) Xeon(R) CPU           X5570  @ 2.93GHz"),
        ),
        ("Speed", num(2933)),
        ("HT Available", yes_no(true)),
        ("HT Active", yes_no(true)),
        ("# CPU", num(2)),
        ("Cores per CPU", num(4)),
        ("# Cores", num(8)),
        ("CPU usage %", num((scatter(host as u64) % 60) as u32 + 10)),
        ("# Memory", num(memory_mb)),
        (
            "Memory usage %",
            num((scatter(host as u64 + 7) % 50) as u32 + 30),
        ),
        ("Console", num(if esx4 { 300 } else { 272 })),
        ("# NICs", num(4)),
        ("# HBAs", num(2)),
        ("# VMs", num(vms as u32)),
        ("VMotion support", yes_no(true)),
        ("Storage VMotion support", yes_no(true)),
        (
            "Current EVC",
            if esx4 {
                Val::Str("intel-nehalem")
            } else {
                Val::Empty
            },
        ),
        ("Max EVC", Val::Str("intel-nehalem")),
        ("Boot time", Val::Date(39_990.0 + (host % 30) as f64 + 0.1)),
        ("DNS Servers", Val::Str("10.0.0.10, 10.0.0.11")),
        ("DHCP", yes_no(false)),
        ("Domain", Val::Str("corp.example.com")),
        ("NTPD running", yes_no(true)),
        ("Vendor", Val::Str("HP")),
        ("Model", Val::Str("ProLiant BL460c G6")),
        (
            "Serial number",
            Val::Text(format!("CZJ9{:06}", 100_000 + host)),
        ),
        ("BIOS Vendor", Val::Str("HP")),
        ("BIOS Version", Val::Str("I24")),
        (
            "ESX Version",
            Val::Str(if esx4 {
                "VMware ESX 4.0.0 build-208167"
            } else {
                "VMware ESX 3.5.0 build-153875"
            }),
        ),
        ("VI SDK Server", Val::Str(VCENTER)),
    ]
}

fn vcluster(estate: &Estate, cluster: usize) -> Cells {
    let first = cluster * HOSTS_PER_CLUSTER;
    let hosts = estate.hosts.min(first + HOSTS_PER_CLUSTER) - first;
    let hosts = hosts as u32;
    vec![
        ("Name", Val::Text(cluster_name(cluster))),
        ("Config status", Val::Str("green")),
        ("OverallStatus", Val::Str("green")),
        ("NumHosts", num(hosts)),
        ("numEffectiveHosts", num(hosts)),
        ("TotalCpu", num(hosts * 8 * 2933)),
        ("NumCpuCores", num(hosts * 8)),
        ("NumCpuThreads", num(hosts * 16)),
        (
            "TotalMemory",
            num(f64::from(hosts) * 73_728.0 * 1_048_576.0),
        ),
        ("Num VMotions", num(hosts * 37)),
        ("HA enabled", yes_no(true)),
        ("Failover Level", num(1 + cluster as u32 % 2)),
        ("AdmissionControlEnabled", yes_no(true)),
        ("Host monitoring", Val::Str("enabled")),
        ("Isolation Response", Val::Str("powerOff")),
        ("Restart Priority", Val::Str("medium")),
        ("DRS enabled", yes_no(true)),
        ("DRS default VM behavior", Val::Str("fullyAutomated")),
        ("DRS vmotion rate", num(3)),
        ("DPM enabled", yes_no(false)),
        ("VI SDK Server", Val::Str(VCENTER)),
    ]
}

fn vdatastore(estate: &Estate, cluster: usize, index: usize) -> Cells {
    let first = cluster * HOSTS_PER_CLUSTER;
    let last = estate.hosts.min(first + HOSTS_PER_CLUSTER);
    let hosts: Vec<String> = (first..last).map(host_name).collect();
    let capacity = 512_000 + 102_400 * (index as u32 % 3);
    vec![
        ("Name", Val::Text(datastore_name(cluster, index))),
        ("Config status", Val::Str("green")),
        ("Address", Val::Empty),
        ("Accessible", yes_no(true)),
        ("Type", Val::Str("VMFS")),
        ("Capacity MB", num(capacity)),
        ("Provisioned MB", num(capacity / 10 * 9)),
        ("In Use MB", num(capacity / 10 * 7)),
        ("Free MB", num(capacity / 10 * 3)),
        ("Free %", num(30)),
        ("# Hosts", num(hosts.len() as u32)),
        ("Hosts", Val::Text(hosts.join(", "))),
        ("Block size", num(if index == 0 { 8 } else { 1 })),
        ("Major Version", num(3)),
        ("Version", Val::Str("3.33")),
        (
            "URL",
            Val::Text(format!(
                "sanfs://vmfs/volumes/4a1b{:04x}-{:08x}/",
                cluster * 16 + index,
                scatter((cluster * 16 + index) as u64) & 0xffff_ffff
            )),
        ),
        ("VI SDK Server", Val::Str(VCENTER)),
    ]
}

fn vsource() -> Cells {
    vec![
        ("Name", Val::Str(VCENTER)),
        ("OS type", Val::Str("win32-x86")),
        ("API type", Val::Str("VirtualCenter")),
        ("API version", Val::Str("2.5")),
        ("Version", Val::Str("2.5.0")),
        ("Patch level", Val::Empty),
        ("Build", Val::Str("227637")),
        ("Fullname", Val::Str(VCENTER_FULLNAME)),
        ("Product name", Val::Str("VMware VirtualCenter")),
        ("Product version", Val::Str("2.5")),
        ("Product line", Val::Str("vpx")),
        ("Vendor", Val::Str("VMware, Inc.")),
        ("VI SDK Server", Val::Str(VCENTER)),
    ]
}

/// Writes rows to one worksheet, the header row first (taken from the first row's column names).
struct Sheet<'w> {
    sheet: &'w mut Worksheet,
    date: &'w Format,
    next_row: u32,
}

impl<'w> Sheet<'w> {
    fn new(workbook: &'w mut Workbook, name: &str, date: &'w Format) -> Result<Self, XlsxError> {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name)?;
        Ok(Self {
            sheet,
            date,
            next_row: 0,
        })
    }

    /// Writes the header row from a row's column names.
    fn header(&mut self, cells: &Cells) -> Result<(), XlsxError> {
        for (column, (header, _)) in (0_u16..).zip(cells) {
            self.sheet.write_string(0, column, *header)?;
        }
        self.next_row = 1;
        Ok(())
    }

    fn row(&mut self, cells: &Cells) -> Result<(), XlsxError> {
        if self.next_row == 0 {
            self.header(cells)?;
        }
        let row = self.next_row;
        for (column, (_, value)) in (0_u16..).zip(cells) {
            match value {
                Val::Str(text) => {
                    self.sheet.write_string(row, column, *text)?;
                }
                Val::Text(text) => {
                    self.sheet.write_string(row, column, text)?;
                }
                Val::Num(number) => {
                    self.sheet.write_number(row, column, *number)?;
                }
                Val::Date(serial) => {
                    let date = ExcelDateTime::from_serial_datetime(*serial)?;
                    self.sheet
                        .write_datetime_with_format(row, column, &date, self.date)?;
                }
                Val::Empty => {}
            }
        }
        self.next_row += 1;
        Ok(())
    }
}

/// Writes an RVTools workbook of `vms` VMs to `path` (see the module documentation for what it holds).
pub fn write_synthetic_export(path: &Path, vms: usize) -> Result<(), XlsxError> {
    let estate = Estate::new(vms);
    let date = Format::new().set_num_format("yyyy/mm/dd hh:mm:ss");
    let mut workbook = Workbook::new();
    let facts: Vec<VmFacts> = (0..vms).map(|i| VmFacts::new(&estate, i)).collect();
    // With no VMs, the per-VM tabs still get their header row.
    let header_only = VmFacts::new(&estate, 0);

    type VmTab = fn(&VmFacts) -> Cells;
    let per_vm: [(&str, VmTab); 3] = [("vInfo", vinfo), ("vCPU", vcpu), ("vMemory", vmemory)];
    for (name, cells) in per_vm {
        let mut sheet = Sheet::new(&mut workbook, name, &date)?;
        if facts.is_empty() {
            sheet.header(&cells(&header_only))?;
        }
        for vm in &facts {
            sheet.row(&cells(vm))?;
        }
    }

    let mut sheet = Sheet::new(&mut workbook, "vDisk", &date)?;
    for vm in &facts {
        for disk in 0..vm.disks() {
            sheet.row(&vdisk(vm, disk))?;
        }
    }

    let mut sheet = Sheet::new(&mut workbook, "vNetwork", &date)?;
    for vm in &facts {
        for nic in 0..vm.nics() {
            sheet.row(&vnetwork(vm, nic))?;
        }
    }

    let mut sheet = Sheet::new(&mut workbook, "vHost", &date)?;
    for host in 0..estate.hosts {
        sheet.row(&vhost(&estate, host))?;
    }

    let mut sheet = Sheet::new(&mut workbook, "vCluster", &date)?;
    for cluster in 0..estate.clusters {
        sheet.row(&vcluster(&estate, cluster))?;
    }

    let mut sheet = Sheet::new(&mut workbook, "vDatastore", &date)?;
    for cluster in 0..estate.clusters {
        for index in 0..DATASTORES_PER_CLUSTER {
            sheet.row(&vdatastore(&estate, cluster, index))?;
        }
    }

    let mut sheet = Sheet::new(&mut workbook, "vSource", &date)?;
    sheet.row(&vsource())?;

    workbook.save(path)
}
