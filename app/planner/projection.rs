//! Projecting the estate through the plan: what each step and each host upgrade changes in the model.

use std::collections::BTreeSet;

use crate::model::{
    Controller, DiskFormat, EsxProduct, FtProtection, HostId, PathPolicy, Placement, PreferredPath,
    Project, Release, Step, ToolsStatus, UpgradePlan, VmId, VmScope,
};
use crate::refdata::ReferenceData;
use crate::rules::Progress;

/// The estate as the simulation starts it: the design as it runs today. Fault Tolerance the design asks for
/// on VMs whose Primary host still runs ESX 3.x cannot be running yet, so it is off until a step turns it on.
pub fn current_state(project: &Project) -> Project {
    let mut state = project.clone();
    state.upgrade = None;
    let vi3_hosts: BTreeSet<HostId> = state
        .hosts
        .iter()
        .filter(|(_, host)| !host.release().is_vsphere4_or_later())
        .map(|(&id, _)| id)
        .collect();
    for vm in state.vms.values_mut() {
        if vm.ft.is_some() && vm.host.is_none_or(|host| vi3_hosts.contains(&host)) {
            vm.ft = None;
        }
    }
    state
}

/// The release a host goes to under a plan.
pub fn target_of(project: &Project, plan: &UpgradePlan, host: HostId) -> Release {
    project
        .hosts
        .get(&host)
        .and_then(|host| host.target_release)
        .unwrap_or(plan.target)
}

/// The first build of a release, from the reference data (0 when unknown).
pub fn build_of(reference: &ReferenceData, product: EsxProduct, release: Release) -> u32 {
    reference
        .build_of_release(product, release)
        .map_or(0, |entry| entry.build)
}

/// VMs a scope covers, in ID order.
pub fn vms_in(state: &Project, scope: &VmScope) -> Vec<VmId> {
    match scope {
        VmScope::Cluster(cluster) => state
            .vms
            .iter()
            .filter(|(_, vm)| vm.cluster == Some(*cluster))
            .map(|(&id, _)| id)
            .collect(),
        VmScope::Vms(vms) => vms.clone(),
    }
}

/// The VMs of each cluster, gathered on first use and kept for a walk through the plan: no step moves a VM to
/// another cluster, so each Tools or hardware step of a cluster looks its VMs up instead of reading the whole
/// estate (194 such steps over 37,248 VMs in the VMworld preset).
#[derive(Default)]
pub struct ClusterVms(
    std::cell::OnceCell<std::collections::BTreeMap<crate::model::ClusterId, Members>>,
);

/// The VMs of one cluster in ID order: all of them, and those that are not templates.
#[derive(Default)]
struct Members {
    all: Vec<VmId>,
    guests: Vec<VmId>,
}

impl ClusterVms {
    /// The VMs a Tools or virtual hardware step of `scope` upgrades: its VMs less templates, which are converted
    /// to VMs to be upgraded and so are left as they are.
    pub fn guests(&self, state: &Project, scope: &VmScope) -> Vec<VmId> {
        match scope {
            // No step turns a VM into a template or back: a cluster's guests are gathered with its VMs.
            VmScope::Cluster(cluster) => self
                .members(state)
                .get(cluster)
                .map_or_else(Vec::new, |members| members.guests.clone()),
            VmScope::Vms(vms) => vms
                .iter()
                .copied()
                .filter(|id| state.vms.get(id).is_some_and(|vm| !vm.template))
                .collect(),
        }
    }

    /// Every VM of `cluster`, templates included, in ID order: [`vms_in`] for a cluster scope, gathered once.
    pub fn of_cluster(&self, state: &Project, cluster: crate::model::ClusterId) -> &[VmId] {
        self.members(state)
            .get(&cluster)
            .map_or(&[][..], |members| members.all.as_slice())
    }

