//! VC-01: a Flex-10 port is carved into at most four FlexNICs set in 100 Mb steps; requests above 10 Gb are
//! scaled down by Virtual Connect (rules-v2 correction), which this rule spells out as a warning.

use crate::model::{FlexnicRow, NicKind};
use crate::refdata::LimitItem;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity, number};

/// A Flex-10 NIC port with too many FlexNICs, more bandwidth than the port has, or a speed off the 100 Mb grid.
pub struct Flex10PortOvercommitted;

static META: RuleMeta = RuleMeta {
    id: "VC-01",
    name: "flex10-port-overcommitted",
    title: "A Flex-10 port has too many FlexNICs or an off-grid speed (error), or requests more than 10 Gb (warning)",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Per Flex-10 NIC port (`nic_ports` of kind `Flex10`: LOM1, LOM2, a mezzanine Flex-10 port): at most `FlexnicsPerPort` (4, a-d) FlexNICs and every requested `mbps` a multiple of `FlexnicGranularityMbps` (100), else error. When the requests of the linked custom and preferred FlexNICs plus 100 Mb per linked Auto exceed 10 Gb, warning: the port is oversubscribed, and the message gives the speeds Virtual Connect 2.x allocates (each Auto 100 Mb, the rest shared in proportion to the requests, rounded down to 100 Mb, the remainder 100 Mb at a time to the largest shortfall relative to the request). VC-15, VMO-01 and FT-NET-01 test those allocated speeds.",
    why: "Virtual Connect Flex-10 splits each 10 Gb port into four FlexNICs at most and sets their speeds in 100 Mb steps; a profile that asks for a fifth FlexNIC or an off-grid speed cannot be applied. Requests may add up to more than 10 Gb: VC 2.30 allocates proportionally and the sum of the allocations never exceeds 10 Gb, so such a design deploys, but each FlexNIC gets less than it asked for (a cap on VC 2.x, a guaranteed minimum on later firmware).",
    example: "`esx03` LOM1 requests a 1000, b 4000, c 2000, d 4000 Mb/s: 11 Gb/s on a 10 Gb/s port, allocated 1.0/3.6/1.8/3.6 Gb/s.",
    fix: "Lower the requests so they fit in 10 Gb, or accept the allocated speeds; keep at most four FlexNICs per port in 100 Mb steps.",
    source: "V1 (HP VC 2.30 User Guide p.104), V2 (VC user guide, oversubscription tables); S39, S40",
};

impl Rule for Flex10PortOvercommitted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let max_flexnics = ctx.limit(LimitItem::FlexnicsPerPort, None);
        let granularity = ctx.limit(LimitItem::FlexnicGranularityMbps, None);
        for port in ctx.index.flexnics.ports() {
            let Some(first) = port.first() else {
                continue;
            };
            if first.kind != NicKind::Flex10 {
                continue;
            }
            let id = first.host;
            // The port's name and letters, looked up only for a finding.
            let named = |row: &FlexnicRow| row.in_project(ctx.project);
            let count = port.len();
            if let Some(max) = max_flexnics
                && count as f64 > max
                && let Some((nic_port, _)) = named(first)
            {
                out.add(
                    &META,
                    id,
                    format!(
                        "{} {} has {count} FlexNICs; a Flex-10 port has at most {}",
                        ctx.host_label(id),
                        nic_port.name,
                        number(max)
                    ),
                );
            }
            if let Some(step) = granularity.filter(|step| *step > 0.0) {
                for row in port {
                    if (f64::from(row.requested_mbps) % step).abs() > f64::EPSILON
                        && let Some((nic_port, flexnic)) = named(row)
                    {
                        out.add(
                            &META,
                            id,
                            format!(
                                "{} {}-{} is set to {} Mb/s; FlexNIC speeds go in steps of {} Mb/s",
                                ctx.host_label(id),
                                nic_port.name,
                                flexnic.letter,
                                flexnic.mbps,
                                number(step)
                            ),
                        );
                    }
                }
            }
            // Requests above 10 Gb deploy: Virtual Connect scales them down. Say what each FlexNIC really gets.
            if first.port_oversubscribed
                && let Some((nic_port, _)) = named(first)
            {
                let requested: u32 = port.iter().map(|row| row.requested_mbps).sum();
                let allocated: Vec<String> = nic_port
                    .flexnics
                    .iter()
                    .zip(port)
                    .map(|(f, row)| format!("{} {}", f.letter, gb(row.allocated_mbps)))
                    .collect();
                out.add_at(
                    &META,
                    Severity::Warning,
                    id,
                    format!(
                        "{} {} is oversubscribed: its FlexNICs request {} on a 10 Gb/s port, so Virtual Connect allocates {}",
                        ctx.host_label(id),
                        nic_port.name,
                        gb(requested),
                        allocated.join(", ")
                    ),
                );
            }
        }
    }
}

/// Mb/s as Gb/s with one decimal: "0.9 Gb/s".
fn gb(mbps: u32) -> String {
    format!("{:.1} Gb/s", f64::from(mbps) / 1000.0)
}
