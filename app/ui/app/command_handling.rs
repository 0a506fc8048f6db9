//! Command handling: carries out the actions the panels pushed and the menu commands, in order, once per frame.

use super::document::Intent;
use super::{Action, DcApp, ErrorDialog, UiCommand, reveal_target};
use crate::edit::{Edit, ObjectValue, Transaction, cascade_delete, next_free_id};
use crate::model::{ObjectRef, Placement, Project};

impl DcApp {
    /// Carries out one action.
    pub fn perform(&mut self, action: Action, now: f64) {
        match action {
            Action::Apply(tx) => {
                let label = tx.label.clone();
                if let Err(err) = self.doc.apply(tx) {
                    self.state.toast(format!("{label} refused: {err}"), now);
                }
            }
            Action::Select(object) => self.state.select_only(object),
            Action::Reveal(object) => {
                self.state.reveal = Some(reveal_target(self.doc.project(), object))
            }
            Action::Refuse(reason) => self.state.toast(reason, now),
            Action::Explain(rule) => self.state.explain = Some(rule),
            Action::Command(command) => self.command(command, now),
        }
    }

    pub(super) fn command(&mut self, command: UiCommand, now: f64) {
        match command {
            UiCommand::New => self.request(Intent::New),
            UiCommand::Open => self.request(Intent::Open(None)),
            UiCommand::ImportRvtools => self.request(Intent::Import(None)),
            UiCommand::Save => {
                self.save(false);
            }
            UiCommand::SaveAs => {
                self.save(true);
            }
            UiCommand::Undo => {
                if let Some(label) = self.doc.undo() {
                    self.state.toast(format!("Undid {label}"), now);
                }
            }
            UiCommand::Redo | UiCommand::RedoAlt => {
                if let Some(label) = self.doc.redo() {
                    self.state.toast(format!("Redid {label}"), now);
                }
            }
            UiCommand::Delete => {
                let objects: Vec<ObjectRef> = self.state.selection.iter().copied().collect();
                if !objects.is_empty() {
                    let label = format!("Delete {}", describe(self.doc.project(), &objects));
                    let tx = cascade_delete(self.doc.project(), &objects, &label);
                    match self.doc.apply(tx) {
                        Ok(()) => self.state.selection.clear(),
                        Err(err) => self.state.toast(format!("Cannot delete: {err}"), now),
                    }
                }
            }
            UiCommand::Copy => {
                self.clipboard = self
                    .state
                    .selection
                    .iter()
                    .filter_map(|o| ObjectValue::of(self.doc.project(), *o))
                    .collect();
                if !self.clipboard.is_empty() {
                    let names: Vec<&str> = self
                        .state
                        .selection
                        .iter()
                        .filter_map(|o| self.doc.project().name_of(*o))
                        .collect();
                    self.copied_text = Some(format!("dcplan: {}", names.join(", ")));
                }
            }
            UiCommand::Duplicate => {
                let values: Vec<ObjectValue> = self
                    .state
                    .selection
                    .iter()
                    .filter_map(|o| ObjectValue::of(self.doc.project(), *o))
                    .collect();
                self.paste_values(values, "Duplicate", now);
            }
            UiCommand::Paste => {
                let values = self.clipboard.clone();
                self.paste_values(values, "Paste", now);
            }
            UiCommand::SelectAll => {
                self.state.selection = self
                    .layout
                    .nodes
                    .iter()
                    .map(|n| n.object)
                    .filter(|o| !matches!(o, ObjectRef::Site(_)))
                    .collect();
            }
            UiCommand::ZoomToFit => self.state.zoom_to_fit = true,
            UiCommand::ZoomToSelection => {
                if let Some(first) = self.state.selection.iter().next() {
                    self.state.reveal = Some(*first);
                }
            }
            UiCommand::ResetZoom => self.state.persisted.view = crate::ui::View::default(),
            UiCommand::Shortcuts => self.state.show_shortcuts = true,
            UiCommand::PlanUpgrade => {
                let plan = crate::planner::auto_plan(self.doc.project(), &self.reference);
                let label = if self.doc.project().upgrade.is_some() {
                    "Re-plan the upgrade"
                } else {
                    "Plan the upgrade"
                };
                self.timeline.open = true;
                self.perform(
                    Action::Apply(Transaction::new(label).with(Edit::SetUpgrade {
                        plan: Some(Box::new(plan)),
                    })),
                    now,
                );
            }
            UiCommand::ToggleTimeline => {
                self.timeline.open = !self.timeline.open;
                if !self.timeline.open {
                    self.timeline.moment = 0;
                }
            }
            UiCommand::ExportRunbook => self.export_runbook(),
            UiCommand::Present => self.present.start(),
        }
    }

    /// Adds copies of objects, offset on the canvas, renamed, blades put in free bays; the copies become the selection.
    pub(super) fn paste_values(&mut self, values: Vec<ObjectValue>, verb: &str, now: f64) {
        if values.is_empty() {
            return;
        }
        let mut project = self.doc.project().clone();
        let mut tx = Transaction::new(format!(
            "{verb} {} object{}",
            values.len(),
            if values.len() == 1 { "" } else { "s" }
        ));
        let mut created = Vec::new();
        for value in values {
            match copy_into(&mut project, value) {
                Ok((object, value)) => {
                    tx.push(Edit::put(object, value));
                    created.push(object);
                }
                Err(reason) => self.state.toast(reason, now),
            }
        }
        if created.is_empty() {
            return;
        }
        match self.doc.apply(tx) {
            Ok(()) => self.state.selection = created.into_iter().collect(),
            Err(err) => self.state.toast(format!("{verb} refused: {err}"), now),
        }
    }

