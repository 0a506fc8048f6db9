//! EVA-04: an EVA's Vdisks alternate between the two controllers.

use std::collections::BTreeMap;

use super::is_eva;
use crate::model::{ArrayId, Controller};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An EVA whose Vdisks sit mostly on one controller.
pub struct ControllersUnbalanced;

static META: RuleMeta = RuleMeta {
    id: "EVA-04",
    name: "eva-controllers-unbalanced",
    title: "An EVA's Vdisks are not spread evenly over its two controllers",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "Per EVA array: the LUNs whose controller (the one of `preferred`, else `owner`) is A and those on B differ by at most one.",
    why: "Each Vdisk is managed by one controller at a time, which does its cache and I/O work; HP's practice is to alternate Vdisk ownership (half Path A-Failover/Failback, half Path B-Failover/Failback) so both controllers share the load. Vdisks piled on one controller leave the other idle and halve the array's usable performance.",
    example: "`eva01` has 6 Vdisks on controller A and 2 on controller B.",
    fix: "Rebalance in Command View: alternate Path A- and Path B-Failover/Failback across the Vdisks, and align host paths (EVA-02).",
    source: "S35 (p.51), S38",
};

impl Rule for ControllersUnbalanced {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let mut counts: BTreeMap<ArrayId, (usize, usize)> = BTreeMap::new();
        for lun in ctx.project.luns.values() {
            let entry = counts.entry(lun.array).or_default();
            match lun.preferred.controller().unwrap_or(lun.owner) {
                Controller::A => entry.0 += 1,
                Controller::B => entry.1 += 1,
            }
        }
        for (array_id, (on_a, on_b)) in counts {
            let Some(array) = ctx.project.arrays.get(&array_id) else {
                continue;
            };
            if !is_eva(array) || on_a.abs_diff(on_b) <= 1 {
                continue;
            }
            let total = on_a + on_b;
            out.add(
                &META,
                array_id,
                format!(
                    "{} has {on_a} Vdisk{} on controller A and {on_b} on controller B; alternate ownership so each controller manages about half of the {total}",
                    array.name,
                    if on_a == 1 { "" } else { "s" }
                ),
            );
        }
    }
}
