//! How long the plan takes and what runs at once: every stage, step and wave laid out in hours from the plan's
//! timing model ([`Timing`]), each worked out on the estate as it stands just before it (a replay of the plan).
//! The timeline chart, the runbook, the plan text and the summary all read this one timeline.
//!
//! The model, in the terms of the plan:
//! - Steps of one kind that follow each other form a phase; a phase's steps run in parallel across the objects
//!   they work on (vCenters, enclosures, arrays, clusters, hosts), one after the other on one object, at most
//!   `parallel_tasks` objects at once. Phases run in the order the stage lists them (OA, then blades, then VC).
//! - Host waves: Update Manager upgrades one host of a cluster at a time and up to `parallel_host_upgrades` hosts
//!   across clusters. Each cluster's waves run in order, and a cluster does not wait for the others to finish a
//!   wave: wave n of a cluster starts when its wave n - 1 is done. A wave with a maintenance window of its own
//!   starts at its window instead, after the wave before it.
//! - VMware Tools and virtual hardware: each host upgrades `guests_per_host` of its VMs at a time, each VM taking
//!   `guest_upgrade_minutes` plus its reboots; at most `parallel_guest_upgrades` VMs across the estate.
//! - Stages run one after the other, except where the stage model lets two overlap (Update Manager beside the
//!   firmware window). A stage with a dated maintenance window starts at its window.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::model::{
    ClusterId, HostId, Placement, Project, StageKind, Step, Timing, UpgradePlan, VmId, Window,
};
use crate::refdata::ReferenceData;

use super::projection::ClusterVms;
use super::reboots::guest_reboots;
use super::simulate::{ReplayEvent, replay};

/// A stretch of time, in hours from the plan's start.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Span {
    pub start: f64,
    pub hours: f64,
}

impl Span {
    pub fn end(&self) -> f64 {
        self.start + self.hours
    }
}

/// One stage in time.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StageTime {
    /// From the stage's start to the end of its last step or wave.
    pub span: Span,
    /// Each step, in the stage's order.
    pub steps: Vec<Span>,
    /// Each wave, from its first host's start to its last host's end and its `after_upgrade` steps.
    pub waves: Vec<Span>,
    /// The stage's maintenance window (start, hours), when it is set and its date and time read.
    pub window: Option<(f64, f64)>,
    /// Each wave's window, likewise.
    pub wave_windows: Vec<Option<(f64, f64)>>,
}

/// The whole plan in time.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timeline {
    pub stages: Vec<StageTime>,
    /// The calendar time of hour 0 (minutes since 1970-01-01 00:00), when some window is dated.
    pub origin: Option<i64>,
    /// When the last work or window ends, in hours from the start.
    pub end: f64,
    /// Hours during which some stage is at work (overlapping stages counted once, gaps between windows not).
    pub busy: f64,
}

impl Timeline {
    /// Hours of a stage's work, 0 for a stage the timeline does not have.
    pub fn stage_hours(&self, stage: usize) -> f64 {
        self.stages.get(stage).map_or(0.0, |s| s.span.hours)
    }

    /// Hours of a wave's work.
    pub fn wave_hours(&self, stage: usize, wave: usize) -> f64 {
        self.stages
            .get(stage)
            .and_then(|s| s.waves.get(wave))
            .map_or(0.0, |w| w.hours)
    }
}

/// Minutes since 1970-01-01 00:00 of a window's start, when its date and time read.
pub fn window_start(window: &Window) -> Option<i64> {
    let day = window.day()?;
    let (hour, minute) = match window.start.trim() {
        "" => (0, 0),
        start => {
            let (h, m) = start.split_once(':').unwrap_or((start, "0"));
            (h.parse::<i64>().ok()?, m.parse::<i64>().ok()?)
        }
    };
    if !(0..24).contains(&hour) || !(0..60).contains(&minute) {
        return None;
    }
    Some((day * 24 + hour) * 60 + minute)
}

