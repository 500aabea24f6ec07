//! Shared helpers for vmo's fuzz targets (see `docs/fuzzing.md`).
//!
//! * [`setup`] turns a few fuzzer bytes into a plan [`Request`], calendar options and a
//!   table style, so one input covers the template *and* the way it is planned.
//! * The `check_*` functions assert what the code and the docs promise about a plan and
//!   each rendering. They panic with a message that says which promise broke; libFuzzer
//!   reports that as a crash.
//! * [`ics_text_value`] / [`expected_ics_text`] model RFC 5545 TEXT unescaping and vmo's
//!   documented escaping, for round-trip checks.
//! * One `check_<target>(data: &[u8])` per fuzz target (in this crate's modules of the
//!   same name); `fuzz/fuzz_targets/<target>.rs` only calls it, and [`TARGETS`] lists them
//!   so the unit tests replay every committed seed (`fuzz/corpus/<target>/*`) through its
//!   target's check: a check that no longer holds on its own seeds fails CI.
//!
//! Known source bugs can be skipped while they are open, so that a long run explores past
//! them: set `VMO_FUZZ_SKIP` to a comma-separated list of [`Skip`] names (see [`skipping`]).
//! Add a class when a bug is reported; remove it when the fix lands.

use std::collections::HashSet;
use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use vmo::day::Day;
use vmo::equipment::Equipment;
use vmo::plan::{Athlete, MAX_WEEKS, Plan, Request, SessionKind};
use vmo::render::Style;
use vmo::render::ics::{IcsOptions, MAX_LINE_OCTETS, TemplateId};
use vmo::template::{Template, Variant};
use vmo::units::Unit;

mod ics_text;
mod log_import;
mod log_open;
mod parsers;
mod replaces_ics;
mod rides;
mod template_plan;

pub use ics_text::check_ics_text;
pub use log_import::check_log_import;
pub use log_open::check_log_open;
pub use parsers::check_parsers;
pub use replaces_ics::check_replaces_ics;
pub use rides::check_rides;
pub use template_plan::check_template_plan;

/// A target's check: panics when a promise breaks on this input.
pub type Check = fn(&[u8]);

/// Every fuzz target by name (`fuzz/fuzz_targets/<name>.rs`, seeds in
/// `fuzz/corpus/<name>/`) with the check its fuzz target runs.
pub const TARGETS: &[(&str, Check)] = &[
    ("template_plan", check_template_plan),
    ("parsers", check_parsers),
    ("ics_text", check_ics_text),
    ("log_import", check_log_import),
    ("log_open", check_log_open),
    ("rides", check_rides),
    ("replaces_ics", check_replaces_ics),
];

/// Committed seeds stay under this size.
pub const MAX_SEED_BYTES: usize = 64 * 1024;

/// A committed seed that reproduces a reported source bug still open: the seed replay
/// accepts its check's panic while the message contains `panics_with` (any other panic
/// fails), and says when the seed passes, so the entry can go. Add one only with the bug
/// report; remove it when the fix lands.
#[derive(Debug, Clone, Copy)]
pub struct OpenBug {
    /// The target (`fuzz/corpus/<target>/`).
    pub target: &'static str,
    /// The seed's file name in the target's corpus.
    pub seed: &'static str,
    /// Part of the panic message the bug gives.
    pub panics_with: &'static str,
    /// The bug, in a few words.
    pub bug: &'static str,
}

/// The open bugs with a committed seed (see [`OpenBug`]).
pub const OPEN_BUGS: &[OpenBug] = &[];

/// The check of the target called `name`, if there is one.
pub fn check_for(name: &str) -> Option<Check> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}

/// Leading bytes of a `template_plan` input that choose the request; the rest is TOML.
pub const HEADER_LEN: usize = 12;

/// Time zones worth testing: no DST, EU and US DST, half-hour DST shifts, odd offsets,
/// and Apia, which skipped 2011-12-30 entirely.
pub const ZONES: [chrono_tz::Tz; 8] = [
    chrono_tz::UTC,
    chrono_tz::Europe::Berlin,
    chrono_tz::America::New_York,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::Pacific::Chatham,
    chrono_tz::Asia::Kathmandu,
    chrono_tz::America::Santiago,
    chrono_tz::Pacific::Apia,
];

/// Classes of known, reported source bugs a run may skip (`VMO_FUZZ_SKIP=a,b`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Skip {
    /// `dst-dtend`: timed events in a zone with DST (the `DTEND > DTSTART` check).
    DstDtend,
}

impl Skip {
    fn from_name(s: &str) -> Option<Skip> {
        match s.trim() {
            "dst-dtend" => Some(Skip::DstDtend),
            _ => None,
        }
    }
}

