//! What several commands share: the template and plan in force, "today", where output goes.

use std::io;

use anyhow::Result;
use chrono::NaiveDate;

use crate::cli::{ColorChoice, ExportArgs, Format, LoadArgs, OutputArgs, PlanInputs};
use crate::config::{self, LoadFlags, Profile};
use crate::day::parse_days;
use crate::exit::input_error;
use crate::plan::{self, Plan, Request};
use crate::render::{self, Style};
use crate::template::Template;
use crate::{output, source};

/// Sends data where `-o`/`--force` say.
pub(crate) fn emit(out: &OutputArgs, bytes: &[u8]) -> Result<()> {
    output::emit(out.output.as_deref(), out.force, bytes)
}

pub(crate) fn to_stdout(out: &OutputArgs) -> bool {
    out.output
        .as_deref()
        .is_none_or(|p| p == std::path::Path::new("-"))
}

/// The output format: `--format` when given, else the one the `-o FILE` extension names,
/// else the table. `.txt` and a file without an extension (`/dev/null`) take any format;
/// another extension needs `--format`, and a known one must agree with it.
pub(crate) fn output_format(given: Option<Format>, out: &OutputArgs) -> Result<Format> {
    let path = out
        .output
        .as_deref()
        .filter(|p| *p != std::path::Path::new("-"));
    let ext = path
        .and_then(|p| p.extension())
        .map(|e| e.to_string_lossy().into_owned());
    let named = ext.as_deref().and_then(Format::from_extension);
    let shown = || path.map(|p| p.display().to_string()).unwrap_or_default();
    match (given, named, ext.as_deref()) {
        (Some(f), Some(n), Some(e)) if f != n => Err(input_error(format!(
            "-o {}: the extension .{e} means --format {} but --format is {}; make them agree",
            shown(),
            n.as_str(),
            f.as_str()
        ))),
        (Some(f), _, _) => Ok(f),
        (None, Some(n), _) => Ok(n),
        (None, None, Some(e)) if !e.eq_ignore_ascii_case("txt") => Err(input_error(format!(
            "-o {}: cannot tell the format from .{e} (known: .ics, .json, .csv, .md; .txt is a table); add --format table, json, ics, csv or markdown",
            shown()
        ))),
        (None, None, _) => Ok(Format::Table),
    }
}

/// Prints a note to stderr (never to stdout: that is for data).
pub(crate) fn note(msg: &str) {
    eprintln!("vmo: {msg}");
}

