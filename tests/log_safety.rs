//! Health data that stays safe (issue 18, its open findings), through the real binary on
//! real SQLite files: a log holds only what was done (no date after today), errors name
//! where the log's path came from, reading someone else's database leaves no trace, and a
//! log of the released vmo is recognised by its tables, not by the exact text of its
//! schema.

mod common;

use std::path::{Path, PathBuf};

use common::{output_of, with_log};

/// Runs vmo on the log at `db` (plan from Monday 2026-11-23, today Wednesday 2026-12-02).
fn run_in(db: &Path, args: &[&str]) -> (i32, String, String) {
    output_of(with_log(db).args(args))
}

fn ok(db: &Path, args: &[&str]) -> String {
    let (code, out, err) = run_in(db, args);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

/// An error: exit 2, one line, no panic; returns stderr.
fn refused(db: &Path, args: &[&str]) -> String {
    let (code, out, err) = run_in(db, args);
    assert_eq!(code, 2, "{args:?}: {err}");
    assert!(out.is_empty(), "{args:?}: {out}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.lines().count(), 1, "{args:?}: one line: {err}");
    err
}

fn fresh() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    (dir, db)
}

/// What `vmo log export --format json` says the log holds.
fn export(db: &Path) -> String {
    ok(db, &["log", "export", "--format", "json"])
}

#[test]
fn log_edit_refuses_a_date_after_today() {
    let (_d, db) = fresh();
    ok(&db, &["done", "--date", "2026-11-30"]);
    let before = export(&db);
    let err = refused(&db, &["log", "edit", "1", "--date", "2026-12-03"]);
    assert!(
        err.contains("--date 2026-12-03 is after today (2026-12-02)"),
        "{err}"
    );
    assert_eq!(export(&db), before, "nothing changed");
    // Today comes from --today as well as VMO_TODAY.
    let err = refused(
        &db,
        &[
            "log",
            "edit",
            "1",
            "--today",
            "2026-11-30",
            "--date",
            "2026-12-01",
        ],
    );
    assert!(err.contains("after today (2026-11-30)"), "{err}");
    // Today itself, and the past, are fine.
    ok(&db, &["log", "edit", "1", "--date", "2026-12-02"]);
    ok(&db, &["log", "edit", "1", "--date", "2026-11-25"]);
}

#[test]
fn import_refuses_a_row_dated_after_today_with_its_line() {
    let (dir, db) = fresh();
    let d = dir.path();
    ok(&db, &["done", "--date", "2026-11-30"]);
    let before = export(&db);
    let header =
        "id,date,status,sets,reps,load_kg,rpe,pain_during,pain_morning,swelling,note,extra";
    std::fs::write(
        d.join("in.csv"),
        format!(
            "{header}\n1,2026-11-23,done,2,\"10,10\",,,,,false,,false\n2,2026-12-09,done,2,\"10,10\",,,,,false,,false\n"
        ),
    )
    .unwrap();
    let file = d.join("in.csv");
    let file = file.to_str().unwrap();
    for args in [
        &["log", "import", file][..],
        &["log", "import", file, "--dry-run"],
    ] {
        let err = refused(&db, args);
        assert!(
            err.contains("line 3: date 2026-12-09 is after today (2026-12-02)")
                && err.contains("nothing imported"),
            "{err}"
        );
    }
    // vmo's JSON, with the entry's line.
    std::fs::write(
        d.join("in.json"),
        "[\n  {\"id\": 1, \"date\": \"2026-11-23\", \"status\": \"done\", \"sets\": 1, \"reps\": [10], \"swelling\": false, \"extra\": false},\n  {\"id\": 2, \"date\": \"2027-01-01\", \"status\": \"done\", \"sets\": 1, \"reps\": [10], \"swelling\": false, \"extra\": false}\n]\n",
    )
    .unwrap();
    let err = refused(&db, &["log", "import", d.join("in.json").to_str().unwrap()]);
    assert!(
        err.contains("line 3: entry 2: date 2027-01-01 is after today (2026-12-02)"),
        "{err}"
    );
    // A knee event dated tomorrow is refused too (`vmo cleared` refuses one).
    std::fs::write(
        d.join("event.csv"),
        format!("{header}\n7,2026-12-03,cleared,0,,,,,,false,physio,false\n"),
    )
    .unwrap();
    let err = refused(
        &db,
        &["log", "import", d.join("event.csv").to_str().unwrap()],
    );
    assert!(
        err.contains("line 2: date 2026-12-03 is after today"),
        "{err}"
    );
    // A Strong export: the row of the first squat set dated after today.
    std::fs::write(
        d.join("strong.csv"),
        "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes\n\
         2026-11-24 18:00:00;Legs;Squat (Barbell);1;40;kg;8;;;;;;\n\
         2026-12-05 18:00:00;Legs;Bench Press;1;40;kg;8;;;;;;\n\
         2026-12-05 18:00:00;Legs;Squat (Barbell);1;40;kg;8;;;;;;\n",
    )
    .unwrap();
    let err = refused(
        &db,
        &["log", "import", d.join("strong.csv").to_str().unwrap()],
    );
    assert!(
        err.contains("line 4: Date 2026-12-05 is after today (2026-12-02)"),
        "{err}"
    );
    assert_eq!(export(&db), before, "nothing imported");
    // With today later, the same file imports.
    let (code, _, err) = output_of(
        with_log(&db)
            .env("VMO_TODAY", "2026-12-09")
            .args(["log", "import", file]),
    );
    assert_eq!(code, 0, "{err}");
}

#[test]
fn done_refuses_a_date_after_today_and_skip_keeps_its_behaviour() {
    let (_d, db) = fresh();
    for args in [
        &["done", "--date", "2026-12-04"][..],
        &["done", "--extra", "--date", "2026-12-03"],
        &["done", "--date", "2026-12-04", "--dry-run"],
    ] {
        let err = refused(&db, args);
        assert!(err.contains("is after today (2026-12-02)"), "{err}");
    }
    // `skip --date` is left as it is (planned absences are another issue's).
    let (code, _, err) = run_in(&db, &["skip", "--date", "2026-12-04"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is after today (2026-12-02)"), "{err}");
    assert!(!db.exists() || export(&db).trim() == "[]");
}
