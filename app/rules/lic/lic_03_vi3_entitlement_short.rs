//! LIC-03: the VI3 licences, mapped to vSphere 4 (KB 1010690), cover the editions the plan needs.

use std::collections::{BTreeMap, BTreeSet};

use super::{at_plan_moment, cpu_licences, editions_in_use, owned_vsphere4_cpus};
use crate::model::{LicenceEdition, LicensedProduct, ObjectRef, Vi3AddOn};
use crate::planner::licensing::ALL_FEATURES;
use crate::refdata::{Inclusion, LicensedFeature};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// The vSphere 4 editions the plan needs go beyond what the VI3 licences upgrade to.
pub struct LicVi3EntitlementShort;

static META: RuleMeta = RuleMeta {
    id: "LIC-03",
    name: "vi3-entitlement-short",
    title: "The vSphere 4 editions the plan needs go beyond the VI3 licences' upgrade entitlement",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "When the project's `licences` hold VI3 keys (product `Vi3`): each VI3 key with current support maps to \
             a vSphere 4 entitlement of as many CPUs (reference data, KB 1010690: Enterprise to Enterprise; \
             Standard and Foundation to Standard; Standard with the VMotion add-on to the transitional Standard + \
             VMotion + Storage VMotion; Standard with VMotion and DRS to Enterprise). vSphere 4 keys the project \
             owns count too. The need is the CPU licences (LIC-02's count, cores included) of every vSphere 4 \
             edition in use: hosts on ESX 4.x by their `licence`, and on the design the edition the saved plan's \
             key steps give the hosts it moves to ESX 4. An entitlement covers a need when its edition includes \
             every feature of the needed edition; a need left uncovered is a warning, one finding per edition. A \
             VI3 key with `support_current: false` gives no entitlement: a warning of its own. A VI3 edition or \
             add-on set the mapping lacks is an info finding. No VI3 key recorded: not judged.",
    why: "The upgrade from VI3 to vSphere 4 was free only for licences with current support and subscription, and \
          only to the edition KB 1010690 maps each VI3 edition to. A plan that needs Enterprise Plus (for the \
          distributed switch or host profiles), or Advanced for FT where VI3 Standard is owned, needs licences \
          bought on top: budget them before the waves, whose hosts otherwise stay in evaluation (LIC-04).",
    example: "The project owns VI3 Enterprise for 20 CPUs; the plan keys its 10 two-socket hosts Enterprise Plus for \
              a vDS: 20 CPUs of Enterprise Plus are beyond the entitlement.",
    fix: "Budget the upgrade.",
    source: "V32 (KB 1010690 entitlement mapping), V33 (technodrone, 2009)",
};

/// The features an edition includes, by the matrix.
fn features_of(ctx: &Context<'_>, edition: LicenceEdition) -> BTreeSet<LicensedFeature> {
    ALL_FEATURES
        .iter()
        .copied()
        .filter(|&feature| ctx.reference.inclusion(edition, feature) == Inclusion::Yes)
        .collect()
}

/// "VI3 Standard + VMotion + DRS".
fn vi3_name(edition: LicenceEdition, add_ons: &[Vi3AddOn]) -> String {
    let mut name = format!("VI3 {}", edition.name());
    for add_on in add_ons {
        name.push_str(match add_on {
            Vi3AddOn::Vmotion => " + VMotion",
            Vi3AddOn::Drs => " + DRS",
        });
    }
    name
}

/// "16 CPUs of Enterprise and 4 of Standard".
fn pools_text(pools: &BTreeMap<LicenceEdition, u32>) -> String {
    let parts: Vec<String> = pools
        .iter()
        .rev()
        .enumerate()
        .map(|(n, (edition, cpus))| {
            if n == 0 {
                format!(
                    "{} of {}",
                    crate::wording::count(*cpus as usize, "CPU", "CPUs"),
                    edition.name()
                )
            } else {
                format!("{cpus} of {}", edition.name())
            }
        })
        .collect();
    crate::wording::join_and(&parts)
}

