//! Presenting plans: every chart kind in PNG and SVG for every sample (decoded, of the requested size, not blank),
//! the topology picture of the ESX 3.5 sample, pictures of empty plans, deterministic bytes, the summary page's
//! escaping, and the `render`, `chart` and `summary` commands end to end.
//!
//! Pictures are also written to `target/tmp/present/` for a person to look at.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test stops loudly when its input is broken"
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use dcplan::io::PlanFile;
use dcplan::model::{Project, UpgradePlan, Window};
use dcplan::planner::{self, Simulation};
use dcplan::present::{self, ChartKind, Prepared, charts, schedule, summary, topology};
use dcplan::refdata::ReferenceData;

mod support;
use support::dcplan;

fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("present");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn samples() -> Vec<(String, PlanFile)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/samples");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "ron"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 3, "the samples are there");
    paths
        .into_iter()
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            (name, PlanFile::load(&path).unwrap())
        })
        .collect()
}

fn reference() -> ReferenceData {
    ReferenceData::bundled().unwrap()
}

/// Width, height and RGB(A) pixels of a PNG.
fn decode(png: &[u8]) -> (u32, u32, Vec<u8>, usize) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).expect("PNG pixels");
    pixels.truncate(info.buffer_size());
    (info.width, info.height, pixels, info.color_type.samples())
}

/// The picture has drawn content: pixels off the white background (a chart with nothing to show still has its
/// title, axes and legend), and more than a handful of colours (anti-aliased text, bars).
fn assert_not_blank(what: &str, pixels: &[u8], samples: usize) {
    let total = pixels.len() / samples;
    let mut colours = BTreeSet::new();
    let mut inked = 0;
    for pixel in pixels.chunks(samples) {
        let rgb = (pixel[0], pixel[1], pixel[2]);
        if rgb != (255, 255, 255) {
            inked += 1;
        }
        if colours.len() < 1000 {
            colours.insert(rgb);
        }
    }
    let share = inked as f64 / total as f64;
    assert!(
        share > 0.005,
        "{what}: only {:.2} % of pixels drawn",
        share * 100.0
    );
    assert!(colours.len() > 16, "{what}: only {} colours", colours.len());
}

fn check_png(what: &str, png: &[u8], width: u32, height: u32) {
    let (w, h, pixels, samples) = decode(png);
    assert_eq!((w, h), (width, height), "{what}: size");
    assert_not_blank(what, &pixels, samples);
}

fn check_svg(what: &str, svg: &str, width: u32, height: u32) {
    assert!(svg.starts_with("<svg"), "{what}: an SVG document");
    assert!(
        svg.contains(&format!("width=\"{width}\""))
            && svg.contains(&format!("height=\"{height}\"")),
        "{what}: SVG size"
    );
    assert!(svg.matches("<text").count() >= 5, "{what}: SVG has text");
    assert!(
        svg.matches("<rect").count() + svg.matches("<polyline").count() >= 5,
        "{what}: SVG has shapes"
    );
    assert!(svg.trim_end().ends_with("</svg>"), "{what}: SVG closed");
}

#[test]
fn every_chart_renders_as_png_and_svg_for_every_sample() {
    let reference = reference();
    let dir = out_dir();
    for (name, file) in samples() {
        let prepared = Prepared::new(&file.project, &reference, &file.rules);
        for kind in ChartKind::ALL {
            let what = format!("{name} {}", kind.name());
            let (width, height) = (1600, 900);
            let png = charts::render_png(
                kind,
                &file.project,
                &prepared.plan,
                &prepared.simulation,
                &prepared.findings,
                width,
                height,
            )
            .unwrap();
            std::fs::write(dir.join(format!("{name}-{}.png", kind.name())), &png).unwrap();
            check_png(&what, &png, width, height);
            let svg = charts::render_svg(
                kind,
                &file.project,
                &prepared.plan,
                &prepared.simulation,
                &prepared.findings,
                width,
                height,
            )
            .unwrap();
            std::fs::write(dir.join(format!("{name}-{}.svg", kind.name())), &svg).unwrap();
            check_svg(&what, &svg, width, height);
            // Another size, smaller than a slide.
            let rgb = charts::render_rgb(
                kind,
                &file.project,
                &prepared.plan,
                &prepared.simulation,
                &prepared.findings,
                800,
                450,
            )
            .unwrap();
            assert_eq!(rgb.len(), 800 * 450 * 3, "{what}: RGB size");
            assert_not_blank(&what, &rgb, 3);
        }
    }
}

