//! Edits as whole-object puts with exact inverses, and transactions that group them into one undo step.

use std::collections::BTreeSet;

use crate::model::{
    KindVisitor, ObjectKind, ObjectRef, ObjectValue, Placement, Project, UpgradePlan,
    check_integrity, check_integrity_of, rack_contents,
};

/// One atomic change: set an object to a value, or remove it (`value: None`). Project name and description
/// changes are their own edit.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    Put {
        object: ObjectRef,
        value: Option<Box<ObjectValue>>,
    },
    Describe {
        name: String,
        description: String,
    },
    /// Replaces the whole upgrade plan (small enough that one gesture is one whole-plan put).
    SetUpgrade {
        plan: Option<Box<UpgradePlan>>,
    },
    /// Replaces the plan's timing model (durations and how much runs at once).
    SetTiming {
        timing: crate::model::Timing,
    },
}

/// Why a transaction was refused; nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("{0} and the value given are of different kinds")]
    KindMismatch(ObjectRef),
    #[error("the plan itself cannot be put or removed")]
    NotAnObject,
    #[error("{0}")]
    Integrity(String),
}

/// Sets or removes one object of the kind its reference names; returns the value it had.
struct PutObject<'a> {
    project: &'a mut Project,
    value: Option<ObjectValue>,
}

impl KindVisitor for PutObject<'_> {
    type Output = Result<Option<ObjectValue>, EditError>;

    fn visit<K: ObjectKind>(self, id: K) -> Self::Output {
        let collection = K::collection_mut(self.project);
        let previous = match self.value {
            Some(value) => {
                let value = K::from_value(value).ok_or(EditError::KindMismatch(id.into()))?;
                collection.insert(id, value)
            }
            None => collection.remove(&id),
        };
        Ok(previous.map(K::into_value))
    }
}

impl Edit {
    /// Sets an object to a value (adding it when new).
    pub fn put(object: impl Into<ObjectRef>, value: ObjectValue) -> Self {
        Self::Put {
            object: object.into(),
            value: Some(Box::new(value)),
        }
    }

    /// Removes an object.
    pub fn remove(object: impl Into<ObjectRef>) -> Self {
        Self::Put {
            object: object.into(),
            value: None,
        }
    }

    /// Applies the edit and returns its inverse.
    pub fn apply(self, project: &mut Project) -> Result<Self, EditError> {
        match self {
            Self::Describe { name, description } => {
                let previous = Self::Describe {
                    name: std::mem::replace(&mut project.name, name),
                    description: std::mem::replace(&mut project.description, description),
                };
                Ok(previous)
            }
            Self::SetUpgrade { plan } => Ok(Self::SetUpgrade {
                plan: std::mem::replace(&mut project.upgrade, plan.map(|plan| *plan)).map(Box::new),
            }),
            Self::SetTiming { timing } => Ok(Self::SetTiming {
                timing: std::mem::replace(&mut project.timing, timing),
            }),
            Self::Put { object, value } => {
                let previous = object
                    .visit(PutObject {
                        project,
                        value: value.map(|v| *v),
                    })
                    .ok_or(EditError::NotAnObject)??;
                Ok(Self::Put {
                    object,
                    value: previous.map(Box::new),
                })
            }
        }
    }
}

/// A named group of edits: the unit of undo ("Undo Move enclosure").
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Transaction {
    pub label: String,
    pub edits: Vec<Edit>,
}

impl Transaction {
    /// An empty transaction with a label.
    pub fn new(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            edits: Vec::new(),
        }
    }

    /// Adds an edit.
    #[must_use]
    pub fn with(mut self, edit: Edit) -> Self {
        self.edits.push(edit);
        self
    }

    /// Adds an edit in place.
    pub fn push(&mut self, edit: Edit) {
        self.edits.push(edit);
    }

    /// Applies every edit; on any error the edits already applied are reverted and nothing changes.
    /// On success returns the inverse transaction.
    pub fn apply(self, project: &mut Project) -> Result<Self, EditError> {
        let mut inverses = Vec::with_capacity(self.edits.len());
        for edit in self.edits {
            match edit.apply(project) {
                Ok(inverse) => inverses.push(inverse),
                Err(err) => {
                    revert(project, inverses);
                    return Err(err);
                }
            }
        }
        // A change that only puts objects can break only what those objects say; a removal can leave anything
        // pointing at nothing.
        let put: Option<BTreeSet<ObjectRef>> = inverses
            .iter()
            .map(|inverse| match inverse {
                Edit::Put { object, .. } if project.contains(*object) => Some(*object),
                _ => None,
            })
            .collect();
        let errors = match &put {
            Some(objects) => check_integrity_of(project, objects),
            None => check_integrity(project),
        };
        if let Some(error) = errors.into_iter().next() {
            revert(project, inverses);
            return Err(EditError::Integrity(error.to_string()));
        }
        inverses.reverse();
        Ok(Self {
            label: self.label,
            edits: inverses,
        })
    }
}

fn revert(project: &mut Project, inverses: Vec<Edit>) {
    for inverse in inverses.into_iter().rev() {
        // An inverse restores a state that existed a moment ago; it cannot fail.
        inverse.apply(project).ok();
    }
}

