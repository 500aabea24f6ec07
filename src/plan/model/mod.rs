//! The generated plan as plain, serialisable data. Every renderer reads only this.

use chrono::NaiveDate;
use serde::Serialize;

use crate::day::Day;
use crate::equipment::Equipment;
use crate::template::{Level, Tempo, Variant};

mod knee;
mod logged;
mod note;

pub use knee::{Alert, AlertKind, Irritability, KneeSummary};
pub use logged::{AWAY_STATUS, Absence, Entry, SessionLog, Status, Symptoms};
pub use note::Note;

/// Version of the JSON shape of [`Plan`]; raised on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// Share of body mass moved in a bodyweight squat (the mass above the knees; weak evidence).
pub const DEFAULT_BODYWEIGHT_RATIO: f64 = 0.85;

/// Largest jump in load per rep (bodyweight share + external) one step may make.
pub const MAX_LOAD_JUMP: f64 = 0.10;

/// Facts about the person that turn relative loads into kilograms they can lift.
#[derive(Debug, Clone, PartialEq)]
pub struct Athlete {
    /// Body mass, kg.
    pub bodyweight_kg: Option<f64>,
    /// Estimated one-repetition maximum for the loaded squat, kg.
    pub one_rep_max_kg: Option<f64>,
    /// Share of body mass counted as load in a bodyweight rep.
    pub bodyweight_ratio: f64,
    /// What they own; loads are rounded to it.
    pub equipment: Equipment,
    /// Variant forced on the loaded phases (`Bodyweight` unloads every phase).
    pub variant: Option<Variant>,
}

impl Default for Athlete {
    fn default() -> Self {
        Athlete {
            bodyweight_kg: None,
            one_rep_max_kg: None,
            bodyweight_ratio: DEFAULT_BODYWEIGHT_RATIO,
            equipment: Equipment::defaults(crate::units::Unit::Kg),
            variant: None,
        }
    }
}

/// A whole plan: weeks of sessions and recovery days, with the evidence that it is safe.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Plan {
    /// Version of this JSON shape.
    pub schema_version: u32,
    /// Name of the template the plan came from.
    pub template: String,
    /// The template's one-line description.
    pub description: String,
    /// Whose plan it is (`--client` or the profile's `client`), if named.
    pub client: Option<String>,
    /// Date of the first session.
    pub start: NaiveDate,
    /// Last day of the last week.
    pub end: NaiveDate,
    /// Training days of the week.
    pub days: Vec<Day>,
    /// Display unit for weights (every `*_kg` field is in kilograms regardless).
    pub units: crate::units::Unit,
    /// Unit of every `volume` figure: `reps` (sets × reps) or `kg` (effective kg × reps).
    pub volume_unit: String,
    /// The guards the plan was generated under.
    pub guards: Guards,
    /// The weeks, in order.
    pub weeks: Vec<Week>,
    /// Every place the generator held the template back to keep the guards.
    pub adjustments: Vec<Adjustment>,
    /// The pain-monitoring rule printed with every session, when the template shows it.
    pub pain: Option<PainRules>,
    /// Things the person should know about how their days were used (e.g. a hard day that
    /// became a light one because of the rest rule); the CLI prints them on stderr.
    pub notices: Vec<String>,
    /// The knee as the training log shows it on "today" (`None` without a log).
    pub knee: Option<KneeSummary>,
    /// The person's own rides and runs in the weeks shown (DESIGN §9): the sessions were
    /// placed around them. Never copied into the calendar export.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rides: Vec<super::rides::ShownRide>,
}

/// The pain-monitoring rule and the red flags, with the numbers they use.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PainRules {
    /// Pain during a set at or below this (0–10) is fine.
    pub during_ideal: f64,
    /// Above this, stop the set.
    pub during_max: f64,
    /// Pain must settle within this many minutes after the session.
    pub settle_minutes: u32,
    /// Pain (0–10) at or above this is a red flag, like swelling, locking, giving way and
    /// night pain.
    pub red_flag_pain: f64,
    /// The three-part rule in words: during, after, next morning.
    pub rules: Vec<String>,
    /// When to stop and see a clinician.
    pub red_flags: String,
}

impl PainRules {
    /// The rule in words for these thresholds, worded for a rehab patient, with the default
    /// red-flag pain level.
    pub fn new(during_ideal: f64, during_max: f64, settle_minutes: u32) -> PainRules {
        let pain = crate::template::Pain {
            during_ideal,
            during_max,
            settle_minutes,
            ..crate::template::Pain::default()
        };
        PainRules::worded(
            Level::Rehab,
            &pain,
            crate::template::Adapt::default().red_flag_pain,
        )
    }

