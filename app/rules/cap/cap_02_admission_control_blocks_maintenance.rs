//! CAP-02: HA admission control by host failures may block evacuations while hosts are in maintenance mode.

use crate::model::AdmissionControl;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A cluster with "host failures tolerated" admission control has hosts in maintenance during a wave.
pub struct CapAdmissionControlBlocksMaintenance;

static META: RuleMeta = RuleMeta {
    id: "CAP-02",
    name: "admission-control-blocks-maintenance",
    title: "Host-failures admission control may block vMotions and power-ons while hosts are in maintenance",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "In an upgrade stage, for every cluster with hosts of the running wave in maintenance mode: HA on with \
             admission control `HostFailures(n)` and no earlier `RelaxAdmissionControl` step for the cluster. The \
             message gives the hosts left running against `n`. Not checked on the design alone (nothing is in \
             maintenance there).",
    why: "Slot-based admission control counts hosts in maintenance mode as gone: with a host out, the cluster may no \
          longer have the slots to power on or migrate VMs, so Update Manager's remediation stalls in the middle of \
          the window.",
    example: "Cluster `Dev` (4 hosts, admission control 1 host failure) with `esx07` in maintenance during wave 1, and \
              admission control left as it is.",
    fix: "Switch to the % policy (vCenter 4.0 and later) or disable admission control for the window (a documented change).",
    source: "S33",
};

impl Rule for CapAdmissionControlBlocksMaintenance {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let Some(stage) = ctx.stage else {
            return;
        };
        for (&cluster_id, cluster) in &ctx.project.clusters {
            let AdmissionControl::HostFailures(tolerated) = cluster.ha.admission_control else {
                continue;
            };
            if !cluster.ha.enabled || stage.progress.admission_relaxed.contains(&cluster_id) {
                continue;
            }
            let hosts = ctx.index.hosts_of(cluster_id);
            let out_now = hosts
                .iter()
                .filter(|h| stage.in_maintenance.contains(h))
                .count();
            if out_now == 0 {
                continue;
            }
            // The percentage policy exists from vCenter 4.0 only (HA-01): under VirtualCenter 2.5 the way out is
            // to turn strict admission control off for the window, or add capacity (rules-v2).
            let fix = match ctx.cluster_vcenter(cluster) {
                Some(vcenter) if vcenter.release < crate::model::Release::new(4, 0) => format!(
                    "{} runs VirtualCenter {}, which has no percentage policy: disable strict admission control for the window (a documented change), or add capacity.",
                    vcenter.name, vcenter.release
                ),
                _ => META.fix.to_owned(),
            };
            out.add_with_fix(
                &META,
                cluster_id,
                format!(
                    "{out_now} of {} hosts of {} are in maintenance while admission control holds back {tolerated} host failure(s); only {} hosts remain for slots",
                    hosts.len(),
                    cluster.name,
                    hosts.len() - out_now
                ),
                fix,
            );
        }
    }
}
