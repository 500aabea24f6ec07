//! `vmo plan --replaces OLD.ics`: the calendar exported before, read with the `icalendar`
//! crate's parser and cut down to the events of this plan, so that the new export can
//! update, keep or cancel each of them (see [`Previous`]).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;
use chrono::{NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use icalendar::parser::{Component, Property, read_calendar, unfold};

use crate::exit::{input_error, io_reason, read_limited};
use crate::render::ics::{OldEvent, Previous, escape, owns};

/// Largest calendar read, in bytes (16 MiB): a 520-week plan with recovery days, times
/// and alarms is about 5 MB.
pub const MAX_CALENDAR_BYTES: usize = 16 * 1024 * 1024;

/// Deepest nesting of components read: vmo's calendars nest 3 (VCALENDAR, VEVENT,
/// VALARM), a calendar app's at most 4 (VTIMEZONE, STANDARD). The parser recurses once per
/// level, so a file nested thousands deep would overflow the stack; it is refused first.
pub const MAX_CALENDAR_DEPTH: usize = 8;

/// Reads `path` and keeps the events of the plan `plan_id`; `from` is the first day the new
/// plan applies to, `tz` the zone the export's times are in (for the date of a UTC time).
/// A missing file, a folder, a file that is not iCalendar, or one without a single event of
/// this plan is an input error naming the file.
pub fn read(path: &Path, plan_id: &str, from: NaiveDate, tz: Option<Tz>) -> Result<Previous> {
    let shown = path.display();
    if path.is_dir() {
        return Err(input_error(format!(
            "--replaces {shown}: is a directory; give the .ics file exported before"
        )));
    }
    // One byte over the limit is enough to know (and [`parse_bytes`] to say) it is too big.
    let mut bytes = read_limited(path, MAX_CALENDAR_BYTES).map_err(|e| {
        input_error(format!(
            "--replaces {shown}: cannot read it: {}",
            io_reason(&e)
        ))
    })?;
    let bytes = bytes.get_or_insert_with(|| vec![0; MAX_CALENDAR_BYTES + 1]);
    parse_bytes(&shown.to_string(), bytes, plan_id, from, tz).map_err(input_error)
}

/// [`read`] for a file's bytes: at most [`MAX_CALENDAR_BYTES`], UTF-8, then [`parse`].
pub fn parse_bytes(
    origin: &str,
    bytes: &[u8],
    plan_id: &str,
    from: NaiveDate,
    tz: Option<Tz>,
) -> Result<Previous, String> {
    if bytes.len() > MAX_CALENDAR_BYTES {
        return Err(format!(
            "--replaces {origin}: larger than the limit of {MAX_CALENDAR_BYTES} bytes (16 MiB)"
        ));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| format!("--replaces {origin}: not an iCalendar file (not UTF-8 text)"))?;
    parse(origin, text, plan_id, from, tz)
}

/// [`read`] for text already in memory; `origin` names it in errors.
pub fn parse(
    origin: &str,
    text: &str,
    plan_id: &str,
    from: NaiveDate,
    tz: Option<Tz>,
) -> Result<Previous, String> {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let head = text.get(..15).unwrap_or(text);
    if !head.eq_ignore_ascii_case("BEGIN:VCALENDAR") {
        return Err(format!(
            "--replaces {origin}: not an iCalendar file (it does not start with BEGIN:VCALENDAR)"
        ));
    }
    let unfolded = lines_ending_in_crlf(&unfold(text));
    match structure(&unfolded) {
        Structure::Fine => {}
        Structure::TooDeep => {
            return Err(format!(
                "--replaces {origin}: components are nested more than {MAX_CALENDAR_DEPTH} deep (a calendar needs 3: VCALENDAR, VEVENT, VALARM); not a calendar vmo reads"
            ));
        }
        Structure::BadLine => {
            return Err(format!(
                "--replaces {origin}: not an iCalendar file the parser can read"
            ));
        }
    }
    let calendar = read_calendar(&unfolded).map_err(|e| {
        // The parser's report spans several lines; its "at line N" is the useful part.
        let at = e
            .lines()
            .find_map(|l| l.trim().strip_prefix("0: at "))
            .map(|l| format!(" at {}", l.split(',').next().unwrap_or(l)))
            .unwrap_or_default();
        format!("--replaces {origin}: not an iCalendar file the parser can read{at}")
    })?;
    let vevents: Vec<&Component<'_>> = calendar
        .components
        .iter()
        .filter(|c| c.name.as_str().eq_ignore_ascii_case("VEVENT"))
        .collect();
    let mut events: BTreeMap<String, OldEvent> = BTreeMap::new();
    for e in &vevents {
        let Some(uid) = e.find_prop("UID").map(|p| p.val.as_str().to_string()) else {
            continue;
        };
        if !owns(plan_id, &uid) {
            continue;
        }
        let date = e
            .find_prop("DTSTART")
            .and_then(|p| start_date(p.val.as_str(), tz))
            .ok_or_else(|| {
                format!("--replaces {origin}: event {uid} has no DTSTART that vmo can read")
            })?;
        let sequence = e
            .find_prop("SEQUENCE")
            .and_then(|p| p.val.as_str().trim().parse().ok())
            .unwrap_or(0);
        let cancelled = e
            .find_prop("STATUS")
            .is_some_and(|p| p.val.as_str().eq_ignore_ascii_case("CANCELLED"));
        let mut lines = Vec::new();
        let written = e.properties.iter().all(|p| match content_line(p) {
            Some(l) => {
                lines.push(l);
                true
            }
            None => false,
        }) && e.components.iter().all(|c| component_lines(c, &mut lines));
        if !written {
            return Err(format!(
                "--replaces {origin}: event {} has a line vmo cannot write back (names are letters, digits and -; a parameter holds no \")",
                crate::visible::quoted(&uid)
            ));
        }
        let event = OldEvent {
            sequence,
            date,
            cancelled,
            lines,
        };
        // A UID seen twice (a merged file): the later revision counts.
        match events.get(&uid) {
            Some(have) if have.sequence > event.sequence => {}
            _ => {
                events.insert(uid, event);
            }
        }
    }
    if events.is_empty() {
        return Err(format!(
            "--replaces {origin}: none of its {} events is one of this plan's ({plan_id}-w…@vmo), so there is nothing to replace; check --template, --start and --client, or leave --replaces out",
            vevents.len()
        ));
    }
    Ok(Previous { events, from })
}

/// The text with every line ending CRLF, as RFC 5545 writes it. The parser takes a value
/// up to the next CRLF before it looks for an LF, so in a file mixing the two a value could
/// run over the lines that follow, `END:` lines included; and in a file of LF alone each
/// value would search the rest of the file for a CRLF (quadratic: minutes for 5 MB).
pub(crate) fn lines_ending_in_crlf(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 32);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("\r\n");
        }
        out.push_str(line.trim_end_matches('\r'));
    }
    out
}

