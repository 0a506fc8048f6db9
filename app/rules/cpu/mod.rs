//! CPU-FT, CPU-EVC, CPU-VM: processor compatibility for FT pairs, EVC baselines and vMotion.

use super::Rule;

/// The rules of this family, for the registry.
pub(super) static RULES: &[&dyn Rule] = &[];