/// True when `VMO_FUZZ_SKIP` names this class (read once per process).
pub fn skipping(what: Skip) -> bool {
    static SKIPS: OnceLock<HashSet<Skip>> = OnceLock::new();
    SKIPS
        .get_or_init(|| {
            std::env::var("VMO_FUZZ_SKIP")
                .unwrap_or_default()
                .split(',')
                .filter(|s| !s.trim().is_empty())
                .map(|s| {
                    Skip::from_name(s)
                        .unwrap_or_else(|| panic!("VMO_FUZZ_SKIP: unknown class {s:?} (dst-dtend)"))
                })
                .collect()
        })
        .contains(&what)
}

/// Everything a `template_plan` input asks for besides the template.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The plan request (weeks, start, days, athlete, unit).
    pub request: Request,
    /// Calendar export options.
    pub ics: IcsOptions,
    /// Table style.
    pub style: Style,
    /// Start date was picked near the ends of chrono's range (not the 9999 boundary), where
    /// `generate` must refuse the plan.
    pub extreme_date: bool,
}

/// A fixed `DTSTAMP`: 2026-11-25T00:00:00Z.
pub fn dtstamp() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 0, 0, 0).unwrap()
}

/// Decodes the 12 header bytes. Mostly ordinary requests (1–60 weeks from 2020 on), with
/// rarer long plans, rejected week counts, odd day lists and dates at chrono's limits.
pub fn setup(h: &[u8; HEADER_LEN]) -> Setup {
    let weeks = match h[0] % 16 {
        0 => 1 + u32::from(u16::from_le_bytes([h[1], h[0]])) % MAX_WEEKS,
        1 if h[1] & 1 == 0 => 0,
        1 => MAX_WEEKS + 1 + u32::from(h[1] >> 1),
        _ => 1 + u32::from(h[1]) % 60,
    };

    let base = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let (start, extreme_date) = match h[2] >> 6 {
        3 if h[2] & 0x20 != 0 => (
            NaiveDate::MAX
                .checked_sub_days(Days::new(u64::from(h[3]) * 16))
                .unwrap(),
            true,
        ),
        3 if h[2] & 0x10 != 0 => (
            NaiveDate::MIN
                .checked_add_days(Days::new(u64::from(h[3]) * 16))
                .unwrap(),
            true,
        ),
        // 9990-01-01 plus up to ~11 years: across the 9999-12-31 limit `generate` enforces.
        3 => (
            NaiveDate::from_ymd_opt(9990, 1, 1).unwrap() + Days::new(u64::from(h[3]) * 16),
            false,
        ),
        _ => (
            base + Days::new(u64::from(u16::from_le_bytes([h[3], h[2] & 0x3f]))),
            false,
        ),
    };

    // Days as the CLI gives them (sorted, unique); empty or > 4 days exercise the errors.
    let days = (h[4] & 0x80 != 0).then(|| {
        Day::ALL
            .iter()
            .enumerate()
            .filter(|(i, _)| h[4] & (1 << i) != 0)
            .map(|(_, d)| *d)
            .collect::<Vec<Day>>()
    });

    let unit = if h[5] & 0x04 != 0 { Unit::Lb } else { Unit::Kg };
    let variant = match (h[5] >> 3) & 0x07 {
        v @ 0..=4 => Some(Variant::ALL[usize::from(v)]),
        _ => None,
    };
    let equipment = if h[5] & 0x80 != 0 {
        // A tiny home gym: the "heaviest load available" and "jump too big" paths.
        Equipment {
            dumbbells: vec![4.0, 6.0, 12.0 + f64::from(h[7] % 8)],
            bar: 10.0 + f64::from(h[6] % 11),
            plates: vec![(10.0, 1), (2.5, u32::from(h[7] % 3) + 1)],
            vest: vec![5.0, 10.0],
        }
    } else {
        Equipment::defaults(unit)
    };
    let athlete = Athlete {
        bodyweight_kg: (h[5] & 0x01 != 0).then(|| 20.0 + f64::from(h[6]) * 330.0 / 255.0),
        one_rep_max_kg: (h[5] & 0x02 != 0).then(|| 1.0 + f64::from(h[7]) * 499.0 / 255.0),
        bodyweight_ratio: if h[5] & 0x40 != 0 {
            0.3 + f64::from(h[6]) / 255.0 * 0.7
        } else {
            vmo::plan::DEFAULT_BODYWEIGHT_RATIO
        },
        equipment,
        variant,
    };

    let f = h[8];
    let ics = IcsOptions {
        at: (f & 0x01 != 0)
            .then(|| NaiveTime::from_hms_opt(u32::from(h[9] % 24), u32::from(h[10] % 60), 0))
            .flatten(),
        duration_minutes: (f & 0x80 != 0).then(|| 1 + u32::from(h[9]) * 1439 / 255),
        tz: (f & 0x02 != 0).then(|| ZONES[usize::from((f >> 2) & 0x07)]),
        remind_minutes: (f & 0x20 != 0).then(|| 1 + u32::from(h[10]) * 1439 / 255),
        include_recovery: f & 0x40 != 0,
        dtstamp: dtstamp(),
        plan_id: vmo::render::ics::plan_id(TemplateId::User("fuzz"), start, None),
    };
    let style = Style {
        color: h[11] & 0x02 != 0,
        hide_recovery: h[11] & 0x04 != 0,
        // A terminal from 0 to 155 columns (the plain table below 60).
        width: (h[11] & 0x01 != 0).then_some(usize::from(h[11] >> 3) * 5),
        today: None,
    };
    Setup {
        request: Request {
            weeks,
            start,
            days,
            athlete,
            unit,
            changes: Vec::new(),
            rides: Default::default(),
        },
        ics,
        style,
        extreme_date,
    }
}

