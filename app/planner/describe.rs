//! Steps, waves and stages in words that name the real objects; their durations come from
//! [`super::timing`].

use crate::model::{Project, Step, VmScope, Wave};

use super::projection::ClusterVms;

/// The name of an object, or its reference when it is gone.
fn name(project: &Project, object: impl Into<crate::model::ObjectRef>) -> String {
    let object = object.into();
    project
        .name_of(object)
        .map_or_else(|| object.to_string(), str::to_owned)
}

/// A host with where it sits now: "esx05 (enc2/bay5)", or the name alone for a rack server.
pub fn located(project: &Project, host: crate::model::HostId) -> String {
    let location = project.host_location(host);
    let name = name(project, host);
    if location == name {
        name
    } else {
        format!("{name} ({location})")
    }
}

/// Hosts as [`located`] names them, in enclosure and bay order: the operator walks the enclosures once.
pub fn located_in_bay_order(
    project: &Project,
    hosts: impl IntoIterator<Item = crate::model::HostId>,
) -> Vec<String> {
    let mut hosts: Vec<(String, String)> = hosts
        .into_iter()
        .map(|h| (project.host_location(h), located(project, h)))
        .collect();
    hosts.sort();
    hosts.into_iter().map(|(_, text)| text).collect()
}

/// A VM scope in words: "every VM of cluster Prod (6)" or "sql01, web01".
pub fn scope_text(project: &Project, scope: &VmScope) -> String {
    scope_text_in(project, scope, &ClusterVms::default())
}

/// [`scope_text`] with the VMs of each cluster gathered once in `clusters`, for a walk that words many steps.
pub fn scope_text_in(project: &Project, scope: &VmScope, clusters: &ClusterVms) -> String {
    match scope {
        VmScope::Cluster(cluster) => {
            let vms: Vec<&crate::model::Vm> = clusters
                .of_cluster(project, *cluster)
                .iter()
                .filter_map(|id| project.vms.get(id))
                .collect();
            let templates = vms.iter().filter(|vm| vm.template).count();
            let off = vms
                .iter()
                .filter(|vm| !vm.template && !vm.is_powered_on())
                .count();
            let mut text = format!(
                "every VM of cluster {} ({}",
                name(project, *cluster),
                vms.len() - templates
            );
            if off > 0 {
                text.push_str(&format!(", {off} of them powered off"));
            }
            text.push(')');
            if templates > 0 {
                text.push_str(&format!(
                    "; {} left unchanged (a template is converted to a VM to be upgraded)",
                    crate::wording::count(templates, "template", "templates")
                ));
            }
            text
        }
        VmScope::Vms(vms) => {
            let names: Vec<String> = vms.iter().map(|vm| name(project, *vm)).collect();
            names.join(", ")
        }
    }
}

/// One line saying what the step does.
pub fn step_text(project: &Project, step: &Step) -> String {
    step_text_in(project, step, &ClusterVms::default())
}

