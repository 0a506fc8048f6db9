//! UPG-02: the vCenter database is one vCenter Server 4 supports before the schema is upgraded.

use std::collections::BTreeSet;

use super::{VSPHERE4, esx4_targets, planned_vcenter_release};
use crate::model::{Release, VcenterId};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A vCenter at or headed for vCenter Server 4 whose database product that release does not support.
pub struct UpgVcenterDatabaseUnsupported;

static META: RuleMeta = RuleMeta {
    id: "UPG-02",
    name: "vcenter-database-unsupported",
    title: "A vCenter at or headed for vCenter Server 4 uses a database that release does not support",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every vCenter whose `release` is 4.0 or later, or that is headed there: an `UpgradeVcenter` step of the \
             plan (on the design), or a managed host planned onto ESX 4 (then vCenter 4.0 is assumed). Its \
             `database` text is matched against the reference table `vcenter_databases` (words in order, \
             case-insensitive, most specific entry wins): an entry whose `supported_from` is missing or later than \
             the vCenter's release is an error. A database the table does not know is an info finding (not \
             in reference data: unknown, never an error or a warning); an empty `database` is not checked. The backup before the one-way schema upgrade is UPG-16.",
    why: "The vCenter Server 4 installer upgrades the VirtualCenter 2.x database schema in place, and its Database \
          Upgrade wizard does not move an unsupported database (Oracle 9i, for one) to a supported one: the upgrade \
          stops, or the database has to be migrated under time pressure. The schema upgrade is one-way, so the \
          database must be on a supported release, and backed up, before vCenter is touched.",
    example: "`vc-west` (VirtualCenter 2.5 U4, `database: \"Oracle 9i R2\"`) has an `UpgradeVcenter` step to 4.0 U1 in \
              the plan.",
    fix: "Migrate DB first; full backup.",
    source: "S25, S26 (About the Database Upgrade Wizard); vcenter_databases reference data",
};

impl Rule for UpgVcenterDatabaseUnsupported {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let with_esx4_hosts: BTreeSet<VcenterId> = esx4_targets(ctx)
            .keys()
            .filter_map(|host| ctx.index.host_vcenter.get(host).copied())
            .collect();
        for (&id, vcenter) in &ctx.project.vcenters {
            let database = vcenter.database.trim();
            if database.is_empty() {
                continue;
            }
            let (release, goal) = if vcenter.release >= VSPHERE4 {
                (vcenter.release, format!("runs vCenter {}", vcenter.release))
            } else if let Some(planned) =
                planned_vcenter_release(ctx, id).filter(|r| *r >= VSPHERE4)
            {
                (planned, format!("is planned onto vCenter {planned}"))
            } else if with_esx4_hosts.contains(&id) {
                (
                    VSPHERE4,
                    "must move to vCenter Server 4 for its hosts planned onto ESX 4".to_owned(),
                )
            } else {
                continue;
            };
            match ctx.reference.vcenter_database(database) {
                None => out.add_at(
                    &META,
                    Severity::Info,
                    id,
                    format!(
                        "{} {goal}: not in reference data: vCenter database `{database}`, so its support by vCenter {release} is unknown",
                        vcenter.name
                    ),
                ),
                Some(entry) if !supports(entry.supported_from, release) => {
                    let since = entry
                        .supported_from
                        .map(|from| format!(" (supported from vCenter {from})"))
                        .unwrap_or_default();
                    let advice = if entry.note.is_empty() {
                        String::new()
                    } else {
                        format!("; {}", entry.note)
                    };
                    out.add(
                        &META,
                        id,
                        format!(
                            "{} {goal} but its database `{database}` is not supported by vCenter {release}{since}{advice}",
                            vcenter.name
                        ),
                    );
                }
                Some(_) => {}
            }
        }
    }
}

/// A database supported from `from` is supported by vCenter `release`.
fn supports(from: Option<Release>, release: Release) -> bool {
    from.is_some_and(|from| from <= release)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Index, Project, Vcenter};
    use crate::refdata::ReferenceData;

    fn messages(release: &str, database: &str) -> Vec<(Severity, String)> {
        let mut project = Project::default();
        project.vcenters.insert(
            VcenterId(1),
            Vcenter {
                name: "vc01".into(),
                release: release.parse().unwrap(),
                database: database.into(),
                ..Vcenter::default()
            },
        );
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(&project);
        let ctx = Context::new(&project, &reference, &index);
        let mut out = Findings::default();
        UpgVcenterDatabaseUnsupported.check(&ctx, &mut out);
        out.into_vec()
            .into_iter()
            .map(|f| (f.severity, f.message))
            .collect()
    }

    #[test]
    fn oracle_9i_under_vcenter_4_is_an_error() {
        let found = messages("4.0 U1", "Oracle 9i R2");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Severity::Error);
        assert!(
            found[0].1.contains("not supported by vCenter 4.0 U1"),
            "{found:?}"
        );
    }

    #[test]
    fn db2_needs_update_1() {
        assert_eq!(messages("4.0", "IBM DB2 9.5").len(), 1);
        assert!(messages("4.0 U1", "IBM DB2 9.5").is_empty());
    }

    #[test]
    fn supported_database_and_virtualcenter_2_5_are_quiet() {
        assert!(messages("4.0 U1", "Microsoft SQL Server 2005 SP2").is_empty());
        assert!(messages("2.5 U4", "Oracle 9i").is_empty());
    }

    #[test]
    fn unknown_database_is_info_naming_it() {
        let found = messages("4.0", "Sybase ASE 12");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, Severity::Info);
        assert!(
            found[0]
                .1
                .contains("not in reference data: vCenter database `Sybase ASE 12`"),
            "{found:?}"
        );
    }
}
