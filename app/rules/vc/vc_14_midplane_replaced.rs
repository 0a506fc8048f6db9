//! VC-14: a VC domain is bound to its enclosure's identity, which a midplane replacement changes.

use crate::rules::{Context, Findings, Rule, RuleMeta, Severity};

/// A Virtual Connect enclosure whose midplane was replaced.
pub struct MidplaneReplaced;

static META: RuleMeta = RuleMeta {
    id: "VC-14",
    name: "vc-enclosure-midplane-replaced",
    title: "A Virtual Connect enclosure's midplane was replaced",
    severity: Severity::Warning,
    checks: "Every enclosure with a `vc_domain` and `midplane_replaced: true`; the message says whether a `config_backup` exists and a `serial` is recorded.",
    why: "The VC domain is bound to the enclosure's identity (serial). After a midplane or enclosure replacement the identity must be restored (HP service) and the VC configuration backup restored; otherwise the domain must be re-created, and its server profiles come back with new MACs and WWNs, which breaks SAN zoning, EVA host entries and DHCP reservations.",
    example: "`enc2` has `midplane_replaced: true` and no VC configuration backup.",
    fix: "Have HP restore the enclosure serial/identity, restore the VC configuration backup, and record enclosure serials and keep VC backups current.",
    source: "M (unverified)",
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
            let serial = if enclosure.serial.trim().is_empty() {
                "no serial is recorded for HP to restore".to_owned()
            } else {
                format!("HP must restore serial {}", enclosure.serial.trim())
            };
            let backup = if domain.config_backup {
                "then restore the VC configuration backup"
            } else {
                "and with no VC configuration backup the domain would be re-created with new MACs and WWNs"
            };
            out.add(
                &META,
                id,
                format!(
                    "{} had its midplane replaced and VC domain {} is bound to the old enclosure identity; {serial}, {backup}",
                    enclosure.name, domain.name
                ),
            );
        }
    }
}
