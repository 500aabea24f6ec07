//! The training log: an SQLite file at the edge. The core never sees a database handle,
//! only the plain [`Entry`] values [`Store::entries`] returns.
//!
//! The log is health data: its folder and file are created owner-only (0700 / 0600)
//! whatever the umask, and never loosened. Every write is one `BEGIN IMMEDIATE`
//! transaction, the journal is WAL and a busy timeout lets concurrent writers queue, so
//! twenty `vmo done` processes started at once all land. Reading commands open the file
//! read-only and never change it; only vmo's own logs are ever opened for writing (`open.rs`
//! says what is refused, and how).

pub mod clients;
pub mod exchange;
mod open;
pub mod parse;
mod schema;

pub use open::not_a_file;
pub use schema::APPLICATION_ID;

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::exit::input_error;
use crate::plan::adapt::{Entry, Status, Symptoms};
use crate::plan::knee_state::{KneeEvent, KneeEventKind};
use schema::Kind;

/// An open training log.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Its schema version (0: no tables yet, so no entries), which says what it holds.
    version: i64,
}

/// Where the log lives when neither `--db`, `VMO_DB` nor the profile's `db` says:
/// `$XDG_DATA_HOME/vmo/log.db`, else `~/.local/share/vmo/log.db`; a named client's is
/// `…/vmo/clients/{folder}/log.db` (see [`clients`]), so a coach's clients never share a
/// log. `None` when there is no home to put it in; an error when the client's folder
/// belongs to another client.
pub fn default_path(
    env: &dyn Fn(&str) -> Option<std::ffi::OsString>,
    client: Option<&str>,
) -> Result<Option<PathBuf>> {
    let Some(data) = env("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            env("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".local/share"))
        })
    else {
        return Ok(None);
    };
    let vmo = data.join("vmo");
    Ok(Some(match client {
        Some(c) => clients::folder(&vmo.join("clients"), c)?.join("log.db"),
        None => vmo.join("log.db"),
    }))
}

