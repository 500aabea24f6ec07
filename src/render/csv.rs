//! The plan as CSV: one row per session (and per recovery day if asked), columns
//! documented in `docs/csv.md`. Numbers carry no unit suffix; the unit is in the column name.
//!
//! Text cells a spreadsheet would run as a formula are neutralised ([`formula_safe`]), here
//! and in the log's CSV, whose import undoes it ([`formula_restore`]).

use std::borrow::Cow;

use super::text::{self, push_date};
use crate::plan::{Plan, SessionKind};
use crate::template::{Variant, push_num, push_uint};
use crate::units::show_number;

/// The header row, in order. Changing it is a breaking change (see `docs/csv.md`).
pub const COLUMNS: [&str; 26] = [
    "date",
    "weekday",
    "week",
    "slot",
    "kind",
    "phase",
    "deload",
    "variant",
    "sets",
    "reps",
    "tempo",
    "heel_height_cm",
    "depth_deg",
    "rest_seconds",
    "rpe",
    "load_kg",
    "load_percent_1rm",
    "load_bodyweight_ratio",
    "cues",
    "notes",
    "depth_words",
    "purpose",
    "units",
    "load",
    "heel_height",
    "client",
];

/// Index of the `notes` column, which recovery rows fill with their guidance.
const NOTES: usize = 19;
const _: () = assert!(matches!(COLUMNS[NOTES].as_bytes(), b"notes"));

/// Renders the header and one row per session, in date order; recovery days
/// (`kind` = `recovery`, guidance in `notes`) when `include_recovery` is set.
///
/// Written directly, with the quoting of the `csv` crate's default writer: a field is
/// quoted when it holds a comma, a double quote, CR or LF, and quotes inside are doubled.
pub fn render(plan: &Plan, include_recovery: bool) -> String {
    let per_week = 700 * plan.days.len() + if include_recovery { 160 * 7 } else { 0 };
    let mut out = String::with_capacity(512 + plan.weeks.len() * per_week);
    out.push_str(&COLUMNS.join(","));
    out.push('\n');
    let mut joined = String::new();
    let client = plan.client.as_deref().unwrap_or("");
    let mut order: Vec<(chrono::NaiveDate, bool, usize)> = Vec::new();
    for week in &plan.weeks {
        text::date_order(week, include_recovery, &mut order);
        let deload = if week.deload { "true" } else { "false" };
        for &(_, recovery, i) in &order {
            if recovery {
                let r = &week.recovery_days[i];
                push_date(&mut out, r.date);
                out.push(',');
                out.push_str(r.weekday.as_str());
                out.push(',');
                push_uint(&mut out, u64::from(r.week));
                out.push_str(",,recovery,");
                text_field(&mut out, &week.phase);
                out.push(',');
                out.push_str(deload);
                // The columns from variant to cues stay empty, and so do those after notes.
                out.extend(std::iter::repeat_n(',', NOTES - 6));
                text_field(&mut out, &r.guidance);
                out.extend(std::iter::repeat_n(',', COLUMNS.len() - 1 - NOTES));
                text_field(&mut out, client);
                out.push('\n');
                continue;
            }
            let s = &week.sessions[i];
            let p = &s.prescription;
            let kind = match s.kind {
                SessionKind::Hard => "hard",
                SessionKind::Light => "light",
            };
            push_date(&mut out, s.date);
            for part in [",", s.weekday.as_str(), ","] {
                out.push_str(part);
            }
            push_uint(&mut out, u64::from(s.week));
            out.push(',');
            push_uint(&mut out, u64::from(s.slot));
            for part in [",", kind, ","] {
                out.push_str(part);
            }
            text_field(&mut out, &s.phase);
            for part in [",", deload, ",", p.variant.as_str(), ","] {
                out.push_str(part);
            }
            push_uint(&mut out, u64::from(p.sets));
            out.push(',');
            push_uint(&mut out, u64::from(p.reps));
            out.push(',');
            text::push_tempo(&mut out, p.tempo);
            for v in [p.heel_height_cm, p.depth_deg] {
                out.push(',');
                push_num(&mut out, v);
            }
            out.push(',');
            push_uint(&mut out, u64::from(p.rest_seconds));
            out.push(',');
            push_num(&mut out, p.rpe);
            // Kilograms and the ratio to 0.001 (pounds stay exact to the gram), % 1RM to 0.1.
            let percent = p.load.percent_1rm.map(|v| (v * 10.0).round() / 10.0);
            for v in [p.load.kg, percent, p.load.bodyweight_ratio] {
                out.push(',');
                if let Some(v) = v {
                    push_num(&mut out, v);
                }
            }
            for list in [&p.cues, &s.notes] {
                out.push(',');
                joined.clear();
                for (j, item) in list.iter().enumerate() {
                    if j > 0 {
                        joined.push_str("; ");
                    }
                    joined.push_str(item);
                }
                text_field(&mut out, &joined);
            }
            out.push(',');
            text_field(&mut out, &p.depth_words);
            out.push(',');
            if let Some(purpose) = &s.purpose {
                text_field(&mut out, purpose);
            }
            // What the person reads, in their units: load per hand for dumbbells, to 0.1.
            out.push(',');
            out.push_str(plan.units.as_str());
            out.push(',');
            if let Some(kg) = p.load.kg {
                let per = if p.variant == Variant::Dumbbells {
                    2.0
                } else {
                    1.0
                };
                out.push_str(&show_number(plan.units.from_kg(kg / per)));
            }
            out.push(',');
            out.push_str(&show_number(plan.units.height(p.heel_height_cm)));
            out.push(',');
            text_field(&mut out, client);
            out.push('\n');
        }
    }
    out
}

