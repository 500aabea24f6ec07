//! The training log's open path on arbitrary files: the bytes are written to a fresh
//! owner-only temporary file used as the log (`--db`), which is then read as the reading
//! commands read it (`Store::read_log` as `log list`/`export`/`today`, then the CSV and
//! JSON of the entries; `read_entries`; `open_existing` as `log show`, with `entries`,
//! `events`, `get`; `preview` as `log import --dry-run`) and opened for writing as `done`
//! and `log import` open it (`Store::open`, which refuses another application's database
//! and migrates a released log). Errors are fine; nothing may panic, crash or hang
//! (libFuzzer's `-timeout` catches a hang); reading leaves the file and its folder byte
//! for byte as they were; entries read are within the log's limits and export and import
//! back exactly.
//!
//! Input: the whole file. Seeds (`fuzz/corpus/log_open/`): a schema-2 log written by vmo,
//! a released schema-1 log, a truncated and a corrupted one, another application's
//! database, a text file and an empty file.

use std::io::Write;
use std::path::{Path, PathBuf};

use vmo::log::{LogPath, Store};

/// A folder of this process and thread for the log under test.
fn folder() -> PathBuf {
    let thread = format!("{:?}", std::thread::current().id());
    std::env::temp_dir().join(format!(
        "vmo-fuzz-log-open-{}-{}",
        std::process::id(),
        thread.trim_start_matches("ThreadId(").trim_end_matches(')')
    ))
}

/// The files in `dir` and their bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| {
                    let bytes = std::fs::read(e.path()).unwrap_or_default();
                    (e.file_name().to_string_lossy().into_owned(), bytes)
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// The `log_open` target's check (see the module docs).
pub fn check_log_open(data: &[u8]) {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    let dir = folder();
    // Nothing left from the last input (a -wal or -shm would change what is read).
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::DirBuilder::new()
        .mode(0o700)
        .recursive(true)
        .create(&dir)
        .expect("a temporary folder");
    let path = LogPath::flag(dir.join("log.db"));
    // Owner-only, as vmo makes a log (a looser one is warned about on every read).
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)
        .and_then(|mut f| f.write_all(data))
        .expect("the log file is written");
    let before = files(&dir);

    // Reading commands (`log list`, `log export`, `today`, `log show`, `import --dry-run`):
    // errors are fine, and the file is never written, nor anything beside it.
    // The log is read against the import limits, so what it holds exports and imports
    // back exactly (docs/csv.md).
    if let Ok(Some((entries, _events))) = Store::read_log(&path) {
        for e in &entries {
            if let Err(e) = crate::log_import::within_limits(e) {
                panic!("read from a log: {e}");
            }
        }
        crate::log_import::round_trips(&entries);
    }
    let _ = Store::read_entries(&path);
    if let Ok(Some(store)) = Store::open_existing(&path) {
        let _ = store.events();
        if let Ok(entries) = store.entries() {
            for e in entries.iter().take(8) {
                let _ = store.get(e.id);
            }
        }
    }
    if let Ok(store) = Store::preview(&path) {
        let _ = store.entries();
    }
    assert!(
        files(&dir) == before,
        "reading the log changed its folder or the file ({} bytes)",
        data.len()
    );

    // Writing commands (`done`, `log import`, `log edit`): another application's
    // database is refused, a released log is migrated; errors are fine.
    if let Ok(store) = Store::open(&path) {
        let _ = store.entries();
        let _ = store.events();
    }
    let _ = std::fs::remove_dir_all(&dir);
}
