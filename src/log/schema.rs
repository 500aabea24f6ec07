//! The log's versioned schema, kept in SQLite's `user_version`.
//!
//! A small runner rather than a migration crate because the one thing it must get right
//! is concurrency: the version is read again under `BEGIN IMMEDIATE`, so when twenty
//! processes open a new log at once, one creates the tables and the others find them made
//! (a version read before taking the write lock would make the losers fail).

use anyhow::Result;
use rusqlite::{Connection, TransactionBehavior};

/// Each step takes the schema from version `i` to `i + 1`. Append only: never edit a
/// step that has shipped.
const MIGRATIONS: &[&str] = &[
    // 1: one row per logged session.
    "CREATE TABLE entries (
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
    CREATE INDEX entries_by_date ON entries (date);",
    // 2: the knee on a timeline and the plan's dated changes (one migration for the
    // turn's issues). Red-flag symptoms beside swelling; clearances and acknowledgements
    // as dated events of their own; each change of the plan's inputs as a dated row; and
    // the file marked as a vmo log so other applications' databases are never taken for one.
    "ALTER TABLE entries ADD COLUMN locking INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE entries ADD COLUMN giving_way INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE entries ADD COLUMN night_pain INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE knee_events (
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('cleared', 'acknowledged')),
        note TEXT
    );
    CREATE INDEX knee_events_by_date ON knee_events (date);
    CREATE TABLE plan_changes (
        id INTEGER PRIMARY KEY,
        from_date TEXT NOT NULL,
        recorded_on TEXT NOT NULL,
        settings TEXT NOT NULL
    );
    CREATE INDEX plan_changes_by_date ON plan_changes (from_date, id);
    PRAGMA application_id = 1447907148;",
    // 3: clients as first-class and planned absences (issue 19). Whose log this is (one
    // row, key 'owner': the client's exact name), and absences recorded ahead of time
    // (a holiday): a range of days whose sessions are planned away, not missed.
    "CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE absences (
        id INTEGER PRIMARY KEY,
        from_date TEXT NOT NULL,
        to_date TEXT NOT NULL,
        reason TEXT,
        recorded_on TEXT NOT NULL
    );
    CREATE INDEX absences_by_date ON absences (from_date, id);",
];

/// SQLite's `application_id` of a vmo log ("VMOL" in ASCII), set by migration 2.
pub const APPLICATION_ID: i64 = 0x564D_4F4C;

/// The schema version this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// A log written by a newer vmo.
#[derive(Debug, thiserror::Error)]
#[error(
    "the log has schema version {0}, newer than this vmo knows (up to {VERSION}); upgrade vmo to read it"
)]
pub struct TooNew(pub i64);

/// What an SQLite database is, read without changing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// No tables and no marks: a log yet to be made (or one whose first write is under way).
    Empty,
    /// A vmo log of this schema version or an older one: marked with [`APPLICATION_ID`],
    /// or a log of the released vmo (schema 1, unmarked) recognised by its [`Shape`].
    Vmo(i64),
    /// A vmo log of a newer schema.
    TooNew(i64),
    /// Anything else: another application's database, never to be touched.
    Foreign,
}

/// Says what the database behind `conn` is; reads only.
pub fn classify(conn: &Connection) -> rusqlite::Result<Kind> {
    let app: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let v = version(conn)?;
    Ok(match app {
        APPLICATION_ID if v > VERSION => Kind::TooNew(v),
        APPLICATION_ID if v >= 2 => Kind::Vmo(v),
        // Only a file without vmo's mark is told by its tables (read only then: every
        // command opens the log, and a marked one needs no more).
        0 if v <= 1 => {
            let empty: bool =
                conn.query_row("SELECT count(*) = 0 FROM sqlite_master", [], |r| r.get(0))?;
            if v == 0 && empty {
                Kind::Empty
            } else if is_released_schema_1(conn)? {
                // `sqlite3 old.db .dump | sqlite3 new.db` leaves the version at 0.
                Kind::Vmo(1)
            } else {
                Kind::Foreign
            }
        }
        _ => Kind::Foreign,
    })
}

/// What a schema is made of, whatever the text that made it (its whitespace, quoting and
/// case, which `.dump` or another tool may change): each table but SQLite's own
/// (`sqlite_stat1` after an `ANALYZE`, …) with its columns (name, type, NOT NULL,
/// default, primary key), each index with its table, uniqueness and columns, and every
/// view and trigger by name. CHECK constraints are not in it: vmo holds what it reads and
/// writes to its own limits.
#[derive(Debug, PartialEq)]
struct Shape {
    tables: Vec<(String, Vec<Column>)>,
    indexes: Vec<(String, bool, Vec<String>)>,
    others: Vec<(String, String)>,
}

