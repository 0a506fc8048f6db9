//! UPG: the ESX 3.5 to vSphere 4 upgrade order and prerequisites (catalogue section 4a).

pub(super) mod upg_01_host_ahead_of_vcenter;
pub(super) mod upg_18_hardware_7_with_esx35_targets;
