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

use crate::equipment::{next_up, round_down};
use crate::strength;
use crate::template::{Lever, Phase, Template, Tempo, Variant, num};
use crate::units::Unit;

use super::generate::{Athlete, MAX_LOAD_JUMP};
use super::knee::{self, MAX_DEPTH_STEP_DEG, MAX_HEEL_STEP_CM};
use super::knee_state::{KneeLimits, LeverCaps};
use super::model::{Adjustment, AdjustmentAction, Load, Prescription};

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
        reason: String,
    },
    /// Do not progress: the next week is `levels` again (a hold, a step back already
    /// taken, or the last completed week after missed sessions).
    Repeat {
        /// The levels to repeat.
        levels: Levels,
        /// Why, from the log, in the words the plan prints.
        reason: String,
    },
    /// A recovery week at `levels` (technique-only sessions after a red flag): like a
    /// deload, it neither moves the levels the plan builds from nor counts in the guards'
    /// base, so the way back is measured against the weeks before the flag.
    Rest {
        /// The technique sessions' levels.
        levels: Levels,
        /// Why, from the log.
        reason: String,
    },
    /// The first week back after recovery weeks: `levels` this week (below where the
    /// person was), then building on from them.
    Resume {
        /// Where the way back starts.
        levels: Levels,
        /// Why, from the log.
        reason: String,
    },
    /// Pain or falling performance calls for a deload now, not only by the calendar.
    Deload {
        /// The levels to deload (what the week ended on).
        levels: Levels,
        /// Why, from the log.
        reason: String,
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
    pub notes: Vec<String>,
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
            return Some((
                "volume_cap",
                format!(
                    "knee load {:+.0} % over week {w} (cap {:.0} %)",
                    (load / b - 1.0) * 100.0,
                    self.cap * 100.0
                ),
            ));
        }
        let c = self.chronic.unwrap_or(load);
        Some((
            "acwr",
            format!(
                "acute:chronic ratio {:.2} (ceiling {:.2})",
                load / c,
                self.ceiling
            ),
        ))
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
    athlete: &'a Athlete,
    unit: Unit,
    /// Loads the equipment can make, per variant in `Variant::ALL` order.
    loads: Vec<Vec<f64>>,
    hard_per_week: u32,
    /// The calendar's phase for each week (a phase may start later than this, never sooner).
    fit: Vec<(usize, u32)>,
    /// The 1RM % loads are worked out from: the athlete's, until the log estimates it
    /// (see [`Rules::set_one_rep_max`]).
    one_rep_max: std::cell::Cell<Option<f64>>,
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
            // Only the variants the plan uses: a barbell's plate sums are the costly ones.
            loads: Variant::ALL
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
                .collect(),
            template,
            athlete,
            unit,
            hard_per_week: hard,
            fit,
            one_rep_max: std::cell::Cell::new(athlete.one_rep_max_kg),
        }
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
            notes.push(format!("start of phase {}", self.template.phases[0].name));
            (WeekKind::Build, state.levels)
        } else if state.last_kind != WeekKind::Deload
            && (matches!(outcome, Outcome::Deload { .. })
                || (every >= 2 && number >= state.last_deload + every))
        {
            if let Outcome::Deload { reason, .. } = &outcome {
                notes.push(format!("early deload: {reason}"));
            }
            let (mut l, note) = self.deload(state.levels);
            notes.push(note);
            let p = &self.template.phases[phase];
            // After a week over the cap on purpose the deload is lighter than it anyway.
            if let Some((_, why)) = limits
                .breach(self.week_load(p, &l))
                .filter(|_| !state.above)
            {
                // A light deload (e.g. 90 % kept) after steep weeks can still sit above the
                // acute:chronic ceiling: cut it further, never the other way.
                let trimmed = self.trim(p, l, &limits, 1);
                notes.push(format!(
                    "deload trimmed to {}×{}: {}×{} would be {why}",
                    trimmed.sets, trimmed.reps, l.sets, l.reps
                ));
                l = trimmed;
            }
            (WeekKind::Deload, l)
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
            let (w, _) = state.last_build.expect("a deload follows a build week");
            let p = &self.template.phases[phase];
            if state.above || self.fits(p, &state.levels, &limits) {
                notes.push(format!(
                    "back from the deload: week {w} again, exactly as it was"
                ));
                if !self.fits(p, &state.levels, &limits) {
                    adjustments.push(Adjustment {
                        week: number,
                        guard: "volume_cap".to_string(),
                        action: AdjustmentAction::AboveCap,
                        message: format!(
                            "week {number}: week {w} again after the deload, as it was (it went over the cap on purpose)"
                        ),
                    });
                }
                (WeekKind::Return, state.levels)
            } else {
                // Only after the training log lowered week {w} (a step back within it):
                // the return is held to the guards like any other week.
                let l = self.trim(p, state.levels, &limits, 1);
                notes.push(format!(
                    "back from the deload at {}×{}: week {w} as planned would be over the guards after the changes to it",
                    l.sets, l.reps
                ));
                (WeekKind::Build, l)
            }
        } else {
            let due = self.fit[(number - 1) as usize].0;
            let entering = due > state.phase && {
                let next = &self.template.phases[state.phase + 1];
                match self.criterion_gap(state.phase, &state.levels, next) {
                    None => true,
                    Some(gap) => {
                        notes.push(gap);
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
                        notes.push(format!("extra load step, {}: {reason}", c.note));
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
            tolerated: knee.tolerated.map(|t| t * f64::from(self.hard_per_week)),
            max_load_kg: knee.max_load_kg,
        }
    }

    /// Fewer sets at the same reps, load, heel, depth and tempo; reps are trimmed only when
    /// dropping sets alone cannot reach the template's cut (one set left, or 3 → 2 sets).
    fn deloaded(&self, l: Levels) -> Levels {
        let f = self.template.deload.volume_factor;
        let total = f64::from(l.sets * l.reps);
        let off = |sets: u32, reps: u32| (f64::from(sets * reps) / total - f).abs();
        let fewer = l.sets.saturating_sub(1).max(1);
        // Fewer sets at the same reps, as near the template's cut as whole sets allow…
        let sets = (1..=fewer)
            .min_by(|a, b| off(*a, l.reps).total_cmp(&off(*b, l.reps)))
            .expect("at least one set");
        let (sets, reps) =
            if (l.sets > 1 && off(sets, l.reps) <= 0.1 + 1e-9) || l.sets * l.reps == 1 {
                (sets, l.reps)
            } else {
                // …else the nearest with fewer reps too (3×12 at half: 2×9 rather than 2×12),
                // keeping as many reps as the nearest cut allows.
                (1..=fewer)
                    .flat_map(|s| (1..=l.reps).map(move |r| (s, r)))
                    .filter(|&(s, r)| s * r < l.sets * l.reps)
                    .min_by(|a, b| {
                        off(a.0, a.1)
                            .total_cmp(&off(b.0, b.1))
                            .then(b.1.cmp(&a.1))
                            .then(b.0.cmp(&a.0))
                    })
                    .unwrap_or((sets, l.reps))
            };
        Levels { sets, reps, ..l }
    }

    fn deload(&self, l: Levels) -> (Levels, String) {
        let n = self.deloaded(l);
        let cut = 1.0 - f64::from(n.sets * n.reps) / f64::from(l.sets * l.reps);
        (
            n,
            format!(
                "deload: {}×{} → {}×{} ({:.0} % less), same load, heel, depth and tempo; progression paused",
                l.sets,
                l.reps,
                n.sets,
                n.reps,
                cut * 100.0
            ),
        )
    }

    /// Why the next phase cannot start yet, or `None` when its criterion is met.
    fn criterion_gap(&self, current: usize, l: &Levels, next: &Phase) -> Option<String> {
        let c = next.enter_when?;
        let p = &self.template.phases[current];
        let rpe = self.rpe(p, l);
        let sets_ok = c.sets.is_none_or(|s| l.sets >= s);
        let rpe_ok = c.rpe.is_none_or(|r| rpe <= r + 1e-9);
        if sets_ok && l.reps >= c.reps && rpe_ok {
            return None;
        }
        let sets = c.sets.map(|s| format!("{s}×")).unwrap_or_default();
        let at = c
            .rpe
            .map(|r| format!(" at RPE ≤ {}", num(r)))
            .unwrap_or_default();
        Some(format!(
            "{} starts once {}{} reps{at} is reached (now {}×{} at RPE {}); staying in {}",
            next.name,
            sets,
            c.reps,
            l.sets,
            l.reps,
            num(rpe),
            p.name
        ))
    }

    /// The first week of phase `to`: its start, with heel, depth and load no higher than
    /// where the last phase ended (the rest comes in steps), trimmed to fit the guards.
    fn enter(
        &self,
        from: usize,
        prev: &Levels,
        to: usize,
        limits: &Limits,
        notes: &mut Vec<String>,
        adjustments: &mut Vec<Adjustment>,
    ) -> Levels {
        let (a, p) = (&self.template.phases[from], &self.template.phases[to]);
        let mut n = Levels::start(p);
        let mut later = Vec::new();
        if n.heel > prev.heel + 1e-9 {
            later.push(format!("heel {}", self.heel_step(prev.heel, n.heel)));
            n.heel = prev.heel;
        }
        if n.depth > prev.depth + 1e-9 {
            later.push(format!("depth {:.0}° → {:.0}°", prev.depth, n.depth));
            n.depth = prev.depth;
        }
        if self.variant(p).is_loaded() {
            let target = n.load;
            n.load = self.entry_load(a, prev, p, target);
            if n.load + 1e-9 < target {
                later.push(format!(
                    "load {} → {}",
                    self.load_text(p, n.load),
                    self.load_text(p, target)
                ));
            }
            if let Some(jump) = self
                .jump(a, prev, p, &n)
                .filter(|j| *j > MAX_LOAD_JUMP + 1e-9)
            {
                adjustments.push(Adjustment {
                    week: limits.number,
                    guard: "load_jump".to_string(),
                    action: AdjustmentAction::HeldBack,
                    message: format!(
                        "week {}: the lightest {} load is a {:.0} % jump per rep (limit {:.0} %)",
                        limits.number,
                        self.variant(p),
                        jump * 100.0,
                        MAX_LOAD_JUMP * 100.0
                    ),
                });
            }
        }
        let mut reached = None;
        if let Some((guard, why)) = limits.breach(self.week_load(p, &n)) {
            // Like heel and depth, a start above where the last phase ended is reached in
            // steps: the reps lever climbs to it in the weeks that follow.
            let trimmed = self.trim(p, n, limits, 1);
            adjustments.push(Adjustment {
                week: limits.number,
                guard: guard.to_string(),
                action: AdjustmentAction::OtherLever,
                message: format!(
                    "week {}: the phase's start {}×{} would be {why}; {}×{} this week",
                    limits.number, n.sets, n.reps, trimmed.sets, trimmed.reps
                ),
            });
            reached = Some(format!(
                "{}×{} is reached in steps: {}×{} this week ({}×{} would be {why})",
                n.sets, n.reps, trimmed.sets, trimmed.reps, n.sets, n.reps
            ));
            n = trimmed;
        }
        // The note describes what this week prescribes, after any trimming.
        let mut note = format!(
            "new phase: {} — {}×{}, tempo {}, RPE {}",
            p.name,
            n.sets,
            n.reps,
            n.tempo,
            num(self.rpe(p, &n))
        );
        if self.variant(p) != self.variant(a) {
            note.push_str(&format!(", now {}", self.variant(p)));
        }
        notes.push(note);
        notes.extend(reached);
        if !later.is_empty() {
            notes.push(format!(
                "{} will come in later weeks, one step at a time",
                later.join(", ")
            ));
        }
        n
    }

    /// The load that starts a loaded phase: the template's start, or the heaviest load that
    /// keeps the per-rep jump from the last week within 10 %.
    fn entry_load(&self, a: &Phase, prev: &Levels, p: &Phase, target: f64) -> f64 {
        let before = self.rep_weight(a, prev);
        let limit = before * (1.0 + MAX_LOAD_JUMP);
        let mut n = Levels::start(p);
        n.load = target;
        let makeable =
            self.kg_per_rule_unit(p).is_none() || self.kg(p, &n).is_some_and(|kg| kg > 0.0);
        if makeable && self.rep_weight(p, &n) <= limit * (1.0 + 1e-9) {
            return target;
        }
        let Some(rule) = p.load else { return target };
        match self.kg_per_rule_unit(p) {
            Some(per) => {
                let loads = self.loads(self.variant(p));
                let bodyweight = self.rep_weight(p, &Levels { load: 0.0, ..n });
                let room_kg = match self.athlete.bodyweight_kg {
                    Some(_) => limit - bodyweight,
                    None => (limit - bodyweight) * self.bodyweight_share_kg(),
                };
                match round_down(loads, room_kg.min(target * per) / 1.01) {
                    Some(kg) if kg > 0.0 => tidy(kg / per),
                    // Even the lightest load is a bigger jump (or the start cannot be made):
                    // take the lightest and let `check` say so.
                    _ => loads.first().map(|kg| tidy(kg / per)).unwrap_or(target),
                }
            }
            None if rule.bodyweight_ratio.is_some() => {
                // Without a bodyweight: in bodyweight units, on the template's step grid.
                let room = (limit - 1.0) * self.athlete.bodyweight_ratio;
                let step = if rule.step > 0.0 { rule.step } else { room };
                tidy((room / step + 1e-9).floor() * step).clamp(0.0, target)
            }
            None => target,
        }
    }

    /// Per-rep load jump from week levels `prev` (phase `a`) to `n` (phase `p`), when it can
    /// be worked out.
    fn jump(&self, a: &Phase, prev: &Levels, p: &Phase, n: &Levels) -> Option<f64> {
        let before = self.rep_weight(a, prev);
        let after = self.rep_weight(p, n);
        (before > 0.0).then(|| after / before - 1.0)
    }

    /// A build week: the first candidate that fits the guards, or a hold that says why.
    /// Returns the levels and how many build weeks in a row have had every lever capped.
    /// Whatever the week does — even holding last week's prescription — it stays within
    /// the guards: the chronic mean can fall behind a hold after weeks of steady growth.
    fn build(
        &self,
        pi: usize,
        l: Levels,
        (capped_before, held_before): (u32, u32),
        limits: &Limits,
        notes: &mut Vec<String>,
        adjustments: &mut Vec<Adjustment>,
    ) -> (Levels, u32) {
        let p = &self.template.phases[pi];
        let (n, capped) = self.choose(
            p,
            l,
            (capped_before, held_before),
            limits,
            notes,
            adjustments,
        );
        let on_purpose = adjustments
            .iter()
            .any(|a| a.week == limits.number && a.action == AdjustmentAction::AboveCap);
        let Some((guard, why)) = limits.breach(self.week_load(p, &n)).filter(|_| !on_purpose)
        else {
            return (n, capped);
        };
        let trimmed = self.trim(p, n, limits, 1);
        adjustments.push(Adjustment {
            week: limits.number,
            guard: guard.to_string(),
            action: AdjustmentAction::HeldBack,
            message: format!("week {}: {}×{} is {why}", limits.number, n.sets, n.reps),
        });
        notes.push(format!(
            "trimmed to {}×{}: {}×{} would be {why}",
            trimmed.sets, trimmed.reps, n.sets, n.reps
        ));
        (trimmed, capped)
    }

    /// What a build week would do before the final guard check of [`Rules::build`].
    fn choose(
        &self,
        p: &Phase,
        l: Levels,
        (capped_before, held_before): (u32, u32),
        limits: &Limits,
        notes: &mut Vec<String>,
        adjustments: &mut Vec<Adjustment>,
    ) -> (Levels, u32) {
        // The way back: below what the knee recently did settled, volume climbs by up to
        // 15 % of that load a week (at least one rep a set), so a plan regains it in two
        // or three weeks rather than at the pace of new territory (DESIGN §8).
        if let Some(t) = limits.tolerated {
            let w0 = self.week_load(p, &l);
            if w0 < t * (1.0 - 1e-9) {
                // Within the acute:chronic ceiling still: the way back is not a spike.
                let spike = limits.chronic.map_or(f64::INFINITY, |c| c * limits.ceiling);
                let aim = t.min(w0 + RETURN_STEP * t).min(spike.max(w0));
                let mut n = l;
                while self.week_load(p, &n) < aim - 1e-9 {
                    let mut m = n;
                    if m.reps < p.reps.max as u32 {
                        m.reps += 1;
                    } else if m.sets < p.sets.max as u32 {
                        // One more set at the reps that keep the volume: then reps again.
                        m.sets += 1;
                        m.reps = (m.reps * (m.sets - 1)).div_ceil(m.sets).max(1);
                    } else {
                        break;
                    }
                    let over = self.week_load(p, &m) > t.min(spike.max(w0)) * (1.0 + 1e-9) + 1e-9;
                    if over && (n != l || self.week_load(p, &m) > spike) {
                        break;
                    }
                    n = m;
                }
                if n != l {
                    let load = self.week_load(p, &n);
                    let note = format!(
                        "{}×{} → {}×{}: back towards the knee load done settled before ({} a week)",
                        l.sets,
                        l.reps,
                        n.sets,
                        n.reps,
                        round1(t)
                    );
                    if !limits.within_guards(load) {
                        adjustments.push(Adjustment {
                            week: limits.number,
                            guard: "volume_cap".to_string(),
                            action: AdjustmentAction::AboveCap,
                            message: format!("week {}: {note}", limits.number),
                        });
                    }
                    notes.push(note);
                    return (n, 0);
                }
            }
        }
        let mut blocked: Vec<String> = Vec::new();
        let mut candidates = Vec::new();
        // Steps towards the phase's start come first: the phase is not fully under way yet.
        for lever in [Lever::Heel, Lever::Depth, Lever::Load] {
            if let Some(c) = self.ramp(p, &l, lever) {
                candidates.push(c);
            }
        }
        for lever in p.lever_order() {
            match self.lever(p, &l, lever) {
                Ok(Some(c)) => candidates.push(c),
                Ok(None) => {}
                Err(why) => blocked.push(why),
            }
        }
        // A load missed twice is not prescribed again before the 1RM estimate rises.
        if let Some(max) = limits.max_load_kg {
            candidates.retain(|c| {
                let kg = self.kg(p, &c.levels).unwrap_or(0.0);
                let keep = kg < max - 1e-9 || c.levels.load <= l.load;
                if !keep {
                    blocked.push(format!(
                        "{} kg was missed twice: not again before the 1RM estimate rises (or a re-test)",
                        num(max)
                    ));
                }
                keep
            });
        }
        let mut refused: Vec<(String, &'static str, String)> = Vec::new();
        for c in candidates {
            let load = self.week_load(p, &c.levels);
            match limits.breach(load) {
                // One lever step back towards what the knee recently did settled: the cap
                // guards new territory, not the way back (DESIGN §8).
                Some(_) if limits.returning(load) => {
                    let t = limits.tolerated.unwrap_or(load);
                    let note = format!(
                        "{}: back towards the knee load done settled in the last weeks ({} a week)",
                        c.note,
                        round1(t)
                    );
                    adjustments.push(Adjustment {
                        week: limits.number,
                        guard: "volume_cap".to_string(),
                        action: AdjustmentAction::AboveCap,
                        message: format!("week {}: {note}", limits.number),
                    });
                    notes.push(note);
                    return (c.levels, 0);
                }
                None => {
                    let mut note = c.note;
                    if !refused.is_empty() {
                        note.push_str(&format!(" (instead of {})", self.refusals(&refused)));
                        adjustments.push(Adjustment {
                            week: limits.number,
                            guard: refused[0].1.to_string(),
                            action: AdjustmentAction::OtherLever,
                            message: format!("week {}: {}", limits.number, self.refusals(&refused)),
                        });
                    }
                    notes.push(note);
                    return (c.levels, 0);
                }
                Some((guard, why)) => {
                    // A knee-load step may shed reps (never below the phase's start) to fit:
                    // one depth step alone is more than a 10 % cap (DESIGN §6).
                    if c.knee && c.levels.reps > 1 {
                        let mut shed = c.levels;
                        let lowest = shed_floor(p).min(l.reps);
                        while shed.reps > lowest && !self.fits(p, &shed, limits) {
                            shed.reps -= 1;
                        }
                        if self.fits(p, &shed, limits) && shed.reps < c.levels.reps {
                            notes.push(format!(
                                "{}, reps {} → {} to keep the knee load within the guards",
                                c.note, c.levels.reps, shed.reps
                            ));
                            return (shed, 0);
                        }
                    }
                    refused.push((c.note, guard, why));
                }
            }
        }
        if !refused.is_empty() {
            let why = self.refusals(&refused);
            // A guard may hold a week, never two in a row: the smallest step there is
            // (+1 rep a set, else +1 set) goes ahead, so a low volume — where one rep is
            // more than the cap — cannot stall for months (DESIGN §8). Over two weeks the
            // increase still averages near the cap.
            if held_before >= 1
                && let Some((n, what)) = self.smallest_step(p, &l)
            {
                adjustments.push(Adjustment {
                    week: limits.number,
                    guard: refused[0].1.to_string(),
                    action: AdjustmentAction::AboveCap,
                    message: format!(
                        "week {}: {what} after a week held by the guards",
                        limits.number
                    ),
                });
                notes.push(format!(
                    "{what}: the smallest step there is, after a week held ({why})"
                ));
                return (n, 0);
            }
            adjustments.push(Adjustment {
                week: limits.number,
                guard: refused[0].1.to_string(),
                action: AdjustmentAction::HeldBack,
                message: format!("week {}: {why}", limits.number),
            });
            let held = if self.fits(p, &l, limits) {
                l
            } else {
                self.trim(p, l, limits, 1)
            };
            notes.push(format!(
                "held at {}×{}: every next step breaks a guard — {why}",
                held.sets, held.reps
            ));
            return (held, 0);
        }
        let capped = capped_before + 1;
        if capped <= MAX_CAPPED_WEEKS {
            let why = if blocked.is_empty() {
                "every lever is at the template's cap".to_string()
            } else {
                blocked.join("; ")
            };
            notes.push(format!(
                "{why}: holding (week {capped} of at most {MAX_CAPPED_WEEKS})"
            ));
            return (l, capped);
        }
        match self.new_block(p, &l) {
            Some((n, note)) => {
                notes.push(note);
                (n, 0)
            }
            None => {
                notes.push(format!(
                    "every lever has been at its cap for {} weeks and this phase has no step left to rebuild with: re-test, and move on to a harder template or a loaded variant",
                    capped - 1
                ));
                (l, capped)
            }
        }
    }

    /// +1 rep a set, else +1 set, within the phase's caps; `None` at both caps.
    fn smallest_step(&self, p: &Phase, l: &Levels) -> Option<(Levels, String)> {
        let mut n = *l;
        if l.reps < p.reps.max as u32 {
            n.reps += 1;
            return Some((n, format!("+1 rep ({} → {})", l.reps, n.reps)));
        }
        if l.sets < p.sets.max as u32 {
            n.sets += 1;
            return Some((
                n,
                format!("+1 set ({}×{} → {}×{})", l.sets, l.reps, n.sets, n.reps),
            ));
        }
        None
    }

    /// `l` with volume taken off (reps, then sets; depth, heel and load stay) until one
    /// session's knee load is at most `max` — the first session back after a gap; a step
    /// back for pain only when one set of one rep is still above it.
    pub fn scaled(&self, phase: usize, l: &Levels, max: f64) -> Levels {
        let p = &self.template.phases[phase];
        let over = |n: &Levels| self.session_load(p, n) > max * (1.0 + 1e-9) + 1e-9;
        if !over(l) {
            return *l;
        }
        // The most volume that fits, more sets first on a tie (sets × reps are few).
        let mut best: Option<Levels> = None;
        for sets in 1..=l.sets {
            for reps in 1..=l.reps {
                let n = Levels { sets, reps, ..*l };
                if over(&n) {
                    break;
                }
                let better = best.is_none_or(|b| {
                    let (x, y) = (self.session_load(p, &n), self.session_load(p, &b));
                    x > y + 1e-9 || ((x - y).abs() <= 1e-9 && n.sets > b.sets)
                });
                if better {
                    best = Some(n);
                }
            }
        }
        if let Some(n) = best {
            return n;
        }
        let mut n = Levels {
            sets: 1,
            reps: 1,
            ..*l
        };
        let mut guard = 0;
        while over(&n) && guard < 32 {
            guard += 1;
            match self.step_back(phase, &n, Cause::Pain) {
                Some((b, _)) => n = b,
                None => break,
            }
        }
        n
    }

    /// `l` lowered to the knee's caps: no lever above `caps` (the session that flared, or
    /// the last one done before technique-only sessions), then, while the session's knee
    /// load is above `ceiling`, a step back at a time. Returns the levels and what changed.
    pub fn within(
        &self,
        phase: usize,
        l: &Levels,
        caps: Option<&LeverCaps>,
        ceiling: Option<f64>,
    ) -> (Levels, Option<String>) {
        let p = &self.template.phases[phase];
        let mut n = *l;
        if let Some(c) = caps {
            n.sets = n.sets.min(c.sets.max(1));
            n.reps = n.reps.min(c.reps.max(1));
            n.depth = n.depth.min(c.depth_deg);
            n.heel = n.heel.min(c.heel_cm);
            // Compared as prescribed (rounded to the equipment), so an equal load stays.
            if let (Some(per), Some(kg), Some(now)) =
                (self.kg_per_rule_unit(p), c.load_kg, self.kg(p, &n))
                && per > 0.0
                && now > kg + 1e-9
            {
                n.load = tidy(kg / per);
            }
        }
        if let Some(max) = ceiling {
            let mut guard = 0;
            while self.session_load(p, &n) > max * (1.0 + 1e-9) + 1e-9 && guard < 32 {
                match self.step_back(phase, &n, Cause::Pain) {
                    Some((b, _)) => n = b,
                    None => break,
                }
                guard += 1;
            }
        }
        if n == *l {
            return (n, None);
        }
        let what = match (caps.is_some(), ceiling) {
            (_, Some(max)) if self.session_load(p, l) > max + 1e-9 => format!(
                "held below the session that flared (knee load {} → {}, at most {})",
                round1(self.session_load(p, l)),
                round1(self.session_load(p, &n)),
                round1(max)
            ),
            _ => format!(
                "no lever above the last session: {}×{} at {:.0}°, heel {}",
                n.sets,
                n.reps,
                n.depth,
                self.height(n.heel)
            ),
        };
        (n, Some(what))
    }

    fn refusals(&self, refused: &[(String, &'static str, String)]) -> String {
        refused
            .iter()
            .map(|(what, _, why)| format!("{what}: {why}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn fits(&self, p: &Phase, l: &Levels, limits: &Limits) -> bool {
        limits.fits(self.week_load(p, l))
    }

    /// `l` with reps (then sets) cut until the week fits, never below `min_reps` reps while
    /// sets remain to cut.
    fn trim(&self, p: &Phase, l: Levels, limits: &Limits, min_reps: u32) -> Levels {
        let mut n = l;
        while !self.fits(p, &n, limits) {
            if n.reps > min_reps.max(1) {
                n.reps -= 1;
            } else if n.sets > 1 {
                n.sets -= 1;
            } else if n.reps > 1 {
                n.reps -= 1;
            } else {
                break;
            }
        }
        n
    }

    /// After [`MAX_CAPPED_WEEKS`] at every cap: back off about 10 % on a lever the phase can
    /// climb again (load, else reps), or `None` when it has none — backing off then would
    /// only wear the plan down.
    fn new_block(&self, p: &Phase, l: &Levels) -> Option<(Levels, String)> {
        let ladder = p.lever_order();
        if let Some(rule) = p.load.filter(|r| {
            self.variant(p).is_loaded()
                && l.load > 0.0
                && ladder.contains(&Lever::Load)
                && r.progression().progresses()
        }) {
            let rule = rule.progression();
            let mut n = *l;
            n.load = match (self.kg_per_rule_unit(p), self.kg(p, l)) {
                // From what is on the bar, not the template's target (which the equipment
                // may never have reached); below the lightest load, the lightest.
                (Some(per), Some(kg)) => {
                    let loads = self.loads(self.variant(p));
                    round_down(loads, kg * 0.9)
                        .or(loads.first().copied())
                        .map_or(l.load, |kg| tidy(kg / per))
                }
                // On the template's grid, rounding down so the back-off is never heavier.
                _ => match (l.load * 0.9 / rule.step).floor() * rule.step {
                    back if back > 0.0 => tidy(back),
                    _ => tidy(l.load * 0.9),
                },
            };
            // The equipment may not make a lighter load (coarse plates): then reps, below.
            let lighter = match (self.kg(p, &n), self.kg(p, l)) {
                (Some(a), Some(b)) => a < b - 1e-9,
                _ => n.load < l.load - 1e-9,
            };
            if lighter {
                let what = if rule_is_1rm(p) {
                    "re-test your 1RM (--one-rep-max or --test) so the next block starts from it"
                } else {
                    "re-test: if the top sets now feel easy, a heavier template or variant is next"
                };
                return Some((
                    n,
                    format!(
                        "new block: every lever was at its cap for {MAX_CAPPED_WEEKS} weeks, so the load backs off about 10 % ({} → {}) to rebuild; {what}",
                        self.load_text(p, l.load),
                        self.load_text(p, n.load)
                    ),
                ));
            }
        }
        if !(ladder.contains(&Lever::Reps) && p.reps.progresses()) || l.reps <= 1 {
            return None;
        }
        let mut n = *l;
        n.reps = ((f64::from(l.reps) * 0.9).round() as u32).clamp(1, l.reps - 1);
        Some((
            n,
            format!(
                "new block: every lever was at its cap for {MAX_CAPPED_WEEKS} weeks, so reps back off about 10 % ({}×{} → {}×{}) to rebuild; re-test, and consider a harder template or a loaded variant",
                l.sets, l.reps, n.sets, n.reps
            ),
        ))
    }

    /// A step towards the phase's own start for a knee-load lever that entered lower.
    fn ramp(&self, p: &Phase, l: &Levels, lever: Lever) -> Option<Candidate> {
        let mut n = *l;
        let note = match lever {
            Lever::Heel if l.heel + 1e-9 < p.heel_height_cm.start => {
                let step = step_size(p.heel_height_cm.step, MAX_HEEL_STEP_CM);
                n.heel = (l.heel + step).min(p.heel_height_cm.start);
                format!(
                    "higher heel block: {} (towards the phase's {})",
                    self.heel_step(l.heel, n.heel),
                    self.height(p.heel_height_cm.start)
                )
            }
            Lever::Depth if l.depth + 1e-9 < p.depth_deg.start => {
                let step = step_size(p.depth_deg.step, MAX_DEPTH_STEP_DEG);
                n.depth = (l.depth + step).min(p.depth_deg.start);
                format!(
                    "deeper: {:.0}° → {:.0}° ({}; towards the phase's {:.0}°)",
                    l.depth,
                    n.depth,
                    knee::depth_words(n.depth),
                    p.depth_deg.start
                )
            }
            Lever::Load => {
                let start = p.load?.progression().start;
                if !self.variant(p).is_loaded() || l.load + 1e-9 >= start {
                    return None;
                }
                return self.load_step(p, l, Some(start)).ok().flatten();
            }
            _ => return None,
        };
        Some(Candidate {
            levels: n,
            note,
            knee: true,
        })
    }

    /// One step of `lever` in the phase's ladder: a candidate, `None` at its cap, or why it
    /// cannot move.
    fn lever(&self, p: &Phase, l: &Levels, lever: Lever) -> Result<Option<Candidate>, String> {
        let mut n = *l;
        let mut knee = false;
        let note = match lever {
            Lever::Reps => {
                let Some(next) = p.reps.next(f64::from(l.reps)) else {
                    return Ok(None);
                };
                n.reps = (next.round() as u32).max(l.reps + 1).min(p.reps.max as u32);
                if n.reps <= l.reps {
                    return Ok(None);
                }
                let added = n.reps - l.reps;
                let unit = if added == 1 { "rep" } else { "reps" };
                format!("+{added} {unit} ({} → {})", l.reps, n.reps)
            }
            Lever::Sets => {
                let Some(next) = p.sets.next(f64::from(l.sets)) else {
                    return Ok(None);
                };
                n.sets = next.round() as u32;
                if n.sets <= l.sets {
                    return Ok(None);
                }
                // More sets at the reps that keep the week within the cap, not below the
                // phase's start.
                let per_set = f64::from(l.sets * l.reps) / f64::from(n.sets);
                n.reps =
                    (per_set * (1.0 + self.template.recovery.max_weekly_increase)).floor() as u32;
                n.reps = n.reps.min(l.reps).max((p.reps.start as u32).min(l.reps));
                format!("+1 set ({}×{} → {}×{})", l.sets, l.reps, n.sets, n.reps)
            }
            Lever::Tempo => {
                if l.tempo.eccentric >= p.tempo.max.eccentric {
                    return Ok(None);
                }
                n.tempo.eccentric += 1;
                format!("slower lowering: tempo {} → {}", l.tempo, n.tempo)
            }
            Lever::Pause => {
                if l.tempo.pause >= p.tempo.max.pause {
                    return Ok(None);
                }
                n.tempo.pause += 1;
                format!(
                    "longer pause at the bottom: tempo {} → {}",
                    l.tempo, n.tempo
                )
            }
            Lever::Heel => {
                let Some(h) = p.heel_height_cm.next(l.heel) else {
                    return Ok(None);
                };
                knee = true;
                n.heel = h.min(l.heel + MAX_HEEL_STEP_CM);
                format!("higher heel block: {}", self.heel_step(l.heel, n.heel))
            }
            Lever::Depth => {
                let Some(d) = p.depth_deg.next(l.depth) else {
                    return Ok(None);
                };
                knee = true;
                n.depth = d.min(l.depth + MAX_DEPTH_STEP_DEG);
                format!(
                    "deeper: {:.0}° → {:.0}° ({})",
                    l.depth,
                    n.depth,
                    knee::depth_words(n.depth)
                )
            }
            Lever::Load => return self.load_step(p, l, None),
        };
        Ok(Some(Candidate {
            levels: n,
            note,
            knee,
        }))
    }

    /// The next load: the smallest real increment when the equipment is known and it is at
    /// most 10 % more per rep, else the rule's own step; capped at `towards` when ramping.
    fn load_step(
        &self,
        p: &Phase,
        l: &Levels,
        towards: Option<f64>,
    ) -> Result<Option<Candidate>, String> {
        let Some(rule) = p.load.filter(|_| self.variant(p).is_loaded()) else {
            return Ok(None);
        };
        let progression = rule.progression();
        let cap = towards.unwrap_or(progression.max);
        let mut n = *l;
        let note = match (self.kg_per_rule_unit(p), self.kg(p, l).or(Some(0.0))) {
            (Some(per), Some(current)) => {
                let loads = self.loads(self.variant(p));
                let Some(next) = next_up(loads, current) else {
                    return Err(format!(
                        "{} is the heaviest load available",
                        self.show_kg(p, current)
                    ));
                };
                if next > cap * per * 1.01 + 1e-9 {
                    return Ok(None);
                }
                n.load = tidy(next / per);
                let jump = self.rep_weight(p, &n) / self.rep_weight(p, l) - 1.0;
                if jump > MAX_LOAD_JUMP + 1e-9 {
                    return Err(format!(
                        "next load {} is a {:.0} % jump per rep (limit {:.0} %)",
                        self.show_kg(p, next),
                        jump * 100.0,
                        MAX_LOAD_JUMP * 100.0
                    ));
                }
                format!(
                    "load {} → {}",
                    self.show_kg(p, current),
                    self.show_kg(p, next)
                )
            }
            _ => {
                let Some(next) = progression.next(l.load) else {
                    return Ok(None);
                };
                n.load = tidy(next.min(cap));
                if n.load <= l.load + 1e-9 {
                    return Ok(None);
                }
                format!(
                    "load {} → {}",
                    self.load_text(p, l.load),
                    self.load_text(p, n.load)
                )
            }
        };
        // Double progression: a heavier load starts again from the phase's first reps (never
        // more reps than now: a week still climbing to the start keeps its reps).
        let reps_back = towards.is_none() && n.reps > p.reps.start as u32;
        if reps_back {
            n.reps = p.reps.start as u32;
        }
        Ok(Some(Candidate {
            levels: n,
            note: if reps_back {
                format!("{note}, reps back to {}", n.reps)
            } else {
                note
            },
            knee: true,
        }))
    }

    /// `24 kg` in the plan's unit, or per hand for dumbbells (`2 × 12 kg`, DESIGN §6).
    fn show_kg(&self, p: &Phase, kg: f64) -> String {
        if self.variant(p) == Variant::Dumbbells {
            format!("2 × {}", self.unit.show(kg / 2.0))
        } else {
            self.unit.show(kg)
        }
    }

    /// `3 → 4 cm`, or the same heights in inches for a plan shown in pounds.
    fn heel_step(&self, from: f64, to: f64) -> String {
        let from = match self.unit {
            Unit::Kg => num(from),
            Unit::Lb => crate::units::show_number(self.unit.height(from)),
        };
        format!("{from} → {}", self.height(to))
    }

    /// `7.5 cm` as the template wrote it, or `3 in` for a plan shown in pounds.
    fn height(&self, cm: f64) -> String {
        match self.unit {
            Unit::Kg => format!("{} cm", num(cm)),
            Unit::Lb => self.unit.show_height(cm),
        }
    }

    fn load_text(&self, p: &Phase, v: f64) -> String {
        match p.load {
            Some(r) if r.percent_1rm.is_some() => format!("{} % 1RM", num(v)),
            _ => format!("{} × bodyweight", num(v)),
        }
    }

    fn loads(&self, v: Variant) -> &[f64] {
        let i = Variant::ALL
            .iter()
            .position(|x| *x == v)
            .expect("every variant is in ALL");
        &self.loads[i]
    }

    /// The variant a phase is planned with, after `--variant`.
    fn variant(&self, p: &Phase) -> Variant {
        variant_for(self.athlete.variant, p)
    }

    /// Kilograms per unit of the phase's load rule (1RM/100 or bodyweight), if known.
    fn kg_per_rule_unit(&self, p: &Phase) -> Option<f64> {
        let rule = p.load?;
        if rule.percent_1rm.is_some() {
            self.one_rep_max.get().map(|m| m / 100.0)
        } else {
            self.athlete.bodyweight_kg
        }
    }

    /// External load in kg, rounded down to what the equipment can make.
    fn kg(&self, p: &Phase, l: &Levels) -> Option<f64> {
        if !self.variant(p).is_loaded() || (p.load.is_some() && l.load <= 0.0) {
            return Some(0.0);
        }
        let per = self.kg_per_rule_unit(p)?;
        round_down(self.loads(self.variant(p)), l.load * per)
    }

    /// Kilograms of the bodyweight share of one rep (a reference adult without a bodyweight).
    fn bodyweight_share_kg(&self) -> f64 {
        self.athlete
            .bodyweight_kg
            .unwrap_or(REFERENCE_BODYWEIGHT_KG)
            * self.athlete.bodyweight_ratio
    }

    /// Weight of one rep on the plan's scale: effective kg (bodyweight share + external)
    /// with a bodyweight, else in bodyweight shares (1 = one bodyweight rep).
    fn rep_weight(&self, p: &Phase, l: &Levels) -> f64 {
        let loaded = self.variant(p).is_loaded() && p.load.is_some();
        let external = if loaded { self.kg(p, l) } else { Some(0.0) };
        match self.athlete.bodyweight_kg {
            Some(_) => self.bodyweight_rep() + external.unwrap_or(0.0),
            None => {
                let share = match (loaded, p.load) {
                    (true, Some(r)) if r.bodyweight_ratio.is_some() => {
                        l.load / self.athlete.bodyweight_ratio
                    }
                    (true, _) => external.unwrap_or(0.0) / self.bodyweight_share_kg(),
                    _ => 0.0,
                };
                1.0 + share
            }
        }
    }

    /// Knee load of one hard session.
    fn session_load(&self, p: &Phase, l: &Levels) -> f64 {
        f64::from(l.sets * l.reps) * self.rep_weight(p, l) * knee::knee_factor(l.depth, l.heel)
    }

    /// Sets and reps of the light session beside hard sessions at `l`: the template's, cut
    /// to at most [`LIGHT_SHARE`] of a hard session's knee load.
    fn light_sets_reps(&self, p: &Phase, l: &Levels) -> Option<(u32, u32)> {
        let ls = self.template.light_session.as_ref()?;
        let hard = f64::from(l.sets * l.reps) * self.rep_weight(p, l);
        let room = (hard * LIGHT_SHARE / self.bodyweight_rep() + 1e-9).floor() as u32;
        let sets = ls.sets.min(room.max(1));
        let reps = ls.reps.min((room / sets).max(1));
        Some((sets, reps))
    }

    /// Weight of one bodyweight rep on the plan's scale.
    fn bodyweight_rep(&self) -> f64 {
        match self.athlete.bodyweight_kg {
            Some(bw) => bw * self.athlete.bodyweight_ratio,
            None => 1.0,
        }
    }

    /// Knee load of a week at `l`, as the guards count it: the hard sessions. Light
    /// sessions are held to [`LIGHT_SHARE`] of a hard one instead; counting them too would
    /// let their rounding (2×6 → 2×7) push a +9 % week over a 10 % cap.
    fn week_load(&self, p: &Phase, l: &Levels) -> f64 {
        self.session_load(p, l) * f64::from(self.hard_per_week)
    }

    /// Target RPE: from the RPE chart for % 1RM loads (so effort always matches the load),
    /// else the phase's.
    fn rpe(&self, p: &Phase, l: &Levels) -> f64 {
        match p.load {
            Some(r) if r.percent_1rm.is_some() && self.variant(p).is_loaded() => {
                rpe_for_percent(l.load, l.reps)
            }
            _ => p.effort.as_rpe(),
        }
    }

    /// External load for a phase at these levels.
    fn load(&self, p: &Phase, l: &Levels) -> Load {
        let Some(rule) = p.load.filter(|_| self.variant(p).is_loaded()) else {
            return Load::default();
        };
        Load {
            kg: self.kg(p, l),
            percent_1rm: rule.percent_1rm.map(|_| l.load),
            bodyweight_ratio: rule.bodyweight_ratio.map(|_| l.load),
        }
    }

    /// One step back from `l` (DESIGN §7: regress more than you progress). For pain, the
    /// knee-load levers first — depth by up to 15°, else the heel by up to 2 cm — then a
    /// set, reps, and last the load (about 10 % less). For missed targets without pain,
    /// load first (about 10 %), then a set, then reps; depth and heel stay. The note names
    /// the change; `None` when there is nothing left to take away.
    pub fn step_back(&self, phase: usize, l: &Levels, cause: Cause) -> Option<(Levels, String)> {
        let p = &self.template.phases[phase];
        let mut n = *l;
        let loaded = l.load > 0.0 && self.variant(p).is_loaded();
        let lighter = |n: &mut Levels| {
            n.load = tidy(l.load * 0.9);
            format!(
                "load {} → {}",
                self.load_text(p, l.load),
                self.load_text(p, n.load)
            )
        };
        let note = if cause == Cause::Performance && loaded {
            lighter(&mut n)
        } else if cause == Cause::Pain && l.depth > MIN_DEPTH_DEG {
            n.depth = (l.depth - MAX_DEPTH_STEP_DEG).max(MIN_DEPTH_DEG);
            format!(
                "depth {:.0}° → {:.0}° ({})",
                l.depth,
                n.depth,
                knee::depth_words(n.depth)
            )
        } else if cause == Cause::Pain && l.heel > 0.0 {
            n.heel = tidy((l.heel - MAX_HEEL_STEP_CM).max(0.0));
            format!("heel block {}", self.heel_step(l.heel, n.heel))
        } else if l.sets > 1 {
            n.sets -= 1;
            format!("{}×{} → {}×{}", l.sets, l.reps, n.sets, n.reps)
        } else if l.reps > 1 {
            n.reps = (l.reps * 3 / 4).max(1).min(l.reps - 1);
            format!("{}×{} → {}×{}", l.sets, l.reps, n.sets, n.reps)
        } else if loaded {
            lighter(&mut n)
        } else {
            return None;
        };
        Some((n, note))
    }

    /// The levels of the technique-only sessions after a red flag: bodyweight, at most
    /// two sets of eight, no deeper than half a squat, no higher a heel than the phase
    /// starts on. The way back after it is built from these, one step a week.
    pub fn technique_levels(&self, phase: usize, l: &Levels) -> Levels {
        let p = &self.template.phases[phase];
        Levels {
            sets: l.sets.min(2),
            reps: l.reps.min(8),
            heel: l.heel.min(p.heel_height_cm.start),
            depth: l.depth.min(TECHNIQUE_DEPTH_DEG),
            load: 0.0,
            ..*l
        }
    }

    /// The technique-only session that follows a red flag (at [`Rules::technique_levels`]).
    pub fn technique_prescription(&self, phase: usize, l: &Levels) -> Prescription {
        let p = &self.template.phases[phase];
        let n = self.technique_levels(phase, l);
        // Bodyweight only: a loaded phase's cues about the bar or the weights do not apply.
        let cues: Vec<String> = knee::cues(n.depth, n.heel, &p.cues)
            .into_iter()
            .filter(|c| !mentions_load(c))
            .collect();
        Prescription {
            exercise: "cyclist squat".to_string(),
            variant: Variant::Bodyweight,
            sets: n.sets,
            reps: n.reps,
            tempo: n.tempo,
            heel_height_cm: n.heel,
            depth_deg: n.depth,
            depth_words: knee::depth_words(n.depth).to_string(),
            rest_seconds: p.rest_seconds,
            rpe: 3.0,
            load: Load::default(),
            cues,
        }
    }

    /// Knee load of a session done against prescription `p`: `reps` in all (the logged
    /// reps, or the prescribed ones), at the load logged (else prescribed), at the
    /// prescription's depth and heel — the guards' measure, for what was really done.
    pub fn done_knee_load(&self, p: &Prescription, reps: u64, load_kg: Option<f64>) -> f64 {
        let external = load_kg.or(p.load.kg).unwrap_or(0.0);
        let rep = match self.athlete.bodyweight_kg {
            Some(_) => self.bodyweight_rep() + external,
            None => 1.0 + external / self.bodyweight_share_kg(),
        };
        reps as f64 * rep * knee::knee_factor(p.depth_deg, p.heel_height_cm)
    }

    /// Knee load of one hard session at `l` in phase `phase` (the guards' measure).
    pub fn knee_load(&self, phase: usize, l: &Levels) -> f64 {
        self.session_load(&self.template.phases[phase], l)
    }

    /// The phase a state's levels belong to (for callers outside the step).
    pub fn phase_name(&self, phase: usize) -> &str {
        &self.template.phases[phase].name
    }

    /// The hard sessions' prescription.
    pub fn prescription(&self, p: &Phase, l: &Levels) -> Prescription {
        let cues = knee::cues(l.depth, l.heel, &p.cues);
        // On the way back from technique-only sessions a loaded phase starts unloaded.
        let unloaded = p.load.is_some() && l.load <= 0.0 && self.variant(p).is_loaded();
        if unloaded {
            return Prescription {
                exercise: "cyclist squat".to_string(),
                variant: Variant::Bodyweight,
                sets: l.sets,
                reps: l.reps,
                tempo: l.tempo,
                heel_height_cm: l.heel,
                depth_deg: l.depth,
                depth_words: knee::depth_words(l.depth).to_string(),
                rest_seconds: p.rest_seconds,
                // Without the bar the phase's effort target (set for the weight) does not
                // apply: easy-to-moderate bodyweight work.
                rpe: p.effort.as_rpe().min(6.0),
                load: Load::default(),
                cues,
            };
        }
        Prescription {
            exercise: "cyclist squat".to_string(),
            variant: self.variant(p),
            sets: l.sets,
            reps: l.reps,
            tempo: l.tempo,
            heel_height_cm: l.heel,
            depth_deg: l.depth,
            depth_words: knee::depth_words(l.depth).to_string(),
            rest_seconds: p.rest_seconds,
            rpe: self.rpe(p, l),
            load: self.load(p, l),
            cues,
        }
    }

    /// The light sessions' prescription: bodyweight, no deeper or higher than the hard one.
    pub fn light_prescription(&self, p: &Phase, l: &Levels) -> Prescription {
        let ls = self
            .template
            .light_session
            .as_ref()
            .expect("light sessions only exist with a [light_session]");
        let (sets, reps) = self.light_sets_reps(p, l).expect("a light session");
        let cues = knee::cues(l.depth, l.heel, &p.cues);
        Prescription {
            exercise: "cyclist squat".to_string(),
            variant: Variant::Bodyweight,
            sets,
            reps,
            tempo: ls.tempo.unwrap_or(l.tempo),
            heel_height_cm: l.heel,
            depth_deg: l.depth,
            depth_words: knee::depth_words(l.depth).to_string(),
            rest_seconds: p.rest_seconds,
            rpe: ls
                .effort
                .rpe
                .or(ls.effort.rir.map(|r| 10.0 - r))
                .unwrap_or(4.0),
            load: Load::default(),
            cues,
        }
    }
}

/// True when the phase's load is a % of 1RM.
fn rule_is_1rm(p: &Phase) -> bool {
    p.load.is_some_and(|r| r.percent_1rm.is_some())
}

/// `v` without binary noise (0.07500000000000001 → 0.075): relative loads are printed.
/// True for a cue about external load (bar, dumbbells, kettlebell, vest, plates held).
fn mentions_load(cue: &str) -> bool {
    let c = cue.to_lowercase();
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

/// A knee-load figure for a note: one decimal, no float noise.
fn round1(v: f64) -> String {
    crate::units::show_number((v * 10.0).round() / 10.0)
}

fn tidy(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// Fewest reps a knee-load step may shed to: three quarters of the phase's starting reps,
/// but not below 10 — from fewer, the next single rep is more than a 10 % step and the
/// plan would stall — and never below the start itself.
fn shed_floor(p: &Phase) -> u32 {
    let start = p.reps.start as u32;
    (((p.reps.start * 0.75).ceil() as u32).max(10)).clamp(1, start.max(1))
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
    fn steps_never_exceed_the_knee_limits() {
        assert_eq!(step_size(0.0, 2.0), 2.0);
        assert_eq!(step_size(1.0, 2.0), 1.0);
        assert_eq!(step_size(5.0, 2.0), 2.0);
    }
}
