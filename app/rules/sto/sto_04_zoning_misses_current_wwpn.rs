//! STO-04: zoning and EVA host entries name the WWPNs the host carries now (after a blade move, its new bay's).

use crate::rules::cpu::{Sample, count};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A host cabled to an array lost a LUN because zoning or host entries name other WWPNs.
pub struct StoZoningMissesCurrentWwpn;

static META: RuleMeta = RuleMeta {
    id: "STO-04",
    name: "zoning-misses-current-wwpn",
    title: "Zoning or EVA host entries do not name the WWPNs a host carries, so it lost its LUNs",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every host not in maintenance mode and every LUN in its `lun_paths`: its HBA ports reach the LUN's array \
             on the connectivity graph, yet no path is left because the fabric's recorded `zones` do not hold the \
             port's WWPN with the array, or the array's recorded `host_entries` do not present the LUN to it. A WWPN \
             the plan does not know (empty) and zoning or host entries a plan does not record are unknown and pass. \
             One finding per host. A host whose HBA ports have no WWPN recorded while the plan records zoning or host \
             entries gets an info finding instead: its access cannot be checked.",
    why: "With Virtual Connect-assigned WWNs the identity belongs to the bay's server profile: a blade moved to another bay \
          or enclosure takes that bay's WWNs. Zoning and EVA host entries name WWPNs, so unless they follow the move \
          the host boots without its datastores (and a boot-from-SAN blade does not boot).",
    example: "`esx05` moved from `enc1/bay5` to `enc2/bay5` and now carries `50:06:0b:00:00:c2:66:0a`, but fabric-A's zone \
              and eva01's host entry still name `50:06:0b:00:00:c2:01:0a`.",
    fix: "Update the zones and the EVA host entries to the WWPNs of the profile the blade carries before powering it on, or move the profile with the blade (VCEM).",
    source: "S42, V4 (HP, Understanding VCEM p.12); OPS-08",
};

impl Rule for StoZoningMissesCurrentWwpn {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let topology = ctx.topology();
        // A WWPN nobody recorded cannot be checked against recorded zoning: said at info when any zoning or
        // host entry is recorded.
        let recorded = ctx.project.fabrics.values().any(|f| !f.zones.is_empty())
            || ctx
                .project
                .arrays
                .values()
                .any(|a| !a.host_entries.is_empty());
        for (&host_id, host) in &ctx.project.hosts {
            if host.fc_ports.is_empty() || ctx.in_maintenance(host_id) {
                continue;
            }
            let unknown = host
                .fc_ports
                .iter()
                .filter(|p| p.wwpn.trim().is_empty())
                .count();
            if recorded && unknown > 0 && !host.lun_paths.is_empty() {
                out.add_at(
                    &META,
                    Severity::Info,
                    host_id,
                    format!(
                        "{} ({}) has {} with no WWPN recorded (its server profile's WWNs are unknown to the plan), so its zoning and EVA host entries cannot be checked",
                        host.name,
                        ctx.project.host_location(host_id),
                        count(unknown, "HBA port")
                    ),
                );
            }
            let mut lost = Sample::default();
            let mut zoning = std::collections::BTreeSet::new();
            let mut presentation = false;
            let Some(san) = topology.host_san(host_id) else {
                continue;
            };
            for path in &host.lun_paths {
                let Some(denied) = san.access_denied(path.lun) else {
                    continue;
                };
                if denied.zoning.is_empty() && !denied.presentation {
                    continue;
                }
                if let Some(lun) = ctx.project.luns.get(&path.lun) {
                    lost.push(&lun.name);
                }
                zoning.extend(denied.zoning);
                presentation |= denied.presentation;
            }
            if lost.count == 0 {
                continue;
            }
            let wwpns: Vec<&str> = host.fc_ports.iter().map(|p| p.wwpn.as_str()).collect();
            let mut layers = Vec::new();
            if !zoning.is_empty() {
                let fabrics: Vec<String> = zoning
                    .iter()
                    .map(|f| {
                        ctx.project
                            .fabrics
                            .get(f)
                            .map_or_else(|| f.to_string(), |f| f.name.clone())
                    })
                    .collect();
                layers.push(format!("the zoning of {}", fabrics.join(" and ")));
            }
            if presentation {
                layers.push("the EVA host entries".to_owned());
            }
            out.add(
                &META,
                host_id,
                format!(
                    "{} ({}) has lost {} ({}): {} do not name its WWPNs {}",
                    host.name,
                    ctx.project.host_location(host_id),
                    count(lost.count, "LUN"),
                    lost.names(),
                    layers.join(" and "),
                    wwpns.join(", ")
                ),
            );
        }
    }
}
