//! What an event is, from the words people's calendars already use: the sport (from
//! CATEGORIES, the title or Strava's Activity Type), the numbers TrainerRoad and
//! TrainingPeaks write in descriptions (TSS, IF, kJ, distance), a TrainerRoad title's
//! `H:MM` length, and whether it is a race or a test.

use super::Sport;

/// Words of a title (or CATEGORIES) that make an event a ride.
const RIDE_WORDS: &[&str] = &[
    "ride",
    "rides",
    "riding",
    "bike",
    "biking",
    "cycle",
    "cycling",
    "zwift",
    "trainerroad",
    "mtb",
    "gravel",
    "velo",
    "criterium",
    "crit",
    "sweet spot",
    "sweetspot",
    "rad",
    "radfahren",
];

/// Words that make an event a run.
const RUN_WORDS: &[&str] = &[
    "run",
    "runs",
    "running",
    "jog",
    "jogging",
    "parkrun",
    "marathon",
    "5k",
    "10k",
    "laufen",
    "lauf",
    "trail run",
];

/// Words that make an event another sport (never a ride by a number alone).
const OTHER_WORDS: &[&str] = &[
    "swim", "swimming", "walk", "hike", "yoga", "gym", "strength", "row", "rowing", "ski",
];

/// Words that make an event a race or a test: key whatever its numbers.
const RACE_WORDS: &[&str] = &[
    "race",
    "racing",
    "test",
    "ftp",
    "ramp test",
    "time trial",
    "tt",
    "crit",
    "criterium",
    "gran fondo",
    "granfondo",
    "sportive",
];

/// Lowercase words of `text` (letters and digits; anything else separates).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// True when `phrase` (one or more words) appears in `text` as whole words.
pub fn has_phrase(text: &str, phrase: &str) -> bool {
    let w = words(text);
    let p = words(phrase);
    !p.is_empty() && w.windows(p.len()).any(|win| win == p.as_slice())
}

fn any_phrase(text: &str, list: &[&str]) -> bool {
    list.iter().any(|p| has_phrase(text, p))
}

/// The sport its categories or title name, `None` when no word says (TrainerRoad's feed is
/// all rides and says so nowhere: its numbers do).
pub fn sport(categories: &str, title: &str) -> Option<Sport> {
    for text in [categories, title] {
        if any_phrase(text, RUN_WORDS) {
            return Some(Sport::Run);
        }
        if any_phrase(text, RIDE_WORDS) {
            return Some(Sport::Ride);
        }
        if any_phrase(text, OTHER_WORDS) {
            return Some(Sport::Other);
        }
    }
    None
}

/// The sport of a Strava Activity Type (`Ride`, `VirtualRide`, `Run`, `TrailRun`, …).
pub fn strava_sport(kind: &str) -> Sport {
    let k = kind
        .trim()
        .to_ascii_lowercase()
        .replace([' ', '-', '_'], "");
    match k.as_str() {
        "ride" | "virtualride" | "ebikeride" | "gravelride" | "mountainbikeride" | "handcycle"
        | "velomobile" | "radfahrt" | "sortieàvélo" | "ciclismo" => Sport::Ride,
        "run" | "trailrun" | "virtualrun" | "lauf" | "course" | "carrera" => Sport::Run,
        _ => Sport::Other,
    }
}

/// A race or a test, by the words of its title or description.
pub fn race_or_test(title: &str, description: &str) -> bool {
    any_phrase(title, RACE_WORDS)
        || has_phrase(description, "ftp test")
        || has_phrase(description, "ramp test")
}

/// A TrainerRoad-style title's length: `2:00 - Gibbs` is 120 minutes. Only that shape
/// (`H:MM - Name`): `9:30 Dentist` is an appointment at half past nine, not a workout.
pub fn title_minutes(title: &str) -> Option<u32> {
    let (head, rest) = title.trim().split_once(" - ")?;
    if rest.trim().is_empty() {
        return None;
    }
    let (h, m) = head.trim().split_once(':')?;
    if m.len() != 2 || h.is_empty() || h.len() > 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (m < 60 && h < 24 && !(h == 0 && m == 0)).then_some(h * 60 + m)
}

