//! MAX: configuration maximums of vCenter and ESX.

pub(super) mod max_01_vcenter_inventory;
pub(super) mod max_02_host_vm_density;
pub(super) mod max_03_host_luns_and_paths;
