//! LIC-02: CPUs with more cores than the edition covers need more than one licence per socket.

use std::collections::BTreeMap;

use super::{at_plan_moment, cpu_licences, editions_in_use, owned_vsphere4_cpus};
use crate::model::{HostId, LicenceEdition, ObjectRef};
use crate::refdata::EditionLimitItem;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// The vSphere 4 keys of an edition cover fewer CPU licences than its hosts' cores need.
pub struct LicCoresAboveEditionLimit;

/// Host names listed in a message before the rest is counted.
const LISTED_HOSTS: usize = 5;

static META: RuleMeta = RuleMeta {
    id: "LIC-02",
    name: "cores-above-edition-limit",
    title: "CPUs have more cores than their edition covers, and the keys owned do not cover the extra licences",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Per vSphere 4 edition in use (the `licence` of hosts on ESX 4.x; on the design also the edition the \
             saved plan's key steps give the hosts it moves to ESX 4): when a host's `cpu.cores_per_socket` is above \
             the edition's cores per CPU (reference data: 6 for Essentials, Essentials Plus, Standard and \
             Enterprise, 12 for Advanced and Enterprise Plus), it needs ⌈cores ÷ limit⌉ CPU licences per socket. \
             The CPU licences all hosts of that edition need are compared with the CPUs of the project's \
             `licences` of product `Vsphere4` and that edition: fewer is an error, one finding per edition. A \
             project that records no vSphere 4 key is not judged (what it owns is unknown), nor a host whose \
             sockets are not recorded; an edition whose core limit is not in the data is an info finding.",
    why: "A vSphere 4 CPU licence covers one socket of up to 6 cores (12 in Advanced and Enterprise Plus), under \
          VMware's multicore policy. An 8-core Opteron or Xeon socket under Enterprise takes two licences, so an \
          estate licensed socket for socket runs short when its hosts are refreshed with more cores per CPU, and \
          the extra hosts cannot be licensed.",
    example: "`esx05` and `esx06` have two 8-core CPUs each and run ESX 4.0 licensed Enterprise; the project owns \
              vSphere 4 Enterprise keys for 4 CPUs, and the two hosts need 8 CPU licences.",
    fix: "Add licences.",
    source: "V30 (VMware multicore policy), V31 (vm-help, vSphere core licensing limits)",
};

impl Rule for LicCoresAboveEditionLimit {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        if !at_plan_moment(ctx) {
            return;
        }
        let owned = owned_vsphere4_cpus(ctx);
        if owned.is_empty() {
            return;
        }
        let mut by_edition: BTreeMap<LicenceEdition, Vec<HostId>> = BTreeMap::new();
        for (host, edition) in editions_in_use(ctx) {
            by_edition.entry(edition).or_default().push(host);
        }
        for (edition, hosts) in by_edition {
            let Some(limit) = ctx
                .reference
                .edition_limit(edition, EditionLimitItem::CoresPerCpu)
            else {
                let cores_known = hosts
                    .iter()
                    .filter_map(|h| ctx.host(*h))
                    .any(|h| h.cpu.cores_per_socket > 0);
                if cores_known {
                    out.add_at(
                        &META,
                        Severity::Info,
                        ObjectRef::Plan,
                        format!(
                            "not in reference data: the cores per CPU a {} licence covers, so whether the {} licensed {} need more than one licence per CPU is unknown",
                            edition.name(),
                            crate::wording::count(hosts.len(), "host", "hosts"),
                            edition.name()
                        ),
                    );
                }
                continue;
            };
            let mut needed = 0;
            let mut over: Vec<(HostId, u8, u32)> = Vec::new();
            for &id in &hosts {
                let Some(host) = ctx.host(id) else {
                    continue;
                };
                let Some(licences) = cpu_licences(ctx, host, edition) else {
                    continue;
                };
                needed += licences;
                if u32::from(host.cpu.cores_per_socket) > limit {
                    over.push((id, host.cpu.cores_per_socket, licences));
                }
            }
            let have = owned.get(&edition).copied().unwrap_or(0);
            if over.is_empty() || have >= needed {
                continue;
            }
            let count = over.len();
            let mut listed: Vec<String> = over
                .iter()
                .take(LISTED_HOSTS)
                .map(|(id, cores, licences)| {
                    format!(
                        "{} ({cores} cores per CPU, {licences} CPU licences)",
                        ctx.host_label(*id)
                    )
                })
                .collect();
            if count > LISTED_HOSTS {
                listed.push(format!("{} more", count - LISTED_HOSTS));
            }
            let widest = over
                .iter()
                .map(|(_, cores, _)| u32::from(*cores))
                .max()
                .unwrap_or(0);
            let roomier: Vec<String> = ctx
                .reference
                .licence_limits
                .iter()
                .filter(|l| {
                    l.item == EditionLimitItem::CoresPerCpu
                        && l.value >= widest
                        && l.edition != edition
                })
                .map(|l| format!("{} ({} cores)", l.edition.name(), l.value))
                .collect();
            let alternative = if roomier.is_empty() {
                String::new()
            } else {
                format!(
                    "; {} cover such CPUs with one licence each",
                    crate::wording::join_and(&roomier)
                )
            };
            out.add(
                &META,
                ObjectRef::Plan,
                format!(
                    "{} more cores per CPU than one {} licence covers ({limit}): {}. The {} licensed {} need {needed} CPU licences, and the project's vSphere 4 {} keys cover {have}{alternative}",
                    crate::wording::count(count, "host has", "hosts have"),
                    edition.name(),
                    crate::wording::join_and(&listed),
                    crate::wording::count(hosts.len(), "host", "hosts"),
                    edition.name(),
                    edition.name(),
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LicenceKey, LicensedProduct};
    use crate::rules::lic::test_support::{estate, run};

    fn with_keys(cores: u8, cpus: u32) -> crate::model::Project {
        let mut project = estate("4.0 U1", LicenceEdition::Enterprise);
        for host in project.hosts.values_mut() {
            host.cpu.cores_per_socket = cores;
        }
        project.licences.push(LicenceKey {
            name: "vSphere 4 Enterprise".into(),
            product: LicensedProduct::Vsphere4,
            edition: LicenceEdition::Enterprise,
            cpus,
            ..LicenceKey::default()
        });
        project
    }

    #[test]
    fn eight_core_cpus_under_enterprise_need_two_licences_a_socket() {
        let findings = run(&LicCoresAboveEditionLimit, &with_keys(8, 4), None);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0].0, Severity::Error);
        assert!(
            findings[0]
                .1
                .contains("esx01 (8 cores per CPU, 4 CPU licences)")
                && findings[0].1.contains(
                    "need 8 CPU licences, and the project's vSphere 4 Enterprise keys cover 4"
                )
                && findings[0]
                    .1
                    .contains("Advanced (12 cores) and Enterprise Plus (12 cores)"),
            "{findings:?}"
        );
        // Enough keys, or CPUs within the limit, are quiet.
        assert!(run(&LicCoresAboveEditionLimit, &with_keys(8, 8), None).is_empty());
        assert!(run(&LicCoresAboveEditionLimit, &with_keys(6, 4), None).is_empty());
    }

    #[test]
    fn no_vsphere4_key_recorded_is_unknown() {
        let mut project = with_keys(8, 4);
        project.licences.clear();
        assert!(run(&LicCoresAboveEditionLimit, &project, None).is_empty());
    }
}