    /// The rule of `template` in words for the person it is written for.
    pub fn for_template(template: &crate::template::Template) -> PainRules {
        PainRules::worded(template.level, &template.pain, template.adapt.red_flag_pain)
    }

    /// The rule in words for `level`'s reader: a rehab patient gets it spelled out, a
    /// novice in everyday words, a trained lifter short and direct. The numbers are the
    /// same ones the adaptation uses.
    pub fn worded(level: Level, pain: &crate::template::Pain, red_flag_pain: f64) -> PainRules {
        let n = crate::template::num;
        let (ideal, max, red) = (n(pain.during_ideal), n(pain.during_max), n(red_flag_pain));
        let amber = n(pain.during_ideal + 1.0);
        let settle = match pain.settle_minutes {
            m if m.is_multiple_of(60) && m / 60 == 1 => "an hour".to_string(),
            m if m.is_multiple_of(60) => format!("{} hours", m / 60),
            m => format!("{m} minutes"),
        };
        let (rules, red_flags) = match level {
            Level::Rehab => (
                [
                    format!(
                        "Knee pain during the sets: up to {ideal}/10 is fine; {amber}–{max}/10 is acceptable but do not progress (two weeks of it: one step easier; a third step back within six weeks: see your clinician); above {max}/10 stop the set"
                    ),
                    format!("Any pain should settle within {settle} of finishing"),
                    "The knee must not be worse the next morning; if it is, repeat the previous week instead of progressing".to_string(),
                ],
                format!(
                    "Red flags: if the knee swells, locks, gives way or aches at night, or the pain reaches {red}/10, stop and see a clinician before training again"
                ),
            ),
            Level::Novice => (
                [
                    format!(
                        "Knee pain while you squat: up to {ideal}/10 is fine; at {amber}–{max}/10 stay at this week's numbers instead of moving on (two weeks of it: one step easier; a third step back within six weeks: see your clinician); above {max}/10 stop the set"
                    ),
                    format!("Any ache should be gone within {settle} of finishing"),
                    "Check the knee the next morning: if it is worse than usual, repeat last week before moving on".to_string(),
                ],
                format!(
                    "Red flags: stop and see a clinician before squatting again if the knee swells, locks, gives way, wakes you at night, or hurts at {red}/10 or more"
                ),
            ),
            Level::Trained => (
                [
                    format!(
                        "Knee pain: up to {ideal}/10, train on; {amber}–{max}/10, hold the load (two weeks of it: one step back; a third within six weeks: see your clinician); over {max}/10, end the set"
                    ),
                    format!("Pain back to baseline within {settle}"),
                    "Worse the next morning: repeat last week's loads".to_string(),
                ],
                format!(
                    "Red flags: swelling, locking, giving way, night pain, pain of {red}/10 or more: stop and see a clinician before lifting again"
                ),
            ),
        };
        PainRules {
            during_ideal: pain.during_ideal,
            during_max: pain.during_max,
            settle_minutes: pain.settle_minutes,
            red_flag_pain,
            rules: rules.to_vec(),
            red_flags,
        }
    }
}

/// The recovery guards in force.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Guards {
    /// Minimum hours between hard sessions.
    pub min_rest_hours: u32,
    /// Largest week-over-week volume increase (fraction).
    pub max_weekly_increase: f64,
    /// Ceiling of the acute:chronic workload ratio.
    pub acwr_ceiling: f64,
    /// Every Nth week is a deload.
    pub deload_every_weeks: u32,
    /// Fraction of volume kept in a deload week.
    pub deload_volume_factor: f64,
}

/// One week of the plan.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Week {
    /// 1-based week number.
    pub number: u32,
    /// Name of the template phase this week belongs to.
    pub phase: String,
    /// True for a deload week.
    pub deload: bool,
    /// First day of the week (the weekday of the plan's first session).
    pub start: NaiveDate,
    /// Last day of the week.
    pub end: NaiveDate,
    /// Training sessions, in date order.
    pub sessions: Vec<Session>,
    /// Days without training, with active-recovery guidance.
    pub recovery_days: Vec<RecoveryDay>,
    /// Volume and workload figures.
    pub summary: WeekSummary,
}

/// Whether a session is a full training session or an easy technique session.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SessionKind {
    /// Counts against the minimum rest between hard sessions.
    Hard,
    /// An easy technique session that may sit between hard ones.
    Light,
}

