//! The topology picture drawn from the model (not a screenshot): sites, enclosures with their device and
//! interconnect bays, rack servers, SAN fabrics, arrays, vCenters and clusters, the fabric and inter-site links,
//! with a title and a legend, at any size and for any projected state of the plan.
//!
//! The layout follows the designer's idea (enclosures in a grid per site, storage beside them, clusters below)
//! but is its own plain-Rust code, so it needs no GUI. Blades are coloured by ESX release and carry a strip in
//! their cluster's colour; each cluster box shows the same colour and its release mix.

use std::collections::{BTreeMap, BTreeSet};

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, RGBColor};

use crate::model::{
    ArrayId, C7000_DEVICE_BAYS, C7000_INTERCONNECT_BAYS, ClusterId, EnclosureId, FabricId,
    FabricSide, HostId, ModuleKind, Placement, Project, Release, SiteId, VcenterId,
};

use super::draw::{Anchor, Canvas, Font};
use super::overview::{self, GridMeasures, Overview, Tile};
use super::style::{self, Sizes};
use super::{MAX_SIDE, MIN_SIDE, Picture, PresentError};
use crate::rules::{Finding, Severity};

// World units: an enclosure is 500 wide, as in the designer.
const BAY_W: f64 = 60.0;
const BAY_H: f64 = 40.0;
const PAD: f64 = 10.0;
const HEADER: f64 = 30.0;
const MODULE_H: f64 = 22.0;
const ENC_W: f64 = 2.0 * PAD + 8.0 * BAY_W;
const ENC_H: f64 = HEADER + 2.0 * BAY_H + 6.0 + MODULE_H + PAD;
const GAP: f64 = 26.0;
const NODE_W: f64 = 200.0;
const NODE_H: f64 = 62.0;
const SERVER_W: f64 = 150.0;
const SERVER_H: f64 = 40.0;
const CLUSTER_W: f64 = 236.0;
const CLUSTER_H: f64 = 84.0;
const LINK_ROOM: f64 = 70.0;
const SITE_PAD: f64 = 26.0;
const SITE_HEADER: f64 = 44.0;
const SITE_GAP: f64 = 160.0;
/// Largest world-to-pixel scale: small estates are not blown up past readable.
const MAX_SCALE: f64 = 2.0;

/// A rectangle in world units.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rect {
    fn new(x: f64, y: f64, w: f64, h: f64) -> Self {
        Self {
            x0: x,
            y0: y,
            x1: x + w,
            y1: y + h,
        }
    }

    fn union(self, other: Self) -> Self {
        Self {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }

    fn shifted(self, dx: f64, dy: f64) -> Self {
        Self {
            x0: self.x0 + dx,
            y0: self.y0 + dy,
            x1: self.x1 + dx,
            y1: self.y1 + dy,
        }
    }

    fn width(self) -> f64 {
        self.x1 - self.x0
    }

    fn height(self) -> f64 {
        self.y1 - self.y0
    }
}

/// What a placed box shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Enclosure(EnclosureId),
    Server(HostId),
    Fabric(FabricId),
    Array(ArrayId),
    Vcenter(VcenterId),
    Cluster(ClusterId),
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Placed {
    shape: Shape,
    rect: Rect,
}

#[derive(Clone, Debug, PartialEq)]
struct Frame {
    site: Option<SiteId>,
    rect: Rect,
}

/// Where everything sits, in world units.
#[derive(Clone, Debug, Default, PartialEq)]
struct Layout {
    frames: Vec<Frame>,
    nodes: Vec<Placed>,
}

impl Layout {
    fn bounds(&self) -> Option<Rect> {
        self.frames
            .iter()
            .map(|f| f.rect)
            .chain(self.nodes.iter().map(|n| n.rect))
            .reduce(Rect::union)
    }

    fn rect_of(&self, shape: Shape) -> Option<Rect> {
        self.nodes.iter().find(|n| n.shape == shape).map(|n| n.rect)
    }
}

/// What one site holds.
#[derive(Default)]
struct Members {
    enclosures: Vec<EnclosureId>,
    servers: Vec<HostId>,
    fabrics: Vec<FabricId>,
    arrays: Vec<ArrayId>,
    vcenters: Vec<VcenterId>,
    clusters: Vec<ClusterId>,
}

impl Members {
    fn is_empty(&self) -> bool {
        self.enclosures.is_empty()
            && self.servers.is_empty()
            && self.fabrics.is_empty()
            && self.arrays.is_empty()
            && self.vcenters.is_empty()
            && self.clusters.is_empty()
    }
}

/// The site of a host, through its enclosure for blades.
fn host_site(project: &Project, host: HostId) -> Option<SiteId> {
    match project.hosts.get(&host)?.placement {
        Placement::Blade { enclosure, .. } => project.enclosures.get(&enclosure).map(|e| e.site),
        Placement::RackServer { site, .. } => Some(site),
    }
}

/// What part of the estate a picture shows.
#[derive(Clone, Copy, Debug, Default)]
pub enum Scope<'a> {
    #[default]
    All,
    /// One site with everything in it.
    Site(SiteId),
    /// One rack or enclosure group of the overview, with the fabrics and arrays it reaches and the vCenters and
    /// clusters of its hosts.
    Tile(&'a Tile),
}

/// How the picture draws the estate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Detail {
    /// The detailed drawing when it is legible at the picture's size, else the overview.
    #[default]
    Auto,
    /// Racks or enclosure groups as tiles.
    Overview,
    /// Every enclosure bay, server, fabric, array and cluster.
    Full,
}

/// The objects in a scope, by site.
fn members(project: &Project, scope: Scope<'_>) -> BTreeMap<Option<SiteId>, Members> {
    match scope {
        Scope::All => all_members(project),
        Scope::Site(site) => {
            let mut all = all_members(project);
            all.retain(|key, _| *key == Some(site));
            all
        }
        Scope::Tile(tile) => tile_members(project, tile),
    }
}

fn tile_members(project: &Project, tile: &Tile) -> BTreeMap<Option<SiteId>, Members> {
    let mut fabrics: BTreeSet<FabricId> = BTreeSet::new();
    for enclosure in tile
        .enclosures
        .iter()
        .filter_map(|e| project.enclosures.get(e))
    {
        for module in enclosure.interconnects.values() {
            fabrics.extend(
                module
                    .fc_uplinks
                    .iter()
                    .filter_map(|s| project.fc_switches.get(s))
                    .map(|s| s.fabric),
            );
        }
    }
    let hosts: Vec<&crate::model::Host> = tile
        .hosts
        .iter()
        .filter_map(|h| project.hosts.get(h))
        .collect();
    for host in &hosts {
        fabrics.extend(host.fc_ports.iter().map(|p| p.fabric));
    }
    let clusters: BTreeSet<ClusterId> = hosts.iter().filter_map(|h| h.cluster).collect();
    let vcenters: BTreeSet<VcenterId> = clusters
        .iter()
        .filter_map(|c| project.clusters.get(c).and_then(|c| c.vcenter))
        .collect();
    let arrays = project
        .arrays
        .iter()
        .filter(|(_, a)| a.ports.iter().any(|p| fabrics.contains(&p.fabric)))
        .map(|(&id, _)| id)
        .collect();
    let members = Members {
        enclosures: tile.enclosures.clone(),
        servers: tile.servers.clone(),
        fabrics: fabrics
            .into_iter()
            .filter(|f| project.fabrics.contains_key(f))
            .collect(),
        arrays,
        vcenters: vcenters
            .into_iter()
            .filter(|v| project.vcenters.contains_key(v))
            .collect(),
        clusters: clusters
            .into_iter()
            .filter(|c| project.clusters.contains_key(c))
            .collect(),
    };
    BTreeMap::from([(tile.site, members)])
}

