//! HA-03: an isolation response that powers VMs off or shuts them down needs a redundant management network.

use super::{Redundancy, join_names, management_redundancy};
use crate::model::IsolationResponse;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A cluster whose isolation response stops VMs while a host's management network has a single path.
pub struct HaIsolationResponseWithoutRedundancy;

static META: RuleMeta = RuleMeta {
    id: "HA-03",
    name: "ha-isolation-response-without-redundancy",
    title: "The HA isolation response stops VMs on hosts whose management network is not redundant",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "For every cluster with `ha.enabled` and `ha.isolation_response: PowerOff` or `ShutDown`: no host fails \
             HA-05's redundancy test (one management interface whose `uplinks` reach a single module or switch, with \
             no second management interface). One warning per cluster naming those hosts. The isolation response is \
             never inferred: when it is not recorded and a host fails that test, one info finding asks for it to be \
             recorded; otherwise an unrecorded response says nothing. Hosts whose redundancy is unknown (no \
             interfaces or no uplinks recorded) count as passing.",
    why: "A host that hears no heartbeats and cannot ping its isolation address declares itself isolated (vCenter \
          4.x: after 12 s; the other hosts start failover at 15 s) and applies the isolation response. With one \
          uplink to one module, a single cable, port or module failure isolates the host while its VMs are healthy, \
          and \"power off\" or \"shut down\" turns a network blip into an outage of every VM on it. The default \
          response is not settled: KB 322784 gives \"shut down\" for 4.x, an API reference \"power off\"; so dcplan \
          asks for the value instead of assuming one.",
    example: "Cluster `prod` has `isolation_response: PowerOff` and `esx02`'s only management interface `vswif0` has \
              `uplinks: [\"bay1\"]`.",
    fix: "Set the isolation response to \"leave powered on\", or make the management network redundant (a second \
          uplink to another module or switch, or a second management network) as HA-05 says.",
    source: "V14 (KB 322784), V12 (vSphere 4.1 HA checklist); the default response is unverified (sources conflict)",
};

impl Rule for HaIsolationResponseWithoutRedundancy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&cluster_id, cluster) in &ctx.project.clusters {
            if !cluster.ha.enabled {
                continue;
            }
            let response = match cluster.ha.isolation_response {
                Some(IsolationResponse::LeaveOn) => continue,
                Some(IsolationResponse::PowerOff) => Some("power off"),
                Some(IsolationResponse::ShutDown) => Some("shut down"),
                None => None,
            };
            let single: Vec<String> = ctx
                .cluster_hosts(cluster_id)
                .filter(|(_, host)| matches!(management_redundancy(host), Redundancy::Single(_)))
                .map(|(_, host)| host.name.clone())
                .collect();
            if single.is_empty() {
                continue;
            }
            let hosts = join_names(&single);
            let (they, have) = if single.len() == 1 {
                ("it", "has")
            } else {
                ("they", "have")
            };
            match response {
                Some(response) => out.add(
                    &META,
                    cluster_id,
                    format!(
                        "Cluster {} answers isolation with \"{response}\" but {hosts} {have} no redundant management network: one uplink failure isolates {they} and stops {} VMs",
                        cluster.name,
                        if single.len() == 1 { "its" } else { "their" }
                    ),
                ),
                None => out.add_at(
                    &META,
                    Severity::Info,
                    cluster_id,
                    format!(
                        "Cluster {}'s isolation response is not recorded and {hosts} {have} no redundant management network; record the response (its default differs between sources): \"power off\" or \"shut down\" would stop the VMs on one uplink failure",
                        cluster.name
                    ),
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cluster, ClusterId, Ha, Host, HostId, Index, ManagementInterface, Project};
    use crate::refdata::ReferenceData;

    fn found(response: Option<IsolationResponse>, uplinks: &[&str]) -> Vec<(Severity, String)> {
        let mut project = Project::default();
        project.clusters.insert(
            ClusterId(1),
            Cluster {
                name: "prod".into(),
                ha: Ha {
                    enabled: true,
                    isolation_response: response,
                    ..Ha::default()
                },
                ..Cluster::default()
            },
        );
        project.hosts.insert(
            HostId(1),
            Host {
                name: "esx01".into(),
                cluster: Some(ClusterId(1)),
                management_interfaces: vec![ManagementInterface {
                    name: "vswif0".into(),
                    uplinks: uplinks.iter().map(|u| (*u).to_owned()).collect(),
                    ..ManagementInterface::default()
                }],
                ..Host::default()
            },
        );
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(&project);
        let ctx = Context::new(&project, &reference, &index);
        let mut out = Findings::default();
        HaIsolationResponseWithoutRedundancy.check(&ctx, &mut out);
        out.into_vec()
            .into_iter()
            .map(|f| (f.severity, f.message))
            .collect()
    }

    #[test]
    fn power_off_or_shut_down_on_a_single_uplink_warns() {
        for response in [IsolationResponse::PowerOff, IsolationResponse::ShutDown] {
            let found = found(Some(response), &["bay1"]);
            assert_eq!(found.len(), 1, "{found:?}");
            assert_eq!(found[0].0, Severity::Warning);
            assert!(found[0].1.contains("esx01 has no redundant"), "{found:?}");
        }
    }

    #[test]
    fn leave_on_a_redundant_team_or_unknown_uplinks_are_quiet() {
        assert!(found(Some(IsolationResponse::LeaveOn), &["bay1"]).is_empty());
        assert!(found(Some(IsolationResponse::PowerOff), &["bay1", "bay2"]).is_empty());
        assert!(found(Some(IsolationResponse::PowerOff), &[]).is_empty());
        assert!(found(None, &[]).is_empty());
    }

    #[test]
    fn an_unrecorded_response_is_info_only_where_it_matters() {
        let found = found(None, &["bay1"]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Severity::Info);
    }
}
