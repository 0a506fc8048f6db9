//! FEAT-01: every member host of a vNetwork Distributed Switch runs ESX 4.0 or later.

use super::{esx4_gaps, join_and};
use crate::model::VswitchKind;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A vDS member host that does not run ESX 4.0 or later.
pub struct FeatVdsHostNotReady;

static META: RuleMeta = RuleMeta {
    id: "FEAT-01",
    name: "vds-host-not-esx4-enterprise-plus",
    title: "A host joins a vNetwork Distributed Switch without running ESX 4.0",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every virtual switch of kind `Distributed`, each host in `hosts` has `esx.release` of 4.0 or later. \
             One finding per host and vDS. The Enterprise Plus edition a vDS also needs is checked by LIC-01 (one \
             finding per fact).",
    why: "The vNetwork Distributed Switch arrived with vSphere 4.0 and is licensed only in Enterprise Plus: an ESX 3.5 \
          host has no vDS data plane and cannot join, and a 4.0 host with a lower edition cannot be added to the switch. \
          During a rolling upgrade the 3.5 hosts must stay on standard vSwitches until they are upgraded and relicensed.",
    example: "vDS `dvs-prod` lists `esx01`, which runs ESX 3.5 U4 with an Enterprise licence.",
    fix: "Keep vSS on 3.5 hosts; migrate to vDS after host upgrade.",
    source: "M; section 7 (Enterprise Plus confirmed: Lowe 2009-10-04, VMwareTips 2009-10-12, TechTarget vDS definition)",
};

impl Rule for FeatVdsHostNotReady {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for vswitch in ctx.project.vswitches.values() {
            if vswitch.kind != VswitchKind::Distributed {
                continue;
            }
            for &host_id in &vswitch.hosts {
                let Some(host) = ctx.host(host_id) else {
                    continue;
                };
                let gaps = esx4_gaps(host);
                if !gaps.is_empty() {
                    out.add(
                        &META,
                        host_id,
                        format!(
                            "{} joins vDS {} but {}; a vDS needs ESX 4.0 or later",
                            ctx.host_label(host_id),
                            vswitch.name,
                            join_and(&gaps)
                        ),
                    );
                }
            }
        }
    }
}
