//! N1K: Cisco Nexus 1000V limits and uplinks.

use super::Rule;

/// The rules of this family, for the registry.
pub(super) static RULES: &[&dyn Rule] = &[];
