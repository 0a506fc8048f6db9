//! The simulation: the estate after every stage and during every host wave, checked by the whole rule engine.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;

use crate::io::RuleConfig;
use crate::model::{
    HostId, Index, ObjectRef, Project, Release, Stage, StageKind, Step, UpgradePlan, VmId, Wave,
};
use crate::refdata::ReferenceData;
use crate::rules::{self, Finding, Progress, Rule, Severity, StageView, VmUpgrades, registry};

use super::capacity::{ClusterCapacity, all_capacity, capacities};
use super::operation::hosts_taken_down;
use super::projection::{
    ClusterVms, LunHosts, apply_step_in, current_state, evacuate, reshapes, target_of,
    upgrade_hosts, vm_upgrades,
};

/// A finding of a simulated stage: during a wave (`wave`) or in the state the stage leaves behind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageFinding {
    pub wave: Option<usize>,
    /// The step (by position in the stage) whose operation had hosts down when the finding was seen.
    pub step: Option<usize>,
    /// It was not there in the state before this stage (the stage brought it in).
    pub new: bool,
    pub finding: Finding,
}

impl StageFinding {
    /// Seen in the state the stage leaves behind, not during a wave or an operation.
    pub fn at_stage_end(&self) -> bool {
        self.wave.is_none() && self.step.is_none()
    }
}

/// What an operation of a step does while it runs: the hosts it takes down and their clusters' capacity then.
#[derive(Clone, Debug, PartialEq)]
pub struct OperationOutcome {
    /// The step's position among the stage's steps.
    pub step: usize,
    /// Hosts down during the operation (in maintenance mode, their VMs evacuated where the cluster has room).
    pub hosts: Vec<HostId>,
    /// The clusters that have hosts down, at that moment.
    pub capacity: Vec<ClusterCapacity>,
}

/// What one host wave does to its clusters.
#[derive(Clone, Debug, PartialEq)]
pub struct WaveOutcome {
    pub name: String,
    pub hosts: Vec<HostId>,
    /// The clusters that have hosts in this wave, with those hosts in maintenance mode.
    pub capacity: Vec<ClusterCapacity>,
}

/// One simulated stage.
#[derive(Clone, Debug, PartialEq)]
pub struct StageOutcome {
    pub index: usize,
    pub kind: StageKind,
    pub title: String,
    /// Findings of the state after the stage, then the new findings of each wave; sorted.
    pub findings: Vec<StageFinding>,
    pub waves: Vec<WaveOutcome>,
    /// The steps that take hosts down while they run, in step order.
    pub operations: Vec<OperationOutcome>,
    /// Hosts per ESX release after the stage ("3.5 U4" -> 6).
    pub versions: BTreeMap<String, usize>,
    /// Each cluster at its tightest moment of the stage (the wave with the least failover margin).
    pub capacity: Vec<ClusterCapacity>,
    /// Findings that stood at the end of the stage before (today, for the first) and are seen at no moment of
    /// this one (its end, its waves, its operations): what the stage resolves. A finding is keyed by rule, object
    /// and severity, so one whose severity changes counts as resolved and new.
    pub resolved: Vec<FindingKey>,
    /// The guest reboots of the VMs the stage upgrades (Tools, virtual hardware), counted once for GOS-03's
    /// finding and the runbook.
    pub reboots: super::reboots::RebootTally,
}

/// How a stage's findings relate to the stage before: each finding (one rule on one object) counted once.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FindingFlow {
    /// Not there before the stage: it brings them in.
    pub new: usize,
    /// There before and still there.
    pub persisting: usize,
    /// There before, gone in this stage.
    pub resolved: usize,
}

impl StageOutcome {
    /// Distinct findings (one rule on one object) at a severity anywhere in the stage: at its end, during a wave
    /// or during an operation, counted once however many moments show them.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.finding.severity == severity)
            .map(|f| (f.finding.rule, f.finding.object))
            .collect::<BTreeSet<_>>()
            .len()
    }

    /// New, persisting and resolved findings of the stage, at one severity or at every one (`None`).
    pub fn flow(&self, severity: Option<Severity>) -> FindingFlow {
        let wanted = |s: Severity| severity.is_none_or(|w| w == s);
        let mut new = BTreeSet::new();
        let mut all = BTreeSet::new();
        for f in self.findings.iter().filter(|f| wanted(f.finding.severity)) {
            let key = key(&f.finding);
            all.insert(key);
            if f.new {
                new.insert(key);
            }
        }
        FindingFlow {
            new: new.len(),
            persisting: all.len() - new.len(),
            resolved: self.resolved.iter().filter(|k| wanted(k.2)).count(),
        }
    }
}

/// The whole simulated plan.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Simulation {
    pub stages: Vec<StageOutcome>,
    /// The plan in time, from the plan's timing model: what every duration shown comes from.
    pub timeline: super::timing::Timeline,
}

