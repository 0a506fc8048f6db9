//! VMO: vMotion networking, storage and compatibility.

use super::Rule;

/// The rules of this family, for the registry.
pub(super) static RULES: &[&dyn Rule] = &[];
