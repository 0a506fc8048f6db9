//! The estate-scale overview of the topology as data, apart from drawing: sites holding tiles, one tile per rack
//! (or per group of up to four enclosures when racks are not recorded), each with its counts, its hosts per ESX
//! release and its worst finding, and a grid that places the tiles in their site frames.
//!
//! The topology picture draws it when the detailed drawing would not be legible; the designer's floor of racks
//! shows the same tiles (zoomed out) placed by the same rows ([`tile_rows`]).

use std::collections::BTreeMap;

use crate::model::{EnclosureId, HostId, ObjectRef, Placement, Project, RackId, Release, SiteId};
use crate::rules::{Finding, Severity};

/// Enclosures in one group when their racks are not recorded: four c7000s fill a 42U rack.
pub const GROUP_SIZE: usize = 4;

/// What a tile stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TileKind {
    /// A recorded rack, with its enclosures and rack servers.
    Rack(RackId),
    /// Up to [`GROUP_SIZE`] enclosures of a site whose racks are not recorded, numbered across the estate from 1.
    Group(usize),
    /// The rack servers of a site whose racks are not recorded.
    Servers,
}

/// The worst findings on a tile's objects (errors, else warnings; info findings give no badge).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Worst {
    pub severity: Severity,
    /// Findings at that severity on the tile's enclosures, hosts and their VMs.
    pub count: usize,
    /// The rule with most of them (the lowest ID on a tie).
    pub rule: &'static str,
}

/// One rack or enclosure group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tile {
    pub kind: TileKind,
    pub site: Option<SiteId>,
    /// The rack's name, "Group 3", or "Rack servers".
    pub name: String,
    pub enclosures: Vec<EnclosureId>,
    /// Rack servers (blades are counted through their enclosures).
    pub servers: Vec<HostId>,
    /// Every host: blades in the enclosures, then the rack servers.
    pub hosts: Vec<HostId>,
    /// VMs registered on those hosts.
    pub vms: usize,
    /// Hosts per ESX release, oldest first.
    pub releases: BTreeMap<Release, usize>,
    pub worst: Option<Worst>,
}

impl Tile {
    /// The tile holds an enclosure or a host.
    pub fn holds(&self, enclosure: Option<EnclosureId>, host: Option<HostId>) -> bool {
        enclosure.is_some_and(|e| self.enclosures.contains(&e))
            || host.is_some_and(|h| self.hosts.contains(&h))
    }
}

/// One site's tiles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteTiles {
    /// `None` for objects whose site is unknown.
    pub site: Option<SiteId>,
    pub name: String,
    pub tiles: Vec<Tile>,
}

impl SiteTiles {
    pub fn hosts(&self) -> usize {
        self.tiles.iter().map(|t| t.hosts.len()).sum()
    }

    pub fn vms(&self) -> usize {
        self.tiles.iter().map(|t| t.vms).sum()
    }

    pub fn enclosures(&self) -> usize {
        self.tiles.iter().map(|t| t.enclosures.len()).sum()
    }
}

/// The estate as sites of tiles, in site order, racks in rack order, then enclosure groups, then rack servers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overview {
    pub sites: Vec<SiteTiles>,
}

impl Overview {
    /// Every tile, site by site.
    pub fn tiles(&self) -> impl Iterator<Item = &Tile> {
        self.sites.iter().flat_map(|s| s.tiles.iter())
    }

    /// The tile a name picks: a rack's name, "Group 3" or "3" (case-insensitive).
    pub fn find(&self, name: &str) -> Option<&Tile> {
        let name = name.trim();
        self.tiles().find(|tile| {
            tile.name.eq_ignore_ascii_case(name)
                || matches!(tile.kind, TileKind::Group(n) if name.parse::<usize>() == Ok(n))
        })
    }
}

/// Key of a tile while collecting: site, then kind.
type Key = (Option<SiteId>, TileKind);

/// The overview of a project; `findings` (of the same state) give each tile its worst finding.
pub fn overview(project: &Project, findings: &[Finding]) -> Overview {
    overview_counted(project, findings, None)
}

/// [`overview`] with each host's VM count given (the designer follows them change by change), so the tiles'
/// VM counts need no walk over every VM.
pub fn overview_counted(
    project: &Project,
    findings: &[Finding],
    vms_on_host: Option<&dyn Fn(HostId) -> usize>,
) -> Overview {
    let mut tiles = Tiles::build(project, vms_on_host);
    tiles.mark_worst(project, findings);
    tiles.into_overview(project)
}