/// A transaction that deletes `objects` and everything that cannot live without them: blades of a deleted
/// enclosure, and references to deleted objects cleared from those that stay.
pub fn cascade_delete(project: &Project, objects: &[ObjectRef], label: &str) -> Transaction {
    let mut doomed: BTreeSet<ObjectRef> = objects.iter().copied().collect();
    // What cannot live without a doomed object goes too, until nothing more is added: a site takes its links,
    // racks, enclosures, rack servers, fabrics and arrays; an enclosure its blades; an array its LUNs; a fabric
    // its FC switches; a cluster its resource pools; a host its local datastores.
    loop {
        let before = doomed.len();
        let has = |doomed: &BTreeSet<ObjectRef>, object: ObjectRef| doomed.contains(&object);
        let mut more = Vec::new();
        for (&id, link) in &project.site_links {
            if has(&doomed, link.site_a.into()) || has(&doomed, link.site_b.into()) {
                more.push(ObjectRef::SiteLink(id));
            }
        }
        for (&id, rack) in &project.racks {
            if has(&doomed, rack.site.into()) {
                more.push(ObjectRef::Rack(id));
            }
        }
        for (&id, enclosure) in &project.enclosures {
            if has(&doomed, enclosure.site.into()) {
                more.push(ObjectRef::Enclosure(id));
            }
        }
        for (&id, host) in &project.hosts {
            let parent_gone = match host.placement {
                Placement::Blade { enclosure, .. } => has(&doomed, enclosure.into()),
                Placement::RackServer { site, .. } => has(&doomed, site.into()),
            };
            if parent_gone {
                more.push(ObjectRef::Host(id));
            }
        }
        for (&id, fabric) in &project.fabrics {
            if has(&doomed, fabric.site.into()) {
                more.push(ObjectRef::Fabric(id));
            }
        }
        for (&id, switch) in &project.fc_switches {
            if has(&doomed, switch.fabric.into()) {
                more.push(ObjectRef::FcSwitch(id));
            }
        }
        for (&id, array) in &project.arrays {
            if has(&doomed, array.site.into()) {
                more.push(ObjectRef::Array(id));
            }
        }
        for (&id, lun) in &project.luns {
            if has(&doomed, lun.array.into()) {
                more.push(ObjectRef::Lun(id));
            }
        }
        for (&id, pool) in &project.resource_pools {
            if has(&doomed, pool.cluster.into()) {
                more.push(ObjectRef::ResourcePool(id));
            }
        }
        for (&id, datastore) in &project.datastores {
            if let crate::model::DatastoreKind::Local { host } = datastore.kind
                && has(&doomed, host.into())
            {
                more.push(ObjectRef::Datastore(id));
            }
        }
        doomed.extend(more);
        if doomed.len() == before {
            break;
        }
    }
    // What stays in a rack something leaves keeps the units it was placed at in order.
    let mut pinned: std::collections::BTreeMap<ObjectRef, u8> = std::collections::BTreeMap::new();
    for (rack, contents) in rack_contents(project) {
        if doomed.contains(&ObjectRef::Rack(rack))
            || !contents.mounts.iter().any(|m| doomed.contains(&m.object))
        {
            continue;
        }
        for mount in contents.mounts.iter().filter(|m| !m.recorded) {
            pinned.insert(mount.object, mount.bottom);
        }
    }
    let mut tx = Transaction::new(label);
    for &object in &doomed {
        if object != ObjectRef::Plan {
            tx.push(Edit::remove(object));
        }
    }
    let gone = |object: ObjectRef| doomed.contains(&object);
    if let Some(plan) = &project.upgrade {
        let trimmed = plan.without(&doomed);
        if trimmed != *plan {
            tx.push(Edit::SetUpgrade {
                plan: Some(Box::new(trimmed)),
            });
        }
    }
    for (&id, host) in &project.hosts {
        if gone(ObjectRef::Host(id)) {
            continue;
        }
        let mut changed = host.clone();
        if changed.cluster.is_some_and(|c| gone(c.into())) {
            changed.cluster = None;
        }
        if changed.vcenter.is_some_and(|v| gone(v.into())) {
            changed.vcenter = None;
        }
        changed.lun_paths.retain(|p| !gone(p.lun.into()));
        changed.fc_ports.retain(|p| !gone(p.fabric.into()));
        if let crate::model::Boot::San(lun) = changed.boot
            && gone(lun.into())
        {
            changed.boot = crate::model::Boot::LocalDisk;
        }
        for port in &mut changed.nic_ports {
            for flexnic in &mut port.flexnics {
                flexnic.networks.retain(|n| !gone((*n).into()));
            }
        }
        for vmk in &mut changed.vmkernel_ports {
            if vmk.network.is_some_and(|n| gone(n.into())) {
                vmk.network = None;
            }
        }
        if let Placement::RackServer { rack, unit, .. } = &mut changed.placement {
            if rack.is_some_and(|r| gone(r.into())) {
                *rack = None;
                *unit = None;
            } else if let Some(&bottom) = pinned.get(&ObjectRef::Host(id)) {
                *unit = Some(bottom);
            }
        }
        if changed != *host {
            tx.push(Edit::put(id, ObjectValue::Host(changed)));
        }
    }
    for (&id, vm) in &project.vms {
        if gone(ObjectRef::Vm(id)) {
            continue;
        }
        let mut changed = vm.clone();
        if changed.host.is_some_and(|h| gone(h.into())) {
            changed.host = None;
        }
        if changed.cluster.is_some_and(|c| gone(c.into())) {
            changed.cluster = None;
        }
        if changed.resource_pool.is_some_and(|p| gone(p.into())) {
            changed.resource_pool = None;
        }
        if let Some(ft) = &mut changed.ft
            && ft.secondary_host.is_some_and(|h| gone(h.into()))
        {
            ft.secondary_host = None;
        }
        for disk in &mut changed.disks {
            if disk.datastore.is_some_and(|d| gone(d.into())) {
                disk.datastore = None;
            }
            if disk.rdm_lun.is_some_and(|l| gone(l.into())) {
                disk.rdm_lun = None;
            }
        }
        changed.nics.retain(|n| !gone(n.network.into()));
        changed.devices.retain(|d| match d {
            crate::model::Device::CdRom(crate::model::MediaBacking::Image(ds))
            | crate::model::Device::Floppy(crate::model::MediaBacking::Image(ds)) => {
                !gone((*ds).into())
            }
            _ => true,
        });
        if changed != *vm {
            tx.push(Edit::put(id, ObjectValue::Vm(changed)));
        }
    }
    for (&id, vswitch) in &project.vswitches {
        if gone(ObjectRef::Vswitch(id)) {
            continue;
        }
        let mut changed = vswitch.clone();
        changed.hosts.retain(|h| !gone((*h).into()));
        changed.networks.retain(|n| !gone((*n).into()));
        changed.uplinks.retain(|h, _| !gone((*h).into()));
        if changed != *vswitch {
            tx.push(Edit::put(id, ObjectValue::Vswitch(changed)));
        }
    }
    for (&id, datastore) in &project.datastores {
        if gone(ObjectRef::Datastore(id)) {
            continue;
        }
        let mut changed = datastore.clone();
        match &mut changed.kind {
            crate::model::DatastoreKind::Vmfs { luns } => luns.retain(|l| !gone((*l).into())),
            crate::model::DatastoreKind::Nfs { mounted_on, .. } => {
                mounted_on.retain(|h| !gone((*h).into()))
            }
            crate::model::DatastoreKind::Local { .. } => {}
        }
        if changed != *datastore {
            tx.push(Edit::put(id, ObjectValue::Datastore(changed)));
        }
    }
    for (&id, cluster) in &project.clusters {
        if !gone(ObjectRef::Cluster(id)) && cluster.vcenter.is_some_and(|v| gone(v.into())) {
            let mut changed = cluster.clone();
            changed.vcenter = None;
            tx.push(Edit::put(id, ObjectValue::Cluster(changed)));
        }
    }
    for (&id, vcenter) in &project.vcenters {
        if gone(ObjectRef::Vcenter(id)) {
            continue;
        }
        let mut changed = vcenter.clone();
        if changed.site.is_some_and(|s| gone(s.into())) {
            changed.site = None;
        }
        if changed.licence_server.is_some_and(|l| gone(l.into())) {
            changed.licence_server = None;
        }
        if changed != *vcenter {
            tx.push(Edit::put(id, ObjectValue::Vcenter(changed)));
        }
    }
    for (&id, array) in &project.arrays {
        if gone(ObjectRef::Array(id)) {
            continue;
        }
        let mut changed = array.clone();
        changed.ports.retain(|p| !gone(p.fabric.into()));
        for entry in &mut changed.host_entries {
            entry.luns.retain(|l| !gone((*l).into()));
        }
        if changed != *array {
            tx.push(Edit::put(id, ObjectValue::Array(changed)));
        }
    }
    for (&id, fabric) in &project.fabrics {
        if gone(ObjectRef::Fabric(id)) {
            continue;
        }
        let mut changed = fabric.clone();
        for zone in &mut changed.zones {
            zone.targets.retain(|a| !gone((*a).into()));
        }
        if changed != *fabric {
            tx.push(Edit::put(id, ObjectValue::Fabric(changed)));
        }
    }
    for (&id, enclosure) in &project.enclosures {
        if gone(ObjectRef::Enclosure(id)) {
            continue;
        }
        let mut changed = enclosure.clone();
        if changed.rack.is_some_and(|r| gone(r.into())) {
            changed.rack = None;
            changed.unit = None;
        } else if let Some(&bottom) = pinned.get(&ObjectRef::Enclosure(id)) {
            changed.unit = Some(bottom);
        }
        for module in changed.interconnects.values_mut() {
            module.fc_uplinks.retain(|s| !gone((*s).into()));
        }
        if changed != *enclosure {
            tx.push(Edit::put(id, ObjectValue::Enclosure(changed)));
        }
    }
    tx
}
