//! FT-CL-03: vCenter must verify host SSL certificates before it turns FT on.

use std::collections::BTreeMap;

use super::{ft_vm_count, name_list};
use crate::model::VcenterId;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A vCenter managing FT VMs does not check host SSL certificates.
pub struct FtClSslCertCheckOff;

static META: RuleMeta = RuleMeta {
    id: "FT-CL-03",
    name: "ft-vcenter-ssl-cert-check-off",
    title: "A vCenter managing FT VMs does not verify host SSL certificates",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every vCenter managing a VM with FT on or planned (through the VM's cluster, else its host) has `ssl_host_cert_check = true` (vCenter Settings > SSL Settings).",
    why: "vCenter only turns FT on when it verifies the hosts' SSL certificates, so that the Primary and Secondary hosts can trust each other; with the check off FT is refused (API reason `verifySSLCertificateFlagNotSet`).",
    example: "`vc01` has `ssl_host_cert_check: false` and manages cluster `prod` holding the FT VM `sql01`.",
    fix: "Turn on host certificate checking in vCenter Settings > SSL Settings (on by default) and reconnect the hosts.",
    source: "S01 vSphere 4.x Availability, FT prerequisites; S02 vSphere 4.1 Availability, Turn On Fault Tolerance; S03 VmFaultToleranceConfigIssueReasonForIssue (`verifySSLCertificateFlagNotSet`)",
};

impl Rule for FtClSslCertCheckOff {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let mut by_vcenter: BTreeMap<VcenterId, Vec<&str>> = BTreeMap::new();
        for (_, vm) in ctx.ft_vms() {
            let vcenter = vm
                .cluster
                .and_then(|id| ctx.cluster(id))
                .and_then(|cluster| cluster.vcenter)
                .or_else(|| {
                    vm.host
                        .and_then(|host| ctx.index.host_vcenter.get(&host).copied())
                });
            if let Some(vcenter) = vcenter {
                by_vcenter.entry(vcenter).or_default().push(&vm.name);
            }
        }
        for (id, vms) in by_vcenter {
            let Some(vcenter) = ctx.project.vcenters.get(&id) else {
                continue;
            };
            if vcenter.ssl_host_cert_check {
                continue;
            }
            out.add(
                &META,
                id,
                format!(
                    "{} does not verify host SSL certificates and manages {} ({}); FT cannot be turned on",
                    vcenter.name,
                    ft_vm_count(vms.len()),
                    name_list(vms.iter().map(|name| (*name).to_owned()))
                ),
            );
        }
    }
}
