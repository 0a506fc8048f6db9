//! The plan's domain model: plain, serde-able data with stable typed IDs and no caches.
//!
//! Every collection is a `BTreeMap` keyed by a typed ID, so iteration and the saved file are in a fixed order.

pub mod calendar;
mod cluster;
mod compute;
pub mod flex10;
mod flexnic_table;
pub(crate) mod index;
mod infra;
mod kinds;
mod network;
mod rack;
mod release;
mod storage;
mod timing;
mod upgrade;
mod validate;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use cluster::*;
pub use compute::*;
pub use flexnic_table::{FlexnicRow, FlexnicTable};
pub use index::{HostSet, Index, VmRow, VmTable};
pub use infra::*;
pub use kinds::*;
pub use network::*;
pub use rack::{
    C7000_UNITS, Mount, RACK_UNITS, RackContents, mount_of, rack_contents, server_units, unit_range,
};
pub use release::{Release, ReleaseParseError};
pub use storage::*;
pub use timing::Timing;
pub use upgrade::*;
pub use validate::{IntegrityError, MAX_NAME_CHARS, check_integrity, check_integrity_of};

/// A canvas position in design units (issue 3 draws it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Position {
    pub x: f32,
    pub y: f32,
}

#[expect(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's skip_serializing_if passes a reference"
)]
pub(crate) fn is_false(value: &bool) -> bool {
    !*value
}

/// A field at its default value is left out of saved files.
pub(crate) fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// A whole design: every object of the estate, keyed by typed ID.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Project {
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub vcenters: BTreeMap<VcenterId, Vcenter>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub licence_servers: BTreeMap<LicenceServerId, LicenceServer>,
    pub sites: BTreeMap<SiteId, Site>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub site_links: BTreeMap<SiteLinkId, SiteLink>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub racks: BTreeMap<RackId, Rack>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub enclosures: BTreeMap<EnclosureId, Enclosure>,
    pub hosts: BTreeMap<HostId, Host>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fabrics: BTreeMap<FabricId, Fabric>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fc_switches: BTreeMap<FcSwitchId, FcSwitch>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub arrays: BTreeMap<ArrayId, Array>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub luns: BTreeMap<LunId, Lun>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub datastores: BTreeMap<DatastoreId, Datastore>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub networks: BTreeMap<NetworkId, Network>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub vswitches: BTreeMap<VswitchId, Vswitch>,
    pub clusters: BTreeMap<ClusterId, Cluster>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub resource_pools: BTreeMap<ResourcePoolId, ResourcePool>,
    pub vms: BTreeMap<VmId, Vm>,
    /// The highest memory overcommitment the design accepts (configured VM memory over host memory), CAP-05; a
    /// design choice VMware gives no number for: 1.0 when not set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mem_overcommit_max: Option<f64>,
    /// The oldest snapshot age in days the design accepts before asking for consolidation (GOS-02); a design
    /// choice: snapshots are not checked for age when not set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapshot_max_age_days: Option<u32>,
    /// The licences the organisation owns: VI3 entitlements and vSphere 4 keys.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub licences: Vec<LicenceKey>,
    /// How long upgrade work takes and how much runs at once: the assumptions behind every duration.
    #[serde(skip_serializing_if = "Timing::is_default")]
    pub timing: Timing,
    /// The staged upgrade, once one is planned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upgrade: Option<UpgradePlan>,
}

impl Project {
    /// Sites joined to each site by a link meant for long-distance vMotion.
    pub fn ldvm_partner_sites(&self) -> BTreeMap<SiteId, Vec<SiteId>> {
        let mut partners: BTreeMap<SiteId, Vec<SiteId>> = BTreeMap::new();
        for link in self.site_links.values().filter(|l| l.long_distance_vmotion) {
            partners.entry(link.site_a).or_default().push(link.site_b);
            partners.entry(link.site_b).or_default().push(link.site_a);
        }
        partners
    }

    /// A host's name, or its ID when the reference dangles (for messages).
    pub fn host_name(&self, id: HostId) -> String {
        self.hosts
            .get(&id)
            .map_or_else(|| id.to_string(), |host| host.name.clone())
    }

    /// Where a host sits, as users say it: "enc1/bay3" for blades, the host name otherwise.
    pub fn host_location(&self, id: HostId) -> String {
        let Some(host) = self.hosts.get(&id) else {
            return id.to_string();
        };
        match &host.placement {
            Placement::Blade { enclosure, bay } => {
                let enclosure = self
                    .enclosures
                    .get(enclosure)
                    .map_or_else(|| enclosure.to_string(), |e| e.name.clone());
                format!("{enclosure}/bay{bay}")
            }
            Placement::RackServer { .. } => host.name.clone(),
        }
    }
}
