//! `vmo done` and `vmo skip`: log a session in one line, and show how the plan follows.

use std::path::Path;

use anyhow::Result;
use chrono::NaiveDate;
use clap::Args;

use super::common::{db_path, load_template, make_plan, plan_notes, read_log, today};
use crate::cli::{PlanInputs, parse_date};
use crate::config::Profile;
use crate::exit::input_error;
use crate::log::parse::{self, check_entry, check_note};
use crate::log::parse::{parse_load, parse_pain, parse_reps, parse_rpe, parse_sets};
use crate::log::{Logged, Store, Updated};
use crate::plan::adapt::{Entry, LogData, Status, Symptoms};
use crate::plan::{Plan, Session};

/// Reps per set, as `--reps` or `--sets` gave them.
#[derive(Debug, Clone, PartialEq)]
pub struct Reps(pub Vec<u32>);

fn reps_arg(s: &str) -> Result<Reps, String> {
    parse_reps(s).map(Reps)
}

fn sets_arg(s: &str) -> Result<Reps, String> {
    parse_sets(s).map(Reps)
}

/// What a session's log entry says beyond "done as prescribed" (shared with `log edit`).
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "What happened")]
pub struct WhatHappened {
    /// Reps done in each set, e.g. 12,12,9.
    #[arg(long, value_parser = reps_arg, conflicts_with = "sets", allow_hyphen_values = true)]
    pub reps: Option<Reps>,
    /// Sets × reps done, e.g. 3x12.
    #[arg(long, value_parser = sets_arg, allow_hyphen_values = true)]
    pub sets: Option<Reps>,
    /// External load used, e.g. 10kg or 22lb (0 for bodyweight).
    #[arg(long, value_parser = parse_load, allow_hyphen_values = true)]
    pub load: Option<f64>,
    /// Effort, RPE 1–10 (half points allowed).
    #[arg(long, value_parser = parse_rpe, allow_hyphen_values = true)]
    pub rpe: Option<f64>,
    /// Knee pain during the session, 0 (none) to 10 (worst).
    #[arg(long, value_parser = parse_pain, allow_hyphen_values = true)]
    pub pain: Option<f64>,
    /// Red-flag symptoms.
    #[command(flatten)]
    pub symptoms: SymptomFlags,
    /// A note, e.g. "left knee ached on the last set".
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

/// Red-flag symptoms (any one stops loading until a clinician has seen the knee; shared
/// by `done`, `done --morning-after` and `log edit`).
#[derive(Debug, Args, Clone, Copy, Default)]
#[command(next_help_heading = "Red flags (any one: stop and see a clinician)")]
pub struct SymptomFlags {
    /// The knee swelled.
    #[arg(long)]
    pub swelling: bool,
    /// The knee locked: caught and would not bend or straighten.
    #[arg(long)]
    pub locking: bool,
    /// The knee gave way.
    #[arg(long)]
    pub giving_way: bool,
    /// Knee pain at night, or pain that woke you.
    #[arg(long)]
    pub night_pain: bool,
}

impl SymptomFlags {
    /// The flags as the log stores them.
    pub fn symptoms(self) -> Symptoms {
        Symptoms {
            swelling: self.swelling,
            locking: self.locking,
            giving_way: self.giving_way,
            night_pain: self.night_pain,
        }
    }
}

/// `vmo done` flags.
#[derive(Debug, Args)]
pub struct DoneArgs {
    /// Date of the session (YYYY-MM-DD) [default: today].
    #[arg(long, value_parser = parse_date, allow_hyphen_values = true)]
    pub date: Option<NaiveDate>,

    /// What happened, when not exactly as prescribed.
    #[command(flatten)]
    pub result: WhatHappened,

    /// Log an unplanned session (on a recovery day, or a second one in a day).
    #[arg(long)]
    pub extra: bool,

    /// Add next-morning knee pain (0–10) to the session of --date (default: the latest logged).
    #[arg(long, value_name = "PAIN", value_parser = parse_pain, allow_hyphen_values = true,
          conflicts_with_all = ["reps", "sets", "load", "rpe", "pain", "extra"])]
    pub morning_after: Option<f64>,

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

/// `vmo skip` flags.
#[derive(Debug, Args)]
pub struct SkipArgs {
    /// Date of the session skipped (YYYY-MM-DD) [default: today]; a future date records a
    /// planned absence of that one day.
    #[arg(long, value_parser = parse_date, allow_hyphen_values = true, conflicts_with_all = ["from", "to"])]
    pub date: Option<NaiveDate>,

