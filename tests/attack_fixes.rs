//! The third attack on the log (issue 18): what a tester found after the fixes, through
//! the real binary on real SQLite files.

mod common;

use std::path::{Path, PathBuf};

use common::output_of;

use common::{fresh_log as fresh, ok_in as ok, refused_in as refused, run_in};

const HEADER: &str = "id,date,status,sets,reps,load_kg,rpe,pain_during,pain_morning,swelling,note,extra,locking,giving_way,night_pain\n";

/// A log of `n` sessions on the days before today, each with a long note (n × ~250 bytes
/// of CSV).
fn big_log(db: &Path, n: u32) {
    let csv = db.with_file_name("big.csv");
    let mut text = String::from(HEADER);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let note = "x".repeat(200);
    for i in 0..n {
        let d = today - chrono::Days::new(u64::from(i));
        text.push_str(&format!(
            "0,{d},done,3,\"10,10,10\",,,,,false,{note},false,false,false,false\n"
        ));
    }
    std::fs::write(&csv, text).unwrap();
    ok(db, &["log", "import", csv.to_str().unwrap()]);
}

/// F12: `vmo log export | head -1` and `log list --format csv | head -1` stop quietly
/// with status 0, as every other command does on a closed pipe.
#[test]
fn csv_into_a_closed_pipe_is_quiet_success() {
    let (_dir, db) = fresh();
    big_log(&db, 2000);
    let bin = assert_cmd::cargo::cargo_bin("vmo");
    for cmd in [
        "log export",
        "log list --format csv",
        "log export --format json",
    ] {
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!(
                "set -o pipefail; '{}' {cmd} | head -1",
                bin.display()
            ))
            .env("VMO_DB", &db)
            .env("VMO_TODAY", "2026-12-02")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{cmd}: {:?} {stderr}", out.status);
        assert!(stderr.is_empty(), "{cmd}: {stderr}");
        assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    }
}

fn write_csv(db: &Path, name: &str, rows: &[&str]) -> PathBuf {
    let csv = db.with_file_name(name);
    let mut text = String::from(HEADER);
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    std::fs::write(&csv, text).unwrap();
    csv
}

/// F5: an import keeps `vmo done`'s rule: one planned session a day, done or skipped;
/// extra sessions may share a day. A refused file imports nothing.
#[test]
fn import_refuses_a_second_planned_entry_on_a_day_with_its_line() {
    let (_dir, db) = fresh();
    ok(&db, &["done", "--date", "2026-11-23", "--reps", "10,10,10"]);
    let before = ok(&db, &["log", "export"]);
    // A second planned entry for a day already logged.
    let csv = write_csv(
        &db,
        "second.csv",
        &["0,2026-11-23,done,1,8,,,,,false,again,false,false,false,false"],
    );
    let err = refused(&db, &["log", "import", csv.to_str().unwrap()]);
    assert!(
        err.contains("line 2: the session of 2026-11-23 is already logged (done, in the log)")
            && err.contains("nothing imported"),
        "{err}"
    );
    // Done and skipped for one day within the file.
    let csv = write_csv(
        &db,
        "pair.csv",
        &[
            "0,2026-11-25,done,3,\"10,10,10\",,,,,false,,false,false,false,false",
            "0,2026-11-25,skipped,0,,,,,,false,ill,false,false,false,false",
        ],
    );
    let err = refused(&db, &["log", "import", csv.to_str().unwrap()]);
    assert!(
        err.contains(
            "line 3: the session of 2026-11-25 is already logged (done, earlier in the file)"
        ),
        "{err}"
    );
    let err = refused(&db, &["log", "import", "--dry-run", csv.to_str().unwrap()]);
    assert!(err.contains("line 3: "), "{err}");
    // JSON says the entry too.
    let json = db.with_file_name("pair.json");
    std::fs::write(
        &json,
        r#"[
  {"id": 0, "date": "2026-11-27", "status": "done", "sets": 1, "reps": [8], "load_kg": null, "rpe": null, "pain_during": null, "pain_morning": null, "swelling": false, "note": null, "extra": false, "locking": false, "giving_way": false, "night_pain": false},
  {"id": 0, "date": "2026-11-27", "status": "done", "sets": 1, "reps": [9], "load_kg": null, "rpe": null, "pain_during": null, "pain_morning": null, "swelling": false, "note": null, "extra": false, "locking": false, "giving_way": false, "night_pain": false}
]"#,
    )
    .unwrap();
    let err = refused(&db, &["log", "import", json.to_str().unwrap()]);
    assert!(
        err.contains("line 3: entry 2: the session of 2026-11-27 is already logged"),
        "{err}"
    );
    assert_eq!(ok(&db, &["log", "export"]), before, "nothing imported");
    // Extra sessions may share a day, with each other and with the planned one; the
    // log's own export imports back as duplicates.
    let csv = write_csv(
        &db,
        "extras.csv",
        &[
            "0,2026-11-23,done,1,8,,,,,false,,true,false,false,false",
            "0,2026-11-23,done,1,9,,,,,false,,true,false,false,false",
        ],
    );
    ok(&db, &["log", "import", csv.to_str().unwrap()]);
    let export = db.with_file_name("export.csv");
    ok(&db, &["log", "export", "-o", export.to_str().unwrap()]);
    let (code, _, err) = run_in(&db, &["log", "import", export.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("imported 0 entries") && err.contains("skipped 3 duplicates"),
        "{err}"
    );
}

