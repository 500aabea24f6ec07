//! The training log: an SQLite file at the edge. The core never sees a database handle,
//! only the plain [`Entry`] values [`Store::entries`] returns.
//!
//! The log is health data: its folder and file are created owner-only (0700 / 0600)
//! whatever the umask, and never loosened. Every write is one `BEGIN IMMEDIATE`
//! transaction, the journal is WAL and a busy timeout lets concurrent writers queue, so
//! twenty `vmo done` processes started at once all land.

pub mod exchange;
pub mod parse;
mod schema;

pub use schema::APPLICATION_ID;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::exit::input_error;
use crate::plan::adapt::{Entry, Status, Symptoms};

/// How long a writer waits for another to finish before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The first bytes of every SQLite 3 database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// An open training log.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// Where the log lives when neither `--db`, `VMO_DB` nor the profile's `db` says:
/// `$XDG_DATA_HOME/vmo/log.db`, else `~/.local/share/vmo/log.db`; a named client's is
/// `…/vmo/clients/{client}/log.db` (the client as in calendar UIDs), so a coach's clients
/// never share a log.
pub fn default_path(
    env: &dyn Fn(&str) -> Option<std::ffi::OsString>,
    client: Option<&str>,
) -> Option<PathBuf> {
    let data = env("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            env("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".local/share"))
        })?;
    let vmo = data.join("vmo");
    Some(match client {
        Some(c) => vmo
            .join("clients")
            .join(crate::render::ics::client_id(c))
            .join("log.db"),
        None => vmo.join("log.db"),
    })
}

impl Store {
    /// Opens the log at `path`, creating it (and its folder) owner-only when missing.
    pub fn open(path: &Path) -> Result<Store> {
        check_file(path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.exists()
        {
            create_private_dir(dir).map_err(|e| {
                anyhow!(
                    "--db {}: cannot create the folder {}: {}",
                    path.display(),
                    dir.display(),
                    crate::exit::io_reason(&e)
                )
            })?;
        }
        if !path.exists() {
            create_private_file(path).map_err(|e| {
                input_error(format!(
                    "--db {}: cannot create the log: {}",
                    path.display(),
                    crate::exit::io_reason(&e)
                ))
            })?;
        }
        Self::connect(path)
    }

    /// An empty log in memory (for previews when there is no log file yet).
    pub fn memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        schema::migrate(&mut conn)?;
        Ok(Store {
            conn,
            path: PathBuf::from(":memory:"),
        })
    }

    /// Opens the log at `path` if there is one; `None` when the file does not exist (an
    /// empty log: reading never creates a database).
    pub fn open_existing(path: &Path) -> Result<Option<Store>> {
        if !path.exists() {
            return Ok(None);
        }
        check_file(path)?;
        Self::connect(path).map(Some)
    }

    /// Every entry of the log at `path`, read through a read-only connection (no journal
    /// setup, no write lock: `today` and `plan` only read); `None` when there is no log.
    /// A log of an older schema is opened normally, which migrates it.
    pub fn read_entries(path: &Path) -> Result<Option<Vec<Entry>>> {
        if !path.exists() {
            return Ok(None);
        }
        check_file(path)?;
        let flags =
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let opened = Connection::open_with_flags(path, flags).and_then(|conn| {
            conn.busy_timeout(BUSY_TIMEOUT)?;
            let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
            Ok((conn, v))
        });
        match opened {
            Ok((conn, v)) if v == schema::VERSION => {
                let store = Store {
                    conn,
                    path: path.to_path_buf(),
                };
                store.entries().map(Some)
            }
            Ok((_, v)) if v > schema::VERSION => Err(input_error(format!(
                "--db {}: {}",
                path.display(),
                schema::TooNew(v)
            ))),
            // Older (or a new, empty file): the normal path migrates it, or says why not.
            _ => Self::connect(path)?.entries().map(Some),
        }
    }

