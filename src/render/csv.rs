//! The plan as CSV: one row per session (and per recovery day if asked), columns
//! documented in `docs/csv.md`. Numbers carry no unit suffix; the unit is in the column name.

use crate::plan::{Plan, SessionKind};
use crate::template::num;

/// The header row, in order. Changing it is a breaking change (see `docs/csv.md`).
pub const COLUMNS: [&str; 20] = [
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
];

/// Renders the header and one row per session, in date order; recovery days
/// (`kind` = `recovery`, guidance in `notes`) when `include_recovery` is set.
pub fn render(plan: &Plan, include_recovery: bool) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(COLUMNS).expect("writing to memory");
    let opt = |v: Option<f64>| v.map(num).unwrap_or_default();
    for week in &plan.weeks {
        let mut rows: Vec<(chrono::NaiveDate, Vec<String>)> = Vec::new();
        for s in &week.sessions {
            let p = &s.prescription;
            let kind = match s.kind {
                SessionKind::Hard => "hard",
                SessionKind::Light => "light",
            };
            rows.push((
                s.date,
                vec![
                    s.date.to_string(),
                    s.weekday.as_str().to_string(),
                    s.week.to_string(),
                    s.slot.to_string(),
                    kind.to_string(),
                    s.phase.clone(),
                    week.deload.to_string(),
                    p.variant.to_string(),
                    p.sets.to_string(),
                    p.reps.to_string(),
                    p.tempo.to_string(),
                    num(p.heel_height_cm),
                    num(p.depth_deg),
                    p.rest_seconds.to_string(),
                    num(p.rpe),
                    opt(p.load.kg),
                    opt(p.load.percent_1rm),
                    opt(p.load.bodyweight_ratio),
                    p.cues.join("; "),
                    s.notes.join("; "),
                ],
            ));
        }
        if include_recovery {
            for r in &week.recovery_days {
                let mut row = vec![
                    r.date.to_string(),
                    r.weekday.as_str().to_string(),
                    r.week.to_string(),
                    String::new(),
                    "recovery".to_string(),
                    week.phase.clone(),
                    week.deload.to_string(),
                ];
                row.extend(std::iter::repeat_n(String::new(), COLUMNS.len() - 8));
                row.push(r.guidance.clone());
                rows.push((r.date, row));
            }
        }
        rows.sort_by_key(|(d, _)| *d);
        for (_, row) in rows {
            w.write_record(&row).expect("writing to memory");
        }
    }
    let bytes = w.into_inner().expect("writing to memory");
    String::from_utf8(bytes).expect("all fields are UTF-8")
}
