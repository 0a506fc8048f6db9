//! FT-VM-20: FT turns the hardware MMU (EPT/RVI) off for its VMs.

use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An FT VM on a host whose CPU has EPT or RVI, which FT does not use.
pub struct FtVmHardwareMmuOff;

static META: RuleMeta = RuleMeta {
    id: "FT-VM-20",
    name: "ft-vm-hardware-mmu-off",
    title: "Fault Tolerance runs a VM without the host's hardware MMU (EPT/RVI)",
    severity: Severity::Info,
    reach: Reach::Cluster,
    checks: "An FT VM whose Primary host's CPU belongs to an FT processor group with `hardware_mmu: true` in the reference data (Intel EPT: Nehalem and later; AMD RVI: Opteron generation 3). A host whose series the data does not know is skipped (FT-HO-01 names the series at info, not in reference data).",
    why: "Legacy FT runs its VMs with software MMU virtualisation (shadow page tables) even where the CPU offers EPT or RVI, so MMU-heavy guests (many processes, large memory churn) lose the hardware-MMU speed-up.",
    example: "`app01` has `ft: (secondary_host: 2)` and its host has `cpu: (series: \"Xeon 5500\")`.",
    fix: "Size the VM's CPU with the shadow-page-table overhead in mind; keep MMU-heavy workloads out of FT.",
    source: "S13, S60",
};

impl Rule for FtVmHardwareMmuOff {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (id, vm) in ctx.ft_vms() {
            let Some(host_id) = vm.host else {
                continue;
            };
            let Some(host) = ctx.host(host_id) else {
                continue;
            };
            if !ctx.ft_group(host).is_some_and(|group| group.hardware_mmu) {
                continue;
            }
            out.add(
                &META,
                id,
                format!(
                    "{} runs under FT without the EPT/RVI hardware MMU of its host {} ({})",
                    vm.name,
                    ctx.host_label(host_id),
                    host.cpu.series
                ),
            );
        }
    }
}
