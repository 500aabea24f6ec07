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
        "--client",
        "Ann B",
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
        text.starts_with("Ann B · 2026-12-09 Wed 07:00 · week 1 · Settle"),
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
    assert_eq!(v["client"], "Ann B", "the profile names the client");

    let (_, path, _) = run(&["--config", c, "config", "path"]);
    assert_eq!(path.trim(), c);
    let (_, shown, _) = run(&["--config", c, "config", "show"]);
    let row = shown.lines().find(|l| l.starts_with("template ")).unwrap();
    let words: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(words, ["template", "knee-friendly", "profile"], "{shown}");
    let row = shown.lines().find(|l| l.starts_with("client ")).unwrap();
    let words: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(words, ["client", "Ann", "B", "profile"], "{shown}");
}

/// The rows of `config show --format json` as (key, value, source).
fn shown(cmd: &mut assert_cmd::Command) -> Vec<(String, Option<String>, String)> {
    let out = cmd.args(["--format", "json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["key"].as_str().unwrap().to_string(),
                s["value"].as_str().map(str::to_string),
                s["source"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn config_show_names_the_source_of_every_setting() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "start = \"2026-12-07\"\nweeks = 12\nunits = \"kg\"\n").unwrap();
    let rows = shown(
        vmo()
            .args(["config", "show", "--weeks", "8"])
            .env("VMO_CONFIG", &cfg)
            .env("VMO_UNITS", "lb"),
    );
    let get = |k: &str| rows.iter().find(|r| r.0 == k).unwrap().clone();
    let c = cfg.to_str().unwrap().to_string();
    assert_eq!(get("config"), ("config".into(), Some(c), "env".into()));
    // Flag beats profile; env beats profile; profile beats default.
    assert_eq!(
        get("weeks"),
        ("weeks".into(), Some("8".into()), "flag".into())
    );
    assert_eq!(
        get("units"),
        ("units".into(), Some("lb".into()), "env".into())
    );
    assert_eq!(
        get("start"),
        ("start".into(), Some("2026-12-07".into()), "profile".into())
    );
    // Defaults follow the effective unit.
    assert_eq!(
        get("bar"),
        ("bar".into(), Some("45lb".into()), "default".into())
    );
    assert_eq!(get("bodyweight").1, None);
    assert_eq!(get("client"), ("client".into(), None, "default".into()));
    assert_eq!(rows.len(), 22, "{rows:?}");
}

#[test]
fn config_show_reports_a_bad_profile_value_after_showing_it() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "units = \"stone\"\n").unwrap();
    let out = vmo()
        .args(["--config", cfg.to_str().unwrap(), "config", "show"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("stone"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("config.toml: units = \"stone\": unknown unit"),
        "{stderr}"
    );
}

#[test]
fn today_before_the_plan_is_explained() {
    // As text it is not an error (tests/log_cli.rs); a script asking for JSON gets one.
    assert_usage_error(
        &["today", "--start", "2027-01-04", "--format", "json"],
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
    // Every command's help has examples.
    let mut stack = vec![(vec![], <vmo::cli::Cli as clap::CommandFactory>::command())];
    while let Some((path, cmd)) = stack.pop() {
        for sub in cmd.get_subcommands() {
            let mut p: Vec<String> = path.clone();
            p.push(sub.get_name().to_string());
            let mut args: Vec<&str> = p.iter().map(String::as_str).collect();
            args.push("--help");
            let (code, out, _) = run(&args);
            assert_eq!(code, 0, "{args:?}");
            assert!(
                out.contains("Example"),
                "no examples in `vmo {}`",
                p.join(" ")
            );
            stack.push((p, sub.clone()));
        }
    }
}

#[test]
fn unknown_subcommands_get_a_suggestion() {
    assert_usage_error(&["plna"], &["plna", "plan"]);
}

#[test]
fn today_and_next_speak_every_plan_format() {
    let base = ["--start", "2026-12-07", "--today", "2026-12-08"];
    let day = |cmd: &str, format: &str| {
        let mut args = vec![cmd, "--format", format];
        args.extend(base);
        let (code, out, err) = run(&args);
        assert_eq!(code, 0, "{args:?}: {err}");
        out
    };
    // 2026-12-08 is a recovery day of the default mon/wed/fri template.
    let csv = day("today", "csv");
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(rows[1].starts_with("2026-12-08,tue,1,,recovery,"), "{csv}");
    let csv = day("next", "csv");
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .starts_with("2026-12-09,wed,1,2,hard,"),
        "{csv}"
    );

    // The ICS event of `next` is the same event (same UID) as in the whole-plan export,
    // so importing both never duplicates it.
    let ics = day("next", "ics");
    let uid = ics.lines().find(|l| l.starts_with("UID:")).unwrap();
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
    let (_, plan_ics, _) = run(&["plan", "--format", "ics", "--start", "2026-12-07"]);
    assert!(plan_ics.contains(&format!("{uid}\r\n")), "{uid}");
    let recovery = day("today", "ics");
    assert!(recovery.contains("SUMMARY:Recovery day"), "{recovery}");

    let md = day("next", "markdown");
    assert!(md.starts_with("# 2026-12-09 Wed · week 1 · "), "{md}");
    assert_eq!(md.lines().filter(|l| l.starts_with("| 2026-")).count(), 1);
}

#[test]
fn duration_and_zone_need_a_session_time() {
    for flag in [["--duration", "45m"], ["--tz", "Europe/Berlin"]] {
        let args = ["plan", "--format", "ics", flag[0], flag[1]];
        assert_usage_error(&args, &[flag[0], "needs a session time", "--at HH:MM"]);
    }
    // A time in the profile is enough.
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "at = \"18:30\"\n").unwrap();
    let (code, ics, err) = run(&[
        "--config",
        cfg.to_str().unwrap(),
        "plan",
        "--format",
        "ics",
        "--duration",
        "45m",
        "--start",
        "2026-12-07",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        ics.contains("DTSTART:20261207T183000\r\nDTEND:20261207T191500\r\n"),
        "{ics}"
    );
}

#[test]
fn init_pins_the_start_and_stores_paths_and_kit_that_work_from_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    let c = cfg.to_str().unwrap();
    std::fs::write(
        dir.path().join("mine.toml"),
        vmo()
            .args(["templates", "show", "athlete"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let out = vmo()
        .current_dir(dir.path())
        .args([
            "--config",
            c,
            "init",
            "--template",
            "mine.toml",
            "--variant",
            "barbell",
            "--test",
            "60kg:5",
            "--bar",
            "15kg",
            "--plates",
            "10x2,5,2.5,1.25",
            "--bodyweight-ratio",
            "0.8",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let profile = std::fs::read_to_string(&cfg).unwrap();
    // No --start: today (VMO_TODAY) is written, so the plan does not restart every day.
    assert!(profile.contains("start = \"2026-11-25\""), "{profile}");
    let abs = dir.path().canonicalize().unwrap().join("mine.toml");
    assert!(
        profile.contains(&format!("template = \"{}\"", abs.display())),
        "{profile}"
    );
    for line in [
        "variant = \"barbell\"",
        "test = \"60kg:5\"",
        "bar = \"15kg\"",
        "plates = \"10x2,5,2.5,1.25\"",
        "bodyweight_ratio = 0.8",
    ] {
        assert!(profile.contains(line), "{line} not in {profile}");
    }
    // From another folder, a week later, the plan is in its second week.
    let out = vmo()
        .current_dir(std::env::temp_dir())
        .args(["--config", c, "next", "--format", "json"])
        .env("VMO_TODAY", "2026-12-02")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["week"], 2, "{v}");
}