    fn members(
        &self,
        state: &Project,
    ) -> &std::collections::BTreeMap<crate::model::ClusterId, Members> {
        self.0.get_or_init(|| {
            let mut by_cluster: std::collections::BTreeMap<_, Members> =
                std::collections::BTreeMap::new();
            for (&id, vm) in &state.vms {
                if let Some(cluster) = vm.cluster {
                    let members = by_cluster.entry(cluster).or_default();
                    members.all.push(id);
                    if !vm.template {
                        members.guests.push(id);
                    }
                }
            }
            by_cluster
        })
    }
}

/// The hosts with a path to each LUN, gathered on first use and kept for a walk through the plan: no step adds or
/// removes a path, so each EVA alignment or Round Robin step of a LUN visits its hosts instead of every host of
/// the estate (LUN steps times hosts grows with the square of the estate).
#[derive(Default)]
pub struct LunHosts(
    std::cell::OnceCell<std::collections::BTreeMap<crate::model::LunId, Vec<HostId>>>,
);

impl LunHosts {
    /// Every host with a path to `lun`, once each, in ID order.
    pub fn of(&self, state: &Project, lun: crate::model::LunId) -> &[HostId] {
        let by_lun = self.0.get_or_init(|| {
            let mut by_lun: std::collections::BTreeMap<_, Vec<HostId>> =
                std::collections::BTreeMap::new();
            for (&id, host) in &state.hosts {
                for path in &host.lun_paths {
                    let hosts = by_lun.entry(path.lun).or_default();
                    // A host's paths to one LUN are counted once.
                    if hosts.last() != Some(&id) {
                        hosts.push(id);
                    }
                }
            }
            by_lun
        });
        by_lun.get(&lun).map_or(&[][..], Vec::as_slice)
    }
}

/// The VMs a stage's steps upgrade, from the estate before the stage: VMware Tools on each VM of a Tools step's
/// scope whose Tools are not current, virtual hardware on each VM of a hardware step's scope (less its exceptions)
/// not on version 7 yet, as [`apply_step`] changes them.
pub fn vm_upgrades(state: &Project, stage: &crate::model::Stage) -> crate::rules::VmUpgrades {
    let mut upgrades = crate::rules::VmUpgrades::default();
    let clusters = ClusterVms::default();
    for step in &stage.steps {
        match step {
            Step::UpgradeTools { scope } => {
                upgrades
                    .tools
                    .extend(clusters.guests(state, scope).into_iter().filter(|id| {
                        state
                            .vms
                            .get(id)
                            .is_some_and(|vm| vm.tools != ToolsStatus::Current)
                    }));
            }
            Step::UpgradeHardware { scope, except } => {
                upgrades
                    .hardware
                    .extend(clusters.guests(state, scope).into_iter().filter(|id| {
                        !except.contains(id)
                            && state.vms.get(id).is_some_and(|vm| !vm.hardware_at_least(7))
                    }));
            }
            _ => {}
        }
    }
    upgrades
}

/// An [`Step::AlignEvaPaths`] of `lun` to `controller` would change nothing: the Vdisk already prefers that
/// controller with failback, is managed by it, and every path [`apply_step`] would set already points at it.
pub fn eva_paths_aligned(
    state: &Project,
    lun: crate::model::LunId,
    controller: Controller,
) -> bool {
    paths_aligned(state, state.hosts.values(), lun, controller)
}

/// [`eva_paths_aligned`] with the hosts that have a path to `lun` given (`Index::hosts_seeing`): the other
/// hosts have no path that could be out of line, and at scale reading every host for every LUN is quadratic.
pub fn eva_paths_aligned_on(
    state: &Project,
    hosts_seeing: &[HostId],
    lun: crate::model::LunId,
    controller: Controller,
) -> bool {
    let hosts = hosts_seeing.iter().filter_map(|id| state.hosts.get(id));
    paths_aligned(state, hosts, lun, controller)
}

/// The Vdisk and the paths of `hosts` to `lun` already point at `controller`.
fn paths_aligned<'h>(
    state: &Project,
    mut hosts: impl Iterator<Item = &'h crate::model::Host>,
    lun: crate::model::LunId,
    controller: Controller,
) -> bool {
    let Some(vdisk) = state.luns.get(&lun) else {
        return true;
    };
    let preference = match controller {
        Controller::A => PreferredPath::AFailoverFailback,
        Controller::B => PreferredPath::BFailoverFailback,
    };
    vdisk.owner == controller
        && vdisk.preferred == preference
        && hosts.all(|host| host_paths_aligned(host, lun, controller))
}

