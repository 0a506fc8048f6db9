//! VC-04: VLANs per FlexNIC and per VC module (shared uplink sets) stay within the VC 2.x limits.

use std::collections::{BTreeMap, BTreeSet};

use crate::refdata::LimitItem;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity, number};

/// A FlexNIC or a VC module carrying more VLANs than Virtual Connect 2.x supports.
pub struct TooManyVlans;

static META: RuleMeta = RuleMeta {
    id: "VC-04",
    name: "vc-too-many-vlans",
    title: "A FlexNIC or a VC module carries more VLANs than Virtual Connect supports",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Per FlexNIC: distinct `networks` at most `VlansPerFlexnic` (28, VC 2.x). Per VC module bay: distinct VLANs of the domain's `shared_uplink_sets` that include the bay at most `VlansPerVcModule` (128), or `VlansPerVcModuleActiveActive` (64) when one of those sets is `active_active`.",
    why: "VC 2.x maps at most 28 VLANs to one FlexNIC and carries at most 128 VLANs per module in its shared uplink sets; duplicating the sets for an active/active design halves that to 64. Networks beyond the limit cannot be mapped.",
    example: "`esx03` LOM1-d carries 32 VM networks; a FlexNIC takes 28 VLANs.",
    fix: "Consolidate VLANs, spread networks over more FlexNICs or modules, or upgrade VC firmware (later versions raise the limits).",
    source: "S40, S41; vmote.net (28 per FlexNIC); wwtlab (128 / 64)",
};

impl Rule for TooManyVlans {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        if let Some(max) = ctx.limit(LimitItem::VlansPerFlexnic, None) {
            let table = &ctx.index.flexnics;
            for row in table.rows() {
                let networks = table.networks(row);
                if networks.len() as f64 <= max {
                    continue;
                }
                let count = networks
                    .iter()
                    .map(|(network, _)| network)
                    .collect::<BTreeSet<_>>()
                    .len();
                if count as f64 > max
                    && let Some((port, flexnic)) = row.in_project(ctx.project)
                {
                    out.add(
                        &META,
                        row.host,
                        format!(
                            "{} {}-{} carries {count} VLANs; a FlexNIC takes {}",
                            ctx.host_label(row.host),
                            port.name,
                            flexnic.letter,
                            number(max)
                        ),
                    );
                }
            }
        }
        let per_module = ctx.limit(LimitItem::VlansPerVcModule, None);
        let per_module_aa = ctx.limit(LimitItem::VlansPerVcModuleActiveActive, None);
        for (&id, enclosure) in &ctx.project.enclosures {
            let Some(domain) = &enclosure.vc_domain else {
                continue;
            };
            // VLANs per module bay, and whether an active/active set uses the bay.
            let mut bays: BTreeMap<u8, (BTreeSet<u16>, bool)> = BTreeMap::new();
            for set in &domain.shared_uplink_sets {
                for &bay in &set.module_bays {
                    let entry = bays.entry(bay).or_default();
                    entry.0.extend(set.vlans.iter().copied());
                    entry.1 |= set.active_active;
                }
            }
            for (bay, (vlans, active_active)) in &bays {
                let limit = if *active_active {
                    per_module_aa
                } else {
                    per_module
                };
                let Some(limit) = limit else {
                    continue;
                };
                if vlans.len() as f64 > limit {
                    let how = if *active_active {
                        "a module with active/active shared uplink sets carries"
                    } else {
                        "a VC module carries"
                    };
                    out.add(
                        &META,
                        id,
                        format!(
                            "{} bay {bay} carries {} VLANs in its shared uplink sets; {how} {}",
                            enclosure.name,
                            vlans.len(),
                            number(limit)
                        ),
                    );
                }
            }
        }
    }
}