impl Simulation {
    /// Error findings over all stages, each counted once however many stages it persists through: one finding is
    /// one rule on one object.
    pub fn errors(&self) -> usize {
        self.stages
            .iter()
            .flat_map(|s| &s.findings)
            .filter(|f| f.finding.severity == Severity::Error)
            .map(|f| (f.finding.rule, f.finding.object))
            .collect::<BTreeSet<_>>()
            .len()
    }
}

/// A point the walk through the plan stops at.
pub enum Moment<'a> {
    /// A step's operation runs with hosts down (in `view.in_maintenance`), their VMs evacuated.
    Operation {
        view: &'a StageView,
        state: &'a Project,
        step: usize,
        changes: &'a Changes<'a>,
    },
    /// Hosts of a wave are in maintenance mode, their VMs evacuated.
    Wave {
        view: &'a StageView,
        state: &'a Project,
        changes: &'a Changes<'a>,
    },
    /// A stage is done.
    StageEnd {
        view: &'a StageView,
        state: &'a Project,
        changes: &'a Changes<'a>,
    },
}

/// How the estate at a stop of the walk differs from the estate at the stop before it: what lets a check carry
/// over the index and the connectivity graph it derived there ([`Derived`]) instead of deriving them again.
pub struct Changes<'a> {
    /// A step ran that may change what the index or the graph is derived from ([`reshapes`]), or this is the
    /// walk's first stop.
    pub reshaped: bool,
    /// VMs whose own settings changed since (Tools marked out of date by a host upgrade), in ID order.
    pub rows: Vec<VmId>,
    /// The VMs this stop's evacuation moved, with the host and FT Secondary host they stood on before; the walk
    /// puts them back before its next stop.
    pub moved: &'a [(VmId, Option<HostId>, Option<HostId>)],
}

impl Changes<'_> {
    /// Nothing changed since the stop before.
    fn none() -> Self {
        Self {
            reshaped: false,
            rows: Vec::new(),
            moved: &[],
        }
    }

    /// The changes gathered since the last stop, handed to this stop with the VMs its evacuation `moved`; the
    /// next stop starts again from none.
    fn hand_over<'m>(
        &mut self,
        moved: &'m [(VmId, Option<HostId>, Option<HostId>)],
    ) -> Changes<'m> {
        Changes {
            reshaped: std::mem::take(&mut self.reshaped),
            rows: std::mem::take(&mut self.rows),
            moved,
        }
    }
}

/// The index and the connectivity graph of the estate at the walk's last stop, carried from stop to stop while
/// the steps between change nothing they read: an evacuation, its undoing and the Tools a host upgrade marks out
/// of date are followed VM by VM.
#[derive(Default)]
struct Derived {
    derived: Option<(Index, std::sync::Arc<crate::topology::Connections>)>,
    /// The last stop's evacuation, undone at the next stop as the walk undoes it in the estate.
    evacuated: Vec<(VmId, Option<HostId>, Option<HostId>)>,
}

impl Derived {
    /// The index and graph of `state`, the estate at a stop that differs from the last stop's by `changes`.
    fn at(
        &mut self,
        state: &Project,
        changes: &Changes<'_>,
    ) -> (&Index, std::sync::Arc<crate::topology::Connections>) {
        let undo = std::mem::take(&mut self.evacuated);
        self.evacuated = changes.moved.to_vec();
        let derived = match self.derived.take() {
            Some((mut index, connections)) if !changes.reshaped => {
                for &(id, host, secondary) in &undo {
                    index.place_vm(id, host, secondary);
                }
                for id in &changes.rows {
                    if let Some(vm) = state.vms.get(id) {
                        index.refresh_row(*id, vm);
                    }
                }
                for &(id, ..) in changes.moved {
                    if let Some(vm) = state.vms.get(&id) {
                        index.place_vm(id, vm.host, vm.ft_secondary_host());
                    }
                }
                (index, connections)
            }
            _ => rules::index_and_connections(state),
        };
        let (index, connections) = self.derived.insert(derived);
        (index, connections.clone())
    }
}

/// Walks the plan from the current estate, calling `visit` during each wave and after each stage: the stops of
/// the stage slider ([`slider_stops`]), both taken from [`walk_points`].
pub fn walk<T>(
    project: &Project,
    plan: &UpgradePlan,
    reference: &ReferenceData,
    visit: impl FnMut(Moment<'_>) -> ControlFlow<T>,
) -> Option<T> {
    walk_with(
        project,
        plan,
        reference,
        current_state(project),
        Stops::Waves,
        visit,
        |_| {},
    )
}

/// Where a walk stops besides stage ends.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stops {
    /// Stage ends only, for the estate there: their views carry no VM upgrades (nothing is checked).
    StageEnds,
    Waves,
    WavesAndOperations,
}

