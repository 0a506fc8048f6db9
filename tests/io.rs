//! Plan files: every shipped plan round-trips, and broken or mutated input gives `file:line:column` errors, never a panic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test stops loudly when its input is broken"
)]

use std::path::{Path, PathBuf};

use dcplan::io::{PlanFile, RuleConfig};
use dcplan::refdata::ReferenceData;
use dcplan::rules;

fn plan_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "ron") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("projects"),
        &mut files,
    );
    files.sort();
    files
}

fn sample(name: &str) -> (PathBuf, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("projects/samples")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    (path, text)
}

/// `path:line:column: message` with line and column at least 1.
fn assert_located(message: &str, path: &Path) {
    let rest = message
        .strip_prefix(&format!("{}:", path.display()))
        .unwrap_or_else(|| panic!("no path prefix in `{message}`"));
    let mut parts = rest.splitn(3, ':');
    let line: usize = parts
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("no line in `{message}`"));
    let column: usize = parts
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("no column in `{message}`"));
    assert!(line >= 1 && column >= 1, "{message}");
    assert!(
        !parts.next().unwrap().trim().is_empty(),
        "no message in `{message}`"
    );
}

#[test]
fn every_shipped_plan_round_trips() {
    let files = plan_files();
    assert!(files.len() >= 3, "found {files:?}");
    for path in files {
        let plan = PlanFile::load(&path).unwrap_or_else(|err| panic!("{err}"));
        let text = plan.to_ron().unwrap();
        let again = PlanFile::parse(&text, &path).unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(plan, again, "{}", path.display());
        assert_eq!(
            text,
            again.to_ron().unwrap(),
            "saving twice differs for {}",
            path.display()
        );
    }
}

#[test]
fn plans_without_rack_units_place_enclosures_in_their_racks_in_order_and_save_unchanged() {
    use dcplan::model::{RackId, rack_contents};
    let (path, text) = sample("ldvm-two-site.ron");
    let plan = PlanFile::parse(&text, &path).unwrap();
    assert!(!text.contains("unit:"), "the sample predates rack units");
    let racks = rack_contents(&plan.project);
    for (rack, contents) in &racks {
        let bottoms: Vec<u8> = contents.mounts.iter().map(|m| m.bottom).collect();
        let expected: Vec<u8> = [1, 11, 21, 31].into_iter().take(bottoms.len()).collect();
        assert_eq!(bottoms, expected, "{rack}");
        assert!(contents.unplaced.is_empty(), "{rack}");
    }
    assert_eq!(racks[&RackId(1)].mounts.len(), 1);
    // Four enclosures without units in one rack take U1, U11, U21 and U31, in ID order.
    let mut crowded = plan.clone();
    for enclosure in crowded.project.enclosures.values_mut() {
        enclosure.rack = Some(RackId(1));
        enclosure.site = crowded.project.racks[&RackId(1)].site;
    }
    let crowded_racks = rack_contents(&crowded.project);
    let order: Vec<(u32, u8)> = crowded_racks[&RackId(1)]
        .mounts
        .iter()
        .map(|m| (m.object.raw_id(), m.bottom))
        .collect();
    assert_eq!(order, [(1, 1), (2, 11), (3, 21), (4, 31)]);
    // The units placed in order are derived, not written: the saved file is what it was.
    assert!(!plan.to_ron().unwrap().contains("unit:"));
}

/// A version 2 plan as dcplan wrote it before management interfaces: management on VMkernel ports, and a
/// hardware version of 0 for "unknown".
const VERSION_2_PLAN: &str = r#"#![enable(implicit_some)]
(
    format_version: 2,
    project: (
        name: "v2",
        vcenters: {},
        sites: {1: (name: "west")},
        hosts: {
            1: (
                name: "esx01",
                placement: RackServer(site: 1),
                esx: (product: Esx, release: "3.5 U4", build: 153875),
                nic_ports: [
                    (name: "LOM1", kind: OneGbe, interconnect_bay: 1, flexnics: [(letter: "a", mbps: 1000, networks: [1])]),
                    (name: "LOM2", kind: OneGbe, interconnect_bay: 2, flexnics: [(letter: "a", mbps: 1000, networks: [1])]),
                ],
                vmkernel_ports: [
                    (name: "vmk0", roles: [Management, Vmotion], ip: "10.1.10.1", subnet: "10.1.10.0/24", vlan: 10, uplink_mbps: 1000, active_uplink: "bay1", network: 1),
                    (name: "vmk1", roles: [Management], ip: "10.1.11.1", subnet: "10.1.11.0/24", uplink_mbps: 1000),
                ],
            ),
            2: (
                name: "esxi01",
                placement: RackServer(site: 1),
                esx: (product: Esxi, release: "4.0 U1", build: 208167),
                vmkernel_ports: [(name: "vmk0", roles: [Management, FtLogging], ip: "10.1.10.2", uplink_mbps: 1000)],
            ),
        },
        networks: {1: (name: "Service Console", vlan: 10)},
        clusters: {},
        vms: {
            1: (name: "unknown-hw", hw_version: 0),
            2: (name: "hw4", hw_version: 4),
        },
    ),
)
"#;

