//! CAP: HA capacity and blade-enclosure placement (CAP-03, CAP-04).

pub(super) mod cap_03_ha_cluster_limits;
pub(super) mod cap_04_ha_hosts_in_one_enclosure;
