//! Where every drawn object sits on the canvas, in world units: stored positions where the plan has them,
//! a deterministic grid per site where it does not. Each site starts with its floor: rows of racks side by side,
//! as many to a row as make the floor the window's shape, each enclosure and rack server drawn in its rack at its
//! units. Rebuilt when the document revision (or the floor's shape, fixed per opened plan) changes, unless the change
//! only edited hosts and VMs where they stand ([`keeps_layout`]).

use std::collections::BTreeMap;

use egui::{Pos2, Rect, Vec2, pos2, vec2};

use crate::model::{
    C7000_DEVICE_BAYS, C7000_INTERCONNECT_BAYS, C7000_UNITS, ObjectRef, ObjectValue, Placement,
    Position, Project, RACK_UNITS, RackId, SiteId, rack_contents,
};
use crate::present::overview::{self, GridMeasures};

/// Enclosure size: 8 device bays across, 2 rows, and the interconnect row under them.
pub const ENCLOSURE_SIZE: Vec2 = vec2(500.0, 150.0);
const BAY_SIZE: Vec2 = vec2(60.0, 44.0);
const MODULE_SIZE: Vec2 = vec2(60.0, 20.0);
const HEADER: f32 = 24.0;
const PAD: f32 = 10.0;
/// Sizes of the other node kinds.
pub const RACK_SERVER_SIZE: Vec2 = vec2(150.0, 40.0);
/// Tall enough for a name and a subtitle line (node text is clipped to its node).
const NETWORK_SIZE: Vec2 = vec2(150.0, 40.0);
pub const SMALL_NODE_SIZE: Vec2 = vec2(170.0, 56.0);
pub const CLUSTER_SIZE: Vec2 = vec2(220.0, 110.0);
const SITE_MARGIN: f32 = 30.0;
const SITE_HEADER: f32 = 34.0;
const SITE_MIN: Vec2 = vec2(420.0, 260.0);

/// One rack unit: a c7000's 10U are as tall as its drawing.
pub const UNIT_HEIGHT: f32 = ENCLOSURE_SIZE.y / C7000_UNITS as f32;
const RACK_PAD: f32 = 10.0;
const RACK_HEADER: f32 = 34.0;
/// A 42U rack: an enclosure wide, its units under a header with its name.
pub const RACK_SIZE: Vec2 = vec2(
    ENCLOSURE_SIZE.x + 2.0 * RACK_PAD,
    RACK_HEADER + RACK_UNITS as f32 * UNIT_HEIGHT + RACK_PAD,
);
const RACK_GAP: f32 = 40.0;

/// The shape the floor of racks is laid out for: the canvas's width over its height when the plan was opened (or
/// zoomed to fit), kept while the plan is edited so an edit never reflows the floor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FloorShape {
    pub aspect: f32,
}

impl Default for FloorShape {
    /// A 1600 x 1000 window less its side panels.
    fn default() -> Self {
        Self { aspect: 1.4 }
    }
}

/// The rectangle of units `bottom` .. `bottom + height - 1` inside a rack rectangle (U1 at the bottom).
pub fn unit_rect(rack: Rect, bottom: u8, height: u8) -> Rect {
    scaled_unit_rect(rack, bottom, height, 1.0)
}

/// [`unit_rect`] of a rack drawn at `zoom` (a rectangle on screen rather than in the world).
pub fn scaled_unit_rect(rack: Rect, bottom: u8, height: u8, zoom: f32) -> Rect {
    let pad = RACK_PAD * zoom;
    let unit = UNIT_HEIGHT * zoom;
    let base = rack.max.y - pad;
    let low = f32::from(bottom.max(1) - 1) * unit;
    let high = low + f32::from(height.max(1)) * unit;
    Rect::from_min_max(
        pos2(rack.min.x + pad, base - high),
        pos2(rack.max.x - pad, base - low),
    )
}

/// The rack unit under a world point inside a rack rectangle.
pub fn unit_at(rack: Rect, point: Pos2) -> Option<u8> {
    let units = unit_rect(rack, 1, RACK_UNITS);
    if !units.contains(point) {
        return None;
    }
    let from_bottom = ((units.max.y - point.y) / UNIT_HEIGHT).floor();
    Some((from_bottom as u8).saturating_add(1).min(RACK_UNITS))
}