#[test]
fn the_esx35_topology_is_wide_and_names_every_enclosure_and_cluster() {
    let file = PlanFile::load(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/projects/samples/esx35-west.ron"
    )))
    .unwrap();
    let project = &file.project;
    let width = 1920;
    let height = topology::natural_height(project, width);
    let png = topology::render_png(project, "today", width, None).unwrap();
    check_png("esx35 topology", &png, width, height);
    assert!(width >= 1600);
    std::fs::write(out_dir().join("esx35-west-topology.png"), &png).unwrap();
    let svg = topology::render_svg(project, "today", width, None).unwrap();
    check_svg("esx35 topology", &svg, width, height);
    std::fs::write(out_dir().join("esx35-west-topology.svg"), &svg).unwrap();
    let texts: Vec<&str> = svg
        .split("<text")
        .skip(1)
        .filter_map(|t| {
            t.split_once('>')
                .map(|(_, rest)| rest.split("</text>").next().unwrap_or(""))
        })
        .map(str::trim)
        .collect();
    let shown = |name: &str| texts.iter().any(|t| t.starts_with(name));
    assert!(project.enclosures.len() >= 2 && project.clusters.len() >= 2);
    for enclosure in project.enclosures.values() {
        assert!(
            shown(&enclosure.name),
            "enclosure {} is named",
            enclosure.name
        );
    }
    for cluster in project.clusters.values() {
        assert!(shown(&cluster.name), "cluster {} is named", cluster.name);
    }
    for host in project.hosts.values() {
        assert!(shown(&host.name), "host {} is named", host.name);
    }
}

#[test]
fn the_topology_renders_at_every_stage_of_the_plan() {
    let reference = reference();
    for (name, file) in samples() {
        let plan = file
            .project
            .upgrade
            .clone()
            .unwrap_or_else(|| planner::auto_plan(&file.project, &reference));
        for stage in 0..plan.stages.len() {
            let state = planner::state_after(&file.project, &plan, &reference, Some(stage));
            let caption = format!("after stage {stage}");
            let png = topology::render_png(&state, &caption, 1600, Some(1000)).unwrap();
            check_png(
                &format!("{name} topology at stage {stage}"),
                &png,
                1600,
                1000,
            );
        }
    }
}

#[test]
fn pictures_are_the_same_bytes_every_time() {
    let reference = reference();
    let (_, file) = samples().into_iter().next().unwrap();
    let prepared = Prepared::new(&file.project, &reference, &file.rules);
    let inputs = prepared.inputs(&file.project);
    for kind in ChartKind::ALL {
        let chart = charts::Chart { kind, inputs };
        assert_eq!(
            present::render_png(&chart, 1200, 700).unwrap(),
            present::render_png(&chart, 1200, 700).unwrap()
        );
        assert_eq!(
            present::render_svg(&chart, 1200, 700).unwrap(),
            present::render_svg(&chart, 1200, 700).unwrap()
        );
    }
    assert_eq!(
        topology::render_png(&file.project, "", 1600, None).unwrap(),
        topology::render_png(&file.project, "", 1600, None).unwrap()
    );
}

#[test]
fn empty_plans_and_odd_sizes_draw_without_panicking() {
    let empty = Project::default();
    let plan = UpgradePlan::default();
    let simulation = Simulation::default();
    for kind in ChartKind::ALL {
        for (width, height) in [(1600, 900), (16, 16), (300, 2000), (4000, 200)] {
            let png =
                charts::render_png(kind, &empty, &plan, &simulation, &[], width, height).unwrap();
            assert_eq!(decode(&png).0, width);
            charts::render_svg(kind, &empty, &plan, &simulation, &[], width, height).unwrap();
        }
    }
    let png = topology::render_png(&empty, "", 800, None).unwrap();
    assert!(decode(&png).1 >= 16);
    topology::render_svg(&empty, "", 16, Some(16)).unwrap();
    assert!(matches!(
        charts::render_png(ChartKind::Readiness, &empty, &plan, &simulation, &[], 0, 10),
        Err(present::PresentError::Size(0, 10))
    ));
    assert!(topology::render_png(&empty, "", 100_000, Some(10)).is_err());
    assert!(
        topology::render_png(&empty, "", 16_000, Some(16_000)).is_err(),
        "256 million pixels are refused"
    );
    let page = summary::html_page(&present::Inputs {
        project: &empty,
        plan: &plan,
        simulation: &simulation,
        findings: &[],
    })
    .unwrap();
    assert!(page.contains("</html>"));
}

