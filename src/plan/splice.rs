//! A plan across a change of template: the days before the change are the earlier
//! template's plan, the days from it the new one's (DESIGN §8, the plan on a timeline).

use chrono::NaiveDate;

use super::model::Plan;

/// Puts `earlier`'s sessions and recovery days dated before `until` in place of `plan`'s.
/// Both plans share their start and training days, so their weeks line up by number; a week
/// the change falls in holds both, each on its own side of `until`.
pub fn splice_before(plan: &mut Plan, earlier: Plan, until: NaiveDate) {
    // Weeks wholly before the change keep the earlier plan's guard decisions too.
    let before: Vec<u32> = plan
        .weeks
        .iter()
        .filter(|w| w.end < until)
        .map(|w| w.number)
        .collect();
    plan.adjustments.retain(|a| !before.contains(&a.week));
    plan.adjustments.extend(
        earlier
            .adjustments
            .into_iter()
            .filter(|a| before.contains(&a.week)),
    );
    plan.adjustments.sort_by_key(|a| a.week);
    let mut old = earlier.weeks.into_iter().peekable();
    for week in &mut plan.weeks {
        if week.start >= until {
            break;
        }
        while old.peek().is_some_and(|w| w.number < week.number) {
            old.next();
        }
        let Some(o) = old.next_if(|w| w.number == week.number) else {
            continue;
        };
        if week.end < until {
            *week = o;
            continue;
        }
        let mut sessions: Vec<_> = o.sessions.into_iter().filter(|s| s.date < until).collect();
        sessions.extend(week.sessions.drain(..).filter(|s| s.date >= until));
        week.sessions = sessions;
        let mut rest: Vec<_> = o
            .recovery_days
            .into_iter()
            .filter(|r| r.date < until)
            .collect();
        rest.extend(week.recovery_days.drain(..).filter(|r| r.date >= until));
        week.recovery_days = rest;
        // Slots count the week's sessions in date order whichever plan made them.
        for (n, s) in week.sessions.iter_mut().enumerate() {
            s.slot = n as u32 + 1;
        }
        week.summary.sessions = week.sessions.len() as u32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Request, generate};

    fn plan(name: &str) -> Plan {
        let b = crate::template::builtin(name).unwrap();
        let t = crate::template::parse(b.name, b.source).unwrap();
        generate(
            &t,
            &Request {
                weeks: 6,
                start: "2026-11-02".parse().unwrap(),
                days: Some(vec![crate::day::Day::Mon, crate::day::Day::Thu]),
                athlete: Default::default(),
                unit: crate::units::Unit::Kg,
                changes: Vec::new(),
                rides: Default::default(),
            },
        )
        .unwrap()
    }

    #[test]
    fn the_days_before_the_change_are_the_earlier_templates() {
        let (old, new) = (plan("knee-friendly"), plan("foundation"));
        let until: NaiveDate = "2026-11-19".parse().unwrap();
        let mut p = new.clone();
        splice_before(&mut p, old.clone(), until);
        let all =
            |p: &Plan| -> Vec<_> { p.weeks.iter().flat_map(|w| w.sessions.clone()).collect() };
        for s in all(&p) {
            let from = if s.date < until { &old } else { &new };
            let same = all(from).into_iter().find(|o| o.date == s.date).unwrap();
            assert_eq!(s.prescription, same.prescription, "{}", s.date);
        }
        assert_eq!(all(&p).len(), all(&new).len());
    }
}
