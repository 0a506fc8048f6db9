//! Pictures for the present-mode slides: the charts and the topology rendered by `crate::present`, turned into
//! egui images.

use crate::model::Project;
use crate::present::Prepared;
use crate::present::charts::{self, ChartKind};
use crate::present::topology;

use super::present::Slide;

/// The picture of a picture slide at a size, or `None` when it cannot be drawn (an empty plan, a size out of
/// range).
pub fn render(
    project: &Project,
    prepared: &Prepared,
    slide: Slide,
    width: u32,
    height: u32,
) -> Option<egui::ColorImage> {
    let rgb = match slide {
        Slide::Topology => {
            // Today's findings give the overview tiles of a large estate their worst-finding badges.
            let picture = topology::Topology {
                findings: &prepared.findings,
                ..topology::Topology::new(project, "today")
            };
            crate::present::render_rgb(&picture, width, height).ok()?
        }
        Slide::Timeline | Slide::Capacity => {
            let kind = if slide == Slide::Timeline {
                ChartKind::Timeline
            } else {
                ChartKind::Capacity
            };
            charts::render_rgb(
                kind,
                project,
                &prepared.plan,
                &prepared.simulation,
                &prepared.findings,
                width,
                height,
            )
            .ok()?
        }
        Slide::Summary | Slide::Risks => return None,
    };
    let size = [usize::try_from(width).ok()?, usize::try_from(height).ok()?];
    (rgb.len() == size[0] * size[1] * 3).then(|| egui::ColorImage::from_rgb(size, &rgb))
}
