//! Every source the person gave (`--rides`, the profile's `rides`), read into one list:
//! files and feeds, iCalendar or Strava CSV (told apart by their content).

use std::path::Path;

use anyhow::Result;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::{Ride, fetch, ics, strava};
use crate::exit::input_error;
use crate::visible::quoted;

/// Largest calendar file read, in bytes (a Strava export of ten years is a few MB).
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;

/// One calendar to read: where it is, and how messages name it (`--rides "a.ics"`, or
/// the profile's `…/config.toml: rides = "a.ics"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// A file path or an http(s)/webcal address.
    pub location: String,
    /// The source as the person gave it, for messages.
    pub label: String,
}

impl Source {
    /// A source given with `--rides`.
    pub fn flag(location: &str) -> Source {
        // A path as it is (as `--replaces` names one; a long one is not cut), an address
        // quoted and without a password in it.
        let label = if fetch::is_url(location) || location.contains("://") {
            format!("--rides {}", quoted(&fetch::redacted(location)))
        } else {
            format!("--rides {}", crate::visible::visible(location))
        };
        Source {
            location: location.to_string(),
            label,
        }
    }
}

/// How to read the sources.
#[derive(Debug, Clone)]
pub struct LoadOptions<'a> {
    /// Where feeds are cached (`<data folder>/rides`); `None` caches nothing.
    pub cache_dir: Option<&'a Path>,
    /// The caller's clock, for the cache's age.
    pub now: DateTime<Utc>,
    /// Fetch feeds even when the cache is fresh.
    pub refresh: bool,
    /// The person's time zone: every time is turned into it.
    pub tz: Tz,
    /// First date wanted.
    pub from: NaiveDate,
    /// Last date wanted.
    pub to: NaiveDate,
}

/// The rides read, and notes for stderr (a feed offline, a cache not written).
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// Every ride and run, sorted by date and time, each once.
    pub rides: Vec<Ride>,
    /// What the person should know about how they were read.
    pub notes: Vec<String>,
}

/// Reads every source. A missing or unreadable file, a source that is neither iCalendar
/// nor a Strava export, or a bad address is an input error naming it (exit 2); a feed
/// that cannot be fetched and has no cached copy is a runtime failure (exit 1).
pub fn load(sources: &[Source], opts: &LoadOptions<'_>) -> Result<Loaded> {
    let mut out = Loaded::default();
    for Source {
        location: source,
        label: shown,
    } in sources
    {
        let bytes = if fetch::is_url(source) {
            fetch::get(
                source.trim(),
                opts.cache_dir,
                opts.now,
                opts.refresh,
                &mut out.notes,
            )
            .map_err(|e| anyhow::anyhow!("{shown}: cannot fetch the feed: {e}"))?
        } else if source.contains("://") {
            return Err(input_error(format!(
                "{shown}: not a file or feed (allowed: a file, or an http://, https:// or webcal:// address)"
            )));
        } else {
            let path = Path::new(source);
            match crate::exit::read_limited(path, MAX_FILE_BYTES) {
                Ok(Some(b)) => b,
                Ok(None) => {
                    return Err(input_error(format!(
                        "{shown}: over {} MiB; is this a calendar?",
                        MAX_FILE_BYTES / 1024 / 1024
                    )));
                }
                Err(e) => {
                    return Err(input_error(format!(
                        "{shown}: {}",
                        crate::exit::io_reason(&e)
                    )));
                }
            }
        };
        let rides = parse(&bytes, opts).map_err(|e| input_error(format!("{shown}: {e}")))?;
        out.rides.extend(rides);
    }
    super::sort(&mut out.rides);
    Ok(out)
}

/// An iCalendar text or a Strava CSV, by content.
fn parse(bytes: &[u8], opts: &LoadOptions<'_>) -> Result<Vec<Ride>, String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "not UTF-8 text (allowed: an iCalendar file or Strava's activities.csv)")?;
    let head = text.trim_start_matches('\u{feff}').trim_start();
    if head
        .get(..15)
        .is_some_and(|h| h.eq_ignore_ascii_case("BEGIN:VCALENDAR"))
    {
        ics::parse_ics(text, opts.tz, opts.from, opts.to)
    } else if head.lines().next().is_some_and(|l| l.contains(',')) {
        strava::parse_strava_csv(bytes, opts.tz, opts.from, opts.to)
    } else {
        Err("neither an iCalendar file (BEGIN:VCALENDAR) nor Strava's activities.csv".to_string())
    }
}