// ---------------------------------------------------------------------------------------
// The plan itself.

/// Checks a generated plan against the promises in `src/plan` and the README's "How the
/// plan stays safe": shape and dates, rest between hard sessions, loads the equipment can
/// make, guards kept or reported, deloads lighter than the week before.
pub fn check_plan(plan: &Plan, template: &Template, req: &Request) {
    let days = req.days.clone().unwrap_or_else(|| template.days.clone());
    assert_eq!(
        plan.weeks.len(),
        req.weeks as usize,
        "one Week per requested week"
    );
    assert!(
        plan.start >= req.start && plan.start < req.start + Days::new(7),
        "plan starts within 7 days of the request: {} vs {}",
        plan.start,
        req.start
    );
    assert!(
        days.contains(&Day::from_weekday(plan.start.weekday())),
        "plan starts on a training day"
    );

    let loads: Vec<Vec<f64>> = Variant::ALL
        .iter()
        .map(|v| req.athlete.equipment.loads(*v))
        .collect();
    let mut hard_dates: Vec<NaiveDate> = Vec::new();
    for (i, w) in plan.weeks.iter().enumerate() {
        assert_eq!(w.number as usize, i + 1, "weeks are numbered from 1");
        assert_eq!(
            w.start,
            plan.start + Days::new(7 * i as u64),
            "week {} start",
            w.number
        );
        assert_eq!(w.end, w.start + Days::new(6), "week {} end", w.number);
        assert_eq!(
            w.sessions.len(),
            days.len(),
            "week {}: one session per training day",
            w.number
        );
        assert_eq!(
            w.sessions.len() + w.recovery_days.len(),
            7,
            "week {}: every day is a session or a recovery day",
            w.number
        );
        assert_eq!(w.summary.sessions as usize, w.sessions.len());
        assert_eq!(
            w.summary.sets,
            w.sessions.iter().map(|s| s.prescription.sets).sum::<u32>()
        );
        assert!(
            w.summary.volume.is_finite() && w.summary.volume >= 0.0,
            "week {}: volume {}",
            w.number,
            w.summary.volume
        );
        for (k, s) in w.sessions.iter().enumerate() {
            assert!(
                s.date >= w.start && s.date <= w.end,
                "session date inside its week"
            );
            assert_eq!(s.weekday, Day::from_weekday(s.date.weekday()));
            assert!(days.contains(&s.weekday), "sessions only on training days");
            assert_eq!(s.slot as usize, k + 1, "slots count from 1 in date order");
            assert_eq!(s.week, w.number);
            let p = &s.prescription;
            assert!(
                p.sets >= 1 && p.reps >= 1,
                "week {}: {}×{}",
                w.number,
                p.sets,
                p.reps
            );
            for (what, v) in [
                ("heel", p.heel_height_cm),
                ("depth", p.depth_deg),
                ("rpe", p.rpe),
            ] {
                assert!(v.is_finite(), "week {}: {what} = {v}", w.number);
            }
            if let Some(kg) = p.load.kg {
                let i = Variant::ALL.iter().position(|v| *v == p.variant).unwrap();
                assert!(
                    kg.is_finite() && kg > 0.0,
                    "week {}: load {kg} kg is not a positive weight",
                    w.number
                );
                assert!(
                    loads[i].iter().any(|l| (l - kg).abs() < 1e-6),
                    "week {}: {kg} kg is not a load the equipment can make for {}",
                    w.number,
                    p.variant
                );
            }
            if s.kind == SessionKind::Hard {
                hard_dates.push(s.date);
            }
        }
        for r in &w.recovery_days {
            assert!(r.date >= w.start && r.date <= w.end);
            assert!(
                !days.contains(&r.weekday),
                "recovery days are not training days"
            );
        }
    }
    // Hard sessions at least min_rest_hours apart, across week boundaries too.
    hard_dates.sort();
    let need = template.recovery.min_rest_hours;
    for pair in hard_dates.windows(2) {
        let hours = (pair[1] - pair[0]).num_hours();
        assert!(
            hours >= i64::from(need),
            "hard sessions on {} and {} are {hours} h apart (need {need} h)",
            pair[0],
            pair[1]
        );
    }

    // Guards: a week above the cap or the ACWR ceiling is listed in `adjustments`.
    let rec = &template.recovery;
    let mut vols: Vec<f64> = Vec::new();
    let mut last_build: Option<f64> = None;
    for (i, w) in plan.weeks.iter().enumerate() {
        let v = w.summary.volume;
        if i > 0 {
            let base = if plan.weeks[i - 1].deload {
                last_build
            } else {
                Some(vols[i - 1])
            };
            // The chronic mean leaves deload weeks out (DESIGN §6), as the generator does.
            let builds: Vec<f64> = vols[..i]
                .iter()
                .zip(&plan.weeks[..i])
                .filter(|(_, w)| !w.deload)
                .map(|(v, _)| *v)
                .collect();
            // A return week (after a deload) is the last build week again, measured as that
            // week was: against the build weeks before it.
            let skip = usize::from(plan.weeks[i - 1].deload);
            let builds = &builds[..builds.len().saturating_sub(skip)];
            let recent = &builds[builds.len().saturating_sub(3)..];
            let chronic = if recent.is_empty() {
                f64::INFINITY
            } else {
                recent.iter().sum::<f64>() / recent.len() as f64
            };
            let allowed = base
                .map(|b| b * (1.0 + rec.max_weekly_increase))
                .unwrap_or(f64::INFINITY)
                .min(chronic * rec.acwr_ceiling);
            if v > allowed + 1e-6 * allowed.max(1.0) {
                assert!(
                    plan.adjustments.iter().any(|a| a.week == w.number),
                    "week {}: volume {v} is above the guards ({allowed}) and no adjustment says so",
                    w.number
                );
            }
            if w.deload {
                let prev = vols[i - 1];
                let hard = w.sessions.iter().find(|s| s.kind == SessionKind::Hard);
                let one_by_one =
                    hard.is_some_and(|s| s.prescription.sets == 1 && s.prescription.reps == 1);
                assert!(
                    v <= prev + 1e-6 * prev.max(1.0) || one_by_one,
                    "deload week {}: volume {v} is above the week before ({prev})",
                    w.number
                );
            }
        }
        vols.push(v);
        if !w.deload {
            last_build = Some(v);
        }
    }
}

