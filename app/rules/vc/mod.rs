//! VC: HP Virtual Connect Flex-10 and VC-FC.

use crate::model::{Enclosure, FlexNic, ModuleKind, NicPort, Traffic};

pub(super) mod vc_01_flex10_port_overcommitted;
pub(super) mod vc_02_flexnics_not_paired;
pub(super) mod vc_03_network_on_two_flexnics;
pub(super) mod vc_04_too_many_vlans;
pub(super) mod vc_05_lacp_across_modules;
pub(super) mod vc_06_no_vc_ethernet_in_bay_1_2;
pub(super) mod vc_07_flexnic_without_flex10;
pub(super) mod vc_08_flexnic_esx_too_old;
pub(super) mod vc_09_duplicate_address_range;
pub(super) mod vc_10_zoning_on_wrong_wwns;
pub(super) mod vc_11_vc_fc_uplinks_miscabled;
pub(super) mod vc_12_firmware_order;
pub(super) mod vc_13_unsafe_vc_firmware_change;
pub(super) mod vc_14_midplane_replaced;
pub(super) mod vc_15_flexnic_below_role_minimum;

/// A Virtual Connect module (Ethernet, Flex-10 or FC).
fn is_vc_module(kind: ModuleKind) -> bool {
    matches!(
        kind,
        ModuleKind::VcFlex10 | ModuleKind::VcEnet | ModuleKind::VcFc
    )
}

/// The enclosure is managed by Virtual Connect: it has a VC domain or any VC module.
fn has_virtual_connect(enclosure: &Enclosure) -> bool {
    enclosure.vc_domain.is_some()
        || enclosure
            .interconnects
            .values()
            .any(|module| is_vc_module(module.kind))
}

/// How messages name a module kind.
fn module_label(kind: ModuleKind) -> &'static str {
    match kind {
        ModuleKind::VcFlex10 => "VC Flex-10",
        ModuleKind::VcEnet => "VC 1/10Gb Ethernet",
        ModuleKind::VcFc => "VC-FC",
        ModuleKind::PassThrough => "pass-through",
        ModuleKind::Other => "non-VC",
    }
}

/// How messages name a kind of traffic.
fn traffic_label(traffic: Traffic) -> &'static str {
    match traffic {
        Traffic::Management => "management",
        Traffic::Vmotion => "vMotion",
        Traffic::FtLogging => "FT logging",
        Traffic::VmTraffic => "VM traffic",
        Traffic::Storage => "storage",
    }
}

/// A FlexNIC as users say it: "LOM1-b".
fn flexnic_label(port: &NicPort, flexnic: &FlexNic) -> String {
    format!("{}-{}", port.name, flexnic.letter)
}

/// Joins labels as "a, b and c".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
