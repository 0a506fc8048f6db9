//! The simulated plan as the text and JSON `dcplan plan` prints, and the stage findings of `dcplan check --stage`.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::model::{Project, Step, UpgradePlan};
use crate::report::{Summary, finding_json, object_label};
use crate::rules::Severity;
use crate::wording;

use super::describe::{step_text_at_in, wave_hosts};
use super::simulate::{Simulation, StageFinding};
use super::timing::hours_label;

/// Each stage's step texts, written from the estate just before each step (a replay of the plan).
pub fn step_texts(
    project: &Project,
    plan: &UpgradePlan,
    reference: &crate::refdata::ReferenceData,
) -> Vec<Vec<String>> {
    StepTexts::of_replay(project, plan, reference).stages
}

/// The texts of a plan's steps, each written from the estate just before it: each stage's, and each wave's
/// `after_upgrade` steps. Gathered from a replay of the plan, or from the simulation's own walk
/// ([`super::simulate::simulate_observing`]) so the plan is walked once.
pub struct StepTexts {
    stages: Vec<Vec<String>>,
    /// Per stage, per wave.
    waves: Vec<Vec<Vec<String>>>,
    /// The VMs of each cluster, gathered once for every Tools and hardware step of the walk.
    clusters: super::projection::ClusterVms,
}

impl StepTexts {
    /// No text yet: one list per stage and per wave of `plan`.
    pub fn new(plan: &UpgradePlan) -> Self {
        Self {
            stages: plan.stages.iter().map(|_| Vec::new()).collect(),
            waves: plan
                .stages
                .iter()
                .map(|stage| stage.waves.iter().map(|_| Vec::new()).collect())
                .collect(),
            clusters: super::projection::ClusterVms::default(),
        }
    }

    /// The texts of every step, from a replay of the plan.
    pub fn of_replay(
        project: &Project,
        plan: &UpgradePlan,
        reference: &crate::refdata::ReferenceData,
    ) -> Self {
        let mut texts = Self::new(plan);
        super::simulate::replay(project, plan, reference, |event| {
            texts.observe(plan, &event);
        });
        texts
    }

    /// Writes the text of the step `event` is about to run, from the estate it gives.
    pub fn observe(&mut self, plan: &UpgradePlan, event: &super::simulate::ReplayEvent<'_>) {
        match *event {
            super::simulate::ReplayEvent::Step {
                stage,
                step,
                state,
                progress,
            } => {
                if let (Some(out), Some(s)) = (
                    self.stages.get_mut(stage),
                    plan.stages.get(stage).and_then(|st| st.steps.get(step)),
                ) {
                    out.push(step_text_at_in(state, progress, s, &self.clusters));
                }
            }
            super::simulate::ReplayEvent::AfterUpgrade {
                stage,
                wave,
                step,
                state,
                progress,
            } => {
                if let (Some(out), Some(s)) = (
                    self.waves.get_mut(stage).and_then(|w| w.get_mut(wave)),
                    plan.stages
                        .get(stage)
                        .and_then(|st| st.waves.get(wave))
                        .and_then(|w| w.after_upgrade.get(step)),
                ) {
                    out.push(step_text_at_in(state, progress, s, &self.clusters));
                }
            }
            _ => {}
        }
    }
}

/// The kind of a step as JSON names it, e.g. "AlignEvaPaths".
pub fn step_kind(step: &Step) -> &'static str {
    step.kind_name()
}

/// A stage's distinct findings by severity ([`super::StageOutcome::count`]).
fn summary_of(outcome: &super::StageOutcome) -> Summary {
    Summary {
        errors: outcome.count(Severity::Error),
        warnings: outcome.count(Severity::Warning),
        infos: outcome.count(Severity::Info),
    }
}

/// The plan as text: per stage its steps, waves, and the findings new at that stage.
pub fn text(
    project: &Project,
    plan: &UpgradePlan,
    simulation: &Simulation,
    reference: &crate::refdata::ReferenceData,
) -> String {
    text_with(
        project,
        plan,
        simulation,
        &StepTexts::of_replay(project, plan, reference),
    )
}