/// Sorts objects into sites; objects whose site is unknown go to the `None` group.
fn all_members(project: &Project) -> BTreeMap<Option<SiteId>, Members> {
    let known = |site: SiteId| project.sites.contains_key(&site).then_some(site);
    let mut out: BTreeMap<Option<SiteId>, Members> = BTreeMap::new();
    for &site in project.sites.keys() {
        out.entry(Some(site)).or_default();
    }
    for (&id, enclosure) in &project.enclosures {
        out.entry(known(enclosure.site))
            .or_default()
            .enclosures
            .push(id);
    }
    let mut homes: BTreeMap<ClusterId, SiteId> = BTreeMap::new();
    for (&id, host) in &project.hosts {
        if let Placement::RackServer { site, .. } = host.placement {
            out.entry(known(site)).or_default().servers.push(id);
        }
        if let (Some(cluster), Some(site)) = (host.cluster, host_site(project, id))
            && project.sites.contains_key(&site)
        {
            homes
                .entry(cluster)
                .and_modify(|home| *home = (*home).min(site))
                .or_insert(site);
        }
    }
    for (&id, fabric) in &project.fabrics {
        out.entry(known(fabric.site)).or_default().fabrics.push(id);
    }
    for (&id, array) in &project.arrays {
        out.entry(known(array.site)).or_default().arrays.push(id);
    }
    for (&id, vcenter) in &project.vcenters {
        out.entry(vcenter.site.and_then(known))
            .or_default()
            .vcenters
            .push(id);
    }
    for &id in project.clusters.keys() {
        out.entry(homes.get(&id).copied())
            .or_default()
            .clusters
            .push(id);
    }
    out.retain(|site, m| site.is_some() || !m.is_empty());
    out
}

/// Lays out one site at the origin with `columns` enclosures a row; returns its nodes and frame.
fn layout_site(members: &Members, columns: usize) -> (Vec<Placed>, Rect) {
    let mut nodes = Vec::new();
    let x0 = SITE_PAD;
    let y0 = SITE_HEADER;
    let columns = columns.max(1);
    let mut right = x0;
    let mut bottom = y0;
    for (i, &id) in members.enclosures.iter().enumerate() {
        let (row, column) = (i / columns, i % columns);
        let rect = Rect::new(
            x0 + column as f64 * (ENC_W + GAP),
            y0 + row as f64 * (ENC_H + GAP),
            ENC_W,
            ENC_H,
        );
        right = right.max(rect.x1);
        bottom = bottom.max(rect.y1);
        nodes.push(Placed {
            shape: Shape::Enclosure(id),
            rect,
        });
    }
    // Storage beside the enclosures: fabrics, then arrays, each a column.
    let storage_x = if members.enclosures.is_empty() {
        x0
    } else {
        right + LINK_ROOM
    };
    let mut storage_right = storage_x;
    for (column, shapes) in [
        members
            .fabrics
            .iter()
            .map(|&f| Shape::Fabric(f))
            .collect::<Vec<_>>(),
        members.arrays.iter().map(|&a| Shape::Array(a)).collect(),
    ]
    .into_iter()
    .filter(|shapes| !shapes.is_empty())
    .enumerate()
    {
        let x = storage_x + column as f64 * (NODE_W + LINK_ROOM);
        for (row, shape) in shapes.into_iter().enumerate() {
            let rect = Rect::new(x, y0 + row as f64 * (NODE_H + GAP), NODE_W, NODE_H);
            storage_right = storage_right.max(rect.x1);
            bottom = bottom.max(rect.y1);
            nodes.push(Placed { shape, rect });
        }
    }
    let width = (storage_right.max(right) - x0).max(2.0 * CLUSTER_W + GAP);
    // Rack servers, then vCenters and clusters, in rows as wide as the site.
    let mut cursor_y = if nodes.is_empty() { y0 } else { bottom + GAP };
    let rows: [(Vec<Shape>, f64, f64); 2] = [
        (
            members.servers.iter().map(|&h| Shape::Server(h)).collect(),
            SERVER_W,
            SERVER_H,
        ),
        (
            members
                .vcenters
                .iter()
                .map(|&v| Shape::Vcenter(v))
                .chain(members.clusters.iter().map(|&c| Shape::Cluster(c)))
                .collect(),
            CLUSTER_W,
            CLUSTER_H,
        ),
    ];
    for (shapes, w, h) in rows {
        if shapes.is_empty() {
            continue;
        }
        let per_row = (((width + GAP) / (w + GAP)).floor() as usize).max(1);
        for (i, shape) in shapes.into_iter().enumerate() {
            let (row, column) = (i / per_row, i % per_row);
            let rect = Rect::new(
                x0 + column as f64 * (w + GAP),
                cursor_y + row as f64 * (h + GAP),
                w,
                h,
            );
            bottom = bottom.max(rect.y1);
            nodes.push(Placed { shape, rect });
        }
        cursor_y = bottom + GAP;
    }
    let frame = Rect::new(
        0.0,
        0.0,
        width + 2.0 * SITE_PAD,
        (bottom + SITE_PAD).max(SITE_HEADER + SITE_PAD),
    );
    (nodes, frame)
}

/// Lays out the whole project: sites side by side or one under the other, whichever comes closer to the
/// picture's proportions, each site shaped towards its share of them.
fn layout(project: &Project, scope: Scope<'_>, aspect: f64) -> Layout {
    let groups = members(project, scope);
    let sites = groups.len().max(1) as f64;
    let beside = arrange(&groups, aspect / sites, true);
    if groups.len() < 2 {
        return beside;
    }
    let below = arrange(&groups, aspect * sites, false);
    let miss = |layout: &Layout| {
        layout.bounds().map_or(f64::INFINITY, |b| {
            (b.width() / b.height().max(1.0) / aspect).ln().abs()
        })
    };
    if miss(&below) < miss(&beside) {
        below
    } else {
        beside
    }
}

fn arrange(groups: &BTreeMap<Option<SiteId>, Members>, target: f64, beside: bool) -> Layout {
    let target = target.clamp(0.3, 8.0);
    let mut out = Layout::default();
    let mut offset = 0.0;
    for (site, group) in groups {
        let count = group.enclosures.len().max(1);
        let mut best: Option<(f64, usize)> = None;
        for columns in 1..=count.min(64) {
            let (_, frame) = layout_site(group, columns);
            let miss = (frame.width() / frame.height().max(1.0) / target)
                .ln()
                .abs();
            if best.is_none_or(|(b, _)| miss < b - 1e-9) {
                best = Some((miss, columns));
            }
        }
        let columns = best.map_or(1, |(_, c)| c);
        let (nodes, frame) = layout_site(group, columns);
        let (dx, dy) = if beside { (offset, 0.0) } else { (0.0, offset) };
        out.nodes.extend(nodes.into_iter().map(|n| Placed {
            rect: n.rect.shifted(dx, dy),
            ..n
        }));
        out.frames.push(Frame {
            site: *site,
            rect: frame.shifted(dx, dy),
        });
        offset += if beside {
            frame.width()
        } else {
            frame.height()
        } + SITE_GAP;
    }
    out
}