/// A number written after `label` in `text`: `TSS 81`, `TSS: 81`, `IF 0.64`, `IF=0.64`,
/// `kJ(Cal) 1263` (case-insensitive, the label a whole word).
pub fn number_after(text: &str, label: &str) -> Option<f64> {
    // "IF" only as written, in capitals: "if 2 parents attend" is no Intensity Factor.
    let exact = label == "IF";
    let lower = if exact {
        text.to_string()
    } else {
        text.to_lowercase()
    };
    let label = if exact {
        label.to_string()
    } else {
        label.to_lowercase()
    };
    let mut from = 0;
    while let Some(i) = lower[from..].find(&label) {
        let at = from + i;
        from = at + label.len();
        let before_ok = lower[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let rest = &lower[at + label.len()..];
        if !before_ok || rest.chars().next().is_some_and(char::is_alphanumeric) {
            continue;
        }
        let rest = rest.trim_start_matches(|c: char| c == ':' || c == '=' || c.is_whitespace());
        let num: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
            .collect();
        let num = num.trim_end_matches(['.', ',']).replace(',', ".");
        if let Ok(v) = num.parse::<f64>()
            && v.is_finite()
        {
            return Some(v);
        }
    }
    None
}

/// A distance written in `text` (`Distance: 10.5 km`, `Planned distance 6 mi`), in km.
pub fn distance_km(text: &str) -> Option<f64> {
    let lower = text.to_lowercase();
    let at = lower.find("distance")?;
    let rest = &lower[at + "distance".len()..];
    let rest = rest.trim_start_matches(|c: char| c == ':' || c == '=' || c.is_whitespace());
    let num: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .collect();
    let v: f64 = num
        .trim_end_matches(['.', ','])
        .replace(',', ".")
        .parse()
        .ok()?;
    let unit = rest[num.len()..].trim_start();
    let km = if unit.starts_with("mi") {
        v * 1.609_344
    } else if unit.starts_with("m ") || unit == "m" || unit.starts_with("m.") {
        v / 1000.0
    } else {
        v
    };
    (km.is_finite() && km >= 0.0).then_some(km)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sports_from_words() {
        assert_eq!(
            sport("", "2:00 - Gibbs").unwrap_or(Sport::Ride),
            Sport::Ride
        );
        assert_eq!(
            sport("", "Tempo run 8 km").unwrap_or(Sport::Other),
            Sport::Run
        );
        assert_eq!(
            sport("Cycling", "Workout").unwrap_or(Sport::Other),
            Sport::Ride
        );
        assert_eq!(
            sport("", "Zwift - Alpe du Zwift").unwrap_or(Sport::Other),
            Sport::Ride
        );
        assert_eq!(sport("", "Swim 2k").unwrap_or(Sport::Ride), Sport::Other);
        // Whole words only: "brunch" is not a run, "pride" not a ride.
        assert_eq!(sport("", "Brunch").unwrap_or(Sport::Other), Sport::Other);
        assert_eq!(
            sport("", "Pride parade").unwrap_or(Sport::Other),
            Sport::Other
        );
        assert_eq!(strava_sport("VirtualRide"), Sport::Ride);
        assert_eq!(strava_sport("Trail Run"), Sport::Run);
        assert_eq!(strava_sport("Walk"), Sport::Other);
    }

    #[test]
    fn races_and_tests() {
        assert!(race_or_test("Ramp Test", ""));
        assert!(race_or_test("Local crit", ""));
        assert!(race_or_test("B Race: club TT", ""));
        assert!(!race_or_test("Attest paperwork", ""));
        assert!(!race_or_test("Contest prep ride", ""));
        assert!(race_or_test("Workout", "Today's FTP test."));
    }

    #[test]
    fn numbers_in_descriptions() {
        let tr = "TSS 81, IF 0.64, kJ(Cal) 1263. Description: Gibbs is 2 hours";
        assert_eq!(number_after(tr, "TSS"), Some(81.0));
        assert_eq!(number_after(tr, "IF"), Some(0.64));
        assert_eq!(number_after(tr, "kJ(Cal)"), Some(1263.0));
        assert_eq!(
            number_after("Planned TSS: 95.5 IF: 0.92", "TSS"),
            Some(95.5)
        );
        assert_eq!(number_after("Planned TSS: 95.5 IF: 0.92", "IF"), Some(0.92));
        // Part of a word is not the label.
        assert_eq!(number_after("DIFF 3", "IF"), None);
        assert_eq!(number_after("Only if 2 parents attend", "IF"), None);
        assert_eq!(number_after("no numbers", "TSS"), None);
        assert_eq!(distance_km("Distance: 10.5 km"), Some(10.5));
        assert_eq!(
            distance_km("Planned distance 5 mi").map(|v| (v * 10.0).round()),
            Some(80.0)
        );
        assert_eq!(distance_km("nothing"), None);
    }

    #[test]
    fn trainerroad_title_lengths() {
        assert_eq!(title_minutes("2:00 - Gibbs"), Some(120));
        assert_eq!(title_minutes("1:30 - Pettit +1"), Some(90));
        assert_eq!(title_minutes("Gibbs"), None);
        assert_eq!(title_minutes("0:00 - x"), None);
        assert_eq!(title_minutes("25:00 - x"), None);
        assert_eq!(title_minutes("9:30 Dentist"), None);
        assert_eq!(title_minutes("9:30 - "), None);
    }
}
