//! What a rule sees: the project, the reference data, derived lookups and a few shared questions.

use crate::model::{
    Cluster, ClusterId, Host, HostId, Index, Project, Release, Vcenter, Vm, VmId, VmRow, VmTable,
};
use crate::refdata::{FtGroup, LimitItem, ReferenceData};
use crate::rules::StageView;

/// Each limit item's values with the release they apply from, in the limits table's order.
type LimitsByItem = std::collections::BTreeMap<LimitItem, Vec<(Option<Release>, f64)>>;

/// Read-only inputs of one check run.
pub struct Context<'a> {
    pub project: &'a Project,
    pub reference: &'a ReferenceData,
    pub index: &'a Index,
    /// The upgrade stage being simulated, when checking a projected state.
    pub stage: Option<&'a StageView>,
    /// The connectivity graph, built the first time a rule asks for it, or given (shared with the simulation's
    /// next moments while nothing it reads changes).
    connections: std::sync::OnceLock<std::sync::Arc<crate::topology::Connections>>,
    /// One small row per VM ([`VmRow`]): the index's, or made when the context is made for an index of another
    /// project. Rules that walk VMs read these, and each cluster's rows are listed in them, so making a context
    /// never walks the VMs themselves.
    vm_rows: std::borrow::Cow<'a, VmTable>,
    /// The hosts of each cluster with their data, gathered when the context is made (a `OnceLock` would make
    /// `Context` invariant in its lifetime, which the rules' borrows do not allow).
    host_groups: std::collections::BTreeMap<ClusterId, Vec<(HostId, &'a Host)>>,
    /// The FT VMs whose FT can exist ([`Context::ft_vms`]), gathered once: the rules ask for them at 35 places.
    ft_vms: Vec<(VmId, &'a Vm)>,
    /// The hosts FT VMs may run on, worked out the first time a rule asks (ten FT rules do).
    ft_hosts: std::sync::OnceLock<std::collections::BTreeSet<HostId>>,
    /// What each cluster's powered-on VMs ask of HA admission control, worked out the first time a rule asks
    /// (CAP-01 and FD-02 both weigh it).
    cluster_demands: std::sync::OnceLock<
        std::collections::BTreeMap<ClusterId, crate::planner::admission::ClusterDemands>,
    >,
    /// The limits table's values grouped by item, in table order, made the first time a rule asks: rules ask
    /// per host or per VM, and a lookup in the table itself reads every entry, which at ten halls no longer stays
    /// in the cache between hosts.
    limits: std::sync::OnceLock<LimitsByItem>,
    /// The licensed features each host uses, worked out the first time a rule asks (LIC-01 and LIC-05 both do).
    features_in_use:
        std::sync::OnceLock<std::collections::BTreeMap<HostId, crate::planner::licensing::HostUse>>,
}

impl<'a> Context<'a> {
    /// Bundles the inputs of a check run.
    pub fn new(project: &'a Project, reference: &'a ReferenceData, index: &'a Index) -> Self {
        let mut context = Self {
            project,
            reference,
            index,
            stage: None,
            connections: std::sync::OnceLock::new(),
            vm_rows: index.vm_rows_of(project),
            host_groups: host_groups(project, index),
            ft_vms: Vec::new(),
            ft_hosts: std::sync::OnceLock::new(),
            cluster_demands: std::sync::OnceLock::new(),
            limits: std::sync::OnceLock::new(),
            features_in_use: std::sync::OnceLock::new(),
        };
        let ft_vms = index
            .ft_vms
            .iter()
            .filter_map(|id| project.vms.get(id).map(|vm| (*id, vm)))
            .filter(|(_, vm)| context.ft_blocker(vm).is_none())
            .collect();
        context.ft_vms = ft_vms;
        context
    }

    /// The licensed features each host uses, counting the FT VMs whose FT can exist (FT-CL-14 is the only finding
    /// of the others).
    pub fn features_in_use(
        &self,
    ) -> &std::collections::BTreeMap<HostId, crate::planner::licensing::HostUse> {
        self.features_in_use.get_or_init(|| {
            crate::planner::licensing::features_in_use(self.project, self.index, |vm| {
                self.ft_blocker(vm).is_none()
            })
        })
    }

    /// What the powered-on VMs of a cluster ask of HA admission control
    /// ([`crate::planner::admission::ClusterDemands`]); nothing for a cluster without VMs.
    pub fn cluster_demands(
        &self,
        cluster: ClusterId,
    ) -> &crate::planner::admission::ClusterDemands {
        static NONE: crate::planner::admission::ClusterDemands =
            crate::planner::admission::ClusterDemands::NONE;
        self.cluster_demands
            .get_or_init(|| crate::planner::admission::ClusterDemands::by_cluster(&self.vm_rows))
            .get(&cluster)
            .unwrap_or(&NONE)
    }

    /// The connectivity graph of the project being checked.
    pub fn topology(&self) -> crate::topology::Topology<'_> {
        let connections = self.connections.get_or_init(|| {
            std::sync::Arc::new(crate::topology::Connections::build(
                self.project,
                &crate::topology::ModulesDown::new(),
            ))
        });
        crate::topology::Topology::with(self.project, connections)
    }

    /// The context with the project's connectivity graph already built (beside the index, on another core).
    pub fn with_connections(
        self,
        connections: std::sync::Arc<crate::topology::Connections>,
    ) -> Self {
        // A fresh context's cell is empty, so the graph is always taken.
        let _ = self.connections.set(connections);
        self
    }

    /// The inputs of a check of a projected upgrade stage.
    pub fn for_stage(
        project: &'a Project,
        reference: &'a ReferenceData,
        index: &'a Index,
        stage: &'a StageView,
    ) -> Self {
        Self {
            stage: Some(stage),
            ..Self::new(project, reference, index)
        }
    }

    /// The host is in maintenance mode in the stage being checked.
    pub fn in_maintenance(&self, host: HostId) -> bool {
        self.stage
            .is_some_and(|stage| stage.in_maintenance.contains(&host))
    }

    /// A host by ID.
    pub fn host(&self, id: HostId) -> Option<&'a Host> {
        self.project.hosts.get(&id)
    }

    /// A VM by ID.
    pub fn vm(&self, id: VmId) -> Option<&'a Vm> {
        self.project.vms.get(&id)
    }

    /// A cluster by ID.
    pub fn cluster(&self, id: ClusterId) -> Option<&'a Cluster> {
        self.project.clusters.get(&id)
    }

    /// The hosts of a cluster with their data.
    pub fn cluster_hosts(
        &self,
        cluster: ClusterId,
    ) -> impl Iterator<Item = (HostId, &'a Host)> + '_ {
        self.host_groups
            .get(&cluster)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .copied()
    }

    /// The rows of a cluster's VMs with their positions in [`Context::vm_rows`], in ID order (the VMs
    /// [`Index::vms_of`] lists).
    pub fn cluster_rows(&self, cluster: ClusterId) -> impl Iterator<Item = (usize, &VmRow)> + '_ {
        self.vm_rows.of_cluster(cluster)
    }

    /// One small row per VM in ID order (see [`VmRow`]).
    pub fn vm_rows(&self) -> &VmTable {
        &self.vm_rows
    }

    /// Every VM with FT on or planned whose FT can exist ([`Context::ft_blocker`]).
    pub fn ft_vms(&self) -> impl Iterator<Item = (VmId, &'a Vm)> + '_ {
        self.ft_vms.iter().copied()
    }

    /// Why FT cannot exist at all for a VM in this state (rules-v2, FT-CL-14): its vCenter is VirtualCenter 2.x,
    /// or its Primary's or Secondary's host runs ESX 3.x. FT arrived with vSphere 4.0, so no other FT rule judges
    /// such a VM. An unknown vCenter or host is not a blocker.
    pub fn ft_blocker(&self, vm: &Vm) -> Option<String> {
        let vsphere4 = Release::new(4, 0);
        let vcenter = vm
            .cluster
            .and_then(|c| self.cluster(c))
            .and_then(|c| self.cluster_vcenter(c))
            .or_else(|| vm.host.and_then(|h| self.host_vcenter(h)));
        if let Some(vcenter) = vcenter.filter(|vc| vc.release < vsphere4) {
            return Some(format!(
                "its vCenter {} is VirtualCenter {}",
                vcenter.name, vcenter.release
            ));
        }
        vm.host
            .into_iter()
            .chain(vm.ft_secondary_host())
            .filter_map(|id| self.host(id).map(|host| (id, host)))
            .find(|(_, host)| host.release() < vsphere4)
            .map(|(id, host)| format!("{} runs ESX {}", self.host_label(id), host.release()))
    }

    /// Hosts FT rules apply to: every host of a cluster holding an FT VM, plus every Primary or Secondary host.
    pub fn ft_hosts(&self) -> &std::collections::BTreeSet<HostId> {
        self.ft_hosts.get_or_init(|| {
            // Clusters first, then their hosts once each: O(FT VMs + hosts), not FT VMs x cluster size.
            let mut clusters = std::collections::BTreeSet::new();
            let mut hosts = std::collections::BTreeSet::new();
            for (_, vm) in self.ft_vms() {
                clusters.extend(vm.cluster);
                hosts.extend(vm.host);
                hosts.extend(vm.ft_secondary_host());
            }
            for cluster in clusters {
                hosts.extend(self.index.hosts_of(cluster).iter().copied());
            }
            hosts
        })
    }

    /// The FT hosts of a VM: Primary's host and Secondary's host, when known.
    pub fn ft_pair_hosts(&self, vm: &Vm) -> Option<(HostId, HostId)> {
        Some((vm.host?, vm.ft_secondary_host()?))
    }

    /// Hosts that may run a VM: its cluster's hosts, or just its host when it is not clustered.
    pub fn hosts_for_vm<'v>(&self, vm: &'v Vm) -> &'v [HostId]
    where
        'a: 'v,
    {
        self.index.hosts_for_vm(vm)
    }

    /// The FT processor group of a host's CPU.
    pub fn ft_group(&self, host: &Host) -> Option<&'a FtGroup> {
        self.reference.ft_group_of(&host.cpu.series)
    }

    /// The vCenter managing a cluster.
    pub fn cluster_vcenter(&self, cluster: &Cluster) -> Option<&'a Vcenter> {
        cluster
            .vcenter
            .and_then(|id| self.project.vcenters.get(&id))
    }

    /// The vCenter managing a host.
    pub fn host_vcenter(&self, host: HostId) -> Option<&'a Vcenter> {
        self.index
            .host_vcenter
            .get(&host)
            .and_then(|id| self.project.vcenters.get(id))
    }

    /// A limit from the reference data, for a release.
    pub fn limit(&self, item: LimitItem, release: Option<Release>) -> Option<f64> {
        let by_item = self.limits.get_or_init(|| {
            let mut by_item = LimitsByItem::new();
            for entry in &self.reference.limits {
                by_item
                    .entry(entry.item)
                    .or_default()
                    .push((entry.release, entry.value));
            }
            by_item
        });
        let entries = by_item.get(&item)?;
        crate::refdata::in_force(entries.iter().copied(), release)
    }

    /// A host's name and, for blades, where it sits: "esx03 (enc1/bay3)".
    pub fn host_label(&self, id: HostId) -> String {
        let Some(host) = self.host(id) else {
            return id.to_string();
        };
        let location = self.project.host_location(id);
        if location == host.name {
            host.name.clone()
        } else {
            format!("{} ({location})", host.name)
        }
    }
}

