//! Scenarios for the knee on a timeline (issue 17): patients simulated day by day — each
//! day the plan is made from the log so far, the day's session is logged as the patient
//! did it — and what a physiotherapist would check read off the adapted plans.

use chrono::{Days, NaiveDate};

use super::adapt::{Entry, Log, Status, Symptoms};
use super::knee_state::{KneeEvent, KneeEventKind};
use super::{Athlete, Plan, Request, Session, SessionKind, Week, generate_with_log};
use crate::template::{Template, builtin, parse};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn template(name: &str) -> Template {
    let b = builtin(name).unwrap();
    parse(b.name, b.source).unwrap()
}

fn request(weeks: u32) -> Request {
    Request {
        weeks,
        start: d("2026-11-02"),
        days: None,
        athlete: Athlete::default(),
        unit: crate::units::Unit::Kg,
        changes: Vec::new(),
        rides: Default::default(),
    }
}

/// What a patient does on a day: nothing, or a log entry (the session as prescribed
/// unless the closure changes it).
type Day<'a> = &'a dyn Fn(NaiveDate, Option<&Session>, &mut Entry) -> bool;

struct Patient {
    template: Template,
    request: Request,
    entries: Vec<Entry>,
    events: Vec<KneeEvent>,
}

impl Patient {
    fn new(name: &str, weeks: u32) -> Patient {
        Patient {
            template: template(name),
            request: request(weeks),
            entries: Vec::new(),
            events: Vec::new(),
        }
    }

    fn plan(&self, today: NaiveDate) -> Plan {
        let log = Log {
            entries: &self.entries,
            events: &self.events,
            today,
            from: None,
        };
        generate_with_log(&self.template, &self.request, Some(log)).unwrap()
    }

    /// Lives `days` days from `from`: each day the plan of that day, the patient's choice.
    fn live(&mut self, from: NaiveDate, days: u64, act: Day<'_>) {
        for i in 0..days {
            let today = from + Days::new(i);
            let plan = self.plan(today);
            let session = sessions(&plan).find(|s| s.date == today).cloned();
            let mut e = Entry {
                id: self.entries.len() as i64 + 1,
                date: today,
                status: Status::Done,
                reps: session
                    .as_ref()
                    .map(|s| vec![s.prescription.reps; s.prescription.sets as usize])
                    .unwrap_or_default(),
                load_kg: session.as_ref().and_then(|s| s.prescription.load.kg),
                rpe: None,
                pain_during: Some(1.0),
                pain_morning: Some(1.0),
                symptoms: Symptoms::default(),
                note: None,
                extra: session.is_none(),
            };
            if act(today, session.as_ref(), &mut e) {
                self.entries.push(e);
            }
        }
    }

    /// Settled from the plan's start to `flag`, a red flag there (`why` on that day's
    /// entry), settled technique days, a clearance `after` days later, then `weeks` settled
    /// weeks from it: the plan at their end.
    fn flag_then_clear(
        &mut self,
        flag: NaiveDate,
        why: &dyn Fn(&mut Entry),
        after: u64,
        weeks: u64,
    ) -> Plan {
        let start = self.request.start;
        self.live(start, (flag - start).num_days() as u64, &settled);
        self.live(flag, 1, &|_, s, e| {
            why(e);
            s.is_some()
        });
        self.live(flag + Days::new(1), after - 1, &settled);
        let cleared = flag + Days::new(after);
        self.clear(&cleared.to_string());
        self.live(cleared, 7 * weeks, &settled);
        self.plan(cleared + Days::new(7 * weeks))
    }

    fn clear(&mut self, date: &str) {
        self.events.push(KneeEvent {
            id: self.events.len() as i64 + 1,
            date: d(date),
            kind: KneeEventKind::Cleared,
            note: None,
        });
    }
}

/// A planned session done on `date` with `reps`, nothing else logged.
fn done(id: i64, date: &str, reps: Vec<u32>) -> Entry {
    Entry {
        id,
        date: d(date),
        status: Status::Done,
        reps,
        load_kg: None,
        rpe: None,
        pain_during: None,
        pain_morning: None,
        symptoms: Symptoms::default(),
        note: None,
        extra: false,
    }
}

fn sessions(p: &Plan) -> impl Iterator<Item = &Session> {
    p.weeks.iter().flat_map(|w| &w.sessions)
}

/// Every planned session done as prescribed at pain 1/10.
fn settled(_: NaiveDate, s: Option<&Session>, _: &mut Entry) -> bool {
    s.is_some()
}

/// Week knee loads of the plan, by week.
fn week_loads(p: &Plan) -> Vec<f64> {
    p.weeks
        .iter()
        .map(|w| w.sessions.iter().map(|s| s.knee_load).sum())
        .collect()
}

#[test]
fn after_a_red_flag_no_squats_are_planned_until_a_clinician_has_seen_the_knee() {
    let mut p = Patient::new("foundation", 8);
    p.live(d("2026-11-02"), 10, &settled);
    // Thursday 12 Nov, a rest day: an extra session, 9/10 and swelling.
    p.live(d("2026-11-12"), 1, &|_, _, e| {
        e.pain_during = Some(9.0);
        e.symptoms.swelling = true;
        true
    });
    let plan = p.plan(d("2026-11-12"));
    // Not 48 h later, not ever until the clearance: the training days are rest days that
    // say why, in the same words as every other rest day after the flag.
    assert!(
        sessions(&plan).all(|s| s.date < d("2026-11-12")),
        "{:?}",
        sessions(&plan)
            .filter(|s| s.date >= d("2026-11-12"))
            .map(|s| (s.date, s.prescription.sets, s.prescription.reps))
            .collect::<Vec<_>>()
    );
    let friday = plan
        .weeks
        .iter()
        .flat_map(|w| &w.recovery_days)
        .find(|r| r.date == d("2026-11-13"))
        .unwrap();
    assert!(
        friday.guidance.contains("rest the knee from squats"),
        "{}",
        friday.guidance
    );
    assert!(!friday.alerts.is_empty());

    // Cleared on Monday 16 Nov: that day's session is planned again, technique only, and
    // carries no red-flag alert (the clearance counts from its own day).
    p.clear("2026-11-16");
    let plan = p.plan(d("2026-11-16"));
    let monday = sessions(&plan).find(|s| s.date == d("2026-11-16")).unwrap();
    assert!(monday.alerts.is_empty(), "{:?}", monday.alerts);
    assert_eq!(
        monday.prescription.variant,
        crate::template::Variant::Bodyweight
    );
    assert!(monday.prescription.rpe <= 5.0);
    assert!(
        !monday.notes.iter().any(|n| n.contains("until you record")),
        "{:?}",
        monday.notes
    );
}

