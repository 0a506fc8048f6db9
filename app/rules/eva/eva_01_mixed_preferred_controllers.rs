//! EVA-01: all ESX 3.5 Fixed preferred paths to one Vdisk point at the same controller.

use super::{esx3_fixed_preferences, names};
use crate::model::HostId;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An EVA Vdisk that ESX 3.5 hosts pin to both controllers.
pub struct MixedPreferredControllers;

static META: RuleMeta = RuleMeta {
    id: "EVA-01",
    name: "eva-mixed-preferred-controllers",
    title: "ESX 3.5 hosts pin one EVA Vdisk to both controllers",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every EVA LUN: the set of controllers named by `lun_paths[].preferred` of ESX 3.x hosts with policy `Fixed` has one element.",
    why: "The EVA is asymmetric active-active: reads through the non-owning controller become proxy reads, and implicit LUN transition moves ownership to the controller receiving most of them. ESX 3.5 is not ALUA-aware and sends all I/O down its Fixed preferred path, so hosts pinned to different controllers keep pulling ownership back and forth (path thrashing).",
    example: "`vd01` is preferred through controller A by `esx01` and `esx02` and through controller B by `esx03`.",
    fix: "Re-point all ESX 3.5 preferred paths of the Vdisk to one controller (its owner, see EVA-02).",
    source: "D (S34, S36, S37)",
};

impl Rule for MixedPreferredControllers {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (lun_id, [on_a, on_b]) in esx3_fixed_preferences(ctx.project) {
            if on_a.is_empty() || on_b.is_empty() {
                continue;
            }
            let Some(lun) = ctx.project.luns.get(&lun_id) else {
                continue;
            };
            let host_names = |hosts: &[HostId]| {
                let list: Vec<String> = hosts.iter().map(|&h| ctx.project.host_name(h)).collect();
                names(&list)
            };
            out.add(
                &META,
                lun_id,
                format!(
                    "{} has ESX 3.5 Fixed preferred paths to both controllers: {} to A ({}) and {} to B ({}); all must prefer one controller",
                    lun.name,
                    on_a.len(),
                    host_names(&on_a),
                    on_b.len(),
                    host_names(&on_b)
                ),
            );
        }
    }
}
