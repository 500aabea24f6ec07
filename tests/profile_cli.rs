//! A profile that lives as long as the plan: `init` checks what it stores and merges with
//! `--force`, `config set`/`unset` change one key in place, and the calendar keys are used.

mod common;

use std::fs;
use std::path::Path;

use common::{assert_usage_error, run};

fn vmo_at(cfg: &Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["--config", cfg.to_str().unwrap()];
    all.extend_from_slice(args);
    run(&all)
}

#[test]
fn init_refuses_days_the_rest_rules_refuse_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    let c = cfg.to_str().unwrap();
    // foundation has no light session, so three days in a row break its 48 h of rest.
    let e = assert_usage_error(
        &["--config", c, "init", "--days", "mon,tue,wed"],
        &[
            "training days mon,tue,wed",
            "48 h",
            "try --days mon,wed,fri",
        ],
    );
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(!cfg.exists());
    // The same days are checked against the template given with them: athlete turns a day
    // too close to a heavy one into a light session...
    let (code, _, err) = vmo_at(
        &cfg,
        &["init", "--template", "athlete", "--days", "mon,tue,thu"],
    );
    assert_eq!(code, 0, "{err}");
    // ...and against the template kept in the profile when none is given.
    let (code, _, err) = vmo_at(&cfg, &["init", "--force", "--days", "mon,tue"]);
    assert_eq!(code, 0, "{err}");
    let before = fs::read(&cfg).unwrap();
    let (code, _, err) = vmo_at(&cfg, &["init", "--force", "--template", "foundation"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("days = \"mon,tue\": training days mon,tue"),
        "{err}"
    );
    let (code, _, err) = vmo_at(&cfg, &["init", "--force", "--days", "mon,tue,wed,thu,fri"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("too many"), "{err}");
    assert_eq!(fs::read(&cfg).unwrap(), before);
}

#[test]
fn init_force_keeps_the_keys_not_given_so_a_plan_can_be_extended() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    let (code, _, err) = vmo_at(
        &cfg,
        &[
            "init",
            "--template",
            "knee-friendly",
            "--start",
            "2026-12-07",
            "--days",
            "mon,thu",
            "--units",
            "lb",
            "--bodyweight",
            "160lb",
            "--weeks",
            "6",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let text = fs::read_to_string(&cfg).unwrap();
    // A comment the person added survives the update.
    fs::write(
        &cfg,
        text.replace("units = \"lb\"", "units = \"lb\" # imperial, please"),
    )
    .unwrap();
    let (code, _, err) = vmo_at(&cfg, &["init", "--weeks", "12", "--force"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("kept template, start, days, units, bodyweight"),
        "{err}"
    );
    let text = fs::read_to_string(&cfg).unwrap();
    for line in [
        "template = \"knee-friendly\"",
        "start = \"2026-12-07\"",
        "days = \"mon,thu\"",
        "units = \"lb\" # imperial, please",
        "bodyweight = \"160lb\"",
        "weeks = 12",
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} not in\n{text}");
    }
    assert!(!text.contains("weeks = 6"), "{text}");
    // Weights given later are written in the kept units.
    let (code, _, err) = vmo_at(&cfg, &["init", "--force", "--bodyweight", "80kg"]);
    assert_eq!(code, 0, "{err}");
    let text = fs::read_to_string(&cfg).unwrap();
    assert!(text.contains("bodyweight = \"176.4lb\""), "{text}");
}

#[test]
fn config_set_and_unset_round_trip_keeping_comments() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    let original = "# my profile\ntemplate = \"foundation\"\n# measured in May\nbodyweight = \"72kg\" # morning\ndays = \"mon,thu\"\n";
    fs::write(&cfg, original).unwrap();

    let (code, _, err) = vmo_at(&cfg, &["config", "set", "weeks", "12"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, format!("vmo: set weeks = 12 in {}\n", cfg.display()));
    assert_eq!(
        fs::read_to_string(&cfg).unwrap(),
        format!("{original}weeks = 12\n")
    );
    let (code, _, err) = vmo_at(&cfg, &["config", "unset", "weeks"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(fs::read_to_string(&cfg).unwrap(), original);

    // Changing a value keeps its comments; numbers keep their TOML kind.
    let (code, _, err) = vmo_at(&cfg, &["config", "set", "bodyweight", "74kg"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = vmo_at(&cfg, &["config", "set", "bodyweight_ratio", "0.8"]);
    assert_eq!(code, 0, "{err}");
    let text = fs::read_to_string(&cfg).unwrap();
    assert!(
        text.contains("# measured in May\nbodyweight = \"74kg\" # morning\n"),
        "{text}"
    );
    assert!(text.contains("bodyweight_ratio = 0.8\n"), "{text}");
    let (_, shown, _) = vmo_at(&cfg, &["config", "show"]);
    assert!(
        shown
            .lines()
            .any(|l| l.starts_with("bodyweight ") && l.contains("74kg") && l.contains("profile")),
        "{shown}"
    );

    // Removing the first key keeps the heading above it.
    let (code, _, err) = vmo_at(&cfg, &["config", "unset", "template"]);
    assert_eq!(code, 0, "{err}");
    let text = fs::read_to_string(&cfg).unwrap();
    assert!(
        text.starts_with("# my profile\n# measured in May\n"),
        "{text}"
    );

    // Unsetting what is not there changes nothing and says so.
    let before = fs::read(&cfg).unwrap();
    let (code, _, err) = vmo_at(&cfg, &["config", "unset", "remind"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("remind is not set"), "{err}");
    assert_eq!(fs::read(&cfg).unwrap(), before);
}

#[test]
fn config_set_creates_a_missing_profile() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("vmo").join("config.toml");
    let (code, _, err) = vmo_at(&cfg, &["config", "set", "days", "mon,thu"]);
    assert_eq!(code, 0, "{err}");
    let text = fs::read_to_string(&cfg).unwrap();
    assert!(text.ends_with("\ndays = \"mon,thu\"\n"), "{text}");
    assert!(text.starts_with("# vmo profile"), "{text}");
}

#[test]
fn config_set_bad_input_leaves_the_profile_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    let original =
        "# keep me\ntemplate = \"foundation\"\ndays = \"mon,thu\"\nbodyweight = \"72kg\"\n";
    fs::write(&cfg, original).unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["set", "bodywieght", "72kg"],
            "config set: unknown key `bodywieght`; did you mean `bodyweight`?",
        ),
        (&["unset", "nosuch"], "config unset: unknown key `nosuch`"),
        (
            &["set", "weeks", "0"],
            "weeks = 0: out of range (allowed 1 to 520)",
        ),
        (
            &["set", "weeks", "six"],
            "config set weeks \"six\": expected a whole number",
        ),
        (
            &["set", "weeks", "-3"],
            "config set weeks \"-3\": expected a whole number",
        ),
        (
            &["set", "bodyweight_ratio", "2"],
            "bodyweight_ratio = 2: 2 is out of range",
        ),
        (
            &["set", "units", "stone"],
            "units = \"stone\": unknown unit (allowed: kg, lb)",
        ),
        (
            &["set", "days", "mon,tue,wed"],
            "days = \"mon,tue,wed\": training days",
        ),
        (
            &["set", "days", "mon,funday"],
            "days = \"mon,funday\": unknown day",
        ),
        (
            &["set", "start", "2026-02-30"],
            "start = \"2026-02-30\": expected a real calendar date",
        ),
        (
            &["set", "at", "25:00"],
            "at = \"25:00\": expected a 24-hour time",
        ),
        (
            &["set", "tz", "Mars/Base"],
            "tz = \"Mars/Base\": unknown time zone",
        ),
        (
            &["set", "duration", "0m"],
            "duration = \"0m\": a duration must be at least 1 minute",
        ),
        (
            &["set", "remind", "soon"],
            "remind = \"soon\": expected a duration",
        ),
        (
            &["set", "template", "nosuch"],
            "template = \"nosuch\": unknown template",
        ),
        (
            &["set", "dumbbells", "24-4:2"],
            "dumbbells = \"24-4:2\": a range needs",
        ),
        // A template that refuses the days kept in the profile.
        (
            &["set", "days", "mon,tue"],
            "days = \"mon,tue\": training days",
        ),
        // Removing what another key needs.
        (&["unset", "bodyweight"], "needs load information"),
    ];
    // The last case needs a loaded variant to depend on the bodyweight.
    let with_variant = format!("{original}variant = \"goblet\"\n");
    for (args, needle) in cases {
        let text = if args == &["unset", "bodyweight"] {
            with_variant.as_str()
        } else {
            original
        };
        fs::write(&cfg, text).unwrap();
        let mut all = vec!["config"];
        all.extend_from_slice(args);
        let (code, out, err) = vmo_at(&cfg, &all);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(err.starts_with("vmo: error: "), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {needle:?} not in {err}");
        assert_eq!(
            fs::read_to_string(&cfg).unwrap(),
            text,
            "{args:?} changed the file"
        );
    }
}

#[test]
fn calendar_keys_in_the_profile_shape_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    let (code, _, err) = vmo_at(
        &cfg,
        &[
            "init",
            "--start",
            "2026-12-07",
            "--at",
            "07:00",
            "--tz",
            "Europe/Berlin",
            "--duration",
            "45m",
            "--remind",
            "30m",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let text = fs::read_to_string(&cfg).unwrap();
    for line in [
        "tz = \"Europe/Berlin\"",
        "duration = \"45m\"",
        "remind = \"30m\"",
    ] {
        assert!(text.contains(line), "{line} not in {text}");
    }
    let (code, ics, err) = vmo_at(&cfg, &["plan", "--weeks", "1", "--format", "ics"]);
    assert_eq!(code, 0, "{err}");
    // 07:00 in Berlin in December is 06:00 UTC; 45 minutes; a 30-minute alarm.
    assert!(ics.contains("DTSTART:20261207T060000Z"), "{ics}");
    assert!(ics.contains("DTEND:20261207T064500Z"), "{ics}");
    assert!(ics.contains("TRIGGER:-PT30M"), "{ics}");
    // Flags still win over the profile.
    let (_, ics, _) = vmo_at(
        &cfg,
        &[
            "plan",
            "--weeks",
            "1",
            "--format",
            "ics",
            "--duration",
            "1h",
            "--tz",
            "UTC",
        ],
    );
    assert!(ics.contains("DTSTART:20261207T070000Z"), "{ics}");
    assert!(ics.contains("DTEND:20261207T080000Z"), "{ics}");
    // config show names the profile as their source.
    let (_, shown, _) = vmo_at(&cfg, &["config", "show"]);
    for key in ["duration", "tz", "remind"] {
        let row = shown
            .lines()
            .find(|l| l.starts_with(&format!("{key} ")))
            .unwrap();
        assert!(row.contains("profile"), "{row}");
    }
    // Without a time of day the profile's zone and length wait: events are all-day.
    let (code, _, err) = vmo_at(&cfg, &["config", "unset", "at"]);
    assert_eq!(code, 0, "{err}");
    let (code, ics, err) = vmo_at(&cfg, &["plan", "--weeks", "1", "--format", "ics"]);
    assert_eq!(code, 0, "{err}");
    assert!(ics.contains("DTSTART;VALUE=DATE:20261207"), "{ics}");
}

#[test]
fn today_without_a_stored_start_says_why_it_is_week_one() {
    let note = "vmo: note: no start date is stored, so the plan starts today and \"today\" is always week 1; run `vmo init` to start it today and keep counting, or pass --start YYYY-MM-DD\n";
    for cmd in ["today", "next"] {
        let (code, out, err) = run(&[cmd]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("week 1"), "{out}");
        assert!(err.ends_with(note), "{cmd}: {err}");
        let (code, _, err) = run(&[cmd, "--start", "2026-11-23"]);
        assert_eq!(code, 0, "{err}");
        assert!(!err.contains("no start date"), "{err}");
    }
    // A profile with a start: no note.
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    fs::write(&cfg, "start = \"2026-11-23\"\n").unwrap();
    let (code, _, err) = vmo_at(&cfg, &["today"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("no start date"), "{err}");
}

/// knee-friendly from Monday 2026-12-07: week 6 (from 2027-01-11) is its first deload week.
fn day(date: &str, cmd: &str, format: &str) -> String {
    let (code, out, err) = run(&[
        cmd,
        "--template",
        "knee-friendly",
        "--start",
        "2026-12-07",
        "--today",
        date,
        "--format",
        format,
    ]);
    assert_eq!(code, 0, "{cmd} {date} {format}: {err}");
    out
}

#[test]
fn a_deload_week_says_so_in_every_format_of_today_and_next() {
    for cmd in ["today", "next"] {
        let json: serde_json::Value =
            serde_json::from_str(&day("2027-01-11", cmd, "json")).unwrap();
        assert_eq!(json["deload"], true, "{json}");
        let json: serde_json::Value =
            serde_json::from_str(&day("2027-01-04", cmd, "json")).unwrap();
        assert_eq!(json["deload"], false, "{json}");
        let text = day("2027-01-11", cmd, "table");
        assert!(
            text.lines()
                .next()
                .unwrap()
                .contains(" · Deepen · deload week · "),
            "{text}"
        );
        assert!(!day("2027-01-04", cmd, "table").contains("deload"));
        assert!(
            day("2027-01-11", cmd, "markdown")
                .starts_with("# 2027-01-11 Mon · week 6 · Deepen · deload · ")
        );
        let csv = day("2027-01-11", cmd, "csv");
        let (header, row) = csv.split_once('\n').unwrap();
        let col = header.split(',').position(|h| h == "deload").unwrap();
        assert_eq!(row.split(',').nth(col), Some("true"), "{csv}");
        assert!(day("2027-01-11", cmd, "ics").contains(" · deload"));
    }
    // A recovery day in a deload week says so too.
    let json: serde_json::Value =
        serde_json::from_str(&day("2027-01-12", "today", "json")).unwrap();
    assert_eq!(json["deload"], true, "{json}");
    assert!(
        day("2027-01-12", "today", "table")
            .starts_with("2027-01-12 Tue · week 6 · deload week · recovery day\n")
    );
}

#[test]
fn a_recovery_day_says_when_the_next_session_is() {
    let text = day("2026-12-08", "today", "table");
    assert!(
        text.ends_with("\nNext session: 2026-12-09 Wed, week 1\n"),
        "{text}"
    );
    assert!(
        day("2026-12-08", "today", "markdown")
            .ends_with("\nNext session: 2026-12-09 Wed, week 1\n")
    );
    let json: serde_json::Value =
        serde_json::from_str(&day("2026-12-13", "today", "json")).unwrap();
    assert_eq!(
        json["next_session"],
        serde_json::json!({"date": "2026-12-14", "weekday": "mon", "week": 2})
    );
    // The last day of the plan has none left.
    let (code, out, err) = run(&[
        "today",
        "--template",
        "knee-friendly",
        "--start",
        "2026-12-07",
        "--weeks",
        "1",
        "--today",
        "2026-12-13",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(json["next_session"].is_null(), "{json}");
    let (_, out, _) = run(&[
        "today",
        "--template",
        "knee-friendly",
        "--start",
        "2026-12-07",
        "--weeks",
        "1",
        "--today",
        "2026-12-13",
    ]);
    assert!(
        out.ends_with("\nNo session left: the plan ends on 2026-12-13\n"),
        "{out}"
    );
}

#[test]
fn a_misspelt_key_in_the_file_can_be_unset_and_template_paths_are_stored_absolute() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    fs::write(&cfg, "bodywieght = \"72kg\"\ndays = \"mon,thu\"\n").unwrap();
    // Every other change is refused while the file has a key vmo does not know...
    let (code, _, err) = vmo_at(&cfg, &["config", "set", "weeks", "3"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("unknown key `bodywieght`"), "{err}");
    // ...but the key itself can be removed, which fixes the file.
    let (code, _, err) = vmo_at(&cfg, &["config", "unset", "bodywieght"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(fs::read_to_string(&cfg).unwrap(), "days = \"mon,thu\"\n");

    let template = dir.path().join("mine.toml");
    let (_, toml, _) = run(&["templates", "show", "foundation"]);
    fs::write(&template, toml).unwrap();
    let out = common::vmo()
        .current_dir(dir.path())
        .args([
            "--config",
            cfg.to_str().unwrap(),
            "config",
            "set",
            "template",
            "mine.toml",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stored = fs::canonicalize(&template).unwrap();
    assert!(
        fs::read_to_string(&cfg)
            .unwrap()
            .contains(&format!("template = {:?}", stored.display().to_string())),
        "{}",
        fs::read_to_string(&cfg).unwrap()
    );
}
