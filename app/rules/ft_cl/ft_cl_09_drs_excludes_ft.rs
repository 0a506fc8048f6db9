//! FT-CL-09: DRS leaves FT VMs alone on vCenter 4.0, and on 4.1 without EVC.

use super::{ft_clusters, name_list};
use crate::model::Release;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A DRS cluster holds FT VMs that DRS will neither place nor balance.
pub struct FtClDrsExcludesFt;

static META: RuleMeta = RuleMeta {
    id: "FT-CL-09",
    name: "ft-vms-outside-drs",
    title: "DRS does not place or balance the FT VMs of this cluster",
    severity: Severity::Info,
    reach: Reach::Cluster,
    checks: "Every cluster with `drs.enabled` holding a VM with FT on or planned: under vCenter 4.0 (the cluster's vCenter release, else its oldest host release) FT VMs are excluded from DRS automation; under 4.1 DRS places and balances FT pairs only when the cluster has an EVC mode (`evc_mode`).",
    why: "vSphere 4.0 disables DRS for FT VMs: Primaries and Secondaries stay where they are and move by manual vMotion only, so load balancing plans must not count on them. vSphere 4.1 integrates FT with DRS, but only in EVC clusters; without EVC it falls back to the 4.0 behaviour.",
    example: "Cluster `prod` (vCenter 4.0, DRS on) holds the FT VM `sql01`.",
    fix: "Don't rely on DRS balancing for FT VMs in 4.0; in 4.1 enable EVC.",
    source: "S07 vmroyale; S08 vmwarearena; Denneman, \"DRS-FT integration\", 22 Jul 2010 (EVC part)",
};

impl Rule for FtClDrsExcludesFt {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (cluster_id, (cluster, vms)) in ft_clusters(ctx) {
            if !cluster.drs.enabled {
                continue;
            }
            let (release, of) = match ctx.cluster_vcenter(cluster) {
                Some(vcenter) => (vcenter.release, "vCenter"),
                None => {
                    let Some(oldest) = ctx
                        .cluster_hosts(cluster_id)
                        .map(|(_, host)| host.release())
                        .min()
                    else {
                        continue;
                    };
                    (oldest, "ESX")
                }
            };
            let names = name_list(vms.iter().map(|(_, vm)| vm.name.clone()));
            let message = if release < Release::new(4, 1) {
                format!(
                    "{} runs DRS but {of} {release} excludes its FT VMs ({names}) from DRS automation; they move by manual vMotion only",
                    cluster.name
                )
            } else if cluster.evc_mode.is_none() {
                format!(
                    "{} runs DRS under {of} {release} without EVC, so DRS neither places nor balances its FT VMs ({names})",
                    cluster.name
                )
            } else {
                continue;
            };
            out.add(&META, cluster_id, message);
        }
    }
}
