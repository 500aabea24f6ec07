//! Owner-only health data (issue 18, findings 11 and 13): the log, its side files, exports,
//! adapted plans and the profile, whatever the umask; a looser log tightened on a write and
//! warned about on a read; a read-only log still readable. Tests here run as root, which
//! ignores permissions, so the permission-denied ones run vmo as an unprivileged user
//! through `setpriv` (skipped, with a note, where it is missing).

#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

const NOBODY: u32 = 65534;

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn chmod(p: &Path, m: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
}

/// vmo with the isolated test environment, started through `sh -c 'umask U; exec …'`
/// (and through `setpriv` as the unprivileged user when `nobody`).
fn vmo_with(umask: &str, nobody: bool, db: Option<&Path>, args: &[&str]) -> (i32, String, String) {
    let bin = assert_cmd::cargo::cargo_bin("vmo");
    let mut cmd = if nobody {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "sh"]);
        c
    } else {
        Command::new("sh")
    };
    cmd.arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
        .arg(bin)
        .args(args);
    for (k, _) in std::env::vars() {
        if k.starts_with("VMO_") || k.starts_with("XDG_") || k == "NO_COLOR" {
            cmd.env_remove(k);
        }
    }
    cmd.env("HOME", "/nonexistent")
        .env("VMO_START", "2026-11-23")
        .env("VMO_TODAY", "2026-12-02");
    if let Some(db) = db {
        cmd.env("VMO_DB", db);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn ok(db: &Path, args: &[&str]) -> (String, String) {
    let (code, out, err) = vmo_with("022", false, Some(db), args);
    assert_eq!(code, 0, "{args:?}: {err}");
    (out, err)
}

/// Whether the unprivileged user can be used; prints why not when it cannot.
fn setpriv_works() -> bool {
    let works = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !works {
        eprintln!("note: setpriv is missing or fails: permission test skipped");
    }
    works
}

/// A scratch folder the unprivileged user can enter.
fn open_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    chmod(dir.path(), 0o755);
    dir
}

fn side(db: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", db.display()))
}

#[test]
fn a_looser_log_is_warned_about_on_reads_and_tightened_on_the_next_write() {
    let dir = open_dir();
    let db = dir.path().join("log.db");
    ok(&db, &["done"]);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("PRAGMA wal_autocheckpoint = 0; UPDATE entries SET note = 'x';")
        .unwrap();
    // Keep the WAL and shared-memory files (an open connection), all loosened to 0644.
    for p in [db.clone(), side(&db, "-wal"), side(&db, "-shm")] {
        assert!(p.exists(), "{}", p.display());
        chmod(&p, 0o644);
    }
    let (out, err) = ok(&db, &["log", "list"]);
    assert!(out.contains("done"), "{out}");
    let want = format!(
        "vmo: warning: {} is open to other users (mode 0644); the next write makes it owner-only, or run `chmod 600 {}`",
        db.display(),
        db.display()
    );
    assert!(err.lines().any(|l| l == want), "{err}");
    assert_eq!(mode(&db), 0o644, "a read changed the mode");

    let (_, err) = ok(&db, &["done", "--date", "2026-11-30"]);
    for p in [db.clone(), side(&db, "-wal"), side(&db, "-shm")] {
        let line = format!(
            "vmo: note: {} was open to other users (mode 0644); it is now owner-only (0600)",
            p.display()
        );
        assert!(err.lines().any(|l| l == line), "{line}\n{err}");
        assert_eq!(mode(&p), 0o600, "{}", p.display());
    }
    drop(conn);
}

