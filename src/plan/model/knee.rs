//! The knee as the plan reports it: how irritable it is, the alerts in force and the
//! summary a plan carries (`knee` in JSON). Worked out by [`crate::plan::knee_state`].

use chrono::NaiveDate;
use serde::Serialize;

/// How irritable the knee is, from the log so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Irritability {
    /// Nothing logged says otherwise: pain at or below the ideal.
    Settled,
    /// Pain above the ideal but within the acceptable range: hold.
    Amber,
    /// Pain above the acceptable range or a morning flare: step back until settled.
    Flare,
    /// A red flag was logged today (or on the last day logged).
    RedFlag,
    /// After a red flag: technique only until a clinician has seen the knee.
    AwaitingClearance,
    /// Cleared after a red flag, building back towards the load the knee had.
    Returning,
}

impl Irritability {
    /// The words shown to the person.
    pub fn words(self) -> &'static str {
        match self {
            Irritability::Settled => "settled",
            Irritability::Amber => "amber (holding)",
            Irritability::Flare => "flare (stepped back)",
            Irritability::RedFlag => "red flag",
            Irritability::AwaitingClearance => "awaiting a clinician's clearance",
            Irritability::Returning => "returning after clearance",
        }
    }
}

/// What kind of alert, for scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// A red flag: stop loading and see a clinician; `vmo cleared` once seen.
    RedFlag,
    /// Pain keeps stepping the plan back: see a clinician; `vmo acknowledge` or `vmo cleared`.
    RecurringPain,
}

/// Advice that must be seen until the person acts on it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    /// Machine-readable kind.
    pub kind: AlertKind,
    /// The day the log raised it.
    pub since: NaiveDate,
    /// What to do, in words.
    pub message: String,
}

/// The knee state as the plan reports it (`knee` in JSON).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KneeSummary {
    /// The state on the day the plan was made.
    pub state: Irritability,
    /// Alerts in force.
    pub alerts: Vec<Alert>,
    /// Highest session knee load of the last 28 days done with pain at most the ideal
    /// (`null` until one is logged with a pain score).
    pub tolerated_load: Option<f64>,
    /// The person's usual next-morning pain (mean of recent settled mornings).
    pub baseline_morning: f64,
    /// Days since the last session done (`null`: none logged).
    pub days_since_last_session: Option<i64>,
    /// The date of the last hard (or extra) session done.
    pub last_hard_session: Option<NaiveDate>,
    /// The last clearance recorded.
    pub cleared_on: Option<NaiveDate>,
    /// The 1RM estimate for % 1RM loads, kg (from logged sets, else the one given).
    pub one_rep_max_kg: Option<f64>,
}
