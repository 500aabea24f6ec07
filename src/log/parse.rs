//! Parsers for what a person types when logging: `--reps 12,12,9`, `--sets 3x12`,
//! `--load 10kg`, `--rpe 7.5`, `--pain 3`. Each error says what was given and what is
//! allowed (clap adds the flag's name).
//!
//! And the log's limits, defined once here: [`check_entry`] holds every entry to them,
//! whichever way it comes in (`done`, `skip`, `log edit`, vmo CSV and JSON, Strong CSV),
//! and the log is read against them, so whatever is in a log exports and imports back.

use chrono::NaiveDate;

use crate::plan::adapt::Entry;
use crate::units::parse_weight;
use crate::visible::part;

/// Most sets one entry may hold, and most reps in one set (far above any plan; stops
/// typos like 1000).
pub const MAX_COUNT: u32 = 200;

/// Heaviest external load an entry may hold, kg (as `--load` and `--one-rep-max`).
pub const MAX_LOAD_KG: f64 = 500.0;

/// Longest note, in characters (Unicode scalar values): a paragraph, not a file.
pub const MAX_NOTE_CHARS: usize = 1000;

/// The first date a log entry may have.
pub const FIRST_DATE: NaiveDate = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date");

/// The last date a log entry may have.
pub const LAST_DATE: NaiveDate = NaiveDate::from_ymd_opt(2100, 12, 31).expect("a date");

/// Refuses a date outside [`FIRST_DATE`]..=[`LAST_DATE`].
pub fn check_date(d: NaiveDate) -> Result<(), String> {
    if (FIRST_DATE..=LAST_DATE).contains(&d) {
        return Ok(());
    }
    Err(format!(
        "{d} is outside the dates a log holds ({FIRST_DATE} to {LAST_DATE})"
    ))
}

/// Refuses a date after `today`: a log holds what was done (`2026-12-09 is after today
/// (2026-12-02): …`; the caller names the flag or the line).
pub fn check_not_after(d: NaiveDate, today: NaiveDate) -> Result<(), String> {
    if d <= today {
        return Ok(());
    }
    Err(format!(
        "{d} is after today ({today}): a log holds sessions once they have happened"
    ))
}

/// Refuses a note longer than [`MAX_NOTE_CHARS`] (without echoing it).
pub fn check_note(note: &str) -> Result<(), String> {
    // Bytes bound characters from above: a short note is not counted.
    if note.len() <= MAX_NOTE_CHARS {
        return Ok(());
    }
    let n = note.chars().count();
    if n <= MAX_NOTE_CHARS {
        return Ok(());
    }
    Err(format!(
        "{n} characters is too long (at most {MAX_NOTE_CHARS})"
    ))
}

/// Refuses more than [`MAX_COUNT`] sets.
pub fn check_sets(n: usize) -> Result<(), String> {
    if n <= MAX_COUNT as usize {
        return Ok(());
    }
    Err(format!("more than {MAX_COUNT} sets in one entry"))
}

/// Holds an entry to the log's limits, whichever way it came in, and returns it as the
/// log stores it: the load to the gram (so the CSV, which writes grams, reads it back
/// exactly) and an empty note as none. The error names the field and what is allowed.
pub fn check_entry(mut e: Entry) -> Result<Entry, String> {
    check_date(e.date).map_err(|m| format!("date {m}"))?;
    check_sets(e.reps.len())?;
    if let Some((i, n)) = e
        .reps
        .iter()
        .enumerate()
        .find(|(_, n)| !(1..=MAX_COUNT).contains(n))
    {
        return Err(format!(
            "set {}: {n} reps is out of range (allowed 1 to {MAX_COUNT})",
            i + 1
        ));
    }
    if let Some(kg) = e.load_kg {
        if !(0.0..=MAX_LOAD_KG).contains(&kg) {
            return Err(format!(
                "load_kg {} is out of range (allowed 0 to {MAX_LOAD_KG} kg)",
                crate::template::num(kg)
            ));
        }
        e.load_kg = Some((kg * 1000.0).round() / 1000.0 + 0.0);
    }
    let half_points = |v: Option<f64>, what: &str, lo: f64| match v {
        Some(x) if !(lo..=10.0).contains(&x) || (x * 2.0).fract() != 0.0 => Err(format!(
            "{what} {} is out of range (allowed {lo} to 10 in half points)",
            crate::template::num(x)
        )),
        _ => Ok(()),
    };
    half_points(e.rpe, "rpe", 1.0)?;
    half_points(e.pain_during, "pain_during", 0.0)?;
    half_points(e.pain_morning, "pain_morning", 0.0)?;
    if let Some(n) = &e.note {
        check_note(n).map_err(|m| format!("note: {m}"))?;
    }
    e.note = e.note.filter(|n| !n.is_empty());
    Ok(e)
}

