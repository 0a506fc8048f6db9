//! LIC-01: every licensed feature an ESX 4 host uses is in its vSphere 4 edition.

use super::{EVALUATION_FEATURES, feature_names, keyed, on_esx4, reasons, schedule};
use crate::refdata::{EditionLimitItem, Inclusion, LicensedFeature};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An ESX 4 host uses a feature its licence edition does not include.
pub struct LicFeatureNotInEdition;

static META: RuleMeta = RuleMeta {
    id: "LIC-01",
    name: "feature-not-in-edition",
    title: "An ESX 4 host uses a feature its vSphere 4 edition does not include",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every host on ESX 4.x with a `licence` (not `Unlicensed`: an ESX 4 host without a key is LIC-04's), \
             in the design and in every simulated stage, the features it uses against the edition matrix of the \
             reference data (`licensing.ron`): HA (its cluster's `ha.enabled`); DRS and vMotion (its cluster's \
             `drs.enabled`: DRS moves VMs with vMotion, source and target hosts alike); Fault Tolerance and \
             vMotion (a host that may run an FT Primary or Secondary: the FT VM's cluster hosts and its two hosts; \
             VMs whose FT cannot exist yet are FT-CL-14's only); vMotion (hosts at either site of a link with \
             `long_distance_vmotion`); Storage vMotion (the host of a VM with `storage_vmotion_planned`); the \
             vNetwork Distributed Switch and the Nexus 1000V (member hosts of a `Distributed` or `Nexus1000v` \
             switch); Host Profiles (its cluster's `host_profiles`); and the vCPUs of the widest VM that may run \
             on it against the edition's vCPUs per VM. A feature the edition lacks is an error, one finding per \
             host naming every missing feature and what uses it. A `?` cell of the matrix, or an edition or \
             feature the data lacks (a VI3 `Foundation` licence on an ESX 4 host), is an info finding. Hosts on \
             ESX 3.x keep VI3 licences and are not judged; on a host the plan keys only after an evaluation \
             period, FT, DRS and the distributed switches are LIC-05's. This rule reports the licence part of \
             FT-CL-10 (now a reference to it), FEAT-01, FEAT-02, FEAT-03 and N1K-02 (which keep the ESX 4.0 and \
             VEM parts) and of FEAT-06 on ESX 4 (FEAT-06 keeps ESX 3.x hosts).",
    why: "vCenter turns a feature on only for hosts whose key includes it: a Standard host in a DRS cluster is not \
          migrated by DRS and cannot be a vMotion target, FT refuses hosts without an FT licence (`ftNotLicensed`, \
          `vMotionNotLicensed`), a host without Enterprise Plus cannot join a distributed switch or take a host \
          profile, and a VM with more vCPUs than the edition allows does not power on there. vSphere 4 editions \
          differ from VI3's: plain Standard lost vMotion, FT came with Advanced, Storage vMotion and DRS stayed in \
          Enterprise, and the distributed switches and Host Profiles are Enterprise Plus only.",
    example: "`esx02` runs ESX 4.0 U1 licensed Standard in cluster `prod`, which has DRS on and holds the FT VM \
              `sql01`.",
    fix: "Upgrade the edition or drop the feature.",
    source: "rules-v2 B6 edition matrix: V32 (KB 1010690), V33 (technodrone 2009), S03 (`ftNotLicensed`, \
             `vMotionNotLicensed`), S07 vmroyale, S08 vmwarearena, rules.md section 7 (Enterprise Plus for vDS, \
             Nexus 1000V, Host Profiles), V51 (vCPUs per VM, blog-level)",
};

