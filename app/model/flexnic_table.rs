//! Every FlexNIC of every host in one table, side by side: what the Virtual Connect rules walk at each check.
//!
//! A host keeps its ports, their FlexNICs and their networks in nested lists. Walking them for every host is
//! cheap while they stay in a core's cache (the VMworld preset's 776 hosts) and costly once they do not (ten
//! halls: 62,080 FlexNICs, read again by each rule that walks them). The table holds what those rules read, about
//! 40 bytes a FlexNIC, in host, port and FlexNIC order.

use super::{
    FlexNic, Host, HostId, NetworkId, NicKind, NicPort, Project, Traffic, VmkPort, flex10,
};

/// One FlexNIC of a host's port.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FlexnicRow {
    pub host: HostId,
    /// The port's position in the host's `nic_ports`.
    pub port: u16,
    /// The FlexNIC's position in the port's `flexnics`.
    pub position: u16,
    /// The FlexNICs of the port: rows of one port follow each other, this many.
    pub port_flexnics: u16,
    /// The FlexNIC's letter, as the position of the port's first FlexNIC with the same letter: two FlexNICs of a
    /// port have the same letter exactly when these are equal.
    pub letter: u16,
    pub kind: NicKind,
    /// The interconnect bay the port is wired to (blades).
    pub interconnect_bay: Option<u8>,
    /// The requests of the port exceed its bandwidth (Flex-10 ports; [`flex10::oversubscribed`]).
    pub port_oversubscribed: bool,
    /// The speed the profile requests (`mbps`).
    pub requested_mbps: u32,
    /// The speed the FlexNIC really gets ([`NicPort::allocated_mbps`]).
    pub allocated_mbps: u32,
    /// The traffic it carries, one bit per [`Traffic`] ([`FlexnicRow::carries`]).
    traffic: u8,
    /// Its networks in [`FlexnicTable::networks`]: `start..end`.
    networks: (u32, u32),
}

/// A position in the networks list, which holds fewer than 4 billion entries in any plan that loads.
fn wide(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl FlexnicRow {
    /// The FlexNIC carries `traffic`.
    pub fn carries(&self, traffic: Traffic) -> bool {
        self.traffic & traffic_bit(traffic) != 0
    }

    /// The port and FlexNIC the row stands for in `project`: for what a finding names (port name, letter).
    pub fn in_project<'p>(&self, project: &'p Project) -> Option<(&'p NicPort, &'p FlexNic)> {
        let port = project
            .hosts
            .get(&self.host)?
            .nic_ports
            .get(usize::from(self.port))?;
        Some((port, port.flexnics.get(usize::from(self.position))?))
    }

    /// The traffic it carries, in [`Traffic`]'s order.
    pub fn traffic(&self) -> impl Iterator<Item = Traffic> + '_ {
        ALL_TRAFFIC
            .into_iter()
            .filter(|&traffic| self.carries(traffic))
    }
}

const ALL_TRAFFIC: [Traffic; 5] = [
    Traffic::Management,
    Traffic::Vmotion,
    Traffic::FtLogging,
    Traffic::VmTraffic,
    Traffic::Storage,
];

fn traffic_bit(traffic: Traffic) -> u8 {
    match traffic {
        Traffic::Management => 1,
        Traffic::Vmotion => 2,
        Traffic::FtLogging => 4,
        Traffic::VmTraffic => 8,
        Traffic::Storage => 16,
    }
}

/// The FlexNICs of a project's hosts, host by host in ID order, port by port, each port's in its order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FlexnicTable {
    rows: Vec<FlexnicRow>,
    /// Each FlexNIC's networks in its order (duplicates kept), FlexNIC after FlexNIC, with the network's VLAN
    /// (0 when the network is not in the project).
    networks: Vec<(NetworkId, u16)>,
}

impl FlexnicTable {
    /// The table of every host of `project`.
    pub fn build(project: &Project) -> Self {
        let mut table = Self::default();
        for (&id, host) in &project.hosts {
            table.push_host(project, id, host);
        }
        table
    }

    /// Appends a host's FlexNICs: hosts must come in ID order.
    pub(super) fn push_host(&mut self, project: &Project, id: HostId, host: &Host) {
        let narrow = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
        for (port_position, port) in host.nic_ports.iter().enumerate() {
            if port.flexnics.is_empty() {
                continue;
            }
            let oversubscribed =
                port.kind == NicKind::Flex10 && flex10::oversubscribed(&port.flexnics);
            // One speed per FlexNIC, in its order.
            let allocated = port.allocated_mbps();
            for (position, flexnic) in port.flexnics.iter().enumerate() {
                let start = self.networks.len();
                self.networks
                    .extend(flexnic.networks.iter().map(|&network| {
                        let vlan = project.networks.get(&network).map_or(0, |n| n.vlan);
                        (network, vlan)
                    }));
                let letter = port
                    .flexnics
                    .iter()
                    .position(|other| other.letter == flexnic.letter)
                    .unwrap_or(position);
                self.rows.push(FlexnicRow {
                    host: id,
                    port: narrow(port_position),
                    position: narrow(position),
                    port_flexnics: narrow(port.flexnics.len()),
                    letter: narrow(letter),
                    kind: port.kind,
                    interconnect_bay: port.interconnect_bay,
                    port_oversubscribed: oversubscribed,
                    requested_mbps: flexnic.mbps,
                    allocated_mbps: allocated.get(position).copied().unwrap_or_default(),
                    traffic: flexnic
                        .traffic
                        .iter()
                        .fold(0, |bits, &traffic| bits | traffic_bit(traffic)),
                    networks: (wide(start), wide(self.networks.len())),
                });
            }
        }
    }

