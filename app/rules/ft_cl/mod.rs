//! FT-CL: cluster prerequisites of VMware Fault Tolerance.

use std::collections::BTreeMap;

use super::Context;
use crate::model::{AdmissionControl, Cluster, ClusterId, Connection, Vm, VmId};

pub(super) mod ft_cl_01_ha_disabled;
pub(super) mod ft_cl_02_host_monitoring_off;
pub(super) mod ft_cl_03_ssl_cert_check_off;
pub(super) mod ft_cl_04_missing_vmkernel_ports;
pub(super) mod ft_cl_05_no_processor_group_pair;
pub(super) mod ft_cl_06_build_mismatch;
pub(super) mod ft_cl_07_storage_network_not_shared;
pub(super) mod ft_cl_08_too_few_hosts;
pub(super) mod ft_cl_09_drs_excludes_ft;
pub(super) mod ft_cl_11_ha_slots_short;
pub(super) mod ft_cl_12_secondaries_in_admission;
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

/// The memory HA admission control counts for a powered-on VM: FT VMs reserve all their memory.
fn ha_reservation_mb(vm: &Vm) -> u64 {
    if vm.is_ft() {
        u64::from(vm.memory_mb.max(vm.memory_reservation_mb))
    } else {
        u64::from(vm.memory_reservation_mb)
    }
}

/// What the powered-on VMs of a cluster reserve, as HA admission control counts it.
#[derive(Debug, Default)]
struct Reservations {
    /// Powered-on VMs (FT Primaries counted once).
    powered_on: u64,
    /// Powered-on FT VMs: each has a running Secondary.
    secondaries: u64,
    /// Memory reserved by the powered-on VMs.
    reserved_mb: u64,
    /// Memory reserved by the Secondaries on top (the FT VMs' memory again).
    secondaries_mb: u64,
    /// The largest reservation and its VM: the HA slot size.
    largest: Option<(u64, VmId)>,
}

impl Reservations {
    fn add(&mut self, id: VmId, vm: &Vm) {
        if !vm.is_powered_on() {
            return;
        }
        let reservation = ha_reservation_mb(vm);
        self.powered_on += 1;
        self.reserved_mb += reservation;
        if vm.is_ft() {
            self.secondaries += 1;
            self.secondaries_mb += reservation;
        }
        if self
            .largest
            .is_none_or(|(largest, _)| reservation > largest)
        {
            self.largest = Some((reservation, id));
        }
    }
}

/// What the powered-on VMs of a cluster reserve.
fn cluster_reservations(ctx: &Context<'_>, cluster: ClusterId) -> Reservations {
    let mut reservations = Reservations::default();
    for (id, vm) in ctx.cluster_vms(cluster) {
        reservations.add(id, vm);
    }
    reservations
}

/// The clusters holding FT VMs whose HA admission control is on and satisfies `policy`.
fn admission_clusters<'a>(
    ctx: &Context<'a>,
    policy: impl Fn(AdmissionControl) -> bool,
) -> Vec<(ClusterId, &'a Cluster)> {
    ft_clusters(ctx)
        .into_iter()
        .filter(|(_, (cluster, _))| cluster.ha.enabled && policy(cluster.ha.admission_control))
        .map(|(id, (cluster, _))| (id, cluster))
        .collect()
}

/// The memory side of HA admission control in a cluster with FT VMs, under "host failures tolerated".
struct HaSlots {
    /// The slot's memory: the largest reservation of a powered-on VM.
    slot_mb: u64,
    /// The VM whose reservation sets the slot.
    slot_vm: VmId,
    /// Slots left once the `failures` hosts with the most slots are taken out.
    slots: u64,
    failures: u32,
}

/// Slot arithmetic of a cluster with HA on and the "host failures tolerated" policy (memory slots only).
fn ha_slots(
    ctx: &Context<'_>,
    cluster_id: ClusterId,
    cluster: &Cluster,
    reservations: &Reservations,
) -> Option<HaSlots> {
    if !cluster.ha.enabled || reservations.secondaries == 0 {
        return None;
    }
    let AdmissionControl::HostFailures(failures) = cluster.ha.admission_control else {
        return None;
    };
    let (slot_mb, slot_vm) = reservations.largest?;
    if slot_mb == 0 {
        return None;
    }
    let mut per_host: Vec<u64> = ctx
        .cluster_hosts(cluster_id)
        .filter(|(_, host)| host.connection == Connection::Connected)
        .map(|(_, host)| u64::from(host.memory_gb) * 1024 / slot_mb)
        .collect();
    per_host.sort_unstable_by(|a, b| b.cmp(a));
    let slots = per_host.iter().skip(usize::from(failures)).sum();
    Some(HaSlots {
        slot_mb,
        slot_vm,
        slots,
        failures: u32::from(failures),
    })
}
