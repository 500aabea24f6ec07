//! The adaptation rules as a table of scenarios: a log in, the next prescription and
//! its note out (issue 13).
use super::*;
use crate::plan::{Athlete, Plan, Request, Session, generate, generate_with_log};
use crate::template::{builtin, parse};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn done(id: i64, date: &str) -> Entry {
    Entry {
        id,
        date: d(date),
        status: Status::Done,
        reps: Vec::new(),
        load_kg: None,
        rpe: None,
        pain_during: None,
        pain_morning: None,
        symptoms: Symptoms::default(),
        note: None,
        extra: false,
    }
}

fn with(mut e: Entry, f: impl FnOnce(&mut Entry)) -> Entry {
    f(&mut e);
    e
}

fn request() -> Request {
    Request {
        weeks: 6,
        start: d("2026-11-30"),
        days: None,
        athlete: Athlete::default(),
        unit: crate::units::Unit::Kg,
        changes: Vec::new(),
        rides: Default::default(),
    }
}

/// foundation (Mon/Wed/Fri: 3×10 at 90° in week 1, 3×11 in week 2, 3×12 in week 3).
fn plan(entries: &[Entry], today: &str) -> Plan {
    plan_with(entries, &[], today)
}

/// [`plan`] with clearances and acknowledgements.
fn plan_with(entries: &[Entry], events: &[KneeEvent], today: &str) -> Plan {
    let b = builtin("foundation").unwrap();
    let t = parse(b.name, b.source).unwrap();
    let log = Log {
        entries,
        events,
        today: d(today),
        from: None,
    };
    generate_with_log(&t, &request(), Some(log)).unwrap()
}

fn cleared(date: &str) -> KneeEvent {
    KneeEvent {
        id: 1,
        date: d(date),
        kind: super::super::knee_state::KneeEventKind::Cleared,
        note: None,
    }
}

fn at<'p>(p: &'p Plan, date: &str) -> &'p Session {
    p.weeks
        .iter()
        .flat_map(|w| &w.sessions)
        .find(|s| s.date == d(date))
        .unwrap()
}

fn shape(s: &Session) -> String {
    let p = &s.prescription;
    format!(
        "{}×{} {}° {} cm {}",
        p.sets, p.reps, p.depth_deg, p.heel_height_cm, p.variant
    )
}

fn has_note(s: &Session, text: &str) -> bool {
    s.notes.iter().any(|n| n.contains(text))
}

#[test]
fn no_log_or_an_empty_one_is_the_template_plan() {
    let b = builtin("foundation").unwrap();
    let t = parse(b.name, b.source).unwrap();
    let template = generate(&t, &request()).unwrap();
    assert_eq!(plan(&[], "2026-12-20"), template);
    let extra_only = [with(done(1, "2026-12-05"), |e| e.extra = true)];
    let p = plan(&extra_only, "2026-12-20");
    assert_eq!(p.weeks, template.weeks);
    assert!(p.knee.is_some(), "a log has a knee state");
}

#[test]
fn a_log_that_matches_the_prescriptions_changes_no_prescription() {
    let b = builtin("foundation").unwrap();
    let t = parse(b.name, b.source).unwrap();
    let template = generate(&t, &request()).unwrap();
    let dates = ["2026-11-30", "2026-12-02", "2026-12-04", "2026-12-07"];
    let log: Vec<Entry> = dates
        .iter()
        .enumerate()
        .map(|(i, s)| with(done(i as i64 + 1, s), |e| e.pain_during = Some(1.0)))
        .collect();
    let adapted = plan(&log, "2026-12-08");
    for (a, b) in adapted.weeks.iter().zip(&template.weeks) {
        for (x, y) in a.sessions.iter().zip(&b.sessions) {
            assert_eq!(x.prescription, y.prescription, "{}", x.date);
        }
    }
    let s = at(&adapted, "2026-11-30");
    assert_eq!(s.log.as_ref().unwrap().status, "done");
    assert!(has_note(s, "logged: done · pain 1/10"), "{:?}", s.notes);
    assert!(
        at(&adapted, "2026-12-09").log.is_none(),
        "the future is not logged"
    );
}

