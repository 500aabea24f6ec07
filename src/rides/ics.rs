//! Rides and runs from an iCalendar file or feed (TrainerRoad, TrainingPeaks, Google,
//! Apple, intervals.icu), read with the `icalendar` crate's parser and recurring events
//! expanded with the `rrule` crate; times in the person's time zone.

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use icalendar::parser::{Component, read_calendar, unfold};

use super::{Ride, Sport, classify};

/// Most instances of one recurring event expanded (a daily rule over a long plan).
const MAX_INSTANCES: u16 = 4000;

/// Most steps of one recurrence walked from its DTSTART (a daily rule from 1900 to 2100
/// is about 73,000).
const MAX_STEPS: usize = 200_000;

/// A DTSTART/DTEND/EXDATE/RECURRENCE-ID value: a whole day or a moment.
#[derive(Debug, Clone, Copy, PartialEq)]
enum When {
    Day(NaiveDate),
    /// A moment in the person's zone, and the zone it was written in (for RRULE).
    At(NaiveDateTime, Tz),
}

impl When {
    fn date(self) -> NaiveDate {
        match self {
            When::Day(d) => d,
            When::At(t, _) => t.date(),
        }
    }
}

/// A [`When`] as a key: the moment in the person's zone (a day at midnight).
fn moment(w: When) -> NaiveDateTime {
    match w {
        When::Day(d) => d.and_time(chrono::NaiveTime::MIN),
        When::At(t, _) => t,
    }
}

/// Parses a date or date-time value with its TZID, into the person's zone `tz`.
fn when(value: &str, tzid: Option<&str>, tz: Tz) -> Option<When> {
    let v = value.trim();
    if v.len() == 8 {
        return NaiveDate::parse_from_str(v, "%Y%m%d").ok().map(When::Day);
    }
    let (body, utc) = match v.strip_suffix('Z') {
        Some(b) => (b, true),
        None => (v, false),
    };
    let t = NaiveDateTime::parse_from_str(body, "%Y%m%dT%H%M%S").ok()?;
    let source: Tz = if utc {
        chrono_tz::UTC
    } else {
        // An unknown zone name (Outlook writes Windows names) is read as local time.
        match tzid.and_then(|z| z.trim_matches('"').parse::<Tz>().ok()) {
            Some(z) => z,
            None => return Some(When::At(t, tz)),
        }
    };
    // A time in a daylight-saving gap (02:30 on the spring-forward night) is the time an
    // hour later, as RFC 5545 says.
    let moment = source.from_local_datetime(&t).earliest().or_else(|| {
        source
            .from_local_datetime(&(t + chrono::Duration::hours(1)))
            .earliest()
    })?;
    Some(When::At(moment.with_timezone(&tz).naive_local(), source))
}

fn prop<'a>(e: &'a Component<'_>, name: &str) -> Option<&'a icalendar::parser::Property<'a>> {
    e.properties
        .iter()
        .find(|p| p.name.as_str().eq_ignore_ascii_case(name))
}

fn text(e: &Component<'_>, name: &str) -> String {
    prop(e, name)
        .map(|p| unescape(p.val.as_str()))
        .unwrap_or_default()
}

fn param<'a>(p: &'a icalendar::parser::Property<'a>, key: &str) -> Option<&'a str> {
    p.params
        .iter()
        .find(|x| x.key.as_str().eq_ignore_ascii_case(key))
        .and_then(|x| x.val.as_ref().map(|v| v.as_str()))
}

fn when_of(e: &Component<'_>, name: &str, tz: Tz) -> Option<When> {
    let p = prop(e, name)?;
    when(p.val.as_str(), param(p, "TZID"), tz)
}

/// RFC 5545 text unescaping (`\,` `\;` `\n` `\\`).
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(o) => out.push(o),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// An ISO 8601 duration as RFC 5545 writes it (`PT1H30M`, `P1D`), in minutes.
fn duration_minutes(v: &str) -> Option<u32> {
    let v = v.trim().trim_start_matches('+');
    let v = v.strip_prefix('P')?;
    let (mut minutes, mut num, mut in_time) = (0u64, String::new(), false);
    for c in v.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' => num.push(c),
            _ => {
                let n: u64 = num.parse().ok()?;
                num.clear();
                let add = match (c, in_time) {
                    ('W', false) => n.checked_mul(7 * 24 * 60),
                    ('D', false) => n.checked_mul(24 * 60),
                    ('H', true) => n.checked_mul(60),
                    ('M', true) => Some(n),
                    ('S', true) => Some(n / 60),
                    _ => return None,
                }?;
                minutes = minutes.checked_add(add)?;
            }
        }
    }
    u32::try_from(minutes).ok()
}

