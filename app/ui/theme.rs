//! The designer's colours in one place: severities (the findings panel, the canvas badges and the timeline chips
//! share them), the canvas's fills, and the present mode's slide palette taken from the pictures' style so a
//! slide and an exported chart agree.

use egui::Color32;
use plotters::style::RGBColor;

use crate::model::{ModuleKind, ObjectRef, Release};
use crate::present::style;
use crate::rules::Severity;

/// A picture colour as egui paints it.
pub const fn from_picture(colour: RGBColor) -> Color32 {
    Color32::from_rgb(colour.0, colour.1, colour.2)
}

/// A severity on the designer's dark panels: lighter than the pictures' so it reads on dark grey.
pub fn severity(severity: Severity) -> Color32 {
    match severity {
        Severity::Error => Color32::from_rgb(230, 90, 90),
        Severity::Warning => Color32::from_rgb(230, 170, 60),
        Severity::Info => Color32::from_rgb(120, 170, 230),
    }
}

/// A severity on a white slide: the pictures' own colour.
pub fn severity_on_slide(severity: Severity) -> Color32 {
    from_picture(style::severity_colour(severity))
}

/// Ready, comfortable capacity on a slide.
pub const GOOD_ON_SLIDE: Color32 = from_picture(style::GOOD);
/// Titles on a slide (the runbook's blue).
pub const ACCENT_ON_SLIDE: Color32 = from_picture(style::ACCENT);
/// A slide's page.
pub const SLIDE: Color32 = Color32::from_rgb(250, 250, 252);

/// The canvas background.
pub const CANVAS: Color32 = Color32::from_rgb(24, 26, 30);
/// The selection rectangle's stroke (its fill is the same, faint).
pub const SELECTION: Color32 = Color32::from_rgb(90, 140, 220);
/// The highlight of a drop target.
pub const DROP_TARGET: Color32 = Color32::from_rgb(255, 210, 80);

/// The canvas's grid lines.
pub const GRID: Color32 = Color32::from_rgb(34, 37, 42);
/// An inter-site link enabled for long-distance vMotion (a plain link is grey).
pub const LONG_DISTANCE_LINK: Color32 = Color32::from_rgb(120, 180, 255);
/// An inter-site link without long-distance vMotion.
pub const PLAIN_LINK: Color32 = Color32::from_gray(140);
/// The faint line from a VC-FC module or an array port to its fabric.
pub fn fabric_link() -> Color32 {
    Color32::from_rgba_unmultiplied(220, 170, 80, 140)
}
/// A FlexNIC port's bandwidth bar: allocated within the port's budget, or beyond it.
pub const BANDWIDTH_WITHIN: Color32 = Color32::from_rgb(40, 110, 170);
pub const BANDWIDTH_OVER: Color32 = Color32::from_rgb(190, 50, 50);
/// The card of the stage the slider stands on.
pub const SELECTED_STAGE: Color32 = Color32::from_rgb(38, 52, 70);
/// A wave's drop zone for hosts.
pub const WAVE_DROP_ZONE: Color32 = Color32::from_rgb(30, 36, 44);
/// A rack's frame on the canvas.
pub const RACK_FRAME: Color32 = Color32::from_rgb(96, 104, 116);
/// A rack's empty units.
pub const RACK_UNITS_FILL: Color32 = Color32::from_rgb(30, 33, 38);
/// The line between two rack units, and every fifth one.
pub const RACK_UNIT_MINOR: Color32 = Color32::from_rgb(40, 44, 50);
pub const RACK_UNIT_MAJOR: Color32 = Color32::from_rgb(58, 63, 72);
/// A rack drawn as its overview tile (zoomed out).
pub const RACK_TILE: Color32 = Color32::from_rgb(44, 49, 58);
/// Secondary text on canvas nodes.
pub const MUTED_TEXT: Color32 = Color32::from_gray(195);
/// Text on a severity-coloured badge.
pub const BADGE_TEXT: Color32 = Color32::from_rgb(20, 20, 20);

/// A host's fill on the canvas by the ESX line it runs: 3.x amber, 4.0 blue, 4.1 green.
pub fn host_fill(release: Release) -> Color32 {
    if release.major >= 4 && release.minor >= 1 {
        Color32::from_rgb(46, 125, 80)
    } else if release.major >= 4 {
        Color32::from_rgb(45, 95, 160)
    } else {
        Color32::from_rgb(150, 110, 40)
    }
}

/// A container's fill on the canvas.
pub fn node_fill(object: ObjectRef) -> Color32 {
    match object {
        ObjectRef::Site(_) => Color32::from_rgba_unmultiplied(60, 70, 80, 60),
        ObjectRef::Rack(_) => Color32::from_rgb(34, 37, 43),
        ObjectRef::Enclosure(_) => Color32::from_rgb(40, 44, 52),
        ObjectRef::Cluster(_) => Color32::from_rgb(38, 58, 70),
        ObjectRef::Array(_) => Color32::from_rgb(62, 48, 70),
        ObjectRef::Fabric(_) => Color32::from_rgb(70, 60, 40),
        ObjectRef::Vcenter(_) => Color32::from_rgb(40, 66, 56),
        ObjectRef::Network(_) => Color32::from_rgb(50, 56, 66),
        _ => Color32::from_gray(60),
    }
}

/// An interconnect module's fill and short name on the canvas.
pub fn module(kind: ModuleKind) -> (Color32, &'static str) {
    match kind {
        ModuleKind::VcFlex10 => (Color32::from_rgb(60, 100, 70), "Flex-10"),
        ModuleKind::VcEnet => (Color32::from_rgb(60, 90, 90), "VC-Enet"),
        ModuleKind::VcFc => (Color32::from_rgb(110, 80, 40), "VC-FC"),
        ModuleKind::PassThrough => (Color32::from_gray(80), "Pass-thru"),
        ModuleKind::Other => (Color32::from_gray(80), "Other"),
    }
}
