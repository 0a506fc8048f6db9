//! The plan laid out in time for the Gantt chart and the summary: stages and waves start in their maintenance
//! window when one is set (date "2010-01-16", start "22:00"), otherwise right after what comes before them.

use crate::model::UpgradePlan;
pub use crate::model::calendar::{civil_from_days, days_from_civil};
use crate::planner::Simulation;
pub use crate::planner::timing::window_start;
use crate::rules::Severity;

/// One bar of the Gantt chart: a stage, or a wave under its stage. Times are hours from the plan's start.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// The stage's index in the plan.
    pub stage: usize,
    /// The wave's index in its stage, for wave bars.
    pub wave: Option<usize>,
    pub label: String,
    pub start: f64,
    /// Expected hours of work.
    pub work: f64,
    /// The maintenance window (start, hours), when one is set and its date and time read.
    pub window: Option<(f64, f64)>,
    /// Error findings the stage (or, for a wave, the wave) brings in: not there before it.
    pub errors: usize,
}

impl Bar {
    /// When the work ends.
    pub fn end(&self) -> f64 {
        self.start + self.work
    }

    /// Hours of work past the end of the window.
    pub fn overrun(&self) -> f64 {
        self.window.map_or(0.0, |(start, hours)| {
            (self.end() - (start + hours)).max(0.0)
        })
    }
}

/// The whole plan in time.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Schedule {
    pub bars: Vec<Bar>,
    /// The calendar time of hour 0 (minutes since 1970-01-01 00:00), when some window is dated.
    pub origin: Option<i64>,
    /// When the last work or window ends, in hours from the start.
    pub end: f64,
    /// Hours during which some stage is at work (stages that overlap counted once).
    pub work: f64,
}

/// "Sat 16 Jan" for a day since 1970-01-01.
pub fn day_label(days: i64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    let (_, month, day) = civil_from_days(days);
    let weekday = WEEKDAYS[days.rem_euclid(7) as usize];
    let month = MONTHS[(month as usize).saturating_sub(1).min(11)];
    format!("{weekday} {day} {month}")
}

/// "2010-01-16 22:00" for hours from the schedule's origin (minutes since 1970), or "+12 h" without one.
pub fn time_label(origin: Option<i64>, hours: f64) -> String {
    match origin {
        Some(origin) => {
            let minutes = origin + (hours * 60.0).round() as i64;
            let (year, month, day) = civil_from_days(minutes.div_euclid(24 * 60));
            let minute_of_day = minutes.rem_euclid(24 * 60);
            format!(
                "{year}-{month:02}-{day:02} {:02}:{:02}",
                minute_of_day / 60,
                minute_of_day % 60
            )
        }
        None => format!("+{hours:.0} h"),
    }
}

/// The plan's bars, from the simulation's timeline ([`crate::planner::timing`]): the one set of durations the
/// chart, the runbook and the summary share.
pub fn schedule(plan: &UpgradePlan, simulation: &Simulation) -> Schedule {
    let timeline = &simulation.timeline;
    let errors_of = |stage: usize, wave: Option<usize>| -> usize {
        simulation
            .stages
            .iter()
            .find(|s| s.index == stage)
            .map_or(0, |outcome| {
                // Distinct errors the stage brings in, as its flow counts them; for a wave, those of the wave.
                match wave {
                    None => outcome.flow(Some(Severity::Error)).new,
                    Some(_) => outcome
                        .findings
                        .iter()
                        .filter(|f| f.new && f.finding.severity == Severity::Error)
                        .filter(|f| f.wave == wave)
                        .map(|f| (f.finding.rule, f.finding.object))
                        .collect::<std::collections::BTreeSet<_>>()
                        .len(),
                }
            })
    };
    let mut bars = Vec::new();
    for (index, (stage, time)) in plan.stages.iter().zip(&timeline.stages).enumerate() {
        bars.push(Bar {
            stage: index,
            wave: None,
            label: format!("{index} {}", stage.title()),
            start: time.span.start,
            work: time.span.hours,
            window: time.window,
            errors: errors_of(index, None),
        });
        for (wave_index, (wave, span)) in stage.waves.iter().zip(&time.waves).enumerate() {
            bars.push(Bar {
                stage: index,
                wave: Some(wave_index),
                label: wave.name.clone(),
                start: span.start,
                work: span.hours,
                window: time.wave_windows.get(wave_index).copied().flatten(),
                errors: errors_of(index, Some(wave_index)),
            });
        }
    }
    Schedule {
        bars,
        origin: timeline.origin,
        end: timeline.end,
        work: timeline.busy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(days_from_civil(2010, 1, 16)), (2010, 1, 16));
        assert_eq!(civil_from_days(days_from_civil(2000, 2, 29)), (2000, 2, 29));
        assert_eq!(day_label(days_from_civil(2010, 1, 16)), "Sat 16 Jan");
    }

    #[test]
    fn windows_read() {
        use crate::model::Window;
        let window = Window {
            date: "2010-01-16".to_owned(),
            start: "22:00".to_owned(),
            hours: 6.0,
        };
        let start = window_start(&window);
        assert_eq!(start, Some((days_from_civil(2010, 1, 16) * 24 + 22) * 60));
        assert_eq!(time_label(start, 3.0), "2010-01-17 01:00");
        let bad = Window {
            date: "next saturday".to_owned(),
            ..window
        };
        assert_eq!(window_start(&bad), None);
    }
}
