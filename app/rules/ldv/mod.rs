//! LDV: long-distance vMotion per the 2009 validated design.
//!
//! The rules apply to site links with `long_distance_vmotion: true`, and to the clusters, hosts and VMs at their two
//! ends.

use super::Context;
use crate::model::{ClusterId, SiteId, SiteLink, SiteLinkId, Vm};

pub(super) mod ldv_01_rtt_too_high;
pub(super) mod ldv_02_bandwidth_too_low;
pub(super) mod ldv_03_not_one_vcenter_4;
pub(super) mod ldv_04_cluster_stretched;
pub(super) mod ldv_05_not_layer2_adjacent;
pub(super) mod ldv_06_no_storage_mode;
pub(super) mod ldv_07_clustered_rdm_vm_not_pinned;
pub(super) mod ldv_08_network_not_validated_design;
pub(super) mod ldv_09_storage_extension;
pub(super) mod ldv_10_traffic_trombone;

/// Site links meant to carry long-distance vMotion.
fn ldv_links<'a>(ctx: &Context<'a>) -> impl Iterator<Item = (SiteLinkId, &'a SiteLink)> + 'a {
    ctx.project
        .site_links
        .iter()
        .filter(|(_, link)| link.long_distance_vmotion)
        .map(|(id, link)| (*id, link))
}

/// The site is one of the link's two ends.
fn at_end(link: &SiteLink, site: SiteId) -> bool {
    link.site_a == site || link.site_b == site
}

/// A site's name, or its ID when the reference dangles.
fn site_name(ctx: &Context<'_>, site: SiteId) -> String {
    ctx.project
        .sites
        .get(&site)
        .map_or_else(|| site.to_string(), |s| s.name.clone())
}

/// Where a VM runs: its host's site, or its cluster's site when the cluster sits in one site.
fn vm_site(ctx: &Context<'_>, vm: &Vm) -> Option<SiteId> {
    if let Some(site) = vm.host.and_then(|host| ctx.index.host_site.get(&host)) {
        return Some(*site);
    }
    let sites = ctx.index.cluster_sites.get(&vm.cluster?)?;
    match sites.len() {
        1 => sites.first().copied(),
        _ => None,
    }
}

/// Clusters with hosts at either end of a link.
fn link_clusters(ctx: &Context<'_>, link: &SiteLink) -> Vec<ClusterId> {
    ctx.index
        .cluster_sites
        .iter()
        .filter(|(_, sites)| sites.contains(&link.site_a) || sites.contains(&link.site_b))
        .map(|(id, _)| *id)
        .collect()
}
