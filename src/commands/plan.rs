//! `vmo plan`: the whole plan in one format.

use std::io::{self, IsTerminal};

use anyhow::Result;

use super::common::{
    emit, ics_options, load_template, log_for, named_plan, note, output_format, plan_notes, style,
    to_stdout, today,
};
use crate::cli::{ColorChoice, Format, PlanArgs};
use crate::config::Profile;
use crate::exit::input_error;
use crate::output;
use crate::plan::{self, Plan};
use crate::render;

pub(crate) fn run(
    mut args: PlanArgs,
    color: ColorChoice,
    profile: &Profile,
    db: Option<&std::path::Path>,
) -> Result<()> {
    // Rides are placed around the squats' time as this run sets it.
    (args.inputs.rides.at, args.inputs.rides.tz) = (args.export.at, args.export.tz);
    let format = output_format(args.format, &args.output)?;
    if let Some(old) = &args.replaces
        && format != Format::Ics
    {
        return Err(input_error(format!(
            "--replaces {}: a calendar is replaced by a calendar; add --format ics (or -o FILE.ics), not --format {}",
            old.display(),
            format.as_str()
        )));
    }
    let template = load_template(args.template.as_deref(), profile)?;
    let log = log_for(
        &args.inputs,
        db,
        profile,
        plan_notes(&args.inputs, profile, None),
    )?;
    let (mut plan, plan_id) = named_plan(
        args.template.as_deref(),
        &template,
        &args.inputs,
        profile,
        &log,
        None,
    )?;
    if follows_log(&plan, &log) {
        note(&format!(
            "note: the plan follows {} training-log entr{} (`vmo log list`; --no-adapt for the template's plan)",
            log.entries.len(),
            if log.entries.len() == 1 { "y" } else { "ies" }
        ));
    }
    for line in guard_warnings(&plan) {
        note(&format!("warning: {line}"));
    }
    // A bad calendar setting in the profile is reported whatever the format, not only for ics.
    super::common::calendar_profile(profile)?;
    let style = render::Style {
        today: Some(today(&args.inputs)),
        ..style(
            color,
            to_stdout(&args.output) && io::stdout().is_terminal(),
            args.hide_recovery,
        )
    };
    if matches!(format, Format::Table | Format::Markdown) {
        crate::visible::plan(&mut plan);
    }
    let text = match format {
        Format::Table => render::table::render(&plan, style),
        Format::Json => {
            return output::emit_with(args.output.output.as_deref(), args.output.force, &mut |w| {
                render::json::write(&plan, w)
            });
        }
        Format::Ics => {
            let opts = ics_options(&args.export, profile, &plan_id)?;
            // A planned absence's sessions are not in the calendar (with --replaces their
            // events are cancelled, as for any session the plan no longer has).
            for w in &mut plan.weeks {
                w.sessions.retain(|s| !super::away::is_away(s));
            }
            match &args.replaces {
                None => render::ics::render(&plan, &opts),
                Some(old) => {
                    let from = args.from.unwrap_or_else(|| today(&args.inputs));
                    let previous = crate::replaces::read(old, &plan_id, from, opts.tz)?;
                    let (text, changes) = render::ics::render_replacing(&plan, &opts, &previous);
                    note(&describe(&changes, old, from));
                    text
                }
            }
        }
        Format::Csv => super::common::for_terminal(
            &args.output,
            render::csv::render(&plan, args.export.include_recovery),
        ),
        Format::Markdown => render::markdown::render(&plan, args.hide_recovery),
    };
    emit(&args.output, text.as_bytes())
}

/// What `--replaces` did, in one line for stderr.
fn describe(c: &render::ics::Changes, old: &std::path::Path, from: chrono::NaiveDate) -> String {
    let mut parts = vec![
        format!("{} updated", c.updated),
        format!("{} unchanged", c.unchanged),
        format!("{} new", c.added),
        format!("{} cancelled", c.cancelled),
    ];
    if c.kept > 0 {
        parts.push(format!(
            "{} kept as they were (before {from} or cancelled already)",
            c.kept
        ));
    }
    if c.left_out > 0 {
        parts.push(format!(
            "{} before {from} left out (not in the old calendar)",
            c.left_out
        ));
    }
    format!(
        "note: --replaces {}: events {}",
        old.display(),
        parts.join(", ")
    )
}

/// One line for each week where the finished plan still breaks a guard: the generator
/// trims a week down to one set of one rep, and when even that is above the knee-load cap
/// or the acute:chronic ceiling (e.g. the lightest load of a new phase is too heavy for one
/// rep) the week stays over (see tests/properties.rs).
pub fn guard_warnings(plan: &Plan) -> Vec<String> {
    plan::audit::guard_findings(plan)
        .iter()
        .map(|f| format!("{f} even at its smallest"))
        .collect()
}

/// Whether the log changes anything in `plan`: something logged on or before its last day
/// (entries before the start still shape the knee). Later entries change nothing, and a
/// note about them would only be noise.
fn follows_log(plan: &crate::plan::Plan, log: &crate::plan::adapt::LogData) -> bool {
    log.entries.iter().any(|e| e.date <= plan.end) || log.events.iter().any(|e| e.date <= plan.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Athlete;
    use crate::plan::Request;
    use crate::template::{BUILTINS, parse};
    use chrono::NaiveDate;

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
            unit: crate::units::Unit::Kg,
            changes: Vec::new(),
            rides: Default::default(),
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
        // 1×1 at 68 kg (0.85 × 80) to a right angle at the knee on a 7.5 cm block (× 1.35), then a
        // barbell phase at 50 % 1RM: the start is reached in steps, but even the empty 20 kg
        // bar is +29 % per rep, and one set of one rep cannot be trimmed further.
        let plan = plan_in_kg(TO_THE_BAR);
        assert_eq!(
            guard_warnings(&plan),
            [
                "week 2: [volume_cap] knee load 118.8 kg is +29.4 % over week 1 (91.8 kg; cap 10 %) even at its smallest",
            ]
        );
        // In pounds for a person who reads pounds.
        let lb = Plan {
            units: crate::units::Unit::Lb,
            ..plan.clone()
        };
        assert_eq!(
            guard_warnings(&lb),
            [
                "week 2: [volume_cap] knee load 261.9 lb is +29.4 % over week 1 (202.4 lb; cap 10 %) even at its smallest",
            ]
        );
        let p = &plan.weeks[1].sessions[0].prescription;
        assert_eq!(p.load.kg, Some(20.0), "the lightest bar, not 50 kg");
        assert!(plan.adjustments.iter().any(|a| a.guard == "load_jump"));
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
                unit: crate::units::Unit::Kg,
                changes: Vec::new(),
                rides: Default::default(),
            };
            let plan = plan::generate(&t, &req).unwrap();
            assert!(guard_warnings(&plan).is_empty(), "{}", b.name);
        }
    }
}
