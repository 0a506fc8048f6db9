//! FT-CL-08: an FT cluster needs a spare host to re-create a Secondary after a failure.

use super::{ft_clusters, ft_vm_count};
use crate::refdata::LimitItem;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity, number};

/// A cluster holding FT VMs has fewer hosts than recommended.
pub struct FtClTooFewHosts;

static META: RuleMeta = RuleMeta {
    id: "FT-CL-08",
    name: "ft-cluster-too-few-hosts",
    title: "A cluster holding FT VMs has fewer than 3 hosts",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "Every cluster holding a VM with FT on or planned has at least `FtClusterRecommendedHosts` hosts (reference data: 3). Two hosts are the hard minimum for a pair.",
    why: "With only two hosts, the failure of one leaves the surviving Primary with nowhere to start a new Secondary: the VM runs unprotected until the host is back. A third host lets HA re-create the Secondary at once.",
    example: "Cluster `prod` has the two hosts `esx01` and `esx02` and holds the FT VM `sql01`.",
    fix: "Add a third host so a new Secondary can be created after a failure.",
    source: "S08 vmwarearena, FT host requirements; S09 vSphere 5.5 Availability, FT recommendations",
};

impl Rule for FtClTooFewHosts {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (cluster_id, (cluster, vms)) in ft_clusters(ctx) {
            let release = ctx.cluster_vcenter(cluster).map(|vcenter| vcenter.release);
            let Some(recommended) = ctx.limit(LimitItem::FtClusterRecommendedHosts, release) else {
                continue;
            };
            let hosts = ctx.index.hosts_of(cluster_id).len();
            if f64::from(u32::try_from(hosts).unwrap_or(u32::MAX)) >= recommended {
                continue;
            }
            out.add(
                &META,
                cluster_id,
                format!(
                    "{} holds {} and has {hosts} host{}; {} are recommended so a new Secondary can start after a host failure",
                    cluster.name,
                    ft_vm_count(vms.len()),
                    if hosts == 1 { "" } else { "s" },
                    number(recommended)
                ),
            );
        }
    }
}
