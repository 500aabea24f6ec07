//! Placing a week's squat sessions around the person's own rides and runs (DESIGN §9).
//!
//! Pure: the week's wanted sessions, the dates they may move to and the rides in and just
//! after the week go in; where each session goes (or that it is made light or left out,
//! and why) comes out. The generator applies it before it plans the week's days.

use chrono::{Datelike, Days, NaiveDate, NaiveTime};
use serde::Serialize;

use super::model::SessionKind;
use crate::day::Day;
use crate::rides::Ride;
use crate::template::RideRules;

/// A ride as the plan shows it: the event and, for a key session, why it is one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShownRide {
    /// The event.
    #[serde(flatten)]
    pub ride: Ride,
    /// Why it is a key session (`TSS 95`), `None` when it is not.
    pub key: Option<String>,
}

impl ShownRide {
    /// One short line for tables (see [`Ride::line`]).
    pub fn line(&self) -> String {
        self.ride.line(self.key.as_deref())
    }
}

/// The person's own calendar as the plan sees it: rides and runs (planned and done), the
/// spare days a session may move to, and the squats' time of day.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RideCalendar {
    /// Rides, runs and other sessions, in date order.
    pub rides: Vec<Ride>,
    /// Days besides the training days a session may move to.
    pub spare_days: Vec<Day>,
    /// The squats' time of day (the profile's `at`), when set.
    pub at: Option<NaiveTime>,
}

/// A session the training days put on `date`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wanted {
    /// The training day it falls on.
    pub date: NaiveDate,
    /// Hard or light, as the days make it.
    pub kind: SessionKind,
    /// Logged already: it stays where it was done.
    pub pinned: bool,
}

/// Where a wanted session ends up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// The training day it was planned on.
    pub planned: NaiveDate,
    /// The day it is on now; `None` when it is left out this week.
    pub date: Option<NaiveDate>,
    /// Hard, or light when a key session is too close for a hard one.
    pub kind: SessionKind,
    /// Why it moved, was made light or was left out (the session's note).
    pub reason: Option<String>,
}

/// The spacing rules for one week: [`RideRules`] with the week's window before a key
/// session, the squats' time and the rest rule between hard sessions.
#[derive(Debug, Clone, Copy)]
pub struct Spacing {
    /// No hard session within this many hours before a key session.
    pub hours_before_key: u32,
    /// A ride and a session on one day need this many hours between their starts.
    pub same_day_hours: u32,
    /// Hours between two hard sessions (the template's rest rule).
    pub min_rest_hours: u32,
    /// The squats' time of day, when the profile has one.
    pub at: Option<NaiveTime>,
}

impl Spacing {
    /// The spacing for plan week `week` (1-based): the longer window while new to lifting.
    pub fn for_week(
        rules: &RideRules,
        week: u32,
        min_rest_hours: u32,
        at: Option<NaiveTime>,
    ) -> Self {
        Spacing {
            hours_before_key: if week <= rules.new_lifter_weeks {
                rules.hours_before_key_new
            } else {
                rules.hours_before_key
            },
            same_day_hours: rules.same_day_hours,
            min_rest_hours,
            at,
        }
    }
}

/// What stops a session on a day.
#[derive(Debug, Clone, PartialEq)]
enum Clash<'a> {
    /// A ride or run the same day without times far enough apart.
    SameDay(&'a Ride),
    /// A key session within the window after a hard session.
    BeforeKey(&'a Ride, String),
    /// Another hard session within the rest rule.
    Rest(NaiveDate),
}

fn day(date: NaiveDate) -> &'static str {
    Day::from_weekday(date.weekday()).title()
}

