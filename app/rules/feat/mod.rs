//! FEAT: vSphere 4 features gated by ESX 4.0 and licence edition.

use super::Rule;

/// The rules of this family, for the registry.
pub(super) static RULES: &[&dyn Rule] = &[];