/// Places a site's racks that have no stored position in rows from `origin`, as many to a row as make the floor
/// `aspect` wide for its height; returns their rectangles in order.
fn floor_rows(count: usize, origin: Pos2, aspect: f32) -> Vec<Rect> {
    if count == 0 {
        return Vec::new();
    }
    let pitch = RACK_SIZE + Vec2::splat(RACK_GAP);
    let columns =
        ((count as f32 * aspect * pitch.y / pitch.x).sqrt().round() as usize).clamp(1, count);
    let measures = GridMeasures {
        min_tile_width: f64::from(RACK_SIZE.x),
        max_tile_width: f64::from(RACK_SIZE.x),
        tile_height: f64::from(RACK_SIZE.y),
        gap: f64::from(RACK_GAP),
        site_header: 0.0,
        site_pad: 0.0,
        site_gap: 0.0,
    };
    // Half a gap to spare so rounding never drops a column.
    let width = columns as f32 * pitch.x - RACK_GAP / 2.0;
    let (rects, _) = overview::tile_rows(
        count,
        f64::from(origin.x),
        f64::from(origin.y),
        f64::from(width),
        &measures,
    );
    rects
        .into_iter()
        .map(|r| {
            Rect::from_min_max(
                pos2(r.x0 as f32, r.y0 as f32),
                pos2(r.x1 as f32, r.y1 as f32),
            )
        })
        .collect()
}

/// A drawn object and its rectangle in world units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Node {
    pub object: ObjectRef,
    pub rect: Rect,
    /// The site it sits in (for the site frame and for drops).
    pub site: Option<SiteId>,
}

/// Every node, in draw order (sites first, blades after their enclosures).
#[derive(Clone, Debug, Default)]
pub struct Layout {
    pub nodes: Vec<Node>,
    pub by_object: BTreeMap<ObjectRef, usize>,
    /// Enclosures and rack servers drawn in a rack, with that rack.
    pub in_rack: BTreeMap<ObjectRef, RackId>,
}

/// The rectangle of device bay `bay` (1-16) inside an enclosure rectangle.
pub fn device_bay_rect(enclosure: Rect, bay: u8) -> Rect {
    let index = f32::from(bay.clamp(1, C7000_DEVICE_BAYS) - 1);
    let column = index % 8.0;
    let row = (index / 8.0).floor();
    let min = enclosure.min + vec2(PAD + column * BAY_SIZE.x, HEADER + row * BAY_SIZE.y);
    Rect::from_min_size(min, BAY_SIZE - vec2(4.0, 4.0))
}

/// The rectangle of interconnect bay `bay` (1-8) inside an enclosure rectangle.
pub fn interconnect_bay_rect(enclosure: Rect, bay: u8) -> Rect {
    let column = f32::from(bay.clamp(1, C7000_INTERCONNECT_BAYS) - 1);
    let min = enclosure.min
        + vec2(
            PAD + column * MODULE_SIZE.x,
            HEADER + 2.0 * BAY_SIZE.y + 8.0,
        );
    Rect::from_min_size(min, MODULE_SIZE - vec2(4.0, 2.0))
}

/// The device bay under a world point inside an enclosure rectangle.
pub fn device_bay_at(enclosure: Rect, point: Pos2) -> Option<u8> {
    (1..=C7000_DEVICE_BAYS).find(|&bay| device_bay_rect(enclosure, bay).expand(2.0).contains(point))
}

/// The interconnect bay under a world point inside an enclosure rectangle.
pub fn interconnect_bay_at(enclosure: Rect, point: Pos2) -> Option<u8> {
    (1..=C7000_INTERCONNECT_BAYS).find(|&bay| {
        interconnect_bay_rect(enclosure, bay)
            .expand(2.0)
            .contains(point)
    })
}

fn at(position: Option<Position>) -> Option<Pos2> {
    position.map(|p| pos2(p.x, p.y))
}

