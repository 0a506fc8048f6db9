//! CPU-EVC-04: every host of an EVC cluster has hardware virtualisation and NX/XD enabled in the BIOS.

use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A host of an EVC cluster with Intel VT / AMD-V or NX/XD disabled in the BIOS.
pub struct CpuEvcBiosFlagsOff;

static META: RuleMeta = RuleMeta {
    id: "CPU-EVC-04",
    name: "evc-host-bios-flags-off",
    title: "A host of an EVC cluster has hardware virtualisation or NX/XD disabled in the BIOS",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every cluster with an EVC mode (`evc_mode`), each host has `bios.hv` (Intel VT / AMD-V) and `bios.nx_xd` (No-Execute / Execute Disable) on. A setting the plan does not record is an info finding, never an error.",
    why: "EVC requires both features on every host: the baselines assume NX/XD is present, and vCenter will not enable EVC or admit a host into an EVC cluster while either is off in the BIOS. Many servers shipped with VT disabled, so freshly racked blades are a common cause.",
    example: "`esx03` in EVC cluster `prod` has `bios: (hv: false, nx_xd: true)`.",
    fix: "Enable Intel VT / AMD-V and NX/XD in the BIOS (HP RBSU), then power-cycle the host (a warm reboot does not apply VT).",
    source: "S14 KB 1003212, S15 EVC requirements",
};

impl Rule for CpuEvcBiosFlagsOff {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&cluster_id, cluster) in &ctx.project.clusters {
            let Some(mode) = cluster.evc_mode.as_deref() else {
                continue;
            };
            for (host_id, host) in ctx.cluster_hosts(cluster_id) {
                let (hv, nx_xd) = (host.bios.hv, host.bios.nx_xd);
                let off = match (hv, nx_xd) {
                    (Some(false), Some(false)) => "hardware virtualisation (VT/AMD-V) and NX/XD",
                    (Some(false), _) => "hardware virtualisation (VT/AMD-V)",
                    (_, Some(false)) => "NX/XD",
                    (Some(true), Some(true)) => continue,
                    // Unknown is not off: the user should record it, but nothing is wrong yet.
                    _ => {
                        let unknown = match (hv, nx_xd) {
                            (None, None) => "hardware virtualisation (VT/AMD-V) and NX/XD",
                            (None, _) => "hardware virtualisation (VT/AMD-V)",
                            _ => "NX/XD",
                        };
                        out.add_at(
                            &META,
                            Severity::Info,
                            host_id,
                            format!(
                                "the plan does not record whether {} has {unknown} on in the BIOS; EVC cluster {} (mode {mode}) needs both on",
                                ctx.host_label(host_id),
                                cluster.name,
                            ),
                        );
                        continue;
                    }
                };
                out.add(
                    &META,
                    host_id,
                    format!(
                        "{} has {off} disabled in the BIOS; EVC cluster {} (mode {mode}) needs both on",
                        ctx.host_label(host_id),
                        cluster.name,
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Bios, Cluster, ClusterId, Host, HostId, Index, Project};
    use crate::refdata::ReferenceData;

    fn found(bios: Bios) -> Vec<(Severity, String)> {
        let mut project = Project::default();
        project.clusters.insert(
            ClusterId(1),
            Cluster {
                name: "prod".into(),
                evc_mode: Some("intel-nehalem".into()),
                ..Cluster::default()
            },
        );
        project.hosts.insert(
            HostId(1),
            Host {
                name: "esx01".into(),
                cluster: Some(ClusterId(1)),
                bios,
                ..Host::default()
            },
        );
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(&project);
        let ctx = Context::new(&project, &reference, &index);
        let mut out = Findings::default();
        CpuEvcBiosFlagsOff.check(&ctx, &mut out);
        out.into_vec()
            .into_iter()
            .map(|f| (f.severity, f.message))
            .collect()
    }

    #[test]
    fn unknown_flags_are_info_never_an_error() {
        let found = found(Bios::default());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Severity::Info);
        assert!(found[0].1.contains("does not record"), "{found:?}");
    }

    #[test]
    fn a_flag_known_off_is_an_error_even_when_the_other_is_unknown() {
        let found = found(Bios {
            nx_xd: Some(false),
            ..Bios::default()
        });
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Severity::Error);
        assert!(found[0].1.contains("NX/XD disabled"), "{found:?}");
        let on = super::tests::found(Bios {
            hv: Some(true),
            nx_xd: Some(true),
            ..Bios::default()
        });
        assert!(on.is_empty(), "{on:?}");
    }
}
