//! `-o FILE` on every command that prints data, and what happens when a write fails:
//! nothing the user owns is damaged.

mod common;

use std::fs;

use common::{assert_usage_error, run, vmo};

/// Every data-producing command, as arguments before `-o`.
const DATA_COMMANDS: &[&[&str]] = &[
    &["plan", "--weeks", "2", "--start", "2026-12-07"],
    &["today", "--start", "2026-12-07", "--today", "2026-12-07"],
    &["next", "--start", "2026-12-07"],
    &["check", "foundation", "--weeks", "4"],
    &["templates"],
    &["templates", "show", "athlete"],
    &["config", "path"],
    &["config", "show"],
    &["completions", "bash"],
    &["man"],
];

#[test]
fn every_data_command_writes_to_o_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    for (i, args) in DATA_COMMANDS.iter().enumerate() {
        let (code, stdout, err) = run(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        let file = dir.path().join(format!("out{i}.txt"));
        let f = file.to_str().unwrap();
        let with_o = [*args, &["-o", f]].concat();
        let (code, to_stdout, err) = run(&with_o);
        assert_eq!(code, 0, "{with_o:?}: {err}");
        assert!(to_stdout.is_empty(), "{with_o:?} also wrote stdout");
        assert_eq!(fs::read_to_string(&file).unwrap(), stdout, "{with_o:?}");
        // A second run refuses, and the file is unchanged.
        assert_usage_error(&with_o, &["file exists", "--force"]);
        let forced = [&with_o[..], &["--force"]].concat();
        assert_eq!(run(&forced).0, 0, "{forced:?}");
        // `-o -` is stdout.
        let dash = [*args, &["-o", "-"]].concat();
        assert_eq!(run(&dash).1, stdout, "{dash:?}");
    }
}

#[test]
fn a_missing_folder_is_a_runtime_error_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("nope").join("plan.ics");
    let (code, stdout, err) = run(&["plan", "--format", "ics", "-o", target.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(stdout.is_empty());
    assert!(err.contains("does not exist (create it first)"), "{err}");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_exits_1_with_a_message() {
    let (code, _, err) = run(&["plan", "-o", "/dev/full"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("vmo: error: cannot write /dev/full: no space left on the device"),
        "{err}"
    );
}

/// A write that fails half-way (the file-size limit, which works even for root, unlike a
/// read-only folder) leaves the old file byte-for-byte intact and no temp file behind.
#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_keeps_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("plan.json");
    fs::write(&old, "old plan\n").unwrap();
    let bin = assert_cmd::cargo::cargo_bin("vmo");
    // Ignoring SIGXFSZ (inherited through exec) turns the limit into an EFBIG error.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 4; exec '{}' plan --weeks 104 --format json -o '{}' --force",
            bin.display(),
            old.display()
        ))
        .env("VMO_TODAY", "2026-11-25")
        .env("HOME", dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot write") && stderr.contains("file too large"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&old).unwrap(), "old plan\n");
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["plan.json"]);
}

#[test]
fn a_directory_is_not_a_file_name() {
    let dir = tempfile::tempdir().unwrap();
    assert_usage_error(
        &["plan", "-o", dir.path().to_str().unwrap()],
        &["is a directory"],
    );
}

#[test]
fn a_new_file_gets_the_permissions_of_a_plain_create() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("plan.csv");
    let out = vmo()
        .args(["plan", "--format", "csv", "-o", f.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The same mode a plain `create` gets under this umask (tempfile alone gives 0600).
        let plain = dir.path().join("plain");
        fs::File::create(&plain).unwrap();
        let mode = |p: &std::path::Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&f), mode(&plain));
    }
}

/// The guide's own check: a pty that knows its width but reports no rows (`stty cols 80`
/// alone) still gets the 80-column layout (terminal_size gives up on 0 rows).
#[test]
fn a_terminal_that_reports_no_rows_still_gets_its_width() {
    let bin = assert_cmd::cargo::cargo_bin("vmo");
    let home = tempfile::tempdir().unwrap();
    let cmd = format!(
        "stty cols 80; {} plan --weeks 2 --start 2026-12-07 --color never",
        bin.display()
    );
    let Ok(out) = std::process::Command::new("script")
        .args(["-qc", &cmd, "/dev/null"])
        .env("HOME", home.path())
        .env_remove("COLUMNS")
        .output()
    else {
        eprintln!("script(1) is not installed: skipped");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Week 1"), "{text}");
    for line in text.lines() {
        let width = unicode_width::UnicodeWidthStr::width(line.trim_end_matches('\r'));
        assert!(width <= 80, "{width} columns: {line}");
    }
}

/// Help fits that terminal too: clap wrapped it at 100 columns where it could not read
/// the width.
#[test]
fn help_fits_a_terminal_that_reports_no_rows() {
    let bin = assert_cmd::cargo::cargo_bin("vmo");
    let home = tempfile::tempdir().unwrap();
    for args in ["--help", "plan --help", "report --help"] {
        let cmd = format!("stty cols 80; {} {args}", bin.display());
        let Ok(out) = std::process::Command::new("script")
            .args(["-qc", &cmd, "/dev/null"])
            .env("HOME", home.path())
            .env_remove("COLUMNS")
            .output()
        else {
            eprintln!("script(1) is not installed: skipped");
            return;
        };
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Usage"), "{args}: {text}");
        for line in text.lines() {
            let plain = without_escapes(line.trim_end_matches('\r'));
            let width = unicode_width::UnicodeWidthStr::width(plain.as_str());
            assert!(width <= 80, "{args}: {width} columns: {plain}");
        }
    }
}

/// `line` without its SGR escapes (clap styles help on a terminal).
fn without_escapes(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for e in chars.by_ref() {
                if e.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Notes on stderr fit the terminal too (the guide's 80 columns), and a plan that the log
/// does not touch says nothing about the log.
#[test]
fn stderr_notes_fit_the_terminal_and_come_only_when_they_change_something() {
    let bin = assert_cmd::cargo::cargo_bin("vmo");
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("log.db");
    let vmo = |args: &[&str]| {
        let out = std::process::Command::new(&bin)
            .args(args)
            .env("HOME", home.path())
            .env("VMO_DB", &db)
            .env("VMO_TODAY", "2026-12-09")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).unwrap()
    };
    vmo(&["done", "--start", "2026-12-07", "--date", "2026-12-07"]);
    let err = vmo(&["plan", "--start", "2026-12-07"]);
    assert!(
        err.contains("the plan follows 1 training-log entry"),
        "{err}"
    );
    // A plan that ends before the entry: the log changes nothing in it, so no note.
    let err = vmo(&["plan", "--start", "2026-11-02", "--weeks", "2"]);
    assert!(!err.contains("training-log"), "{err}");

    let cmd = format!(
        "stty cols 80; VMO_DB={} VMO_TODAY=2026-12-09 {} plan --weeks 2 --start 2026-12-07 --color never >/dev/null",
        db.display(),
        bin.display()
    );
    let Ok(out) = std::process::Command::new("script")
        .args(["-qc", &cmd, "/dev/null"])
        .env("HOME", home.path())
        .env_remove("COLUMNS")
        .output()
    else {
        eprintln!("script(1) is not installed: skipped");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("training-log"), "{text}");
    for line in text.lines() {
        let width = unicode_width::UnicodeWidthStr::width(line.trim_end_matches('\r'));
        assert!(width <= 80, "{width} columns: {line}");
    }
}