#[test]
fn after_a_red_flag_and_a_clearance_the_plan_never_stalls_and_regains_its_load() {
    // knee-friendly, 30 weeks: settled for 4 weeks, a red flag, technique sessions, a
    // clearance a week later, then every session logged settled.
    let mut p = Patient::new("knee-friendly", 30);
    p.live(d("2026-11-02"), 28, &settled);
    let before = p.plan(d("2026-11-29"));
    let pre_flare = week_loads(&before)[3];
    p.live(d("2026-11-30"), 1, &|_, s, e| {
        e.pain_during = Some(8.0);
        s.is_some()
    });
    p.live(d("2026-12-01"), 7, &settled);
    p.clear("2026-12-07");
    p.live(d("2026-12-08"), 7 * 25, &settled);
    let plan = p.plan(d("2027-06-01"));
    let loads = week_loads(&plan);
    // Regained within 8 weeks of the clearance (week 6 holds 7 Dec).
    let back = loads[6..(6 + 8).min(loads.len())]
        .iter()
        .any(|l| *l + 1e-9 >= pre_flare);
    assert!(
        back,
        "pre-flare {pre_flare}, after clearance {:?}",
        &loads[5..]
    );
    // No hold longer than 4 weeks (deloads aside) with every session settled.
    let mut same = 0;
    let mut worst = 0;
    for w in plan.weeks.windows(2) {
        let (a, b) = (
            &w[0].sessions[0].prescription,
            &w[1].sessions[0].prescription,
        );
        if w[1].deload || w[0].deload {
            continue;
        }
        if a == b {
            same += 1;
            worst = worst.max(same);
        } else {
            same = 0;
        }
    }
    assert!(worst < 4, "held {worst} weeks in a row: {loads:?}");
}

#[test]
fn after_a_flare_nothing_is_above_the_session_that_flared_until_two_settled() {
    let mut p = Patient::new("foundation", 10);
    p.live(d("2026-11-02"), 14, &settled);
    // Mon 16 Nov: pain 6/10 (above the acceptable range).
    p.live(d("2026-11-16"), 1, &|_, s, e| {
        e.pain_during = Some(6.0);
        s.is_some()
    });
    let plan = p.plan(d("2026-11-16"));
    let flared = sessions(&plan).find(|s| s.date == d("2026-11-16")).unwrap();
    let next = sessions(&plan).find(|s| s.date > d("2026-11-16")).unwrap();
    assert!(
        next.knee_load < flared.knee_load,
        "{} ≥ {}",
        next.knee_load,
        flared.knee_load
    );
    let (a, b) = (&flared.prescription, &next.prescription);
    assert!(b.sets <= a.sets && b.reps <= a.reps && b.depth_deg <= a.depth_deg);
    assert!(b.heel_height_cm <= a.heel_height_cm);
    assert!(
        next.notes.iter().any(|n| n.contains("knee pain 6/10")),
        "{:?}",
        next.notes
    );
}

#[test]
fn a_flare_in_a_deload_week_is_followed_by_less_not_more() {
    // foundation deloads in week 6 (7 Dec); pain 6/10 on its Monday.
    let mut p = Patient::new("foundation", 10);
    p.live(d("2026-11-02"), 35, &settled);
    let plan = p.plan(d("2026-12-06"));
    assert!(plan.weeks[5].deload, "week 6 is the deload");
    p.live(d("2026-12-07"), 1, &|_, s, e| {
        e.pain_during = Some(6.0);
        s.is_some()
    });
    p.live(d("2026-12-08"), 7, &settled);
    let plan = p.plan(d("2026-12-15"));
    let flared = sessions(&plan).find(|s| s.date == d("2026-12-07")).unwrap();
    // The sessions after it, until two settled ones are logged, stay at or below it.
    for s in sessions(&plan).filter(|s| s.date > d("2026-12-07")).take(2) {
        assert!(
            s.knee_load <= flared.knee_load + 1e-9,
            "{}: {} > {}",
            s.date,
            s.knee_load,
            flared.knee_load
        );
    }
}

#[test]
fn no_hard_session_within_the_rest_rule_of_one_really_done() {
    let mut p = Patient::new("foundation", 4);
    p.live(d("2026-11-02"), 1, &settled);
    // An extra hard session on Tuesday 3 Nov: Wednesday's is 24 h later.
    p.entries.push(Entry {
        id: 99,
        date: d("2026-11-03"),
        status: Status::Done,
        reps: vec![10, 10, 10],
        load_kg: None,
        rpe: None,
        pain_during: Some(1.0),
        pain_morning: None,
        symptoms: Symptoms::default(),
        note: None,
        extra: true,
    });
    let plan = p.plan(d("2026-11-03"));
    let wed = sessions(&plan).find(|s| s.date == d("2026-11-04")).unwrap();
    assert_eq!(wed.kind, SessionKind::Light);
    assert!(
        wed.notes
            .iter()
            .any(|n| n.contains("only 24 h after the session done on 2026-11-03")),
        "{:?}",
        wed.notes
    );
    let fri = sessions(&plan).find(|s| s.date == d("2026-11-06")).unwrap();
    assert_eq!(fri.kind, SessionKind::Hard);
}