// ---------------------------------------------------------------------------------------
// ICS.

/// What vmo's `escape` promises to keep of a text, before escaping: CRLF and lone CR
/// become LF, tabs stay, every other control character is dropped.
pub fn expected_ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Unescapes an RFC 5545 TEXT value (`\\`, `\;`, `\,`, `\n`/`\N`). A bare `;` or `,`, a
/// control character other than TAB, or any other backslash sequence is an error.
pub fn ics_text_value(v: &str) -> Result<String, String> {
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\\') => out.push('\\'),
                Some(';') => out.push(';'),
                Some(',') => out.push(','),
                Some('n' | 'N') => out.push('\n'),
                other => return Err(format!("bad escape \\{other:?} in {v:?}")),
            },
            ';' | ',' => return Err(format!("unescaped {c:?} in TEXT {v:?}")),
            '\t' => out.push(c),
            c if c.is_control() => return Err(format!("control character {c:?} in {v:?}")),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// One unfolded content line split into name (with parameters) and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentLine {
    /// Property name, e.g. `DTSTART`.
    pub name: String,
    /// Parameters after the name, e.g. `;VALUE=DATE` (empty when none).
    pub params: String,
    /// Everything after the first `:`.
    pub value: String,
}

/// Checks the physical layout (every line ≤ 75 octets, CRLF only, continuation lines
/// start with a space, each line valid UTF-8 on its own) and the component nesting, and
/// returns the unfolded content lines.
pub fn check_ics_layout(out: &str) -> Vec<ContentLine> {
    let bytes = out.as_bytes();
    assert!(out.ends_with("\r\n"), "calendar does not end with CRLF");
    let mut physical: Vec<&[u8]> = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("every physical line ends in CRLF");
        physical.push(&rest[..end]);
        rest = &rest[end + 2..];
    }
    let mut logical: Vec<String> = Vec::new();
    for (n, l) in physical.iter().enumerate() {
        assert!(
            l.len() <= MAX_LINE_OCTETS,
            "line {} is {} octets: {:?}",
            n + 1,
            l.len(),
            String::from_utf8_lossy(l)
        );
        assert!(
            !l.contains(&b'\r') && !l.contains(&b'\n'),
            "line {} has a bare CR or LF: {:?}",
            n + 1,
            String::from_utf8_lossy(l)
        );
        let text = std::str::from_utf8(l).unwrap_or_else(|e| {
            panic!(
                "line {} is not valid UTF-8 on its own (fold split a character): {e}",
                n + 1
            )
        });
        match text.strip_prefix(' ') {
            Some(cont) => {
                assert!(!cont.is_empty(), "line {}: empty continuation line", n + 1);
                logical
                    .last_mut()
                    .unwrap_or_else(|| panic!("calendar starts with a continuation line"))
                    .push_str(cont);
            }
            None => {
                assert!(!text.starts_with('\t'), "line {} starts with a TAB", n + 1);
                logical.push(text.to_string());
            }
        }
    }
    let lines: Vec<ContentLine> = logical
        .iter()
        .map(|l| {
            let colon = l
                .find(':')
                .unwrap_or_else(|| panic!("content line without ':' {l:?}"));
            let head = &l[..colon];
            let (name, params) = match head.find(';') {
                Some(i) => (&head[..i], &head[i..]),
                None => (head, ""),
            };
            assert!(
                !name.is_empty()
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-'),
                "bad property name {name:?}"
            );
            ContentLine {
                name: name.to_string(),
                params: params.to_string(),
                value: l[colon + 1..].to_string(),
            }
        })
        .collect();
    let mut stack: Vec<&str> = Vec::new();
    for l in &lines {
        match l.name.as_str() {
            "BEGIN" => stack.push(&l.value),
            "END" => assert_eq!(
                stack.pop(),
                Some(l.value.as_str()),
                "END:{} unmatched",
                l.value
            ),
            _ => assert!(!stack.is_empty(), "property {} outside VCALENDAR", l.name),
        }
    }
    assert!(stack.is_empty(), "unclosed components {stack:?}");
    assert_eq!(lines.first().map(|l| l.value.as_str()), Some("VCALENDAR"));
    assert_eq!(lines.last().map(|l| l.name.as_str()), Some("END"));
    lines
}

