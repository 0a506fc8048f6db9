//! N1K-02: every member host of a Nexus 1000V or vDS runs ESX 4.0 (switch-level view).

use crate::model::VswitchKind;
use crate::rules::feat::{esx4_gaps, join_and};
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A Nexus 1000V or vDS with member hosts that do not run ESX 4.0 or later.
pub struct N1kMemberHostNotReady;

/// Host names listed in a message before the rest is summed up.
const LISTED_HOSTS: usize = 5;

static META: RuleMeta = RuleMeta {
    id: "N1K-02",
    name: "distributed-switch-members-not-ready",
    title: "A Nexus 1000V or vDS has member hosts that do not run ESX 4.0",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every virtual switch of kind `Nexus1000v` or `Distributed`: every host in `hosts` has `esx.release` \
             of 4.0 or later. One finding per switch listing the hosts that fail; FEAT-01 and FEAT-02 report the \
             same hosts one by one. The Enterprise Plus edition the switches also need is checked by LIC-01 (one \
             finding per fact).",
    why: "Both the vNetwork Distributed Switch and the Nexus 1000V (a third-party vDS) rely on the ESX 4.0 distributed \
          switch API and the Enterprise Plus edition. A switch whose member list holds 3.5 hosts or lower editions \
          cannot be built as designed: those hosts cannot join, and their VMs keep their standard vSwitch port groups.",
    example: "Nexus 1000V `n1kv01` lists `esx01`, which still runs ESX 3.5 U4.",
    fix: "Upgrade and license before joining.",
    source: "FEAT-01/02 (M, S29); section 7 (Enterprise Plus for vDS and Nexus 1000V confirmed)",
};

impl Rule for N1kMemberHostNotReady {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&id, vswitch) in &ctx.project.vswitches {
            let kind = match vswitch.kind {
                VswitchKind::Distributed => "vDS",
                VswitchKind::Nexus1000v { .. } => "Nexus 1000V",
                VswitchKind::Standard => continue,
            };
            let mut failing = Vec::new();
            for &host_id in &vswitch.hosts {
                let Some(host) = ctx.host(host_id) else {
                    continue;
                };
                let gaps = esx4_gaps(host);
                if !gaps.is_empty() {
                    failing.push(format!("{} {}", ctx.host_label(host_id), join_and(&gaps)));
                }
            }
            if failing.is_empty() {
                continue;
            }
            let count = failing.len();
            failing.truncate(LISTED_HOSTS);
            if count > LISTED_HOSTS {
                failing.push(format!("{} more", count - LISTED_HOSTS));
            }
            out.add(
                &META,
                id,
                format!(
                    "{kind} {} has {count} of its {} member hosts not on ESX 4.0: {}",
                    vswitch.name,
                    vswitch.hosts.len(),
                    failing.join("; ")
                ),
            );
        }
    }
}
