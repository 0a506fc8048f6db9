//! FEAT-06: a planned Storage vMotion runs on a host licensed for it (and, on ESX 3.5, with vMotion configured).

use super::{edition_name, licence_phrase};
use crate::model::{LicenceEdition, Release, VmkRole};
use crate::rules::{Context, Findings, Rule, RuleMeta, Severity};

/// A VM with a Storage vMotion planned on a host that lacks the licence (or, on 3.5, the vMotion port) for it.
pub struct FeatStorageVmotionNotLicensed;

/// Editions that include Storage vMotion.
const SVMOTION_EDITIONS: [LicenceEdition; 3] = [
    LicenceEdition::StandardVmotionSvmotion,
    LicenceEdition::Enterprise,
    LicenceEdition::EnterprisePlus,
];

static META: RuleMeta = RuleMeta {
    id: "FEAT-06",
    name: "storage-vmotion-not-licensed",
    title: "A planned Storage vMotion runs on a host without a Storage vMotion licence",
    severity: Severity::Info,
    checks: "For every VM with `storage_vmotion_planned` on a known `host`: the host's `licence` is Enterprise, \
             Enterprise Plus or the transitional Standard + VMotion + Storage VMotion entitlement; and a host below \
             ESX 4.0 has a VMkernel port with role `Vmotion` (4.0 and later need no vMotion configuration for Storage \
             vMotion). One finding per VM.",
    why: "Storage vMotion is licensed in Enterprise and Enterprise Plus; VI3 Standard + VMotion customers received a \
          transitional vSphere 4 Standard + VMotion + Storage VMotion entitlement (KB 1010690). On ESX 3.5 Storage \
          VMotion is built on VMotion and needs a VMotion-enabled VMkernel port; on ESX 4.0 it does not. Without them \
          the planned migration cannot run in the change window.",
    example: "`file01` has `storage_vmotion_planned: true` and runs on `esx03`, licensed Standard.",
    fix: "License the host Enterprise or Enterprise Plus (or apply the Standard + VMotion + Storage VMotion entitlement), or move the VM with a cold migration; on ESX 3.5 add a VMotion VMkernel port first.",
    source: "S58 (vSphere 6.7 Storage vMotion requirements: 4.0+ hosts need no vMotion config), M; section 7 (Enterprise and Enterprise Plus, KB 1010690 transitional SKU)",
};

impl Rule for FeatStorageVmotionNotLicensed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&vm_id, vm) in &ctx.project.vms {
            if !vm.storage_vmotion_planned {
                continue;
            }
            let Some((host_id, host)) = vm.host.and_then(|id| ctx.host(id).map(|h| (id, h))) else {
                continue;
            };
            // An edition the plan does not record is not a missing licence.
            if host.licence != LicenceEdition::Unknown && !SVMOTION_EDITIONS.contains(&host.licence)
            {
                out.add(
                    &META,
                    vm_id,
                    format!(
                        "{} has a Storage vMotion planned but its host {} {}; Storage vMotion needs {}, {} or {}",
                        vm.name,
                        ctx.host_label(host_id),
                        licence_phrase(host.licence),
                        edition_name(LicenceEdition::Enterprise),
                        edition_name(LicenceEdition::EnterprisePlus),
                        edition_name(LicenceEdition::StandardVmotionSvmotion),
                    ),
                );
            }
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
