//! Command-line definitions (clap) and nothing else: flags are turned into settings in
//! [`crate::app`], so the core never sees clap.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate, NaiveTime};
use chrono_tz::Tz;
use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::day::{DayList, parse_days};
use crate::duration::{parse_minutes, parse_time_of_day, parse_tz};
use crate::plan::MAX_WEEKS;
use crate::strength::TestSet;
use crate::template::Variant;
use crate::units::{Unit, parse_bodyweight, parse_one_rep_max, parse_weight};

const AFTER_HELP: &str = concat!(
    "\
Examples:
  vmo plan --weeks 6                         6-week plan from the default template
  vmo plan --template knee-friendly --days mon,thu --start 2026-12-07
  vmo plan --weeks 12 --format json | jq '.weeks[].summary.volume'
  vmo templates show foundation > my.toml    copy a built-in to edit
  vmo check my.toml                          validate your own template

",
    crate::exit_codes_help!()
);

/// Progressive cyclist-squat plans for a stronger VMO, with recovery built in.
#[derive(Debug, Parser)]
#[command(name = "vmo", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    /// Profile file to read instead of ~/.config/vmo/config.toml.
    #[arg(long, global = true, value_name = "FILE", env = "VMO_CONFIG")]
    pub config: Option<PathBuf>,

    /// Training log (SQLite) [default: $XDG_DATA_HOME/vmo/log.db, or the profile's `db`].
    #[arg(long, global = true, value_name = "FILE", env = "VMO_DB")]
    pub db: Option<PathBuf>,

    /// When to use colour: auto = only when stdout is a terminal and NO_COLOR is unset.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, env = "VMO_COLOR")]
    pub color: ColorChoice,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generate a progressive plan and print it (table) or export it.
    #[command(after_help = "Examples:
  vmo plan --weeks 6
  vmo plan --template knee-friendly --days mon,wed,fri --start 2026-12-07
  vmo plan --template my.toml --weeks 52 --format json -o plan.json
  vmo plan --weeks 6 -o vmo.ics                  the format from the extension
  vmo plan --days mon,thu --replaces vmo.ics -o vmo.ics --force   cancel what moved away
  vmo plan --weeks 6 --format ics --at 07:00 --tz Europe/Berlin --remind 30m > vmo.ics
  vmo plan --weeks 6 --format csv --include-recovery > plan.csv
  cat my.toml | vmo plan --template - --weeks 8")]
    Plan(PlanArgs),

    /// List the built-in templates, or print one with `templates show NAME`.
    #[command(after_help = "Examples:
  vmo templates
  vmo templates show knee-friendly > my-plan.toml")]
    Templates {
        /// `show NAME` prints a template's TOML.
        #[command(subcommand)]
        action: Option<TemplatesAction>,

        /// Where the text goes.
        #[command(flatten)]
        output: OutputArgs,
    },

    /// Validate a template and run the safety guards on the plan it would make.
    #[command(after_help = "Examples:
  vmo check my.toml
  vmo check my.toml --weeks 26 --days mon,thu

Exits 0 when the template is valid and the plan needed no clamping, 2 otherwise.")]
    Check(CheckArgs),

    /// Print today's session, or the recovery day with its guidance.
    #[command(after_help = "Examples:
  vmo today                       uses the profile written by `vmo init`
  vmo today --today 2026-12-09 --start 2026-12-07 --format json
  vmo today --format ics --at 07:00 -o today.ics   import just today's session")]
    Today(DayArgs),

    /// Print the next training session (today's if it is a training day).
    #[command(after_help = "Examples:
  vmo next
  vmo next --format json | jq -r .date
  vmo next --format csv | tail -n +2")]
    Next(DayArgs),

    /// Log today's session as done (flags say what differed from the prescription).
    #[command(after_help = "Examples:
  vmo done                                  today's session, as prescribed
  vmo done --reps 12,12,9 --rpe 8 --pain 3  what really happened
  vmo done --sets 3x12 --load 10kg --date 2026-12-02
  vmo done --morning-after 2                next-morning knee pain for the last session
  vmo done --pain 6 --dry-run               how the next sessions would change")]
    Done(crate::commands::done::DoneArgs),

    /// Log a planned session as skipped on purpose, or plan an absence ahead (a holiday).
    #[command(after_help = "Examples:
  vmo skip --reason travel
  vmo skip --date 2026-12-02
  vmo skip --from 2026-12-21 --to 2027-01-03 --reason holiday   planned away, not missed
  vmo log rm --absence 1                                         undo a planned absence")]
    Skip(crate::commands::done::SkipArgs),

    /// Record that a clinician has seen the knee after a red flag (loading may resume).
    #[command(
        after_help = "A red flag (swelling, locking, giving way, night pain, or pain at the
