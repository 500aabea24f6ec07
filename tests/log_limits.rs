//! One set of limits for every way into the training log (flags, `log edit`, vmo CSV and
//! JSON, Strong CSV): hostile files are refused whole with the line at fault, whatever
//! can be imported exports and imports back, and a large log stays usable.

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use proptest::prelude::*;
use vmo::log::Store;
use vmo::log::exchange::{self, CSV_HEADER};
use vmo::log::parse::{FIRST_DATE, LAST_DATE, MAX_COUNT, MAX_LOAD_KG, MAX_NOTE_CHARS};
use vmo::plan::adapt::{Entry, Status, Symptoms};

fn run_in(db: &Path, args: &[&str]) -> (i32, String, String) {
    common::output_of(common::with_log(db).args(args))
}

fn ok(db: &Path, args: &[&str]) -> String {
    let (code, out, err) = run_in(db, args);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

fn fresh() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    (dir, db)
}

/// Imports `text` into a log holding one entry, expects a refusal naming `needle`, and
/// checks the log is byte-identical afterwards.
fn refused(name: &str, text: &[u8], needle: &str) -> String {
    let (dir, db) = fresh();
    ok(&db, &["done", "--date", "2026-11-23"]);
    let file = dir.path().join(name);
    std::fs::write(&file, text).unwrap();
    let before = std::fs::read(&db).unwrap();
    let (code, out, err) = run_in(&db, &["log", "import", file.to_str().unwrap()]);
    assert_eq!(code, 2, "{name}: {err}");
    assert!(out.is_empty());
    assert!(err.contains(needle), "{name}: {needle:?} not in {err}");
    assert!(err.trim_end().ends_with("; nothing imported"), "{err}");
    assert!(
        err.len() < 600,
        "the message is cut short: {} bytes",
        err.len()
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "{name} changed the log"
    );
    let list = ok(&db, &["log", "list", "--format", "csv"]);
    assert_eq!(list.lines().count(), 2, "{name}: {list}");
    err
}

const STRONG_HEAD: &str = "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes\n";

#[test]
fn a_strong_row_of_900_kg_is_refused_with_its_line() {
    let text = format!(
        "{STRONG_HEAD}2026-11-23 07:30:00;Legs;Back Squat (Barbell);1;100;kg;5;;;;0;;\n2026-11-23 07:30:00;Legs;Back Squat (Barbell);2;900;kg;5;;;;0;;\n"
    );
    refused("strong.csv", text.as_bytes(), "line 3: Weight 900 kg");
    // 1000 lb is 453.6 kg: allowed; 1200 lb is 544.3 kg: not.
    let text = format!("{STRONG_HEAD}2026-11-23 07:30:00;Legs;Squat;1;1200;lbs;5;;;;0;;\n");
    refused("strong-lb.csv", text.as_bytes(), "line 2: Weight 1200 lbs");
}

#[test]
fn a_strong_day_of_201_sets_is_refused_at_the_201st() {
    let mut text = STRONG_HEAD.to_string();
    for i in 1..=201 {
        text.push_str(&format!(
            "2026-11-23 07:30:00;Legs;Squat;{i};10;kg;5;;;;0;;\n"
        ));
    }
    refused(
        "strong.csv",
        text.as_bytes(),
        "line 202: more than 200 sets",
    );
}

#[test]
fn eleven_million_sets_from_json_are_refused_with_a_line() {
    let mut text = String::from(
        "[\n{\"id\":1,\"date\":\"2026-11-25\",\"status\":\"done\",\"sets\":11000000,\"reps\":[",
    );
    text.push_str(&vec!["12"; 11_000_000].join(","));
    text.push_str("],\"load_kg\":null,\"rpe\":null,\"pain_during\":null,\"pain_morning\":null,\"swelling\":false,\"note\":null,\"extra\":false}\n]\n");
    refused(
        "sets.json",
        text.as_bytes(),
        "line 2: entry 1: more than 200 sets",
    );
}

