//! FT-HO-04: FT needs ESX/ESXi 4.0 or later on every FT host.

use super::product_name;
use crate::model::Release;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An FT host runs ESX 3.5 or older.
pub struct FtHoEsxTooOld;

static META: RuleMeta = RuleMeta {
    id: "FT-HO-04",
    name: "ft-host-esx-too-old",
    title: "A host that may run FT VMs runs an ESX release older than 4.0",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every FT host (every host of a cluster holding an FT VM, plus each Primary and Secondary host) has `esx.release` 4.0 or later (ESX or ESXi).",
    why: "Fault Tolerance arrived with vSphere 4.0; an ESX 3.5 host can neither run a Primary nor a Secondary, and in a mixed cluster HA cannot place a new Secondary on it.",
    example: "`esx05` in the FT cluster `prod` still runs ESX 3.5 U4.",
    fix: "Upgrade the host to ESX 4.0 or later before enabling FT.",
    source: "S02 vSphere 4.1 Availability, Turn On Fault Tolerance",
};

impl Rule for FtHoEsxTooOld {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let minimum = Release::new(4, 0);
        for id in ctx.ft_hosts().iter().copied() {
            let Some(host) = ctx.host(id) else {
                continue;
            };
            if host.release() >= minimum {
                continue;
            }
            out.add(
                &META,
                id,
                format!(
                    "{} may run FT VMs but runs {} {}; FT needs ESX {minimum} or later",
                    ctx.host_label(id),
                    product_name(host.esx.product),
                    host.esx.release
                ),
            );
        }
    }
}
