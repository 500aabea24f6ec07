//! The plan as an iCalendar file (RFC 5545) that calendar apps import: one `VEVENT` per
//! training session, optionally one all-day, transparent event per recovery day.
//!
//! A small writer of our own rather than the `icalendar` crate: every property vmo writes
//! is fixed here (stable UIDs, DTSTAMP passed in, all-day DTEND on the next day, our own
//! PRODID), so there is nothing random or clock-dependent to override, and the folding and
//! escaping are short functions with their own tests.
//!
//! Identity and updates: `UID` is `{plan id}-w{week}-s{slot}@vmo` (recovery:
//! `...-w{week}-r{date}@vmo`), where the plan id ([`plan_id`]) names the template, the plan's
//! start as given and the client, never a session's date: re-importing a re-generated plan
//! (other days, times or numbers) moves and updates the same events. `SEQUENCE` is 0 in a
//! fresh export; with `--replaces` ([`Previous`]) it is the old event's, plus one when the
//! content changed, so clients that compare it take the update.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::units::Unit;
use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
    Timelike, Utc,
};
use chrono_tz::Tz;

use super::text;
use crate::duration::ical_duration;
use crate::plan::{PainRules, Plan, Prescription, RecoveryDay, Session, SessionKind, Week};
use crate::template::{push_digits, push_num, push_uint};

/// Longest content line in octets, including the leading space of a continuation line.
pub const MAX_LINE_OCTETS: usize = 75;

/// Warm-up time added to every session's estimated duration, minutes.
pub const WARM_UP_MINUTES: u32 = 10;

/// How to turn a plan into calendar events; decided at the edge, read-only here.
#[derive(Debug, Clone, PartialEq)]
pub struct IcsOptions {
    /// Start time of every session; `None` writes all-day events.
    pub at: Option<NaiveTime>,
    /// Length of a timed session in minutes; `None` estimates it from the prescription.
    pub duration_minutes: Option<u32>,
    /// Zone of `at`: times are converted and written in UTC. `None` writes floating time.
    pub tz: Option<Tz>,
    /// Minutes before the start for a display alarm.
    pub remind_minutes: Option<u32>,
    /// Add recovery days as all-day, transparent events.
    pub include_recovery: bool,
    /// The `DTSTAMP` of every event (from `SOURCE_DATE_EPOCH` or the clock).
    pub dtstamp: DateTime<Utc>,
    /// The start of every UID: which plan this is (see [`plan_id`]).
    pub plan_id: String,
}

/// The template a plan came from, as its identity sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateId<'a> {
    /// A built-in, by name.
    Builtin(&'a str),
    /// A user's template (a file or stdin), by the `name` written in it.
    User(&'a str),
}

/// The identity of a plan, the start of each of its UIDs: `{template}-{start}` plus
/// `-{client}` when one is named.
///
/// `start` is the start as given (not the first session's date), so other training days
/// keep every UID. A built-in is its name (`foundation`). A user template is its name made
/// safe plus `.` and a hash of the exact name (`my-plan.1b2c3d4e`): built-in names never
/// hold a `.`, so a user template called `foundation` never takes the built-in's UIDs, and
/// editing, moving or copying the file keeps them (a hash of the text or the path would
/// not). A client name made only of `a-z`, `0-9` and `-` is used as is (`ann`); any other
/// gets the same safe form and hash (`ann-b.105632be`), so `Ann B` and `ann-b` differ.
pub fn plan_id(template: TemplateId<'_>, start: NaiveDate, client: Option<&str>) -> String {
    let mut id = match template {
        TemplateId::Builtin(name) => slug(name),
        TemplateId::User(name) => hashed(name),
    };
    id.push('-');
    push_basic_date(&mut id, start);
    if let Some(c) = client {
        id.push('-');
        id.push_str(&client_id(c));
    }
    id
}

/// Bytes kept as they are in a UID's name parts.
const SLUG: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = matches!(b as u8, b'a'..=b'z' | b'0'..=b'9' | b'-');
        b += 1;
    }
    t
};

/// `s` lowercased, with every character but `a-z`, `0-9` and `-` turned into `-`.
/// A client's name as it appears in UIDs and folder names: as given when it is only
/// `a-z0-9-`, else made safe plus a hash, so "Ann B" and "ann-b" stay apart.
pub fn client_id(c: &str) -> String {
    if !c.is_empty() && c.bytes().all(|b| SLUG[usize::from(b)]) {
        c.to_string()
    } else {
        hashed(c)
    }
}

fn slug(s: &str) -> String {
    let out: String = s
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii() && SLUG[c as usize] {
                c
            } else {
                '-'
            }
        })
        .collect();
    if out.is_empty() {
        "plan".to_string()
    } else {
        out
    }
}

