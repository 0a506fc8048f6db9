//! CPU-FT-03: the CPU clocks of an FT pair's hosts differ by more than SiteSurvey allows.

use crate::refdata::LimitItem;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity, number};

/// An FT VM whose Primary and Secondary hosts run at clock speeds too far apart.
pub struct CpuFtPairClockDelta;

static META: RuleMeta = RuleMeta {
    id: "CPU-FT-03",
    name: "ft-pair-clock-delta",
    title: "The CPU clocks of an FT pair's hosts differ by more than 400 MHz",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "For every VM with FT on or planned (`ft`), the `cpu.mhz` of the Primary's host and of the Secondary's host differ by at most the `FtClockDeltaMhz` limit (400 MHz). Hosts with an unknown clock (`mhz: 0`) are skipped. Same check as FT-HO-05, seen from the CPU tables.",
    why: "The Secondary must keep up with the Primary's execution; on a slower host it falls behind, the Primary is slowed down to let it catch up and latency grows. VMware SiteSurvey flags pairs whose clocks differ by more than 400 MHz.",
    example: "`sql01` runs on `esx01` at 3000 MHz with its Secondary on `esx02` at 2500 MHz: 500 MHz apart.",
    fix: "Pair hosts of the same clock speed; align BIOS power settings so neither host throttles.",
    source: "S05 SiteSurvey 1.0 (flags >400 MHz); same as FT-HO-05",
};

impl Rule for CpuFtPairClockDelta {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let Some(limit) = ctx.limit(LimitItem::FtClockDeltaMhz, None) else {
            return;
        };
        for (id, vm) in ctx.ft_vms() {
            let Some((primary_id, secondary_id)) = ctx.ft_pair_hosts(vm) else {
                continue;
            };
            let (Some(primary), Some(secondary)) = (ctx.host(primary_id), ctx.host(secondary_id))
            else {
                continue;
            };
            if primary.cpu.mhz == 0 || secondary.cpu.mhz == 0 {
                continue;
            }
            let delta = primary.cpu.mhz.abs_diff(secondary.cpu.mhz);
            if f64::from(delta) > limit {
                out.add(
                    &META,
                    id,
                    format!(
                        "{}'s Primary host {} runs at {} MHz and its Secondary host {} at {} MHz, {delta} MHz apart; FT pairs allow {} MHz",
                        vm.name,
                        ctx.host_label(primary_id),
                        primary.cpu.mhz,
                        ctx.host_label(secondary_id),
                        secondary.cpu.mhz,
                        number(limit),
                    ),
                );
            }
        }
    }
}
