//! What a clinician opens (DESIGN §10): the report's data, built by one pure function
//! ([`build`]) from the plan (already folded over the log, so its knee state is the one
//! every command reads), the period's extra sessions and "today". The HTML is drawn from
//! it by [`crate::render::report_html`]; nothing here reads a clock, a file or the
//! environment.

pub mod weekly;

use chrono::{Datelike, NaiveDate};

use crate::plan::adapt::{Entry, Status, rule_source};
use crate::plan::{Alert, Irritability, PainRules, Plan, Session};
use crate::render::text;
use crate::template::Template;
use crate::units::Unit;

/// The days a report covers, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub from: NaiveDate,
    /// Last day (never after "today": nothing is logged later).
    pub to: NaiveDate,
}

impl Period {
    /// The default: the twelve weeks (84 days) that end on `today`.
    pub fn last_twelve_weeks(today: NaiveDate) -> Period {
        Period {
            from: today
                .checked_sub_days(chrono::Days::new(83))
                .unwrap_or(NaiveDate::MIN),
            to: today,
        }
    }

    /// True when `d` falls within the period.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }
}

/// Everything the report is made from.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The plan adapted to the whole log, covering the period.
    pub plan: &'a Plan,
    /// Its template (the rules the changes cite).
    pub template: &'a Template,
    /// The log's entries of the period's weeks, with their notes (only the extra
    /// sessions are read from them: the planned ones are on the plan's sessions).
    pub entries: &'a [Entry],
    /// The days covered.
    pub period: Period,
    /// The day the report is about ("now" for the knee state).
    pub today: NaiveDate,
}

/// The knee now, as the plan reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct KneeNow {
    /// Its state.
    pub state: Irritability,
    /// Alerts in force (red flag, recurring pain), most serious first.
    pub alerts: Vec<Alert>,
    /// Highest session knee load of the last 28 days done with pain at most the ideal,
    /// in [`Report::load_unit`].
    pub tolerated_load: Option<f64>,
    /// Days since the last session done.
    pub days_since_last_session: Option<i64>,
    /// The person's usual next-morning pain.
    pub baseline_morning: f64,
    /// The last clearance recorded.
    pub cleared_on: Option<NaiveDate>,
}

/// One week of the charts.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportWeek {
    /// Week number in the plan.
    pub number: u32,
    /// First and last day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// Its phase.
    pub phase: String,
    /// A deload week.
    pub deload: bool,
    /// Knee load prescribed (after the log's changes): the sum of the week's sessions, in
    /// [`Report::load_unit`].
    pub load_prescribed: f64,
    /// Knee load done; `None` before logging began (nothing is known).
    pub load_done: Option<f64>,
    /// Highest pain during a session (0–10), if any was logged.
    pub pain_during: Option<f64>,
    /// Highest next-morning pain (0–10), if any was logged.
    pub pain_morning: Option<f64>,
    /// Pain above the acceptable range during a session (a flare).
    pub flare: bool,
    /// A red flag: a symptom, or pain at the red-flag level.
    pub red_flag: bool,
    /// Sessions planned up to the end of the period (or today).
    pub planned: u32,
    /// Of those, done.
    pub done: u32,
    /// Skipped on purpose.
    pub skipped: u32,
    /// Past with nothing logged.
    pub missed: u32,
    /// Today's, not logged yet.
    pub pending: u32,
    /// Extra sessions done.
    pub extra: u32,
}

/// What became of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowStatus {
    /// Done (planned or extra).
    Done,
    /// Skipped on purpose.
    Skipped,
    /// Past with nothing logged.
    Missed,
    /// Today's, not logged yet.
    Pending,
}

