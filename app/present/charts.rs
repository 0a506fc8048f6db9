//! The management charts, one function per kind, each drawn once for every plotters backend: cluster readiness,
//! findings by severity and rule family, the upgrade timeline (Gantt), failover headroom per stage and the ESX
//! version mix across the stages.

use std::collections::BTreeMap;
use std::str::FromStr;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, RGBColor};

use crate::model::{Project, Release, StageKind, UpgradePlan};
use crate::planner::Simulation;
use crate::rules::{Finding, Severity};
use crate::wording;

use super::draw::{Anchor, Canvas, Font, tick_label, ticks};
use super::readiness::{self, ReadinessKind};
use super::schedule::{self, Bar};
use super::style::{self, Sizes};
use super::{Inputs, Picture, PresentError, family};

/// The kinds of chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChartKind {
    /// Clusters ready for FT, for vMotion with EVC and for the upgrade.
    Readiness,
    /// Today's findings by severity and by rule family.
    Findings,
    /// A Gantt chart of stages and waves with their maintenance windows.
    Timeline,
    /// Each cluster's failover margin at its tightest moment of every stage.
    Capacity,
    /// Hosts per ESX release today and after every stage.
    Versions,
}

impl ChartKind {
    pub const ALL: [Self; 5] = [
        Self::Readiness,
        Self::Findings,
        Self::Timeline,
        Self::Capacity,
        Self::Versions,
    ];

    /// The name on the command line and in file names.
    pub fn name(self) -> &'static str {
        match self {
            Self::Readiness => "readiness",
            Self::Findings => "findings",
            Self::Timeline => "timeline",
            Self::Capacity => "capacity",
            Self::Versions => "versions",
        }
    }
}

impl FromStr for ChartKind {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.name() == name)
            .ok_or_else(|| {
                format!(
                    "unknown chart `{name}`; charts: readiness, findings, timeline, capacity, versions"
                )
            })
    }
}

/// A chart of one kind over a plan, drawable at any size.
#[derive(Clone, Copy, Debug)]
pub struct Chart<'a> {
    pub kind: ChartKind,
    pub inputs: Inputs<'a>,
}

impl Picture for Chart<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), PresentError> {
        let canvas = Canvas::new(area)?;
        let (width, height) = area.dim_in_pixel();
        let sizes = Sizes::for_image(width, height);
        match self.kind {
            ChartKind::Readiness => readiness_chart(&canvas, &sizes, &self.inputs),
            ChartKind::Findings => findings_chart(&canvas, &sizes, self.inputs.findings),
            ChartKind::Timeline => timeline_chart(&canvas, &sizes, &self.inputs),
            ChartKind::Capacity => capacity_chart(&canvas, &sizes, &self.inputs),
            ChartKind::Versions => versions_chart(&canvas, &sizes, &self.inputs),
        }
    }
}

/// A chart as a PNG file of `width` x `height` pixels.
pub fn render_png(
    kind: ChartKind,
    project: &Project,
    plan: &UpgradePlan,
    simulation: &Simulation,
    findings: &[Finding],
    width: u32,
    height: u32,
) -> Result<Vec<u8>, PresentError> {
    let chart = chart(kind, project, plan, simulation, findings);
    super::render_png(&chart, width, height)
}

/// A chart as RGB pixels (3 bytes a pixel, row by row), for a texture.
pub fn render_rgb(
    kind: ChartKind,
    project: &Project,
    plan: &UpgradePlan,
    simulation: &Simulation,
    findings: &[Finding],
    width: u32,
    height: u32,
) -> Result<Vec<u8>, PresentError> {
    let chart = chart(kind, project, plan, simulation, findings);
    super::render_rgb(&chart, width, height)
}

/// A chart as an SVG document of `width` x `height` pixels.
pub fn render_svg(
    kind: ChartKind,
    project: &Project,
    plan: &UpgradePlan,
    simulation: &Simulation,
    findings: &[Finding],
    width: u32,
    height: u32,
) -> Result<String, PresentError> {
    let chart = chart(kind, project, plan, simulation, findings);
    super::render_svg(&chart, width, height)
}

fn chart<'a>(
    kind: ChartKind,
    project: &'a Project,
    plan: &'a UpgradePlan,
    simulation: &'a Simulation,
    findings: &'a [Finding],
) -> Chart<'a> {
    Chart {
        kind,
        inputs: Inputs {
            project,
            plan,
            simulation,
            findings,
        },
    }
}

/// A short name of a stage kind for narrow axis labels.
pub fn short_stage(kind: StageKind) -> &'static str {
    match kind {
        StageKind::Assess => "Assess",
        StageKind::Backup => "Backup",
        StageKind::Vcenter => "vCenter",
        StageKind::UpdateManager => "VUM",
        StageKind::Firmware => "Firmware",
        StageKind::PrepareClusters => "Prepare",
        StageKind::RollingUpgrade => "Rolling",
        StageKind::ClustersComplete => "Complete",
        StageKind::Tools => "Tools",
        StageKind::VirtualHardware => "HW 7",
        StageKind::Features => "Features",
        StageKind::Licences => "Licences",
    }
}

/// Dark text on light colours, white on dark ones.
fn text_on(colour: RGBColor) -> RGBColor {
    let luminance =
        0.299 * f64::from(colour.0) + 0.587 * f64::from(colour.1) + 0.114 * f64::from(colour.2);
    if luminance > 150.0 {
        style::TEXT
    } else {
        style::BACKGROUND
    }
}

