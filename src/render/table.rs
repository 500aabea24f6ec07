//! The plan as terminal tables: one block per week (header, sessions and recovery days,
//! summary line). Plain, border-free and uncoloured unless [`Style`] says otherwise.

use std::fmt::Write;

use comfy_table::{Attribute, Cell, ContentArrangement, Table, presets};

use super::Style;
use super::text;
use crate::plan::{Plan, SessionKind, Week};

/// Renders the whole plan.
pub fn render(plan: &Plan, style: Style) -> String {
    let mut out = String::new();
    let bold = |s: &str| {
        if style.color {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let _ = writeln!(
        out,
        "{}",
        bold(&format!(
            "vmo plan · {} · {} weeks · {} to {} · {}",
            plan.template,
            plan.weeks.len(),
            plan.start,
            plan.end,
            plan.days
                .iter()
                .map(|d| d.title())
                .collect::<Vec<_>>()
                .join("/")
        ))
    );
    let mut last_phase = "";
    for week in &plan.weeks {
        out.push('\n');
        let deload = if week.deload { " · DELOAD" } else { "" };
        let _ = writeln!(
            out,
            "{}",
            bold(&format!(
                "Week {} · {}{deload} · {} to {}",
                week.number, week.phase, week.start, week.end
            ))
        );
        if week.phase != last_phase {
            if let Some(s) = week.sessions.iter().find(|s| s.kind == SessionKind::Hard) {
                for cue in &s.prescription.cues {
                    let _ = writeln!(out, "  • {cue}");
                }
            }
            last_phase = &week.phase;
        }
        out.push_str(&week_table(week, style, plan.units));
        out.push('\n');
        let s = &week.summary;
        let _ = writeln!(
            out,
            "Week {} total: {} sessions, {} sets, {} reps · volume {} · change {} · ACWR {}{}",
            week.number,
            s.sessions,
            s.sets,
            s.reps,
            text::volume(s.volume, &plan.volume_unit),
            text::change(s.change_percent),
            text::ratio(s.acwr),
            if week.deload { " · deload" } else { "" }
        );
    }
    out
}

fn week_table(week: &Week, style: Style, unit: crate::units::Unit) -> String {
    let mut t = Table::new();
    if style.boxes {
        t.load_style(presets::UTF8_FULL_CONDENSED);
        t.set_content_arrangement(ContentArrangement::Dynamic);
    } else {
        t.load_style(presets::NOTHING);
        t.set_content_arrangement(ContentArrangement::Disabled);
        t.force_no_tty();
    }
    if style.color {
        t.enforce_styling();
        t.set_header(
            text::header(true)
                .iter()
                .map(|h| Cell::new(h).add_attribute(Attribute::Bold)),
        );
    } else {
        t.set_header(text::header(true));
    }
    let rows = text::week_rows(week, unit, true, style.hide_recovery);
    if !style.boxes {
        for col in t.column_iter_mut() {
            col.set_padding((0, 2));
        }
    }
    for row in rows {
        t.add_row(row);
    }
    let mut s = String::new();
    for line in t.lines() {
        let _ = writeln!(s, "{}", line.trim_end());
    }
    s
}
