//! Each client's folder under `…/vmo/clients/`, so a coach's clients never share a log.
//!
//! A name made only of `a-z`, `0-9` and `-` is its own folder (`ann`), as before. Any
//! other name gets its safe form plus a 128-bit hash of its exact bytes (`ann-b.` and 32
//! hex digits), so names that differ only in case (or collided in the released vmo's
//! 32-bit hash) get folders of their own, on case-insensitive file systems too.
//!
//! Folders the released vmo made (`ann-b.105632be`, the calendar UID's form, which keeps
//! its meaning in UIDs) keep working: when a name has no new folder yet and its old one
//! exists, the old one is used, unless the name file in it says it belongs to someone else.
//! Every client folder vmo writes a log in gets that name file (`client`, the exact name)
//! with the first write, so a folder is never taken for another client's; a folder whose
//! name file names someone else is refused rather than shared. A read never writes it: a
//! released folder is marked by its client's first session logged, not by whoever looked
//! first (the released folder holds no name, so a name colliding in its 32-bit hash could
//! otherwise take it by reading).

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::exit::input_error;

/// The file in a client's folder holding the client's exact name.
const NAME_FILE: &str = "client";

/// The folder of `name`'s log under `clients` (`…/vmo/clients`), and whether it needs its
/// name file written.
pub fn folder(clients: &Path, name: &str) -> Result<PathBuf> {
    let new = clients.join(folder_id(name));
    let old = clients.join(crate::render::ics::client_id(name));
    let chosen = if new == old || new.exists() {
        new
    } else {
        match owner(&old) {
            Some(o) if o != name => new,
            _ if old.join("log.db").exists() => old,
            _ => new,
        }
    };
    if let Some(o) = owner(&chosen)
        && o != name
    {
        return Err(input_error(format!(
            "--client {}: its log folder {} belongs to another client ({}); vmo will not mix their logs: pass --db for this client's log",
            crate::config::shorten(name),
            chosen.display(),
            crate::config::shorten(&o)
        )));
    }
    Ok(chosen)
}

/// Writes the name file into an existing client folder that has none, when its log is
/// written (best effort: a read-only folder is left as it is).
pub fn claim(dir: &Path, name: &str) {
    if dir.is_dir() && owner(dir).is_none() {
        let _ = crate::output::write_private(&dir.join(NAME_FILE), false, name.as_bytes());
    }
}

/// Whose folder `dir` is, by its name file.
fn owner(dir: &Path) -> Option<String> {
    let bytes = crate::exit::read_limited(&dir.join(NAME_FILE), 1024).ok()??;
    String::from_utf8(bytes).ok()
}

/// The folder name for `name`: itself when only `a-z0-9-`, else its safe form, `.` and a
/// 128-bit FNV-1a hash of its bytes in hex.
pub fn folder_id(name: &str) -> String {
    let plain = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-';
    if !name.is_empty() && name.bytes().all(plain) {
        return name.to_string();
    }
    let safe: String = name
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii() && plain(c as u8) {
                c
            } else {
                '-'
            }
        })
        .collect();
    let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for b in name.bytes() {
        h ^= u128::from(b);
        h = h.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
    }
    format!("{safe}.{h:032x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_keep_their_folder_and_others_get_a_long_hash() {
        assert_eq!(folder_id("ann"), "ann");
        assert_eq!(folder_id("ann-2"), "ann-2");
        let id = folder_id("Ann B");
        assert!(
            id.starts_with("ann-b.") && id.len() == "ann-b.".len() + 32,
            "{id}"
        );
        assert_ne!(folder_id("Ann B"), folder_id("ann b"));
        assert_ne!(folder_id("Ann B"), folder_id("ann-b"));
        // Never the released form (8 hex digits), so old and new folders cannot meet.
        assert_ne!(folder_id("Ann B"), crate::render::ics::client_id("Ann B"));
    }

    #[test]
    fn an_old_folder_is_used_until_its_name_file_says_otherwise() {
        let dir = tempfile::tempdir().unwrap();
        let clients = dir.path();
        let old = clients.join(crate::render::ics::client_id("Ann B"));
        // No folder at all: the new one.
        assert_eq!(
            folder(clients, "Ann B").unwrap(),
            clients.join(folder_id("Ann B"))
        );
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join("log.db"), "").unwrap();
        assert_eq!(folder(clients, "Ann B").unwrap(), old);
        claim(&old, "Ann B");
        assert_eq!(owner(&old).as_deref(), Some("Ann B"));
        assert_eq!(folder(clients, "Ann B").unwrap(), old);
        std::fs::write(old.join(NAME_FILE), "someone else").unwrap();
        assert_eq!(
            folder(clients, "Ann B").unwrap(),
            clients.join(folder_id("Ann B"))
        );
        // A plain name's folder holding another's name file is refused, not shared.
        std::fs::create_dir_all(clients.join("bob")).unwrap();
        std::fs::write(clients.join("bob").join(NAME_FILE), "Bob").unwrap();
        let e = folder(clients, "bob").unwrap_err().to_string();
        assert!(e.contains("belongs to another client (\"Bob\")"), "{e}");
    }
}
