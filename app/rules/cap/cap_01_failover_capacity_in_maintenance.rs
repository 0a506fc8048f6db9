//! CAP-01: a cluster keeps its HA failover capacity while hosts are in maintenance mode.

use std::collections::BTreeSet;

use crate::model::HostId;
use crate::planner::capacity::{ClusterCapacity, cluster_capacity};
use crate::rules::{Context, Findings, Rule, RuleMeta, Severity};

/// A wave (or a single host in maintenance) leaves a cluster without HA failover capacity.
pub struct CapFailoverCapacityInMaintenance;

static META: RuleMeta = RuleMeta {
    id: "CAP-01",
    name: "failover-capacity-lost-in-maintenance",
    title: "Hosts in maintenance mode leave a cluster without its HA failover capacity",
    severity: Severity::Error,
    checks: "Memory is the resource checked. Demand: the configured memory (or the reservation when larger) of every \
             powered-on VM of the cluster, FT VMs counted twice for their Secondaries. Capacity: the memory of the \
             hosts not in maintenance, less the largest `failures_tolerated` of them (admission control's host \
             failures; 1 for the percentage and failover-host policies; 0 with HA off). In an upgrade stage: error \
             when demand exceeds that capacity with the wave's hosts in maintenance (warning when the wave records \
             an accepted risk), error when the VMs do not fit the running hosts at all. On the design (no stage): \
             warning when one host in maintenance (the largest) already breaks it. CPU demand is not modelled: \
             the model has no per-VM CPU load.",
    why: "During a rolling upgrade DRS evacuates each host before it is upgraded. If the remaining hosts cannot also hold \
          back a host's worth of capacity, a host failure in the window leaves VMs that HA cannot restart, or DRS cannot \
          evacuate the host at all and the window is lost.",
    example: "Cluster `Prod` has 6 hosts of 32 GB and 140 GB of VM memory; a wave with 2 of its hosts leaves 4 hosts, 96 GB \
              after holding back one host for HA: 140 GB does not fit.",
    fix: "Add temporary host, lower consolidation, or schedule per-host windows.",
    source: "D (S10, S12, S33)",
};

fn gb(mb: u64) -> String {
    format!("{} GB", mb / 1024)
}

fn describe(cluster: &str, capacity: &ClusterCapacity) -> String {
    format!(
        "{} of {} hosts of {cluster} in maintenance leave {} of host memory, {} after holding back {} host(s) for HA failover, for {} of powered-on VM memory",
        capacity.in_maintenance,
        capacity.hosts,
        gb(capacity.running_mb),
        gb(capacity.failover_mb),
        capacity.failures_tolerated,
        gb(capacity.demand_mb)
    )
}

impl Rule for CapFailoverCapacityInMaintenance {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&cluster_id, cluster) in &ctx.project.clusters {
            let hosts = ctx.index.hosts_of(cluster_id);
            if hosts.is_empty() {
                continue;
            }
            match ctx.stage {
                Some(stage) => {
                    if !hosts.iter().any(|h| stage.in_maintenance.contains(h)) {
                        continue;
                    }
                    // An operation that takes every host of the cluster down is FD-03's one finding.
                    if stage.operation.is_some()
                        && hosts.iter().all(|h| stage.in_maintenance.contains(h))
                    {
                        continue;
                    }
                    let Some(capacity) =
                        cluster_capacity(ctx.project, ctx.index, cluster_id, &stage.in_maintenance)
                    else {
                        continue;
                    };
                    if !capacity.fits() {
                        out.add(
                            &META,
                            cluster_id,
                            format!(
                                "{}; the VMs do not fit the running hosts",
                                describe(&cluster.name, &capacity)
                            ),
                        );
                    } else if !capacity.keeps_failover() {
                        match &stage.accepted_risk {
                            Some(reason) => out.add_at(
                                &META,
                                Severity::Warning,
                                cluster_id,
                                format!(
                                    "{}; risk accepted: {reason}",
                                    describe(&cluster.name, &capacity)
                                ),
                            ),
                            None => out.add(&META, cluster_id, describe(&cluster.name, &capacity)),
                        }
                    }
                }
                None => {
                    if !cluster.ha.enabled {
                        continue;
                    }
                    let largest = hosts.iter().copied().max_by_key(|h| {
                        (
                            ctx.host(*h).map_or(0, |host| host.memory_gb),
                            std::cmp::Reverse(*h),
                        )
                    });
                    let out_for_one: BTreeSet<HostId> = largest.into_iter().collect();
                    let Some(capacity) =
                        cluster_capacity(ctx.project, ctx.index, cluster_id, &out_for_one)
                    else {
                        continue;
                    };
                    if !capacity.keeps_failover() {
                        out.add_at(
                            &META,
                            Severity::Warning,
                            cluster_id,
                            format!(
                                "a single host in maintenance already breaks HA: {}",
                                describe(&cluster.name, &capacity)
                            ),
                        );
                    }
                }
            }
        }
    }
}
