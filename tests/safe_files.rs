//! Nothing lost, nothing silent: each file and input defect the fuzzing found, reproduced and held.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test stops loudly when its input is broken"
)]

mod support;

use std::path::Path;

use dcplan::io::PlanFile;
use support::{Scratch, dcplan};

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_host_added_on_two_merged_branches_is_a_load_error_naming_both_places() {
    let scratch = Scratch::new("duplicate");
    let path = scratch.sample("esx35-west.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    // Branch A added host 11 at the end of the hosts map, branch B another host 11: git merges both.
    let marker = "        },\n        fabrics: {";
    let merged = text.replacen(
        marker,
        "            11: (name: \"esx11\", placement: RackServer(site: 1)),\n            11: (name: \"esx12\", placement: RackServer(site: 1)),\n        },\n        fabrics: {",
        1,
    );
    std::fs::write(&path, &merged).unwrap();
    let first = merged
        .lines()
        .position(|l| l.contains("\"esx11\""))
        .unwrap()
        + 1;
    let err = PlanFile::load(&path).unwrap_err();
    assert_eq!(err.line, first + 1, "points at the second entry: {err}");
    assert!(
        err.message.contains(&format!("already used at {first}:13")),
        "{err}"
    );
    // The CLI refuses it with file:line:column, and fmt does not rewrite (and so drop) anything.
    let output = dcplan(&["fmt", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(&format!("esx35-west.ron:{}:13", first + 1)),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), merged);
}

#[test]
fn a_nan_or_negative_rtt_is_a_load_error() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/samples/ldvm-two-site.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let rtt = text
        .lines()
        .find(|l| l.trim_start().starts_with("rtt_ms:"))
        .unwrap();
    for bad in ["NaN", "-5.0", "inf"] {
        let broken = text.replacen(rtt, &format!("                rtt_ms: {bad},"), 1);
        let err = PlanFile::parse(&broken, &path).unwrap_err();
        assert!(
            err.message.contains("not a round-trip time"),
            "{bad}: {err}"
        );
        assert!(err.line > 1, "located: {err}");
    }
}

#[test]
fn a_name_longer_than_256_characters_is_a_load_error() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/samples/ft-ready-cluster.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let long = "x".repeat(257);
    let broken = text.replacen("name: \"esx01\"", &format!("name: \"{long}\""), 1);
    assert_ne!(broken, text);
    let err = PlanFile::parse(&broken, &path).unwrap_err();
    assert!(
        err.message.contains("257 characters long; at most 256"),
        "{err}"
    );
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/samples/ft-ready-cluster.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let plan = PlanFile::parse(&format!("\u{feff}{text}"), &path).unwrap();
    assert_eq!(plan.project, PlanFile::parse(&text, &path).unwrap().project);
}

