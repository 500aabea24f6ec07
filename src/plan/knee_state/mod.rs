//! The knee on a timeline (DESIGN §8): one pure fold over every dated event of the log —
//! sessions planned or extra, next-morning pain, clearances and acknowledgements — into
//! what the knee tolerates now and what must be said about it.
//!
//! It speaks in knee-load units and dates only; it never sees the step function's levels
//! (the step rules read [`KneeLimits`], never the other way round), so the plan, `today`,
//! `why`, `stats` and the calendar all read one state and cannot disagree.

use std::collections::VecDeque;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::template::{Adapt, Pain};

use super::model::Symptoms;
pub use super::model::{Alert, AlertKind, Irritability, KneeSummary};

/// Days after the technique weeks that follow a clearance with no external load.
pub const FLAG_BODYWEIGHT_DAYS: i64 = 14;

/// Share of the session load tolerated before a red flag that the first week back after
/// its clearance may carry.
pub const FLAG_RETURN_SHARE: f64 = 0.55;

/// Days after the technique weeks during which the way back from a red flag is held to
/// its weekly climb (back to the load before the flag well within that).
pub const FLAG_RETURN_DAYS: i64 = 84;

/// Days over which the tolerated load is the best settled session (DESIGN §8).
pub const TOLERATED_WINDOW_DAYS: i64 = 28;

/// After recurring pain is acknowledged, the way back climbs fast only up to this share
/// of the session knee load that flared first (a physiotherapist's reading: the load
/// that provoked the flares is not "where the knee has been").
pub const RECURRING_RETURN_SHARE: f64 = 0.9;

/// Pain step-backs within [`RECURRING_WINDOW_DAYS`] that call for a clinician's look.
pub const RECURRING_FLARES: usize = 3;

/// The window for [`RECURRING_FLARES`]: six weeks.
pub const RECURRING_WINDOW_DAYS: i64 = 42;

/// Days without a session after which the first session back is lighter (a missed week).
pub const GAP_DAYS: i64 = 8;

/// Days without a session after which the first week back is at [`GAP_FLOOR`] of the last
/// week done (three weeks; DESIGN §8, clinical convention).
pub const LONG_GAP_DAYS: i64 = 21;

/// The share of the last week done that the first week back keeps after a long gap.
pub const GAP_FLOOR: f64 = 0.7;

/// What a gap in training allows the first sessions back (DESIGN §8: tissue tolerance
/// falls with time off, whatever strength keeps).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gap {
    /// Days since the last session done.
    pub days: i64,
    /// Share of the last week done that the first week back may carry (0.7–1).
    pub factor: f64,
    /// Knee load of the last week done.
    pub last_week: f64,
    /// Most knee load one session back may carry: `factor` × that week's average session.
    pub session_cap: f64,
}

/// What a person records about the knee besides sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KneeEventKind {
    /// A clinician has seen the knee after a red flag (or the recurring-pain alert).
    Cleared,
    /// The person has read the recurring-pain advice and takes it to their clinician.
    Acknowledged,
}

impl KneeEventKind {
    /// The word stored and printed.
    pub fn as_str(self) -> &'static str {
        match self {
            KneeEventKind::Cleared => "cleared",
            KneeEventKind::Acknowledged => "acknowledged",
        }
    }
}

/// A dated clearance or acknowledgement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KneeEvent {
    /// Row id in the log.
    pub id: i64,
    /// The day it happened.
    pub date: NaiveDate,
    /// Which kind.
    pub kind: KneeEventKind,
    /// Free text, e.g. who saw the knee.
    pub note: Option<String>,
}

/// How one session (or next morning) went for the knee.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Pain at most the ideal during and next morning, no symptom.
    Settled,
    /// Pain above the ideal, within the acceptable range (what and when).
    Amber(Pain0),
    /// Pain above the acceptable range, or a morning flare.
    Flare(Pain0),
    /// A red-flag symptom or pain at the red-flag level.
    RedFlag(Pain0),
}

/// Which pain reading decided a [`Verdict`], so the wording can name it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pain0 {
    /// Pain during the session.
    During(f64),
    /// Pain the next morning, and the person's usual morning.
    Morning(f64, f64),
    /// Logged symptoms.
    Symptoms(Symptoms),
}

