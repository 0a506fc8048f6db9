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
    let mut names = names.into_iter();
    let shown: Vec<&str> = names.by_ref().take(SHOWN_NAMES).collect();
    let total = shown.len() + names.count();
    first_names_of(shown, total)
}

/// How many names [`first_names`] shows before "and N more".
pub(in crate::rules) const SHOWN_NAMES: usize = 4;

/// [`first_names`] of `total` names of which only the first are given (at least the first [`SHOWN_NAMES`], when
/// there are that many).
pub(in crate::rules) fn first_names_of<'a>(
    first: impl IntoIterator<Item = &'a str>,
    total: usize,
) -> String {
    let shown: Vec<&str> = first.into_iter().take(SHOWN_NAMES).collect();
    match total.saturating_sub(shown.len()) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}