/// One row of the session table.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRow {
    /// The day.
    pub date: NaiveDate,
    /// Week number.
    pub week: u32,
    /// An extra session (not planned).
    pub extra: bool,
    /// What was prescribed, in words (`None` for an extra session).
    pub prescribed: Option<String>,
    /// What became of it.
    pub status: RowStatus,
    /// What was done, in words: reps per set and load, "as prescribed", "skipped", …
    pub done: String,
    /// Effort logged, RPE.
    pub rpe: Option<f64>,
    /// Pain during, 0–10.
    pub pain_during: Option<f64>,
    /// Pain next morning, 0–10.
    pub pain_morning: Option<f64>,
    /// Red-flag symptoms logged, in words (empty when none).
    pub symptoms: String,
    /// The person's note.
    pub note: Option<String>,
}

/// A change the plan made, as its rule worded it; the same words on several sessions
/// (but for the dates they name) are one change.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The first session that carried it.
    pub first: NaiveDate,
    /// The last one.
    pub last: NaiveDate,
    /// How many sessions carried it.
    pub sessions: u32,
    /// The note, as `vmo why` prints it (the first session's).
    pub note: String,
    /// Later sessions carried the same words with other dates.
    pub dates_differ: bool,
    /// Index into [`Report::rules`]: the rule behind it, as `vmo why` names it.
    pub rule: usize,
}

/// The report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Whose plan (when named).
    pub client: Option<String>,
    /// Template name.
    pub template: String,
    /// Template description.
    pub description: String,
    /// The plan's first day.
    pub plan_start: NaiveDate,
    /// Training days, e.g. `Mon, Wed, Fri`.
    pub days: String,
    /// The person's units.
    pub units: Unit,
    /// Unit of every knee load here: `bodyweight reps`, or `kg`/`lb` (effective load × reps).
    pub load_unit: String,
    /// The days covered: from the first day of the first week that overlaps the period
    /// asked for (charts and tables show whole weeks) to its end.
    pub period: Period,
    /// The day the report is about.
    pub today: NaiveDate,
    /// The knee now (`None` without a log).
    pub knee: Option<KneeNow>,
    /// The weeks that overlap the period, in order.
    pub weeks: Vec<ReportWeek>,
    /// Sessions of the period (planned up to its end, and extra ones), in date order.
    pub sessions: Vec<SessionRow>,
    /// Every change the plan made in the period, in date order.
    pub changes: Vec<Change>,
    /// The rules behind the changes, each once.
    pub rules: Vec<String>,
    /// The pain rule and red flags the person was given (when the template shows them).
    pub pain: Option<PainRules>,
    /// Pain at most this is fine (the line drawn on the pain chart).
    pub pain_ideal: f64,
    /// Pain above this is a flare.
    pub pain_max: f64,
    /// Pain at this or above is a red flag.
    pub red_flag_pain: f64,
}

impl Report {
    /// Sessions planned, done, skipped, missed and pending over the period's weeks, and
    /// extra sessions: (planned, done, skipped, missed, pending, extra).
    pub fn totals(&self) -> (u32, u32, u32, u32, u32, u32) {
        self.weeks.iter().fold((0, 0, 0, 0, 0, 0), |t, w| {
            (
                t.0 + w.planned,
                t.1 + w.done,
                t.2 + w.skipped,
                t.3 + w.missed,
                t.4 + w.pending,
                t.5 + w.extra,
            )
        })
    }
}

