//! Completed activities from Strava's bulk export (`activities.csv`): they feed the running
//! guard and show in the plan; planned rides come from calendar feeds.
//!
//! The export repeats some headers (a second `Distance`, in metres, after the first, in
//! km) and localises them with the account's language: each field is found by any of its
//! known names, first occurrence first.

use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

use super::{Ride, classify};

/// Names of the columns read, in the languages Strava exports.
const DATE: &[&str] = &[
    "Activity Date",
    "Aktivitätsdatum",
    "Date de l'activité",
    "Fecha de la actividad",
    "Data dell'attività",
    "Activiteitsdatum",
];
const NAME: &[&str] = &[
    "Activity Name",
    "Aktivitätsname",
    "Nom de l'activité",
    "Nombre de la actividad",
    "Nome dell'attività",
    "Activiteitsnaam",
];
const TYPE: &[&str] = &[
    "Activity Type",
    "Aktivitätsart",
    "Type d'activité",
    "Tipo de actividad",
    "Tipo di attività",
    "Activiteitstype",
];
const ELAPSED: &[&str] = &[
    "Elapsed Time",
    "Verstrichene Zeit",
    "Temps écoulé",
    "Tiempo transcurrido",
    "Tempo trascorso",
    "Verstreken tijd",
];
const DISTANCE: &[&str] = &["Distance", "Distanz", "Distancia", "Distanza", "Afstand"];
const EFFORT: &[&str] = &[
    "Relative Effort",
    "Relativer Aufwand",
    "Effort relatif",
    "Esfuerzo relativo",
    "Sforzo relativo",
];

/// Date formats of the export's `Activity Date` (UTC), English first.
const DATE_FORMATS: &[&str] = &[
    "%b %d, %Y, %I:%M:%S %p",
    "%b %d, %Y %I:%M:%S %p",
    "%d %b %Y, %H:%M:%S",
    "%d %b %Y, %I:%M:%S %p",
    "%d.%m.%Y, %H:%M:%S",
    "%d.%m.%Y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y, %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%SZ",
];

/// The first column whose header is one of `names` (case-insensitive, trimmed).
fn column(headers: &csv::StringRecord, names: &[&str]) -> Option<usize> {
    headers.iter().position(|h| {
        let h = h.trim().trim_start_matches('\u{feff}');
        names.iter().any(|n| n.eq_ignore_ascii_case(h))
    })
}

/// A number as the export writes it, with a decimal point or (localised) comma.
fn number(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let v: f64 = if s.contains('.') {
        s.replace(',', "").parse().ok()?
    } else {
        s.replace(',', ".").parse().ok()?
    };
    v.is_finite().then_some(v)
}

/// Month names of localised exports (German, French, Spanish, Italian, Dutch), as the
/// English abbreviations chrono reads. Unverified against every locale Strava has: a date
/// none of these read is an error naming the row, never a guess.
const MONTHS: &[(&str, &str)] = &[
    ("jan", "Jan"),
    ("janv", "Jan"),
    ("ene", "Jan"),
    ("gen", "Jan"),
    ("januar", "Jan"),
    ("feb", "Feb"),
    ("févr", "Feb"),
    ("fevr", "Feb"),
    ("februar", "Feb"),
    ("mär", "Mar"),
    ("märz", "Mar"),
    ("mars", "Mar"),
    ("mar", "Mar"),
    ("mrt", "Mar"),
    ("apr", "Apr"),
    ("avr", "Apr"),
    ("abr", "Apr"),
    ("april", "Apr"),
    ("mai", "May"),
    ("may", "May"),
    ("mag", "May"),
    ("mei", "May"),
    ("jun", "Jun"),
    ("juni", "Jun"),
    ("juin", "Jun"),
    ("giu", "Jun"),
    ("jul", "Jul"),
    ("juli", "Jul"),
    ("juil", "Jul"),
    ("lug", "Jul"),
    ("aug", "Aug"),
    ("août", "Aug"),
    ("aout", "Aug"),
    ("ago", "Aug"),
    ("sep", "Sep"),
    ("sept", "Sep"),
    ("set", "Sep"),
    ("okt", "Oct"),
    ("oct", "Oct"),
    ("ott", "Oct"),
    ("nov", "Nov"),
    ("dez", "Dec"),
    ("déc", "Dec"),
    ("dec", "Dec"),
    ("dic", "Dec"),
];

