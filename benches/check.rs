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