/// [`step_text`] with the VMs of each cluster gathered once in `clusters`: a walk through the plan words each
/// Tools and hardware step of a cluster without reading the whole estate again.
pub fn step_text_in(project: &Project, step: &Step, clusters: &ClusterVms) -> String {
    match step {
        Step::Manual { title, .. } => title.clone(),
        Step::AlignEvaPaths { lun, controller } => format!(
            "Align EVA paths of LUN {}: Vdisk preference Path-{controller} failover/failback, every ESX 3.5 Fixed preferred path to controller {controller}",
            name(project, *lun)
        ),
        Step::ResizeFlexNics { host, port, speeds } => {
            let speeds: Vec<String> = speeds
                .iter()
                .map(|s| format!("FlexNIC {} {} Mb/s", s.letter, s.mbps))
                .collect();
            format!(
                "Re-split {} {port}: {}",
                project.host_location(*host),
                speeds.join(", ")
            )
        }
        Step::MoveBlade {
            host,
            enclosure,
            bay,
        } => {
            // With Virtual Connect WWNs the blade takes the new bay's profile: it stays off until the SAN follows.
            let follows = project.hosts.get(host).is_some_and(|h| {
                !h.fc_ports.is_empty() && h.zoning_wwns == crate::model::WwnSource::VirtualConnect
            });
            format!(
                "Move blade {} from {} to {}/bay{bay}: put it in maintenance mode (DRS evacuates it), shut it down and move it; {}",
                name(project, *host),
                project.host_location(*host),
                name(project, *enclosure),
                if follows {
                    "in the new bay it takes that bay's server profile and its WWNs, so leave it powered off until its zoning and EVA host entries follow (next steps)"
                } else {
                    "power it on in the new bay, check its network, and exit maintenance mode"
                }
            )
        }
        Step::BackupVcenter { vcenter } => format!(
            "Back up the database and server of vCenter {}",
            name(project, *vcenter)
        ),
        Step::PreUpgradeCheck { vcenter } => format!(
            "Run the vCenter Agent Pre-upgrade Check against {}",
            name(project, *vcenter)
        ),
        Step::BackupVcDomain { enclosure } => format!(
            "Back up the Virtual Connect domain of enclosure {} and export its server profiles, MACs and WWNs",
            name(project, *enclosure)
        ),
        Step::UpgradeVcenter { vcenter, release } => format!(
            "Upgrade {} to vCenter Server {release}",
            name(project, *vcenter)
        ),
        Step::UpgradeUpdateManager { vcenter, release } => {
            let vc = name(project, *vcenter);
            let install = match project.vcenters.get(vcenter).and_then(|v| v.update_manager) {
                Some(old) if old < *release => format!(
                    "Install the vSphere Client and upgrade Update Manager of {vc} from {old} to {release}"
                ),
                Some(_) => format!(
                    "Install the vSphere Client and check that Update Manager of {vc} runs {release}"
                ),
                None => format!(
                    "Install the vSphere Client and Update Manager {release} for {vc} (the plan records no Update Manager there today)"
                ),
            };
            // OPS-05: the plan records no server OS, so the 32-bit DSN is said as a condition.
            format!(
                "{install}. Update Manager is a 32-bit application: if its server runs 64-bit Windows (the plan does not record its OS), create the DSN of its database as a 32-bit system DSN with %windir%\\SysWOW64\\odbcad32.exe before the installer asks for it, since it does not see a DSN made with the 64-bit ODBC administrator"
            )
        }
        Step::BackupUpdateManager { vcenter } => {
            let release = project
                .vcenters
                .get(vcenter)
                .and_then(|v| v.update_manager)
                .map_or_else(String::new, |r| format!(" {r}"));
            format!(
                "Back up the Update Manager{release} database of vCenter {} before Update Manager is upgraded",
                name(project, *vcenter)
            )
        }
        Step::DefineBaselines {
            vcenter,
            release,
            clusters,
            hosts,
        } => baselines_text(project, *vcenter, *release, clusters, hosts),
        Step::ReinstallAgents { host } => {
            let bundle = project
                .hosts
                .get(host)
                .map_or_else(String::new, super::projection::esx4_agent_bundle);
            format!(
                "Install the {bundle} on {}: the upgrade does not migrate third-party agents",
                located(project, *host)
            )
        }
        Step::CleanupEsx3 { host } => format!(
            "Once {} is accepted on ESX {}, run cleanup-esx3 in its service console: this ends its rollback-to-esx3, and the way back to ESX 3.5 becomes a reinstall",
            located(project, *host),
            project
                .hosts
                .get(host)
                .map_or_else(|| "4".to_owned(), |h| h.release().to_string())
        ),
        Step::UpdateFirmware {
            enclosure,
            recreate_domain,
        } => {
            let domain = if *recreate_domain {
                "; recreate the VC domain by hand (midplane replaced: do not restore)"
            } else {
                ""
            };
            format!(
                "Update firmware of enclosure {}: Onboard Administrator, blade ROM/iLO/NIC/HBA, then Virtual Connect{domain}",
                name(project, *enclosure)
            )
        }
        Step::UpdateOaFirmware { enclosure } => format!(
            "Update the Onboard Administrator firmware of enclosure {} (no blade goes down; Virtual Connect waits until the OA and the blades are done)",
            name(project, *enclosure)
        ),
        Step::UpdateBladeFirmware { hosts } => {
            // In the order the runbook lists the hosts the batch takes down.
            let hosts = located_in_bay_order(project, hosts.iter().copied());
            format!(
                "Update blade ROM, iLO, NIC and HBA firmware of {}: each host in maintenance mode first (DRS evacuates it), then the firmware, a reboot, and out of maintenance mode",
                hosts.join(", ")
            )
        }
        Step::ActivateVcFirmware { enclosure, side } => {
            let modules: Vec<String> = project
                .enclosures
                .get(enclosure)
                .into_iter()
                .flat_map(|e| e.interconnects.iter())
                .filter(|(bay, _)| {
                    (**bay % 2 == 1) == (*side == crate::model::InterconnectSide::Odd)
                })
                .map(|(bay, m)| {
                    let model = if m.model.is_empty() {
                        format!("{:?}", m.kind)
                    } else {
                        m.model.clone()
                    };
                    format!("bay {bay} ({model})")
                })
                .collect();
            format!(
                "Activate the new Virtual Connect firmware on enclosure {}, {} only: {} reboot while the other side carries every blade's network and SAN paths; wait until they are back and every server profile is OK before the other side",
                name(project, *enclosure),
                side.bays_text(),
                if modules.is_empty() {
                    "no module".to_owned()
                } else {
                    modules.join(", ")
                }
            )
        }
        Step::RecreateVcDomain { enclosure } => {
            let blades: Vec<String> = crate::topology::blades_in(project, *enclosure)
                .into_iter()
                .map(|(_, h)| located(project, h))
                .collect();
            format!(
                "Enclosure {} had its midplane replaced: put every blade in maintenance mode and shut it down ({}), update Virtual Connect firmware on both sides, recreate the VC domain by hand with the recorded MAC and WWN ranges and server profiles (do NOT restore the backup), then power the blades on",
                name(project, *enclosure),
                if blades.is_empty() {
                    "none".to_owned()
                } else {
                    blades.join(", ")
                }
            )
        }
        Step::RezoneHost { host } => format!(
            "Re-zone {} on every fabric to the WWPNs of the server profile it now carries",
            located(project, *host)
        ),
        Step::UpdateArrayHosts { host } => format!(
            "Update the EVA host entries of {} to the WWPNs of the server profile it now carries; the Vdisks stay presented",
            located(project, *host)
        ),
        Step::StaticAddress { host } => {
            format!("Give {} a static management address", name(project, *host))
        }
        Step::RemoveAgents { host } => {
            let agents = project
                .hosts
                .get(host)
                .map(|h| h.agents.join(", "))
                .unwrap_or_default();
            format!(
                "Stop and remove third-party agents on {} ({agents})",
                name(project, *host)
            )
        }
        Step::RelaxAdmissionControl { cluster } => format!(
            "Relax HA admission control of cluster {} for the rolling upgrade (documented change)",
            name(project, *cluster)
        ),
        Step::RestoreAdmissionControl { cluster } => format!(
            "Restore HA admission control of cluster {}",
            name(project, *cluster)
        ),
        Step::RoundRobin { lun } => format!(
            "Set Round Robin (ALUA, IOPS=1) on every host path to LUN {}",
            name(project, *lun)
        ),
        Step::UpgradeTools { scope } => {
            format!(
                "Upgrade VMware Tools on {}",
                scope_text_in(project, scope, clusters)
            )
        }
        Step::UpgradeHardware { scope, except } => {
            let except = if except.is_empty() {
                String::new()
            } else {
                let names: Vec<String> = except.iter().map(|vm| name(project, *vm)).collect();
                format!(", except {}", names.join(", "))
            };
            format!(
                "Upgrade virtual hardware 4 to 7 on {}{except} (power-off, one-way)",
                scope_text_in(project, scope, clusters)
            )
        }
        Step::InflateDisks { vm } => format!(
            "Inflate the thin and lazy-zeroed disks of {} to eager-zeroed thick",
            name(project, *vm)
        ),
        Step::EnableFt { vm, secondary_host } => format!(
            "Turn Fault Tolerance on for {}, Secondary on {}",
            name(project, *vm),
            project.host_location(*secondary_host)
        ),
        Step::ApplyLicences { cluster, edition } => format!(
            "Assign vSphere 4 {} licence keys to the hosts of cluster {} that run ESX 4 (vSphere Client: each host's Configuration tab, Licensed Features, Edit)",
            edition.name(),
            name(project, *cluster)
        ),
        Step::ApplyHostLicences { hosts, edition } => {
            let names: Vec<String> = hosts.iter().map(|h| located(project, *h)).collect();
            let cpus: u32 = hosts
                .iter()
                .filter_map(|h| project.hosts.get(h))
                .map(|h| u32::from(h.cpu.sockets))
                .sum();
            format!(
                "Assign the vSphere 4 {} licence key to {} as soon as {} on ESX 4 ({}; vSphere Client: the host's Configuration tab, Licensed Features, Edit): until then {} in evaluation mode",
                edition.name(),
                crate::wording::join_and(&names),
                if hosts.len() == 1 {
                    "it reconnects"
                } else {
                    "they reconnect"
                },
                crate::wording::count(cpus as usize, "CPU", "CPUs"),
                if hosts.len() == 1 {
                    "it runs"
                } else {
                    "they run"
                },
            )
        }
        Step::ApplyVcenterLicence { vcenter, edition } => match edition {
            Some(edition) => format!(
                "Assign the vCenter Server 4 {} licence key to {} right after its upgrade (vSphere Client: Home, Administration, Licensing)",
                edition.name(),
                name(project, *vcenter)
            ),
            None => format!(
                "Assign a vCenter Server 4 licence key to {} right after its upgrade (vSphere Client: Home, Administration, Licensing); the plan records no vCenter Server 4 key, so have one at hand",
                name(project, *vcenter)
            ),
        },
    }
}