/// What makes a spreadsheet read a cell as a formula (OWASP's list): `=`, `+`, `-`, `@`,
/// a tab or a carriage return at its start.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell made safe for a spreadsheet: a leading `'` (which the spreadsheet shows
/// the text behind, and does not run) when the cell would start a formula — or would
/// after any leading `'`s, so that [`formula_restore`] can tell vmo's prefix from a
/// quote the text really starts with. A plain number (`-2.5`, `+3`) is left alone.
pub fn formula_safe(s: &str) -> Cow<'_, str> {
    let rest = s.trim_start_matches('\'');
    let number = rest.len() == s.len() && is_plain_number(s);
    if rest.starts_with(FORMULA_START) && !number {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// The inverse of [`formula_safe`]: one leading `'` is dropped when the `'`s are followed
/// by what starts a formula. `formula_restore(formula_safe(s)) == s` for every `s`.
pub fn formula_restore(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(t) if t.trim_start_matches('\'').starts_with(FORMULA_START) => t,
        _ => s,
    }
}

/// `-2.5`, `+3`, `10`, `.5`: an optional sign, then digits with at most one point.
fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let frac = parts.next().unwrap_or("");
    !(whole.is_empty() && frac.is_empty())
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// Appends one text field: [`formula_safe`], then quoted as CSV needs.
fn text_field(out: &mut String, s: &str) {
    field(out, &formula_safe(s));
}

/// Appends one field, quoted when it must be.
fn field(out: &mut String, s: &str) {
    if !s.bytes().any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n')) {
        out.push_str(s);
        return;
    }
    out.push('"');
    for (i, part) in s.split('"').enumerate() {
        if i > 0 {
            out.push_str("\"\"");
        }
        out.push_str(part);
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The record as the `csv` crate writes it.
    fn with_csv_crate(fields: &[&str]) -> String {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        w.write_record(fields).unwrap();
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    }

    fn by_hand(fields: &[&str]) -> String {
        let mut out = String::new();
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            field(&mut out, f);
        }
        out.push('\n');
        out
    }

    #[test]
    fn quoting_matches_the_csv_crate() {
        let fields = [
            "plain",
            "a, b",
            "say \"hi\"",
            "cr\rlf\n",
            "",
            "semi; colon",
            "tab\t",
            "é · ×",
        ];
        assert_eq!(by_hand(&fields), with_csv_crate(&fields));
        assert_eq!(by_hand(&COLUMNS), with_csv_crate(&COLUMNS));
    }

    #[test]
    fn rows_end_with_depth_in_words_and_a_light_sessions_purpose() {
        let mut plan = crate::render::sample::plan(true);
        plan.client = Some("Ann, B".to_string());
        let out = render(&plan, true);
        let mut r = csv::Reader::from_reader(out.as_bytes());
        assert_eq!(r.headers().unwrap(), COLUMNS.as_slice());
        let col = |name: &str| COLUMNS.iter().position(|c| *c == name).unwrap();
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 14);
        for row in &rows {
            assert_eq!(row.len(), COLUMNS.len());
            assert_eq!(&row[col("client")], "Ann, B");
            match &row[col("kind")] {
                "hard" => {
                    assert_eq!(&row[col("depth_words")], "right angle");
                    assert_eq!(&row[col("purpose")], "");
                }
                "light" => {
                    assert_eq!(&row[col("depth_words")], "right angle");
                    assert_eq!(&row[col("purpose")], crate::render::sample::PURPOSE);
                }
                "recovery" => {
                    assert_eq!(&row[col("notes")], "Easy walk");
                    assert_eq!(&row[col("depth_words")], "");
                    assert_eq!(&row[col("purpose")], "");
                }
                other => panic!("kind {other}"),
            }
        }
    }

    #[test]
    fn formula_cells_are_neutralised_and_restored() {
        for (s, want) in [
            ("=1+2", "'=1+2"),
            ("+1+1", "'+1+1"),
            ("-x", "'-x"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=x", "''=x"),
            ("'-2.5", "''-2.5"),
            ("-2.5", "-2.5"),
            ("+3", "+3"),
            ("-.5", "-.5"),
            ("-", "'-"),
            ("-1.2.3", "'-1.2.3"),
            ("'x", "'x"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(formula_safe(s), want, "{s:?}");
            assert_eq!(formula_restore(want), s, "{want:?}");
        }
    }

    proptest! {
        #[test]
        fn formula_safe_round_trips(s in "['=+@\t\r.0-9a -]{0,6}") {
            let safe = formula_safe(&s);
            prop_assert_eq!(formula_restore(&safe), s.as_str());
            prop_assert!(!safe.starts_with(FORMULA_START) || is_plain_number(&s));
        }

        #[test]
        fn any_fields_quote_as_the_csv_crate_does(
            fields in proptest::collection::vec("[a-z ,;\"\r\n\t'·é]{0,8}", 2..6),
        ) {
            let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
            prop_assert_eq!(by_hand(&fields), with_csv_crate(&fields));
        }
    }
}
