//! Presenting plans to management: charts (readiness, findings, timeline, capacity, ESX versions) and the
//! topology picture as PNG or SVG, and a one-page HTML summary with the charts embedded.
//!
//! Everything is drawn with plotters in plain Rust (no GUI), with the bundled DejaVu Sans font, so the same input
//! gives the same bytes on every machine. Each picture is drawn once through [`Picture::draw`], generic over the
//! plotters backend, and rendered to RGB pixels, PNG or SVG by [`render_rgb`], [`render_png`] and
//! [`render_svg`].

pub mod charts;
pub mod draw;
pub mod overview;
pub mod readiness;
pub mod schedule;
pub mod style;
pub mod summary;
pub mod topology;

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::io::RuleConfig;
use crate::model::{Project, UpgradePlan};
use crate::planner::{self, Simulation};
use crate::refdata::ReferenceData;
use crate::rules::{self, Finding};

pub use charts::ChartKind;

/// Why a picture could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PresentError {
    #[error("the bundled font could not be loaded")]
    Font,
    #[error(
        "a picture of {0} x {1} pixels cannot be drawn: each side must be 16 to 16384 pixels, 64 million pixels in all"
    )]
    Size(u32, u32),
    #[error("drawing failed: {0}")]
    Draw(String),
    #[error("PNG encoding failed: {0}")]
    Encode(String),
    #[error("{0}: write the picture to a file ending in .png or .svg")]
    Format(PathBuf),
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A picture file's format, by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Svg,
}

impl ImageFormat {
    /// The format a path's extension names, if it is one of ours.
    pub fn of(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "png" => Some(Self::Png),
            "svg" => Some(Self::Svg),
            _ => None,
        }
    }
}

/// Writes a picture to a PNG or SVG file, by the file's extension.
pub fn save(
    picture: &impl Picture,
    path: &Path,
    width: u32,
    height: u32,
) -> Result<(), PresentError> {
    let bytes = match ImageFormat::of(path) {
        Some(ImageFormat::Png) => render_png(picture, width, height)?,
        Some(ImageFormat::Svg) => render_svg(picture, width, height)?.into_bytes(),
        None => return Err(PresentError::Format(path.to_path_buf())),
    };
    crate::io::write::write_atomic(path, &bytes).map_err(|err| match err {
        crate::io::write::WriteError::Io { path, source } => PresentError::Io { path, source },
        other => PresentError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other(other.to_string()),
        },
    })
}

/// Smallest and largest side of a picture, in pixels.
pub const MIN_SIDE: u32 = 16;
pub const MAX_SIDE: u32 = 16_384;
/// Most pixels in one picture (192 MB of RGB).
pub const MAX_PIXELS: u64 = 64_000_000;

/// Something drawable at any size on any plotters backend.
pub trait Picture {
    /// Draws the picture over the whole area.
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), PresentError>;
}

fn check_size(width: u32, height: u32) -> Result<(), PresentError> {
    let ok = |side: u32| (MIN_SIDE..=MAX_SIDE).contains(&side);
    if ok(width) && ok(height) && u64::from(width) * u64::from(height) <= MAX_PIXELS {
        Ok(())
    } else {
        Err(PresentError::Size(width, height))
    }
}

/// The picture as RGB pixels, row by row (3 bytes a pixel): what the designer turns into a texture.
pub fn render_rgb(
    picture: &impl Picture,
    width: u32,
    height: u32,
) -> Result<Vec<u8>, PresentError> {
    check_size(width, height)?;
    let mut pixels = vec![0u8; width as usize * height as usize * 3];
    {
        let backend: BitMapBackend<'_, plotters::backend::RGBPixel> =
            BitMapBackend::with_buffer_and_format(&mut pixels, (width, height))
                .map_err(draw::draw_error)?;
        let area = backend.into_drawing_area();
        picture.draw(&area)?;
        area.present().map_err(draw::draw_error)?;
    }
    Ok(pixels)
}

/// The picture as a PNG file.
pub fn render_png(
    picture: &impl Picture,
    width: u32,
    height: u32,
) -> Result<Vec<u8>, PresentError> {
    let pixels = render_rgb(picture, width, height)?;
    encode_png(&pixels, width, height)
}

/// The picture as an SVG document.
pub fn render_svg(picture: &impl Picture, width: u32, height: u32) -> Result<String, PresentError> {
    check_size(width, height)?;
    let mut text = String::new();
    {
        let area = SVGBackend::with_string(&mut text, (width, height)).into_drawing_area();
        picture.draw(&area)?;
        area.present().map_err(draw::draw_error)?;
    }
    Ok(text)
}

/// RGB pixels as a PNG file (8 bits per channel, default compression).
pub fn encode_png(pixels: &[u8], width: u32, height: u32) -> Result<Vec<u8>, PresentError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder
        .write_header()
        .map_err(|err| PresentError::Encode(err.to_string()))?;
    writer
        .write_image_data(pixels)
        .map_err(|err| PresentError::Encode(err.to_string()))?;
    writer
        .finish()
        .map_err(|err| PresentError::Encode(err.to_string()))?;
    Ok(out)
}

/// The rule family of a catalogue ID: the ID without its last dash group ("FT-VM-01" is "FT-VM", "EVA-03" is
/// "EVA").
pub fn family(rule: &str) -> &str {
    rule.rsplit_once('-').map_or(rule, |(family, _)| family)
}

/// Everything the charts and the summary draw from.
#[derive(Clone, Copy, Debug)]
pub struct Inputs<'a> {
    /// The design as it stands today.
    pub project: &'a Project,
    pub plan: &'a UpgradePlan,
    pub simulation: &'a Simulation,
    /// Today's findings (`rules::check` of the design).
    pub findings: &'a [Finding],
}

/// A plan made ready to present: the saved upgrade plan or an auto-plan, its simulation and today's findings.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub plan: UpgradePlan,
    pub simulation: Simulation,
    pub findings: Vec<Finding>,
}

impl Prepared {
    /// Plans (when the project has no saved plan), simulates and checks a project.
    pub fn new(project: &Project, reference: &ReferenceData, config: &RuleConfig) -> Self {
        let plan = planner::saved_or_auto(project, reference);
        let simulation = planner::simulate(project, &plan, reference, config);
        let findings = rules::check(project, reference, config);
        Self {
            plan,
            simulation,
            findings,
        }
    }

    /// The inputs for charts and the summary.
    pub fn inputs<'a>(&'a self, project: &'a Project) -> Inputs<'a> {
        Inputs {
            project,
            plan: &self.plan,
            simulation: &self.simulation,
            findings: &self.findings,
        }
    }
}
