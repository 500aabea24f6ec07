//! A coach's clients (issue 18, findings 2 and 12): `--client` reaches the client's own log
//! whatever the profile's `db` or `VMO_DB` say, client folders never collide, and the
//! released vmo's client folders and calendar UIDs keep working unchanged.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use common::vmo;

struct Coach {
    _dir: tempfile::TempDir,
    data: PathBuf,
    profile: PathBuf,
}

impl Coach {
    fn new(profile: &str) -> Coach {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let profile_path = dir.path().join("config.toml");
        std::fs::write(
            &profile_path,
            profile.replace("{dir}", dir.path().to_str().unwrap()),
        )
        .unwrap();
        Coach {
            data,
            profile: profile_path,
            _dir: dir,
        }
    }

    fn dir(&self) -> &Path {
        self._dir.path()
    }

    /// Runs vmo with this coach's profile and data folder; `env` adds variables.
    fn run(&self, env: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
        let mut cmd = vmo();
        cmd.env("XDG_DATA_HOME", &self.data)
            .env("VMO_CONFIG", &self.profile)
            .env("VMO_START", "2026-11-23")
            .env("VMO_TODAY", "2026-12-02");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.args(args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    fn ok(&self, env: &[(&str, &str)], args: &[&str]) -> String {
        let (code, out, err) = self.run(env, args);
        assert_eq!(code, 0, "{env:?} {args:?}: {err}");
        out
    }

    /// The number of entries `log list` shows for these arguments.
    fn count(&self, env: &[(&str, &str)], args: &[&str]) -> usize {
        let mut all = vec!["log", "list", "--format", "csv"];
        all.extend_from_slice(args);
        self.ok(env, &all).lines().count() - 1
    }
}

#[test]
fn client_beats_a_profile_db_that_is_nobodys_in_particular() {
    let coach = Coach::new("db = \"{dir}/mine.db\"\n");
    coach.ok(
        &[],
        &[
            "done",
            "--client",
            "carol",
            "--pain",
            "6",
            "--note",
            "carol's knee",
        ],
    );
    coach.ok(&[], &["done", "--client", "dave"]);
    coach.ok(&[], &["done", "--date", "2026-11-30"]);
    assert_eq!(coach.count(&[], &["--client", "carol"]), 1);
    assert_eq!(coach.count(&[], &["--client", "dave"]), 1);
    assert_eq!(
        coach.count(&[], &[]),
        1,
        "the coach's own log is the profile's db"
    );
    assert!(coach.dir().join("mine.db").exists());
    assert!(coach.data.join("vmo/clients/carol/log.db").exists());
    // Carol's pain steps Carol's plan back, not Dave's, and her note stays hers.
    let next = |c: &str| coach.ok(&[], &["next", "--client", c, "--today", "2026-12-03"]);
    assert!(next("carol").contains("depth 75°"));
    assert!(next("dave").contains("depth 90°"));
    assert!(
        !coach
            .ok(&[], &["log", "list", "--client", "dave"])
            .contains("carol")
    );
    // VMO_CLIENT names a client as --client does.
    assert_eq!(coach.count(&[("VMO_CLIENT", "carol")], &[]), 1);
}

#[test]
fn client_beats_vmo_db_unless_vmo_client_sets_them_together() {
    let coach = Coach::new("");
    let shared = coach.dir().join("shared.db");
    let shared = shared.to_str().unwrap();
    coach.ok(
        &[("VMO_DB", shared)],
        &["done", "--client", "carol", "--pain", "6"],
    );
    coach.ok(&[("VMO_DB", shared)], &["done"]);
    assert_eq!(
        coach.count(&[("VMO_DB", shared)], &["--client", "carol"]),
        1
    );
    assert_eq!(coach.count(&[("VMO_DB", shared)], &["--client", "dave"]), 0);
    assert_eq!(coach.count(&[("VMO_DB", shared)], &[]), 1);
    // A script that sets a client and their log together gets that log.
    let dave = coach.dir().join("dave.db");
    let env = [("VMO_DB", dave.to_str().unwrap()), ("VMO_CLIENT", "dave")];
    coach.ok(&env, &["done"]);
    assert_eq!(coach.count(&env, &[]), 1);
    assert_eq!(coach.count(&[], &["--client", "dave"]), 0);
    assert!(dave.exists());
}

#[test]
fn a_profile_db_belongs_to_the_profiles_client_and_db_on_the_command_line_wins() {
    let coach = Coach::new("client = \"carol\"\ndb = \"{dir}/carol.db\"\n");
    coach.ok(&[], &["done"]);
    coach.ok(&[], &["done", "--client", "carol", "--date", "2026-11-30"]);
    assert_eq!(
        coach.count(&[], &[]),
        2,
        "both in the profile's db: carol's own"
    );
    assert_eq!(coach.count(&[], &["--client", "dave"]), 0);
    assert!(!coach.data.join("vmo/clients/carol").exists());
    // --db typed on the command line is the file used, whoever is named.
    let other = coach.dir().join("other.db");
    let other = other.to_str().unwrap();
    coach.ok(&[], &["done", "--client", "dave", "--db", other]);
    assert_eq!(coach.count(&[], &["--client", "dave", "--db", other]), 1);
    assert_eq!(coach.count(&[], &["--client", "dave"]), 0);
}

/// FNV-1a, 32 bits: the released vmo's client hash (folders and calendar UIDs).
fn fnv32(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5, |h: u32, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// Two names differing only in case whose released folder names were the same.
fn colliding_pair() -> (String, String) {
    let base = "coach client number one abcd";
    let letters: Vec<usize> = base
        .char_indices()
        .filter(|(_, c)| c.is_ascii_lowercase())
        .map(|(i, _)| i)
        .collect();
    let mut seen: HashMap<u32, String> = HashMap::new();
    for mask in 0u32..(1 << 22) {
        let mut name: Vec<u8> = base.bytes().collect();
        for (bit, &i) in letters.iter().take(22).enumerate() {
            if mask & (1 << bit) != 0 {
                name[i] = name[i].to_ascii_uppercase();
            }
        }
        let name = String::from_utf8(name).unwrap();
        if let Some(other) = seen.insert(fnv32(&name), name.clone()) {
            return (other, name);
        }
    }
    panic!("no collision among 2^22 names");
}

/// The released vmo's folder name for a client (the calendar UID's form).
fn released_folder(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("{safe}.{:08x}", fnv32(name))
}

#[test]
fn names_that_collided_in_the_released_vmo_get_logs_of_their_own() {
    let (a, b) = colliding_pair();
    assert_ne!(a, b);
    assert_eq!(released_folder(&a), released_folder(&b), "a real collision");
    let coach = Coach::new("");
    coach.ok(&[], &["done", "--client", &a, "--pain", "6"]);
    coach.ok(&[], &["done", "--client", &b, "--date", "2026-11-30"]);
    coach.ok(&[], &["done", "--client", &b]);
    assert_eq!(coach.count(&[], &["--client", &a]), 1);
    assert_eq!(coach.count(&[], &["--client", &b]), 2);
    let folders = std::fs::read_dir(coach.data.join("vmo/clients"))
        .unwrap()
        .count();
    assert_eq!(folders, 2);
}

#[test]
fn a_released_client_folder_keeps_working_and_is_never_taken_by_a_colliding_name() {
    let (a, b) = colliding_pair();
    let coach = Coach::new("");
    // As the released vmo left it: a's log in the 32-bit folder.
    let old = coach.data.join("vmo/clients").join(released_folder(&a));
    let old_db = old.join("log.db");
    coach.ok(
        &[],
        &["done", "--db", old_db.to_str().unwrap(), "--pain", "2"],
    );
    assert_eq!(
        coach.count(&[], &["--client", &a]),
        1,
        "the old folder is found"
    );
    coach.ok(&[], &["done", "--client", &a, "--date", "2026-11-30"]);
    assert_eq!(
        coach.count(&[("VMO_DB", old_db.to_str().unwrap())], &[]),
        2,
        "and written"
    );
    assert_eq!(std::fs::read_to_string(old.join("client")).unwrap(), a);
    // b, whose released folder was the same, now has a log of its own.
    assert_eq!(coach.count(&[], &["--client", &b]), 0);
    coach.ok(&[], &["done", "--client", &b]);
    assert_eq!(coach.count(&[], &["--client", &b]), 1);
    assert_eq!(coach.count(&[], &["--client", &a]), 2);
}

#[test]
fn calendar_uids_keep_the_released_client_id() {
    let coach = Coach::new("");
    let ics = coach.ok(
        &[],
        &["plan", "--format", "ics", "--no-adapt", "--client", "Ann B"],
    );
    assert!(
        ics.contains("UID:foundation-20261123-ann-b.105632be-w1-s1@vmo"),
        "{ics}"
    );
    let ics = coach.ok(
        &[],
        &["plan", "--format", "ics", "--no-adapt", "--client", "ann"],
    );
    assert!(
        ics.contains("UID:foundation-20261123-ann-w1-s1@vmo"),
        "{ics}"
    );
}

/// Every file under `dir`, with its bytes.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap();
                out.push((p, bytes));
            }
        }
    }
    out.sort();
    out
}