/// Two stage kinds whose work may run at the same time: the stage model lets Update Manager go in beside the
/// firmware window (neither needs the other), and the keys of a legacy licence stage go in beside any stage after
/// the hosts run ESX 4.
pub fn may_overlap(a: StageKind, b: StageKind) -> bool {
    use StageKind::{
        ClustersComplete, Features, Firmware, Licences, Tools, UpdateManager, VirtualHardware,
    };
    let pair = |x: StageKind, y: StageKind| (a == x && b == y) || (a == y && b == x);
    pair(UpdateManager, Firmware)
        || [ClustersComplete, Tools, VirtualHardware, Features]
            .into_iter()
            .any(|other| pair(Licences, other))
}

/// Lays the plan out in time.
pub fn timeline(project: &Project, plan: &UpgradePlan, reference: &ReferenceData) -> Timeline {
    let mut work = WorkGatherer::new(plan);
    replay(project, plan, reference, |event| {
        work.observe(project, plan, &event)
    });
    work.lay_out(project, plan)
}

/// What each step and wave of a plan costs, gathered while a walk through the plan stands just before each of
/// them: the durations the timeline lays out. A replay feeds it in [`timeline`]; the simulation feeds it from its
/// own walk, so the plan is not walked a second time for its timeline.
pub struct WorkGatherer {
    work: Vec<StageWork>,
    clusters: ClusterVms,
}

impl WorkGatherer {
    pub fn new(plan: &UpgradePlan) -> Self {
        Self {
            work: plan.stages.iter().map(|_| StageWork::default()).collect(),
            clusters: ClusterVms::default(),
        }
    }

    /// Takes the cost of a step or a wave from the estate `event` gives, just before it runs.
    pub fn observe(&mut self, project: &Project, plan: &UpgradePlan, event: &ReplayEvent<'_>) {
        let timing = &project.timing;
        let clusters = &self.clusters;
        match *event {
            ReplayEvent::Step {
                stage, step, state, ..
            } => {
                if let (Some(work), Some(step)) = (
                    self.work.get_mut(stage),
                    plan.stages.get(stage).and_then(|s| s.steps.get(step)),
                ) {
                    work.steps.push(step_work(state, timing, step, clusters));
                }
            }
            ReplayEvent::Wave { stage, wave, state } => {
                if let (Some(work), Some(wave)) = (
                    self.work.get_mut(stage),
                    plan.stages.get(stage).and_then(|s| s.waves.get(wave)),
                ) {
                    // A step for one host (its agents) is part of that host's slot; the rest follow the wave.
                    let mut own: BTreeMap<HostId, f64> = BTreeMap::new();
                    let mut after = 0.0;
                    for step in &wave.after_upgrade {
                        let hours = step_work(state, timing, step, clusters).hours;
                        match step {
                            Step::ReinstallAgents { host } => {
                                *own.entry(*host).or_default() += hours;
                            }
                            _ => after += hours,
                        }
                    }
                    let host_hours = f64::from(timing.host_upgrade_minutes) / 60.0;
                    let hosts = wave
                        .hosts
                        .iter()
                        .map(|&host| {
                            let hours = host_hours + own.get(&host).copied().unwrap_or(0.0);
                            (lane_of_host(state, host), hours)
                        })
                        .collect();
                    work.waves.push(WaveWork { hosts, after });
                }
            }
            _ => {}
        }
    }

    /// Lays the gathered work out in time.
    pub fn lay_out(self, project: &Project, plan: &UpgradePlan) -> Timeline {
        lay_out(project, plan, self.work)
    }
}