    /// First day of a planned absence (a holiday), YYYY-MM-DD: its sessions are planned
    /// away, not missed. Needs --to.
    #[arg(long, value_parser = parse_date, allow_hyphen_values = true, requires = "to")]
    pub from: Option<NaiveDate>,

    /// Last day of the planned absence (inclusive), at most 26 weeks after --from.
    #[arg(long, value_parser = parse_date, allow_hyphen_values = true, requires = "from")]
    pub to: Option<NaiveDate>,

    /// Why, e.g. "travel" (kept as the entry's note).
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,

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

/// The plan as it stands, the log it was made from, and where the log lives.
///
/// The log is read once and changed in place for the plan after a change (never copied:
/// a long log is tens of megabytes), with only the notes the plan shows.
struct Context {
    path: crate::log::LogPath,
    log: LogData,
    today: NaiveDate,
}

fn context(db: Option<&Path>, profile: &Profile, inputs: &PlanInputs) -> Result<Context> {
    if inputs.start.is_none() && profile.values.start.is_none() {
        // Without a stored start the plan starts again every day, and what is logged
        // today would belong to a different week tomorrow.
        return Err(input_error(
            "no plan start is stored, so the log cannot tell which week a session belongs to: run `vmo init` (it stores today as the start) or pass --start YYYY-MM-DD",
        ));
    }
    let path = db_path(db, profile, inputs.client.as_deref())?.ok_or_else(|| {
        input_error("cannot tell where the training log goes: set HOME, XDG_DATA_HOME or --db")
    })?;
    // A client nobody added (a typo, or one removed with `client rm`): say so before their
    // entry starts a log the `vmo clients` dashboard does not show.
    if let crate::log::Origin::Client(name) = path.origin()
        && path
            .parent()
            .is_some_and(|f| !f.join("config.toml").exists())
    {
        super::common::note(&format!(
            "note: no client {} has been added (`vmo client list` shows who has): this entry goes to a log of their own, which the `vmo clients` dashboard does not show until `vmo client add`",
            crate::visible::quoted(name)
        ));
    }
    let log = read_log(Some(&path), plan_notes(inputs, profile, None))?;
    Ok(Context {
        path,
        log,
        today: today(inputs),
    })
}

/// `report` with the commands it names reaching the client whose log this is
/// (`vmo cleared --client 'Ann B'`): a coach copies them as shown.
fn for_client(report: String, ctx: &Context) -> String {
    match ctx.path.client() {
        Some(c) => super::common::with_client(&report, c),
        None => report,
    }
}

/// Refuses a date after today or before the plan starts.
fn check_date(date: NaiveDate, today: NaiveDate, plan: &Plan) -> Result<()> {
    if date > today {
        return Err(input_error(format!(
            "--date {date} is after today ({today}): a session can be logged once it has happened"
        )));
    }
    if date < plan.start {
        return Err(input_error(format!(
            "--date {date} is before the plan's first session ({}); check --start or the profile's start",
            plan.start
        )));
    }
    Ok(())
}

fn session_on(plan: &Plan, date: NaiveDate) -> Option<&Session> {
    plan.weeks
        .iter()
        .flat_map(|w| &w.sessions)
        .find(|s| s.date == date)
}

/// The planned session on `date`, or an error that says what the day is instead.
fn planned<'p>(plan: &'p Plan, date: NaiveDate, flag: &str) -> Result<&'p Session> {
    if let Some(s) = session_on(plan, date) {
        return Ok(s);
    }
    if date > plan.end {
        return Err(input_error(format!(
            "--date {date} is after the plan's last day ({}); lengthen it with --weeks",
            plan.end
        )));
    }
    let next = plan
        .weeks
        .iter()
        .flat_map(|w| &w.sessions)
        .find(|s| s.date > date)
        .map(|s| format!("; the next session is {} {}", s.weekday.title(), s.date))
        .unwrap_or_default();
    let before = plan
        .weeks
        .iter()
        .flat_map(|w| &w.sessions)
        .rev()
        .find(|s| s.date < date)
        .map(|s| format!(", the last was {} {}", s.weekday.title(), s.date))
        .unwrap_or_default();
    if plan
        .weeks
        .iter()
        .flat_map(|w| &w.recovery_days)
        .any(|r| r.date == date && crate::render::text::red_flag(r))
    {
        return Err(input_error(format!(
            "no squats are planned on {date}: a red flag waits for a clinician to see the knee (`vmo cleared` once one has){flag}"
        )));
    }
    Err(input_error(format!(
        "{date} is a recovery day in this plan{next}{before}: pass --date for a session day{flag}"
    )))
}

