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

/// Names are unique ignoring case (issue 19): two names that differ only in case —
/// which collided in the released vmo's 32-bit hash too — are one client, and the second
/// spelling is refused with the exact one to use, so one person never gets two logs.
#[test]
fn names_that_differ_only_in_case_are_one_client() {
    let (a, b) = colliding_pair();
    assert_ne!(a, b);
    assert_eq!(a.to_lowercase(), b.to_lowercase());
    assert_eq!(released_folder(&a), released_folder(&b), "a real collision");
    let coach = Coach::new("");
    coach.ok(&[], &["done", "--client", &a, "--pain", "6"]);
    let (code, out, err) = coach.run(&[], &["done", "--client", &b, "--date", "2026-11-30"]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("names that differ only in case are one client: use --client"),
        "{err}"
    );
    assert!(err.contains(&a[..20]), "{err}");
    assert_eq!(coach.count(&[], &["--client", &a]), 1);
    let folders = std::fs::read_dir(coach.data.join("vmo/clients"))
        .unwrap()
        .count();
    assert_eq!(folders, 1);
    // Trimmed, case kept: " Ann K " is Ann K.
    coach.ok(&[], &["done", "--client", " Ann K "]);
    assert_eq!(coach.count(&[], &["--client", "Ann K"]), 1);
    let (code, _, err) = coach.run(&[], &["log", "list", "--client", "ANN K"]);
    assert_eq!(code, 2, "{err}");
}

/// Attack report 3, F3: a folder made by the released vmo holds no name, and a name
/// colliding in its 32-bit hash reaches it too; so no command takes it silently, every
/// one names the exact `vmo client adopt` that claims it, once.
#[test]
fn a_released_client_folder_is_used_once_adopted() {
    let (a, _) = colliding_pair();
    let coach = Coach::new("");
    // As the released vmo left it: a's log in the 32-bit folder.
    let old = coach.data.join("vmo/clients").join(released_folder(&a));
    let old_db = old.join("log.db");
    coach.ok(
        &[],
        &["done", "--db", old_db.to_str().unwrap(), "--pain", "2"],
    );
    for args in [
        &["log", "list", "--client", &a][..],
        &["done", "--client", &a, "--date", "2026-11-30"],
        &["today", "--client", &a],
    ] {
        let (code, out, err) = coach.run(&[], args);
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("vmo client adopt '"), "{err}");
        assert!(err.contains(old.to_str().unwrap()), "{err}");
    }
    assert!(!old.join("client").exists());
    let (code, _, err) = coach.run(&[], &["client", "adopt", &a]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_to_string(old.join("client")).unwrap(), a);
    assert_eq!(
        coach.count(&[], &["--client", &a]),
        1,
        "the old log is found"
    );
    coach.ok(&[], &["done", "--client", &a, "--date", "2026-11-30"]);
    assert_eq!(
        coach.count(&[("VMO_DB", old_db.to_str().unwrap())], &[]),
        2,
        "and written"
    );
    // Adopting it again for someone else is refused.
    let (code, _, err) = coach.run(
        &[],
        &["client", "adopt", "Zed", "--folder", old.to_str().unwrap()],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("already belongs to client"), "{err}");
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

/// Attack report 3, F14 and F3: reading a client's log writes nothing (a released
/// folder is not marked by a read, nor by a write: only `vmo client adopt` claims it);
/// a new client's folder gets its name file with the first write.
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
    // Reads under either name are refused and leave every file as it was.
    for name in [&a, &b] {
        for args in [
            &["log", "list", "--client", name][..],
            &["today", "--client", name],
            &["log", "export", "--client", name],
        ] {
            assert_eq!(coach.run(&[], args).0, 2, "{args:?}");
        }
    }
    assert_eq!(files(&coach.data), before, "a read wrote something");
    assert!(!old.join("client").exists());
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

