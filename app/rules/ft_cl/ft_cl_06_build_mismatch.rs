//! FT-CL-06: on vSphere 4.0 the hosts of FT VMs must run the same ESX build.

use std::collections::{BTreeMap, BTreeSet};

use super::{ft_clusters, name_list};
use crate::model::{Host, HostId, Release};
use crate::rules::{Context, Findings, Rule, RuleMeta, Severity};

/// The hosts of an FT pair, or the hosts carrying FT VMs in a cluster, run different ESX builds.
pub struct FtClBuildMismatch;

static META: RuleMeta = RuleMeta {
    id: "FT-CL-06",
    name: "ft-host-build-mismatch",
    title: "Hosts carrying FT VMs run different ESX builds",
    severity: Severity::Error,
    checks: "For every FT VM the Primary's host and the Secondary's host run the same `esx.release` and `esx.build`; and in every cluster holding FT VMs, all hosts carrying a Primary or a Secondary do. Error when one of the hosts runs ESX 4.0 (any update); info when all of them run 4.1 or later.",
    why: "On vSphere 4.0 the record/replay log is only understood between identical builds: a pair straddling two patch levels does not start, and a new Secondary can only be created on a host of the same build (KB 1013637). From 4.1 FT carries its own FT version and tolerates build differences, so a mismatch is only worth noting.",
    example: "`sql01` runs on `esx01` with ESX 4.0 build 164009 and its Secondary on `esx02` with ESX 4.0 build 175625.",
    fix: "Patch the whole cluster together; use a VUM baseline per cluster. See KB 1013637.",
    source: "S01 vSphere 4.x Availability, FT prerequisites; S07 vmroyale (KB 1013637, 1022844); S08 vmwarearena",
};

/// "4.0 build 164009".
fn build_label(host: &Host) -> String {
    format!("{} build {}", host.esx.release, host.esx.build)
}

/// Error while any of the hosts runs ESX 4.0; info once all run 4.1 or later.
fn severity_for<'a>(hosts: impl IntoIterator<Item = &'a Host>) -> Severity {
    if hosts
        .into_iter()
        .any(|host| host.release() < Release::new(4, 1))
    {
        Severity::Error
    } else {
        Severity::Info
    }
}

/// The consequence, worded for the severity and for a pair or a whole cluster.
fn consequence(severity: Severity, pair: bool) -> &'static str {
    if severity != Severity::Error {
        "from ESX 4.1 FT compares its own FT version, so this is only a note"
    } else if pair {
        "on ESX 4.0 both hosts of a pair need the same build"
    } else {
        "on ESX 4.0 a Secondary can only start on a host with its Primary's build"
    }
}

impl Rule for FtClBuildMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let mut reported = BTreeSet::new();
        for (id, vm) in ctx.ft_vms() {
            let Some((primary_id, secondary_id)) = ctx.ft_pair_hosts(vm) else {
                continue;
            };
            let (Some(primary), Some(secondary)) = (ctx.host(primary_id), ctx.host(secondary_id))
            else {
                continue;
            };
            if (primary.esx.release, primary.esx.build)
                == (secondary.esx.release, secondary.esx.build)
            {
                continue;
            }
            let severity = severity_for([primary, secondary]);
            out.add_at(
                &META,
                severity,
                id,
                format!(
                    "{}'s Primary host {} runs {} and its Secondary host {} runs {}; {}",
                    vm.name,
                    primary.name,
                    build_label(primary),
                    secondary.name,
                    build_label(secondary),
                    consequence(severity, true)
                ),
            );
            reported.extend(vm.cluster);
        }
        for (cluster_id, (cluster, vms)) in ft_clusters(ctx) {
            if reported.contains(&cluster_id) {
                continue;
            }
            let carrying: BTreeSet<HostId> = vms
                .iter()
                .flat_map(|(_, vm)| vm.host.into_iter().chain(vm.ft_secondary_host()))
                .collect();
            let hosts: Vec<&Host> = carrying.iter().filter_map(|&id| ctx.host(id)).collect();
            let mut builds: BTreeMap<(Release, u32), Vec<String>> = BTreeMap::new();
            for host in &hosts {
                builds
                    .entry((host.esx.release, host.esx.build))
                    .or_default()
                    .push(host.name.clone());
            }
            if builds.len() < 2 {
                continue;
            }
            let severity = severity_for(hosts.iter().copied());
            let detail: Vec<String> = builds
                .iter()
                .map(|((release, build), names)| {
                    format!(
                        "{release} build {build} on {}",
                        name_list(names.iter().cloned())
                    )
                })
                .collect();
            out.add_at(
                &META,
                severity,
                cluster_id,
                format!(
                    "the {} hosts carrying FT VMs in {} run {} builds ({}); {}",
                    hosts.len(),
                    cluster.name,
                    builds.len(),
                    detail.join("; "),
                    consequence(severity, false)
                ),
            );
        }
    }
}
