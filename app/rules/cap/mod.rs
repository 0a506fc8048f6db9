//! CAP: HA capacity during the upgrade and blade-enclosure placement (CAP-01 to CAP-05).

pub(super) mod cap_01_failover_capacity_in_maintenance;
pub(super) mod cap_02_admission_control_blocks_maintenance;
pub(super) mod cap_03_ha_cluster_limits;
pub(super) mod cap_04_ha_hosts_in_one_enclosure;
pub(super) mod cap_05_memory_overcommitted;
