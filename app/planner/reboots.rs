//! Guest reboots of the VMware Tools and virtual hardware upgrades, counted once for the GOS-03 finding, the step
//! estimates and the runbook (V46, vSphere Upgrade Guide: "Planning Downtime for Virtual Machines").

use crate::model::VmTable;
use crate::rules::VmUpgrades;

/// Which downtime rules a guest follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GuestFamily {
    Windows,
    /// Linux, NetWare, Solaris and the rest: no reboot for the Tools upgrade.
    Other,
    /// The plan does not record the guest OS.
    Unrecorded,
}

/// The family of a VM's `guest_os`.
pub fn guest_family(guest_os: &str) -> GuestFamily {
    if guest_os.trim().is_empty() {
        GuestFamily::Unrecorded
    } else if guest_os
        .as_bytes()
        .windows(b"windows".len())
        .any(|word| word.eq_ignore_ascii_case(b"windows"))
    {
        GuestFamily::Windows
    } else {
        GuestFamily::Other
    }
}

/// Guest reboots (restarts and power cycles) a VM goes through for a VMware Tools upgrade, a virtual hardware
/// upgrade, or both. A Windows guest restarts at the end of the Tools upgrade, and Tools plus hardware reboot it
/// three times, so the hardware upgrade takes two: its power cycle and the restart Windows asks for once it has
/// found its new devices. Other guests need no reboot for the Tools upgrade, and every guest is shut down and
/// powered on for the hardware upgrade. A guest that is not recorded counts as Windows, so that a window planned
/// from the count is never too short.
pub fn guest_reboots(guest_os: &str, tools: bool, hardware: bool) -> u32 {
    family_reboots(guest_family(guest_os), tools, hardware)
}

/// [`guest_reboots`] of a guest whose family is known.
fn family_reboots(family: GuestFamily, tools: bool, hardware: bool) -> u32 {
    let (for_tools, for_hardware) = match family {
        GuestFamily::Windows | GuestFamily::Unrecorded => (1, 2),
        GuestFamily::Other => (0, 1),
    };
    u32::from(tools) * for_tools + u32::from(hardware) * for_hardware
}

/// The guests a stage's Tools and hardware upgrades reboot.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RebootTally {
    /// Windows guests upgraded in the stage.
    pub windows: usize,
    pub other: usize,
    /// Guests whose OS the plan does not record (counted as Windows in `reboots`).
    pub unrecorded: usize,
    /// Guest reboots in all.
    pub reboots: u32,
}

/// The reboots of the VMs a stage upgrades, read from the rows of the estate's VMs ([`VmTable`]): a guest OS does
/// not change with the upgrades, so the estate before the stage and after it count the same.
pub fn stage_reboots(rows: &VmTable, upgrades: &VmUpgrades) -> RebootTally {
    let mut tally = RebootTally::default();
    // The upgraded VMs and the rows are all in ID order: one walk through them finds each VM and whether it takes
    // Tools, hardware or both, rather than lookups per VM (a stage can upgrade every VM of the estate).
    let mut rows_in_order = rows.iter().peekable();
    let mut tools = upgrades.tools.iter().peekable();
    let mut hardware = upgrades.hardware.iter().peekable();
    // Each distinct guest OS name is classified once, by its position in the table's names.
    let mut families: std::collections::BTreeMap<u32, GuestFamily> =
        std::collections::BTreeMap::new();
    for &id in upgrades.tools.union(&upgrades.hardware) {
        let upgrades_tools = tools.next_if(|&&listed| listed == id).is_some();
        let upgrades_hardware = hardware.next_if(|&&listed| listed == id).is_some();
        while rows_in_order.next_if(|row| row.id < id).is_some() {}
        let Some(row) = rows_in_order.next_if(|row| row.id == id) else {
            continue;
        };
        let family = *families
            .entry(row.guest_os)
            .or_insert_with(|| guest_family(rows.guest_os(row)));
        match family {
            GuestFamily::Windows => tally.windows += 1,
            GuestFamily::Other => tally.other += 1,
            GuestFamily::Unrecorded => tally.unrecorded += 1,
        }
        tally.reboots += family_reboots(family, upgrades_tools, upgrades_hardware);
    }
    tally
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tally read from the rows is the one each upgraded VM's own guest OS gives: Windows, other and
    /// unrecorded guests, Tools only, hardware only and both, and an upgraded VM the estate no longer has.
    #[test]
    fn a_stages_reboots_are_those_of_each_upgraded_vm() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/samples");
        let mut project = crate::io::PlanFile::load(&root.join("esx35-west.ron"))
            .expect("sample plan")
            .project;
        let guests = [
            "Microsoft Windows Server 2003 Standard (32-bit)",
            "Red Hat Enterprise Linux 5 (64-bit)",
            "",
            "SUSE Linux Enterprise 10",
            "microsoft windows xp",
        ];
        let mut upgrades = VmUpgrades::default();
        for (position, (&id, vm)) in project.vms.iter_mut().enumerate() {
            vm.guest_os = guests
                .get(position % guests.len())
                .copied()
                .unwrap_or("")
                .to_owned();
            if position % 2 == 0 {
                upgrades.tools.insert(id);
            }
            if position % 3 == 0 {
                upgrades.hardware.insert(id);
            }
        }
        upgrades.hardware.insert(crate::model::VmId(u32::MAX));
        let mut expected = RebootTally::default();
        for (id, vm) in &project.vms {
            let (tools, hardware) = (upgrades.tools.contains(id), upgrades.hardware.contains(id));
            if !tools && !hardware {
                continue;
            }
            match guest_family(&vm.guest_os) {
                GuestFamily::Windows => expected.windows += 1,
                GuestFamily::Other => expected.other += 1,
                GuestFamily::Unrecorded => expected.unrecorded += 1,
            }
            expected.reboots += guest_reboots(&vm.guest_os, tools, hardware);
        }
        let index = crate::model::Index::build(&project);
        assert_eq!(stage_reboots(&index.vm_rows, &upgrades), expected);
        assert!(
            expected.windows > 0 && expected.other > 0 && expected.unrecorded > 0,
            "{expected:?}"
        );
    }

    #[test]
    fn windows_reboots_three_times_for_tools_and_hardware() {
        let windows = "Microsoft Windows Server 2003 Standard (32-bit)";
        assert_eq!(guest_reboots(windows, true, true), 3);
        assert_eq!(guest_reboots(windows, true, false), 1);
        assert_eq!(guest_reboots(windows, false, true), 2);
        let linux = "Red Hat Enterprise Linux 5 (64-bit)";
        assert_eq!(guest_reboots(linux, true, false), 0);
        assert_eq!(guest_reboots(linux, true, true), 1);
        assert_eq!(guest_reboots("", true, true), 3);
        assert_eq!(guest_family("Microsoft WINDOWS 7"), GuestFamily::Windows);
        assert_eq!(guest_family("Windo"), GuestFamily::Other);
    }
}