/// Lays the work of each stage out in time: stages after the stages they wait for or at their windows, steps in
/// phases, waves per cluster.
fn lay_out(project: &Project, plan: &UpgradePlan, work: Vec<StageWork>) -> Timeline {
    let timing = &project.timing;
    let origin = plan
        .stages
        .iter()
        .flat_map(|stage| {
            stage
                .window
                .iter()
                .chain(stage.waves.iter().filter_map(|w| w.window.as_ref()))
        })
        .filter_map(window_start)
        .min();
    let relative = |window: &Option<Window>| -> Option<(f64, f64)> {
        let window = window.as_ref()?;
        let start = window_start(window)?;
        Some((
            (start - origin?) as f64 / 60.0,
            f64::from(window.hours.max(0.0)),
        ))
    };

    let mut stages: Vec<StageTime> = Vec::with_capacity(plan.stages.len());
    for (index, (stage, work)) in plan.stages.iter().zip(work).enumerate() {
        let window = relative(&stage.window);
        let ready = plan.stages[..index]
            .iter()
            .zip(&stages)
            .filter(|(before, _)| !may_overlap(before.kind, stage.kind))
            .map(|(_, time)| time.span.end().max(time.window.map_or(0.0, |(s, h)| s + h)))
            .fold(0.0, f64::max);
        // A dated stage starts at its window, but never before the stages it waits for are done.
        let start = window.map_or(ready, |(start, _)| start.max(ready));
        let steps = lay_out_steps(start, &work.steps, timing);
        let steps_end = steps.iter().map(Span::end).fold(start, f64::max);
        let wave_windows: Vec<Option<(f64, f64)>> =
            stage.waves.iter().map(|w| relative(&w.window)).collect();
        let waves = lay_out_waves(steps_end, &work.waves, &wave_windows, timing);
        let end = waves.iter().map(Span::end).fold(steps_end, f64::max);
        stages.push(StageTime {
            span: Span {
                start,
                hours: end - start,
            },
            steps,
            waves,
            window,
            wave_windows,
        });
    }
    let end = stages
        .iter()
        .flat_map(|s| {
            std::iter::once(s.span.end())
                .chain(s.window.map(|(start, hours)| start + hours))
                .chain(s.wave_windows.iter().flatten().map(|(s, h)| s + h))
        })
        .fold(0.0, f64::max);
    let busy = union_length(stages.iter().map(|s| s.span));
    Timeline {
        stages,
        origin,
        end,
        busy,
    }
}

/// What a step costs and where it runs.
#[derive(Clone, Debug, PartialEq)]
struct StepWork {
    phase: Phase,
    /// The object it works on: steps on one object run one after the other.
    lane: Lane,
    hours: f64,
    /// For guest upgrades: minutes of each VM's upgrade by the host it runs on (unknown: a host of its own),
    /// which the phase batches.
    guests: Vec<(Option<HostId>, f64)>,
}

#[derive(Clone, Debug, Default)]
struct WaveWork {
    /// Each host's queue (its cluster; a standalone host is its own) and hours (its upgrade and its own steps).
    hosts: Vec<(Lane, f64)>,
    /// Hours of the wave's `after_upgrade` steps, done once its hosts are.
    after: f64,
}

#[derive(Clone, Debug, Default)]
struct StageWork {
    steps: Vec<StepWork>,
    waves: Vec<WaveWork>,
}

/// Steps that run as one phase when they follow each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Done by hand, alone: nothing else runs beside it.
    Manual,
    Vcenter,
    VcDomainBackup,
    BladeMove,
    OaFirmware,
    BladeFirmware,
    VcFirmware,
    Storage,
    Network,
    HostPreparation,
    Cluster,
    Guests,
    Vm,
}

/// The object a step works on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Lane {
    Whole,
    Vcenter(crate::model::VcenterId),
    Enclosure(crate::model::EnclosureId),
    Array(crate::model::ArrayId),
    Cluster(ClusterId),
    Host(HostId),
}

/// A host's queue in a wave: its cluster, or itself when standalone.
fn lane_of_host(state: &Project, host: HostId) -> Lane {
    state
        .hosts
        .get(&host)
        .and_then(|h| h.cluster)
        .map_or(Lane::Host(host), Lane::Cluster)
}

fn enclosure_lane(state: &Project, host: HostId) -> Lane {
    match state.hosts.get(&host).map(|h| &h.placement) {
        Some(Placement::Blade { enclosure, .. }) => Lane::Enclosure(*enclosure),
        _ => Lane::Host(host),
    }
}