    fn connect(path: &Path) -> Result<Store> {
        let bad = |e: rusqlite::Error| {
            input_error(format!(
                "--db {}: cannot open the log: {}",
                path.display(),
                sqlite_reason(&e)
            ))
        };
        let mut conn = Connection::open(path).map_err(bad)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(bad)?;
        if readonly(path) {
            return Err(input_error(format!(
                "--db {}: the log is not writable (check its permissions)",
                path.display()
            )));
        }
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(bad)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(bad)?;
        schema::migrate(&mut conn).map_err(|e| match e.downcast::<schema::TooNew>() {
            Ok(t) => input_error(format!("--db {}: {t}", path.display())),
            Err(e) => e,
        })?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Where this log is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every entry, by date then id.
    pub fn entries(&self) -> Result<Vec<Entry>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, date, status, reps, load_kg, rpe, pain_during, pain_morning, swelling, note, extra, locking, giving_way, night_pain
             FROM entries ORDER BY date, id",
        )?;
        let rows = stmt.query_map([], |r| self.checked_row(r))?;
        rows.map(|r| r.map_err(anyhow::Error::from).and_then(|r| r))
            .collect()
    }

    /// A row as [`row_entry`] reads it, held to the log's limits ([`parse::check_entry`]):
    /// a row beyond them (written by an older vmo, or by hand) is an error that names it
    /// and says how to mend it, and an oversized one is refused before it is read into
    /// memory.
    fn checked_row(&self, r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
        let id: i64 = r.get(0)?;
        let bad = |m: String| {
            Err(input_error(format!(
                "--db {}: log entry {id} is outside vmo's limits: {m}; change it with `vmo log edit {id}` or remove it with `vmo log rm {id}`",
                self.path.display()
            )))
        };
        // Reps are written `200,200,…`: at most 4 bytes a set.
        if r.get_ref(3)?.as_bytes().map_or(0, <[u8]>::len) > parse::MAX_COUNT as usize * 4 {
            return Ok(bad(format!(
                "more than {} sets in one entry",
                parse::MAX_COUNT
            )));
        }
        // At most 4 bytes a character.
        let note_bytes = r.get_ref(9)?.as_bytes_or_null()?.map_or(0, <[u8]>::len);
        if note_bytes > parse::MAX_NOTE_CHARS * 4 {
            return Ok(bad(format!(
                "a note of {note_bytes} bytes is too long (at most {} characters)",
                parse::MAX_NOTE_CHARS
            )));
        }
        Ok(match row_entry(r)? {
            Ok(e) => parse::check_entry(e).or_else(bad),
            Err(e) => Err(e),
        })
    }

    /// One entry by id, as it is (beyond the log's limits too, so it can be mended).
    pub fn get(&self, id: i64) -> Result<Option<Entry>> {
        let row = self
            .conn
            .query_row(
                "SELECT id, date, status, reps, load_kg, rpe, pain_during, pain_morning, swelling, note, extra, locking, giving_way, night_pain
                 FROM entries WHERE id = ?1",
                [id],
                row_entry,
            )
            .optional()?;
        row.transpose()
    }

    /// Adds entries in one transaction; returns their ids.
    pub fn insert(&mut self, entries: &[Entry]) -> Result<Vec<i64>> {
        let entries = within_limits(entries)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut ids = Vec::with_capacity(entries.len());
        for e in &entries {
            tx.execute(
                "INSERT INTO entries (date, status, reps, load_kg, rpe, pain_during, pain_morning, swelling, note, extra, locking, giving_way, night_pain)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                rusqlite::params_from_iter(columns(e)),
            )?;
            ids.push(tx.last_insert_rowid());
        }
        tx.commit()?;
        Ok(ids)
    }

    /// Adds `entry` unless it is a planned session (not `extra`) and a planned entry is
    /// already logged on its date: the check and the write are one `BEGIN IMMEDIATE`
    /// transaction, so two `vmo done` for the same day cannot both land.
    pub fn insert_unless_logged(&mut self, entry: &Entry) -> Result<Logged> {
        let entry = &within_limits(std::slice::from_ref(entry))?[0];
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if !entry.extra
            && let Some(there) = planned_on(&tx, entry.date, None)?
        {
            return Ok(Logged::Already(there));
        }
        tx.execute(
            &format!("INSERT INTO entries ({COLUMNS}) VALUES ({})", params(1, 13)),
            rusqlite::params_from_iter(columns(entry)),
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(Logged::Added(id))
    }

    /// Adds imported entries in one transaction, skipping any whose content (all but the
    /// id) is already in the log or earlier in the file; an entry keeps its id when that
    /// id is free, so an export imported into an empty log is the same log. Returns
    /// (added, duplicates).
    ///
    /// The entries are parsed and checked before this is called; inside the transaction
    /// the log's content keys and ids are read once into hash sets, so each entry costs
    /// a lookup and an insert (linear, where a query per entry was quadratic for entries
    /// sharing a date), and the write lock is held for as short a time as the writes take.
    pub fn import(&mut self, entries: Vec<Entry>, dry_run: bool) -> Result<(usize, usize)> {
        let entries = entries
            .into_iter()
            .map(within_limits_owned)
            .collect::<Result<Vec<_>>>()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (mut seen, mut ids) = (HashSet::new(), HashSet::new());
        {
            let mut stmt = tx.prepare(&format!("SELECT id, {COLUMNS} FROM entries"))?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                ids.insert(r.get::<_, i64>(0)?);
                let values = (1..=13)
                    .map(|i| r.get_ref(i))
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                seen.insert(key(values.into_iter()));
            }
        }
        let (mut added, mut dups) = (0, 0);
        {
            let mut insert = tx.prepare(&format!(
                "INSERT INTO entries (id, {COLUMNS}) VALUES ({})",
                params(1, 14)
            ))?;
            for e in &entries {
                let values = columns(e);
                if !seen.insert(key(values.iter().map(Into::into))) {
                    dups += 1;
                    continue;
                }
                let id = (e.id > 0 && !ids.contains(&e.id)).then_some(e.id);
                insert.execute(rusqlite::params_from_iter(
                    std::iter::once(id.map_or(Value::Null, Value::Integer)).chain(values),
                ))?;
                ids.insert(tx.last_insert_rowid());
                added += 1;
            }
        }
        if !dry_run {
            tx.commit()?;
        }
        Ok((added, dups))
    }

    /// Replaces an entry's fields (by its id). With `day_free`, a planned entry (not
    /// extra) is not moved onto a day with another planned entry: the check and the write
    /// are one transaction, like [`Store::insert_unless_logged`].
    pub fn update(&mut self, e: &Entry, day_free: bool) -> Result<Updated> {
        let e = &within_limits(std::slice::from_ref(e))?[0];
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if day_free
            && !e.extra
            && let Some(there) = planned_on(&tx, e.date, Some(e.id))?
        {
            return Ok(Updated::DayTaken(there));
        }
        let n = tx.execute(
            &format!(
                "UPDATE entries SET ({COLUMNS}) = ({}) WHERE id = ?1",
                params(2, 14)
            ),
            rusqlite::params_from_iter(std::iter::once(Value::Integer(e.id)).chain(columns(e))),
        )?;
        tx.commit()?;
        Ok(if n == 1 {
            Updated::Done
        } else {
            Updated::Missing
        })
    }

    /// Deletes an entry; false when there is no such entry.
    pub fn delete(&mut self, id: i64) -> Result<bool> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let n = tx.execute("DELETE FROM entries WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(n == 1)
    }
}

