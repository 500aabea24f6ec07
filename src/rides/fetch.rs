//! Calendar feeds over HTTP, kept in a cache in the data folder: a feed younger than
//! [`FRESH_HOURS`] is read from the cache with no network at all (so `vmo today` stays
//! instant), an older one is fetched again, and an unreachable one falls back to the
//! cache with a note saying how old it is. The clock is the caller's (`now`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};

/// Hours a cached feed is used without asking the server again.
pub const FRESH_HOURS: i64 = 6;

/// Seconds before a feed that does not answer is given up on.
pub const TIMEOUT_SECONDS: u64 = 10;

/// Largest feed accepted, in bytes (a year of a busy TrainingPeaks calendar is well under
/// a megabyte).
pub const MAX_FEED_BYTES: u64 = 8 * 1024 * 1024;

/// A feed's address as fetched: `webcal://` is a calendar app's name for HTTPS.
pub fn http_url(url: &str) -> String {
    match url.get(..9) {
        Some(p) if p.eq_ignore_ascii_case("webcal://") => format!("https://{}", &url[9..]),
        _ => url.to_string(),
    }
}

/// `url` without the user name and password it may carry (`https://a:b@host/…` is
/// `https://…@host/…`): addresses are shown in messages and kept in the cache's notes.
pub fn redacted(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let rest = &url[scheme_end + 3..];
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..host_end].rfind('@') {
        Some(at) => format!("{}://…@{}", &url[..scheme_end], &rest[at + 1..]),
        None => url.to_string(),
    }
}

/// True for the addresses [`get`] fetches.
pub fn is_url(s: &str) -> bool {
    let l = s.trim().to_ascii_lowercase();
    ["http://", "https://", "webcal://"]
        .iter()
        .any(|p| l.starts_with(p))
}

/// A stable file name for `url` in the cache (FNV-1a 64: no security needed, only no
/// two feeds a person has in one file).
fn key(url: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in url.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The cached copy of `url`: its body and when it was fetched.
fn cached(dir: &Path, url: &str) -> Option<(Vec<u8>, DateTime<Utc>)> {
    let k = key(url);
    let meta = std::fs::read_to_string(dir.join(format!("{k}.fetched"))).ok()?;
    let mut lines = meta.lines();
    let when = DateTime::parse_from_rfc3339(lines.next()?.trim()).ok()?;
    // The URL is stored too (without its password): a hash collision reads as no
    // cache, never as another feed.
    if lines.next()? != redacted(url) {
        return None;
    }
    let body = std::fs::read(dir.join(format!("{k}.body"))).ok()?;
    Some((body, when.with_timezone(&Utc)))
}

/// Writes `bytes` to `path` atomically (temp file in the same folder, then rename).
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

fn store(dir: &Path, url: &str, body: &[u8], now: DateTime<Utc>) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let k = key(url);
    write_atomic(&dir.join(format!("{k}.body")), body)?;
    write_atomic(
        &dir.join(format!("{k}.fetched")),
        format!("{}\n{}\n", now.to_rfc3339(), redacted(url)).as_bytes(),
    )
}

/// How long ago, in words: `40 min`, `3 h`, `2 days`.
pub fn age(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let m = (now - then).num_minutes().max(0);
    match m {
        0..=89 => format!("{m} min"),
        90..=2879 => format!("{} h", (m + 30) / 60),
        _ => format!("{} days", (m + 720) / 1440),
    }
}

/// Asks the server for `url` (no cache).
fn download(url: &str) -> Result<Vec<u8>, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(TIMEOUT_SECONDS)))
        .user_agent(concat!("vmo/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut response = agent.get(&http_url(url)).call().map_err(|e| match e {
        ureq::Error::StatusCode(code) => format!("the server answered {code}"),
        ureq::Error::Timeout(_) => format!("no answer within {TIMEOUT_SECONDS} s"),
        other => other.to_string(),
    })?;
    response
        .body_mut()
        .with_config()
        .limit(MAX_FEED_BYTES)
        .read_to_vec()
        .map_err(|e| match e {
            ureq::Error::BodyExceedsLimit(_) => {
                format!("the feed is over {} MiB", MAX_FEED_BYTES / 1024 / 1024)
            }
            other => other.to_string(),
        })
}

/// A feed's body: from the cache in `dir` when fresh (and not `refresh`), else from the
/// server (and cached), else — offline — from the cache with a note in `notes`. `Err`
/// only when neither the server nor a cache has it.
pub fn get(
    url: &str,
    dir: Option<&Path>,
    now: DateTime<Utc>,
    refresh: bool,
    notes: &mut Vec<String>,
) -> Result<Vec<u8>, String> {
    let copy = dir.and_then(|d| cached(d, url));
    if let Some((body, when)) = &copy
        && !refresh
        && (now - *when).num_hours() < FRESH_HOURS
        && *when <= now
    {
        return Ok(body.clone());
    }
    match download(url) {
        Ok(body) => {
            if let Some(d) = dir
                && let Err(e) = store(d, url, &body, now)
            {
                notes.push(format!(
                    "rides: cannot keep a copy of {} in {} ({e})",
                    crate::visible::quoted(&redacted(url)),
                    d.display()
                ));
            }
            Ok(body)
        }
        Err(reason) => match copy {
            Some((body, when)) => {
                notes.push(format!(
                    "rides: {} is offline ({reason}); using the copy from {} ago",
                    crate::visible::quoted(&redacted(url)),
                    age(when, now)
                ));
                Ok(body)
            }
            None => Err(reason),
        },
    }
}

/// Where feeds are cached under the data folder.
pub fn cache_dir(data: &Path) -> PathBuf {
    data.join("rides")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webcal_is_https_and_keys_are_stable() {
        assert_eq!(
            http_url("webcal://x.example/ical/1.ics"),
            "https://x.example/ical/1.ics"
        );
        assert_eq!(http_url("http://a/b"), "http://a/b");
        assert_eq!(
            redacted("webcal://alice:s3cret@host.example/a@b.ics"),
            "webcal://…@host.example/a@b.ics"
        );
        assert_eq!(redacted("https://host/x"), "https://host/x");
        assert!(is_url("WEBCAL://a") && is_url("https://a") && !is_url("a.ics"));
        assert_eq!(key("https://a"), key("https://a"));
        assert_ne!(key("https://a"), key("https://b"));
    }

    #[test]
    fn ages_in_words() {
        let now = DateTime::parse_from_rfc3339("2026-12-03T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(age(now - chrono::Duration::minutes(40), now), "40 min");
        assert_eq!(age(now - chrono::Duration::hours(3), now), "3 h");
        assert_eq!(age(now - chrono::Duration::days(4), now), "4 days");
    }

    #[test]
    fn the_cache_round_trips_and_names_its_url() {
        let dir = tempfile::tempdir().unwrap();
        let now = Utc::now();
        store(dir.path(), "https://a/x.ics", b"BODY", now).unwrap();
        let (body, when) = cached(dir.path(), "https://a/x.ics").unwrap();
        assert_eq!(body, b"BODY");
        assert_eq!(when.timestamp(), now.timestamp());
        assert!(cached(dir.path(), "https://a/y.ics").is_none());
        // Fresh: served without a request (the URL does not even resolve).
        let mut notes = Vec::new();
        let got = get("https://a/x.ics", Some(dir.path()), now, false, &mut notes).unwrap();
        assert_eq!(got, b"BODY");
        assert!(notes.is_empty());
    }
}
