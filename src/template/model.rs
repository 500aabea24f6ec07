//! The template schema: what a TOML template may say, as typed Rust data.
//!
//! These types are deserialised straight from TOML (serde) and then checked by
//! [`super::validate`]; the generator only ever sees a validated [`Template`].

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::day::Day;

/// A whole template: identity, default days, phases and the safety settings.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Short machine-friendly name, e.g. `knee-friendly`.
    pub name: String,
    /// One-line description shown by `vmo templates`.
    pub description: String,
    /// Default training days when the user gives none.
    #[serde(default = "default_days")]
    pub days: Vec<Day>,
    /// Phases in order; the last one continues when a plan is longer than the template.
    pub phases: Vec<Phase>,
    /// Deload rhythm.
    #[serde(default)]
    pub deload: Deload,
    /// Recovery and overtraining guards.
    #[serde(default)]
    pub recovery: Recovery,
    /// Optional easy technique session that may sit between hard sessions.
    #[serde(default)]
    pub light_session: Option<LightSession>,
    /// Who the template is for; sets the deload rhythm `vmo check` expects.
    #[serde(default)]
    pub level: Level,
    /// The pain-monitoring rule printed with every session.
    #[serde(default)]
    pub pain: Pain,
    /// How the plan adapts to the training log.
    #[serde(default)]
    pub adapt: Adapt,
    /// How squat sessions are placed around the person's own rides and runs (DESIGN §9).
    #[serde(default)]
    pub rides: RideRules,
}

impl Template {
    /// The template's own length: its written phases, plus twelve weeks of an open-ended
    /// last phase so that it is exercised too.
    pub fn written_weeks(&self) -> u32 {
        let written: u32 = self.phases.iter().filter_map(|p| p.weeks).sum();
        let open = self.phases.last().is_some_and(|p| p.weeks.is_none());
        (written + if open { 12 } else { 0 }).clamp(1, 520)
    }
}

/// Who a template is written for.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Knee-pain rehabilitation: pain rules shown, first deload no earlier than week 6.
    Rehab,
    /// New to the exercise: first deload no earlier than week 6.
    #[default]
    Novice,
    /// Trained lifters: a deload every 4–6 weeks.
    Trained,
}

impl Level {
    /// Lowercase name as written in templates.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Rehab => "rehab",
            Level::Novice => "novice",
            Level::Trained => "trained",
        }
    }

    /// Earliest and latest week for the first scheduled deload (DESIGN §6).
    pub fn deload_weeks(self) -> (u32, u32) {
        match self {
            Level::Rehab | Level::Novice => (6, 12),
            Level::Trained => (4, 6),
        }
    }
}

/// The pain-monitoring model (Silbernagel & Thomeé 2007; "My Knee Cap"): how much knee
/// pain during a session is fine, how soon it must settle, and the next-morning check.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Pain {
    /// Print the rule with every session; `None` means "for rehab templates".
    pub show: Option<bool>,
    /// Pain during a set at or below this (0–10) is fine.
    pub during_ideal: f64,
    /// Above this the set stops; between the two, hold the plan.
    pub during_max: f64,
    /// Minutes within which pain must settle after the session.
    pub settle_minutes: u32,
}

impl Default for Pain {
    fn default() -> Self {
        Pain {
            show: None,
            during_ideal: 2.0,
            during_max: 5.0,
            settle_minutes: 60,
        }
    }
}

/// Thresholds for adapting the plan to the training log (DESIGN §6–7). Pain during a
/// session is judged with [`Pain`]'s `during_ideal` and `during_max`.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Adapt {
    /// Pain (during or next morning) at or above this is a red flag: progression stops and
    /// the person is told to see a clinician.
    pub red_flag_pain: f64,
    /// Settled sessions (pain at most `during_ideal`, no morning flare) needed before
    /// progression resumes after a step back or a red flag.
    pub settled_sessions: u32,
    /// Next-morning pain more than this above the person's own baseline is a flare.
    pub morning_margin: f64,
    /// Settled mornings the baseline is the mean of (the most recent ones).
    pub baseline_sessions: u32,
    /// Reps over target in every set that count as beating a session.
    pub beat_reps: u32,
    /// Sessions in a row beaten before an extra load step (2-for-2).
    pub beat_sessions: u32,
    /// Sessions in a row with a set short of its target reps before a step back.
    pub missed_target_sessions: u32,
}

