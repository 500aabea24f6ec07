//! The plan as markdown: a heading and a table per week, for pasting into notes.

use std::fmt::Write;

use super::text;
use crate::plan::{Plan, SessionKind};

/// Renders every week; recovery days are rows unless `hide_recovery`.
pub fn render(plan: &Plan, hide_recovery: bool) -> String {
    let mut out = String::with_capacity(1024 + plan.weeks.len() * 1200);
    let header = text::header(false);
    let table_head = format!(
        "| {} |\n|{}\n",
        header.join(" | "),
        "---|".repeat(header.len())
    );
    let mut grid = text::Grid::default();
    let _ = writeln!(
        out,
        "# vmo plan · {} · {} · {} to {}\n",
        cell(&plan.template),
        text::weeks(plan.weeks.len()),
        plan.start,
        plan.end
    );
    let _ = writeln!(out, "{}", cell(&plan.description));
    let mut last_phase = "";
    for week in &plan.weeks {
        let deload = if week.deload { " · deload" } else { "" };
        let _ = writeln!(
            out,
            "\n## Week {} · {}{deload} · {} to {}\n",
            week.number,
            cell(&week.phase),
            week.start,
            week.end
        );
        if week.phase != last_phase {
            if let Some(s) = week.sessions.iter().find(|s| s.kind == SessionKind::Hard) {
                for cue in &s.prescription.cues {
                    let _ = writeln!(out, "- {}", cell(cue));
                }
                if !s.prescription.cues.is_empty() {
                    out.push('\n');
                }
            }
            last_phase = &week.phase;
        }
        out.push_str(&table_head);
        grid.fill(week, plan.units, false, hide_recovery);
        for r in 0..grid.rows() {
            out.push_str("| ");
            for (i, c) in grid.row(r).enumerate() {
                if i > 0 {
                    out.push_str(" | ");
                }
                push_cell(&mut out, c);
            }
            out.push_str(" |\n");
        }
        let s = &week.summary;
        let _ = writeln!(
            out,
            "\nTotal: {} sessions, {} sets, {} reps · volume {} · change {} · ACWR {}",
            s.sessions,
            s.sets,
            s.reps,
            text::volume(s.volume, &plan.volume_unit),
            text::change(s.change_percent),
            text::ratio(s.acwr)
        );
    }
    out
}

/// Renders one day of a plan cut down by [`crate::plan::only_day`]: a heading naming the
/// day, the session's cues and a one-row table (recovery days show their guidance).
pub fn render_day(one: &Plan) -> String {
    let mut out = String::new();
    let Some(week) = one.weeks.first() else {
        return out;
    };
    let (date, weekday, what, cues) = match (week.sessions.first(), week.recovery_days.first()) {
        (Some(s), _) => (
            s.date,
            s.weekday,
            format!("{} cyclist squats", s.prescription.variant),
            &s.prescription.cues[..],
        ),
        (None, Some(r)) => (r.date, r.weekday, "recovery day".to_string(), &[][..]),
        (None, None) => return out,
    };
    let deload = if week.deload { " · deload" } else { "" };
    let _ = write!(
        out,
        "# {date} {} · week {} · {}{deload} · {what}\n\n",
        weekday.title(),
        week.number,
        cell(&week.phase)
    );
    for cue in cues {
        let _ = writeln!(out, "- {}", cell(cue));
    }
    if !cues.is_empty() {
        out.push('\n');
    }
    let header = text::header(false);
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
    for row in text::week_rows(week, one.units, false, false) {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out
}

/// Appends [`cell`]`(s)`, without allocating when there is nothing to escape.
fn push_cell(out: &mut String, s: &str) {
    if s.bytes().any(|b| matches!(b, b'\\' | b'|' | b'\r' | b'\n')) {
        out.push_str(&cell(s));
    } else {
        out.push_str(s);
    }
}

/// Escapes a table cell: pipes and line breaks would end the cell or the row.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace(['\n', '\r'], "<br>")
}

#[cfg(test)]
mod tests {
    use super::{cell, push_cell};

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(cell("a|b\nc"), "a\\|b<br>c");
        for s in [
            "plain · text",
            "a|b",
            "back\\slash",
            "cr\r\nlf",
            "lone\rcr",
            "",
        ] {
            let mut out = String::from(">");
            push_cell(&mut out, s);
            assert_eq!(out, format!(">{}", cell(s)));
        }
    }
}
