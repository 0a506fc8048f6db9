//! UPG-17: VMware Tools are upgraded before the virtual hardware goes to version 7.

use crate::model::ToolsStatus;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A VM on virtual hardware 7 whose VMware Tools are not current.
pub struct UpgHardwareBeforeTools;

/// Virtual hardware 7 came with ESX 4.0.
const HW7: u8 = 7;

static META: RuleMeta = RuleMeta {
    id: "UPG-17",
    name: "hardware-upgraded-before-tools",
    title: "A VM is on virtual hardware 7 while its VMware Tools are old or missing",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every VM (templates included) with `hw_version` 7 or later whose `tools` is not `Current` (`Old` or \
             `NotInstalled`). In an upgrade stage this is a hardware step run before the Tools step; on the design \
             it is a VM already in that state. A cluster upgraded from ESX 4.0 to a later update marks its VMs' \
             Tools old again, which is reported too: upgrade the Tools.",
    why: "The hardware 7 upgrade gives the guest new virtual devices; with current Tools the guest has the drivers \
          and keeps its vNIC configuration, but with old or missing Tools the guest can come up with a new, \
          unconfigured network adapter and lose connectivity. The hardware upgrade needs a power-off and is one-way, \
          so the order matters: Tools to match the host, then hardware to match the host.",
    example: "Stage 8 upgrades cluster `Prod` to hardware 7 before the VMware Tools stage, and `web01` still has \
              `tools: Old`.",
    fix: "VUM baseline group: Tools-to-match-host then HW-to-match-host.",
    source: "S25 (p.17-18), S49",
};

impl Rule for UpgHardwareBeforeTools {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        // The rows say which VMs to look at without reading the VMs themselves.
        for row in ctx.vm_rows().iter() {
            if !row.hardware_at_least(HW7) || row.tools == ToolsStatus::Current {
                continue;
            }
            let (id, Some(vm)) = (row.id, ctx.vm(row.id)) else {
                continue;
            };
            let tools = match vm.tools {
                ToolsStatus::NotInstalled => "no VMware Tools installed",
                _ => "VMware Tools older than its host",
            };
            out.add(
                &META,
                id,
                format!(
                    "{} is on virtual hardware {} with {tools}; the hardware upgrade before the Tools upgrade can lose the guest's vNIC configuration",
                    vm.name,
                    vm.hardware_text()
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Index, Project, Vm, VmId};
    use crate::refdata::ReferenceData;

    fn run(hw_version: u8, tools: ToolsStatus) -> Vec<String> {
        let mut project = Project::default();
        project.vms.insert(
            VmId(1),
            Vm {
                name: "web01".into(),
                hw_version: Some(hw_version),
                tools,
                ..Vm::default()
            },
        );
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(&project);
        let ctx = Context::new(&project, &reference, &index);
        let mut out = Findings::default();
        UpgHardwareBeforeTools.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn hardware_7_with_old_tools_fires() {
        let messages = run(7, ToolsStatus::Old);
        assert_eq!(messages.len(), 1);
        assert!(messages[0].starts_with("web01 is on virtual hardware 7 with VMware Tools older"));
        assert_eq!(run(7, ToolsStatus::NotInstalled).len(), 1);
    }

    #[test]
    fn current_tools_or_hardware_4_is_quiet() {
        assert!(run(7, ToolsStatus::Current).is_empty());
        assert!(run(4, ToolsStatus::Old).is_empty());
    }
}