/// A localised date in the English shape: `7. Jan. 2024, 01:34:17` and `7 janv. 2024,
/// 01:34:17` read as `7 Jan 2024, 01:34:17`; `a. m.`/`p. m.` as AM/PM.
fn english(s: &str) -> String {
    let s = s.replace("a. m.", "AM").replace("p. m.", "PM");
    s.split(' ')
        .map(|w| {
            let bare = w.trim_end_matches(['.', ',']).to_lowercase();
            let tail = &w[w.trim_end_matches(['.', ',']).len()..];
            match MONTHS.iter().find(|(k, _)| *k == bare) {
                Some((_, en)) => format!("{en}{}", tail.replace('.', "")),
                None if bare.chars().all(|c| c.is_ascii_digit()) && tail == "." => bare,
                None => w.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn date_time(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    let parse = |s: &str| {
        DATE_FORMATS
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    };
    parse(s).or_else(|| parse(&english(s)))
}

/// The activities of a Strava `activities.csv` dated `from` to `to` (inclusive) in the
/// zone `tz`, each `completed`. An export without a date or type column is an error
/// naming what is missing.
pub fn parse_strava_csv(
    bytes: &[u8],
    tz: Tz,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Ride>, String> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| format!("not a CSV file ({e})"))?
        .clone();
    let need = |names: &[&str], what: &str| {
        column(&headers, names).ok_or_else(|| {
            format!(
                "no {what} column (a Strava activities.csv has one named {})",
                names[..4].join(", ")
            )
        })
    };
    let date_col = need(DATE, "activity date")?;
    let type_col = need(TYPE, "activity type")?;
    let name_col = column(&headers, NAME);
    let elapsed_col = column(&headers, ELAPSED);
    let distance_col = column(&headers, DISTANCE);
    let effort_col = column(&headers, EFFORT);
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("row {}: {e}", i + 2))?;
        let get = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("");
        let raw = get(Some(date_col));
        let Some(utc) = date_time(raw) else {
            return Err(format!(
                "row {}: activity date {} is not a date Strava writes (e.g. \"Jan 7, 2024, 1:34:17 AM\")",
                i + 2,
                crate::visible::quoted(raw)
            ));
        };
        let local = tz.from_utc_datetime(&utc).naive_local();
        if !(from..=to).contains(&local.date()) {
            continue;
        }
        let title = get(name_col).trim().to_string();
        out.push(Ride {
            date: local.date(),
            start: Some(local.time()),
            minutes: number(get(elapsed_col))
                .filter(|s| *s >= 0.0)
                .map(|s| (s / 60.0).round().min(f64::from(u32::MAX)) as u32),
            sport: classify::strava_sport(get(Some(type_col))),
            race_or_test: classify::race_or_test(&title, ""),
            title,
            tss: None,
            intensity_factor: None,
            kj: None,
            relative_effort: number(get(effort_col)),
            distance_km: number(get(distance_col)).filter(|d| *d >= 0.0),
            completed: true,
        });
    }
    super::sort(&mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rides::Sport;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn english_export_with_repeated_headers() {
        let csv = "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,Max Heart Rate,Relative Effort,Commute,Elapsed Time,Moving Time,Distance\n\
            1,\"Dec 3, 2026, 5:30:00 AM\",Morning Run,Run,,2700,8.52,170,45,false,2700.0,2650.0,8520.3\n\
            2,\"Dec 5, 2026, 8:00:00 AM\",Long ride,Ride,,12600,95.1,160,210,false,12600.0,12000.0,95100.0\n\
            3,\"Nov 1, 2026, 8:00:00 AM\",Too early,Ride,,3600,30,150,50,false,3600,3600,30000\n";
        let rides = parse_strava_csv(
            csv.as_bytes(),
            chrono_tz::Europe::Berlin,
            d("2026-12-01"),
            d("2026-12-31"),
        )
        .unwrap();
        assert_eq!(rides.len(), 2);
        let run = &rides[0];
        assert_eq!(run.sport, Sport::Run);
        assert_eq!(run.start.unwrap().to_string(), "06:30:00");
        assert_eq!(run.distance_km, Some(8.52), "the first Distance is km");
        assert_eq!(run.minutes, Some(45));
        assert!(run.completed);
        assert_eq!(rides[1].relative_effort, Some(210.0));
        assert!(
            rides[1]
                .key(&crate::template::RideRules::default())
                .is_some()
        );
    }

    #[test]
    fn german_export_with_decimal_commas() {
        let csv = "Aktivitäts-ID,Aktivitätsdatum,Aktivitätsname,Aktivitätsart,Verstrichene Zeit,Distanz,Relative Effort\n\
            7,\"03.12.2026, 05:30:00\",Lauf am Morgen,Lauf,2700,\"10,5\",40\n";
        let rides = parse_strava_csv(
            csv.as_bytes(),
            chrono_tz::UTC,
            d("2026-12-01"),
            d("2026-12-31"),
        )
        .unwrap();
        assert_eq!(rides.len(), 1);
        assert_eq!(rides[0].sport, Sport::Run);
        assert_eq!(rides[0].distance_km, Some(10.5));
        assert_eq!(rides[0].running_km(), 10.5);
    }

    #[test]
    fn localised_dates() {
        let at = |s: &str| date_time(s).map(|d| d.to_string());
        let want = Some("2024-01-07 01:34:17".to_string());
        assert_eq!(at("Jan 7, 2024, 1:34:17 AM"), want);
        assert_eq!(at("7. Jan. 2024, 01:34:17"), want);
        assert_eq!(at("7 janv. 2024, 01:34:17"), want);
        assert_eq!(at("7 ene. 2024, 1:34:17 a. m."), want);
        assert_eq!(at("07.01.2024, 01:34:17"), want);
        assert_eq!(
            at("7 März 2024, 01:34:17").map(|d| d[..10].to_string()),
            Some("2024-03-07".into())
        );
    }

    #[test]
    fn missing_columns_and_bad_dates_say_what_is_wrong() {
        let e = parse_strava_csv(
            b"a,b\n1,2\n",
            chrono_tz::UTC,
            d("2026-12-01"),
            d("2026-12-31"),
        )
        .unwrap_err();
        assert!(e.contains("activity date"), "{e}");
        let e = parse_strava_csv(
            b"Activity Date,Activity Type\nyesterday,Run\n",
            chrono_tz::UTC,
            d("2026-12-01"),
            d("2026-12-31"),
        )
        .unwrap_err();
        assert!(e.starts_with("row 2: activity date \"yesterday\""), "{e}");
    }
}
