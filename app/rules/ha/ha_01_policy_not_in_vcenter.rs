//! HA-01: a cluster's admission control policy exists in the vCenter that manages it.

use crate::model::{AdmissionControl, Release};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A percentage or failover-host admission control policy under VirtualCenter 2.5.
pub struct HaPolicyNotInVcenter;

static META: RuleMeta = RuleMeta {
    id: "HA-01",
    name: "ha-policy-not-in-vcenter",
    title: "A cluster's HA admission control policy does not exist in its vCenter",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every cluster with `ha.enabled` whose vCenter is known: the \"percentage of cluster resources\" and \
             the \"failover host\" policies (`admission_control: Percentage(..)` or `FailoverHost(..)`) need vCenter \
             4.0 or later; VirtualCenter 2.5 has only \"host failures the cluster tolerates\" (`HostFailures`), on or \
             off. In a simulated stage the vCenter's release is the one of that stage. A cluster with no vCenter is \
             unknown and skipped.",
    why: "The percentage and failover-host policies arrived with vSphere 4.0 HA (API 4.0): a design that sets them \
          under VirtualCenter 2.5 cannot be configured as drawn, and a plan that relaxes admission control to a \
          percentage before vCenter is upgraded has nothing to switch to.",
    example: "Cluster `prod` under VirtualCenter 2.5 U4 has `admission_control: Percentage(cpu: 25, memory: 25)`.",
    fix: "Use \"host failures the cluster tolerates\" until vCenter 4.0, or upgrade vCenter first.",
    source: "V5, V6, V7, V8, V9 (vSphere API admission control policies; vSphere 4.1 Availability), V49",
};

impl Rule for HaPolicyNotInVcenter {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let vsphere4 = Release::new(4, 0);
        for (&id, cluster) in &ctx.project.clusters {
            if !cluster.ha.enabled {
                continue;
            }
            let policy = match cluster.ha.admission_control {
                AdmissionControl::Percentage { cpu, memory } => {
                    format!("the percentage policy ({cpu} % CPU, {memory} % memory)")
                }
                AdmissionControl::FailoverHost(host) => {
                    format!("the failover-host policy ({})", ctx.project.host_name(host))
                }
                AdmissionControl::Disabled | AdmissionControl::HostFailures(_) => continue,
            };
            let Some(vcenter) = ctx.cluster_vcenter(cluster) else {
                continue;
            };
            if vcenter.release >= vsphere4 {
                continue;
            }
            out.add(
                &META,
                id,
                format!(
                    "Cluster {} uses {policy}, which VirtualCenter {} ({}) does not have: it arrived with vCenter 4.0",
                    cluster.name, vcenter.release, vcenter.name
                ),
            );
        }
    }
}
