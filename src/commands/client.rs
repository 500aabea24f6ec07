//! `vmo client add|list|rm|adopt`: a coach's clients, each with their own profile and log
//! in their own folder under the data folder (`…/vmo/clients/<folder>/config.toml` and
//! `log.db`, see [`crate::log::clients`]), so no client needs a hand-made `--config`.
//! `vmo clients` (the dashboard) lives in [`super::dashboard`].

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;

use super::common::emit;
use crate::cli::{InitArgs, OutputArgs};
use crate::exit::input_error;
use crate::log::clients::{self, shell_word};
use crate::log::{LogPath, Origin, Store};

/// `vmo client` actions.
#[derive(Debug, Subcommand)]
pub enum ClientAction {
    /// Add a client: writes their own profile (the flags as for `vmo init`) beside their
    /// log, under the data folder; `--client NAME` then uses both.
    #[command(after_help = "Examples:
  vmo client add \"Ann K\" --template knee-friendly --days tue,thu,sat --start 2026-12-01
  vmo client add Bob --units lb --bodyweight 180lb --days mon,thu
  vmo client add \"Ann K\" --weeks 12 --force        update Ann's profile; other keys kept
  vmo plan --client \"Ann K\"")]
    Add(Box<AddArgs>),
    /// List the clients: name, whether they have a profile and a log, entries, folder.
    #[command(after_help = "Examples:
  vmo client list
  vmo client list --format json | jq -r '.[].name'")]
    List {
        /// table or json.
        #[arg(short, long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Remove a client: their profile goes, their training log is kept (a clinical record)
    /// unless --purge. Asks for --force. Nothing outside their folder is touched.
    #[command(after_help = "Examples:
  vmo client rm Bob --force                 Bob's profile goes; his log stays
  vmo client rm \"Ann K\" --force --purge     her folder goes, log and all")]
    Rm {
        /// The client's name, as `vmo client list` shows it.
        name: String,
        /// Remove them (without it, vmo says what would go).
        #[arg(long)]
        force: bool,
        /// Remove their training log too (gone for good: `vmo log export --client NAME`
        /// keeps a copy).
        #[arg(long)]
        purge: bool,
    },
    /// Claim a client folder made by an earlier vmo (it holds no name, so vmo never takes
    /// it for anyone on its own): it becomes NAME's, once.
    #[command(after_help = "Examples:
  vmo client adopt \"Ann B\"                     the folder the earlier vmo used for Ann B
  vmo client adopt \"Ann B\" --folder ~/.local/share/vmo/clients/ann-b.105632be")]
    Adopt {
        /// The client whose folder it is.
        name: String,
        /// The folder, under the data folder's `vmo/clients` [default: the one an earlier
        /// vmo made for NAME].
        #[arg(long, value_name = "PATH")]
        folder: Option<PathBuf>,
    },
}

/// `vmo client add` flags.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The client's name, e.g. "Ann K" (1 to 64 characters, no "/" or control
    /// characters; trimmed; unique ignoring case).
    pub name: String,
    /// Their profile settings, as for `vmo init`.
    #[command(flatten)]
    pub settings: InitArgs,
}

/// Formats of `vmo client list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Aligned columns.
    Table,
    /// A JSON array.
    Json,
}

/// The data folder's `vmo/clients`, or an error saying how to give one.
pub(crate) fn clients_dir() -> Result<PathBuf> {
    let env = |k: &str| std::env::var_os(k);
    crate::log::data_dir(&env)
        .map(|d| d.join("clients"))
        .ok_or_else(|| input_error("cannot tell where clients live: set HOME or XDG_DATA_HOME"))
}

/// Where `name`'s own profile is (whether or not it exists yet).
pub(crate) fn profile_path(name: &str) -> Result<PathBuf> {
    Ok(clients::folder(&clients_dir()?, name)?.join("config.toml"))
}

/// Whether `--config` was typed on the command line (not VMO_CONFIG).
pub(crate) fn config_typed(matches: &clap::ArgMatches) -> bool {
    matches!(
        matches.value_source("config"),
        Some(clap::parser::ValueSource::CommandLine)
    )
}

/// The client named on the command line (`--client`) or by VMO_CLIENT, anywhere in the
/// subcommands, trimmed.
fn named(matches: &clap::ArgMatches) -> Option<String> {
    let (_, sub) = matches.subcommand()?;
    sub.try_get_one::<String>("client")
        .ok()
        .flatten()
        .map(|c| c.trim().to_string())
        .or_else(|| named(sub))
}

