//! A small hand-built plan for the renderers' unit tests: two weeks, each with a hard
//! session on Monday, a light session with a purpose on Tuesday and recovery days after.

use chrono::{Days, NaiveDate};

use crate::day::Day;
use crate::plan::{
    Guards, Load, PainRules, Plan, Prescription, RecoveryDay, Session, SessionKind, Week,
    WeekSummary,
};
use crate::template::{Tempo, Variant};
use crate::units::Unit;

/// What the light sessions are for.
pub(crate) const PURPOSE: &str = "rehearse the depth and the knee line at an easy effort";

/// The plan; `pain` gives it the default pain rule (2/10, 5/10, an hour).
pub(crate) fn plan(pain: bool) -> Plan {
    let start = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let weeks: Vec<Week> = (0..2u32).map(|i| week(start, i + 1)).collect();
    Plan {
        schema_version: crate::plan::SCHEMA_VERSION,
        template: "sample".to_string(),
        description: "A hand-built plan".to_string(),
        client: None,
        start,
        end: weeks.last().unwrap().end,
        days: vec![Day::Mon, Day::Tue],
        units: Unit::Kg,
        volume_unit: "bodyweight reps".to_string(),
        guards: Guards {
            min_rest_hours: 48,
            max_weekly_increase: 0.1,
            acwr_ceiling: 1.3,
            deload_every_weeks: 4,
            deload_volume_factor: 0.6,
        },
        weeks,
        adjustments: Vec::new(),
        pain: pain.then(|| PainRules::new(2.0, 5.0, 60)),
        notices: vec!["tue is only 24 h after mon, so tue is a light technique session".into()],
        knee: None,
        rides: Vec::new(),
    }
}

fn week(start: NaiveDate, number: u32) -> Week {
    let monday = start + Days::new(7 * u64::from(number - 1));
    let session = |slot: u32, kind: SessionKind| Session {
        date: monday + Days::new(u64::from(slot - 1)),
        weekday: day_of(monday + Days::new(u64::from(slot - 1))),
        week: number,
        slot,
        kind,
        phase: "Base".to_string(),
        prescription: Prescription {
            exercise: "cyclist squat".to_string(),
            variant: Variant::Bodyweight,
            sets: if kind == SessionKind::Hard { 3 } else { 2 },
            reps: 10,
            tempo: Tempo {
                eccentric: 3,
                pause: 1,
                concentric: 1,
            },
            heel_height_cm: 5.0,
            depth_deg: 90.0,
            depth_words: "right angle".to_string(),
            rest_seconds: 75,
            rpe: if kind == SessionKind::Hard { 7.0 } else { 4.0 },
            load: Load::default(),
            cues: vec!["Knee over the second toe".to_string()],
        },
        // 3×10 or 2×10 bodyweight reps at 90° on a 5 cm block (× 1.25).
        knee_load: if kind == SessionKind::Hard {
            37.5
        } else {
            25.0
        },
        notes: if slot == 1 {
            vec![format!("week {number}")]
        } else {
            Vec::new()
        },
        purpose: (kind == SessionKind::Light).then(|| PURPOSE.to_string()),
        log: None,
        alerts: Vec::new(),
        display: crate::plan::Display {
            unit: crate::units::Unit::Kg,
            load: None,
            load_text: "bodyweight".to_string(),
            heel_height: 5.0,
            heel_text: "5 cm".to_string(),
        },
    };
    Week {
        number,
        phase: "Base".to_string(),
        deload: false,
        start: monday,
        end: monday + Days::new(6),
        sessions: vec![
            session(1, SessionKind::Hard),
            session(2, SessionKind::Light),
        ],
        recovery_days: (2..7)
            .map(|i| RecoveryDay {
                date: monday + Days::new(i),
                weekday: day_of(monday + Days::new(i)),
                week: number,
                guidance: "Easy walk".to_string(),
                alerts: Vec::new(),
            })
            .collect(),
        summary: WeekSummary {
            sessions: 2,
            sets: 5,
            reps: 50,
            volume: 50.0,
            change_percent: None,
            change_from_week: None,
            acwr: None,
            planned_volume: None,
        },
    }
}

fn day_of(date: NaiveDate) -> Day {
    Day::from_weekday(chrono::Datelike::weekday(&date))
}
