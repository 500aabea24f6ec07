//! What several commands share: the template and plan in force, "today", where output goes.

use std::io;
use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::NaiveDate;

use crate::cli::{ColorChoice, ExportArgs, Format, LoadArgs, OutputArgs, PlanInputs};
use crate::config::{self, LoadFlags, Profile};
use crate::day::{Day, parse_days};
use crate::exit::input_error;
use crate::log::{LogPath, Notes, Origin};
use crate::plan::adapt::LogData;
use crate::plan::{self, Plan, Request};
use crate::render::{self, Style};
use crate::template::Template;
use crate::visible::quoted;
use crate::{output, source};

/// Sends data where `-o`/`--force` say.
pub(crate) fn emit(out: &OutputArgs, bytes: &[u8]) -> Result<()> {
    output::emit(out.output.as_deref(), out.force, bytes)
}

/// Data text (CSV) as it may reach a terminal: on one, characters from data a terminal
/// would act on are shown visibly (line breaks kept); to a file or a pipe it is exact.
pub(crate) fn for_terminal(out: &OutputArgs, text: String) -> String {
    use std::io::IsTerminal;
    if to_stdout(out) && io::stdout().is_terminal() {
        crate::visible::visible_text(&text).into_owned()
    } else {
        text
    }
}

/// [`for_terminal`] for text written a piece at a time: on a terminal each line is shown
/// visibly as it completes; to a file or a pipe the bytes pass as they are.
pub(crate) struct TerminalText<'w> {
    w: &'w mut dyn io::Write,
    terminal: bool,
    line: Vec<u8>,
}

