//! CPU-EVC-02: an EVC cluster holds one processor vendor only.

use super::{count, name_list, vendor_name};
use crate::model::CpuVendor;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An EVC cluster mixing Intel and AMD hosts, or whose hosts' vendor differs from its EVC mode's.
pub struct CpuEvcMixedVendors;

static META: RuleMeta = RuleMeta {
    id: "CPU-EVC-02",
    name: "evc-cluster-mixed-vendors",
    title: "An EVC cluster mixes Intel and AMD processors",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every cluster with an EVC mode (`evc_mode`): all hosts have one `cpu.vendor`, and it is the vendor of the EVC baseline (`intel-*` or `amd-*` in the reference data). A mode the data does not know is left to CPU-EVC-03, which says so at info.",
    why: "An EVC baseline masks CPU features within one vendor's sequence; there is no baseline common to Intel and AMD, so vMotion between them is impossible and vCenter refuses to admit a host of the other vendor into an EVC cluster.",
    example: "Cluster `prod` has `evc_mode: \"intel-penryn\"`, hosts `esx01` and `esx02` on Xeon 5400 and `esx09` on Opteron 2300.",
    fix: "Split Intel and AMD hosts into separate clusters, each with an EVC mode of its own vendor.",
    source: "S14 KB 1003212, S15 EVC requirements",
};

impl Rule for CpuEvcMixedVendors {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&cluster_id, cluster) in &ctx.project.clusters {
            let Some(mode) = cluster.evc_mode.as_deref() else {
                continue;
            };
            let mut intel: Vec<&str> = Vec::new();
            let mut amd: Vec<&str> = Vec::new();
            for (_, host) in ctx.cluster_hosts(cluster_id) {
                match host.cpu.vendor {
                    CpuVendor::Intel => intel.push(&host.name),
                    CpuVendor::Amd => amd.push(&host.name),
                }
            }
            if !intel.is_empty() && !amd.is_empty() {
                out.add(
                    &META,
                    cluster_id,
                    format!(
                        "{} (EVC mode {mode}) mixes {} ({}) with {} ({})",
                        cluster.name,
                        count(intel.len(), "Intel host"),
                        name_list(&intel),
                        count(amd.len(), "AMD host"),
                        name_list(&amd),
                    ),
                );
                continue;
            }
            let Some(baseline) = ctx.reference.evc_baseline(mode) else {
                continue;
            };
            let (others, other_vendor) = match baseline.vendor {
                CpuVendor::Intel => (&amd, CpuVendor::Amd),
                CpuVendor::Amd => (&intel, CpuVendor::Intel),
            };
            if !others.is_empty() {
                out.add(
                    &META,
                    cluster_id,
                    format!(
                        "{} has the {} EVC mode {mode} but holds {} ({})",
                        cluster.name,
                        vendor_name(baseline.vendor),
                        count(others.len(), &format!("{} host", vendor_name(other_vendor))),
                        name_list(others),
                    ),
                );
            }
        }
    }
}
