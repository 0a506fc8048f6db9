//! The findings panel: the rule engine's live results grouped by severity and rule; a click selects and
//! reveals the object, `?` opens the rule's documentation.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use egui::{Color32, RichText};

use super::action::Action;
use super::panel::PanelContext;
use crate::report::object_label;
use crate::rules::{Finding, Severity};

/// The colour of a severity on the designer's panels.
pub fn severity_colour(severity: Severity) -> Color32 {
    super::theme::severity(severity)
}

/// The panel.
pub fn findings_ui(ui: &mut egui::Ui, panel: PanelContext<'_>, findings: &[Finding]) {
    let PanelContext {
        project,
        state,
        actions,
        ..
    } = panel;
    let mut groups: BTreeMap<(Reverse<Severity>, &'static str), Vec<&Finding>> = BTreeMap::new();
    for finding in findings {
        groups
            .entry((Reverse(finding.severity), finding.rule))
            .or_default()
            .push(finding);
    }
    if groups.is_empty() {
        ui.label("No findings: the plan passes every rule.");
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt("findings")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for ((Reverse(severity), rule), items) in groups {
                let title = crate::rules::registry::find(rule).map_or("", |r| r.meta().title);
                let id = ui.make_persistent_id(("rule", rule, severity));
                egui::collapsing_header::CollapsingState::load_with_default_open(
                    ui.ctx(),
                    id,
                    items.len() <= 5,
                )
                .show_header(ui, |ui| {
                    ui.label(
                        RichText::new(format!("{rule} ({}) {title}", items.len()))
                            .color(severity_colour(severity)),
                    );
                    if ui
                        .small_button("?")
                        .on_hover_text(format!("Explain {rule}"))
                        .clicked()
                    {
                        actions.push(Action::Explain(rule));
                    }
                })
                .body(|ui| {
                    for finding in items.iter().take(500) {
                        let selected = state.selection.contains(&finding.object);
                        let text = format!(
                            "{}: {}",
                            object_label(project, finding.object),
                            finding.message
                        );
                        if ui
                            .selectable_label(selected, text)
                            .on_hover_text(format!("Fix: {}", finding.fix))
                            .clicked()
                        {
                            actions.push(Action::Select(finding.object));
                            actions.push(Action::Reveal(finding.object));
                        }
                    }
                    if items.len() > 500 {
                        ui.label(format!("… and {} more", items.len() - 500));
                    }
                });
            }
        });
}
