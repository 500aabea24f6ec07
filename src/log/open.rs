//! How a path becomes an open log, and what is refused before SQLite touches anything.
//!
//! - Only regular files: a folder, FIFO (opening one blocks), device (`/dev/null`) or
//!   socket is refused from its metadata, and a symbolic link only when its target is a
//!   regular file or missing-but-never-created-through (a dangling link is refused).
//! - Reading never writes: the log is opened `SQLITE_OPEN_READ_ONLY`, or `immutable=1`
//!   when there is no write-ahead file (so no `-wal`/`-shm` appears beside it) or the
//!   folder is read-only; it is never migrated and its journal mode never changed. A
//!   write-ahead file without its index (`-shm`, which SQLite would create beside it even
//!   to read) is read from a private copy of the file and its write-ahead file, so another
//!   application's database in that state is refused without a trace.
//! - Only vmo's own databases are opened for writing (see [`super::schema::Kind`]);
//!   anything else is refused and left byte-identical.
//! - The log, its `-wal` and `-shm` are owner-only: a looser log is tightened on the next
//!   write (with a note) and warned about when read.
//! - SQLite's errors are turned into a sentence naming the file, never a raw code, SQL
//!   text or a damaged schema's bytes.

use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Result, anyhow};
use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::LogPath;
use super::schema::{self, Kind};
use crate::exit::input_error;

/// How long a writer (or a reader of a busy log) waits before giving up.
pub(super) const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The first bytes of every SQLite 3 database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Why `path` is not a regular file (or a link to one), in words for a message: `"is a
/// FIFO, not a file"`; `None` when it is a regular file or does not exist. Decided from
/// metadata alone: nothing is opened, so a FIFO cannot block.
pub fn not_a_file(path: &Path) -> Option<String> {
    let link = std::fs::symlink_metadata(path).ok()?;
    let meta = if link.file_type().is_symlink() {
        match std::fs::metadata(path) {
            Ok(m) => m,
            Err(_) => {
                let target = std::fs::read_link(path)
                    .map(|t| t.display().to_string())
                    .unwrap_or_default();
                return Some(format!(
                    "is a symbolic link to {target}, which does not exist (vmo does not create files through a link)"
                ));
            }
        }
    } else {
        link
    };
    kind_of(&meta).map(|k| format!("is {k}, not a file"))
}

