//! VMO-06: concurrent vMotions per host limit how fast a host can be evacuated.

use crate::model::{HostId, VmkRole};
use crate::refdata::LimitItem;
use crate::rules::host_tally::HostTally;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity, number};

/// A cluster whose busiest host needs several rounds of vMotion to enter maintenance mode.
pub struct VmoConcurrentVmotionLimit;

/// A vMotion uplink of at least this speed counts as 10 GbE for the 4.1 limit.
const TEN_GBE_MBPS: u32 = 10_000;

static META: RuleMeta = RuleMeta {
    id: "VMO-06",
    name: "concurrent-vmotion-limit",
    title: "Evacuating a host takes several rounds of vMotion because of the concurrent vMotion limit",
    severity: Severity::Info,
    reach: Reach::Cluster,
    checks: "For every cluster of two or more hosts: the host whose powered-on VMs need the most rounds to evacuate, at the host's `ConcurrentVmotionsPerHost` limit for its ESX release (2 on 4.0; 4 on 4.1, or `ConcurrentVmotionsPerHost10Gbe` = 8 when its fastest vMotion uplink is 10 GbE), is reported when it needs more than one round. Releases without a value (ESX 3.x) are skipped.",
    why: "A host runs only a few vMotions at a time, so entering maintenance mode moves its VMs in rounds. The number of rounds feeds maintenance-window and rolling-upgrade duration estimates: a host with 24 VMs on ESX 4.0 needs 12 rounds before it can be patched or upgraded.",
    example: "`esx01` in cluster `prod` runs 24 VMs on ESX 4.0 (2 concurrent vMotions): 12 rounds.",
    fix: "Budget maintenance windows for the rounds; move to 10 GbE vMotion on 4.1 or spread VMs more evenly to shorten evacuation.",
    source: "M (4.0 value unverified); 4.1 values Denneman 27 Aug 2010 (section 7)",
};

impl Rule for VmoConcurrentVmotionLimit {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        // Running VMs per host, in one pass over the VM rows.
        let mut running_on: HostTally<usize> = HostTally::new(ctx.project);
        for vm in ctx.vm_rows().iter() {
            if let Some(running) = vm
                .host
                .filter(|_| vm.runs())
                .and_then(|host| running_on.at(host))
            {
                *running += 1;
            }
        }
        for (&cluster_id, cluster) in &ctx.project.clusters {
            if ctx.index.hosts_of(cluster_id).len() < 2 {
                continue;
            }
            // (rounds, running VMs, host, limit)
            let mut worst: Option<(usize, usize, HostId, f64)> = None;
            for (host_id, host) in ctx.cluster_hosts(cluster_id) {
                let release = Some(host.esx.release);
                let ten_gbe = host
                    .vmk_with(VmkRole::Vmotion)
                    .any(|vmk| vmk.uplink_mbps >= TEN_GBE_MBPS);
                let limit = if ten_gbe {
                    ctx.limit(LimitItem::ConcurrentVmotionsPerHost10Gbe, release)
                } else {
                    None
                }
                .or_else(|| ctx.limit(LimitItem::ConcurrentVmotionsPerHost, release));
                let Some(limit) = limit.filter(|limit| *limit >= 1.0) else {
                    continue;
                };
                let running = running_on.get(host_id).copied().unwrap_or_default();
                // Limits are small positive whole numbers.
                let per_round = limit as usize;
                let rounds = running.div_ceil(per_round);
                if worst.is_none_or(|(r, n, _, _)| (rounds, running) > (r, n)) {
                    worst = Some((rounds, running, host_id, limit));
                }
            }
            let Some((rounds, running, host_id, limit)) = worst else {
                continue;
            };
            if rounds < 2 {
                continue;
            }
            let release = ctx
                .host(host_id)
                .map(|host| host.esx.release.to_string())
                .unwrap_or_default();
            out.add(
                &META,
                cluster_id,
                format!(
                    "Evacuating {}, the busiest host of {} ({running} running VMs), takes {rounds} rounds of vMotion; ESX {release} runs at most {} at a time per host",
                    ctx.host_label(host_id),
                    cluster.name,
                    number(limit),
                ),
            );
        }
    }
}
