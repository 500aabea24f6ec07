use super::*;
use crate::template::parse;

fn phases(lens: &[Option<u32>]) -> Vec<Phase> {
    let mut src = String::from("name = \"t\"\ndescription = \"t\"\n");
    for (i, l) in lens.iter().enumerate() {
        src.push_str(&format!(
            "[[phases]]\nname = \"P{i}\"\nsets = 3\nreps = 10\n"
        ));
        if let Some(l) = l {
            src.push_str(&format!("weeks = {l}\n"));
        }
    }
    parse("t", &src).unwrap().phases
}

fn lengths(fit: &[(usize, u32)], n: usize) -> Vec<usize> {
    (0..n)
        .map(|i| fit.iter().filter(|(p, _)| *p == i).count())
        .collect()
}

#[test]
fn plans_stay_within_four_digit_years() {
    use chrono::Datelike;
    let b = crate::template::builtin("foundation").unwrap();
    let t = parse(b.name, b.source).unwrap();
    let at = |y, m, d, weeks| {
        generate(
            &t,
            &Request {
                weeks,
                start: NaiveDate::from_ymd_opt(y, m, d).unwrap(),
                days: None,
                athlete: Athlete::default(),
                unit: crate::units::Unit::Kg,
                changes: Vec::new(),
                rides: Default::default(),
            },
        )
    };
    assert!(at(1, 1, 1, 6).is_ok());
    assert!(at(9999, 1, 1, 6).is_ok());
    assert!(matches!(at(0, 12, 31, 6), Err(PlanError::TooEarly(_))));
    assert!(matches!(at(9999, 12, 20, 3), Err(PlanError::TooLate(..))));
    // The far end of chrono's range must be an error, not an overflow panic.
    let max = NaiveDate::MAX;
    assert!(at(max.year(), max.month(), max.day(), MAX_WEEKS).is_err());
}

#[test]
fn longer_plans_continue_the_last_phase() {
    let p = phases(&[Some(2), Some(6), None]);
    assert_eq!(lengths(&fit_phases(&p, 20), 3), [2, 6, 12]);
    assert_eq!(lengths(&fit_phases(&p, 9), 3), [2, 6, 1]);
}

#[test]
fn shorter_plans_cut_the_written_phases() {
    // A phase is a clinical choice, not a stretchable span: a short plan is the start of
    // the long one, cut off (DESIGN §3).
    let p = phases(&[Some(2), Some(6), None]);
    assert_eq!(lengths(&fit_phases(&p, 8), 3), [2, 6, 0]);
    assert_eq!(lengths(&fit_phases(&p, 6), 3), [2, 4, 0]);
    assert_eq!(lengths(&fit_phases(&p, 2), 3), [2, 0, 0]);
    assert_eq!(lengths(&fit_phases(&p, 1), 3), [1, 0, 0]);
    let fixed = phases(&[Some(4), Some(4)]);
    assert_eq!(lengths(&fit_phases(&fixed, 3), 2), [3, 0]);
    assert_eq!(lengths(&fit_phases(&fixed, 10), 2), [4, 6]);
}

#[test]
fn a_short_fit_is_the_start_of_a_long_one() {
    let p = phases(&[Some(3), Some(9), None]);
    let long = fit_phases(&p, 40);
    for weeks in 1..40 {
        assert_eq!(fit_phases(&p, weeks), long[..weeks as usize], "{weeks}");
    }
}

#[test]
fn weeks_within_a_phase_count_from_zero() {
    let p = phases(&[Some(2), None]);
    assert_eq!(fit_phases(&p, 4), vec![(0, 0), (0, 1), (1, 0), (1, 1)]);
}

/// Thirty weeks from Monday 2026-12-07 on the template's days, nothing about the person.
fn thirty_weeks() -> Request {
    Request {
        weeks: 30,
        start: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
        days: None,
        athlete: Athlete::default(),
        unit: crate::units::Unit::Kg,
        changes: Vec::new(),
        rides: Default::default(),
    }
}

