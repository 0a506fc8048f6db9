//! A thin drawing surface over a plotters drawing area: boxes, lines and measured text in pixel coordinates, the
//! same for the PNG and the SVG backend.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::PresentError;
use super::style::{self, FONT};

/// Where a text is anchored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    TopLeft,
    TopCentre,
    TopRight,
    Left,
    Centre,
    Right,
    BottomLeft,
    BottomCentre,
}

impl Anchor {
    fn pos(self) -> Pos {
        let (h, v) = match self {
            Self::TopLeft => (HPos::Left, VPos::Top),
            Self::TopCentre => (HPos::Center, VPos::Top),
            Self::TopRight => (HPos::Right, VPos::Top),
            Self::Left => (HPos::Left, VPos::Center),
            Self::Centre => (HPos::Center, VPos::Center),
            Self::Right => (HPos::Right, VPos::Center),
            Self::BottomLeft => (HPos::Left, VPos::Bottom),
            Self::BottomCentre => (HPos::Center, VPos::Bottom),
        };
        Pos::new(h, v)
    }
}

/// A text's look.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Font {
    pub size: f64,
    pub colour: RGBColor,
    pub bold: bool,
}

impl Font {
    pub fn new(size: f64, colour: RGBColor) -> Self {
        Self {
            size,
            colour,
            bold: false,
        }
    }

    #[must_use]
    pub fn bold(self) -> Self {
        Self { bold: true, ..self }
    }

    fn desc(self) -> FontDesc<'static> {
        let style = if self.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        FontDesc::new(FontFamily::Name(FONT), self.size.max(1.0), style)
    }
}

/// Turns a plotters error into ours.
pub fn draw_error(err: impl std::fmt::Display) -> PresentError {
    PresentError::Draw(err.to_string())
}

fn px(value: f64) -> i32 {
    if value.is_finite() {
        value.round().clamp(-1.0e6, 1.0e6) as i32
    } else {
        0
    }
}

/// A drawing surface in pixels.
pub struct Canvas<'a, DB: DrawingBackend> {
    area: &'a DrawingArea<DB, Shift>,
    pub width: f64,
    pub height: f64,
    /// Pixels (not SVG): plotters places rasterised text higher than an SVG viewer does, so it is moved down.
    raster: bool,
}

impl<'a, DB: DrawingBackend> Canvas<'a, DB> {
    /// A canvas over the whole drawing area, cleared to the background colour.
    pub fn new(area: &'a DrawingArea<DB, Shift>) -> Result<Self, PresentError> {
        style::ensure_fonts()?;
        area.fill(&style::BACKGROUND).map_err(draw_error)?;
        let (width, height) = area.dim_in_pixel();
        Ok(Self {
            area,
            width: f64::from(width),
            height: f64::from(height),
            raster: !std::any::type_name::<DB>().contains("SVGBackend"),
        })
    }

    /// A filled rectangle.
    pub fn fill(
        &self,
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        colour: RGBColor,
    ) -> Result<(), PresentError> {
        if x1 <= x0 || y1 <= y0 {
            return Ok(());
        }
        self.area
            .draw(&Rectangle::new(
                [(px(x0), px(y0)), (px(x1), px(y1))],
                colour.filled(),
            ))
            .map_err(draw_error)
    }

    /// A rectangle outline.
    pub fn frame(
        &self,
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        colour: RGBColor,
        width: u32,
    ) -> Result<(), PresentError> {
        if x1 <= x0 || y1 <= y0 {
            return Ok(());
        }
        self.area
            .draw(&Rectangle::new(
                [(px(x0), px(y0)), (px(x1), px(y1))],
                colour.stroke_width(width.max(1)),
            ))
            .map_err(draw_error)
    }

    /// A polyline.
    pub fn line(
        &self,
        points: &[(f64, f64)],
        colour: RGBColor,
        width: u32,
    ) -> Result<(), PresentError> {
        if points.len() < 2 {
            return Ok(());
        }
        let points: Vec<(i32, i32)> = points.iter().map(|&(x, y)| (px(x), px(y))).collect();
        self.area
            .draw(&PathElement::new(points, colour.stroke_width(width.max(1))))
            .map_err(draw_error)
    }

    /// A dashed straight line.
    pub fn dashed(
        &self,
        from: (f64, f64),
        to: (f64, f64),
        colour: RGBColor,
        width: u32,
        dash: f64,
    ) -> Result<(), PresentError> {
        let (dx, dy) = (to.0 - from.0, to.1 - from.1);
        let length = dx.hypot(dy);
        if length <= 0.0 || dash <= 0.0 {
            return Ok(());
        }
        let steps = (length / dash).ceil().min(10_000.0) as usize;
        for i in (0..steps).step_by(2) {
            let a = i as f64 / steps as f64;
            let b = ((i + 1) as f64 / steps as f64).min(1.0);
            self.line(
                &[
                    (from.0 + dx * a, from.1 + dy * a),
                    (from.0 + dx * b, from.1 + dy * b),
                ],
                colour,
                width,
            )?;
        }
        Ok(())
    }

    /// A filled polygon.
    pub fn polygon(&self, points: &[(f64, f64)], colour: RGBColor) -> Result<(), PresentError> {
        if points.len() < 3 {
            return Ok(());
        }
        let points: Vec<(i32, i32)> = points.iter().map(|&(x, y)| (px(x), px(y))).collect();
        self.area
            .draw(&Polygon::new(points, colour.filled()))
            .map_err(draw_error)
    }

    /// A filled circle.
    pub fn dot(&self, x: f64, y: f64, radius: f64, colour: RGBColor) -> Result<(), PresentError> {
        self.area
            .draw(&Circle::new(
                (px(x), px(y)),
                px(radius).max(1),
                colour.filled(),
            ))
            .map_err(draw_error)
    }

