//! The connectivity graph: how each host reaches its storage and networks, derived from a model and never stored.
//!
//! Nodes are host HBA and NIC ports, interconnect modules, FC switches, fabrics (joined across sites where a site
//! link extends the SAN) and array target ports. A SAN path is an HBA port that reaches an array target port
//! through the graph, allowed by the fabric's zoning and presented by the array's host entry. Zoning and host
//! entries that a plan does not record are unknown, not missing: they then allow every path, so a plan that says
//! nothing about them gets no finding about them.
//!
//! Rules and the planner ask questions of a [`Topology`]; they do not walk ports and bays themselves.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::unionfind::UnionFind;

use crate::model::{
    ArrayId, Controller, DatastoreId, DatastoreKind, EnclosureId, FabricId, FabricSide, HostId,
    LunId, ModuleKind, NetworkId, Placement, Project, SiteId, StorageExtension, Traffic,
};

/// A node of the connectivity graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Node {
    /// A host's HBA port, by position in `fc_ports`.
    HbaPort(HostId, usize),
    /// A host's NIC port, by position in `nic_ports`.
    NicPort(HostId, usize),
    /// An interconnect module: enclosure and interconnect bay.
    Module(EnclosureId, u8),
    FcSwitch(crate::model::FcSwitchId),
    Fabric(FabricId),
    /// An array target port, by position in the array's `ports`.
    ArrayPort(ArrayId, usize),
    Network(NetworkId),
}

/// Interconnect modules that are down (rebooting on a firmware activation, pulled, failed).
pub type ModulesDown = BTreeSet<(EnclosureId, u8)>;

/// One path of a host to a LUN.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SanPath {
    /// The HBA port, by position in the host's `fc_ports`.
    pub hba_port: usize,
    /// The interconnect module the path leaves the enclosure through (blades).
    pub module: Option<(EnclosureId, u8)>,
    /// The fabric of the array port the path ends at.
    pub fabric: FabricId,
    pub side: FabricSide,
    pub controller: Controller,
}

/// The interconnect bay a blade's HBA port is wired to: the recorded bay, else mezzanine 1's half-height mapping
/// (port 1 to bay 3, port 2 to bay 4, then bays 5 and 6 for a second card).
pub fn hba_interconnect_bay(port: &crate::model::FcPort, position: usize) -> u8 {
    port.interconnect_bay
        .unwrap_or_else(|| 3 + u8::try_from(position.min(5)).unwrap_or(5))
}

/// A WWPN compared without case or separators ("50:06:0B..." is "50060b...").
pub fn same_wwpn(a: &str, b: &str) -> bool {
    let digits = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_hexdigit)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let a = digits(a);
    !a.is_empty() && a == digits(b)
}

/// The graph of one model state, owned: what a check run caches once per revision.
#[derive(Clone, Debug, Default)]
pub struct Connections {
    graph: UnGraph<Node, ()>,
    nodes: BTreeMap<Node, NodeIndex>,
    /// Array target ports each HBA port reaches through the graph (before zoning and presentation).
    reach: BTreeMap<(HostId, usize), Vec<(ArrayId, usize)>>,
    /// NIC ports whose interconnect module is up (or unknown), per host.
    nic_up: BTreeMap<HostId, Vec<usize>>,
}

/// The connectivity graph of one model state with the model it was built from: the queries rules and the
/// planner share.
pub struct Topology<'a> {
    project: &'a Project,
    connections: std::borrow::Cow<'a, Connections>,
}

impl<'a> Topology<'a> {
    /// The graph of a model with every module up.
    pub fn build(project: &'a Project) -> Self {
        Self::build_with_down(project, &ModulesDown::new())
    }

    /// The graph of a model with some interconnect modules down.
    pub fn build_with_down(project: &'a Project, down: &ModulesDown) -> Self {
        Self {
            project,
            connections: std::borrow::Cow::Owned(Connections::build(project, down)),
        }
    }