/// The entries as the log stores them ([`parse::check_entry`]), or an error naming the
/// first beyond the log's limits: the last guard before a write, whatever the caller
/// checked.
fn within_limits(entries: &[Entry]) -> Result<Vec<Entry>> {
    entries.iter().cloned().map(within_limits_owned).collect()
}

fn within_limits_owned(e: Entry) -> Result<Entry> {
    let date = e.date;
    parse::check_entry(e).map_err(|m| {
        input_error(format!(
            "the entry of {date} is outside vmo's limits: {m}; nothing written"
        ))
    })
}

/// What [`Store::update`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum Updated {
    /// Changed.
    Done,
    /// There is no entry with that id (removed meanwhile).
    Missing,
    /// Not changed: this other planned entry is logged on the new date.
    DayTaken(Entry),
}

/// What [`Store::insert_unless_logged`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum Logged {
    /// Written, with this id.
    Added(i64),
    /// Not written: this planned entry was already logged on the date.
    Already(Entry),
}

/// An entry's content as the duplicate check compares it: [`columns`] as SQLite compares
/// them (a number equals the same number stored as an integer or a real), packed in one
/// allocation (a tag, then 8 bytes of a number or a length and the bytes of a text), so
/// the keys of a 100,000-entry log take a few megabytes.
type Key = Box<[u8]>;

