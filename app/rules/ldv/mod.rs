//! LDV: long-distance vMotion per the 2009 validated design.

use super::Rule;

/// The rules of this family, for the registry.
pub(super) static RULES: &[&dyn Rule] = &[];
