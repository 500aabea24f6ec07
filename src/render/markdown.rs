//! The plan as markdown: a heading and a table per week, for pasting into notes. Each
//! week (and a day from `vmo today`) carries the pain rule and red flags when the plan has
//! them; light sessions show their purpose and every depth is also given in words.

use std::fmt::Write;

use super::text;
use crate::plan::{PainRules, Plan, SessionKind};

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
    let client = plan
        .client
        .as_deref()
        .map(|c| format!("{} · ", cell(c)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "# vmo plan · {client}{} · {} · {} to {}\n",
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
        if let Some(pain) = &plan.pain {
            push_pain(&mut out, pain);
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
        let rides = text::ride_lines(plan, week, text::date_and_day);
        if !rides.is_empty() {
            out.push_str("\nOwn training:\n\n");
            for line in rides {
                let _ = writeln!(out, "- {}", inline(&line));
            }
        }
        let s = &week.summary;
        let _ = writeln!(
            out,
            "\nTotal: {}, {}, {} reps · knee load {} · change {} · ACWR {}",
            text::count(s.sessions, "session"),
            text::count(s.sets, "set"),
            s.reps,
            text::volume(s.volume, &plan.volume_unit, plan.units),
            text::week_change(week),
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
    if let (Some(pain), Some(_)) = (&one.pain, week.sessions.first()) {
        push_pain(&mut out, pain);
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

/// Appends the pain rule as a list and the red flags in bold, each block followed by a
/// blank line.
fn push_pain(out: &mut String, pain: &PainRules) {
    if !pain.rules.is_empty() {
        out.push_str("**Pain rule:**\n\n");
        for rule in &pain.rules {
            out.push_str("- ");
            push_cell(out, rule);
            out.push('\n');
        }
        out.push('\n');
    }
    if !pain.red_flags.is_empty() {
        out.push_str("**");
        push_cell(out, &pain.red_flags);
        out.push_str("**\n\n");
    }
}

/// Appends [`cell`]`(s)`, without allocating when there is nothing to escape.
fn push_cell(out: &mut String, s: &str) {
    if s.bytes()
        .any(|b| matches!(b, b'\\' | b'|' | b'\r' | b'\n' | b'<' | b'>'))
    {
        out.push_str(&cell(s));
    } else {
        out.push_str(s);
    }
}

/// Escapes text from someone else's calendar for a list item: nothing in it may start
/// markup (emphasis, links, HTML).
fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes a table cell: pipes and line breaks would end the cell or the row.
fn cell(s: &str) -> String {
    // `<` and `>` as entities: a title from someone else's calendar must not become
    // HTML where the Markdown is rendered.
    s.replace('\\', "\\\\")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace(['\n', '\r'], "<br>")
}

#[cfg(test)]
mod tests {
    use super::{cell, push_cell, render, render_day};
    use crate::plan::{PlanDay, only_day, pick_day};
    use crate::render::sample::{self, PURPOSE};

    #[test]
    fn the_pain_rule_is_in_each_week_once_and_in_a_days_session() {
        let plan = sample::plan(true);
        let pain = plan.pain.as_ref().unwrap();
        let out = render(&plan, false);
        for text in pain.rules.iter() {
            assert_eq!(out.matches(&format!("\n- {text}\n")).count(), 2, "{out}");
        }
        let flags = format!("\n**{}**\n", pain.red_flags);
        assert_eq!(out.matches(&flags).count(), 2, "{out}");
        assert_eq!(out.matches("**Pain rule:**").count(), 2);
        for week in out.split("\n## Week ").skip(1) {
            assert!(week.find("**Pain rule:**").unwrap() < week.find("| Date |").unwrap());
        }
        assert!(!render(&sample::plan(false), false).contains("Pain rule"));

        let day = pick_day(&plan, plan.start).unwrap();
        let one = render_day(&only_day(&plan, &day));
        assert_eq!(one.matches("**Pain rule:**").count(), 1, "{one}");
        assert_eq!(one.matches(&flags).count(), 1);
        // A recovery day is not a session: no rule there.
        let rest = pick_day(&plan, plan.start + chrono::Days::new(2)).unwrap();
        assert!(matches!(rest, PlanDay::Recovery(_)));
        assert!(!render_day(&only_day(&plan, &rest)).contains("Pain rule"));
    }

    #[test]
    fn rows_show_depth_in_words_and_a_light_sessions_purpose() {
        let plan = sample::plan(false);
        let out = render(&plan, true);
        assert_eq!(out.matches("| 90° (right angle) |").count(), 4);
        assert_eq!(out.matches(&format!("| purpose: {PURPOSE} |")).count(), 2);
        let light = pick_day(&plan, plan.start + chrono::Days::new(1)).unwrap();
        let one = render_day(&only_day(&plan, &light));
        assert!(one.contains(&format!("| purpose: {PURPOSE} |")), "{one}");
        assert!(one.contains("| 90° (right angle) |"), "{one}");
    }

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
