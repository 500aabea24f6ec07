//! Finding one day in a plan (for `vmo today` and `vmo next`) and cutting the plan down to
//! it, so every renderer can print a single day exactly as it prints the whole plan.

use chrono::NaiveDate;

use super::model::{Plan, RecoveryDay, Session, Week};

/// A single day of a plan: a training session or a recovery day.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanDay {
    /// A training session.
    Session(Box<Session>),
    /// A day without training.
    Recovery(RecoveryDay),
}

impl PlanDay {
    /// The day's date.
    pub fn date(&self) -> NaiveDate {
        match self {
            PlanDay::Session(s) => s.date,
            PlanDay::Recovery(r) => r.date,
        }
    }
}

/// The week holding `date`.
fn week_of(plan: &Plan, date: NaiveDate) -> Option<&Week> {
    plan.weeks.iter().find(|w| w.start <= date && date <= w.end)
}

/// The session or recovery day on `date`, if the plan covers it.
pub fn pick_day(plan: &Plan, date: NaiveDate) -> Option<PlanDay> {
    let week = week_of(plan, date)?;
    if let Some(s) = week.sessions.iter().find(|s| s.date == date) {
        return Some(PlanDay::Session(Box::new(s.clone())));
    }
    week.recovery_days
        .iter()
        .find(|r| r.date == date)
        .map(|r| PlanDay::Recovery(r.clone()))
}

/// The first training session on or after `date`.
pub fn pick_next(plan: &Plan, date: NaiveDate) -> Option<PlanDay> {
    plan.weeks
        .iter()
        .flat_map(|w| &w.sessions)
        .find(|s| s.date >= date)
        .map(|s| PlanDay::Session(Box::new(s.clone())))
}

/// The first training session on or after `date` that is not logged yet (done or
/// skipped): what `vmo next` answers once today's session is in the log.
pub fn pick_next_open(plan: &Plan, date: NaiveDate) -> Option<PlanDay> {
    plan.weeks
        .iter()
        .flat_map(|w| &w.sessions)
        .find(|s| s.date >= date && !is_logged(s))
        .map(|s| PlanDay::Session(Box::new(s.clone())))
}

/// Whether the session has a log entry (done or skipped; a missed one has none), or is
/// in a planned absence (`away`): either way it is not the one to do.
pub fn is_logged(s: &Session) -> bool {
    s.log
        .as_ref()
        .is_some_and(|l| l.id.is_some() || l.status == "away")
}

/// The plan with only `day` left in it: its week, holding just that session or recovery
/// day. The week's summary still describes the whole week.
pub fn only_day(plan: &Plan, day: &PlanDay) -> Plan {
    let date = day.date();
    let mut one = Plan {
        schema_version: plan.schema_version,
        template: plan.template.clone(),
        description: plan.description.clone(),
        client: plan.client.clone(),
        start: plan.start,
        end: plan.end,
        days: plan.days.clone(),
        units: plan.units,
        volume_unit: plan.volume_unit.clone(),
        guards: plan.guards.clone(),
        weeks: Vec::new(),
        adjustments: Vec::new(),
        pain: plan.pain.clone(),
        notices: Vec::new(),
        knee: plan.knee.clone(),
        rides: plan
            .rides
            .iter()
            .filter(|r| r.ride.date == date)
            .cloned()
            .collect(),
    };
    if let Some(w) = week_of(plan, date) {
        let mut week = w.clone();
        week.sessions.retain(|s| s.date == date);
        week.recovery_days.retain(|r| r.date == date);
        one.weeks.push(week);
    }
    one
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Request, generate};
    use crate::template::{DEFAULT_TEMPLATE, builtin, parse};

    fn plan() -> Plan {
        let b = builtin(DEFAULT_TEMPLATE).unwrap();
        let t = parse(b.name, b.source).unwrap();
        let req = Request {
            weeks: 2,
            start: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            days: None,
            athlete: Default::default(),
            unit: Default::default(),
            changes: Vec::new(),
            rides: Default::default(),
        };
        generate(&t, &req).unwrap()
    }

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, day).unwrap()
    }

    #[test]
    fn every_date_of_the_plan_is_a_session_or_a_recovery_day() {
        let p = plan();
        let mut date = p.weeks[0].start;
        while date <= p.weeks.last().unwrap().end {
            assert!(pick_day(&p, date).is_some(), "{date}");
            date = date.succ_opt().unwrap();
        }
        assert_eq!(pick_day(&p, p.weeks[0].start.pred_opt().unwrap()), None);
    }

    #[test]
    fn next_skips_recovery_days_and_stops_at_the_end() {
        let p = plan();
        let first = p.weeks[0].sessions[0].date;
        assert_eq!(pick_next(&p, d(1)).unwrap().date(), first);
        let second = p.weeks[0].sessions[1].date;
        assert_eq!(
            pick_next(&p, first.succ_opt().unwrap()).unwrap().date(),
            second
        );
        assert_eq!(pick_next(&p, p.end.succ_opt().unwrap()), None);
    }

    #[test]
    fn next_open_passes_over_a_logged_session() {
        let mut p = plan();
        let first = p.weeks[0].sessions[0].date;
        let second = p.weeks[0].sessions[1].date;
        assert_eq!(pick_next_open(&p, first).unwrap().date(), first);
        let logged = crate::plan::adapt::SessionLog {
            status: "done".into(),
            id: Some(1),
            reps: vec![],
            load_kg: None,
            rpe: None,
            pain_during: None,
            pain_morning: None,
            symptoms: Default::default(),
            note: None,
        };
        p.weeks[0].sessions[0].log = Some(logged.clone());
        assert_eq!(pick_next_open(&p, first).unwrap().date(), second);
        // A missed session has no entry: it is still open.
        p.weeks[0].sessions[0].log = Some(crate::plan::adapt::SessionLog { id: None, ..logged });
        assert_eq!(pick_next_open(&p, first).unwrap().date(), first);
    }

    #[test]
    fn only_day_keeps_one_item_and_its_week() {
        let p = plan();
        let s = &p.weeks[1].sessions[1];
        let one = only_day(&p, &PlanDay::Session(Box::new(s.clone())));
        assert_eq!(one.weeks.len(), 1);
        assert_eq!(one.weeks[0].number, 2);
        assert_eq!(one.weeks[0].sessions, vec![s.clone()]);
        assert!(one.weeks[0].recovery_days.is_empty());
        assert_eq!(one.template, p.template);
    }
}
