//! CPU-FT-02: an FT pair never spans an Intel and an AMD host.

use super::vendor_name;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An FT VM whose Primary and Secondary hosts have processors of different vendors.
pub struct CpuFtIntelAmdPair;

static META: RuleMeta = RuleMeta {
    id: "CPU-FT-02",
    name: "ft-pair-intel-amd",
    title: "An FT pair spans an Intel host and an AMD host",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every VM with FT on or planned (`ft`), the Primary's host (`host`) and the Secondary's host (`ft.secondary_host`) have the same `cpu.vendor`.",
    why: "FT record/replay needs the Secondary's CPU to execute the Primary's instruction stream identically; Intel and AMD processors never do, so KB 1008027 forbids every Intel/AMD pairing whatever the FT groups. The Secondary cannot be created and the VM runs unprotected.",
    example: "`web01` runs on `esx01` (Intel Xeon 5400) with its Secondary planned on `esx09` (AMD Opteron 2300).",
    fix: "Place the Secondary on a host of the Primary's vendor and FT group; split Intel and AMD hosts into separate clusters.",
    source: "S06 KB 1008027",
};

impl Rule for CpuFtIntelAmdPair {
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
                out.add(
                    &META,
                    id,
                    format!(
                        "{}'s Primary host {} is {} ({}) and its Secondary host {} is {} ({}); FT never pairs Intel with AMD",
                        vm.name,
                        ctx.host_label(primary_id),
                        vendor_name(primary.cpu.vendor),
                        primary.cpu.series,
                        ctx.host_label(secondary_id),
                        vendor_name(secondary.cpu.vendor),
                        secondary.cpu.series,
                    ),
                );
            }
        }
    }
}