    /// The graph of a model with some interconnect modules down, holding only `hosts`: queries about other hosts
    /// answer as if they had no ports.
    pub fn build_for_hosts(
        project: &'a Project,
        down: &ModulesDown,
        hosts: &BTreeSet<HostId>,
    ) -> Self {
        let hosts = hosts
            .iter()
            .filter_map(|&id| project.hosts.get(&id).map(|host| (id, host)));
        Self {
            project,
            connections: std::borrow::Cow::Owned(Connections::build_scoped(
                project,
                down,
                hosts,
                SanScope::BehindHosts,
            )),
        }
    }

    /// Queries over connections built earlier from the same model.
    pub fn with(project: &'a Project, connections: &'a Connections) -> Self {
        Self {
            project,
            connections: std::borrow::Cow::Borrowed(connections),
        }
    }
}

/// Two graphs are equal when they hold the same nodes joined by the same edges and answer the same reach: what a
/// check carried over between two states compares against a graph built again.
impl PartialEq for Connections {
    fn eq(&self, other: &Self) -> bool {
        let edges = |c: &Self| -> Vec<(Node, Node)> {
            let mut edges: Vec<(Node, Node)> = c
                .graph
                .raw_edges()
                .iter()
                .map(|edge| {
                    let (a, b) = (c.graph[edge.source()], c.graph[edge.target()]);
                    (a.min(b), a.max(b))
                })
                .collect();
            edges.sort_unstable();
            edges
        };
        self.nodes.keys().eq(other.nodes.keys())
            && self.reach == other.reach
            && self.nic_up == other.nic_up
            && edges(self) == edges(other)
    }
}

impl Connections {
    /// Builds the graph of a model with some interconnect modules down.
    pub fn build(project: &Project, down: &ModulesDown) -> Self {
        Self::build_scoped(
            project,
            down,
            project.hosts.iter().map(|(&id, host)| (id, host)),
            SanScope::Whole,
        )
    }

