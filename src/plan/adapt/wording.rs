//! The words of what the training log did to the plan: the notes of a session judged, of
//! a week ended (held, stepped back, missed, resting after a red flag), of the generator's
//! changes from the log (a gap, the rest rule, a load missed twice, the 1RM estimate), and
//! a logged session as the plan shows it. The tracker and the generator decide; this file
//! only says it, and only when the words are needed.

use std::fmt;

use chrono::NaiveDate;

use crate::plan::knee::depth_words;
use crate::plan::knee_state::{Alert, AlertKind, Pain0, Verdict};
use crate::plan::model::{Note, Prescription, SessionLog};
use crate::plan::step::{Cause, Levels};
use crate::template::{Adapt, Pain};
use crate::units::{Unit, show_number as n};

/// `Mon 7 Dec 2026`: a date as a person says it, written only when a note uses it (most
/// sessions need no words).
pub(super) struct WeekdayDate(pub(super) NaiveDate);

impl fmt::Display for WeekdayDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use chrono::Datelike;
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let d = self.0;
        write!(
            f,
            "{} {} {} {}",
            crate::day::Day::from_weekday(d.weekday()).title(),
            d.day(),
            MONTHS[d.month0() as usize],
            d.year()
        )
    }
}

/// The session a note is about: `Mon 7 Dec 2026`, or `an extra session on Mon 7 Dec 2026`.
#[derive(Clone, Copy)]
pub(super) struct SessionDay {
    pub(super) date: NaiveDate,
    pub(super) extra: bool,
}

impl fmt::Display for SessionDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.extra {
            write!(f, "an extra session on {}", WeekdayDate(self.date))
        } else {
            WeekdayDate(self.date).fmt(f)
        }
    }
}

