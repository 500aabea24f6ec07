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

/// An I/O error in plain words, without Rust's "(os error N)" suffix, for messages that
/// already name the file.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "no such file or folder".to_string(),
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        ErrorKind::StorageFull => "no space left on the device".to_string(),
        ErrorKind::ReadOnlyFilesystem => "the file system is read-only".to_string(),
        ErrorKind::FileTooLarge => "file too large".to_string(),
        ErrorKind::IsADirectory => "is a directory".to_string(),
        ErrorKind::InvalidData => "not UTF-8 text".to_string(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

/// Reads at most `limit` bytes of `path`; `Ok(None)` when there is more. Reads through a
/// limit rather than trusting the file's size, which is 0 for `/dev/zero` or a FIFO.
pub fn read_limited(path: &std::path::Path, limit: usize) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut buf = Vec::new();
    open_for_reading(path)?
        .take(limit as u64 + 1)
        .read_to_end(&mut buf)?;
    Ok((buf.len() <= limit).then_some(buf))
}

/// Opens `path` to read without waiting for a writer: a FIFO nobody writes to reads as
/// empty instead of hanging for ever, while a pipe with a writer (`--template <(…)`) is
/// still read to its end.
fn open_for_reading(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    #[cfg(unix)]
    {
        use rustix::fs::OFlags;
        use std::os::unix::fs::OpenOptionsExt;
        let f = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(OFlags::NONBLOCK.bits() as i32)
            .open(path)?;
        rustix::fs::fcntl_setfl(&f, rustix::fs::fcntl_getfl(&f)? - OFlags::NONBLOCK)?;
        Ok(f)
    }
    #[cfg(not(unix))]
    std::fs::File::open(path)
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
