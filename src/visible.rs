//! What data looks like on a terminal: the one place that keeps text from the log, a
//! template, a profile or the command line from steering the terminal, and that keeps long
//! values out of messages.
//!
//! Notes, client names, template text and imported notes are data; a terminal takes some
//! characters as commands: C0 controls (ESC starts an escape sequence that can set the
//! window title or write the clipboard, a newline starts a row), DEL, the C1 controls
//! (U+0080–U+009F; U+009B is a one-character ESC `[`), the bidirectional marks, overrides
//! and isolates that reorder what follows (U+061C, U+200E, U+200F, U+202A–U+202E,
//! U+2066–U+2069), the line and paragraph separators (U+2028, U+2029) that some terminals
//! and editors break lines at, and the invisible format characters that hide text or
//! make two strings look alike (U+180E, U+200B, U+2060–U+2064, U+206A–U+206F, U+FEFF,
//! U+FFF9–U+FFFB). The joiners U+200C and U+200D stay: scripts and emoji need them.
//! Terminal output shows
//! them visibly instead — `\e`, `\n`, `\r`, `\t`, else `\u{…}` in Rust's notation — with
//! [`visible`], applied where data enters a terminal renderer: [`plan`] for the plan
//! renderers (table, markdown, the day text, `why`), the log's table, and every stderr
//! message ([`visible_text`]). A backslash stays as it is, so ordinary text reads
//! unchanged; the escapes only need to be seen, not parsed back.
//!
//! Machine formats keep the exact data: JSON escapes control characters itself, the log's
//! CSV round-trips through `vmo log import`, and iCalendar has its own TEXT escaping.
//!
//! Messages quote a value with [`quoted`] (or clap's echo, with [`clipped`]), which also
//! cuts it to [`ECHO_CHARS`] characters, so a 60 KB profile value gives a one-line error.
//! A value is said once: whoever names the flag or key shows it (clap's `invalid value
//! '…'`, a profile's `key = "…"`, `config set KEY "…"`), and a parser's message says what
//! is wrong with it, quoting only a part of it ([`part`]), never the whole again.

use std::borrow::Cow;
use std::fmt::Write;

use crate::plan::Plan;

/// Most characters of a value that a message echoes; longer values end in `…`.
pub const ECHO_CHARS: usize = 60;

/// True for a character a terminal may act on or that hides what text says: C0
/// controls, DEL, C1 controls, the bidirectional marks, embeddings, overrides and
/// isolates, the line and paragraph separators, and the invisible format characters
/// (all but the joiners U+200C and U+200D).
pub fn is_hidden(c: char) -> bool {
    matches!(c,
        '\0'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{61c}'
        | '\u{180e}'
        | '\u{200b}'
        | '\u{200e}'..='\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206f}'
        | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}')
}

