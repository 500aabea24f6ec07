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
use crate::render::text;
use crate::template::Template;

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

/// Which rule a note comes from, and where that rule is written down.
fn source(note: &str, t: &Template) -> String {
    let n = crate::units::show_number;
    let (p, a) = (&t.pain, &t.adapt);
    let has = |s: &str| note.contains(s);
    if has("recurring knee pain") || has("vmo acknowledge") {
        "recurring pain: three step-backs for pain within 6 weeks hold progression until `vmo acknowledge` (or `vmo cleared`) records that you will see, or have seen, your clinician; then the plan climbs back to the load before the flares (DESIGN §8: advice shown once and then overridden is worse than silence)".to_string()
    } else if has("swelling")
        || has("locking")
        || has("giving way")
        || has("night pain")
        || has("red flag")
        || has("see a clinician")
        || has("technique only")
    {
        format!(
            "red flag: pain ≥ {}/10, or swelling, locking, giving way or night pain logged on any entry (extra ones too), stops squatting: no squats are planned until `vmo cleared` records that a clinician has seen the knee, then technique-only sessions (bodyweight, RPE ≤ 5, no lever above the last session) until {} have settled (template: [adapt] red_flag_pain, settled_sessions; Crossley 2016: swelling needs a clinician to look for another cause)",
            n(a.red_flag_pain),
            a.settled_sessions
        )
    } else if has("back after") {
        "a gap: the first week back is about 70 % of the last week done after three weeks off (scaled for shorter gaps), then climbs back to the knee's earlier load in two or three weeks (DESIGN §8, clinical convention; Mujika & Padilla 2000)".to_string()
    } else if has("back towards the knee load") || has("smallest step") {
        format!(
            "never stalls: back towards a knee load done settled lately the plan may climb past the {:.0} % cap (by up to 15 % of that load a week, within the acute:chronic ceiling), and after a week held by the guards the smallest step (+1 rep a set) goes ahead (DESIGN §8: Dye's envelope of function)",
            t.recovery.max_weekly_increase * 100.0
        )
    } else if has("held below the session that flared") || has("no lever above") {
        format!(
            "after a flare: no session above the one that flared, in knee load or any lever, until {} settled sessions are logged",
            a.settled_sessions
        )
    } else if has("only") && has("h after the session done") {
        format!(
            "rest from real dates: no hard session within {} h of a hard or extra session really done, whatever the training days say (Morán-Navarro 2017)",
            t.recovery.min_rest_hours
        )
    } else if has("1RM estimate") || has("missed twice") {
        "strength from the log: loaded sets of ≤ 12 reps logged with an RPE update the 1RM estimate (RPE chart, Helms 2016; up at most 2.5 % a week), and a load missed twice is not prescribed again before it rises or a re-test".to_string()
    } else if has("morning after") {
        format!(
            "morning check: next-morning pain more than {} above your usual steps back (template: [adapt] morning_margin; the pain-monitoring model, Silbernagel & Thomeé 2007: not worse the next morning)",
            n(a.morning_margin)
        )
    } else if has("same again") || has("weeks running") {
        format!(
            "pain gate amber: pain {}–{}/10 holds (template: [pain] during_ideal, during_max; the pain-monitoring model, Silbernagel & Thomeé 2007)",
            n(p.during_ideal),
            n(p.during_max)
        )
    } else if has("knee pain") {
        format!(
            "pain gate red: pain above {}/10 steps back, knee-load lever first, then waits for {} settled sessions (template: [pain] during_max; pain-monitoring model, Silbernagel & Thomeé 2007; regress more than you progress)",
            n(p.during_max),
            a.settled_sessions
        )
    } else if has("progression waits") || has("settled technique") {
        format!(
            "progression waits for {} settled sessions after a step back (template: [adapt] settled_sessions)",
            a.settled_sessions
        )
    } else if has("not reached") {
        format!(
            "performance: targets missed in {} sessions in a row step back (template: [adapt] missed_target_sessions; regress more than you progress)",
            a.missed_target_sessions
        )
    } else if has("not done") || has("without a session") || has("no session done") {
        "missed sessions: resume, repeat the last completed week, or step back a week per two missed (a missed session is not a failure: resume where you are)".to_string()
    } else if has("extra load step") {
        format!(
            "an extra load step: {} sessions in a row beating the target by {}+ reps (template: [adapt] beat_sessions, beat_reps)",
            a.beat_sessions, a.beat_reps
        )
    } else if has("early deload") {
        "early deload: a second step back within 3 weeks (recovery needed more than once: deload now, not only by the calendar)"
            .to_string()
    } else if has("deload") {
        format!(
            "calendar deload every {} weeks, fewer sets only (template: [deload]; Bosquet 2007: cut volume, keep intensity)",
            t.deload.every_weeks
        )
    } else if has("new phase") || has("start of phase") || has("criterion") {
        "the template's phases ([[phases]], enter_when)".to_string()
    } else if has("trimmed") || has("held at") || has("cap") || has("guard") {
        format!(
            "recovery guards: knee load ≤ +{:.0} %/week, ACWR ≤ {} (template: [recovery]; the 10 % rule and the acute:chronic workload ratio)",
            t.recovery.max_weekly_increase * 100.0,
            n(t.recovery.acwr_ceiling)
        )
    } else {
        "the template's progression (its levers; depth, heel and load move one at a time because kneecap stress rises with each, Powers 2014)".to_string()
    }
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
        && let Some(r) = plan
            .weeks
            .iter()
            .flat_map(|w| &w.recovery_days)
            .find(|r| r.date == d && text::red_flag(r))
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
    let s = match args.date {
        Some(d) => sessions.iter().find(|s| s.date == d).ok_or_else(|| {
            input_error(format!(
                "no session on {d} in this plan ({} to {}, on {}); try a session date",
                plan.start,
                plan.end,
                crate::plan::days_text(&plan.days)
            ))
        })?,
        None => sessions.iter().find(|s| s.date >= today).ok_or_else(|| {
            input_error(format!(
                "no session on or after {today}: the plan ended on {}",
                plan.end
            ))
        })?,
    };
    let week = &plan.weeks[(s.week - 1) as usize];
    let p = &s.prescription;
    let mut out = format!(
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