/// Below this world-to-pixel scale the detailed drawing is not legible: a blade's name (9 to 12 world units) would
/// be under 6 pixels and an enclosure under 300 pixels wide, so the overview is drawn instead.
pub const MIN_LEGIBLE_SCALE: f64 = 0.6;

/// The topology of one state of the estate, drawable at any size.
#[derive(Clone, Copy, Debug)]
pub struct Topology<'a> {
    /// The estate to draw (today's design, or a projected stage from `planner::state_after`).
    pub project: &'a Project,
    /// What the picture shows, after the project's name: "today", "after stage 6 (Rolling host upgrade)".
    pub caption: &'a str,
    /// The findings of this state: each overview tile shows its worst (none given, no badges).
    pub findings: &'a [Finding],
    pub scope: Scope<'a>,
    pub detail: Detail,
}

impl<'a> Topology<'a> {
    /// The whole estate, detailed when legible, without findings.
    pub fn new(project: &'a Project, caption: &'a str) -> Self {
        Self {
            project,
            caption,
            findings: &[],
            scope: Scope::All,
            detail: Detail::Auto,
        }
    }

    /// The world-to-pixel scale of the detailed drawing at a size; `height` `None` lets the picture grow to its
    /// natural height (at most three times its width).
    pub fn detail_scale(&self, width: u32, height: Option<u32>) -> Option<f64> {
        let width = width.clamp(MIN_SIDE, MAX_SIDE);
        let sizes = Sizes::for_image(width, height.unwrap_or(width).max(width));
        let (header, legend) = chrome(&sizes);
        let available = f64::from(width) - 2.0 * sizes.margin;
        let room = f64::from(height.unwrap_or((width * 3).min(MAX_SIDE))) - header - legend;
        let aspect = match height {
            Some(_) => (available / room.max(1.0)).clamp(0.3, 6.0),
            None => 1.6,
        };
        let bounds = layout(self.project, self.scope, aspect).bounds()?;
        Some(
            (available / bounds.width().max(1.0))
                .min(room.max(1.0) / bounds.height().max(1.0))
                .min(MAX_SCALE),
        )
    }

    /// The overview this picture would draw: the scope's racks or enclosure groups.
    pub fn overview(&self) -> Overview {
        let mut all = overview::overview(self.project, self.findings);
        match self.scope {
            Scope::All => {}
            Scope::Site(site) => all.sites.retain(|s| s.site == Some(site)),
            Scope::Tile(tile) => {
                for site in &mut all.sites {
                    site.tiles
                        .retain(|t| t.kind == tile.kind && t.site == tile.site);
                }
                all.sites.retain(|s| !s.tiles.is_empty());
            }
        }
        all
    }

    /// The picture draws the overview at this size: asked for, or the detailed drawing would not be legible and
    /// there is more than one tile to show.
    pub fn shows_overview(&self, width: u32, height: Option<u32>) -> bool {
        match self.detail {
            Detail::Overview => true,
            Detail::Full => false,
            Detail::Auto => {
                self.detail_scale(width, height)
                    .is_some_and(|scale| scale < MIN_LEGIBLE_SCALE)
                    && self.overview().tiles().nth(1).is_some()
            }
        }
    }

    /// The height that shows the picture at `width` without empty bands: its natural proportions.
    pub fn natural_height(&self, width: u32) -> u32 {
        let width = width.clamp(MIN_SIDE, MAX_SIDE);
        let sizes = Sizes::for_image(width, width);
        let (header, legend) = chrome(&sizes);
        let available = f64::from(width) - 2.0 * sizes.margin;
        let body = if self.shows_overview(width, None) {
            let overview = self.overview();
            let font = overview_font(&sizes);
            overview::grid(
                &overview,
                0.0,
                0.0,
                available,
                &overview_measures(&overview, font, available),
            )
            .height
        } else {
            let Some(scale) = self.detail_scale(width, None) else {
                return (f64::from(width) * 0.5) as u32;
            };
            layout(self.project, self.scope, 1.6)
                .bounds()
                .map_or(0.0, |b| b.height() * scale)
        };
        let height = header + body + legend;
        (height.ceil() as u32).clamp((width / 3).max(MIN_SIDE), (width * 3).min(MAX_SIDE))
    }
}

/// Height of the title block and the legend for an image `width` wide.
fn chrome(sizes: &Sizes) -> (f64, f64) {
    let header = sizes.margin + sizes.title * 1.1 + sizes.subtitle * 1.2 + sizes.margin * 0.6;
    let legend = sizes.small * 3.6 + sizes.margin;
    (header, legend)
}

/// The height that shows the whole estate's topology at `width` without empty bands.
pub fn natural_height(project: &Project, width: u32) -> u32 {
    Topology::new(project, "").natural_height(width)
}

/// The topology as PNG; `height` `None` takes [`natural_height`].
pub fn render_png(
    project: &Project,
    caption: &str,
    width: u32,
    height: Option<u32>,
) -> Result<Vec<u8>, PresentError> {
    let picture = Topology::new(project, caption);
    let height = height.unwrap_or_else(|| picture.natural_height(width));
    super::render_png(&picture, width, height)
}

/// The topology as RGB pixels (3 bytes a pixel, row by row), for a texture.
pub fn render_rgb(
    project: &Project,
    caption: &str,
    width: u32,
    height: u32,
) -> Result<Vec<u8>, PresentError> {
    super::render_rgb(&Topology::new(project, caption), width, height)
}

/// The topology as SVG; `height` `None` takes [`natural_height`].
pub fn render_svg(
    project: &Project,
    caption: &str,
    width: u32,
    height: Option<u32>,
) -> Result<String, PresentError> {
    let picture = Topology::new(project, caption);
    let height = height.unwrap_or_else(|| picture.natural_height(width));
    super::render_svg(&picture, width, height)
}

/// World to pixels.
struct View {
    scale: f64,
    dx: f64,
    dy: f64,
}

impl View {
    fn x(&self, x: f64) -> f64 {
        self.dx + x * self.scale
    }

    fn y(&self, y: f64) -> f64 {
        self.dy + y * self.scale
    }

    fn rect(&self, r: Rect) -> (f64, f64, f64, f64) {
        (self.x(r.x0), self.y(r.y0), self.x(r.x1), self.y(r.y1))
    }

    /// A font of `size` world units, or `None` when it would be too small to read.
    fn font(&self, size: f64, colour: RGBColor) -> Option<Font> {
        let px = size * self.scale;
        (px >= 7.0).then(|| Font::new(px, colour))
    }
}

fn fabric_colour(side: FabricSide) -> RGBColor {
    match side {
        FabricSide::A => RGBColor(0x29, 0x80, 0xb9),
        FabricSide::B => RGBColor(0x27, 0xae, 0x60),
    }
}

const SITE_LINK: RGBColor = RGBColor(0x8e, 0x44, 0xad);

