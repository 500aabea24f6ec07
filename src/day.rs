//! Days of the week as users write them (`mon`, `Tue`, `wednesday`) and lists of them.

use std::fmt;
use std::str::FromStr;

use crate::visible::part as part_of;
use chrono::Weekday;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A training day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Day {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

impl Day {
    /// Monday to Sunday.
    pub const ALL: [Day; 7] = [
        Day::Mon,
        Day::Tue,
        Day::Wed,
        Day::Thu,
        Day::Fri,
        Day::Sat,
        Day::Sun,
    ];

    /// Three-letter lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Day::Mon => "mon",
            Day::Tue => "tue",
            Day::Wed => "wed",
            Day::Thu => "thu",
            Day::Fri => "fri",
            Day::Sat => "sat",
            Day::Sun => "sun",
        }
    }

    /// Three-letter name with a capital, for tables.
    pub fn title(self) -> &'static str {
        match self {
            Day::Mon => "Mon",
            Day::Tue => "Tue",
            Day::Wed => "Wed",
            Day::Thu => "Thu",
            Day::Fri => "Fri",
            Day::Sat => "Sat",
            Day::Sun => "Sun",
        }
    }

    /// Days since Monday (0–6).
    pub fn index(self) -> u32 {
        self as u32
    }

    /// The chrono weekday.
    pub fn weekday(self) -> Weekday {
        Weekday::try_from(self as u8).expect("index is 0..7")
    }

    /// The day for a chrono weekday.
    pub fn from_weekday(w: Weekday) -> Day {
        Day::ALL[w.num_days_from_monday() as usize]
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Day {
    type Err = String;
    fn from_str(s: &str) -> Result<Day, String> {
        let lower = s.trim().to_ascii_lowercase();
        let full = [
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ];
        Day::ALL
            .iter()
            .zip(full)
            .find(|(d, f)| lower == d.as_str() || lower == *f)
            .map(|(d, _)| *d)
            .ok_or_else(|| "unknown day (allowed: mon, tue, wed, thu, fri, sat, sun)".to_string())
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Day, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A list of training days as one flag value (`mon,wed,fri`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayList(pub Vec<Day>);

/// Parses a comma-separated day list such as `mon,wed,fri`, refusing duplicates.
pub fn parse_days(s: &str) -> Result<Vec<Day>, String> {
    let mut days = Vec::new();
    for part in s.split(',') {
        if part.trim().is_empty() {
            return Err("an empty entry; write days like mon,wed,fri".to_string());
        }
        // A day of a list is named; a single day is the caller's to show.
        let day: Day =
            part.parse()
                .map_err(|e: String| match part_of(part, s).strip_suffix(": ") {
                    Some(named) => e.replacen("unknown day", &format!("unknown day {named}"), 1),
                    None => e,
                })?;
        if days.contains(&day) {
            return Err(format!("{day} is listed twice"));
        }
        days.push(day);
    }
    days.sort();
    Ok(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_short_and_long_names_in_any_case() {
        assert_eq!("Mon".parse::<Day>().unwrap(), Day::Mon);
        assert_eq!("wednesday".parse::<Day>().unwrap(), Day::Wed);
        assert!("funday".parse::<Day>().is_err());
    }

    #[test]
    fn day_lists_are_sorted_and_unique() {
        assert_eq!(parse_days("fri,mon").unwrap(), vec![Day::Mon, Day::Fri]);
        assert!(parse_days("mon,mon").unwrap_err().contains("twice"));
        assert!(parse_days("mon,,wed").is_err());
        assert!(parse_days("mon,xyz").unwrap_err().contains("xyz"));
    }

    #[test]
    fn weekday_round_trip() {
        for d in Day::ALL {
            assert_eq!(Day::from_weekday(d.weekday()), d);
        }
    }
}
