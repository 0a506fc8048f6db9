//! FEAT-03: host profiles are applied only to clusters of ESX 4.0 or later hosts.

use super::{esx4_gaps, join_and};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A host in a cluster with host profiles that does not run ESX 4.0 or later.
pub struct FeatHostProfilesHostNotReady;

static META: RuleMeta = RuleMeta {
    id: "FEAT-03",
    name: "host-profiles-host-not-ready",
    title: "Host profiles are applied to a cluster with a host that does not run ESX 4.0",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every cluster with `host_profiles`, each of its hosts has `esx.release` of 4.0 or later. One finding \
             per host. The Enterprise Plus edition host profiles also need is checked by LIC-01 (one finding per \
             fact).",
    why: "Host Profiles are a vSphere 4.0 feature of the Enterprise Plus edition: vCenter cannot extract, attach or check \
          compliance of a profile on an ESX 3.5 host, and a 4.0 host without Enterprise Plus is not entitled to it. \
          Hosts without it need another way to keep their configuration alike (vicfg-cfgbackup, scripts).",
    example: "Cluster `prod` has `host_profiles: true` and holds `esx02`, which still runs ESX 3.5 U4.",
    fix: "Apply after upgrade.",
    source: "M; section 7 (Enterprise Plus confirmed: VMwareTips 2009-10-12, Lowe 2009-10-04)",
};

impl Rule for FeatHostProfilesHostNotReady {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&cluster_id, cluster) in &ctx.project.clusters {
            if !cluster.host_profiles {
                continue;
            }
            for (host_id, host) in ctx.cluster_hosts(cluster_id) {
                let gaps = esx4_gaps(host);
                if gaps.is_empty() {
                    continue;
                }
                out.add(
                    &META,
                    host_id,
                    format!(
                        "{} {} in cluster {}, which applies host profiles; host profiles need ESX 4.0 or later",
                        ctx.host_label(host_id),
                        join_and(&gaps),
                        cluster.name
                    ),
                );
            }
        }
    }
}
