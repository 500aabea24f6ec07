//! Runs a parsed command line: resolves "today", loads templates, calls the pure core and
//! sends the rendered result to stdout or a file.

use std::io::{self, IsTerminal};

use anyhow::Result;
use chrono::NaiveDate;
use clap::CommandFactory;

use crate::cli::{
    CheckArgs, Cli, ColorChoice, Command, ConfigAction, DayArgs, ExportArgs, Format, InitArgs,
    LoadArgs, OutputArgs, PlanArgs, PlanInputs, TemplatesAction,
};
use crate::config::{self, LoadFlags, Profile};
use crate::day::parse_days;
use crate::exit::input_error;
use crate::plan::{self, AdjustmentAction, Plan, Request};
use crate::render::{self, Style};
use crate::template::{BUILTINS, Template, builtin, builtin_names, parse};
use crate::{output, source};

/// Runs one command; `matches` are clap's raw matches for the same command line.
pub fn run(cli: Cli, matches: &clap::ArgMatches) -> Result<()> {
    let color = cli.color;
    let env = |k: &str| std::env::var_os(k);
    match cli.command {
        Command::Plan(args) => {
            let profile = config::load_profile(cli.config.as_deref(), &env)?;
            plan_command(args, color, &profile)
        }
        Command::Templates { action, output } => templates_command(action, &output),
        Command::Check(args) => {
            let profile = config::load_profile(cli.config.as_deref(), &env)?;
            check_command(args, &profile)
        }
        Command::Today(args) => {
            let profile = config::load_profile(cli.config.as_deref(), &env)?;
            day_command(args, &profile, false)
        }
        Command::Next(args) => {
            let profile = config::load_profile(cli.config.as_deref(), &env)?;
            day_command(args, &profile, true)
        }
        Command::Init(args) => {
            let path = config::profile_path(cli.config.as_deref(), &env).ok_or_else(|| {
                input_error(
                    "cannot tell where the profile goes: set HOME, XDG_CONFIG_HOME or --config",
                )
            })?;
            init_command(args, &path)
        }
        Command::Config { action, output } => {
            let path = config::profile_path(cli.config.as_deref(), &env);
            match action {
                ConfigAction::Path => {
                    let p = path
                        .ok_or_else(|| input_error("no profile location: set HOME or --config"))?;
                    emit(&output, format!("{}\n", p.display()).as_bytes())
                }
                ConfigAction::Show(args) => {
                    let profile = config::load_profile(cli.config.as_deref(), &env)?;
                    let show = matches
                        .subcommand_matches("config")
                        .and_then(|m| m.subcommand_matches("show"))
                        .unwrap_or(matches);
                    config_show(&args, matches, show, &profile, path.as_deref(), &output)
                }
            }
        }
        Command::Completions { shell, output } => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "vmo", &mut buf);
            emit(&output, &buf)
        }
        Command::Man { output } => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut buf)
                .map_err(anyhow::Error::from)?;
            emit(&output, &buf)
        }
    }
}

