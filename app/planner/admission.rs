//! HA admission control as vCenter computes it, per policy (rules-v2 CAP-01): slots for "host failures
//! tolerated", shares for the percentage policy, size and availability for a failover host. It works on
//! reservations and overhead, never on configured memory: overcommitment is CAP-05's concern.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{
    AdmissionControl, ClusterId, Connection, EsxProduct, Host, HostId, Index, Project, Release, Vm,
    VmId, VmRow, VmTable,
};
use crate::refdata::{LimitItem, ReferenceData};

/// What a host offers VMs; `None` where the plan does not give the host's CPU or memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HostResources {
    pub host: HostId,
    pub cpu_mhz: Option<u64>,
    pub memory_mb: Option<u64>,
}

/// What a powered-on VM (or an FT Secondary) asks of admission control.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VmDemand {
    pub vm: VmId,
    pub cpu_mhz: u64,
    /// Memory reservation plus overhead (the overhead when known).
    pub memory_mb: u64,
    /// The Secondary of an FT VM.
    pub secondary: bool,
}

/// "Host failures tolerated": the slot arithmetic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlotCheck {
    pub failures: u32,
    pub slot_cpu_mhz: u64,
    /// 0 when no VM reserves memory and no overhead is known: memory then bounds no slot.
    pub slot_memory_mb: u64,
    /// The VM whose reservation sets the memory slot.
    pub memory_sizer: Option<VmId>,
    /// Slots of the running hosts once the `failures` hosts with the most slots are taken out.
    pub slots_left: u64,
    /// Slots the powered-on VMs and Secondaries take.
    pub slots_needed: u64,
    /// FT Secondaries among the VMs counted.
    pub secondaries: u64,
}

/// "Percentage of cluster resources reserved".
#[derive(Clone, Debug, PartialEq)]
pub struct PercentCheck {
    pub cpu_free_percent: f64,
    pub memory_free_percent: f64,
    pub cpu_required: u8,
    pub memory_required: u8,
}

/// Why a designated failover host cannot take over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FailoverHostProblem {
    /// In maintenance mode, being upgraded, or disconnected.
    NotRunning,
    /// Smaller than this running host of the cluster.
    SmallerThan(HostId),
}

/// The verdict of the cluster's policy.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// HA or its admission control is off: nothing is held back.
    NotEnforced,
    /// The policy does not exist in the cluster's vCenter (HA-01 says so): not evaluated.
    PolicyUnavailable,
    Slots(SlotCheck),
    Percent(PercentCheck),
    FailoverHost {
        host: HostId,
        problem: Option<FailoverHostProblem>,
    },
}

/// HA admission control of one cluster with some hosts out of service.
#[derive(Clone, Debug, PartialEq)]
pub struct Admission {
    pub cluster: ClusterId,
    pub hosts: usize,
    pub running: usize,
    /// Powered-on VMs whose memory overhead is not known: the memory figures are then a lower bound.
    pub unknown_overheads: usize,
    pub verdict: Verdict,
}

impl Admission {
    /// The policy's failover capacity holds (or is not enforced or not evaluated).
    pub fn holds(&self) -> bool {
        match &self.verdict {
            Verdict::NotEnforced | Verdict::PolicyUnavailable => true,
            Verdict::Slots(slots) => slots.slots_left >= slots.slots_needed,
            Verdict::Percent(percent) => {
                percent.cpu_free_percent >= f64::from(percent.cpu_required)
                    && percent.memory_free_percent >= f64::from(percent.memory_required)
            }
            Verdict::FailoverHost { problem, .. } => problem.is_none(),
        }
    }
}

