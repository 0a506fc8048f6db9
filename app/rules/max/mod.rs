//! MAX: configuration maximums of vCenter and ESX.

use super::Rule;

/// The rules of this family, for the registry.
pub(super) static RULES: &[&dyn Rule] = &[];
