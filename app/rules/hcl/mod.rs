//! HCL: hardware compatibility list and 64-bit capability.

use super::Rule;

/// The rules of this family, for the registry.
pub(super) static RULES: &[&dyn Rule] = &[];