/// The resources a host gives VMs: its CPU, and its memory less what the service console keeps (reference
/// data, classic ESX only; unknown keeps nothing back, which errs towards capacity, never towards a finding).
pub fn host_resources(host_id: HostId, host: &Host, reference: &ReferenceData) -> HostResources {
    let cpu = &host.cpu;
    let cpu_mhz = u64::from(cpu.sockets) * u64::from(cpu.cores_per_socket) * u64::from(cpu.mhz);
    let kept = match host.esx.product {
        EsxProduct::Esx => reference
            .limit(LimitItem::HostMemoryNotForVmsMb, Some(host.release()))
            .map_or(0, |mb| mb as u64),
        EsxProduct::Esxi => 0,
    };
    HostResources {
        host: host_id,
        cpu_mhz: (cpu_mhz > 0).then_some(cpu_mhz),
        memory_mb: (host.memory_gb > 0)
            .then(|| (u64::from(host.memory_gb) * 1024).saturating_sub(kept)),
    }
}

/// The memory HA counts for a VM: its reservation (all its memory for an FT VM, which reserves it), plus
/// the overhead when known.
pub fn vm_demand(id: VmId, vm: &Vm, secondary: bool) -> VmDemand {
    Asks::of_vm(id, vm).demand(secondary)
}

/// What admission control reads of one VM, taken from the VM itself or from its row in the index.
struct Asks {
    id: VmId,
    runs: bool,
    ft: bool,
    memory_mb: u32,
    memory_reservation_mb: u32,
    cpu_reservation_mhz: u32,
    memory_overhead_mb: Option<u32>,
}

impl Asks {
    fn of_vm(id: VmId, vm: &Vm) -> Self {
        Self {
            id,
            runs: vm.is_powered_on() && !vm.template,
            ft: vm.is_ft(),
            memory_mb: vm.memory_mb,
            memory_reservation_mb: vm.memory_reservation_mb,
            cpu_reservation_mhz: vm.cpu_reservation_mhz,
            memory_overhead_mb: vm.memory_overhead_mb,
        }
    }

    fn of_row(row: &VmRow) -> Self {
        Self {
            id: row.id,
            runs: row.runs(),
            ft: row.ft,
            memory_mb: row.memory_mb,
            memory_reservation_mb: row.memory_reservation_mb,
            cpu_reservation_mhz: row.cpu_reservation_mhz,
            memory_overhead_mb: row.memory_overhead_mb,
        }
    }

    fn demand(&self, secondary: bool) -> VmDemand {
        let reservation = if self.ft {
            self.memory_mb.max(self.memory_reservation_mb)
        } else {
            self.memory_reservation_mb
        };
        VmDemand {
            vm: self.id,
            cpu_mhz: u64::from(self.cpu_reservation_mhz),
            memory_mb: u64::from(reservation) + u64::from(self.memory_overhead_mb.unwrap_or(0)),
            secondary,
        }
    }
}

/// What the powered-on VMs of one cluster ask of admission control: one demand each (and one more for an FT VM's
/// Secondary), and how many have no recorded memory overhead. The same whichever hosts are out of service, so a
/// check works it out once per cluster for every rule that weighs admission ([`crate::rules::Context`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClusterDemands {
    pub demands: Vec<VmDemand>,
    pub unknown_overheads: usize,
}

impl ClusterDemands {
    /// No VM: a cluster without powered-on VMs.
    pub const NONE: Self = Self {
        demands: Vec::new(),
        unknown_overheads: 0,
    };

    /// The demands of a cluster's VMs (templates and powered-off VMs ask nothing).
    pub fn of<'v>(vms: impl IntoIterator<Item = (VmId, &'v Vm)>) -> Self {
        let mut of = Self::default();
        for (id, vm) in vms {
            of.add(&Asks::of_vm(id, vm));
        }
        of
    }

    /// The demands of every cluster's VMs, read from their rows: the rows hold what admission reads in a few MB,
    /// where the VMs themselves are spread over a hundred MB at ten halls.
    pub fn by_cluster(rows: &VmTable) -> BTreeMap<ClusterId, Self> {
        rows.clusters()
            .map(|(cluster, rows)| {
                let mut of = Self::default();
                for row in rows {
                    of.add(&Asks::of_row(row));
                }
                (cluster, of)
            })
            .collect()
    }

    fn add(&mut self, asks: &Asks) {
        if !asks.runs {
            return;
        }
        if asks.memory_overhead_mb.is_none() {
            self.unknown_overheads += 1;
        }
        self.demands.push(asks.demand(false));
        if asks.ft {
            self.demands.push(asks.demand(true));
        }
    }
}

