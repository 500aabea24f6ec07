//! Templates: the TOML schema, parsing with precise errors, validation and the built-ins.

mod builtin;
mod keys;
mod model;
mod validate;

use std::fmt;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

pub use builtin::{
    BUILTINS, Builtin, DEFAULT_TEMPLATE, builtin, builtin_names, did_you_mean_builtin,
};
pub use keys::nearest;
pub use model::{
    Adapt, Criterion, Deload, Effort, Level, Lever, LightSession, LoadRule, Pain, Phase,
    Progression, Recovery, RideRules, Template, Tempo, TempoRule, Variant,
};
pub use validate::num;
pub(crate) use validate::{push_digits, push_num, push_uint};

/// Largest template source accepted, in bytes; real templates are a few KiB.
pub const MAX_TEMPLATE_BYTES: usize = 1024 * 1024;

/// One thing wrong with a template, with its place in the source when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line and column.
    pub position: Option<(usize, usize)>,
    /// Byte range, resolved to `position` once the source is known.
    span: Option<Range<usize>>,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl Problem {
    pub(crate) fn at(span: Range<usize>, message: String) -> Self {
        Problem {
            position: None,
            span: Some(span),
            message,
        }
    }

    pub(crate) fn nowhere(message: String) -> Self {
        Problem {
            position: None,
            span: None,
            message,
        }
    }
}

/// Every problem found in one template source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// Where the template came from: a path, `<stdin>` or `builtin:NAME`.
    pub origin: String,
    /// The problems, in source order where known.
    pub problems: Vec<Problem>,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            match p.position {
                Some((line, col)) => write!(f, "{}:{line}:{col}: {}", self.origin, p.message)?,
                None => write!(f, "{}: {}", self.origin, p.message)?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for TemplateError {}

/// Parses and validates a template; `origin` names it in error messages.
pub fn parse(origin: &str, source: &str) -> Result<Template, TemplateError> {
    let fail = |problems: Vec<Problem>| TemplateError {
        origin: origin.to_string(),
        problems: resolve(source, problems),
    };
    if source.len() > MAX_TEMPLATE_BYTES {
        return Err(fail(vec![Problem::nowhere(format!(
            "template is {} bytes; the limit is {} bytes (1 MiB)",
            source.len(),
            MAX_TEMPLATE_BYTES
        ))]));
    }
    if source.trim().is_empty() {
        return Err(fail(vec![Problem::nowhere(
            "template is empty; it needs at least `name`, `description` and one [[phases]] table (see `vmo templates show foundation`)".to_string(),
        )]));
    }
    let doc = DeTable::parse(source).map_err(|e| fail(vec![toml_problem(&e, true)]))?;

    // Refuse an absurd number of phases before deserialising and validating each one.
    for (key, value) in doc.get_ref() {
        if key.get_ref() == "phases"
            && let toml::de::DeValue::Array(items) = value.get_ref()
            && items.len() > validate::MAX_PHASES
        {
            return Err(fail(vec![Problem::at(
                key.span(),
                format!(
                    "template has {} phases (allowed up to {})",
                    items.len(),
                    validate::MAX_PHASES
                ),
            )]));
        }
    }

    let mut problems = Vec::new();
    keys::unknown_keys(doc.get_ref(), &mut problems);
    if !problems.is_empty() {
        return Err(fail(problems));
    }

    // From the document already parsed, not the text again (every command that plans
    // loads a template; parsing is most of the cost).
    let template: Template = serde::Deserialize::deserialize(toml::de::Deserializer::from(doc))
        .map_err(|e| fail(vec![toml_problem(&e, false)]))?;

    let found = validate::validate(&template);
    if !found.is_empty() {
        // Parsed again for the spans: it parsed a moment ago, so it parses now.
        let doc = DeTable::parse(source).map_err(|e| fail(vec![toml_problem(&e, true)]))?;
        let problems = found
            .into_iter()
            .map(|(path, message)| match locate(doc.get_ref(), &path) {
                Some(span) => Problem::at(span, message),
                None => Problem::nowhere(message),
            })
            .collect();
        return Err(fail(problems));
    }
    Ok(template)
}

fn toml_problem(e: &toml::de::Error, syntax: bool) -> Problem {
    // toml's messages can span lines (with a source excerpt); keep the first, it says it all.
    let first = e
        .message()
        .lines()
        .next()
        .unwrap_or("invalid TOML")
        .trim_end_matches('.');
    let message = if syntax {
        format!("invalid TOML: {first}")
    } else {
        friendly_serde(first)
    };
    match e.span() {
        Some(span) => Problem::at(span, message),
        None => Problem::nowhere(message),
    }
}

/// Rewrites serde's wording ("invalid type: string \"six\", expected u32") into the
/// user's terms ("expected a whole number (0 or more), found \"six\"").
pub(crate) fn friendly_serde(msg: &str) -> String {
    let found = |what: &str| -> String {
        let what = what.trim();
        if let Some(v) = what.strip_prefix("integer `") {
            let v = v.trim_end_matches('`');
            return match v.strip_suffix("` as i128") {
                Some(big) => format!("{big} (far too large)"),
                None => v.to_string(),
            };
        }
        for prefix in ["floating point `", "boolean `"] {
            if let Some(v) = what.strip_prefix(prefix) {
                return v.trim_end_matches('`').to_string();
            }
        }
        if let Some(v) = what.strip_prefix("string ") {
            return format!("the text {}", crate::visible::cut_quoted_text(v));
        }
        crate::visible::cut_quoted_text(what)
    };
    let expected = |what: &str| -> String {
        match what.trim() {
            "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number (0 or more)".to_string(),
            "i8" | "i16" | "i32" | "i64" => "a whole number".to_string(),
            "f32" | "f64" => "a number".to_string(),
            "a boolean" => "true or false".to_string(),
            other => other.to_string(),
        }
    };
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = msg.strip_prefix(prefix)
            && let Some((what, want)) = rest.split_once(", expected ")
        {
            return format!("expected {}, found {}", expected(want), found(what));
        }
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        // The value given is cut; the values allowed are not.
        return match rest.split_once(", expected") {
            Some((given, allowed)) => format!(
                "unknown value {}, expected{allowed}",
                crate::visible::cut_quoted_text(given)
            ),
            None => format!("unknown value {}", crate::visible::cut_quoted_text(rest)),
        };
    }
    msg.to_string()
}

