//! Referential integrity (every ID a plan mentions names an object of the right kind) and the physical range of
//! the numbers serde cannot bound (finite, not negative) and of names.

use std::collections::{BTreeMap, BTreeSet};

use super::{
    Boot, DatastoreKind, Device, EnclosureId, MediaBacking, ObjectKind, ObjectRef, Placement,
    Project,
};

/// The longest name an object may have: longer ones are pasted data, and would blow up every output that names
/// the object (a 10 MB name made a 273 MB runbook).
pub const MAX_NAME_CHARS: usize = 256;

/// A reference inside the plan that names no object.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{kind} {id} (`{name}`): {message}")]
pub struct IntegrityError {
    /// The object holding the broken reference.
    pub object: ObjectRef,
    pub kind: &'static str,
    pub id: u32,
    pub name: String,
    pub message: String,
}

/// Collects every dangling reference or out-of-range bay of a project, in object order.
pub fn check_integrity(project: &Project) -> Vec<IntegrityError> {
    integrity(project, None)
}

/// [`check_integrity`] for a change that put `objects` (added or replaced them) and removed none: only what they
/// refer to, their numbers and names, and the bays and units they take can have broken. At the VMworld scale this
/// is what keeps an edit from walking 37,248 VMs.
pub fn check_integrity_of(project: &Project, objects: &BTreeSet<ObjectRef>) -> Vec<IntegrityError> {
    integrity(project, Some(objects))
}

/// The objects of one kind to check: every one, or those among `only`.
fn chosen<'a, K: ObjectKind, V>(
    all: &'a BTreeMap<K, V>,
    only: Option<&'a BTreeSet<ObjectRef>>,
) -> Box<dyn Iterator<Item = (&'a K, &'a V)> + 'a> {
    match only {
        None => Box::new(all.iter()),
        Some(only) => Box::new(
            only.iter()
                .filter(|object| object.kind() == K::KIND)
                .filter_map(|object| all.get_key_value(&K::from_raw(object.raw_id()))),
        ),
    }
}

