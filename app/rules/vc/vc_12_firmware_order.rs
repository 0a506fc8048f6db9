//! VC-12: enclosure firmware goes Onboard Administrator, blade ROM/iLO, NIC/HBA, then Virtual Connect.

use super::join_and;
use crate::model::FirmwareComponent;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An enclosure firmware plan that updates a component before one that must go first.
pub struct FirmwareOrder;

static META: RuleMeta = RuleMeta {
    id: "VC-12",
    name: "enclosure-firmware-order",
    title: "An enclosure's firmware plan breaks the OA, blade, NIC/HBA, VC order",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "Each enclosure's `firmware_order` lists components in the order Onboard Administrator, blade ROM/iLO, NIC/HBA, Virtual Connect; reports every component planned before one that must precede it.",
    why: "HP's supported sequence updates the Onboard Administrator first (VC and the blades talk to it), then the blade system ROM/iLO and NIC/HBA firmware, then Virtual Connect (VCSU or HP SUM). Updating VC against an older OA or older NIC firmware can fail or leave the domain unhealthy, and VC should be updated only while VC health is good.",
    example: "`enc1` plans Virtual Connect, then Onboard Administrator, then blade ROM/iLO.",
    fix: "Sequence the maintenance plan: Onboard Administrator, blade ROM/iLO, NIC/HBA, then VC (after checking VC domain health).",
    source: "S43, S43b (HP SUM note)",
};

/// Position of a component in HP's order.
fn rank(component: FirmwareComponent) -> u8 {
    match component {
        FirmwareComponent::OnboardAdministrator => 0,
        FirmwareComponent::BladeRomIlo => 1,
        FirmwareComponent::NicHba => 2,
        FirmwareComponent::VirtualConnect => 3,
    }
}

fn label(component: FirmwareComponent) -> &'static str {
    match component {
        FirmwareComponent::OnboardAdministrator => "Onboard Administrator",
        FirmwareComponent::BladeRomIlo => "blade ROM/iLO",
        FirmwareComponent::NicHba => "NIC/HBA",
        FirmwareComponent::VirtualConnect => "Virtual Connect",
    }
}

impl Rule for FirmwareOrder {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&id, enclosure) in &ctx.project.enclosures {
            let order = &enclosure.firmware_order;
            // Each component planned before one it must follow, with the ones it jumps ahead of.
            let mut inversions: Vec<String> = Vec::new();
            for (position, &early) in order.iter().enumerate() {
                let mut jumped: Vec<String> = Vec::new();
                for &late in order.iter().skip(position + 1) {
                    let name = label(late).to_owned();
                    if rank(early) > rank(late) && !jumped.contains(&name) {
                        jumped.push(name);
                    }
                }
                if !jumped.is_empty() {
                    inversions.push(format!("{} before {}", label(early), join_and(&jumped)));
                }
            }
            if inversions.is_empty() {
                continue;
            }
            out.add(
                &META,
                id,
                format!(
                    "{} firmware plan updates {}; the order is Onboard Administrator, blade ROM/iLO, NIC/HBA, then Virtual Connect",
                    enclosure.name,
                    inversions.join("; ")
                ),
            );
        }
    }
}