/// The event's fields that do not depend on which instance it is.
struct Shape {
    title: String,
    sport: Sport,
    minutes: Option<u32>,
    tss: Option<f64>,
    intensity_factor: Option<f64>,
    kj: Option<f64>,
    distance_km: Option<f64>,
    race_or_test: bool,
}

/// What an event is, or `None` when nothing says it is training (a dentist's appointment
/// in a Google calendar is no ride).
fn shape(e: &Component<'_>, start: When, end: Option<When>) -> Option<Shape> {
    let title = text(e, "SUMMARY");
    let description = text(e, "DESCRIPTION");
    let categories = text(e, "CATEGORIES");
    let tss = classify::number_after(&description, "TSS")
        .or_else(|| classify::number_after(&title, "TSS"));
    // Plausible values only: an IF of 2 or a TSS of 5000 is a typo or not a workout.
    let tss = tss.filter(|t| (0.0..=1000.0).contains(t));
    let intensity_factor =
        classify::number_after(&description, "IF").filter(|f| (0.2..=1.6).contains(f));
    let kj = classify::number_after(&description, "kJ(Cal)")
        .or_else(|| classify::number_after(&description, "kJ"));
    let from_title = classify::title_minutes(&title);
    let numbers = tss.is_some() || intensity_factor.is_some() || from_title.is_some();
    let named = classify::sport(&categories, &title);
    let race_or_test = classify::race_or_test(&title, &description);
    if named.is_none() && !numbers && !race_or_test {
        return None;
    }
    let sport = named.unwrap_or(if numbers { Sport::Ride } else { Sport::Other });
    let minutes = match (start, end) {
        (When::At(a, _), Some(When::At(b, _))) if b > a => {
            u32::try_from((b - a).num_minutes()).ok()
        }
        _ => None,
    }
    .or_else(|| {
        prop(e, "DURATION")
            .and_then(|p| duration_minutes(p.val.as_str()))
            .filter(|_| matches!(start, When::At(..)))
    })
    .or(from_title)
    .or_else(|| {
        // TrainingPeaks writes "Planned duration: 1:30" in some exports.
        let lower = description.to_lowercase();
        let at = lower.find("duration")?;
        let rest = lower[at + 8..].trim_start_matches([':', ' ']);
        classify::title_minutes(rest)
    });
    Some(Shape {
        distance_km: classify::distance_km(&description),
        title,
        sport,
        minutes,
        tss,
        intensity_factor,
        kj,
        race_or_test,
    })
}

fn ride(shape: &Shape, start: When) -> Ride {
    Ride {
        date: start.date(),
        start: match start {
            When::Day(_) => None,
            When::At(t, _) => Some(t.time()),
        },
        minutes: shape.minutes,
        sport: shape.sport,
        title: shape.title.clone(),
        tss: shape.tss,
        intensity_factor: shape.intensity_factor,
        kj: shape.kj,
        relative_effort: None,
        distance_km: shape.distance_km,
        race_or_test: shape.race_or_test,
        completed: false,
    }
}

/// A value of the recurrence's own zone, for `rrule`.
fn rrule_time(w: When, tz: Tz) -> Option<DateTime<rrule::Tz>> {
    let (t, zone) = match w {
        When::Day(d) => (d.and_hms_opt(0, 0, 0)?, chrono_tz::UTC),
        // Back from the person's zone to the zone the event was written in: weekly
        // rules keep their wall-clock time across daylight-saving changes there.
        When::At(t, source) => {
            let m = tz.from_local_datetime(&t).earliest()?;
            (m.with_timezone(&source).naive_local(), source)
        }
    };
    rrule::Tz::Tz(zone).from_local_datetime(&t).earliest()
}

