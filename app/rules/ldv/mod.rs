//! LDV: long-distance vMotion per the 2009 validated design.
//!
//! The rules apply to site links with `long_distance_vmotion: true`, and to the clusters, hosts and VMs at their two
//! ends.

use std::collections::BTreeSet;

use super::Context;
use crate::model::{ClusterId, SiteId, SiteLink, SiteLinkId, Vm, VmkRole};

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

/// The IP subnets of the vMotion VMkernel ports of the clustered hosts at each end of a link (ports without a
/// subnet left out), as LDV-05 compares them.
pub(in crate::rules) fn vmotion_subnets_at_ends<'a>(
    ctx: &Context<'a>,
    link: &SiteLink,
) -> (BTreeSet<&'a str>, BTreeSet<&'a str>) {
    let mut at_a: BTreeSet<&str> = BTreeSet::new();
    let mut at_b: BTreeSet<&str> = BTreeSet::new();
    for (host_id, host) in &ctx.project.hosts {
        if host.cluster.is_none() {
            continue;
        }
        let side = match ctx.index.host_site.get(host_id) {
            Some(&site) if site == link.site_a => &mut at_a,
            Some(&site) if site == link.site_b => &mut at_b,
            _ => continue,
        };
        side.extend(
            host.vmk_with(VmkRole::Vmotion)
                .map(|vmk| vmk.subnet.as_str())
                .filter(|subnet| !subnet.is_empty()),
        );
    }
    (at_a, at_b)
}

/// The site pairs (both orders) whose long-distance vMotion link LDV-05 reports for vMotion ports in different
/// subnets at its two ends: other rules leave a subnet difference between those sites to LDV-05.
pub(in crate::rules) fn ldv_subnet_splits(ctx: &Context<'_>) -> BTreeSet<(SiteId, SiteId)> {
    let mut splits = BTreeSet::new();
    for (_, link) in ldv_links(ctx) {
        let (at_a, at_b) = vmotion_subnets_at_ends(ctx, link);
        if !at_a.is_empty() && !at_b.is_empty() && at_a != at_b {
            splits.insert((link.site_a, link.site_b));
            splits.insert((link.site_b, link.site_a));
        }
    }
    splits
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