/// `vmo config show`: prints every setting with its source, then checks that the
/// profile's values parse (so a bad one is both shown and reported).
fn config_show(
    args: &crate::cli::ConfigShowArgs,
    top: &clap::ArgMatches,
    show: &clap::ArgMatches,
    profile: &Profile,
    path: Option<&std::path::Path>,
    out: &OutputArgs,
) -> Result<()> {
    use crate::equipment::{Equipment, describe_plates, describe_weight_list};
    use crate::provenance::{self, Fallback, Setting, Source};
    let values = toml::Table::try_from(&profile.values).unwrap_or_default();
    let from_profile = |key: &str| {
        values.get(key).map(|v| match v {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    };
    let spec = template_spec(args.template.as_deref(), profile);
    // Only for the default training days; a template that fails to load is reported by
    // the commands that use it.
    let template_days = source::load(&spec, &mut io::empty()).ok().map(|t| {
        t.days
            .iter()
            .map(|d| d.as_str())
            .collect::<Vec<_>>()
            .join(",")
    });
    let unit = args
        .inputs
        .loads
        .units
        .or_else(|| profile.values.units.as_deref().and_then(|u| u.parse().ok()))
        .unwrap_or_default();
    let kit = Equipment::defaults(unit);
    let clock = today(&args.inputs).to_string();
    let fallback = |key: &'static str, value: Option<String>, meaning: &str| Fallback {
        key,
        in_profile: config::PROFILE_KEYS.contains(&key),
        value,
        meaning: meaning.to_string(),
    };
    let s = |v: &str| Some(v.to_string());
    let fallbacks = [
        fallback("template", s(crate::template::DEFAULT_TEMPLATE), ""),
        fallback("start", Some(clock.clone()), "today"),
        fallback("weeks", s("6"), ""),
        fallback("days", template_days, "the template's"),
        fallback("today", Some(clock), "the clock"),
        fallback("units", s(unit.as_str()), ""),
        fallback("bodyweight", None, "loads relative to body mass"),
        fallback(
            "bodyweight_ratio",
            Some(plan::DEFAULT_BODYWEIGHT_RATIO.to_string()),
            "the mass above the knees",
        ),
        fallback("one_rep_max", None, "from --test, else loads as % 1RM"),
        fallback("test", None, ""),
        fallback("variant", None, "the template's"),
        fallback(
            "dumbbells",
            Some(describe_weight_list(&kit.dumbbells, unit)),
            "",
        ),
        fallback(
            "bar",
            Some(format!(
                "{}{unit}",
                crate::units::show_number(unit.from_kg(kit.bar))
            )),
            "",
        ),
        fallback("plates", Some(describe_plates(&kit.plates, unit)), ""),
        fallback("vest", Some(describe_weight_list(&kit.vest, unit)), ""),
        fallback("at", None, "all-day calendar events"),
        fallback("duration", None, "estimated per session"),
        fallback("tz", None, "floating local time"),
        fallback("remind", None, "no reminder"),
    ];
    let mut settings = vec![match top.value_source("config") {
        Some(clap::parser::ValueSource::CommandLine) => Setting {
            key: "config",
            value: path.map(|p| p.display().to_string()),
            source: Source::Flag,
            detail: "--config".into(),
        },
        Some(clap::parser::ValueSource::EnvVariable) => Setting {
            key: "config",
            value: path.map(|p| p.display().to_string()),
            source: Source::Env,
            detail: "VMO_CONFIG".into(),
        },
        _ => Setting {
            key: "config",
            value: path.map(|p| p.display().to_string()),
            source: Source::Default,
            detail: if profile.path.is_some() {
                String::new()
            } else {
                "no file there: defaults apply; `vmo init` writes one".into()
            },
        },
    }];
    settings.extend(provenance::collect(show, &fallbacks, &from_profile));
    let text = match args.format {
        crate::cli::ShowFormat::Text => provenance::render_text(&settings),
        crate::cli::ShowFormat::Json => provenance::render_json(&settings),
    };
    emit(out, text.as_bytes())?;
    // Every value shown must also be usable.
    config::resolve_loads(&load_flags(&args.inputs.loads), profile)?;
    config::resolve_weeks(args.inputs.weeks, profile)?;
    profile.parse("days", &profile.values.days, parse_days)?;
    profile.parse("start", &profile.values.start, crate::cli::parse_date)?;
    profile.parse("at", &profile.values.at, crate::duration::parse_time_of_day)?;
    Ok(())
}

/// Sends data where `-o`/`--force` say.
fn emit(out: &OutputArgs, bytes: &[u8]) -> Result<()> {
    output::emit(out.output.as_deref(), out.force, bytes)
}

fn to_stdout(out: &OutputArgs) -> bool {
    out.output
        .as_deref()
        .is_none_or(|p| p == std::path::Path::new("-"))
}

/// `today` and `next`: one day cut out of the plan, rendered like the plan.
fn day_command(args: DayArgs, profile: &Profile, next: bool) -> Result<()> {
    let template = load_template(args.template.as_deref(), profile)?;
    let today = today(&args.inputs);
    let plan = make_plan(&template, &args.inputs, profile)?;
    let day = if next {
        plan::pick_next(&plan, today).ok_or_else(|| {
            input_error(format!(
                "no session on or after {today}: the plan ended on {}; start a new one with --start",
                plan.end
            ))
        })?
    } else {
        plan::pick_day(&plan, today).ok_or_else(|| {
            if today < plan.start {
                input_error(format!(
                    "the plan starts on {}; nothing to do on {today} (try `vmo next`)",
                    plan.start
                ))
            } else {
                input_error(format!(
                    "the plan ended on {}; start a new one with --start",
                    plan.end
                ))
            }
        })?
    };
    let recovery = matches!(day, plan::PlanDay::Recovery(_));
    let one = plan::only_day(&plan, &day);
    let text = match args.format {
        Format::Table => match &day {
            plan::PlanDay::Session(s) => session_text(s, plan.units, plan.pain.as_ref()),
            plan::PlanDay::Recovery(r) => format!(
                "{} {} · week {} · recovery day\n{}\n",
                r.date,
                r.weekday.title(),
                r.week,
                r.guidance
            ),
        },
        Format::Json => {
            let value = match &day {
                plan::PlanDay::Session(s) => session_json(s, plan.pain.as_ref())?,
                plan::PlanDay::Recovery(r) => serde_json::to_value(r)?,
            };
            format!("{}\n", serde_json::to_string_pretty(&value)?)
        }
        Format::Ics => {
            let mut opts = ics_options(&args.export, profile)?;
            opts.include_recovery |= recovery;
            render::ics::render(&one, &opts)
        }
        Format::Csv => render::csv::render(&one, args.export.include_recovery || recovery),
        Format::Markdown => render::markdown::render_day(&one),
    };
    emit(&args.output, text.as_bytes())
}

/// A session as `vmo today --format json` prints it: the Session object with one more key,
/// `pain`, the plan's pain rule (`null` when the template does not show it).
fn session_json(
    s: &crate::plan::Session,
    pain: Option<&crate::plan::PainRules>,
) -> Result<serde_json::Value> {
    let mut value = serde_json::to_value(s)?;
    if let serde_json::Value::Object(m) = &mut value {
        m.insert("pain".to_string(), serde_json::to_value(pain)?);
    }
    Ok(value)
}

/// A session as `vmo today` prints it: a heading, the prescription on one line (depth
/// also in words), a light session's purpose, the notes, the cues and the pain rule.
fn session_text(
    s: &crate::plan::Session,
    unit: crate::units::Unit,
    pain: Option<&crate::plan::PainRules>,
) -> String {
    use crate::render::text;
    let p = &s.prescription;
    let light = match s.kind {
        crate::plan::SessionKind::Hard => "",
        crate::plan::SessionKind::Light => " · light technique session",
    };
    let mut t = format!(
        "{} {} · week {} · {} · {} cyclist squats{light}\n{} · tempo {} · heel {} · depth {} · rest {} · {} · {}\n",
        s.date,
        s.weekday.title(),
        s.week,
        s.phase,
        p.variant,
        text::sets_reps(p),
        p.tempo,
        text::heel(p),
        text::depth(p),
        text::rest(p.rest_seconds),
        text::effort(p),
        text::load(&p.load, unit)
    );
    if let Some(purpose) = &s.purpose {
        t.push_str(text::PURPOSE_LABEL);
        t.push_str(purpose);
        t.push('\n');
    }
    for n in &s.notes {
        t.push_str(&format!("note: {n}\n"));
    }
    for c in &p.cues {
        t.push_str(&format!("• {c}\n"));
    }
    if let Some(pain) = pain {
        text::push_pain_lines(&mut t, pain, "");
    }
    t
}

fn init_command(args: InitArgs, path: &std::path::Path) -> Result<()> {
    let units = args.units.unwrap_or_default();
    // A path is stored absolute, so the profile works from any folder.
    let template = match &args.template {
        Some(t) => {
            source::load(t, &mut io::empty())?;
            Some(match builtin(t) {
                Some(_) => t.clone(),
                None => std::fs::canonicalize(t)
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|_| t.clone()),
            })
        }
        None => None,
    };
    // The same check `plan` makes of these flags, so the profile is usable as written.
    config::resolve_loads(
        &LoadFlags {
            units: args.units,
            bodyweight: args.bodyweight,
            bodyweight_ratio: args.bodyweight_ratio,
            one_rep_max: args.one_rep_max,
            test: args.test,
            variant: args.variant,
            dumbbells: args.dumbbells.clone(),
            bar: args.bar,
            plates: args.plates.clone(),
            vest: args.vest.clone(),
        },
        &Profile::default(),
    )?;
    let weight = |kg: f64| format!("{}{}", crate::units::show_number(units.from_kg(kg)), units);
    // Without a start the plan would begin anew every day: the first day is today.
    let start = args.start.unwrap_or_else(|| {
        args.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    });
    let values = config::ProfileValues {
        template,
        start: Some(start.to_string()),
        weeks: args.weeks,
        days: args
            .days
            .map(|d| d.0.iter().map(|d| d.as_str()).collect::<Vec<_>>().join(",")),
        units: args.units.map(|u| u.as_str().to_string()),
        bodyweight: args.bodyweight.map(weight),
        bodyweight_ratio: args.bodyweight_ratio,
        one_rep_max: args.one_rep_max.map(weight),
        test: args.test.map(|t| format!("{}:{}", weight(t.kg), t.reps)),
        variant: args.variant.map(|v| v.as_str().to_string()),
        dumbbells: args.dumbbells,
        bar: args.bar.map(weight),
        plates: args.plates,
        vest: args.vest,
        at: args.at.map(|t| t.format("%H:%M").to_string()),
    };
    let text = format!(
        "# vmo profile: flags given on the command line override these.\n{}",
        toml::to_string(&values)?
    );
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(|e| {
            anyhow::anyhow!(
                "cannot create {}: {}",
                dir.display(),
                crate::exit::io_reason(&e)
            )
        })?;
    }
    if path.exists() && !args.force {
        return Err(input_error(format!(
            "profile {} already exists; pass --force to overwrite it, or edit the file",
            path.display()
        )));
    }
    output::write_atomic(path, true, text.as_bytes())?;
    eprintln!("vmo: wrote {}", path.display());
    Ok(())
}

