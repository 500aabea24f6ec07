//! Short human-readable forms of prescription values, shared by every renderer.

use std::fmt::Write;

use crate::plan::{PainRules, Prescription, Session, SessionKind, Week};
use crate::template::{num, push_digits, push_num, push_uint};
use crate::units::Unit;

/// `3×12`.
pub fn sets_reps(p: &Prescription) -> String {
    format!("{}×{}", p.sets, p.reps)
}

/// `7.5 cm`, or `3 in` when the plan is in pounds.
pub fn heel(p: &Prescription, unit: Unit) -> String {
    let mut s = String::new();
    push_heel(&mut s, p, unit);
    s
}

/// Appends what [`heel`] returns; in centimetres exactly as the template wrote them.
pub(crate) fn push_heel(out: &mut String, p: &Prescription, unit: Unit) {
    match unit {
        Unit::Kg => {
            push_num(out, p.heel_height_cm);
            out.push_str(" cm");
        }
        Unit::Lb => out.push_str(&unit.show_height(p.heel_height_cm)),
    }
}

/// `90° (right angle)`: the degrees, and the depth in words when there are any.
pub fn depth(p: &Prescription) -> String {
    let mut s = String::new();
    push_depth_words(&mut s, p);
    s
}

/// `75 s` or `2:30`.
pub fn rest(seconds: u32) -> String {
    let mut s = String::new();
    push_rest(&mut s, seconds);
    s
}

/// `RPE 7` or `RPE 8.5`.
pub fn effort(p: &Prescription) -> String {
    format!("RPE {}", num(p.rpe))
}

/// `bodyweight`, `24 kg`, `2 × 10 kg` (dumbbells, per hand), or the relative
/// prescription when no kilograms are known.
pub fn load(p: &Prescription, unit: Unit) -> String {
    let mut s = String::new();
    push_load(&mut s, p, unit);
    s
}

/// `+8 %` or `—` when there is nothing to compare with.
pub fn change(c: Option<f64>) -> String {
    match c {
        Some(c) if c.abs() < 0.5 => "±0 %".to_string(),
        Some(c) => format!("{c:+.0} %"),
        None => "—".to_string(),
    }
}

/// A week's change as the totals line shows it: `+8 %`, or `±0 % vs week 5` when it is
/// not measured against the week before (after a deload, against the last build week).
pub fn week_change(week: &Week) -> String {
    let s = &week.summary;
    let mut t = change(s.change_percent);
    if let Some(from) = s
        .change_from_week
        .filter(|n| Some(*n) != week.number.checked_sub(1))
    {
        t.push_str(" vs week ");
        push_uint(&mut t, u64::from(from));
    }
    t
}

/// `1.12` or `—`.
pub fn ratio(r: Option<f64>) -> String {
    r.map(|r| format!("{r:.2}"))
        .unwrap_or_else(|| "—".to_string())
}

/// Volume rounded for display, with its unit: `122 bodyweight reps`, `4708 kg`, or in
/// pounds when the plan is (`volume_unit` `kg` is effective kilograms × reps).
pub fn volume(v: f64, volume_unit: &str, unit: Unit) -> String {
    if volume_unit == "kg" {
        format!("{:.0} {}", unit.from_kg(v), unit.as_str())
    } else {
        format!("{v:.0} {volume_unit}")
    }
}

/// Column names matching [`week_rows`].
pub fn header(week_column: bool) -> Vec<&'static str> {
    let mut h = vec!["Date", "Day"];
    if week_column {
        h.push("Wk");
    }
    h.extend([
        "Phase",
        "Variant",
        "Sets×Reps",
        "Tempo",
        "Heel",
        "Depth",
        "Rest",
        "Effort",
        "Load",
        "Notes",
    ]);
    h
}

