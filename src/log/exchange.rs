//! Log files in and out: vmo's own CSV and JSON (which round-trip exactly) and Strong's
//! CSV export (DESIGN §7), whose squat sets become one entry per day.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::plan::adapt::{Entry, Status};
use crate::render::csv::{formula_restore, formula_safe};
use crate::units::show_number;

use super::parse::{MAX_COUNT, parse_pain, parse_reps, parse_rpe};

/// The columns of vmo's log CSV, in order.
pub const CSV_HEADER: [&str; 12] = [
    "id",
    "date",
    "status",
    "sets",
    "reps",
    "load_kg",
    "rpe",
    "pain_during",
    "pain_morning",
    "swelling",
    "note",
    "extra",
];

/// An entry as `vmo log list --format json` and the CSV show it: the entry plus `sets`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// Entry id.
    pub id: i64,
    /// Session date.
    pub date: NaiveDate,
    /// `done` or `skipped`.
    pub status: String,
    /// Number of sets logged (the length of `reps`).
    pub sets: u32,
    /// Reps per set.
    pub reps: Vec<u32>,
    /// External load, kg (`null`: bodyweight).
    pub load_kg: Option<f64>,
    /// RPE.
    pub rpe: Option<f64>,
    /// Knee pain during, 0–10.
    pub pain_during: Option<f64>,
    /// Knee pain next morning, 0–10.
    pub pain_morning: Option<f64>,
    /// The knee swelled.
    pub swelling: bool,
    /// Note.
    pub note: Option<String>,
    /// An unplanned session.
    pub extra: bool,
}

impl From<&Entry> for Row {
    fn from(e: &Entry) -> Row {
        Row {
            id: e.id,
            date: e.date,
            status: e.status.as_str().to_string(),
            sets: e.reps.len() as u32,
            reps: e.reps.clone(),
            load_kg: e.load_kg,
            rpe: e.rpe,
            pain_during: e.pain_during,
            pain_morning: e.pain_morning,
            swelling: e.swelling,
            note: e.note.clone(),
            extra: e.extra,
        }
    }
}

/// The entries as a JSON array of [`Row`]s.
pub fn to_json(entries: &[Entry]) -> String {
    let rows: Vec<Row> = entries.iter().map(Row::from).collect();
    let mut s = serde_json::to_string_pretty(&rows).expect("rows serialise");
    s.push('\n');
    s
}

/// The entries as vmo's CSV.
pub fn to_csv(entries: &[Entry]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_HEADER).expect("in memory");
    // Exact enough to read back the same value (a Strong import keeps loads to 0.01 kg).
    let opt = |v: Option<f64>| v.map(crate::template::num).unwrap_or_default();
    for e in entries {
        let reps: Vec<String> = e.reps.iter().map(u32::to_string).collect();
        w.write_record([
            e.id.to_string(),
            e.date.to_string(),
            e.status.as_str().to_string(),
            e.reps.len().to_string(),
            reps.join(","),
            opt(e.load_kg),
            opt(e.rpe),
            opt(e.pain_during),
            opt(e.pain_morning),
            e.swelling.to_string(),
            formula_safe(e.note.as_deref().unwrap_or_default()).into_owned(),
            e.extra.to_string(),
        ])
        .expect("in memory");
    }
    String::from_utf8(w.into_inner().expect("in memory")).expect("utf-8 in, utf-8 out")
}

/// What kind of file an import was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// vmo's CSV.
    VmoCsv,
    /// vmo's JSON.
    VmoJson,
    /// Strong's CSV export.
    Strong,
}

impl Kind {
    /// Its name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Kind::VmoCsv => "vmo CSV",
            Kind::VmoJson => "vmo JSON",
            Kind::Strong => "Strong CSV",
        }
    }
}

/// Reads an import file: every row is checked first, and any bad row fails the whole file
/// with its line number (so an import is all or nothing).
pub fn parse(text: &str) -> Result<(Kind, Vec<Entry>), String> {
    let t = text.trim_start_matches('\u{feff}');
    if t.trim_start().starts_with('[') {
        let rows: Vec<Row> =
            serde_json::from_str(t).map_err(|e| format!("line {}: {e}", e.line()))?;
        let entries = rows
            .iter()
            .enumerate()
            .map(|(i, r)| row_entry(r).map_err(|e| format!("entry {}: {e}", i + 1)))
            .collect::<Result<_, _>>()?;
        return Ok((Kind::VmoJson, entries));
    }
    let first = t.lines().next().unwrap_or("");
    if first.contains("Exercise Name") {
        return strong(t).map(|e| (Kind::Strong, e));
    }
    if first.trim_end() == CSV_HEADER.join(",") {
        return vmo_csv(t).map(|e| (Kind::VmoCsv, e));
    }
    Err(format!(
        "line 1: not a log file vmo reads: expected vmo's CSV header ({}), vmo's JSON array, or a Strong CSV export (with an \"Exercise Name\" column)",
        CSV_HEADER.join(",")
    ))
}

