//! FT-CL: cluster prerequisites of VMware Fault Tolerance.

use std::collections::BTreeMap;

use super::Context;
use crate::model::{Cluster, ClusterId, Vm, VmId};

pub(super) mod ft_cl_01_ha_disabled;
pub(super) mod ft_cl_02_host_monitoring_off;
pub(super) mod ft_cl_03_ssl_cert_check_off;
pub(super) mod ft_cl_04_missing_vmkernel_ports;
pub(super) mod ft_cl_05_no_processor_group_pair;
pub(super) mod ft_cl_06_build_mismatch;
pub(super) mod ft_cl_07_storage_network_not_shared;
pub(super) mod ft_cl_08_too_few_hosts;
pub(super) mod ft_cl_09_drs_excludes_ft;
pub(super) mod ft_cl_13_pair_same_failure_domain;
pub(super) mod ft_cl_14_ft_before_vsphere4;

/// A cluster holding FT VMs, with those VMs in ID order.
type FtCluster<'a> = (&'a Cluster, Vec<(VmId, &'a Vm)>);

/// Clusters holding at least one FT VM, each with its FT VMs in ID order (dangling cluster IDs left out).
fn ft_clusters<'a>(ctx: &Context<'a>) -> BTreeMap<ClusterId, FtCluster<'a>> {
    let mut clusters: BTreeMap<ClusterId, FtCluster<'a>> = BTreeMap::new();
    for (id, vm) in ctx.ft_vms() {
        let Some(cluster_id) = vm.cluster else {
            continue;
        };
        let Some(cluster) = ctx.cluster(cluster_id) else {
            continue;
        };
        clusters
            .entry(cluster_id)
            .or_insert_with(|| (cluster, Vec::new()))
            .1
            .push((id, vm));
    }
    clusters
}

/// At most five names joined by commas, then "and N more".
fn name_list<I: IntoIterator<Item = String>>(names: I) -> String {
    const SHOWN: usize = 5;
    let all: Vec<String> = names.into_iter().collect();
    let shown: Vec<&str> = all.iter().take(SHOWN).map(String::as_str).collect();
    let rest = all.len().saturating_sub(SHOWN);
    if rest == 0 {
        shown.join(", ")
    } else {
        format!("{} and {rest} more", shown.join(", "))
    }
}

/// "1 FT VM" / "3 FT VMs".
fn ft_vm_count(count: usize) -> String {
    if count == 1 {
        "1 FT VM".to_owned()
    } else {
        format!("{count} FT VMs")
    }
}
