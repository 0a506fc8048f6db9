//! HCL-02: a host running or planned onto ESX 4 has a 64-bit capable CPU.

use crate::model::Release;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A host without a 64-bit CPU that runs or is planned onto ESX 4.
pub struct HclCpuNot64Bit;

static META: RuleMeta = RuleMeta {
    id: "HCL-02",
    name: "host-cpu-not-64-bit",
    title: "A host without a 64-bit CPU runs or is planned onto ESX 4",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every host with `esx.release` or `target_release` of 4.0 or later: `cpu.x64` is true.",
    why: "ESX 4.0 is a 64-bit-only hypervisor (KB 1009080): the installer and the Update Manager upgrade precheck \
          (64BIT_LONGMODESTATUS) refuse a CPU without x86-64 long mode, so the host cannot be upgraded at all and must \
          be replaced or kept on ESX 3.5. The design check catches it before the upgrade stage is planned.",
    example: "`esx09` is a `ProLiant BL20p G2` with `cpu.x64: false` and `target_release: \"4.0\"`.",
    fix: "Replace the host.",
    source: "S29 (upgrade precheck 64BIT_LONGMODESTATUS), S30 (KB 1009080)",
};

impl Rule for HclCpuNot64Bit {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let esx4 = Release::new(4, 0);
        for (&host_id, host) in &ctx.project.hosts {
            if host.cpu.x64 {
                continue;
            }
            let cpu = if host.cpu.series.is_empty() {
                String::new()
            } else {
                format!(" ({})", host.cpu.series)
            };
            let message = if host.esx.release >= esx4 {
                format!(
                    "{} runs ESX {} on a CPU{cpu} without 64-bit support; ESX 4 runs on 64-bit CPUs only",
                    ctx.host_label(host_id),
                    host.esx.release
                )
            } else if let Some(target) = host.target_release.filter(|t| *t >= esx4) {
                format!(
                    "{} is planned onto ESX {target} but its CPU{cpu} has no 64-bit support; ESX 4 runs on 64-bit CPUs only",
                    ctx.host_label(host_id)
                )
            } else {
                continue;
            };
            out.add(&META, host_id, message);
        }
    }
}
