//! The person's own endurance training (DESIGN §9): rides and runs read from the
//! calendars they already have, so the squats can be placed around them.
//!
//! This module holds the events as vmo sees them ([`Ride`]) and what makes one a key
//! session; reading calendars, feeds and exports lives in its submodules. Placing the
//! squats around the rides is the plan's job ([`crate::plan::rides`]): pure, no I/O.

pub mod classify;
pub mod fetch;
pub mod ics;
mod load;
pub mod strava;

pub use load::{LoadOptions, Loaded, MAX_FILE_BYTES, Source, load};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::Serialize;

use crate::template::RideRules;

/// The sport of an endurance session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sport {
    /// Cycling, indoors or out.
    Ride,
    /// Running (knee load of its own: the running guard counts it).
    Run,
    /// Anything else (swim, walk, gym…): shown, never a key session by sport.
    Other,
}

impl Sport {
    /// Lowercase name as shown and written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Sport::Ride => "ride",
            Sport::Run => "run",
            Sport::Other => "other",
        }
    }
}

/// One ride, run or other session from the person's own calendar, in local time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ride {
    /// The day it is on (local).
    pub date: NaiveDate,
    /// Local start time; `None` for all-day events (TrainerRoad, TrainingPeaks plans).
    pub start: Option<NaiveTime>,
    /// Duration in minutes, when known.
    pub minutes: Option<u32>,
    /// Ride, run or other.
    pub sport: Sport,
    /// The event's title as written (e.g. `2:00 - Gibbs`).
    pub title: String,
    /// Training Stress Score, when given.
    pub tss: Option<f64>,
    /// Intensity Factor, when given.
    pub intensity_factor: Option<f64>,
    /// Work in kJ, when given.
    pub kj: Option<f64>,
    /// Strava's Relative Effort, when given.
    pub relative_effort: Option<f64>,
    /// Distance in km, when given.
    pub distance_km: Option<f64>,
    /// A race or a test (FTP, ramp): a key session whatever its numbers.
    pub race_or_test: bool,
    /// Done already (Strava's export): feeds the running load, never moves a session.
    pub completed: bool,
}

/// Relative Effort at or above which a completed Strava activity counts as key (Strava's
/// own "tough" band starts near 150; weak: it is a heart-rate index).
const KEY_RELATIVE_EFFORT: f64 = 150.0;

/// Running pace assumed for a run with a duration but no distance, in km/h (an easy
/// pace; stated in docs/rides.md).
pub const ASSUMED_RUN_KMH: f64 = 10.0;

impl Ride {
    /// When it starts, if it has a time.
    pub fn starts_at(&self) -> Option<NaiveDateTime> {
        self.start.map(|t| self.date.and_time(t))
    }

    /// Why this is a key session under `rules` (e.g. `TSS 95`), or `None` when it is not.
    pub fn key(&self, rules: &RideRules) -> Option<String> {
        if self.race_or_test {
            return Some("race or test".to_string());
        }
        if let Some(t) = self.tss.filter(|t| *t >= rules.key_tss) {
            return Some(format!("TSS {}", crate::template::num(t.round())));
        }
        if let Some(f) = self.intensity_factor.filter(|f| *f >= rules.key_if) {
            return Some(format!("IF {f:.2}"));
        }
        if let Some(m) = self
            .minutes
            .filter(|m| f64::from(*m) >= rules.key_hours * 60.0)
        {
            return Some(format!("{}:{:02} long", m / 60, m % 60));
        }
        if let Some(r) = self.relative_effort.filter(|r| *r >= KEY_RELATIVE_EFFORT) {
            return Some(format!(
                "Relative Effort {}",
                crate::template::num(r.round())
            ));
        }
        None
    }

    /// The running distance it counts for in the running guard (km): its distance, or
    /// its duration at [`ASSUMED_RUN_KMH`]; zero for other sports.
    pub fn running_km(&self) -> f64 {
        if self.sport != Sport::Run {
            return 0.0;
        }
        self.distance_km
            .or_else(|| self.minutes.map(|m| f64::from(m) / 60.0 * ASSUMED_RUN_KMH))
            .unwrap_or(0.0)
    }

    /// The title as shown in one line: control characters visible, cut at 40
    /// characters (a feed's titles are someone else's text).
    pub fn short_title(&self) -> String {
        let title = crate::visible::clipped(&self.title);
        if title.chars().count() > 40 {
            title.chars().take(39).collect::<String>() + "…"
        } else {
            title
        }
    }

    /// One short line for tables: `06:00 ride 2:00 - Gibbs (key: TSS 95)`.
    pub fn line(&self, key: Option<&str>) -> String {
        let mut s = String::new();
        if let Some(t) = self.start {
            s.push_str(&t.format("%H:%M ").to_string());
        }
        s.push_str(self.sport.as_str());
        if self.completed {
            s.push_str(" (done)");
        }
        s.push(' ');
        s.push_str(&self.short_title());
        if let Some(k) = key {
            s.push_str(&format!(" (key: {k})"));
        }
        s
    }
}

/// Sorts rides by day, start (all-day first) and title, each event once (the same event in
/// two calendars — a TrainerRoad feed and its Google copy — is kept once).
pub fn sort(rides: &mut Vec<Ride>) {
    rides.sort_by(|a, b| (a.date, a.start, &a.title).cmp(&(b.date, b.start, &b.title)));
    rides.dedup_by(|a, b| a.date == b.date && a.start == b.start && a.title == b.title);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ride() -> Ride {
        Ride {
            date: NaiveDate::from_ymd_opt(2026, 12, 5).unwrap(),
            start: None,
            minutes: Some(60),
            sport: Sport::Ride,
            title: "1:00 - Pettit".into(),
            tss: Some(40.0),
            intensity_factor: Some(0.63),
            kj: None,
            relative_effort: None,
            distance_km: None,
            race_or_test: false,
            completed: false,
        }
    }

    #[test]
    fn key_sessions_by_each_rule() {
        let rules = RideRules::default();
        assert_eq!(ride().key(&rules), None);
        let r = Ride {
            tss: Some(95.0),
            ..ride()
        };
        assert_eq!(r.key(&rules).as_deref(), Some("TSS 95"));
        let r = Ride {
            intensity_factor: Some(0.9),
            ..ride()
        };
        assert_eq!(r.key(&rules).as_deref(), Some("IF 0.90"));
        let r = Ride {
            minutes: Some(150),
            ..ride()
        };
        assert_eq!(r.key(&rules).as_deref(), Some("2:30 long"));
        let r = Ride {
            race_or_test: true,
            ..ride()
        };
        assert_eq!(r.key(&rules).as_deref(), Some("race or test"));
    }

    #[test]
    fn runs_count_distance_or_time() {
        let run = Ride {
            sport: Sport::Run,
            distance_km: Some(12.5),
            ..ride()
        };
        assert_eq!(run.running_km(), 12.5);
        let run = Ride {
            sport: Sport::Run,
            minutes: Some(45),
            ..ride()
        };
        assert_eq!(run.running_km(), 7.5);
        assert_eq!(ride().running_km(), 0.0);
    }
}
