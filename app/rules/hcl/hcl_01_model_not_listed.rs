//! HCL-01: every host model is on the VMware Compatibility Guide for the ESX release line it runs or is planned onto.

use std::collections::BTreeMap;

use crate::model::Release;
use crate::refdata::Listing;
use crate::rules::unknown::Unknowns;
use crate::rules::{Context, Findings, Reach, Rule, RuleMeta, Severity};

/// A host whose server model is not on the HCL for its ESX release line (current or planned).
pub struct HclModelNotListed;

static META: RuleMeta = RuleMeta {
    id: "HCL-01",
    name: "host-model-not-on-hcl",
    title: "A host's server model is not on the HCL for the ESX release it runs or is planned onto",
    severity: Severity::Error,
    reach: Reach::Cluster,
    checks: "For every host: `model` against the HCL entries of the reference data for the release it runs \
             (`esx.release`) and, when `target_release` is set on another line, the one it is planned onto. Three \
             states (rules-v2): listed (an entry of that release line lists the model from that update or earlier) \
             passes; not listed (an entry says the guide does not list it on that line, or lists it only from a \
             later update) is an error, one per host and release; not in the reference data (no entry for the model \
             on that line) is one info finding per model and line naming the hosts, never an error. Hosts without \
             a `model` are reported at info as not checkable, once per release.",
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
        // Plans repeat a handful of models on hundreds of hosts: look each (model, release) up once.
        let mut listed: BTreeMap<(&str, Release), Listing> = BTreeMap::new();
        let mut unknowns = Unknowns::new();
        let mut unrecorded = Unknowns::new();
        for (&host_id, host) in &ctx.project.hosts {
            let model = host.model.trim();
            let current = host.esx.release;
            let target = host
                .target_release
                .filter(|target| target.line() != current.line());
            if model.is_empty() {
                unrecorded.note(
                    format!("ESX {}", host.target_release.unwrap_or(current)),
                    host_id,
                    &host.name,
                );
                continue;
            }
            for (release, what) in std::iter::once((current, "running"))
                .chain(target.map(|target| (target, "planned onto")))
            {
                match listing(&mut listed, ctx, model, release) {
                    Listing::Listed => {}
                    Listing::NotListed => {
                        let reason = match ctx.reference.hcl_listed_from(model, release) {
                            Some(from) => {
                                format!("the HCL lists that model only from ESX {from} on")
                            }
                            None => format!(
                                "the HCL does not list that model for ESX {}",
                                line(release)
                            ),
                        };
                        out.add(
                            &META,
                            host_id,
                            format!(
                                "{} is a {model} {what} ESX {release}, and {reason}",
                                ctx.host_label(host_id),
                            ),
                        );
                    }
                    Listing::Unknown => unknowns.note(
                        format!("{model} for ESX {}", line(release)),
                        host_id,
                        &host.name,
                    ),
                }
            }
        }
        unknowns.report(&META, out, |unknown| {
            format!(
                "{}, so the HCL listing of {} is unknown",
                unknown.missing(),
                unknown.names
            )
        });
        unrecorded.report(&META, out, |unknown| {
            format!(
                "no server model is recorded for {}, so the HCL listing for {} cannot be checked",
                unknown.names, unknown.item
            )
        });
    }
}

fn listing<'a>(
    cache: &mut BTreeMap<(&'a str, Release), Listing>,
    ctx: &Context<'_>,
    model: &'a str,
    release: Release,
) -> Listing {
    *cache
        .entry((model, release))
        .or_insert_with(|| ctx.reference.hcl_status(model, release))
}

/// The release line of a release, as the HCL names it: "4.0".
fn line(release: Release) -> Release {
    let (major, minor) = release.line();
    Release::new(major, minor)
}