fn key<'v>(values: impl Iterator<Item = rusqlite::types::ValueRef<'v>>) -> Key {
    use rusqlite::types::ValueRef;
    let mut k = Vec::with_capacity(64);
    for v in values {
        let (tag, bytes): (u8, &[u8]) = match v {
            ValueRef::Null => (0, &[]),
            ValueRef::Integer(i) => {
                k.push(1);
                k.extend_from_slice(&(i as f64 + 0.0).to_bits().to_le_bytes());
                continue;
            }
            ValueRef::Real(x) => {
                k.push(1);
                k.extend_from_slice(&(x + 0.0).to_bits().to_le_bytes());
                continue;
            }
            ValueRef::Text(t) => (2, t),
            ValueRef::Blob(b) => (3, b),
        };
        k.push(tag);
        k.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        k.extend_from_slice(bytes);
    }
    k.into_boxed_slice()
}

/// The columns after `id`, in the order of [`columns`].
const COLUMNS: &str = "date, status, reps, load_kg, rpe, pain_during, pain_morning, swelling, note, extra, locking, giving_way, night_pain";

/// `?from, …, ?to`.
fn params(from: usize, to: usize) -> String {
    (from..=to)
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The first planned (not extra) entry on `date`, other than entry `except`.
fn planned_on(conn: &Connection, date: NaiveDate, except: Option<i64>) -> Result<Option<Entry>> {
    let row = conn
        .query_row(
            &format!(
                "SELECT id, {COLUMNS} FROM entries
                 WHERE date = ?1 AND extra = 0 AND id IS NOT ?2 ORDER BY id LIMIT 1"
            ),
            rusqlite::params![date.to_string(), except],
            row_entry,
        )
        .optional()?;
    row.transpose()
}

/// Refuses a path that is a folder, or a file that is not an SQLite database, before
/// SQLite touches it (so the file stays byte-identical).
fn check_file(path: &Path) -> Result<()> {
    if path.is_dir() {
        return Err(input_error(format!(
            "--db {}: is a folder; give the path of a log file, e.g. {}/log.db",
            path.display(),
            path.display()
        )));
    }
    if path.exists() {
        let mut head = Vec::with_capacity(16);
        use std::io::Read;
        std::fs::File::open(path)
            .and_then(|f| f.take(16).read_to_end(&mut head))
            .map_err(|e| {
                input_error(format!(
                    "--db {}: cannot read it: {}",
                    path.display(),
                    crate::exit::io_reason(&e)
                ))
            })?;
        if !head.is_empty() && head.as_slice() != SQLITE_MAGIC {
            return Err(input_error(format!(
                "--db {}: not a vmo training log (not an SQLite database); give another path",
                path.display()
            )));
        }
    }
    Ok(())
}

fn readonly(path: &Path) -> bool {
    std::fs::OpenOptions::new().append(true).open(path).is_err()
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    // Only the folders made here are set to 0700: a parent the user already has (e.g.
    // ~/.local/share) keeps its own permissions.
    let mut missing = Vec::new();
    let mut d = Some(dir);
    while let Some(p) = d.filter(|p| !p.as_os_str().is_empty() && !p.exists()) {
        missing.push(p.to_path_buf());
        d = p.parent();
    }
    for p in missing.iter().rev() {
        match std::fs::DirBuilder::new().mode(0o700).create(p) {
            Ok(()) => std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o700))?,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
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

fn sqlite_reason(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(msg)) => msg.clone(),
        other => other.to_string(),
    }
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

fn row_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    let id: i64 = r.get(0)?;
    let date: String = r.get(1)?;
    let status: String = r.get(2)?;
    let reps: String = r.get(3)?;
    let entry = (|| -> Result<Entry> {
        let date =
            parse_iso_date(&date).ok_or_else(|| anyhow!("log entry {id}: bad date {date:?}"))?;
        let status = match status.as_str() {
            "done" => Status::Done,
            "skipped" => Status::Skipped,
            other => return Err(anyhow!("log entry {id}: bad status {other:?}")),
        };
        let reps = if reps.is_empty() {
            Vec::new()
        } else {
            reps.split(',')
                .map(|s| s.parse::<u32>())
                .collect::<Result<_, _>>()
                .map_err(|_| anyhow!("log entry {id}: bad reps {reps:?}"))?
        };
        Ok(Entry {
            id,
            date,
            status,
            reps,
            load_kg: r.get(4)?,
            rpe: r.get(5)?,
            pain_during: r.get(6)?,
            pain_morning: r.get(7)?,
            symptoms: Symptoms {
                swelling: r.get(8)?,
                locking: r.get(11)?,
                giving_way: r.get(12)?,
                night_pain: r.get(13)?,
            },
            note: r.get(9)?,
            extra: r.get(10)?,
        })
    })();
    Ok(entry)
}
