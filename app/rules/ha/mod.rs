//! HA: HA configuration per rules-v2 B3 (admission control policies each vCenter has, isolation addresses and
//! response, host naming, the management network, its interface kind and address family, NTP).

use std::collections::BTreeSet;

use crate::model::{Host, ManagementInterface, Project};

pub(super) mod ha_01_policy_not_in_vcenter;
pub(super) mod ha_02_no_isolation_address;
pub(super) mod ha_03_isolation_response_without_redundancy;
pub(super) mod ha_04_host_names_not_resolvable;
pub(super) mod ha_05_management_network;
pub(super) mod ha_06_management_interface_kind;
pub(super) mod ha_07_management_not_ipv4;
pub(super) mod ha_08_ntp_sources_differ;

/// A management interface's name for messages, "interface N" when the plan gives none.
fn interface_label(interface: &ManagementInterface, position: usize) -> String {
    if interface.name.is_empty() {
        format!("management interface {}", position + 1)
    } else {
        interface.name.clone()
    }
}

/// An IP subnet in a comparable form: "10.1.10.5/24" and "10.1.10.0/24" are the same subnet. Text that is not
/// IPv4 CIDR is compared as written (trimmed, lower case).
fn normalized_subnet(subnet: &str) -> String {
    let text = subnet.trim();
    let parsed = text.split_once('/').and_then(|(address, length)| {
        let address: std::net::Ipv4Addr = address.parse().ok()?;
        let length: u32 = length.parse().ok().filter(|length| *length <= 32)?;
        let mask = u32::MAX.checked_shl(32 - length).unwrap_or(0);
        Some(format!(
            "{}/{length}",
            std::net::Ipv4Addr::from(u32::from(address) & mask)
        ))
    });
    parsed.unwrap_or_else(|| text.to_lowercase())
}

/// The IP subnet of a management interface: its own, else its network's; `None` when neither is recorded.
fn interface_subnet(project: &Project, interface: &ManagementInterface) -> Option<String> {
    let own = Some(interface.subnet.as_str()).filter(|subnet| !subnet.trim().is_empty());
    let of_network = || {
        interface
            .network
            .and_then(|id| project.networks.get(&id))
            .map(|network| network.subnet.as_str())
            .filter(|subnet| !subnet.trim().is_empty())
    };
    own.or_else(of_network).map(normalized_subnet)
}

/// Whether two management interfaces sit on the same network: the same network when both name one, else the same
/// IP subnet when both have one; `None` when the plan does not say.
fn same_network(
    project: &Project,
    a: &ManagementInterface,
    b: &ManagementInterface,
) -> Option<bool> {
    if let (Some(left), Some(right)) = (a.network, b.network) {
        return Some(left == right);
    }
    Some(interface_subnet(project, a)? == interface_subnet(project, b)?)
}

/// A management network for messages: the network's name, else the subnet, else the interface's name.
fn network_label(project: &Project, interface: &ManagementInterface, position: usize) -> String {
    if let Some(network) = interface.network.and_then(|id| project.networks.get(&id)) {
        return network.name.clone();
    }
    interface_subnet(project, interface).unwrap_or_else(|| interface_label(interface, position))
}

/// The host's management interfaces sit on at least two networks that the plan tells apart.
fn on_several_management_networks(project: &Project, host: &Host) -> bool {
    let interfaces = &host.management_interfaces;
    interfaces.iter().enumerate().any(|(at, first)| {
        interfaces
            .iter()
            .skip(at + 1)
            .any(|second| same_network(project, first, second) == Some(false))
    })
}

/// Whether a host's management network survives the loss of one uplink, as far as the plan records it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Redundancy {
    /// A second management interface, or a team reaching at least two modules or switches.
    Redundant,
    /// One interface whose team reaches one module or switch (named).
    Single(String),
    /// No interface, or no uplinks recorded.
    Unknown,
}

/// rules-v2 HA-05's redundancy test for one host. Besides the interface's `uplinks`, the FlexNICs carrying its
/// network on Flex-10 ports wired to two interconnect bays also make a team to separate modules: plans migrated
/// from format 2 record only the active uplink in `uplinks`, while their NIC ports show the standby.
fn management_redundancy(host: &Host) -> Redundancy {
    let interfaces = &host.management_interfaces;
    if interfaces.len() >= 2 {
        return Redundancy::Redundant;
    }
    let Some(interface) = interfaces.first() else {
        return Redundancy::Unknown;
    };
    let uplinks: BTreeSet<&str> = interface
        .uplinks
        .iter()
        .map(|uplink| uplink.trim())
        .filter(|uplink| !uplink.is_empty())
        .collect();
    if uplinks.len() >= 2 {
        return Redundancy::Redundant;
    }
    if let Some(network) = interface.network {
        let bays: BTreeSet<u8> = host
            .nic_ports
            .iter()
            .filter(|port| {
                port.flexnics
                    .iter()
                    .any(|flexnic| flexnic.networks.contains(&network))
            })
            .filter_map(|port| port.interconnect_bay)
            .collect();
        if bays.len() >= 2 {
            return Redundancy::Redundant;
        }
    }
    match uplinks.first() {
        Some(uplink) => Redundancy::Single(format!(
            "{} has one management interface ({}) whose team reaches only {uplink}",
            host.name,
            interface_label(interface, 0)
        )),
        None => Redundancy::Unknown,
    }
}

/// Names joined for messages: "a", "a and b", "a, b and c".
fn join_names(names: &[String]) -> String {
    crate::wording::join_and(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FlexNic, NetworkId, NicPort};

    #[test]
    fn subnets_compare_by_network_address() {
        assert_eq!(normalized_subnet("10.1.10.5/24"), "10.1.10.0/24");
        assert_eq!(normalized_subnet(" 10.1.10.0/24 "), "10.1.10.0/24");
        assert_eq!(normalized_subnet("0.0.0.0/0"), "0.0.0.0/0");
        assert_eq!(normalized_subnet("FD00:10::/64"), "fd00:10::/64");
    }

    #[test]
    fn one_uplink_is_single_unless_the_nic_ports_show_a_second_bay() {
        let mut host = Host {
            name: "esx01".into(),
            management_interfaces: vec![ManagementInterface {
                name: "vswif0".into(),
                network: Some(NetworkId(1)),
                uplinks: vec!["bay1".into()],
                ..ManagementInterface::default()
            }],
            ..Host::default()
        };
        assert!(matches!(
            management_redundancy(&host),
            Redundancy::Single(_)
        ));
        host.nic_ports = [1, 2]
            .into_iter()
            .map(|bay| NicPort {
                name: format!("LOM{bay}"),
                interconnect_bay: Some(bay),
                flexnics: vec![FlexNic {
                    letter: "a".into(),
                    networks: vec![NetworkId(1)],
                    ..FlexNic::default()
                }],
                ..NicPort::default()
            })
            .collect();
        assert_eq!(management_redundancy(&host), Redundancy::Redundant);
    }

    #[test]
    fn no_interfaces_or_no_uplinks_are_unknown() {
        let mut host = Host::default();
        assert_eq!(management_redundancy(&host), Redundancy::Unknown);
        host.management_interfaces
            .push(ManagementInterface::default());
        assert_eq!(management_redundancy(&host), Redundancy::Unknown);
    }

    #[test]
    fn names_are_joined_with_and() {
        let names = |list: &[&str]| list.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
        assert_eq!(join_names(&names(&["a"])), "a");
        assert_eq!(join_names(&names(&["a", "b"])), "a and b");
        assert_eq!(join_names(&names(&["a", "b", "c"])), "a, b and c");
    }
}
