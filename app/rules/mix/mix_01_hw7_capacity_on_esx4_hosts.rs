//! MIX-01: in a mixed cluster the ESX 4 hosts alone carry the hardware 7 VMs, with HA's margin held back.

use super::mix;
use crate::rules::cpu::count;
use crate::rules::upg::VSPHERE4;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A mixed cluster whose ESX 4 hosts cannot hold its hardware 7 VMs with HA's failover capacity held back.
pub struct MixHw7CapacityOnEsx4Hosts;

/// Virtual hardware 7 runs on ESX 4 only.
const HW7: u8 = 7;

static META: RuleMeta = RuleMeta {
    id: "MIX-01",
    name: "hw7-vms-exceed-esx4-capacity",
    title: "In a mixed cluster the ESX 4 hosts cannot hold the hardware 7 VMs with HA's margin",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "Every cluster with hosts below ESX 4.0 and hosts on 4.0 or later. Memory is the resource checked. \
             Demand: the configured memory (or the reservation when larger) of the cluster's powered-on VMs (not \
             templates) with `hw_version` 7 or later, FT VMs counted twice for their Secondaries. Capacity: the \
             memory of the ESX 4 hosts not in maintenance in the running wave, less the largest of them as many as \
             admission control tolerates host failures (`failures_tolerated`; none with HA off). Fires when demand \
             exceeds that capacity. CPU is not modelled per VM.",
    why: "vCenter 4.0 runs mixed HA/DRS clusters, but hardware 7 VMs can only run on the ESX 4 hosts: DRS and DPM \
          balance them over fewer hosts and HA can restart them only there. When those hosts cannot also keep a \
          host's worth of failover room, a host failure leaves hardware 7 VMs that nothing can restart.",
    example: "Cluster `Prod` has 2 ESX 4 hosts of 32 GB and 4 ESX 3.5 hosts; its hardware 7 VMs take 40 GB, and with \
              one host held back for HA the ESX 4 hosts offer 32 GB.",
    fix: "Delay HW v7; upgrade hosts quickly.",
    source: "S28",
};

fn gb(mb: u64) -> String {
    format!("{} GB", mb / 1024)
}

impl Rule for MixHw7CapacityOnEsx4Hosts {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&cluster_id, cluster) in &ctx.project.clusters {
            let split = mix(ctx, cluster_id);
            if !split.is_mixed() {
                continue;
            }
            let mut demand_mb: u64 = 0;
            let mut vms = 0;
            for (_, row) in ctx.cluster_rows(cluster_id) {
                if !row.hardware_at_least(HW7) || !row.runs() {
                    continue;
                }
                demand_mb += crate::planner::capacity::row_demand(row);
                vms += 1;
            }
            if demand_mb == 0 {
                continue;
            }
            let mut running: Vec<u64> = ctx
                .cluster_hosts(cluster_id)
                .filter(|(id, host)| host.release() >= VSPHERE4 && !ctx.in_maintenance(*id))
                .map(|(_, host)| u64::from(host.memory_gb) * 1024)
                .collect();
            running.sort_unstable_by(|a, b| b.cmp(a));
            let tolerated = if cluster.ha.enabled {
                cluster.ha.admission_control.failures_tolerated() as usize
            } else {
                0
            };
            let running_mb: u64 = running.iter().sum();
            let failover_mb: u64 = running.iter().skip(tolerated).sum();
            if demand_mb <= failover_mb {
                continue;
            }
            out.add(
                &META,
                cluster_id,
                format!(
                    "{} mixes {} and {}: {} of hardware 7 VM memory ({}) can run only on the {} ESX 4 hosts running, which offer {}, {} after holding back {tolerated} for HA failover",
                    cluster.name,
                    count(split.esx3.len(), "ESX 3.x host"),
                    count(split.esx4.len(), "ESX 4 host"),
                    gb(demand_mb),
                    count(vms, "VM"),
                    running.len(),
                    gb(running_mb),
                    gb(failover_mb)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cluster, ClusterId, Ha, Host, HostId, Index, Project, Vm, VmId};
    use crate::refdata::ReferenceData;

    /// Cluster `prod`: two ESX 4.0 U1 hosts of 32 GB, one ESX 3.5 host, HA tolerating one failure.
    fn run(hw7_memory_mb: u32) -> Vec<String> {
        let mut project = Project::default();
        project.clusters.insert(
            ClusterId(1),
            Cluster {
                name: "prod".into(),
                ha: Ha {
                    enabled: true,
                    ..Ha::default()
                },
                ..Cluster::default()
            },
        );
        for (id, release) in [(1, "4.0 U1"), (2, "4.0 U1"), (3, "3.5 U4")] {
            let mut host = Host {
                name: format!("esx{id:02}"),
                cluster: Some(ClusterId(1)),
                memory_gb: 32,
                ..Host::default()
            };
            host.esx.release = release.parse().unwrap();
            project.hosts.insert(HostId(id), host);
        }
        project.vms.insert(
            VmId(1),
            Vm {
                name: "app01".into(),
                cluster: Some(ClusterId(1)),
                host: Some(HostId(1)),
                memory_mb: hw7_memory_mb,
                hw_version: Some(7),
                ..Vm::default()
            },
        );
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(&project);
        let ctx = Context::new(&project, &reference, &index);
        let mut out = Findings::default();
        MixHw7CapacityOnEsx4Hosts.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn hw7_demand_above_esx4_failover_capacity_fires() {
        let messages = run(40 * 1024);
        assert_eq!(messages.len(), 1);
        assert!(
            messages[0].contains("40 GB of hardware 7 VM memory (1 VM)"),
            "{messages:?}"
        );
        assert!(
            messages[0].contains("64 GB, 32 GB after holding back 1"),
            "{messages:?}"
        );
    }

    #[test]
    fn hw7_demand_within_capacity_is_quiet() {
        assert!(run(16 * 1024).is_empty());
    }
}
