//! Typed object identifiers and `ObjectRef`, the one way findings, selections and the canvas point at objects.

use serde::{Deserialize, Serialize};

macro_rules! typed_ids {
    ($($(#[$doc:meta])* $name:ident => $variant:ident, $kind:literal;)*) => {
        $(
            $(#[$doc])*
            #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
            #[serde(transparent)]
            pub struct $name(pub u32);

            impl std::fmt::Display for $name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    write!(f, "{}#{}", $kind, self.0)
                }
            }

            impl From<$name> for ObjectRef {
                fn from(id: $name) -> Self {
                    ObjectRef::$variant(id)
                }
            }
        )*

        /// A reference to any object of a plan, by kind and stable ID.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum ObjectRef {
            /// The plan as a whole (for findings that belong to no single object).
            Plan,
            $($variant($name),)*
        }

        impl std::fmt::Display for ObjectRef {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}#{}", self.kind(), self.raw_id())
            }
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
        }
    };
}

typed_ids! {
    /// A vCenter Server or VirtualCenter instance.
    VcenterId => Vcenter, "vcenter";
    /// A VI3 FlexNet licence server.
    LicenceServerId => LicenceServer, "licence_server";
    /// A physical site (datacenter building).
    SiteId => Site, "site";
    /// A link between two sites (DCI).
    SiteLinkId => SiteLink, "site_link";
    /// A 42U rack.
    RackId => Rack, "rack";
    /// An HP c7000 blade enclosure.
    EnclosureId => Enclosure, "enclosure";
    /// An ESX host, blade or rack server.
    HostId => Host, "host";
    /// A SAN fabric (A or B).
    FabricId => Fabric, "fabric";
    /// A Fibre Channel switch.
    FcSwitchId => FcSwitch, "fc_switch";
    /// A storage array (HP EVA).
    ArrayId => Array, "array";
    /// A LUN (EVA Vdisk presented to hosts).
    LunId => Lun, "lun";
    /// A datastore (VMFS on LUNs, NFS or local).
    DatastoreId => Datastore, "datastore";
    /// A VM network / VLAN / port group label.
    NetworkId => Network, "network";
    /// A virtual switch spanning hosts: vSwitch, vDS or Nexus 1000V.
    VswitchId => Vswitch, "vswitch";
    /// An HA/DRS cluster.
    ClusterId => Cluster, "cluster";
    /// A resource pool inside a cluster.
    ResourcePoolId => ResourcePool, "resource_pool";
    /// A virtual machine.
    VmId => Vm, "vm";
}
