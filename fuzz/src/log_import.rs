//! `vmo log import` on arbitrary bytes: vmo CSV, vmo JSON and Strong CSV. Nothing may
//! panic; every entry accepted is within the log's limits; what vmo writes back (CSV and
//! JSON) reads back to the same entries.

use chrono::NaiveDate;
use vmo::log::exchange;
use vmo::plan::adapt::Entry;

/// The log's limits as `docs/csv.md` lists them, for every way an entry comes in and for
/// what is read from a log: dates 1970-01-01 to 2100-12-31, at most 200 sets of 1 to 200
/// reps, 0 to 500 kg, RPE 1 to 10 and pain 0 to 10 in half points, a note of 1 to 1,000
/// characters. Written out here rather than taken from `vmo::log::parse`, so a change of
/// the limits in one place shows.
pub fn within_limits(e: &Entry) -> Result<(), String> {
    let first = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(2100, 12, 31).unwrap();
    let half_points = |v: f64, lo: f64| (lo..=10.0).contains(&v) && (v * 2.0).fract() == 0.0;
    let broken = if !(first..=last).contains(&e.date) {
        "date outside 1970-01-01 to 2100-12-31"
    } else if e.reps.len() > 200 {
        "more than 200 sets"
    } else if !e.reps.iter().all(|r| (1..=200).contains(r)) {
        "reps outside 1 to 200"
    } else if !e.load_kg.is_none_or(|kg| (0.0..=500.0).contains(&kg)) {
        "load outside the documented 0–500 kg"
    } else if !e.rpe.is_none_or(|r| half_points(r, 1.0)) {
        "RPE outside 1 to 10 in half points"
    } else if ![e.pain_during, e.pain_morning]
        .into_iter()
        .flatten()
        .all(|p| half_points(p, 0.0))
    {
        "pain outside 0 to 10 in half points"
    } else if e
        .note
        .as_ref()
        .is_some_and(|n| n.is_empty() || n.chars().count() > 1000)
    {
        "a note empty or over 1,000 characters"
    } else {
        return Ok(());
    };
    Err(format!("{broken}: {e:?}"))
}

/// vmo's CSV and JSON of `entries` read back to exactly the same entries.
pub fn round_trips(entries: &[Entry]) {
    let csv = exchange::to_csv(entries);
    let (_, back) = exchange::parse(&csv).unwrap_or_else(|e| panic!("{e}\n{csv}"));
    assert_eq!(back, entries, "CSV round trip\n{csv}");
    let json = exchange::to_json(entries);
    let (_, back) = exchange::parse(&json).unwrap_or_else(|e| panic!("{e}\n{json}"));
    assert_eq!(back, entries, "JSON round trip");
}

/// The `log_import` target: parses `data` as an import file; an accepted file's entries
/// are within the limits, and vmo's own CSV and JSON of them read back to the same entries.
pub fn check_log_import(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok((_, entries)) = exchange::parse(&text) else {
        return;
    };
    for e in &entries {
        if let Err(e) = within_limits(e) {
            panic!("imported: {e}");
        }
    }
    round_trips(&entries);
}
