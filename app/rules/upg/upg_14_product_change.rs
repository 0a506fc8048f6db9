//! UPG-14: the upgrade tools keep ESX as ESX and ESXi as ESXi; switching needs a fresh install.

use crate::model::EsxProduct;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A host planned onto the other product (ESX to ESXi or back).
pub struct UpgProductChange;

static META: RuleMeta = RuleMeta {
    id: "UPG-14",
    name: "esx-esxi-switch-needs-fresh-install",
    title: "A host is planned to switch between ESX and ESXi, which no upgrade tool does",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every host whose `target_product` is set and differs from `esx.product`. The projection of an upgrade \
             keeps the product, so the finding stays after the host's wave: the plan upgraded it in place, which \
             cannot switch it.",
    why: "Update Manager and the Host Update Utility upgrade ESX (with its service console) to ESX and ESXi to ESXi \
          only. A switch is a fresh install: the host is evacuated, reinstalled and reconfigured (networking, \
          storage paths, agents, licence), a different step with its own window.",
    example: "`esx07` runs ESX 3.5 U4 with `target_product: Esxi` and `target_release: \"4.0 U1\"`.",
    fix: "Fresh install if switching ESX↔ESXi.",
    source: "S26",
};

fn product(product: EsxProduct) -> &'static str {
    match product {
        EsxProduct::Esx => "ESX",
        EsxProduct::Esxi => "ESXi",
    }
}

impl Rule for UpgProductChange {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&id, host) in &ctx.project.hosts {
            let Some(target) = host.target_product.filter(|p| *p != host.esx.product) else {
                continue;
            };
            let release = host
                .target_release
                .map(|r| format!(" {r}"))
                .unwrap_or_default();
            out.add(
                &META,
                id,
                format!(
                    "{} runs {} {} and is planned onto {}{release}; the upgrade tools cannot switch between ESX and ESXi, so it needs a fresh install",
                    ctx.host_label(id),
                    product(host.esx.product),
                    host.release(),
                    product(target)
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

    fn run(target: Option<EsxProduct>) -> Vec<String> {
        let mut project = Project::default();
        let mut host = Host {
            name: "esx07".into(),
            target_product: target,
            target_release: Some("4.0 U1".parse().unwrap()),
            ..Host::default()
        };
        host.esx.release = "3.5 U4".parse().unwrap();
        project.hosts.insert(HostId(7), host);
        let reference = ReferenceData::bundled().unwrap();
        let index = Index::build(&project);
        let ctx = Context::new(&project, &reference, &index);
        let mut out = Findings::default();
        UpgProductChange.check(&ctx, &mut out);
        out.into_vec().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn esx_to_esxi_fires() {
        let messages = run(Some(EsxProduct::Esxi));
        assert_eq!(messages.len(), 1);
        assert!(messages[0].starts_with("esx07 runs ESX 3.5 U4 and is planned onto ESXi 4.0 U1"));
    }

    #[test]
    fn same_product_or_none_is_quiet() {
        assert!(run(Some(EsxProduct::Esx)).is_empty());
        assert!(run(None).is_empty());
    }
}
