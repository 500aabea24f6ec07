//! Property tests for what users read back: iCalendar structure with arbitrary text in
//! every free-text field, and weights that survive unit conversion, display and parsing.

use chrono::NaiveDate;
use proptest::prelude::*;
use vmo::equipment::{describe_weight_list, parse_weight_list};
use vmo::plan::{Plan, Request, generate};
use vmo::render::ics::{self, IcsOptions};
use vmo::units::{KG_PER_LB, Unit, parse_weight, show_number};

/// Text a user could put in a template: any Unicode, weighted towards what iCalendar must
/// escape or fold (`\ ; , :` newlines, CR, tabs, control characters, multi-byte characters).
fn text(max: usize) -> impl Strategy<Value = String> {
    let awkward = prop_oneof![
        Just('\\'),
        Just(';'),
        Just(','),
        Just(':'),
        Just('\n'),
        Just('\r'),
        Just('\t'),
        Just('"'),
        Just('\u{7}'),
        Just('é'),
        Just('°'),
        Just('🦵'),
        Just('\u{200d}'),
        any::<char>(),
        proptest::char::range('a', 'z'),
        Just(' '),
    ];
    proptest::collection::vec(awkward, 1..=max)
        .prop_map(|cs| cs.into_iter().collect::<String>())
        .prop_filter("validation needs a non-blank text", |s| {
            !s.trim().is_empty()
        })
}

/// A TOML basic string holding `s` exactly (the toml crate does the escaping).
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn plan_with(name: &str, description: &str, phase: &str, cue: &str) -> Plan {
    let src = format!(
        "name = {}\ndescription = {}\ndays = [\"mon\", \"thu\"]\n\n[[phases]]\nname = {}\nsets = 2\nreps = 10\ncues = [{}]\n",
        quoted(name),
        quoted(description),
        quoted(phase),
        quoted(cue)
    );
    let t = vmo::template::parse("prop.toml", &src).expect("valid template");
    let req = Request {
        weeks: 2,
        start: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
        days: None,
        athlete: Default::default(),
        unit: Unit::Kg,
        changes: Vec::new(),
        rides: Default::default(),
    };
    generate(&t, &req).expect("plan")
}

fn opts(include_recovery: bool) -> IcsOptions {
    IcsOptions {
        at: None,
        duration_minutes: None,
        tz: None,
        remind_minutes: Some(30),
        include_recovery,
        dtstamp: chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
        plan_id: "prop-20261207".to_string(),
    }
}

/// RFC 5545 line structure, checked on raw bytes.
fn assert_lines(raw: &[u8]) -> Result<(), TestCaseError> {
    prop_assert!(raw.ends_with(b"\r\n"));
    for (i, b) in raw.iter().enumerate() {
        if *b == b'\n' {
            prop_assert!(i > 0 && raw[i - 1] == b'\r', "bare LF at byte {}", i);
        }
        if *b == b'\r' {
            prop_assert_eq!(raw.get(i + 1), Some(&b'\n'), "bare CR at byte {}", i);
        }
    }
    // Split on bytes, so a fold inside a character would show up as invalid UTF-8.
    let mut start = 0;
    while start < raw.len() {
        let end = start + raw[start..].windows(2).position(|w| w == b"\r\n").unwrap();
        let line = &raw[start..end];
        prop_assert!(line.len() <= 75, "{} octets", line.len());
        prop_assert!(!line.is_empty(), "empty line");
        prop_assert!(std::str::from_utf8(line).is_ok(), "split character");
        start = end + 2;
    }
    Ok(())
}

fn unfold(raw: &str) -> String {
    raw.replace("\r\n ", "")
}

fn unescape(v: &str) -> String {
    let mut out = String::new();
    let mut it = v.chars();
    while let Some(c) = it.next() {
        match (c, c == '\\') {
            (_, true) => match it.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(c) => out.push(c),
                None => out.push('\\'),
            },
            (c, false) => out.push(c),
        }
    }
    out
}

