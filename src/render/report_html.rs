//! `vmo report` as one self-contained HTML page (DESIGN §10): inline CSS and SVG, no
//! script, a Content-Security-Policy that forbids every request, print CSS for the
//! browser's paper (A4 or Letter). Every string from the log or the profile is escaped.
//!
//! The charts come from `report_charts.rs`: readable in black and white, prescribed bars
//! outlined and done bars solid, pain during a solid line with filled dots and next morning
//! a dashed line with open squares, deload weeks hatched, flares and red flags marked.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use super::svg::escape as e;
use crate::plan::AlertKind;
use crate::report::{Report, RowStatus, short_date};
use crate::units::show_number as n;

const CSS: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, system-ui, sans-serif; font-size: 10pt; line-height: 1.35; color: #000; background: #fff; margin: 0 auto; max-width: 78rem; padding: 1.5rem; }
h1 { font-size: 16pt; margin: 0 0 .2rem; }
h2 { font-size: 11.5pt; margin: 1rem 0 .35rem; border-bottom: 1.5px solid #000; padding-bottom: .1rem; }
h3 { font-size: 10pt; margin: .6rem 0 .2rem; }
p { margin: .25rem 0; }
.sub { color: #333; margin: 0 0 .5rem; }
dl.facts { display: flex; flex-wrap: wrap; gap: .1rem 1.4rem; margin: .3rem 0 .5rem; font-size: 9pt; }
dl.facts div { display: flex; gap: .35rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
.alert { border: 2.5px solid #b00000; border-left-width: 9px; padding: .35rem .6rem; margin: .4rem 0; font-size: 10pt; break-inside: avoid; }
.alert strong { text-transform: uppercase; letter-spacing: .02em; }
.calm { border: 1.5px solid #000; padding: .3rem .6rem; margin: .4rem 0; }
.now { margin: .3rem 0; }
figure { margin: .2rem 0 0; }
.chart { display: grid; grid-template-columns: minmax(0, 1fr) max-content; gap: 1.2rem; align-items: start; break-inside: avoid; }
@media screen and (max-width: 62rem) { .chart { grid-template-columns: minmax(0, 1fr); } }
table.data td, table.data th { white-space: nowrap; }
.chart svg { width: 100%; height: auto; display: block; }
svg text { font-family: inherit; fill: #000; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .12rem .3rem; border-bottom: .5px solid #999; }
th { border-bottom: 1.5px solid #000; font-size: 8.5pt; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
table.data { font-size: 8.5pt; }
table.sessions { font-size: 8.5pt; }
table.sessions td.date, table.sessions td.presc, table.sessions td.done { white-space: nowrap; }
tr.off td { color: #444; font-style: italic; }
tr.extra td.presc { font-style: italic; }
tr.alarm td { font-weight: bold; border-top: 1.5px solid #000; border-bottom: 1.5px solid #000; }
.hi { font-weight: bold; }
.flag { font-weight: bold; }
.changes td.when { white-space: nowrap; }
ol.rules { padding-left: 1.6rem; margin: .2rem 0; font-size: 8.5pt; }
ol.rules li { margin: .1rem 0; }
.small { font-size: 8.5pt; color: #222; }
footer { margin-top: 1rem; font-size: 8pt; color: #333; border-top: .5px solid #999; padding-top: .3rem; }
.note { overflow-wrap: anywhere; }
@page { margin: 10mm; }
@media print {
  body { font-size: 8.5pt; padding: 0; max-width: none; }
  h1 { font-size: 13pt; }
  .sub { display: none; }
  ol.rules, ul.small, footer { font-size: 7pt; }
  footer { margin-top: .4rem; }
  h2 { font-size: 10pt; margin: .55rem 0 .2rem; break-after: avoid; }
  .screen { display: none; }
  .chart { grid-template-columns: 1fr; }
  table.sessions { font-size: 7.5pt; }
  table.sessions td, table.sessions th { padding: 0 .25rem; line-height: 1.15; }
  table.changes { font-size: 7.5pt; }
  ol.rules { font-size: 7.5pt; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
  .note { display: -webkit-box; -webkit-line-clamp: 1; -webkit-box-orient: vertical; overflow: hidden; max-width: 60mm; }
  ol.rules { columns: 2; column-gap: 1.2rem; }
  ol.rules li { break-inside: avoid; }
  ul.pain { columns: 2; column-gap: 1.2rem; margin: .1rem 0; }
  table.changes td { padding: 0 .25rem; line-height: 1.15; }
  .chart figure { margin: 0 auto; width: 94%; }
  header .small { display: none; }
  section.charts { break-inside: avoid; }
}
"#;

/// The whole page for `r`, stamped `generated` (UTC), made by vmo `version`.
pub fn render(r: &Report, generated: DateTime<Utc>, version: &str) -> String {
    let mut o = String::with_capacity(32 * 1024);
    let who = r.client.as_deref().unwrap_or("");
    let title = format!(
        "Knee and squat report{}{} · {} to {}",
        if who.is_empty() { "" } else { " · " },
        who,
        r.period.from,
        r.period.to
    );
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"generator\" content=\"vmo {}\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        e(version),
        e(&title)
    );
    header(&mut o, r, generated);
    knee_now(&mut o, r);
    if r.weeks.is_empty() {
        o.push_str("<p>No week of the plan falls in this period: nothing to chart.</p>\n");
    } else {
        super::report_charts::load_and_pain(&mut o, r);
        super::report_charts::adherence(&mut o, r);
    }
    sessions(&mut o, r);
    changes(&mut o, r);
    pain_rules(&mut o, r);
    let _ = write!(
        o,
        "<footer>Generated {} by vmo {} from the person's own training log (pain 0–10 as they logged it).</footer>\n</body>\n</html>\n",
        generated.format("%Y-%m-%d %H:%M UTC"),
        e(version)
    );
    o
}

fn header(o: &mut String, r: &Report, generated: DateTime<Utc>) {
    let _ = write!(
        o,
        "<header>\n<h1>Knee and squat report{}</h1>\n<p class=\"sub\">Cyclist squats for patellofemoral (front-of-knee) pain: what was prescribed, what was done, the pain logged during and the next morning, and every change the plan made.</p>\n<dl class=\"facts\">",
        match &r.client {
            Some(c) => format!(": {}", e(c)),
            None => String::new(),
        }
    );
    let weeks = match (r.weeks.first(), r.weeks.last()) {
        (Some(a), Some(b)) if a.number != b.number => {
            format!(" (weeks {}–{})", a.number, b.number)
        }
        (Some(a), _) => format!(" (week {})", a.number),
        _ => String::new(),
    };
    let facts = [
        ("Client", r.client.clone().unwrap_or_else(|| "—".into())),
        (
            "Period",
            format!("{} to {}{weeks}", r.period.from, r.period.to),
        ),
        ("Template", r.template.clone()),
        ("Plan start", r.plan_start.to_string()),
        ("Training days", r.days.clone()),
        (
            "Units",
            format!("{}, {}", r.units.as_str(), r.units.height_unit()),
        ),
        ("Knee load in", r.load_unit.clone()),
        ("Generated", generated.format("%Y-%m-%d").to_string()),
    ];
    for (k, v) in facts {
        let _ = write!(o, "<div><dt>{}</dt><dd>{}</dd></div>", e(k), e(&v));
    }
    o.push_str("</dl>\n");
    if !r.description.is_empty() {
        let _ = writeln!(o, "<p class=\"small\">Template: {}</p>", e(&r.description));
    }
    o.push_str("</header>\n");
}

fn knee_now(o: &mut String, r: &Report) {
    o.push_str("<section class=\"now\" aria-label=\"The knee now\">\n");
    match &r.knee {
        None => o.push_str(
            "<p class=\"calm\"><strong>Knee now:</strong> nothing logged, so nothing is known about the knee.</p>\n",
        ),
        Some(k) => {
            let mut alerts = k.alerts.clone();
            alerts.sort_by_key(|a| a.kind != AlertKind::RedFlag);
            for a in &alerts {
                let label = match a.kind {
                    AlertKind::RedFlag => "⚠ Red flag, awaiting a clinician's clearance",
                    AlertKind::RecurringPain => "⚠ Recurring pain",
                };
                let _ = writeln!(
                    o,
                    "<div class=\"alert\" role=\"alert\"><strong>{label}</strong> (since {}): {}</div>",
                    a.since,
                    e(&a.message)
                );
            }
            let mut line = format!(
                "<strong>Knee now ({}):</strong> {}",
                r.today,
                e(k.state.words())
            );
            if let Some(t) = k.tolerated_load {
                let _ = write!(
                    line,
                    " · tolerated knee load {} {} a session",
                    n(t.round()),
                    e(&r.load_unit)
                );
            }
            let _ = write!(
                line,
                " · usual next-morning pain {}/10",
                n(k.baseline_morning)
            );
            if let Some(d) = k.days_since_last_session {
                let _ = write!(line, " · last session {d} day{} ago", plural(d));
            }
            if let Some(c) = k.cleared_on {
                let _ = write!(line, " · last cleared by a clinician {c}");
            }
            let _ = writeln!(
                o,
                "<p class=\"{}\">{line}</p>",
                if alerts.is_empty() { "calm" } else { "now" }
            );
        }
    }
    let (planned, done, skipped, missed, pending, extra) = r.totals();
    if planned + extra > 0 {
        let _ = write!(
            o,
            "<p><strong>Sessions in these weeks:</strong> {planned} planned · {done} done{} · {skipped} skipped · {missed} missed",
            if planned > 0 {
                format!(" ({:.0} %)", f64::from(done) * 100.0 / f64::from(planned))
            } else {
                String::new()
            }
        );
        if pending > 0 {
            let _ = write!(o, " · {pending} today, not logged yet");
        }
        if extra > 0 {
            let _ = write!(o, " · {extra} extra session{}", plural(i64::from(extra)));
        }
        o.push_str("</p>\n");
    }
    o.push_str("</section>\n");
}

fn plural(v: i64) -> &'static str {
    if v == 1 { "" } else { "s" }
}

fn sessions(o: &mut String, r: &Report) {
    let _ = write!(
        o,
        "<section>\n<h2>Sessions</h2>\n<p class=\"small\">Prescribed: sets×reps · knee bend · heel block · load (none: bodyweight). Pain 0–10: <span class=\"hi\">bold</span> above {}/10, ▲ above {}/10, ⚠ red flag.</p>\n",
        n(r.pain_ideal),
        n(r.pain_max)
    );
    if r.sessions.is_empty() {
        o.push_str("<p>No session in this period.</p>\n</section>\n");
        return;
    }
    o.push_str("<table class=\"sessions\">\n<thead><tr><th>Date</th><th class=\"n\">Wk</th><th>Prescribed</th><th>Done</th><th class=\"n\">RPE</th><th class=\"n\">Pain during</th><th class=\"n\">Next morning</th><th>Symptoms</th><th>Note</th></tr></thead>\n<tbody>\n");
    for s in &r.sessions {
        let red_flag = !s.symptoms.is_empty()
            || [s.pain_during, s.pain_morning]
                .iter()
                .any(|p| p.is_some_and(|p| p >= r.red_flag_pain));
        let class = match (s.status, s.extra, red_flag) {
            (_, _, true) => " class=\"alarm\"",
            (RowStatus::Done, true, _) => " class=\"extra\"",
            (RowStatus::Done, false, _) => "",
            _ => " class=\"off\"",
        };
        let pain = |v: Option<f64>| match v {
            None => "—".to_string(),
            Some(p) if p >= r.red_flag_pain => format!("<span class=\"flag\">⚠ {}</span>", n(p)),
            Some(p) if p > r.pain_max => format!("<span class=\"hi\">▲ {}</span>", n(p)),
            Some(p) if p > r.pain_ideal => format!("<span class=\"hi\">{}</span>", n(p)),
            Some(p) => n(p),
        };
        let _ = writeln!(
            o,
            "<tr{class}><td class=\"date\">{}</td><td class=\"n\">{}</td><td class=\"presc\">{}</td><td class=\"done\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td><span class=\"note\">{}</span></td></tr>",
            e(&short_date(s.date)),
            s.week,
            match &s.prescribed {
                Some(p) => e(p),
                None => "extra session".to_string(),
            },
            e(&s.done),
            opt(s.rpe),
            pain(s.pain_during),
            pain(s.pain_morning),
            if s.symptoms.is_empty() {
                String::new()
            } else {
                format!("<span class=\"flag\">⚠ {}</span>", e(&s.symptoms))
            },
            e(s.note.as_deref().unwrap_or(""))
        );
    }
    o.push_str("</tbody>\n</table>\n</section>\n");
}

fn changes(o: &mut String, r: &Report) {
    o.push_str("<section>\n<h2>What the plan changed, and why</h2>\n");
    if r.changes.is_empty() {
        o.push_str("<p>Nothing changed in this period: the prescription followed the template.</p>\n</section>\n");
        return;
    }
    o.push_str("<p class=\"small\">In the plan's own words, as <code>vmo why</code> gives them; the rule behind each is listed below.</p>\n<table class=\"changes\">\n<thead><tr><th>When</th><th>Change</th><th class=\"n\">Rule</th></tr></thead>\n<tbody>\n");
    for c in &r.changes {
        let when = if c.sessions > 1 {
            format!(
                "{} – {} ({} sessions)",
                short_date(c.first),
                short_date(c.last),
                c.sessions
            )
        } else {
            short_date(c.first)
        };
        let alike = if c.dates_differ {
            " <span class=\"small\">(the first; later sessions name their own dates)</span>"
        } else {
            ""
        };
        let _ = writeln!(
            o,
            "<tr><td class=\"when\">{}</td><td>{}{alike}</td><td class=\"n\">{}</td></tr>",
            e(&when),
            e(&c.note),
            c.rule + 1
        );
    }
    o.push_str("</tbody>\n</table>\n<h3>The rules behind them</h3>\n<ol class=\"rules\">\n");
    for rule in &r.rules {
        let _ = writeln!(o, "<li>{}</li>", e(rule));
    }
    o.push_str("</ol>\n</section>\n");
}

fn pain_rules(o: &mut String, r: &Report) {
    o.push_str("<section>\n<h2>The pain rule and red flags the person was given</h2>\n");
    match &r.pain {
        Some(p) => {
            o.push_str("<ul class=\"small pain\">\n");
            for rule in &p.rules {
                let _ = writeln!(o, "<li>{}</li>", e(rule));
            }
            let _ = writeln!(o, "<li><strong>{}</strong></li>", e(&p.red_flags));
            o.push_str("</ul>\n");
        }
        None => {
            let _ = writeln!(
                o,
                "<p class=\"small\">This template prints no pain rule; the plan adapts to pain up to {}/10 as fine, up to {}/10 as hold, above that a step back, and {}/10 or swelling, locking, giving way or night pain as a red flag.</p>",
                n(r.pain_ideal),
                n(r.pain_max),
                n(r.red_flag_pain)
            );
        }
    }
    o.push_str("</section>\n");
}

/// A number, or `—` when there is none.
pub(super) fn opt(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), n)
}
