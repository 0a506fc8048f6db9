//! What the rules' unit tests share: running one rule on a small project and reading its findings.

use crate::model::{Index, Project};
use crate::refdata::ReferenceData;
use crate::rules::{Context, Findings, Rule, Severity, StageView};

/// The rule's findings on the project, on the design or in a stage, as (severity, message), against the bundled
/// reference data.
pub fn run(
    rule: &dyn Rule,
    project: &Project,
    stage: Option<&StageView>,
) -> Vec<(Severity, String)> {
    let Ok(reference) = ReferenceData::bundled() else {
        return vec![(Severity::Error, "bundled reference data".into())];
    };
    let index = Index::build(project);
    let ctx = match stage {
        Some(stage) => Context::for_stage(project, &reference, &index, stage),
        None => Context::new(project, &reference, &index),
    };
    let mut out = Findings::default();
    rule.check(&ctx, &mut out);
    out.into_vec()
        .into_iter()
        .map(|f| (f.severity, f.message))
        .collect()
}