#[test]
fn scenarios() {
    // (what happened, log, today, session to look at, its shape, a note it carries)
    type Case = (
        &'static str,
        Vec<Entry>,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    );
    let cases: Vec<Case> = vec![
        (
            "pain 6/10 during: the next session steps depth back",
            vec![with(done(1, "2026-11-30"), |e| e.pain_during = Some(6.0))],
            "2026-12-01",
            "2026-12-02",
            "3×10 75° 7.5 cm bodyweight",
            "depth 90° → 75° (deep half squat): knee pain 6/10 on Mon 30 Nov 2026",
        ),
        (
            "after a step back the next week repeats instead of progressing",
            vec![with(done(1, "2026-11-30"), |e| e.pain_during = Some(6.0))],
            "2026-12-01",
            "2026-12-07",
            "3×10 75° 7.5 cm bodyweight",
            "knee pain 6/10 on Mon 30 Nov 2026: no progression until 2 sessions in a row with pain ≤ 2/10",
        ),
        (
            "pain 4/10: the next week holds",
            vec![with(done(1, "2026-12-04"), |e| e.pain_during = Some(4.0))],
            "2026-12-05",
            "2026-12-07",
            "3×10 90° 7.5 cm bodyweight",
            "knee pain 4/10 on Fri 4 Dec 2026: same again, no progression",
        ),
        (
            "a morning worse than the person's own baseline steps back",
            vec![
                with(done(1, "2026-11-30"), |e| e.pain_morning = Some(2.0)),
                with(done(2, "2026-12-02"), |e| e.pain_morning = Some(2.0)),
                with(done(3, "2026-12-04"), |e| e.pain_morning = Some(4.0)),
            ],
            "2026-12-05",
            "2026-12-07",
            "3×10 75° 7.5 cm bodyweight",
            "knee pain 4/10 the morning after Fri 4 Dec 2026 (usually 2/10)",
        ),
        (
            "a morning above the ideal holds, even when it is the usual one",
            vec![
                with(done(1, "2026-11-30"), |e| e.pain_morning = Some(3.0)),
                with(done(2, "2026-12-02"), |e| e.pain_morning = Some(3.0)),
                with(done(3, "2026-12-04"), |e| e.pain_morning = Some(3.0)),
            ],
            "2026-12-05",
            "2026-12-07",
            "3×10 90° 7.5 cm bodyweight",
            "knee pain 3/10 the morning after Fri 4 Dec 2026: same again, no progression",
        ),
        (
            "mornings at the ideal change nothing",
            vec![
                with(done(1, "2026-11-30"), |e| e.pain_morning = Some(2.0)),
                with(done(2, "2026-12-02"), |e| e.pain_morning = Some(1.0)),
                with(done(3, "2026-12-04"), |e| e.pain_morning = Some(2.0)),
            ],
            "2026-12-05",
            "2026-12-07",
            "3×11 90° 7.5 cm bodyweight",
            "+1 rep (10 → 11)",
        ),
        (
            "target reps missed twice in a row: step back",
            vec![
                with(done(1, "2026-11-30"), |e| e.reps = vec![10, 10, 8]),
                with(done(2, "2026-12-02"), |e| e.reps = vec![10, 9, 8]),
            ],
            "2026-12-03",
            "2026-12-04",
            "2×10 90° 7.5 cm bodyweight",
            "3×10 → 2×10: 3×10 not reached in 2 sessions in a row (last on Wed 2 Dec 2026: 10,9,8)",
        ),
        (
            "one missed session: resume with that prescription",
            vec![done(1, "2026-11-30"), done(2, "2026-12-04")],
            "2026-12-05",
            "2026-12-07",
            "3×10 90° 7.5 cm bodyweight",
            "session of Wed 2 Dec 2026 not done: this week holds instead of progressing",
        ),
        (
            "a skipped session counts as missed",
            vec![
                done(1, "2026-11-30"),
                with(done(2, "2026-12-02"), |e| {
                    e.status = Status::Skipped;
                    e.note = Some("travel".into());
                }),
                done(3, "2026-12-04"),
            ],
            "2026-12-05",
            "2026-12-02",
            "3×10 90° 7.5 cm bodyweight",
            "logged: skipped · “travel”",
        ),
        (
            "a whole week missed: the last completed week again",
            vec![
                done(1, "2026-11-30"),
                done(2, "2026-12-02"),
                done(3, "2026-12-04"),
            ],
            "2026-12-14",
            "2026-12-14",
            "3×9 90° 7.5 cm bodyweight",
            "back after 10 days without a session: 3×9 (about 94 % of the last week done",
        ),
        (
            "a week all done and settled progresses as the template says",
            vec![
                done(1, "2026-11-30"),
                done(2, "2026-12-02"),
                done(3, "2026-12-04"),
            ],
            "2026-12-05",
            "2026-12-07",
            "3×11 90° 7.5 cm bodyweight",
            "+1 rep (10 → 11)",
        ),
    ];
    let mut failed = Vec::new();
    for (what, log, today, date, want, note) in &cases {
        let p = plan(log, today);
        let s = at(&p, date);
        if shape(s) != *want || !has_note(s, note) {
            failed.push(format!(
                "{what}: {date} is {} with notes {:?}; want {want} with {note:?}",
                shape(s),
                s.notes
            ));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn progression_resumes_after_two_settled_sessions() {
    let log = [
        with(done(1, "2026-11-30"), |e| e.pain_during = Some(6.0)),
        with(done(2, "2026-12-02"), |e| e.pain_during = Some(1.0)),
        with(done(3, "2026-12-04"), |e| e.pain_during = Some(2.0)),
        with(done(4, "2026-12-07"), |e| e.pain_during = Some(1.0)),
    ];
    let p = plan(&log, "2026-12-08");
    assert_eq!(shape(at(&p, "2026-12-07")), "3×10 75° 7.5 cm bodyweight");
    let next = at(&p, "2026-12-14");
    assert_ne!(
        shape(next),
        "3×10 75° 7.5 cm bodyweight",
        "{:?}",
        next.notes
    );
}

#[test]
fn step_backs_that_pile_up_bring_an_early_deload() {
    let log = [
        with(done(1, "2026-11-30"), |e| e.pain_during = Some(6.0)),
        done(2, "2026-12-02"),
        done(3, "2026-12-04"),
        with(done(4, "2026-12-07"), |e| e.pain_during = Some(7.0)),
    ];
    let p = plan(&log, "2026-12-08");
    let w3 = &p.weeks[2];
    assert!(w3.deload, "{:?}", w3.sessions[0].notes);
    assert!(has_note(
        &w3.sessions[0],
        "early deload: a second step back"
    ));
}

/// athlete (Mon/Thu; loaded barbell phases) for an 80 kg lifter with a 100 kg 1RM.
fn athlete(entries: &[Entry], today: &str) -> Plan {
    let b = builtin("athlete").unwrap();
    let t = parse(b.name, b.source).unwrap();
    let req = Request {
        weeks: 12,
        athlete: Athlete {
            bodyweight_kg: Some(80.0),
            one_rep_max_kg: Some(100.0),
            ..Athlete::default()
        },
        ..request()
    };
    let log = Log {
        entries,
        events: &[],
        today: d(today),
        from: None,
    };
    generate_with_log(&t, &req, Some(log)).unwrap()
}

#[test]
fn a_red_flag_pain_8_or_swelling_turns_the_training_days_into_rest_days_that_say_why() {
    for (what, entry) in [
        (
            "knee pain 8/10 on Mon 30 Nov 2026",
            with(done(1, "2026-11-30"), |e| e.pain_during = Some(8.0)),
        ),
        (
            "swelling logged on Mon 30 Nov 2026",
            with(done(1, "2026-11-30"), |e| {
                e.pain_during = Some(1.0);
                e.symptoms.swelling = true;
            }),
        ),
    ] {
        let p = plan(&[entry], "2026-12-01");
        let wed = p
            .weeks
            .iter()
            .flat_map(|w| &w.recovery_days)
            .find(|r| r.date == d("2026-12-02"))
            .unwrap_or_else(|| panic!("{what}: Wednesday is not a rest day"));
        assert!(
            wed.guidance
                .starts_with("Red flag since 2026-11-30: rest the knee from squats"),
            "{what}: {}",
            wed.guidance
        );
        assert!(wed.alerts[0].message.contains(what), "{:?}", wed.alerts);
    }
}

#[test]
fn after_a_red_flag_the_way_back_climbs_from_the_technique_sessions() {
    let log = [
        with(done(1, "2026-11-30"), |e| e.pain_during = Some(8.0)),
        with(done(2, "2026-12-02"), |e| e.pain_during = Some(1.0)),
        with(done(3, "2026-12-04"), |e| e.pain_during = Some(0.0)),
    ];
    // Without a clearance no squats are planned, whatever the pain; the sessions logged
    // anyway are shown as technique sessions.
    let waiting = plan(&log, "2026-12-05");
    assert_eq!(
        shape(at(&waiting, "2026-12-02")),
        "2×8 60° 7.5 cm bodyweight"
    );
    for date in ["2026-12-07", "2026-12-28"] {
        assert!(
            !waiting
                .weeks
                .iter()
                .flat_map(|w| &w.sessions)
                .any(|s| s.date == d(date)),
            "{date}"
        );
    }
    let p = plan_with(&log, &[cleared("2026-12-04")], "2026-12-05");
    assert_eq!(shape(at(&p, "2026-12-02")), "2×8 60° 7.5 cm bodyweight");
    assert_eq!(shape(at(&p, "2026-12-04")), "2×8 60° 7.5 cm bodyweight");
    let back = at(&p, "2026-12-07");
    assert!(has_note(back, "building up again"), "{:?}", back.notes);
    // Two steps below where the flag found them, not straight back to 3×10 at 90°...
    assert_eq!(shape(back), "3×10 60° 7.5 cm bodyweight");
    // ...and not stuck there: the weeks after build on within the guards.
    let last = &p.weeks.last().unwrap().sessions[0].prescription;
    assert!(
        last.sets * last.reps > 30 || last.depth_deg > 60.0,
        "{:?}",
        p.weeks
            .iter()
            .map(|w| shape(&w.sessions[0]))
            .collect::<Vec<_>>()
    );
    let g = crate::plan::audit::guard_findings(&p);
    assert!(g.is_empty(), "{g:?}");
}

#[test]
fn two_weeks_of_amber_pain_step_back() {
    let log = [
        with(done(1, "2026-11-30"), |e| e.pain_during = Some(4.0)),
        with(done(2, "2026-12-07"), |e| e.pain_during = Some(4.0)),
    ];
    let p = plan(&log, "2026-12-08");
    let s = at(&p, "2026-12-14");
    assert!(has_note(s, "for 2 weeks running"), "{:?}", s.notes);
    assert_eq!(s.prescription.depth_deg, 75.0, "{}", shape(s));
}

#[test]
fn missed_targets_without_pain_take_load_off_first() {
    // athlete week 2 (Strength, 4×6 from 2026-12-07): two sessions short of 4×6.
    let log = [
        with(done(1, "2026-12-07"), |e| e.reps = vec![6, 6, 5, 4]),
        with(done(2, "2026-12-10"), |e| e.reps = vec![6, 5, 4, 4]),
    ];
    let p = athlete(&log, "2026-12-11");
    let before = &at(&p, "2026-12-10").prescription;
    let after = at(&p, "2026-12-14");
    assert!(
        has_note(after, "not reached in 2 sessions in a row"),
        "{:?}",
        after.notes
    );
    assert_eq!(after.prescription.depth_deg, before.depth_deg);
    assert!(
        after.prescription.load.kg < before.load.kg,
        "{:?}",
        after.prescription.load
    );
}

#[test]
fn two_sessions_beaten_by_two_reps_earn_an_extra_load_step() {
    let log = [
        with(done(1, "2026-12-07"), |e| e.reps = vec![8, 8, 8, 8]),
        with(done(2, "2026-12-10"), |e| e.reps = vec![9, 8, 8, 8]),
    ];
    let adapted = athlete(&log, "2026-12-11");
    let template = athlete(&[], "2026-12-11");
    let s = at(&adapted, "2026-12-14");
    assert!(has_note(s, "extra load step"), "{:?}", s.notes);
    assert!(
        s.prescription.load.kg > at(&template, "2026-12-14").prescription.load.kg,
        "{:?}",
        s.prescription.load
    );
}

#[test]
fn a_flare_in_a_deload_week_holds_the_deload_one_step_back() {
    // foundation deloads in week 6 (2027-01-04); pain 6/10 on its Monday.
    let log = [with(done(1, "2027-01-04"), |e| e.pain_during = Some(6.0))];
    let b = builtin("foundation").unwrap();
    let t = parse(b.name, b.source).unwrap();
    let req = Request {
        weeks: 10,
        ..request()
    };
    let entries = Log {
        entries: &log,
        events: &[],
        today: d("2027-01-05"),
        from: None,
    };
    let p = generate_with_log(&t, &req, Some(entries)).unwrap();
    assert!(p.weeks[5].deload);
    // Not back to the build week before the deload (it would nearly double the load
    // that hurt): the deload's sets, one step back, until the knee has settled.
    let hurt = &p.weeks[5].sessions[0];
    let after = &p.weeks[6].sessions[0];
    assert_eq!(after.prescription.sets, hurt.prescription.sets);
    assert!(
        after.prescription.depth_deg < hurt.prescription.depth_deg,
        "{after:?}"
    );
    assert!(after.knee_load < hurt.knee_load);
}

#[test]
fn a_window_leaves_earlier_weeks_out_and_changes_nothing_else() {
    let log = [
        with(done(1, "2026-11-30"), |e| e.pain_during = Some(6.0)),
        with(done(2, "2026-12-09"), |e| e.pain_during = Some(8.0)),
        with(done(3, "2026-12-16"), |e| e.reps = vec![9, 9, 9]),
    ];
    let b = builtin("foundation").unwrap();
    let t = parse(b.name, b.source).unwrap();
    let full = plan(&log, "2026-12-18");
    let from = d("2026-12-10");
    let windowed = generate_with_log(
        &t,
        &request(),
        Some(Log {
            entries: &log,
            events: &[],
            today: d("2026-12-18"),
            from: Some(from),
        }),
    )
    .unwrap();
    let kept: Vec<_> = full
        .weeks
        .iter()
        .filter(|w| w.end >= from)
        .cloned()
        .collect();
    assert_eq!(windowed.weeks, kept);
    assert_eq!(windowed.notices, full.notices);
}

#[test]
fn pain_that_keeps_coming_back_says_to_see_a_clinician() {
    let log = [
        with(done(1, "2026-11-30"), |e| e.pain_during = Some(6.0)),
        with(done(2, "2026-12-07"), |e| e.pain_during = Some(6.0)),
        with(done(3, "2026-12-14"), |e| e.pain_during = Some(6.0)),
    ];
    let p = plan(&log, "2026-12-15");
    let notes: Vec<&String> = p
        .weeks
        .iter()
        .flat_map(|w| &w.sessions)
        .flat_map(|s| &s.notes)
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("recurring knee pain since 2026-12-14: see your clinician")),
        "{notes:#?}"
    );
    assert!(
        p.notices
            .iter()
            .any(|n| n.contains("stepped the plan back 3 times in 6 weeks: see your clinician")),
        "{:?}",
        p.notices
    );
}