impl<'w> TerminalText<'w> {
    pub(crate) fn new(out: &OutputArgs, w: &'w mut dyn io::Write) -> TerminalText<'w> {
        use std::io::IsTerminal;
        TerminalText {
            w,
            terminal: to_stdout(out) && io::stdout().is_terminal(),
            line: Vec::new(),
        }
    }

    fn write_line(&mut self) -> io::Result<()> {
        let text = String::from_utf8_lossy(&self.line);
        self.w
            .write_all(crate::visible::visible_text(&text).as_bytes())?;
        self.line.clear();
        Ok(())
    }
}

impl io::Write for TerminalText<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.terminal {
            return self.w.write(buf);
        }
        for part in buf.split_inclusive(|b| *b == b'\n') {
            self.line.extend_from_slice(part);
            if part.ends_with(b"\n") {
                self.write_line()?;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.line.is_empty() {
            self.write_line()?;
        }
        self.w.flush()
    }
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

/// Prints a note to stderr (never to stdout: that is for data), one line: any control
/// character in it (from a note, a template, a path) is shown visibly.
pub(crate) fn note(msg: &str) {
    if QUIET.load(std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    // Commands that build the plan twice (before and after a change) say each note once.
    static SAID: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let mut said = SAID.lock().unwrap_or_else(|e| e.into_inner());
    if said.iter().any(|s| s == msg) {
        return;
    }
    said.push(msg.to_string());
    let line = format!("vmo: {}", crate::visible::visible(msg));
    match stderr_width() {
        Some(w) => eprint!("{}", render::layout::wrap_lines(&line, w)),
        None => eprintln!("{line}"),
    }
}

static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// From now on [`note`] says nothing (`vmo clients` builds many plans; its rows speak).
pub(crate) fn quiet() {
    QUIET.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// The width of the terminal stderr goes to (`COLUMNS` first, as for stdout), or `None`
/// when stderr is a pipe or a file: logs of a run keep one line per note.
fn stderr_width() -> Option<usize> {
    use std::io::IsTerminal;
    let columns = std::env::var("COLUMNS").ok();
    terminal_width(io::stderr().is_terminal(), columns.as_deref(), || {
        #[cfg(unix)]
        {
            if let Ok(ws) = rustix::termios::tcgetwinsize(std::io::stderr())
                && ws.ws_col > 0
            {
                return Some(usize::from(ws.ws_col));
            }
        }
        None
    })
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
    load_template_from(flag, profile, &mut io::stdin().lock())
}

/// [`load_template`] with `-` read from `stdin`.
pub(crate) fn load_template_from(
    flag: Option<&str>,
    profile: &Profile,
    stdin: &mut dyn io::Read,
) -> Result<Template> {
    let spec = template_spec(flag, profile);
    let loaded = source::load(&spec, stdin);
    match (flag, &profile.values.template, loaded) {
        (None, Some(_), Err(e)) if !e.is::<crate::template::TemplateError>() => Err(input_error(
            format!("{}: template = {}: {e:#}", profile.origin(), quoted(&spec)),
        )),
        (_, _, result) => result,
    }
}

/// The rest rules `plan` applies to training days (the same call as in
/// [`plan::generate`]), so a day set is refused before it is stored.
pub(crate) fn check_days(days: &[Day], template: &Template) -> Result<(), String> {
    plan::classify(
        days,
        template.recovery.min_rest_hours,
        template.light_session.is_some(),
    )
    .map(|_| ())
}

/// Checks every value of a profile as the commands that read it would, so `init` and
/// `config set` never write a profile that later commands refuse.
pub(crate) fn check_profile(profile: &Profile) -> Result<()> {
    config::resolve_loads(&LoadFlags::default(), profile)?;
    config::resolve_weeks(None, profile)?;
    profile.parse("start", &profile.values.start, crate::cli::parse_date)?;
    calendar_profile(profile)?;
    config::resolve_client(None, profile)?;
    let template = load_template_from(None, profile, &mut io::empty())?;
    let raw = &profile.values.days;
    if let Some(days) = profile.parse("days", raw, parse_days)? {
        check_days(&days, &template).map_err(|e| {
            input_error(format!(
                "{}: days = {}: {e}",
                profile.origin(),
                quoted(raw.as_deref().unwrap_or_default())
            ))
        })?;
    }
    Ok(())
}

/// The profile's calendar settings, parsed like their flags.
#[derive(Debug, Default)]
pub(crate) struct CalendarProfile {
    pub at: Option<chrono::NaiveTime>,
    pub duration: Option<u32>,
    pub tz: Option<chrono_tz::Tz>,
    pub remind: Option<u32>,
}

/// Parses the profile's `at`, `duration`, `tz` and `remind`; a bad one is reported whatever
/// the output format, not only for ics.
pub(crate) fn calendar_profile(profile: &Profile) -> Result<CalendarProfile> {
    use crate::duration::{parse_minutes, parse_time_of_day, parse_tz};
    let v = &profile.values;
    Ok(CalendarProfile {
        at: profile.parse("at", &v.at, parse_time_of_day)?,
        duration: profile.parse("duration", &v.duration, parse_minutes)?,
        tz: profile.parse("tz", &v.tz, parse_tz)?,
        remind: profile.parse("remind", &v.remind, parse_minutes)?,
    })
}

/// The plan adapted to `log` (unless `--no-adapt`).
pub(crate) fn make_plan(
    template: &Template,
    inputs: &PlanInputs,
    profile: &Profile,
    log: &LogData,
) -> Result<Plan> {
    Ok(make_plan_for(template, inputs, profile, log, None, true)?.0)
}

/// [`make_plan`] for the state before a change the command is about to record: its
/// alerts are not announced (`vmo cleared` printed "stop squatting" while recording
/// that a clinician had seen the knee).
pub(crate) fn make_plan_before(
    template: &Template,
    inputs: &PlanInputs,
    profile: &Profile,
    log: &LogData,
) -> Result<Plan> {
    Ok(make_plan_for(template, inputs, profile, log, None, false)?.0)
}

/// The training log's path, for the client in force (`--client`/`VMO_CLIENT`, else the
/// profile's `client`):
///
/// - `--db FILE` on the command line is used as given;
/// - a standing location, `VMO_DB` or the profile's `db`, is the log of the client set
///   beside it (`VMO_CLIENT`, else the profile's `client`; the profile's `db` goes with the
///   profile's `client`), or of nobody in particular when none is;
/// - a client named who is not that one gets their own log under `$XDG_DATA_HOME`, as
///   does everyone when nothing says where (`None` when there is no home to put it in).
///
/// So a coach whose profile or shell points at their own log still reaches each client's
/// log with `--client`, and never logs one client's session in another's. The path carries
/// where it came from, so messages name it as the person set it.
pub(crate) fn db_path(
    flag: Option<&Path>,
    profile: &Profile,
    client: Option<&str>,
) -> Result<Option<LogPath>> {
    let env = |k: &str| std::env::var_os(k);
    db_path_in(flag, profile, client, &env)
}

/// The profile's `db` as a path: `~/…` is in HOME, and a relative path is relative to
/// the profile's folder (not to wherever vmo runs, which split one log into several).
fn profile_db(
    db: &str,
    profile: &Profile,
    env: &dyn Fn(&str) -> Option<std::ffi::OsString>,
) -> Result<PathBuf> {
    let shown = || {
        format!(
            "{}: db = {}",
            profile.origin(),
            crate::visible::visible(&config::shorten(db))
        )
    };
    if db == "~" || (db.starts_with('~') && !db.starts_with("~/")) {
        return Err(crate::exit::input_error(format!(
            "{}: only ~/ (your home folder) is understood, not ~user; give the full path",
            shown()
        )));
    }
    if let Some(rest) = db.strip_prefix("~/") {
        let home = env("HOME").filter(|h| !h.is_empty()).ok_or_else(|| {
            crate::exit::input_error(format!(
                "{}: HOME is not set, so ~/ means nothing; give the full path",
                shown()
            ))
        })?;
        return Ok(PathBuf::from(home).join(rest));
    }
    let path = PathBuf::from(db);
    Ok(match profile.path.as_deref().and_then(Path::parent) {
        Some(dir) if path.is_relative() => dir.join(path),
        _ => path,
    })
}

/// `path`, which output from now on never replaces.
fn protected(path: LogPath) -> LogPath {
    output::protect(&path, format!("the training log ({})", path.display()));
    path
}

fn db_path_in(
    flag: Option<&Path>,
    profile: &Profile,
    client: Option<&str>,
    env: &dyn Fn(&str) -> Option<std::ffi::OsString>,
) -> Result<Option<LogPath>> {
    let named = config::resolve_client(client, profile)?;
    let env_client = env("VMO_CLIENT").and_then(|c| c.into_string().ok());
    let env_db = env("VMO_DB").filter(|v| !v.is_empty()).map(PathBuf::from);
    // `flag` is only ever a `--db` typed on the command line (never `VMO_DB`, which clap
    // gives as the same value): it is used as given, whatever `VMO_DB` says.
    if let Some(f) = flag {
        return Ok(Some(protected(LogPath::flag(f).for_client(named))));
    }
    let standing = match env_db {
        Some(f) => Some((
            LogPath::new(f, Origin::Env),
            env_client.or_else(|| profile.values.client.clone()),
        )),
        None => match &profile.values.db {
            Some(d) => Some((
                LogPath::new(profile_db(d, profile, env)?, Origin::Profile),
                profile.values.client.clone(),
            )),
            None => None,
        },
    };
    if let Some((path, owner)) = standing
        && named == owner
    {
        return Ok(Some(protected(path.for_client(named.clone()))));
    }
    // (A client's folder gets its name file when the log is first written, never on a read.)
    let path = crate::log::default_path(&env, named.as_deref())?;
    let origin = match named {
        Some(c) => Origin::Client(c),
        None => Origin::Default,
    };
    Ok(path.map(|p| protected(LogPath::new(p, origin))))
}

/// Today at an edge without plan flags: `VMO_TODAY` (as `--today` reads it), else the clock.
pub(crate) fn today_from_env() -> Result<NaiveDate> {
    match std::env::var("VMO_TODAY") {
        Ok(v) if !v.is_empty() => crate::cli::parse_date(&v)
            .map_err(|e| input_error(format!("VMO_TODAY={}: {e}", quoted(&v)))),
        _ => Ok(chrono::Local::now().date_naive()),
    }
}

/// Records in the log that the plan is made from `after` from `from` on, where it was
/// made from `before` (see [`crate::timeline`]), so the weeks before keep what they were
/// planned with. Only when the plan has a past to keep: its log exists, or its `start` is
/// before `from`. Returns what to tell the person, when something was recorded.
pub(crate) fn record_change(
    before: &Profile,
    after: &Profile,
    from: NaiveDate,
    today: NaiveDate,
    db: Option<&Path>,
) -> Result<Option<String>> {
    if crate::timeline::same_plan(&before.values, &after.values) {
        return Ok(None);
    }
    let Some(path) = db_path(db, after, None)? else {
        return Ok(None);
    };
    let start = after
        .parse("start", &after.values.start, crate::cli::parse_date)?
        .or(before
            .parse("start", &before.values.start, crate::cli::parse_date)
            .ok()
            .flatten());
    let exists = crate::log::Store::open_existing(&path)?.is_some();
    if !exists && start.is_none_or(|s| s >= from) {
        return Ok(None);
    }
    let mut store = crate::log::Store::open(&path)?;
    let recorded = store.record_plan_change(&before.values, &after.values, from, today)?;
    Ok(recorded.then(|| {
        format!(
            "the plan changes from {from} on; the days before keep what they were planned with (`vmo config history`)"
        )
    }))
}

/// Every entry of the log at `path`, with the notes `notes` asks for; empty when there is
/// no log yet (reading never creates one). Once a log is read, every file the command
/// writes is owner-only.
pub(crate) fn read_log(path: Option<&LogPath>, notes: Notes) -> Result<LogData> {
    let Some(p) = path else {
        return Ok(LogData::default());
    };
    let Some(store) = crate::log::Store::open_existing(p)? else {
        return Ok(LogData::default());
    };
    let log = LogData {
        entries: store.entries_with(notes)?,
        events: store.events()?,
        absences: store.absences()?,
        changes: store.plan_changes()?,
    };
    // What this command writes from here on may carry the log's data.
    output::holds_log_data();
    Ok(log)
}

/// The log a plan-building command adapts to, with the notes `notes` asks for (see
/// [`plan_notes`]): none with `--no-adapt`.
pub(crate) fn log_for(
    inputs: &PlanInputs,
    db: Option<&Path>,
    profile: &Profile,
    notes: Notes,
) -> Result<LogData> {
    let path = db_path(db, profile, inputs.client.as_deref())?;
    if inputs.no_adapt {
        // Not adapted to the log, but still on its timeline: the weeks before a change
        // keep the days they were planned with.
        // (A log that cannot be read gives none: this plan does not depend on it.)
        let changes = path
            .as_ref()
            .and_then(|p| crate::log::Store::open_existing(p).ok().flatten())
            .and_then(|store| store.plan_changes().ok())
            .unwrap_or_default();
        return Ok(LogData {
            changes,
            ..LogData::default()
        });
    }
    read_log(path.as_ref(), notes)
}

/// The notes a plan shows: those of its sessions, the planned entries in its weeks (from
/// the week of `from` on, when given; two weeks of slack before). The fold itself never
/// reads a note, so a long log's notes (up to 4 KB each) stay on disk. Every note when
/// the start or the length is bad: the plan refuses them, in its own order.
pub(crate) fn plan_notes(inputs: &PlanInputs, profile: &Profile, from: Option<NaiveDate>) -> Notes {
    let (Ok(start), Ok(weeks)) = (
        plan_start(inputs, profile),
        config::resolve_weeks(inputs.weeks, profile),
    ) else {
        return Notes::All;
    };
    let first = from.map_or(start, |f| f.max(start));
    // The first session falls within a week of `start`; a week of slack after the end.
    let last = start.checked_add_days(chrono::Days::new(7 * (u64::from(weeks) + 2)));
    Notes::Planned(
        first
            .checked_sub_days(chrono::Days::new(14))
            .unwrap_or(NaiveDate::MIN),
        last.unwrap_or(NaiveDate::MAX),
    )
}

/// The plan's start: `--start`, else the profile's, else today.
pub(crate) fn plan_start(inputs: &PlanInputs, profile: &Profile) -> Result<NaiveDate> {
    Ok(match inputs.start {
        Some(d) => d,
        None => profile
            .parse("start", &profile.values.start, crate::cli::parse_date)?
            .unwrap_or_else(|| today(inputs)),
    })
}

/// The plan in force (adapted to `log`), named for its client, and its identity: the
/// start of every calendar UID (see [`render::ics::plan_id`]). `template_flag` tells a
/// built-in from a user's template of the same name.
pub(crate) fn named_plan(
    template_flag: Option<&str>,
    template: &Template,
    inputs: &PlanInputs,
    profile: &Profile,
    log: &LogData,
    from: Option<NaiveDate>,
) -> Result<(Plan, String)> {
    let client = config::resolve_client(inputs.client.as_deref(), profile)?;
    let (mut plan, request) = make_plan_for(template, inputs, profile, log, from, true)?;
    // The plan's identity is fixed when it starts: a later change of template (see
    // `config history`) updates its events rather than starting a second calendar.
    let first = crate::timeline::periods(profile, &log.changes)
        .swap_remove(0)
        .1;
    let spec = template_spec(template_flag, &first);
    let first_name = match crate::template::builtin(&spec) {
        Some(_) => None,
        None if spec == template_spec(template_flag, profile) => None,
        None => source::load(&spec, &mut io::empty()).ok().map(|t| t.name),
    };
    let name = match crate::template::builtin(&spec) {
        Some(b) if spec != "-" => b.name,
        _ => first_name.as_deref().unwrap_or(template.name.as_str()),
    };
    let kind = if spec != "-" && crate::template::builtin(&spec).is_some() {
        render::ics::TemplateId::Builtin(name)
    } else {
        render::ics::TemplateId::User(name)
    };
    let id = render::ics::plan_id(kind, request.start, client.as_deref());
    plan.client = client;
    Ok((plan, id))
}

/// The plan and the request it was made from (whose athlete `check` needs). With a log,
/// weeks ending before `from` are replayed but left out (see [`plan::adapt::Log::from`]).
pub(crate) fn make_plan_for(
    template: &Template,
    inputs: &PlanInputs,
    profile: &Profile,
    log: &LogData,
    from: Option<NaiveDate>,
    announce: bool,
) -> Result<(Plan, Request)> {
    let loads = config::resolve_loads(&load_flags(&inputs.loads), profile)?;
    for n in &loads.notes {
        note(n);
    }
    let days_of = |p: &Profile| -> Result<Option<Vec<Day>>> {
        Ok(match &inputs.days {
            Some(d) => Some(d.0.clone()),
            None => p.parse("days", &p.values.days, parse_days)?,
        })
    };
    // The settings over time: each stretch is planned with what held then (flags, for
    // one run, hold for every stretch).
    let periods = crate::timeline::periods(profile, &log.changes);
    let mut stretches = Vec::with_capacity(periods.len());
    for (from, p) in &periods {
        let athlete = if p == profile {
            loads.athlete.clone()
        } else {
            config::resolve_loads(&load_flags(&inputs.loads), p)?.athlete
        };
        stretches.push((*from, days_of(p)?, athlete));
    }
    let (_, first_days, first_athlete) = stretches.remove(0);
    let mut changes: Vec<plan::Change> = Vec::new();
    let (mut last_days, mut last_athlete) = (&first_days, &first_athlete);
    for (from, days, athlete) in &stretches {
        if days != last_days || athlete != last_athlete {
            changes.push(plan::Change {
                from: *from,
                days: days.clone(),
                athlete: athlete.clone(),
            });
        }
        (last_days, last_athlete) = (days, athlete);
    }
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
    let start = plan_start(inputs, profile)?;
    let weeks = config::resolve_weeks(inputs.weeks, profile)?;
    let request = Request {
        weeks,
        start,
        days: first_days,
        athlete: first_athlete,
        unit: loads.unit,
        changes,
        rides: ride_calendar(inputs, profile, start, weeks)?,
    };
    let build = |template: &Template| -> Result<Plan> {
        Ok(if log.is_empty() || inputs.no_adapt {
            plan::generate(template, &request)?
        } else {
            let generate = |entries: &[crate::plan::adapt::Entry]| {
                let log = plan::adapt::Log {
                    entries,
                    events: &log.events,
                    today: today(inputs),
                    from,
                };
                plan::generate_with_log(template, &request, Some(log))
            };
            let plan = generate(&log.entries)?;
            super::away::plan_with(plan, log, generate)?
        })
    };
    let mut plan = build(template)?;
    // A coach reads a client's alerts: the command they name must reach that client.
    if let Some(c) = config::resolve_client(inputs.client.as_deref(), profile)? {
        name_client_in_commands(&mut plan, &c);
    }
    // A change of template from a date on: the days before it are the earlier template's
    // plan (only when the template in use is the profile's: `--template` is one run's).
    if periods.len() > 1 && in_use_is_profiles(template, profile) {
        let spec = |p: &Profile| template_spec(None, p);
        for i in (1..periods.len()).rev() {
            let (until, now) = (&periods[i].0, &periods[i].1);
            let earlier = &periods[i - 1].1;
            if spec(earlier) == spec(now) {
                continue;
            }
            let t = source::load(&spec(earlier), &mut io::empty()).map_err(|e| {
                input_error(format!(
                    "template = {} held until {until} (`vmo config history`) and no longer loads: {e:#}",
                    quoted(&spec(earlier))
                ))
            })?;
            plan::splice_before(&mut plan, build(&t)?, *until);
        }
    }
    // Announced here, the one place every plan-building command passes through.
    if announce {
        for n in &plan.notices {
            note(&format!("note: {n}"));
        }
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
            "note: phase {} shows loads relative to body mass or 1RM: loads in {} need --bodyweight (for × BW), --one-rep-max or --test (for % 1RM), and a target no lighter than the lightest load available",
            relative.join(", "),
            plan.units
        ));
    }
    Ok((plan, request))
}

/// The person's own rides and runs for the plan's weeks (and the week before, which the
/// running guard compares the first with): from `--rides`, else the profile's `rides`,
/// none with `--no-rides`. Feeds come from the cache in the data folder when it is under
/// 6 hours old (see [`crate::rides::load`]); what is offline is said on stderr.
fn ride_calendar(
    inputs: &PlanInputs,
    profile: &Profile,
    start: NaiveDate,
    weeks: u32,
) -> Result<plan::rides::RideCalendar> {
    let args = &inputs.rides;
    let spare_days = match &args.spare_days {
        Some(d) => d.0.clone(),
        None => profile
            .parse("spare_days", &profile.values.spare_days, parse_days)?
            .unwrap_or_default(),
    };
    let cal = calendar_profile(profile)?;
    // The squats' time and zone: this run's --at/--tz, else VMO_AT/VMO_TZ (commands
    // without those flags read them too), else the profile's.
    use crate::duration::{parse_time_of_day, parse_tz};
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let at = match (args.at, env("VMO_AT")) {
        (Some(t), _) => Some(t),
        (None, Some(v)) => Some(
            parse_time_of_day(&v)
                .map_err(|e| input_error(format!("VMO_AT={}: {e}", quoted(&v))))?,
        ),
        (None, None) => cal.at,
    };
    let tz = match (args.tz, env("VMO_TZ")) {
        (Some(z), _) => Some(z),
        (None, Some(v)) => {
            Some(parse_tz(&v).map_err(|e| input_error(format!("VMO_TZ={}: {e}", quoted(&v))))?)
        }
        (None, None) => cal.tz,
    };
    let mut out = plan::rides::RideCalendar {
        rides: Vec::new(),
        spare_days,
        at,
    };
    if args.no_rides {
        return Ok(out);
    }
    let sources: Vec<crate::rides::Source> = if args.rides.is_empty() {
        // A relative path in the profile is relative to the profile's folder, as `db` is.
        let base = profile.path.as_deref().and_then(Path::parent);
        profile
            .values
            .rides
            .iter()
            .flatten()
            .map(|s| crate::rides::Source {
                location: profile_source(s, base),
                label: format!(
                    "{}: rides = {}",
                    profile.origin(),
                    quoted(&crate::rides::fetch::redacted(s))
                ),
            })
            .collect()
    } else {
        args.rides
            .iter()
            .map(|s| crate::rides::Source::flag(s))
            .collect()
    };
    if sources.is_empty() {
        return Ok(out);
    }
    let env = |k: &str| std::env::var_os(k);
    let cache = crate::log::data_dir(&env).map(|d| d.join("rides"));
    let from = start - chrono::Days::new(7);
    let to = start + chrono::Days::new(7 * (u64::from(weeks) + 1) + 3);
    let loaded = crate::rides::load(
        &sources,
        &crate::rides::LoadOptions {
            cache_dir: cache.as_deref(),
            now: chrono::Utc::now(),
            refresh: args.refresh,
            tz: tz.unwrap_or(chrono_tz::UTC),
            from,
            to,
        },
    )?;
    for n in &loaded.notes {
        note(&format!("note: {n}"));
    }
    out.rides = loaded.rides;
    Ok(out)
}

/// A `rides` entry of the profile as a source: URLs as written, `~/` in HOME, a relative
/// path in the profile's folder.
fn profile_source(s: &str, base: Option<&Path>) -> String {
    let lower = s.to_ascii_lowercase();
    if ["http://", "https://", "webcal://"]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        return s.to_string();
    }
    if let Some(rest) = s.strip_prefix("~/")
        && let Some(home) = std::env::var_os("HOME")
    {
        return Path::new(&home).join(rest).display().to_string();
    }
    match base {
        Some(b) if Path::new(s).is_relative() => b.join(s).display().to_string(),
        _ => s.to_string(),
    }
}

/// `text` with the commands it tells the person to run (`vmo cleared`, `vmo acknowledge`)
/// carrying `--client NAME` (shell-quoted): copied as shown, they reach the client's log,
/// not the coach's own. The one place that says how; plans, `today` and `done` use it.
pub(crate) fn with_client(text: &str, client: &str) -> String {
    let mut out = text.to_string();
    for cmd in ["vmo cleared", "vmo acknowledge"] {
        let plain = format!("`{cmd}`");
        if out.contains(&plain) {
            let named = format!(
                "`{cmd} --client {}`",
                crate::log::clients::shell_word(client)
            );
            out = out.replace(&plain, &named);
        }
    }
    out
}

/// [`with_client`] on every text of the plan that can name a command.
fn name_client_in_commands(plan: &mut Plan, client: &str) {
    let fix = |s: &mut String| *s = with_client(s, client);
    let alerts = |a: &mut Vec<crate::plan::knee_state::Alert>| {
        for x in a.iter_mut() {
            fix(&mut x.message);
        }
    };
    for w in &mut plan.weeks {
        for s in &mut w.sessions {
            s.notes.iter_mut().for_each(fix);
            alerts(&mut s.alerts);
        }
        for r in &mut w.recovery_days {
            fix(&mut r.guidance);
            alerts(&mut r.alerts);
        }
    }
    plan.notices.iter_mut().for_each(fix);
    if let Some(k) = plan.knee.as_mut() {
        alerts(&mut k.alerts);
    }
}

/// True when `template` is the one the profile names (not a `--template` for one run).
fn in_use_is_profiles(template: &Template, profile: &Profile) -> bool {
    let spec = template_spec(None, profile);
    match crate::template::builtin(&spec) {
        Some(_) => template.name == spec,
        None => source::load(&spec, &mut io::empty()).is_ok_and(|t| t.name == template.name),
    }
}

/// Display settings for the table: colour as `--color` and `NO_COLOR` say, and on a
/// terminal its width (see [`terminal_width`]), which picks the layout.
pub(crate) fn style(color: ColorChoice, to_terminal: bool, hide_recovery: bool) -> Style {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && !no_color,
    };
    let columns = std::env::var("COLUMNS").ok();
    Style {
        color,
        hide_recovery,
        width: terminal_width(to_terminal, columns.as_deref(), terminal_columns),
        today: None,
    }
}