    /// The graph with only `hosts` (in ID order): their paths and NIC ports are what the whole graph gives them
    /// (an HBA port is a leaf and no host switches for another), for a question about a few blades. The hosts are
    /// given rather than picked from all of them, so a question about one enclosure does not walk the estate.
    fn build_scoped<'p>(
        project: &Project,
        down: &ModulesDown,
        hosts: impl Iterator<Item = (HostId, &'p crate::model::Host)>,
        san: SanScope,
    ) -> Self {
        let mut graph = UnGraph::<Node, ()>::new_undirected();
        let mut nodes: BTreeMap<Node, NodeIndex> = BTreeMap::new();
        let mut node = |graph: &mut UnGraph<Node, ()>, n: Node| -> NodeIndex {
            *nodes.entry(n).or_insert_with(|| graph.add_node(n))
        };

        if san == SanScope::Whole {
            add_san(project, &mut graph, &mut node, |_| true);
        }
        let mut nic_up: BTreeMap<HostId, Vec<usize>> = BTreeMap::new();
        for (host_id, host) in hosts {
            let enclosure = match host.placement {
                Placement::Blade { enclosure, .. } => {
                    project.enclosures.get(&enclosure).map(|e| (enclosure, e))
                }
                Placement::RackServer { .. } => None,
            };
            for (position, port) in host.fc_ports.iter().enumerate() {
                let hba = node(&mut graph, Node::HbaPort(host_id, position));
                match enclosure {
                    // An enclosure whose interconnects are not recorded: the declared fabric stands.
                    Some((_, e)) if e.interconnects.is_empty() => {
                        let f = node(&mut graph, Node::Fabric(port.fabric));
                        graph.add_edge(hba, f, ());
                    }
                    Some((enclosure_id, e)) => {
                        let bay = hba_interconnect_bay(port, position);
                        let module = e
                            .interconnects
                            .get(&bay)
                            .filter(|module| !module.kind.is_vc_ethernet());
                        let Some(module) = module else {
                            // A recorded bay without an FC module has no path. An unrecorded one is only the
                            // half-height default, which may not be how this blade is wired: the declared fabric
                            // stands rather than a path lost on a guess.
                            if port.interconnect_bay.is_none() {
                                let f = node(&mut graph, Node::Fabric(port.fabric));
                                graph.add_edge(hba, f, ());
                            }
                            continue;
                        };
                        let m = node(&mut graph, Node::Module(enclosure_id, bay));
                        graph.add_edge(hba, m, ());
                        if module.fc_uplinks.is_empty() {
                            // Uplinks not recorded: the port's declared fabric stands.
                            let f = node(&mut graph, Node::Fabric(port.fabric));
                            graph.add_edge(m, f, ());
                        }
                        for &switch in &module.fc_uplinks {
                            if project.fc_switches.contains_key(&switch) {
                                let s = node(&mut graph, Node::FcSwitch(switch));
                                graph.add_edge(m, s, ());
                            }
                        }
                    }
                    None => {
                        let f = node(&mut graph, Node::Fabric(port.fabric));
                        graph.add_edge(hba, f, ());
                    }
                }
            }
            let mut up = Vec::new();
            for (position, port) in host.nic_ports.iter().enumerate() {
                let nic = node(&mut graph, Node::NicPort(host_id, position));
                let module_up = match (enclosure, port.interconnect_bay) {
                    (Some((enclosure_id, e)), Some(bay)) if !e.interconnects.is_empty() => {
                        e.interconnects.contains_key(&bay) && !down.contains(&(enclosure_id, bay))
                    }
                    _ => true,
                };
                if !module_up {
                    continue;
                }
                up.push(position);
                for flexnic in &port.flexnics {
                    for &network in &flexnic.networks {
                        let n = node(&mut graph, Node::Network(network));
                        graph.add_edge(nic, n, ());
                    }
                }
            }
            nic_up.insert(host_id, up);
        }
        if san == SanScope::BehindHosts {
            // The fabrics the hosts' ports and modules reach, and those site links join to them: the rest of the
            // estate's SAN cannot be in a component any of these hosts' ports touches.
            let mut fabrics: BTreeSet<FabricId> = graph
                .node_weights()
                .filter_map(|&n| match n {
                    Node::Fabric(fabric) => Some(fabric),
                    Node::FcSwitch(switch) => project.fc_switches.get(&switch).map(|s| s.fabric),
                    _ => None,
                })
                .collect();
            loop {
                let known = fabrics.len();
                for (fa, fb) in site_linked_fabrics(project) {
                    if fabrics.contains(&fa) || fabrics.contains(&fb) {
                        fabrics.insert(fa);
                        fabrics.insert(fb);
                    }
                }
                if fabrics.len() == known {
                    break;
                }
            }
            add_san(project, &mut graph, &mut node, |fabric| {
                fabrics.contains(&fabric)
            });
        }

        // Reachability over the SAN with the down modules left out. HBA ports are leaves (one edge each), so the
        // SAN switching nodes are grouped into connected components once and each port reaches the array ports of
        // its neighbour's component.
        let is_switching = |n: NodeIndex| match graph[n] {
            Node::Module(e, bay) => !down.contains(&(e, bay)),
            Node::FcSwitch(_) | Node::Fabric(_) | Node::ArrayPort(..) => true,
            Node::HbaPort(..) | Node::NicPort(..) | Node::Network(_) => false,
        };
        let mut components = UnionFind::<usize>::new(graph.node_count());
        for edge in graph.edge_indices() {
            if let Some((a, b)) = graph.edge_endpoints(edge)
                && is_switching(a)
                && is_switching(b)
            {
                components.union(a.index(), b.index());
            }
        }
        let mut targets: BTreeMap<usize, Vec<(ArrayId, usize)>> = BTreeMap::new();
        for n in graph.node_indices() {
            if let Node::ArrayPort(array, port) = graph[n] {
                targets
                    .entry(components.find(n.index()))
                    .or_default()
                    .push((array, port));
            }
        }
        let mut reach = BTreeMap::new();
        for n in graph.node_indices() {
            let Node::HbaPort(host, position) = graph[n] else {
                continue;
            };
            let mut found: Vec<(ArrayId, usize)> = graph
                .neighbors(n)
                .filter(|&m| is_switching(m))
                .flat_map(|m| {
                    targets
                        .get(&components.find(m.index()))
                        .into_iter()
                        .flatten()
                        .copied()
                })
                .collect();
            found.sort_unstable();
            found.dedup();
            reach.insert((host, position), found);
        }
        Self {
            graph,
            nodes,
            reach,
            nic_up,
        }
    }
}