red-flag level) keeps every session technique-only until this is recorded.

Examples:
  vmo cleared --note \"physio: patellofemoral pain, no effusion; resume\"
  vmo cleared --date 2026-12-07 --dry-run"
    )]
    Cleared(crate::commands::knee::KneeEventArgs),

    /// Record that you have read the advice to see your clinician about recurring pain.
    #[command(
        after_help = "When knee pain steps the plan back three times in six weeks, the plan
holds until this (or `vmo cleared`) is recorded.

Examples:
  vmo acknowledge --note \"appointment booked for Friday\""
    )]
    Acknowledge(crate::commands::knee::KneeEventArgs),

    /// List, show, edit, remove, export or import training-log entries.
    #[command(after_help = "Examples:
  vmo log list --from 2026-12-01
  vmo log list --format json | jq '.[] | select(.pain_during > 2)'
  vmo log edit 3 --pain 2
  vmo log export --format csv -o log.csv
  vmo log import strong.csv --dry-run")]
    Log {
        /// What to do with the log.
        #[command(subcommand)]
        action: crate::commands::log::LogAction,

        /// Whose log: each client has their own (see `vmo plan --client`).
        #[arg(long, value_name = "NAME", env = "VMO_CLIENT", global = true)]
        client: Option<String>,

        /// Pretend today is this date (YYYY-MM-DD): a log holds nothing dated after it.
        #[arg(long, value_parser = parse_date, env = "VMO_TODAY", global = true)]
        today: Option<NaiveDate>,
    },

    /// Explain how a session's prescription came about: each rule, log entry and threshold.
    #[command(after_help = "Examples:
  vmo why                      today's (or the next) session
  vmo why 2026-12-09")]
    Why(crate::commands::why::WhyArgs),

    /// Adherence, reps planned vs done, and knee pain against knee load by week.
    #[command(after_help = "Examples:
  vmo stats
  vmo stats --format csv > stats.csv
  vmo stats --format json | jq .adherence")]
    Stats(crate::commands::stats::StatsArgs),

    /// A printable HTML report for a physio or doctor (Print → Save as PDF for a PDF).
    ///
    /// The knee now and its alerts, knee load prescribed vs done with pain during and next
    /// morning, adherence by week, every session, and every change the plan made and why.
    #[command(after_help = "Examples:
  vmo report -o report.html                 the last 12 weeks; open it and Print → Save as PDF
  vmo report --from 2026-09-01 --to 2026-11-30 -o autumn.html
  vmo report --client anna -o anna.html --force

