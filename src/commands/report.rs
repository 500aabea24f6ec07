//! `vmo report`: one self-contained HTML page for a clinician (DESIGN §10) — the knee
//! now and its alerts, knee load prescribed against done with pain during and the next
//! morning, adherence, every session, every change the plan made and why. This edge
//! resolves the period and "today", reads the log, and hands plain data to the pure
//! [`crate::report::build`] and [`crate::render::report_html`].

use std::path::Path;

use anyhow::Result;
use chrono::{Days, NaiveDate};
use clap::Args;

use super::common::{
    db_path, emit, generated_at, load_template, named_plan, note, plan_notes, plan_start, today,
};
use crate::cli::{OutputArgs, PlanInputs, parse_date};
use crate::config::{self, Profile};
use crate::exit::input_error;
use crate::log::{Notes, Store};
use crate::plan::adapt::LogData;
use crate::report::{Input, Period};
use crate::visible::quoted;

/// `vmo report` flags.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// First day the report covers, YYYY-MM-DD [default: 12 weeks before --to].
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub from: Option<String>,

    /// Last day the report covers, YYYY-MM-DD [default: today].
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub to: Option<String>,

    /// Template (name, path or `-`) [default: the profile's, else foundation].
    #[arg(short, long, env = "VMO_TEMPLATE")]
    pub template: Option<String>,

    /// Plan inputs.
    #[command(flatten)]
    pub inputs: PlanInputs,

    /// Where the HTML goes (stdout without -o).
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `--from`/`--to` as a date, or a one-line error naming the flag, the value and what is
/// allowed.
fn date_flag(flag: &str, value: Option<&str>) -> Result<Option<NaiveDate>> {
    value
        .map(|v| parse_date(v).map_err(|why| input_error(format!("{flag} {}: {why}", quoted(v)))))
        .transpose()
}

/// The period from the flags: `--to` (default today, and never after it: nothing is
/// logged later) and `--from` (default twelve weeks before `--to`).
pub(crate) fn period(
    from: Option<&str>,
    to: Option<&str>,
    today: NaiveDate,
) -> Result<(Period, Option<String>)> {
    let (from, to_given) = (date_flag("--from", from)?, date_flag("--to", to)?);
    let to = to_given.unwrap_or(today);
    let from = from.unwrap_or_else(|| Period::last_twelve_weeks(to).from);
    if from > to {
        return Err(input_error(match to_given {
            Some(_) => format!(
                "--from {from} is after --to {to}: the report covers --from to --to, so --from must be on or before --to"
            ),
            None => format!(
                "--from {from} is after today ({to}), where the report ends: give a --from on or before {to}"
            ),
        }));
    }
    let mut said = None;
    if to > today {
        said = Some(format!(
            "note: --to {to} is after today ({today}): nothing is logged later, so the report ends today"
        ));
        if from > today {
            return Err(input_error(format!(
                "--from {from} is after today ({today}): nothing is logged yet in that period; give a --from on or before {today}"
            )));
        }
    }
    Ok((
        Period {
            from,
            to: to.min(today),
        },
        said,
    ))
}

