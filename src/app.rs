//! Runs a parsed command line: resolves "today", loads templates, calls the pure core and
//! sends the rendered result to stdout or a file.

use std::io::{self, IsTerminal};

use anyhow::Result;
use chrono::NaiveDate;

use crate::cli::{
    CheckArgs, Cli, ColorChoice, Command, ExportArgs, Format, LoadArgs, PlanArgs, PlanInputs,
    TemplatesAction,
};
use crate::config::{self, LoadFlags, Profile};
use crate::day::parse_days;
use crate::exit::input_error;
use crate::plan::{self, AdjustmentAction, Plan, Request};
use crate::render::{self, Style};
use crate::template::{BUILTINS, Template, builtin, builtin_names, parse};
use crate::{output, source};

/// Runs one command.
pub fn run(cli: Cli) -> Result<()> {
    let color = cli.color;
    let env = |k: &str| std::env::var_os(k);
    match cli.command {
        Command::Plan(args) => {
            let profile = config::load_profile(cli.config.as_deref(), &env)?;
            plan_command(args, color, &profile)
        }
        Command::Templates { action } => templates_command(action),
        Command::Check(args) => {
            let profile = config::load_profile(cli.config.as_deref(), &env)?;
            check_command(args, &profile)
        }
    }
}

/// Prints a note to stderr (never to stdout: that is for data).
fn note(msg: &str) {
    eprintln!("vmo: {msg}");
}

/// The date the edge treats as today: `--today`/`VMO_TODAY`, else the local clock.
fn today(inputs: &PlanInputs) -> NaiveDate {
    inputs
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

fn load_flags(a: &LoadArgs) -> LoadFlags {
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
fn template_spec(flag: Option<&str>, profile: &Profile) -> String {
    flag.map(str::to_string)
        .or_else(|| profile.values.template.clone())
        .unwrap_or_else(|| crate::template::DEFAULT_TEMPLATE.to_string())
}

fn make_plan(template: &Template, inputs: &PlanInputs, profile: &Profile) -> Result<Plan> {
    let loads = config::resolve_loads(&load_flags(&inputs.loads), profile)?;
    for n in &loads.notes {
        note(n);
    }
    let days = match (&inputs.days, &profile.values.days) {
        (Some(d), _) => Some(d.0.clone()),
        (None, Some(s)) => Some(parse_days(s).map_err(|e| {
            input_error(format!(
                "{}: days = {s:?}: {e}",
                profile
                    .path
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default()
            ))
        })?),
        (None, None) => None,
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
    let request = Request {
        weeks: inputs.weeks,
        start: inputs.start.unwrap_or_else(|| today(inputs)),
        days,
        athlete: loads.athlete,
        unit: loads.unit,
    };
    let plan = plan::generate(template, &request)?;
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
    Ok(plan)
}

fn style(color: ColorChoice, to_terminal: bool, hide_recovery: bool) -> Style {
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

fn plan_command(args: PlanArgs, color: ColorChoice, profile: &Profile) -> Result<()> {
    let spec = template_spec(args.template.as_deref(), profile);
    let template = source::load(&spec, &mut io::stdin().lock())?;
    let plan = make_plan(&template, &args.inputs, profile)?;
    let to_stdout = args
        .output
        .as_deref()
        .is_none_or(|p| p == std::path::Path::new("-"));
    let style = style(
        color,
        to_stdout && io::stdout().is_terminal(),
        args.hide_recovery,
    );
    let text = match args.format {
        Format::Table => render::table::render(&plan, style),
        Format::Json => render::json::render(&plan),
        Format::Ics => render::ics::render(&plan, &ics_options(&args.export)?),
        Format::Csv => render::csv::render(&plan, args.export.include_recovery),
        Format::Markdown => render::markdown::render(&plan, args.hide_recovery),
    };
    output::emit(args.output.as_deref(), args.force, text.as_bytes())
}

/// Calendar settings from the flags, with `DTSTAMP` from `SOURCE_DATE_EPOCH` (whole
/// seconds since 1970, for reproducible output) or else the clock.
fn ics_options(export: &ExportArgs) -> Result<render::ics::IcsOptions> {
    let dtstamp = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
            .ok_or_else(|| {
                input_error(format!(
                    "SOURCE_DATE_EPOCH={v:?}: expected whole seconds since 1970-01-01 UTC, e.g. 1700000000"
                ))
            })?,
        _ => chrono::Utc::now(),
    };
    Ok(render::ics::IcsOptions {
        at: export.at,
        duration_minutes: export.duration,
        tz: export.tz,
        remind_minutes: export.remind,
        include_recovery: export.include_recovery,
        dtstamp: chrono::DateTime::from_timestamp(dtstamp.timestamp(), 0).unwrap_or(dtstamp),
    })
}

fn templates_command(action: Option<TemplatesAction>) -> Result<()> {
    let text = match action.unwrap_or(TemplatesAction::List) {
        TemplatesAction::List => {
            let width = BUILTINS.iter().map(|b| b.name.len()).max().unwrap_or(0);
            let mut s = String::new();
            for b in BUILTINS {
                let t = parse(b.name, b.source)?;
                let default = if b.name == crate::template::DEFAULT_TEMPLATE {
                    " (default)"
                } else {
                    ""
                };
                s.push_str(&format!("{:width$}  {}{default}\n", b.name, t.description));
            }
            s
        }
        TemplatesAction::Show { name } => match builtin(&name) {
            Some(b) => b.source.to_string(),
            None => {
                return Err(input_error(format!(
                    "unknown template {name:?} (built-ins: {})",
                    builtin_names()
                )));
            }
        },
    };
    output::emit(None, false, text.as_bytes())
}

fn check_command(args: CheckArgs, profile: &Profile) -> Result<()> {
    let template = source::load(&args.template, &mut io::stdin().lock())?;
    let plan = make_plan(&template, &args.inputs, profile)?;
    let mut text = String::new();
    let held: Vec<_> = plan
        .adjustments
        .iter()
        .filter(|a| a.action == AdjustmentAction::HeldBack)
        .collect();
    for a in &plan.adjustments {
        let what = match a.action {
            AdjustmentAction::HeldBack => "held back",
            AdjustmentAction::OtherLever => "note: progressed another lever",
        };
        text.push_str(&format!("{} → {what}\n", a.message));
    }
    if held.is_empty() {
        text.push_str(&format!(
            "ok: {} is valid; {} weeks on {} keep every guard as written (rest ≥ {} h, volume ≤ +{:.0} %/week, ACWR ≤ {:.2})\n",
            args.template,
            plan.weeks.len(),
            plan.days.iter().map(|d| d.as_str()).collect::<Vec<_>>().join(","),
            plan.guards.min_rest_hours,
            plan.guards.max_weekly_increase * 100.0,
            plan.guards.acwr_ceiling
        ));
        output::emit(None, false, text.as_bytes())
    } else {
        output::emit(None, false, text.as_bytes())?;
        Err(input_error(format!(
            "{}: {} week(s) asked for more than the guards allow and were held back (listed above)",
            args.template,
            held.len()
        )))
    }
}
