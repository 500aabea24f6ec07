//! `vmo stats`: adherence, weekly reps planned against done, and knee pain during and the
//! next morning beside the week's knee load — a chart that fits 80 columns, or the same
//! series as JSON/CSV for plotting elsewhere.

use std::path::Path;

use anyhow::Result;
use clap::{Args, ValueEnum};
use serde::Serialize;

use super::common::{emit, load_template, log_for, make_plan, today};
use crate::cli::{OutputArgs, PlanInputs};
use crate::config::Profile;
use crate::log::Notes;
use crate::plan::Plan;
use crate::plan::adapt::{Entry, Status};
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

/// Sessions planned so far and what became of them.
#[derive(Debug, Default, Serialize, PartialEq)]
pub struct Adherence {
    /// Sessions dated up to today.
    pub planned: u32,
    /// Logged as done.
    pub done: u32,
    /// Logged as skipped.
    pub skipped: u32,
    /// Past with nothing logged.
    pub missed: u32,
    /// Not logged yet (today's).
    pub pending: u32,
    /// In a planned absence (`vmo skip --from --to`): not counted as planned, so an
    /// absence planned ahead is never a miss.
    pub away: u32,
    /// Before the first log entry (not counted as planned: logging had not begun).
    pub unlogged: u32,
}

/// One week of the series.
#[derive(Debug, Serialize, PartialEq)]
pub struct WeekStats {
    /// Week number.
    pub week: u32,
    /// First day.
    pub start: chrono::NaiveDate,
    /// A deload week.
    pub deload: bool,
    /// What became of the week's sessions.
    pub sessions: Adherence,
    /// Reps prescribed (sets × reps, every session; 64 bits and saturating, so a sum
    /// cannot wrap).
    pub reps_planned: u64,
    /// Reps logged as done, extra sessions' too.
    pub reps_done: u64,
    /// Extra sessions done (not planned).
    pub extra_sessions: u32,
    /// The week's knee load as prescribed (after the log's changes), in the plan's
    /// volume unit.
    pub knee_load: f64,
    /// The knee load of what was done: each done session's prescription scaled by the
    /// reps logged, extra sessions at the week's load per rep; skipped and missed
    /// sessions count nothing.
    pub knee_load_done: f64,
    /// Highest pain during a session (0–10), extra sessions' too, if any was logged.
    pub pain_during_max: Option<f64>,
    /// Highest next-morning pain (0–10), if any was logged.
    pub pain_morning_max: Option<f64>,
}

/// The whole report.
#[derive(Debug, Serialize, PartialEq)]
pub struct Stats {
    /// Every session up to today.
    pub adherence: Adherence,
    /// Unit of `knee_load`.
    pub volume_unit: String,
    /// The person's unit (`kg` or `lb`): the text shows a knee load in `kg` in it.
    pub units: crate::units::Unit,
    /// Weeks that have started by today.
    pub weeks: Vec<WeekStats>,
    /// The knee as the plan reads it (the same state; `null` without a log).
    pub knee: Option<crate::plan::knee_state::KneeSummary>,
}