/// Every path of `host` to `lun` that [`apply_step`] would set already points at `controller` as Fixed.
fn host_paths_aligned(
    host: &crate::model::Host,
    lun: crate::model::LunId,
    controller: Controller,
) -> bool {
    let vi3 = !host.release().is_vsphere4_or_later();
    host.lun_paths
        .iter()
        .filter(|path| path.lun == lun && (path.policy == PathPolicy::Fixed || vi3))
        .all(|path| path.policy == PathPolicy::Fixed && path.preferred == Some(controller))
}

/// Applies one step to the projected state. `design` is the plan's own project (for what FT should look like).
pub fn apply_step(state: &mut Project, design: &Project, step: &Step, progress: &mut Progress) {
    apply_step_in(
        state,
        design,
        step,
        progress,
        &ClusterVms::default(),
        &LunHosts::default(),
    );
}

/// Whether [`apply_step`] of `step` may change what an estate's index or connectivity graph is derived from:
/// where hosts sit and their ports, FlexNICs, zoning and host entries, and the VMs' own settings. The steps that
/// change only releases, firmware, licences, path policies, agents or the plan's progress leave both as they were,
/// so a walk through the plan carries them over such steps.
pub fn reshapes(step: &Step) -> bool {
    match step {
        Step::MoveBlade { .. }
        | Step::ResizeFlexNics { .. }
        | Step::RezoneHost { .. }
        | Step::UpdateArrayHosts { .. }
        | Step::UpgradeTools { .. }
        | Step::UpgradeHardware { .. }
        | Step::InflateDisks { .. }
        | Step::EnableFt { .. } => true,
        Step::Manual { .. }
        | Step::AlignEvaPaths { .. }
        | Step::RoundRobin { .. }
        | Step::UpdateOaFirmware { .. }
        | Step::UpdateBladeFirmware { .. }
        | Step::ActivateVcFirmware { .. }
        | Step::RecreateVcDomain { .. }
        | Step::UpdateFirmware { .. }
        | Step::BackupVcenter { .. }
        | Step::PreUpgradeCheck { .. }
        | Step::BackupVcDomain { .. }
        | Step::BackupUpdateManager { .. }
        | Step::DefineBaselines { .. }
        | Step::UpgradeVcenter { .. }
        | Step::UpgradeUpdateManager { .. }
        | Step::StaticAddress { .. }
        | Step::RemoveAgents { .. }
        | Step::ReinstallAgents { .. }
        | Step::CleanupEsx3 { .. }
        | Step::RelaxAdmissionControl { .. }
        | Step::RestoreAdmissionControl { .. }
        | Step::ApplyLicences { .. }
        | Step::ApplyHostLicences { .. }
        | Step::ApplyVcenterLicence { .. } => false,
    }
}

