//! `vmo config show`: every effective setting and where it came from — a flag, an
//! environment variable, the profile file or the built-in default.

use std::fmt::Write;

use clap::ArgMatches;
use clap::parser::ValueSource;
use serde::Serialize;

/// Where a setting's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// A command-line flag.
    Flag,
    /// A `VMO_*` environment variable.
    Env,
    /// The profile file.
    Profile,
    /// vmo's default.
    Default,
}

/// One effective setting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Setting {
    /// Profile key (also the flag's name with `_` for `-`).
    pub key: &'static str,
    /// The value as written, or `None` when unset.
    pub value: Option<String>,
    /// Where it came from.
    pub source: Source,
    /// The flag, variable or file it came from, or what the default means.
    pub detail: String,
}

/// A setting's key and what vmo does when nothing sets it.
#[derive(Debug, Clone)]
pub struct Fallback {
    /// Profile key / flag id.
    pub key: &'static str,
    /// Whether the profile file may hold it.
    pub in_profile: bool,
    /// The default value, if there is one.
    pub value: Option<String>,
    /// What the default means, e.g. "the template's" or "all-day events".
    pub meaning: String,
}

/// Resolves each key: flag or env (from clap's `matches`), else the profile's value
/// (`profile` gives it as text), else the default.
pub fn collect(
    matches: &ArgMatches,
    defaults: &[Fallback],
    profile: &dyn Fn(&str) -> Option<String>,
) -> Vec<Setting> {
    defaults
        .iter()
        .map(|d| {
            let from_clap = |source: Source, detail: String| Setting {
                key: d.key,
                value: raw(matches, d.key),
                source,
                detail,
            };
            match matches.value_source(d.key) {
                Some(ValueSource::CommandLine) => {
                    from_clap(Source::Flag, format!("--{}", d.key.replace('_', "-")))
                }
                Some(ValueSource::EnvVariable) => {
                    from_clap(Source::Env, format!("VMO_{}", d.key.to_uppercase()))
                }
                _ => match profile(d.key).filter(|_| d.in_profile) {
                    Some(v) => Setting {
                        key: d.key,
                        value: Some(v),
                        source: Source::Profile,
                        // The `config` row names the file.
                        detail: String::new(),
                    },
                    None => Setting {
                        key: d.key,
                        value: d.value.clone(),
                        source: Source::Default,
                        detail: d.meaning.clone(),
                    },
                },
            }
        })
        .collect()
}

/// The value exactly as the user typed it (clap keeps the raw text of flags and env).
fn raw(matches: &ArgMatches, id: &str) -> Option<String> {
    let values: Vec<String> = matches
        .get_raw(id)?
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    Some(values.join(","))
}

/// Aligned columns: key, value, source (with its detail).
pub fn render_text(settings: &[Setting]) -> String {
    let kw = settings.iter().map(|s| s.key.len()).max().unwrap_or(0);
    let vw = settings
        .iter()
        .map(|s| s.value.as_deref().unwrap_or("-").chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for s in settings {
        let value = s.value.as_deref().unwrap_or("-");
        let pad = vw - value.chars().count();
        let source = match s.source {
            Source::Flag => "flag",
            Source::Env => "env",
            Source::Profile => "profile",
            Source::Default => "default",
        };
        let detail = if s.detail.is_empty() {
            String::new()
        } else {
            format!(" ({})", s.detail)
        };
        let _ = writeln!(
            out,
            "{:kw$}  {value}{}  {source}{detail}",
            s.key,
            " ".repeat(pad)
        );
    }
    out
}

/// A JSON array of settings.
pub fn render_json(settings: &[Setting]) -> String {
    let mut s = serde_json::to_string_pretty(settings).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{Arg, Command};

    fn cmd() -> Command {
        Command::new("t")
            .arg(Arg::new("weeks").long("weeks"))
            .arg(Arg::new("units").long("units"))
            .arg(Arg::new("days").long("days"))
            .arg(Arg::new("at").long("at"))
    }

    fn defaults() -> Vec<Fallback> {
        ["weeks", "units", "days", "at"]
            .into_iter()
            .map(|key| Fallback {
                key,
                in_profile: true,
                value: (key == "weeks").then(|| "6".to_string()),
                meaning: String::new(),
            })
            .collect()
    }

    #[test]
    fn each_layer_is_named() {
        let m = cmd()
            .try_get_matches_from(["t", "--days", "mon,thu"])
            .unwrap();
        let profile = |k: &str| (k == "units").then(|| "lb".to_string());
        let s = collect(&m, &defaults(), &profile);
        assert_eq!(s[0].source, Source::Default);
        assert_eq!(s[0].value.as_deref(), Some("6"));
        assert_eq!(s[1].source, Source::Profile);
        assert_eq!(s[1].value.as_deref(), Some("lb"));
        assert_eq!(s[2].source, Source::Flag);
        assert_eq!(s[2].detail, "--days");
        assert_eq!(s[2].value.as_deref(), Some("mon,thu"));
        assert_eq!(s[3].value, None);
        let text = render_text(&s);
        assert!(text.contains("days   mon,thu  flag (--days)"), "{text}");
        assert!(text.contains("at     -        default"), "{text}");
    }
}