/// What admission control weighs in one cluster: its running hosts and the demands of its powered-on VMs.
struct Inputs<'a> {
    cluster: &'a crate::model::Cluster,
    vcenter_release: Option<Release>,
    hosts: usize,
    running: Vec<HostResources>,
    demands: std::borrow::Cow<'a, ClusterDemands>,
}

impl Inputs<'_> {
    fn vsphere4(&self) -> bool {
        self.vcenter_release
            .is_some_and(|release| release >= Release::new(4, 0))
    }

    fn default_slot_cpu_mhz(&self, reference: &ReferenceData) -> u64 {
        reference
            .limit(LimitItem::HaDefaultSlotCpuMhz, self.vcenter_release)
            .map_or(0, |mhz| mhz as u64)
    }

    /// The slot caps (`das.slotCpuInMHz`, `das.slotMemInMB`) vCenter 4.0 and later apply.
    fn caps(&self) -> (Option<u32>, Option<u32>) {
        if self.vsphere4() {
            (self.cluster.ha.slot_cpu_mhz, self.cluster.ha.slot_memory_mb)
        } else {
            (None, None)
        }
    }
}

/// The VMs of a cluster with their data, looked up in the project: for callers without a rule's [`Context`],
/// which has them gathered already.
///
/// [`Context`]: crate::rules::Context
pub fn cluster_vms<'a>(
    project: &'a Project,
    index: &'a Index,
    cluster: ClusterId,
) -> impl Iterator<Item = (VmId, &'a Vm)> + 'a {
    index
        .vms_of(cluster)
        .iter()
        .filter_map(move |&id| project.vms.get(&id).map(|vm| (id, vm)))
}

fn inputs<'a>(
    project: &'a Project,
    index: &Index,
    reference: &ReferenceData,
    cluster_id: ClusterId,
    demands: std::borrow::Cow<'a, ClusterDemands>,
    out_of_service: &BTreeSet<HostId>,
) -> Option<Inputs<'a>> {
    let cluster = project.clusters.get(&cluster_id)?;
    let vcenter_release = cluster
        .vcenter
        .and_then(|id| project.vcenters.get(&id))
        .map(|vcenter| vcenter.release);
    let hosts = index.hosts_of(cluster_id);
    let running: Vec<HostResources> = hosts
        .iter()
        .filter(|id| !out_of_service.contains(id))
        .filter_map(|&id| project.hosts.get(&id).map(|host| (id, host)))
        .filter(|(_, host)| host.connection == Connection::Connected)
        .map(|(id, host)| host_resources(id, host, reference))
        .collect();
    Some(Inputs {
        cluster,
        vcenter_release,
        hosts: hosts.len(),
        running,
        demands,
    })
}

/// Admission control of `cluster` (whose VMs are `vms`) with the `out_of_service` hosts removed first.
pub fn admission<'v>(
    project: &Project,
    index: &Index,
    reference: &ReferenceData,
    cluster_id: ClusterId,
    vms: impl IntoIterator<Item = (VmId, &'v Vm)>,
    out_of_service: &BTreeSet<HostId>,
) -> Option<Admission> {
    admission_of(
        project,
        index,
        reference,
        cluster_id,
        &ClusterDemands::of(vms),
        out_of_service,
    )
}

/// [`admission`] on demands worked out before.
pub fn admission_of(
    project: &Project,
    index: &Index,
    reference: &ReferenceData,
    cluster_id: ClusterId,
    demands: &ClusterDemands,
    out_of_service: &BTreeSet<HostId>,
) -> Option<Admission> {
    let inputs = inputs(
        project,
        index,
        reference,
        cluster_id,
        std::borrow::Cow::Borrowed(demands),
        out_of_service,
    )?;
    Some(judge(&inputs, &inputs.running, reference, cluster_id))
}