/// The date the edge treats as today: `--today`/`VMO_TODAY`, else the local clock.
pub(crate) fn today(inputs: &PlanInputs) -> NaiveDate {
    inputs
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

pub(crate) fn load_flags(a: &LoadArgs) -> LoadFlags {
    LoadFlags {
        units: a.units,
        bodyweight: a.bodyweight,
        bodyweight_ratio: a.bodyweight_ratio,
        one_rep_max: a.one_rep_max,
        test: a.test,
        variant: a.variant,
        dumbbells: a.dumbbells.clone(),
        bar: a.bar,
        plates: a.plates.clone(),
        vest: a.vest.clone(),
    }
}

/// The template spec in force: flag/env, else profile, else the default.
pub(crate) fn template_spec(flag: Option<&str>, profile: &Profile) -> String {
    flag.map(str::to_string)
        .or_else(|| profile.values.template.clone())
        .unwrap_or_else(|| crate::template::DEFAULT_TEMPLATE.to_string())
}

/// Loads the template in force; when it came from the profile, a failure to find it says so.
pub(crate) fn load_template(flag: Option<&str>, profile: &Profile) -> Result<Template> {
    let spec = template_spec(flag, profile);
    let loaded = source::load(&spec, &mut io::stdin().lock());
    match (flag, &profile.values.template, loaded) {
        (None, Some(_), Err(e)) if !e.is::<crate::template::TemplateError>() => Err(input_error(
            format!("{}: template = {spec:?}: {e:#}", profile.origin()),
        )),
        (_, _, result) => result,
    }
}

/// The plan in force, named for its client, and its identity: the start of every
/// calendar UID (see [`render::ics::plan_id`]). `template_flag` tells a built-in from a
/// user's template of the same name.
pub(crate) fn named_plan(
    template_flag: Option<&str>,
    template: &Template,
    inputs: &PlanInputs,
    export: &ExportArgs,
    profile: &Profile,
) -> Result<(Plan, String)> {
    let client = config::resolve_client(export.client.as_deref(), profile)?;
    let (mut plan, request) = make_plan_for(template, inputs, profile)?;
    let spec = template_spec(template_flag, profile);
    let name = template.name.as_str();
    let kind = if spec != "-" && crate::template::builtin(&spec).is_some() {
        render::ics::TemplateId::Builtin(name)
    } else {
        render::ics::TemplateId::User(name)
    };
    let id = render::ics::plan_id(kind, request.start, client.as_deref());
    plan.client = client;
    Ok((plan, id))
}

/// The plan and the request it was made from (whose athlete `check` needs).
pub(crate) fn make_plan_for(
    template: &Template,
    inputs: &PlanInputs,
    profile: &Profile,
) -> Result<(Plan, Request)> {
    let loads = config::resolve_loads(&load_flags(&inputs.loads), profile)?;
    for n in &loads.notes {
        note(n);
    }
    let days = match &inputs.days {
        Some(d) => Some(d.0.clone()),
        None => profile.parse("days", &profile.values.days, parse_days)?,
    };
    if let Some(v) = loads.athlete.variant {
        let kept: Vec<&str> = template
            .phases
            .iter()
            .filter(|p| v.is_loaded() && !p.variant.is_loaded())
            .map(|p| p.name.as_str())
            .collect();
        if !kept.is_empty() {
            note(&format!(
                "note: --variant {v} applies to loaded phases; {} stay bodyweight",
                kept.join(", ")
            ));
        }
    }
    let start = match inputs.start {
        Some(d) => d,
        None => profile
            .parse("start", &profile.values.start, crate::cli::parse_date)?
            .unwrap_or_else(|| today(inputs)),
    };
    let weeks = config::resolve_weeks(inputs.weeks, profile)?;
    let request = Request {
        weeks,
        start,
        days,
        athlete: loads.athlete,
        unit: loads.unit,
    };
    let plan = plan::generate(template, &request)?;
    // Announced here, the one place every plan-building command passes through.
    for n in &plan.notices {
        note(&format!("note: {n}"));
    }
    let relative: Vec<&str> = plan
        .weeks
        .iter()
        .filter(|w| {
            w.sessions
                .iter()
                .any(|s| s.prescription.load.kg.is_none() && !s.prescription.load.is_bodyweight())
        })
        .map(|w| w.phase.as_str())
        .fold(Vec::new(), |mut acc, p| {
            if !acc.contains(&p) {
                acc.push(p);
            }
            acc
        });
    if !relative.is_empty() {
        note(&format!(
            "note: phase {} shows loads relative to body mass or 1RM: kilograms need --bodyweight (for × BW), --one-rep-max or --test (for % 1RM), and a target no lighter than the lightest load available",
            relative.join(", ")
        ));
    }
    Ok((plan, request))
}

pub(crate) fn style(color: ColorChoice, to_terminal: bool, hide_recovery: bool) -> Style {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && !no_color,
    };
    Style {
        boxes: to_terminal && (color || !no_color),
        color,
        hide_recovery,
    }
}

/// Calendar settings from the flags, with `DTSTAMP` from `SOURCE_DATE_EPOCH` (whole
/// seconds since 1970, for reproducible output) or else the clock.
pub(crate) fn ics_options(
    export: &ExportArgs,
    profile: &Profile,
    plan_id: &str,
) -> Result<render::ics::IcsOptions> {
    let at = match export.at {
        Some(t) => Some(t),
        None => profile.parse("at", &profile.values.at, crate::duration::parse_time_of_day)?,
    };
    if at.is_none() {
        // Without a start time the events are all-day, so a length or zone means nothing.
        let given = [
            ("--duration", export.duration.is_some()),
            ("--tz", export.tz.is_some()),
        ];
        if let Some((flag, _)) = given.iter().find(|(_, set)| *set) {
            return Err(input_error(format!(
                "{flag} needs a session time: add --at HH:MM (or `at` in the profile); without it calendar events are all-day"
            )));
        }
    }
    let dtstamp = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|secs| *secs >= 0)
            .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
            .ok_or_else(|| {
                input_error(format!(
                    "SOURCE_DATE_EPOCH={v:?}: expected whole seconds since 1970-01-01 UTC, e.g. 1700000000"
                ))
            })?,
        _ => chrono::Utc::now(),
    };
    Ok(render::ics::IcsOptions {
        at,
        duration_minutes: export.duration,
        tz: export.tz,
        remind_minutes: export.remind,
        include_recovery: export.include_recovery,
        dtstamp: chrono::DateTime::from_timestamp(dtstamp.timestamp(), 0).unwrap_or(dtstamp),
        plan_id: plan_id.to_string(),
    })
}