fn integrity(project: &Project, only: Option<&BTreeSet<ObjectRef>>) -> Vec<IntegrityError> {
    let mut errors = Vec::new();
    let mut report = |object: ObjectRef, name: &str, message: String| {
        errors.push(IntegrityError {
            object,
            kind: object.kind(),
            id: object.raw_id(),
            name: name.to_owned(),
            message,
        });
    };
    macro_rules! require {
        ($map:ident, $id:expr, $object:expr, $name:expr, $what:literal) => {
            if !project.$map.contains_key(&$id) {
                report(
                    $object,
                    $name,
                    format!("{} refers to {}, which does not exist", $what, $id),
                );
            }
        };
    }
    for (&id, vcenter) in chosen(&project.vcenters, only) {
        if let Some(site) = vcenter.site {
            require!(sites, site, id.into(), &vcenter.name, "site");
        }
        if let Some(server) = vcenter.licence_server {
            require!(
                licence_servers,
                server,
                id.into(),
                &vcenter.name,
                "licence_server"
            );
        }
    }
    for (&id, link) in chosen(&project.site_links, only) {
        require!(sites, link.site_a, id.into(), &link.name, "site_a");
        require!(sites, link.site_b, id.into(), &link.name, "site_b");
    }
    for (&id, rack) in chosen(&project.racks, only) {
        require!(sites, rack.site, id.into(), &rack.name, "site");
    }
    for (&id, enclosure) in chosen(&project.enclosures, only) {
        require!(sites, enclosure.site, id.into(), &enclosure.name, "site");
        if let Some(rack) = enclosure.rack {
            require!(racks, rack, id.into(), &enclosure.name, "rack");
        }
        for (&bay, module) in &enclosure.interconnects {
            if !(1..=super::C7000_INTERCONNECT_BAYS).contains(&bay) {
                report(
                    id.into(),
                    &enclosure.name,
                    format!("interconnect bay {bay} does not exist; a c7000 has bays 1-8"),
                );
            }
            for &switch in &module.fc_uplinks {
                require!(
                    fc_switches,
                    switch,
                    id.into(),
                    &enclosure.name,
                    "fc_uplinks"
                );
            }
        }
    }
    let mut bays_taken = BTreeMap::new();
    if let Some(only) = only {
        // The bays the put blades take, held by hosts left as they were: a put host must not take them. Only
        // those bays are gathered (an edit of a VM or of a host's memory needs none of the estate's bays).
        let wanted: BTreeSet<(EnclosureId, u8)> = chosen(&project.hosts, Some(only))
            .filter_map(|(_, host)| match host.placement {
                Placement::Blade { enclosure, bay } => Some((enclosure, bay)),
                Placement::RackServer { .. } => None,
            })
            .collect();
        if !wanted.is_empty() {
            for (&id, host) in &project.hosts {
                if let Placement::Blade { enclosure, bay } = host.placement
                    && wanted.contains(&(enclosure, bay))
                    && !only.contains(&id.into())
                {
                    bays_taken.insert((enclosure, bay), id);
                }
            }
        }
    }
    for (&id, host) in chosen(&project.hosts, only) {
        match &host.placement {
            Placement::Blade { enclosure, bay } => {
                require!(
                    enclosures,
                    *enclosure,
                    id.into(),
                    &host.name,
                    "placement enclosure"
                );
                if !(1..=super::C7000_DEVICE_BAYS).contains(bay) {
                    report(
                        id.into(),
                        &host.name,
                        format!("device bay {bay} does not exist; a c7000 has bays 1-16"),
                    );
                } else if let Some(other) = bays_taken.insert((*enclosure, *bay), id) {
                    report(
                        id.into(),
                        &host.name,
                        format!("device bay {bay} of {enclosure} is already taken by {other}"),
                    );
                }
            }
            Placement::RackServer { site, rack, .. } => {
                require!(sites, *site, id.into(), &host.name, "placement site");
                if let Some(rack) = rack {
                    require!(racks, *rack, id.into(), &host.name, "placement rack");
                }
            }
        }
        if let Some(cluster) = host.cluster {
            require!(clusters, cluster, id.into(), &host.name, "cluster");
        }
        if let Some(vcenter) = host.vcenter {
            require!(vcenters, vcenter, id.into(), &host.name, "vcenter");
        }
        if let Boot::San(lun) = host.boot {
            require!(luns, lun, id.into(), &host.name, "boot LUN");
        }
        for port in &host.fc_ports {
            require!(
                fabrics,
                port.fabric,
                id.into(),
                &host.name,
                "fc_ports fabric"
            );
        }
        for path in &host.lun_paths {
            require!(luns, path.lun, id.into(), &host.name, "lun_paths");
        }
        for port in &host.nic_ports {
            for flexnic in &port.flexnics {
                for &network in &flexnic.networks {
                    require!(networks, network, id.into(), &host.name, "FlexNIC network");
                }
            }
        }
        for vmk in &host.vmkernel_ports {
            if let Some(network) = vmk.network {
                require!(networks, network, id.into(), &host.name, "VMkernel network");
            }
        }
    }
    check_rack_units(project, &mut report);
    for (&id, switch) in chosen(&project.fc_switches, only) {
        require!(fabrics, switch.fabric, id.into(), &switch.name, "fabric");
    }
    for (&id, fabric) in chosen(&project.fabrics, only) {
        require!(sites, fabric.site, id.into(), &fabric.name, "site");
        for zone in &fabric.zones {
            for &array in &zone.targets {
                require!(arrays, array, id.into(), &fabric.name, "zone target");
            }
        }
    }
    for (&id, array) in chosen(&project.arrays, only) {
        require!(sites, array.site, id.into(), &array.name, "site");
        for port in &array.ports {
            require!(fabrics, port.fabric, id.into(), &array.name, "port fabric");
        }
        for entry in &array.host_entries {
            for &lun in &entry.luns {
                require!(luns, lun, id.into(), &array.name, "host entry LUN");
            }
        }
    }
    for (&id, lun) in chosen(&project.luns, only) {
        require!(arrays, lun.array, id.into(), &lun.name, "array");
    }
    for (&id, datastore) in chosen(&project.datastores, only) {
        match &datastore.kind {
            DatastoreKind::Vmfs { luns } => {
                for &lun in luns {
                    require!(luns, lun, id.into(), &datastore.name, "extent LUN");
                }
            }
            DatastoreKind::Nfs { mounted_on, .. } => {
                for &host in mounted_on {
                    require!(hosts, host, id.into(), &datastore.name, "mounted_on");
                }
            }
            DatastoreKind::Local { host } => {
                require!(hosts, *host, id.into(), &datastore.name, "host");
            }
        }
    }
    for (&id, vswitch) in chosen(&project.vswitches, only) {
        for &host in &vswitch.hosts {
            require!(hosts, host, id.into(), &vswitch.name, "hosts");
        }
        for &network in &vswitch.networks {
            require!(networks, network, id.into(), &vswitch.name, "networks");
        }
    }
    for (&id, cluster) in chosen(&project.clusters, only) {
        if let Some(vcenter) = cluster.vcenter {
            require!(vcenters, vcenter, id.into(), &cluster.name, "vcenter");
        }
    }
    for (&id, pool) in chosen(&project.resource_pools, only) {
        require!(clusters, pool.cluster, id.into(), &pool.name, "cluster");
    }
    for (&id, vm) in chosen(&project.vms, only) {
        if let Some(cluster) = vm.cluster {
            require!(clusters, cluster, id.into(), &vm.name, "cluster");
        }
        if let Some(host) = vm.host {
            require!(hosts, host, id.into(), &vm.name, "host");
        }
        if let Some(host) = vm.ft_secondary_host() {
            require!(hosts, host, id.into(), &vm.name, "FT secondary_host");
        }
        if let Some(pool) = vm.resource_pool {
            require!(resource_pools, pool, id.into(), &vm.name, "resource_pool");
        }
        for disk in &vm.disks {
            if let Some(datastore) = disk.datastore {
                require!(datastores, datastore, id.into(), &vm.name, "disk datastore");
            }
            if let Some(lun) = disk.rdm_lun {
                require!(luns, lun, id.into(), &vm.name, "disk rdm_lun");
            }
        }
        for nic in &vm.nics {
            require!(networks, nic.network, id.into(), &vm.name, "NIC network");
        }
        for device in &vm.devices {
            if let Device::CdRom(MediaBacking::Image(datastore))
            | Device::Floppy(MediaBacking::Image(datastore)) = device
            {
                require!(
                    datastores,
                    *datastore,
                    id.into(),
                    &vm.name,
                    "media image datastore"
                );
            }
        }
    }
    // Numbers outside their physical range would load and pass the rules (an RTT of NaN or -5 ms passes LDV-01).
    for (&id, link) in chosen(&project.site_links, only) {
        if !(link.rtt_ms.is_finite() && link.rtt_ms >= 0.0) {
            report(
                id.into(),
                &link.name,
                format!(
                    "rtt_ms {} is not a round-trip time: give a finite number of milliseconds, 0 or more",
                    link.rtt_ms
                ),
            );
        }
    }
    for (&id, vm) in chosen(&project.vms, only) {
        if let Some(workload) = &vm.workload {
            for (what, value) in [
                ("disk_read_mbytes_per_s", workload.disk_read_mbytes_per_s),
                ("net_in_mbps", workload.net_in_mbps),
            ] {
                if !(value.is_finite() && value >= 0.0) {
                    report(
                        id.into(),
                        &vm.name,
                        format!("workload {what} {value} must be a finite number, 0 or more"),
                    );
                }
            }
        }
    }
    if let Some(ratio) = project.mem_overcommit_max
        && only.is_none()
        && !(ratio.is_finite() && ratio > 0.0)
    {
        report(
            ObjectRef::Plan,
            &project.name,
            format!(
                "mem_overcommit_max {ratio} must be a finite ratio above 0 (1.0: no overcommitment)"
            ),
        );
    }
    // Kinds in the alphabetical order of their collections, as this check has always reported them.
    let mut objects: Vec<ObjectRef> = match only {
        Some(only) => only.iter().copied().collect(),
        None => project.objects().collect(),
    };
    objects.sort_by_key(|object| object.collection());
    for &object in &objects {
        if let Some((at, name)) = project.position_of(object)
            && !(at.x.is_finite() && at.y.is_finite())
        {
            report(
                object,
                name,
                format!("position ({}, {}) is not a point on the canvas", at.x, at.y),
            );
        }
    }
    // In object order, as this check has always reported them (a set of references sorts the same way).
    let in_order: Box<dyn Iterator<Item = ObjectRef>> = match only {
        Some(only) => Box::new(only.iter().copied()),
        None => Box::new(project.objects()),
    };
    for object in in_order {
        let name = project.name_of(object).unwrap_or_default();
        let length = name.chars().count();
        if length > MAX_NAME_CHARS {
            let short: String = name.chars().take(40).collect();
            report(
                object,
                &short,
                format!("the name is {length} characters long; at most {MAX_NAME_CHARS}"),
            );
        }
    }
    let plan = project.upgrade.as_ref().filter(|_| only.is_none());
    if let Some(plan) = plan {
        let windows = plan.stages.iter().flat_map(|stage| {
            stage
                .window
                .iter()
                .chain(stage.waves.iter().filter_map(|w| w.window.as_ref()))
        });
        for window in windows {
            if !(window.hours.is_finite() && window.hours >= 0.0) {
                report(
                    ObjectRef::Plan,
                    &project.name,
                    format!(
                        "a maintenance window of {} hours: give a finite number, 0 or more",
                        window.hours
                    ),
                );
            }
        }
    }
    if let Some(plan) = plan {
        for (index, stage) in plan.stages.iter().enumerate() {
            for wave in &stage.waves {
                if let Some(step) = wave
                    .after_upgrade
                    .iter()
                    .find(|step| !super::Wave::allows_after_upgrade(step))
                {
                    report(
                        ObjectRef::Plan,
                        &project.name,
                        format!(
                            "{} of upgrade stage {index} runs a {} step after its upgrade; only licence keys and manual steps go there: move it to the stage's steps",
                            wave.name,
                            step.kind_name()
                        ),
                    );
                }
            }
        }
        for (stage, object) in plan.references() {
            if !project.contains(object) {
                report(
                    ObjectRef::Plan,
                    &project.name,
                    format!("upgrade stage {stage} refers to {object}, which does not exist"),
                );
            }
        }
    }
    errors
}

