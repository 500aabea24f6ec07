//! Each client's folder under `…/vmo/clients/`, so a coach's clients never share a log.
//!
//! A name made only of `a-z`, `0-9` and `-` is its own folder (`ann`), as before. Any
//! other name gets its safe form plus a 128-bit hash of its exact bytes (`ann-b.` and 32
//! hex digits), so names that differ only in case (or collided in the released vmo's
//! 32-bit hash) get folders of their own, on case-insensitive file systems too.
//!
//! Folders the released vmo made (`ann-b.105632be`, the calendar UID's form, which keeps
//! its meaning in UIDs) hold no name, and a name colliding in that 32-bit hash reaches the
//! same folder; so such a folder is used only once it is claimed, on purpose and once,
//! with `vmo client adopt NAME --folder PATH` (attack report 3, F3): until then every
//! command naming a client whose old folder it could be is refused with that command.
//! Every client folder vmo writes a log in gets the name file (`client`, the exact name)
//! with the first write, so a folder is never taken for another client's; a folder whose
//! name file names someone else is refused rather than shared. A read never writes it.
//!
//! Names are unique ignoring case: `ann k` is refused while `Ann K` has a folder (with
//! the exact name to use), so one person never ends up with two logs.

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
            Some(_) => old,
            None if old.join("log.db").exists() => {
                return Err(input_error(format!(
                    "--client {}: the folder {} was made by an earlier vmo and does not say whose it is (another name can share its short id); if it holds this client's log, claim it once with: vmo client adopt {} --folder {}",
                    crate::config::shorten(name),
                    crate::visible::visible(&old.display().to_string()),
                    shell_word(name),
                    shell_word(&old.display().to_string())
                )));
            }
            None => new,
        }
    };
    if !chosen.exists()
        && let Some(other) = all(clients)
            .into_iter()
            .map(|(n, _)| n)
            .find(|n| n != name && n.to_lowercase() == name.to_lowercase())
    {
        return Err(input_error(format!(
            "--client {}: client {} already exists, and names that differ only in case are one client: use --client {}",
            crate::config::shorten(name),
            crate::config::shorten(&other),
            shell_word(&other)
        )));
    }
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

/// Every client with a folder under `clients`, by name, with their folder: a folder's
/// name file says whose it is; a plain folder (`ann`, the released vmo's form for such
/// names) without one is its own name. Sorted by name, ignoring case.
pub fn all(clients: &Path) -> Vec<(String, PathBuf)> {
    let Ok(dir) = std::fs::read_dir(clients) else {
        return Vec::new();
    };
    let plain = |n: &str| {
        !n.is_empty()
            && n.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    let mut out: Vec<(String, PathBuf)> = dir
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .filter_map(|p| {
            let name = owner(&p).or_else(|| {
                let n = p.file_name()?.to_str()?.to_string();
                plain(&n).then_some(n)
            })?;
            Some((name, p))
        })
        .collect();
    out.sort_by(|a, b| (a.0.to_lowercase(), &a.0).cmp(&(b.0.to_lowercase(), &b.0)));
    out
}

/// Claims `dir` for `name` (`vmo client adopt`): writes its name file; refused when the
/// folder already names someone else.
pub fn adopt(dir: &Path, name: &str) -> Result<()> {
    match owner(dir) {
        Some(o) if o != name => Err(input_error(format!(
            "{} already belongs to client {}; vmo will not hand it to {}",
            crate::visible::visible(&dir.display().to_string()),
            crate::config::shorten(&o),
            crate::config::shorten(name)
        ))),
        Some(_) => Ok(()),
        None => crate::output::write_private(&dir.join(NAME_FILE), false, name.as_bytes()),
    }
}

/// `s` as one shell word, quoted when it needs to be.
pub fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:@+".contains(&b))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
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
    fn an_old_folder_is_used_once_adopted_until_its_name_file_says_otherwise() {
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
        // An old folder holding a log but no name is never taken silently (F3).
        let e = folder(clients, "Ann B").unwrap_err().to_string();
        assert!(e.contains("vmo client adopt 'Ann B' --folder "), "{e}");
        adopt(&old, "Ann B").unwrap();
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
        // Names are unique ignoring case.
        std::fs::create_dir_all(clients.join(folder_id("Cat K"))).unwrap();
        claim(&clients.join(folder_id("Cat K")), "Cat K");
        let e = folder(clients, "cat k").unwrap_err().to_string();
        assert!(e.contains("use --client 'Cat K'"), "{e}");
        assert!(folder(clients, "Cat K").is_ok());
        assert_eq!(
            all(clients).into_iter().map(|(n, _)| n).collect::<Vec<_>>(),
            ["Bob", "Cat K", "someone else"]
        );
    }
}
