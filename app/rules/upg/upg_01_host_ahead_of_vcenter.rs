//! UPG-01: vCenter is upgraded before any host it manages runs ESX 4.

use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A host runs ESX 4 while its vCenter is still VirtualCenter 2.x.
pub struct UpgHostAheadOfVcenter;

static META: RuleMeta = RuleMeta {
    id: "UPG-01",
    name: "host-upgraded-before-vcenter",
    title: "A host runs ESX 4 under VirtualCenter 2.5, which cannot manage it",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Every host with `esx.release` 4.0 or later whose managing vCenter (its cluster's, or its own for a \
             standalone host) has a release below 4.0. On the design this flags a host already upgraded; in an \
             upgrade stage it flags a host wave scheduled before the vCenter stage.",
    why: "vCenter Server 4.0 manages ESX 3.x and ESX 4 hosts, but VirtualCenter 2.5 cannot manage ESX 4: the upgraded \
          host drops out of vCenter, its cluster's HA and DRS, and Update Manager.",
    example: "Wave 1 upgrades `esx01` to ESX 4.0 U1 while `vc-west` still runs VirtualCenter 2.5 U4.",
    fix: "Stage vCenter first.",
    source: "S25, S26",
};

impl Rule for UpgHostAheadOfVcenter {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (&id, host) in &ctx.project.hosts {
            if !host.release().is_vsphere4_or_later() {
                continue;
            }
            let Some(vcenter) = ctx.host_vcenter(id) else {
                continue;
            };
            if vcenter.release.is_vsphere4_or_later() {
                continue;
            }
            out.add(
                &META,
                id,
                format!(
                    "{} runs ESX {} but its vCenter {} is still VirtualCenter {}",
                    ctx.host_label(id),
                    host.release(),
                    vcenter.name,
                    vcenter.release
                ),
            );
        }
    }
}