/// The tiles of a project in overview order, with the tile each host and enclosure falls on: what findings are
/// counted on. The designer keeps them while its layout stands and only counts again what an edit touched.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tiles {
    pub tiles: Vec<Tile>,
    host_tile: BTreeMap<HostId, usize>,
    enclosure_tile: BTreeMap<EnclosureId, usize>,
    rack_tile: BTreeMap<RackId, usize>,
}

impl Tiles {
    /// Every tile with its hosts, releases and VMs (from `vms_on_host` when given, else a walk over the VMs); no
    /// worst finding yet.
    pub fn build(project: &Project, vms_on_host: Option<&dyn Fn(HostId) -> usize>) -> Self {
        let known = |site: SiteId| project.sites.contains_key(&site).then_some(site);
        let rack_of = |rack: Option<RackId>| rack.filter(|r| project.racks.contains_key(r));
        let mut enclosures: BTreeMap<Key, Vec<EnclosureId>> = BTreeMap::new();
        let mut unracked: BTreeMap<Option<SiteId>, Vec<EnclosureId>> = BTreeMap::new();
        for (&id, enclosure) in &project.enclosures {
            let site = known(enclosure.site);
            match rack_of(enclosure.rack) {
                Some(rack) => enclosures
                    .entry((site, TileKind::Rack(rack)))
                    .or_default()
                    .push(id),
                None => unracked.entry(site).or_default().push(id),
            }
        }
        let mut number = 0;
        for (site, ids) in unracked {
            for chunk in ids.chunks(GROUP_SIZE) {
                number += 1;
                enclosures.insert((site, TileKind::Group(number)), chunk.to_vec());
            }
        }
        // Each host with its release, read in this one pass (a second look-up per host cost more than the pass).
        let mut servers: BTreeMap<Key, Vec<(HostId, Release)>> = BTreeMap::new();
        // The blades of each enclosure, gathered in one pass: a tile's hosts are then its enclosures' blades, not
        // a walk over every host per tile (280 tiles of 7,760 hosts at ten halls).
        let mut blades: BTreeMap<EnclosureId, Vec<(HostId, Release)>> = BTreeMap::new();
        for (&id, host) in &project.hosts {
            let member = (id, host.release());
            match host.placement {
                Placement::RackServer { site, rack, .. } => {
                    let kind = rack_of(rack).map_or(TileKind::Servers, TileKind::Rack);
                    servers.entry((known(site), kind)).or_default().push(member);
                }
                Placement::Blade { enclosure, .. } => {
                    blades.entry(enclosure).or_default().push(member)
                }
            }
        }
        let mut keys: Vec<Key> = enclosures.keys().chain(servers.keys()).copied().collect();
        keys.sort();
        keys.dedup();

        let mut built = Self::default();
        for key in keys {
            let (site, kind) = key;
            let in_enclosures = enclosures.remove(&key).unwrap_or_default();
            let rack_servers = servers.remove(&key).unwrap_or_default();
            // The blades in host ID order, then the rack servers.
            let mut members: Vec<(HostId, Release)> = in_enclosures
                .iter()
                .filter_map(|enclosure| blades.get(enclosure))
                .flatten()
                .copied()
                .collect();
            members.sort_unstable();
            members.dedup();
            members.extend(rack_servers.iter().copied());
            let mut releases: BTreeMap<Release, usize> = BTreeMap::new();
            for (_, release) in &members {
                *releases.entry(*release).or_default() += 1;
            }
            let hosts: Vec<HostId> = members.iter().map(|(host, _)| *host).collect();
            let rack_servers: Vec<HostId> = rack_servers.iter().map(|(host, _)| *host).collect();
            let name = match kind {
                TileKind::Rack(rack) => project
                    .racks
                    .get(&rack)
                    .map_or_else(|| rack.to_string(), |r| r.name.clone()),
                TileKind::Group(n) => format!("Group {n}"),
                TileKind::Servers => "Rack servers".to_owned(),
            };
            let index = built.tiles.len();
            for &host in &hosts {
                built.host_tile.insert(host, index);
            }
            for &enclosure in &in_enclosures {
                built.enclosure_tile.insert(enclosure, index);
            }
            if let TileKind::Rack(rack) = kind {
                built.rack_tile.entry(rack).or_insert(index);
            }
            built.tiles.push(Tile {
                kind,
                site,
                name,
                enclosures: in_enclosures,
                servers: rack_servers,
                hosts,
                vms: 0,
                releases,
                worst: None,
            });
        }
        match vms_on_host {
            Some(vms_on_host) => {
                for tile in &mut built.tiles {
                    tile.vms = tile.hosts.iter().map(|&host| vms_on_host(host)).sum();
                }
            }
            None => count_tile_vms(project, &built.host_tile, &mut built.tiles),
        }
        built
    }

