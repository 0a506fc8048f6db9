//! UPG-15: ESX hosts upgraded in place from 3.x keep a /boot too small for a later Update Manager upgrade to 5.x.

use std::collections::BTreeMap;

use super::VSPHERE4;
use crate::model::{EsxProduct, HostId};
use crate::rules::{Context, Findings, Rule, RuleMeta, Severity};

/// An ESX host the plan upgrades in place from ESX 3.x.
pub struct UpgInPlaceUpgradeBootPartition;

static META: RuleMeta = RuleMeta {
    id: "UPG-15",
    name: "in-place-upgrade-blocks-later-upgrades",
    title: "An ESX host is upgraded in place from ESX 3.x, keeping a /boot too small for later upgrades",
    severity: Severity::Warning,
    checks: "The planner upgrades hosts in place (there is no fresh-install step), so the rule follows the plan: in \
             an upgrade stage, every ESX (not ESXi) host of the running wave (in maintenance, about to be upgraded) \
             that runs ESX 3.x and has no `target_release` below 4.0; on the design, every ESX host running ESX 3.x \
             that a wave of the plan takes to ESX 4 (its `target_release`, else the plan's `target`). The finding \
             belongs to the wave that upgrades the host and does not follow the host into later stages. A design \
             without a plan is not checked: its hosts may still be fresh-installed.",
    why: "An ESX 3.x host upgraded in place to ESX 4 keeps its ESX 3 partition layout, whose /boot is too small for \
          Update Manager to upgrade or migrate it to 5.x later: that host then needs a fresh install anyway. If a \
          5.x path is planned, installing ESX 4 fresh now saves the second rebuild.",
    example: "Wave 1 upgrades `esx01` from ESX 3.5 U4 to 4.0 U1 in place.",
    fix: "Fresh-install 4.0 if a 5.x path is planned.",
    source: "S33 (VUM 5.5, hosts upgraded from 3.x)",
};

impl Rule for UpgInPlaceUpgradeBootPartition {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let mut upgraded: BTreeMap<HostId, String> = BTreeMap::new();
        match ctx.stage {
            Some(stage) => {
                for &id in stage.upgrading() {
                    let Some(host) = ctx.host(id) else {
                        continue;
                    };
                    if host.release() < VSPHERE4
                        && host.target_release.is_none_or(|t| t >= VSPHERE4)
                    {
                        upgraded.insert(
                            id,
                            format!(
                                "runs ESX {} and is being upgraded in place to ESX 4",
                                host.release()
                            ),
                        );
                    }
                }
            }
            None => {
                let Some(plan) = &ctx.project.upgrade else {
                    return;
                };
                for wave in plan.stages.iter().flat_map(|stage| &stage.waves) {
                    for &id in &wave.hosts {
                        let Some(host) = ctx.host(id) else {
                            continue;
                        };
                        let target = host.target_release.unwrap_or(plan.target);
                        if host.release() < VSPHERE4 && target >= VSPHERE4 {
                            upgraded.entry(id).or_insert_with(|| {
                                format!(
                                    "runs ESX {} and is upgraded in place to ESX {target} in {}",
                                    host.release(),
                                    wave.name
                                )
                            });
                        }
                    }
                }
            }
        }
        for (id, what) in upgraded {
            let Some(host) = ctx.host(id) else {
                continue;
            };
            if host.esx.product != EsxProduct::Esx {
                continue;
            }
            out.add(
                &META,
                id,
                format!(
                    "{} {what}, keeping the ESX 3 /boot partition, too small for Update Manager to take it to 5.x later",
                    ctx.host_label(id)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Host, Index, Project, Stage, StageKind, UpgradePlan, Wave};
    use crate::refdata::ReferenceData;
    use crate::rules::StageView;

    fn project(product: EsxProduct) -> Project {
        let mut project = Project::default();
        let mut host = Host {
            name: "esx01".into(),
            ..Host::default()
        };
        host.esx.product = product;
        host.esx.release = "3.5 U4".parse().unwrap();
        project.hosts.insert(HostId(1), host);
        let mut stage = Stage::new(StageKind::RollingUpgrade);
        stage.waves.push(Wave {
            name: "wave 1".into(),
            hosts: vec![HostId(1)],
            ..Wave::default()
        });
        project.upgrade = Some(UpgradePlan {
            target: "4.0 U1".parse().unwrap(),
            stages: vec![stage],
        });
        project
    }

    fn run(project: &Project, stage: Option<&StageView>) -> Vec<String> {
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(project);
        let ctx = match stage {
            Some(stage) => Context::for_stage(project, &reference, &index, stage),
            None => Context::new(project, &reference, &index),
        };
        let mut out = Findings::default();
        UpgInPlaceUpgradeBootPartition.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn plan_wave_of_esx_host_fires_on_the_design_and_in_a_stage() {
        let project = project(EsxProduct::Esx);
        let design = run(&project, None);
        assert_eq!(design.len(), 1);
        assert!(
            design[0].contains("upgraded in place to ESX 4.0 U1 in wave 1"),
            "{design:?}"
        );
        let mut stage = StageView {
            wave: Some((0, "wave 1".into())),
            ..StageView::default()
        };
        stage.in_maintenance.insert(HostId(1));
        let mut state = project.clone();
        state.upgrade = None;
        let during = run(&state, Some(&stage));
        assert_eq!(during.len(), 1);
        assert!(
            during[0].contains("esx01 runs ESX 3.5 U4 and is being upgraded in place to ESX 4,"),
            "{during:?}"
        );
        // Once the host runs ESX 4 it is no longer reported.
        if let Some(host) = state.hosts.get_mut(&HostId(1)) {
            host.esx.release = "4.0 U1".parse().unwrap();
        }
        assert!(run(&state, Some(&stage)).is_empty());
    }

    #[test]
    fn esxi_hosts_and_designs_without_plan_are_quiet() {
        assert!(run(&project(EsxProduct::Esxi), None).is_empty());
        let mut no_plan = project(EsxProduct::Esx);
        no_plan.upgrade = None;
        assert!(run(&no_plan, None).is_empty());
    }
}
