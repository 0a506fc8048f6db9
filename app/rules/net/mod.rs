//! NET: the vMotion network end to end (one subnet and VLAN, one MTU). NET-03, identical port-group labels or one
//! vDS, is VMO-02's (a reference in the registry).

pub(super) mod net_01_vmotion_not_one_subnet;
pub(super) mod net_02_mtu_mismatch;

/// Names for a message, the first four and how many more: "esx01, esx02, esx03, esx04 and 2 more".
pub(in crate::rules) fn some_names(names: &[String]) -> String {
    first_names(names.iter().map(String::as_str))
}

/// The first four names and how many more; only the names shown are read into the text.
pub(in crate::rules) fn first_names<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    const SHOWN: usize = 4;
    let mut names = names.into_iter();
    let shown = names.by_ref().take(SHOWN).collect::<Vec<_>>().join(", ");
    match names.count() {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}