/// Refuses a planned session whose day is already logged (checked again, with the write,
/// in one transaction: [`Store::insert_unless_logged`]).
fn already(entries: &[Entry], date: NaiveDate) -> Result<()> {
    match entries.iter().find(|e| e.date == date && !e.extra) {
        Some(e) => Err(already_logged(e)),
        None => Ok(()),
    }
}

/// Holds an entry made from flags to the log's limits (`crate::log::parse`), naming the
/// flag at fault: `note_flag` is the one that gave the note.
pub(crate) fn within_limits(e: Entry, note_flag: &str) -> Result<Entry> {
    if let Some(n) = &e.note {
        check_note(n).map_err(|m| input_error(format!("{note_flag}: {m}")))?;
    }
    parse::check_date(e.date).map_err(|m| input_error(format!("--date {m}")))?;
    check_entry(e).map_err(input_error)
}

fn already_logged(e: &Entry) -> anyhow::Error {
    input_error(format!(
        "the session of {} is already logged ({}, id {}): change it with `vmo log edit {}`, or remove it with `vmo log rm {}`",
        e.date,
        e.status.as_str(),
        e.id,
        e.id,
        e.id
    ))
}

/// `vmo done`.
pub(crate) fn run(args: DoneArgs, profile: &Profile, db: Option<&Path>) -> Result<()> {
    let template = load_template(args.template.as_deref(), profile)?;
    let mut ctx = context(db, profile, &args.inputs)?;
    let before = make_plan(&template, &args.inputs, profile, &ctx.log)?;
    if let Some(pain) = args.morning_after {
        let symptoms = args.result.symptoms.symptoms();
        return morning_after(args.date, pain, symptoms, args.dry_run, &mut ctx, |log| {
            make_plan(&template, &args.inputs, profile, log)
        });
    }
    let date = args.date.unwrap_or(ctx.today);
    check_date(date, ctx.today, &before)?;
    let r = &args.result;
    let (reps, load_kg) = if args.extra {
        (
            r.reps
                .clone()
                .or(r.sets.clone())
                .map(|r| r.0)
                .unwrap_or_default(),
            r.load,
        )
    } else {
        let s = planned(&before, date, ", or --extra to log an unplanned session")?;
        already(&ctx.log.entries, date)?;
        let p = &s.prescription;
        (
            r.reps
                .clone()
                .or(r.sets.clone())
                .map(|r| r.0)
                .unwrap_or_else(|| vec![p.reps; p.sets as usize]),
            r.load.or(p.load.kg.filter(|kg| *kg > 0.0)),
        )
    };
    if args.extra {
        extra_warning(&ctx.log.entries, date, before.guards.min_rest_hours);
    }
    let entry = Entry {
        id: 0,
        date,
        status: Status::Done,
        reps,
        load_kg,
        rpe: r.rpe,
        pain_during: r.pain,
        pain_morning: None,
        symptoms: r.symptoms.symptoms(),
        note: r.note.clone(),
        extra: args.extra,
    };
    let entry = within_limits(entry, "--note")?;
    write_and_explain(entry, args.dry_run, &mut ctx, &before, |log| {
        make_plan(&template, &args.inputs, profile, log)
    })
}

/// `vmo skip`.
pub(crate) fn run_skip(args: SkipArgs, profile: &Profile, db: Option<&Path>) -> Result<()> {
    let template = load_template(args.template.as_deref(), profile)?;
    let mut ctx = context(db, profile, &args.inputs)?;
    let before = make_plan(&template, &args.inputs, profile, &ctx.log)?;
    let range = match (args.from, args.to, args.date) {
        (Some(from), Some(to), _) => Some((from, to)),
        (_, _, Some(d)) if d > ctx.today => Some((d, d)),
        _ => None,
    };
    if let Some((from, to)) = range {
        let reason = args.reason.as_deref();
        return absence(from, to, reason, args.dry_run, &mut ctx, &before, |log| {
            make_plan(&template, &args.inputs, profile, log)
        });
    }
    let date = args.date.unwrap_or(ctx.today);
    check_date(date, ctx.today, &before)?;
    planned(&before, date, "")?;
    already(&ctx.log.entries, date)?;
    let entry = Entry::skipped(date, args.reason);
    let entry = within_limits(entry, "--reason")?;
    write_and_explain(entry, args.dry_run, &mut ctx, &before, |log| {
        make_plan(&template, &args.inputs, profile, log)
    })
}

