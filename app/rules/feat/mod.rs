//! FEAT: vSphere 4 features gated by ESX 4.0 (their licence editions are LIC-01's).

use crate::model::{Host, Release};

pub(super) mod feat_01_vds_host_not_ready;
pub(super) mod feat_02_nexus1000v_host_not_ready;
pub(super) mod feat_03_host_profiles_host_not_ready;
pub(super) mod feat_05_hw7_devices_unsupported;
pub(super) mod feat_06_storage_vmotion_without_vmotion_port;
pub(super) mod feat_07_evc_baseline_needs_newer_vcenter;

/// What keeps a host from a feature of ESX 4.0 (vDS, Nexus 1000V, host profiles), as phrases ("runs ESX 3.5 U4");
/// empty when it runs ESX 4.0 or later. The Enterprise Plus edition these features also need is LIC-01's.
pub(in crate::rules) fn esx4_gaps(host: &Host) -> Vec<String> {
    let mut gaps = Vec::new();
    if host.esx.release < Release::new(4, 0) {
        gaps.push(format!("runs ESX {}", host.esx.release));
    }
    gaps
}

/// Joins phrases as a sentence does: "a", "a and b", "a, b and c".
pub(in crate::rules) fn join_and(items: &[String]) -> String {
    crate::wording::join_and(items)
}

/// A vCenter release with its product name: "VirtualCenter 2.5 U4", "vCenter 4.0 U1".
pub(in crate::rules) fn vcenter_product(release: Release) -> String {
    if release.is_vsphere4_or_later() {
        format!("vCenter {release}")
    } else {
        format!("VirtualCenter {release}")
    }
}
