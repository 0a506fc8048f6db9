//! LDV-02: the bandwidth between the sites available to vMotion is at least OC-12.

use super::ldv_links;
use crate::refdata::LimitItem;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity, number};

/// A long-distance vMotion site link with less bandwidth for vMotion than the validated design needs.
pub struct LdvBandwidthTooLow;

static META: RuleMeta = RuleMeta {
    id: "LDV-02",
    name: "ldvm-bandwidth-too-low",
    title: "A long-distance vMotion link gives vMotion less than 622 Mb/s",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every site link with `long_distance_vmotion: true` has `bandwidth_mbps` (bandwidth available to vMotion) at least the `LdvMinBandwidthMbps` limit (622 Mb/s, OC-12).",
    why: "The 2009 validated design required an OC-12 (622 Mb/s) worth of bandwidth for vMotion between the sites. With less, the memory copy cannot keep up with the VM's page dirtying, the pre-copy does not converge and the migration fails or takes far longer than the maintenance window. (Later guidance moved to 250 Mb/s per concurrent vMotion.)",
    example: "Link `dc1-dc2` is an OC-3 with `bandwidth_mbps: 155`.",
    fix: "Upgrade the data centre interconnect or reserve at least 622 Mb/s of it for vMotion (QoS).",
    source: "S18, S23; S17 (later 250 Mb/s per vMotion)",
};

impl Rule for LdvBandwidthTooLow {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let Some(min) = ctx.limit(LimitItem::LdvMinBandwidthMbps, None) else {
            return;
        };
        for (id, link) in ldv_links(ctx) {
            if f64::from(link.bandwidth_mbps) < min {
                out.add(
                    &META,
                    id,
                    format!(
                        "{} gives vMotion {} Mb/s; long-distance vMotion needs at least {} Mb/s",
                        link.name,
                        link.bandwidth_mbps,
                        number(min),
                    ),
                );
            }
        }
    }
}