#[test]
fn a_changed_training_day_cannot_put_a_hard_session_24_h_after_a_logged_one() {
    let mut p = Patient::new("foundation", 4);
    p.live(d("2026-11-02"), 1, &settled); // Mon 2 Nov done
    // From Tuesday on the person trains Tue/Thu/Sat.
    p.request.days = Some(vec![
        crate::day::Day::Tue,
        crate::day::Day::Thu,
        crate::day::Day::Sat,
    ]);
    let plan = p.plan(d("2026-11-03"));
    let tue = sessions(&plan).find(|s| s.date == d("2026-11-03")).unwrap();
    assert_eq!(
        tue.kind,
        SessionKind::Light,
        "24 h after Monday's: {:?}",
        tue.prescription
    );
    assert!(
        tue.notes.iter().any(|n| n.contains("only 24 h after")),
        "{:?}",
        tue.notes
    );
}

#[test]
fn after_three_weeks_off_the_first_week_back_is_about_70_percent_and_rebuilds() {
    let mut p = Patient::new("foundation", 12);
    p.live(d("2026-11-02"), 21, &settled); // weeks 1–3 done
    // Three weeks off (a holiday), then back on Mon 14 Dec.
    let plan = p.plan(d("2026-12-14"));
    let loads: Vec<f64> = plan
        .weeks
        .iter()
        .map(|w| w.sessions.iter().map(|s| s.knee_load).sum())
        .collect();
    let last_done = loads[2];
    let first_back = plan.weeks[6].sessions[0].clone();
    assert!(
        first_back.notes.iter().any(|n| n.contains("back after")),
        "{:?}",
        first_back.notes
    );
    // The first week back: at most ~70 % of the last week done.
    assert!(
        loads[6] <= 0.7 * last_done + 1e-6,
        "{} vs {last_done}",
        loads[6]
    );
    assert!(
        loads[6] >= 0.5 * last_done,
        "not a restart from nothing: {}",
        loads[6]
    );
    // And back at the pre-gap load within 4 more weeks: at most a fifth a week (physio
    // review 5 found +40 % and +29 % after a holiday), one rep a set at a time.
    assert!(
        loads[7..11].iter().any(|l| *l + 1e-6 >= last_done),
        "{loads:?}"
    );
}

#[test]
fn a_week_with_nothing_done_does_not_count_in_the_guards() {
    // Weeks 1–2 done, week 3 all missed, week 4 done: week 4's guards measure against
    // week 2, not a week that never happened.
    let mut p = Patient::new("foundation", 6);
    p.live(d("2026-11-02"), 14, &settled);
    p.live(d("2026-11-16"), 7, &|_, _, _| false);
    let plan = p.plan(d("2026-11-23"));
    let w4 = &plan.weeks[3];
    assert_eq!(w4.summary.change_from_week, Some(2), "{:?}", w4.summary);
}

fn athlete_patient(weeks: u32) -> Patient {
    let mut p = Patient::new("athlete", weeks);
    p.request.athlete = Athlete {
        bodyweight_kg: Some(80.0),
        one_rep_max_kg: Some(100.0),
        ..Athlete::default()
    };
    p
}

#[test]
fn percent_1rm_loads_learn_from_logged_sets_at_a_capped_rate() {
    let mut p = athlete_patient(10);
    // Every set as prescribed but easier than asked: RPE 6 where 6.5–7.5 was asked.
    p.live(d("2026-11-02"), 28, &|_, s, e| {
        e.rpe = Some(6.0);
        s.is_some()
    });
    let plan = p.plan(d("2026-11-30"));
    let knee = plan.knee.as_ref().unwrap();
    let e1rm = knee.one_rep_max_kg.unwrap();
    // Up, but by at most 2.5 % a week over four weeks.
    assert!(e1rm > 100.0, "{e1rm}");
    assert!(e1rm <= 100.0 * (1.0 + 0.025 * 4.0) + 0.1, "{e1rm}");
    let note = sessions(&plan)
        .flat_map(|s| &s.notes)
        .find(|n| n.starts_with("1RM estimate from your logged sets"));
    assert!(note.is_some());
}

#[test]
fn a_load_missed_twice_is_not_prescribed_again_before_the_estimate_rises() {
    let mut p = athlete_patient(12);
    p.live(d("2026-11-02"), 14, &settled);
    // From Mon 16 Nov the person falls short of the target reps at the load, twice.
    let missed = std::cell::Cell::new(0);
    p.live(d("2026-11-16"), 7, &|_, s, e| {
        let Some(s) = s else { return false };
        if missed.get() < 2 {
            missed.set(missed.get() + 1);
            e.reps =
                vec![s.prescription.reps.saturating_sub(2).max(1); s.prescription.sets as usize];
            e.load_kg = s.prescription.load.kg;
        }
        true
    });
    let plan = p.plan(d("2026-11-23"));
    let failed = sessions(&plan)
        .find(|s| s.date == d("2026-11-16"))
        .and_then(|s| s.prescription.load.kg)
        .unwrap();
    for s in sessions(&plan).filter(|s| s.date > d("2026-11-23")) {
        if let Some(kg) = s.prescription.load.kg {
            assert!(
                kg < failed,
                "{}: {kg} kg again after missing {failed} kg twice",
                s.date
            );
        }
    }
}

#[test]
fn after_a_gap_the_return_holds_once_the_first_session_back_is_logged() {
    // The physiotherapist's review: the cap vanished once the first session was logged.
    let mut p = Patient::new("foundation", 12);
    p.live(d("2026-11-02"), 21, &settled);
    p.live(d("2026-12-14"), 1, &settled); // back on Mon 14 Dec, logged
    let plan = p.plan(d("2026-12-14"));
    let week: Vec<&Session> = plan.weeks[6].sessions.iter().collect();
    let before: f64 = plan.weeks[2].sessions.iter().map(|s| s.knee_load).sum();
    let back: f64 = week.iter().map(|s| s.knee_load).sum();
    assert!(back <= 0.7 * before + 1e-6, "{back} vs {before}");
    // The logged session keeps the prescription it was done against.
    assert_eq!(week[0].prescription.sets, week[1].prescription.sets);
    assert_eq!(week[0].prescription.reps, week[1].prescription.reps);
}