    /// A text at a point.
    pub fn text(
        &self,
        text: &str,
        x: f64,
        y: f64,
        font: Font,
        anchor: Anchor,
    ) -> Result<(), PresentError> {
        if text.is_empty() {
            return Ok(());
        }
        let style = TextStyle::from(font.desc())
            .color(&font.colour)
            .pos(anchor.pos());
        // plotters' rasteriser puts the baseline half a size below the top of its layout box, higher than SVG's
        // placement; these shifts bring both to the same place.
        let shift = if self.raster {
            match anchor {
                Anchor::TopLeft | Anchor::TopCentre | Anchor::TopRight => 0.12,
                Anchor::Left | Anchor::Centre | Anchor::Right => 0.2,
                Anchor::BottomLeft | Anchor::BottomCentre => 0.1,
            }
        } else {
            0.0
        };
        self.area
            .draw_text(text, &style, (px(x), px(y + shift * font.size)))
            .map_err(draw_error)
    }

    /// A text turned a quarter to the left (reading upwards), centred on a point.
    pub fn text_up(&self, text: &str, x: f64, y: f64, font: Font) -> Result<(), PresentError> {
        if text.is_empty() {
            return Ok(());
        }
        let style = TextStyle::from(font.desc().transform(FontTransform::Rotate270))
            .color(&font.colour)
            .pos(Anchor::Centre.pos());
        self.area
            .draw_text(text, &style, (px(x), px(y)))
            .map_err(draw_error)
    }

    /// The width of a text in pixels.
    pub fn text_width(&self, text: &str, font: Font) -> f64 {
        if text.is_empty() {
            return 0.0;
        }
        self.area
            .estimate_text_size(text, &TextStyle::from(font.desc()))
            .map_or(text.chars().count() as f64 * font.size * 0.55, |(w, _)| {
                f64::from(w)
            })
    }

    /// The text cut to fit a width, with an ellipsis when it was cut.
    pub fn fit(&self, text: &str, font: Font, width: f64) -> String {
        if self.text_width(text, font) <= width {
            return text.to_owned();
        }
        let chars: Vec<char> = text.chars().collect();
        let (mut low, mut high) = (0, chars.len());
        while low < high {
            let mid = (low + high).div_ceil(2);
            let candidate: String = chars[..mid].iter().chain(['…'].iter()).collect();
            if self.text_width(&candidate, font) <= width {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        if low == 0 {
            return String::new();
        }
        chars[..low].iter().chain(['…'].iter()).collect()
    }

    /// The title and the subtitle at the top; returns the y below them.
    pub fn heading(
        &self,
        title: &str,
        subtitle: &str,
        sizes: &style::Sizes,
    ) -> Result<f64, PresentError> {
        let margin = sizes.margin;
        let title_font = Font::new(sizes.title, style::ACCENT).bold();
        let width = self.width - 2.0 * margin;
        self.text(
            &self.fit(title, title_font, width),
            margin,
            margin,
            title_font,
            Anchor::TopLeft,
        )?;
        let mut y = margin + sizes.title * 1.1;
        if !subtitle.is_empty() {
            let font = Font::new(sizes.subtitle, style::MUTED);
            self.text(
                &self.fit(subtitle, font, width),
                margin,
                y,
                font,
                Anchor::TopLeft,
            )?;
            y += sizes.subtitle * 1.2;
        }
        Ok(y + sizes.margin * 0.6)
    }

    /// A message in the middle of a region, for charts with nothing to show.
    pub fn empty_note(
        &self,
        text: &str,
        top: f64,
        sizes: &style::Sizes,
    ) -> Result<(), PresentError> {
        let font = Font::new(sizes.subtitle, style::MUTED);
        self.text(
            &self.fit(text, font, self.width - 2.0 * sizes.margin),
            self.width / 2.0,
            (top + self.height) / 2.0,
            font,
            Anchor::Centre,
        )
    }

    /// A row of legend entries (a swatch and a label each) starting at a point; returns the x after the last.
    pub fn legend(
        &self,
        entries: &[(RGBColor, String)],
        x: f64,
        y: f64,
        font: Font,
    ) -> Result<f64, PresentError> {
        let swatch = font.size * 0.8;
        let mut x = x;
        for (colour, label) in entries {
            self.fill(x, y - swatch / 2.0, x + swatch, y + swatch / 2.0, *colour)?;
            x += swatch + font.size * 0.35;
            self.text(label, x, y, font, Anchor::Left)?;
            x += self.text_width(label, font) + font.size * 1.2;
        }
        Ok(x)
    }

    /// The width [`Canvas::legend`] would take.
    pub fn legend_width(&self, entries: &[(RGBColor, String)], font: Font) -> f64 {
        entries
            .iter()
            .map(|(_, label)| font.size * (0.8 + 0.35 + 1.2) + self.text_width(label, font))
            .sum::<f64>()
            - font.size * 1.2
    }
}

/// Round tick steps for an axis from `low` to `high` with about `count` ticks.
pub fn ticks(low: f64, high: f64, count: usize) -> Vec<f64> {
    let span = high - low;
    if !(span.is_finite() && span > 0.0) || count == 0 {
        return vec![low];
    }
    let raw = span / count as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|step| *step >= raw)
        .unwrap_or(10.0 * magnitude);
    let mut out = Vec::new();
    let mut value = (low / step).ceil() * step;
    while value <= high + step * 1e-9 && out.len() < 100 {
        out.push(if value.abs() < step * 1e-9 {
            0.0
        } else {
            value
        });
        value += step;
    }
    out
}

/// A number for an axis label: no decimals for whole numbers.
pub fn tick_label(value: f64) -> String {
    if (value - value.round()).abs() < 1e-9 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}
