//! The rule engine: one rule per catalogue ID (`../shared/domain/rules.md`), run over a project into sorted findings.
//!
//! A rule is a unit struct implementing [`Rule`] with a `static` [`RuleMeta`] holding its catalogue ID, default
//! severity and documentation. [`registry::RULES`] is the one sorted table of every rule.

mod context;
mod finding;
mod host_tally;
pub mod incremental;
pub mod registry;
mod stage;
#[cfg(test)]
mod testing;
mod unknown;

mod cap;
mod cpu;
mod eva;
mod fd;
mod feat;
mod ft_cl;
mod ft_ho;
mod ft_net;
mod ft_vm;
mod gos;
mod ha;
mod hcl;
mod ldv;
mod lic;
mod max;
mod mix;
mod n1k;
mod net;
mod ops;
mod sto;
mod upg;
mod vc;
mod vmfs;
mod vmo;

pub use context::{Context, number};
pub use finding::{Finding, Findings, Severity};
pub use stage::{Progress, StageView, VmUpgrades};

use crate::io::{RuleConfig, SeverityOverride};
use crate::model::{Index, Project};
use crate::refdata::ReferenceData;

/// A rule's identity and documentation, as `dcplan rules` and `dcplan explain` show it.
#[derive(Debug)]
pub struct RuleMeta {
    /// The catalogue ID, e.g. "FT-VM-01".
    pub id: &'static str,
    /// Kebab-case name of the problem, e.g. "ft-vm-multiple-vcpus".
    pub name: &'static str,
    /// One line saying what is wrong when the rule fires.
    pub title: &'static str,
    pub severity: Severity,
    /// How far its findings look from the object they are about: what an edit can change of them.
    pub reach: Reach,
    /// What it checks: fields and thresholds.
    pub checks: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// A triggering example.
    pub example: &'static str,
    /// How to fix.
    pub fix: &'static str,
    /// Where the fact comes from (catalogue source keys).
    pub source: &'static str,
}

impl RuleMeta {
    /// The rule's documentation as Markdown, the way `dcplan explain` and the UI show it.
    pub fn explanation(&self) -> String {
        format!(
            "# {id} {name}\n\n{title}\n\nDefault severity: {severity}\n\n## What it checks\n{checks}\n\n## Why it matters\n{why}\n\n## Example\n{example}\n\n## How to fix\n{fix}\n\n## Source\n{source}\n",
            id = self.id,
            name = self.name,
            title = self.title,
            severity = self.severity,
            checks = self.checks,
            why = self.why,
            example = self.example,
            fix = self.fix,
            source = self.source,
        )
    }
}

/// How far a rule looks from the object a finding is about, so the designer re-checks only what an edit can
/// change ([`incremental`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// A finding about a cluster, one of its hosts or one of its VMs depends only on that cluster's hosts and VMs
    /// (for a standalone host: itself and its VMs) and on objects that are neither hosts nor VMs.
    Cluster,
    /// Findings depend on hosts or VMs of other clusters too (counts per vCenter or datastore, names across the
    /// estate...): after an edit they wait for the full check.
    Estate,
}

/// A check over a whole project.
pub trait Rule: Sync {
    /// The rule's ID, severity and documentation.
    fn meta(&self) -> &'static RuleMeta;

