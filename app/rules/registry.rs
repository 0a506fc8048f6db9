//! The registry: every rule of the catalogue, sorted by ID.

use std::sync::OnceLock;

use super::{Rule, RuleMeta};

// TODO(founding): replace the family concatenation with one literal sorted table once every family has landed.
static ALL: OnceLock<Vec<&'static dyn Rule>> = OnceLock::new();

/// Every rule, sorted by catalogue ID.
pub fn rules() -> &'static [&'static dyn Rule] {
    ALL.get_or_init(|| {
        let mut all: Vec<&'static dyn Rule> = [
            super::cap::RULES,
            super::cpu::RULES,
            super::eva::RULES,
            super::feat::RULES,
            super::ft_cl::RULES,
            super::ft_ho::RULES,
            super::ft_net::RULES,
            super::ft_vm::RULES,
            super::hcl::RULES,
            super::ldv::RULES,
            super::max::RULES,
            super::n1k::RULES,
            super::vc::RULES,
            super::vmo::RULES,
        ]
        .concat();
        all.sort_by_key(|rule| rule.meta().id);
        all
    })
}

/// A rule by catalogue ID (case-insensitive).
pub fn find(id: &str) -> Option<&'static dyn Rule> {
    rules()
        .iter()
        .copied()
        .find(|rule| rule.meta().id.eq_ignore_ascii_case(id))
}

/// Every rule's metadata, sorted by ID.
pub fn metas() -> impl Iterator<Item = &'static RuleMeta> {
    rules().iter().map(|rule| rule.meta())
}