/// Where each knee-load lever of a session stood: plain numbers, so the knee state can cap
/// the next sessions without knowing the step function's types.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LeverCaps {
    /// Sets.
    pub sets: u32,
    /// Reps per set.
    pub reps: u32,
    /// Knee flexion, degrees.
    pub depth_deg: f64,
    /// Heel block, cm.
    pub heel_cm: f64,
    /// External load, kg, at most (`None`: no cap on it; a bodyweight session's is
    /// `Some(0.0)`, see [`LeverCaps::of`]).
    pub load_kg: Option<f64>,
}

impl LeverCaps {
    /// The levers of a session prescribed `p`, done with `load_kg` (the prescription's
    /// own when `None`). Without external load the cap is none, not "no cap": a flare in a
    /// bodyweight session keeps the next ones bodyweight.
    pub fn of(p: &super::model::Prescription, load_kg: Option<f64>) -> LeverCaps {
        LeverCaps {
            sets: p.sets,
            reps: p.reps,
            depth_deg: p.depth_deg,
            heel_cm: p.heel_height_cm,
            load_kg: Some(load_kg.or(p.load.kg).unwrap_or(0.0)),
        }
    }

    /// No more external load than `kg`, every other lever free.
    pub fn load_only(kg: f64) -> LeverCaps {
        LeverCaps {
            sets: u32::MAX,
            reps: u32::MAX,
            depth_deg: f64::INFINITY,
            heel_cm: f64::INFINITY,
            load_kg: Some(kg),
        }
    }
}

/// One done session (planned or extra) as the knee felt it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SessionFacts {
    /// The day it was done.
    pub date: NaiveDate,
    /// Its knee load (the guards' measure).
    pub knee_load: f64,
    /// Pain during, 0–10 (`None`: not recorded).
    pub pain_during: Option<f64>,
    /// Pain next morning, 0–10.
    pub pain_morning: Option<f64>,
    /// Red-flag symptoms.
    pub symptoms: Symptoms,
    /// A hard session (the rest rule counts from it).
    pub hard: bool,
    /// Logged with `--extra`: not a dose the plan prescribed.
    pub extra: bool,
    /// Its levers (as prescribed, with the load logged).
    pub levers: LeverCaps,
    /// The set that best shows strength: (kg, reps, RPE) — a loaded set of at most
    /// [`crate::strength::MAX_TEST_REPS`] reps with its RPE logged (without one the log
    /// says nothing about effort, so nothing is learnt).
    pub strength_set: Option<(f64, u32, f64)>,
    /// The reps a set and the RPE prescribed (`None` for an extra session): a set done as
    /// prescribed says the estimate was right, so it moves only on evidence — easier or
    /// more reps than prescribed for a rise, harder or fewer for a fall.
    pub planned_effort: Option<(u32, f64)>,
    /// Some set fell short of the prescribed reps.
    pub missed_target: bool,
}

/// Lowest RPE a set may have to say something about the 1RM: the RPE chart is built from
/// sets near failure, and light sets (a way back, a technique day) read as a collapse.
pub const MIN_ESTIMATE_RPE: f64 = 6.0;

/// Days between two step-backs that both count towards the recurring-pain alert.
pub const RECURRING_SPACING_DAYS: i64 = 7;

/// How far over the heaviest planned session an extra session counts as tolerated.
pub const EXTRA_OVER_PLANNED: f64 = 0.2;

/// Largest rise of the 1RM estimate a week (DESIGN §7: progress less than you regress).
pub const STRENGTH_RISE_PER_WEEK: f64 = 0.025;

/// Largest fall of the 1RM estimate from one session.
pub const STRENGTH_FALL: f64 = 0.10;

/// The limits the knee sets on the next prescriptions, in knee-load units.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KneeLimits {
    /// No loading: a red flag waits for a clinician's clearance.
    pub technique_only: bool,
    /// The highest session knee load recently done settled: climbing back to it may go
    /// faster than new territory (returning is not overload).
    pub tolerated: Option<f64>,
    /// No session above this until the knee has settled (the session that flared).
    pub ceiling: Option<f64>,
    /// No lever above these: the session that flared while the knee settles, or the
    /// last session done while sessions are technique-only.
    pub caps: Option<LeverCaps>,
    /// Progression holds, and why (recurring pain not yet acknowledged).
    pub hold: Option<&'static str>,
    /// The 1RM estimate from logged sets (kg), for % 1RM loads.
    pub strength: Option<f64>,
    /// A load (kg) missed twice: not prescribed again before the estimate rises.
    pub max_load_kg: Option<f64>,
    /// A flare, a step back for pain or a red flag within [`RECURRING_WINDOW_DAYS`]: the
    /// way back climbs more slowly.
    pub flared_lately: bool,
}

