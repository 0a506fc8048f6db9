//! CAP: HA capacity and blade-enclosure placement (CAP-03, CAP-04).

use super::Rule;

/// The rules of this family, for the registry.
pub(super) static RULES: &[&dyn Rule] = &[];