/// Columns of the terminal on stdout: its window size, even when it reports no rows (a
/// pty after `stty cols 80` alone says 0 rows, and terminal_size then says nothing).
pub(crate) fn terminal_columns() -> Option<usize> {
    #[cfg(unix)]
    {
        if let Ok(ws) = rustix::termios::tcgetwinsize(std::io::stdout())
            && ws.ws_col > 0
        {
            return Some(usize::from(ws.ws_col));
        }
    }
    terminal_size::terminal_size().map(|(w, _)| usize::from(w.0))
}

/// `text` wrapped for the terminal `out` goes to (unchanged when it goes to a pipe or a
/// file, or the width is unknown), for the one-day texts of `today`, `next` and `why`.
pub(crate) fn fit_terminal(text: String, out: &OutputArgs) -> String {
    use std::io::IsTerminal;
    let columns = std::env::var("COLUMNS").ok();
    let width = terminal_width(
        to_stdout(out) && io::stdout().is_terminal(),
        columns.as_deref(),
        terminal_columns,
    );
    match width {
        Some(w) => render::layout::wrap_lines(&text, w),
        None => text,
    }
}

/// The width of the terminal the output goes to: `COLUMNS` when it is a positive number
/// (as `ls` reads it), else what the terminal says. `None` when the output is not a
/// terminal, so piped output never depends on the window it was typed in.
pub(crate) fn terminal_width(
    to_terminal: bool,
    columns: Option<&str>,
    ask: impl FnOnce() -> Option<usize>,
) -> Option<usize> {
    if !to_terminal {
        return None;
    }
    match columns.and_then(|c| c.trim().parse::<usize>().ok()) {
        Some(c) if c > 0 => Some(c),
        _ => ask().filter(|w| *w > 0),
    }
}

