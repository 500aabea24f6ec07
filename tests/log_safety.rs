//! Health data that stays safe (issue 18, its open findings), through the real binary on
//! real SQLite files: a log holds only what was done (no date after today), errors name
//! where the log's path came from, reading someone else's database leaves no trace, and a
//! log of the released vmo is recognised by its tables, not by the exact text of its
//! schema.

mod common;

use std::path::{Path, PathBuf};

use common::{output_of, with_log};

use common::{fresh_log as fresh, ok_in as ok, refused_in as refused, run_in};

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
fn done_refuses_a_date_after_today_and_a_future_skip_is_a_planned_absence() {
    let (_d, db) = fresh();
    for args in [
        &["done", "--date", "2026-12-04"][..],
        &["done", "--extra", "--date", "2026-12-03"],
        &["done", "--date", "2026-12-04", "--dry-run"],
    ] {
        let err = refused(&db, args);
        assert!(err.contains("is after today (2026-12-02)"), "{err}");
    }
    assert!(!db.exists() || export(&db).trim() == "[]");
    // A future `skip --date` records a planned absence (issue 19; tests/absences.rs),
    // not a log entry.
    let (code, _, err) = run_in(&db, &["skip", "--date", "2026-12-04"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("planned absence 1 recorded"), "{err}");
    assert_eq!(export(&db).trim(), "[]");
}

// ---------------------------------------------------------------------------------------
// Reading a database whose write-ahead file has no index beside it leaves no trace.

/// Every file in `dir` by name, with its length and a hash of its bytes.
fn snapshot(dir: &Path) -> Vec<(String, usize, u64)> {
    use std::hash::{Hash, Hasher};
    let mut files: Vec<(String, usize, u64)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let bytes = std::fs::read(e.path()).unwrap_or_default();
            let mut h = std::collections::hash_map::DefaultHasher::new();
            bytes.hash(&mut h);
            (
                e.file_name().to_string_lossy().into_owned(),
                bytes.len(),
                h.finish(),
            )
        })
        .collect();
    files.sort();
    files
}

fn side(db: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", db.display()))
}

/// A database in WAL mode as a crash (or a copy without its `-shm`) leaves it: `db` and
/// `db-wal`, whose frames hold what `setup` wrote, and no `db-shm`. Built from a
/// connection held open while its files are copied into `dir` under `name`.
fn wal_without_index(dir: &Path, name: &str, base: Option<&Path>, setup: &str) -> PathBuf {
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("src.db");
    if let Some(b) = base {
        std::fs::copy(b, &src).unwrap();
    }
    let conn = rusqlite::Connection::open(&src).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    conn.execute_batch(setup).unwrap();
    let db = dir.join(name);
    std::fs::copy(&src, &db).unwrap();
    std::fs::copy(side(&src, "-wal"), side(&db, "-wal")).unwrap();
    drop(conn);
    assert!(std::fs::metadata(side(&db, "-wal")).unwrap().len() > 0);
    assert!(!side(&db, "-shm").exists());
    db
}

/// Every command refuses `db` naming it, and `dir` stays byte-identical: no `-shm`, no
/// `-wal` made or changed.
fn refused_without_a_trace(dir: &Path, db: &Path) {
    let before = snapshot(dir);
    for args in [
        &["log", "list"][..],
        &["log", "export"],
        &["log", "show", "1"],
        &["plan"],
        &["today"],
        &["stats"],
        &["report"],
        &["done", "--date", "2026-11-30"],
        &["skip", "--date", "2026-11-30"],
        &["log", "edit", "1", "--pain", "2"],
        &["log", "rm", "1"],
    ] {
        let err = refused(db, args);
        assert!(
            err.contains(&format!(
                "VMO_DB ({}): not a vmo training log",
                db.display()
            )),
            "{args:?}: {err}"
        );
        assert_eq!(snapshot(dir), before, "{args:?} left a trace");
    }
}