/// [`slug`]`(s)`, `.` and eight hex digits of the FNV-1a hash of `s` (stable across
/// versions and platforms, unlike std's hasher).
fn hashed(s: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("{}.{h:08x}", slug(s))
}

/// Whether `uid` is one of the plan `plan_id`'s: `{plan_id}-w{week}-s{slot}@vmo` or
/// `{plan_id}-w{week}-r{yyyymmdd}@vmo`, nothing more. Other products', other clients' and
/// other plans' UIDs are not.
pub fn owns(plan_id: &str, uid: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let Some(rest) = uid
        .strip_prefix(plan_id)
        .and_then(|r| r.strip_prefix("-w"))
        .and_then(|r| r.strip_suffix("@vmo"))
    else {
        return false;
    };
    match rest.split_once('-') {
        Some((week, tail)) if digits(week) => match tail.split_at_checked(1) {
            Some(("s", slot)) => digits(slot),
            Some(("r", date)) => digits(date) && date.len() == 8,
            _ => false,
        },
        _ => false,
    }
}

/// The calendar a new export replaces (`--replaces OLD.ics`): the events of this plan it
/// held, and the day the new plan applies from.
///
/// For each UID of the plan, old or new: an old event dated before `from` is written back
/// as it was (history is not rewritten, whatever the new plan says); otherwise the new
/// event is written, with the old `SEQUENCE` when its content (every property but
/// `DTSTAMP` and `SEQUENCE`) is the same and one more when it changed; a new event dated
/// before `from` that the old calendar did not have is left out; an old event the new plan
/// no longer has becomes a cancellation (`STATUS:CANCELLED`, `SEQUENCE` one more), or stays
/// as it was if it already was one.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Previous {
    /// The old calendar's events of this plan ([`owns`]), by UID.
    pub events: BTreeMap<String, OldEvent>,
    /// The first day the new plan applies to.
    pub from: NaiveDate,
}

/// One event of the old calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct OldEvent {
    /// Its `SEQUENCE` (0 when it has none).
    pub sequence: u32,
    /// The date of its `DTSTART` (in the export's zone for a UTC time).
    pub date: NaiveDate,
    /// It is already a cancellation.
    pub cancelled: bool,
    /// Every content line, unfolded and escaped as written, nested components as
    /// `BEGIN:`/`END:` lines; without the VEVENT's own `BEGIN`/`END`.
    pub lines: Vec<String>,
}

impl OldEvent {
    /// The lines that say what the event is: all but `DTSTAMP` and `SEQUENCE` (of the
    /// event itself, not of a nested alarm).
    fn content(&self) -> impl Iterator<Item = &str> {
        content_lines(self.lines.iter().map(String::as_str))
    }

    /// The first line of the event itself (not of a nested component) starting `name`.
    fn own(&self, name: &str) -> Option<&str> {
        self.lines
            .iter()
            .take_while(|l| !l.starts_with("BEGIN:"))
            .find(|l| l.starts_with(name))
            .map(String::as_str)
    }
}

/// What a replacing export did with each event, for a note on stderr.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    /// New events the old calendar did not have.
    pub added: usize,
    /// Events whose content changed (`SEQUENCE` one more).
    pub updated: usize,
    /// Events written again unchanged.
    pub unchanged: usize,
    /// Old events turned into cancellations.
    pub cancelled: usize,
    /// Old events written back as they were: before `from`, or already cancelled.
    pub kept: usize,
    /// New events before `from` that the old calendar did not have, left out.
    pub left_out: usize,
}

/// `lines` but the event's own `DTSTAMP` and `SEQUENCE`.
fn content_lines<'l>(lines: impl Iterator<Item = &'l str>) -> impl Iterator<Item = &'l str> {
    let mut depth = 0usize;
    lines.filter(move |l| {
        if l.starts_with("BEGIN:") {
            depth += 1;
        } else if l.starts_with("END:") {
            depth = depth.saturating_sub(1);
        }
        depth > 0 || !(l.starts_with("DTSTAMP:") || l.starts_with("SEQUENCE:"))
    })
}

/// Renders the whole calendar with CRLF line endings.
pub fn render(plan: &Plan, opts: &IcsOptions) -> String {
    render_with(plan, opts, None).0
}

/// Renders the calendar that replaces `previous` (see [`Previous`] for what happens to each
/// event), and says what changed.
pub fn render_replacing(plan: &Plan, opts: &IcsOptions, previous: &Previous) -> (String, Changes) {
    render_with(plan, opts, Some(previous))
}

