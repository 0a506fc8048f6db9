//! FT-CL-13: a Primary and its Secondary belong on different hosts, and for blades in different enclosures.

use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An FT pair shares a host, or a c7000 enclosure.
pub struct FtClPairSameFailureDomain;

static META: RuleMeta = RuleMeta {
    id: "FT-CL-13",
    name: "ft-pair-same-failure-domain",
    title: "An FT Primary and its Secondary share a host or a blade enclosure",
    severity: Severity::Warning,
    reach: Reach::Cluster,
    checks: "For every VM with FT on or planned and both hosts known, `host` differs from `ft.secondary_host` (error when equal), and when both are blades they sit in different c7000 enclosures (warning when in the same enclosure).",
    why: "FT protects against the loss of the Primary's host only if the Secondary runs elsewhere; vCenter never places both on one host. A c7000 enclosure is a failure domain of its own (midplane, Onboard Administrator, shared power and Virtual Connect modules): a pair inside one enclosure is lost together with it.",
    example: "`sql01` runs on `esx01` (enc1/bay1) and its Secondary on `esx02` (enc1/bay2).",
    fix: "Use at least 2 enclosures per FT cluster and check the pair placement.",
    source: "D (S02 vSphere 4.1 Availability, Turn On Fault Tolerance + S47 blades and HA cluster design)",
};

impl Rule for FtClPairSameFailureDomain {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for (id, vm) in ctx.ft_vms() {
            let Some((primary, secondary)) = ctx.ft_pair_hosts(vm) else {
                continue;
            };
            if primary == secondary {
                out.add_at(
                    &META,
                    Severity::Error,
                    id,
                    format!(
                        "{}'s Primary and Secondary are both placed on {}; FT needs two different hosts",
                        vm.name,
                        ctx.host_label(primary)
                    ),
                );
                continue;
            }
            let (Some(enclosure), Some(other)) = (
                ctx.index.host_enclosure.get(&primary),
                ctx.index.host_enclosure.get(&secondary),
            ) else {
                continue;
            };
            if enclosure != other {
                continue;
            }
            let enclosure_name = ctx
                .project
                .enclosures
                .get(enclosure)
                .map_or_else(|| enclosure.to_string(), |e| e.name.clone());
            out.add(
                &META,
                id,
                format!(
                    "{}'s Primary on {} and Secondary on {} share enclosure {enclosure_name}, one failure domain",
                    vm.name,
                    ctx.host_label(primary),
                    ctx.host_label(secondary)
                ),
            );
        }
    }
}
