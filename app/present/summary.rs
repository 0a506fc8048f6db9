//! The one-page management summary: a self-contained HTML page with the key figures, cluster readiness, the top
//! risks with their fixes, the timeline, capacity during the upgrade and the ESX version mix, the charts embedded
//! as base64 PNG. Every user string is escaped.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::export::document::html;
use crate::model::ObjectRef;
use crate::report::object_label;
use crate::rules::{Finding, Severity, registry};
use crate::wording;

use super::charts::{Chart, ChartKind};
use super::readiness::{self, ReadinessKind};
use super::{Inputs, PresentError, schedule};

/// Width of the embedded charts: drawn at slide size, shown at page width.
const CHART_WIDTH: u32 = 1600;
/// Height of the embedded charts with no reason to be shorter.
const CHART_HEIGHT: u32 = 900;
/// Risks listed.
const TOP_RISKS: usize = 8;

/// What a finding does to operations, least first: the top risks are ranked by it before severity and count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Impact {
    /// Advice, or an error the plan removes before any stage runs into it.
    Other,
    /// An error the simulation meets in a stage: the stage cannot be carried out as planned.
    FailedStage,
    /// FT or HA protection, or a redundant storage path, is lost: a failure would no longer be absorbed.
    LostProtection,
    /// VMs go down or cannot restart: a failure domain takes them (FD), an operation takes hosts down whose VMs
    /// do not fit elsewhere (CAP-01 during a wave or step), hosts lose their LUNs, or VMs cannot power on.
    Outage,
}

/// Rules whose findings mean an outage or lost protection, by ID prefix, at or above a severity. The catalogue
/// marks the failure-domain rules as warnings although what they describe is VMs down, so they count from
/// warning; the FT and HA families lose protection only at error (their warnings are advice).
const IMPACT_RULES: &[(&str, Impact, Severity)] = &[
    ("FD-", Impact::Outage, Severity::Warning),
    ("STO-04", Impact::Outage, Severity::Error),
    ("VC-09", Impact::Outage, Severity::Error),
    ("VC-10", Impact::Outage, Severity::Warning),
    ("LIC-04", Impact::Outage, Severity::Error),
    ("FT-", Impact::LostProtection, Severity::Error),
    ("CPU-FT-", Impact::LostProtection, Severity::Error),
    ("MIX-02", Impact::LostProtection, Severity::Error),
    ("HA-", Impact::LostProtection, Severity::Error),
    ("CAP-01", Impact::LostProtection, Severity::Warning),
    ("CAP-04", Impact::LostProtection, Severity::Warning),
    ("STO-01", Impact::LostProtection, Severity::Warning),
];

impl Impact {
    /// The impact of a finding. `during_operation`: seen while a wave or step has hosts down; `in_stage`: seen
    /// anywhere in the simulated stages (not only today).
    pub fn of(finding: &Finding, during_operation: bool, in_stage: bool) -> Self {
        if finding.rule == "CAP-01" && during_operation {
            // Hosts are down and the VMs no longer fit with failover held back: evacuation stalls and a failure
            // in the window leaves VMs that HA cannot restart.
            return Self::Outage;
        }
        let listed = IMPACT_RULES
            .iter()
            .filter(|(prefix, _, floor)| {
                finding.rule.starts_with(prefix) && finding.severity >= *floor
            })
            .map(|(_, impact, _)| *impact)
            .max();
        let stage = (in_stage && finding.severity == Severity::Error).then_some(Self::FailedStage);
        listed.max(stage).unwrap_or(Self::Other)
    }

    /// The words in the summary: "outage", "lost protection", "failed stage", "other".
    pub fn label(self) -> &'static str {
        match self {
            Self::Outage => "outage",
            Self::LostProtection => "lost protection",
            Self::FailedStage => "failed stage",
            Self::Other => "other",
        }
    }
}

/// One rule's findings folded into a risk line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Risk {
    pub rule: &'static str,
    /// The worst impact of its findings.
    pub impact: Impact,
    pub severity: Severity,
    /// Distinct objects it hits.
    pub objects: usize,
    /// Where it shows: "today", "stage 6".
    pub when: Vec<String>,
    /// One example, "host esx03 (host#3): ...".
    pub example: String,
    pub fix: String,
}

