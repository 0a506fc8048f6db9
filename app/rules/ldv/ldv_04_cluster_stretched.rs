//! LDV-04: the 2009 design has one cluster per site; a cluster stretched over both sites is not supported.

use super::{ldv_links, site_name};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A cluster with hosts at both ends of a long-distance vMotion link.
pub struct LdvClusterStretched;

static META: RuleMeta = RuleMeta {
    id: "LDV-04",
    name: "ldvm-cluster-stretched",
    title: "A cluster is stretched across the two sites of a long-distance vMotion link",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every site link with `long_distance_vmotion: true`, no cluster has hosts at both `site_a` and `site_b` (`Index::cluster_sites`).",
    why: "The 2009 validated layout was one vMotion-enabled vSphere 4.0 cluster per data centre plus one vCenter; long-distance vMotion is a manual \"disaster avoidance\" move between site-local clusters, not a stretched cluster. Stretching HA/DRS over the link was not supported: HA restarts and DRS moves would cross sites unchecked, the 5 HA primaries could all land at one site, and storage at the far site adds latency to every I/O.",
    example: "Cluster `prod` has `esx01`-`esx04` at `dc1` and `esx05`-`esx08` at `dc2`.",
    fix: "Build two site-local clusters and migrate between them manually (disaster avoidance, not DR).",
    source: "S19 (validated layout: one vMotion-enabled vSphere 4.0 cluster per data center plus one vCenter), S20, S22, S24",
};

impl Rule for LdvClusterStretched {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (_, link) in ldv_links(ctx) {
            for (&cluster_id, sites) in &ctx.index.cluster_sites {
                if !(sites.contains(&link.site_a) && sites.contains(&link.site_b)) {
                    continue;
                }
                let Some(cluster) = ctx.cluster(cluster_id) else {
                    continue;
                };
                let (mut at_a, mut at_b) = (0_usize, 0_usize);
                for &host in ctx.index.hosts_of(cluster_id) {
                    match ctx.index.host_site.get(&host) {
                        Some(&site) if site == link.site_a => at_a += 1,
                        Some(&site) if site == link.site_b => at_b += 1,
                        _ => {}
                    }
                }
                out.add(
                    &META,
                    cluster_id,
                    format!(
                        "{} has hosts at both ends of {}: {at_a} at {} and {at_b} at {}; the 2009 long-distance vMotion design needs one cluster per site",
                        cluster.name,
                        link.name,
                        site_name(ctx, link.site_a),
                        site_name(ctx, link.site_b),
                    ),
                );
            }
        }
    }
}
