//! The training log: an SQLite file at the edge. The core never sees a database handle,
//! only the plain [`Entry`] values [`Store::entries`] returns.
//!
//! The log is health data: its folder and file are created owner-only (0700 / 0600)
//! whatever the umask, and never loosened. Every write is one `BEGIN IMMEDIATE`
//! transaction, the journal is WAL and a busy timeout lets concurrent writers queue, so
//! twenty `vmo done` processes started at once all land. Reading commands open the file
//! read-only and never change it; only vmo's own logs are ever opened for writing (`open.rs`
//! says what is refused, and how).

mod absences;
mod changes;
pub mod clients;
pub mod exchange;
mod open;
mod owner;
pub mod parse;
mod path;
mod schema;

pub use open::not_a_file;
pub use path::{LogPath, Origin};
pub use schema::APPLICATION_ID;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::exit::input_error;
use crate::plan::adapt::{Entry, Status, Symptoms};
use crate::plan::knee_state::{KneeEvent, KneeEventKind};
use exchange::{Item, ReadError};
use schema::Kind;

/// Which entries' notes a read brings into memory: a note is up to 4 KB, so the notes of
/// a long log outweigh everything else in it, and the plan's fold never reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notes {
    /// Every note (`log list`, `log export`).
    All,
    /// No note (`stats`).
    None,
    /// The notes of planned (not extra) entries dated within these days (inclusive): the
    /// sessions a plan shows. The others are read as `None`.
    Planned(NaiveDate, NaiveDate),
}

/// An open training log.
pub struct Store {
    conn: Connection,
    path: LogPath,
    /// Its schema version (0: no tables yet, so no entries), which says what it holds.
    version: i64,
    /// The private copy `conn` reads, if it reads one (declared after `conn`, so it is
    /// removed after the connection closes).
    _copy: Option<tempfile::TempDir>,
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
    let Some(vmo) = data_dir(env) else {
        return Ok(None);
    };
    Ok(Some(match client {
        Some(c) => clients::folder(&vmo.join("clients"), c)?.join("log.db"),
        None => vmo.join("log.db"),
    }))
}

/// vmo's data folder: `$XDG_DATA_HOME/vmo`, else `~/.local/share/vmo` (`None` without a
/// home).
pub fn data_dir(env: &dyn Fn(&str) -> Option<std::ffi::OsString>) -> Option<PathBuf> {
    let data = env("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            env("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".local/share"))
        })?;
    Some(data.join("vmo"))
}

impl Store {
    /// Opens the log at `path` for writing, creating it (and its folder) owner-only when
    /// missing. Only vmo's own logs are opened: another application's database is refused
    /// untouched; a log of the released vmo is brought up to date (and marked as vmo's);
    /// a log others may read is made owner-only, with a note.
    pub fn open(path: &LogPath) -> Result<Store> {
        open::check_log_path(path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.exists()
        {
            crate::output::create_private_dir(dir).map_err(|e| {
                anyhow!(
                    "{}: cannot create the folder {}: {}",
                    path,
                    dir.display(),
                    crate::exit::io_reason(&e)
                )
            })?;
        }
        if path.exists() {
            if open::check_magic(path)? {
                // Decided through a read-only connection, so a refused file is untouched.
                let reader = open::open_reader(path)?;
                // The lock-free read can catch another vmo half-way through creating the
                // log (twenty `vmo done` at once on a new path): a refusal is confirmed
                // through a connection that waits for the writer first.
                let kind = match reader.kind {
                    // (A copy was read because no writer has the file open.)
                    Kind::Foreign if reader.copy.is_none() => open::read_kind_locked(path)?,
                    k => k,
                };
                refuse_unless_vmo(path, kind)?;
            }
        } else {
            create_private_file(path).map_err(|e| {
                input_error(format!(
                    "{}: cannot create the log: {}",
                    path,
                    crate::exit::io_reason(&e)
                ))
            })?;
        }
        if let Some(why) = open::unwritable(path) {
            return Err(input_error(format!(
                "{}: the log cannot be written: {why} (it can still be read: `vmo log export`)",
                path
            )));
        }
        open::perms::tighten(path);
        // A client's folder says whose it is from its first write on (a read never marks
        // it).
        if let (Origin::Client(name), Some(dir)) = (path.origin(), path.parent()) {
            clients::claim(dir, name);
        }
        let mut conn = open::open_writer(path)?;
        schema::migrate(&mut conn).map_err(|e| match e.downcast::<schema::TooNew>() {
            Ok(t) => input_error(format!("{}: {t}", path)),
            Err(e) => match e.downcast::<rusqlite::Error>() {
                Ok(e) => open::write_error(path, &e),
                Err(e) => e,
            },
        })?;
        owner::check_write(&mut conn, path)?;
        Ok(Store {
            conn,
            path: path.clone(),
            version: schema::VERSION,
            _copy: None,
        })
    }

    /// An empty log in memory (for previews when there is no log file yet).
    pub fn memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        schema::migrate(&mut conn)?;
        Ok(Store {
            conn,
            path: LogPath::flag(":memory:"),
            version: schema::VERSION,
            _copy: None,
        })
    }

