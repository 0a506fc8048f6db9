//! Transactions for what the designer's gestures mean: add an object where it was dropped, put a blade in a
//! bay, join a host to a cluster. Containment rules live here, so refusals carry a reason and are testable headless.

use super::{Edit, ObjectValue, Transaction};
use crate::model::{
    Array, ArrayId, ArrayPort, Bios, C7000_DEVICE_BAYS, C7000_INTERCONNECT_BAYS, Cluster,
    ClusterId, Controller, Cpu, Datastore, DatastoreId, DatastoreKind, Disk, Enclosure,
    EnclosureId, EsxInstall, Fabric, FabricId, FabricSide, Ha, Host, HostId, Interconnect,
    LicenceEdition, Lun, LunId, ModuleKind, Network, NetworkId, ObjectKind, ObjectRef, Placement,
    Position, PowerProfile, Project, RACK_UNITS, Rack, RackContents, RackId, Release, Site, SiteId,
    SiteLink, SiteLinkId, Vcenter, VcenterId, Vm, VmId, rack_contents, server_units, unit_range,
};

/// What the palette offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NewObject {
    Site,
    Rack,
    Enclosure,
    Blade,
    RackServer,
    Flex10Module,
    VcFcModule,
    Fabric,
    Array,
    Lun,
    Network,
    Vcenter,
    Cluster,
    Vm,
    VmGroup,
    SiteLink,
}

impl NewObject {
    /// Every palette entry, in palette order.
    pub const ALL: [Self; 16] = [
        Self::Site,
        Self::Rack,
        Self::Enclosure,
        Self::Blade,
        Self::RackServer,
        Self::Flex10Module,
        Self::VcFcModule,
        Self::Fabric,
        Self::Array,
        Self::Lun,
        Self::Network,
        Self::Vcenter,
        Self::Cluster,
        Self::Vm,
        Self::VmGroup,
        Self::SiteLink,
    ];

    /// The palette label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Site => "Site",
            Self::Rack => "42U rack",
            Self::Enclosure => "c7000 enclosure",
            Self::Blade => "Blade server",
            Self::RackServer => "Rack server",
            Self::Flex10Module => "VC Flex-10 module",
            Self::VcFcModule => "VC-FC module",
            Self::Fabric => "SAN fabric",
            Self::Array => "EVA array",
            Self::Lun => "LUN",
            Self::Network => "Network",
            Self::Vcenter => "vCenter",
            Self::Cluster => "Cluster",
            Self::Vm => "VM",
            Self::VmGroup => "VM group (10 alike)",
            Self::SiteLink => "Inter-site link",
        }
    }

    /// A short hint of where it can be dropped.
    pub fn hint(self) -> &'static str {
        match self {
            Self::Site | Self::Network | Self::Vcenter | Self::Cluster => "anywhere on the canvas",
            Self::Rack | Self::Fabric | Self::Array => "on a site",
            Self::Enclosure | Self::RackServer => {
                "on a site, or on a rack (mounts at the unit under the cursor or the lowest free units)"
            }
            Self::Blade => "on an enclosure (takes the bay under the cursor or the first free one)",
            Self::Flex10Module | Self::VcFcModule => "on an enclosure's interconnect bay",
            Self::Lun => "on an array",
            Self::Vm | Self::VmGroup => "on a cluster or a host",
            Self::SiteLink => "on a site, linking it to the nearest other site",
        }
    }
}

/// Where something was dropped: the objects under the cursor, innermost first, and the world position.
#[derive(Clone, Debug, Default)]
pub struct DropTarget {
    pub at: Option<Position>,
    pub site: Option<SiteId>,
    pub rack: Option<RackId>,
    /// The rack unit under the cursor, when over a rack's units.
    pub rack_unit: Option<u8>,
    pub enclosure: Option<EnclosureId>,
    /// The device bay under the cursor, when over an enclosure.
    pub device_bay: Option<u8>,
    /// The interconnect bay under the cursor, when over an enclosure.
    pub interconnect_bay: Option<u8>,
    pub host: Option<HostId>,
    pub cluster: Option<ClusterId>,
    pub array: Option<ArrayId>,
}

