//! The inspector: typed editors for every property of the selected object. Widgets edit a draft; a finished
//! gesture (checkbox, choice, drag released, text committed) becomes one transaction.

use egui::{Color32, RichText};

use super::action::Action;
use super::panel::PanelContext;
use super::theme;
use crate::edit::{Edit, ObjectValue, Transaction};
use crate::model::{
    AdmissionControl, Controller, DiskFormat, EsxProduct, FtProtection, Host, HostId,
    IsolationResponse, LicenceEdition, ModuleKind, NicKind, ObjectRef, PathPolicy, PowerProfile,
    PowerState, PreferredPath, Project, Release, RestartPriority, ToolsStatus, Vm,
};
use crate::refdata::{LimitItem, ReferenceData};

/// The object being edited and its draft value, kept while the document revision stays the same.
pub struct Draft {
    object: ObjectRef,
    revision: u64,
    value: ObjectValue,
}

/// Collects what a frame's widgets committed.
struct Editor {
    commit: Option<String>,
}

impl Editor {
    fn done(&mut self, what: &str) {
        self.commit.get_or_insert_with(|| what.to_owned());
    }

    fn text(&mut self, ui: &mut egui::Ui, label: &str, value: &mut String) {
        let name = ui.label(label);
        let response = ui
            .add(egui::TextEdit::singleline(value).desired_width(170.0))
            .labelled_by(name.id);
        if response.lost_focus() {
            self.done(&format!("Edit {}", label.to_lowercase()));
        }
        ui.end_row();
    }

    fn number<N: egui::emath::Numeric>(
        &mut self,
        ui: &mut egui::Ui,
        label: &str,
        value: &mut N,
        range: std::ops::RangeInclusive<N>,
        suffix: &str,
    ) {
        let name = ui.label(label);
        let response = ui
            .add(
                egui::DragValue::new(value)
                    .update_while_editing(false)
                    .range(range)
                    .suffix(suffix),
            )
            .labelled_by(name.id);
        if response.drag_stopped() || (response.changed() && !response.dragged()) {
            self.done(&format!("Set {}", label.to_lowercase()));
        }
        ui.end_row();
    }

    /// A number the plan may not know: "unknown" with a button to give it, or the value with one to forget it.
    fn optional_number<N: egui::emath::Numeric>(
        &mut self,
        ui: &mut egui::Ui,
        label: &str,
        value: &mut Option<N>,
        range: std::ops::RangeInclusive<N>,
        suffix: &str,
    ) {
        let name = ui.label(label);
        ui.horizontal(|ui| match value {
            None => {
                ui.weak("unknown");
                if ui
                    .small_button("Set")
                    .labelled_by(name.id)
                    .on_hover_text(format!("Record the {}", label.to_lowercase()))
                    .clicked()
                {
                    *value = Some(*range.start());
                    self.done(&format!("Set {}", label.to_lowercase()));
                }
            }
            Some(number) => {
                let response = ui
                    .add(
                        egui::DragValue::new(number)
                            .update_while_editing(false)
                            .range(range)
                            .suffix(suffix),
                    )
                    .labelled_by(name.id);
                if response.drag_stopped() || (response.changed() && !response.dragged()) {
                    self.done(&format!("Set {}", label.to_lowercase()));
                }
                if ui
                    .small_button("Unknown")
                    .on_hover_text("The plan does not know this value")
                    .clicked()
                {
                    *value = None;
                    self.done(&format!("Forget {}", label.to_lowercase()));
                }
            }
        });
        ui.end_row();
    }

    /// A read-only line.
    fn fact(ui: &mut egui::Ui, label: &str, value: &str) {
        ui.label(label);
        ui.label(value);
        ui.end_row();
    }

    fn check(&mut self, ui: &mut egui::Ui, label: &str, value: &mut bool) {
        ui.label("");
        if ui.checkbox(value, label).changed() {
            self.done(&format!("Toggle {}", label.to_lowercase()));
        }
        ui.end_row();
    }

    fn choice<T: PartialEq + Clone>(
        &mut self,
        ui: &mut egui::Ui,
        label: &str,
        value: &mut T,
        options: &[(T, String)],
    ) {
        let current = options
            .iter()
            .find(|(v, _)| v == value)
            .map_or_else(|| "(other)".to_owned(), |(_, t)| t.clone());
        let name = ui.label(label);
        let mut changed = false;
        egui::ComboBox::from_id_salt(label)
            .selected_text(current)
            .show_ui(ui, |ui| {
                for (option, text) in options {
                    if ui.selectable_label(option == value, text).clicked() && option != value {
                        *value = option.clone();
                        changed = true;
                    }
                }
            })
            .response
            .labelled_by(name.id);
        if changed {
            self.done(&format!("Set {}", label.to_lowercase()));
        }
        ui.end_row();
    }
}

