//! HA failover capacity of a cluster while some of its hosts are in maintenance mode (CAP-01 and the charts).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::model::{ClusterId, HostId, Index, Project, VmRow, VmTable};

/// One cluster's memory balance with some hosts in maintenance mode. Memory is the resource that bounds
/// consolidation on these blades; demand is the configured memory of powered-on VMs, FT Secondaries counted
/// again, or the reservation when that is larger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClusterCapacity {
    pub cluster: ClusterId,
    pub hosts: usize,
    pub in_maintenance: usize,
    /// Host failures HA admission control holds back (0 when HA is off).
    pub failures_tolerated: usize,
    /// Memory of the hosts still running, in MB.
    pub running_mb: u64,
    /// Memory left after holding back the largest `failures_tolerated` running hosts, in MB.
    pub failover_mb: u64,
    pub demand_mb: u64,
}

impl ClusterCapacity {
    /// Failover memory minus demand, as a share of the failover memory (negative when short).
    pub fn margin(&self) -> f64 {
        if self.failover_mb == 0 {
            return if self.demand_mb == 0 { 0.0 } else { -1.0 };
        }
        (self.failover_mb as f64 - self.demand_mb as f64) / self.failover_mb as f64
    }

    /// The VMs still fit on the running hosts with HA's failover capacity held back.
    pub fn keeps_failover(&self) -> bool {
        self.demand_mb <= self.failover_mb
    }

    /// The VMs fit on the running hosts at all.
    pub fn fits(&self) -> bool {
        self.demand_mb <= self.running_mb
    }
}

/// The capacity of one cluster with `in_maintenance` hosts out.
pub fn cluster_capacity(
    project: &Project,
    index: &Index,
    cluster: ClusterId,
    in_maintenance: &BTreeSet<HostId>,
) -> Option<ClusterCapacity> {
    let demand_mb = cluster_demand(project, index, cluster);
    capacity_with_demand(project, index, cluster, in_maintenance, demand_mb)
}

/// One cluster's demand ([`ClusterCapacity::demand_mb`]): it does not change with the hosts in maintenance.
pub fn cluster_demand(project: &Project, index: &Index, cluster: ClusterId) -> u64 {
    index
        .vms_of(cluster)
        .iter()
        .filter_map(|vm| project.vms.get(vm))
        .map(vm_demand)
        .sum()
}

/// The memory a VM asks of its cluster, in MB: its configured memory or its reservation when larger, twice for
/// an FT VM (its Secondary), none when it is off or a template.
fn vm_demand(vm: &crate::model::Vm) -> u64 {
    demand_of(
        vm.is_powered_on() && !vm.template,
        vm.is_ft(),
        vm.memory_mb,
        vm.memory_reservation_mb,
    )
}

/// [`vm_demand`] read from a VM's row.
pub fn row_demand(row: &VmRow) -> u64 {
    demand_of(row.runs(), row.ft, row.memory_mb, row.memory_reservation_mb)
}

/// [`vm_demand`] on what it reads of a VM (from the VM or its row).
fn demand_of(runs: bool, ft: bool, memory_mb: u32, memory_reservation_mb: u32) -> u64 {
    if !runs {
        return 0;
    }
    let memory = u64::from(memory_mb.max(memory_reservation_mb));
    if ft { memory * 2 } else { memory }
}

/// Every cluster's demand ([`ClusterCapacity::demand_mb`]) read from the VMs' rows: when most clusters are wanted,
/// far cheaper than looking each cluster's VMs up one by one.
pub fn cluster_demands(rows: &VmTable) -> BTreeMap<ClusterId, u64> {
    rows.clusters()
        .map(|(cluster, rows)| (cluster, rows.map(row_demand).sum()))
        .collect()
}

/// [`cluster_capacity`] with the cluster's demand already summed (see [`cluster_demands`]).
pub fn capacity_with_demand(
    project: &Project,
    index: &Index,
    cluster: ClusterId,
    in_maintenance: &BTreeSet<HostId>,
    demand_mb: u64,
) -> Option<ClusterCapacity> {
    let settings = project.clusters.get(&cluster)?;
    let hosts = index.hosts_of(cluster);
    let mut running: Vec<u64> = hosts
        .iter()
        .filter(|host| !in_maintenance.contains(host))
        .filter_map(|host| project.hosts.get(host))
        .map(|host| u64::from(host.memory_gb) * 1024)
        .collect();
    running.sort_unstable_by(|a, b| b.cmp(a));
    let failures_tolerated = if settings.ha.enabled {
        settings.ha.admission_control.failures_tolerated() as usize
    } else {
        0
    };
    let running_mb: u64 = running.iter().sum();
    let failover_mb: u64 = running.iter().skip(failures_tolerated).sum();
    Some(ClusterCapacity {
        cluster,
        hosts: hosts.len(),
        in_maintenance: hosts.iter().filter(|h| in_maintenance.contains(h)).count(),
        failures_tolerated,
        running_mb,
        failover_mb,
        demand_mb,
    })
}

/// The capacity of the given clusters with `in_maintenance` hosts out, in cluster order. When their VMs are a
/// good part of the estate the demands come from one pass over every VM ([`cluster_demands`]).
pub fn capacities(
    project: &Project,
    index: &Index,
    clusters: &BTreeSet<ClusterId>,
    in_maintenance: &BTreeSet<HostId>,
) -> Vec<ClusterCapacity> {
    let wanted: usize = clusters.iter().map(|&c| index.vms_of(c).len()).sum();
    if wanted.saturating_mul(4) < project.vms.len() {
        return clusters
            .iter()
            .filter_map(|&cluster| cluster_capacity(project, index, cluster, in_maintenance))
            .collect();
    }
    let demands = cluster_demands(&index.vm_rows_of(project));
    clusters
        .iter()
        .filter_map(|&cluster| {
            let demand = demands.get(&cluster).copied().unwrap_or(0);
            capacity_with_demand(project, index, cluster, in_maintenance, demand)
        })
        .collect()
}

/// Every cluster's capacity, in cluster order.
pub fn all_capacity(
    project: &Project,
    index: &Index,
    in_maintenance: &BTreeSet<HostId>,
) -> Vec<ClusterCapacity> {
    let demands = cluster_demands(&index.vm_rows_of(project));
    project
        .clusters
        .keys()
        .filter_map(|&cluster| {
            let demand = demands.get(&cluster).copied().unwrap_or(0);
            capacity_with_demand(project, index, cluster, in_maintenance, demand)
        })
        .collect()
}
