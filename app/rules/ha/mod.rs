//! HA: HA configuration per rules-v2 B3 (the admission control policies each vCenter has).

pub(super) mod ha_01_policy_not_in_vcenter;
