//! Findings as text, JSON and SARIF 2.1.0: one renderer per format, shared by the CLI and the tests.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::model::{ObjectRef, Project};
use crate::rules::{Finding, RuleMeta, Severity, registry};

/// Counts of findings per severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    /// Counts the findings.
    pub fn of(findings: &[Finding]) -> Self {
        let mut summary = Self::default();
        for finding in findings {
            match finding.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => summary.infos += 1,
            }
        }
        summary
    }

    /// "2 errors, 1 warning, 0 info".
    pub fn line(self) -> String {
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("{n} {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        format!(
            "{}, {}, {} info",
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            self.infos
        )
    }
}

/// The object as users name it: `host esx03 (host#3)`.
pub fn object_label(project: &Project, object: ObjectRef) -> String {
    let name = project.name_of(object).unwrap_or("?");
    match object {
        ObjectRef::Plan => format!("plan {name}"),
        _ => format!(
            "{} {name} ({}#{})",
            object.kind(),
            object.kind(),
            object.raw_id()
        ),
    }
}

/// Findings as the text `dcplan check` prints, ending with the summary line.
pub fn text(project: &Project, findings: &[Finding]) -> String {
    let mut out = String::new();
    for finding in findings {
        let _ = writeln!(
            out,
            "{}[{}] {}: {}",
            finding.severity,
            finding.rule,
            object_label(project, finding.object),
            finding.message
        );
        let _ = writeln!(out, "  fix: {}", finding.fix);
        let _ = writeln!(out, "  source: {}", finding.source);
    }
    let _ = writeln!(out, "{}", Summary::of(findings).line());
    out
}

/// One finding as a JSON object.
pub fn finding_json(project: &Project, finding: &Finding) -> Value {
    json!({
        "rule": finding.rule,
        "severity": finding.severity.as_str(),
        "object": {
            "kind": finding.object.kind(),
            "id": finding.object.raw_id(),
            "name": project.name_of(finding.object).unwrap_or(""),
        },
        "message": finding.message,
        "fix": finding.fix,
        "source": finding.source,
    })
}

/// Findings as the JSON document of `dcplan check --format json`.
pub fn json(project: &Project, plan_path: &str, findings: &[Finding]) -> Value {
    let summary = Summary::of(findings);
    json!({
        "plan": { "name": project.name, "path": plan_path },
        "findings": findings.iter().map(|f| finding_json(project, f)).collect::<Vec<_>>(),
        "summary": {
            "error": summary.errors,
            "warning": summary.warnings,
            "info": summary.infos,
            "total": findings.len(),
            "rules_run": registry::rules().len(),
        },
    })
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn sarif_rule(meta: &RuleMeta) -> Value {
    json!({
        "id": meta.id,
        "name": meta.name,
        "shortDescription": { "text": meta.title },
        "fullDescription": { "text": meta.checks },
        "help": { "text": meta.fix, "markdown": meta.explanation() },
        "defaultConfiguration": { "level": sarif_level(meta.severity) },
        "properties": { "source": meta.source },
    })
}

/// Findings as a SARIF 2.1.0 log; `line_of` gives the plan-file line of an object, for review tools.
pub fn sarif(
    project: &Project,
    plan_path: &str,
    findings: &[Finding],
    line_of: impl Fn(ObjectRef) -> usize,
) -> Value {
    let rules: Vec<Value> = registry::metas().map(sarif_rule).collect();
    let rule_index: std::collections::BTreeMap<&str, usize> = registry::metas()
        .enumerate()
        .map(|(i, m)| (m.id, i))
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|finding| {
            let rule_index = rule_index.get(finding.rule);
            json!({
                "ruleId": finding.rule,
                "ruleIndex": rule_index,
                "level": sarif_level(finding.severity),
                "message": { "text": format!("{}. Fix: {}", finding.message, finding.fix) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": plan_path },
                        "region": { "startLine": line_of(finding.object) },
                    },
                    "logicalLocations": [{
                        "kind": finding.object.kind(),
                        "name": project.name_of(finding.object).unwrap_or(""),
                        "fullyQualifiedName": format!("{}#{}", finding.object.kind(), finding.object.raw_id()),
                    }],
                }],
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "dcplan",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "results": results,
        }],
    })
}
