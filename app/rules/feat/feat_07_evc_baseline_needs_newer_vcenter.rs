//! FEAT-07: a cluster's EVC baseline is offered by the release of the vCenter managing it.

use super::vcenter_product;
use crate::rules::unknown::Unknowns;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A cluster whose EVC mode needs a newer vCenter than the one managing it.
pub struct FeatEvcBaselineNeedsNewerVcenter;

static META: RuleMeta = RuleMeta {
    id: "FEAT-07",
    name: "evc-baseline-needs-newer-vcenter",
    title: "A cluster's EVC mode is not offered by its vCenter release",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "For every cluster with `evc_mode` and a vCenter: the baseline's `min_vcenter` (EVC reference data) is not \
             newer than the vCenter's `release`. The Nehalem baseline (\"Intel Xeon Core i7\", L2) needs vCenter 4.0, \
             Westmere (L3) 4.1. A mode the data does not know is left to CPU-EVC-03 (info); a known baseline without \
             `min_vcenter` is an info finding per mode (not in reference data).",
    why: "vCenter offers only the EVC baselines it knows: VirtualCenter 2.5 has no Nehalem baseline, so a cluster \
          designed with intel-nehalem cannot be configured until vCenter is upgraded, and Xeon 5500 blades added \
          before then can only join at a lower baseline or outside EVC. The upgrade order must put vCenter first.",
    example: "Cluster `prod` has `evc_mode: \"intel-nehalem\"` and is managed by `vc01` running VirtualCenter 2.5 U4.",
    fix: "Upgrade vCenter before adding Xeon 5500 blades to EVC clusters.",
    source: "M (S14 KB 1003212; vCenter release per baseline unverified, section 7)",
};

impl Rule for FeatEvcBaselineNeedsNewerVcenter {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let mut unknowns = Unknowns::new();
        for (&cluster_id, cluster) in &ctx.project.clusters {
            let Some(mode) = cluster.evc_mode.as_deref() else {
                continue;
            };
            let Some(vcenter) = ctx.cluster_vcenter(cluster) else {
                continue;
            };
            let Some(baseline) = ctx.reference.evc_baseline(mode) else {
                continue;
            };
            let Some(min_vcenter) = baseline.min_vcenter else {
                unknowns.note(
                    format!("the first vCenter release offering EVC mode {mode}"),
                    cluster_id,
                    &cluster.name,
                );
                continue;
            };
            if min_vcenter > vcenter.release {
                out.add(
                    &META,
                    cluster_id,
                    format!(
                        "cluster {} uses EVC mode {mode} ({}), which needs {} or later, but its vCenter {} runs {}",
                        cluster.name,
                        baseline.label,
                        vcenter_product(min_vcenter),
                        vcenter.name,
                        vcenter_product(vcenter.release)
                    ),
                );
            }
        }
        unknowns.report(&META, out, |unknown| {
            format!(
                "{}, so whether the vCenter of {} offers it is unknown",
                unknown.missing(),
                unknown.names
            )
        });
    }
}