/// Which part of the estate's SAN a graph holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SanScope {
    /// Every fabric, FC switch and array port, whether or not a host reaches it.
    Whole,
    /// Only what the graph's hosts can reach: a question about a few blades does not build the estate's SAN.
    BehindHosts,
}

/// Adds the SAN's switching side on the fabrics `keep` holds: the fabrics, the FC switches on them, the fabrics
/// site links join, the array ports on them.
fn add_san(
    project: &Project,
    graph: &mut UnGraph<Node, ()>,
    node: &mut impl FnMut(&mut UnGraph<Node, ()>, Node) -> NodeIndex,
    keep: impl Fn(FabricId) -> bool,
) {
    for &fabric in project.fabrics.keys().filter(|&&f| keep(f)) {
        node(graph, Node::Fabric(fabric));
    }
    for (&id, switch) in project.fc_switches.iter().filter(|(_, s)| keep(s.fabric)) {
        let a = node(graph, Node::FcSwitch(id));
        let b = node(graph, Node::Fabric(switch.fabric));
        graph.add_edge(a, b, ());
    }
    for (fa, fb) in site_linked_fabrics(project).filter(|&(fa, fb)| keep(fa) && keep(fb)) {
        let x = node(graph, Node::Fabric(fa));
        let y = node(graph, Node::Fabric(fb));
        graph.add_edge(x, y, ());
    }
    for (&id, array) in &project.arrays {
        for (position, port) in array.ports.iter().enumerate() {
            if keep(port.fabric) {
                let a = node(graph, Node::ArrayPort(id, position));
                let b = node(graph, Node::Fabric(port.fabric));
                graph.add_edge(a, b, ());
            }
        }
    }
}

/// The pairs of fabrics a site link that extends the SAN joins: the same side at its two sites, each pair once
/// per link, the lower ID first.
fn site_linked_fabrics(project: &Project) -> impl Iterator<Item = (FabricId, FabricId)> + '_ {
    project
        .site_links
        .values()
        .filter(|link| link.storage_extension != StorageExtension::None)
        .flat_map(move |link| {
            project.fabrics.iter().flat_map(move |(&fa, a)| {
                project.fabrics.iter().filter_map(move |(&fb, b)| {
                    (fa < fb
                        && a.side == b.side
                        && ((a.site == link.site_a && b.site == link.site_b)
                            || (a.site == link.site_b && b.site == link.site_a)))
                        .then_some((fa, fb))
                })
            })
        })
}

