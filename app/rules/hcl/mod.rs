//! HCL: hardware compatibility list and 64-bit capability.

pub(super) mod hcl_01_model_not_listed;
pub(super) mod hcl_02_cpu_not_64bit;
