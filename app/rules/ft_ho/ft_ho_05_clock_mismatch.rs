//! FT-HO-05: the hosts of an FT pair should run at nearly the same clock speed.

use super::ft_pairs;
use crate::refdata::LimitItem;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity, number};

/// The Primary's and Secondary's hosts differ in CPU clock by more than the threshold.
pub struct FtHoClockMismatch;

static META: RuleMeta = RuleMeta {
    id: "FT-HO-05",
    name: "ft-pair-clock-mismatch",
    title: "The hosts of an FT pair differ in CPU clock by more than 400 MHz",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "For every VM with FT on or planned and both hosts known, the difference between the Primary's and the Secondary's host `cpu.mhz` is at most `FtClockDeltaMhz` (reference data: 400 MHz, the SiteSurvey threshold).",
    why: "The Secondary must keep up with the Primary's execution; on a slower host it lags, the Primary is throttled to wait for it and the VM slows down. VMware SiteSurvey flags pairs more than 400 MHz apart.",
    example: "`sql01` runs on `esx01` at 2933 MHz and its Secondary on `esx02` at 2266 MHz: 667 MHz apart.",
    fix: "Pair same-speed hosts; align the BIOS power settings.",
    source: "S05 VMware SiteSurvey 1.0",
};

impl Rule for FtHoClockMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for pair in ft_pairs(ctx) {
            let Some(limit) = ctx.limit(LimitItem::FtClockDeltaMhz, Some(pair.primary.release()))
            else {
                continue;
            };
            let delta = pair.primary.cpu.mhz.abs_diff(pair.secondary.cpu.mhz);
            if f64::from(delta) <= limit {
                continue;
            }
            out.add(
                &META,
                pair.vm_id,
                format!(
                    "{}'s Primary host {} runs at {} MHz and its Secondary host {} at {} MHz, {delta} MHz apart; FT pairs should differ by {} MHz at most",
                    pair.vm.name,
                    pair.primary.name,
                    pair.primary.cpu.mhz,
                    pair.secondary.name,
                    pair.secondary.cpu.mhz,
                    number(limit)
                ),
            );
        }
    }
}
