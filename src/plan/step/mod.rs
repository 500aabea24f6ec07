//! The progression rules as a step function: state + the outcome of the week just done →
//! the next week's prescription, the new state and the reasons.
//!
//! [`Rules::new`] does everything that can fail or is costly once; [`Rules::step`] never
//! fails. The template-only plan folds `step` over the calendar with every week done as
//! prescribed; a training log will feed real outcomes into the same step, so the rules a
//! physiotherapist checks (DESIGN §6) live here only:
//! - a deload is fewer sets at the same reps, load, heel, depth and tempo, and the week after
//!   repeats the last build week exactly;
//! - heel, depth and load move one at a time, in build weeks only, by at most 2 cm / 15° /
//!   10 % load per rep — a phase that starts higher than the last one ended is reached in
//!   such steps;
//! - every build week moves one lever unless a guard holds it (the note says which and by
//!   how much), counted on a knee-load measure that sees depth and heel height;
//! - at most four weeks at every cap, then a new block.

mod build;
mod entry;
mod levers;
mod measure;
mod wording;

pub(crate) use wording::knee_load_number;

use crate::equipment::{next_up, round_down};
use crate::strength;
use crate::template::{Lever, Phase, Template, Tempo, Variant};
use crate::units::Unit;

use super::knee::{self, MAX_DEPTH_STEP_DEG, MAX_HEEL_STEP_CM};
use super::knee_state::{KneeLimits, LeverCaps};
use super::model::{
    Adjustment, AdjustmentAction, Athlete, Load, MAX_LOAD_JUMP, Note, Prescription,
};

/// Body mass assumed for the knee-load measure when only a 1RM is known, so that external
/// load still counts (a reference adult; the measure is relative, see [`knee`]).
pub const REFERENCE_BODYWEIGHT_KG: f64 = 75.0;

/// Weeks a plan may hold with every lever at its cap before it starts a new block.
pub const MAX_CAPPED_WEEKS: u32 = 4;

/// Build weeks in the chronic mean of the acute:chronic ratio.
pub const CHRONIC_WEEKS: usize = 3;

/// Shallowest depth a step back goes to (a quarter squat).
pub const MIN_DEPTH_DEG: f64 = 45.0;

/// Deepest a technique-only session goes (half squat).
pub const TECHNIQUE_DEPTH_DEG: f64 = 60.0;

/// The way back's weekly climb, as a share of the tolerated load (DESIGN §8: back to it in
/// two or three weeks after a 70 % return).
pub const RETURN_STEP: f64 = 0.15;

/// The way back's rise over the week before, at most (at least one rep a set): from far
/// below the tolerated load, 15 % of it was a 30–40 % jump in a week, and a knee coming
/// back from a flare, a dip or time off takes 10–20 % (physiotherapy reviews 4 and 5; from
/// a 70 % return after a gap that is still back in two weeks, DESIGN §8).
pub const RETURN_MAX_RISE: f64 = 0.2;

/// Lowest RPE a session prescribes (the RPE chart's lower figures, for light sets far from
/// failure, read as an odd target: physio review 5).
pub const MIN_PRESCRIBED_RPE: f64 = 5.0;

/// The cue of a loaded session lighter than RPE 5 by the chart.
pub const LIGHT_LOAD_CUE: &str =
    "A light load on purpose: use the weight shown and do not add to it, however easy it feels";

/// Largest share of a hard session's knee load a light session may carry.
pub const LIGHT_SHARE: f64 = 0.6;

/// Where the levers of the hard sessions stand.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Levels {
    /// Working sets.
    pub sets: u32,
    /// Reps per set.
    pub reps: u32,
    /// Tempo.
    pub tempo: Tempo,
    /// Heel block, cm.
    pub heel: f64,
    /// Knee flexion, degrees.
    pub depth: f64,
    /// Load in the phase rule's own unit (% 1RM or × bodyweight); 0 without load.
    pub load: f64,
}

impl Levels {
    fn start(p: &Phase) -> Levels {
        Levels {
            sets: p.sets.start as u32,
            reps: p.reps.start as u32,
            tempo: p.tempo.start,
            heel: p.heel_height_cm.start,
            depth: p.depth_deg.start,
            load: p.load.map(|l| l.progression().start).unwrap_or(0.0),
        }
    }
}

