//! MIX-05: in a mixed cluster, ESX 4 hosts keep the standard vSwitch port groups the ESX 3.x hosts use.

use std::collections::{BTreeMap, BTreeSet};

use super::mix;
use crate::model::{HostId, NetworkId, VswitchKind};
use crate::rules::cpu::name_list;
use crate::rules::upg::VSPHERE4;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An ESX 4 host of a mixed cluster carrying VM networks only on a vDS or Nexus 1000V.
pub struct MixVswitchKindBreaksVmotion;

/// Virtual hardware 7 VMs never move to ESX 3.x hosts; older ones do.
const HW7: u8 = 7;

static META: RuleMeta = RuleMeta {
    id: "MIX-05",
    name: "distributed-switch-breaks-mixed-vmotion",
    title: "In a mixed cluster an ESX 4 host has VM networks only on a distributed switch the ESX 3.x hosts cannot join",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every cluster with hosts below ESX 4.0 and hosts on 4.0 or later, and every network a VM of the cluster \
             below hardware 7 (not a template) has a vNIC on: when an ESX 3.x host of the cluster carries the \
             network's label on a standard vSwitch, each ESX 4 host of the cluster that carries the network only \
             through a vDS or Nexus 1000V (no standard vSwitch port group with the same label) is reported, with the \
             networks. Networks no ESX 3.x host carries on a standard vSwitch are left to VMO-02.",
    why: "vMotion matches port groups by label and switch type: a VM on an ESX 3.5 standard vSwitch port group cannot \
          land on a distributed port group of the same name on an ESX 4 host, and ESX 3.5 hosts cannot join a vDS or \
          Nexus 1000V. Moving the upgraded hosts to the distributed switch while ESX 3.5 hosts remain breaks \
          vMotion, DRS and HA placement of hardware 4 VMs between the two halves of the cluster.",
    example: "Cluster `Prod`: `esx01` (ESX 4.0 U1) carries `VM-Prod` only on vDS `dvs-prod`, while `esx02` (ESX 3.5 \
              U4) has `VM-Prod` on `vSwitch1`, and `app01` (hardware 4) uses it.",
    fix: "Keep vSS until last 3.5 host gone.",
    source: "D (VMO-02 + FEAT-01)",
};

