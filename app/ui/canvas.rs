//! The canvas: draws the plan as nested boxes (sites, racks, enclosures with their bays, clusters, arrays...), and
//! turns pointer gestures into transactions: drops from the palette, moves, bay and rack-unit changes, cluster
//! joins, selection.
//!
//! Zoom is semantic: far out a rack is the overview's tile (its counts, hosts per ESX release, worst finding);
//! closer, its enclosures and rack servers at their units with blades coloured by release; closer still, bays
//! with blade names and interconnect modules.

use std::collections::{BTreeMap, BTreeSet};

use egui::{Align2, Color32, FontId, Pos2, Rect, Sense, Stroke, StrokeKind, Vec2, pos2, vec2};

use super::action::Action;
use super::layout::{self, FloorShape, Layout, Node};
use super::state::{UiState, View};
use super::theme;
use crate::edit::{self, DropTarget, Edit, NewObject, ObjectValue, Transaction};
use crate::model::{HostId, ObjectRef, Placement, Position, Project, RackId};
use crate::present::overview;
use crate::rules::Severity;

/// Errors and warnings on an object (or on what it contains).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Badge {
    pub errors: u32,
    pub warnings: u32,
}

/// Below this zoom, enclosures and clusters collapse to summary boxes without per-bay text.
const DETAIL_ZOOM: f32 = 0.45;
/// Below this zoom a rack is its overview tile and what it holds is not drawn.
const FLOOR_ZOOM: f32 = 0.3;

/// The overview's tiles, of which the floor draws the racks'.
pub type FloorTiles = overview::Tiles;

/// The tiles of the topology picture's overview, so the floor and the exported picture show the same; their worst
/// findings are marked by the caller ([`overview::Tiles::mark_worst`]). `membership` gives each host's VMs without
/// a walk over every VM.
pub fn floor_tiles(
    project: &Project,
    membership: Option<&crate::rules::incremental::Membership>,
) -> FloorTiles {
    let vms_on_host = membership.map(|membership| move |host| membership.vms_on_host(host));
    let vms_on_host = vms_on_host
        .as_ref()
        .map(|count| count as &dyn Fn(HostId) -> usize);
    overview::Tiles::build(project, vms_on_host)
}

/// An ongoing pointer gesture on the canvas.
#[derive(Clone, Debug, Default)]
pub enum Gesture {
    #[default]
    Idle,
    /// Moving nodes; `grabbed` is the node under the pointer when the drag began.
    Move {
        grabbed: ObjectRef,
        objects: Vec<ObjectRef>,
        from: Pos2,
        to: Pos2,
    },
    /// Selecting by rubber band.
    Band { from: Pos2, to: Pos2 },
    /// Panning the view.
    Pan,
}

/// Converts between world and screen coordinates.
#[derive(Clone, Copy)]
pub struct Transform {
    pub canvas: Rect,
    pub view: View,
}

impl Transform {
    pub fn to_screen(self, world: Pos2) -> Pos2 {
        self.canvas.min + (world.to_vec2() - Vec2::from(self.view.pan)) * self.view.zoom
    }

    pub fn to_world(self, screen: Pos2) -> Pos2 {
        (((screen - self.canvas.min) / self.view.zoom) + Vec2::from(self.view.pan)).to_pos2()
    }

    pub fn rect_to_screen(self, world: Rect) -> Rect {
        Rect::from_min_max(self.to_screen(world.min), self.to_screen(world.max))
    }

    pub fn visible_world(self) -> Rect {
        Rect::from_min_max(
            self.to_world(self.canvas.min),
            self.to_world(self.canvas.max),
        )
    }
}

/// Inputs of one canvas frame.
pub struct CanvasInput<'a> {
    pub project: &'a Project,
    pub layout: &'a Layout,
    pub badges: &'a BTreeMap<ObjectRef, Badge>,
    /// Counts for summary boxes, computed once per document revision.
    pub counts: &'a Counts,
    /// Hosts in maintenance mode at the stage the timeline shows (drawn grey).
    pub in_maintenance: &'a BTreeSet<HostId>,
    /// The racks' overview tiles, drawn when zoomed out.
    pub floor: &'a FloorTiles,
}

/// A view that shows `world` whole inside `canvas`.
pub fn fit(world: Rect, canvas: Rect) -> View {
    if !world.is_positive() || !canvas.is_positive() {
        return View::default();
    }
    let world = world.expand(40.0);
    let zoom = (canvas.width() / world.width())
        .min(canvas.height() / world.height())
        .clamp(0.02, 4.0);
    let visible = canvas.size() / zoom;
    let pan = world.center() - visible / 2.0;
    View {
        pan: [pan.x, pan.y],
        zoom,
    }
}

fn esx_colour(project: &Project, object: ObjectRef) -> Color32 {
    let ObjectRef::Host(id) = object else {
        return Color32::from_gray(70);
    };
    let Some(host) = project.hosts.get(&id) else {
        return Color32::from_gray(70);
    };
    theme::host_fill(host.esx.release)
}

fn node_fill(object: ObjectRef) -> Color32 {
    theme::node_fill(object)
}

/// The text a node shows, and its accessibility label (what tests find it by).
fn node_label(project: &Project, object: ObjectRef) -> String {
    project.name_of(object).unwrap_or("?").to_owned()
}

