//! OPS: upgrade operations: what the operator's steps leave behind (the rollback window of an upgraded host).

pub(super) mod ops_02_hardware_7_in_rollback_window;
