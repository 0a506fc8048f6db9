//! HA-05: the hosts of an HA cluster share a management network, and each host's management network is redundant.

use std::collections::BTreeMap;

use super::{Redundancy, join_names, management_redundancy, network_label, same_network};
use crate::model::{Host, Project};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// No management network common to all hosts of an HA cluster, or a host whose management network has one path.
pub struct HaManagementNetwork;

static META: RuleMeta = RuleMeta {
    id: "HA-05",
    name: "ha-management-network-not-shared-or-redundant",
    title: "HA hosts share no management network, or a host's management network is not redundant",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every cluster with `ha.enabled`, over the hosts whose `management_interfaces` are recorded.\n\
             1. Shared network (error, one per cluster): some management network is on every such host. Two \
             interfaces are on the same network when both name the same `network`; when either names none, they \
             are when their IP subnets (the interface's `subnet`, else its network's) are the same. An interface with neither \
             cannot be compared, and a host that cannot be compared is not counted against the cluster.\n\
             2. Redundancy (warning, per host): a second management interface, or one whose `uplinks` reach two or \
             more distinct modules or switches. FlexNICs carrying the interface's network on NIC ports wired to two \
             or more interconnect bays also count as such a team (plans written before format 3 record only the \
             active uplink). A host whose interface has no `uplinks` recorded is unknown and not reported.",
    why: "HA heartbeats travel over the management network (service console on ESX, the management VMkernel port on \
          ESXi): hosts without a network in common cannot hear each other and each believes the others failed. A \
          single uplink is a single point of failure: losing it isolates the host, which then applies the isolation \
          response to healthy VMs (HA-03), and vCenter 4.x flags such a host as having no management network redundancy.",
    example: "`esx01` and `esx02` have `vswif0` on network `Mgmt-A` while `esx03` has it on `Mgmt-B`; `esx02`'s \
              `vswif0` has `uplinks: [\"bay1\"]`.",
    fix: "Put every host on one management network; give each management interface a second uplink to another \
          module or switch, or add a second management network, then reconfigure HA.",
    source: "V12 (vSphere 4.1 HA checklist)",
};

/// Whether one management network is on every host, as far as the plan says.
#[derive(Debug, PartialEq, Eq)]
enum Shared {
    Yes,
    No,
    Unknown,
}

/// Tries each management network of the first host against every other host.
fn shared_network(project: &Project, hosts: &[&Host]) -> Shared {
    let Some((anchor, others)) = hosts.split_first() else {
        return Shared::Unknown;
    };
    let mut verdict = Shared::No;
    for candidate in &anchor.management_interfaces {
        let mut missing = false;
        let mut unknown = false;
        for other in others {
            let matches: Vec<Option<bool>> = other
                .management_interfaces
                .iter()
                .map(|interface| same_network(project, candidate, interface))
                .collect();
            if matches.contains(&Some(true)) {
                continue;
            }
            if matches.contains(&None) {
                unknown = true;
            } else {
                missing = true;
            }
        }
        match (missing, unknown) {
            (false, false) => return Shared::Yes,
            // This network may be on every host; the plan cannot say.
            (false, true) => verdict = Shared::Unknown,
            (true, _) => {}
        }
    }
    verdict
}