/// The state of the knee; see the module docs.
#[derive(Debug, Clone)]
pub struct KneeState {
    pain: Pain,
    adapt: Adapt,
    irritability: Irritability,
    /// The red flag awaiting clearance: its date and what it was.
    red: Option<(NaiveDate, String)>,
    cleared: Option<NaiveDate>,
    flares: VecDeque<NaiveDate>,
    recurring: Option<NaiveDate>,
    /// Settled sessions with a pain score: (day number from the common era, knee load),
    /// days as numbers because the tolerated load is looked for before every week.
    settled: VecDeque<(i32, f64, bool)>,
    mornings: VecDeque<f64>,
    last_done: Option<NaiveDate>,
    /// Knee load of the session that flared, while the knee settles after it.
    flare_ceiling: Option<f64>,
    /// Its levers.
    flare_caps: Option<LeverCaps>,
    /// The levers of the last session done.
    last_levers: Option<LeverCaps>,
    /// Settled sessions still needed after the last flare or red flag (its ceiling and
    /// caps hold until then).
    settle_needed: u32,
    /// Settled sessions still needed after pain above the ideal held the plan for weeks
    /// and stepped it back ([`KneeState::hold_until_settled`]): progression waits as after
    /// a flare, without a flare's ceiling.
    amber_settle: u32,
    /// The tolerated load when the last red flag came: where the way back heads.
    before_flag: Option<f64>,
    /// The last day of the technique weeks after a clearance: the weeks after it start
    /// bodyweight and at about half the load before the flag.
    back_from_flag: Option<NaiveDate>,
    /// Every session done in the last weeks (date, knee load), for the last week's load.
    done: VecDeque<(NaiveDate, f64)>,
    /// The last planned session the plan assumes done (a future one), so a gap closes once
    /// the first session back is planned.
    assumed: Option<NaiveDate>,
    /// The load the knee carried before a gap, while the plan climbs back to it.
    before_gap: Option<f64>,
    /// The tolerated load before the first of the flares counted towards the recurring-pain
    /// alert: where the way back heads once the advice is acted on.
    before_flares: Option<f64>,
    /// The session knee load of the first flare of the recurring step-backs: the way back
    /// after them stops below it (the load that started the trouble is new territory;
    /// the later flares, at loads already stepped back, tell of an irritable knee).
    first_flare: Option<f64>,
    /// Days of hard (and extra) sessions done lately, for the rest rule.
    hard_days: VecDeque<NaiveDate>,
    /// The 1RM estimate (kg) and the day it last rose.
    strength: Option<(f64, NaiveDate)>,
    /// A load missed (kg) and how many sessions in a row missed it.
    missing: Option<(f64, u32)>,
    /// A load missed twice, and the estimate then.
    failed: Option<(f64, f64)>,
}

impl KneeState {
    /// A knee with nothing logged, judged with the template's thresholds.
    pub fn new(pain: Pain, adapt: Adapt) -> KneeState {
        KneeState {
            pain,
            adapt,
            irritability: Irritability::Settled,
            red: None,
            cleared: None,
            flares: VecDeque::new(),
            recurring: None,
            settled: VecDeque::new(),
            mornings: VecDeque::new(),
            last_done: None,
            flare_ceiling: None,
            flare_caps: None,
            last_levers: None,
            settle_needed: 0,
            amber_settle: 0,
            before_flag: None,
            back_from_flag: None,
            done: VecDeque::new(),
            assumed: None,
            before_gap: None,
            hard_days: VecDeque::new(),
            before_flares: None,
            first_flare: None,
            strength: None,
            missing: None,
            failed: None,
        }
    }

    /// The same knee with a 1RM known before any log (the athlete's, or a test's).
    pub fn with_strength(mut self, kg: Option<f64>, since: NaiveDate) -> KneeState {
        self.strength = kg.map(|k| (k, since));
        self
    }