fn row_entry(r: &Row) -> Result<Entry, String> {
    let status = match r.status.as_str() {
        "done" => Status::Done,
        "skipped" => Status::Skipped,
        other => return Err(format!("status {other:?} (allowed done, skipped)")),
    };
    if r.sets as usize != r.reps.len() {
        return Err(format!(
            "sets {} does not match the {} reps given",
            r.sets,
            r.reps.len()
        ));
    }
    if r.reps.iter().any(|n| *n == 0 || *n > MAX_COUNT) {
        return Err(format!("reps must be 1 to {MAX_COUNT} per set"));
    }
    let check = |v: Option<f64>, what: &str, p: fn(&str) -> Result<f64, String>| {
        v.map(|x| p(&show_number(x)).map_err(|e| format!("{what}: {e}")))
            .transpose()
    };
    if let Some(kg) = r.load_kg
        && !(0.0..=500.0).contains(&kg)
    {
        return Err(format!("load_kg {kg} is out of range (allowed 0 to 500)"));
    }
    Ok(Entry {
        id: r.id,
        date: r.date,
        status,
        reps: r.reps.clone(),
        load_kg: r.load_kg,
        rpe: check(r.rpe, "rpe", parse_rpe)?,
        pain_during: check(r.pain_during, "pain_during", parse_pain)?,
        pain_morning: check(r.pain_morning, "pain_morning", parse_pain)?,
        swelling: r.swelling,
        note: r.note.clone().filter(|n| !n.is_empty()),
        extra: r.extra,
    })
}

fn vmo_csv(text: &str) -> Result<Vec<Entry>, String> {
    let mut rd = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let mut out = Vec::new();
    for rec in rd.records() {
        let rec = rec.map_err(|e| format!("{e}"))?;
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let at = |e: String| format!("line {line}: {e}");
        let get = |i: usize| rec.get(i).unwrap_or("").trim();
        let num = |i: usize| -> Result<Option<f64>, String> {
            let v = get(i);
            if v.is_empty() {
                return Ok(None);
            }
            v.parse::<f64>()
                .map(Some)
                .map_err(|_| format!("{} {v:?} is not a number", CSV_HEADER[i]))
        };
        let bool_at = |i: usize| -> Result<bool, String> {
            match get(i) {
                "true" | "1" => Ok(true),
                "false" | "0" | "" => Ok(false),
                v => Err(format!("{} {v:?} (allowed true, false)", CSV_HEADER[i])),
            }
        };
        let reps = if get(4).is_empty() {
            Vec::new()
        } else {
            parse_reps(get(4)).map_err(|e| at(format!("reps: {e}")))?
        };
        let row = Row {
            id: get(0)
                .parse()
                .map_err(|_| at(format!("id {:?} is not a whole number", get(0))))?,
            date: get(1)
                .parse()
                .map_err(|_| at(format!("date {:?} (expected YYYY-MM-DD)", get(1))))?,
            status: get(2).to_string(),
            sets: get(3)
                .parse()
                .map_err(|_| at(format!("sets {:?} is not a whole number", get(3))))?,
            reps,
            load_kg: num(5).map_err(at)?,
            rpe: num(6).map_err(at)?,
            pain_during: num(7).map_err(at)?,
            pain_morning: num(8).map_err(at)?,
            swelling: bool_at(9).map_err(at)?,
            note: Some(formula_restore(rec.get(10).unwrap_or("")).to_string()),
            extra: bool_at(11).map_err(at)?,
        };
        out.push(row_entry(&row).map_err(at)?);
    }
    Ok(out)
}

