//! CPU-EVC-01: EVC needs every host on ESX 3.5 U2 or later and VirtualCenter 2.5 U2 or later.

use crate::model::Release;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A host or vCenter of an EVC cluster older than the release that introduced EVC.
pub struct CpuEvcHostsBefore35U2;

/// EVC arrived with ESX 3.5 Update 2 (KB 1003212; section 7: confirmed).
pub(in crate::rules) const EVC_MIN_ESX: Release = Release::new(3, 5).with_update(2);
/// ... and VirtualCenter 2.5 Update 2.
const EVC_MIN_VCENTER: Release = Release::new(2, 5).with_update(2);

static META: RuleMeta = RuleMeta {
    id: "CPU-EVC-01",
    name: "evc-host-or-vcenter-too-old",
    title: "An EVC cluster has a host older than ESX 3.5 U2 or a vCenter older than VirtualCenter 2.5 U2",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every cluster with an EVC mode (`evc_mode`): each host's `esx.release` is at least 3.5 U2, and the managing vCenter's `release` is at least 2.5 U2.",
    why: "Enhanced VMotion Compatibility first shipped with ESX 3.5 Update 2 and VirtualCenter 2.5 Update 2. vCenter refuses to enable EVC on a cluster holding an older host and refuses to add one to an EVC cluster, which matters in rolling upgrades where 3.5 hosts at U1 or earlier stay in the cluster for a while.",
    example: "Cluster `prod` has `evc_mode: \"intel-penryn\"` and `esx05` still runs ESX 3.5 U1.",
    fix: "Patch ESX 3.5 hosts to Update 2 or later (and VirtualCenter to 2.5 U2 or later) before enabling EVC; in a rolling upgrade, patch the stragglers first.",
    source: "S14 KB 1003212, S15 EVC requirements; section 7 (EVC introduced with ESX 3.5 U2 + VC 2.5 U2, confirmed)",
};

impl Rule for CpuEvcHostsBefore35U2 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&cluster_id, cluster) in &ctx.project.clusters {
            let Some(mode) = cluster.evc_mode.as_deref() else {
                continue;
            };
            if let Some(vcenter) = ctx.cluster_vcenter(cluster)
                && vcenter.release < EVC_MIN_VCENTER
            {
                out.add(
                    &META,
                    cluster_id,
                    format!(
                        "{} has EVC mode {mode} but its vCenter {} runs {}; EVC needs VirtualCenter {EVC_MIN_VCENTER} or later",
                        cluster.name, vcenter.name, vcenter.release,
                    ),
                );
            }
            for (host_id, host) in ctx.cluster_hosts(cluster_id) {
                if host.esx.release < EVC_MIN_ESX {
                    out.add(
                        &META,
                        host_id,
                        format!(
                            "{} runs ESX {} in EVC cluster {} (mode {mode}); EVC needs ESX {EVC_MIN_ESX} or later",
                            ctx.host_label(host_id),
                            host.esx.release,
                            cluster.name,
                        ),
                    );
                }
            }
        }
    }
}