fn module_label(kind: ModuleKind) -> &'static str {
    match kind {
        ModuleKind::VcFlex10 => "F10",
        ModuleKind::VcEnet => "VC-E",
        ModuleKind::VcFc => "VC-FC",
        ModuleKind::PassThrough => "PT",
        ModuleKind::Other => "SW",
    }
}

fn text_on(colour: RGBColor) -> RGBColor {
    let luminance =
        0.299 * f64::from(colour.0) + 0.587 * f64::from(colour.1) + 0.114 * f64::from(colour.2);
    if luminance > 150.0 {
        style::TEXT
    } else {
        style::BACKGROUND
    }
}

impl Picture for Topology<'_> {
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), PresentError> {
        let canvas = Canvas::new(area)?;
        let (width, height) = area.dim_in_pixel();
        let sizes = Sizes::for_image(width, width.max(height));
        let project = self.project;
        let groups = members(project, self.scope);
        let subtitle = self.subtitle(&groups);
        let mut title = if self.caption.is_empty() {
            format!("{}: topology", project.name)
        } else {
            format!("{}: topology {}", project.name, self.caption)
        };
        match self.scope {
            Scope::All => {}
            Scope::Site(site) => {
                if let Some(site) = project.sites.get(&site) {
                    title.push_str(&format!(", site {}", site.name));
                }
            }
            Scope::Tile(tile) => title.push_str(&format!(", {}", tile.name)),
        }
        let (header, legend_h) = chrome(&sizes);
        canvas.heading(&title, &subtitle, &sizes)?;
        let region = (
            sizes.margin,
            header,
            canvas.width - sizes.margin,
            canvas.height - legend_h,
        );
        if self.shows_overview(width, Some(height)) {
            let overview = self.overview();
            draw_overview(&canvas, &sizes, &overview, region)?;
            return overview_legend(&canvas, &sizes, &overview, !self.findings.is_empty());
        }
        let aspect = (region.2 - region.0) / (region.3 - region.1).max(1.0);
        let layout = layout(project, self.scope, aspect.clamp(0.3, 6.0));
        let Some(bounds) = layout.bounds() else {
            canvas.empty_note(
                "Nothing to draw: the plan has no sites or objects",
                header,
                &sizes,
            )?;
            return legend(&canvas, &sizes, project);
        };
        let scale = ((region.2 - region.0) / bounds.width().max(1.0))
            .min((region.3 - region.1).max(1.0) / bounds.height().max(1.0))
            .min(MAX_SCALE);
        let view = View {
            scale,
            dx: region.0 + ((region.2 - region.0) - bounds.width() * scale) / 2.0
                - bounds.x0 * scale,
            dy: region.1 - bounds.y0 * scale,
        };
        let cluster_colour: BTreeMap<ClusterId, RGBColor> = project
            .clusters
            .keys()
            .enumerate()
            .map(|(i, &id)| (id, style::series(i)))
            .collect();
        draw_frames(&canvas, &view, &layout, project)?;
        draw_links(&canvas, &view, &layout, project)?;
        for node in &layout.nodes {
            match node.shape {
                Shape::Enclosure(id) => {
                    draw_enclosure(&canvas, &view, node.rect, project, id, &cluster_colour)?
                }
                Shape::Server(id) => {
                    draw_server(&canvas, &view, node.rect, project, id, &cluster_colour)?
                }
                Shape::Fabric(id) => draw_fabric(&canvas, &view, node.rect, project, id)?,
                Shape::Array(id) => draw_array(&canvas, &view, node.rect, project, id)?,
                Shape::Vcenter(id) => draw_vcenter(&canvas, &view, node.rect, project, id)?,
                Shape::Cluster(id) => {
                    draw_cluster(&canvas, &view, node.rect, project, id, &cluster_colour)?
                }
            }
        }
        legend(&canvas, &sizes, project)
    }
}

impl Topology<'_> {
    /// What the picture holds, counted: "1 site, 50 enclosures, 776 hosts (776 blades), ...".
    fn subtitle(&self, groups: &BTreeMap<Option<SiteId>, Members>) -> String {
        let project = self.project;
        let sum = |part: fn(&Members) -> usize| groups.values().map(part).sum::<usize>();
        let enclosures: BTreeSet<EnclosureId> = groups
            .values()
            .flat_map(|m| m.enclosures.iter().copied())
            .collect();
        let blades = project
            .hosts
            .values()
            .filter(|h| {
                matches!(h.placement, Placement::Blade { enclosure, .. } if enclosures.contains(&enclosure))
            })
            .count();
        let hosts = blades + sum(|m| m.servers.len());
        let vms = project
            .vms
            .values()
            .filter(|vm| {
                vm.host
                    .and_then(|h| project.hosts.get(&h))
                    .is_some_and(|h| match h.placement {
                        Placement::Blade { enclosure, .. } => enclosures.contains(&enclosure),
                        Placement::RackServer { .. } => false,
                    })
            })
            .count()
            + groups
                .values()
                .flat_map(|m| m.servers.iter())
                .map(|&h| project.vms.values().filter(|vm| vm.host == Some(h)).count())
                .sum::<usize>();
        [
            counted(
                groups.keys().filter(|s| s.is_some()).count(),
                "site",
                "sites",
            ),
            counted(enclosures.len(), "enclosure", "enclosures"),
            format!("{} ({blades} blades)", counted(hosts, "host", "hosts")),
            counted(vms, "VM", "VMs"),
            counted(sum(|m| m.clusters.len()), "cluster", "clusters"),
            counted(sum(|m| m.arrays.len()), "array", "arrays"),
            counted(sum(|m| m.fabrics.len()), "fabric", "fabrics"),
        ]
        .join(", ")
    }
}

/// A count with its noun and thousands separated, as a slide shows it: "1 host", "37,248 VMs".
fn counted(count: usize, one: &str, many: &str) -> String {
    let digits = count.to_string();
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{grouped} {}", if count == 1 { one } else { many })
}

/// The tile text size the overview starts from.
fn overview_font(sizes: &Sizes) -> f64 {
    sizes.small.max(10.0)
}

/// A text's width estimated without a canvas (DejaVu Sans averages about 0.55 of the size a character), so the
/// natural height and the drawing agree.
fn estimated_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.55
}

/// "2 enclosures · 32 hosts · 1536 VMs", or shorter when `short`.
fn tile_counts(tile: &Tile, short: bool) -> String {
    let mut parts = Vec::new();
    if !tile.enclosures.is_empty() {
        parts.push(if short {
            format!("{} enc", tile.enclosures.len())
        } else {
            counted(tile.enclosures.len(), "enclosure", "enclosures")
        });
    }
    parts.push(counted(tile.hosts.len(), "host", "hosts"));
    parts.push(counted(tile.vms, "VM", "VMs"));
    parts.join(" · ")
}

/// "3 errors", "1 warning".
fn badge_text(worst: &overview::Worst) -> String {
    match worst.severity {
        Severity::Error => counted(worst.count, "error", "errors"),
        Severity::Warning => counted(worst.count, "warning", "warnings"),
        Severity::Info => counted(worst.count, "note", "notes"),
    }
}