/// [`apply_step`] with the clusters' VMs and the LUNs' hosts gathered once for the whole walk.
pub fn apply_step_in(
    state: &mut Project,
    design: &Project,
    step: &Step,
    progress: &mut Progress,
    clusters: &ClusterVms,
    lun_hosts: &LunHosts,
) {
    match step {
        Step::Manual { .. } => {}
        Step::AlignEvaPaths { lun, controller } => {
            if let Some(vdisk) = state.luns.get_mut(lun) {
                vdisk.owner = *controller;
                vdisk.preferred = match controller {
                    Controller::A => PreferredPath::AFailoverFailback,
                    Controller::B => PreferredPath::BFailoverFailback,
                };
            }
            for host in lun_hosts.of(state, *lun) {
                let Some(host) = state.hosts.get_mut(host) else {
                    continue;
                };
                let vi3 = !host.release().is_vsphere4_or_later();
                for path in host.lun_paths.iter_mut().filter(|path| path.lun == *lun) {
                    if path.policy == PathPolicy::Fixed || vi3 {
                        path.policy = PathPolicy::Fixed;
                        path.preferred = Some(*controller);
                    }
                }
            }
        }
        Step::ResizeFlexNics { host, port, speeds } => {
            let Some(host) = state.hosts.get_mut(host) else {
                return;
            };
            let mut changed = Vec::new();
            if let Some(port) = host.nic_ports.iter_mut().find(|p| p.name == *port) {
                for speed in speeds {
                    if let Some(flexnic) =
                        port.flexnics.iter_mut().find(|f| f.letter == speed.letter)
                    {
                        changed.push((flexnic.mbps, speed.mbps, flexnic.networks.clone()));
                        flexnic.mbps = speed.mbps;
                    }
                }
            }
            // A VMkernel port riding a resized FlexNIC sees the new speed.
            for vmk in &mut host.vmkernel_ports {
                for (old, new, networks) in &changed {
                    if vmk.uplink_mbps == *old && vmk.network.is_some_and(|n| networks.contains(&n))
                    {
                        vmk.uplink_mbps = *new;
                    }
                }
            }
        }
        Step::MoveBlade {
            host,
            enclosure,
            bay,
        } => {
            let changes = move_blade(state, *host, *enclosure, *bay);
            if !changes.is_empty() {
                progress.identity_changes.insert(*host, changes);
            }
        }
        Step::RezoneHost { host } => {
            let changes = progress
                .identity_changes
                .get(host)
                .cloned()
                .unwrap_or_default();
            for fabric in state.fabrics.values_mut() {
                for zone in &mut fabric.zones {
                    replace_wwpns(&mut zone.members, &changes);
                }
            }
        }
        Step::UpdateArrayHosts { host } => {
            let changes = progress
                .identity_changes
                .get(host)
                .cloned()
                .unwrap_or_default();
            for array in state.arrays.values_mut() {
                for entry in &mut array.host_entries {
                    replace_wwpns(&mut entry.wwpns, &changes);
                }
            }
        }
        Step::UpdateOaFirmware { .. } => {}
        Step::UpdateBladeFirmware { hosts } => {
            progress
                .blade_firmware_updated
                .extend(hosts.iter().copied());
        }
        Step::ActivateVcFirmware { enclosure, side } => {
            if let Some(e) = state.enclosures.get_mut(enclosure) {
                let odd = *side == crate::model::InterconnectSide::Odd;
                for (bay, module) in &mut e.interconnects {
                    if (*bay % 2 == 1) == odd && !module.planned_firmware.is_empty() {
                        module.previous_firmware = std::mem::take(&mut module.firmware);
                        module.firmware = std::mem::take(&mut module.planned_firmware);
                    }
                }
            }
            // Both sides done: the enclosure's firmware is current.
            let pending = state.enclosures.get(enclosure).is_some_and(|e| {
                e.interconnects
                    .values()
                    .any(|m| !m.planned_firmware.is_empty())
            });
            if !pending && *side == crate::model::InterconnectSide::Even {
                progress.firmware_updated.insert(*enclosure);
            }
        }
        Step::RecreateVcDomain { enclosure } => {
            progress.firmware_updated.insert(*enclosure);
            if let Some(e) = state.enclosures.get_mut(enclosure) {
                for module in e.interconnects.values_mut() {
                    if !module.planned_firmware.is_empty() {
                        module.previous_firmware = std::mem::take(&mut module.firmware);
                        module.firmware = std::mem::take(&mut module.planned_firmware);
                    }
                }
                // Recreated with the recorded ranges and profiles, bound to the enclosure as it is now.
                e.midplane_replaced = false;
            }
        }
        Step::BackupVcenter { vcenter } => {
            progress.vcenters_backed_up.insert(*vcenter);
        }
        Step::PreUpgradeCheck { vcenter } => {
            progress.vcenters_pre_checked.insert(*vcenter);
        }
        Step::BackupVcDomain { enclosure } => {
            progress.domains_backed_up.insert(*enclosure);
        }
        Step::BackupUpdateManager { vcenter } => {
            progress.update_managers_backed_up.insert(*vcenter);
        }
        Step::DefineBaselines { vcenter, .. } => {
            progress.baselines_defined.insert(*vcenter);
        }
        Step::UpgradeVcenter { vcenter, release } => {
            progress.vcenters_upgraded.insert(*vcenter);
            if let Some(vcenter) = state.vcenters.get_mut(vcenter) {
                vcenter.release = *release;
                vcenter.build = None;
            }
        }
        Step::UpgradeUpdateManager { vcenter, release } => {
            if let Some(vcenter) = state.vcenters.get_mut(vcenter) {
                vcenter.update_manager = Some(*release);
            }
        }
        Step::UpdateFirmware {
            enclosure,
            recreate_domain,
        } => {
            progress.firmware_updated.insert(*enclosure);
            if !*recreate_domain
                && state
                    .enclosures
                    .get(enclosure)
                    .is_some_and(|e| e.midplane_replaced && e.vc_domain.is_some())
            {
                progress.domains_restored.insert(*enclosure);
            }
            if let Some(enclosure) = state.enclosures.get_mut(enclosure) {
                for module in enclosure.interconnects.values_mut() {
                    if !module.planned_firmware.is_empty() {
                        module.previous_firmware = std::mem::take(&mut module.firmware);
                        module.firmware = std::mem::take(&mut module.planned_firmware);
                    }
                }
                if *recreate_domain {
                    // A domain recreated by hand is bound to the enclosure as it is now.
                    enclosure.midplane_replaced = false;
                }
            }
        }
        Step::StaticAddress { host } => {
            if let Some(host) = state.hosts.get_mut(host) {
                host.management_addressing = crate::model::Addressing::Static;
            }
        }
        Step::RemoveAgents { host } => {
            if let Some(h) = state.hosts.get_mut(host)
                && !h.agents.is_empty()
            {
                progress
                    .agents_removed
                    .insert(*host, std::mem::take(&mut h.agents));
            }
        }
        Step::ReinstallAgents { host } => {
            if let Some(host) = state.hosts.get_mut(host) {
                host.agents = vec![esx4_agent_bundle(host)];
            }
        }
        Step::CleanupEsx3 { host } => {
            progress.rollback_window.remove(host);
        }
        Step::RelaxAdmissionControl { cluster } => {
            progress.admission_relaxed.insert(*cluster);
        }
        Step::RestoreAdmissionControl { cluster } => {
            progress.admission_relaxed.remove(cluster);
        }
        Step::RoundRobin { lun } => {
            for host in lun_hosts.of(state, *lun) {
                let Some(host) = state.hosts.get_mut(host) else {
                    continue;
                };
                for path in host.lun_paths.iter_mut().filter(|path| path.lun == *lun) {
                    path.policy = PathPolicy::RoundRobin;
                    path.preferred = None;
                    path.rr_iops = Some(1);
                }
            }
        }
        Step::UpgradeTools { scope } => {
            for id in clusters.guests(state, scope) {
                if let Some(vm) = state.vms.get_mut(&id) {
                    vm.tools = ToolsStatus::Current;
                }
            }
        }
        Step::UpgradeHardware { scope, except } => {
            for id in clusters.guests(state, scope) {
                if except.contains(&id) {
                    continue;
                }
                if let Some(vm) = state.vms.get_mut(&id)
                    && !vm.hardware_at_least(7)
                {
                    vm.hw_version = Some(7);
                }
            }
        }
        Step::InflateDisks { vm } => {
            if let Some(vm) = state.vms.get_mut(vm) {
                for disk in &mut vm.disks {
                    if matches!(disk.format, DiskFormat::Thin | DiskFormat::LazyZeroedThick) {
                        disk.format = DiskFormat::EagerZeroedThick;
                    }
                }
            }
        }
        Step::EnableFt { vm, secondary_host } => {
            let designed = design.vms.get(vm).and_then(|vm| vm.ft.clone());
            if let Some(vm) = state.vms.get_mut(vm) {
                let mut ft = designed.unwrap_or(FtProtection {
                    secondary_host: None,
                });
                ft.secondary_host = Some(*secondary_host);
                vm.ft = Some(ft);
            }
        }
        // A vSphere 4 key licenses ESX 4 only: hosts still on ESX 3.x keep their VI3 licence.
        Step::ApplyLicences { cluster, edition } => {
            for host in state.hosts.values_mut() {
                if host.cluster == Some(*cluster) && host.release().is_vsphere4_or_later() {
                    host.licence = *edition;
                }
            }
        }
        Step::ApplyHostLicences { hosts, edition } => {
            for id in hosts {
                if let Some(host) = state.hosts.get_mut(id)
                    && host.release().is_vsphere4_or_later()
                {
                    host.licence = *edition;
                }
            }
        }
        // The projected estate records no vCenter licence; the key schedule (LIC-04) follows it.
        Step::ApplyVcenterLicence { .. } => {}
    }
}

