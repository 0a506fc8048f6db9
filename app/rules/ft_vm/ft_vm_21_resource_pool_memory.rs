//! FT-VM-21: a resource pool holding FT VMs needs memory headroom above their full memory.

use std::collections::BTreeMap;

use super::count;
use crate::model::ResourcePoolId;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A resource pool whose memory limit leaves no room above the memory its FT VMs reserve.
pub struct FtVmResourcePoolMemory;

static META: RuleMeta = RuleMeta {
    id: "FT-VM-21",
    name: "ft-resource-pool-memory-too-small",
    title: "A resource pool holding FT VMs has no memory headroom above their reservations",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "For each resource pool with a `memory_limit_mb`: the limit must be above the memory reserved inside it, i.e. the full `memory_mb` of every FT VM in the pool (FT sets reservation = size) plus the `memory_reservation_mb` of its other VMs.",
    why: "FT sets each protected VM's memory reservation to its full size, and the VMs also need memory overhead on top. A pool limit at or below these reservations stops FT VMs from powering on (or FT from being turned on) and starves everything else in the pool.",
    example: "Pool `ft-rp` has `memory_limit_mb: 8192` and holds two FT VMs of 4096 MB each.",
    fix: "Raise the resource pool's memory limit (or reservation) above the FT VMs' memory plus overhead, or move FT VMs out of the pool.",
    source: "S09",
};

/// Memory reserved inside one pool.
#[derive(Default)]
struct PoolDemand {
    ft_vms: usize,
    ft_mb: u64,
    other_mb: u64,
}

impl Rule for FtVmResourcePoolMemory {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let pools = &ctx.project.resource_pools;
        if !pools.values().any(|pool| pool.memory_limit_mb.is_some()) {
            return;
        }
        let mut demand: BTreeMap<ResourcePoolId, PoolDemand> = BTreeMap::new();
        for vm in ctx.project.vms.values() {
            let Some(pool_id) = vm.resource_pool else {
                continue;
            };
            let Some(pool) = pools.get(&pool_id) else {
                continue;
            };
            if pool.memory_limit_mb.is_none() {
                continue;
            }
            let entry = demand.entry(pool_id).or_default();
            if vm.is_ft() && ctx.ft_blocker(vm).is_none() {
                entry.ft_vms += 1;
                entry.ft_mb += u64::from(vm.memory_mb);
            } else {
                entry.other_mb += u64::from(vm.memory_reservation_mb);
            }
        }
        for (pool_id, entry) in demand {
            if entry.ft_vms == 0 {
                continue;
            }
            let Some(pool) = pools.get(&pool_id) else {
                continue;
            };
            let Some(limit) = pool.memory_limit_mb else {
                continue;
            };
            let reserved = entry.ft_mb + entry.other_mb;
            if limit > reserved {
                continue;
            }
            let others = if entry.other_mb > 0 {
                format!(" plus {} MB reserved by its other VMs", entry.other_mb)
            } else {
                String::new()
            };
            out.add(
                &META,
                pool_id,
                format!(
                    "{} has a memory limit of {limit} MB but its {} reserve {} MB{others}, leaving no room for memory overhead",
                    pool.name,
                    count(entry.ft_vms, "FT VM"),
                    entry.ft_mb
                ),
            );
        }
    }
}