#[test]
fn same_inputs_same_plan() {
    let t = parse("b", crate::template::BUILTINS[1].source).unwrap();
    let req = thirty_weeks();
    assert_eq!(generate(&t, &req).unwrap(), generate(&t, &req).unwrap());
}

#[test]
fn a_template_with_nowhere_to_go_holds_and_asks_for_a_re_test() {
    // Nothing progresses: backing off "to rebuild" would only wear the plan down
    // (3×10 → 3×9 → 3×8 …), so it holds and says to re-test instead.
    let t = parse(
        "t",
        "name = \"t\"\ndescription = \"t\"\n[[phases]]\nname = \"A\"\nsets = 3\nreps = 10\n",
    )
    .unwrap();
    let req = thirty_weeks();
    let plan = generate(&t, &req).unwrap();
    for w in plan.weeks.iter().filter(|w| !w.deload) {
        let p = &w.sessions[0].prescription;
        assert_eq!((p.sets, p.reps), (3, 10), "week {}", w.number);
    }
    let notes: Vec<&String> = plan
        .weeks
        .iter()
        .flat_map(|w| &w.sessions[0].notes)
        .collect();
    assert!(notes.iter().any(|n| n.contains("re-test")), "{notes:?}");
}

fn foundation() -> Template {
    let b = crate::template::builtin("foundation").unwrap();
    parse(b.name, b.source).unwrap()
}

fn days(list: &[Day]) -> Option<Vec<Day>> {
    Some(list.to_vec())
}

fn dated(start: &str, from: &str, before: &[Day], after: &[Day]) -> Request {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    Request {
        weeks: 8,
        start: d(start),
        days: days(before),
        athlete: Athlete::default(),
        unit: crate::units::Unit::Kg,
        changes: vec![Change {
            from: d(from),
            days: days(after),
            athlete: Athlete::default(),
        }],
        rides: Default::default(),
    }
}

fn sessions(p: &Plan) -> Vec<&Session> {
    p.weeks.iter().flat_map(|w| &w.sessions).collect()
}

#[test]
fn a_change_of_days_keeps_the_weeks_before_it() {
    use Day::*;
    let t = foundation();
    // Tue/Thu/Sat until Thu 19 Nov, then Mon/Wed/Fri: the change lands mid-week.
    let req = dated(
        "2026-11-03",
        "2026-11-19",
        &[Tue, Thu, Sat],
        &[Mon, Wed, Fri],
    );
    let changed = generate(&t, &req).unwrap();
    let before = generate(
        &t,
        &Request {
            changes: Vec::new(),
            rides: Default::default(),
            ..req.clone()
        },
    )
    .unwrap();
    let from = req.changes[0].from;
    let old: Vec<_> = sessions(&before)
        .into_iter()
        .filter(|s| s.date < from)
        .collect();
    let kept: Vec<_> = sessions(&changed)
        .into_iter()
        .filter(|s| s.date < from)
        .collect();
    assert_eq!(old, kept, "the past is planned as it was");
    for s in sessions(&changed).iter().filter(|s| s.date >= from) {
        assert!(
            [Mon, Wed, Fri].contains(&s.weekday),
            "{} is not a new training day",
            s.date
        );
    }
    // Never two hard sessions within the rest rule where the schedules meet.
    let hard: Vec<_> = sessions(&changed)
        .into_iter()
        .filter(|s| s.kind == SessionKind::Hard)
        .map(|s| s.date)
        .collect();
    for pair in hard.windows(2) {
        assert!(
            (pair[1] - pair[0]).num_hours() >= i64::from(t.recovery.min_rest_hours),
            "{} then {}",
            pair[0],
            pair[1]
        );
    }
    assert_eq!(changed.days, vec![Mon, Wed, Fri]);
}