/// What one step costs, on the estate as it stands before it.
fn step_work(state: &Project, timing: &Timing, step: &Step, clusters: &ClusterVms) -> StepWork {
    let work = |phase: Phase, lane: Lane, hours: f64| StepWork {
        phase,
        lane,
        hours,
        guests: Vec::new(),
    };
    let lun_lane = |lun: &crate::model::LunId| {
        state
            .luns
            .get(lun)
            .map_or(Lane::Whole, |l| Lane::Array(l.array))
    };
    match step {
        Step::Manual { .. } => work(Phase::Manual, Lane::Whole, 0.5),
        Step::AlignEvaPaths { lun, .. } => work(Phase::Storage, lun_lane(lun), 0.25),
        // One esxcli (or PowerCLI) line per host for the LUN, checked in the client.
        Step::RoundRobin { lun } => work(Phase::Storage, lun_lane(lun), 0.1),
        Step::ResizeFlexNics { host, .. } => {
            work(Phase::Network, enclosure_lane(state, *host), 0.5)
        }
        Step::MoveBlade { host, .. } => work(Phase::BladeMove, Lane::Host(*host), 1.0),
        Step::RezoneHost { host } | Step::UpdateArrayHosts { host } => {
            work(Phase::BladeMove, Lane::Host(*host), 0.25)
        }
        Step::BackupVcenter { vcenter } => work(Phase::Vcenter, Lane::Vcenter(*vcenter), 2.0),
        Step::PreUpgradeCheck { vcenter } => work(Phase::Vcenter, Lane::Vcenter(*vcenter), 0.5),
        Step::UpgradeVcenter { vcenter, .. } => work(Phase::Vcenter, Lane::Vcenter(*vcenter), 3.0),
        Step::UpgradeUpdateManager { vcenter, .. } => {
            work(Phase::Vcenter, Lane::Vcenter(*vcenter), 1.5)
        }
        Step::ApplyVcenterLicence { vcenter, .. } => {
            work(Phase::Vcenter, Lane::Vcenter(*vcenter), 0.1)
        }
        Step::BackupUpdateManager { vcenter } => work(Phase::Vcenter, Lane::Vcenter(*vcenter), 0.5),
        Step::DefineBaselines { vcenter, .. } => work(Phase::Vcenter, Lane::Vcenter(*vcenter), 0.5),
        Step::ReinstallAgents { host } => {
            work(Phase::HostPreparation, lane_of_host(state, *host), 0.25)
        }
        // One command at the service console once the host is accepted.
        Step::CleanupEsx3 { host } => {
            work(Phase::HostPreparation, lane_of_host(state, *host), 0.05)
        }
        Step::BackupVcDomain { enclosure } => {
            work(Phase::VcDomainBackup, Lane::Enclosure(*enclosure), 0.5)
        }
        Step::UpdateOaFirmware { enclosure } => {
            work(Phase::OaFirmware, Lane::Enclosure(*enclosure), 0.5)
        }
        // Procedure 1: about five hours an enclosure, both sides at once or the domain recreated.
        Step::UpdateFirmware { enclosure, .. } | Step::RecreateVcDomain { enclosure } => {
            work(Phase::VcFirmware, Lane::Enclosure(*enclosure), 5.0)
        }
        Step::ActivateVcFirmware { enclosure, .. } => {
            work(Phase::VcFirmware, Lane::Enclosure(*enclosure), 1.0)
        }
        // A batch's hosts go into maintenance mode together and are flashed together; batches of one cluster
        // follow each other so the cluster keeps its failover capacity.
        Step::UpdateBladeFirmware { hosts } => work(
            Phase::BladeFirmware,
            hosts
                .first()
                .map_or(Lane::Whole, |&host| lane_of_host(state, host)),
            f64::from(timing.host_firmware_minutes) / 60.0,
        ),
        Step::StaticAddress { host } | Step::RemoveAgents { host } => {
            work(Phase::HostPreparation, lane_of_host(state, *host), 0.25)
        }
        Step::RelaxAdmissionControl { cluster } | Step::RestoreAdmissionControl { cluster } => {
            work(Phase::Cluster, Lane::Cluster(*cluster), 0.1)
        }
        Step::ApplyLicences { cluster, .. } => work(Phase::Cluster, Lane::Cluster(*cluster), 0.25),
        Step::ApplyHostLicences { hosts, .. } => work(
            Phase::Cluster,
            hosts
                .first()
                .map_or(Lane::Whole, |&host| lane_of_host(state, host)),
            0.1,
        ),
        Step::UpgradeTools { scope } => {
            guest_work(state, timing, &clusters.guests(state, scope), true)
        }
        Step::UpgradeHardware { scope, except } => {
            let vms: Vec<VmId> = clusters
                .guests(state, scope)
                .into_iter()
                .filter(|id| !except.contains(id))
                .collect();
            guest_work(state, timing, &vms, false)
        }
        Step::InflateDisks { vm } => work(Phase::Vm, vm_lane(state, *vm), 1.0),
        Step::EnableFt { vm, .. } => work(Phase::Vm, vm_lane(state, *vm), 0.5),
    }
}

