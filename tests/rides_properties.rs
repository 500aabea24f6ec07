//! Property tests for squats placed around random ride calendars (DESIGN §9): whatever
//! the rides, no hard session sits in the window before a key session, no session shares
//! a day with a ride unless both have times far enough apart, hard sessions keep the
//! template's rest rule, sessions stay on training or spare days, and the volume guards
//! still hold.

use chrono::{Datelike, Days, NaiveDate, NaiveTime};
use proptest::prelude::*;

use vmo::day::Day;
use vmo::plan::rides::RideCalendar;
use vmo::plan::{Athlete, Request, SessionKind, generate};
use vmo::rides::{Ride, Sport};
use vmo::template::{builtin, parse};

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 16).unwrap()
}

fn ride_strategy() -> impl Strategy<Value = Ride> {
    (
        0..63u64,
        prop::option::of(5..22u32),
        prop_oneof![Just(Sport::Ride), Just(Sport::Run), Just(Sport::Other)],
        prop::option::of(20.0..140.0f64),
        prop::option::of(30..300u32),
        prop::option::of(0.5..1.05f64),
        any::<bool>(),
        prop::option::of(2.0..25.0f64),
    )
        .prop_map(|(day, hour, sport, tss, minutes, iff, race, km)| Ride {
            date: start() + Days::new(day),
            start: hour.map(|h| NaiveTime::from_hms_opt(h, 0, 0).unwrap()),
            minutes,
            sport,
            title: "Workout".into(),
            tss,
            intensity_factor: iff,
            kj: None,
            relative_effort: None,
            distance_km: km,
            race_or_test: race && day % 9 == 0,
            completed: false,
        })
}

fn days_strategy() -> impl Strategy<Value = Vec<Day>> {
    prop::sample::subsequence(Day::ALL.to_vec(), 2..=4)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn sessions_keep_clear_of_key_sessions_and_rides(
        rides in prop::collection::vec(ride_strategy(), 0..30),
        days in days_strategy(),
        spare in prop::sample::subsequence(Day::ALL.to_vec(), 0..=2),
        at in prop::option::of(5..22u32),
        name in prop::sample::select(vec!["knee-friendly", "foundation", "athlete"]),
    ) {
        let b = builtin(name).unwrap();
        let t = parse(b.name, b.source).unwrap();
        let at = at.map(|h| NaiveTime::from_hms_opt(h, 0, 0).unwrap());
        let req = Request {
            weeks: 8,
            start: start(),
            days: Some(days.clone()),
            athlete: Athlete { bodyweight_kg: Some(70.0), ..Athlete::default() },
            unit: vmo::units::Unit::Kg,
            changes: Vec::new(),
            rides: RideCalendar { rides: rides.clone(), spare_days: spare.clone(), at },
        };
        let Ok(plan) = generate(&t, &req) else {
            // Days the rest rule refuses are refused with or without rides.
            return Ok(());
        };
        let r = &t.rides;
        let sessions: Vec<_> = plan.weeks.iter().flat_map(|w| &w.sessions).collect();
        for s in &sessions {
            let wd = Day::from_weekday(s.date.weekday());
            prop_assert!(days.contains(&wd) || spare.contains(&wd), "{} not a chosen day", s.date);
            for ride in rides.iter().filter(|x| x.date == s.date && x.sport != Sport::Other) {
                let apart = match (at, ride.start) {
                    (Some(a), Some(b)) => (a - b).num_minutes().abs() >= i64::from(r.same_day_hours) * 60,
                    _ => false,
                };
                prop_assert!(apart, "{} shares its day with {:?}", s.date, ride);
            }
            if s.kind != SessionKind::Hard {
                continue;
            }
            let window = if s.week <= r.new_lifter_weeks { r.hours_before_key_new } else { r.hours_before_key };
            for key in rides.iter().filter(|x| x.key(r).is_some() && x.date >= s.date) {
                match (at, key.start) {
                    (Some(a), Some(b)) => {
                        let h = (key.date.and_time(b) - s.date.and_time(a)).num_minutes();
                        prop_assert!(!(h > 0 && h < i64::from(window) * 60),
                            "hard session {} {h} min before key {:?}", s.date, key);
                    }
                    _ => {
                        let d = (key.date - s.date).num_days();
                        prop_assert!(!(d >= 1 && d * 24 <= i64::from(window).max(24)),
                            "hard session {} the day(s) before key {:?}", s.date, key);
                    }
                }
            }
        }
        let hard: Vec<NaiveDate> = sessions.iter().filter(|s| s.kind == SessionKind::Hard).map(|s| s.date).collect();
        for pair in hard.windows(2) {
            prop_assert!((pair[1] - pair[0]).num_hours() >= i64::from(t.recovery.min_rest_hours),
                "hard sessions {} and {} too close", pair[0], pair[1]);
        }
        let findings = vmo::plan::audit::guard_findings(&plan);
        prop_assert!(findings.is_empty(), "{:?}", findings.iter().map(|f| f.to_string()).collect::<Vec<_>>());
    }
}
