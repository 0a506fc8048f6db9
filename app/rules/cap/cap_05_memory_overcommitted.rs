//! CAP-05: a cluster's running hosts carry more configured VM memory than the design accepts (performance, apart
//! from HA).

use std::collections::BTreeMap;

use crate::model::ClusterId;
use crate::rules::cpu::Grouped;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// The design's limit when the plan sets none: no overcommitment.
const DEFAULT_MAX: f64 = 1.0;

/// Configured memory of powered-on VMs above the design's overcommitment limit on the running hosts.
pub struct CapMemoryOvercommitted;

static META: RuleMeta = RuleMeta {
    id: "CAP-05",
    name: "memory-overcommitted",
    title: "A cluster's powered-on VMs are configured with more memory than its running hosts carry by design",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "Per cluster, apart from HA: the configured memory of its powered-on VMs (templates left out) over the \
             memory of its hosts running at that moment (hosts in maintenance mode during a simulated wave or \
             operation left out), computed twice: with every running host, and without the largest one. Warning \
             when either ratio is above the plan's `mem_overcommit_max` (1.0 when not set). A cluster with no host \
             memory recorded is not judged.",
    why: "ESX overcommits memory safely through page sharing, ballooning and, last, swapping: overcommitment as such is \
          fine, heavy reclamation is not. How far a design may go is a design choice VMware gives no number for, so \
          the limit is the plan's; checking without the largest host shows the ratio a host failure or a host in \
          maintenance brings.",
    example: "Cluster `lab` has two 32 GB hosts and 80 GB of powered-on VM memory: 1.25, and 2.5 without one host, \
              against the default 1.0.",
    fix: "Add hosts or memory, or raise `mem_overcommit_max` as a documented design decision.",
    source: "V11 (Performance Best Practices for vSphere 4.0, p.24: overcommitment is fine, heavy reclamation is not); rules-v2 CAP-05 (the threshold a design choice)",
};

impl Rule for CapMemoryOvercommitted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let limit = ctx.project.mem_overcommit_max.unwrap_or(DEFAULT_MAX);
        // Powered-on VM memory per cluster, in one pass over the VM rows: they lie side by side in memory, where
        // each VM's own data is spread over the whole estate.
        let mut grouped: Grouped<ClusterId, u64> = Grouped::new();
        for vm in ctx.vm_rows().iter() {
            if let Some(cluster) = vm.cluster
                && vm.runs()
                && let Some(memory) = grouped.at(cluster)
            {
                *memory += u64::from(vm.memory_mb);
            }
        }
        let vm_memory: BTreeMap<ClusterId, u64> = grouped.into_sorted().into_iter().collect();
        for (&cluster_id, cluster) in &ctx.project.clusters {
            let mut running: Vec<u64> = ctx
                .cluster_hosts(cluster_id)
                .filter(|(id, _)| !ctx.in_maintenance(*id))
                .map(|(_, host)| u64::from(host.memory_gb) * 1024)
                .collect();
            let host_mb: u64 = running.iter().sum();
            if host_mb == 0 {
                continue;
            }
            running.sort_unstable();
            let without_largest = host_mb - running.last().copied().unwrap_or(0);
            let vm_mb = vm_memory.get(&cluster_id).copied().unwrap_or_default();
            let ratio = vm_mb as f64 / host_mb as f64;
            let worst = if without_largest == 0 {
                f64::INFINITY
            } else {
                vm_mb as f64 / without_largest as f64
            };
            if ratio <= limit && worst <= limit {
                continue;
            }
            let worst_text = if worst.is_finite() {
                format!("{worst:.2}")
            } else {
                "no host left".to_owned()
            };
            out.add(
                &META,
                cluster_id,
                format!(
                    "Cluster {} has {} GB of powered-on VM memory on {} GB of running hosts: {ratio:.2}, and {worst_text} without its largest host, above the design's {limit:.2}",
                    cluster.name,
                    vm_mb.div_ceil(1024),
                    host_mb / 1024
                ),
            );
        }
    }
}