/// One VEVENT's properties, in order.
pub type Event = Vec<ContentLine>;

/// Splits content lines into VEVENTs (alarms' lines are kept inside their event).
pub fn events(lines: &[ContentLine]) -> Vec<Event> {
    let mut out = Vec::new();
    let mut cur: Option<Event> = None;
    for l in lines {
        match (l.name.as_str(), l.value.as_str()) {
            ("BEGIN", "VEVENT") => cur = Some(Vec::new()),
            ("END", "VEVENT") => out.push(cur.take().expect("END:VEVENT after BEGIN")),
            _ => {
                if let Some(e) = cur.as_mut() {
                    e.push(l.clone());
                }
            }
        }
    }
    out
}

/// The first property called `name` in an event (outside any VALARM).
pub fn prop<'a>(e: &'a Event, name: &str) -> Option<&'a ContentLine> {
    let mut in_alarm = false;
    for l in e {
        match (l.name.as_str(), l.value.as_str()) {
            ("BEGIN", "VALARM") => in_alarm = true,
            ("END", "VALARM") => in_alarm = false,
            _ if !in_alarm && l.name == name => return Some(l),
            _ => {}
        }
    }
    None
}

/// A DATE (`20261207`) or DATE-TIME (`20261207T070000`, `...Z`) in RFC 5545 form: four-digit
/// years only. Returns the instant as a naive date-time (midnight for a DATE).
pub fn ics_time(l: &ContentLine) -> Result<NaiveDateTime, String> {
    let v = l.value.as_str();
    let date_only = l.params == ";VALUE=DATE";
    let ok = if date_only {
        v.len() == 8 && v.bytes().all(|b| b.is_ascii_digit())
    } else {
        let core = v.strip_suffix('Z').unwrap_or(v);
        core.len() == 15
            && core.as_bytes()[8] == b'T'
            && core
                .bytes()
                .enumerate()
                .all(|(i, b)| i == 8 || b.is_ascii_digit())
    };
    if !ok {
        return Err(format!(
            "{}{}:{v} is not an RFC 5545 date or date-time",
            l.name, l.params
        ));
    }
    if date_only {
        NaiveDate::parse_from_str(v, "%Y%m%d")
            .map(|d| d.and_time(NaiveTime::MIN))
            .map_err(|e| format!("{v}: {e}"))
    } else {
        NaiveDateTime::parse_from_str(v.trim_end_matches('Z'), "%Y%m%dT%H%M%S")
            .map_err(|e| format!("{v}: {e}"))
    }
}