    /// From `since` on, the 1RM is `kg`: a dated change the person made (a new test)
    /// replaces the estimate the log had moved.
    pub fn reset_strength(&mut self, kg: f64, since: NaiveDate) {
        self.strength = Some((kg, since));
    }

    /// The 1RM estimate, kg.
    pub fn strength(&self) -> Option<f64> {
        self.strength.map(|(k, _)| k)
    }

    /// Updates the 1RM estimate from a set (Helms 2016's chart: reps + reps in reserve →
    /// % 1RM), capped to [`STRENGTH_RISE_PER_WEEK`] a week up and [`STRENGTH_FALL`] down,
    /// and keeps count of loads missed.
    fn learn(&mut self, f: &SessionFacts, settled: bool) {
        let kg = f.levers.load_kg.filter(|k| *k > 0.0);
        match (kg, f.missed_target) {
            (Some(k), true) => {
                let n = match self.missing {
                    Some((m, n)) if (m - k).abs() < 1e-6 => n + 1,
                    _ => 1,
                };
                self.missing = Some((k, n));
                if n >= 2 {
                    self.failed = Some((k, self.strength().unwrap_or(0.0)));
                }
            }
            (Some(_), false) => self.missing = None,
            _ => {}
        }
        let Some((kg, reps, rpe)) = f
            .strength_set
            .filter(|(_, _, rpe)| settled && *rpe >= MIN_ESTIMATE_RPE)
        else {
            return;
        };
        let rir = (10.0 - rpe).round().clamp(0.0, 6.0) as u32;
        let seen = kg * 100.0 / crate::strength::percent_for(reps, rir);
        let (easier, harder) = match f.planned_effort {
            Some((planned_reps, planned_rpe)) => (
                rpe < planned_rpe - 0.25 || reps > planned_reps,
                rpe > planned_rpe + 0.25 || f.missed_target,
            ),
            None => (true, true),
        };
        let next = match self.strength {
            None => (seen, f.date),
            // A rise needs a set easier than prescribed, a fall one harder.
            Some((now, _)) if (seen > now && !easier) || (seen <= now && !harder) => return,
            Some((now, since)) => {
                let weeks = (f.date - since).num_days().max(0) as f64 / 7.0;
                if seen > now {
                    let up = seen.min(now * (1.0 + STRENGTH_RISE_PER_WEEK * weeks));
                    (up, f.date)
                } else {
                    (seen.max(now * (1.0 - STRENGTH_FALL)), since)
                }
            }
        };
        self.strength = Some(next);
        if self
            .failed
            .is_some_and(|(_, at)| next.0 > at * (1.0 + 1e-6))
        {
            self.failed = None;
        }
    }

    /// The person's usual next-morning pain: the mean of recent settled mornings, never
    /// above the ideal (a creeping ache cannot raise it); before any, the ideal.
    pub fn baseline_morning(&self) -> f64 {
        if self.mornings.is_empty() {
            self.pain.during_ideal
        } else {
            self.mornings.iter().sum::<f64>() / self.mornings.len() as f64
        }
    }

    /// How a session with these readings went, against this knee's own baseline.
    pub fn judge(
        &self,
        pain_during: Option<f64>,
        pain_morning: Option<f64>,
        symptoms: Symptoms,
    ) -> Verdict {
        let (p, a) = (self.pain, self.adapt);
        let during = pain_during.unwrap_or(0.0);
        if symptoms.any() {
            return Verdict::RedFlag(Pain0::Symptoms(symptoms));
        }
        if during >= a.red_flag_pain {
            return Verdict::RedFlag(Pain0::During(during));
        }
        let base = self.baseline_morning();
        if let Some(m) = pain_morning.filter(|m| *m >= a.red_flag_pain) {
            return Verdict::RedFlag(Pain0::Morning(m, base));
        }
        if during > p.during_max {
            return Verdict::Flare(Pain0::During(during));
        }
        if let Some(m) = pain_morning.filter(|m| *m > base + a.morning_margin) {
            return Verdict::Flare(Pain0::Morning(m, base));
        }
        if during > p.during_ideal {
            return Verdict::Amber(Pain0::During(during));
        }
        if let Some(m) = pain_morning.filter(|m| *m > p.during_ideal) {
            return Verdict::Amber(Pain0::Morning(m, base));
        }
        Verdict::Settled
    }

