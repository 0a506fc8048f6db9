//! FT-HO-06: mixed Xeon 5200/5400 steppings in an FT pair need the June 2009 patch.

use super::{Pair, ft_pairs};
use crate::model::{CpuVendor, EsxProduct, Host, Release};
use crate::rules::unknown::Unknowns;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// An FT pair mixes Xeon family 6 model 23 steppings 6 and 10 on a host without ESX400-200906401-BG.
pub struct FtHoSteppingMixUnpatched;

static META: RuleMeta = RuleMeta {
    id: "FT-HO-06",
    name: "ft-pair-stepping-mix-unpatched",
    title: "An FT pair mixes Xeon 5200/5400 steppings 6 and 10 without the ESX400-200906401-BG patch",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every VM with FT on or planned and both hosts known: when both hosts have Intel CPUs of family 6, model 23 (Xeon 5200/5400, Penryn/Harpertown) and one has stepping 6 while the other has stepping 10, both hosts carry the patch: `esx.patches` lists ESX400-200906401-BG (ESXi400-200906401-BG on ESXi), or `esx.build` is at or above the build that bulletin produced (reference data `builds`). When the data lacks that build and the host does not list the bulletin, the rule cannot compare and says so at info once per bulletin (not in reference data).",
    why: "Before the June 2009 patch the Secondary on a host of the other stepping fails shortly after it starts and the Primary sits in \"Need Secondary VM\": the VM looks protected in the design but is not.",
    example: "`sql01` runs on `esx01` (Xeon E5450, stepping 6) and its Secondary on `esx02` (stepping 10); both run ESX 4.0 build 164009.",
    fix: "Apply ESX400-200906401-BG / ESXi400-200906401-BG, or keep identical steppings in each pair.",
    source: "S05 VMware SiteSurvey 1.0 (5200/5400 stepping patch warning)",
};

/// Intel family 6 model 23: the 45 nm Penryn Xeons (5200/5400).
const FAMILY: u8 = 6;
const MODEL: u8 = 23;
/// The two steppings that cannot replay each other without the patch.
const STEPPINGS: (u8, u8) = (6, 10);

/// The bulletin that fixes the stepping mix, per product.
fn bulletin(product: EsxProduct) -> &'static str {
    match product {
        EsxProduct::Esx => "ESX400-200906401-BG",
        EsxProduct::Esxi => "ESXi400-200906401-BG",
    }
}

/// A Penryn Xeon host's stepping, if it is one.
fn penryn_stepping(host: &Host) -> Option<u8> {
    (host.cpu.vendor == CpuVendor::Intel && host.cpu.family == FAMILY && host.cpu.model == MODEL)
        .then_some(host.cpu.stepping)
}

/// Whether the stepping pair is the one the patch is about.
fn mixed(pair: &Pair<'_>) -> bool {
    match (
        penryn_stepping(pair.primary),
        penryn_stepping(pair.secondary),
    ) {
        (Some(a), Some(b)) => (a, b) == STEPPINGS || (b, a) == STEPPINGS,
        _ => false,
    }
}

/// Whether a host carries the fix: the bulletin is listed, or its ESX 4 build is at or above the bulletin's build.
/// `None` when the reference data lacks the bulletin's build, so the host's build cannot be compared.
fn has_fix(ctx: &Context<'_>, host: &Host) -> Option<bool> {
    let name = bulletin(host.esx.product);
    if host
        .esx
        .patches
        .iter()
        .any(|patch| patch.eq_ignore_ascii_case(name))
    {
        return Some(true);
    }
    let entry = ctx.reference.build_of_patch(name)?;
    Some(host.release() >= Release::new(4, 0) && host.esx.build >= entry.build)
}

/// "ESX400-200906401-BG (build 175625)", the bulletin a host needs and the build it produces when known.
fn fix_label(ctx: &Context<'_>, host: &Host) -> String {
    let name = bulletin(host.esx.product);
    match ctx.reference.build_of_patch(name) {
        Some(entry) => format!("{name} (build {})", entry.build),
        None => name.to_owned(),
    }
}

impl Rule for FtHoSteppingMixUnpatched {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        let mut unknowns = Unknowns::new();
        for pair in ft_pairs(ctx) {
            if !mixed(&pair) {
                continue;
            }
            let mut unpatched: Vec<&Host> = Vec::new();
            for host in [pair.primary, pair.secondary] {
                match has_fix(ctx, host) {
                    Some(true) => {}
                    Some(false) => unpatched.push(host),
                    None => unknowns.note(
                        format!("the build of {}", bulletin(host.esx.product)),
                        pair.vm_id,
                        &pair.vm.name,
                    ),
                }
            }
            let Some(first) = unpatched.first() else {
                continue;
            };
            let hosts: Vec<String> = unpatched
                .iter()
                .map(|host| format!("{} (build {})", host.name, host.esx.build))
                .collect();
            out.add(
                &META,
                pair.vm_id,
                format!(
                    "{}'s Primary host {} (stepping {}) and Secondary host {} (stepping {}) mix Xeon family {FAMILY} model {MODEL} steppings, but {} lack{} {}",
                    pair.vm.name,
                    pair.primary.name,
                    pair.primary.cpu.stepping,
                    pair.secondary.name,
                    pair.secondary.cpu.stepping,
                    hosts.join(" and "),
                    if hosts.len() == 1 { "s" } else { "" },
                    fix_label(ctx, first)
                ),
            );
        }
        unknowns.report(&META, out, |unknown| {
            format!(
                "{}, so whether the hosts of {} (mixed Xeon family {FAMILY} model {MODEL} steppings, bulletin not listed in `esx.patches`) carry the fix is unknown",
                unknown.missing(),
                unknown.names
            )
        });
    }
}
