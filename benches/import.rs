//! RVTools import benchmarks: the 805-VM real export of the fixtures, and a generated 40,000-VM workbook (written
//! once to `target/bench-data/`, where `scripts/bench_pandas.py` reads the same file for the pandas comparison).
#![allow(
    clippy::expect_used,
    reason = "a benchmark stops loudly when its input is broken"
)]

#[path = "../tests/support/rvtools_export.rs"]
mod rvtools_export;

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use dcplan::import::Progress;
use dcplan::import::rvtools::import;
use dcplan::refdata::ReferenceData;

const GENERATED_VMS: usize = 40_000;

/// The generated workbook, written when missing.
fn generated_export() -> PathBuf {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    let path = folder.join(format!("rvtools-{GENERATED_VMS}.xlsx"));
    if !path.is_file() {
        std::fs::create_dir_all(&folder).expect("creates target/bench-data");
        rvtools_export::write_synthetic_export(&path, GENERATED_VMS).expect("writes the workbook");
    }
    path
}

fn rvtools(c: &mut Criterion) {
    let reference = ReferenceData::bundled().expect("reference data loads");
    let real = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("projects/fixtures/rvtools/ibm_SizingWorkshop-RVTools.xlsx");
    let generated = generated_export();
    for path in [&real, &generated] {
        let imported = import(path, &reference, &Progress::new()).expect("imports");
        eprintln!(
            "{}: {:.1} MB, {} VMs, {} hosts, {} clusters",
            path.display(),
            std::fs::metadata(path).map_or(0, |m| m.len()) as f64 / 1e6,
            imported.project.vms.len(),
            imported.project.hosts.len(),
            imported.project.clusters.len()
        );
    }

    let mut group = c.benchmark_group("rvtools_import");
    group.sample_size(10);
    group.bench_function("ibm_805_vms", |b| {
        b.iter(|| import(black_box(&real), &reference, &Progress::new()).expect("imports"));
    });
    group.bench_function("generated_40000_vms", |b| {
        b.iter(|| import(black_box(&generated), &reference, &Progress::new()).expect("imports"));
    });
    group.finish();
}

criterion_group!(benches, rvtools);
criterion_main!(benches);