/// The rows of one week's table, sessions and (unless hidden) recovery days, in date
/// order: date, day, [week,] phase, variant, sets×reps, tempo, heel, depth, rest, effort,
/// load, notes. Shared by the terminal and markdown tables so they never drift apart.
pub fn week_rows(
    week: &Week,
    unit: Unit,
    week_column: bool,
    hide_recovery: bool,
) -> Vec<Vec<String>> {
    let mut grid = Grid::default();
    grid.fill(week, unit, week_column, hide_recovery);
    let rows: Vec<Vec<String>> = (0..grid.rows())
        .map(|r| grid.row(r).map(str::to_string).collect())
        .collect();
    debug_assert!(rows.iter().all(|r| r.len() == header(week_column).len()));
    rows
}

/// The cells of [`week_rows`] in one reusable buffer: no allocation per cell, and none at
/// all once the buffers have grown to the largest week.
#[derive(Debug, Default)]
pub(crate) struct Grid {
    /// Every cell's text, one after the other.
    text: String,
    /// Where each cell ends in `text` (it starts where the previous one ends).
    ends: Vec<usize>,
    /// Cells per row.
    cols: usize,
    /// Date order of the rows: (date, recovery day?, index in its list).
    order: Vec<(chrono::NaiveDate, bool, usize)>,
}

impl Grid {
    /// Replaces the contents with `week`'s rows, as [`week_rows`] describes them.
    pub(crate) fn fill(&mut self, week: &Week, unit: Unit, week_column: bool, hide_recovery: bool) {
        self.text.clear();
        self.ends.clear();
        self.cols = header(week_column).len();
        date_order(week, !hide_recovery, &mut self.order);
        for k in 0..self.order.len() {
            let (_, recovery, i) = self.order[k];
            if recovery {
                let r = &week.recovery_days[i];
                self.lead(
                    r.date,
                    r.weekday.title(),
                    week_column.then_some(week.number),
                );
                self.push("recovery");
                for _ in 0..8 {
                    self.end_cell();
                }
                self.push(&r.guidance);
            } else {
                let s = &week.sessions[i];
                let p = &s.prescription;
                self.lead(
                    s.date,
                    s.weekday.title(),
                    week_column.then_some(week.number),
                );
                self.push(&s.phase);
                self.text.push_str(p.variant.as_str());
                if s.kind == SessionKind::Light {
                    self.text.push_str(" (light)");
                }
                self.end_cell();
                push_sets_reps(&mut self.text, p);
                self.end_cell();
                push_tempo(&mut self.text, p.tempo);
                self.end_cell();
                push_heel(&mut self.text, p, unit);
                self.end_cell();
                push_depth_words(&mut self.text, p);
                self.end_cell();
                push_rest(&mut self.text, p.rest_seconds);
                self.end_cell();
                self.text.push_str("RPE ");
                push_num(&mut self.text, p.rpe);
                self.end_cell();
                push_load(&mut self.text, p, unit);
                self.end_cell();
                push_notes(&mut self.text, s);
                self.end_cell();
            }
        }
        debug_assert_eq!(self.ends.len(), self.rows() * self.cols);
    }

    /// Number of rows.
    pub(crate) fn rows(&self) -> usize {
        self.ends.len().checked_div(self.cols).unwrap_or(0)
    }

    /// The cells of row `r`.
    pub(crate) fn row(&self, r: usize) -> impl Iterator<Item = &str> {
        (r * self.cols..(r + 1) * self.cols).map(|k| self.cell_at(k))
    }

    fn cell_at(&self, k: usize) -> &str {
        let start = if k == 0 { 0 } else { self.ends[k - 1] };
        &self.text[start..self.ends[k]]
    }

    fn lead(&mut self, date: chrono::NaiveDate, day: &str, week: Option<u32>) {
        push_date(&mut self.text, date);
        self.end_cell();
        self.push(day);
        if let Some(n) = week {
            push_uint(&mut self.text, u64::from(n));
            self.end_cell();
        }
    }