/// The report for `input`; see the module docs.
pub fn build(input: Input<'_>) -> Report {
    let Input {
        plan,
        template,
        entries,
        period,
        today,
    } = input;
    let to = period.to.min(today);
    // Knee loads in effective kilograms read in the person's unit (as the plan's do).
    let (scale, load_unit) = if plan.volume_unit == "kg" {
        (plan.units.from_kg(1.0), plan.units.as_str().to_string())
    } else {
        (1.0, plan.volume_unit.clone())
    };
    let (ideal, max, red) = (
        template.pain.during_ideal,
        template.pain.during_max,
        template.adapt.red_flag_pain,
    );
    let series = weekly::stats(plan, entries, to);
    let extras: Vec<&Entry> = entries.iter().filter(|e| e.extra && e.date <= to).collect();
    let mut weeks = Vec::new();
    for w in plan
        .weeks
        .iter()
        .filter(|w| w.end >= period.from && w.start <= to)
    {
        let Some(s) = series.weeks.iter().find(|s| s.week == w.number) else {
            continue;
        };
        let logged = s.sessions.planned + s.extra_sessions > 0;
        // Flares and red flags from every session of the week, extra ones too.
        let mut readings: Vec<(Option<f64>, Option<f64>, bool)> = w
            .sessions
            .iter()
            .filter(|x| x.date <= to)
            .filter_map(|x| x.log.as_ref().filter(|l| l.status == "done"))
            .map(|l| (l.pain_during, l.pain_morning, l.symptoms.any()))
            .collect();
        readings.extend(
            extras
                .iter()
                .filter(|e| e.status == Status::Done && e.date >= w.start && e.date <= w.end)
                .map(|e| (e.pain_during, e.pain_morning, e.symptoms.any())),
        );
        let flare = readings
            .iter()
            .any(|(d, _, _)| d.is_some_and(|d| d > max && d < red));
        let red_flag = readings
            .iter()
            .any(|(d, m, sym)| *sym || d.is_some_and(|d| d >= red) || m.is_some_and(|m| m >= red));
        weeks.push(ReportWeek {
            number: w.number,
            start: w.start,
            end: w.end,
            phase: w.phase.clone(),
            deload: w.deload,
            load_prescribed: s.knee_load * scale,
            load_done: logged.then_some(s.knee_load_done * scale),
            pain_during: s.pain_during_max,
            pain_morning: s.pain_morning_max,
            flare,
            red_flag,
            planned: s.sessions.planned,
            done: s.sessions.done,
            skipped: s.sessions.skipped,
            missed: s.sessions.missed,
            pending: s.sessions.pending,
            extra: s.extra_sessions,
        });
    }
    // Whole weeks: the table covers the weeks the charts show.
    let from = weeks
        .first()
        .map_or(period.from, |w| w.start.min(period.from));
    let in_period = |d: NaiveDate| d >= from && d <= to;
    let sessions_of_period: Vec<&Session> = plan
        .weeks
        .iter()
        .flat_map(|w| &w.sessions)
        .filter(|s| in_period(s.date))
        .collect();
    let mut sessions: Vec<SessionRow> = sessions_of_period
        .iter()
        .map(|s| planned_row(s, plan.units, today))
        .collect();
    sessions.extend(
        extras
            .iter()
            .filter(|e| in_period(e.date))
            .map(|e| extra_row(e, plan, plan.units)),
    );
    // Date order; on one day the planned session first, extra ones in the order logged.
    sessions.sort_by_key(|r| (r.date, r.extra));
    let (changes, rules) = changes(&sessions_of_period, template);
    let knee = plan.knee.as_ref().map(|k| KneeNow {
        state: k.state,
        alerts: k.alerts.clone(),
        tolerated_load: k.tolerated_load.map(|t| t * scale),
        days_since_last_session: k.days_since_last_session,
        baseline_morning: k.baseline_morning,
        cleared_on: k.cleared_on,
    });
    Report {
        client: plan.client.clone(),
        template: plan.template.clone(),
        description: plan.description.clone(),
        plan_start: plan.start,
        days: plan
            .days
            .iter()
            .map(|d| d.title())
            .collect::<Vec<_>>()
            .join(", "),
        units: plan.units,
        load_unit,
        period: Period { from, to },
        today,
        knee,
        weeks,
        sessions,
        changes,
        rules,
        pain: plan.pain.clone(),
        pain_ideal: ideal,
        pain_max: max,
        red_flag_pain: red,
    }
}

/// What was prescribed, short: `3×10 · 90° · heel 7.5 cm`, and the load unless it is
/// bodyweight (`· 2 × 10 kg`).
fn prescribed(s: &Session, unit: Unit) -> String {
    let p = &s.prescription;
    let mut t = format!(
        "{} · {}° · heel {}",
        text::sets_reps(p),
        crate::units::show_number(p.depth_deg.round()),
        text::heel(p, unit),
    );
    if !p.load.is_bodyweight() {
        t.push_str(" · ");
        t.push_str(&text::load(p, unit));
    }
    t
}

