//! Issue 19: the plan on a timeline. A change of the plan's inputs (`config set --from`,
//! `init --force`) applies from a date on: the weeks before keep the days and numbers they
//! were planned with, logged sessions keep their dates, and a calendar replaced across the
//! change loses no session and moves none into the past. Real SQLite logs, the real binary,
//! and the calendars read back by two parsers (the `icalendar` crate and Python's
//! `icalendar`) and imported into calcurse.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, NaiveDate};
use common::{output_of, vmo};
use serde_json::Value;

/// One person's profile and log in a scratch folder.
struct Person {
    dir: tempfile::TempDir,
}

impl Person {
    fn new() -> Person {
        Person {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn cfg(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("log.db")
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_str().unwrap().to_string()
    }

    /// Runs vmo as this person on `today`: (code, stdout, stderr).
    fn run(&self, today: NaiveDate, args: &[&str]) -> (i32, String, String) {
        output_of(
            vmo()
                .env("VMO_CONFIG", self.cfg())
                .env("VMO_DB", self.db())
                .env("VMO_TODAY", today.to_string())
                .env("SOURCE_DATE_EPOCH", "1700000000")
                .args(args),
        )
    }

    fn ok(&self, today: NaiveDate, args: &[&str]) -> String {
        let (code, out, err) = self.run(today, args);
        assert_eq!(code, 0, "{args:?} on {today}: {err}");
        out
    }

    fn json(&self, today: NaiveDate, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(today, args)).unwrap()
    }
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// (date, weekday, prescription) of every session of a plan's JSON.
fn sessions(plan: &Value) -> Vec<(NaiveDate, String, Value)> {
    plan["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w["sessions"].as_array().unwrap().clone())
        .map(|s| {
            (
                d(s["date"].as_str().unwrap()),
                s["weekday"].as_str().unwrap().to_string(),
                s["prescription"].clone(),
            )
        })
        .collect()
}

const START: &str = "2026-11-03";

/// A person on Tue/Thu/Sat since 3 Nov who logged every session before `change`.
fn logged_until(change: NaiveDate) -> Person {
    let p = Person::new();
    p.ok(
        d(START),
        &[
            "init",
            "--start",
            START,
            "--days",
            "tue,thu,sat",
            "--template",
            "foundation",
        ],
    );
    let mut day = d(START);
    while day < change {
        if matches!(day.weekday().num_days_from_monday(), 1 | 3 | 5) {
            let date = day.to_string();
            p.ok(day, &["done", "--date", &date, "--pain", "1"]);
        }
        day = day + Days::new(1);
    }
    p
}

#[test]
fn a_change_of_days_on_any_weekday_keeps_the_past_and_loses_no_session() {
    // One change on each day of a week, Mon 16 to Sun 22 Nov.
    for offset in 0..7 {
        let change = d("2026-11-16") + Days::new(offset);
        let p = logged_until(change);
        let ics = p.path("vmo.ics");
        let plan_args = ["plan", "--weeks", "6", "--format", "json"];
        // The calendar as exported the week before, and the plan and stats on the day.
        p.ok(
            change - Days::new(7),
            &["plan", "--weeks", "6", "--at", "07:00", "-o", &ics],
        );
        let old_ics = std::fs::read_to_string(&ics).unwrap();
        let plan_before = p.json(change, &plan_args);
        // Stats as of the day before: the past the change must not rewrite.
        let yesterday = change - Days::new(1);
        let stats_before = p.json(yesterday, &["stats", "--format", "json"]);

        let (_, _, err) = p.run(change, &["config", "set", "days", "mon,wed,fri"]);
        assert!(
            err.contains(&format!("the plan changes from {change} on")),
            "{err}"
        );
        let plan_after = p.json(change, &plan_args);
        let stats_after = p.json(yesterday, &["stats", "--format", "json"]);
        assert_eq!(stats_before, stats_after, "change on {change}: stats");
        let past = |plan: &Value| -> Vec<_> {
            sessions(plan)
                .into_iter()
                .filter(|s| s.0 < change)
                .collect()
        };
        assert_eq!(past(&plan_before), past(&plan_after), "change on {change}");
        let future: Vec<_> = sessions(&plan_after)
            .into_iter()
            .filter(|s| s.0 >= change)
            .collect();
        assert!(!future.is_empty());
        for (date, weekday, _) in &future {
            assert!(
                ["mon", "wed", "fri"].contains(&weekday.as_str()),
                "change on {change}: a session on {date} ({weekday})"
            );
        }

        // The calendar replaced on the day: every session from today on is in it and not
        // cancelled, none moved before today, and the days before are as they were.
        p.ok(
            change,
            &[
                "plan",
                "--weeks",
                "6",
                "--at",
                "07:00",
                "--replaces",
                &ics,
                "-o",
                &ics,
                "--force",
            ],
        );
        let new_ics = std::fs::read_to_string(&ics).unwrap();
        for events in [crate_reader(&new_ics), python_reader(&ics)] {
            let live: BTreeMap<NaiveDate, usize> =
                events
                    .iter()
                    .filter(|e| !e.cancelled)
                    .fold(BTreeMap::new(), |mut m, e| {
                        *m.entry(e.date).or_default() += 1;
                        m
                    });
            for (date, _, _) in &future {
                assert_eq!(
                    live.get(date),
                    Some(&1),
                    "change on {change}: the session on {date} is not in the calendar once"
                );
            }
            for (date, n) in live.range(change..) {
                assert!(
                    future.iter().any(|s| s.0 == *date),
                    "change on {change}: {n} live event(s) on {date}, where the plan has none"
                );
            }
            let old = crate_reader(&old_ics);
            for e in old.iter().filter(|e| e.date < change) {
                assert!(
                    events.iter().any(|n| n.uid == e.uid && n.date == e.date),
                    "change on {change}: the event of {} moved or went",
                    e.date
                );
            }
        }
        // `today` names the session the calendar has.
        let today = p.json(change, &["today", "--format", "json"]);
        if ["hard", "light"].contains(&today["kind"].as_str().unwrap_or_default())
            && let Some(date) = today["date"].as_str()
        {
            assert!(
                future.iter().any(|s| s.0 == d(date)),
                "change on {change}: today says {date}"
            );
        }
    }
}

/// An event as a reader saw it.
#[derive(Debug)]
struct Event {
    uid: String,
    date: NaiveDate,
    cancelled: bool,
}

fn crate_reader(raw: &str) -> Vec<Event> {
    use icalendar::{CalendarDateTime, Component as _, DatePerhapsTime};
    let cal: icalendar::Calendar = raw.parse().expect("icalendar parses it");
    cal.components
        .iter()
        .filter_map(|c| c.as_event())
        .map(|e| Event {
            uid: e.get_uid().unwrap().to_string(),
            date: match e.get_start().unwrap() {
                DatePerhapsTime::Date(d) => d,
                DatePerhapsTime::DateTime(CalendarDateTime::Floating(t)) => t.date(),
                DatePerhapsTime::DateTime(CalendarDateTime::Utc(t)) => t.date_naive(),
                DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, .. }) => {
                    date_time.date()
                }
            },
            cancelled: e.property_value("STATUS") == Some("CANCELLED"),
        })
        .collect()
}

/// Python's `icalendar` (installed by `.ci/run`): UID, start date and status of every
/// event. Skipped (empty) where it is missing, unless VMO_REQUIRE_TOOLS is set (CI).
fn python_reader(path: &str) -> Vec<Event> {
    let script = "import sys, icalendar\n\
        cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\n\
        for e in cal.walk('VEVENT'):\n\
        \x20   s = e.decoded('DTSTART')\n\
        \x20   d = s.date() if hasattr(s, 'date') else s\n\
        \x20   print(str(e['UID']), d.isoformat(), str(e.get('STATUS', '')))\n";
    let out = std::process::Command::new("python3")
        .args(["-c", script, path])
        .output();
    let Some(out) = out.ok().filter(|o| o.status.success()) else {
        assert!(
            std::env::var_os("VMO_REQUIRE_TOOLS").is_none(),
            "python3 with icalendar is required (pip install icalendar)"
        );
        eprintln!("python3 icalendar not available; skipping its read-back");
        return Vec::new();
    };
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let mut parts = l.split(' ');
            Event {
                uid: parts.next().unwrap().to_string(),
                date: d(parts.next().unwrap()),
                cancelled: parts.next() == Some("CANCELLED"),
            }
        })
        .collect()
}