#[test]
fn after_recurring_pain_is_acknowledged_the_plan_climbs_back_within_8_weeks() {
    let mut p = Patient::new("knee-friendly", 30);
    let flares = [d("2026-11-16"), d("2026-11-30"), d("2026-12-14")];
    p.live(d("2026-11-02"), 49, &|date, s, e| {
        if flares.contains(&date) {
            e.pain_during = Some(6.0);
        }
        s.is_some()
    });
    let before = p.plan(d("2026-11-15"));
    let pre = week_loads(&before)[1];
    p.events.push(KneeEvent {
        id: 1,
        date: d("2026-12-21"),
        kind: KneeEventKind::Acknowledged,
        note: None,
    });
    p.live(d("2026-12-21"), 7 * 10, &settled);
    let plan = p.plan(d("2027-03-01"));
    let loads = week_loads(&plan);
    // From the day it is recorded, no note asks for it (physio review 7).
    for s in sessions(&plan).filter(|s| s.date >= d("2026-12-21")) {
        assert!(
            !s.notes.iter().any(|n| n.contains("`vmo acknowledge`")),
            "{}: {:?}",
            s.date,
            s.notes
        );
    }
    // The first session that flared, as a week's load on these days.
    let flared = sessions(&plan)
        .find(|s| s.date == flares[0])
        .map(|s| s.knee_load * 3.0)
        .unwrap();
    let target = pre.min(flared * super::knee_state::RECURRING_RETURN_SHARE);
    // Acknowledged in week 8: back near where the knee was within 8 weeks (weeks 8–16),
    // though not by the way-back rule to the load that flared...
    assert!(
        loads[7..16].iter().any(|l| *l + 1e-6 >= target * 0.95),
        "target {target}: {:?}",
        &loads[6..]
    );
    // ...past which the weekly cap applies (deloads aside).
    for (i, w) in loads.windows(2).enumerate().skip(8) {
        if plan.weeks[i].deload || plan.weeks[i + 1].deload || w[0] < target {
            continue;
        }
        assert!(
            w[1] <= w[0] * 1.10 + 1e-6,
            "week {}: {} → {} above the 10 % cap in new territory: {loads:?}",
            i + 2,
            w[0],
            w[1]
        );
    }
}

#[test]
fn a_light_session_carries_its_own_knee_load() {
    let mut p = Patient::new("foundation", 4);
    p.live(d("2026-11-02"), 1, &settled);
    p.entries.push(Entry {
        id: 99,
        date: d("2026-11-03"),
        status: Status::Done,
        reps: vec![12, 12, 12],
        load_kg: None,
        rpe: Some(8.0),
        pain_during: Some(1.0),
        pain_morning: None,
        symptoms: Symptoms::default(),
        note: None,
        extra: true,
    });
    let plan = p.plan(d("2026-11-03"));
    let mon = sessions(&plan).find(|s| s.date == d("2026-11-02")).unwrap();
    let wed = sessions(&plan).find(|s| s.date == d("2026-11-04")).unwrap();
    assert_eq!(wed.kind, SessionKind::Light);
    assert!(
        wed.knee_load < mon.knee_load,
        "{} vs {}",
        wed.knee_load,
        mon.knee_load
    );
}

#[test]
fn a_session_made_light_by_an_extra_and_done_as_prescribed_is_no_failure() {
    // Ned: the planned sessions as prescribed, and an extra 3×10 on every rest day
    // between them (Tue, Thu): Wed and Fri are light (24 h after an extra).
    let mut p = Patient::new("foundation", 6);
    p.live(d("2026-11-02"), 14, &|date, s, e| {
        if s.is_none() {
            let weekday = chrono::Datelike::weekday(&date);
            if matches!(weekday, chrono::Weekday::Tue | chrono::Weekday::Thu) {
                e.reps = vec![10, 10, 10];
                return true;
            }
            return false;
        }
        true
    });
    let plan = p.plan(d("2026-11-16"));
    // The light sessions stay light once logged, and doing them as prescribed is not
    // "short of the target": nothing steps back for performance.
    let wed = sessions(&plan).find(|s| s.date == d("2026-11-04")).unwrap();
    assert_eq!(wed.kind, SessionKind::Light, "{:?}", wed.notes);
    for s in sessions(&plan) {
        assert!(
            !s.notes.iter().any(|n| n.contains("not reached")),
            "{}: {:?}",
            s.date,
            s.notes
        );
    }
    // And the extras are not silent: the session after one carries a warning.
    assert!(
        wed.notes.iter().any(|n| n.contains("only 24 h after")),
        "{:?}",
        wed.notes
    );
}

#[test]
fn steady_amber_pain_steps_back_at_most_three_times_then_asks_for_a_clinician() {
    // Kai: every session at 3/10, mornings at 2/10, never worse, for 10 weeks.
    let mut p = Patient::new("foundation", 16);
    p.live(d("2026-11-02"), 70, &|_, s, e| {
        e.pain_during = Some(3.0);
        e.pain_morning = Some(2.0);
        s.is_some()
    });
    let plan = p.plan(d("2027-01-11"));
    let steps = sessions(&plan)
        .flat_map(|s| &s.notes)
        .filter(|n| n.contains("weeks running"))
        .count();
    assert!(
        steps <= 3,
        "{steps} step-backs for steady amber pain: {:#?}",
        plan.weeks
            .iter()
            .map(|w| (w.number, w.sessions.first().map(|s| s.notes.clone())))
            .collect::<Vec<_>>()
    );
    let knee = plan.knee.as_ref().unwrap();
    assert!(
        knee.alerts
            .iter()
            .any(|a| a.kind == super::knee_state::AlertKind::RecurringPain),
        "no referral after 10 weeks of pain: {:?}",
        knee.alerts
    );
    // The rule the person reads says what the plan does with 3–5/10 for two weeks.
    let pain = plan.pain.as_ref().unwrap();
    assert!(
        pain.rules.iter().any(|r| r.contains("two weeks")),
        "{:?}",
        pain.rules
    );
}