impl Topology<'_> {
    /// The number of nodes and edges (for tests and benchmarks).
    pub fn size(&self) -> (usize, usize) {
        (
            self.connections.graph.node_count(),
            self.connections.graph.edge_count(),
        )
    }

    /// The node of an object, when the graph has it.
    pub fn contains(&self, node: Node) -> bool {
        self.connections.nodes.contains_key(&node)
    }

    /// Every path of `host` to `lun`: each HBA port to each target port of the LUN's array that the graph
    /// connects, the fabric's zoning allows and the array presents the LUN on. Sorted.
    pub fn paths(&self, host: HostId, lun: LunId) -> Vec<SanPath> {
        self.host_san(host)
            .map_or_else(Vec::new, |san| san.paths(lun))
    }

    /// The host's HBA ports with what the graph gives each, looked up once: for questions about several of its
    /// LUNs. `None` when the project has no such host.
    pub fn host_san(&self, host: HostId) -> Option<HostSan<'_>> {
        let h = self.project.hosts.get(&host)?;
        let ports = h
            .fc_ports
            .iter()
            .enumerate()
            .map(|(position, port)| HbaPort {
                position,
                port,
                module: match h.placement {
                    Placement::Blade { enclosure, .. } => {
                        Some((enclosure, hba_interconnect_bay(port, position)))
                            .filter(|(e, bay)| self.contains(Node::Module(*e, *bay)))
                    }
                    Placement::RackServer { .. } => None,
                },
                reach: self
                    .connections
                    .reach
                    .get(&(host, position))
                    .map_or(&[][..], Vec::as_slice),
            })
            .collect();
        Some(HostSan {
            project: self.project,
            ports,
        })
    }

    /// The fabrics of the array's target ports that the host's HBA ports reach through the graph (before zoning
    /// and presentation), sorted.
    pub fn fabrics_reaching(&self, host: HostId, array: ArrayId) -> Vec<FabricId> {
        let Some(a) = self.project.arrays.get(&array) else {
            return Vec::new();
        };
        let ports = self
            .project
            .hosts
            .get(&host)
            .map_or(0, |h| h.fc_ports.len());
        let mut fabrics: Vec<FabricId> = (0..ports)
            .flat_map(|position| {
                self.connections
                    .reach
                    .get(&(host, position))
                    .into_iter()
                    .flatten()
            })
            .filter(|(reached, _)| *reached == array)
            .filter_map(|(_, target)| a.ports.get(*target).map(|p| p.fabric))
            .collect();
        fabrics.sort_unstable();
        fabrics.dedup();
        fabrics
    }

    /// Why a host that has a path entry for a LUN has no path to it: which of the layers stops it. `None` when it
    /// has a path, or when nothing physical connects it (no HBA port reaches the array).
    pub fn access_denied(&self, host: HostId, lun: LunId) -> Option<Denied> {
        self.host_san(host)?.access_denied(lun)
    }

    /// The host has at least one path to every LUN of the datastore (NFS: mounted; local: its own disk).
    pub fn host_sees_datastore(&self, host: HostId, datastore: DatastoreId) -> bool {
        let Some(ds) = self.project.datastores.get(&datastore) else {
            return false;
        };
        let Some(h) = self.project.hosts.get(&host) else {
            return false;
        };
        match &ds.kind {
            DatastoreKind::Vmfs { luns } => {
                !luns.is_empty()
                    && luns.iter().all(|&lun| {
                        h.path_to(lun).is_some()
                            && (h.fc_ports.is_empty() || !self.paths(host, lun).is_empty())
                    })
            }
            DatastoreKind::Nfs { mounted_on, .. } => mounted_on.contains(&host),
            DatastoreKind::Local { host: owner } => *owner == host,
        }
    }

    /// The datastores a host sees.
    pub fn datastores_of_host(&self, host: HostId) -> BTreeSet<DatastoreId> {
        self.project
            .datastores
            .keys()
            .copied()
            .filter(|&ds| self.host_sees_datastore(host, ds))
            .collect()
    }

    /// The datastores some host of a site sees.
    pub fn datastores_of_site(&self, site: SiteId) -> BTreeSet<DatastoreId> {
        self.project
            .hosts
            .keys()
            .copied()
            .filter(|&h| host_site(self.project, h) == Some(site))
            .flat_map(|h| self.datastores_of_host(h))
            .collect()
    }

    /// LUNs the host uses (has a path entry for) and reaches through the graph today.
    fn reachable_luns(&self, host: HostId) -> BTreeSet<LunId> {
        let (Some(h), Some(san)) = (self.project.hosts.get(&host), self.host_san(host)) else {
            return BTreeSet::new();
        };
        h.lun_paths
            .iter()
            .map(|p| p.lun)
            .filter(|&lun| !san.paths(lun).is_empty())
            .collect()
    }

    /// The host has a NIC port up that carries management traffic (unknown NIC layout counts as up).
    fn management_up(&self, host: HostId) -> bool {
        let Some(h) = self.project.hosts.get(&host) else {
            return false;
        };
        let carries = |position: usize| {
            h.nic_ports.get(position).is_some_and(|port| {
                port.flexnics
                    .iter()
                    .any(|f| f.traffic.contains(&Traffic::Management))
            })
        };
        if !(0..h.nic_ports.len()).any(carries) {
            return true;
        }
        self.connections
            .nic_up
            .get(&host)
            .is_some_and(|up| up.iter().any(|&p| carries(p)))
    }
}

