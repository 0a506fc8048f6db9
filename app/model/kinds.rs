//! The table of object kinds: each kind of plan object is one row, and its ID type, `ObjectRef` and
//! `ObjectValue` variants, naming, get/put, iteration and free-ID allocation follow from that row.
//!
//! Adding a kind is one row here plus its value type, its `Project` field and the code truly specific to it.
//! A row names the `Project` field and the value type, so a misspelt kind does not compile. The table's order is
//! `ObjectRef`'s order, which sorted outputs follow: a new kind goes at the end; its `Project` field may sit
//! anywhere, since that order is the plan file's.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Position, Project};

/// One kind of plan object, implemented by the table for the kind's ID type (`HostId` for hosts).
pub trait ObjectKind: Copy + Ord + Into<ObjectRef> + std::fmt::Display + 'static {
    /// The object's value (`Host` for `HostId`).
    type Value: Clone + 'static;
    /// The kind name users see in findings and JSON (`host`, `vm`, `lun`...).
    const KIND: &'static str;
    /// The ID with this number.
    fn from_raw(raw: u32) -> Self;
    /// The ID's number inside its kind.
    fn raw(self) -> u32;
    /// The plan's objects of this kind.
    fn collection(project: &Project) -> &BTreeMap<Self, Self::Value>;
    /// The plan's objects of this kind, to change (the edit path does; see `crate::edit::Edit`).
    fn collection_mut(project: &mut Project) -> &mut BTreeMap<Self, Self::Value>;
    /// The name users see for the object.
    fn name(value: &Self::Value) -> &str;
    /// The object's name, to change.
    fn name_mut(value: &mut Self::Value) -> &mut String;
    /// Where the object sits on the canvas, when its kind stores a position and it has one.
    fn position(value: &Self::Value) -> Option<Position>;
    /// Where the object sits on the canvas, to change, for kinds that store a position.
    fn position_mut(value: &mut Self::Value) -> Option<&mut Option<Position>>;
    /// The value as an `ObjectValue`.
    fn into_value(value: Self::Value) -> ObjectValue;
    /// The value inside an `ObjectValue` of this kind; `None` when it is of another kind.
    fn from_value(value: ObjectValue) -> Option<Self::Value>;

    /// The smallest ID above every ID of this kind in the plan.
    fn next_free(project: &Project) -> Self {
        let last = Self::collection(project).keys().last().map(|id| id.raw());
        Self::from_raw(last.map_or(1, |raw| raw.saturating_add(1)))
    }
}

/// One change of a plan as views see it: the revision it made and each object it touched with its value before
/// the change (`None`: the object is new). [`ObjectRef::Plan`] stands for the plan's name, timing or upgrade.
#[derive(Clone, Debug, PartialEq)]
pub struct Change<'a> {
    pub revision: u64,
    pub touched: Vec<(ObjectRef, Option<&'a ObjectValue>)>,
}

/// Work written once for every kind, done on the kind an `ObjectRef` names (see [`ObjectRef::visit`]).
pub trait KindVisitor {
    type Output;
    fn visit<K: ObjectKind>(self, id: K) -> Self::Output;
}

/// Work written once for every kind, done on the kind of an `ObjectValue` (see [`ObjectValue::visit`]).
pub trait ValueVisitor {
    type Output;
    fn visit<K: ObjectKind>(self, value: K::Value) -> Self::Output;
}

/// The field of a row's value that holds its canvas position, when the row names one.
macro_rules! position_field {
    (&$value:ident) => {{
        let _ = $value;
        None
    }};
    (&$value:ident, $field:ident) => {
        $value.$field
    };
    (&mut $value:ident) => {{
        let _ = $value;
        None
    }};
    (&mut $value:ident, $field:ident) => {
        Some(&mut $value.$field)
    };
}

