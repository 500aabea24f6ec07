//! The weekly series of a plan followed from a log: adherence, reps prescribed against
//! done, knee load prescribed against done, and the week's highest pain during and next
//! morning. Pure (plan and extra entries in, numbers out): `vmo stats` prints it and
//! `vmo report` draws it.

use serde::Serialize;

use crate::plan::Plan;
use crate::plan::adapt::{Entry, Status};

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
            if s.log.as_ref().is_some_and(|l| l.is_away()) {
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
                    // No reps logged: done as prescribed.
                    done = if l.reps.is_empty() {
                        done.saturating_add(
                            u64::from(s.prescription.sets) * u64::from(s.prescription.reps),
                        )
                    } else {
                        l.reps
                            .iter()
                            .fold(done, |sum, &r| sum.saturating_add(u64::from(r)))
                    };
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
            // Every session as prescribed: the week's summary counts the reps logged once
            // a week is logged (the guards' measure), which is not what was prescribed.
            knee_load: (w.sessions.iter().map(|s| s.knee_load).sum::<f64>() * 10.0).round() / 10.0,
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
