//! FD-02: when an enclosure is lost, the cluster's VMs still fit on its hosts elsewhere.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{ClusterId, HostId};
use crate::planner::admission::AdmissionInputs;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// Losing an enclosure leaves VMs of a cluster that HA cannot restart.
pub struct FdEnclosureOutageCapacity;

static META: RuleMeta = RuleMeta {
    id: "FD-02",
    name: "enclosure-outage-capacity",
    title: "Losing one enclosure leaves VMs of a cluster that the rest of the cluster cannot hold",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "For every enclosure and every cluster with HA on and with hosts in it and hosts elsewhere: take all the \
             cluster's blades in that enclosure out and rerun CAP-01's slot count with no failure held back: slots \
             sized by the largest reservations plus overhead (256 MHz of CPU when nothing reserves CPU), each FT \
             Secondary a VM. Warning when the remaining hosts hold fewer slots than the powered-on VMs need. A \
             cluster wholly in one enclosure is FD-01. Checked on the design and at the end of each simulated stage.",
    why: "HA restarts VMs of failed hosts on the survivors only when they have room. Admission control reserves room for \
          the failures it tolerates (usually one host), not for a whole enclosure: a c7000 outage can take several \
          hosts of a cluster at once.",
    example: "Cluster `Prod` has six of its ten 32 GB hosts in `enc1`; its largest VM reserves 8 GB, so the four hosts \
              left hold 16 slots for 40 powered-on VMs.",
    fix: "Spread clusters over more enclosures, or keep spare capacity for an enclosure's share of hosts.",
    source: "rules-v2 FD-02: D (CAP-01 + V41: the enclosure is a single point of failure)",
};

impl Rule for FdEnclosureOutageCapacity {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        // A design property: checked on the design and at stage ends, not while a wave or an operation runs.
        if ctx
            .stage
            .is_some_and(|s| s.wave.is_some() || s.operation.is_some())
        {
            return;
        }
        let mut by_cluster: BTreeMap<(ClusterId, crate::model::EnclosureId), BTreeSet<HostId>> =
            BTreeMap::new();
        for (&host, &enclosure) in &ctx.index.host_enclosure {
            if let Some(cluster) = ctx.project.hosts.get(&host).and_then(|h| h.cluster) {
                by_cluster
                    .entry((cluster, enclosure))
                    .or_default()
                    .insert(host);
            }
        }
        // Keyed by cluster first: one cluster's enclosures come in a row and share its inputs.
        let mut inputs: Option<(ClusterId, Option<AdmissionInputs<'_>>)> = None;
        for ((cluster, enclosure), hosts) in by_cluster {
            if hosts.len() >= ctx.index.hosts_of(cluster).len() {
                continue;
            }
            if inputs.as_ref().is_none_or(|(of, _)| *of != cluster) {
                inputs = Some((
                    cluster,
                    AdmissionInputs::of_demands(
                        ctx.project,
                        ctx.index,
                        ctx.reference,
                        cluster,
                        std::borrow::Cow::Borrowed(ctx.cluster_demands(cluster)),
                    ),
                ));
            }
            let Some((slots, unknown_overheads)) = inputs
                .as_ref()
                .and_then(|(_, inputs)| inputs.as_ref())
                .and_then(|inputs| inputs.restart_slots(ctx.reference, &hosts))
            else {
                continue;
            };
            if slots.slots_left >= slots.slots_needed {
                continue;
            }
            let name = |c: ClusterId| {
                ctx.cluster(c)
                    .map_or_else(|| c.to_string(), |c| c.name.clone())
            };
            let enclosure_name = ctx
                .project
                .enclosures
                .get(&enclosure)
                .map_or_else(|| enclosure.to_string(), |e| e.name.clone());
            out.add(
                &META,
                cluster,
                format!(
                    "If enclosure {enclosure_name} is lost, cluster {}'s other hosts hold {} HA slot{} ({} MHz, {} MB) for {} needed: {} VM slot{} cannot restart{}",
                    name(cluster),
                    slots.slots_left,
                    if slots.slots_left == 1 { "" } else { "s" },
                    slots.slot_cpu_mhz,
                    slots.slot_memory_mb,
                    slots.slots_needed,
                    slots.slots_needed - slots.slots_left,
                    if slots.slots_needed - slots.slots_left == 1 { "" } else { "s" },
                    if unknown_overheads > 0 {
                        format!(" (memory overhead unknown for {unknown_overheads} VMs: counted as 0)")
                    } else {
                        String::new()
                    }
                ),
            );
        }
    }
}