fn render_with(plan: &Plan, opts: &IcsOptions, previous: Option<&Previous>) -> (String, Changes) {
    // About 900 octets per session event (1400 with the pain rule), reserved up front so
    // the text is rarely copied.
    let per_event = if plan.pain.is_some() { 1400 } else { 900 };
    let per_week = per_event * plan.days.len() + if opts.include_recovery { 400 * 7 } else { 0 };
    let mut out = String::with_capacity(1024 + plan.weeks.len() * per_week);
    let mut name = format!("vmo · {}", plan.template);
    if let Some(c) = &plan.client {
        name.push_str(" · ");
        name.push_str(c);
    }
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(
        &mut out,
        &format!("PRODID:-//vmo//vmo {}//EN", env!("CARGO_PKG_VERSION")),
    );
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, &format!("X-WR-CALNAME:{}", escape(&name)));
    line(&mut out, &format!("NAME:{}", escape(&name)));
    let mut w = Events {
        opts,
        stamp: opts.dtstamp.format("%Y%m%dT%H%M%SZ").to_string(),
        uid_base: opts.plan_id.clone(),
        unit: plan.units,
        client: plan.client.as_deref(),
        pain: plan.pain.as_ref(),
        prop: String::new(),
        title: String::new(),
        text: String::new(),
        uid: String::new(),
    };
    let mut order: Vec<(NaiveDate, bool, usize)> = Vec::new();
    let Some(prev) = previous else {
        for week in &plan.weeks {
            text::date_order(week, opts.include_recovery, &mut order);
            for &(_, recovery, i) in &order {
                if recovery {
                    w.recovery(&mut out, &week.recovery_days[i]);
                } else {
                    w.session(&mut out, week, &week.sessions[i]);
                }
            }
        }
        line(&mut out, "END:VCALENDAR");
        return (out, Changes::default());
    };
    // Each event is written on its own first, to compare it with the old one; then all go
    // out in date order (kept and cancelled old events among the new ones).
    let mut changes = Changes::default();
    let mut events: Vec<(NaiveDate, String)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut buf = String::new();
    for week in &plan.weeks {
        text::date_order(week, opts.include_recovery, &mut order);
        for &(date, recovery, i) in &order {
            buf.clear();
            if recovery {
                w.recovery(&mut buf, &week.recovery_days[i]);
            } else {
                w.session(&mut buf, week, &week.sessions[i]);
            }
            seen.insert(w.uid.clone());
            match prev.events.get(&w.uid) {
                Some(old) if old.date < prev.from => {
                    changes.kept += 1;
                    events.push((old.date, as_it_was(old)));
                }
                Some(old) => {
                    let unfolded = buf.replace("\r\n ", "");
                    let lines = unfolded.split_terminator("\r\n");
                    // Without the VEVENT's BEGIN and END, like `OldEvent::lines`.
                    let new = content_lines(lines.skip(1).take_while(|l| *l != "END:VEVENT"));
                    let sequence = if new.eq(old.content()) {
                        changes.unchanged += 1;
                        old.sequence
                    } else {
                        changes.updated += 1;
                        old.sequence.saturating_add(1)
                    };
                    if sequence != 0 {
                        buf = buf.replacen(
                            "\r\nSEQUENCE:0\r\n",
                            &format!("\r\nSEQUENCE:{sequence}\r\n"),
                            1,
                        );
                    }
                    events.push((date, buf.clone()));
                }
                None if date < prev.from => changes.left_out += 1,
                None => {
                    changes.added += 1;
                    events.push((date, buf.clone()));
                }
            }
        }
    }
    for (uid, old) in &prev.events {
        if seen.contains(uid) {
            continue;
        }
        if old.date < prev.from || old.cancelled {
            changes.kept += 1;
            events.push((old.date, as_it_was(old)));
        } else {
            changes.cancelled += 1;
            events.push((old.date, cancellation(uid, old, &w.stamp)));
        }
    }
    events.sort_by_key(|(date, _)| *date);
    for (_, e) in events {
        out.push_str(&e);
    }
    line(&mut out, "END:VCALENDAR");
    (out, changes)
}

/// An old event written back exactly as the old calendar had it.
fn as_it_was(old: &OldEvent) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VEVENT");
    for l in &old.lines {
        line(&mut out, l);
    }
    line(&mut out, "END:VEVENT");
    out
}

/// An old event's cancellation: same UID and time, one more `SEQUENCE`,
/// `STATUS:CANCELLED`, and free time for the clients that still show it.
fn cancellation(uid: &str, old: &OldEvent, stamp: &str) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VEVENT");
    line(&mut out, &format!("UID:{}", escape(uid)));
    line(&mut out, &format!("DTSTAMP:{stamp}"));
    line(
        &mut out,
        &format!("SEQUENCE:{}", old.sequence.saturating_add(1)),
    );
    for name in ["DTSTART", "DTEND", "SUMMARY"] {
        if let Some(l) = old
            .own(&format!("{name}:"))
            .or_else(|| old.own(&format!("{name};")))
        {
            line(&mut out, l);
        }
    }
    line(&mut out, "STATUS:CANCELLED");
    line(&mut out, "TRANSP:TRANSPARENT");
    line(&mut out, "END:VEVENT");
    out
}

