//! The palette: what can be added to a plan. Drag an entry onto the canvas, or click it to add it to the selection.

use egui::Sense;

use super::action::Action;
use super::panel::PanelContext;
use super::state::UiState;
use crate::edit::{self, DropTarget, NewObject};
use crate::model::{ObjectRef, Placement, Project};

/// Where a click on a palette entry adds things: the selected site, enclosure, cluster, host or array.
pub fn target_from_selection(project: &Project, state: &UiState) -> DropTarget {
    let mut target = DropTarget::default();
    let Some(&selected) = state.selection.iter().next() else {
        target.site = project.sites.keys().next().copied();
        return target;
    };
    match selected {
        ObjectRef::Site(id) => target.site = Some(id),
        ObjectRef::Enclosure(id) => {
            target.enclosure = Some(id);
            target.site = project.enclosures.get(&id).map(|e| e.site);
            target.interconnect_bay = project.enclosures.get(&id).and_then(|e| {
                (1..=crate::model::C7000_INTERCONNECT_BAYS)
                    .find(|b| !e.interconnects.contains_key(b))
            });
        }
        ObjectRef::Cluster(id) => target.cluster = Some(id),
        ObjectRef::Rack(id) => {
            target.rack = Some(id);
            target.site = project.racks.get(&id).map(|r| r.site);
        }
        ObjectRef::Host(id) => {
            target.host = Some(id);
            if let Some(host) = project.hosts.get(&id) {
                target.cluster = host.cluster;
                match host.placement {
                    Placement::Blade { enclosure, .. } => {
                        target.enclosure = Some(enclosure);
                        target.site = project.enclosures.get(&enclosure).map(|e| e.site);
                    }
                    Placement::RackServer { site, .. } => target.site = Some(site),
                }
            }
        }
        ObjectRef::Array(id) => {
            target.array = Some(id);
            target.site = project.arrays.get(&id).map(|a| a.site);
        }
        _ => target.site = project.sites.keys().next().copied(),
    }
    target
}

/// The searchable palette.
pub fn palette_ui(ui: &mut egui::Ui, panel: PanelContext<'_>) {
    let PanelContext {
        project,
        state,
        actions,
        ..
    } = panel;
    ui.horizontal(|ui| {
        ui.label("Find");
        ui.add(
            egui::TextEdit::singleline(&mut state.palette_filter)
                .hint_text("Search palette")
                .desired_width(f32::INFINITY),
        );
    });
    let filter = state.palette_filter.to_lowercase();
    for what in NewObject::ALL {
        if !filter.is_empty() && !what.label().to_lowercase().contains(&filter) {
            continue;
        }
        let response = ui
            .add(
                egui::Button::new(what.label())
                    .sense(Sense::click_and_drag())
                    .min_size(egui::vec2(ui.available_width(), 0.0)),
            )
            .on_hover_text(format!(
                "Drag {}. Click to add to the selection.",
                what.hint()
            ));
        if response.drag_started() {
            egui::DragAndDrop::set_payload(ui.ctx(), what);
        }
        if response.clicked() {
            let target = target_from_selection(project, state);
            match edit::add(project, what, &target) {
                Ok((tx, created)) => {
                    actions.push(Action::Apply(tx));
                    actions.push(Action::Select(created));
                }
                Err(reason) => actions.push(Action::Refuse(reason)),
            }
        }
    }
}