fn releases(list: &[&str]) -> Vec<(Release, String)> {
    list.iter()
        .filter_map(|t| t.parse::<Release>().ok().map(|r| (r, (*t).to_owned())))
        .collect()
}

fn debug_options<T: Copy + std::fmt::Debug>(values: &[T]) -> Vec<(T, String)> {
    values.iter().map(|v| (*v, format!("{v:?}"))).collect()
}

/// The inspector panel.
pub fn inspector_ui(ui: &mut egui::Ui, panel: PanelContext<'_>, draft: &mut Option<Draft>) {
    let PanelContext {
        project,
        reference,
        revision,
        state,
        actions,
    } = panel;
    let selection = &state.selection;
    let mut selected = selection.iter().copied();
    let (Some(object), None) = (selected.next(), selected.next()) else {
        *draft = None;
        if selection.is_empty() {
            ui.label("Select an object on the canvas, in the outline or in the findings to see its properties.");
        } else {
            ui.label(format!("{} objects selected", selection.len()));
            if ui.button("Delete selection").clicked() {
                actions.push(Action::Command(super::commands::UiCommand::Delete));
            }
            if ui.button("Duplicate selection").clicked() {
                actions.push(Action::Command(super::commands::UiCommand::Duplicate));
            }
        }
        return;
    };
    let Some(original) = ObjectValue::of(project, object) else {
        *draft = None;
        ui.label("The selected object no longer exists.");
        return;
    };
    if draft
        .as_ref()
        .is_none_or(|d| d.object != object || d.revision != revision)
    {
        *draft = Some(Draft {
            object,
            revision,
            value: original.clone(),
        });
    }
    let Some(current) = draft.as_mut() else {
        return;
    };
    let name = project.name_of(object).unwrap_or("?").to_owned();
    ui.heading(format!("{name} ({})", object.kind().replace('_', " ")));
    let mut editor = Editor { commit: None };
    let mut extra: Vec<Edit> = Vec::new();
    egui::ScrollArea::vertical()
        .id_salt("inspector")
        .show(ui, |ui| {
            egui::Grid::new("inspector-grid")
                .num_columns(2)
                .spacing([8.0, 4.0])
                .show(ui, |ui| match &mut current.value {
                    ObjectValue::Vm(vm) => vm_ui(ui, &mut editor, project, vm),
                    ObjectValue::Host(host) => host_ui(ui, &mut editor, project, reference, host),
                    ObjectValue::Enclosure(e) => {
                        editor.text(ui, "Name", &mut e.name);
                        Editor::fact(ui, "Rack", &mounted_at(project, object));
                        editor.text(ui, "Serial", &mut e.serial);
                        editor.check(ui, "Midplane replaced", &mut e.midplane_replaced);
                        editor.text(ui, "OA firmware", &mut e.oa_firmware);
                        for bay in 1..=crate::model::C7000_INTERCONNECT_BAYS {
                            let mut kind = e.interconnects.get(&bay).map(|m| m.kind);
                            let options: Vec<(Option<ModuleKind>, String)> =
                                std::iter::once((None, "empty".to_owned()))
                                    .chain(
                                        [
                                            ModuleKind::VcFlex10,
                                            ModuleKind::VcEnet,
                                            ModuleKind::VcFc,
                                            ModuleKind::PassThrough,
                                            ModuleKind::Other,
                                        ]
                                        .map(|k| (Some(k), format!("{k:?}"))),
                                    )
                                    .collect();
                            let before = kind;
                            editor.choice(
                                ui,
                                &format!("Interconnect bay {bay}"),
                                &mut kind,
                                &options,
                            );
                            if kind != before {
                                match kind {
                                    Some(kind) => {
                                        e.interconnects.entry(bay).or_default().kind = kind;
                                    }
                                    None => {
                                        e.interconnects.remove(&bay);
                                    }
                                }
                            }
                        }
                        if let Some(domain) = &mut e.vc_domain {
                            editor.text(ui, "VC MAC range", &mut domain.mac_range);
                            editor.text(ui, "VC WWN range", &mut domain.wwn_range);
                            editor.check(ui, "VC config backed up", &mut domain.config_backup);
                        } else if ui.button("Create VC domain").clicked() {
                            e.vc_domain = Some(crate::model::VcDomain {
                                name: format!("vcd-{}", e.name),
                                ..Default::default()
                            });
                            editor.done("Create VC domain");
                        }
                    }
                    ObjectValue::Cluster(c) => {
                        editor.text(ui, "Name", &mut c.name);
                        let vcenters: Vec<_> = std::iter::once((None, "none".to_owned()))
                            .chain(
                                project
                                    .vcenters
                                    .iter()
                                    .map(|(id, v)| (Some(*id), v.name.clone())),
                            )
                            .collect();
                        editor.choice(ui, "vCenter", &mut c.vcenter, &vcenters);
                        editor.check(ui, "HA enabled", &mut c.ha.enabled);
                        editor.check(ui, "HA host monitoring", &mut c.ha.host_monitoring);
                        let policies = vec![
                            (AdmissionControl::Disabled, "disabled".to_owned()),
                            (
                                AdmissionControl::HostFailures(1),
                                "1 host failure".to_owned(),
                            ),
                            (
                                AdmissionControl::HostFailures(2),
                                "2 host failures".to_owned(),
                            ),
                            (
                                AdmissionControl::Percentage {
                                    cpu: 25,
                                    memory: 25,
                                },
                                "25 % reserved".to_owned(),
                            ),
                        ];
                        editor.choice(
                            ui,
                            "Admission control",
                            &mut c.ha.admission_control,
                            &policies,
                        );
                        let responses = vec![
                            (None, "not recorded".to_owned()),
                            (
                                Some(IsolationResponse::LeaveOn),
                                "leave powered on".to_owned(),
                            ),
                            (Some(IsolationResponse::PowerOff), "power off".to_owned()),
                            (Some(IsolationResponse::ShutDown), "shut down".to_owned()),
                        ];
                        editor.choice(
                            ui,
                            "Isolation response",
                            &mut c.ha.isolation_response,
                            &responses,
                        );
                        Editor::fact(
                            ui,
                            "Isolation addresses",
                            &if c.ha.isolation_addresses.is_empty() {
                                "the management gateway (default)".to_owned()
                            } else {
                                c.ha.isolation_addresses.join(", ")
                            },
                        );
                        editor.optional_number(
                            ui,
                            "Failure detection",
                            &mut c.ha.failure_detection_ms,
                            1_000..=120_000,
                            " ms",
                        );
                        editor.optional_number(
                            ui,
                            "Slot CPU cap",
                            &mut c.ha.slot_cpu_mhz,
                            32..=100_000,
                            " MHz",
                        );
                        editor.optional_number(
                            ui,
                            "Slot memory cap",
                            &mut c.ha.slot_memory_mb,
                            64..=1_048_576,
                            " MB",
                        );
                        editor.check(ui, "DRS enabled", &mut c.drs.enabled);
                        editor.check(ui, "DPM", &mut c.drs.dpm);
                        let modes: Vec<_> = std::iter::once((None, "EVC off".to_owned()))
                            .chain(reference.evc_baselines.iter().map(|b| {
                                (Some(b.key.clone()), format!("{} ({})", b.label, b.level))
                            }))
                            .collect();
                        editor.choice(ui, "EVC mode", &mut c.evc_mode, &modes);
                        editor.check(ui, "Host profiles", &mut c.host_profiles);
                    }
                    ObjectValue::Lun(lun) => {
                        editor.text(ui, "Name", &mut lun.name);
                        editor.number(ui, "Size", &mut lun.size_gb, 1..=65_536, " GB");
                        editor.choice(
                            ui,
                            "Owning controller",
                            &mut lun.owner,
                            &debug_options(&[Controller::A, Controller::B]),
                        );
                        editor.choice(
                            ui,
                            "Preferred path",
                            &mut lun.preferred,
                            &debug_options(&[
                                PreferredPath::NoPreference,
                                PreferredPath::AFailover,
                                PreferredPath::AFailoverFailback,
                                PreferredPath::BFailover,
                                PreferredPath::BFailoverFailback,
                            ]),
                        );
                        let lun_id = match object {
                            ObjectRef::Lun(id) => id,
                            _ => return,
                        };
                        ui.strong("Path policy per host");
                        ui.end_row();
                        for (&host_id, host) in project
                            .hosts
                            .iter()
                            .filter(|(_, h)| h.path_to(lun_id).is_some())
                        {
                            let mut changed = host.clone();
                            let Some(path) = changed.lun_paths.iter_mut().find(|p| p.lun == lun_id)
                            else {
                                continue;
                            };
                            let mut sub = Editor { commit: None };
                            path_ui(ui, &mut sub, &host.name, path);
                            if sub.commit.is_some() {
                                extra.push(Edit::put(host_id, ObjectValue::Host(changed)));
                                editor.done(&format!("Set path policy of {}", host.name));
                            }
                        }
                    }
                    ObjectValue::Site(site) => {
                        editor.text(ui, "Name", &mut site.name);
                        editor.text(ui, "Location", &mut site.location);
                    }
                    ObjectValue::SiteLink(link) => {
                        editor.text(ui, "Name", &mut link.name);
                        editor.number(ui, "RTT", &mut link.rtt_ms, 0.0..=200.0, " ms");
                        editor.number(
                            ui,
                            "Bandwidth",
                            &mut link.bandwidth_mbps,
                            0..=100_000,
                            " Mb/s",
                        );
                        editor.check(ui, "L2 stretched", &mut link.l2_stretched);
                        editor.check(ui, "Long-distance vMotion", &mut link.long_distance_vmotion);
                        editor.check(ui, "Egress routing localised", &mut link.egress_localised);
                        let modes = vec![
                            (None, "not declared".to_owned()),
                            (
                                Some(crate::model::LdvStorageMode::RemoteAccess),
                                "remote access".to_owned(),
                            ),
                            (
                                Some(crate::model::LdvStorageMode::StorageVmotionFirst),
                                "Storage vMotion first".to_owned(),
                            ),
                            (
                                Some(crate::model::LdvStorageMode::ActiveActive),
                                "active/active".to_owned(),
                            ),
                            (
                                Some(crate::model::LdvStorageMode::ReplicationOnly),
                                "replication only".to_owned(),
                            ),
                        ];
                        editor.choice(ui, "Storage mode", &mut link.storage_mode, &modes);
                    }
                    ObjectValue::Vcenter(vc) => {
                        editor.text(ui, "Name", &mut vc.name);
                        editor.choice(
                            ui,
                            "Release",
                            &mut vc.release,
                            &releases(&[
                                "2.5 U2", "2.5 U4", "2.5 U5", "2.5 U6", "4.0", "4.0 U1", "4.1",
                            ]),
                        );
                        editor.check(
                            ui,
                            "SSL host certificate checking",
                            &mut vc.ssl_host_cert_check,
                        );
                        editor.text(ui, "Database", &mut vc.database);
                    }
                    ObjectValue::Array(array) => {
                        editor.text(ui, "Name", &mut array.name);
                        editor.text(ui, "Model", &mut array.model);
                        editor.text(ui, "Firmware", &mut array.firmware);
                    }
                    ObjectValue::Fabric(fabric) => {
                        editor.text(ui, "Name", &mut fabric.name);
                        editor.choice(
                            ui,
                            "Side",
                            &mut fabric.side,
                            &debug_options(&[
                                crate::model::FabricSide::A,
                                crate::model::FabricSide::B,
                            ]),
                        );
                    }
                    ObjectValue::Network(network) => {
                        editor.text(ui, "Port group", &mut network.name);
                        editor.number(ui, "VLAN", &mut network.vlan, 0..=4094, "");
                        editor.check(ui, "Isolated (non-routed)", &mut network.isolated);
                        editor.check(ui, "Stretched at L2", &mut network.stretched_l2);
                        editor.optional_number(
                            ui,
                            "VC network MTU",
                            &mut network.mtu,
                            576..=9000,
                            "",
                        );
                        editor.optional_number(
                            ui,
                            "Upstream MTU",
                            &mut network.upstream_mtu,
                            576..=9216,
                            "",
                        );
                    }
                    ObjectValue::Rack(v) => {
                        editor.text(ui, "Name", &mut v.name);
                        if let ObjectRef::Rack(rack) = object {
                            rack_units_ui(ui, project, rack);
                        }
                    }
                    ObjectValue::LicenceServer(v) => editor.text(ui, "Name", &mut v.name),
                    ObjectValue::FcSwitch(v) => {
                        editor.text(ui, "Name", &mut v.name);
                        editor.check(ui, "NPIV enabled", &mut v.npiv);
                    }
                    ObjectValue::Datastore(v) => {
                        editor.text(ui, "Name", &mut v.name);
                        if matches!(v.kind, crate::model::DatastoreKind::Vmfs { .. }) {
                            let sizes: Vec<_> = std::iter::once((None, "unknown".to_owned()))
                                .chain([1u8, 2, 4, 8].map(|mb| (Some(mb), format!("{mb} MB"))))
                                .collect();
                            editor.choice(ui, "VMFS block size", &mut v.block_mb, &sizes);
                        }
                    }
                    ObjectValue::Vswitch(v) => editor.text(ui, "Name", &mut v.name),
                    ObjectValue::ResourcePool(v) => editor.text(ui, "Name", &mut v.name),
                });
        });
    if let Some(label) = editor.commit
        && (current.value != original || !extra.is_empty())
    {
        let mut tx = Transaction::new(format!("{label} of {name}"));
        if current.value != original {
            tx.push(Edit::put(object, current.value.clone()));
        }
        tx.edits.extend(extra);
        actions.push(Action::Apply(tx));
    }
}

