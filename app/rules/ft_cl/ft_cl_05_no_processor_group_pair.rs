//! FT-CL-05: FT pairs form only between two hosts of one FT compatible processor group.

use std::collections::BTreeMap;

use super::{ft_clusters, ft_vm_count};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// No FT-capable processor group has two hosts in a cluster holding FT VMs.
pub struct FtClNoProcessorGroupPair;

static META: RuleMeta = RuleMeta {
    id: "FT-CL-05",
    name: "ft-cluster-no-processor-group-pair",
    title: "A cluster holding FT VMs has no two hosts in one FT compatible processor group",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "In every cluster holding a VM with FT on or planned, at least 2 hosts have CPUs (`cpu.series`) in the same FT-capable processor group of the reference data (KB 1008027, SiteSurvey matrix, catalogue section 2a). Mixed groups are allowed, but a pair only forms inside one group. Hosts whose series the data does not know (FT-HO-01 names them at info) might complete a pair: when they could (two or more of them, or one beside a group with a single host) the rule cannot tell and says nothing; when even they could not, it fires and counts them apart.",
    why: "The Secondary replays the Primary's execution instruction by instruction, which only works between processors of one FT compatible group; without two hosts of one group no Secondary can be placed and the VM stays unprotected.",
    example: "Cluster `prod` holds the FT VM `sql01` and two hosts: `esx01` with a Xeon 5400 (FTG-INTEL-45NM) and `esx02` with a Xeon 5500 (FTG-INTEL-NEHALEM).",
    fix: "Add a second host of the same processor group; keep clusters homogeneous for placement flexibility.",
    source: "S01 vSphere 4.x Availability, FT prerequisites; S05 VMware SiteSurvey 1.0; S06 KB 1008027",
};

impl Rule for FtClNoProcessorGroupPair {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (cluster_id, (cluster, vms)) in ft_clusters(ctx) {
            let mut groups: BTreeMap<&str, usize> = BTreeMap::new();
            let mut not_capable = 0_usize;
            let mut unknown = 0_usize;
            for (_, host) in ctx.cluster_hosts(cluster_id) {
                match ctx.ft_group(host) {
                    Some(group) if group.ft_capable => {
                        *groups.entry(group.id.as_str()).or_default() += 1;
                    }
                    Some(_) => not_capable += 1,
                    None => unknown += 1,
                }
            }
            if groups.values().any(|&count| count >= 2) {
                continue;
            }
            // A host of a series the data lacks might belong to any group: with a second such host, or a group
            // holding one host, a pair might form. Unknown, not wrong: FT-HO-01 names the series at info.
            if unknown >= 2 || (unknown == 1 && !groups.is_empty()) {
                continue;
            }
            let mut parts: Vec<String> = groups
                .iter()
                .map(|(group, count)| format!("{group} {count}"))
                .collect();
            if not_capable > 0 {
                parts.push(format!("not FT-capable {not_capable}"));
            }
            if unknown > 0 {
                parts.push(format!("not in reference data {unknown}"));
            }
            let hosts = if parts.is_empty() {
                "no hosts".to_owned()
            } else {
                format!("hosts per group: {}", parts.join(", "))
            };
            out.add(
                &META,
                cluster_id,
                format!(
                    "{} holds {} but no FT processor group has 2 of its hosts ({hosts}); FT pairs form only inside one group",
                    cluster.name,
                    ft_vm_count(vms.len())
                ),
            );
        }
    }
}
