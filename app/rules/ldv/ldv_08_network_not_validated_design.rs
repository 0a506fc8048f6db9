//! LDV-08: the network of a long-distance vMotion link follows the 2009 validated design.

use super::ldv_links;
use crate::model::{DciKind, VswitchKind};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A long-distance vMotion link outside the validated DCI gear, or without a distributed switch spanning both sites.
pub struct LdvNetworkNotValidatedDesign;

static META: RuleMeta = RuleMeta {
    id: "LDV-08",
    name: "ldvm-network-outside-validated-design",
    title: "The long-distance vMotion network differs from the 2009 validated design",
    severity: Severity::Info,
    reach: Reach::Cluster,
    checks: "Every site link with `long_distance_vmotion: true` has `dci` Catalyst6500Vss or Nexus7000Vpc, and at least one vDS or Nexus 1000V (`vswitches`, kind Distributed or Nexus1000v) has member hosts at both `site_a` and `site_b`.",
    why: "The Cisco/VMware validation of 2009 extended layer 2 with Catalyst 6500 VSS or Nexus 7000 vPC over the DCI; other interconnects may work but were not what was tested. A vDS or Nexus 1000V spanning both sites keeps a VM's port configuration and state (counters, policies) when it moves; with standard vSwitches each site's port groups must be kept identical by hand.",
    example: "Link `dc1-dc2` has `dci: Unspecified` and each site has its own standard vSwitches.",
    fix: "Use Catalyst 6500 VSS or Nexus 7000 vPC for the layer-2 DCI, and a vDS or Nexus 1000V (Enterprise Plus) spanning the hosts of both sites for consistent port configuration.",
    source: "S20, S19; vDS/N1KV part M",
};

impl Rule for LdvNetworkNotValidatedDesign {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (link_id, link) in ldv_links(ctx) {
            let dci = match link.dci {
                DciKind::Catalyst6500Vss | DciKind::Nexus7000Vpc => None,
                DciKind::Unspecified => Some("names no layer-2 interconnect".to_owned()),
                DciKind::Otv => Some("extends layer 2 with OTV".to_owned()),
                DciKind::Other => Some("uses another layer-2 interconnect".to_owned()),
            };
            if let Some(dci) = dci {
                out.add(
                    &META,
                    link_id,
                    format!(
                        "{} {dci}; the 2009 validated design used Catalyst 6500 VSS or Nexus 7000 vPC",
                        link.name
                    ),
                );
            }
            let spanned = ctx.project.vswitches.values().any(|vswitch| {
                if vswitch.kind == VswitchKind::Standard {
                    return false;
                }
                let (mut at_a, mut at_b) = (false, false);
                for host in &vswitch.hosts {
                    match ctx.index.host_site.get(host) {
                        Some(&site) if site == link.site_a => at_a = true,
                        Some(&site) if site == link.site_b => at_b = true,
                        _ => {}
                    }
                }
                at_a && at_b
            });
            if !spanned {
                out.add(
                    &META,
                    link_id,
                    format!(
                        "No vDS or Nexus 1000V spans the hosts at both ends of {}; port configuration does not follow VMs moved between the sites",
                        link.name
                    ),
                );
            }
        }
    }
}