fn vm_lane(state: &Project, vm: VmId) -> Lane {
    state
        .vms
        .get(&vm)
        .and_then(|v| v.cluster)
        .map_or(Lane::Whole, Lane::Cluster)
}

/// A Tools (`tools`) or virtual hardware step: each VM's minutes by the host it runs on.
fn guest_work(state: &Project, timing: &Timing, vms: &[VmId], tools: bool) -> StepWork {
    let reboot = f64::from(timing.guest_reboot_minutes);
    // Only VMs the step changes take time: Tools already current or hardware already 7 are skipped, as the
    // projection and the reboot count skip them.
    let guests: Vec<(Option<HostId>, f64)> = vms
        .iter()
        .filter_map(|id| state.vms.get(id))
        .filter(|vm| {
            if tools {
                vm.tools != crate::model::ToolsStatus::Current
            } else {
                !vm.hardware_at_least(7)
            }
        })
        .map(|vm| {
            // A powered-off VM gets its new hardware without a guest boot; Tools need the guest running.
            let reboots = if !tools && !vm.is_powered_on() {
                0
            } else {
                guest_reboots(&vm.guest_os, tools, !tools)
            };
            (
                vm.host,
                f64::from(timing.guest_upgrade_minutes) + reboot * f64::from(reboots),
            )
        })
        .collect();
    StepWork {
        phase: Phase::Guests,
        lane: Lane::Whole,
        // The phase works out the hours once over all its steps' guests ([`lay_out_steps`]).
        hours: 0.0,
        guests,
    }
}

/// Hours to upgrade these guests: each host `guests_per_host` at a time, at most `parallel_guest_upgrades`
/// across the estate.
fn guest_hours(guests: &[(Option<HostId>, f64)], timing: &Timing) -> f64 {
    if guests.is_empty() {
        return 0.0;
    }
    let per_host = timing.guests_per_host.max(1) as usize;
    let mut by_host: BTreeMap<HostId, Vec<f64>> = BTreeMap::new();
    for &(host, minutes) in guests.iter() {
        // A VM whose host is not recorded waits for no other VM.
        if let Some(host) = host {
            by_host.entry(host).or_default().push(minutes);
        }
    }
    // A host's batches: the longest VMs together, each batch as long as its longest VM.
    let alone = guests
        .iter()
        .filter(|(host, _)| host.is_none())
        .map(|(_, minutes)| *minutes)
        .fold(0.0, f64::max);
    let longest_host = by_host
        .values_mut()
        .map(|minutes| {
            minutes.sort_by(|a, b| b.total_cmp(a));
            minutes
                .chunks(per_host)
                .map(|batch| batch.first().copied().unwrap_or(0.0))
                .sum::<f64>()
        })
        .fold(alone, f64::max);
    let total: f64 = guests.iter().map(|(_, minutes)| minutes).sum();
    let estate = total / f64::from(timing.parallel_guest_upgrades.max(1));
    longest_host.max(estate) / 60.0
}

/// Lays a stage's steps out from `start`: phases in order, lanes of a phase in parallel.
fn lay_out_steps(start: f64, steps: &[StepWork], timing: &Timing) -> Vec<Span> {
    let mut spans = vec![Span::default(); steps.len()];
    let mut cursor = start;
    let mut first = 0;
    while first < steps.len() {
        let phase = steps[first].phase;
        let last = if phase == Phase::Manual {
            first + 1
        } else {
            steps[first..]
                .iter()
                .position(|s| s.phase != phase)
                .map_or(steps.len(), |n| first + n)
        };
        let members = &steps[first..last];
        let end = if phase == Phase::Guests {
            // One Update Manager remediation over every VM of the phase.
            let guests: Vec<(Option<HostId>, f64)> = members
                .iter()
                .flat_map(|s| s.guests.iter().copied())
                .collect();
            // The steps share the estate's slots, so each lasts as long as the whole remediation.
            let hours = guest_hours(&guests, timing);
            for span in &mut spans[first..last] {
                *span = Span {
                    start: cursor,
                    hours,
                };
            }
            cursor + hours
        } else {
            let workers = if phase == Phase::BladeFirmware {
                timing.parallel_host_upgrades
            } else {
                timing.parallel_tasks
            };
            lay_out_lanes(cursor, members, workers, &mut spans[first..last])
        };
        cursor = end;
        first = last;
    }
    spans
}