fn node_subtitle(project: &Project, object: ObjectRef, counts: &Counts) -> String {
    match object {
        ObjectRef::Enclosure(id) => {
            let blades = counts.blades.get(&id).copied().unwrap_or(0);
            format!("c7000 · {blades}/16 blades")
        }
        ObjectRef::Cluster(id) => {
            let cluster = project.clusters.get(&id);
            let ha = if cluster.is_some_and(|c| c.ha.enabled) {
                "HA"
            } else {
                "no HA"
            };
            let drs = if cluster.is_some_and(|c| c.drs.enabled) {
                " · DRS"
            } else {
                ""
            };
            format!(
                "{} hosts · {} VMs · {ha}{drs}",
                counts.cluster_hosts.get(&id).copied().unwrap_or(0),
                counts.cluster_vms.get(&id).copied().unwrap_or(0)
            )
        }
        ObjectRef::Array(id) => {
            let luns = counts.array_luns.get(&id).copied().unwrap_or(0);
            let model = project.arrays.get(&id).map_or("", |a| a.model.as_str());
            format!("{model} · {luns} LUNs")
        }
        ObjectRef::Fabric(id) => project
            .fabrics
            .get(&id)
            .map_or(String::new(), |f| format!("SAN fabric {:?}", f.side)),
        ObjectRef::Vcenter(id) => project.vcenters.get(&id).map_or(String::new(), |v| {
            if v.release.major >= 4 {
                format!("vCenter {}", v.release)
            } else {
                format!("VirtualCenter {}", v.release)
            }
        }),
        ObjectRef::Network(id) => project
            .networks
            .get(&id)
            .map_or(String::new(), |n| format!("VLAN {}", n.vlan)),
        ObjectRef::Host(id) => project
            .hosts
            .get(&id)
            .map_or(String::new(), |h| format!("ESX {}", h.esx.release)),
        ObjectRef::Rack(id) => {
            let used = counts.rack_units_used.get(&id).copied().unwrap_or(0);
            let units = crate::model::RACK_UNITS;
            format!("{used}U used · {}U free", units - used.min(units))
        }
        _ => String::new(),
    }
}

/// Counts shown on summary boxes, computed once per layout.
#[derive(Default)]
pub struct Counts {
    pub blades: BTreeMap<crate::model::EnclosureId, usize>,
    /// The blades of each enclosure, so a summary box can carry their findings.
    pub enclosure_blades: BTreeMap<crate::model::EnclosureId, Vec<HostId>>,
    /// Units used in each rack.
    pub rack_units_used: BTreeMap<RackId, u8>,
    pub cluster_hosts: BTreeMap<crate::model::ClusterId, usize>,
    pub cluster_vms: BTreeMap<crate::model::ClusterId, usize>,
    pub array_luns: BTreeMap<crate::model::ArrayId, usize>,
}

impl Counts {
    pub fn of(project: &Project) -> Self {
        Self::counted(project, None)
    }

    /// [`Counts::of`] with the VMs of each cluster taken from `membership` (followed change by change) instead
    /// of a walk over every VM.
    pub fn counted(
        project: &Project,
        membership: Option<&crate::rules::incremental::Membership>,
    ) -> Self {
        let mut counts = Self::default();
        for (rack, contents) in crate::model::rack_contents(project) {
            counts.rack_units_used.insert(rack, contents.used());
        }
        for (&id, host) in &project.hosts {
            if let Placement::Blade { enclosure, .. } = host.placement {
                *counts.blades.entry(enclosure).or_default() += 1;
                counts
                    .enclosure_blades
                    .entry(enclosure)
                    .or_default()
                    .push(id);
            }
            if let Some(cluster) = host.cluster {
                *counts.cluster_hosts.entry(cluster).or_default() += 1;
            }
        }
        counts.cluster_vms = match membership {
            Some(membership) => project
                .clusters
                .keys()
                .map(|&cluster| (cluster, membership.vms_in_cluster(cluster)))
                .filter(|&(_, vms)| vms > 0)
                .collect(),
            None => cluster_vm_counts(project),
        };
        for lun in project.luns.values() {
            *counts.array_luns.entry(lun.array).or_default() += 1;
        }
        counts
    }
}

/// The VMs of each cluster, counted in one walk over the VMs.
fn cluster_vm_counts(project: &Project) -> BTreeMap<crate::model::ClusterId, usize> {
    let mut counts = BTreeMap::new();
    // VMs of one cluster follow each other: a run is counted, then added with one map operation.
    let mut run: Option<(crate::model::ClusterId, usize)> = None;
    for cluster in project.vms.values().filter_map(|vm| vm.cluster) {
        match &mut run {
            Some((of, count)) if *of == cluster => *count += 1,
            _ => {
                if let Some((of, count)) = run.replace((cluster, 1)) {
                    *counts.entry(of).or_default() += count;
                }
            }
        }
    }
    if let Some((of, count)) = run {
        *counts.entry(of).or_default() += count;
    }
    counts
}

/// The objects under a world point, innermost first, for drops.
pub fn drop_target(project: &Project, layout: &Layout, world: Pos2) -> DropTarget {
    let mut target = DropTarget {
        at: Some(Position {
            x: world.x,
            y: world.y,
        }),
        ..DropTarget::default()
    };
    for node in layout.nodes.iter().rev().filter(|n| n.rect.contains(world)) {
        match node.object {
            ObjectRef::Site(id) => {
                target.site.get_or_insert(id);
            }
            ObjectRef::Enclosure(id) => {
                if target.enclosure.is_none() {
                    target.enclosure = Some(id);
                    target.device_bay = layout::device_bay_at(node.rect, world);
                    target.interconnect_bay = layout::interconnect_bay_at(node.rect, world);
                }
                target.site = target.site.or(node.site);
            }
            ObjectRef::Host(id) => {
                target.host.get_or_insert(id);
                target.site = target.site.or(node.site);
            }
            ObjectRef::Cluster(id) => {
                target.cluster.get_or_insert(id);
            }
            ObjectRef::Rack(id) => {
                if target.rack.is_none() {
                    target.rack = Some(id);
                    target.rack_unit = layout::unit_at(node.rect, world);
                }
                target.site = target.site.or(node.site);
            }
            ObjectRef::Array(id) => {
                target.array.get_or_insert(id);
                target.site = target.site.or(node.site);
            }
            _ => {
                target.site = target.site.or(node.site);
            }
        }
    }
    if let (None, Some(ObjectRef::Host(host))) =
        (target.enclosure, target.host.map(ObjectRef::Host))
        && let Some(Placement::Blade { enclosure, bay }) =
            project.hosts.get(&host).map(|h| h.placement.clone())
    {
        target.enclosure = Some(enclosure);
        target.device_bay = Some(bay);
    }
    target
}

