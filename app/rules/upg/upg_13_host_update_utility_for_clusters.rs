//! UPG-13: clustered or larger estates are upgraded with Update Manager, not the Host Update Utility.

use std::collections::BTreeMap;

use super::{VSPHERE4, esx4_targets, plan_upgrades_update_manager};
use crate::model::{HostId, VcenterId};
use crate::refdata::LimitItem;
use crate::rules::cpu::{count, name_list};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity, number};

/// A vCenter whose clustered (or many) hosts go to ESX 4 with no Update Manager 4 to do it.
pub struct UpgHostUpdateUtilityForClusters;

static META: RuleMeta = RuleMeta {
    id: "UPG-13",
    name: "host-update-utility-for-clusters",
    title: "Clustered or many hosts are upgraded without Update Manager 4, leaving the Host Update Utility",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "Every vCenter with hosts to upgrade to ESX 4 whose `update_manager` is missing or below 4.0 (on the \
             design: and no `UpgradeUpdateManager` step for it in the plan). Hosts to upgrade: on the design those \
             headed for ESX 4 (`target_release`, or a wave of the plan); in a stage the running wave's hosts. It \
             fires when one of them is in a cluster, or when the vCenter manages at least `HostUpdateUtilityHosts` \
             hosts (10). UPG-05 reports each clustered host remediated without Update Manager as an error.",
    why: "Without Update Manager 4 the only tool left is the vSphere Host Update Utility, made for standalone hosts in \
          estates of fewer than 10 hosts: it upgrades one host at a time, does not evacuate or orchestrate a \
          cluster (maintenance mode, DRS, HA), and upgrades neither VMFS nor guests.",
    example: "`vc-west` has no `update_manager`, the plan has no Update Manager step, and the 10 blades of cluster \
              `Prod` have `target_release: \"4.0 U1\"`.",
    fix: "Use VUM for clusters.",
    source: "S26 (Host Update Utility); HostUpdateUtilityHosts limit",
};

impl Rule for UpgHostUpdateUtilityForClusters {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let upgrading: Vec<HostId> = match ctx.stage {
            Some(stage) => stage.upgrading().copied().collect(),
            None => esx4_targets(ctx).into_keys().collect(),
        };
        if upgrading.is_empty() {
            return;
        }
        let mut managed: BTreeMap<VcenterId, usize> = BTreeMap::new();
        for vcenter in ctx.index.host_vcenter.values() {
            *managed.entry(*vcenter).or_default() += 1;
        }
        let mut per_vcenter: BTreeMap<VcenterId, Vec<HostId>> = BTreeMap::new();
        for id in upgrading {
            if let Some(vcenter) = ctx.index.host_vcenter.get(&id) {
                per_vcenter.entry(*vcenter).or_default().push(id);
            }
        }
        let limit = ctx.limit(LimitItem::HostUpdateUtilityHosts, None);
        for (vcenter_id, hosts) in per_vcenter {
            let Some(vcenter) = ctx.project.vcenters.get(&vcenter_id) else {
                continue;
            };
            if vcenter.update_manager.is_some_and(|vum| vum >= VSPHERE4)
                || plan_upgrades_update_manager(ctx, vcenter_id, VSPHERE4)
            {
                continue;
            }
            let clustered: Vec<&str> = hosts
                .iter()
                .filter_map(|h| ctx.host(*h))
                .filter(|host| host.cluster.is_some())
                .map(|host| host.name.as_str())
                .collect();
            let estate = managed.get(&vcenter_id).copied().unwrap_or(0);
            let too_many = limit.is_some_and(|limit| estate as f64 >= limit);
            let reason = if !clustered.is_empty() {
                format!(
                    "{} to upgrade ({})",
                    count(clustered.len(), "clustered host"),
                    name_list(&clustered)
                )
            } else if too_many {
                let names: Vec<&str> = hosts
                    .iter()
                    .filter_map(|h| ctx.host(*h).map(|host| host.name.as_str()))
                    .collect();
                format!(
                    "{estate} hosts, {} of them to upgrade ({})",
                    hosts.len(),
                    name_list(&names)
                )
            } else {
                continue;
            };
            let vum = vcenter.update_manager.map_or_else(
                || "no Update Manager".to_owned(),
                |v| format!("only Update Manager {v}"),
            );
            let under = limit.map_or_else(String::new, |l| {
                format!(" in estates of fewer than {} hosts", number(l))
            });
            out.add(
                &META,
                vcenter_id,
                format!(
                    "{} has {reason} to ESX 4 and {vum}, which leaves the Host Update Utility, made for standalone hosts{under}, one host at a time",
                    vcenter.name
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cluster, ClusterId, Host, Index, Project, Release, Vcenter};
    use crate::refdata::ReferenceData;

    fn run(vum: Option<&str>, clustered: bool) -> Vec<String> {
        let mut project = Project::default();
        project.vcenters.insert(
            VcenterId(1),
            Vcenter {
                name: "vc01".into(),
                release: "4.0 U1".parse().unwrap(),
                update_manager: vum.map(|v| v.parse::<Release>().unwrap()),
                ..Vcenter::default()
            },
        );
        project.clusters.insert(
            ClusterId(1),
            Cluster {
                name: "prod".into(),
                vcenter: Some(VcenterId(1)),
                ..Cluster::default()
            },
        );
        let mut host = Host {
            name: "esx01".into(),
            cluster: clustered.then_some(ClusterId(1)),
            vcenter: (!clustered).then_some(VcenterId(1)),
            target_release: Some("4.0 U1".parse().unwrap()),
            ..Host::default()
        };
        host.esx.release = "3.5 U4".parse().unwrap();
        project.hosts.insert(HostId(1), host);
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(&project);
        let ctx = Context::new(&project, &reference, &index);
        let mut out = Findings::default();
        UpgHostUpdateUtilityForClusters.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn clustered_host_without_update_manager_fires() {
        let messages = run(None, true);
        assert_eq!(messages.len(), 1);
        assert!(
            messages[0].starts_with("vc01 has 1 clustered host to upgrade (esx01)"),
            "{messages:?}"
        );
        assert_eq!(run(Some("1.0 U6"), true).len(), 1);
    }

    #[test]
    fn update_manager_4_or_small_standalone_estate_is_quiet() {
        assert!(run(Some("4.0 U1"), true).is_empty());
        assert!(run(None, false).is_empty());
    }
}