/// `Cyclist squats · W2 · 3×12 · bodyweight` (plus `· light` / `· deload`); with a
/// client, `Cyclist squats · Ann K · W2 · …`.
pub fn summary(week: &Week, s: &Session, unit: Unit, client: Option<&str>) -> String {
    let mut t = String::new();
    push_summary(&mut t, week, s, unit, client);
    t
}

fn push_summary(t: &mut String, week: &Week, s: &Session, unit: Unit, client: Option<&str>) {
    let p = &s.prescription;
    // An alert leads the title: a calendar shows the start of it, and it must be seen.
    use crate::plan::knee_state::AlertKind;
    if s.alerts.iter().any(|a| a.kind == AlertKind::RedFlag) {
        t.push_str("RED FLAG: see a clinician · ");
    } else if s.alerts.iter().any(|a| a.kind == AlertKind::RecurringPain) {
        t.push_str("See your clinician · ");
    }
    t.push_str("Cyclist squats · ");
    if let Some(c) = client {
        t.push_str(c);
        t.push_str(" · ");
    }
    t.push('W');
    push_uint(t, u64::from(s.week));
    t.push_str(" · ");
    text::push_sets_reps(t, p);
    t.push_str(" · ");
    text::push_load(t, p, unit);
    if s.kind == SessionKind::Light {
        t.push_str(" · light");
    }
    if week.deload {
        t.push_str(" · deload");
    }
}

/// The whole prescription as plain text, one item per line: the phase, a light session's
/// purpose, the prescription (depth in degrees and in words), cues, notes and, when the plan
/// has them, the pain rule and red flags.
pub fn description(week: &Week, s: &Session, unit: Unit, pain: Option<&PainRules>) -> String {
    let mut d = String::new();
    push_description(&mut d, week, s, unit, pain);
    d
}

fn push_description(
    d: &mut String,
    week: &Week,
    s: &Session,
    unit: Unit,
    pain: Option<&PainRules>,
) {
    let p = &s.prescription;
    let kind = match s.kind {
        SessionKind::Hard => "",
        SessionKind::Light => ", light technique session",
    };
    let deload = if week.deload { ", deload week" } else { "" };
    for part in ["Phase: ", &s.phase, " (week "] {
        d.push_str(part);
    }
    push_uint(d, u64::from(s.week));
    for part in [deload, kind, ")\n"] {
        d.push_str(part);
    }
    for a in &s.alerts {
        d.push_str("ALERT: ");
        d.push_str(&a.message);
        d.push('\n');
    }
    if let Some(purpose) = &s.purpose {
        d.push_str("Purpose: ");
        d.push_str(purpose);
        d.push('\n');
    }
    for part in ["Exercise: ", &p.exercise, " (", p.variant.as_str()] {
        d.push_str(part);
    }
    d.push_str(")\nSets × reps: ");
    text::push_sets_reps(d, p);
    d.push_str("\nTempo: ");
    text::push_tempo(d, p.tempo);
    d.push_str(" (lower ");
    push_uint(d, u64::from(p.tempo.eccentric));
    d.push_str(" s, pause ");
    push_uint(d, u64::from(p.tempo.pause));
    d.push_str(" s, rise ");
    push_uint(d, u64::from(p.tempo.concentric));
    d.push_str(" s)\nHeel: ");
    text::push_heel(d, p, unit);
    d.push_str("\nDepth: ");
    text::push_depth_words(d, p);
    d.push_str("\nRest: ");
    text::push_rest(d, p.rest_seconds);
    d.push_str(" between sets\nEffort: RPE ");
    push_num(d, p.rpe);
    d.push_str("\nLoad: ");
    text::push_load(d, p, unit);
    if !p.cues.is_empty() {
        d.push_str("\nCues:");
        for c in &p.cues {
            d.push_str("\n- ");
            d.push_str(c);
        }
    }
    if !s.notes.is_empty() {
        d.push_str("\nNotes:");
        for n in &s.notes {
            d.push_str("\n- ");
            d.push_str(n);
        }
    }
    if let Some(pain) = pain {
        if !pain.rules.is_empty() {
            d.push_str("\nPain rule:");
            for r in &pain.rules {
                d.push_str("\n- ");
                d.push_str(r);
            }
        }
        if !pain.red_flags.is_empty() {
            d.push('\n');
            d.push_str(&pain.red_flags);
        }
    }
}

