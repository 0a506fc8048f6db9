//! FT-VM: virtual machine requirements of VMware Fault Tolerance.

use super::Rule;

mod ft_vm_01_multiple_vcpus;

/// The rules of this family, for the registry.
pub(super) static RULES: &[&dyn Rule] = &[&ft_vm_01_multiple_vcpus::FtVmMultipleVcpus];
