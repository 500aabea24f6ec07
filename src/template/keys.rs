//! The key layout of a template, used to reject unknown keys before deserialising —
//! all of them at once, each with its line and the nearest valid key.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::Problem;

/// What may appear under a key.
enum Shape {
    /// A plain value (number, string, array of strings).
    Leaf,
    /// A table with these keys.
    Table(&'static [(&'static str, Shape)]),
    /// An array of tables with these keys.
    Tables(&'static [(&'static str, Shape)]),
    /// Either a plain value or a table with these keys.
    LeafOr(&'static [(&'static str, Shape)]),
}

const PROGRESSION: &[(&str, Shape)] = &[
    ("start", Shape::Leaf),
    ("step", Shape::Leaf),
    ("step_percent", Shape::Leaf),
    ("max", Shape::Leaf),
];
const TEMPO: &[(&str, Shape)] = &[("start", Shape::Leaf), ("max", Shape::Leaf)];
const EFFORT: &[(&str, Shape)] = &[("rpe", Shape::Leaf), ("rir", Shape::Leaf)];
const LOAD: &[(&str, Shape)] = &[
    ("percent_1rm", Shape::Leaf),
    ("bodyweight_ratio", Shape::Leaf),
    ("step", Shape::Leaf),
    ("max", Shape::Leaf),
];
const PHASE: &[(&str, Shape)] = &[
    ("name", Shape::Leaf),
    ("weeks", Shape::Leaf),
    ("variant", Shape::Leaf),
    ("sets", Shape::LeafOr(PROGRESSION)),
    ("reps", Shape::LeafOr(PROGRESSION)),
    ("tempo", Shape::LeafOr(TEMPO)),
    ("heel_height_cm", Shape::LeafOr(PROGRESSION)),
    ("depth_deg", Shape::LeafOr(PROGRESSION)),
    ("rest_seconds", Shape::Leaf),
    ("effort", Shape::Table(EFFORT)),
    ("load", Shape::Table(LOAD)),
    ("cues", Shape::Leaf),
    ("levers", Shape::Leaf),
    ("enter_when", Shape::Table(CRITERION)),
];
const CRITERION: &[(&str, Shape)] = &[
    ("sets", Shape::Leaf),
    ("reps", Shape::Leaf),
    ("rpe", Shape::Leaf),
];
const PAIN: &[(&str, Shape)] = &[
    ("show", Shape::Leaf),
    ("during_ideal", Shape::Leaf),
    ("during_max", Shape::Leaf),
    ("settle_minutes", Shape::Leaf),
];
const ADAPT: &[(&str, Shape)] = &[
    ("red_flag_pain", Shape::Leaf),
    ("settled_sessions", Shape::Leaf),
    ("morning_margin", Shape::Leaf),
    ("baseline_sessions", Shape::Leaf),
    ("beat_reps", Shape::Leaf),
    ("beat_sessions", Shape::Leaf),
    ("missed_target_sessions", Shape::Leaf),
];
const DELOAD: &[(&str, Shape)] = &[
    ("every_weeks", Shape::Leaf),
    ("volume_factor", Shape::Leaf),
    ("intensity_factor", Shape::Leaf),
];
const RECOVERY: &[(&str, Shape)] = &[
    ("min_rest_hours", Shape::Leaf),
    ("max_weekly_increase", Shape::Leaf),
    ("acwr_ceiling", Shape::Leaf),
    ("guidance", Shape::Leaf),
];
const LIGHT: &[(&str, Shape)] = &[
    ("sets", Shape::Leaf),
    ("reps", Shape::Leaf),
    ("tempo", Shape::Leaf),
    ("effort", Shape::Table(EFFORT)),
    ("note", Shape::Leaf),
];
const TOP: &[(&str, Shape)] = &[
    ("name", Shape::Leaf),
    ("description", Shape::Leaf),
    ("days", Shape::Leaf),
    ("phases", Shape::Tables(PHASE)),
    ("deload", Shape::Table(DELOAD)),
    ("recovery", Shape::Table(RECOVERY)),
    ("light_session", Shape::Table(LIGHT)),
    ("level", Shape::Leaf),
    ("pain", Shape::Table(PAIN)),
    ("adapt", Shape::Table(ADAPT)),
];

/// Reports every key of `doc` the schema does not know.
pub(super) fn unknown_keys(doc: &DeTable<'_>, problems: &mut Vec<Problem>) {
    check_table(doc, TOP, "", problems);
}

fn check_table(
    table: &DeTable<'_>,
    keys: &'static [(&'static str, Shape)],
    path: &str,
    problems: &mut Vec<Problem>,
) {
    for (key, value) in table {
        let name: &str = key.get_ref();
        let here = if path.is_empty() {
            name.to_string()
        } else {
            format!("{path}.{name}")
        };
        match keys.iter().find(|(k, _)| *k == name) {
            Some((_, shape)) => check_value(value, shape, &here, problems),
            None => {
                let allowed: Vec<&str> = keys.iter().map(|(k, _)| *k).collect();
                let place = if path.is_empty() {
                    "at the top level".to_string()
                } else {
                    format!("in [{path}]")
                };
                let hint = match nearest(name, &allowed) {
                    Some(s) => format!("; did you mean `{s}`?"),
                    None => String::new(),
                };
                problems.push(Problem::at(
                    key.span(),
                    format!(
                        "unknown key `{name}` {place}{hint} (allowed: {})",
                        allowed.join(", ")
                    ),
                ));
            }
        }
    }
}

fn check_value(
    value: &Spanned<DeValue<'_>>,
    shape: &Shape,
    path: &str,
    problems: &mut Vec<Problem>,
) {
    match (shape, value.get_ref()) {
        (Shape::Table(keys) | Shape::LeafOr(keys), DeValue::Table(t)) => {
            check_table(t, keys, path, problems)
        }
        (Shape::Tables(keys), DeValue::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                if let DeValue::Table(t) = item.get_ref() {
                    check_table(t, keys, &format!("{path}[{i}]"), problems);
                }
            }
        }
        // Wrong kinds of value are left to the typed deserialiser, which names the type.
        _ => {}
    }
}

/// The allowed key closest to `name`, if it is close enough to be a likely typo.
pub fn nearest<'a>(name: &str, allowed: &[&'a str]) -> Option<&'a str> {
    allowed
        .iter()
        .map(|k| (strsim::damerau_levenshtein(name, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keys_only() {
        assert_eq!(nearest("rpes", &["rpe", "rir"]), Some("rpe"));
        assert_eq!(nearest("stes", &["sets", "reps"]), Some("sets"));
        assert_eq!(nearest("banana", &["sets", "reps"]), None);
    }

    #[test]
    fn finds_every_unknown_key_with_its_place() {
        let src = "name = 'x'\ncolour = 1\n[[phases]]\nstes = 3\n[phases.effort]\nrpes = 7\n";
        let doc = DeTable::parse(src).unwrap();
        let mut problems = Vec::new();
        unknown_keys(doc.get_ref(), &mut problems);
        let text: Vec<String> = problems.iter().map(|p| p.message.clone()).collect();
        assert_eq!(problems.len(), 3, "{text:?}");
        assert!(text.iter().any(|t| t.contains("`colour` at the top level")));
        assert!(text.iter().any(|t| t.contains("did you mean `sets`")));
        assert!(
            text.iter()
                .any(|t| t.contains("[phases[0].effort]") && t.contains("`rpe`"))
        );
    }
}
