//! The log's path and where it came from, so every message about the log names what the
//! person set: `--db FILE`, `VMO_DB`, the profile's `db`, a client's own log or the
//! default one. A message that said `--db` for a path set in the profile sent people
//! looking for a flag they never typed.

use std::fmt;
use std::ops::Deref;
use std::path::{Path, PathBuf};

/// Where a log's path came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// `--db FILE` on the command line.
    Flag,
    /// The `VMO_DB` environment variable.
    Env,
    /// The profile's `db` key.
    Profile,
    /// The named client's own log under the data folder (`--client`, `VMO_CLIENT` or the
    /// profile's `client`).
    Client(String),
    /// The default log under the data folder.
    Default,
}

/// A log's path with its [`Origin`]. Derefs to the path; `Display` names both, as a
/// message starts: `--db log.db`, `the log set by VMO_DB (/data/log.db)`, `the profile's
/// db (~/vmo.db)`, `the log of client "Ann" (…/clients/ann/log.db)`, `the log
/// (…/vmo/log.db)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogPath {
    path: PathBuf,
    origin: Origin,
    /// The client this log is opened for (see [`super::owner`]): a log recorded as
    /// someone else's is refused.
    client: Option<String>,
}

impl LogPath {
    /// `path`, which came from `origin`.
    pub fn new(path: impl Into<PathBuf>, origin: Origin) -> LogPath {
        let client = match &origin {
            Origin::Client(c) => Some(c.clone()),
            _ => None,
        };
        LogPath {
            path: path.into(),
            origin,
            client,
        }
    }

    /// This path, opened for `client` (`None`: for nobody in particular).
    pub fn for_client(mut self, client: Option<String>) -> LogPath {
        self.client = client;
        self
    }

    /// The client this log is opened for.
    pub fn client(&self) -> Option<&str> {
        self.client.as_deref()
    }

    /// A path given with `--db` (and a path a test or tool names directly).
    pub fn flag(path: impl Into<PathBuf>) -> LogPath {
        LogPath::new(path, Origin::Flag)
    }

    /// Where the path came from.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }
}

impl Deref for LogPath {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<Path> for LogPath {
    fn as_ref(&self) -> &Path {
        &self.path
    }
}

impl fmt::Display for LogPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A path is data: control and bidi characters in it are shown, not obeyed.
        let shown = self.path.display().to_string();
        let p = crate::visible::visible(&shown);
        match &self.origin {
            Origin::Flag => write!(f, "--db {p}"),
            Origin::Env => write!(f, "the log set by VMO_DB ({p})"),
            Origin::Profile => write!(f, "the profile's db ({p})"),
            Origin::Client(name) => write!(
                f,
                "the log of client {} ({p})",
                crate::config::shorten(name)
            ),
            Origin::Default => write!(f, "the log ({p})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_origin_is_named() {
        let shown = |o: Origin| LogPath::new("/d/log.db", o).to_string();
        assert_eq!(shown(Origin::Flag), "--db /d/log.db");
        assert_eq!(shown(Origin::Env), "the log set by VMO_DB (/d/log.db)");
        assert_eq!(shown(Origin::Profile), "the profile's db (/d/log.db)");
        assert_eq!(
            shown(Origin::Client("Ann".into())),
            "the log of client \"Ann\" (/d/log.db)"
        );
        assert_eq!(shown(Origin::Default), "the log (/d/log.db)");
        assert_eq!(
            LogPath::flag("/d/log.db").parent(),
            Some(Path::new("/d")),
            "derefs to the path"
        );
    }
}
