//! FD: failure domains (rules-v2 B2): clusters in one enclosure or rack, enclosure outages, and enclosure-wide
//! work with VMs still on the enclosure.

pub(super) mod fd_01_cluster_in_one_enclosure_or_rack;
pub(super) mod fd_02_enclosure_outage_capacity;
pub(super) mod fd_03_vms_left_on_hosts_taken_down;
