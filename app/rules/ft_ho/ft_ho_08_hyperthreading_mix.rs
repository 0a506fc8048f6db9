//! FT-HO-08: hyper-threading may be on or off on FT hosts.

use super::ft_pairs;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// The hosts of an FT pair differ in hyper-threading, which FT does not mind.
pub struct FtHoHyperthreadingMix;

static META: RuleMeta = RuleMeta {
    id: "FT-HO-08",
    name: "ft-pair-hyperthreading-mix",
    title: "The hosts of an FT pair differ in hyper-threading, which FT allows",
    severity: Severity::Info,
    reach: Reach::Cluster,
    checks: "For every VM with FT on or planned and both hosts known, notes when the Primary's and the Secondary's host differ in `cpu.hyperthreading`. FT puts no constraint on hyper-threading, so this only tells the architect that no change is needed.",
    why: "Hyper-threading may be on or off on FT hosts, and may differ between the two hosts of a pair; disabling it to \"match\" the pair costs capacity and buys nothing.",
    example: "`sql01` runs on `esx01` with hyper-threading on and its Secondary on `esx02` with it off.",
    fix: "No change needed: FT works with hyper-threading on or off.",
    source: "S13 VMware FT recommendations (HT ok)",
};

/// "on" or "off".
fn state(on: bool) -> &'static str {
    if on { "on" } else { "off" }
}

impl Rule for FtHoHyperthreadingMix {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for pair in ft_pairs(ctx) {
            if pair.primary.cpu.hyperthreading == pair.secondary.cpu.hyperthreading {
                continue;
            }
            out.add(
                &META,
                pair.vm_id,
                format!(
                    "{}'s Primary host {} has hyper-threading {} and its Secondary host {} has it {}; FT works either way",
                    pair.vm.name,
                    pair.primary.name,
                    state(pair.primary.cpu.hyperthreading),
                    pair.secondary.name,
                    state(pair.secondary.cpu.hyperthreading)
                ),
            );
        }
    }
}
