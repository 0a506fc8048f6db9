//! dcplan: design VMware vSphere 4 datacenters on HP c-Class blades and EVA storage, check them against the
//! rule catalogue, and plan the ESX 3.5 to 4 upgrade.
//!
//! Layers, from the bottom up:
//! - [`model`]: the plan's plain data (no egui, no caches), with typed IDs.
//! - [`refdata`]: facts from `assets/reference/` (FT groups, EVC, HCL, builds, maximums), each with its source.
//! - [`topology`]: the connectivity graph derived from a model (SAN paths, what an outage takes down).
//! - [`rules`]: one rule per catalogue ID, run over a model and reference data into sorted findings.
//! - [`io`]: RON plan files with `file:line:column` errors; [`report`]: text, JSON and SARIF output.
//! - [`generate`]: synthetic plans at the VMworld 2009 scale.
//! - [`present`]: charts, the topology picture (PNG/SVG) and the management summary page.
//! - [`import`]: plans started from RVTools exports of a running estate, with an import report.
//! - `cli` (binary only) wires them to the command line.
//!
//! Errors: `thiserror` types in the library, `anyhow` at the edges (the binary, and [`ui::run`] that opens the
//! window). Nothing panics on user input.

/// jemalloc serves every allocation of the binary, the tests and the benchmarks alike, so benchmark figures are
/// the binary's (see Cargo.toml).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

pub mod edit;
pub mod export;
pub mod generate;
pub mod import;
pub mod io;
pub mod model;
pub mod planner;
pub mod present;
pub mod refdata;
pub mod report;
pub mod rules;
pub mod stats;
pub mod topology;
#[cfg(feature = "gui")]
pub mod ui;
pub mod wording;