/// The longest planned absence: 26 weeks (a longer break is a new plan).
const MAX_ABSENCE_DAYS: i64 = 26 * 7;

/// `vmo skip --from D --to D` (or `--date` in the future): records a planned absence and
/// says which sessions it takes and how the plan comes back after it.
fn absence(
    from: NaiveDate,
    to: NaiveDate,
    reason: Option<&str>,
    dry_run: bool,
    ctx: &mut Context,
    before: &Plan,
    plan: impl Fn(&LogData) -> Result<Plan>,
) -> Result<()> {
    if to < from {
        return Err(input_error(format!(
            "--to {to} is before --from {from}: an absence runs from its first day to its last"
        )));
    }
    let days = (to - from).num_days() + 1;
    if days > MAX_ABSENCE_DAYS {
        return Err(input_error(format!(
            "--from {from} --to {to} is {days} days: a planned absence is at most 26 weeks ({MAX_ABSENCE_DAYS} days); for a longer break start a new plan when you are back"
        )));
    }
    if let Some(reason) = reason {
        crate::log::parse::check_note(reason).map_err(|e| input_error(format!("--reason: {e}")))?;
    }
    if let Some(a) = ctx
        .log
        .absences
        .iter()
        .find(|a| a.from <= to && a.to >= from)
    {
        return Err(input_error(format!(
            "{from} to {to} overlaps the planned absence {} ({} to {}); remove it first (`vmo log rm --absence {}`) or pick other dates",
            a.id, a.from, a.to, a.id
        )));
    }
    let mut preview = crate::plan::adapt::Absence {
        id: ctx.log.absences.iter().map(|a| a.id).max().unwrap_or(0) + 1,
        from,
        to,
        reason: reason.map(str::to_string),
    };
    ctx.log.absences.push(preview.clone());
    let after = plan(&ctx.log)?;
    ctx.log.absences.pop();
    let away: Vec<String> = after
        .weeks
        .iter()
        .flat_map(|w| &w.sessions)
        .filter(|s| super::away::is_away(s) && preview.covers(s.date))
        .map(|s| format!("{} {}", s.weekday.title(), s.date))
        .collect();
    let taken = match away.len() {
        0 => "no session of the plan falls in it".to_string(),
        1 => format!("1 session away: {}", away[0]),
        n => format!("{n} sessions away: {}", away.join(", ")),
    };
    if from == to && away.is_empty() {
        // `--date` in the future: one day, which must be a session's.
        planned(before, from, "--date ")?;
    }
    let report = for_client(changes(before, &after, to), ctx);
    if dry_run {
        println!(
            "would record a planned absence {from} to {to}{}: {taken}",
            words_reason(reason)
        );
        print!("{report}");
        return Ok(());
    }
    let mut store = Store::open(&ctx.path)?;
    preview.id = store.add_absence(from, to, reason, ctx.today)?;
    eprintln!(
        "vmo: planned absence {} recorded, {from} to {to}{}: {taken}",
        preview.id,
        words_reason(reason)
    );
    eprint!("{report}");
    Ok(())
}

/// ` (“holiday”)`, or nothing.
fn words_reason(reason: Option<&str>) -> String {
    reason
        .map(|r| format!(" (“{}”)", crate::visible::visible(r)))
        .unwrap_or_default()
}

