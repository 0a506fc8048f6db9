//! NET-01: the vMotion VMkernel ports of a cluster, and of its long-distance vMotion partner clusters, share one IP
//! subnet and one VLAN.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Display;

use super::some_names;
use crate::model::{ClusterId, HostId, SiteId, VmkRole};
use crate::rules::ldv::ldv_subnet_splits;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// vMotion VMkernel ports of a cluster (or of a cluster and its long-distance vMotion partner) in several subnets
/// or VLANs.
pub struct NetVmotionNotOneSubnet;

static META: RuleMeta = RuleMeta {
    id: "NET-01",
    name: "vmotion-not-one-subnet",
    title: "The vMotion VMkernel ports of a cluster, or of a cluster and its long-distance vMotion partner, are not in one subnet and VLAN",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "The VMkernel ports with the `Vmotion` role on the hosts of each cluster: their `subnet` (else the subnet of \
             their `network`) and `vlan` (else the VLAN of their `network`, when not 0). Error when a cluster's ports \
             are in more than one subnet or more than one VLAN. Then for each pair of long-distance vMotion partners \
             (clusters with hosts at sites joined by a site link with `long_distance_vmotion`): error when their ports \
             together are in more than one subnet or VLAN although each cluster alone is in one. A port whose subnet \
             or VLAN is not recorded is unknown and left out of that comparison. A subnet difference between the two \
             ends of a long-distance vMotion link that LDV-05 reports is left to LDV-05.",
    why: "vMotion moves a VM's memory between the VMkernel ports of the source and target host, and vSphere 4 expects \
          them on one layer-2 network: one IP subnet and VLAN. Routed vMotion could be made to work in 2010, but VMware \
          did not support it, so a cluster (or a pair of clusters that vMotion VMs between sites) with its vMotion \
          ports spread over several subnets or VLANs fails some migrations, and with them DRS and maintenance mode.",
    example: "Cluster `Prod` has the vMotion ports of `esx01` and `esx02` in 10.20.30.0/24 on VLAN 30, and that of \
              `esx03` in 10.20.31.0/24 on VLAN 31.",
    fix: "Move the vMotion VMkernel ports into one subnet and VLAN.",
    source: "V37 (Scott Lowe, Aug 2010: vMotion layer-2 adjacency requirement; routed vMotion worked but was not supported)",
};

/// A vMotion VMkernel port with what the plan records of its addressing.
struct Port<'a> {
    host: HostId,
    site: Option<SiteId>,
    subnet: Option<&'a str>,
    vlan: Option<u16>,
}

/// The vMotion ports of a cluster's hosts; a port's own subnet and VLAN, else its network's.
fn ports<'a>(ctx: &Context<'a>, cluster: ClusterId) -> Vec<Port<'a>> {
    let project = ctx.project;
    let mut ports = Vec::new();
    for (host_id, host) in ctx.cluster_hosts(cluster) {
        for vmk in host.vmk_with(VmkRole::Vmotion) {
            let network = vmk.network.and_then(|id| project.networks.get(&id));
            let subnet = if vmk.subnet.is_empty() {
                network
                    .map(|network| network.subnet.as_str())
                    .filter(|subnet| !subnet.is_empty())
            } else {
                Some(vmk.subnet.as_str())
            };
            // An imported port group whose VLAN no row gave is stored as 0: unknown, not VLAN 0.
            let vlan = vmk.vlan.or_else(|| {
                network
                    .map(|network| network.vlan)
                    .filter(|&vlan| vlan != 0)
            });
            ports.push(Port {
                host: host_id,
                site: ctx.index.host_site.get(&host_id).copied(),
                subnet,
                vlan,
            });
        }
    }
    ports
}