    /// Every FlexNIC, in order.
    pub fn rows(&self) -> &[FlexnicRow] {
        &self.rows
    }

    /// The networks of a row with their VLANs, in the FlexNIC's order.
    pub fn networks(&self, row: &FlexnicRow) -> &[(NetworkId, u16)] {
        let (start, end) = row.networks;
        self.networks
            .get(start as usize..end as usize)
            .unwrap_or(&[])
    }

    /// The FlexNICs of one host, port by port (none when it has none or is not in the table).
    pub fn of_host(&self, host: HostId) -> &[FlexnicRow] {
        let start = self.rows.partition_point(|row| row.host < host);
        let rest = self.rows.get(start..).unwrap_or(&[]);
        rest.get(..rest.partition_point(|row| row.host == host))
            .unwrap_or(&[])
    }

    /// The speed a VMkernel port of `host` really gets, as [`Host::vmk_uplink_mbps`] defines it, read from the
    /// table: the largest allocation among the host's Flex-10 FlexNICs that carry the port's network, else the
    /// port's recorded `uplink_mbps`.
    pub fn vmk_uplink_mbps(&self, host: HostId, vmk: &VmkPort) -> u32 {
        let Some(network) = vmk.network else {
            return vmk.uplink_mbps;
        };
        self.of_host(host)
            .iter()
            .filter(|row| {
                row.kind == NicKind::Flex10
                    && self.networks(row).iter().any(|&(id, _)| id == network)
            })
            .map(|row| row.allocated_mbps)
            .max()
            .unwrap_or(vmk.uplink_mbps)
    }

    /// The FlexNICs of each port that has some, port after port.
    pub fn ports(&self) -> impl Iterator<Item = &[FlexnicRow]> {
        self.rows
            .chunk_by(|a, b| a.host == b.host && a.port == b.port)
    }

