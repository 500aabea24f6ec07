//! The plan as terminal tables: one block per week (heading, the phase's cues when it
//! starts, the pain rule and red flags when the plan has them, sessions and recovery days,
//! summary line). On a terminal of known width, at least [`super::layout::MIN_WIDTH`]
//! columns, [`super::layout`] lays it out to fit; everywhere else (pipes, files, unknown or
//! tiny widths) it is the plain border-free table scripts rely on, uncoloured unless
//! [`Style`] says otherwise.
//!
//! The border-free table is written here directly: the same bytes comfy-table makes with
//! no borders, no wrapping and two spaces after each column, at a fraction of the cost. A
//! week with a cell whose display width is not plainly one column per character (wide or
//! zero-width characters, line breaks, control characters) still goes through
//! comfy-table, so the two can never disagree.

use std::fmt::Write;

use comfy_table::{Attribute, Cell, ContentArrangement, Table, presets};

use super::Style;
use super::text::{self, Grid, push_date};
use crate::plan::{Plan, SessionKind, Week};
use crate::template::push_uint;

const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// Renders the whole plan.
pub fn render(plan: &Plan, style: Style) -> String {
    if let Some(width) = style.width.filter(|w| *w >= super::layout::MIN_WIDTH) {
        return super::layout::render(plan, style, width);
    }
    let mut out = String::with_capacity(2048 + plan.weeks.len() * 1400);
    let days = plan
        .days
        .iter()
        .map(|d| d.title())
        .collect::<Vec<_>>()
        .join("/");
    bold_line(&mut out, style.color, |out| {
        out.push_str("vmo plan · ");
        if let Some(c) = &plan.client {
            out.push_str(c);
            out.push_str(" · ");
        }
        let _ = write!(
            out,
            "{} · {} · {} to {} · {days}",
            plan.template,
            super::text::weeks(plan.weeks.len()),
            plan.start,
            plan.end,
        );
    });
    let header = text::header(true);
    let mut grid = Grid::default();
    let mut widths = Widths::default();
    let mut last_phase = "";
    for week in &plan.weeks {
        out.push('\n');
        bold_line(&mut out, style.color, |out| {
            out.push_str("Week ");
            push_uint(out, u64::from(week.number));
            let deload = if week.deload { " · DELOAD" } else { "" };
            for part in [" · ", &week.phase, deload, " · "] {
                out.push_str(part);
            }
            push_date(out, week.start);
            out.push_str(" to ");
            push_date(out, week.end);
        });
        if week.phase != last_phase {
            if let Some(s) = week.sessions.iter().find(|s| s.kind == SessionKind::Hard) {
                for cue in &s.prescription.cues {
                    let _ = writeln!(out, "  • {cue}");
                }
            }
            last_phase = &week.phase;
        }
        if let Some(pain) = &plan.pain {
            text::push_pain_lines(&mut out, pain, "  ");
        }
        grid.fill(week, plan.units, true, style.hide_recovery);
        if !widths.measure(&grid, &header) {
            week_table(&mut out, &grid, &header, style);
        } else {
            plain_table(&mut out, &grid, &header, &widths, style.color);
        }
        out.push('\n');
        let rides = text::ride_lines(plan, week, text::date_and_day);
        if !rides.is_empty() {
            out.push_str("Own training:\n");
            for line in rides {
                let _ = writeln!(out, "  {line}");
            }
        }
        week_total(&mut out, plan, week);
    }
    out
}

/// Writes a line, in bold when `color`.
fn bold_line(out: &mut String, color: bool, write: impl FnOnce(&mut String)) {
    if color {
        out.push_str(BOLD);
    }
    write(out);
    if color {
        out.push_str(RESET);
    }
    out.push('\n');
}