One self-contained file: inline CSS and SVG charts, no scripts, no network requests.")]
    Report(crate::commands::report::ReportArgs),

    /// Write a profile (~/.config/vmo/config.toml) from the flags given, so later commands need none.
    #[command(after_help = "Examples:
  vmo init --template knee-friendly --start 2026-12-07 --days mon,wed,fri --at 07:00
  vmo init --bodyweight 72kg --dumbbells 4-24:2 --force")]
    Init(InitArgs),

    /// Show or change the profile: `config path`, `show`, `history`, `set KEY VALUE`, `unset KEY`.
    #[command(after_help = "Examples:
  vmo config path
  \"$EDITOR\" \"$(vmo config path)\"
  vmo config show
  VMO_UNITS=lb vmo config show --format json
  vmo config set weeks 12
  vmo config unset remind")]
    Config {
        /// `path`, `show`, `set` or `unset`.
        #[command(subcommand)]
        action: ConfigAction,

        /// Where the text goes.
        #[command(flatten)]
        output: OutputArgs,
    },

    /// A coach's clients: `client add NAME [init flags]`, `client list`, `client rm NAME`,
    /// `client adopt NAME` (each client has their own profile and log).
    #[command(after_help = "Examples:
  vmo client add \"Ann K\" --template knee-friendly --days tue,thu,sat
  vmo client list
  vmo plan --client \"Ann K\"
  vmo clients                                the dashboard")]
    Client {
        /// `add`, `list`, `rm` or `adopt`.
        #[command(subcommand)]
        action: crate::commands::client::ClientAction,

        /// Where the text goes.
        #[command(flatten)]
        output: OutputArgs,
    },

    /// The coach's dashboard: one row per client, alerts first (next session, last done,
    /// knee, pain, adherence).
    #[command(after_help = "Examples:
  vmo clients
  vmo clients --format json | jq '.[] | select(.knee != \"settled\")'
  vmo clients --format csv -o clients.csv")]
    Clients(crate::commands::dashboard::DashboardArgs),

    /// Print a shell completion script: bash, zsh, fish, elvish or powershell.
    #[command(after_help = "Examples:
  vmo completions bash > ~/.local/share/bash-completion/completions/vmo
  vmo completions zsh > ~/.zfunc/_vmo")]
    Completions {
        /// Shell to complete for.
        shell: clap_complete::Shell,

        /// Where the script goes.
        #[command(flatten)]
        output: OutputArgs,
    },

    /// Print the man page (roff): every subcommand and flag on one page, or one page each with --dir.
    #[command(after_help = "Examples:
  vmo man > vmo.1 && man ./vmo.1
  vmo man -o ~/.local/share/man/man1/vmo.1
  vmo man --dir ~/.local/share/man/man1     vmo.1, vmo-plan.1, vmo-config-set.1, ...")]
    Man {
        /// Write one page per subcommand (vmo.1, vmo-plan.1, …) into this folder instead.
        #[arg(long, value_name = "DIR", conflicts_with = "output")]
        dir: Option<PathBuf>,

        /// Where the page goes.
        #[command(flatten)]
        output: OutputArgs,
    },
}

/// `vmo config` actions.
#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print the profile's path (whether or not the file exists yet).
    #[command(after_help = "Examples:
  vmo config path
  vmo --config ./coach.toml config path")]
    Path,
    /// Print every effective setting and where it came from: flag, env, profile or default.
    #[command(after_help = "Examples:
  vmo config show
  vmo config show --units lb          what a flag would change
  vmo config show --format json | jq -r '.[] | select(.source == \"env\") | .key'")]
    Show(Box<ConfigShowArgs>),
    /// Set one profile key (creating the profile if needed); the value is checked as the flag's would be.
    #[command(after_help = "Examples:
  vmo config set weeks 12              extend the plan; everything else is kept
  vmo config set days mon,thu
  vmo config set tz Europe/Berlin

The profile is only written when the result is valid; comments and other keys are kept.")]
    Set {
        /// Profile key, e.g. weeks, days, bodyweight, tz (see `vmo config show`).
        #[arg(value_parser = key_hints(), hide_possible_values = true)]
        key: String,
        /// The value, written as for the flag of the same name, e.g. 72kg or mon,thu.
        #[arg(allow_hyphen_values = true)]
        value: String,
        /// The first day the change applies to (default: today); the days before keep
        /// what they were planned with.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        from: Option<NaiveDate>,
    },
    /// Remove one key from the profile, so its default (or the flag) applies again.
    #[command(after_help = "Examples:
  vmo config unset remind
  vmo config unset start               the plan starts today again")]
    Unset {
        /// Profile key to remove.
        #[arg(value_parser = key_hints(), hide_possible_values = true)]
        key: String,
        /// The first day the change applies to (default: today).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        from: Option<NaiveDate>,
    },
    /// The plan's dated changes: from which day each setting held, as recorded in the log.
    #[command(after_help = "Examples:
  vmo config set days mon,thu --from 2026-12-07
  vmo config history
  vmo config history --format json | jq '.[-1].changed'")]
    History(HistoryArgs),
}

