//! Runs a parsed command line: resolves "today", loads templates, calls the pure core and
//! sends the rendered result to stdout or a file.

use std::io::{self, IsTerminal};

use anyhow::Result;
use chrono::NaiveDate;

use crate::cli::{
    CheckArgs, Cli, ColorChoice, Command, Format, PlanArgs, PlanInputs, TemplatesAction,
};
use crate::exit::input_error;
use crate::plan::{self, AdjustmentAction, Athlete, Plan, Request};
use crate::render::{self, Style};
use crate::template::{BUILTINS, Template, builtin, builtin_names, parse};
use crate::{output, source};

/// Runs one command.
pub fn run(cli: Cli) -> Result<()> {
    let color = cli.color;
    match cli.command {
        Command::Plan(args) => plan_command(args, color),
        Command::Templates { action } => templates_command(action),
        Command::Check(args) => check_command(args),
    }
}

/// The date the edge treats as today: `--today`/`VMO_TODAY`, else the local clock.
fn today(inputs: &PlanInputs) -> NaiveDate {
    inputs
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

fn request(inputs: &PlanInputs) -> Request {
    Request {
        weeks: inputs.weeks,
        start: inputs.start.unwrap_or_else(|| today(inputs)),
        days: inputs.days.clone().map(|d| d.0),
        athlete: Athlete::default(),
    }
}

fn make_plan(template: &Template, inputs: &PlanInputs) -> Result<Plan> {
    Ok(plan::generate(template, &request(inputs))?)
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

fn plan_command(args: PlanArgs, color: ColorChoice) -> Result<()> {
    let template = source::load(&args.template, &mut io::stdin().lock())?;
    let plan = make_plan(&template, &args.inputs)?;
    for line in guard_warnings(&plan) {
        eprintln!("vmo: warning: {line}");
    }
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
    };
    output::emit(args.output.as_deref(), args.force, text.as_bytes())
}

/// One line for each week where the finished plan still breaks a guard: the generator
/// trims a week down to one set of one rep, and when even that is above the volume cap or
/// the acute:chronic ceiling (e.g. the first loaded week after bodyweight weeks, counted in
/// kg) the week stays over. Empty for every plan counted in reps (see tests/properties.rs).
pub fn guard_warnings(plan: &Plan) -> Vec<String> {
    const EPS: f64 = 1e-6;
    let g = &plan.guards;
    let unit = &plan.volume_unit;
    let num = crate::template::num;
    let mut lines = Vec::new();
    let mut last_build: Option<&plan::Week> = None;
    for (i, w) in plan.weeks.iter().enumerate() {
        let n = w.number;
        let v = w.summary.volume;
        if let Some(prev) = i.checked_sub(1).map(|p| &plan.weeks[p]) {
            // The cap's base: last week, or the last build week when coming back from a deload.
            let base = match last_build {
                Some(b) if prev.deload && !w.deload => b,
                _ => prev,
            };
            let bv = base.summary.volume;
            if w.deload && v > prev.summary.volume + EPS {
                lines.push(format!(
                    "week {n} (deload): volume {} {unit} is above week {} ({} {unit}) even at its smallest",
                    num(v),
                    prev.number,
                    num(prev.summary.volume)
                ));
            } else if v > bv * (1.0 + g.max_weekly_increase) + EPS {
                lines.push(format!(
                    "week {n}: volume {} {unit} is {:+.1} % over week {} ({} {unit}; cap {:.0} %) even at its smallest",
                    num(v),
                    (v / bv - 1.0) * 100.0,
                    base.number,
                    num(bv),
                    g.max_weekly_increase * 100.0
                ));
            }
        }
        if let Some(a) = w.summary.acwr.filter(|a| *a > g.acwr_ceiling + EPS) {
            lines.push(format!(
                "week {n}: acute:chronic ratio {a:.2} is above the ceiling {:.2} even at its smallest",
                g.acwr_ceiling
            ));
        }
        if !w.deload {
            last_build = Some(w);
        }
    }
    lines
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

fn check_command(args: CheckArgs) -> Result<()> {
    let template = source::load(&args.template, &mut io::stdin().lock())?;
    let plan = make_plan(&template, &args.inputs)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_in_kg(toml: &str) -> Plan {
        let t = parse("t.toml", toml).unwrap();
        let req = Request {
            weeks: 3,
            start: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            days: None,
            athlete: Athlete {
                bodyweight_kg: Some(80.0),
                one_rep_max_kg: Some(100.0),
                ..Athlete::default()
            },
        };
        plan::generate(&t, &req).unwrap()
    }

    const TO_THE_BAR: &str = r#"
name = "to-the-bar"
description = "one bodyweight week, then a heavy barbell"
days = ["mon"]

[[phases]]
name = "Bodyweight"
weeks = 1
sets = 1
reps = 1

[[phases]]
name = "Barbell"
variant = "barbell"
sets = 1
reps = 1
load = { percent_1rm = 50 }
"#;

    #[test]
    fn a_week_that_cannot_be_trimmed_enough_is_named_with_its_numbers() {
        // 1×1 at 68 kg (0.85 × 80), then 1×1 at 68 + 50 kg: even the smallest session is
        // +73.5 % and an ACWR of 1.74.
        let plan = plan_in_kg(TO_THE_BAR);
        assert_eq!(
            guard_warnings(&plan),
            [
                "week 2: volume 118 kg is +73.5 % over week 1 (68 kg; cap 10 %) even at its smallest",
                "week 2: acute:chronic ratio 1.74 is above the ceiling 1.30 even at its smallest",
            ]
        );
    }

    #[test]
    fn plans_that_keep_the_guards_have_no_warnings() {
        for b in BUILTINS {
            let t = parse(b.name, b.source).unwrap();
            let req = Request {
                weeks: 104,
                start: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
                days: None,
                athlete: Athlete::default(),
            };
            let plan = plan::generate(&t, &req).unwrap();
            assert!(guard_warnings(&plan).is_empty(), "{}", b.name);
        }
    }
}