#[test]
fn a_version_2_plan_migrates_management_and_unknown_hardware() {
    use dcplan::model::{Gateway, HostId, ManagementKind, VmId, VmkRole};
    let plan = PlanFile::parse(VERSION_2_PLAN, Path::new("v2.ron")).unwrap();
    assert_eq!(plan.format_version, dcplan::io::FORMAT_VERSION);

    // Classic ESX manages through its service console: each management VMkernel port becomes a vswif
    // interface, teamed over the bays whose ports carry its network; a port that carried vMotion too stays a
    // VMkernel port for vMotion.
    let esx = &plan.project.hosts[&HostId(1)];
    let consoles: Vec<_> = esx
        .management_interfaces
        .iter()
        .map(|m| {
            (
                m.kind,
                m.name.as_str(),
                m.ip.as_str(),
                m.vlan,
                m.uplinks.clone(),
            )
        })
        .collect();
    assert_eq!(
        consoles,
        [
            (
                ManagementKind::ServiceConsole,
                "vswif0",
                "10.1.10.1",
                Some(10),
                vec!["bay1".to_owned(), "bay2".to_owned()]
            ),
            (
                ManagementKind::ServiceConsole,
                "vswif1",
                "10.1.11.1",
                None,
                vec![]
            ),
        ]
    );
    assert!(
        esx.management_interfaces
            .iter()
            .all(|m| m.gateway == Gateway::Unrecorded),
        "a gateway the old plan did not record stays unknown"
    );
    let vmks: Vec<_> = esx
        .vmkernel_ports
        .iter()
        .map(|v| (v.name.as_str(), v.roles.clone()))
        .collect();
    assert_eq!(vmks, [("vmk0", vec![VmkRole::Vmotion])]);

    // ESXi manages through a VMkernel port, which keeps its name and its other roles.
    let esxi = &plan.project.hosts[&HostId(2)];
    assert_eq!(esxi.management_interfaces.len(), 1);
    assert_eq!(esxi.management_interfaces[0].kind, ManagementKind::Vmkernel);
    assert_eq!(esxi.management_interfaces[0].name, "vmk0");
    assert_eq!(esxi.vmkernel_ports[0].roles, [VmkRole::FtLogging]);

    // Hardware version 0 meant unknown.
    assert_eq!(plan.project.vms[&VmId(1)].hw_version, None);
    assert_eq!(plan.project.vms[&VmId(2)].hw_version, Some(4));

    // Saved, it is a current-version plan that loads to the same model.
    let text = plan.to_ron().unwrap();
    assert!(text.contains("format_version: 3"), "{text}");
    assert!(!text.contains("Management"), "{text}");
    let again = PlanFile::parse(&text, Path::new("v3.ron")).unwrap();
    assert_eq!(plan, again);
}

#[test]
fn changing_one_field_is_a_one_line_diff() {
    let (path, text) = sample("ft-ready-cluster.ron");
    let mut plan = PlanFile::parse(&text, &path).unwrap();
    let before = plan.to_ron().unwrap();
    plan.project.vms.values_mut().next().unwrap().memory_mb += 1024;
    let after = plan.to_ron().unwrap();
    let changed = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(before.lines().count(), after.lines().count());
    assert_eq!(changed, 1);
}

#[test]
fn a_truncated_plan_names_file_line_and_column() {
    let (path, text) = sample("esx35-west.ron");
    let cut = &text[..text.len() / 2];
    let err = PlanFile::parse(cut, &path).unwrap_err();
    assert_located(&err.to_string(), &path);
}

#[test]
fn a_wrong_field_is_reported_where_it_is() {
    let (path, text) = sample("ft-ready-cluster.ron");
    let broken = text.replacen("vcpus:", "vcpu:", 1);
    let line = broken.lines().position(|l| l.contains("vcpu:")).unwrap() + 1;
    let err = PlanFile::parse(&broken, &path).unwrap_err();
    assert_located(&err.to_string(), &path);
    assert_eq!(err.line, line, "{err}");
    assert!(err.message.contains("vcpu"), "{err}");
}

