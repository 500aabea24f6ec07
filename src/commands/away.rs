//! Planned absences (a holiday recorded ahead with `vmo skip --from D --to D`) in the
//! plan. The core knows skipped sessions, not absences: each session the plan puts in an
//! absence, with nothing else logged that day, is replayed as a skip (so the future is not
//! assumed done, and the knee's gap rule applies on return as after any gap), then shown
//! as `away` — a planned absence, not a miss, in the table, the JSON, `stats` and the
//! calendar (which leaves those sessions out).

use std::collections::HashSet;

use anyhow::Result;
use chrono::NaiveDate;

use crate::plan::adapt::{Absence, Entry, LogData};
use crate::plan::{Plan, Session};

/// `plan` (made from the log's entries by `generate`) made again with its sessions in an
/// absence replayed as skips and marked away ([`crate::plan::AWAY_STATUS`]). As it was
/// when the log has no absence.
pub(crate) fn plan_with<E: Into<anyhow::Error>>(
    plan: Plan,
    log: &LogData,
    generate: impl Fn(&[Entry]) -> Result<Plan, E>,
) -> Result<Plan> {
    if log.absences.is_empty() {
        return Ok(plan);
    }
    let logged: HashSet<NaiveDate> = log
        .entries
        .iter()
        .filter(|e| !e.extra)
        .map(|e| e.date)
        .collect();
    let away: Vec<(NaiveDate, &Absence)> = plan
        .weeks
        .iter()
        .flat_map(|w| &w.sessions)
        .filter(|s| !logged.contains(&s.date))
        .filter_map(|s| covering(&log.absences, s.date).map(|a| (s.date, a)))
        .collect();
    if away.is_empty() {
        return Ok(plan);
    }
    let mut entries = log.entries.clone();
    entries.extend(away.iter().map(|(date, a)| skip(*date, a)));
    entries.sort_by_key(|e| (e.date, e.id));
    let mut plan = generate(&entries).map_err(Into::into)?;
    let unit = plan.units;
    for s in plan.weeks.iter_mut().flat_map(|w| &mut w.sessions) {
        if let Some(a) = away.iter().find(|(d, _)| *d == s.date).map(|(_, a)| *a) {
            mark(s, a, unit);
        }
    }
    Ok(plan)
}

/// The absence covering `date`, if any.
pub(crate) fn covering(absences: &[Absence], date: NaiveDate) -> Option<&Absence> {
    absences.iter().find(|a| a.covers(date))
}

/// True when the session is in a planned absence.
pub(crate) fn is_away(s: &Session) -> bool {
    s.log.as_ref().is_some_and(|l| l.is_away())
}

/// The skip the core replays for a session in absence `a` (no log row: its id is below
/// every row's).
fn skip(date: NaiveDate, a: &Absence) -> Entry {
    Entry {
        id: -a.id.max(1),
        ..Entry::skipped(date, a.reason.clone())
    }
}

/// Shows session `s` as away: its log status, and its "logged: skipped" note.
fn mark(s: &mut Session, a: &Absence, unit: crate::units::Unit) {
    let Some(l) = s.log.as_mut() else {
        return;
    };
    let old = l.summary(unit);
    l.status = crate::plan::AWAY_STATUS.to_string();
    l.id = None;
    let text = words(a);
    match s.notes.iter_mut().find(|n| **n == old) {
        Some(n) => *n = text,
        None => s.notes.push(text),
    }
}

/// "away (planned absence 2026-12-21 to 2027-01-03) · “holiday”".
pub(crate) fn words(a: &Absence) -> String {
    let mut t = format!("away (planned absence {} to {})", a.from, a.to);
    if let Some(r) = &a.reason {
        t.push_str(&format!(" · “{r}”"));
    }
    t
}
