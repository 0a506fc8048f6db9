//! The shared look of every chart and picture: the bundled font, the palette and the sizes that stay readable on a
//! slide.

use std::sync::OnceLock;

use plotters::style::{FontStyle, RGBColor, register_font};

use crate::model::Release;
use crate::rules::Severity;

use super::PresentError;

/// The font family every text is drawn in. The bundled DejaVu Sans is registered under this name, so SVG files
/// name it with a generic fallback for viewers that lack it.
pub const FONT: &str = "DejaVu Sans, sans-serif";

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Registers the bundled font once per process.
pub fn ensure_fonts() -> Result<(), PresentError> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE.get_or_init(|| {
        register_font(FONT, FontStyle::Normal, REGULAR).is_ok()
            && register_font(FONT, FontStyle::Bold, BOLD).is_ok()
    });
    if ok { Ok(()) } else { Err(PresentError::Font) }
}

/// Page background.
pub const BACKGROUND: RGBColor = RGBColor(255, 255, 255);
/// Body text.
pub const TEXT: RGBColor = RGBColor(29, 36, 48);
/// Secondary text: axis labels, notes.
pub const MUTED: RGBColor = RGBColor(90, 100, 115);
/// Titles and accents (the runbook's blue).
pub const ACCENT: RGBColor = RGBColor(31, 95, 153);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(220, 226, 234);
/// Frames of boxes.
pub const FRAME: RGBColor = RGBColor(150, 160, 175);
/// Light panel fill.
pub const PANEL: RGBColor = RGBColor(243, 246, 250);

/// Error findings, not ready, short of capacity.
pub const ERROR: RGBColor = RGBColor(0xc0, 0x39, 0x2b);
/// Warning findings, tight capacity.
pub const WARNING: RGBColor = RGBColor(0xe6, 0x7e, 0x22);
/// Info findings.
pub const INFO: RGBColor = RGBColor(0x2e, 0x86, 0xc1);
/// Ready, comfortable capacity.
pub const GOOD: RGBColor = RGBColor(0x27, 0xae, 0x60);
/// Empty bays and things that do not apply.
pub const EMPTY: RGBColor = RGBColor(228, 232, 238);

/// The colour of a severity.
pub fn severity_colour(severity: Severity) -> RGBColor {
    match severity {
        Severity::Error => ERROR,
        Severity::Warning => WARNING,
        Severity::Info => INFO,
    }
}

/// The colour of an ESX release: oranges for ESX 3.x (older updates darker), blues for 4.0, teals for 4.1, purple
/// for anything later and grey for older or unknown releases. The same release has the same colour everywhere.
pub fn release_colour(release: Release) -> RGBColor {
    const ESX3: [RGBColor; 3] = [
        RGBColor(0xb9, 0x5c, 0x12),
        RGBColor(0xe6, 0x7e, 0x22),
        RGBColor(0xf0, 0xa5, 0x5a),
    ];
    const ESX40: [RGBColor; 3] = [
        RGBColor(0x1b, 0x4f, 0x72),
        RGBColor(0x2e, 0x86, 0xc1),
        RGBColor(0x6c, 0xb4, 0xe4),
    ];
    const ESX41: [RGBColor; 2] = [RGBColor(0x11, 0x7a, 0x65), RGBColor(0x45, 0xb3, 0x9d)];
    let pick = |shades: &[RGBColor], step: u8| {
        shades
            .get(usize::from(step).min(shades.len().saturating_sub(1)))
            .copied()
            .unwrap_or(MUTED)
    };
    match (release.major, release.minor) {
        (3, minor) => pick(&ESX3, if minor >= 5 { release.update / 2 } else { 0 }),
        (4, 0) => pick(&ESX40, release.update),
        (4, _) => pick(&ESX41, release.update / 2),
        (major, _) if major > 4 => RGBColor(0x7d, 0x3c, 0x98),
        _ => RGBColor(0x7f, 0x8c, 0x8d),
    }
}

/// The colour of a release written as text ("3.5 U4"); grey when it does not parse.
pub fn release_text_colour(text: &str) -> RGBColor {
    text.parse::<Release>()
        .map_or(RGBColor(0x7f, 0x8c, 0x8d), release_colour)
}

/// A series palette for cluster lines and cluster tags, kept apart from the release colours (oranges, blues, teals)
/// so a cluster strip shows on any blade.
pub const SERIES: [RGBColor; 10] = [
    RGBColor(0xd4, 0xac, 0x0d),
    RGBColor(0x8e, 0x44, 0xad),
    RGBColor(0xc0, 0x39, 0x8b),
    RGBColor(0xaf, 0x7a, 0xc5),
    RGBColor(0x7d, 0x8f, 0x1e),
    RGBColor(0x7e, 0x51, 0x09),
    RGBColor(0xf1, 0x94, 0x8a),
    RGBColor(0x92, 0x2b, 0x21),
    RGBColor(0xf7, 0xdc, 0x6f),
    RGBColor(0xe5, 0x98, 0x66),
];

/// The `index`-th series colour, cycling.
pub fn series(index: usize) -> RGBColor {
    SERIES[index % SERIES.len()]
}

/// A colour blended towards white by `amount` (0 keeps it, 1 is white).
pub fn lighten(colour: RGBColor, amount: f64) -> RGBColor {
    let amount = amount.clamp(0.0, 1.0);
    let mix = |c: u8| (f64::from(c) + (255.0 - f64::from(c)) * amount).round() as u8;
    RGBColor(mix(colour.0), mix(colour.1), mix(colour.2))
}

/// Text sizes (plotters font sizes: the font's ascent to descent, about 1.16 times the em) for an image of a size:
/// at 1600 px wide a title is set at 31 px and a label at 19 px, so a chart shown full width on a slide stays
/// readable from the back of the room.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sizes {
    pub title: f64,
    pub subtitle: f64,
    pub label: f64,
    pub small: f64,
    /// Outer margin.
    pub margin: f64,
    /// Width of lines that carry data.
    pub stroke: u32,
}

impl Sizes {
    /// The sizes for an image of this size: the width decides, unless the image is much flatter than 16:9.
    pub fn for_image(width: u32, height: u32) -> Self {
        let by_width = f64::from(width) / 1600.0;
        let by_height = f64::from(height) / 500.0;
        let scale = by_width.min(by_height).max(0.25);
        Self {
            title: (36.0 * scale).max(12.0),
            subtitle: (25.0 * scale).max(10.0),
            label: (22.0 * scale).max(9.0),
            small: (18.0 * scale).max(8.0),
            margin: (28.0 * scale).max(6.0),
            stroke: ((3.0 * scale).round() as u32).max(1),
        }
    }
}