    /// Folds in one done session; returns its verdict.
    pub fn session(&mut self, f: &SessionFacts, why: impl FnOnce(&Verdict) -> String) -> Verdict {
        let verdict = self.judge(f.pain_during, f.pain_morning, f.symptoms);
        self.learn(f, verdict == Verdict::Settled);
        self.last_done = Some(self.last_done.map_or(f.date, |d| d.max(f.date)));
        self.last_levers = Some(f.levers);
        self.done.push_back((f.date, f.knee_load));
        while self
            .done
            .front()
            .is_some_and(|(d, _)| (f.date - *d).num_days() > TOLERATED_WINDOW_DAYS)
        {
            self.done.pop_front();
        }
        // Back where the knee was before the gap: the way-back rule has done its job.
        if self.before_gap.is_some_and(|b| f.knee_load + 1e-9 >= b) {
            self.before_gap = None;
        }
        if f.hard {
            self.hard_days.push_back(f.date);
            if self.hard_days.len() > 16 {
                self.hard_days.pop_front();
            }
        }
        match &verdict {
            Verdict::RedFlag(_) => {
                if self.red.is_none() {
                    self.before_flag = self.tolerated(f.date).or(self.before_flag);
                }
                if self.cleared.is_some_and(|c| c >= f.date) {
                    // A clearance recorded the same day answers the flag: the clinician
                    // has seen the knee as it is now.
                    self.irritability = Irritability::Returning;
                } else {
                    // The first flag still unanswered is the one the alert dates from (an
                    // entry of a later day may be folded at an earlier slot of its week).
                    match &self.red {
                        Some((d, _)) if *d <= f.date => {}
                        _ => self.red = Some((f.date, why(&verdict))),
                    }
                    self.irritability = Irritability::RedFlag;
                }
                self.flare(f.date, f.knee_load, f.levers);
            }
            Verdict::Flare(_) => {
                self.flare(f.date, f.knee_load, f.levers);
                if self.red.is_none() {
                    self.irritability = Irritability::Flare;
                }
            }
            Verdict::Amber(_) => {
                if self.red.is_none() && self.irritability != Irritability::Flare {
                    self.irritability = Irritability::Amber;
                }
            }
            Verdict::Settled => {
                if let Some(m) = f.pain_morning {
                    self.mornings.push_back(m);
                    while self.mornings.len() > self.adapt.baseline_sessions as usize {
                        self.mornings.pop_front();
                    }
                }
                self.one_settled();
                // Only a recorded pain score shows what the knee tolerates (imports
                // without one do not raise it).
                if f.pain_during.is_some() && f.knee_load > 0.0 {
                    self.settled
                        .push_back((f.date.num_days_from_ce(), f.knee_load, f.extra));
                }
                self.irritability = match self.red {
                    Some(_) => Irritability::AwaitingClearance,
                    None if self.cleared.is_some() && self.settle_needed > 0 => {
                        Irritability::Returning
                    }
                    None if self.irritability == Irritability::Returning => {
                        // Back when a session done reaches the load before the flag (the
                        // 28-day window alone would forget it while the plan climbs).
                        if self.before_flag.is_none_or(|b| f.knee_load + 1e-9 >= b) {
                            Irritability::Settled
                        } else {
                            Irritability::Returning
                        }
                    }
                    None if self.settle_needed > 0 => self.irritability,
                    None => Irritability::Settled,
                };
            }
        }
        verdict
    }

    /// A planned session not logged yet, on `date`, assumed done as prescribed: it closes
    /// a gap (the sessions after the first one back are not "after a gap").
    pub fn assume_done(&mut self, date: NaiveDate) {
        self.assumed = Some(self.assumed.map_or(date, |d| d.max(date)));
    }

