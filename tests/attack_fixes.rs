//! The third attack on the log (issue 18): what a tester found after the fixes, through
//! the real binary on real SQLite files.

mod common;

use std::path::{Path, PathBuf};

use common::{output_of, with_log};

/// Runs vmo on the log at `db` (plan from Monday 2026-11-23, today Wednesday 2026-12-02).
fn run_in(db: &Path, args: &[&str]) -> (i32, String, String) {
    output_of(with_log(db).args(args))
}

fn ok(db: &Path, args: &[&str]) -> String {
    let (code, out, err) = run_in(db, args);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

fn fresh() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    (dir, db)
}

const HEADER: &str = "id,date,status,sets,reps,load_kg,rpe,pain_during,pain_morning,swelling,note,extra,locking,giving_way,night_pain\n";

/// A log of `n` sessions on the days before today, each with a long note (n × ~250 bytes
/// of CSV).
fn big_log(db: &Path, n: u32) {
    let csv = db.with_file_name("big.csv");
    let mut text = String::from(HEADER);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let note = "x".repeat(200);
    for i in 0..n {
        let d = today - chrono::Days::new(u64::from(i));
        text.push_str(&format!(
            "0,{d},done,3,\"10,10,10\",,,,,false,{note},false,false,false,false\n"
        ));
    }
    std::fs::write(&csv, text).unwrap();
    ok(db, &["log", "import", csv.to_str().unwrap()]);
}

/// F12: `vmo log export | head -1` and `log list --format csv | head -1` stop quietly
/// with status 0, as every other command does on a closed pipe.
#[test]
fn csv_into_a_closed_pipe_is_quiet_success() {
    let (_dir, db) = fresh();
    big_log(&db, 2000);
    let bin = assert_cmd::cargo::cargo_bin("vmo");
    for cmd in [
        "log export",
        "log list --format csv",
        "log export --format json",
    ] {
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!(
                "set -o pipefail; '{}' {cmd} | head -1",
                bin.display()
            ))
            .env("VMO_DB", &db)
            .env("VMO_TODAY", "2026-12-02")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{cmd}: {:?} {stderr}", out.status);
        assert!(stderr.is_empty(), "{cmd}: {stderr}");
        assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    }
}