/// What survives TEXT escaping: CRLF and lone CR become LF, other controls but tab vanish.
fn as_calendar_text(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn escape_then_fold_round_trips(s in text(300)) {
        let folded = ics::fold(&format!("DESCRIPTION:{}", ics::escape(&s)));
        assert_lines(folded.as_bytes())?;
        let line = unfold(&folded);
        let value = line.trim_end_matches("\r\n").strip_prefix("DESCRIPTION:").unwrap();
        prop_assert_eq!(unescape(value), as_calendar_text(&s));
    }

    #[test]
    fn pounds_round_trip_through_kilograms(lb in 0.1f64..2000.0) {
        let back = Unit::Lb.from_kg(Unit::Lb.to_kg(lb));
        prop_assert!((back - lb).abs() <= lb * 1e-12, "{} -> {}", lb, back);
        prop_assert!((Unit::Lb.to_kg(lb) - lb * KG_PER_LB).abs() < 1e-9);
    }

    #[test]
    fn a_shown_weight_parses_back_within_display_precision(kg in 1.0f64..500.0, lb in any::<bool>()) {
        let unit = if lb { Unit::Lb } else { Unit::Kg };
        let shown = format!("{}{}", show_number(unit.from_kg(kg)), unit);
        let parsed = parse_weight(&shown, 0.1, 1000.0).map_err(TestCaseError::fail)?;
        // Display rounds to 0.1 of the unit.
        prop_assert!(
            (unit.from_kg(parsed) - unit.from_kg(kg)).abs() <= 0.05 + 1e-9,
            "{} kg shown as {} parsed as {} kg", kg, shown, parsed
        );
    }

    #[test]
    fn equipment_lists_round_trip(
        first in 1u32..40,
        step in 1u32..10,
        n in 1usize..30,
        lb in any::<bool>(),
    ) {
        let unit = if lb { Unit::Lb } else { Unit::Kg };
        // Quarter steps, as real plates and dumbbells come (1.25, 2.5, ...).
        let values: Vec<f64> = (0..n).map(|i| f64::from(first + step * i as u32) * 1.25).collect();
        let kg: Vec<f64> = values.iter().map(|v| unit.to_kg(*v)).collect();
        let text = describe_weight_list(&kg, unit);
        let back = parse_weight_list(&text, unit).map_err(TestCaseError::fail)?;
        prop_assert_eq!(back.len(), kg.len(), "{}", text);
        for (a, b) in back.iter().zip(&kg) {
            prop_assert!((a - b).abs() < 1e-9, "{}: {} vs {}", text, a, b);
        }
    }
}

proptest! {
    // Each case parses a template, plans, renders and re-parses a calendar: fewer cases.
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn exported_calendars_stay_well_formed(
        name in text(40),
        description in text(120),
        phase in text(40),
        cue in text(200),
        recovery in any::<bool>(),
    ) {
        let plan = plan_with(&name, &description, &phase, &cue);
        let raw = ics::render(&plan, &opts(recovery));
        assert_lines(raw.as_bytes())?;
        // An independent parser reads every event back, with the cue intact.
        let cal = raw.parse::<icalendar::Calendar>().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let events: Vec<&icalendar::Event> =
            cal.components.iter().filter_map(|c| c.as_event()).collect();
        let sessions: usize = plan.weeks.iter().map(|w| w.sessions.len()).sum();
        let recovery_days: usize = plan.weeks.iter().map(|w| w.recovery_days.len()).sum();
        prop_assert_eq!(events.len(), sessions + if recovery { recovery_days } else { 0 });
        let unfolded = unfold(&raw);
        let want = as_calendar_text(&cue);
        let mut seen = 0;
        for l in unfolded.split("\r\n").filter(|l| l.starts_with("DESCRIPTION:Phase")) {
            let d = unescape(&l["DESCRIPTION:".len()..]);
            prop_assert!(d.contains(&format!("- {want}")), "cue lost in {:?}", d);
            seen += 1;
        }
        prop_assert_eq!(seen, sessions);
    }

    /// `--replaces` reads the old calendar with the `icalendar` parser, which unescapes
    /// TEXT; written back, any text must come out as vmo wrote it, so replacing a calendar
    /// with the same plan is byte-identical and counts nothing as changed.
    #[test]
    fn replacing_a_calendar_with_the_same_plan_changes_nothing(
        name in text(40),
        phase in text(40),
        cue in text(200),
        recovery in any::<bool>(),
        from_day in 1u32..28,
    ) {
        let plan = plan_with(&name, "d", &phase, &cue);
        let o = opts(recovery);
        let raw = ics::render(&plan, &o);
        let from = NaiveDate::from_ymd_opt(2026, 12, from_day).unwrap();
        let prev = vmo::replaces::parse("old.ics", &raw, &o.plan_id, from, None)
            .map_err(TestCaseError::fail)?;
        let (again, changes) = ics::render_replacing(&plan, &o, &prev);
        prop_assert_eq!(&again, &raw);
        prop_assert_eq!((changes.updated, changes.cancelled, changes.added), (0, 0, 0));
        prop_assert_eq!(changes.kept + changes.unchanged, prev.events.len());
    }
}