/// Estimated minutes for a session: sets × reps × tempo + rests between sets + warm-up,
/// rounded up to 5 minutes.
pub fn estimated_minutes(p: &Prescription) -> u32 {
    let work = p.sets * p.reps * p.tempo.rep_seconds();
    let rest = p.sets.saturating_sub(1) * p.rest_seconds;
    let minutes = (work + rest).div_ceil(60) + WARM_UP_MINUTES;
    minutes.div_ceil(5) * 5
}

/// Writes events straight into the calendar, reusing its buffers from event to event.
struct Events<'a> {
    opts: &'a IcsOptions,
    /// `DTSTAMP` value.
    stamp: String,
    /// The plan id that starts every UID.
    uid_base: String,
    unit: Unit,
    /// Whose plan it is, named in every SUMMARY (never in a UID, which keeps its id).
    client: Option<&'a str>,
    /// The plan's pain rule, added to every session's description.
    pain: Option<&'a PainRules>,
    /// The content line being written, before folding.
    prop: String,
    /// The session's SUMMARY text, before escaping.
    title: String,
    /// The session's DESCRIPTION text, before escaping.
    text: String,
    /// The UID of the event written last.
    uid: String,
}

impl Events<'_> {
    /// Folds the content line in `prop` into `out`.
    fn end(&self, out: &mut String) {
        line(out, &self.prop);
    }

    fn head(&mut self, out: &mut String) {
        line(out, "BEGIN:VEVENT");
    }

    fn stamp(&mut self, out: &mut String) {
        prop_line(&mut self.prop, "DTSTAMP:").push_str(&self.stamp);
        self.end(out);
        line(out, "SEQUENCE:0");
    }

    /// All-day: `DTSTART;VALUE=DATE` and an exclusive `DTEND` on the next day.
    fn all_day(&mut self, out: &mut String, date: NaiveDate) {
        let next = date.succ_opt().unwrap_or(date);
        push_basic_date(prop_line(&mut self.prop, "DTSTART;VALUE=DATE:"), date);
        self.end(out);
        push_basic_date(prop_line(&mut self.prop, "DTEND;VALUE=DATE:"), next);
        self.end(out);
    }

    fn session(&mut self, out: &mut String, week: &Week, s: &Session) {
        self.head(out);
        let uid = prop_line(&mut self.prop, "UID:");
        uid.push_str(&self.uid_base);
        uid.push_str("-w");
        push_uint(uid, u64::from(s.week));
        uid.push_str("-s");
        push_uint(uid, u64::from(s.slot));
        uid.push_str("@vmo");
        self.uid.clear();
        self.uid.push_str(&self.prop["UID:".len()..]);
        self.end(out);
        self.stamp(out);
        match self.opts.at {
            None => self.all_day(out, s.date),
            Some(at) => {
                let minutes = self
                    .opts
                    .duration_minutes
                    .unwrap_or_else(|| estimated_minutes(&s.prescription));
                let length = Duration::minutes(i64::from(minutes));
                let local = s.date.and_time(at);
                match self.opts.tz {
                    None => {
                        push_basic_date_time(prop_line(&mut self.prop, "DTSTART:"), local);
                        self.end(out);
                        let end = prop_line(&mut self.prop, "DTEND:");
                        push_basic_date_time(end, local + length);
                        self.end(out);
                    }
                    Some(tz) => {
                        // The end is the start instant plus the length: converting the
                        // local end separately could put it before the start across a
                        // daylight-saving gap.
                        let start = to_utc(local, tz);
                        let dtstart = prop_line(&mut self.prop, "DTSTART:");
                        push_basic_date_time(dtstart, start);
                        dtstart.push('Z');
                        self.end(out);
                        let dtend = prop_line(&mut self.prop, "DTEND:");
                        push_basic_date_time(dtend, start + length);
                        dtend.push('Z');
                        self.end(out);
                    }
                }
            }
        }
        self.title.clear();
        push_summary(&mut self.title, week, s, self.unit, self.client);
        self.text.clear();
        push_description(&mut self.text, week, s, self.unit, self.pain);
        self.prop.clear();
        self.prop.push_str("SUMMARY:");
        escape_into(&mut self.prop, &self.title);
        self.end(out);
        self.prop.clear();
        self.prop.push_str("DESCRIPTION:");
        escape_into(&mut self.prop, &self.text);
        self.end(out);
        line(out, "CATEGORIES:vmo,Training");
        if let Some(m) = self.opts.remind_minutes {
            line(out, "BEGIN:VALARM");
            line(out, "ACTION:DISPLAY");
            line(out, &format!("TRIGGER:-{}", ical_duration(m)));
            self.prop.clear();
            self.prop.push_str("DESCRIPTION:");
            escape_into(&mut self.prop, &self.title);
            self.end(out);
            line(out, "END:VALARM");
        }
        line(out, "END:VEVENT");
    }

    fn recovery(&mut self, out: &mut String, r: &RecoveryDay) {
        self.head(out);
        let uid = prop_line(&mut self.prop, "UID:");
        uid.push_str(&self.uid_base);
        uid.push_str("-w");
        push_uint(uid, u64::from(r.week));
        uid.push_str("-r");
        push_basic_date(uid, r.date);
        self.prop.push_str("@vmo");
        self.uid.clear();
        self.uid.push_str(&self.prop["UID:".len()..]);
        self.end(out);
        self.stamp(out);
        self.all_day(out, r.date);
        let summary = prop_line(&mut self.prop, "SUMMARY:");
        if text::red_flag(r) {
            summary.push_str("RED FLAG: no squats, see a clinician · ");
        }
        summary.push_str("Recovery day · ");
        if let Some(c) = self.client {
            escape_into(summary, c);
            summary.push_str(" · ");
        }
        let _ = write!(summary, "W{}", r.week);
        self.end(out);
        escape_into(prop_line(&mut self.prop, "DESCRIPTION:"), &r.guidance);
        self.end(out);
        line(out, "CATEGORIES:vmo,Recovery");
        line(out, "TRANSP:TRANSPARENT");
        line(out, "END:VEVENT");
    }
}