/// The transaction that creates `what` at `target`, and the new object to select; or why it cannot go there.
pub fn add(
    project: &Project,
    what: NewObject,
    target: &DropTarget,
) -> Result<(Transaction, ObjectRef), String> {
    let at = target.at;
    match what {
        NewObject::Site => {
            let id = SiteId::next_free(project);
            let site = Site {
                name: unique_name(project.sites.values().map(|s| s.name.as_str()), "site"),
                position: at,
                ..Site::default()
            };
            Ok((
                one("Add site", Edit::put(id, ObjectValue::Site(site))),
                id.into(),
            ))
        }
        NewObject::Rack => {
            let site = target.site.ok_or("Drop a rack on a site")?;
            let id = RackId::next_free(project);
            let rack = Rack {
                name: unique_name(project.racks.values().map(|r| r.name.as_str()), "rack"),
                site,
                position: at,
            };
            Ok((
                one("Add rack", Edit::put(id, ObjectValue::Rack(rack))),
                id.into(),
            ))
        }
        NewObject::Enclosure => {
            let site = target.site.ok_or("Drop an enclosure on a site")?;
            let id = EnclosureId::next_free(project);
            let name = unique_name(project.enclosures.values().map(|e| e.name.as_str()), "enc");
            let enclosure = Enclosure {
                name,
                site,
                position: at,
                ..Enclosure::default()
            };
            if let Some(rack) = target.rack {
                let value = ObjectValue::Enclosure(enclosure);
                let tx = mount_new(project, id.into(), value, rack, target.rack_unit)?;
                return Ok((tx, id.into()));
            }
            Ok((
                one(
                    "Add enclosure",
                    Edit::put(id, ObjectValue::Enclosure(enclosure)),
                ),
                id.into(),
            ))
        }
        NewObject::Blade => {
            let enclosure = target.enclosure.ok_or("Drop a blade on an enclosure")?;
            add_blade(project, enclosure, target.device_bay)
        }
        NewObject::RackServer => {
            let site = target.site.ok_or("Drop a rack server on a site")?;
            let id = HostId::next_free(project);
            let mut host = new_host(project);
            host.placement = Placement::RackServer {
                site,
                rack: None,
                unit: None,
            };
            host.model = "ProLiant DL380 G6".to_owned();
            host.cluster = target.cluster;
            // Dropped on a cluster it joins it; placed by the layout, not hidden under the cluster's box.
            host.position = if target.cluster.is_some() { None } else { at };
            if let Some(rack) = target.rack {
                let value = ObjectValue::Host(host);
                let tx = mount_new(project, id.into(), value, rack, target.rack_unit)?;
                return Ok((tx, id.into()));
            }
            Ok((
                one("Add rack server", Edit::put(id, ObjectValue::Host(host))),
                id.into(),
            ))
        }
        NewObject::Flex10Module | NewObject::VcFcModule => {
            let enclosure_id = target
                .enclosure
                .ok_or("Drop a module on an enclosure's interconnect bay")?;
            let bay = target.interconnect_bay.ok_or(
                "A module goes only into an interconnect bay (the row under the device bays)",
            )?;
            let kind = if what == NewObject::Flex10Module {
                ModuleKind::VcFlex10
            } else {
                ModuleKind::VcFc
            };
            add_module(project, enclosure_id, bay, kind)
        }
        NewObject::Fabric => {
            let site = target.site.ok_or("Drop a fabric on a site")?;
            let id = FabricId::next_free(project);
            let has_a = project
                .fabrics
                .values()
                .any(|f| f.site == site && f.side == FabricSide::A);
            let side = if has_a { FabricSide::B } else { FabricSide::A };
            let name = format!("fabric-{}", if side == FabricSide::A { "A" } else { "B" });
            let fabric = Fabric {
                name,
                side,
                site,
                position: at,
                ..Fabric::default()
            };
            Ok((
                one("Add fabric", Edit::put(id, ObjectValue::Fabric(fabric))),
                id.into(),
            ))
        }
        NewObject::Array => {
            let site = target.site.ok_or("Drop an array on a site")?;
            let id = ArrayId::next_free(project);
            let ports = project
                .fabrics
                .iter()
                .filter(|(_, f)| f.site == site)
                .flat_map(|(&fabric, _)| {
                    [Controller::A, Controller::B]
                        .map(|controller| ArrayPort { controller, fabric })
                })
                .collect();
            let array = Array {
                name: unique_name(project.arrays.values().map(|a| a.name.as_str()), "eva"),
                model: "EVA 8100".to_owned(),
                site,
                ports,
                position: at,
                ..Array::default()
            };
            Ok((
                one("Add array", Edit::put(id, ObjectValue::Array(array))),
                id.into(),
            ))
        }
        NewObject::Lun => {
            let array = target.array.ok_or("Drop a LUN on an array")?;
            let id = LunId::next_free(project);
            let count_a = project
                .luns
                .values()
                .filter(|l| l.array == array && l.owner == Controller::A)
                .count();
            let count_b = project
                .luns
                .values()
                .filter(|l| l.array == array && l.owner == Controller::B)
                .count();
            // Alternate ownership so new LUNs keep the controllers balanced.
            let owner = if count_a <= count_b {
                Controller::A
            } else {
                Controller::B
            };
            let preferred = if owner == Controller::A {
                crate::model::PreferredPath::AFailoverFailback
            } else {
                crate::model::PreferredPath::BFailoverFailback
            };
            let name = unique_name(project.luns.values().map(|l| l.name.as_str()), "vmfs");
            let lun = Lun {
                name: name.clone(),
                array,
                size_gb: 500,
                owner,
                preferred,
                ..Lun::default()
            };
            let datastore = Datastore {
                name: format!("ds-{name}"),
                kind: DatastoreKind::Vmfs { luns: vec![id] },
                block_mb: None,
                ..Datastore::default()
            };
            let datastore_id = DatastoreId::next_free(project);
            let tx = Transaction::new("Add LUN")
                .with(Edit::put(id, ObjectValue::Lun(lun)))
                .with(Edit::put(datastore_id, ObjectValue::Datastore(datastore)));
            Ok((tx, id.into()))
        }
        NewObject::Network => {
            let id = NetworkId::next_free(project);
            let vlan = project
                .networks
                .values()
                .map(|n| n.vlan)
                .max()
                .unwrap_or(99)
                .saturating_add(1);
            let network = Network {
                name: format!("VLAN{vlan}"),
                vlan,
                position: at,
                ..Network::default()
            };
            Ok((
                one("Add network", Edit::put(id, ObjectValue::Network(network))),
                id.into(),
            ))
        }
        NewObject::Vcenter => {
            let id = VcenterId::next_free(project);
            let vcenter = Vcenter {
                name: unique_name(project.vcenters.values().map(|v| v.name.as_str()), "vc"),
                release: Release::new(4, 0).with_update(1),
                ssl_host_cert_check: true,
                site: target.site,
                position: at,
                ..Vcenter::default()
            };
            Ok((
                one("Add vCenter", Edit::put(id, ObjectValue::Vcenter(vcenter))),
                id.into(),
            ))
        }
        NewObject::Cluster => {
            let id = ClusterId::next_free(project);
            let cluster = Cluster {
                name: unique_name(
                    project.clusters.values().map(|c| c.name.as_str()),
                    "cluster",
                ),
                vcenter: project.vcenters.keys().next().copied(),
                ha: Ha {
                    enabled: true,
                    host_monitoring: true,
                    ..Ha::default()
                },
                position: at,
                ..Cluster::default()
            };
            Ok((
                one("Add cluster", Edit::put(id, ObjectValue::Cluster(cluster))),
                id.into(),
            ))
        }
        NewObject::Vm | NewObject::VmGroup => {
            let count = if what == NewObject::Vm { 1 } else { 10 };
            add_vms(project, target, count)
        }
        NewObject::SiteLink => {
            let site_a = target.site.ok_or("Drop a link on a site")?;
            let site_b = project
                .sites
                .keys()
                .copied()
                .find(|&s| s != site_a)
                .ok_or("A link needs a second site")?;
            let id = SiteLinkId::next_free(project);
            let link = SiteLink {
                name: format!(
                    "{}-{}",
                    project.sites.get(&site_a).map_or("a", |s| s.name.as_str()),
                    project.sites.get(&site_b).map_or("b", |s| s.name.as_str())
                ),
                site_a,
                site_b,
                rtt_ms: 2.0,
                bandwidth_mbps: 1000,
                ..SiteLink::default()
            };
            Ok((
                one(
                    "Add inter-site link",
                    Edit::put(id, ObjectValue::SiteLink(link)),
                ),
                id.into(),
            ))
        }
    }
}

