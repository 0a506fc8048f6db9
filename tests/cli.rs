//! The `dcplan` binary end to end: exit codes, the sample plans' findings, and stable output (insta snapshots).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test stops loudly when its input is broken"
)]

use std::path::{Path, PathBuf};
use std::process::Output;

mod support;
use support::dcplan;

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn sample(name: &str) -> String {
    format!("projects/samples/{name}")
}

#[test]
fn the_esx35_sample_reports_the_field_notes_problems() {
    let output = dcplan(&["check", &sample("esx35-west.ron"), "--format", "json"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let on = |rule: &str, name: &str| {
        findings
            .iter()
            .any(|f| f["rule"] == rule && f["object"]["name"] == name && f["severity"] == "error")
    };
    assert!(
        on("EVA-01", "prod-vmfs-01"),
        "EVA-01 on the LUN pinned to both controllers"
    );
    assert!(
        on("EVA-02", "prod-vmfs-02"),
        "EVA-02 on the LUN pinned away from its owner"
    );
    assert!(
        on("CAP-04", "Prod"),
        "CAP-04 on the cluster in one enclosure"
    );
    // BL460c G1 and G5 blades have 1 Gb NC373i LOMs behind 1/10Gb VC-Enet modules: no FlexNIC to judge.
    assert!(
        !findings
            .iter()
            .any(|f| f["rule"] == "VC-01" || f["rule"] == "VC-07" || f["rule"] == "VC-15"),
        "no FlexNIC finding on 1 Gb blades"
    );
    // FT under VirtualCenter 2.5 is one finding (rules-v2 FT-CL-14); its 2 vCPUs, thin disk and FT-incapable
    // CPUs are judged at the stage FT could run, where the planner says why it stays off.
    assert!(
        on("FT-CL-14", "sql01"),
        "FT-CL-14 on the FT VM under VirtualCenter 2.5"
    );
    assert!(
        !findings
            .iter()
            .any(|f| f["rule"] == "FT-VM-01" || f["rule"] == "FT-HO-01"),
        "no other FT finding for sql01 before vSphere 4"
    );
    insta::assert_snapshot!(
        "check_esx35_text",
        stdout(&dcplan(&["check", &sample("esx35-west.ron")]))
    );
}

#[test]
fn the_two_site_sample_has_no_error() {
    let output = dcplan(&["check", &sample("ldvm-two-site.ron")]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    insta::assert_snapshot!("check_ldvm_text", stdout(&output));
}

#[test]
fn the_ft_sample_has_no_error_and_no_warning() {
    let output = dcplan(&["check", &sample("ft-ready-cluster.ron"), "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["summary"]["error"], 0, "{report:#}");
    assert_eq!(report["summary"]["warning"], 0, "{report:#}");
    insta::assert_snapshot!("check_ft_json", stdout(&output));
}

#[test]
fn sarif_output_is_sarif_2_1_0() {
    let output = dcplan(&["check", &sample("esx35-west.ron"), "--format", "sarif"]);
    assert_eq!(output.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "dcplan");
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for result in results {
        assert!(
            result["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap()
                >= 1
        );
    }
}

#[test]
fn rules_json_lists_the_catalogue() {
    let output = dcplan(&["rules", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let rules: Vec<serde_json::Value> = serde_json::from_str(&stdout(&output)).unwrap();
    // Sections FT-CL, FT-HO, FT-VM, FT-NET, CPU-FT, CPU-EVC, CPU-VM, VMO, LDV, VC, EVA, CAP-03/04, FEAT, N1K, MAX, HCL.
    let catalogue = 115;
    assert!(
        rules.len() * 10 >= catalogue * 9,
        "{} of {catalogue} rules",
        rules.len()
    );
    for rule in &rules {
        for key in ["id", "severity", "title", "source"] {
            assert!(rule[key].as_str().is_some_and(|s| !s.is_empty()), "{rule}");
        }
    }
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(ids, sorted, "rules are listed once each, sorted by ID");
    insta::assert_snapshot!("rules_text", stdout(&dcplan(&["rules"])));
}

#[test]
fn explain_prints_the_rule_documentation() {
    let output = dcplan(&["explain", "FT-VM-02"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    for section in [
        "## What it checks",
        "## Why it matters",
        "## Example",
        "## How to fix",
        "## Source",
    ] {
        assert!(text.contains(section), "{section} missing:\n{text}");
    }
    let unknown = dcplan(&["explain", "NOPE-99"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn reference_counts_entries_and_verified_ones_per_table() {
    let output = dcplan(&["reference"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.starts_with("reference data: bundled\n"), "{text}");
    for table in [
        "hcl",
        "ft_groups",
        "cpu_series",
        "evc_baselines",
        "builds",
        "limits",
    ] {
        assert!(
            text.lines()
                .any(|line| line.starts_with(&format!("{table} "))),
            "{table} missing:\n{text}"
        );
    }
    insta::assert_snapshot!("reference_text", text);

    // A user's file laid over the bundled data: its verified entry replaces the bundled one of that model and line.
    let scratch = support::Scratch::new("cli-reference");
    let file = scratch.path("reference.ron");
    std::fs::write(
        &file,
        r#"(hcl: [(model: "ProLiant DL360 G6", release: "4.0", ft_certified: true, source: "site survey of our own", verified: true)])"#,
    )
    .unwrap();
    let output = dcplan(&[
        std::ffi::OsStr::new("reference"),
        std::ffi::OsStr::new("--reference"),
        file.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.starts_with(&format!("reference data: bundled + {}\n", file.display())),
        "{text}"
    );
    let hcl = |text: &str| -> Vec<usize> {
        text.lines()
            .find(|line| line.starts_with("hcl "))
            .unwrap()
            .split_whitespace()
            .skip(1)
            .map(|n| n.parse().unwrap())
            .collect()
    };
    let bundled = hcl(&stdout(&dcplan(&["reference"])));
    assert_eq!(hcl(&text), [bundled[0], bundled[1] + 1, bundled[2] - 1]);
}

#[test]
fn stats_counts_the_samples() {
    let output = dcplan(&["stats", &sample("esx35-west.ron"), "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let counts: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(counts["hosts"], 10);
    assert_eq!(counts["enclosures"], 2);
    assert_eq!(counts["sites"], 1);
    insta::assert_snapshot!("stats_esx35_json", stdout(&output));
}

#[test]
fn unreadable_input_exits_2_with_file_line_column() {
    let dir = std::env::temp_dir().join(format!("dcplan-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let garbled = dir.join("garbled.ron");
    std::fs::write(
        &garbled,
        "(\n    format_version: 1,\n    project: (name: \"x\", hosts: {1: (name: }),\n)\n",
    )
    .unwrap();
    let output = dcplan(&["check", garbled.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with(&format!("{}:3:", garbled.display())),
        "{stderr}"
    );
    let missing = dcplan(&["check", "projects/samples/does-not-exist.ron"]);
    assert_eq!(missing.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn generate_writes_the_vmworld2009_plan() {
    let dir = std::env::temp_dir().join(format!("dcplan-gen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file: PathBuf = dir.join("vmworld.ron");
    let output = dcplan(&[
        "generate",
        "--preset",
        "vmworld2009",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stats = dcplan(&["stats", file.to_str().unwrap(), "--format", "json"]);
    let counts: serde_json::Value = serde_json::from_str(&stdout(&stats)).unwrap();
    assert_eq!(counts["hosts"], 776);
    assert_eq!(counts["vms"], 37_248);
    assert_eq!(counts["racks"], 28);
    let fmt = dcplan(&["fmt", "--check", file.to_str().unwrap()]);
    assert_eq!(fmt.status.code(), Some(0), "a generated plan is canonical");
    assert!(Path::new(&file).exists());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn generate_refuses_an_unknown_preset_and_names_the_known_ones() {
    let dir = std::env::temp_dir().join(format!("dcplan-gen-unknown-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file: PathBuf = dir.join("x100.ron");
    let output = dcplan(&[
        "generate",
        "--preset",
        "vmworld2009x100",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("vmworld2009, vmworld2009-esx35, vmworld2009x10, vmworld2009x10-esx35"),
        "{stderr}"
    );
    assert!(!file.exists(), "nothing is written for an unknown preset");
    std::fs::remove_dir_all(&dir).ok();
}
