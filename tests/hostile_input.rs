//! Hostile input through the real binary (issue 18): notes, template text and names that
//! carry terminal escapes never reach the terminal raw (finding 7), CSV cells a
//! spreadsheet would run are neutralised and still import back exactly (finding 8), a
//! nested or huge calendar given to `--replaces` is an error, never a crash (finding 3),
//! and long values are cut in messages (finding 14).

mod common;

use std::path::Path;

use common::vmo;

/// A note with everything a terminal acts on: a title change (OSC 0), a clipboard write
/// (OSC 52), a screen clear (CSI 2J), a right-to-left override, a C1 CSI, and a newline
/// followed by what would look like a row of `vmo log list`.
const NOTE: &str = "a\u{1b}]0;title\u{7} b\u{1b}]52;c;aGVsbG8=\u{7} c\u{1b}[2J d\u{202e}e\u{9b}31m\n9   2026-11-24  done  FORGED";

/// Characters no terminal output may carry (the renderer's own newlines aside).
fn hidden(c: char) -> bool {
    c != '\n' && vmo::visible::is_hidden(c)
}

/// Runs vmo in `dir` (plan from Monday 2026-11-23, today Wednesday 2026-11-25, the log
/// at `dir/log.db`): (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    common::output_of(
        vmo()
            .current_dir(dir)
            .env("VMO_DB", dir.join("log.db"))
            .env("VMO_START", "2026-11-23")
            .args(args),
    )
}

/// Runs `args`, expects success, and checks that neither stream carries a hidden
/// character; returns stdout.
fn clean(dir: &Path, args: &[&str]) -> String {
    let (code, out, err) = run(dir, args);
    assert_eq!(code, 0, "{args:?}: {err}");
    for (name, text) in [("stdout", &out), ("stderr", &err)] {
        if let Some(c) = text.chars().find(|c| hidden(*c)) {
            panic!("{args:?}: {name} carries {c:?}:\n{text}");
        }
    }
    out
}

/// The note as the terminal shows it.
const SHOWN: &str = "a\\e]0;title\\u{7} b\\e]52;c;aGVsbG8=\\u{7} c\\e[2J d\\u{202e}e\\u{9b}31m\\n9   2026-11-24  done  FORGED";

/// A vmo log CSV with one entry for `date` carrying `note`.
fn csv_with_note(date: &str, note: &str) -> String {
    let quoted = note.replace('"', "\"\"");
    format!(
        "id,date,status,sets,reps,load_kg,rpe,pain_during,pain_morning,swelling,note,extra\n1,{date},done,2,\"10,10\",,,,,false,\"{quoted}\",false\n"
    )
}

#[test]
fn notes_with_terminal_escapes_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // One note logged with `vmo done`, one arriving by import (today's session).
    clean(d, &["done", "--date", "2026-11-23", "--note", NOTE]);
    std::fs::write(d.join("in.csv"), csv_with_note("2026-11-25", NOTE)).unwrap();
    clean(d, &["log", "import", "in.csv"]);

    let list = clean(d, &["log", "list"]);
    assert_eq!(list.lines().count(), 3, "a header and two rows:\n{list}");
    assert!(list.contains(SHOWN), "{list}");
    for id in ["1", "2"] {
        assert!(clean(d, &["log", "show", id]).contains(SHOWN));
    }
    for args in [
        &["plan", "--weeks", "2"][..],
        &["plan", "--weeks", "2", "--format", "markdown"],
        &["today"],
        &["today", "--format", "markdown"],
        &["next"],
        &["why", "2026-11-25"],
        &["why", "2026-11-23"],
        &["stats"],
        &["report"],
        &["log", "edit", "1", "--rpe", "7"],
        &["done", "--extra", "--date", "2026-11-24", "--note", NOTE],
    ] {
        let out = clean(d, args);
        // (`next` is the session after today's, which is logged: it carries no note.)
        if !["stats", "log", "done", "next"].contains(&args[0]) {
            assert!(
                out.contains("\\e]0;title"),
                "{args:?}: the note is not shown:\n{out}"
            );
        }
    }
    clean(d, &["log", "rm", "3"]);

    // Machine formats keep the exact note: JSON escapes its control characters (C0; the
    // rest is plain text to JSON), the CSV round-trips it.
    let (_, raw, _) = run(d, &["log", "export", "--format", "json"]);
    assert!(
        !raw.chars().any(|c| c < ' ' && c != '\n'),
        "JSON escapes control characters"
    );
    let json: serde_json::Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(json[0]["note"], NOTE);
    assert_eq!(json[1]["note"], NOTE);
    let (_, csv, _) = run(d, &["log", "export"]);
    std::fs::write(d.join("back.csv"), &csv).unwrap();
    let other = tempfile::tempdir().unwrap();
    clean(
        other.path(),
        &["log", "import", d.join("back.csv").to_str().unwrap()],
    );
    let (_, again, _) = run(other.path(), &["log", "export", "--format", "json"]);
    let again: serde_json::Value = serde_json::from_str(&again).unwrap();
    assert_eq!(again, json);
}

