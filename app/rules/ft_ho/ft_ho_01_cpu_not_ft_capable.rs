//! FT-HO-01: an FT host's processor must belong to an FT-capable processor group.

use crate::rules::unknown::Unknowns;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An FT host's CPU series is in an FT processor group that is not FT-capable.
pub struct FtHoCpuNotFtCapable;

static META: RuleMeta = RuleMeta {
    id: "FT-HO-01",
    name: "ft-host-cpu-not-ft-capable",
    title: "A host that may run FT VMs has a processor outside the FT-capable groups",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every FT host (every host of a cluster holding an FT VM, plus each Primary and Secondary host) has a `cpu.series` listed in an FT processor group of the reference data with `ft_capable: true` (KB 1008027, catalogue section 2a). A series in a group that is not FT-capable is an error. A series in no group of the data is unknown: one info finding per series naming its hosts (not in reference data), never an error; the other CPU rules of FT pairs (CPU-FT-01, CPU-VM-02, FT-CL-05, FT-VM-05, FT-VM-20) skip such hosts and leave the unknown to this finding. A host with no series recorded is said at info the same way.",
    why: "Record/replay FT needs the hardware virtualisation and deterministic replay support of processors launched since early 2008 (Intel 45 nm Core 2 and Nehalem Xeons, AMD Barcelona and Shanghai Opterons). Older CPUs such as the 65 nm Xeon 5100/5300 or Opteron Rev E/F cannot run a Primary or a Secondary.",
    example: "`esx03` in the FT cluster `prod` has `cpu: (series: \"Xeon 5300\")`, which sits in the not-capable group.",
    fix: "Replace or choose a CPU from an FT-capable group (e.g. Xeon 5400/5500, Opteron 2300/8300).",
    source: "S05 VMware SiteSurvey 1.0; S06 KB 1008027",
};

impl Rule for FtHoCpuNotFtCapable {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let mut unknowns = Unknowns::new();
        let mut unrecorded = Unknowns::new();
        for id in ctx.ft_hosts().iter().copied() {
            let Some(host) = ctx.host(id) else {
                continue;
            };
            match ctx.ft_group(host) {
                Some(group) if group.ft_capable => {}
                Some(group) => out.add(
                    &META,
                    id,
                    format!(
                        "{} may run FT VMs but its {} processors are not FT-capable (group {})",
                        ctx.host_label(id),
                        host.cpu.series,
                        group.id
                    ),
                ),
                None if host.cpu.series.trim().is_empty() => {
                    unrecorded.note("processor series", id, &host.name);
                }
                None => unknowns.note(
                    format!("FT processor group of {}", host.cpu.series.trim()),
                    id,
                    &host.name,
                ),
            }
        }
        unknowns.report(&META, out, |unknown| {
            format!(
                "{}, so whether {} may run FT VMs is unknown (KB 1008027)",
                unknown.missing(),
                unknown.names
            )
        });
        unrecorded.report(&META, out, |unknown| {
            format!(
                "{} may run FT VMs but no processor series is recorded, so whether the CPU is FT-capable is unknown",
                unknown.names
            )
        });
    }
}