/// A point of a walk through the plan, known from the plan's structure alone. [`walk_points`] is the one order
/// every walk follows (the simulation, the replay of the runbook) and the stage slider lists ([`moments`]).
#[derive(Clone, Copy)]
enum WalkPoint<'a> {
    /// A stage begins.
    StageStart { index: usize, stage: &'a Stage },
    /// One of the stage's steps runs.
    Step {
        index: usize,
        step_index: usize,
        step: &'a Step,
    },
    /// A wave's hosts go into maintenance mode and are upgraded.
    Wave {
        index: usize,
        stage: &'a Stage,
        wave_index: usize,
        wave: &'a Wave,
    },
    /// One of a wave's `after_upgrade` steps runs, the wave's hosts upgraded.
    AfterUpgrade {
        index: usize,
        wave_index: usize,
        step_index: usize,
        step: &'a Step,
    },
    /// A stage is done.
    StageEnd { index: usize, stage: &'a Stage },
}

/// The points of a walk through the plan in order: each stage's start, its steps, each wave followed by its
/// `after_upgrade` steps, and its end.
fn walk_points(plan: &UpgradePlan) -> impl Iterator<Item = WalkPoint<'_>> {
    plan.stages.iter().enumerate().flat_map(|(index, stage)| {
        let steps = stage
            .steps
            .iter()
            .enumerate()
            .map(move |(step_index, step)| WalkPoint::Step {
                index,
                step_index,
                step,
            });
        let waves = stage
            .waves
            .iter()
            .enumerate()
            .flat_map(move |(wave_index, wave)| {
                let after = wave
                    .after_upgrade
                    .iter()
                    .enumerate()
                    .map(move |(step_index, step)| WalkPoint::AfterUpgrade {
                        index,
                        wave_index,
                        step_index,
                        step,
                    });
                std::iter::once(WalkPoint::Wave {
                    index,
                    stage,
                    wave_index,
                    wave,
                })
                .chain(after)
            });
        std::iter::once(WalkPoint::StageStart { index, stage })
            .chain(steps)
            .chain(waves)
            .chain(std::iter::once(WalkPoint::StageEnd { index, stage }))
    })
}

/// A point the stage slider stops at: during a wave of a stage (`wave`), or when the stage is done.
struct SliderStop<'a> {
    index: usize,
    stage: &'a Stage,
    wave: Option<(usize, &'a Wave)>,
}

impl SliderStop<'_> {
    /// Whether a moment of a walk is this stop.
    fn is(&self, view: &StageView) -> bool {
        view.index == self.index && view.wave.as_ref().map(|(w, _)| *w) == self.wave.map(|(w, _)| w)
    }
}

/// The points of the walk the stage slider stops at, in the walk's order: each wave and each stage end.
fn slider_stops(plan: &UpgradePlan) -> impl Iterator<Item = SliderStop<'_>> {
    walk_points(plan).filter_map(|point| match point {
        WalkPoint::Wave {
            index,
            stage,
            wave_index,
            wave,
        } => Some(SliderStop {
            index,
            stage,
            wave: Some((wave_index, wave)),
        }),
        WalkPoint::StageEnd { index, stage } => Some(SliderStop {
            index,
            stage,
            wave: None,
        }),
        WalkPoint::StageStart { .. } | WalkPoint::Step { .. } | WalkPoint::AfterUpgrade { .. } => {
            None
        }
    })
}

