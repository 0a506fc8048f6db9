//! FT-NET: FT logging networking.

use crate::model::{FlexNic, NicPort};

pub(super) mod ft_net_01_logging_uplink;
pub(super) mod ft_net_02_logging_load;
pub(super) mod ft_net_03_not_ipv4;
pub(super) mod ft_net_04_not_isolated;
pub(super) mod ft_net_05_teaming;
pub(super) mod ft_net_06_nfs_not_dedicated;

/// A FlexNIC as users name it: "LOM1 FlexNIC b".
fn flexnic_label(port: &NicPort, flexnic: &FlexNic) -> String {
    format!("{} FlexNIC {}", port.name, flexnic.letter)
}

/// A VMkernel port's name for messages, "vmk" plus its position when it has none.
fn vmk_label(name: &str, position: usize) -> String {
    if name.is_empty() {
        format!("vmk{position}")
    } else {
        name.to_owned()
    }
}
