//! The pure generator: template + request → [`Plan`]. No clock, no I/O, no randomness.
//!
//! The rules live in [`super::step`]; this module checks the request, lays the template's
//! phases out over the plan's weeks, folds the step over the weeks and lays the sessions out on
//! the calendar.

use chrono::{Days, NaiveDate};

use crate::day::Day;
use crate::template::{Phase, Template};

use super::adapt::wording;
use super::adapt::{Log, Signal, Tracker};
use super::model::*;
use super::schedule;
use super::step::{Outcome, Rules, WeekKind};

/// Longest plan, in weeks (ten years).
pub const MAX_WEEKS: u32 = 520;

/// Everything the generator needs besides the template.
#[derive(Debug, Clone)]
pub struct Request {
    /// Plan length in weeks, 1 to [`MAX_WEEKS`].
    pub weeks: u32,
    /// The first session is on the first training day on or after this date.
    pub start: NaiveDate,
    /// Training days; `None` uses the template's.
    pub days: Option<Vec<Day>>,
    /// Facts about the person.
    pub athlete: Athlete,
    /// Unit for weights in notes.
    pub unit: crate::units::Unit,
    /// Dated changes of the inputs, in date order: `days` and `athlete` above hold until
    /// the first; each holds from its date on (the past keeps what it was planned with).
    pub changes: Vec<Change>,
    /// The person's own rides and runs: the squats are placed around them.
    pub rides: super::rides::RideCalendar,
}

/// A change of the plan's inputs from a date on (DESIGN §8: the plan on a timeline).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The first day the change applies to.
    pub from: NaiveDate,
    /// Training days from then on; `None` uses the template's.
    pub days: Option<Vec<Day>>,
    /// The person from then on (bodyweight, 1RM, equipment, variant).
    pub athlete: Athlete,
}

/// The training days in force over a stretch of the plan, and what they make.
struct Period {
    from: NaiveDate,
    days: Vec<Day>,
    kinds: Vec<SessionKind>,
    hard: u32,
    /// Which athlete of [`Rules`] holds (see [`Rules::set_period`]).
    rules: usize,
    /// The 1RM the change sets, when it sets one (the log's estimate restarts from it).
    one_rep_max: Option<f64>,
}

impl Period {
    fn has_light(&self) -> bool {
        self.hard < self.days.len() as u32
    }
}

/// Running under this many km in a week is never a rise the running guard holds for.
const MIN_RUN_KM: f64 = 5.0;

/// The kind of session the training days in force on `date` make there.
fn placed_kind(periods: &[Period], date: NaiveDate) -> SessionKind {
    let p = &periods[period_at(periods, date)];
    let wd = Day::from_weekday(chrono::Datelike::weekday(&date));
    p.days
        .iter()
        .position(|d| *d == wd)
        .map_or(SessionKind::Hard, |di| p.kinds[di])
}

/// The period in force on `date`.
fn period_at(periods: &[Period], date: NaiveDate) -> usize {
    periods.iter().rposition(|p| p.from <= date).unwrap_or(0)
}

/// Why a plan cannot be made from these inputs (always the user's input to fix).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// `--weeks` outside 1..=MAX_WEEKS.
    #[error("a plan of {0} weeks is out of range (allowed 1 to {MAX_WEEKS})")]
    Weeks(u32),
    /// A plan that would run past the last date the calendar formats can write.
    #[error(
        "a plan starting {0} for {1} weeks would end after 9999-12-31; pick an earlier --start"
    )]
    TooLate(NaiveDate, u32),
    /// A start before year 1, which ISO 8601 calendar dates cannot write.
    #[error("a plan cannot start on {0}; the earliest start is 0001-01-01")]
    TooEarly(NaiveDate),
    /// Training days that break the rest rules.
    #[error("{0}")]
    Days(String),
}

/// Which phase, and which week of it (0-based), each plan week belongs to.
///
/// Phases keep their written length whatever the plan's length (a rehab phase is a
/// clinical choice, not a stretchable span; DESIGN §3): they run as written and the last one
/// continues for as long as the plan does (an open-ended last phase — no `weeks` — is simply
/// the one that takes the extra weeks). A plan shorter than the template stops where its
/// weeks run out, so the plan for `n` weeks is always the first `n` weeks of a longer one
/// and a date's prescription never depends on `--weeks`.
pub fn fit_phases(phases: &[Phase], weeks: u32) -> Vec<(usize, u32)> {
    let last = phases.len().saturating_sub(1);
    phases
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            let len = if i == last {
                weeks
            } else {
                p.weeks.unwrap_or(0)
            };
            (0..len).map(move |w| (i, w))
        })
        .take(weeks as usize)
        .collect()
}

/// Default active-recovery suggestions for templates that give none: activity as the knee
/// allows, not a ban (DESIGN §6).
pub const DEFAULT_GUIDANCE: [&str; 4] = [
    "Recovery day: walk, cycle or swim at an easy pace if the knee is quiet",
    "Straighten each knee fully a few times today and hold it for a breath",
    "Go about your day as the knee allows; ease off what makes it ache for more than an hour",
    "If the knee is sore today, keep activity gentle and let it settle before the next session",
];

