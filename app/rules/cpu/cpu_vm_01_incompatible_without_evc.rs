//! CPU-VM-01: without EVC, vMotion needs the same vendor and a compatible CPU feature set on both hosts.

use std::collections::{BTreeMap, BTreeSet};

use super::{count, host_max_evc, name_list};
use crate::model::{CpuVendor, HostId};
use crate::rules::unknown::Unknowns;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A cluster without EVC whose hosts differ in CPU vendor or in highest EVC baseline.
pub struct CpuVmIncompatibleWithoutEvc;

static META: RuleMeta = RuleMeta {
    id: "CPU-VM-01",
    name: "vmotion-cpu-incompatible-without-evc",
    title: "A cluster without EVC mixes hosts whose CPUs cannot vMotion to each other",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every cluster without an EVC mode (`evc_mode` unset): all hosts have one `cpu.vendor`, and all hosts whose processor series the reference data knows have the same highest EVC baseline (`cpu_series` → `max_evc`). The highest baseline stands for the CPU feature set (SSE3/SSSE3/SSE4.1...); clock, cache and core count may differ. A series the data does not know, in a cluster that mixes series and is not already reported, is one info finding per series naming its hosts (not in reference data): whether they can vMotion with the others is unknown. Hosts of one series are compatible whatever the data says.",
    why: "Without EVC a running VM keeps the CPU features of the host it was powered on on. vMotion checks that the target host offers the same vendor and every feature the VM may use, so a VM started on a newer host (e.g. Xeon 5500 with SSE4.2) cannot move to an older one (Xeon 5400), and nothing moves between Intel and AMD. DRS then cannot balance the cluster and maintenance mode cannot evacuate the newer hosts.",
    example: "Cluster `prod` has no `evc_mode`; `esx01` and `esx02` run Xeon 5400 (intel-penryn), `esx03` runs Xeon 5500 (intel-nehalem).",
    fix: "Enable EVC at the highest baseline every host supports (CPUID masks per VM are an unsupported workaround); split Intel and AMD hosts into separate clusters.",
    source: "S16 VI3 Resource Management Guide, VMotion requirements",
};

impl Rule for CpuVmIncompatibleWithoutEvc {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let mut unknowns = Unknowns::new();
        for (&cluster_id, cluster) in &ctx.project.clusters {
            if cluster.evc_mode.is_some() {
                continue;
            }
            let mut intel: Vec<&str> = Vec::new();
            let mut amd: Vec<&str> = Vec::new();
            // Highest baseline rank -> (baseline key, hosts).
            let mut levels: BTreeMap<u8, (&str, Vec<&str>)> = BTreeMap::new();
            // Distinct series (lower case), and the hosts of series the data does not know.
            let mut series: BTreeSet<String> = BTreeSet::new();
            let mut unknown: Vec<(HostId, &str, &str)> = Vec::new();
            for (host_id, host) in ctx.cluster_hosts(cluster_id) {
                let name = host.cpu.series.trim();
                if !name.is_empty() {
                    series.insert(name.to_ascii_lowercase());
                    if ctx.reference.cpu_series(name).is_none() {
                        unknown.push((host_id, name, &host.name));
                    }
                }
                match host.cpu.vendor {
                    CpuVendor::Intel => intel.push(&host.name),
                    CpuVendor::Amd => amd.push(&host.name),
                }
                if let Some(max) = host_max_evc(ctx, host) {
                    levels
                        .entry(max.rank)
                        .or_insert_with(|| (max.key.as_str(), Vec::new()))
                        .1
                        .push(&host.name);
                }
            }
            if !intel.is_empty() && !amd.is_empty() {
                out.add_with_fix(
                    &META,
                    cluster_id,
                    format!(
                        "{} has no EVC and mixes {} ({}) with {} ({}); vMotion between Intel and AMD hosts fails",
                        cluster.name,
                        count(intel.len(), "Intel host"),
                        name_list(&intel),
                        count(amd.len(), "AMD host"),
                        name_list(&amd),
                    ),
                    "Split Intel and AMD hosts into separate clusters; no EVC mode spans both vendors.".to_owned(),
                );
                continue;
            }
            if levels.len() < 2 {
                if series.len() >= 2 {
                    for (host_id, name, host_name) in unknown {
                        unknowns.note(format!("EVC baseline of {name}"), host_id, host_name);
                    }
                }
                continue;
            }
            let Some((_, (lowest, _))) = levels.first_key_value() else {
                continue;
            };
            let groups = levels
                .values()
                .map(|(key, hosts)| format!("{key}: {}", name_list(hosts)))
                .collect::<Vec<_>>()
                .join("; ");
            out.add_with_fix(
                &META,
                cluster_id,
                format!(
                    "{} has no EVC and mixes hosts of different CPU baselines ({groups}); VMs started on the newer hosts cannot vMotion to the older ones",
                    cluster.name,
                ),
                format!(
                    "Enable EVC mode {lowest}, the highest baseline every host of {} supports, or keep the hosts in separate clusters.",
                    cluster.name
                ),
            );
        }
        unknowns.report(&META, out, |unknown| {
            format!(
                "{}, so whether {} can vMotion to the other hosts of {} without EVC is unknown",
                unknown.missing(),
                unknown.names,
                if unknown.count == 1 {
                    "its cluster"
                } else {
                    "their clusters"
                }
            )
        });
    }
}
