//! Golden output of the renderers for a fixed start date.

mod common;

use common::run;

#[test]
fn table_for_a_fixed_start() {
    let (code, out, err) = run(&[
        "plan",
        "--template",
        "knee-friendly",
        "--weeks",
        "5",
        "--start",
        "2026-12-07",
    ]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(out);
}

#[test]
fn table_without_recovery_days() {
    let (code, out, err) = run(&[
        "plan",
        "--template",
        "athlete",
        "--weeks",
        "2",
        "--start",
        "2026-12-07",
        "--hide-recovery",
    ]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(out);
}

#[test]
fn check_lists_every_week_an_unsafe_template_is_held_back() {
    let (code, out, err) = run(&["check", "tests/fixtures/unsafe.toml", "--weeks", "10"]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        err,
        "vmo: error: tests/fixtures/unsafe.toml: 3 week(s) asked for more than the guards allow and were held back; 1 rule(s) a physiotherapist checks are broken over 10 weeks (listed above)\n"
    );
    assert!(
        out.contains(
            "week 2: +4 reps (10 → 14): knee load +40 % over week 1 (cap 10 %) → held back"
        )
    );
    assert!(out.contains("[deload_rhythm] deload.every_weeks = 4"));
    insta::assert_snapshot!(out);
}

#[test]
fn check_passes_the_builtins() {
    for t in ["knee-friendly", "foundation", "athlete"] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("{t}.toml"));
        let (code, src, err) = run(&["templates", "show", t]);
        assert_eq!(code, 0, "{err}");
        std::fs::write(&path, src).unwrap();
        let (code, out, err) = run(&["check", path.to_str().unwrap(), "--weeks", "52"]);
        assert_eq!(code, 0, "{t}: {out}{err}");
        assert!(out.contains("ok: "), "{t}: {out}");
    }
}

/// The built-in plans a clinician reviews, at 12 and 26 weeks (markdown without recovery
/// days: one heading and table a week, with notes, cues and the pain rule). A change to a
/// template or to the progression rules shows here week by week.
#[test]
fn builtin_plans_at_12_and_26_weeks() {
    for (template, extra) in [
        ("knee-friendly", &[][..]),
        ("foundation", &["--bodyweight", "72kg"][..]),
        (
            "athlete",
            &["--one-rep-max", "100kg", "--bodyweight", "80kg"][..],
        ),
    ] {
        for weeks in ["12", "26"] {
            let mut args = vec![
                "plan",
                "--template",
                template,
                "--weeks",
                weeks,
                "--start",
                "2026-12-07",
                "--format",
                "markdown",
                "--hide-recovery",
            ];
            args.extend_from_slice(extra);
            let (code, out, err) = run(&args);
            assert_eq!(code, 0, "{args:?}: {err}");
            insta::assert_snapshot!(format!("{template}_{weeks}_weeks"), out);
        }
    }
}

/// `vmo check` on templates that break, one each, the physio rules a template (not the
/// generator) answers for: the deload rhythm, effort against load, and the load jump into
/// a loaded phase — the one rule whose verdict depends on the person's bodyweight.
#[test]
fn check_names_the_week_the_rule_and_the_numbers() {
    let mut all = String::new();
    for (fixture, bodyweight) in [
        ("deload-rhythm", "40kg"),
        ("effort", "40kg"),
        ("load-jump", "40kg"),
        ("load-jump", "100kg"),
    ] {
        let path = format!("tests/fixtures/physio/{fixture}.toml");
        let args = [
            "check",
            &path,
            "--bodyweight",
            bodyweight,
            "--dumbbells",
            "8,10",
        ];
        let (code, out, err) = run(&args);
        let want = if bodyweight == "100kg" { 0 } else { 2 };
        assert_eq!(code, want, "{args:?}: {out}{err}");
        let errors: Vec<&str> = err.lines().filter(|l| !l.contains("note:")).collect();
        all.push_str(&format!(
            "$ vmo {}\n{out}{}\n\n",
            args.join(" "),
            errors.join("\n")
        ));
    }
    insta::assert_snapshot!(all);
}

/// The table as a terminal shows it at 60, 80, 100 and 140 columns (the width `COLUMNS` or
/// the terminal gives the renderer), without colour, for a first `vmo plan --weeks 6`: each
/// built-in, and the athlete with and without a bodyweight and 1RM.
#[test]
fn terminal_layout_at_60_80_100_and_140_columns() {
    use vmo::plan::{Athlete, Request};
    use vmo::render::{Style, table};
    for (name, template, loads) in [
        ("knee-friendly", "knee-friendly", false),
        ("foundation", "foundation", false),
        ("athlete", "athlete", false),
        ("athlete_80kg_1rm_100kg", "athlete", true),
    ] {
        let b = vmo::template::builtin(template).unwrap();
        let t = vmo::template::parse(b.name, b.source).unwrap();
        let athlete = Athlete {
            bodyweight_kg: loads.then_some(80.0),
            one_rep_max_kg: loads.then_some(100.0),
            ..Athlete::default()
        };
        let request = Request {
            weeks: 6,
            start: chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            days: None,
            athlete,
            unit: vmo::units::Unit::Kg,
            changes: Vec::new(),
            rides: Default::default(),
        };
        let plan = vmo::plan::generate(&t, &request).unwrap();
        let mut all = String::new();
        for width in [60, 80, 100, 140] {
            let style = Style {
                width: Some(width),
                ..Style::default()
            };
            all.push_str(&format!("{} {width} columns\n", "=".repeat(width - 11)));
            all.push_str(&table::render(&plan, style));
        }
        insta::assert_snapshot!(format!("terminal_{name}"), all);
    }
}

/// A person in pounds reads pounds and inches everywhere: the plain table (heel in inches,
/// also in the notes), markdown, CSV (with its `units` column) and `today`, with dumbbells
/// given per hand and the knee load in pounds.
#[test]
fn pounds_and_inches_in_every_format() {
    let lb = [
        "--units",
        "lb",
        "--start",
        "2026-12-07",
        "--bodyweight",
        "180lb",
        "--one-rep-max",
        "150lb",
    ];
    let mut all = String::new();
    for (cmd, extra) in [
        (
            "plan",
            &[
                "--template",
                "knee-friendly",
                "--weeks",
                "5",
                "--hide-recovery",
            ][..],
        ),
        (
            "plan",
            &[
                "--template",
                "athlete",
                "--variant",
                "dumbbells",
                "--weeks",
                "3",
                "--hide-recovery",
                "--format",
                "markdown",
            ][..],
        ),
        (
            "plan",
            &[
                "--template",
                "athlete",
                "--variant",
                "dumbbells",
                "--weeks",
                "2",
                "--format",
                "csv",
            ][..],
        ),
        (
            "today",
            &[
                "--template",
                "athlete",
                "--variant",
                "dumbbells",
                "--today",
                "2026-12-21",
            ][..],
        ),
    ] {
        let mut args = vec![cmd];
        args.extend_from_slice(extra);
        args.extend_from_slice(&lb);
        let (code, out, err) = run(&args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(
            !out.contains(" kg") && !out.contains(" cm"),
            "{args:?}\n{out}"
        );
        all.push_str(&format!("$ vmo {}\n{out}\n", args.join(" ")));
    }
    insta::assert_snapshot!(all);
}
