//! LDV-03: ESX 4 at both sites, and one vCenter 4.0 with one datacenter object managing the clusters of both.

use std::collections::{BTreeMap, BTreeSet};

use super::{at_end, ldv_links, link_clusters, site_name};
use crate::model::{Release, VcenterId};
use crate::rules::cpu::{count, name_list};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A long-distance vMotion link whose sites are not all ESX 4 under one vCenter 4.0 datacenter.
pub struct LdvNotOneVcenter4;

/// The 2009 validation was for vSphere 4.0: ESX/ESXi 4.0 hosts and vCenter Server 4.0.
const LDVM_MIN: Release = Release::new(4, 0);

static META: RuleMeta = RuleMeta {
    id: "LDV-03",
    name: "ldvm-not-one-vcenter-4",
    title: "Long-distance vMotion sites are not all ESX 4 under one vCenter 4.0 and one datacenter object",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every site link with `long_distance_vmotion: true`, over the clusters with hosts at either end: each of their hosts at the two sites has `esx.release` 4.0 or later; the clusters are managed by a single vCenter (`cluster.vcenter`) whose `release` is 4.0 or later; and they sit in one datacenter object (`cluster.datacenter`).",
    why: "The September 2009 Cisco/VMware validation covered vSphere 4.0 only: ESX/ESXi 4.0 on both sides and one vCenter Server 4.0 managing both data centres. vMotion in vSphere 4 cannot cross vCenter instances, nor datacenter objects within one vCenter (vDS port groups are named per datacenter); moving across either only became possible with cross-vCenter vMotion in vSphere 6.0.",
    example: "Cluster `prod-a` at `dc1` is managed by `vc01`, cluster `prod-b` at `dc2` by `vc02`; or `esx21` at `dc2` still runs ESX 3.5.",
    fix: "Upgrade hosts at both sites to ESX 4.0 and consolidate both sites under one vCenter 4.0, with the clusters of both sites in one datacenter object.",
    source: "S19, S20; same datacenter object D (section 7: vinfrastructure.it 2015, 4.0 U1 ESXi Configuration Guide)",
};

impl Rule for LdvNotOneVcenter4 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let mut reported_vcenters: BTreeSet<VcenterId> = BTreeSet::new();
        for (link_id, link) in ldv_links(ctx) {
            let clusters = link_clusters(ctx, link);
            let mut vcenters: BTreeMap<VcenterId, Vec<&str>> = BTreeMap::new();
            let mut datacenters: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for &cluster_id in &clusters {
                let Some(cluster) = ctx.cluster(cluster_id) else {
                    continue;
                };
                if let Some(vcenter) = cluster.vcenter {
                    vcenters.entry(vcenter).or_default().push(&cluster.name);
                    datacenters
                        .entry(cluster.datacenter.as_str())
                        .or_default()
                        .push(&cluster.name);
                }
                for (host_id, host) in ctx.cluster_hosts(cluster_id) {
                    let Some(&site) = ctx.index.host_site.get(&host_id) else {
                        continue;
                    };
                    if at_end(link, site) && host.esx.release < LDVM_MIN {
                        out.add(
                            &META,
                            host_id,
                            format!(
                                "{} at {} runs ESX {}; long-distance vMotion over {} needs ESX {LDVM_MIN} or later at both sites",
                                ctx.host_label(host_id),
                                site_name(ctx, site),
                                host.esx.release,
                                link.name,
                            ),
                        );
                    }
                }
            }
            for (&vcenter_id, names) in &vcenters {
                let Some(vcenter) = ctx.project.vcenters.get(&vcenter_id) else {
                    continue;
                };
                if vcenter.release < LDVM_MIN && reported_vcenters.insert(vcenter_id) {
                    out.add(
                        &META,
                        vcenter_id,
                        format!(
                            "{} runs {} and manages {} ({}) at the ends of {}; long-distance vMotion needs vCenter {LDVM_MIN} or later",
                            vcenter.name,
                            vcenter.release,
                            count(names.len(), "cluster"),
                            name_list(names),
                            link.name,
                        ),
                    );
                }
            }
            if vcenters.len() > 1 {
                let listing = vcenters
                    .iter()
                    .map(|(id, names)| {
                        let name = ctx
                            .project
                            .vcenters
                            .get(id)
                            .map_or_else(|| id.to_string(), |v| v.name.clone());
                        format!("{name}: {}", name_list(names))
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                out.add(
                    &META,
                    link_id,
                    format!(
                        "The clusters at the ends of {} are managed by {} vCenters ({listing}); long-distance vMotion needs one vCenter for both sites",
                        link.name,
                        vcenters.len(),
                    ),
                );
            } else if datacenters.len() > 1 {
                let listing = datacenters
                    .iter()
                    .map(|(datacenter, names)| {
                        let datacenter = if datacenter.is_empty() {
                            "(unnamed)"
                        } else {
                            datacenter
                        };
                        format!("{datacenter}: {}", name_list(names))
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                out.add(
                    &META,
                    link_id,
                    format!(
                        "The clusters at the ends of {} sit in {} datacenter objects ({listing}); vMotion in vSphere 4 stays within one datacenter object",
                        link.name,
                        datacenters.len(),
                    ),
                );
            }
        }
    }
}
