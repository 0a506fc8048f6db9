//! CPU-EVC-03: the cluster's EVC mode must not exceed what any host supports, and every host must be connected.

use super::host_max_evc;
use crate::model::Connection;
use crate::rules::unknown::Unknowns;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A host of an EVC cluster whose CPU cannot provide the cluster's EVC baseline, or that is disconnected.
pub struct CpuEvcModeAboveHost;

static META: RuleMeta = RuleMeta {
    id: "CPU-EVC-03",
    name: "evc-mode-above-host",
    title: "A cluster's EVC mode is higher than one of its hosts supports, or a host is disconnected",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every cluster with an EVC mode (`evc_mode`): the mode's rank in the reference data's `evc_baselines` is at most the rank of each host's highest baseline (`cpu_series` → `max_evc`), for hosts of the mode's vendor (other vendors are CPU-EVC-02); and every host has `connection: Connected`. An EVC mode the data does not know, or a host series it does not know (of the mode's vendor), is one info finding per item naming the clusters or hosts (not in reference data), never an error; CPU-EVC-02, CPU-EVC-05 and FEAT-07 skip what is unknown and leave it to this finding.",
    why: "An EVC baseline can only hide CPU features, never add them: a CPU supporting level N supports every lower level of its sequence but none above. vCenter refuses to enable the mode, or to admit the host, when a host's CPU lacks the baseline's features. vCenter also has to inspect every host when EVC is configured, so a disconnected host blocks it.",
    example: "Cluster `prod` has `evc_mode: \"intel-nehalem\"` (L2) and `esx04` runs Xeon 5400, whose highest baseline is intel-penryn (L1).",
    fix: "Lower the EVC mode to the highest baseline every host supports, or move the older host out; reconnect disconnected hosts before configuring EVC.",
    source: "S15 EVC requirements; S14 KB 1003212 (baselines)",
};

impl Rule for CpuEvcModeAboveHost {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let mut unknown_modes = Unknowns::new();
        let mut unknown_series = Unknowns::new();
        for (&cluster_id, cluster) in &ctx.project.clusters {
            let Some(mode) = cluster.evc_mode.as_deref() else {
                continue;
            };
            let baseline = ctx.reference.evc_baseline(mode);
            if baseline.is_none() {
                unknown_modes.note(format!("EVC mode {mode}"), cluster_id, &cluster.name);
            }
            for (host_id, host) in ctx.cluster_hosts(cluster_id) {
                if host.connection == Connection::Disconnected {
                    out.add(
                        &META,
                        host_id,
                        format!(
                            "{} is disconnected; vCenter needs every host of EVC cluster {} (mode {mode}) connected",
                            ctx.host_label(host_id),
                            cluster.name,
                        ),
                    );
                    continue;
                }
                let Some(baseline) = baseline else {
                    continue;
                };
                let Some(max) = host_max_evc(ctx, host) else {
                    let series = host.cpu.series.trim();
                    if !series.is_empty() && host.cpu.vendor == baseline.vendor {
                        unknown_series.note(
                            format!("EVC baseline of {series}"),
                            host_id,
                            &host.name,
                        );
                    }
                    continue;
                };
                if max.vendor == baseline.vendor && max.rank < baseline.rank {
                    out.add(
                        &META,
                        host_id,
                        format!(
                            "{} ({}) supports EVC up to {} ({}); cluster {} is set to {mode} ({})",
                            ctx.host_label(host_id),
                            host.cpu.series,
                            max.key,
                            max.level,
                            cluster.name,
                            baseline.level,
                        ),
                    );
                }
            }
        }
        unknown_modes.report(&META, out, |unknown| {
            format!(
                "{}, so whether the hosts of {} support it is unknown",
                unknown.missing(),
                unknown.names
            )
        });
        unknown_series.report(&META, out, |unknown| {
            format!(
                "{}, so whether the cluster's EVC mode fits {} is unknown",
                unknown.missing(),
                unknown.names
            )
        });
    }
}