/// A point of a replay: what the runbook and the plan text see of the walk.
pub enum ReplayEvent<'a> {
    /// A stage begins, with the estate as the earlier stages left it.
    StageStart { stage: usize, state: &'a Project },
    /// A step is about to run on this estate.
    Step {
        stage: usize,
        step: usize,
        state: &'a Project,
        progress: &'a Progress,
    },
    /// A wave is about to run on this estate.
    Wave {
        stage: usize,
        wave: usize,
        state: &'a Project,
    },
    /// One of a wave's `after_upgrade` steps is about to run, the wave's hosts upgraded.
    AfterUpgrade {
        stage: usize,
        wave: usize,
        step: usize,
        state: &'a Project,
        progress: &'a Progress,
    },
    /// A stage is done.
    StageEnd { stage: usize, state: &'a Project },
}

/// Walks the plan without checking anything, telling `visit` the estate at each point: what the runbook and
/// the plan text write their steps from, so they name bays, paths and releases as they stand then. The same walk
/// as the simulation's, stopping nowhere.
pub fn replay(
    project: &Project,
    plan: &UpgradePlan,
    reference: &ReferenceData,
    visit: impl FnMut(ReplayEvent<'_>),
) {
    walk_with(
        project,
        plan,
        reference,
        current_state(project),
        Stops::StageEnds,
        |_| ControlFlow::<()>::Continue(()),
        visit,
    );
}

/// The release each host of a wave goes to.
fn wave_targets(project: &Project, plan: &UpgradePlan, wave: &Wave) -> Vec<(HostId, Release)> {
    wave.hosts
        .iter()
        .map(|&host| (host, target_of(project, plan, host)))
        .collect()
}

/// [`walk`] from `start` (the current state, already made), stopping during waves only when `waves` is set
/// (each is checked in place, its evacuation undone after). `observe` hears of each step and wave just before it
/// runs, as a [`replay`] tells them, so work that reads the estate there need not walk the plan again.
fn walk_with<T>(
    project: &Project,
    plan: &UpgradePlan,
    reference: &ReferenceData,
    start: Project,
    stops: Stops,
    mut visit: impl FnMut(Moment<'_>) -> ControlFlow<T>,
    mut observe: impl FnMut(ReplayEvent<'_>),
) -> Option<T> {
    let waves = stops != Stops::StageEnds;
    let mut state = start;
    let mut progress = Progress::default();
    let clusters = ClusterVms::default();
    let lun_hosts = LunHosts::default();
    let licence_keys = std::sync::Arc::new(super::licensing::key_schedule(project, plan));
    let view = |index: usize,
                wave: Option<(usize, String)>,
                progress: &Progress,
                upgrades: &VmUpgrades| StageView {
        index,
        kind: plan.stages[index].kind,
        title: plan.stages[index].title().to_owned(),
        wave,
        operation: None,
        in_maintenance: BTreeSet::new(),
        accepted_risk: None,
        progress: progress.clone(),
        vm_upgrades: upgrades.clone(),
        licence_keys: licence_keys.clone(),
    };
    // Worked out at each stage's start, before its steps run: afterwards the upgraded VMs no longer look in need
    // of them.
    let mut upgrades = VmUpgrades::default();
    // What changed since the last stop; the first stop has nothing before it.
    let mut changes = Changes {
        reshaped: true,
        ..Changes::none()
    };
    // Where the blades sit, for the operations that take an enclosure's blades down: found once and followed
    // through blade moves, rather than walking every host at each operation (or after each step that reshapes
    // the estate: a Tools step per cluster is one).
    let mut blade_bays: Option<crate::topology::BladeBays> = None;
    for point in walk_points(plan) {
        let flow = match point {
            WalkPoint::StageStart { index, stage } => {
                observe(ReplayEvent::StageStart {
                    stage: index,
                    state: &state,
                });
                // Worked out only for a walk that checks what it stops at: the stage-aware rules read them.
                if stops != Stops::StageEnds {
                    upgrades = vm_upgrades(&state, stage);
                }
                continue;
            }
            WalkPoint::Step {
                index,
                step_index,
                step,
            } => {
                observe(ReplayEvent::Step {
                    stage: index,
                    step: step_index,
                    state: &state,
                    progress: &progress,
                });
                // What the operation takes down is worked out on the estate as it stands before it.
                let down = if stops == Stops::WavesAndOperations {
                    let blades =
                        blade_bays.get_or_insert_with(|| crate::topology::BladeBays::of(&state));
                    hosts_taken_down(&state, step, blades)
                } else {
                    BTreeSet::new()
                };
                apply_step_in(
                    &mut state,
                    project,
                    step,
                    &mut progress,
                    &clusters,
                    &lun_hosts,
                );
                changes.reshaped |= reshapes(step);
                // A blade move is the only step that changes where a host sits.
                if let (Some(bays), Step::MoveBlade { host, .. }) = (blade_bays.as_mut(), step) {
                    bays.follow(&state, *host);
                }
                if down.is_empty() {
                    continue;
                }
                let evacuation = evacuate(&mut state, &down);
                let view = StageView {
                    in_maintenance: down,
                    operation: Some((step_index, super::describe::step_kind_text(step))),
                    ..view(index, None, &progress, &upgrades)
                };
                let flow = visit(Moment::Operation {
                    view: &view,
                    state: &state,
                    step: step_index,
                    changes: &changes.hand_over(evacuation.moved()),
                });
                evacuation.restore(&mut state);
                flow
            }
            WalkPoint::Wave {
                index,
                wave_index,
                wave,
                ..
            } => {
                observe(ReplayEvent::Wave {
                    stage: index,
                    wave: wave_index,
                    state: &state,
                });
                let targets = wave_targets(project, plan, wave);
                if !waves {
                    let outdated = upgrade_hosts(&mut state, reference, &targets, &mut progress);
                    changes.rows.extend(outdated);
                    continue;
                }
                let in_maintenance: BTreeSet<HostId> = wave.hosts.iter().copied().collect();
                let evacuation = evacuate(&mut state, &in_maintenance);
                let view = StageView {
                    in_maintenance,
                    accepted_risk: wave.accepted_risk.clone(),
                    ..view(
                        index,
                        Some((wave_index, wave.name.clone())),
                        &progress,
                        &upgrades,
                    )
                };
                let flow = visit(Moment::Wave {
                    view: &view,
                    state: &state,
                    changes: &changes.hand_over(evacuation.moved()),
                });
                evacuation.restore(&mut state);
                if flow.is_continue() {
                    let outdated = upgrade_hosts(&mut state, reference, &targets, &mut progress);
                    changes.rows.extend(outdated);
                }
                flow
            }
            // Licence keys and manual steps: none takes a host down.
            WalkPoint::AfterUpgrade {
                index,
                wave_index,
                step_index,
                step,
            } => {
                observe(ReplayEvent::AfterUpgrade {
                    stage: index,
                    wave: wave_index,
                    step: step_index,
                    state: &state,
                    progress: &progress,
                });
                apply_step_in(
                    &mut state,
                    project,
                    step,
                    &mut progress,
                    &clusters,
                    &lun_hosts,
                );
                changes.reshaped |= reshapes(step);
                continue;
            }
            WalkPoint::StageEnd { index, .. } => {
                observe(ReplayEvent::StageEnd {
                    stage: index,
                    state: &state,
                });
                let view = view(index, None, &progress, &upgrades);
                visit(Moment::StageEnd {
                    view: &view,
                    state: &state,
                    changes: &changes.hand_over(&[]),
                })
            }
        };
        if let ControlFlow::Break(value) = flow {
            return Some(value);
        }
    }
    None
}

/// The estate as it stands after stage `stage` (before the first stage when `None`), with nothing in
/// maintenance: what the designer shows at a point of the stage slider.
pub fn state_after(
    project: &Project,
    plan: &UpgradePlan,
    reference: &ReferenceData,
    stage: Option<usize>,
) -> Project {
    let Some(stage) = stage else {
        return current_state(project);
    };
    // Past the last stage means the end state.
    let stage = stage.min(plan.stages.len().saturating_sub(1));
    walk_with(
        project,
        plan,
        reference,
        current_state(project),
        Stops::StageEnds,
        |moment| match moment {
            Moment::StageEnd { view, state, .. } if view.index == stage => {
                ControlFlow::Break(state.clone())
            }
            _ => ControlFlow::Continue(()),
        },
        |_| {},
    )
    .unwrap_or_else(|| current_state(project))
}

/// Simulates every stage of the plan with every rule.
pub fn simulate(
    project: &Project,
    plan: &UpgradePlan,
    reference: &ReferenceData,
    config: &RuleConfig,
) -> Simulation {
    simulate_with(registry::rules(), project, plan, reference, config)
}

/// One finding's identity across stages: its rule, its object and its severity.
pub type FindingKey = (&'static str, ObjectRef, Severity);

fn key(finding: &Finding) -> FindingKey {
    (finding.rule, finding.object, finding.severity)
}

/// The rules and what they need, for the moments of a simulation.
struct Checker<'a> {
    rules: &'a [&'a dyn Rule],
    reference: &'a ReferenceData,
    config: &'a RuleConfig,
    derived: Derived,
}

impl Checker<'_> {
    /// Every rule on the state of a moment, as in a full check, and beside them `beside` (work that reads the
    /// same index, such as the clusters' capacity): the rules do not keep both cores busy the whole time.
    fn check<T: Send>(
        &mut self,
        state: &Project,
        view: &StageView,
        changes: &Changes<'_>,
        beside: impl FnOnce(&Index) -> T + Send,
    ) -> (Vec<Finding>, T) {
        let (index, connections) = self.derived.at(state, changes);
        let (rules, reference, config) = (self.rules, self.reference, self.config);
        rayon::join(
            || {
                rules::check_stage_indexed(
                    rules,
                    state,
                    (index, Some(connections)),
                    reference,
                    config,
                    view,
                )
            },
            || beside(index),
        )
    }
}

/// What the moments of the stage being walked have brought in so far.
#[derive(Default)]
struct MomentTally {
    /// Findings of the state before the stage.
    before: BTreeSet<FindingKey>,
    /// Findings already reported by an earlier moment of the stage.
    seen: BTreeSet<FindingKey>,
    findings: Vec<StageFinding>,
    /// Each cluster at its tightest moment of the stage so far.
    tightest: BTreeMap<crate::model::ClusterId, ClusterCapacity>,
}

impl MomentTally {
    /// A moment with hosts down (a wave or an operation): the findings it brings in (not there before the stage,
    /// nor in an earlier moment of it) and the capacity of the clusters with hosts down, also kept as the
    /// stage's tightest.
    fn record(
        &mut self,
        checker: &mut Checker<'_>,
        state: &Project,
        view: &StageView,
        changes: &Changes<'_>,
        wave: Option<usize>,
        step: Option<usize>,
    ) -> Vec<ClusterCapacity> {
        // Only clusters with hosts down can be tighter than at the stage's start.
        let clusters_down: BTreeSet<crate::model::ClusterId> = view
            .in_maintenance
            .iter()
            .filter_map(|host| state.hosts.get(host).and_then(|host| host.cluster))
            .collect();
        let (findings, capacity) = checker.check(state, view, changes, |index| {
            capacities(state, index, &clusters_down, &view.in_maintenance)
        });
        for finding in findings {
            let finding_key = key(&finding);
            if !self.before.contains(&finding_key) && self.seen.insert(finding_key) {
                self.findings.push(StageFinding {
                    wave,
                    step,
                    new: true,
                    finding,
                });
            }
        }
        let capacity: Vec<ClusterCapacity> = capacity
            .into_iter()
            .filter(|c| c.in_maintenance > 0)
            .collect();
        for cluster in &capacity {
            let entry = self
                .tightest
                .entry(cluster.cluster)
                .or_insert_with(|| cluster.clone());
            if cluster.margin() < entry.margin() {
                *entry = cluster.clone();
            }
        }
        capacity
    }
}

/// Simulates every stage with the given rules only.
pub fn simulate_with(
    rules: &[&dyn Rule],
    project: &Project,
    plan: &UpgradePlan,
    reference: &ReferenceData,
    config: &RuleConfig,
) -> Simulation {
    let start = current_state(project);
    simulate_with_observer(rules, project, start, plan, reference, config, |_| {})
}

/// [`simulate`], telling `observe` of each step and wave just before it runs, as a [`replay`] would: work that
/// reads the estate there (the plan text's step descriptions) rides on the simulation's walk instead of walking
/// the plan again.
pub fn simulate_observing(
    project: &Project,
    plan: &UpgradePlan,
    reference: &ReferenceData,
    config: &RuleConfig,
    observe: impl FnMut(&ReplayEvent<'_>),
) -> Simulation {
    simulate_observing_from(
        project,
        current_state(project),
        plan,
        reference,
        config,
        observe,
    )
}

/// [`simulate_observing`] from `start`, the estate as [`current_state`] makes it of `project`, already made (by
/// [`crate::planner::auto_plan_and_start`]).
pub fn simulate_observing_from(
    project: &Project,
    start: Project,
    plan: &UpgradePlan,
    reference: &ReferenceData,
    config: &RuleConfig,
    observe: impl FnMut(&ReplayEvent<'_>),
) -> Simulation {
    simulate_with_observer(
        registry::rules(),
        project,
        start,
        plan,
        reference,
        config,
        observe,
    )
}

fn simulate_with_observer(
    rules: &[&dyn Rule],
    project: &Project,
    start: Project,
    plan: &UpgradePlan,
    reference: &ReferenceData,
    config: &RuleConfig,
    mut observe: impl FnMut(&ReplayEvent<'_>),
) -> Simulation {
    // The timeline's durations are read from the estate the stages' walk stands on before each step and wave,
    // rather than from a replay of its own (a second walk, or a second estate when run beside).
    let mut work = super::timing::WorkGatherer::new(plan);
    let stages = simulate_stages(rules, project, start, plan, reference, config, |event| {
        work.observe(project, plan, &event);
        observe(&event);
    });
    Simulation {
        stages,
        timeline: work.lay_out(project, plan),
    }
}

/// Every stage's outcome: its moments walked and checked, from `current`, the estate as [`current_state`] makes
/// it of `project`.
fn simulate_stages(
    rules: &[&dyn Rule],
    project: &Project,
    current: Project,
    plan: &UpgradePlan,
    reference: &ReferenceData,
    config: &RuleConfig,
    observe: impl FnMut(ReplayEvent<'_>),
) -> Vec<StageOutcome> {
    let mut checker = Checker {
        rules,
        reference,
        config,
        derived: Derived::default(),
    };
    let mut tally = MomentTally {
        before: rules::check_with(rules, &current, reference, config)
            .iter()
            .map(key)
            .collect(),
        ..MomentTally::default()
    };
    let mut stages: Vec<StageOutcome> = Vec::new();
    let mut waves: Vec<WaveOutcome> = Vec::new();
    let mut operations: Vec<OperationOutcome> = Vec::new();
    // The walk starts from the state just checked rather than making it again.
    walk_with(
        project,
        plan,
        reference,
        current,
        Stops::WavesAndOperations,
        |moment| {
            match moment {
                Moment::Operation {
                    view,
                    state,
                    step,
                    changes,
                } => {
                    let capacity =
                        tally.record(&mut checker, state, view, changes, None, Some(step));
                    operations.push(OperationOutcome {
                        step,
                        hosts: view.in_maintenance.iter().copied().collect(),
                        capacity,
                    });
                }
                Moment::Wave {
                    view,
                    state,
                    changes,
                } => {
                    let wave = view.wave.as_ref().map(|(index, _)| *index);
                    let capacity = tally.record(&mut checker, state, view, changes, wave, None);
                    waves.push(WaveOutcome {
                        name: view
                            .wave
                            .as_ref()
                            .map(|(_, n)| n.clone())
                            .unwrap_or_default(),
                        hosts: view.in_maintenance.iter().copied().collect(),
                        capacity,
                    });
                }
                Moment::StageEnd {
                    view,
                    state,
                    changes,
                } => {
                    let (findings, (mut capacity, reboots)) =
                        checker.check(state, view, changes, |index| {
                            (
                                all_capacity(state, index, &BTreeSet::new()),
                                super::reboots::stage_reboots(
                                    &index.vm_rows_of(state),
                                    &view.vm_upgrades,
                                ),
                            )
                        });
                    let after: BTreeSet<FindingKey> = findings.iter().map(key).collect();

                    let mut all: Vec<StageFinding> = findings
                        .into_iter()
                        .map(|finding| StageFinding {
                            wave: None,
                            step: None,
                            new: !tally.before.contains(&key(&finding))
                                && !tally.seen.contains(&key(&finding)),
                            finding,
                        })
                        .collect();
                    all.append(&mut tally.findings);
                    let standing: BTreeSet<FindingKey> =
                        all.iter().map(|f| key(&f.finding)).collect();
                    let resolved: Vec<FindingKey> = tally
                        .before
                        .iter()
                        .filter(|k| !standing.contains(k))
                        .copied()
                        .collect();
                    all.sort_by(|a, b| {
                        a.step
                            .cmp(&b.step)
                            .then_with(|| a.wave.cmp(&b.wave))
                            .then_with(|| Finding::order(&a.finding, &b.finding))
                    });
                    for cluster in &mut capacity {
                        if let Some(tight) = tally.tightest.remove(&cluster.cluster) {
                            *cluster = tight;
                        }
                    }
                    let mut versions: BTreeMap<String, usize> = BTreeMap::new();
                    for host in state.hosts.values() {
                        *versions.entry(host.release().to_string()).or_default() += 1;
                    }
                    stages.push(StageOutcome {
                        index: view.index,
                        kind: view.kind,
                        title: view.title.clone(),
                        findings: all,
                        waves: std::mem::take(&mut waves),
                        operations: std::mem::take(&mut operations),
                        versions,
                        capacity,
                        resolved,
                        reboots,
                    });
                    tally.tightest.clear();
                    tally.seen.clear();
                    tally.before = after;
                }
            }
            ControlFlow::<()>::Continue(())
        },
        observe,
    );
    stages
}

/// A point of the stage slider: the estate today, during a wave, or after a stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MomentInfo {
    pub stage: Option<usize>,
    pub wave: Option<usize>,
    pub label: String,
}

/// Every point of the stage slider in order: today, then the walk's slider stops (each wave and each stage end),
/// from the plan's structure alone.
pub fn moments(plan: &UpgradePlan) -> Vec<MomentInfo> {
    let today = MomentInfo {
        stage: None,
        wave: None,
        label: "Today (before the plan)".to_owned(),
    };
    let stops = slider_stops(plan).map(|stop| {
        let title = stop.stage.title();
        let index = stop.index;
        MomentInfo {
            stage: Some(index),
            wave: stop.wave.map(|(w, _)| w),
            label: match stop.wave {
                Some((_, wave)) => format!("Stage {index} {title}: during {}", wave.name),
                None => format!("Stage {index} {title}: done"),
            },
        }
    });
    std::iter::once(today).chain(stops).collect()
}

/// The estate at slider position `moment` (see [`moments`]) and the hosts in maintenance mode then.
pub fn state_at(
    project: &Project,
    plan: &UpgradePlan,
    reference: &ReferenceData,
    moment: usize,
) -> (Project, BTreeSet<HostId>) {
    let end = || {
        (
            state_after(project, plan, reference, Some(usize::MAX)),
            BTreeSet::new(),
        )
    };
    let Some(previous) = moment.checked_sub(1) else {
        return (current_state(project), BTreeSet::new());
    };
    // Past the last stop means the end state.
    let Some(stop) = slider_stops(plan).nth(previous) else {
        return end();
    };
    walk(project, plan, reference, |point| match point {
        Moment::Wave { view, state, .. } | Moment::StageEnd { view, state, .. }
            if stop.is(view) =>
        {
            ControlFlow::Break((state.clone(), view.in_maintenance.clone()))
        }
        Moment::Wave { .. } | Moment::StageEnd { .. } | Moment::Operation { .. } => {
            ControlFlow::Continue(())
        }
    })
    .unwrap_or_else(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stage;

    fn manual(title: &str) -> Step {
        Step::Manual {
            title: title.to_owned(),
            detail: String::new(),
        }
    }

    fn wave(name: &str, after: usize) -> Wave {
        Wave {
            name: name.to_owned(),
            after_upgrade: (0..after).map(|n| manual(&format!("after {n}"))).collect(),
            ..Wave::default()
        }
    }

    /// Two stages: steps then two waves with `after_upgrade` steps, and an empty one.
    fn plan() -> UpgradePlan {
        UpgradePlan {
            target: crate::planner::auto::DEFAULT_TARGET,
            stages: vec![
                Stage {
                    steps: vec![manual("one"), manual("two")],
                    waves: vec![wave("Wave 1", 2), wave("Wave 2", 0)],
                    ..Stage::new(StageKind::RollingUpgrade)
                },
                Stage::new(StageKind::Tools),
            ],
        }
    }

    #[test]
    fn the_walk_goes_through_steps_then_each_wave_with_its_after_upgrade_steps() {
        let plan = plan();
        let order: Vec<String> = walk_points(&plan)
            .map(|point| match point {
                WalkPoint::StageStart { index, .. } => format!("start {index}"),
                WalkPoint::Step {
                    index, step_index, ..
                } => format!("step {index}.{step_index}"),
                WalkPoint::Wave {
                    index, wave_index, ..
                } => format!("wave {index}.{wave_index}"),
                WalkPoint::AfterUpgrade {
                    index,
                    wave_index,
                    step_index,
                    ..
                } => format!("after {index}.{wave_index}.{step_index}"),
                WalkPoint::StageEnd { index, .. } => format!("end {index}"),
            })
            .collect();
        assert_eq!(
            order,
            [
                "start 0",
                "step 0.0",
                "step 0.1",
                "wave 0.0",
                "after 0.0.0",
                "after 0.0.1",
                "wave 0.1",
                "end 0",
                "start 1",
                "end 1",
            ]
        );
    }

    #[test]
    fn the_slider_lists_the_moments_the_walk_stops_at_in_its_order() {
        let plan = plan();
        let reference = ReferenceData::bundled().unwrap();
        let project = Project::default();
        let mut walked: Vec<(Option<usize>, Option<usize>)> = vec![(None, None)];
        walk(&project, &plan, &reference, |moment| {
            let view = match moment {
                Moment::Wave { view, .. }
                | Moment::StageEnd { view, .. }
                | Moment::Operation { view, .. } => view,
            };
            walked.push((Some(view.index), view.wave.as_ref().map(|(w, _)| *w)));
            ControlFlow::<()>::Continue(())
        });
        let moments = moments(&plan);
        let listed: Vec<(Option<usize>, Option<usize>)> =
            moments.iter().map(|m| (m.stage, m.wave)).collect();
        assert_eq!(listed, walked);
        let labels: Vec<&str> = moments.iter().map(|m| m.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Today (before the plan)",
                "Stage 0 Rolling host upgrade: during Wave 1",
                "Stage 0 Rolling host upgrade: during Wave 2",
                "Stage 0 Rolling host upgrade: done",
                "Stage 1 VMware Tools: done",
            ]
        );
    }

    /// Walks the plan of `project` and at every stop compares the index and graph carried over from the stop before
    /// with those built again from the estate; returns how many stops carried them over.
    fn carried_over_matches_a_new_build(project: &Project, plan: &UpgradePlan) -> usize {
        let reference = ReferenceData::bundled().expect("bundled reference data");
        let mut derived = Derived::default();
        let mut stops = 0;
        let mut carried = 0;
        walk_with(
            project,
            plan,
            &reference,
            current_state(project),
            Stops::WavesAndOperations,
            |moment| {
                let (state, changes) = match moment {
                    Moment::Operation { state, changes, .. }
                    | Moment::Wave { state, changes, .. }
                    | Moment::StageEnd { state, changes, .. } => (state, changes),
                };
                stops += 1;
                carried += usize::from(!changes.reshaped);
                let (index, connections) = derived.at(state, changes);
                let (fresh_index, fresh_connections) = rules::index_and_connections(state);
                assert!(*index == fresh_index, "index at stop {stops}");
                assert!(*connections == *fresh_connections, "graph at stop {stops}");
                ControlFlow::<()>::Continue(())
            },
            |_| {},
        );
        assert!(stops > 0);
        carried
    }

    #[test]
    fn the_index_and_graph_carried_from_stop_to_stop_are_those_a_new_build_gives() {
        let reference = ReferenceData::bundled().expect("bundled reference data");
        // Blade moves, re-zoning and FT in a small estate; waves with Tools marked out of date, evacuations and
        // firmware batches in the large one.
        let west = crate::io::PlanFile::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("projects/samples/esx35-west.ron"),
        )
        .expect("sample plan");
        let preset = crate::generate::generate(crate::generate::Preset::Vmworld2009Esx35);
        for project in [&west.project, &preset] {
            let plan = super::super::auto_plan(project, &reference);
            let carried = carried_over_matches_a_new_build(project, &plan);
            assert!(carried > 0, "no stop carried the index over");
        }
    }
}
