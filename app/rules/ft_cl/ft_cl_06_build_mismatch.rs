//! FT-CL-06: on vSphere 4.0 the hosts of FT VMs must run the same ESX build.

use std::collections::{BTreeMap, BTreeSet};

use super::{ft_clusters, name_list};
use crate::model::{Host, HostId, Release};
use crate::rules::unknown::Unknowns;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// The hosts of an FT pair, or the hosts carrying FT VMs in a cluster, run different ESX builds.
pub struct FtClBuildMismatch;

static META: RuleMeta = RuleMeta {
    id: "FT-CL-06",
    name: "ft-host-build-mismatch",
    title: "Hosts carrying FT VMs run different ESX builds",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every FT VM the Primary's host and the Secondary's host run the same `esx.release` and `esx.build`; and in every cluster holding FT VMs, all hosts carrying a Primary or a Secondary do. Error when one of the hosts runs ESX 4.0 (any update); info when all of them run 4.1 or later. Hosts of different releases always differ. Within one release a build of 0 is unknown: a host the plan upgrades gets the release's build from the reference data, and when the data lacks it the rule says so at info once per release (not in reference data); a design host without a build is said at info too, never an error.",
    why: "On vSphere 4.0 the record/replay log is only understood between identical builds: a pair straddling two patch levels does not start, and a new Secondary can only be created on a host of the same build (KB 1013637). From 4.1 FT carries its own FT version and tolerates build differences, so a mismatch is only worth noting.",
    example: "`sql01` runs on `esx01` with ESX 4.0 build 164009 and its Secondary on `esx02` with ESX 4.0 build 175625.",
    fix: "Patch the whole cluster together; use a VUM baseline per cluster. See KB 1013637.",
    source: "S01 vSphere 4.x Availability, FT prerequisites; S07 vmroyale (KB 1013637, 1022844); S08 vmwarearena",
};

/// "4.0 build 164009", or "4.0 (build unknown)".
fn build_label(host: &Host) -> String {
    if host.esx.build == 0 {
        format!("{} (build unknown)", host.esx.release)
    } else {
        format!("{} build {}", host.esx.release, host.esx.build)
    }
}

/// How a set of hosts compares: same build, different builds, or unknown (one release, a build missing).
#[derive(PartialEq, Eq)]
enum Builds {
    Same,
    Different,
    Unknown,
}

fn compare<'a>(hosts: impl IntoIterator<Item = &'a Host>) -> Builds {
    let mut releases = BTreeSet::new();
    let mut builds = BTreeSet::new();
    let mut unknown = false;
    for host in hosts {
        releases.insert(host.esx.release);
        if host.esx.build == 0 {
            unknown = true;
        } else {
            builds.insert(host.esx.build);
        }
    }
    if releases.len() > 1 || builds.len() > 1 {
        Builds::Different
    } else if unknown {
        Builds::Unknown
    } else {
        Builds::Same
    }
}

/// Notes why a host's build is unknown: the reference data lacks the build of its release (a host the plan
/// upgraded takes it from there), or the plan does not record it.
fn note_unknown(
    ctx: &Context<'_>,
    hosts: &[&Host],
    object: impl Into<crate::model::ObjectRef> + Copy,
    name: &str,
    missing: &mut Unknowns,
    unrecorded: &mut Unknowns,
) {
    for host in hosts.iter().filter(|host| host.esx.build == 0) {
        // Only a stage's projection fills builds in from the reference data; on the design 0 is unrecorded.
        if ctx.stage.is_some()
            && ctx
                .reference
                .build_of_release(host.esx.product, host.esx.release)
                .is_none()
        {
            missing.note(
                format!("the build of {} {}", product_name(host), host.esx.release),
                object,
                name,
            );
        } else {
            unrecorded.note(host.name.clone(), object, name);
        }
    }
}

fn product_name(host: &Host) -> &'static str {
    match host.esx.product {
        crate::model::EsxProduct::Esx => "ESX",
        crate::model::EsxProduct::Esxi => "ESXi",
    }
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
        let mut missing = Unknowns::new();
        let mut unrecorded = Unknowns::new();
        for (id, vm) in ctx.ft_vms() {
            let Some((primary_id, secondary_id)) = ctx.ft_pair_hosts(vm) else {
                continue;
            };
            let (Some(primary), Some(secondary)) = (ctx.host(primary_id), ctx.host(secondary_id))
            else {
                continue;
            };
            match compare([primary, secondary]) {
                Builds::Same => continue,
                Builds::Unknown => {
                    note_unknown(
                        ctx,
                        &[primary, secondary],
                        id,
                        &vm.name,
                        &mut missing,
                        &mut unrecorded,
                    );
                    reported.extend(vm.cluster);
                    continue;
                }
                Builds::Different => {}
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
            if hosts.len() < 2 {
                continue;
            }
            match compare(hosts.iter().copied()) {
                Builds::Same => continue,
                Builds::Unknown => {
                    note_unknown(
                        ctx,
                        &hosts,
                        cluster_id,
                        &cluster.name,
                        &mut missing,
                        &mut unrecorded,
                    );
                    continue;
                }
                Builds::Different => {}
            }
            let mut builds: BTreeMap<(Release, u32), Vec<String>> = BTreeMap::new();
            for host in &hosts {
                builds
                    .entry((host.esx.release, host.esx.build))
                    .or_default()
                    .push(host.name.clone());
            }
            let severity = severity_for(hosts.iter().copied());
            let detail: Vec<String> = builds
                .iter()
                .map(|((release, build), names)| {
                    let build = if *build == 0 {
                        "(build unknown)".to_owned()
                    } else {
                        format!("build {build}")
                    };
                    format!("{release} {build} on {}", name_list(names.iter().cloned()))
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
        missing.report(&META, out, |unknown| {
            format!(
                "{}, so whether the FT hosts of {} run one build is unknown",
                unknown.missing(),
                unknown.names
            )
        });
        unrecorded.report(&META, out, |unknown| {
            format!(
                "{} has no ESX build recorded, so whether the FT hosts of {} run one build is unknown",
                unknown.item, unknown.names
            )
        });
    }
}