/// Most problems reported for one template; past this, one line says how many more.
pub const MAX_REPORTED_PROBLEMS: usize = 20;

/// Orders problems by place in the source, keeps the first [`MAX_REPORTED_PROBLEMS`] and
/// gives them line and column (computed only for those kept: each is a scan of the source).
fn resolve(source: &str, mut problems: Vec<Problem>) -> Vec<Problem> {
    problems.sort_by_key(|p| p.span.as_ref().map_or(usize::MAX, |s| s.start));
    let more = problems.len().saturating_sub(MAX_REPORTED_PROBLEMS);
    problems.truncate(MAX_REPORTED_PROBLEMS);
    for p in &mut problems {
        if let Some(span) = &p.span {
            p.position = Some(line_col(source, span.start));
        }
    }
    if more > 0 {
        problems.push(Problem::nowhere(format!(
            "… and {more} more problem{} (fix these first)",
            if more == 1 { "" } else { "s" }
        )));
    }
    problems
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source[..source.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

/// A step in a path to a value: a table key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(&'static str),
    Index(usize),
}

fn locate(doc: &DeTable<'_>, path: &[Seg]) -> Option<Range<usize>> {
    let (Seg::Key(first), rest) = path.split_first()? else {
        return None;
    };
    let (mut key_span, mut value) = doc
        .iter()
        .find(|(k, _)| k.get_ref() == first)
        .map(|(k, v)| (k.span(), v))?;
    for seg in rest {
        let next = match (seg, value.get_ref()) {
            (Seg::Key(k), DeValue::Table(t)) => t
                .iter()
                .find(|(key, _)| key.get_ref() == k)
                .map(|(key, v)| (key.span(), v)),
            (Seg::Index(i), DeValue::Array(a)) => a.get(*i).map(|v| (v.span(), v)),
            _ => None,
        };
        match next {
            Some((span, v)) => {
                key_span = span;
                value = v;
            }
            // The deepest part found is the best place to point at.
            None => return Some(key_span),
        }
    }
    Some(key_span)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
name = "t"
description = "test"
[[phases]]
name = "A"
sets = 3
reps = 10
"#;

    fn errors(src: &str) -> String {
        parse("t.toml", src).unwrap_err().to_string()
    }

    #[test]
    fn minimal_template_parses_with_defaults() {
        let t = parse("t.toml", MINIMAL).unwrap();
        assert_eq!(t.phases.len(), 1);
        assert_eq!(t.recovery.min_rest_hours, 48);
        assert_eq!(t.deload.every_weeks, 6);
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let e = errors("name = \"t\"\ndescription = \n");
        assert!(e.starts_with("t.toml:2:"), "{e}");
        assert_eq!(e.lines().count(), 1);
    }

    #[test]
    fn wrong_type_names_the_value_and_line() {
        let e = errors(&MINIMAL.replace("sets = 3", "sets = \"three\""));
        assert!(e.starts_with("t.toml:6:"), "{e}");
        assert!(e.contains("three"), "{e}");
    }

    #[test]
    fn range_errors_are_all_reported_with_lines() {
        let src = MINIMAL
            .replace("sets = 3", "sets = 0")
            .replace("reps = 10", "reps = 10000");
        let e = errors(&src);
        assert_eq!(e.lines().count(), 2, "{e}");
        assert!(e.contains("t.toml:6:1: phases[0].sets = 0"), "{e}");
        assert!(e.contains("t.toml:7:1: phases[0].reps = 10000"), "{e}");
    }

    #[test]
    fn the_red_flag_pain_level_is_between_6_and_9() {
        for ok in ["6", "7.5", "9"] {
            let src = format!("{MINIMAL}[adapt]\nred_flag_pain = {ok}\n");
            assert!(parse("t.toml", &src).is_ok(), "{ok}");
        }
        for (bad, at) in [("10", "10"), ("5.5", "5.5"), ("9.5", "9.5")] {
            let e = errors(&format!("{MINIMAL}[adapt]\nred_flag_pain = {bad}\n"));
            assert!(
                e.contains(&format!(
                    "t.toml:9:1: adapt.red_flag_pain = {at} is out of range (allowed 6 to 9/10)"
                )),
                "{e}"
            );
        }
    }

    #[test]
    fn unknown_key_suggests_the_nearest() {
        let e = errors(&format!("{MINIMAL}effort = {{ rpes = 7 }}\n"));
        assert!(e.contains("unknown key `rpes`"), "{e}");
        assert!(e.contains("did you mean `rpe`"), "{e}");
    }

    #[test]
    fn empty_and_oversized_sources_are_refused() {
        assert!(errors("  \n").contains("empty"));
        let big = "#".repeat(MAX_TEMPLATE_BYTES + 1);
        assert!(errors(&big).contains("limit"));
    }

    #[test]
    fn thousands_of_phases_are_refused_before_validation() {
        let mut src = String::from("name = \"x\"\ndescription = \"y\"\n");
        for i in 0..5000 {
            // Invalid phases: had each been validated, 5000 problems would be reported.
            src.push_str(&format!(
                "[[phases]]\nname = \"p{i}\"\nsets = 0\nreps = 0\n"
            ));
        }
        let e = errors(&src);
        assert_eq!(e.lines().count(), 1, "{e}");
        assert!(
            e.contains(":3:3: template has 5000 phases (allowed up to 50)"),
            "{e}"
        );
    }

    #[test]
    fn a_flood_of_problems_is_cut_short() {
        let mut src = String::from("name = \"x\"\ndescription = \"y\"\n");
        for i in 0..50_000 {
            src.push_str(&format!("k{i} = 1\n"));
        }
        let e = errors(&src);
        let lines: Vec<&str> = e.lines().collect();
        assert_eq!(lines.len(), MAX_REPORTED_PROBLEMS + 1, "{e}");
        assert!(
            lines[0].starts_with("t.toml:3:1: unknown key `k0`"),
            "{}",
            lines[0]
        );
        assert_eq!(
            lines[MAX_REPORTED_PROBLEMS],
            "t.toml: … and 49980 more problems (fix these first)"
        );
    }

    #[test]
    fn a_step_that_is_not_a_number_is_refused() {
        // Found by the fuzz targets: `step = nan` passed validation.
        let src = format!("{MINIMAL}heel_height_cm = {{ start = 5, step = nan, max = 8 }}\n");
        let e = errors(&src);
        assert!(e.contains("heel_height_cm.step must be a number"), "{e}");
    }

    #[test]
    fn serde_wording_becomes_the_users() {
        assert_eq!(
            friendly_serde("invalid type: string \"six\", expected u32"),
            "expected a whole number (0 or more), found the text \"six\""
        );
        assert_eq!(
            friendly_serde("invalid value: integer `-1`, expected u32"),
            "expected a whole number (0 or more), found -1"
        );
        assert_eq!(
            friendly_serde(
                "invalid type: integer `99999999999999999999` as i128, expected a number"
            ),
            "expected a number, found 99999999999999999999 (far too large)"
        );
        assert_eq!(
            friendly_serde("unknown variant `speed`, expected one of `reps`, `sets`"),
            "unknown value `speed`, expected one of `reps`, `sets`"
        );
        assert_eq!(friendly_serde("tempo \"x\" is bad"), "tempo \"x\" is bad");
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\ncé d", 7), (2, 4));
        assert_eq!(line_col("x", 0), (1, 1));
    }
}
