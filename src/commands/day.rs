//! `vmo today` and `vmo next`: one day cut out of the plan.

use anyhow::Result;

use super::common::{
    emit, ics_options, load_template, log_for, named_plan, note, output_format, plan_notes, today,
};
use crate::cli::{DayArgs, Format};
use crate::config::Profile;
use crate::exit::input_error;
use crate::plan;
use crate::render;

/// `today` and `next`: one day cut out of the plan, rendered like the plan.
pub(crate) fn run(
    mut args: DayArgs,
    profile: &Profile,
    next: bool,
    db: Option<&std::path::Path>,
) -> Result<()> {
    (args.inputs.rides.at, args.inputs.rides.tz) = (args.export.at, args.export.tz);
    let format = output_format(args.format, &args.output)?;
    let template = load_template(args.template.as_deref(), profile)?;
    let today = today(&args.inputs);
    // One day is read: earlier weeks only shape the state (a long log costs less).
    let from = today.checked_sub_days(chrono::Days::new(7));
    let (mut plan, plan_id) = named_plan(
        args.template.as_deref(),
        &template,
        &args.inputs,
        profile,
        &log_for(
            &args.inputs,
            db,
            profile,
            plan_notes(&args.inputs, profile, from),
        )?,
        from,
    )?;
    if matches!(format, Format::Table | Format::Markdown) {
        crate::visible::plan(&mut plan);
    }
    let day = if next {
        match plan::pick_next_open(&plan, today) {
            Some(day) => day,
            None if let Some(alert) = red_flag_alert(&plan) => {
                return waiting_for_clearance(alert, today, format, &args.output);
            }
            None => return plan_over(&plan, today, format, &args.output),
        }
    } else {
        if today < plan.start && matches!(format, Format::Table | Format::Markdown) {
            // Not an error for a person reading the day: there is simply nothing yet.
            let first = plan.weeks.first().and_then(|w| w.sessions.first());
            let text = match first {
                Some(s) => format!(
                    "{today} · nothing planned yet: the plan starts {} {} (`vmo next` shows that session)\n",
                    s.weekday.title(),
                    s.date
                ),
                None => format!("{today} · nothing planned yet\n"),
            };
            emit(&args.output, text.as_bytes())?;
            no_start_note(&args.inputs, profile);
            return Ok(());
        }
        if today > plan.end {
            return plan_over(&plan, today, format, &args.output);
        }
        plan::pick_day(&plan, today).ok_or_else(|| {
            input_error(format!(
                "the plan starts on {}; nothing to do on {today} (try `vmo next`)",
                plan.start
            ))
        })?
    };
    // Today's session already in the log: say what was logged and point at the next one.
    if let plan::PlanDay::Session(s) = &day
        && !next
        && plan::is_logged(s)
        && matches!(format, Format::Table | Format::Markdown | Format::Json)
    {
        let following = match today
            .succ_opt()
            .and_then(|d| plan::pick_next_open(&plan, d))
        {
            Some(plan::PlanDay::Session(n)) => Some(*n),
            _ => None,
        };
        let text = match format {
            Format::Json => {
                let mut value = session_json(s, plan.pain.as_ref(), false)?;
                if let serde_json::Value::Object(m) = &mut value {
                    m.insert("client".to_string(), serde_json::to_value(&plan.client)?);
                    m.insert("knee".to_string(), serde_json::to_value(&plan.knee)?);
                    m.insert("next_session".to_string(), next_json(following.as_ref()));
                }
                format!("{}\n", serde_json::to_string_pretty(&value)?)
            }
            _ => logged_text(s, &plan, following.as_ref()),
        };
        no_start_note(&args.inputs, profile);
        let text = match format {
            Format::Table => super::common::fit_terminal(named(&plan, text), &args.output),
            _ => text,
        };
        return emit(&args.output, text.as_bytes());
    }
    let recovery = matches!(day, plan::PlanDay::Recovery(_));
    let time = session_time(&args.export, profile)?;
    let one = plan::only_day(&plan, &day);
    let deload = one.weeks.first().is_some_and(|w| w.deload);
    // On a recovery day the first question is when to train next.
    let following = match &day {
        plan::PlanDay::Recovery(r) => match plan::pick_next_open(&plan, r.date) {
            Some(plan::PlanDay::Session(s)) => Some(*s),
            _ => None,
        },
        plan::PlanDay::Session(_) => None,
    };
    let text = match format {
        Format::Table => match &day {
            plan::PlanDay::Session(s) => {
                session_text(s, plan.units, plan.pain.as_ref(), deload, time.as_deref())
            }
            plan::PlanDay::Recovery(r) => format!(
                "{} {} · week {}{} · recovery day\n{}\n{}{}\n",
                r.date,
                r.weekday.title(),
                r.week,
                deload_mark(deload),
                r.guidance,
                r.alerts
                    .iter()
                    .map(|a| format!("⚠ {}\n", a.message))
                    .collect::<String>(),
                if r.alerts
                    .iter()
                    .any(|a| a.kind == plan::knee_state::AlertKind::RedFlag)
                {
                    "Next session: once a clinician has seen the knee and you record `vmo cleared`"
                        .to_string()
                } else {
                    next_line(following.as_ref(), &plan)
                }
            ),
        },
        Format::Json => {
            let mut value = match &day {
                plan::PlanDay::Session(s) => {
                    let mut v = session_json(s, plan.pain.as_ref(), deload)?;
                    if let serde_json::Value::Object(m) = &mut v {
                        m.insert("time".to_string(), time.clone().into());
                    }
                    v
                }
                plan::PlanDay::Recovery(r) => recovery_json(r, deload, following.as_ref())?,
            };
            if let serde_json::Value::Object(m) = &mut value {
                m.insert("client".to_string(), serde_json::to_value(&plan.client)?);
                m.insert("knee".to_string(), serde_json::to_value(&plan.knee)?);
                if !one.rides.is_empty() {
                    m.insert("rides".to_string(), serde_json::to_value(&one.rides)?);
                }
            }
            format!("{}\n", serde_json::to_string_pretty(&value)?)
        }
        Format::Ics => {
            let mut opts = ics_options(&args.export, profile, &plan_id)?;
            opts.include_recovery |= recovery;
            render::ics::render(&one, &opts)
        }
        Format::Csv => super::common::for_terminal(
            &args.output,
            render::csv::render(&one, args.export.include_recovery || recovery),
        ),
        Format::Markdown if recovery => format!(
            "{}\n{}\n",
            render::markdown::render_day(&one),
            next_line(following.as_ref(), &plan)
        ),
        Format::Markdown => render::markdown::render_day(&one),
    };
    no_start_note(&args.inputs, profile);
    // The day's own rides and runs, which the session was placed around.
    let text = match format {
        Format::Table if !one.rides.is_empty() => {
            let mut text = text;
            text.push_str("Own training today:\n");
            for r in &one.rides {
                text.push_str(&format!("  {}\n", r.line()));
            }
            text
        }
        _ => text,
    };
    // The command a coach copies must reach this client's log.
    let text = match &plan.client {
        Some(c) => super::common::with_client(&text, c),
        None => text,
    };
    let text = match format {
        Format::Table => super::common::fit_terminal(named(&plan, text), &args.output),
        _ => text,
    };
    emit(&args.output, text.as_bytes())
}

