//! N1K-01: one Nexus 1000V (one VSM) spans no more hosts (VEMs) than the VSM manages.

use std::collections::BTreeSet;

use crate::model::{HostId, VswitchKind};
use crate::refdata::LimitItem;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity, number};

/// A Nexus 1000V with more member hosts than one VSM manages.
pub struct N1kTooManyHosts;

static META: RuleMeta = RuleMeta {
    id: "N1K-01",
    name: "nexus1000v-too-many-hosts",
    title: "A Nexus 1000V spans more hosts than one VSM manages",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every virtual switch of kind `Nexus1000v`: the number of distinct hosts in `hosts` is at most \
             `HostsPerNexus1000v` (64 VEMs per VSM, Nexus 1000V 1.x).",
    why: "A Nexus 1000V is one Virtual Supervisor Module (VSM) driving a Virtual Ethernet Module (VEM) on each host, like \
          the line cards of one chassis. Release 1.x manages at most 64 VEMs: hosts beyond that cannot be added to the \
          switch and would be left without their port profiles.",
    example: "Nexus 1000V `n1kv01` lists 72 hosts.",
    fix: "Split into a second Nexus 1000V or use a vDS for the rest.",
    source: "seed (VMworld 2009 session TA2384); section 7 (virtualization.info and vbrownbag, Feb 2009)",
};

impl Rule for N1kTooManyHosts {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let Some(max) = ctx.limit(LimitItem::HostsPerNexus1000v, None) else {
            return;
        };
        for (&id, vswitch) in &ctx.project.vswitches {
            let VswitchKind::Nexus1000v { vsm_version } = &vswitch.kind else {
                continue;
            };
            if vswitch.hosts.len() as f64 <= max {
                continue;
            }
            let hosts: BTreeSet<HostId> = vswitch.hosts.iter().copied().collect();
            if hosts.len() as f64 > max {
                let version = if vsm_version.is_empty() {
                    String::new()
                } else {
                    format!(" (VSM {vsm_version})")
                };
                out.add(
                    &META,
                    id,
                    format!(
                        "Nexus 1000V {}{version} spans {} hosts; one VSM manages at most {} VEMs",
                        vswitch.name,
                        hosts.len(),
                        number(max)
                    ),
                );
            }
        }
    }
}