fn overview_measures(overview: &Overview, font: f64, width: f64) -> GridMeasures {
    let longest = overview
        .tiles()
        .map(|tile| {
            let badge = tile.worst.as_ref().map_or(0.0, |w| {
                estimated_width(&badge_text(w), font * 0.85) + font * 1.6
            });
            (estimated_width(&tile.name, font * 1.05) + badge)
                .max(estimated_width(&tile_counts(tile, false), font * 0.9))
        })
        .fold(0.0, f64::max);
    let min_tile_width = (longest + font * 1.6).max(font * 10.0).min(width.max(1.0));
    GridMeasures {
        min_tile_width,
        max_tile_width: min_tile_width * 1.5,
        tile_height: font * 4.7,
        gap: font * 0.7,
        site_header: font * 2.4,
        site_pad: font * 0.8,
        site_gap: font * 1.2,
    }
}

/// The overview: one frame per site with its rack or group tiles, at the largest text size that fits the region.
fn draw_overview<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    sizes: &Sizes,
    overview: &Overview,
    region: (f64, f64, f64, f64),
) -> Result<(), PresentError> {
    let (x0, y0, x1, y1) = region;
    let width = x1 - x0;
    let mut font = overview_font(sizes);
    let (grid, font) = loop {
        let grid = overview::grid(
            overview,
            x0,
            y0,
            width,
            &overview_measures(overview, font, width),
        );
        if grid.height <= y1 - y0 || font <= 9.0 {
            break (grid, font);
        }
        font = (font * 0.92).max(9.0);
    };
    for ((site, frame), rects) in overview.sites.iter().zip(&grid.frames).zip(&grid.tiles) {
        canvas.fill(frame.x0, frame.y0, frame.x1, frame.y1, style::PANEL)?;
        canvas.frame(frame.x0, frame.y0, frame.x1, frame.y1, style::FRAME, 2)?;
        let pad = font * 0.8;
        let racks = site
            .tiles
            .iter()
            .filter(|t| matches!(t.kind, overview::TileKind::Rack(_)))
            .count();
        let mut counts = Vec::new();
        if racks > 0 {
            counts.push(counted(racks, "rack", "racks"));
        }
        counts.push(counted(site.enclosures(), "enclosure", "enclosures"));
        counts.push(counted(site.hosts(), "host", "hosts"));
        counts.push(counted(site.vms(), "VM", "VMs"));
        let counts = counts.join(" · ");
        let count_font = Font::new(font, style::MUTED);
        let count_width = canvas.text_width(&counts, count_font);
        let name_font = Font::new(font * 1.25, style::ACCENT).bold();
        let header_y = frame.y0 + font * 1.2;
        let name_room = frame.width() - 2.0 * pad - count_width - font;
        canvas.text(
            &canvas.fit(&site.name, name_font, name_room.max(font * 4.0)),
            frame.x0 + pad,
            header_y,
            name_font,
            Anchor::Left,
        )?;
        if name_room > font * 4.0 {
            canvas.text(&counts, frame.x1 - pad, header_y, count_font, Anchor::Right)?;
        }
        for (tile, rect) in site.tiles.iter().zip(rects) {
            draw_tile(canvas, tile, *rect, font)?;
        }
    }
    Ok(())
}

/// One tile: a bar in its worst finding's colour, the name and badge, the counts and the hosts per release.
fn draw_tile<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    tile: &Tile,
    rect: overview::Rect,
    font: f64,
) -> Result<(), PresentError> {
    let overview::Rect { x0, y0, x1, y1 } = rect;
    canvas.fill(x0, y0, x1, y1, style::BACKGROUND)?;
    canvas.frame(x0, y0, x1, y1, style::FRAME, 1)?;
    let bar_colour = tile
        .worst
        .as_ref()
        .map_or(style::FRAME, |w| style::severity_colour(w.severity));
    let bar_w = (font * 0.35).max(3.0);
    canvas.fill(x0, y0, x0 + bar_w, y1, bar_colour)?;
    let left = x0 + bar_w + font * 0.5;
    let right = x1 - font * 0.5;
    let line1 = y0 + font * 0.45;
    // The badge first, at the right, so the name takes what is left.
    let mut name_right = right;
    if let Some(worst) = &tile.worst {
        let badge_font = Font::new(font * 0.85, style::BACKGROUND).bold();
        let colour = style::severity_colour(worst.severity);
        let full = format!("{} · {}", badge_text(worst), worst.rule);
        let short = badge_text(worst);
        let room = (right - left) * 0.6;
        let text = [full, short]
            .into_iter()
            .find(|t| canvas.text_width(t, badge_font) + font * 0.8 <= room);
        if let Some(text) = text {
            let w = canvas.text_width(&text, badge_font) + font * 0.8;
            let (bx0, by0, by1) = (right - w, line1 - font * 0.05, line1 + font * 1.15);
            canvas.fill(bx0, by0, right, by1, colour)?;
            canvas.text(
                &text,
                (bx0 + right) / 2.0,
                (by0 + by1) / 2.0,
                badge_font,
                Anchor::Centre,
            )?;
            name_right = bx0 - font * 0.4;
        }
    }
    let name_font = Font::new(font * 1.05, style::TEXT).bold();
    canvas.text(
        &canvas.fit(&tile.name, name_font, (name_right - left).max(0.0)),
        left,
        line1,
        name_font,
        Anchor::TopLeft,
    )?;
    let counts_font = Font::new(font * 0.9, style::MUTED);
    let full = tile_counts(tile, false);
    let counts = if canvas.text_width(&full, counts_font) <= right - left {
        full
    } else {
        canvas.fit(&tile_counts(tile, true), counts_font, right - left)
    };
    canvas.text(&counts, left, y0 + font * 1.8, counts_font, Anchor::TopLeft)?;
    // Hosts per ESX release, oldest first, each part labelled when its label fits.
    let hosts: usize = tile.releases.values().sum();
    let (top, bottom) = (y0 + font * 3.0, y1 - font * 0.5);
    if hosts == 0 {
        canvas.fill(left, top, right, bottom, style::EMPTY)?;
        return Ok(());
    }
    let label_font = Font::new((bottom - top) * 0.8, style::TEXT);
    let mut x = left;
    for (release, count) in &tile.releases {
        let next = x + (right - left) * (*count as f64 / hosts as f64);
        let colour = style::release_colour(*release);
        canvas.fill(x, top, next, bottom, colour)?;
        let label = format!("{count} × {release}");
        let font = Font {
            colour: text_on(colour),
            ..label_font
        };
        if canvas.text_width(&label, font) + 4.0 <= next - x {
            canvas.text(
                &label,
                (x + next) / 2.0,
                (top + bottom) / 2.0,
                font,
                Anchor::Centre,
            )?;
        }
        x = next;
    }
    Ok(())
}

