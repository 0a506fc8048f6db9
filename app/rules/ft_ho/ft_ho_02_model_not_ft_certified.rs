//! FT-HO-02: an FT host's server model must be in the Compatibility Guide's FT compatible sets.

use crate::model::Release;
use crate::rules::{Context, Findings, Rule, RuleMeta, Severity};

/// An FT host's server model is not FT-certified for the ESX release it runs.
pub struct FtHoModelNotFtCertified;

static META: RuleMeta = RuleMeta {
    id: "FT-HO-02",
    name: "ft-host-model-not-ft-certified",
    title: "A host that may run FT VMs is not an FT-certified server model for its ESX release",
    severity: Severity::Error,
    checks: "Every FT host on ESX 4.0 or later (every host of a cluster holding an FT VM, plus each Primary and Secondary host) has an HCL entry in the reference data for its `model` and the release line of `esx.release` with `ft_certified: true` (\"Fault Tolerant Compatible Sets\"). ESX 3.5 hosts are left to FT-HO-04.",
    why: "VMware supports FT only on server models certified in the Compatibility Guide's Fault Tolerant Compatible Sets for the release, which covers the BIOS and processor combinations tested with record/replay.",
    example: "`esx04` runs ESX 4.0 on a `ProLiant BL480c G1`, listed for 4.0 but not FT-certified.",
    fix: "Pick an FT-certified ProLiant blade and BIOS level.",
    source: "S01 vSphere 4.x Availability, FT prerequisites; S02 vSphere 4.1 Availability, Turn On Fault Tolerance",
};

impl Rule for FtHoModelNotFtCertified {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for id in ctx.ft_hosts() {
            let Some(host) = ctx.host(id) else {
                continue;
            };
            let release = host.release();
            if release < Release::new(4, 0) {
                continue;
            }
            let line = Release::new(release.major, release.minor);
            let why = match ctx.reference.hcl_entry(&host.model, release) {
                Some(entry) if entry.ft_certified => continue,
                Some(_) => "is listed but not FT-certified",
                None => match ctx.reference.hcl_status(&host.model, release) {
                    crate::refdata::Listing::NotListed => "is not on the Compatibility Guide",
                    // Not in the reference data: unknown, said at info, never an error.
                    _ => {
                        out.add_at(
                            &META,
                            Severity::Info,
                            id,
                            format!(
                                "{} may run FT VMs: not in reference data: FT certification of {} for ESX {line}, so it is unknown",
                                ctx.host_label(id),
                                host.model
                            ),
                        );
                        continue;
                    }
                },
            };
            out.add(
                &META,
                id,
                format!(
                    "{} may run FT VMs but its model {} {why} for ESX {line}",
                    ctx.host_label(id),
                    host.model
                ),
            );
        }
    }
}