/// What kind of week a step planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeekKind {
    /// A week that may progress one lever.
    Build,
    /// Fewer sets, nothing else changed.
    Deload,
    /// The week after a deload: the last build week again.
    Return,
}

/// How the week just planned went. The template-only plan assumes every session was done
/// as prescribed; the training log (see [`super::adapt`]) says what really happened.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Outcome {
    /// Every session done as prescribed: progress as the template says.
    #[default]
    AsPrescribed,
    /// Done and beaten often enough (2-for-2): progress, plus one more load step where the
    /// equipment allows.
    ExtraLoad {
        /// What in the log earned it.
        reason: Note,
    },
    /// Do not progress: the next week is `levels` again (a hold, a step back already
    /// taken, or the last completed week after missed sessions).
    Repeat {
        /// The levels to repeat.
        levels: Levels,
        /// Why, from the log, in the words the plan prints.
        reason: Note,
    },
    /// A recovery week at `levels` (technique-only sessions after a red flag): like a
    /// deload, it neither moves the levels the plan builds from nor counts in the guards'
    /// base, so the way back is measured against the weeks before the flag.
    Rest {
        /// The technique sessions' levels.
        levels: Levels,
        /// Why, from the log.
        reason: Note,
    },
    /// The first week back after recovery weeks: `levels` this week (below where the
    /// person was), then building on from them.
    Resume {
        /// Where the way back starts.
        levels: Levels,
        /// Why, from the log.
        reason: Note,
    },
    /// Held (for recurring pain) at `levels`, which the caller has already kept within a
    /// bounded rise over the week before: not trimmed to the weekly cap again (the cap's
    /// rounding would hold a climb back to where the person was at no rise at all).
    HoldAt {
        /// The levels to hold at.
        levels: Levels,
        /// Why, from the log.
        reason: Note,
    },
    /// Pain or falling performance calls for a deload now, not only by the calendar.
    Deload {
        /// The levels to deload (what the week ended on).
        levels: Levels,
        /// Why, from the log.
        reason: Note,
    },
}

/// Why a step back is taken: pain steps back the knee-load levers first; missed targets
/// without pain take load (then volume) off and leave depth and heel alone (DESIGN §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// Knee pain, a morning flare or a red flag.
    Pain,
    /// Target reps missed.
    Performance,
}

/// Everything the next step needs to know about the weeks so far.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// Weeks planned so far.
    pub week: u32,
    /// Phase the last week belonged to.
    pub phase: usize,
    /// Levels of the last build (or return) week: what the next build week moves from.
    pub levels: Levels,
    /// Kind of the last week.
    pub last_kind: WeekKind,
    /// Number and knee load of the last week that was not a deload: the cap's base.
    pub last_build: Option<(u32, f64)>,
    /// Knee load of the latest weeks that were not deloads, oldest first (at most
    /// [`CHRONIC_WEEKS`] + 1: the chronic mean and the week a return repeats).
    pub builds: Vec<f64>,
    /// Build weeks in a row with every lever at its cap.
    pub capped: u32,
    /// The last deload's week (0 before any): the calendar's rhythm counts from it, so an
    /// early deload restarts it.
    pub last_deload: u32,
    /// Build weeks in a row a guard held (every step over it): after one, the smallest
    /// step is taken anyway, so the plan never stalls on a guard alone.
    pub held: u32,
    /// The last build week went over a guard on purpose (see
    /// [`AdjustmentAction::AboveCap`]): the return after a deload repeats it as it was.
    pub above: bool,
}

impl State {
    /// Records that the week just planned ended with knee load `load` (the training log
    /// changed it within the week), so the next week's guards measure from it.
    pub fn adapted_load(&mut self, kind: WeekKind, load: f64) {
        if kind == WeekKind::Deload {
            return;
        }
        if let Some((_, l)) = self.last_build.as_mut() {
            *l = load;
        }
        if let Some(l) = self.builds.last_mut() {
            *l = load;
        }
    }
}

/// One week as a step planned it.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekPlan {
    /// 1-based week number.
    pub number: u32,
    /// Index of the template phase.
    pub phase: usize,
    /// Build, deload or return.
    pub kind: WeekKind,
    /// Levels of the hard sessions.
    pub levels: Levels,
    /// Why the week looks as it does, in the words the plan prints.
    pub notes: Vec<Note>,
    /// Places where a guard changed what the template asked for.
    pub adjustments: Vec<Adjustment>,
    /// Knee load of the whole week, in the plan's volume unit.
    pub load: f64,
    /// Week and knee load this week's change is measured against.
    pub base: Option<(u32, f64)>,
    /// Acute:chronic ratio (this week ÷ mean of up to 3 previous build weeks).
    pub acwr: Option<f64>,
}