/// Strong's export: one row per set; rows whose exercise is a squat are grouped by day.
fn strong(text: &str) -> Result<Vec<Entry>, String> {
    let first = text.lines().next().unwrap_or("");
    let delim = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut rd = csv::ReaderBuilder::new()
        .delimiter(delim)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = rd.headers().map_err(|e| format!("line 1: {e}"))?.clone();
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let need = |name: &str| col(name).ok_or_else(|| format!("line 1: no {name:?} column"));
    let (c_date, c_ex, c_reps) = (need("Date")?, need("Exercise Name")?, need("Reps")?);
    let (c_w, c_unit, c_rpe, c_order) = (
        col("Weight"),
        col("Weight Unit"),
        col("RPE"),
        col("Set Order"),
    );
    let (c_notes, c_wnotes) = (col("Notes"), col("Workout Notes"));
    let mut days: std::collections::BTreeMap<NaiveDate, Entry> = Default::default();
    for rec in rd.records() {
        let rec = rec.map_err(|e| format!("{e}"))?;
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let get = |i: Option<usize>| i.and_then(|i| rec.get(i)).unwrap_or("").trim();
        if !get(Some(c_ex)).to_lowercase().contains("squat") {
            continue;
        }
        // Rest timers and warm-ups carry a letter in Set Order (e.g. "W"); skip them.
        if c_order.is_some() && get(c_order).parse::<u32>().is_err() {
            continue;
        }
        let at = |e: String| format!("line {line}: {e}");
        let day = get(Some(c_date));
        let date: NaiveDate = day
            .get(..10)
            .and_then(|d| d.parse().ok())
            .ok_or_else(|| at(format!("Date {day:?} (expected YYYY-MM-DD …)")))?;
        let reps_text = get(Some(c_reps));
        let reps: u32 = reps_text
            .parse::<f64>()
            .ok()
            .filter(|r| r.fract() == 0.0 && *r >= 1.0 && *r <= f64::from(MAX_COUNT))
            .map(|r| r as u32)
            .ok_or_else(|| at(format!("Reps {reps_text:?} (allowed 1 to {MAX_COUNT})")))?;
        let weight = get(c_w);
        let kg = if weight.is_empty() {
            None
        } else {
            let w: f64 = weight
                .parse()
                .ok()
                .filter(|w: &f64| (0.0..=1000.0).contains(w))
                .ok_or_else(|| at(format!("Weight {weight:?} is not a weight")))?;
            let lb = matches!(get(c_unit).to_lowercase().as_str(), "lbs" | "lb");
            Some(if lb { w * crate::units::KG_PER_LB } else { w })
        };
        let rpe_text = get(c_rpe);
        let rpe = if rpe_text.is_empty() {
            None
        } else {
            Some(parse_rpe(rpe_text).map_err(|e| at(format!("RPE: {e}")))?)
        };
        let e = days.entry(date).or_insert_with(|| Entry {
            id: 0,
            date,
            status: Status::Done,
            reps: Vec::new(),
            load_kg: None,
            rpe: None,
            pain_during: None,
            pain_morning: None,
            swelling: false,
            note: None,
            extra: false,
        });
        e.reps.push(reps);
        if let Some(kg) = kg.filter(|k| *k > 0.0) {
            let kg = (kg * 100.0).round() / 100.0;
            e.load_kg = Some(e.load_kg.map_or(kg, |old: f64| old.max(kg)));
        }
        if let Some(r) = rpe {
            e.rpe = Some(e.rpe.map_or(r, |old: f64| old.max(r)));
        }
        let note = [get(c_notes), get(c_wnotes)]
            .into_iter()
            .filter(|n| !n.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        if !note.is_empty() && e.note.is_none() {
            e.note = Some(note);
        }
    }
    Ok(days.into_values().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: i64, date: &str) -> Entry {
        Entry {
            id,
            date: date.parse().unwrap(),
            status: Status::Done,
            reps: vec![12, 12, 9],
            load_kg: Some(10.0),
            rpe: Some(7.5),
            pain_during: Some(3.0),
            pain_morning: None,
            swelling: false,
            note: Some("left knee, \"tight\", fine".into()),
            extra: false,
        }
    }

    #[test]
    fn vmo_csv_and_json_round_trip_exactly() {
        let mut skipped = entry(2, "2026-12-04");
        skipped.status = Status::Skipped;
        skipped.reps.clear();
        skipped.load_kg = None;
        skipped.note = None;
        let entries = vec![entry(1, "2026-12-02"), skipped];
        let csv = to_csv(&entries);
        assert_eq!(parse(&csv).unwrap(), (Kind::VmoCsv, entries.clone()));
        let json = to_json(&entries);
        assert_eq!(parse(&json).unwrap(), (Kind::VmoJson, entries));
    }

    #[test]
    fn loads_to_the_hundredth_survive_the_csv() {
        // 22 lb from a Strong export is 9.98 kg; the CSV once wrote it as 10.
        let mut e = entry(1, "2026-12-02");
        e.load_kg = Some(9.98);
        assert_eq!(parse(&to_csv(&[e.clone()])).unwrap().1, vec![e]);
    }

    #[test]
    fn strong_squat_sets_become_one_entry_per_day() {
        let text = "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes
2026-12-02 07:30:00;Legs;Goblet Squat (Dumbbell);1;22;lbs;12;7;;;0;;
2026-12-02 07:30:00;Legs;Goblet Squat (Dumbbell);2;22;lbs;12;8;;;0;;
2026-12-02 07:30:00;Legs;Leg Press;1;100;lbs;10;;;;0;;
2026-12-04 07:30:00;Legs;Squat (Bodyweight);1;0;kg;15;;;;0;felt good;
";
        let (kind, e) = parse(text).unwrap();
        assert_eq!(kind, Kind::Strong);
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].reps, vec![12, 12]);
        assert_eq!(e[0].load_kg, Some(9.98));
        assert_eq!(e[0].rpe, Some(8.0));
        assert_eq!(e[1].reps, vec![15]);
        assert_eq!(e[1].load_kg, None);
        assert_eq!(e[1].note.as_deref(), Some("felt good"));
    }

    #[test]
    fn a_bad_row_names_its_line() {
        let mut csv = to_csv(&[entry(1, "2026-12-02"), entry(2, "2026-12-03")]);
        csv = csv.replace("2026-12-03", "2026-13-03");
        let err = parse(&csv).unwrap_err();
        assert!(err.starts_with("line 3: date \"2026-13-03\""), "{err}");
        assert!(
            parse("hello\n")
                .unwrap_err()
                .starts_with("line 1: not a log file")
        );
    }
}