fn one(label: &str, edit: Edit) -> Transaction {
    Transaction::new(label).with(edit)
}

/// `base` followed by the first number not taken: "enc3".
fn unique_name<'a>(taken: impl Iterator<Item = &'a str>, base: &str) -> String {
    let taken: std::collections::BTreeSet<&str> = taken.collect();
    (1..)
        .map(|n| format!("{base}{n}"))
        .find(|name| !taken.contains(name.as_str()))
        .unwrap_or_else(|| base.to_owned())
}

/// A new ESX 4.0 U1 host with the defaults of 2009 hardware.
fn new_host(project: &Project) -> Host {
    Host {
        name: unique_name(project.hosts.values().map(|h| h.name.as_str()), "esx"),
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
            release: Release::new(4, 0).with_update(1),
            build: 208_167,
            ..EsxInstall::default()
        },
        licence: LicenceEdition::EnterprisePlus,
        ..Host::default()
    }
}

/// Bays of an enclosure taken by blades.
pub fn taken_bays(project: &Project, enclosure: EnclosureId) -> std::collections::BTreeSet<u8> {
    project
        .hosts
        .values()
        .filter_map(|h| match h.placement {
            Placement::Blade { enclosure: e, bay } if e == enclosure => Some(bay),
            _ => None,
        })
        .collect()
}

