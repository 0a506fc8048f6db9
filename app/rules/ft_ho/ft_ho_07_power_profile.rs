//! FT-HO-07: FT hosts should share one high-performance BIOS power profile.

use std::collections::BTreeMap;

use crate::model::{ClusterId, HostId, PowerProfile};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An FT host's BIOS power profile is not a performance profile, or differs from the other FT hosts of its cluster.
pub struct FtHoPowerProfile;

static META: RuleMeta = RuleMeta {
    id: "FT-HO-07",
    name: "ft-host-power-profile",
    title: "An FT host's BIOS power profile is a power-saving one or differs from its cluster's FT hosts",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "Every FT host (every host of a cluster holding an FT VM, plus each Primary and Secondary host) has `bios.power_profile` StaticHighPerformance or OsControlled, and the same profile as most FT hosts of its cluster whose profile the plan records; an unrecorded profile is skipped.",
    why: "The Secondary must run at the Primary's pace: power-saving profiles change the clock under load and make the pair drift, and power capping makes the Secondary fall behind until FT restarts it. Mixed profiles give hosts of the same model different effective speeds.",
    example: "`esx03` in the FT cluster `prod` has `bios: (power_profile: PowerCapped)` while the other FT hosts use StaticHighPerformance.",
    fix: "Standardise the RBSU power profile on every FT host (HP \"Static High Performance\").",
    source: "S10 vSphere 6.0/6.7 Availability, legacy FT best practices; S60 Mastering VMware vSphere 5.5",
};

/// The profile's name as HP RBSU shows it.
fn profile_name(profile: PowerProfile) -> &'static str {
    match profile {
        PowerProfile::StaticHighPerformance => "Static High Performance",
        PowerProfile::OsControlled => "OS Control",
        PowerProfile::DynamicPowerSavings => "Dynamic Power Savings",
        PowerProfile::StaticLowPower => "Static Low Power",
        PowerProfile::PowerCapped => "Power Capped",
    }
}

/// What is wrong with a power-saving profile, or `None` for the preferred ones.
fn profile_problem(profile: PowerProfile) -> Option<&'static str> {
    match profile {
        PowerProfile::StaticHighPerformance | PowerProfile::OsControlled => None,
        PowerProfile::PowerCapped => {
            Some("power capping makes FT Secondaries fall behind and restart")
        }
        PowerProfile::DynamicPowerSavings | PowerProfile::StaticLowPower => {
            Some("FT hosts should run Static High Performance or OS Control")
        }
    }
}

impl Rule for FtHoPowerProfile {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let mut groups: BTreeMap<Option<ClusterId>, Vec<(HostId, PowerProfile)>> = BTreeMap::new();
        for id in ctx.ft_hosts().iter().copied() {
            // A profile the plan does not record is neither wrong nor part of the majority.
            if let Some(host) = ctx.host(id)
                && let Some(profile) = host.bios.power_profile
            {
                groups.entry(host.cluster).or_default().push((id, profile));
            }
        }
        for (cluster, hosts) in groups {
            let mut counts: BTreeMap<PowerProfile, usize> = BTreeMap::new();
            for (_, profile) in &hosts {
                *counts.entry(*profile).or_default() += 1;
            }
            // The most common profile; on a tie the first in RBSU order (the higher-performance one).
            let majority = counts.iter().fold(
                None,
                |best: Option<(PowerProfile, usize)>, (&profile, &count)| match best {
                    Some((_, best_count)) if best_count >= count => best,
                    _ => Some((profile, count)),
                },
            );
            let scope = cluster.and_then(|id| ctx.cluster(id)).map_or_else(
                || " outside clusters".to_owned(),
                |c| format!(" of {}", c.name),
            );
            for (id, profile) in hosts {
                let differs = majority.filter(|(common, _)| *common != profile);
                let problem = profile_problem(profile);
                let mut message = format!(
                    "{} uses BIOS power profile {}",
                    ctx.host_label(id),
                    profile_name(profile)
                );
                if let Some((common, count)) = differs {
                    let others = if count == 1 {
                        format!("1 other FT host{scope} uses")
                    } else {
                        format!("{count} other FT hosts{scope} use")
                    };
                    message.push_str(&format!(" while {others} {}", profile_name(common)));
                }
                match (problem, differs) {
                    (Some(problem), _) => message.push_str(&format!("; {problem}")),
                    (None, Some(_)) => message.push_str("; FT hosts should share one profile"),
                    (None, None) => continue,
                }
                out.add(&META, id, message);
            }
        }
    }
}
