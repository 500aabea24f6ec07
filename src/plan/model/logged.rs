//! What the training log holds, as plain data: entries as the core sees them and a
//! session's log as the plan shows it.

use chrono::NaiveDate;
use serde::Serialize;

/// Whether a log entry records a session done or one missed on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The session was trained.
    Done,
    /// The session was skipped on purpose.
    Skipped,
}

impl Status {
    /// The word stored and printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::Skipped => "skipped",
        }
    }
}

/// One row of the training log, as the core sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// Row id in the log.
    pub id: i64,
    /// Date of the session.
    pub date: NaiveDate,
    /// Done or skipped.
    pub status: Status,
    /// Reps done in each set (empty: as prescribed, or skipped).
    pub reps: Vec<u32>,
    /// External load used, kg (`None`: as prescribed or bodyweight).
    pub load_kg: Option<f64>,
    /// Effort, RPE 1–10.
    pub rpe: Option<f64>,
    /// Knee pain during the session, 0–10.
    pub pain_during: Option<f64>,
    /// Knee pain the next morning, 0–10.
    pub pain_morning: Option<f64>,
    /// Red-flag symptoms noticed with this entry.
    #[serde(flatten)]
    pub symptoms: Symptoms,
    /// Free text (or the reason for a skip).
    pub note: Option<String>,
    /// An unplanned session: kept in the log, not matched to a planned one.
    pub extra: bool,
}

impl Entry {
    /// A planned session skipped on `date` (`note`: the reason), before it has a row id.
    pub fn skipped(date: NaiveDate, note: Option<String>) -> Entry {
        Entry {
            id: 0,
            date,
            status: Status::Skipped,
            reps: Vec::new(),
            load_kg: None,
            rpe: None,
            pain_during: None,
            pain_morning: None,
            symptoms: Symptoms::default(),
            note,
            extra: false,
        }
    }
}

/// The red-flag symptoms a person can log (DESIGN §8): each one alone means stop and see
/// a clinician, whatever the pain score. Swelling is atypical of kneecap pain; locking and
/// giving way suggest a structure other than the kneecap; night pain, an irritable knee.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Symptoms {
    /// The knee swelled.
    pub swelling: bool,
    /// The knee locked (caught and would not straighten or bend).
    pub locking: bool,
    /// The knee gave way.
    pub giving_way: bool,
    /// Knee pain at night or waking the person.
    pub night_pain: bool,
}

impl Symptoms {
    /// Every symptom with its name, in the order they are shown.
    pub fn each(self) -> [(&'static str, bool); 4] {
        [
            ("swelling", self.swelling),
            ("locking", self.locking),
            ("giving way", self.giving_way),
            ("night pain", self.night_pain),
        ]
    }

    /// True when any symptom was logged.
    pub fn any(self) -> bool {
        self.each().iter().any(|(_, on)| *on)
    }

    /// The logged symptoms' names, joined with " and " (empty when none).
    pub fn words(self) -> String {
        let on: Vec<&str> = self
            .each()
            .iter()
            .filter(|(_, on)| *on)
            .map(|(n, _)| *n)
            .collect();
        on.join(" and ")
    }
}

/// A planned absence (a holiday) recorded ahead of time: the sessions from `from` to `to`
/// (inclusive) are away, not missed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Absence {
    /// Row id in the log's absences.
    pub id: i64,
    /// First day away.
    pub from: NaiveDate,
    /// Last day away.
    pub to: NaiveDate,
    /// Why, e.g. "holiday".
    pub reason: Option<String>,
}

impl Absence {
    /// True when `date` is one of its days.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }
}

/// How a session stands in the log, as the plan shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionLog {
    /// `done`, `skipped`, `missed` (a past session with no entry) or `away` (in a planned
    /// absence: its `id` is `None`).
    pub status: String,
    /// The log entry's id (`None` when missed).
    pub id: Option<i64>,
    /// Reps per set as logged (empty: as prescribed).
    pub reps: Vec<u32>,
    /// Load used, kg.
    pub load_kg: Option<f64>,
    /// RPE logged.
    pub rpe: Option<f64>,
    /// Pain during, 0–10.
    pub pain_during: Option<f64>,
    /// Pain next morning, 0–10.
    pub pain_morning: Option<f64>,
    /// Red-flag symptoms logged.
    #[serde(flatten)]
    pub symptoms: Symptoms,
    /// The entry's note.
    pub note: Option<String>,
}

impl SessionLog {
    /// True for a session in a planned absence.
    pub fn is_away(&self) -> bool {
        self.status == AWAY_STATUS
    }
}

impl From<&Entry> for SessionLog {
    fn from(e: &Entry) -> SessionLog {
        SessionLog {
            status: e.status.as_str().to_string(),
            id: Some(e.id),
            reps: e.reps.clone(),
            load_kg: e.load_kg,
            rpe: e.rpe,
            pain_during: e.pain_during,
            pain_morning: e.pain_morning,
            symptoms: e.symptoms,
            note: e.note.clone(),
        }
    }
}

/// A session's log status while a planned absence (`vmo skip --from --to`) covers it.
pub const AWAY_STATUS: &str = "away";