    /// Counts the releases and VMs again of the tiles that hold `hosts`: after an edit that moved no host and no
    /// enclosure (the tiles' members stand), only those tiles' counts can have changed.
    pub fn recount(
        &mut self,
        project: &Project,
        hosts: impl IntoIterator<Item = HostId>,
        vms_on_host: &dyn Fn(HostId) -> usize,
    ) {
        let touched: std::collections::BTreeSet<usize> = hosts
            .into_iter()
            .filter_map(|host| self.host_tile.get(&host).copied())
            .collect();
        for i in touched {
            let Some(tile) = self.tiles.get_mut(i) else {
                continue;
            };
            tile.releases.clear();
            for host in tile.hosts.iter().filter_map(|id| project.hosts.get(id)) {
                *tile.releases.entry(host.release()).or_default() += 1;
            }
            tile.vms = tile.hosts.iter().map(|&host| vms_on_host(host)).sum();
        }
    }

    /// Gives each tile the worst of `findings` (of the same state) on its enclosures, hosts and their VMs, in place
    /// of what it had.
    pub fn mark_worst(&mut self, project: &Project, findings: &[Finding]) {
        // Worst findings per tile: severity, then per rule.
        let mut found: BTreeMap<usize, BTreeMap<(Severity, &'static str), usize>> = BTreeMap::new();
        // Info findings are notes, not risks: a badge on every tile for them would drown the ones that matter.
        for finding in findings.iter().filter(|f| f.severity > Severity::Info) {
            let tile = match finding.object {
                ObjectRef::Host(h) => self.host_tile.get(&h).copied(),
                ObjectRef::Vm(v) => project
                    .vms
                    .get(&v)
                    .and_then(|vm| vm.host)
                    .and_then(|h| self.host_tile.get(&h).copied()),
                ObjectRef::Enclosure(e) => self.enclosure_tile.get(&e).copied(),
                ObjectRef::Rack(r) => self.rack_tile.get(&r).copied(),
                _ => None,
            };
            if let Some(i) = tile {
                *found
                    .entry(i)
                    .or_default()
                    .entry((finding.severity, finding.rule))
                    .or_default() += 1;
            }
        }
        for tile in &mut self.tiles {
            tile.worst = None;
        }
        for (i, counts) in found {
            let Some(severity) = counts.keys().map(|(s, _)| *s).max() else {
                continue;
            };
            let at_worst = counts.iter().filter(|((s, _), _)| *s == severity);
            let count = at_worst.clone().map(|(_, n)| n).sum();
            let rule = at_worst
                .max_by(|((_, ra), na), ((_, rb), nb)| na.cmp(nb).then_with(|| rb.cmp(ra)))
                .map(|((_, r), _)| *r);
            if let (Some(tile), Some(rule)) = (self.tiles.get_mut(i), rule) {
                tile.worst = Some(Worst {
                    severity,
                    count,
                    rule,
                });
            }
        }
    }

    /// The tile of a rack.
    pub fn of_rack(&self, rack: RackId) -> Option<&Tile> {
        self.rack_tile.get(&rack).and_then(|&i| self.tiles.get(i))
    }

    /// The tiles grouped by site, in overview order.
    pub fn into_overview(self, project: &Project) -> Overview {
        let mut sites: Vec<SiteTiles> = Vec::new();
        for tile in self.tiles {
            if sites.last().is_none_or(|s| s.site != tile.site) {
                let name = match tile.site.and_then(|s| project.sites.get(&s)) {
                    Some(site) if site.location.is_empty() => site.name.clone(),
                    Some(site) => format!("{} ({})", site.name, site.location),
                    None => "Not at a site".to_owned(),
                };
                sites.push(SiteTiles {
                    site: tile.site,
                    name,
                    tiles: Vec::new(),
                });
            }
            if let Some(last) = sites.last_mut() {
                last.tiles.push(tile);
            }
        }
        Overview { sites }
    }
}

/// A rectangle in the grid's units (pixels when the caller measures in pixels).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn width(self) -> f64 {
        self.x1 - self.x0
    }

    pub fn height(self) -> f64 {
        self.y1 - self.y0
    }
}

