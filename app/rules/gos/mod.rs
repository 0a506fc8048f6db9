//! GOS: guest operating systems through the upgrade: support per ESX release, snapshots, and the reboots of the
//! VMware Tools and virtual hardware upgrades.

pub(super) mod gos_01_guest_os_support;
pub(super) mod gos_02_snapshots;
pub(super) mod gos_03_guest_reboots;

/// VM names for a message, the first four and how many more.
pub(in crate::rules) fn vm_names<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    crate::rules::net::first_names(names)
}
