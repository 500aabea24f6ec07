//! `cargo bench`: generating a plan and rendering it in every format, at 6, 52 and 520
//! (`vmo::plan::MAX_WEEKS`) weeks of the default template, for someone who gave no body
//! mass and for someone who gave their bodyweight and one-rep max (loads in kilograms).
//!
//! `cargo bench --bench plan` runs just these (plain `cargo bench` also builds the unit
//! tests in release mode first). Whole-process timings of the binary, with peak memory,
//! are `scripts/bench.sh`.

use std::fmt;
use std::hint::black_box;

use chrono::NaiveDate;
use divan::Bencher;
use vmo::plan::{Athlete, MAX_WEEKS, Plan, Request};
use vmo::render::{self, Style, ics::IcsOptions};
use vmo::template::{DEFAULT_TEMPLATE, Template, builtin, parse};
use vmo::units::Unit;

fn main() {
    divan::main();
}

/// A plan length, with or without the athlete's numbers.
#[derive(Clone, Copy)]
struct Case {
    weeks: u32,
    athlete: bool,
}

impl fmt::Display for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let who = if self.athlete {
            "bodyweight+1rm"
        } else {
            "default"
        };
        write!(f, "{} weeks, {who}", self.weeks)
    }
}

const CASES: [Case; 6] = {
    let mut cases = [Case {
        weeks: 0,
        athlete: false,
    }; 6];
    let weeks = [6, 52, MAX_WEEKS];
    let mut i = 0;
    while i < 6 {
        cases[i] = Case {
            weeks: weeks[i / 2],
            athlete: i % 2 == 1,
        };
        i += 1;
    }
    cases
};

fn template() -> Template {
    let b = builtin(DEFAULT_TEMPLATE).expect("the default template is built in");
    parse(b.name, b.source).expect("built-in templates parse")
}

fn request(case: Case) -> Request {
    let athlete = if case.athlete {
        Athlete {
            bodyweight_kg: Some(80.0),
            one_rep_max_kg: Some(100.0),
            ..Athlete::default()
        }
    } else {
        Athlete::default()
    };
    Request {
        weeks: case.weeks,
        start: NaiveDate::from_ymd_opt(2026, 12, 7).expect("a valid date"),
        days: None,
        athlete,
        unit: Unit::Kg,
        changes: Vec::new(),
        rides: Default::default(),
    }
}

fn plan(case: Case) -> Plan {
    vmo::plan::generate(&template(), &request(case)).expect("the default template plans")
}

#[divan::bench(args = CASES)]
fn generate(bencher: Bencher, case: Case) {
    let (template, request) = (template(), request(case));
    bencher.bench_local(|| vmo::plan::generate(black_box(&template), black_box(&request)));
}

/// The table as written to a file or pipe: the plain layout, no colour.
#[divan::bench(args = CASES)]
fn table(bencher: Bencher, case: Case) {
    let plan = plan(case);
    bencher.bench_local(|| render::table::render(black_box(&plan), Style::default()));
}

#[divan::bench(args = CASES)]
fn json(bencher: Bencher, case: Case) {
    let plan = plan(case);
    bencher.bench_local(|| render::json::render(black_box(&plan)));
}

#[divan::bench(args = CASES)]
fn csv(bencher: Bencher, case: Case) {
    let plan = plan(case);
    bencher.bench_local(|| render::csv::render(black_box(&plan), false));
}

/// All-day events, as `vmo plan --format ics` writes them with `SOURCE_DATE_EPOCH` set.
#[divan::bench(args = CASES)]
fn ics(bencher: Bencher, case: Case) {
    let plan = plan(case);
    let opts = IcsOptions {
        at: None,
        duration_minutes: None,
        tz: None,
        remind_minutes: None,
        include_recovery: false,
        dtstamp: chrono::DateTime::from_timestamp(1_700_000_000, 0).expect("a valid time"),
        plan_id: "athlete-20261207".to_string(),
    };
    bencher.bench_local(|| render::ics::render(black_box(&plan), &opts));
}

#[divan::bench(args = CASES)]
fn markdown(bencher: Bencher, case: Case) {
    let plan = plan(case);
    bencher.bench_local(|| render::markdown::render(black_box(&plan), false));
}

/// Three years of a training log (450 sessions, some with pain) replayed through the
/// adapting generator: what `vmo today` pays for the log.
#[divan::bench]
fn adapt_450_entries(bencher: Bencher) {
    use vmo::plan::adapt::{Entry, Log, Status};
    let start = NaiveDate::from_ymd_opt(2023, 12, 4).expect("a valid date");
    let entries: Vec<Entry> = (0..450u64)
        .map(|i| Entry {
            id: i as i64 + 1,
            date: start + chrono::Days::new(i / 3 * 7 + (i % 3) * 2),
            status: Status::Done,
            reps: vec![12, 12, 12],
            load_kg: None,
            rpe: Some(7.0),
            pain_during: Some((i % 4) as f64),
            pain_morning: Some((i % 3) as f64),
            symptoms: Default::default(),
            note: None,
            extra: false,
        })
        .collect();
    let template = template();
    let request = Request {
        weeks: 160,
        start,
        ..request(CASES[0])
    };
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("a valid date");
    bencher.bench_local(|| {
        let log = Log {
            entries: black_box(&entries),
            events: &[],
            today,
            from: None,
        };
        vmo::plan::generate_with_log(black_box(&template), black_box(&request), Some(log))
    });
}
