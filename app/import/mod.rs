//! Importers that start a plan from the estate as it runs: RVTools exports of a vCenter inventory.
//!
//! An import never panics on its input: what cannot be read is an [`rvtools::ImportError`] naming the file, and
//! what can be read but not used lands in the import report (rows skipped with the reason, values guessed).

pub mod rvtools;

use std::sync::atomic::{AtomicU32, Ordering};

/// How far an import has come, shared with a progress bar on another thread.
#[derive(Debug, Default)]
pub struct Progress {
    /// Thousandths of the whole import.
    permille: AtomicU32,
}

impl Progress {
    /// A fresh progress at zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// The share done, from 0.0 to 1.0.
    pub fn fraction(&self) -> f32 {
        self.permille.load(Ordering::Relaxed).min(1000) as f32 / 1000.0
    }

    /// Records the share done (never moves backwards).
    pub fn set(&self, fraction: f64) {
        let permille = (fraction.clamp(0.0, 1.0) * 1000.0).round() as u32;
        self.permille.fetch_max(permille, Ordering::Relaxed);
    }
}