/// Starts the content line in `prop` with `name` (e.g. `UID:`).
fn prop_line<'p>(prop: &'p mut String, name: &str) -> &'p mut String {
    prop.clear();
    prop.push_str(name);
    prop
}

/// Appends `date` as `%Y%m%d` formats it (`20261207`).
fn push_basic_date(out: &mut String, date: NaiveDate) {
    let y = date.year();
    if (0..=9999).contains(&y) {
        push_digits(out, y as u64, 4);
        push_digits(out, u64::from(date.month()), 2);
        push_digits(out, u64::from(date.day()), 2);
    } else {
        let _ = write!(out, "{}", date.format("%Y%m%d"));
    }
}

/// Floating local time (`20261207T070000`) or, with a zone, UTC (`20261207T060000Z`).
/// A wall-clock time that does not exist (spring-forward gap) moves one hour later; an
/// ambiguous one (fall-back) takes the earlier instant.
#[cfg(test)]
fn timed(local: NaiveDateTime, tz: Option<Tz>) -> String {
    let mut s = String::new();
    push_timed(&mut s, local, tz);
    s
}

/// Appends what [`timed`] returns.
#[cfg(test)]
fn push_timed(out: &mut String, local: NaiveDateTime, tz: Option<Tz>) {
    match tz {
        None => push_basic_date_time(out, local),
        Some(tz) => {
            push_basic_date_time(out, to_utc(local, tz));
            out.push('Z');
        }
    }
}

/// The UTC instant of a wall-clock time in `tz` (see [`timed`] for gaps and overlaps).
fn to_utc(local: NaiveDateTime, tz: Tz) -> NaiveDateTime {
    let utc = match tz.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        LocalResult::None => match tz.from_local_datetime(&(local + Duration::hours(1))) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
            LocalResult::None => Utc.from_utc_datetime(&local),
        },
    };
    utc.naive_utc()
}

/// Appends `t` as `%Y%m%dT%H%M%S` formats it.
fn push_basic_date_time(out: &mut String, t: NaiveDateTime) {
    if (0..=9999).contains(&t.year()) && t.nanosecond() < 1_000_000_000 {
        push_basic_date(out, t.date());
        out.push('T');
        for part in [t.hour(), t.minute(), t.second()] {
            push_digits(out, u64::from(part), 2);
        }
    } else {
        let _ = write!(out, "{}", t.format("%Y%m%dT%H%M%S"));
    }
}

/// RFC 5545 TEXT escaping: `\` `;` `,` and newlines; other control characters are dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// Bytes [`escape_into`] must look at: `\` `;` `,`, C0 controls but tab, DEL, and 0xC2
/// (the first byte of the C1 controls, U+0080–U+009F, as well as of `°`, `·`, …).
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = b != b'\t' as usize;
        b += 1;
    }
    t[b'\\' as usize] = true;
    t[b';' as usize] = true;
    t[b',' as usize] = true;
    t[0x7f] = true;
    t[0xc2] = true;
    t
};

