//! Short human-readable forms of prescription values, shared by every renderer.

use crate::plan::{Load, Prescription, SessionKind, Week};
use crate::template::num;
use crate::units::Unit;

/// `3×12`.
pub fn sets_reps(p: &Prescription) -> String {
    format!("{}×{}", p.sets, p.reps)
}

/// `7.5 cm`.
pub fn heel(p: &Prescription) -> String {
    format!("{} cm", num(p.heel_height_cm))
}

/// `90°`.
pub fn depth(p: &Prescription) -> String {
    format!("{:.0}°", p.depth_deg)
}

/// `75 s` or `2:30`.
pub fn rest(seconds: u32) -> String {
    if seconds < 120 {
        format!("{seconds} s")
    } else {
        format!("{}:{:02}", seconds / 60, seconds % 60)
    }
}

/// `RPE 7` or `RPE 8.5`.
pub fn effort(p: &Prescription) -> String {
    format!("RPE {}", num(p.rpe))
}

/// `bodyweight`, `24 kg`, or the relative prescription when no kilograms are known.
pub fn load(l: &Load, unit: Unit) -> String {
    match (l.kg, l.percent_1rm, l.bodyweight_ratio) {
        (Some(kg), _, _) => unit.show(kg),
        (None, Some(p), _) => format!("{} % 1RM", num(p)),
        (None, None, Some(r)) => format!("{} × BW", num(r)),
        (None, None, None) => "bodyweight".to_string(),
    }
}

/// `+8 %` or `—` when there is nothing to compare with.
pub fn change(c: Option<f64>) -> String {
    match c {
        Some(c) if c.abs() < 0.5 => "±0 %".to_string(),
        Some(c) => format!("{c:+.0} %"),
        None => "—".to_string(),
    }
}

/// `1.12` or `—`.
pub fn ratio(r: Option<f64>) -> String {
    r.map(|r| format!("{r:.2}"))
        .unwrap_or_else(|| "—".to_string())
}

/// Volume rounded for display, with its unit.
pub fn volume(v: f64, unit: &str) -> String {
    format!("{:.0} {unit}", v)
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
    let mut rows: Vec<(chrono::NaiveDate, Vec<String>)> = Vec::new();
    let lead = |date: chrono::NaiveDate, day: &str| {
        let mut row = vec![date.to_string(), day.to_string()];
        if week_column {
            row.push(week.number.to_string());
        }
        row
    };
    for s in &week.sessions {
        let p = &s.prescription;
        let variant = match s.kind {
            SessionKind::Hard => p.variant.to_string(),
            SessionKind::Light => format!("{} (light)", p.variant),
        };
        let mut row = lead(s.date, s.weekday.title());
        row.extend([
            s.phase.clone(),
            variant,
            sets_reps(p),
            p.tempo.to_string(),
            heel(p),
            depth(p),
            rest(p.rest_seconds),
            effort(p),
            load(&p.load, unit),
            s.notes.join("; "),
        ]);
        rows.push((s.date, row));
    }
    if !hide_recovery {
        for r in &week.recovery_days {
            let mut row = lead(r.date, r.weekday.title());
            row.push("recovery".to_string());
            row.extend(std::iter::repeat_n(String::new(), 8));
            row.push(r.guidance.clone());
            rows.push((r.date, row));
        }
    }
    rows.sort_by_key(|(d, _)| *d);
    let rows: Vec<Vec<String>> = rows.into_iter().map(|(_, r)| r).collect();
    debug_assert!(rows.iter().all(|r| r.len() == header(week_column).len()));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(rest(75), "75 s");
        assert_eq!(rest(150), "2:30");
        assert_eq!(change(Some(8.4)), "+8 %");
        assert_eq!(change(Some(-40.0)), "-40 %");
        assert_eq!(change(None), "—");
        assert_eq!(load(&Load::default(), Unit::Kg), "bodyweight");
        let dumbbell = Load {
            kg: Some(12.5),
            ..Load::default()
        };
        assert_eq!(load(&dumbbell, Unit::Kg), "12.5 kg");
        assert_eq!(load(&dumbbell, Unit::Lb), "27.6 lb");
    }
}
