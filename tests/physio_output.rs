//! What a physiotherapist checks in the output (DESIGN §6), run as a user would: the pain
//! rule and red flags with every session of a template that shows them, and the depth in
//! words next to the degrees.

mod common;

use common::run;
use serde_json::Value;

const START: &str = "2026-12-07";

/// Runs vmo, asserting success and that nothing but notes and warnings went to stderr.
fn ok(args: &[&str]) -> String {
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    for l in err.lines() {
        assert!(
            l.starts_with("vmo: note: ") || l.starts_with("vmo: warning: "),
            "{args:?}: unexpected stderr line {l:?}"
        );
    }
    assert!(!out.contains("vmo: note:"), "{args:?}: a note on stdout");
    out
}

fn plan(template: &str, format: &str) -> String {
    ok(&[
        "plan",
        "--template",
        template,
        "--weeks",
        "2",
        "--start",
        START,
        "--format",
        format,
    ])
}

fn today(template: &str, format: &str) -> String {
    ok(&[
        "today",
        "--template",
        template,
        "--today",
        START,
        "--start",
        START,
        "--format",
        format,
    ])
}

/// The three rules and the red flags of a built-in plan, from its JSON.
fn pain_texts(template: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(&plan(template, "json")).unwrap();
    let pain = &v["pain"];
    let rules: Vec<String> = pain["rules"]
        .as_array()
        .unwrap_or_else(|| panic!("{template}: no pain rule: {pain}"))
        .iter()
        .map(|r| r.as_str().unwrap().to_string())
        .collect();
    assert_eq!(rules.len(), 3, "during, after, next morning: {pain}");
    assert!(rules[0].contains("2/10"), "{}", rules[0]);
    assert!(rules[2].contains("next morning"), "{}", rules[2]);
    let flags = pain["red_flags"].as_str().unwrap().to_string();
    assert!(flags.starts_with("Red flags: "), "{flags}");
    // Every red flag the log knows, and the pain level, in the person's words.
    for any in [
        &["swell"][..],
        &["lock"],
        &["gives way", "giving way"],
        &["night"],
        &["8/10"],
    ] {
        assert!(
            any.iter().any(|w| flags.contains(w)),
            "{template}: {any:?} not in {flags}"
        );
    }
    assert!(flags.contains("clinician"), "{flags}");
    assert_eq!(pain["red_flag_pain"], 8.0, "{pain}");
    rules.into_iter().chain([flags]).collect()
}

/// The DESCRIPTION of every session event, read back by the `icalendar` crate.
fn session_descriptions(raw: &str) -> Vec<String> {
    use icalendar::Component as _;
    let cal: icalendar::Calendar = raw.parse().expect("icalendar parses it");
    cal.components
        .iter()
        .filter_map(|c| c.as_event())
        .filter(|e| e.get_summary().unwrap().starts_with("Cyclist squats"))
        .map(|e| e.get_description().unwrap().to_string())
        .collect()
}

#[test]
fn every_builtin_shows_its_pain_rule_in_every_format() {
    for template in ["foundation", "knee-friendly", "athlete"] {
        shows_the_pain_rule_in_every_format(template);
    }
}

#[test]
fn each_builtin_words_the_pain_rule_for_its_user() {
    let [foundation, knee, athlete] = ["foundation", "knee-friendly", "athlete"].map(pain_texts);
    for (i, (f, (k, a))) in foundation.iter().zip(knee.iter().zip(&athlete)).enumerate() {
        assert!(
            f != k && k != a && f != a,
            "line {i} is the same: {f} / {k} / {a}"
        );
    }
    // A lifter reads it at a glance: the athlete's lines are the shortest.
    let len = |t: &[String]| t.iter().map(|l| l.chars().count()).sum::<usize>();
    assert!(len(&athlete) < len(&foundation) && len(&athlete) < len(&knee));
}

fn shows_the_pain_rule_in_every_format(template: &str) {
    let texts = pain_texts(template);
    let days = match template {
        "athlete" => 2,
        _ => 3,
    };
    let weeks = 2;
    for format in ["table", "markdown"] {
        let out = plan(template, format);
        for t in &texts {
            assert_eq!(
                out.matches(t.as_str()).count(),
                weeks,
                "{template} {format}: {t}\n{out}"
            );
        }
    }
    let descriptions = session_descriptions(&plan(template, "ics"));
    assert_eq!(descriptions.len(), weeks * days);
    for d in &descriptions {
        for t in &texts {
            assert!(d.contains(t.as_str()), "{template} ics: {t} not in {d}");
        }
    }

    let text = today(template, "table");
    for t in &texts {
        assert_eq!(text.matches(t.as_str()).count(), 1, "today: {t}\n{text}");
    }
    let day: Value = serde_json::from_str(&today(template, "json")).unwrap();
    assert_eq!(day["slot"], 1);
    let plan_json: Value = serde_json::from_str(&plan(template, "json")).unwrap();
    assert_eq!(day["pain"], plan_json["pain"]);
    let next: Value = serde_json::from_str(&ok(&[
        "next",
        "--template",
        template,
        "--today",
        "2026-12-08",
        "--start",
        START,
        "--format",
        "json",
    ]))
    .unwrap();
    let next_day = match template {
        "athlete" => "2026-12-10",
        _ => "2026-12-09",
    };
    assert_eq!(next["date"], next_day);
    assert_eq!(next["pain"], plan_json["pain"]);
    let md = today(template, "markdown");
    for t in &texts {
        assert_eq!(
            md.matches(t.as_str()).count(),
            1,
            "today markdown: {t}\n{md}"
        );
    }
}