/// Issue 19: `vmo client add` (and a second `init --client`) give each client a profile of
/// their own beside their log; `--client NAME` then uses both, whatever the coach's
/// profile says, and the name is in the plan's header, JSON and event titles.
#[test]
fn each_client_added_gets_their_own_profile_and_log() {
    let coach = Coach::new("db = \"{dir}/mine.db\"\ndays = \"mon,wed,fri\"\n");
    coach.ok(
        &[],
        &[
            "client",
            "add",
            "Ann K",
            "--template",
            "knee-friendly",
            "--days",
            "tue,thu,sat",
            "--start",
            "2026-11-24",
        ],
    );
    coach.ok(
        &[],
        &[
            "init", "--client", "Bob K", "--days", "mon,thu", "--units", "lb",
        ],
    );
    let (code, _, err) = coach.run(&[], &["client", "add", "Ann K"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("pass --force"), "{err}");
    coach.ok(&[], &["client", "add", "Ann K", "--weeks", "12", "--force"]);
    let header = |c: &str| {
        coach
            .ok(&[], &["plan", "--client", c, "--no-adapt"])
            .lines()
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        header("Ann K"),
        "vmo plan · Ann K · knee-friendly · 12 weeks · 2026-11-24 to 2027-02-15 · Tue/Thu/Sat"
    );
    assert!(header("Bob K").starts_with("vmo plan · Bob K · foundation · 6 weeks"));
    assert!(header("Bob K").ends_with("Mon/Thu"));
    let md = coach.ok(
        &[],
        &["plan", "--client", "Ann K", "--no-adapt", "--format", "md"],
    );
    assert!(md.starts_with("# vmo plan · Ann K · knee-friendly"), "{md}");
    let json: serde_json::Value = serde_json::from_str(&coach.ok(
        &[],
        &[
            "plan", "--client", "Bob K", "--format", "json", "--weeks", "1",
        ],
    ))
    .unwrap();
    assert_eq!(json["client"], "Bob K");
    assert_eq!(json["units"], "lb");
    let ics = coach.ok(
        &[],
        &["plan", "--client", "Ann K", "--format", "ics", "--no-adapt"],
    );
    assert!(
        ics.contains("SUMMARY:Cyclist squats · Ann K · W1 · "),
        "{ics}"
    );
    // The UID keeps the plan's identity (the released client id), not the title.
    assert!(
        ics.contains("UID:knee-friendly-20261123-ann-k.095627b9-w1-s1@vmo"),
        "{ics}"
    );
    // Output never replaces a client's own profile.
    let ann = coach
        .data
        .join("vmo/clients")
        .join(vmo::log::clients::folder_id("Ann K"))
        .join("config.toml");
    let (code, _, err) = coach.run(
        &[],
        &[
            "plan",
            "--client",
            "Ann K",
            "-o",
            ann.to_str().unwrap(),
            "--force",
            "-f",
            "table",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("never writes output over it"), "{err}");
    let today = coach.ok(&[], &["today", "--client", "Ann K", "--no-adapt"]);
    assert!(today.starts_with("Ann K · 2026-12-02 Wed · "), "{today}");
    // Each logs into their own folder, never the coach's db.
    coach.ok(&[], &["done", "--client", "Ann K", "--date", "2026-11-26"]);
    coach.ok(&[], &["done", "--client", "Bob K", "--date", "2026-11-30"]);
    assert_eq!(coach.count(&[], &["--client", "Ann K"]), 1);
    assert_eq!(coach.count(&[], &["--client", "Bob K"]), 1);
    assert!(!coach.dir().join("mine.db").exists());
    // VMO_DB does not pair with a client's own profile either.
    let shared = coach.dir().join("shared.db");
    coach.ok(
        &[("VMO_DB", shared.to_str().unwrap())],
        &["done", "--client", "Bob K", "--date", "2026-11-26"],
    );
    assert_eq!(coach.count(&[], &["--client", "Bob K"]), 2);
    assert!(!shared.exists());
}

/// Issue 19: the log records whose it is; a profile `db` (or `VMO_DB`, or `--db`) that
/// points two clients at one file is refused for the second, in one line naming both.
#[test]
fn a_log_records_its_client_and_refuses_another() {
    let coach = Coach::new("");
    let shared = coach.dir().join("shared.db");
    let shared_s = shared.to_str().unwrap();
    let ann = coach.dir().join("ann.toml");
    let bob = coach.dir().join("bob.toml");
    std::fs::write(&ann, format!("client = \"Ann K\"\ndb = \"{shared_s}\"\n")).unwrap();
    std::fs::write(&bob, format!("client = \"Bob K\"\ndb = \"{shared_s}\"\n")).unwrap();
    let (a, b) = (ann.to_str().unwrap(), bob.to_str().unwrap());
    coach.ok(&[], &["--config", a, "done", "--pain", "4"]);
    for args in [
        &["--config", b, "done", "--date", "2026-11-30"][..],
        &["--config", b, "log", "list"],
        &["--config", b, "today"],
        &["done", "--db", shared_s, "--client", "Bob K"],
        &["log", "list", "--db", shared_s, "--client", "Bob K"],
    ] {
        let (code, out, err) = coach.run(&[], args);
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains("is the log of client \"Ann K\", not of \"Bob K\""),
            "{args:?}: {err}"
        );
    }
    // VMO_DB set beside VMO_CLIENT (a script for each client) is refused the same way.
    let (code, _, err) = coach.run(
        &[("VMO_DB", shared_s), ("VMO_CLIENT", "Bob K")],
        &["done", "--date", "2026-11-30"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not of \"Bob K\""), "{err}");
    // Writing without naming a client is refused too; reading is not.
    let (code, _, err) = coach.run(&[], &["done", "--db", shared_s, "--date", "2026-11-30"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("add --client \"Ann K\""), "{err}");
    assert_eq!(coach.count(&[], &["--db", shared_s]), 1);
    assert_eq!(coach.count(&[], &["--config", a]), 1);
}

#[test]
fn client_list_and_rm_touch_only_that_clients_folder() {
    let coach = Coach::new("db = \"{dir}/mine.db\"\n");
    coach.ok(&[], &["done", "--date", "2026-11-30"]);
    coach.ok(&[], &["client", "add", "Ann K", "--start", "2026-11-23"]);
    coach.ok(&[], &["client", "add", "bob", "--start", "2026-11-23"]);
    coach.ok(&[], &["done", "--client", "Ann K"]);
    let list = coach.ok(&[], &["client", "list"]);
    let lines: Vec<&str> = list.lines().collect();
    assert!(
        lines[0].starts_with("Client  Profile  Entries  Folder"),
        "{list}"
    );
    assert!(lines[1].starts_with("Ann K   yes      1        "), "{list}");
    assert!(lines[2].starts_with("bob     yes      0        "), "{list}");
    let json: serde_json::Value =
        serde_json::from_str(&coach.ok(&[], &["client", "list", "--format", "json"])).unwrap();
    assert_eq!(json[0]["name"], "Ann K");
    assert_eq!(json[0]["entries"], 1);
    assert_eq!(json[1]["log"], false);
    let (code, _, err) = coach.run(&[], &["client", "rm", "Ann K"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(
            "their profile goes; their log (1 entry) is kept unless --purge; pass --force"
        ),
        "{err}"
    );
    let (code, _, err) = coach.run(&[], &["client", "rm", "bob"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("their profile and folder go; pass --force"),
        "{err}"
    );
    coach.ok(&[], &["client", "rm", "bob", "--force"]);
    // Without --purge the log is kept (a clinical record): only the profile goes.
    coach.ok(&[], &["client", "rm", "Ann K", "--force"]);
    let folders: Vec<_> = std::fs::read_dir(coach.data.join("vmo/clients"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(folders.len(), 1, "{folders:?}");
    assert!(folders[0].join("log.db").exists());
    assert!(!folders[0].join("config.toml").exists());
    let list = coach.ok(&[], &["client", "list"]);
    assert!(list.contains("Ann K   no       1"), "{list}");
    let board = coach.ok(&[], &["clients", "--format", "json"]);
    assert!(!board.contains("Ann K"), "{board}");
    coach.ok(&[], &["client", "rm", "Ann K", "--force", "--purge"]);
    assert_eq!(
        std::fs::read_dir(coach.data.join("vmo/clients"))
            .unwrap()
            .count(),
        0
    );
    assert!(
        coach.dir().join("mine.db").exists(),
        "the coach's log stays"
    );
    assert!(coach.dir().join("config.toml").exists(), "and the profile");
    let (code, _, err) = coach.run(&[], &["client", "rm", "nobody"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no client \"nobody\""), "{err}");
}

#[test]
fn client_names_are_checked_in_one_line() {
    let coach = Coach::new("");
    let long = "x".repeat(65);
    for (name, says) in [
        ("", "NAME \"\": is empty"),
        ("   ", "is empty"),
        ("Ann\nK", "control character"),
        ("a/b", "contains \"/\""),
        (long.as_str(), "is 65 characters long"),
    ] {
        let (code, out, err) = coach.run(&[], &["client", "add", name]);
        assert_eq!((code, out.as_str()), (2, ""), "{name:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(says), "{name:?}: {err}");
        assert!(err.contains("allowed: 1 to 64 characters"), "{err}");
    }
    let (code, _, err) = coach.run(&[], &["plan", "--client", &long]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--client \"xxxx"), "{err}");
}

/// The coach's dashboard: one row per client, alerts first, in 80 columns; JSON for
/// scripts.
#[test]
fn the_dashboard_puts_alerts_first() {
    let coach = Coach::new("");
    for (name, template) in [
        ("Ann K", "knee-friendly"),
        ("Bob K", "foundation"),
        ("Cat", "foundation"),
        ("Dee", "athlete"),
    ] {
        coach.ok(
            &[],
            &[
                "client",
                "add",
                name,
                "--template",
                template,
                "--start",
                "2026-11-23",
            ],
        );
    }
    // Ann: a red flag. Bob: trains, then plans a holiday. Cat: nothing logged. Dee: a
    // red flag seen by a clinician, back on the way.
    coach.ok(
        &[],
        &[
            "done",
            "--client",
            "Ann K",
            "--date",
            "2026-11-23",
            "--pain",
            "2",
        ],
    );
    coach.ok(
        &[],
        &[
            "done",
            "--client",
            "Ann K",
            "--date",
            "2026-11-25",
            "--swelling",
        ],
    );
    for d in ["2026-11-23", "2026-11-25", "2026-11-27", "2026-11-30"] {
        coach.ok(
            &[],
            &["done", "--client", "Bob K", "--date", d, "--pain", "1"],
        );
    }
    coach.ok(
        &[],
        &[
            "skip",
            "--client",
            "Bob K",
            "--from",
            "2026-12-02",
            "--to",
            "2026-12-13",
        ],
    );
    coach.ok(
        &[],
        &[
            "done",
            "--client",
            "Dee",
            "--date",
            "2026-11-23",
            "--pain",
            "8",
        ],
    );
    coach.ok(&[], &["cleared", "--client", "Dee", "--date", "2026-11-26"]);
    let table = coach.ok(&[], &["clients"]);
    assert!(table.lines().all(|l| l.chars().count() <= 80), "{table}");
    insta::assert_snapshot!(table);
    let json: serde_json::Value =
        serde_json::from_str(&coach.ok(&[], &["clients", "--format", "json"])).unwrap();
    let rows = json.as_array().unwrap();
    assert_eq!(rows[0]["client"], "Ann K");
    assert_eq!(rows[0]["knee"], "red_flag");
    let bob = rows.iter().find(|r| r["client"] == "Bob K").unwrap();
    assert_eq!(
        bob["next_session"], "2026-12-14",
        "after the holiday: {bob}"
    );
    assert_eq!(bob["last_done"], "2026-11-30");
    assert_eq!(bob["adherence"], 100, "a planned absence is no miss: {bob}");
    let cat = rows.iter().find(|r| r["client"] == "Cat").unwrap();
    assert_eq!(cat["knee"], "no_log");
    assert_eq!(cat["adherence"], serde_json::Value::Null);
    let csv = coach.ok(&[], &["clients", "--format", "csv"]);
    assert!(csv.starts_with("client,template,week,weeks,last_done,next_session,knee,"));
    assert_eq!(csv.lines().count(), 5);
    // The dashboard only reads: the logs are as they were.
    let before = files(&coach.data);
    coach.ok(&[], &["clients"]);
    assert_eq!(files(&coach.data), before);
}

/// A coach copies the command an alert names: it must reach that client's log.
#[test]
fn a_clients_alerts_name_the_client_in_the_commands_they_give() {
    let coach = Coach::new("days = \"mon,wed,fri\"\n");
    coach.ok(&[], &["client", "add", "Ann B"]);
    let (code, _, err) = coach.run(
        &[],
        &[
            "done",
            "--client",
            "Ann B",
            "--date",
            "2026-11-30",
            "--pain",
            "8",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("`vmo cleared --client 'Ann B'`"), "{err}");
    assert!(!err.contains("`vmo cleared`"), "{err}");
    let (code, out, err) = coach.run(&[], &["today", "--client", "Ann B"]);
    assert_eq!(code, 0, "{err}");
    let text = format!("{out}{err}");
    assert!(text.contains("`vmo cleared --client 'Ann B'`"), "{text}");
    assert!(!text.contains("`vmo cleared`"), "{text}");
    // The coach's own plan says it plainly.
    let (_, out, err) = coach.run(&[], &["today"]);
    assert!(!format!("{out}{err}").contains("--client"), "{out}{err}");
}

/// A mistyped or removed client: the entry is kept (it is the coach's record), and stderr
/// says the log is not one the dashboard shows.
#[test]
fn logging_for_a_client_nobody_added_says_so() {
    let coach = Coach::new("days = \"mon,wed,fri\"\n");
    coach.ok(&[], &["client", "add", "Ann B"]);
    let (code, _, err) = coach.run(&[], &["done", "--client", "Zed", "--date", "2026-11-30"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("no client \"Zed\" has been added"), "{err}");
    let (code, _, err) = coach.run(&[], &["done", "--client", "Ann B", "--date", "2026-11-30"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("has been added"), "{err}");
}
