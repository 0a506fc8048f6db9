//! UPG-10: a host has a static management address before it is upgraded.

use super::esx4_targets;
use crate::model::Addressing;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A host headed for ESX 4 whose management address comes from DHCP.
pub struct UpgDhcpManagement;

static META: RuleMeta = RuleMeta {
    id: "UPG-10",
    name: "dhcp-management-during-upgrade",
    title: "A host headed for ESX 4 takes its management address from DHCP",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every host headed for ESX 4 (`target_release` 4.0 or later above `esx.release`; on the design also a \
             host in a wave of the plan; in a stage the running wave's hosts): `management_addressing` must be \
             `Static`. In a stage, the plan's `StaticAddress` step for the host clears the finding.",
    why: "The upgrade reboots the host into a new service console; if the DHCP lease changes or lapses on the way, \
          vCenter and the upgrade tool lose the host at its old address and report the upgrade as failed, even when \
          the host came up.",
    example: "`esx04` has `management_addressing: Dhcp` and `target_release: \"4.0 U1\"`, and the plan has no \
              `StaticAddress` step for it before its wave.",
    fix: "Convert to static first.",
    source: "S25 (p.67)",
};

impl Rule for UpgDhcpManagement {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (id, target) in esx4_targets(ctx) {
            let Some(host) = ctx.host(id) else {
                continue;
            };
            if host.management_addressing != Addressing::Dhcp {
                continue;
            }
            out.add(
                &META,
                id,
                format!(
                    "{} {} with its management address from DHCP; a lease change during the upgrade makes the tool report failure",
                    ctx.host_label(id),
                    target.phrase
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

    fn run(addressing: Addressing, target: Option<&str>) -> Vec<String> {
        let mut project = Project::default();
        let mut host = Host {
            name: "esx04".into(),
            management_addressing: addressing,
            target_release: target.map(|t| t.parse().unwrap()),
            ..Host::default()
        };
        host.esx.release = "3.5 U4".parse().unwrap();
        project.hosts.insert(HostId(4), host);
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(&project);
        let ctx = Context::new(&project, &reference, &index);
        let mut out = Findings::default();
        UpgDhcpManagement.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn dhcp_host_planned_onto_esx4_fires() {
        let messages = run(Addressing::Dhcp, Some("4.0 U1"));
        assert_eq!(messages.len(), 1);
        assert!(
            messages[0].starts_with(
                "esx04 is planned onto ESX 4.0 U1 with its management address from DHCP"
            )
        );
    }

    #[test]
    fn static_or_not_upgraded_is_quiet() {
        assert!(run(Addressing::Static, Some("4.0 U1")).is_empty());
        assert!(run(Addressing::Dhcp, None).is_empty());
    }
}