    /// The FlexNICs of each host that has some, host after host.
    pub fn hosts(&self) -> impl Iterator<Item = (HostId, &[FlexnicRow])> {
        self.rows
            .chunk_by(|a, b| a.host == b.host)
            .filter_map(|rows| rows.first().map(|row| (row.host, rows)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FlexNicRequest, Network};

    /// A host with one Flex-10 port whose requests exceed 10 Gb, two FlexNICs with the same letter, a network the
    /// project does not hold, a traffic kind named twice, and a 1 Gb port split in two.
    fn odd_host(project: &mut Project) {
        project.networks.insert(
            NetworkId(1),
            Network {
                name: "prod".into(),
                vlan: 100,
                ..Network::default()
            },
        );
        let flexnic =
            |letter: &str, mbps: u32, traffic: Vec<Traffic>, networks: Vec<NetworkId>| FlexNic {
                letter: letter.into(),
                mbps,
                request: FlexNicRequest::Custom,
                traffic,
                networks,
            };
        let host = Host {
            name: "odd".into(),
            nic_ports: vec![
                NicPort {
                    name: "LOM1".into(),
                    kind: NicKind::Flex10,
                    interconnect_bay: Some(1),
                    flexnics: vec![
                        flexnic(
                            "a",
                            6000,
                            vec![Traffic::Management, Traffic::Management],
                            vec![],
                        ),
                        flexnic(
                            "b",
                            6000,
                            vec![Traffic::Vmotion],
                            vec![NetworkId(1), NetworkId(9)],
                        ),
                        flexnic("a", 500, vec![], vec![NetworkId(1)]),
                    ],
                },
                NicPort {
                    name: "NIC3".into(),
                    kind: NicKind::OneGbe,
                    ..NicPort::default()
                },
                NicPort {
                    name: "NIC4".into(),
                    kind: NicKind::OneGbe,
                    flexnics: vec![
                        flexnic("a", 500, vec![Traffic::VmTraffic], vec![]),
                        flexnic("b", 500, vec![Traffic::Storage], vec![]),
                    ],
                    ..NicPort::default()
                },
            ],
            // On the oversubscribed port's networks, on a network no FlexNIC carries, and on none.
            vmkernel_ports: [
                Some(NetworkId(1)),
                Some(NetworkId(9)),
                Some(NetworkId(5)),
                None,
            ]
            .into_iter()
            .map(|network| VmkPort {
                name: "vmk".into(),
                uplink_mbps: 1000,
                network,
                ..VmkPort::default()
            })
            .collect(),
            ..Host::default()
        };
        project.hosts.insert(HostId(900), host);
    }

    fn samples_and_odd_host() -> Vec<Project> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/samples");
        let mut projects: Vec<Project> = [
            "esx35-west.ron",
            "ft-ready-cluster.ron",
            "ldvm-two-site.ron",
        ]
        .iter()
        .map(|sample| {
            crate::io::PlanFile::load(&root.join(sample))
                .expect("sample plan")
                .project
        })
        .collect();
        let mut odd = Project::default();
        odd_host(&mut odd);
        projects.push(odd);
        projects
    }

    /// A VMkernel port's uplink speed read from the table is the one its host's ports give, for every port of every
    /// host, hosts without FlexNICs and hosts the table does not hold included.
    #[test]
    fn vmkernel_uplinks_from_the_table_are_the_hosts_own() {
        let mut compared = 0;
        for project in samples_and_odd_host() {
            let table = FlexnicTable::build(&project);
            for (&id, host) in &project.hosts {
                for vmk in &host.vmkernel_ports {
                    assert_eq!(
                        table.vmk_uplink_mbps(id, vmk),
                        host.vmk_uplink_mbps(vmk),
                        "{} {}",
                        host.name,
                        vmk.name
                    );
                    compared += 1;
                }
                assert_eq!(
                    table.of_host(id).len(),
                    host.nic_ports
                        .iter()
                        .map(|p| p.flexnics.len())
                        .sum::<usize>()
                );
            }
            assert!(table.of_host(HostId(u32::MAX)).is_empty());
        }
        let odd: Vec<u32> = {
            let mut project = Project::default();
            odd_host(&mut project);
            let table = FlexnicTable::build(&project);
            project
                .hosts
                .values()
                .flat_map(|host| &host.vmkernel_ports)
                .map(|vmk| table.vmk_uplink_mbps(HostId(900), vmk))
                .collect()
        };
        // The oversubscribed port's allocation, not its 6,000 Mb request; the recorded speed elsewhere.
        assert!(
            odd.first().is_some_and(|&mbps| mbps > 1000 && mbps < 6000),
            "{odd:?}"
        );
        assert_eq!(odd.get(2..), Some([1000, 1000].as_slice()));
        assert!(compared > 10, "{compared} VMkernel ports compared");
    }

    /// The table holds every FlexNIC of every host as walking the host's ports gives it, in host, port and
    /// FlexNIC order.
    #[test]
    fn rows_are_what_walking_each_hosts_ports_gives() {
        let projects = samples_and_odd_host();
        let mut oversubscribed_seen = false;
        for project in &projects {
            let table = FlexnicTable::build(project);
            let mut rows = table.rows().iter();
            for (&id, host) in &project.hosts {
                for (port_position, port) in host.nic_ports.iter().enumerate() {
                    let allocated = port.allocated_mbps();
                    let oversubscribed =
                        port.kind == NicKind::Flex10 && flex10::oversubscribed(&port.flexnics);
                    oversubscribed_seen |= oversubscribed;
                    let mut port_rows = Vec::new();
                    for (position, flexnic) in port.flexnics.iter().enumerate() {
                        let row = rows.next().expect("a row for every FlexNIC");
                        assert_eq!(
                            (row.host, usize::from(row.port), usize::from(row.position)),
                            (id, port_position, position)
                        );
                        assert_eq!(usize::from(row.port_flexnics), port.flexnics.len());
                        assert_eq!(row.kind, port.kind);
                        assert_eq!(row.interconnect_bay, port.interconnect_bay);
                        assert_eq!(row.port_oversubscribed, oversubscribed);
                        assert_eq!(row.requested_mbps, flexnic.mbps);
                        assert_eq!(Some(&row.allocated_mbps), allocated.get(position));
                        let traffic: std::collections::BTreeSet<Traffic> =
                            flexnic.traffic.iter().copied().collect();
                        assert_eq!(
                            row.traffic().collect::<std::collections::BTreeSet<_>>(),
                            traffic
                        );
                        let networks: Vec<(NetworkId, u16)> = flexnic
                            .networks
                            .iter()
                            .map(|n| (*n, project.networks.get(n).map_or(0, |n| n.vlan)))
                            .collect();
                        assert_eq!(table.networks(row), networks.as_slice());
                        assert_eq!(
                            row.in_project(project).map(|(_, f)| f.letter.as_str()),
                            Some(flexnic.letter.as_str())
                        );
                        port_rows.push((row, flexnic));
                    }
                    for (a, flexnic_a) in &port_rows {
                        for (b, flexnic_b) in &port_rows {
                            assert_eq!(a.letter == b.letter, flexnic_a.letter == flexnic_b.letter);
                        }
                    }
                }
            }
            assert_eq!(rows.next(), None, "no row beyond the hosts' FlexNICs");
            let ports: Vec<usize> = table.ports().map(<[FlexnicRow]>::len).collect();
            let expected: Vec<usize> = project
                .hosts
                .values()
                .flat_map(|host| &host.nic_ports)
                .map(|port| port.flexnics.len())
                .filter(|&n| n > 0)
                .collect();
            assert_eq!(ports, expected);
        }
        assert!(oversubscribed_seen, "some port is oversubscribed");
    }
}