/// Runs `vmo report`.
pub(crate) fn run(args: ReportArgs, profile: &Profile, db: Option<&Path>) -> Result<()> {
    let mut inputs = args.inputs;
    let today = today(&inputs);
    let (period, said) = period(args.from.as_deref(), args.to.as_deref(), today)?;
    if let Some(s) = said {
        note(&s);
    }
    let generated = generated_at()?;
    let template = load_template(args.template.as_deref(), profile)?;
    // The plan runs at least to the end of the period (a date's prescription never
    // depends on the plan's length).
    let start = plan_start(&inputs, profile)?;
    let weeks = config::resolve_weeks(inputs.weeks, profile)?;
    let needed = u32::try_from((period.to - start).num_days().max(0) / 7 + 1).unwrap_or(u32::MAX);
    inputs.weeks = Some(weeks.max(needed).min(crate::plan::MAX_WEEKS));
    let store = match inputs.no_adapt {
        true => None,
        false => match db_path(db, profile, inputs.client.as_deref())? {
            Some(path) => Store::open_existing(&path)?,
            None => None,
        },
    };
    // A report for a client with no training log is a typo more often than a new client:
    // an empty page headed with the name would read as "nothing happened".
    if let (Some(client), None, false) = (&inputs.client, &store, inputs.no_adapt) {
        return Err(crate::exit::input_error(format!(
            "--client {}: no training log for this client yet (`vmo client list` shows the clients)",
            crate::visible::visible(client)
        )));
    }
    // The fold reads every entry (no notes); the period's entries are read again with
    // theirs, for the session table's extra sessions.
    let (log, period_entries) = match &store {
        Some(s) => {
            crate::output::holds_log_data();
            let notes = match plan_notes(&inputs, profile, Some(period.from)) {
                Notes::Planned(a, _) => Notes::Planned(a, period.to),
                other => other,
            };
            let log = LogData {
                entries: s.entries_with(notes)?,
                events: s.events()?,
                absences: s.absences()?,
                changes: s.plan_changes()?,
            };
            // From the Monday-to-Sunday week the period starts in: the charts show whole weeks.
            let first = period
                .from
                .checked_sub_days(Days::new(6))
                .unwrap_or(period.from);
            let mut period_entries = s.entries_between(first, period.to)?;
            // Shown as the plan shows its notes: what a terminal would act on, visibly.
            for note in period_entries.iter_mut().filter_map(|e| e.note.as_mut()) {
                if let std::borrow::Cow::Owned(v) = crate::visible::visible(note) {
                    *note = v;
                }
            }
            (log, period_entries)
        }
        None => (LogData::default(), Vec::new()),
    };
    let (mut plan, _) = named_plan(
        args.template.as_deref(),
        &template,
        &inputs,
        profile,
        &log,
        Some(period.from),
    )?;
    crate::visible::plan(&mut plan);
    let report = crate::report::build(Input {
        plan: &plan,
        template: &template,
        entries: &period_entries,
        period,
        today,
    });
    let html = crate::render::report_html::render(&report, generated, env!("CARGO_PKG_VERSION"));
    emit(&args.output, html.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_period_defaults_to_twelve_weeks_to_today_and_never_passes_it() {
        let today = d("2026-11-30");
        let (p, said) = period(None, None, today).unwrap();
        assert_eq!((p.from, p.to, said), (d("2026-09-08"), today, None));
        let (p, _) = period(None, Some("2026-10-31"), today).unwrap();
        assert_eq!((p.from, p.to), (d("2026-08-09"), d("2026-10-31")));
        let (p, said) = period(Some("2026-11-01"), Some("2027-01-01"), today).unwrap();
        assert_eq!((p.from, p.to), (d("2026-11-01"), today));
        assert!(said.unwrap().contains("--to 2027-01-01 is after today"));
    }

    #[test]
    fn a_bad_period_names_the_flag_the_value_and_what_is_allowed() {
        let today = d("2026-11-30");
        let msg =
            |f: Option<&str>, t: Option<&str>| format!("{:#}", period(f, t, today).unwrap_err());
        let m = msg(Some("2026-13-01"), None);
        assert!(
            m.starts_with("--from \"2026-13-01\": ") && m.contains("YYYY-MM-DD"),
            "{m}"
        );
        let m = msg(None, Some("yesterday"));
        assert!(
            m.starts_with("--to \"yesterday\": ") && m.contains("YYYY-MM-DD"),
            "{m}"
        );
        let m = msg(Some("2026-11-02"), Some("2026-11-01"));
        assert!(
            m.contains("--from 2026-11-02 is after --to 2026-11-01"),
            "{m}"
        );
        let m = msg(Some("2026-12-05"), None);
        assert!(m.contains("after today (2026-11-30)"), "{m}");
        let m = msg(Some("2026-12-05"), Some("2026-12-31"));
        assert!(m.contains("after today (2026-11-30)"), "{m}");
        assert!(m.lines().count() == 1);
    }
}
