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
    /// or a log of the released vmo (schema 1, unmarked) recognised by its exact schema.
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
            let objects = schema_objects(conn)?;
            match v {
                0 if objects.is_empty() => Kind::Empty,
                1 if objects == released_schema_1() => Kind::Vmo(1),
                _ => Kind::Foreign,
            }
        }
        _ => Kind::Foreign,
    })
}

/// Every object of the schema (type, name, table, SQL text), in a fixed order.
type Objects = Vec<(String, String, String, Option<String>)>;

fn schema_objects(conn: &Connection) -> rusqlite::Result<Objects> {
    let mut stmt = conn.prepare(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name, tbl_name, sql",
    )?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect()
}

/// The schema the released vmo wrote (migration 1, as SQLite stores its text).
fn released_schema_1() -> Objects {
    let conn = Connection::open_in_memory().expect("an in-memory database opens");
    conn.execute_batch(MIGRATIONS[0])
        .expect("migration 1 runs on an empty database");
    schema_objects(&conn).expect("the schema of an in-memory database reads")
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
    let v = version(&tx)?;
    if v > VERSION {
        return Err(TooNew(v).into());
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