/// The limits a build week must stay within.
struct Limits {
    number: u32,
    base: Option<(u32, f64)>,
    chronic: Option<f64>,
    allowed: f64,
    cap: f64,
    ceiling: f64,
    /// Week knee load the knee has recently done settled (its tolerated session load ×
    /// hard sessions): climbing back to it is not overload, so the cap guards new
    /// territory only (DESIGN §8).
    tolerated: Option<f64>,
    /// A load (kg) missed twice, not to be prescribed again yet.
    max_load_kg: Option<f64>,
    /// The most the way back may rise over the week before (a knee that flared lately).
    max_rise: f64,
}

impl Limits {
    fn fits(&self, load: f64) -> bool {
        self.within_guards(load)
    }

    fn within_guards(&self, load: f64) -> bool {
        load <= self.allowed * (1.0 + 1e-9) + 1e-9
    }

    /// True when `load` is at most what the knee has recently tolerated.
    fn returning(&self, load: f64) -> bool {
        self.tolerated
            .is_some_and(|t| load <= t * (1.0 + 1e-9) + 1e-9)
    }

    /// Which guard `load` breaks, in words and numbers; `None` when it fits.
    fn breach(&self, load: f64) -> Option<(&'static str, String)> {
        if self.fits(load) {
            return None;
        }
        if let Some((w, b)) = self
            .base
            .filter(|(_, b)| load > b * (1.0 + self.cap) + 1e-9)
        {
            return Some(("volume_cap", wording::over_cap(load, w, b, self.cap)));
        }
        let c = self.chronic.unwrap_or(load);
        Some(("acwr", wording::over_acwr(load / c, self.ceiling)))
    }
}

/// A candidate for this week: the levels and the note that explains them.
struct Candidate {
    levels: Levels,
    note: String,
    /// True for heel, depth and load steps, which may shed reps to fit the guards.
    knee: bool,
}

/// The progression rules for one template and one person, checked once.
pub struct Rules<'a> {
    template: &'a Template,
    /// The person as each dated change left them (bodyweight, 1RM, equipment, variant):
    /// the first is the plan's start; [`Rules::set_period`] says which is in force.
    athletes: Vec<&'a Athlete>,
    /// Which of `athletes` (and `loads`) holds for the day being planned.
    period: std::cell::Cell<usize>,
    unit: Unit,
    /// Loads the equipment can make, per athlete, per variant in `Variant::ALL` order.
    loads: Vec<Vec<Vec<f64>>>,
    /// Hard sessions a week under the training days in force (they change with the days).
    hard_per_week: std::cell::Cell<u32>,
    /// The calendar's phase for each week (a phase may start later than this, never sooner).
    fit: Vec<(usize, u32)>,
    /// The 1RM % loads are worked out from: the athlete's, until the log estimates it
    /// (see [`Rules::set_one_rep_max`]).
    one_rep_max: std::cell::Cell<Option<f64>>,
    /// Each phase's cues without the heel-block clauses, for sessions at 0 cm.
    flat_cues: Vec<Vec<String>>,
}

/// The variant a phase is done with: the athlete's choice replaces loaded variants, and a
/// bodyweight choice unloads every phase.
pub(super) fn variant_for(chosen: Option<Variant>, p: &Phase) -> Variant {
    match chosen {
        Some(Variant::Bodyweight) => Variant::Bodyweight,
        Some(v) if p.variant.is_loaded() => v,
        _ => p.variant,
    }
}

/// RPE for `reps` at `percent` of 1RM from the RPE chart (DESIGN §4), to the nearest half.
pub fn rpe_for_percent(percent: f64, reps: u32) -> f64 {
    // Reps to failure at this %1RM: invert the chart, extending its last slope past 16.
    let chart: Vec<(f64, f64)> = (1..=16)
        .map(|n| (f64::from(n), strength::percent_for(n, 0)))
        .collect();
    let to_failure = if percent >= 100.0 {
        1.0
    } else if percent <= chart[15].1 {
        16.0 + (chart[15].1 - percent) / (chart[14].1 - chart[15].1)
    } else {
        let i = chart.iter().position(|c| c.1 < percent).expect("inside");
        let (a, b) = (chart[i - 1], chart[i]);
        a.0 + (a.1 - percent) / (a.1 - b.1)
    };
    let rpe = 10.0 - (to_failure - f64::from(reps));
    ((rpe * 2.0).round() / 2.0).clamp(1.0, 10.0)
}