fn enclosure_name(project: &Project, enclosure: EnclosureId) -> String {
    project
        .enclosures
        .get(&enclosure)
        .map_or_else(|| enclosure.to_string(), |e| e.name.clone())
}

/// A new blade in `enclosure`: the bay asked for when free, else the first free bay, else refused.
pub fn add_blade(
    project: &Project,
    enclosure: EnclosureId,
    bay: Option<u8>,
) -> Result<(Transaction, ObjectRef), String> {
    let bay = free_bay(project, enclosure, bay, None)?;
    let id = HostId::next_free(project);
    let mut host = new_host(project);
    host.placement = Placement::Blade { enclosure, bay };
    Ok((
        one(
            &format!(
                "Add blade to {}/bay{bay}",
                enclosure_name(project, enclosure)
            ),
            Edit::put(id, ObjectValue::Host(host)),
        ),
        id.into(),
    ))
}

fn free_bay(
    project: &Project,
    enclosure: EnclosureId,
    wanted: Option<u8>,
    moving: Option<HostId>,
) -> Result<u8, String> {
    if !project.enclosures.contains_key(&enclosure) {
        return Err(format!("{enclosure} does not exist"));
    }
    let mut taken = taken_bays(project, enclosure);
    if let Some(Placement::Blade { enclosure: e, bay }) = moving
        .and_then(|h| project.hosts.get(&h))
        .map(|h| &h.placement)
        && *e == enclosure
    {
        taken.remove(bay);
    }
    if let Some(bay) = wanted.filter(|b| (1..=C7000_DEVICE_BAYS).contains(b) && !taken.contains(b))
    {
        return Ok(bay);
    }
    (1..=C7000_DEVICE_BAYS)
        .find(|b| !taken.contains(b))
        .ok_or_else(|| {
            format!(
                "{} is full: all {C7000_DEVICE_BAYS} device bays hold a blade",
                enclosure_name(project, enclosure)
            )
        })
}