/// The calendar-level checks shared by the targets: layout, one event per session (and
/// recovery day), unique UIDs, well-formed TEXT values, DTEND after DTSTART. Returns the
/// unfolded content lines and the events.
pub fn check_ics(out: &str, plan: &Plan, opts: &IcsOptions) -> (Vec<ContentLine>, Vec<Event>) {
    let lines = check_ics_layout(out);
    for l in &lines {
        if matches!(
            l.name.as_str(),
            "SUMMARY" | "DESCRIPTION" | "NAME" | "X-WR-CALNAME"
        ) && let Err(e) = ics_text_value(&l.value)
        {
            panic!("{}: {e}", l.name);
        }
    }
    let evs = events(&lines);
    let sessions: usize = plan.weeks.iter().map(|w| w.sessions.len()).sum();
    let recovery: usize = plan.weeks.iter().map(|w| w.recovery_days.len()).sum();
    let expected = sessions + if opts.include_recovery { recovery } else { 0 };
    assert_eq!(
        evs.len(),
        expected,
        "one VEVENT per session (and recovery day)"
    );
    let mut uids = HashSet::new();
    for e in &evs {
        let uid = prop(e, "UID").expect("every event has a UID");
        // Plan id: letters, digits, `-` and `.` (`plan_id`); the date part may
        // carry chrono's `+` for years past 9999 (reported separately via DTSTART).
        assert!(
            uid.value
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-.@+".contains(&b)),
            "UID {:?} has unsafe characters",
            uid.value
        );
        assert!(
            uids.insert(uid.value.clone()),
            "duplicate UID {}",
            uid.value
        );
        assert!(prop(e, "DTSTAMP").is_some(), "every event has a DTSTAMP");
        assert!(prop(e, "SUMMARY").is_some(), "every event has a SUMMARY");
        let start = prop(e, "DTSTART").expect("every event has a DTSTART");
        let end = prop(e, "DTEND").expect("every event has a DTEND");
        assert_eq!(start.params, end.params, "DTSTART and DTEND of one kind");
        assert_eq!(
            start.value.ends_with('Z'),
            end.value.ends_with('Z'),
            "DTSTART and DTEND both UTC or both floating"
        );
        let (s, t) = match (ics_time(start), ics_time(end)) {
            (Ok(s), Ok(t)) => (s, t),
            (Err(e), _) | (_, Err(e)) => panic!("{e}"),
        };
        let dst_zone = opts.tz.is_some_and(|z| z != chrono_tz::UTC);
        if !(dst_zone && skipping(Skip::DstDtend)) {
            assert!(
                t > s,
                "DTEND {} is not after DTSTART {} (RFC 5545 3.6.1)",
                end.value,
                start.value
            );
        }
    }
    (lines, evs)
}

// ---------------------------------------------------------------------------------------
// CSV, JSON, markdown.

/// Parses the CSV back: the documented header, every column on every row, one row per
/// session (and recovery day when asked). Returns the records.
pub fn check_csv(out: &str, plan: &Plan, include_recovery: bool) -> Vec<csv::StringRecord> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(out.as_bytes());
    let header = r.headers().expect("CSV header").clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        vmo::render::csv::COLUMNS.to_vec(),
        "CSV header is the documented one"
    );
    let records: Vec<csv::StringRecord> = r
        .records()
        .map(|rec| rec.expect("CSV parses back"))
        .collect();
    let sessions: usize = plan.weeks.iter().map(|w| w.sessions.len()).sum();
    let recovery: usize = plan.weeks.iter().map(|w| w.recovery_days.len()).sum();
    let expected = sessions + if include_recovery { recovery } else { 0 };
    assert_eq!(
        records.len(),
        expected,
        "one CSV row per session (and recovery day)"
    );
    for rec in &records {
        assert_eq!(
            rec.len(),
            vmo::render::csv::COLUMNS.len(),
            "every row has every column"
        );
    }
    records
}

/// Parses the JSON back; returns it.
pub fn check_json(out: &str, plan: &Plan) -> serde_json::Value {
    assert!(out.ends_with('\n'), "JSON ends with a newline");
    let v: serde_json::Value = serde_json::from_str(out).expect("JSON parses back");
    assert_eq!(
        v["weeks"].as_array().map(Vec::len),
        Some(plan.weeks.len()),
        "JSON has every week"
    );
    assert_eq!(v["template"].as_str(), Some(plan.template.as_str()));
    v
}

