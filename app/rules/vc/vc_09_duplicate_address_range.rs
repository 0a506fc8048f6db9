//! VC-09: every VC domain uses its own VC-assigned MAC and WWN ranges.

use std::collections::BTreeMap;

use crate::model::EnclosureId;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// Two VC domains sharing (or overlapping in) a VC-assigned MAC or WWN range.
pub struct DuplicateAddressRange;

static META: RuleMeta = RuleMeta {
    id: "VC-09",
    name: "vc-duplicate-address-range",
    title: "Two VC domains use the same or overlapping MAC or WWN ranges",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "Across all enclosures' `vc_domain`: no two domains share a `mac_range` or a `wwn_range`. Named ranges (\"HP-defined 3\") must differ; custom ranges written as start/count (\"00-17-A4-77-08-00/1024\", \"50:06:0B:00:00:C2:62:00/1024\") must not overlap.",
    why: "Virtual Connect hands the addresses of its range to the server profiles of its domain. Each HP predefined range may be used once per environment; two domains drawing on the same addresses give two blades the same MAC or WWN, which breaks the network or the SAN (duplicate logins, lost paths). Node WWNs are port WWN + 1, so WWN ranges must not touch either.",
    example: "`enc1` and `enc2` both use MAC range \"HP-defined 3\".",
    fix: "Allocate a separate MAC and WWN range per VC domain in the design tool.",
    source: "S42",
};

/// A VC-assigned range as written in a plan.
#[derive(Clone, PartialEq, Eq)]
enum Range {
    /// A named range ("HP-defined 3"), normalised.
    Named(String),
    /// A custom range: first address and number of addresses.
    Custom { start: u64, count: u64 },
}

/// Parses "00-17-A4-77-08-00/1024" (MAC, 6 bytes) or "50:06:0B:00:00:C2:62:00/1024" (WWN, 8 bytes).
fn parse(text: &str) -> Option<Range> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let custom = text.split_once('/').and_then(|(address, count)| {
        let hex: String = address
            .chars()
            .filter(|c| !matches!(c, '-' | ':' | '.' | ' '))
            .collect();
        if hex.len() != 12 && hex.len() != 16 {
            return None;
        }
        let start = u64::from_str_radix(&hex, 16).ok()?;
        let count = count.trim().parse::<u64>().ok().filter(|c| *c > 0)?;
        Some(Range::Custom { start, count })
    });
    Some(custom.unwrap_or_else(|| {
        Range::Named(
            text.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase(),
        )
    }))
}

/// One domain's range of one kind.
struct Entry<'a> {
    enclosure: EnclosureId,
    enclosure_name: &'a str,
    domain: &'a str,
    text: &'a str,
}

impl Rule for DuplicateAddressRange {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        for kind in ["MAC", "WWN"] {
            let mut named: BTreeMap<String, Vec<Entry<'_>>> = BTreeMap::new();
            let mut custom: Vec<(u64, u64, Entry<'_>)> = Vec::new();
            for (&id, enclosure) in &ctx.project.enclosures {
                let Some(domain) = &enclosure.vc_domain else {
                    continue;
                };
                let text = if kind == "MAC" {
                    &domain.mac_range
                } else {
                    &domain.wwn_range
                };
                let entry = Entry {
                    enclosure: id,
                    enclosure_name: &enclosure.name,
                    domain: &domain.name,
                    text: text.trim(),
                };
                match parse(text) {
                    None => {}
                    Some(Range::Named(key)) => named.entry(key).or_default().push(entry),
                    Some(Range::Custom { start, count }) => custom.push((start, count, entry)),
                }
            }
            for entries in named.values() {
                let Some((first, rest)) = entries.split_first() else {
                    continue;
                };
                for entry in rest {
                    report(out, kind, entry, first, true);
                }
            }
            custom.sort_by_key(|(start, _, entry)| (*start, entry.enclosure));
            // The range reaching furthest so far: its end (exclusive) and its index.
            let mut reach: Option<(u64, usize)> = None;
            for (index, (start, count, entry)) in custom.iter().enumerate() {
                let end = start.saturating_add(*count);
                if let Some((reach_end, owner)) = reach
                    && *start < reach_end
                    && let Some((owner_start, owner_count, other)) = custom.get(owner)
                {
                    let same = owner_start == start && owner_count == count;
                    report(out, kind, entry, other, same);
                }
                if reach.is_none_or(|(reach_end, _)| end > reach_end) {
                    reach = Some((end, index));
                }
            }
        }
    }
}

fn report(out: &mut Findings, kind: &str, entry: &Entry<'_>, other: &Entry<'_>, same: bool) {
    let what = if same {
        format!(
            "uses {kind} range {}, already used by {} ({})",
            entry.text, other.enclosure_name, other.domain
        )
    } else {
        format!(
            "{kind} range {} overlaps {} of {} ({})",
            entry.text, other.text, other.enclosure_name, other.domain
        )
    };
    out.add(
        &META,
        entry.enclosure,
        format!(
            "{} VC domain {} {what}; each VC domain needs its own range",
            entry.enclosure_name, entry.domain
        ),
    );
}