/// [`text`] with the step texts already written (gathered beside the simulation).
pub fn text_with(
    project: &Project,
    plan: &UpgradePlan,
    simulation: &Simulation,
    all: &StepTexts,
) -> String {
    let texts = &all.stages;
    let mut out = String::new();
    let waves: usize = plan.stages.iter().map(|s| s.waves.len()).sum();
    let _ = writeln!(
        out,
        "Upgrade plan for {} to {}: {}, {}, {} over all stages",
        project.name,
        plan.target,
        wording::count(plan.stages.len(), "stage", "stages"),
        wording::count(waves, "host wave", "host waves"),
        wording::count(simulation.errors(), "error finding", "error findings")
    );
    for (((stage, outcome), texts), wave_texts) in plan
        .stages
        .iter()
        .zip(&simulation.stages)
        .zip(texts)
        .zip(&all.waves)
    {
        let _ = writeln!(
            out,
            "\nStage {} {} ({})",
            outcome.index,
            stage.title(),
            hours_label(simulation.timeline.stage_hours(outcome.index))
        );
        for (number, text) in texts.iter().enumerate() {
            let _ = writeln!(out, "  {}. {text}", number + 1);
        }
        for (number, wave) in stage.waves.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {} ({}): {}",
                wave.name,
                hours_label(simulation.timeline.wave_hours(outcome.index, number)),
                wave_hosts(project, wave)
            );
            if let Some(result) = outcome.waves.get(number) {
                for capacity in &result.capacity {
                    let cluster = project
                        .clusters
                        .get(&capacity.cluster)
                        .map_or("?", |c| c.name.as_str());
                    let _ = writeln!(
                        out,
                        "    {cluster}: {} of {} hosts in maintenance, failover capacity {} GB, demand {} GB",
                        capacity.in_maintenance,
                        capacity.hosts,
                        capacity.failover_mb / 1024,
                        capacity.demand_mb / 1024
                    );
                }
            }
            for text in wave_texts.get(number).into_iter().flatten() {
                let _ = writeln!(out, "    then: {text}");
            }
        }
        let new: Vec<&StageFinding> = outcome.findings.iter().filter(|f| f.new).collect();
        let flow = outcome.flow(None);
        let _ = writeln!(
            out,
            "  findings: {} ({} new, {} persisting, {} resolved at this stage)",
            summary_of(outcome).line(),
            flow.new,
            flow.persisting,
            flow.resolved
        );
        for finding in new {
            let wave = finding
                .wave
                .and_then(|w| stage.waves.get(w))
                .map(|w| format!(" during {}", w.name))
                .or_else(|| {
                    let step = stage.steps.get(finding.step?)?;
                    Some(format!(
                        " during step {} ({})",
                        finding.step? + 1,
                        super::describe::step_kind_text(step)
                    ))
                })
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "    {}[{}] {}{wave}: {}",
                finding.finding.severity,
                finding.finding.rule,
                object_label(project, finding.finding.object),
                finding.finding.message
            );
        }
    }
    out
}

/// One stage finding as JSON: the finding with its `stage`, `wave` and `new` fields.
pub fn stage_finding_json(
    project: &Project,
    plan: &UpgradePlan,
    stage: usize,
    finding: &StageFinding,
) -> Value {
    let mut value = finding_json(project, &finding.finding);
    if let Value::Object(map) = &mut value {
        map.insert("stage".into(), json!(stage));
        let wave = finding
            .wave
            .and_then(|w| plan.stages.get(stage)?.waves.get(w))
            .map(|w| w.name.clone());
        map.insert("wave".into(), json!(wave));
        map.insert("step".into(), json!(finding.step.map(|s| s + 1)));
        map.insert("new".into(), json!(finding.new));
    }
    value
}

/// The plan as JSON: `{"stages": [{"name", "steps": [...], "findings": [...]}...]}`.
pub fn json(
    project: &Project,
    plan: &UpgradePlan,
    simulation: &Simulation,
    reference: &crate::refdata::ReferenceData,
) -> Value {
    json_with(
        project,
        plan,
        simulation,
        &StepTexts::of_replay(project, plan, reference),
    )
}

/// [`json`] with the step texts already written (gathered beside the simulation).
pub fn json_with(
    project: &Project,
    plan: &UpgradePlan,
    simulation: &Simulation,
    all: &StepTexts,
) -> Value {
    let stages: Vec<Value> = plan
        .stages
        .iter()
        .zip(&simulation.stages)
        .zip(&all.stages)
        .zip(&all.waves)
        .map(|(((stage, outcome), texts), wave_texts)| {
            let steps: Vec<Value> = stage
                .steps
                .iter()
                .zip(texts)
                .map(|(step, text)| json!({"kind": step_kind(step), "text": text}))
                .collect();
            let waves: Vec<Value> = stage
                .waves
                .iter()
                .zip(wave_texts)
                .enumerate()
                .map(|(number, (wave, after_texts))| {
                    let after: Vec<Value> = wave
                        .after_upgrade
                        .iter()
                        .zip(after_texts)
                        .map(|(step, text)| json!({"kind": step_kind(step), "text": text}))
                        .collect();
                    let hosts: Vec<&str> = wave
                        .hosts
                        .iter()
                        .filter_map(|h| project.hosts.get(h).map(|h| h.name.as_str()))
                        .collect();
                    json!({
                        "name": wave.name,
                        "hosts": hosts,
                        "hours": simulation.timeline.wave_hours(outcome.index, number),
                        "window": wave.window.as_ref().map(|w| json!({"date": w.date, "start": w.start, "hours": w.hours})),
                        "after_upgrade": after,
                    })
                })
                .collect();
            let findings: Vec<Value> = outcome
                .findings
                .iter()
                .map(|f| stage_finding_json(project, plan, outcome.index, f))
                .collect();
            let summary = summary_of(outcome);
            let flow = outcome.flow(None);
            json!({
                "index": outcome.index,
                "kind": format!("{:?}", stage.kind),
                "name": stage.title(),
                "hours": simulation.timeline.stage_hours(outcome.index),
                "steps": steps,
                "waves": waves,
                "findings": findings,
                "summary": {"error": summary.errors, "warning": summary.warnings, "info": summary.infos},
                "flow": {"new": flow.new, "persisting": flow.persisting, "resolved": flow.resolved},
            })
        })
        .collect();
    json!({
        "plan": {"name": project.name, "target": plan.target.to_string()},
        "stages": stages,
        "errors": simulation.errors(),
    })
}
