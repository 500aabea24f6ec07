//! The plan's inputs over time: each change of the profile made through vmo (`init`,
//! `config set`/`unset`, `client add`) is a dated row of the training log, and the profile
//! holds the settings in force from the last of them on. So a change applies from a date
//! on and the weeks before it keep the days and numbers they were planned with (DESIGN §8,
//! the plan on a timeline). Pure: the rows are read and written at the edge.

use chrono::NaiveDate;

use crate::config::{Profile, ProfileValues};

/// The profile keys a plan is made from and that change from a date on. `start` and
/// `weeks` say where the plan is, `db` and `client` whose it is: not dated.
pub const DATED_KEYS: &[&str] = &[
    "template",
    "days",
    "units",
    "bodyweight",
    "bodyweight_ratio",
    "one_rep_max",
    "test",
    "variant",
    "dumbbells",
    "bar",
    "plates",
    "vest",
    "at",
    "duration",
    "tz",
    "remind",
];

/// The first date of the earliest row: the settings the plan had before any change.
pub const BEGINNING: NaiveDate = match NaiveDate::from_ymd_opt(1, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// One recorded change: from `from` on, the dated keys are `values`.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanChange {
    /// Row id (later rows of the same date win).
    pub id: i64,
    /// The first day it applies to ([`BEGINNING`] for the plan's first settings).
    pub from: NaiveDate,
    /// The day it was recorded.
    pub recorded_on: NaiveDate,
    /// The dated keys' values from then on (other keys unset).
    pub values: ProfileValues,
}

/// The dated keys of `v` as a TOML table (keys unset are absent).
pub fn dated_table(v: &ProfileValues) -> toml::Table {
    let mut t = toml::Table::try_from(v).unwrap_or_default();
    t.retain(|k, _| DATED_KEYS.contains(&k));
    t
}

/// `v` with only its dated keys.
pub fn dated(v: &ProfileValues) -> ProfileValues {
    dated_table(v).try_into().unwrap_or_default()
}

/// True when `a` and `b` make the same plan from a date on.
pub fn same_plan(a: &ProfileValues, b: &ProfileValues) -> bool {
    dated_table(a) == dated_table(b)
}

/// The dated keys that differ from `a` to `b`: (key, before, after), in [`DATED_KEYS`]
/// order, values as the profile writes them.
pub fn differences(
    a: &ProfileValues,
    b: &ProfileValues,
) -> Vec<(&'static str, Option<String>, Option<String>)> {
    let (a, b) = (dated_table(a), dated_table(b));
    let shown = |v: Option<&toml::Value>| {
        v.map(|v| match v {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    };
    DATED_KEYS
        .iter()
        .filter(|k| a.get(**k) != b.get(**k))
        .map(|k| (*k, shown(a.get(*k)), shown(b.get(*k))))
        .collect()
}

/// The profile in force over each stretch of time, first to last: (first day, profile).
/// The rows give the dated keys of each stretch; the profile itself (hand edits
/// included) is the last stretch, and gives the other keys of every stretch. With no
/// rows, the profile holds for every date.
pub fn periods(profile: &Profile, changes: &[PlanChange]) -> Vec<(NaiveDate, Profile)> {
    let mut out: Vec<(NaiveDate, Profile)> = Vec::with_capacity(changes.len().max(1));
    for (i, c) in changes.iter().enumerate() {
        let from = if i == 0 { BEGINNING } else { c.from };
        let values = if i + 1 == changes.len() {
            profile.values.clone()
        } else {
            with_dated(&profile.values, &c.values)
        };
        // Two rows of one date: the later one holds from it.
        if out.last().is_some_and(|(f, _)| *f == from) {
            out.pop();
        }
        out.push((
            from,
            Profile {
                path: profile.path.clone(),
                values,
            },
        ));
    }
    if out.is_empty() {
        out.push((BEGINNING, profile.clone()));
    }
    out
}

/// `base` with its dated keys replaced by those of `dated` (unset where `dated` is).
fn with_dated(base: &ProfileValues, dated: &ProfileValues) -> ProfileValues {
    let mut t = toml::Table::try_from(base).unwrap_or_default();
    t.retain(|k, _| !DATED_KEYS.contains(&k));
    t.extend(dated_table(dated));
    t.try_into().unwrap_or_else(|_| base.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(days: &str, bw: Option<&str>) -> ProfileValues {
        ProfileValues {
            days: Some(days.into()),
            bodyweight: bw.map(str::to_string),
            start: Some("2026-11-02".into()),
            ..ProfileValues::default()
        }
    }

    fn change(id: i64, from: &str, v: ProfileValues) -> PlanChange {
        PlanChange {
            id,
            from: from.parse().unwrap(),
            recorded_on: from.parse().unwrap(),
            values: dated(&v),
        }
    }

    #[test]
    fn the_profile_holds_from_the_last_change_and_the_rows_before_it() {
        let profile = Profile {
            path: None,
            // Hand-edited after the last change: it holds from that change on.
            values: values("mon,thu", Some("70kg")),
        };
        let rows = [
            change(1, "0001-01-01", values("tue,thu,sat", None)),
            change(2, "2026-11-19", values("mon,wed,fri", None)),
        ];
        let p = periods(&profile, &rows);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].0, BEGINNING);
        assert_eq!(p[0].1.values.days.as_deref(), Some("tue,thu,sat"));
        // Keys that are not dated come from the profile in every stretch.
        assert_eq!(p[0].1.values.start.as_deref(), Some("2026-11-02"));
        assert_eq!(p[0].1.values.bodyweight, None);
        assert_eq!(p[1].0, "2026-11-19".parse::<NaiveDate>().unwrap());
        assert_eq!(p[1].1.values.days.as_deref(), Some("mon,thu"));
        assert_eq!(p[1].1.values.bodyweight.as_deref(), Some("70kg"));
    }

    #[test]
    fn no_rows_is_the_profile_for_every_date() {
        let profile = Profile {
            path: None,
            values: values("mon,thu", None),
        };
        let p = periods(&profile, &[]);
        assert_eq!(p, vec![(BEGINNING, profile)]);
    }

    #[test]
    fn differences_name_the_keys_that_changed() {
        let d = differences(&values("mon,thu", None), &values("tue,fri", Some("70kg")));
        assert_eq!(
            d,
            vec![
                ("days", Some("mon,thu".into()), Some("tue,fri".into())),
                ("bodyweight", None, Some("70kg".into())),
            ]
        );
        assert!(same_plan(
            &values("mon,thu", None),
            &ProfileValues {
                client: Some("Ann".into()),
                ..values("mon,thu", None)
            }
        ));
    }
}
