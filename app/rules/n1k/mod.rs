//! N1K: Cisco Nexus 1000V limits and uplinks.

pub(super) mod n1k_01_too_many_hosts;
pub(super) mod n1k_02_member_host_not_ready;
pub(super) mod n1k_03_vpc_host_mode_uplinks;