/// A value axis along the bottom of a plot region: grid lines, ticks and labels; returns the x of each value.
struct XAxis {
    x0: f64,
    x1: f64,
    low: f64,
    high: f64,
    /// Counts: ticks on whole numbers only.
    whole: bool,
}

impl XAxis {
    fn x(&self, value: f64) -> f64 {
        let span = (self.high - self.low).max(f64::EPSILON);
        self.x0 + (value - self.low) / span * (self.x1 - self.x0)
    }

    fn draw<DB: DrawingBackend>(
        &self,
        canvas: &Canvas<'_, DB>,
        sizes: &Sizes,
        top: f64,
        bottom: f64,
        label: impl Fn(f64) -> String,
        count: usize,
    ) -> Result<(), PresentError> {
        let font = Font::new(sizes.small, style::MUTED);
        let values = ticks(self.low, self.high, count)
            .into_iter()
            .filter(|v| !self.whole || v.fract() == 0.0);
        for value in values {
            let x = self.x(value);
            canvas.line(&[(x, top), (x, bottom)], style::GRID, 1)?;
            canvas.text(
                &label(value),
                x,
                bottom + sizes.small * 0.4,
                font,
                Anchor::TopCentre,
            )?;
        }
        canvas.line(&[(self.x0, bottom), (self.x1, bottom)], style::FRAME, 1)
    }
}

/// Readiness: three stacked bars (ready / not ready per kind) and a per-cluster table of coloured cells.
fn readiness_chart<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    sizes: &Sizes,
    inputs: &Inputs<'_>,
) -> Result<(), PresentError> {
    let clusters = readiness::readiness(
        inputs.project,
        inputs.plan,
        inputs.simulation,
        inputs.findings,
    );
    let total = clusters.len();
    let counts: Vec<(ReadinessKind, usize, usize)> = ReadinessKind::ALL
        .into_iter()
        .map(|kind| {
            let (ready, not) = readiness::counts(&clusters, kind);
            (kind, ready, not)
        })
        .collect();
    let subtitle = if total == 0 {
        String::new()
    } else {
        let parts: Vec<String> = counts
            .iter()
            .map(|(kind, ready, _)| format!("{ready} {}", kind.label()))
            .collect();
        format!(
            "{}: {}",
            wording::count(total, "cluster", "clusters"),
            parts.join(", ")
        )
    };
    let top = canvas.heading("Cluster readiness at the end of the plan", &subtitle, sizes)?;
    if total == 0 {
        return canvas.empty_note("No clusters in this plan", top, sizes);
    }
    let m = sizes.margin;
    let legend_y = canvas.height - m - sizes.small * 0.5;
    let bottom = legend_y - sizes.small * 1.6;

    // Left: one stacked bar per kind.
    let left_x0 = m;
    let left_x1 = canvas.width * 0.40;
    let row = ((bottom - top) / 3.0).min(sizes.label * 5.0);
    let label_font = Font::new(sizes.label, style::TEXT).bold();
    let count_font = Font::new(sizes.label, style::BACKGROUND).bold();
    for (i, (kind, ready, not)) in counts.iter().enumerate() {
        let y = top + row * i as f64;
        canvas.text(
            kind.label(),
            left_x0,
            y + row * 0.1,
            label_font,
            Anchor::TopLeft,
        )?;
        canvas.text(
            &format!("{ready} of {total} ready"),
            left_x1,
            y + row * 0.1,
            Font::new(sizes.label, style::MUTED),
            Anchor::TopRight,
        )?;
        let bar_top = y + row * 0.1 + sizes.label * 1.3;
        let bar_height =
            (row * 0.75 - sizes.label * 1.3).clamp(sizes.label * 0.8, sizes.label * 2.4);
        let split = left_x0 + (left_x1 - left_x0) * (*ready as f64 / total as f64);
        canvas.fill(left_x0, bar_top, split, bar_top + bar_height, style::GOOD)?;
        canvas.fill(split, bar_top, left_x1, bar_top + bar_height, style::ERROR)?;
        let middle = bar_top + bar_height / 2.0;
        if *ready > 0 && split - left_x0 > sizes.label * 1.5 {
            canvas.text(
                &ready.to_string(),
                (left_x0 + split) / 2.0,
                middle,
                count_font,
                Anchor::Centre,
            )?;
        }
        if *not > 0 && left_x1 - split > sizes.label * 1.5 {
            canvas.text(
                &not.to_string(),
                (split + left_x1) / 2.0,
                middle,
                count_font,
                Anchor::Centre,
            )?;
        }
    }

    // Right: the clusters, least ready first.
    let mut order: Vec<&readiness::ClusterReadiness> = clusters.iter().collect();
    order.sort_by(|a, b| {
        b.not_ready()
            .cmp(&a.not_ready())
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.cluster.cmp(&b.cluster))
    });
    let right_x0 = canvas.width * 0.46;
    let right_x1 = canvas.width - m;
    let name_width = (right_x1 - right_x0) * 0.34;
    let cell_width = (right_x1 - right_x0 - name_width) / 3.0;
    let header_font = Font::new(sizes.small, style::TEXT).bold();
    let headers = ["FT", "vMotion/EVC", "Upgrade"];
    for (i, header) in headers.iter().enumerate() {
        let x = right_x0 + name_width + cell_width * (i as f64 + 0.5);
        canvas.text(header, x, top, header_font, Anchor::TopCentre)?;
    }
    let rows_top = top + sizes.small * 1.5;
    let row_height = (sizes.label * 1.6).max(sizes.small * 1.5);
    let capacity = (((bottom - rows_top) / row_height).floor() as usize).max(1);
    let shown = if order.len() > capacity {
        capacity - 1
    } else {
        order.len()
    };
    let row_height = if shown == order.len() {
        ((bottom - rows_top) / shown.max(1) as f64).min(sizes.label * 2.2)
    } else {
        row_height
    };
    let name_font = Font::new(sizes.label, style::TEXT);
    let cell_font = Font::new(sizes.small, style::BACKGROUND).bold();
    for (r, cluster) in order.iter().take(shown).enumerate() {
        let y = rows_top + row_height * r as f64;
        let middle = y + row_height / 2.0;
        canvas.text(
            &canvas.fit(&cluster.name, name_font, name_width - sizes.small),
            right_x0,
            middle,
            name_font,
            Anchor::Left,
        )?;
        for (i, kind) in ReadinessKind::ALL.into_iter().enumerate() {
            let x0 = right_x0 + name_width + cell_width * i as f64;
            let blockers = cluster.blockers(kind);
            let (colour, text) = if blockers == 0 {
                (style::GOOD, "ready".to_owned())
            } else {
                (
                    style::ERROR,
                    wording::count(blockers, "blocker", "blockers"),
                )
            };
            canvas.fill(
                x0 + 2.0,
                y + 2.0,
                x0 + cell_width - 2.0,
                y + row_height - 2.0,
                colour,
            )?;
            if row_height > sizes.small * 1.1 {
                canvas.text(
                    &canvas.fit(&text, cell_font, cell_width - 8.0),
                    x0 + cell_width / 2.0,
                    middle,
                    cell_font,
                    Anchor::Centre,
                )?;
            }
        }
    }
    if shown < order.len() {
        let rest = &order[shown..];
        let all_ready = rest.iter().filter(|c| c.not_ready() == 0).count();
        let y = rows_top + row_height * shown as f64 + row_height / 2.0;
        canvas.text(
            &format!(
                "and {} more ({} ready for all three)",
                wording::count(rest.len(), "cluster", "clusters"),
                all_ready
            ),
            right_x0,
            y,
            Font::new(sizes.label, style::MUTED),
            Anchor::Left,
        )?;
    }
    canvas.legend(
        &[
            (style::GOOD, "ready".to_owned()),
            (
                style::ERROR,
                "not ready: blocking error findings, or FT the design asks for left off".to_owned(),
            ),
        ],
        m,
        legend_y,
        Font::new(sizes.small, style::TEXT),
    )?;
    Ok(())
}