    /// A copy in memory of the log at `path` (empty when there is none), for a dry run
    /// that may change it freely: the file is only read.
    pub fn preview(path: &LogPath) -> Result<Store> {
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
    pub fn open_existing(path: &LogPath) -> Result<Option<Store>> {
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
        owner::check_read(&reader.conn, version, path)?;
        Ok(Some(Store {
            conn: reader.conn,
            path: path.clone(),
            version,
            _copy: reader.copy,
        }))
    }

    /// Every entry of the log at `path`, read as [`Store::open_existing`] reads; `None`
    /// when there is no log.
    pub fn read_entries(path: &LogPath) -> Result<Option<Vec<Entry>>> {
        Self::open_existing(path)?.map(|s| s.entries()).transpose()
    }

    /// The entries and the knee events of the log at `path`, through one read-only
    /// connection (see [`Store::open_existing`]); `None` when there is no log.
    pub fn read_log(path: &LogPath) -> Result<Option<(Vec<Entry>, Vec<KneeEvent>)>> {
        Self::read_log_with(path, Notes::All)
    }

    /// [`Store::read_log`] with only the notes `notes` asks for.
    pub fn read_log_with(
        path: &LogPath,
        notes: Notes,
    ) -> Result<Option<(Vec<Entry>, Vec<KneeEvent>)>> {
        let Some(store) = Self::open_existing(path)? else {
            return Ok(None);
        };
        Ok(Some((store.entries_with(notes)?, store.events()?)))
    }

    /// Every knee event, by date then id.
    pub fn events(&self) -> Result<Vec<KneeEvent>> {
        // Knee events came with schema 2; an older log, read as it is, has none.
        if self.version < 2 {
            return Ok(Vec::new());
        }
        let fail = |e: rusqlite::Error| open::sqlite_error(&self.path, &e);
        let mut stmt = self
            .conn
            .prepare("SELECT id, date, kind, note FROM knee_events ORDER BY date, id")
            .map_err(fail)?;
        let rows = stmt
            .query_map([], |r| {
                let id: i64 = r.get(0)?;
                // A damaged value (bad UTF-8, a blob) is the entry's fault, named below.
                let text = |i: usize| -> rusqlite::Result<Option<String>> {
                    Ok(r.get_ref(i)?
                        .as_str_or_null()
                        .ok()
                        .flatten()
                        .map(str::to_string))
                };
                Ok((id, text(1)?, text(2)?, text(3)?, r.get_ref(3)?.data_type()))
            })
            .map_err(fail)?;
        let path = self.path.to_string();
        let damaged = |id: i64, what: &str| {
            input_error(format!(
                "{path}: knee event {id} is damaged ({what}); restore a backup, or remove it with an SQLite tool"
            ))
        };
        rows.map(|r| {
            let (id, date, kind, note, note_type) = r.map_err(fail)?;
            if note.is_none() && note_type != rusqlite::types::Type::Null {
                return Err(damaged(id, "its note is not text"));
            }
            let date = date
                .as_deref()
                .and_then(parse_iso_date)
                .ok_or_else(|| damaged(id, "its date is not a date"))?;
            let kind = match kind.as_deref() {
                Some("cleared") => KneeEventKind::Cleared,
                Some("acknowledged") => KneeEventKind::Acknowledged,
                _ => return Err(damaged(id, "its kind is neither cleared nor acknowledged")),
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
        let path = self.path.clone();
        let fail = |e: rusqlite::Error| open::write_error(&path, &e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        // The same record twice (two `vmo cleared` at once) is one: checked inside the
        // write transaction, like `done`'s already-logged check.
        let same: Option<i64> = tx
            .query_row(
                "SELECT id FROM knee_events WHERE date = ?1 AND kind = ?2",
                rusqlite::params![date.to_string(), kind.as_str()],
                |r| r.get(0),
            )
            .optional()
            .map_err(fail)?;
        if let Some(id) = same {
            return Err(input_error(format!(
                "{}: a {} on {date} is already recorded (id {id}); nothing recorded",
                self.path,
                kind.as_str()
            )));
        }
        tx.execute(
            "INSERT INTO knee_events (date, kind, note) VALUES (?1, ?2, ?3)",
            rusqlite::params![date.to_string(), kind.as_str(), note],
        )
        .map_err(fail)?;
        let id = tx.last_insert_rowid();
        tx.commit().map_err(fail)?;
        Ok(id)
    }

    /// Where this log is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every entry, by date then id.
    pub fn entries(&self) -> Result<Vec<Entry>> {
        self.entries_with(Notes::All)
    }

    /// Every entry, by date then id, with the notes `notes` asks for.
    pub fn entries_with(&self, notes: Notes) -> Result<Vec<Entry>> {
        let mut all = Vec::new();
        self.for_each_entry(notes, &mut |e| {
            all.push(e);
            Ok(())
        })?;
        Ok(all)
    }

    /// Hands every entry to `f`, by date then id, one at a time as SQLite reads it: a
    /// long log is never held whole (`log list`, `log export`). Only the notes `notes`
    /// asks for are read; the others are `None`. The first error (the log's or `f`'s)
    /// stops the read.
    pub fn for_each_entry(
        &self,
        notes: Notes,
        f: &mut dyn FnMut(Entry) -> Result<()>,
    ) -> Result<()> {
        self.query_entries(notes, None, f)
    }

    /// The entries dated `from` to `to` (inclusive), by date then id, with their notes.
    pub fn entries_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Entry>> {
        Ok(self.first_entries_between(from, to, usize::MAX)?.0)
    }

    /// The first `max` entries dated `from` to `to` (as [`Store::entries_between`]) and
    /// how many there are in all: a day may hold any number of extra sessions, and what
    /// lists them should not hold them all.
    pub fn first_entries_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        max: usize,
    ) -> Result<(Vec<Entry>, usize)> {
        let (mut first, mut count) = (Vec::new(), 0);
        self.query_entries(Notes::All, Some((from, to)), &mut |e| {
            if first.len() < max {
                first.push(e);
            }
            count += 1;
            Ok(())
        })?;
        Ok((first, count))
    }

    fn query_entries(
        &self,
        notes: Notes,
        dates: Option<(NaiveDate, NaiveDate)>,
        f: &mut dyn FnMut(Entry) -> Result<()>,
    ) -> Result<()> {
        if self.version == 0 {
            return Ok(());
        }
        let mut args: Vec<String> = Vec::new();
        let note = match notes {
            Notes::All => "note".to_string(),
            Notes::None => "NULL AS note".to_string(),
            Notes::Planned(from, to) => {
                args.extend([from.to_string(), to.to_string()]);
                "CASE WHEN extra = 0 AND date BETWEEN ?1 AND ?2 THEN note END AS note".to_string()
            }
        };
        let cols = self.select().replacen(", note,", &format!(", {note},"), 1);
        let filter = match dates {
            Some((from, to)) => {
                args.extend([from.to_string(), to.to_string()]);
                format!("WHERE date BETWEEN ?{} AND ?{}", args.len() - 1, args.len())
            }
            None => String::new(),
        };
        let sql = format!("SELECT {cols} FROM entries {filter} ORDER BY date, id");
        let fail = |e: rusqlite::Error| open::sqlite_error(&self.path, &e);
        let mut stmt = self.conn.prepare(&sql).map_err(fail)?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(&args))
            .map_err(fail)?;
        while let Some(r) = rows.next().map_err(fail)? {
            f(self.checked_row(r).map_err(fail)??)?;
        }
        Ok(())
    }

    /// A row as [`row_entry`] reads it, held to the log's limits ([`parse::check_entry`]):
    /// a row beyond them (written by an older vmo, or by hand) is an error that names it
    /// and says how to mend it, and an oversized one is refused before it is read into
    /// memory.
    fn checked_row(&self, r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
        let id: i64 = r.get(0)?;
        let bad = |m: String| {
            Err(input_error(format!(
                "{}: log entry {id} is outside vmo's limits: {m}; change it with `vmo log edit {id}` or remove it with `vmo log rm {id}`",
                self.path
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
            Err(e) => Err(self.damaged(e)),
        })
    }

    /// One entry by id, as it is (beyond the log's limits too, so it can be mended).
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
            "{}: {e:#}; restore a backup, or correct the entry with an SQLite tool",
            self.path
        ))
    }

    /// Adds entries in one transaction; returns their ids.
    pub fn insert(&mut self, entries: &[Entry]) -> Result<Vec<i64>> {
        let entries = within_limits(entries)?;
        let path = self.path.clone();
        let fail = |e: rusqlite::Error| open::write_error(&path, &e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        let mut ids = Vec::with_capacity(entries.len());
        for e in &entries {
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
        self.import_all(entries, Vec::new(), dry_run)
    }

    /// [`Store::import`] with knee events too (a clearance, an acknowledgement), in the
    /// same transaction: a backup restores the clearance with the red flag it answered.
    /// An event already recorded (same day, kind and note) is a duplicate.
    pub fn import_all(
        &mut self,
        entries: Vec<Entry>,
        events: Vec<KneeEvent>,
        dry_run: bool,
    ) -> Result<(usize, usize)> {
        let items = entries
            .into_iter()
            .map(Item::Entry)
            .chain(events.into_iter().map(Item::Event));
        let mut items = Some(items);
        let (_, added, dups) = import_stream(Some(self), dry_run, &mut |sink| {
            for i in items.take().into_iter().flatten() {
                sink(i).map_err(ReadError::Stopped)?;
            }
            Ok(exchange::Kind::VmoCsv)
        })
        .map_err(|e| match e {
            ReadError::Bad(m) => anyhow!(m),
            ReadError::Stopped(e) => e,
        })?;
        Ok((added, dups))
    }

    /// Replaces an entry's fields (by its id). With `day_free`, a planned entry (not
    /// extra) is not moved onto a day with another planned entry: the check and the write
    /// are one transaction, like [`Store::insert_unless_logged`].
    pub fn update(&mut self, e: &Entry, day_free: bool) -> Result<Updated> {
        let e = &within_limits(std::slice::from_ref(e))?[0];
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| open::write_error(&self.path, &e))?;
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

/// Imports the rows `read` hands over as it reads them, in one transaction (nothing is
/// written unless every row is good, and a dry run writes nothing), skipping any whose
/// content (all but the id) is already in the log or earlier in the file; an entry keeps
/// its id when that id is free, so an export imported into an empty log is the same log.
/// An event already recorded (same day, kind and note) is a duplicate. `store` is `None`
/// for a dry run with no log yet. Returns (the kind of file, added, duplicates).
///
/// Memory does not grow with the file or the log but for the duplicate check's keys:
/// each row's content is hashed to 128 bits (SipHash under two random keys, so no file can
/// be made to collide with an entry), 16 bytes a row where the content itself is up to
/// 4 KB; the chance that two different rows of a log share a key is below 10⁻²⁵.
pub fn import_stream(
    store: Option<&mut Store>,
    dry_run: bool,
    read: &mut dyn FnMut(exchange::Sink<'_>) -> Result<exchange::Kind, ReadError>,
) -> Result<(exchange::Kind, usize, usize), ReadError> {
    let stop = |e: rusqlite::Error| ReadError::Stopped(e.into());
    let mut seen = Seen::default();
    let mut days = Days::default();
    let (mut added, mut dups) = (0, 0);
    let Some(store) = store else {
        let kind = read(&mut |item| {
            if seen.item(&item) {
                days.take(&item)?;
                added += 1;
            } else {
                dups += 1;
            }
            Ok(())
        })?;
        return Ok((kind, added, dups));
    };
    let version = store.version;
    let tx = store
        .conn
        .transaction_with_behavior(if dry_run {
            TransactionBehavior::Deferred
        } else {
            TransactionBehavior::Immediate
        })
        .map_err(stop)?;
    if version >= 1 {
        let cols = if version >= 2 {
            COLUMNS
        } else {
            "date, status, reps, load_kg, rpe, pain_during, pain_morning, swelling, note, extra, 0, 0, 0"
        };
        let mut stmt = tx
            .prepare(&format!("SELECT {cols} FROM entries"))
            .map_err(stop)?;
        let mut rows = stmt.query([]).map_err(stop)?;
        while let Some(r) = rows.next().map_err(stop)? {
            let values = (0..13)
                .map(|i| r.get_ref(i))
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(stop)?;
            days.logged(&values);
            let k = seen.hash(values.into_iter());
            seen.entries.insert(k);
        }
    }
    if version >= 2 {
        let mut stmt = tx
            .prepare("SELECT date, kind, note FROM knee_events")
            .map_err(stop)?;
        let mut rows = stmt.query([]).map_err(stop)?;
        while let Some(r) = rows.next().map_err(stop)? {
            let values = (0..3)
                .map(|i| r.get_ref(i))
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(stop)?;
            let k = seen.hash(values.into_iter());
            seen.events.insert(k);
        }
    }
    let kind = {
        // A dry run prepares no write (a log of an older schema is read as it is).
        let mut writes = if dry_run {
            None
        } else {
            let insert = tx
                .prepare(&format!(
                    "INSERT INTO entries (id, {COLUMNS}) VALUES ({})",
                    params(1, 14)
                ))
                .map_err(stop)?;
            let taken = tx
                .prepare("SELECT EXISTS (SELECT 1 FROM entries WHERE id = ?1)")
                .map_err(stop)?;
            let insert_event = tx
                .prepare("INSERT INTO knee_events (date, kind, note) VALUES (?1, ?2, ?3)")
                .map_err(stop)?;
            Some((insert, taken, insert_event))
        };
        read(&mut |item| {
            let item = match item {
                Item::Entry(e) => Item::Entry(within_limits_owned(e)?),
                event => event,
            };
            if !seen.item(&item) {
                dups += 1;
                return Ok(());
            }
            days.take(&item)?;
            added += 1;
            let Some((insert, taken, insert_event)) = writes.as_mut() else {
                return Ok(());
            };
            match item {
                Item::Entry(e) => {
                    let free = e.id > 0 && !taken.query_row([e.id], |r| r.get::<_, bool>(0))?;
                    insert.execute(rusqlite::params_from_iter(
                        std::iter::once(if free {
                            Value::Integer(e.id)
                        } else {
                            Value::Null
                        })
                        .chain(columns(&e)),
                    ))?;
                }
                Item::Event(e) => {
                    insert_event.execute(rusqlite::params![
                        e.date.to_string(),
                        e.kind.as_str(),
                        e.note
                    ])?;
                }
            }
            Ok(())
        })?
    };
    if !dry_run {
        tx.commit().map_err(stop)?;
    }
    Ok((kind, added, dups))
}

/// The days holding a planned (not extra) entry, in the log and in the file so far: an
/// import keeps `vmo done`'s rule of one planned session a day (done or skipped); extra
/// sessions may share a day.
#[derive(Default)]
struct Days {
    /// The day, its entry's status and whether it is in the log (else earlier in the file).
    planned: std::collections::HashMap<NaiveDate, (Status, bool)>,
}

impl Days {
    /// Notes an entry of the log, from its [`COLUMNS`].
    fn logged(&mut self, values: &[rusqlite::types::ValueRef<'_>]) {
        use rusqlite::types::ValueRef;
        let (Some(ValueRef::Text(date)), Some(ValueRef::Text(status)), Some(extra)) =
            (values.first(), values.get(1), values.get(9))
        else {
            return;
        };
        let status = if *status == b"skipped" {
            Status::Skipped
        } else {
            Status::Done
        };
        if let (Ok(date), ValueRef::Integer(0)) = (
            std::str::from_utf8(date).unwrap_or("").parse::<NaiveDate>(),
            extra,
        ) {
            self.planned.entry(date).or_insert((status, true));
        }
    }

    /// Takes the day of an imported planned entry; refused when it is already taken.
    fn take(&mut self, item: &Item) -> Result<()> {
        let Item::Entry(e) = item else {
            return Ok(());
        };
        if e.extra {
            return Ok(());
        }
        match self.planned.entry(e.date) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert((e.status, false));
                Ok(())
            }
            std::collections::hash_map::Entry::Occupied(o) => {
                let (status, in_log) = *o.get();
                Err(exchange::RowRefused(format!(
                    "the session of {} is already logged ({}, {}): a day holds one planned session, done or skipped, as with `vmo done`; set extra to true for an extra session",
                    e.date,
                    status.as_str(),
                    if in_log { "in the log" } else { "earlier in the file" }
                ))
                .into())
            }
        }
    }
}

/// The duplicate check's keys: 128-bit hashes of rows' contents (see [`import_stream`]).
#[derive(Default)]
struct Seen {
    keys: (std::hash::RandomState, std::hash::RandomState),
    entries: HashSet<u128>,
    events: HashSet<u128>,
    buf: Vec<u8>,
}

impl Seen {
    fn hash<'v>(&mut self, values: impl Iterator<Item = rusqlite::types::ValueRef<'v>>) -> u128 {
        use std::hash::BuildHasher;
        self.buf.clear();
        key_into(&mut self.buf, values);
        let bytes = &self.buf[..];
        (u128::from(self.keys.0.hash_one(bytes)) << 64) | u128::from(self.keys.1.hash_one(bytes))
    }

    /// True when `item` is new (and from now on seen).
    fn item(&mut self, item: &Item) -> bool {
        use rusqlite::types::ValueRef;
        match item {
            Item::Entry(e) => {
                let values = columns(e);
                let k = self.hash(values.iter().map(Into::into));
                self.entries.insert(k)
            }
            Item::Event(e) => {
                let date = e.date.to_string();
                let note = e
                    .note
                    .as_deref()
                    .map_or(ValueRef::Null, |n| ValueRef::Text(n.as_bytes()));
                let k = self.hash(
                    [
                        ValueRef::Text(date.as_bytes()),
                        ValueRef::Text(e.kind.as_str().as_bytes()),
                        note,
                    ]
                    .into_iter(),
                );
                self.events.insert(k)
            }
        }
    }
}

/// An entry's content as the duplicate check compares it: [`columns`] as SQLite compares
/// them (a number equals the same number stored as an integer or a real), packed into
/// `k` (a tag, then 8 bytes of a number or a length and the bytes of a text).
fn key_into<'v>(k: &mut Vec<u8>, values: impl Iterator<Item = rusqlite::types::ValueRef<'v>>) {
    use rusqlite::types::ValueRef;
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

/// Refuses anything but a vmo log (or an empty database, soon to be one).
fn refuse_unless_vmo(path: &LogPath, kind: Kind) -> Result<()> {
    match kind {
        Kind::Foreign => Err(open::foreign(path)),
        Kind::TooNew(v) => Err(input_error(format!("{}: {}", path, schema::TooNew(v)))),
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

/// `12,12,9` as vmo writes it (one to nine digits a set), read without the general
/// parser; `None` for anything else, which the caller reads the general way.
fn plain_reps(text: &str) -> Option<Vec<u32>> {
    let mut out = Vec::with_capacity(text.len() / 2 + 1);
    let (mut n, mut digits) = (0u32, 0);
    for b in text.bytes() {
        match b {
            b'0'..=b'9' if digits < 9 => {
                n = n * 10 + u32::from(b - b'0');
                digits += 1;
            }
            b',' if digits > 0 => {
                out.push(n);
                (n, digits) = (0, 0);
            }
            _ => return None,
        }
    }
    (digits > 0).then(|| {
        out.push(n);
        out
    })
}

/// Column `i` as text borrowed from the row; a value that is not text is reported as
/// [`cell`] reports it.
fn text_cell<'r>(r: &'r rusqlite::Row<'_>, i: usize, id: i64) -> Result<&'r str> {
    match r.get_ref(i).ok().and_then(|v| v.as_str().ok()) {
        Some(s) => Ok(s),
        None => Err(cell::<String>(r, i, id)
            .err()
            .unwrap_or_else(|| anyhow!("log entry {id} is damaged"))),
    }
}

fn row_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    let id: i64 = r.get(0)?;
    let entry = (|| -> Result<Entry> {
        // Borrowed from the row: every entry of a long log is read, and none of these
        // three is kept as text.
        let date = text_cell(r, 1, id)?;
        let status = text_cell(r, 2, id)?;
        let reps = text_cell(r, 3, id)?;
        let bad = |what: &str, v: &str| {
            anyhow!(
                "log entry {id} is damaged ({what} {} is not one vmo writes)",
                crate::config::shorten(v)
            )
        };
        let date = parse_iso_date(date).ok_or_else(|| bad("date", date))?;
        let status = match status {
            "done" => Status::Done,
            "skipped" => Status::Skipped,
            other => return Err(bad("status", other)),
        };
        let reps = if reps.is_empty() {
            Vec::new()
        } else if let Some(r) = plain_reps(reps) {
            r
        } else {
            reps.split(',')
                .map(|s| s.parse::<u32>())
                .collect::<Result<_, _>>()
                .map_err(|_| bad("reps", reps))?
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

#[cfg(test)]
mod tests {
    use super::plain_reps;

    #[test]
    fn plain_reps_reads_what_vmo_writes_and_leaves_the_rest_to_the_parser() {
        assert_eq!(plain_reps("12,12,9"), Some(vec![12, 12, 9]));
        assert_eq!(plain_reps("7"), Some(vec![7]));
        assert_eq!(plain_reps("999999999"), Some(vec![999_999_999]));
        for odd in [
            "",
            ",",
            "12,",
            ",12",
            "12,,9",
            "+12",
            " 12",
            "1234567890",
            "1.5",
        ] {
            assert_eq!(plain_reps(odd), None, "{odd:?}");
        }
    }
}
