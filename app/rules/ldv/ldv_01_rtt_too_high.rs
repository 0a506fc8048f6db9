//! LDV-01: the round-trip time between the sites' vMotion networks is within the 2009 limit.

use super::ldv_links;
use crate::refdata::LimitItem;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity, number};

/// A long-distance vMotion site link whose round-trip time is above the supported maximum.
pub struct LdvRttTooHigh;

static META: RuleMeta = RuleMeta {
    id: "LDV-01",
    name: "ldvm-rtt-too-high",
    title: "A long-distance vMotion link has a round-trip time above 5 ms",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every site link with `long_distance_vmotion: true` has `rtt_ms` at most the `LdvMaxRttMs` limit (5 ms between the vMotion VMkernel ports, about 200 km of fibre).",
    why: "vMotion on vSphere 4 was validated and supported over distance only up to 5 ms round trip (the 2009 Cisco/VMware validation; \"Understanding Metro vMotion\" keeps the 5 ms limit for 4.1). Above it, the memory pre-copy cannot converge in time and the switch-over stun grows, so migrations fail or the VM stalls visibly.",
    example: "Link `dc1-dc2` between two data centres 400 km apart measures `rtt_ms: 8`.",
    fix: "Shorten the distance (a closer secondary site) or do not plan live migration between these sites; use cold migration or DR tooling instead.",
    source: "S17, S18, S23; Broadcom KB 310156 \"Understanding Metro vMotion\" (section 7)",
};

impl Rule for LdvRttTooHigh {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let Some(max) = ctx.limit(LimitItem::LdvMaxRttMs, None) else {
            return;
        };
        for (id, link) in ldv_links(ctx) {
            if link.rtt_ms > max {
                out.add(
                    &META,
                    id,
                    format!(
                        "{} has a round-trip time of {} ms; long-distance vMotion allows at most {} ms",
                        link.name,
                        number(link.rtt_ms),
                        number(max),
                    ),
                );
            }
        }
    }
}