/// `s` with every [`is_hidden`] character written visibly (`\e`, `\n`, `\r`, `\t`,
/// `\u{7}`, `\u{202e}`, …); borrowed when there is none.
pub fn visible(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// [`visible`] for a message vmo composed itself, whose own line breaks stay: only `\n`
/// is kept (so data inside should already have gone through [`visible`] or [`quoted`]).
pub fn visible_text(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

fn escape(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    let shown = |c: char| is_hidden(c) && !(keep_newlines && c == '\n');
    if !s.chars().any(shown) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if !shown(c) {
            out.push(c);
            continue;
        }
        match c {
            '\u{1b}' => out.push_str("\\e"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        }
    }
    Cow::Owned(out)
}

/// The first `keep` characters of `s`, and whether there was more.
fn cut(s: &str, keep: usize) -> (&str, bool) {
    match s.char_indices().nth(keep) {
        Some((i, _)) => (&s[..i], true),
        None => (s, false),
    }
}

/// A value quoted for a one-line message, as Rust's `{:?}` writes it (so control and
/// bidi characters are escaped), cut after [`ECHO_CHARS`] characters: `"72kgx…"`.
pub fn quoted(value: &str) -> String {
    quoted_to(value, ECHO_CHARS)
}

/// [`quoted`], cut after `keep` characters.
pub fn quoted_to(value: &str, keep: usize) -> String {
    let (head, more) = cut(value, keep);
    let q = format!("{head:?}");
    if more {
        format!("{}…\"", &q[..q.len() - 1])
    } else {
        q
    }
}

/// Text that quotes a value itself (serde's `string "…"`), cut after [`ECHO_CHARS`]
/// characters of the value: `"999…"` keeps its closing quote.
pub fn cut_quoted_text(s: &str) -> String {
    let (head, more) = cut(s, ECHO_CHARS + 1);
    if !more {
        return s.to_string();
    }
    match head.chars().next() {
        Some(q @ ('"' | '`' | '\'')) => format!("{head}…{q}"),
        _ => format!("{head}…"),
    }
}

/// `"part": ` ([`quoted`]) for a message about one part of a value (a set of `12,x,9`,
/// a day of `mon,funday`), or nothing when the part is the whole value, which the caller
/// already shows: so a value is never said twice.
pub fn part(part: &str, whole: &str) -> String {
    if part.trim() == whole.trim() {
        String::new()
    } else {
        format!("{}: ", quoted(part.trim()))
    }
}

/// A value for a message that puts its own quotes around it (clap's
/// `invalid value '…'`): [`visible`], cut after [`ECHO_CHARS`] characters.
pub fn clipped(value: &str) -> String {
    let (head, more) = cut(value, ECHO_CHARS);
    let mut out = visible(head).into_owned();
    if more {
        out.push('…');
    }
    out
}

/// Makes every text of `plan` that a terminal renderer shows [`visible`]: names, notes
/// (which carry log notes), cues, purposes, guidance, messages. Cheap when the text is
/// clean, as it nearly always is: nothing is copied.
pub fn plan(plan: &mut Plan) {
    let fix = |s: &mut String| {
        if let Cow::Owned(v) = visible(s) {
            *s = v;
        }
    };
    fix(&mut plan.template);
    fix(&mut plan.description);
    plan.client.iter_mut().for_each(fix);
    fix(&mut plan.volume_unit);
    plan.notices.iter_mut().for_each(fix);
    if let Some(p) = &mut plan.pain {
        p.rules.iter_mut().for_each(fix);
        fix(&mut p.red_flags);
    }
    for a in &mut plan.adjustments {
        fix(&mut a.guard);
        fix(&mut a.message);
    }
    for w in &mut plan.weeks {
        fix(&mut w.phase);
        for r in &mut w.recovery_days {
            fix(&mut r.guidance);
        }
        for s in &mut w.sessions {
            fix(&mut s.phase);
            s.notes.iter_mut().for_each(fix);
            s.purpose.iter_mut().for_each(fix);
            let p = &mut s.prescription;
            fix(&mut p.exercise);
            fix(&mut p.depth_words);
            p.cues.iter_mut().for_each(fix);
            if let Some(log) = &mut s.log {
                log.note.iter_mut().for_each(fix);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_shown_and_the_rest_is_kept() {
        assert!(matches!(visible("Wed · 3×12 é 🦵 \\n"), Cow::Borrowed(_)));
        assert_eq!(
            visible("a\u{1b}]0;title\u{7} b\u{1b}[2J c\u{202e}d\ne\tf\r\u{7f}\u{9b}\u{2066}\0"),
            "a\\e]0;title\\u{7} b\\e[2J c\\u{202e}d\\ne\\tf\\r\\u{7f}\\u{9b}\\u{2066}\\u{0}"
        );
        assert_eq!(visible_text("one\ntwo\u{1b}"), "one\ntwo\\e");
        // Bidi marks, line and paragraph separators and invisible format characters too.
        assert_eq!(
            visible("a\u{200e}b\u{200f}c\u{2028}d\u{2029}e\u{61c}f\u{feff}g"),
            "a\\u{200e}b\\u{200f}c\\u{2028}d\\u{2029}e\\u{61c}f\\u{feff}g"
        );
        // Every hidden character is replaced, and only those.
        for c in [
            '\u{1f}', '\u{80}', '\u{9f}', '\u{202a}', '\u{2069}', '\u{61c}', '\u{180e}',
            '\u{200b}', '\u{200e}', '\u{200f}', '\u{2028}', '\u{2029}', '\u{2060}', '\u{2064}',
            '\u{206a}', '\u{206f}', '\u{feff}', '\u{fff9}', '\u{fffb}',
        ] {
            assert!(is_hidden(c) && !visible(&c.to_string()).chars().any(is_hidden));
        }
        // The joiners stay (emoji and scripts need them), as does the rest of the text.
        for c in [
            ' ', '~', '\u{a0}', '\u{200c}', '\u{200d}', '\u{2027}', '\u{2065}', '\u{fffc}', 'é',
        ] {
            assert!(!is_hidden(c), "{c:?}");
        }
        assert!(matches!(visible("👩\u{200d}🚀"), Cow::Borrowed(_)));
    }

    #[test]
    fn quoted_values_are_escaped_and_cut() {
        assert_eq!(quoted("72kg"), "\"72kg\"");
        assert_eq!(quoted("a\u{1b}[2J\u{202e}"), "\"a\\u{1b}[2J\\u{202e}\"");
        let long = "12,".repeat(10_000);
        let q = quoted(&long);
        assert_eq!(q.chars().count(), ECHO_CHARS + 3, "{q}");
        assert!(q.ends_with("…\""));
        assert_eq!(quoted_to("abcdef", 3), "\"abc…\"");
        assert_eq!(part("x", "12,x"), "\"x\": ");
        assert_eq!(part(" x ", "x"), "");
        let long = format!("\"{}\"", "9".repeat(100));
        assert_eq!(cut_quoted_text(&long), format!("\"{}…\"", "9".repeat(60)));
        assert_eq!(cut_quoted_text("\"short\""), "\"short\"");
        assert_eq!(clipped(&"x".repeat(100)).chars().count(), ECHO_CHARS + 1);
        assert_eq!(clipped("a\nb"), "a\\nb");
        // Cut between characters, never inside one.
        assert_eq!(quoted(&"é".repeat(61)), format!("\"{}…\"", "é".repeat(60)));
    }

    #[test]
    fn every_text_of_a_plan_is_made_visible() {
        let mut p = crate::render::sample::plan(true);
        let bad = "\u{1b}]52;c;aGk=\u{7}\n\u{202e}";
        p.client = Some(bad.into());
        p.notices.push(bad.into());
        p.weeks[0].phase = bad.into();
        p.weeks[0].sessions[0].notes.push(bad.into());
        p.weeks[0].sessions[0].prescription.cues.push(bad.into());
        p.weeks[0].recovery_days[0].guidance = bad.into();
        plan(&mut p);
        fn strings<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
            match v {
                serde_json::Value::String(s) => out.push(s),
                serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
                serde_json::Value::Object(m) => m.values().for_each(|x| strings(x, out)),
                _ => {}
            }
        }
        let v = serde_json::to_value(&p).unwrap();
        let mut all = Vec::new();
        strings(&v, &mut all);
        assert!(all.iter().all(|s| !s.chars().any(is_hidden)), "{all:?}");
        let shown = "\\e]52;c;aGk=\\u{7}\\n\\u{202e}";
        assert_eq!(
            all.iter().filter(|s| s.contains(shown)).count(),
            6,
            "{all:?}"
        );
    }
}
