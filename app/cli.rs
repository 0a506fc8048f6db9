//! Command-line interface: the `dcplan` subcommands (check, plan, runbook, render, chart, summary, import,
//! stats, generate, fmt...) over the library, each printing sorted, deterministic output.
//!
//! Exit codes: 0 success (no error finding), 1 at least one error finding, 2 the input could not be read or used.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use dcplan::generate::{self, Preset};
use dcplan::io::{LoadError, PlanFile, locate_object};
use dcplan::model::{Project, UpgradePlan};
use dcplan::refdata::ReferenceData;
use dcplan::rules::{self, Severity, registry};
use dcplan::{export, planner, report, stats};

/// Design VMware vSphere 4 datacenters on HP c-Class and EVA, check them against the rule catalogue.
#[derive(Parser)]
#[command(name = "dcplan", version, about, long_about = None)]
struct Cli {
    /// Reference data file laid over the bundled data (FT groups, EVC, HCL, builds, limits).
    /// Defaults to $XDG_CONFIG_HOME/dcplan/reference.ron when that file exists.
    #[arg(long, global = true, value_name = "FILE")]
    reference: Option<PathBuf>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
    Sarif,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Check a plan against every rule; exit 1 when there is an error finding.
    Check {
        plan: PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
        /// Print the time each rule took to stderr, slowest first.
        #[arg(long)]
        timings: bool,
        /// Check the projected state of an upgrade stage (its number, from 0) or of every stage (`all`).
        #[arg(long, value_name = "N|all")]
        stage: Option<String>,
    },
    /// Print the upgrade plan, simulated stage by stage; exit 1 when a stage has an error finding.
    Plan {
        plan: PathBuf,
        /// Generate a plan from the current estate when the file has none (or always, with --write).
        #[arg(long)]
        auto: bool,
        /// Save the generated plan into the plan file.
        #[arg(long, requires = "auto")]
        write: bool,
        #[arg(long, value_enum, default_value = "text")]
        format: ListFormat,
    },
    /// Write the upgrade runbook as Markdown or a self-contained HTML page (by the file's extension).
    Runbook {
        plan: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Draw the topology (today, or after stage N of the upgrade plan) as PNG or SVG, by the file's extension.
    Render {
        plan: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
        /// The estate as it stands after this stage (from 0); the saved plan, or an auto-plan.
        #[arg(long)]
        stage: Option<usize>,
        /// Width in pixels; the height follows the picture's proportions unless --height is given.
        #[arg(long, default_value_t = 1920)]
        width: u32,
        #[arg(long)]
        height: Option<u32>,
        /// Draw only this site (by name).
        #[arg(long, conflicts_with = "group")]
        site: Option<String>,
        /// Draw only this rack or enclosure group of the overview, in full detail (a rack's name, or "Group 3").
        #[arg(long)]
        group: Option<String>,
        /// Overview (racks or enclosure groups as tiles), full detail, or auto: the detail when it is legible at
        /// the width.
        #[arg(long, value_enum, default_value = "auto")]
        view: ViewArg,
    },
    /// Draw a management chart of the plan as PNG or SVG, by the file's extension.
    Chart {
        plan: PathBuf,
        #[arg(long, value_enum)]
        kind: ChartArg,
        #[arg(short, long)]
        output: PathBuf,
        #[arg(long, default_value_t = 1600)]
        width: u32,
        #[arg(long, default_value_t = 900)]
        height: u32,
    },
    /// Write the one-page management summary: self-contained HTML with the charts embedded.
    Summary {
        plan: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
    },
    /// List every rule with its ID, default severity, title and source.
    Rules {
        #[arg(long, value_enum, default_value = "text")]
        format: ListFormat,
    },
    /// Print a rule's documentation.
    Explain {
        /// A catalogue ID, e.g. FT-VM-02.
        id: String,
    },
    /// Count what a plan holds.
    Stats {
        plan: PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: ListFormat,
    },
    /// Write a generated plan.
    Generate {
        /// The preset to generate: vmworld2009 (776 hosts, 37,248 VMs), vmworld2009x10 (ten such halls: 7,760 hosts,
        /// 372,480 VMs), or either with -esx35 (vmworld2009-esx35, vmworld2009x10-esx35: the estate before its upgrade).
        #[arg(long)]
        preset: Preset,
        /// Where to write the plan.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Start a plan from an inventory of the running estate; prints the import report.
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
    /// Open a plan in the designer window.
    Open { plan: PathBuf },
    /// Summarise the reference data in force: entries per table, how many are verified against their source.
    Reference,
    /// Rewrite a plan file in the canonical order and layout (what every save writes).
    Fmt {
        plan: PathBuf,
        /// Only report whether the file is canonical; exit 1 when it is not.
        #[arg(long)]
        check: bool,
    },
}

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let command = match cli.command {
        None => return open_designer(None, cli.reference),
        Some(Command::Open { plan }) => return open_designer(Some(plan), cli.reference),
        Some(command) => command,
    };
    match execute(command, cli.reference.as_deref()) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{}", dcplan::wording::terminal_safe(&message));
            ExitCode::from(2)
        }
    }
}

