//! HA-08: the hosts of an HA cluster take their time from the same NTP servers.

use std::collections::{BTreeMap, BTreeSet};

use super::join_names;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An HA cluster whose hosts use different sets of NTP servers.
pub struct HaNtpSourcesDiffer;

static META: RuleMeta = RuleMeta {
    id: "HA-08",
    name: "ha-ntp-sources-differ",
    title: "The hosts of an HA cluster use different NTP servers",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "For every cluster with `ha.enabled`: the hosts whose `ntp_servers` are recorded all use the same set \
             of servers (compared as sets, case-insensitive, order ignored). One finding per cluster naming each \
             group of hosts and its servers. A host with no `ntp_servers` is unknown (not recorded, or not \
             configured: the plan cannot tell) and not reported, so a cluster where no host records NTP says \
             nothing.",
    why: "Hosts whose clocks drift apart make HA and vCenter events, logs and certificates hard to correlate, and \
          hosts configured from different sources drift independently. The practice (KB 1003063) is NTP on \
          every host, all from the same source; a hard HA dependency on NTP is not documented in dcplan's sources.",
    example: "In cluster `prod`, `esx01` and `esx02` use `[\"10.10.0.2\", \"10.10.0.3\"]` and `esx03` uses \
              `[\"pool.ntp.org\"]`.",
    fix: "Configure NTP on every host of the cluster with the same servers.",
    source: "V15 (KB 1003063, practice); an HA dependency on NTP is unverified",
};

impl Rule for HaNtpSourcesDiffer {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&cluster_id, cluster) in &ctx.project.clusters {
            if !cluster.ha.enabled {
                continue;
            }
            let mut by_servers: BTreeMap<BTreeSet<String>, Vec<String>> = BTreeMap::new();
            for (_, host) in ctx.cluster_hosts(cluster_id) {
                let servers: BTreeSet<String> = host
                    .ntp_servers
                    .iter()
                    .map(|server| server.trim().to_lowercase())
                    .filter(|server| !server.is_empty())
                    .collect();
                if servers.is_empty() {
                    continue;
                }
                by_servers
                    .entry(servers)
                    .or_default()
                    .push(host.name.clone());
            }
            if by_servers.len() < 2 {
                continue;
            }
            let groups: Vec<String> = by_servers
                .into_iter()
                .map(|(servers, hosts)| {
                    let servers: Vec<String> = servers.into_iter().collect();
                    let verb = if hosts.len() == 1 { "uses" } else { "use" };
                    format!("{} {verb} {}", join_names(&hosts), servers.join(", "))
                })
                .collect();
            out.add(
                &META,
                cluster_id,
                format!(
                    "The hosts of HA cluster {} take their time from different NTP servers: {}",
                    cluster.name,
                    groups.join("; ")
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cluster, ClusterId, Ha, Host, HostId, Index, Project};
    use crate::refdata::ReferenceData;

    fn found(servers: &[&[&str]]) -> Vec<String> {
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
        for (id, list) in (1..).zip(servers) {
            project.hosts.insert(
                HostId(id),
                Host {
                    name: format!("esx{id:02}"),
                    cluster: Some(ClusterId(1)),
                    ntp_servers: list.iter().map(|s| (*s).to_owned()).collect(),
                    ..Host::default()
                },
            );
        }
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(&project);
        let ctx = Context::new(&project, &reference, &index);
        let mut out = Findings::default();
        HaNtpSourcesDiffer.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn different_sets_warn_once_per_cluster() {
        let found = found(&[
            &["10.0.0.2", "10.0.0.3"],
            &["10.0.0.3", "10.0.0.2"],
            &["10.0.0.2"],
        ]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("esx03 uses 10.0.0.2; esx01 and esx02 use 10.0.0.2, 10.0.0.3"),
            "{found:?}"
        );
    }

    #[test]
    fn order_and_case_do_not_matter_and_unrecorded_hosts_are_unknown() {
        assert!(
            found(&[
                &["NTP1.example.com", "ntp2.example.com"],
                &["ntp2.example.com", "ntp1.example.com"],
                &[]
            ])
            .is_empty()
        );
        assert!(found(&[&[], &[]]).is_empty());
    }
}
