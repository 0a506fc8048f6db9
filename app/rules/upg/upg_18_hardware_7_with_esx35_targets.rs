//! UPG-18: virtual hardware 7 only when every host a VM may run on runs ESX 4.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{ClusterId, HostId, HostSet, SiteId};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A hardware 7 VM could be placed (HA, DRS, long-distance vMotion) on an ESX 3.x host.
pub struct UpgHardware7WithEsx35Targets;

static META: RuleMeta = RuleMeta {
    id: "UPG-18",
    name: "hardware-7-before-hosts-upgraded",
    title: "A VM is on virtual hardware 7 while a host it may run on still runs ESX 3.x",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every VM with `hw_version` 7 or later: the hosts it may run on are its cluster's hosts (HA and DRS \
             targets; its own host when it is not clustered) and, unless `pinned_to_site`, the hosts at every site \
             joined to its cluster's sites by a link with `long_distance_vmotion`. Any of them below ESX 4.0 fires. \
             Templates count as VMs.",
    why: "ESX 3.5 cannot run virtual hardware 7: HA cannot restart the VM there, DRS cannot place it there, and \
          long-distance vMotion to a partner site still on ESX 3.5 fails. The upgrade is one-way, so the VM is stuck \
          on fewer hosts until the last ESX 3.5 host is gone.",
    example: "`web01` is upgraded to hardware 7 in stage 9 while `esx06` of its cluster `Prod` still runs ESX 3.5 U4 \
              (its wave was moved after the hardware stage).",
    fix: "Defer HW v7 to last stage; exclude VMs on mixed clusters.",
    source: "S27, S28, S57",
};

/// How many hosts a VM may run on (its own, and its partner sites' under long-distance vMotion unless pinned), and
/// those of them still on ESX 3.x, named with their release.
fn reach(
    ctx: &Context<'_>,
    partners: &BTreeMap<SiteId, Vec<SiteId>>,
    vm: &crate::model::Vm,
) -> (usize, Vec<String>) {
    let mut targets: BTreeSet<HostId> = ctx.hosts_for_vm(vm).iter().copied().collect();
    if !vm.pinned_to_site
        && let Some(cluster) = vm.cluster
    {
        let sites: BTreeSet<SiteId> = ctx
            .index
            .cluster_sites
            .get(&cluster)
            .into_iter()
            .flatten()
            .flat_map(|site| partners.get(site).into_iter().flatten())
            .copied()
            .collect();
        if !sites.is_empty() {
            targets.extend(ctx.project.hosts.keys().filter(|h| {
                ctx.index
                    .host_site
                    .get(h)
                    .is_some_and(|s| sites.contains(s))
            }));
        }
    }
    let old: Vec<String> = targets
        .iter()
        .filter_map(|&h| {
            let host = ctx.host(h)?;
            (!host.release().is_vsphere4_or_later())
                .then(|| format!("{} (ESX {})", host.name, host.release()))
        })
        .collect();
    (targets.len(), old)
}

impl Rule for UpgHardware7WithEsx35Targets {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let partners = ctx.project.ldvm_partner_sites();
        // The hosts a VM may reach depend only on its set of hosts, its cluster and whether it is pinned to its
        // site: worked out once per such key rather than once for each of tens of thousands of VMs.
        type Key = (HostSet, Option<ClusterId>, bool);
        let mut reaches: Vec<(usize, Vec<String>)> = Vec::new();
        let mut positions: BTreeMap<Key, usize> = BTreeMap::new();
        // VMs of one key follow each other: the last key's reach is taken without a map lookup.
        let mut last: Option<(Key, usize)> = None;
        // The VMs' rows carry the key: a VM itself is read only to work out a new key's reach and to be named.
        for row in ctx.vm_rows().iter() {
            if !row.hardware_at_least(7) {
                continue;
            }
            let set = ctx
                .index
                .host_set_of_row(last.map(|((set, ..), _)| set), row);
            let key = (set, row.cluster, row.pinned_to_site);
            let position = match last {
                Some((of, position)) if of == key => Some(position),
                _ => match positions.get(&key) {
                    Some(&position) => Some(position),
                    None => ctx.vm(row.id).map(|vm| {
                        reaches.push(reach(ctx, &partners, vm));
                        positions.insert(key, reaches.len() - 1);
                        reaches.len() - 1
                    }),
                },
            };
            let Some(position) = position else {
                continue;
            };
            last = Some((key, position));
            let Some((targets, old)) = reaches.get(position) else {
                continue;
            };
            let targets = *targets;
            if old.is_empty() {
                continue;
            }
            let (id, Some(vm)) = (row.id, ctx.vm(row.id)) else {
                continue;
            };
            let shown: Vec<&str> = old.iter().take(4).map(String::as_str).collect();
            let more = if old.len() > 4 {
                format!(" and {} more", old.len() - 4)
            } else {
                String::new()
            };
            out.add(
                &META,
                id,
                format!(
                    "{} is on virtual hardware {} but {} of the {} hosts it may run on still run ESX 3.x: {}{more}",
                    vm.name,
                    vm.hardware_text(),
                    old.len(),
                    targets,
                    shown.join(", ")
                ),
            );
        }
    }
}