/// Findings: bars by severity, and stacked bars by rule family.
fn findings_chart<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    sizes: &Sizes,
    findings: &[Finding],
) -> Result<(), PresentError> {
    let severities = [Severity::Error, Severity::Warning, Severity::Info];
    let by_severity: Vec<usize> = severities
        .iter()
        .map(|s| findings.iter().filter(|f| f.severity == *s).count())
        .collect();
    let mut families: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    for finding in findings {
        let slot = match finding.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        };
        families.entry(family(finding.rule)).or_default()[slot] += 1;
    }
    let subtitle = if findings.is_empty() {
        "No findings: the design passes every rule".to_owned()
    } else {
        format!(
            "{}: {}, {}, {} info, in {}",
            wording::count(findings.len(), "finding", "findings"),
            wording::count(by_severity[0], "error", "errors"),
            wording::count(by_severity[1], "warning", "warnings"),
            by_severity[2],
            wording::count(families.len(), "rule family", "rule families")
        )
    };
    let top = canvas.heading(
        "Findings today by severity and rule family",
        &subtitle,
        sizes,
    )?;
    let m = sizes.margin;
    let legend_y = canvas.height - m - sizes.small * 0.5;
    let bottom = legend_y - sizes.small * 3.2;

    // Left: one bar per severity.
    let left_x0 = m + sizes.small * 3.0;
    let left_x1 = canvas.width * 0.30;
    let max = by_severity.iter().copied().max().unwrap_or(0).max(1) as f64;
    let plot_top = top + sizes.label * 1.5;
    let y_of = |value: f64| bottom - (bottom - plot_top) * value / max;
    let tick_font = Font::new(sizes.small, style::MUTED);
    for value in ticks(0.0, max, 5).into_iter().filter(|v| v.fract() == 0.0) {
        let y = y_of(value);
        canvas.line(&[(left_x0, y), (left_x1, y)], style::GRID, 1)?;
        canvas.text(
            &tick_label(value),
            left_x0 - sizes.small * 0.4,
            y,
            tick_font,
            Anchor::Right,
        )?;
    }
    let slot = (left_x1 - left_x0) / 3.0;
    for (i, severity) in severities.iter().enumerate() {
        let x0 = left_x0 + slot * (i as f64 + 0.18);
        let x1 = left_x0 + slot * (i as f64 + 0.82);
        let count = by_severity[i];
        let y = y_of(count as f64);
        canvas.fill(x0, y, x1, bottom, style::severity_colour(*severity))?;
        canvas.text(
            &count.to_string(),
            (x0 + x1) / 2.0,
            y - sizes.label * 0.2,
            Font::new(sizes.label, style::TEXT).bold(),
            Anchor::BottomCentre,
        )?;
        canvas.text(
            severity.as_str(),
            (x0 + x1) / 2.0,
            bottom + sizes.small * 0.4,
            Font::new(sizes.label, style::TEXT),
            Anchor::TopCentre,
        )?;
    }
    canvas.line(&[(left_x0, bottom), (left_x1, bottom)], style::FRAME, 1)?;

    // Right: stacked bars per family, worst first.
    let right_x0 = canvas.width * 0.36;
    let right_x1 = canvas.width - m;
    let mut rows: Vec<(&str, [usize; 3])> = families.into_iter().collect();
    rows.sort_by(|a, b| {
        b.1[0]
            .cmp(&a.1[0])
            .then_with(|| b.1.iter().sum::<usize>().cmp(&a.1.iter().sum::<usize>()))
            .then_with(|| a.0.cmp(b.0))
    });
    canvas.text(
        "by rule family",
        right_x0,
        top,
        Font::new(sizes.label, style::TEXT).bold(),
        Anchor::TopLeft,
    )?;
    if rows.is_empty() {
        canvas.text(
            "no findings",
            (right_x0 + right_x1) / 2.0,
            (plot_top + bottom) / 2.0,
            Font::new(sizes.label, style::MUTED),
            Anchor::Centre,
        )?;
    } else {
        let label_font = Font::new(sizes.label, style::TEXT);
        let label_width = rows
            .iter()
            .map(|(name, _)| canvas.text_width(name, label_font))
            .fold(0.0, f64::max)
            .min((right_x1 - right_x0) * 0.3);
        let bars_x0 = right_x0 + label_width + sizes.small;
        let row_min = sizes.label * 1.4;
        let fit = (((bottom - plot_top) / row_min).floor() as usize).clamp(1, 16);
        let shown = if rows.len() > fit {
            fit - 1
        } else {
            rows.len()
        };
        let row = ((bottom - plot_top) / shown.max(1) as f64).min(sizes.label * 2.4);
        let widest = rows
            .iter()
            .map(|(_, c)| c.iter().sum::<usize>())
            .max()
            .unwrap_or(1)
            .max(1) as f64;
        let axis = XAxis {
            x0: bars_x0,
            x1: right_x1 - sizes.label * 2.5,
            low: 0.0,
            high: widest,
            whole: true,
        };
        let extra = rows.len() - shown;
        let rows_bottom = plot_top + row * (shown + usize::from(extra > 0)) as f64;
        axis.draw(canvas, sizes, plot_top, rows_bottom, tick_label, 6)?;
        for (r, (name, counts)) in rows.iter().take(shown).enumerate() {
            let y = plot_top + row * r as f64;
            let middle = y + row / 2.0;
            canvas.text(
                name,
                bars_x0 - sizes.small * 0.5,
                middle,
                label_font,
                Anchor::Right,
            )?;
            let mut x = axis.x(0.0);
            for (i, severity) in severities.iter().enumerate() {
                let next = axis.x(counts[..=i].iter().sum::<usize>() as f64);
                canvas.fill(
                    x,
                    y + row * 0.18,
                    next,
                    y + row * 0.82,
                    style::severity_colour(*severity),
                )?;
                x = next;
            }
            canvas.text(
                &counts.iter().sum::<usize>().to_string(),
                x + sizes.small * 0.4,
                middle,
                Font::new(sizes.small, style::TEXT),
                Anchor::Left,
            )?;
        }
        if extra > 0 {
            let rest: usize = rows[shown..]
                .iter()
                .map(|(_, c)| c.iter().sum::<usize>())
                .sum();
            canvas.text(
                &format!(
                    "and {} more ({})",
                    wording::count(extra, "family", "families"),
                    wording::count(rest, "finding", "findings")
                ),
                bars_x0,
                plot_top + row * shown as f64 + row / 2.0,
                Font::new(sizes.label, style::MUTED),
                Anchor::Left,
            )?;
        }
    }
    canvas.legend(
        &severities
            .iter()
            .map(|s| (style::severity_colour(*s), s.as_str().to_owned()))
            .collect::<Vec<_>>(),
        m,
        legend_y,
        Font::new(sizes.small, style::TEXT),
    )?;
    Ok(())
}