/// Counts `|` not escaped by a backslash.
fn unescaped_pipes(line: &str) -> usize {
    let mut n = 0;
    let mut backslashes = 0;
    for c in line.chars() {
        match c {
            '\\' => backslashes += 1,
            '|' if backslashes % 2 == 0 => {
                n += 1;
                backslashes = 0;
            }
            _ => backslashes = 0,
        }
    }
    n
}

/// Every markdown table row has exactly the header's cells ("pipes and line breaks would
/// end the cell or the row", `render/markdown.rs`); one table per week.
pub fn check_markdown(out: &str, plan: &Plan, hide_recovery: bool) {
    let header = format!("| {} |", vmo::render::text::header(false).join(" | "));
    let cells = vmo::render::text::header(false).len();
    let mut lines = out.lines().peekable();
    let mut tables = 0;
    while let Some(l) = lines.next() {
        if l != header {
            continue;
        }
        tables += 1;
        let sep = lines.next().expect("separator row");
        assert_eq!(sep, format!("|{}", "---|".repeat(cells)));
        let week = &plan.weeks[tables - 1];
        let expected = week.sessions.len()
            + if hide_recovery {
                0
            } else {
                week.recovery_days.len()
            };
        for k in 0..expected {
            let row = lines
                .next()
                .unwrap_or_else(|| panic!("week {}: markdown row {k} missing", week.number));
            assert!(
                row.starts_with("| ") && row.ends_with(" |"),
                "week {}: row {k} is not a table row: {row:?}",
                week.number
            );
            assert_eq!(
                unescaped_pipes(row),
                cells + 1,
                "week {}: row {k} has the wrong number of cells: {row:?}",
                week.number
            );
        }
        assert_eq!(
            lines.next(),
            Some(""),
            "week {}: table ends after its rows",
            week.number
        );
    }
    assert_eq!(tables, plan.weeks.len(), "one markdown table per week");
}

