//! VC-01: a Flex-10 port is carved into at most four FlexNICs whose speeds, in 100 Mb steps, fit in 10 Gb.

use crate::model::NicKind;
use crate::refdata::LimitItem;
use crate::rules::{Context, Findings, Rule, RuleMeta, Severity, number};

/// A Flex-10 NIC port with too many FlexNICs, more bandwidth than the port has, or a speed off the 100 Mb grid.
pub struct Flex10PortOvercommitted;

static META: RuleMeta = RuleMeta {
    id: "VC-01",
    name: "flex10-port-overcommitted",
    title: "A Flex-10 port's FlexNICs exceed its count, bandwidth or speed granularity",
    severity: Severity::Error,
    checks: "Per Flex-10 NIC port (`nic_ports` of kind `Flex10`: LOM1, LOM2, a mezzanine Flex-10 port): at most `FlexnicsPerPort` (4, a-d) FlexNICs; the sum of their `mbps` at most `FlexPortMbps` (10000); every `mbps` a multiple of `FlexnicGranularityMbps` (100).",
    why: "Virtual Connect Flex-10 splits each 10 Gb port into four FlexNICs at most and sets their speeds in 100 Mb steps; custom speeds are allocated first and must fit in the port's 10 Gb. A server profile that asks for more cannot be applied, so the design does not deploy as drawn.",
    example: "`esx03` LOM1 has FlexNICs a 1000, b 4000, c 2000, d 4000 Mb/s: 11000 Mb/s on a 10000 Mb/s port.",
    fix: "Re-allocate FlexNIC speeds so each port holds at most four FlexNICs, in 100 Mb steps, adding up to 10 Gb or less.",
    source: "S39, S40; VC user manual p.99; vmote.net",
};

impl Rule for Flex10PortOvercommitted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let max_flexnics = ctx.limit(LimitItem::FlexnicsPerPort, None);
        let port_mbps = ctx.limit(LimitItem::FlexPortMbps, None);
        let granularity = ctx.limit(LimitItem::FlexnicGranularityMbps, None);
        for (&id, host) in &ctx.project.hosts {
            for port in &host.nic_ports {
                if port.kind != NicKind::Flex10 || port.flexnics.is_empty() {
                    continue;
                }
                let count = port.flexnics.len();
                if let Some(max) = max_flexnics
                    && count as f64 > max
                {
                    out.add(
                        &META,
                        id,
                        format!(
                            "{} {} has {count} FlexNICs; a Flex-10 port has at most {}",
                            ctx.host_label(id),
                            port.name,
                            number(max)
                        ),
                    );
                }
                let total: u64 = port.flexnics.iter().map(|f| u64::from(f.mbps)).sum();
                if let Some(capacity) = port_mbps
                    && total as f64 > capacity
                {
                    out.add(
                        &META,
                        id,
                        format!(
                            "{} {} FlexNICs add up to {total} Mb/s; a Flex-10 port carries {}",
                            ctx.host_label(id),
                            port.name,
                            number(capacity)
                        ),
                    );
                }
                if let Some(step) = granularity.filter(|step| *step > 0.0) {
                    for flexnic in &port.flexnics {
                        if (f64::from(flexnic.mbps) % step).abs() > f64::EPSILON {
                            out.add(
                                &META,
                                id,
                                format!(
                                    "{} {}-{} is set to {} Mb/s; FlexNIC speeds go in steps of {} Mb/s",
                                    ctx.host_label(id),
                                    port.name,
                                    flexnic.letter,
                                    flexnic.mbps,
                                    number(step)
                                ),
                            );
                        }
                    }
                }
            }
        }
    }
}
