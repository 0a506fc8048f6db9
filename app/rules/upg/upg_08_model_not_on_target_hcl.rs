//! UPG-08: a host is upgraded only onto an ESX release whose HCL lists its server model.

use super::esx4_targets;
use crate::model::Release;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A host headed for ESX 4 whose model the HCL does not list for that release.
pub struct UpgModelNotOnTargetHcl;

static META: RuleMeta = RuleMeta {
    id: "UPG-08",
    name: "upgrade-target-not-on-hcl",
    title: "A host is upgraded to an ESX release the HCL does not list its server model for",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every host headed for ESX 4 (`target_release` 4.0 or later above `esx.release`; on the design also a \
             host in a wave of the plan, going to the plan's `target`; in a stage the running wave's hosts, 4.0 \
             standing in for the plan's target): its `model` has an HCL entry (reference data `hcl`, looked up by \
             model and release line) for the release it goes to. Hosts without a `model` are left to HCL-01. The \
             catalogue also asks for the NICs, HBAs and Smart Array controllers: the model records no IO cards, so \
             only the server model is checked. HCL-01 checks every host's current and target release on the \
             design; this rule follows the upgrade itself, wave hosts included.",
    why: "A VI3 listing does not imply a vSphere listing: older ProLiant blades and some IO cards were never \
          certified for ESX 4, so the upgraded host may lack drivers for its NICs or HBAs, fail to boot, or run \
          unsupported.",
    example: "Wave 2 upgrades `esx03`, a `ProLiant BL20p G3`, to the plan's target 4.0 U1; the HCL data lists that \
              model for ESX 3.5 only.",
    fix: "Check HCL per component; update firmware.",
    source: "S-TT (Siebert upgrade chapter), M; hcl reference data",
};

impl Rule for UpgModelNotOnTargetHcl {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (id, target) in esx4_targets(ctx) {
            let Some(host) = ctx.host(id) else {
                continue;
            };
            let model = host.model.trim();
            // Only "not listed": a model the reference data lacks is HCL-01's info finding, once.
            if model.is_empty()
                || ctx.reference.hcl_status(model, target.release)
                    != crate::refdata::Listing::NotListed
            {
                continue;
            }
            let (major, minor) = target.release.line();
            out.add(
                &META,
                id,
                format!(
                    "{} {}, but the HCL does not list its model {model} for ESX {}",
                    ctx.host_label(id),
                    target.phrase,
                    Release::new(major, minor)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Host, HostId, Index, Project, StageKind};
    use crate::refdata::ReferenceData;
    use crate::rules::StageView;

    fn host(model: &str) -> Project {
        let mut project = Project::default();
        let mut host = Host {
            name: "esx03".into(),
            model: model.into(),
            ..Host::default()
        };
        host.esx.release = "3.5 U4".parse().unwrap();
        project.hosts.insert(HostId(3), host);
        project
    }

    fn in_wave(project: &Project) -> Vec<String> {
        let mut stage = StageView {
            index: 6,
            kind: StageKind::RollingUpgrade,
            title: "Rolling host upgrade".into(),
            wave: Some((1, "wave 2".into())),
            ..StageView::default()
        };
        stage.in_maintenance.insert(HostId(3));
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(project);
        let ctx = Context::for_stage(project, &reference, &index, &stage);
        let mut out = Findings::default();
        UpgModelNotOnTargetHcl.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn wave_upgrading_an_unlisted_model_fires() {
        let messages = in_wave(&host("ProLiant BL20p G3"));
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages[0].contains("esx03 is being upgraded to ESX 4,"),
            "{messages:?}"
        );
    }

    #[test]
    fn listed_model_is_quiet() {
        assert!(in_wave(&host("ProLiant BL460c G6")).is_empty());
    }
}