    /// Reports every violation in the project through `out`.
    fn check(&self, ctx: &Context<'_>, out: &mut Findings);
}

/// Checks a project with every rule and the plan's configuration; findings come back sorted.
pub fn check(project: &Project, reference: &ReferenceData, config: &RuleConfig) -> Vec<Finding> {
    let (index, connections) = index_and_connections(project);
    let ctx = Context::new(project, reference, &index).with_connections(connections);
    configured(run_parallel(registry::rules(), &ctx), config)
}

/// The index and the connectivity graph of `project`, built side by side: when every rule runs, the graph several
/// of them share is built beside the index rather than by the first rule that needs it while the others wait.
pub fn index_and_connections(
    project: &Project,
) -> (Index, std::sync::Arc<crate::topology::Connections>) {
    rayon::join(
        || Index::build(project),
        || {
            std::sync::Arc::new(crate::topology::Connections::build(
                project,
                &crate::topology::ModulesDown::new(),
            ))
        },
    )
}

/// Checks a project with the given rules only.
pub fn check_with(
    rules: &[&dyn Rule],
    project: &Project,
    reference: &ReferenceData,
    config: &RuleConfig,
) -> Vec<Finding> {
    let index = Index::build(project);
    let ctx = Context::new(project, reference, &index);
    configured(run_parallel(rules, &ctx), config)
}

/// Findings with the plan's overrides and suppressions applied, in report order.
fn configured(mut findings: Vec<Finding>, config: &RuleConfig) -> Vec<Finding> {
    apply_config(&mut findings, config);
    findings.sort_by(Finding::order);
    findings
}

/// Checks the projected state of an upgrade stage with the given rules (stage-aware rules see `stage`).
pub fn check_stage(
    rules: &[&dyn Rule],
    project: &Project,
    reference: &ReferenceData,
    config: &RuleConfig,
    stage: &StageView,
) -> Vec<Finding> {
    check_stage_indexed(
        rules,
        project,
        (&Index::build(project), None),
        reference,
        config,
        stage,
    )
}

/// [`check_stage`] with an index the caller built (and uses again), and the connectivity graph when the caller
/// built it too (else the first rule that needs it builds it).
pub fn check_stage_indexed(
    rules: &[&dyn Rule],
    project: &Project,
    (index, connections): (&Index, Option<std::sync::Arc<crate::topology::Connections>>),
    reference: &ReferenceData,
    config: &RuleConfig,
    stage: &StageView,
) -> Vec<Finding> {
    let mut ctx = Context::for_stage(project, reference, index, stage);
    if let Some(connections) = connections {
        ctx = ctx.with_connections(connections);
    }
    let mut findings = run_parallel(rules, &ctx);
    apply_config(&mut findings, config);
    findings.sort_by(Finding::order);
    findings
}

/// Runs rules on every core (rayon's pool steals work, so a few heavy rules spread over the workers). Findings are
/// sorted afterwards, so the order of completion does not matter.
fn run_parallel(rules: &[&dyn Rule], ctx: &Context<'_>) -> Vec<Finding> {
    use rayon::prelude::*;
    rules
        .par_iter()
        .fold(Findings::default, |mut out, rule| {
            rule.check(ctx, &mut out);
            out
        })
        .map(Findings::into_vec)
        .reduce(Vec::new, |mut all, mut more| {
            all.append(&mut more);
            all
        })
}

/// Time spent per rule (and building the index and the connectivity graph, side by side as a check builds them)
/// on one check of `project`, slowest first. The graph is built before the rules as in a check, so the first rule
/// that asks for it is not charged for it.
pub fn timings(
    project: &Project,
    reference: &ReferenceData,
) -> Vec<(&'static str, std::time::Duration)> {
    let start = std::time::Instant::now();
    let (index, connections) = index_and_connections(project);
    let mut times = vec![("(index and graph)", start.elapsed())];
    let ctx = Context::new(project, reference, &index).with_connections(connections);
    for rule in registry::rules() {
        let mut out = Findings::default();
        let start = std::time::Instant::now();
        rule.check(&ctx, &mut out);
        times.push((rule.meta().id, start.elapsed()));
    }
    times.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    times
}

/// Applies a plan's severity overrides and per-object suppressions.
fn apply_config(findings: &mut Vec<Finding>, config: &RuleConfig) {
    if config.is_empty() {
        return;
    }
    findings.retain_mut(|finding| {
        // An override of a row that became a reference applies to the rules that report its fact now.
        let names = |rule: &str| {
            rule == finding.rule
                || registry::reference(rule).is_some_and(|now| now.contains(&finding.rule))
        };
        if config
            .suppressions
            .iter()
            .any(|s| names(&s.rule) && s.object == finding.object)
        {
            return false;
        }
        match config.overrides.iter().rev().find(|o| names(&o.rule)) {
            Some(o) => match o.severity {
                SeverityOverride::Off => false,
                SeverityOverride::Error => {
                    finding.severity = Severity::Error;
                    true
                }
                SeverityOverride::Warning => {
                    finding.severity = Severity::Warning;
                    true
                }
                SeverityOverride::Info => {
                    finding.severity = Severity::Info;
                    true
                }
            },
            None => true,
        }
    });
}

/// The first problem of a plan's rule configuration: its position among the `rule:` entries and what is wrong.
pub fn validate_config(config: &RuleConfig) -> Option<(usize, String)> {
    let rules = config
        .overrides
        .iter()
        .map(|o| (o.rule.as_str(), o.reason.as_str()))
        .chain(
            config
                .suppressions
                .iter()
                .map(|s| (s.rule.as_str(), s.reason.as_str())),
        );
    for (position, (rule, reason)) in rules.enumerate() {
        if registry::find(rule).is_none() && registry::reference(rule).is_none() {
            return Some((
                position,
                format!("unknown rule `{rule}` (see `dcplan rules`)"),
            ));
        }
        if reason.trim().is_empty() {
            return Some((
                position,
                format!("the override of {rule} needs a written `reason`"),
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `dcplan check --timings` names every rule once, after the index and graph it builds first as a check does.
    #[test]
    fn timings_name_every_rule_once_beside_the_index_and_graph() {
        let reference = ReferenceData::bundled().expect("bundled reference data");
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("projects/samples/esx35-west.ron");
        let project = crate::io::PlanFile::load(&path).expect("sample").project;
        let mut named: Vec<&str> = timings(&project, &reference)
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        named.sort_unstable();
        let mut expected: Vec<&str> = registry::rules()
            .iter()
            .map(|rule| rule.meta().id)
            .collect();
        expected.push("(index and graph)");
        expected.sort_unstable();
        assert_eq!(named, expected);
    }
}