/// The name the plan gives the Update Manager host upgrade baseline to a release (OPS-04).
pub fn host_baseline_name(release: crate::model::Release) -> String {
    format!("Host upgrade to {release}")
}

/// The name the plan gives the Update Manager baseline group of the VM upgrades (OPS-04).
pub const VM_BASELINE_GROUP: &str = "VM upgrades to match host";
/// Update Manager's predefined VM baseline for VMware Tools.
pub const TOOLS_BASELINE: &str = "VMware Tools Upgrade to Match Host";
/// Update Manager's predefined VM baseline for virtual hardware.
pub const HARDWARE_BASELINE: &str = "VM Hardware Upgrade to Match Host";

/// The baseline step: the media to import (ESX ISO, ESXi ZIP, as the hosts to upgrade need), the host upgrade
/// baseline and the VM baseline group, and where they are attached.
fn baselines_text(
    project: &Project,
    vcenter: crate::model::VcenterId,
    release: crate::model::Release,
    clusters: &[crate::model::ClusterId],
    hosts: &[crate::model::HostId],
) -> String {
    use crate::model::EsxProduct;
    let products: std::collections::BTreeSet<EsxProduct> = project
        .hosts
        .iter()
        .filter(|(id, h)| {
            (h.cluster.is_some_and(|c| clusters.contains(&c)) || hosts.contains(id))
                && h.release() < release
        })
        .map(|(_, h)| h.esx.product)
        .collect();
    let media: Vec<String> = products
        .iter()
        .map(|product| match product {
            EsxProduct::Esx => format!("the ESX {release} upgrade ISO"),
            EsxProduct::Esxi => format!("the ESXi {release} upgrade ZIP"),
        })
        .collect();
    let media = if media.is_empty() {
        format!("the {release} upgrade media")
    } else {
        crate::wording::join_and(&media)
    };
    let mut targets: Vec<String> = Vec::new();
    if !clusters.is_empty() {
        let names: Vec<String> = clusters.iter().map(|c| name(project, *c)).collect();
        targets.push(format!(
            "{} {}",
            if names.len() == 1 {
                "cluster"
            } else {
                "clusters"
            },
            crate::wording::join_and(&names)
        ));
    }
    if !hosts.is_empty() {
        let names: Vec<String> = hosts.iter().map(|h| name(project, *h)).collect();
        targets.push(format!(
            "standalone {} {}",
            if names.len() == 1 { "host" } else { "hosts" },
            crate::wording::join_and(&names)
        ));
    }
    let attach = if targets.is_empty() {
        "attach both where the hosts to upgrade are (the plan names none)".to_owned()
    } else {
        format!("attach both to {}", crate::wording::join_and(&targets))
    };
    let console = if products.contains(&EsxProduct::Esx) {
        " with the service console VMDK on a datastore local to each host, never a shared one (each host's line in the rolling upgrade names it),"
    } else {
        ""
    };
    format!(
        "Import {media} into Update Manager of {}; define the host upgrade baseline \"{}\" from it{console} and the baseline group \"{VM_BASELINE_GROUP}\" of \"{TOOLS_BASELINE}\" then \"{HARDWARE_BASELINE}\"; {attach}",
        name(project, vcenter),
        host_baseline_name(release),
    )
}