#[test]
fn the_rest_day_after_a_flare_speaks_of_the_flare() {
    let mut p = Patient::new("foundation", 4);
    p.live(d("2026-11-02"), 7, &settled);
    p.live(d("2026-11-09"), 1, &|_, s, e| {
        e.pain_during = Some(6.0);
        s.is_some()
    });
    let plan = p.plan(d("2026-11-10"));
    let tue = plan
        .weeks
        .iter()
        .flat_map(|w| &w.recovery_days)
        .find(|r| r.date == d("2026-11-10"))
        .unwrap();
    assert!(
        tue.guidance.starts_with("The knee flared"),
        "{}",
        tue.guidance
    );
    // Before it, the template's own advice.
    let before = p.plan(d("2026-11-03"));
    let r = before
        .weeks
        .iter()
        .flat_map(|w| &w.recovery_days)
        .find(|r| r.date == d("2026-11-03"))
        .unwrap();
    assert!(!r.guidance.contains("flared"), "{}", r.guidance);
}

#[test]
fn doing_exactly_what_is_prescribed_in_pounds_keeps_the_1rm_estimate() {
    // A 220 lb 1RM in lb: 67.5 % is 148.5 lb, rounded to what the plates make. Logged as
    // prescribed (the rounded load, the reps, the RPE asked), the estimate must not drift
    // down because the plates rounded down.
    let mut p = Patient::new("athlete", 10);
    let one_rm = 220.0 * crate::units::KG_PER_LB;
    p.request.athlete = Athlete {
        bodyweight_kg: Some(170.0 * crate::units::KG_PER_LB),
        one_rep_max_kg: Some(one_rm),
        ..Athlete::default()
    };
    p.request.unit = crate::units::Unit::Lb;
    p.live(d("2026-11-02"), 56, &|_, s, e| {
        if let Some(s) = s {
            e.rpe = Some(s.prescription.rpe);
        }
        s.is_some()
    });
    let plan = p.plan(d("2026-12-28"));
    let e1rm = plan.knee.as_ref().unwrap().one_rep_max_kg.unwrap();
    assert!(e1rm >= one_rm * 0.995, "{e1rm} kg vs {one_rm} kg");
}

#[test]
fn a_flare_in_a_bodyweight_light_session_keeps_the_next_ones_bodyweight() {
    // Found by tests/adapt_properties.rs: the athlete's Thursday made light (bodyweight)
    // by the rest rule flared at 5.5/10; the next hard session brought the barbell back
    // (67.5 % 1RM), heavier than the session that hurt.
    let mut p = athlete_patient(3);
    p.request.athlete.bodyweight_kg = Some(45.0);
    p.request.athlete.one_rep_max_kg = Some(54.0);
    p.entries = vec![
        Entry {
            pain_during: Some(5.5),
            ..done(1, "2026-11-04", vec![5, 16])
        },
        done(2, "2026-11-03", vec![]),
    ];
    let plan = p.plan(d("2026-11-05"));
    let flared = sessions(&plan).find(|s| s.date == d("2026-11-05")).unwrap();
    assert_eq!(flared.kind, SessionKind::Light);
    let next = sessions(&plan).find(|s| s.date == d("2026-11-09")).unwrap();
    assert!(next.knee_load <= flared.knee_load + 1e-6, "{next:?}");
    assert_eq!(next.prescription.load.kg.unwrap_or(0.0), 0.0, "{next:?}");
}

#[test]
fn after_a_clearance_the_first_weeks_are_bodyweight_and_about_half_the_load_before() {
    // Physio review 3, finding 2: two technique sessions after pain 8/10, then 4×5 at
    // 87.5 kg (+578 % within a week of the clearance).
    let mut p = athlete_patient(16);
    p.live(d("2026-11-02"), 28, &settled);
    let flag = d("2026-11-30");
    p.live(flag, 1, &|_, s, e| {
        e.pain_during = Some(8.0);
        s.is_some()
    });
    p.live(d("2026-12-01"), 7, &settled);
    p.clear("2026-12-07");
    p.live(d("2026-12-08"), 7 * 8, &settled);
    let plan = p.plan(d("2027-02-01"));
    let before = sessions(&plan)
        .filter(|s| s.date < flag)
        .map(|s| s.knee_load)
        .fold(0.0, f64::max);
    let first = sessions(&plan)
        .find(|s| {
            s.notes
                .iter()
                .any(|n| n.starts_with("way back after the red flag"))
        })
        .expect("a way back after the clearance");
    // Bodyweight for two weeks, the first at about half the load before the flag.
    for s in
        sessions(&plan).filter(|s| s.date >= first.date && (s.date - first.date).num_days() < 14)
    {
        assert_eq!(s.prescription.load.kg.unwrap_or(0.0), 0.0, "{s:?}");
    }
    assert!(
        first.knee_load <= before * 0.55 + 1e-6,
        "{} vs {before}",
        first.knee_load
    );
    // Then no jump when the load returns: each build week at most a fifth, or one rep a
    // set, over the last build week.
    let mut last: Option<(f64, u32)> = None;
    for w in plan
        .weeks
        .iter()
        .filter(|w| w.start >= first.date && !w.deload)
    {
        let Some(s) = w
            .sessions
            .iter()
            .max_by(|a, b| a.knee_load.total_cmp(&b.knee_load))
        else {
            continue;
        };
        if let Some((l, reps)) = last {
            let step = 1.2_f64.max(f64::from(reps + 1) / f64::from(reps));
            assert!(
                s.knee_load <= l * step + 1e-6,
                "week {}: {} after {l}",
                w.number,
                s.knee_load
            );
        }
        last = Some((s.knee_load, s.prescription.reps));
    }
    // (How soon the load before the flag is back is the knee-friendly scenario's check:
    // here a phase change and its own ramp slow the climb.)
}

