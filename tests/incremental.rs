//! The designer's incremental check agrees with a full check: after edits of hosts, VMs and clusters on every rule
//! fixture and sample, re-checking only the edit's scope gives the findings a full check gives for every rule whose
//! reach is one cluster, about every host, VM and cluster.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test stops loudly when its input is broken"
)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use dcplan::edit::{Document, Edit, ObjectValue, Transaction, cascade_delete, join_cluster};
use dcplan::io::PlanFile;
use dcplan::model::{ObjectRef, Release};
use dcplan::refdata::ReferenceData;
use dcplan::rules::incremental::{LiveCheck, Membership, Scope, recheck};
use dcplan::rules::{self, Finding, Reach, registry};

/// Every plan the rules are tested on: one clean and one triggering fixture per rule, and the samples.
fn plans() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join("projects/fixtures/rules"))
        .unwrap()
        .flat_map(|rule| std::fs::read_dir(rule.unwrap().path()).unwrap())
        .map(|file| file.unwrap().path())
        .chain(
            std::fs::read_dir(root.join("projects/samples"))
                .unwrap()
                .map(|file| file.unwrap().path()),
        )
        .filter(|path| path.extension().is_some_and(|e| e == "ron"))
        .collect();
    paths.sort();
    paths
}

/// What a cluster-reach rule says about hosts, VMs and clusters: the part the incremental check answers for.
fn local_part(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .filter(|f| {
            registry::find(f.rule).is_some_and(|rule| rule.meta().reach == Reach::Cluster)
                && matches!(
                    f.object,
                    ObjectRef::Host(_) | ObjectRef::Vm(_) | ObjectRef::Cluster(_)
                )
        })
        .map(|f| format!("{} {} {:?} {}", f.rule, f.severity, f.object, f.message))
        .collect()
}

/// Edits a user makes in the inspector or on the canvas, a few per object kind.
fn edits(doc: &Document) -> Vec<Transaction> {
    let project = doc.project();
    let mut edits = Vec::new();
    for (&id, host) in project.hosts.iter().take(4) {
        let mut upgraded = host.clone();
        upgraded.esx.release = if host.esx.release >= Release::new(4, 0) {
            Release::new(3, 5)
        } else {
            Release::new(4, 0)
        };
        edits.push(Transaction::new("Upgrade").with(Edit::put(id, ObjectValue::Host(upgraded))));
        let mut smaller = host.clone();
        smaller.memory_gb /= 4;
        smaller.in_maintenance = !host.in_maintenance;
        edits.push(Transaction::new("Shrink").with(Edit::put(id, ObjectValue::Host(smaller))));
        for &cluster in project.clusters.keys() {
            if let Ok(tx) = join_cluster(project, id, cluster) {
                edits.push(tx);
                break;
            }
        }
        edits.push(cascade_delete(project, &[id.into()], "Delete host"));
    }
    for (&id, vm) in project.vms.iter().take(4) {
        let mut changed = vm.clone();
        changed.vcpus = if vm.vcpus > 1 { 1 } else { 4 };
        changed.hw_version = Some(if vm.hw_version == Some(7) { 4 } else { 7 });
        changed.memory_mb = vm.memory_mb.saturating_mul(8);
        edits.push(Transaction::new("Resize").with(Edit::put(id, ObjectValue::Vm(changed))));
        if let Some(other) = project.hosts.keys().find(|&&h| Some(h) != vm.host) {
            let mut moved = vm.clone();
            moved.host = Some(*other);
            edits.push(Transaction::new("Move VM").with(Edit::put(id, ObjectValue::Vm(moved))));
        }
        edits.push(cascade_delete(project, &[id.into()], "Delete VM"));
    }
    for (&id, cluster) in project.clusters.iter().take(2) {
        let mut changed = cluster.clone();
        changed.ha.enabled = !cluster.ha.enabled;
        changed.evc_mode = None;
        edits.push(Transaction::new("HA").with(Edit::put(id, ObjectValue::Cluster(changed))));
    }
    edits
}

