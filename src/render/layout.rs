//! The table format laid out for a terminal of known width: every session on one line
//! (`Mon  7 Dec`, what to lift, sets×reps, tempo, heel, depth, rest, effort), its notes
//! wrapped under it, and the week's heading, cues, pain rule and totals wrapped at the
//! width with a hanging indent. Nothing is cut inside a word or a number.
//!
//! The columns are chosen once for the whole plan, so the weeks line up as you scroll: the
//! depth in words when it fits, else the degrees with the words under each week; below
//! that (60–79 columns, or a prescription too wide for the width) each session is written
//! as a wrapped line of `·`-separated parts instead of columns.

use chrono::{Datelike, NaiveDate};
use unicode_width::UnicodeWidthStr;

use super::Style;
use super::text;
use crate::plan::{AdjustmentAction, Plan, Session, SessionKind, Week};

/// Narrowest terminal this layout is used for; below it the plain table is written.
pub const MIN_WIDTH: usize = 60;

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const YELLOW: &str = "\x1b[33m";
const CYAN: &str = "\x1b[1;36m";
const TODAY: &str = "\x1b[1;32m";
const RESET: &str = "\x1b[0m";

/// Where a session's notes and a recovery day's guidance start: after `Mon 14 Dec` and
/// the two-space gap.
const INDENT: usize = DATE_WIDTH + GAP;
const DATE_WIDTH: usize = 10;
const GAP: usize = 2;
/// A space that wrapping never breaks at, to keep `7.5 cm` or `tempo 2-1-1` whole.
const GLUE: char = '\u{A0}';
/// ` · ` between parts, kept on the line of the part before it when the line wraps.
const SEP: &str = "\u{A0}· ";

/// A session's cells for the columns: what to lift, sets×reps, tempo, heel, depth (with
/// and without words), rest, effort.
struct Cells {
    what: String,
    sets_reps: String,
    tempo: String,
    heel: String,
    depth: String,
    depth_words: String,
    rest: String,
    rpe: String,
}

impl Cells {
    fn of(s: &Session, plan: &Plan) -> Cells {
        let p = &s.prescription;
        let mut what = p.variant.as_str().to_string();
        if !p.load.is_bodyweight() {
            what.push(' ');
            text::push_load(&mut what, p, plan.units);
        }
        if s.kind == SessionKind::Light {
            what.push_str(" (light)");
        }
        let mut depth = String::new();
        text::push_depth(&mut depth, p.depth_deg);
        Cells {
            what,
            sets_reps: text::sets_reps(p),
            tempo: p.tempo.to_string(),
            heel: text::heel(p, plan.units),
            depth,
            depth_words: text::depth(p),
            rest: text::rest(p.rest_seconds),
            rpe: crate::template::num(p.rpe),
        }
    }

    /// The cells in column order, with the depth in words or not.
    fn row(&self, words: bool) -> [&str; 7] {
        let depth = if words {
            &self.depth_words
        } else {
            &self.depth
        };
        [
            &self.what,
            &self.sets_reps,
            &self.tempo,
            &self.heel,
            depth,
            &self.rest,
            &self.rpe,
        ]
    }

    /// The parts of the wrapped form: `bodyweight · 3×10 · tempo 2-1-1 · heel 7.5 cm · …`.
    fn parts(&self) -> String {
        let parts = [
            self.what.clone(),
            self.sets_reps.clone(),
            format!("tempo {}", self.tempo),
            format!("heel {}", self.heel),
            self.depth_words.clone(),
            format!("rest {}", self.rest),
            format!("RPE {}", self.rpe),
        ];
        parts.iter().map(|p| glue(p)).collect::<Vec<_>>().join(SEP)
    }
}

const HEADER: [&str; 8] = [
    "Date",
    "Load",
    "Sets×Reps",
    "Tempo",
    "Heel",
    "Depth",
    "Rest",
    "RPE",
];

/// How the sessions are laid out.
enum Layout {
    /// Columns of these widths (date first), the depth in words or not.
    Columns { widths: [usize; 8], words: bool },
    /// One wrapped line of parts per session.
    Lines,
}