#[test]
fn template_text_and_names_with_escapes_are_shown_visibly() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("t.toml"),
        r#"name = "hostile\u001b]0;pwned\u0007"
description = "desc \u001b[2J"
days = ["mon", "wed", "fri"]

[[phases]]
name = "Base\u202e"
weeks = 1
sets = 2
reps = { start = 8, step = 1, max = 12 }
cues = ["cue \u001b]52;c;aGVsbG8=\u0007", "two\nlines"]

[[phases]]
name = "Next\u009b2J"
sets = 3
reps = { start = 8, step = 1, max = 12 }

[recovery]
guidance = ["walk\u001b[31m red"]
"#,
    )
    .unwrap();
    let client = "ann\u{202e}";
    for args in [
        &["plan", "-t", "t.toml", "--weeks", "2", "--client", client][..],
        &[
            "plan", "-t", "t.toml", "--format", "markdown", "--client", client,
        ],
        &["today", "-t", "t.toml", "--client", client],
        &[
            "today",
            "-t",
            "t.toml",
            "--today",
            "2026-11-24",
            "--client",
            client,
        ],
        &["next", "-t", "t.toml", "--today", "2026-11-28"],
        &["why", "-t", "t.toml", "2026-11-30"],
    ] {
        let out = clean(d, args);
        assert!(
            out.contains("\\e") || out.contains("\\u{"),
            "{args:?}: the escape is not shown:\n{out}"
        );
    }
    // `check` holds this template back (exit 2).
    let (code, out, err) = run(d, &["check", "t.toml", "--weeks", "6"]);
    assert_eq!(code, 2, "{err}");
    assert!(!out.chars().chain(err.chars()).any(hidden), "{out}{err}");
    // Errors echo values visibly too.
    let (code, _, err) = run(d, &["plan", "--dumbbells", "5,\u{1b}[2J\u{202e}"]);
    assert_eq!(code, 2);
    assert!(!err.chars().any(hidden), "{err:?}");
    let (code, _, err) = run(d, &["done", "--reps", "1\u{1b}]0;x\u{7}"]);
    assert_eq!(code, 2);
    assert!(!err.chars().any(hidden), "{err:?}");
}

/// Notes a spreadsheet would run (or that look like vmo's own escape), and ones it would not.
const FORMULAS: [&str; 12] = [
    "=cmd|' /C calc'!A0",
    "+1+2",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1",
    "\r=1",
    "'=already quoted",
    "''-2.5",
    "-2.5",
    "+3",
    "'hello",
    "fine = good",
];

/// What vmo's CSV writes for each of [`FORMULAS`].
const NEUTRALISED: [&str; 12] = [
    "'=cmd|' /C calc'!A0",
    "'+1+2",
    "'-2+3",
    "'@SUM(A1:A9)",
    "'\t=1",
    "'\r=1",
    "''=already quoted",
    "'''-2.5",
    "-2.5",
    "+3",
    "'hello",
    "fine = good",
];