    /// The gap before a session on `on`, when there is one worth a lighter return: the
    /// first week back after ≥ 3 weeks off keeps 70 % of the last week done, shorter gaps
    /// scale between (1 at a week off). `None` with nothing done before, or no gap.
    pub fn gap(&self, on: NaiveDate) -> Option<Gap> {
        let last = self.last_done?;
        let since = self.assumed.filter(|a| *a > last).unwrap_or(last);
        let days = (on - since).num_days();
        if days < GAP_DAYS {
            return None;
        }
        let days = (on - last).num_days();
        let week: Vec<f64> = self
            .done
            .iter()
            .filter(|(d, _)| (last - *d).num_days() < 7)
            .map(|(_, l)| *l)
            .collect();
        let last_week: f64 = week.iter().sum();
        if week.is_empty() || last_week <= 0.0 {
            return None;
        }
        let span = (LONG_GAP_DAYS - 7) as f64;
        let factor = (1.0 - (1.0 - GAP_FLOOR) * ((days - 7) as f64 / span)).clamp(GAP_FLOOR, 1.0);
        Some(Gap {
            days,
            factor,
            last_week,
            session_cap: factor * last_week / week.len() as f64,
        })
    }

    /// The plan returns after a gap: the load before it is where the way back heads (it
    /// climbs there under the way-back rule, faster than into new territory).
    pub fn start_return(&mut self, gap: &Gap) {
        let best = self
            .done
            .iter()
            .filter(|(d, _)| self.last_done.is_some_and(|l| (l - *d).num_days() < 7))
            .map(|(_, l)| *l)
            .fold(0.0, f64::max);
        self.before_gap = (best > 0.0).then_some(best).or(Some(gap.session_cap));
    }

    /// A session not logged yet, planned as if done as prescribed: it counts towards
    /// settling (so the future is planned past a flare), never towards the tolerated load.
    pub fn assume_settled(&mut self) {
        self.one_settled();
    }

    /// One more session settled (done, or assumed done): a flare's ceiling and caps go
    /// once enough have.
    fn one_settled(&mut self) {
        self.amber_settle = self.amber_settle.saturating_sub(1);
        self.settle_needed = self.settle_needed.saturating_sub(1);
        if self.settle_needed == 0 {
            self.flare_ceiling = None;
            self.flare_caps = None;
        }
    }

    /// Pain above the ideal has held the plan for weeks and steps it back: progression
    /// waits for the template's settled sessions, as after a flare.
    pub fn hold_until_settled(&mut self) {
        self.amber_settle = self.adapt.settled_sessions;
    }

    /// Settled sessions still needed before the plan may progress (after a flare, a red
    /// flag, or weeks held for pain).
    pub fn settle_needed(&self) -> u32 {
        self.settle_needed.max(self.amber_settle)
    }

