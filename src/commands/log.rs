//! `vmo log`: list, show, edit, remove, export and import training-log entries.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};

use super::common::{db_path, emit, note};
use super::done::{WhatHappened, describe, within_limits};
use crate::cli::{OutputArgs, parse_date};
use crate::config::Profile;
use crate::exit::input_error;
use crate::log::exchange::ReadError;
use crate::log::exchange::{self, Row};
use crate::log::parse::parse_pain;
use crate::log::parse::{check_date, check_not_after};
use crate::log::{LogPath, Notes, Store, Updated, import_stream};
use crate::plan::adapt::{Absence, Entry};
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
    /// Remove an entry (or, with --absence, a planned absence).
    #[command(after_help = "Examples:
  vmo log rm 3
  vmo log rm 7 --force                 a red flag logged by mistake
  vmo log rm --absence 2               a planned absence (see `vmo log list`)")]
    Rm {
        /// Entry id (with --absence: the planned absence's id).
        id: i64,
        /// ID is a planned absence's (`vmo skip --from D --to D`), listed under "Planned
        /// absences" by `vmo log list`: its sessions are planned again.
        #[arg(long)]
        absence: bool,
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
            let store = reader(&path)?;
            let within = |d: NaiveDate| from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t);
            let events: Vec<KneeEvent> = match &store {
                Some(s) => s.events()?.into_iter().filter(|e| within(e.date)).collect(),
                None => Vec::new(),
            };
            let absences: Vec<Absence> = match &store {
                Some(s) => s
                    .absences()?
                    .into_iter()
                    .filter(|a| from.is_none_or(|f| a.to >= f) && to.is_none_or(|t| a.from <= t))
                    .collect(),
                None => Vec::new(),
            };
            // The entries are read as they are written, never held all at once.
            let each = |f: &mut dyn FnMut(Entry) -> Result<()>| -> Result<()> {
                match &store {
                    Some(s) => s.for_each_entry(Notes::All, &mut |e| {
                        if within(e.date) { f(e) } else { Ok(()) }
                    }),
                    None => Ok(()),
                }
            };
            match format {
                ListFormat::Table => {
                    // Two reads: the columns' widths, then the lines.
                    let mut widths = TABLE_HEAD.map(|h| h.chars().count());
                    let mut rows = 0usize;
                    each(&mut |e| {
                        for (w, c) in widths.iter_mut().zip(table_cells(&e, unit)) {
                            *w = (*w).max(c.chars().count());
                        }
                        rows += 1;
                        Ok(())
                    })?;
                    emit_rows(&output, &mut |w| {
                        if rows == 0 && absences.is_empty() {
                            w.write_all(b"no entries\n")?;
                        } else {
                            w.write_all(table_line(&TABLE_HEAD, &widths).as_bytes())?;
                            each(&mut |e| {
                                let cells = table_cells(&e, unit);
                                w.write_all(table_line(&cells, &widths).as_bytes())?;
                                Ok(())
                            })?;
                        }
                        w.write_all(events_table(&events).as_bytes())?;
                        w.write_all(absences_table(&absences).as_bytes())?;
                        Ok(())
                    })
                }
                ListFormat::Json => emit_rows(&output, &mut |w| {
                    let mut out = exchange::JsonOut::new(w);
                    each(&mut |e| Ok(out.entry(&e)?))?;
                    out.finish()?;
                    Ok(())
                }),
                ListFormat::Csv => emit_rows(&output, &mut |w| {
                    let mut w = super::common::TerminalText::new(&output, w);
                    let mut out = exchange::CsvOut::new(&mut w)?;
                    each(&mut |e| Ok(out.entry(&e)?))?;
                    out.finish()?;
                    w.flush()?;
                    Ok(())
                }),
            }
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
        LogAction::Rm {
            id, absence: true, ..
        } => {
            // Reading first: removing from a log that does not exist creates none.
            if Store::open_existing(&path)?.is_none() {
                return Err(no_absence(id, &path));
            }
            let mut store = Store::open(&path)?;
            let a = store
                .remove_absence(id)?
                .ok_or_else(|| no_absence(id, &path))?;
            note(&format!(
                "removed planned absence {id} ({} to {}): its sessions are planned again",
                a.from, a.to
            ));
            Ok(())
        }
        LogAction::Rm { id, force, .. } => {
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
            // the red flag it answered), written as they are read.
            let store = reader(&path)?;
            let events = match &store {
                Some(s) => s.events()?,
                None => Vec::new(),
            };
            let each = |f: &mut dyn FnMut(Entry) -> Result<()>| -> Result<()> {
                match &store {
                    Some(s) => s.for_each_entry(Notes::All, f),
                    None => Ok(()),
                }
            };
            match format {
                ExportFormat::Csv => emit_rows(&output, &mut |w| {
                    let mut w = super::common::TerminalText::new(&output, w);
                    let mut out = exchange::CsvOut::new(&mut w)?;
                    each(&mut |e| Ok(out.entry(&e)?))?;
                    for e in &events {
                        out.event(e)?;
                    }
                    out.finish()?;
                    w.flush()?;
                    Ok(())
                }),
                ExportFormat::Json => emit_rows(&output, &mut |w| {
                    let mut out = exchange::JsonOut::new(w);
                    each(&mut |e| Ok(out.entry(&e)?))?;
                    for e in &events {
                        out.event(e)?;
                    }
                    out.finish()?;
                    Ok(())
                }),
            }
        }
        LogAction::Import { file, dry_run } => import(&path, &file, dry_run, today),
    }
}