/// What a session's signal does to the levels the rest of the week is trained at: a step
/// back, or the technique levels after a red flag (which also raises `alert`). Returns
/// the note for the next session, `None` when nothing changes.
fn apply(
    rules: &Rules<'_>,
    phase: usize,
    signal: Signal,
    current: &mut super::step::Levels,
) -> Option<Note> {
    match signal {
        Signal::StepBack(why, cause) => Some(match rules.step_back(phase, current, cause) {
            Some((n, what)) => {
                *current = n;
                wording::step_back_note(Some(what), why)
            }
            None => wording::step_back_note(None, why),
        }),
        Signal::RedFlag(why) => {
            *current = rules.technique_levels(phase, current);
            Some(wording::red_flag_note(&why.text(), current).into())
        }
        Signal::Hold(_) | Signal::None => None,
    }
}

/// Builds the plan: [`Rules::step`] folded over the weeks, every week done as prescribed.
/// Pure: the same inputs always give the same plan.
pub fn generate(template: &Template, req: &Request) -> Result<Plan, PlanError> {
    generate_with_log(template, req, None)
}

/// Builds the plan adapted to a training log: past sessions show what was logged, and
/// every week is planned by [`Rules::step`] from how the weeks before it went (see
/// [`super::adapt`]). Without a log — or with an empty one — this is [`generate`].
pub fn generate_with_log(
    template: &Template,
    req: &Request,
    log: Option<Log<'_>>,
) -> Result<Plan, PlanError> {
    if req.weeks == 0 || req.weeks > MAX_WEEKS {
        return Err(PlanError::Weeks(req.weeks));
    }
    // ISO 8601 and iCalendar dates have four-digit years; a week of slack covers the
    // first training day falling after `start`.
    let first = NaiveDate::from_ymd_opt(1, 1, 1).expect("valid date");
    if req.start < first {
        return Err(PlanError::TooEarly(req.start));
    }
    let last = NaiveDate::from_ymd_opt(9999, 12, 31).expect("valid date");
    let end = req
        .start
        .checked_add_days(Days::new(7 * (u64::from(req.weeks) + 1)));
    if end.is_none_or(|e| e > last) {
        return Err(PlanError::TooLate(req.start, req.weeks));
    }
    let days = req.days.clone().unwrap_or_else(|| template.days.clone());
    let rec = &template.recovery;
    let mut notices = Vec::new();
    let mut periods: Vec<Period> = Vec::with_capacity(1 + req.changes.len());
    for (i, (from, d)) in std::iter::once((NaiveDate::MIN, &req.days))
        .chain(req.changes.iter().map(|c| (c.from, &c.days)))
        .enumerate()
    {
        let d = d.clone().unwrap_or_else(|| template.days.clone());
        let kinds = schedule::classify(&d, rec.min_rest_hours, template.light_session.is_some())
            .map_err(|e| match i {
                0 => PlanError::Days(e),
                _ => PlanError::Days(format!("from {from}: {e}")),
            })?;
        for n in schedule::light_notices(&d, &kinds, rec.min_rest_hours) {
            if !notices.contains(&n) {
                notices.push(n);
            }
        }
        periods.push(Period {
            from,
            hard: kinds.iter().filter(|k| **k == SessionKind::Hard).count() as u32,
            days: d,
            kinds,
            rules: i,
            one_rep_max: None,
        });
    }
    let mut rules = Rules::new(
        template,
        &req.athlete,
        req.unit,
        periods[0].hard,
        fit_phases(&template.phases, req.weeks),
    );
    let mut before = req.athlete.one_rep_max_kg;
    for (c, p) in req.changes.iter().zip(periods.iter_mut().skip(1)) {
        p.rules = rules.add_period(&c.athlete);
        p.one_rep_max = c
            .athlete
            .one_rep_max_kg
            .filter(|_| c.athlete.one_rep_max_kg != before);
        before = c.athlete.one_rep_max_kg;
    }
    let rules = rules;

    let first = (0..7)
        .map(|i| req.start + Days::new(i))
        .find(|d| days.contains(&Day::from_weekday(chrono::Datelike::weekday(d))))
        .expect("a listed day falls within any 7 days");
    let guidance: Vec<&str> = if rec.guidance.is_empty() {
        DEFAULT_GUIDANCE.to_vec()
    } else {
        rec.guidance.iter().map(String::as_str).collect()
    };
    let purpose = template.light_session.as_ref().map(|ls| {
        ls.note
            .clone()
            .unwrap_or_else(|| "Light technique session between hard days".to_string())
    });

    let mut weeks = Vec::with_capacity(req.weeks as usize);
    let mut adjustments = Vec::new();
    let mut state = rules.first();
    let mut recovery_count = 0usize;
    let mut outcome = Outcome::AsPrescribed;
    let knee_load = |p: &Prescription, e: &super::adapt::Entry| {
        let reps = if e.reps.is_empty() {
            u64::from(p.sets) * u64::from(p.reps)
        } else {
            e.reps.iter().map(|r| u64::from(*r)).sum()
        };
        rules.done_knee_load(p, reps, e.load_kg)
    };
    let mut tracker = log
        .filter(|l| !l.entries.is_empty() || !l.events.is_empty())
        .map(|l| {
            Tracker::new(template.adapt, template.pain, l, &knee_load)
                .with_strength(req.athlete.one_rep_max_kg, req.start)
        });
    let by_percent = template
        .phases
        .iter()
        .any(|p| p.load.is_some_and(|l| l.percent_1rm.is_some()));
    // Notes that belong to the next session (a step back taken after the last one).
    // Worded only when a session shown takes them.
    let mut carried: Vec<Note> = Vec::new();
    // The levers of the last hard session prescribed (after the log's changes).
    let mut last_hard_caps: Option<super::knee_state::LeverCaps> = None;
    // The heaviest session knee load prescribed in the last week, and in the last build
    // week (a deload is not where a climb goes on from): the way back after a clearance
    // is measured against them. Kept for every week, shown or replayed, so that a window
    // (`today`) prescribes what the whole plan does.
    // While the recurring-pain alert holds the plan: the levels it holds at (see there).
    let mut held_peak: Option<super::step::Levels> = None;
    let mut peaks = way_back::Peaks::default();
    // The period the prescriptions in hand were made under, and the last hard session
    // planned (its date and period): a change of days must not put two hard sessions
    // within the rest rule where the two schedules meet.
    let mut in_force = 0usize;
    let mut last_hard: Option<(NaiveDate, usize)> = None;
    // The person's own rides (DESIGN §9): sessions are placed around them week by week,
    // the last hard session placed carrying the rest rule into the next week.
    let cal = &req.rides;
    let riding = !cal.rides.is_empty();
    let mut last_hard_placed: Option<NaiveDate> = None;
    let mut ride_adjustments: Vec<Adjustment> = Vec::new();
    // Hard sessions the training days asked for, and those the rides made light or
    // left out: when most are, the person is told how to make room.
    let (mut ride_hard, mut ride_cut) = (0u32, 0u32);
    let enter = |i: usize, date: NaiveDate, tracker: &mut Option<Tracker<'_>>| {
        let p = &periods[i];
        rules.set_period(p.rules, p.hard);
        if let (Some(kg), Some(t)) = (p.one_rep_max, tracker.as_mut()) {
            t.reset_strength(kg, date);
        }
    };
    for w0 in 0..req.weeks {
        let week_start = first + Days::new(7 * u64::from(w0));
        let now = period_at(&periods, week_start);
        if now != in_force {
            enter(now, week_start, &mut tracker);
            in_force = now;
        }
        let knee_limits = tracker
            .as_ref()
            .map(|t| t.knee_limits(week_start))
            .unwrap_or_default();
        // % 1RM loads from the strength the log shows (capped rises; falls when sets fail).
        let mut strength_note = None;
        // A rise only in a week that may progress: pain holds or regresses a plan, and a
        // heavier kilogram figure is progress.
        let may_rise = matches!(outcome, Outcome::AsPrescribed | Outcome::ExtraLoad { .. })
            && knee_limits.hold.is_none();
        if by_percent
            && let Some(kg) = knee_limits.strength
            && rules
                .one_rep_max()
                .is_none_or(|m| (m - kg).abs() >= 0.5 && (kg < m || may_rise))
        {
            strength_note = Some(wording::one_rep_max(req.unit, rules.one_rep_max(), kg));
            rules.set_one_rep_max(kg);
        }
        // Running is knee load too: a week that runs much more than the one before, or
        // more than the ceiling, does not progress the squats (weak evidence; DESIGN §9).
        let run_km = super::rides::running_km(&cal.rides, week_start);
        let run_before = super::rides::running_km(&cal.rides, week_start - Days::new(7));
        let over_ceiling = run_km > template.rides.run_ceiling_km;
        let run_rising =
            run_km >= MIN_RUN_KM && run_km > run_before * (1.0 + template.rides.run_rise) + 1e-9;
        let back_from_ceiling = run_before > template.rides.run_ceiling_km && !over_ceiling;
        if riding
            && w0 > 0
            && (over_ceiling || run_rising || back_from_ceiling)
            && state.last_kind != WeekKind::Deload
            && matches!(outcome, Outcome::AsPrescribed | Outcome::ExtraLoad { .. })
        {
            outcome = Outcome::Repeat {
                levels: state.levels,
                reason: Note::from(if back_from_ceiling && !run_rising {
                    wording::back_from_running_week(run_before)
                } else {
                    wording::running_hold(run_km, run_before, template.rides.run_ceiling_km)
                }),
            };
        }
        let (week, mut next) = rules.step(&state, std::mem::take(&mut outcome), &knee_limits);
        // Knee load of the hard sessions as adapted (technique-only or stepped back within
        // the week): what the guards measure the next week against.
        let mut actual = 0.0;
        let mut flagged = false;
        // Hard sessions of the week done and missed (or skipped), and whether the week
        // returned from a gap.
        let (mut done_hard, mut missed_hard) = (0u32, 0u32);
        let mut returned = false;
        let state_before = state.clone();
        let phase = &template.phases[week.phase];
        let mut current = week.levels;
        carried.extend(strength_note.map(Note::from));
        // A load missed twice is not prescribed again before the estimate rises: a new
        // phase (or a return) that would start there starts just below it.
        if let Some(max) = knee_limits.max_load_kg
            && rules
                .load_kg(week.phase, &current)
                .is_some_and(|kg| kg >= max - 1e-9)
        {
            // Below it once rounded to the equipment (which rounds within 1 %).
            let caps = super::knee_state::LeverCaps::load_only(max / 1.02);
            current = rules.within(week.phase, &current, Some(&caps), None).0;
            carried.push(wording::below_missed_twice(req.unit, max).into());
        }
        // A deload is lighter than the week before as it was prescribed in the end (after
        // a flare or a gap lowered it), never only lighter than its plan.
        if week.kind == WeekKind::Deload
            && let Some(caps) = last_hard_caps.as_ref()
        {
            let lighter = rules.within(week.phase, &current, Some(caps), None).0;
            if lighter != current {
                // The deload's own note names the levels it came from; this one says
                // what it is, so the two never disagree with the session shown.
                carried.push(Note::from(wording::deload_below_last(
                    &rules.volume_text(week.phase, &lighter),
                )));
            }
            current = lighter;
        }
        // Weeks before the window are replayed for their effect on the state only: their
        // prescriptions need numbers, not cues, and their notes are never written.
        let keep = log
            .and_then(|l| l.from)
            .is_none_or(|from| week_start + Days::new(6) >= from);
        let (mut hard, mut light) =
            rules.prescriptions(phase, &current, keep, periods[in_force].has_light());
        // The week's sessions placed around the rides (each date's own training days).
        let placed: Vec<super::rides::Placed> = if riding {
            let mut wanted = Vec::new();
            let mut free = Vec::new();
            for i in 0..7u64 {
                let d = week_start + Days::new(i);
                let p = &periods[period_at(&periods, d)];
                let wd = Day::from_weekday(chrono::Datelike::weekday(&d));
                if let Some(di) = p.days.iter().position(|x| *x == wd) {
                    wanted.push(super::rides::Wanted {
                        date: d,
                        kind: p.kinds[di],
                        pinned: tracker.as_ref().is_some_and(|t| t.is_logged(d)),
                    });
                    free.push(d);
                } else if cal.spare_days.contains(&wd) {
                    free.push(d);
                }
            }
            let spacing = super::rides::Spacing::for_week(
                &template.rides,
                w0 + 1,
                rec.min_rest_hours,
                cal.at,
            );
            let mut placed = super::rides::place(
                &wanted,
                &free,
                &cal.rides,
                &template.rides,
                &spacing,
                last_hard_placed,
            );
            if over_ceiling {
                // The one kept is the week's first hard session (else its first).
                let keep = placed
                    .iter()
                    .position(|p| p.date.is_some() && p.kind == SessionKind::Hard)
                    .or_else(|| placed.iter().position(|p| p.date.is_some()));
                for (i, (p, w)) in placed.iter_mut().zip(&wanted).enumerate() {
                    if p.date.is_none() || w.pinned {
                        continue;
                    }
                    if Some(i) != keep {
                        p.reason = Some(wording::running_one_session(
                            run_km,
                            template.rides.run_ceiling_km,
                        ));
                        p.date = None;
                    }
                }
            }
            if let Some(h) = placed
                .iter()
                .filter(|p| p.kind == SessionKind::Hard)
                .filter_map(|p| p.date)
                .max()
            {
                last_hard_placed = Some(h);
            }
            placed
        } else {
            Vec::new()
        };
        // The first slot shown this week takes the week's notes.
        let first_slot = placed.iter().position(|p| p.date.is_some()).unwrap_or(0) + 1;
        if let Some(t) = tracker.as_mut() {
            let mut dates: Vec<NaiveDate> = if riding {
                placed.iter().filter_map(|p| p.date).collect()
            } else {
                (0..7u64)
                    .map(|i| week_start + Days::new(i))
                    .filter(|d| {
                        periods[period_at(&periods, *d)]
                            .days
                            .contains(&Day::from_weekday(chrono::Datelike::weekday(d)))
                    })
                    .collect()
            };
            dates.sort();
            t.begin_week(week_start, week_start + Days::new(6), &dates);
        }
        let mut sessions = Vec::new();
        let mut recovery_days = Vec::new();
        let mut slot = 0;
        // (knee load, sets, reps) of the week's heaviest session.
        let mut week_peak = (0.0_f64, 0_u32, 0_u32);
        // Planned as a red flag's technique weeks (its notes say so), not turned into them.
        let rest_week = tracker.as_ref().is_some_and(|t| t.technique_only());
        // Bodyweight only for now after a clearance: the load comes back when that ends.
        let mut bodyweight_for_now = false;
        let mut technique_week = false;
        // Around rides: the knee load of the sessions shown (a session made light or left
        // out lowers the week as shown; the guards count it as planned, as a deload is
        // left out of their base: endurance training loaded the legs that week).
        let mut shown_load = 0.0;
        let mut ride_changed = false;
        for i in 0..7u64 {
            let date = week_start + Days::new(i);
            let weekday = Day::from_weekday(chrono::Datelike::weekday(&date));
            // A change from this day on: the rest of the week is planned with it.
            let now = period_at(&periods, date);
            if now != in_force {
                enter(now, date, &mut tracker);
                in_force = now;
                (hard, light) =
                    rules.prescriptions(phase, &current, keep, periods[now].has_light());
            }
            let period = &periods[now];
            // Extra sessions, clearances and acknowledgements up to this day: every entry
            // counts for the knee, planned or not.
            if let Some(t) = tracker.as_mut() {
                for signal in t.day(date, &hard) {
                    flagged |= matches!(signal, Signal::RedFlag(_));
                    if let Some(note) = apply(&rules, week.phase, signal, &mut current) {
                        carried.push(note);
                        (hard, light) =
                            rules.prescriptions(phase, &current, keep, period.has_light());
                    }
                }
            }
            // Only for the days shown: the weeks a window replays need no words.
            let alerts = tracker
                .as_ref()
                .filter(|_| keep)
                .map(|t| {
                    let mut a = t.knee().alerts();
                    a.retain(|a| a.since <= date);
                    a
                })
                .unwrap_or_default();
            // A red flag waiting for a clinician: no squats are planned until the knee has
            // been seen, so the training day is a rest day that says why (a session logged
            // anyway is still shown, as logged). The slot keeps its number: calendar UIDs.
            // (An entry of a later day may fill an earlier slot of its week: the flag counts
            // from its own date.)
            let paused = tracker.as_ref().is_some_and(|t| {
                t.knee().red_flag_since().is_some_and(|d| d < date) && !t.is_logged(date)
            });
            let mut training = period
                .days
                .iter()
                .position(|d| *d == weekday)
                .map(|di| period.kinds[di]);
            // Around the rides: the session placed on this day (its slot kept, for the
            // calendar's identity), made light, or the reason none is.
            let mut made_light = false;
            let mut left_out: Option<String> = None;
            if riding {
                training = None;
                if let Some((i, p)) = placed
                    .iter()
                    .enumerate()
                    .find(|(_, p)| p.date == Some(date))
                {
                    let original = placed_kind(&periods, p.planned);
                    training = Some(original);
                    made_light = original == SessionKind::Hard && p.kind == SessionKind::Light;
                    slot = i as u32;
                    carried.extend(p.reason.clone().map(Note::from));
                } else if let Some(p) = placed
                    .iter()
                    .find(|p| p.date.is_none() && p.planned == date)
                {
                    left_out = p.reason.clone();
                    // A hard session left out counts for the guards as planned.
                    if placed_kind(&periods, date) == SessionKind::Hard {
                        actual += rules.knee_load(week.phase, &current);
                    }
                }
                ride_changed |= made_light || left_out.is_some();
                if placed_kind(&periods, date) == SessionKind::Hard
                    && placed.iter().any(|p| p.planned == date)
                {
                    ride_hard += 1;
                }
                ride_cut += u32::from(made_light)
                    + u32::from(
                        left_out.is_some() && placed_kind(&periods, date) == SessionKind::Hard,
                    );
            }
            // Where two schedules meet, a hard day of the new one within the rest rule of
            // the old one's last hard session is left out that week (unless a session was
            // logged on it), rather than squeezed in or moved to a day not chosen.
            if let (Some(SessionKind::Hard), Some((h, p))) = (training, last_hard)
                && p != now
                && (date - h).num_hours() < i64::from(rec.min_rest_hours)
                && !tracker.as_ref().is_some_and(|t| t.is_logged(date))
            {
                training = None;
                carried.push(Note::from(wording::left_out_after_change(
                    date,
                    periods[now].from,
                    h,
                    rec.min_rest_hours,
                )));
            }
            // The week the days change in has no more sessions than the new days make
            // a week: the sessions before the change count.
            if training.is_some()
                && slot as usize >= period.days.len()
                && period_at(&periods, week_start) != now
                && !tracker.as_ref().is_some_and(|t| t.is_logged(date))
            {
                training = None;
                carried.push(Note::from(wording::week_full_after_change(
                    date,
                    periods[now].from,
                    slot,
                )));
            }
            match training {
                Some(_) if paused => {
                    slot += 1;
                    // The reasons are the alert's, on every rest day while it lasts; kept,
                    // they would land on the first session after the clearance.
                    carried.clear();
                    if keep {
                        recovery_days.push(RecoveryDay {
                            date,
                            weekday,
                            week: week.number,
                            guidance: wording::recovery_guidance(
                                &alerts,
                                guidance[recovery_count % guidance.len()],
                            ),
                            alerts,
                        });
                    }
                    recovery_count += 1;
                }
                Some(kind) => {
                    slot += 1;
                    if kind == SessionKind::Hard && !made_light {
                        last_hard = Some((date, now));
                    }
                    // The knee's limits from its log so far: after a flare no lever above
                    // the session that flared, and no more knee load, until it settles.
                    if let Some(t) = tracker.as_ref() {
                        let (caps, ceiling) = t.knee().caps();
                        let (n, what) = rules.within(week.phase, &current, caps.as_ref(), ceiling);
                        if let Some(w) = what.filter(|_| !t.technique_only()) {
                            current = n;
                            carried.push(w.into());
                            (hard, light) =
                                rules.prescriptions(phase, &current, keep, period.has_light());
                        } else {
                            current = n;
                        }
                    }
                    // Back after a clearance: bodyweight first, about half the load the
                    // knee took before the flag, then at most a fifth over the week before
                    // (fewer sets and reps, the depth and heel kept), until the plan's own
                    // prescription is within that.
                    if let Some(t) = tracker.as_ref()
                        && !t.technique_only()
                        && let Some((caps, before_flag)) = t.knee().after_clearance(date)
                    {
                        bodyweight_for_now |= caps.is_some();
                        let (n, kept) = way_back::after_clearance(
                            &rules,
                            week.phase,
                            &current,
                            caps.as_ref(),
                            before_flag,
                            last_hard_caps.as_ref(),
                            &peaks,
                        );
                        carried.extend(kept.map(|(depth, heel)| {
                            Note::from(wording::kept_while_weight_returns(req.unit, depth, heel))
                        }));
                        if n != current {
                            carried.push(Note::from(wording::first_weeks_after_clearance(
                                &rules.volume_text(week.phase, &current),
                                &rules.volume_text(week.phase, &n),
                                rules.knee_load(week.phase, &current),
                                rules.knee_load(week.phase, &n),
                                current.load > 0.0,
                            )));
                            current = n;
                            (hard, light) =
                                rules.prescriptions(phase, &current, keep, period.has_light());
                        }
                    }
                    // Back after a gap: the first session is lighter than the last week
                    // done (tissue tolerance falls with time off), and the plan builds on
                    // from there towards where the knee was.
                    if let Some(t) = tracker.as_mut()
                        && !t.technique_only()
                        && t.logging()
                        && let Some(g) = t.knee().gap(date)
                    {
                        let n = rules.scaled(week.phase, &current, g.session_cap);
                        t.start_return(&g);
                        if n != current {
                            carried.push(Note::from(wording::back_after_gap(
                                g.days,
                                &rules.volume_text(week.phase, &n),
                                g.factor,
                                rules.knee_load(week.phase, &current),
                                rules.knee_load(week.phase, &n),
                            )));
                            current = n;
                            (hard, light) =
                                rules.prescriptions(phase, &current, keep, period.has_light());
                        }
                        returned = true;
                    }
                    let levels_before = current;
                    // Rest from real dates: a hard session within the rest rule of a hard
                    // or extra session really done (whatever the training days say) is
                    // made light, and says why.
                    let too_soon = tracker.as_ref().and_then(|t| {
                        let h = t.knee().last_hard_on_or_before(date)?;
                        let hours = (date - h).num_hours();
                        // Once the session is logged, an extra of its own day may be
                        // later than it: only earlier days count then (a session made
                        // light stays light once done, and is judged as light).
                        (kind == SessionKind::Hard
                            && (h < date || (h == date && !t.is_logged(date)))
                            && hours < i64::from(rec.min_rest_hours))
                        .then_some((h, hours))
                    });
                    let rested =
                        (too_soon.is_some() || made_light).then(|| match &template.light_session {
                            Some(_) => rules.light_prescription(phase, &current, keep),
                            None => rules.technique_prescription(week.phase, &current, keep),
                        });
                    let technique = tracker
                        .as_ref()
                        .is_some_and(|t| t.technique_only())
                        .then(|| rules.technique_prescription(week.phase, &current, keep));
                    technique_week |= technique.is_some();
                    let target = match (&technique, &rested, kind) {
                        (Some(p), _, _) => p,
                        (None, Some(p), _) => p,
                        (None, None, SessionKind::Hard) => &hard,
                        (None, None, SessionKind::Light) => {
                            light.as_ref().expect("light sessions have a prescription")
                        }
                    };
                    let (logged, signal) = match tracker.as_mut() {
                        Some(t) => t.session(date, kind, target),
                        None => (None, Signal::None),
                    };
                    // (done?, reps logged, load logged) for the guards' count below.
                    let done_as = logged.as_ref().map(|l| {
                        (
                            l.status == "done",
                            l.reps.iter().map(|r| u64::from(*r)).sum::<u64>(),
                            l.load_kg,
                        )
                    });
                    // The knee load of what this session prescribes, as the guards count it.
                    let prescribed = match (&technique, &rested, kind) {
                        (Some(_), _, _) => rules.technique_levels(week.phase, &levels_before),
                        (None, None, SessionKind::Hard) => levels_before,
                        // A light session (or one made light by the rest rule) counts
                        // as what it prescribes: its own sets, reps, depth and heel.
                        _ => super::step::Levels {
                            sets: target.sets,
                            reps: target.reps,
                            depth: target.depth_deg,
                            heel: target.heel_height_cm,
                            load: 0.0,
                            ..levels_before
                        },
                    };
                    let session_load = rules.knee_load(week.phase, &prescribed);
                    if session_load > week_peak.0 {
                        week_peak = (session_load, target.sets, target.reps);
                    }
                    // Weeks before the window are replayed for their effect on the state
                    // only: a prescription copied and notes written only for weeks shown.
                    if keep {
                        // A week planned to progress whose sessions turned technique-only (a
                        // red flag within it) does not print its progression beside them.
                        let mut notes =
                            if slot == first_slot as u32 && (technique.is_none() || rest_week) {
                                // A week planned as a red flag's rest says "no squats until a
                                // clinician has seen the knee": not once one has.
                                let seen = tracker
                                    .as_ref()
                                    .is_some_and(|t| !t.knee().awaiting_clearance());
                                // Nor "holding until `vmo acknowledge`" once it is recorded.
                                let acknowledged =
                                    tracker.as_ref().is_some_and(|t| !t.knee().recurring_pain());
                                week.notes
                                    .iter()
                                    .map(Note::text)
                                    .filter(|n| !(seen && n.contains(wording::UNTIL_CLEARED)))
                                    .filter(|n| {
                                        !(acknowledged && n.contains(wording::UNTIL_ACKNOWLEDGED))
                                    })
                                    .collect()
                            } else {
                                Vec::new()
                            };
                        notes.extend(carried.drain(..).map(|n| n.text()));
                        if let (Some((h, hours)), None) = (too_soon, &technique) {
                            notes.push(wording::too_soon(h, hours, rec.min_rest_hours));
                        }
                        if technique.is_some() {
                            let waiting = tracker
                                .as_ref()
                                .is_some_and(|t| t.knee().awaiting_clearance());
                            notes.push(wording::technique_only(
                                waiting,
                                template.adapt.settled_sessions,
                            ));
                        }
                        for a in &alerts {
                            let text = wording::alert_note(a);
                            if !notes.contains(&text) {
                                notes.push(text);
                            }
                        }
                        if let Some(l) = &logged {
                            notes.push(l.summary(req.unit));
                        }
                        sessions.push(Session {
                            date,
                            weekday,
                            week: week.number,
                            slot,
                            kind: if rested.is_some() {
                                SessionKind::Light
                            } else {
                                kind
                            },
                            phase: phase.name.clone(),
                            prescription: target.clone(),
                            knee_load: session_load,
                            notes,
                            purpose: (kind == SessionKind::Light)
                                .then(|| purpose.clone())
                                .flatten(),
                            log: logged,
                            alerts: alerts.clone(),
                            display: super::model::Display::of(target, req.unit),
                        });
                    } else {
                        carried.clear();
                    }
                    if kind == SessionKind::Hard && technique.is_none() && rested.is_none() {
                        last_hard_caps = Some(super::knee_state::LeverCaps::of(target, None));
                    }
                    let red = matches!(signal, Signal::RedFlag(_));
                    flagged |= red;
                    if kind == SessionKind::Hard || made_light {
                        shown_load += session_load;
                    }
                    if kind == SessionKind::Hard {
                        let trained = if technique.is_some() || red {
                            rules.technique_levels(week.phase, &levels_before)
                        } else {
                            levels_before
                        };
                        // What was done counts, not what was prescribed (a missed session
                        // counts as planned: one missed session is resumed, not a failure;
                        // a week with nothing done is left out of the guards below).
                        actual += match done_as {
                            Some((true, reps, load_kg))
                                if technique.is_none() && !red && rested.is_none() =>
                            {
                                let reps = if reps == 0 {
                                    u64::from(hard.sets) * u64::from(hard.reps)
                                } else {
                                    reps
                                };
                                done_hard += 1;
                                rules.done_knee_load(&hard, reps, load_kg)
                            }
                            Some((false, _, _)) => {
                                missed_hard += 1;
                                rules.knee_load(week.phase, &trained)
                            }
                            Some(_) => {
                                done_hard += 1;
                                rules.knee_load(week.phase, &trained)
                            }
                            None => rules.knee_load(week.phase, &trained),
                        };
                    }
                    if let Some(note) = apply(&rules, week.phase, signal, &mut current) {
                        carried.push(note);
                        (hard, light) =
                            rules.prescriptions(phase, &current, keep, period.has_light());
                    }
                }
                None if !keep => recovery_count += 1,
                None => {
                    // A knee that flared is not "quiet": the day's advice is about it.
                    let flared = tracker.as_ref().is_some_and(|t| {
                        t.knee().irritability() == super::knee_state::Irritability::Flare
                    });
                    // Back from a red flag (technique sessions, then the bodyweight
                    // weeks): impact waits too.
                    let returning = tracker.as_ref().is_some_and(|t| {
                        t.knee().irritability() == super::knee_state::Irritability::Returning
                            && (t.technique_only() || t.knee().after_clearance(date).is_some())
                    });
                    // A day of the person's own riding or running: that is its training.
                    let ride_day = cal
                        .rides
                        .iter()
                        .filter(|r| {
                            r.date == date && !r.completed && r.sport != crate::rides::Sport::Other
                        })
                        .map(|r| r.line(r.key(&template.rides).as_deref()))
                        .collect::<Vec<_>>();
                    let ride_day = (!ride_day.is_empty()).then(|| {
                        format!(
                            "Your own training today: {}; no squats",
                            ride_day.join("; ")
                        )
                    });
                    let usual = if let Some(why) = &left_out {
                        why.as_str()
                    } else if flared {
                        wording::FLARE_GUIDANCE
                    } else if returning {
                        wording::RETURNING_GUIDANCE
                    } else if let Some(r) = &ride_day {
                        r.as_str()
                    } else {
                        guidance[recovery_count % guidance.len()]
                    };
                    recovery_days.push(RecoveryDay {
                        date,
                        weekday,
                        week: week.number,
                        guidance: wording::recovery_guidance(&alerts, usual),
                        alerts,
                    });
                    recovery_count += 1;
                }
            }
        }
        if let Some(t) = tracker.as_mut() {
            for signal in t.leftover_signals(&hard) {
                flagged |= matches!(signal, Signal::RedFlag(_));
                if let Some(note) = apply(&rules, week.phase, signal, &mut current) {
                    carried.push(note);
                }
            }
        }
        let mut load = week.load;
        let mut acwr = week.acwr;
        let mut planned_volume = None;
        if riding && ride_changed && !flagged && week.load > 0.0 {
            planned_volume = Some(week.load);
            // Shown as prescribed around the rides; the guards' base stays as planned.
            acwr = acwr.map(|a| a * shown_load / week.load);
            load = shown_load;
            ride_adjustments.push(Adjustment {
                week: week.number,
                guard: "rides".to_string(),
                action: AdjustmentAction::AroundRides,
                message: wording::around_rides_week(week.number, shown_load, week.load),
            });
        }
        // A week cut short by a red flag keeps its planned figures as the guards' base: the
        // recovery weeks after it are measured like deloads, and so is the way back.
        if tracker.is_some() && !flagged && (actual - week.load).abs() > 1e-9 {
            // The week went differently from its plan: the figures and the next week's
            // guards follow what was prescribed in the end.
            acwr = acwr.map(|a| a * actual / week.load);
            load = actual;
            next.adapted_load(week.kind, actual);
        }
        // A week with nothing done is not a logged week: the guards leave it out, like a
        // deload, so the chronic mean counts what was done (the gap's own rule lowers the
        // way back instead).
        if done_hard == 0
            && missed_hard > 0
            && week.kind != WeekKind::Deload
            && state_before.last_build.is_some()
        {
            next.builds = state_before.builds.clone();
            next.last_build = state_before.last_build;
        }
        // The week after builds from where this week really was when the knee's limits
        // (a return after a gap or a clearance, a flare's caps, a load failed twice) lowered
        // it: progressing the levels the plan would have had, it would print steps from
        // numbers the person never saw ("week 5 again" beside a cut session) and jump
        // back up once the limits ease. Not after a red flag or in technique weeks (their
        // levels are a rest, not a level to build on) nor in a deload (the plan resumes from
        // the week before it).
        let lowered = tracker.is_some()
            && !flagged
            && !technique_week
            && week.kind != WeekKind::Deload
            && current != week.levels;
        if returned || lowered {
            next.levels = super::step::Levels {
                load: if bodyweight_for_now {
                    next.levels.load
                } else {
                    current.load
                },
                ..current
            };
        }
        peaks.end_week(week_peak, week.kind == WeekKind::Deload);
        if let Some(t) = tracker.as_mut() {
            outcome = t.end_week(
                week.number,
                week.phase,
                current,
                next.levels,
                week.kind == WeekKind::Deload,
                &|l, cause| rules.step_back(week.phase, l, cause),
            );
            // Advice to see a clinician holds progression until it is acted on: shown
            // once and then overridden by progression, it would be worse than silence.
            if let (Some(hold), Outcome::AsPrescribed | Outcome::ExtraLoad { .. }) =
                (t.knee().hold(), &outcome)
            {
                let levels = if week.kind == WeekKind::Deload {
                    next.levels
                } else {
                    current
                };
                // (Only on sessions done: weeks with nothing logged show nothing settled.)
                let settled = t.knee().settle_needed() == 0 && done_hard > 0;
                outcome = way_back::hold(
                    &rules,
                    week.phase,
                    levels,
                    held_peak.filter(|_| settled),
                    hold,
                );
            }
            // The heaviest build week since the recurring-pain alert stood.
            if t.knee().hold().is_none() {
                held_peak = None;
            } else if week.kind != WeekKind::Deload
                && !flagged
                && !technique_week
                && held_peak.is_none_or(|p| {
                    rules.knee_load(week.phase, &current) > rules.knee_load(week.phase, &p)
                })
            {
                held_peak = Some(current);
            }
        }
        state = next;
        let summary = WeekSummary {
            sessions: sessions.len() as u32,
            sets: sessions.iter().map(|s| s.prescription.sets).sum(),
            reps: sessions
                .iter()
                .map(|s| s.prescription.sets * s.prescription.reps)
                .sum(),
            volume: load,
            change_percent: week.base.map(|(_, b)| (load / b - 1.0) * 100.0),
            change_from_week: week.base.map(|(n, _)| n),
            acwr,
            planned_volume,
        };
        adjustments.extend(week.adjustments);
        adjustments.append(&mut ride_adjustments);
        if !keep {
            continue;
        }
        weeks.push(Week {
            number: week.number,
            phase: phase.name.clone(),
            deload: week.kind == WeekKind::Deload,
            start: week_start,
            end: week_start + Days::new(6),
            sessions,
            recovery_days,
            summary,
        });
    }

    let rides = match (weeks.first(), weeks.last()) {
        (Some(a), Some(b)) => cal
            .rides
            .iter()
            .filter(|r| r.date >= a.start && r.date <= b.end)
            .map(|r| super::rides::ShownRide {
                key: r.key(&template.rides),
                ride: r.clone(),
            })
            .collect(),
        _ => Vec::new(),
    };
    Ok(Plan {
        rides,
        schema_version: SCHEMA_VERSION,
        template: template.name.clone(),
        description: template.description.clone(),
        // Named at the edge: the generator does not need to know whose plan it is.
        client: None,
        start: first,
        // The plan's own end, whichever weeks a window keeps (`today` after the end said
        // the plan ended on its start when the window kept none).
        end: first + Days::new(7 * u64::from(req.weeks) - 1),
        days: periods.last().map_or(days, |p| p.days.clone()),
        units: req.unit,
        volume_unit: if req.athlete.bodyweight_kg.is_some() {
            "kg".to_string()
        } else {
            "bodyweight reps".to_string()
        },
        guards: Guards {
            min_rest_hours: rec.min_rest_hours,
            max_weekly_increase: rec.max_weekly_increase,
            acwr_ceiling: rec.acwr_ceiling,
            deload_every_weeks: template.deload.every_weeks,
            deload_volume_factor: template.deload.volume_factor,
        },
        weeks,
        adjustments,
        pain: template
            .pain
            .show
            .unwrap_or(template.level == crate::template::Level::Rehab)
            .then(|| PainRules::for_template(template)),
        knee: tracker
            .as_ref()
            .map(|t| t.knee().summary(log.map_or(first, |l| l.today))),
        notices: {
            if ride_cut > 0 && ride_cut * 2 >= ride_hard {
                notices.push(wording::rides_leave_little_room(
                    ride_cut,
                    ride_hard,
                    !cal.spare_days.is_empty(),
                ));
            }
            if let Some(t) = &tracker {
                notices.extend(t.knee().alerts().into_iter().map(|a| a.message));
            }
            notices
        },
    })
}

mod way_back;

#[cfg(test)]
mod tests;
