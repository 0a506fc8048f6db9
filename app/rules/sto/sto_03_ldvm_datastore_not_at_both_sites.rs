//! STO-03: the datastores of a VM that may move by long-distance vMotion are visible from hosts at both sites.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{DatastoreId, LdvStorageMode, SiteId};
use crate::rules::cpu::{Sample, count};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A long-distance vMotion VM's datastore is seen at one site of the link only.
pub struct StoLdvmDatastoreNotAtBothSites;

static META: RuleMeta = RuleMeta {
    id: "STO-03",
    name: "ldvm-datastore-not-at-both-sites",
    title: "A datastore of a long-distance vMotion VM is not visible from hosts at both sites",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every site link with `long_distance_vmotion: true` and every VM at either end (by its host's site; \
             templates and `pinned_to_site` VMs skipped) whose storage mode (its own `ldvm_storage_mode`, else the \
             link's `storage_mode`) is not `StorageVmotionFirst`: each shared datastore of its disks must be seen by at \
             least one host at each of the two sites. With `StorageVmotionFirst` (mode b) the VM's host must see some \
             shared datastore that a host at the other site sees too, the target of the Storage vMotion. A host sees a VMFS datastore when it has a `lun_paths` entry and \
             a path on the connectivity graph (fabrics joined across the sites only where the link extends the SAN, \
             zoning and EVA host entries where recorded) to every extent LUN. Sites where no host records any LUN path \
             are unknown and skipped. One finding per datastore and link.",
    why: "vMotion moves only the running VM: source and target host must both see its disks. With per-site fabrics and \
          per-site LUN presentation the target site cannot open the VM's files, so neither long-distance vMotion nor \
          the declared remote-access or active/active storage mode can work. Only Storage vMotion first (mode b) moves \
          the disks to the other site before the VM.",
    example: "`web01` runs at `dc-north` on `north-vmfs-01`, presented only to the north hosts on the north fabrics; the \
              link `north-south` declares `RemoteAccess` and no SAN extension.",
    fix: "Extend the SAN across the sites and present the LUN to the hosts of both sites (or use active/active storage), or declare Storage vMotion first for these VMs.",
    source: "S16, S19 (the 2009 validated design: shared storage at both sites); rules-v2 B1",
};

impl Rule for StoLdvmDatastoreNotAtBothSites {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let links: Vec<_> = ctx
            .project
            .site_links
            .iter()
            .filter(|(_, l)| l.long_distance_vmotion)
            .collect();
        if links.is_empty() {
            return;
        }
        let topology = ctx.topology();
        let mut site_hosts: BTreeMap<SiteId, Vec<crate::model::HostId>> = BTreeMap::new();
        for (&host, &site) in &ctx.index.host_site {
            site_hosts.entry(site).or_default().push(host);
        }
        // A site whose hosts record no LUN path says nothing about what it sees.
        let known = |site: SiteId| {
            site_hosts.get(&site).is_some_and(|hosts| {
                hosts.iter().any(|h| {
                    ctx.project
                        .hosts
                        .get(h)
                        .is_some_and(|h| !h.lun_paths.is_empty())
                })
            })
        };
        let mut seen: BTreeMap<(DatastoreId, SiteId), bool> = BTreeMap::new();
        let mut sees = |datastore: DatastoreId, site: SiteId| -> bool {
            *seen.entry((datastore, site)).or_insert_with(|| {
                site_hosts
                    .get(&site)
                    .into_iter()
                    .flatten()
                    .any(|&h| topology.host_sees_datastore(h, datastore))
            })
        };
        for (&link_id, link) in links {
            if !known(link.site_a) || !known(link.site_b) {
                continue;
            }
            let mut missing: BTreeMap<(DatastoreId, SiteId), Sample<'_>> = BTreeMap::new();
            let mut no_staging: BTreeMap<SiteId, Sample<'_>> = BTreeMap::new();
            for vm in ctx.project.vms.values() {
                if vm.template || vm.pinned_to_site {
                    continue;
                }
                let Some(&site) = vm.host.and_then(|h| ctx.index.host_site.get(&h)) else {
                    continue;
                };
                if site != link.site_a && site != link.site_b {
                    continue;
                }
                let datastores: BTreeSet<DatastoreId> = vm
                    .disks
                    .iter()
                    .filter_map(|d| d.datastore)
                    .filter(|d| {
                        ctx.project
                            .datastores
                            .get(d)
                            .is_some_and(|ds| ds.is_shared())
                    })
                    .collect();
                if vm.ldvm_storage_mode.or(link.storage_mode)
                    == Some(LdvStorageMode::StorageVmotionFirst)
                {
                    // Storage vMotion runs on the VM's host, which must see a datastore the other site sees too.
                    let other = if site == link.site_a {
                        link.site_b
                    } else {
                        link.site_a
                    };
                    let staging = vm.host.is_some_and(|host| {
                        ctx.project.datastores.iter().any(|(&d, ds)| {
                            ds.is_shared()
                                && topology.host_sees_datastore(host, d)
                                && sees(d, other)
                        })
                    });
                    if !staging && !datastores.is_empty() {
                        no_staging.entry(other).or_default().push(&vm.name);
                    }
                    continue;
                }
                for datastore in datastores {
                    for other in [link.site_a, link.site_b] {
                        if !sees(datastore, other) {
                            missing
                                .entry((datastore, other))
                                .or_default()
                                .push(&vm.name);
                        }
                    }
                }
            }
            let name = |s: SiteId| {
                ctx.project
                    .sites
                    .get(&s)
                    .map_or_else(|| s.to_string(), |s| s.name.clone())
            };
            for (site, vms) in no_staging {
                out.add(
                    &META,
                    link_id,
                    format!(
                        "{} ({}) are to move to {} by Storage vMotion first, but their hosts see no datastore that any host at {} sees, so neither Storage vMotion nor vMotion over {} can reach it",
                        count(vms.count, "VM"),
                        vms.names(),
                        name(site),
                        name(site),
                        link.name
                    ),
                );
            }
            for ((datastore, site), vms) in missing {
                let ds = ctx
                    .project
                    .datastores
                    .get(&datastore)
                    .map_or_else(|| datastore.to_string(), |d| d.name.clone());
                out.add(
                    &META,
                    link_id,
                    format!(
                        "Datastore {ds} of {} ({}) is not visible from any host at {}, so long-distance vMotion over {} cannot move them there",
                        count(vms.count, "VM"),
                        vms.names(),
                        name(site),
                        link.name
                    ),
                );
            }
        }
    }
}