/// `Week 3 total: 3 sessions, 9 sets, 108 reps · knee load 108 bodyweight reps · change +8 % · ACWR 1.12`.
fn week_total(out: &mut String, plan: &Plan, week: &Week) {
    let s = &week.summary;
    let _ = writeln!(
        out,
        "Week {} total: {}, {}, {} reps · knee load {} · change {} · ACWR {}{}",
        week.number,
        text::count(s.sessions, "session"),
        text::count(s.sets, "set"),
        s.reps,
        text::volume(s.volume, &plan.volume_unit, plan.units),
        text::week_change(week),
        text::ratio(s.acwr),
        if week.deload { " · deload" } else { "" }
    );
}

/// The border-free table through comfy-table, for a week whose cells [`Widths::measure`]
/// cannot measure.
fn week_table(out: &mut String, grid: &Grid, header: &[&str], style: Style) {
    let mut t = Table::new();
    t.load_style(presets::NOTHING);
    t.set_content_arrangement(ContentArrangement::Disabled);
    t.force_no_tty();
    if style.color {
        t.enforce_styling();
        t.set_header(
            header
                .iter()
                .map(|h| Cell::new(h).add_attribute(Attribute::Bold)),
        );
    } else {
        t.set_header(header.to_vec());
    }
    for col in t.column_iter_mut() {
        col.set_padding((0, 2));
    }
    for r in 0..grid.rows() {
        t.add_row(grid.row(r).collect::<Vec<_>>());
    }
    for line in t.lines() {
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// Display widths of a week's cells and columns, for the border-free table.
#[derive(Debug, Default)]
struct Widths {
    /// Each column's width: its widest cell, header included, and at least one.
    columns: Vec<usize>,
    /// Each cell's width, row after row (the header's first).
    cells: Vec<usize>,
}

impl Widths {
    /// Measures every cell; false when some cell holds a character this writer does not
    /// measure (see [`char_width_is_one`]).
    fn measure(&mut self, grid: &Grid, header: &[&str]) -> bool {
        self.columns.clear();
        self.cells.clear();
        self.columns.resize(header.len(), 1);
        let cells = header
            .iter()
            .copied()
            .chain((0..grid.rows()).flat_map(|r| grid.row(r)));
        for (k, cell) in cells.enumerate() {
            let Some(w) = simple_width(cell) else {
                return false;
            };
            let c = k % header.len();
            self.columns[c] = self.columns[c].max(w);
            self.cells.push(w);
        }
        true
    }
}

/// Writes the border-free table as comfy-table does with the `NOTHING` preset, padding
/// (0, 2) and no wrapping, each line with its trailing whitespace removed.
fn plain_table(out: &mut String, grid: &Grid, header: &[&str], widths: &Widths, color: bool) {
    let cols = header.len();
    let line_start = out.len();
    for (c, h) in header.iter().enumerate() {
        // comfy-table styles the padded cell, so the spaces sit inside the escapes.
        if color {
            out.push_str(BOLD);
        }
        out.push_str(h);
        spaces(out, widths.columns[c] - widths.cells[c] + 2);
        if color {
            out.push_str(RESET);
        }
    }
    end_line(out, line_start);
    for r in 0..grid.rows() {
        let line_start = out.len();
        let cell_widths = &widths.cells[(r + 1) * cols..(r + 2) * cols];
        for (c, cell) in grid.row(r).enumerate() {
            out.push_str(cell);
            spaces(out, widths.columns[c] - cell_widths[c] + 2);
        }
        end_line(out, line_start);
    }
}

fn spaces(out: &mut String, mut n: usize) {
    const SPACES: &str = "                                                                ";
    while n > 0 {
        let k = n.min(SPACES.len());
        out.push_str(&SPACES[..k]);
        n -= k;
    }
}

/// Trims the line begun at `start` as `str::trim_end` does and ends it.
fn end_line(out: &mut String, start: usize) {
    let kept = out[start..].trim_end().len();
    out.truncate(start + kept);
    out.push('\n');
}

/// Display width of `s` when every character is one column wide, else `None`.
fn simple_width(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b >= 0x80 {
            break;
        }
        // Printable ASCII is one column per byte; control characters are not.
        if !(b' '..=b'~').contains(&b) {
            return None;
        }
        i += 1;
    }
    let mut n = i;
    for c in s[i..].chars() {
        if !char_width_is_one(c) {
            return None;
        }
        n += 1;
    }
    Some(n)
}

/// Characters known to take exactly one column, whatever surrounds them: printable ASCII,
/// Latin-1 and Latin Extended-A letters and signs (less the soft hyphen), and the general
/// punctuation, arrows and mathematical operators vmo itself writes (`·`, `×`, `°`, `—`,
/// `•`, `→`, `±`). A test checks each one against comfy-table.
fn char_width_is_one(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{A0}'..='\u{AC}'
        | '\u{AE}'..='\u{17F}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{205E}'
        | '\u{2190}'..='\u{2199}'
        | '\u{2200}'..='\u{22FF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    use crate::day::Day;
    use crate::plan::{Load, Prescription, RecoveryDay, Session, WeekSummary};
    use crate::template::{Tempo, Variant};
    use crate::units::Unit;

    /// A week whose session phase, note and recovery guidance are the given strings.
    fn week(phase: &str, note: &str, guidance: &str) -> Week {
        let date = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let session = Session {
            date,
            weekday: Day::Mon,
            week: 1,
            slot: 1,
            kind: SessionKind::Hard,
            phase: phase.to_string(),
            prescription: Prescription {
                exercise: "cyclist squat".to_string(),
                variant: Variant::Bodyweight,
                sets: 3,
                reps: 10,
                tempo: Tempo {
                    eccentric: 3,
                    pause: 1,
                    concentric: 1,
                },
                heel_height_cm: 7.5,
                depth_deg: 90.0,
                depth_words: "right angle".to_string(),
                rest_seconds: 75,
                rpe: 6.0,
                load: Load::default(),
                cues: Vec::new(),
            },
            knee_load: 40.5,
            notes: vec![note.to_string(), "second".to_string()],
            purpose: None,
            log: None,
            alerts: Vec::new(),
            display: crate::plan::Display {
                unit: crate::units::Unit::Kg,
                load: None,
                load_text: "bodyweight".to_string(),
                heel_height: 7.5,
                heel_text: "7.5 cm".to_string(),
            },
        };
        Week {
            number: 1,
            phase: phase.to_string(),
            deload: false,
            start: date,
            end: date + chrono::Days::new(6),
            sessions: vec![session],
            recovery_days: vec![RecoveryDay {
                date: date + chrono::Days::new(1),
                weekday: Day::Tue,
                week: 1,
                guidance: guidance.to_string(),
                alerts: Vec::new(),
            }],
            summary: WeekSummary {
                sessions: 1,
                sets: 3,
                reps: 30,
                volume: 30.0,
                change_percent: None,
                change_from_week: None,
                acwr: None,
                planned_volume: None,
            },
        }
    }

    /// The week's table both ways: (written here if measurable, through comfy-table).
    fn both(w: &Week, color: bool) -> (Option<String>, String) {
        let header = text::header(true);
        let mut grid = Grid::default();
        grid.fill(w, Unit::Kg, true, false);
        let style = Style {
            color,
            ..Style::default()
        };
        let mut comfy = String::new();
        week_table(&mut comfy, &grid, &header, style);
        let mut widths = Widths::default();
        let plain = widths.measure(&grid, &header).then(|| {
            let mut s = String::new();
            plain_table(&mut s, &grid, &header, &widths, color);
            s
        });
        (plain, comfy)
    }

    #[test]
    fn every_character_counted_as_one_column_is_one_column_in_comfy_table() {
        let ranges = [
            (' ', '~'),
            ('\u{A0}', '\u{AC}'),
            ('\u{AE}', '\u{17F}'),
            ('\u{2010}', '\u{2027}'),
            ('\u{2030}', '\u{205E}'),
            ('\u{2190}', '\u{2199}'),
            ('\u{2200}', '\u{22FF}'),
        ];
        let mut checked = 0;
        for (lo, hi) in ranges {
            for c in lo..=hi {
                assert!(char_width_is_one(c));
                // Alone, doubled and after other text, in a column other cells do not set.
                for note in [c.to_string(), format!("{c}{c}"), format!("x{c}y")] {
                    let (plain, comfy) = both(&week("P", &note, "g"), false);
                    assert_eq!(
                        plain.as_deref(),
                        Some(comfy.as_str()),
                        "{c:?} U+{:04X}",
                        c as u32
                    );
                }
                checked += 1;
            }
        }
        assert_eq!(checked, 655);
        assert!(!char_width_is_one('\u{AD}'));
    }

    #[test]
    fn the_plain_table_matches_comfy_table_with_and_without_colour() {
        for color in [false, true] {
            let (plain, comfy) = both(&week("Build · 2", "+2 reps (10 → 12); ±0 %", "walk"), color);
            assert_eq!(plain.as_deref(), Some(comfy.as_str()));
        }
    }

    #[test]
    fn cells_it_cannot_measure_go_through_comfy_table() {
        for odd in [
            "wide 漢字",
            "emoji 🦵",
            "two\nlines",
            "tab\there",
            "soft\u{AD}hyphen",
            "é\u{301}",
        ] {
            let (plain, _) = both(&week("P", odd, "g"), false);
            assert_eq!(plain, None, "{odd:?}");
        }
        // And the whole plan still renders them as comfy-table does.
        let w = week("P", "two\nlines 漢字", "g");
        let (_, comfy) = both(&w, false);
        assert!(comfy.contains("漢字"));
    }

    /// How many times `needle` occurs in `hay`.
    fn count(hay: &str, needle: &str) -> usize {
        hay.matches(needle).count()
    }

    #[test]
    fn the_pain_rule_is_printed_once_under_each_week_heading() {
        let plan = crate::render::sample::plan(true);
        let pain = plan.pain.as_ref().unwrap();
        {
            let out = render(&plan, Style::default());
            for text in pain.rules.iter().chain([&pain.red_flags]) {
                assert_eq!(count(&out, text), plan.weeks.len(), "{text}\n{out}");
            }
            // Under the heading, before the week's table.
            let blocks = out
                .split("\nWeek ")
                .skip(1)
                .filter(|b| !b.contains("total:"));
            assert_eq!(blocks.clone().count(), plan.weeks.len());
            for block in blocks {
                let rule = block.find("Pain rule: ").unwrap();
                let flags = block.find("Red flags: ").unwrap();
                let table = block.find("Date").unwrap();
                assert!(rule < flags && flags < table, "{block}");
            }
        }
        let without = render(&crate::render::sample::plan(false), Style::default());
        assert!(!without.contains("Pain rule"));
        assert!(!without.contains("Red flags"));
    }

    #[test]
    fn rows_show_depth_in_words_and_a_light_sessions_purpose() {
        let plan = crate::render::sample::plan(false);
        let out = render(&plan, Style::default());
        let rows: Vec<&str> = out.lines().filter(|l| l.starts_with("2026-")).collect();
        let light: Vec<&&str> = rows.iter().filter(|l| l.contains("(light)")).collect();
        assert_eq!(light.len(), 2);
        for l in light {
            assert!(
                l.ends_with(&format!("purpose: {}", crate::render::sample::PURPOSE)),
                "{l}"
            );
        }
        let sessions = rows.iter().filter(|l| !l.contains("recovery")).count();
        assert_eq!(sessions, 4);
        assert_eq!(count(&out, "90° (right angle)"), 4);
        // The notices are for stderr, never in the table.
        assert!(!out.contains(&plan.notices[0]));
    }

    proptest! {
        #[test]
        fn plain_and_comfy_tables_agree(
            phase in "[ -~·×°—éß→]{0,12}",
            note in "[ -~·×°—éß→\u{A0}]{0,30}",
            guidance in "[ -~ÄÖÜ]{0,40}",
            color: bool,
        ) {
            let (plain, comfy) = both(&week(&phase, &note, &guidance), color);
            prop_assert_eq!(plain.as_deref(), Some(comfy.as_str()));
        }
    }
}
