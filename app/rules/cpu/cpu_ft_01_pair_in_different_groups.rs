//! CPU-FT-01: an FT Primary and its Secondary need hosts of one FT compatible processor group.

use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An FT VM whose Primary and Secondary hosts sit in different FT processor groups of the same vendor.
pub struct CpuFtPairInDifferentGroups;

static META: RuleMeta = RuleMeta {
    id: "CPU-FT-01",
    name: "ft-pair-different-processor-groups",
    title: "An FT pair's hosts are in different FT compatible processor groups",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every VM with FT on or planned (`ft`), the Primary's host (`host`) and the Secondary's host (`ft.secondary_host`) have `cpu.series` in the same FT compatible processor group of the reference data (KB 1008027, SiteSurvey matrix). Pairs of an Intel and an AMD host are left to CPU-FT-02, hosts in a group that is not FT-capable to FT-HO-01; hosts whose series the data does not know are skipped (FT-HO-01 names the series at info, not in reference data).",
    why: "Legacy FT replays the Primary's execution instruction by instruction on the Secondary, so both CPUs must behave identically. KB 1008027 sorts processors into groups that pair only among themselves: the 45nm Core 2 Xeons (3100/3300/5200/5400/7400) pair with each other, a Xeon 5500 pairs only with another 5500 (SiteSurvey marks the 45nm/5500 combination \"X\"), a Xeon 5600 only with a 5600. A Secondary placed on a host of another group cannot start, and the VM stays unprotected.",
    example: "`sql01` runs on `esx01` (Xeon 5400, FTG-INTEL-45NM) with its Secondary planned on `esx03` (Xeon 5500, FTG-INTEL-NEHALEM).",
    fix: "Place the Secondary on a host of the Primary's FT group; keep FT clusters homogeneous (or at least two hosts per group) so pairs can form.",
    source: "S02 (same CPU family or model), S05 SiteSurvey 1.0 matrix, S06 KB 1008027",
};

impl Rule for CpuFtPairInDifferentGroups {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (id, vm) in ctx.ft_vms() {
            let Some((primary_id, secondary_id)) = ctx.ft_pair_hosts(vm) else {
                continue;
            };
            let (Some(primary), Some(secondary)) = (ctx.host(primary_id), ctx.host(secondary_id))
            else {
                continue;
            };
            if primary.cpu.vendor != secondary.cpu.vendor {
                continue;
            }
            let (Some(primary_group), Some(secondary_group)) =
                (ctx.ft_group(primary), ctx.ft_group(secondary))
            else {
                continue;
            };
            // A host outside every FT-capable group is FT-HO-01's finding.
            if primary_group.ft_capable
                && secondary_group.ft_capable
                && primary_group.id != secondary_group.id
            {
                out.add(
                    &META,
                    id,
                    format!(
                        "{}'s Primary host {} ({}, {}) and Secondary host {} ({}, {}) are in different FT processor groups",
                        vm.name,
                        ctx.host_label(primary_id),
                        primary.cpu.series,
                        primary_group.id,
                        ctx.host_label(secondary_id),
                        secondary.cpu.series,
                        secondary_group.id,
                    ),
                );
            }
        }
    }
}