#[test]
fn the_way_back_after_a_flare_climbs_at_most_a_fifth_a_week() {
    // Physio review 3, finding 3: 1×10 → 1×14 (+38 %) "back towards the knee load done
    // settled before", and the next flare came that day.
    let mut p = Patient::new("knee-friendly", 20);
    p.live(d("2026-11-02"), 35, &settled);
    p.live(d("2026-12-07"), 1, &|_, s, e| {
        e.pain_during = Some(7.0);
        s.is_some()
    });
    p.live(d("2026-12-08"), 7 * 10, &settled);
    let plan = p.plan(d("2027-02-20"));
    let mut seen = 0;
    for w in plan.weeks.windows(2) {
        let climbed = w[1].sessions.iter().any(|s| {
            s.notes
                .iter()
                .any(|n| n.contains("back towards the knee load done settled before"))
        });
        if !climbed || w[0].deload {
            continue;
        }
        seen += 1;
        let (a, b) = (&w[0].sessions[0], &w[1].sessions[0]);
        // A fifth more at most, or the one rep a set the way back always takes.
        let one_rep = f64::from(a.prescription.reps + 1) / f64::from(a.prescription.reps);
        assert!(
            b.knee_load <= a.knee_load * 1.2_f64.max(one_rep) + 1e-6,
            "week {}: {} → {} ({:?} → {:?})",
            w[1].number,
            a.knee_load,
            b.knee_load,
            (a.prescription.sets, a.prescription.reps),
            (b.prescription.sets, b.prescription.reps)
        );
    }
    assert!(seen > 0, "no way back in {:?}", week_loads(&plan));
}

#[test]
fn once_recurring_pain_asks_for_a_clinician_further_flares_hold_at_a_floor() {
    // Physio review 3, finding 4: 4/10 during and a morning ache of 3/10 (usually 1)
    // stepped back at every session, from 3×12 at 90° to one quarter-squat rep, and went
    // on stepping back after the alert.
    let mut p = Patient::new("foundation", 10);
    p.live(d("2026-11-02"), 14, &settled);
    p.live(d("2026-11-16"), 7 * 6, &|_, s, e| {
        e.pain_during = Some(4.0);
        e.pain_morning = Some(3.0);
        s.is_some()
    });
    let plan = p.plan(d("2026-12-28"));
    let alerted: Vec<&Session> = sessions(&plan).filter(|s| !s.alerts.is_empty()).collect();
    let first = alerted.first().expect("the recurring-pain alert");
    // Never below the session at the alert, nor below one that flared since (a deload
    // week's session that flared is the ceiling until the knee settles, rule 4).
    let mut floor = first.knee_load;
    for (w, s) in plan
        .weeks
        .iter()
        .flat_map(|w| w.sessions.iter().map(move |s| (w, s)))
        .filter(|(_, s)| s.date > first.date)
    {
        assert!(
            w.deload || s.knee_load + 1e-6 >= floor,
            "{}: {} below the floor {floor} ({:?})",
            s.date,
            s.knee_load,
            s.notes
        );
        if s.log.is_some() {
            floor = floor.min(s.knee_load);
        }
    }
}

#[test]
fn a_deload_after_bodyweight_weeks_brings_no_load_back() {
    // Found by tests/adapt_properties.rs: a flare in a light (bodyweight) session kept the
    // next weeks bodyweight, and the deload after them brought the barbell back, heavier
    // than the week before it.
    let mut p = athlete_patient(6);
    p.request.athlete.bodyweight_kg = Some(45.0);
    p.request.athlete.one_rep_max_kg = Some(54.0);
    p.entries = vec![
        done(1, "2026-11-10", vec![]),
        Entry {
            extra: true,
            ..done(2, "2026-11-16", vec![])
        },
        Entry {
            pain_morning: Some(3.5),
            ..done(3, "2026-11-11", vec![2, 10])
        },
    ];
    let plan = p.plan(d("2026-11-20"));
    for w in plan.weeks.windows(2) {
        if w[1].deload {
            assert!(
                w[1].summary.volume <= w[0].summary.volume + 1e-6,
                "week {}: {} after {}",
                w[1].number,
                w[1].summary.volume,
                w[0].summary.volume
            );
        }
    }
}

/// A red flag in week 6 of `name`, technique sessions, a clearance, then `weeks` of
/// settled sessions: the plan as it stands at the end.
fn cleared_patient(name: &str, weeks: u64) -> (Plan, NaiveDate) {
    let mut p = if name == "athlete" {
        athlete_patient(24)
    } else {
        Patient::new(name, 24)
    };
    let flag = d("2026-12-07");
    let plan = p.flag_then_clear(flag, &|e| e.pain_during = Some(8.0), 7, weeks);
    (plan, flag)
}

/// A return from a deload names what it prescribes.
fn assert_returns_are_exact(plan: &Plan) {
    for w in &plan.weeks {
        let Some(s) = w.sessions.first() else {
            continue;
        };
        for n in s
            .notes
            .iter()
            .filter(|n| n.starts_with("back from the deload at "))
        {
            let named = format!("at {}×{}", s.prescription.sets, s.prescription.reps);
            assert!(
                n.contains(&named) || s.notes.iter().any(|m| m.contains(" → ")),
                "week {}: {:?}",
                w.number,
                s.notes
            );
        }
    }
}

