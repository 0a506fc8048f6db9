//! Items a rule could not judge because the reference data lacks them, reported once per item.
//!
//! rules-v2 gives every reference lookup three states: listed passes, not listed takes the rule's severity, and
//! unknown (not in dcplan's data) is an info finding "not in reference data: <item>", never an error or a warning.
//! A plan repeats a handful of models and processors on hundreds of hosts, so a rule gathers its unknowns here and
//! says each missing item once, naming the objects it concerns, instead of once per object. The finding is the
//! object's when one object is concerned, the plan's when several are.

use std::collections::{BTreeMap, BTreeSet};

use super::{Findings, RuleMeta, Severity};
use crate::model::ObjectRef;

/// Names shown before "and N more".
const SHOWN: usize = 3;

/// The objects one missing item concerns.
#[derive(Debug)]
struct Concerned {
    /// The first object noted: the finding is attached to it when it is the only one.
    object: ObjectRef,
    /// Every distinct name, to count each object once.
    seen: BTreeSet<String>,
    /// The first few names, in the order noted.
    first: Vec<String>,
}

/// The missing items a rule met, each with the objects it concerns, in the order of the item text.
#[derive(Debug, Default)]
pub(in crate::rules) struct Unknowns {
    items: BTreeMap<String, Concerned>,
}

/// One missing item, ready to be worded.
pub(in crate::rules) struct Unknown<'a> {
    /// What the reference data lacks, e.g. "ProLiant DL360 G6 for ESX 4.0".
    pub item: &'a str,
    /// "esx01, esx02, esx03 and 5 more".
    pub names: String,
    /// How many distinct objects.
    pub count: usize,
}

impl Unknown<'_> {
    /// "not in reference data: <item>", the wording every such finding carries.
    pub fn missing(&self) -> String {
        format!("not in reference data: {}", self.item)
    }
}

impl Unknowns {
    pub fn new() -> Self {
        Self::default()
    }

    /// Notes that `item` is missing for an object called `name`.
    pub fn note(&mut self, item: impl Into<String>, object: impl Into<ObjectRef>, name: &str) {
        let entry = self.items.entry(item.into()).or_insert_with(|| Concerned {
            object: object.into(),
            seen: BTreeSet::new(),
            first: Vec::new(),
        });
        if !entry.seen.insert(name.to_owned()) {
            return;
        }
        if entry.first.len() < SHOWN {
            entry.first.push(name.to_owned());
        }
    }

    /// Reports one info finding per missing item, worded by `message`.
    pub fn report(
        self,
        meta: &'static RuleMeta,
        out: &mut Findings,
        message: impl Fn(&Unknown<'_>) -> String,
    ) {
        for (item, concerned) in self.items {
            let count = concerned.seen.len();
            let mut names = concerned.first.join(", ");
            if count > concerned.first.len() {
                names.push_str(&format!(" and {} more", count - concerned.first.len()));
            }
            let unknown = Unknown {
                item: &item,
                names,
                count,
            };
            // A finding over several objects belongs to the plan: anchored to one of them it would move from object
            // to object as upgrade waves change the set, and show up as new in every wave.
            let object = if count == 1 {
                concerned.object
            } else {
                ObjectRef::Plan
            };
            out.add_at(meta, Severity::Info, object, message(&unknown));
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests stop loudly")]

    use super::*;
    use crate::model::HostId;
    use crate::rules::registry;

    #[test]
    fn one_finding_per_item_naming_each_object_once() {
        let meta = registry::find("HCL-01").unwrap().meta();
        let mut unknowns = Unknowns::new();
        for (id, name) in [
            (3, "esx03"),
            (1, "esx01"),
            (2, "esx02"),
            (1, "esx01"),
            (4, "esx04"),
        ] {
            unknowns.note("ProLiant BL999c G9 for ESX 4.0", HostId(id), name);
        }
        unknowns.note("Xeon 9900", HostId(2), "esx02");
        let mut out = Findings::default();
        unknowns.report(meta, &mut out, |u| {
            format!("{} ({}): {}", u.names, u.count, u.missing())
        });
        let findings = out.into_vec();
        assert_eq!(findings.len(), 2);
        assert!(findings.iter().all(|f| f.severity == Severity::Info));
        assert_eq!(
            findings[0].message,
            "esx03, esx01, esx02 and 1 more (4): not in reference data: ProLiant BL999c G9 for ESX 4.0"
        );
        assert_eq!(findings[0].object, ObjectRef::Plan);
        assert_eq!(findings[1].object, ObjectRef::from(HostId(2)));
        assert_eq!(
            findings[1].message,
            "esx02 (1): not in reference data: Xeon 9900"
        );
    }
}