impl Clash<'_> {
    /// Why the day will not do, in words: `to keep the 24 h before a key session free`.
    fn purpose(&self, s: &Spacing) -> String {
        match self {
            Clash::SameDay(_) => format!(
                "away from a ride or run the same day (both need times, {} h apart)",
                s.same_day_hours
            ),
            Clash::BeforeKey(..) => format!(
                "to keep the {} h before a key session free",
                s.hours_before_key
            ),
            Clash::Rest(h) => format!(
                "to keep {} h after the hard session on {}",
                s.min_rest_hours,
                day(*h)
            ),
        }
    }

    /// What is in the way: `2:00 - Gibbs on Sat, TSS 95`.
    fn what(&self) -> Option<String> {
        match self {
            Clash::SameDay(r) => Some(match r.start {
                Some(t) => format!(
                    "{} on {} at {}",
                    r.short_title(),
                    day(r.date),
                    t.format("%H:%M")
                ),
                None => format!("{} on {}", r.short_title(), day(r.date)),
            }),
            Clash::BeforeKey(r, why) => {
                Some(format!("{} on {}, {why}", r.short_title(), day(r.date)))
            }
            Clash::Rest(_) => None,
        }
    }

    /// `purpose: what`, or the purpose alone.
    fn text(&self, s: &Spacing) -> String {
        match self.what() {
            Some(w) => format!("{}: {w}", self.purpose(s)),
            None => self.purpose(s),
        }
    }
}

/// Why `kind` cannot be on `date`, given the hard sessions already placed.
fn clash<'a>(
    date: NaiveDate,
    kind: SessionKind,
    hard: &[NaiveDate],
    rides: &'a [Ride],
    rules: &RideRules,
    s: &Spacing,
) -> Option<Clash<'a>> {
    // Same day: rides and runs (a swim or a yoga class leaves the legs for the squats).
    for r in rides
        .iter()
        .filter(|r| !r.completed && r.date == date && r.sport != crate::rides::Sport::Other)
    {
        let apart = match (s.at, r.start) {
            (Some(a), Some(b)) => (a - b).num_minutes().abs() >= i64::from(s.same_day_hours) * 60,
            _ => false,
        };
        if !apart {
            return Some(Clash::SameDay(r));
        }
    }
    if kind == SessionKind::Hard {
        for r in rides.iter().filter(|r| !r.completed && r.date >= date) {
            let Some(why) = r.key(rules) else { continue };
            let within = match (s.at, r.start) {
                (Some(a), Some(b)) => {
                    let h = (r.date.and_time(b) - date.and_time(a)).num_minutes();
                    h > 0 && h < i64::from(s.hours_before_key) * 60
                }
                // Untimed: the whole day (or days) before.
                _ => {
                    let d = (r.date - date).num_days();
                    d >= 1 && d * 24 <= i64::from(s.hours_before_key).max(24)
                }
            };
            if within {
                return Some(Clash::BeforeKey(r, why));
            }
        }
        for h in hard {
            if (date - *h).num_hours().abs() < i64::from(s.min_rest_hours) {
                return Some(Clash::Rest(*h));
            }
        }
    }
    None
}

/// How good a day is for a session: rest days first, then easy rides, then nearness to
/// the day it was planned on (earlier first on a tie).
fn preference(date: NaiveDate, planned: NaiveDate, rides: &[Ride]) -> (u8, i64, bool) {
    let on_day = rides
        .iter()
        .filter(|r| !r.completed && r.date == date)
        .count();
    let gap = (date - planned).num_days();
    (u8::from(on_day > 0), gap.abs(), gap > 0)
}