#[test]
fn after_a_clearance_a_barbell_comes_back_lighter_rather_than_for_fewer_reps() {
    // Physio review 4, finding 2: after the bodyweight weeks the bar came back at 92 % of
    // the weight before the flag (then at 100 % for 3×2); the notes spoke of 4×4.
    let (plan, flag) = cleared_patient("athlete", 16);
    let before = sessions(&plan)
        .filter(|s| s.date < flag)
        .filter_map(|s| s.prescription.load.kg)
        .fold(0.0, f64::max);
    let loaded: Vec<&Session> = sessions(&plan)
        .filter(|s| s.date > flag && s.prescription.load.kg.unwrap_or(0.0) > 0.0)
        .collect();
    let first = loaded.first().expect("the bar comes back");
    let kg = |s: &Session| s.prescription.load.kg.unwrap_or(0.0);
    assert!(
        kg(first) <= before * 0.6 + 1e-9,
        "{} after {before}",
        kg(first)
    );
    // Then at most a fifth more weight a week (one equipment step at least).
    for w in loaded.windows(2) {
        assert!(
            kg(w[1]) <= (kg(w[0]) * 1.2).max(kg(w[0]) + 2.5) + 1e-9,
            "{}: {} after {}",
            w[1].date,
            kg(w[1]),
            kg(w[0])
        );
    }
    // Never a stall: the weight before the flag is back within the plan.
    assert!(
        loaded.iter().any(|s| kg(s) + 1e-9 >= before),
        "{:?}",
        loaded.iter().map(|s| kg(s)).collect::<Vec<_>>()
    );
    assert_returns_are_exact(&plan);
}

#[test]
fn the_way_back_notes_name_the_session_they_sit_on() {
    for name in ["athlete", "knee-friendly", "foundation"] {
        let (plan, _) = cleared_patient(name, 16);
        for s in sessions(&plan) {
            for n in &s.notes {
                let Some(rest) = n.strip_prefix("way back after the red flag: ") else {
                    continue;
                };
                let p = &s.prescription;
                let named = format!("{}×{}", p.sets, p.reps);
                assert!(
                    rest.starts_with(&format!("{named} ")),
                    "{name} {}: {n} on {named}",
                    s.date
                );
                match p.load.kg.filter(|kg| *kg > 0.0) {
                    Some(_) => assert!(rest.starts_with(&format!("{named} at ")), "{n}"),
                    None => assert!(
                        rest.starts_with(&format!("{named} instead"))
                            || rest.starts_with(&format!("{named} bodyweight instead")),
                        "{n}"
                    ),
                }
            }
        }
        assert_returns_are_exact(&plan);
    }
}

#[test]
fn after_a_clearance_the_first_week_is_not_above_half_or_the_technique_sessions() {
    // Physio review 4, finding 5: "about half the load before the flag" measured against
    // the wrong week let the first week back reach 83 % of it.
    for name in ["athlete", "knee-friendly", "foundation"] {
        let (plan, flag) = cleared_patient(name, 4);
        let before = sessions(&plan)
            .filter(|s| s.date < flag)
            .map(|s| s.knee_load)
            .fold(0.0, f64::max);
        let technique = sessions(&plan)
            .filter(|s| s.date > flag && s.notes.iter().any(|n| n.starts_with("technique only")))
            .map(|s| s.knee_load)
            .fold(0.0, f64::max);
        let first = sessions(&plan)
            .find(|s| {
                s.notes
                    .iter()
                    .any(|n| n.starts_with("cleared by a clinician"))
            })
            .expect("the first week back");
        let week = plan.weeks.iter().find(|w| w.number == first.week).unwrap();
        for s in &week.sessions {
            assert!(
                s.knee_load <= (before * 0.55).max(technique) + 1e-6,
                "{name} {}: {} (before {before}, technique {technique})",
                s.date,
                s.knee_load
            );
        }
    }
}

#[test]
fn a_window_prescribes_what_the_whole_plan_does() {
    // `today` replays the weeks before its window without keeping them: the way back
    // after a clearance was measured against the weeks kept, so it differed.
    let mut p = athlete_patient(24);
    p.live(d("2026-11-02"), 35, &settled);
    p.live(d("2026-12-07"), 1, &|_, s, e| {
        e.pain_during = Some(8.0);
        s.is_some()
    });
    p.live(d("2026-12-08"), 7, &settled);
    p.clear("2026-12-14");
    p.live(d("2026-12-15"), 7 * 6, &settled);
    let today = d("2027-01-26");
    let whole = p.plan(today);
    for from in ["2027-01-04", "2027-01-11", "2027-01-25"] {
        let log = Log {
            entries: &p.entries,
            events: &p.events,
            today,
            from: Some(d(from)),
        };
        let window = generate_with_log(&p.template, &p.request, Some(log)).unwrap();
        for s in sessions(&window) {
            let same = sessions(&whole).find(|w| w.date == s.date).unwrap();
            assert_eq!(s.prescription, same.prescription, "from {from}: {}", s.date);
        }
    }
}
#[test]
fn under_the_recurring_pain_alert_a_dip_is_not_held_for_good() {
    // Physio review 4, finding 6: a deload whose sessions flared while the alert stood
    // left the plan at the deload's level (2×9) for months at pain 1/10.
    let mut p = Patient::new("foundation", 24);
    p.live(d("2026-11-02"), 14, &settled);
    p.live(d("2026-11-16"), 7 * 6, &|_, s, e| {
        e.pain_during = Some(4.0);
        e.pain_morning = Some(3.0);
        s.is_some()
    });
    p.live(d("2026-12-28"), 7 * 12, &settled);
    let plan = p.plan(d("2027-03-22"));
    let alerted: Vec<&Session> = sessions(&plan).filter(|s| !s.alerts.is_empty()).collect();
    assert!(alerted.len() > 40, "the alert stands until acknowledged");
    // Where the alert found the person: the heaviest build session while it stood
    // before the knee settled.
    let at_alert = plan
        .weeks
        .iter()
        .filter(|w| !w.deload && w.start < d("2026-12-28"))
        .flat_map(|w| &w.sessions)
        .filter(|s| !s.alerts.is_empty())
        .map(|s| s.knee_load)
        .fold(0.0, f64::max);
    let builds: Vec<&Week> = plan
        .weeks
        .iter()
        .filter(|w| !w.deload && w.start >= d("2027-01-04"))
        .collect();
    // Back there within four build weeks of settling, never above it while the alert
    // stands, and never more than a fifth (or one rep a set) a week.
    assert!(
        builds[..4]
            .iter()
            .any(|w| w.sessions[0].knee_load + 1e-6 >= at_alert),
        "{at_alert} vs {:?}",
        week_loads(&plan)
    );
    for w in &builds {
        assert!(
            w.sessions[0].knee_load <= at_alert + 1e-6,
            "week {}",
            w.number
        );
    }
    // (Across a deload the climb planned before it goes on from where it was planned.)
    for w in builds.windows(2).filter(|w| w[1].number == w[0].number + 1) {
        let (a, b) = (&w[0].sessions[0], &w[1].sessions[0]);
        let one_rep = f64::from(a.prescription.reps + 1) / f64::from(a.prescription.reps);
        assert!(
            b.knee_load <= a.knee_load * 1.2_f64.max(one_rep) + 1e-6,
            "week {}: {} after {}",
            w[1].number,
            b.knee_load,
            a.knee_load
        );
    }
}