#[test]
fn a_60_mib_note_is_refused_with_its_line_before_it_is_read() {
    // Files are read a row at a time; a row past 1 MiB stops the read there.
    let note = "n".repeat(60 * 1024 * 1024);
    let csv = format!(
        "{}\n1,2026-11-25,done,1,8,,,,,false,short,false,false,false,false\n2,2026-11-25,done,1,8,,,,,false,{note},false,false,false,false\n",
        CSV_HEADER.join(",")
    );
    let err = refused(
        "note.csv",
        csv.as_bytes(),
        "line 3: a row longer than 1 MiB",
    );
    assert!(err.contains(&format!("at most {MAX_NOTE_CHARS}")), "{err}");
    let json = format!(
        "[{{\"id\":1,\"date\":\"2026-11-25\",\"status\":\"done\",\"sets\":0,\"reps\":[],\"load_kg\":null,\"rpe\":null,\n\"pain_during\":null,\"pain_morning\":null,\"swelling\":false,\"note\":\"{note}\",\"extra\":false}}]"
    );
    let err = refused(
        "note.json",
        json.as_bytes(),
        "line 1: entry 1: longer than 1 MiB",
    );
    assert!(err.contains(&format!("at most {MAX_NOTE_CHARS}")), "{err}");
}

#[test]
fn every_way_in_refuses_what_the_others_refuse() {
    let head = CSV_HEADER.join(",");
    let row = |date: &str, load: &str, note: &str| {
        format!("{head}\n1,{date},done,1,8,{load},,,,false,{note},false,false,false,false\n")
    };
    refused(
        "load.csv",
        row("2026-11-25", "500.5", "").as_bytes(),
        "line 2: load_kg 500.5",
    );
    refused(
        "date.csv",
        row("1969-12-31", "", "").as_bytes(),
        "line 2: date 1969-12-31",
    );
    refused(
        "date2.csv",
        row("2101-01-01", "", "").as_bytes(),
        "line 2: date 2101-01-01",
    );
    let long = "é".repeat(MAX_NOTE_CHARS + 1);
    refused(
        "note.csv",
        row("2026-11-25", "", &long).as_bytes(),
        "line 2: note",
    );
    // The same note given as a flag, and the same date to `log edit`.
    let (_d, db) = fresh();
    let (code, _, err) = run_in(&db, &["done", "--note", &long]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!("--note: {} characters", MAX_NOTE_CHARS + 1)),
        "{err}"
    );
    assert!(!err.contains(&long), "the note is not echoed");
    let (code, _, err) = run_in(&db, &["skip", "--reason", &long]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--reason: "), "{err}");
    assert!(!db.exists());
    ok(&db, &["done", "--note", &"é".repeat(MAX_NOTE_CHARS)]);
    let (code, _, err) = run_in(&db, &["log", "edit", "1", "--note", &long]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--note: "), "{err}");
}

#[test]
fn a_log_with_a_huge_entry_says_which_and_can_be_mended() {
    let (_d, db) = fresh();
    ok(&db, &["done", "--date", "2026-11-30"]);
    ok(&db, &["done", "--date", "2026-11-23"]);
    // Written by an older vmo, or by hand.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE entries SET reps = ?1 WHERE id = 1",
        [vec!["12"; 1_000_000].join(",")],
    )
    .unwrap();
    drop(conn);
    let (code, _, err) = run_in(&db, &["today"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("log entry 1")
            && err.contains("more than 200 sets")
            && err.contains("vmo log rm 1"),
        "{err}"
    );
    assert!(err.len() < 600, "{err}");
    ok(&db, &["log", "edit", "1", "--sets", "3x12"]);
    ok(&db, &["today"]);
}

#[test]
fn a_100000_entry_import_works() {
    let (dir, db) = fresh();
    let mut csv = CSV_HEADER.join(",") + "\n";
    let start = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
    for i in 0..100_000u32 {
        let date = start + chrono::Days::new(u64::from(i / 3));
        csv.push_str(&format!(
            "{},{date},done,3,\"12,12,10\",10,7.5,2,,false,session {i},{},false,false,false\n",
            i + 1,
            i % 3 != 0
        ));
    }
    let file = dir.path().join("big.csv");
    std::fs::write(&file, &csv).unwrap();
    // The entries run to 2091: today is put after them (a log holds what was done).
    let (code, _, err) = run_in(
        &db,
        &[
            "log",
            "import",
            "--today",
            "2092-01-01",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("imported 100000 entries"), "{err}");
    let back = ok(&db, &["log", "export"]);
    assert_eq!(back, csv);
    ok(&db, &["today"]);
    ok(&db, &["stats", "--format", "json"]);
}

#[test]
fn a_log_whose_export_is_over_64_mib_imports_back() {
    // Imports were once refused over 64 MiB, which 17,000 entries with notes at the limit
    // (1000 characters of 4 bytes) pass: every export imports back, however long.
    let (dir, db) = fresh();
    let note = "🦵".repeat(MAX_NOTE_CHARS);
    let start = NaiveDate::from_ymd_opt(1980, 1, 1).unwrap();
    let entries: Vec<Entry> = (0..17_000u32)
        .map(|i| Entry {
            id: 0,
            date: start + chrono::Days::new(u64::from(i / 2)),
            status: Status::Done,
            reps: vec![12, 12, 10],
            load_kg: Some(10.0),
            rpe: Some(7.5),
            pain_during: Some(f64::from(i % 3)),
            pain_morning: None,
            symptoms: Symptoms::default(),
            note: Some(note.clone()),
            extra: i % 2 == 1,
        })
        .collect();
    Store::open(&vmo::log::LogPath::flag(&db))
        .unwrap()
        .insert(&entries)
        .unwrap();
    drop(entries);
    for format in ["csv", "json"] {
        let file = dir.path().join(format!("log.{format}"));
        ok(
            &db,
            &[
                "log",
                "export",
                "--format",
                format,
                "-o",
                file.to_str().unwrap(),
            ],
        );
        let size = std::fs::metadata(&file).unwrap().len();
        assert!(size > 64 * 1024 * 1024, "{format}: {size} bytes");
        let back = dir.path().join(format!("back-{format}.db"));
        let (code, _, err) = run_in(&back, &["log", "import", file.to_str().unwrap()]);
        assert_eq!(code, 0, "{format}: {err}");
        assert!(err.contains("imported 17000 entries"), "{err}");
        let again = dir.path().join(format!("again.{format}"));
        ok(
            &back,
            &[
                "log",
                "export",
                "--format",
                format,
                "-o",
                again.to_str().unwrap(),
            ],
        );
        assert!(
            std::fs::read(&file).unwrap() == std::fs::read(&again).unwrap(),
            "{format}: the log imported back exports differently"
        );
        std::fs::remove_file(&again).unwrap();
    }
}

// ---------------------------------------------------------------------------------------
// Whatever can be imported exports and imports back.

fn half_points(lo: u32, hi: u32) -> impl Strategy<Value = Option<f64>> {
    proptest::option::of((lo * 2..=hi * 2).prop_map(|h| f64::from(h) / 2.0))
}

fn entry() -> impl Strategy<Value = Entry> {
    let days = (LAST_DATE - FIRST_DATE).num_days() as u64;
    (
        (
            0..=days,
            any::<bool>(),
            proptest::collection::vec(1..=MAX_COUNT, 0..=MAX_COUNT as usize),
        ),
        (
            proptest::option::of(prop_oneof![
                (0..=(MAX_LOAD_KG as u32 * 1000)).prop_map(|g| f64::from(g) / 1000.0),
                (0.0..=MAX_LOAD_KG),
                Just(MAX_LOAD_KG),
            ]),
            half_points(1, 10),
            half_points(0, 10),
            half_points(0, 10),
        ),
        (
            any::<[bool; 5]>(),
            proptest::option::of(".{1,40}|\\PC{990,1000}|[=+@\"',\r\n -]{1,9}"),
        ),
    )
        .prop_map(
            |((d, done, reps), (load_kg, rpe, pain_during, pain_morning), (b, note))| Entry {
                id: 0,
                date: FIRST_DATE + chrono::Days::new(d),
                status: if done { Status::Done } else { Status::Skipped },
                reps,
                load_kg,
                rpe,
                pain_during,
                pain_morning,
                symptoms: Symptoms {
                    swelling: b[0],
                    locking: b[1],
                    giving_way: b[2],
                    night_pain: b[3],
                },
                note,
                extra: b[4],
            },
        )
}

/// Entries as a vmo log holds them: what every way in would store.
fn stored(mut entries: Vec<Entry>) -> Vec<Entry> {
    // A day holds one planned session (as `vmo done` and the import keep it): the others
    // of that day are extras.
    let mut planned = std::collections::HashSet::new();
    for (i, e) in entries.iter_mut().enumerate() {
        if !e.extra && !planned.insert(e.date) {
            e.extra = true;
        }
        e.id = i as i64 + 1;
        *e = vmo::log::parse::check_entry(e.clone()).expect("a valid entry");
    }
    entries
}

proptest! {
    #![proptest_config(common::proptest_config())]

    #[test]
    fn valid_entries_export_and_import_back(entries in proptest::collection::vec(entry(), 0..6)) {
        let entries = stored(entries);
        let dir = tempfile::tempdir().unwrap();
        let mut want = entries.clone();
        want.sort_by_key(|e| (e.date, e.id));
        // A later entry with the same content is a duplicate, skipped.
        let mut seen = Vec::new();
        want.retain(|e| {
            let mut k = e.clone();
            k.id = 0;
            let new = !seen.contains(&k);
            seen.push(k);
            new
        });
        for (name, text) in [("csv", exchange::to_csv(&entries)), ("json", exchange::to_json(&entries))] {
            let (_, parsed) = exchange::parse(&text).map_err(|e| TestCaseError::fail(format!("{name}: {e}\n{text}")))?;
            let mut store = Store::open(&vmo::log::LogPath::flag(dir.path().join(format!("{name}.db")))).unwrap();
            store.import(parsed, false).unwrap();
            prop_assert_eq!(&store.entries().unwrap(), &want, "{}", name);
        }
    }
}

#[test]
fn a_crlf_file_names_the_right_line() {
    let head = CSV_HEADER.join(",");
    // (A day other than the log's: one planned session a day.)
    let good = "1,2026-11-25,done,1,8,,,,,false,,false,false,false,false";
    let bad = "2,2026-13-25,done,1,8,,,,,false,,false,false,false,false";
    let text = format!("{head}\r\n{good}\r\n{bad}\r\n");
    refused("crlf.csv", text.as_bytes(), "line 3: date \"2026-13-25\"");
    // A quoted note across lines: the row's first line.
    let text = format!(
        "{head}\r\n1,2026-11-25,done,1,8,,,,,false,\"two\r\nlines\",false,false,false,false\r\n{bad}\r\n"
    );
    refused("crlf2.csv", text.as_bytes(), "line 4: date \"2026-13-25\"");
    let strong = STRONG_HEAD.replace('\n', "\r\n")
        + "2026-11-23 07:30:00;Legs;Squat;1;10;kg;5;;;;0;;\r\n2026-11-23 07:30:00;Legs;Squat;2;10;kg;five;;;;0;;\r\n";
    refused("strong.csv", strong.as_bytes(), "line 3: Reps \"five\"");
}

#[test]
fn json_years_0000_and_262142_are_refused() {
    for year in ["0000", "+262142"] {
        let json = format!(
            "[\n  {{\"id\":1,\"date\":\"{year}-01-01\",\"status\":\"skipped\",\"sets\":0,\"reps\":[],\"load_kg\":null,\"rpe\":null,\"pain_during\":null,\"pain_morning\":null,\"swelling\":false,\"note\":null,\"extra\":false}}\n]\n"
        );
        refused(
            "years.json",
            json.as_bytes(),
            &format!(
                "line 2: entry 1: date {year}-01-01 is outside the dates a log holds (1970-01-01 to 2100-12-31)"
            ),
        );
    }
}

#[test]
fn log_edit_refuses_a_date_out_of_range_or_already_logged() {
    let (_d, db) = fresh();
    ok(&db, &["done", "--date", "2026-11-23"]);
    ok(&db, &["done", "--date", "2026-11-25"]);
    ok(&db, &["done", "--date", "2026-11-25", "--extra"]);
    let before = ok(&db, &["log", "list", "--format", "csv"]);
    let (code, _, err) = run_in(&db, &["log", "edit", "1", "--date", "9999-12-31"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--date 9999-12-31 is outside the dates a log holds"),
        "{err}"
    );
    let (code, _, err) = run_in(&db, &["log", "edit", "1", "--date", "2026-11-25"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("the session of 2026-11-25 is already logged (done, id 2)"),
        "{err}"
    );
    assert_eq!(ok(&db, &["log", "list", "--format", "csv"]), before);
    // An extra session may move onto a logged day, and an entry may keep its own date.
    ok(&db, &["log", "edit", "3", "--date", "2026-11-23"]);
    ok(
        &db,
        &["log", "edit", "2", "--date", "2026-11-25", "--pain", "1"],
    );
    // A planned entry may move to a free day.
    ok(&db, &["log", "edit", "1", "--date", "2026-11-27"]);
}
