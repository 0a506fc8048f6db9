//! STO: storage paths on the connectivity graph (rules-v2 B1): redundancy, interconnect modules, storage seen
//! from both sites, and zoning that follows the WWNs a blade carries.

pub(super) mod sto_01_path_not_redundant;
pub(super) mod sto_02_hba_without_fc_module;
pub(super) mod sto_03_ldvm_datastore_not_at_both_sites;
pub(super) mod sto_04_zoning_misses_current_wwpn;
