//! HA-02: every host of an HA cluster has an isolation address, and extra addresses come with a longer detection time.

use super::{join_names, on_several_management_networks};
use crate::model::{Gateway, Host, Release};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A host with no default gateway and no `das.isolationaddress`, or extra isolation addresses with
/// `das.failuredetectiontime` below 20,000 ms.
pub struct HaNoIsolationAddress;

static META: RuleMeta = RuleMeta {
    id: "HA-02",
    name: "ha-no-isolation-address",
    title: "An HA host has no isolation address, or extra isolation addresses lack a longer failure detection time",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every cluster with `ha.enabled`, two checks.\n\
             1. Isolation address (error): with no `ha.isolation_addresses` (`das.isolationaddress`), a host pings the \
             default gateway of its management interface (the service console on ESX, the management VMkernel port \
             on ESXi). A host whose `management_interfaces` all have `gateway: Absent` has nothing to ping. A host \
             with a gateway `At(..)` passes; a host with no interfaces recorded, or a gateway `Unrecorded`, is \
             unknown and not reported.\n\
             2. Detection time (warning): extra isolation addresses, meaning more than one entry in \
             `ha.isolation_addresses` (`das.isolationaddress2` to `9`) or a host whose management interfaces sit on \
             two or more networks (each additional network needs its own address), need `ha.failure_detection_ms` \
             (`das.failuredetectiontime`) of at least 20,000 ms. When it is not recorded, vCenter 4.x uses its \
             default of 15,000 ms (warning); under VirtualCenter 2.x or an unknown vCenter the default is not in \
             dcplan's sources, so it is said at info. One finding per cluster.",
    why: "A host that stops hearing heartbeats from every other host pings its isolation address to tell \"I am \
          isolated\" from \"the others failed\". By default that address is the default gateway, and a host has \
          only one, however many service console networks it has: with no gateway and no das.isolationaddress the \
          host cannot tell, and HA cannot be configured as drawn. Each extra address adds ping time, and an isolated \
          host must release its VMs' VMFS locks before the other hosts declare it failed and restart them, so the \
          4.x guide asks for das.failuredetectiontime of 20,000 ms or more whenever extra addresses are set.",
    example: "Cluster `prod` sets `isolation_addresses: [\"10.10.0.1\", \"10.20.0.1\"]` and no \
              `failure_detection_ms`; `esx03`'s `vswif0` has `gateway: Absent` in a cluster without isolation \
              addresses.",
    fix: "Give the management interface a default gateway or set das.isolationaddress to a reliable address on the \
          management network; with extra isolation addresses raise das.failuredetectiontime to 20,000 ms or more.",
    source: "V13 (vSphere 4.x Availability guide quoted: isolation addresses, das.failuredetectiontime)",
};

/// The default detection time of HA on vCenter 4.x (V13).
const DEFAULT_DETECTION_MS: u32 = 15_000;
/// The detection time the guide asks for with extra isolation addresses (V13).
const EXTRA_ADDRESS_DETECTION_MS: u32 = 20_000;

