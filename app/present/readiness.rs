//! Cluster readiness for management: is each cluster ready for Fault Tolerance, for vMotion with EVC, and for the
//! upgrade, judged from the error findings of the rule engine.
//!
//! The definitions (a cluster's objects are the cluster, its hosts and its VMs):
//! - **FT-ready**: no error of the families FT-CL, FT-HO, FT-NET or CPU-FT on the cluster's objects in the state
//!   the plan ends with (the last stage; today's findings when the plan has no stage), and Fault Tolerance the
//!   design asks for is running then: a VM with FT in the design that sits on an ESX 3.5 host today and that no
//!   `EnableFt` step of the plan turns on counts as a blocker (the planner leaves FT off where it would fail, so the
//!   end state alone would call such a cluster ready).
//! - **vMotion/EVC-ready**: no error of VMO, CPU-EVC or CPU-VM on the cluster's objects at the same point.
//! - **Upgrade-ready**: no error of UPG, MIX, CAP or HCL on the cluster's objects, or on the vCenter managing the
//!   cluster, at any stage or wave of the plan (today's findings when the plan has no stage).

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{ClusterId, Index, ObjectRef, Project, Step, UpgradePlan, VmId};
use crate::planner::Simulation;
use crate::rules::{Finding, Severity};

use super::family;

/// The three readiness questions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReadinessKind {
    Ft,
    Vmotion,
    Upgrade,
}

impl ReadinessKind {
    pub const ALL: [Self; 3] = [Self::Ft, Self::Vmotion, Self::Upgrade];

    /// The name on charts and in the summary.
    pub fn label(self) -> &'static str {
        match self {
            Self::Ft => "FT-ready",
            Self::Vmotion => "vMotion/EVC-ready",
            Self::Upgrade => "Upgrade-ready",
        }
    }

    /// The rule families whose errors block this kind of readiness.
    pub fn families(self) -> &'static [&'static str] {
        match self {
            Self::Ft => &["FT-CL", "FT-HO", "FT-NET", "CPU-FT"],
            Self::Vmotion => &["VMO", "CPU-EVC", "CPU-VM"],
            Self::Upgrade => &["UPG", "MIX", "CAP", "HCL"],
        }
    }

    fn index(self) -> usize {
        match self {
            Self::Ft => 0,
            Self::Vmotion => 1,
            Self::Upgrade => 2,
        }
    }

    /// The kind whose families hold a rule, if any.
    fn of_rule(rule: &str) -> Option<Self> {
        let family = family(rule);
        Self::ALL
            .into_iter()
            .find(|kind| kind.families().contains(&family))
    }
}

/// One cluster's readiness: the distinct blockers of each kind (error findings by rule and object, and FT VMs
/// left off).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterReadiness {
    pub cluster: ClusterId,
    pub name: String,
    /// Blocking errors, indexed like [`ReadinessKind::ALL`].
    pub blockers: [usize; 3],
}

impl ClusterReadiness {
    /// Blocking errors of one kind.
    pub fn blockers(&self, kind: ReadinessKind) -> usize {
        self.blockers[kind.index()]
    }

    pub fn ready(&self, kind: ReadinessKind) -> bool {
        self.blockers(kind) == 0
    }

    /// How many of the three it is not ready for.
    pub fn not_ready(&self) -> usize {
        self.blockers.iter().filter(|&&b| b > 0).count()
    }
}

