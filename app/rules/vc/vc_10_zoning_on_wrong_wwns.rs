//! VC-10: SAN zoning and EVA host entries follow the WWNs the HBA logs in with: VC-assigned behind VC-FC, factory elsewhere.

use crate::model::{ModuleKind, Placement, WwnSource};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A blade zoned on factory WWNs behind VC-FC, or on VC WWNs in an enclosure without VC-FC.
pub struct ZoningOnWrongWwns;

static META: RuleMeta = RuleMeta {
    id: "VC-10",
    name: "zoning-on-wrong-wwns",
    title: "A blade's SAN zoning is built on WWNs its HBA does not log in with",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "Every blade with `fc_ports`: in an enclosure with a VC-FC module, `zoning_wwns` is `VirtualConnect`; in an enclosure without one, it is `Factory`.",
    why: "Server profile addresses belong to the bay: behind VC-FC the HBA logs in with the VC-assigned WWNs of its bay's profile, and a blade moved to another bay or domain takes that bay's identity. A blade in an enclosure without Virtual Connect reverts to its factory WWNs. Zoning or EVA host entries on the other set leave the host without its LUNs after the change.",
    example: "`esx03` sits behind VC-FC modules in `enc1` but its zones use the HBA's factory WWNs.",
    fix: "Zone by VC WWN and keep the server profile with the workload; zone by factory WWN only outside Virtual Connect.",
    source: "S42",
};

impl Rule for ZoningOnWrongWwns {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&id, host) in &ctx.project.hosts {
            if host.fc_ports.is_empty() {
                continue;
            }
            let Placement::Blade { enclosure, .. } = &host.placement else {
                continue;
            };
            let Some(enclosure) = ctx.project.enclosures.get(enclosure) else {
                continue;
            };
            let vc_fc = enclosure
                .interconnects
                .values()
                .any(|module| module.kind == ModuleKind::VcFc);
            let message = match (vc_fc, host.zoning_wwns) {
                (true, WwnSource::Factory) => format!(
                    "{} is zoned on its factory WWNs but logs in through the VC-FC modules of {} with its bay's VC-assigned WWNs",
                    ctx.host_label(id),
                    enclosure.name
                ),
                (false, WwnSource::VirtualConnect) => format!(
                    "{} is zoned on VC-assigned WWNs but {} has no VC-FC module, so its HBA logs in with factory WWNs",
                    ctx.host_label(id),
                    enclosure.name
                ),
                _ => continue,
            };
            out.add(&META, id, message);
        }
    }
}
