//! HA-06: a host's management interface is of the kind its product manages through.

use super::interface_label;
use crate::model::{EsxProduct, ManagementKind};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A classic ESX host without a service console interface, or an ESXi host without a management VMkernel port.
pub struct HaManagementInterfaceKind;

static META: RuleMeta = RuleMeta {
    id: "HA-06",
    name: "ha-management-interface-wrong-kind",
    title: "An HA host has no management interface of the kind its product needs",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every host of a cluster with `ha.enabled` whose `management_interfaces` are recorded: a classic ESX \
             host (`esx.product: Esx`) has at least one `ServiceConsole` interface (vswif); an ESXi host \
             (`esx.product: Esxi`) has at least one `Vmkernel` interface. A host with no interfaces recorded is \
             unknown and not reported.",
    why: "Classic ESX 3.5 and 4.0 are managed, and send and receive HA heartbeats, over service console ports \
          (vswif); their VMkernel ports carry vMotion, FT logging and IP storage, not management. ESXi has no \
          service console: it is managed over a VMkernel port (on ESXi 4.0, one with \"Management traffic\" \
          enabled). A host drawn with only the other kind has no management network HA can use.",
    example: "`esx01` runs ESX 4.0 U1 and its only management interface is `vmk0` (`kind: Vmkernel`).",
    fix: "Add the missing interface: a service console port (vswif) on ESX, a VMkernel port with management traffic \
          on ESXi.",
    source: "V12 (vSphere 4.1 HA checklist), V45 (ESX 4.0 U1 service console configuration)",
};

impl Rule for HaManagementInterfaceKind {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&cluster_id, cluster) in &ctx.project.clusters {
            if !cluster.ha.enabled {
                continue;
            }
            for (host_id, host) in ctx.cluster_hosts(cluster_id) {
                let interfaces = &host.management_interfaces;
                if interfaces.is_empty() {
                    continue;
                }
                let one = interfaces.len() == 1;
                let (needed, product, have, need) = match host.esx.product {
                    EsxProduct::Esx => (
                        ManagementKind::ServiceConsole,
                        "ESX",
                        if one {
                            "is a VMkernel port"
                        } else {
                            "are VMkernel ports"
                        },
                        "a service console port (vswif), which classic ESX is managed and sends HA heartbeats through",
                    ),
                    EsxProduct::Esxi => (
                        ManagementKind::Vmkernel,
                        "ESXi",
                        if one {
                            "is a service console port, which ESXi does not have"
                        } else {
                            "are service console ports, which ESXi does not have"
                        },
                        "a VMkernel port with management traffic",
                    ),
                };
                if interfaces.iter().any(|interface| interface.kind == needed) {
                    continue;
                }
                let names: Vec<String> = interfaces
                    .iter()
                    .enumerate()
                    .map(|(position, interface)| interface_label(interface, position))
                    .collect();
                out.add(
                    &META,
                    host_id,
                    format!(
                        "{} runs {product} {} but its management interface{} ({}) {have}; it needs {need}",
                        ctx.host_label(host_id),
                        host.release(),
                        if one { "" } else { "s" },
                        names.join(", ")
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cluster, ClusterId, Ha, Host, HostId, Index, ManagementInterface, Project};
    use crate::refdata::ReferenceData;

    fn found(product: EsxProduct, kinds: &[ManagementKind]) -> Vec<String> {
        let mut project = Project::default();
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
        let mut host = Host {
            name: "esx01".into(),
            cluster: Some(ClusterId(1)),
            management_interfaces: kinds
                .iter()
                .enumerate()
                .map(|(n, kind)| ManagementInterface {
                    kind: *kind,
                    name: format!("if{n}"),
                    ..ManagementInterface::default()
                })
                .collect(),
            ..Host::default()
        };
        host.esx.product = product;
        project.hosts.insert(HostId(1), host);
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(&project);
        let ctx = Context::new(&project, &reference, &index);
        let mut out = Findings::default();
        HaManagementInterfaceKind.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn each_product_needs_its_kind() {
        use ManagementKind::{ServiceConsole, Vmkernel};
        assert_eq!(found(EsxProduct::Esx, &[Vmkernel]).len(), 1);
        assert_eq!(found(EsxProduct::Esxi, &[ServiceConsole]).len(), 1);
        assert!(found(EsxProduct::Esx, &[ServiceConsole]).is_empty());
        assert!(found(EsxProduct::Esx, &[Vmkernel, ServiceConsole]).is_empty());
        assert!(found(EsxProduct::Esxi, &[Vmkernel]).is_empty());
    }

    #[test]
    fn no_interfaces_recorded_is_unknown() {
        assert!(found(EsxProduct::Esx, &[]).is_empty());
        assert!(found(EsxProduct::Esxi, &[]).is_empty());
    }
}
