//! LIC: vSphere 4 licensing (rules-v2 B6): the edition of every ESX 4 host covers the features it uses, cores per
//! CPU within the edition's limit, the VI3 entitlement covers the editions the plan needs, and nothing runs long
//! in evaluation mode between its upgrade and its key.
//!
//! Only hosts on ESX 4.x are judged against the vSphere 4 editions: a VI3 host's licence is VI3, and vSphere 5
//! editions are another matrix. The edition matrix and the limits live in `assets/reference/licensing.ron`.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Host, HostId, LicenceEdition, LicensedProduct};
use crate::planner::licensing::{KeySchedule, key_schedule};
use crate::refdata::{EditionLimitItem, LicensedFeature, LimitItem};
use crate::rules::Context;

pub(super) mod lic_01_feature_not_in_edition;
pub(super) mod lic_02_cores_above_edition_limit;
pub(super) mod lic_03_vi3_entitlement_short;
pub(super) mod lic_04_key_after_upgrade_stage;
pub(super) mod lic_05_evaluation_feature_not_in_key;

/// The features whose set-up during the evaluation a later key must cover (rules-v2 LIC-05, V28: FT, DRS, the
/// distributed switches). On a host keyed after an evaluation, they are LIC-05's; LIC-01 judges the rest.
pub(super) const EVALUATION_FEATURES: [LicensedFeature; 4] = [
    LicensedFeature::FaultTolerance,
    LicensedFeature::Drs,
    LicensedFeature::DistributedSwitch,
    LicensedFeature::Nexus1000v,
];

/// Reasons listed in a message before the rest is counted.
const LISTED_REASONS: usize = 3;

/// The host runs ESX 4.x, the release line the vSphere 4 editions license.
pub(super) fn on_esx4(host: &Host) -> bool {
    host.release().major == 4
}

/// A vSphere 4 key of a recorded edition licenses the host: not evaluation, and not an edition the plan does
/// not record (an import that could not join the host to its licence), which no edition rule judges.
pub(super) fn keyed(host: &Host) -> bool {
    !matches!(
        host.licence,
        LicenceEdition::Unlicensed | LicenceEdition::Unknown
    )
}

/// The plan's key schedule: in a stage the simulated plan's, on the design the saved plan's (`None` without one).
pub(super) fn schedule<'a>(ctx: &Context<'a>) -> Option<Cow<'a, KeySchedule>> {
    match ctx.stage {
        Some(stage) => Some(Cow::Borrowed(stage.licence_keys.as_ref())),
        None => ctx
            .project
            .upgrade
            .as_ref()
            .map(|plan| Cow::Owned(key_schedule(ctx.project, plan))),
    }
}

/// Plan-level rules judge the design and the end of each simulated stage, not the moments of a wave or an
/// operation (the same plan facts, said once per stage).
pub(super) fn at_plan_moment(ctx: &Context<'_>) -> bool {
    ctx.stage
        .is_none_or(|stage| stage.wave.is_none() && stage.operation.is_none())
}

/// Days of the evaluation period, from the reference data.
pub(super) fn evaluation_days(ctx: &Context<'_>) -> Option<i64> {
    ctx.reference
        .limit(LimitItem::EvaluationDays, None)
        .map(|days| days.round() as i64)
}

/// The vSphere 4 edition each host has or gets: an ESX 4.x host's key in the state checked; on the design, the
/// key the saved plan gives a host it moves to vSphere 4 (the plan's target edition).
pub(super) fn editions_in_use(ctx: &Context<'_>) -> BTreeMap<HostId, LicenceEdition> {
    let mut editions: BTreeMap<HostId, LicenceEdition> = ctx
        .project
        .hosts
        .iter()
        .filter(|(_, host)| on_esx4(host) && keyed(host))
        .map(|(&id, host)| (id, host.licence))
        .collect();
    if ctx.stage.is_none()
        && let Some(schedule) = schedule(ctx)
    {
        for (&host, evaluation) in &schedule.hosts {
            if let Some(edition) = evaluation.key.as_ref().and_then(|key| key.edition) {
                editions.insert(host, edition);
            }
        }
    }
    editions
}

