//! EVA: HP EVA multipathing and LUN ownership, including the ESX 3.5/4 ping-pong risk.

use super::Rule;

/// The rules of this family, for the registry.
pub(super) static RULES: &[&dyn Rule] = &[];
