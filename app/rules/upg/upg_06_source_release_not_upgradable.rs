//! UPG-06: only ESX 3.0.2 and later (3.5 included) upgrade to ESX 4 in place.

use super::esx4_targets;
use crate::refdata::UpgradePath;
use crate::rules::unknown::Unknowns;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A host headed for ESX 4 from a release the upgrade tools cannot upgrade in place.
pub struct UpgSourceReleaseNotUpgradable;

static META: RuleMeta = RuleMeta {
    id: "UPG-06",
    name: "host-release-not-upgradable-in-place",
    title: "A host headed for ESX 4 runs a release that cannot be upgraded to ESX 4 in place",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every host headed for ESX 4 (`target_release` 4.0 or later above `esx.release`; on the design also a \
             host in a wave of the plan, going to the plan's `target`; in a stage the running wave's hosts): its \
             `esx.release` is looked up in the reference table `host_upgrade_paths` (the entry with the highest \
             `from` not after it). Any path other than `InPlace` is an error. A release below every entry is \
             unknown: one info finding per release naming the hosts (not in reference data), never an error. \
             The data has ESX 3.5 and 3.0.2 or later in place, 3.0.0 and 3.0.1 through 3.0.2 or a fresh install, \
             and 2.5.5 only through ESX 3.x when /boot has 100 MB.",
    why: "The ESX 4 upgrade (Update Manager or the Host Update Utility) converts the service console of ESX 3.0.2 and \
          later only. Older hosts need an intermediate upgrade or a fresh install of ESX 4 with the VMs migrated off \
          first, which is a different stage plan: more capacity, more time, new host identities.",
    example: "`esx11` runs ESX 3.0.1 with `target_release: \"4.0 U1\"`.",
    fix: "Choose migration upgrade or fresh install.",
    source: "S25 (p.71), S26; host_upgrade_paths reference data",
};

impl Rule for UpgSourceReleaseNotUpgradable {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let mut unknowns = Unknowns::new();
        for (id, target) in esx4_targets(ctx) {
            let Some(host) = ctx.host(id) else {
                continue;
            };
            let release = host.release();
            let Some(entry) = ctx.reference.host_upgrade_path(release) else {
                unknowns.note(
                    format!("the ESX 4 upgrade path from ESX {release}"),
                    id,
                    &host.name,
                );
                continue;
            };
            let advice = match entry.path {
                UpgradePath::InPlace => continue,
                _ if !entry.note.is_empty() => entry.note.clone(),
                UpgradePath::ViaIntermediate => {
                    "upgrade it to an intermediate release first".to_owned()
                }
                UpgradePath::FreshInstall => "fresh-install ESX 4 and migrate the VMs".to_owned(),
            };
            out.add(
                &META,
                id,
                format!(
                    "{} runs ESX {release} and {}, but ESX {release} cannot be upgraded to ESX 4 in place: {advice}",
                    ctx.host_label(id),
                    target.phrase
                ),
            );
        }
        unknowns.report(&META, out, |unknown| {
            format!(
                "{}, so whether {} can be upgraded in place is unknown",
                unknown.missing(),
                unknown.names
            )
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Host, HostId, Index, Project};
    use crate::refdata::ReferenceData;

    fn run(release: &str, target: &str) -> Vec<String> {
        findings(release, target)
            .into_iter()
            .map(|(_, message)| message)
            .collect()
    }

    fn findings(release: &str, target: &str) -> Vec<(Severity, String)> {
        let mut project = Project::default();
        let mut host = Host {
            name: "esx11".into(),
            target_release: Some(target.parse().unwrap()),
            ..Host::default()
        };
        host.esx.release = release.parse().unwrap();
        project.hosts.insert(HostId(1), host);
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(&project);
        let ctx = Context::new(&project, &reference, &index);
        let mut out = Findings::default();
        UpgSourceReleaseNotUpgradable.check(&ctx, &mut out);
        out.into_vec()
            .into_iter()
            .map(|f| (f.severity, f.message))
            .collect()
    }

    #[test]
    fn esx_3_0_1_and_2_5_cannot_go_in_place() {
        let messages = run("3.0.1", "4.0 U1");
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].contains("3.0.2"), "{messages:?}");
        assert_eq!(findings("2.5.5", "4.0")[0].0, Severity::Error);
    }

    #[test]
    fn a_release_older_than_the_data_is_unknown_not_wrong() {
        let found = findings("2.5", "4.0");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Severity::Info);
        assert!(
            found[0]
                .1
                .contains("not in reference data: the ESX 4 upgrade path from ESX 2.5"),
            "{found:?}"
        );
    }

    #[test]
    fn esx_3_0_2_and_3_5_upgrade_in_place() {
        assert!(run("3.0.2", "4.0 U1").is_empty());
        assert!(run("3.5 U4", "4.0 U1").is_empty());
    }
}