/// Every cluster's readiness, in cluster ID order.
pub fn readiness(
    project: &Project,
    plan: &UpgradePlan,
    simulation: &Simulation,
    today: &[Finding],
) -> Vec<ClusterReadiness> {
    let index = Index::build(project);
    // Which clusters an object belongs to.
    let mut owners: BTreeMap<ObjectRef, Vec<ClusterId>> = BTreeMap::new();
    let mut vcenters: BTreeMap<ObjectRef, Vec<ClusterId>> = BTreeMap::new();
    for (&id, cluster) in &project.clusters {
        owners.entry(id.into()).or_default().push(id);
        for &host in index.hosts_of(id) {
            owners.entry(host.into()).or_default().push(id);
        }
        for &vm in index.vms_of(id) {
            owners.entry(vm.into()).or_default().push(id);
        }
        if let Some(vcenter) = cluster.vcenter {
            vcenters.entry(vcenter.into()).or_default().push(id);
        }
    }
    let end: Vec<&Finding> = match simulation.stages.last() {
        Some(last) => last
            .findings
            .iter()
            .filter(|f| f.at_stage_end())
            .map(|f| &f.finding)
            .collect(),
        None => today.iter().collect(),
    };
    let all: Vec<&Finding> = if simulation.stages.is_empty() {
        today.iter().collect()
    } else {
        // What the plan brings in at any stage or wave, and what still stands at its end: an error of today that
        // a stage fixes before the hosts are upgraded does not block the upgrade.
        simulation
            .stages
            .iter()
            .flat_map(|stage| stage.findings.iter().filter(|f| f.new).map(|f| &f.finding))
            .chain(end.iter().copied())
            .collect()
    };
    let mut blocking: BTreeMap<(ClusterId, usize), BTreeSet<(&str, ObjectRef)>> = BTreeMap::new();
    let mut count = |finding: &Finding, wanted: &[ReadinessKind], with_vcenter: bool| {
        if finding.severity != Severity::Error {
            return;
        }
        let Some(kind) = ReadinessKind::of_rule(finding.rule) else {
            return;
        };
        if !wanted.contains(&kind) {
            return;
        }
        let mut clusters: Vec<ClusterId> = owners.get(&finding.object).cloned().unwrap_or_default();
        if with_vcenter && let Some(more) = vcenters.get(&finding.object) {
            clusters.extend(more);
        }
        for cluster in clusters {
            blocking
                .entry((cluster, kind.index()))
                .or_default()
                .insert((finding.rule, finding.object));
        }
    };
    for finding in end {
        count(finding, &[ReadinessKind::Ft, ReadinessKind::Vmotion], false);
    }
    for finding in all {
        count(finding, &[ReadinessKind::Upgrade], true);
    }
    // FT the design asks for that is not running today and that the plan never turns on.
    let turned_on: BTreeSet<VmId> = plan
        .stages
        .iter()
        .flat_map(|stage| &stage.steps)
        .filter_map(|step| match step {
            Step::EnableFt { vm, .. } => Some(*vm),
            _ => None,
        })
        .collect();
    for (&id, vm) in &project.vms {
        let running = vm.host.is_some_and(|host| {
            project
                .hosts
                .get(&host)
                .is_some_and(|h| h.release().is_vsphere4_or_later())
        });
        if vm.ft.is_none() || running || turned_on.contains(&id) {
            continue;
        }
        for &cluster in owners.get(&ObjectRef::Vm(id)).into_iter().flatten() {
            blocking
                .entry((cluster, ReadinessKind::Ft.index()))
                .or_default()
                .insert(("FT left off", ObjectRef::Vm(id)));
        }
    }
    project
        .clusters
        .iter()
        .map(|(&id, cluster)| {
            let mut blockers = [0; 3];
            for kind in ReadinessKind::ALL {
                blockers[kind.index()] = blocking.get(&(id, kind.index())).map_or(0, BTreeSet::len);
            }
            ClusterReadiness {
                cluster: id,
                name: cluster.name.clone(),
                blockers,
            }
        })
        .collect()
}

/// Clusters ready and not ready for one kind.
pub fn counts(clusters: &[ClusterReadiness], kind: ReadinessKind) -> (usize, usize) {
    let ready = clusters.iter().filter(|c| c.ready(kind)).count();
    (ready, clusters.len() - ready)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_map_to_kinds() {
        assert_eq!(ReadinessKind::of_rule("FT-CL-08"), Some(ReadinessKind::Ft));
        assert_eq!(ReadinessKind::of_rule("CPU-FT-01"), Some(ReadinessKind::Ft));
        assert_eq!(
            ReadinessKind::of_rule("CPU-EVC-01"),
            Some(ReadinessKind::Vmotion)
        );
        assert_eq!(
            ReadinessKind::of_rule("UPG-07"),
            Some(ReadinessKind::Upgrade)
        );
        assert_eq!(ReadinessKind::of_rule("FT-VM-01"), None);
        assert_eq!(ReadinessKind::of_rule("EVA-01"), None);
    }

    #[test]
    fn empty_project_has_no_clusters() {
        let project = Project::default();
        let plan = UpgradePlan::default();
        assert!(readiness(&project, &plan, &Simulation::default(), &[]).is_empty());
    }
}