#[test]
fn the_log_and_its_side_files_are_owner_only_under_umask_000() {
    let dir = open_dir();
    let db = dir.path().join("vmo").join("log.db");
    let (code, _, err) = vmo_with("000", false, Some(&db), &["done"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(mode(&db), 0o600);
    assert_eq!(mode(db.parent().unwrap()), 0o700);
    // A writer that stays open keeps its -wal and -shm: both owner-only.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("PRAGMA wal_autocheckpoint = 0; UPDATE entries SET note = 'x';")
        .unwrap();
    let (code, _, err) = vmo_with("000", false, Some(&db), &["done", "--date", "2026-11-30"]);
    assert_eq!(code, 0, "{err}");
    for s in ["-wal", "-shm"] {
        assert_eq!(mode(&side(&db, s)), 0o600, "{s}");
    }
    drop(conn);
}

#[test]
fn exports_and_adapted_plans_are_owner_only_under_umask_000() {
    let dir = open_dir();
    let db = dir.path().join("log.db");
    ok(&db, &["done", "--pain", "2"]);
    let file = |n: &str| dir.path().join(n);
    for (name, args) in [
        ("log.csv", vec!["log", "export", "--format", "csv", "-o"]),
        ("list.json", vec!["log", "list", "--format", "json", "-o"]),
        ("plan.ics", vec!["plan", "-o"]),
        ("today.txt", vec!["today", "-o"]),
    ] {
        let out = file(name);
        let mut args = args.clone();
        args.push(out.to_str().unwrap());
        let (code, _, err) = vmo_with("000", false, Some(&db), &args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert_eq!(mode(&out), 0o600, "{name}");
    }
    // Overwriting a looser export with --force makes it owner-only too.
    let loose = file("old.csv");
    std::fs::write(&loose, "old").unwrap();
    chmod(&loose, 0o644);
    let (code, _, err) = vmo_with(
        "000",
        false,
        Some(&db),
        &["log", "export", "--force", "-o", loose.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(mode(&loose), 0o600);
    // A plan made without a log carries no log data: the umask decides as usual.
    let plain = file("plain.csv");
    let (code, _, err) = vmo_with(
        "022",
        false,
        Some(&db),
        &["plan", "--no-adapt", "-o", plain.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(mode(&plain), 0o644);
}

#[test]
fn init_makes_the_profile_owner_only_under_umask_000() {
    let dir = open_dir();
    let home = dir.path().join("home");
    let bin = assert_cmd::cargo::cargo_bin("vmo");
    let out = Command::new("sh")
        .arg("-c")
        .arg("umask 000 && exec \"$0\" init --days mon,wed,fri")
        .arg(bin)
        .env_remove("XDG_CONFIG_HOME")
        .env("HOME", &home)
        .env("VMO_TODAY", "2026-11-25")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let folder = home.join(".config/vmo");
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(&folder.join("config.toml")), 0o600);
    // `config set` keeps it so.
    let out = Command::new("sh")
        .arg("-c")
        .arg("umask 000 && exec \"$0\" config set weeks 8")
        .arg(assert_cmd::cargo::cargo_bin("vmo"))
        .env_remove("XDG_CONFIG_HOME")
        .env("HOME", &home)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(mode(&folder.join("config.toml")), 0o600);
}

#[test]
fn a_dangling_symlink_at_dash_o_is_not_replaced_without_force() {
    let dir = open_dir();
    let db = dir.path().join("log.db");
    let link = dir.path().join("plan.csv");
    let target = dir.path().join("gone.csv");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let (code, _, err) = vmo_with(
        "022",
        false,
        Some(&db),
        &["plan", "-o", link.to_str().unwrap()],
    );
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        err.trim_end(),
        format!(
            "vmo: error: -o {}: is a symbolic link to {}, which does not exist; pass --force to replace the link with the file",
            link.display(),
            target.display()
        )
    );
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert!(!target.exists());
    let (code, _, err) = vmo_with(
        "022",
        false,
        Some(&db),
        &["plan", "--force", "-o", link.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::symlink_metadata(&link).unwrap().is_file());
    assert!(!target.exists(), "the link was followed");
}

/// A WAL log owned by the unprivileged user in a folder it may only read (0500).
fn read_only_log(dir: &Path) -> PathBuf {
    let folder = dir.join("backup");
    std::fs::create_dir(&folder).unwrap();
    let db = folder.join("log.db");
    ok(&db, &["done", "--date", "2026-11-30", "--pain", "2"]);
    ok(&db, &["done", "--note", "second"]);
    for e in std::fs::read_dir(&folder).unwrap() {
        std::os::unix::fs::chown(e.unwrap().path(), Some(NOBODY), Some(NOBODY)).unwrap();
    }
    std::os::unix::fs::chown(&folder, Some(NOBODY), Some(NOBODY)).unwrap();
    chmod(&folder, 0o500);
    db
}

#[test]
fn a_log_in_a_read_only_folder_can_be_read_and_a_write_says_why_not() {
    if !setpriv_works() {
        return;
    }
    let dir = open_dir();
    let db = read_only_log(dir.path());
    let files = std::fs::read_dir(db.parent().unwrap()).unwrap().count();
    let (code, out, err) = vmo_with("022", true, Some(&db), &["log", "list"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("second") && out.contains("2026-11-30"),
        "{out}"
    );
    assert!(err.is_empty(), "{err}");
    let (code, out, err) = vmo_with(
        "022",
        true,
        Some(&db),
        &["log", "export", "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&out)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let (code, out, err) = vmo_with("022", true, Some(&db), &["today"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.is_empty());

    let (code, out, err) = vmo_with("022", true, Some(&db), &["done", "--date", "2026-11-23"]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty());
    assert_eq!(
        err.trim_end(),
        format!(
            "vmo: error: the log set by VMO_DB ({}): the log cannot be written: its folder {} is read-only to you (SQLite keeps its write-ahead file beside the log) (it can still be read: `vmo log export`)",
            db.display(),
            db.parent().unwrap().display()
        )
    );
    assert_eq!(
        std::fs::read_dir(db.parent().unwrap()).unwrap().count(),
        files
    );
}

#[test]
fn a_log_the_user_cannot_read_is_named_with_the_reason() {
    if !setpriv_works() {
        return;
    }
    let dir = open_dir();
    let db = dir.path().join("log.db");
    ok(&db, &["done"]);
    // Root's 0600 log: the unprivileged user may neither read nor write it.
    for args in [&["log", "list"][..], &["done", "--date", "2026-11-30"]] {
        let (code, out, err) = vmo_with("022", true, Some(&db), args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty());
        assert_eq!(
            err.trim_end(),
            format!(
                "vmo: error: the log set by VMO_DB ({}): cannot read it: permission denied",
                db.display()
            ),
            "{args:?}"
        );
    }
}
