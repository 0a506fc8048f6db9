//! FEAT-04: hosts of Fault Tolerance VMs run ESX 4.0+ with Advanced, Enterprise or Enterprise Plus.

use super::{join_and, licence_phrase};
use crate::model::{LicenceEdition, Release};
use crate::rules::{Context, Findings, Rule, RuleMeta, Severity};

/// An FT host that is not ESX 4.0+ or lacks an FT-capable edition.
pub struct FeatFtHostNotReady;

static META: RuleMeta = RuleMeta {
    id: "FEAT-04",
    name: "ft-host-not-esx4-or-licensed",
    title: "A host that may run an FT Primary or Secondary is not ESX 4.0 with an FT-capable edition",
    severity: Severity::Error,
    checks: "For every FT host (every host of a cluster holding a VM with `ft`, plus each Primary's and Secondary's host): \
             `esx.release` is 4.0 or later and `licence` is Advanced, Enterprise or Enterprise Plus. One finding per host.",
    why: "Fault Tolerance arrived with vSphere 4.0: an ESX 3.5 host cannot run a Primary or a Secondary. FT is licensed in \
          the Advanced, Enterprise and Enterprise Plus editions (it also needs vMotion, which those include); vCenter \
          refuses to turn FT on (`ftNotLicensed`) or to place a Secondary on a host without them, and HA can only \
          restart a Secondary on a host that qualifies.",
    example: "Cluster `prod` holds FT VM `sql01`; its host `esx04` runs ESX 4.0 with a Standard licence.",
    fix: "Upgrade the host to ESX 4.0 and license it Advanced, Enterprise or Enterprise Plus before turning FT on, or keep FT VMs out of clusters with such hosts.",
    source: "S02 (vSphere 4.1 Availability, Turn On Fault Tolerance), S07 (vmroyale FT requirements); section 7 (FT editions confirmed)",
};

impl Rule for FeatFtHostNotReady {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for host_id in ctx.ft_hosts() {
            let Some(host) = ctx.host(host_id) else {
                continue;
            };
            let mut gaps = Vec::new();
            if host.esx.release < Release::new(4, 0) {
                gaps.push(format!("runs ESX {}", host.esx.release));
            }
            if !matches!(
                host.licence,
                LicenceEdition::Advanced
                    | LicenceEdition::Enterprise
                    | LicenceEdition::EnterprisePlus
            ) {
                gaps.push(licence_phrase(host.licence));
            }
            if gaps.is_empty() {
                continue;
            }
            out.add(
                &META,
                host_id,
                format!(
                    "{} may run FT VMs but {}; FT needs ESX 4.0 or later with Advanced, Enterprise or Enterprise Plus",
                    ctx.host_label(host_id),
                    join_and(&gaps)
                ),
            );
        }
    }
}