#[test]
fn csv_cells_a_spreadsheet_would_run_are_neutralised_and_import_back_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Exact notes in, through JSON (which has no such rule).
    let rows: Vec<serde_json::Value> = FORMULAS
        .iter()
        .enumerate()
        .map(|(i, note)| {
            serde_json::json!({
                "id": i + 1, "date": format!("2026-10-{:02}", i + 1), "status": "done",
                "sets": 1, "reps": [10], "load_kg": null, "rpe": null, "pain_during": null,
                "pain_morning": null, "swelling": false, "note": note, "extra": false
            })
        })
        .collect();
    std::fs::write(d.join("in.json"), serde_json::to_string(&rows).unwrap()).unwrap();
    clean(d, &["log", "import", "in.json"]);

    let (code, csv, err) = run(d, &["log", "export"]);
    assert_eq!(code, 0, "{err}");
    let notes: Vec<String> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(|r| r.unwrap()[10].to_string())
        .collect();
    assert_eq!(notes, NEUTRALISED);

    // vmo's own import takes the prefix off again: the round trip is exact.
    std::fs::write(d.join("back.csv"), &csv).unwrap();
    let other = tempfile::tempdir().unwrap();
    clean(
        other.path(),
        &["log", "import", d.join("back.csv").to_str().unwrap()],
    );
    let (_, json, _) = run(other.path(), &["log", "export", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let back: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["note"].as_str().unwrap())
        .collect();
    assert_eq!(back, FORMULAS);
    // And exporting that again gives the same bytes.
    let (_, again, _) = run(other.path(), &["log", "export"]);
    assert_eq!(again, csv);
}

#[test]
fn plan_csv_neutralises_text_cells_and_keeps_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("t.toml"),
        r#"name = "=evil"
description = "-"
days = ["mon", "wed", "fri"]

[[phases]]
name = "=HYPERLINK(\"http://x\",\"y\")"
weeks = 1
sets = 2
reps = { start = 8, step = 1, max = 12 }
cues = ["-knees out", "+chest up"]

[recovery]
guidance = ["@walk"]
"#,
    )
    .unwrap();
    let out = clean(
        d,
        &[
            "plan",
            "-t",
            "t.toml",
            "--weeks",
            "1",
            "--format",
            "csv",
            "--include-recovery",
            "--client",
            "=1+2",
        ],
    );
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let head = r.headers().unwrap().clone();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 7);
    for row in &rows {
        assert_eq!(&row[col("client")], "'=1+2");
        assert_eq!(&row[col("phase")], "'=HYPERLINK(\"http://x\",\"y\")");
        for (i, cell) in row.iter().enumerate() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "column {} starts a formula: {cell:?}",
                &head[i]
            );
        }
        match &row[col("kind")] {
            "recovery" => assert_eq!(&row[col("notes")], "'@walk"),
            _ => {
                assert!(
                    row[col("cues")].ends_with("; -knees out; +chest up"),
                    "{row:?}"
                );
                assert_eq!(&row[col("heel_height_cm")], "7.5");
            }
        }
    }
}

/// A calendar of vmo's shape whose one event holds `depth` alarms nested in each other.
fn nested_alarms(depth: usize) -> String {
    let mut s = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//vmo//EN\r\nBEGIN:VEVENT\r\nUID:foundation-20261207-w1-s1@vmo\r\nDTSTART;VALUE=DATE:20261207\r\n",
    );
    s.push_str(&"BEGIN:VALARM\r\n".repeat(depth));
    s.push_str(&"END:VALARM\r\n".repeat(depth));
    s.push_str("END:VEVENT\r\nEND:VCALENDAR\r\n");
    s
}