/// One host's HBA ports with the module each leaves the enclosure through and the array ports it reaches, looked
/// up in the graph once: a rule asking about every LUN of a host asks this instead of looking the host, its
/// ports' reach and their modules up again for each LUN.
pub struct HostSan<'t> {
    project: &'t Project,
    ports: Vec<HbaPort<'t>>,
}

/// An HBA port of a [`HostSan`].
struct HbaPort<'t> {
    /// Position in the host's `fc_ports`.
    position: usize,
    port: &'t crate::model::FcPort,
    /// The interconnect module the port leaves through, when the graph has it (blades).
    module: Option<(EnclosureId, u8)>,
    /// Array target ports the port reaches through the graph (before zoning and presentation).
    reach: &'t [(ArrayId, usize)],
}

impl HostSan<'_> {
    /// Every path of the host to `lun`: each HBA port to each target port of the LUN's array that the graph
    /// connects, the fabric's zoning allows and the array presents the LUN on. Sorted.
    pub fn paths(&self, lun: LunId) -> Vec<SanPath> {
        let Some(vdisk) = self.project.luns.get(&lun) else {
            return Vec::new();
        };
        let Some(array) = self.project.arrays.get(&vdisk.array) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for hba in &self.ports {
            if !presented(array, &hba.port.wwpn, lun) {
                continue;
            }
            for &(reached, target) in hba.reach {
                if reached != vdisk.array {
                    continue;
                }
                let Some(target_port) = array.ports.get(target) else {
                    continue;
                };
                if !zoned(
                    self.project,
                    target_port.fabric,
                    &hba.port.wwpn,
                    vdisk.array,
                ) {
                    continue;
                }
                let side = self
                    .project
                    .fabrics
                    .get(&target_port.fabric)
                    .map(|f| f.side)
                    .unwrap_or_default();
                out.push(SanPath {
                    hba_port: hba.position,
                    module: hba.module,
                    fabric: target_port.fabric,
                    side,
                    controller: target_port.controller,
                });
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Why the host, with a path entry for `lun`, has no path to it: which of the layers stops it. `None` when it
    /// has a path, or when nothing physical connects it (no HBA port reaches the array).
    pub fn access_denied(&self, lun: LunId) -> Option<Denied> {
        let array_id = self.project.luns.get(&lun)?.array;
        let array = self.project.arrays.get(&array_id)?;
        if !self.paths(lun).is_empty() {
            return None;
        }
        let mut denied = Denied::default();
        let mut physical = false;
        for hba in &self.ports {
            for &(reached, target) in hba.reach {
                let Some(target_port) = array.ports.get(target).filter(|_| reached == array_id)
                else {
                    continue;
                };
                physical = true;
                if !zoned(self.project, target_port.fabric, &hba.port.wwpn, array_id) {
                    denied.zoning.insert(target_port.fabric);
                }
            }
            if !presented(array, &hba.port.wwpn, lun) {
                denied.presentation = true;
            }
        }
        physical.then_some(denied)
    }
}

/// The fabric's zoning lets `wwpn` reach `array` (unknown zoning, or an unknown WWPN, allows it).
fn zoned(project: &Project, fabric: FabricId, wwpn: &str, array: ArrayId) -> bool {
    let Some(fabric) = project.fabrics.get(&fabric) else {
        return true;
    };
    if fabric.zones.is_empty() || wwpn.trim().is_empty() {
        return true;
    }
    fabric.zones.iter().any(|zone| {
        zone.targets.contains(&array) && zone.members.iter().any(|m| same_wwpn(m, wwpn))
    })
}

/// The array presents `lun` to a host entry holding `wwpn` (unknown entries, or an unknown WWPN, allow it).
fn presented(array: &crate::model::Array, wwpn: &str, lun: LunId) -> bool {
    if array.host_entries.is_empty() || wwpn.trim().is_empty() {
        return true;
    }
    array
        .host_entries
        .iter()
        .any(|entry| entry.luns.contains(&lun) && entry.wwpns.iter().any(|w| same_wwpn(w, wwpn)))
}

/// The layers that stop a host reaching a LUN it is cabled to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Denied {
    /// Fabrics whose zoning does not hold the host's WWPN with the array.
    pub zoning: BTreeSet<FabricId>,
    /// The array's host entries do not present the LUN to the host's WWPNs.
    pub presentation: bool,
}

/// What an outage takes down, worked out on the graph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outage {
    /// The whole enclosure: every blade in it.
    Enclosure(EnclosureId),
    /// Interconnect modules rebooting or pulled.
    Modules(ModulesDown),
    Fabric(FabricId),
    Controller(ArrayId, Controller),
    Site(SiteId),
}