/// Places the week's `wanted` sessions around `rides`: each stays on its day when nothing
/// clashes, else moves to the best free day among `free` (training or spare days of the
/// same week no other session holds), else a hard one is made light on its day when only
/// a key session or the rest rule is in the way, else it is left out for the week.
/// `last_hard` is the last hard session before the week (for the rest rule).
pub fn place(
    wanted: &[Wanted],
    free: &[NaiveDate],
    rides: &[Ride],
    rules: &RideRules,
    spacing: &Spacing,
    last_hard: Option<NaiveDate>,
) -> Vec<Placed> {
    let mut hard: Vec<NaiveDate> = last_hard.into_iter().collect();
    let mut taken: Vec<NaiveDate> = wanted.iter().map(|w| w.date).collect();
    let mut out = Vec::with_capacity(wanted.len());
    for w in wanted {
        let here = if w.pinned {
            None
        } else {
            clash(w.date, w.kind, &hard, rides, rules, spacing)
        };
        let Some(why) = here else {
            if w.kind == SessionKind::Hard {
                hard.push(w.date);
            }
            out.push(Placed {
                planned: w.date,
                date: Some(w.date),
                kind: w.kind,
                reason: None,
            });
            continue;
        };
        let mut options: Vec<NaiveDate> = free
            .iter()
            .copied()
            .filter(|d| !taken.contains(d))
            .filter(|d| clash(*d, w.kind, &hard, rides, rules, spacing).is_none())
            .collect();
        options.sort_by_key(|d| preference(*d, w.date, rides));
        if let Some(to) = options.first().copied() {
            taken.retain(|d| *d != w.date);
            taken.push(to);
            if w.kind == SessionKind::Hard {
                hard.push(to);
            }
            out.push(Placed {
                planned: w.date,
                date: Some(to),
                kind: w.kind,
                reason: Some(format!(
                    "Moved from {} to {} {}",
                    day(w.date),
                    day(to),
                    why.text(spacing)
                )),
            });
            continue;
        }
        let light_fits = w.kind == SessionKind::Hard
            && !matches!(why, Clash::SameDay(_))
            && clash(w.date, SessionKind::Light, &hard, rides, rules, spacing).is_none();
        out.push(if light_fits {
            Placed {
                planned: w.date,
                date: Some(w.date),
                kind: SessionKind::Light,
                reason: Some(format!(
                    "Light this week {}, and no training or spare day is free for a hard session{}",
                    why.purpose(spacing),
                    why.what().map(|w| format!(": {w}")).unwrap_or_default()
                )),
            }
        } else {
            taken.retain(|d| *d != w.date);
            Placed {
                planned: w.date,
                date: None,
                kind: w.kind,
                reason: Some(format!(
                    "No squats on {} this week, {}, and no training or spare day is free (--spare-days adds one){}",
                    day(w.date),
                    why.purpose(spacing),
                    why.what().map(|w| format!(": {w}")).unwrap_or_default()
                )),
            }
        });
    }
    out
}

/// The dates of `days` in the seven days from `week_start`.
pub fn dates_of(days: &[Day], week_start: NaiveDate) -> Vec<NaiveDate> {
    (0..7u64)
        .map(|i| week_start + Days::new(i))
        .filter(|d| days.contains(&Day::from_weekday(d.weekday())))
        .collect()
}