/// A row of the Gantt chart: a bar, or several waves folded into one.
struct GanttRow {
    label: String,
    wave: bool,
    start: f64,
    work: f64,
    window: Option<(f64, f64)>,
    overrun: f64,
    errors: usize,
}

impl GanttRow {
    fn of(bar: &Bar) -> Self {
        Self {
            label: bar.label.clone(),
            wave: bar.wave.is_some(),
            start: bar.start,
            work: bar.work,
            window: bar.window,
            overrun: bar.overrun(),
            errors: bar.errors,
        }
    }

    fn folded(bars: &[&Bar]) -> Option<Self> {
        let start = bars.iter().map(|b| b.start).reduce(f64::min)?;
        let end = bars.iter().map(|b| b.end()).fold(start, f64::max);
        Some(Self {
            label: format!("{} more waves", bars.len()),
            wave: true,
            start,
            work: end - start,
            window: None,
            overrun: 0.0,
            errors: bars.iter().map(|b| b.errors).sum(),
        })
    }
}

/// The rows of the Gantt chart within `capacity` rows: waves folded first, then rows cut.
fn gantt_rows(bars: &[Bar], capacity: usize) -> (Vec<GanttRow>, usize) {
    let capacity = capacity.max(1);
    for max_waves in [usize::MAX, 8, 4, 1, 0] {
        let mut rows = Vec::new();
        let mut index = 0;
        while index < bars.len() {
            let bar = &bars[index];
            rows.push(GanttRow::of(bar));
            index += 1;
            let waves: Vec<&Bar> = bars[index..]
                .iter()
                .take_while(|b| b.wave.is_some())
                .collect();
            index += waves.len();
            if waves.len() <= max_waves {
                rows.extend(waves.iter().map(|b| GanttRow::of(b)));
            } else if max_waves > 0 {
                rows.extend(waves[..max_waves - 1].iter().map(|b| GanttRow::of(b)));
                rows.extend(GanttRow::folded(&waves[max_waves - 1..]));
            } else {
                rows.extend(GanttRow::folded(&waves).map(|mut row| {
                    row.label = wording::count(waves.len(), "wave", "waves");
                    row
                }));
            }
        }
        if rows.len() <= capacity {
            return (rows, 0);
        }
        if max_waves == 0 {
            let cut = rows.len() - (capacity - 1);
            rows.truncate(capacity - 1);
            return (rows, cut);
        }
    }
    (Vec::new(), 0)
}

