//! STO-02: a blade's FC mezzanine port has a Fibre Channel module in the interconnect bay it maps to.

use crate::model::Placement;
use crate::rules::{Context, Findings, Rule, RuleMeta, Severity};
use crate::topology::hba_interconnect_bay;

/// A blade HBA port whose interconnect bay holds no FC module.
pub struct StoHbaWithoutFcModule;

static META: RuleMeta = RuleMeta {
    id: "STO-02",
    name: "hba-without-fc-module",
    title: "A blade's HBA port maps to an interconnect bay with no Fibre Channel module",
    severity: Severity::Error,
    checks: "For every blade with `fc_ports`, in an enclosure whose `interconnects` are recorded: the interconnect bay each \
             HBA port maps to (the port's `interconnect_bay`, else bay 3 for port 1 and bay 4 for port 2, the half-height \
             mapping of mezzanine 1) holds a module that is not Virtual Connect Ethernet (VC-FC, pass-through or an FC \
             switch). An enclosure with no interconnects recorded is unknown and skipped. One finding per blade.",
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
            let missing: Vec<String> = host
                .fc_ports
                .iter()
                .enumerate()
                .map(|(position, port)| hba_interconnect_bay(port, position))
                .filter(|bay| {
                    e.interconnects
                        .get(bay)
                        .is_none_or(|m| m.kind.is_vc_ethernet())
                })
                .map(|bay| match e.interconnects.get(&bay) {
                    Some(m) => format!("bay {bay} holds {:?}", m.kind),
                    None => format!("bay {bay} is empty"),
                })
                .collect();
            if missing.is_empty() {
                continue;
            }
            out.add(
                &META,
                host_id,
                format!(
                    "{} ({}) has HBA ports with no FC module behind them in {}: {}",
                    host.name,
                    ctx.project.host_location(host_id),
                    e.name,
                    missing.join(", ")
                ),
            );
        }
    }
}