/// Recorded rack units: inside the rack (42 units), in a rack, and not shared by two objects.
fn check_rack_units(project: &Project, report: &mut impl FnMut(ObjectRef, &str, String)) {
    use super::{C7000_UNITS, RACK_UNITS, unit_range};
    let mut mounted: std::collections::BTreeMap<super::RackId, Vec<(ObjectRef, u8, u8)>> =
        std::collections::BTreeMap::new();
    let mut check = |object: ObjectRef,
                     name: &str,
                     rack: Option<super::RackId>,
                     bottom: u8,
                     height: u8,
                     what: &str| {
        let Some(rack) = rack else {
            report(
                object,
                name,
                format!("unit U{bottom} is recorded, but no rack"),
            );
            return;
        };
        let top = u16::from(bottom) + u16::from(height) - 1;
        if bottom == 0 || top > u16::from(RACK_UNITS) {
            report(
                object,
                name,
                format!(
                    "{what} at U{bottom} would take U{bottom}-U{top}; a rack has units U1-U{RACK_UNITS}"
                ),
            );
            return;
        }
        let taken = mounted.entry(rack).or_default();
        let clash = taken.iter().find(|(_, other_bottom, other_height)| {
            u16::from(*other_bottom) <= top
                && u16::from(bottom) < u16::from(*other_bottom) + u16::from(*other_height)
        });
        if let Some((other, other_bottom, other_height)) = clash {
            let other_name = project.name_of(*other).unwrap_or_default();
            report(
                object,
                name,
                format!(
                    "{} of {rack} overlaps {other_name} at {}",
                    unit_range(bottom, height),
                    unit_range(*other_bottom, *other_height)
                ),
            );
        } else {
            taken.push((object, bottom, height));
        }
    };
    for (&id, enclosure) in &project.enclosures {
        if let Some(bottom) = enclosure.unit {
            check(
                id.into(),
                &enclosure.name,
                enclosure.rack,
                bottom,
                C7000_UNITS,
                "a c7000 (10U)",
            );
        }
    }
    for (&id, host) in &project.hosts {
        if let Placement::RackServer {
            rack,
            unit: Some(bottom),
            ..
        } = host.placement
        {
            // A model whose height is unknown is held to the one unit recorded.
            let height = super::server_units(&host.model).unwrap_or(1);
            check(id.into(), &host.name, rack, bottom, height, &host.model);
        }
    }
}
