//! Planned absences (issue 19): `vmo skip --from D --to D` records a holiday ahead of
//! time; its sessions are `away` (not missed) in the plan, `today`/`next`, `stats` and
//! the calendar, the knee's gap rule applies on return, and `log rm --absence` undoes it.
//! Real SQLite logs, the real binary; the plan starts Mon 2026-11-23 (Mon/Wed/Fri) and
//! today is Wed 2026-12-02 (see `common::with_log`).

mod common;

use common::{fresh_log, ok_in, refused_in, run_in, with_log};
use serde_json::Value;

/// A log with every session up to today done, as prescribed.
fn trained() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, db) = fresh_log();
    for d in [
        "2026-11-23",
        "2026-11-25",
        "2026-11-27",
        "2026-11-30",
        "2026-12-02",
    ] {
        ok_in(&db, &["done", "--date", d]);
    }
    (dir, db)
}

fn json_in(db: &std::path::Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok_in(db, args)).unwrap()
}

/// (date, log status or "") of every session of an 8-week plan.
fn statuses(db: &std::path::Path, extra: &[&str]) -> Vec<(String, String)> {
    let mut args = vec!["plan", "--weeks", "8", "--format", "json"];
    args.extend_from_slice(extra);
    let plan = json_in(db, &args);
    plan["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w["sessions"].as_array().unwrap().clone())
        .map(|s| {
            (
                s["date"].as_str().unwrap().to_string(),
                s["log"]["status"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

const HOLIDAY: [&str; 7] = [
    "skip",
    "--from",
    "2026-12-07",
    "--to",
    "2026-12-27",
    "--reason",
    "holiday",
];

#[test]
fn a_holiday_ahead_is_away_in_the_plan_and_not_a_miss() {
    let (_dir, db) = trained();
    // A dry run says what it would record and writes nothing.
    let mut dry = HOLIDAY.to_vec();
    dry.push("--dry-run");
    let out = ok_in(&db, &dry);
    assert!(
        out.starts_with("would record a planned absence 2026-12-07 to 2026-12-27 (“holiday”): 9 sessions away: Mon 2026-12-07,"),
        "{out}"
    );
    assert!(!ok_in(&db, &["log", "list"]).contains("Planned absences"));
    let (code, _, err) = run_in(&db, &HOLIDAY);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("planned absence 1 recorded, 2026-12-07 to 2026-12-27"),
        "{err}"
    );
    assert!(err.contains("9 sessions away"), "{err}");
    for (date, status) in statuses(&db, &[]) {
        let inside = ("2026-12-07".."2026-12-28").contains(&date.as_str());
        assert_eq!(status == "away", inside, "{date}: {status:?}");
    }
    // JSON: away, no entry id, the reason as note.
    let plan = json_in(&db, &["plan", "--weeks", "4", "--format", "json"]);
    let first = &plan["weeks"][2]["sessions"][0];
    assert_eq!(first["log"]["status"], "away");
    assert_eq!(first["log"]["id"], Value::Null);
    // The table says so.
    let table = ok_in(&db, &["plan", "--weeks", "4"]);
    assert!(
        table.contains("away (planned absence 2026-12-07 to 2026-12-27) · “holiday”"),
        "{table}"
    );
    // Four weeks later, stats count them as planned absences, not as misses.
    let stats = json_in(&db, &["stats", "--format", "json", "--today", "2026-12-28"]);
    let a = &stats["adherence"];
    assert_eq!(a["away"], 9, "{a}");
    assert_eq!(a["missed"], 1, "only Fri 4 Dec was missed: {a}");
    assert_eq!(a["done"], 5, "{a}");
    let csv = ok_in(&db, &["stats", "--format", "csv", "--today", "2026-12-28"]);
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(rows[0].last(), Some(&"away"), "{csv}");
    let away: u32 = rows[1..]
        .iter()
        .map(|r| r.last().unwrap().parse::<u32>().unwrap())
        .sum();
    assert_eq!(away, 9, "{csv}");
    let text = ok_in(&db, &["stats", "--today", "2026-12-28"]);
    assert!(
        text.contains("9 away (planned absence, not counted)"),
        "{text}"
    );
}

#[test]
fn today_and_next_step_over_the_absence() {
    let (_dir, db) = trained();
    ok_in(&db, &HOLIDAY);
    let today = ok_in(&db, &["today", "--today", "2026-12-09"]);
    assert!(today.contains("away (planned absence"), "{today}");
    assert!(today.contains("Next session: 2026-12-28"), "{today}");
    let why = ok_in(&db, &["why", "2026-12-09"]);
    assert!(
        why.contains("This session is away (planned absence 2026-12-07 to 2026-12-27) · “holiday”: nothing to do"),
        "{why}"
    );
    assert!(!why.contains(". Wed 2026-12-09: away"), "not a rule: {why}");
    let next = json_in(&db, &["next", "--today", "2026-12-05", "--format", "json"]);
    assert_eq!(next["date"], "2026-12-28", "{next}");
}

/// The knee's gap rule (DESIGN §8: ≥ 3 weeks off → back at about 70 %) applies after a
/// planned absence as after any gap: the plan does not assume the holiday's sessions done.
#[test]
fn the_first_session_back_after_three_weeks_away_is_lighter() {
    let (_dir, db) = trained();
    let load = |plan: &Value, date: &str| -> f64 {
        plan["weeks"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|w| w["sessions"].as_array().unwrap().clone())
            .find(|s| s["date"] == date)
            .unwrap()["knee_load"]
            .as_f64()
            .unwrap()
    };
    let before = json_in(&db, &["plan", "--weeks", "8", "--format", "json"]);
    ok_in(&db, &HOLIDAY);
    let after = json_in(&db, &["plan", "--weeks", "8", "--format", "json"]);
    let last_done = load(&after, "2026-12-02");
    let back = load(&after, "2026-12-28");
    assert!(
        back <= 0.75 * last_done,
        "back at {back}, last done {last_done}"
    );
    assert!(
        back < load(&before, "2026-12-28"),
        "without the absence the plan went on"
    );
    let notes: Vec<String> = after["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w["sessions"].as_array().unwrap().clone())
        .filter(|s| s["date"].as_str().unwrap() <= "2026-12-28")
        .flat_map(|s| s["notes"].as_array().unwrap().clone())
        .map(|n| n.as_str().unwrap().to_string())
        .collect();
    assert!(notes.iter().any(|n| n.contains("back after")), "{notes:#?}");
}

#[test]
fn the_calendar_leaves_the_absence_out_and_cancels_it_on_replace() {
    let (dir, db) = trained();
    let ics = dir.path().join("vmo.ics");
    let file = ics.to_str().unwrap();
    let export = |extra: &[&str]| {
        let mut a = vec!["plan", "--weeks", "6", "--format", "ics"];
        a.extend_from_slice(extra);
        let out = with_log(&db)
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .args(&a)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{a:?}");
        std::fs::read_to_string(&ics).unwrap()
    };
    let old = export(&["-o", file]);
    assert!(old.contains("DTSTART;VALUE=DATE:20261209"));
    ok_in(&db, &HOLIDAY);
    let plain = ok_in(&db, &["plan", "--weeks", "6", "--format", "ics"]);
    for day in ["20261207", "20261209", "20261218", "20261225"] {
        assert!(!plain.contains(&format!("VALUE=DATE:{day}")), "{day}");
    }
    assert!(plain.contains("VALUE=DATE:20261228"));
    let new = export(&["--replaces", file, "-o", file, "--force"]);
    let cal: icalendar::Calendar = new.parse().unwrap();
    use icalendar::Component as _;
    let mut cancelled = 0;
    for e in cal.components.iter().filter_map(|c| c.as_event()) {
        let start = e.property_value("DTSTART").unwrap().to_string();
        let away = ("20261207".."20261228").contains(&start.as_str());
        let status = e.property_value("STATUS").unwrap_or("");
        assert_eq!(status == "CANCELLED", away, "{start}: {status}");
        cancelled += usize::from(away);
    }
    assert_eq!(cancelled, 9);
}

#[test]
fn bad_ranges_are_refused_in_one_line() {
    let (_dir, db) = trained();
    let err = refused_in(&db, &["skip", "--from", "2026-12-20", "--to", "2026-12-10"]);
    assert!(
        err.contains("--to 2026-12-10 is before --from 2026-12-20"),
        "{err}"
    );
    let err = refused_in(&db, &["skip", "--from", "2026-12-07", "--to", "2027-06-08"]);
    assert!(err.contains("at most 26 weeks"), "{err}");
    ok_in(&db, &HOLIDAY);
    let err = refused_in(&db, &["skip", "--from", "2026-12-27", "--to", "2027-01-03"]);
    assert!(
        err.contains("overlaps the planned absence 1 (2026-12-07 to 2026-12-27)"),
        "{err}"
    );
    // A future single day that is no session's is refused, as a past one is.
    let err = refused_in(&db, &["skip", "--date", "2026-12-29"]);
    assert!(err.contains("2026-12-29"), "{err}");
    // --from without --to is clap's error.
    let (code, _, err) = run_in(&db, &["skip", "--from", "2026-12-07"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn log_list_shows_absences_and_log_rm_undoes_one() {
    let (_dir, db) = trained();
    ok_in(&db, &HOLIDAY);
    let (code, _, err) = run_in(
        &db,
        &[
            "skip",
            "--date",
            "2027-01-04",
            "--reason",
            "dentist",
            "--weeks",
            "8",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 session away: Mon 2027-01-04"), "{err}");
    let list = ok_in(&db, &["log", "list"]);
    assert!(list.contains("Planned absences"), "{list}");
    assert!(
        list.contains("1  2026-12-07 to 2026-12-27  21 days: holiday"),
        "{list}"
    );
    assert!(
        list.contains("2  2027-01-04 to 2027-01-04  1 day: dentist"),
        "{list}"
    );
    let (code, _, err) = run_in(&db, &["log", "rm", "--absence", "1"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("removed planned absence 1"), "{err}");
    let away: Vec<String> = statuses(&db, &[])
        .into_iter()
        .filter(|(_, s)| s == "away")
        .map(|(d, _)| d)
        .collect();
    assert_eq!(away, ["2027-01-04"]);
    let err = refused_in(&db, &["log", "rm", "--absence", "1"]);
    assert!(err.contains("no planned absence with id 1"), "{err}");
    // --no-adapt shows the template's plan, absences and all.
    assert!(
        statuses(&db, &["--no-adapt"])
            .iter()
            .all(|(_, s)| s.is_empty())
    );
}

#[test]
fn a_past_single_day_skip_is_still_a_skip() {
    let (_dir, db) = fresh_log();
    ok_in(&db, &["done", "--date", "2026-11-23"]);
    let (code, _, err) = run_in(&db, &["skip", "--date", "2026-11-25", "--reason", "travel"]);
    assert_eq!(code, 0, "{err}");
    let s = statuses(&db, &[]);
    assert_eq!(s[1], ("2026-11-25".to_string(), "skipped".to_string()));
    let list = ok_in(&db, &["log", "list"]);
    assert!(!list.contains("Planned absences"), "{list}");
}
