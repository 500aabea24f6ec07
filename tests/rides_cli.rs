//! Issue 21: squats placed around the person's own rides, through the real binary: a
//! TrainerRoad-style calendar file, the profile's `rides`, a feed served over HTTP on
//! 127.0.0.1 (fetched once, then from the cache, `--refresh`, offline), a Strava export
//! for the running guard, and the calendar export that never copies a ride.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{output_of, vmo};
use serde_json::Value;

/// A TrainerRoad-style feed: all-day events, the workout's length in the title and TSS
/// and IF in the description: an easy ride on Wednesday 9 December (not a training day)
/// and a key session on Saturday 12 December (TSS 95).
const FEED: &str = "BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//TrainerRoad//Calendar//EN\r
BEGIN:VEVENT\r
UID:tr-1@trainerroad.com\r
DTSTAMP:20261201T000000Z\r
DTSTART;VALUE=DATE:20261209\r
DTEND;VALUE=DATE:20261210\r
SUMMARY:1:00 - Pettit\r
DESCRIPTION:TSS 40, IF 0.63, kJ(Cal) 560. Description: Aerobic endurance.\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:tr-2@trainerroad.com\r
DTSTAMP:20261201T000000Z\r
DTSTART;VALUE=DATE:20261212\r
DTEND;VALUE=DATE:20261213\r
SUMMARY:2:00 - Gibbs\r
DESCRIPTION:TSS 95, IF 0.78, kJ(Cal) 1510. Description: Sweet spot.\r
END:VEVENT\r
END:VCALENDAR\r
";

/// Plan flags shared by the tests: week 4 (Tue 8 – Mon 14 Dec) holds the key ride, past
/// the first three weeks' longer window.
const PLAN: &[&str] = &[
    "--template",
    "knee-friendly",
    "--start",
    "2026-11-16",
    "--weeks",
    "6",
    "--days",
    "tue,fri",
    "--spare-days",
    "thu",
];

struct Rider {
    dir: tempfile::TempDir,
}