/// `vmo config history` flags.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Whose plan (their own log).
    #[arg(long, env = "VMO_CLIENT")]
    pub client: Option<String>,

    /// text (one line per change) or json.
    #[arg(short, long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

/// `vmo config show` flags: the settings flags, so their effect can be seen.
#[derive(Debug, Args)]
pub struct ConfigShowArgs {
    /// Template (name, path or `-`).
    #[arg(short, long, env = "VMO_TEMPLATE", value_parser = template_hints(), hide_possible_values = true)]
    pub template: Option<String>,

    /// Plan inputs.
    #[command(flatten)]
    pub inputs: PlanInputs,

    /// Calendar settings.
    #[command(flatten)]
    pub export: ExportArgs,

    /// text (aligned columns) or json (an array of {key, value, source, detail}).
    #[arg(short, long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

/// Formats of `vmo config show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// Aligned columns: key, value, source.
    Text,
    /// A JSON array of settings.
    Json,
}

/// `vmo today` / `vmo next` flags.
#[derive(Debug, Args)]
pub struct DayArgs {
    /// Template (name, path or `-`) [default: the profile's, else foundation].
    #[arg(short, long, env = "VMO_TEMPLATE", value_parser = template_hints(), hide_possible_values = true)]
    pub template: Option<String>,

    /// Plan inputs.
    #[command(flatten)]
    pub inputs: PlanInputs,

    /// Output format: table (text), json (the session or recovery-day object), ics (one
    /// event), csv (header and one row) or markdown. Default: the one `-o FILE`'s extension
    /// names (.ics, .json, .csv, .md), else table.
    #[arg(short, long, value_enum)]
    pub format: Option<Format>,

    /// Where the output goes.
    #[command(flatten)]
    pub output: OutputArgs,

    /// Calendar settings for --format ics.
    #[command(flatten)]
    pub export: ExportArgs,
}

/// `-o FILE` and `--force`, shared by every command that prints data.
#[derive(Debug, Args, Clone, Default)]
pub struct OutputArgs {
    /// Write to this file instead of stdout (`-` means stdout); written atomically.
    #[arg(short, long, value_name = "FILE", global = true)]
    pub output: Option<PathBuf>,

    /// Overwrite the output file if it exists.
    #[arg(long, global = true)]
    pub force: bool,
}

/// `vmo init` flags: every one becomes a profile setting.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Template name or path.
    #[arg(short, long, value_parser = template_hints(), hide_possible_values = true)]
    pub template: Option<String>,
    /// First day of the plan (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub start: Option<NaiveDate>,
    /// Plan length in weeks.
    #[arg(short, long, value_parser = parse_weeks)]
    pub weeks: Option<u32>,
    /// Training days, e.g. mon,wed,fri.
    #[arg(long, value_parser = hinted(parse_days_arg, day_hints), hide_possible_values = true)]
    pub days: Option<DayList>,
    /// Session time of day for calendar export, HH:MM.
    #[arg(long, value_name = "HH:MM", value_parser = parse_time_of_day)]
    pub at: Option<NaiveTime>,
    /// Length of a timed calendar event, e.g. 45m or 1h (used with --at).
    #[arg(long, value_name = "DURATION", value_parser = parse_minutes)]
    pub duration: Option<u32>,
    /// IANA time zone of --at for calendar export, e.g. Europe/Berlin.
    #[arg(long, value_name = "ZONE", value_parser = parse_tz)]
    pub tz: Option<Tz>,
    /// Calendar reminder this long before each session, e.g. 30m.
    #[arg(long, value_name = "DURATION", value_parser = parse_minutes)]
    pub remind: Option<u32>,
    /// Body mass, e.g. 72kg.
    #[arg(long, value_parser = parse_bodyweight, allow_hyphen_values = true)]
    pub bodyweight: Option<f64>,
    /// Display units.
    #[arg(long, value_parser = hinted(parse_unit, unit_hints), hide_possible_values = true)]
    pub units: Option<Unit>,
    /// Dumbbells owned, e.g. 2-24:2.
    #[arg(long, value_name = "LIST")]
    pub dumbbells: Option<String>,
    /// One-rep max, e.g. 80kg.
    #[arg(long, value_parser = parse_one_rep_max, conflicts_with = "test")]
    pub one_rep_max: Option<f64>,
    /// A test set WEIGHT:REPS, e.g. 40kg:8 (vmo estimates the 1RM from it each run).
    #[arg(long, value_name = "WEIGHT:REPS", value_parser = TestSet::parse)]
    pub test: Option<TestSet>,
    /// Share of body mass a bodyweight rep moves (0.3 to 1.0).
    #[arg(long, value_name = "RATIO", value_parser = crate::config::parse_ratio)]
    pub bodyweight_ratio: Option<f64>,
    /// Loaded variant: goblet, dumbbells, barbell or vest (bodyweight unloads every phase).
    #[arg(long, value_parser = hinted(parse_variant, variant_hints), hide_possible_values = true)]
    pub variant: Option<Variant>,
    /// Empty barbell, e.g. 20kg.
    #[arg(long, value_parser = parse_bar)]
    pub bar: Option<f64>,
    /// Plate pairs, e.g. 20x2,10,5,2.5.
    #[arg(long, value_name = "LIST", allow_hyphen_values = true)]
    pub plates: Option<String>,
    /// Weighted-vest settings, e.g. 2.5-20:2.5.
    #[arg(long, value_name = "LIST", allow_hyphen_values = true)]
    pub vest: Option<String>,
    /// Whose plan it is, e.g. "Ann B" (1 to 64 characters, no "/").
    #[arg(long, value_name = "NAME")]
    pub client: Option<String>,
    /// Pretend today is this date (the default start).
    #[arg(long, value_parser = parse_date, env = "VMO_TODAY", hide_env = true)]
    pub today: Option<NaiveDate>,
    /// Update an existing profile: the flags given replace their keys, the others are kept.
    #[arg(long)]
    pub force: bool,
}