impl Rule for MixVswitchKindBreaksVmotion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        // Per host: the labels it carries on standard vSwitches, and the networks it carries on distributed ones
        // with the switch's name.
        let mut standard: BTreeMap<HostId, BTreeSet<&str>> = BTreeMap::new();
        let mut distributed: BTreeMap<HostId, BTreeMap<NetworkId, &str>> = BTreeMap::new();
        for vswitch in ctx.project.vswitches.values() {
            for host in vswitch.hosts_in(ctx.project) {
                match vswitch.kind {
                    VswitchKind::Standard => {
                        let labels = standard.entry(host).or_default();
                        for network in &vswitch.networks {
                            if let Some(network) = ctx.project.networks.get(network) {
                                labels.insert(network.name.as_str());
                            }
                        }
                    }
                    VswitchKind::Distributed | VswitchKind::Nexus1000v { .. } => {
                        let carried = distributed.entry(host).or_default();
                        for &network in &vswitch.networks {
                            carried.entry(network).or_insert(vswitch.name.as_str());
                        }
                    }
                }
            }
        }
        if distributed.is_empty() {
            return;
        }
        for (&cluster_id, cluster) in &ctx.project.clusters {
            if !mix(ctx, cluster_id).is_mixed() {
                continue;
            }
            let rows = ctx.vm_rows();
            let used: BTreeSet<NetworkId> = ctx
                .cluster_rows(cluster_id)
                .filter(|(_, row)| row.hardware_known_older_than(HW7) && !row.template)
                .flat_map(|(position, _)| rows.networks(position).iter().copied())
                .collect();
            let hosts: Vec<_> = ctx.cluster_hosts(cluster_id).collect();
            let on_standard = |host: HostId, label: &str| {
                standard
                    .get(&host)
                    .is_some_and(|labels| labels.contains(label))
            };
            for &(host_id, host) in &hosts {
                if host.release() < VSPHERE4 {
                    continue;
                }
                let Some(carried) = distributed.get(&host_id) else {
                    continue;
                };
                let mut broken = Vec::new();
                let mut esx3_names: BTreeSet<&str> = BTreeSet::new();
                for network_id in &used {
                    let (Some(switch), Some(network)) = (
                        carried.get(network_id),
                        ctx.project.networks.get(network_id),
                    ) else {
                        continue;
                    };
                    let label = network.name.as_str();
                    if on_standard(host_id, label) {
                        continue;
                    }
                    let esx3: Vec<&str> = hosts
                        .iter()
                        .filter(|(id, other)| other.release() < VSPHERE4 && on_standard(*id, label))
                        .map(|(_, other)| other.name.as_str())
                        .collect();
                    if esx3.is_empty() {
                        continue;
                    }
                    esx3_names.extend(esx3);
                    broken.push(format!("`{label}` ({switch})"));
                }
                if broken.is_empty() {
                    continue;
                }
                let esx3: Vec<&str> = esx3_names.into_iter().collect();
                out.add(
                    &META,
                    host_id,
                    format!(
                        "{} (ESX {}) of mixed cluster {} carries {} only on a distributed switch while ESX 3.x hosts ({}) have {} on standard vSwitches; hardware 4 VMs cannot vMotion between them",
                        ctx.host_label(host_id),
                        host.release(),
                        cluster.name,
                        broken.join(", "),
                        name_list(&esx3),
                        if broken.len() == 1 { "it" } else { "them" }
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
        Cluster, ClusterId, Host, Index, Network, Project, Vm, VmId, Vnic, Vswitch, VswitchId,
    };
    use crate::refdata::ReferenceData;

    fn run(esx4_on: VswitchKind) -> Vec<String> {
        let mut project = Project::default();
        project.clusters.insert(
            ClusterId(1),
            Cluster {
                name: "prod".into(),
                ..Cluster::default()
            },
        );
        for (id, release) in [(1, "4.0 U1"), (2, "3.5 U4")] {
            let mut host = Host {
                name: format!("esx{id:02}"),
                cluster: Some(ClusterId(1)),
                ..Host::default()
            };
            host.esx.release = release.parse().unwrap();
            project.hosts.insert(HostId(id), host);
        }
        project.networks.insert(
            NetworkId(1),
            Network {
                name: "VM-Prod".into(),
                vlan: 10,
                ..Network::default()
            },
        );
        project.vswitches.insert(
            VswitchId(1),
            Vswitch {
                name: "dvs-prod".into(),
                kind: esx4_on,
                hosts: vec![HostId(1)],
                networks: vec![NetworkId(1)],
                ..Vswitch::default()
            },
        );
        project.vswitches.insert(
            VswitchId(2),
            Vswitch {
                name: "vSwitch1".into(),
                hosts: vec![HostId(2)],
                networks: vec![NetworkId(1)],
                ..Vswitch::default()
            },
        );
        project.vms.insert(
            VmId(1),
            Vm {
                name: "app01".into(),
                cluster: Some(ClusterId(1)),
                host: Some(HostId(2)),
                hw_version: Some(4),
                nics: vec![Vnic {
                    network: NetworkId(1),
                    ..Vnic::default()
                }],
                ..Vm::default()
            },
        );
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(&project);
        let ctx = Context::new(&project, &reference, &index);
        let mut out = Findings::default();
        MixVswitchKindBreaksVmotion.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn esx4_host_on_vds_only_fires() {
        let messages = run(VswitchKind::Distributed);
        assert_eq!(messages.len(), 1);
        assert!(
            messages[0].contains("carries `VM-Prod` (dvs-prod) only on a distributed switch while ESX 3.x hosts (esx02)"),
            "{messages:?}"
        );
    }

    #[test]
    fn esx4_host_on_standard_vswitch_is_quiet() {
        assert!(run(VswitchKind::Standard).is_empty());
    }
}