/// The verdict of admission control on `inputs` with `running` as the hosts in service.
fn judge(
    inputs: &Inputs<'_>,
    running: &[HostResources],
    reference: &ReferenceData,
    cluster_id: ClusterId,
) -> Admission {
    let ha = &inputs.cluster.ha;
    let verdict = if !ha.enabled {
        Verdict::NotEnforced
    } else {
        match ha.admission_control {
            AdmissionControl::Disabled => Verdict::NotEnforced,
            AdmissionControl::HostFailures(failures) => Verdict::Slots(slots(
                running,
                &inputs.demands.demands,
                u32::from(failures),
                inputs.default_slot_cpu_mhz(reference),
                inputs.caps(),
            )),
            AdmissionControl::Percentage { .. } | AdmissionControl::FailoverHost(_)
                if !inputs.vsphere4() =>
            {
                Verdict::PolicyUnavailable
            }
            AdmissionControl::Percentage { cpu, memory } => Verdict::Percent(percent(
                running,
                &inputs.demands.demands,
                inputs.default_slot_cpu_mhz(reference),
                cpu,
                memory,
            )),
            AdmissionControl::FailoverHost(host) => Verdict::FailoverHost {
                host,
                problem: failover_host_problem(host, running),
            },
        }
    };
    Admission {
        cluster: cluster_id,
        hosts: inputs.hosts,
        running: running.len(),
        unknown_overheads: inputs.demands.unknown_overheads,
        verdict,
    }
}

/// A cluster's admission-control inputs gathered once, to judge several sets of hosts out of service (the
/// auto-plan tries one per unit of hosts it adds to a wave) or several outages (FD-02 asks one per enclosure the
/// cluster spans) without walking the cluster's VMs again for each.
pub struct AdmissionInputs<'a> {
    inputs: Inputs<'a>,
    cluster: ClusterId,
}

impl<'a> AdmissionInputs<'a> {
    /// The inputs of `cluster_id` (whose VMs are `vms`) with every host in service; `None` for a cluster the
    /// project lacks.
    pub fn of<'v>(
        project: &'a Project,
        index: &Index,
        reference: &ReferenceData,
        cluster_id: ClusterId,
        vms: impl IntoIterator<Item = (VmId, &'v Vm)>,
    ) -> Option<Self> {
        Self::of_demands(
            project,
            index,
            reference,
            cluster_id,
            std::borrow::Cow::Owned(ClusterDemands::of(vms)),
        )
    }

    /// [`AdmissionInputs::of`] on demands worked out before (borrowed from a check's context) or just now.
    pub fn of_demands(
        project: &'a Project,
        index: &Index,
        reference: &ReferenceData,
        cluster_id: ClusterId,
        demands: std::borrow::Cow<'a, ClusterDemands>,
    ) -> Option<Self> {
        inputs(
            project,
            index,
            reference,
            cluster_id,
            demands,
            &BTreeSet::new(),
        )
        .map(|inputs| Self {
            inputs,
            cluster: cluster_id,
        })
    }

    /// [`admission`] with the `out_of_service` hosts removed first.
    pub fn admission(
        &self,
        reference: &ReferenceData,
        out_of_service: &BTreeSet<HostId>,
    ) -> Admission {
        let running: Vec<HostResources> = self
            .inputs
            .running
            .iter()
            .filter(|host| !out_of_service.contains(&host.host))
            .copied()
            .collect();
        judge(&self.inputs, &running, reference, self.cluster)
    }

    /// Whether HA can restart every powered-on VM of the cluster on its hosts outside `down`, counted in slots as
    /// admission control counts them with no further failure held back (FD-02), with the VMs whose memory
    /// overhead is unknown. `None` when HA is off: nothing restarts then, which FT-CL-01 and the design review
    /// see, not this count.
    pub fn restart_slots(
        &self,
        reference: &ReferenceData,
        down: &BTreeSet<HostId>,
    ) -> Option<(SlotCheck, usize)> {
        let all = &self.inputs;
        if !all.cluster.ha.enabled {
            return None;
        }
        let running: Vec<HostResources> = all
            .running
            .iter()
            .filter(|host| !down.contains(&host.host))
            .copied()
            .collect();
        let slots = slots(
            &running,
            &all.demands.demands,
            0,
            all.default_slot_cpu_mhz(reference),
            all.caps(),
        );
        Some((slots, all.demands.unknown_overheads))
    }
}