macro_rules! object_kinds {
    ($(
        $(#[$doc:meta])*
        $id:ident => $variant:ident in $collection:ident as $kind:literal $(, at $position:ident)?;
    )*) => {
        $(
            $(#[$doc])*
            #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
            #[serde(transparent)]
            pub struct $id(pub u32);

            impl std::fmt::Display for $id {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    write!(f, "{}#{}", $kind, self.0)
                }
            }

            impl From<$id> for ObjectRef {
                fn from(id: $id) -> Self {
                    ObjectRef::$variant(id)
                }
            }

            impl ObjectKind for $id {
                type Value = super::$variant;
                const KIND: &'static str = $kind;
                fn from_raw(raw: u32) -> Self {
                    Self(raw)
                }
                fn raw(self) -> u32 {
                    self.0
                }
                fn collection(project: &Project) -> &BTreeMap<Self, Self::Value> {
                    &project.$collection
                }
                fn collection_mut(project: &mut Project) -> &mut BTreeMap<Self, Self::Value> {
                    &mut project.$collection
                }
                fn name(value: &Self::Value) -> &str {
                    &value.name
                }
                fn name_mut(value: &mut Self::Value) -> &mut String {
                    &mut value.name
                }
                fn position(value: &Self::Value) -> Option<Position> {
                    position_field!(&value $(, $position)?)
                }
                fn position_mut(value: &mut Self::Value) -> Option<&mut Option<Position>> {
                    position_field!(&mut value $(, $position)?)
                }
                fn into_value(value: Self::Value) -> ObjectValue {
                    ObjectValue::$variant(value)
                }
                fn from_value(value: ObjectValue) -> Option<Self::Value> {
                    match value {
                        ObjectValue::$variant(value) => Some(value),
                        _ => None,
                    }
                }
            }
        )*

        /// A reference to any object of a plan, by kind and stable ID.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum ObjectRef {
            /// The plan as a whole (for findings that belong to no single object).
            Plan,
            $($variant($id),)*
        }

        impl ObjectRef {
            /// The kind name users see in findings and JSON (`host`, `vm`, `lun`...).
            pub fn kind(self) -> &'static str {
                match self {
                    ObjectRef::Plan => "plan",
                    $(ObjectRef::$variant(_) => $kind,)*
                }
            }

            /// The numeric ID inside its kind (0 for the plan itself).
            pub fn raw_id(self) -> u32 {
                match self {
                    ObjectRef::Plan => 0,
                    $(ObjectRef::$variant(id) => id.0,)*
                }
            }

            /// The plan file's collection holding the object (`hosts`, `fc_switches`), `None` for the plan.
            pub fn collection(self) -> Option<&'static str> {
                match self {
                    ObjectRef::Plan => None,
                    $(ObjectRef::$variant(_) => Some(stringify!($collection)),)*
                }
            }

            /// Does the visitor's work on the referenced kind; `None` for the plan, which is of no kind.
            pub fn visit<V: KindVisitor>(self, visitor: V) -> Option<V::Output> {
                match self {
                    ObjectRef::Plan => None,
                    $(ObjectRef::$variant(id) => Some(visitor.visit(id)),)*
                }
            }
        }

        /// The value of any object of a plan.
        #[derive(Clone, Debug, PartialEq)]
        #[expect(
            clippy::large_enum_variant,
            reason = "edits keep values boxed already; a second box per host would only add an allocation"
        )]
        pub enum ObjectValue {
            $($variant(super::$variant),)*
        }

        impl ObjectValue {
            /// Does the visitor's work on the value's kind.
            pub fn visit<V: ValueVisitor>(self, visitor: V) -> V::Output {
                match self {
                    $(ObjectValue::$variant(value) => visitor.visit::<$id>(value),)*
                }
            }

            /// The kind name users see (`host`, `vm`...).
            pub fn kind(&self) -> &'static str {
                match self {
                    $(ObjectValue::$variant(_) => $kind,)*
                }
            }

            /// The object's name, to change.
            pub fn name_mut(&mut self) -> &mut String {
                match self {
                    $(ObjectValue::$variant(value) => <$id as ObjectKind>::name_mut(value),)*
                }
            }

            /// Where the object sits on the canvas, for kinds that store a position.
            pub fn position_mut(&mut self) -> Option<&mut Option<Position>> {
                match self {
                    $(ObjectValue::$variant(value) => <$id as ObjectKind>::position_mut(value),)*
                }
            }
        }

        /// A plan holding one object of every kind with ID 1, each at its kind's defaults.
        #[cfg(test)]
        fn one_of_each_kind() -> Project {
            let mut project = Project::default();
            $(project.$collection.insert($id(1), Default::default());)*
            project
        }

        impl Project {
            /// Every object of the plan, kind by kind in the table's order, by ID inside a kind.
            pub fn objects(&self) -> impl Iterator<Item = ObjectRef> + '_ {
                std::iter::empty()
                    $(.chain(self.$collection.keys().map(|&id| ObjectRef::$variant(id))))*
            }
        }
    };
}

object_kinds! {
    /// A vCenter Server or VirtualCenter instance.
    VcenterId => Vcenter in vcenters as "vcenter", at position;
    /// A VI3 FlexNet licence server.
    LicenceServerId => LicenceServer in licence_servers as "licence_server";
    /// A physical site (datacenter building).
    SiteId => Site in sites as "site", at position;
    /// A link between two sites (DCI).
    SiteLinkId => SiteLink in site_links as "site_link";
    /// A 42U rack.
    RackId => Rack in racks as "rack", at position;
    /// An HP c7000 blade enclosure.
    EnclosureId => Enclosure in enclosures as "enclosure", at position;
    /// An ESX host, blade or rack server.
    HostId => Host in hosts as "host", at position;
    /// A SAN fabric (A or B).
    FabricId => Fabric in fabrics as "fabric", at position;
    /// A Fibre Channel switch.
    FcSwitchId => FcSwitch in fc_switches as "fc_switch";
    /// A storage array (HP EVA).
    ArrayId => Array in arrays as "array", at position;
    /// A LUN (EVA Vdisk presented to hosts).
    LunId => Lun in luns as "lun";
    /// A datastore (VMFS on LUNs, NFS or local).
    DatastoreId => Datastore in datastores as "datastore";
    /// A VM network / VLAN / port group label.
    NetworkId => Network in networks as "network", at position;
    /// A virtual switch spanning hosts: vSwitch, vDS or Nexus 1000V.
    VswitchId => Vswitch in vswitches as "vswitch";
    /// An HA/DRS cluster.
    ClusterId => Cluster in clusters as "cluster", at position;
    /// A resource pool inside a cluster.
    ResourcePoolId => ResourcePool in resource_pools as "resource_pool";
    /// A virtual machine.
    VmId => Vm in vms as "vm", at position;
}