/// One phase: each lane's steps one after the other, the lanes shared out over `workers` (the longest first),
/// returning when the last lane is done.
fn lay_out_lanes(start: f64, steps: &[StepWork], workers: u32, spans: &mut [Span]) -> f64 {
    let mut lanes: BTreeMap<Lane, Vec<usize>> = BTreeMap::new();
    for (index, step) in steps.iter().enumerate() {
        lanes.entry(step.lane).or_default().push(index);
    }
    let mut order: Vec<(f64, Vec<usize>)> = lanes
        .into_values()
        .map(|members| (members.iter().map(|&i| steps[i].hours).sum(), members))
        .collect();
    order.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut free = vec![start; workers.max(1) as usize];
    let mut end = start;
    for (_, members) in order {
        let (worker, at) = free
            .iter()
            .copied()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap_or((0, start));
        let mut cursor = at;
        for index in members {
            spans[index] = Span {
                start: cursor,
                hours: steps[index].hours,
            };
            cursor += steps[index].hours;
        }
        if let Some(slot) = free.get_mut(worker) {
            *slot = cursor;
        }
        end = end.max(cursor);
    }
    end
}

/// Lays a stage's waves out from `start`: one host of a cluster at a time, `parallel_host_upgrades` hosts at
/// once, each cluster's waves in order. Waves with windows of their own start at them, after the wave before.
fn lay_out_waves(
    start: f64,
    waves: &[WaveWork],
    windows: &[Option<(f64, f64)>],
    timing: &Timing,
) -> Vec<Span> {
    let slots = timing.parallel_host_upgrades.max(1) as usize;
    let span_of = |wave: &WaveWork, times: &[(f64, f64)], from: f64| {
        let first = times.iter().map(|t| t.0).fold(f64::INFINITY, f64::min);
        let last = times.iter().map(|t| t.1).fold(from, f64::max);
        let first = if first.is_finite() { first } else { from };
        Span {
            start: first,
            hours: last - first + wave.after,
        }
    };
    if windows.iter().any(Option::is_some) {
        // Wave by wave, each in its window.
        let mut cursor = start;
        let mut spans = Vec::with_capacity(waves.len());
        for (index, wave) in waves.iter().enumerate() {
            let begin = windows
                .get(index)
                .copied()
                .flatten()
                .map_or(cursor, |(at, _)| at.max(cursor));
            let times = host_times(&[wave], slots, begin);
            let span = times.first().map_or(
                Span {
                    start: begin,
                    hours: wave.after,
                },
                |t| span_of(wave, t, begin),
            );
            cursor = span.end();
            spans.push(span);
        }
        return spans;
    }
    let all: Vec<&WaveWork> = waves.iter().collect();
    let times = host_times(&all, slots, start);
    waves
        .iter()
        .zip(times)
        .map(|(wave, times)| span_of(wave, &times, start))
        .collect()
}