/// `12,12,9`: reps per set, each 1 to [`MAX_COUNT`].
pub fn parse_reps(s: &str) -> Result<Vec<u32>, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("expected reps per set, e.g. 12,12,9".to_string());
    }
    let parts: Vec<&str> = t.split(',').map(str::trim).collect();
    if parts.len() > MAX_COUNT as usize {
        return Err(format!("at most {MAX_COUNT} sets"));
    }
    let set_of = |i: usize, p: &str| {
        if parts.len() == 1 {
            String::new()
        } else {
            format!("set {}: {}", i + 1, part(p, s))
        }
    };
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let n: u32 = p.parse().map_err(|_| {
                if p.is_empty() {
                    format!("set {} is empty; expected reps per set, e.g. 12,12,9", i + 1)
                } else {
                    // One set: the value is the caller's to show.
                    format!("{}not a whole number of reps", set_of(i, p))
                }
            })?;
            if n == 0 || n > MAX_COUNT {
                return Err(format!(
                    "set {}: {n} reps is out of range (allowed 1 to {MAX_COUNT}; use `vmo skip` for a session not done)",
                    i + 1
                ));
            }
            Ok(n)
        })
        .collect()
}

/// `3x12` (or `3×12`): that many sets of the same reps.
pub fn parse_sets(s: &str) -> Result<Vec<u32>, String> {
    let t = s.trim().replace('×', "x").to_ascii_lowercase();
    let Some((sets, reps)) = t.split_once('x') else {
        return Err("expected SETSxREPS, e.g. 3x12".to_string());
    };
    let count = |v: &str, what: &str| -> Result<u32, String> {
        let n: u32 = v
            .trim()
            .parse()
            .map_err(|_| format!("expected SETSxREPS, e.g. 3x12 ({what}: not a whole number)"))?;
        if n == 0 || n > MAX_COUNT {
            return Err(format!(
                "{what} {n} is out of range (allowed 1 to {MAX_COUNT})"
            ));
        }
        Ok(n)
    };
    let sets = count(sets, "sets")?;
    let reps = count(reps, "reps")?;
    Ok(vec![reps; sets as usize])
}

/// `10kg`, `22lb`: the external load used, in kg (0 allowed: bodyweight).
pub fn parse_load(s: &str) -> Result<f64, String> {
    let t = s.trim();
    if t.starts_with('-') {
        return Err(
            "a load cannot be negative (allowed 0 to 500 kg, e.g. 10kg or 22lb)".to_string(),
        );
    }
    if matches!(t, "0" | "0kg" | "0lb" | "bw" | "bodyweight") {
        return Ok(0.0);
    }
    parse_weight(t, 0.0, 500.0)
}

/// RPE 1–10 in half points.
pub fn parse_rpe(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| "not a number; RPE is 1 to 10, e.g. 7.5".to_string())?;
    if !(1.0..=10.0).contains(&v) || (v * 2.0).fract() != 0.0 {
        return Err("out of range (RPE is 1 to 10 in half points, e.g. 7.5)".to_string());
    }
    Ok(v)
}

/// Knee pain 0–10 (whole or half points).
pub fn parse_pain(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| "not a number; pain is 0 (none) to 10 (worst)".to_string())?;
    if !(0.0..=10.0).contains(&v) || (v * 2.0).fract() != 0.0 {
        return Err(
            "out of range (pain is 0 (none) to 10 (worst), whole or half points)".to_string(),
        );
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_and_bad_inputs() {
        assert_eq!(parse_reps("12,12,9"), Ok(vec![12, 12, 9]));
        assert_eq!(parse_reps(" 12, 11 "), Ok(vec![12, 11]));
        assert_eq!(parse_sets("3x12"), Ok(vec![12, 12, 12]));
        assert_eq!(parse_sets("2×8"), Ok(vec![8, 8]));
        assert_eq!(parse_load("10kg"), Ok(10.0));
        assert!((parse_load("22lb").unwrap() - 9.979).abs() < 0.01);
        assert_eq!(parse_rpe("7.5"), Ok(7.5));
        assert_eq!(parse_pain("0"), Ok(0.0));
        for bad in ["12,,9", "0", "", "x", "12,0", "201"] {
            assert!(parse_reps(bad).is_err(), "{bad}");
        }
        for bad in ["3x", "x12", "3x12@", "0x12", "3x0", "3"] {
            assert!(parse_sets(bad).is_err(), "{bad}");
        }
        for bad in ["-5kg", "10", "ten kg", "900kg"] {
            assert!(parse_load(bad).is_err(), "{bad}");
        }
        for bad in ["0", "11", "7.3", "NaN", "x"] {
            assert!(parse_rpe(bad).is_err(), "{bad}");
        }
        for bad in ["11", "-1", "NaN", "3.3"] {
            assert!(parse_pain(bad).is_err(), "{bad}");
        }
    }
}