    /// Writes the runbook of the plan (an auto-plan when there is none) where the user picks.
    pub(super) fn export_runbook(&mut self) {
        let suggested = format!(
            "{}-runbook.html",
            self.doc.project().name.replace(['/', '\\', ':', ' '], "-")
        );
        let Some(path) = self.dialogs.pick_save(&suggested) else {
            return;
        };
        let plan = self.doc.plan();
        let upgrade = crate::planner::saved_or_auto(&plan.project, &self.reference);
        let simulation =
            crate::planner::simulate(&plan.project, &upgrade, &self.reference, &plan.rules);
        let written = crate::export::runbook::write(
            &path,
            &plan.project,
            &upgrade,
            &simulation,
            &self.reference,
        );
        match written {
            Ok(()) => self
                .state
                .toast(format!("Wrote the runbook to {}", path.display()), self.now),
            Err(err) => self.error = Some(ErrorDialog::export("runbook", err.to_string())),
        }
    }
}

fn describe(project: &Project, objects: &[ObjectRef]) -> String {
    match objects {
        [one] => project.name_of(*one).unwrap_or("object").to_owned(),
        many => format!("{} objects", many.len()),
    }
}

/// Gives a copied object a new ID, a new name and, for blades, a free bay; offsets its canvas position.
fn copy_into(
    project: &mut Project,
    value: ObjectValue,
) -> Result<(ObjectRef, ObjectValue), String> {
    let offset = |p: &mut Option<crate::model::Position>| {
        if let Some(p) = p {
            p.x += 40.0;
            p.y += 40.0;
        }
    };
    let copy_name = |name: &str| format!("{name}-copy");
    let (object, value) = match value {
        ObjectValue::Host(mut host) => {
            if let Placement::Blade { enclosure, .. } = host.placement {
                let taken = crate::edit::taken_bays(project, enclosure);
                let bay = (1..=crate::model::C7000_DEVICE_BAYS).find(|b| !taken.contains(b)).ok_or_else(|| {
                    format!("{} is full: the copy of {} has no free bay", project.enclosures.get(&enclosure).map_or("the enclosure", |e| e.name.as_str()), host.name)
                })?;
                host.placement = Placement::Blade { enclosure, bay };
            }
            host.name = copy_name(&host.name);
            offset(&mut host.position);
            let id = crate::model::HostId(next_free_id(project, "host"));
            project.hosts.insert(id, host.clone());
            (ObjectRef::Host(id), ObjectValue::Host(host))
        }
        ObjectValue::Vm(mut vm) => {
            vm.name = copy_name(&vm.name);
            vm.ft = None;
            let id = crate::model::VmId(next_free_id(project, "vm"));
            project.vms.insert(id, vm.clone());
            (ObjectRef::Vm(id), ObjectValue::Vm(vm))
        }
        ObjectValue::Enclosure(mut e) => {
            e.name = copy_name(&e.name);
            e.vc_domain = None;
            offset(&mut e.position);
            let id = crate::model::EnclosureId(next_free_id(project, "enclosure"));
            project.enclosures.insert(id, e.clone());
            (ObjectRef::Enclosure(id), ObjectValue::Enclosure(e))
        }
        ObjectValue::Cluster(mut c) => {
            c.name = copy_name(&c.name);
            offset(&mut c.position);
            let id = crate::model::ClusterId(next_free_id(project, "cluster"));
            project.clusters.insert(id, c.clone());
            (ObjectRef::Cluster(id), ObjectValue::Cluster(c))
        }
        ObjectValue::Network(mut n) => {
            n.name = copy_name(&n.name);
            offset(&mut n.position);
            let id = crate::model::NetworkId(next_free_id(project, "network"));
            project.networks.insert(id, n.clone());
            (ObjectRef::Network(id), ObjectValue::Network(n))
        }
        ObjectValue::Lun(mut l) => {
            l.name = copy_name(&l.name);
            let id = crate::model::LunId(next_free_id(project, "lun"));
            project.luns.insert(id, l.clone());
            (ObjectRef::Lun(id), ObjectValue::Lun(l))
        }
        ObjectValue::Array(mut a) => {
            a.name = copy_name(&a.name);
            offset(&mut a.position);
            let id = crate::model::ArrayId(next_free_id(project, "array"));
            project.arrays.insert(id, a.clone());
            (ObjectRef::Array(id), ObjectValue::Array(a))
        }
        ObjectValue::Vcenter(mut v) => {
            v.name = copy_name(&v.name);
            offset(&mut v.position);
            let id = crate::model::VcenterId(next_free_id(project, "vcenter"));
            project.vcenters.insert(id, v.clone());
            (ObjectRef::Vcenter(id), ObjectValue::Vcenter(v))
        }
        _ => return Err("Only hosts, VMs, enclosures, clusters, networks, LUNs, arrays and vCenters can be copied".to_owned()),
    };
    Ok((object, value))
}
