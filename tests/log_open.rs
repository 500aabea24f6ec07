//! Opening the log (issue 18): another application's database is never touched, read-only
//! commands never write, only regular files are opened, and SQLite's errors come back as
//! sentences naming the file. Every test runs the real binary on real SQLite files.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::vmo;

/// Runs vmo with `VMO_DB=db`, a plan starting Monday 2026-11-23 and today Wednesday
/// 2026-12-02; returns (exit code, stdout, stderr). A hang fails after 20 s.
fn run_in(db: &Path, args: &[&str]) -> (i32, String, String) {
    let out = vmo()
        .env("VMO_DB", db)
        .env("VMO_START", "2026-11-23")
        .env("VMO_TODAY", "2026-12-02")
        .args(args)
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
    )
}

fn ok(db: &Path, args: &[&str]) -> String {
    let (code, out, err) = run_in(db, args);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

/// Every command that opens the log, reading or writing.
const EVERY_COMMAND: &[&[&str]] = &[
    &["log", "list"],
    &["log", "show", "1"],
    &["log", "export", "--format", "json"],
    &["plan"],
    &["today"],
    &["next"],
    &["why", "2026-11-23"],
    &["stats"],
    &["report"],
    &["done"],
    &["skip"],
    &["done", "--morning-after", "2"],
    &["log", "edit", "1", "--pain", "2"],
    &["log", "rm", "1"],
];

/// The files in `dir`, by name.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Runs every command on `db` and checks each is refused with `needle`, one line, exit 2,
/// leaving the file byte-identical and nothing beside it.
fn every_command_refuses(db: &Path, needle: &str) {
    let before = std::fs::read(db).unwrap();
    let files = listing(db.parent().unwrap());
    for args in EVERY_COMMAND {
        let (code, out, err) = run_in(db, args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: one line: {err}");
        for raw in ["CREATE", "SELECT", "Error code", "sqlite"] {
            assert!(
                !err.contains(raw),
                "{args:?}: raw SQLite text {raw:?}: {err}"
            );
        }
        assert_eq!(
            std::fs::read(db).unwrap(),
            before,
            "{args:?} changed the file"
        );
        assert_eq!(listing(db.parent().unwrap()), files, "{args:?} left files");
    }
}

fn other_app_db(dir: &Path, setup: &str) -> PathBuf {
    let db = dir.join("other.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(setup).unwrap();
    drop(conn);
    db
}

#[test]
fn another_applications_database_is_refused_and_left_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let db = other_app_db(
        dir.path(),
        "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT);
         INSERT INTO moz_places (url) VALUES ('https://example.org');",
    );
    every_command_refuses(
        &db,
        "not a vmo training log (another application's SQLite database); vmo leaves it untouched",
    );
    assert!(
        std::fs::read(&db).unwrap()[..16] == *b"SQLite format 3\0",
        "still a database"
    );
}

#[test]
fn another_applications_entries_table_is_refused_without_an_sql_dump() {
    let dir = tempfile::tempdir().unwrap();
    let db = other_app_db(
        dir.path(),
        "CREATE TABLE entries (id INTEGER PRIMARY KEY, title TEXT, body BLOB);
         INSERT INTO entries (title, body) VALUES ('diary', x'00ff');
         PRAGMA user_version = 1;",
    );
    every_command_refuses(&db, "the log set by VMO_DB (");
    let (_, _, err) = run_in(&db, &["log", "list"]);
    assert!(err.contains(&db.display().to_string()), "{err}");
}

#[test]
fn a_database_marked_by_another_application_is_refused_even_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let db = other_app_db(
        dir.path(),
        "PRAGMA journal_mode = WAL;
         CREATE TABLE t (x);
         INSERT INTO t VALUES (1);
         PRAGMA application_id = 1234;",
    );
    every_command_refuses(&db, "not a vmo training log");
}

/// The schema the released vmo (0.1, schema 1) wrote, character for character.
const RELEASED_SCHEMA_1: &str = "CREATE TABLE entries (
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('done', 'skipped')),
        reps TEXT NOT NULL DEFAULT '',
        load_kg REAL CHECK (load_kg IS NULL OR load_kg >= 0),
        rpe REAL CHECK (rpe IS NULL OR (rpe >= 1 AND rpe <= 10)),
        pain_during REAL CHECK (pain_during IS NULL OR (pain_during >= 0 AND pain_during <= 10)),
        pain_morning REAL CHECK (pain_morning IS NULL OR (pain_morning >= 0 AND pain_morning <= 10)),
        swelling INTEGER NOT NULL DEFAULT 0,
        note TEXT,
        extra INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX entries_by_date ON entries (date);";

