//! FT-NET-02: the estimated FT logging load of a host must stay under 80% of its FT logging uplink.

use crate::model::{Traffic, VmkRole};
use crate::refdata::LimitItem;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity, number};

/// A host whose estimated FT logging traffic exceeds the allowed share of its FT logging uplink.
pub struct FtNetLoggingLoad;

static META: RuleMeta = RuleMeta {
    id: "FT-NET-02",
    name: "ft-logging-bandwidth-overcommitted",
    title: "The estimated FT logging traffic of a host is above 80% of its FT logging uplink",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "For every host holding FT Primaries or Secondaries: the sum over those FT VMs of (`workload.disk_read_mbytes_per_s` × `FtLoggingDiskReadFactor` (8) + `workload.net_in_mbps`) × `FtLoggingOverheadFactor` (1.2) is at most `FtLoggingMaxUtilisation` (80%) of the host's FT logging bandwidth: the fastest `uplink_mbps` of its `FtLogging` VMkernel ports, or else the fastest FlexNIC carrying `FtLogging` traffic. FT VMs without `workload` figures add nothing.",
    why: "The FT log is mostly the Primary's disk reads and incoming network traffic, replayed on the Secondary; the 1.2 factor covers TCP/IP overhead and timer events. Both the Primary's and the Secondary's host carry it. When the logging link saturates, the Primary slows down to let the Secondary keep up, so the protected VMs lose performance.",
    example: "`esx01` has a 1000 Mb/s FT logging vmk and holds three FT Primaries, each reading 30 MB/s from disk with 20 Mb/s of network input: about 960 Mb/s of logging.",
    fix: "Move FT VMs to other hosts, raise the FT logging FlexNIC's bandwidth, or go 10 GbE for FT logging.",
    source: "S11 (formula: M + Japanese summary; constants unverified, section 7)",
};

impl Rule for FtNetLoggingLoad {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&host_id, vms) in &ctx.index.host_ft_vms {
            let Some(host) = ctx.host(host_id) else {
                continue;
            };
            // VMs whose FT cannot exist yet (FT-CL-14) put no load on the logging network.
            let vms: Vec<crate::model::VmId> = vms
                .iter()
                .copied()
                .filter(|vm| ctx.vm(*vm).is_some_and(|vm| ctx.ft_blocker(vm).is_none()))
                .collect();
            let release = Some(host.esx.release);
            let (Some(read_factor), Some(overhead), Some(utilisation)) = (
                ctx.limit(LimitItem::FtLoggingDiskReadFactor, release),
                ctx.limit(LimitItem::FtLoggingOverheadFactor, release),
                ctx.limit(LimitItem::FtLoggingMaxUtilisation, release),
            ) else {
                continue;
            };
            let mut load = 0.0;
            let mut counted = 0;
            for vm in vms.iter().filter_map(|id| ctx.vm(*id)) {
                if let Some(workload) = &vm.workload {
                    load += (workload.disk_read_mbytes_per_s * read_factor + workload.net_in_mbps)
                        * overhead;
                    counted += 1;
                }
            }
            if counted == 0 {
                continue;
            }
            let vmk_mbps = host
                .vmk_with(VmkRole::FtLogging)
                .map(|vmk| vmk.uplink_mbps)
                .max()
                .unwrap_or(0);
            let mbps = if vmk_mbps > 0 {
                vmk_mbps
            } else {
                host.flexnics_for(Traffic::FtLogging)
                    .map(|(_, flexnic)| flexnic.mbps)
                    .max()
                    .unwrap_or(0)
            };
            if mbps == 0 {
                continue;
            }
            let bandwidth = f64::from(mbps);
            let allowed = bandwidth * utilisation;
            if load <= allowed {
                continue;
            }
            out.add(
                &META,
                host_id,
                format!(
                    "{} would carry about {:.0} Mb/s of FT logging for {} FT {}, {:.0}% of its {mbps} Mb/s FT logging uplink; the limit is {}% ({:.0} Mb/s)",
                    ctx.host_label(host_id),
                    load,
                    counted,
                    if counted == 1 { "VM" } else { "VMs" },
                    load / bandwidth * 100.0,
                    number(utilisation * 100.0),
                    allowed
                ),
            );
        }
    }
}