#[test]
fn a_dangling_reference_points_at_its_object() {
    let (path, text) = sample("ft-ready-cluster.ron");
    let broken = text.replacen("secondary_host: 3", "secondary_host: 99", 1);
    assert_ne!(broken, text);
    let err = PlanFile::parse(&broken, &path).unwrap_err();
    assert!(err.message.contains("host#99"), "{err}");
    let line_text = broken.lines().nth(err.line - 1).unwrap();
    assert!(
        line_text.trim_start().starts_with("1:"),
        "points at `{line_text}` ({err})"
    );
}

#[test]
fn newer_format_versions_are_refused_clearly() {
    let (path, text) = sample("ft-ready-cluster.ron");
    let current = format!("format_version: {}", dcplan::io::FORMAT_VERSION);
    assert!(
        text.contains(&current),
        "the sample is written in the current format"
    );
    let newer = text.replacen(&current, "format_version: 99", 1);
    let err = PlanFile::parse(&newer, &path).unwrap_err();
    assert!(err.message.contains("newer dcplan"), "{err}");
}

#[test]
fn overrides_need_a_known_rule_and_a_reason() {
    let (path, text) = sample("ft-ready-cluster.ron");
    let body = text.trim_end().strip_suffix(')').unwrap();
    let unknown = format!(
        "{body}    rules: (overrides: [(rule: \"NOPE-01\", severity: Off, reason: \"x\")]),\n)\n"
    );
    let err = PlanFile::parse(&unknown, &path).unwrap_err();
    assert!(err.message.contains("unknown rule"), "{err}");
    let reasonless = format!(
        "{body}    rules: (overrides: [(rule: \"FT-VM-01\", severity: Off, reason: \" \")]),\n)\n"
    );
    let err = PlanFile::parse(&reasonless, &path).unwrap_err();
    assert!(err.message.contains("reason"), "{err}");
}

/// A small deterministic generator, so the mutation test repeats exactly.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(text: &str, rng: &mut XorShift) -> String {
    let bytes = text.as_bytes();
    let at = rng.below(bytes.len());
    let mut out = bytes.to_vec();
    match rng.below(8) {
        0 => out.truncate(at),
        1 => {
            out.remove(at);
        }
        2 => out.insert(at, b"(){}[],:\"#0-9zx\n"[rng.below(16)]),
        3 => {
            // Replace a number with an extreme one.
            let extreme: &[u8] = [
                &b"0"[..],
                b"-1",
                b"4294967296",
                b"99999999999999999999",
                b"1e308",
                b"NaN",
                b"255",
            ][rng.below(7)];
            let end = (at + 1..out.len())
                .find(|&i| !out[i].is_ascii_digit())
                .unwrap_or(out.len());
            out.splice(at..end, extreme.iter().copied());
        }
        4 => {
            // Duplicate a line.
            let lines: Vec<&str> = text.lines().collect();
            let mut lines: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
            let i = rng.below(lines.len());
            let copy = lines[i].clone();
            lines.insert(i, copy);
            return lines.join("\n");
        }
        5 => {
            // Swap two lines.
            let mut lines: Vec<&str> = text.lines().collect();
            let (i, j) = (rng.below(lines.len()), rng.below(lines.len()));
            lines.swap(i, j);
            return lines.join("\n");
        }
        6 => out.truncate(at.min(out.len())),
        _ => {
            // A reference to an object that may not exist.
            let s = String::from_utf8_lossy(&out).into_owned();
            return s.replacen(": 1,", &format!(": {},", rng.below(40)), 1 + rng.below(3));
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn a_thousand_mutated_plans_never_panic() {
    let reference = ReferenceData::bundled().unwrap();
    let seeds: Vec<(PathBuf, String)> = [
        "esx35-west.ron",
        "ldvm-two-site.ron",
        "ft-ready-cluster.ron",
    ]
    .iter()
    .map(|name| sample(name))
    .collect();
    let mut rng = XorShift(0x5eed_dc91_a2b3_c4d5);
    let (mut loaded, mut refused) = (0, 0);
    for round in 0..1200 {
        let (path, text) = &seeds[round % seeds.len()];
        let mut mutated = mutate(text, &mut rng);
        if round % 5 == 0 {
            mutated = mutate(&mutated, &mut rng);
        }
        match PlanFile::parse(&mutated, path) {
            Ok(plan) => {
                // A plan that loads must also check without panicking, whatever values it holds.
                let _findings = rules::check(&plan.project, &reference, &RuleConfig::default());
                loaded += 1;
            }
            Err(err) => {
                assert_located(&err.to_string(), path);
                refused += 1;
            }
        }
    }
    assert_eq!(loaded + refused, 1200);
    assert!(
        refused > 100 && loaded > 100,
        "loaded {loaded}, refused {refused}"
    );
}