/// F5: a clearance row with pain or symptom cells is refused, naming them, rather than
/// imported as a bare clearance.
#[test]
fn import_refuses_a_knee_event_row_carrying_pain_or_symptoms() {
    let (_dir, db) = fresh();
    let csv = write_csv(
        &db,
        "event.csv",
        &["0,2026-11-23,cleared,0,,,,9,,true,seen,false,false,false,true"],
    );
    let err = refused(&db, &["log", "import", csv.to_str().unwrap()]);
    assert!(
        err.contains("line 2: status \"cleared\" is a knee event")
            && err.contains("pain_during, swelling, night_pain are set"),
        "{err}"
    );
    assert!(!db.exists(), "no log made for a refused file");
    // As the export writes it, it imports.
    let csv = write_csv(
        &db,
        "event-ok.csv",
        &["0,2026-11-23,cleared,0,,,,,,false,seen,false,false,false,false"],
    );
    ok(&db, &["log", "import", csv.to_str().unwrap()]);
}

/// F8: output never replaces the log or the profile, even with --force, through a link
/// or another spelling of the path; the log still reads afterwards.
#[test]
fn output_never_replaces_the_log_or_the_profile() {
    let (dir, db) = fresh();
    ok(&db, &["done", "--date", "2026-11-23"]);
    let before = std::fs::read(&db).unwrap();
    let link = dir.path().join("alias.db");
    std::os::unix::fs::symlink(&db, &link).unwrap();
    let spelt = dir.path().join(".").join("sub/../log.db");
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    for target in [&db, &link, &spelt] {
        let t = target.to_str().unwrap();
        for args in [
            vec!["log", "export", "-o", t, "--force"],
            vec!["log", "list", "--format", "csv", "-o", t, "--force"],
            vec!["plan", "--no-adapt", "--format", "csv", "-o", t, "--force"],
        ] {
            let err = refused(&db, &args);
            assert!(
                err.contains(&format!("-o {t}: that is the training log ("))
                    && err.contains("even with --force"),
                "{err}"
            );
        }
    }
    assert_eq!(std::fs::read(&db).unwrap(), before);
    ok(&db, &["log", "list"]);
    // The profile.
    let profile = dir.path().join("config.toml");
    std::fs::write(&profile, "weeks = 6\n").unwrap();
    let p = profile.to_str().unwrap();
    for args in [
        vec!["--config", p, "config", "show", "-o", p, "--force"],
        vec!["--config", p, "config", "path", "-o", p, "--force"],
        vec![
            "--config",
            p,
            "plan",
            "--no-adapt",
            "-o",
            p,
            "--force",
            "--format",
            "csv",
        ],
    ] {
        let err = refused(&db, &args);
        assert!(err.contains("that is the profile ("), "{err}");
    }
    assert_eq!(std::fs::read_to_string(&profile).unwrap(), "weeks = 6\n");
}