/// What a host's vendor agents for ESX 4 are called once reinstalled (OPS-03): the HP ESX 4 agent bundle on ESX,
/// HP's OEM components on ESXi (no service console), the vendor's own agents on other hardware.
pub fn esx4_agent_bundle(host: &crate::model::Host) -> String {
    let hp = host.vendor.trim().eq_ignore_ascii_case("HP")
        || host.vendor.to_ascii_uppercase().starts_with("HEWLETT")
        || host.model.to_ascii_uppercase().contains("PROLIANT");
    match (hp, host.esx.product) {
        (true, EsxProduct::Esx) => "HP ESX 4 agent bundle".to_owned(),
        (true, EsxProduct::Esxi) => "HP OEM components for ESXi 4".to_owned(),
        (false, EsxProduct::Esx) if !host.vendor.trim().is_empty() => {
            format!("{} agents for ESX 4", host.vendor.trim())
        }
        (false, EsxProduct::Esxi) if !host.vendor.trim().is_empty() => {
            format!("{} OEM components for ESXi 4", host.vendor.trim())
        }
        (false, EsxProduct::Esx) => {
            "vendor agents for ESX 4 (the plan does not record the hardware vendor)".to_owned()
        }
        (false, EsxProduct::Esxi) => {
            "OEM components for ESXi 4 (the plan does not record the hardware vendor)".to_owned()
        }
    }
}

