//! FT-CL-12: FT Secondaries count in HA admission control like any powered-on VM.

use super::{admission_clusters, cluster_reservations, ha_slots};
use crate::model::{AdmissionControl, Cluster, ClusterId, Connection};
use crate::rules::{Context, Findings, Rule, RuleMeta, Severity};

/// HA capacity fits a cluster's powered-on VMs but not once their FT Secondaries are counted.
pub struct FtClSecondariesInAdmission;

static META: RuleMeta = RuleMeta {
    id: "FT-CL-12",
    name: "ft-secondaries-in-admission-control",
    title: "HA capacity fits the powered-on VMs only when FT Secondaries are left out",
    severity: Severity::Info,
    checks: "Every cluster holding a powered-on FT VM with HA on: under `HostFailures(N)` the memory slots (as in FT-CL-11) cover the powered-on VMs but not the VMs plus one slot per FT Secondary; under `Percentage` or `FailoverHost` the memory reservations of the powered-on VMs (FT VMs reserve their full memory) fit the capacity HA leaves, but not once each Secondary's reservation (the FT VM's memory again) is added.",
    why: "Each Secondary is a running VM with the same memory reservation as its Primary: it takes an HA slot, or its share of the reserved percentage, on another host. N+1 capacity math that counts only the Primaries looks fine on paper and fails when FT is turned on.",
    example: "Cluster `prod` has 10 HA slots after one host failure and 9 powered-on VMs, 2 of them FT: with their Secondaries 11 slots are needed.",
    fix: "Include Secondaries in N+1 capacity math.",
    source: "S10 vSphere 6.0/6.7 Availability, legacy FT best practices",
};

/// Memory HA admits under a percentage or failover-host policy, and the name of what it holds back.
fn admitted_mb(
    ctx: &Context<'_>,
    cluster_id: ClusterId,
    cluster: &Cluster,
) -> Option<(u64, String)> {
    let hosts = ctx
        .cluster_hosts(cluster_id)
        .filter(|(_, host)| host.connection == Connection::Connected);
    match cluster.ha.admission_control {
        AdmissionControl::Percentage { memory, .. } => {
            let total: u64 = hosts
                .map(|(_, host)| u64::from(host.memory_gb) * 1024)
                .sum();
            let held = u64::from(memory.min(100));
            Some((
                total * (100 - held) / 100,
                format!("with {held} % of its memory held back"),
            ))
        }
        AdmissionControl::FailoverHost(failover) => {
            let total: u64 = hosts
                .filter(|(id, _)| *id != failover)
                .map(|(_, host)| u64::from(host.memory_gb) * 1024)
                .sum();
            Some((
                total,
                format!("outside failover host {}", ctx.project.host_name(failover)),
            ))
        }
        AdmissionControl::HostFailures(_) | AdmissionControl::Disabled => None,
    }
}

impl Rule for FtClSecondariesInAdmission {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let clusters = admission_clusters(ctx, |policy| policy != AdmissionControl::Disabled);
        for (cluster_id, cluster) in clusters {
            let used = cluster_reservations(ctx, cluster_id);
            if used.secondaries == 0 {
                continue;
            }
            if let Some(ha) = ha_slots(ctx, cluster_id, cluster, &used) {
                let needed = used.powered_on + used.secondaries;
                if ha.slots >= used.powered_on && ha.slots < needed {
                    out.add(
                        &META,
                        cluster_id,
                        format!(
                            "{} has {} HA slot{} left after {} host failure{}: enough for its {} powered-on VMs but not for them plus {} FT Secondar{} ({needed} slots)",
                            cluster.name,
                            ha.slots,
                            if ha.slots == 1 { "" } else { "s" },
                            ha.failures,
                            if ha.failures == 1 { "" } else { "s" },
                            used.powered_on,
                            used.secondaries,
                            if used.secondaries == 1 { "y" } else { "ies" }
                        ),
                    );
                }
                continue;
            }
            let Some((admitted, held_back)) = admitted_mb(ctx, cluster_id, cluster) else {
                continue;
            };
            let total = used.reserved_mb + used.secondaries_mb;
            if used.reserved_mb > admitted || total <= admitted {
                continue;
            }
            out.add(
                &META,
                cluster_id,
                format!(
                    "{}'s powered-on VMs reserve {} MB of the {admitted} MB HA admits {held_back}, but {} FT Secondar{} reserve{} {} MB more ({total} MB in all)",
                    cluster.name,
                    used.reserved_mb,
                    used.secondaries,
                    if used.secondaries == 1 { "y" } else { "ies" },
                    if used.secondaries == 1 { "s" } else { "" },
                    used.secondaries_mb
                ),
            );
        }
    }
}