/// F7: `init --db` stores the log in the profile, absolute; a relative `db` is relative to
/// the profile's folder, and `~/` is HOME (no folder named `~`).
#[test]
fn the_profiles_db_is_stored_by_init_and_found_from_any_folder() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for d in [&home, &a, &b] {
        std::fs::create_dir_all(d).unwrap();
    }
    let profile = dir.path().join("cfg/config.toml");
    let run = |cwd: &Path, args: &[&str]| {
        let mut cmd = common::vmo();
        cmd.current_dir(cwd)
            .env("HOME", &home)
            .env("VMO_CONFIG", &profile)
            .env("VMO_TODAY", "2026-12-02");
        output_of(cmd.args(args))
    };
    let (code, _, err) = run(&a, &["init", "--start", "2026-11-23", "--db", "knee.db"]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&profile).unwrap();
    let stored = a.join("knee.db");
    assert!(
        text.contains(&format!("db = \"{}\"", stored.display())),
        "{text}"
    );
    let (code, _, err) = run(&b, &["done", "--date", "2026-11-23"]);
    assert_eq!(code, 0, "{err}");
    assert!(stored.exists(), "done wrote the profile's log");
    // A relative db: the profile's folder, from any folder.
    std::fs::write(&profile, "start = \"2026-11-23\"\ndb = \"rel/log.db\"\n").unwrap();
    for cwd in [&a, &b] {
        let (code, _, err) = run(cwd, &["done", "--extra", "--date", "2026-11-24"]);
        assert_eq!(code, 0, "{err}");
    }
    let (_, out, _) = run(&b, &["log", "list", "--format", "csv"]);
    assert_eq!(out.lines().count(), 3, "one log: {out}");
    assert!(dir.path().join("cfg/rel/log.db").exists());
    assert!(!a.join("rel").exists() && !b.join("rel").exists());
    // ~/ is HOME.
    std::fs::write(&profile, "start = \"2026-11-23\"\ndb = \"~/vmo.db\"\n").unwrap();
    let (code, _, err) = run(&a, &["done", "--date", "2026-11-23"]);
    assert_eq!(code, 0, "{err}");
    assert!(home.join("vmo.db").exists());
    assert!(!a.join("~").exists());
    // ~user is refused, naming the profile.
    std::fs::write(&profile, "db = \"~bob/vmo.db\"\n").unwrap();
    let (code, _, err) = run(&a, &["log", "list"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("db = \"~bob/vmo.db\": only ~/ (your home folder)"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_nobody_writes_to_as_template_profile_or_calendar_never_hangs() {
    // Attack 2, F11: `--template FIFO`, `--config FIFO` and `--replaces FIFO` waited for a
    // writer for ever.
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let f = fifo.to_str().unwrap();
    for args in [
        &["plan", "--template", f][..],
        &["--config", f, "plan", "--weeks", "1"],
        &["plan", "--weeks", "1", "--format", "ics", "--replaces", f],
    ] {
        let out = common::vmo()
            .args(args)
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.code().is_some(), "{args:?} hung or died: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn a_log_path_with_control_characters_is_shown_not_obeyed() {
    // Attack 2, F4: a path's escape sequences reached the terminal raw in errors.
    let dir = tempfile::tempdir().unwrap();
    let name = dir.path().join("x\u{1b}]0;PWN\u{7}.db");
    std::fs::write(&name, b"not a database at all, just text\n").unwrap();
    let (code, _, err) = output_of(common::vmo().args(["log", "list", "--db"]).arg(&name));
    assert_eq!(code, 2, "{err}");
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    assert!(err.contains("x\\e]0;PWN"), "{err:?}");
}