impl Layout {
    fn choose(cells: &[&Cells], width: usize) -> Layout {
        for words in [true, false] {
            let mut widths = HEADER.map(UnicodeWidthStr::width);
            widths[0] = widths[0].max(DATE_WIDTH);
            for c in cells {
                for (w, cell) in widths[1..].iter_mut().zip(c.row(words)) {
                    *w = (*w).max(cell.width());
                }
            }
            let total = widths.iter().sum::<usize>() + GAP * (widths.len() - 1);
            if total <= width {
                return Layout::Columns { widths, words };
            }
        }
        Layout::Lines
    }
}

/// Renders the whole plan for a terminal `width` columns wide (at least [`MIN_WIDTH`]).
pub fn render(plan: &Plan, style: Style, width: usize) -> String {
    let mut out = String::with_capacity(4096 + plan.weeks.len() * 2400);
    let cells: Vec<Vec<Cells>> = plan
        .weeks
        .iter()
        .map(|w| w.sessions.iter().map(|s| Cells::of(s, plan)).collect())
        .collect();
    let layout = Layout::choose(&cells.iter().flatten().collect::<Vec<_>>(), width);
    let w = Wrap {
        width,
        color: style.color,
    };
    let days = plan
        .days
        .iter()
        .map(|d| d.title())
        .collect::<Vec<_>>()
        .join("/");
    w.para(
        &mut out,
        "",
        0,
        &format!(
            "vmo plan · {}{SEP}{}{SEP}{}{SEP}{days}",
            plan.template,
            glue(&text::weeks(plan.weeks.len())),
            glue(&span(plan.start, plan.end)),
        ),
        Some(BOLD),
    );
    let mut last_phase = "";
    let mut shown: Vec<&str> = Vec::new();
    for (week, cells) in plan.weeks.iter().zip(&cells) {
        out.push('\n');
        let deload = if week.deload { " · DELOAD" } else { "" };
        w.para(
            &mut out,
            "",
            0,
            &format!(
                "Week {} · {}{deload} · {}",
                week.number,
                week.phase,
                glue(&span(week.start, week.end))
            ),
            Some(if week.deload { CYAN } else { BOLD }),
        );
        // A phase's cues when it starts, and later any cue that changed (a new depth).
        if let Some(s) = week.sessions.iter().find(|s| s.kind == SessionKind::Hard) {
            let new_phase = week.phase != last_phase;
            for cue in &s.prescription.cues {
                if new_phase || !shown.contains(&cue.as_str()) {
                    w.para(&mut out, "  • ", 4, cue, None);
                }
            }
            shown = s.prescription.cues.iter().map(String::as_str).collect();
            last_phase = &week.phase;
        }
        sessions(&mut out, &w, plan, week, cells, &layout, style);
        if let Layout::Columns { words: false, .. } = layout {
            depth_key(&mut out, &w, week);
        }
        if let Some(pain) = &plan.pain {
            for (i, rule) in pain.rules.iter().enumerate() {
                let label = if i == 0 { "Pain rule: " } else { "           " };
                w.para(&mut out, label, label.len(), rule, None);
            }
            if !pain.red_flags.is_empty() {
                w.para(&mut out, "", 11, &pain.red_flags, None);
            }
        }
        let rides = text::ride_lines(plan, week, |d| glue(&format!("{} ", short_date(d))));
        if !rides.is_empty() {
            w.para(&mut out, "", 0, "Own training:", None);
            for line in &rides {
                w.para(&mut out, "  ", 14, line, None);
            }
        }
        let s = &week.summary;
        w.para(
            &mut out,
            "Total: ",
            7,
            &format!(
                "{}, {}, {} reps{SEP}{}{SEP}{}{SEP}{}{}",
                text::count(s.sessions, "session"),
                text::count(s.sets, "set"),
                s.reps,
                glue(&format!(
                    "knee load {}",
                    text::volume(s.volume, &plan.volume_unit, plan.units)
                )),
                glue(&format!("change {}", text::week_change(week))),
                glue(&format!("ACWR {}", text::ratio(s.acwr))),
                if week.deload { "\u{A0}· deload" } else { "" }
            ),
            None,
        );
    }
    out
}

