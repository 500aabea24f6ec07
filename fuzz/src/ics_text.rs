//! Free text from the fuzzer in every text field of a small valid template (name,
//! description, phase names, cues, light-session note, recovery guidance), quoted into
//! TOML, parsed, planned and rendered. Checks that the text survives TOML, that the ICS
//! is well-formed RFC 5545 (≤ 75-octet CRLF lines, folds between characters, valid TEXT
//! escapes, DTEND after DTSTART) and that unfolding + unescaping gives the text back, and
//! that JSON, CSV and markdown carry it intact.
//!
//! Input: one flag byte, then fields separated by 0xFF (never in UTF-8): name,
//! description, phase 1 name, phase 2 name, light-session note, phase 1 cues, phase 2
//! cues, guidance; list entries are separated by 0xFE. Invalid UTF-8 is replaced (U+FFFD).

use std::fmt::Write;

use crate::{
    check_csv, check_ics, check_json, check_markdown, expected_ics_text, ics_text_value, prop,
};
use chrono::{NaiveDate, NaiveTime};
use vmo::plan::{Athlete, Request, SessionKind};
use vmo::render::ics::IcsOptions;

/// Makes `s` pass the template's text rule: not blank, at most `max` characters.
fn fit(s: &str, max: usize) -> String {
    let s: String = s.chars().take(max).collect();
    if s.trim().is_empty() {
        format!("x{}", s.chars().take(max - 1).collect::<String>())
    } else {
        s
    }
}