    fn flare(&mut self, date: NaiveDate, load: f64, levers: LeverCaps) {
        self.settle_needed = self.adapt.settled_sessions;
        // The ceiling is the lowest session that flared while the knee settles.
        if load > 0.0 {
            self.flare_ceiling = Some(self.flare_ceiling.map_or(load, |c| c.min(load)));
            if self.flares.is_empty() {
                self.first_flare = Some(load);
            }
        }
        let low = |a: LeverCaps, b: LeverCaps| LeverCaps {
            sets: a.sets.min(b.sets),
            reps: a.reps.min(b.reps),
            depth_deg: a.depth_deg.min(b.depth_deg),
            heel_cm: a.heel_cm.min(b.heel_cm),
            load_kg: match (a.load_kg, b.load_kg) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, y) => x.or(y),
            },
        };
        self.flare_caps = Some(self.flare_caps.map_or(levers, |c| low(c, levers)));
        self.count_step_back(date);
    }

    /// A step back for pain that persisted in the amber range (no flare caps: the knee was
    /// not above what it tolerates, only not settling), counted towards the recurring-pain
    /// alert like a flare.
    pub fn pain_step_back(&mut self, date: NaiveDate) {
        if self.flares.is_empty() {
            self.first_flare = None;
        }
        self.count_step_back(date);
    }

    /// Counts a step-back for pain on `date` towards the recurring-pain alert.
    fn count_step_back(&mut self, date: NaiveDate) {
        if self.flares.is_empty() {
            self.before_flares = self.tolerated(date);
        }
        // One step-back a week at most counts towards the recurring-pain alert: three
        // sessions of one sore week are one episode, not pain that keeps coming back
        // (physio review 5: the alert came after a single amber week).
        if self
            .flares
            .back()
            .is_none_or(|d| (date - *d).num_days() >= RECURRING_SPACING_DAYS)
        {
            self.flares.push_back(date);
        }
        while self
            .flares
            .front()
            .is_some_and(|d| (date - *d).num_days() >= RECURRING_WINDOW_DAYS)
        {
            self.flares.pop_front();
        }
        if self.flares.len() >= RECURRING_FLARES && self.recurring.is_none() {
            self.recurring = Some(date);
        }
    }

    /// Folds in a clearance or acknowledgement. A clearance answers a red flag raised on
    /// or before its date (and the recurring-pain alert); an acknowledgement answers the
    /// recurring-pain alert only.
    pub fn event(&mut self, e: &KneeEvent) {
        if self.recurring.is_some_and(|d| d <= e.date) {
            self.recurring = None;
            self.flares.clear();
            // Acted on: the plan climbs back to where the knee was before the flares, by
            // the way-back rule rather than at the pace of new territory.
            if self.red.is_none() {
                // ...but not back to a load that flared: from below it the template's
                // caps apply, as in new territory.
                let below = |l: f64| match self.first_flare.take() {
                    Some(f) => l.min(f * RECURRING_RETURN_SHARE),
                    None => l,
                };
                let before_flares = self.before_flares.take().map(below);
                self.before_flag = match (self.before_flag, before_flares) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    (a, b) => a.or(b),
                };
                self.irritability = Irritability::Returning;
            }
        }
        if e.kind == KneeEventKind::Cleared {
            self.cleared = Some(e.date);
            if self.red.as_ref().is_some_and(|(d, _)| *d <= e.date) {
                self.red = None;
                self.irritability = Irritability::Returning;
            }
        }
    }

    /// The highest settled session knee load of the 28 days up to `on`. An extra session
    /// counts up to a fifth over the heaviest planned one of the window (one big extra
    /// session set the way back's target at 2.25 times any week the plan had prescribed:
    /// physio review 6); with no planned one in the window, as it was done.
    pub fn tolerated(&self, on: NaiveDate) -> Option<f64> {
        let on = on.num_days_from_ce();
        let window = || {
            self.settled
                .iter()
                .filter(move |(d, _, _)| *d <= on && i64::from(on - *d) < TOLERATED_WINDOW_DAYS)
        };
        let planned = window()
            .filter(|(_, _, extra)| !extra)
            .map(|(_, l, _)| *l)
            .reduce(f64::max);
        let extra = window()
            .filter(|(_, _, extra)| *extra)
            .map(|(_, l, _)| *l)
            .reduce(f64::max)
            .map(|l| planned.map_or(l, |p| l.min(p * (1.0 + EXTRA_OVER_PLANNED))));
        match (planned, extra) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }

    /// Forgets settled sessions older than the window before `on` (keeps the fold small).
    pub fn prune(&mut self, on: NaiveDate) {
        let on = on.num_days_from_ce();
        while self
            .settled
            .front()
            .is_some_and(|(d, _, _)| i64::from(on - *d) >= TOLERATED_WINDOW_DAYS)
        {
            self.settled.pop_front();
        }
    }

    /// True while a red flag waits for a clinician's clearance.
    pub fn awaiting_clearance(&self) -> bool {
        self.red.is_some()
    }

    /// How irritable the knee is, as folded so far.
    pub fn irritability(&self) -> Irritability {
        self.irritability
    }

    /// True while the recurring-pain alert waits to be acted on.
    pub fn recurring_pain(&self) -> bool {
        self.recurring.is_some()
    }

    /// The date of the red flag waiting for a clinician's clearance, if one is.
    pub fn red_flag_since(&self) -> Option<NaiveDate> {
        self.red.as_ref().map(|(d, _)| *d)
    }

    /// The latest hard or extra session done on or before `date` (entries are matched to
    /// a week's sessions, so one done later may already be folded in).
    pub fn last_hard_on_or_before(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.hard_days.iter().copied().filter(|d| *d <= date).max()
    }

    /// The alerts in force, each repeated until acted on.
    pub fn alerts(&self) -> Vec<Alert> {
        let mut out = Vec::new();
        if let Some((d, why)) = &self.red {
            out.push(Alert {
                kind: AlertKind::RedFlag,
                since: *d,
                message: format!(
                    "red flag ({why}): stop squatting and see a clinician; no squats are planned until you record that a clinician has seen the knee (`vmo cleared`), then technique sessions first"
                ),
            });
        }
        if let Some(d) = self.recurring {
            out.push(Alert {
                kind: AlertKind::RecurringPain,
                since: d,
                message: format!(
                    "knee pain has stepped the plan back {RECURRING_FLARES} times in 6 weeks: see your clinician; the plan holds until you record it (`vmo acknowledge`, or `vmo cleared` once seen)"
                ),
            });
        }
        out
    }

    /// The limits on the sessions planned from `on`.
    pub fn limits(&self, on: NaiveDate) -> KneeLimits {
        let (caps, ceiling) = self.caps();
        KneeLimits {
            technique_only: self.red.is_some(),
            tolerated: match (self.tolerated(on), self.returning_to()) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            },
            ceiling,
            caps,
            strength: self.strength(),
            max_load_kg: self.failed.map(|(kg, _)| kg),
            hold: self.hold(),
            flared_lately: self
                .flares
                .back()
                .or(self.red.as_ref().map(|(d, _)| d))
                .is_some_and(|f| (on - *f).num_days() <= RECURRING_WINDOW_DAYS)
                || self
                    .cleared
                    .is_some_and(|c| (on - c).num_days() <= RECURRING_WINDOW_DAYS),
        }
    }

    /// [`KneeLimits::caps`] and [`KneeLimits::ceiling`] alone: what each session is held
    /// to (they do not change with the day, and need not look for the tolerated load).
    pub fn caps(&self) -> (Option<LeverCaps>, Option<f64>) {
        let caps = if self.red.is_some() {
            self.last_levers
        } else {
            self.flare_caps.filter(|_| self.settle_needed > 0)
        };
        (caps, self.flare_ceiling.filter(|_| self.settle_needed > 0))
    }

    /// Loading begins again after a clearance and the settled technique sessions, the
    /// day after `end` (the end of the last technique week).
    pub fn begin_return_after_clearance(&mut self, end: NaiveDate) {
        self.back_from_flag = Some(end);
    }

    /// The limits of the weeks back after a red flag and its clearance (a
    /// physiotherapist's reading: bodyweight first, about half the load, then 10–20 % a
    /// week): no external load for [`FLAG_BODYWEIGHT_DAYS`]; in the first week, the
    /// session load before the flag, whose [`FLAG_RETURN_SHARE`] its sessions may carry;
    /// after it the caller holds each week to [`crate::plan::step::RETURN_MAX_RISE`] (or
    /// one rep a set) over the last build week; for [`FLAG_RETURN_DAYS`].
    pub fn after_clearance(&self, date: NaiveDate) -> Option<(Option<LeverCaps>, Option<f64>)> {
        let end = self.back_from_flag?;
        let days = (date - end).num_days();
        if days <= 0 || days > FLAG_RETURN_DAYS {
            return None;
        }
        let caps = (days <= FLAG_BODYWEIGHT_DAYS).then(|| LeverCaps::load_only(0.0));
        Some((caps, self.before_flag.filter(|_| days <= 7)))
    }

    /// [`KneeLimits::hold`] alone.
    pub fn hold(&self) -> Option<&'static str> {
        self.recurring.map(|_| {
            "knee pain keeps coming back: holding until you have seen your clinician (`vmo acknowledge`)"
        })
    }

    /// After a clearance, the load the knee tolerated before the flag is the way back's
    /// target (it may be older than the 28-day window: the technique weeks pushed it out).
    fn returning_to(&self) -> Option<f64> {
        let flag = (self.irritability == Irritability::Returning)
            .then_some(self.before_flag)
            .flatten();
        match (flag, self.before_gap) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }

    /// The state as the plan reports it on `today`.
    pub fn summary(&self, today: NaiveDate) -> KneeSummary {
        KneeSummary {
            state: self.irritability,
            alerts: self.alerts(),
            tolerated_load: self.tolerated(today),
            baseline_morning: (self.baseline_morning() * 10.0).round() / 10.0,
            days_since_last_session: self.last_done.map(|d| (today - d).num_days()),
            last_hard_session: self.hard_days.iter().copied().max(),
            cleared_on: self.cleared,
            one_rep_max_kg: self.strength().map(|k| (k * 10.0).round() / 10.0),
        }
    }
}

#[cfg(test)]
mod tests;