#[test]
fn a_foreign_wal_database_without_its_index_is_refused_without_a_trace() {
    let dir = tempfile::tempdir().unwrap();
    // Its tables in the write-ahead file only: the file itself looks empty.
    let db = wal_without_index(
        dir.path(),
        "notes.db",
        None,
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
         INSERT INTO notes (body) VALUES ('private');",
    );
    refused_without_a_trace(dir.path(), &db);
    // Another application's marked database, with its tables in the file and a change in
    // the write-ahead file.
    let other = tempfile::tempdir().unwrap();
    let base = other.path().join("base.db");
    let conn = rusqlite::Connection::open(&base).unwrap();
    conn.execute_batch(
        "CREATE TABLE t (x); INSERT INTO t VALUES (1); PRAGMA application_id = 1234;",
    )
    .unwrap();
    drop(conn);
    let db = wal_without_index(
        dir.path(),
        "marked.db",
        Some(&base),
        "INSERT INTO t VALUES (2);",
    );
    refused_without_a_trace(dir.path(), &db);
    // And one in WAL mode with neither side file.
    let plain = dir.path().join("plain.db");
    let conn = rusqlite::Connection::open(&plain).unwrap();
    conn.execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(conn);
    assert!(!side(&plain, "-wal").exists());
    refused_without_a_trace(dir.path(), &plain);
}

/// A vmo log with two entries, one of them only in its write-ahead file, which has no
/// index beside it.
fn vmo_wal_without_index(dir: &Path) -> PathBuf {
    let made = tempfile::tempdir().unwrap();
    let base = made.path().join("log.db");
    ok(
        &base,
        &["done", "--date", "2026-11-23", "--note", "in the file"],
    );
    wal_without_index(
        dir,
        "log.db",
        Some(&base),
        "INSERT INTO entries (date, status, reps, note) VALUES ('2026-11-25', 'done', '9,9', 'in the wal');",
    )
}

#[test]
fn a_vmo_log_whose_wal_has_no_index_is_read_whole_without_a_trace_and_written_as_usual() {
    let dir = tempfile::tempdir().unwrap();
    let db = vmo_wal_without_index(dir.path());
    let before = snapshot(dir.path());
    let list = ok(&db, &["log", "list"]);
    assert!(
        list.contains("in the file") && list.contains("in the wal"),
        "{list}"
    );
    ok(&db, &["plan"]);
    assert_eq!(snapshot(dir.path()), before, "reading left a trace");
    ok(&db, &["done", "--date", "2026-11-27"]);
    let list = ok(&db, &["log", "list", "--format", "json"]);
    let list: serde_json::Value = serde_json::from_str(&list).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 3, "{list}");
}

#[test]
fn a_vmo_log_whose_wal_has_no_index_still_reads_in_a_read_only_folder() {
    use std::os::unix::fs::PermissionsExt;
    use std::process::Command;
    let works = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !works {
        eprintln!("note: setpriv is missing or fails: read-only folder test skipped");
        return;
    }
    let outer = tempfile::tempdir().unwrap();
    std::fs::set_permissions(outer.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let folder = outer.path().join("backup");
    std::fs::create_dir(&folder).unwrap();
    let db = vmo_wal_without_index(&folder);
    for e in std::fs::read_dir(&folder).unwrap() {
        std::os::unix::fs::chown(e.unwrap().path(), Some(65534), Some(65534)).unwrap();
    }
    std::os::unix::fs::chown(&folder, Some(65534), Some(65534)).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o500)).unwrap();
    let before = snapshot(&folder);
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(assert_cmd::cargo::cargo_bin("vmo"))
        .args(["log", "list"])
        .env_clear()
        .env("HOME", "/nonexistent")
        .env("VMO_DB", &db)
        .env("VMO_TODAY", "2026-12-02")
        .output()
        .unwrap();
    let (code, out, err) = (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("in the file") && out.contains("in the wal"),
        "{out}"
    );
    assert!(err.is_empty(), "{err}");
    assert_eq!(snapshot(&folder), before);
}

