//! UPG-11: third-party service console agents are removed before a host upgrade and reinstalled after it.

use super::{VSPHERE4, esx4_targets};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A host headed for an ESX 4 release with third-party agents still installed.
pub struct UpgThirdPartyAgents;

static META: RuleMeta = RuleMeta {
    id: "UPG-11",
    name: "third-party-agents-on-upgraded-host",
    title: "A host is upgraded with third-party agents still in its service console",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "Every host headed for ESX 4 or a later 4.x release (`target_release` above `esx.release`; on the design \
             also a host in a wave of the plan; in a stage the running wave's hosts) with any `agents`. In a \
             stage, the plan's `RemoveAgents` step for the host clears the finding. A host already on ESX 4 going \
             to a later update gets the KB 1016070 warning (PSOD during the Update Manager upgrade).",
    why: "The ESX 4 upgrade does not migrate third-party agents from the ESX 3.x service console: HP SIM and similar \
          agents stop working until the HP ESX 4 bundle is installed. Upgrading ESX 4.0 to 4.0 U1 with Update \
          Manager while such agents run can end in a purple screen (KB 1016070).",
    example: "`esx01` has `agents: [\"HP SIM agents 8.1.1\"]` and `target_release: \"4.0 U1\"`, with no `RemoveAgents` \
              step before its wave.",
    fix: "Stop/uninstall agents, reinstall HP ESX 4 bundle after.",
    source: "S26, S32 (KB 1016070)",
};

impl Rule for UpgThirdPartyAgents {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (id, target) in esx4_targets(ctx) {
            let Some(host) = ctx.host(id) else {
                continue;
            };
            if host.agents.is_empty() {
                continue;
            }
            let risk = if host.release() >= VSPHERE4 {
                "an Update Manager upgrade with third-party agents running can end in a purple screen (KB 1016070)"
            } else {
                "the upgrade does not migrate them, so they stop working until reinstalled for ESX 4"
            };
            out.add(
                &META,
                id,
                format!(
                    "{} {} with third-party agents installed ({}); {risk}",
                    ctx.host_label(id),
                    target.phrase,
                    host.agents.join(", ")
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Host, HostId, Index, Project};
    use crate::refdata::ReferenceData;

    fn run(release: &str, agents: &[&str]) -> Vec<String> {
        let mut project = Project::default();
        let mut host = Host {
            name: "esx01".into(),
            agents: agents.iter().map(|a| (*a).to_owned()).collect(),
            target_release: Some("4.0 U1".parse().unwrap()),
            ..Host::default()
        };
        host.esx.release = release.parse().unwrap();
        project.hosts.insert(HostId(1), host);
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(&project);
        let ctx = Context::new(&project, &reference, &index);
        let mut out = Findings::default();
        UpgThirdPartyAgents.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn agents_on_upgraded_host_fire() {
        let messages = run("3.5 U4", &["HP SIM agents 8.1.1"]);
        assert_eq!(messages.len(), 1);
        assert!(messages[0].contains("(HP SIM agents 8.1.1)"));
        assert!(run("4.0", &["HP SIM agents 8.2"])[0].contains("KB 1016070"));
    }

    #[test]
    fn no_agents_or_no_upgrade_is_quiet() {
        assert!(run("3.5 U4", &[]).is_empty());
        assert!(run("4.0 U1", &["HP SIM agents 8.2"]).is_empty());
    }
}