/// Where an enclosure or rack server sits: "R01 U1-U10", or why it has no units.
fn mounted_at(project: &Project, object: ObjectRef) -> String {
    let racks = crate::model::rack_contents(project);
    if let Some((rack, mount)) = crate::model::mount_of(&racks, object) {
        let name = project.name_of(rack.into()).unwrap_or("?");
        let how = if mount.recorded {
            ""
        } else {
            " (in order: the plan records no unit)"
        };
        return format!(
            "{name} {}{how}",
            crate::model::unit_range(mount.bottom, mount.height)
        );
    }
    match racks.iter().find(|(_, c)| c.unplaced.contains(&object)) {
        Some((rack, _)) => format!(
            "{}, without units: no room left, or a model whose height is not known",
            project.name_of((*rack).into()).unwrap_or("?")
        ),
        None => "not in a rack".to_owned(),
    }
}

/// A rack's units: used and free, and what sits at which units, top down as the rack reads.
fn rack_units_ui(ui: &mut egui::Ui, project: &Project, rack: crate::model::RackId) {
    let racks = crate::model::rack_contents(project);
    let Some(contents) = racks.get(&rack) else {
        return;
    };
    let units = crate::model::RACK_UNITS;
    Editor::fact(ui, "Units used", &format!("{} of {units}", contents.used()));
    let free: Vec<String> = contents
        .free_ranges()
        .into_iter()
        .map(|(low, high)| crate::model::unit_range(low, high - low + 1))
        .collect();
    let free_text = if free.is_empty() {
        "none".to_owned()
    } else {
        format!("{} ({})", contents.free(), free.join(", "))
    };
    Editor::fact(ui, "Units free", &free_text);
    for mount in contents.mounts.iter().rev() {
        let name = project.name_of(mount.object).unwrap_or("?");
        let how = if mount.recorded { "" } else { " (in order)" };
        Editor::fact(
            ui,
            &crate::model::unit_range(mount.bottom, mount.height),
            &format!("{name}{how}"),
        );
    }
    for object in &contents.unplaced {
        Editor::fact(ui, "No units", project.name_of(*object).unwrap_or("?"));
    }
}

