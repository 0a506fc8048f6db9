//! HA-04: HA hosts have unique names and static addresses, and resolve each other by short name.

use std::collections::BTreeMap;
use std::net::IpAddr;

use super::join_names;
use crate::model::{Addressing, Host};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// Duplicate host names, DHCP management addresses or name resolution that "Configure HA" needs but lacks.
pub struct HaHostNamesNotResolvable;

static META: RuleMeta = RuleMeta {
    id: "HA-04",
    name: "ha-host-names-not-resolvable",
    title: "HA hosts do not have unique names, static addresses or working name resolution",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every cluster with `ha.enabled`, errors for: two hosts whose short names (the `name` up to the first \
             dot, case-insensitive) are the same, one finding per name; a host with `management_addressing: Dhcp`; \
             a host whose `name_resolution` has `short_names: false` (it does not resolve every other host's short \
             name); a host added by IP address (its `name` is an IP address) whose `name_resolution` has \
             `reverse_lookup: false`. Without `name_resolution` the lookups are unknown and not reported.",
    why: "\"Configure HA\" on a host fails when the hosts cannot resolve each other: the HA agents find their peers \
          by short host name, so two hosts with the same short name resolve to one address, and a DHCP address \
          that changes breaks the resolution HA set up. A host added to vCenter by IP address is named by that \
          address, so its peers also need the reverse lookup to work. The checklist is vSphere 4.x's; ESX 3.5 is \
          assumed to need the same (not verified).",
    example: "`esx04` has `management_addressing: Dhcp`; `esx05` has `name_resolution: (short_names: false, \
              reverse_lookup: true)`.",
    fix: "Give every host a unique name and a static management address, and fix DNS (forward and reverse) or \
          /etc/hosts on every host so each resolves the others' short names.",
    source: "V12 (vSphere 4.1 HA checklist); ESX 3.5 assumed the same (unverified)",
};

/// The name HA resolves a host by: its short name, or the whole name when it is an IP address.
fn short_name(name: &str) -> String {
    let name = name.trim();
    if name.parse::<IpAddr>().is_ok() {
        return name.to_owned();
    }
    name.split('.').next().unwrap_or(name).to_lowercase()
}

/// The host was added to vCenter by IP address.
fn added_by_ip(host: &Host) -> bool {
    host.name.trim().parse::<IpAddr>().is_ok()
}

impl Rule for HaHostNamesNotResolvable {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&cluster_id, cluster) in &ctx.project.clusters {
            if !cluster.ha.enabled {
                continue;
            }
            let mut by_short_name: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for (host_id, host) in ctx.cluster_hosts(cluster_id) {
                if !host.name.trim().is_empty() {
                    by_short_name
                        .entry(short_name(&host.name))
                        .or_default()
                        .push(host.name.clone());
                }
                // Named only in a finding: most hosts have none, and a label looks up the host's location.
                let label = || ctx.host_label(host_id);
                if host.management_addressing == Addressing::Dhcp {
                    out.add(
                        &META,
                        host_id,
                        format!(
                            "{} in HA cluster {} takes its management address from DHCP; HA needs static addresses",
                            label(),
                            cluster.name
                        ),
                    );
                }
                let Some(resolution) = host.name_resolution else {
                    continue;
                };
                if !resolution.short_names {
                    out.add(
                        &META,
                        host_id,
                        format!(
                            "{} does not resolve the short names of the other hosts of HA cluster {}; \"Configure HA\" fails",
                            label(),
                            cluster.name
                        ),
                    );
                }
                if added_by_ip(host) && !resolution.reverse_lookup {
                    out.add(
                        &META,
                        host_id,
                        format!(
                            "{} was added to vCenter by IP address and reverse lookup does not work; HA cluster {} needs it to name the host",
                            label(),
                            cluster.name
                        ),
                    );
                }
            }
            for (name, hosts) in by_short_name {
                if hosts.len() < 2 {
                    continue;
                }
                out.add(
                    &META,
                    cluster_id,
                    format!(
                        "{} hosts of HA cluster {} share the short name {name} ({}); HA resolves its peers by short name",
                        hosts.len(),
                        cluster.name,
                        join_names(&hosts)
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cluster, ClusterId, Ha, HostId, Index, NameResolution, Project};
    use crate::refdata::ReferenceData;

    fn found(hosts: Vec<Host>) -> Vec<String> {
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
        for (id, host) in (1..).zip(hosts) {
            project.hosts.insert(
                HostId(id),
                Host {
                    cluster: Some(ClusterId(1)),
                    ..host
                },
            );
        }
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(&project);
        let ctx = Context::new(&project, &reference, &index);
        let mut out = Findings::default();
        HaHostNamesNotResolvable.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    fn host(name: &str, resolution: Option<(bool, bool)>) -> Host {
        Host {
            name: name.into(),
            name_resolution: resolution.map(|(short_names, reverse_lookup)| NameResolution {
                short_names,
                reverse_lookup,
            }),
            ..Host::default()
        }
    }

    #[test]
    fn short_names_collide_across_domains() {
        let found = found(vec![
            host("esx01.west.example.com", None),
            host("ESX01.east.example.com", None),
            host("esx02.west.example.com", None),
        ]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("share the short name esx01"), "{found:?}");
    }

    #[test]
    fn reverse_lookup_matters_only_for_hosts_added_by_ip() {
        assert!(found(vec![host("esx01", Some((true, false)))]).is_empty());
        let found = found(vec![host("10.10.1.11", Some((true, false)))]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("by IP address"), "{found:?}");
    }

    #[test]
    fn unknown_resolution_is_quiet_and_a_failed_one_is_an_error() {
        assert!(found(vec![host("esx01", None), host("esx02", None)]).is_empty());
        let found = found(vec![host("esx01", Some((false, true)))]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("short names"), "{found:?}");
    }

    #[test]
    fn dhcp_is_an_error() {
        let found = found(vec![Host {
            management_addressing: Addressing::Dhcp,
            ..host("esx01", None)
        }]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("DHCP"), "{found:?}");
    }
}