/// `vmo templates` actions.
#[derive(Debug, Subcommand)]
pub enum TemplatesAction {
    /// List built-in templates with a one-line description (the default).
    #[command(after_help = "Examples:
  vmo templates list
  vmo templates list | cut -d' ' -f1")]
    List,
    /// Print a built-in template's TOML, ready to copy and edit.
    #[command(after_help = "Examples:
  vmo templates show knee-friendly > my.toml
  vmo templates show athlete -o athlete.toml")]
    Show {
        /// Template name (see `vmo templates`).
        #[arg(value_parser = template_hints(), hide_possible_values = true)]
        name: String,
    },
}

/// Flags shared by every command that builds a plan.
#[derive(Debug, Args, Clone)]
pub struct PlanInputs {
    /// Whose plan it is, e.g. "Ann B" (1 to 64 characters, no "/"): named in calendar UIDs and the calendar's name, in CSV and JSON, and given a training log of their own, so a coach's clients never collide.
    #[arg(long, value_name = "NAME", env = "VMO_CLIENT")]
    pub client: Option<String>,

    /// Plan length in weeks (1 to 520) [default: 6, or the profile's].
    #[arg(short, long, value_parser = parse_weeks, allow_negative_numbers = true, env = "VMO_WEEKS")]
    pub weeks: Option<u32>,

    /// First day of the plan (YYYY-MM-DD); the first session is the first training day on or after it. Default: today.
    #[arg(long, value_parser = parse_date, allow_hyphen_values = true, env = "VMO_START")]
    pub start: Option<NaiveDate>,

    /// Training days, comma-separated (e.g. mon,wed,fri). Default: the template's.
    #[arg(long, value_parser = hinted(parse_days_arg, day_hints), hide_possible_values = true, env = "VMO_DAYS")]
    pub days: Option<DayList>,

    /// Pretend today is this date (YYYY-MM-DD), for scripts and tests.
    #[arg(long, value_parser = parse_date, env = "VMO_TODAY")]
    pub today: Option<NaiveDate>,

    /// Show the template's plan, ignoring the training log.
    #[arg(long)]
    pub no_adapt: bool,

    /// Weights and equipment.
    #[command(flatten)]
    pub loads: LoadArgs,

    /// The person's own rides and runs.
    #[command(flatten)]
    pub rides: RideArgs,
}