/// The overview's legend: the ESX releases, what a tile's colours mean and how to get a detail page.
fn overview_legend<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    sizes: &Sizes,
    overview: &Overview,
    badges: bool,
) -> Result<(), PresentError> {
    let releases: BTreeSet<Release> = overview
        .tiles()
        .flat_map(|t| t.releases.keys().copied())
        .collect();
    let font = Font::new(sizes.small, style::TEXT);
    let mut first: Vec<(RGBColor, String)> = releases
        .iter()
        .map(|r| (style::release_colour(*r), format!("ESX {r}")))
        .collect();
    first.push((style::EMPTY, "no hosts".to_owned()));
    let racks = overview
        .tiles()
        .any(|t| matches!(t.kind, overview::TileKind::Rack(_)));
    let what = if racks {
        "a tile is a rack: its bar shows hosts per ESX release"
    } else {
        "a tile is a group of up to 4 enclosures: its bar shows hosts per ESX release"
    };
    let mut second = Vec::new();
    if badges {
        second.push((
            style::ERROR,
            "errors on its hosts, VMs or enclosures".to_owned(),
        ));
        second.push((style::WARNING, "warnings".to_owned()));
        second.push((style::FRAME, "none".to_owned()));
    }
    second.push((
        style::ACCENT,
        "detail: dcplan render PLAN --group NAME (or --site NAME)".to_owned(),
    ));
    let y2 = canvas.height - sizes.margin - sizes.small * 0.5;
    let y1 = y2 - sizes.small * 1.6;
    for (mut entries, y) in [(first, y1), (second, y2)] {
        if y == y1 {
            entries.push((style::lighten(style::ACCENT, 0.6), what.to_owned()));
        }
        while entries.len() > 1
            && canvas.legend_width(&entries, font) > canvas.width - 2.0 * sizes.margin
        {
            entries.pop();
        }
        canvas.legend(&entries, sizes.margin, y, font)?;
    }
    Ok(())
}

fn draw_frames<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    view: &View,
    layout: &Layout,
    project: &Project,
) -> Result<(), PresentError> {
    for frame in &layout.frames {
        let (x0, y0, x1, y1) = view.rect(frame.rect);
        canvas.fill(x0, y0, x1, y1, style::PANEL)?;
        canvas.frame(x0, y0, x1, y1, style::FRAME, 2)?;
        let title = match frame.site.and_then(|s| project.sites.get(&s)) {
            Some(site) if site.location.is_empty() => site.name.clone(),
            Some(site) => format!("{} ({})", site.name, site.location),
            None => "Not at a site".to_owned(),
        };
        if let Some(font) = view.font(22.0, style::ACCENT) {
            let font = font.bold();
            canvas.text(
                &canvas.fit(&title, font, x1 - x0 - 2.0 * SITE_PAD * view.scale),
                x0 + SITE_PAD * view.scale,
                y0 + SITE_HEADER * view.scale / 2.0,
                font,
                Anchor::Left,
            )?;
        }
    }
    Ok(())
}

