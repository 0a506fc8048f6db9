//! VC-13: VC firmware goes back only to the version installed before the last upgrade, and never without a backup.

use std::cmp::Ordering;

use super::{is_vc_module, module_label};
use crate::model::FirmwareComponent;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A VC firmware downgrade to a version other than the previous one, or a VC firmware change without a config backup.
pub struct UnsafeVcFirmwareChange;

static META: RuleMeta = RuleMeta {
    id: "VC-13",
    name: "unsafe-vc-firmware-change",
    title: "A VC firmware change is planned without a safe way back",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "Every VC module whose `planned_firmware` is older than its `firmware` plans exactly its `previous_firmware`; an enclosure planning a VC firmware change (`planned_firmware` differing from `firmware`, or `VirtualConnect` in `firmware_order`) has `vc_domain.config_backup`.",
    why: "Virtual Connect can be downgraded only to the version installed before the last upgrade, with the same module set, cabling and credentials and the servers powered off; any other downgrade means deleting and re-creating the domain, which gives the blades new MACs and WWNs unless a configuration backup is restored.",
    example: "`enc1` bay 1 runs VC 2.30 and is planned back to 2.10, but 2.12 was installed before the last upgrade.",
    fix: "Back up the VC configuration before any VC firmware change; downgrade only to the previous version, servers off, same modules and cabling.",
    source: "S44",
};

/// Compares firmware versions by their numeric parts ("2.30" < "3.01"); `None` when either has no digits.
fn compare_versions(a: &str, b: &str) -> Option<Ordering> {
    fn parts(text: &str) -> Vec<u64> {
        text.split(|c: char| !c.is_ascii_digit())
            .filter(|part| !part.is_empty())
            .filter_map(|part| part.parse().ok())
            .collect()
    }
    let (a, b) = (parts(a), parts(b));
    if a.is_empty() || b.is_empty() {
        return None;
    }
    Some(a.cmp(&b))
}

impl Rule for UnsafeVcFirmwareChange {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&id, enclosure) in &ctx.project.enclosures {
            let mut change_planned = enclosure
                .firmware_order
                .contains(&FirmwareComponent::VirtualConnect);
            for (&bay, module) in &enclosure.interconnects {
                if !is_vc_module(module.kind) {
                    continue;
                }
                let planned = module.planned_firmware.trim();
                let current = module.firmware.trim();
                if planned.is_empty() || planned == current {
                    continue;
                }
                change_planned = true;
                if compare_versions(planned, current) != Some(Ordering::Less) {
                    continue;
                }
                let previous = module.previous_firmware.trim();
                if previous == planned {
                    continue;
                }
                let before = if previous.is_empty() {
                    "the version installed before the last upgrade is not recorded".to_owned()
                } else {
                    format!("only {previous}, installed before the last upgrade, can be restored")
                };
                out.add(
                    &META,
                    id,
                    format!(
                        "{} bay {bay} {} module is planned down from {current} to {planned}; {before}, any other downgrade means re-creating the VC domain",
                        enclosure.name,
                        module_label(module.kind)
                    ),
                );
            }
            if let Some(domain) = &enclosure.vc_domain
                && change_planned
                && !domain.config_backup
            {
                out.add(
                    &META,
                    id,
                    format!(
                        "{} plans a Virtual Connect firmware change but VC domain {} has no configuration backup",
                        enclosure.name, domain.name
                    ),
                );
            }
        }
    }
}
