//! UPG-15: an ESX host upgraded in place to 4.0 needs 100 MB free in /boot, which default ESX 2.5.5 installs lack.

use std::collections::BTreeMap;

use super::VSPHERE4;
use crate::model::{EsxProduct, HostId};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An ESX host the plan upgrades in place from ESX 3.x.
pub struct UpgInPlaceUpgradeBootPartition;

static META: RuleMeta = RuleMeta {
    id: "UPG-15",
    name: "in-place-upgrade-boot-too-small",
    title: "An ESX host upgraded in place to 4.0 lacks the 100 MB free in /boot the upgrade needs",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "The planner upgrades hosts in place (there is no fresh-install step), so the rule follows the plan: in \
             an upgrade stage, every ESX (not ESXi) host of the running wave (in maintenance, about to be upgraded) \
             that runs ESX 3.x and has no `target_release` below 4.0; on the design, every ESX host running ESX 3.x \
             that a wave of the plan takes to ESX 4. Error when its `boot_mb` (free space in /boot) is below 100, or \
             its `lineage` (the release first installed) is ESX 2.5.x, whose default /boot lacks the space even after \
             going through 3.x. Info when `boot_mb` is not recorded: the space is unknown. Otherwise nothing: fresh \
             install or upgrade is a free choice. A design without a plan is not checked.",
    why: "The ESX 4.0 in-place upgrade needs at least 100 MB free in /boot. Default ESX 2.5.5 installs do not have \
          it, and upgrading them through 3.x does not grow the partition, so the upgrade of such a host fails in the \
          window. (The earlier reason, that /boot is too small for a later Update Manager upgrade to 5.x, is about \
          vSphere 5 and is dropped: rules-v2.)",
    example: "Wave 1 upgrades `esx01` in place; it was first installed with ESX 2.5.5 (`lineage: \"2.5.5\"`).",
    fix: "Migration upgrade: evacuate the host, fresh-install ESX 4.0, and move the VMs back.",
    source: "V16 (vSphere 4.0 U1 Upgrade Guide, upgrading from ESX 2.5.5)",
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
            let label = ctx.host_label(id);
            if let Some(lineage) = host.lineage.filter(|l| l.line() == (2, 5)) {
                out.add(
                    &META,
                    id,
                    format!(
                        "{label} {what}, but it was first installed with ESX {lineage}, whose /boot lacks the 100 MB free an in-place upgrade to 4.0 needs"
                    ),
                );
            } else if let Some(free) = host.boot_mb.filter(|&free| free < 100) {
                out.add(
                    &META,
                    id,
                    format!(
                        "{label} {what}, but its /boot has {free} MB free; an in-place upgrade to 4.0 needs 100 MB"
                    ),
                );
            } else if host.boot_mb.is_none() {
                out.add_at(
                    &META,
                    Severity::Info,
                    id,
                    format!(
                        "{label} {what}: its free space in /boot is not recorded, so whether it has the 100 MB the upgrade needs is unknown"
                    ),
                );
            }
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
            design[0].contains(
                "upgraded in place to ESX 4.0 U1 in wave 1: its free space in /boot is not recorded"
            ),
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
            during[0].contains("esx01 runs ESX 3.5 U4 and is being upgraded in place to ESX 4:"),
            "{during:?}"
        );
        // Once the host runs ESX 4 it is no longer reported.
        if let Some(host) = state.hosts.get_mut(&HostId(1)) {
            host.esx.release = "4.0 U1".parse().unwrap();
        }
        assert!(run(&state, Some(&stage)).is_empty());
    }

    #[test]
    fn a_small_boot_or_an_esx_2_5_lineage_is_an_error_and_enough_space_is_quiet() {
        let mut project = project(EsxProduct::Esx);
        let host = project.hosts.get_mut(&HostId(1)).unwrap();
        host.boot_mb = Some(200);
        assert!(run(&project, None).is_empty());
        let host = project.hosts.get_mut(&HostId(1)).unwrap();
        host.boot_mb = Some(80);
        assert!(run(&project, None)[0].contains("80 MB free"));
        let host = project.hosts.get_mut(&HostId(1)).unwrap();
        host.boot_mb = Some(200);
        host.lineage = Some("2.5".parse().unwrap());
        assert!(run(&project, None)[0].contains("first installed with ESX 2.5"));
    }

    #[test]
    fn esxi_hosts_and_designs_without_plan_are_quiet() {
        assert!(run(&project(EsxProduct::Esxi), None).is_empty());
        let mut no_plan = project(EsxProduct::Esx);
        no_plan.upgrade = None;
        assert!(run(&no_plan, None).is_empty());
    }
}