/// The profile of the client named, when they have one and `--config` is not typed
/// (`init` writes it, so it is not read for `init`).
pub(crate) fn own_profile(
    cli: &crate::cli::Cli,
    matches: &clap::ArgMatches,
) -> Result<Option<PathBuf>> {
    if config_typed(matches) || matches!(cli.command, crate::cli::Command::Init(_)) {
        return Ok(None);
    }
    let Some(name) = named(matches).filter(|n| crate::config::check_client(n).is_ok()) else {
        return Ok(None);
    };
    let env = |k: &str| std::env::var_os(k);
    let Some(data) = crate::log::data_dir(&env) else {
        return Ok(None);
    };
    // A folder that cannot be used is reported where the log is looked for.
    let Ok(folder) = clients::folder(&data.join("clients"), &name) else {
        return Ok(None);
    };
    let path = folder.join("config.toml");
    Ok(path.exists().then_some(path))
}

/// Runs a `vmo client` action; `db` is a `--db` typed on the command line.
pub(crate) fn run(action: ClientAction, db: Option<&Path>, output: &OutputArgs) -> Result<()> {
    match action {
        ClientAction::Add(args) => {
            let AddArgs { name, mut settings } = *args;
            let name = crate::config::client_name("NAME", &name)?;
            if let Some(c) = &settings.client
                && c.trim() != name
            {
                return Err(input_error(format!(
                    "--client {} differs from the name given ({}); give the name once",
                    crate::config::shorten(c),
                    crate::config::shorten(&name)
                )));
            }
            let path = profile_path(&name)?;
            if path.exists() && !settings.force {
                return Err(input_error(format!(
                    "client {} already has a profile ({}); pass --force to update it (keys not given are kept)",
                    crate::config::shorten(&name),
                    path.display()
                )));
            }
            // The profile is found by the name (`--client`), so it holds no `client` key: a
            // `client` in it would pair the client with VMO_DB (see `common::db_path`).
            settings.client = None;
            super::init::run(settings, &path, db)?;
            // The folder says whose it is from the start.
            if let Some(dir) = path.parent() {
                clients::claim(dir, &name);
            }
            Ok(())
        }
        ClientAction::List { format } => list(format, output),
        ClientAction::Rm { name, force, purge } => remove(&name, force, purge),
        ClientAction::Adopt { name, folder } => adopt(&name, folder.as_deref()),
    }
}

/// One row of `vmo client list`.
#[derive(Debug, Serialize)]
struct Listed {
    name: String,
    profile: bool,
    log: bool,
    entries: usize,
    folder: PathBuf,
}

fn list(format: ListFormat, output: &OutputArgs) -> Result<()> {
    let mut rows = Vec::new();
    for (name, folder) in clients::all(&clients_dir()?) {
        let log = folder.join("log.db");
        let path = LogPath::new(&log, Origin::Client(name.clone()));
        let entries = match Store::open_existing(&path)? {
            Some(s) => s.entries_with(crate::log::Notes::None)?.len(),
            None => 0,
        };
        rows.push(Listed {
            profile: folder.join("config.toml").exists(),
            log: log.exists(),
            entries,
            name,
            folder,
        });
    }
    let text = match format {
        ListFormat::Json => format!("{}\n", serde_json::to_string_pretty(&rows)?),
        ListFormat::Table if rows.is_empty() => {
            "no clients yet: `vmo client add NAME` adds one\n".to_string()
        }
        ListFormat::Table => {
            let shown: Vec<[String; 4]> = rows
                .iter()
                .map(|r| {
                    [
                        crate::visible::visible(&r.name).into_owned(),
                        if r.profile { "yes" } else { "no" }.to_string(),
                        r.entries.to_string(),
                        crate::visible::visible(&r.folder.display().to_string()).into_owned(),
                    ]
                })
                .collect();
            let head = ["Client", "Profile", "Entries", "Folder"];
            let mut widths = head.map(|h| h.chars().count());
            for r in &shown {
                for (w, c) in widths.iter_mut().zip(r) {
                    *w = (*w).max(c.chars().count());
                }
            }
            let line = |cells: &[String]| {
                let mut l = String::new();
                for (i, (c, w)) in cells.iter().zip(widths).enumerate() {
                    if i + 1 == cells.len() {
                        l.push_str(c);
                    } else {
                        l.push_str(&format!("{c:<w$}  "));
                    }
                }
                l.push('\n');
                l
            };
            let mut out = line(&head.map(str::to_string));
            for r in &shown {
                out.push_str(&line(r));
            }
            out
        }
    };
    emit(output, text.as_bytes())
}

