//! Frame CPU time of the designer, headless: one egui pass plus tessellation with the whole vmworld2009 preset
//! (and the ten-hall vmworld2009x10 one) in view, in the frame after one host edit, and while dragging one blade
//! across the canvas.
#![allow(
    clippy::expect_used,
    reason = "a benchmark stops loudly when its input is broken"
)]

use criterion::{Criterion, criterion_group, criterion_main};
use dcplan::generate::{Preset, generate};
use dcplan::io::PlanFile;
use dcplan::model::{HostId, ObjectRef};
use dcplan::ui::{DcApp, Persisted, ScriptedDialogs, Startup};
use egui::{Event, Modifiers, PointerButton, Pos2, RawInput, Rect, pos2, vec2};

fn input(events: Vec<Event>) -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1600.0, 1000.0))),
        events,
        ..RawInput::default()
    }
}

fn frame(ctx: &egui::Context, app: &mut DcApp, events: Vec<Event>) -> usize {
    let output = ctx.run_ui(input(events), |ui| app.show(ui));
    let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
    primitives.len()
}

fn designer(c: &mut Criterion) {
    designer_on(c, "vmworld2009", Preset::Vmworld2009);
    designer_on(c, "vmworld2009x10", Preset::Vmworld2009x10);
}

fn designer_on(c: &mut Criterion, name: &str, preset: Preset) {
    let dir =
        std::env::temp_dir().join(format!("dcplan-frame-bench-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("{name}.ron"));
    PlanFile::new(generate(preset)).save(&path).expect("saves");
    let mut app = DcApp::new(Startup {
        path: Some(path),
        persisted: Persisted::default(),
        data_dir: dir.join("data"),
        dialogs: Box::new(ScriptedDialogs::default()),
        autosave_secs: f64::INFINITY,
        reference: None,
    });
    let ctx = egui::Context::default();
    // Warm up: the first frames lay out the plan and zoom to fit, and start the full check on its worker; the
    // frames go on while it runs, and draw its findings once it is back.
    for _ in 0..3 {
        frame(&ctx, &mut app, Vec::new());
    }
    while !app.live.settled() {
        std::thread::sleep(std::time::Duration::from_millis(20));
        frame(&ctx, &mut app, Vec::new());
    }
    let mut group = c.benchmark_group(format!("designer_{name}"));
    group.sample_size(30);
    group.bench_function("frame_all_in_view", |b| {
        b.iter(|| frame(&ctx, &mut app, Vec::new()))
    });

    // One edit's own frame: a host's memory halved through the edit path, then the frame that shows it (the
    // live check of the edit's scope, the layout and badges brought up to date); undone outside the measurement.
    let host = *app
        .doc
        .project()
        .hosts
        .keys()
        .nth(400)
        .expect("the preset has hosts");
    let mut edited = app.doc.project().hosts[&host].clone();
    edited.memory_gb /= 2;
    let edit = dcplan::edit::Transaction::new("Halve memory").with(dcplan::edit::Edit::put(
        host,
        dcplan::edit::ObjectValue::Host(edited),
    ));
    group.bench_function("frame_after_host_edit", |b| {
        b.iter_custom(|iterations| {
            let mut spent = std::time::Duration::ZERO;
            for _ in 0..iterations {
                let start = std::time::Instant::now();
                app.doc.apply(edit.clone()).expect("the edit applies");
                frame(&ctx, &mut app, Vec::new());
                spent += start.elapsed();
                app.doc.undo();
                frame(&ctx, &mut app, Vec::new());
            }
            spent
        });
    });

    let blade = app
        .screen_rect_of(ObjectRef::Host(HostId(1)))
        .expect("host 1 is drawn");
    let start = blade.center();
    frame(&ctx, &mut app, vec![Event::PointerMoved(start)]);
    frame(
        &ctx,
        &mut app,
        vec![Event::PointerButton {
            pos: start,
            button: PointerButton::Primary,
            pressed: true,
            modifiers: Modifiers::NONE,
        }],
    );
    let mut step = 0.0_f32;
    group.bench_function("frame_dragging_one_host", |b| {
        b.iter(|| {
            step = (step + 3.0) % 300.0;
            frame(
                &ctx,
                &mut app,
                vec![Event::PointerMoved(pos2(
                    start.x + step,
                    start.y + step * 0.5,
                ))],
            )
        });
    });
    group.finish();
    std::fs::remove_dir_all(&dir).ok();
}

criterion_group!(benches, designer);
criterion_main!(benches);