/// The measures a grid is built from, in the caller's units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GridMeasures {
    /// A tile is at least this wide (its longest line fits) and at most `max_tile_width`.
    pub min_tile_width: f64,
    pub max_tile_width: f64,
    pub tile_height: f64,
    /// Between tiles.
    pub gap: f64,
    /// Room for a site's name above its tiles.
    pub site_header: f64,
    /// Inside a site frame, around its tiles.
    pub site_pad: f64,
    /// Between site frames.
    pub site_gap: f64,
}

/// Where the site frames and their tiles sit: sites one under the other, each as wide as the grid, tiles in rows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Grid {
    /// One frame per site of the overview, in its order.
    pub frames: Vec<Rect>,
    /// Per site, one rectangle per tile in its order.
    pub tiles: Vec<Vec<Rect>>,
    /// From the top of the first frame to the bottom of the last.
    pub height: f64,
}

/// Places `count` tiles in rows inside a site frame `width` wide whose top is at (x, y): as many columns as tiles
/// of `min_tile_width` fit, each tile as wide as the row allows up to `max_tile_width`. Returns the tiles and the
/// frame's bottom. The topology picture's overview and the designer's floor of racks both place tiles with it.
pub fn tile_rows(count: usize, x: f64, y: f64, width: f64, m: &GridMeasures) -> (Vec<Rect>, f64) {
    let inner = (width - 2.0 * m.site_pad).max(1.0);
    let columns = (((inner + m.gap) / (m.min_tile_width + m.gap)).floor() as usize).max(1);
    let columns = columns.min(count.max(1));
    let tile_w = ((inner - (columns as f64 - 1.0) * m.gap) / columns as f64)
        .min(m.max_tile_width)
        .max(1.0);
    let rows = count.max(1).div_ceil(columns);
    let rects = (0..count)
        .map(|i| {
            let (row, column) = (i / columns, i % columns);
            let x0 = x + m.site_pad + column as f64 * (tile_w + m.gap);
            let y0 = y + m.site_header + row as f64 * (m.tile_height + m.gap);
            Rect {
                x0,
                y0,
                x1: x0 + tile_w,
                y1: y0 + m.tile_height,
            }
        })
        .collect();
    let bottom = y + m.site_header + rows as f64 * (m.tile_height + m.gap) + m.site_pad - m.gap;
    (rects, bottom)
}

/// Places the overview in a region `width` wide starting at (x, y).
pub fn grid(overview: &Overview, x: f64, y: f64, width: f64, measures: &GridMeasures) -> Grid {
    let mut out = Grid::default();
    let mut top = y;
    for site in &overview.sites {
        let (rects, bottom) = tile_rows(site.tiles.len(), x, top, width, measures);
        out.frames.push(Rect {
            x0: x,
            y0: top,
            x1: x + width,
            y1: bottom,
        });
        out.tiles.push(rects);
        top = bottom + measures.site_gap;
    }
    out.height = (top - measures.site_gap - y).max(0.0);
    out
}

/// Counts each tile's VMs in one walk over the VMs (those on a host of the tile).
fn count_tile_vms(project: &Project, host_tile: &BTreeMap<HostId, usize>, tiles: &mut [Tile]) {
    // VMs of one host follow each other: the last host's tile is reused without a map lookup.
    let mut last: Option<(HostId, Option<usize>)> = None;
    for vm in project.vms.values() {
        let Some(host) = vm.host else {
            continue;
        };
        let tile = match last {
            Some((of, tile)) if of == host => tile,
            _ => host_tile.get(&host).copied(),
        };
        last = Some((host, tile));
        if let Some(tile) = tile.and_then(|i| tiles.get_mut(i)) {
            tile.vms += 1;
        }
    }
}