#[test]
fn the_timeline_places_stages_and_waves_in_their_windows() {
    let reference = reference();
    let file = PlanFile::load(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/projects/samples/esx35-west.ron"
    )))
    .unwrap();
    let mut project = file.project.clone();
    let mut plan = project
        .upgrade
        .clone()
        .unwrap_or_else(|| planner::auto_plan(&project, &reference));
    // Saturday nights from 16 January 2010; the firmware stage gets too short a window.
    for (index, stage) in plan.stages.iter_mut().enumerate() {
        stage.window = Some(Window {
            date: format!("2010-01-{:02}", 16 + index),
            start: "22:00".to_owned(),
            hours: if index == 4 { 6.0 } else { 8.0 },
        });
        for (wave, w) in stage.waves.iter_mut().enumerate() {
            w.window = Some(Window {
                date: format!("2010-02-{:02}", 1 + wave),
                start: "21:30".to_owned(),
                hours: 2.0,
            });
        }
    }
    project.upgrade = Some(plan.clone());
    let simulation = planner::simulate(&project, &plan, &reference, &file.rules);
    let laid = schedule::schedule(&plan, &simulation);
    assert!(laid.origin.is_some());
    assert_eq!(schedule::time_label(laid.origin, 0.0), "2010-01-16 22:00");
    let firmware = laid
        .bars
        .iter()
        .find(|b| b.stage == 4 && b.wave.is_none())
        .unwrap();
    assert_eq!(firmware.start, 4.0 * 24.0);
    assert!(
        firmware.overrun() > 0.0,
        "10 hours of firmware work overrun a 6-hour window"
    );
    let first_wave = laid.bars.iter().find(|b| b.wave == Some(0)).unwrap();
    assert_eq!(first_wave.window.map(|w| w.1), Some(2.0));
    assert!(laid.end > 16.0 * 24.0);
    let prepared = Prepared::new(&project, &reference, &file.rules);
    let png = charts::render_png(
        ChartKind::Timeline,
        &project,
        &prepared.plan,
        &prepared.simulation,
        &prepared.findings,
        1600,
        900,
    )
    .unwrap();
    check_png("timeline with windows", &png, 1600, 900);
    std::fs::write(out_dir().join("esx35-west-timeline-windows.png"), &png).unwrap();
}

#[test]
fn the_summary_embeds_the_charts_and_escapes_user_strings() {
    let reference = reference();
    let file = PlanFile::load(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/projects/samples/esx35-west.ron"
    )))
    .unwrap();
    let evil = "<script>alert(1)</script>";
    let mut project = file.project.clone();
    project.name = format!("West & {evil}");
    for host in project.hosts.values_mut() {
        host.name = format!("{evil}{}", host.name);
    }
    for cluster in project.clusters.values_mut() {
        cluster.name = format!("{evil}{}", cluster.name);
    }
    let prepared = Prepared::new(&project, &reference, &file.rules);
    let page = summary::html_page(&prepared.inputs(&project)).unwrap();
    std::fs::write(out_dir().join("summary-escaped.html"), &page).unwrap();
    assert!(
        !page.to_ascii_lowercase().contains("<script"),
        "no raw script tag"
    );
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        page.contains("West &amp; &lt;script&gt;"),
        "the plan name is escaped"
    );
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;Prod"),
        "the not-FT-ready cluster is listed by name"
    );
    assert_eq!(
        page.matches("src=\"data:image/png;base64,").count(),
        5,
        "five charts embedded"
    );
    for section in [
        "Cluster readiness",
        "Top risks and their fixes",
        "Timeline",
        "Capacity during the upgrade",
    ] {
        assert!(page.contains(section), "{section}");
    }
    // SVG output escapes the same names.
    let svg = charts::render_svg(
        ChartKind::Readiness,
        &project,
        &prepared.plan,
        &prepared.simulation,
        &prepared.findings,
        1600,
        900,
    )
    .unwrap();
    assert!(!svg.contains("<script"));
    assert!(svg.contains("&lt;script&gt;"));
    let topology_svg = topology::render_svg(&project, "today", 1600, None).unwrap();
    assert!(!topology_svg.contains("<script"));
}