/// Nodes that move with `object` (blades with their enclosure, members with their site).
fn follows(project: &Project, layout: &Layout, moved: &BTreeSet<ObjectRef>, node: &Node) -> bool {
    if moved.contains(&node.object) {
        return true;
    }
    // What sits in a rack goes with the rack.
    let rack_moves = |object: ObjectRef| {
        layout
            .in_rack
            .get(&object)
            .is_some_and(|rack| moved.contains(&ObjectRef::Rack(*rack)))
    };
    if rack_moves(node.object) {
        return true;
    }
    match node.object {
        ObjectRef::Host(id) => {
            matches!(
                project.hosts.get(&id).map(|h| &h.placement),
                Some(Placement::Blade { enclosure, .. })
                    if moved.contains(&ObjectRef::Enclosure(*enclosure))
                        || rack_moves(ObjectRef::Enclosure(*enclosure))
            ) || node
                .site
                .is_some_and(|s| moved.contains(&ObjectRef::Site(s)))
        }
        ObjectRef::Site(_) => false,
        _ => {
            node.site
                .is_some_and(|s| moved.contains(&ObjectRef::Site(s)))
                && layout.node(node.object).is_some()
        }
    }
}

/// The transaction that stores new positions for moved nodes.
fn move_transaction(
    project: &Project,
    layout: &Layout,
    objects: &[ObjectRef],
    delta: Vec2,
) -> Transaction {
    let label = match objects {
        [one] => format!("Move {}", project.name_of(*one).unwrap_or("object")),
        many => format!("Move {} objects", many.len()),
    };
    let mut tx = Transaction::new(label);
    let moved: BTreeSet<ObjectRef> = objects.iter().copied().collect();
    let shifted = |object: ObjectRef| -> Option<Position> {
        layout.node(object).map(|n| Position {
            x: n.rect.min.x + delta.x,
            y: n.rect.min.y + delta.y,
        })
    };
    for node in &layout.nodes {
        if !follows(project, layout, &moved, node) {
            continue;
        }
        let object = node.object;
        // In a rack, the rack's units place it: it stores no position of its own.
        if layout.in_rack.contains_key(&object) {
            continue;
        }
        let Some(position) = shifted(object) else {
            continue;
        };
        let Some(mut value) = ObjectValue::of(project, object) else {
            continue;
        };
        // A blade sits in its enclosure's bay: it moves with the enclosure and stores no position of its own.
        if matches!(&value, ObjectValue::Host(host) if matches!(host.placement, Placement::Blade { .. }))
        {
            continue;
        }
        let stored = match value.position_mut() {
            Some(slot) => {
                *slot = Some(position);
                true
            }
            None => false,
        };
        if stored {
            tx.push(Edit::put(object, value));
        }
    }
    tx
}

