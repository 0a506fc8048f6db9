//! EVA-02: ESX 3.5 Fixed paths point at the controller that manages the Vdisk, and the Vdisk fails back to it.

use super::{esx3_fixed_preferences, names, preferred_label};
use crate::model::{Controller, PreferredPath};
use crate::refdata::LimitItem;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity, number};

/// An EVA Vdisk whose ESX 3.5 hosts prefer a controller other than its managing or preferred controller.
pub struct PreferredPathNotOwner;

static META: RuleMeta = RuleMeta {
    id: "EVA-02",
    name: "eva-preferred-path-not-owner",
    title: "ESX 3.5 hosts pin an EVA Vdisk to a controller that does not manage it",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every EVA LUN whose ESX 3.x Fixed preferred paths all name one controller: that controller is the LUN's `owner` and the controller of its `preferred` setting (error otherwise); `preferred` is `AFailoverFailback` or `BFailoverFailback` (warning when it is no preference or failover only).",
    why: "Reads sent to the non-owning controller are proxy reads; once most of them (66 % within 60 minutes, blog-sourced) arrive through the other controller, implicit LUN transition moves ownership there. ESX 4 ALUA hosts follow the new owner, the Vdisk's failback setting or the remaining 3.5 hosts pinned elsewhere pull it back: ownership ping-pongs. A Vdisk without failback stays on the surviving controller after a failover, away from the 3.5 paths.",
    example: "`vd01` is managed by controller A with Path A-Failover/Failback, but `esx01` and `esx02` (ESX 3.5, Fixed) prefer controller B.",
    fix: "Set the Vdisk preference to Path-A or Path-B Failover/Failback and align all ESX 3.5 Fixed paths to that controller.",
    source: "S35 (p.16), S36 (Denneman 25 Mar 2010), S37, D",
};

impl Rule for PreferredPathNotOwner {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let percent = ctx.limit(LimitItem::EvaImplicitTransitionPercent, None);
        let minutes = ctx.limit(LimitItem::EvaImplicitTransitionMinutes, None);
        for (lun_id, [on_a, on_b]) in esx3_fixed_preferences(ctx.project) {
            let (pinned, hosts) = match (on_a.is_empty(), on_b.is_empty()) {
                (false, true) => (Controller::A, on_a),
                (true, false) => (Controller::B, on_b),
                _ => continue,
            };
            let Some(lun) = ctx.project.luns.get(&lun_id) else {
                continue;
            };
            let list: Vec<String> = hosts.iter().map(|&h| ctx.project.host_name(h)).collect();
            let who = format!(
                "{} ESX 3.5 host{} ({})",
                hosts.len(),
                if hosts.len() == 1 { "" } else { "s" },
                names(&list)
            );
            let prefer = if hosts.len() == 1 {
                "prefers"
            } else {
                "prefer"
            };
            let preferred = lun.preferred.controller();
            if lun.owner != pinned {
                let transition = match (percent, minutes) {
                    (Some(percent), Some(minutes)) => format!(
                        "; proxy reads move ownership once {}% of reads arrive through {pinned} within {} minutes, and ESX 4 hosts follow",
                        number(percent),
                        number(minutes)
                    ),
                    _ => String::new(),
                };
                out.add(
                    &META,
                    lun_id,
                    format!(
                        "{} is managed by controller {} but {who} {prefer} controller {pinned} with Fixed{transition}",
                        lun.name, lun.owner
                    ),
                );
            } else if let Some(preferred) = preferred.filter(|c| *c != pinned) {
                out.add(
                    &META,
                    lun_id,
                    format!(
                        "{} is set to {} but {who} {prefer} controller {pinned} with Fixed; a failback moves it to {preferred}, away from them",
                        lun.name,
                        preferred_label(lun.preferred)
                    ),
                );
            } else if !matches!(
                lun.preferred,
                PreferredPath::AFailoverFailback | PreferredPath::BFailoverFailback
            ) {
                out.add_at(
                    &META,
                    Severity::Warning,
                    lun_id,
                    format!(
                        "{} is set to {}, so after a controller failover it stays away from controller {pinned}, which {who} {prefer} with Fixed",
                        lun.name,
                        preferred_label(lun.preferred)
                    ),
                );
            }
        }
    }
}