/// When each host of the waves starts and ends: one host of a queue (cluster) at a time in wave order, at most
/// `slots` at once; a free slot takes the queue with the most hours left, so the longest cluster never waits.
fn host_times(waves: &[&WaveWork], slots: usize, start: f64) -> Vec<Vec<(f64, f64)>> {
    let mut queues: BTreeMap<Lane, VecDeque<(usize, usize, f64)>> = BTreeMap::new();
    for (wave_index, wave) in waves.iter().enumerate() {
        for (host_index, &(lane, hours)) in wave.hosts.iter().enumerate() {
            queues
                .entry(lane)
                .or_default()
                .push_back((wave_index, host_index, hours));
        }
    }
    let mut out: Vec<Vec<(f64, f64)>> = waves
        .iter()
        .map(|w| vec![(start, start); w.hosts.len()])
        .collect();
    // Hours each queue still holds, kept as hosts leave it rather than summed again at every pick.
    let mut hours_left: BTreeMap<Lane, f64> = BTreeMap::new();
    for (lane, queue) in &queues {
        hours_left.insert(*lane, queue.iter().map(|h| h.2).sum());
    }
    // Queues with hosts left are either busy until a time or ready, ordered for the pick: a slot frees up no
    // earlier than the one before it, so a queue once ready stays ready until it is picked. Keeping them ordered
    // instead of reading every queue at every pick matters with thousands of clusters.
    let mut busy: BTreeSet<(Hours, Lane)> =
        queues.keys().map(|&lane| (Hours(start), lane)).collect();
    let mut ready: BTreeSet<(std::cmp::Reverse<Hours>, Lane)> = BTreeSet::new();
    let mut slot_free = vec![start; slots];
    while let Some((slot, now)) = slot_free
        .iter()
        .copied()
        .enumerate()
        .min_by(|a, b| a.1.total_cmp(&b.1))
    {
        while let Some(&(Hours(free), lane)) = busy.first() {
            if free > now + 1e-9 {
                break;
            }
            busy.pop_first();
            let left = hours_left.get(&lane).copied().unwrap_or(0.0);
            ready.insert((std::cmp::Reverse(Hours(left)), lane));
        }
        // The most hours left first; between equals the lowest lane.
        let Some((_, lane)) = ready.pop_first() else {
            let Some(&(Hours(next), _)) = busy.first() else {
                break;
            };
            // Every queue with hosts left is busy: this slot waits for the first to free up.
            if let Some(free) = slot_free.get_mut(slot) {
                *free = next;
            }
            continue;
        };
        let Some(queue) = queues.get_mut(&lane) else {
            break;
        };
        let Some((wave, host, hours)) = queue.pop_front() else {
            break;
        };
        let more = !queue.is_empty();
        if let Some(left) = hours_left.get_mut(&lane) {
            *left -= hours;
        }
        let end = now + hours;
        if let Some(time) = out.get_mut(wave).and_then(|w| w.get_mut(host)) {
            *time = (now, end);
        }
        if more {
            busy.insert((Hours(end), lane));
        }
        if let Some(free) = slot_free.get_mut(slot) {
            *free = end;
        }
    }
    out
}

/// Hours as a totally ordered key (`f64::total_cmp`).
#[derive(Clone, Copy, Debug)]
struct Hours(f64);

impl PartialEq for Hours {
    fn eq(&self, other: &Self) -> bool {
        self.0.total_cmp(&other.0).is_eq()
    }
}

impl Eq for Hours {}

impl PartialOrd for Hours {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Hours {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// Total length of the union of spans.
fn union_length(spans: impl Iterator<Item = Span>) -> f64 {
    let mut spans: Vec<Span> = spans.filter(|s| s.hours > 0.0).collect();
    spans.sort_by(|a, b| a.start.total_cmp(&b.start));
    let mut total = 0.0;
    let mut current: Option<(f64, f64)> = None;
    for span in spans {
        match current {
            Some((from, to)) if span.start <= to => current = Some((from, to.max(span.end()))),
            Some((from, to)) => {
                total += to - from;
                current = Some((span.start, span.end()));
            }
            None => current = Some((span.start, span.end())),
        }
    }
    if let Some((from, to)) = current {
        total += to - from;
    }
    total
}

/// Hours as people read them: "12.5 h", never "-0.0 h".
pub fn hours_label(hours: f64) -> String {
    format!("{:.1} h", hours.max(0.0) + 0.0)
}

/// The assumptions behind the durations, in one line: what a reader needs to judge the total.
pub fn assumptions(timing: &Timing) -> String {
    format!(
        "{} min a host upgrade, up to {} hosts at once and one per cluster; {} min of blade firmware a host; \
         {} min a guest upgrade plus {} min a reboot, {} VMs at once a host and {} across the estate; \
         {} hands-on tasks at once",
        timing.host_upgrade_minutes,
        timing.parallel_host_upgrades,
        timing.host_firmware_minutes,
        timing.guest_upgrade_minutes,
        timing.guest_reboot_minutes,
        timing.guests_per_host,
        timing.parallel_guest_upgrades,
        timing.parallel_tasks
    )
}