impl Rule for HaManagementNetwork {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&cluster_id, cluster) in &ctx.project.clusters {
            if !cluster.ha.enabled {
                continue;
            }
            let recorded: Vec<_> = ctx
                .cluster_hosts(cluster_id)
                .filter(|(_, host)| !host.management_interfaces.is_empty())
                .collect();
            let hosts: Vec<&Host> = recorded.iter().map(|(_, host)| *host).collect();
            if hosts.len() >= 2 && shared_network(ctx.project, &hosts) == Shared::No {
                let mut by_networks: BTreeMap<String, Vec<String>> = BTreeMap::new();
                for host in &hosts {
                    let mut labels: Vec<String> = host
                        .management_interfaces
                        .iter()
                        .enumerate()
                        .map(|(position, interface)| {
                            network_label(ctx.project, interface, position)
                        })
                        .collect();
                    labels.sort();
                    labels.dedup();
                    by_networks
                        .entry(labels.join(" + "))
                        .or_default()
                        .push(host.name.clone());
                }
                let groups: Vec<String> = by_networks
                    .into_iter()
                    .map(|(networks, hosts)| format!("{} on {networks}", join_names(&hosts)))
                    .collect();
                out.add(
                    &META,
                    cluster_id,
                    format!(
                        "The hosts of HA cluster {} share no management network ({}); HA heartbeats need one network common to all hosts",
                        cluster.name,
                        groups.join("; ")
                    ),
                );
            }
            for (host_id, host) in &recorded {
                if let Redundancy::Single(why) = management_redundancy(host) {
                    out.add_at(
                        &META,
                        Severity::Warning,
                        *host_id,
                        format!(
                            "{why} and no second management network: one uplink failure isolates it from HA cluster {}",
                            cluster.name
                        ),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Cluster, ClusterId, Ha, HostId, Index, ManagementInterface, Network, NetworkId,
    };
    use crate::refdata::ReferenceData;

    fn interface(network: Option<u32>, subnet: &str, uplinks: &[&str]) -> ManagementInterface {
        ManagementInterface {
            name: "vswif0".into(),
            network: network.map(NetworkId),
            subnet: subnet.into(),
            uplinks: uplinks.iter().map(|u| (*u).to_owned()).collect(),
            ..ManagementInterface::default()
        }
    }

    fn found(hosts: Vec<Vec<ManagementInterface>>) -> Vec<(Severity, String)> {
        let mut project = Project::default();
        for (id, name, subnet) in [(1, "Mgmt-A", "10.1.10.0/24"), (2, "Mgmt-B", "")] {
            project.networks.insert(
                NetworkId(id),
                Network {
                    name: name.into(),
                    subnet: subnet.into(),
                    ..Network::default()
                },
            );
        }
        project.clusters.insert(
            ClusterId(1),
            Cluster {
                name: "prod".into(),
                ha: Ha {
                    enabled: true,
                    ..Ha::default()
                },
                ..Cluster::default()
            },
        );
        for (id, interfaces) in (1..).zip(hosts) {
            project.hosts.insert(
                HostId(id),
                Host {
                    name: format!("esx{id:02}"),
                    cluster: Some(ClusterId(1)),
                    management_interfaces: interfaces,
                    ..Host::default()
                },
            );
        }
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(&project);
        let ctx = Context::new(&project, &reference, &index);
        let mut out = Findings::default();
        HaManagementNetwork.check(&ctx, &mut out);
        out.into_vec()
            .into_iter()
            .map(|f| (f.severity, f.message))
            .collect()
    }

    const TEAM: &[&str] = &["bay1", "bay2"];

    #[test]
    fn different_networks_are_an_error() {
        let found = found(vec![
            vec![interface(Some(1), "", TEAM)],
            vec![interface(Some(2), "", TEAM)],
        ]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Severity::Error);
        assert!(
            found[0].1.contains("esx01 on Mgmt-A; esx02 on Mgmt-B"),
            "{found:?}"
        );
    }

    #[test]
    fn a_network_and_its_subnet_are_the_same_network() {
        let found = found(vec![
            vec![interface(Some(1), "", TEAM)],
            vec![interface(None, "10.1.10.12/24", TEAM)],
        ]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_host_that_cannot_be_compared_is_unknown() {
        // Mgmt-B has no subnet, so an interface with only a subnet cannot be compared with it.
        let found = found(vec![
            vec![interface(Some(2), "", TEAM)],
            vec![interface(None, "10.9.9.0/24", TEAM)],
            vec![],
        ]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn one_shared_network_among_several_is_enough() {
        let found = found(vec![
            vec![interface(Some(2), "", TEAM), interface(Some(1), "", &[])],
            vec![interface(Some(1), "", TEAM)],
        ]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_single_uplink_warns_and_missing_uplinks_are_unknown() {
        let found = found(vec![
            vec![interface(Some(1), "", &["bay1"])],
            vec![interface(Some(1), "", &[])],
            vec![interface(Some(1), "", &["bay1", " bay1"])],
        ]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found
                .iter()
                .all(|(severity, _)| *severity == Severity::Warning)
        );
        assert!(found[0].1.starts_with(
            "esx01 has one management interface (vswif0) whose team reaches only bay1"
        ));
        assert!(found[1].1.starts_with("esx03 "), "{found:?}");
    }
}