#[test]
fn a_template_can_leave_the_pain_rule_out() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quiet.toml");
    let source = include_str!("../plans/foundation.toml").replace("show = true", "show = false");
    assert!(source.contains("show = false"));
    std::fs::write(&path, source).unwrap();
    let path = path.to_str().unwrap();
    for format in ["table", "markdown", "ics", "csv"] {
        for out in [plan(path, format), today(path, format)] {
            assert!(!out.contains("Pain rule"), "{format}: {out}");
            assert!(!out.contains("Red flags"), "{format}: {out}");
        }
    }
    let v: Value = serde_json::from_str(&plan(path, "json")).unwrap();
    assert!(v["pain"].is_null());
    let day: Value = serde_json::from_str(&today(path, "json")).unwrap();
    assert!(day.as_object().unwrap().contains_key("pain"));
    assert!(day["pain"].is_null());
}

#[test]
fn depth_is_given_in_words_next_to_the_degrees() {
    let v: Value = serde_json::from_str(&plan("knee-friendly", "json")).unwrap();
    let p = &v["weeks"][0]["sessions"][0]["prescription"];
    let shown = format!(
        "{}° ({})",
        p["depth_deg"].as_f64().unwrap(),
        p["depth_words"].as_str().unwrap()
    );
    assert_eq!(shown, "45° (quarter squat)");
    assert!(plan("knee-friendly", "table").contains(&format!("  {shown}  ")));
    assert!(plan("knee-friendly", "markdown").contains(&format!("| {shown} |")));
    assert!(today("knee-friendly", "table").contains(&format!(" · depth {shown} · ")));
    for d in session_descriptions(&plan("knee-friendly", "ics")) {
        assert!(d.contains("\nDepth: ") && d.contains("° ("), "{d}");
    }
    let csv = plan("knee-friendly", "csv");
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header = r.headers().unwrap().clone();
    let words = header.iter().position(|h| h == "depth_words").unwrap();
    let row = r.records().next().unwrap().unwrap();
    assert_eq!(&row[words], "quarter squat");
}

#[test]
fn no_heel_cue_without_a_heel_block() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("flat.toml");
    std::fs::write(
        &path,
        include_str!("../plans/knee-friendly.toml").replacen(
            "heel_height_cm = 3",
            "heel_height_cm = 0",
            1,
        ),
    )
    .unwrap();
    let v: Value = serde_json::from_str(&plan(path.to_str().unwrap(), "json")).unwrap();
    let first = &v["weeks"][0]["sessions"][0]["prescription"];
    assert_eq!(first["heel_height_cm"], 0.0);
    for cue in first["cues"].as_array().unwrap() {
        let cue = cue.as_str().unwrap().to_lowercase();
        assert!(!cue.contains("heel"), "{cue}");
    }
    assert!(
        first["cues"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "Feet close together and parallel"),
        "{first}"
    );
}

/// At 0 cm a cue loses its heel clause wherever lowercasing changes a letter's length (the
/// Kelvin sign K, ẞ, İ): it once panicked ("byte index 1 is not a char boundary") or cut
/// the cue in the wrong place. Found by the `ics_text` fuzz target's heel seeds.
#[test]
fn heel_clauses_go_whatever_the_letters() {
    let cues: Vec<String> = [
        "\u{212A}nees soft with heels on a block",
        "\u{212A} with heels on a block",
        "FÜẞE ZUSAMMEN, heels raised on the block",
        "İİ stance with heels on plates or a wedge",
        "Feet parallel, heels on a low block",
    ]
    .map(String::from)
    .to_vec();
    let got = vmo::plan::knee::cues(90.0, 0.0, &cues);
    assert_eq!(
        got[1..],
        [
            "\u{212A}nees soft",
            "\u{212A}",
            "FÜẞE ZUSAMMEN",
            "İİ stance",
            "Feet parallel"
        ]
    );
    // With a heel block every cue stays as written.
    assert_eq!(vmo::plan::knee::cues(90.0, 7.5, &cues)[1..], cues[..]);
    // What comes before " with heels" goes too when it is itself about the block (found
    // by the ics_text fuzz target, seed heel-block-before-with-heel).
    let cues = [
        "Heel block under both feet with heels together",
        "Heelblock with heel",
        "Stand on the heel block with heels together",
    ]
    .map(String::from)
    .to_vec();
    assert_eq!(vmo::plan::knee::cues(90.0, 0.0, &cues)[1..], ["Stand"]);
}