#[test]
fn the_render_chart_and_summary_commands_write_their_files() {
    let dir = out_dir();
    let sample = "projects/samples/esx35-west.ron";
    let png = dir.join("cli-topology.png");
    let output = dcplan(&["render", sample, "-o", png.to_str().unwrap()]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (width, _, pixels, samples) = decode(&std::fs::read(&png).unwrap());
    assert_eq!(width, 1920);
    assert_not_blank("cli topology", &pixels, samples);

    let staged = dir.join("cli-topology-stage6.svg");
    let output = dcplan(&[
        "render",
        sample,
        "--stage",
        "6",
        "--width",
        "1600",
        "-o",
        staged.to_str().unwrap(),
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let svg = std::fs::read_to_string(&staged).unwrap();
    assert!(svg.contains("after stage 6"));

    let chart = dir.join("cli-timeline.svg");
    let output = dcplan(&[
        "chart",
        sample,
        "--kind",
        "timeline",
        "-o",
        chart.to_str().unwrap(),
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    check_svg(
        "cli timeline",
        &std::fs::read_to_string(&chart).unwrap(),
        1600,
        900,
    );

    let chart = dir.join("cli-versions.png");
    let output = dcplan(&[
        "chart",
        "projects/samples/ldvm-two-site.ron",
        "--kind",
        "versions",
        "--width",
        "1280",
        "--height",
        "720",
        "-o",
        chart.to_str().unwrap(),
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (width, height, _, _) = decode(&std::fs::read(&chart).unwrap());
    assert_eq!((width, height), (1280, 720));

    let page = dir.join("cli-summary.html");
    let output = dcplan(&["summary", sample, "-o", page.to_str().unwrap()]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("Meridian Insurance"));

    // Wrong extension, missing stage, unreadable plan: exit 2 with a message.
    let output = dcplan(&[
        "chart",
        sample,
        "--kind",
        "findings",
        "-o",
        "/tmp/chart.gif",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("unknown output extension; this command writes .png, .svg")
    );
    let output = dcplan(&["render", sample, "--stage", "99", "-o", "/tmp/never.png"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no stage 99"));
    let output = dcplan(&[
        "summary",
        "projects/samples/missing.ron",
        "-o",
        "/tmp/never.html",
    ]);
    assert_eq!(output.status.code(), Some(2));
}

/// The texts of an SVG with their positions: (x, y, text).
fn svg_texts(svg: &str) -> Vec<(f64, f64, String)> {
    let attribute = |tag: &str, name: &str| -> f64 {
        tag.split_once(&format!(" {name}=\""))
            .and_then(|(_, rest)| rest.split_once('"'))
            .and_then(|(value, _)| value.parse().ok())
            .unwrap_or(f64::NAN)
    };
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let (tag, rest) = t.split_once('>')?;
            let text = rest.split("</text>").next().unwrap_or("").trim().to_owned();
            Some((attribute(tag, "x"), attribute(tag, "y"), text))
        })
        .collect()
}

#[test]
fn the_estate_topology_is_an_overview_of_racks_and_the_samples_stay_detailed() {
    let project = dcplan::generate::generate(dcplan::generate::Preset::Vmworld2009Esx35);
    let width = 1920;
    let picture = topology::Topology::new(&project, "today");
    assert!(
        picture.detail_scale(width, None).unwrap() < topology::MIN_LEGIBLE_SCALE,
        "50 enclosures in full detail are not legible at 1,920 px"
    );
    assert!(picture.shows_overview(width, None));
    assert!(picture.shows_overview(1600, Some(900)));
    let overview = picture.overview();
    assert_eq!(overview.sites.len(), 1);
    let racks: Vec<&str> = overview.tiles().map(|t| t.name.as_str()).collect();
    assert_eq!(racks.len(), 25, "one tile per rack that holds enclosures");
    assert_eq!(
        overview.tiles().map(|t| t.hosts.len()).sum::<usize>(),
        project.hosts.len()
    );
    assert_eq!(
        overview.tiles().map(|t| t.vms).sum::<usize>(),
        project.vms.values().filter(|v| v.host.is_some()).count()
    );
    let height = picture.natural_height(width);
    let png = present::render_png(&picture, width, height).unwrap();
    std::fs::write(out_dir().join("vmworld-esx35-overview.png"), &png).unwrap();
    check_png("preset overview", &png, width, height);
    assert!(
        height < 1600,
        "the overview fits a slide-like page: {height} px"
    );
    let svg = present::render_svg(&picture, width, height).unwrap();
    let texts = svg_texts(&svg);
    for rack in &racks {
        assert!(
            texts.iter().any(|(_, _, t)| t == rack),
            "{rack} is named on its tile"
        );
    }
    // At a fixed slide size the overview still fits.
    let png = present::render_png(&picture, 1600, 900).unwrap();
    check_png("preset overview at 1600 x 900", &png, 1600, 900);

    // A rack's detail page names its enclosures and blades.
    let rack = overview.find("rack07").unwrap();
    let detail = topology::Topology {
        scope: topology::Scope::Tile(rack),
        detail: topology::Detail::Full,
        ..picture
    };
    assert!(detail.detail_scale(width, None).unwrap() >= topology::MIN_LEGIBLE_SCALE);
    let height = detail.natural_height(width);
    let png = present::render_png(&detail, width, height).unwrap();
    std::fs::write(out_dir().join("vmworld-esx35-rack07.png"), &png).unwrap();
    check_png("rack07 detail", &png, width, height);
    let texts = svg_texts(&present::render_svg(&detail, width, height).unwrap());
    for &enclosure in &rack.enclosures {
        let name = &project.enclosures[&enclosure].name;
        assert!(texts.iter().any(|(_, _, t)| t.starts_with(name.as_str())));
    }
    for host in &rack.hosts {
        let name = &project.hosts[host].name;
        assert!(texts.iter().any(|(_, _, t)| t == name), "{name} is named");
    }
    let other = &project.hosts[&overview.find("rack08").unwrap().hosts[0]].name;
    assert!(!texts.iter().any(|(_, _, t)| t == other), "only rack07");

    // The small samples keep the detailed drawing at the sizes they are shown at.
    for (name, file) in samples() {
        let picture = topology::Topology::new(&file.project, "today");
        for (width, height) in [(1920, None), (1600, Some(1000))] {
            assert!(
                !picture.shows_overview(width, height),
                "{name} at {width} px is drawn in detail (scale {:?})",
                picture.detail_scale(width, height)
            );
        }
    }
}

#[test]
fn a_site_detail_page_draws_that_site_only() {
    let file = PlanFile::load(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/projects/samples/ldvm-two-site.ron"
    )))
    .unwrap();
    let project = &file.project;
    let (&site, _) = project.sites.iter().next().unwrap();
    let picture = topology::Topology {
        scope: topology::Scope::Site(site),
        ..topology::Topology::new(project, "today")
    };
    let width = 1920;
    let height = picture.natural_height(width);
    let png = present::render_png(&picture, width, height).unwrap();
    std::fs::write(out_dir().join("ldvm-site-detail.png"), &png).unwrap();
    check_png("site detail", &png, width, height);
    let texts = svg_texts(&present::render_svg(&picture, width, height).unwrap());
    for enclosure in project.enclosures.values() {
        let shown = texts
            .iter()
            .any(|(_, _, t)| t.starts_with(enclosure.name.as_str()));
        assert_eq!(shown, enclosure.site == site, "{}", enclosure.name);
    }
}

/// A simulated plan for an estate's clusters with margins spread from -250 % to +30 %, tighter in the rolling
/// stages, the three tightest within 6 points of each other: what the capacity chart must show without clipping.
/// With `alike`, every cluster has the same margins (as the generated estate's, built alike).
fn spread_simulation(project: &Project, alike: bool) -> Simulation {
    use dcplan::model::StageKind;
    use dcplan::planner::{ClusterCapacity, StageOutcome};
    let kinds = [
        StageKind::Assess,
        StageKind::Backup,
        StageKind::Vcenter,
        StageKind::UpdateManager,
        StageKind::Firmware,
        StageKind::PrepareClusters,
        StageKind::RollingUpgrade,
        StageKind::ClustersComplete,
        StageKind::Tools,
        StageKind::VirtualHardware,
    ];
    let clusters: Vec<_> = project.clusters.keys().copied().collect();
    let last = (clusters.len() - 1) as f64;
    let stages = kinds
        .iter()
        .enumerate()
        .map(|(index, &kind)| {
            let dip = if (4..=6).contains(&index) { 0.3 } else { 0.0 };
            let capacity = clusters
                .iter()
                .enumerate()
                .map(|(i, &cluster)| {
                    let margin = if alike {
                        -1.3 - dip
                    } else if i < 3 {
                        -2.2 + 0.03 * i as f64 - dip
                    } else {
                        -1.6 + 1.9 * i as f64 / last - dip
                    };
                    let failover_mb = 100_000;
                    ClusterCapacity {
                        cluster,
                        hosts: 8,
                        in_maintenance: usize::from(dip > 0.0),
                        failures_tolerated: 1,
                        running_mb: 120_000,
                        failover_mb,
                        demand_mb: (failover_mb as f64 * (1.0 - margin)).round() as u64,
                    }
                })
                .collect();
            StageOutcome {
                index,
                kind,
                title: format!("{kind:?}"),
                findings: Vec::new(),
                waves: Vec::new(),
                operations: Vec::new(),
                versions: Default::default(),
                capacity,
                resolved: Vec::new(),
                reboots: Default::default(),
            }
        })
        .collect();
    Simulation {
        stages,
        timeline: Default::default(),
    }
}

#[test]
fn the_capacity_chart_at_estate_scale_shows_the_spread_without_clipping() {
    let project = dcplan::generate::generate(dcplan::generate::Preset::Vmworld2009Esx35);
    let simulation = spread_simulation(&project, false);
    let plan = UpgradePlan::default();
    let (width, height) = (1920, 1080);
    let png = charts::render_png(
        ChartKind::Capacity,
        &project,
        &plan,
        &simulation,
        &[],
        width,
        height,
    )
    .unwrap();
    std::fs::write(out_dir().join("estate-capacity.png"), &png).unwrap();
    check_png("estate capacity", &png, width, height);
    let svg = charts::render_svg(
        ChartKind::Capacity,
        &project,
        &plan,
        &simulation,
        &[],
        width,
        height,
    )
    .unwrap();
    let texts = svg_texts(&svg);
    let has = |text: &str| texts.iter().any(|(_, _, t)| t == text);
    assert!(
        has("median") && has("0 %"),
        "median and the 0 % line are labelled"
    );
    // The y axis reaches the tightest margin (-250 %): nothing is drawn flat at -100 %.
    let lowest_tick = texts
        .iter()
        .filter_map(|(_, _, t)| t.strip_suffix(" %")?.parse::<f64>().ok())
        .fold(f64::INFINITY, f64::min);
    assert!(lowest_tick <= -250.0, "lowest tick {lowest_tick}");
    // The three tightest clusters are named at the right without overlapping.
    let names: Vec<&str> = project
        .clusters
        .values()
        .take(3)
        .map(|c| c.name.as_str())
        .collect();
    let mut ys: Vec<f64> = names
        .iter()
        .map(|name| {
            texts
                .iter()
                .find(|(_, _, t)| t.starts_with(&format!("{name} (")))
                .unwrap_or_else(|| panic!("{name} is named"))
                .1
        })
        .collect();
    ys.sort_by(f64::total_cmp);
    let label_size = 18.0 * 1.2;
    for pair in ys.windows(2) {
        assert!(pair[1] - pair[0] >= label_size, "labels overlap: {ys:?}");
    }
    // Clusters built alike draw one line, named once with how many share it.
    let alike = spread_simulation(&project, true);
    let svg = charts::render_svg(
        ChartKind::Capacity,
        &project,
        &plan,
        &alike,
        &[],
        width,
        height,
    )
    .unwrap();
    let texts = svg_texts(&svg);
    let others = project.clusters.len() - 1;
    assert!(
        texts
            .iter()
            .any(|(_, _, t)| t == &format!("{} and {others} alike (min -160 %)", names[0])),
        "{:?}",
        texts.iter().map(|t| &t.2).collect::<Vec<_>>()
    );
}

#[test]
fn top_risks_rank_outages_then_lost_protection_then_failed_stages_before_counts() {
    use dcplan::model::{HostId, ObjectRef, StageKind, VmId};
    use dcplan::planner::{StageFinding, StageOutcome};
    use dcplan::rules::{Finding, Severity};
    use summary::Impact;
    let finding = |rule: &'static str, severity, object| Finding {
        rule,
        severity,
        object,
        message: format!("{rule} example"),
        fix: "fix it".into(),
        source: "test",
    };
    let hosts = |rule, severity, n: u32| -> Vec<Finding> {
        (1..=n)
            .map(|i| finding(rule, severity, ObjectRef::Host(HostId(i))))
            .collect()
    };
    // Today: many hosts off the HCL that the plan fixes before any stage meets them, a density error on many
    // hosts that every stage still has, one FT VM that cannot be protected, one enclosure loss VMs cannot survive.
    let mut today = hosts("UPG-20", Severity::Error, 40);
    today.extend(hosts("MAX-02", Severity::Error, 30));
    today.push(finding("FT-VM-01", Severity::Error, ObjectRef::Vm(VmId(1))));
    today.push(finding(
        "FT-NET-04",
        Severity::Warning,
        ObjectRef::Vm(VmId(1)),
    ));
    today.push(finding(
        "FD-02",
        Severity::Warning,
        ObjectRef::Host(HostId(1)),
    ));
    let staged = |f: Finding, new, during: bool| StageFinding {
        wave: during.then_some(0),
        step: None,
        new,
        finding: f,
    };
    let mut findings: Vec<StageFinding> = hosts("MAX-02", Severity::Error, 30)
        .into_iter()
        .map(|f| staged(f, false, false))
        .collect();
    // The rolling stage runs one cluster short of failover capacity while its hosts are in maintenance.
    findings.push(staged(
        finding(
            "CAP-01",
            Severity::Error,
            ObjectRef::Cluster(dcplan::model::ClusterId(1)),
        ),
        true,
        true,
    ));
    let simulation = Simulation {
        stages: vec![StageOutcome {
            index: 6,
            kind: StageKind::RollingUpgrade,
            title: "Rolling host upgrade".to_owned(),
            findings,
            waves: Vec::new(),
            operations: Vec::new(),
            versions: Default::default(),
            capacity: Vec::new(),
            resolved: Vec::new(),
            reboots: Default::default(),
        }],
        timeline: Default::default(),
    };
    let project = Project::default();
    let plan = UpgradePlan::default();
    let risks = summary::risks(&present::Inputs {
        project: &project,
        plan: &plan,
        simulation: &simulation,
        findings: &today,
    });
    let order: Vec<(&str, Impact)> = risks.iter().map(|r| (r.rule, r.impact)).collect();
    assert_eq!(
        order,
        [
            ("CAP-01", Impact::Outage),
            ("FD-02", Impact::Outage),
            ("FT-VM-01", Impact::LostProtection),
            ("MAX-02", Impact::FailedStage),
            ("UPG-20", Impact::Other),
            ("FT-NET-04", Impact::Other),
        ]
    );
    // CAP-01 at the end of a stage (no hosts down) is lost protection, during an operation an outage.
    let cap = finding("CAP-01", Severity::Error, ObjectRef::Plan);
    assert_eq!(Impact::of(&cap, false, true), Impact::LostProtection);
    assert_eq!(Impact::of(&cap, true, true), Impact::Outage);
    let page = summary::html_page(&present::Inputs {
        project: &project,
        plan: &plan,
        simulation: &simulation,
        findings: &today,
    })
    .unwrap();
    let outage = page.find("<td>outage</td>").unwrap();
    let failed = page.find("<td>failed stage</td>").unwrap();
    assert!(outage < failed, "the page lists outages first");
}

#[test]
fn overview_tiles_carry_the_worst_error_or_warning_of_their_hosts() {
    let reference = reference();
    let file = PlanFile::load(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/projects/samples/esx35-west.ron"
    )))
    .unwrap();
    let project = &file.project;
    let findings = dcplan::rules::check(project, &reference, &file.rules);
    let overview = present::overview::overview(project, &findings);
    let tiles: Vec<_> = overview.tiles().collect();
    assert_eq!(
        tiles.len(),
        project.enclosures.len(),
        "one rack per enclosure"
    );
    for tile in &tiles {
        let hit: Vec<_> = findings
            .iter()
            .filter(|f| f.severity > dcplan::rules::Severity::Info)
            .filter(|f| match f.object {
                dcplan::model::ObjectRef::Host(h) => tile.hosts.contains(&h),
                dcplan::model::ObjectRef::Enclosure(e) => tile.enclosures.contains(&e),
                dcplan::model::ObjectRef::Vm(v) => project.vms[&v]
                    .host
                    .is_some_and(|h| tile.hosts.contains(&h)),
                _ => false,
            })
            .collect();
        let worst = hit.iter().map(|f| f.severity).max();
        assert_eq!(
            tile.worst.as_ref().map(|w| w.severity),
            worst,
            "{}",
            tile.name
        );
        if let Some(w) = &tile.worst {
            assert_eq!(
                w.count,
                hit.iter().filter(|f| f.severity == w.severity).count()
            );
        }
    }
    // Forced overview of a small estate draws and keeps the requested size.
    let picture = topology::Topology {
        findings: &findings,
        detail: topology::Detail::Overview,
        ..topology::Topology::new(project, "today")
    };
    let png = present::render_png(&picture, 1280, 720).unwrap();
    std::fs::write(out_dir().join("esx35-west-overview.png"), &png).unwrap();
    check_png("esx35 overview", &png, 1280, 720);
}

/// Every figure of the summary has one definition on the page, and its value is what that definition counts.
#[test]
fn every_summary_figure_is_defined_once_and_counted_as_defined() {
    let reference = ReferenceData::bundled().unwrap();
    for (name, mut file) in samples() {
        // A template and a powered-off VM, so that they are counted apart.
        let mut vms = file.project.vms.values_mut();
        if let (Some(template), Some(off)) = (vms.next(), vms.next()) {
            template.template = true;
            off.power = dcplan::model::PowerState::PoweredOff;
        }
        let prepared = Prepared::new(&file.project, &reference, &file.rules);
        let inputs = present::Inputs {
            project: &file.project,
            plan: &prepared.plan,
            simulation: &prepared.simulation,
            findings: &prepared.findings,
        };
        let clusters = present::readiness::readiness(
            &file.project,
            &prepared.plan,
            &prepared.simulation,
            &prepared.findings,
        );
        let figures = summary::key_figures(&inputs, &clusters);
        let page = summary::html_page(&inputs).unwrap();
        let labels: BTreeSet<&str> = figures.iter().map(|f| f.label.as_str()).collect();
        assert_eq!(labels.len(), figures.len(), "{name}: one figure per label");
        for figure in &figures {
            let tile = format!(
                "<div class=\"value\">{}</div><div class=\"label\">{}</div>",
                figure.value, figure.label
            );
            assert!(page.contains(&tile), "{name}: tile {}", figure.label);
            let defined = format!("<dt>{}</dt><dd>", figure.label);
            assert_eq!(
                page.matches(&defined).count(),
                1,
                "{name}: {}",
                figure.label
            );
        }
        let value = |label: &str| {
            figures
                .iter()
                .find(|f| f.label == label)
                .unwrap()
                .value
                .clone()
        };
        let distinct_errors: BTreeSet<_> = prepared
            .findings
            .iter()
            .filter(|f| f.severity == dcplan::rules::Severity::Error)
            .map(|f| (f.rule, f.object))
            .collect();
        assert_eq!(
            value("error findings today"),
            distinct_errors.len().to_string()
        );
        let over_stages: BTreeSet<_> = prepared
            .simulation
            .stages
            .iter()
            .flat_map(|s| &s.findings)
            .filter(|f| f.finding.severity == dcplan::rules::Severity::Error)
            .map(|f| (f.finding.rule, f.finding.object))
            .collect();
        assert_eq!(
            value("error findings during the plan"),
            over_stages.len().to_string()
        );
        assert_eq!(value("VMs"), file.project.vms.len().to_string());
        let vms = figures.iter().find(|f| f.label == "VMs").unwrap();
        assert!(
            vms.definition.contains("1 powered off (")
                && vms.definition.contains(" and 1 templates"),
            "{}",
            vms.definition
        );
        assert_eq!(
            value("hours from start to finish"),
            format!("{:.0}", prepared.simulation.timeline.end)
        );
        // The timeline chart's subtitle and the runbook give the same total.
        let runbook = dcplan::export::runbook::markdown(
            &file.project,
            &prepared.plan,
            &prepared.simulation,
            &reference,
        );
        if !prepared.plan.stages.is_empty() {
            assert!(runbook.contains(&format!(
                "about {:.0} hours from start to finish",
                prepared.simulation.timeline.end
            )));
        }
    }
}

/// A stage's findings split into new, persisting and resolved, each finding counted once.
#[test]
fn each_stage_counts_its_findings_as_new_persisting_and_resolved() {
    let reference = ReferenceData::bundled().unwrap();
    let (_, file) = samples()
        .into_iter()
        .find(|(name, _)| name == "esx35-west")
        .unwrap();
    let prepared = Prepared::new(&file.project, &reference, &file.rules);
    let stages = &prepared.simulation.stages;
    // The simulation starts from the estate as it runs today (planned FT not yet on).
    let today = dcplan::rules::check(
        &planner::projection::current_state(&file.project),
        &reference,
        &file.rules,
    );
    let mut before: BTreeSet<_> = today
        .iter()
        .map(|f| (f.rule, f.object, f.severity))
        .collect();
    let mut resolved_anywhere = 0;
    for stage in stages {
        let now: BTreeSet<_> = stage
            .findings
            .iter()
            .map(|f| (f.finding.rule, f.finding.object, f.finding.severity))
            .collect();
        let flow = stage.flow(None);
        assert_eq!(
            flow.new + flow.persisting,
            now.len(),
            "stage {}",
            stage.index
        );
        assert_eq!(
            flow.resolved,
            before.difference(&now).count(),
            "stage {}",
            stage.index
        );
        resolved_anywhere += flow.resolved;
        before = stage
            .findings
            .iter()
            .filter(|f| f.at_stage_end())
            .map(|f| (f.finding.rule, f.finding.object, f.finding.severity))
            .collect();
    }
    assert!(resolved_anywhere > 0, "the esx35 plan resolves findings");
}