/// The person's own training calendar (docs/rides.md).
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "Around your rides")]
pub struct RideArgs {
    /// Your own training calendar, squats placed around it: an .ics file, an http(s):// or webcal:// feed (TrainerRoad, TrainingPeaks, Google…) or Strava's activities.csv; repeatable [default: the profile's `rides`].
    #[arg(long = "rides", value_name = "FILE_OR_URL")]
    pub rides: Vec<String>,

    /// Fetch ride feeds now, even when the cached copy is under 6 hours old.
    #[arg(long)]
    pub refresh: bool,

    /// Plan without rides, the profile's included.
    #[arg(long, conflicts_with = "rides")]
    pub no_rides: bool,

    /// Days besides the training days a session may move to when a ride is in the way, e.g. thu [default: the profile's `spare_days`].
    #[arg(long, value_name = "DAYS", value_parser = hinted(parse_days_arg, day_hints), hide_possible_values = true)]
    pub spare_days: Option<DayList>,

    /// The squats' time from `--at` where the command takes it (set by the command, not
    /// a flag of its own): rides on the same day are measured from it.
    #[arg(skip)]
    pub at: Option<NaiveTime>,

    /// The zone of `--tz` where the command takes it: ride times are read in it.
    #[arg(skip)]
    pub tz: Option<Tz>,
}

/// Body, strength and equipment flags.
#[derive(Debug, Args, Clone)]
#[command(next_help_heading = "Load and equipment")]
pub struct LoadArgs {
    /// Units for displayed weights (input accepts either: 72kg, 160lb).
    #[arg(long, value_parser = hinted(parse_unit, unit_hints), hide_possible_values = true, env = "VMO_UNITS")]
    pub units: Option<Unit>,

    /// Body mass, e.g. 72kg or 160lb (turns bodyweight-ratio loads into kg and volume into kg).
    #[arg(long, value_parser = parse_bodyweight, allow_hyphen_values = true, env = "VMO_BODYWEIGHT")]
    pub bodyweight: Option<f64>,

    /// Share of body mass a bodyweight rep moves (default 0.85: the mass above the knees).
    #[arg(long, value_name = "RATIO", value_parser = crate::config::parse_ratio, allow_hyphen_values = true, env = "VMO_BODYWEIGHT_RATIO")]
    pub bodyweight_ratio: Option<f64>,

    /// One-rep max of the loaded squat, e.g. 80kg.
    #[arg(long, value_parser = parse_one_rep_max, allow_hyphen_values = true, conflicts_with = "test", env = "VMO_ONE_REP_MAX")]
    pub one_rep_max: Option<f64>,

    /// A test set WEIGHT:REPS (1–12 reps), e.g. 40kg:8; vmo estimates the 1RM and says which.
    #[arg(long, value_parser = TestSet::parse, value_name = "WEIGHT:REPS", env = "VMO_TEST")]
    pub test: Option<TestSet>,

    /// Loaded variant for the template's loaded phases (bodyweight unloads every phase).
    #[arg(long, value_parser = hinted(parse_variant, variant_hints), hide_possible_values = true, env = "VMO_VARIANT")]
    pub variant: Option<Variant>,

    /// Dumbbells owned: a list 5,7.5,10 or a range 2-24:2 (unit suffix optional).
    #[arg(
        long,
        value_name = "LIST",
        allow_hyphen_values = true,
        env = "VMO_DUMBBELLS"
    )]
    pub dumbbells: Option<String>,

    /// Empty barbell weight, e.g. 20kg or 45lb.
    #[arg(long, value_parser = parse_bar, env = "VMO_BAR")]
    pub bar: Option<f64>,

    /// Plate pairs: 20x2,10,5,2.5 (2 pairs of 20, one of each other).
    #[arg(
        long,
        value_name = "LIST",
        allow_hyphen_values = true,
        env = "VMO_PLATES"
    )]
    pub plates: Option<String>,

    /// Weighted-vest settings: a list or range like 2.5-20:2.5.
    #[arg(
        long,
        value_name = "LIST",
        allow_hyphen_values = true,
        env = "VMO_VEST"
    )]
    pub vest: Option<String>,
}