#[test]
fn a_nested_or_huge_calendar_is_an_error_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut x = String::from("BEGIN:VCALENDAR\n");
    x.push_str(&"BEGIN:X\n".repeat(200_000));
    // Nesting that a count of BEGIN/END lines would miss: a value running to the next
    // CRLF over LF-ended lines, and a parameter whose quote closes lines later, each
    // swallowing the END that would close the component.
    let crlf = format!(
        "BEGIN:VCALENDAR\r\n{}END:VCALENDAR\r\n",
        "BEGIN:X\nP:v\nEND:X\r\n".repeat(100_000)
    );
    let quote = format!(
        "BEGIN:VCALENDAR\n{}END:VCALENDAR\n",
        "BEGIN:X\nA;P=\"\nEND:X\n\":v\n".repeat(100_000)
    );
    let files = [
        ("alarms.ics", nested_alarms(20_000)),
        ("x.ics", x),
        ("nine.ics", nested_alarms(7)),
        ("crlf.ics", crlf),
        ("quote.ics", quote),
    ];
    for (name, text) in &files {
        std::fs::write(d.join(name), text).unwrap();
    }
    let mut big = nested_alarms(1).into_bytes();
    big.resize(16 * 1024 * 1024 + 1, b'\n');
    std::fs::write(d.join("big.ics"), big).unwrap();
    let plan = |file: &str| {
        run(
            d,
            &[
                "plan",
                "--format",
                "ics",
                "--start",
                "2026-12-07",
                "--replaces",
                file,
            ],
        )
    };
    for (file, want) in [
        (
            "alarms.ics",
            "alarms.ics: components are nested more than 8 deep (a calendar needs 3: VCALENDAR, VEVENT, VALARM); not a calendar vmo reads",
        ),
        ("x.ics", "x.ics: components are nested more than 8 deep"),
        (
            "nine.ics",
            "nine.ics: components are nested more than 8 deep",
        ),
        (
            "crlf.ics",
            "crlf.ics: none of its 0 events is one of this plan's",
        ),
        (
            "quote.ics",
            "quote.ics: not an iCalendar file the parser can read",
        ),
        (
            "big.ics",
            "big.ics: larger than the limit of 16777216 bytes (16 MiB)",
        ),
        (
            "/dev/zero",
            "/dev/zero: larger than the limit of 16777216 bytes (16 MiB)",
        ),
    ] {
        let (code, out, err) = plan(file);
        assert_eq!(code, 2, "{file}: {err}");
        assert!(out.is_empty());
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with("vmo: error: --replaces ") && err.contains(want),
            "{file}: {err}"
        );
    }
    // Nesting up to the limit is read as before.
    std::fs::write(d.join("six.ics"), nested_alarms(6)).unwrap();
    let (code, _, err) = plan("six.ics");
    assert_eq!(code, 0, "{err}");
}

/// A stderr that says something about `what` in a line or two, never the whole value.
fn assert_short(what: &str, code: i32, err: &str) {
    assert_eq!(code, 2, "{what}: {err:.300}");
    assert!(
        err.len() < 600 && err.contains('…'),
        "{what}: {} bytes of stderr: {err:.600}",
        err.len()
    );
}

#[test]
fn long_values_are_cut_in_messages() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let long = "x1".repeat(30_000);
    let sets = vec!["12"; 10_000].join(",");
    let (code, _, err) = run(d, &["done", "--reps", &sets]);
    assert_short("--reps", code, &err);
    let one_set = "1".repeat(60_000);
    let (code, _, err) = run(d, &["done", "--reps", &one_set]);
    assert_short("--reps one set", code, &err);
    for flag in [
        "--weeks",
        "--start",
        "--days",
        "--bodyweight",
        "--units",
        "--one-rep-max",
        "--test",
        "--variant",
        "--dumbbells",
        "--bar",
        "--plates",
        "--vest",
        "--at",
        "--duration",
        "--tz",
        "--remind",
        "--client",
        "--bodyweight-ratio",
        "--template",
    ] {
        let (code, _, err) = run(d, &["plan", "--format", "ics", flag, &long]);
        assert_short(flag, code, &err);
    }
    for flag in ["--reps", "--sets", "--load", "--rpe", "--pain"] {
        let (code, _, err) = run(d, &["done", flag, &long]);
        assert_short(flag, code, &err);
    }
    for key in [
        "template",
        "start",
        "days",
        "units",
        "bodyweight",
        "one_rep_max",
        "test",
        "variant",
        "dumbbells",
        "bar",
        "plates",
        "vest",
        "at",
        "tz",
        "duration",
        "remind",
        "client",
    ] {
        std::fs::write(d.join("p.toml"), format!("{key} = \"{long}\"\n")).unwrap();
        // Without the VMO_START of `run`, which would stand in for the profile's start.
        let out = vmo()
            .current_dir(d)
            .args(["--config", "p.toml", "plan", "--format", "ics"])
            .output()
            .unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_short(key, out.status.code().unwrap_or(-1), &err);
    }
}

