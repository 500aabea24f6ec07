//! The training log through the real binary, on a real SQLite file: logging, the plan
//! following the log, the file's permissions, bad databases, concurrent writers, a writer
//! killed mid-import, and import/export round trips.

mod common;

use std::path::{Path, PathBuf};

use common::vmo;

/// Runs vmo against the log at `db`, with a plan starting Monday 2026-11-23 and "today"
/// Wednesday 2026-12-02 unless the arguments say otherwise.
fn run_in(db: &Path, args: &[&str]) -> (i32, String, String) {
    common::output_of(common::with_log(db).args(args))
}

fn ok(db: &Path, args: &[&str]) -> String {
    let (code, out, err) = run_in(db, args);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

/// A `std::process::Command` for vmo (to spawn and kill), isolated like `common::vmo`.
fn spawnable(db: &Path) -> std::process::Command {
    spawnable_as(db, assert_cmd::cargo::cargo_bin("vmo").as_os_str())
}

fn spawnable_as(db: &Path, program: &std::ffi::OsStr) -> std::process::Command {
    let mut c = std::process::Command::new(program);
    for (k, _) in std::env::vars() {
        if k.starts_with("VMO_") || k.starts_with("XDG_") {
            c.env_remove(k);
        }
    }
    c.env("HOME", "/nonexistent")
        .env("VMO_DB", db)
        .env("VMO_START", "2026-11-23")
        .env("VMO_TODAY", "2026-12-02");
    c
}

fn fresh() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vmo").join("log.db");
    (dir, db)
}

fn session<'a>(plan: &'a serde_json::Value, date: &str) -> &'a serde_json::Value {
    plan["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w["sessions"].as_array().unwrap())
        .find(|s| s["date"] == date)
        .unwrap()
}

#[test]
fn knee_pain_logged_today_steps_the_next_session_back_everywhere() {
    let (_d, db) = fresh();
    let (code, out, err) = run_in(&db, &["done", "--pain", "6", "--reps", "10,10,8"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "confirmation goes to stderr: {out}");
    assert!(err.contains("vmo: logged 2026-12-02 (id 1): done · reps 10,10,8 · pain 6/10"));
    assert!(err.contains("Fri 2026-12-04: 3×11 bodyweight 90° heel 7.5 cm → 3×11 bodyweight 75° heel 7.5 cm (depth 90° → 75° (deep half squat): knee pain 6/10 on Wed 2 Dec 2026)"), "{err}");

    let plan: serde_json::Value =
        serde_json::from_str(&ok(&db, &["plan", "--format", "json"])).unwrap();
    let logged = session(&plan, "2026-12-02");
    assert_eq!(logged["log"]["status"], "done");
    assert_eq!(logged["log"]["pain_during"], 6.0);
    let next = session(&plan, "2026-12-04");
    assert_eq!(next["prescription"]["depth_deg"], 75.0);
    assert!(
        next["notes"][0]
            .as_str()
            .unwrap()
            .contains("knee pain 6/10")
    );

    let (code, out, _) = run_in(&db, &["next", "--today", "2026-12-03"]);
    assert_eq!(code, 0);
    assert!(out.contains("depth 75° (deep half squat)"), "{out}");
    assert!(out.contains("knee pain 6/10 on Wed 2 Dec 2026"), "{out}");
    let ics = ok(&db, &["plan", "--format", "ics"]);
    assert!(ics.contains("knee pain 6/10 on Wed 2 Dec 2026"));

    let template: serde_json::Value =
        serde_json::from_str(&ok(&db, &["plan", "--format", "json", "--no-adapt"])).unwrap();
    assert_eq!(
        session(&template, "2026-12-04")["prescription"]["depth_deg"],
        90.0
    );
    assert!(session(&template, "2026-12-02").get("log").is_none());

    let why = ok(&db, &["why", "2026-12-04"]);
    assert!(why.contains("depth 90° → 75° (deep half squat): knee pain 6/10 on Wed 2 Dec 2026"));
    assert!(why.contains("rule: pain gate red"));
    assert!(why.contains("#1 2026-12-02 done · reps 10,10,8 · pain 6/10"));
}

#[test]
fn log_list_json_has_the_documented_fields() {
    let (_d, db) = fresh();
    ok(
        &db,
        &[
            "done",
            "--date",
            "2026-11-30",
            "--sets",
            "3x12",
            "--rpe",
            "7.5",
        ],
    );
    ok(&db, &["skip", "--reason", "travel"]);
    ok(
        &db,
        &["done", "--morning-after", "2", "--date", "2026-11-30"],
    );
    let list: serde_json::Value =
        serde_json::from_str(&ok(&db, &["log", "list", "--format", "json"])).unwrap();
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    for key in [
        "id",
        "date",
        "status",
        "sets",
        "reps",
        "load_kg",
        "rpe",
        "pain_during",
        "pain_morning",
        "note",
    ] {
        assert!(rows[0].get(key).is_some(), "{key} missing: {}", rows[0]);
    }
    assert_eq!(rows[0]["reps"], serde_json::json!([12, 12, 12]));
    assert_eq!(rows[0]["pain_morning"], 2.0);
    assert_eq!(rows[1]["status"], "skipped");
    assert_eq!(rows[1]["note"], "travel");
    let table = ok(&db, &["log", "list"]);
    assert!(table.lines().next().unwrap().starts_with("ID  Date"));
    let shown = ok(&db, &["log", "show", "1"]);
    assert!(shown.contains("pain morning  2"), "{shown}");
    let (code, _, err) = run_in(&db, &["log", "edit", "1", "--pain", "3"]);
    assert_eq!(code, 0, "{err}");
    assert!(ok(&db, &["log", "show", "1", "--format", "json"]).contains("\"pain_during\": 3.0"));
    ok(&db, &["log", "rm", "2"]);
    assert_eq!(
        ok(&db, &["log", "list", "--format", "csv"]).lines().count(),
        2
    );
}

#[test]
fn dry_runs_write_nothing() {
    let (_d, db) = fresh();
    let out = ok(&db, &["done", "--pain", "6", "--dry-run"]);
    assert!(out.starts_with("would log 2026-12-02: done"), "{out}");
    assert!(out.contains("depth 90° → 75°"), "{out}");
    assert!(!db.exists(), "a dry run created the log");
}

#[test]
fn the_log_is_owner_only_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let (_d, db) = fresh();
    // A shell with umask 000 would make world-writable files; the log must not be.
    let out = spawnable_as(&db, "sh".as_ref())
        .arg("-c")
        .arg("umask 000 && \"$0\" done")
        .arg(assert_cmd::cargo::cargo_bin("vmo"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&db), 0o600);
    assert_eq!(mode(db.parent().unwrap()), 0o700);
}

