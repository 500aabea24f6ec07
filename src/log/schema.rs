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
];

/// The schema version this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// A log written by a newer vmo.
#[derive(Debug, thiserror::Error)]
#[error(
    "the log has schema version {0}, newer than this vmo knows (up to {VERSION}); upgrade vmo to read it"
)]
pub struct TooNew(pub i64);

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
    fn a_new_log_gets_the_latest_schema_and_a_newer_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.db");
        let mut conn = Connection::open(&path).unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(version(&conn).unwrap(), VERSION);
        migrate(&mut conn).unwrap();
        conn.pragma_update(None, "user_version", VERSION + 1)
            .unwrap();
        let err = migrate(&mut conn).unwrap_err();
        assert!(err.to_string().contains("newer than this vmo"), "{err}");
    }
}
