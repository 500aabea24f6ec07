//! Parsers for the time-related export flags: `--duration`/`--remind` (`45m`, `1h30m`),
//! `--at` (`HH:MM`) and `--tz` (IANA zone names). Each returns a one-line message saying
//! what is allowed, which clap prints with the flag and the value.

use chrono::NaiveTime;
use chrono_tz::Tz;

/// Longest accepted duration or reminder: one day, in minutes.
pub const MAX_MINUTES: u32 = 24 * 60;

const DURATION_HELP: &str =
    "expected a duration of 1 minute to 24 hours written like 30m, 45m, 1h, 1h30m or 90m";

/// Parses `30m`, `1h`, `1h30m`, `90m` (case-insensitive, spaces ignored) into whole minutes,
/// from 1 minute to 24 hours.
pub fn parse_minutes(s: &str) -> Result<u32, String> {
    let compact: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    if compact.is_empty() {
        return Err(DURATION_HELP.to_string());
    }
    if compact.starts_with('-') {
        return Err(format!("a duration cannot be negative ({DURATION_HELP})"));
    }
    let mut total: u64 = 0;
    let mut digits = String::new();
    let mut seen_h = false;
    let mut seen_m = false;
    for c in compact.chars() {
        match c {
            '0'..='9' => digits.push(c),
            'h' | 'm' => {
                if digits.is_empty() || digits.len() > 6 {
                    return Err(DURATION_HELP.to_string());
                }
                let n: u64 = digits.parse().map_err(|_| DURATION_HELP.to_string())?;
                digits.clear();
                if c == 'h' {
                    // Hours must come first and only once.
                    if seen_h || seen_m {
                        return Err(DURATION_HELP.to_string());
                    }
                    seen_h = true;
                    total += n * 60;
                } else {
                    if seen_m {
                        return Err(DURATION_HELP.to_string());
                    }
                    seen_m = true;
                    total += n;
                }
            }
            _ => return Err(DURATION_HELP.to_string()),
        }
    }
    if !digits.is_empty() {
        let n: u64 = digits.parse().map_err(|_| DURATION_HELP.to_string())?;
        if n > 0 {
            return Err(format!("{DURATION_HELP} (add a unit, e.g. {n}m)"));
        }
        total += n;
    }
    if total == 0 {
        return Err(format!(
            "a duration must be at least 1 minute ({DURATION_HELP})"
        ));
    }
    if total > u64::from(MAX_MINUTES) {
        return Err(format!("{total} minutes is too long ({DURATION_HELP})"));
    }
    Ok(total as u32)
}

/// Parses a 24-hour wall-clock time `HH:MM` (e.g. `07:00`, `7:30`, `18:45`).
pub fn parse_time_of_day(s: &str) -> Result<NaiveTime, String> {
    let help = "expected a 24-hour time HH:MM from 00:00 to 23:59, e.g. 07:00 or 18:30";
    let t = s.trim();
    let (h, m) = t.split_once(':').ok_or_else(|| help.to_string())?;
    let ok = |p: &str| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit());
    if !ok(h) || m.len() != 2 || !ok(m) {
        return Err(help.to_string());
    }
    let (h, m): (u32, u32) = (h.parse().unwrap_or(99), m.parse().unwrap_or(99));
    NaiveTime::from_hms_opt(h, m, 0).ok_or_else(|| help.to_string())
}

/// Parses an IANA time zone name such as `Europe/Berlin`, `America/New_York` or `UTC`.
pub fn parse_tz(s: &str) -> Result<Tz, String> {
    s.trim().parse::<Tz>().map_err(|_| {
        "unknown time zone; expected an IANA name such as Europe/Berlin, America/New_York or UTC"
            .to_string()
    })
}

/// Formats minutes as an RFC 5545 duration: `PT30M`, `PT1H`, `PT1H30M`.
pub fn ical_duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("PT{m}M"),
        (h, 0) => format!("PT{h}H"),
        (h, m) => format!("PT{h}H{m}M"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_the_usual_spellings() {
        assert_eq!(parse_minutes("30m"), Ok(30));
        assert_eq!(parse_minutes("45m"), Ok(45));
        assert_eq!(parse_minutes("1h"), Ok(60));
        assert_eq!(parse_minutes("1h30m"), Ok(90));
        assert_eq!(parse_minutes("90m"), Ok(90));
        assert_eq!(parse_minutes("1H 30M"), Ok(90));
        assert_eq!(parse_minutes("24h"), Ok(1440));
    }

    #[test]
    fn bad_durations_say_what_is_allowed() {
        for bad in [
            "",
            "0",
            "0m",
            "0h0m",
            "forever",
            "-5m",
            "30",
            "m",
            "1h1h",
            "30m1h",
            "1.5h",
            "25h",
            "99999999m",
            "30s",
        ] {
            let e = parse_minutes(bad).unwrap_err();
            assert!(e.contains("30m"), "{bad:?}: {e}");
        }
        assert!(parse_minutes("-5m").unwrap_err().contains("negative"));
        assert!(
            parse_minutes("0m")
                .unwrap_err()
                .contains("at least 1 minute")
        );
        assert!(
            parse_minutes("30")
                .unwrap_err()
                .contains("add a unit, e.g. 30m")
        );
    }

    #[test]
    fn times_of_day() {
        assert_eq!(
            parse_time_of_day("07:00"),
            Ok(NaiveTime::from_hms_opt(7, 0, 0).unwrap())
        );
        assert_eq!(
            parse_time_of_day("7:30"),
            Ok(NaiveTime::from_hms_opt(7, 30, 0).unwrap())
        );
        assert!(parse_time_of_day("23:59").is_ok());
        for bad in [
            "25:00", "7", "24:00", "07:60", "7:5", "07:00:00", "-1:00", "ab:cd", "",
        ] {
            assert!(
                parse_time_of_day(bad).unwrap_err().contains("HH:MM"),
                "{bad}"
            );
        }
    }

    #[test]
    fn zones() {
        assert_eq!(parse_tz("Europe/Berlin"), Ok(chrono_tz::Europe::Berlin));
        assert!(parse_tz("UTC").is_ok());
        assert!(parse_tz("Mars/Olympus").unwrap_err().contains("IANA"));
    }

    #[test]
    fn ical_durations() {
        assert_eq!(ical_duration(30), "PT30M");
        assert_eq!(ical_duration(60), "PT1H");
        assert_eq!(ical_duration(90), "PT1H30M");
    }
}
