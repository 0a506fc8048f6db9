//! STO-02: a blade's FC mezzanine port has a Fibre Channel module in the interconnect bay it maps to.

use crate::model::Placement;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};
use crate::topology::hba_interconnect_bay;

/// A blade HBA port whose interconnect bay holds no FC module.
pub struct StoHbaWithoutFcModule;

static META: RuleMeta = RuleMeta {
    id: "STO-02",
    name: "hba-without-fc-module",
    title: "A blade's HBA port maps to an interconnect bay with no Fibre Channel module",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every blade with `fc_ports`, in an enclosure whose `interconnects` are recorded: the interconnect bay each \
             HBA port maps to (the port's `interconnect_bay`, else bay 3 for port 1 and bay 4 for port 2, the half-height \
             mapping of mezzanine 1) holds a module that is not Virtual Connect Ethernet (VC-FC, pass-through or an FC \
             switch). Error for a port whose `interconnect_bay` is recorded; info for one that relies on the default, \
             which is a guess about the wiring (the connectivity graph then keeps the port's declared fabric). An \
             enclosure with no interconnects recorded is unknown and skipped. One finding per blade and kind.",
    why: "The midplane wires each mezzanine port to a fixed interconnect bay; the Onboard Administrator's electronic \
          keying flags a card whose bay holds the wrong kind of module, and the port has no link. A blade moved to an \
          enclosure without VC-FC modules in the matching bays comes up without its SAN.",
    example: "`esx11` in `enc3` has HBA ports on bays 3 and 4, but `enc3` has Flex-10 modules in bays 1 and 2 only.",
    fix: "Install the VC-FC module pair in the bays the mezzanine maps to, or move the card to the mezzanine slot that maps to them.",
    source: "V42 (HP c-Class architecture brief p.11), V41; the c7000 bay map is not verified (VC-06)",
};

impl Rule for StoHbaWithoutFcModule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&host_id, host) in &ctx.project.hosts {
            let Placement::Blade { enclosure, .. } = host.placement else {
                continue;
            };
            let Some(e) = ctx.project.enclosures.get(&enclosure) else {
                continue;
            };
            if e.interconnects.is_empty() {
                continue;
            }
            // A recorded bay without an FC module is an error; the half-height default of a port whose bay is not
            // recorded is a guess, so a default bay without one is said at info.
            let mut recorded = Vec::new();
            let mut guessed = Vec::new();
            for (position, port) in host.fc_ports.iter().enumerate() {
                let bay = hba_interconnect_bay(port, position);
                let what = match e.interconnects.get(&bay) {
                    Some(m) if !m.kind.is_vc_ethernet() => continue,
                    Some(m) => format!("bay {bay} holds {:?}", m.kind),
                    None => format!("bay {bay} is empty"),
                };
                if port.interconnect_bay.is_some() {
                    recorded.push(what);
                } else {
                    guessed.push(what);
                }
            }
            if !recorded.is_empty() {
                out.add(
                    &META,
                    host_id,
                    format!(
                        "{} ({}) has HBA ports with no FC module behind them in {}: {}",
                        host.name,
                        ctx.project.host_location(host_id),
                        e.name,
                        recorded.join(", ")
                    ),
                );
            }
            if !guessed.is_empty() {
                out.add_at(
                    &META,
                    Severity::Info,
                    host_id,
                    format!(
                        "{} ({}) records no interconnect bay for some HBA ports, and in {} their half-height default has no FC module ({}): which module they reach is unknown",
                        host.name,
                        ctx.project.host_location(host_id),
                        e.name,
                        guessed.join(", ")
                    ),
                );
            }
        }
    }
}
