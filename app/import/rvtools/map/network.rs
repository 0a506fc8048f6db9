//! Networking: port groups and their VLANs, the hosts' physical NICs, standard and distributed switches, and
//! VMkernel ports; a list the export does not give is marked not recorded on the hosts.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{Mapper, text, whole};
use crate::import::rvtools::columns::{
    Column, DvPort, DvSwitch, VInfo, VNetwork, VNic, VPort, VScVmk, VSwitch,
};
use crate::import::rvtools::workbook::Cell;
use crate::model::{
    Gateway, HostId, ManagementInterface, ManagementKind, Network, NetworkId, NicKind, NicPort,
    Unrecorded, VmkPort, VmkRole, Vswitch, VswitchId, VswitchKind,
};

impl Mapper<'_> {
    pub(super) fn network(&mut self, name: &str) -> NetworkId {
        if let Some(id) = self.networks.get(name) {
            return *id;
        }
        let id = NetworkId(self.project.networks.len() as u32 + 1);
        self.project.networks.insert(
            id,
            Network {
                name: name.to_owned(),
                ..Network::default()
            },
        );
        self.networks.insert(name.to_owned(), id);
        id
    }

    /// Networks in name order, so their IDs do not depend on row order.
    pub(super) fn networks_from_tabs(&mut self) {
        let book = self.book;
        let mut names: BTreeSet<String> = BTreeSet::new();
        if let Some(tab) = book.tab("vNetwork") {
            names.extend(
                tab.rows
                    .iter()
                    .filter_map(|row| text(row, VNetwork::Network).map(Cow::into_owned)),
            );
        } else if let Some(tab) = book.tab("vInfo") {
            for row in &tab.rows {
                for column in VInfo::NETWORKS {
                    names.extend(text(row, column).map(Cow::into_owned));
                }
            }
        }
        if let Some(tab) = book.tab("vSC_VMK") {
            names.extend(
                tab.rows
                    .iter()
                    .filter_map(|row| text(row, VScVmk::PortGroup).map(Cow::into_owned)),
            );
        }
        // Port groups and the VLANs they carry, per host (vPort) and per distributed switch (dvPort).
        let mut vlans: BTreeMap<String, BTreeSet<u16>> = BTreeMap::new();
        let port_groups = book
            .tab("vPort")
            .map(|tab| (tab, VPort::PortGroup.index(), VPort::Vlan.index()));
        let distributed = book
            .tab("dvPort")
            .map(|tab| (tab, DvPort::Port.index(), DvPort::Vlan.index()));
        for (tab, name_column, vlan_column) in port_groups.into_iter().chain(distributed) {
            for row in &tab.rows {
                let Some(name) = row.cell(name_column).text() else {
                    continue;
                };
                if is_uplink_port_group(&name) {
                    continue;
                }
                let entry = vlans.entry(name.clone().into_owned()).or_default();
                entry.extend(vlan_id(row.cell(vlan_column)));
                names.insert(name.into_owned());
            }
        }
        for name in &names {
            self.network(name);
        }
        let mut without_vlan = 0_usize;
        for name in &names {
            let Some(id) = self.networks.get(name).copied() else {
                continue;
            };
            let seen = vlans.get(name).cloned().unwrap_or_default();
            let Some(&vlan) = seen.iter().next() else {
                without_vlan += 1;
                continue;
            };
            if seen.len() > 1 {
                let all: Vec<String> = seen.iter().map(u16::to_string).collect();
                self.report.guess(
                    "network.vlan",
                    vlan.to_string(),
                    "the port group carries different VLANs on different hosts; the lowest is kept",
                    || format!("{name} (VLANs {})", all.join(", ")),
                );
            }
            if let Some(network) = self.project.networks.get_mut(&id) {
                network.vlan = vlan;
            }
        }
        if without_vlan > 0 {
            self.report.guess(
                "network.vlan",
                "0",
                "no vPort or dvPort row gives the port group one VLAN (trunks give none)",
                || format!("{without_vlan} networks"),
            );
        }
    }

    /// The hosts' physical NICs; returns each host's fastest link speed as vNIC gives it (0 when unknown).
    pub(super) fn physical_nics(&mut self) -> HashMap<HostId, u32> {
        const TAB: &str = "vNIC";
        let book = self.book;
        let mut link_mbps: HashMap<HostId, u32> = HashMap::new();
        let Some(tab) = book.tab(TAB) else {
            return link_mbps;
        };
        if !self.require(tab, VNic::Host, "a row without a host cannot be placed") {
            return link_mbps;
        }
        for row in &tab.rows {
            let Some(id) = self.host_in(TAB, row, text(row, VNic::Host)) else {
                continue;
            };
            let name = text(row, VNic::Device)
                .map(Cow::into_owned)
                .unwrap_or_default();
            let speed = self
                .number(TAB, row, VNic::Speed, "host.nic_ports.kind", &name)
                .and_then(whole)
                .unwrap_or(0);
            let kind = if speed >= 10_000 {
                NicKind::TenGbe
            } else {
                NicKind::OneGbe
            };
            let fastest = link_mbps.entry(id).or_default();
            *fastest = (*fastest).max(speed);
            if let Some(host) = self.project.hosts.get_mut(&id) {
                host.nic_ports.push(NicPort {
                    name,
                    kind,
                    ..NicPort::default()
                });
            }
        }
        link_mbps
    }

    /// Standard vSwitches (vSwitch, with their port groups from vPort) and distributed ones (dvSwitch, with
    /// theirs from dvPort). A standard switch of one name whose port groups differ between hosts becomes one
    /// switch per set of port groups, so each host carries exactly the networks it has.
    pub(super) fn switches(&mut self) {
        let book = self.book;
        // A host's port groups are known only when every tab that lists them is there: standard ones from vPort,
        // distributed ones from dvPort on the members dvSwitch names.
        let missing: Vec<&str> = ["vPort", "dvSwitch", "dvPort"]
            .into_iter()
            .filter(|tab| book.tab(tab).is_none())
            .collect();
        if !missing.is_empty() {
            let why = format!("the export has no {} tab", or_list(&missing));
            self.mark_unrecorded("host.port_groups", &why, |lists| &mut lists.port_groups);
        } else if let Some(tab) = book.tab("dvSwitch")
            && !tab.has(DvSwitch::HostMembers.index())
        {
            let why = format!(
                "dvSwitch has no `{}` column",
                DvSwitch::HostMembers.header()
            );
            self.mark_unrecorded("host.port_groups", &why, |lists| &mut lists.port_groups);
        }
        // Port groups of each (host, standard switch).
        let mut standard: BTreeMap<(HostId, String), BTreeSet<NetworkId>> = BTreeMap::new();
        if let Some(tab) = book.tab("vSwitch")
            && self.require(tab, VSwitch::Host, "a row without a host cannot be placed")
        {
            for row in &tab.rows {
                let Some(host) = self.host_in("vSwitch", row, text(row, VSwitch::Host)) else {
                    continue;
                };
                let Some(name) = text(row, VSwitch::Switch) else {
                    self.report.skip("vSwitch", row.number, "no switch name");
                    continue;
                };
                standard.entry((host, name.into_owned())).or_default();
            }
        }
        if let Some(tab) = book.tab("vPort")
            && self.require(tab, VPort::Host, "a row without a host cannot be placed")
        {
            for row in &tab.rows {
                let Some(host) = self.host_in("vPort", row, text(row, VPort::Host)) else {
                    continue;
                };
                let (Some(group), Some(switch)) =
                    (text(row, VPort::PortGroup), text(row, VPort::Switch))
                else {
                    self.report
                        .skip("vPort", row.number, "no port group or switch name");
                    continue;
                };
                let network = self.network(&group);
                standard
                    .entry((host, switch.into_owned()))
                    .or_default()
                    .insert(network);
            }
        }
        // Switch name -> port group set -> hosts; the set most hosts share keeps the plain name.
        let mut grouped: BTreeMap<String, BTreeMap<Vec<NetworkId>, Vec<HostId>>> = BTreeMap::new();
        for ((host, name), networks) in standard {
            grouped
                .entry(name)
                .or_default()
                .entry(networks.into_iter().collect())
                .or_default()
                .push(host);
        }
        let mut switches: Vec<Vswitch> = Vec::new();
        for (name, sets) in grouped {
            let mut sets: Vec<(Vec<NetworkId>, Vec<HostId>)> = sets.into_iter().collect();
            sets.sort_by_key(|(_, hosts)| std::cmp::Reverse(hosts.len()));
            if sets.len() > 1 {
                self.report.note(format!(
                    "standard switch `{name}` has different port groups on different hosts: imported as {} switches, one per set of port groups",
                    sets.len()
                ));
            }
            for (variant, (networks, hosts)) in sets.into_iter().enumerate() {
                switches.push(Vswitch {
                    name: if variant == 0 {
                        name.clone()
                    } else {
                        format!("{name} ({})", variant + 1)
                    },
                    kind: VswitchKind::Standard,
                    hosts,
                    networks,
                    ..Vswitch::default()
                });
            }
        }
        // Distributed switches: members from dvSwitch, port groups from dvPort.
        let mut distributed: BTreeMap<String, (Vec<HostId>, BTreeSet<NetworkId>)> = BTreeMap::new();
        if let Some(tab) = book.tab("dvSwitch")
            && self.require(
                tab,
                DvSwitch::Switch,
                "a distributed switch without a name cannot be used",
            )
        {
            for row in &tab.rows {
                let Some(name) = text(row, DvSwitch::Switch) else {
                    self.report.skip("dvSwitch", row.number, "no switch name");
                    continue;
                };
                let members: Vec<HostId> = text(row, DvSwitch::HostMembers)
                    .map(|members| {
                        members
                            .split(',')
                            .filter_map(|h| self.hosts.get(&h.trim().to_lowercase()).copied())
                            .collect()
                    })
                    .unwrap_or_default();
                let (hosts, _) = distributed.entry(name.into_owned()).or_default();
                for member in members {
                    if !hosts.contains(&member) {
                        hosts.push(member);
                    }
                }
            }
        }
        if let Some(tab) = book.tab("dvPort")
            && self.require(
                tab,
                DvPort::Port,
                "a port group without a name cannot be used",
            )
        {
            for row in &tab.rows {
                let (Some(port), Some(switch)) =
                    (text(row, DvPort::Port), text(row, DvPort::Switch))
                else {
                    self.report
                        .skip("dvPort", row.number, "no port group or switch name");
                    continue;
                };
                if is_uplink_port_group(&port) {
                    self.report.skip(
                        "dvPort",
                        row.number,
                        "the uplink port group of a distributed switch: no VM connects to it",
                    );
                    continue;
                }
                let network = self.network(&port);
                distributed
                    .entry(switch.into_owned())
                    .or_default()
                    .1
                    .insert(network);
            }
        }
        for (name, (hosts, networks)) in distributed {
            switches.push(Vswitch {
                name,
                kind: VswitchKind::Distributed,
                hosts,
                networks: networks.into_iter().collect(),
                ..Vswitch::default()
            });
        }
        for (index, vswitch) in switches.into_iter().enumerate() {
            self.project
                .vswitches
                .insert(VswitchId(index as u32 + 1), vswitch);
        }
    }

    /// Marks a list as not recorded on every host (the export lacks what gives it), and reports it as not given.
    fn mark_unrecorded(
        &mut self,
        field: &str,
        why: &str,
        list: impl Fn(&mut Unrecorded) -> &mut bool,
    ) {
        for host in self.project.hosts.values_mut() {
            *list(&mut host.unrecorded) = true;
        }
        let hosts = u32::try_from(self.project.hosts.len()).unwrap_or(u32::MAX);
        self.report.unknowns_of(field, why, hosts);
    }

    /// `link_mbps`: each host's fastest physical NIC speed, from [`Self::physical_nics`].
    pub(super) fn vmkernel_ports(&mut self, link_mbps: &HashMap<HostId, u32>) {
        const TAB: &str = "vSC_VMK";
        let book = self.book;
        let Some(tab) = book.tab(TAB) else {
            self.mark_unrecorded(
                "host.vmkernel_ports",
                "the export has no vSC_VMK tab",
                |lists| &mut lists.vmkernel_ports,
            );
            return;
        };
        if !self.require(tab, VScVmk::Host, "a row without a host cannot be placed") {
            let why = format!("vSC_VMK has no `{}` column", VScVmk::Host.header());
            self.mark_unrecorded("host.vmkernel_ports", &why, |lists| {
                &mut lists.vmkernel_ports
            });
            return;
        }
        for row in &tab.rows {
            let Some(id) = self.host_in(TAB, row, text(row, VScVmk::Host)) else {
                continue;
            };
            let port_group = text(row, VScVmk::PortGroup)
                .map(Cow::into_owned)
                .unwrap_or_default();
            let device = text(row, VScVmk::Device)
                .map(Cow::into_owned)
                .unwrap_or_default();
            let ip = text(row, VScVmk::Ip)
                .map(Cow::into_owned)
                .unwrap_or_default();
            let subnet = text(row, VScVmk::SubnetMask)
                .and_then(|mask| subnet_of(&ip, &mask))
                .unwrap_or_default();
            let lower = port_group.to_ascii_lowercase();
            let mut roles = Vec::new();
            if lower.contains("vmotion") {
                roles.push(VmkRole::Vmotion);
            }
            if lower.contains("fault")
                || lower
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|w| w == "ft")
            {
                roles.push(VmkRole::FtLogging);
            }
            // A vswif device is a service console port whatever its port group is called.
            let console = device.to_ascii_lowercase().starts_with("vswif");
            let management = console
                || lower.contains("management")
                || lower.contains("mgmt")
                || lower.contains("service console");
            let host_name = self.project.host_name(id);
            let example = || format!("{host_name} {device} (vSC_VMK row {})", row.number);
            if !console && management {
                self.report.guess(
                    "host.management_interfaces",
                    "a management VMkernel port",
                    "from the port group's name: RVTools does not export VMkernel services",
                    example,
                );
            }
            for role in &roles {
                self.report.guess(
                    "host.vmkernel_ports.roles",
                    format!("{role:?}"),
                    "from the port group's name: RVTools does not export VMkernel services",
                    example,
                );
            }
            // The speed vNIC gives, not the NIC's kind: a link at 100 Mb/s is a OneGbe port but no gigabit uplink.
            let uplink_mbps = link_mbps.get(&id).copied().unwrap_or(0);
            self.report.guess(
                "host.vmkernel_ports.uplink_mbps",
                uplink_mbps.to_string(),
                "the fastest physical NIC of the host: the export does not say which NIC backs the port",
                example,
            );
            let network = (!port_group.is_empty()).then(|| self.network(&port_group));
            let gateway = text(row, VScVmk::Gateway)
                .map(|gateway| Gateway::At(gateway.into_owned()))
                .unwrap_or_default();
            let Some(host) = self.project.hosts.get_mut(&id) else {
                continue;
            };
            let name = if device.is_empty() {
                port_group.clone()
            } else {
                device.clone()
            };
            if management {
                host.management_interfaces.push(ManagementInterface {
                    kind: if console {
                        ManagementKind::ServiceConsole
                    } else {
                        ManagementKind::Vmkernel
                    },
                    name: name.clone(),
                    ip: ip.clone(),
                    subnet: subnet.clone(),
                    gateway,
                    vlan: None,
                    network,
                    uplink_mbps: (uplink_mbps > 0).then_some(uplink_mbps),
                    uplinks: Vec::new(),
                });
            }
            if !roles.is_empty() || !management {
                host.vmkernel_ports.push(VmkPort {
                    name,
                    roles,
                    ip,
                    subnet,
                    vlan: None,
                    uplink_mbps,
                    active_uplink: None,
                    network,
                    mtu: None,
                });
            }
        }
    }
}

