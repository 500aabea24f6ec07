//! `vmo why [DATE]`: how a session's prescription came about — every rule that fired on
//! the way, with the log entries and thresholds it used. The trace is the notes the
//! rules themselves wrote while making the plan, so it cannot drift from the planner.

use std::path::Path;

use anyhow::Result;
use chrono::{Days, NaiveDate};
use clap::Args;

use super::common::{db_path, emit, load_template, make_plan, plan_notes, today};
use crate::cli::{OutputArgs, PlanInputs, parse_date};
use crate::config::Profile;
use crate::exit::input_error;
use crate::log::Store;
use crate::plan::adapt::Entry;
use crate::plan::adapt::LogData;
use crate::plan::adapt::rule_source as source;
use crate::render::text;

/// `vmo why` flags.
#[derive(Debug, Args)]
pub struct WhyArgs {
    /// The session's date [default: today, or the next session].
    #[arg(value_parser = parse_date, allow_hyphen_values = true)]
    pub date: Option<NaiveDate>,

    /// Template (name, path or `-`) [default: the profile's, else foundation].
    #[arg(short, long, env = "VMO_TEMPLATE")]
    pub template: Option<String>,

    /// Plan inputs.
    #[command(flatten)]
    pub inputs: PlanInputs,

    /// Where the text goes.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Most log entries `why` lists (a day may hold any number of extra sessions).
const SHOWN_ENTRIES: usize = 30;

/// Runs `vmo why`.
pub(crate) fn run(args: WhyArgs, profile: &Profile, db: Option<&Path>) -> Result<()> {
    let template = load_template(args.template.as_deref(), profile)?;
    // The log stays open: the entries of the two weeks before are read again below.
    let store = match args.inputs.no_adapt {
        true => None,
        false => match db_path(db, profile, args.inputs.client.as_deref())? {
            Some(path) => Store::open_existing(&path)?,
            None => None,
        },
    };
    let entries = match &store {
        Some(log) => {
            crate::output::holds_log_data();
            LogData {
                entries: log.entries_with(plan_notes(&args.inputs, profile, None))?,
                events: log.events()?,
                absences: log.absences()?,
                changes: log.plan_changes()?,
            }
        }
        None => LogData::default(),
    };
    let mut plan = make_plan(&template, &args.inputs, profile, &entries)?;
    crate::visible::plan(&mut plan);
    let today = today(&args.inputs);
    let sessions: Vec<_> = plan.weeks.iter().flat_map(|w| &w.sessions).collect();
    // A training day a red flag turned into rest: the answer is the flag, not "no session".
    if let Some(d) = args.date
        && !sessions.iter().any(|s| s.date == d)
        && let Some(r) = recovery_on(&plan, d).filter(|r| text::red_flag(r))
    {
        let mut out = format!(
            "{} {} · week {} · no squats: a red flag waits for a clinician\n",
            r.weekday.title(),
            r.date,
            r.week
        );
        for a in &r.alerts {
            out.push_str(&format!("⚠ {}\n", a.message));
        }
        out.push_str(&format!(
            "\nRule: after a red flag no squats are planned until `vmo cleared` records that a clinician has seen the knee (swelling, locking, giving way or night pain may have a cause other than the kneecap: Crossley 2016); then technique sessions until {} have settled, and the plan builds back up.\n",
            template.adapt.settled_sessions
        ));
        let out = super::common::fit_terminal(out, &args.output);
        return super::common::emit(&args.output, out.as_bytes());
    }
    // A training day the rides (or a big running week) left without squats: say why,
    // with the rule `why` names for any note (one wording of it, in `rule_source`).
    if let Some(d) = args.date
        && !sessions.iter().any(|s| s.date == d)
        && let Some(r) = recovery_on(&plan, d).filter(|r| r.guidance.starts_with("No squats"))
    {
        let out = format!(
            "{} {} · week {} · no session\n{}\n\nRule: {}\n",
            r.weekday.title(),
            r.date,
            r.week,
            r.guidance,
            source(&r.guidance, &template),
        );
        let out = super::common::fit_terminal(out, &args.output);
        return super::common::emit(&args.output, out.as_bytes());
    }
    // A training day whose session moved for a ride: the answer is where it went.
    let moved_from = args
        .date
        .filter(|d| !sessions.iter().any(|s| s.date == *d))
        .and_then(|d| {
            let from = format!("Moved from {} to ", d.format("%a"));
            sessions.iter().find(|s| {
                (s.date - d).num_days().abs() < 7
                    && plan.weeks[(s.week - 1) as usize].start <= d
                    && plan.weeks[(s.week - 1) as usize].end >= d
                    && s.notes.iter().any(|n| n.starts_with(&from))
            })
        });
    let s = match (moved_from, args.date) {
        (Some(s), _) => s,
        (None, None) => sessions.iter().find(|s| s.date >= today).ok_or_else(|| {
            input_error(format!(
                "no session on or after {today}: the plan ended on {}",
                plan.end
            ))
        })?,
        (None, Some(d)) => sessions.iter().find(|s| s.date == d).ok_or_else(|| {
            input_error(format!(
                "no session on {d} in this plan ({} to {}, on {}); try a session date",
                plan.start,
                plan.end,
                crate::plan::days_text(&plan.days)
            ))
        })?,
    };
    let week = &plan.weeks[(s.week - 1) as usize];
    let p = &s.prescription;
    let mut out = match (moved_from, args.date) {
        (Some(s), Some(d)) => format!(
            "{} {}: no session; it moved to {} {} for a ride (below)\n\n",
            d.format("%a"),
            d,
            s.weekday.title(),
            s.date
        ),
        _ => String::new(),
    };
    out += &format!(
        "{} {} · week {} · {} · {} session{}\n{} · tempo {} · heel {} · depth {} · {} · {}\n",
        s.weekday.title(),
        s.date,
        s.week,
        s.phase,
        match s.kind {
            crate::plan::SessionKind::Hard => "hard",
            crate::plan::SessionKind::Light => "light",
        },
        if week.deload { " · deload week" } else { "" },
        text::sets_reps(p),
        p.tempo,
        text::heel(p, plan.units),
        text::depth(p),
        text::effort(p),
        text::load(p, plan.units),
    );
    if let Some(away) = s
        .notes
        .iter()
        .find(|n| n.starts_with("away (") && super::away::is_away(s))
    {
        out.push_str(&format!(
            "This session is {away}: nothing to do (`vmo log rm --absence ID` plans it again)\n"
        ));
    }
    out.push_str("\nHow it came about (the last two weeks of rules that fired):\n");
    let window = s.date.checked_sub_days(Days::new(14)).unwrap_or(s.date);
    let mut n = 0;
    for earlier in sessions
        .iter()
        .filter(|x| x.date >= window && x.date <= s.date)
    {
        // What was logged (and a planned absence) is listed below as it is, not as a rule.
        let rule = |x: &&String| !x.starts_with("logged: ") && !x.starts_with("away (");
        for note in earlier.notes.iter().filter(rule) {
            n += 1;
            out.push_str(&format!(
                "{n:>2}. {} {}: {note}\n    rule: {}\n",
                earlier.weekday.title(),
                earlier.date,
                source(note, &template)
            ));
        }
    }
    if n == 0 {
        out.push_str(" 1. nothing changed in these two weeks: the prescription carries on\n");
    }
    // Read again with their notes (the plan read only its sessions'), extra ones too.
    let (used, all): (Vec<Entry>, usize) = match &store {
        Some(log) if !entries.is_empty() => {
            log.first_entries_between(window, s.date, SHOWN_ENTRIES)?
        }
        _ => (Vec::new(), 0),
    };
    out.push_str("\nLog entries it read (two weeks before):\n");
    if used.is_empty() {
        out.push_str(if entries.is_empty() || args.inputs.no_adapt {
            "  none: the plan follows the template (no log, or --no-adapt)\n"
        } else {
            "  none in these two weeks\n"
        });
    }
    for e in &used {
        out.push_str(&format!(
            "  #{} {} {}\n",
            e.id,
            e.date,
            super::done::describe(e, plan.units)
        ));
    }
    if all > used.len() {
        out.push_str(&format!(
            "  … and {} more in these two weeks (`vmo log list`)\n",
            all - used.len()
        ));
    }
    let a = &template.adapt;
    let pn = crate::units::show_number;
    out.push_str(&format!(
        "\nThresholds ({}): pain ≤ {}/10 fine, up to {}/10 hold, above that step back, ≥ {}/10 or swelling, locking, giving way or night pain a red flag (no squats until `vmo cleared`, then technique sessions); morning flare > usual + {}; progression resumes after {} settled sessions; an extra load step after {} sessions in a row beat the target by {}+ reps; {} sessions in a row short of it step back\n",
        crate::visible::visible(&template.name),
        pn(template.pain.during_ideal),
        pn(template.pain.during_max),
        pn(a.red_flag_pain),
        pn(a.morning_margin),
        a.settled_sessions,
        a.beat_sessions,
        a.beat_reps,
        a.missed_target_sessions
    ));
    let out = super::common::fit_terminal(out, &args.output);
    emit(&args.output, out.as_bytes())
}

/// The recovery day on `date`, if the plan has one.
fn recovery_on(plan: &crate::plan::Plan, date: NaiveDate) -> Option<&crate::plan::RecoveryDay> {
    plan.weeks
        .iter()
        .flat_map(|w| &w.recovery_days)
        .find(|r| r.date == date)
}
