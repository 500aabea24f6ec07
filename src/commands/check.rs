//! `vmo check`: audits a template's plan against the guards and the physio rules.

use std::io;

use anyhow::Result;

use super::common::{emit, make_plan_for};
use crate::cli::CheckArgs;
use crate::config::Profile;
use crate::exit::input_error;
use crate::plan::{self, AdjustmentAction};
use crate::source;

pub(crate) fn run(args: CheckArgs, profile: &Profile) -> Result<()> {
    let template = source::load(&args.template, &mut io::stdin().lock())?;
    // By default the template's own length, so every written phase is checked.
    let mut inputs = args.inputs.clone();
    inputs.weeks = inputs.weeks.or(Some(template.written_weeks()));
    let (plan, request) =
        make_plan_for(&template, &inputs, profile, &Default::default(), None, true)?;
    let who = plan::audit::Person {
        bodyweight_share_kg: request
            .athlete
            .bodyweight_kg
            .map(|bw| bw * request.athlete.bodyweight_ratio),
    };
    let findings = plan::audit::audit(&template, &plan, who);
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
            AdjustmentAction::AboveCap => "note: over the cap on purpose",
            AdjustmentAction::AroundRides => "note: around your rides",
        };
        text.push_str(&format!("{} → {what}\n", a.message));
    }
    for f in &findings {
        text.push_str(&format!("{f}\n"));
    }
    // Template text (phase names in messages) is shown visibly on the terminal.
    let mut text = crate::visible::visible_text(&text).into_owned();
    let days = plan::days_text(&plan.days);
    if held.is_empty() && findings.is_empty() {
        text.push_str(&format!(
            "ok: {} is valid; {} weeks on {days} keep every rule: rest ≥ {} h, knee load ≤ +{:.0} %/week, ACWR ≤ {:.2}, deloads cut volume (sets first) and nothing else, one knee-load lever a week (≤ 2 cm, ≤ 15°, ≤ +10 % load per rep), effort matches load, light sessions ≤ 60 %\n",
            args.template,
            plan.weeks.len(),
            plan.guards.min_rest_hours,
            plan.guards.max_weekly_increase * 100.0,
            plan.guards.acwr_ceiling
        ));
        emit(&args.output, text.as_bytes())
    } else {
        emit(&args.output, text.as_bytes())?;
        let mut parts = Vec::new();
        if !held.is_empty() {
            parts.push(format!(
                "{} week(s) asked for more than the guards allow and were held back",
                held.len()
            ));
        }
        if !findings.is_empty() {
            parts.push(format!(
                "{} rule(s) a physiotherapist checks are broken",
                findings.len()
            ));
        }
        Err(input_error(format!(
            "{}: {} over {} weeks (listed above)",
            args.template,
            parts.join("; "),
            plan.weeks.len()
        )))
    }
}
