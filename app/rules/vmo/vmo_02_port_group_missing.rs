//! VMO-02: the port groups of a cluster's VMs exist, with identical labels, on every host of the cluster.

use std::collections::BTreeMap;

use crate::model::{ClusterId, NetworkId, VswitchKind};
use crate::rules::cpu::{Grouped, Sample, count};
use crate::rules::{Context, Findings, Rule, RuleMeta, Severity};

/// A clustered host lacking a port group (by exact label) or the vDS that a VM of its cluster uses.
pub struct VmoPortGroupMissing;

static META: RuleMeta = RuleMeta {
    id: "VMO-02",
    name: "vmotion-port-group-missing",
    title: "A host lacks a port group, or the vDS, that VMs of its cluster use",
    severity: Severity::Error,
    checks: "For every cluster, each network a VM of the cluster has a vNIC on (`nics[].network`) reaches every host of the cluster: the host carries the network itself, or, for a standard vSwitch port group, a network with exactly the same (case-sensitive) label. A network carried by a vDS or Nexus 1000V must reach the host through that same switch. Templates are skipped.",
    why: "vMotion reconnects each vNIC to the port group of the same label on the target host; a missing or differently cased label (`VM-Prod` vs `vm-prod`) makes vCenter refuse the migration. A distributed port group exists only on hosts that are members of its vDS, so every host of the cluster has to join the same vDS. DRS and HA can then not place the VMs on that host either.",
    example: "`app01` in cluster `prod` has a vNIC on `VM-Prod`; `esx03` only has a port group labelled `vm-prod`.",
    fix: "Create the port group with the identical label on every host of the cluster (host profiles help), or add the host to the vDS.",
    source: "S59 Dell vMotion networking best practices; M (vDS membership)",
};

impl Rule for VmoPortGroupMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        // Networks carried by a distributed switch: the switch's name and kind.
        let mut distributed: BTreeMap<NetworkId, (&str, &str)> = BTreeMap::new();
        for vswitch in ctx.project.vswitches.values() {
            let kind = match vswitch.kind {
                VswitchKind::Standard => continue,
                VswitchKind::Distributed => "vDS",
                VswitchKind::Nexus1000v { .. } => "Nexus 1000V",
            };
            for &network in &vswitch.networks {
                distributed
                    .entry(network)
                    .or_insert((vswitch.name.as_str(), kind));
            }
        }
        // (cluster, network) -> the VMs of the cluster with a vNIC on it, in one pass over the VMs.
        let mut used: Grouped<(ClusterId, NetworkId), Sample<'_>> = Grouped::new();
        for vm in ctx.project.vms.values() {
            let Some(cluster) = vm.cluster else {
                continue;
            };
            if vm.template {
                continue;
            }
            for (i, nic) in vm.nics.iter().enumerate() {
                let seen = vm
                    .nics
                    .get(..i)
                    .is_some_and(|before| before.iter().any(|n| n.network == nic.network));
                if !seen && let Some(sample) = used.at((cluster, nic.network)) {
                    sample.push(&vm.name);
                }
            }
        }
        for ((cluster_id, network_id), vms) in used.into_sorted() {
            let (Some(cluster), Some(network)) = (
                ctx.cluster(cluster_id),
                ctx.project.networks.get(&network_id),
            ) else {
                continue;
            };
            let users = format!(
                "{} of cluster {} ({})",
                count(vms.count, "VM"),
                cluster.name,
                vms.names()
            );
            for (host_id, _) in ctx.cluster_hosts(cluster_id) {
                if ctx.index.host_has_network(host_id, network_id) {
                    continue;
                }
                if let Some((switch, kind)) = distributed.get(&network_id) {
                    out.add(
                        &META,
                        host_id,
                        format!(
                            "{} is not a member of {kind} {switch}, which carries `{}`; {users} using it cannot vMotion to this host",
                            ctx.host_label(host_id),
                            network.name,
                        ),
                    );
                    continue;
                }
                let mut near_miss = None;
                let mut matched = false;
                for other in ctx
                    .index
                    .host_networks
                    .get(&host_id)
                    .into_iter()
                    .flatten()
                    .filter_map(|id| ctx.project.networks.get(id))
                {
                    if other.name == network.name {
                        matched = true;
                        break;
                    }
                    if other.name.eq_ignore_ascii_case(&network.name) {
                        near_miss = Some(other.name.as_str());
                    }
                }
                if matched {
                    continue;
                }
                let hint = near_miss
                    .map(|label| format!(" (it has `{label}`; labels are case-sensitive)"))
                    .unwrap_or_default();
                out.add(
                    &META,
                    host_id,
                    format!(
                        "{} has no port group `{}`{hint}; {users} using it cannot vMotion to this host",
                        ctx.host_label(host_id),
                        network.name,
                    ),
                );
            }
        }
    }
}
