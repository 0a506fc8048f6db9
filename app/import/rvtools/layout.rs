//! Canvas positions for an imported plan, so it reads at once when opened: sites side by side, and in each site
//! one band per cluster (the cluster box, then its hosts in rows of eight), standalone hosts last.
//!
//! Sizes follow the designer's nodes (`app/ui/layout.rs`: cluster 220 x 110, rack server 150 x 40, site margin 30
//! and header 34); objects the import does not place (vCenters, networks, clusters without hosts) are laid out
//! by the designer's own grid.

use std::collections::BTreeMap;

use crate::model::{ClusterId, HostId, Placement, Position, Project, SiteId};

const CLUSTER_WIDTH: f32 = 220.0;
const CLUSTER_HEIGHT: f32 = 110.0;
const HOST_WIDTH: f32 = 150.0;
const HOST_HEIGHT: f32 = 40.0;
const GAP: f32 = 20.0;
const ROW_GAP: f32 = 24.0;
const BAND_GAP: f32 = 50.0;
const HOSTS_PER_ROW: usize = 8;
const SITE_MARGIN: f32 = 30.0;
const SITE_TOP: f32 = 44.0;
const SITE_GAP: f32 = 140.0;

/// Hosts of a site grouped into bands: (rack servers?, cluster) to hosts.
type Bands = BTreeMap<(bool, Option<ClusterId>), Vec<HostId>>;

/// Sets the position of every site, clustered host cluster, and rack-server host.
pub fn lay_out(project: &mut Project) {
    // Per site, per cluster (standalone hosts under `None`, sorted last), the hosts in ID order.
    let mut bands: BTreeMap<SiteId, Bands> = BTreeMap::new();
    for (&id, host) in &project.hosts {
        if let Placement::RackServer { site, .. } = host.placement {
            bands
                .entry(site)
                .or_default()
                .entry((host.cluster.is_none(), host.cluster))
                .or_default()
                .push(id);
        }
    }
    let mut x = 0.0_f32;
    let site_ids: Vec<SiteId> = project.sites.keys().copied().collect();
    for site_id in site_ids {
        if let Some(site) = project.sites.get_mut(&site_id) {
            site.position = Some(Position { x, y: 0.0 });
        }
        let left = x + SITE_MARGIN;
        let mut y = SITE_TOP;
        let mut widest = CLUSTER_WIDTH;
        for ((_, cluster), hosts) in bands.remove(&site_id).unwrap_or_default() {
            let hosts_left = match cluster {
                Some(cluster) => {
                    if let Some(cluster) = project.clusters.get_mut(&cluster) {
                        cluster.position = Some(Position { x: left, y });
                    }
                    left + CLUSTER_WIDTH + 2.0 * GAP
                }
                None => left,
            };
            for (index, id) in hosts.iter().enumerate() {
                let column = (index % HOSTS_PER_ROW) as f32;
                let row = (index / HOSTS_PER_ROW) as f32;
                if let Some(host) = project.hosts.get_mut(id) {
                    host.position = Some(Position {
                        x: hosts_left + column * (HOST_WIDTH + GAP),
                        y: y + row * (HOST_HEIGHT + ROW_GAP),
                    });
                }
            }
            let columns = hosts.len().min(HOSTS_PER_ROW) as f32;
            let rows = hosts.len().div_ceil(HOSTS_PER_ROW) as f32;
            let hosts_height = rows * (HOST_HEIGHT + ROW_GAP) - ROW_GAP;
            let height = if cluster.is_some() {
                hosts_height.max(CLUSTER_HEIGHT)
            } else {
                hosts_height
            };
            widest = widest.max(hosts_left - left + columns * (HOST_WIDTH + GAP));
            y += height + BAND_GAP;
        }
        x += widest + 2.0 * SITE_MARGIN + SITE_GAP;
    }
}
