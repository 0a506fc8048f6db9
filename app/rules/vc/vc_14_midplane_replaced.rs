//! VC-14: a VC domain is bound to its enclosure's identity, which a midplane replacement changes: recreate the
//! domain, never restore it (rules-v2 correction).

use crate::model::Step;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A Virtual Connect enclosure whose midplane was replaced.
pub struct MidplaneReplaced;

static META: RuleMeta = RuleMeta {
    id: "VC-14",
    name: "vc-enclosure-midplane-replaced",
    title: "A Virtual Connect enclosure's midplane was replaced: its domain must be recreated, not restored",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every enclosure with a `vc_domain` and `midplane_replaced: true`. Error when the plan restores the domain \
             there: an `UpdateFirmware` step on it with `recreate_domain: false` (a `RecreateVcDomain` step or \
             `recreate_domain: true` is the right way). Warning otherwise, saying what to record before the work: the \
             MAC and WWN ranges, and the server profiles with their addresses when the plan does not record them \
             (`vc_domain.profiles`). Once a stage has recreated the domain the enclosure no longer counts as replaced.",
    why: "In the field, the restore of the VC configuration onto an enclosure with a new midplane failed on the \
          enclosure serial number, and even a forced restore plus a firmware upgrade left every Ethernet network \
          dead: the domain had to be recreated by hand. Recreating it with the same MAC and WWN ranges and the same \
          profiles keeps the blades' identities, so the SAN zoning, the EVA host entries and boot from SAN still match.",
    example: "`enc2` has `midplane_replaced: true` and stage 4 updates its firmware with `recreate_domain: false`.",
    fix: "Rebuild the domain by hand with the same ranges and profiles (record them first), then check boot from SAN and the networks.",
    source: "seed l.18-23 (field report), procedures.md §1; rules-v2 A (VC-14); HP recovery procedure not found (unverified)",
};

impl Rule for MidplaneReplaced {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&id, enclosure) in &ctx.project.enclosures {
            let Some(domain) = &enclosure.vc_domain else {
                continue;
            };
            if !enclosure.midplane_replaced {
                continue;
            }
            // A plan that restores the domain here: the stage of the step (on the design), or a simulated stage
            // after it.
            let restored_by_now = ctx
                .stage
                .is_some_and(|stage| stage.progress.domains_restored.contains(&id));
            let restore = ctx.project.upgrade.as_ref().and_then(|plan| {
                plan.stages.iter().enumerate().find_map(|(index, stage)| {
                    stage
                        .steps
                        .iter()
                        .any(|step| {
                            matches!(step, Step::UpdateFirmware { enclosure, recreate_domain: false } if *enclosure == id)
                        })
                        .then_some(index)
                })
            });
            if restored_by_now {
                out.add(
                    &META,
                    id,
                    format!(
                        "{} had its midplane replaced, yet the plan restored VC domain {}: the restore fails on the enclosure serial and even a forced one leaves every network dead; recreate the domain by hand with the same ranges and profiles",
                        enclosure.name, domain.name
                    ),
                );
                continue;
            }
            if let Some(stage) = restore {
                out.add(
                    &META,
                    id,
                    format!(
                        "{} had its midplane replaced, yet stage {stage} restores VC domain {}: the restore fails on the enclosure serial and even a forced one leaves every network dead; recreate the domain by hand with the same ranges and profiles",
                        enclosure.name, domain.name
                    ),
                );
                continue;
            }
            let profiles = if domain.profiles.is_empty() {
                " and the server profiles with their MACs and WWNs (the plan records none)"
            } else {
                " and the server profiles the plan records"
            };
            out.add_at(
                &META,
                Severity::Warning,
                id,
                format!(
                    "{} had its midplane replaced: VC domain {} must be recreated by hand, not restored; record its MAC range ({}) and WWN range ({}){profiles} before the work",
                    enclosure.name,
                    domain.name,
                    if domain.mac_range.is_empty() { "not recorded" } else { &domain.mac_range },
                    if domain.wwn_range.is_empty() { "not recorded" } else { &domain.wwn_range },
                ),
            );
        }
    }
}