/// The slot arithmetic of "host failures tolerated" (rules-v2 CAP-01, V9, V10, V50).
pub fn slots(
    running: &[HostResources],
    demands: &[VmDemand],
    failures: u32,
    default_slot_cpu_mhz: u64,
    (cpu_cap, memory_cap): (Option<u32>, Option<u32>),
) -> SlotCheck {
    let largest_cpu = demands.iter().map(|d| d.cpu_mhz).max().unwrap_or(0);
    let mut slot_cpu_mhz = if largest_cpu == 0 {
        default_slot_cpu_mhz
    } else {
        largest_cpu
    };
    if let Some(cap) = cpu_cap {
        slot_cpu_mhz = slot_cpu_mhz.min(u64::from(cap));
    }
    let sizer = demands
        .iter()
        .filter(|d| d.memory_mb > 0)
        .max_by_key(|d| (d.memory_mb, std::cmp::Reverse(d.vm)));
    let mut slot_memory_mb = sizer.map_or(0, |d| d.memory_mb);
    if let Some(cap) = memory_cap {
        slot_memory_mb = slot_memory_mb.min(u64::from(cap));
    }
    let per_host = |host: &HostResources| -> u64 {
        // A resource the plan does not give bounds nothing: unknown errs towards capacity, never a finding.
        let by_cpu = host
            .cpu_mhz
            .filter(|_| slot_cpu_mhz > 0)
            .map(|mhz| mhz / slot_cpu_mhz);
        let by_memory = host
            .memory_mb
            .filter(|_| slot_memory_mb > 0)
            .map(|mb| mb / slot_memory_mb);
        match (by_cpu, by_memory) {
            (Some(cpu), Some(memory)) => cpu.min(memory),
            (Some(one), None) | (None, Some(one)) => one,
            // Nothing sizes a slot: every VM fits, as vCenter counts it.
            (None, None) => u64::MAX / 1024,
        }
    };
    let mut host_slots: Vec<u64> = running.iter().map(per_host).collect();
    host_slots.sort_unstable_by(|a, b| b.cmp(a));
    let slots_left = host_slots
        .iter()
        .skip(failures as usize)
        .fold(0u64, |sum, slots| sum.saturating_add(*slots));
    // With a capped slot, a larger VM takes several slots.
    let slots_needed = demands
        .iter()
        .map(|d| {
            let by_cpu = if slot_cpu_mhz > 0 {
                d.cpu_mhz.div_ceil(slot_cpu_mhz)
            } else {
                1
            };
            let by_memory = if slot_memory_mb > 0 {
                d.memory_mb.div_ceil(slot_memory_mb)
            } else {
                1
            };
            by_cpu.max(by_memory).max(1)
        })
        .sum();
    SlotCheck {
        failures,
        slot_cpu_mhz,
        slot_memory_mb,
        memory_sizer: sizer.map(|d| d.vm),
        slots_left,
        slots_needed,
        secondaries: demands.iter().filter(|d| d.secondary).count() as u64,
    }
}

/// The percentage policy: the share of the running hosts' CPU and memory that reservations leave free.
/// A VM with no CPU reservation counts the default slot CPU (V5).
fn percent(
    running: &[HostResources],
    demands: &[VmDemand],
    default_cpu_mhz: u64,
    cpu_required: u8,
    memory_required: u8,
) -> PercentCheck {
    // A host whose CPU or memory is unknown makes that share unknown: it then passes.
    let total_cpu: Option<u64> = running.iter().map(|h| h.cpu_mhz).sum();
    let total_memory: Option<u64> = running.iter().map(|h| h.memory_mb).sum();
    let used_cpu: u64 = demands.iter().map(|d| d.cpu_mhz.max(default_cpu_mhz)).sum();
    let used_memory: u64 = demands.iter().map(|d| d.memory_mb).sum();
    let free = |total: Option<u64>, used: u64| match total {
        None => 100.0,
        Some(0) => 0.0,
        Some(total) => (total as f64 - used as f64) / total as f64 * 100.0,
    };
    PercentCheck {
        cpu_free_percent: free(total_cpu, used_cpu),
        memory_free_percent: free(total_memory, used_memory),
        cpu_required,
        memory_required,
    }
}

