//! `vmo stats`: adherence, weekly reps planned against done, and knee pain during and the
//! next morning beside the week's knee load — a chart that fits 80 columns, or the same
//! series as JSON/CSV for plotting elsewhere.

use std::path::Path;

use anyhow::Result;
use clap::{Args, ValueEnum};

use super::common::{emit, load_template, log_for, make_plan, today};
use crate::cli::{OutputArgs, PlanInputs};
use crate::config::Profile;
use crate::log::Notes;
pub use crate::report::weekly::{Adherence, Stats, WeekStats, stats};
use crate::units::show_number;

/// Formats of `vmo stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum StatsFormat {
    /// Totals and a chart.
    #[default]
    Table,
    /// The series as JSON.
    Json,
    /// One row a week.
    Csv,
}

/// `vmo stats` flags.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// table, json or csv.
    #[arg(short, long, value_enum, default_value_t = StatsFormat::Table)]
    pub format: StatsFormat,

    /// Template (name, path or `-`) [default: the profile's, else foundation].
    #[arg(short, long, env = "VMO_TEMPLATE")]
    pub template: Option<String>,

    /// Plan inputs.
    #[command(flatten)]
    pub inputs: PlanInputs,

    /// Where the output goes.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Totals, then one chart line a week: knee load as a bar, pain during (`#`) and next
/// morning (`o`) on a 0–10 scale, deloads marked; at most 80 columns.
pub fn chart(s: &Stats) -> String {
    let a = &s.adherence;
    let mut out = format!(
        "Sessions so far: {} planned · {} done · {} skipped · {} missed{}{}{}\n",
        a.planned,
        a.done,
        a.skipped,
        a.missed,
        if a.away > 0 {
            format!(" · {} away (planned absence, not counted)", a.away)
        } else {
            String::new()
        },
        if a.pending > 0 {
            format!(" · {} today", a.pending)
        } else {
            String::new()
        },
        if a.unlogged > 0 {
            format!(" ({} before logging began, not counted)", a.unlogged)
        } else {
            String::new()
        }
    );
    if a.planned > 0 {
        out.push_str(&format!(
            "Adherence: {:.0} %\n",
            f64::from(a.done) * 100.0 / f64::from(a.planned)
        ));
    }
    if let Some(k) = &s.knee {
        out.push_str(&format!("Knee: {}", k.state.words()));
        if let Some(t) = k.tolerated_load {
            out.push_str(&format!(
                " · tolerated knee load {} a session",
                crate::render::text::volume(t, &s.volume_unit, s.units)
            ));
        }
        if let Some(d) = k.days_since_last_session {
            out.push_str(&format!(" · last session {d} day(s) ago"));
        }
        out.push('\n');
        for alert in &k.alerts {
            out.push_str(&format!("⚠ {}\n", alert.message));
        }
    }
    if s.weeks.is_empty() {
        out.push_str("The plan has not started yet.\n");
        return out;
    }
    const BAR: usize = 24;
    // A week counts what was done once logging has begun; before it, nothing is known.
    let logged = |w: &WeekStats| w.sessions.planned + w.extra_sessions > 0;
    // A knee load in effective kilograms reads in pounds for a pound user (as the plan's).
    let (scale, unit_words) = if s.volume_unit == "kg" {
        (s.units.from_kg(1.0), s.units.as_str())
    } else {
        (1.0, s.volume_unit.as_str())
    };
    let n = |v: f64| show_number((v * scale).round());
    // The scale holds what was prescribed too, so a week half done shows half a bar.
    let shown: Vec<f64> = s
        .weeks
        .iter()
        .filter(|w| logged(w))
        .flat_map(|w| [w.knee_load_done * scale, w.knee_load * scale])
        .collect();
    let (base, top) = bar_scale(&shown);
    out.push_str(&format!(
        "\nKnee load done a week in {unit_words} (bar), and done/prescribed.\nThe bar runs from {} to {}{}.\nPain 0–10, the week's highest (extra sessions too): # during, o next morning.\n{:<5} {:>6}/{:<6} {:<BAR$} {:>13} Pain\n",
        show_number(base),
        show_number(top),
        if base > 0.0 {
            ": not from 0, so weeks that differ show it"
        } else {
            ""
        },
        "Week",
        "Reps",
        "plan",
        "Knee load",
        "done/presc."
    ));
    for w in &s.weeks {
        let (bar, load) = if logged(w) {
            (
                bar((w.knee_load_done * scale - base) / (top - base), BAR),
                format!("{}/{}", n(w.knee_load_done), n(w.knee_load)),
            )
        } else {
            (" ".repeat(BAR), format!("-/{}", n(w.knee_load)))
        };
        let pain = |v: Option<f64>, c: char| match v {
            Some(p) => format!(
                "{}{}",
                c.to_string().repeat(p.round() as usize),
                show_number(p)
            ),
            None => "-".to_string(),
        };
        out.push_str(&format!(
            "{:>4}{} {:>6}/{:<6} {bar} {load:>13} {} {}{}\n",
            w.week,
            if w.deload { "D" } else { " " },
            w.reps_done,
            w.reps_planned,
            pain(w.pain_during_max, '#'),
            pain(w.pain_morning_max, 'o'),
            if w.extra_sessions > 0 {
                format!(" +{}x", w.extra_sessions)
            } else {
                String::new()
            }
        ));
    }
    if s.weeks.iter().any(|w| w.extra_sessions > 0) {
        out.push_str("+Nx = extra sessions that week\n");
    }
    if s.weeks.iter().any(|w| w.deload) {
        out.push_str("D = deload week\n");
    }
    out
}