impl Rider {
    fn new() -> Rider {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("trainerroad.ics"), FEED).unwrap();
        Rider { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn feed(&self) -> String {
        self.path("trainerroad.ics").to_str().unwrap().to_string()
    }

    /// `vmo` with this rider's own data folder (the feed cache lives there).
    fn vmo(&self) -> assert_cmd::Command {
        let mut cmd = vmo();
        cmd.env("XDG_DATA_HOME", self.path("data"))
            .env("VMO_DB", self.path("log.db"));
        cmd
    }

    fn run(&self, args: &[&str]) -> (i32, String, String) {
        output_of(self.vmo().args(args))
    }

    fn ok(&self, args: &[&str]) -> (String, String) {
        let (code, out, err) = self.run(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        (out, err)
    }

    fn json(&self, extra: &[&str]) -> Value {
        let mut args = vec!["plan", "--format", "json"];
        args.extend_from_slice(PLAN);
        args.extend_from_slice(extra);
        serde_json::from_str(&self.ok(&args).0).unwrap()
    }
}

fn sessions(plan: &Value) -> Vec<&Value> {
    plan["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w["sessions"].as_array().unwrap())
        .collect()
}

fn on<'a>(plan: &'a Value, date: &str) -> Option<&'a Value> {
    sessions(plan).into_iter().find(|s| s["date"] == date)
}

#[test]
fn a_key_ride_moves_the_session_before_it_and_says_why_everywhere() {
    let r = Rider::new();
    let feed = r.feed();
    let plan = r.json(&["--rides", &feed]);
    assert!(
        on(&plan, "2026-12-11").is_none(),
        "no squats the day before"
    );
    let thu = on(&plan, "2026-12-10").expect("moved to the spare Thursday");
    assert_eq!(thu["kind"], "hard");
    let moved = "Moved from Fri to Thu to keep the 24 h before a key session free: 2:00 - Gibbs on Sat, TSS 95";
    assert!(
        thu["notes"].as_array().unwrap().iter().any(|n| n == moved),
        "{}",
        thu["notes"]
    );
    let rides = plan["rides"].as_array().unwrap();
    assert_eq!(rides.len(), 2);
    assert_eq!(rides[1]["title"], "2:00 - Gibbs");
    assert_eq!(rides[1]["key"], "TSS 95");
    assert_eq!(rides[1]["start"], Value::Null);
    assert_eq!(rides[0]["key"], Value::Null);

    // The table shows the rides under their week, one line each.
    let mut args = vec!["plan"];
    args.extend_from_slice(PLAN);
    args.extend_from_slice(&["--rides", &feed]);
    let (table, _) = r.ok(&args);
    assert!(table.contains("Own training:\n  2026-12-09 Wed  ride 1:00 - Pettit\n  2026-12-12 Sat  ride 2:00 - Gibbs (key: TSS 95)\n"), "{table}");
    assert!(table.contains(moved), "{table}");

    // `why` on the new day says why it moved.
    let (why, _) = r.ok(&[
        "why",
        "2026-12-10",
        "--template",
        "knee-friendly",
        "--start",
        "2026-11-16",
        "--weeks",
        "6",
        "--days",
        "tue,fri",
        "--spare-days",
        "thu",
        "--rides",
        &feed,
    ]);
    assert!(why.contains(moved), "{why}");
    assert!(why.contains("rule: around your rides"), "{why}");
    // On the day it moved from, the answer is where it went.
    let (why, _) = r.ok(&[
        "why",
        "2026-12-11",
        "--template",
        "knee-friendly",
        "--start",
        "2026-11-16",
        "--weeks",
        "6",
        "--days",
        "tue,fri",
        "--spare-days",
        "thu",
        "--rides",
        &feed,
    ]);
    assert!(
        why.starts_with("Fri 2026-12-11: no session; it moved to Thu 2026-12-10 for a ride"),
        "{why}"
    );
}

#[test]
fn the_calendar_export_moves_the_event_and_never_copies_a_ride() {
    let r = Rider::new();
    let feed = r.feed();
    let ics = |extra: &[&str]| {
        let mut args = vec!["plan", "--format", "ics"];
        args.extend_from_slice(PLAN);
        args.extend_from_slice(extra);
        r.ok(&args).0.replace("\r\n ", "")
    };
    let with = ics(&["--rides", &feed]);
    let without = ics(&[]);
    assert!(!with.contains("Gibbs on Sat") || with.contains("Moved from Fri to Thu"));
    assert!(!with.contains("SUMMARY:2:00 - Gibbs"), "a ride copied");
    assert!(!with.contains("Pettit\r\n"), "a ride copied");
    let uid_on = |cal: &str, date: &str| -> String {
        cal.split("BEGIN:VEVENT")
            .find(|e| e.contains(&format!("DTSTART;VALUE=DATE:{date}")))
            .and_then(|e| e.lines().find(|l| l.starts_with("UID:")))
            .map(str::to_string)
            .unwrap_or_else(|| panic!("no event on {date}"))
    };
    // The moved session keeps the Friday event's identity: a calendar app moves the
    // event rather than keeping a stale Friday beside a new Thursday.
    assert_eq!(uid_on(&with, "20261210"), uid_on(&without, "20261211"));
    let thu = with
        .split("BEGIN:VEVENT")
        .find(|e| e.contains("DTSTART;VALUE=DATE:20261210"))
        .unwrap();
    assert!(thu.contains("Moved from Fri to Thu"), "{thu}");
    assert_eq!(
        with.matches("BEGIN:VEVENT").count(),
        without.matches("BEGIN:VEVENT").count()
    );
}

#[test]
fn the_profile_names_the_rides_and_no_rides_plans_without_them() {
    let r = Rider::new();
    let cfg = r.path("config.toml");
    // Relative to the profile's folder, as `db` is.
    std::fs::write(
        &cfg,
        "rides = [\"trainerroad.ics\"]\nspare_days = \"thu\"\n",
    )
    .unwrap();
    let cfg = cfg.to_str().unwrap();
    let args = [
        "--config",
        cfg,
        "plan",
        "--format",
        "json",
        "--template",
        "knee-friendly",
        "--start",
        "2026-11-16",
        "--weeks",
        "6",
        "--days",
        "tue,fri",
    ];
    let plan: Value = serde_json::from_str(&r.ok(&args).0).unwrap();
    assert!(on(&plan, "2026-12-10").is_some());
    let mut no = args.to_vec();
    no.push("--no-rides");
    let plan: Value = serde_json::from_str(&r.ok(&no).0).unwrap();
    assert!(on(&plan, "2026-12-11").is_some());
    assert!(plan.get("rides").is_none());
}

#[test]
fn a_missing_calendar_is_a_usage_error_naming_it() {
    let r = Rider::new();
    let missing = r.path("nope.ics");
    let mut args = vec!["plan"];
    args.extend_from_slice(PLAN);
    args.extend_from_slice(&["--rides", missing.to_str().unwrap()]);
    let (code, out, err) = r.run(&args);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("nope.ics"), "{err}");
}