#[test]
fn the_1rm_estimate_moves_only_on_evidence() {
    // Physio review 5: logging the RPE the plan printed drove the estimate from 140 to
    // 169.5 kg (98 % of the real 1RM prescribed at RPE 7.5); light sets on the way back
    // at RPE 5 collapsed it from 101.5 to 27 kg.
    let mut p = athlete_patient(12);
    p.live(d("2026-11-02"), 56, &|_, s, e| {
        e.rpe = s.map(|s| s.prescription.rpe);
        s.is_some()
    });
    let plan = p.plan(d("2026-12-28"));
    let e1rm = plan.knee.as_ref().unwrap().one_rep_max_kg.unwrap_or(100.0);
    assert!((e1rm - 100.0).abs() < 1e-6, "as prescribed: {e1rm}");
    // Light sets, far from failure, say nothing about the 1RM.
    let mut p = athlete_patient(12);
    p.live(d("2026-11-02"), 56, &|_, s, e| {
        e.rpe = Some(4.0);
        e.load_kg = Some(40.0);
        s.is_some()
    });
    let plan = p.plan(d("2026-12-28"));
    let e1rm = plan.knee.as_ref().unwrap().one_rep_max_kg.unwrap_or(100.0);
    assert!((e1rm - 100.0).abs() < 1e-6, "light sets: {e1rm}");
    // Harder than prescribed lowers it.
    let mut p = athlete_patient(12);
    p.live(d("2026-11-02"), 28, &|_, s, e| {
        e.rpe = s.map(|s| (s.prescription.rpe + 2.0).min(10.0));
        s.is_some()
    });
    let plan = p.plan(d("2026-11-30"));
    let e1rm = plan.knee.as_ref().unwrap().one_rep_max_kg.unwrap();
    assert!(e1rm < 100.0, "harder: {e1rm}");
}

#[test]
fn sets_a_deload_flare_took_come_back() {
    // Physio review 5, finding 5: pain 6/10 in a deload week left its 2 sets for good
    // ("every lever is at the template's cap" with 3 sets in the template), so "Loaded
    // starts once 3×20" could never be met.
    let mut p = Patient::new("foundation", 24);
    p.live(d("2026-11-02"), 35, &settled);
    p.live(d("2026-12-07"), 1, &|_, s, e| {
        e.pain_during = Some(6.0);
        s.is_some()
    });
    p.live(d("2026-12-08"), 7 * 16, &settled);
    let plan = p.plan(d("2027-03-29"));
    let later: Vec<&Session> = sessions(&plan)
        .filter(|s| s.date > d("2027-01-18") && s.kind == SessionKind::Hard)
        .collect();
    assert!(
        later.iter().any(|s| s.prescription.sets >= 3),
        "{:?}",
        later
            .iter()
            .map(|s| (s.prescription.sets, s.prescription.reps))
            .collect::<Vec<_>>()
    );
    for s in &later {
        for n in &s.notes {
            assert!(
                !(n.contains("every lever is at the template's cap") && s.prescription.sets < 3),
                "{}: {n} at {} sets",
                s.date,
                s.prescription.sets
            );
        }
    }
}

#[test]
fn after_a_clearance_the_weight_comes_back_alone() {
    // Physio review 6: four weeks after an effusion the bar came back and the squat went
    // from 95° to 110° in the same week (+71 % a rep).
    let mut p = athlete_patient(24);
    p.request.days = Some(vec![crate::day::Day::Mon, crate::day::Day::Thu]);
    let flag = d("2026-12-17");
    let swelling = |e: &mut Entry| {
        e.pain_during = Some(4.0);
        e.symptoms.swelling = true;
    };
    let plan = p.flag_then_clear(flag, &swelling, 7, 12);
    let all: Vec<&Session> = sessions(&plan)
        .filter(|s| s.date > flag && s.kind == SessionKind::Hard)
        .collect();
    let back = all
        .windows(2)
        .find(|w| {
            w[0].prescription.load.kg.unwrap_or(0.0) == 0.0
                && w[1].prescription.load.kg.unwrap_or(0.0) > 0.0
        })
        .expect("the weight comes back");
    let (a, b) = (&back[0].prescription, &back[1].prescription);
    assert!(
        b.depth_deg <= a.depth_deg && b.heel_height_cm <= a.heel_height_cm,
        "{}: {}° {} cm → {}° {} cm with the weight",
        back[1].date,
        a.depth_deg,
        a.heel_height_cm,
        b.depth_deg,
        b.heel_height_cm
    );
}

#[test]
fn a_light_barbell_session_says_to_keep_the_weight() {
    // Physio review 7: "RPE 5 · 40 kg" at about 40 % 1RM read as an effort to work up to.
    let (plan, flag) = cleared_patient("athlete", 8);
    let first = sessions(&plan)
        .find(|s| s.date > flag && s.prescription.load.kg.unwrap_or(0.0) > 0.0)
        .expect("the bar comes back");
    assert_eq!(first.prescription.rpe, 5.0);
    assert!(
        first
            .prescription
            .cues
            .iter()
            .any(|c| c == crate::plan::step::LIGHT_LOAD_CUE),
        "{:?}",
        first.prescription.cues
    );
}
