//! The full check at vmworld2009 and vmworld2009x10 measured in turns inside one process, for issue 16's line
//! "each figure at 10x within 12x of the same figure at 1x": five 1x checks, then one 10x check, round after round,
//! so a machine that slows down for a while slows both sizes alike instead of one run of each. Prints each size's
//! lower quartile and median and their ratios. `cargo bench --bench check_ratio [-- ROUNDS]` (20 rounds by default).
//!
//! Then, measured the same way, what the machine itself charges for ten times the data: single passes that do
//! no more than the least a rule does, whose work is linear by construction. Their ratios are the floor under the
//! check's: a ratio above 10 x there comes from the caches and the memory, not from the code.
#![allow(
    clippy::expect_used,
    clippy::print_stdout,
    reason = "a benchmark stops loudly when its input is broken and prints its figures"
)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use dcplan::generate::{Preset, generate};
use dcplan::io::RuleConfig;
use dcplan::model::{Index, Project};
use dcplan::refdata::ReferenceData;
use dcplan::rules;

/// 1x checks per round: one round then takes about as long at each size.
const SMALL_PER_ROUND: usize = 5;

fn main() {
    // `cargo bench` passes `--bench`; a number among the arguments sets the rounds.
    let rounds = std::env::args()
        .skip(1)
        .find_map(|argument| argument.parse::<usize>().ok())
        .unwrap_or(20)
        .max(1);
    let small = generate(Preset::Vmworld2009);
    let large = generate(Preset::Vmworld2009x10);
    let reference = ReferenceData::bundled().expect("reference data loads");
    let config = RuleConfig::default();
    let check = |project: &Project| {
        black_box(rules::check(black_box(project), &reference, &config));
    };
    report(
        "check",
        in_turns(rounds, || check(&small), || check(&large)),
    );

    // The floor: passes that read one field of each item and add it up. The rows are the index's, as the rules
    // read them.
    let small_index = Index::build(&small);
    let large_index = Index::build(&large);
    let rows = |index: &Index| {
        sum_over(black_box(index).vm_rows.iter(), |row| {
            if row.powered_on {
                u64::from(row.memory_mb)
            } else {
                0
            }
        });
    };
    let vms = |project: &Project| {
        sum_over(black_box(project).vms.values(), |vm| {
            u64::from(vm.memory_mb)
        });
    };
    let hosts = |project: &Project| {
        sum_over(black_box(project).hosts.values(), |host| {
            u64::from(host.memory_gb)
        });
    };
    let floor_rounds = rounds * 10;
    report(
        "floor: one pass over the VM rows (the running VMs' memory)",
        in_turns(floor_rounds, || rows(&small_index), || rows(&large_index)),
    );
    report(
        "floor: one pass over the VMs themselves (their memory)",
        in_turns(floor_rounds, || vms(&small), || vms(&large)),
    );
    report(
        "floor: one pass over the hosts (their memory)",
        in_turns(floor_rounds, || hosts(&small), || hosts(&large)),
    );
}

/// One pass over `items`, adding up `field` of each: the least a rule that walks them does.
fn sum_over<T>(items: impl Iterator<Item = T>, field: impl Fn(T) -> u64) {
    black_box(items.map(field).sum::<u64>());
}

/// Each size's times, measured in turns: `SMALL_PER_ROUND` runs of `small`, then one of `large`, `rounds` times,
/// after one untimed run of each (the pool's start and the caches' first touches).
fn in_turns(
    rounds: usize,
    mut small: impl FnMut(),
    mut large: impl FnMut(),
) -> (Vec<Duration>, Vec<Duration>) {
    let time = |run: &mut dyn FnMut()| {
        let start = Instant::now();
        run();
        start.elapsed()
    };
    time(&mut small);
    time(&mut large);
    let mut small_times = Vec::with_capacity(rounds * SMALL_PER_ROUND);
    let mut large_times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        for _ in 0..SMALL_PER_ROUND {
            small_times.push(time(&mut small));
        }
        large_times.push(time(&mut large));
    }
    (small_times, large_times)
}

fn report(what: &str, (mut small_times, mut large_times): (Vec<Duration>, Vec<Duration>)) {
    let rounds = large_times.len();
    let (small_quartile, small_median) = quartile_and_median(&mut small_times);
    let (large_quartile, large_median) = quartile_and_median(&mut large_times);
    println!(
        "{what}, {rounds} rounds: vmworld2009 lower quartile {}, median {}; vmworld2009x10 lower quartile {}, median {}; x10 / 1x {:.1} x (lower quartiles), {:.1} x (medians)",
        shown(small_quartile),
        shown(small_median),
        shown(large_quartile),
        shown(large_median),
        large_quartile.as_secs_f64() / small_quartile.as_secs_f64(),
        large_median.as_secs_f64() / small_median.as_secs_f64(),
    );
}

/// A time in milliseconds, or in microseconds below one millisecond (a pass over the hosts takes a few).
fn shown(duration: Duration) -> String {
    let millis = duration.as_secs_f64() * 1e3;
    if millis < 1.0 {
        format!("{:.1} µs", millis * 1e3)
    } else {
        format!("{millis:.1} ms")
    }
}

/// The lower quartile and the median of `times` (sorted in place; `times` is never empty here).
fn quartile_and_median(times: &mut [Duration]) -> (Duration, Duration) {
    times.sort_unstable();
    let at = |fraction: f64| {
        let position = ((times.len().saturating_sub(1)) as f64 * fraction).round() as usize;
        times.get(position).copied().unwrap_or_default()
    };
    (at(0.25), at(0.5))
}