/// Draws the canvas and handles its gestures.
pub fn canvas_ui(
    ui: &mut egui::Ui,
    input: &CanvasInput<'_>,
    state: &mut UiState,
    gesture: &mut Gesture,
    actions: &mut Vec<Action>,
) {
    let (canvas, background) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
    let ctx = ui.ctx().clone();
    state.canvas_rect = Some(canvas);
    if state.floor_shape.is_none() && canvas.is_positive() {
        // The floor is laid out for the canvas's shape from next frame on; fitting waits for that layout.
        state.floor_shape = Some(FloorShape {
            aspect: canvas.width() / canvas.height(),
        });
        ctx.request_repaint();
    } else if state.zoom_to_fit {
        state.persisted.view = fit(input.layout.bounds(), canvas);
        state.zoom_to_fit = false;
    }
    if let Some(object) = state.reveal.take()
        && let Some(node) = input.layout.node(object)
    {
        let zoom = state.persisted.view.zoom.max(0.6);
        let visible = canvas.size() / zoom;
        let pan = node.rect.center() - visible / 2.0;
        state.persisted.view = View {
            pan: [pan.x, pan.y],
            zoom,
        };
    }
    // Scroll pans, Ctrl+scroll and pinch zoom about the cursor.
    if background.contains_pointer() || ui.rect_contains_pointer(canvas) {
        let (scroll, zoom_delta, pointer) =
            ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta(), i.pointer.hover_pos()));
        let view = &mut state.persisted.view;
        if zoom_delta != 1.0 {
            if let Some(pointer) = pointer {
                let before = Transform {
                    canvas,
                    view: *view,
                }
                .to_world(pointer);
                view.zoom = (view.zoom * zoom_delta).clamp(0.02, 4.0);
                let after = Transform {
                    canvas,
                    view: *view,
                }
                .to_world(pointer);
                view.pan[0] += before.x - after.x;
                view.pan[1] += before.y - after.y;
            }
        } else if scroll != Vec2::ZERO {
            view.pan[0] -= scroll.x / view.zoom;
            view.pan[1] -= scroll.y / view.zoom;
        }
    }
    let transform = Transform {
        canvas,
        view: state.persisted.view,
    };
    let painter = ui.painter_at(canvas);
    painter.rect_filled(canvas, 0.0, theme::CANVAS);
    paint_grid(&painter, transform);

    let visible = transform.visible_world().expand(20.0);
    let counts = input.counts;
    let zoom = transform.view.zoom;
    let detailed = zoom >= DETAIL_ZOOM;
    let floor_level = zoom < FLOOR_ZOOM;
    let move_delta = match gesture {
        Gesture::Move { from, to, .. } => *to - *from,
        _ => Vec2::ZERO,
    };
    let moving: BTreeSet<ObjectRef> = match gesture {
        Gesture::Move { objects, .. } => objects.iter().copied().collect(),
        _ => BTreeSet::new(),
    };
    let space_held = ui.input(|i| i.key_down(egui::Key::Space));

    paint_links(&painter, input, transform, &moving, move_delta);

    let mut node_responses: Vec<(ObjectRef, egui::Response)> = Vec::new();
    for node in &input.layout.nodes {
        if !node.rect.intersects(visible)
            || (floor_level && inside_rack(input.project, input.layout, node.object))
        {
            continue;
        }
        let offset = if !moving.is_empty() && follows(input.project, input.layout, &moving, node) {
            move_delta
        } else {
            Vec2::ZERO
        };
        let rect = transform.rect_to_screen(node.rect.translate(offset));
        let selected = state.selection.contains(&node.object);
        if let ObjectRef::Rack(rack) = node.object {
            paint_rack(&painter, input, rack, rect, selected, floor_level, zoom);
        } else {
            paint_node(
                &painter, input, node, rect, selected, detailed, zoom, counts,
            );
        }
        let label = node_label(input.project, node.object);
        let id = ui.scope_id().with(("node", node.object));
        // Sites take clicks and drags only on their header strip, so a drag in a site's body draws a band.
        let hit = if matches!(node.object, ObjectRef::Site(_)) {
            Rect::from_min_size(rect.min, vec2(rect.width(), (34.0 * zoom).max(12.0)))
        } else {
            rect
        };
        let response = ui.interact(hit.intersect(canvas), id, Sense::click_and_drag());
        let kind = node.object.kind();
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, true, format!("{kind} {label}"))
        });
        node_responses.push((node.object, response));
    }

    // Node clicks and drags.
    for (object, response) in &node_responses {
        if response.clicked() {
            let modifiers = ui.input(|i| i.modifiers);
            if modifiers.shift || modifiers.command {
                state.toggle(*object);
            } else {
                state.select_only(*object);
            }
        }
        if response.drag_started_by(egui::PointerButton::Primary)
            && !space_held
            && let Some(pointer) = response.interact_pointer_pos()
        {
            let world = transform.to_world(pointer);
            if !state.selection.contains(object) {
                state.select_only(*object);
            }
            let objects: Vec<ObjectRef> = state
                .selection
                .iter()
                .copied()
                .filter(|o| input.layout.node(*o).is_some())
                .collect();
            *gesture = Gesture::Move {
                grabbed: *object,
                objects,
                from: world,
                to: world,
            };
        }
    }

    // Background: band selection, panning, clearing the selection.
    let pointer_world = ui
        .input(|i| i.pointer.hover_pos())
        .map(|p| transform.to_world(p));
    if background.drag_started() {
        let pan_button = ui.input(|i| i.pointer.middle_down()) || space_held;
        if pan_button {
            *gesture = Gesture::Pan;
        } else if let Some(p) = background.interact_pointer_pos() {
            let world = transform.to_world(p);
            *gesture = Gesture::Band {
                from: world,
                to: world,
            };
        }
    }
    for (_, response) in &node_responses {
        if response.drag_started() && (space_held || ui.input(|i| i.pointer.middle_down())) {
            *gesture = Gesture::Pan;
        }
    }
    if background.clicked() {
        state.selection.clear();
    }
    let dragging = ui.input(|i| i.pointer.any_down());
    match gesture {
        Gesture::Pan => {
            let delta = ui.input(|i| i.pointer.delta());
            state.persisted.view.pan[0] -= delta.x / zoom;
            state.persisted.view.pan[1] -= delta.y / zoom;
            if !dragging {
                *gesture = Gesture::Idle;
            }
        }
        Gesture::Band { from, to } => {
            if let Some(p) = pointer_world {
                *to = p;
            }
            let band = Rect::from_two_pos(*from, *to);
            painter.rect(
                transform.rect_to_screen(band),
                0.0,
                theme::SELECTION.gamma_multiply(0.12),
                Stroke::new(1.0, theme::SELECTION),
                StrokeKind::Inside,
            );
            if !dragging {
                let additive = ui.input(|i| i.modifiers.shift || i.modifiers.command);
                if !additive {
                    state.selection.clear();
                }
                for node in &input.layout.nodes {
                    if !matches!(node.object, ObjectRef::Site(_)) && band.contains_rect(node.rect) {
                        state.selection.insert(node.object);
                    }
                }
                *gesture = Gesture::Idle;
            }
        }
        Gesture::Move {
            grabbed,
            objects,
            from,
            to,
        } => {
            if let Some(p) = pointer_world {
                *to = p;
            }
            if !dragging {
                let delta = *to - *from;
                if delta.length() > 0.5 {
                    actions.push(finish_move(input, *grabbed, objects, *to, delta));
                }
                *gesture = Gesture::Idle;
            }
        }
        Gesture::Idle => {}
    }

    // Drops from the palette.
    if let Some(what) = egui::DragAndDrop::payload::<NewObject>(&ctx) {
        if let Some(p) = ui.input(|i| i.pointer.hover_pos()) {
            painter.text(
                p + vec2(14.0, 14.0),
                Align2::LEFT_TOP,
                what.label(),
                FontId::proportional(13.0),
                Color32::WHITE,
            );
        }
        let released = ui.input(|i| i.pointer.any_released());
        if released {
            egui::DragAndDrop::clear_payload(&ctx);
            if let Some(world) = ui
                .input(|i| i.pointer.interact_pos())
                .filter(|p| canvas.contains(*p))
                .map(|p| transform.to_world(p))
            {
                let target = drop_target(input.project, input.layout, world);
                match edit::add(input.project, *what, &target) {
                    Ok((tx, created)) => {
                        actions.push(Action::Apply(tx));
                        actions.push(Action::Select(created));
                    }
                    Err(reason) => actions.push(Action::Refuse(reason)),
                }
            }
        }
    }

    if ui
        .input(|i| i.pointer.hover_pos())
        .is_some_and(|p| canvas.contains(p))
        && !ctx.text_edit_focused()
    {
        nudge(ui, input, state, actions);
    }
    paint_zoom_label(&painter, canvas, zoom);
}