fn draw_links<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    view: &View,
    layout: &Layout,
    project: &Project,
) -> Result<(), PresentError> {
    let width = ((2.0 * view.scale).round() as u32).clamp(1, 4);
    // Enclosure VC-FC uplinks and rack-server HBAs to their fabrics.
    let mut fc_links: BTreeSet<(i64, i64, FabricId)> = BTreeSet::new();
    let mut segments: Vec<((f64, f64), FabricId)> = Vec::new();
    for node in &layout.nodes {
        match node.shape {
            Shape::Enclosure(id) => {
                let Some(enclosure) = project.enclosures.get(&id) else {
                    continue;
                };
                for (&bay, module) in &enclosure.interconnects {
                    for switch in &module.fc_uplinks {
                        if let Some(fabric) = project.fc_switches.get(switch).map(|s| s.fabric) {
                            let bay_rect = interconnect_rect(node.rect, bay);
                            let from = (node.rect.x1, (bay_rect.y0 + bay_rect.y1) / 2.0);
                            if fc_links.insert((id.0.into(), bay.into(), fabric)) {
                                segments.push((from, fabric));
                            }
                        }
                    }
                }
            }
            Shape::Server(id) => {
                let Some(host) = project.hosts.get(&id) else {
                    continue;
                };
                for port in &host.fc_ports {
                    if fc_links.insert((-i64::from(id.0), 0, port.fabric)) {
                        segments.push((
                            (node.rect.x1, (node.rect.y0 + node.rect.y1) / 2.0),
                            port.fabric,
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    for (from, fabric) in segments {
        let (Some(target), Some(side)) = (
            layout.rect_of(Shape::Fabric(fabric)),
            project.fabrics.get(&fabric).map(|f| f.side),
        ) else {
            continue;
        };
        let to = (target.x0, (target.y0 + target.y1) / 2.0);
        // Out of the box, down or up the corridor left of the fabrics, into the fabric.
        let lane = match side {
            FabricSide::A => -8.0,
            FabricSide::B => 8.0,
        };
        let corridor = (to.0 - LINK_ROOM / 2.0 + lane).max(from.0 + 4.0);
        canvas.line(
            &[
                (view.x(from.0), view.y(from.1)),
                (view.x(corridor), view.y(from.1)),
                (view.x(corridor), view.y(to.1)),
                (view.x(to.0), view.y(to.1)),
            ],
            style::lighten(fabric_colour(side), 0.25),
            width,
        )?;
    }
    // Array ports to their fabrics.
    for node in &layout.nodes {
        let Shape::Array(id) = node.shape else {
            continue;
        };
        let Some(array) = project.arrays.get(&id) else {
            continue;
        };
        let fabrics: BTreeSet<FabricId> = array.ports.iter().map(|p| p.fabric).collect();
        for fabric in fabrics {
            let (Some(target), Some(side)) = (
                layout.rect_of(Shape::Fabric(fabric)),
                project.fabrics.get(&fabric).map(|f| f.side),
            ) else {
                continue;
            };
            let from = (node.rect.x0, (node.rect.y0 + node.rect.y1) / 2.0);
            let to = (target.x1, (target.y0 + target.y1) / 2.0);
            let bend = (from.0 + to.0) / 2.0;
            canvas.line(
                &[
                    (view.x(from.0), view.y(from.1)),
                    (view.x(bend), view.y(from.1)),
                    (view.x(bend), view.y(to.1)),
                    (view.x(to.0), view.y(to.1)),
                ],
                style::lighten(fabric_colour(side), 0.25),
                width,
            )?;
        }
    }
    // Site links between the site frames.
    for (i, link) in project.site_links.values().enumerate() {
        let frame = |site| {
            layout
                .frames
                .iter()
                .find(|f| f.site == Some(site))
                .map(|f| f.rect)
        };
        let (Some(a), Some(b)) = (frame(link.site_a), frame(link.site_b)) else {
            continue;
        };
        let mut words = vec![link.name.clone()];
        if link.rtt_ms > 0.0 {
            words.push(format!("{:.1} ms", link.rtt_ms));
        }
        if link.bandwidth_mbps > 0 {
            words.push(format!("{} Gb/s", f64::from(link.bandwidth_mbps) / 1000.0));
        }
        let thick = (width * 2).min(6);
        let font = view.font(14.0, SITE_LINK);
        if b.x0 >= a.x1 || a.x0 >= b.x1 {
            // Side by side: a horizontal link, its words under it.
            let (left, right) = if a.x0 <= b.x0 { (a, b) } else { (b, a) };
            let y = view.y(left.y0 + SITE_HEADER + 40.0 + i as f64 * 70.0);
            let (x0, x1) = (view.x(left.x1), view.x(right.x0));
            canvas.line(&[(x0, y), (x1, y)], SITE_LINK, thick)?;
            if let Some(font) = font {
                for (line, word) in words.iter().enumerate() {
                    canvas.text(
                        &canvas.fit(word, font, (x1 - x0).max(10.0)),
                        (x0 + x1) / 2.0,
                        y + font.size * (0.4 + 1.1 * line as f64),
                        font,
                        Anchor::TopCentre,
                    )?;
                }
            }
        } else {
            // One under the other: a vertical link, its words beside it.
            let (upper, lower) = if a.y0 <= b.y0 { (a, b) } else { (b, a) };
            let x = view.x(upper.x0.max(lower.x0) + 60.0 + i as f64 * 260.0);
            let (y0, y1) = (view.y(upper.y1), view.y(lower.y0));
            canvas.line(&[(x, y0), (x, y1)], SITE_LINK, thick)?;
            if let Some(font) = font {
                let text = words.join(", ");
                canvas.text(
                    &text,
                    x + font.size * 0.6,
                    (y0 + y1) / 2.0,
                    font,
                    Anchor::Left,
                )?;
            }
        }
    }
    Ok(())
}

fn device_rect(enclosure: Rect, bay: u8) -> Rect {
    let index = f64::from(bay.clamp(1, C7000_DEVICE_BAYS) - 1);
    let column = index % 8.0;
    let row = (index / 8.0).floor();
    Rect::new(
        enclosure.x0 + PAD + column * BAY_W + 2.0,
        enclosure.y0 + HEADER + row * BAY_H + 2.0,
        BAY_W - 4.0,
        BAY_H - 4.0,
    )
}

fn interconnect_rect(enclosure: Rect, bay: u8) -> Rect {
    let column = f64::from(bay.clamp(1, C7000_INTERCONNECT_BAYS) - 1);
    Rect::new(
        enclosure.x0 + PAD + column * BAY_W + 2.0,
        enclosure.y0 + HEADER + 2.0 * BAY_H + 6.0,
        BAY_W - 4.0,
        MODULE_H,
    )
}

fn draw_enclosure<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    view: &View,
    rect: Rect,
    project: &Project,
    id: EnclosureId,
    cluster_colour: &BTreeMap<ClusterId, RGBColor>,
) -> Result<(), PresentError> {
    let Some(enclosure) = project.enclosures.get(&id) else {
        return Ok(());
    };
    let (x0, y0, x1, y1) = view.rect(rect);
    canvas.fill(x0, y0, x1, y1, RGBColor(0x34, 0x3d, 0x4a))?;
    if let Some(font) = view.font(16.0, style::BACKGROUND) {
        let font = font.bold();
        let mut name = enclosure.name.clone();
        if let Some(rack) = enclosure.rack.and_then(|r| project.racks.get(&r)) {
            name.push_str(&format!("  ·  {}", rack.name));
        }
        if enclosure.midplane_replaced {
            name.push_str("  ·  midplane replaced");
        }
        canvas.text(
            &canvas.fit(&name, font, x1 - x0 - PAD * 2.0 * view.scale),
            x0 + PAD * view.scale,
            y0 + HEADER * view.scale / 2.0,
            font,
            Anchor::Left,
        )?;
    }
    let mut by_bay: BTreeMap<u8, HostId> = BTreeMap::new();
    for (&host_id, host) in &project.hosts {
        if let Placement::Blade { enclosure, bay } = host.placement
            && enclosure == id
        {
            by_bay.entry(bay).or_insert(host_id);
        }
    }
    for bay in 1..=C7000_DEVICE_BAYS {
        let (bx0, by0, bx1, by1) = view.rect(device_rect(rect, bay));
        match by_bay.get(&bay).and_then(|h| project.hosts.get(h)) {
            Some(host) => {
                let colour = style::release_colour(host.release());
                canvas.fill(bx0, by0, bx1, by1, colour)?;
                if let Some(cluster) = host.cluster.and_then(|c| cluster_colour.get(&c)) {
                    let strip = (6.0 * view.scale).max(2.0);
                    canvas.fill(bx0, by1 - strip, bx1, by1, *cluster)?;
                }
                // The name at the largest size that fits, cut only at the smallest.
                let room = bx1 - bx0 - 3.0;
                let font = [12.0, 10.5, 9.0]
                    .into_iter()
                    .filter_map(|size| view.font(size, text_on(colour)))
                    .find(|font| canvas.text_width(&host.name, *font) <= room)
                    .or_else(|| view.font(9.0, text_on(colour)));
                if let Some(font) = font {
                    canvas.text(
                        &canvas.fit(&host.name, font, room),
                        (bx0 + bx1) / 2.0,
                        by0 + (by1 - by0) * 0.4,
                        font,
                        Anchor::Centre,
                    )?;
                }
            }
            None => {
                canvas.fill(bx0, by0, bx1, by1, RGBColor(0x5d, 0x66, 0x73))?;
                if let Some(font) = view.font(11.0, RGBColor(0xa9, 0xb1, 0xbc)) {
                    canvas.text(
                        &bay.to_string(),
                        (bx0 + bx1) / 2.0,
                        (by0 + by1) / 2.0,
                        font,
                        Anchor::Centre,
                    )?;
                }
            }
        }
    }
    for bay in 1..=C7000_INTERCONNECT_BAYS {
        let (bx0, by0, bx1, by1) = view.rect(interconnect_rect(rect, bay));
        match enclosure.interconnects.get(&bay) {
            Some(module) => {
                canvas.fill(bx0, by0, bx1, by1, RGBColor(0xd5, 0xdb, 0xe3))?;
                if let Some(font) = view.font(11.0, style::TEXT) {
                    canvas.text(
                        module_label(module.kind),
                        (bx0 + bx1) / 2.0,
                        (by0 + by1) / 2.0,
                        font,
                        Anchor::Centre,
                    )?;
                }
            }
            None => canvas.fill(bx0, by0, bx1, by1, RGBColor(0x4a, 0x53, 0x60))?,
        }
    }
    Ok(())
}

/// A box with a coloured bar on its left, a bold name and up to two lines under it.
#[expect(clippy::too_many_arguments, reason = "one drawing call with its parts")]
fn draw_box<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    view: &View,
    rect: Rect,
    fill: RGBColor,
    bar: RGBColor,
    name: &str,
    lines: &[String],
    name_size: f64,
) -> Result<(), PresentError> {
    let (x0, y0, x1, y1) = view.rect(rect);
    canvas.fill(x0, y0, x1, y1, fill)?;
    canvas.frame(x0, y0, x1, y1, style::FRAME, 1)?;
    let bar_w = (8.0 * view.scale).max(2.0);
    canvas.fill(x0, y0, x0 + bar_w, y1, bar)?;
    let text_x = x0 + bar_w + 6.0 * view.scale;
    let room = x1 - text_x - 4.0 * view.scale;
    let colour = text_on(fill);
    if let Some(font) = view.font(name_size, colour) {
        let font = font.bold();
        canvas.text(
            &canvas.fit(name, font, room),
            text_x,
            y0 + 6.0 * view.scale,
            font,
            Anchor::TopLeft,
        )?;
    }
    if let Some(font) = view.font(
        12.5,
        if colour == style::TEXT {
            style::MUTED
        } else {
            colour
        },
    ) {
        for (i, line) in lines.iter().enumerate() {
            let y = y0 + (8.0 + name_size * 1.25 + 16.0 * i as f64) * view.scale;
            if y + font.size > y1 {
                break;
            }
            canvas.text(
                &canvas.fit(line, font, room),
                text_x,
                y,
                font,
                Anchor::TopLeft,
            )?;
        }
    }
    Ok(())
}

fn draw_server<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    view: &View,
    rect: Rect,
    project: &Project,
    id: HostId,
    cluster_colour: &BTreeMap<ClusterId, RGBColor>,
) -> Result<(), PresentError> {
    let Some(host) = project.hosts.get(&id) else {
        return Ok(());
    };
    let bar = host
        .cluster
        .and_then(|c| cluster_colour.get(&c).copied())
        .unwrap_or(style::FRAME);
    draw_box(
        canvas,
        view,
        rect,
        style::release_colour(host.release()),
        bar,
        &host.name,
        &[format!("ESX {}", host.release())],
        13.0,
    )
}

fn draw_fabric<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    view: &View,
    rect: Rect,
    project: &Project,
    id: FabricId,
) -> Result<(), PresentError> {
    let Some(fabric) = project.fabrics.get(&id) else {
        return Ok(());
    };
    let switches: Vec<&str> = project
        .fc_switches
        .values()
        .filter(|s| s.fabric == id)
        .map(|s| s.name.as_str())
        .collect();
    let side = match fabric.side {
        FabricSide::A => "SAN fabric A",
        FabricSide::B => "SAN fabric B",
    };
    let mut lines = vec![side.to_owned()];
    if !switches.is_empty() {
        lines.push(switches.join(", "));
    }
    draw_box(
        canvas,
        view,
        rect,
        style::BACKGROUND,
        fabric_colour(fabric.side),
        &fabric.name,
        &lines,
        15.0,
    )
}

fn draw_array<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    view: &View,
    rect: Rect,
    project: &Project,
    id: ArrayId,
) -> Result<(), PresentError> {
    let Some(array) = project.arrays.get(&id) else {
        return Ok(());
    };
    let luns = project.luns.values().filter(|l| l.array == id).count();
    let mut model = array.model.clone();
    if !array.firmware.is_empty() {
        model.push_str(&format!(" · XCS {}", array.firmware));
    }
    draw_box(
        canvas,
        view,
        rect,
        style::BACKGROUND,
        RGBColor(0x7f, 0x8c, 0x8d),
        &array.name,
        &[model, format!("{luns} LUNs")],
        15.0,
    )
}

fn draw_vcenter<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    view: &View,
    rect: Rect,
    project: &Project,
    id: VcenterId,
) -> Result<(), PresentError> {
    let Some(vcenter) = project.vcenters.get(&id) else {
        return Ok(());
    };
    let product = if vcenter.release.is_vsphere4_or_later() {
        "vCenter Server"
    } else {
        "VirtualCenter"
    };
    let clusters = project
        .clusters
        .values()
        .filter(|c| c.vcenter == Some(id))
        .count();
    draw_box(
        canvas,
        view,
        rect,
        style::BACKGROUND,
        style::ACCENT,
        &vcenter.name,
        &[
            format!("{product} {}", vcenter.release),
            format!("{clusters} clusters"),
        ],
        15.0,
    )
}

fn draw_cluster<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    view: &View,
    rect: Rect,
    project: &Project,
    id: ClusterId,
    cluster_colour: &BTreeMap<ClusterId, RGBColor>,
) -> Result<(), PresentError> {
    let Some(cluster) = project.clusters.get(&id) else {
        return Ok(());
    };
    let mut releases: BTreeMap<Release, usize> = BTreeMap::new();
    for host in project.hosts.values().filter(|h| h.cluster == Some(id)) {
        *releases.entry(host.release()).or_default() += 1;
    }
    let hosts: usize = releases.values().sum();
    let mut features = vec![format!("{hosts} hosts")];
    if cluster.ha.enabled {
        features.push("HA".to_owned());
    }
    if cluster.drs.enabled {
        features.push("DRS".to_owned());
    }
    if let Some(mode) = &cluster.evc_mode {
        features.push(format!("EVC {mode}"));
    }
    let vcenter = cluster
        .vcenter
        .and_then(|v| project.vcenters.get(&v))
        .map_or_else(String::new, |v| v.name.clone());
    let bar = cluster_colour.get(&id).copied().unwrap_or(style::FRAME);
    draw_box(
        canvas,
        view,
        rect,
        style::BACKGROUND,
        bar,
        &cluster.name,
        &[features.join(" · "), vcenter],
        15.0,
    )?;
    // The release mix as a bar along the bottom.
    if hosts > 0 {
        let (x0, _, x1, y1) = view.rect(rect);
        let left = x0 + 14.0 * view.scale;
        let right = x1 - 6.0 * view.scale;
        let top = y1 - 14.0 * view.scale;
        let bottom = y1 - 5.0 * view.scale;
        let mut x = left;
        for (release, count) in &releases {
            let next = x + (right - left) * (*count as f64 / hosts as f64);
            canvas.fill(x, top, next, bottom, style::release_colour(*release))?;
            x = next;
        }
    }
    Ok(())
}