impl Store {
    /// Opens the log at `path` for writing, creating it (and its folder) owner-only when
    /// missing. Only vmo's own logs are opened: another application's database is refused
    /// untouched; a log of the released vmo is brought up to date (and marked as vmo's);
    /// a log others may read is made owner-only, with a note.
    pub fn open(path: &Path) -> Result<Store> {
        open::check_log_path(path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.exists()
        {
            crate::output::create_private_dir(dir).map_err(|e| {
                anyhow!(
                    "--db {}: cannot create the folder {}: {}",
                    path.display(),
                    dir.display(),
                    crate::exit::io_reason(&e)
                )
            })?;
        }
        if path.exists() {
            if open::check_magic(path)? {
                // Decided through a read-only connection, so a refused file is untouched.
                let reader = open::open_reader(path)?;
                refuse_unless_vmo(path, reader.kind)?;
            }
        } else {
            create_private_file(path).map_err(|e| {
                input_error(format!(
                    "--db {}: cannot create the log: {}",
                    path.display(),
                    crate::exit::io_reason(&e)
                ))
            })?;
        }
        if let Some(why) = open::unwritable(path) {
            return Err(input_error(format!(
                "--db {}: the log cannot be written: {why} (it can still be read: `vmo log export`)",
                path.display()
            )));
        }
        open::perms::tighten(path);
        let mut conn = open::open_writer(path)?;
        schema::migrate(&mut conn).map_err(|e| match e.downcast::<schema::TooNew>() {
            Ok(t) => input_error(format!("--db {}: {t}", path.display())),
            Err(e) => match e.downcast::<rusqlite::Error>() {
                Ok(e) => open::write_error(path, &e),
                Err(e) => e,
            },
        })?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            version: schema::VERSION,
        })
    }

    /// An empty log in memory (for previews when there is no log file yet).
    pub fn memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        schema::migrate(&mut conn)?;
        Ok(Store {
            conn,
            path: PathBuf::from(":memory:"),
            version: schema::VERSION,
        })
    }

    /// A copy in memory of the log at `path` (empty when there is none), for a dry run
    /// that may change it freely: the file is only read.
    pub fn preview(path: &Path) -> Result<Store> {
        let entries = Self::read_entries(path)?.unwrap_or_default();
        let store = Self::memory()?;
        for e in &entries {
            store.conn.execute(
                "INSERT INTO entries (id, date, status, reps, load_kg, rpe, pain_during, pain_morning, swelling, note, extra, locking, giving_way, night_pain)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                rusqlite::params_from_iter(
                    std::iter::once(rusqlite::types::Value::Integer(e.id)).chain(columns(e)),
                ),
            )?;
        }
        Ok(store)
    }

    /// Opens the log at `path` read-only if there is one; `None` when the file does not
    /// exist or is empty (reading never creates a database). The file is never written:
    /// no migration, no journal change; a log of an older schema is read as it is.
    pub fn open_existing(path: &Path) -> Result<Option<Store>> {
        open::check_log_path(path)?;
        if !path.exists() || !open::check_magic(path)? {
            return Ok(None);
        }
        let reader = open::open_reader(path)?;
        refuse_unless_vmo(path, reader.kind)?;
        open::perms::warn(path);
        let version = match reader.kind {
            Kind::Vmo(v) => v,
            _ => 0,
        };
        Ok(Some(Store {
            conn: reader.conn,
            path: path.to_path_buf(),
            version,
        }))
    }

    /// Every entry of the log at `path`, read as [`Store::open_existing`] reads; `None`
    /// when there is no log.
    pub fn read_entries(path: &Path) -> Result<Option<Vec<Entry>>> {
        Self::open_existing(path)?.map(|s| s.entries()).transpose()
    }

    /// The entries and the knee events of the log at `path`, through one read-only
    /// connection (see [`Store::open_existing`]); `None` when there is no log.
    pub fn read_log(path: &Path) -> Result<Option<(Vec<Entry>, Vec<KneeEvent>)>> {
        let Some(store) = Self::open_existing(path)? else {
            return Ok(None);
        };
        Ok(Some((store.entries()?, store.events()?)))
    }

    /// Every knee event, by date then id.
    pub fn events(&self) -> Result<Vec<KneeEvent>> {
        // Knee events came with schema 2; an older log, read as it is, has none.
        if self.version < 2 {
            return Ok(Vec::new());
        }
        let mut stmt = self
            .conn
            .prepare("SELECT id, date, kind, note FROM knee_events ORDER BY date, id")?;
        let rows = stmt.query_map([], |r| {
            let id: i64 = r.get(0)?;
            let date: String = r.get(1)?;
            let kind: String = r.get(2)?;
            let note: Option<String> = r.get(3)?;
            Ok((id, date, kind, note))
        })?;
        let path = self.path.display().to_string();
        rows.map(|r| {
            let (id, date, kind, note) = r?;
            let date = parse_iso_date(&date)
                .ok_or_else(|| anyhow!("{path}: knee event {id}: bad date {date:?}"))?;
            let kind = match kind.as_str() {
                "cleared" => KneeEventKind::Cleared,
                "acknowledged" => KneeEventKind::Acknowledged,
                other => return Err(anyhow!("{path}: knee event {id}: bad kind {other:?}")),
            };
            Ok(KneeEvent {
                id,
                date,
                kind,
                note,
            })
        })
        .collect()
    }

    /// Records a clearance or acknowledgement; returns its id.
    pub fn add_event(
        &mut self,
        date: NaiveDate,
        kind: KneeEventKind,
        note: Option<&str>,
    ) -> Result<i64> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO knee_events (date, kind, note) VALUES (?1, ?2, ?3)",
            rusqlite::params![date.to_string(), kind.as_str(), note],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(id)
    }

    /// Deletes a knee event; false when there is no such event.
    pub fn delete_event(&mut self, id: i64) -> Result<bool> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let n = tx.execute("DELETE FROM knee_events WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(n == 1)
    }

    /// Where this log is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every entry, by date then id.
    pub fn entries(&self) -> Result<Vec<Entry>> {
        if self.version == 0 {
            return Ok(Vec::new());
        }
        let sql = format!("SELECT {} FROM entries ORDER BY date, id", self.select());
        let fail = |e: rusqlite::Error| open::sqlite_error(&self.path, &e);
        let mut stmt = self.conn.prepare(&sql).map_err(fail)?;
        let rows = stmt.query_map([], row_entry).map_err(fail)?;
        rows.map(|r| r.map_err(fail).and_then(|r| r.map_err(|e| self.damaged(e))))
            .collect()
    }

    /// One entry by id.
    pub fn get(&self, id: i64) -> Result<Option<Entry>> {
        if self.version == 0 {
            return Ok(None);
        }
        let sql = format!("SELECT {} FROM entries WHERE id = ?1", self.select());
        let row = self
            .conn
            .query_row(&sql, [id], row_entry)
            .optional()
            .map_err(|e| open::sqlite_error(&self.path, &e))?;
        row.transpose().map_err(|e| self.damaged(e))
    }

    /// An error from this log's SQLite as a sentence naming the file (other errors as
    /// they are): for callers of methods that return SQLite's errors raw.
    pub fn explain(&self, e: anyhow::Error) -> anyhow::Error {
        match e.downcast::<rusqlite::Error>() {
            Ok(e) => open::write_error(&self.path, &e),
            Err(e) => e,
        }
    }

    /// The columns an entry is read from; a schema-1 log has no red flags but swelling.
    fn select(&self) -> &'static str {
        if self.version >= 2 {
            "id, date, status, reps, load_kg, rpe, pain_during, pain_morning, swelling, note, extra, locking, giving_way, night_pain"
        } else {
            "id, date, status, reps, load_kg, rpe, pain_during, pain_morning, swelling, note, extra, 0, 0, 0"
        }
    }

    /// An entry that cannot be read, named with the file.
    fn damaged(&self, e: anyhow::Error) -> anyhow::Error {
        input_error(format!(
            "--db {}: {e:#}; restore a backup, or correct the entry with an SQLite tool",
            self.path.display()
        ))
    }

    /// Adds entries in one transaction; returns their ids.
    pub fn insert(&mut self, entries: &[Entry]) -> Result<Vec<i64>> {
        let path = self.path.clone();
        let fail = |e: rusqlite::Error| open::write_error(&path, &e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        let mut ids = Vec::with_capacity(entries.len());
        for e in entries {
            tx.execute(
                "INSERT INTO entries (date, status, reps, load_kg, rpe, pain_during, pain_morning, swelling, note, extra, locking, giving_way, night_pain)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                rusqlite::params_from_iter(columns(e)),
            )
            .map_err(fail)?;
            ids.push(tx.last_insert_rowid());
        }
        tx.commit().map_err(fail)?;
        Ok(ids)
    }

    /// Adds imported entries in one transaction, skipping any whose content (all but the
    /// id) is already in the log or earlier in the file; an entry keeps its id when that
    /// id is free, so an export imported into an empty log is the same log. Returns
    /// (added, duplicates).
    pub fn import(&mut self, entries: &[Entry], dry_run: bool) -> Result<(usize, usize)> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (mut added, mut dups) = (0, 0);
        for e in entries {
            let exists: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM entries WHERE date = ?1 AND status = ?2 AND reps = ?3
                   AND load_kg IS ?4 AND rpe IS ?5 AND pain_during IS ?6 AND pain_morning IS ?7
                   AND swelling = ?8 AND note IS ?9 AND extra = ?10 AND locking = ?11
                   AND giving_way = ?12 AND night_pain = ?13)",
                rusqlite::params_from_iter(columns(e)),
                |r| r.get(0),
            )?;
            if exists {
                dups += 1;
                continue;
            }
            let taken: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM entries WHERE id = ?1)",
                [e.id],
                |r| r.get(0),
            )?;
            let id = (!taken && e.id > 0).then_some(e.id);
            let id = id.map_or(
                rusqlite::types::Value::Null,
                rusqlite::types::Value::Integer,
            );
            tx.execute(
                "INSERT INTO entries (id, date, status, reps, load_kg, rpe, pain_during, pain_morning, swelling, note, extra, locking, giving_way, night_pain)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                rusqlite::params_from_iter(std::iter::once(id).chain(columns(e))),
            )?;
            added += 1;
        }
        if !dry_run {
            tx.commit()?;
        }
        Ok((added, dups))
    }

    /// Replaces an entry's fields (by its id); false when there is no such entry.
    pub fn update(&mut self, e: &Entry) -> Result<bool> {
        let path = self.path.clone();
        let fail = |e: rusqlite::Error| open::write_error(&path, &e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        let n = tx
            .execute(
                "UPDATE entries SET date = ?2, status = ?3, reps = ?4, load_kg = ?5, rpe = ?6,
                 pain_during = ?7, pain_morning = ?8, swelling = ?9, note = ?10, extra = ?11,
                 locking = ?12, giving_way = ?13, night_pain = ?14
             WHERE id = ?1",
                rusqlite::params_from_iter(
                    std::iter::once(rusqlite::types::Value::Integer(e.id)).chain(columns(e)),
                ),
            )
            .map_err(fail)?;
        tx.commit().map_err(fail)?;
        Ok(n == 1)
    }

    /// Deletes an entry; false when there is no such entry.
    pub fn delete(&mut self, id: i64) -> Result<bool> {
        let path = self.path.clone();
        let fail = |e: rusqlite::Error| open::write_error(&path, &e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        let n = tx
            .execute("DELETE FROM entries WHERE id = ?1", [id])
            .map_err(fail)?;
        tx.commit().map_err(fail)?;
        Ok(n == 1)
    }
}

/// Refuses anything but a vmo log (or an empty database, soon to be one).
fn refuse_unless_vmo(path: &Path, kind: Kind) -> Result<()> {
    match kind {
        Kind::Foreign => Err(open::foreign(path)),
        Kind::TooNew(v) => Err(input_error(format!(
            "--db {}: {}",
            path.display(),
            schema::TooNew(v)
        ))),
        Kind::Empty | Kind::Vmo(_) => Ok(()),
    }
}

#[cfg(unix)]
fn create_private_file(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        // The umask may have taken bits away (never added); set exactly 0600.
        Ok(_) => std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)),
        // Another process created it first: theirs is as good.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(not(unix))]