/// One training session.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Session {
    /// Calendar date.
    pub date: NaiveDate,
    /// Day of the week.
    pub weekday: Day,
    /// 1-based week number.
    pub week: u32,
    /// 1-based position of the session within its week (stable across re-plans).
    pub slot: u32,
    /// Hard or light.
    pub kind: SessionKind,
    /// Phase name.
    pub phase: String,
    /// What to do.
    pub prescription: Prescription,
    /// Knee load of the prescription, as the guards count it (docs/templates.md): sets ×
    /// reps × load per rep × depth and heel factors, in the plan's `volume_unit` (JSON: to
    /// 0.1). A week's hard sessions add up to its `volume`.
    #[serde(serialize_with = "round::tenths")]
    pub knee_load: f64,
    /// Why this session differs from the last (progression, hold, deload).
    pub notes: Vec<String>,
    /// What a light session is for (`None` for hard sessions).
    pub purpose: Option<String>,
    /// What the training log holds for this session (`None`: not logged, or no log);
    /// left out of the JSON when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log: Option<SessionLog>,
    /// Alerts in force on this day (a red flag awaiting clearance, recurring pain not
    /// yet acknowledged); empty without any.
    pub alerts: Vec<Alert>,
    /// The prescription's weights and heights as the person reads them, in the plan's
    /// display unit (the `*_kg` and `*_cm` fields stay metric).
    pub display: Display,
}

/// A prescription's load and heel in the display unit (JSON `display`; the CSV's `units`,
/// `load` and `heel_height` columns).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Display {
    /// `kg` or `lb` (heights in cm or in).
    pub unit: crate::units::Unit,
    /// External load in `unit`, per hand for dumbbells (to 0.1); `None` without kilograms.
    #[serde(serialize_with = "round::tenths_opt")]
    pub load: Option<f64>,
    /// The load as the table shows it: `135 lb`, `2 × 20 kg`, `bodyweight`, `70 % 1RM`.
    pub load_text: String,
    /// Heel block height in cm (kg users) or inches (lb users), to 0.1.
    #[serde(serialize_with = "round::tenths")]
    pub heel_height: f64,
    /// The heel block as the table shows it: `7.5 cm`, `3 in`.
    pub heel_text: String,
}

impl Display {
    /// `p` as a person using `unit` reads it.
    pub fn of(p: &Prescription, unit: crate::units::Unit) -> Display {
        let mut load_text = String::new();
        p.push_load(&mut load_text, unit);
        let per = if p.variant == Variant::Dumbbells {
            2.0
        } else {
            1.0
        };
        Display {
            unit,
            load: p.load.kg.map(|kg| unit.from_kg(kg / per)),
            load_text,
            heel_height: unit.height(p.heel_height_cm),
            heel_text: unit.show_height(p.heel_height_cm),
        }
    }
}

impl Prescription {
    /// Appends the load as a person reads it: `bodyweight`, `24 kg`, `2 × 10 kg`
    /// (dumbbells, per hand), or the relative prescription when no kilograms are known.
    pub fn push_load(&self, out: &mut String, unit: crate::units::Unit) {
        use crate::template::push_num as num;
        let l = &self.load;
        let pair = self.variant == Variant::Dumbbells;
        match (l.kg, l.percent_1rm, l.bodyweight_ratio) {
            // DESIGN §6: a person picks up one dumbbell in each hand, so say what each weighs.
            (Some(kg), _, _) if pair => {
                out.push_str("2 × ");
                out.push_str(&unit.show(kg / 2.0));
            }
            (Some(kg), _, _) => out.push_str(&unit.show(kg)),
            (None, Some(p), _) => {
                num(out, p);
                out.push_str(" % 1RM");
            }
            (None, None, Some(r)) => {
                num(out, r);
                out.push_str(" × BW");
            }
            (None, None, None) => out.push_str("bodyweight"),
        }
        if pair && l.kg.is_none() && !l.is_bodyweight() {
            out.push_str(" for the pair");
        }
    }
}

/// The exercise prescription for one session.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Prescription {
    /// Always "cyclist squat" for now; kept so the shape can carry other exercises.
    pub exercise: String,
    /// How the squat is loaded.
    pub variant: Variant,
    /// Working sets.
    pub sets: u32,
    /// Repetitions per set.
    pub reps: u32,
    /// Eccentric-pause-concentric seconds.
    pub tempo: Tempo,
    /// Heel block height, centimetres (JSON: to 0.1).
    #[serde(serialize_with = "round::tenths")]
    pub heel_height_cm: f64,
    /// Knee flexion at the bottom, degrees (JSON: to 0.1).
    #[serde(serialize_with = "round::tenths")]
    pub depth_deg: f64,
    /// The depth in words a person can check: quarter squat, half squat, right angle at the knee, …
    pub depth_words: String,
    /// Rest between sets, seconds.
    pub rest_seconds: u32,
    /// Target rate of perceived exertion (RPE = 10 − reps in reserve; JSON: to 0.1).
    #[serde(serialize_with = "round::tenths")]
    pub rpe: f64,
    /// External load.
    pub load: Load,
    /// Coaching cues.
    pub cues: Vec<String>,
}

