//! FT-VM-06: on AMD Barcelona hosts FT can be turned on only while the VM is powered off.

use super::join;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A powered-on FT VM whose Primary or Secondary host has an AMD Barcelona CPU.
pub struct FtVmBarcelonaNeedsPowerOff;

/// The CPU codename KB 1008027 names (matched against `host.cpu.codename`).
const BARCELONA: &str = "Barcelona";

static META: RuleMeta = RuleMeta {
    id: "FT-VM-06",
    name: "ft-vm-barcelona-needs-power-off",
    title: "FT on AMD Barcelona hosts can only be turned on while the VM is powered off",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "A powered-on FT VM (`power: PoweredOn`) whose Primary host or Secondary host has `cpu.codename` \"Barcelona\".",
    why: "On first-generation quad-core Opterons (Barcelona) record/replay cannot start on a running VM: vCenter reports `replayNotSupported` and FT can be turned on only while the VM is powered off, which needs an outage window.",
    example: "`app01` is powered on with `ft: (secondary_host: 2)` and host `esx01` has `cpu: (series: \"Opteron 2300\", codename: \"Barcelona\")`.",
    fix: "Plan a power-off window to turn FT on, or place the pair on Shanghai or later hosts.",
    source: "S06 (KB 1008027, boche.net copy)",
};

impl Rule for FtVmBarcelonaNeedsPowerOff {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (id, vm) in ctx.ft_vms() {
            if !vm.is_powered_on() {
                continue;
            }
            let mut barcelona: Vec<String> = Vec::new();
            for host_id in vm.host.into_iter().chain(vm.ft_secondary_host()) {
                let Some(host) = ctx.host(host_id) else {
                    continue;
                };
                if host.cpu.codename.eq_ignore_ascii_case(BARCELONA) {
                    let label = ctx.host_label(host_id);
                    if !barcelona.contains(&label) {
                        barcelona.push(label);
                    }
                }
            }
            if barcelona.is_empty() {
                continue;
            }
            out.add(
                &META,
                id,
                format!(
                    "{} is powered on and its FT pair uses AMD Barcelona {} {}; FT can be turned on there only while the VM is powered off",
                    vm.name,
                    if barcelona.len() == 1 { "host" } else { "hosts" },
                    join(&barcelona)
                ),
            );
        }
    }
}