/// "a folder", "a FIFO", … for anything but a regular file.
fn kind_of(meta: &Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// Refuses a `--db` that is not a regular file (or a missing path), before SQLite sees it.
pub(super) fn check_log_path(path: &LogPath) -> Result<()> {
    if path.is_dir() {
        return Err(input_error(format!(
            "{}: is a folder; give the path of a log file, e.g. {}/log.db",
            path,
            path.display()
        )));
    }
    if let Some(why) = not_a_file(path) {
        return Err(input_error(format!(
            "{}: {why}; give the path of a log file",
            path
        )));
    }
    Ok(())
}

/// The file's first 16 bytes: refuses a file that is not SQLite. `Ok(false)` when it is
/// empty (a log yet to be made), `Ok(true)` when it is an SQLite database.
pub(super) fn check_magic(path: &LogPath) -> Result<bool> {
    use std::io::Read;
    let mut head = Vec::with_capacity(16);
    std::fs::File::open(path)
        .and_then(|f| f.take(16).read_to_end(&mut head))
        .map_err(|e| {
            input_error(format!(
                "{}: cannot read it: {}",
                path,
                crate::exit::io_reason(&e)
            ))
        })?;
    if head.is_empty() {
        return Ok(false);
    }
    if head.as_slice() != SQLITE_MAGIC {
        return Err(input_error(format!(
            "{}: not a vmo training log (not an SQLite database); give another path",
            path
        )));
    }
    Ok(true)
}

/// The refusal of another application's database.
pub(super) fn foreign(path: &LogPath) -> anyhow::Error {
    input_error(format!(
        "{}: not a vmo training log (another application's SQLite database); vmo leaves it untouched: give another path",
        path
    ))
}

/// `path` with `suffix` appended to its file name (`log.db` → `log.db-wal`).
pub(super) fn side_file(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// A read-only connection and what it holds.
pub(super) struct Reader {
    pub conn: Connection,
    pub kind: Kind,
    /// The private folder holding the copy `conn` reads, when it reads one (see
    /// [`from_copy`]); removed when dropped, after the connection.
    pub copy: Option<tempfile::TempDir>,
}

/// Opens the SQLite database at `path` without writing to it or beside it, and says what
/// it is. Tries a plain read-only open when a write-ahead file is there (its entries are
/// part of the log); otherwise, or when SQLite cannot open the write-ahead file read-only
/// (a read-only folder), opens the file as immutable. A file that changed while it was
/// read as immutable (a writer came along) is read again the normal way.
pub(super) fn open_reader(path: &LogPath) -> Result<Reader> {
    let wal = side_file(path, "-wal");
    if wal.exists()
        && !side_file(path, "-shm").exists()
        && let Some(reader) = from_copy(path)?
    {
        return Ok(reader);
    }
    if wal.exists() {
        match plain_read_only(path) {
            Ok(r) => return Ok(r),
            Err(e) if cannot_open_wal_read_only(&e) => {
                if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
                    eprintln!(
                        "vmo: warning: {}: its write-ahead file {} cannot be read in a read-only folder; the latest entries may be missing",
                        path,
                        wal.display()
                    );
                }
                return immutable(path).map_err(|e| sqlite_error(path, &e));
            }
            Err(e) => return Err(sqlite_error(path, &e)),
        }
    }
    let before = stamp(path);
    let reader = immutable(path).map_err(|e| sqlite_error(path, &e));
    if wal.exists() || stamp(path) != before {
        return plain_read_only(path).map_err(|e| sqlite_error(path, &e));
    }
    reader
}

/// Reads the database at `path` whose write-ahead file has no index (`-shm`) beside it, as
/// a crash or a copy without it leaves one: SQLite would create the index beside the file
/// even to read it (and cannot in a read-only folder, where it would skip the write-ahead
/// file). The file and its write-ahead file are copied into a private temporary folder and
/// read there, so nothing appears beside them and every committed entry is read. `None`
/// when the write-ahead file went away meanwhile (its last writer closed it).
fn from_copy(path: &LogPath) -> Result<Option<Reader>> {
    let wal = side_file(path, "-wal");
    // From metadata, before opening: a FIFO would block the copy.
    if let Some(why) = not_a_file(&wal) {
        return Err(input_error(format!(
            "{}: its write-ahead file {} {why}; move it away",
            path,
            wal.display()
        )));
    }
    let cannot = |e: std::io::Error| {
        input_error(format!(
            "{}: cannot read it: {}",
            path,
            crate::exit::io_reason(&e)
        ))
    };
    let dir = tempfile::tempdir().map_err(|e| {
        anyhow!(
            "{}: cannot make a private copy to read it (its write-ahead file has no index beside it): {}",
            path,
            crate::exit::io_reason(&e)
        )
    })?;
    let copy = dir.path().join("log.db");
    std::fs::copy(path, &copy).map_err(cannot)?;
    match std::fs::copy(&wal, side_file(&copy, "-wal")) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(cannot(e)),
    }
    let reader = plain_read_only(&copy).map_err(|e| sqlite_error(path, &e))?;
    Ok(Some(Reader {
        copy: Some(dir),
        ..reader
    }))
}

/// What tells that a file changed: its length and modification time.
fn stamp(path: &Path) -> Option<(u64, Option<std::time::SystemTime>)> {
    std::fs::metadata(path)
        .ok()
        .map(|m| (m.len(), m.modified().ok()))
}