fn no_absence(id: i64, path: &LogPath) -> anyhow::Error {
    input_error(format!(
        "no planned absence with id {id} in {} (see `vmo log list`)",
        path.display()
    ))
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
    // Read a row at a time, whatever the file's length: every row a log can hold is
    // bounded (`exchange::MAX_ROW_BYTES`), and the log's own export always imports back.
    // On a terminal, a file that takes over a second shows its progress (stderr).
    let open = || {
        let f = std::fs::File::open(file).map_err(|e| {
            ReadError::Stopped(input_error(format!(
                "{}: cannot read it: {}",
                file.display(),
                crate::exit::io_reason(&e)
            )))
        })?;
        let len = f.metadata().map(|m| m.len()).unwrap_or(0);
        let label = file.file_name().map_or_else(
            || file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        Ok::<_, ReadError>(crate::progress::Reader::new(f, label, len))
    };
    let failed = |e: ReadError, store: Option<&Store>| match e {
        ReadError::Bad(m) => input_error(format!("{}: {m}; nothing imported", file.display())),
        ReadError::Stopped(e) => match e.downcast::<std::io::Error>() {
            Ok(io) => input_error(format!(
                "{}: cannot read it: {}; nothing imported",
                file.display(),
                crate::exit::io_reason(&io)
            )),
            Err(e) => match store {
                Some(s) => s.explain(e),
                None => e,
            },
        },
    };
    let read = &mut |sink: exchange::Sink<'_>| exchange::read(open()?, today, sink);
    let mut store = if dry_run {
        Store::open_existing(path)?
    } else {
        if std::fs::metadata(path).is_ok_and(|m| m.len() == 0) || !path.exists() {
            // A new log is made only for a file that imports: read it through once first.
            import_stream(None, true, read).map_err(|e| failed(e, None))?;
        }
        Some(Store::open(path)?)
    };
    let (kind, added, dups) =
        import_stream(store.as_mut(), dry_run, read).map_err(|e| failed(e, store.as_ref()))?;
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

/// The list's column heads.
const TABLE_HEAD: [&str; 8] = [
    "ID", "Date", "Status", "Reps", "Load", "RPE", "Pain/AM", "Note",
];

/// An entry's cells in the list.
fn table_cells(e: &Entry, unit: Unit) -> [String; 8] {
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
}

/// One line of the list: each cell but the last padded to its column's width.
fn table_line<S: AsRef<str>>(cells: &[S], widths: &[usize]) -> String {
    let mut s = String::new();
    for (i, c) in cells.iter().enumerate() {
        if i + 1 == cells.len() {
            s.push_str(c.as_ref());
        } else {
            s.push_str(&format!("{:<w$}  ", c.as_ref(), w = widths[i]));
        }
    }
    s.truncate(s.trim_end().len());
    s.push('\n');
    s
}

/// The log at `path` opened for reading; `None` when there is none yet. What the command
/// writes from here on is owner-only.
fn reader(path: &LogPath) -> Result<Option<Store>> {
    let store = Store::open_existing(path)?;
    if store.is_some() {
        crate::output::holds_log_data();
    }
    Ok(store)
}

/// Writes rows where `-o` says as `produce` makes them: an error reading the log stops
/// the output there (a file is then not written at all) and is the command's error.
fn emit_rows(
    out: &OutputArgs,
    produce: &mut dyn FnMut(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let mut failed = None;
    let written = crate::output::emit_with(out.output.as_deref(), out.force, &mut |w| {
        produce(w).map_err(|e| match e.downcast::<std::io::Error>() {
            Ok(io) => io,
            Err(e) => {
                failed = Some(e);
                std::io::Error::other("the log could not be read")
            }
        })
    });
    match failed {
        Some(e) => Err(e),
        None => written,
    }
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

/// Planned absences below the entries (nothing when there are none).
fn absences_table(absences: &[Absence]) -> String {
    if absences.is_empty() {
        return String::new();
    }
    let mut out = String::from("\nPlanned absences (`vmo log rm --absence ID` removes one):\n");
    for a in absences {
        out.push_str(&format!(
            "{}  {} to {}  {} day{}{}\n",
            a.id,
            a.from,
            a.to,
            (a.to - a.from).num_days() + 1,
            if a.to == a.from { "" } else { "s" },
            a.reason
                .as_deref()
                .map(|r| format!(": {}", visible(r)))
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