/// What [`structure`] found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Structure {
    /// Nesting within the limit, every other line a property of its own.
    Fine,
    /// `BEGIN:` lines nest deeper than [`MAX_CALENDAR_DEPTH`].
    TooDeep,
    /// A line the parser would not read as one property on its own, or one with a bare CR.
    BadLine,
}

/// Checks, line by line and without recursion, that the parser will not nest deeper than
/// [`MAX_CALENDAR_DEPTH`] (it recurses once per level, and a file nested thousands deep
/// would overflow the stack). The parser starts a component at a line starting `BEGIN:`
/// and ends one at a line starting `END:` (or stops with an error there), so counting
/// those lines bounds its depth — provided every other line is read as exactly that line.
/// A parameter value can run over a line end (an unclosed quote, or no `:` after it), and
/// then the `END:` lines it swallows would not close anything; so each other line must
/// parse on its own as exactly one property. Linear in the size of the text.
pub(crate) fn structure(unfolded: &str) -> Structure {
    let mut depth = 0usize;
    for line in unfolded.split("\r\n") {
        // A bare CR is no line end to RFC 5545, and copied into the new calendar it would
        // be read as one by the next program.
        if line.contains('\r') {
            return Structure::BadLine;
        }
        let head = line.as_bytes();
        let starts = |p: &[u8]| head.len() >= p.len() && head[..p.len()].eq_ignore_ascii_case(p);
        if starts(b"BEGIN:") {
            depth += 1;
            if depth > MAX_CALENDAR_DEPTH {
                return Structure::TooDeep;
            }
        } else if starts(b"END:") {
            depth = depth.saturating_sub(1);
        } else if !line.is_empty() && !one_property(line) {
            return Structure::BadLine;
        }
    }
    Structure::Fine
}

