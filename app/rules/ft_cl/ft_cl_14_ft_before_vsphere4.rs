//! FT-CL-14: Fault Tolerance set on a VM where it cannot exist yet: VirtualCenter 2.x or an ESX 3.x host.

use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A VM with FT set under VirtualCenter 2.x or on an ESX 3.x host.
pub struct FtClFtBeforeVsphere4;

static META: RuleMeta = RuleMeta {
    id: "FT-CL-14",
    name: "ft-before-vsphere4",
    title: "Fault Tolerance is set on a VM whose vCenter or host predates vSphere 4.0",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every VM with `ft` set whose vCenter (its cluster's, else its host's) is VirtualCenter 2.x, or whose \
             Primary's or Secondary's host runs ESX 3.x. This is the only finding for such a VM: no other FT rule \
             judges it until the stage that has vCenter 4.0 and ESX 4 hosts. An unknown vCenter or host is not \
             judged. In the upgrade simulation FT the design asks for stays off until its turn-on step, so this \
             fires on a plan that turns FT on too early.",
    why: "Fault Tolerance arrived with vSphere 4.0: VirtualCenter 2.5 has no FT and an ESX 3.5 host can run neither a \
          Primary nor a Secondary. Listing every FT prerequisite against such a VM (2 vCPUs, thin disks, logging \
          NICs...) would bury the one fact that matters: FT waits for the upgrade.",
    example: "`sql01` has `ft` set, its cluster `Prod` is managed by VirtualCenter 2.5 U4 `vc-west`.",
    fix: "Move FT to a stage after vCenter 4.0 and the host upgrade (the planner's feature stage).",
    source: "V48 (API HostConfigSummary: FT since 4.0); UPG-01 (D)",
};

impl Rule for FtClFtBeforeVsphere4 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for &id in &ctx.index.ft_vms {
            let Some(vm) = ctx.vm(id) else {
                continue;
            };
            let Some(blocker) = ctx.ft_blocker(vm) else {
                continue;
            };
            out.add(
                &META,
                id,
                format!(
                    "{} has Fault Tolerance set, but {blocker}; FT arrived with vSphere 4.0, so the other FT prerequisites are judged once it runs there",
                    vm.name
                ),
            );
        }
    }
}
