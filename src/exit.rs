//! Exit codes, in one place: 0 success, 1 runtime failure, 2 usage or input error.

use std::process::ExitCode;

/// How vmo ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything worked (also: stdout was closed early by a pipe).
    Success = 0,
    /// Something failed at run time: a write, a read of something that should be there.
    Failure = 1,
    /// The user's input was wrong: a flag, a template, a config file.
    Usage = 2,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

/// The text `--help` shows about exit codes; a macro so `concat!` can put it into clap's
/// static help text, keeping the codes and their description in this one file.
#[macro_export]
macro_rules! exit_codes_help {
    () => {
        "Exit codes: 0 success, 1 runtime failure (e.g. a file could not be written),\n\
         2 usage or input error (bad flag, template or config)."
    };
}

/// An error in what the user gave vmo (flags, templates, config): exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct InputError(pub String);

/// Shorthand for returning an [`InputError`].
pub fn input_error(msg: impl Into<String>) -> anyhow::Error {
    InputError(msg.into()).into()
}

/// The exit code an error chain deserves.
pub fn classify(err: &anyhow::Error) -> Exit {
    for cause in err.chain() {
        if let Some(io) = cause.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::BrokenPipe
        {
            return Exit::Success;
        }
    }
    if err.chain().any(|c| {
        c.is::<InputError>()
            || c.is::<crate::template::TemplateError>()
            || c.is::<crate::plan::PlanError>()
    }) {
        Exit::Usage
    } else {
        Exit::Failure
    }
}