/// Moves a blade to a bay of an enclosure (the bay under the cursor, or the first free one).
pub fn move_blade(
    project: &Project,
    host_id: HostId,
    enclosure: EnclosureId,
    bay: Option<u8>,
) -> Result<Transaction, String> {
    let host = project
        .hosts
        .get(&host_id)
        .ok_or("The host no longer exists")?;
    if let Some(wanted) = bay {
        if host.placement
            == (Placement::Blade {
                enclosure,
                bay: wanted,
            })
        {
            return Err(format!(
                "{} is already in {}/bay{wanted}",
                host.name,
                enclosure_name(project, enclosure)
            ));
        }
        let holder = project.hosts.iter().find(|(id, h)| {
            **id != host_id
                && h.placement
                    == Placement::Blade {
                        enclosure,
                        bay: wanted,
                    }
        });
        if let Some((_, other)) = holder {
            return Err(format!(
                "{}/bay{wanted} holds {}",
                enclosure_name(project, enclosure),
                other.name
            ));
        }
    }
    let bay = free_bay(project, enclosure, bay, Some(host_id))?;
    let mut moved = host.clone();
    moved.placement = Placement::Blade { enclosure, bay };
    moved.position = None;
    Ok(one(
        &format!(
            "Move {} to {}/bay{bay}",
            host.name,
            enclosure_name(project, enclosure)
        ),
        Edit::put(host_id, ObjectValue::Host(moved)),
    ))
}

/// An enclosure's or rack server's value with its rack and unit set (and its site the rack's); `None` for other
/// kinds.
fn placed(
    mut value: ObjectValue,
    site: SiteId,
    rack: Option<RackId>,
    unit: Option<u8>,
) -> Option<ObjectValue> {
    match &mut value {
        ObjectValue::Enclosure(enclosure) => {
            enclosure.site = site;
            enclosure.rack = rack;
            enclosure.unit = unit;
        }
        ObjectValue::Host(host) => {
            if !matches!(host.placement, Placement::RackServer { .. }) {
                return None;
            }
            host.placement = Placement::RackServer { site, rack, unit };
        }
        _ => return None,
    }
    // Inside a rack the rack places it; outside, where it was dropped (set by the caller).
    if rack.is_some()
        && let Some(position) = value.position_mut()
    {
        *position = None;
    }
    Some(value)
}

/// Units an enclosure or rack server takes, or why it cannot be mounted.
fn height_of(value: &ObjectValue) -> Result<u8, String> {
    match value {
        ObjectValue::Enclosure(_) => Ok(crate::model::C7000_UNITS),
        ObjectValue::Host(host) => match host.placement {
            Placement::RackServer { .. } => server_units(&host.model).ok_or_else(|| {
                format!(
                    "The height of a {} is not known, so {} cannot be given rack units",
                    if host.model.is_empty() {
                        "server of no recorded model"
                    } else {
                        &host.model
                    },
                    host.name
                )
            }),
            Placement::Blade { .. } => Err(format!(
                "{} is a blade: it goes into an enclosure's bay, not a rack",
                host.name
            )),
        },
        _ => Err("Only enclosures and rack servers mount in a rack".to_owned()),
    }
}

fn rack_name(project: &Project, rack: RackId) -> String {
    project
        .racks
        .get(&rack)
        .map_or_else(|| rack.to_string(), |r| r.name.clone())
}

/// The units `object` (of `height`) takes in `contents`: the unit asked for when the range is inside the rack and
/// free, the lowest free units when none is asked for; else why not.
fn units_for(
    project: &Project,
    contents: &RackContents,
    rack: RackId,
    object: ObjectRef,
    name: &str,
    height: u8,
    wanted: Option<u8>,
) -> Result<u8, String> {
    let rack_name = rack_name(project, rack);
    let Some(bottom) = wanted else {
        return contents.first_fit(height, Some(object)).ok_or_else(|| {
            let free = contents.free();
            format!(
                "{rack_name} is full: {free} of its {RACK_UNITS} units free, none {height} together, and {name} takes {height}U"
            )
        });
    };
    let top = u16::from(bottom) + u16::from(height) - 1;
    if bottom == 0 || top > u16::from(RACK_UNITS) {
        return Err(format!(
            "{name} at U{bottom} would take U{bottom}-U{top}, beyond the {RACK_UNITS} units of {rack_name}"
        ));
    }
    if let Some(other) = contents.clash(bottom, height, Some(object)) {
        return Err(format!(
            "{rack_name} {} overlaps {} at {}",
            unit_range(bottom, height),
            project.name_of(other.object).unwrap_or("?"),
            unit_range(other.bottom, other.height)
        ));
    }
    Ok(bottom)
}

