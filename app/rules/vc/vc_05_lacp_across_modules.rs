//! VC-05: LACP EtherChannel forms only among uplinks of one VC module.

use std::collections::BTreeSet;

use super::join_and;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A shared uplink set grouped with LACP across uplinks of two or more VC modules.
pub struct LacpAcrossModules;

static META: RuleMeta = RuleMeta {
    id: "VC-05",
    name: "lacp-across-vc-modules",
    title: "A shared uplink set expects LACP across uplinks of different VC modules",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "Every shared uplink set with `lacp: true` lists a single module bay in `module_bays`.",
    why: "Virtual Connect builds an LACP EtherChannel only among uplinks of the same module. Uplinks of one set on two modules (to two switches) run active/standby per vNet: only one module's uplinks forward, so the planned aggregate bandwidth is not there.",
    example: "Shared uplink set `SUS-prod` has `lacp: true` and `module_bays: [1, 2]`.",
    fix: "Design one shared uplink set per module (active/active, each with its own LACP group), or accept active/standby.",
    source: "S41, S46; wwtlab; Denneman, \"Flex-10 lessons learned\", Apr 2009",
};

impl Rule for LacpAcrossModules {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&id, enclosure) in &ctx.project.enclosures {
            let Some(domain) = &enclosure.vc_domain else {
                continue;
            };
            for set in &domain.shared_uplink_sets {
                let bays: BTreeSet<u8> = set.module_bays.iter().copied().collect();
                if !set.lacp || bays.len() < 2 {
                    continue;
                }
                let labels: Vec<String> = bays.iter().map(u8::to_string).collect();
                out.add(
                    &META,
                    id,
                    format!(
                        "{} shared uplink set {} groups uplinks of {} modules (bays {}) with LACP; an EtherChannel forms within one module, so they run active/standby",
                        enclosure.name,
                        set.name,
                        bays.len(),
                        join_and(&labels)
                    ),
                );
            }
        }
    }
}
