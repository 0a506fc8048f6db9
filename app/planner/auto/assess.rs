//! Stage 0 of the auto-plan: fixing what the design already gets wrong (EVA paths, over-allocated FlexNICs) and
//! saying which hosts cannot go to ESX 4.

use std::collections::BTreeMap;

use crate::model::{
    Controller, FlexNicSpeed, Index, LunId, PathPolicy, Project, Stage, StageKind, Step, Traffic,
};

use super::AutoPlanner;

/// A Flex-10 port carries 10 Gb/s.
const FLEX10_PORT_MBPS: u32 = 10_000;

impl AutoPlanner<'_> {
    /// Stage 0: remediate the design.
    pub(super) fn assess_stage(&self) -> Stage {
        let mut stage = Stage::new(StageKind::Assess);
        for (&lun, &controller) in &self.aligned {
            stage.steps.push(Step::AlignEvaPaths { lun, controller });
        }
        stage.steps.extend(flexnic_fixes(&self.state));
        let target = self.target;
        for (&id, host) in &self.state.hosts {
            if !self.upgradable.contains(&id) && host.release() < target {
                stage.steps.push(Step::Manual {
                    title: format!("{} stays on ESX {}", host.name, host.release()),
                    detail: format!(
                        "{} cannot run ESX {target}: {}. Replace it or keep it out of clusters that move to vSphere 4.",
                        host.name,
                        why_not_upgradable(host)
                    ),
                });
            }
        }
        stage
    }
}

fn why_not_upgradable(host: &crate::model::Host) -> String {
    if !host.cpu.x64 {
        "its CPU is 32-bit and ESX 4 is 64-bit only".to_owned()
    } else {
        format!(
            "it has {} core(s); ESX 4 needs at least 2",
            host.cpu.cores()
        )
    }
}

/// LUNs whose ESX 3.x Fixed preferred paths do not all point at the owning controller today (EVA-01/02).
pub(super) fn misaligned_luns(state: &Project, index: &Index) -> BTreeMap<LunId, Controller> {
    let mut out = BTreeMap::new();
    for (&id, lun) in &state.luns {
        let owner = lun.preferred.controller().unwrap_or(lun.owner);
        // Only the hosts with a path to the LUN: reading every host for every LUN is quadratic at scale.
        let misaligned = index.hosts_seeing(id).iter().any(|host| {
            let Some(host) = state.hosts.get(host) else {
                return false;
            };
            !host.release().is_vsphere4_or_later()
                && host.path_to(id).is_some_and(|path| {
                    path.policy == PathPolicy::Fixed && path.preferred.is_some_and(|p| p != owner)
                })
        });
        let owner_differs = lun.preferred.controller().is_some_and(|c| c != lun.owner);
        if misaligned || owner_differs {
            out.insert(id, owner);
        }
    }
    out
}

/// Re-splits Flex-10 ports whose FlexNICs add up to more than 10 Gb: VM traffic gives way first, in 100 Mb
/// steps, keeping management at 100 Mb and vMotion and FT logging at 1 Gb (VC-15).
fn flexnic_fixes(state: &Project) -> Vec<Step> {
    let mut steps = Vec::new();
    for (&id, host) in &state.hosts {
        for port in &host.nic_ports {
            let total: u32 = port.flexnics.iter().map(|f| f.mbps).sum();
            if total <= FLEX10_PORT_MBPS {
                continue;
            }
            let mut excess = total - FLEX10_PORT_MBPS;
            let minimum = |flexnic: &crate::model::FlexNic| -> u32 {
                if flexnic
                    .traffic
                    .iter()
                    .any(|t| matches!(t, Traffic::Vmotion | Traffic::FtLogging))
                {
                    1000
                } else {
                    100
                }
            };
            let mut order: Vec<usize> = (0..port.flexnics.len()).collect();
            // VM traffic first, then the largest.
            order.sort_by_key(|&i| {
                let f = &port.flexnics[i];
                (
                    !f.traffic.contains(&Traffic::VmTraffic),
                    std::cmp::Reverse(f.mbps),
                )
            });
            let mut speeds: Vec<u32> = port.flexnics.iter().map(|f| f.mbps).collect();
            for i in order {
                if excess == 0 {
                    break;
                }
                let floor = minimum(&port.flexnics[i]);
                let room = speeds[i].saturating_sub(floor);
                let cut = room.min(excess.div_ceil(100) * 100);
                speeds[i] -= cut;
                excess = excess.saturating_sub(cut);
            }
            let changed: Vec<FlexNicSpeed> = port
                .flexnics
                .iter()
                .zip(&speeds)
                .filter(|(f, s)| f.mbps != **s)
                .map(|(f, &s)| FlexNicSpeed {
                    letter: f.letter.clone(),
                    mbps: s,
                })
                .collect();
            if !changed.is_empty() {
                steps.push(Step::ResizeFlexNics {
                    host: id,
                    port: port.name.clone(),
                    speeds: changed,
                });
            }
        }
    }
    steps
}
