//! Pictures for the present-mode slides: the charts and the topology rendered by `crate::present`, turned into
//! egui images.

use crate::model::Project;
use crate::planner::Simulation;
use crate::refdata::ReferenceData;

use super::present::Slide;

/// The picture of a picture slide at a size, or `None` when there is nothing to draw.
pub fn render(
    _project: &Project,
    _reference: &ReferenceData,
    _simulation: Option<&Simulation>,
    _slide: Slide,
    _width: u32,
    _height: u32,
) -> Option<egui::ColorImage> {
    None
}
