//! `vmo clients`: the coach's dashboard. One row per client (see `vmo client list`): the
//! template, the week of the plan, the last session done, the next session, the knee
//! (red flag, awaiting clearance, recurring pain, flare, amber, returning, settled), the
//! highest pain of the last two weeks and adherence; alerts first. Each client's log is
//! read read-only, with their own profile (else the coach's), exactly as `vmo plan
//! --client NAME` would read it.

use anyhow::Result;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use serde::Serialize;

use super::common::{emit, load_template, make_plan_for, read_log};
use crate::cli::{LoadArgs, OutputArgs, PlanInputs};
use crate::config::Profile;
use crate::log::clients;
use crate::plan::Plan;
use crate::plan::adapt::{LogData, Status};
use crate::plan::knee_state::{AlertKind, Irritability};

/// `vmo clients` flags.
#[derive(Debug, Args)]
pub struct DashboardArgs {
    /// table (fits 80 columns), json or csv.
    #[arg(short, long, value_enum, default_value_t = DashboardFormat::Table)]
    pub format: DashboardFormat,

    /// Pretend today is this date (YYYY-MM-DD).
    #[arg(long, value_parser = crate::cli::parse_date, env = "VMO_TODAY")]
    pub today: Option<NaiveDate>,

    /// Where the dashboard goes.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Formats of `vmo clients`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DashboardFormat {
    /// Aligned columns, alerts first.
    Table,
    /// A JSON array of rows (docs/json.md).
    Json,
    /// One row per client.
    Csv,
}

/// One client's row (JSON and CSV field names).
#[derive(Debug, Serialize, PartialEq)]
pub struct Row {
    /// The client's name.
    pub client: String,
    /// The template's name (`null` when the plan could not be made).
    pub template: Option<String>,
    /// The plan's week holding today (0 before it starts).
    pub week: u32,
    /// The plan's length in weeks.
    pub weeks: u32,
    /// The last session logged as done (extra ones too).
    pub last_done: Option<NaiveDate>,
    /// The next session not yet logged, from today on.
    pub next_session: Option<NaiveDate>,
    /// `red_flag`, `awaiting_clearance`, `recurring_pain`, `flare`, `amber`, `returning`,
    /// `settled`, or `no_log`; `error` when the client's plan or log could not be read.
    pub knee: String,
    /// Highest pain during a session in the last 14 days (0–10).
    pub pain_max_14d: Option<f64>,
    /// Sessions dated before today (and today's once logged) since logging began
    /// (planned absences not counted).
    pub planned: u32,
    /// Sessions done.
    pub done: u32,
    /// `done / planned` in percent, rounded (`null` when nothing was planned yet).
    pub adherence: Option<u32>,
    /// What went wrong reading this client (`null` normally).
    pub error: Option<String>,
}

/// The order alerts come in: the most urgent first.
fn urgency(knee: &str) -> u8 {
    match knee {
        "red_flag" => 0,
        "awaiting_clearance" => 1,
        "recurring_pain" => 2,
        "error" => 3,
        "flare" => 4,
        "amber" => 5,
        "returning" => 6,
        "settled" => 7,
        _ => 8,
    }
}

