//! Reading the training log: what each logged (or missed) session says about the next one.
//!
//! Pure: the log arrives as plain [`Entry`] values (the database stays at the edge) and
//! "today" is passed in. [`Tracker`] walks the plan's sessions in date order beside the
//! generator; each session yields a [`Signal`], and each week an [`Outcome`] for the step
//! function, so the adapted plan is the template plan replayed with the log (DESIGN §7: no
//! stored counters, one rule makes both the change and its explanation).

use std::collections::{BTreeMap, VecDeque};

use chrono::NaiveDate;

use crate::template::{Adapt, Pain};

use super::knee_state::{KneeEvent, KneeLimits, KneeState, Pain0, SessionFacts, Verdict};
pub use super::model::{Absence, Entry, SessionLog, Status, Symptoms};
use super::model::{Note, Prescription, SessionKind};
use super::step::{Cause, Levels, Outcome};
pub use rules::rule_source;

mod rules;
mod week_end;
pub(super) mod wording;

/// What a training log holds, as plain data: its entries and its knee events.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogData {
    /// Every entry, by date then id.
    pub entries: Vec<Entry>,
    /// Clearances and acknowledgements, by date then id.
    pub events: Vec<KneeEvent>,
    /// Planned absences (holidays), by first day then id: read at the edge, which plans
    /// their sessions as skipped (see `commands::common`).
    pub absences: Vec<Absence>,
    /// The plan's dated changes (see [`crate::timeline`]), by first day then id: read at
    /// the edge, which plans each stretch with the settings in force then.
    pub changes: Vec<crate::timeline::PlanChange>,
}

impl LogData {
    /// True when nothing is logged.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.events.is_empty() && self.absences.is_empty()
    }
}

/// The log as the generator reads it.
#[derive(Debug, Clone, Copy)]
pub struct Log<'a> {
    /// Every entry, any order.
    pub entries: &'a [Entry],
    /// Clearances and acknowledgements, any order.
    pub events: &'a [KneeEvent],
    /// Sessions before this date with no entry count as missed.
    pub today: NaiveDate,
    /// Weeks that end before this date are replayed for their effect on the plan but left
    /// out of it (`today` and `next` read one day of a long log); `None` keeps them all.
    pub from: Option<NaiveDate>,
}

/// What one session tells the plan.
#[derive(Debug, Clone, PartialEq)]
pub enum Signal {
    /// Nothing to change: not logged yet, before logging began, or done and settled.
    None,
    /// Pain 3–5 during, or a next-morning pain above the ideal: repeat the prescription.
    Hold(Note),
    /// Pain above the stop line or a morning flare ([`Cause::Pain`]), or targets missed
    /// ([`Cause::Performance`]): step back.
    StepBack(Note, Cause),
    /// Pain at the red-flag level or swelling: stop, see a clinician; technique only after.
    RedFlag(Note),
}

/// A week's tally while its sessions are read.
#[derive(Debug, Default)]
struct WeekTally {
    hard: u32,
    hard_missed: u32,
    first_missed: Option<NaiveDate>,
    past: u32,
    hold: Option<Note>,
    stepped: Option<(Note, Cause)>,
    extra: Option<Note>,
}

/// Walks the plan's sessions with the log; see the module docs.
pub struct Tracker<'a> {
    adapt: Adapt,
    pain: Pain,
    /// Planned (not extra) entries, by date then id.
    entries: Vec<&'a Entry>,
    /// This week's sessions and the entry each was matched to.
    by_date: BTreeMap<NaiveDate, &'a Entry>,
    /// This week's entries beyond its sessions (the week was logged on more days than the
    /// plan now has): their pain still counts.
    leftover: Vec<&'a Entry>,
    /// Planned entries that are no session of the plan — dated before its first week (its
    /// days changed since), or an earlier entry of a day logged twice — still what the
    /// knee did, folded in on their day.
    early: Vec<&'a Entry>,
    /// Extra sessions, by date then id, and how many are folded in.
    extras: Vec<&'a Entry>,
    extras_done: usize,
    /// Clearances and acknowledgements, by date then id, and how many are folded in.
    events: Vec<&'a KneeEvent>,
    events_done: usize,
    /// The knee, folded over every entry and event up to the day walked.
    knee: KneeState,
    /// Knee load of a done session against its prescription.
    knee_load: &'a dyn Fn(&Prescription, &Entry) -> f64,
    /// Whether the session being judged is a hard one.
    hard: bool,
    /// The first week has begun.
    started: bool,
    today: NaiveDate,
    /// Sessions before the first entry were not being logged: they are not "missed".
    since: Option<NaiveDate>,
    red: bool,
    beat_streak: u32,
    short_streak: u32,
    week: WeekTally,
    /// Weeks of recent step backs (for an early deload when they pile up).
    step_back_weeks: VecDeque<u32>,
    /// Levels of weeks whose hard sessions were all done, with their phase.
    completed: Vec<(usize, Levels)>,
    missed_weeks: u32,
    /// Weeks in a row that held for pain between the ideal and the stop line.
    amber_weeks: u32,
    /// The last day of the week being read.
    week_end: NaiveDate,
}