/// Places objects without a stored position on a grid, row after row.
struct Grid {
    origin: Pos2,
    cursor: Pos2,
    row_height: f32,
    right_limit: f32,
}

impl Grid {
    fn new(origin: Pos2, width: f32) -> Self {
        Self {
            origin,
            cursor: origin,
            row_height: 0.0,
            right_limit: origin.x + width,
        }
    }

    fn place(&mut self, size: Vec2) -> Rect {
        if self.cursor.x + size.x > self.right_limit && self.cursor.x > self.origin.x {
            self.new_row();
        }
        let rect = Rect::from_min_size(self.cursor, size);
        self.cursor.x += size.x + 20.0;
        self.row_height = self.row_height.max(size.y);
        rect
    }

    fn new_row(&mut self) {
        if self.row_height > 0.0 {
            self.cursor = pos2(self.origin.x, self.cursor.y + self.row_height + 24.0);
            self.row_height = 0.0;
        }
    }
}

/// The site a cluster is drawn in: the first site (by ID) holding one of its hosts. One pass over the hosts,
/// so laying out never walks the VMs.
/// Whether a change (the objects it touched, each with its value before) leaves the layout and the summary counts
/// as they were: it touched only hosts and VMs that stay, without moving a host (placement, position, model,
/// cluster) or a VM to another cluster. Memory, releases, FT or a VM's host change findings and badges, not
/// where anything is drawn.
pub fn keeps_layout(project: &Project, touched: &[(ObjectRef, Option<&ObjectValue>)]) -> bool {
    touched
        .iter()
        .all(|(object, before)| match (object, before) {
            (ObjectRef::Host(id), Some(ObjectValue::Host(before))) => {
                project.hosts.get(id).is_some_and(|after| {
                    after.placement == before.placement
                        && after.position == before.position
                        && after.model == before.model
                        && after.cluster == before.cluster
                })
            }
            (ObjectRef::Vm(id), Some(ObjectValue::Vm(before))) => project
                .vms
                .get(id)
                .is_some_and(|after| after.cluster == before.cluster),
            _ => false,
        })
}

fn cluster_homes(project: &Project) -> BTreeMap<crate::model::ClusterId, SiteId> {
    let mut homes: BTreeMap<crate::model::ClusterId, SiteId> = BTreeMap::new();
    for host in project.hosts.values() {
        let Some(cluster) = host.cluster else {
            continue;
        };
        let site = match host.placement {
            Placement::Blade { enclosure, .. } => {
                project.enclosures.get(&enclosure).map(|e| e.site)
            }
            Placement::RackServer { site, .. } => Some(site),
        };
        if let Some(site) = site {
            homes
                .entry(cluster)
                .and_modify(|home| *home = (*home).min(site))
                .or_insert(site);
        }
    }
    homes
}