/// The legend along the bottom: ESX releases in the estate, empty bays, links and module names.
fn legend<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    sizes: &Sizes,
    project: &Project,
) -> Result<(), PresentError> {
    let releases: BTreeSet<Release> = project.hosts.values().map(|h| h.release()).collect();
    let font = Font::new(sizes.small, style::TEXT);
    let mut first: Vec<(RGBColor, String)> = releases
        .iter()
        .map(|r| (style::release_colour(*r), format!("ESX {r}")))
        .collect();
    first.push((RGBColor(0x5d, 0x66, 0x73), "empty bay".to_owned()));
    first.push((
        style::series(0),
        "cluster colour (strip under a blade, bar of the cluster)".to_owned(),
    ));
    let mut second = vec![
        (fabric_colour(FabricSide::A), "fabric A link".to_owned()),
        (fabric_colour(FabricSide::B), "fabric B link".to_owned()),
    ];
    if !project.site_links.is_empty() {
        second.push((SITE_LINK, "inter-site link".to_owned()));
    }
    second.push((
        RGBColor(0xd5, 0xdb, 0xe3),
        "F10 VC Flex-10, VC-FC Virtual Connect FC, VC-E VC Ethernet, PT pass-through".to_owned(),
    ));
    let y2 = canvas.height - sizes.margin - sizes.small * 0.5;
    let y1 = y2 - sizes.small * 1.6;
    let mut entries = first;
    while entries.len() > 1
        && canvas.legend_width(&entries, font) > canvas.width - 2.0 * sizes.margin
    {
        entries.pop();
    }
    canvas.legend(&entries, sizes.margin, y1, font)?;
    let mut entries = second;
    while entries.len() > 1
        && canvas.legend_width(&entries, font) > canvas.width - 2.0 * sizes.margin
    {
        entries.pop();
    }
    canvas.legend(&entries, sizes.margin, y2, font)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_group_thousands() {
        assert_eq!(counted(1, "VM", "VMs"), "1 VM");
        assert_eq!(counted(999, "VM", "VMs"), "999 VMs");
        assert_eq!(counted(37_248, "VM", "VMs"), "37,248 VMs");
        assert_eq!(counted(1_000_000, "VM", "VMs"), "1,000,000 VMs");
    }

    #[test]
    fn empty_project_lays_out_nothing() {
        let layout = layout(&Project::default(), Scope::All, 1.6);
        assert!(layout.bounds().is_none());
        assert!(natural_height(&Project::default(), 1600) >= 16);
    }
}