/// Edits that record the units of what sits in a rack in order (no unit in the plan), so taking something out or
/// putting something in never moves the rest.
fn pin_units(project: &Project, contents: &RackContents, except: ObjectRef) -> Vec<Edit> {
    contents
        .mounts
        .iter()
        .filter(|m| !m.recorded && m.object != except)
        .filter_map(|m| {
            let mut value = ObjectValue::of(project, m.object)?;
            match &mut value {
                ObjectValue::Enclosure(enclosure) => enclosure.unit = Some(m.bottom),
                ObjectValue::Host(host) => match &mut host.placement {
                    Placement::RackServer { unit, .. } => *unit = Some(m.bottom),
                    Placement::Blade { .. } => return None,
                },
                _ => return None,
            }
            Some(Edit::put(m.object, value))
        })
        .collect()
}

/// A new enclosure or rack server mounted in `rack` at `unit` (or the lowest free units).
fn mount_new(
    project: &Project,
    object: ObjectRef,
    value: ObjectValue,
    rack: RackId,
    unit: Option<u8>,
) -> Result<Transaction, String> {
    let site = project
        .racks
        .get(&rack)
        .map(|r| r.site)
        .ok_or("The rack no longer exists")?;
    let height = height_of(&value)?;
    let racks = rack_contents(project);
    let empty = RackContents::default();
    let contents = racks.get(&rack).unwrap_or(&empty);
    let name = match &value {
        ObjectValue::Enclosure(e) => e.name.clone(),
        ObjectValue::Host(h) => h.name.clone(),
        _ => object.to_string(),
    };
    let bottom = units_for(project, contents, rack, object, &name, height, unit)?;
    let value = placed(value, site, Some(rack), Some(bottom))
        .ok_or("Only enclosures and rack servers mount in a rack")?;
    let mut tx = Transaction::new(format!(
        "Add {name} to {} {}",
        rack_name(project, rack),
        unit_range(bottom, height)
    ));
    for edit in pin_units(project, contents, object) {
        tx.push(edit);
    }
    tx.push(Edit::put(object, value));
    Ok(tx)
}

/// Mounts an enclosure or rack server in `rack` at `unit` (the unit under the cursor), or the lowest free units when
/// no unit is given; refused with the reason when the units are taken or beyond the rack.
pub fn mount(
    project: &Project,
    object: ObjectRef,
    rack: RackId,
    unit: Option<u8>,
) -> Result<Transaction, String> {
    let value = ObjectValue::of(project, object).ok_or("The object no longer exists")?;
    let name = project.name_of(object).unwrap_or("?").to_owned();
    let site = project
        .racks
        .get(&rack)
        .map(|r| r.site)
        .ok_or("The rack no longer exists")?;
    let height = height_of(&value)?;
    let racks = rack_contents(project);
    let empty = RackContents::default();
    let contents = racks.get(&rack).unwrap_or(&empty);
    let current = crate::model::mount_of(&racks, object);
    let bottom = units_for(project, contents, rack, object, &name, height, unit)?;
    if current.is_some_and(|(r, m)| r == rack && m.bottom == bottom && m.recorded) {
        return Err(format!(
            "{name} is already in {} {}",
            rack_name(project, rack),
            unit_range(bottom, height)
        ));
    }
    let value = placed(value, site, Some(rack), Some(bottom))
        .ok_or("Only enclosures and rack servers mount in a rack")?;
    let mut tx = Transaction::new(format!(
        "Mount {name} in {} {}",
        rack_name(project, rack),
        unit_range(bottom, height)
    ));
    // What stays behind in the rack it leaves keeps its units, as does what is already in the new one.
    if let Some((from, _)) = current.filter(|(r, _)| *r != rack)
        && let Some(left) = racks.get(&from)
    {
        for edit in pin_units(project, left, object) {
            tx.push(edit);
        }
    }
    for edit in pin_units(project, contents, object) {
        tx.push(edit);
    }
    tx.push(Edit::put(object, value));
    Ok(tx)
}

