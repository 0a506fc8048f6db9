//! NET: the vMotion network end to end (one subnet and VLAN, one MTU). NET-03, identical port-group labels or one
//! vDS, is VMO-02's (a reference in the registry).

pub(super) mod net_01_vmotion_not_one_subnet;
pub(super) mod net_02_mtu_mismatch;

/// Names for a message, the first four and how many more: "esx01, esx02, esx03, esx04 and 2 more".
pub(in crate::rules) fn some_names(names: &[String]) -> String {
    const SHOWN: usize = 4;
    let shown = names
        .iter()
        .take(SHOWN)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        format!("{shown} and {} more", names.len() - SHOWN)
    } else {
        shown
    }
}
