//! FEAT-05: PVSCSI, vmxnet3, VMDirectPath and hot-add need virtual hardware 7 and ESX 4.0 hosts.

use super::join_and;
use crate::model::{ClusterId, HostId, Release};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A VM using a hardware-version-7 device without hardware version 7, or with hosts below ESX 4.0.
pub struct FeatHw7DevicesUnsupported;

/// The virtual hardware version that brought these devices (ESX 4.0).
const HW_VERSION_7: u8 = 7;

/// Host names listed in a message before the rest is summed up.
const LISTED_HOSTS: usize = 3;

static META: RuleMeta = RuleMeta {
    id: "FEAT-05",
    name: "hw7-devices-without-hw7-or-esx4",
    title: "A VM uses PVSCSI, vmxnet3, VMDirectPath or hot-add without hardware version 7 on ESX 4.0 hosts",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every VM with a `Pvscsi` SCSI controller, a `Vmxnet3` NIC, a `DirectPath` device or `hot_add`: \
             `hw_version >= 7`, and every host that may run it (its cluster's hosts, or its own host when it is not \
             clustered) has `esx.release` of 4.0 or later. One finding per VM.",
    why: "The PVSCSI controller, the vmxnet3 adapter, VMDirectPath I/O and CPU/memory hot-add are virtual hardware 7 \
          devices, and only ESX 4.0 runs hardware version 7. A hardware 4 VM cannot have them at all, and a hardware 7 \
          VM cannot power on, be restarted by HA or be moved by DRS/vMotion onto an ESX 3.5 host, which shrinks its \
          failover targets in a mixed cluster.",
    example: "`db01` has a `Pvscsi` controller and `hw_version: 7`, and its cluster `prod` still has `esx02` on ESX 3.5 U4.",
    fix: "Upgrade every host the VM may run on to ESX 4.0, upgrade VMware Tools and then the VM to hardware version 7 before adding these devices; until then use LSI Logic and vmxnet2/E1000.",
    source: "S28 (Performance Best Practices for vSphere 4.0 p.18)",
};

impl Rule for FeatHw7DevicesUnsupported {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let esx4 = Release::new(4, 0);
        // Hosts below ESX 4.0 in each cluster with hosts, sorted by cluster for binary search (cheaper than a map
        // lookup for each of 37,000 VMs).
        let mut clusters: Vec<(ClusterId, Vec<HostId>)> = ctx
            .index
            .cluster_hosts
            .iter()
            .filter(|(_, hosts)| !hosts.is_empty())
            .map(|(&cluster, _)| (cluster, Vec::new()))
            .collect();
        for (&id, host) in &ctx.project.hosts {
            if let Some(cluster) = host.cluster
                && host.esx.release < esx4
                && let Ok(position) = clusters.binary_search_by_key(&cluster, |(c, _)| *c)
                && let Some((_, old)) = clusters.get_mut(position)
            {
                old.push(id);
            }
        }
        // VMs of one cluster follow each other: the last cluster's position is reused without a search. The walk
        // is over the VMs' rows, which say whether a VM uses a hardware 7 feature at all: only those few are read.
        let mut last: Option<(ClusterId, Option<usize>)> = None;
        let rows = ctx.vm_rows();
        for row in rows.iter().filter(|row| row.hw7_features) {
            let own_host;
            let position = row.cluster.and_then(|cluster| match last {
                Some((of, position)) if of == cluster => position,
                _ => {
                    let position = clusters.binary_search_by_key(&cluster, |(c, _)| *c).ok();
                    last = Some((cluster, position));
                    position
                }
            });
            let targets: &[HostId] = match position.and_then(|position| clusters.get(position)) {
                Some((_, old)) => old,
                None => {
                    own_host = row
                        .host
                        .filter(|id| ctx.host(*id).is_some_and(|h| h.esx.release < esx4));
                    own_host.as_slice()
                }
            };
            // Version 0 means not recorded.
            let old_hardware = row.hw_version.is_some_and(|hw| hw < HW_VERSION_7);
            // Nothing to report whatever devices it has.
            if !old_hardware && targets.is_empty() {
                continue;
            }
            let Some(vm) = ctx.project.vms.get(&row.id) else {
                continue;
            };
            let features: Vec<String> = vm.hw7_features().map(str::to_owned).collect();

            let mut problems = Vec::new();
            if old_hardware {
                problems.push(format!("has virtual hardware {}", vm.hardware_text()));
            }
            if !targets.is_empty() {
                problems.push(format!("may run on {}", host_list(ctx, targets)));
            }
            out.add(
                &META,
                row.id,
                format!(
                    "{} uses {} but {}; these need hardware version {HW_VERSION_7}, which only ESX 4.0 or later runs",
                    vm.name,
                    join_and(&features),
                    join_and(&problems)
                ),
            );
        }
    }
}

/// "esx02 (enc1/bay2) on ESX 3.5 U4", or the first few of several hosts and a count of the rest.
fn host_list(ctx: &Context<'_>, hosts: &[HostId]) -> String {
    let mut named: Vec<String> = hosts
        .iter()
        .take(LISTED_HOSTS)
        .map(|&id| {
            let release = ctx
                .host(id)
                .map_or_else(String::new, |h| format!(" on ESX {}", h.esx.release));
            format!("{}{release}", ctx.host_label(id))
        })
        .collect();
    if hosts.len() > LISTED_HOSTS {
        named.push(format!(
            "{} more hosts below ESX 4.0",
            hosts.len() - LISTED_HOSTS
        ));
    }
    join_and(&named)
}