impl Default for Adapt {
    fn default() -> Self {
        Adapt {
            red_flag_pain: 8.0,
            settled_sessions: 2,
            morning_margin: 1.0,
            baseline_sessions: 3,
            beat_reps: 2,
            beat_sessions: 2,
            missed_target_sessions: 2,
        }
    }
}

fn default_days() -> Vec<Day> {
    vec![Day::Mon, Day::Wed, Day::Fri]
}

/// One block of training with its own starting point and progression rules.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// Shown in the plan, e.g. "Activation".
    pub name: String,
    /// Length in weeks; may be left out on the last phase only (open-ended).
    #[serde(default)]
    pub weeks: Option<u32>,
    /// How the squat is loaded in this phase.
    #[serde(default)]
    pub variant: Variant,
    /// Working sets per session.
    pub sets: Progression,
    /// Repetitions per set.
    pub reps: Progression,
    /// Eccentric-pause-concentric seconds, fixed or progressing.
    #[serde(default)]
    pub tempo: TempoRule,
    /// Height of the heel block in centimetres.
    #[serde(default = "default_heel")]
    pub heel_height_cm: Progression,
    /// Knee flexion at the bottom, in degrees (45 partial, 90 parallel, 120+ deep).
    #[serde(default = "default_depth")]
    pub depth_deg: Progression,
    /// Rest between sets, seconds.
    #[serde(default = "default_rest")]
    pub rest_seconds: u32,
    /// Target effort of the working sets.
    #[serde(default)]
    pub effort: Effort,
    /// External load rule for loaded variants.
    #[serde(default)]
    pub load: Option<LoadRule>,
    /// Coaching cues printed with every session of the phase.
    #[serde(default)]
    pub cues: Vec<String>,
    /// Order in which the levers progress, one step a week (a "ladder").
    #[serde(default)]
    pub levers: Option<Vec<Lever>>,
    /// What the phase before must reach before this one starts (e.g. 3×20 at RPE ≤ 8).
    #[serde(default)]
    pub enter_when: Option<Criterion>,
}

/// A switch criterion: the previous phase's prescription must reach these numbers.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// At least this many sets.
    #[serde(default)]
    pub sets: Option<u32>,
    /// At least this many reps per set.
    pub reps: u32,
    /// At an effort no harder than this RPE.
    #[serde(default)]
    pub rpe: Option<f64>,
}

fn default_heel() -> Progression {
    Progression::fixed(7.5)
}
fn default_depth() -> Progression {
    Progression::fixed(90.0)
}
fn default_rest() -> u32 {
    90
}

impl Phase {
    /// The lever order in force: the template's, or the default for the variant.
    pub fn lever_order(&self) -> Vec<Lever> {
        match &self.levers {
            Some(levers) => levers.clone(),
            None if self.variant.is_loaded() => vec![
                Lever::Reps,
                Lever::Load,
                Lever::Sets,
                Lever::Tempo,
                Lever::Pause,
                Lever::Heel,
                Lever::Depth,
            ],
            None => vec![
                Lever::Reps,
                Lever::Sets,
                Lever::Tempo,
                Lever::Pause,
                Lever::Heel,
                Lever::Depth,
            ],
        }
    }
}

/// How the squat is loaded.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Variant {
    /// No external load.
    #[default]
    Bodyweight,
    /// One dumbbell or kettlebell held at the chest.
    Goblet,
    /// A pair of dumbbells at the sides.
    Dumbbells,
    /// A barbell on the back (or front).
    Barbell,
    /// A weighted vest.
    Vest,
}

