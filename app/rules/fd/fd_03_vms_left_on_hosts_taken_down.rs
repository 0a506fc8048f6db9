//! FD-03: an operation that takes hosts down (enclosure-wide work, a blade move, firmware) finds their VMs evacuated.

use std::collections::BTreeMap;

use crate::model::ClusterId;
use crate::rules::cpu::{Sample, count};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// Powered-on VMs still on hosts an operation takes down.
pub struct FdVmsLeftOnHostsTakenDown;

static META: RuleMeta = RuleMeta {
    id: "FD-03",
    name: "vms-left-on-hosts-taken-down",
    title: "An operation takes hosts down whose VMs cannot be evacuated first",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Stage-aware. While a plan step's operation runs with hosts down (worked out on the connectivity graph of the \
             estate at that moment: every blade of the enclosure for a VC domain recreation or firmware activated on \
             both sides at once; hosts left without SAN paths or management uplinks when one side's modules reboot; \
             the blade for a move or blade firmware), the simulation evacuates their VMs as DRS would, to running \
             hosts of the same cluster. Error for every cluster whose powered-on VMs are still on a host that is down \
             (no host of the cluster stays up). One finding per cluster and step.",
    why: "Pulling or rebooting both sides of an enclosure's Virtual Connect, or recreating its domain, cuts every blade's \
          network and SAN: any VM still running there goes down with it. Work planned on an enclosure is an outage \
          of the enclosure, so its VMs move first, within HA capacity (CAP-01), or the outage is agreed as downtime.",
    example: "Stage 4 recreates the VC domain of `enc2`, which holds every host of cluster `Dev`: its 6 VMs have nowhere \
              to go.",
    fix: "Evacuate to hosts outside the enclosure (spread the cluster first), activate Virtual Connect side by side, or schedule the VMs' downtime with their owners.",
    source: "V41 (enclosure as a single point of failure), seed l.19 (the blades are shut down for the module swap); OPS-10",
};

impl Rule for FdVmsLeftOnHostsTakenDown {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let Some(stage) = ctx.stage else {
            return;
        };
        let Some((step, operation)) = &stage.operation else {
            return;
        };
        let mut stranded: BTreeMap<Option<ClusterId>, Sample<'_>> = BTreeMap::new();
        let mut down: BTreeMap<Option<ClusterId>, Vec<(String, crate::model::HostId)>> =
            BTreeMap::new();
        for host in &stage.in_maintenance {
            let cluster = ctx.host(*host).and_then(|h| h.cluster);
            down.entry(cluster)
                .or_default()
                .push((ctx.project.host_location(*host), *host));
            for vm in ctx.index.vms_on(*host) {
                if let Some(vm) = ctx.vm(*vm)
                    && vm.is_powered_on()
                    && !vm.template
                {
                    stranded.entry(vm.cluster).or_default().push(&vm.name);
                }
            }
        }
        for (cluster, vms) in stranded {
            let mut hosts = down.remove(&cluster).unwrap_or_default();
            hosts.sort();
            let hosts: Vec<String> = hosts.into_iter().map(|(location, _)| location).collect();
            let (object, whose) = match cluster.and_then(|c| ctx.cluster(c).map(|cl| (c, cl))) {
                Some((id, cl)) => (
                    crate::model::ObjectRef::Cluster(id),
                    format!("cluster {}", cl.name),
                ),
                None => (crate::model::ObjectRef::Plan, "standalone hosts".to_owned()),
            };
            out.add(
                &META,
                object,
                format!(
                    "Step {} ({operation}) takes down {} of {whose}; its {} ({}) cannot be evacuated first: no host of the cluster stays up",
                    step + 1,
                    hosts.join(", "),
                    count(vms.count, "powered-on VM"),
                    vms.names()
                ),
            );
        }
    }
}
