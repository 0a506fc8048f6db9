//! FT-HO-09: at most 4 FT VMs (Primaries and Secondaries together) per host.

use std::collections::BTreeSet;

use crate::refdata::LimitItem;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity, number};

/// A host carries more FT Primaries and Secondaries than recommended.
pub struct FtHoTooManyFtVms;

static META: RuleMeta = RuleMeta {
    id: "FT-HO-09",
    name: "ft-host-too-many-ft-vms",
    title: "A host carries more than 4 FT Primaries and Secondaries",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "Every host carries at most `FtVmsPerHost` FT VMs (reference data: 4), counting the Primaries running on it (`vm.host`) and the Secondaries placed on it (`ft.secondary_host`) together.",
    why: "Each FT VM adds logging traffic and replay CPU load on its host; above 4 per host the FT logging NIC and the CPU become the bottleneck and the Primaries slow down. 4.0 treats the number as guidance; 4.1 raises a fault for it (das.maxftvmsperhost, default 4).",
    example: "`esx01` runs the Primaries of `sql01`, `sql02`, `app01` and the Secondaries of `app02` and `web01`: 5 FT VMs.",
    fix: "Spread the pairs over more hosts; more than 4 degrades logging and CPU.",
    source: "S08 vmwarearena; S09 vSphere 5.5 Availability, FT recommendations",
};

impl Rule for FtHoTooManyFtVms {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&id, vms) in &ctx.index.host_ft_vms {
            let Some(host) = ctx.host(id) else {
                continue;
            };
            // VMs whose FT cannot exist yet (FT-CL-14) are not counted.
            let vms: Vec<crate::model::VmId> = vms
                .iter()
                .copied()
                .filter(|vm| ctx.vm(*vm).is_some_and(|vm| ctx.ft_blocker(vm).is_none()))
                .collect();
            let Some(limit) = ctx.limit(LimitItem::FtVmsPerHost, Some(host.release())) else {
                continue;
            };
            let count = u32::try_from(vms.len()).unwrap_or(u32::MAX);
            if f64::from(count) <= limit {
                continue;
            }
            // A VM whose Primary and Secondary share this host is listed twice: count its Primary once.
            let primaries = vms
                .iter()
                .copied()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .filter_map(|vm| ctx.vm(vm))
                .filter(|vm| vm.host == Some(id))
                .count();
            let secondaries = vms.len().saturating_sub(primaries);
            out.add(
                &META,
                id,
                format!(
                    "{} carries {count} FT VMs ({primaries} Primar{}, {secondaries} Secondar{}); {} per host is the recommended maximum",
                    ctx.host_label(id),
                    if primaries == 1 { "y" } else { "ies" },
                    if secondaries == 1 { "y" } else { "ies" },
                    number(limit)
                ),
            );
        }
    }
}