/// The instances of a recurring event between `from` and `to` (inclusive dates).
fn instances(
    event: &Component<'_>,
    start: When,
    tz: Tz,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<When>, String> {
    let e = event;
    let Some(rule) = prop(e, "RRULE") else {
        return Ok(vec![start]);
    };
    let dt_start = rrule_time(start, tz).ok_or("DTSTART is not a valid time")?;
    // The crate's words, in vmo's quoting and on one line.
    let why = |err: &dyn std::fmt::Display| {
        let e = err
            .to_string()
            .replace('`', "\"")
            .replace(['\n', '\r'], " ");
        format!(
            "event {}: RRULE {}: {}",
            crate::visible::quoted(&text(event, "SUMMARY")),
            crate::visible::clipped(rule.val.as_str()),
            e.trim_end_matches('.')
        )
    };
    let parsed: rrule::RRule<rrule::Unvalidated> =
        rule.val.as_str().parse().map_err(|e| why(&e))?;
    let mut set = parsed.build(dt_start).map_err(|e| why(&e))?;
    for p in e
        .properties
        .iter()
        .filter(|p| p.name.as_str().eq_ignore_ascii_case("EXDATE"))
    {
        for v in p.val.as_str().split(',') {
            if let Some(x) = when(v, param(p, "TZID"), tz).and_then(|w| rrule_time(w, tz)) {
                set = set.exdate(x);
            }
        }
    }
    let lo = rrule_time(When::Day(from - Days::new(1)), tz).ok_or("date out of range")?;
    let hi = rrule_time(When::Day(to + Days::new(2)), tz).ok_or("date out of range")?;
    // Walked from DTSTART, step by step: a rule repeating every second from 1900 would
    // take minutes to reach the plan's weeks. Training repeats daily at most, so a rule
    // that needs more steps than [`MAX_STEPS`] to get there is refused, not waited on.
    let mut dates = Vec::new();
    for (step, d) in set.limit().into_iter().enumerate() {
        if d > hi {
            break;
        }
        if step >= MAX_STEPS {
            return Err(format!(
                "event {}: RRULE {} repeats too often to follow (more than {MAX_STEPS} times before the plan's last day)",
                crate::visible::quoted(&text(event, "SUMMARY")),
                crate::visible::clipped(rule.val.as_str())
            ));
        }
        if d >= lo {
            dates.push(d);
            if dates.len() >= usize::from(MAX_INSTANCES) {
                break;
            }
        }
    }
    Ok(dates
        .into_iter()
        .map(|d| match start {
            When::Day(_) => When::Day(d.naive_utc().date()),
            When::At(_, source) => When::At(d.with_timezone(&tz).naive_local(), source),
        })
        .collect())
}

/// The rides and runs of an iCalendar text dated `from` to `to` (inclusive) in the zone
/// `tz`, sorted by date and time. Cancelled events are left out; a RECURRENCE-ID
/// override replaces its instance. Errors say what is wrong, for the caller to name the
/// source.
pub fn parse_ics(
    source: &str,
    tz: Tz,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Ride>, String> {
    let unfolded = crate::replaces::lines_ending_in_crlf(&unfold(source));
    // The parser recurses once per nesting level: bounded first (see `replaces`).
    match crate::replaces::structure(&unfolded) {
        crate::replaces::Structure::Fine => {}
        crate::replaces::Structure::TooDeep => {
            return Err("components are nested deeper than a calendar's".to_string());
        }
        crate::replaces::Structure::BadLine => {
            return Err("not an iCalendar file the parser can read".to_string());
        }
    }
    let calendar = read_calendar(&unfolded).map_err(|e| format!("not an iCalendar file ({e})"))?;
    let events: Vec<&Component<'_>> = calendar
        .components
        .iter()
        .filter(|c| c.name.as_str().eq_ignore_ascii_case("VEVENT"))
        .collect();
    // Overridden instances, cancelled ones too: (UID, the instance's original start).
    let overridden: std::collections::HashSet<(String, NaiveDateTime)> = events
        .iter()
        .filter_map(|e| Some((text(e, "UID"), moment(when_of(e, "RECURRENCE-ID", tz)?))))
        .collect();
    let mut out = Vec::new();
    for e in events {
        let Some(start) = when_of(e, "DTSTART", tz) else {
            continue;
        };
        let end = when_of(e, "DTEND", tz);
        let cancelled = text(e, "STATUS").eq_ignore_ascii_case("CANCELLED");
        let is_override = prop(e, "RECURRENCE-ID").is_some();
        if cancelled {
            continue;
        }
        let Some(shape) = shape(e, start, end) else {
            continue;
        };
        let uid = text(e, "UID");
        let list = if is_override {
            vec![start]
        } else {
            instances(e, start, tz, from, to)?
        };
        for w in list {
            if !is_override && overridden.contains(&(uid.clone(), moment(w))) {
                continue;
            }
            if (from..=to).contains(&w.date()) {
                out.push(ride(&shape, w));
            }
        }
    }
    super::sort(&mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::RideRules;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn cal(events: &str) -> String {
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{events}END:VCALENDAR\r\n")
    }

    const BERLIN: Tz = chrono_tz::Europe::Berlin;

    #[test]
    fn trainerroad_all_day_events_with_numbers_in_the_description() {
        let text = cal(
            "BEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20261212\r\nDTEND;VALUE=DATE:20261213\r\nSUMMARY:2:00 - Gibbs\r\nDESCRIPTION:TSS 95\\, IF 0.78\\, kJ(Cal) 1510. Description: Sweet\r\n  spot.\r\nEND:VEVENT\r\n",
        );
        let rides = parse_ics(&text, BERLIN, d("2026-12-01"), d("2026-12-31")).unwrap();
        assert_eq!(rides.len(), 1);
        let r = &rides[0];
        assert_eq!(
            (r.date, r.start, r.minutes),
            (d("2026-12-12"), None, Some(120))
        );
        assert_eq!(r.sport, Sport::Ride);
        assert_eq!(
            (r.tss, r.intensity_factor, r.kj),
            (Some(95.0), Some(0.78), Some(1510.0))
        );
        assert_eq!(r.key(&RideRules::default()).as_deref(), Some("TSS 95"));
    }

    #[test]
    fn zones_recurrence_exceptions_overrides_and_cancellations() {
        let text = cal(concat!(
            "BEGIN:VEVENT\r\nUID:w\r\nDTSTART;TZID=Europe/Berlin:20261201T180000\r\nDTEND;TZID=Europe/Berlin:20261201T193000\r\n",
            "RRULE:FREQ=WEEKLY;COUNT=6\r\nEXDATE;TZID=Europe/Berlin:20261208T180000\r\nSUMMARY:Club ride\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:w\r\nRECURRENCE-ID;TZID=Europe/Berlin:20261215T180000\r\nDTSTART;TZID=Europe/Berlin:20261216T070000\r\nDTEND;TZID=Europe/Berlin:20261216T083000\r\nSUMMARY:Club ride (moved)\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:u\r\nDTSTART:20261203T053000Z\r\nDURATION:PT45M\r\nSUMMARY:Easy run\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:c\r\nDTSTART:20261204T170000Z\r\nSUMMARY:Ride cancelled\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n",
            "BEGIN:VEVENT\r\nUID:x\r\nDTSTART:20261204T090000Z\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\n",
        ));
        let rides = parse_ics(&text, BERLIN, d("2026-12-01"), d("2026-12-31")).unwrap();
        let got: Vec<(String, String, Option<u32>)> = rides
            .iter()
            .map(|r| {
                (
                    format!(
                        "{} {}",
                        r.date,
                        r.start.map(|t| t.to_string()).unwrap_or_default()
                    ),
                    r.title.clone(),
                    r.minutes,
                )
            })
            .collect();
        let want = |a: &str, b: &str, m: u32| (a.to_string(), b.to_string(), Some(m));
        assert_eq!(
            got,
            vec![
                want("2026-12-01 18:00:00", "Club ride", 90),
                want("2026-12-03 06:30:00", "Easy run", 45),
                want("2026-12-16 07:00:00", "Club ride (moved)", 90),
                want("2026-12-22 18:00:00", "Club ride", 90),
                want("2026-12-29 18:00:00", "Club ride", 90),
            ]
        );
        assert_eq!(rides[1].sport, Sport::Run);
        // The window cuts the recurrence.
        let some = parse_ics(&text, BERLIN, d("2026-12-20"), d("2026-12-23")).unwrap();
        assert_eq!(some.len(), 1);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(parse_ics("hello", BERLIN, d("2026-12-01"), d("2026-12-31")).is_err());
        let deep = format!("BEGIN:VCALENDAR\r\n{}", "BEGIN:X\r\n".repeat(100_000));
        assert!(parse_ics(&deep, BERLIN, d("2026-12-01"), d("2026-12-31")).is_err());
        let bad_rule = cal(
            "BEGIN:VEVENT\r\nUID:1\r\nDTSTART:20261201T180000Z\r\nRRULE:FREQ=SOMETIMES\r\nSUMMARY:ride\r\nEND:VEVENT\r\n",
        );
        let e = parse_ics(&bad_rule, BERLIN, d("2026-12-01"), d("2026-12-31")).unwrap_err();
        assert!(e.contains("RRULE"), "{e}");
        assert_eq!(duration_minutes("PT1H30M"), Some(90));
        assert_eq!(duration_minutes("P1DT1H"), Some(1500));
        assert_eq!(duration_minutes("1H"), None);
        assert_eq!(
            duration_minutes("P558160410960457663W"),
            None,
            "no wrap-around"
        );
        // A rule every second from 1900 is refused quickly, not walked for minutes.
        let bomb = cal(
            "BEGIN:VEVENT\r\nUID:b\r\nDTSTART:19000101T000000Z\r\nRRULE:FREQ=SECONDLY\r\nSUMMARY:ride\r\nEND:VEVENT\r\n",
        );
        let e = parse_ics(&bomb, BERLIN, d("2026-12-01"), d("2026-12-31")).unwrap_err();
        assert!(e.contains("repeats too often"), "{e}");
        // 02:30 on the spring-forward night is 03:30.
        let gap = cal(
            "BEGIN:VEVENT\r\nUID:g\r\nDTSTART;TZID=Europe/Berlin:20270328T023000\r\nSUMMARY:Race\r\nEND:VEVENT\r\n",
        );
        let r = parse_ics(&gap, BERLIN, d("2027-03-01"), d("2027-03-31")).unwrap();
        assert_eq!(r[0].start.unwrap().to_string(), "03:30:00");
    }
}
