//! One module per subcommand, each with a `run`; this one only dispatches. Flags, the
//! environment and the profile are resolved at this edge; the plan itself comes from the
//! pure core in [`crate::plan`].

mod away;
mod check;
pub mod client;
pub(crate) mod common;
mod completions;
mod config;
pub mod dashboard;
mod day;
pub mod done;
mod init;
pub mod knee;
pub mod log;
mod man;
mod plan;
pub mod report;
pub mod stats;
mod templates;
pub mod why;

use anyhow::Result;

use crate::cli::{Cli, Command, ConfigAction};
use crate::exit::input_error;
use common::emit;

pub use plan::guard_warnings;

/// Runs one command; `matches` are clap's raw matches for the same command line.
pub fn run(cli: Cli, matches: &clap::ArgMatches) -> Result<()> {
    let color = cli.color;
    let env = |k: &str| std::env::var_os(k);
    // Only a `--db` typed on the command line is the flag; clap gives `VMO_DB` as the same
    // value, so the log's path reads `VMO_DB` itself, as a standing location.
    let typed = matches!(
        matches.value_source("db"),
        Some(clap::parser::ValueSource::CommandLine)
    );
    let db = cli.db.clone().filter(|_| typed);
    // Output never replaces the log or the profile (`-o` onto either, even with --force,
    // through a link or another spelling of the path too).
    let log = |p: &std::path::Path| {
        crate::output::protect(p, format!("the training log ({})", p.display()));
    };
    if let Some(p) = crate::config::profile_path(cli.config.as_deref(), &env) {
        crate::output::protect(&p, format!("the profile ({})", p.display()));
    }
    db.as_deref().into_iter().for_each(log);
    if let Some(p) = env("VMO_DB").filter(|v| !v.is_empty()) {
        log(std::path::Path::new(&p));
    }
    if let Ok(Some(p)) = crate::log::default_path(&env, None) {
        log(&p);
    }
    // A client named (`--client`, VMO_CLIENT) who has a profile of their own is served
    // with it, unless `--config` is typed: VMO_CONFIG is a standing location, as VMO_DB is.
    let config = match client::own_profile(&cli, matches)? {
        Some(p) => {
            crate::output::protect(&p, format!("the profile ({})", p.display()));
            Some(p)
        }
        None => cli.config.clone(),
    };
    let cli = Cli { config, ..cli };
    match cli.command {
        Command::Plan(args) => {
            let profile = crate::config::load_profile(cli.config.as_deref(), &env)?;
            plan::run(args, color, &profile, db.as_deref())
        }
        Command::Templates { action, output } => templates::run(action, &output),
        Command::Check(args) => {
            let profile = crate::config::load_profile(cli.config.as_deref(), &env)?;
            check::run(args, &profile)
        }
        Command::Today(args) => {
            let profile = crate::config::load_profile(cli.config.as_deref(), &env)?;
            day::run(args, &profile, false, db.as_deref())
        }
        Command::Next(args) => {
            let profile = crate::config::load_profile(cli.config.as_deref(), &env)?;
            day::run(args, &profile, true, db.as_deref())
        }
        Command::Done(args) => {
            let profile = crate::config::load_profile(cli.config.as_deref(), &env)?;
            done::run(args, &profile, db.as_deref())
        }
        Command::Skip(args) => {
            let profile = crate::config::load_profile(cli.config.as_deref(), &env)?;
            done::run_skip(args, &profile, db.as_deref())
        }
        Command::Cleared(args) => {
            let profile = crate::config::load_profile(cli.config.as_deref(), &env)?;
            knee::run(
                crate::plan::knee_state::KneeEventKind::Cleared,
                args,
                &profile,
                db.as_deref(),
            )
        }
        Command::Acknowledge(args) => {
            let profile = crate::config::load_profile(cli.config.as_deref(), &env)?;
            knee::run(
                crate::plan::knee_state::KneeEventKind::Acknowledged,
                args,
                &profile,
                db.as_deref(),
            )
        }
        Command::Log {
            action,
            client,
            today,
        } => {
            let profile = crate::config::load_profile(cli.config.as_deref(), &env)?;
            // Today at the edge: the flag or VMO_TODAY, else the clock.
            let today = today.unwrap_or_else(|| chrono::Local::now().date_naive());
            log::run(action, client.as_deref(), today, &profile, db.as_deref())
        }
        Command::Why(args) => {
            let profile = crate::config::load_profile(cli.config.as_deref(), &env)?;
            why::run(args, &profile, db.as_deref())
        }
        Command::Stats(args) => {
            let profile = crate::config::load_profile(cli.config.as_deref(), &env)?;
            stats::run(args, &profile, db.as_deref())
        }
        Command::Report(args) => {
            let profile = crate::config::load_profile(cli.config.as_deref(), &env)?;
            report::run(args, &profile, db.as_deref())
        }
        Command::Init(mut args) => {
            // `init --client NAME` writes that client's own profile (as `client add`),
            // unless --config says where.
            if let (Some(c), false) = (&args.client, client::config_typed(matches)) {
                let name = crate::config::client_name("--client", c)?;
                args.client = None;
                let path = client::profile_path(&name)?;
                init::run(args, &path, db.as_deref())?;
                if let Some(dir) = path.parent() {
                    crate::log::clients::claim(dir, &name);
                }
                return Ok(());
            }
            let path =
                crate::config::profile_path(cli.config.as_deref(), &env).ok_or_else(|| {
                    input_error(
                        "cannot tell where the profile goes: set HOME, XDG_CONFIG_HOME or --config",
                    )
                })?;
            init::run(args, &path, db.as_deref())
        }
        Command::Client { action, output } => client::run(action, db.as_deref(), &output),
        Command::Clients(args) => {
            let profile = crate::config::load_profile(cli.config.as_deref(), &env)?;
            dashboard::run(args, &profile)
        }
        Command::Config { action, output } => {
            let path = crate::config::profile_path(cli.config.as_deref(), &env);
            match action {
                ConfigAction::Path => {
                    let p = path
                        .ok_or_else(|| input_error("no profile location: set HOME or --config"))?;
                    emit(&output, format!("{}\n", p.display()).as_bytes())
                }
                ConfigAction::Show(args) => {
                    let profile = crate::config::load_profile(cli.config.as_deref(), &env)?;
                    let show = matches
                        .subcommand_matches("config")
                        .and_then(|m| m.subcommand_matches("show"))
                        .unwrap_or(matches);
                    config::show(&args, matches, show, &profile, path.as_deref(), &output)
                }
                ConfigAction::Set { key, value, from } => {
                    config::edit(path.as_deref(), &key, Some(&value), from, db.as_deref())
                }
                ConfigAction::Unset { key, from } => {
                    config::edit(path.as_deref(), &key, None, from, db.as_deref())
                }
                ConfigAction::History(args) => {
                    let profile = crate::config::load_profile(cli.config.as_deref(), &env)?;
                    config::history(&args, &profile, db.as_deref(), &output)
                }
            }
        }
        Command::Completions { shell, output } => completions::run(shell, &output),
        Command::Man { dir, output } => man::run(dir.as_deref(), &output),
    }
}