/// Loads `athlete`'s equipment can make, per variant in `Variant::ALL` order. Only the
/// variants the plan uses: a barbell's plate sums are the costly ones.
fn loads_for(template: &Template, athlete: &Athlete) -> Vec<Vec<f64>> {
    Variant::ALL
        .iter()
        .map(|v| {
            let used = template
                .phases
                .iter()
                .any(|p| variant_for(athlete.variant, p) == *v);
            if used {
                athlete.equipment.loads(*v)
            } else {
                Vec::new()
            }
        })
        .collect()
}

impl<'a> Rules<'a> {
    /// Rules for `template` with `hard` sessions a week; `fit` is the calendar's phase of
    /// each week.
    pub fn new(
        template: &'a Template,
        athlete: &'a Athlete,
        unit: Unit,
        hard: u32,
        fit: Vec<(usize, u32)>,
    ) -> Rules<'a> {
        Rules {
            loads: vec![loads_for(template, athlete)],
            template,
            athletes: vec![athlete],
            period: std::cell::Cell::new(0),
            unit,
            hard_per_week: std::cell::Cell::new(hard),
            fit,
            one_rep_max: std::cell::Cell::new(athlete.one_rep_max_kg),
            flat_cues: template
                .phases
                .iter()
                .map(|p| knee::flat_cues(&p.cues))
                .collect(),
        }
    }

    /// The cues of phase `p` for a session at `depth` and `heel` (see [`knee::cues`]);
    /// none unless `cued`.
    fn cues_for(&self, p: &Phase, depth: f64, heel: f64, cued: bool) -> Vec<String> {
        if !cued {
            return Vec::new();
        }
        let i = self
            .template
            .phases
            .iter()
            .position(|q| std::ptr::eq(q, p))
            .unwrap_or(0);
        knee::cues_with(depth, heel, &p.cues, &self.flat_cues[i])
    }

    /// Adds the person as a dated change leaves them; returns the period's number for
    /// [`Rules::set_period`].
    pub fn add_period(&mut self, athlete: &'a Athlete) -> usize {
        self.loads.push(loads_for(self.template, athlete));
        self.athletes.push(athlete);
        self.athletes.len() - 1
    }

    /// From the day being planned on, the person of period `i` with `hard` sessions a week
    /// (a dated change of bodyweight, equipment or training days). A 1RM the change gives
    /// replaces the estimate; otherwise the estimate the log made carries on.
    pub fn set_period(&self, i: usize, hard: u32) {
        let before = self.athlete().one_rep_max_kg;
        self.period.set(i);
        self.hard_per_week.set(hard);
        let now = self.athlete().one_rep_max_kg;
        if now.is_some() && now != before {
            self.one_rep_max.set(now);
        }
    }

    /// The person in force.
    pub(super) fn athlete(&self) -> &'a Athlete {
        self.athletes[self.period.get()]
    }

    /// The 1RM % loads are worked out from.
    pub fn one_rep_max(&self) -> Option<f64> {
        self.one_rep_max.get()
    }

    /// From this week on, % 1RM loads come from `kg`: the estimate the training log gives
    /// (DESIGN §8: strength from the log). Interior mutability keeps `Rules` shared by the
    /// closures that measure knee load while the generator walks the weeks.
    pub fn set_one_rep_max(&self, kg: f64) {
        self.one_rep_max.set(Some(kg));
    }

    /// The external load prescribed at `l` in phase `phase`, kg (rounded to the equipment).
    pub fn load_kg(&self, phase: usize, l: &Levels) -> Option<f64> {
        self.kg(&self.template.phases[phase], l)
    }

    /// Sets × reps and the weight, as a note names a session: `3×3 at 40 kg`, `2×10`
    /// without one.
    pub fn volume_text(&self, phase: usize, l: &Levels) -> String {
        let p = &self.template.phases[phase];
        format!("{}{}", wording::sr(l), self.weight_text(p, l))
    }

    /// ` at 40 kg` (or ` at 0.1 × bodyweight` without a bodyweight to weigh it),
    /// ` bodyweight` in a loaded phase without one, else empty.
    pub(super) fn weight_text(&self, p: &Phase, l: &Levels) -> String {
        if !self.variant(p).is_loaded() {
            return String::new();
        }
        if l.load <= 0.0 {
            // Said where the phase carries a weight: "4×6 bodyweight instead of 4×6 at 80 kg".
            return if p.load.is_some() {
                " bodyweight".to_string()
            } else {
                String::new()
            };
        }
        match self.kg(p, l) {
            Some(kg) if kg > 0.0 => format!(" at {}", self.show_kg(p, kg)),
            Some(_) => String::new(),
            None => format!(" at {}", wording::load_text(p, l.load)),
        }
    }

    /// The state before week 1.
    pub fn first(&self) -> State {
        State {
            week: 0,
            phase: 0,
            levels: Levels::start(&self.template.phases[0]),
            last_kind: WeekKind::Build,
            last_build: None,
            builds: Vec::new(),
            capped: 0,
            last_deload: 0,
            held: 0,
            above: false,
        }
    }

    /// Plans the week after `state`, given how the week `state` ends with went.
    pub fn step(&self, state: &State, outcome: Outcome, knee: &KneeLimits) -> (WeekPlan, State) {
        let mut notes = Vec::new();
        // A repeat replaces the levels the week moves from; the calendar (deload, return)
        // still applies to them.
        let repeated;
        let state = match &outcome {
            Outcome::Repeat { levels, reason }
            | Outcome::Resume { levels, reason }
            | Outcome::HoldAt { levels, reason }
            | Outcome::Deload { levels, reason } => {
                if !matches!(outcome, Outcome::Deload { .. }) {
                    notes.push(reason.clone());
                }
                repeated = State {
                    levels: *levels,
                    ..state.clone()
                };
                &repeated
            }
            _ => state,
        };
        let number = state.week + 1;
        let every = self.template.deload.every_weeks;
        let limits = self.limits(state, number, knee);
        let mut adjustments = Vec::new();
        let mut held = 0;
        let mut phase = state.phase;
        // Deload and return weeks neither count towards nor end a run of capped weeks.
        let mut capped = state.capped;
        let (kind, levels) = if let Outcome::Rest { levels, reason } = &outcome {
            notes.push(reason.clone());
            (WeekKind::Deload, *levels)
        } else if number == 1 {
            notes.push(Note::from(wording::phase_start(
                &self.template.phases[0].name,
            )));
            (WeekKind::Build, state.levels)
        } else if state.last_kind != WeekKind::Deload
            && (matches!(outcome, Outcome::Deload { .. })
                || (every >= 2 && number >= state.last_deload + every))
        {
            if let Outcome::Deload { reason, .. } = &outcome {
                let reason = reason.clone();
                notes.push(Note::later(move || wording::early_deload(&reason.text())));
            }
            let (mut l, note) = self.deload(state.levels);
            notes.push(Note::from(note));
            let p = &self.template.phases[phase];
            // After a week over the cap on purpose the deload is lighter than it anyway.
            if let Some((_, why)) = limits
                .breach(self.week_load(p, &l))
                .filter(|_| !state.above)
            {
                // A light deload (e.g. 90 % kept) after steep weeks can still sit above the
                // acute:chronic ceiling: cut it further, never the other way.
                let trimmed = self.trim(p, l, &limits, 1);
                notes.push(Note::from(wording::deload_trimmed(&trimmed, &l, &why)));
                l = trimmed;
            }
            (WeekKind::Deload, l)
        } else if let Outcome::HoldAt { levels, .. } = &outcome {
            // Over the weekly cap only on the way back to levels the person trained at.
            let p = &self.template.phases[phase];
            if let Some((guard, why)) = limits.breach(self.week_load(p, levels)) {
                adjustments.push(Adjustment {
                    week: number,
                    guard: guard.to_string(),
                    action: AdjustmentAction::AboveCap,
                    message: wording::in_week(number, &wording::hold_above_cap(&why)),
                });
            }
            (WeekKind::Build, *levels)
        } else if matches!(outcome, Outcome::Repeat { .. } | Outcome::Resume { .. }) {
            // Before the return: pain in a deload week holds the deload, it does not
            // bring back the week before it.
            let p = &self.template.phases[phase];
            let l = if self.fits(p, &state.levels, &limits) {
                state.levels
            } else {
                self.trim(p, state.levels, &limits, 1)
            };
            (WeekKind::Build, l)
        } else if state.last_kind == WeekKind::Deload {
            let (w, before) = state.last_build.expect("a deload follows a build week");
            let p = &self.template.phases[phase];
            if state.above || self.fits(p, &state.levels, &limits) {
                // Below the week before it when the log lowered the levels since (a return
                // after time off that fell on the deload).
                // (1 % of slack: a week logged in pounds comes back a hair off its plan.)
                let below = self.week_load(p, &state.levels) < before * 0.99;
                notes.push(Note::from(wording::back_from_deload(&state.levels, below)));
                if !self.fits(p, &state.levels, &limits) {
                    adjustments.push(Adjustment {
                        week: number,
                        guard: "volume_cap".to_string(),
                        action: AdjustmentAction::AboveCap,
                        message: wording::in_week(number, &wording::back_above_cap(w)),
                    });
                }
                (WeekKind::Return, state.levels)
            } else {
                // Only after the training log lowered week {w} (a step back within it):
                // the return is held to the guards like any other week.
                let l = self.trim(p, state.levels, &limits, 1);
                notes.push(Note::from(wording::back_from_deload_trimmed(&l, w)));
                (WeekKind::Build, l)
            }
        } else {
            let due = self.fit[(number - 1) as usize].0;
            let entering = due > state.phase && {
                let next = &self.template.phases[state.phase + 1];
                match self.criterion_gap(state.phase, &state.levels, next) {
                    None => true,
                    Some(gap) => {
                        notes.push(Note::from(gap));
                        false
                    }
                }
            };
            if entering {
                phase = state.phase + 1;
                let l = self.enter(
                    state.phase,
                    &state.levels,
                    phase,
                    &limits,
                    &mut notes,
                    &mut adjustments,
                );
                capped = 0;
                if l == state.levels {
                    // The new phase starts where the last one ended: progress as usual.
                    let (moved, c) = self.build(
                        phase,
                        l,
                        (0, state.held),
                        &limits,
                        &mut notes,
                        &mut adjustments,
                    );
                    capped = c;
                    (WeekKind::Build, moved)
                } else {
                    (WeekKind::Build, l)
                }
            } else {
                let (mut l, c) = self.build(
                    phase,
                    state.levels,
                    (state.capped, state.held),
                    &limits,
                    &mut notes,
                    &mut adjustments,
                );
                capped = c;
                if l == state.levels && c == 0 {
                    held = state.held + 1;
                }
                if let Outcome::ExtraLoad { reason } = &outcome {
                    let p = &self.template.phases[phase];
                    if let Ok(Some(c)) = self.load_step(p, &l, None)
                        && self.fits(p, &c.levels, &limits)
                    {
                        let (step, reason) = (c.note, reason.clone());
                        notes.push(Note::later(move || {
                            wording::extra_load_step(&step, &reason.text())
                        }));
                        l = c.levels;
                    }
                }
                (WeekKind::Build, l)
            }
        };
        let p = &self.template.phases[phase];
        let load = self.week_load(p, &levels);
        let acwr = limits.chronic.map(|c| load / c);
        let adjustments_above = adjustments
            .iter()
            .any(|a| a.action == AdjustmentAction::AboveCap);
        let plan = WeekPlan {
            number,
            phase,
            kind,
            levels,
            notes,
            adjustments,
            load,
            base: limits.base,
            acwr,
        };
        let deload = kind == WeekKind::Deload;
        let mut builds = state.builds.clone();
        if !deload {
            builds.push(load);
            if builds.len() > CHRONIC_WEEKS + 1 {
                builds.remove(0);
            }
        }
        let next = State {
            week: number,
            phase,
            levels: if deload { state.levels } else { levels },
            last_kind: kind,
            last_build: if deload {
                state.last_build
            } else {
                Some((number, load))
            },
            builds,
            capped,
            last_deload: if deload { number } else { state.last_deload },
            held: if deload { state.held } else { held },
            above: if deload {
                state.above
            } else {
                adjustments_above
            },
        };
        (plan, next)
    }

    /// The guards for week `number`: the cap is measured against the last build week (last
    /// week, or the week before a deload); the chronic load leaves deload weeks out (DESIGN
    /// §6), so a deload neither lowers the bar for the return nor pushes the ratio up after.
    fn limits(&self, state: &State, number: u32, knee: &KneeLimits) -> Limits {
        let rec = &self.template.recovery;
        let base = state.last_build;
        // A return week is the last build week again, so it is measured as that week was:
        // against the build weeks before it.
        let skip = usize::from(state.last_kind == WeekKind::Deload);
        let recent = &state.builds[..state.builds.len().saturating_sub(skip)];
        let recent = &recent[recent.len().saturating_sub(CHRONIC_WEEKS)..];
        // Newest first, as the published figures were always summed.
        let chronic =
            (!recent.is_empty()).then(|| recent.iter().rev().sum::<f64>() / recent.len() as f64);
        let allowed = match (base, chronic) {
            (Some((_, b)), Some(c)) => {
                (b * (1.0 + rec.max_weekly_increase)).min(c * rec.acwr_ceiling)
            }
            // No chronic mean yet (the weeks before were not logged): the cap still holds.
            (Some((_, b)), None) => b * (1.0 + rec.max_weekly_increase),
            _ => f64::INFINITY,
        };
        Limits {
            number,
            base,
            chronic,
            allowed,
            cap: rec.max_weekly_increase,
            ceiling: rec.acwr_ceiling,
            tolerated: knee
                .tolerated
                .map(|t| t * f64::from(self.hard_per_week.get())),
            max_load_kg: knee.max_load_kg,
            max_rise: RETURN_MAX_RISE,
        }
    }

    /// The phase a state's levels belong to (for callers outside the step).
    pub fn phase_name(&self, phase: usize) -> &str {
        &self.template.phases[phase].name
    }
}

