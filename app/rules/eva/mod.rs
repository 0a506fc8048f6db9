//! EVA: HP EVA multipathing and LUN ownership, including the ESX 3.5/4 ping-pong risk.

use crate::model::{Array, Lun, PreferredPath, Project, Release};

pub(super) mod eva_01_mixed_preferred_controllers;
pub(super) mod eva_02_preferred_path_not_owner;
pub(super) mod eva_03_fixed_on_esx4;
pub(super) mod eva_04_controllers_unbalanced;
pub(super) mod eva_05_dr_group_proxy_reads;
pub(super) mod eva_06_not_round_robin;
pub(super) mod eva_07_inconsistent_presentation;

/// An HP EVA array; an array whose model is not given counts as an EVA (the scope of dcplan).
fn is_eva(array: &Array) -> bool {
    let model = array.model.trim();
    model.is_empty() || model.to_ascii_lowercase().contains("eva")
}

/// The LUN and its array, when the LUN lives on an EVA.
fn eva_lun(project: &Project, lun: crate::model::LunId) -> Option<(&Lun, &Array)> {
    let lun = project.luns.get(&lun)?;
    let array = project.arrays.get(&lun.array)?;
    is_eva(array).then_some((lun, array))
}

/// ESX 3.x: multipathing is not ALUA-aware.
fn is_esx3(release: Release) -> bool {
    release.major == 3
}

/// ESX 4 and later: NMP with ALUA (MRU, Round Robin, Fixed_AP).
fn is_esx4(release: Release) -> bool {
    release >= Release::new(4, 0)
}

/// Names for messages, "a, b, c and 4 more" past five.
fn names<S: AsRef<str>>(items: &[S]) -> String {
    const SHOWN: usize = 5;
    let shown: Vec<&str> = items.iter().take(SHOWN).map(AsRef::as_ref).collect();
    let mut text = shown.join(", ");
    if items.len() > SHOWN {
        text.push_str(&format!(" and {} more", items.len() - SHOWN));
    }
    text
}

/// How Command View names a Vdisk's preferred-path setting.
fn preferred_label(preferred: PreferredPath) -> &'static str {
    match preferred {
        PreferredPath::NoPreference => "no preference",
        PreferredPath::AFailover => "Path A-Failover only",
        PreferredPath::AFailoverFailback => "Path A-Failover/Failback",
        PreferredPath::BFailover => "Path B-Failover only",
        PreferredPath::BFailoverFailback => "Path B-Failover/Failback",
    }
}

/// ESX 3.x hosts with a Fixed preferred path to each EVA LUN, split by the controller they prefer (A, B).
fn esx3_fixed_preferences(
    project: &Project,
) -> std::collections::BTreeMap<crate::model::LunId, [Vec<crate::model::HostId>; 2]> {
    use crate::model::{Controller, PathPolicy};
    let mut map: std::collections::BTreeMap<_, [Vec<_>; 2]> = std::collections::BTreeMap::new();
    for (&id, host) in &project.hosts {
        if !is_esx3(host.esx.release) {
            continue;
        }
        for path in &host.lun_paths {
            if path.policy != PathPolicy::Fixed {
                continue;
            }
            let Some(controller) = path.preferred else {
                continue;
            };
            if eva_lun(project, path.lun).is_none() {
                continue;
            }
            let slot = match controller {
                Controller::A => 0,
                Controller::B => 1,
            };
            if let Some(hosts) = map.entry(path.lun).or_default().get_mut(slot) {
                hosts.push(id);
            }
        }
    }
    map
}