/// Moves a blade to another bay and gives it the identities that bay holds: with Virtual Connect-assigned WWNs
/// the server profile of the new bay (unknown when the plan does not record it), with factory WWNs its own.
/// Returns the WWPNs that changed, old and new, per HBA port.
pub fn move_blade(
    state: &mut Project,
    host: HostId,
    enclosure: crate::model::EnclosureId,
    bay: u8,
) -> Vec<(String, String)> {
    let profile_wwpns: Option<Vec<String>> = state
        .enclosures
        .get(&enclosure)
        .and_then(|e| e.vc_domain.as_ref())
        .map(|domain| {
            domain
                .profiles
                .get(&bay)
                .map(|p| p.wwpns.clone())
                .unwrap_or_default()
        });
    let Some(host) = state.hosts.get_mut(&host) else {
        return Vec::new();
    };
    host.placement = Placement::Blade { enclosure, bay };
    let mut changes = Vec::new();
    if host.zoning_wwns != crate::model::WwnSource::VirtualConnect {
        return changes;
    }
    // No VC domain at the destination: the HBA shows its factory WWNs, which the plan does not record.
    let profile = profile_wwpns.unwrap_or_default();
    for (position, port) in host.fc_ports.iter_mut().enumerate() {
        let new = profile.get(position).cloned().unwrap_or_default();
        if !crate::topology::same_wwpn(&port.wwpn, &new) {
            changes.push((std::mem::replace(&mut port.wwpn, new.clone()), new));
        }
    }
    changes
}

/// Replaces old WWPNs by new ones in a list (an unknown new WWPN removes the old one).
fn replace_wwpns(list: &mut Vec<String>, changes: &[(String, String)]) {
    for (old, new) in changes {
        let mut replaced = false;
        for wwpn in list.iter_mut() {
            if crate::topology::same_wwpn(wwpn, old) {
                wwpn.clone_from(new);
                replaced = true;
            }
        }
        if replaced {
            list.retain(|w| !w.trim().is_empty());
        }
    }
}