#[test]
fn re_checking_an_edits_scope_gives_what_a_full_check_gives() {
    let reference = ReferenceData::bundled().unwrap();
    let mut compared = 0;
    let mut differing: std::collections::BTreeMap<String, String> =
        std::collections::BTreeMap::new();
    for path in plans() {
        let Ok(plan) = PlanFile::load(&path) else {
            continue;
        };
        let config = plan.rules.clone();
        let base = Document::new(plan, None);
        for tx in edits(&base) {
            let label = tx.label.clone();
            let mut doc = base.clone();
            if doc.apply(tx).is_err() {
                // A refused edit changes nothing: nothing to re-check.
                continue;
            }
            let before = rules::check(base.project(), &reference, &config);
            let touched = doc.last_change().unwrap().touched;
            let mut membership = Membership::of(base.project());
            membership.follow(doc.project(), touched.iter().copied());
            assert_eq!(
                membership,
                Membership::of(doc.project()),
                "the membership follows `{label}`"
            );
            let Some(scope) = Scope::of_change(doc.project(), &membership, touched) else {
                // It touched a shared object too (a deleted host's bay, say): the designer checks it all.
                continue;
            };
            let incremental = recheck(doc.project(), &reference, &config, before, &scope);
            let full = rules::check(doc.project(), &reference, &config);
            let (incremental, full) = (local_part(&incremental), local_part(&full));
            for line in incremental
                .iter()
                .filter(|l| !full.contains(l))
                .chain(full.iter().filter(|l| !incremental.contains(l)))
            {
                let rule = line.split(' ').next().unwrap_or_default().to_owned();
                differing
                    .entry(rule)
                    .or_insert_with(|| format!("{}: `{label}`: {line}", path.display()));
            }
            compared += 1;
        }
    }
    assert!(
        differing.is_empty(),
        "rules whose findings re-checked in an edit's scope differ from a full check (their reach is the estate):\n{}",
        differing.values().cloned().collect::<Vec<_>>().join("\n")
    );
    assert!(compared > 1000, "only {compared} edits were compared");
}

#[test]
fn an_edit_of_a_shared_object_has_no_cluster_scope() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/samples/esx35-west.ron");
    let plan = PlanFile::load(&path).unwrap();
    let (&id, datastore) = plan.project.datastores.iter().next().unwrap();
    let before = ObjectValue::Datastore(datastore.clone());
    assert_eq!(
        Scope::of_change(
            &plan.project,
            &Membership::of(&plan.project),
            [(ObjectRef::Datastore(id), Some(&before))]
        ),
        None
    );
}