/// The risks of a plan, worst first: errors and warnings of today and those the plan's stages bring in, one line
/// per rule, ranked by operational impact (outage, lost protection, failed stage), then severity, then the number
/// of objects hit.
pub fn risks(inputs: &Inputs<'_>) -> Vec<Risk> {
    struct Acc<'a> {
        impact: Impact,
        severity: Severity,
        objects: BTreeSet<ObjectRef>,
        when: Vec<String>,
        first: &'a Finding,
    }
    let mut by_rule: BTreeMap<&'static str, Acc<'_>> = BTreeMap::new();
    let today = inputs.findings.iter().map(|f| ("today".to_owned(), f));
    // Every finding any stage meets (new or carried over), with whether hosts were down then.
    let mut in_stages: BTreeMap<(&'static str, ObjectRef), bool> = BTreeMap::new();
    for found in inputs.simulation.stages.iter().flat_map(|s| &s.findings) {
        *in_stages
            .entry((found.finding.rule, found.finding.object))
            .or_default() |= !found.at_stage_end();
    }
    let staged = inputs.simulation.stages.iter().flat_map(|stage| {
        stage
            .findings
            .iter()
            .filter(|f| f.new)
            .map(move |f| (format!("stage {}", stage.index), &f.finding))
    });
    for (when, finding) in today.chain(staged) {
        if finding.severity == Severity::Info {
            continue;
        }
        let staged = in_stages.get(&(finding.rule, finding.object)).copied();
        let impact = Impact::of(finding, staged == Some(true), staged.is_some());
        let acc = by_rule.entry(finding.rule).or_insert_with(|| Acc {
            impact,
            severity: finding.severity,
            objects: BTreeSet::new(),
            when: Vec::new(),
            first: finding,
        });
        if finding.severity > acc.severity {
            acc.severity = finding.severity;
            acc.first = finding;
        }
        acc.impact = acc.impact.max(impact);
        acc.objects.insert(finding.object);
        if !acc.when.contains(&when) {
            acc.when.push(when);
        }
    }
    let mut out: Vec<Risk> = by_rule
        .into_iter()
        .map(|(rule, acc)| Risk {
            rule,
            impact: acc.impact,
            severity: acc.severity,
            objects: acc.objects.len(),
            when: acc.when,
            example: format!(
                "{}: {}",
                object_label(inputs.project, acc.first.object),
                acc.first.message
            ),
            fix: acc.first.fix.to_string(),
        })
        .collect();
    out.sort_by(|a, b| {
        b.impact
            .cmp(&a.impact)
            .then_with(|| b.severity.cmp(&a.severity))
            .then_with(|| b.objects.cmp(&a.objects))
            .then_with(|| a.rule.cmp(b.rule))
    });
    out
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn chart_img(
    inputs: &Inputs<'_>,
    kind: ChartKind,
    height: u32,
    alt: &str,
) -> Result<String, PresentError> {
    let png = super::render_png(
        &Chart {
            kind,
            inputs: *inputs,
        },
        CHART_WIDTH,
        height,
    )?;
    Ok(format!(
        "<img class=\"chart\" alt=\"{}\" width=\"{CHART_WIDTH}\" height=\"{height}\" src=\"data:image/png;base64,{}\">\n",
        html(alt),
        base64(&png)
    ))
}

/// One key figure of the summary: its value, its label and the one definition every count of it follows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    pub label: String,
    pub value: String,
    pub definition: String,
    /// Green when true, red when false, neutral when `None`.
    pub good: Option<bool>,
}

/// Distinct error findings (one rule on one object) of today's check.
pub fn errors_today(findings: &[Finding]) -> usize {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.rule, f.object))
        .collect::<BTreeSet<_>>()
        .len()
}

