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