/// Takes an enclosure or rack server out of its rack and sets it down at `at` on `site`.
pub fn unmount(
    project: &Project,
    object: ObjectRef,
    site: SiteId,
    at: Option<Position>,
) -> Result<Transaction, String> {
    let value = ObjectValue::of(project, object).ok_or("The object no longer exists")?;
    let name = project.name_of(object).unwrap_or("?").to_owned();
    let racks = rack_contents(project);
    let from = match &value {
        ObjectValue::Enclosure(e) => e.rack,
        ObjectValue::Host(h) => match h.placement {
            Placement::RackServer { rack, .. } => rack,
            Placement::Blade { .. } => None,
        },
        _ => None,
    }
    .ok_or_else(|| format!("{name} is not in a rack"))?;
    let mut value = placed(value, site, None, None)
        .ok_or("Only enclosures and rack servers mount in a rack")?;
    if let Some(position) = value.position_mut() {
        *position = at;
    }
    let mut tx = Transaction::new(format!("Take {name} out of {}", rack_name(project, from)));
    if let Some(left) = racks.get(&from) {
        for edit in pin_units(project, left, object) {
            tx.push(edit);
        }
    }
    tx.push(Edit::put(object, value));
    Ok(tx)
}

/// Makes a host a member of a cluster.
pub fn join_cluster(
    project: &Project,
    host_id: HostId,
    cluster: ClusterId,
) -> Result<Transaction, String> {
    let host = project
        .hosts
        .get(&host_id)
        .ok_or("The host no longer exists")?;
    let cluster_name = project
        .clusters
        .get(&cluster)
        .map(|c| c.name.clone())
        .ok_or("The cluster no longer exists")?;
    if host.cluster == Some(cluster) {
        return Err(format!("{} is already in {cluster_name}", host.name));
    }
    let mut joined = host.clone();
    joined.cluster = Some(cluster);
    Ok(one(
        &format!("Add {} to {cluster_name}", host.name),
        Edit::put(host_id, ObjectValue::Host(joined)),
    ))
}

/// Puts a module into an interconnect bay.
pub fn add_module(
    project: &Project,
    enclosure_id: EnclosureId,
    bay: u8,
    kind: ModuleKind,
) -> Result<(Transaction, ObjectRef), String> {
    let enclosure = project
        .enclosures
        .get(&enclosure_id)
        .ok_or("The enclosure no longer exists")?;
    if !(1..=C7000_INTERCONNECT_BAYS).contains(&bay) {
        return Err(format!(
            "Interconnect bay {bay} does not exist; a c7000 has bays 1-8"
        ));
    }
    if let Some(module) = enclosure.interconnects.get(&bay) {
        return Err(format!(
            "{}/interconnect bay {bay} already holds a {:?} module",
            enclosure.name, module.kind
        ));
    }
    let mut changed = enclosure.clone();
    let model = match kind {
        ModuleKind::VcFlex10 => "HP VC Flex-10 10Gb Enet",
        ModuleKind::VcFc => "HP VC 8Gb 24-Port FC",
        _ => "",
    };
    changed.interconnects.insert(
        bay,
        Interconnect {
            kind,
            model: model.to_owned(),
            ..Interconnect::default()
        },
    );
    Ok((
        one(
            &format!("Add module to {}/interconnect bay {bay}", enclosure.name),
            Edit::put(enclosure_id, ObjectValue::Enclosure(changed)),
        ),
        enclosure_id.into(),
    ))
}