/// Running distance (km) of the rides in the seven days from `week_start`.
pub fn running_km(rides: &[Ride], week_start: NaiveDate) -> f64 {
    let end = week_start + Days::new(6);
    rides
        .iter()
        .filter(|r| r.date >= week_start && r.date <= end)
        .map(Ride::running_km)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rides::Sport;

    fn d(day: u32) -> NaiveDate {
        // December 2026: Mon 7, Tue 8, … Sun 13.
        NaiveDate::from_ymd_opt(2026, 12, day).unwrap()
    }

    fn ride(date: NaiveDate, start: Option<(u32, u32)>, tss: f64) -> Ride {
        Ride {
            date,
            start: start.map(|(h, m)| NaiveTime::from_hms_opt(h, m, 0).unwrap()),
            minutes: Some(75),
            sport: Sport::Ride,
            title: "VO2max intervals".into(),
            tss: Some(tss),
            intensity_factor: None,
            kj: None,
            relative_effort: None,
            distance_km: None,
            race_or_test: false,
            completed: false,
        }
    }

    fn hard(date: NaiveDate) -> Wanted {
        Wanted {
            date,
            kind: SessionKind::Hard,
            pinned: false,
        }
    }

    fn spacing(at: Option<(u32, u32)>, before: u32) -> Spacing {
        Spacing {
            hours_before_key: before,
            same_day_hours: 6,
            min_rest_hours: 48,
            at: at.map(|(h, m)| NaiveTime::from_hms_opt(h, m, 0).unwrap()),
        }
    }

    #[test]
    fn a_key_ride_on_saturday_moves_fridays_session_to_a_spare_thursday() {
        let rides = [ride(d(12), None, 95.0)];
        let wanted = [hard(d(8)), hard(d(11))];
        let placed = place(
            &wanted,
            &[d(8), d(10), d(11)],
            &rides,
            &RideRules::default(),
            &spacing(None, 24),
            None,
        );
        assert_eq!(placed[0].date, Some(d(8)));
        assert_eq!(placed[1].date, Some(d(10)));
        assert_eq!(
            placed[1].reason.as_deref(),
            Some(
                "Moved from Fri to Thu to keep the 24 h before a key session free: VO2max intervals on Sat, TSS 95"
            )
        );
    }

    #[test]
    fn without_a_free_day_the_session_is_made_light() {
        let rides = [ride(d(12), None, 95.0)];
        let placed = place(
            &[hard(d(9)), hard(d(11))],
            &[d(9), d(11)],
            &rides,
            &RideRules::default(),
            &spacing(None, 24),
            None,
        );
        assert_eq!(placed[1].date, Some(d(11)));
        assert_eq!(placed[1].kind, SessionKind::Light);
    }

    #[test]
    fn same_day_needs_times_six_hours_apart() {
        let morning = [ride(d(9), Some((7, 0)), 40.0)];
        let evening = spacing(Some((17, 0)), 24);
        let placed = place(
            &[hard(d(9))],
            &[d(9)],
            &morning,
            &RideRules::default(),
            &evening,
            None,
        );
        assert_eq!(placed[0].date, Some(d(9)));
        assert_eq!(placed[0].reason, None);
        // Untimed squats cannot be told apart from the ride.
        let placed = place(
            &[hard(d(9))],
            &[d(9)],
            &morning,
            &RideRules::default(),
            &spacing(None, 24),
            None,
        );
        assert_eq!(placed[0].date, None);
        assert!(placed[0].reason.as_deref().unwrap().contains("at 07:00"));
    }

    #[test]
    fn timed_windows_count_hours_and_new_lifters_get_two_days() {
        // Key ride Thu 18:00; squats at 17:00: Wed is 25 h before, Tue 49 h.
        let rides = [ride(d(10), Some((18, 0)), 95.0)];
        let at = Some((17, 0));
        let ok = |day, before| {
            let p = place(
                &[hard(d(day))],
                &[d(day)],
                &rides,
                &RideRules::default(),
                &spacing(at, before),
                None,
            )[0]
            .clone();
            p.date.is_some() && p.kind == SessionKind::Hard
        };
        assert!(ok(9, 24));
        assert!(!ok(9, 48));
        assert!(ok(8, 48));
        // The same day, an hour before it: inside both windows.
        assert!(!ok(10, 24));
    }

    #[test]
    fn moves_keep_the_rest_rule_and_logged_sessions_stay() {
        let rides = [ride(d(12), None, 95.0)];
        // Thu would be 24 h after Wed: not free for a hard session.
        let placed = place(
            &[hard(d(9)), hard(d(11))],
            &[d(9), d(10), d(11)],
            &rides,
            &RideRules::default(),
            &spacing(None, 24),
            None,
        );
        assert_eq!(placed[1].kind, SessionKind::Light);
        let pinned = Wanted {
            pinned: true,
            ..hard(d(11))
        };
        let placed = place(
            &[pinned],
            &[d(10), d(11)],
            &rides,
            &RideRules::default(),
            &spacing(None, 24),
            None,
        );
        assert_eq!(placed[0].date, Some(d(11)));
        assert_eq!(placed[0].kind, SessionKind::Hard);
    }
}