/// `vmo plan` flags.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Built-in template name, path to a TOML file, or `-` for TOML on stdin [default: foundation].
    #[arg(short, long, env = "VMO_TEMPLATE", value_parser = template_hints(), hide_possible_values = true)]
    pub template: Option<String>,

    /// Plan inputs.
    #[command(flatten)]
    pub inputs: PlanInputs,

    /// Output format. Default: the one `-o FILE`'s extension names (.ics, .json, .csv, .md), else table.
    #[arg(short, long, value_enum, env = "VMO_FORMAT")]
    pub format: Option<Format>,

    /// Where the output goes.
    #[command(flatten)]
    pub output: OutputArgs,

    /// Leave recovery days out of the table and markdown.
    #[arg(long)]
    pub hide_recovery: bool,

    /// The calendar exported before (ics): its events of this plan are updated (SEQUENCE rises when one changed), kept as they were before --from, or cancelled when the plan no longer has them. Events of other plans, clients or products are left alone.
    #[arg(long, value_name = "OLD.ics")]
    pub replaces: Option<PathBuf>,

    /// With --replaces, the first day the new plan applies to (YYYY-MM-DD); events before it stay as OLD.ics has them. Default: today.
    #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "replaces")]
    pub from: Option<NaiveDate>,

    /// Calendar and CSV export settings.
    #[command(flatten)]
    pub export: ExportArgs,
}

/// Flags for `--format ics` (and `--include-recovery` for csv).
#[derive(Debug, Args, Clone)]
#[command(next_help_heading = "Calendar export (ics)")]
pub struct ExportArgs {
    /// Session start time, 24-hour HH:MM (e.g. 07:00); gives timed events. Without it, calendar events are all-day.
    #[arg(long, value_name = "HH:MM", value_parser = parse_time_of_day, allow_hyphen_values = true, env = "VMO_AT")]
    pub at: Option<NaiveTime>,

    /// Length of a timed event, e.g. 30m, 45m, 1h, 1h30m. Default: estimated from the session (sets, reps, tempo, rest, 10 min warm-up), rounded up to 5 min.
    #[arg(long, value_name = "DURATION", value_parser = parse_minutes, allow_hyphen_values = true, env = "VMO_DURATION")]
    pub duration: Option<u32>,

    /// IANA time zone of --at (e.g. Europe/Berlin): times are written in UTC. Default: floating local time (the same wall clock wherever the calendar is).
    #[arg(long, value_name = "ZONE", value_parser = parse_tz, env = "VMO_TZ")]
    pub tz: Option<Tz>,

    /// Add a reminder this long before each session, e.g. 30m or 1h.
    #[arg(long, value_name = "DURATION", value_parser = parse_minutes, allow_hyphen_values = true, env = "VMO_REMIND")]
    pub remind: Option<u32>,

    /// Also export recovery days (ics: all-day, free-time events; csv: rows with kind=recovery).
    #[arg(long)]
    pub include_recovery: bool,
}

/// `vmo check` flags.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Template to check: a TOML file, a built-in name, or `-` for stdin.
    #[arg(value_parser = template_hints(), hide_possible_values = true)]
    pub template: String,

    /// Plan inputs the guards are run with.
    #[command(flatten)]
    pub inputs: PlanInputs,

    /// Where the report goes.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Output formats of `vmo plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Text for a terminal: a table per week (today/next: the one day).
    Table,
    /// JSON, see docs/json.md: the plan (today/next: the day's object).
    Json,
    /// iCalendar (RFC 5545) for calendar apps: one event per session.
    Ics,
    /// One row per session, for scripts and spreadsheets (see docs/csv.md).
    Csv,
    /// A markdown table per week, for notes.
    #[value(alias = "md")]
    Markdown,
}

impl Format {
    /// The name `--format` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Ics => "ics",
            Format::Csv => "csv",
            Format::Markdown => "markdown",
        }
    }

    /// The format a file extension names (`ics`, `json`, `csv`, `md`/`markdown`, any case);
    /// `None` for others.
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "ics" => Some(Format::Ics),
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "md" | "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }
}

/// `--color` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour only on a terminal with NO_COLOR unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

