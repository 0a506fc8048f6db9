//! FT-CL-11: FT's full memory reservation inflates the HA slot size until the slots run short.

use super::{admission_clusters, cluster_reservations, ha_slots};
use crate::model::AdmissionControl;
use crate::rules::{Context, Findings, Rule, RuleMeta, Severity};

/// A cluster with FT VMs under "host failures tolerated" has fewer HA slots than powered-on VMs.
pub struct FtClHaSlotsShort;

static META: RuleMeta = RuleMeta {
    id: "FT-CL-11",
    name: "ft-ha-slots-short",
    title: "FT memory reservations leave fewer HA slots than powered-on VMs",
    severity: Severity::Warning,
    checks: "Every cluster holding a powered-on FT VM, with HA on and admission control `HostFailures(N)`: slot memory = the largest memory reservation of a powered-on VM, where an FT VM reserves its full `memory_mb`; slots per connected host = floor(`memory_gb` x 1024 / slot memory); the N hosts with the most slots are taken out; the rest must hold at least as many slots as there are powered-on VMs. Memory only: CPU slots and VM memory overhead are not modelled.",
    why: "Turning FT on sets the VM's memory reservation to its whole memory. Under the \"host failures cluster tolerates\" policy HA sizes every slot by the largest reservation, so one big FT VM shrinks the slot count of the whole cluster and HA admission control starts refusing power-ons.",
    example: "Cluster `prod` has four 32 GB hosts, `HostFailures(1)` and 20 powered-on VMs; the FT VM `sql01` has 16 GB, so slots are 16 GB: 2 per host, 6 after one failure.",
    fix: "Use the \"percentage of cluster resources\" policy or cap the slot size (das.slotMemInMB, KB 1012602).",
    source: "S09 vSphere 5.5 Availability, FT recommendations; S12 FT reservation vs HA slot size (KB 1012602)",
};

impl Rule for FtClHaSlotsShort {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let clusters = admission_clusters(ctx, |policy| {
            matches!(policy, AdmissionControl::HostFailures(_))
        });
        for (cluster_id, cluster) in clusters {
            let used = cluster_reservations(ctx, cluster_id);
            let Some(ha) = ha_slots(ctx, cluster_id, cluster, &used) else {
                continue;
            };
            if ha.slots >= used.powered_on {
                continue;
            }
            let sizer = ctx.vm(ha.slot_vm);
            let sizer_name = sizer.map_or_else(|| ha.slot_vm.to_string(), |vm| vm.name.clone());
            let ft_note = if sizer.is_some_and(|vm| vm.is_ft()) {
                " (FT reserves all of a VM's memory)"
            } else {
                ""
            };
            out.add(
                &META,
                cluster_id,
                format!(
                    "{} has {} HA slot{} of {} MB left after {} host failure{}, fewer than its {} powered-on VMs; {sizer_name}'s {} MB reservation sets the slot size{ft_note}",
                    cluster.name,
                    ha.slots,
                    if ha.slots == 1 { "" } else { "s" },
                    ha.slot_mb,
                    ha.failures,
                    if ha.failures == 1 { "" } else { "s" },
                    used.powered_on,
                    ha.slot_mb
                ),
            );
        }
    }
}