impl Variant {
    /// All variants, in the order help texts list them.
    pub const ALL: [Variant; 5] = [
        Variant::Bodyweight,
        Variant::Goblet,
        Variant::Dumbbells,
        Variant::Barbell,
        Variant::Vest,
    ];

    /// True for every variant that carries an external load.
    pub fn is_loaded(self) -> bool {
        self != Variant::Bodyweight
    }

    /// Lowercase name as written in templates.
    pub fn as_str(self) -> &'static str {
        match self {
            Variant::Bodyweight => "bodyweight",
            Variant::Goblet => "goblet",
            Variant::Dumbbells => "dumbbells",
            Variant::Barbell => "barbell",
            Variant::Vest => "vest",
        }
    }
}

impl std::str::FromStr for Variant {
    type Err = String;
    fn from_str(s: &str) -> Result<Variant, String> {
        let lower = s.trim().to_ascii_lowercase();
        Variant::ALL
            .into_iter()
            .find(|v| v.as_str() == lower)
            .ok_or_else(|| {
                "unknown variant (allowed: bodyweight, goblet, dumbbells, barbell, vest)"
                    .to_string()
            })
    }
}

impl fmt::Display for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A lever the weekly progression can pull.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Lever {
    /// More repetitions per set.
    Reps,
    /// More sets (repetitions restart from the phase's start).
    Sets,
    /// A slower lowering phase (+1 s eccentric).
    Tempo,
    /// A longer pause at the bottom (+1 s).
    Pause,
    /// A higher heel block.
    Heel,
    /// A deeper squat.
    Depth,
    /// More external load (repetitions restart from the phase's start).
    Load,
}

impl Lever {
    /// Lowercase name as written in templates.
    pub fn as_str(self) -> &'static str {
        match self {
            Lever::Reps => "reps",
            Lever::Sets => "sets",
            Lever::Tempo => "tempo",
            Lever::Pause => "pause",
            Lever::Heel => "heel",
            Lever::Depth => "depth",
            Lever::Load => "load",
        }
    }
}

/// A number that may progress week by week: `8` or `{ start = 8, step = 2, max = 15 }`.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Progression {
    /// Value in the phase's first week.
    pub start: f64,
    /// Absolute increase per step (0 = fixed).
    pub step: f64,
    /// Relative increase per step, in percent of the current value.
    pub step_percent: f64,
    /// Cap the value never exceeds.
    pub max: f64,
}

impl Progression {
    /// A value that never changes.
    pub fn fixed(value: f64) -> Self {
        Progression {
            start: value,
            step: 0.0,
            step_percent: 0.0,
            max: value,
        }
    }

    /// True when the rule can move the value at all.
    pub fn progresses(&self) -> bool {
        (self.step > 0.0 || self.step_percent > 0.0) && self.max > self.start
    }

