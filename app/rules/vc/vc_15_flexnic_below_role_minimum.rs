//! VC-15: vMotion and FT logging FlexNICs get at least 1 Gb, the management FlexNIC at least 100 Mb.

use super::{flexnic_label, traffic_label};
use crate::model::{Release, Traffic};
use crate::refdata::LimitItem;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity, number};

/// A FlexNIC slower than the minimum of the traffic it carries.
pub struct FlexnicBelowRoleMinimum;

static META: RuleMeta = RuleMeta {
    id: "VC-15",
    name: "flexnic-below-role-minimum",
    title: "A vMotion, FT logging or management FlexNIC is slower than its role needs",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every FlexNIC with a speed, judged on the speed Virtual Connect allocates to it (never the request: an oversubscribed port scales requests down, VC-01): carrying `Vmotion` it has at least `VmotionMinMbps` (1000); carrying `FtLogging` at least `FtLoggingMinMbps` (1000); carrying `Management` at least `ManagementFlexnicMinMbps` (100). The per-port sum is VC-01's check.",
    why: "vMotion and FT logging each need a dedicated gigabit link; a FlexNIC capped below 1 Gb makes vMotion unsupported and starves FT logging (FT Primaries slow down to wait for their Secondaries). The management network needs at least 100 Mb for the service console, HA heartbeats and agents.",
    example: "`esx03` LOM1-b carries vMotion at 500 Mb/s.",
    fix: "Re-split the port, e.g. management 0.5, vMotion 2.5, FT logging 2 and VM traffic 5 Gb.",
    source: "D (VC-01, FT-NET-01, VMO-01); S08, S16",
};

impl Rule for FlexnicBelowRoleMinimum {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let roles = [
            (Traffic::Management, LimitItem::ManagementFlexnicMinMbps),
            (Traffic::Vmotion, LimitItem::VmotionMinMbps),
            (Traffic::FtLogging, LimitItem::FtLoggingMinMbps),
        ];
        // The three minimums per ESX release, looked up once per release.
        let mut minimums: Vec<(Release, [Option<f64>; 3])> = Vec::new();
        for (id, rows) in ctx.index.flexnics.hosts() {
            let Some(host) = ctx.host(id) else {
                continue;
            };
            let release = host.esx.release;
            let limits = match minimums.iter().find(|(r, _)| *r == release) {
                Some((_, limits)) => *limits,
                None => {
                    let limits = roles.map(|(_, item)| ctx.limit(item, Some(release)));
                    minimums.push((release, limits));
                    limits
                }
            };
            // The speed each FlexNIC really gets (Virtual Connect's allocation), never the request.
            for row in rows {
                let allocated = row.allocated_mbps;
                if row.requested_mbps == 0 && allocated == 0 {
                    continue;
                }
                for ((traffic, _), minimum) in roles.iter().zip(limits) {
                    let traffic = *traffic;
                    if !row.carries(traffic) {
                        continue;
                    }
                    let Some(minimum) = minimum else {
                        continue;
                    };
                    if f64::from(allocated) < minimum
                        && let Some((port, flexnic)) = row.in_project(ctx.project)
                    {
                        out.add(
                            &META,
                            id,
                            format!(
                                "{} {} carries {} at {}; {} needs at least {} Mb/s",
                                ctx.host_label(id),
                                flexnic_label(port, flexnic),
                                traffic_label(traffic),
                                if allocated == flexnic.mbps {
                                    format!("{allocated} Mb/s")
                                } else {
                                    format!(
                                        "{allocated} Mb/s, all Virtual Connect allocates of the {} requested",
                                        flexnic.mbps
                                    )
                                },
                                traffic_label(traffic),
                                number(minimum)
                            ),
                        );
                    }
                }
            }
        }
    }
}