/// The hosts of each cluster with their data, in the order [`Index::hosts_of`] lists them: each host looked up
/// once per check rather than once per rule that walks its cluster (a cache miss each at ten halls).
fn host_groups<'a>(
    project: &'a Project,
    index: &Index,
) -> std::collections::BTreeMap<ClusterId, Vec<(HostId, &'a Host)>> {
    index
        .cluster_hosts
        .iter()
        .map(|(&cluster, ids)| {
            let members = ids
                .iter()
                .filter_map(|id| project.hosts.get(id).map(|host| (*id, host)))
                .collect();
            (cluster, members)
        })
        .collect()
}

/// Formats a count-of-limit for messages, dropping a fraction when the limit is whole.
pub fn number(value: f64) -> String {
    if (value.fract()).abs() < f64::EPSILON {
        format!("{value:.0}")
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A limit asked of the context is the one the reference data gives, for every item of the table and every
    /// release the table names, none, and one before them all.
    #[test]
    fn limits_asked_of_the_context_are_the_reference_datas() {
        let reference = ReferenceData::bundled().expect("bundled reference data");
        let project = Project::default();
        let index = Index::build(&project);
        let ctx = Context::new(&project, &reference, &index);
        let mut releases: Vec<Option<Release>> =
            reference.limits.iter().map(|entry| entry.release).collect();
        releases.extend([None, Some(Release::new(2, 0))]);
        let mut compared = 0;
        let mut found = 0;
        for entry in &reference.limits {
            for &release in &releases {
                let asked = ctx.limit(entry.item, release);
                assert_eq!(
                    asked,
                    reference.limit(entry.item, release),
                    "{:?} {release:?}",
                    entry.item
                );
                compared += 1;
                found += usize::from(asked.is_some());
            }
        }
        assert!(
            compared > 100 && found > 0 && found < compared,
            "{found} of {compared}"
        );
    }

    /// The views gathered when a context is made give what looking each ID up in the project gives.
    #[test]
    fn gathered_hosts_and_ft_vms_are_those_lookups_give() {
        let reference = ReferenceData::bundled().expect("bundled reference data");
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/samples");
        let mut ft_seen = 0;
        for sample in [
            "esx35-west.ron",
            "ft-ready-cluster.ron",
            "ldvm-two-site.ron",
        ] {
            let mut plan = crate::io::PlanFile::load(&root.join(sample)).expect("sample plan");
            // A host of an FT VM's cluster that runs no FT VM itself is an FT host through its cluster only.
            let spare = HostId(999);
            if sample == "ft-ready-cluster.ron"
                && let Some(host) = plan.project.hosts.values().next().cloned()
            {
                plan.project.hosts.insert(
                    spare,
                    Host {
                        name: "spare".into(),
                        ..host
                    },
                );
            }
            let project = &plan.project;
            let index = Index::build(project);
            let ctx = Context::new(project, &reference, &index);
            let mut hosts_seen = 0;
            let mut demands_seen = 0;
            for &cluster in project.clusters.keys() {
                let gathered: Vec<HostId> = ctx.cluster_hosts(cluster).map(|(id, _)| id).collect();
                let looked_up: Vec<HostId> = index
                    .hosts_of(cluster)
                    .iter()
                    .copied()
                    .filter(|id| project.hosts.contains_key(id))
                    .collect();
                assert_eq!(gathered, looked_up, "{sample}: hosts of {cluster}");
                hosts_seen += gathered.len();
                // The demands worked out once per check are those of the VMs the index lists for the cluster.
                let demands = crate::planner::admission::ClusterDemands::of(
                    crate::planner::admission::cluster_vms(project, &index, cluster),
                );
                assert_eq!(
                    ctx.cluster_demands(cluster),
                    &demands,
                    "{sample}: demands of {cluster}"
                );
                demands_seen += demands.demands.len();
            }
            assert!(hosts_seen > 0, "{sample}: no clustered host");
            // Each cluster's rows are those of the VMs the index lists for it, in that order. A context made for an
            // index of another project (one VM fewer) lists the rows it makes itself.
            let mut fewer = project.clone();
            fewer.vms.pop_last();
            let other_index = Index::build(&fewer);
            let other_ctx = Context::new(project, &reference, &other_index);
            let mut vms_seen = 0;
            for &cluster in project.clusters.keys() {
                let listed: Vec<VmId> = project
                    .vms
                    .iter()
                    .filter(|(_, vm)| vm.cluster == Some(cluster))
                    .map(|(&id, _)| id)
                    .collect();
                for context in [&ctx, &other_ctx] {
                    let rows: Vec<VmId> = context
                        .cluster_rows(cluster)
                        .map(|(position, row)| {
                            assert_eq!(context.vm_rows().iter().nth(position), Some(row));
                            row.id
                        })
                        .collect();
                    assert_eq!(rows, listed, "{sample}: rows of {cluster}");
                }
                assert_eq!(listed, index.vms_of(cluster), "{sample}: VMs of {cluster}");
                vms_seen += listed.len();
            }
            assert!(vms_seen > 0, "{sample}: no clustered VM");
            assert!(demands_seen > 0, "{sample}: no powered-on clustered VM");
            let gathered: Vec<VmId> = ctx.ft_vms().map(|(id, _)| id).collect();
            let looked_up: Vec<VmId> = index
                .ft_vms
                .iter()
                .copied()
                .filter(|id| {
                    project
                        .vms
                        .get(id)
                        .is_some_and(|vm| ctx.ft_blocker(vm).is_none())
                })
                .collect();
            assert_eq!(gathered, looked_up, "{sample}: FT VMs");
            ft_seen += gathered.len();
            // Every host of a cluster holding such an FT VM, and each Primary's and Secondary's host.
            let mut ft_hosts = std::collections::BTreeSet::new();
            for vm in looked_up.iter().filter_map(|id| project.vms.get(id)) {
                ft_hosts.extend(vm.host);
                ft_hosts.extend(vm.ft_secondary_host());
                if let Some(cluster) = vm.cluster {
                    ft_hosts.extend(index.hosts_of(cluster).iter().copied());
                }
            }
            assert_eq!(*ctx.ft_hosts(), ft_hosts, "{sample}: FT hosts");
            if sample == "ft-ready-cluster.ron" {
                assert!(ctx.ft_hosts().contains(&spare), "{sample}: the spare host");
            }
        }
        assert!(ft_seen > 0, "no sample has an FT VM whose FT can exist");
    }
}
