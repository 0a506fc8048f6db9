//! FEAT-06: a Storage VMotion planned on ESX 3.5 has a VMotion VMkernel port to run on (ESX 4.0 needs none).

use crate::model::{Release, VmkRole};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A VM with a Storage vMotion planned on an ESX 3.x host that has no VMotion VMkernel port.
pub struct FeatStorageVmotionWithoutVmotionPort;

static META: RuleMeta = RuleMeta {
    id: "FEAT-06",
    name: "storage-vmotion-without-vmotion-port",
    title: "A Storage VMotion is planned on an ESX 3.5 host without a VMotion VMkernel port",
    severity: Severity::Info,
    reach: Reach::Cluster,
    checks: "For every VM with `storage_vmotion_planned` on a known `host` below ESX 4.0: the host has a VMkernel port \
             with role `Vmotion`. One finding per VM. ESX 4.0 and later need no vMotion configuration for Storage \
             vMotion. The licence part of this row is checked elsewhere (one finding per fact): on an ESX 4 host by \
             LIC-01 against the vSphere 4 edition matrix (Enterprise, Enterprise Plus, or the transitional Standard + \
             VMotion + Storage VMotion entitlement of KB 1010690); on ESX 3.x not at all, since a VI3 licence's \
             VMotion add-on is not recorded on the host.",
    why: "On ESX 3.5 Storage VMotion is built on VMotion and needs a VMotion-enabled VMkernel port; on ESX 4.0 it does \
          not. Without one the planned migration cannot run in the change window.",
    example: "`file01` has `storage_vmotion_planned: true` and runs on `esx01`, ESX 3.5 U4 with only a management \
              VMkernel port.",
    fix: "Add a VMotion VMkernel port to the ESX 3.5 host first, or move the VM with a cold migration, or after the host upgrade.",
    source: "S58 (vSphere 6.7 Storage vMotion requirements: 4.0+ hosts need no vMotion config), M",
};

impl Rule for FeatStorageVmotionWithoutVmotionPort {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for row in ctx.vm_rows().iter() {
            if !row.storage_vmotion_planned {
                continue;
            }
            let (vm_id, Some(vm)) = (row.id, ctx.vm(row.id)) else {
                continue;
            };
            let Some((host_id, host)) = vm.host.and_then(|id| ctx.host(id).map(|h| (id, h))) else {
                continue;
            };
            if host.esx.release < Release::new(4, 0)
                && host.vmk_with(VmkRole::Vmotion).next().is_none()
            {
                out.add(
                    &META,
                    vm_id,
                    format!(
                        "{} has a Storage vMotion planned but its host {} runs ESX {} without a VMotion VMkernel port; Storage VMotion on ESX 3.5 needs one",
                        vm.name,
                        ctx.host_label(host_id),
                        host.esx.release
                    ),
                );
            }
        }
    }
}