impl Rule for LicVi3EntitlementShort {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        if !at_plan_moment(ctx) {
            return;
        }
        let vi3_keys: Vec<_> = ctx
            .project
            .licences
            .iter()
            .filter(|key| key.product == LicensedProduct::Vi3)
            .collect();
        if vi3_keys.is_empty() {
            return;
        }
        let mut mapped: BTreeMap<LicenceEdition, u32> = BTreeMap::new();
        for key in vi3_keys {
            let name = vi3_name(key.edition, &key.add_ons);
            if key.support_current == Some(false) {
                out.add(
                    &META,
                    ObjectRef::Plan,
                    format!(
                        "the licence {} covers {} of {name} with no current support and subscription, so it gives no free upgrade to vSphere 4",
                        key.name,
                        crate::wording::count(key.cpus as usize, "CPU", "CPUs")
                    ),
                );
                continue;
            }
            match ctx.reference.vi3_entitlement(key.edition, &key.add_ons) {
                Some(entitlement) => {
                    *mapped.entry(entitlement.vsphere).or_default() += key.cpus;
                }
                None => out.add_at(
                    &META,
                    Severity::Info,
                    ObjectRef::Plan,
                    format!(
                        "not in reference data: the vSphere 4 entitlement of {name} (licence {}), so its {} are left out",
                        key.name,
                        crate::wording::count(key.cpus as usize, "CPU", "CPUs")
                    ),
                ),
            }
        }
        let owned = owned_vsphere4_cpus(ctx);
        let mut supply = mapped.clone();
        for (&edition, &cpus) in &owned {
            *supply.entry(edition).or_default() += cpus;
        }
        let mut needed: BTreeMap<LicenceEdition, (u32, usize)> = BTreeMap::new();
        for (id, edition) in editions_in_use(ctx) {
            let Some(licences) = ctx
                .host(id)
                .and_then(|host| cpu_licences(ctx, host, edition))
            else {
                continue;
            };
            let entry = needed.entry(edition).or_default();
            entry.0 += licences;
            entry.1 += 1;
        }
        // The richest needs first, each from the plainest entitlement that covers it.
        let mut order: Vec<LicenceEdition> = needed.keys().copied().collect();
        order.sort_by_key(|&e| std::cmp::Reverse((features_of(ctx, e).len(), e)));
        for edition in order {
            let (cpus, hosts) = needed.get(&edition).copied().unwrap_or_default();
            let wanted = features_of(ctx, edition);
            let mut sources: Vec<LicenceEdition> = supply
                .keys()
                .copied()
                .filter(|&s| wanted.is_subset(&features_of(ctx, s)))
                .collect();
            sources.sort_by_key(|&s| (features_of(ctx, s).len(), s));
            let mut left = cpus;
            for source in sources {
                if let Some(pool) = supply.get_mut(&source) {
                    let taken = left.min(*pool);
                    *pool -= taken;
                    left -= taken;
                }
            }
            if left == 0 {
                continue;
            }
            let entitlement = if mapped.is_empty() {
                "the VI3 licences give no vSphere 4 entitlement".to_owned()
            } else {
                format!(
                    "the VI3 licences map to {} (KB 1010690)",
                    pools_text(&mapped)
                )
            };
            let bought = if owned.is_empty() {
                String::new()
            } else {
                format!(
                    " and the project owns vSphere 4 keys for {}",
                    pools_text(&owned)
                )
            };
            out.add(
                &META,
                ObjectRef::Plan,
                format!(
                    "{} licensed vSphere 4 {} need {}; {entitlement}{bought}: {} of {} are beyond the entitlement",
                    crate::wording::count(hosts, "host", "hosts"),
                    edition.name(),
                    crate::wording::count(cpus as usize, "CPU licence", "CPU licences"),
                    crate::wording::count(left as usize, "CPU licence", "CPU licences"),
                    edition.name()
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LicenceKey;
    use crate::rules::lic::test_support::{estate, run};

    fn project(host_edition: LicenceEdition, vi3: LicenceKey) -> crate::model::Project {
        let mut project = estate("4.0 U1", host_edition);
        project.licences.push(vi3);
        project
    }

    fn vi3(edition: LicenceEdition, add_ons: Vec<Vi3AddOn>, cpus: u32) -> LicenceKey {
        LicenceKey {
            name: "contract 4711".into(),
            product: LicensedProduct::Vi3,
            edition,
            cpus,
            add_ons,
            ..LicenceKey::default()
        }
    }

    #[test]
    fn enterprise_plus_beyond_a_vi3_enterprise_entitlement_warns() {
        let findings = run(
            &LicVi3EntitlementShort,
            &project(
                LicenceEdition::EnterprisePlus,
                vi3(LicenceEdition::Enterprise, Vec::new(), 4),
            ),
            None,
        );
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0].0, Severity::Warning);
        assert!(
            findings[0].1.contains("2 hosts licensed vSphere 4 Enterprise Plus need 4 CPU licences; the VI3 licences map to 4 CPUs of Enterprise (KB 1010690): 4 CPU licences of Enterprise Plus are beyond the entitlement"),
            "{findings:?}"
        );
    }

    #[test]
    fn a_richer_entitlement_covers_a_plainer_need_and_add_ons_count() {
        // Enterprise covers hosts licensed Standard.
        assert!(
            run(
                &LicVi3EntitlementShort,
                &project(
                    LicenceEdition::Standard,
                    vi3(LicenceEdition::Enterprise, Vec::new(), 4)
                ),
                None
            )
            .is_empty()
        );
        // Standard + VMotion + DRS upgrades to Enterprise.
        assert!(
            run(
                &LicVi3EntitlementShort,
                &project(
                    LicenceEdition::Enterprise,
                    vi3(
                        LicenceEdition::Standard,
                        vec![Vi3AddOn::Vmotion, Vi3AddOn::Drs],
                        4
                    )
                ),
                None
            )
            .is_empty()
        );
        // Plain Standard does not cover Advanced (FT).
        assert_eq!(
            run(
                &LicVi3EntitlementShort,
                &project(
                    LicenceEdition::Advanced,
                    vi3(LicenceEdition::Standard, Vec::new(), 4)
                ),
                None
            )
            .len(),
            1
        );
    }

    #[test]
    fn lapsed_support_warns_and_no_vi3_key_is_not_judged() {
        let mut key = vi3(LicenceEdition::Enterprise, Vec::new(), 4);
        key.support_current = Some(false);
        let findings = run(
            &LicVi3EntitlementShort,
            &project(LicenceEdition::Enterprise, key),
            None,
        );
        assert_eq!(findings.len(), 2, "{findings:?}");
        assert!(
            findings[0]
                .1
                .contains("with no current support and subscription"),
            "{findings:?}"
        );
        let mut none = estate("4.0 U1", LicenceEdition::EnterprisePlus);
        none.licences.clear();
        assert!(run(&LicVi3EntitlementShort, &none, None).is_empty());
    }
}
