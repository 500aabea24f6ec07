//! `vmo config show`: every setting with where it came from; `vmo config set`/`unset`:
//! one key of the profile changed in place.

use std::io;

use anyhow::Result;

use super::common::{emit, load_flags, template_spec, today};
use crate::cli::OutputArgs;
use crate::config::{self, Profile};
use crate::day::parse_days;
use crate::plan;
use crate::source;

/// `vmo config show`: prints every setting with its source, then checks that the
/// profile's values parse (so a bad one is both shown and reported).
pub(crate) fn show(
    args: &crate::cli::ConfigShowArgs,
    top: &clap::ArgMatches,
    show: &clap::ArgMatches,
    profile: &Profile,
    path: Option<&std::path::Path>,
    out: &OutputArgs,
) -> Result<()> {
    use crate::equipment::{Equipment, describe_plates, describe_weight_list};
    use crate::provenance::{self, Fallback, Setting, Source};
    let values = toml::Table::try_from(&profile.values).unwrap_or_default();
    let from_profile = |key: &str| {
        values.get(key).map(|v| match v {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    };
    let spec = template_spec(args.template.as_deref(), profile);
    // Only for the default training days; a template that fails to load is reported by
    // the commands that use it.
    let template_days = source::load(&spec, &mut io::empty()).ok().map(|t| {
        t.days
            .iter()
            .map(|d| d.as_str())
            .collect::<Vec<_>>()
            .join(",")
    });
    let unit = args
        .inputs
        .loads
        .units
        .or_else(|| profile.values.units.as_deref().and_then(|u| u.parse().ok()))
        .unwrap_or_default();
    let kit = Equipment::defaults(unit);
    let clock = today(&args.inputs).to_string();
    let fallback = |key: &'static str, value: Option<String>, meaning: &str| Fallback {
        key,
        in_profile: config::PROFILE_KEYS.contains(&key),
        value,
        meaning: meaning.to_string(),
    };
    let s = |v: &str| Some(v.to_string());
    let fallbacks = [
        fallback("template", s(crate::template::DEFAULT_TEMPLATE), ""),
        fallback("start", Some(clock.clone()), "today"),
        fallback("weeks", s("6"), ""),
        fallback("days", template_days, "the template's"),
        fallback("today", Some(clock), "the clock"),
        fallback("units", s(unit.as_str()), ""),
        fallback("bodyweight", None, "loads relative to body mass"),
        fallback(
            "bodyweight_ratio",
            Some(plan::DEFAULT_BODYWEIGHT_RATIO.to_string()),
            "the mass above the knees",
        ),
        fallback("one_rep_max", None, "from --test, else loads as % 1RM"),
        fallback("test", None, ""),
        fallback("variant", None, "the template's"),
        fallback(
            "dumbbells",
            Some(describe_weight_list(&kit.dumbbells, unit)),
            "",
        ),
        fallback(
            "bar",
            Some(format!(
                "{}{unit}",
                crate::units::show_number(unit.from_kg(kit.bar))
            )),
            "",
        ),
        fallback("plates", Some(describe_plates(&kit.plates, unit)), ""),
        fallback("vest", Some(describe_weight_list(&kit.vest, unit)), ""),
        fallback("at", None, "all-day calendar events"),
        fallback(
            "db",
            crate::log::default_path(
                &|k| std::env::var_os(k),
                config::resolve_client(args.inputs.client.as_deref(), profile)
                    .ok()
                    .flatten()
                    .as_deref(),
            )
            .ok()
            .flatten()
            .map(|p| p.display().to_string()),
            "the training log",
        ),
        fallback("duration", None, "estimated per session"),
        fallback("tz", None, "floating local time"),
        fallback("remind", None, "no reminder"),
        fallback("client", None, "nobody named"),
    ];
    let mut settings = vec![match top.value_source("config") {
        Some(clap::parser::ValueSource::CommandLine) => Setting {
            key: "config",
            value: path.map(|p| p.display().to_string()),
            source: Source::Flag,
            detail: "--config".into(),
        },
        Some(clap::parser::ValueSource::EnvVariable) => Setting {
            key: "config",
            value: path.map(|p| p.display().to_string()),
            source: Source::Env,
            detail: "VMO_CONFIG".into(),
        },
        _ => Setting {
            key: "config",
            value: path.map(|p| p.display().to_string()),
            source: Source::Default,
            detail: if profile.path.is_some() {
                String::new()
            } else {
                "no file there: defaults apply; `vmo init` writes one".into()
            },
        },
    }];
    settings.extend(provenance::collect(show, &fallbacks, &from_profile));
    let text = match args.format {
        crate::cli::ShowFormat::Text => provenance::render_text(&settings),
        crate::cli::ShowFormat::Json => provenance::render_json(&settings),
    };
    emit(out, text.as_bytes())?;
    // Every value shown must also be usable.
    config::resolve_loads(&load_flags(&args.inputs.loads), profile)?;
    config::resolve_weeks(args.inputs.weeks, profile)?;
    profile.parse("days", &profile.values.days, parse_days)?;
    profile.parse("start", &profile.values.start, crate::cli::parse_date)?;
    super::common::calendar_profile(profile)?;
    config::resolve_client(args.inputs.client.as_deref(), profile)?;
    Ok(())
}

/// `vmo config set KEY VALUE` (`value` given) and `vmo config unset KEY`: changes one key of
/// the profile in place, keeping its comments and other keys. The result is checked as every
/// command would read it, and nothing is written unless it passes.
pub(crate) fn edit(
    path: Option<&std::path::Path>,
    key: &str,
    value: Option<&str>,
    from: Option<chrono::NaiveDate>,
    db: Option<&std::path::Path>,
) -> Result<()> {
    use crate::exit::input_error;
    let path = path.ok_or_else(|| {
        input_error("cannot tell where the profile is: set HOME, XDG_CONFIG_HOME or --config")
    })?;
    let origin = path.display().to_string();
    let verb = if value.is_some() { "set" } else { "unset" };
    let known = config::PROFILE_KEYS.contains(&key);
    if !known && value.is_some() {
        return Err(input_error(format!(
            "config {verb}: {}",
            config::unknown_key(key)
        )));
    }
    let old = config::read_profile_text(path, true)?;
    let mut doc = match &old {
        Some(text) => config::edit_profile(&origin, text)?,
        None => toml_edit::DocumentMut::new(),
    };
    let done = match value {
        Some(raw) => {
            let mut v = config::profile_value(key, raw).map_err(|e| {
                input_error(format!(
                    "config set {key} {}: {e}",
                    crate::visible::quoted(raw)
                ))
            })?;
            // As `init` does: a template path is stored absolute, so it works from any folder.
            if key == "template"
                && crate::template::builtin(raw).is_none()
                && let Ok(p) = std::fs::canonicalize(raw)
            {
                v = p.display().to_string().into();
            }
            let shown = v.to_string().trim().to_string();
            config::set_profile_key(&mut doc, key, v);
            format!("set {key} = {shown} in {origin}")
        }
        None => {
            if !config::remove_profile_key(&mut doc, key) {
                if !known {
                    return Err(input_error(format!(
                        "config unset: {}",
                        config::unknown_key(key)
                    )));
                }
                eprintln!("vmo: {key} is not set in {origin}; nothing to change");
                return Ok(());
            }
            format!("removed {key} from {origin}")
        }
    };
    let text = match old {
        Some(_) => doc.to_string(),
        None => format!("{}{doc}", super::init::HEADER),
    };
    // A profile that did not parse (the key being unset is misspelt) has no plan to keep.
    let before = match &old {
        Some(text) => config::parse_profile(&origin, text).ok(),
        None => Some(config::ProfileValues::default()),
    }
    .map(|values| Profile {
        path: Some(path.to_path_buf()),
        values,
    });
    let after = Profile {
        path: Some(path.to_path_buf()),
        values: config::parse_profile(&origin, &text)?,
    };
    super::common::check_profile(&after)?;
    let today = super::common::today_from_env()?;
    let dated = crate::timeline::DATED_KEYS.contains(&key);
    if from.is_some() && !dated {
        return Err(input_error(format!(
            "config {verb} {key} --from: {key} is not a dated setting (dated: {})",
            crate::timeline::DATED_KEYS.join(", ")
        )));
    }
    let recorded = match &before {
        Some(before) => {
            super::common::record_change(before, &after, from.unwrap_or(today), today, db)?
        }
        None => None,
    };
    super::init::make_parent(path)?;
    crate::output::write_private(path, true, text.as_bytes())?;
    eprintln!("vmo: {done}");
    if let Some(r) = recorded {
        eprintln!("vmo: {r}");
    }
    Ok(())
}

/// `vmo config history`: the plan's dated changes as the log records them, each with
/// what it changed, and the profile's hand edits since the last one.
pub(crate) fn history(
    args: &crate::cli::HistoryArgs,
    profile: &Profile,
    db: Option<&std::path::Path>,
    out: &OutputArgs,
) -> Result<()> {
    use crate::timeline::{self, BEGINNING};
    let path = super::common::db_path(db, profile, args.client.as_deref())?;
    let rows = match path.as_ref().map(crate::log::Store::open_existing) {
        Some(s) => match s? {
            Some(store) => store.plan_changes()?,
            None => Vec::new(),
        },
        None => Vec::new(),
    };
    let periods = timeline::periods(profile, &rows);
    // (from, recorded on, settings, what changed from the stretch before)
    let mut items = Vec::new();
    let mut before: Option<&config::ProfileValues> = None;
    for (i, (from, p)) in periods.iter().enumerate() {
        let recorded = rows
            .iter()
            .rev()
            .find(|r| r.from == *from || (i == 0 && r.from == BEGINNING))
            .map(|r| r.recorded_on);
        let changed = match before {
            Some(b) => timeline::differences(b, &p.values),
            None => Vec::new(),
        };
        items.push((*from, recorded, timeline::dated_table(&p.values), changed));
        before = Some(&p.values);
    }
    let text = match args.format {
        crate::cli::ShowFormat::Json => {
            let list: Vec<serde_json::Value> = items
                .iter()
                .map(|(from, on, settings, changed)| {
                    serde_json::json!({
                        "from": (*from != BEGINNING).then(|| from.to_string()),
                        "recorded_on": on.map(|d| d.to_string()),
                        "settings": settings,
                        "changed": changed.iter().map(|(k, a, b)| serde_json::json!({
                            "key": k, "before": a, "after": b,
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let mut t = serde_json::to_string_pretty(&list).expect("plain values");
            t.push('\n');
            t
        }
        crate::cli::ShowFormat::Text => {
            let mut t = String::new();
            if rows.is_empty() {
                t.push_str(
                    "No dated changes recorded: the profile holds for every date.\n\
                     `vmo config set KEY VALUE [--from DATE]` records one once the plan has a past.\n",
                );
            }
            let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "(unset)".into());
            for (from, on, settings, changed) in &items {
                let when = if *from == BEGINNING {
                    "From the start".to_string()
                } else {
                    format!("From {}", from)
                };
                let on = on.map_or(" (profile edited by hand)".to_string(), |d| {
                    format!(" (recorded {})", d)
                });
                if rows.is_empty() {
                    continue;
                }
                t.push_str(&format!("{when}{on}:\n"));
                if changed.is_empty() {
                    for (k, v) in settings {
                        let v = match v {
                            toml::Value::String(s) => s.clone(),
                            other => other.to_string(),
                        };
                        t.push_str(&format!("  {k} = {v}\n"));
                    }
                    if settings.is_empty() {
                        t.push_str("  the defaults\n");
                    }
                }
                for (k, a, b) in changed {
                    t.push_str(&format!("  {k}: {} → {}\n", shown(a), shown(b)));
                }
            }
            t
        }
    };
    emit(out, text.as_bytes())
}