/// Upgrades a wave's hosts to their targets: the new release and build, EVA paths moved off Fixed to
/// ALUA-aware MRU (procedure 2), the Tools of their clusters' VMs now older than the hosts, and a host new to
/// vSphere 4 in evaluation mode (no licence) until its key. Returns the VMs whose Tools it marked out of date,
/// in ID order.
pub fn upgrade_hosts(
    state: &mut Project,
    reference: &ReferenceData,
    hosts: &[(HostId, Release)],
    progress: &mut Progress,
) -> Vec<VmId> {
    let mut clusters = BTreeSet::new();
    let mut standalone = BTreeSet::new();
    for &(host_id, release) in hosts {
        let Some(host) = state.hosts.get_mut(&host_id) else {
            continue;
        };
        if host.release() >= release {
            continue;
        }
        // ESX 4 keeps no VI3 licence: the host runs in evaluation mode until a vSphere 4 key is applied (LIC-04).
        if !host.release().is_vsphere4_or_later() && release.is_vsphere4_or_later() {
            host.licence = crate::model::LicenceEdition::Unlicensed;
        }
        // An ESX 3.x host upgraded in place keeps its ESX 3 boot option until cleanup-esx3 (OPS-02); a switch to
        // ESXi is a fresh install with no way back.
        if host.esx.product == EsxProduct::Esx
            && host.target_product.is_none_or(|p| p == EsxProduct::Esx)
            && !host.release().is_vsphere4_or_later()
            && release.is_vsphere4_or_later()
        {
            progress.rollback_window.insert(host_id);
        }
        host.esx.release = release;
        host.esx.build = build_of(reference, host.esx.product, release);
        host.esx.patches.clear();
        for path in &mut host.lun_paths {
            if path.policy == PathPolicy::Fixed {
                path.policy = PathPolicy::Mru;
                path.preferred = None;
            }
        }
        match host.cluster {
            Some(cluster) => clusters.insert(cluster),
            None => standalone.insert(host_id),
        };
        progress.hosts_upgraded.insert(host_id);
    }
    let mut outdated = Vec::new();
    if clusters.is_empty() && standalone.is_empty() {
        return outdated;
    }
    // One pass over the VMs for the whole wave. VMs of one cluster mostly follow each other in ID order, so
    // whether their cluster is upgraded is looked up once a run.
    let mut cluster_upgraded: Option<(crate::model::ClusterId, bool)> = None;
    for (&id, vm) in &mut state.vms {
        let affected = match vm.cluster {
            Some(cluster) => match cluster_upgraded {
                Some((of, upgraded)) if of == cluster => upgraded,
                _ => {
                    let upgraded = clusters.contains(&cluster);
                    cluster_upgraded = Some((cluster, upgraded));
                    upgraded
                }
            },
            None => vm.host.is_some_and(|h| standalone.contains(&h)),
        };
        if affected && vm.tools == ToolsStatus::Current {
            vm.tools = ToolsStatus::Old;
            outdated.push(id);
        }
    }
    outdated
}

/// Where the VMs an [`evacuate`] moved stood before it: their host and FT Secondary host.
#[must_use = "the estate keeps the evacuated placement until it is restored"]
pub struct Evacuation(Vec<(VmId, Option<HostId>, Option<HostId>)>);

impl Evacuation {
    /// Each VM moved, with the host and FT Secondary host it stood on before, in ID order.
    pub fn moved(&self) -> &[(VmId, Option<HostId>, Option<HostId>)] {
        &self.0
    }

    /// Puts every moved VM back where it stood, as the hosts leave maintenance mode.
    pub fn restore(self, state: &mut Project) {
        for (id, host, secondary) in self.0 {
            if let Some(vm) = state.vms.get_mut(&id) {
                vm.host = host;
                if let Some(ft) = vm.ft.as_mut() {
                    ft.secondary_host = secondary;
                }
            }
        }
    }
}