/// CPU licences a host needs under an edition: one per socket, or ⌈cores ÷ limit⌉ per socket when its CPUs have
/// more cores than the edition covers (V30); the sockets alone when the limit is not in the data. `None` when the
/// host's sockets are not recorded.
pub(super) fn cpu_licences(ctx: &Context<'_>, host: &Host, edition: LicenceEdition) -> Option<u32> {
    let sockets = u32::from(host.cpu.sockets);
    if sockets == 0 {
        return None;
    }
    let cores = u32::from(host.cpu.cores_per_socket);
    let per_socket = match ctx
        .reference
        .edition_limit(edition, EditionLimitItem::CoresPerCpu)
    {
        Some(limit) if limit > 0 && cores > limit => cores.div_ceil(limit),
        _ => 1,
    };
    Some(sockets * per_socket)
}

/// CPUs of the vSphere 4 host keys the project owns, per edition.
pub(super) fn owned_vsphere4_cpus(ctx: &Context<'_>) -> BTreeMap<LicenceEdition, u32> {
    let mut owned = BTreeMap::new();
    for key in &ctx.project.licences {
        if key.product == LicensedProduct::Vsphere4 {
            *owned.entry(key.edition).or_default() += key.cpus;
        }
    }
    owned
}

/// Reasons for a message: "a, b and c", or "a, b, c and 4 more".
pub(super) fn reasons<'a>(whys: impl IntoIterator<Item = &'a String>) -> String {
    let all: BTreeSet<&String> = whys.into_iter().collect();
    let mut listed: Vec<String> = all
        .iter()
        .take(LISTED_REASONS)
        .map(|s| (*s).clone())
        .collect();
    if all.len() > LISTED_REASONS {
        listed.push(format!("{} more", all.len() - LISTED_REASONS));
    }
    crate::wording::join_and(&listed)
}

/// Feature names joined: "DRS and vMotion".
pub(super) fn feature_names(features: &[LicensedFeature]) -> String {
    let names: Vec<String> = features.iter().map(|f| f.name().to_owned()).collect();
    crate::wording::join_and(&names)
}

#[cfg(test)]
pub(super) mod test_support {
    //! A small estate for the LIC rules' tests: one cluster of ESX hosts, a vCenter, and a runner.

    use crate::model::{
        Cluster, ClusterId, Host, HostId, LicenceEdition, Project, Release, Vcenter, VcenterId,
    };

    /// Two hosts `esx01`, `esx02` (2 quad-core CPUs) on `release`, licensed `edition`, in cluster `prod`.
    pub fn estate(release: &str, edition: LicenceEdition) -> Project {
        let mut project = Project::default();
        project.vcenters.insert(
            VcenterId(1),
            Vcenter {
                name: "vc01".into(),
                release: "4.0 U1".parse().unwrap_or_default(),
                ..Vcenter::default()
            },
        );
        project.clusters.insert(
            ClusterId(1),
            Cluster {
                name: "prod".into(),
                vcenter: Some(VcenterId(1)),
                ..Cluster::default()
            },
        );
        for (id, name) in [(1, "esx01"), (2, "esx02")] {
            let mut host = Host {
                name: name.into(),
                cluster: Some(ClusterId(1)),
                licence: edition,
                ..Host::default()
            };
            host.esx.release = release.parse::<Release>().unwrap_or_default();
            host.cpu.sockets = 2;
            host.cpu.cores_per_socket = 4;
            host.cpu.x64 = true;
            project.hosts.insert(HostId(id), host);
        }
        project
    }

    /// The rule's findings on the project, on the design or in a stage, as (severity, message).
    pub use crate::rules::testing::run;
}
