//! FEAT-02: every Cisco Nexus 1000V member host runs ESX 4.0 or later and has a VEM installed.

use super::{esx4_gaps, join_and};
use crate::model::VswitchKind;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A Nexus 1000V member host that does not run ESX 4.0 or later, or has no VEM.
pub struct FeatNexus1000vHostNotReady;

static META: RuleMeta = RuleMeta {
    id: "FEAT-02",
    name: "nexus1000v-host-not-ready",
    title: "A host joins a Cisco Nexus 1000V without ESX 4.0 or a VEM",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every virtual switch of kind `Nexus1000v`, each host in `hosts` has `esx.release` of 4.0 or later \
             and a `vem_version` recorded. One finding per host and switch. The Enterprise Plus edition a Nexus 1000V \
             also needs is checked by LIC-01 (one finding per fact).",
    why: "The Nexus 1000V is a third-party vNetwork Distributed Switch: it needs the ESX 4.0 vDS API and the Enterprise \
          Plus edition, and each host forwards traffic through a Virtual Ethernet Module (VEM) installed on it. A host \
          without a VEM has no data plane; the VEM must also match the host's ESX build, so a host upgrade needs an ISO \
          carrying the matching VEM (precheck DISTRIBUTED_VIRTUAL_SWITCH, UPG-12).",
    example: "Nexus 1000V `n1kv01` lists `esx03`, which runs ESX 4.0 with Enterprise Plus but has no `vem_version`.",
    fix: "Same as FEAT-01 + UPG-12.",
    source: "S29 (upgrade precheck DISTRIBUTED_VIRTUAL_SWITCH), M; section 7 (Enterprise Plus confirmed)",
};

impl Rule for FeatNexus1000vHostNotReady {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for vswitch in ctx.project.vswitches.values() {
            if !matches!(vswitch.kind, VswitchKind::Nexus1000v { .. }) {
                continue;
            }
            for &host_id in &vswitch.hosts {
                let Some(host) = ctx.host(host_id) else {
                    continue;
                };
                let mut gaps = esx4_gaps(host);
                if host
                    .vem_version
                    .as_deref()
                    .is_none_or(|v| v.trim().is_empty())
                {
                    gaps.push("has no VEM installed".to_owned());
                }
                if gaps.is_empty() {
                    continue;
                }
                out.add(
                    &META,
                    host_id,
                    format!(
                        "{} joins Nexus 1000V {} but {}; a Nexus 1000V host needs ESX 4.0 or later and a VEM matching its build",
                        ctx.host_label(host_id),
                        vswitch.name,
                        join_and(&gaps)
                    ),
                );
            }
        }
    }
}