/// `12,12,9`.
fn reps_text(reps: &[u32]) -> String {
    reps.iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// What the knee's verdict on a session was, naming the reading that decided it.
pub(super) fn verdict(v: &Verdict, on: &SessionDay) -> String {
    match v {
        Verdict::RedFlag(Pain0::Symptoms(s)) => format!("{} logged on {on}", s.words()),
        Verdict::RedFlag(Pain0::During(p))
        | Verdict::Flare(Pain0::During(p))
        | Verdict::Amber(Pain0::During(p)) => format!("knee pain {}/10 on {on}", n(*p)),
        Verdict::RedFlag(Pain0::Morning(m, _)) => {
            format!("knee pain {}/10 the morning after {on}", n(*m))
        }
        Verdict::Flare(Pain0::Morning(m, base)) | Verdict::Amber(Pain0::Morning(m, base)) => {
            format!(
                "knee pain {}/10 the morning after {on} (usually {}/10)",
                n(*m),
                n((base * 10.0).round() / 10.0)
            )
        }
        _ => String::new(),
    }
}

/// [`verdict`], worded when read.
pub(super) fn verdict_note(v: &Verdict, on: SessionDay) -> Note {
    let v = v.clone();
    Note::later(move || verdict(&v, &on))
}

/// Pain above the ideal during technique-only weeks.
pub(super) fn still_technique(ideal: f64, on: SessionDay) -> Note {
    Note::later(move || {
        format!(
            "knee pain above {}/10 on {on}: still technique only",
            n(ideal)
        )
    })
}

/// A next-morning pain above the ideal: hold.
pub(super) fn morning_hold(m: f64, on: SessionDay) -> Note {
    Note::later(move || {
        format!(
            "knee pain {}/10 the morning after {on}: same again, no progression",
            n(m)
        )
    })
}

/// Pain above the ideal during a session: hold.
pub(super) fn amber_hold(why: Note) -> Note {
    Note::later(move || format!("{why}: same again, no progression"))
}

/// A flare while the recurring-pain alert waits for the clinician: a hold, not another
/// step back.
pub(super) fn referred_hold(why: Note) -> Note {
    Note::later(move || {
        format!(
            "{why}: holding here, no further step back, until you have seen your clinician about the recurring pain (`vmo acknowledge`)"
        )
    })
}

/// Targets missed in sessions in a row: a step back.
pub(super) fn targets_missed(
    target: &Prescription,
    sessions: u32,
    last: NaiveDate,
    logged: &[u32],
) -> String {
    format!(
        "{}×{} not reached in {sessions} sessions in a row (last on {}: {})",
        target.sets,
        target.reps,
        WeekdayDate(last),
        reps_text(logged)
    )
}

/// Targets beaten in sessions in a row: an extra load step.
pub(super) fn targets_beaten(
    target: &Prescription,
    a: &Adapt,
    last: NaiveDate,
    logged: &[u32],
) -> String {
    format!(
        "{} sessions in a row beat {}×{} by {}+ reps (last on {}: {})",
        a.beat_sessions,
        target.sets,
        target.reps,
        a.beat_reps,
        WeekdayDate(last),
        reps_text(logged)
    )
}

/// Back after a clinician's clearance and settled technique sessions.
///
/// The numbers are the session's own (and the way back's note says how they were cut):
/// the levels the plan heads for are not what this week prescribes.
pub(super) fn cleared(settled_sessions: u32) -> String {
    format!(
        "cleared by a clinician, and {settled_sessions} settled technique sessions: building up again from here, below where the flag found the knee"
    )
}

/// The words of a red flag's rest that stop being true once a clinician has seen the knee.
pub(crate) const UNTIL_CLEARED: &str = "no squats until a clinician has seen the knee";

/// In every note that holds the plan for the recurring-pain alert (dropped from a week's
/// notes once `vmo acknowledge` is recorded).
pub(crate) const UNTIL_ACKNOWLEDGED: &str = "(`vmo acknowledge`)";

/// A week of technique-only sessions after a red flag (`why`: this week's flag).
pub(super) fn red_flag_rest(why: Option<Note>, settled_sessions: u32, pain: Pain) -> Note {
    Note::later(move || {
        let why = why
            .as_ref()
            .map(|why| format!("{why}: "))
            .unwrap_or_default();
        format!(
            "{why}red flag — stop and see a clinician before training again; {UNTIL_CLEARED} (record it with `vmo cleared`), then technique sessions until {settled_sessions} in a row have pain ≤ {}/10",
            n(pain.during_ideal)
        )
    })
}

/// Weeks held for pain above the ideal, now a step back (`hold`: the last week's hold).
pub(super) fn amber_weeks(ideal: f64, hold: Option<Note>) -> Note {
    Note::later(move || {
        let hold = hold.as_ref().map(Note::text).unwrap_or_default();
        format!(
            "knee pain above {}/10 for {} weeks running ({hold})",
            n(ideal),
            super::AMBER_WEEKS
        )
    })
}

/// A second step back soon after the first: an early deload.
pub(super) fn second_step_back(why: Note) -> Note {
    Note::later(move || {
        format!(
            "a second step back within {} weeks ({why})",
            super::EARLY_DELOAD_WINDOW
        )
    })
}

/// A week stepped back (`change`: the step taken now, for weeks held for pain).
pub(super) fn stepped_back(
    change: Option<String>,
    why: Note,
    cause: Cause,
    settled_sessions: u32,
    pain: Pain,
) -> Note {
    Note::later(move || {
        let what = match cause {
            Cause::Pain => format!(
                "no progression until {settled_sessions} sessions in a row with pain ≤ {}/10 and no morning flare",
                n(pain.during_ideal)
            ),
            Cause::Performance => "one step back".to_string(),
        };
        let change = change
            .as_ref()
            .map(|c| format!("{c}, "))
            .unwrap_or_default();
        format!("{change}{why}: {what}")
    })
}

/// Weeks with no session done (`weeks_back`: how far before the last completed week the
/// plan goes back, `None` with none completed in the phase).
pub(super) fn missed_weeks(missed: u32, number: u32, weeks_back: Option<usize>) -> Note {
    Note::later(move || missed_weeks_text(missed, number, weeks_back))
}

fn missed_weeks_text(missed: u32, number: u32, weeks_back: Option<usize>) -> String {
    let text = match weeks_back {
        None => "this week's prescription again".to_string(),
        Some(0) => "the last completed week again".to_string(),
        Some(k) => format!("{k} week(s) before the last completed one"),
    };
    let weeks = if missed == 1 {
        "no session done this week".to_string()
    } else {
        format!("{missed} weeks in a row without a session")
    };
    format!("{weeks} (week {number}): {text}")
}

/// Progression waiting for the knee to settle.
pub(super) fn waits_for_settled(sessions: u32, ideal: f64) -> Note {
    Note::later(move || {
        format!(
            "progression waits for {sessions} more session(s) with pain ≤ {}/10",
            n(ideal)
        )
    })
}

/// A session of the week not done.
pub(super) fn session_not_done(d: NaiveDate) -> Note {
    Note::later(move || {
        format!(
            "session of {} not done: this week holds instead of progressing",
            WeekdayDate(d)
        )
    })
}

/// A step back taken within a week (`what`: the lever it moved; `None`: nothing left).
pub(crate) fn step_back_note(what: Option<String>, why: Note) -> Note {
    Note::later(move || match &what {
        Some(what) => format!("{what}: {why}"),
        None => format!("nothing left to step back: {why}"),
    })
}

/// The note on the session after a red flag.
pub(crate) fn red_flag_note(why: &str, technique: &Levels) -> String {
    format!(
        "red flag ({why}): stop and see a clinician before training again; once cleared, technique sessions first: {}×{} bodyweight to {:.0}° ({})",
        technique.sets,
        technique.reps,
        technique.depth,
        depth_words(technique.depth)
    )
}

/// A recovery day's guidance: the template's, unless an alert is in force — after a red
/// flag "activity as the knee allows" would contradict "stop and see a clinician", so the
/// day says the one thing that matters (every renderer shows the guidance).
pub(crate) fn recovery_guidance(alerts: &[Alert], usual: &str) -> String {
    if let Some(a) = alerts.iter().find(|a| a.kind == AlertKind::RedFlag) {
        return format!(
            "Red flag since {}: rest the knee from squats, running and jumping and see a clinician; `vmo cleared` once seen",
            a.since
        );
    }
    if alerts.iter().any(|a| a.kind == AlertKind::RecurringPain) {
        return format!("See your clinician about the recurring pain (`vmo acknowledge`). {usual}");
    }
    usual.to_string()
}

/// An alert as a session's note: short, since it repeats on every session it affects.
pub(crate) fn alert_note(a: &Alert) -> String {
    match a.kind {
        AlertKind::RedFlag => format!(
            "⚠ red flag since {}: see a clinician; no squats until you record `vmo cleared`",
            a.since
        ),
        AlertKind::RecurringPain => format!(
            "⚠ recurring knee pain since {}: see your clinician; holding until `vmo acknowledge`",
            a.since
        ),
    }
}

/// The 1RM estimate the log's sets moved.
pub(crate) fn one_rep_max(unit: Unit, from: Option<f64>, to: f64) -> String {
    format!(
        "1RM estimate from your logged sets: {} → {} (loads follow it)",
        from.map_or("none".to_string(), |m| unit.show(m)),
        unit.show(to)
    )
}

/// A load held below one missed twice.
pub(crate) fn below_missed_twice(unit: Unit, max_kg: f64) -> String {
    format!(
        "below {}: missed twice there; not again before the 1RM estimate rises (or a re-test)",
        unit.show(max_kg)
    )
}

/// A session of the first weeks back after a clearance, made lighter.
/// `planned` and `now` name the sessions (`4×4 at 80 kg`, see `Rules::volume_text`).
/// `loaded`: the template carries a weight (a bodyweight plan is not told "bodyweight for
/// two weeks").
pub(crate) fn first_weeks_after_clearance(
    planned: &str,
    now: &str,
    from: f64,
    to: f64,
    loaded: bool,
) -> String {
    format!(
        "way back after the red flag: {now} instead of {planned} (knee load {} → {}): {}about half the load before the flag at first, then at most a fifth more a week",
        crate::plan::step::knee_load_number(from),
        crate::plan::step::knee_load_number(to),
        if loaded {
            "bodyweight for two weeks, "
        } else {
            ""
        },
    )
}

/// A deload kept below the last session prescribed before it (which the log lowered).
pub(crate) fn deload_below_last(now: &str) -> String {
    format!("the deload is {now}: no lever above the last session before it, as the log left it")
}

/// The week a weight comes back after a clearance: the other levers stay.
pub(crate) fn kept_while_weight_returns(unit: Unit, depth: f64, heel_cm: f64) -> String {
    format!(
        "depth {}° and heel {} kept this week: the weight comes back first, one change at a time",
        n(depth),
        unit.show_height(heel_cm)
    )
}

/// The first session back after a gap, lighter than the last week done.
/// `now` names the session (`3×8 at 40 kg`, see `Rules::volume_text`).
pub(crate) fn back_after_gap(days: i64, now: &str, factor: f64, from: f64, to: f64) -> String {
    format!(
        "back after {days} days without a session: {now} (about {:.0} % of the last week done, knee load {} → {}), building back up from here",
        factor * 100.0,
        crate::plan::step::knee_load_number(from),
        crate::plan::step::knee_load_number(to),
    )
}

/// The recurring-pain hold, going back to where the alert found the person.
/// (No number for this week: a deload may fall on it.)
pub(crate) fn hold_back_to(hold: &str, now: &str, peak: &str) -> String {
    if now == peak {
        format!("{hold}; the knee has settled: back at {peak}, where the alert found it")
    } else {
        format!(
            "{hold}; the knee has settled: climbing back towards {peak}, where the alert found it, by at most a fifth a week"
        )
    }
}

/// A hard session made light by the rest rule.
pub(crate) fn too_soon(after: NaiveDate, hours: i64, min_rest_hours: u32) -> String {
    format!(
        "light: only {hours} h after the session done on {after} (at least {min_rest_hours} h between hard sessions)"
    )
}

/// Said on the session after a training day left out where a change of days met the old
/// schedule (see the generator's periods).
pub(crate) fn left_out_after_change(
    date: NaiveDate,
    changed: NaiveDate,
    last_hard: NaiveDate,
    min_rest_hours: u32,
) -> String {
    format!(
        "no session on {date} ({day}): the training days changed from {changed}, and the hard session on {last_hard} was less than {min_rest_hours} h before it",
        day = date.format("%a")
    )
}

/// Said on the session after a training day left out because the week the days changed
/// in already had a week's sessions.
pub(crate) fn week_full_after_change(date: NaiveDate, changed: NaiveDate, sessions: u32) -> String {
    format!(
        "no session on {date} ({day}): the training days changed from {changed}, and this week already had its {sessions} sessions",
        day = date.format("%a")
    )
}

/// A technique-only session's note: while a red flag waits for a clinician (`waiting`),
/// or after the clearance until the knee has settled.
pub(crate) fn technique_only(waiting: bool, settled_sessions: u32) -> String {
    if waiting {
        "technique only after a red flag: see a clinician before training again".to_string()
    } else {
        format!(
            "technique only after a red flag, until {settled_sessions} sessions in a row have settled: then the plan builds back up"
        )
    }
}

/// A rest day's advice while the knee comes back from a red flag.
pub(crate) const RETURNING_GUIDANCE: &str = "Back from a red flag: walking and easy cycling are fine; leave running and jumping until the squats are back to their usual load";

/// A rest day's advice while the knee has flared (pain above the acceptable range, or a
/// morning worse than usual) and has not settled since.
pub(crate) const FLARE_GUIDANCE: &str = "The knee flared: rest it from running, jumping, stairs taken fast and deep knee bends today; easy walking or cycling is fine while it stays at 2/10 or less";

impl SessionLog {
    /// One line for the plan's notes: what was logged, loads in `unit`.
    pub fn summary(&self, unit: crate::units::Unit) -> String {
        use std::fmt::Write;
        let n = crate::units::show_number;
        // One string written in place: every logged session of a plan gets this note.
        let mut t = String::with_capacity(64);
        t.push_str("logged: ");
        t.push_str(match self.status.as_str() {
            "missed" => "missed (nothing logged)",
            s => s,
        });
        if let Some((first, rest)) = self.reps.split_first() {
            let _ = write!(t, " · reps {first}");
            // A long entry (up to 200 sets) is summed up, not listed: one line a note.
            for r in rest.iter().take(SHOWN_SETS - 1) {
                let _ = write!(t, ",{r}");
            }
            if self.reps.len() > SHOWN_SETS {
                let _ = write!(t, ",… ({} sets)", self.reps.len());
            }
        }
        if let Some(kg) = self.load_kg {
            let _ = write!(t, " · {}", unit.show(kg));
        }
        if let Some(r) = self.rpe {
            let _ = write!(t, " · RPE {}", n(r));
        }
        if let Some(p) = self.pain_during {
            let _ = write!(t, " · pain {}/10", n(p));
        }
        if let Some(p) = self.pain_morning {
            let _ = write!(t, " · next morning {}/10", n(p));
        }
        if self.symptoms.any() {
            let _ = write!(t, " · {}", self.symptoms.words());
        }
        if let Some(note) = &self.note {
            let _ = write!(t, " · “{note}”");
        }
        t
    }
}

/// Most sets a logged session's summary lists; more are counted instead.
const SHOWN_SETS: usize = 12;

/// Kilometres as shown in notes: whole numbers, one decimal under ten.
fn km(v: f64) -> String {
    if v < 10.0 {
        format!("{v:.1}").trim_end_matches(".0").to_string()
    } else {
        format!("{v:.0}")
    }
}

/// The week's note when the running guard holds the squats (DESIGN §9; weak evidence).
pub(crate) fn running_hold(km_now: f64, km_before: f64, ceiling: f64) -> String {
    let why = if km_now > ceiling {
        format!("over the {} km ceiling", km(ceiling))
    } else if km_before > 0.0 {
        format!(
            "{:.0} % more than the week before ({} km)",
            (km_now / km_before - 1.0) * 100.0,
            km(km_before)
        )
    } else {
        "after a week without running".to_string()
    };
    format!(
        "Running {} km this week, {why}: the squats stay at last week's numbers (running loads the kneecap too; weak evidence, docs/rides.md)",
        km(km_now)
    )
}

/// The week after one that ran over the ceiling: every session again, at the numbers
/// before, not a step up on top of the running block.
pub(crate) fn back_from_running_week(km_before: f64) -> String {
    format!(
        "Every session again after last week's {} km of running, at the numbers before it: no step up this week",
        km(km_before)
    )
}

/// Why a session is left out in a week that runs over the ceiling.
pub(crate) fn running_one_session(km_now: f64, ceiling: f64) -> String {
    format!(
        "No squats today: running {} km this week is over the {} km ceiling, so one maintenance session this week",
        km(km_now),
        km(ceiling)
    )
}

/// The adjustment of a week whose sessions the rides moved, lightened or left out.
pub(crate) fn around_rides_week(week: u32, shown: f64, planned: f64) -> String {
    format!(
        "week {week}: sessions placed around your rides and runs, knee load {:.0} % of the week planned; the week after is measured against the weeks before it, as after a deload",
        shown / planned * 100.0
    )
}

/// Said once on stderr when the rides take most of the plan's hard sessions: how to make
/// room (a spare day is only suggested when none is given).
pub(crate) fn rides_leave_little_room(cut: u32, planned: u32, spare_given: bool) -> String {
    let spare = if spare_given {
        ""
    } else {
        "a spare day (--spare-days) gives them somewhere to go, and "
    };
    format!(
        "around your rides, {cut} of {planned} hard sessions are light or left out: {spare}times for both (`at` and a timed calendar) let squats share a day with a ride 6 h apart"
    )
}