impl Layout {
    /// Lays out a project, its floors of racks shaped for `floor`.
    pub fn build(project: &Project, floor: FloorShape) -> Self {
        let mut layout = Self::default();
        let home = cluster_homes(project);
        let racks = rack_contents(project);
        let mut site_members: BTreeMap<SiteId, Vec<Node>> = BTreeMap::new();
        let mut loose: Vec<Node> = Vec::new();
        let mut blades: Vec<(ObjectRef, crate::model::EnclosureId, u8)> = Vec::new();
        let mut mounted: Vec<(ObjectRef, RackId, u8, u8)> = Vec::new();
        let mut x_cursor = 0.0_f32;
        let mut bottom = 0.0_f32;
        let mut site_frames = Vec::new();
        for (&site_id, site) in &project.sites {
            let origin = at(site.position).unwrap_or(pos2(x_cursor, 0.0));
            let floor_origin = origin + vec2(SITE_MARGIN, SITE_HEADER + 10.0);
            // The floor: racks placed by hand where they were put, the others in rows in rack order.
            let site_racks: Vec<(RackId, Option<Position>)> = project
                .racks
                .iter()
                .filter(|(_, r)| r.site == site_id)
                .map(|(&id, r)| (id, r.position))
                .collect();
            let unplaced = site_racks.iter().filter(|(_, p)| p.is_none()).count();
            let mut rows = floor_rows(unplaced, floor_origin, floor.aspect).into_iter();
            let members = site_members.entry(site_id).or_default();
            let mut floor_bottom = floor_origin.y;
            let mut floor_right = floor_origin.x;
            for (id, position) in site_racks {
                let rect = match at(position) {
                    Some(p) => Some(Rect::from_min_size(p, RACK_SIZE)),
                    None => rows.next(),
                };
                let Some(rect) = rect else {
                    continue;
                };
                if position.is_none() {
                    floor_bottom = floor_bottom.max(rect.max.y + RACK_GAP);
                    floor_right = floor_right.max(rect.max.x);
                }
                members.push(Node {
                    object: id.into(),
                    rect,
                    site: Some(site_id),
                });
                for mount in racks.get(&id).map_or(&[][..], |c| c.mounts.as_slice()) {
                    mounted.push((mount.object, id, mount.bottom, mount.height));
                }
            }
            let in_a_rack: std::collections::BTreeSet<ObjectRef> =
                mounted.iter().map(|(object, ..)| *object).collect();
            let mut grid = Grid::new(
                pos2(floor_origin.x, floor_bottom),
                (floor_right - floor_origin.x).max(3.0 * (ENCLOSURE_SIZE.x + 20.0)),
            );
            let mut push =
                |object: ObjectRef, position: Option<Position>, size: Vec2, grid: &mut Grid| {
                    if in_a_rack.contains(&object) {
                        return;
                    }
                    let rect = match at(position) {
                        Some(p) => Rect::from_min_size(p, size),
                        None => grid.place(size),
                    };
                    members.push(Node {
                        object,
                        rect,
                        site: Some(site_id),
                    });
                };
            for (&id, enclosure) in project.enclosures.iter().filter(|(_, e)| e.site == site_id) {
                push(id.into(), enclosure.position, ENCLOSURE_SIZE, &mut grid);
            }
            grid.new_row();
            for (&id, host) in &project.hosts {
                match host.placement {
                    Placement::RackServer { site, .. } if site == site_id => {
                        push(id.into(), host.position, RACK_SERVER_SIZE, &mut grid);
                    }
                    _ => {}
                }
            }
            grid.new_row();
            for (&id, fabric) in project.fabrics.iter().filter(|(_, f)| f.site == site_id) {
                push(id.into(), fabric.position, SMALL_NODE_SIZE, &mut grid);
            }
            for (&id, array) in project.arrays.iter().filter(|(_, a)| a.site == site_id) {
                push(id.into(), array.position, SMALL_NODE_SIZE, &mut grid);
            }
            grid.new_row();
            for (&id, vcenter) in project
                .vcenters
                .iter()
                .filter(|(_, v)| v.site == Some(site_id))
            {
                push(id.into(), vcenter.position, SMALL_NODE_SIZE, &mut grid);
            }
            for (&id, cluster) in &project.clusters {
                if home.get(&id) == Some(&site_id) {
                    push(id.into(), cluster.position, CLUSTER_SIZE, &mut grid);
                }
            }
            let mut frame = Rect::from_min_size(origin, SITE_MIN);
            for member in members.iter() {
                frame = frame.union(member.rect.expand(SITE_MARGIN));
            }
            frame.min.y = frame.min.y.min(origin.y);
            site_frames.push(Node {
                object: site_id.into(),
                rect: frame,
                site: Some(site_id),
            });
            x_cursor = frame.max.x + 80.0;
            bottom = bottom.max(frame.max.y);
        }
        let loose_width = site_frames
            .iter()
            .map(|frame: &Node| frame.rect.max.x)
            .fold(6.0 * (SMALL_NODE_SIZE.x + 20.0), f32::max);
        let mut grid = Grid::new(pos2(0.0, bottom + 80.0), loose_width);
        let mut place_loose =
            |object: ObjectRef, position: Option<Position>, size: Vec2, grid: &mut Grid| {
                let rect = match at(position) {
                    Some(p) => Rect::from_min_size(p, size),
                    None => grid.place(size),
                };
                loose.push(Node {
                    object,
                    rect,
                    site: None,
                });
            };
        for (&id, vcenter) in project.vcenters.iter().filter(|(_, v)| v.site.is_none()) {
            place_loose(id.into(), vcenter.position, SMALL_NODE_SIZE, &mut grid);
        }
        for (&id, cluster) in &project.clusters {
            if !home.contains_key(&id) {
                place_loose(id.into(), cluster.position, CLUSTER_SIZE, &mut grid);
            }
        }
        grid.new_row();
        for (&id, network) in &project.networks {
            place_loose(id.into(), network.position, NETWORK_SIZE, &mut grid);
        }
        for (&id, host) in &project.hosts {
            if let Placement::Blade { enclosure, bay } = host.placement {
                blades.push((id.into(), enclosure, bay));
            }
        }
        for frame in site_frames {
            layout.push(frame);
        }
        for members in site_members.into_values() {
            for member in members {
                layout.push(member);
            }
        }
        // What sits in a rack, drawn at its units, after the racks so it is on top of them.
        for (object, rack, bottom, height) in mounted {
            if let Some(rack_node) = layout.node(rack.into()).copied() {
                layout.in_rack.insert(object, rack);
                layout.push(Node {
                    object,
                    rect: unit_rect(rack_node.rect, bottom, height),
                    site: rack_node.site,
                });
            }
        }
        for node in loose {
            layout.push(node);
        }
        for (object, enclosure, bay) in blades {
            if let Some(enclosure_node) = layout.node(enclosure.into()).copied() {
                layout.push(Node {
                    object,
                    rect: device_bay_rect(enclosure_node.rect, bay),
                    site: enclosure_node.site,
                });
            }
        }
        layout
    }