/// Bidi marks, line and paragraph separators and invisible format characters: a terminal
/// shows none of them, so they reorder or hide what a line says (issue 18, the open
/// findings: they passed raw).
const SNEAKY: &str = "left\u{200e}right\u{200f} line\u{2028}para\u{2029} alm\u{61c} bom\u{feff} zw\u{200b} iso\u{2067}x\u{2069}";

/// [`SNEAKY`] as the terminal shows it.
const SNEAKY_SHOWN: &str = "left\\u{200e}right\\u{200f} line\\u{2028}para\\u{2029} alm\\u{61c} bom\\u{feff} zw\\u{200b} iso\\u{2067}x\\u{2069}";

#[test]
fn bidi_marks_separators_and_format_characters_are_shown_visibly() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let done = clean(d, &["done", "--date", "2026-11-23", "--note", SNEAKY]);
    assert!(done.is_empty());
    let (_, _, err) = run(
        d,
        &[
            "done",
            "--extra",
            "--date",
            "2026-11-24",
            "--swelling",
            "--note",
            SNEAKY,
        ],
    );
    assert!(err.contains(SNEAKY_SHOWN), "{err}");
    clean(d, &["cleared", "--date", "2026-11-24", "--note", SNEAKY]);
    let list = clean(d, &["log", "list"]);
    assert_eq!(
        list.matches(SNEAKY_SHOWN).count(),
        3,
        "both entries and the clearance:\n{list}"
    );
    assert!(clean(d, &["log", "show", "1"]).contains(SNEAKY_SHOWN));
    for args in [
        &["plan", "--weeks", "2"][..],
        &["plan", "--weeks", "2", "--format", "markdown"],
        &["today"],
        &["why", "2026-11-23"],
        &["stats"],
        &["report"],
        &["log", "edit", "1", "--rpe", "7"],
    ] {
        clean(d, args);
    }
    // Template text too.
    let (_, template, _) = run(d, &["templates", "show", "foundation"]);
    let sneaky_template = template.replacen(
        "description = \"",
        &format!(
            "description = \"{}",
            SNEAKY.replace(['\u{2028}', '\u{2029}'], "")
        ),
        1,
    );
    std::fs::write(d.join("t.toml"), sneaky_template).unwrap();
    let out = clean(
        d,
        &[
            "plan",
            "--weeks",
            "1",
            "--template",
            "t.toml",
            "--format",
            "markdown",
        ],
    );
    // (Markdown doubles the backslash.)
    assert!(out.contains("u{200e}right"), "{out}");
    // An error quoting a value shows them as well.
    let (code, _, err) = run(d, &["plan", "--days", &format!("mon,{SNEAKY}")]);
    assert_eq!(code, 2, "{err}");
    assert!(!err.chars().any(hidden), "{err}");
    // Machine formats keep the exact text.
    let (_, raw, _) = run(d, &["log", "export", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(json[0]["note"], SNEAKY);
}

/// A long value in a one-line error: said once, cut (one `…`), in a short message.
fn assert_echoed_once(what: &str, code: i32, err: &str) {
    assert_eq!(code, 2, "{what}: {err:.300}");
    let first = err.lines().next().unwrap_or_default();
    assert!(
        err.len() < 600 && first.matches('…').count() == 1,
        "{what}: {} bytes of stderr, the value said {} times: {err:.600}",
        err.len(),
        first.matches('…').count()
    );
}

#[test]
fn long_values_are_said_once_and_cut_in_every_message() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    run(d, &["done", "--date", "2026-11-23"]);
    let digits = "9".repeat(60_000);
    let word = "x1".repeat(30_000);
    let sets = vec!["12"; 10_000].join(",");
    for long in [&digits, &word] {
        for flag in ["--reps", "--sets", "--load", "--rpe", "--pain"] {
            let (code, _, err) = run(d, &["done", flag, long]);
            assert_echoed_once(flag, code, &err);
            let (code, _, err) = run(d, &["log", "edit", "1", flag, long]);
            assert_echoed_once(flag, code, &err);
        }
        let (code, _, err) = run(d, &["log", "edit", "1", "--morning", long]);
        assert_echoed_once("--morning", code, &err);
        for flag in [
            "--weeks",
            "--start",
            "--days",
            "--bodyweight",
            "--units",
            "--one-rep-max",
            "--test",
            "--dumbbells",
            "--bar",
            "--plates",
            "--vest",
            "--at",
            "--duration",
            "--tz",
            "--remind",
            "--bodyweight-ratio",
        ] {
            let (code, _, err) = run(d, &["plan", "--format", "ics", flag, long]);
            assert_echoed_once(flag, code, &err);
        }
        for key in [
            "weeks",
            "start",
            "days",
            "units",
            "bodyweight",
            "bodyweight_ratio",
            "one_rep_max",
            "test",
            "dumbbells",
            "bar",
            "plates",
            "vest",
            "at",
            "tz",
            "duration",
            "remind",
        ] {
            let p = d.join("set.toml");
            let _ = std::fs::remove_file(&p);
            let (code, _, err) = run(
                d,
                &["--config", p.to_str().unwrap(), "config", "set", key, long],
            );
            assert_echoed_once(&format!("config set {key}"), code, &err);
            // The same value in the profile.
            std::fs::write(d.join("p.toml"), format!("{key} = \"{long}\"\n")).unwrap();
            // Without the VMO_START of `run`, which would stand in for the profile's start.
            let (code, _, err) = common::output_of(
                vmo()
                    .current_dir(d)
                    .args(["--config", "p.toml", "plan", "--format", "ics"]),
            );
            assert_echoed_once(&format!("profile {key}"), code, &err);
        }
        // An unknown key, set or found in the profile.
        let (code, _, err) = run(d, &["--config", "q.toml", "config", "set", long, "3"]);
        assert_echoed_once("config set unknown key", code, &err);
        let (code, _, err) = run(d, &["--config", "q.toml", "config", "unset", long]);
        assert_echoed_once("config unset unknown key", code, &err);
        std::fs::write(d.join("k.toml"), format!("{long} = 3\n")).unwrap();
        let (code, _, err) = run(d, &["--config", "k.toml", "plan"]);
        assert_echoed_once("profile unknown key", code, &err);
    }
    // 10,000 sets: cut, said once.
    let (code, _, err) = run(d, &["log", "edit", "1", "--reps", &sets]);
    assert_echoed_once("--reps 10,000 sets", code, &err);
}

#[test]
fn two_hundred_sets_are_summed_up_not_listed_in_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    run(d, &["done", "--date", "2026-11-23"]);
    let (code, _, err) = run(d, &["log", "edit", "1", "--sets", "200x200"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.len() < 300, "{} bytes: {err:.300}", err.len());
    assert!(err.contains("200 sets"), "{err}");
    let (code, _, err) = run(
        d,
        &[
            "done",
            "--extra",
            "--date",
            "2026-11-24",
            "--sets",
            "200x200",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let first = err.lines().next().unwrap();
    assert!(first.len() < 300, "{first}");
}
