//! CPU-VM-02: EVC makes hosts vMotion-compatible, not FT-compatible.

use std::collections::BTreeMap;

use super::name_list;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An EVC cluster holding FT VMs whose hosts span more than one FT compatible processor group.
pub struct CpuVmEvcHidesFtGroups;

static META: RuleMeta = RuleMeta {
    id: "CPU-VM-02",
    name: "evc-cluster-spans-ft-groups",
    title: "An EVC cluster with FT VMs spans several FT processor groups",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "For every cluster with an EVC mode (`evc_mode`) that holds a VM with FT on or planned: the hosts whose `cpu.series` is in an FT-capable group of the reference data all share one group. Hosts whose series the data does not know are skipped (FT-HO-01 names the series at info, not in reference data).",
    why: "EVC baselines and FT processor groups are independent tables. EVC lets a Xeon 5400 and a Xeon 5500 host share the intel-penryn baseline so vMotion works, but FT still pairs a 5500 only with a 5500 (KB 1008027). A cluster that looks homogeneous to DRS can leave FT VMs with far fewer Secondary placements than expected, or none after a host failure.",
    example: "Cluster `prod` has `evc_mode: \"intel-penryn\"` and an FT VM; `esx01`, `esx02` run Xeon 5400 (FTG-INTEL-45NM) and `esx03` runs Xeon 5500 (FTG-INTEL-NEHALEM).",
    fix: "Check both tables: keep FT clusters within one FT group, or make sure each group holds enough hosts for every pair and a spare.",
    source: "D (S05 SiteSurvey matrix + S14 KB 1003212)",
};

impl Rule for CpuVmEvcHidesFtGroups {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&cluster_id, cluster) in &ctx.project.clusters {
            let Some(mode) = cluster.evc_mode.as_deref() else {
                continue;
            };
            // FT VMs of the cluster have their Primary or Secondary on one of its hosts (cheaper than scanning its VMs).
            let has_ft = ctx.index.hosts_of(cluster_id).iter().any(|host| {
                ctx.index
                    .ft_vms_on(*host)
                    .iter()
                    .filter_map(|vm| ctx.vm(*vm))
                    .any(|vm| ctx.ft_blocker(vm).is_none())
            });
            if !has_ft {
                continue;
            }
            let mut groups: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for (_, host) in ctx.cluster_hosts(cluster_id) {
                if let Some(group) = ctx.ft_group(host).filter(|group| group.ft_capable) {
                    groups
                        .entry(group.id.as_str())
                        .or_default()
                        .push(&host.name);
                }
            }
            if groups.len() < 2 {
                continue;
            }
            let listing = groups
                .iter()
                .map(|(group, hosts)| format!("{group}: {}", name_list(hosts)))
                .collect::<Vec<_>>()
                .join("; ");
            out.add(
                &META,
                cluster_id,
                format!(
                    "{} has EVC mode {mode} and FT VMs, but its hosts span {} FT processor groups ({listing}); EVC does not make them FT-compatible, so FT pairs form only within a group",
                    cluster.name,
                    groups.len(),
                ),
            );
        }
    }
}
