use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn knee() -> KneeState {
    KneeState::new(Pain::default(), Adapt::default())
}

fn done(date: &str, load: f64, pain: f64) -> SessionFacts {
    SessionFacts {
        date: d(date),
        knee_load: load,
        pain_during: Some(pain),
        pain_morning: None,
        symptoms: Symptoms::default(),
        hard: true,
        levers: LeverCaps {
            sets: 3,
            reps: 10,
            depth_deg: 90.0,
            heel_cm: 7.5,
            load_kg: None,
        },
        strength_set: None,
        planned_effort: None,
        extra: false,
        missed_target: false,
    }
}

fn why(_: &Verdict) -> String {
    "test".into()
}

#[test]
fn every_symptom_is_a_red_flag_whatever_the_pain() {
    let k = knee();
    for s in [
        Symptoms {
            swelling: true,
            ..Default::default()
        },
        Symptoms {
            locking: true,
            ..Default::default()
        },
        Symptoms {
            giving_way: true,
            ..Default::default()
        },
        Symptoms {
            night_pain: true,
            ..Default::default()
        },
    ] {
        assert!(matches!(
            k.judge(Some(0.0), None, s),
            Verdict::RedFlag(Pain0::Symptoms(_))
        ));
    }
    assert!(matches!(
        k.judge(Some(8.0), None, Symptoms::default()),
        Verdict::RedFlag(_)
    ));
    assert!(matches!(
        k.judge(Some(6.0), None, Symptoms::default()),
        Verdict::Flare(_)
    ));
    assert!(matches!(
        k.judge(Some(3.0), None, Symptoms::default()),
        Verdict::Amber(_)
    ));
}

#[test]
fn a_red_flag_waits_for_a_clearance_dated_on_or_after_it() {
    let mut k = knee();
    let mut f = done("2026-12-02", 100.0, 1.0);
    f.symptoms.swelling = true;
    k.session(&f, why);
    assert!(k.awaiting_clearance());
    // Settled technique sessions do not lift it; a clearance before the flag does not.
    k.session(&done("2026-12-04", 50.0, 0.0), why);
    k.session(&done("2026-12-07", 50.0, 0.0), why);
    assert!(k.awaiting_clearance());
    assert_eq!(
        k.summary(d("2026-12-08")).state,
        Irritability::AwaitingClearance
    );
    let cleared = |date: &str| KneeEvent {
        id: 1,
        date: d(date),
        kind: KneeEventKind::Cleared,
        note: None,
    };
    k.event(&cleared("2026-12-01"));
    assert!(k.awaiting_clearance());
    k.event(&cleared("2026-12-08"));
    assert!(!k.awaiting_clearance());
    assert_eq!(k.summary(d("2026-12-08")).state, Irritability::Returning);
    assert!(k.alerts().is_empty());
}

#[test]
fn tolerated_load_is_the_best_settled_session_of_28_days_with_a_pain_score() {
    let mut k = knee();
    k.session(&done("2026-11-01", 300.0, 1.0), why);
    k.session(&done("2026-11-20", 200.0, 1.0), why);
    k.session(&done("2026-11-22", 500.0, 4.0), why); // amber: not tolerated
    let mut unscored = done("2026-11-23", 900.0, 0.0);
    unscored.pain_during = None;
    k.session(&unscored, why);
    assert_eq!(k.tolerated(d("2026-11-25")), Some(300.0));
    assert_eq!(k.tolerated(d("2026-11-29")), Some(200.0));
    assert_eq!(k.tolerated(d("2026-12-20")), None);
}

#[test]
fn one_big_extra_session_counts_only_a_fifth_over_the_planned_ones() {
    // Physio review 6: one extra session of 54 reps set the way back's target at 2.25
    // times any week the plan had prescribed.
    let mut k = knee();
    k.session(&done("2026-11-02", 200.0, 1.0), why);
    let mut extra = done("2026-11-04", 900.0, 1.0);
    extra.extra = true;
    k.session(&extra, why);
    assert_eq!(k.tolerated(d("2026-11-05")), Some(240.0));
    // Alone in the window, it counts as done.
    assert_eq!(k.tolerated(d("2026-12-01")), Some(900.0));
}

#[test]
fn one_sore_week_is_one_episode_not_recurring_pain() {
    // Physio review 5: three sessions of one amber week raised "knee pain has stepped the
    // plan back 3 times in 6 weeks".
    let mut k = knee();
    for day in ["2026-11-02", "2026-11-04", "2026-11-06"] {
        k.session(&done(day, 100.0, 6.0), why);
    }
    assert!(k.alerts().is_empty(), "{:?}", k.alerts());
    // The same pain in two more weeks is recurring.
    for day in ["2026-11-09", "2026-11-16"] {
        k.session(&done(day, 100.0, 6.0), why);
    }
    assert_eq!(k.alerts().len(), 1);
}

#[test]
fn recurring_flares_alert_until_acknowledged() {
    let mut k = knee();
    for day in ["2026-11-02", "2026-11-16", "2026-11-30"] {
        k.session(&done(day, 100.0, 6.0), why);
    }
    let alerts = k.alerts();
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].kind, AlertKind::RecurringPain);
    assert!(k.limits(d("2026-12-01")).hold.is_some());
    for day in ["2026-12-02", "2026-12-04"] {
        k.session(&done(day, 80.0, 0.0), why);
    }
    assert!(
        !k.alerts().is_empty(),
        "settling does not answer the advice"
    );
    k.event(&KneeEvent {
        id: 2,
        date: d("2026-12-05"),
        kind: KneeEventKind::Acknowledged,
        note: None,
    });
    assert!(k.alerts().is_empty());
    assert!(k.limits(d("2026-12-05")).hold.is_none());
}

#[test]
fn after_a_flare_the_ceiling_is_the_flared_session_until_two_settled() {
    let mut k = knee();
    k.session(&done("2026-11-02", 100.0, 6.0), why);
    assert_eq!(k.limits(d("2026-11-03")).ceiling, Some(100.0));
    k.session(&done("2026-11-04", 90.0, 1.0), why);
    assert_eq!(k.limits(d("2026-11-05")).ceiling, Some(100.0));
    k.session(&done("2026-11-06", 90.0, 1.0), why);
    assert_eq!(k.limits(d("2026-11-07")).ceiling, None);
}