/// Calls `update` with a clock that moves on until the full check has come back, as the designer's frames do.
fn settle(live: &mut LiveCheck, plan: &PlanFile, revision: u64, now: &mut f64) {
    for _ in 0..2_000 {
        if live
            .update(&plan.project, &plan.rules, revision, None, *now)
            .is_none()
        {
            return;
        }
        *now += 0.1;
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!("the full check never came back");
}

/// The esx35-west sample open in the designer, checked as a large estate is (in scope at once, in full on the
/// worker), with its first full check back: the reference data, the document, the live check and its clock.
fn west_checked_as_a_large_estate() -> (ReferenceData, Document, LiveCheck, f64) {
    let reference = ReferenceData::bundled().unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/samples/esx35-west.ron");
    let doc = Document::new(PlanFile::load(&path).unwrap(), None);
    let mut live = LiveCheck::new(Arc::new(reference.clone()));
    live.in_place_below = 0;
    let mut now = 0.0;
    live.update(doc.project(), &doc.plan().rules, doc.revision(), None, now);
    assert!(!live.settled(), "a large estate is checked on the worker");
    settle(&mut live, doc.plan(), doc.revision(), &mut now);
    assert!(live.settled());
    (reference, doc, live, now)
}

/// Brings the live check up to the document's latest edit, which it must re-check in its scope at once (no full
/// check yet); returns when it wants another look.
fn update_after_edit(live: &mut LiveCheck, doc: &Document, now: f64, what: &str) -> Option<f64> {
    let generation = live.generation();
    let wait = live.update(
        doc.project(),
        &doc.plan().rules,
        doc.revision(),
        doc.last_change(),
        now,
    );
    assert!(
        live.generation() > generation,
        "{what} was re-checked in its scope"
    );
    assert!(!live.settled(), "{what}: no full check ran since");
    wait
}

#[test]
fn the_live_check_answers_an_edit_at_once_and_settles_on_the_full_check() {
    let (reference, mut doc, mut live, mut now) = west_checked_as_a_large_estate();
    assert_eq!(
        live.findings(),
        rules::check(doc.project(), &reference, &doc.plan().rules)
    );

    // Half the memory of a host: its cluster's findings change at once.
    let (&host, value) = doc.project().hosts.iter().next().unwrap();
    let mut smaller = value.clone();
    smaller.memory_gb /= 8;
    doc.apply(Transaction::new("Shrink").with(Edit::put(host, ObjectValue::Host(smaller))))
        .unwrap();
    let full = rules::check(doc.project(), &reference, &doc.plan().rules);
    let wait = update_after_edit(&mut live, &doc, now, "the edit");
    assert!(
        wait.is_some_and(|w| w > 0.0),
        "the full check waits for the edits to pause"
    );
    assert_eq!(local_part(live.findings()), local_part(&full));
    settle(&mut live, doc.plan(), doc.revision(), &mut now);
    assert_eq!(
        live.findings(),
        full,
        "the full check replaces every finding"
    );
}

#[test]
fn a_small_plan_is_checked_in_full_at_every_edit() {
    let reference = ReferenceData::bundled().unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/samples/esx35-west.ron");
    let plan = PlanFile::load(&path).unwrap();
    let mut live = LiveCheck::new(Arc::new(reference.clone()));
    assert_eq!(live.update(&plan.project, &plan.rules, 0, None, 0.0), None);
    assert!(live.settled());
    assert_eq!(
        live.findings(),
        rules::check(&plan.project, &reference, &plan.rules)
    );
}

#[test]
fn the_live_check_follows_a_run_of_edits_without_a_full_check_between_them() {
    let (reference, mut doc, mut live, mut now) = west_checked_as_a_large_estate();

    // A cluster edit, then edits of its hosts and VMs: each scoped re-check must see the cluster as it is now, not as
    // it was when the designer last copied the rest of the plan.
    let (&cluster, value) = doc.project().clusters.iter().next().unwrap();
    let mut changed = value.clone();
    changed.ha.enabled = !value.ha.enabled;
    changed.drs.enabled = !value.drs.enabled;
    let mut run =
        vec![Transaction::new("HA").with(Edit::put(cluster, ObjectValue::Cluster(changed)))];
    for (&host, value) in doc
        .project()
        .hosts
        .iter()
        .filter(|(_, host)| host.cluster == Some(cluster))
        .take(2)
    {
        let mut smaller = value.clone();
        smaller.memory_gb /= 8;
        run.push(Transaction::new("Shrink").with(Edit::put(host, ObjectValue::Host(smaller))));
    }
    for (&vm, value) in doc
        .project()
        .vms
        .iter()
        .filter(|(_, vm)| vm.cluster == Some(cluster))
        .take(2)
    {
        let mut wider = value.clone();
        wider.vcpus = 8;
        run.push(Transaction::new("Widen").with(Edit::put(vm, ObjectValue::Vm(wider))));
    }
    assert!(
        run.len() >= 4,
        "the sample has a cluster with hosts and VMs"
    );
    let check = |doc: &Document, live: &mut LiveCheck, now: f64, what: &str| {
        update_after_edit(live, doc, now, what);
        let full = rules::check(doc.project(), &reference, &doc.plan().rules);
        assert_eq!(
            local_part(live.findings()),
            local_part(&full),
            "after {what}"
        );
    };
    for tx in run {
        let label = tx.label.clone();
        doc.apply(tx).unwrap();
        now += 0.01;
        check(&doc, &mut live, now, &label);
    }
    // Back to the start and forth again, edit by edit.
    while doc.undo().is_some() {
        now += 0.01;
        check(&doc, &mut live, now, "an undo");
    }
    while doc.redo().is_some() {
        now += 0.01;
        check(&doc, &mut live, now, "a redo");
    }
}