/// When output is made: `SOURCE_DATE_EPOCH` (whole seconds since 1970, for reproducible
/// output) or else the clock.
pub(crate) fn generated_at() -> Result<chrono::DateTime<chrono::Utc>> {
    Ok(match std::env::var("SOURCE_DATE_EPOCH") {
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
    })
}

/// Calendar settings from the flags, with `DTSTAMP` from [`generated_at`].
pub(crate) fn ics_options(
    export: &ExportArgs,
    profile: &Profile,
    plan_id: &str,
) -> Result<render::ics::IcsOptions> {
    let kept = calendar_profile(profile)?;
    let at = export.at.or(kept.at);
    // A profile's length and zone wait for a time of day (`--at` or the profile's): with
    // all-day events they mean nothing, and the profile outlives any one export.
    let (duration, tz) = match at {
        Some(_) => (export.duration.or(kept.duration), export.tz.or(kept.tz)),
        None => (export.duration, export.tz),
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
    let dtstamp = generated_at()?;
    Ok(render::ics::IcsOptions {
        at,
        duration_minutes: duration,
        tz,
        remind_minutes: export.remind.or(kept.remind),
        include_recovery: export.include_recovery,
        dtstamp: chrono::DateTime::from_timestamp(dtstamp.timestamp(), 0).unwrap_or(dtstamp),
        plan_id: plan_id.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_width_is_columns_then_the_terminal_and_never_for_a_pipe() {
        let ask = || Some(132);
        assert_eq!(terminal_width(true, Some("80"), ask), Some(80));
        assert_eq!(terminal_width(true, Some(" 100 "), ask), Some(100));
        assert_eq!(terminal_width(true, None, ask), Some(132));
        for junk in ["", "0", "-5", "wide", "80x"] {
            assert_eq!(terminal_width(true, Some(junk), ask), Some(132), "{junk:?}");
        }
        assert_eq!(terminal_width(true, None, || None), None);
        assert_eq!(terminal_width(true, None, || Some(0)), None);
        // Piped output keeps the plain layout whatever COLUMNS says.
        assert_eq!(terminal_width(false, Some("80"), ask), None);
    }
}