/// What a finished drag means: a blade over another bay moves there, a host over a cluster joins it, anything
/// else stores new positions.
fn finish_move(
    input: &CanvasInput<'_>,
    grabbed: ObjectRef,
    objects: &[ObjectRef],
    to: Pos2,
    delta: Vec2,
) -> Action {
    if objects == [grabbed]
        && let Some(action) = rack_move(input, grabbed, delta)
    {
        return action;
    }
    if let ObjectRef::Host(host) = grabbed {
        let is_blade = matches!(
            input.project.hosts.get(&host).map(|h| &h.placement),
            Some(Placement::Blade { .. })
        );
        let target = drop_target_excluding(input, to, grabbed);
        let member = input.project.hosts.get(&host).and_then(|h| h.cluster);
        if let Some(cluster) = target.cluster.filter(|c| member != Some(*c)) {
            return match edit::join_cluster(input.project, host, cluster) {
                Ok(tx) => Action::Apply(tx),
                Err(reason) => Action::Refuse(reason),
            };
        }
        if is_blade {
            return match target.enclosure {
                Some(enclosure) => {
                    match edit::move_blade(input.project, host, enclosure, target.device_bay) {
                        Ok(tx) => Action::Apply(tx),
                        Err(reason) => Action::Refuse(reason),
                    }
                }
                None => Action::Refuse(
                    "A blade lives in an enclosure bay: drop it on an enclosure or a cluster"
                        .to_owned(),
                ),
            };
        }
    }
    Action::Apply(move_transaction(
        input.project,
        input.layout,
        objects,
        delta,
    ))
}

/// An enclosure or rack server let go over a rack mounts there, at the unit under its lower edge; one taken out
/// of its rack onto the floor is unmounted there. `None` when the drag means neither.
fn rack_move(input: &CanvasInput<'_>, grabbed: ObjectRef, delta: Vec2) -> Option<Action> {
    let rackable = match grabbed {
        ObjectRef::Enclosure(_) => true,
        ObjectRef::Host(host) => matches!(
            input.project.hosts.get(&host).map(|h| &h.placement),
            Some(Placement::RackServer { .. })
        ),
        _ => false,
    };
    if !rackable {
        return None;
    }
    let node = input.layout.node(grabbed)?;
    let moved = node.rect.translate(delta);
    // Half a unit above the lower edge, so the unit it lands on is the one the edge is in.
    let probe = moved.left_bottom() + vec2(moved.width() / 2.0, -layout::UNIT_HEIGHT / 2.0);
    let over = input
        .layout
        .hit(probe, |o| matches!(o, ObjectRef::Rack(_)))
        .copied();
    let to_action = |result: Result<Transaction, String>| match result {
        Ok(tx) => Action::Apply(tx),
        Err(reason) => Action::Refuse(reason),
    };
    match over {
        Some(Node {
            object: ObjectRef::Rack(rack),
            rect,
            ..
        }) => {
            let unit = layout::unit_at(rect, probe);
            Some(to_action(edit::mount(input.project, grabbed, rack, unit)))
        }
        _ if input.layout.in_rack.contains_key(&grabbed) => {
            let target = drop_target(input.project, input.layout, moved.center());
            let site = target.site.or(node.site)?;
            let at = Position {
                x: moved.min.x,
                y: moved.min.y,
            };
            Some(to_action(edit::unmount(
                input.project,
                grabbed,
                site,
                Some(at),
            )))
        }
        _ => None,
    }
}

/// The object sits in a rack (or in an enclosure that does), so a rack drawn as a tile hides it.
fn inside_rack(project: &Project, layout: &Layout, object: ObjectRef) -> bool {
    if layout.in_rack.contains_key(&object) {
        return true;
    }
    match object {
        ObjectRef::Host(id) => matches!(
            project.hosts.get(&id).map(|h| &h.placement),
            Some(Placement::Blade { enclosure, .. })
                if layout.in_rack.contains_key(&ObjectRef::Enclosure(*enclosure))
        ),
        _ => false,
    }
}

fn drop_target_excluding(input: &CanvasInput<'_>, world: Pos2, exclude: ObjectRef) -> DropTarget {
    let mut target = drop_target(input.project, input.layout, world);
    if target.host.map(ObjectRef::Host) == Some(exclude) {
        target.host = None;
    }
    target
}

fn nudge(ui: &egui::Ui, input: &CanvasInput<'_>, state: &UiState, actions: &mut Vec<Action>) {
    let step = if ui.input(|i| i.modifiers.shift) {
        50.0
    } else {
        10.0
    };
    // Only fresh presses nudge: a held key's repeats would flood the undo history.
    let delta = ui.input(|i| {
        let mut d = Vec2::ZERO;
        for event in &i.events {
            if let egui::Event::Key {
                key,
                pressed: true,
                repeat: false,
                ..
            } = event
            {
                match key {
                    egui::Key::ArrowLeft => d.x -= step,
                    egui::Key::ArrowRight => d.x += step,
                    egui::Key::ArrowUp => d.y -= step,
                    egui::Key::ArrowDown => d.y += step,
                    _ => {}
                }
            }
        }
        d
    });
    if delta == Vec2::ZERO || state.selection.is_empty() {
        return;
    }
    let objects: Vec<ObjectRef> = state.selection.iter().copied().collect();
    let mut tx = move_transaction(input.project, input.layout, &objects, delta);
    tx.label = format!(
        "Nudge {}",
        if objects.len() == 1 {
            input
                .project
                .name_of(objects[0])
                .unwrap_or("object")
                .to_owned()
        } else {
            format!("{} objects", objects.len())
        }
    );
    actions.push(Action::Apply(tx));
}

fn paint_grid(painter: &egui::Painter, transform: Transform) {
    let spacing = 100.0;
    let zoom = transform.view.zoom;
    if spacing * zoom < 12.0 {
        return;
    }
    let world = transform.visible_world();
    let colour = theme::GRID;
    let mut x = (world.min.x / spacing).floor() * spacing;
    while x < world.max.x {
        let a = transform.to_screen(pos2(x, world.min.y));
        painter.line_segment(
            [a, pos2(a.x, transform.canvas.max.y)],
            Stroke::new(1.0, colour),
        );
        x += spacing;
    }
    let mut y = (world.min.y / spacing).floor() * spacing;
    while y < world.max.y {
        let a = transform.to_screen(pos2(world.min.x, y));
        painter.line_segment(
            [a, pos2(transform.canvas.max.x, a.y)],
            Stroke::new(1.0, colour),
        );
        y += spacing;
    }
}