/// Timeline: stages and waves as bars over time, maintenance windows behind them.
fn timeline_chart<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    sizes: &Sizes,
    inputs: &Inputs<'_>,
) -> Result<(), PresentError> {
    let plan = schedule::schedule(inputs.plan, inputs.simulation);
    let stages = inputs.plan.stages.len();
    let waves = plan.bars.iter().filter(|b| b.wave.is_some()).count();
    let subtitle = if stages == 0 {
        "No upgrade stages planned".to_owned()
    } else {
        let span = match plan.origin {
            Some(origin) => format!(
                "{} to {}",
                schedule::time_label(Some(origin), 0.0),
                schedule::time_label(Some(origin), plan.end)
            ),
            None => "no maintenance windows set: stages run back to back".to_owned(),
        };
        format!(
            "{}, {}, about {:.0} hours of work; {span}",
            wording::count(stages, "stage", "stages"),
            wording::count(waves, "host wave", "host waves"),
            plan.work
        )
    };
    let top = canvas.heading("Upgrade timeline", &subtitle, sizes)?;
    if stages == 0 {
        return canvas.empty_note("Plan the upgrade to see its timeline", top, sizes);
    }
    let m = sizes.margin;
    let legend_y = canvas.height - m - sizes.small * 0.5;
    let axis_bottom = legend_y - sizes.small * 3.2;
    let row_min = sizes.small * 1.35;
    let capacity = ((axis_bottom - top) / row_min).floor() as usize;
    let (rows, cut) = gantt_rows(&plan.bars, capacity);
    let shown = rows.len() + usize::from(cut > 0);
    let row = ((axis_bottom - top) / shown.max(1) as f64).min(sizes.label * 2.2);
    let stage_font = Font::new(sizes.label, style::TEXT);
    let wave_font = Font::new(sizes.small, style::MUTED);
    let label_width = rows
        .iter()
        .map(|r| {
            if r.wave {
                canvas.text_width(&r.label, wave_font) + sizes.label
            } else {
                canvas.text_width(&r.label, stage_font)
            }
        })
        .fold(0.0, f64::max)
        .min(canvas.width * 0.3);
    let end = plan.end.max(1.0);
    let note_room = sizes.small * 7.0;
    let axis = XAxis {
        x0: m + label_width + sizes.small,
        x1: canvas.width - m - note_room,
        low: 0.0,
        high: end,
        whole: false,
    };
    let grid_bottom = top + row * shown as f64;
    // The time axis: days when the plan is dated, hours otherwise.
    match plan.origin {
        Some(origin) => {
            let first_day = origin.div_euclid(24 * 60);
            let last_day = (origin + (end * 60.0).ceil() as i64).div_euclid(24 * 60);
            let days = (last_day - first_day + 1).max(1);
            let step = ticks(0.0, days as f64, 8)
                .windows(2)
                .next()
                .map_or(1, |w| (w[1] - w[0]).ceil().max(1.0) as i64);
            let font = Font::new(sizes.small, style::MUTED);
            // The first midnight at or after the start, then every `step` days.
            let mut day = if origin.rem_euclid(24 * 60) == 0 {
                first_day
            } else {
                first_day + 1
            };
            while day <= last_day + 1 {
                let hours = ((day * 24 * 60) - origin) as f64 / 60.0;
                if (0.0..=end).contains(&hours) {
                    let x = axis.x(hours);
                    canvas.line(&[(x, top), (x, grid_bottom)], style::GRID, 1)?;
                    canvas.text(
                        &schedule::day_label(day),
                        x,
                        grid_bottom + sizes.small * 0.4,
                        font,
                        Anchor::TopCentre,
                    )?;
                }
                day += step;
            }
            canvas.line(
                &[(axis.x0, grid_bottom), (axis.x1, grid_bottom)],
                style::FRAME,
                1,
            )?;
        }
        None => {
            axis.draw(
                canvas,
                sizes,
                top,
                grid_bottom,
                |h| format!("{} h", tick_label(h)),
                8,
            )?;
        }
    }
    let window_fill = style::lighten(style::ACCENT, 0.82);
    for (r, item) in rows.iter().enumerate() {
        let y = top + row * r as f64;
        let middle = y + row / 2.0;
        let (font, indent, colour, thickness) = if item.wave {
            (wave_font, sizes.label, style::INFO, 0.42)
        } else {
            (stage_font, 0.0, style::ACCENT, 0.62)
        };
        canvas.text(
            &canvas.fit(&item.label, font, label_width - indent),
            m + indent,
            middle,
            font,
            Anchor::Left,
        )?;
        if let Some((start, hours)) = item.window {
            let (x0, x1) = (axis.x(start), axis.x(start + hours));
            canvas.fill(
                x0,
                y + row * 0.08,
                x1.max(x0 + 2.0),
                y + row * 0.92,
                window_fill,
            )?;
            canvas.frame(
                x0,
                y + row * 0.08,
                x1.max(x0 + 2.0),
                y + row * 0.92,
                style::ACCENT,
                1,
            )?;
        }
        let x0 = axis.x(item.start);
        let x1 = axis.x(item.start + item.work).max(x0 + 3.0);
        let half = row * thickness / 2.0;
        canvas.fill(x0, middle - half, x1, middle + half, colour)?;
        if item.overrun > 0.0 {
            let from = axis.x(item.start + item.work - item.overrun);
            canvas.fill(from, middle - half, x1, middle + half, style::ERROR)?;
        }
        let mut note = format!("{:.1} h", item.work);
        if item.errors > 0 {
            note.push_str(&format!(
                ", {}",
                wording::count(item.errors, "new error", "new errors")
            ));
        }
        let note_colour = if item.errors > 0 {
            style::ERROR
        } else {
            style::MUTED
        };
        let note_x = x1.max(item.window.map_or(x1, |(s, h)| axis.x(s + h))) + sizes.small * 0.4;
        canvas.text(
            &note,
            note_x,
            middle,
            Font::new(sizes.small, note_colour),
            Anchor::Left,
        )?;
    }
    if cut > 0 {
        canvas.text(
            &format!("and {} more", wording::count(cut, "row", "rows")),
            m,
            top + row * rows.len() as f64 + row / 2.0,
            Font::new(sizes.label, style::MUTED),
            Anchor::Left,
        )?;
    }
    canvas.legend(
        &[
            (style::ACCENT, "stage work".to_owned()),
            (style::INFO, "host wave".to_owned()),
            (window_fill, "maintenance window".to_owned()),
            (style::ERROR, "work past its window".to_owned()),
        ],
        m,
        legend_y,
        Font::new(sizes.small, style::TEXT),
    )?;
    Ok(())
}