fn morning_after(
    date: Option<NaiveDate>,
    pain: f64,
    symptoms: Symptoms,
    dry_run: bool,
    ctx: &mut Context,
    plan: impl Fn(&LogData) -> Result<Plan>,
) -> Result<()> {
    let done = ctx.log.entries.iter().filter(|e| e.status == Status::Done);
    let target = match date {
        Some(d) => done.filter(|e| e.date == d).max_by_key(|e| e.id).ok_or_else(|| {
            input_error(format!(
                "--morning-after: no session done on {d} is logged; log it with `vmo done --date {d}` first"
            ))
        })?,
        None => done.max_by_key(|e| (e.date, e.id)).ok_or_else(|| {
            input_error(
                "--morning-after: nothing is logged yet; log a session with `vmo done` first",
            )
        })?,
    };
    let target = target.clone();
    // Without --date the report is about last night's session: a morning days later is
    // not "the morning after" (its pain would land on a session it may have nothing to do
    // with, and change what that session said).
    if date.is_none() && (ctx.today - target.date).num_days() > 1 {
        return Err(input_error(format!(
            "--morning-after: the last session done was on {} ({} days ago), so this is not the morning after it; pass --date {} to add it to that session anyway",
            target.date,
            (ctx.today - target.date).num_days(),
            target.date
        )));
    }
    // A morning report never takes back a worse one: the worst morning stands (a red
    // flag or a flare is answered by a clinician or by settled sessions, not by a
    // better morning logged over it; `log edit` corrects a mistake).
    let kept = target.pain_morning.filter(|p| *p > pain);
    let before = plan(&ctx.log)?;
    // A symptom noticed the next morning is added; one logged with the session stays.
    let change = |e: &mut Entry| {
        e.pain_morning = Some(e.pain_morning.map_or(pain, |p| p.max(pain)));
        e.symptoms.swelling |= symptoms.swelling;
        e.symptoms.locking |= symptoms.locking;
        e.symptoms.giving_way |= symptoms.giving_way;
        e.symptoms.night_pain |= symptoms.night_pain;
    };
    if let Some(e) = ctx.log.entries.iter_mut().find(|e| e.id == target.id) {
        change(e);
    }
    let after = plan(&ctx.log)?;
    let report = for_client(changes(&before, &after, target.date), ctx);
    if dry_run {
        print!("{report}");
        return Ok(());
    }
    let mut store = Store::open(&ctx.path)?;
    // Changed as the log holds it now: the plan's copy may lack its note (only the notes
    // a plan shows are read), which an update must keep.
    let missing = || {
        input_error(format!(
            "log entry {} was removed meanwhile; nothing changed",
            target.id
        ))
    };
    let mut changed = store.get(target.id)?.ok_or_else(missing)?;
    change(&mut changed);
    if store.update(&changed, false)? == Updated::Missing {
        return Err(missing());
    }
    match kept {
        Some(worse) => eprintln!(
            "vmo: next-morning pain {}/10 noted for the session of {} (id {}); the worse morning logged before, {}/10, stands (a mistake is corrected with `vmo log edit {} --morning N`)",
            crate::units::show_number(pain),
            target.date,
            target.id,
            crate::units::show_number(worse),
            target.id
        ),
        None => eprintln!(
            "vmo: next-morning pain {}/10 added to the session of {} (id {})",
            crate::units::show_number(pain),
            target.date,
            target.id
        ),
    }
    eprint!("{report}");
    Ok(())
}

/// An extra session within the rest rule of a session done: the knee gets no time to
/// recover between them, so say so (the next planned session turns light, below).
fn extra_warning(entries: &[Entry], date: NaiveDate, min_rest_hours: u32) {
    let close = entries
        .iter()
        .filter(|e| e.status == Status::Done && e.date != date)
        .map(|e| e.date)
        .filter(|d| (date - *d).num_hours().abs() < i64::from(min_rest_hours))
        .max();
    if let Some(d) = close {
        super::common::note(&format!(
            "warning: an extra session {} h from the one done on {d}: the knee needs {min_rest_hours} h between squat sessions to recover; extras on rest days add load the plan cannot give back",
            (date - d).num_hours().abs()
        ));
    }
}

fn write_and_explain(
    entry: Entry,
    dry_run: bool,
    ctx: &mut Context,
    before: &Plan,
    plan: impl Fn(&LogData) -> Result<Plan>,
) -> Result<()> {
    let mut preview = entry.clone();
    preview.id = ctx.log.entries.iter().map(|e| e.id).max().unwrap_or(0) + 1;
    ctx.log.entries.push(preview.clone());
    let after = plan(&ctx.log)?;
    ctx.log.entries.pop();
    let report = for_client(changes(before, &after, entry.date), ctx);
    if dry_run {
        println!(
            "would log {}: {}",
            entry.date,
            describe(&preview, before.units)
        );
        print!("{report}");
        return Ok(());
    }
    let mut store = Store::open(&ctx.path)?;
    let id = match store.insert_unless_logged(&entry)? {
        Logged::Added(id) => id,
        Logged::Already(e) => return Err(already_logged(&e)),
    };
    eprintln!(
        "vmo: logged {} (id {id}): {}",
        entry.date,
        describe(&entry, before.units)
    );
    eprint!("{report}");
    Ok(())
}