#[test]
fn a_day_left_out_where_the_schedules_meet_says_why() {
    use Day::*;
    let t = foundation();
    // Mon/Thu until Tue 17 Nov, then Tue/Fri: Tue 17 is a day after Mon 16's session.
    let req = dated("2026-11-02", "2026-11-17", &[Mon, Thu], &[Tue, Fri]);
    let p = generate(&t, &req).unwrap();
    let dates: Vec<String> = sessions(&p).iter().map(|s| s.date.to_string()).collect();
    assert!(dates.contains(&"2026-11-16".to_string()));
    assert!(!dates.contains(&"2026-11-17".to_string()), "{dates:?}");
    assert!(dates.contains(&"2026-11-20".to_string()));
    let next = sessions(&p)
        .into_iter()
        .find(|s| s.date.to_string() == "2026-11-20")
        .unwrap();
    assert!(
        next.notes
            .iter()
            .any(|n| n.contains("no session on 2026-11-17 (Tue)")),
        "{:?}",
        next.notes
    );
}

#[test]
fn a_change_of_days_refused_names_its_date() {
    use Day::*;
    let t = foundation();
    let req = dated(
        "2026-11-02",
        "2026-11-17",
        &[Mon, Thu],
        &[Mon, Tue, Wed, Thu, Fri],
    );
    let e = generate(&t, &req).unwrap_err().to_string();
    assert!(e.starts_with("from 2026-11-17: "), "{e}");
}

mod around_rides {
    use super::*;
    use crate::plan::rides::RideCalendar;
    use crate::rides::{Ride, Sport};
    use chrono::NaiveTime;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn ride(date: &str, start: Option<u32>, sport: Sport, tss: f64, km: Option<f64>) -> Ride {
        Ride {
            date: d(date),
            start: start.map(|h| NaiveTime::from_hms_opt(h, 0, 0).unwrap()),
            minutes: Some(60),
            sport,
            title: if sport == Sport::Run {
                "Easy run".into()
            } else {
                "VO2max intervals".into()
            },
            tss: Some(tss),
            intensity_factor: None,
            kj: None,
            relative_effort: None,
            distance_km: km,
            race_or_test: false,
            completed: sport == Sport::Run,
        }
    }

    fn plan(days: &[Day], spare: &[Day], at: Option<u32>, rides: Vec<Ride>) -> Plan {
        let b = crate::template::builtin(crate::template::DEFAULT_TEMPLATE).unwrap();
        let t = parse(b.name, b.source).unwrap();
        generate(
            &t,
            &Request {
                weeks: 6,
                // Mon 16 Nov 2026: week 4 is Mon 7 – Sun 13 Dec.
                start: d("2026-11-16"),
                days: Some(days.to_vec()),
                athlete: Athlete::default(),
                unit: crate::units::Unit::Kg,
                changes: Vec::new(),
                rides: RideCalendar {
                    rides,
                    spare_days: spare.to_vec(),
                    at: at.map(|h| NaiveTime::from_hms_opt(h, 0, 0).unwrap()),
                },
            },
        )
        .unwrap()
    }

