//! `--rides` on arbitrary bytes: the iCalendar and Strava readers must never panic or
//! overflow the stack, their errors are one line, and every ride they return is inside
//! the dates asked for, with a title that is one line once shown.

use chrono::NaiveDate;

/// The `rides` target: the first byte picks the zone, the rest is read as a calendar
/// file and as a Strava export (`vmo::rides::ics::parse_ics`,
/// `vmo::rides::strava::parse_strava_csv`); then the plan is placed around what was read.
pub fn check_rides(data: &[u8]) {
    let Some((&zone, rest)) = data.split_first() else {
        return;
    };
    let tz = [
        chrono_tz::UTC,
        chrono_tz::Europe::Berlin,
        chrono_tz::America::Los_Angeles,
        chrono_tz::Pacific::Chatham,
    ][usize::from(zone) % 4];
    let from = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let to = NaiveDate::from_ymd_opt(2027, 1, 31).unwrap();
    let mut all = Vec::new();
    if let Ok(text) = std::str::from_utf8(rest) {
        match vmo::rides::ics::parse_ics(text, tz, from, to) {
            Ok(r) => all.extend(r),
            Err(e) => assert!(!e.contains('\n'), "ics error on two lines: {e:?}"),
        }
    }
    match vmo::rides::strava::parse_strava_csv(rest, tz, from, to) {
        Ok(r) => all.extend(r),
        Err(e) => assert!(!e.contains('\n'), "csv error on two lines: {e:?}"),
    }
    let rules = vmo::template::RideRules::default();
    for r in &all {
        assert!(
            (from..=to).contains(&r.date),
            "{} outside the window",
            r.date
        );
        let line = r.line(r.key(&rules).as_deref());
        assert!(!line.contains(['\n', '\r']), "ride line breaks: {line:?}");
        assert!(r.running_km().is_finite() && r.running_km() >= 0.0);
    }
    let b = vmo::template::BUILTINS
        .iter()
        .find(|b| b.name == "knee-friendly")
        .expect("built in");
    let t = vmo::template::parse(b.name, b.source).expect("built-in parses");
    let req = vmo::plan::Request {
        weeks: 8,
        start: from,
        days: None,
        athlete: vmo::plan::Athlete::default(),
        unit: vmo::units::Unit::Kg,
        changes: Vec::new(),
        rides: vmo::plan::rides::RideCalendar {
            rides: all,
            spare_days: vec![vmo::day::Day::Thu],
            at: None,
        },
    };
    let plan = vmo::plan::generate(&t, &req).expect("a built-in plans around any rides");
    assert!(
        vmo::plan::audit::guard_findings(&plan).is_empty(),
        "a guard broke around the rides"
    );
}