fn vm_ui(ui: &mut egui::Ui, editor: &mut Editor, project: &Project, vm: &mut Vm) {
    editor.text(ui, "Name", &mut vm.name);
    let clusters: Vec<_> = std::iter::once((None, "none".to_owned()))
        .chain(
            project
                .clusters
                .iter()
                .map(|(id, c)| (Some(*id), c.name.clone())),
        )
        .collect();
    editor.choice(ui, "Cluster", &mut vm.cluster, &clusters);
    let hosts: Vec<_> = std::iter::once((None, "none".to_owned()))
        .chain(
            project
                .hosts
                .iter()
                .filter(|(_, h)| vm.cluster.is_none() || h.cluster == vm.cluster)
                .map(|(id, h)| (Some(*id), h.name.clone())),
        )
        .collect();
    editor.choice(ui, "Host", &mut vm.host, &hosts);
    let vcpus: Vec<(u32, String)> = [1u32, 2, 4, 8]
        .iter()
        .map(|&n| {
            (
                n,
                if n == 1 {
                    "1 vCPU".to_owned()
                } else {
                    format!("{n} vCPUs")
                },
            )
        })
        .collect();
    editor.choice(ui, "vCPUs", &mut vm.vcpus, &vcpus);
    editor.number(ui, "Memory", &mut vm.memory_mb, 4..=262_144, " MB");
    editor.number(
        ui,
        "Memory reservation",
        &mut vm.memory_reservation_mb,
        0..=262_144,
        " MB",
    );
    editor.number(
        ui,
        "CPU reservation",
        &mut vm.cpu_reservation_mhz,
        0..=100_000,
        " MHz",
    );
    editor.optional_number(
        ui,
        "Memory overhead",
        &mut vm.memory_overhead_mb,
        0..=16_384,
        " MB",
    );
    editor.optional_number(
        ui,
        "Oldest snapshot",
        &mut vm.oldest_snapshot_days,
        0..=10_000,
        " days",
    );
    editor.choice(
        ui,
        "Virtual hardware",
        &mut vm.hw_version,
        &[
            (None, "unknown".to_owned()),
            (Some(4), "version 4 (ESX 3.x)".to_owned()),
            (Some(7), "version 7 (ESX 4)".to_owned()),
        ],
    );
    editor.choice(
        ui,
        "VMware Tools",
        &mut vm.tools,
        &debug_options(&[
            ToolsStatus::NotInstalled,
            ToolsStatus::Old,
            ToolsStatus::Current,
        ]),
    );
    editor.text(ui, "Guest OS", &mut vm.guest_os);
    editor.choice(
        ui,
        "Power",
        &mut vm.power,
        &debug_options(&[PowerState::PoweredOn, PowerState::PoweredOff]),
    );
    let mut ft = vm.ft.is_some();
    ui.label("");
    if ui.checkbox(&mut ft, "Fault Tolerance (FT)").changed() {
        vm.ft = if ft {
            let secondary = project
                .hosts
                .iter()
                .find(|(id, h)| {
                    Some(**id) != vm.host && vm.cluster.is_some() && h.cluster == vm.cluster
                })
                .map(|(id, _)| *id);
            Some(FtProtection {
                secondary_host: secondary,
            })
        } else {
            None
        };
        editor.done(if ft { "Turn FT on" } else { "Turn FT off" });
    }
    ui.end_row();
    if let Some(protection) = &mut vm.ft {
        let secondaries: Vec<(Option<HostId>, String)> =
            std::iter::once((None, "not placed".to_owned()))
                .chain(
                    project
                        .hosts
                        .iter()
                        .filter(|(id, h)| Some(**id) != vm.host && h.cluster == vm.cluster)
                        .map(|(id, h)| (Some(*id), h.name.clone())),
                )
                .collect();
        editor.choice(
            ui,
            "FT Secondary host",
            &mut protection.secondary_host,
            &secondaries,
        );
    }
    editor.choice(
        ui,
        "HA restart priority",
        &mut vm.restart_priority,
        &debug_options(&[
            RestartPriority::ClusterDefault,
            RestartPriority::High,
            RestartPriority::Medium,
            RestartPriority::Low,
            RestartPriority::Disabled,
        ]),
    );
    editor.number(ui, "Snapshots", &mut vm.snapshots, 0..=32, "");
    editor.check(ui, "Template", &mut vm.template);
    editor.check(ui, "Linked clone", &mut vm.linked_clone);
    let formats = debug_options(&[
        DiskFormat::EagerZeroedThick,
        DiskFormat::LazyZeroedThick,
        DiskFormat::Thin,
        DiskFormat::RdmVirtual,
        DiskFormat::RdmPhysical,
    ]);
    for (n, disk) in vm.disks.iter_mut().enumerate() {
        editor.choice(
            ui,
            &format!("Disk {} format", n + 1),
            &mut disk.format,
            &formats,
        );
        editor.number(
            ui,
            &format!("Disk {} size", n + 1),
            &mut disk.size_gb,
            1..=2048,
            " GB",
        );
    }
}