/// Names joined as "a", "a or b", "a, b or c".
fn or_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// The uplink port group every distributed switch has (`dvSwitch-DVUplinks-123`): no VM connects to it.
fn is_uplink_port_group(name: &str) -> bool {
    name.to_ascii_lowercase().contains("dvuplinks")
}

/// A port group's VLAN: a number, or text such as `100` or `VLAN access : 100`. Trunks (`0-4094`, `10,20`) and
/// private VLANs give none: a network of the plan has one VLAN.
fn vlan_id(cell: &Cell) -> Option<u16> {
    if let Ok(Some(number)) = cell.number() {
        return (0.0..=4094.0)
            .contains(&number)
            .then_some(number as u16)
            .filter(|_| number.fract() == 0.0);
    }
    let text = cell.text()?;
    let value = text.rsplit(':').next().unwrap_or_default().trim();
    if value.contains(['-', ',']) {
        return None;
    }
    value.parse::<u16>().ok().filter(|vlan| *vlan <= 4094)
}

/// "10.0.0.5" with mask "255.255.255.0" is on "10.0.0.0/24".
fn subnet_of(ip: &str, mask: &str) -> Option<String> {
    let ip: std::net::Ipv4Addr = ip.trim().parse().ok()?;
    let mask: std::net::Ipv4Addr = mask.trim().parse().ok()?;
    let mask_bits = u32::from(mask);
    let prefix = mask_bits.count_ones();
    let network = std::net::Ipv4Addr::from(u32::from(ip) & mask_bits);
    Some(format!("{network}/{prefix}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_give_subnets() {
        assert_eq!(
            subnet_of("10.20.30.40", "255.255.255.0").as_deref(),
            Some("10.20.30.0/24")
        );
    }
}
