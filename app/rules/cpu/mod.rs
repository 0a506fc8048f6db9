//! CPU-FT, CPU-EVC, CPU-VM: processor compatibility for FT pairs, EVC baselines and vMotion.

use std::collections::BTreeMap;

use super::Context;
use crate::model::{CpuVendor, Host};
use crate::refdata::EvcBaseline;

pub(super) mod cpu_evc_01_hosts_before_3_5_u2;
pub(super) mod cpu_evc_02_mixed_vendors;
pub(super) mod cpu_evc_03_mode_above_host;
pub(super) mod cpu_evc_04_bios_flags_off;
pub(super) mod cpu_evc_05_mode_change_with_running_vms;
pub(super) mod cpu_ft_01_pair_in_different_groups;
pub(super) mod cpu_ft_02_intel_amd_pair;
pub(super) mod cpu_ft_03_pair_clock_delta;
pub(super) mod cpu_vm_01_incompatible_without_evc;
pub(super) mod cpu_vm_02_evc_hides_ft_groups;

/// The vendor's name as messages write it.
fn vendor_name(vendor: CpuVendor) -> &'static str {
    match vendor {
        CpuVendor::Intel => "Intel",
        CpuVendor::Amd => "AMD",
    }
}

/// The highest EVC baseline a host's processor series supports, when the reference data knows the series.
fn host_max_evc<'a>(ctx: &Context<'a>, host: &Host) -> Option<&'a EvcBaseline> {
    ctx.reference.max_evc_of(&host.cpu.series)
}

/// Names shown before "and N more".
const SHOWN: usize = 3;

/// Up to three names, then "and N more": "app01, app02, app03 and 9 more".
pub(in crate::rules) fn name_list(names: &[&str]) -> String {
    listing(names.iter().take(SHOWN).copied(), names.len())
}

/// The first names, then how many more there are out of `total`.
fn listing<'a>(first: impl Iterator<Item = &'a str>, total: usize) -> String {
    let shown: Vec<&str> = first.take(SHOWN).collect();
    let mut text = shown.join(", ");
    if total > shown.len() {
        text.push_str(&format!(" and {} more", total - shown.len()));
    }
    text
}

/// A count of names keeping only the first few, for messages over many objects without collecting them all.
#[derive(Debug, Default)]
pub(in crate::rules) struct Sample<'a> {
    pub count: usize,
    first: Vec<&'a str>,
}

impl<'a> Sample<'a> {
    /// Counts a name, keeping it if it is among the first few.
    pub fn push(&mut self, name: &'a str) {
        self.count += 1;
        if self.first.len() < SHOWN {
            self.first.push(name);
        }
    }

    /// "app01, app02, app03 and 9 more".
    pub fn names(&self) -> String {
        listing(self.first.iter().copied(), self.count)
    }
}

/// [`Sample`] of VMs by ID, named only when a message needs them: a walk over the VMs' rows has no names.
#[derive(Debug, Default)]
pub(in crate::rules) struct VmSample {
    pub count: usize,
    first: Vec<crate::model::VmId>,
}

impl VmSample {
    /// Counts a VM, keeping it if it is among the first few.
    pub fn push(&mut self, vm: crate::model::VmId) {
        self.count += 1;
        if self.first.len() < SHOWN {
            self.first.push(vm);
        }
    }

    /// "app01, app02, app03 and 9 more".
    pub fn names(&self, ctx: &crate::rules::Context<'_>) -> String {
        let names = self
            .first
            .iter()
            .filter_map(|&id| ctx.vm(id))
            .map(|vm| vm.name.as_str());
        listing(names, self.count)
    }
}

/// A count with its noun: "1 running VM", "12 running VMs".
pub(in crate::rules) fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Per-key accumulators filled in one pass over a collection, skipping the map lookup while keys recur.
///
/// Plans list VMs grouped by cluster and host, so a VM's key is usually one of the last few seen; a pass over 37,000
/// VMs then costs a few comparisons per VM instead of a tree lookup.
pub(in crate::rules) struct Grouped<K, V> {
    slots: BTreeMap<K, usize>,
    values: Vec<(K, V)>,
    /// Slots of recently used keys, most recent first.
    recent: [usize; RECENT],
}

/// Recently used keys `Grouped` checks before its map.
const RECENT: usize = 4;

impl<K: Ord + Copy, V: Default> Grouped<K, V> {
    pub fn new() -> Self {
        Self {
            slots: BTreeMap::new(),
            values: Vec::new(),
            recent: [usize::MAX; RECENT],
        }
    }

    /// The accumulator of a key, created empty on first use.
    pub fn at(&mut self, key: K) -> Option<&mut V> {
        let hit = self.recent.iter().position(|&slot| {
            self.values
                .get(slot)
                .is_some_and(|(recent, _)| *recent == key)
        });
        let slot = match hit.and_then(|i| self.recent.get(i).copied()) {
            Some(slot) => slot,
            None => {
                let next = self.values.len();
                let slot = *self.slots.entry(key).or_insert(next);
                if slot == next {
                    self.values.push((key, V::default()));
                }
                self.recent.rotate_right(1);
                if let Some(first) = self.recent.first_mut() {
                    *first = slot;
                }
                slot
            }
        };
        self.values.get_mut(slot).map(|(_, value)| value)
    }

    /// The accumulators in key order.
    pub fn into_sorted(mut self) -> Vec<(K, V)> {
        self.values.sort_by_key(|(key, _)| *key);
        self.values
    }
}
