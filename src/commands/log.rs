//! `vmo log`: list, show, edit, remove, export and import training-log entries.

use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};

use super::common::{db_path, emit, note, read_log};
use super::done::{WhatHappened, describe, within_limits};
use crate::cli::{OutputArgs, parse_date};
use crate::config::Profile;
use crate::exit::input_error;
use crate::log::exchange::{self, Row};
use crate::log::parse::parse_pain;
use crate::log::parse::{check_date, check_not_after};
use crate::log::{LogPath, Store, Updated};
use crate::plan::adapt::Entry;
use crate::plan::knee_state::{KneeEvent, KneeEventKind};
use crate::units::{Unit, show_number};
use crate::visible::visible;

/// Output formats of `vmo log list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ListFormat {
    /// Aligned text.
    #[default]
    Table,
    /// A JSON array of entries (see docs/json.md).
    Json,
    /// vmo's log CSV (see docs/csv.md).
    Csv,
}

/// Formats `vmo log export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ExportFormat {
    /// vmo's log CSV.
    #[default]
    Csv,
    /// A JSON array of entries.
    Json,
}

/// `vmo log` actions.
#[derive(Debug, Subcommand)]
pub enum LogAction {
    /// List entries, oldest first.
    #[command(after_help = "Examples:
  vmo log list
  vmo log list --from 2026-12-01 --to 2026-12-31
  vmo log list --format json | jq '.[] | select(.pain_during > 2) | .date'")]
    List {
        /// First date to list (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date, allow_hyphen_values = true)]
        from: Option<NaiveDate>,
        /// Last date to list (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date, allow_hyphen_values = true)]
        to: Option<NaiveDate>,
        /// table, json or csv.
        #[arg(short, long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// Where the list goes.
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Show one entry.
    #[command(after_help = "Examples:
  vmo log show 3
  vmo log show 3 --format json")]
    Show {
        /// Entry id (see `vmo log list`).
        id: i64,
        /// table (text) or json.
        #[arg(short, long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Change an entry: only the flags given change.
    #[command(after_help = "Examples:
  vmo log edit 3 --pain 2
  vmo log edit 3 --reps 12,12,10 --note \"felt easy\"
  vmo log edit 3 --morning 1")]
    Edit(EditArgs),
    /// Remove an entry.
    #[command(after_help = "Examples:
  vmo log rm 3
  vmo log rm 7 --force                 a red flag logged by mistake")]
    Rm {
        /// Entry id.
        id: i64,
        /// Remove an entry that raised a red flag no clinician has cleared (logged by
        /// mistake); without it vmo refuses, so a red flag cannot vanish unseen.
        #[arg(long)]
        force: bool,
    },
    /// Write the whole log as CSV or JSON (both import back exactly).
    #[command(after_help = "Examples:
  vmo log export -o log.csv
  vmo log export --format json | jq length")]
    Export {
        /// csv or json.
        #[arg(short, long, value_enum, default_value_t = ExportFormat::Csv)]
        format: ExportFormat,
        /// Where the export goes.
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Import a vmo CSV/JSON export or a Strong CSV export (its squat sets); duplicates
    /// are skipped, and a file with any bad row imports nothing.
    #[command(after_help = "Examples:
  vmo log import log.csv
  vmo log import strong_workouts.csv --dry-run")]
    Import {
        /// The file to import.
        file: PathBuf,
        /// Say what would be imported; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

/// `vmo log edit` flags.
#[derive(Debug, Args)]
pub struct EditArgs {
    /// Entry id.
    pub id: i64,
    /// New date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date, allow_hyphen_values = true)]
    pub date: Option<NaiveDate>,
    /// What happened.
    #[command(flatten)]
    pub result: WhatHappened,
    /// Next-morning knee pain, 0–10.
    #[arg(long, value_parser = parse_pain, allow_hyphen_values = true)]
    pub morning: Option<f64>,
    /// The knee did not swell after all.
    #[arg(long, conflicts_with = "swelling")]
    pub no_swelling: bool,
    /// Clear every red-flag symptom of the entry (logged by mistake).
    #[arg(long, conflicts_with_all = ["swelling", "locking", "giving_way", "night_pain"])]
    pub no_symptoms: bool,
    /// Take back a red flag no clinician has cleared (it was logged by mistake); without
    /// it vmo refuses, so a red flag cannot be edited away unseen.
    #[arg(long)]
    pub force: bool,
}

/// Runs a `vmo log` action.
pub(crate) fn run(
    action: LogAction,
    client: Option<&str>,
    today: NaiveDate,
    profile: &Profile,
    db: Option<&Path>,
) -> Result<()> {
    let path = db_path(db, profile, client)?.ok_or_else(|| {
        input_error("cannot tell where the training log is: set HOME, XDG_DATA_HOME or --db")
    })?;
    // VMO_UNITS as every planning command reads it (`--units`' variable), else the
    // profile's: a lb user's log reads in lb.
    let unit = std::env::var("VMO_UNITS")
        .ok()
        .and_then(|u| u.parse().ok())
        .or_else(|| profile.values.units.as_deref().and_then(|u| u.parse().ok()))
        .unwrap_or_default();
    match action {
        LogAction::List {
            from,
            to,
            format,
            output,
        } => {
            if !path.exists() {
                eprintln!(
                    "vmo: no training log at {} yet: `vmo done` starts one",
                    path.display()
                );
            }
            let log = read_log(Some(&path))?;
            let within = |d: NaiveDate| from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t);
            let entries: Vec<Entry> = log.entries.into_iter().filter(|e| within(e.date)).collect();
            let events: Vec<KneeEvent> =
                log.events.into_iter().filter(|e| within(e.date)).collect();
            let text = match format {
                ListFormat::Table => table(&entries, unit) + &events_table(&events),
                ListFormat::Json => exchange::to_json(&entries),
                ListFormat::Csv => super::common::for_terminal(&output, exchange::to_csv(&entries)),
            };
            emit(&output, text.as_bytes())
        }
        LogAction::Show { id, format } => {
            let e = find(&path, id)?;
            let text = match format {
                ListFormat::Json => format!("{}\n", serde_json::to_string_pretty(&Row::from(&e))?),
                ListFormat::Csv => exchange::to_csv(std::slice::from_ref(&e)),
                ListFormat::Table => show(&e, unit),
            };
            emit(&OutputArgs::default(), text.as_bytes())
        }
        LogAction::Edit(args) => edit(&path, args, unit, profile, today),
        LogAction::Rm { id, force } => {
            let e = find(&path, id)?;
            if !force && let Some(why) = unanswered_red_flag(&path, &e, None, profile)? {
                return Err(input_error(format!(
                    "log entry {id} raised a red flag ({why}) that no clinician has cleared: record `vmo cleared` once one has seen the knee, or pass --force if it was logged by mistake"
                )));
            }
            let mut store = Store::open(&path)?;
            store.delete(id)?;
            note(&format!(
                "removed entry {id} ({}: {})",
                e.date,
                describe(&e, unit)
            ));
            Ok(())
        }
        LogAction::Export { format, output } => {
            // The whole log: its entries and its knee events (a clearance restored with
            // the red flag it answered).
            let log = read_log(Some(&path))?;
            let text = match format {
                ExportFormat::Csv => super::common::for_terminal(
                    &output,
                    exchange::to_csv_all(&log.entries, &log.events),
                ),
                ExportFormat::Json => exchange::to_json_all(&log.entries, &log.events),
            };
            emit(&output, text.as_bytes())
        }
        LogAction::Import { file, dry_run } => import(&path, &file, dry_run, today),
    }
}

fn find(path: &LogPath, id: i64) -> Result<Entry> {
    let store = Store::open_existing(path)?;
    store
        .as_ref()
        .map(|s| s.get(id))
        .transpose()?
        .flatten()
        .ok_or_else(|| {
            input_error(format!(
                "no log entry with id {id} in {} (see `vmo log list`)",
                path.display()
            ))
        })
}

/// What made `e` a red flag — when it is one and no clearance on or after its day
/// answers it, and `after` (the entry as edited, if any) is no longer one. A red flag is
/// health data that must not vanish unseen: taking it back is said out loud (`--force`).
fn unanswered_red_flag(
    path: &LogPath,
    e: &Entry,
    after: Option<&Entry>,
    profile: &Profile,
) -> Result<Option<String>> {
    let level = super::common::load_template(None, profile)
        .map(|t| t.adapt.red_flag_pain)
        .unwrap_or(8.0);
    let why = |e: &Entry| -> Option<String> {
        if e.symptoms.any() {
            return Some(e.symptoms.words());
        }
        e.pain_during
            .into_iter()
            .chain(e.pain_morning)
            .find(|p| *p >= level)
            .map(|p| format!("knee pain {}/10", crate::units::show_number(p)))
    };
    let Some(was) = why(e) else {
        return Ok(None);
    };
    if after.is_some_and(|a| why(a).is_some()) {
        return Ok(None);
    }
    let store = Store::open_existing(path)?;
    let cleared = match store {
        Some(s) => s
            .events()?
            .iter()
            .any(|k| k.kind == crate::plan::knee_state::KneeEventKind::Cleared && k.date >= e.date),
        None => false,
    };
    Ok((!cleared).then_some(was))
}

fn edit(
    path: &LogPath,
    a: EditArgs,
    unit: Unit,
    profile: &Profile,
    today: NaiveDate,
) -> Result<()> {
    let r0 = &a.result;
    let nothing = a.date.is_none()
        && r0.reps.is_none()
        && r0.sets.is_none()
        && r0.load.is_none()
        && r0.rpe.is_none()
        && r0.pain.is_none()
        && !r0.symptoms.symptoms().any()
        && r0.note.is_none()
        && a.morning.is_none()
        && !a.no_swelling
        && !a.no_symptoms;
    if nothing {
        return Err(input_error(format!(
            "vmo log edit {}: nothing to change; give at least one of --date, --reps, --sets, --load, --rpe, --pain, --morning, --swelling, --locking, --giving-way, --night-pain, --no-swelling, --no-symptoms, --note",
            a.id
        )));
    }
    if let Some(d) = a.date {
        check_date(d).map_err(|m| input_error(format!("--date {m}")))?;
        check_not_after(d, today).map_err(|m| input_error(format!("--date {m}")))?;
    }
    let mut e = find(path, a.id)?;
    let original = e.clone();
    let moved = a.date.is_some_and(|d| d != e.date);
    let r = a.result;
    if let Some(d) = a.date {
        e.date = d;
    }
    if let Some(reps) = r.reps.or(r.sets) {
        e.reps = reps.0;
    }
    if let Some(kg) = r.load {
        e.load_kg = (kg > 0.0).then_some(kg);
    }
    e.rpe = r.rpe.or(e.rpe);
    e.pain_during = r.pain.or(e.pain_during);
    e.pain_morning = a.morning.or(e.pain_morning);
    let add = r.symptoms.symptoms();
    e.symptoms.swelling |= add.swelling;
    e.symptoms.locking |= add.locking;
    e.symptoms.giving_way |= add.giving_way;
    e.symptoms.night_pain |= add.night_pain;
    if a.no_swelling {
        e.symptoms.swelling = false;
    }
    if a.no_symptoms {
        e.symptoms = Default::default();
    }
    if let Some(n) = r.note {
        e.note = (!n.is_empty()).then_some(n);
    }
    let e = within_limits(e, "--note")?;
    if !a.force
        && let Some(why) = unanswered_red_flag(path, &original, Some(&e), profile)?
    {
        return Err(input_error(format!(
            "log edit {}: the entry raised a red flag ({why}) that no clinician has cleared; record `vmo cleared` once one has seen the knee, or pass --force if it was logged by mistake",
            e.id
        )));
    }
    let mut store = Store::open(path)?;
    match store.update(&e, moved)? {
        Updated::Done => {}
        Updated::Missing => {
            return Err(input_error(format!(
                "log entry {} was removed meanwhile; nothing changed",
                e.id
            )));
        }
        Updated::DayTaken(there) => {
            return Err(input_error(format!(
                "log edit {} --date {}: the session of {} is already logged ({}, id {}); change or remove that entry first (`vmo log rm {}`), or log this one as an extra session",
                e.id,
                e.date,
                e.date,
                there.status.as_str(),
                there.id,
                there.id
            )));
        }
    }
    note(&format!(
        "entry {} is now {}: {}",
        e.id,
        e.date,
        describe(&e, unit)
    ));
    Ok(())
}

fn import(path: &LogPath, file: &Path, dry_run: bool, today: NaiveDate) -> Result<()> {
    // From metadata, before opening: a FIFO would block the open itself.
    if let Some(why) = crate::log::not_a_file(file) {
        let why = why.replace("a folder, not a file", "a folder");
        return Err(input_error(format!(
            "{}: {why}; give a CSV or JSON file",
            file.display()
        )));
    }
    let bytes = crate::exit::read_limited(file, 64 * 1024 * 1024)
        .map_err(|e| {
            input_error(format!(
                "{}: cannot read it: {}",
                file.display(),
                crate::exit::io_reason(&e)
            ))
        })?
        .ok_or_else(|| input_error(format!("{}: larger than 64 MiB", file.display())))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| input_error(format!("{}: not UTF-8 text", file.display())))?;
    let (kind, entries, events) = exchange::parse_all_until(&text, today)
        .map_err(|e| input_error(format!("{}: {e}; nothing imported", file.display())))?;
    let mut store = if dry_run {
        Store::preview(path)?
    } else {
        Store::open(path)?
    };
    let (added, dups) = store
        .import_all(entries, events, dry_run)
        .map_err(|e| store.explain(e))?;
    let verb = if dry_run { "would import" } else { "imported" };
    let msg = format!(
        "{verb} {added} entr{} from {} ({}), skipped {dups} duplicate{}",
        if added == 1 { "y" } else { "ies" },
        file.display(),
        kind.name(),
        if dups == 1 { "" } else { "s" }
    );
    if dry_run {
        println!("{msg}");
    } else {
        note(&msg);
    }
    Ok(())
}

fn weight(kg: Option<f64>, unit: Unit) -> String {
    match kg {
        Some(kg) => format!(
            "{}{unit}",
            show_number((unit.from_kg(kg) * 10.0).round() / 10.0)
        ),
        None => "-".to_string(),
    }
}

fn opt(v: Option<f64>) -> String {
    v.map(show_number).unwrap_or_else(|| "-".to_string())
}

/// The list as aligned text: one line an entry.
fn table(entries: &[Entry], unit: Unit) -> String {
    if entries.is_empty() {
        return "no entries\n".to_string();
    }
    let rows: Vec<[String; 8]> = entries
        .iter()
        .map(|e| {
            let reps = e
                .reps
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(",");
            let mut status = e.status.as_str().to_string();
            if e.extra {
                status.push_str(" (extra)");
            }
            let mut note = visible(e.note.as_deref().unwrap_or_default()).into_owned();
            if e.symptoms.any() {
                note = format!("{} {note}", e.symptoms.words().to_uppercase())
                    .trim_end()
                    .to_string();
            }
            [
                e.id.to_string(),
                e.date.to_string(),
                status,
                if reps.is_empty() { "-".into() } else { reps },
                weight(e.load_kg, unit),
                opt(e.rpe),
                format!("{}/{}", opt(e.pain_during), opt(e.pain_morning)),
                note,
            ]
        })
        .collect();
    let head = [
        "ID", "Date", "Status", "Reps", "Load", "RPE", "Pain/AM", "Note",
    ];
    let mut widths: Vec<usize> = head.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r.iter()) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                s.push_str(c);
            } else {
                s.push_str(&format!("{c:<w$}  ", w = widths[i]));
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(head.to_vec());
    for r in &rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
    }
    out
}

/// Clearances and acknowledgements below the entries (nothing when there are none).
fn events_table(events: &[KneeEvent]) -> String {
    if events.is_empty() {
        return String::new();
    }
    let mut out = String::from("\nKnee events:\n");
    for e in events {
        out.push_str(&format!(
            "{}  {}  {}{}\n",
            e.id,
            e.date,
            match e.kind {
                KneeEventKind::Cleared => "cleared by a clinician",
                KneeEventKind::Acknowledged => "recurring-pain advice acknowledged",
            },
            e.note
                .as_deref()
                .map(|n| format!(": {}", visible(n)))
                .unwrap_or_default()
        ));
    }
    out
}

fn show(e: &Entry, unit: Unit) -> String {
    let reps = e
        .reps
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",");
    format!(
        "id            {}\ndate          {}\nstatus        {}{}\nsets          {}\nreps          {}\nload          {}\nrpe           {}\npain during   {}\npain morning  {}\nred flags     {}\nnote          {}\n",
        e.id,
        e.date,
        e.status.as_str(),
        if e.extra { " (extra session)" } else { "" },
        e.reps.len(),
        if reps.is_empty() { "-".into() } else { reps },
        weight(e.load_kg, unit),
        opt(e.rpe),
        opt(e.pain_during),
        opt(e.pain_morning),
        if e.symptoms.any() {
            e.symptoms.words()
        } else {
            "none".to_string()
        },
        visible(e.note.as_deref().unwrap_or("-")),
    )
}