/// The key figures of the summary, in the order of its tiles.
pub fn key_figures(inputs: &Inputs<'_>, clusters: &[readiness::ClusterReadiness]) -> Vec<Figure> {
    let project = inputs.project;
    let counts = crate::stats::counts(project);
    let count = |name: &str| counts.get(name).copied().unwrap_or(0);
    let errors_today = errors_today(inputs.findings);
    let errors_plan = inputs.simulation.errors();
    let timeline = &inputs.simulation.timeline;
    let mut figures = vec![
        Figure {
            label: "hosts".to_owned(),
            value: project.hosts.len().to_string(),
            definition: "ESX hosts in the plan, blades and rack servers, whatever their state (as dcplan stats counts them).".to_owned(),
            good: None,
        },
        Figure {
            label: "clusters".to_owned(),
            value: project.clusters.len().to_string(),
            definition: "Clusters in the plan.".to_owned(),
            good: None,
        },
        Figure {
            label: "VMs".to_owned(),
            value: count("vms").to_string(),
            definition: format!(
                "Every VM in the plan, templates and powered-off VMs included: {} powered off (their hardware is upgraded without a guest boot) and {} templates, which the Tools and hardware stages leave as they are (a template is converted to a VM to be upgraded).",
                count("vms_powered_off"),
                count("vm_templates")
            ),
            good: None,
        },
        Figure {
            label: "error findings today".to_owned(),
            value: errors_today.to_string(),
            definition: "Distinct error findings of today's design: one rule on one object is one finding.".to_owned(),
            good: Some(errors_today == 0),
        },
        Figure {
            label: "error findings during the plan".to_owned(),
            value: errors_plan.to_string(),
            definition: "Distinct error findings over every simulated stage, wave and operation: one rule on one object is one finding, however many stages it persists through. The timeline header, the runbook and dcplan plan count the same way.".to_owned(),
            good: Some(errors_plan == 0),
        },
        Figure {
            label: "hours from start to finish".to_owned(),
            value: format!("{:.0}", timeline.end),
            definition: format!(
                "From the start of the first stage to the end of the last, from the plan's timing model (the same figure the timeline chart and the runbook give): {}. {:.0} of them have work going on; the rest are gaps between maintenance windows.",
                crate::planner::timing::assumptions(&project.timing),
                timeline.busy
            ),
            good: None,
        },
    ];
    for kind in ReadinessKind::ALL {
        let (ready, not) = readiness::counts(clusters, kind);
        figures.push(Figure {
            label: format!("clusters {}", kind.label()),
            value: format!("{ready} of {}", clusters.len()),
            definition: format!(
                "Clusters {} as the readiness section below defines it.",
                kind.label()
            ),
            good: Some(not == 0),
        });
    }
    figures
}