    fn on<'a>(p: &'a Plan, date: &str) -> Option<&'a Session> {
        p.weeks
            .iter()
            .flat_map(|w| &w.sessions)
            .find(|s| s.date == d(date))
    }

    #[test]
    fn a_key_ride_on_saturday_moves_fridays_session() {
        let rides = vec![ride("2026-12-12", None, Sport::Ride, 95.0, None)];
        let p = plan(&[Day::Tue, Day::Fri], &[Day::Thu], None, rides);
        assert!(on(&p, "2026-12-11").is_none(), "no squats the day before");
        let moved = on(&p, "2026-12-10").expect("moved to the spare Thursday");
        assert_eq!(moved.kind, SessionKind::Hard);
        assert!(
            moved
                .notes
                .iter()
                .any(|n| n
                    == "Moved from Fri to Thu to keep the 24 h before a key session free: VO2max intervals on Sat, TSS 95"),
            "{:?}",
            moved.notes
        );
        // Same slot as on Friday: the calendar moves the event, it does not add one.
        let unmoved = plan(&[Day::Tue, Day::Fri], &[Day::Thu], None, Vec::new());
        assert_eq!(moved.slot, on(&unmoved, "2026-12-11").unwrap().slot);
        assert_eq!(p.rides.len(), 1);
    }

    #[test]
    fn a_morning_ride_and_evening_squats_ten_hours_apart_is_fine() {
        let rides = vec![ride("2026-12-10", Some(8), Sport::Ride, 50.0, None)];
        let p = plan(
            &[Day::Tue, Day::Thu, Day::Sat],
            &[],
            Some(18),
            rides.clone(),
        );
        let s = on(&p, "2026-12-10").expect("kept on Thursday");
        assert_eq!(s.kind, SessionKind::Hard);
        assert!(!s.notes.iter().any(|n| n.contains("Moved")));
        // Without a time for the squats the two cannot be told apart.
        let p = plan(&[Day::Tue, Day::Thu, Day::Sat], &[], None, rides);
        assert!(on(&p, "2026-12-10").is_none());
        let rest = p
            .weeks
            .iter()
            .flat_map(|w| &w.recovery_days)
            .find(|r| r.date == d("2026-12-10"))
            .unwrap();
        assert!(
            rest.guidance.contains("VO2max intervals on Thu"),
            "{}",
            rest.guidance
        );
    }

    #[test]
    fn a_sixty_km_running_week_trims_the_squats() {
        let mut runs = Vec::new();
        for week in 0..6 {
            let monday = d("2026-11-16") + Days::new(7 * week);
            let km = if week == 3 { 15.0 } else { 5.0 };
            for day in [0, 2, 4, 6] {
                let date = (monday + Days::new(day)).to_string();
                runs.push(ride(&date, Some(7), Sport::Run, 30.0, Some(km)));
            }
        }
        let days = [Day::Mon, Day::Wed, Day::Fri];
        let with = plan(&days, &[], Some(18), runs);
        let without = plan(&days, &[], Some(18), Vec::new());
        let week = |p: &Plan| p.weeks[3].clone();
        assert_eq!(week(&without).sessions.len(), 3);
        assert_eq!(week(&with).sessions.len(), 1, "one maintenance session");
        assert!(week(&with).summary.volume < week(&without).summary.volume);
        assert!(
            week(&with).sessions[0]
                .notes
                .iter()
                .any(|n| n.starts_with("Running 60 km this week, over the 40 km ceiling")),
            "{:?}",
            week(&with).sessions[0].notes
        );
        // The maintenance session does not progress past week 3.
        let w3 = &with.weeks[2].sessions[0].prescription;
        let w4 = &week(&with).sessions[0].prescription;
        assert!(w4.sets * w4.reps <= w3.sets * w3.reps);
    }

    #[test]
    fn rides_on_every_training_day_say_how_to_make_room() {
        let rides: Vec<Ride> = (0..6u64)
            .flat_map(|w| [1u64, 3, 5].map(move |d| w * 7 + d))
            .map(|n| {
                let date = (d("2026-11-16") + Days::new(n)).to_string();
                ride(&date, None, Sport::Ride, 50.0, None)
            })
            .collect();
        let days = [Day::Tue, Day::Thu, Day::Sat];
        let p = plan(&days, &[], None, rides.clone());
        assert!(p.weeks.iter().all(|w| w.sessions.is_empty()));
        assert!(
            p.notices
                .iter()
                .any(|n| n.contains("18 of 18 hard sessions")
                    && n.contains("a spare day (--spare-days)")),
            "{:?}",
            p.notices
        );
        let p = plan(&days, &[Day::Mon], None, rides);
        assert!(
            p.notices.iter().all(|n| !n.contains("--spare-days")),
            "{:?}",
            p.notices
        );
    }
}
