//! vmo: progressive cyclist-squat plans for a stronger vastus medialis (VMO), with recovery
//! days and deloads built in.
//!
//! The library has a pure core — [`template`] (TOML → validated [`template::Template`]) and
//! [`plan`] (template + request → [`plan::Plan`], no clock, no I/O) — and thin edges:
//! [`cli`] (clap), [`commands`] (flags → settings → output), [`render`] and [`output`].

pub mod cli;
pub mod commands;
pub mod config;
pub mod day;
pub mod duration;
pub mod equipment;
pub mod exit;
pub mod log;
pub mod output;
pub mod plan;
pub mod progress;
pub mod provenance;
pub mod render;
pub mod replaces;
pub mod report;
pub mod rides;
pub mod source;
pub mod strength;
pub mod template;
pub mod timeline;
pub mod units;
pub mod visible;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

/// Parses the command line, runs it and turns the outcome into an exit code.
pub fn main_entry() -> ExitCode {
    // The matches are kept beside the parsed struct: `config show` asks clap where each
    // value came from (flag or environment).
    // Help wraps at the terminal's width even where clap cannot read it (`stty cols 80`
    // in a fresh pty reports no rows, and clap then wraps at 100).
    let mut command = cli::Cli::command();
    if let Some(width) = commands::common::terminal_columns() {
        command = command.term_width(width);
    }
    let matches = command
        .try_get_matches()
        .unwrap_or_else(|e| clipped(e).exit());
    let cli = cli::Cli::from_arg_matches(&matches)
        .map_err(|e| e.format(&mut cli::Cli::command()))
        .unwrap_or_else(|e| clipped(e).exit());
    match commands::run(cli, &matches) {
        Ok(()) => exit::Exit::Success.into(),
        Err(err) => {
            let code = exit::classify(&err);
            if code != exit::Exit::Success {
                // One line per problem; a template can have several.
                for line in format!("{err:#}").lines() {
                    eprintln!("vmo: error: {}", visible::visible(line));
                }
            }
            code.into()
        }
    }
}

/// A clap error whose echo of what was typed (`invalid value '…'`, `unexpected argument
/// '…'`) is cut and shown visibly (see [`visible::clipped`]), as vmo's own messages are.
fn clipped(mut e: clap::Error) -> clap::Error {
    use clap::error::{ContextKind, ContextValue};
    for kind in [
        ContextKind::InvalidValue,
        ContextKind::InvalidArg,
        ContextKind::InvalidSubcommand,
    ] {
        if let Some(ContextValue::String(v)) = e.get(kind) {
            let v = visible::clipped(v);
            e.insert(kind, ContextValue::String(v));
        }
    }
    e
}