/// Reps per set and load as logged: `10, 10, 8 · 20 kg`, or `as prescribed`.
fn done_words(reps: &[u32], load_kg: Option<f64>, unit: Unit) -> String {
    let mut s = if reps.is_empty() {
        "as prescribed".to_string()
    } else {
        format!(
            "{} set{}: {}",
            reps.len(),
            if reps.len() == 1 { "" } else { "s" },
            reps.iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    if let Some(kg) = load_kg {
        s.push_str(" · ");
        s.push_str(&unit.show(kg));
    }
    s
}

fn planned_row(s: &Session, unit: Unit, today: NaiveDate) -> SessionRow {
    let row = |status, done: String| SessionRow {
        date: s.date,
        week: s.week,
        extra: false,
        prescribed: Some(prescribed(s, unit)),
        status,
        done,
        rpe: None,
        pain_during: None,
        pain_morning: None,
        symptoms: String::new(),
        note: None,
    };
    match &s.log {
        Some(l) if l.status == "done" => SessionRow {
            rpe: l.rpe,
            pain_during: l.pain_during,
            pain_morning: l.pain_morning,
            symptoms: l.symptoms.words(),
            note: l.note.clone(),
            ..row(RowStatus::Done, done_words(&l.reps, l.load_kg, unit))
        },
        Some(l) if l.status == "skipped" => SessionRow {
            note: l.note.clone(),
            symptoms: l.symptoms.words(),
            ..row(RowStatus::Skipped, "skipped".to_string())
        },
        Some(_) => row(RowStatus::Missed, "missed (nothing logged)".to_string()),
        None if s.date >= today => row(RowStatus::Pending, "not logged yet".to_string()),
        // Before logging began (or no log read): nothing is known.
        None => row(RowStatus::Missed, "not logged".to_string()),
    }
}

fn extra_row(e: &Entry, plan: &Plan, unit: Unit) -> SessionRow {
    let week = plan
        .weeks
        .iter()
        .find(|w| w.start <= e.date && e.date <= w.end)
        .map_or(0, |w| w.number);
    let done = match e.status {
        Status::Done => done_words(&e.reps, e.load_kg, unit),
        Status::Skipped => "skipped".to_string(),
    };
    SessionRow {
        date: e.date,
        week,
        extra: true,
        prescribed: None,
        status: match e.status {
            Status::Done => RowStatus::Done,
            Status::Skipped => RowStatus::Skipped,
        },
        done,
        rpe: e.rpe,
        pain_during: e.pain_during,
        pain_morning: e.pain_morning,
        symptoms: e.symptoms.words(),
        note: e.note.clone(),
    }
}

/// The notes the rules wrote on the period's sessions (the log's own lines left out),
/// each with the rule behind it as `vmo why` names it (the rules listed once). The same
/// words on several sessions are one change, and so are words that differ only in the
/// dates they name (a weekly "only 24 h after the session done on …"): the first is kept,
/// with the range of sessions; the session table has every date.
fn changes(sessions: &[&Session], template: &Template) -> (Vec<Change>, Vec<String>) {
    let mut changes: Vec<(String, Change)> = Vec::new();
    let mut rules: Vec<String> = Vec::new();
    for s in sessions {
        for note in s.notes.iter().filter(|n| !n.starts_with("logged: ")) {
            let key = without_dates(note);
            if let Some((_, c)) = changes.iter_mut().find(|(k, _)| *k == key) {
                c.last = s.date;
                c.sessions += 1;
                c.dates_differ |= c.note != *note;
                continue;
            }
            let rule = rule_source(note, template);
            let i = rules.iter().position(|r| *r == rule).unwrap_or_else(|| {
                rules.push(rule);
                rules.len() - 1
            });
            changes.push((
                key,
                Change {
                    first: s.date,
                    last: s.date,
                    sessions: 1,
                    note: note.clone(),
                    dates_differ: false,
                    rule: i,
                },
            ));
        }
    }
    (changes.into_iter().map(|(_, c)| c).collect(), rules)
}

/// `note` with every date it names (`2026-10-29`, `Thu 29 Oct 2026`) replaced by `…`.
fn without_dates(note: &str) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let digits =
        |t: &str, n: usize| t.len() >= n && t.as_bytes()[..n].iter().all(u8::is_ascii_digit);
    let iso = |t: &str| {
        let b = t.as_bytes();
        t.len() >= 10
            && digits(t, 4)
            && b[4] == b'-'
            && digits(&t[5..], 2)
            && b[7] == b'-'
            && digits(&t[8..], 2)
    };
    let words: Vec<&str> = note.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if let [day, date, month, year] = words[i..words.len().min(i + 4)]
            && DAYS.contains(&day)
            && (1..=2).contains(&date.len())
            && digits(date, date.len())
            && MONTHS.contains(&month)
            && digits(year, 4)
        {
            out.push(format!("…{}", &year[4..]));
            i += 4;
            continue;
        }
        // An ISO date anywhere in a word (`(2026-10-29)`, `2026-10-29:`).
        let mut word = String::new();
        let mut rest = w;
        while !rest.is_empty() {
            if iso(rest) {
                word.push('…');
                rest = &rest[10..];
            } else {
                let c = rest.chars().next().expect("not empty");
                word.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
        out.push(word);
        i += 1;
    }
    out.join(" ")
}

/// `Mon 7 Sep`: a day as a table shows it (the year is in the period).
pub fn short_date(d: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{} {} {}",
        crate::day::Day::from_weekday(d.weekday()).title(),
        d.day(),
        MONTHS[d.month0() as usize]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::adapt::{Log, Symptoms};
    use crate::plan::{Request, generate_with_log};
    use crate::template::{DEFAULT_TEMPLATE, builtin, parse};

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn entry(id: i64, d: &str, pain: f64, morning: f64) -> Entry {
        Entry {
            id,
            date: date(d),
            status: Status::Done,
            reps: vec![],
            load_kg: None,
            rpe: Some(6.0),
            pain_during: Some(pain),
            pain_morning: Some(morning),
            symptoms: Symptoms::default(),
            note: None,
            extra: false,
        }
    }

    fn report(entries: &[Entry], today: &str, period: Period) -> Report {
        let b = builtin(DEFAULT_TEMPLATE).unwrap();
        let t = parse(b.name, b.source).unwrap();
        let req = Request {
            weeks: 6,
            start: date("2026-11-02"),
            days: None,
            athlete: Default::default(),
            unit: Default::default(),
            changes: Vec::new(),
            rides: Default::default(),
        };
        let log = Log {
            entries,
            events: &[],
            today: date(today),
            from: None,
        };
        let plan = generate_with_log(&t, &req, Some(log)).unwrap();
        build(Input {
            plan: &plan,
            template: &t,
            entries,
            period,
            today: date(today),
        })
    }

    #[test]
    fn changes_that_differ_only_in_their_dates_are_one() {
        assert_eq!(
            without_dates("light: only 24 h after the session done on 2026-10-29 (at least 48 h)"),
            "light: only 24 h after the session done on … (at least 48 h)"
        );
        assert_eq!(
            without_dates("session of Wed 30 Sep 2026 not done: resuming (2026-09-30)."),
            "session of … not done: resuming (…)."
        );
        assert_eq!(
            without_dates("knee pain 6/10 on Mon 19 Oct 2026: no progression"),
            "knee pain 6/10 on …: no progression"
        );
        // Numbers that are not dates stay: these are two changes.
        assert_ne!(
            without_dates("+1 rep (10 → 11)"),
            without_dates("+1 rep (11 → 12)")
        );
        assert_eq!(without_dates("Mon 7 Sep"), "Mon 7 Sep");
        assert_eq!(without_dates("2026-1"), "2026-1");
    }

    #[test]
    fn the_default_period_is_twelve_weeks_ending_today() {
        let p = Period::last_twelve_weeks(date("2026-11-30"));
        assert_eq!(p.from, date("2026-09-08"));
        assert_eq!((p.to - p.from).num_days() + 1, 84);
    }

    #[test]
    fn weeks_sessions_flares_and_red_flags_come_from_the_log() {
        let mut e = vec![
            entry(1, "2026-11-02", 1.0, 1.0),
            entry(2, "2026-11-04", 6.0, 2.0),
            entry(3, "2026-11-06", 1.0, 1.0),
            entry(4, "2026-11-09", 1.0, 1.0),
        ];
        // An extra session with swelling: a red flag in week 2, and a row of its own.
        let mut extra = entry(5, "2026-11-10", 2.0, 1.0);
        extra.extra = true;
        extra.symptoms.swelling = true;
        extra.note = Some("<b>hill repeats</b>".into());
        e.push(extra);
        let r = report(
            &e,
            "2026-11-12",
            Period {
                from: date("2026-11-02"),
                to: date("2026-11-12"),
            },
        );
        assert_eq!(r.weeks.len(), 2);
        let (w1, w2) = (&r.weeks[0], &r.weeks[1]);
        assert!(w1.flare && !w1.red_flag, "{w1:?}");
        assert!(w2.red_flag && !w2.flare, "{w2:?}");
        assert_eq!((w1.planned, w1.done), (3, 3));
        assert_eq!(w1.pain_during, Some(6.0));
        assert_eq!(w2.extra, 1);
        assert!(w1.load_done.unwrap() > 0.0 && w1.load_prescribed > 0.0);
        // After the red flag no squats are planned: no session row after it.
        assert!(
            r.sessions.iter().all(|s| s.date <= date("2026-11-10")),
            "{:?}",
            r.sessions
        );
        let x = r.sessions.iter().find(|s| s.extra).unwrap();
        assert_eq!(x.symptoms, "swelling");
        assert_eq!(x.note.as_deref(), Some("<b>hill repeats</b>"));
        let k = r.knee.as_ref().unwrap();
        assert!(
            k.alerts
                .iter()
                .any(|a| a.kind == crate::plan::AlertKind::RedFlag),
            "{k:?}"
        );
        // The flare stepped the plan back, and the report says why with why's rule.
        assert!(!r.changes.is_empty());
        for c in &r.changes {
            assert!(c.rule < r.rules.len());
            assert!(!c.note.starts_with("logged: "));
        }
        assert!(
            r.rules.iter().any(|x| x.starts_with("pain gate red")),
            "{:?}",
            r.rules
        );
    }

    #[test]
    fn a_period_shows_only_its_weeks_and_sessions() {
        let e = [
            entry(1, "2026-11-02", 1.0, 1.0),
            entry(2, "2026-11-04", 1.0, 1.0),
            entry(3, "2026-11-06", 1.0, 1.0),
            entry(4, "2026-11-09", 1.0, 1.0),
            entry(5, "2026-11-11", 1.0, 1.0),
            entry(6, "2026-11-13", 1.0, 1.0),
        ];
        let r = report(
            &e,
            "2026-11-20",
            Period {
                from: date("2026-11-09"),
                to: date("2026-11-11"),
            },
        );
        assert_eq!(r.weeks.iter().map(|w| w.number).collect::<Vec<_>>(), [2]);
        assert_eq!(
            r.sessions.iter().map(|s| s.date).collect::<Vec<_>>(),
            [date("2026-11-09"), date("2026-11-11")]
        );
        // A period that starts mid-week shows the whole week.
        let r = report(
            &e,
            "2026-11-20",
            Period {
                from: date("2026-11-11"),
                to: date("2026-11-13"),
            },
        );
        assert_eq!(r.period.from, date("2026-11-09"));
        assert_eq!(r.sessions.len(), 3);
        assert_eq!(short_date(date("2026-11-09")), "Mon 9 Nov");
    }
}