/// The day's text headed by whose plan it is (`Ann K · 2026-12-10 Thu · …`), when named.
fn named(plan: &plan::Plan, text: String) -> String {
    match &plan.client {
        Some(c) => format!("{} · {text}", crate::visible::visible(c)),
        None => text,
    }
}

/// The session's time of day as the profile or the flags give it ("06:30", with the zone
/// when one is set: "06:30 Europe/Berlin"), so `today` says when as the calendar does.
fn session_time(export: &crate::cli::ExportArgs, profile: &Profile) -> Result<Option<String>> {
    let kept = super::common::calendar_profile(profile)?;
    let Some(at) = export.at.or(kept.at) else {
        return Ok(None);
    };
    let at = at.format("%H:%M").to_string();
    Ok(Some(match export.tz.or(kept.tz) {
        Some(tz) => format!("{at} {}", tz.name()),
        None => at,
    }))
}

/// The red flag in force, if one waits for a clinician.
fn red_flag_alert(plan: &plan::Plan) -> Option<&plan::knee_state::Alert> {
    plan.knee.as_ref().and_then(|k| {
        k.alerts
            .iter()
            .find(|a| a.kind == plan::knee_state::AlertKind::RedFlag)
    })
}

/// `next` under a red flag: no session is planned until a clinician has seen the knee,
/// which is the answer (exit 0), not "the plan is over".
fn waiting_for_clearance(
    alert: &plan::knee_state::Alert,
    today: chrono::NaiveDate,
    format: Format,
    output: &crate::cli::OutputArgs,
) -> Result<()> {
    let line = format!("{today} · no session planned: ⚠ {}", alert.message);
    let json = serde_json::json!({
        "date": today,
        "session": null,
        "alerts": [alert],
        "message": line,
    });
    answer(&line, &json, format, output)
}