#[test]
fn a_file_that_is_not_a_log_is_refused_and_left_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("notes.txt");
    std::fs::write(&db, "my notes, not a database\n").unwrap();
    let (code, out, err) = run_in(&db, &["done"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("not a vmo training log (not an SQLite database)"),
        "{err}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), b"my notes, not a database\n");
}

#[test]
fn a_log_from_a_newer_vmo_is_refused() {
    let (_d, db) = fresh();
    ok(&db, &["done"]);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let (code, _, err) = run_in(&db, &["log", "list"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("schema version 99, newer than this vmo"),
        "{err}"
    );
}

#[test]
fn twenty_writers_at_once_all_land() {
    let (_d, db) = fresh();
    let children: Vec<_> = (0..20)
        .map(|i| {
            spawnable(&db)
                .args(["done", "--extra", "--note", &format!("writer {i}")])
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let list: serde_json::Value =
        serde_json::from_str(&ok(&db, &["log", "list", "--format", "json"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 20);
}

fn big_csv(rows: usize) -> String {
    let mut s = vmo::log::exchange::CSV_HEADER.join(",") + "\n";
    for i in 0..rows {
        s.push_str(&format!(
            "{},2026-11-23,done,3,\"12,12,12\",,,,,false,row {i},true,false,false,false\n",
            i + 1
        ));
    }
    s
}

#[test]
fn a_writer_killed_mid_import_leaves_all_or_nothing() {
    let (dir, db) = fresh();
    ok(&db, &["done", "--date", "2026-11-30"]);
    let file = dir.path().join("big.csv");
    std::fs::write(&file, big_csv(200_000)).unwrap();
    let mut child = spawnable(&db)
        .args(["log", "import", file.to_str().unwrap()])
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    let _ = child.kill();
    let status = child.wait().unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let n: i64 = conn
        .query_row("SELECT COUNT(*) FROM entries", [], |r| r.get(0))
        .unwrap();
    assert!(
        n == 1 || n == 200_001,
        "{n} rows after a kill (status {status:?}): not all or nothing"
    );
}

#[test]
fn exports_import_back_exactly_and_duplicates_are_skipped() {
    let (dir, db) = fresh();
    ok(
        &db,
        &[
            "done",
            "--date",
            "2026-11-23",
            "--reps",
            "12,11,10",
            "--load",
            "10kg",
            "--pain",
            "2.5",
        ],
    );
    ok(
        &db,
        &["skip", "--date", "2026-11-25", "--reason", "sick, \"flu\""],
    );
    ok(&db, &["done", "--date", "2026-11-27", "--note", "easy"]);
    ok(&db, &["log", "rm", "1"]);
    for format in ["csv", "json"] {
        let export = ok(&db, &["log", "export", "--format", format]);
        let file = dir.path().join(format!("log.{format}"));
        std::fs::write(&file, &export).unwrap();
        let other = dir.path().join(format!("other-{format}.db"));
        let (code, _, err) = run_in(&other, &["log", "import", file.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        assert!(err.contains("imported 2 entries"), "{err}");
        assert_eq!(ok(&other, &["log", "export", "--format", format]), export);
        let (_, _, err) = run_in(&other, &["log", "import", file.to_str().unwrap()]);
        assert!(
            err.contains("imported 0 entries") && err.contains("skipped 2 duplicates"),
            "{err}"
        );
    }
}

#[test]
fn a_strong_export_imports_its_squat_sets_and_a_bad_row_imports_nothing() {
    let (dir, db) = fresh();
    let good = "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes
2026-11-23 07:30:00;Legs;Goblet Squat (Dumbbell);1;10;kg;12;7;;;0;;
2026-11-23 07:30:00;Legs;Goblet Squat (Dumbbell);2;10;kg;12;8;;;0;;
2026-11-23 07:30:00;Legs;Bench Press;1;40;kg;8;;;;0;;
";
    let file = dir.path().join("strong.csv");
    std::fs::write(&file, good).unwrap();
    let out = ok(&db, &["log", "import", file.to_str().unwrap(), "--dry-run"]);
    assert!(
        out.contains("would import 1 entry") && out.contains("(Strong CSV)"),
        "{out}"
    );
    assert!(!db.exists());
    ok(&db, &["log", "import", file.to_str().unwrap()]);
    let list = ok(&db, &["log", "list", "--format", "csv"]);
    assert!(list.contains("2026-11-23,done,2,\"12,12\",10,8,"), "{list}");

    let bad = good.replace(";2;10;kg;12;8;", ";2;10;kg;twelve;8;");
    std::fs::write(&file, bad).unwrap();
    let before = std::fs::read(&db).unwrap();
    let (code, _, err) = run_in(&db, &["log", "import", file.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("line 3: Reps \"twelve\"") && err.contains("nothing imported"),
        "{err}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn stats_counts_done_skipped_and_missed_sessions() {
    let (_d, db) = fresh();
    ok(&db, &["done", "--date", "2026-11-23", "--pain", "3"]);
    ok(&db, &["skip", "--date", "2026-11-25"]);
    // 2026-11-27 and 2026-11-30 pass with nothing logged; today's (12-02) is pending.
    let s: serde_json::Value =
        serde_json::from_str(&ok(&db, &["stats", "--format", "json"])).unwrap();
    assert_eq!(
        s["adherence"],
        serde_json::json!({"planned": 5, "done": 1, "skipped": 1, "missed": 2, "pending": 1, "unlogged": 0, "away": 0})
    );
    assert_eq!(s["weeks"][0]["pain_during_max"], 3.0);
    let chart = ok(&db, &["stats"]);
    assert!(chart.lines().all(|l| l.chars().count() <= 80), "{chart}");
    assert!(chart.contains("1 done · 1 skipped · 2 missed"), "{chart}");
}

#[test]
fn each_client_has_a_log_of_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let run = |args: &[&str]| {
        let out = vmo()
            .env("XDG_DATA_HOME", &data)
            .env("VMO_START", "2026-11-23")
            .env("VMO_TODAY", "2026-12-02")
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    run(&["done", "--client", "ann", "--pain", "6"]);
    run(&["done", "--client", "Bob B"]);
    run(&["done", "--date", "2026-11-30"]);
    assert!(data.join("vmo/clients/ann/log.db").exists());
    assert!(data.join("vmo/log.db").exists());
    let count = |args: &[&str]| run(args).lines().count() - 1;
    assert_eq!(
        count(&["log", "list", "--client", "ann", "--format", "csv"]),
        1
    );
    assert_eq!(
        count(&["log", "--client", "Bob B", "list", "--format", "csv"]),
        1
    );
    assert_eq!(count(&["log", "list", "--format", "csv"]), 1);
    // Ann's pain steps Ann's plan back, not Bob's.
    let next = |c: &str| run(&["next", "--client", c, "--today", "2026-12-03"]);
    assert!(next("ann").contains("depth 75°"));
    assert!(next("Bob B").contains("depth 90°"));
    assert!(run(&["config", "show", "--client", "ann"]).contains("vmo/clients/ann/log.db"));
}

#[test]
fn an_adapted_calendar_keeps_every_uid() {
    let (_d, db) = fresh();
    let uids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["plan", "--format", "ics", "--weeks", "4"];
        all.extend_from_slice(args);
        ok(&db, &all)
            .lines()
            .filter(|l| l.starts_with("UID:"))
            .map(str::to_string)
            .collect()
    };
    let before = uids(&[]);
    ok(&db, &["done", "--pain", "7"]);
    ok(&db, &["skip", "--date", "2026-11-25"]);
    assert_eq!(uids(&[]), before);
    assert_eq!(uids(&["--no-adapt"]), before);
}

#[test]
fn logging_needs_a_stored_start() {
    let (_d, db) = fresh();
    let out = vmo()
        .env("VMO_DB", &db)
        .env("VMO_TODAY", "2026-12-02")
        .args(["done"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no plan start is stored") && err.contains("vmo init"),
        "{err}"
    );
    assert!(!db.exists());
}

#[test]
fn a_change_of_training_days_keeps_the_weeks_already_logged() {
    let (_d, db) = fresh();
    for d in ["2026-11-23", "2026-11-25", "2026-11-27", "2026-11-30"] {
        ok(&db, &["done", "--date", d, "--pain", "1"]);
    }
    ok(&db, &["skip", "--date", "2026-12-02"]);
    // From now on Mondays and Thursdays: a week logged on Mon/Wed/Fri keeps two sessions
    // (the Monday's and the Wednesday's, now its Thursday), and nothing turns "missed".
    let s: serde_json::Value = serde_json::from_str(&ok(
        &db,
        &[
            "stats",
            "--format",
            "json",
            "--days",
            "mon,thu",
            "--today",
            "2026-12-03",
        ],
    ))
    .unwrap();
    assert_eq!(s["adherence"]["done"], 3, "{s}");
    assert_eq!(s["adherence"]["missed"], 0, "{s}");
    assert_eq!(s["adherence"]["skipped"], 1, "{s}");
}

#[test]
fn a_red_flag_is_announced_and_no_squats_are_planned_until_cleared() {
    let (_d, db) = fresh();
    let (code, _, err) = run_in(&db, &["done", "--swelling"]);
    assert_eq!(code, 0, "{err}");
    // The day of the flag: no "no session left" (physio review 7), the way on.
    let (code, out, err) = run_in(&db, &["today"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("No session left"), "{out}");
    assert!(
        out.contains("Next session: once a clinician has seen the knee"),
        "{out}"
    );
    let (code, out, err) = run_in(&db, &["next", "--today", "2026-12-03"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "red flag (swelling logged on Wed 2 Dec 2026): stop squatting and see a clinician"
        ),
        "{err}"
    );
    assert!(
        out.starts_with("2026-12-03 · no session planned: ⚠ red flag"),
        "{out}"
    );
    // Friday, a training day, is a rest day that says why and when training resumes.
    let (code, out, err) = run_in(&db, &["today", "--today", "2026-12-04"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("recovery day"), "{out}");
    assert!(out.contains("rest the knee from squats"), "{out}");
    assert!(
        out.contains(
            "Next session: once a clinician has seen the knee and you record `vmo cleared`"
        ),
        "{out}"
    );
    // Once cleared, technique sessions come first; recording the clearance does not
    // repeat the "stop squatting" it answers (physio review 5).
    let (code, _, err) = run_in(&db, &["cleared", "--today", "2026-12-04"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("stop squatting"), "{err}");
    assert!(err.contains("a clinician has seen the knee"), "{err}");
    let out = ok(&db, &["today", "--today", "2026-12-04"]);
    assert!(out.contains("2×8") && out.contains("bodyweight"), "{out}");
}

#[test]
fn editing_with_nothing_to_change_is_refused() {
    let (_d, db) = fresh();
    ok(&db, &["done"]);
    let (code, _, err) = run_in(&db, &["log", "edit", "1"]);
    assert_eq!(code, 2);
    assert!(err.contains("nothing to change"), "{err}");
}

#[test]
fn pain_logged_on_a_day_the_new_schedule_drops_still_counts() {
    let (_d, db) = fresh();
    for d in ["2026-11-23", "2026-11-25"] {
        ok(&db, &["done", "--date", d, "--pain", "1"]);
    }
    ok(&db, &["done", "--date", "2026-11-27", "--pain", "8"]);
    // Mondays and Thursdays from now on: the Friday's 8/10 is beyond the week's two
    // sessions, and still a red flag.
    let (code, out, err) = run_in(
        &db,
        &["today", "--days", "mon,thu", "--today", "2026-11-30"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("rest the knee from squats"), "{out}");
    assert!(
        err.contains("red flag (knee pain 8/10 on Fri 27 Nov 2026)"),
        "{err}"
    );
}

#[test]
fn a_red_flag_is_announced_until_a_clinician_has_cleared_the_knee() {
    let (_d, db) = fresh();
    ok(&db, &["done", "--date", "2026-11-23", "--swelling"]);
    // No session is planned while it waits: a session done anyway is an extra one.
    let (code, _, err) = run_in(&db, &["done", "--date", "2026-11-25", "--pain", "0"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no squats are planned on 2026-11-25: a red flag waits for a clinician"),
        "{err}"
    );
    ok(
        &db,
        &["done", "--extra", "--date", "2026-11-25", "--pain", "0"],
    );
    ok(
        &db,
        &["done", "--extra", "--date", "2026-11-27", "--pain", "1"],
    );
    // Settled sessions are not a clinician's look.
    let (code, out, err) = run_in(&db, &["plan", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("red flag (swelling logged on Mon 23 Nov 2026)"),
        "{err}"
    );
    let plan: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(plan["knee"]["state"], "awaiting_clearance");
    // No session planned while it waits: the training days are rest days with the alert.
    let later = plan["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w["recovery_days"].as_array().unwrap())
        .find(|r| r["date"] == "2026-12-14")
        .unwrap();
    assert_eq!(later["alerts"][0]["kind"], "red_flag");
    // An acknowledgement is not a clearance.
    let (code, _, err) = run_in(&db, &["acknowledge"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("vmo cleared"), "{err}");
    let (code, _, err) = run_in(
        &db,
        &[
            "cleared",
            "--date",
            "2026-11-30",
            "--note",
            "physio: no effusion",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("recorded on 2026-11-30 that a clinician has seen the knee"),
        "{err}"
    );
    let (code, out, err) = run_in(&db, &["plan", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("red flag"), "{err}");
    let plan: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(plan["knee"]["cleared_on"], "2026-11-30");
    assert!(
        session(&plan, "2026-12-14")["alerts"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let list = ok(&db, &["log", "list"]);
    assert!(
        list.contains("cleared by a clinician: physio: no effusion"),
        "{list}"
    );
    // Nothing left to clear.
    let (code, _, err) = run_in(&db, &["cleared"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("nothing recorded"), "{err}");
}

#[test]
fn a_red_flag_on_an_extra_session_stops_loading_and_shows_everywhere() {
    let (_d, db) = fresh();
    ok(&db, &["done", "--date", "2026-11-23", "--pain", "1"]);
    ok(&db, &["done", "--date", "2026-11-25", "--pain", "1"]);
    // Thursday is a rest day: an extra session there, with the knee giving way.
    let (code, _, err) = run_in(
        &db,
        &[
            "done",
            "--extra",
            "--date",
            "2026-11-26",
            "--pain",
            "9",
            "--giving-way",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("stay as planned"), "{err}");
    assert!(err.contains("red flag"), "{err}");
    assert!(
        err.contains(
            "from Fri 2026-11-27 on: rest days, no squats until a clinician has seen the knee"
        ),
        "{err}"
    );
    // The rest day after it says so too.
    let (code, out, err) = run_in(&db, &["today", "--today", "2026-12-03"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("red flag"), "{out}");
    assert!(
        err.contains("giving way logged on an extra session on Thu 26 Nov 2026"),
        "{err}"
    );
    let (_, out, _) = run_in(&db, &["next", "--today", "2026-12-03", "--format", "json"]);
    let next: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(next["alerts"][0]["kind"], "red_flag", "{next}");
    assert!(next["session"].is_null(), "{next}");
    // The calendar: the two sessions before it, then only rest days that say why (the
    // sessions they replace are not in it, so an import shows no squats to do).
    let (_, ics, _) = run_in(&db, &["plan", "--format", "ics"]);
    let summaries: Vec<&str> = ics.lines().filter(|l| l.starts_with("SUMMARY:")).collect();
    assert!(summaries.len() > 4, "{summaries:?}");
    assert!(
        summaries
            .iter()
            .skip(2)
            .all(|l| l.starts_with("SUMMARY:RED FLAG: no squats, see a clinician · Recovery day")),
        "{summaries:?}"
    );
    assert!(
        ics.contains("DESCRIPTION:") && ics.contains("vmo cleared"),
        "{ics}"
    );
}

#[test]
fn today_before_the_plan_starts_says_when_it_starts() {
    let out = vmo()
        .args(["today", "--start", "2026-12-07"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "2026-11-25 · nothing planned yet: the plan starts Mon 2026-12-07 (`vmo next` shows that session)\n"
    );
}

/// Runs vmo against `db` for a person who reads pounds and inches.
fn run_lb(db: &Path, args: &[&str]) -> (i32, String, String) {
    let out = vmo()
        .env("VMO_DB", db)
        .env("VMO_START", "2026-11-23")
        .env("VMO_TODAY", "2026-12-02")
        .env("VMO_UNITS", "lb")
        .env("VMO_TEMPLATE", "knee-friendly")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_pound_user_sees_pounds_and_inches_in_done_why_and_notes() {
    let (_d, db) = fresh();
    let no_metric = |what: &str, text: &str| {
        for metric in [" kg", " cm", "kg ", "cm "] {
            assert!(!text.contains(metric), "{what}: {metric:?} in\n{text}");
        }
    };
    // A load logged in pounds, and knee pain that steps the next sessions back.
    let (code, out, err) = run_lb(&db, &["done", "--load", "10lb", "--pain", "6"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("10 lb"), "{err}");
    assert!(
        err.contains(" in"),
        "the changes name the heel in inches: {err}"
    );
    no_metric("done", &(out.clone() + &err));
    let (code, out, err) = run_lb(
        &db,
        &["done", "--dry-run", "--date", "2026-11-30", "--load", "5lb"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("5 lb"), "{out}");
    no_metric("done --dry-run", &out);

    let (code, out, err) = run_lb(&db, &["why", "2026-12-04"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("10 lb"), "{out}");
    assert!(out.contains(" in "), "{out}");
    no_metric("why", &out);

    let (_, out, _) = run_lb(&db, &["plan", "--format", "json"]);
    let plan: serde_json::Value = serde_json::from_str(&out).unwrap();
    let notes: Vec<String> = plan["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w["sessions"].as_array().unwrap())
        .flat_map(|s| s["notes"].as_array().unwrap())
        .map(|n| n.as_str().unwrap().to_string())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("logged: ") && n.contains("10 lb")),
        "{notes:#?}"
    );
    no_metric("notes", &notes.join("\n"));
}

#[test]
fn technique_sessions_after_a_red_flag_ask_for_rpe_5_or_less() {
    let (_d, db) = fresh();
    ok(&db, &["done", "--swelling"]);
    ok(&db, &["cleared", "--today", "2026-12-03"]);
    let plan: serde_json::Value = serde_json::from_str(&ok(
        &db,
        &["plan", "--format", "json", "--today", "2026-12-03"],
    ))
    .unwrap();
    let technique: Vec<&serde_json::Value> = plan["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w["sessions"].as_array().unwrap())
        .filter(|s| {
            s["notes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n.as_str().unwrap().starts_with("technique only"))
        })
        .collect();
    assert!(!technique.is_empty());
    // The session that flagged (Wed 2 Dec): the technique ones carry a lower knee load.
    let flagged = session(&plan, "2026-12-02")["knee_load"].as_f64().unwrap();
    for s in technique {
        let p = &s["prescription"];
        assert_eq!(p["variant"], "bodyweight", "{s}");
        assert!(p["rpe"].as_f64().unwrap() <= 5.0, "{s}");
        assert!(s["knee_load"].as_f64().unwrap() < flagged, "{s}");
    }
}

#[test]
fn twenty_dones_for_the_same_day_log_it_once() {
    let (_d, db) = fresh();
    // The log exists first, so every writer races on the check, not on creating the file.
    ok(&db, &["done", "--date", "2026-11-23"]);
    let children: Vec<_> = (0..20)
        .map(|i| {
            spawnable(&db)
                .args(["done", "--note", &format!("writer {i}")])
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let (mut landed, mut refused) = (0, 0);
    for c in children {
        let out = c.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("locked"), "{err}");
        match out.status.code() {
            Some(0) => landed += 1,
            Some(2) => {
                assert!(
                    err.contains("the session of 2026-12-02 is already logged"),
                    "{err}"
                );
                refused += 1;
            }
            other => panic!("exit {other:?}: {err}"),
        }
    }
    assert_eq!((landed, refused), (1, 19));
    let list: serde_json::Value =
        serde_json::from_str(&ok(&db, &["log", "list", "--format", "json"])).unwrap();
    let today: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["date"] == "2026-12-02")
        .collect();
    assert_eq!(today.len(), 1, "{list}");
    // Extra sessions may repeat a day.
    ok(&db, &["done", "--extra"]);
    ok(&db, &["done", "--extra"]);
    // And so may a skip race a done: still one planned entry.
    let (code, _, err) = run_in(&db, &["skip"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn a_done_during_a_large_import_waits_and_lands() {
    let (dir, db) = fresh();
    ok(&db, &["done", "--date", "2026-11-23"]);
    // 30,000 rows on one date: checking each for a duplicate once took a minute, with the
    // write lock held throughout.
    let file = dir.path().join("big.csv");
    std::fs::write(&file, big_csv(30_000)).unwrap();
    let import = spawnable(&db)
        .args(["log", "import", file.to_str().unwrap()])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1000));
    let (code, _, err) = run_in(&db, &["done", "--date", "2026-11-30"]);
    assert_eq!(code, 0, "{err}");
    let out = import.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("imported 30000 entries"), "{err}");
    let csv = ok(&db, &["log", "list", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 1 + 30_002);
    // Importing it again finds every row a duplicate.
    let (code, _, err) = run_in(&db, &["log", "import", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("skipped 30000 duplicates"), "{err}");
}

#[test]
fn a_clearance_recorded_twice_is_one_and_today_after_the_end_names_the_end() {
    let (_d, db) = fresh();
    ok(&db, &["done", "--date", "2026-11-23", "--swelling"]);
    ok(&db, &["cleared", "--date", "2026-11-24"]);
    let (code, _, err) = run_in(&db, &["cleared", "--date", "2026-11-24"]);
    assert_eq!(code, 2, "{err}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = conn
        .query_row("SELECT COUNT(*) FROM knee_events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    // A log and a day past the plan: the end is the plan's own, not its start.
    let (code, out, err) = run_in(&db, &["today", "--today", "2027-06-01", "--weeks", "6"]);
    assert_eq!(code, 0, "{err}");
    let said = out + &err;
    assert!(!said.contains("ended on 2026-11-23"), "{said}");
    assert!(said.contains("2027-01-03"), "{said}");
}

#[test]
fn a_damaged_knee_event_is_named_with_the_file() {
    let (_d, db) = fresh();
    ok(&db, &["done", "--date", "2026-11-23", "--swelling"]);
    ok(&db, &["cleared", "--date", "2026-11-24"]);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE knee_events SET date = x'00'", [])
        .unwrap();
    drop(conn);
    let (code, _, err) = run_in(&db, &["today"]);
    assert_ne!(code, 0);
    assert!(err.contains("knee event 1 is damaged"), "{err}");
    assert!(err.contains(db.to_str().unwrap()), "{err}");
}

#[test]
fn a_backup_restores_the_clearance_with_the_red_flag_it_answered() {
    let (dir, db) = fresh();
    ok(
        &db,
        &["done", "--date", "2026-11-23", "--swelling", "--night-pain"],
    );
    ok(
        &db,
        &["cleared", "--date", "2026-11-24", "--note", "physio ok"],
    );
    for format in ["csv", "json"] {
        let file = dir.path().join(format!("backup.{format}"));
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
        let restored = dir.path().join(format!("restored-{format}.db"));
        ok(&restored, &["log", "import", file.to_str().unwrap()]);
        let (_, out, err) = run_in(&restored, &["plan", "--format", "json"]);
        let plan: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(plan["knee"]["cleared_on"], "2026-11-24", "{format}: {err}");
        assert_ne!(plan["knee"]["state"], "awaiting_clearance", "{format}");
        // And again: nothing doubled.
        let (_, _, err) = run_in(&restored, &["log", "import", file.to_str().unwrap()]);
        assert!(err.contains("imported 0 entries"), "{format}: {err}");
    }
}

#[test]
fn a_clearance_on_the_day_of_the_red_flag_answers_it_and_notes_are_said_once() {
    let (_d, db) = fresh();
    let (_, _, err) = run_in(&db, &["done", "--giving-way"]);
    assert_eq!(err.matches("vmo: note: red flag").count(), 1, "{err}");
    ok(&db, &["cleared"]); // the same day, 2 Dec
    let (_, out, err) = run_in(&db, &["stats", "--format", "json"]);
    let stats: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_ne!(stats["knee"]["state"], "awaiting_clearance", "{out}");
    assert!(
        stats["knee"]["alerts"].as_array().unwrap().is_empty(),
        "{out}"
    );
    assert!(!err.contains("red flag"), "{err}");
}

#[test]
fn today_once_logged_says_what_was_logged_and_next_moves_on() {
    let (_d, db) = fresh();
    // The plan starts Mon 2026-11-23 (the default template trains Mon/Wed/Fri); today is
    // Wed 2026-12-02, a training day.
    let before = ok(&db, &["next"]);
    assert!(before.starts_with("2026-12-02 Wed"), "{before}");
    ok(&db, &["done", "--pain", "1"]);
    let today = ok(&db, &["today"]);
    let lines: Vec<&str> = today.lines().collect();
    assert_eq!(lines.len(), 2, "{today}");
    assert!(
        lines[0].starts_with("2026-12-02 Wed · week 2 · "),
        "{today}"
    );
    assert!(lines[0].contains("logged: done"), "{today}");
    assert!(lines[0].contains("pain 1/10"), "{today}");
    assert_eq!(lines[1], "Next session: 2026-12-04 Fri, week 2");
    let next = ok(&db, &["next"]);
    assert!(next.starts_with("2026-12-04 Fri"), "{next}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&db, &["today", "--format", "json"])).unwrap();
    assert_eq!(json["log"]["status"], "done");
    assert_eq!(json["next_session"]["date"], "2026-12-04");
    // A skipped session counts as logged too.
    ok(
        &db,
        &["skip", "--today", "2026-12-04", "--reason", "travel"],
    );
    let next = ok(&db, &["next", "--today", "2026-12-04"]);
    assert!(next.starts_with("2026-12-07 Mon"), "{next}");
}

#[test]
fn past_the_plans_end_today_and_next_exit_0_with_the_end_and_how_to_go_on() {
    let (_d, db) = fresh();
    ok(&db, &["done", "--date", "2026-11-23"]);
    for cmd in ["today", "next"] {
        let (code, out, err) = run_in(&db, &[cmd, "--today", "2027-02-01", "--weeks", "6"]);
        assert_eq!(code, 0, "{cmd}: {err}");
        assert_eq!(
            out.trim_end(),
            "2027-02-01 · no session left: the plan ended on 2027-01-03 Sun, after 6 weeks; \
             to go on, pass --weeks 12 (or keep it: `vmo config set weeks 12`)",
            "{cmd}"
        );
        let (code, out, _) = run_in(
            &db,
            &[
                cmd,
                "--today",
                "2027-02-01",
                "--weeks",
                "6",
                "--format",
                "json",
            ],
        );
        assert_eq!(code, 0);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["plan_end"], "2027-01-03");
        assert!(v["session"].is_null());
        // Nothing that could be taken for data in a calendar or CSV.
        let (code, out, err) = run_in(
            &db,
            &[
                cmd,
                "--today",
                "2027-02-01",
                "--weeks",
                "6",
                "--format",
                "ics",
            ],
        );
        assert_eq!(code, 0);
        assert!(out.is_empty(), "{out}");
        assert!(err.contains("ended on 2027-01-03"), "{err}");
    }
    // The plan's last session logged: `next` has nothing left either, and says so.
    let (code, out, err) = run_in(&db, &["next", "--today", "2027-01-03", "--weeks", "6"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("2027-01-01 Fri") || out.contains("no session left"),
        "{out}"
    );
}

#[test]
fn today_says_the_sessions_time_when_one_is_set() {
    let (_d, db) = fresh();
    let out = ok(&db, &["today", "--at", "06:30", "--tz", "Europe/Berlin"]);
    assert!(
        out.starts_with("2026-12-02 Wed 06:30 Europe/Berlin · week 2 · "),
        "{out}"
    );
    let out = ok(&db, &["next", "--at", "18:05", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["time"], "18:05");
    let out = ok(&db, &["today"]);
    assert!(out.starts_with("2026-12-02 Wed · week 2 · "), "{out}");
}

#[test]
fn an_extra_session_within_the_rest_rule_is_warned_about_and_the_light_day_is_no_failure() {
    let (_d, db) = fresh();
    ok(&db, &["done", "--date", "2026-11-23"]);
    let (code, _, err) = run_in(
        &db,
        &["done", "--extra", "--date", "2026-11-24", "--sets", "3x10"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning: an extra session 24 h from the one done on 2026-11-23"),
        "{err}"
    );
    // Wednesday is light now; done as prescribed it stays light and is not "short".
    ok(&db, &["done", "--date", "2026-11-25"]);
    let plan: serde_json::Value =
        serde_json::from_str(&ok(&db, &["plan", "--format", "json"])).unwrap();
    let wed = session(&plan, "2026-11-25");
    assert_eq!(wed["kind"], "light", "{wed}");
    assert_eq!(wed["log"]["reps"], serde_json::json!([8, 8]), "{wed}");
    // A rest day two days after: no warning.
    let (_, _, err) = run_in(&db, &["done", "--extra", "--date", "2026-11-28"]);
    assert!(!err.contains("warning: an extra"), "{err}");
}

#[test]
fn a_red_flag_cannot_be_edited_or_removed_away_unseen() {
    let (_d, db) = fresh();
    ok(&db, &["done", "--date", "2026-11-23", "--pain", "1"]);
    ok(&db, &["done", "--date", "2026-11-25", "--pain", "8"]);
    for args in [
        &["log", "edit", "2", "--pain", "2"][..],
        &["log", "rm", "2"],
    ] {
        let (code, _, err) = run_in(&db, args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains("raised a red flag (knee pain 8/10) that no clinician has cleared")
                && err.contains("--force"),
            "{args:?}: {err}"
        );
    }
    // Still a red flag after the edit: allowed.
    ok(&db, &["log", "edit", "2", "--note", "stairs after"]);
    ok(&db, &["log", "edit", "2", "--pain", "9"]);
    // Swelling taken back, likewise.
    ok(
        &db,
        &["done", "--date", "2026-11-27", "--extra", "--swelling"],
    );
    let (code, _, err) = run_in(&db, &["log", "edit", "3", "--no-symptoms"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("(swelling)"), "{err}");
    // Said out loud: it goes.
    ok(&db, &["log", "edit", "3", "--no-symptoms", "--force"]);
    // Once a clinician has cleared it, the entry is an ordinary one to correct.
    ok(&db, &["cleared", "--date", "2026-11-28"]);
    ok(&db, &["log", "edit", "2", "--pain", "2"]);
    let plan: serde_json::Value =
        serde_json::from_str(&ok(&db, &["plan", "--format", "json"])).unwrap();
    assert_ne!(plan["knee"]["state"], "awaiting_clearance");
}

#[test]
fn stats_count_extra_sessions_and_what_was_done() {
    let (_d, db) = fresh();
    ok(&db, &["done", "--date", "2026-11-23", "--pain", "1"]);
    // Wednesday skipped, an extra on Thursday with 9/10 and swelling.
    ok(&db, &["skip", "--date", "2026-11-25"]);
    ok(
        &db,
        &[
            "done",
            "--extra",
            "--date",
            "2026-11-26",
            "--sets",
            "2x10",
            "--pain",
            "9",
            "--swelling",
        ],
    );
    let s: serde_json::Value =
        serde_json::from_str(&ok(&db, &["stats", "--format", "json"])).unwrap();
    let w1 = &s["weeks"][0];
    assert_eq!(w1["extra_sessions"], 1, "{w1}");
    assert_eq!(w1["pain_during_max"], 9.0, "{w1}");
    assert_eq!(w1["reps_done"], 30 + 20, "{w1}");
    // What was done: Monday's 3×10 and the extra 2×10, not the skipped Wednesday.
    let done = w1["knee_load_done"].as_f64().unwrap();
    let presc = w1["knee_load"].as_f64().unwrap();
    assert!(done > 0.0 && done < presc, "{done} vs {presc}");
    let chart = ok(&db, &["stats"]);
    assert!(chart.contains("+1x"), "{chart}");
    assert!(chart.contains(" #########9 "), "{chart}");
}

#[test]
fn the_log_reads_in_pounds_when_vmo_units_says_so() {
    let (_d, db) = fresh();
    ok(&db, &["done", "--load", "145lb"]);
    for args in [&["log", "list"][..], &["log", "show", "1"]] {
        let (code, out, err) =
            common::output_of(common::with_log(&db).env("VMO_UNITS", "lb").args(args));
        assert_eq!(code, 0, "{err}");
        assert!(
            out.contains("145lb") && !out.contains("kg"),
            "{args:?}: {out}"
        );
    }
}

#[test]
fn why_on_a_day_a_red_flag_turned_into_rest_names_the_flag() {
    let (_d, db) = fresh();
    ok(&db, &["done", "--date", "2026-11-23", "--locking"]);
    let out = ok(&db, &["why", "2026-11-25"]);
    assert!(
        out.starts_with("Wed 2026-11-25 · week 1 · no squats: a red flag waits for a clinician"),
        "{out}"
    );
    assert!(out.contains("locking logged on Mon 23 Nov 2026"), "{out}");
    assert!(out.contains("vmo cleared"), "{out}");
}

#[test]
fn a_morning_after_keeps_the_note_of_an_entry_long_before_the_plan() {
    // The plan reads only the notes of the weeks it shows; a change to an older entry is
    // made to the entry as the log holds it, note and all.
    let (dir, db) = fresh();
    let file = dir.path().join("old.csv");
    std::fs::write(
        &file,
        "id,date,status,sets,reps,load_kg,rpe,pain_during,pain_morning,swelling,note,extra,locking,giving_way,night_pain\n\
         1,2025-01-06,done,2,\"10,10\",,,1,,false,kept with the entry,false,false,false,false\n",
    )
    .unwrap();
    ok(&db, &["log", "import", file.to_str().unwrap()]);
    ok(
        &db,
        &["done", "--morning-after", "3", "--date", "2025-01-06"],
    );
    let shown = ok(&db, &["log", "show", "1"]);
    assert!(shown.contains("kept with the entry"), "{shown}");
    assert!(shown.contains("pain morning  3"), "{shown}");
}

#[test]
fn why_lists_the_notes_of_extra_sessions_the_plan_does_not_read() {
    // The plan reads only its own sessions' notes; `why` reads its two weeks again, whole.
    let (_d, db) = fresh();
    ok(
        &db,
        &[
            "done",
            "--extra",
            "--date",
            "2026-12-01",
            "--note",
            "squats after the ride",
        ],
    );
    ok(
        &db,
        &["done", "--date", "2026-11-30", "--note", "planned one"],
    );
    let why = ok(&db, &["why", "2026-12-02"]);
    assert!(why.contains("squats after the ride"), "{why}");
    assert!(why.contains("planned one"), "{why}");
    let plan = ok(&db, &["plan", "--format", "json"]);
    assert!(plan.contains("planned one"), "{plan}");
}

#[test]
fn a_better_morning_never_takes_back_a_red_flag_and_a_late_morning_is_refused() {
    // Physio review 3, finding 1: a morning of 2/10 logged over a morning of 9/10 erased
    // the red flag, and squats were planned again without a clinician.
    let (_d, db) = fresh();
    ok(&db, &["done", "--date", "2026-11-30", "--pain", "1"]);
    ok(
        &db,
        &["done", "--morning-after", "9", "--today", "2026-12-01"],
    );
    let (code, _, err) = run_in(
        &db,
        &["done", "--morning-after", "2", "--today", "2026-12-01"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("the worse morning logged before, 9/10, stands"),
        "{err}"
    );
    // With the red flag standing, nothing reads as "carry on" (physio review 5).
    assert!(!err.contains("stay as planned"), "{err}");
    assert!(
        err.contains("no squats are planned until a clinician has seen the knee"),
        "{err}"
    );
    let shown = ok(&db, &["log", "show", "1"]);
    assert!(shown.contains("pain morning  9"), "{shown}");
    let plan: serde_json::Value = serde_json::from_str(&ok(
        &db,
        &["plan", "--format", "json", "--today", "2026-12-01"],
    ))
    .unwrap();
    assert_eq!(plan["knee"]["state"], "red_flag", "{}", plan["knee"]);
    // Days later, a "morning after" without --date is not about that session.
    let (code, _, err) = run_in(
        &db,
        &["done", "--morning-after", "6", "--today", "2026-12-04"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("the last session done was on 2026-11-30 (4 days ago)")
            && err.contains("--date 2026-11-30"),
        "{err}"
    );
}

#[test]
fn a_clearance_says_what_comes_back_and_the_old_advice_goes() {
    // Physio review 3, finding 6: after `vmo cleared` the first session still said "no
    // squats until a clinician has seen the knee", and cleared said "the next sessions
    // stay as planned" while it brought sessions back.
    let (_d, db) = fresh();
    ok(&db, &["done", "--date", "2026-11-23", "--pain", "8"]);
    let (code, _, err) = run_in(&db, &["cleared", "--date", "2026-12-01"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("back in the plan"), "{err}");
    assert!(!err.contains("stay as planned"), "{err}");
    let next = ok(&db, &["next"]);
    assert!(!next.contains("no squats until a clinician"), "{next}");
    // Rest days on the way back leave impact out.
    let plan = ok(&db, &["plan"]);
    let day = plan.lines().find(|l| l.starts_with("2026-12-01")).unwrap();
    assert!(day.contains("leave running and jumping"), "{day}");
}

#[test]
fn why_lists_at_most_thirty_entries_and_counts_the_rest() {
    // Attack 2, F13: 100,000 extra sessions on one day made `why` print 112 MB (253 MB
    // of memory).
    let (dir, db) = fresh();
    let file = dir.path().join("many.csv");
    let mut csv = String::from(
        "id,date,status,sets,reps,load_kg,rpe,pain_during,pain_morning,swelling,note,extra,locking,giving_way,night_pain\n",
    );
    for i in 1..=40 {
        csv.push_str(&format!(
            "{i},2026-11-28,done,1,{i},,,1,,false,extra {i},true,false,false,false\n"
        ));
    }
    std::fs::write(&file, csv).unwrap();
    ok(&db, &["log", "import", file.to_str().unwrap()]);
    let why = ok(&db, &["why", "2026-11-30"]);
    assert_eq!(why.matches("2026-11-28").count(), 30, "{why}");
    assert!(why.contains("… and 10 more in these two weeks"), "{why}");
}

#[test]
fn stats_speak_pounds_to_a_pound_user() {
    // Physio review 3, finding 11: "tolerated knee load 1223.3 kg a session" and "Knee
    // load done, in kg" for a user whose plan says lb.
    let (_d, db) = fresh();
    let run = |args: &[&str]| {
        common::output_of(
            common::with_log(&db)
                .env("VMO_UNITS", "lb")
                .args(args)
                .args(["--bodyweight", "180lb"]),
        )
    };
    let (code, _, err) = run(&["done", "--date", "2026-11-23", "--pain", "1"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(&["stats"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Knee load done a week in lb"), "{out}");
    assert!(!out.contains(" kg"), "{out}");
}

#[test]
fn a_clearance_on_a_training_day_brings_that_days_session_back_first() {
    // Physio review 4: cleared on a training day named the next one as the first back.
    let (_d, db) = fresh();
    ok(&db, &["done", "--date", "2026-11-23", "--pain", "8"]);
    let (code, _, err) = run_in(&db, &["cleared", "--date", "2026-12-02"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("from Wed 2026-12-02 on:"), "{err}");
}