/// Two ports in different subnets that LDV-05 does not already report (it reports the two ends of a
/// long-distance vMotion link).
fn subnet_conflict(ports: &[&Port<'_>], ldv_splits: &BTreeSet<(SiteId, SiteId)>) -> bool {
    let seen: BTreeSet<(Option<SiteId>, &str)> = ports
        .iter()
        .filter_map(|port| Some((port.site, port.subnet?)))
        .collect();
    seen.iter().any(|(site, subnet)| {
        seen.iter().any(|(other_site, other_subnet)| {
            subnet != other_subnet
                && !matches!((site, other_site), (Some(a), Some(b)) if ldv_splits.contains(&(*a, *b)))
        })
    })
}

/// Ports on more than one recorded VLAN.
fn vlan_conflict(ports: &[&Port<'_>]) -> bool {
    ports
        .iter()
        .filter_map(|port| port.vlan)
        .collect::<BTreeSet<_>>()
        .len()
        > 1
}

/// "2 VLANs (30 on esx01, esx02; 31 on esx03)".
fn spread<'a, T: Ord + Display>(
    ctx: &Context<'_>,
    ports: &[&Port<'a>],
    what: &str,
    value: impl Fn(&Port<'a>) -> Option<T>,
) -> String {
    let mut hosts: BTreeMap<T, BTreeSet<HostId>> = BTreeMap::new();
    for port in ports {
        if let Some(value) = value(port) {
            hosts.entry(value).or_default().insert(port.host);
        }
    }
    let parts: Vec<String> = hosts
        .iter()
        .map(|(value, ids)| {
            let names: Vec<String> = ids.iter().map(|&id| ctx.project.host_name(id)).collect();
            format!("{value} on {}", some_names(&names))
        })
        .collect();
    format!("{} {what}s ({})", hosts.len(), parts.join("; "))
}

/// What the ports disagree on, in words.
fn disagreement<'a>(ctx: &Context<'_>, ports: &[&Port<'a>], subnets: bool, vlans: bool) -> String {
    let mut parts = Vec::new();
    if subnets {
        parts.push(spread(ctx, ports, "subnet", |port: &Port<'a>| port.subnet));
    }
    if vlans {
        parts.push(spread(ctx, ports, "VLAN", |port| port.vlan));
    }
    parts.join(" and ")
}

impl Rule for NetVmotionNotOneSubnet {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let ldv_splits = ldv_subnet_splits(ctx);
        let by_cluster: BTreeMap<ClusterId, Vec<Port<'_>>> = ctx
            .project
            .clusters
            .keys()
            .map(|&id| (id, ports(ctx, id)))
            .filter(|(_, ports)| !ports.is_empty())
            .collect();
        let cluster_name = |id: ClusterId| {
            ctx.cluster(id)
                .map_or_else(|| id.to_string(), |c| c.name.clone())
        };
        // Whether a cluster alone disagrees on subnets, on VLANs: a partner pair reports only what is new.
        let mut own: BTreeMap<ClusterId, (bool, bool)> = BTreeMap::new();
        for (&id, ports) in &by_cluster {
            let refs: Vec<&Port<'_>> = ports.iter().collect();
            let subnets = subnet_conflict(&refs, &ldv_splits);
            let vlans = vlan_conflict(&refs);
            own.insert(id, (subnets, vlans));
            if subnets || vlans {
                out.add(
                    &META,
                    id,
                    format!(
                        "Cluster {}'s vMotion VMkernel ports are in {}; vMotion needs them in one subnet and one VLAN (routed vMotion was not supported)",
                        cluster_name(id),
                        disagreement(ctx, &refs, subnets, vlans)
                    ),
                );
            }
        }
        let partner_sites = ctx.project.ldvm_partner_sites();
        for (&id, ports) in &by_cluster {
            let partners: BTreeSet<SiteId> = ctx
                .index
                .cluster_sites
                .get(&id)
                .into_iter()
                .flatten()
                .filter_map(|site| partner_sites.get(site))
                .flatten()
                .copied()
                .collect();
            if partners.is_empty() {
                continue;
            }
            // Partnership is mutual, so each pair is seen once from its lower cluster ID.
            for (&other, other_ports) in by_cluster.range(id..).skip(1) {
                let at_partner_site = ctx
                    .index
                    .cluster_sites
                    .get(&other)
                    .is_some_and(|sites| sites.iter().any(|site| partners.contains(site)));
                if !at_partner_site {
                    continue;
                }
                let refs: Vec<&Port<'_>> = ports.iter().chain(other_ports).collect();
                let (own_subnets, own_vlans) = own.get(&id).copied().unwrap_or_default();
                let (other_subnets, other_vlans) = own.get(&other).copied().unwrap_or_default();
                let subnets = !own_subnets && !other_subnets && subnet_conflict(&refs, &ldv_splits);
                let vlans = !own_vlans && !other_vlans && vlan_conflict(&refs);
                if !subnets && !vlans {
                    continue;
                }
                out.add(
                    &META,
                    id,
                    format!(
                        "The vMotion VMkernel ports of cluster {} and of its long-distance vMotion partner cluster {} are in {}; vMotion between them needs one subnet and one VLAN (routed vMotion was not supported)",
                        cluster_name(id),
                        cluster_name(other),
                        disagreement(ctx, &refs, subnets, vlans)
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Cluster, Host, Index, Network, NetworkId, Placement, Project, Site, SiteLink, SiteLinkId,
        VmkPort,
    };
    use crate::refdata::ReferenceData;

    fn host(name: &str, cluster: u32, site: u32, vmk: VmkPort) -> Host {
        Host {
            name: name.into(),
            cluster: Some(ClusterId(cluster)),
            placement: Placement::RackServer {
                site: SiteId(site),
                rack: None,
                unit: None,
            },
            vmkernel_ports: vec![vmk],
            ..Host::default()
        }
    }

    fn vmotion(subnet: &str, vlan: Option<u16>) -> VmkPort {
        VmkPort {
            name: "vmk1".into(),
            roles: vec![VmkRole::Vmotion],
            subnet: subnet.into(),
            vlan,
            uplink_mbps: 1000,
            ..VmkPort::default()
        }
    }

    fn project(hosts: Vec<Host>) -> Project {
        let mut project = Project::default();
        for id in [1, 2] {
            project.clusters.insert(
                ClusterId(id),
                Cluster {
                    name: format!("c{id}"),
                    ..Cluster::default()
                },
            );
            project.sites.insert(
                SiteId(id),
                Site {
                    name: format!("dc{id}"),
                    ..Site::default()
                },
            );
        }
        for (n, host) in hosts.into_iter().enumerate() {
            project.hosts.insert(HostId(n as u32 + 1), host);
        }
        project
    }

    fn link(project: &mut Project) {
        project.site_links.insert(
            SiteLinkId(1),
            SiteLink {
                name: "dci".into(),
                site_a: SiteId(1),
                site_b: SiteId(2),
                long_distance_vmotion: true,
                l2_stretched: true,
                ..SiteLink::default()
            },
        );
    }

    fn run(project: &Project) -> Vec<String> {
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(project);
        let ctx = Context::new(project, &reference, &index);
        let mut out = Findings::default();
        NetVmotionNotOneSubnet.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn two_subnets_or_vlans_in_a_cluster_fire_once() {
        let messages = run(&project(vec![
            host("esx01", 1, 1, vmotion("10.0.1.0/24", Some(30))),
            host("esx02", 1, 1, vmotion("10.0.2.0/24", Some(31))),
        ]));
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages[0].contains("2 subnets (10.0.1.0/24 on esx01; 10.0.2.0/24 on esx02) and 2 VLANs (30 on esx01; 31 on esx02)"),
            "{}",
            messages[0]
        );
    }

    #[test]
    fn unrecorded_subnet_or_vlan_is_unknown() {
        assert!(
            run(&project(vec![
                host("esx01", 1, 1, vmotion("10.0.1.0/24", Some(30))),
                host("esx02", 1, 1, vmotion("", None)),
            ]))
            .is_empty()
        );
    }

    #[test]
    fn the_network_gives_what_the_port_does_not_record() {
        let mut project = project(vec![
            host("esx01", 1, 1, vmotion("10.0.1.0/24", Some(30))),
            host(
                "esx02",
                1,
                1,
                VmkPort {
                    network: Some(NetworkId(1)),
                    ..vmotion("", None)
                },
            ),
        ]);
        project.networks.insert(
            NetworkId(1),
            Network {
                name: "vmotion".into(),
                vlan: 31,
                subnet: "10.0.1.0/24".into(),
                ..Network::default()
            },
        );
        let messages = run(&project);
        assert_eq!(messages.len(), 1);
        assert!(messages[0].contains("2 VLANs"), "{}", messages[0]);
        assert!(!messages[0].contains("subnets"), "{}", messages[0]);
        // A network VLAN of 0 is what an import stores when it found none: unknown.
        if let Some(network) = project.networks.get_mut(&NetworkId(1)) {
            network.vlan = 0;
        }
        assert!(run(&project).is_empty());
    }

    #[test]
    fn partner_clusters_share_the_vlan_and_leave_a_site_subnet_split_to_ldv_05() {
        let mut partners = project(vec![
            host("esx01", 1, 1, vmotion("10.0.1.0/24", Some(30))),
            host("esx11", 2, 2, vmotion("10.0.1.0/24", Some(130))),
        ]);
        // Without a long-distance vMotion link the clusters are not partners.
        assert!(run(&partners).is_empty());
        link(&mut partners);
        let messages = run(&partners);
        assert_eq!(messages.len(), 1);
        assert!(
            messages[0].starts_with("The vMotion VMkernel ports of cluster c1 and of its long-distance vMotion partner cluster c2 are in 2 VLANs"),
            "{}",
            messages[0]
        );
        // One VLAN, two subnets, one at each end of the link: LDV-05's finding, not this one.
        let mut split = project(vec![
            host("esx01", 1, 1, vmotion("10.0.1.0/24", Some(30))),
            host("esx11", 2, 2, vmotion("10.0.2.0/24", Some(30))),
        ]);
        link(&mut split);
        assert!(run(&split).is_empty());
    }
}
