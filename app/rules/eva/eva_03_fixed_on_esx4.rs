//! EVA-03: ESX 4 hosts reach EVA LUNs through ALUA-aware policies; Fixed is tolerated only aligned with the owner during the mix.

use std::collections::BTreeSet;

use super::{eva_lun, is_esx3, is_esx4, names};
use crate::model::{LunId, PathPolicy};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An ESX 4 host using the non-ALUA Fixed policy on EVA LUNs.
pub struct FixedOnEsx4;

static META: RuleMeta = RuleMeta {
    id: "EVA-03",
    name: "eva-fixed-on-esx4",
    title: "An ESX 4 host uses the Fixed path policy on EVA LUNs",
    severity: Severity::Warning,
    reach: Reach::Estate,
    checks: "Every ESX 4 host path with policy `Fixed` to an EVA LUN: warning when `preferred` is not the LUN's `owner` (or not set), or when no ESX 3.x host sees the LUN any more; info when it points at the owner while ESX 3.x hosts still share the LUN. `FixedAp` (ESX 4.1) is ALUA-aware and not reported.",
    why: "ESX 4 claims EVA LUNs with VMW_SATP_ALUA; MRU and Round Robin then use the optimised paths to the owning controller, but Fixed is not ALUA-aware and may sit on a non-optimised path, causing proxy reads and implicit LUN transitions. HP says not to use Fixed with vSphere 4 and an EVA. During a mixed 3.5/4 stage, Fixed paths aligned with the owner, like the 3.5 hosts', keep every host on one controller and are acceptable; once the last 3.5 host has left they are just a worse policy.",
    example: "`esx05` (ESX 4.0 U1) uses Fixed on `vd01` with its preferred path to controller B while controller A owns `vd01`.",
    fix: "Switch to MRU during the mix (or keep Fixed aligned with the owning controller) and to Round Robin after the last ESX 3.5 host leaves; on ESX 4.1 Fixed_AP is ALUA-aware.",
    source: "S35 (p.6, p.24); catalogue note on EVA-03 (seed field report); section 7 (Fixed_AP)",
};

impl Rule for FixedOnEsx4 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let project = ctx.project;
        let shared_with_esx3: BTreeSet<LunId> = project
            .hosts
            .values()
            .filter(|host| is_esx3(host.esx.release))
            .flat_map(|host| host.lun_paths.iter().map(|path| path.lun))
            .collect();
        for (&id, host) in &project.hosts {
            let release = host.esx.release;
            if !is_esx4(release) {
                continue;
            }
            let mut misaligned = Vec::new();
            let mut after_mix = Vec::new();
            let mut aligned_mixed = Vec::new();
            for path in &host.lun_paths {
                if path.policy != PathPolicy::Fixed {
                    continue;
                }
                let Some((lun, _)) = eva_lun(project, path.lun) else {
                    continue;
                };
                match path.preferred {
                    None => misaligned.push(format!(
                        "{} (no preferred path, owner {})",
                        lun.name, lun.owner
                    )),
                    Some(controller) if controller != lun.owner => misaligned.push(format!(
                        "{} (prefers {controller}, owner {})",
                        lun.name, lun.owner
                    )),
                    Some(_) if shared_with_esx3.contains(&path.lun) => {
                        aligned_mixed.push(lun.name.clone());
                    }
                    Some(_) => after_mix.push(lun.name.clone()),
                }
            }
            if misaligned.is_empty() && after_mix.is_empty() && aligned_mixed.is_empty() {
                continue;
            }
            let label = ctx.host_label(id);
            if !misaligned.is_empty() {
                out.add(
                    &META,
                    id,
                    format!(
                        "{label} (ESX {release}) uses Fixed on {} EVA LUN{} without a preferred path to the owning controller: {}; Fixed is not ALUA-aware",
                        misaligned.len(),
                        plural(misaligned.len()),
                        names(&misaligned)
                    ),
                );
            }
            if !after_mix.is_empty() {
                out.add(
                    &META,
                    id,
                    format!(
                        "{label} (ESX {release}) still uses Fixed on {} EVA LUN{} that no ESX 3.5 host shares any more: {}; switch to Round Robin or MRU",
                        after_mix.len(),
                        plural(after_mix.len()),
                        names(&after_mix)
                    ),
                );
            }
            if !aligned_mixed.is_empty() {
                out.add_at(
                    &META,
                    Severity::Info,
                    id,
                    format!(
                        "{label} (ESX {release}) pins {} EVA LUN{} with Fixed to the owning controller while ESX 3.5 hosts share {}: {}; acceptable during the mix, switch to MRU or Round Robin once the last 3.5 host leaves",
                        aligned_mixed.len(),
                        plural(aligned_mixed.len()),
                        if aligned_mixed.len() == 1 { "it" } else { "them" },
                        names(&aligned_mixed)
                    ),
                );
            }
        }
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}