/// An entry in one line for the terminal: status, reps, load (in `unit`), effort, pain
/// (its note shown with [`crate::visible`]).
pub(crate) fn describe(e: &Entry, unit: crate::units::Unit) -> String {
    let summary = crate::plan::adapt::SessionLog::from(e).summary(unit);
    crate::visible::visible(summary.trim_start_matches("logged: ")).into_owned()
        + if e.extra { " · extra session" } else { "" }
}

/// How the sessions after `from` differ between two plans, one line each with the
/// reasons, or a line saying nothing changed.
pub(crate) fn changes(before: &Plan, after: &Plan, from: NaiveDate) -> String {
    let later = |p: &Plan| -> Vec<Session> {
        p.weeks
            .iter()
            .flat_map(|w| &w.sessions)
            .filter(|s| s.date > from)
            .take(6)
            .cloned()
            .collect()
    };
    let mut out = String::new();
    let after_sessions = later(after);
    let before_sessions = later(before);
    // Sessions gone from the plan (a red flag turns training days into rest days): one
    // line for the run of them, not one each.
    let gone: Vec<&Session> = before_sessions
        .iter()
        .filter(|b| !after_sessions.iter().any(|a| a.date == b.date))
        .collect();
    if let (Some(first), Some(last)) = (gone.first(), gone.last()) {
        let red = after
            .weeks
            .iter()
            .flat_map(|w| &w.recovery_days)
            .any(|r| r.date == first.date && crate::render::text::red_flag(r));
        if red {
            out.push_str(&format!(
                "from {} {} on: rest days, no squats until a clinician has seen the knee (`vmo cleared` once one has)\n",
                first.weekday.title(),
                first.date,
            ));
        } else if gone.len() == 1 {
            out.push_str(&format!(
                "{} {}: {} → rest day\n",
                first.weekday.title(),
                first.date,
                short(&first.prescription, after.units),
            ));
        } else {
            out.push_str(&format!(
                "{} {} to {} {}: {} sessions → rest days\n",
                first.weekday.title(),
                first.date,
                last.weekday.title(),
                last.date,
                gone.len(),
            ));
        }
    }
    // Sessions back in the plan (a clearance turns the rest days of a red flag back into
    // training days): one line for the run of them.
    let back: Vec<&Session> = after_sessions
        .iter()
        .filter(|a| !before_sessions.iter().any(|b| b.date == a.date))
        .collect();
    if let Some(first) = back.first() {
        out.push_str(&format!(
            "from {} {} on: {} session{} back in the plan, the first {}\n",
            first.weekday.title(),
            first.date,
            back.len(),
            if back.len() == 1 { "" } else { "s" },
            short(&first.prescription, after.units),
        ));
    }
    for b in before_sessions {
        let Some(a) = after_sessions.iter().find(|a| a.date == b.date) else {
            continue;
        };
        let b = &b;
        if b.prescription == a.prescription {
            continue;
        }
        let why: Vec<&String> = a
            .notes
            .iter()
            .filter(|n| !b.notes.contains(n) && !n.starts_with("logged: "))
            .collect();
        out.push_str(&format!(
            "{} {}: {} → {}{}\n",
            a.weekday.title(),
            a.date,
            short(&b.prescription, after.units),
            short(&a.prescription, after.units),
            if why.is_empty() {
                String::new()
            } else {
                format!(
                    " ({})",
                    why.iter()
                        .map(|s| crate::visible::visible(s))
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            }
        ));
    }
    if out.is_empty() {
        // A red flag standing pauses the plan: "as planned" would read as "go on".
        let paused = after.knee.as_ref().is_some_and(|k| {
            k.alerts
                .iter()
                .any(|a| a.kind == crate::plan::knee_state::AlertKind::RedFlag)
        });
        out.push_str(if paused {
            "no squats are planned until a clinician has seen the knee (`vmo cleared`)\n"
        } else {
            "the next sessions stay as planned\n"
        });
    }
    out
}

/// `2×11 bodyweight 45° heel 3 cm`, heights and loads in the person's units.
fn short(p: &crate::plan::Prescription, unit: crate::units::Unit) -> String {
    let load = match p.load.kg {
        Some(kg) if kg > 0.0 => format!(" {}", unit.show(kg)),
        _ => String::new(),
    };
    format!(
        "{}×{} {} {:.0}° heel {}{load}",
        p.sets,
        p.reps,
        p.variant,
        p.depth_deg,
        unit.show_height(p.heel_height_cm)
    )
}
