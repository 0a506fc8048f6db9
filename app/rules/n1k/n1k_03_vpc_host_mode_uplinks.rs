//! N1K-03: vPC host mode has at least two uplinks per host, cabled to two different upstream switches.

use std::collections::BTreeSet;

use crate::model::VswitchKind;
use crate::refdata::LimitItem;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity, number};

/// A host on a vPC-host-mode switch without redundant uplinks to distinct upstream switches.
pub struct N1kVpcHostModeUplinks;

static META: RuleMeta = RuleMeta {
    id: "N1K-03",
    name: "vpc-host-mode-without-redundant-uplinks",
    title: "A host in Nexus 1000V vPC host mode lacks two uplinks to two different upstream switches",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "For every virtual switch with `vpc_host_mode`, each host in `hosts`: its `uplinks` entry lists at least \
             `VpcHostModeMinUplinks` (2) uplinks and they reach at least that many distinct upstream switches. A host \
             with no `uplinks` entry counts as having none. One finding per host and switch.",
    why: "vPC host mode (MAC pinning) splits a host's uplinks into sub-groups by the upstream switch they reach, so the \
          port channel survives without a cross-switch EtherChannel. Its point is redundancy: with a single uplink, or \
          every uplink on the same upstream switch, losing that link or switch cuts the host's VMs off.",
    example: "Nexus 1000V `n1kv01` has `vpc_host_mode: true`; `esx01` has uplinks `[\"n5k-a\", \"n5k-a\"]`.",
    fix: "Cable the second uplink to the other switch.",
    source: "seed (VMworld 2009 session TA2384)",
};

impl Rule for N1kVpcHostModeUplinks {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let Some(min) = ctx.limit(LimitItem::VpcHostModeMinUplinks, None) else {
            return;
        };
        for vswitch in ctx.project.vswitches.values() {
            if !vswitch.vpc_host_mode {
                continue;
            }
            let switch = match vswitch.kind {
                VswitchKind::Nexus1000v { .. } => format!("Nexus 1000V {}", vswitch.name),
                VswitchKind::Distributed => format!("vDS {}", vswitch.name),
                VswitchKind::Standard => format!("vSwitch {}", vswitch.name),
            };
            for &host_id in &vswitch.hosts {
                let uplinks = vswitch.uplinks.get(&host_id).map_or(&[][..], Vec::as_slice);
                let upstream: BTreeSet<&str> = uplinks.iter().map(String::as_str).collect();
                if uplinks.len() as f64 >= min && upstream.len() as f64 >= min {
                    continue;
                }
                let cabling = match upstream.len() {
                    0 => "no uplinks".to_owned(),
                    _ => format!(
                        "{} uplink{} to {} upstream switch{} ({})",
                        uplinks.len(),
                        if uplinks.len() == 1 { "" } else { "s" },
                        upstream.len(),
                        if upstream.len() == 1 { "" } else { "es" },
                        upstream.iter().copied().collect::<Vec<_>>().join(", ")
                    ),
                };
                out.add(
                    &META,
                    host_id,
                    format!(
                        "{} has {cabling} on {switch} in vPC host mode; it needs at least {} uplinks to {} different upstream switches",
                        ctx.host_label(host_id),
                        number(min),
                        number(min)
                    ),
                );
            }
        }
    }
}
