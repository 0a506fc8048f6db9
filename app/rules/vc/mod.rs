//! VC: HP Virtual Connect Flex-10 and VC-FC.

use super::Rule;

/// The rules of this family, for the registry.
pub(super) static RULES: &[&dyn Rule] = &[];
