//! FEAT: vSphere 4 features gated by ESX 4.0 and licence edition.

use crate::model::{Host, LicenceEdition, Release};

pub(super) mod feat_01_vds_host_not_ready;
pub(super) mod feat_02_nexus1000v_host_not_ready;
pub(super) mod feat_03_host_profiles_host_not_ready;
pub(super) mod feat_05_hw7_devices_unsupported;
pub(super) mod feat_06_storage_vmotion_not_licensed;
pub(super) mod feat_07_evc_baseline_needs_newer_vcenter;

/// An edition's name as the VI3 and vSphere 4 price lists wrote it.
pub(in crate::rules) fn edition_name(edition: LicenceEdition) -> &'static str {
    match edition {
        LicenceEdition::Unlicensed => "no licence",
        LicenceEdition::Foundation => "Foundation",
        LicenceEdition::Essentials => "Essentials",
        LicenceEdition::EssentialsPlus => "Essentials Plus",
        LicenceEdition::Standard => "Standard",
        LicenceEdition::StandardVmotionSvmotion => "Standard + VMotion + Storage VMotion",
        LicenceEdition::Advanced => "Advanced",
        LicenceEdition::Enterprise => "Enterprise",
        LicenceEdition::EnterprisePlus => "Enterprise Plus",
        LicenceEdition::Unknown => "an edition the plan does not record",
    }
}

/// What keeps a host from an ESX 4.0 + Enterprise Plus feature (vDS, Nexus 1000V, host profiles), as phrases
/// ("runs ESX 3.5 U4", "is licensed Enterprise"); empty when it qualifies.
pub(in crate::rules) fn enterprise_plus_gaps(host: &Host) -> Vec<String> {
    let mut gaps = Vec::new();
    if host.esx.release < Release::new(4, 0) {
        gaps.push(format!("runs ESX {}", host.esx.release));
    }
    // An edition the plan does not record is no gap: unknown is not wrong.
    if !matches!(
        host.licence,
        LicenceEdition::EnterprisePlus | LicenceEdition::Unknown
    ) {
        gaps.push(licence_phrase(host.licence));
    }
    gaps
}

/// Joins phrases as a sentence does: "a", "a and b", "a, b and c".
pub(in crate::rules) fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// "is licensed Enterprise", or "has no licence".
pub(in crate::rules) fn licence_phrase(edition: LicenceEdition) -> String {
    match edition {
        LicenceEdition::Unlicensed => "has no licence".to_owned(),
        LicenceEdition::Unknown => "has a licence the plan does not record".to_owned(),
        edition => format!("is licensed {}", edition_name(edition)),
    }
}

/// A vCenter release with its product name: "VirtualCenter 2.5 U4", "vCenter 4.0 U1".
pub(in crate::rules) fn vcenter_product(release: Release) -> String {
    if release.is_vsphere4_or_later() {
        format!("vCenter {release}")
    } else {
        format!("VirtualCenter {release}")
    }
}