/// Prints a note to stderr (never to stdout: that is for data).
fn note(msg: &str) {
    eprintln!("vmo: {msg}");
}

/// The date the edge treats as today: `--today`/`VMO_TODAY`, else the local clock.
fn today(inputs: &PlanInputs) -> NaiveDate {
    inputs
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

fn load_flags(a: &LoadArgs) -> LoadFlags {
    LoadFlags {
        units: a.units,
        bodyweight: a.bodyweight,
        bodyweight_ratio: a.bodyweight_ratio,
        one_rep_max: a.one_rep_max,
        test: a.test,
        variant: a.variant,
        dumbbells: a.dumbbells.clone(),
        bar: a.bar,
        plates: a.plates.clone(),
        vest: a.vest.clone(),
    }
}

/// The template spec in force: flag/env, else profile, else the default.
fn template_spec(flag: Option<&str>, profile: &Profile) -> String {
    flag.map(str::to_string)
        .or_else(|| profile.values.template.clone())
        .unwrap_or_else(|| crate::template::DEFAULT_TEMPLATE.to_string())
}

/// Loads the template in force; when it came from the profile, a failure to find it says so.
fn load_template(flag: Option<&str>, profile: &Profile) -> Result<Template> {
    let spec = template_spec(flag, profile);
    let loaded = source::load(&spec, &mut io::stdin().lock());
    match (flag, &profile.values.template, loaded) {
        (None, Some(_), Err(e)) if !e.is::<crate::template::TemplateError>() => Err(input_error(
            format!("{}: template = {spec:?}: {e:#}", profile.origin()),
        )),
        (_, _, result) => result,
    }
}

fn make_plan(template: &Template, inputs: &PlanInputs, profile: &Profile) -> Result<Plan> {
    Ok(make_plan_for(template, inputs, profile)?.0)
}

/// The plan and the request it was made from (whose athlete `check` needs).
fn make_plan_for(
    template: &Template,
    inputs: &PlanInputs,
    profile: &Profile,
) -> Result<(Plan, Request)> {
    let loads = config::resolve_loads(&load_flags(&inputs.loads), profile)?;
    for n in &loads.notes {
        note(n);
    }
    let days = match &inputs.days {
        Some(d) => Some(d.0.clone()),
        None => profile.parse("days", &profile.values.days, parse_days)?,
    };
    if let Some(v) = loads.athlete.variant {
        let kept: Vec<&str> = template
            .phases
            .iter()
            .filter(|p| v.is_loaded() && !p.variant.is_loaded())
            .map(|p| p.name.as_str())
            .collect();
        if !kept.is_empty() {
            note(&format!(
                "note: --variant {v} applies to loaded phases; {} stay bodyweight",
                kept.join(", ")
            ));
        }
    }
    let start = match inputs.start {
        Some(d) => d,
        None => profile
            .parse("start", &profile.values.start, crate::cli::parse_date)?
            .unwrap_or_else(|| today(inputs)),
    };
    let weeks = config::resolve_weeks(inputs.weeks, profile)?;
    let request = Request {
        weeks,
        start,
        days,
        athlete: loads.athlete,
        unit: loads.unit,
    };
    let plan = plan::generate(template, &request)?;
    // Announced here, the one place every plan-building command passes through.
    for n in &plan.notices {
        note(&format!("note: {n}"));
    }
    let relative: Vec<&str> = plan
        .weeks
        .iter()
        .filter(|w| {
            w.sessions
                .iter()
                .any(|s| s.prescription.load.kg.is_none() && !s.prescription.load.is_bodyweight())
        })
        .map(|w| w.phase.as_str())
        .fold(Vec::new(), |mut acc, p| {
            if !acc.contains(&p) {
                acc.push(p);
            }
            acc
        });
    if !relative.is_empty() {
        note(&format!(
            "note: phase {} shows loads relative to body mass or 1RM: kilograms need --bodyweight (for × BW), --one-rep-max or --test (for % 1RM), and a target no lighter than the lightest load available",
            relative.join(", ")
        ));
    }
    Ok((plan, request))
}

fn style(color: ColorChoice, to_terminal: bool, hide_recovery: bool) -> Style {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && !no_color,
    };
    Style {
        boxes: to_terminal && (color || !no_color),
        color,
        hide_recovery,
    }
}