/// A TOML basic string, escaping what TOML requires.
fn basic(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn quote(s: &str, serde: bool) -> String {
    if serde {
        toml::Value::String(s.to_string()).to_string()
    } else {
        basic(s)
    }
}

fn list(items: &[String], serde: bool) -> String {
    let q: Vec<String> = items.iter().map(|s| quote(s, serde)).collect();
    format!("[{}]", q.join(", "))
}

struct Texts {
    name: String,
    description: String,
    phase1: String,
    phase2: String,
    note: String,
    cues1: Vec<String>,
    cues2: Vec<String>,
    guidance: Vec<String>,
}

fn texts(data: &[u8]) -> Texts {
    let mut fields = data.split(|b| *b == 0xFF);
    let mut next = || fields.next().unwrap_or(b"");
    let one = |b: &[u8], max: usize| fit(&String::from_utf8_lossy(b), max);
    // List entries are split on 0xFE before the lossy conversion.
    let entries = |b: &[u8], n: usize| -> Vec<String> {
        if b.is_empty() {
            return Vec::new();
        }
        b.split(|x| *x == 0xFE)
            .take(n)
            .map(|e| fit(&String::from_utf8_lossy(e), 200))
            .collect()
    };
    Texts {
        name: one(next(), 40),
        description: one(next(), 120),
        phase1: one(next(), 40),
        phase2: one(next(), 40),
        note: one(next(), 200),
        cues1: entries(next(), 12),
        cues2: entries(next(), 12),
        guidance: entries(next(), 20),
    }
}

/// True when a cue speaks of the heels (ASCII letters in any case, as vmo reads them).
fn mentions_heel(c: &str) -> bool {
    c.to_ascii_lowercase().contains("heel")
}

/// The clauses of a cue (vmo's cues separate them with ", ").
fn clauses(c: &str) -> Vec<&str> {
    c.split(", ").collect()
}

/// `clause` with its first letter as a capital (how a shortened cue starts).
fn capitalised(clause: &str) -> String {
    let mut chars = clause.chars();
    chars
        .next()
        .map(|f| f.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The promise for a session at 0 cm (CHANGELOG, `knee::cues`): the phase's cues in order,
/// each kept word for word unless it speaks of the heels; one that does may be dropped or
/// shortened to some of its clauses (each clause whole or cut short, the first letter made
/// a capital), and no cue left talks of a heel block.
fn heel_free_cues(phase: &[String], got: &[String]) -> Result<(), String> {
    for g in got {
        if let Some(k) = clauses(g).into_iter().find(|k| {
            let k = k.to_ascii_lowercase();
            k.contains("heel") && k.contains("block")
        }) {
            return Err(format!("{g:?} still speaks of a heel block ({k:?})"));
        }
    }
    if derives(phase, got) {
        Ok(())
    } else {
        Err("not the phase's cues with heel clauses dropped or cut".to_string())
    }
}

/// True when `got` can come from `phase` as [`heel_free_cues`] allows, trying both ways a
/// heel cue may go (dropped, or kept or cut) so a cut cue that reads like a later one
/// ("Fine" from "Fine wyth heels on a block", then "Fine") is matched right.
fn derives(phase: &[String], got: &[String]) -> bool {
    let Some((c, rest)) = phase.split_first() else {
        return got.is_empty();
    };
    if !mentions_heel(c) {
        return got.first() == Some(c) && derives(rest, &got[1..]);
    }
    let kept_or_cut = |g: &String| {
        g == c
            || (!g.is_empty()
                && clauses(g).iter().all(|k| {
                    clauses(c)
                        .iter()
                        .any(|f| f.starts_with(k) || capitalised(f).starts_with(k))
                }))
    };
    derives(rest, got) || (got.first().is_some_and(kept_or_cut) && derives(rest, &got[1..]))
}

/// The `ics_text` target's check (see the module docs); panics on a broken promise.
pub fn check_ics_text(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let t = texts(rest);
    let light = flags & 0x01 != 0;
    let loaded = flags & 0x02 != 0;
    let bodyweight = flags & 0x04 != 0;
    let serde = flags & 0x08 != 0;
    // 1–5 weeks: both phases, a deload (week 4) and the week after it.
    let weeks = 1 + u32::from((flags >> 4) & 0x07) % 5;
    let timed = flags & 0x80 != 0;

    let mut src = String::new();
    let _ = writeln!(src, "name = {}", quote(&t.name, serde));
    let _ = writeln!(src, "description = {}", quote(&t.description, serde));
    let _ = writeln!(
        src,
        "days = {}",
        if light {
            r#"["mon", "tue", "thu"]"#
        } else {
            r#"["mon", "wed", "fri"]"#
        }
    );
    let _ = writeln!(
        src,
        "\n[[phases]]\nname = {}\nweeks = 1",
        quote(&t.phase1, serde)
    );
    let _ = writeln!(src, "sets = 2\nreps = {{ start = 8, step = 1, max = 12 }}");
    let _ = writeln!(src, "cues = {}", list(&t.cues1, serde));
    let _ = writeln!(src, "\n[[phases]]\nname = {}", quote(&t.phase2, serde));
    if loaded {
        let _ = writeln!(
            src,
            "variant = \"goblet\"\nload = {{ bodyweight_ratio = 0.1, step = 0.025, max = 0.3 }}"
        );
    }
    // Phase 2 has no heel block: its cues lose their heel clauses (phase 1 keeps them).
    let _ = writeln!(
        src,
        "sets = 3\nreps = {{ start = 8, step = 1, max = 12 }}\nheel_height_cm = 0"
    );
    let _ = writeln!(src, "cues = {}", list(&t.cues2, serde));
    let _ = writeln!(src, "\n[recovery]\nguidance = {}", list(&t.guidance, serde));
    if light {
        let _ = writeln!(
            src,
            "\n[light_session]\nsets = 2\nreps = 8\nnote = {}",
            quote(&t.note, serde)
        );
    }

    let template = match vmo::template::parse("ics_text.toml", &src) {
        Ok(t) => t,
        Err(e) => panic!("a valid template was refused: {e}\n--- source ---\n{src}"),
    };
    // The text survives TOML quoting exactly.
    assert_eq!(template.name, t.name);
    assert_eq!(template.description, t.description);
    assert_eq!(template.phases[0].name, t.phase1);
    assert_eq!(template.phases[1].name, t.phase2);
    assert_eq!(template.phases[0].cues, t.cues1);
    assert_eq!(template.phases[1].cues, t.cues2);
    assert_eq!(template.recovery.guidance, t.guidance);
    if light {
        assert_eq!(
            template.light_session.as_ref().unwrap().note.as_deref(),
            Some(t.note.as_str())
        );
    }

    let request = Request {
        weeks,
        start: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        days: None,
        athlete: Athlete {
            bodyweight_kg: bodyweight.then_some(72.0),
            ..Athlete::default()
        },
        unit: vmo::units::Unit::Kg,
        changes: Vec::new(),
        rides: Default::default(),
    };
    let plan = vmo::plan::generate(&template, &request).expect("a small valid template plans");
    crate::check_plan(&plan, &template, &request);

    // ---- ICS ----
    let opts = IcsOptions {
        at: timed.then(|| NaiveTime::from_hms_opt(7, 0, 0).unwrap()),
        duration_minutes: None,
        tz: timed.then_some(chrono_tz::Europe::Berlin),
        remind_minutes: timed.then_some(15),
        include_recovery: true,
        dtstamp: crate::dtstamp(),
        // The fuzzed name goes into the UID through `plan_id`'s safe form and hash.
        plan_id: vmo::render::ics::plan_id(
            vmo::render::ics::TemplateId::User(&template.name),
            request.start,
            None,
        ),
    };
    let ics = vmo::render::ics::render(&plan, &opts);
    let (lines, events) = check_ics(&ics, &plan, &opts);
    let text = |e: &crate::Event, name: &str| -> String {
        let l = prop(e, name).unwrap_or_else(|| panic!("event without {name}"));
        ics_text_value(&l.value).unwrap()
    };
    let cal_name = format!("vmo · {}", expected_ics_text(&t.name));
    for l in lines
        .iter()
        .filter(|l| l.name == "X-WR-CALNAME" || l.name == "NAME")
    {
        assert_eq!(
            ics_text_value(&l.value).unwrap(),
            cal_name,
            "{} round trip",
            l.name
        );
    }
    let guidance: Vec<String> = if t.guidance.is_empty() {
        vmo::plan::DEFAULT_GUIDANCE
            .iter()
            .map(|g| g.to_string())
            .collect()
    } else {
        t.guidance.clone()
    };
    for e in &events {
        let uid = &prop(e, "UID").unwrap().value;
        let desc = text(e, "DESCRIPTION");
        let _ = text(e, "SUMMARY");
        let id = uid.rsplit_once("-w").expect("UID has -w{week}").1;
        let (week, rest) = id.split_once('-').expect("UID week part");
        let week: usize = week.parse().expect("UID week number");
        let w = &plan.weeks[week - 1];
        if let Some(slot) = rest.strip_prefix('s') {
            let slot: usize = slot.trim_end_matches("@vmo").parse().expect("UID slot");
            let s = &w.sessions[slot - 1];
            assert!(
                s.phase == t.phase1 || s.phase == t.phase2,
                "session phase {:?}",
                s.phase
            );
            let want = format!("Phase: {} (week {week}", expected_ics_text(&s.phase));
            assert!(
                desc.starts_with(&want),
                "DESCRIPTION {desc:?} does not start with {want:?}"
            );
            let p = &s.prescription;
            let cues = &p.cues;
            if s.kind == SessionKind::Light {
                assert_eq!(
                    s.purpose.as_ref(),
                    Some(&t.note),
                    "a light session's purpose is the note"
                );
                // Escaped as part of the whole DESCRIPTION: a note ending in CR and the
                // line break after it make one line break.
                let want = expected_ics_text(&format!("\nPurpose: {}\n", t.note));
                assert!(desc.contains(&want), "DESCRIPTION {desc:?} lacks {want:?}");
            }
            // The depth cue, then the phase's cues (src/plan/knee.rs `cues`).
            let depth = cues.first().expect("every session has the depth cue");
            assert_eq!(
                depth,
                &vmo::plan::knee::depth_cue(p.depth_deg, p.heel_height_cm),
                "the first cue is the depth cue"
            );
            assert!(
                depth.starts_with(&format!("Depth {:.0}° ({}): ", p.depth_deg, p.depth_words)),
                "the depth cue {depth:?} does not give the depth and its words"
            );
            let fits = |phase: &[String]| {
                if p.heel_height_cm > 0.0 {
                    (cues[1..] == *phase).then_some(()).ok_or_else(|| {
                        "not the phase's cues verbatim (heel above 0 cm)".to_string()
                    })
                } else {
                    heel_free_cues(phase, &cues[1..])
                }
            };
            if let (Err(a), Err(b)) = (fits(&t.cues1), fits(&t.cues2)) {
                panic!(
                    "session cues are not the depth cue and a phase's cues at {} cm: {a}; {b}\n{cues:#?}",
                    p.heel_height_cm
                );
            }
            for c in cues {
                let want = format!("\n- {}", expected_ics_text(c));
                assert!(
                    desc.contains(&want),
                    "DESCRIPTION {desc:?} lacks cue {want:?}"
                );
            }
        } else {
            assert!(rest.starts_with('r'), "recovery UID {uid}");
            assert!(
                guidance.iter().any(|g| desc == expected_ics_text(g)),
                "recovery DESCRIPTION {desc:?} is not one of the guidance texts"
            );
        }
    }

    // ---- JSON: text verbatim ----
    let v = check_json(&vmo::render::json::render(&plan), &plan);
    assert_eq!(v["description"].as_str(), Some(t.description.as_str()));
    for (i, w) in plan.weeks.iter().enumerate() {
        let jw = &v["weeks"][i];
        assert_eq!(jw["phase"].as_str(), Some(w.phase.as_str()));
        for (j, s) in w.sessions.iter().enumerate() {
            let js = &jw["sessions"][j];
            assert_eq!(js["phase"].as_str(), Some(s.phase.as_str()));
            let cues: Vec<&str> = js["prescription"]["cues"]
                .as_array()
                .expect("cues array")
                .iter()
                .map(|c| c.as_str().expect("cue string"))
                .collect();
            assert_eq!(
                cues,
                s.prescription
                    .cues
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
            );
        }
        for (j, r) in w.recovery_days.iter().enumerate() {
            assert_eq!(
                jw["recovery_days"][j]["guidance"].as_str(),
                Some(r.guidance.as_str())
            );
        }
    }

    // ---- CSV: text verbatim in its column (a formula's start neutralised) ----
    let records = check_csv(&vmo::render::csv::render(&plan, true), &plan, true);
    let mut want: Vec<(String, String, String)> = Vec::new();
    for w in &plan.weeks {
        let mut rows: Vec<(NaiveDate, (String, String, String))> = Vec::new();
        for s in &w.sessions {
            rows.push((
                s.date,
                (
                    s.phase.clone(),
                    s.prescription.cues.join("; "),
                    s.notes.join("; "),
                ),
            ));
        }
        for r in &w.recovery_days {
            rows.push((r.date, (w.phase.clone(), String::new(), r.guidance.clone())));
        }
        rows.sort_by_key(|(d, _)| *d);
        want.extend(rows.into_iter().map(|(_, r)| r));
    }
    let safe = vmo::render::csv::formula_safe;
    for (rec, (phase, cues, notes)) in records.iter().zip(&want) {
        assert_eq!(&rec[5], safe(phase), "CSV phase column");
        assert_eq!(&rec[18], safe(cues), "CSV cues column");
        assert_eq!(&rec[19], safe(notes), "CSV notes column");
    }

    // ---- markdown and table ----
    let hide = flags & 0x10 != 0;
    check_markdown(&vmo::render::markdown::render(&plan, hide), &plan, hide);
    let style = vmo::render::Style {
        color: light,
        hide_recovery: hide,
        width: (serde && light).then_some(80),
        today: None,
    };
    let table = vmo::render::table::render(&plan, style);
    if style.width.is_none() {
        crate::check_table(&table, &plan, style);
    }
}