fn create_private_file(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map(|_| ())
}

/// An entry's columns after `id`, in the table's order (date, status, reps, load_kg,
/// rpe, pain_during, pain_morning, swelling, note, extra, locking, giving_way,
/// night_pain): one list for every statement.
fn columns(e: &Entry) -> [rusqlite::types::Value; 13] {
    use rusqlite::types::Value;
    let real = |v: Option<f64>| v.map_or(Value::Null, Value::Real);
    [
        Value::Text(e.date.to_string()),
        Value::Text(e.status.as_str().to_string()),
        Value::Text(reps_text(&e.reps)),
        real(e.load_kg),
        real(e.rpe),
        real(e.pain_during),
        real(e.pain_morning),
        Value::Integer(i64::from(e.symptoms.swelling)),
        e.note.clone().map_or(Value::Null, Value::Text),
        Value::Integer(i64::from(e.extra)),
        Value::Integer(i64::from(e.symptoms.locking)),
        Value::Integer(i64::from(e.symptoms.giving_way)),
        Value::Integer(i64::from(e.symptoms.night_pain)),
    ]
}

fn reps_text(reps: &[u32]) -> String {
    reps.iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// `YYYY-MM-DD` as the log stores it, read without chrono's general parser (a long log is
/// read on every `vmo today`).
fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return s.parse().ok();
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

type Row = Result<Entry>;

/// Column `i` of an entry, or why it cannot be read (a blob where text belongs, …).
fn cell<T: rusqlite::types::FromSql>(r: &rusqlite::Row<'_>, i: usize, id: i64) -> Result<T> {
    use rusqlite::types::Type;
    r.get(i).map_err(|e| {
        let name = r.as_ref().column_name(i).unwrap_or("a column").to_string();
        let holds = match &e {
            rusqlite::Error::InvalidColumnType(_, _, t) => match t {
                Type::Blob => "a blob",
                Type::Text => "text",
                Type::Real => "a number with a fraction",
                Type::Integer => "a whole number",
                Type::Null => "nothing (NULL)",
            },
            _ => "a value out of range",
        };
        anyhow!("log entry {id} is damaged ({name} holds {holds})")
    })
}

fn row_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    let id: i64 = r.get(0)?;
    let entry = (|| -> Result<Entry> {
        let date: String = cell(r, 1, id)?;
        let status: String = cell(r, 2, id)?;
        let reps: String = cell(r, 3, id)?;
        let bad = |what: &str, v: &str| {
            anyhow!(
                "log entry {id} is damaged ({what} {} is not one vmo writes)",
                crate::config::shorten(v)
            )
        };
        let date = parse_iso_date(&date).ok_or_else(|| bad("date", &date))?;
        let status = match status.as_str() {
            "done" => Status::Done,
            "skipped" => Status::Skipped,
            other => return Err(bad("status", other)),
        };
        let reps = if reps.is_empty() {
            Vec::new()
        } else {
            reps.split(',')
                .map(|s| s.parse::<u32>())
                .collect::<Result<_, _>>()
                .map_err(|_| bad("reps", &reps))?
        };
        Ok(Entry {
            id,
            date,
            status,
            reps,
            load_kg: cell(r, 4, id)?,
            rpe: cell(r, 5, id)?,
            pain_during: cell(r, 6, id)?,
            pain_morning: cell(r, 7, id)?,
            symptoms: Symptoms {
                swelling: cell(r, 8, id)?,
                locking: cell(r, 11, id)?,
                giving_way: cell(r, 12, id)?,
                night_pain: cell(r, 13, id)?,
            },
            note: cell(r, 9, id)?,
            extra: cell(r, 10, id)?,
        })
    })();
    Ok(entry)
}