/// Runs `vmo clients`; `coach` is the profile used for a client without their own.
pub(crate) fn run(args: DashboardArgs, coach: &Profile) -> Result<()> {
    let today = args
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let dir = super::client::clients_dir()?;
    // Notes about one client's loads or days would drown the table: the row says enough.
    super::common::quiet();
    // A client removed with their log kept (`client rm --force`) has no profile: not
    // coached any more, so not on the dashboard.
    let mut rows: Vec<Row> = clients::all(&dir)
        .into_iter()
        .filter(|(_, folder)| {
            folder.join("config.toml").exists() || !folder.join("log.db").exists()
        })
        .map(|(name, folder)| {
            row(&name, &folder, coach, today).unwrap_or_else(|e| Row {
                client: name.clone(),
                template: None,
                week: 0,
                weeks: 0,
                last_done: None,
                next_session: None,
                knee: "error".to_string(),
                pain_max_14d: None,
                planned: 0,
                done: 0,
                adherence: None,
                error: Some(format!("{e:#}")),
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        (urgency(&a.knee), a.client.to_lowercase())
            .cmp(&(urgency(&b.knee), b.client.to_lowercase()))
    });
    let text = match args.format {
        DashboardFormat::Json => format!("{}\n", serde_json::to_string_pretty(&rows)?),
        DashboardFormat::Csv => csv(&rows)?,
        DashboardFormat::Table => table(&rows),
    };
    emit(&args.output, text.as_bytes())
}

/// One client's row.
fn row(name: &str, folder: &std::path::Path, coach: &Profile, today: NaiveDate) -> Result<Row> {
    let own = folder.join("config.toml");
    let profile = if own.exists() {
        crate::config::load_profile(Some(&own), &|k| std::env::var_os(k))?
    } else {
        coach.clone()
    };
    let inputs = PlanInputs {
        client: Some(name.to_string()),
        weeks: None,
        start: None,
        days: None,
        today: Some(today),
        no_adapt: false,
        loads: LoadArgs {
            units: None,
            bodyweight: None,
            bodyweight_ratio: None,
            one_rep_max: None,
            test: None,
            variant: None,
            dumbbells: None,
            bar: None,
            plates: None,
            vest: None,
        },
        // The dashboard reads 200 logs in well under a second: no feeds fetched for it
        // (a session a ride moved shows on its training day here; `vmo --client` has it).
        rides: crate::cli::RideArgs {
            no_rides: true,
            ..Default::default()
        },
    };
    let path = super::common::db_path(None, &profile, Some(name))?;
    let log = read_log(path.as_ref(), crate::log::Notes::None)?;
    let template = load_template(None, &profile)?;
    let (plan, _) = make_plan_for(&template, &inputs, &profile, &log, None, false)?;
    Ok(summarise(name, &plan, &log, today))
}

/// The row for `plan` and `log` on `today`.
fn summarise(name: &str, plan: &Plan, log: &LogData, today: NaiveDate) -> Row {
    let week = plan
        .weeks
        .iter()
        .find(|w| w.start <= today && today <= w.end)
        .map(|w| w.number)
        .unwrap_or(if today > plan.end {
            plan.weeks.len() as u32
        } else {
            0
        });
    let last_done = log
        .entries
        .iter()
        .filter(|e| e.status == Status::Done && e.date <= today)
        .map(|e| e.date)
        .max();
    let next_session = match crate::plan::pick_next_open(plan, today) {
        Some(crate::plan::PlanDay::Session(s)) => Some(s.date),
        _ => None,
    };
    let since = today - chrono::Days::new(14);
    let pain_max_14d = log
        .entries
        .iter()
        .filter(|e| e.date > since && e.date <= today)
        .filter_map(|e| e.pain_during)
        .fold(None, |m: Option<f64>, p| Some(m.map_or(p, |m| m.max(p))));
    let knee = match &plan.knee {
        None => "no_log",
        Some(k) if k.alerts.iter().any(|a| a.kind == AlertKind::RedFlag) => {
            if k.state == Irritability::AwaitingClearance {
                "awaiting_clearance"
            } else {
                "red_flag"
            }
        }
        Some(k) if k.alerts.iter().any(|a| a.kind == AlertKind::RecurringPain) => "recurring_pain",
        Some(k) => match k.state {
            Irritability::RedFlag => "red_flag",
            Irritability::AwaitingClearance => "awaiting_clearance",
            Irritability::Flare => "flare",
            Irritability::Amber => "amber",
            Irritability::Returning => "returning",
            Irritability::Settled => "settled",
        },
    };
    let a = super::stats::stats(plan, &log.entries, today).adherence;
    // Today's session, not logged yet, is no miss (yet).
    let due = a.planned - a.pending;
    Row {
        client: name.to_string(),
        template: Some(plan.template.clone()),
        week,
        weeks: plan.weeks.len() as u32,
        last_done,
        next_session,
        knee: knee.to_string(),
        pain_max_14d,
        planned: due,
        done: a.done,
        adherence: (due > 0 && !log.entries.is_empty()).then(|| (a.done * 100 + due / 2) / due),
        error: None,
    }
}

/// The knee column's words.
fn knee_words(k: &str) -> &str {
    match k {
        "red_flag" => "RED FLAG",
        "awaiting_clearance" => "needs clearance",
        "recurring_pain" => "recurring pain",
        "no_log" => "no log yet",
        other => other,
    }
}

fn cut(s: &str, n: usize) -> String {
    let s = crate::visible::visible(s);
    if s.chars().count() <= n {
        s.into_owned()
    } else {
        s.chars().take(n - 1).chain(['…']).collect()
    }
}

/// A date in the table: ` 3 Dec` (the JSON and CSV carry the full date).
fn date(d: Option<NaiveDate>) -> String {
    d.map_or("-".to_string(), |d| d.format("%e %b").to_string())
}

/// The table: at most 80 columns (names cut at 14, templates at 11, dates as ` 3 Dec`).
fn table(rows: &[Row]) -> String {
    if rows.is_empty() {
        return "no clients yet: `vmo client add NAME` adds one\n".to_string();
    }
    let mut out = format!(
        "{:<14}  {:<11}  {:<5}  {:<6}  {:<6}  {:<15}  {:>4}  {:>4}\n",
        "Client", "Template", "Week", "Last", "Next", "Knee", "Pain", "Adh."
    );
    for r in rows {
        let line = format!(
            "{:<14}  {:<11}  {:<5}  {:<6}  {:<6}  {:<15}  {:>4}  {:>4}",
            cut(&r.client, 14),
            cut(r.template.as_deref().unwrap_or("-"), 11),
            if r.weeks == 0 {
                "-".to_string()
            } else {
                format!("{}/{}", r.week, r.weeks)
            },
            date(r.last_done),
            date(r.next_session),
            knee_words(&r.knee),
            r.pain_max_14d
                .map_or("-".to_string(), crate::units::show_number),
            r.adherence.map_or("-".to_string(), |a| format!("{a}%")),
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let errors: Vec<&Row> = rows.iter().filter(|r| r.error.is_some()).collect();
    for r in errors {
        out.push_str(&format!(
            "{}: {}\n",
            cut(&r.client, 24),
            crate::visible::visible(r.error.as_deref().unwrap_or_default())
        ));
    }
    out
}

fn csv(rows: &[Row]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "client",
        "template",
        "week",
        "weeks",
        "last_done",
        "next_session",
        "knee",
        "pain_max_14d",
        "planned",
        "done",
        "adherence",
        "error",
    ])?;
    for r in rows {
        let opt = |v: Option<String>| v.unwrap_or_default();
        w.write_record([
            crate::render::csv::formula_safe(&r.client).into_owned(),
            opt(r
                .template
                .as_deref()
                .map(|t| crate::render::csv::formula_safe(t).into_owned())),
            r.week.to_string(),
            r.weeks.to_string(),
            opt(r.last_done.map(|d| d.to_string())),
            opt(r.next_session.map(|d| d.to_string())),
            r.knee.clone(),
            opt(r.pain_max_14d.map(crate::units::show_number)),
            r.planned.to_string(),
            r.done.to_string(),
            opt(r.adherence.map(|a| a.to_string())),
            opt(r.error.clone()),
        ])?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}