#[test]
fn comments_survive_fmt() {
    let scratch = Scratch::new("comments");
    let path = scratch.sample("ft-ready-cluster.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let commented = text.replacen(
        "        hosts: {\n",
        "        // Reviewed by the design board on 2009-11-02.\n        hosts: {\n",
        1,
    );
    let commented = commented.replacen(
        "                memory_gb: ",
        "                // 72 GB ordered for Q1\n                memory_gb: ",
        1,
    );
    assert_ne!(commented, text);
    std::fs::write(&path, &commented).unwrap();
    // Reordered by hand: fmt puts it back in the canonical layout and keeps both comments where they were.
    let output = dcplan(&["fmt", path.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let formatted = std::fs::read_to_string(&path).unwrap();
    assert!(
        formatted
            .contains("        // Reviewed by the design board on 2009-11-02.\n        hosts: {\n"),
        "{formatted}"
    );
    assert!(
        formatted.contains("                // 72 GB ordered for Q1\n                memory_gb: "),
        "{formatted}"
    );
    // And a second fmt changes nothing.
    let output = dcplan(&["fmt", path.to_str().unwrap(), "--check"]);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[cfg(unix)]
#[test]
fn a_private_plan_stays_private_and_a_linked_plan_stays_a_link() {
    use std::os::unix::fs::PermissionsExt as _;
    let scratch = Scratch::new("mode");
    let real = scratch.sample("esx35-west.ron");
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = scratch.path("plan.ron");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let output = dcplan(&["plan", link.to_str().unwrap(), "--auto", "--write"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "written: {}",
        stderr(&output)
    );
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&real)
            .unwrap()
            .contains("upgrade: (")
    );
    assert_eq!(
        std::fs::metadata(&real).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[cfg(unix)]
#[test]
fn the_input_plan_is_refused_as_the_output_even_through_a_link() {
    let scratch = Scratch::new("same");
    let plan = scratch.sample("esx35-west.ron");
    let before = std::fs::read_to_string(&plan).unwrap();
    let alias = scratch.path("runbook.md");
    std::os::unix::fs::symlink(&plan, &alias).unwrap();
    for args in [
        vec![
            "runbook",
            plan.to_str().unwrap(),
            "-o",
            alias.to_str().unwrap(),
        ],
        vec![
            "summary",
            plan.to_str().unwrap(),
            "-o",
            plan.to_str().unwrap(),
        ],
    ] {
        let output = dcplan(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let message = stderr(&output);
        assert!(
            message.contains("same file") || message.contains("unknown output extension"),
            "{message}"
        );
    }
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), before);
}

#[test]
fn every_command_refuses_an_unknown_output_extension_alike() {
    let scratch = Scratch::new("extension");
    let plan = scratch.sample("esx35-west.ron");
    let plan = plan.to_str().unwrap();
    let out = scratch.path("out.txt");
    let out = out.to_str().unwrap();
    for args in [
        vec!["runbook", plan, "-o", out],
        vec!["render", plan, "-o", out],
        vec!["chart", plan, "--kind", "findings", "-o", out],
        vec!["summary", plan, "-o", out],
        vec!["generate", "--preset", "vmworld2009", "-o", out],
    ] {
        let output = dcplan(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains("unknown output extension"),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(!Path::new(out).exists());
    }
}

#[cfg(unix)]
#[test]
fn a_kill_during_a_runbook_write_leaves_the_old_runbook_whole() {
    let scratch = Scratch::new("kill");
    let plan = scratch.sample("esx35-west.ron");
    let target = scratch.path("runbook.md");
    let old = "# the runbook reviewed last week\n";
    // The whole new runbook, written without a kill, to compare with what a killed write leaves.
    let whole = scratch.path("whole.md");
    let output = dcplan(&[
        "runbook",
        plan.to_str().unwrap(),
        "-o",
        whole.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let whole = std::fs::read_to_string(&whole).unwrap();
    assert!(whole.starts_with("# Upgrade runbook") && whole.contains("## Stage 10"));
    for delay_ms in [0u64, 2, 10, 40, 120] {
        std::fs::write(&target, old).unwrap();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dcplan"))
            .args([
                "runbook",
                plan.to_str().unwrap(),
                "-o",
                target.to_str().unwrap(),
            ])
            .env("HOME", "/nonexistent")
            .env_remove("XDG_CONFIG_HOME")
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        child.kill().ok();
        child.wait().unwrap();
        let now = std::fs::read_to_string(&target).unwrap();
        // Either the old runbook, untouched, or the whole new one: never an empty or half file.
        assert!(
            now == old || now == whole,
            "after {delay_ms} ms: {} bytes",
            now.len()
        );
    }
}

#[test]
fn an_export_that_yields_nothing_is_refused_and_the_plan_kept() {
    let scratch = Scratch::new("empty-export");
    let plan = scratch.sample("esx35-west.ron");
    let before = std::fs::read_to_string(&plan).unwrap();
    let export = scratch.path("export");
    std::fs::create_dir_all(&export).unwrap();
    // Header-only tabs, and an empty one.
    std::fs::write(
        export.join("RVTools_tabvInfo.csv"),
        "VM,Powerstate,CPUs,Memory,Host,Cluster\n",
    )
    .unwrap();
    std::fs::write(export.join("RVTools_tabvHost.csv"), "").unwrap();
    let output = dcplan(&[
        "import",
        "rvtools",
        export.to_str().unwrap(),
        "-o",
        plan.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("yields no host and no VM"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn a_fifo_is_not_read_as_an_export() {
    let scratch = Scratch::new("fifo");
    let fifo = scratch.path("export.xlsx");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // No mkfifo here: nothing to test.
    }
    let out = scratch.path("plan.ron");
    let output = dcplan(&[
        "import",
        "rvtools",
        fifo.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("neither a regular file nor a folder"),
        "{}",
        stderr(&output)
    );
    assert!(!out.exists());
}

#[test]
fn a_negative_memory_cell_is_reported_with_its_cell() {
    let scratch = Scratch::new("negative");
    let export = scratch.path("export");
    std::fs::create_dir_all(&export).unwrap();
    std::fs::write(
        export.join("RVTools_tabvInfo.csv"),
        "VM,Powerstate,CPUs,Memory,Host,Cluster,Datacenter\napp01,poweredOn,2,-4096,esx01,prod,dc1\napp02,poweredOn,2,4096,esx01,prod,dc1\n",
    )
    .unwrap();
    let out = scratch.path("plan.ron");
    let output = dcplan(&[
        "import",
        "rvtools",
        export.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        report.contains("`-4096`, outside 0 to 4294967295"),
        "{report}"
    );
    assert!(
        report.contains("app01 (vInfo row 2)") || report.contains("app01"),
        "{report}"
    );
}

#[test]
fn control_characters_in_names_do_not_reach_the_terminal() {
    let scratch = Scratch::new("control");
    let path = scratch.sample("ft-ready-cluster.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let evil = text.replacen(
        "name: \"esx01\"",
        "name: \"esx\\u{1b}]0;pwned\\u{7}\\r01\"",
        1,
    );
    assert_ne!(evil, text);
    std::fs::write(&path, &evil).unwrap();
    for args in [
        vec!["check", path.to_str().unwrap()],
        vec!["stats", path.to_str().unwrap()],
    ] {
        let output = dcplan(&args);
        assert!(
            !output
                .stdout
                .iter()
                .any(|&b| b == 0x1b || b == 0x07 || b == b'\r'),
            "{args:?}"
        );
    }
    let output = dcplan(&["check", path.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&output.stdout).contains("esx\\u{1b}]0;pwned\\u{7}\\u{d}01"));
}

#[test]
fn an_export_name_longer_than_a_plan_allows_is_cut_and_reported() {
    let scratch = Scratch::new("long-name");
    let export = scratch.path("export");
    std::fs::create_dir_all(&export).unwrap();
    let long = "v".repeat(300);
    std::fs::write(
        export.join("RVTools_tabvInfo.csv"),
        format!("VM,Powerstate,CPUs,Memory,Host,Cluster,Datacenter\n{long},poweredOn,2,4096,esx01,prod,dc1\n"),
    )
    .unwrap();
    let out = scratch.path("plan.ron");
    let output = dcplan(&[
        "import",
        "rvtools",
        export.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(String::from_utf8_lossy(&output.stdout).contains("cut to 256 characters"));
    let plan = PlanFile::load(&out).unwrap();
    assert!(
        plan.project
            .vms
            .values()
            .all(|vm| vm.name.chars().count() == 256)
    );
}
