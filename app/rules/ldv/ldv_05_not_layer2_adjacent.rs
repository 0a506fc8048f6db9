//! LDV-05: the sites share layer 2, with the vMotion VMkernel ports of both in one IP subnet.

use std::collections::BTreeSet;

use super::{ldv_links, site_name, vmotion_subnets_at_ends};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A long-distance vMotion link that is not stretched at layer 2, or whose sites use different vMotion subnets.
pub struct LdvNotLayer2Adjacent;

static META: RuleMeta = RuleMeta {
    id: "LDV-05",
    name: "ldvm-not-layer2-adjacent",
    title: "The sites of a long-distance vMotion link are not layer-2 adjacent",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every site link with `long_distance_vmotion: true` has `l2_stretched: true`, and the vMotion VMkernel ports (`Vmotion` role, `subnet`) of the clustered hosts at `site_a` use the same set of IP subnets as those at `site_b` (ports without a subnet are ignored).",
    why: "A VM keeps its IP address and MAC when it moves, so its networks must exist at both sites in the same broadcast domain, and vSphere 4 vMotion itself needs the VMkernel ports of source and target in one IP subnet (no routed vMotion until much later). The 2009 design extended the VLANs over the DCI (VSS/vPC over DWDM; OTV came later).",
    example: "Link `dc1-dc2` has `l2_stretched: false`; or the vMotion ports are in 10.1.1.0/24 at `dc1` and 10.2.1.0/24 at `dc2`.",
    fix: "Extend the VM and vMotion VLANs between the sites (VSS, vPC, DWDM; OTV later) and put the vMotion VMkernel ports of both sites in one subnet.",
    source: "S17, S22",
};

impl Rule for LdvNotLayer2Adjacent {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (link_id, link) in ldv_links(ctx) {
            if !link.l2_stretched {
                out.add(
                    &META,
                    link_id,
                    format!(
                        "{} is not stretched at layer 2; long-distance vMotion needs the VM and vMotion networks in one broadcast domain at both sites",
                        link.name
                    ),
                );
            }
            let (at_a, at_b) = vmotion_subnets_at_ends(ctx, link);
            if !at_a.is_empty() && !at_b.is_empty() && at_a != at_b {
                let join =
                    |set: &BTreeSet<&str>| set.iter().copied().collect::<Vec<_>>().join(", ");
                out.add(
                    &META,
                    link_id,
                    format!(
                        "vMotion VMkernel ports sit in {} at {} but {} at {}; long-distance vMotion over {} needs them in one IP subnet",
                        join(&at_a),
                        site_name(ctx, link.site_a),
                        join(&at_b),
                        site_name(ctx, link.site_b),
                        link.name,
                    ),
                );
            }
        }
    }
}