impl<'a> Tracker<'a> {
    /// A tracker over `log` with the template's thresholds.
    pub fn new(
        adapt: Adapt,
        pain: Pain,
        log: Log<'a>,
        knee_load: &'a dyn Fn(&Prescription, &Entry) -> f64,
    ) -> Tracker<'a> {
        let mut entries: Vec<&Entry> = log.entries.iter().filter(|e| !e.extra).collect();
        entries.sort_by_key(|e| (e.date, e.id));
        let mut extras: Vec<&Entry> = log
            .entries
            .iter()
            .filter(|e| e.extra && e.status == Status::Done)
            .collect();
        extras.sort_by_key(|e| (e.date, e.id));
        let mut events: Vec<&KneeEvent> = log.events.iter().collect();
        events.sort_by_key(|e| (e.date, e.id));
        let since = entries.first().map(|e| e.date);
        Tracker {
            adapt,
            pain,
            entries,
            by_date: BTreeMap::new(),
            leftover: Vec::new(),
            early: Vec::new(),
            extras,
            extras_done: 0,
            events,
            events_done: 0,
            knee: KneeState::new(pain, adapt),
            knee_load,
            hard: false,
            started: false,
            today: log.today,
            since,
            red: false,
            beat_streak: 0,
            short_streak: 0,
            week: WeekTally::default(),
            step_back_weeks: VecDeque::new(),
            completed: Vec::new(),
            missed_weeks: 0,
            amber_weeks: 0,
            week_end: NaiveDate::MIN,
        }
    }

    /// True while a red flag keeps sessions technique-only: until a clinician has cleared
    /// the knee and the technique sessions have settled.
    pub fn technique_only(&self) -> bool {
        self.red || self.knee.awaiting_clearance()
    }

    /// True when this week's session on `date` has a log entry.
    pub fn is_logged(&self, date: NaiveDate) -> bool {
        self.by_date.contains_key(&date)
    }

    /// True once logging has begun (a planned session is logged): before it, sessions not
    /// logged are not known to be missed.
    pub fn logging(&self) -> bool {
        self.since.is_some()
    }

    /// The 1RM known before any log (the athlete's), from `since` on.
    pub fn with_strength(mut self, kg: Option<f64>, since: NaiveDate) -> Tracker<'a> {
        self.knee = self.knee.with_strength(kg, since);
        self
    }

    /// From `since` on, the 1RM is `kg` (see [`KneeState::reset_strength`]).
    pub fn reset_strength(&mut self, kg: f64, since: NaiveDate) {
        self.knee.reset_strength(kg, since);
    }

    /// The plan returns after a gap (see [`KneeState::start_return`]).
    pub fn start_return(&mut self, gap: &super::knee_state::Gap) {
        self.knee.start_return(gap);
    }

    /// The knee as folded so far.
    pub fn knee(&self) -> &KneeState {
        &self.knee
    }

    /// The knee's limits on sessions from `date` on.
    pub fn knee_limits(&self, date: NaiveDate) -> KneeLimits {
        self.knee.limits(date)
    }

    /// Folds in what happened on or before `date` outside the planned sessions —
    /// clearances, acknowledgements and extra sessions — and returns what the extra
    /// sessions say (judged on the knee alone, against `target`, the day's prescription).
    /// Every entry counts: a red flag logged on an extra session is a red flag.
    pub fn day(&mut self, date: NaiveDate, target: &Prescription) -> Vec<Signal> {
        // A day's events before its entries: a clearance counts from its own day (that
        // day's session is planned as cleared), and a red flag logged on the day of a
        // clearance is answered by it (see `KneeState::fold`).
        while let Some(e) = self.events.get(self.events_done).filter(|e| e.date <= date) {
            self.knee.event(e);
            self.events_done += 1;
        }
        let mut signals = Vec::new();
        let (now, later): (Vec<&Entry>, Vec<&Entry>) = std::mem::take(&mut self.early)
            .into_iter()
            .partition(|e| e.date <= date);
        self.early = later;
        for e in now {
            if e.status == Status::Done {
                self.hard = true;
                if let Some(s) = self.judge_pain(e, target, false) {
                    self.record(&s);
                    signals.push(s);
                }
            }
        }
        while let Some(e) = self
            .extras
            .get(self.extras_done)
            .copied()
            .filter(|e| e.date <= date)
        {
            self.extras_done += 1;
            let signal = self.judge_pain(e, target, true);
            if let Some(s) = signal {
                self.record(&s);
                signals.push(s);
            }
        }
        self.knee.prune(date);
        signals
    }

    /// Matches the log's entries of the week `start..=end` to its session `dates`: an entry
    /// on a session's date is that session's; the others of the week fill the remaining
    /// sessions in order. So a change of training days keeps the weeks already logged (the
    /// Wednesday logged before the switch to Thursdays is that week's second session),
    /// rather than turning them into missed sessions. Of two entries on one day, the later.
    pub fn begin_week(&mut self, start: NaiveDate, end: NaiveDate, dates: &[NaiveDate]) {
        self.by_date.clear();
        self.week_end = end;
        let mut week: Vec<&'a Entry> = Vec::new();
        let from = self.entries.partition_point(|e| e.date < start);
        if !self.started {
            self.started = true;
            self.early = self.entries[..from].to_vec();
        }
        let to = self.entries.partition_point(|e| e.date <= end);
        for e in &self.entries[from..to] {
            match week.iter_mut().find(|w| w.date == e.date) {
                Some(w) => {
                    // The later entry of a day is the session's; the earlier one still
                    // happened to the knee (a red flag on it is a red flag).
                    self.early.push(w);
                    *w = e;
                }
                None => week.push(e),
            }
        }
        let mut rest = Vec::new();
        for e in week {
            if dates.contains(&e.date) {
                self.by_date.insert(e.date, e);
            } else {
                rest.push(e);
            }
        }
        let free: Vec<NaiveDate> = dates
            .iter()
            .filter(|d| !self.by_date.contains_key(d))
            .copied()
            .collect();
        self.leftover.clear();
        let mut free = free.into_iter();
        for e in rest {
            match free.next() {
                Some(d) => {
                    self.by_date.insert(d, e);
                }
                None => self.leftover.push(e),
            }
        }
    }

    /// Reads the session on `date` against its prescription: what was logged (for the
    /// plan to show) and what it means for the next session.
    pub fn session(
        &mut self,
        date: NaiveDate,
        kind: SessionKind,
        target: &Prescription,
    ) -> (Option<SessionLog>, Signal) {
        let hard = kind == SessionKind::Hard;
        self.hard = hard;
        if hard {
            self.week.hard += 1;
        }
        let entry = self.by_date.get(&date).copied();
        let Some(e) = entry else {
            let missed = date < self.today && self.since.is_some_and(|s| date >= s);
            if !missed {
                // Not logged yet: the future is planned as if done as prescribed.
                self.knee.assume_settled();
                if date >= self.today {
                    self.knee.assume_done(date);
                }
                return (None, Signal::None);
            }
            self.week.past += 1;
            if hard {
                self.week.hard_missed += 1;
                self.week.first_missed.get_or_insert(date);
            }
            let log = SessionLog {
                status: "missed".to_string(),
                id: None,
                reps: Vec::new(),
                load_kg: None,
                rpe: None,
                pain_during: None,
                pain_morning: None,
                symptoms: Symptoms::default(),
                note: None,
            };
            return (Some(log), Signal::None);
        };
        self.week.past += 1;
        let log = SessionLog::from(e);
        if e.status == Status::Skipped {
            if hard {
                self.week.hard_missed += 1;
                self.week.first_missed.get_or_insert(date);
            }
            return (Some(log), Signal::None);
        }
        let signal = self.judge(e, target);
        self.record(&signal);
        (Some(log), signal)
    }

    /// What the week's entries beyond its sessions say (pain, swelling, flares), judged
    /// against the week's hard prescription; their effects are recorded like a session's.
    pub fn leftover_signals(&mut self, target: &Prescription) -> Vec<Signal> {
        let entries = std::mem::take(&mut self.leftover);
        self.hard = true;
        entries
            .into_iter()
            .filter(|e| e.status == Status::Done)
            .map(|e| {
                let signal = self.judge(e, target);
                self.record(&signal);
                signal
            })
            .collect()
    }

    /// Keeps what a signal means for the weeks after it.
    fn record(&mut self, signal: &Signal) {
        if matches!(signal, Signal::RedFlag(_) | Signal::StepBack(..)) {
            // Where the person is now: a later gap goes back from here, never above it.
            self.completed.clear();
        }
        match signal {
            Signal::RedFlag(why) => {
                // The knee state counts the settled sessions needed from here.
                self.red = true;
                self.beat_streak = 0;
                self.week.stepped = Some((why.clone(), Cause::Pain));
            }
            Signal::StepBack(why, cause) => {
                self.beat_streak = 0;
                self.week.stepped = Some((why.clone(), *cause));
            }
            Signal::Hold(why) => {
                self.beat_streak = 0;
                self.week.hold = Some(why.clone());
            }
            Signal::None => {}
        }
    }

    /// The knee's verdict on one done entry, folded into the knee state, as a signal for
    /// the plan (`None`: settled). Pain can only hold or step back. While technique-only,
    /// pain above the ideal holds (the technique sessions cannot go lower).
    fn judge_pain(&mut self, e: &Entry, target: &Prescription, extra: bool) -> Option<Signal> {
        let facts = SessionFacts {
            date: e.date,
            knee_load: (self.knee_load)(target, e),
            pain_during: e.pain_during,
            pain_morning: e.pain_morning,
            symptoms: e.symptoms,
            hard: extra || self.hard,
            extra,
            levers: super::knee_state::LeverCaps::of(target, e.load_kg),
            strength_set: e
                .load_kg
                .or(target.load.kg)
                .filter(|kg| *kg > 0.0)
                .zip(e.reps.iter().max().copied())
                .filter(|(_, r)| *r <= crate::strength::MAX_TEST_REPS)
                .zip(e.rpe)
                .map(|((kg, r), rpe)| (kg, r, rpe)),
            planned_effort: (!extra).then_some((target.reps, target.rpe)),
            missed_target: !extra
                && !e.reps.is_empty()
                && ((e.reps.len() as u32) < target.sets || e.reps.iter().any(|r| *r < target.reps)),
        };
        // Words only for a verdict that says something (most sessions settle).
        let on = wording::SessionDay {
            date: e.date,
            extra,
        };
        // Asked already to see a clinician about pain that keeps coming back: a further
        // flare holds where the plan is (a floor), it does not wind the plan down session
        // after session (4/10 with a morning ache took 3×12 at 90° to one quarter-squat rep).
        let referred = self.knee.recurring_pain();
        let verdict = self.knee.session(&facts, |v| wording::verdict(v, &on));
        let ideal = self.pain.during_ideal;
        match verdict {
            Verdict::RedFlag(_) => Some(Signal::RedFlag(wording::verdict(&verdict, &on).into())),
            Verdict::Flare(_) if referred => Some(Signal::Hold(wording::referred_hold(
                wording::verdict_note(&verdict, on),
            ))),
            Verdict::Flare(_) => Some(Signal::StepBack(
                wording::verdict_note(&verdict, on),
                Cause::Pain,
            )),
            Verdict::Amber(_) if self.technique_only() => {
                Some(Signal::Hold(wording::still_technique(ideal, on)))
            }
            Verdict::Amber(Pain0::Morning(m, _)) => {
                Some(Signal::Hold(wording::morning_hold(m, on)))
            }
            Verdict::Amber(_) => Some(Signal::Hold(wording::amber_hold(wording::verdict_note(
                &verdict, on,
            )))),
            Verdict::Settled => None,
        }
    }

    /// The verdict on one done session (DESIGN §6 pain model, §7 rules): the knee first
    /// ([`Tracker::judge_pain`]); then, for a settled session outside technique-only
    /// weeks, whether the targets were missed or beaten.
    fn judge(&mut self, e: &Entry, target: &Prescription) -> Signal {
        let a = self.adapt;
        let pain = self.judge_pain(e, target, false);
        let technique = self.technique_only();
        if let Some(s @ (Signal::RedFlag(_) | Signal::StepBack(..))) = &pain {
            return s.clone();
        }
        if technique {
            return pain.unwrap_or(Signal::None);
        }
        let short = !e.reps.is_empty()
            && ((e.reps.len() as u32) < target.sets || e.reps.iter().any(|r| *r < target.reps));
        if short {
            self.short_streak += 1;
        } else {
            self.short_streak = 0;
        }
        if self.short_streak >= a.missed_target_sessions {
            self.short_streak = 0;
            return Signal::StepBack(
                wording::targets_missed(target, a.missed_target_sessions, e.date, &e.reps).into(),
                Cause::Performance,
            );
        }
        if let Some(hold) = pain {
            return hold;
        }
        let beaten = e.reps.len() as u32 >= target.sets
            && !e.reps.is_empty()
            && e.reps.iter().all(|r| *r >= target.reps + a.beat_reps)
            && e.rpe.is_none_or(|r| r <= target.rpe);
        if beaten {
            self.beat_streak += 1;
            if self.beat_streak >= a.beat_sessions {
                self.beat_streak = 0;
                self.week.extra = Some(wording::targets_beaten(target, &a, e.date, &e.reps).into());
            }
        } else {
            self.beat_streak = 0;
        }
        Signal::None
    }
}

/// Steps levels back for a cause: [`super::step::Rules::step_back`], as the tracker sees it.
pub type Regress<'r> = dyn Fn(&Levels, Cause) -> Option<(Levels, String)> + 'r;

/// Weeks of holding for pain between the ideal and the stop line before a step back.
pub const AMBER_WEEKS: u32 = 2;

/// Weeks within which a second step back brings an early deload.
pub const EARLY_DELOAD_WINDOW: u32 = 3;

#[cfg(test)]
mod tests;