/// Whether the parser reads `line` alone as exactly one property, ending with the line.
fn one_property(line: &str) -> bool {
    let wrapped = format!("BEGIN:X\r\n{line}\r\nEND:X\r\n");
    read_calendar(&wrapped).is_ok_and(|c| {
        c.components.len() == 1
            && c.components[0].properties.len() == 1
            && c.components[0].components.is_empty()
    })
}

/// A nested component (an alarm) as `BEGIN:`, its lines, `END:`.
/// False when a line cannot be written back (see [`content_line`]).
fn component_lines(c: &Component<'_>, out: &mut Vec<String>) -> bool {
    let Some(name) = rfc_name(c.name.as_str()) else {
        return false;
    };
    out.push(format!("BEGIN:{name}"));
    for p in &c.properties {
        match content_line(p) {
            Some(l) => out.push(l),
            None => return false,
        }
    }
    for inner in &c.components {
        if !component_lines(inner, out) {
            return false;
        }
    }
    out.push(format!("END:{name}"));
    true
}

/// A name as RFC 5545 writes it (letters, digits and `-`), in capitals (names are
/// case-insensitive); `None` for anything else the parser let through (`DTEND.`).
fn rfc_name(s: &str) -> Option<String> {
    let ok = !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    ok.then(|| s.to_ascii_uppercase())
}

/// A property as a content line again. The parser unescapes TEXT values, so they are
/// escaped again the way vmo writes them; other values are as they were. `None` when it
/// cannot be written back as RFC 5545 wants (a name the parser let through, such as
/// `DTEND.`, a property called `BEGIN` or `END` (a line `BEGIN` without a colon), or a
/// parameter value holding a `"`).
fn content_line(p: &Property<'_>) -> Option<String> {
    let name = p.name.as_str();
    let mut out = rfc_name(name).filter(|n| n != "BEGIN" && n != "END")?;
    let mut value_type = None;
    for param in &p.params {
        out.push(';');
        out.push_str(&rfc_name(param.key.as_str())?);
        if let Some(v) = &param.val {
            let v = v.as_str();
            if v.contains('"') || v.chars().any(control) {
                return None;
            }
            out.push('=');
            // Quoted as it must have been: the parser hands the value back without quotes.
            if v.contains([':', ';', ',']) {
                out.push('"');
                out.push_str(v);
                out.push('"');
            } else {
                out.push_str(v);
            }
            if param.key.as_str() == "VALUE" {
                value_type = Some(v);
            }
        }
    }
    out.push(':');
    if is_text(name, value_type) {
        out.push_str(&escape(p.val.as_str()));
    } else if p.val.as_str().chars().any(control) {
        // Only TEXT is unescaped (and escaped again); a control character elsewhere, a
        // line break above all, would be written as it is.
        return None;
    } else {
        out.push_str(p.val.as_str());
    }
    Some(out)
}

/// The control characters RFC 5545 leaves out of content lines (all but HTAB).
fn control(c: char) -> bool {
    c.is_control() && c != '\t'
}

/// Whether the parser unescaped this property's value: TEXT by `VALUE=` or by the name, as
/// the `icalendar` crate decides (CATEGORIES and RESOURCES lists are kept as written).
fn is_text(name: &str, value_type: Option<&str>) -> bool {
    // A `VALUE=` the parser knows decides; an unknown one falls back to the name, as in
    // the parser (found by fuzzing: `VALUE=X` on an X- property left its `\n` a line break).
    if let Some(t) = value_type.and_then(|t| t.parse::<icalendar::ValueType>().ok()) {
        return matches!(t, icalendar::ValueType::Text);
    }
    const TEXT: [&str; 18] = [
        "CALSCALE",
        "METHOD",
        "PRODID",
        "VERSION",
        "CLASS",
        "COMMENT",
        "DESCRIPTION",
        "LOCATION",
        "STATUS",
        "SUMMARY",
        "TRANSP",
        "TZID",
        "TZNAME",
        "CONTACT",
        "RELATED-TO",
        "UID",
        "ACTION",
        "REQUEST-STATUS",
    ];
    TEXT.contains(&name) || name.starts_with("X-")
}