/// Capacity: each cluster's failover margin at its tightest moment of every stage.
fn capacity_chart<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    sizes: &Sizes,
    inputs: &Inputs<'_>,
) -> Result<(), PresentError> {
    let stages = &inputs.simulation.stages;
    let project = inputs.project;
    // Margin in percent per cluster per stage.
    let mut series: BTreeMap<crate::model::ClusterId, Vec<Option<f64>>> = BTreeMap::new();
    for (s, stage) in stages.iter().enumerate() {
        for capacity in &stage.capacity {
            let values = series
                .entry(capacity.cluster)
                .or_insert_with(|| vec![None; stages.len()]);
            if let Some(slot) = values.get_mut(s) {
                *slot = Some(capacity.margin() * 100.0);
            }
        }
    }
    let name = |id: crate::model::ClusterId| {
        project
            .clusters
            .get(&id)
            .map_or_else(|| id.to_string(), |c| c.name.clone())
    };
    let worst = series
        .iter()
        .flat_map(|(&id, values)| {
            values
                .iter()
                .enumerate()
                .filter_map(move |(s, v)| v.map(|v| (v, s, id)))
        })
        .min_by(|a, b| {
            a.0.total_cmp(&b.0)
                .then_with(|| a.1.cmp(&b.1))
                .then_with(|| a.2.cmp(&b.2))
        });
    let subtitle = match worst {
        Some((value, s, id)) => format!(
            "Tightest: {} at {value:.0} % in stage {s} ({}); below 0 % the VMs do not fit with HA's failover capacity held back",
            name(id),
            stages.get(s).map_or("", |st| st.title.as_str())
        ),
        None => String::new(),
    };
    let top = canvas.heading("Failover headroom per stage", &subtitle, sizes)?;
    if stages.is_empty() || series.is_empty() {
        let note = if stages.is_empty() {
            "No upgrade stages planned"
        } else {
            "No clusters in this plan"
        };
        return canvas.empty_note(note, top, sizes);
    }
    // Margins below -100 % (demand over twice the failover memory) are drawn at -100 %.
    let clamped = series
        .values()
        .flatten()
        .flatten()
        .any(|v| !(-100.0..=100.0).contains(v));
    for values in series.values_mut() {
        for value in values.iter_mut().flatten() {
            *value = value.clamp(-100.0, 100.0);
        }
    }
    let m = sizes.margin;
    let legend_y = canvas.height - m - sizes.small * 0.5;
    let plot_bottom = legend_y - sizes.small * 3.4;
    let plot_x0 = m + sizes.label * 4.0;
    let plot_x1 = canvas.width - m;
    let values = series.values().flatten().flatten().copied();
    let (low, high) = values.fold((0.0_f64, 20.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let low = ((low - 5.0) / 10.0).floor() * 10.0;
    let high = ((high + 5.0) / 10.0).ceil() * 10.0;
    let y_of = |value: f64| plot_bottom - (plot_bottom - top) * (value - low) / (high - low);
    let slot = (plot_x1 - plot_x0) / stages.len() as f64;
    let x_of = |s: usize| plot_x0 + slot * (s as f64 + 0.5);
    // Below zero: short of failover capacity.
    if low < 0.0 {
        canvas.fill(
            plot_x0,
            y_of(0.0),
            plot_x1,
            plot_bottom,
            style::lighten(style::ERROR, 0.88),
        )?;
    }
    let tick_font = Font::new(sizes.small, style::MUTED);
    for value in ticks(low, high, 6) {
        let y = y_of(value);
        canvas.line(&[(plot_x0, y), (plot_x1, y)], style::GRID, 1)?;
        canvas.text(
            &format!("{} %", tick_label(value)),
            plot_x0 - sizes.small * 0.4,
            y,
            tick_font,
            Anchor::Right,
        )?;
    }
    canvas.line(
        &[(plot_x0, y_of(0.0)), (plot_x1, y_of(0.0))],
        style::ERROR,
        sizes.stroke.div_ceil(2),
    )?;
    canvas.text_up(
        "failover margin",
        m + sizes.small * 0.6,
        (top + plot_bottom) / 2.0,
        tick_font,
    )?;
    let label_font = Font::new(sizes.small, style::TEXT);
    for (s, stage) in stages.iter().enumerate() {
        let x = x_of(s);
        let full = format!("{} {}", stage.index, short_stage(stage.kind));
        let label = if canvas.text_width(&full, label_font) < slot * 0.95 {
            full
        } else {
            stage.index.to_string()
        };
        canvas.text(
            &label,
            x,
            plot_bottom + sizes.small * 0.4,
            label_font,
            Anchor::TopCentre,
        )?;
    }
    canvas.line(
        &[(plot_x0, plot_bottom), (plot_x1, plot_bottom)],
        style::FRAME,
        1,
    )?;
    let polyline = |values: &[Option<f64>]| -> Vec<Vec<(f64, f64)>> {
        let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        for (s, value) in values.iter().enumerate() {
            match value {
                Some(v) => runs
                    .last_mut()
                    .map_or((), |run| run.push((x_of(s), y_of(*v)))),
                None => runs.push(Vec::new()),
            }
        }
        runs.retain(|run| !run.is_empty());
        runs
    };
    let mut legend: Vec<(RGBColor, String)> = Vec::new();
    let draw_series = |values: &[Option<f64>], colour: RGBColor| -> Result<(), PresentError> {
        for run in polyline(values) {
            canvas.line(&run, colour, sizes.stroke)?;
            for &(x, y) in &run {
                canvas.dot(x, y, f64::from(sizes.stroke) * 1.6, colour)?;
            }
        }
        Ok(())
    };
    if series.len() <= 8 {
        for (i, (&id, values)) in series.iter().enumerate() {
            draw_series(values, style::series(i))?;
            legend.push((style::series(i), name(id)));
        }
    } else {
        // Many clusters: the range of all of them, the median, and the three tightest by name.
        let mut mins: Vec<f64> = Vec::new();
        let mut maxs: Vec<f64> = Vec::new();
        let mut medians: Vec<Option<f64>> = Vec::new();
        for s in 0..stages.len() {
            let mut at: Vec<f64> = series
                .values()
                .filter_map(|v| v.get(s).copied().flatten())
                .collect();
            at.sort_by(f64::total_cmp);
            mins.push(at.first().copied().unwrap_or(0.0));
            maxs.push(at.last().copied().unwrap_or(0.0));
            medians.push(at.get(at.len() / 2).copied());
        }
        let band_colour = style::lighten(style::INFO, 0.7);
        let mut band: Vec<(f64, f64)> = maxs
            .iter()
            .enumerate()
            .map(|(s, v)| (x_of(s), y_of(*v)))
            .collect();
        band.extend(
            mins.iter()
                .enumerate()
                .rev()
                .map(|(s, v)| (x_of(s), y_of(*v))),
        );
        if stages.len() == 1 {
            let (x, half) = (x_of(0), slot * 0.2);
            canvas.fill(
                x - half,
                y_of(maxs[0]),
                x + half,
                y_of(mins[0]).max(y_of(maxs[0]) + 2.0),
                band_colour,
            )?;
        } else {
            canvas.polygon(&band, band_colour)?;
        }
        draw_series(&medians, style::INFO)?;
        legend.push((
            band_colour,
            format!("range of all {} clusters", series.len()),
        ));
        legend.push((style::INFO, "median".to_owned()));
        let mut tightest: Vec<(f64, crate::model::ClusterId)> = series
            .iter()
            .map(|(&id, values)| {
                (
                    values
                        .iter()
                        .flatten()
                        .copied()
                        .fold(f64::INFINITY, f64::min),
                    id,
                )
            })
            .collect();
        tightest.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        let colours = [style::ERROR, style::WARNING, RGBColor(0x8e, 0x44, 0xad)];
        for ((_, id), colour) in tightest.iter().take(3).zip(colours) {
            if let Some(values) = series.get(id) {
                draw_series(values, colour)?;
                legend.push((colour, name(*id)));
            }
        }
    }
    if clamped {
        legend.push((
            style::MUTED,
            "margins past ±100 % drawn at ±100 %".to_owned(),
        ));
    }
    let font = Font::new(sizes.small, style::TEXT);
    let mut entries = legend;
    // Keep the legend on one line: drop entries that do not fit.
    while entries.len() > 1 && canvas.legend_width(&entries, font) > canvas.width - 2.0 * m {
        entries.pop();
    }
    canvas.legend(&entries, m, legend_y, font)?;
    Ok(())
}

/// Versions: hosts per ESX release today and after each stage, as stacked horizontal bars.
fn versions_chart<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    sizes: &Sizes,
    inputs: &Inputs<'_>,
) -> Result<(), PresentError> {
    let mut today: BTreeMap<String, usize> = BTreeMap::new();
    for host in inputs.project.hosts.values() {
        *today.entry(host.release().to_string()).or_default() += 1;
    }
    let mut rows: Vec<(String, &BTreeMap<String, usize>)> = vec![("Today".to_owned(), &today)];
    for stage in &inputs.simulation.stages {
        rows.push((format!("{} {}", stage.index, stage.title), &stage.versions));
    }
    let mut releases: Vec<String> = rows
        .iter()
        .flat_map(|(_, versions)| versions.keys().cloned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    releases.sort_by(|a, b| match (a.parse::<Release>(), b.parse::<Release>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        (Ok(_), Err(_)) => std::cmp::Ordering::Less,
        (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
        (Err(_), Err(_)) => a.cmp(b),
    });
    let mix = |versions: &BTreeMap<String, usize>| -> String {
        let parts: Vec<String> = releases
            .iter()
            .filter_map(|r| {
                versions
                    .get(r)
                    .filter(|n| **n > 0)
                    .map(|n| format!("{n} on {r}"))
            })
            .collect();
        parts.join(", ")
    };
    let hosts = inputs.project.hosts.len();
    let subtitle = if hosts == 0 {
        String::new()
    } else {
        let after = rows.last().map_or_else(String::new, |(_, v)| mix(v));
        if inputs.simulation.stages.is_empty() {
            format!(
                "{}: {}",
                wording::count(hosts, "host", "hosts"),
                mix(&today)
            )
        } else {
            format!(
                "{}: today {}; after the plan {after}",
                wording::count(hosts, "host", "hosts"),
                mix(&today)
            )
        }
    };
    let top = canvas.heading("ESX versions across the plan", &subtitle, sizes)?;
    if hosts == 0 {
        return canvas.empty_note("No hosts in this plan", top, sizes);
    }
    let m = sizes.margin;
    let legend_y = canvas.height - m - sizes.small * 0.5;
    let axis_bottom = legend_y - sizes.small * 3.2;
    let label_font = Font::new(sizes.label, style::TEXT);
    let fit = (((axis_bottom - top) / (sizes.small * 1.3)).floor() as usize).max(2);
    let cut = rows.len().saturating_sub(fit);
    if cut > 0 {
        // Keep today and the last stages: the end state matters most.
        let keep_end = fit - 1;
        let tail: Vec<_> = rows.split_off(rows.len() - keep_end);
        rows.truncate(1);
        rows.extend(tail);
    }
    let row = ((axis_bottom - top) / rows.len() as f64).min(sizes.label * 2.4);
    let label_width = rows
        .iter()
        .map(|(label, _)| canvas.text_width(label, label_font))
        .fold(0.0, f64::max)
        .min(canvas.width * 0.32);
    let widest = rows
        .iter()
        .map(|(_, v)| v.values().sum::<usize>())
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let axis = XAxis {
        x0: m + label_width + sizes.small,
        x1: canvas.width - m - sizes.label * 2.0,
        low: 0.0,
        high: widest,
        whole: true,
    };
    let grid_bottom = top + row * rows.len() as f64;
    axis.draw(canvas, sizes, top, grid_bottom, tick_label, 8)?;
    let count_font = Font::new(sizes.small, style::TEXT).bold();
    for (r, (label, versions)) in rows.iter().enumerate() {
        let y = top + row * r as f64;
        let middle = y + row / 2.0;
        canvas.text(
            &canvas.fit(label, label_font, label_width),
            m,
            middle,
            label_font,
            Anchor::Left,
        )?;
        let mut count = 0;
        for release in &releases {
            let n = versions.get(release).copied().unwrap_or(0);
            if n == 0 {
                continue;
            }
            let (x0, x1) = (axis.x(count as f64), axis.x((count + n) as f64));
            let colour = style::release_text_colour(release);
            canvas.fill(x0, y + row * 0.15, x1, y + row * 0.85, colour)?;
            let text = n.to_string();
            let font = Font {
                colour: text_on(colour),
                ..count_font
            };
            if canvas.text_width(&text, font) < (x1 - x0) - 6.0 && row > sizes.small * 1.1 {
                canvas.text(&text, (x0 + x1) / 2.0, middle, font, Anchor::Centre)?;
            }
            count += n;
        }
    }
    if cut > 0 {
        canvas.text(
            &format!("({} left out)", wording::count(cut, "stage", "stages")),
            m,
            grid_bottom + sizes.small * 0.4,
            Font::new(sizes.small, style::MUTED),
            Anchor::TopLeft,
        )?;
    }
    let entries: Vec<(RGBColor, String)> = releases
        .iter()
        .map(|r| (style::release_text_colour(r), format!("ESX {r}")))
        .collect();
    canvas.legend(&entries, m, legend_y, Font::new(sizes.small, style::TEXT))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_by_name() {
        for kind in ChartKind::ALL {
            assert_eq!(kind.name().parse::<ChartKind>(), Ok(kind));
        }
        assert!("pie".parse::<ChartKind>().is_err());
    }
}