    /// Appends `s` and ends the cell.
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.end_cell();
    }

    fn end_cell(&mut self) {
        self.ends.push(self.text.len());
    }
}

/// True when a red flag waits for a clinician on this rest day.
pub(crate) fn red_flag(r: &crate::plan::RecoveryDay) -> bool {
    r.alerts
        .iter()
        .any(|a| a.kind == crate::plan::knee_state::AlertKind::RedFlag)
}

/// Replaces `order` with the week's sessions and, if `recovery`, its recovery days (those
/// under a red flag always), in date order, as (date, is a recovery day, index in its
/// list). The sort is stable, so on a date with both a session comes first.
pub(crate) fn date_order(
    week: &Week,
    recovery: bool,
    order: &mut Vec<(chrono::NaiveDate, bool, usize)>,
) {
    order.clear();
    order.extend(
        week.sessions
            .iter()
            .enumerate()
            .map(|(i, s)| (s.date, false, i)),
    );
    // A rest day under a red flag is shown even when rest days are not: it stands where
    // the sessions were, and says why there are none.
    order.extend(
        week.recovery_days
            .iter()
            .enumerate()
            .filter(|(_, r)| recovery || red_flag(r))
            .map(|(i, r)| (r.date, true, i)),
    );
    order.sort_by_key(|(d, _, _)| *d);
}

/// Appends `date` as its `Display` writes it (`2026-12-07`).
pub(crate) fn push_date(out: &mut String, date: chrono::NaiveDate) {
    use chrono::Datelike;
    let y = date.year();
    if (0..=9999).contains(&y) {
        let (y, m, d) = (y as u32, date.month(), date.day());
        let digits = [
            y / 1000,
            y / 100 % 10,
            y / 10 % 10,
            y % 10,
            10,
            m / 10,
            m % 10,
            10,
            d / 10,
            d % 10,
        ];
        out.extend(digits.map(|n| {
            if n == 10 {
                '-'
            } else {
                char::from(b'0' + n as u8)
            }
        }));
    } else {
        let _ = write!(out, "{date}");
    }
}

/// Appends what [`depth`] returns, less its allocation.
pub(crate) fn push_depth(out: &mut String, deg: f64) {
    // `{:.0}` of a whole number is the integer, except for -0.0 ("-0").
    if deg.fract() == 0.0 && deg.abs() < 1e15 && !(deg == 0.0 && deg.is_sign_negative()) {
        let i = deg as i64;
        if i < 0 {
            out.push('-');
        }
        push_uint(out, i.unsigned_abs());
        out.push('°');
    } else {
        let _ = write!(out, "{deg:.0}°");
    }
}

/// Appends what [`depth`] returns: `90° (right angle)`, or `90°` without words.
pub(crate) fn push_depth_words(out: &mut String, p: &Prescription) {
    push_depth(out, p.depth_deg);
    if !p.depth_words.is_empty() {
        out.push_str(" (");
        out.push_str(&p.depth_words);
        out.push(')');
    }
}

/// Label of a light session's purpose wherever it is shown to a person.
pub const PURPOSE_LABEL: &str = "purpose: ";

/// Appends the notes cell of a session: its purpose first (`purpose: …`), then its notes,
/// joined with `; `.
pub(crate) fn push_notes(out: &mut String, s: &Session) {
    let mut first = true;
    if let Some(purpose) = &s.purpose {
        out.push_str(PURPOSE_LABEL);
        out.push_str(purpose);
        first = false;
    }
    for n in &s.notes {
        if !first {
            out.push_str("; ");
        }
        out.push_str(n);
        first = false;
    }
}

/// Label in front of the first line of the pain rule; as long as `Red flags: `, so the
/// rule's lines and the red flags line up.
const PAIN_LABEL: &str = "Pain rule: ";

