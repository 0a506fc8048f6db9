//! Property-based fuzzing: mutated plans through loading, checking and saving, and small RVTools exports with
//! hostile cells through the import. Nothing may panic; whatever loads must check, save and load back the same.
//! The case count is `PROPTEST_CASES` (256 by default); the README gives the figure of a long run.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test stops loudly when its input is broken"
)]

mod support;

use std::path::Path;

use dcplan::io::{PlanFile, RuleConfig};
use dcplan::refdata::ReferenceData;
use proptest::prelude::*;

fn sample(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("projects/samples")
            .join(name),
    )
    .unwrap()
}

/// Pieces a hand edit or a bad merge puts into a plan.
const PIECES: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "//",
    "/*",
    "*/",
    "\n",
    " ",
    "0",
    "1",
    "-1",
    "3",
    "65535",
    "4294967296",
    "NaN",
    "inf",
    "-5.0",
    "1e309",
    "None",
    "Some(",
    "true",
    "\u{feff}",
    "\u{1b}[2J",
    "\r",
    "é",
    "hosts: {",
    "3: (name: \"esx03\"),",
    "lun: 9,",
    "site: 2,",
    "enclosure: 7,",
    "bay: 17",
];

#[derive(Clone, Debug)]
enum Mutation {
    Insert(usize, usize),
    Delete(usize, usize),
    DuplicateLine(usize),
    SwapDigits(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0..PIECES.len()).prop_map(|(at, piece)| Mutation::Insert(at, piece)),
        (any::<usize>(), 1usize..40).prop_map(|(at, len)| Mutation::Delete(at, len)),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        any::<usize>().prop_map(Mutation::SwapDigits),
    ]
}

fn apply(text: &str, mutations: &[Mutation]) -> String {
    let mut text = text.to_owned();
    for m in mutations {
        let boundary = |at: usize, text: &str| {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        match *m {
            Mutation::Insert(at, piece) => {
                let at = boundary(at, &text);
                text.insert_str(at, PIECES[piece]);
            }
            Mutation::Delete(at, len) => {
                let start = boundary(at, &text);
                let end = boundary(start + len, &text).max(start);
                text.replace_range(start..end, "");
            }
            Mutation::DuplicateLine(at) => {
                let lines: Vec<&str> = text.lines().collect();
                if !lines.is_empty() {
                    let n = at % lines.len();
                    let mut out: Vec<&str> = lines.clone();
                    out.insert(n, lines[n]);
                    text = out.join("\n");
                }
            }
            Mutation::SwapDigits(at) => {
                let at = boundary(at, &text);
                if let Some((i, c)) = text[at..].char_indices().find(|(_, c)| c.is_ascii_digit()) {
                    let next = char::from(b'0' + (c as u8 - b'0' + 7) % 10);
                    text.replace_range(at + i..at + i + 1, &next.to_string());
                }
            }
        }
    }
    text
}

proptest! {
    #[test]
    fn mutated_plans_load_or_fail_with_a_location(
        which in 0usize..3,
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let name = ["esx35-west.ron", "ldvm-two-site.ron", "ft-ready-cluster.ron"][which];
        let text = apply(&sample(name), &mutations);
        let path = Path::new(name);
        match PlanFile::parse(&text, path) {
            Err(err) => prop_assert!(err.line >= 1 && err.column >= 1, "{err}"),
            Ok(plan) => {
                let reference = ReferenceData::bundled().unwrap();
                let _ = dcplan::rules::check(&plan.project, &reference, &RuleConfig::default());
                // What loads saves and loads back as the same plan, comments included.
                let saved = plan.to_ron().unwrap();
                let again = PlanFile::parse(&saved, path).unwrap();
                prop_assert_eq!(&again.project, &plan.project);
                prop_assert_eq!(again.to_ron().unwrap(), saved);
            }
        }
    }
}

/// A cell an export might hold, hostile ones included.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        (0u32..100_000).prop_map(|n| n.to_string()),
        (-100_000i64..0).prop_map(|n| n.to_string()),
        Just("1e400".to_owned()),
        Just("NaN".to_owned()),
        Just("99999999999999".to_owned()),
        Just("1,024".to_owned()),
        Just("True".to_owned()),
        Just("\"quoted, with a comma\"".to_owned()),
        Just("\u{1b}]0;x\u{7}".to_owned()),
        "[a-z0-9 ._-]{0,12}",
    ]
}

proptest! {
    #[test]
    fn small_exports_with_hostile_cells_import_or_fail_cleanly(
        rows in prop::collection::vec(prop::collection::vec(cell(), 7), 0..6),
        hosts in prop::collection::vec(prop::collection::vec(cell(), 6), 0..4),
    ) {
        // One folder per case: the name only has to differ between cases running at once.
        static CASE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let case = CASE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let scratch = support::Scratch::new(&format!("fuzz-{case}"));
        let export = scratch.path("export");
        std::fs::create_dir_all(&export).unwrap();
        let mut info = String::from("VM,Powerstate,CPUs,Memory,Host,Cluster,Datacenter\n");
        for row in &rows {
            info.push_str(&row.join(","));
            info.push('\n');
        }
        let mut host = String::from("Host,Cluster,Datacenter,# CPU,Cores per CPU,# Memory\n");
        for row in &hosts {
            host.push_str(&row.join(","));
            host.push('\n');
        }
        std::fs::write(export.join("RVTools_tabvInfo.csv"), info).unwrap();
        std::fs::write(export.join("RVTools_tabvHost.csv"), host).unwrap();
        let reference = ReferenceData::bundled().unwrap();
        if let Ok(imported) = dcplan::import::rvtools::import(&export, &reference, &dcplan::import::Progress::new()) {
            prop_assert!(!imported.project.hosts.is_empty() || !imported.project.vms.is_empty());
            let file = PlanFile::new(imported.project);
            let text = file.to_ron().unwrap();
            let again = PlanFile::parse(&text, Path::new("imported.ron"));
            prop_assert!(again.is_ok(), "{:?}", again.err());
        }
    }
}