/// A log as the released vmo left it: schema 1, WAL, no application id, two entries.
fn released_log(dir: &Path, schema: &str) -> PathBuf {
    let db = dir.join("log.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.execute_batch(schema).unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    conn.execute_batch(
        "INSERT INTO entries (date, status, reps, pain_during, swelling) VALUES ('2026-11-23', 'done', '12,12,10', 2, 1);
         INSERT INTO entries (date, status) VALUES ('2026-11-25', 'skipped');",
    )
    .unwrap();
    drop(conn);
    db
}

fn pragma(db: &Path, name: &str) -> i64 {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    conn.pragma_query_value(None, name, |r| r.get(0)).unwrap()
}

#[test]
fn a_released_schema_1_log_is_read_as_it_is_and_stamped_on_its_next_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = released_log(dir.path(), RELEASED_SCHEMA_1);
    let before = std::fs::read(&db).unwrap();
    let files = listing(dir.path());
    let list: serde_json::Value =
        serde_json::from_str(&ok(&db, &["log", "list", "--format", "json"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2, "{list}");
    assert_eq!(list[0]["swelling"], true);
    for flag in ["locking", "giving_way", "night_pain"] {
        assert_eq!(list[0][flag], false, "{flag}: {list}");
    }
    for args in [
        &["log", "show", "1"][..],
        &["log", "export", "--format", "csv"],
        &["plan"],
        &["today"],
        &["next"],
        &["why", "2026-11-23"],
        &["stats"],
    ] {
        ok(&db, args);
    }
    let csv = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(csv.path(), ok(&db, &["log", "export", "--format", "csv"])).unwrap();
    let out = ok(
        &db,
        &["log", "import", "--dry-run", csv.path().to_str().unwrap()],
    );
    assert!(
        out.contains("would import 0 entries") && out.contains("skipped 2 duplicates"),
        "{out}"
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "reading changed the log"
    );
    assert_eq!(
        listing(dir.path()),
        files,
        "reading left files beside the log"
    );
    assert_eq!(pragma(&db, "user_version"), 1);

    ok(
        &db,
        &["done", "--extra", "--date", "2026-11-30", "--pain", "1"],
    );
    assert_eq!(pragma(&db, "user_version"), 3);
    assert_eq!(pragma(&db, "application_id"), 0x564D_4F4C);
    let list: serde_json::Value =
        serde_json::from_str(&ok(&db, &["log", "list", "--format", "json"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 3, "{list}");
}

#[test]
fn a_near_copy_of_the_released_schema_is_not_taken_for_a_log() {
    let dir = tempfile::tempdir().unwrap();
    let changed = RELEASED_SCHEMA_1.replace("note TEXT,", "note TEXT, secret TEXT,");
    let db = released_log(dir.path(), &changed);
    every_command_refuses(&db, "not a vmo training log");
}

#[test]
fn an_empty_file_becomes_a_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    std::fs::write(&db, "").unwrap();
    assert_eq!(ok(&db, &["log", "list"]), "no entries\n");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        b"",
        "reading an empty file wrote it"
    );
    ok(&db, &["done"]);
    assert_eq!(pragma(&db, "application_id"), 0x564D_4F4C);
}

#[test]
fn reading_a_vmo_log_never_writes_beside_it_or_changes_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    ok(&db, &["done", "--pain", "3"]);
    let before = std::fs::read(&db).unwrap();
    let files = listing(dir.path());
    for args in [
        &["log", "list"][..],
        &["today"],
        &["plan"],
        &["stats"],
        &["report"],
    ] {
        ok(&db, args);
    }
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert_eq!(listing(dir.path()), files);
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

#[test]
fn a_fifo_as_the_log_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    mkfifo(&fifo);
    let want = format!(
        "vmo: error: the log set by VMO_DB ({}): is a FIFO, not a file; give the path of a log file",
        fifo.display()
    );
    for args in [
        &["log", "list"][..],
        &["done"],
        &["today"],
        &["log", "export"],
    ] {
        let (code, out, err) = run_in(&fifo, args);
        assert_eq!(
            (code, out.as_str(), err.trim_end()),
            (2, "", want.as_str()),
            "{args:?}"
        );
    }
    // The same from the profile's `db` and from --db.
    let profile = dir.path().join("config.toml");
    std::fs::write(&profile, format!("db = {:?}\n", fifo.display().to_string())).unwrap();
    let out = vmo()
        .args(["--config", profile.to_str().unwrap(), "log", "list"])
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a FIFO, not a file"));
    let out = vmo()
        .args([
            "done",
            "--start",
            "2026-11-23",
            "--db",
            fifo.to_str().unwrap(),
        ])
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a FIFO, not a file"));
}