/// The border-free week table as comfy-table writes it (`NOTHING` preset, no wrapping,
/// padding (0, 2), trailing whitespace trimmed): the reference for `render/table.rs`'s
/// own writer, which promises the same bytes.
pub fn comfy_week_table(
    week: &vmo::plan::Week,
    unit: Unit,
    color: bool,
    hide_recovery: bool,
) -> String {
    use comfy_table::{Attribute, Cell, ContentArrangement, Table, presets};
    let header = vmo::render::text::header(true);
    let mut t = Table::new();
    t.load_style(presets::NOTHING);
    t.set_content_arrangement(ContentArrangement::Disabled);
    t.force_no_tty();
    if color {
        t.enforce_styling();
        t.set_header(
            header
                .iter()
                .map(|h| Cell::new(h).add_attribute(Attribute::Bold)),
        );
    } else {
        t.set_header(header.clone());
    }
    for col in t.column_iter_mut() {
        col.set_padding((0, 2));
    }
    for row in vmo::render::text::week_rows(week, unit, true, hide_recovery) {
        t.add_row(row);
    }
    let mut out = String::new();
    for line in t.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The plain table (no terminal width) holds, week after week, exactly the table
/// comfy-table would write for that week's rows.
pub fn check_table(out: &str, plan: &Plan, style: Style) {
    assert!(style.width.is_none());
    let mut from = 0;
    for w in &plan.weeks {
        let want = comfy_week_table(w, plan.units, style.color, style.hide_recovery);
        match out[from..].find(&want) {
            Some(i) => from += i + want.len(),
            None => panic!(
                "week {}: the table differs from comfy-table's.\n--- comfy-table ---\n{want}--- vmo (from here) ---\n{}",
                w.number,
                &out[from..]
            ),
        }
    }
}

/// Renders every format with the given options and checks each.
pub fn render_all(plan: &Plan, s: &Setup) {
    let _ = vmo::render::table::render(plan, s.style);
    let plain = Style {
        width: None,
        ..s.style
    };
    check_table(&vmo::render::table::render(plan, plain), plan, plain);
    let md = vmo::render::markdown::render(plan, s.style.hide_recovery);
    check_markdown(&md, plan, s.style.hide_recovery);
    let json = vmo::render::json::render(plan);
    check_json(&json, plan);
    let csv = vmo::render::csv::render(plan, s.ics.include_recovery);
    check_csv(&csv, plan, s.ics.include_recovery);
    let ics = vmo::render::ics::render(plan, &s.ics);
    check_ics(&ics, plan, &s.ics);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sorted entries of a folder.
    fn listing(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        v.sort();
        v
    }

    fn panic_text(e: &(dyn std::any::Any + Send)) -> String {
        e.downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "(no message)".to_string())
    }

    /// Every committed seed of every target (`fuzz/corpus/<target>/*`) goes through its
    /// target's check, so a check that has gone stale fails here instead of crashing the
    /// next fuzz run on its first input. Targets come from the folder: a corpus without a
    /// check in [`TARGETS`] fails, and so does a target without seeds or a fuzz_targets
    /// file that does not call its check.
    #[test]
    fn every_committed_seed_passes_its_targets_check() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut failures: Vec<String> = Vec::new();
        let mut seen = Vec::new();
        for dir in listing(&root.join("corpus")) {
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            if !dir.is_dir() {
                failures.push(format!("corpus/{name}: not a target's folder"));
                continue;
            }
            seen.push(name.clone());
            let Some(check) = check_for(&name) else {
                failures.push(format!(
                    "corpus/{name}: no check_{name} in vmo_fuzz::TARGETS for these seeds"
                ));
                continue;
            };
            let seeds = listing(&dir);
            if seeds.is_empty() {
                failures.push(format!("corpus/{name}: no seeds"));
            }
            for seed in seeds {
                let file = seed.file_name().unwrap().to_string_lossy().into_owned();
                let data = std::fs::read(&seed).unwrap();
                if data.len() > MAX_SEED_BYTES {
                    failures.push(format!(
                        "corpus/{name}/{file}: {} bytes (seeds stay under {MAX_SEED_BYTES})",
                        data.len()
                    ));
                }
                let open = OPEN_BUGS
                    .iter()
                    .find(|b| b.target == name && b.seed == file);
                match (std::panic::catch_unwind(|| check(&data)), open) {
                    (Ok(()), None) => {}
                    (Ok(()), Some(b)) => eprintln!(
                        "corpus/{name}/{file} passes: {} is fixed, remove it from OPEN_BUGS",
                        b.bug
                    ),
                    (Err(e), Some(b)) if panic_text(&*e).contains(b.panics_with) => {
                        eprintln!("corpus/{name}/{file}: still open: {}", b.bug)
                    }
                    (Err(e), _) => {
                        failures.push(format!("corpus/{name}/{file}: {}", panic_text(&*e)))
                    }
                }
            }
        }
        for (name, _) in TARGETS {
            if !seen.iter().any(|s| s == name) {
                failures.push(format!("target {name}: no fuzz/corpus/{name}/ seeds"));
            }
        }
        for file in listing(&root.join("fuzz_targets")) {
            let name = file.file_stem().unwrap().to_string_lossy().into_owned();
            let src = std::fs::read_to_string(&file).unwrap();
            if check_for(&name).is_none() || !src.contains(&format!("vmo_fuzz::check_{name}(data)"))
            {
                failures.push(format!(
                    "fuzz_targets/{name}.rs: does not call vmo_fuzz::check_{name}(data) from TARGETS"
                ));
            }
        }
        for b in OPEN_BUGS {
            if !root.join("corpus").join(b.target).join(b.seed).is_file() {
                failures.push(format!("OPEN_BUGS: no corpus/{}/{}", b.target, b.seed));
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }

    #[test]
    fn text_model_and_unescape_agree_with_vmo() {
        for s in [
            "plain",
            "a;b,c\\d",
            "one\r\ntwo\rthree\nfour",
            "tab\there\u{7}bell\u{85}nel\u{7f}del",
            "🦵 é ×",
            "\\n is not a newline",
        ] {
            let escaped = vmo::render::ics::escape(s);
            assert_eq!(
                ics_text_value(&escaped).unwrap(),
                expected_ics_text(s),
                "{s:?}"
            );
        }
        assert!(ics_text_value("a;b").is_err());
        assert!(ics_text_value("a\\x").is_err());
        assert!(ics_text_value("a\\").is_err());
    }

    #[test]
    fn pipes() {
        assert_eq!(unescaped_pipes("| a \\| b |"), 2);
        assert_eq!(unescaped_pipes("| a \\\\| b |"), 3);
    }

    #[test]
    fn builtins_pass_every_check() {
        for b in vmo::template::BUILTINS {
            let t = vmo::template::parse(b.name, b.source).unwrap();
            for h0 in [2u8, 0] {
                let mut h = [0u8; HEADER_LEN];
                h[0] = h0;
                h[1] = 30;
                h[5] = 0x03;
                h[6] = 100;
                h[7] = 100;
                h[8] = 0x41 | 0x02 | (1 << 2) | 0x20;
                h[9] = 7;
                let s = setup(&h);
                let plan = vmo::plan::generate(&t, &s.request).unwrap();
                check_plan(&plan, &t, &s.request);
                render_all(&plan, &s);
            }
        }
    }
}