#[cfg(feature = "gui")]
fn open_designer(plan: Option<PathBuf>, reference: Option<PathBuf>) -> ExitCode {
    match dcplan::ui::run(plan, reference) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{err:#}");
            ExitCode::from(2)
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_designer(_plan: Option<PathBuf>, _reference: Option<PathBuf>) -> ExitCode {
    eprintln!(
        "this dcplan was built without the `gui` feature; use a subcommand (see `dcplan --help`)"
    );
    ExitCode::from(2)
}

fn load_reference(explicit: Option<&Path>) -> Result<ReferenceData, LoadError> {
    ReferenceData::in_force(explicit).map(|in_force| in_force.data)
}

fn execute(command: Command, reference: Option<&Path>) -> Result<ExitCode, String> {
    let mut stdout = std::io::stdout().lock();
    // Names come from plans and exports: an escape sequence in one must not reach the terminal raw.
    let mut emit = |text: &str| -> Result<(), String> {
        stdout
            .write_all(dcplan::wording::terminal_safe(text).as_bytes())
            .map_err(|err| format!("cannot write output: {err}"))
    };
    match command {
        Command::Check {
            plan,
            format,
            timings: _,
            stage: Some(stage),
        } => check_stages(&plan, &stage, format, reference, &mut emit),
        Command::Plan {
            plan,
            auto,
            write,
            format,
        } => plan_command(&plan, auto, write, format, reference, &mut emit),
        Command::Runbook { plan, output } => {
            check_output(Some(&plan), &output, &["md", "markdown", "html", "htm"])?;
            runbook_command(&plan, &output, reference)
        }
        Command::Render {
            plan,
            output,
            stage,
            width,
            height,
            site,
            group,
            view,
        } => {
            check_output(Some(&plan), &output, &["png", "svg"])?;
            present_command(
                &plan,
                &output,
                reference,
                Present::Render(Render {
                    stage,
                    width,
                    height,
                    site,
                    group,
                    view,
                }),
            )
        }
        Command::Chart {
            plan,
            kind,
            output,
            width,
            height,
        } => {
            check_output(Some(&plan), &output, &["png", "svg"])?;
            present_command(
                &plan,
                &output,
                reference,
                Present::Chart(kind, width, height),
            )
        }
        Command::Summary { plan, output } => {
            check_output(Some(&plan), &output, &["html", "htm"])?;
            present_command(&plan, &output, reference, Present::Summary)
        }
        Command::Check {
            plan,
            format,
            timings,
            stage: None,
        } => {
            let reference = load_reference(reference).map_err(|e| e.to_string())?;
            let text =
                std::fs::read(&plan).map_err(|err| LoadError::io(&plan, &err).to_string())?;
            let text = String::from_utf8_lossy(&text).into_owned();
            let file = PlanFile::parse(&text, &plan).map_err(|e| e.to_string())?;
            let findings = rules::check(&file.project, &reference, &file.rules);
            if timings {
                for (rule, time) in rules::timings(&file.project, &reference) {
                    eprintln!("{:>10.3} ms  {rule}", time.as_secs_f64() * 1000.0);
                }
            }
            let shown = plan.display().to_string();
            let output = match format {
                CheckFormat::Text => report::text(&file.project, &findings),
                CheckFormat::Json => pretty_json(&report::json(&file.project, &shown, &findings)),
                CheckFormat::Sarif => {
                    pretty_json(&report::sarif(&file.project, &shown, &findings, |object| {
                        locate_object(&text, object).0
                    }))
                }
            };
            emit(&output)?;
            let failed = findings.iter().any(|f| f.severity == Severity::Error);
            leave_to_exit((file, text, findings, output));
            Ok(if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Rules { format } => {
            let output = match format {
                ListFormat::Text => {
                    let mut out = String::new();
                    for meta in registry::metas() {
                        out.push_str(&format!(
                            "{:<11} {:<7} {}\n",
                            meta.id,
                            meta.severity.as_str(),
                            meta.title
                        ));
                    }
                    out.push_str(&format!("{} rules\n", registry::rules().len()));
                    out
                }
                ListFormat::Json => {
                    let list: Vec<_> = registry::metas()
                        .map(|m| {
                            serde_json::json!({
                                "id": m.id,
                                "name": m.name,
                                "severity": m.severity.as_str(),
                                "title": m.title,
                                "source": m.source,
                            })
                        })
                        .collect();
                    pretty_json(&serde_json::Value::Array(list))
                }
            };
            emit(&output)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { id } => match registry::find(&id) {
            Some(rule) => {
                emit(&rule.meta().explanation())?;
                Ok(ExitCode::SUCCESS)
            }
            None if registry::reference(&id).is_some() => {
                let now = registry::reference(&id).unwrap_or_default();
                emit(&format!(
                    "# {id}\n\nA reference now (rules-v2 overlap table: one finding per fact). Its fact is reported by {}; see `dcplan explain` for each. An override or suppression of {id} in a plan applies to them.\n",
                    now.join(" and ")
                ))?;
                Ok(ExitCode::SUCCESS)
            }
            None => Err(format!(
                "unknown rule `{id}`; `dcplan rules` lists the {} rules",
                registry::rules().len()
            )),
        },
        Command::Stats { plan, format } => {
            let file = PlanFile::load(&plan).map_err(|e| e.to_string())?;
            let counts = stats::counts(&file.project);
            let output = match format {
                ListFormat::Text => {
                    let mut out = format!("{}\n", file.project.name);
                    for (name, count) in &counts {
                        out.push_str(&format!("  {name:<16} {count}\n"));
                    }
                    out
                }
                ListFormat::Json => pretty_json(&serde_json::to_value(&counts).unwrap_or_default()),
            };
            emit(&output)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Generate { preset, output } => {
            check_output(None, &output, &["ron"])?;
            let project = generate::generate(preset);
            PlanFile::new(project)
                .save(&output)
                .map_err(|err| format!("{err:#}"))?;
            eprintln!("wrote {}", output.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Open { .. } => Ok(ExitCode::SUCCESS),
        Command::Import {
            source: ImportSource::Rvtools { export, output },
        } => import_rvtools(&export, &output, reference, &mut emit),
        Command::Fmt { plan, check } => {
            let before = std::fs::read_to_string(&plan)
                .map_err(|err| LoadError::io(&plan, &err).to_string())?;
            let file = PlanFile::parse(&before, &plan).map_err(|e| e.to_string())?;
            let after = file
                .to_ron()
                .map_err(|err| format!("cannot serialise the plan: {err}"))?;
            if before == after {
                return Ok(ExitCode::SUCCESS);
            }
            if check {
                emit(&format!("{} is not in canonical form\n", plan.display()))?;
                return Ok(ExitCode::from(1));
            }
            file.save(&plan).map_err(|err| format!("{err:#}"))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Reference => {
            let in_force = ReferenceData::in_force(reference).map_err(|e| e.to_string())?;
            let mut out = format!(
                "reference data: {}\n\ntable               entries  verified  unverified\n",
                in_force.source()
            );
            let mut total = dcplan::refdata::TableSummary::default();
            for (table, counts) in in_force.data.summary() {
                out.push_str(&format!(
                    "{table:<19} {:>7}  {:>8}  {:>10}\n",
                    counts.entries,
                    counts.verified,
                    counts.unverified()
                ));
                total.entries += counts.entries;
                total.verified += counts.verified;
            }
            out.push_str(&format!(
                "{:<19} {:>7}  {:>8}  {:>10}\n",
                "total",
                total.entries,
                total.verified,
                total.unverified()
            ));
            emit(&out)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The plan file and its upgrade plan: the saved one, or an auto-plan when asked for or when none is saved.
/// Where the upgrade plan of a command comes from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PlanSource {
    /// The plan saved in the file; none is an error.
    Saved,
    /// The saved plan, or an auto-plan when the file has none.
    SavedOrAuto,
    /// Always a fresh auto-plan.
    Auto,
}

/// The plan file, read once, and its upgrade plan; when the plan was generated here, also the estate the auto-plan
/// started from (today's, as a simulation starts it), so the simulation need not copy the design again.
fn load_with_plan(
    path: &Path,
    source: PlanSource,
    reference: &ReferenceData,
) -> Result<(PlanFile, UpgradePlan, Option<Project>), String> {
    let file = PlanFile::load(path).map_err(|e| e.to_string())?;
    let saved = match source {
        PlanSource::Auto => None,
        PlanSource::SavedOrAuto => file.project.upgrade.clone(),
        PlanSource::Saved => Some(file.project.upgrade.clone().ok_or_else(|| {
            format!(
                "{} has no upgrade plan; run `dcplan plan {} --auto` to generate one",
                path.display(),
                path.display()
            )
        })?),
    };
    let (plan, start) = match saved {
        Some(plan) => (plan, None),
        None => {
            let (plan, start) = planner::auto_plan_and_start(&file.project, reference);
            (plan, Some(start))
        }
    };
    Ok((file, plan, start))
}

/// The plan simulated from the estate the auto-plan started from when there is one, else from a copy of the
/// design; `observe` hears of each step and wave.
fn simulate_loaded(
    file: &PlanFile,
    plan: &UpgradePlan,
    start: Option<Project>,
    reference: &ReferenceData,
    observe: impl FnMut(&planner::simulate::ReplayEvent<'_>),
) -> planner::simulate::Simulation {
    let start = start.unwrap_or_else(|| planner::projection::current_state(&file.project));
    planner::simulate::simulate_observing_from(
        &file.project,
        start,
        plan,
        reference,
        &file.rules,
        observe,
    )
}

fn plan_command(
    path: &Path,
    auto: bool,
    write: bool,
    format: ListFormat,
    reference: Option<&Path>,
    emit: &mut dyn FnMut(&str) -> Result<(), String>,
) -> Result<ExitCode, String> {
    let reference = load_reference(reference).map_err(|e| e.to_string())?;
    let source = if auto {
        PlanSource::Auto
    } else {
        PlanSource::SavedOrAuto
    };
    let (mut file, plan, start) = load_with_plan(path, source, &reference)?;
    // The step texts are written from the estate the simulation's walk stands on before each step.
    let mut texts = planner::report::StepTexts::new(&plan);
    let simulation = simulate_loaded(&file, &plan, start, &reference, |event| {
        texts.observe(&plan, event)
    });
    let output = match format {
        ListFormat::Text => planner::report::text_with(&file.project, &plan, &simulation, &texts),
        ListFormat::Json => pretty_json(&planner::report::json_with(
            &file.project,
            &plan,
            &simulation,
            &texts,
        )),
    };
    emit(&output)?;
    if write {
        file.project.upgrade = Some(plan);
        file.save(path).map_err(|err| format!("{err:#}"))?;
        eprintln!("saved the plan into {}", path.display());
    }
    let failed = simulation.errors() > 0;
    leave_to_exit((file, simulation, texts));
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Leaves what a command loaded and worked out to the operating system: the output is written and the process
/// exits next, and freeing an estate allocation by allocation takes a quarter of a second at ten halls
/// (372,480 VMs) for nothing.
fn leave_to_exit<T>(done: T) {
    std::mem::forget(done);
}

fn check_stages(
    path: &Path,
    stage: &str,
    format: CheckFormat,
    reference: Option<&Path>,
    emit: &mut dyn FnMut(&str) -> Result<(), String>,
) -> Result<ExitCode, String> {
    let reference = load_reference(reference).map_err(|e| e.to_string())?;
    let (file, plan, _) = load_with_plan(path, PlanSource::Saved, &reference)?;
    let wanted: Option<usize> = match stage {
        "all" => None,
        number => Some(number.parse().map_err(|_| {
            format!("--stage takes a stage number from 0 or `all`, not `{number}`")
        })?),
    };
    if let Some(n) = wanted
        && n >= plan.stages.len()
    {
        return Err(format!(
            "{} has stages 0 to {}; there is no stage {n}",
            path.display(),
            plan.stages.len().saturating_sub(1)
        ));
    }
    let simulation = planner::simulate(&file.project, &plan, &reference, &file.rules);
    let chosen: Vec<&planner::StageOutcome> = simulation
        .stages
        .iter()
        .filter(|s| wanted.is_none_or(|n| n == s.index))
        .collect();
    let output = match format {
        CheckFormat::Text => {
            let mut out = String::new();
            for outcome in &chosen {
                out.push_str(&format!("stage {} ({}):\n", outcome.index, outcome.title));
                let findings: Vec<_> = outcome.findings.iter().map(|f| f.finding.clone()).collect();
                for line in report::text(&file.project, &findings).lines() {
                    out.push_str(&format!("  {line}\n"));
                }
            }
            out
        }
        CheckFormat::Json | CheckFormat::Sarif => {
            let findings: Vec<serde_json::Value> = chosen
                .iter()
                .flat_map(|outcome| {
                    outcome.findings.iter().map(|f| {
                        planner::report::stage_finding_json(&file.project, &plan, outcome.index, f)
                    })
                })
                .collect();
            pretty_json(&serde_json::json!({
                "plan": {"name": file.project.name, "path": path.display().to_string()},
                "findings": findings,
            }))
        }
    };
    emit(&output)?;
    let failed = chosen.iter().any(|s| s.count(Severity::Error) > 0);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn runbook_command(
    path: &Path,
    output: &Path,
    reference: Option<&Path>,
) -> Result<ExitCode, String> {
    let reference = load_reference(reference).map_err(|e| e.to_string())?;
    let (file, plan, start) = load_with_plan(path, PlanSource::SavedOrAuto, &reference)?;
    let simulation = simulate_loaded(&file, &plan, start, &reference, |_| {});
    export::runbook::write(output, &file.project, &plan, &simulation, &reference)
        .map_err(|err| err.to_string())?;
    eprintln!("wrote {}", output.display());
    leave_to_exit((file, plan, simulation));
    Ok(ExitCode::SUCCESS)
}

#[derive(Clone, Copy, ValueEnum)]
enum ChartArg {
    Readiness,
    Findings,
    Timeline,
    Capacity,
    Versions,
}

#[derive(Clone, Copy, ValueEnum)]
enum ViewArg {
    Auto,
    Overview,
    Detail,
}

/// What `render` draws.
struct Render {
    stage: Option<usize>,
    width: u32,
    height: Option<u32>,
    site: Option<String>,
    group: Option<String>,
    view: ViewArg,
}

enum Present {
    Render(Render),
    Chart(ChartArg, u32, u32),
    Summary,
}

/// `render`, `chart` and `summary`: pictures and the summary page of the plan (the saved one, or an auto-plan).
fn present_command(
    path: &Path,
    output: &Path,
    reference: Option<&Path>,
    what: Present,
) -> Result<ExitCode, String> {
    use dcplan::present::{self, ChartKind, Prepared, charts::Chart, topology::Topology};
    let reference = load_reference(reference).map_err(|e| e.to_string())?;
    let file = PlanFile::load(path).map_err(|e| e.to_string())?;
    let project = &file.project;
    match what {
        Present::Render(render) => {
            use present::topology::{Detail, Scope};
            let (state, caption) = match render.stage {
                None => (
                    planner::projection::current_state(project),
                    "today".to_owned(),
                ),
                Some(n) => {
                    let plan = planner::saved_or_auto(project, &reference);
                    let Some(title) = plan.stages.get(n).map(|s| s.title().to_owned()) else {
                        return Err(format!(
                            "{} has stages 0 to {}; there is no stage {n}",
                            path.display(),
                            plan.stages.len().saturating_sub(1)
                        ));
                    };
                    let state = planner::state_after(project, &plan, &reference, Some(n));
                    (state, format!("after stage {n} ({title})"))
                }
            };
            let findings = dcplan::rules::check(&state, &reference, &file.rules);
            let overview = present::overview::overview(&state, &findings);
            let scope = match (&render.site, &render.group) {
                (Some(name), _) => {
                    let Some((&id, _)) = state
                        .sites
                        .iter()
                        .find(|(_, s)| s.name.eq_ignore_ascii_case(name.trim()))
                    else {
                        let names: Vec<&str> =
                            state.sites.values().map(|s| s.name.as_str()).collect();
                        return Err(format!(
                            "{} has no site `{name}`; its sites: {}",
                            path.display(),
                            names.join(", ")
                        ));
                    };
                    Scope::Site(id)
                }
                (None, Some(name)) => {
                    let Some(tile) = overview.find(name) else {
                        let names: Vec<&str> = overview.tiles().map(|t| t.name.as_str()).collect();
                        return Err(format!(
                            "{} has no rack or enclosure group `{name}`; its groups: {}",
                            path.display(),
                            names.join(", ")
                        ));
                    };
                    Scope::Tile(tile)
                }
                (None, None) => Scope::All,
            };
            let detail = match render.view {
                ViewArg::Auto if render.group.is_some() => Detail::Full,
                ViewArg::Auto => Detail::Auto,
                ViewArg::Overview => Detail::Overview,
                ViewArg::Detail => Detail::Full,
            };
            let picture = Topology {
                project: &state,
                caption: &caption,
                findings: &findings,
                scope,
                detail,
            };
            let width = render.width;
            let height = render
                .height
                .unwrap_or_else(|| picture.natural_height(width));
            present::save(&picture, output, width, height).map_err(|e| e.to_string())?;
        }
        Present::Chart(kind, width, height) => {
            let kind = match kind {
                ChartArg::Readiness => ChartKind::Readiness,
                ChartArg::Findings => ChartKind::Findings,
                ChartArg::Timeline => ChartKind::Timeline,
                ChartArg::Capacity => ChartKind::Capacity,
                ChartArg::Versions => ChartKind::Versions,
            };
            let prepared = Prepared::new(project, &reference, &file.rules);
            let chart = Chart {
                kind,
                inputs: prepared.inputs(project),
            };
            present::save(&chart, output, width, height).map_err(|e| e.to_string())?;
        }
        Present::Summary => {
            let prepared = Prepared::new(project, &reference, &file.rules);
            let page = present::summary::html_page(&prepared.inputs(project))
                .map_err(|e| e.to_string())?;
            dcplan::io::write::write_atomic(output, page.as_bytes())
                .map_err(|err| err.to_string())?;
            leave_to_exit(prepared);
        }
    }
    eprintln!("wrote {}", output.display());
    leave_to_exit(file);
    Ok(ExitCode::SUCCESS)
}

/// Where `dcplan import` reads from.
#[derive(Subcommand)]
enum ImportSource {
    /// An RVTools export: an .xlsx workbook, or a folder of RVTools_tab<Tab>.csv files.
    Rvtools {
        /// The workbook or the folder of CSV files.
        export: PathBuf,
        /// Where to write the plan.
        #[arg(short, long)]
        output: PathBuf,
    },
}

/// `import rvtools`: the plan is written to `output`, the import report to stdout.
fn import_rvtools(
    export: &Path,
    output: &Path,
    reference: Option<&Path>,
    emit: &mut dyn FnMut(&str) -> Result<(), String>,
) -> Result<ExitCode, String> {
    check_output(Some(export), output, &["ron"])?;
    let reference = load_reference(reference).map_err(|e| e.to_string())?;
    let imported =
        dcplan::import::rvtools::import(export, &reference, &dcplan::import::Progress::new())
            .map_err(|err| err.to_string())?;
    PlanFile::new(imported.project)
        .save(output)
        .map_err(|err| format!("{err:#}"))?;
    emit(&imported.report.text())?;
    eprintln!("wrote {}", output.display());
    Ok(ExitCode::SUCCESS)
}

/// Refuses an output every command alike would not write: an extension the command does not produce, or the
/// command's own input (the same file by identity, through a link or another name).
fn check_output(input: Option<&Path>, output: &Path, extensions: &[&str]) -> Result<(), String> {
    let extension = output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !extension
        .as_deref()
        .is_some_and(|e| extensions.contains(&e))
    {
        let known: Vec<String> = extensions.iter().map(|e| format!(".{e}")).collect();
        return Err(format!(
            "{}: unknown output extension; this command writes {}",
            output.display(),
            known.join(", ")
        ));
    }
    match input {
        Some(input) => {
            dcplan::io::write::refuse_input_as_output(input, output).map_err(|e| e.to_string())
        }
        None => Ok(()),
    }
}

fn pretty_json(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
