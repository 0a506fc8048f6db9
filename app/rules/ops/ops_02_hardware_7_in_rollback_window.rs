//! OPS-02: no VM goes to virtual hardware 7 while a host it may run on can still `rollback-to-esx3`.

use crate::model::HostId;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A stage takes a VM to hardware 7 while one of its hosts is still in its rollback window.
pub struct OpsHardware7InRollbackWindow;

static META: RuleMeta = RuleMeta {
    id: "OPS-02",
    name: "hardware-7-in-rollback-window",
    title: "A VM goes to virtual hardware 7 while a host it may run on can still roll back to ESX 3",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "In a simulated stage whose steps take VMs to virtual hardware 7: every such VM whose possible hosts (its \
             cluster's hosts; its own host when it is not clustered) include an ESX host the plan upgraded in place \
             from ESX 3.x and has not run `CleanupEsx3` on yet (`progress.rollback_window`). The plan records no \
             snapshot taken just before the hardware upgrade, so none is assumed. ESXi hosts, which boot their \
             previous image instead, and hosts that changed product (a fresh install) are not in the window.",
    why: "Until `cleanup-esx3` runs, `rollback-to-esx3` boots ESX 3.5 again; service console changes are lost, VM \
          changes are kept, and a VM already on virtual hardware 7 will not run on that host afterwards. Upgrading \
          hardware while a host can still go back makes that way back cost the VM.",
    example: "Stage 9 takes `web01` of cluster `Prod` to hardware 7 while `esx01`, upgraded in wave 1, has had no \
              `cleanup-esx3` step.",
    fix: "Run cleanup-esx3 once the host is accepted, or snapshot before the HW upgrade.",
    source: "V18 (Upgrade Guide, 4.1 edition p.71 and p.69), V19 (4.0 U1 HUU rollback)",
};

impl Rule for OpsHardware7InRollbackWindow {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let Some(stage) = ctx.stage else {
            return;
        };
        if stage.progress.rollback_window.is_empty() {
            return;
        }
        for &id in &stage.vm_upgrades.hardware {
            let Some(vm) = ctx.vm(id) else {
                continue;
            };
            let mut open: Vec<HostId> = ctx
                .hosts_for_vm(vm)
                .iter()
                .copied()
                .filter(|host| stage.progress.rollback_window.contains(host))
                .collect();
            open.sort_unstable();
            open.dedup();
            if open.is_empty() {
                continue;
            }
            let names: Vec<String> = open
                .iter()
                .filter_map(|&h| ctx.host(h).map(|host| host.name.clone()))
                .collect();
            out.add(
                &META,
                id,
                format!(
                    "Stage {} ({}) takes {} to virtual hardware 7 while it may run on {}, which can still rollback-to-esx3 (no cleanup-esx3 yet): after such a rollback {} cannot run there",
                    stage.index,
                    stage.title,
                    vm.name,
                    crate::wording::join_and(&names),
                    vm.name
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClusterId, Host, Index, Project, Vm, VmId};
    use crate::refdata::ReferenceData;
    use crate::rules::{StageView, VmUpgrades};

    fn project() -> Project {
        let mut project = Project::default();
        for (id, name) in [(1, "esx01"), (2, "esx02")] {
            project.hosts.insert(
                HostId(id),
                Host {
                    name: name.into(),
                    cluster: Some(ClusterId(1)),
                    ..Host::default()
                },
            );
        }
        project.vms.insert(
            VmId(1),
            Vm {
                name: "web01".into(),
                cluster: Some(ClusterId(1)),
                host: Some(HostId(2)),
                hw_version: Some(4),
                ..Vm::default()
            },
        );
        project
    }

    fn run(window: &[u32]) -> Vec<String> {
        let project = project();
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(&project);
        let mut stage = StageView {
            index: 9,
            title: "Virtual hardware 7".into(),
            vm_upgrades: VmUpgrades {
                hardware: [VmId(1)].into_iter().collect(),
                ..VmUpgrades::default()
            },
            ..StageView::default()
        };
        stage
            .progress
            .rollback_window
            .extend(window.iter().map(|&h| HostId(h)));
        let ctx = Context::for_stage(&project, &reference, &index, &stage);
        let mut out = Findings::default();
        OpsHardware7InRollbackWindow.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn a_host_that_can_still_roll_back_warns() {
        let messages = run(&[1]);
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages[0]
                .contains("takes web01 to virtual hardware 7 while it may run on esx01, which"),
            "{messages:?}"
        );
    }

    #[test]
    fn hosts_cleaned_up_are_quiet() {
        assert!(run(&[]).is_empty());
    }
}