fn host_ui(
    ui: &mut egui::Ui,
    editor: &mut Editor,
    project: &Project,
    reference: &ReferenceData,
    host: &mut Host,
) {
    editor.text(ui, "Name", &mut host.name);
    let clusters: Vec<_> = std::iter::once((None, "none".to_owned()))
        .chain(
            project
                .clusters
                .iter()
                .map(|(id, c)| (Some(*id), c.name.clone())),
        )
        .collect();
    editor.choice(ui, "Cluster", &mut host.cluster, &clusters);
    editor.text(ui, "Model", &mut host.model);
    editor.choice(
        ui,
        "ESX product",
        &mut host.esx.product,
        &debug_options(&[EsxProduct::Esx, EsxProduct::Esxi]),
    );
    editor.choice(
        ui,
        "ESX release",
        &mut host.esx.release,
        &releases(&[
            "3.0.2", "3.5", "3.5 U2", "3.5 U3", "3.5 U4", "3.5 U5", "4.0", "4.0 U1", "4.1",
        ]),
    );
    editor.number(ui, "ESX build", &mut host.esx.build, 0..=9_999_999, "");
    let targets: Vec<_> = std::iter::once((None, "no upgrade planned".to_owned()))
        .chain(
            releases(&["4.0", "4.0 U1", "4.1"])
                .into_iter()
                .map(|(r, t)| (Some(r), t)),
        )
        .collect();
    editor.choice(ui, "Upgrade to", &mut host.target_release, &targets);
    editor.choice(
        ui,
        "Licence",
        &mut host.licence,
        &debug_options(&[
            LicenceEdition::Unlicensed,
            LicenceEdition::Foundation,
            LicenceEdition::Essentials,
            LicenceEdition::EssentialsPlus,
            LicenceEdition::Standard,
            LicenceEdition::StandardVmotionSvmotion,
            LicenceEdition::Advanced,
            LicenceEdition::Enterprise,
            LicenceEdition::EnterprisePlus,
            LicenceEdition::Unknown,
        ]),
    );
    editor.optional_number(ui, "/boot free", &mut host.boot_mb, 0..=10_000, " MB");
    if host.management_interfaces.is_empty() {
        Editor::fact(ui, "Management", "unknown (no interface recorded)");
    }
    for interface in &host.management_interfaces {
        let kind = match interface.kind {
            crate::model::ManagementKind::ServiceConsole => "service console",
            crate::model::ManagementKind::Vmkernel => "VMkernel",
        };
        let gateway = match &interface.gateway {
            crate::model::Gateway::Unrecorded => "gateway unknown".to_owned(),
            crate::model::Gateway::Absent => "no gateway".to_owned(),
            crate::model::Gateway::At(address) => format!("gateway {address}"),
        };
        let team = if interface.uplinks.is_empty() {
            "uplinks unknown".to_owned()
        } else {
            format!("uplinks {}", interface.uplinks.join(", "))
        };
        Editor::fact(
            ui,
            &format!("Management {}", interface.name),
            &format!(
                "{kind}, {}, {gateway}, {team}",
                if interface.ip.is_empty() {
                    "address unknown"
                } else {
                    &interface.ip
                }
            ),
        );
    }
    Editor::fact(
        ui,
        "NTP servers",
        &if host.ntp_servers.is_empty() {
            "unknown".to_owned()
        } else {
            host.ntp_servers.join(", ")
        },
    );
    // The zoning and the EVA host entries name these: after a blade move they are the new bay's profile's.
    for (position, port) in host.fc_ports.iter_mut().enumerate() {
        editor.text(
            ui,
            &format!("HBA port {} WWPN", position + 1),
            &mut port.wwpn,
        );
    }
    let series: Vec<(String, String)> = reference
        .cpu_series
        .iter()
        .map(|s| (s.series.clone(), s.series.clone()))
        .collect();
    editor.choice(ui, "CPU series", &mut host.cpu.series, &series);
    editor.number(ui, "CPU clock", &mut host.cpu.mhz, 500..=5000, " MHz");
    editor.number(ui, "Sockets", &mut host.cpu.sockets, 1..=8, "");
    editor.number(
        ui,
        "Cores per socket",
        &mut host.cpu.cores_per_socket,
        1..=12,
        "",
    );
    editor.check(ui, "64-bit", &mut host.cpu.x64);
    editor.number(ui, "Memory", &mut host.memory_gb, 1..=1024, " GB");
    // Three states: a BIOS setting the plan does not record is unknown, never off.
    let switch = [
        (None, "unknown".to_owned()),
        (Some(true), "on".to_owned()),
        (Some(false), "off".to_owned()),
    ];
    editor.choice(ui, "BIOS: VT / AMD-V", &mut host.bios.hv, &switch);
    editor.choice(ui, "BIOS: NX / XD", &mut host.bios.nx_xd, &switch);
    let mut profiles = vec![(None, "unknown".to_owned())];
    profiles.extend(
        debug_options(&[
            PowerProfile::StaticHighPerformance,
            PowerProfile::OsControlled,
            PowerProfile::DynamicPowerSavings,
            PowerProfile::StaticLowPower,
            PowerProfile::PowerCapped,
        ])
        .into_iter()
        .map(|(profile, name)| (Some(profile), name)),
    );
    editor.choice(ui, "Power profile", &mut host.bios.power_profile, &profiles);
    let budget = reference
        .limit(LimitItem::FlexPortMbps, None)
        .unwrap_or(10_000.0);
    let step = reference
        .limit(LimitItem::FlexnicGranularityMbps, None)
        .unwrap_or(100.0);
    for port in host
        .nic_ports
        .iter_mut()
        .filter(|p| p.kind == NicKind::Flex10)
    {
        // Virtual Connect scales an oversubscribed port's requests: the label gives what each FlexNIC gets.
        let allocated = port.allocated_mbps();
        let total: u32 = port.flexnics.iter().map(|f| f.mbps).sum();
        let over = f64::from(total) > budget;
        ui.strong(&port.name);
        let text = format!("{total} / {budget:.0} Mb/s");
        ui.add(
            egui::ProgressBar::new((f64::from(total) / budget).min(1.0) as f32)
                .text(RichText::new(text).color(Color32::WHITE))
                .fill(if over {
                    theme::BANDWIDTH_OVER
                } else {
                    theme::BANDWIDTH_WITHIN
                }),
        );
        ui.end_row();
        for (flexnic, allocated) in port.flexnics.iter_mut().zip(allocated) {
            let label = format!("{} FlexNIC {}", port.name, flexnic.letter);
            let name = ui.label(format!(
                "  {}{}{}",
                flexnic.letter,
                if over {
                    format!(" gets {:.1} Gb/s", f64::from(allocated) / 1000.0)
                } else {
                    String::new()
                },
                if flexnic.traffic.is_empty() {
                    String::new()
                } else {
                    format!(
                        " ({})",
                        flexnic
                            .traffic
                            .iter()
                            .map(|t| format!("{t:?}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            ));
            let response = ui
                .add(
                    egui::Slider::new(&mut flexnic.mbps, 0..=budget as u32)
                        .step_by(step)
                        .suffix(" Mb/s"),
                )
                .labelled_by(name.id);
            if response.drag_stopped() || (response.changed() && !response.dragged()) {
                editor.done(&format!("Set {label}"));
            }
            ui.end_row();
        }
    }
    for path in &mut host.lun_paths {
        let lun_name = project
            .luns
            .get(&path.lun)
            .map_or_else(|| path.lun.to_string(), |l| l.name.clone());
        path_ui(ui, editor, &lun_name, path);
    }
}

/// The multipathing policy and preferred controller of one host's path to one LUN.
fn path_ui(ui: &mut egui::Ui, editor: &mut Editor, prefix: &str, path: &mut crate::model::LunPath) {
    editor.choice(
        ui,
        &format!("{prefix} policy"),
        &mut path.policy,
        &debug_options(&[
            PathPolicy::Fixed,
            PathPolicy::FixedAp,
            PathPolicy::Mru,
            PathPolicy::RoundRobin,
        ]),
    );
    editor.choice(
        ui,
        &format!("{prefix} preferred"),
        &mut path.preferred,
        &[
            (None, "none".to_owned()),
            (Some(Controller::A), "A".to_owned()),
            (Some(Controller::B), "B".to_owned()),
        ],
    );
}

/// The selected object as the stage slider projects it: read-only, with where it sits and what it carries at
/// that moment (a moved blade's new bay and the WWPNs of the profile it took there).
pub fn projected_ui(
    ui: &mut egui::Ui,
    project: &Project,
    connections: &crate::topology::Connections,
    selection: &std::collections::BTreeSet<ObjectRef>,
    moment: &str,
    in_maintenance: &std::collections::BTreeSet<crate::model::HostId>,
) {
    ui.label(format!("As planned: {moment}"));
    ui.weak("Read-only: move the stage slider back to Today to edit.");
    let mut selected = selection.iter().copied();
    let (Some(object), None) = (selected.next(), selected.next()) else {
        if selection.is_empty() {
            ui.label("Select an object on the canvas, in the outline or in the findings to see it as planned.");
        } else {
            ui.label(format!("{} objects selected", selection.len()));
        }
        return;
    };
    let Some(name) = project.name_of(object) else {
        ui.label("The selected object does not exist at this stage.");
        return;
    };
    ui.heading(format!("{name} ({})", object.kind().replace('_', " ")));
    let ObjectRef::Host(host_id) = object else {
        return;
    };
    let Some(host) = project.hosts.get(&host_id) else {
        return;
    };
    egui::Grid::new("projected-grid")
        .num_columns(2)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            let mut row = |label: &str, value: String| {
                ui.label(label);
                ui.label(value);
                ui.end_row();
            };
            row("Location", project.host_location(host_id));
            row(
                "ESX",
                format!(
                    "{} {} build {}",
                    match host.esx.product {
                        crate::model::EsxProduct::Esx => "ESX",
                        crate::model::EsxProduct::Esxi => "ESXi",
                    },
                    host.esx.release,
                    host.esx.build
                ),
            );
            row(
                "Maintenance mode",
                if in_maintenance.contains(&host_id) {
                    "yes"
                } else {
                    "no"
                }
                .to_owned(),
            );
            for (position, port) in host.fc_ports.iter().enumerate() {
                let fabric = project
                    .fabrics
                    .get(&port.fabric)
                    .map_or_else(|| port.fabric.to_string(), |f| f.name.clone());
                let wwpn = if port.wwpn.is_empty() {
                    "not recorded".to_owned()
                } else {
                    port.wwpn.clone()
                };
                row(&format!("HBA port {} WWPN", position + 1), wwpn);
                row(&format!("HBA port {} fabric", position + 1), fabric);
            }
            let topology = crate::topology::Topology::with(project, connections);
            for path in &host.lun_paths {
                let lun = project
                    .luns
                    .get(&path.lun)
                    .map_or_else(|| path.lun.to_string(), |l| l.name.clone());
                let preferred = path
                    .preferred
                    .map(|c| format!(", preferred {c}"))
                    .unwrap_or_default();
                let paths = topology.paths(host_id, path.lun).len();
                row(
                    &format!("LUN {lun}"),
                    format!("{:?}{preferred}, {paths} paths", path.policy),
                );
            }
        });
}
