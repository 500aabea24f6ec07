//! The plan as an iCalendar file (RFC 5545) that calendar apps import: one `VEVENT` per
//! training session, optionally one all-day, transparent event per recovery day.
//!
//! A small writer of our own rather than the `icalendar` crate: every property vmo writes
//! is fixed here (stable UIDs, DTSTAMP passed in, all-day DTEND on the next day, our own
//! PRODID), so there is nothing random or clock-dependent to override, and the folding and
//! escaping are short functions with their own tests.
//!
//! Identity and updates: `UID` is `{template}-{plan start}-w{week}-s{slot}@vmo` (recovery:
//! `...-w{week}-r{date}@vmo`), so re-importing a re-generated plan updates the same events.
//! `SEQUENCE` is always 0: a content hash would not be monotonic (clients may ignore an
//! "older" sequence), and with equal sequences the later `DTSTAMP` wins.

use std::fmt::Write;

use crate::units::Unit;
use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::text;
use crate::duration::ical_duration;
use crate::plan::{Plan, Prescription, RecoveryDay, Session, SessionKind, Week};

/// Longest content line in octets, including the leading space of a continuation line.
pub const MAX_LINE_OCTETS: usize = 75;

/// Warm-up time added to every session's estimated duration, minutes.
pub const WARM_UP_MINUTES: u32 = 10;

/// How to turn a plan into calendar events; decided at the edge, read-only here.
#[derive(Debug, Clone, PartialEq)]
pub struct IcsOptions {
    /// Start time of every session; `None` writes all-day events.
    pub at: Option<NaiveTime>,
    /// Length of a timed session in minutes; `None` estimates it from the prescription.
    pub duration_minutes: Option<u32>,
    /// Zone of `at`: times are converted and written in UTC. `None` writes floating time.
    pub tz: Option<Tz>,
    /// Minutes before the start for a display alarm.
    pub remind_minutes: Option<u32>,
    /// Add recovery days as all-day, transparent events.
    pub include_recovery: bool,
    /// The `DTSTAMP` of every event (from `SOURCE_DATE_EPOCH` or the clock).
    pub dtstamp: DateTime<Utc>,
}