fn plan_command(args: PlanArgs, color: ColorChoice, profile: &Profile) -> Result<()> {
    let template = load_template(args.template.as_deref(), profile)?;
    let plan = make_plan(&template, &args.inputs, profile)?;
    for line in guard_warnings(&plan) {
        eprintln!("vmo: warning: {line}");
    }
    // A bad `at` in the profile is reported whatever the format, not only for ics.
    profile.parse("at", &profile.values.at, crate::duration::parse_time_of_day)?;
    let style = style(
        color,
        to_stdout(&args.output) && io::stdout().is_terminal(),
        args.hide_recovery,
    );
    let text = match args.format {
        Format::Table => render::table::render(&plan, style),
        Format::Json => {
            return output::emit_with(args.output.output.as_deref(), args.output.force, &mut |w| {
                render::json::write(&plan, w)
            });
        }
        Format::Ics => render::ics::render(&plan, &ics_options(&args.export, profile)?),
        Format::Csv => render::csv::render(&plan, args.export.include_recovery),
        Format::Markdown => render::markdown::render(&plan, args.hide_recovery),
    };
    emit(&args.output, text.as_bytes())
}

/// Calendar settings from the flags, with `DTSTAMP` from `SOURCE_DATE_EPOCH` (whole
/// seconds since 1970, for reproducible output) or else the clock.
fn ics_options(export: &ExportArgs, profile: &Profile) -> Result<render::ics::IcsOptions> {
    let at = match export.at {
        Some(t) => Some(t),
        None => profile.parse("at", &profile.values.at, crate::duration::parse_time_of_day)?,
    };
    if at.is_none() {
        // Without a start time the events are all-day, so a length or zone means nothing.
        let given = [
            ("--duration", export.duration.is_some()),
            ("--tz", export.tz.is_some()),
        ];
        if let Some((flag, _)) = given.iter().find(|(_, set)| *set) {
            return Err(input_error(format!(
                "{flag} needs a session time: add --at HH:MM (or `at` in the profile); without it calendar events are all-day"
            )));
        }
    }
    let dtstamp = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|secs| *secs >= 0)
            .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
            .ok_or_else(|| {
                input_error(format!(
                    "SOURCE_DATE_EPOCH={v:?}: expected whole seconds since 1970-01-01 UTC, e.g. 1700000000"
                ))
            })?,
        _ => chrono::Utc::now(),
    };
    Ok(render::ics::IcsOptions {
        at,
        duration_minutes: export.duration,
        tz: export.tz,
        remind_minutes: export.remind,
        include_recovery: export.include_recovery,
        dtstamp: chrono::DateTime::from_timestamp(dtstamp.timestamp(), 0).unwrap_or(dtstamp),
    })
}

