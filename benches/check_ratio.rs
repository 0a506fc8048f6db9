//! The full check at vmworld2009 and vmworld2009x10 measured in turns inside one process, for issue 16's line
//! "each figure at 10x within 12x of the same figure at 1x": five 1x checks, then one 10x check, round after round,
//! so a machine that slows down for a while slows both sizes alike instead of one run of each. Prints each size's
//! lower quartile and median and their ratios. `cargo bench --bench check_ratio [-- ROUNDS]` (20 rounds by default).
#![allow(
    clippy::expect_used,
    clippy::print_stdout,
    reason = "a benchmark stops loudly when its input is broken and prints its figures"
)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use dcplan::generate::{Preset, generate};
use dcplan::io::RuleConfig;
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
    let check = |project| {
        let start = Instant::now();
        black_box(rules::check(black_box(project), &reference, &config));
        start.elapsed()
    };
    // One untimed check of each warms the pool and the caches' first touches.
    check(&small);
    check(&large);
    let mut small_times = Vec::with_capacity(rounds * SMALL_PER_ROUND);
    let mut large_times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        for _ in 0..SMALL_PER_ROUND {
            small_times.push(check(&small));
        }
        large_times.push(check(&large));
    }
    let (small_quartile, small_median) = quartile_and_median(&mut small_times);
    let (large_quartile, large_median) = quartile_and_median(&mut large_times);
    println!(
        "check, {rounds} rounds: vmworld2009 lower quartile {:.1} ms, median {:.1} ms; vmworld2009x10 lower quartile {:.1} ms, median {:.1} ms; x10 / 1x {:.1} x (lower quartiles), {:.1} x (medians)",
        millis(small_quartile),
        millis(small_median),
        millis(large_quartile),
        millis(large_median),
        millis(large_quartile) / millis(small_quartile),
        millis(large_median) / millis(small_median),
    );
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

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}