// ---------------------------------------------------------------------------------------
// A log of the released vmo (schema 1) is recognised by its tables, not its schema's text.

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

/// The two entries of the released logs below.
const RELEASED_ENTRIES: &str = "INSERT INTO entries (date, status, reps, pain_during, swelling) VALUES ('2026-11-23', 'done', '12,12,10', 2, 1);
     INSERT INTO entries (date, status) VALUES ('2026-11-25', 'skipped');";

/// Whether the `sqlite3` command-line shell is installed (the real tool people use on
/// their files); without it the files are built with rusqlite.
fn have_sqlite3() -> bool {
    std::process::Command::new("sqlite3")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs `sql` on `db`, through the `sqlite3` shell when there is one.
fn sqlite3(db: &Path, sql: &str) {
    if have_sqlite3() {
        let out = std::process::Command::new("sqlite3")
            .arg(db)
            .arg(sql)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "sqlite3: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    } else {
        rusqlite::Connection::open(db)
            .unwrap()
            .execute_batch(sql)
            .unwrap();
    }
}

/// `sqlite3 old .dump | sqlite3 new` (the `user_version` is not in a dump), or the same by
/// rusqlite: the schema's text, then the rows.
fn dump_into(old: &Path, new: &Path) {
    if have_sqlite3() {
        let dump = std::process::Command::new("sqlite3")
            .arg(old)
            .arg(".dump")
            .output()
            .unwrap();
        assert!(dump.status.success());
        let mut load = std::process::Command::new("sqlite3")
            .arg(new)
            .stdin(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        load.stdin.take().unwrap().write_all(&dump.stdout).unwrap();
        assert!(load.wait().unwrap().success());
    } else {
        let conn = rusqlite::Connection::open(new).unwrap();
        conn.execute("ATTACH ?1 AS o", [old.to_str().unwrap()])
            .unwrap();
        let sql: Vec<String> = conn
            .prepare("SELECT sql FROM o.sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type DESC")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for s in sql {
            conn.execute_batch(&s).unwrap();
        }
        conn.execute_batch("INSERT INTO entries SELECT * FROM o.entries; DETACH o;")
            .unwrap();
    }
}

/// A log as the released vmo left it, built from `schema`, with two entries.
fn released(dir: &Path, name: &str, schema: &str) -> PathBuf {
    let db = dir.join(name);
    sqlite3(
        &db,
        &format!("{schema}\n{RELEASED_ENTRIES}\nPRAGMA user_version = 1;"),
    );
    db
}

/// Reads `db` as a log of two entries without changing anything in its folder, then logs
/// a session: the log is brought up to date and keeps its entries.
fn reads_and_upgrades(db: &Path) {
    let dir = db.parent().unwrap();
    let before = snapshot(dir);
    let list: serde_json::Value =
        serde_json::from_str(&ok(db, &["log", "list", "--format", "json"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2, "{list}");
    assert_eq!(list[0]["swelling"], true);
    assert_eq!(list[1]["status"], "skipped");
    for args in [
        &["plan"][..],
        &["today"],
        &["stats"],
        &["report"],
        &["log", "show", "1"],
    ] {
        ok(db, args);
    }
    assert_eq!(snapshot(dir), before, "reading changed the folder");
    ok(
        db,
        &["done", "--extra", "--date", "2026-11-30", "--pain", "1"],
    );
    let conn = rusqlite::Connection::open(db).unwrap();
    let v: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    let app: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!((v, app), (3, 0x564D_4F4C));
    drop(conn);
    let list: serde_json::Value =
        serde_json::from_str(&ok(db, &["log", "list", "--format", "json"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 3, "{list}");
}

#[test]
fn a_released_log_that_was_analyzed_is_still_a_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = released(dir.path(), "log.db", RELEASED_SCHEMA_1);
    sqlite3(&db, "ANALYZE;");
    reads_and_upgrades(&db);
}

#[test]
fn a_released_log_passed_through_a_dump_is_still_a_log() {
    let dir = tempfile::tempdir().unwrap();
    let old = released(dir.path(), "old.db", RELEASED_SCHEMA_1);
    let work = tempfile::tempdir().unwrap();
    let db = work.path().join("log.db");
    dump_into(&old, &db);
    reads_and_upgrades(&db);
}

#[test]
fn a_released_schema_written_with_other_whitespace_and_quoting_is_still_a_log() {
    let dir = tempfile::tempdir().unwrap();
    let schema = "CREATE TABLE \"entries\"(\"id\" integer primary key, \"date\" text not null, \
        \"status\" text not null check(status in ('done','skipped')), \"reps\" text not null default '', \
        \"load_kg\" real, \"rpe\" real, \"pain_during\" real, \"pain_morning\" real, \
        \"swelling\" integer not null default 0, \"note\" text, \"extra\" integer not null default 0);\n\
        CREATE INDEX \"entries_by_date\" ON \"entries\"(\"date\");";
    let db = released(dir.path(), "log.db", schema);
    reads_and_upgrades(&db);
}

#[test]
fn anything_else_shaped_almost_like_the_released_log_is_refused_byte_identically() {
    let near = [
        (
            "an extra column",
            RELEASED_SCHEMA_1.replace("note TEXT,", "note TEXT, secret TEXT,"),
        ),
        (
            "a column of another type",
            RELEASED_SCHEMA_1.replace("note TEXT,", "note BLOB,"),
        ),
        (
            "a column that may be NULL",
            RELEASED_SCHEMA_1.replace("date TEXT NOT NULL", "date TEXT"),
        ),
        (
            "another table",
            format!("{RELEASED_SCHEMA_1}\nCREATE TABLE diary (body TEXT);"),
        ),
        (
            "a trigger",
            format!(
                "{RELEASED_SCHEMA_1}\nCREATE TABLE audit (x); CREATE TRIGGER t AFTER INSERT ON entries BEGIN INSERT INTO audit VALUES (1); END;"
            ),
        ),
        (
            "a view",
            format!("{RELEASED_SCHEMA_1}\nCREATE VIEW v AS SELECT date FROM entries;"),
        ),
        (
            "another index",
            RELEASED_SCHEMA_1.replace("entries (date)", "entries (status)"),
        ),
    ];
    for (what, schema) in near {
        let dir = tempfile::tempdir().unwrap();
        let db = released(dir.path(), "log.db", &schema);
        eprintln!("{what}");
        refused_without_a_trace(dir.path(), &db);
    }
    // The released shape with another application's version number.
    let dir = tempfile::tempdir().unwrap();
    let db = released(dir.path(), "log.db", RELEASED_SCHEMA_1);
    sqlite3(&db, "PRAGMA user_version = 7;");
    refused_without_a_trace(dir.path(), &db);
}

// ---------------------------------------------------------------------------------------
// Errors name where the log's path came from.

#[test]
fn errors_name_where_the_logs_path_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("other.db");
    sqlite3(&db, "CREATE TABLE t (x);");
    let shown = db.display().to_string();
    let refusal = "not a vmo training log (another application's SQLite database)";
    let run = |cmd: &mut assert_cmd::Command| {
        let (code, _, err) = output_of(cmd.env("VMO_START", "2026-11-23"));
        assert_eq!(code, 2, "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        err
    };
    // --db on the command line.
    let err = run(common::vmo().args(["--db", &shown, "log", "list"]));
    assert!(
        err.starts_with(&format!("vmo: error: --db {shown}: {refusal}")),
        "{err}"
    );
    // VMO_DB.
    let err = run(common::vmo().env("VMO_DB", &db).args(["log", "list"]));
    assert!(
        err.starts_with(&format!(
            "vmo: error: the log set by VMO_DB ({shown}): {refusal}"
        )),
        "{err}"
    );
    let err = run(common::vmo().env("VMO_DB", &db).args(["done"]));
    assert!(
        err.contains(&format!("the log set by VMO_DB ({shown}):")),
        "{err}"
    );
    // The profile's db.
    let profile = d.join("p.toml");
    std::fs::write(
        &profile,
        format!("db = {:?}\nstart = \"2026-11-23\"\n", shown),
    )
    .unwrap();
    for args in [&["log", "list"][..], &["plan"], &["done"]] {
        let err = run(common::vmo().arg("--config").arg(&profile).args(args));
        assert!(
            err.starts_with(&format!(
                "vmo: error: the profile's db ({shown}): {refusal}"
            )),
            "{args:?}: {err}"
        );
        assert!(!err.contains("--db"), "{err}");
    }
    // A client's own log under the data folder, and the default log.
    let data = d.join("data");
    let ann = data.join("vmo/clients/ann/log.db");
    std::fs::create_dir_all(ann.parent().unwrap()).unwrap();
    std::fs::copy(&db, &ann).unwrap();
    let err = run(common::vmo()
        .env("XDG_DATA_HOME", &data)
        .args(["log", "list", "--client", "ann"]));
    assert!(
        err.starts_with(&format!(
            "vmo: error: the log of client \"ann\" ({}): {refusal}",
            ann.display()
        )),
        "{err}"
    );
    let own = data.join("vmo/log.db");
    std::fs::copy(&db, &own).unwrap();
    let err = run(common::vmo().env("XDG_DATA_HOME", &data).args(["today"]));
    assert!(
        err.starts_with(&format!(
            "vmo: error: the log ({}): {refusal}",
            own.display()
        )),
        "{err}"
    );
}

#[test]
fn a_db_named_like_an_sqlite_uri_or_memory_is_the_file_it_names() {
    // Attack 2, F1/F2: `--db file:other.db` opened other.db (SQLite reads `file:` as a URI)
    // past every check made on the literal name, and `:memory:` kept nothing.
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.db");
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute_batch("CREATE TABLE accounts (secret TEXT); INSERT INTO accounts VALUES ('s');")
        .unwrap();
    drop(conn);
    let before = std::fs::read(&other).unwrap();
    for name in ["file:other.db", ":memory:", "file:x.db?mode=memory"] {
        let run = |args: &[&str]| {
            output_of(
                common::vmo()
                    .current_dir(dir.path())
                    .env("VMO_START", "2026-11-23")
                    .env("VMO_TODAY", "2026-12-02")
                    .args(["--db", name])
                    .args(args),
            )
        };
        let (code, _, err) = run(&["done", "--date", "2026-11-23"]);
        assert_eq!(code, 0, "{name}: {err}");
        // Kept in the file of that very name.
        assert!(
            dir.path().join(name).metadata().unwrap().len() > 0,
            "{name}"
        );
        let (code, out, err) = run(&["log", "list", "--format", "json"]);
        assert_eq!(code, 0, "{name}: {err}");
        assert!(out.contains("2026-11-23"), "{name}: {out}");
    }
    assert_eq!(std::fs::read(&other).unwrap(), before);
}

#[test]
fn a_trigger_planted_in_a_log_never_runs_inside_vmos_writes() {
    // Attack 2, F6: a trigger added with another tool deleted every other entry on the
    // next `vmo done`.
    let (_d, db) = fresh();
    ok(&db, &["done", "--date", "2026-11-23"]);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER wipe AFTER INSERT ON entries BEGIN DELETE FROM entries WHERE id <> new.id; END;",
    )
    .unwrap();
    drop(conn);
    ok(&db, &["done", "--date", "2026-11-25"]);
    let list = export(&db);
    assert!(
        list.contains("2026-11-23") && list.contains("2026-11-25"),
        "{list}"
    );
}
