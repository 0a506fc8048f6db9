//! GOS-03: the guest reboots a stage's VMware Tools and virtual hardware upgrades bring.

use crate::model::ObjectRef;
use crate::planner::reboots::stage_reboots;
use crate::rules::ft_vm::count;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// The reboots of a stage's Tools and hardware upgrades, to schedule with the VM owners.
pub struct GosGuestReboots;

static META: RuleMeta = RuleMeta {
    id: "GOS-03",
    name: "guest-reboots",
    title: "A stage's VMware Tools and virtual hardware upgrades reboot guests",
    severity: Severity::Info,
    reach: Reach::Cluster,
    checks: "In a simulated stage whose steps upgrade VMware Tools (VMs whose Tools are not current) or virtual \
             hardware (VMs not on version 7 yet): one info with the VMs and the guest reboots. A Windows guest \
             reboots once for the Tools upgrade and twice for the hardware upgrade (its power cycle, then the restart \
             Windows asks for after finding its new devices): three times over both. Other guests only go through \
             the hardware upgrade's power cycle. A VM whose guest OS is not recorded counts as Windows. The same \
             count feeds the step durations of the plan and the runbook.",
    why: "The Tools and hardware upgrades are the part of the upgrade the VM owners notice: every Windows VM is down \
          three times, which takes windows agreed with them, and hours the plan must budget.",
    example: "Stage 8 upgrades VMware Tools on the 9 VMs of `Prod` and `Dev`: 6 Windows guests reboot once now and \
              twice more in the hardware stage.",
    fix: "Schedule the reboots with the VM owners; Update Manager's baseline group runs Tools and hardware in one window.",
    source: "V46 (Upgrade Guide, 4.1 edition p.156: Windows guests reboot three times for Tools and virtual hardware)",
};

impl Rule for GosGuestReboots {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let Some(stage) = ctx.stage else {
            return;
        };
        let upgrades = &stage.vm_upgrades;
        if upgrades.is_empty() {
            return;
        }
        let tally = stage_reboots(ctx.vm_rows(), upgrades);
        let mut what = Vec::new();
        if !upgrades.tools.is_empty() {
            what.push(format!(
                "VMware Tools on {}",
                count(upgrades.tools.len(), "VM")
            ));
        }
        if !upgrades.hardware.is_empty() {
            what.push(format!(
                "virtual hardware on {}",
                count(upgrades.hardware.len(), "VM")
            ));
        }
        let tools = !upgrades.tools.is_empty();
        let hardware = !upgrades.hardware.is_empty();
        let windows_why = match (tools, hardware) {
            (true, true) => "three times each: once for Tools, twice for the hardware upgrade",
            (true, false) => {
                "once each for Tools, and twice more in the hardware upgrade: three times in all"
            }
            _ => {
                "twice each: the power cycle, then the restart after finding the new devices; three times with the Tools upgrade"
            }
        };
        let other_why = if hardware {
            "once each, the power cycle of the hardware upgrade"
        } else {
            "no reboot for Tools"
        };
        let mut who = Vec::new();
        if tally.windows > 0 {
            who.push(format!(
                "{} ({windows_why})",
                count(tally.windows, "Windows guest")
            ));
        }
        if tally.other > 0 {
            who.push(format!(
                "{} ({other_why})",
                count(tally.other, "other guest")
            ));
        }
        if tally.unrecorded > 0 {
            who.push(format!(
                "{} without a recorded guest OS (counted as Windows)",
                count(tally.unrecorded, "VM")
            ));
        }
        out.add(
            &META,
            ObjectRef::Plan,
            format!(
                "Stage {} ({}) upgrades {}: {} in this stage; {}",
                stage.index,
                stage.title,
                what.join(" and "),
                count(tally.reboots as usize, "guest reboot"),
                who.join(", ")
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Index, Project, Vm, VmId};
    use crate::refdata::ReferenceData;
    use crate::rules::StageView;

    fn run(stage: &StageView) -> Vec<String> {
        let mut project = Project::default();
        for (id, guest) in [
            (1, "Microsoft Windows Server 2003 Standard (32-bit)"),
            (2, "Red Hat Enterprise Linux 5 (64-bit)"),
        ] {
            project.vms.insert(
                VmId(id),
                Vm {
                    name: format!("vm0{id}"),
                    guest_os: guest.into(),
                    ..Vm::default()
                },
            );
        }
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(&project);
        let ctx = Context::for_stage(&project, &reference, &index, stage);
        let mut out = Findings::default();
        GosGuestReboots.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn tools_and_hardware_in_one_stage_reboot_windows_three_times() {
        let mut stage = StageView {
            index: 8,
            title: "VMware Tools and hardware".into(),
            ..StageView::default()
        };
        stage.vm_upgrades.tools.extend([VmId(1), VmId(2)]);
        stage.vm_upgrades.hardware.extend([VmId(1), VmId(2)]);
        assert_eq!(
            run(&stage),
            [
                "Stage 8 (VMware Tools and hardware) upgrades VMware Tools on 2 VMs and virtual hardware on 2 VMs: 4 guest reboots in this stage; 1 Windows guest (three times each: once for Tools, twice for the hardware upgrade), 1 other guest (once each, the power cycle of the hardware upgrade)"
            ]
        );
    }

    #[test]
    fn a_stage_without_tools_or_hardware_is_quiet() {
        assert!(run(&StageView::default()).is_empty());
    }
}
