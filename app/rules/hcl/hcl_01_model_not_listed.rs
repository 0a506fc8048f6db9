//! HCL-01: every host model is on the VMware Compatibility Guide for the ESX release line it runs or is planned onto.

use std::collections::BTreeMap;

use crate::model::Release;
use crate::refdata::Listing;
use crate::rules::{Context, Findings, Rule, RuleMeta, Severity};

/// A host whose server model is not on the HCL for its ESX release line (current or planned).
pub struct HclModelNotListed;

static META: RuleMeta = RuleMeta {
    id: "HCL-01",
    name: "host-model-not-on-hcl",
    title: "A host's server model is not on the HCL for the ESX release it runs or is planned onto",
    severity: Severity::Error,
    checks: "For every host: `model` has an HCL entry (assets data) for the release line (major.minor) of \
             `esx.release`, and, when `target_release` is set on another line, for that line too. Three states \
             (rules-v2): listed passes; not listed (the data knows the model and covers the line) is an error; not in \
             the reference data (an unknown model, or a line the data does not cover) is an info finding naming the \
             missing item, never an error. A host without a `model` is reported at info as not checkable. One \
             finding per host and release line.",
    why: "VMware supports ESX only on servers listed on the Compatibility Guide for that release; a VI3 (3.5) listing does \
          not imply a vSphere 4 listing, and older blades such as the BL20p G3 were never certified for ESX 4. An \
          unlisted host may lack drivers for its NICs, HBAs or Smart Array controller and gets no support from VMware \
          or HP when something fails.",
    example: "`esx01` is a `ProLiant BL20p G3` on ESX 3.5 U4 with `target_release: \"4.0 U1\"`; the HCL data lists it \
              for 3.5 only.",
    fix: "Pick a listed model or keep the host on the older release.",
    source: "S02 (VMware Compatibility Guide), UPG-08 (S-TT Siebert chapter, M)",
};

impl Rule for HclModelNotListed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, out: &mut Findings) {
        // Plans repeat a handful of models on hundreds of hosts: look each (model, line) up once.
        let mut listed: BTreeMap<(&str, (u8, u8)), Listing> = BTreeMap::new();
        for (&host_id, host) in &ctx.project.hosts {
            let model = host.model.trim();
            let current = host.esx.release;
            let target = host
                .target_release
                .filter(|target| target.line() != current.line());
            if model.is_empty() {
                out.add_at(
                    &META,
                    Severity::Info,
                    host_id,
                    format!(
                        "{} has no server model recorded, so its HCL listing for ESX {} cannot be checked",
                        ctx.host_label(host_id),
                        host.target_release.unwrap_or(current)
                    ),
                );
                continue;
            }
            for (release, what) in std::iter::once((current, "running"))
                .chain(target.map(|target| (target, "planned onto")))
            {
                match listing(&mut listed, ctx, model, release) {
                    Listing::Listed => {}
                    Listing::NotListed => out.add(
                        &META,
                        host_id,
                        format!(
                            "{} is a {model} {what} ESX {release}, and the HCL does not list that model for ESX {}",
                            ctx.host_label(host_id),
                            line(release)
                        ),
                    ),
                    Listing::Unknown => out.add_at(
                        &META,
                        Severity::Info,
                        host_id,
                        format!(
                            "{} is a {model} {what} ESX {release}: not in reference data: {model} for ESX {}, so its listing is unknown",
                            ctx.host_label(host_id),
                            line(release)
                        ),
                    ),
                }
            }
        }
    }
}

fn listing<'a>(
    cache: &mut BTreeMap<(&'a str, (u8, u8)), Listing>,
    ctx: &Context<'_>,
    model: &'a str,
    release: Release,
) -> Listing {
    *cache
        .entry((model, release.line()))
        .or_insert_with(|| ctx.reference.hcl_status(model, release))
}

/// The release line of a release, as the HCL names it: "4.0".
fn line(release: Release) -> Release {
    let (major, minor) = release.line();
    Release::new(major, minor)
}
