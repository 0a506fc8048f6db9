//! LDV-07: MSCS and RDM VMs are excluded from long-distance vMotion and must stay pinned to their site.

use super::{at_end, ldv_links, site_name, vm_site};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A VM with a shared SCSI bus or an RDM at a long-distance vMotion site that is not pinned to its site.
pub struct LdvClusteredRdmVmNotPinned;

static META: RuleMeta = RuleMeta {
    id: "LDV-07",
    name: "ldvm-clustered-or-rdm-vm-not-pinned",
    title: "An MSCS or RDM VM at a long-distance vMotion site is not pinned to its site",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every site link with `long_distance_vmotion: true`, each VM at either end (by its host's site; templates skipped) that shares a SCSI bus (`scsi_controllers[].shared_bus`, MSCS) or maps an RDM (`disks[].format` RdmVirtual/RdmPhysical) has `pinned_to_site: true`.",
    why: "The 2009 long-distance vMotion validation excluded clustered VMs using RDMs: MSCS nodes share raw LUNs and SCSI reservations that cannot follow a node across the link, and an RDM points at a LUN of the origin site's array that the far site cannot present the same way. Moving such a VM breaks the cluster or its disk access.",
    example: "`sql01` at `dc1` has a shared-bus SCSI controller and a physical RDM, and is not `pinned_to_site`.",
    fix: "Keep such VMs pinned per site (`pinned_to_site: true`); protect them with their own clustering, not long-distance vMotion.",
    source: "S20 (Techworld 2009: RDM clusters not supported)",
};

impl Rule for LdvClusteredRdmVmNotPinned {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let links: Vec<_> = ldv_links(ctx).collect();
        if links.is_empty() {
            return;
        }
        for (&vm_id, vm) in &ctx.project.vms {
            if vm.template || vm.pinned_to_site {
                continue;
            }
            let shared = vm.has_shared_bus();
            let rdm = vm.disks.iter().any(|disk| disk.format.is_rdm());
            if !shared && !rdm {
                continue;
            }
            let Some(site) = vm_site(ctx, vm) else {
                continue;
            };
            let Some((_, link)) = links.iter().find(|(_, link)| at_end(link, site)) else {
                continue;
            };
            let what = match (shared, rdm) {
                (true, true) => "shares a SCSI bus (MSCS) and maps an RDM",
                (true, false) => "shares a SCSI bus (MSCS)",
                _ => "maps an RDM",
            };
            out.add(
                &META,
                vm_id,
                format!(
                    "{} at {} {what} but is not pinned to its site; such VMs are excluded from long-distance vMotion over {}",
                    vm.name,
                    site_name(ctx, site),
                    link.name,
                ),
            );
        }
    }
}