/// External load of a session. All `None` means bodyweight only.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Load {
    /// Absolute external load in kilograms, when it could be worked out (a pair of
    /// dumbbells: both together; JSON: to 0.001, so pound loads stay exact to the gram).
    #[serde(serialize_with = "round::thousandths_opt")]
    pub kg: Option<f64>,
    /// Load as percent of one-repetition maximum, when the template prescribes it so
    /// (JSON: to 0.1).
    #[serde(serialize_with = "round::tenths_opt")]
    pub percent_1rm: Option<f64>,
    /// Load as a fraction of body mass, when the template prescribes it so (JSON: to 0.001).
    #[serde(serialize_with = "round::thousandths_opt")]
    pub bodyweight_ratio: Option<f64>,
}

impl Load {
    /// True when there is no external load at all.
    pub fn is_bodyweight(&self) -> bool {
        self.kg.is_none() && self.percent_1rm.is_none() && self.bodyweight_ratio.is_none()
    }
}

/// A day without training.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RecoveryDay {
    /// Calendar date.
    pub date: NaiveDate,
    /// Day of the week.
    pub weekday: Day,
    /// 1-based week number.
    pub week: u32,
    /// Light active-recovery suggestion (never training load).
    pub guidance: String,
    /// Alerts in force on this day.
    pub alerts: Vec<Alert>,
}

/// Volume and workload figures for one week.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WeekSummary {
    /// Number of sessions.
    pub sessions: u32,
    /// Working sets across all sessions.
    pub sets: u32,
    /// Repetitions across all sessions.
    pub reps: u32,
    /// Weekly volume in the plan's `volume_unit` (JSON: to 0.1).
    #[serde(serialize_with = "round::tenths")]
    pub volume: f64,
    /// Change against week `change_from_week`, in percent (`None` in week 1; JSON: to 0.1).
    #[serde(serialize_with = "round::tenths_opt")]
    pub change_percent: Option<f64>,
    /// The week `change_percent` compares with, as the volume cap does: the week before,
    /// or after a deload the last build week (`None` in week 1).
    pub change_from_week: Option<u32>,
    /// Acute:chronic ratio: this week ÷ mean of up to 3 previous weeks (`None` in week 1;
    /// JSON: to 0.01).
    #[serde(serialize_with = "round::hundredths_opt")]
    pub acwr: Option<f64>,
    /// The knee load the week was planned at before sessions were moved, made light or
    /// left out around the person's rides: what the guards measure the next week
    /// against (JSON: to 0.1; left out when the rides changed nothing).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "round::tenths_opt"
    )]
    pub planned_volume: Option<f64>,
}

/// A place where the generator departed from the template to keep a guard.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Adjustment {
    /// Week the adjustment applies to.
    pub week: u32,
    /// Which guard: `volume_cap`, `acwr`, or `rides` (sessions placed around rides).
    pub guard: String,
    /// What the generator did about it.
    pub action: AdjustmentAction,
    /// What the template asked for, in words and numbers.
    pub message: String,
}

/// How the generator kept a guard.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AdjustmentAction {
    /// Progressed the next lever in the template's ladder instead (the template at work).
    OtherLever,
    /// Trimmed or held the prescription: the template asked for more than the guards allow.
    HeldBack,
    /// Went over the cap on purpose, by a rule that says why: back towards a knee load
    /// the knee recently did settled, or the smallest step there is after a week held
    /// (so a low volume never stalls). Never past what the knee has shown it tolerates
    /// by more than one rep a set.
    AboveCap,
    /// Sessions moved, made light or left out for the person's own rides and runs (or a
    /// running week over the ceiling): endurance training loaded the legs that week, so,
    /// like a deload, it is no base for the guards and the week after is measured
    /// against the weeks before it.
    AroundRides,
}

/// Serialisers that round, so JSON carries the precision docs/json.md gives for each field
/// rather than float noise (`10.000000000000009` → `10.0`); the plan itself keeps full
/// precision for the guards and the audit.
mod round {
    use serde::Serializer;

    /// `v` rounded to `1 / scale`.
    pub(super) fn to(v: f64, scale: f64) -> f64 {
        let r = (v * scale).round() / scale;
        // No "-0.0" for a value that rounds to nothing.
        if r == 0.0 { 0.0 } else { r }
    }

    pub(super) fn tenths<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(to(*v, 10.0))
    }

    pub(super) fn tenths_opt<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        opt(v, 10.0, s)
    }

    pub(super) fn hundredths_opt<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        opt(v, 100.0, s)
    }

    pub(super) fn thousandths_opt<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        opt(v, 1000.0, s)
    }

    fn opt<S: Serializer>(v: &Option<f64>, scale: f64, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.serialize_some(&to(*v, scale)),
            None => s.serialize_none(),
        }
    }
}