fn paint_links(
    painter: &egui::Painter,
    input: &CanvasInput<'_>,
    transform: Transform,
    moving: &BTreeSet<ObjectRef>,
    delta: Vec2,
) {
    let project = input.project;
    let layout = input.layout;
    let centre = |object: ObjectRef| -> Option<Pos2> {
        layout.node(object).map(|n| {
            let offset = if follows(project, layout, moving, n) {
                delta
            } else {
                Vec2::ZERO
            };
            transform.to_screen(n.rect.center() + offset)
        })
    };
    for link in project.site_links.values() {
        if let (Some(a), Some(b)) = (centre(link.site_a.into()), centre(link.site_b.into())) {
            let colour = if link.long_distance_vmotion {
                theme::LONG_DISTANCE_LINK
            } else {
                theme::PLAIN_LINK
            };
            painter.line_segment([a, b], Stroke::new(4.0, colour));
            painter.text(
                a.lerp(b, 0.5),
                Align2::CENTER_BOTTOM,
                format!(
                    "{} · {} ms · {} Mb/s",
                    link.name, link.rtt_ms, link.bandwidth_mbps
                ),
                FontId::proportional(14.0),
                Color32::WHITE,
            );
        }
    }
    // VC-FC uplinks to their fabric, and array ports to fabrics.
    let fabric_stroke = Stroke::new(1.5, theme::fabric_link());
    // Far out, an enclosure in a rack is part of the rack's tile: its uplinks would only hatch the floor.
    let floor_level = transform.view.zoom < FLOOR_ZOOM;
    for (&id, enclosure) in &project.enclosures {
        let Some(node) = layout.node(id.into()) else {
            continue;
        };
        if floor_level && layout.in_rack.contains_key(&ObjectRef::Enclosure(id)) {
            continue;
        }
        let offset = if follows(project, layout, moving, node) {
            delta
        } else {
            Vec2::ZERO
        };
        for (&bay, module) in &enclosure.interconnects {
            for switch in &module.fc_uplinks {
                let Some(fabric) = project.fc_switches.get(switch).map(|s| s.fabric) else {
                    continue;
                };
                if let Some(to) = centre(fabric.into()) {
                    let from = transform
                        .to_screen(layout::interconnect_bay_rect(node.rect, bay).center() + offset);
                    painter.line_segment([from, to], fabric_stroke);
                }
            }
        }
    }
    for (&id, array) in &project.arrays {
        let fabrics: BTreeSet<_> = array.ports.iter().map(|p| p.fabric).collect();
        for fabric in fabrics {
            if let (Some(a), Some(b)) = (centre(id.into()), centre(fabric.into())) {
                painter.line_segment([a, b], fabric_stroke);
            }
        }
    }
}

#[allow(
    clippy::too_many_arguments,
    reason = "one painter call per node kind needs all of it"
)]
fn paint_node(
    painter: &egui::Painter,
    input: &CanvasInput<'_>,
    node: &Node,
    rect: Rect,
    selected: bool,
    detailed: bool,
    zoom: f32,
    counts: &Counts,
) {
    let project = input.project;
    let object = node.object;
    let stroke = if selected {
        Stroke::new(2.5, theme::DROP_TARGET)
    } else {
        Stroke::new(1.0, Color32::from_gray(90))
    };
    let radius = (6.0 * zoom).min(6.0);
    let name_font = FontId::proportional((14.0 * zoom).clamp(7.0, 18.0));
    let small_font = FontId::proportional((11.0 * zoom).clamp(6.0, 14.0));
    // Text stays inside its node: zoomed out, fonts stop shrinking before boxes do, and a thousand long host
    // names spilling over their neighbours read as noise. A box too short for a line shows no text at all.
    let text_painter = painter.with_clip_rect(rect.intersect(painter.clip_rect()));
    let fits = |font: &FontId| rect.height() >= font.size + 2.0;
    match object {
        ObjectRef::Site(_) => {
            painter.rect(rect, radius, node_fill(object), stroke, StrokeKind::Inside);
            painter.text(
                rect.min + vec2(10.0, 8.0) * zoom,
                Align2::LEFT_TOP,
                node_label(project, object),
                FontId::proportional((20.0 * zoom).clamp(9.0, 26.0)),
                Color32::from_gray(220),
            );
        }
        ObjectRef::Host(_)
            if matches!(
                project
                    .hosts
                    .get(&match object {
                        ObjectRef::Host(h) => h,
                        _ => return,
                    })
                    .map(|h| &h.placement),
                Some(Placement::Blade { .. })
            ) =>
        {
            let fill = match object {
                ObjectRef::Host(h) if input.in_maintenance.contains(&h) => Color32::from_gray(95),
                _ => esx_colour(project, object),
            };
            painter.rect(rect, 2.0, fill, stroke, StrokeKind::Inside);
            if detailed && fits(&small_font) {
                text_painter.text(
                    rect.left_top() + vec2(3.0, 3.0) * zoom,
                    Align2::LEFT_TOP,
                    node_label(project, object),
                    small_font.clone(),
                    Color32::WHITE,
                );
                text_painter.text(
                    rect.center_bottom() - vec2(0.0, 3.0 * zoom),
                    Align2::CENTER_BOTTOM,
                    node_subtitle(project, object, counts),
                    small_font,
                    Color32::from_gray(210),
                );
            }
        }
        _ => {
            painter.rect(rect, radius, node_fill(object), stroke, StrokeKind::Inside);
            if let ObjectRef::Enclosure(id) = object {
                paint_enclosure_bays(painter, project, id, node.rect, rect, zoom, detailed);
            }
            if zoom > 0.15 && fits(&name_font) {
                text_painter.text(
                    rect.min + vec2(8.0, 5.0) * zoom,
                    Align2::LEFT_TOP,
                    node_label(project, object),
                    name_font,
                    Color32::WHITE,
                );
                let subtitle = node_subtitle(project, object, counts);
                if !subtitle.is_empty() {
                    let anchor = if matches!(object, ObjectRef::Enclosure(_)) {
                        rect.right_top() + vec2(-8.0, 5.0) * zoom
                    } else {
                        rect.left_top() + vec2(8.0, 24.0) * zoom
                    };
                    let align = if matches!(object, ObjectRef::Enclosure(_)) {
                        Align2::RIGHT_TOP
                    } else {
                        Align2::LEFT_TOP
                    };
                    text_painter.text(anchor, align, subtitle, small_font, Color32::from_gray(190));
                }
            }
        }
    }
    let mut badge = input.badges.get(&object).copied().unwrap_or_default();
    // A summary box carries its blades' findings: their own badges are too small to read there.
    if let ObjectRef::Enclosure(id) = object
        && !detailed
    {
        for blade in counts.enclosure_blades.get(&id).into_iter().flatten() {
            if let Some(more) = input.badges.get(&ObjectRef::Host(*blade)) {
                badge.errors += more.errors;
                badge.warnings += more.warnings;
            }
        }
    }
    if badge != Badge::default() {
        paint_badge(painter, rect, badge, zoom);
    }
}

