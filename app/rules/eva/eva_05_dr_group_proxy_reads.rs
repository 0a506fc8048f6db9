//! EVA-05: hosts reach Continuous Access DR-group members through their managing controller.

use super::{eva_lun, names};
use crate::model::{LunId, PathPolicy};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};
use std::collections::BTreeMap;

/// A Vdisk in a Continuous Access DR group that hosts reach through its non-managing controller.
pub struct DrGroupProxyReads;

static META: RuleMeta = RuleMeta {
    id: "EVA-05",
    name: "eva-dr-group-proxy-reads",
    title: "Hosts reach a Continuous Access DR-group Vdisk through its non-managing controller",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "For every EVA LUN with a `ca_dr_group`: no host path with policy `Fixed` has a `preferred` controller other than the LUN's `owner`.",
    why: "Implicit LUN transition is turned off for members of a Continuous Access DR group, so ownership never follows the I/O: every read a host sends to the non-managing controller stays a proxy read for good, costing controller and mirror-port bandwidth. LUN-balancing scripts that spread Fixed paths over both controllers create exactly this.",
    example: "`vd07` is in DR group `dg-sql`, managed by controller A, and `esx01` prefers controller B with Fixed.",
    fix: "Point all hosts at the DR group's managing controller (and exclude DR-group Vdisks from path-balancing scripts).",
    source: "S36 (Denneman 9 Feb 2009), S37 (HP EVA4400 user manual p.32)",
};

impl Rule for DrGroupProxyReads {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let project = ctx.project;
        let mut offenders: BTreeMap<LunId, Vec<String>> = BTreeMap::new();
        for host in project.hosts.values() {
            for path in &host.lun_paths {
                if path.policy != PathPolicy::Fixed {
                    continue;
                }
                let Some(controller) = path.preferred else {
                    continue;
                };
                let Some((lun, _)) = eva_lun(project, path.lun) else {
                    continue;
                };
                if lun.ca_dr_group.is_some() && controller != lun.owner {
                    offenders
                        .entry(path.lun)
                        .or_default()
                        .push(host.name.clone());
                }
            }
        }
        for (lun_id, hosts) in offenders {
            let Some(lun) = project.luns.get(&lun_id) else {
                continue;
            };
            let group = lun.ca_dr_group.as_deref().unwrap_or_default();
            let other = match lun.owner {
                crate::model::Controller::A => "B",
                crate::model::Controller::B => "A",
            };
            out.add(
                &META,
                lun_id,
                format!(
                    "{} (DR group {group}) is managed by controller {} but {} host{} ({}) prefer{} controller {other}; implicit transition is off for DR-group members, so those reads stay proxy reads",
                    lun.name,
                    lun.owner,
                    hosts.len(),
                    if hosts.len() == 1 { "" } else { "s" },
                    names(&hosts),
                    if hosts.len() == 1 { "s" } else { "" }
                ),
            );
        }
    }
}
