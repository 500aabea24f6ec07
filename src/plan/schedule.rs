//! Which training days carry hard sessions, so that hard sessions are always at least the
//! minimum rest apart — across the week boundary too — and which become light sessions.

use crate::day::Day;

use super::model::SessionKind;

/// Most training days a week; more leaves the knee no room to recover.
pub const MAX_DAYS_PER_WEEK: usize = 4;

/// Days between `a` and the next `b` (7 when equal: the same day next week).
fn gap(a: Day, b: Day) -> u32 {
    let d = (b.index() + 7 - a.index()) % 7;
    if d == 0 { 7 } else { d }
}

/// Days as the `--days` flag takes them: `mon,wed,fri`.
pub fn days_text(days: &[Day]) -> String {
    days.iter()
        .map(|d| d.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// Evenly spread days starting at `first`, `n` of them, or `None` if they cannot be `g` apart.
fn spread(first: Day, n: usize, g: u32) -> Option<Vec<Day>> {
    if n == 0 || n as u32 * g > 7 {
        return None;
    }
    let mut days: Vec<Day> = (0..n as u32)
        .map(|k| Day::ALL[((first.index() + k * 7 / n as u32) % 7) as usize])
        .collect();
    days.sort();
    Some(days)
}

/// Assigns a kind to each of `days` (sorted, unique). Hard sessions are kept `min_rest_hours`
/// apart; a day too close to a hard one becomes light when `light_allowed`, else it is an error
/// that explains the conflict and suggests days that work.
pub fn classify(
    days: &[Day],
    min_rest_hours: u32,
    light_allowed: bool,
) -> Result<Vec<SessionKind>, String> {
    if days.is_empty() {
        return Err("no training days given (allowed: 1 to 4 of mon..sun)".to_string());
    }
    if days.len() > MAX_DAYS_PER_WEEK {
        return Err(format!(
            "{} training days a week ({}) is too many for the same muscle; use at most {MAX_DAYS_PER_WEEK} so the knee has recovery days",
            days.len(),
            days_text(days)
        ));
    }
    let g = min_rest_hours.div_ceil(24);
    let n = days.len();
    // Try every day as the first hard one and keep the assignment with the most hard days.
    let mut best: Option<Vec<bool>> = None;
    for first in 0..n {
        let mut hard = vec![false; n];
        hard[first] = true;
        let mut last = first;
        for step in 1..n {
            let j = (first + step) % n;
            if gap(days[last], days[j]) >= g && gap(days[j], days[first]) >= g {
                hard[j] = true;
                last = j;
            }
        }
        let count = hard.iter().filter(|h| **h).count();
        if best
            .as_ref()
            .is_none_or(|b| count > b.iter().filter(|h| **h).count())
        {
            best = Some(hard);
        }
    }
    let hard = best.expect("at least one day");
    if hard.iter().all(|h| *h) || light_allowed {
        return Ok(hard
            .into_iter()
            .map(|h| {
                if h {
                    SessionKind::Hard
                } else {
                    SessionKind::Light
                }
            })
            .collect());
    }
    let (a, b) = (0..n)
        .map(|i| (days[i], days[(i + 1) % n]))
        .find(|(a, b)| gap(*a, *b) < g)
        .expect("some pair is too close when a day is not hard");
    let suggestion = match spread(days[0], n, g) {
        Some(s) => format!("try --days {}", days_text(&s)),
        None => {
            let most = (7 / g) as usize;
            let s = spread(days[0], most, g).expect("7/g days fit");
            format!(
                "{n} hard sessions cannot each get {min_rest_hours} h; use at most {most}, e.g. --days {}, or a template with a [light_session]",
                days_text(&s)
            )
        }
    };
    Err(format!(
        "training days {}: {b} is only {} h after {a} but hard sessions need at least {min_rest_hours} h of rest; {suggestion}",
        days_text(days),
        gap(a, b) * 24
    ))
}

/// One sentence for each light day, saying why it is light: a day that became a light session
/// because of the rest rule must never be silent.
pub fn light_notices(days: &[Day], kinds: &[SessionKind], min_rest_hours: u32) -> Vec<String> {
    let n = days.len();
    (0..n)
        .filter(|&i| kinds[i] == SessionKind::Light)
        .map(|i| {
            let prev = (1..n)
                .map(|k| (i + n - k) % n)
                .find(|&j| kinds[j] == SessionKind::Hard)
                .expect("a light day implies a hard one");
            format!(
                "{} is a light technique session, not a hard one: it is only {} h after {}, and this template needs {min_rest_hours} h between hard sessions",
                days[i],
                gap(days[prev], days[i]) * 24,
                days[prev]
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::day::parse_days;

    fn kinds(s: &str, light: bool) -> Result<Vec<SessionKind>, String> {
        classify(&parse_days(s).unwrap(), 48, light)
    }

    #[test]
    fn classic_days_are_all_hard() {
        for s in ["mon", "mon,thu", "mon,wed,fri", "tue,thu,sat"] {
            assert!(
                kinds(s, false)
                    .unwrap()
                    .iter()
                    .all(|k| *k == SessionKind::Hard),
                "{s}"
            );
        }
    }

    #[test]
    fn back_to_back_days_are_refused_with_a_suggestion() {
        let e = kinds("mon,tue,wed", false).unwrap_err();
        assert!(e.contains("tue is only 24 h after mon"), "{e}");
        assert!(e.contains("try --days mon,wed,fri"), "{e}");
    }

    #[test]
    fn the_week_boundary_counts() {
        let e = kinds("mon,wed,sun", false).unwrap_err();
        assert!(e.contains("mon is only 24 h after sun"), "{e}");
    }

    #[test]
    fn four_hard_days_cannot_fit_48h() {
        let e = kinds("mon,tue,thu,sat", false).unwrap_err();
        assert!(e.contains("use at most 3"), "{e}");
    }

    #[test]
    fn close_days_become_light_when_allowed() {
        let k = kinds("mon,tue,wed", true).unwrap();
        assert_eq!(
            k,
            vec![SessionKind::Hard, SessionKind::Light, SessionKind::Hard]
        );
    }

    #[test]
    fn every_light_day_is_announced() {
        let days = parse_days("mon,wed").unwrap();
        let k = classify(&days, 72, true).unwrap();
        assert_eq!(k, vec![SessionKind::Hard, SessionKind::Light]);
        let n = light_notices(&days, &k, 72);
        assert_eq!(n.len(), 1);
        assert!(
            n[0].starts_with("wed is a light technique session"),
            "{}",
            n[0]
        );
        assert!(n[0].contains("only 48 h after mon"), "{}", n[0]);
        assert!(light_notices(&days, &classify(&days, 48, true).unwrap(), 48).is_empty());
    }

    #[test]
    fn five_days_are_too_many() {
        assert!(
            kinds("mon,tue,wed,thu,fri", true)
                .unwrap_err()
                .contains("too many")
        );
    }
}