/// One line for each week where the finished plan still breaks a guard: the generator
/// trims a week down to one set of one rep, and when even that is above the knee-load cap
/// or the acute:chronic ceiling (e.g. the lightest load of a new phase is too heavy for one
/// rep) the week stays over (see tests/properties.rs).
pub fn guard_warnings(plan: &Plan) -> Vec<String> {
    plan::audit::guard_findings(plan)
        .iter()
        .map(|f| format!("{f} even at its smallest"))
        .collect()
}

fn templates_command(action: Option<TemplatesAction>, out: &OutputArgs) -> Result<()> {
    let text = match action.unwrap_or(TemplatesAction::List) {
        TemplatesAction::List => {
            let width = BUILTINS.iter().map(|b| b.name.len()).max().unwrap_or(0);
            let mut s = String::new();
            for b in BUILTINS {
                let t = parse(b.name, b.source)?;
                let default = if b.name == crate::template::DEFAULT_TEMPLATE {
                    " (default)"
                } else {
                    ""
                };
                s.push_str(&format!("{:width$}  {}{default}\n", b.name, t.description));
            }
            s
        }
        TemplatesAction::Show { name } => match builtin(&name) {
            Some(b) => b.source.to_string(),
            None => {
                return Err(input_error(format!(
                    "unknown template {name:?} (built-ins: {})",
                    builtin_names()
                )));
            }
        },
    };
    emit(out, text.as_bytes())
}