/// A one-file HTTP server on 127.0.0.1 that counts its requests.
struct Server {
    url: String,
    hits: Arc<AtomicUsize>,
    stop: Arc<std::sync::atomic::AtomicBool>,
}

impl Server {
    fn start(body: &'static str) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/feed.ics", listener.local_addr().unwrap());
        let hits = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (h, s) = (hits.clone(), stop.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                if s.load(Ordering::SeqCst) {
                    // Refused from now on: close without an answer.
                    continue;
                }
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                h.fetch_add(1, Ordering::SeqCst);
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        Server { url, hits, stop }
    }

    fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

#[test]
fn a_feed_is_fetched_once_then_read_from_the_cache_and_used_offline() {
    let r = Rider::new();
    let server = Server::start(FEED);
    let today = |url: &str, extra: &[&str]| {
        let mut args = vec!["plan", "--format", "json"];
        args.extend_from_slice(PLAN);
        args.extend_from_slice(&["--rides", url]);
        args.extend_from_slice(extra);
        r.ok(&args)
    };
    let (out, _) = today(&server.url, &[]);
    assert_eq!(server.hits(), 1);
    let plan: Value = serde_json::from_str(&out).unwrap();
    assert!(on(&plan, "2026-12-10").is_some());
    // Fresh cache: no network at all.
    today(&server.url, &[]);
    assert_eq!(server.hits(), 1);
    today(&server.url, &["--refresh"]);
    assert_eq!(server.hits(), 2);
    // webcal:// is the same feed over http(s).
    let cache: Vec<_> = std::fs::read_dir(r.path("data").join("vmo").join("rides"))
        .unwrap()
        .collect();
    assert!(!cache.is_empty());
    // Offline: the cached copy is used and stderr says how old it is.
    server.stop.store(true, Ordering::SeqCst);
    let (out, err) = today(&server.url, &["--refresh"]);
    assert!(err.contains("offline"), "{err}");
    let plan: Value = serde_json::from_str(&out).unwrap();
    assert!(
        on(&plan, "2026-12-10").is_some(),
        "the cache still moves it"
    );
    // No cache and no server: a runtime failure naming the feed.
    let other = Rider::new();
    let mut args = vec!["plan"];
    args.extend_from_slice(PLAN);
    let url = server.url.replace("feed.ics", "other.ics");
    args.extend_from_slice(&["--rides", &url]);
    let (code, _, err) = other.run(&args);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("other.ics"), "{err}");
}

#[test]
fn a_big_running_week_keeps_one_maintenance_session() {
    let r = Rider::new();
    // Strava's export: four runs a week, 5 km each, but 15 km each in week 4 (60 km).
    let mut csv = String::from(
        "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,Relative Effort\n",
    );
    let mut id = 1;
    for week in 0..6u64 {
        for day in [0u64, 2, 4, 6] {
            let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 16).unwrap()
                + chrono::Days::new(7 * week + day);
            let km = if week == 3 { 15.0 } else { 5.0 };
            csv.push_str(&format!(
                "{id},\"{}, 6:30:00 AM\",Morning Run,Run,,1800,{km:.2},20\n",
                date.format("%b %-d, %Y")
            ));
            id += 1;
        }
    }
    let path = r.path("activities.csv");
    std::fs::write(&path, csv).unwrap();
    let mut args = vec![
        "plan",
        "--format",
        "json",
        "--template",
        "knee-friendly",
        "--start",
        "2026-11-16",
        "--weeks",
        "6",
        "--days",
        "mon,wed,fri",
        "--rides",
    ];
    let p = path.to_str().unwrap();
    args.push(p);
    let plan: Value = serde_json::from_str(&r.ok(&args).0).unwrap();
    let week4 = &plan["weeks"][3];
    assert_eq!(week4["sessions"].as_array().unwrap().len(), 1, "{week4}");
    let notes = week4["sessions"][0]["notes"].to_string();
    assert!(notes.contains("Running 60 km this week"), "{notes}");
    let rest = week4["recovery_days"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["date"] == "2026-12-09")
        .unwrap();
    assert!(
        rest["guidance"]
            .as_str()
            .unwrap()
            .contains("one maintenance session"),
        "{rest}"
    );
}