/// Appends the pain rule and the red flags as text lines, each starting with `indent`:
///
/// ```text
/// Pain rule: Knee pain during the sets: …
///            Any pain should settle within an hour of finishing
///            The knee must not be worse the next morning; …
/// Red flags: if the knee swells, locks, gives way or aches at night, …
/// ```
pub fn push_pain_lines(out: &mut String, pain: &PainRules, indent: &str) {
    for (i, rule) in pain.rules.iter().enumerate() {
        out.push_str(indent);
        if i == 0 {
            out.push_str(PAIN_LABEL);
        } else {
            out.extend(std::iter::repeat_n(' ', PAIN_LABEL.len()));
        }
        out.push_str(rule);
        out.push('\n');
    }
    if !pain.red_flags.is_empty() {
        out.push_str(indent);
        out.push_str(&pain.red_flags);
        out.push('\n');
    }
}

/// Appends what [`rest`] returns.
pub(crate) fn push_rest(out: &mut String, seconds: u32) {
    if seconds < 120 {
        push_uint(out, u64::from(seconds));
        out.push_str(" s");
    } else {
        push_uint(out, u64::from(seconds / 60));
        out.push(':');
        push_digits(out, u64::from(seconds % 60), 2);
    }
}

/// Appends what [`sets_reps`] returns.
pub(crate) fn push_sets_reps(out: &mut String, p: &Prescription) {
    push_uint(out, u64::from(p.sets));
    out.push('×');
    push_uint(out, u64::from(p.reps));
}

/// Appends the tempo as its `Display` writes it (`3-1-1`).
pub(crate) fn push_tempo(out: &mut String, t: crate::template::Tempo) {
    push_uint(out, u64::from(t.eccentric));
    out.push('-');
    push_uint(out, u64::from(t.pause));
    out.push('-');
    push_uint(out, u64::from(t.concentric));
}

/// Appends what [`load`] returns.
pub(crate) fn push_load(out: &mut String, p: &Prescription, unit: Unit) {
    p.push_load(out, unit);
}

/// `1 week`, `6 weeks`.
pub fn weeks(n: usize) -> String {
    if n == 1 {
        "1 week".to_string()
    } else {
        format!("{n} weeks")
    }
}

/// The person's own rides and runs in `week`, one short line each, dated by `date` (the
/// output's own date style), in date order: the sessions were placed around them.
pub(crate) fn ride_lines(
    plan: &crate::plan::Plan,
    week: &crate::plan::Week,
    date: impl Fn(chrono::NaiveDate) -> String,
) -> Vec<String> {
    plan.rides
        .iter()
        .filter(|r| r.ride.date >= week.start && r.ride.date <= week.end)
        .map(|r| format!("{}  {}", date(r.ride.date), r.line()))
        .collect()
}

/// `2026-12-12 Sat`: the plain table's date and day columns.
pub(crate) fn date_and_day(d: chrono::NaiveDate) -> String {
    let mut s = String::new();
    push_date(&mut s, d);
    s.push(' ');
    s.push_str(crate::day::Day::from_weekday(chrono::Datelike::weekday(&d)).title());
    s
}

