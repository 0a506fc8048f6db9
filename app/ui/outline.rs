//! The outline: the whole plan as a tree (sites, enclosures, clusters, storage, networks) with search, and
//! virtualised tables for the long lists of hosts and VMs.

use egui_extras::{Column, TableBuilder};

use super::action::Action;
use super::panel::PanelContext;
use super::state::UiState;
use crate::model::{ObjectRef, Placement, Project};

fn entry(
    ui: &mut egui::Ui,
    state: &UiState,
    object: ObjectRef,
    text: String,
    actions: &mut Vec<Action>,
) {
    let selected = state.selection.contains(&object);
    if ui.selectable_label(selected, text).clicked() {
        actions.push(Action::Select(object));
        actions.push(Action::Reveal(object));
    }
}

fn matches(filter: &str, name: &str) -> bool {
    filter.is_empty() || name.to_lowercase().contains(filter)
}

/// Which list the outline shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OutlineTab {
    #[default]
    Tree,
    Hosts,
    Vms,
}

/// The outline panel.
pub fn outline_ui(ui: &mut egui::Ui, panel: PanelContext<'_>, tab: &mut OutlineTab) {
    let PanelContext {
        project,
        state,
        actions,
        ..
    } = panel;
    ui.horizontal(|ui| {
        ui.selectable_value(tab, OutlineTab::Tree, "Outline");
        ui.selectable_value(
            tab,
            OutlineTab::Hosts,
            format!("Hosts ({})", project.hosts.len()),
        );
        ui.selectable_value(tab, OutlineTab::Vms, format!("VMs ({})", project.vms.len()));
    });
    ui.add(
        egui::TextEdit::singleline(&mut state.outline_filter)
            .hint_text("Filter by name")
            .desired_width(f32::INFINITY),
    );
    let filter = state.outline_filter.to_lowercase();
    match tab {
        OutlineTab::Tree => tree_ui(ui, project, state, &filter, actions),
        OutlineTab::Hosts => hosts_table(ui, project, &filter, actions),
        OutlineTab::Vms => vms_table(ui, project, &filter, actions),
    }
}

fn tree_ui(
    ui: &mut egui::Ui,
    project: &Project,
    state: &UiState,
    filter: &str,
    actions: &mut Vec<Action>,
) {
    egui::ScrollArea::vertical().id_salt("outline-tree").show(ui, |ui| {
        for (&site_id, site) in &project.sites {
            egui::CollapsingHeader::new(format!("Site {}", site.name)).id_salt(("site", site_id)).default_open(project.enclosures.len() <= 20).show(ui, |ui| {
                entry(ui, state, site_id.into(), format!("{} (site)", site.name), actions);
                for (&id, enclosure) in project.enclosures.iter().filter(|(_, e)| e.site == site_id) {
                    let blades: Vec<_> = project
                        .hosts
                        .iter()
                        .filter(|(_, h)| matches!(h.placement, Placement::Blade { enclosure: e, .. } if e == id))
                        .collect();
                    egui::CollapsingHeader::new(format!("{} ({} blades)", enclosure.name, blades.len())).id_salt(("enc", id)).show(ui, |ui| {
                        entry(ui, state, id.into(), format!("{} (enclosure)", enclosure.name), actions);
                        for (&host_id, host) in blades {
                            if matches(filter, &host.name) {
                                let bay = match host.placement { Placement::Blade { bay, .. } => bay, Placement::RackServer { .. } => 0 };
                                entry(ui, state, host_id.into(), format!("bay {bay}: {}", host.name), actions);
                            }
                        }
                    });
                }
                for (&id, array) in project.arrays.iter().filter(|(_, a)| a.site == site_id) {
                    egui::CollapsingHeader::new(format!("{} ({})", array.name, array.model)).id_salt(("array", id)).show(ui, |ui| {
                        entry(ui, state, id.into(), format!("{} (array)", array.name), actions);
                        for (&lun_id, lun) in project.luns.iter().filter(|(_, l)| l.array == id) {
                            if matches(filter, &lun.name) {
                                entry(ui, state, lun_id.into(), format!("{} ({} GB, {})", lun.name, lun.size_gb, lun.owner), actions);
                            }
                        }
                    });
                }
            });
        }
        egui::CollapsingHeader::new("Clusters").default_open(project.clusters.len() <= 20).show(ui, |ui| {
            for (&id, cluster) in &project.clusters {
                egui::CollapsingHeader::new(cluster.name.clone()).id_salt(("cluster", id)).show(ui, |ui| {
                    entry(ui, state, id.into(), format!("{} (cluster)", cluster.name), actions);
                    for (&host_id, host) in project.hosts.iter().filter(|(_, h)| h.cluster == Some(id)) {
                        if matches(filter, &host.name) {
                            entry(ui, state, host_id.into(), format!("{} (host)", host.name), actions);
                        }
                    }
                    let vms: Vec<_> = project.vms.iter().filter(|(_, v)| v.cluster == Some(id)).take(200).collect();
                    for (&vm_id, vm) in vms {
                        if matches(filter, &vm.name) {
                            entry(ui, state, vm_id.into(), format!("{} (VM)", vm.name), actions);
                        }
                    }
                });
            }
        });
        egui::CollapsingHeader::new("vCenters and networks").show(ui, |ui| {
            for (&id, vcenter) in &project.vcenters {
                entry(ui, state, id.into(), format!("vCenter {} ({})", vcenter.name, vcenter.release), actions);
            }
            for (&id, network) in &project.networks {
                if matches(filter, &network.name) {
                    entry(ui, state, id.into(), format!("{} (VLAN {})", network.name, network.vlan), actions);
                }
            }
            for (&id, link) in &project.site_links {
                entry(ui, state, id.into(), format!("link {}", link.name), actions);
            }
        });
    });
}