fn check_command(args: CheckArgs, profile: &Profile) -> Result<()> {
    let template = source::load(&args.template, &mut io::stdin().lock())?;
    // By default the template's own length, so every written phase is checked.
    let mut inputs = args.inputs.clone();
    inputs.weeks = inputs.weeks.or(Some(template.written_weeks()));
    let (plan, request) = make_plan_for(&template, &inputs, profile)?;
    let who = plan::audit::Person {
        bodyweight_share_kg: request
            .athlete
            .bodyweight_kg
            .map(|bw| bw * request.athlete.bodyweight_ratio),
    };
    let findings = plan::audit::audit(&template, &plan, who);
    let mut text = String::new();
    let held: Vec<_> = plan
        .adjustments
        .iter()
        .filter(|a| a.action == AdjustmentAction::HeldBack)
        .collect();
    for a in &plan.adjustments {
        let what = match a.action {
            AdjustmentAction::HeldBack => "held back",
            AdjustmentAction::OtherLever => "note: progressed another lever",
        };
        text.push_str(&format!("{} → {what}\n", a.message));
    }
    for f in &findings {
        text.push_str(&format!("{f}\n"));
    }
    let days = plan::days_text(&plan.days);
    if held.is_empty() && findings.is_empty() {
        text.push_str(&format!(
            "ok: {} is valid; {} weeks on {days} keep every rule: rest ≥ {} h, knee load ≤ +{:.0} %/week, ACWR ≤ {:.2}, deloads cut sets only, one knee-load lever a week (≤ 2 cm, ≤ 15°, ≤ +10 % load per rep), effort matches load, light sessions ≤ 60 %\n",
            args.template,
            plan.weeks.len(),
            plan.guards.min_rest_hours,
            plan.guards.max_weekly_increase * 100.0,
            plan.guards.acwr_ceiling
        ));
        emit(&args.output, text.as_bytes())
    } else {
        emit(&args.output, text.as_bytes())?;
        let mut parts = Vec::new();
        if !held.is_empty() {
            parts.push(format!(
                "{} week(s) asked for more than the guards allow and were held back",
                held.len()
            ));
        }
        if !findings.is_empty() {
            parts.push(format!(
                "{} rule(s) a physiotherapist checks are broken",
                findings.len()
            ));
        }
        Err(input_error(format!(
            "{}: {} over {} weeks (listed above)",
            args.template,
            parts.join("; "),
            plan.weeks.len()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Athlete;

    fn plan_in_kg(toml: &str) -> Plan {
        let t = parse("t.toml", toml).unwrap();
        let req = Request {
            weeks: 3,
            start: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            days: None,
            athlete: Athlete {
                bodyweight_kg: Some(80.0),
                one_rep_max_kg: Some(100.0),
                ..Athlete::default()
            },
            unit: crate::units::Unit::Kg,
        };
        plan::generate(&t, &req).unwrap()
    }

    const TO_THE_BAR: &str = r#"
name = "to-the-bar"
description = "one bodyweight week, then a heavy barbell"
days = ["mon"]

[[phases]]
name = "Bodyweight"
weeks = 1
sets = 1
reps = 1

[[phases]]
name = "Barbell"
variant = "barbell"
sets = 1
reps = 1
load = { percent_1rm = 50 }
"#;

    #[test]
    fn a_week_that_cannot_be_trimmed_enough_is_named_with_its_numbers() {
        // 1×1 at 68 kg (0.85 × 80) to thighs parallel on a 7.5 cm block (× 1.35), then a
        // barbell phase at 50 % 1RM: the start is reached in steps, but even the empty 20 kg
        // bar is +29 % per rep, and one set of one rep cannot be trimmed further.
        let plan = plan_in_kg(TO_THE_BAR);
        assert_eq!(
            guard_warnings(&plan),
            [
                "week 2: [volume_cap] knee load 118.8 kg is +29.4 % over week 1 (91.8 kg; cap 10 %) even at its smallest",
            ]
        );
        let p = &plan.weeks[1].sessions[0].prescription;
        assert_eq!(p.load.kg, Some(20.0), "the lightest bar, not 50 kg");
        assert!(plan.adjustments.iter().any(|a| a.guard == "load_jump"));
    }

    #[test]
    fn today_text_carries_purpose_depth_words_and_the_pain_rule() {
        let plan = crate::render::sample::plan(true);
        let pain = plan.pain.as_ref().unwrap();
        let [hard, light] = &plan.weeks[0].sessions[..] else {
            panic!("two sessions")
        };
        let text = session_text(light, plan.units, Some(pain));
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[0].ends_with("cyclist squats · light technique session"),
            "{text}"
        );
        assert!(
            lines[1].contains(" · depth 90° (thighs parallel) · "),
            "{text}"
        );
        assert_eq!(
            lines[2],
            format!("purpose: {}", crate::render::sample::PURPOSE)
        );
        let tail: Vec<String> = pain
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| format!("{}{r}", if i == 0 { "Pain rule: " } else { "           " }))
            .chain([pain.red_flags.clone()])
            .collect();
        assert_eq!(lines[lines.len() - 4..], tail);

        let text = session_text(hard, plan.units, None);
        assert!(
            !text.contains("purpose") && !text.contains("light"),
            "{text}"
        );
        assert!(
            !text.contains("Pain rule") && !text.contains("Red flags"),
            "{text}"
        );
    }

    #[test]
    fn today_json_adds_the_pain_rule_to_the_session() {
        let plan = crate::render::sample::plan(true);
        let s = &plan.weeks[0].sessions[0];
        let v = session_json(s, plan.pain.as_ref()).unwrap();
        assert_eq!(v["pain"], serde_json::to_value(&plan.pain).unwrap());
        assert_eq!(
            v["pain"]["red_flags"],
            plan.pain.as_ref().unwrap().red_flags
        );
        assert_eq!(v["slot"], 1);
        let v = session_json(s, None).unwrap();
        assert!(v["pain"].is_null());
        assert!(v.as_object().unwrap().contains_key("pain"));
    }

    #[test]
    fn plans_that_keep_the_guards_have_no_warnings() {
        for b in BUILTINS {
            let t = parse(b.name, b.source).unwrap();
            let req = Request {
                weeks: 104,
                start: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
                days: None,
                athlete: Athlete::default(),
                unit: crate::units::Unit::Kg,
            };
            let plan = plan::generate(&t, &req).unwrap();
            assert!(guard_warnings(&plan).is_empty(), "{}", b.name);
        }
    }
}