    fn push(&mut self, node: Node) {
        self.by_object.insert(node.object, self.nodes.len());
        self.nodes.push(node);
    }

    /// The node of an object, if it is drawn.
    pub fn node(&self, object: ObjectRef) -> Option<&Node> {
        self.by_object.get(&object).and_then(|&i| self.nodes.get(i))
    }

    /// The bounding box of everything.
    pub fn bounds(&self) -> Rect {
        self.nodes
            .iter()
            .fold(Rect::NOTHING, |acc, n| acc.union(n.rect))
    }

    /// The topmost node of a kind under a world point.
    pub fn hit(&self, point: Pos2, accept: impl Fn(ObjectRef) -> bool) -> Option<&Node> {
        self.nodes
            .iter()
            .rev()
            .find(|n| accept(n.object) && n.rect.contains(point))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{Preset, generate};

    #[test]
    fn only_edits_that_move_nothing_keep_the_layout() {
        let project = generate(Preset::Vmworld2009);
        let (&host, before) = project.hosts.iter().next().expect("the preset has hosts");
        let (&vm, vm_before) = project.vms.iter().next().expect("the preset has VMs");
        let host_before = ObjectValue::Host(before.clone());
        let vm_value = ObjectValue::Vm(vm_before.clone());
        let mut edited = project.clone();
        let keeps = |edited: &Project, object: ObjectRef, value: &ObjectValue| {
            keeps_layout(edited, &[(object, Some(value))])
        };

        if let Some(h) = edited.hosts.get_mut(&host) {
            h.memory_gb /= 2;
        }
        assert!(keeps(&edited, host.into(), &host_before), "memory");
        if let Some(h) = edited.hosts.get_mut(&host) {
            h.placement = Placement::Blade {
                enclosure: crate::model::EnclosureId(1),
                bay: 16,
            };
        }
        assert!(!keeps(&edited, host.into(), &host_before), "a blade moved");

        let mut edited = project.clone();
        if let Some(v) = edited.vms.get_mut(&vm) {
            v.vcpus = 4;
        }
        assert!(keeps(&edited, vm.into(), &vm_value), "vCPUs");
        if let Some(v) = edited.vms.get_mut(&vm) {
            v.cluster = None;
        }
        assert!(!keeps(&edited, vm.into(), &vm_value), "out of its cluster");
        edited.vms.remove(&vm);
        assert!(!keeps(&edited, vm.into(), &vm_value), "deleted");
        assert!(
            !keeps_layout(&project, &[(ObjectRef::Plan, None)]),
            "the plan"
        );
    }
}
