//! Whose log this is: a log written for a named client records the name (schema 3, table
//! `meta`, key `owner`), and from then on every command that names a different client —
//! or, to write, none — is refused rather than mixing two people's health data.
//!
//! The name is recorded by the first write for a client into a log that holds nothing yet,
//! or into a file the person pointed at that client themselves (`--db` with `--client`,
//! `VMO_DB` with `VMO_CLIENT`, a profile's `db` beside its `client`). A client folder
//! from before name files (the released vmo's `name.1234abcd`, which a colliding name
//! could reach) is never claimed by a write: `vmo client adopt` claims it, once, on
//! purpose (see [`super::clients`]).

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use super::{LogPath, open};
use crate::config::shorten;
use crate::exit::input_error;

/// The owner recorded in the log behind `conn` (`None` before schema 3 or when unset).
pub(super) fn read(conn: &Connection, version: i64, path: &LogPath) -> Result<Option<String>> {
    if version < 3 {
        return Ok(None);
    }
    conn.query_row("SELECT value FROM meta WHERE key = 'owner'", [], |r| {
        r.get::<_, String>(0)
    })
    .optional()
    .map_err(|e| open::sqlite_error(path, &e))
}

/// Refuses a read of a log recorded as someone else's than the client asked for.
pub(super) fn check_read(conn: &Connection, version: i64, path: &LogPath) -> Result<()> {
    match (read(conn, version, path)?, path.client()) {
        (Some(o), Some(c)) if o != c => Err(mixed(path, &o, Some(c))),
        _ => Ok(()),
    }
}

/// Before a write: refuses a log recorded as another client's (or, when no client is
/// named, as any client's), and records the client named as the owner of a log that has
/// none yet and holds nothing, or that the person tied to this client (see the module
/// docs). One `BEGIN IMMEDIATE` transaction, so two first writers cannot both claim it.
pub(super) fn check_write(conn: &mut Connection, path: &LogPath) -> Result<()> {
    let fail = |e: rusqlite::Error| open::write_error(path, &e);
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(fail)?;
    let owner = read(&tx, super::schema::VERSION, path)?;
    match (owner, path.client()) {
        (Some(o), c) if c != Some(o.as_str()) => return Err(mixed(path, &o, c)),
        (Some(_), _) | (None, None) => return Ok(()),
        (None, Some(c)) => {
            tx.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('owner', ?1)",
                [c],
            )
            .map_err(fail)?;
        }
    }
    tx.commit().map_err(fail)?;
    Ok(())
}

/// The one-line refusal naming both clients.
fn mixed(path: &LogPath, owner: &str, asked: Option<&str>) -> anyhow::Error {
    let shown = crate::visible::visible(&path.display().to_string()).into_owned();
    match asked {
        Some(c) => input_error(format!(
            "{shown} is the log of client {}, not of {}: vmo never mixes two clients' logs; name the client whose log it is, or give {} a log of their own",
            shorten(owner),
            shorten(c),
            shorten(c)
        )),
        None => input_error(format!(
            "{shown} is the log of client {}: add --client {} to write to it",
            shorten(owner),
            shorten(owner)
        )),
    }
}