/// Appends [`escape`]`(s)`, copying the runs between special characters whole.
fn escape_into(out: &mut String, s: &str) {
    let b = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i..].iter().position(|&c| SPECIAL[usize::from(c)]) {
            Some(n) => i += n,
            None => break,
        }
        let (with, len) = match b[i] {
            b'\\' => ("\\\\", 1),
            b';' => ("\\;", 1),
            b',' => ("\\,", 1),
            // CRLF is one line break: the CR goes, the LF becomes `\n`.
            b'\r' if b.get(i + 1) == Some(&b'\n') => ("", 1),
            b'\r' | b'\n' => ("\\n", 1),
            // Other C0 controls and DEL; C1 controls (U+0080–U+009F) are 0xC2 0x80–0x9F.
            0..=0x1f | 0x7f => ("", 1),
            0xc2 if matches!(b.get(i + 1), Some(0x80..=0x9f)) => ("", 2),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[run..i]);
        out.push_str(with);
        i += len;
        run = i;
    }
    out.push_str(&s[run..]);
}

/// Folds one content line at 75 octets (continuation lines start with a space, which
/// counts), never inside a UTF-8 character, and ends every physical line with CRLF.
pub fn fold(content: &str) -> String {
    let mut out = String::with_capacity(content.len() + content.len() / 70 * 3 + 2);
    line(&mut out, content);
    out
}

