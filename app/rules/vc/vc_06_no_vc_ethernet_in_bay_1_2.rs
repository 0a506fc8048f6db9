//! VC-06: a Virtual Connect enclosure needs VC Ethernet (Flex-10) modules in interconnect bays 1 and 2.

use super::{has_virtual_connect, module_label};
use crate::model::Enclosure;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A Virtual Connect enclosure without a VC Ethernet module in bay 1 (error) or bay 2 (no redundancy).
pub struct NoVcEthernetInBay12;

static META: RuleMeta = RuleMeta {
    id: "VC-06",
    name: "no-vc-ethernet-in-bay-1-2",
    title: "A Virtual Connect enclosure lacks VC Ethernet modules in interconnect bays 1 and 2",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every enclosure with a `vc_domain` or any VC module (Flex-10, VC Ethernet, VC-FC) holds a VC Ethernet or Flex-10 module in interconnect bay 1 (error when missing) and in bay 2 (warning when missing: no redundant VC Manager or LOM2 path).",
    why: "The VC domain and its VC Manager run on the VC Ethernet module in bay 1 (bay 2 holds the standby). The onboard LOMs are wired to bays 1 and 2 through the midplane, mezzanine 1 to bays 3/4 and mezzanine 2 to bays 5-8, so a VC-FC or other module in bays 1/2 leaves the domain without a manager and the LOMs without Flex-10.",
    example: "`enc2` has VC-FC modules in bays 3/4 and a pass-through module in bay 1.",
    fix: "Populate bays 1-2 with VC Flex-10 (or VC Ethernet) modules; put FC mezzanine modules (VC-FC) in bays 3/4.",
    source: "M (VC Manager in bays 1-2 unverified); vinf.net 2008 (LOMs to bays 1/2, VC-FC in 3/4); Lowe 2009",
};

impl Rule for NoVcEthernetInBay12 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&id, enclosure) in &ctx.project.enclosures {
            if !has_virtual_connect(enclosure) {
                continue;
            }
            let bay1 = bay_content(enclosure, 1);
            let bay2 = bay_content(enclosure, 2);
            match (bay1, bay2) {
                (None, None) => {}
                (Some(bay1), None) => out.add(
                    &META,
                    id,
                    format!(
                        "{} uses Virtual Connect but bay 1 holds {bay1}; the VC domain needs a VC Ethernet (Flex-10) module in bay 1",
                        enclosure.name
                    ),
                ),
                (Some(bay1), Some(bay2)) => out.add(
                    &META,
                    id,
                    format!(
                        "{} uses Virtual Connect but bay 1 holds {bay1} and bay 2 holds {bay2}; the VC domain needs VC Ethernet (Flex-10) modules in bays 1 and 2",
                        enclosure.name
                    ),
                ),
                (None, Some(bay2)) => out.add_at(
                    &META,
                    Severity::Warning,
                    id,
                    format!(
                        "{} has a VC Ethernet module in bay 1 but {bay2} in bay 2; without a second VC Ethernet module there is no standby VC Manager and LOM2 has no Flex-10 path",
                        enclosure.name
                    ),
                ),
            }
        }
    }
}

/// What a bay holds when it is not a VC Ethernet module ("no module", "a VC-FC module"); `None` when it is.
fn bay_content(enclosure: &Enclosure, bay: u8) -> Option<String> {
    match enclosure.interconnects.get(&bay) {
        None => Some("no module".to_owned()),
        Some(module) if module.kind.is_vc_ethernet() => None,
        Some(module) => Some(format!("a {} module", module_label(module.kind))),
    }
}
