//! UPG-12: a host with a Nexus 1000V VEM is upgraded only with an image that carries the matching VEM.

use std::collections::BTreeMap;

use super::esx4_targets;
use crate::model::{HostId, VswitchKind};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A host with a Nexus 1000V VEM headed for a newer ESX 4 release.
pub struct UpgVemNotInUpgradeImage;

static META: RuleMeta = RuleMeta {
    id: "UPG-12",
    name: "vem-needs-matching-upgrade-image",
    title: "A host with a Nexus 1000V VEM is upgraded: the upgrade image must carry the matching VEM",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every host with a `vem_version` headed for a newer ESX 4 release (`target_release` above \
             `esx.release`; on the design also a host in a wave of the plan; in a stage the running wave's hosts). \
             The model does not record what the upgrade ISO or bundle carries, so every such host is reported with \
             the VSM version of its Nexus 1000V to build the image for; once the image is built, suppress the \
             finding with that reason in the plan.",
    why: "The ESX upgrade replaces the VMkernel modules; a host whose Nexus 1000V VEM is not in the upgrade image \
          fails the precheck (DISTRIBUTED_VIRTUAL_SWITCH), or comes back with no VEM and loses every VM network on \
          the Nexus 1000V.",
    example: "`esx05` runs VEM `4.0(4)SV1(1)` on ESX 4.0 and `target_release: \"4.0 U1\"`.",
    fix: "Build ISO with VEM of the same VSM version.",
    source: "S29 (precheck DISTRIBUTED_VIRTUAL_SWITCH)",
};

impl Rule for UpgVemNotInUpgradeImage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let targets = esx4_targets(ctx);
        if targets.is_empty() {
            return;
        }
        // The Nexus 1000V (name, VSM version) of each member host.
        let mut nexus: BTreeMap<HostId, (&str, &str)> = BTreeMap::new();
        for vswitch in ctx.project.vswitches.values() {
            if let VswitchKind::Nexus1000v { vsm_version } = &vswitch.kind {
                for &host in &vswitch.hosts {
                    nexus.insert(host, (vswitch.name.as_str(), vsm_version.as_str()));
                }
            }
        }
        for (id, target) in targets {
            let Some(vem) = ctx.host(id).and_then(|host| host.vem_version.as_deref()) else {
                continue;
            };
            let image = match nexus.get(&id) {
                Some((switch, vsm)) => {
                    format!("the VEM matching VSM {vsm} of {switch}")
                }
                None => format!("VEM {vem}"),
            };
            out.add(
                &META,
                id,
                format!(
                    "{} runs Nexus 1000V VEM {vem} and {}; the upgrade ISO or bundle must carry {image}, or the precheck (DISTRIBUTED_VIRTUAL_SWITCH) stops the upgrade",
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
    use crate::model::{Host, Index, Project, Vswitch, VswitchId};
    use crate::refdata::ReferenceData;

    fn run(vem: Option<&str>, target: Option<&str>) -> Vec<String> {
        let mut project = Project::default();
        let mut host = Host {
            name: "esx05".into(),
            vem_version: vem.map(str::to_owned),
            target_release: target.map(|t| t.parse().unwrap()),
            ..Host::default()
        };
        host.esx.release = "4.0".parse().unwrap();
        project.hosts.insert(HostId(5), host);
        project.vswitches.insert(
            VswitchId(1),
            Vswitch {
                name: "n1kv".into(),
                kind: VswitchKind::Nexus1000v {
                    vsm_version: "4.0(4)SV1(2)".into(),
                },
                hosts: vec![HostId(5)],
                ..Vswitch::default()
            },
        );
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(&project);
        let ctx = Context::new(&project, &reference, &index);
        let mut out = Findings::default();
        UpgVemNotInUpgradeImage.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn vem_host_upgraded_fires_with_the_vsm_version() {
        let messages = run(Some("4.0(4)SV1(1)"), Some("4.0 U1"));
        assert_eq!(messages.len(), 1);
        assert!(
            messages[0].contains("VSM 4.0(4)SV1(2) of n1kv"),
            "{messages:?}"
        );
    }

    #[test]
    fn no_vem_or_no_upgrade_is_quiet() {
        assert!(run(None, Some("4.0 U1")).is_empty());
        assert!(run(Some("4.0(4)SV1(1)"), None).is_empty());
    }
}