/// A rack: far out, its overview tile; closer, its frame with the name, units used and free, and the units.
fn paint_rack(
    painter: &egui::Painter,
    input: &CanvasInput<'_>,
    rack: RackId,
    rect: Rect,
    selected: bool,
    as_tile: bool,
    zoom: f32,
) {
    let object = ObjectRef::Rack(rack);
    let stroke = if selected {
        Stroke::new(2.5, theme::DROP_TARGET)
    } else {
        Stroke::new(1.0, theme::RACK_FRAME)
    };
    let name = node_label(input.project, object);
    let text_painter = painter.with_clip_rect(rect.intersect(painter.clip_rect()));
    if as_tile {
        paint_rack_tile(painter, &text_painter, input, rack, &name, rect, stroke);
        return;
    }
    painter.rect(
        rect,
        4.0,
        theme::node_fill(object),
        stroke,
        StrokeKind::Inside,
    );
    // `rect` is on screen: the units scale with the zoom.
    let units = layout::scaled_unit_rect(rect, 1, crate::model::RACK_UNITS, zoom);
    painter.rect_filled(units, 0.0, theme::RACK_UNITS_FILL);
    // One line per unit where they are far enough apart to read, every fifth stronger.
    if layout::UNIT_HEIGHT * zoom >= 4.0 {
        for unit in 1..crate::model::RACK_UNITS {
            let y = units.max.y - f32::from(unit) * layout::UNIT_HEIGHT * zoom;
            let colour = if unit % 5 == 0 {
                theme::RACK_UNIT_MAJOR
            } else {
                theme::RACK_UNIT_MINOR
            };
            painter.line_segment(
                [pos2(units.min.x, y), pos2(units.max.x, y)],
                Stroke::new(1.0, colour),
            );
        }
    }
    let name_font = FontId::proportional((16.0 * zoom).clamp(8.0, 20.0));
    text_painter.text(
        rect.min + vec2(8.0, 6.0) * zoom,
        Align2::LEFT_TOP,
        name,
        name_font,
        Color32::WHITE,
    );
    text_painter.text(
        rect.right_top() + vec2(-8.0, 8.0) * zoom,
        Align2::RIGHT_TOP,
        node_subtitle(input.project, object, input.counts),
        FontId::proportional((12.0 * zoom).clamp(7.0, 14.0)),
        theme::MUTED_TEXT,
    );
}

/// The rack as the overview's tile: a bar in its worst finding's colour, the name and the badge, its counts line
/// by line, and its hosts per ESX release. Text is sized for the screen, not the zoom, so it reads far out.
fn paint_rack_tile(
    painter: &egui::Painter,
    text_painter: &egui::Painter,
    input: &CanvasInput<'_>,
    rack: RackId,
    name: &str,
    rect: Rect,
    stroke: Stroke,
) {
    let tile = input.floor.of_rack(rack);
    painter.rect(rect, 4.0, theme::RACK_TILE, stroke, StrokeKind::Inside);
    let worst = tile.and_then(|t| t.worst.as_ref());
    let bar_colour = worst.map_or(theme::RACK_FRAME, |w| theme::severity(w.severity));
    let bar = (rect.width() * 0.04).clamp(3.0, 8.0);
    painter.rect_filled(
        Rect::from_min_max(rect.min, pos2(rect.min.x + bar, rect.max.y)),
        2.0,
        bar_colour,
    );
    let size = (rect.width() / 9.0).clamp(8.0, 18.0);
    if rect.height() < size * 1.5 {
        return;
    }
    let left = rect.min.x + bar + size * 0.4;
    let mut y = rect.min.y + size * 0.3;
    text_painter.text(
        pos2(left, y),
        Align2::LEFT_TOP,
        name,
        FontId::proportional(size * 1.1),
        Color32::WHITE,
    );
    y += size * 1.5;
    let small = FontId::proportional(size * 0.85);
    if let Some(worst) = worst {
        let text = format!(
            "{} {} · {}",
            worst.count,
            match (worst.severity, worst.count) {
                (Severity::Error, 1) => "error",
                (Severity::Error, _) => "errors",
                (_, 1) => "warning",
                _ => "warnings",
            },
            worst.rule
        );
        let galley = painter.layout_no_wrap(text, small.clone(), theme::BADGE_TEXT);
        let pill = Rect::from_min_size(pos2(left, y), galley.size() + vec2(size * 0.6, size * 0.2))
            .intersect(rect.shrink(2.0));
        text_painter.rect_filled(pill, 3.0, theme::severity(worst.severity));
        text_painter.galley(
            pill.min + vec2(size * 0.3, size * 0.1),
            galley,
            theme::BADGE_TEXT,
        );
        y += size * 1.4;
    }
    let lines: Vec<String> = match tile {
        Some(tile) => {
            let mut lines = Vec::new();
            if !tile.enclosures.is_empty() {
                lines.push(counted(tile.enclosures.len(), "enclosure", "enclosures"));
            }
            if !tile.servers.is_empty() {
                lines.push(counted(tile.servers.len(), "rack server", "rack servers"));
            }
            lines.push(counted(tile.hosts.len(), "host", "hosts"));
            lines.push(counted(tile.vms, "VM", "VMs"));
            lines
        }
        None => vec!["empty".to_owned()],
    };
    let used = input
        .counts
        .rack_units_used
        .get(&rack)
        .copied()
        .unwrap_or(0);
    let mut lines = lines;
    lines.push(format!("{used}/{}U used", crate::model::RACK_UNITS));
    let bar_height = size * 1.3;
    for line in lines {
        if y + size > rect.max.y - bar_height - size * 0.3 {
            break;
        }
        text_painter.text(
            pos2(left, y),
            Align2::LEFT_TOP,
            line,
            small.clone(),
            theme::MUTED_TEXT,
        );
        y += size * 1.1;
    }
    // Hosts per ESX release, oldest first, along the bottom.
    let Some(tile) = tile else {
        return;
    };
    let hosts: usize = tile.releases.values().sum();
    if hosts == 0 {
        return;
    }
    let right = rect.max.x - size * 0.4;
    let (top, bottom) = (
        rect.max.y - bar_height - size * 0.3,
        rect.max.y - size * 0.3,
    );
    let mut x = left;
    for (release, count) in &tile.releases {
        let next = x + (right - left) * (*count as f32 / hosts as f32);
        let part = Rect::from_min_max(pos2(x, top), pos2(next, bottom));
        painter.rect_filled(part, 0.0, theme::host_fill(*release));
        let label = format!("{count} × {release}");
        let galley = painter.layout_no_wrap(label, small.clone(), Color32::WHITE);
        if galley.size().x + 4.0 <= part.width() {
            painter.galley(part.center() - galley.size() / 2.0, galley, Color32::WHITE);
        }
        x = next;
    }
}

