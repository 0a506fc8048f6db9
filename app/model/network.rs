//! Networks: VLANs and port-group labels, and the virtual switches (vSwitch, vDS, Nexus 1000V) that carry them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{HostId, NetworkId, Position, is_false};

/// A network (VLAN) presented to VMs or VMkernel ports under a port-group label.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Network {
    /// The port-group label, case-sensitive as vCenter matches it.
    pub name: String,
    pub vlan: u16,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub subnet: String,
    /// A private, non-routed VLAN.
    #[serde(skip_serializing_if = "is_false")]
    pub isolated: bool,
    /// Extended at layer 2 to the other site.
    #[serde(skip_serializing_if = "is_false")]
    pub stretched_l2: bool,
    /// The MTU of the Virtual Connect network carrying the VLAN, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mtu: Option<u16>,
    /// The MTU of the upstream physical switches on the VLAN, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upstream_mtu: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}

/// The kind of a virtual switch.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum VswitchKind {
    /// A standard vSwitch, configured alike on each member host.
    #[default]
    Standard,
    /// A vNetwork Distributed Switch.
    Distributed,
    /// A Cisco Nexus 1000V with the VSM version.
    Nexus1000v { vsm_version: String },
}

/// A virtual switch and the hosts that carry it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Vswitch {
    pub name: String,
    pub kind: VswitchKind,
    pub hosts: Vec<HostId>,
    pub networks: Vec<NetworkId>,
    /// No physical uplinks (an internal-only vSwitch).
    #[serde(skip_serializing_if = "is_false")]
    pub internal_only: bool,
    /// Nexus 1000V vPC host mode (MAC pinning on two upstream switches).
    #[serde(skip_serializing_if = "is_false")]
    pub vpc_host_mode: bool,
    /// Upstream physical switches each host's uplinks are cabled to.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub uplinks: BTreeMap<HostId, Vec<String>>,
    /// The switch's MTU, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mtu: Option<u16>,
}

impl Vswitch {
    /// The switch's hosts that `project` holds: all of them in a whole plan; a few in the part of a large plan a
    /// scoped re-check reads, so what is worked out per host stays the size of the part.
    pub fn hosts_in<'a>(
        &'a self,
        project: &'a super::Project,
    ) -> impl Iterator<Item = HostId> + 'a {
        self.hosts
            .iter()
            .copied()
            .filter(|host| project.hosts.contains_key(host))
    }
}
