//! LDV-10: first-hop routing after a move between sites.

use super::ldv_links;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A long-distance vMotion link whose sites do not localise the default gateway, so traffic trombones.
pub struct LdvTrafficTrombone;

static META: RuleMeta = RuleMeta {
    id: "LDV-10",
    name: "ldvm-traffic-trombone",
    title: "VMs moved over a long-distance vMotion link keep their default gateway at the origin site",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "Every site link with `long_distance_vmotion: true` has `egress_localised: true` (first-hop routing localised at both sites).",
    why: "A VM keeps its IP address and default gateway when it moves. With one active gateway (HSRP/VRRP) at the origin, every packet the VM sends off-subnet crosses the DCI to the origin and often back again (the \"traffic trombone\"), adding the link's round trip to each flow and loading the interconnect; inbound traffic still arrives at the origin too.",
    example: "Link `dc1-dc2` has `egress_localised: false`: after moving to `dc2`, `web01` routes through the gateway at `dc1`.",
    fix: "Localise first-hop routing at both sites (FHRP filtering / same gateway address active at each site) and plan ingress routing, or accept and size for the hairpin.",
    source: "M; the trombone named by Greg Ferro and Ivan Pepelnjak, cited in Lowe, Technology Short Take 5 (Oct 2010) (section 7)",
};

impl Rule for LdvTrafficTrombone {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (link_id, link) in ldv_links(ctx) {
            if !link.egress_localised {
                out.add(
                    &META,
                    link_id,
                    format!(
                        "{} does not localise first-hop routing; VMs moved across it keep their default gateway at the origin, so their routed traffic trombones over the link",
                        link.name
                    ),
                );
            }
        }
    }
}