/// Renders the whole calendar with CRLF line endings.
pub fn render(plan: &Plan, opts: &IcsOptions) -> String {
    let mut out = String::new();
    let name = format!("vmo · {}", plan.template);
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(
        &mut out,
        &format!("PRODID:-//vmo//vmo {}//EN", env!("CARGO_PKG_VERSION")),
    );
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, &format!("X-WR-CALNAME:{}", escape(&name)));
    line(&mut out, &format!("NAME:{}", escape(&name)));
    let stamp = opts.dtstamp.format("%Y%m%dT%H%M%SZ").to_string();
    let uid_base = format!(
        "{}-{}",
        uid_part(&plan.template),
        plan.start.format("%Y%m%d")
    );
    for week in &plan.weeks {
        let mut events: Vec<(NaiveDate, String)> = week
            .sessions
            .iter()
            .map(|s| {
                (
                    s.date,
                    session_event(week, s, opts, &stamp, &uid_base, plan.units),
                )
            })
            .collect();
        if opts.include_recovery {
            events.extend(
                week.recovery_days
                    .iter()
                    .map(|r| (r.date, recovery_event(r, &stamp, &uid_base))),
            );
        }
        events.sort_by_key(|(d, _)| *d);
        for (_, e) in events {
            out.push_str(&e);
        }
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// `Cyclist squats · W2 · 3×12 · bodyweight` (plus `· light` / `· deload`).
pub fn summary(week: &Week, s: &Session, unit: Unit) -> String {
    let p = &s.prescription;
    let mut t = format!(
        "Cyclist squats · W{} · {} · {}",
        s.week,
        text::sets_reps(p),
        text::load(&p.load, unit)
    );
    if s.kind == SessionKind::Light {
        t.push_str(" · light");
    }
    if week.deload {
        t.push_str(" · deload");
    }
    t
}

/// The whole prescription as plain text, one item per line.
pub fn description(week: &Week, s: &Session, unit: Unit) -> String {
    let p = &s.prescription;
    let mut d = String::new();
    let kind = match s.kind {
        SessionKind::Hard => "",
        SessionKind::Light => ", light technique session",
    };
    let deload = if week.deload { ", deload week" } else { "" };
    let _ = writeln!(d, "Phase: {} (week {}{deload}{kind})", s.phase, s.week);
    let _ = writeln!(d, "Exercise: {} ({})", p.exercise, p.variant);
    let _ = writeln!(d, "Sets × reps: {}", text::sets_reps(p));
    let _ = writeln!(
        d,
        "Tempo: {} (lower {} s, pause {} s, rise {} s)",
        p.tempo, p.tempo.eccentric, p.tempo.pause, p.tempo.concentric
    );
    let _ = writeln!(d, "Heel: {}", text::heel(p));
    let _ = writeln!(d, "Depth: {}", text::depth(p));
    let _ = writeln!(d, "Rest: {} between sets", text::rest(p.rest_seconds));
    let _ = writeln!(d, "Effort: {}", text::effort(p));
    let _ = write!(d, "Load: {}", text::load(&p.load, unit));
    if !p.cues.is_empty() {
        d.push_str("\nCues:");
        for c in &p.cues {
            let _ = write!(d, "\n- {c}");
        }
    }
    if !s.notes.is_empty() {
        d.push_str("\nNotes:");
        for n in &s.notes {
            let _ = write!(d, "\n- {n}");
        }
    }
    d
}

/// Estimated minutes for a session: sets × reps × tempo + rests between sets + warm-up,
/// rounded up to 5 minutes.
pub fn estimated_minutes(p: &Prescription) -> u32 {
    let work = p.sets * p.reps * p.tempo.rep_seconds();
    let rest = p.sets.saturating_sub(1) * p.rest_seconds;
    let minutes = (work + rest).div_ceil(60) + WARM_UP_MINUTES;
    minutes.div_ceil(5) * 5
}

fn session_event(
    week: &Week,
    s: &Session,
    opts: &IcsOptions,
    stamp: &str,
    uid_base: &str,
    unit: Unit,
) -> String {
    let mut e = String::new();
    line(&mut e, "BEGIN:VEVENT");
    line(
        &mut e,
        &format!("UID:{uid_base}-w{}-s{}@vmo", s.week, s.slot),
    );
    line(&mut e, &format!("DTSTAMP:{stamp}"));
    line(&mut e, "SEQUENCE:0");
    match opts.at {
        None => all_day(&mut e, s.date),
        Some(at) => {
            let minutes = opts
                .duration_minutes
                .unwrap_or_else(|| estimated_minutes(&s.prescription));
            let start = s.date.and_time(at);
            let end = start + Duration::minutes(i64::from(minutes));
            line(&mut e, &format!("DTSTART:{}", timed(start, opts.tz)));
            line(&mut e, &format!("DTEND:{}", timed(end, opts.tz)));
        }
    }
    let title = summary(week, s, unit);
    line(&mut e, &format!("SUMMARY:{}", escape(&title)));
    line(
        &mut e,
        &format!("DESCRIPTION:{}", escape(&description(week, s, unit))),
    );
    line(&mut e, "CATEGORIES:vmo,Training");
    if let Some(m) = opts.remind_minutes {
        line(&mut e, "BEGIN:VALARM");
        line(&mut e, "ACTION:DISPLAY");
        line(&mut e, &format!("TRIGGER:-{}", ical_duration(m)));
        line(&mut e, &format!("DESCRIPTION:{}", escape(&title)));
        line(&mut e, "END:VALARM");
    }
    line(&mut e, "END:VEVENT");
    e
}

fn recovery_event(r: &RecoveryDay, stamp: &str, uid_base: &str) -> String {
    let mut e = String::new();
    line(&mut e, "BEGIN:VEVENT");
    line(
        &mut e,
        &format!(
            "UID:{uid_base}-w{}-r{}@vmo",
            r.week,
            r.date.format("%Y%m%d")
        ),
    );
    line(&mut e, &format!("DTSTAMP:{stamp}"));
    line(&mut e, "SEQUENCE:0");
    all_day(&mut e, r.date);
    line(&mut e, &format!("SUMMARY:Recovery day · W{}", r.week));
    line(&mut e, &format!("DESCRIPTION:{}", escape(&r.guidance)));
    line(&mut e, "CATEGORIES:vmo,Recovery");
    line(&mut e, "TRANSP:TRANSPARENT");
    line(&mut e, "END:VEVENT");
    e
}

/// All-day: `DTSTART;VALUE=DATE` and an exclusive `DTEND` on the next day.
fn all_day(e: &mut String, date: NaiveDate) {
    let next = date.succ_opt().unwrap_or(date);
    line(e, &format!("DTSTART;VALUE=DATE:{}", date.format("%Y%m%d")));
    line(e, &format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")));
}

/// Floating local time (`20261207T070000`) or, with a zone, UTC (`20261207T060000Z`).
/// A wall-clock time that does not exist (spring-forward gap) moves one hour later; an
/// ambiguous one (fall-back) takes the earlier instant.
fn timed(local: NaiveDateTime, tz: Option<Tz>) -> String {
    match tz {
        None => local.format("%Y%m%dT%H%M%S").to_string(),
        Some(tz) => {
            let utc = match tz.from_local_datetime(&local) {
                LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
                LocalResult::None => match tz.from_local_datetime(&(local + Duration::hours(1))) {
                    LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
                    LocalResult::None => Utc.from_utc_datetime(&local),
                },
            };
            utc.format("%Y%m%dT%H%M%SZ").to_string()
        }
    }
}

/// Keeps letters, digits, `-` and `.` of a template name for use inside a UID.
fn uid_part(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if cleaned.is_empty() {
        "plan".to_string()
    } else {
        cleaned
    }
}

/// RFC 5545 TEXT escaping: `\` `;` `,` and newlines; other control characters are dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line at 75 octets (continuation lines start with a space, which
/// counts), never inside a UTF-8 character, and ends every physical line with CRLF.
pub fn fold(content: &str) -> String {
    let mut out = String::with_capacity(content.len() + content.len() / 70 * 3 + 2);
    let mut used = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if used + n > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
    out
}

fn line(out: &mut String, content: &str) {
    out.push_str(&fold(content));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unfold(s: &str) -> String {
        s.replace("\r\n ", "").replace("\r\n", "\n")
    }

    #[test]
    fn escaping_text() {
        assert_eq!(escape(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(escape("one\ntwo\r\nthree\rfour"), r"one\ntwo\nthree\nfour");
        assert_eq!(escape("bell\u{7}"), "bell");
        assert_eq!(escape("emoji 🦵 ok"), "emoji 🦵 ok");
    }

    #[test]
    fn short_lines_are_not_folded() {
        assert_eq!(fold("VERSION:2.0"), "VERSION:2.0\r\n");
        let exactly = "X".repeat(75);
        assert_eq!(fold(&exactly), format!("{exactly}\r\n"));
    }

    #[test]
    fn folding_counts_octets_and_the_leading_space() {
        let long = format!("DESCRIPTION:{}", "a".repeat(300));
        let folded = fold(&long);
        for l in folded.split_terminator("\r\n") {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let lines: Vec<&str> = folded.split_terminator("\r\n").collect();
        assert_eq!(lines[0].len(), 75);
        assert_eq!(lines[1].len(), 75);
        assert!(lines[1].starts_with(' '));
        assert_eq!(unfold(&folded), format!("{long}\n"));
    }

    #[test]
    fn folding_never_splits_a_character() {
        for prefix in 0..8 {
            let long = format!("SUMMARY:{}{}", "x".repeat(prefix), "🦵é×ü€".repeat(40));
            let folded = fold(&long);
            for l in folded.split_terminator("\r\n") {
                assert!(l.len() <= 75);
                // Each physical line is valid UTF-8 on its own.
                assert!(std::str::from_utf8(l.as_bytes()).is_ok());
            }
            assert_eq!(unfold(&folded), format!("{long}\n"));
        }
    }

    #[test]
    fn time_zones_convert_to_utc() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let seven = d.and_hms_opt(7, 0, 0).unwrap();
        assert_eq!(timed(seven, None), "20261207T070000");
        assert_eq!(
            timed(seven, Some(chrono_tz::Europe::Berlin)),
            "20261207T060000Z"
        );
        let summer = NaiveDate::from_ymd_opt(2026, 7, 6)
            .unwrap()
            .and_hms_opt(7, 0, 0)
            .unwrap();
        assert_eq!(
            timed(summer, Some(chrono_tz::Europe::Berlin)),
            "20260706T050000Z"
        );
        // 02:30 does not exist in Berlin on 2026-03-29: one hour later, 03:30 CEST.
        let gap = NaiveDate::from_ymd_opt(2026, 3, 29)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert_eq!(
            timed(gap, Some(chrono_tz::Europe::Berlin)),
            "20260329T013000Z"
        );
    }

    #[test]
    fn uid_parts_are_safe() {
        assert_eq!(uid_part("knee-friendly"), "knee-friendly");
        assert_eq!(uid_part("My Plan;1"), "my-plan-1");
        assert_eq!(uid_part(""), "plan");
    }
}