fn parse_weeks(s: &str) -> Result<u32, String> {
    let range = format!("a whole number of weeks from 1 to {MAX_WEEKS}");
    match s.trim().parse::<i64>() {
        Ok(n) if (1..=i64::from(MAX_WEEKS)).contains(&n) => Ok(n as u32),
        Ok(n) => Err(format!("{n} is out of range (allowed: {range})")),
        Err(_) => Err(format!("expected {range}")),
    }
}

/// Parses a calendar date written YYYY-MM-DD.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let t = s.trim();
    // Four-digit years only: chrono also reads "-0001-01-01" and "+10000-01-01", which
    // ISO 8601 calendars and iCalendar cannot write.
    let four_digit_year = t.len() == 10 && t.as_bytes()[..4].iter().all(u8::is_ascii_digit);
    match NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        Ok(d) if four_digit_year && d.year() >= 1 => Ok(d),
        _ => Err(
            "expected a real calendar date written YYYY-MM-DD (years 0001 to 9999), e.g. 2026-12-07"
                .to_string(),
        ),
    }
}

/// A value parser that parses exactly as `inner` (same values, same messages) and offers
/// `hints` to shell completion; `--help` keeps describing the values in words
/// (`hide_possible_values`), since the hints are not the only values accepted.
#[derive(Clone)]
pub struct Hinted<P> {
    inner: P,
    hints: fn() -> Vec<&'static str>,
}

fn hinted<P>(inner: P, hints: fn() -> Vec<&'static str>) -> Hinted<P> {
    Hinted { inner, hints }
}

impl<P: TypedValueParser> TypedValueParser for Hinted<P> {
    type Value = P::Value;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Self::Value, clap::Error> {
        self.inner.parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.hints)().into_iter().map(PossibleValue::new)))
    }
}

/// `--template`: any name or path; completion offers the built-ins.
fn template_hints() -> Hinted<clap::builder::StringValueParser> {
    hinted(clap::builder::StringValueParser::new(), || {
        crate::template::BUILTINS.iter().map(|b| b.name).collect()
    })
}

/// `config set/unset KEY`: any text (the profile says what is wrong with it); completion
/// offers the profile's keys.
fn key_hints() -> Hinted<clap::builder::StringValueParser> {
    hinted(clap::builder::StringValueParser::new(), || {
        crate::config::PROFILE_KEYS.to_vec()
    })
}

/// `--days`: each weekday and the usual spreads (any comma list is accepted).
fn day_hints() -> Vec<&'static str> {
    let mut h: Vec<&'static str> = crate::day::Day::ALL.iter().map(|d| d.as_str()).collect();
    h.extend([
        "mon,thu",
        "tue,fri",
        "wed,sat",
        "mon,wed,fri",
        "tue,thu,sat",
    ]);
    h
}

fn unit_hints() -> Vec<&'static str> {
    [Unit::Kg, Unit::Lb].map(Unit::as_str).to_vec()
}

fn variant_hints() -> Vec<&'static str> {
    Variant::ALL.map(Variant::as_str).to_vec()
}

fn parse_unit(s: &str) -> Result<Unit, String> {
    s.parse()
}

fn parse_variant(s: &str) -> Result<Variant, String> {
    s.parse()
}

fn parse_bar(s: &str) -> Result<f64, String> {
    parse_weight(s, 1.0, 50.0)
}

fn parse_days_arg(s: &str) -> Result<DayList, String> {
    parse_days(s).map(DayList)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }

    #[test]
    fn weeks_parser_names_the_range() {
        assert_eq!(parse_weeks("6"), Ok(6));
        assert!(parse_weeks("0").unwrap_err().contains("1 to 520"));
        assert!(parse_weeks("-3").unwrap_err().contains("out of range"));
        assert!(parse_weeks("six").unwrap_err().contains("whole number"));
        assert!(parse_weeks("100000").is_err());
    }

    #[test]
    fn dates_must_be_real() {
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("-0001-01-01").is_err());
        assert!(parse_date("+10000-01-01").is_err());
        assert!(parse_date("0000-01-01").is_err());
        assert!(parse_date("0001-01-01").is_ok());
        assert!(parse_date("2026-12-07").is_ok());
    }
}
