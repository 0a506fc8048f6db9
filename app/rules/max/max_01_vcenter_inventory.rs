//! MAX-01: hosts and VMs per vCenter stay within the configuration maximums of its release.

use std::collections::BTreeMap;

use crate::model::VcenterId;
use crate::refdata::LimitItem;
use crate::rules::feat::vcenter_product;
use crate::rules::unknown::Unknowns;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity, number};

/// A vCenter managing more hosts or VMs than its release supports.
pub struct MaxVcenterInventory;

static META: RuleMeta = RuleMeta {
    id: "MAX-01",
    name: "vcenter-over-maximums",
    title: "A vCenter manages more hosts or VMs than its release supports",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every vCenter, with the limits of its `release` (assets data): managed hosts (clustered hosts take their \
             cluster's vCenter, standalone hosts their own `vcenter`) are at most `HostsPerVcenter` (VirtualCenter 2.5: \
             200, vCenter 4.0: 300, 4.1: 1,000), and registered VMs and templates (a cluster's VMs count for the \
             cluster's vCenter, the VMs of a standalone host for the host's) are at most `VmsPerVcenter` (2.5: 2,000, 4.0: 3,000). A release the data has no maximum for (older than its first entry) is an info finding naming the vCenters (not in reference data).",
    why: "Beyond the configuration maximums vCenter is unsupported and in practice slows down: inventory, HA \
          configuration and DRS passes take longer and the database grows past what the sizing guides cover. Linked \
          mode joins vCenters for one view but each instance keeps its own limits.",
    example: "`vc01` runs vCenter 4.0 and manages 340 hosts.",
    fix: "Add a vCenter instance (linked mode) or split sites.",
    source: "S48 (numbers as data, M); section 7 (Sybex 978-0-470-56360-1 p.31, eWeek 2010, Wikipedia VI3 limits)",
};

impl Rule for MaxVcenterInventory {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let mut hosts: BTreeMap<VcenterId, usize> = BTreeMap::new();
        for vcenter in ctx.index.host_vcenter.values() {
            *hosts.entry(*vcenter).or_default() += 1;
        }
        // VMs counted through the index, without touching each VM: a cluster's VMs go to the cluster's vCenter,
        // the VMs of a standalone host to the host's.
        let mut vms: BTreeMap<VcenterId, usize> = BTreeMap::new();
        for (&cluster_id, cluster) in &ctx.project.clusters {
            if let Some(vcenter) = cluster.vcenter {
                *vms.entry(vcenter).or_default() += ctx.index.vms_of(cluster_id).len();
            }
        }
        for (&host_id, host) in &ctx.project.hosts {
            if host.cluster.is_none()
                && let Some(&vcenter) = ctx.index.host_vcenter.get(&host_id)
            {
                *vms.entry(vcenter).or_default() += ctx.index.vms_on(host_id).len();
            }
        }
        let mut unknowns = Unknowns::new();
        for (&id, vcenter) in &ctx.project.vcenters {
            let release = Some(vcenter.release);
            let host_count = hosts.get(&id).copied().unwrap_or_default();
            let vm_count = vms.get(&id).copied().unwrap_or_default();
            let missing: Vec<&str> = [
                (LimitItem::HostsPerVcenter, host_count, "hosts-per-vCenter"),
                (LimitItem::VmsPerVcenter, vm_count, "VMs-per-vCenter"),
            ]
            .into_iter()
            .filter(|(item, count, _)| *count > 0 && ctx.limit(*item, release).is_none())
            .map(|(_, _, name)| name)
            .collect();
            if !missing.is_empty() {
                unknowns.note(
                    format!(
                        "the {} maximums of {}",
                        missing.join(" and "),
                        vcenter_product(vcenter.release)
                    ),
                    id,
                    &vcenter.name,
                );
            }
            if let Some(max) = ctx.limit(LimitItem::HostsPerVcenter, release)
                && host_count as f64 > max
            {
                out.add(
                    &META,
                    id,
                    format!(
                        "{} manages {host_count} hosts; {} supports {}",
                        vcenter.name,
                        vcenter_product(vcenter.release),
                        number(max)
                    ),
                );
            }
            if let Some(max) = ctx.limit(LimitItem::VmsPerVcenter, release)
                && vm_count as f64 > max
            {
                out.add(
                    &META,
                    id,
                    format!(
                        "{} manages {vm_count} VMs; {} supports {}",
                        vcenter.name,
                        vcenter_product(vcenter.release),
                        number(max)
                    ),
                );
            }
        }
        unknowns.report(&META, out, |unknown| {
            format!(
                "{}, so the inventory of {} is not checked against them",
                unknown.missing(),
                unknown.names
            )
        });
    }
}