/// An answer with no session in it: the line on a terminal, `json` as JSON, and on stderr
/// for a calendar or CSV (an empty one of those would look like data).
fn answer(
    line: &str,
    json: &serde_json::Value,
    format: Format,
    output: &crate::cli::OutputArgs,
) -> Result<()> {
    match format {
        Format::Table | Format::Markdown => emit(output, format!("{line}\n").as_bytes()),
        Format::Json => emit(
            output,
            format!("{}\n", serde_json::to_string_pretty(json)?).as_bytes(),
        ),
        Format::Ics | Format::Csv => {
            note(line);
            Ok(())
        }
    }
}

/// Past the plan's last day: not an error (exit 0), but the real end date and how to go on.
fn plan_over(
    plan: &plan::Plan,
    today: chrono::NaiveDate,
    format: Format,
    output: &crate::cli::OutputArgs,
) -> Result<()> {
    // The weeks list may be cut to the days read; the plan's dates are whole.
    let weeks = ((plan.end - plan.start).num_days() + 1) / 7;
    // Enough weeks to cover today and the week after it, so `next` has a session too.
    let needed = (today - plan.start).num_days() / 7 + 2;
    let how = if needed <= i64::from(plan::MAX_WEEKS) {
        format!("to go on, pass --weeks {needed} (or keep it: `vmo config set weeks {needed}`)")
    } else {
        format!("start a new plan with --start {today}")
    };
    let end = plan.end;
    let line = format!(
        "{today} · no session left: the plan ended on {end} {}, after {weeks} weeks; {how}",
        crate::day::Day::from_weekday(chrono::Datelike::weekday(&end)).title()
    );
    let json = serde_json::json!({
        "date": today,
        "plan_end": end,
        "weeks": weeks,
        "session": null,
        "next_session": null,
        "message": line,
    });
    answer(&line, &json, format, output)
}

/// Today's session once it is logged: one line of what was logged, its alerts, and the
/// next session.
fn logged_text(
    s: &crate::plan::Session,
    plan: &crate::plan::Plan,
    following: Option<&crate::plan::Session>,
) -> String {
    let log = match s.notes.iter().find(|n| n.starts_with("away (")) {
        Some(away) if super::away::is_away(s) => away.clone(),
        _ => s
            .log
            .as_ref()
            .map(|l| l.summary(plan.units))
            .unwrap_or_default(),
    };
    let mut t = format!(
        "{} {} · week {} · {} · {log}\n",
        s.date,
        s.weekday.title(),
        s.week,
        s.phase
    );
    for a in &s.alerts {
        t.push_str(&format!("⚠ {}\n", a.message));
    }
    t.push_str(&next_line(following, plan));
    t.push('\n');
    t
}

/// `next_session` in JSON: date, weekday and week, or `null`.
fn next_json(next: Option<&crate::plan::Session>) -> serde_json::Value {
    next.map_or(
        serde_json::Value::Null,
        |s| serde_json::json!({ "date": s.date, "weekday": s.weekday, "week": s.week }),
    )
}

/// Without a stored start the plan begins again every day, which looks like a bug: say so.
fn no_start_note(inputs: &crate::cli::PlanInputs, profile: &Profile) {
    if inputs.start.is_none() && profile.values.start.is_none() {
        note(
            "note: no start date is stored, so the plan starts today and \"today\" is always week 1; run `vmo init` to start it today and keep counting, or pass --start YYYY-MM-DD",
        );
    }
}

/// " · deload week" in a deload week's heading, so the lighter day is not a surprise.
fn deload_mark(deload: bool) -> &'static str {
    if deload { " · deload week" } else { "" }
}