fn add_vms(
    project: &Project,
    target: &DropTarget,
    count: u32,
) -> Result<(Transaction, ObjectRef), String> {
    let cluster = target.cluster.or_else(|| {
        target
            .host
            .and_then(|h| project.hosts.get(&h))
            .and_then(|h| h.cluster)
    });
    if cluster.is_none() && target.host.is_none() {
        return Err("Drop a VM on a cluster or a host".to_owned());
    }
    let datastore = cluster.and_then(|c| {
        project.hosts.iter().find(|(_, h)| h.cluster == Some(c)).and_then(|(_, h)| h.lun_paths.first()).and_then(|p| {
            project.datastores.iter().find(|(_, d)| matches!(&d.kind, DatastoreKind::Vmfs { luns } if luns.contains(&p.lun))).map(|(id, _)| *id)
        })
    });
    let first = VmId::next_free(project).0;
    let mut tx = Transaction::new(if count == 1 {
        "Add VM".to_owned()
    } else {
        format!("Add {count} VMs")
    });
    let mut names: Vec<String> = project.vms.values().map(|v| v.name.clone()).collect();
    for n in 0..count {
        let name = unique_name(names.iter().map(String::as_str), "vm");
        names.push(name.clone());
        let vm = Vm {
            name,
            cluster,
            host: target.host,
            vcpus: 1,
            memory_mb: 2048,
            hw_version: Some(7),
            guest_os: "Microsoft Windows Server 2003 Standard (32-bit)".to_owned(),
            disks: vec![Disk {
                label: "Hard disk 1".to_owned(),
                size_gb: 20,
                datastore,
                ..Disk::default()
            }],
            ..Vm::default()
        };
        tx.push(Edit::put(VmId(first + n), ObjectValue::Vm(vm)));
    }
    Ok((tx, VmId(first).into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_enclosure() -> Project {
        let mut project = Project::default();
        project.sites.insert(
            SiteId(1),
            Site {
                name: "dc".into(),
                ..Site::default()
            },
        );
        project.enclosures.insert(
            EnclosureId(1),
            Enclosure {
                name: "enc1".into(),
                site: SiteId(1),
                ..Enclosure::default()
            },
        );
        project
    }

    #[test]
    fn blades_fill_bays_and_a_full_enclosure_refuses_with_a_reason() {
        let mut project = with_enclosure();
        for expected in 1..=16u8 {
            let (tx, _) = add_blade(&project, EnclosureId(1), None).unwrap();
            tx.apply(&mut project).unwrap();
            assert!(taken_bays(&project, EnclosureId(1)).contains(&expected));
        }
        let refusal = add_blade(&project, EnclosureId(1), None).unwrap_err();
        assert!(refusal.contains("enc1 is full"), "{refusal}");
    }

    #[test]
    fn a_blade_takes_the_bay_under_the_cursor_when_free() {
        let mut project = with_enclosure();
        let (tx, _) = add_blade(&project, EnclosureId(1), Some(7)).unwrap();
        tx.apply(&mut project).unwrap();
        let (tx, _) = add_blade(&project, EnclosureId(1), Some(7)).unwrap();
        tx.apply(&mut project).unwrap();
        assert_eq!(taken_bays(&project, EnclosureId(1)), [1, 7].into());
    }

    #[test]
    fn modules_go_only_into_free_interconnect_bays() {
        let mut project = with_enclosure();
        let (tx, _) = add_module(&project, EnclosureId(1), 1, ModuleKind::VcFlex10).unwrap();
        tx.apply(&mut project).unwrap();
        assert!(add_module(&project, EnclosureId(1), 1, ModuleKind::VcFlex10).is_err());
        assert!(add_module(&project, EnclosureId(1), 9, ModuleKind::VcFc).is_err());
        let target = DropTarget {
            enclosure: Some(EnclosureId(1)),
            ..DropTarget::default()
        };
        assert!(
            add(&project, NewObject::VcFcModule, &target).is_err(),
            "no interconnect bay under the cursor"
        );
    }
}