/// The report for the weeks of `plan` that have started by `today`; `extras` are the
/// log's extra sessions (the planned ones are on the plan's sessions), which a
/// clinician must see too: their reps, load and pain.
pub fn stats(plan: &Plan, extras: &[Entry], today: chrono::NaiveDate) -> Stats {
    let mut total = Adherence::default();
    let mut weeks = Vec::new();
    for w in plan.weeks.iter().filter(|w| w.start <= today) {
        let mut a = Adherence::default();
        let (mut planned, mut done) = (0u64, 0u64);
        let (mut during, mut morning): (Option<f64>, Option<f64>) = (None, None);
        let mut load_done = 0.0;
        // The week's knee load per prescribed rep, for extra sessions.
        let per_rep = w
            .sessions
            .iter()
            .find(|s| s.kind == crate::plan::SessionKind::Hard)
            .or(w.sessions.first())
            .map(|s| {
                let reps = f64::from(s.prescription.sets) * f64::from(s.prescription.reps);
                (s.knee_load / reps.max(1.0), reps)
            });
        for s in w.sessions.iter().filter(|s| s.date <= today) {
            if super::away::is_away(s) {
                a.away += 1;
                continue;
            }
            if s.log.is_none() && s.date < today {
                a.unlogged += 1;
                continue;
            }
            a.planned += 1;
            planned = planned
                .saturating_add(u64::from(s.prescription.sets) * u64::from(s.prescription.reps));
            match s.log.as_ref().map(|l| l.status.as_str()) {
                Some("done") => {
                    a.done += 1;
                    let l = s.log.as_ref().expect("matched");
                    done = l
                        .reps
                        .iter()
                        .fold(done, |sum, &r| sum.saturating_add(u64::from(r)));
                    let prescribed =
                        f64::from(s.prescription.sets) * f64::from(s.prescription.reps);
                    load_done += if l.reps.is_empty() || prescribed == 0.0 {
                        s.knee_load
                    } else {
                        s.knee_load * l.reps.iter().map(|r| f64::from(*r)).sum::<f64>() / prescribed
                    };
                    during = max(during, l.pain_during);
                    morning = max(morning, l.pain_morning);
                }
                Some("skipped") => a.skipped += 1,
                Some(_) => a.missed += 1,
                None => a.pending += 1,
            }
        }
        let mut extra_sessions = 0;
        for e in extras.iter().filter(|e| {
            e.extra && e.status == Status::Done && e.date >= w.start && e.date <= w.end.min(today)
        }) {
            extra_sessions += 1;
            done = if e.reps.is_empty() {
                // "As prescribed": the week's session.
                done.saturating_add(per_rep.map_or(0, |(_, r)| r as u64))
            } else {
                e.reps
                    .iter()
                    .fold(done, |sum, &r| sum.saturating_add(u64::from(r)))
            };
            if let Some((per_rep, session_reps)) = per_rep {
                let reps = if e.reps.is_empty() {
                    session_reps
                } else {
                    e.reps.iter().map(|r| f64::from(*r)).sum()
                };
                load_done += per_rep * reps;
            }
            during = max(during, e.pain_during);
            morning = max(morning, e.pain_morning);
        }
        total.planned += a.planned;
        total.done += a.done;
        total.skipped += a.skipped;
        total.missed += a.missed;
        total.pending += a.pending;
        total.away += a.away;
        total.unlogged += a.unlogged;
        weeks.push(WeekStats {
            week: w.number,
            start: w.start,
            deload: w.deload,
            sessions: a,
            reps_planned: planned,
            reps_done: done,
            extra_sessions,
            knee_load: (w.summary.volume * 10.0).round() / 10.0,
            knee_load_done: (load_done * 10.0).round() / 10.0,
            pain_during_max: during,
            pain_morning_max: morning,
        });
    }
    Stats {
        adherence: total,
        volume_unit: plan.volume_unit.clone(),
        units: plan.units,
        weeks,
        knee: plan.knee.clone(),
    }
}

fn max(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, None) => x,
        (None, y) => y,
    }
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
    const BAR: usize = 16;
    // A week counts what was done once logging has begun; before it, nothing is known.
    let logged = |w: &WeekStats| w.sessions.planned + w.extra_sessions > 0;
    let top = s
        .weeks
        .iter()
        .map(|w| {
            w.knee_load
                .max(if logged(w) { w.knee_load_done } else { 0.0 })
        })
        .fold(0.0_f64, f64::max)
        .max(1e-9);
    // A knee load in effective kilograms reads in pounds for a pound user (as the plan's).
    let (scale, unit_words) = if s.volume_unit == "kg" {
        (s.units.from_kg(1.0), s.units.as_str())
    } else {
        (1.0, s.volume_unit.as_str())
    };
    let n = |v: f64| show_number((v * scale).round());
    out.push_str(&format!(
        "\nKnee load done, in {} (bar), and done/prescribed.\nPain 0–10, the week's highest (extra sessions too): # during, o next morning.\n{:<5} {:>6}/{:<6} {:<BAR$} {:>13} Pain\n",
        unit_words, "Week", "Reps", "plan", "Knee load", "done/presc."
    ));
    for w in &s.weeks {
        let (bar, load) = if logged(w) {
            (
                bar(w.knee_load_done / top, BAR),
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
    use crate::plan::adapt::{SessionLog, Symptoms};
    use crate::plan::{Request, generate};
    use crate::template::{DEFAULT_TEMPLATE, builtin, parse};
    use chrono::NaiveDate;

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
