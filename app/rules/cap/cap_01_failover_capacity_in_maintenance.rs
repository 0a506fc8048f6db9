//! CAP-01: HA admission control keeps its failover capacity, per policy, in the design and in every stage.

use crate::planner::admission::{
    Admission, FailoverHostProblem, PercentCheck, SlotCheck, Verdict, admission_of,
};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A cluster whose HA admission control policy no longer holds its failover capacity.
pub struct CapFailoverCapacityInMaintenance;

static META: RuleMeta = RuleMeta {
    id: "CAP-01",
    name: "failover-capacity-lost-in-maintenance",
    title: "HA admission control cannot hold the cluster's failover capacity",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Per cluster, in the design and in every upgrade stage (hosts in maintenance or taken down by an \
             operation removed first; disconnected hosts do not count), HA admission control as vCenter computes \
             it from VM-level reservations and overhead (never configured memory; resource-pool reservations do \
             not enter, and each FT Secondary counts as a VM with the FT VM's full memory reserved). \
             `HostFailures(n)`: slot CPU = the largest CPU reservation, or `HaDefaultSlotCpuMhz` (256 MHz) when \
             none; slot memory = the largest memory reservation plus overhead; on vCenter 4.0 `slot_cpu_mhz` and \
             `slot_memory_mb` cap the slot and a larger VM takes several slots; slots per host = the smaller of \
             its CPU and memory (less the service console's `HostMemoryNotForVmsMb`) divided by the slot; the n \
             hosts with the most slots are taken out, and the rest must cover every powered-on VM. `Percentage` \
             (vCenter 4.0 on): the share of CPU and memory that reservations plus overhead leave free, a VM \
             without a CPU reservation counting 256 MHz, must be at least the configured percentages. \
             `FailoverHost` (vCenter 4.0 on): the designated host runs in the stage and is at least as large as \
             every other running host. HA or admission control off: nothing to check. A policy the vCenter does \
             not have is HA-01's. An unknown VM overhead counts 0 and the finding says so: the figures are then a \
             lower bound. In a stage a wave that records an accepted risk gives a warning. When an operation \
             takes down every host of the cluster, FD-03 is the one finding.",
    why: "During a rolling upgrade each host goes into maintenance mode. If admission control then no longer \
          holds its failover capacity, vCenter refuses power-ons and DRS cannot finish evacuating the next host \
          (CAP-02), and a host failure in the window leaves VMs HA cannot restart. Admission control counts \
          reservations and overhead, so a memory-overcommitted estate can be safe (CAP-05 covers performance).",
    example: "Cluster `Prod` (host failures tolerated: 1) has four hosts of 32 GB; `sql01` reserves 8 GB, so a \
              slot is 8 GB and a host holds 4; with one host in maintenance and one held back, 8 slots remain \
              for 13 powered-on VMs.",
    fix: "Add a temporary host, upgrade fewer hosts at a time, lower the reservations, or cap the slot size \
          (das.slotMemInMB, vCenter 4.0).",
    source: "rules-v2 CAP-01: V5, V9, V10, V49, V50",
};

fn gb(mb: u64) -> String {
    if mb.is_multiple_of(1024) {
        format!("{} GB", mb / 1024)
    } else {
        format!("{:.1} GB", mb as f64 / 1024.0)
    }
}

fn slots_text(ctx: &Context<'_>, check: &SlotCheck) -> String {
    let memory = if check.slot_memory_mb == 0 {
        "no memory (no VM reserves any)".to_owned()
    } else {
        let sizer = check
            .memory_sizer
            .and_then(|vm| ctx.vm(vm))
            .map(|vm| {
                let ft = if vm.is_ft() {
                    ", FT reserves all of its memory"
                } else {
                    ""
                };
                format!(" set by {}{ft}", vm.name)
            })
            .unwrap_or_default();
        format!("{} of memory{sizer}", gb(check.slot_memory_mb))
    };
    let secondaries = match check.secondaries {
        0 => String::new(),
        1 => " (1 FT Secondary included)".to_owned(),
        n => format!(" ({n} FT Secondaries included)"),
    };
    format!(
        "a slot is {} MHz of CPU and {memory}; after holding back {} host{} {} slot{} remain for {} needed{secondaries}",
        check.slot_cpu_mhz,
        check.failures,
        if check.failures == 1 { "" } else { "s" },
        check.slots_left,
        if check.slots_left == 1 { "" } else { "s" },
        check.slots_needed
    )
}

fn percent_text(check: &PercentCheck) -> String {
    format!(
        "reservations leave {:.0} % of CPU and {:.0} % of memory free; the policy needs {} % and {} %",
        check.cpu_free_percent.max(0.0),
        check.memory_free_percent.max(0.0),
        check.cpu_required,
        check.memory_required
    )
}

fn describe(ctx: &Context<'_>, name: &str, admission: &Admission) -> String {
    let out = admission.hosts - admission.running;
    let hosts = if out == 0 {
        format!("with all {} hosts running", admission.hosts)
    } else {
        format!("with {out} of {} hosts out of service", admission.hosts)
    };
    let detail = match &admission.verdict {
        Verdict::Slots(check) => slots_text(ctx, check),
        Verdict::Percent(check) => percent_text(check),
        Verdict::FailoverHost { host, problem } => match problem {
            Some(FailoverHostProblem::NotRunning) => format!(
                "its failover host {} is not running",
                ctx.project.host_name(*host)
            ),
            Some(FailoverHostProblem::SmallerThan(larger)) => format!(
                "its failover host {} is smaller than {}",
                ctx.project.host_name(*host),
                ctx.project.host_name(*larger)
            ),
            None => String::new(),
        },
        Verdict::NotEnforced | Verdict::PolicyUnavailable => String::new(),
    };
    let unknown = if admission.unknown_overheads > 0 {
        format!(
            " (memory overhead unknown for {} VM{}: counted as 0, so the shortfall is at least this)",
            admission.unknown_overheads,
            if admission.unknown_overheads == 1 {
                ""
            } else {
                "s"
            }
        )
    } else {
        String::new()
    };
    format!("HA admission control of {name} {hosts}: {detail}{unknown}")
}

impl Rule for CapFailoverCapacityInMaintenance {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let nobody = std::collections::BTreeSet::new();
        for (&cluster_id, cluster) in &ctx.project.clusters {
            let hosts = ctx.index.hosts_of(cluster_id);
            if hosts.is_empty() {
                continue;
            }
            let out_of_service = ctx.stage.map_or(&nobody, |stage| &stage.in_maintenance);
            // An operation that takes every host of the cluster down is FD-03's one finding.
            if ctx.stage.is_some_and(|stage| stage.operation.is_some())
                && hosts.iter().all(|h| out_of_service.contains(h))
            {
                continue;
            }
            let Some(admission) = admission_of(
                ctx.project,
                ctx.index,
                ctx.reference,
                cluster_id,
                ctx.cluster_demands(cluster_id),
                out_of_service,
            ) else {
                continue;
            };
            if admission.holds() {
                continue;
            }
            let message = describe(ctx, &cluster.name, &admission);
            match ctx.stage.and_then(|stage| stage.accepted_risk.as_ref()) {
                Some(reason) => out.add_at(
                    &META,
                    Severity::Warning,
                    cluster_id,
                    format!("{message}; risk accepted: {reason}"),
                ),
                None => out.add(&META, cluster_id, message),
            }
        }
    }
}