/// "1 host", "32 hosts".
fn counted(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

fn paint_enclosure_bays(
    painter: &egui::Painter,
    project: &Project,
    id: crate::model::EnclosureId,
    world: Rect,
    screen: Rect,
    zoom: f32,
    detailed: bool,
) {
    let scale = |r: Rect| {
        Rect::from_min_max(
            screen.min + (r.min - world.min) * zoom,
            screen.min + (r.max - world.min) * zoom,
        )
    };
    if !detailed {
        return;
    }
    for bay in 1..=16u8 {
        painter.rect_stroke(
            scale(layout::device_bay_rect(world, bay)),
            2.0,
            Stroke::new(1.0, Color32::from_gray(70)),
            StrokeKind::Inside,
        );
    }
    let enclosure = project.enclosures.get(&id);
    for bay in 1..=8u8 {
        let rect = scale(layout::interconnect_bay_rect(world, bay));
        match enclosure.and_then(|e| e.interconnects.get(&bay)) {
            Some(module) => {
                let (fill, text) = theme::module(module.kind);
                painter.rect_filled(rect, 2.0, fill);
                painter.text(
                    rect.center(),
                    Align2::CENTER_CENTER,
                    text,
                    FontId::proportional((9.0 * zoom).clamp(5.0, 12.0)),
                    Color32::WHITE,
                );
            }
            None => {
                painter.rect_stroke(
                    rect,
                    2.0,
                    Stroke::new(1.0, Color32::from_gray(60)),
                    StrokeKind::Inside,
                );
            }
        }
    }
}

fn paint_badge(painter: &egui::Painter, rect: Rect, badge: Badge, zoom: f32) {
    let radius = (8.0 * zoom).clamp(4.0, 10.0);
    let mut centre = rect.right_top() + vec2(-radius, radius) - vec2(2.0, -2.0);
    let font = FontId::proportional(radius * 1.2);
    for (count, colour) in [
        (badge.errors, theme::severity(crate::rules::Severity::Error)),
        (
            badge.warnings,
            theme::severity(crate::rules::Severity::Warning),
        ),
    ] {
        if count == 0 {
            continue;
        }
        painter.circle_filled(centre, radius, colour);
        if radius >= 6.0 {
            painter.text(
                centre,
                Align2::CENTER_CENTER,
                count.to_string(),
                font.clone(),
                Color32::BLACK,
            );
        }
        centre.x -= radius * 2.2;
    }
}

fn paint_zoom_label(painter: &egui::Painter, canvas: Rect, zoom: f32) {
    painter.text(
        canvas.right_bottom() - vec2(8.0, 6.0),
        Align2::RIGHT_BOTTOM,
        format!("{:.0}%", zoom * 100.0),
        FontId::proportional(12.0),
        Color32::from_gray(150),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::incremental::Membership;

    #[test]
    fn counts_and_floor_tiles_from_the_membership_match_a_walk_over_the_vms() {
        let project = crate::generate::generate(crate::generate::Preset::Vmworld2009);
        let membership = Membership::of(&project);
        assert_eq!(
            Counts::counted(&project, Some(&membership)).cluster_vms,
            Counts::of(&project).cluster_vms
        );
        let walked = floor_tiles(&project, None);
        let counted = floor_tiles(&project, Some(&membership));
        assert_eq!(counted, walked);
        assert!(
            walked.tiles.iter().any(|tile| tile.vms > 0),
            "the preset's racks hold VMs"
        );
    }

    #[test]
    fn recounting_the_touched_hosts_gives_the_tiles_a_new_build_gives() {
        let mut project = crate::generate::generate(crate::generate::Preset::Vmworld2009);
        let mut tiles = floor_tiles(&project, Some(&Membership::of(&project)));
        // A host upgraded back to 3.5, and a VM moved from one host to another in another rack.
        let mut hosts = project.hosts.keys().copied();
        let (Some(upgraded), Some(target)) = (hosts.next(), hosts.nth(300)) else {
            panic!("the preset has hosts");
        };
        let Some((&moved, vm)) = project.vms.iter().find(|(_, vm)| vm.host == Some(upgraded))
        else {
            panic!("the host runs VMs");
        };
        let was_on = vm.host;
        if let Some(host) = project.hosts.get_mut(&upgraded) {
            host.esx.release = crate::model::Release::new(3, 5).with_update(4);
        }
        if let Some(vm) = project.vms.get_mut(&moved) {
            vm.host = Some(target);
        }
        let membership = Membership::of(&project);
        let rebuilt = floor_tiles(&project, Some(&membership));
        assert_ne!(tiles, rebuilt, "the edit changes two tiles' counts");
        tiles.recount(
            &project,
            [upgraded, target].into_iter().chain(was_on),
            &|host| membership.vms_on_host(host),
        );
        assert_eq!(tiles, rebuilt);
    }
}
