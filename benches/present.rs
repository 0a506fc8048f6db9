//! Benchmarks of presenting at the VMworld 2009 scale: the topology picture and every chart as PNG, and the
//! summary page. Planning, simulating and checking the preset happen once, outside the measurements.
#![allow(
    clippy::expect_used,
    reason = "a benchmark stops loudly when its input is broken"
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use dcplan::generate::{Preset, generate};
use dcplan::io::RuleConfig;
use dcplan::present::{self, ChartKind, Prepared, charts::Chart, summary, topology};
use dcplan::refdata::ReferenceData;

fn vmworld2009(c: &mut Criterion) {
    let project = generate(Preset::Vmworld2009);
    let reference = ReferenceData::bundled().expect("reference data loads");
    let prepared = Prepared::new(&project, &reference, &RuleConfig::default());
    let inputs = prepared.inputs(&project);
    let width = 1920;
    let height = topology::natural_height(&project, width);
    eprintln!(
        "vmworld2009: {} hosts, {} clusters, {} stages; topology {width} x {height} px, charts 1600 x 900 px",
        project.hosts.len(),
        project.clusters.len(),
        prepared.plan.stages.len()
    );
    let all = || {
        let mut bytes = topology::render_png(&project, "today", width, Some(height))
            .expect("topology renders")
            .len();
        for kind in ChartKind::ALL {
            bytes += present::render_png(&Chart { kind, inputs }, 1600, 900)
                .expect("chart renders")
                .len();
        }
        bytes
    };
    eprintln!("topology and charts: {} KB of PNG", all() / 1024);

    let mut group = c.benchmark_group("vmworld2009_present");
    group.sample_size(10);
    group.bench_function("topology_png", |b| {
        b.iter(|| topology::render_png(black_box(&project), "today", width, Some(height)));
    });
    for kind in ChartKind::ALL {
        group.bench_function(format!("chart_{}_png", kind.name()), |b| {
            b.iter(|| {
                present::render_png(
                    &Chart {
                        kind,
                        inputs: black_box(inputs),
                    },
                    1600,
                    900,
                )
            });
        });
    }
    group.bench_function("topology_and_all_charts_png", |b| b.iter(all));
    group.bench_function("summary_html", |b| {
        b.iter(|| summary::html_page(black_box(&inputs)).expect("summary renders"));
    });
    group.finish();
}

criterion_group!(benches, vmworld2009);
criterion_main!(benches);