/// `vmo client rm NAME [--force]`.
fn remove(name: &str, force: bool, purge: bool) -> Result<()> {
    let name = crate::config::client_name("NAME", name)?;
    let clients_dir = clients_dir()?;
    let Some((_, folder)) = clients::all(&clients_dir)
        .into_iter()
        .find(|(n, _)| *n == name)
    else {
        return Err(input_error(format!(
            "no client {} (see `vmo client list`)",
            crate::config::shorten(&name)
        )));
    };
    // Only a real folder right under the clients' folder: never a link to elsewhere.
    let meta = std::fs::symlink_metadata(&folder)?;
    if !meta.is_dir() || folder.parent() != Some(clients_dir.as_path()) {
        return Err(input_error(format!(
            "{} is not a client folder vmo made; remove it by hand if you mean to",
            folder.display()
        )));
    }
    let shown = crate::config::shorten(&name);
    let path = LogPath::new(folder.join("log.db"), Origin::Client(name.clone()));
    let held = match Store::open_existing(&path)? {
        Some(s) => s.entries_with(crate::log::Notes::None)?.len() + s.absences()?.len(),
        None => 0,
    };
    let entries = |n: usize| format!("{n} entr{}", if n == 1 { "y" } else { "ies" });
    if !force {
        let what = match (held, purge) {
            (0, _) => "their profile and folder go".to_string(),
            (n, true) => format!("their profile and their log ({}) go for good", entries(n)),
            (n, false) => format!(
                "their profile goes; their log ({}) is kept unless --purge",
                entries(n)
            ),
        };
        return Err(input_error(format!(
            "client rm {shown}: {what}; pass --force to do it (`vmo log export --client {} -o backup.csv` keeps a copy of the log)",
            shell_word(&name)
        )));
    }
    let fail = |p: &Path, e: std::io::Error| {
        input_error(format!(
            "cannot remove {}: {}",
            p.display(),
            crate::exit::io_reason(&e)
        ))
    };
    // Nothing to keep, or asked to: the folder goes.
    if purge || held == 0 {
        std::fs::remove_dir_all(&folder).map_err(|e| fail(&folder, e))?;
        eprintln!("vmo: removed client {shown} ({})", folder.display());
        return Ok(());
    }
    let profile = folder.join("config.toml");
    match std::fs::remove_file(&profile) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(fail(&profile, e)),
    }
    eprintln!(
        "vmo: removed client {shown}'s profile; their log ({}) is kept in {} (`vmo client rm {} --force --purge` removes it)",
        entries(held),
        folder.display(),
        shell_word(&name)
    );
    Ok(())
}

/// `vmo client adopt NAME [--folder PATH]`.
fn adopt(name: &str, folder: Option<&Path>) -> Result<()> {
    let name = crate::config::client_name("NAME", name)?;
    let clients_dir = clients_dir()?;
    let folder = match folder {
        Some(f) => std::path::absolute(f)?,
        None => clients_dir.join(crate::render::ics::client_id(&name)),
    };
    let meta = std::fs::symlink_metadata(&folder).map_err(|_| {
        input_error(format!(
            "--folder {}: no such folder",
            crate::visible::visible(&folder.display().to_string())
        ))
    })?;
    let same_dir = folder
        .parent()
        .and_then(|p| std::fs::canonicalize(p).ok())
        .zip(std::fs::canonicalize(&clients_dir).ok())
        .is_some_and(|(a, b)| a == b);
    if !meta.is_dir() || !same_dir {
        return Err(input_error(format!(
            "--folder {}: a client folder is a folder right under {}",
            crate::visible::visible(&folder.display().to_string()),
            clients_dir.display()
        )));
    }
    clients::adopt(&folder, &name)?;
    let log = folder.join("log.db");
    if log.exists() {
        // Records the owner inside the log too (refused if it names someone else).
        Store::open(&LogPath::new(&log, Origin::Client(name.clone())))?;
    }
    eprintln!(
        "vmo: {} is client {}'s folder from now on",
        folder.display(),
        crate::config::shorten(&name)
    );
    Ok(())
}
