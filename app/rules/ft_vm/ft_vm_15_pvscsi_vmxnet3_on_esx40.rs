//! FT-VM-15: on ESX 4.0 FT VMs cannot use PVSCSI controllers or vmxnet3 NICs (allowed from 4.1).

use super::{join, some};
use crate::model::{NicAdapter, Release, ScsiKind};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An FT VM with a PVSCSI controller or a vmxnet3 NIC whose FT hosts run ESX before 4.1.
pub struct FtVmPvscsiVmxnet3OnEsx40;

static META: RuleMeta = RuleMeta {
    id: "FT-VM-15",
    name: "ft-vm-pvscsi-vmxnet3-on-esx40",
    title: "A VM with Fault Tolerance has a PVSCSI controller or a vmxnet3 NIC on ESX 4.0 hosts",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "An FT VM with a `Pvscsi` SCSI controller or a `Vmxnet3` NIC, when its Primary host or Secondary host runs an ESX release before 4.1. From ESX 4.1 both are allowed with FT and the rule stays quiet.",
    why: "FT on ESX 4.0 does not support the paravirtual SCSI controller or the vmxnet3 adapter; vSphere 4.1 added FT support for both.",
    example: "`app01` has `scsi_controllers: [(kind: Pvscsi)]`, `ft: (secondary_host: 2)` and both hosts on `esx: (release: \"4.0\")`.",
    fix: "Use an LSI Logic controller and an e1000 or vmxnet2 (enhanced vmxnet) NIC, or upgrade the FT hosts to ESX 4.1.",
    source: "S04",
};

impl Rule for FtVmPvscsiVmxnet3OnEsx40 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let allowed_from = Release::new(4, 1);
        for (id, vm) in ctx.ft_vms() {
            let pvscsi = vm
                .scsi_controllers
                .iter()
                .filter(|controller| controller.kind == ScsiKind::Pvscsi)
                .count();
            let vmxnet3 = vm
                .nics
                .iter()
                .filter(|nic| nic.adapter == NicAdapter::Vmxnet3)
                .count();
            if pvscsi == 0 && vmxnet3 == 0 {
                continue;
            }
            let mut old_hosts: Vec<String> = Vec::new();
            let mut oldest: Option<Release> = None;
            for host_id in vm.host.into_iter().chain(vm.ft_secondary_host()) {
                let Some(host) = ctx.host(host_id) else {
                    continue;
                };
                let release = host.esx.release;
                if release >= allowed_from {
                    continue;
                }
                let label = ctx.host_label(host_id);
                if old_hosts.contains(&label) {
                    continue;
                }
                old_hosts.push(label);
                oldest = Some(oldest.map_or(release, |o| o.min(release)));
            }
            let Some(oldest) = oldest else {
                continue;
            };
            let mut devices = Vec::new();
            if pvscsi > 0 {
                devices.push(some(pvscsi, "PVSCSI controller"));
            }
            if vmxnet3 > 0 {
                devices.push(some(vmxnet3, "vmxnet3 NIC"));
            }
            out.add(
                &META,
                id,
                format!(
                    "{} has {} while its FT {} {} {} ESX {oldest}; FT supports them only from ESX {allowed_from}",
                    vm.name,
                    join(&devices),
                    if old_hosts.len() == 1 { "host" } else { "hosts" },
                    join(&old_hosts),
                    if old_hosts.len() == 1 { "runs" } else { "run" },
                ),
            );
        }
    }
}
