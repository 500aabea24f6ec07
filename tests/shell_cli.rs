//! The shell-citizen commands: init/config, today/next, pipes, completions and man page.

mod common;

use common::{assert_usage_error, run, vmo};

#[test]
fn init_then_today_and_next_need_no_flags() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("vmo").join("config.toml");
    let c = cfg.to_str().unwrap();
    let (code, _, err) = run(&[
        "--config",
        c,
        "init",
        "--template",
        "knee-friendly",
        "--start",
        "2026-12-07",
        "--days",
        "mon,wed,fri",
        "--at",
        "07:00",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("wrote"));
    // Refuses to overwrite without --force.
    assert_usage_error(&["--config", c, "init"], &["already exists", "--force"]);

    let out = vmo()
        .args(["--config", c, "today"])
        .env("VMO_TODAY", "2026-12-09")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success());
    assert!(
        text.starts_with("2026-12-09 Wed · week 1 · Settle"),
        "{text}"
    );

    let out = vmo()
        .args(["--config", c, "today"])
        .env("VMO_TODAY", "2026-12-10")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("recovery day"));

    let out = vmo()
        .args(["--config", c, "next", "--format", "json"])
        .env("VMO_TODAY", "2026-12-10")
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["date"], "2026-12-11");

    let (_, path, _) = run(&["--config", c, "config", "path"]);
    assert_eq!(path.trim(), c);
    let (_, shown, _) = run(&["--config", c, "config", "show"]);
    assert!(shown.contains("template = \"knee-friendly\""));
}

#[test]
fn today_before_the_plan_is_explained() {
    assert_usage_error(
        &["today", "--start", "2027-01-04"],
        &["the plan starts on 2027-01-04", "vmo next"],
    );
}

#[test]
fn a_closed_pipe_is_quiet_success() {
    let bin = assert_cmd::cargo::cargo_bin("vmo");
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "set -o pipefail; '{}' plan --weeks 104 | head -1",
            bin.display()
        ))
        .env("VMO_TODAY", "2026-11-25")
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.to_lowercase().contains("broken pipe"),
        "{stderr}"
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
}

#[test]
fn completions_and_man_page_are_produced() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let (code, out, err) = run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(out.contains("vmo"), "{shell}");
    }
    let (code, out, _) = run(&["man"]);
    assert_eq!(code, 0);
    assert!(out.contains(".TH vmo 1"));
    assert_usage_error(&["completions", "tcsh"], &["tcsh"]);
}

#[test]
fn help_documents_exit_codes_and_examples() {
    let (code, out, _) = run(&["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("Exit codes: 0 success, 1 runtime failure"));
    let (_, out, _) = run(&["plan", "--help"]);
    assert!(out.contains("Examples:") && out.contains("VMO_BODYWEIGHT"));
}

#[test]
fn unknown_subcommands_get_a_suggestion() {
    assert_usage_error(&["plna"], &["plna", "plan"]);
}