/// `1 session`, `3 sessions`: a count and its noun.
pub(crate) fn count(n: u32, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pushed_forms_match_display() {
        use crate::template::Tempo;
        for (y, m, d) in [
            (2026, 12, 7),
            (1, 1, 1),
            (0, 2, 29),
            (9999, 12, 31),
            (10000, 1, 1),
            (-1, 6, 5),
        ] {
            let date = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let mut s = String::new();
            push_date(&mut s, date);
            assert_eq!(s, date.to_string());
        }
        let t = Tempo {
            eccentric: 10,
            pause: 0,
            concentric: 255,
        };
        let mut s = String::new();
        push_tempo(&mut s, t);
        assert_eq!(s, t.to_string());
        for deg in [90.0, 47.5, 0.0, -0.0, -3.0, 1e16, f64::NAN] {
            let mut s = String::new();
            push_depth(&mut s, deg);
            assert_eq!(s, format!("{deg:.0}°"));
        }
        for secs in [0, 75, 119, 120, 150, 3601] {
            let want = if secs < 120 {
                format!("{secs} s")
            } else {
                format!("{}:{:02}", secs / 60, secs % 60)
            };
            assert_eq!(rest(secs), want);
        }
    }

    #[test]
    fn depth_is_given_in_words_next_to_the_degrees() {
        let plan = crate::render::sample::plan(false);
        let mut p = plan.weeks[0].sessions[0].prescription.clone();
        assert_eq!(depth(&p), "90° (right angle)");
        p.depth_words.clear();
        assert_eq!(depth(&p), "90°");
    }

    #[test]
    fn the_notes_cell_starts_with_a_light_sessions_purpose() {
        let plan = crate::render::sample::plan(false);
        let [hard, light] = &plan.weeks[0].sessions[..] else {
            panic!("two sessions")
        };
        let mut cell = String::new();
        push_notes(&mut cell, light);
        assert_eq!(cell, format!("purpose: {}", crate::render::sample::PURPOSE));
        let mut light = light.clone();
        light.notes = vec!["held".to_string()];
        cell.clear();
        push_notes(&mut cell, &light);
        assert_eq!(
            cell,
            format!("purpose: {}; held", crate::render::sample::PURPOSE)
        );
        cell.clear();
        push_notes(&mut cell, hard);
        assert_eq!(cell, "week 1");
    }

    #[test]
    fn pain_lines_line_up_under_their_label() {
        let pain = PainRules::new(2.0, 5.0, 60);
        let mut s = String::new();
        push_pain_lines(&mut s, &pain, "  ");
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0], format!("  Pain rule: {}", pain.rules[0]));
        assert_eq!(lines[1], format!("             {}", pain.rules[1]));
        assert_eq!(lines[2], format!("             {}", pain.rules[2]));
        assert_eq!(lines[3], format!("  {}", pain.red_flags));
        assert!(lines[3].starts_with("  Red flags: "));
    }

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(rest(75), "75 s");
        assert_eq!(rest(150), "2:30");
        assert_eq!(change(Some(8.4)), "+8 %");
        assert_eq!(change(Some(-40.0)), "-40 %");
        assert_eq!(change(None), "—");
        let plan = crate::render::sample::plan(false);
        let mut p = plan.weeks[0].sessions[0].prescription.clone();
        assert_eq!(load(&p, Unit::Kg), "bodyweight");
        p.variant = crate::template::Variant::Goblet;
        p.load.kg = Some(12.5);
        assert_eq!(load(&p, Unit::Kg), "12.5 kg");
        assert_eq!(load(&p, Unit::Lb), "27.6 lb");
        p.heel_height_cm = 7.5;
        assert_eq!(heel(&p, Unit::Kg), "7.5 cm");
        assert_eq!(heel(&p, Unit::Lb), "3 in");
        assert_eq!(volume(4707.608412045001, "kg", Unit::Kg), "4708 kg");
        assert_eq!(volume(4707.608412045001, "kg", Unit::Lb), "10379 lb");
        assert_eq!(
            volume(36.300000000000004, "bodyweight reps", Unit::Lb),
            "36 bodyweight reps"
        );
    }

    #[test]
    fn dumbbells_are_given_per_hand() {
        let plan = crate::render::sample::plan(false);
        let mut p = plan.weeks[0].sessions[0].prescription.clone();
        p.variant = crate::template::Variant::Dumbbells;
        p.load.kg = Some(20.0);
        assert_eq!(load(&p, Unit::Kg), "2 × 10 kg");
        p.load.kg = Some(Unit::Lb.to_kg(50.0));
        assert_eq!(load(&p, Unit::Lb), "2 × 25 lb");
        p.load.kg = None;
        p.load.bodyweight_ratio = Some(0.25);
        assert_eq!(load(&p, Unit::Kg), "0.25 × BW for the pair");
    }
}