    /// The next value after `current`, capped at `max`; `None` when already capped.
    pub fn next(&self, current: f64) -> Option<f64> {
        if !self.progresses() || current >= self.max - 1e-9 {
            return None;
        }
        let by_step = current + self.step;
        let by_percent = current * (1.0 + self.step_percent / 100.0);
        Some(by_step.max(by_percent).min(self.max))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProgressionTable {
    start: f64,
    #[serde(default)]
    step: f64,
    #[serde(default)]
    step_percent: f64,
    max: Option<f64>,
}

impl<'de> Deserialize<'de> for Progression {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ProgressionVisitor;
        impl<'de> Visitor<'de> for ProgressionVisitor {
            type Value = Progression;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or a table like { start = 8, step = 2, max = 15 }")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Progression, E> {
                Ok(Progression::fixed(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Progression, E> {
                Ok(Progression::fixed(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Progression, E> {
                Ok(Progression::fixed(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Progression, A::Error> {
                let t = ProgressionTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                let steps = t.step != 0.0 || t.step_percent != 0.0;
                Ok(Progression {
                    start: t.start,
                    step: t.step,
                    step_percent: t.step_percent,
                    max: t.max.unwrap_or(if steps { f64::INFINITY } else { t.start }),
                })
            }
        }
        deserializer.deserialize_any(ProgressionVisitor)
    }
}

/// Seconds for the three parts of a repetition: lowering, pause at the bottom, rising.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tempo {
    /// Lowering (eccentric) seconds.
    pub eccentric: u8,
    /// Pause at the bottom, seconds.
    pub pause: u8,
    /// Rising (concentric) seconds.
    pub concentric: u8,
}

impl Tempo {
    /// Seconds one repetition takes.
    pub fn rep_seconds(&self) -> u32 {
        u32::from(self.eccentric) + u32::from(self.pause) + u32::from(self.concentric)
    }
}

impl fmt::Display for Tempo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{}", self.eccentric, self.pause, self.concentric)
    }
}

impl std::str::FromStr for Tempo {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let parts: Vec<&str> = s.trim().split('-').collect();
        let bad = || {
            format!(
                "tempo {} is not eccentric-pause-concentric seconds like \"3-1-1\"",
                crate::visible::quoted(s)
            )
        };
        if parts.len() != 3 {
            return Err(bad());
        }
        let mut n = [0u8; 3];
        for (slot, part) in n.iter_mut().zip(&parts) {
            *slot = part.trim().parse().map_err(|_| bad())?;
        }
        Ok(Tempo {
            eccentric: n[0],
            pause: n[1],
            concentric: n[2],
        })
    }
}

impl Serialize for Tempo {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Tempo {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(de::Error::custom)
    }
}

/// Tempo for a phase: `"3-1-1"` or `{ start = "2-0-1", max = "4-2-1" }`.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct TempoRule {
    /// Tempo in the phase's first week.
    pub start: Tempo,
    /// Slowest tempo the tempo and pause levers may reach.
    pub max: Tempo,
}

impl Default for TempoRule {
    fn default() -> Self {
        let t = Tempo {
            eccentric: 2,
            pause: 0,
            concentric: 1,
        };
        TempoRule { start: t, max: t }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TempoTable {
    start: Tempo,
    max: Option<Tempo>,
}

impl<'de> Deserialize<'de> for TempoRule {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TempoVisitor;
        impl<'de> Visitor<'de> for TempoVisitor {
            type Value = TempoRule;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a tempo like \"3-1-1\" or a table like { start = \"2-0-1\", max = \"4-2-1\" }",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TempoRule, E> {
                let t: Tempo = v.parse().map_err(E::custom)?;
                Ok(TempoRule { start: t, max: t })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<TempoRule, A::Error> {
                let t = TempoTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(TempoRule {
                    start: t.start,
                    max: t.max.unwrap_or(t.start),
                })
            }
        }
        deserializer.deserialize_any(TempoVisitor)
    }
}

/// Target effort: `{ rpe = 7 }` or `{ rir = 3 }` (reps in reserve).
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Effort {
    /// Rate of perceived exertion, 1–10.
    #[serde(default)]
    pub rpe: Option<f64>,
    /// Repetitions in reserve, 0–9.
    #[serde(default)]
    pub rir: Option<f64>,
}

impl Effort {
    /// The RPE this effort means (RPE = 10 − RIR); 7 when unspecified.
    pub fn as_rpe(&self) -> f64 {
        match (self.rpe, self.rir) {
            (Some(rpe), _) => rpe,
            (None, Some(rir)) => 10.0 - rir,
            (None, None) => 7.0,
        }
    }
}

/// External load rule: a relative measure that steps up and is capped.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LoadRule {
    /// Load as percent of the one-repetition maximum.
    #[serde(default)]
    pub percent_1rm: Option<f64>,
    /// Load as a fraction of body mass (0.2 = 20 % of bodyweight).
    #[serde(default)]
    pub bodyweight_ratio: Option<f64>,
    /// Increase per step, in the rule's own unit (percentage points or ratio).
    #[serde(default)]
    pub step: f64,
    /// Cap in the rule's own unit.
    #[serde(default)]
    pub max: Option<f64>,
}

impl LoadRule {
    /// The rule as a progression in its own unit.
    pub fn progression(&self) -> Progression {
        let start = self.percent_1rm.or(self.bodyweight_ratio).unwrap_or(0.0);
        Progression {
            start,
            step: self.step,
            step_percent: 0.0,
            max: self.max.unwrap_or(if self.step > 0.0 {
                f64::INFINITY
            } else {
                start
            }),
        }
    }
}

/// Deload rhythm: every `every_weeks`th week is lighter.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Deload {
    /// Every Nth week is a deload week (weeks N, 2N, ...).
    pub every_weeks: u32,
    /// Fraction of the previous week's volume kept in a deload week.
    pub volume_factor: f64,
    /// Fraction of the load kept in a deload week (1.0 = intensity kept).
    pub intensity_factor: f64,
}

impl Default for Deload {
    fn default() -> Self {
        Deload {
            every_weeks: 6,
            volume_factor: 0.6,
            intensity_factor: 1.0,
        }
    }
}

/// Recovery guards the generator enforces.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Recovery {
    /// Minimum hours between two hard sessions.
    pub min_rest_hours: u32,
    /// Largest week-over-week volume increase, as a fraction (0.10 = 10 %).
    pub max_weekly_increase: f64,
    /// Ceiling for the acute:chronic workload ratio.
    pub acwr_ceiling: f64,
    /// Active-recovery suggestions for rest days (defaults drawn from the source article).
    pub guidance: Vec<String>,
}

impl Default for Recovery {
    fn default() -> Self {
        Recovery {
            min_rest_hours: 48,
            max_weekly_increase: 0.10,
            acwr_ceiling: 1.3,
            guidance: Vec::new(),
        }
    }
}

/// An easy technique session allowed between two hard ones.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LightSession {
    /// Working sets.
    pub sets: u32,
    /// Repetitions per set.
    pub reps: u32,
    /// Tempo.
    #[serde(default)]
    pub tempo: Option<Tempo>,
    /// Target effort (keep it easy: RPE ≤ 5).
    #[serde(default)]
    pub effort: Effort,
    /// What the session is for.
    #[serde(default)]
    pub note: Option<String>,
}

/// How squat sessions make room for the person's own endurance training (DESIGN §9).
///
/// Defaults: key sessions as TrainerRoad and TrainingPeaks users know them (TSS ≥ 80,
/// IF ≥ 0.85, a race or test, or a long ride); 24 h between a hard squat session and a key
/// session, 48 h while the legs are new to lifting (Doma and colleagues: 24–48 h of lost
/// power in cyclists new to lifting); 6 h apart on one day (Robineau 2016: strength gains
/// were lower at 0 h than at 6 h or 24 h). The running guard is weak evidence (DESIGN §9).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct RideRules {
    /// A session with a Training Stress Score at or above this is a key session.
    pub key_tss: f64,
    /// A session with an Intensity Factor at or above this is a key session.
    pub key_if: f64,
    /// A session this long (hours) or longer is a key session.
    pub key_hours: f64,
    /// No hard squat session within this many hours before a key session.
    pub hours_before_key: u32,
    /// The same, in the first [`RideRules::new_lifter_weeks`] weeks of lifting.
    pub hours_before_key_new: u32,
    /// Weeks from the plan's start that count as new to lifting.
    pub new_lifter_weeks: u32,
    /// A squat session and a ride on one day need both times and at least this many hours
    /// between their starts.
    pub same_day_hours: u32,
    /// Squats do not progress in a week whose running distance rose more than this
    /// fraction over the week before.
    pub run_rise: f64,
    /// Squats do not progress in a week that runs more than this (km); above it, the
    /// week keeps one maintenance session.
    pub run_ceiling_km: f64,
}

impl Default for RideRules {
    fn default() -> Self {
        RideRules {
            key_tss: 80.0,
            key_if: 0.85,
            key_hours: 2.5,
            hours_before_key: 24,
            hours_before_key_new: 48,
            new_lifter_weeks: 3,
            same_day_hours: 6,
            run_rise: 0.10,
            run_ceiling_km: 40.0,
        }
    }
}
