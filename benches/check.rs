//! Benchmarks at the VMworld 2009 scale: load (parse) a plan, run the full check, save it.
//! Peak memory is printed at the end (VmHWM of this process), which holds the plan, its text and the findings.
#![allow(
    clippy::expect_used,
    reason = "a benchmark stops loudly when its input is broken"
)]

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use dcplan::generate::{Preset, generate};
use dcplan::io::{PlanFile, RuleConfig};
use dcplan::refdata::ReferenceData;
use dcplan::rules;

fn vmworld2009(c: &mut Criterion) {
    let plan = PlanFile::new(generate(Preset::Vmworld2009));
    let text = plan.to_ron().expect("serialises");
    let reference = ReferenceData::bundled().expect("reference data loads");
    let findings = rules::check(&plan.project, &reference, &RuleConfig::default());
    eprintln!(
        "vmworld2009: {} hosts, {} VMs, {:.1} MB of RON, {} findings",
        plan.project.hosts.len(),
        plan.project.vms.len(),
        text.len() as f64 / 1e6,
        findings.len()
    );

    let mut group = c.benchmark_group("vmworld2009");
    group.sample_size(10);
    group.bench_function("load", |b| {
        b.iter(|| PlanFile::parse(black_box(&text), Path::new("vmworld2009.ron")).expect("loads"));
    });
    group.bench_function("check", |b| {
        b.iter(|| rules::check(black_box(&plan.project), &reference, &RuleConfig::default()));
    });
    group.bench_function("save", |b| {
        b.iter(|| black_box(&plan).to_ron().expect("serialises"))
    });
    group.bench_function("reference_data", |b| {
        b.iter(|| ReferenceData::bundled().expect("loads"))
    });
    group.finish();

    // Ten times the preset: the same two figures, which should grow no faster than the estate.
    let large = PlanFile::new(generate(Preset::Vmworld2009x10));
    let large_text = large.to_ron().expect("serialises");
    let mut group = c.benchmark_group("vmworld2009x10");
    group.sample_size(10);
    group.bench_function("load", |b| {
        b.iter(|| {
            PlanFile::parse(black_box(&large_text), Path::new("vmworld2009x10.ron")).expect("loads")
        });
    });
    group.bench_function("check", |b| {
        b.iter(|| {
            rules::check(
                black_box(&large.project),
                &reference,
                &RuleConfig::default(),
            )
        });
    });
    group.finish();
    drop((large, large_text));

    // The designer at scale: one host edit, from the transaction to the findings the panel shows (the edit's
    // scope re-checked; the full check that follows runs on a worker once the edits pause, and is not timed here).
    let mut doc = dcplan::edit::Document::new(plan.clone(), None);
    let mut live =
        dcplan::rules::incremental::LiveCheck::new(std::sync::Arc::new(reference.clone()));
    let host = *doc
        .project()
        .hosts
        .keys()
        .nth(400)
        .expect("the preset has hosts");
    let mut edited = doc.project().hosts[&host].clone();
    edited.memory_gb /= 2;
    let edit = dcplan::edit::Transaction::new("Halve memory").with(dcplan::edit::Edit::put(
        host,
        dcplan::edit::ObjectValue::Host(edited),
    ));
    let update = |doc: &dcplan::edit::Document,
                  live: &mut dcplan::rules::incremental::LiveCheck| {
        live.update(
            doc.project(),
            &doc.plan().rules,
            doc.revision(),
            doc.last_change(),
            0.0,
        );
    };
    update(&doc, &mut live);
    doc.apply(edit.clone()).expect("the edit applies");
    let generation = live.generation();
    update(&doc, &mut live);
    assert!(
        live.generation() > generation,
        "the edit's scope is re-checked (not left to the full check)"
    );
    doc.undo();
    update(&doc, &mut live);
    let mut group = c.benchmark_group("vmworld2009_edit");
    group.sample_size(20);
    group.bench_function("edit_to_findings", |b| {
        b.iter_custom(|iterations| {
            let mut spent = std::time::Duration::ZERO;
            for _ in 0..iterations {
                let start = std::time::Instant::now();
                doc.apply(edit.clone()).expect("the edit applies");
                update(&doc, &mut live);
                spent += start.elapsed();
                doc.undo();
                update(&doc, &mut live);
            }
            spent
        });
    });
    group.bench_function("apply_host_edit", |b| {
        b.iter_custom(|iterations| {
            let mut spent = std::time::Duration::ZERO;
            for _ in 0..iterations {
                let start = std::time::Instant::now();
                doc.apply(edit.clone()).expect("the edit applies");
                spent += start.elapsed();
                doc.undo();
            }
            spent
        });
    });
    group.finish();

    // The planner at scale: the same datacenter on ESX 3.5, auto-planned and simulated stage by stage.
    let before = generate(Preset::Vmworld2009Esx35);
    let upgrade = dcplan::planner::auto_plan(&before, &reference);
    let simulation =
        dcplan::planner::simulate(&before, &upgrade, &reference, &RuleConfig::default());
    eprintln!(
        "vmworld2009-esx35: {} stages, {} waves, {} error findings over all stages",
        upgrade.stages.len(),
        upgrade.stages.iter().map(|s| s.waves.len()).sum::<usize>(),
        simulation.errors()
    );
    let mut group = c.benchmark_group("vmworld2009_upgrade");
    group.sample_size(10);
    group.bench_function("auto_plan_and_simulate", |b| {
        b.iter(|| {
            let upgrade = dcplan::planner::auto_plan(black_box(&before), &reference);
            dcplan::planner::simulate(&before, &upgrade, &reference, &RuleConfig::default())
        });
    });
    group.finish();

    if let Ok(status) = std::fs::read_to_string("/proc/self/status")
        && let Some(line) = status.lines().find(|l| l.starts_with("VmHWM"))
    {
        eprintln!("peak memory: {}", line.trim_start_matches("VmHWM:").trim());
    }
}

criterion_group!(benches, vmworld2009);
criterion_main!(benches);
