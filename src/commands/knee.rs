//! `vmo cleared` and `vmo acknowledge`: the person records that a clinician has seen the
//! knee after a red flag, or that they have read the advice to see one about pain that
//! keeps coming back. Each is a dated knee event in the log; the plan reads it through the
//! knee state (loading resumes after a clearance; progression after either).

use std::path::Path;

use anyhow::Result;
use chrono::NaiveDate;
use clap::Args;

use super::common::{
    db_path, load_template, make_plan, make_plan_before, plan_notes, read_log, today,
};
use super::done::changes;
use crate::cli::{PlanInputs, parse_date};
use crate::config::Profile;
use crate::exit::input_error;
use crate::log::Store;
use crate::plan::knee_state::{AlertKind, KneeEvent, KneeEventKind};

/// `vmo cleared` and `vmo acknowledge` flags.
#[derive(Debug, Args)]
pub struct KneeEventArgs {
    /// The day it happened (YYYY-MM-DD) [default: today].
    #[arg(long, value_parser = parse_date, allow_hyphen_values = true)]
    pub date: Option<NaiveDate>,

    /// A note, e.g. who saw the knee and what they said.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// Show how the next sessions would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Template (name, path or `-`) [default: the profile's, else foundation].
    #[arg(short, long, env = "VMO_TEMPLATE")]
    pub template: Option<String>,

    /// Plan inputs.
    #[command(flatten)]
    pub inputs: PlanInputs,
}

/// Records a clearance (`kind` Cleared) or an acknowledgement.
pub(crate) fn run(
    kind: KneeEventKind,
    args: KneeEventArgs,
    profile: &Profile,
    db: Option<&Path>,
) -> Result<()> {
    let template = load_template(args.template.as_deref(), profile)?;
    let path = db_path(db, profile, args.inputs.client.as_deref())?.ok_or_else(|| {
        input_error("cannot tell where the training log is: set HOME, XDG_DATA_HOME or --db")
    })?;
    let now = today(&args.inputs);
    let date = args.date.unwrap_or(now);
    if date > now {
        return Err(input_error(format!(
            "--date {date} is after today ({now}): record it once it has happened"
        )));
    }
    let log = read_log(Some(&path), plan_notes(&args.inputs, profile, None))?;
    let before = make_plan_before(&template, &args.inputs, profile, &log)?;
    let alerts = before
        .knee
        .as_ref()
        .map(|k| k.alerts.clone())
        .unwrap_or_default();
    // A clearance answers both alerts; an acknowledgement only the recurring-pain one (a
    // red flag needs a clinician, not a click).
    let answers = |k: AlertKind| kind == KneeEventKind::Cleared || k == AlertKind::RecurringPain;
    let open: Vec<_> = alerts
        .iter()
        .filter(|a| answers(a.kind) && a.since <= date)
        .collect();
    if open.is_empty() {
        let what = match kind {
            KneeEventKind::Cleared => "no red flag or recurring-pain alert",
            KneeEventKind::Acknowledged => "no recurring-pain alert",
        };
        let red = alerts.iter().any(|a| a.kind == AlertKind::RedFlag);
        let hint = if kind == KneeEventKind::Acknowledged && red {
            ": a red flag needs a clinician's clearance, `vmo cleared`, once a clinician has seen the knee"
        } else {
            ""
        };
        return Err(input_error(format!(
            "vmo {}: {what} is in force on {date}; nothing recorded{hint}",
            command(kind)
        )));
    }
    let mut after_log = log.clone();
    after_log.events.push(KneeEvent {
        id: log.events.iter().map(|e| e.id).max().unwrap_or(0) + 1,
        date,
        kind,
        note: args.note.clone(),
    });
    let after = make_plan(&template, &args.inputs, profile, &after_log)?;
    // A clearance counts from its own day: that day's session changes too.
    let report = changes(&before, &after, date.pred_opt().unwrap_or(date));
    let what = match kind {
        KneeEventKind::Cleared => "a clinician has seen the knee",
        KneeEventKind::Acknowledged => "the advice to see your clinician was read",
    };
    if args.dry_run {
        println!("would record on {date} that {what}");
        print!("{report}");
        return Ok(());
    }
    let mut store = Store::open(&path)?;
    let id = store.add_event(date, kind, args.note.as_deref())?;
    eprintln!("vmo: recorded on {date} that {what} (id {id})");
    eprint!("{report}");
    Ok(())
}

fn command(kind: KneeEventKind) -> &'static str {
    match kind {
        KneeEventKind::Cleared => "cleared",
        KneeEventKind::Acknowledged => "acknowledge",
    }
}