/// What the database at `path` is, read through a connection that takes SQLite's locks
/// (so a write under way is waited for, not seen half-done).
pub(super) fn read_kind_locked(path: &LogPath) -> Result<schema::Kind> {
    let locked = || -> rusqlite::Result<schema::Kind> {
        let conn = Connection::open_with_flags(
            sqlite_name(path),
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // One read transaction: the marks, the version and the tables seen at one moment,
        // never half before and half after another vmo's first write.
        conn.execute_batch("BEGIN")?;
        let kind = schema::classify(&conn)?;
        conn.execute_batch("COMMIT")?;
        Ok(kind)
    };
    locked().map_err(|e| sqlite_error(path, &e))
}

fn plain_read_only(path: &Path) -> rusqlite::Result<Reader> {
    let conn = Connection::open_with_flags(
        sqlite_name(path),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // One read transaction: the marks, the version and the tables seen at one moment,
    // never half before and half after another vmo's first write.
    conn.execute_batch("BEGIN")?;
    let kind = schema::classify(&conn);
    conn.execute_batch("COMMIT")?;
    Ok(Reader {
        conn,
        kind: kind?,
        copy: None,
    })
}

fn immutable(path: &Path) -> rusqlite::Result<Reader> {
    let conn = Connection::open_with_flags(
        uri(path, "immutable=1"),
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI,
    )?;
    let kind = schema::classify(&conn)?;
    Ok(Reader {
        conn,
        kind,
        copy: None,
    })
}

/// The name SQLite is given for `path`: absolute, so that what vmo checked is what SQLite
/// opens — SQLite reads a name starting with `file:` as a URI (`--db file:other.db` opened
/// `other.db`, past every check made on the literal path) and `:memory:` as no file at all.
fn sqlite_name(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// A `file:` URI for `path` with `query`, every byte but the unreserved ones escaped.
fn uri(path: &Path, query: &str) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = String::from("file:");
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        abs.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = abs.to_string_lossy().replace('\\', "/").into_bytes();
    for b in bytes {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.push('?');
    out.push_str(query);
    out
}

/// SQLite's ways of saying a read-only connection cannot set up the write-ahead index.
fn cannot_open_wal_read_only(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly | ErrorCode::PermissionDenied)
    )
}

/// A read-write connection to a vmo log (already checked), journal in WAL mode.
pub(super) fn open_writer(path: &LogPath) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        sqlite_name(path),
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| write_error(path, &e))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| write_error(path, &e))?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(|e| write_error(path, &e))?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(|e| write_error(path, &e))?;
    // vmo makes no triggers: one found in a log was put there by another tool (a log
    // received from someone else), and would run inside vmo's writes — deleting entries,
    // looping for ever, raising errors of its own. It does not run; nor does SQL kept in
    // the schema that vmo did not write (defensive mode, untrusted schema).
    use rusqlite::config::DbConfig;
    for (config, on) in [
        (DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false),
        (DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true),
        (DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false),
    ] {
        conn.set_db_config(config, on)
            .map_err(|e| write_error(path, &e))?;
    }
    Ok(conn)
}

/// An error from writing the log: a read-only file or folder is named as such.
pub(super) fn write_error(path: &LogPath, e: &rusqlite::Error) -> anyhow::Error {
    if matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied)
    ) && let Some(why) = unwritable(path)
    {
        return input_error(format!(
            "{}: the log cannot be written: {why} (it can still be read: `vmo log export`)",
            path
        ));
    }
    sqlite_error(path, e)
}

