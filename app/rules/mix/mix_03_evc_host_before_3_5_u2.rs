//! MIX-03: an EVC cluster mixing ESX 3.5 and ESX 4 hosts has every ESX 3.x host at 3.5 U2 or later.

use super::mix;
use crate::rules::cpu::cpu_evc_01_hosts_before_3_5_u2::EVC_MIN_ESX;
use crate::rules::{Context, Findings, Rule, RuleMeta, Severity};

/// An ESX 3.x host below 3.5 U2 in a mixed EVC cluster.
pub struct MixEvcHostBefore35U2;

static META: RuleMeta = RuleMeta {
    id: "MIX-03",
    name: "mixed-evc-cluster-host-before-3-5-u2",
    title: "A mixed ESX 3.5 / ESX 4 EVC cluster has an ESX 3.x host below 3.5 U2",
    severity: Severity::Error,
    checks: "Every cluster with an EVC mode (`evc_mode`) and both hosts below ESX 4.0 and hosts on 4.0 or later: each \
             host below 4.0 runs at least ESX 3.5 U2 (the release EVC arrived with, shared with CPU-EVC-01). \
             CPU-EVC-01 checks every EVC cluster; this rule names the rolling-upgrade case.",
    why: "vCenter 4.0 keeps EVC on in a cluster mixing ESX 3.5 and ESX 4 hosts only when every ESX 3.5 host supports \
          EVC, which starts at 3.5 Update 2: an older straggler blocks EVC, so vMotion between the old and the new \
          hosts (the whole point of the rolling upgrade) fails on CPU compatibility.",
    example: "Cluster `Prod` (`evc_mode: \"intel-merom\"`) has `esx01` upgraded to ESX 4.0 U1 while `esx06` still runs \
              ESX 3.5 U1.",
    fix: "Patch stragglers.",
    source: "S14 (KB 1003212)",
};

impl Rule for MixEvcHostBefore35U2 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&cluster_id, cluster) in &ctx.project.clusters {
            let Some(mode) = cluster.evc_mode.as_deref() else {
                continue;
            };
            let split = mix(ctx, cluster_id);
            if !split.is_mixed() {
                continue;
            }
            for (host_id, host) in ctx.cluster_hosts(cluster_id) {
                if host.release() >= EVC_MIN_ESX {
                    continue;
                }
                out.add(
                    &META,
                    host_id,
                    format!(
                        "{} runs ESX {} in EVC cluster {} (mode {mode}), which mixes in {} ESX 4 host{}; EVC needs ESX {EVC_MIN_ESX} or later on every ESX 3.x host",
                        ctx.host_label(host_id),
                        host.release(),
                        cluster.name,
                        split.esx4.len(),
                        if split.esx4.len() == 1 { "" } else { "s" }
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cluster, ClusterId, Host, HostId, Index, Project};
    use crate::refdata::ReferenceData;

    fn run(old: &str, evc: bool) -> Vec<String> {
        let mut project = Project::default();
        project.clusters.insert(
            ClusterId(1),
            Cluster {
                name: "prod".into(),
                evc_mode: evc.then(|| "intel-merom".to_owned()),
                ..Cluster::default()
            },
        );
        for (id, release) in [(1, "4.0 U1"), (6, old)] {
            let mut host = Host {
                name: format!("esx{id:02}"),
                cluster: Some(ClusterId(1)),
                ..Host::default()
            };
            host.esx.release = release.parse().unwrap();
            project.hosts.insert(HostId(id), host);
        }
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(&project);
        let ctx = Context::new(&project, &reference, &index);
        let mut out = Findings::default();
        MixEvcHostBefore35U2.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn straggler_below_3_5_u2_in_mixed_evc_cluster_fires() {
        let messages = run("3.5 U1", true);
        assert_eq!(messages.len(), 1);
        assert!(messages[0].starts_with("esx06 runs ESX 3.5 U1 in EVC cluster prod"));
    }

    #[test]
    fn patched_straggler_or_no_evc_is_quiet() {
        assert!(run("3.5 U2", true).is_empty());
        assert!(run("3.5 U1", false).is_empty());
    }
}