/// The site a host sits at.
pub fn host_site(project: &Project, host: HostId) -> Option<SiteId> {
    match project.hosts.get(&host)?.placement {
        Placement::Blade { enclosure, .. } => project.enclosures.get(&enclosure).map(|e| e.site),
        Placement::RackServer { site, .. } => Some(site),
    }
}

/// The blades in an enclosure, in bay order.
pub fn blades_in(project: &Project, enclosure: EnclosureId) -> Vec<(u8, HostId)> {
    let mut blades: Vec<(u8, HostId)> = project
        .hosts
        .iter()
        .filter_map(|(&id, host)| match host.placement {
            Placement::Blade { enclosure: e, bay } if e == enclosure => Some((bay, id)),
            _ => None,
        })
        .collect();
    blades.sort_unstable();
    blades
}

/// The blades of every enclosure in bay order, found in one walk over the hosts: for a caller that asks about many
/// enclosures of one estate (a walk through a plan's firmware operations), where [`blades_in`] walks every host
/// each time it is asked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BladeBays {
    by_enclosure: BTreeMap<EnclosureId, Vec<(u8, HostId)>>,
}

impl BladeBays {
    /// Where each blade of `project` sits.
    pub fn of(project: &Project) -> Self {
        let mut by_enclosure: BTreeMap<EnclosureId, Vec<(u8, HostId)>> = BTreeMap::new();
        for (&id, host) in &project.hosts {
            if let Placement::Blade { enclosure, bay } = host.placement {
                by_enclosure.entry(enclosure).or_default().push((bay, id));
            }
        }
        for blades in by_enclosure.values_mut() {
            blades.sort_unstable();
        }
        Self { by_enclosure }
    }

    /// Follows `host` to where `project` has it now (after a blade move) without walking the other hosts.
    pub fn follow(&mut self, project: &Project, host: HostId) {
        for blades in self.by_enclosure.values_mut() {
            blades.retain(|&(_, blade)| blade != host);
        }
        self.by_enclosure.retain(|_, blades| !blades.is_empty());
        if let Some(&Placement::Blade { enclosure, bay }) =
            project.hosts.get(&host).map(|found| &found.placement)
        {
            let blades = self.by_enclosure.entry(enclosure).or_default();
            let at = blades.partition_point(|&blade| blade < (bay, host));
            blades.insert(at, (bay, host));
        }
    }

