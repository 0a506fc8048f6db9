//! FT-CL-10: FT hosts need a licence edition that includes FT (and vMotion).

use crate::model::LicenceEdition;
use crate::rules::{Context, Findings, Rule, RuleMeta, Severity};

/// An FT host's licence edition does not include Fault Tolerance.
pub struct FtClLicenceLacksFt;

static META: RuleMeta = RuleMeta {
    id: "FT-CL-10",
    name: "ft-host-licence-lacks-ft",
    title: "A host that may run FT VMs is not licensed for Fault Tolerance",
    severity: Severity::Error,
    checks: "Every FT host (every host of a cluster holding an FT VM, plus each Primary and Secondary host) has `licence` Advanced, Enterprise or Enterprise Plus, the vSphere 4 editions that include FT and vMotion.",
    why: "vCenter only turns FT on when both hosts are licensed for FT and for vMotion (API reasons `ftNotLicensed`, `vMotionNotLicensed`). In vSphere 4.x FT comes with Advanced, Enterprise and Enterprise Plus; Essentials, Standard and the transitional Standard + VMotion + Storage VMotion entitlement lack it.",
    example: "`esx03` in the FT cluster `prod` has `licence: Standard`.",
    fix: "Upgrade the licence edition to Advanced, Enterprise or Enterprise Plus.",
    source: "S03 VmFaultToleranceConfigIssueReasonForIssue (`ftNotLicensed`, `vMotionNotLicensed`); S07 vmroyale; S08 vmwarearena",
};

/// What the host's licence is, as a verb phrase: "is licensed Standard", "has no licence".
fn licence_phrase(edition: LicenceEdition) -> &'static str {
    match edition {
        LicenceEdition::Unlicensed => "has no licence",
        LicenceEdition::Foundation => "is licensed VI3 Foundation",
        LicenceEdition::Essentials => "is licensed Essentials",
        LicenceEdition::EssentialsPlus => "is licensed Essentials Plus",
        LicenceEdition::Standard => "is licensed Standard",
        LicenceEdition::StandardVmotionSvmotion => {
            "is licensed Standard + VMotion + Storage VMotion"
        }
        LicenceEdition::Advanced => "is licensed Advanced",
        LicenceEdition::Enterprise => "is licensed Enterprise",
        LicenceEdition::EnterprisePlus => "is licensed Enterprise Plus",
        LicenceEdition::Unknown => "has a licence the plan does not record",
    }
}

/// Editions that include FT (all of them also include vMotion).
fn includes_ft(edition: LicenceEdition) -> bool {
    matches!(
        edition,
        LicenceEdition::Advanced | LicenceEdition::Enterprise | LicenceEdition::EnterprisePlus
    )
}

impl Rule for FtClLicenceLacksFt {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for id in ctx.ft_hosts() {
            let Some(host) = ctx.host(id) else {
                continue;
            };
            // An edition the plan does not record is not a missing licence.
            if includes_ft(host.licence) || host.licence == LicenceEdition::Unknown {
                continue;
            }
            out.add(
                &META,
                id,
                format!(
                    "{} may run FT Primaries or Secondaries but {}; FT needs Advanced, Enterprise or Enterprise Plus",
                    ctx.host_label(id),
                    licence_phrase(host.licence)
                ),
            );
        }
    }
}
