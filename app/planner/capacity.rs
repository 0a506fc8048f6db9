//! HA failover capacity of a cluster while some of its hosts are in maintenance mode (CAP-01 and the charts).

use std::collections::BTreeSet;

use serde::Serialize;

use crate::model::{ClusterId, HostId, Index, Project};

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
    let demand_mb = index
        .vms_of(cluster)
        .iter()
        .filter_map(|vm| project.vms.get(vm))
        .filter(|vm| vm.is_powered_on() && !vm.template)
        .map(|vm| {
            let memory = u64::from(vm.memory_mb.max(vm.memory_reservation_mb));
            if vm.is_ft() { memory * 2 } else { memory }
        })
        .sum();
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

/// Every cluster's capacity, in cluster order.
pub fn all_capacity(
    project: &Project,
    index: &Index,
    in_maintenance: &BTreeSet<HostId>,
) -> Vec<ClusterCapacity> {
    project
        .clusters
        .keys()
        .filter_map(|&cluster| cluster_capacity(project, index, cluster, in_maintenance))
        .collect()
}