/// The summary page.
pub fn html_page(inputs: &Inputs<'_>) -> Result<String, PresentError> {
    let project = inputs.project;
    let plan = schedule::schedule(inputs.plan, inputs.simulation);
    let clusters = readiness::readiness(project, inputs.plan, inputs.simulation, inputs.findings);
    let span = match plan.origin {
        Some(origin) => format!(
            ", {} to {}",
            schedule::time_label(Some(origin), 0.0),
            schedule::time_label(Some(origin), plan.end)
        ),
        None => String::new(),
    };
    let subtitle = format!(
        "Upgrade to vSphere {}: {}, {} in {}, about {:.0} hours from start to finish{span}.",
        inputs.plan.target,
        wording::count(inputs.plan.stages.len(), "stage", "stages"),
        wording::count(project.hosts.len(), "host", "hosts"),
        wording::count(project.clusters.len(), "cluster", "clusters"),
        plan.end
    );
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Upgrade summary: {}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<header><h1>{}</h1>\n<p class=\"subtitle\">{}</p></header>\n",
        html(&project.name),
        html(&project.name),
        html(&subtitle)
    );

    // Key figures, each with the one definition the page states below them.
    let figures = key_figures(inputs, &clusters);
    out.push_str("<section class=\"tiles\">\n");
    for figure in &figures {
        let class = match figure.good {
            Some(true) => "good",
            Some(false) => "bad",
            None => "",
        };
        let _ = writeln!(
            out,
            "<div class=\"tile {class}\"><div class=\"value\">{}</div><div class=\"label\">{}</div></div>",
            html(&figure.value),
            html(&figure.label)
        );
    }
    out.push_str("</section>\n<details class=\"definitions\"><summary>How these figures are counted</summary>\n<dl>\n");
    for figure in &figures {
        let _ = writeln!(
            out,
            "<dt>{}</dt><dd>{}</dd>",
            html(&figure.label),
            html(&figure.definition)
        );
    }
    out.push_str("</dl>\n</details>\n");

    // Readiness.
    out.push_str("<section>\n<h2>Cluster readiness</h2>\n");
    out.push_str(&chart_img(
        inputs,
        ChartKind::Readiness,
        (420 + 48 * clusters.len()).clamp(560, 900) as u32,
        "Cluster readiness chart",
    )?);
    let not_ready: Vec<&readiness::ClusterReadiness> =
        clusters.iter().filter(|c| c.not_ready() > 0).collect();
    if !not_ready.is_empty() {
        out.push_str("<table>\n<thead><tr><th>Cluster</th>");
        for kind in ReadinessKind::ALL {
            let _ = write!(out, "<th>{}</th>", html(kind.label()));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for cluster in not_ready.iter().take(12) {
            let _ = write!(out, "<tr><td>{}</td>", html(&cluster.name));
            for kind in ReadinessKind::ALL {
                let blockers = cluster.blockers(kind);
                if blockers == 0 {
                    out.push_str("<td class=\"good\">ready</td>");
                } else {
                    let _ = write!(
                        out,
                        "<td class=\"bad\">{}</td>",
                        html(&wording::count(blockers, "blocker", "blockers"))
                    );
                }
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
        if not_ready.len() > 12 {
            let _ = writeln!(
                out,
                "<p class=\"note\">and {} more clusters not ready for everything.</p>",
                not_ready.len() - 12
            );
        }
    }
    out.push_str(
        "<p class=\"note\">FT-ready: no error of FT-CL, FT-HO, FT-NET or CPU-FT on the cluster, its hosts or VMs when the plan is done, and the FT the design asks for is running then. vMotion/EVC-ready: no error of VMO, CPU-EVC or CPU-VM then. Upgrade-ready: no error of UPG, MIX, CAP or HCL on them or their vCenter at any stage.</p>\n</section>\n",
    );

    // Top risks.
    out.push_str("<section>\n<h2>Top risks and their fixes</h2>\n");
    let risks = risks(inputs);
    if risks.is_empty() {
        out.push_str("<p>No error or warning finding today or during the plan.</p>\n");
    } else {
        out.push_str("<table class=\"risks\">\n<thead><tr><th>Impact</th><th>Severity</th><th>Rule</th><th>What</th><th>Objects</th><th>When</th><th>Fix</th></tr></thead>\n<tbody>\n");
        for risk in risks.iter().take(TOP_RISKS) {
            let title = registry::find(risk.rule).map_or("", |r| r.meta().title);
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"sev {sev}\">{sev}</td><td>{}</td><td><strong>{}</strong><br><span class=\"example\">{}</span></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                html(risk.impact.label()),
                html(risk.rule),
                html(title),
                html(&risk.example),
                risk.objects,
                html(&risk.when.join(", ")),
                html(&risk.fix),
                sev = risk.severity.as_str(),
            );
        }
        out.push_str("</tbody>\n</table>\n");
        if risks.len() > TOP_RISKS {
            let _ = writeln!(
                out,
                "<p class=\"note\">{} more rules with findings: see <code>dcplan check</code> and <code>dcplan plan</code>.</p>",
                risks.len() - TOP_RISKS
            );
        }
    }
    out.push_str("</section>\n");

    // Timeline.
    out.push_str("<section>\n<h2>Timeline</h2>\n");
    out.push_str(&chart_img(
        inputs,
        ChartKind::Timeline,
        CHART_HEIGHT,
        "Upgrade timeline chart",
    )?);
    let unscheduled = inputs
        .plan
        .stages
        .iter()
        .filter(|s| s.window.is_none())
        .count();
    let _ = writeln!(
        out,
        "<p>{} from start to finish{}; {} without a maintenance window.</p>\n</section>",
        html(&format!("About {:.0} hours", plan.end)),
        html(&span),
        html(&wording::count(unscheduled, "stage", "stages"))
    );

    // Capacity.
    out.push_str("<section>\n<h2>Capacity during the upgrade</h2>\n");
    out.push_str(&chart_img(
        inputs,
        ChartKind::Capacity,
        700,
        "Failover headroom chart",
    )?);
    let tightest = inputs
        .simulation
        .stages
        .iter()
        .flat_map(|s| s.capacity.iter().map(move |c| (c.margin(), s.index, c)))
        .min_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    if let Some((margin, stage, capacity)) = tightest {
        let name = project
            .clusters
            .get(&capacity.cluster)
            .map_or_else(|| capacity.cluster.to_string(), |c| c.name.clone());
        let verdict = if capacity.keeps_failover() {
            "every cluster keeps its HA failover capacity through the plan"
        } else {
            "at least one cluster runs below its HA failover capacity: see the risks"
        };
        let _ = writeln!(
            out,
            "<p>{}</p>",
            html(&format!(
                "Tightest moment: cluster {name} in stage {stage}, {} of {} hosts in maintenance, {:.0} % failover margin ({} GB failover memory for {} GB of VMs); {verdict}.",
                capacity.in_maintenance,
                capacity.hosts,
                margin * 100.0,
                capacity.failover_mb / 1024,
                capacity.demand_mb / 1024
            ))
        );
    }
    out.push_str("</section>\n");

    // Versions and findings.
    out.push_str("<section>\n<h2>ESX versions across the plan</h2>\n");
    out.push_str(&chart_img(
        inputs,
        ChartKind::Versions,
        CHART_HEIGHT,
        "ESX versions chart",
    )?);
    out.push_str("</section>\n<section>\n<h2>Findings today</h2>\n");
    out.push_str(&chart_img(
        inputs,
        ChartKind::Findings,
        700,
        "Findings chart",
    )?);
    out.push_str("</section>\n");
    out.push_str("<footer>Generated by dcplan from the plan file: the rule engine's findings today and in the simulated stages of the upgrade plan.</footer>\n</body>\n</html>\n");
    Ok(out)
}

const STYLE: &str = "body { font-family: 'DejaVu Sans', Arial, sans-serif; color: #1d2430; margin: 0 auto; max-width: 72rem; padding: 1.2rem 2rem; line-height: 1.4; }
header { border-bottom: 3px solid #1f5f99; margin-bottom: 1rem; }
h1 { color: #1f5f99; margin: 0.2rem 0; }
details.definitions { font-size: 0.9rem; color: #3a4556; margin: 0.4rem 0 1rem; }
details.definitions dt { font-weight: bold; margin-top: 0.4rem; }
details.definitions dd { margin: 0 0 0 1.2rem; }
h2 { color: #1f5f99; border-bottom: 1px solid #c9d4e0; padding-bottom: 0.2rem; margin-top: 1.6rem; }
.subtitle { color: #556; margin-top: 0; font-size: 1.1rem; }
.tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 0.6rem; }
.tile { background: #f3f6fa; border: 1px solid #d5dde8; border-left: 6px solid #1f5f99; padding: 0.5rem 0.8rem; }
.tile .value { font-size: 1.8rem; font-weight: bold; }
.tile .label { color: #556; }
.tile.good { border-left-color: #27ae60; }
.tile.bad { border-left-color: #c0392b; }
img.chart { width: 100%; height: auto; border: 1px solid #d5dde8; }
table { border-collapse: collapse; margin: 0.6rem 0; font-size: 0.92rem; width: 100%; }
th, td { border: 1px solid #c9d4e0; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #e8eef5; }
td.good { background: #e3f5ea; color: #1e7a45; }
td.bad { background: #fbe5e2; color: #962d22; }
td.sev { font-weight: bold; text-transform: uppercase; font-size: 0.8rem; }
td.sev.error { color: #c0392b; }
td.sev.warning { color: #b35c0c; }
.example { color: #556; font-size: 0.85rem; }
.note { color: #556; font-size: 0.9rem; }
footer { margin-top: 2rem; color: #778; font-size: 0.85rem; border-top: 1px solid #c9d4e0; padding-top: 0.5rem; }
@media print { body { max-width: none; padding: 0; } section { page-break-inside: avoid; } }
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
