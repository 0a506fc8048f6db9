//! FT-CL-04: every FT host needs a vMotion VMkernel port and an FT logging VMkernel port.

use crate::model::{Release, VmkRole};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An FT host lacks a VMkernel port for vMotion or for FT logging.
pub struct FtClMissingVmkernelPorts;

static META: RuleMeta = RuleMeta {
    id: "FT-CL-04",
    name: "ft-host-missing-vmkernel-ports",
    title: "A host that may run an FT Primary or Secondary lacks a vMotion or FT logging VMkernel port",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every FT host on ESX 4.0 or later (every host of a cluster holding an FT VM, plus each Primary and Secondary host) has at least one `vmkernel_ports` entry with role `Vmotion` and at least one with role `FtLogging`. ESX 3.5 hosts are left to FT-HO-04. A host whose VMkernel ports the plan does not record (`unrecorded.vmkernel_ports`, set by an import whose export has no vSC_VMK tab) and lists none for a role is an info finding, never an error.",
    why: "FT streams the Primary's execution to the Secondary over the FT logging VMkernel port and places the Secondary with vMotion; a host without either cannot take part in FT (API reasons `missingVMotionNic`, `missingFTLoggingNic`).",
    example: "`esx03` in the FT cluster `prod` has one VMkernel port with roles `[Management, Vmotion]` and none with `FtLogging`.",
    fix: "Add VMkernel ports: tick \"VMotion\" on one and \"Fault Tolerance Logging\" on another.",
    source: "S01 vSphere 4.x Availability, FT prerequisites; S03 VmFaultToleranceConfigIssueReasonForIssue (`missingVMotionNic`, `missingFTLoggingNic`)",
};

impl Rule for FtClMissingVmkernelPorts {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for id in ctx.ft_hosts().iter().copied() {
            let Some(host) = ctx.host(id) else {
                continue;
            };
            if host.release() < Release::new(4, 0) {
                continue;
            }
            let vmotion = host.vmk_with(VmkRole::Vmotion).next().is_some();
            let ft_logging = host.vmk_with(VmkRole::FtLogging).next().is_some();
            let missing = match (vmotion, ft_logging) {
                (true, true) => continue,
                (false, true) => "vMotion",
                (true, false) => "FT logging",
                (false, false) => "vMotion or FT logging",
            };
            if host.unrecorded.vmkernel_ports {
                // Unknown is not none: the plan (an import without vSC_VMK) does not list the host's ports.
                out.add_at(
                    &META,
                    Severity::Info,
                    id,
                    format!(
                        "the plan does not record the VMkernel ports of {}, which may run FT Primaries or Secondaries, so whether it has one for {missing} is unknown",
                        ctx.host_label(id)
                    ),
                );
                continue;
            }
            out.add(
                &META,
                id,
                format!(
                    "{} may run FT Primaries or Secondaries but has no VMkernel port for {missing}",
                    ctx.host_label(id)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Cluster, ClusterId, EsxInstall, FtProtection, Host, HostId, Project, Unrecorded, Vm, VmId,
    };

    /// An FT VM on an ESX 4.0 host that has no VMkernel port.
    fn found(unrecorded: Unrecorded) -> Vec<(Severity, String)> {
        let mut project = Project::default();
        project.clusters.insert(
            ClusterId(1),
            Cluster {
                name: "prod".into(),
                ..Cluster::default()
            },
        );
        project.hosts.insert(
            HostId(1),
            Host {
                name: "esx01".into(),
                cluster: Some(ClusterId(1)),
                esx: EsxInstall {
                    release: Release::new(4, 0),
                    ..EsxInstall::default()
                },
                unrecorded,
                ..Host::default()
            },
        );
        project.vms.insert(
            VmId(1),
            Vm {
                name: "app01".into(),
                cluster: Some(ClusterId(1)),
                host: Some(HostId(1)),
                ft: Some(FtProtection::default()),
                ..Vm::default()
            },
        );
        crate::rules::testing::run(&FtClMissingVmkernelPorts, &project, None)
    }

    #[test]
    fn recorded_ports_lacking_a_role_are_an_error_unrecorded_ones_info() {
        let recorded = found(Unrecorded::default());
        assert_eq!(recorded.len(), 1, "{recorded:?}");
        assert_eq!(recorded[0].0, Severity::Error);
        let unknown = found(Unrecorded {
            vmkernel_ports: true,
            ..Unrecorded::default()
        });
        assert_eq!(unknown.len(), 1, "{unknown:?}");
        assert_eq!(unknown[0].0, Severity::Info);
        assert!(
            unknown[0]
                .1
                .contains("does not record the VMkernel ports of esx01"),
            "{unknown:?}"
        );
    }
}