/// Attack report 3, F14 and F3: reading a client's log writes nothing (the released
/// folder is not marked by a read, so a read under a colliding name cannot take it); the
/// name file comes with the first write, in a new folder too.
#[test]
fn a_read_never_marks_a_client_folder_and_the_first_write_does() {
    let (a, b) = colliding_pair();
    let coach = Coach::new("");
    let old = coach.data.join("vmo/clients").join(released_folder(&a));
    let old_db = old.join("log.db");
    coach.ok(
        &[],
        &["done", "--db", old_db.to_str().unwrap(), "--pain", "2"],
    );
    let before = files(&coach.data);
    // Reads under either name leave every file as it was.
    for name in [&a, &b] {
        coach.ok(&[], &["log", "list", "--client", name]);
        coach.ok(&[], &["today", "--client", name]);
        coach.ok(&[], &["log", "export", "--client", name]);
    }
    assert_eq!(files(&coach.data), before, "a read wrote something");
    assert!(!old.join("client").exists());
    // The released client writes: the folder is theirs, and the colliding name gets its
    // own log.
    coach.ok(&[], &["done", "--client", &a, "--date", "2026-11-30"]);
    assert_eq!(std::fs::read_to_string(old.join("client")).unwrap(), a);
    assert_eq!(coach.count(&[], &["--client", &b]), 0);
    // A new client's folder has its name file from the first write on.
    coach.ok(&[], &["done", "--client", "Zoë Q"]);
    let zoe = coach
        .data
        .join("vmo/clients")
        .join(vmo::log::clients::folder_id("Zoë Q"));
    assert_eq!(
        std::fs::read_to_string(zoe.join("client")).unwrap(),
        "Zoë Q"
    );
}

/// Attack report 3, F16: `--db FILE` typed on the command line is used as given with
/// `--client`, also when it is the same path as `VMO_DB`.
#[test]
fn db_typed_on_the_command_line_is_used_even_when_it_equals_vmo_db() {
    let coach = Coach::new("");
    let shared = coach.dir().join("shared.db");
    let shared = shared.to_str().unwrap();
    coach.ok(
        &[("VMO_DB", shared)],
        &["done", "--client", "bob", "--db", shared],
    );
    assert!(Path::new(shared).exists(), "the log typed was written");
    assert_eq!(coach.count(&[], &["--db", shared]), 1);
    assert_eq!(coach.count(&[], &["--client", "bob"]), 0);
    // VMO_DB alone is a standing location: bob, not set beside it, gets his own log.
    coach.ok(&[("VMO_DB", shared)], &["done", "--client", "bob"]);
    assert_eq!(coach.count(&[], &["--client", "bob"]), 1);
    assert_eq!(coach.count(&[], &["--db", shared]), 1);
}