/// Milliseconds as users read them: "15,000 ms".
fn milliseconds(value: u32) -> String {
    let digits = value.to_string();
    let mut grouped = String::new();
    for (at, digit) in digits.chars().enumerate() {
        if at > 0 && (digits.len() - at).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{grouped} ms")
}

/// What a host pings by default, as far as the plan records it.
#[derive(Debug, PartialEq, Eq)]
enum DefaultGateway {
    Present,
    Absent,
    Unknown,
}

/// A host has one default gateway (V13): any interface recording one gives the host its isolation address.
fn default_gateway(host: &Host) -> DefaultGateway {
    let interfaces = &host.management_interfaces;
    if interfaces.is_empty() {
        return DefaultGateway::Unknown;
    }
    let present =
        |gateway: &Gateway| matches!(gateway, Gateway::At(address) if !address.trim().is_empty());
    if interfaces
        .iter()
        .any(|interface| present(&interface.gateway))
    {
        DefaultGateway::Present
    } else if interfaces
        .iter()
        .all(|interface| interface.gateway == Gateway::Absent)
    {
        DefaultGateway::Absent
    } else {
        DefaultGateway::Unknown
    }
}

impl Rule for HaNoIsolationAddress {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&cluster_id, cluster) in &ctx.project.clusters {
            if !cluster.ha.enabled {
                continue;
            }
            let ha = &cluster.ha;
            let hosts: Vec<_> = ctx.cluster_hosts(cluster_id).collect();
            if ha.isolation_addresses.is_empty() {
                for (host_id, host) in &hosts {
                    if default_gateway(host) != DefaultGateway::Absent {
                        continue;
                    }
                    let names: Vec<String> = host
                        .management_interfaces
                        .iter()
                        .enumerate()
                        .map(|(position, interface)| super::interface_label(interface, position))
                        .collect();
                    out.add(
                        &META,
                        *host_id,
                        format!(
                            "{} has no default gateway on its management interface{} ({}) and cluster {} sets no isolation address (das.isolationaddress): an isolated host has nothing to ping",
                            ctx.host_label(*host_id),
                            if names.len() == 1 { "" } else { "s" },
                            names.join(", "),
                            cluster.name
                        ),
                    );
                }
            }
            let several_networks: Vec<String> = hosts
                .iter()
                .filter(|(_, host)| on_several_management_networks(ctx.project, host))
                .map(|(_, host)| host.name.clone())
                .collect();
            let extra = if ha.isolation_addresses.len() > 1 {
                format!(
                    "{} isolation addresses ({})",
                    ha.isolation_addresses.len(),
                    ha.isolation_addresses.join(", ")
                )
            } else if !several_networks.is_empty() {
                format!(
                    "management interfaces on several networks ({}), each needing its own isolation address,",
                    join_names(&several_networks)
                )
            } else {
                continue;
            };
            match ha.failure_detection_ms {
                Some(ms) if ms >= EXTRA_ADDRESS_DETECTION_MS => {}
                Some(ms) => out.add_at(
                    &META,
                    Severity::Warning,
                    cluster_id,
                    format!(
                        "Cluster {} has {extra} but das.failuredetectiontime is {}; with extra isolation addresses it should be at least {}",
                        cluster.name,
                        milliseconds(ms),
                        milliseconds(EXTRA_ADDRESS_DETECTION_MS)
                    ),
                ),
                None => {
                    let vcenter = ctx.cluster_vcenter(cluster);
                    match vcenter.filter(|vc| vc.release >= Release::new(4, 0)) {
                        Some(vcenter) => out.add_at(
                            &META,
                            Severity::Warning,
                            cluster_id,
                            format!(
                                "Cluster {} has {extra} but leaves das.failuredetectiontime at the vCenter {} default of {}; with extra isolation addresses it should be at least {}",
                                cluster.name,
                                vcenter.release,
                                milliseconds(DEFAULT_DETECTION_MS),
                                milliseconds(EXTRA_ADDRESS_DETECTION_MS)
                            ),
                        ),
                        None => out.add_at(
                            &META,
                            Severity::Info,
                            cluster_id,
                            format!(
                                "Cluster {} has {extra}; das.failuredetectiontime is not recorded and should be at least {} with extra isolation addresses",
                                cluster.name,
                                milliseconds(EXTRA_ADDRESS_DETECTION_MS)
                            ),
                        ),
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Cluster, ClusterId, Ha, HostId, Index, ManagementInterface, NetworkId, Project, Vcenter,
        VcenterId,
    };
    use crate::refdata::ReferenceData;

    fn interface(gateway: Gateway, network: u32) -> ManagementInterface {
        ManagementInterface {
            name: format!("vswif{}", network - 1),
            gateway,
            network: Some(NetworkId(network)),
            ..ManagementInterface::default()
        }
    }

    fn project(vcenter: &str, ha: Ha, interfaces: Vec<ManagementInterface>) -> Project {
        let mut project = Project::default();
        project.vcenters.insert(
            VcenterId(1),
            Vcenter {
                name: "vc01".into(),
                release: vcenter.parse().unwrap(),
                ..Vcenter::default()
            },
        );
        project.clusters.insert(
            ClusterId(1),
            Cluster {
                name: "prod".into(),
                vcenter: Some(VcenterId(1)),
                ha: Ha {
                    enabled: true,
                    ..ha
                },
                ..Cluster::default()
            },
        );
        project.hosts.insert(
            HostId(1),
            Host {
                name: "esx01".into(),
                cluster: Some(ClusterId(1)),
                management_interfaces: interfaces,
                ..Host::default()
            },
        );
        project
    }

    fn found(project: &Project) -> Vec<(Severity, String)> {
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(project);
        let ctx = Context::new(project, &reference, &index);
        let mut out = Findings::default();
        HaNoIsolationAddress.check(&ctx, &mut out);
        out.into_vec()
            .into_iter()
            .map(|f| (f.severity, f.message))
            .collect()
    }

    #[test]
    fn milliseconds_are_grouped_by_thousands() {
        assert_eq!(milliseconds(15_000), "15,000 ms");
        assert_eq!(milliseconds(120_000), "120,000 ms");
        assert_eq!(milliseconds(999), "999 ms");
        assert_eq!(milliseconds(1_000_000), "1,000,000 ms");
    }

    #[test]
    fn an_absent_gateway_without_isolation_address_is_an_error() {
        let found = found(&project(
            "4.0 U1",
            Ha::default(),
            vec![interface(Gateway::Absent, 1)],
        ));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Severity::Error);
        assert!(
            found[0].1.contains("esx01 has no default gateway"),
            "{found:?}"
        );
    }

    #[test]
    fn an_isolation_address_or_any_gateway_is_enough() {
        let with_address = Ha {
            isolation_addresses: vec!["10.10.0.254".into()],
            ..Ha::default()
        };
        assert!(
            found(&project(
                "4.0",
                with_address,
                vec![interface(Gateway::Absent, 1)]
            ))
            .is_empty()
        );
        let gateways = vec![
            interface(Gateway::Absent, 1),
            interface(Gateway::At("10.20.0.1".into()), 1),
        ];
        assert!(found(&project("4.0", Ha::default(), gateways)).is_empty());
    }

    #[test]
    fn unrecorded_gateways_or_interfaces_are_unknown() {
        assert!(found(&project("4.0", Ha::default(), vec![])).is_empty());
        let mixed = vec![
            interface(Gateway::Absent, 1),
            interface(Gateway::Unrecorded, 1),
        ];
        assert!(found(&project("4.0", Ha::default(), mixed)).is_empty());
    }

    #[test]
    fn extra_addresses_need_20_seconds() {
        let ha = |ms: Option<u32>| Ha {
            isolation_addresses: vec!["10.10.0.1".into(), "10.20.0.1".into()],
            failure_detection_ms: ms,
            ..Ha::default()
        };
        let gateway = || vec![interface(Gateway::At("10.10.0.1".into()), 1)];
        let short = found(&project("4.0", ha(Some(19_999)), gateway()));
        assert_eq!(short.len(), 1, "{short:?}");
        assert_eq!(short[0].0, Severity::Warning);
        assert!(found(&project("4.0", ha(Some(20_000)), gateway())).is_empty());
        let default = found(&project("4.0 U1", ha(None), gateway()));
        assert_eq!(default[0].0, Severity::Warning);
        assert!(default[0].1.contains("default of 15,000 ms"), "{default:?}");
        let virtualcenter = found(&project("2.5 U4", ha(None), gateway()));
        assert_eq!(virtualcenter[0].0, Severity::Info, "{virtualcenter:?}");
    }

    #[test]
    fn several_management_networks_count_as_extra_addresses() {
        let two_networks = vec![
            interface(Gateway::At("10.10.0.1".into()), 1),
            interface(Gateway::Absent, 2),
        ];
        let found = found(&project("4.0", Ha::default(), two_networks));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.contains("several networks (esx01)"), "{found:?}");
        let one_network = vec![
            interface(Gateway::At("10.10.0.1".into()), 1),
            interface(Gateway::Absent, 1),
        ];
        assert!(super::tests::found(&project("4.0", Ha::default(), one_network)).is_empty());
    }
}