/// Moves the VMs off hosts in maintenance mode, as DRS would: each to the cluster host with the most free
/// memory; an FT Secondary never onto its Primary's host. The walk checks the moment in place and restores it
/// afterwards, rather than cloning the whole estate for each wave.
pub fn evacuate(state: &mut Project, in_maintenance: &BTreeSet<HostId>) -> Evacuation {
    use std::collections::BTreeMap;
    let mut moved = Vec::new();
    if in_maintenance.is_empty() {
        return Evacuation(moved);
    }
    let mut used: BTreeMap<HostId, u64> = BTreeMap::new();
    // The VMs with their host or FT Secondary in maintenance, in ID order: the only ones that move.
    let mut leaving = Vec::new();
    // VMs of one host mostly follow each other: a run's memory is added to the map once, when the run ends, and
    // whether its host is in maintenance is looked up once.
    let mut run: Option<(HostId, u64, bool)> = None;
    for (&id, vm) in &state.vms {
        let mut leaves = false;
        if let Some(host) = vm.host {
            match &mut run {
                Some((of, memory, down)) if *of == host => {
                    *memory += u64::from(vm.memory_mb);
                    leaves = *down;
                }
                _ => {
                    leaves = in_maintenance.contains(&host);
                    if let Some((of, memory, _)) =
                        run.replace((host, u64::from(vm.memory_mb), leaves))
                    {
                        *used.entry(of).or_default() += memory;
                    }
                }
            }
        }
        if let Some(host) = vm.ft_secondary_host() {
            *used.entry(host).or_default() += u64::from(vm.memory_mb);
            leaves |= in_maintenance.contains(&host);
        }
        if leaves {
            leaving.push(id);
        }
    }
    if let Some((of, memory, _)) = run {
        *used.entry(of).or_default() += memory;
    }
    // Each cluster's hosts that stay up, with their free memory: a VM's candidates are a short list to scan, and
    // a host is in one cluster's list only, so a move updates the one entry later picks read.
    let mut cluster_hosts: BTreeMap<crate::model::ClusterId, Vec<(HostId, i64)>> = BTreeMap::new();
    for (&id, host) in &state.hosts {
        if let Some(cluster) = host.cluster
            && !in_maintenance.contains(&id)
        {
            let free = i64::from(host.memory_gb) * 1024
                - used.get(&id).copied().map_or(0, |used| used as i64);
            cluster_hosts.entry(cluster).or_default().push((id, free));
        }
    }
    // The candidate with the most free memory (ties to the lowest ID, so the result is the same on every run),
    // its free memory taken by the VM.
    let place = |candidates: &mut Vec<(HostId, i64)>, avoid: Option<HostId>, memory: u64| {
        let (target, free) = candidates
            .iter_mut()
            .filter(|(host, _)| Some(*host) != avoid)
            .max_by_key(|(host, free)| (*free, std::cmp::Reverse(*host)))?;
        *free -= memory as i64;
        Some(*target)
    };
    for id in leaving {
        let Some(vm) = state.vms.get_mut(&id) else {
            continue;
        };
        let Some(candidates) = vm.cluster.and_then(|c| cluster_hosts.get_mut(&c)) else {
            continue;
        };
        let before = (id, vm.host, vm.ft_secondary_host());
        let memory = u64::from(vm.memory_mb);
        // The memory a VM leaves on a host in maintenance is not given back: no VM goes to such a host.
        if vm.host.is_some_and(|h| in_maintenance.contains(&h)) {
            let avoid = vm.ft_secondary_host();
            if let Some(target) = place(candidates, avoid, memory) {
                vm.host = Some(target);
            }
        }
        let primary = vm.host;
        if let Some(ft) = vm.ft.as_mut()
            && ft
                .secondary_host
                .is_some_and(|h| in_maintenance.contains(&h))
            && let Some(target) = place(candidates, primary, memory)
        {
            ft.secondary_host = Some(target);
        }
        if (vm.host, vm.ft_secondary_host()) != (before.1, before.2) {
            moved.push(before);
        }
    }
    Evacuation(moved)
}
