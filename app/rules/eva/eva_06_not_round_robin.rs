//! EVA-06: once every host of an EVA LUN runs ESX 4, the LUN uses Round Robin with IOPS=1.

use std::collections::BTreeSet;

use super::{eva_lun, is_esx4, names};
use crate::model::{LunId, PathPolicy};
use crate::refdata::LimitItem;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity, number};

/// An ESX 4 host not using Round Robin (IOPS=1) on EVA LUNs that only ESX 4 hosts share.
pub struct NotRoundRobin;

static META: RuleMeta = RuleMeta {
    id: "EVA-06",
    name: "eva-not-round-robin",
    title: "EVA LUNs seen only by ESX 4 hosts are not on Round Robin with IOPS=1",
    severity: Severity::Info,
    reach: Reach::Estate,
    checks: "For every EVA LUN whose hosts all run ESX 4: each host's path has policy `RoundRobin` with `rr_iops` equal to `EvaRoundRobinIops` (1); a missing `rr_iops` is the ESX default. Reported per host.",
    why: "After the last ESX 3.5 host has gone, nothing pins EVA LUNs to a controller any more, and Round Robin over the optimised (owning-controller) paths spreads the load over all of them. Switching paths after every I/O (IOPS=1) is the practitioners' advice for EVA on vSphere 4 (HP gives IOPS=1 formally only for 3PAR on vSphere 5). On ESX 4.0 the per-LUN IOPS value could fall back to another value after a reboot, so it had to be set again at boot.",
    example: "`vd01` is seen by `esx01` and `esx02`, both ESX 4.0 U1; `esx01` uses MRU and `esx02` Round Robin with the default IOPS.",
    fix: "Apply an NMP claim rule / `esxcli nmp device setpolicy` for VMW_PSP_RR and `esxcli nmp roundrobin setconfig --type iops --iops 1`; on ESX 4.0 re-apply the IOPS setting at boot (e.g. from rc.local).",
    source: "S38 (Beerens 19 Jan 2010), M (IOPS value); HP 3PAR ESX implementation guide p.43",
};

impl Rule for NotRoundRobin {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let project = ctx.project;
        let iops = ctx.limit(LimitItem::EvaRoundRobinIops, None);
        let seen_by_older: BTreeSet<LunId> = project
            .hosts
            .values()
            .filter(|host| !is_esx4(host.esx.release))
            .flat_map(|host| host.lun_paths.iter().map(|path| path.lun))
            .collect();
        for (&id, host) in &project.hosts {
            if !is_esx4(host.esx.release) {
                continue;
            }
            // Each LUN missing the advice, with what it uses instead.
            let mut misses: Vec<String> = Vec::new();
            for path in &host.lun_paths {
                if seen_by_older.contains(&path.lun) {
                    continue;
                }
                let Some((lun, _)) = eva_lun(project, path.lun) else {
                    continue;
                };
                let label = match path.policy {
                    PathPolicy::Fixed => "Fixed".to_owned(),
                    PathPolicy::FixedAp => "Fixed_AP".to_owned(),
                    PathPolicy::Mru => "MRU".to_owned(),
                    PathPolicy::RoundRobin => match (path.rr_iops, iops) {
                        (_, None) => continue,
                        (Some(set), Some(advised))
                            if (f64::from(set) - advised).abs() < f64::EPSILON =>
                        {
                            continue;
                        }
                        (Some(set), Some(_)) => format!("Round Robin, IOPS {set}"),
                        (None, Some(_)) => "Round Robin, default IOPS".to_owned(),
                    },
                };
                misses.push(format!("{} ({label})", lun.name));
            }
            if misses.is_empty() {
                continue;
            }
            let advice = iops.map_or_else(
                || "Round Robin".to_owned(),
                |iops| format!("Round Robin with IOPS={}", number(iops)),
            );
            out.add(
                &META,
                id,
                format!(
                    "{} has {} EVA LUN{} seen only by ESX 4 hosts and not on {advice}: {}",
                    ctx.host_label(id),
                    misses.len(),
                    if misses.len() == 1 { "" } else { "s" },
                    names(&misses)
                ),
            );
        }
    }
}
