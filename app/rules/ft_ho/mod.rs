//! FT-HO: host prerequisites of VMware Fault Tolerance.

use super::Context;
use crate::model::{CpuVendor, EsxProduct, Host, HostId, Vm, VmId};

pub(super) mod ft_ho_01_cpu_not_ft_capable;
pub(super) mod ft_ho_02_model_not_ft_certified;
pub(super) mod ft_ho_03_hv_disabled;
pub(super) mod ft_ho_04_esx_too_old;
pub(super) mod ft_ho_05_clock_mismatch;
pub(super) mod ft_ho_06_stepping_mix_unpatched;
pub(super) mod ft_ho_07_power_profile;
pub(super) mod ft_ho_08_hyperthreading_mix;
pub(super) mod ft_ho_09_too_many_ft_vms;
pub(super) mod ft_ho_10_firewall_blocks_ft;

/// An FT VM whose Primary and Secondary hosts are both known and different.
struct Pair<'a> {
    vm_id: VmId,
    vm: &'a Vm,
    primary: &'a Host,
    secondary: &'a Host,
}

/// Every FT VM with its two hosts (pairs on one host are left to FT-CL-13).
fn ft_pairs<'a>(ctx: &Context<'a>) -> impl Iterator<Item = Pair<'a>> {
    let project = ctx.project;
    ctx.ft_vms().filter_map(move |(vm_id, vm)| {
        let primary_id: HostId = vm.host?;
        let secondary_id = vm.ft_secondary_host()?;
        if primary_id == secondary_id {
            return None;
        }
        Some(Pair {
            vm_id,
            vm,
            primary: project.hosts.get(&primary_id)?,
            secondary: project.hosts.get(&secondary_id)?,
        })
    })
}

/// "ESX" or "ESXi".
fn product_name(product: EsxProduct) -> &'static str {
    match product {
        EsxProduct::Esx => "ESX",
        EsxProduct::Esxi => "ESXi",
    }
}

/// The vendor's name for hardware virtualisation.
fn hv_name(vendor: CpuVendor) -> &'static str {
    match vendor {
        CpuVendor::Intel => "Intel VT",
        CpuVendor::Amd => "AMD-V",
    }
}