impl std::fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}#{}", self.kind(), self.raw_id())
    }
}

impl ObjectValue {
    /// The current value of an object; `None` for the plan and for a reference that dangles.
    pub fn of(project: &Project, object: ObjectRef) -> Option<Self> {
        struct Get<'a>(&'a Project);
        impl KindVisitor for Get<'_> {
            type Output = Option<ObjectValue>;
            fn visit<K: ObjectKind>(self, id: K) -> Option<ObjectValue> {
                K::collection(self.0).get(&id).cloned().map(K::into_value)
            }
        }
        object.visit(Get(project)).flatten()
    }
}

impl Project {
    /// The name users see for an object, or `None` when the reference dangles.
    pub fn name_of(&self, object: ObjectRef) -> Option<&str> {
        struct NameOf<'a>(&'a Project);
        impl<'a> KindVisitor for NameOf<'a> {
            type Output = Option<&'a str>;
            fn visit<K: ObjectKind>(self, id: K) -> Option<&'a str> {
                K::collection(self.0).get(&id).map(K::name)
            }
        }
        match object {
            ObjectRef::Plan => Some(self.name.as_str()),
            _ => object.visit(NameOf(self)).flatten(),
        }
    }

    /// An object's stored canvas position and its name, when its kind stores one and it has one.
    pub fn position_of(&self, object: ObjectRef) -> Option<(Position, &str)> {
        struct PositionOf<'a>(&'a Project);
        impl<'a> KindVisitor for PositionOf<'a> {
            type Output = Option<(Position, &'a str)>;
            fn visit<K: ObjectKind>(self, id: K) -> Self::Output {
                let value = K::collection(self.0).get(&id)?;
                Some((K::position(value)?, K::name(value)))
            }
        }
        object.visit(PositionOf(self)).flatten()
    }

    /// The object exists (the plan always does).
    pub fn contains(&self, object: ObjectRef) -> bool {
        self.name_of(object).is_some()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_kind_is_iterated_named_and_saved_under_its_collection() {
        let project = one_of_each_kind();
        let saved = ron::ser::to_string(&project).unwrap_or_default();
        let objects: Vec<ObjectRef> = project.objects().collect();
        let kinds: BTreeSet<&str> = objects.iter().map(|o| o.kind()).collect();
        assert_eq!(
            kinds.len(),
            objects.len(),
            "one object per kind: {objects:?}"
        );
        for object in objects {
            let collection = object.collection().unwrap_or_default();
            assert!(
                saved.contains(&format!("{collection}:")),
                "{object} is not saved under `{collection}`: {saved}"
            );
            assert_eq!(object.to_string(), format!("{}#1", object.kind()));
            assert_eq!(project.name_of(object), Some(""));
            let value = ObjectValue::of(&project, object);
            assert_eq!(value.as_ref().map(ObjectValue::kind), Some(object.kind()));
        }
        assert_eq!(ObjectRef::Plan.collection(), None);
        assert_eq!(
            ObjectRef::from(FcSwitchId(1)).collection(),
            Some("fc_switches")
        );
        assert_eq!(
            ObjectRef::from(LicenceServerId(1)).collection(),
            Some("licence_servers")
        );
    }

    #[test]
    fn a_free_id_is_above_every_id_of_its_kind_only() {
        let mut project = one_of_each_kind();
        project.hosts.insert(HostId(7), Default::default());
        assert_eq!(HostId::next_free(&project), HostId(8));
        assert_eq!(VmId::next_free(&project), VmId(2));
        assert_eq!(VmId::next_free(&Project::default()), VmId(1));
    }

    #[test]
    fn positions_are_read_and_written_for_drawn_kinds_only() {
        let mut project = one_of_each_kind();
        let at = Position { x: 3.0, y: 4.0 };
        if let Some(site) = project.sites.get_mut(&SiteId(1)) {
            site.name = "West".to_owned();
            site.position = Some(at);
        }
        assert_eq!(project.position_of(SiteId(1).into()), Some((at, "West")));
        assert_eq!(
            project.position_of(HostId(1).into()),
            None,
            "stored nowhere yet"
        );
        assert_eq!(
            project.position_of(LunId(1).into()),
            None,
            "LUNs are not drawn"
        );
        let mut lun = ObjectValue::Lun(Default::default());
        assert!(lun.position_mut().is_none());
    }
}