/// "Next session: DATE Day, week N", or that the plan has none left.
fn next_line(next: Option<&crate::plan::Session>, plan: &crate::plan::Plan) -> String {
    match next {
        Some(s) => format!(
            "Next session: {} {}, week {}",
            s.date,
            s.weekday.title(),
            s.week
        ),
        // A red flag waiting for a clinician pauses every session: none is left *yet*.
        None if plan.knee.as_ref().is_some_and(|k| {
            k.alerts
                .iter()
                .any(|a| a.kind == crate::plan::knee_state::AlertKind::RedFlag)
        }) =>
        {
            "Next session: once a clinician has seen the knee and you record `vmo cleared`"
                .to_string()
        }
        None => format!("No session left: the plan ends on {}", plan.end),
    }
}

/// A session as `vmo today --format json` prints it: the Session object with two more
/// keys, `pain`, the plan's pain rule (`null` when the template does not show it), and
/// `deload`, whether the session's week is a deload week.
fn session_json(
    s: &crate::plan::Session,
    pain: Option<&crate::plan::PainRules>,
    deload: bool,
) -> Result<serde_json::Value> {
    let mut value = serde_json::to_value(s)?;
    if let serde_json::Value::Object(m) = &mut value {
        m.insert("pain".to_string(), serde_json::to_value(pain)?);
        m.insert("deload".to_string(), deload.into());
    }
    Ok(value)
}

/// A recovery day as `vmo today --format json` prints it: the RecoveryDay object with
/// `deload` and `next_session` (date, weekday and week of the next session, or `null`).
fn recovery_json(
    r: &crate::plan::RecoveryDay,
    deload: bool,
    next: Option<&crate::plan::Session>,
) -> Result<serde_json::Value> {
    let mut value = serde_json::to_value(r)?;
    if let serde_json::Value::Object(m) = &mut value {
        m.insert("deload".to_string(), deload.into());
        m.insert("next_session".to_string(), next_json(next));
    }
    Ok(value)
}

/// A session as `vmo today` prints it: a heading, the prescription on one line (depth
/// also in words), a light session's purpose, the notes, the cues and the pain rule.
fn session_text(
    s: &crate::plan::Session,
    unit: crate::units::Unit,
    pain: Option<&crate::plan::PainRules>,
    deload: bool,
    time: Option<&str>,
) -> String {
    use crate::render::text;
    let p = &s.prescription;
    let light = match s.kind {
        crate::plan::SessionKind::Hard => "",
        crate::plan::SessionKind::Light => " · light technique session",
    };
    let time = time.map(|t| format!(" {t}")).unwrap_or_default();
    let mut t = format!(
        "{} {}{time} · week {} · {}{} · {} cyclist squats{light}\n{} · tempo {} · heel {} · depth {} · rest {} · {} · {}\n",
        s.date,
        s.weekday.title(),
        s.week,
        s.phase,
        deload_mark(deload),
        p.variant,
        text::sets_reps(p),
        p.tempo,
        text::heel(p, unit),
        text::depth(p),
        text::rest(p.rest_seconds),
        text::effort(p),
        text::load(p, unit)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_text_carries_purpose_depth_words_and_the_pain_rule() {
        let plan = crate::render::sample::plan(true);
        let pain = plan.pain.as_ref().unwrap();
        let [hard, light] = &plan.weeks[0].sessions[..] else {
            panic!("two sessions")
        };
        let text = session_text(light, plan.units, Some(pain), false, None);
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[0].ends_with("cyclist squats · light technique session"),
            "{text}"
        );
        assert!(lines[1].contains(" · depth 90° (right angle) · "), "{text}");
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

        let text = session_text(hard, plan.units, None, false, Some("06:30"));
        assert!(text.contains(" 06:30 · week "), "{text}");
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
        let v = session_json(s, plan.pain.as_ref(), false).unwrap();
        assert_eq!(v["pain"], serde_json::to_value(&plan.pain).unwrap());
        assert_eq!(
            v["pain"]["red_flags"],
            plan.pain.as_ref().unwrap().red_flags
        );
        assert_eq!(v["slot"], 1);
        let v = session_json(s, None, true).unwrap();
        assert!(v["pain"].is_null());
        assert_eq!(v["deload"], true);
        assert!(v.as_object().unwrap().contains_key("pain"));
    }
}