/// Where the knee-load bars start and end: from 0 when the smallest value is under half
/// the largest (a deload week, a light week), else from a round number below the smallest,
/// so that weeks whose loads differ by a few per cent have bars that visibly differ; the
/// end is the largest value rounded up to the same step. The header says both.
pub(crate) fn bar_scale(values: &[f64]) -> (f64, f64) {
    use crate::render::svg::nice_ceiling;
    let hi = values.iter().copied().fold(0.0_f64, f64::max);
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    if hi <= 0.0 || !lo.is_finite() {
        return (0.0, 1.0);
    }
    if lo < hi / 2.0 {
        let step = nice_ceiling(hi / 8.0);
        return (0.0, (hi / step).ceil() * step);
    }
    let step = nice_ceiling((hi - lo).max(hi / 100.0) / 4.0);
    let base = (((lo - (hi - lo) / 2.0) / step).floor() * step).max(0.0);
    let top = ((hi / step).ceil() * step).max(base + step);
    (base, top)
}

/// A bar `share` (0–1) of `width` cells long, in eighths of a cell, so close values
/// still differ visibly.
fn bar(share: f64, width: usize) -> String {
    const EIGHTHS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let eighths = (share.clamp(0.0, 1.0) * (width * 8) as f64).round() as usize;
    let (full, part) = (eighths / 8, eighths % 8);
    let mut b = "█".repeat(full);
    b.push_str(EIGHTHS[part]);
    let used = full + usize::from(part > 0);
    b.push_str(&" ".repeat(width - used));
    b
}

fn csv(s: &Stats) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let opt = |v: Option<f64>| v.map(show_number).unwrap_or_default();
    w.write_record([
        "week",
        "start",
        "deload",
        "planned",
        "done",
        "skipped",
        "missed",
        "reps_planned",
        "reps_done",
        "extra_sessions",
        "knee_load",
        "knee_load_done",
        "pain_during_max",
        "pain_morning_max",
        "away",
    ])
    .expect("in memory");
    for x in &s.weeks {
        w.write_record([
            x.week.to_string(),
            x.start.to_string(),
            x.deload.to_string(),
            x.sessions.planned.to_string(),
            x.sessions.done.to_string(),
            x.sessions.skipped.to_string(),
            x.sessions.missed.to_string(),
            x.reps_planned.to_string(),
            x.reps_done.to_string(),
            x.extra_sessions.to_string(),
            show_number(x.knee_load),
            show_number(x.knee_load_done),
            opt(x.pain_during_max),
            opt(x.pain_morning_max),
            x.sessions.away.to_string(),
        ])
        .expect("in memory");
    }
    String::from_utf8(w.into_inner().expect("in memory")).expect("utf-8")
}