/// The week's sessions and recovery days in date order, each session's notes under it.
fn sessions(
    out: &mut String,
    w: &Wrap,
    plan: &Plan,
    week: &Week,
    cells: &[Cells],
    layout: &Layout,
    style: Style,
) {
    if let Layout::Columns { widths, .. } = layout {
        let line = pad_row(&HEADER, widths);
        w.colored(out, &line, Some(BOLD));
        out.push('\n');
    }
    let held = plan
        .adjustments
        .iter()
        .any(|a| a.week == week.number && a.action == AdjustmentAction::HeldBack);
    let mut order = Vec::new();
    text::date_order(week, !style.hide_recovery, &mut order);
    for (date, recovery, i) in order {
        let today = style.today == Some(date);
        let mut lead = short_date(date);
        pad(&mut lead, DATE_WIDTH + GAP);
        if recovery {
            let r = &week.recovery_days[i];
            let label = if r.guidance.starts_with("Recovery") {
                ""
            } else {
                "recovery · "
            };
            let color = if today { TODAY } else { DIM };
            w.para(
                out,
                &lead,
                INDENT,
                &format!("{label}{}", r.guidance),
                Some(color),
            );
            continue;
        }
        let s = &week.sessions[i];
        let c = &cells[i];
        let color = today.then_some(TODAY);
        match layout {
            Layout::Columns { widths, words } => {
                let mut cols = vec![short_date(date)];
                cols.extend(c.row(*words).iter().map(|s| s.to_string()));
                let line = pad_row(&cols, widths);
                w.colored(out, &line, color);
                out.push('\n');
            }
            Layout::Lines => w.para(out, &lead, INDENT, &c.parts(), color),
        }
        let note_color = if held { YELLOW } else { DIM };
        let indent = " ".repeat(INDENT);
        if let Some(purpose) = &s.purpose {
            w.para(
                out,
                &indent,
                INDENT + 2,
                &format!("{}{purpose}", text::PURPOSE_LABEL),
                Some(DIM),
            );
        }
        for n in &s.notes {
            // Labelled like `vmo today` does, so a note never reads as part of a wrapped
            // prescription above it.
            w.para(
                out,
                &indent,
                INDENT + 2,
                &format!("note: {n}"),
                Some(note_color),
            );
        }
    }
}

/// `Depth: 90° right angle · 55° shallow half squat`, for columns that show only the degrees.
fn depth_key(out: &mut String, w: &Wrap, week: &Week) {
    let mut seen: Vec<String> = Vec::new();
    for s in &week.sessions {
        let p = &s.prescription;
        if p.depth_words.is_empty() {
            continue;
        }
        let mut d = String::new();
        text::push_depth(&mut d, p.depth_deg);
        let item = glue(&format!("{d} {}", p.depth_words));
        if !seen.contains(&item) {
            seen.push(item);
        }
    }
    if !seen.is_empty() {
        w.para(out, "Depth: ", 7, &seen.join(SEP), None);
    }
}

/// `Mon  7 Dec`: the weekday, the day of the month right-aligned, the month.
pub fn short_date(d: NaiveDate) -> String {
    format!("{} {:>2} {}", d.format("%a"), d.day(), d.format("%b"))
}

/// `7 Dec – 13 Dec 2026`, or with both years when they differ.
fn span(from: NaiveDate, to: NaiveDate) -> String {
    if from.year() == to.year() {
        format!("{} – {}", from.format("%-d %b"), to.format("%-d %b %Y"))
    } else {
        format!("{} – {}", from.format("%-d %b %Y"), to.format("%-d %b %Y"))
    }
}

/// `text` with the spaces inside a quantity made unbreakable, so wrapping never leaves a
/// number and its unit (`18 %`, `7.5 cm`, `2 × 10 kg`), a label and its number (`RPE 6`,
/// `week 4`) or the two sides of a change (`12 → 10`) on different lines.
fn glue_numbers(text: &str) -> String {
    const UNITS: [&str; 10] = ["%", "%)", "%))", "cm", "in", "kg", "lb", "s", "×", "°"];
    const LABELS: [&str; 5] = ["RPE", "week", "weeks", "tempo", "cap"];
    let ends_in_digit = |w: &str| w.chars().last().is_some_and(|c| c.is_ascii_digit());
    let starts_with_digit = |w: &str| {
        w.trim_start_matches(['(', '+', '-', '±'])
            .starts_with(|c: char| c.is_ascii_digit())
    };
    let mut out = String::with_capacity(text.len());
    let mut prev = "";
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            let unit = ends_in_digit(prev)
                && UNITS.iter().any(|u| {
                    word == *u
                        || word
                            .strip_prefix(u)
                            .is_some_and(|r| r.starts_with([',', ';', ')', ':']))
                });
            let label = LABELS.contains(&prev.trim_start_matches('(')) && starts_with_digit(word);
            let arrow = word == "→" || prev == "→" || prev == "×";
            out.push(if unit || label || arrow { GLUE } else { ' ' });
        }
        out.push_str(word);
        prev = word;
    }
    out
}

