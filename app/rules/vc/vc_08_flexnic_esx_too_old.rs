//! VC-08: ESX drives FlexNICs from the first release with the Flex-10 (bnx2x) driver on.

use crate::model::{NicKind, Release};
use crate::refdata::LimitItem;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A host with FlexNICs running an ESX release without FlexNIC support.
pub struct FlexnicEsxTooOld;

static META: RuleMeta = RuleMeta {
    id: "VC-08",
    name: "flexnics-on-old-esx",
    title: "A host with FlexNICs runs an ESX release without FlexNIC support",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "Every host with a Flex-10 port split into two or more FlexNICs runs an ESX release for which `FlexnicSupported` is 1 (from ESX 3.5 U4 on in the bundled data).",
    why: "ESX sees FlexNICs through the Broadcom bnx2x (NC532) driver, which the catalogue places at ESX 3.5 U4 and ESX 4.0. An older release has no driver for the partitioned ports, so the host comes up without its planned vmnics. The minimum update is remembered, not verified; check the driver/firmware pair on the HCL and HP's recipe.",
    example: "`esx07` runs ESX 3.5 U2 and LOM1 is split into four FlexNICs.",
    fix: "Use the HP-recommended driver/firmware set: patch the host to ESX 3.5 U4 or ESX 4.0 before partitioning its Flex-10 ports.",
    source: "M (unverified); Denneman, \"Flex-10 lessons learned\", Apr 2009 (indirect)",
};

impl Rule for FlexnicEsxTooOld {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let minimum = ctx
            .reference
            .limits
            .iter()
            .filter(|entry| entry.item == LimitItem::FlexnicSupported && entry.value > 0.0)
            .filter_map(|entry| entry.release)
            .min();
        // The limit per ESX release, looked up once per release.
        let mut cache: Vec<(Release, Option<f64>)> = Vec::new();
        for (&id, host) in &ctx.project.hosts {
            let release = host.esx.release;
            if release.major == 0 {
                continue;
            }
            let flexnics: usize = host
                .nic_ports
                .iter()
                .filter(|port| port.kind == NicKind::Flex10 && port.flexnics.len() > 1)
                .map(|port| port.flexnics.len())
                .sum();
            if flexnics == 0 {
                continue;
            }
            let supported = match cache.iter().find(|(r, _)| *r == release) {
                Some((_, value)) => *value,
                None => {
                    let value = ctx.limit(LimitItem::FlexnicSupported, Some(release));
                    cache.push((release, value));
                    value
                }
            };
            if supported.is_none_or(|value| value > 0.0) {
                continue;
            }
            let need = minimum.map_or_else(
                || "a later ESX release".to_owned(),
                |minimum| format!("ESX {minimum} or later"),
            );
            out.add(
                &META,
                id,
                format!(
                    "{} runs ESX {release} with {flexnics} FlexNICs; FlexNICs need {need}",
                    ctx.host_label(id)
                ),
            );
        }
    }
}