/// Why the log at `path` cannot be written, when that is so: the file, or its folder
/// (where SQLite keeps the write-ahead file), is read-only to this user.
pub(super) fn unwritable(path: &Path) -> Option<String> {
    if std::fs::OpenOptions::new().append(true).open(path).is_err() {
        return Some("the file is read-only to you (check its permissions)".to_string());
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if tempfile::tempfile_in(&dir).is_err() {
        return Some(format!(
            "its folder {} is read-only to you (SQLite keeps its write-ahead file beside the log)",
            dir.display()
        ));
    }
    None
}

/// SQLite's error as one plain sentence naming the file: no error code, no SQL, no bytes
/// of a damaged schema.
pub(super) fn sqlite_error(path: &LogPath, e: &rusqlite::Error) -> anyhow::Error {
    let shown = path;
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt) => input_error(format!(
            "{shown}: the log is damaged (database disk image is malformed); restore a backup or export what can be read"
        )),
        Some(ErrorCode::NotADatabase) => input_error(format!(
            "{shown}: the log is damaged (file is not a database); restore a backup"
        )),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => anyhow!(
            "{shown}: the log is busy (another vmo is writing it and did not finish within {} s); try again",
            BUSY_TIMEOUT.as_secs()
        ),
        Some(ErrorCode::DiskFull) => {
            anyhow!("{shown}: cannot write the log: no space left on the device")
        }
        Some(ErrorCode::ReadOnly) => input_error(format!(
            "{shown}: the log cannot be written (read-only; check its permissions and its folder's)"
        )),
        Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => input_error(format!(
            "{shown}: cannot open the log ({}; check its permissions and its folder's)",
            plain(e)
        )),
        Some(ErrorCode::SystemIoFailure) => {
            anyhow!("{shown}: cannot read or write the log: input/output error")
        }
        _ => anyhow!("{shown}: {}", plain(e)),
    }
}

/// SQLite's message for `e`, without codes, cut short, control characters and anything
/// after a quoted schema left out.
fn plain(e: &rusqlite::Error) -> String {
    let msg = match e {
        rusqlite::Error::SqliteFailure(err, _) => match err.code {
            // The detail would echo the damaged schema; the code says enough.
            ErrorCode::DatabaseCorrupt => "database disk image is malformed".to_string(),
            _ => e.to_string(),
        },
        rusqlite::Error::SqlInputError { msg, .. } => msg.clone(),
        other => other.to_string(),
    };
    let msg = msg.split(" in CREATE").next().unwrap_or_default();
    let clean: String = msg
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(120)
        .collect();
    clean
}

/// Owner-only permissions for the log and its side files.
#[cfg(unix)]
pub(super) mod perms {
    use std::os::unix::fs::PermissionsExt;
    use std::path::{Path, PathBuf};

    fn files(path: &Path) -> [PathBuf; 3] {
        [
            path.to_path_buf(),
            super::side_file(path, "-wal"),
            super::side_file(path, "-shm"),
        ]
    }

    /// The log's files that others may read or write, with their modes.
    fn loose(path: &Path) -> Vec<(PathBuf, u32)> {
        files(path)
            .into_iter()
            .filter_map(|p| {
                let mode = std::fs::metadata(&p).ok()?.permissions().mode() & 0o777;
                (mode & 0o077 != 0).then_some((p, mode))
            })
            .collect()
    }

    /// Before a write: makes the log and its side files owner-only, saying so.
    pub fn tighten(path: &Path) {
        for (p, mode) in loose(path) {
            match std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode & 0o700)) {
                Ok(()) => eprintln!(
                    "vmo: note: {} was open to other users (mode {mode:04o}); it is now owner-only ({:04o})",
                    p.display(),
                    mode & 0o700
                ),
                Err(e) => eprintln!(
                    "vmo: warning: {} is open to other users (mode {mode:04o}) and could not be made owner-only: {}",
                    p.display(),
                    crate::exit::io_reason(&e)
                ),
            }
        }
    }

    /// On a read: warns of a log that others may read.
    pub fn warn(path: &Path) {
        for (p, mode) in loose(path) {
            eprintln!(
                "vmo: warning: {} is open to other users (mode {mode:04o}); the next write makes it owner-only, or run `chmod 600 {}`",
                p.display(),
                p.display()
            );
        }
    }
}

#[cfg(not(unix))]
pub(super) mod perms {
    use std::path::Path;
    pub fn tighten(_: &Path) {}
    pub fn warn(_: &Path) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_escape_what_sqlite_would_read_as_syntax() {
        let u = uri(Path::new("/a b/c?d#e%f.db"), "immutable=1");
        assert_eq!(u, "file:/a%20b/c%3Fd%23e%25f.db?immutable=1");
    }
}