#[test]
fn importing_a_fifo_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("strong.csv");
    mkfifo(&fifo);
    let db = dir.path().join("log.db");
    for dry in [false, true] {
        let mut args = vec!["log", "import", fifo.to_str().unwrap()];
        if dry {
            args.push("--dry-run");
        }
        let (code, out, err) = run_in(&db, &args);
        assert_eq!(code, 2, "{err}");
        assert!(out.is_empty());
        assert_eq!(
            err.trim_end(),
            format!(
                "vmo: error: {}: is a FIFO, not a file; give a CSV or JSON file",
                fifo.display()
            )
        );
    }
    assert!(!db.exists());
}

#[test]
fn a_device_as_the_log_is_refused_before_sqlite_touches_it() {
    let journal = Path::new("/dev/null-journal");
    let existed = journal.exists();
    for args in [&["done"][..], &["log", "list"], &["today"]] {
        let (code, _, err) = run_in(Path::new("/dev/null"), args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert_eq!(
            err.trim_end(),
            "vmo: error: the log set by VMO_DB (/dev/null): is a device, not a file; give the path of a log file",
            "{args:?}"
        );
    }
    if !existed {
        assert!(!journal.exists(), "/dev/null-journal was created");
    }
}

#[test]
fn a_dangling_symlink_as_the_log_is_refused_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("elsewhere").join("log.db");
    let link = dir.path().join("log.db");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    for args in [&["done"][..], &["log", "list"]] {
        let (code, _, err) = run_in(&link, args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains(&format!(
                "the log set by VMO_DB ({}): is a symbolic link to {}, which does not exist",
                link.display(),
                target.display()
            )),
            "{err}"
        );
    }
    assert!(!target.exists() && !target.parent().unwrap().exists());
    // A link to a log works.
    std::fs::create_dir(target.parent().unwrap()).unwrap();
    ok(&target, &["done"]);
    assert!(ok(&link, &["log", "list"]).contains("done"));
}

/// A log with one entry, then `damage` applied to its bytes.
fn damaged_log(dir: &Path, damage: impl FnOnce(&Path)) -> PathBuf {
    let db = dir.join("log.db");
    ok(&db, &["done", "--pain", "2", "--note", "fine"]);
    damage(&db);
    db
}

#[test]
fn a_damaged_log_is_named_with_a_plain_reason() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("log.csv");
    let db = damaged_log(dir.path(), |db| {
        let export = ok(db, &["log", "export", "--format", "csv"]);
        std::fs::write(&csv, export.replace("2026-12-02", "2026-11-30")).unwrap();
        let mut bytes = std::fs::read(db).unwrap();
        assert!(bytes.len() >= 8192, "{} bytes", bytes.len());
        // Garble page 2 (the entries table) and the rest, keeping the header.
        for b in &mut bytes[4096..] {
            *b = 0x5a;
        }
        std::fs::write(db, bytes).unwrap();
    });
    let want = format!(
        "vmo: error: the log set by VMO_DB ({}): the log is damaged (database disk image is malformed); restore a backup or export what can be read",
        db.display()
    );
    for args in [
        &["log", "list"][..],
        &["today"],
        &["done", "--date", "2026-11-30"],
        &["log", "import", csv.to_str().unwrap()],
    ] {
        let (code, out, err) = run_in(&db, args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty());
        assert_eq!(err.trim_end(), want, "{args:?}");
    }
}

#[test]
fn a_damaged_schema_is_not_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let db = damaged_log(dir.path(), |db| {
        let conn = rusqlite::Connection::open(db).unwrap();
        conn.execute_batch("PRAGMA writable_schema = ON;").unwrap();
        conn.execute(
            "UPDATE sqlite_master SET sql = CAST(x'4352454154452054414226fffe011b5b324a' AS TEXT) WHERE name = 'entries'",
            [],
        )
        .unwrap();
        drop(conn);
    });
    // run_in insists on UTF-8 output; the message must be the plain one.
    let (code, _, err) = run_in(&db, &["log", "list"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("the log is damaged"), "{err}");
    assert!(
        !err.contains('\u{1b}') && !err.contains("Error code"),
        "{err:?}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_damaged_value_names_the_file_and_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    let db = damaged_log(dir.path(), |db| {
        let conn = rusqlite::Connection::open(db).unwrap();
        ok(db, &["done", "--date", "2026-11-30"]);
        conn.execute("UPDATE entries SET date = x'ff00' WHERE id = 2", [])
            .unwrap();
    });
    let (code, out, err) = run_in(&db, &["log", "list"]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty());
    assert_eq!(
        err.trim_end(),
        format!(
            "vmo: error: the log set by VMO_DB ({}): log entry 2 is damaged (date holds a blob); restore a backup, or correct the entry with an SQLite tool",
            db.display()
        )
    );
    assert!(!err.contains("Invalid column type"), "{err}");
    // The entry that is fine still shows on its own.
    assert!(ok(&db, &["log", "show", "1"]).contains("fine"));
}
