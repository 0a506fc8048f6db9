//! FT-HO-02: an FT host's server model must be in the Compatibility Guide's FT compatible sets.

use crate::model::Release;
use crate::refdata::Listing;
use crate::rules::unknown::Unknowns;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An FT host's server model is not FT-certified for the ESX release it runs.
pub struct FtHoModelNotFtCertified;

static META: RuleMeta = RuleMeta {
    id: "FT-HO-02",
    name: "ft-host-model-not-ft-certified",
    title: "A host that may run FT VMs is not an FT-certified server model for its ESX release",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every FT host on ESX 4.0 or later (every host of a cluster holding an FT VM, plus each Primary and Secondary host) has an HCL entry in the reference data listing its `model` on its `esx.release` with `ft_certified: true` (\"Fault Tolerant Compatible Sets\"). A listed model with `ft_certified: false`, or a model the data says is not listed, is an error. A model the data has no entry for on that release line, or whose FT certification it does not record, is one info finding per model and line naming the hosts (not in reference data), never an error. ESX 3.5 hosts are left to FT-HO-04.",
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
        let mut unknowns = Unknowns::new();
        for id in ctx.ft_hosts().iter().copied() {
            let Some(host) = ctx.host(id) else {
                continue;
            };
            let release = host.release();
            if release < Release::new(4, 0) {
                continue;
            }
            let model = host.model.trim();
            if model.is_empty() {
                // HCL-01 says the model is not recorded.
                continue;
            }
            let line = Release::new(release.major, release.minor);
            let why = match ctx.reference.hcl_entry(model, release) {
                Some(entry) => match entry.ft_certified {
                    Some(true) => continue,
                    Some(false) => format!("is listed but not FT-certified for ESX {line}"),
                    None => {
                        unknowns.note(
                            format!("FT certification of {model} for ESX {line}"),
                            id,
                            &host.name,
                        );
                        continue;
                    }
                },
                None => match ctx.reference.hcl_status(model, release) {
                    Listing::NotListed => match ctx.reference.hcl_listed_from(model, release) {
                        Some(from) => format!(
                            "is on the Compatibility Guide only from ESX {from} on, not for ESX {release}"
                        ),
                        None => format!("is not on the Compatibility Guide for ESX {line}"),
                    },
                    // Not in the reference data: unknown, said at info, never an error.
                    Listing::Listed | Listing::Unknown => {
                        unknowns.note(
                            format!("FT certification of {model} for ESX {line}"),
                            id,
                            &host.name,
                        );
                        continue;
                    }
                },
            };
            out.add(
                &META,
                id,
                format!(
                    "{} may run FT VMs but its model {model} {why}",
                    ctx.host_label(id),
                ),
            );
        }
        unknowns.report(&META, out, |unknown| {
            format!(
                "{}, so whether FT is supported on {} is unknown",
                unknown.missing(),
                unknown.names
            )
        });
    }
}