/// `s` with its spaces made unbreakable.
fn glue(s: &str) -> String {
    s.replace(' ', &GLUE.to_string())
}

fn pad(s: &mut String, width: usize) {
    let w = s.width();
    s.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
}

/// The cells padded to `widths`, two spaces apart, trailing spaces removed.
fn pad_row<S: AsRef<str>>(cells: &[S], widths: &[usize; 8]) -> String {
    let mut line = String::new();
    for (cell, w) in cells.iter().zip(widths) {
        line.push_str(cell.as_ref());
        let shown = cell.as_ref().width();
        line.extend(std::iter::repeat_n(' ', w.saturating_sub(shown) + GAP));
    }
    line.truncate(line.trim_end().len());
    line
}

/// Wraps each line of `text` longer than `width` at spaces, with a hanging indent that
/// lines up under what follows its lead-in (`• `, `note: `, `Pain rule: `, or the line's
/// own indentation): `vmo today`, `next` and `why` on a terminal.
pub fn wrap_lines(text: &str, width: usize) -> String {
    let w = Wrap {
        width: width.max(20),
        color: false,
    };
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in text.lines() {
        if line.width() <= w.width {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let body = &line[indent..];
        let label = if body.starts_with("• ") {
            Some("• ".len())
        } else {
            body.find(": ")
                .filter(|&i| i <= 24 && !body[..i].contains(" · "))
                .map(|i| i + 2)
        };
        let cut = indent + label.unwrap_or(0);
        let hang = line[..cut].width();
        w.para(&mut out, &line[..cut], hang, &line[cut..], None);
    }
    out
}

/// Writes text wrapped at a width, optionally coloured.
struct Wrap {
    width: usize,
    color: bool,
}

impl Wrap {
    /// Writes `line` and, on a colour terminal, wraps it in `color`.
    fn colored(&self, out: &mut String, line: &str, color: Option<&str>) {
        match color.filter(|_| self.color) {
            Some(c) => {
                out.push_str(c);
                out.push_str(line);
                out.push_str(RESET);
            }
            None => out.push_str(line),
        }
    }

    /// Writes `text` after `first` (the first line's lead-in), wrapped at spaces to the
    /// width; later lines start `indent` spaces in. A word longer than a line gets a line
    /// of its own rather than being cut. Spaces glued with [`glue`] never break.
    fn para(&self, out: &mut String, first: &str, indent: usize, text: &str, color: Option<&str>) {
        let mut lead = first.to_string();
        let mut line = String::new();
        let mut used = lead.width();
        let text = glue_numbers(text);
        for word in text.split(' ').filter(|w| !w.is_empty()) {
            let ww = word.width();
            if !line.is_empty() && used + 1 + ww > self.width {
                self.flush(out, &lead, &line, color);
                lead = " ".repeat(indent);
                line.clear();
                used = indent;
            }
            if !line.is_empty() {
                line.push(' ');
                used += 1;
            }
            line.push_str(word);
            used += ww;
        }
        self.flush(out, &lead, &line, color);
    }

    fn flush(&self, out: &mut String, lead: &str, line: &str, color: Option<&str>) {
        out.push_str(lead);
        self.colored(out, &line.replace(GLUE, " "), color);
        out.truncate(out.trim_end_matches(' ').len());
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Athlete, Request};
    use crate::units::Unit;

    /// A built-in's plan from 2026-12-07, with 80 kg and a 100 kg 1RM when `loads`.
    fn builtin(name: &str, weeks: u32, loads: bool) -> Plan {
        let b = crate::template::builtin(name).unwrap();
        let t = crate::template::parse(b.name, b.source).unwrap();
        let athlete = if loads {
            Athlete {
                bodyweight_kg: Some(80.0),
                one_rep_max_kg: Some(100.0),
                ..Athlete::default()
            }
        } else {
            Athlete::default()
        };
        let req = Request {
            weeks,
            start: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            days: None,
            athlete,
            unit: Unit::Kg,
            changes: Vec::new(),
            rides: Default::default(),
        };
        crate::plan::generate(&t, &req).unwrap()
    }

    fn plans() -> Vec<Plan> {
        vec![
            builtin("knee-friendly", 26, false),
            builtin("foundation", 26, false),
            builtin("foundation", 26, true),
            builtin("athlete", 26, false),
            builtin("athlete", 26, true),
        ]
    }

    fn at(plan: &Plan, width: usize) -> String {
        render(
            plan,
            Style {
                width: Some(width),
                ..Style::default()
            },
            width,
        )
    }

    /// Runs of whitespace (line breaks and indents included) as one space.
    fn words(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn at_80_columns_and_up_each_session_is_one_line_with_its_whole_prescription() {
        for plan in plans() {
            for width in [80, 100, 140] {
                let out = at(&plan, width);
                for s in plan.weeks.iter().flat_map(|w| &w.sessions) {
                    let c = Cells::of(s, &plan);
                    let line = out
                        .lines()
                        .find(|l| l.starts_with(&short_date(s.date)))
                        .unwrap_or_else(|| {
                            panic!("{}: no row for {}\n{out}", plan.template, s.date)
                        });
                    for cell in c.row(false) {
                        assert!(
                            line.contains(cell),
                            "{} at {width}: {cell:?} not on {line:?}",
                            plan.template
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn no_line_is_wider_than_the_terminal_and_no_word_is_split() {
        for plan in plans() {
            for width in [60, 70, 80, 100, 140] {
                let out = at(&plan, width);
                for line in out.lines() {
                    assert!(line.width() <= width, "{width}: {line:?}");
                    assert!(!line.contains(GLUE), "{line:?}");
                }
                // Every text the plan holds is in the output whole: a split word would
                // put a space inside it.
                let flat = words(&out);
                let mut texts: Vec<&str> = Vec::new();
                for w in &plan.weeks {
                    for s in &w.sessions {
                        texts.extend(s.notes.iter().map(String::as_str));
                        texts.extend(s.purpose.as_deref());
                    }
                    // The cues in force each week, hard sessions' (light ones have fewer).
                    let hard = w.sessions.iter().find(|s| s.kind == SessionKind::Hard);
                    texts.extend(
                        hard.iter()
                            .flat_map(|s| &s.prescription.cues)
                            .map(String::as_str),
                    );
                    texts.extend(w.recovery_days.iter().map(|r| r.guidance.as_str()));
                }
                if let Some(p) = &plan.pain {
                    texts.extend(p.rules.iter().map(String::as_str));
                    texts.push(&p.red_flags);
                }
                for t in texts {
                    assert!(flat.contains(&words(t)), "{width}: {t:?} split");
                }
            }
        }
    }

    #[test]
    fn the_columns_drop_the_depth_words_before_they_would_not_fit() {
        let plan = builtin("athlete", 6, true);
        let wide = at(&plan, 100);
        assert!(wide.contains("110° (past right angle)"));
        assert!(!wide.contains("Depth: "));
        let narrow = at(&plan, 80);
        // Only the depth cue, at each phase's start, still says it in words.
        let rows = narrow
            .lines()
            .filter(|l| l.contains(" 110° ") && !l.contains("Depth 110°"));
        assert!(rows.clone().count() >= 6, "{narrow}");
        for row in rows {
            assert!(!row.contains("(past right angle)"), "{row}");
        }
        assert_eq!(narrow.matches("Depth: 110° past right angle").count(), 6);
        // Below the columns' width each session is a wrapped line of parts.
        let lines = at(&plan, 60);
        assert!(!lines.contains("Sets×Reps"));
        assert!(lines.contains("Mon  7 Dec  barbell 67.5 kg · 3×8 · tempo 2-1-1 ·\n"));
    }

    #[test]
    fn colour_marks_today_deload_weeks_and_held_back_notes_only_when_asked() {
        let mut plan = builtin("knee-friendly", 7, false);
        let today = plan.weeks[0].sessions[1].date;
        let style = Style {
            color: true,
            today: Some(today),
            width: Some(80),
            ..Style::default()
        };
        plan.adjustments.push(crate::plan::Adjustment {
            week: 2,
            guard: "volume_cap".to_string(),
            action: AdjustmentAction::HeldBack,
            message: String::new(),
        });
        let out = render(&plan, style, 80);
        let row = out
            .lines()
            .find(|l| l.contains(&short_date(today)))
            .unwrap();
        assert!(row.starts_with(TODAY), "{row:?}");
        assert!(out.contains(&format!("{CYAN}Week 6 · Deepen · DELOAD")));
        let note = &plan.weeks[1].sessions[0].notes[0];
        assert!(
            out.contains(&format!("{YELLOW}note: {note}{RESET}")),
            "{out}"
        );
        let note = &plan.weeks[2].sessions[0].notes[0];
        assert!(out.contains(&format!("{DIM}note: {note}{RESET}")), "{out}");
        let plain = render(
            &plan,
            Style {
                color: false,
                ..style
            },
            80,
        );
        assert!(!plain.contains('\x1b'));
        assert_eq!(
            plain,
            out.replace(BOLD, "")
                .replace(CYAN, "")
                .replace(TODAY, "")
                .replace(YELLOW, "")
                .replace(DIM, "")
                .replace(RESET, "")
        );
    }

    #[test]
    fn the_table_takes_this_layout_only_for_a_known_width_of_60_or_more() {
        let plan = builtin("foundation", 2, false);
        let plain = crate::render::table::render(&plan, Style::default());
        for width in [None, Some(0), Some(20), Some(59)] {
            let style = Style {
                width,
                ..Style::default()
            };
            assert_eq!(crate::render::table::render(&plan, style), plain);
        }
        let style = Style {
            width: Some(60),
            ..Style::default()
        };
        assert_eq!(crate::render::table::render(&plan, style), at(&plan, 60));
    }

    #[test]
    fn quantities_stay_on_one_line() {
        let g = |s: &str| glue_numbers(s).replace(GLUE, "_");
        assert_eq!(
            g("knee load +18 % over week 4 (cap 10 %))"),
            "knee load +18_% over week_4 (cap_10_%))"
        );
        assert_eq!(g("reps 12 → 10 to keep"), "reps 12_→_10 to keep");
        assert_eq!(g("tempo 3-1-1, RPE 6"), "tempo_3-1-1, RPE_6");
        assert_eq!(g("heel 3 → 4 cm; 2 × 10 kg"), "heel 3_→_4_cm; 2_×_10_kg");
        assert_eq!(g("in the morning"), "in the morning");
    }

    #[test]
    fn day_text_wraps_under_its_lead_in() {
        let text = "• Press through the big toe and the inside of the foot; keep the arch up and the knee over the second toe\nnote: depth 90° → 75° (half squat): knee pain 6/10 on Wed 2 Dec 2026\nshort line\n";
        let out = wrap_lines(text, 40);
        for l in out.lines() {
            assert!(l.width() <= 40, "{l:?}");
        }
        assert!(
            out.starts_with("• Press through the big toe and the\n  inside"),
            "{out}"
        );
        assert!(
            out.contains("\nnote: depth 90° → 75° (half squat): knee\n      pain 6/10"),
            "{out}"
        );
        assert!(out.ends_with("short line\n"));
        assert_eq!(wrap_lines(text, 500), text);
    }

    #[test]
    fn short_dates_line_up() {
        let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        assert_eq!(short_date(d(12, 7)), "Mon  7 Dec");
        assert_eq!(short_date(d(12, 14)), "Mon 14 Dec");
        assert_eq!(span(d(12, 7), d(12, 13)), "7 Dec – 13 Dec 2026");
        assert_eq!(
            span(d(12, 28), NaiveDate::from_ymd_opt(2027, 1, 3).unwrap()),
            "28 Dec 2026 – 3 Jan 2027"
        );
    }
}