/// A column: name, type (upper case), NOT NULL, default, place in the primary key.
type Column = (String, String, bool, Option<String>, i64);

fn shape(conn: &Connection) -> rusqlite::Result<Shape> {
    let mut objects = conn.prepare(
        "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name",
    )?;
    let objects = objects
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut shape = Shape {
        tables: Vec::new(),
        indexes: Vec::new(),
        others: Vec::new(),
    };
    for (kind, name) in objects {
        match kind.as_str() {
            "table" => {
                let columns = conn
                    .prepare(
                        "SELECT name, upper(type), \"notnull\", dflt_value, pk FROM pragma_table_info(?1) ORDER BY cid",
                    )?
                    .query_map([&name], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                    })?
                    .collect::<rusqlite::Result<Vec<Column>>>()?;
                // Every index of the table, those made by its UNIQUE constraints too
                // (named by SQLite, so by their columns alone).
                let mut indexes = conn
                    .prepare(
                        "SELECT name, \"unique\", origin FROM pragma_index_list(?1) ORDER BY name",
                    )?
                    .query_map([&name], |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            r.get::<_, bool>(1)?,
                            r.get::<_, String>(2)?,
                        ))
                    })?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                indexes.sort();
                for (index, unique, origin) in indexes {
                    let columns = conn
                        .prepare("SELECT name FROM pragma_index_info(?1) ORDER BY seqno")?
                        .query_map([&index], |r| r.get::<_, Option<String>>(0))?
                        .map(|c| c.map(Option::unwrap_or_default))
                        .collect::<rusqlite::Result<Vec<String>>>()?;
                    let label = if origin == "c" {
                        format!("{name}.{index}")
                    } else {
                        format!("{name} ({origin})")
                    };
                    shape.indexes.push((label, unique, columns));
                }
                shape.tables.push((name, columns));
            }
            // Indexes were read with their tables.
            "index" => {}
            _ => shape.others.push((kind, name)),
        }
    }
    Ok(shape)
}

/// Whether the database behind `conn` has the shape of the released vmo's log (schema 1).
fn is_released_schema_1(conn: &Connection) -> rusqlite::Result<bool> {
    Ok(shape(conn)? == released_schema_1())
}

/// The shape of the released vmo's log (migration 1).
fn released_schema_1() -> Shape {
    let conn = Connection::open_in_memory().expect("an in-memory database opens");
    conn.execute_batch(MIGRATIONS[0])
        .expect("migration 1 runs on an empty database");
    shape(&conn).expect("the schema of an in-memory database reads")
}

fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

/// Brings the log up to [`VERSION`].
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let v = version(conn)?;
    if v > VERSION {
        return Err(TooNew(v).into());
    }
    if v == VERSION {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut v = version(&tx)?;
    if v > VERSION {
        return Err(TooNew(v).into());
    }
    // A released log passed through `.dump` lost its version, not its tables.
    if v == 0 && is_released_schema_1(&tx)? {
        v = 1;
    }
    for (i, step) in MIGRATIONS.iter().enumerate().skip(v as usize) {
        tx.execute_batch(step)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_released_schema_1_log_keeps_its_entries_and_gains_the_new_columns() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.db");
        let mut conn = Connection::open(&path).unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO entries (date, status, reps, swelling) VALUES ('2026-11-30', 'done', '8,8', 1)",
            [],
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let row: (bool, bool, bool, bool) = conn
            .query_row(
                "SELECT swelling, locking, giving_way, night_pain FROM entries",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        assert_eq!(row, (true, false, false, false));
        let id: i64 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .unwrap();
        assert_eq!(id, APPLICATION_ID);
    }

    #[test]
    fn a_new_log_gets_the_latest_schema_and_a_newer_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.db");
        let mut conn = Connection::open(&path).unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(version(&conn).unwrap(), VERSION);
        let id: i64 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .unwrap();
        assert_eq!(id, APPLICATION_ID, "a new log is marked as vmo's");
        migrate(&mut conn).unwrap();
        conn.pragma_update(None, "user_version", VERSION + 1)
            .unwrap();
        let err = migrate(&mut conn).unwrap_err();
        assert!(err.to_string().contains("newer than this vmo"), "{err}");
    }
}