/// Runs `vmo stats`.
pub(crate) fn run(args: StatsArgs, profile: &Profile, db: Option<&Path>) -> Result<()> {
    let template = load_template(args.template.as_deref(), profile)?;
    // Stats show no notes: none is read.
    let entries = log_for(&args.inputs, db, profile, Notes::None)?;
    let plan = make_plan(&template, &args.inputs, profile, &entries)?;
    let s = stats(&plan, &entries.entries, today(&args.inputs));
    let text = match args.format {
        StatsFormat::Table => super::common::fit_terminal(chart(&s), &args.output),
        StatsFormat::Json => format!("{}\n", serde_json::to_string_pretty(&s)?),
        StatsFormat::Csv => csv(&s),
    };
    emit(&args.output, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::adapt::{Entry, SessionLog, Status, Symptoms};
    use crate::plan::{Request, generate};
    use crate::template::{DEFAULT_TEMPLATE, builtin, parse};
    use chrono::NaiveDate;

    #[test]
    fn bars_start_where_differences_show_and_say_so() {
        // A deload week in the series: the bars start at 0.
        assert_eq!(bar_scale(&[122.0, 158.0, 54.0, 146.0]), (0.0, 160.0));
        // Every week within a third of the largest: from a round number below.
        let (base, top) = bar_scale(&[122.0, 134.0, 146.0, 158.0]);
        assert_eq!((base, top), (100.0, 160.0));
        // Loads 8 % apart: bars a quarter of the width apart, not one cell.
        let cells = |v: f64| {
            bar((v - base) / (top - base), 24)
                .trim_end()
                .chars()
                .count()
        };
        assert!(
            cells(158.0) - cells(146.0) >= 4,
            "{} {}",
            cells(158.0),
            cells(146.0)
        );
        assert!(cells(122.0) > 0);
        // One value, or none.
        let (b, t) = bar_scale(&[40.5]);
        assert!(b < 40.5 && t >= 40.5, "{b} {t}");
        assert_eq!(bar_scale(&[]), (0.0, 1.0));
        assert_eq!(bar_scale(&[0.0, 0.0]), (0.0, 1.0));
    }

    #[test]
    fn the_chart_prints_each_week_s_numbers_beside_its_bar() {
        let b = builtin(DEFAULT_TEMPLATE).unwrap();
        let t = parse(b.name, b.source).unwrap();
        let req = Request {
            weeks: 4,
            start: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            days: None,
            athlete: Default::default(),
            unit: Default::default(),
            changes: Vec::new(),
            rides: Default::default(),
        };
        let mut plan = generate(&t, &req).unwrap();
        for s in plan.weeks.iter_mut().flat_map(|w| &mut w.sessions) {
            let e = Entry {
                id: 1,
                date: s.date,
                status: Status::Done,
                reps: vec![],
                load_kg: None,
                rpe: None,
                pain_during: Some(1.0),
                pain_morning: None,
                symptoms: Symptoms::default(),
                note: None,
                extra: false,
            };
            s.log = Some(SessionLog::from(&e));
        }
        let s = stats(&plan, &[], NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
        let text = chart(&s);
        assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
        let rows: Vec<&str> = text.lines().filter(|l| l.contains('█')).collect();
        assert_eq!(rows.len(), 4, "{text}");
        let mut lengths = Vec::new();
        for (w, row) in s.weeks.iter().zip(&rows) {
            // Done as prescribed: every rep counted, and the load beside the bar.
            assert!(
                row.contains(&format!("{}/{}", w.reps_done, w.reps_planned)),
                "{row}"
            );
            assert_eq!(w.reps_done, w.reps_planned, "{row}");
            let load = show_number(w.knee_load_done.round());
            assert!(row.contains(&format!("{load}/")), "{row}");
            lengths.push(row.chars().filter(|c| "█▏▎▍▌▋▊▉".contains(*c)).count());
        }
        // Weeks of different loads have bars of different lengths.
        for (i, w) in s.weeks.iter().enumerate() {
            for (j, v) in s.weeks.iter().enumerate() {
                if w.knee_load_done + 1.0 < v.knee_load_done {
                    assert!(lengths[i] < lengths[j], "{text}");
                }
            }
        }
    }

    #[test]
    fn reps_sums_cannot_wrap() {
        let b = builtin(DEFAULT_TEMPLATE).unwrap();
        let t = parse(b.name, b.source).unwrap();
        let req = Request {
            weeks: 1,
            start: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            days: None,
            athlete: Default::default(),
            unit: Default::default(),
            changes: Vec::new(),
            rides: Default::default(),
        };
        let mut plan = generate(&t, &req).unwrap();
        let sessions = &mut plan.weeks[0].sessions;
        let n = sessions.len() as u64;
        // Far beyond the log's limits: a sum of u32 wrapped (or panicked in a debug build).
        for s in sessions.iter_mut() {
            let e = Entry {
                id: 1,
                date: s.date,
                status: Status::Done,
                reps: vec![u32::MAX; 3],
                load_kg: None,
                rpe: None,
                pain_during: None,
                pain_morning: None,
                symptoms: Symptoms::default(),
                note: None,
                extra: false,
            };
            s.log = Some(SessionLog::from(&e));
            s.prescription.sets = u32::MAX;
            s.prescription.reps = u32::MAX;
        }
        let s = stats(&plan, &[], NaiveDate::from_ymd_opt(2026, 12, 13).unwrap());
        assert_eq!(s.weeks[0].reps_done, n * 3 * u64::from(u32::MAX));
        // u32::MAX² fits in 64 bits; two of them saturate.
        assert_eq!(s.weeks[0].reps_planned, u64::MAX);
        assert!(csv(&s).contains(&s.weeks[0].reps_done.to_string()));
        assert!(chart(&s).contains(&s.weeks[0].reps_done.to_string()));
    }
}
