//! VMO-02: the port groups of a cluster's VMs exist, with identical labels, on every host of the cluster.

use std::collections::BTreeMap;

use crate::model::{ClusterId, NetworkId, VswitchKind};
use crate::rules::cpu::{Grouped, VmSample, count};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A clustered host lacking a port group (by exact label) or the vDS that a VM of its cluster uses.
pub struct VmoPortGroupMissing;

static META: RuleMeta = RuleMeta {
    id: "VMO-02",
    name: "vmotion-port-group-missing",
    title: "A host lacks a port group, or the vDS, that VMs of its cluster use",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every cluster, each network a VM of the cluster has a vNIC on (`nics[].network`) reaches every host of the cluster: the host carries the network itself, or, for a standard vSwitch port group, a network with exactly the same (case-sensitive) label. A network carried by a vDS or Nexus 1000V must reach the host through that same switch. Templates are skipped. A host whose port groups the plan does not record (`unrecorded.port_groups`, set by an import whose export lacks the vPort, dvSwitch or dvPort tab) and that does not carry the network is an info finding, never an error.",
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
        // The rows and their networks, not the VMs themselves: far less memory to walk.
        let mut used: Grouped<(ClusterId, NetworkId), VmSample> = Grouped::new();
        let rows = ctx.vm_rows();
        for (position, row) in rows.iter().enumerate() {
            let Some(cluster) = row.cluster else {
                continue;
            };
            if row.template {
                continue;
            }
            for &network in rows.networks(position) {
                if let Some(sample) = used.at((cluster, network)) {
                    sample.push(row.id);
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
                vms.names(ctx)
            );
            for (host_id, host) in ctx.cluster_hosts(cluster_id) {
                if ctx.index.host_has_network(host_id, network_id) {
                    continue;
                }
                if host.unrecorded.port_groups {
                    // Unknown is not missing: the plan (an import without the switch tabs) does not list them.
                    out.add_at(
                        &META,
                        Severity::Info,
                        host_id,
                        format!(
                            "the plan does not record the port groups of {}, so whether it carries `{}` is unknown; {users} use it",
                            ctx.host_label(host_id),
                            network.name,
                        ),
                    );
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cluster, Host, HostId, Network, Project, Unrecorded, Vm, Vnic};

    /// A VM of cluster `prod` on `VM-Prod`, and a host of the cluster that carries no port group.
    fn found(unrecorded: Unrecorded) -> Vec<(Severity, String)> {
        let mut project = Project::default();
        project.clusters.insert(
            ClusterId(1),
            Cluster {
                name: "prod".into(),
                ..Cluster::default()
            },
        );
        project.hosts.insert(
            HostId(1),
            Host {
                name: "esx01".into(),
                cluster: Some(ClusterId(1)),
                unrecorded,
                ..Host::default()
            },
        );
        project.networks.insert(
            NetworkId(1),
            Network {
                name: "VM-Prod".into(),
                ..Network::default()
            },
        );
        project.vms.insert(
            crate::model::VmId(1),
            Vm {
                name: "app01".into(),
                cluster: Some(ClusterId(1)),
                nics: vec![Vnic {
                    network: NetworkId(1),
                    adapter: Default::default(),
                }],
                ..Vm::default()
            },
        );
        crate::rules::testing::run(&VmoPortGroupMissing, &project, None)
    }

    #[test]
    fn a_recorded_missing_port_group_is_an_error_an_unrecorded_one_info() {
        let recorded = found(Unrecorded::default());
        assert_eq!(recorded.len(), 1, "{recorded:?}");
        assert_eq!(recorded[0].0, Severity::Error);
        assert!(
            recorded[0].1.contains("has no port group `VM-Prod`"),
            "{recorded:?}"
        );
        let unknown = found(Unrecorded {
            port_groups: true,
            ..Unrecorded::default()
        });
        assert_eq!(
            unknown,
            [(
                Severity::Info,
                "the plan does not record the port groups of esx01, so whether it carries `VM-Prod` is unknown; 1 VM of cluster prod (app01) use it"
                    .to_owned()
            )]
        );
    }
}
