//! FT-VM: virtual machine requirements of VMware Fault Tolerance.

use super::Context;
use crate::model::{Release, Vm};

pub(super) mod ft_vm_01_multiple_vcpus;
pub(super) mod ft_vm_02_disk_not_eager_zeroed;
pub(super) mod ft_vm_03_local_storage;
pub(super) mod ft_vm_04_old_hardware_version;
pub(super) mod ft_vm_05_unsupported_guest_cpu;
pub(super) mod ft_vm_06_barcelona_needs_power_off;
pub(super) mod ft_vm_07_memory_too_large;
pub(super) mod ft_vm_08_too_many_disks;
pub(super) mod ft_vm_09_snapshots;
pub(super) mod ft_vm_10_template_or_linked_clone;
pub(super) mod ft_vm_11_restart_disabled;
pub(super) mod ft_vm_12_unsupported_devices;
pub(super) mod ft_vm_13_vm_npiv;
pub(super) mod ft_vm_14_directpath;
pub(super) mod ft_vm_15_pvscsi_vmxnet3_on_esx40;
pub(super) mod ft_vm_16_vmi_or_vlance;
pub(super) mod ft_vm_17_shared_scsi_bus;
pub(super) mod ft_vm_18_hot_plug_disabled;
pub(super) mod ft_vm_19_storage_vmotion_planned;
pub(super) mod ft_vm_20_hardware_mmu_off;
pub(super) mod ft_vm_21_resource_pool_memory;

/// "1 disk", "3 disks".
pub(in crate::rules) fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// "a disk", "3 disks" (for words that take "a").
pub(in crate::rules) fn some(n: usize, word: &str) -> String {
    if n == 1 {
        format!("a {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// "a", "a and b", "a, b and c".
pub(in crate::rules) fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The ESX release of a VM's host (the Primary's host for FT VMs).
pub(in crate::rules) fn primary_release(ctx: &Context<'_>, vm: &Vm) -> Option<Release> {
    vm.host
        .and_then(|id| ctx.host(id))
        .map(|host| host.esx.release)
}

/// A disk's label for messages: its own label, or "disk N" (1-based) when it has none.
pub(in crate::rules) fn disk_label(label: &str, position: usize) -> String {
    if label.is_empty() {
        format!("disk {}", position + 1)
    } else {
        label.to_owned()
    }
}