impl Rule for LicFeatureNotInEdition {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        // Only keyed ESX 4 hosts are judged: without one, what the hosts use need not be worked out.
        if !ctx
            .project
            .hosts
            .values()
            .any(|host| on_esx4(host) && keyed(host))
        {
            return;
        }
        let uses = ctx.features_in_use();
        let schedule = schedule(ctx);
        // The lowest vCPUs-per-VM limit of any edition: a VM within it needs no lookup.
        let smallest_vcpu_limit = ctx
            .reference
            .licence_limits
            .iter()
            .filter(|limit| limit.item == EditionLimitItem::VcpusPerVm)
            .map(|limit| limit.value)
            .min();
        for (&host_id, host_use) in uses {
            let Some(host) = ctx.host(host_id) else {
                continue;
            };
            if !on_esx4(host) || !keyed(host) {
                continue;
            }
            let edition = host.licence;
            let late = schedule
                .as_ref()
                .is_some_and(|schedule| schedule.keyed_late(host_id));
            let mut missing: Vec<LicensedFeature> = Vec::new();
            let mut unknown: Vec<LicensedFeature> = Vec::new();
            let mut missing_why: Vec<&String> = Vec::new();
            let mut unknown_why: Vec<&String> = Vec::new();
            for (&feature, whys) in &host_use.features {
                if late && EVALUATION_FEATURES.contains(&feature) {
                    continue;
                }
                match ctx.reference.inclusion(edition, feature) {
                    Inclusion::Yes => {}
                    Inclusion::No => {
                        missing.push(feature);
                        missing_why.extend(whys);
                    }
                    Inclusion::Unknown => {
                        unknown.push(feature);
                        unknown_why.extend(whys);
                    }
                }
            }
            let mut phrases = Vec::new();
            if !missing.is_empty() {
                phrases.push(format!(
                    "{} (for {})",
                    feature_names(&missing),
                    reasons(missing_why)
                ));
            }
            let mut unknown_phrases = Vec::new();
            if !unknown.is_empty() {
                unknown_phrases.push(format!(
                    "whether {} includes {} ({})",
                    edition.name(),
                    feature_names(&unknown),
                    reasons(unknown_why)
                ));
            }
            if let Some((vcpus, vm)) = &host_use.widest_vm
                && smallest_vcpu_limit.is_some_and(|smallest| *vcpus > smallest)
            {
                match ctx
                    .reference
                    .edition_limit(edition, EditionLimitItem::VcpusPerVm)
                {
                    Some(limit) if *vcpus > limit => phrases.push(format!(
                        "VMs of more than {limit} vCPUs (for {vm}, which has {vcpus} and may run here)"
                    )),
                    Some(_) => {}
                    None => unknown_phrases.push(format!(
                        "the vCPUs per VM {} allows ({vm} has {vcpus} and may run here)",
                        edition.name()
                    )),
                }
            }
            if phrases.is_empty() && unknown_phrases.is_empty() {
                continue;
            }
            let label = ctx.host_label(host_id);
            if !phrases.is_empty() {
                out.add(
                    &META,
                    host_id,
                    format!(
                        "{label} runs ESX {} licensed {}, which lacks {}",
                        host.release(),
                        edition.name(),
                        crate::wording::join_and(&phrases)
                    ),
                );
            }
            if !unknown_phrases.is_empty() {
                out.add_at(
                    &META,
                    Severity::Info,
                    host_id,
                    format!(
                        "{label} runs ESX {} licensed {}; not in reference data: {}",
                        host.release(),
                        edition.name(),
                        unknown_phrases.join("; ")
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClusterId, FtProtection, HostId, LicenceEdition, Vm, VmId};
    use crate::rules::lic::test_support::{estate, run};

    fn drs_cluster(edition: LicenceEdition) -> crate::model::Project {
        let mut project = estate("4.0 U1", edition);
        if let Some(cluster) = project.clusters.get_mut(&ClusterId(1)) {
            cluster.drs.enabled = true;
            cluster.ha.enabled = true;
        }
        project
    }

    #[test]
    fn standard_in_a_drs_cluster_lacks_drs_and_vmotion() {
        let findings = run(
            &LicFeatureNotInEdition,
            &drs_cluster(LicenceEdition::Standard),
            None,
        );
        assert_eq!(findings.len(), 2, "{findings:?}");
        let (severity, message) = &findings[0];
        assert_eq!(*severity, Severity::Error);
        assert!(
            message.contains("esx01 runs ESX 4.0 U1 licensed Standard, which lacks vMotion and DRS (for DRS on cluster prod)"),
            "{message}"
        );
        assert!(
            run(
                &LicFeatureNotInEdition,
                &drs_cluster(LicenceEdition::Enterprise),
                None
            )
            .is_empty()
        );
    }

    #[test]
    fn a_question_mark_cell_is_info_and_vi3_or_unlicensed_hosts_are_not_judged() {
        let findings = run(
            &LicFeatureNotInEdition,
            &drs_cluster(LicenceEdition::Essentials),
            None,
        );
        // DRS is a known no, HA and vMotion are `?` cells.
        assert!(
            findings
                .iter()
                .any(|(s, m)| *s == Severity::Error && m.contains("lacks DRS"))
        );
        assert!(findings.iter().any(|(s, m)| *s == Severity::Info
            && m.contains("not in reference data: whether Essentials includes HA and vMotion")));
        let mut vi3 = drs_cluster(LicenceEdition::Standard);
        for host in vi3.hosts.values_mut() {
            host.esx.release = "3.5 U4".parse().unwrap_or_default();
        }
        assert!(run(&LicFeatureNotInEdition, &vi3, None).is_empty());
        assert!(
            run(
                &LicFeatureNotInEdition,
                &drs_cluster(LicenceEdition::Unlicensed),
                None
            )
            .is_empty()
        );
    }

    #[test]
    fn on_a_host_keyed_after_its_evaluation_drs_is_left_to_lic_05() {
        use crate::model::{Stage, StageKind, Step, UpgradePlan, Wave};
        use crate::rules::StageView;
        // The design: ESX 3.5 hosts upgraded in stage 0 and keyed Standard in stage 1.
        let mut design = drs_cluster(LicenceEdition::Enterprise);
        for host in design.hosts.values_mut() {
            host.esx.release = "3.5 U4".parse().unwrap_or_default();
        }
        let mut rolling = Stage::new(StageKind::RollingUpgrade);
        rolling.waves.push(Wave {
            name: "Wave 1".into(),
            hosts: vec![HostId(1), HostId(2)],
            ..Wave::default()
        });
        let mut licences = Stage::new(StageKind::Licences);
        licences.steps.push(Step::ApplyLicences {
            cluster: ClusterId(1),
            edition: LicenceEdition::Standard,
        });
        let plan = UpgradePlan {
            target: "4.0 U1".parse().unwrap_or_default(),
            stages: vec![rolling, licences],
        };
        let view = StageView {
            index: 1,
            licence_keys: std::sync::Arc::new(crate::planner::licensing::key_schedule(
                &design, &plan,
            )),
            ..StageView::default()
        };
        // The state after stage 1: ESX 4, keyed Standard.
        let state = drs_cluster(LicenceEdition::Standard);
        let findings = run(&LicFeatureNotInEdition, &state, Some(&view));
        assert_eq!(findings.len(), 2, "{findings:?}");
        assert!(
            findings[0]
                .1
                .contains("which lacks vMotion (for DRS on cluster prod)"),
            "{findings:?}"
        );
    }

    #[test]
    fn ft_needs_advanced_and_wide_vms_need_enterprise_plus() {
        let mut project = estate("4.0 U1", LicenceEdition::Advanced);
        project.vms.insert(
            VmId(1),
            Vm {
                name: "sql01".into(),
                cluster: Some(ClusterId(1)),
                host: Some(HostId(1)),
                vcpus: 1,
                ft: Some(FtProtection {
                    secondary_host: Some(HostId(2)),
                }),
                ..Vm::default()
            },
        );
        assert!(run(&LicFeatureNotInEdition, &project, None).is_empty());
        for host in project.hosts.values_mut() {
            host.licence = LicenceEdition::StandardVmotionSvmotion;
        }
        let findings = run(&LicFeatureNotInEdition, &project, None);
        assert!(
            findings[0]
                .1
                .contains("lacks Fault Tolerance (for FT VM sql01)"),
            "{findings:?}"
        );
        project.vms.insert(
            VmId(2),
            Vm {
                name: "db01".into(),
                cluster: Some(ClusterId(1)),
                host: Some(HostId(1)),
                vcpus: 8,
                ..Vm::default()
            },
        );
        for host in project.hosts.values_mut() {
            host.licence = LicenceEdition::Enterprise;
        }
        let findings = run(&LicFeatureNotInEdition, &project, None);
        assert!(
            findings[0].1.contains(
                "lacks VMs of more than 4 vCPUs (for db01, which has 8 and may run here)"
            ),
            "{findings:?}"
        );
        for host in project.hosts.values_mut() {
            host.licence = LicenceEdition::EnterprisePlus;
        }
        assert!(run(&LicFeatureNotInEdition, &project, None).is_empty());
    }
}