/// True when the phase's load is a % of 1RM.
fn rule_is_1rm(p: &Phase) -> bool {
    p.load.is_some_and(|r| r.percent_1rm.is_some())
}

/// True for a cue about external load (bar, dumbbells, kettlebell, vest, plates held).
fn mentions_load(cue: &str) -> bool {
    let c = cue.to_ascii_lowercase();
    [
        "bar ",
        "barbell",
        "dumbbell",
        "kettlebell",
        "goblet",
        "vest",
        "the weight",
    ]
    .iter()
    .any(|w| c.contains(w))
}

/// `v` without binary noise (0.07500000000000001 → 0.075): relative loads are printed.
fn tidy(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// A template's step, or the largest allowed when the template gives none (or a bigger one).
fn step_size(template_step: f64, max: f64) -> f64 {
    if template_step > 0.0 {
        template_step.min(max)
    } else {
        max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rpe_matches_the_chart() {
        // 8 reps at 73.9 % is 2 in reserve: RPE 8.
        assert_eq!(rpe_for_percent(73.9, 8), 8.0);
        assert_eq!(rpe_for_percent(86.3, 5), 10.0);
        assert_eq!(rpe_for_percent(100.0, 1), 10.0);
        // 3×8 at 60 % is far from failure.
        assert!(rpe_for_percent(60.0, 8) <= 2.0);
        assert_eq!(rpe_for_percent(82.5, 5), 8.5);
    }

    #[test]
    fn relative_loads_are_worded_as_a_person_reads_them() {
        let t = crate::template::builtin("athlete").unwrap();
        let t = crate::template::parse(t.name, t.source).unwrap();
        let p = &t.phases[0];
        assert_eq!(wording::load_text(p, 72.99), "73 % 1RM");
        assert_eq!(wording::load_text(p, 70.963), "71 % 1RM");
        assert_eq!(wording::load_text(p, 67.5), "67.5 % 1RM");
        let t = crate::template::builtin("foundation").unwrap();
        let t = crate::template::parse(t.name, t.source).unwrap();
        let bw = t
            .phases
            .iter()
            .find(|p| p.load.is_some_and(|l| l.bodyweight_ratio.is_some()));
        if let Some(p) = bw {
            assert_eq!(wording::load_text(p, 0.0667), "0.07 × bodyweight");
        }
    }

    #[test]
    fn steps_never_exceed_the_knee_limits() {
        assert_eq!(step_size(0.0, 2.0), 2.0);
        assert_eq!(step_size(1.0, 2.0), 1.0);
        assert_eq!(step_size(5.0, 2.0), 2.0);
    }
}