/// The date of a `DTSTART` value: `20261207`, `20261207T070000` or, in UTC,
/// `20261207T060000Z` (the date in `tz` when given).
fn start_date(value: &str, tz: Option<Tz>) -> Option<NaiveDate> {
    let v = value.trim();
    if let (Some(zone), Some(utc)) = (tz, v.strip_suffix('Z')) {
        let t = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok()?;
        return Some(t.and_utc().with_timezone(&zone).date_naive());
    }
    NaiveDate::parse_from_str(v.get(..8)?, "%Y%m%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::ics::{IcsOptions, render, render_replacing};

    const ID: &str = "sample-20261207";

    fn opts() -> IcsOptions {
        IcsOptions {
            at: None,
            duration_minutes: None,
            tz: None,
            remind_minutes: Some(30),
            include_recovery: true,
            dtstamp: chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
            plan_id: ID.to_string(),
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    /// (UID, SEQUENCE, STATUS, DTSTART) of every event, as the `icalendar` crate reads them.
    fn summary(raw: &str) -> Vec<(String, u32, String, String)> {
        let unfolded = unfold(raw);
        let cal = read_calendar(&unfolded).expect("parses");
        cal.components
            .iter()
            .filter(|c| c.name == "VEVENT")
            .map(|e| {
                let v = |n: &str| e.find_prop(n).map(|p| p.val.as_str().to_string());
                (
                    v("UID").unwrap(),
                    v("SEQUENCE").unwrap().parse().unwrap(),
                    v("STATUS").unwrap_or_default(),
                    v("DTSTART").unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn the_same_plan_again_changes_nothing() {
        let plan = crate::render::sample::plan(true);
        let old = render(&plan, &opts());
        let prev = parse("old.ics", &old, ID, day(1), None).unwrap();
        assert_eq!(prev.events.len(), 14);
        let (new, changes) = render_replacing(&plan, &opts(), &prev);
        assert_eq!(
            new, old,
            "text, folding and escaping survive the round trip"
        );
        assert_eq!(changes.unchanged, 14);
    }

    #[test]
    fn changed_sessions_rise_and_removed_ones_are_cancelled() {
        let plan = crate::render::sample::plan(false);
        let old = render(&plan, &opts());
        // The new plan: the first session is heavier, the second week is gone.
        let mut new_plan = plan.clone();
        new_plan.weeks[0].sessions[0].prescription.sets += 1;
        new_plan.weeks.truncate(1);
        let prev = parse("old.ics", &old, ID, day(1), None).unwrap();
        let (new, changes) = render_replacing(&new_plan, &opts(), &prev);
        assert_eq!(
            (changes.updated, changes.unchanged, changes.cancelled),
            (1, 6, 7)
        );
        let events = summary(&new);
        assert_eq!(events.len(), 14, "every old event is still there");
        for (uid, seq, status, _) in &events {
            let week2 = uid.contains("-w2-");
            let first = uid == "sample-20261207-w1-s1@vmo";
            assert_eq!(status == "CANCELLED", week2, "{uid}");
            assert_eq!(*seq, u32::from(week2 || first), "{uid}");
        }
        // The next export from this one: cancellations stay as they are, nothing rises.
        let prev = parse("new.ics", &new, ID, day(1), None).unwrap();
        let (again, changes) = render_replacing(&new_plan, &opts(), &prev);
        assert_eq!(again, new);
        assert_eq!((changes.kept, changes.unchanged), (7, 7));
        // Week 2 back again: its events come back with one more SEQUENCE.
        let (back, changes) = render_replacing(&plan, &opts(), &prev);
        assert_eq!(changes.updated, 8, "{changes:?}");
        for (uid, seq, status, _) in summary(&back) {
            assert_eq!(status, "", "{uid}");
            if uid.contains("-w2-") {
                assert_eq!(seq, 2, "{uid}");
            }
        }
    }

    #[test]
    fn events_before_from_stay_as_they_were() {
        let plan = crate::render::sample::plan(false);
        let old = render(&plan, &opts());
        // Every session one day later; the change applies from 2026-12-14 (week 2).
        let mut moved = plan.clone();
        for w in &mut moved.weeks {
            for s in &mut w.sessions {
                s.date = s.date.succ_opt().unwrap();
            }
        }
        let prev = parse("old.ics", &old, ID, day(14), None).unwrap();
        let (new, changes) = render_replacing(&moved, &opts(), &prev);
        let events = summary(&new);
        let start = |uid: &str| events.iter().find(|e| e.0 == uid).unwrap().3.clone();
        assert_eq!(start("sample-20261207-w1-s1@vmo"), "20261207", "kept");
        assert_eq!(start("sample-20261207-w2-s1@vmo"), "20261215", "moved");
        assert_eq!(changes.kept, 7);
        assert_eq!(changes.updated, 2);
    }

    #[test]
    fn other_plans_and_products_are_never_touched() {
        let plan = crate::render::sample::plan(false);
        let mine = render(&plan, &opts());
        let mut other = opts();
        other.plan_id = format!("{ID}-ann");
        let theirs = render(&plan, &other);
        let foreign = "BEGIN:VEVENT\r\nUID:040000008200E00074C5B7101A82E008@example.com\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261210T090000Z\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\n";
        // One file holding all three, as a calendar app exports it.
        let body = |s: &str| {
            s.split_once("NAME:vmo · sample\r\n")
                .unwrap()
                .1
                .trim_end_matches("END:VCALENDAR\r\n")
                .to_string()
        };
        let merged = format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//other//EN\r\n{}{}{foreign}END:VCALENDAR\r\n",
            body(&mine),
            body(&theirs)
        );
        let prev = parse("all.ics", &merged, ID, day(1), None).unwrap();
        assert_eq!(prev.events.len(), 14);
        let mut shorter = plan.clone();
        shorter.weeks.truncate(1);
        let (new, changes) = render_replacing(&shorter, &opts(), &prev);
        assert_eq!(changes.cancelled, 7);
        assert!(!new.contains("Dentist") && !new.contains("-ann-"));
        // Only foreign events: nothing of this plan to replace.
        let alien = format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{foreign}END:VCALENDAR\r\n");
        let e = parse("alien.ics", &alien, ID, day(1), None).unwrap_err();
        assert!(
            e.starts_with("--replaces alien.ics: none of its 1 events"),
            "{e}"
        );
        let e = parse("ann.ics", &theirs, ID, day(1), None).unwrap_err();
        assert!(e.contains("none of its 14 events"), "{e}");
    }

    #[test]
    fn text_that_is_not_icalendar_is_refused() {
        for text in [
            "",
            "hello",
            "name = \"x\"\n",
            "BEGIN:VCARD\r\nEND:VCARD\r\n",
        ] {
            let e = parse("x", text, ID, day(1), None).unwrap_err();
            assert!(e.contains("does not start with BEGIN:VCALENDAR"), "{e}");
        }
        let broken = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n";
        let e = parse("x", broken, ID, day(1), None).unwrap_err();
        assert!(e.starts_with("--replaces x: not an iCalendar file the parser can read"));
        assert!(!e.contains('\n'), "{e}");
    }

    #[test]
    fn start_dates_follow_the_zone() {
        let berlin = Some(chrono_tz::Europe::Berlin);
        assert_eq!(start_date("20261207", None), Some(day(7)));
        assert_eq!(start_date("20261207T070000", berlin), Some(day(7)));
        assert_eq!(start_date("20261206T230000Z", berlin), Some(day(7)));
        assert_eq!(start_date("20261206T230000Z", None), Some(day(6)));
        assert_eq!(start_date("bad", None), None);
    }

    #[test]
    fn nesting_is_bounded_before_the_parser_recurses() {
        let nested = |n: usize| {
            format!(
                "BEGIN:VCALENDAR\r\n{}{}END:VCALENDAR\r\n",
                "BEGIN:X\r\n".repeat(n),
                "END:X\r\n".repeat(n)
            )
        };
        let s = |t: &str| structure(&lines_ending_in_crlf(&unfold(t)));
        assert_eq!(s(&nested(MAX_CALENDAR_DEPTH - 1)), Structure::Fine);
        assert_eq!(s(&nested(MAX_CALENDAR_DEPTH)), Structure::TooDeep);
        assert_eq!(s(&nested(100_000)), Structure::TooDeep);
        // Lower case and folded BEGIN lines count too.
        assert_eq!(
            s(&nested(8).replace("BEGIN:X", "begin:x")),
            Structure::TooDeep
        );
        assert_eq!(
            s(&nested(8).replace("BEGIN:X", "BEG\r\n IN:X")),
            Structure::TooDeep
        );
        // A parameter running over the line end (it would swallow the END below it).
        assert_eq!(
            s("BEGIN:VCALENDAR\nBEGIN:X\nA;P=\"\nEND:X\n\":v\nEND:VCALENDAR\n"),
            Structure::BadLine
        );
        assert_eq!(
            s("BEGIN:VCALENDAR\nBEGIN:X\nA;P=x\nEND:X\n:v\nEND:VCALENDAR\n"),
            Structure::BadLine
        );
        // A bare CR inside a line (found by fuzzing: `SEQUENCE:0\r0` was copied as it was).
        assert_eq!(
            s("BEGIN:VCALENDAR\r\nSEQUENCE:0\r0\r\nEND:VCALENDAR\r\n"),
            Structure::BadLine
        );
        // Mixed line endings become CRLF, so a value ends with its line.
        assert_eq!(
            lines_ending_in_crlf("A:1\nB:2\r\r\nC:3"),
            "A:1\r\nB:2\r\nC:3"
        );
        for err in [
            parse("x.ics", &nested(20_000), "p", NaiveDate::MIN, None).unwrap_err(),
            parse_bytes(
                "x.ics",
                &vec![b' '; MAX_CALENDAR_BYTES + 1],
                "p",
                NaiveDate::MIN,
                None,
            )
            .unwrap_err(),
        ] {
            assert!(err.starts_with("--replaces x.ics: "), "{err}");
            assert!(
                err.contains("nested more than 8") || err.contains("16 MiB"),
                "{err}"
            );
        }
    }

    #[test]
    fn lines_are_written_back_as_rfc_5545_wants_or_refused() {
        let cal = |extra: &str| {
            format!(
                "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:p-w1-s1@vmo\r\nDTSTART;VALUE=DATE:20261207\r\n{extra}END:VEVENT\r\nEND:VCALENDAR\r\n"
            )
        };
        let read = |t: &str| parse("x.ics", t, "p", NaiveDate::MIN, None);
        let ok = read(&cal(
            "x-a;x-p=\"a:b\":v\r\nbegin:valarm\r\nACTION:DISPLAY\r\nend:valarm\r\n",
        ))
        .unwrap();
        let lines = &ok.events["p-w1-s1@vmo"].lines;
        assert!(
            lines.contains(&"X-A;X-P=\"a:b\":v".to_string()),
            "{lines:?}"
        );
        assert!(lines.contains(&"BEGIN:VALARM".to_string()), "{lines:?}");
        // An unknown VALUE= on an X- property: TEXT by its name, so escaped again.
        let ok = read(&cal("X-B;VALUE=ODD:a\\nb\r\n")).unwrap();
        let lines = &ok.events["p-w1-s1@vmo"].lines;
        assert!(
            lines.contains(&"X-B;VALUE=ODD:a\\nb".to_string()),
            "{lines:?}"
        );
        // Found by fuzzing: a name the parser lets through was copied into the new file.
        for bad in [
            "DTEND.:x\r\n",
            "X-A;P=a\"b:v\r\n",
            "BEGIN:V.X\r\nEND:V.X\r\n",
            "BEGIN\r\n",
            "end\r\n",
            "DTEND;VALUE=DATE:2026\u{0}1208\r\n",
            "X-A;P=\u{7}:v\r\n",
        ] {
            let e = read(&cal(bad)).unwrap_err();
            assert!(e.contains("cannot write back"), "{bad:?}: {e}");
        }
    }
}
