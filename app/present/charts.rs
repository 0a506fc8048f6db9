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
            "{}, {}, about {:.0} hours from start to finish; {span}",
            wording::count(stages, "stage", "stages"),
            wording::count(waves, "host wave", "host waves"),
            plan.end
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

/// Margins further out than this (a cluster with next to no failover memory left) are drawn at the edge, so one
/// extreme does not flatten every other line.
const CAPACITY_LIMIT: f64 = 1000.0;
/// Clusters named on the chart when there are too many to draw one line each.
const TIGHTEST_NAMED: usize = 3;

/// The value at a share `q` (0 to 1) of sorted values, interpolated.
fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let at = q.clamp(0.0, 1.0) * last as f64;
    let (below, above) = (at.floor() as usize, at.ceil() as usize);
    let (a, b) = (*sorted.get(below)?, *sorted.get(above)?);
    Some(a + (b - a) * (at - below as f64))
}

/// Labels at the right of the plot, each wanting to sit at a y, moved apart so none overlaps: returns the y of each.
fn spread_labels(wanted: &[f64], height: f64, top: f64, bottom: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_by(|&a, &b| wanted[a].total_cmp(&wanted[b]).then_with(|| a.cmp(&b)));
    let mut placed = vec![0.0; wanted.len()];
    let mut previous = f64::NEG_INFINITY;
    for &i in &order {
        let y = wanted[i].max(previous + height).max(top + height / 2.0);
        placed[i] = y;
        previous = y;
    }
    // Pushed past the bottom: move the stack up as a whole, keeping the spacing.
    let overflow = previous - (bottom - height / 2.0);
    if overflow > 0.0 {
        let mut next = f64::INFINITY;
        for &i in order.iter().rev() {
            let y = (placed[i] - overflow).min(next - height);
            placed[i] = y;
            next = y;
        }
    }
    placed
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
    // Each cluster's tightest moment: margin, stage.
    let tightest_of = |values: &[Option<f64>]| {
        values
            .iter()
            .enumerate()
            .filter_map(|(s, v)| v.map(|v| (v, s)))
            .min_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)))
    };
    let mut ranked: Vec<(f64, usize, crate::model::ClusterId)> = series
        .iter()
        .filter_map(|(&id, values)| tightest_of(values).map(|(v, s)| (v, s, id)))
        .collect();
    ranked.sort_by(|a, b| {
        a.0.total_cmp(&b.0)
            .then_with(|| a.1.cmp(&b.1))
            .then_with(|| a.2.cmp(&b.2))
    });
    let short = ranked.iter().filter(|r| r.0 < 0.0).count();
    let subtitle = match ranked.first() {
        Some(&(value, s, id)) => {
            let stage = stages.get(s).map_or("", |st| st.title.as_str());
            let short = if short == 0 {
                "every cluster keeps its failover capacity".to_owned()
            } else {
                format!(
                    "{} of {} short of failover capacity at some stage (below 0 %)",
                    short,
                    wording::count(ranked.len(), "cluster", "clusters")
                )
            };
            format!(
                "Tightest: {} at {value:.0} % in stage {s} ({stage}); {short}",
                name(id)
            )
        }
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
    let clamped = series
        .values()
        .flatten()
        .flatten()
        .any(|v| v.abs() > CAPACITY_LIMIT);
    for values in series.values_mut() {
        for value in values.iter_mut().flatten() {
            *value = value.clamp(-CAPACITY_LIMIT, CAPACITY_LIMIT);
        }
    }
    let many = series.len() > 8;
    // The clusters named at the right of the plot: every one when few, else the tightest.
    // The clusters named at the right of the plot: every one when few, else the tightest, each with the number
    // of other clusters whose line is the same (at estate scale many clusters are built alike).
    let named: Vec<(crate::model::ClusterId, usize)> = if many {
        let shape = |id: &crate::model::ClusterId| -> Vec<Option<i64>> {
            series.get(id).map_or_else(Vec::new, |values| {
                values
                    .iter()
                    .map(|v| v.map(|v| (v * 10.0).round() as i64))
                    .collect()
            })
        };
        let mut groups: Vec<(Vec<Option<i64>>, crate::model::ClusterId, usize)> = Vec::new();
        for &(_, _, id) in &ranked {
            let key = shape(&id);
            match groups.iter_mut().find(|(k, _, _)| *k == key) {
                Some(group) => group.2 += 1,
                None => groups.push((key, id, 0)),
            }
        }
        groups
            .into_iter()
            .take(TIGHTEST_NAMED)
            .map(|(_, id, others)| (id, others))
            .collect()
    } else {
        series.keys().map(|&id| (id, 0)).collect()
    };
    let colour_of = |i: usize| {
        if many {
            [style::ERROR, style::WARNING, RGBColor(0x8e, 0x44, 0xad)][i % TIGHTEST_NAMED]
        } else {
            style::series(i)
        }
    };
    let m = sizes.margin;
    let label_font = Font::new(sizes.small, style::TEXT);
    let label_text = |id: crate::model::ClusterId, others: usize| {
        let low = series
            .get(&id)
            .and_then(|v| tightest_of(v))
            .map_or(String::new(), |(v, _)| format!(" (min {v:.0} %)"));
        let alike = if others > 0 {
            format!(" and {others} alike")
        } else {
            String::new()
        };
        format!("{}{alike}{low}", name(id))
    };
    let gutter = named
        .iter()
        .map(|&(id, others)| canvas.text_width(&label_text(id, others), label_font))
        .chain([canvas.text_width("median", label_font)])
        .fold(0.0, f64::max)
        + sizes.small * 2.0;
    let gutter = gutter.min(canvas.width * 0.3);
    let legend_y = canvas.height - m - sizes.small * 0.5;
    let plot_bottom = legend_y - sizes.small * 3.4;
    let plot_x0 = m + sizes.label * 4.0;
    let plot_x1 = canvas.width - m - gutter;
    // The y range follows the data and always holds the 0 % line.
    let values = series.values().flatten().flatten().copied();
    let (low, high) = values.fold((0.0_f64, 20.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let pad = (high - low) * 0.05;
    let step = ticks(low - pad, high + pad, 6)
        .windows(2)
        .next()
        .map_or(10.0, |w| w[1] - w[0]);
    let low = ((low - pad) / step).floor() * step;
    let high = ((high + pad) / step).ceil() * step;
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
            style::lighten(style::ERROR, 0.9),
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
    canvas.text_up(
        "failover margin",
        m + sizes.small * 0.6,
        (top + plot_bottom) / 2.0,
        tick_font,
    )?;
    for (s, stage) in stages.iter().enumerate() {
        let full = format!("{} {}", stage.index, short_stage(stage.kind));
        let label = if canvas.text_width(&full, label_font) < slot * 0.95 {
            full
        } else {
            stage.index.to_string()
        };
        canvas.text(
            &label,
            x_of(s),
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
    let draw_series =
        |values: &[Option<f64>], colour: RGBColor, stroke: u32| -> Result<(), PresentError> {
            for run in polyline(values) {
                canvas.line(&run, colour, stroke)?;
                for &(x, y) in &run {
                    canvas.dot(x, y, f64::from(stroke) * 1.6, colour)?;
                }
            }
            Ok(())
        };
    let mut legend: Vec<(RGBColor, String)> = Vec::new();
    // Labels at the right: (wanted y, text, colour).
    let mut labels: Vec<(f64, String, RGBColor)> = Vec::new();
    let last_value = |values: &[Option<f64>]| {
        values
            .iter()
            .enumerate()
            .rev()
            .find_map(|(s, v)| v.map(|v| (s, v)))
    };
    if many {
        // The spread of all clusters per stage: full range, the middle half, the median.
        let mut bands: Vec<[f64; 5]> = Vec::new();
        let mut present: Vec<usize> = Vec::new();
        for s in 0..stages.len() {
            let mut at: Vec<f64> = series
                .values()
                .filter_map(|v| v.get(s).copied().flatten())
                .collect();
            at.sort_by(f64::total_cmp);
            let q = |share| quantile(&at, share);
            if let (Some(a), Some(b), Some(c), Some(d), Some(e)) =
                (q(0.0), q(0.25), q(0.5), q(0.75), q(1.0))
            {
                bands.push([a, b, c, d, e]);
                present.push(s);
            }
        }
        let range_colour = style::lighten(style::INFO, 0.8);
        let middle_colour = style::lighten(style::INFO, 0.55);
        for (colour, (lo, hi)) in [(range_colour, (0, 4)), (middle_colour, (1, 3))] {
            if present.len() == 1 {
                let (x, half) = (x_of(present[0]), slot * 0.2);
                let (a, b) = (y_of(bands[0][hi]), y_of(bands[0][lo]));
                canvas.fill(x - half, a, x + half, b.max(a + 2.0), colour)?;
            } else {
                let mut band: Vec<(f64, f64)> = present
                    .iter()
                    .zip(&bands)
                    .map(|(&s, b)| (x_of(s), y_of(b[hi])))
                    .collect();
                band.extend(
                    present
                        .iter()
                        .zip(&bands)
                        .rev()
                        .map(|(&s, b)| (x_of(s), y_of(b[lo]) + 1.0)),
                );
                canvas.polygon(&band, colour)?;
            }
        }
        let medians: Vec<Option<f64>> = (0..stages.len())
            .map(|s| {
                present
                    .iter()
                    .position(|&p| p == s)
                    .and_then(|i| bands.get(i))
                    .map(|b| b[2])
            })
            .collect();
        draw_series(&medians, style::INFO, sizes.stroke)?;
        legend.push((
            range_colour,
            format!("range of all {} clusters", series.len()),
        ));
        legend.push((middle_colour, "middle half".to_owned()));
        legend.push((style::INFO, "median".to_owned()));
        if let Some((_, v)) = last_value(&medians) {
            labels.push((y_of(v), "median".to_owned(), style::INFO));
        }
    }
    // Named clusters, drawn tightest last so it stays on top.
    for (i, &(id, others)) in named.iter().enumerate().rev() {
        let Some(values) = series.get(&id) else {
            continue;
        };
        let colour = colour_of(i);
        let stroke = if many {
            sizes.stroke.div_ceil(2).max(1)
        } else {
            sizes.stroke
        };
        draw_series(values, colour, stroke)?;
        if let Some((_, v)) = last_value(values) {
            labels.push((y_of(v), label_text(id, others), colour));
        }
    }
    labels.reverse();
    if many {
        legend.push((
            style::ERROR,
            "the tightest clusters, named at the right".to_owned(),
        ));
    }
    // The 0 % line over the data: below it the VMs do not fit with HA's failover capacity held back.
    canvas.line(
        &[(plot_x0, y_of(0.0)), (plot_x1, y_of(0.0))],
        style::ERROR,
        sizes.stroke.div_ceil(2),
    )?;
    canvas.text(
        "0 %",
        plot_x0 + sizes.small * 0.3,
        y_of(0.0) - sizes.small * 0.2,
        Font::new(sizes.small, style::ERROR).bold(),
        Anchor::BottomLeft,
    )?;
    let line_height = sizes.small * 1.3;
    let wanted: Vec<f64> = labels.iter().map(|l| l.0).collect();
    let placed = spread_labels(&wanted, line_height, top, plot_bottom);
    let label_x = plot_x1 + sizes.small * 1.4;
    for ((wanted, text, colour), y) in labels.iter().zip(placed) {
        canvas.line(
            &[
                (plot_x1 - slot * 0.5 + 2.0, *wanted),
                (plot_x1 + sizes.small * 0.3, *wanted),
                (label_x - sizes.small * 0.3, y),
            ],
            *colour,
            1,
        )?;
        canvas.text(
            &canvas.fit(text, label_font, canvas.width - m - label_x),
            label_x,
            y,
            Font::new(sizes.small, *colour),
            Anchor::Left,
        )?;
    }
    if clamped {
        legend.push((
            style::MUTED,
            format!("margins past ±{CAPACITY_LIMIT:.0} % drawn at the edge"),
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