fn hosts_table(ui: &mut egui::Ui, project: &Project, filter: &str, actions: &mut Vec<Action>) {
    let rows: Vec<_> = project
        .hosts
        .iter()
        .filter(|(_, h)| matches(filter, &h.name))
        .collect();
    TableBuilder::new(ui)
        .id_salt("hosts-table")
        .striped(true)
        .column(Column::auto().at_least(70.0))
        .column(Column::auto().at_least(60.0))
        .column(Column::remainder())
        .header(18.0, |mut header| {
            header.col(|ui| {
                ui.strong("Host");
            });
            header.col(|ui| {
                ui.strong("ESX");
            });
            header.col(|ui| {
                ui.strong("Model");
            });
        })
        .body(|body| {
            body.rows(18.0, rows.len(), |mut row| {
                let Some(&(&id, host)) = rows.get(row.index()) else {
                    return;
                };
                row.col(|ui| {
                    if ui.link(&host.name).clicked() {
                        actions.push(Action::Select(id.into()));
                        actions.push(Action::Reveal(id.into()));
                    }
                });
                row.col(|ui| {
                    ui.label(host.esx.release.to_string());
                });
                row.col(|ui| {
                    ui.label(&host.model);
                });
            });
        });
}

fn vms_table(ui: &mut egui::Ui, project: &Project, filter: &str, actions: &mut Vec<Action>) {
    let rows: Vec<_> = project
        .vms
        .iter()
        .filter(|(_, v)| matches(filter, &v.name))
        .collect();
    TableBuilder::new(ui)
        .id_salt("vms-table")
        .striped(true)
        .column(Column::auto().at_least(90.0))
        .column(Column::auto().at_least(40.0))
        .column(Column::auto().at_least(50.0))
        .column(Column::remainder())
        .header(18.0, |mut header| {
            header.col(|ui| {
                ui.strong("VM");
            });
            header.col(|ui| {
                ui.strong("vCPU");
            });
            header.col(|ui| {
                ui.strong("MB");
            });
            header.col(|ui| {
                ui.strong("Host");
            });
        })
        .body(|body| {
            body.rows(18.0, rows.len(), |mut row| {
                let Some(&(&id, vm)) = rows.get(row.index()) else {
                    return;
                };
                row.col(|ui| {
                    if ui.link(&vm.name).clicked() {
                        actions.push(Action::Select(id.into()));
                    }
                });
                row.col(|ui| {
                    ui.label(vm.vcpus.to_string());
                });
                row.col(|ui| {
                    ui.label(vm.memory_mb.to_string());
                });
                row.col(|ui| {
                    ui.label(vm.host.map(|h| project.host_name(h)).unwrap_or_default());
                });
            });
        });
}
