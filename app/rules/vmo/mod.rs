//! VMO: vMotion networking, storage and compatibility.

pub(super) mod vmo_01_no_vmotion_vmkernel;
pub(super) mod vmo_02_port_group_missing;
pub(super) mod vmo_03_storage_not_shared;
pub(super) mod vmo_04_vm_tied_to_host;
pub(super) mod vmo_05_hw7_vm_with_esx35_hosts;
pub(super) mod vmo_06_concurrent_vmotion_limit;
