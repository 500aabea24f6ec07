//! The training log's open path on arbitrary files: the bytes are written to a fresh
//! temporary file used as the log (`--db`), which is then read as `vmo log list` and
//! `vmo log export` read it (`Store::read_entries`, `Store::read_events`, then the CSV and
//! JSON of the entries) and opened as `log show/edit/rm` open it (`Store::open_existing`,
//! which may migrate the file, then `entries` and `events`). Errors are fine; nothing may
//! panic, crash or hang (libFuzzer's `-timeout` catches a hang).
//!
//! Input: the whole file. Seeds (`fuzz/corpus/log_open/`): a schema-2 log written by vmo,
//! a released schema-1 log, a truncated and a corrupted one, another application's
//! database, a text file and an empty file.

use std::path::PathBuf;

use vmo::log::{Store, exchange};

/// A folder of this process and thread for the log under test.
fn folder() -> PathBuf {
    let thread = format!("{:?}", std::thread::current().id());
    std::env::temp_dir().join(format!(
        "vmo-fuzz-log-open-{}-{}",
        std::process::id(),
        thread.trim_start_matches("ThreadId(").trim_end_matches(')')
    ))
}

/// The `log_open` target's check (see the module docs).
pub fn check_log_open(data: &[u8]) {
    let dir = folder();
    // Nothing left from the last input (a -wal or -shm would change what is read).
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let path = dir.join("log.db");
    std::fs::write(&path, data).expect("the log file is written");

    // `vmo log list` / `log export`: read-only.
    if let Ok(Some(entries)) = Store::read_entries(&path) {
        let _ = exchange::to_csv(&entries);
        let _ = exchange::to_json(&entries);
    }
    let _ = Store::read_events(&path);

    // `vmo log show/edit/rm`: the store itself (a schema-1 log is migrated).
    if let Ok(Some(store)) = Store::open_existing(&path) {
        let _ = store.entries();
        let _ = store.events();
        if let Ok(entries) = store.entries() {
            for e in entries.iter().take(8) {
                let _ = store.get(e.id);
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