#[test]
fn the_history_shows_each_change_and_refuses_one_before_the_last() {
    let change = d("2026-11-18");
    let p = logged_until(change);
    p.ok(
        change,
        &["config", "set", "days", "mon,thu", "--from", "2026-11-23"],
    );
    p.ok(
        change,
        &[
            "config",
            "set",
            "bodyweight",
            "70kg",
            "--from",
            "2026-11-30",
        ],
    );
    let text = p.ok(change, &["config", "history"]);
    assert!(
        text.contains("From the start (recorded 2026-11-18):"),
        "{text}"
    );
    assert!(text.contains("  days = tue,thu,sat"), "{text}");
    assert!(
        text.contains("From 2026-11-23 (recorded 2026-11-18):\n  days: tue,thu,sat → mon,thu"),
        "{text}"
    );
    assert!(text.contains("  bodyweight: (unset) → 70kg"), "{text}");
    let json = p.json(change, &["config", "history", "--format", "json"]);
    assert_eq!(json.as_array().unwrap().len(), 3);
    assert_eq!(json[0]["from"], Value::Null);
    assert_eq!(json[2]["from"], "2026-11-30");
    assert_eq!(json[2]["changed"][0]["key"], "bodyweight");
    // Planned on the days in force: Tue/Thu/Sat until the 22nd, Mon/Thu from the 23rd.
    let plan = p.json(change, &["plan", "--weeks", "6", "--format", "json"]);
    for (date, weekday, _) in sessions(&plan) {
        let allowed: &[&str] = if date < d("2026-11-23") {
            &["tue", "thu", "sat"]
        } else {
            &["mon", "thu"]
        };
        assert!(allowed.contains(&weekday.as_str()), "{date} {weekday}");
    }
    // A change dated before the last one recorded is refused, and nothing is written.
    let cfg = std::fs::read_to_string(p.cfg()).unwrap();
    let (code, _, err) = p.run(
        change,
        &["config", "set", "days", "tue,fri", "--from", "2026-11-25"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(
            "--from 2026-11-25 is before the last recorded change of the plan (2026-11-30)"
        ),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(p.cfg()).unwrap(), cfg);
    // Only the plan's inputs are dated.
    let (code, _, err) = p.run(
        change,
        &["config", "set", "weeks", "8", "--from", "2026-12-01"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("weeks is not a dated setting"), "{err}");
}

#[test]
fn a_hand_edited_profile_holds_from_the_last_change_on() {
    let change = d("2026-11-18");
    let p = logged_until(change);
    p.ok(
        change,
        &["config", "set", "days", "mon,thu", "--from", "2026-11-23"],
    );
    // Edited by hand: the days become Tue/Fri, from the last recorded change on.
    let cfg = std::fs::read_to_string(p.cfg()).unwrap();
    std::fs::write(p.cfg(), cfg.replace("mon,thu", "tue,fri")).unwrap();
    let plan = p.json(change, &["plan", "--weeks", "6", "--format", "json"]);
    for (date, weekday, _) in sessions(&plan) {
        let allowed: &[&str] = if date < d("2026-11-23") {
            &["tue", "thu", "sat"]
        } else {
            &["tue", "fri"]
        };
        assert!(allowed.contains(&weekday.as_str()), "{date} {weekday}");
    }
    let text = p.ok(change, &["config", "history"]);
    assert!(text.contains("days: tue,thu,sat → tue,fri"), "{text}");
    // The next change keeps the hand edit where it held.
    p.ok(
        change,
        &[
            "config",
            "set",
            "bodyweight",
            "70kg",
            "--from",
            "2026-12-07",
        ],
    );
    let plan = p.json(change, &["plan", "--weeks", "6", "--format", "json"]);
    for (date, weekday, _) in sessions(&plan) {
        if date >= d("2026-11-23") {
            assert!(
                ["tue", "fri"].contains(&weekday.as_str()),
                "{date} {weekday}"
            );
        }
    }
}

#[test]
fn a_change_of_template_keeps_the_weeks_before_it_and_the_calendar_identity() {
    let change = d("2026-11-18");
    let p = logged_until(change);
    let ics = p.path("vmo.ics");
    p.ok(change, &["plan", "--weeks", "6", "-o", &ics]);
    let before = p.json(change, &["plan", "--weeks", "6", "--format", "json"]);
    p.ok(change, &["config", "set", "template", "knee-friendly"]);
    let after = p.json(change, &["plan", "--weeks", "6", "--format", "json"]);
    let past = |plan: &Value| -> Vec<_> {
        sessions(plan)
            .into_iter()
            .filter(|s| s.0 < change)
            .collect()
    };
    assert_eq!(past(&before), past(&after));
    let template_only = p.json(
        change,
        &[
            "plan",
            "--weeks",
            "6",
            "--format",
            "json",
            "--template",
            "knee-friendly",
        ],
    );
    let future = |plan: &Value| -> Vec<_> {
        sessions(plan)
            .into_iter()
            .filter(|s| s.0 >= change)
            .map(|s| s.0)
            .collect()
    };
    assert_eq!(future(&after), future(&template_only));
    // The same calendar: every old UID is updated or cancelled, none left behind.
    let old = crate_reader(&std::fs::read_to_string(&ics).unwrap());
    p.ok(
        change,
        &[
            "plan",
            "--weeks",
            "6",
            "--replaces",
            &ics,
            "-o",
            &ics,
            "--force",
        ],
    );
    let events = crate_reader(&std::fs::read_to_string(&ics).unwrap());
    for o in &old {
        assert!(
            events.iter().any(|e| e.uid == o.uid),
            "{} left behind",
            o.uid
        );
    }
    assert!(
        events
            .iter()
            .all(|e| e.uid.starts_with("foundation-20261103")),
        "{events:?}"
    );
}

/// Imports the calendar replaced across a change of days into calcurse.
#[test]
fn calcurse_imports_a_calendar_replaced_across_a_change_of_days() {
    let found = std::process::Command::new("calcurse")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("VMO_REQUIRE_TOOLS").is_none(),
            "calcurse is required"
        );
        eprintln!("calcurse not installed; skipping");
        return;
    }
    let change = d("2026-11-19");
    let p = logged_until(change);
    let ics = p.path("vmo.ics");
    p.ok(change - Days::new(7), &["plan", "--weeks", "4", "-o", &ics]);
    p.ok(change, &["config", "set", "days", "mon,wed,fri"]);
    p.ok(
        change,
        &[
            "plan",
            "--weeks",
            "4",
            "--replaces",
            &ics,
            "-o",
            &ics,
            "--force",
        ],
    );
    let data = Path::new(&p.path("calcurse")).to_path_buf();
    std::fs::create_dir(&data).unwrap();
    let out = std::process::Command::new("calcurse")
        .arg("-D")
        .arg(&data)
        .arg("-i")
        .arg(&ics)
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success() && all.contains(" 0 skipped"), "{all}");
    let apts = std::fs::read_to_string(data.join("apts")).unwrap();
    // Every session of the plan from the change on is an appointment on its day.
    let plan = p.json(change, &["plan", "--weeks", "4", "--format", "json"]);
    for (date, _, _) in sessions(&plan).into_iter().filter(|s| s.0 >= change) {
        let us = format!("{:02}/{:02}/{}", date.month(), date.day(), date.year());
        assert!(apts.contains(&us), "{date} missing from calcurse:\n{apts}");
    }
}