/// One line saying what the step does, written from the estate as it stands just before it (`state`, with the
/// plan's `progress` so far): bays, WWPNs and paths of that moment, and the full reason of a manual step.
pub fn step_text_at(state: &Project, progress: &crate::rules::Progress, step: &Step) -> String {
    step_text_at_in(state, progress, step, &ClusterVms::default())
}

/// [`step_text_at`] with the VMs of each cluster gathered once in `clusters` for the whole walk (no step moves
/// a VM to another cluster).
pub fn step_text_at_in(
    state: &Project,
    progress: &crate::rules::Progress,
    step: &Step,
    clusters: &ClusterVms,
) -> String {
    match step {
        Step::Manual { title, detail } if !detail.is_empty() => format!("{title}: {detail}"),
        Step::RezoneHost { host } | Step::UpdateArrayHosts { host } => {
            identity_step_text(state, progress, step, *host)
        }
        Step::ReinstallAgents { host } => match progress.agents_removed.get(host) {
            Some(removed) => format!(
                "{} ({} came off before the upgrade)",
                step_text_in(state, step, clusters),
                crate::wording::join_and(removed)
            ),
            None => step_text_in(state, step, clusters),
        },
        _ => step_text_in(state, step, clusters),
    }
}

/// A re-zoning or host-entry step, naming each zone or host entry that holds the host's old or new WWPNs.
fn identity_step_text(
    state: &Project,
    progress: &crate::rules::Progress,
    step: &Step,
    host: crate::model::HostId,
) -> String {
    let changes = progress
        .identity_changes
        .get(&host)
        .map_or(&[][..], Vec::as_slice);
    let rezone = matches!(step, Step::RezoneHost { .. });
    if changes.is_empty() {
        let nothing = if rezone { "re-zone" } else { "update" };
        return format!(
            "{}: no WWPN changed, nothing to {nothing}",
            step_text(state, step)
        );
    }
    // The projected zoning or entry already carries the new WWPN once it was edited: name the change wherever
    // either stands.
    let holds = |wwpns: &[String], old: &str, new: &str| {
        wwpns
            .iter()
            .any(|w| crate::topology::same_wwpn(w, old) || crate::topology::same_wwpn(w, new))
    };
    let mut edits = Vec::new();
    if rezone {
        for fabric in state.fabrics.values() {
            for zone in &fabric.zones {
                for (old, new) in changes {
                    if holds(&zone.members, old, new) {
                        edits.push(format!(
                            "{} zone {}: {}",
                            fabric.name,
                            zone.name,
                            wwpn_change(old, new)
                        ));
                    }
                }
            }
        }
    } else {
        for array in state.arrays.values() {
            for entry in &array.host_entries {
                if changes
                    .iter()
                    .any(|(old, new)| holds(&entry.wwpns, old, new))
                {
                    let luns: Vec<String> = entry.luns.iter().map(|l| name(state, *l)).collect();
                    let swaps: Vec<String> = changes
                        .iter()
                        .map(|(old, new)| wwpn_change(old, new))
                        .collect();
                    edits.push(format!(
                        "Command View {}, host entry {}: {} (keeps {} presented)",
                        array.name,
                        entry.name,
                        swaps.join(", "),
                        if luns.is_empty() {
                            "nothing".to_owned()
                        } else {
                            luns.join(", ")
                        }
                    ));
                }
            }
        }
    }
    if edits.is_empty() {
        edits = changes
            .iter()
            .map(|(old, new)| wwpn_change(old, new))
            .collect();
    }
    if rezone {
        format!(
            "Re-zone {} before it powers on: {}",
            located(state, host),
            edits.join("; ")
        )
    } else {
        format!(
            "Update the EVA host entries of {}: {}. Then power {} on, rescan its HBAs, check its paths to every LUN on both fabrics, and exit maintenance mode",
            located(state, host),
            edits.join("; "),
            name(state, host)
        )
    }
}

/// "WWPN a → b", saying where an unknown new WWPN is read.
fn wwpn_change(old: &str, new: &str) -> String {
    let old = if old.is_empty() {
        "(not recorded)"
    } else {
        old
    };
    if new.is_empty() {
        format!(
            "WWPN {old} → the WWPN of the new bay's server profile (not recorded in the plan: read it in Virtual Connect Manager)"
        )
    } else {
        format!("WWPN {old} → {new}")
    }
}

/// A step's kind in a few words, for the operation a finding was seen during.
pub fn step_kind_text(step: &Step) -> String {
    match step {
        Step::MoveBlade { .. } => "blade move",
        Step::UpdateBladeFirmware { .. } => "blade firmware",
        Step::UpdateFirmware { .. } => "enclosure firmware (both sides at once)",
        Step::RecreateVcDomain { .. } => "VC domain recreation",
        Step::ActivateVcFirmware { .. } => "VC firmware activation",
        _ => "step",
    }
    .to_owned()
}

/// The hosts of a wave by name: "esx01, esx07".
pub fn wave_hosts(project: &Project, wave: &Wave) -> String {
    let names: Vec<String> = wave.hosts.iter().map(|h| name(project, *h)).collect();
    names.join(", ")
}
