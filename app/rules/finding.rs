//! Findings: what a rule reports, and the collector rules report into.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::RuleMeta;
use crate::model::ObjectRef;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    /// The lower-case name used in every output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One violation of one rule by one object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub object: ObjectRef,
    /// One sentence with the actual numbers, no trailing full stop.
    pub message: String,
    pub fix: Cow<'static, str>,
    pub source: &'static str,
}

impl Finding {
    /// Errors first, then by rule ID, object and message: the order of every output.
    pub fn order(a: &Self, b: &Self) -> Ordering {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.rule.cmp(b.rule))
            .then_with(|| a.object.cmp(&b.object))
            .then_with(|| a.message.cmp(&b.message))
    }
}

/// The collector rules report into.
#[derive(Debug, Default)]
pub struct Findings {
    items: Vec<Finding>,
}

impl Findings {
    /// Reports a finding at the rule's default severity with its default fix.
    pub fn add(&mut self, meta: &'static RuleMeta, object: impl Into<ObjectRef>, message: String) {
        self.add_at(meta, meta.severity, object, message);
    }

    /// Reports a finding at a severity the rule chose for this case (rules with "W (E if ...)" severities).
    pub fn add_at(
        &mut self,
        meta: &'static RuleMeta,
        severity: Severity,
        object: impl Into<ObjectRef>,
        message: String,
    ) {
        self.items.push(Finding {
            rule: meta.id,
            severity,
            object: object.into(),
            message,
            fix: Cow::Borrowed(meta.fix),
            source: meta.source,
        });
    }

    /// Reports a finding with a fix worded for this case.
    pub fn add_with_fix(
        &mut self,
        meta: &'static RuleMeta,
        object: impl Into<ObjectRef>,
        message: String,
        fix: String,
    ) {
        self.add(meta, object, message);
        if let Some(last) = self.items.last_mut() {
            last.fix = Cow::Owned(fix);
        }
    }

    /// Findings so far.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// No findings so far.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The collected findings, unsorted.
    pub fn into_vec(self) -> Vec<Finding> {
        self.items
    }
}