    /// The blades in an enclosure, in bay order ([`blades_in`]).
    pub fn in_enclosure(&self, enclosure: EnclosureId) -> &[(u8, HostId)] {
        self.by_enclosure.get(&enclosure).map_or(&[], Vec::as_slice)
    }
}

/// The hosts an outage takes down: hosts that stop entirely, or lose every path to a LUN they reach today, or
/// lose every port carrying management traffic. Sorted.
pub fn hosts_down(project: &Project, outage: &Outage) -> BTreeSet<HostId> {
    hosts_down_with(project, outage, &BladeBays::of(project))
}

/// [`hosts_down`] with where the estate's blades sit found before.
pub fn hosts_down_with(project: &Project, outage: &Outage, blades: &BladeBays) -> BTreeSet<HostId> {
    match outage {
        Outage::Enclosure(enclosure) => blades
            .in_enclosure(*enclosure)
            .iter()
            .map(|&(_, h)| h)
            .collect(),
        Outage::Site(site) => project
            .hosts
            .keys()
            .copied()
            .filter(|&h| host_site(project, h) == Some(*site))
            .collect(),
        Outage::Modules(down) => {
            // Only blades of the enclosures whose modules are down can lose a port, and a blade's paths do not
            // depend on other hosts: the graphs hold those blades only.
            let enclosures: BTreeSet<EnclosureId> = down.iter().map(|(e, _)| *e).collect();
            let blades: BTreeSet<HostId> = enclosures
                .iter()
                .flat_map(|&e| blades.in_enclosure(e))
                .map(|&(_, h)| h)
                .collect();
            let before = Topology::build_for_hosts(project, &ModulesDown::new(), &blades);
            let during = Topology::build_for_hosts(project, down, &blades);
            blades
                .iter()
                .copied()
                .filter(|&h| {
                    let lost_storage = during.host_san(h).is_some_and(|san| {
                        before
                            .reachable_luns(h)
                            .iter()
                            .any(|&lun| san.paths(lun).is_empty())
                    });
                    lost_storage || (before.management_up(h) && !during.management_up(h))
                })
                .collect()
        }
        Outage::Fabric(fabric) => {
            let topology = Topology::build(project);
            storage_lost(project, &topology, |path| path.fabric == *fabric)
        }
        Outage::Controller(array, controller) => {
            let topology = Topology::build(project);
            storage_lost(project, &topology, |path| {
                path.controller == *controller
                    && project
                        .arrays
                        .get(array)
                        .is_some_and(|a| a.ports.iter().any(|p| p.fabric == path.fabric))
            })
        }
    }
}

/// Hosts left with no path to some LUN they reach once the paths matching `lost` are gone.
fn storage_lost(
    project: &Project,
    topology: &Topology<'_>,
    lost: impl Fn(&SanPath) -> bool,
) -> BTreeSet<HostId> {
    project
        .hosts
        .iter()
        .filter(|&(&id, host)| {
            topology.host_san(id).is_some_and(|san| {
                host.lun_paths.iter().any(|p| {
                    let paths = san.paths(p.lun);
                    !paths.is_empty() && paths.iter().all(&lost)
                })
            })
        })
        .map(|(&id, _)| id)
        .collect()
}

/// The modules of one side of an enclosure: odd interconnect bays (1, 3, 5, 7) or even ones (2, 4, 6, 8).
pub fn side_modules(project: &Project, enclosure: EnclosureId, odd: bool) -> ModulesDown {
    project
        .enclosures
        .get(&enclosure)
        .into_iter()
        .flat_map(|e| e.interconnects.iter())
        .filter(|(bay, module)| (**bay % 2 == 1) == odd && module.kind != ModuleKind::Other)
        .map(|(&bay, _)| (enclosure, bay))
        .collect()
}
