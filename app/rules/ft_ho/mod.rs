//! FT-HO: host prerequisites of VMware Fault Tolerance.

use super::Rule;

/// The rules of this family, for the registry.
pub(super) static RULES: &[&dyn Rule] = &[];
