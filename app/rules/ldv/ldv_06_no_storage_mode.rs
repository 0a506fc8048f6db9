//! LDV-06: every VM that may move between the sites has a storage mode that keeps its disks reachable.

use super::{at_end, ldv_links, site_name, vm_site};
use crate::model::{LdvStorageMode, VmId};
use crate::rules::cpu::{Sample, count};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// VMs at the ends of a long-distance vMotion link with no storage mode, or with replication only.
pub struct LdvNoStorageMode;

static META: RuleMeta = RuleMeta {
    id: "LDV-06",
    name: "ldvm-no-storage-mode",
    title: "VMs at a long-distance vMotion site have no storage mode, or rely on replication only",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every site link with `long_distance_vmotion: true`, each VM at either end (by its host's site; templates and `pinned_to_site` VMs skipped) has a storage mode, its own `ldvm_storage_mode` or else the link's `storage_mode`, other than `ReplicationOnly`. VMs inheriting a missing or replication-only default are reported once on the link; a VM that declares `ReplicationOnly` itself is reported on the VM.",
    why: "vMotion moves only the running VM; its disks must stay reachable read-write from the target site. That works three ways: (a) remote access, the disks stay at the origin over the extended SAN (temporary, with a latency penalty); (b) Storage vMotion to the target site first, then vMotion; (c) active/active storage presenting the same LUN read-write at both sites. Plain replication with a read-only target is not enough: after the move the VM would have no writable disk.",
    example: "Link `dc1-dc2` has no `storage_mode` and `app01` at `dc1` declares no `ldvm_storage_mode`; or `app02` declares `ReplicationOnly`.",
    fix: "Declare a storage mode per VM or as the link's default: remote access, Storage vMotion first, or active/active storage (e.g. later VPLEX Metro, up to 100 km / 5 ms).",
    source: "S19, S21, S23, S24",
};

/// Per link: VMs inheriting no default, VMs inheriting a replication-only default.
#[derive(Default)]
struct LinkUsers<'a> {
    none: Sample<'a>,
    replication: Sample<'a>,
}

impl Rule for LdvNoStorageMode {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let links: Vec<_> = ldv_links(ctx).collect();
        if links.is_empty() {
            return;
        }
        let mut users: Vec<LinkUsers<'_>> = links.iter().map(|_| LinkUsers::default()).collect();
        let mut own_replication: Vec<(VmId, usize)> = Vec::new();
        for (&vm_id, vm) in &ctx.project.vms {
            if vm.template || vm.pinned_to_site {
                continue;
            }
            let Some(site) = vm_site(ctx, vm) else {
                continue;
            };
            for (index, (_, link)) in links.iter().enumerate() {
                if !at_end(link, site) {
                    continue;
                }
                let Some(slot) = users.get_mut(index) else {
                    continue;
                };
                match (vm.ldvm_storage_mode, link.storage_mode) {
                    (Some(LdvStorageMode::ReplicationOnly), _) => {
                        own_replication.push((vm_id, index));
                        break;
                    }
                    (Some(_), _) => {}
                    (None, None) => slot.none.push(&vm.name),
                    (None, Some(LdvStorageMode::ReplicationOnly)) => {
                        slot.replication.push(&vm.name);
                    }
                    (None, Some(_)) => {}
                }
            }
        }
        for ((link_id, link), slot) in links.iter().zip(&users) {
            if slot.none.count > 0 {
                out.add(
                    &META,
                    *link_id,
                    format!(
                        "{} has no default storage mode, leaving {} at its sites ({}) without one; long-distance vMotion needs remote access, Storage vMotion first or active/active storage",
                        link.name,
                        count(slot.none.count, "VM"),
                        slot.none.names(),
                    ),
                );
            }
            if slot.replication.count > 0 {
                out.add(
                    &META,
                    *link_id,
                    format!(
                        "{}'s default storage mode is replication only, inherited by {} ({}); a read-only replica cannot serve a VM that moved",
                        link.name,
                        count(slot.replication.count, "VM"),
                        slot.replication.names(),
                    ),
                );
            }
        }
        for (vm_id, index) in own_replication {
            let (Some(vm), Some((_, link))) = (ctx.vm(vm_id), links.get(index)) else {
                continue;
            };
            let site = vm_site(ctx, vm)
                .map(|site| site_name(ctx, site))
                .unwrap_or_default();
            out.add(
                &META,
                vm_id,
                format!(
                    "{} at {site} declares replication only as its storage mode; long-distance vMotion over {} needs remote access, Storage vMotion first or active/active storage",
                    vm.name, link.name,
                ),
            );
        }
    }
}
