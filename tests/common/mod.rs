//! Shared helpers: run the real binary with an isolated environment.

#![allow(dead_code)]

use assert_cmd::Command;

/// `vmo` with a clean environment: no VMO_* variables, no colour, a fixed "today".
pub fn vmo() -> Command {
    let mut cmd = Command::cargo_bin("vmo").expect("binary built");
    for (k, _) in std::env::vars() {
        if k.starts_with("VMO_") || k == "NO_COLOR" || k == "SOURCE_DATE_EPOCH" {
            cmd.env_remove(k);
        }
    }
    let home = std::env::temp_dir().join("vmo-test-home-does-not-exist");
    cmd.env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("VMO_TODAY", "2026-11-25");
    cmd
}

/// Runs `vmo` with `args` and returns (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    output_of(vmo().args(args))
}

/// Runs a prepared command: (exit code, stdout, stderr).
pub fn output_of(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("vmo runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
    )
}

/// `vmo` on the training log `db`, for a plan started on 2026-11-23, on 2 December 2026.
pub fn with_log(db: &std::path::Path) -> Command {
    let mut cmd = vmo();
    cmd.env("VMO_DB", db)
        .env("VMO_START", "2026-11-23")
        .env("VMO_TODAY", "2026-12-02");
    cmd
}

/// Runs vmo on the log at `db` (as [`with_log`]).
pub fn run_in(db: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    output_of(with_log(db).args(args))
}

/// [`run_in`], which must succeed; returns stdout.
pub fn ok_in(db: &std::path::Path, args: &[&str]) -> String {
    let (code, out, err) = run_in(db, args);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

/// [`run_in`], which must be refused: exit 2, one line, no panic; returns stderr.
pub fn refused_in(db: &std::path::Path, args: &[&str]) -> String {
    let (code, out, err) = run_in(db, args);
    assert_eq!(code, 2, "{args:?}: {err}");
    assert!(out.is_empty(), "{args:?}: {out}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.lines().count(), 1, "{args:?}: one line: {err}");
    err
}

/// A scratch folder and the path of a log in it (not created).
pub fn fresh_log() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    (dir, db)
}

/// Asserts a usage error: exit 2, one `vmo: error:` line (clap errors may add a usage hint),
/// mentioning every `needle`, and no panic.
pub fn assert_usage_error(args: &[&str], needles: &[&str]) -> String {
    let (code, stdout, stderr) = run(args);
    assert_eq!(code, 2, "args {args:?}\nstderr: {stderr}");
    assert!(stdout.is_empty(), "args {args:?} wrote to stdout: {stdout}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("RUST_BACKTRACE"), "{stderr}");
    for n in needles {
        assert!(
            stderr.contains(n),
            "args {args:?}: {n:?} not in stderr:\n{stderr}"
        );
    }
    stderr
}

/// Property-test settings shared by the property suites: 256 cases keep the suite fast;
/// `PROPTEST_CASES=100000` searches harder. No failure files are written.
pub fn proptest_config() -> proptest::test_runner::Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    proptest::test_runner::Config {
        cases,
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    }
}

/// The report's fixed log: twelve weeks of a plan started Monday 2026-09-07 (Mon/Wed/Fri),
/// imported from `tests/fixtures/report/twelve-weeks.csv` — a skip, a missed session, a
/// flare (6/10 during, 4/10 next morning), an extra session, a hostile note, and swelling
/// on the last Friday (a red flag awaiting clearance). Returns the folder and the log.
pub fn report_log() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, db) = fresh_log();
    let csv = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/report/twelve-weeks.csv"
    );
    let (code, _, err) = output_of(
        vmo()
            .env("VMO_DB", &db)
            .env("VMO_TODAY", "2026-11-30")
            .args(["log", "import", csv]),
    );
    assert_eq!(code, 0, "{err}");
    (dir, db)
}

/// `vmo report` on the log at `db` as of Monday 2026-11-30, for a client whose name needs
/// escaping, stamped with a fixed `SOURCE_DATE_EPOCH`.
pub fn report_cmd(db: &std::path::Path) -> Command {
    let mut cmd = vmo();
    cmd.env("VMO_START", "2026-09-07")
        .env("VMO_TODAY", "2026-11-30")
        .env("SOURCE_DATE_EPOCH", "1764500000")
        .arg("--db")
        .arg(db)
        .args(["report", "--client", "Anna <K> & \"Co\""]);
    cmd
}