/// Appends [`fold`]`(content)`: each physical line is the longest run of whole characters
/// that fits.
fn line(out: &mut String, content: &str) {
    let mut rest = content;
    let mut room = MAX_LINE_OCTETS;
    while rest.len() > room {
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        room = MAX_LINE_OCTETS - 1;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unfold(s: &str) -> String {
        s.replace("\r\n ", "").replace("\r\n", "\n")
    }

    #[test]
    fn escaping_text() {
        assert_eq!(escape(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(escape("one\ntwo\r\nthree\rfour"), r"one\ntwo\nthree\nfour");
        assert_eq!(escape("bell\u{7}"), "bell");
        assert_eq!(escape("emoji 🦵 ok"), "emoji 🦵 ok");
    }

    #[test]
    fn short_lines_are_not_folded() {
        assert_eq!(fold("VERSION:2.0"), "VERSION:2.0\r\n");
        let exactly = "X".repeat(75);
        assert_eq!(fold(&exactly), format!("{exactly}\r\n"));
    }

    #[test]
    fn folding_counts_octets_and_the_leading_space() {
        let long = format!("DESCRIPTION:{}", "a".repeat(300));
        let folded = fold(&long);
        for l in folded.split_terminator("\r\n") {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let lines: Vec<&str> = folded.split_terminator("\r\n").collect();
        assert_eq!(lines[0].len(), 75);
        assert_eq!(lines[1].len(), 75);
        assert!(lines[1].starts_with(' '));
        assert_eq!(unfold(&folded), format!("{long}\n"));
    }

    #[test]
    fn folding_never_splits_a_character() {
        for prefix in 0..8 {
            let long = format!("SUMMARY:{}{}", "x".repeat(prefix), "🦵é×ü€".repeat(40));
            let folded = fold(&long);
            for l in folded.split_terminator("\r\n") {
                assert!(l.len() <= 75);
                // Each physical line is valid UTF-8 on its own.
                assert!(std::str::from_utf8(l.as_bytes()).is_ok());
            }
            assert_eq!(unfold(&folded), format!("{long}\n"));
        }
    }

    #[test]
    fn time_zones_convert_to_utc() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let seven = d.and_hms_opt(7, 0, 0).unwrap();
        assert_eq!(timed(seven, None), "20261207T070000");
        assert_eq!(
            timed(seven, Some(chrono_tz::Europe::Berlin)),
            "20261207T060000Z"
        );
        let summer = NaiveDate::from_ymd_opt(2026, 7, 6)
            .unwrap()
            .and_hms_opt(7, 0, 0)
            .unwrap();
        assert_eq!(
            timed(summer, Some(chrono_tz::Europe::Berlin)),
            "20260706T050000Z"
        );
        // 02:30 does not exist in Berlin on 2026-03-29: one hour later, 03:30 CEST.
        let gap = NaiveDate::from_ymd_opt(2026, 3, 29)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert_eq!(
            timed(gap, Some(chrono_tz::Europe::Berlin)),
            "20260329T013000Z"
        );
    }

    fn sample_opts() -> IcsOptions {
        IcsOptions {
            at: None,
            duration_minutes: None,
            tz: None,
            remind_minutes: None,
            include_recovery: true,
            dtstamp: DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
            plan_id: "sample-20261207".to_string(),
        }
    }

    /// (summary, description) of every event, as the `icalendar` crate reads them back.
    fn events(raw: &str) -> Vec<(String, String)> {
        use icalendar::Component as _;
        let cal: icalendar::Calendar = raw.parse().expect("icalendar parses it");
        cal.components
            .iter()
            .filter_map(|c| c.as_event())
            .map(|e| {
                (
                    e.get_summary().unwrap().to_string(),
                    e.get_description().unwrap().to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn every_session_describes_the_pain_rule_and_red_flags() {
        let plan = crate::render::sample::plan(true);
        let pain = plan.pain.as_ref().unwrap();
        let evs = events(&render(&plan, &sample_opts()));
        let (sessions, recovery): (Vec<_>, Vec<_>) = evs
            .iter()
            .partition(|(summary, _)| summary.starts_with("Cyclist"));
        assert_eq!(sessions.len(), 4);
        assert_eq!(recovery.len(), 10);
        for (_, d) in &sessions {
            let rules: String = pain.rules.iter().map(|r| format!("\n- {r}")).collect();
            assert!(d.contains(&format!("\nPain rule:{rules}\n")), "{d}");
            assert!(d.ends_with(&format!("\n{}", pain.red_flags)), "{d}");
        }
        for (_, d) in &recovery {
            assert!(!d.contains("Pain rule"), "{d}");
        }
        let without = render(&crate::render::sample::plan(false), &sample_opts());
        assert!(!without.contains("Pain rule"));
        assert!(!without.contains("Red flags"));
    }

    #[test]
    fn descriptions_give_depth_in_words_and_a_light_sessions_purpose() {
        let plan = crate::render::sample::plan(false);
        let evs = events(&render(&plan, &sample_opts()));
        let sessions: Vec<_> = evs
            .iter()
            .filter(|(s, _)| s.starts_with("Cyclist"))
            .collect();
        assert_eq!(sessions.len(), 4);
        let purpose = format!(
            "light technique session)\nPurpose: {}\nExercise: ",
            crate::render::sample::PURPOSE
        );
        for (summary, d) in sessions {
            assert!(d.starts_with("Phase: "), "{d}");
            assert!(d.contains("\nDepth: 90° (right angle)\n"), "{d}");
            assert_eq!(summary.ends_with(" · light"), d.contains(&purpose), "{d}");
            assert_eq!(d.contains("Purpose: "), d.contains(&purpose), "{d}");
        }
    }

    #[test]
    fn plan_ids_name_template_start_and_client() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let id = |t, c| plan_id(t, d, c);
        assert_eq!(
            id(TemplateId::Builtin("knee-friendly"), None),
            "knee-friendly-20261126"
        );
        assert_eq!(
            id(TemplateId::Builtin("foundation"), Some("ann")),
            "foundation-20261126-ann"
        );
        let user = id(TemplateId::User("foundation"), None);
        assert!(user.starts_with("foundation."), "{user}");
        assert_ne!(user, id(TemplateId::Builtin("foundation"), None));
        // Names that make the same safe form still differ.
        let a = id(TemplateId::Builtin("foundation"), Some("Ann B"));
        let b = id(TemplateId::Builtin("foundation"), Some("ann-b"));
        assert_ne!(a, b);
        assert!(a.starts_with("foundation-20261126-ann-b."), "{a}");
        assert_ne!(
            id(TemplateId::User("My Plan"), None),
            id(TemplateId::User("my-plan"), None)
        );
        // Stable across versions: a changed hash would orphan every exported event.
        assert_eq!(hashed("Ann B"), "ann-b.105632be");
        for (t, c) in [
            (TemplateId::User("Plan; 1/2"), Some("Zoë\n")),
            (TemplateId::Builtin("athlete"), Some("x")),
        ] {
            let id = id(t, c);
            assert!(
                id.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-.".contains(&b)),
                "{id}"
            );
        }
    }

    #[test]
    fn a_plan_owns_only_its_own_uids() {
        let id = "foundation-20261207";
        assert!(owns(id, "foundation-20261207-w1-s1@vmo"));
        assert!(owns(id, "foundation-20261207-w12-r20261208@vmo"));
        for other in [
            "foundation-20261207-ann-w1-s1@vmo",
            "foundation-20261207-w1-w1-s1@vmo",
            "foundation-20261207-w1-s1@google.com",
            "foundation-20261207-w1-s@vmo",
            "foundation-20261207-w-s1@vmo",
            "foundation-20261207-w1-r2026120@vmo",
            "foundation-20261207-w1-x1@vmo",
            "foundation.0a1b2c3d-20261207-w1-s1@vmo",
            "athlete-20261207-w1-s1@vmo",
            "040000008200E00074C5B7101A82E008",
        ] {
            assert!(!owns(id, other), "{other}");
        }
        // A client's plan does not own the plan without a client, nor another client's.
        assert!(!owns(
            "foundation-20261207-ann",
            "foundation-20261207-w1-s1@vmo"
        ));
        assert!(owns(
            "foundation-20261207-ann",
            "foundation-20261207-ann-w1-s1@vmo"
        ));
        assert!(!owns(
            "foundation-20261207-ann",
            "foundation-20261207-anna-w1-s1@vmo"
        ));
    }
}