/// A failover host must run and be at least as large as every other running host (V10).
fn failover_host_problem(host: HostId, running: &[HostResources]) -> Option<FailoverHostProblem> {
    let Some(spare) = running.iter().find(|h| h.host == host) else {
        return Some(FailoverHostProblem::NotRunning);
    };
    running
        .iter()
        .filter(|other| other.host != host)
        // Compared only where both sizes are known.
        .filter(|other| {
            let larger = |theirs: Option<u64>, ours: Option<u64>| {
                theirs.zip(ours).is_some_and(|(theirs, ours)| theirs > ours)
            };
            larger(other.cpu_mhz, spare.cpu_mhz) || larger(other.memory_mb, spare.memory_mb)
        })
        .max_by_key(|other| {
            (
                other.memory_mb,
                other.cpu_mhz,
                std::cmp::Reverse(other.host),
            )
        })
        .map(|other| FailoverHostProblem::SmallerThan(other.host))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The demands read from the VMs' rows, for every cluster at once, and the capacity demands read the same way,
    /// are those the VMs themselves give cluster by cluster: with FT VMs, reservations above configured memory,
    /// unrecorded overheads, powered-off VMs, templates and a cluster whose VMs do not follow each other.
    #[test]
    fn demands_read_from_rows_are_those_of_the_vms() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/samples");
        let mut seen = (0, 0, 0);
        for sample in ["esx35-west.ron", "ft-ready-cluster.ron"] {
            let mut project = crate::io::PlanFile::load(&root.join(sample))
                .expect("sample plan")
                .project;
            let clusters: Vec<ClusterId> = project.clusters.keys().copied().collect();
            for (position, vm) in project.vms.values_mut().enumerate() {
                match position % 5 {
                    0 => vm.memory_overhead_mb = None,
                    1 => vm.memory_reservation_mb = vm.memory_mb + 512,
                    2 => vm.power = crate::model::PowerState::PoweredOff,
                    3 => vm.template = true,
                    _ => vm.cpu_reservation_mhz = 1000,
                }
                // Every seventh VM joins the other cluster, so each cluster's VMs come in several runs.
                if position % 7 == 3 && clusters.len() > 1 {
                    vm.cluster = clusters.iter().copied().find(|&c| Some(c) != vm.cluster);
                }
            }
            let index = Index::build(&project);
            let by_rows = ClusterDemands::by_cluster(&index.vm_rows);
            let capacity = crate::planner::capacity::cluster_demands(&index.vm_rows);
            for &cluster in &clusters {
                let of_vms = ClusterDemands::of(cluster_vms(&project, &index, cluster));
                assert_eq!(
                    by_rows.get(&cluster).unwrap_or(&ClusterDemands::NONE),
                    &of_vms,
                    "{sample}: {cluster}"
                );
                assert_eq!(
                    capacity.get(&cluster).copied().unwrap_or(0),
                    crate::planner::capacity::cluster_demand(&project, &index, cluster),
                    "{sample}: capacity demand of {cluster}"
                );
                seen.0 += of_vms.unknown_overheads;
                seen.1 += of_vms.demands.iter().filter(|d| d.secondary).count();
                seen.2 += of_vms.demands.len();
            }
        }
        assert!(
            seen.0 > 0 && seen.1 > 0 && seen.2 > seen.1,
            "unknown overheads, Secondaries, demands: {seen:?}"
        );
    }

    fn host(id: u32, cpu_mhz: u64, memory_mb: u64) -> HostResources {
        HostResources {
            host: HostId(id),
            cpu_mhz: Some(cpu_mhz),
            memory_mb: Some(memory_mb),
        }
    }

    fn vm(id: u32, cpu_mhz: u64, memory_mb: u64) -> VmDemand {
        VmDemand {
            vm: VmId(id),
            cpu_mhz,
            memory_mb,
            secondary: false,
        }
    }

    #[test]
    fn the_largest_reservation_sizes_the_slot_and_the_fullest_hosts_are_held_back() {
        // Four hosts of 20 GHz and 32 GB; one VM reserves 8 GB: slots are 8 GB, 4 per host, 12 after one failure.
        let hosts: Vec<_> = (1..=4).map(|id| host(id, 20_000, 32_768)).collect();
        let mut demands: Vec<_> = (1..=12).map(|id| vm(id, 0, 100)).collect();
        demands.push(vm(99, 0, 8192));
        let check = slots(&hosts, &demands, 1, 256, (None, None));
        assert_eq!(check.slot_memory_mb, 8192);
        assert_eq!(check.slot_cpu_mhz, 256);
        assert_eq!(check.memory_sizer, Some(VmId(99)));
        assert_eq!(check.slots_left, 12);
        assert_eq!(check.slots_needed, 13);
    }

    #[test]
    fn a_slot_cap_makes_large_vms_take_several_slots() {
        let hosts: Vec<_> = (1..=4).map(|id| host(id, 20_000, 32_768)).collect();
        let demands = vec![vm(1, 0, 8192), vm(2, 0, 1024)];
        let check = slots(&hosts, &demands, 1, 256, (None, Some(1024)));
        assert_eq!(check.slot_memory_mb, 1024);
        assert_eq!(check.slots_needed, 8 + 1);
        assert_eq!(check.slots_left, 3 * 32);
    }

    #[test]
    fn without_reservations_only_the_default_cpu_slot_counts() {
        let hosts: Vec<_> = (1..=2).map(|id| host(id, 2560, 32_768)).collect();
        let demands: Vec<_> = (1..=11).map(|id| vm(id, 0, 0)).collect();
        let check = slots(&hosts, &demands, 1, 256, (None, None));
        assert_eq!(check.slot_memory_mb, 0);
        assert_eq!(check.slots_left, 10);
        assert_eq!(check.slots_needed, 11);
    }

    #[test]
    fn the_percentage_policy_counts_reservations_and_the_default_cpu() {
        let hosts = [host(1, 10_000, 10_000), host(2, 10_000, 10_000)];
        let demands = [vm(1, 0, 5_000), vm(2, 1_000, 0)];
        let check = percent(&hosts, &demands, 256, 25, 25);
        assert!((check.cpu_free_percent - (20_000.0 - 1_256.0) / 200.0).abs() < 1e-9);
        assert!((check.memory_free_percent - 75.0).abs() < 1e-9);
    }

    #[test]
    fn a_host_of_unknown_size_bounds_no_slot() {
        let unknown = HostResources {
            host: HostId(1),
            cpu_mhz: None,
            memory_mb: None,
        };
        let check = slots(&[unknown, unknown], &[vm(1, 0, 0)], 1, 256, (None, None));
        assert!(check.slots_left >= check.slots_needed);
        let check = percent(&[unknown], &[vm(1, 500, 500)], 256, 25, 25);
        assert!((check.cpu_free_percent - 100.0).abs() < 1e-9);
    }

    #[test]
    fn a_failover_host_must_run_and_be_the_largest() {
        let hosts = [host(1, 10_000, 32_768), host(2, 10_000, 65_536)];
        assert_eq!(
            failover_host_problem(HostId(1), &hosts),
            Some(FailoverHostProblem::SmallerThan(HostId(2)))
        );
        assert_eq!(failover_host_problem(HostId(2), &hosts), None);
        assert_eq!(
            failover_host_problem(HostId(3), &hosts),
            Some(FailoverHostProblem::NotRunning)
        );
    }
}
