//! The report's two charts as inline SVG, each with its data table (see
//! [`super::report_html`]): knee load prescribed vs done above pain during and next morning
//! on the same weeks, and adherence by week. Black-and-white readable: outlines, fills,
//! hatching, dashes and marker shapes, never colour alone; a long period labels every k-th
//! week and leaves the numbers to the tables.

use std::fmt::Write as _;

use super::report_html::opt;
use super::svg::{Bands, Linear, Svg, escape as e, ticks};
use crate::report::{Report, ReportWeek, short_date};
use crate::units::show_number as n;

/// The x axis shared by the charts: one band a week.
const LEFT: f64 = 46.0;
const RIGHT: f64 = 712.0;
const WIDTH: f64 = 720.0;

fn week_bands(r: &Report) -> Bands {
    Bands {
        count: r.weeks.len(),
        start: LEFT,
        end: RIGHT,
    }
}

/// Hatching for deload weeks and skipped sessions (patterns, not colour).
fn hatch(svg: &mut Svg, id: &str, colour: &str) {
    svg.raw(&format!(
        "<defs><pattern id=\"{id}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"{colour}\" stroke-width=\"1.6\"/></pattern></defs>"
    ));
}

/// Week labels under a panel: `W3` and the Monday.
/// Whether band `i` of `bands` carries a label `min_gap` units wide: every band when they
/// are wide enough, else every k-th (a long period's charts stay readable; the numbers are
/// in the data table and the session table).
fn labelled(bands: &Bands, i: usize, min_gap: f64) -> bool {
    let every = (min_gap / bands.width().max(1e-9)).ceil().max(1.0) as usize;
    i.is_multiple_of(every)
}

fn x_labels(svg: &mut Svg, r: &Report, bands: &Bands, y: f64) {
    for (i, w) in r.weeks.iter().enumerate() {
        if !labelled(bands, i, 44.0) {
            continue;
        }
        let x = bands.centre(i);
        svg.text(
            (x, y),
            "middle",
            "font-size=\"11\" font-weight=\"bold\"",
            &format!("W{}", w.number),
        );
        svg.text(
            (x, y + 12.0),
            "middle",
            "font-size=\"9.5\"",
            &day_month(w.start),
        );
    }
}

/// `7 Sep`.
fn day_month(d: chrono::NaiveDate) -> String {
    let s = short_date(d);
    s.split_once(' ')
        .map_or(s.clone(), |(_, rest)| rest.to_string())
}

fn y_axis(svg: &mut Svg, scale: &Linear, values: &[f64]) {
    for &t in values {
        let y = scale.map(t);
        svg.line(
            (LEFT, y),
            (RIGHT, y),
            "stroke=\"#bbb\" stroke-width=\"0.6\"",
        );
        svg.text((LEFT - 5.0, y + 3.5), "end", "font-size=\"10\"", &n(t));
    }
}

/// Deload weeks hatched over `top..bottom`, with the word above.
fn deload_bands(svg: &mut Svg, r: &Report, bands: &Bands, top: f64, bottom: f64, id: &str) {
    for (i, _) in r.weeks.iter().enumerate().filter(|(_, w)| w.deload) {
        svg.rect(
            bands.left(i) + 1.0,
            top,
            bands.width() - 2.0,
            bottom - top,
            &format!("fill=\"url(#{id})\" stroke=\"none\""),
        );
    }
}

/// The knee load and pain chart, with its data table.
pub(super) fn load_and_pain(o: &mut String, r: &Report) {
    let bands = week_bands(r);
    let bw = bands.width();
    // Load panel, then the pain panel on the same weeks.
    let (l_top, l_bottom) = (34.0, 136.0);
    let (p_top, p_bottom) = (166.0, 266.0);
    let height = 318.0;
    let top_load = r
        .weeks
        .iter()
        .map(|w| w.load_prescribed.max(w.load_done.unwrap_or(0.0)))
        .fold(0.0, f64::max);
    let load_ticks = ticks(top_load, 4);
    let load = Linear {
        domain: (0.0, *load_ticks.last().unwrap_or(&1.0)),
        range: (l_bottom, l_top),
    };
    let pain = Linear {
        domain: (0.0, 10.0),
        range: (p_bottom, p_top),
    };
    let title =
        "Knee load by week, prescribed and done, with knee pain during and the next morning";
    let desc = format!(
        "Top: knee load a week in {}, prescribed (outlined bars) and done (solid bars). Bottom: the week's highest knee pain 0–10, during sessions (solid line, filled dots) and the next morning (dashed line, open squares), with the {}/10 line. Deload weeks are hatched; ▲ marks a flare (pain above {}/10), ✕ a red flag.",
        r.load_unit,
        n(r.pain_ideal),
        n(r.pain_max)
    );
    let mut svg = Svg::new(WIDTH, height, "chart-load-title", title, &desc);
    hatch(&mut svg, "load-deload", "#c8c8c8");
    deload_bands(&mut svg, r, &bands, l_top - 10.0, p_bottom, "load-deload");
    svg.text(
        (LEFT, 14.0),
        "start",
        "font-size=\"11.5\" font-weight=\"bold\"",
        &format!("Knee load a week ({})", r.load_unit),
    );
    y_axis(&mut svg, &load, &load_ticks);
    let bar = (bw * 0.34).min(22.0);
    let gap = 2.0;
    // Numbers over the bars while they fit: a digit is about 5.7 units wide at this size.
    // Both when each fits over its bar, else the one done over the pair, else none (a long
    // period, large loads in lb: the numbers are in the tables).
    let digits = n(top_load.round()).chars().count() as f64 * 5.7;
    let both = bw >= 40.0 && digits <= bar + gap;
    let one = bw >= 40.0 && digits <= bw * 0.9;
    for (i, w) in r.weeks.iter().enumerate() {
        let px = bands.centre(i) - bar - gap / 2.0;
        let dx = bands.centre(i) + gap / 2.0;
        let y = load.map(w.load_prescribed);
        svg.rect(
            px,
            y,
            bar,
            l_bottom - y,
            "fill=\"#fff\" stroke=\"#000\" stroke-width=\"1.2\"",
        );
        let done_y = w.load_done.map(|d| load.map(d));
        if let Some(dy) = done_y {
            svg.rect(dx, dy, bar, l_bottom - dy, "fill=\"#333\" stroke=\"#000\"");
        }
        let (presc, done) = (
            n(w.load_prescribed.round()),
            w.load_done.map(|d| n(d.round())),
        );
        let (grey, bold) = (
            "font-size=\"9\" fill=\"#333\"",
            "font-size=\"9\" font-weight=\"bold\"",
        );
        if both {
            svg.text((px + bar / 2.0, y - 3.0), "middle", grey, &presc);
            if let (Some(dy), Some(d)) = (done_y, &done) {
                svg.text((dx + bar / 2.0, dy - 3.0), "middle", bold, d);
            }
        } else if one {
            let over = done_y.map_or(y, |dy| dy.min(y)) - 3.0;
            match &done {
                Some(d) => svg.text((bands.centre(i), over), "middle", bold, d),
                None => svg.text((bands.centre(i), over), "middle", grey, &presc),
            }
        }
        if w.deload && bw >= 34.0 {
            svg.text(
                (bands.centre(i), l_top - 4.0),
                "middle",
                "font-size=\"9.5\" font-style=\"italic\"",
                "deload",
            );
        }
    }
    svg.line(
        (LEFT, l_bottom),
        (RIGHT, l_bottom),
        "stroke=\"#000\" stroke-width=\"1\"",
    );
    // Pain panel, on the same weeks (labelled once, under it).
    for i in 1..r.weeks.len() {
        let x = bands.left(i);
        svg.line((x, l_bottom), (x, l_bottom + 4.0), "stroke=\"#000\"");
        svg.line((x, p_bottom), (x, p_bottom + 4.0), "stroke=\"#000\"");
    }
    svg.text(
        (LEFT, p_top - 8.0),
        "start",
        "font-size=\"11.5\" font-weight=\"bold\"",
        "Knee pain 0–10, the week's highest",
    );
    y_axis(&mut svg, &pain, &[0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
    let ideal_y = pain.map(r.pain_ideal);
    svg.line(
        (LEFT, ideal_y),
        (RIGHT, ideal_y),
        "stroke=\"#000\" stroke-width=\"1.3\" stroke-dasharray=\"2 3\"",
    );
    svg.line(
        (LEFT, p_bottom),
        (RIGHT, p_bottom),
        "stroke=\"#000\" stroke-width=\"1\"",
    );
    let series = |get: fn(&ReportWeek) -> Option<f64>| -> Vec<Vec<(f64, f64)>> {
        // Broken where a week has no reading.
        let mut runs = vec![Vec::new()];
        for (i, w) in r.weeks.iter().enumerate() {
            match get(w) {
                Some(v) => runs
                    .last_mut()
                    .expect("one run")
                    .push((bands.centre(i), pain.map(v))),
                None => runs.push(Vec::new()),
            }
        }
        runs
    };
    for run in series(|w| w.pain_morning) {
        svg.polyline(
            &run,
            "stroke=\"#000\" stroke-width=\"1.4\" stroke-dasharray=\"5 3\"",
        );
    }
    for run in series(|w| w.pain_during) {
        svg.polyline(&run, "stroke=\"#000\" stroke-width=\"2\"");
    }
    for (i, w) in r.weeks.iter().enumerate() {
        let x = bands.centre(i);
        if let Some(m) = w.pain_morning {
            let y = pain.map(m);
            svg.rect(
                x - 3.5,
                y - 3.5,
                7.0,
                7.0,
                "fill=\"#fff\" stroke=\"#000\" stroke-width=\"1.4\"",
            );
            if bw >= 30.0 {
                svg.text((x + 6.0, y + 3.5), "start", "font-size=\"9\"", &n(m));
            }
        }
        if let Some(d) = w.pain_during {
            let y = pain.map(d);
            svg.circle((x, y), 3.6, "fill=\"#000\"");
            if bw >= 30.0 {
                svg.text(
                    (x - 5.0, y - 5.0),
                    "end",
                    "font-size=\"9.5\" font-weight=\"bold\"",
                    &n(d),
                );
            }
        }
        let mark_y = p_top + 2.0;
        if w.red_flag {
            let (a, b) = ((x - 5.0, mark_y - 5.0), (x + 5.0, mark_y + 5.0));
            svg.line(a, b, "stroke=\"#000\" stroke-width=\"2.4\"");
            svg.line(
                (a.0, b.1),
                (b.0, a.1),
                "stroke=\"#000\" stroke-width=\"2.4\"",
            );
        } else if w.flare {
            svg.polygon(
                &[
                    (x, mark_y - 6.0),
                    (x - 6.0, mark_y + 5.0),
                    (x + 6.0, mark_y + 5.0),
                ],
                "fill=\"#000\"",
            );
        }
    }
    x_labels(&mut svg, r, &bands, p_bottom + 13.0);
    // Legend.
    let ly = height - 8.0;
    let mut lx = LEFT;
    svg.rect(
        lx,
        ly - 8.0,
        10.0,
        10.0,
        "fill=\"#fff\" stroke=\"#000\" stroke-width=\"1.2\"",
    );
    svg.text((lx + 14.0, ly), "start", "font-size=\"10\"", "prescribed");
    lx += 82.0;
    svg.rect(lx, ly - 8.0, 10.0, 10.0, "fill=\"#333\" stroke=\"#000\"");
    svg.text((lx + 14.0, ly), "start", "font-size=\"10\"", "done");
    lx += 52.0;
    svg.line(
        (lx, ly - 3.0),
        (lx + 22.0, ly - 3.0),
        "stroke=\"#000\" stroke-width=\"2\"",
    );
    svg.circle((lx + 11.0, ly - 3.0), 3.6, "fill=\"#000\"");
    svg.text((lx + 26.0, ly), "start", "font-size=\"10\"", "pain during");
    lx += 98.0;
    svg.line(
        (lx, ly - 3.0),
        (lx + 22.0, ly - 3.0),
        "stroke=\"#000\" stroke-width=\"1.4\" stroke-dasharray=\"5 3\"",
    );
    svg.rect(
        lx + 7.5,
        ly - 6.5,
        7.0,
        7.0,
        "fill=\"#fff\" stroke=\"#000\" stroke-width=\"1.4\"",
    );
    svg.text((lx + 26.0, ly), "start", "font-size=\"10\"", "next morning");
    lx += 106.0;
    svg.line(
        (lx, ly - 3.0),
        (lx + 22.0, ly - 3.0),
        "stroke=\"#000\" stroke-width=\"1.3\" stroke-dasharray=\"2 3\"",
    );
    svg.text(
        (lx + 26.0, ly),
        "start",
        "font-size=\"10\"",
        &format!("{}/10: fine", n(r.pain_ideal)),
    );
    lx += 82.0;
    svg.rect(
        lx,
        ly - 8.0,
        14.0,
        10.0,
        "fill=\"url(#load-deload)\" stroke=\"#999\" stroke-width=\"0.5\"",
    );
    svg.text((lx + 18.0, ly), "start", "font-size=\"10\"", "deload");
    lx += 62.0;
    svg.polygon(
        &[(lx + 5.0, ly - 9.0), (lx, ly + 1.0), (lx + 10.0, ly + 1.0)],
        "fill=\"#000\"",
    );
    svg.text(
        (lx + 14.0, ly),
        "start",
        "font-size=\"10\"",
        &format!("flare (> {}/10)", n(r.pain_max)),
    );
    lx += 94.0;
    svg.line(
        (lx, ly - 8.0),
        (lx + 9.0, ly + 1.0),
        "stroke=\"#000\" stroke-width=\"2.2\"",
    );
    svg.line(
        (lx, ly + 1.0),
        (lx + 9.0, ly - 8.0),
        "stroke=\"#000\" stroke-width=\"2.2\"",
    );
    svg.text((lx + 14.0, ly), "start", "font-size=\"10\"", "red flag");
    let _ = write!(
        o,
        "<section class=\"charts\">\n<h2 id=\"load-h\">{}</h2>\n<p class=\"small\">Knee load is vmo's index, reps × (0.85 × body mass + external load) × depth and heel factors: assembled from the literature, not validated, so compare weeks with each other, not with other tools.</p>\n<div class=\"chart\">\n<figure aria-labelledby=\"load-h\">{}</figure>\n",
        e(title),
        svg.finish()
    );
    let _ = write!(
        o,
        "<table class=\"data screen\" aria-label=\"Data of the chart: knee load and pain by week\">\n<caption class=\"small\">The chart's numbers</caption>\n<thead><tr><th>Week</th><th class=\"n\">Prescribed</th><th class=\"n\">Done</th><th class=\"n\">Pain during</th><th class=\"n\">Next morning</th><th>Marks</th></tr></thead>\n<tbody>\n"
    );
    for w in &r.weeks {
        let mut marks = Vec::new();
        if w.deload {
            marks.push("deload");
        }
        if w.flare {
            marks.push("flare");
        }
        if w.red_flag {
            marks.push("red flag");
        }
        let _ = writeln!(
            o,
            "<tr><td>W{} · {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            w.number,
            day_month(w.start),
            n(w.load_prescribed.round()),
            w.load_done.map_or("—".into(), |d| n(d.round())),
            opt(w.pain_during),
            opt(w.pain_morning),
            marks.join(", ")
        );
    }
    o.push_str("</tbody>\n</table>\n</div>\n</section>\n");
}

/// The adherence chart, with its data table.
pub(super) fn adherence(o: &mut String, r: &Report) {
    let bands = week_bands(r);
    let bw = bands.width();
    let (top, bottom) = (16.0, 78.0);
    let height = 128.0;
    let most = r
        .weeks
        .iter()
        .map(|w| w.planned.max(w.done + w.skipped + w.missed + w.pending))
        .max()
        .unwrap_or(0)
        .max(1);
    let y = Linear {
        domain: (0.0, f64::from(most)),
        range: (bottom, top),
    };
    let title = "Adherence by week: planned sessions done, skipped and missed";
    let desc = "One bar a week, one block a planned session: done solid, skipped hatched, missed outlined, today's dotted; the label is done of planned, +N the extra sessions.";
    let mut svg = Svg::new(WIDTH, height, "chart-adherence-title", title, desc);
    hatch(&mut svg, "adh-skip", "#555");
    let mut ticks_at: Vec<f64> = (0..=most).map(f64::from).collect();
    if most > 6 {
        ticks_at.retain(|t| (*t as u32).is_multiple_of(2) || *t as u32 == most);
    }
    y_axis(&mut svg, &y, &ticks_at);
    let block = (bottom - top) / f64::from(most);
    for (i, w) in r.weeks.iter().enumerate() {
        let bar = (bw * 0.5).min(30.0);
        let x = bands.centre(i) - bar / 2.0;
        let mut level = 0u32;
        let mut put = |count: u32, attrs: &str, svg: &mut Svg| {
            for _ in 0..count {
                let y0 = bottom - block * f64::from(level + 1);
                svg.rect(x, y0 + 1.0, bar, block - 2.0, attrs);
                level += 1;
            }
        };
        put(w.done, "fill=\"#333\" stroke=\"#000\"", &mut svg);
        put(
            w.skipped,
            "fill=\"url(#adh-skip)\" stroke=\"#000\"",
            &mut svg,
        );
        put(
            w.missed,
            "fill=\"#fff\" stroke=\"#000\" stroke-width=\"1.2\"",
            &mut svg,
        );
        put(
            w.pending,
            "fill=\"#fff\" stroke=\"#000\" stroke-dasharray=\"2 2\"",
            &mut svg,
        );
        let label = if w.extra > 0 {
            format!("{}/{} +{}", w.done, w.planned, w.extra)
        } else {
            format!("{}/{}", w.done, w.planned)
        };
        if bw >= 40.0 {
            svg.text(
                (bands.centre(i), bottom - block * f64::from(level) - 4.0),
                "middle",
                "font-size=\"9.5\" font-weight=\"bold\"",
                &label,
            );
        }
    }
    svg.line((LEFT, bottom), (RIGHT, bottom), "stroke=\"#000\"");
    x_labels(&mut svg, r, &bands, bottom + 13.0);
    let ly = height - 10.0;
    let mut lx = LEFT;
    for (attrs, words) in [
        ("fill=\"#333\" stroke=\"#000\"", "done"),
        ("fill=\"url(#adh-skip)\" stroke=\"#000\"", "skipped"),
        (
            "fill=\"#fff\" stroke=\"#000\" stroke-width=\"1.2\"",
            "missed",
        ),
        (
            "fill=\"#fff\" stroke=\"#000\" stroke-dasharray=\"2 2\"",
            "today, not logged yet",
        ),
    ] {
        svg.rect(lx, ly - 8.0, 12.0, 9.0, attrs);
        svg.text((lx + 16.0, ly), "start", "font-size=\"10\"", words);
        lx += 24.0 + 6.2 * words.chars().count() as f64;
    }
    if bw >= 40.0 {
        svg.text(
            (lx + 8.0, ly),
            "start",
            "font-size=\"10\"",
            "label: done/planned, +extra sessions",
        );
    }
    let _ = write!(
        o,
        "<section class=\"charts\">\n<h2 id=\"adh-h\">{}</h2>\n<div class=\"chart\">\n<figure aria-labelledby=\"adh-h\">{}</figure>\n",
        e(title),
        svg.finish()
    );
    o.push_str("<table class=\"data screen\" aria-label=\"Data of the chart: adherence by week\">\n<caption class=\"small\">The chart's numbers</caption>\n<thead><tr><th>Week</th><th class=\"n\">Planned</th><th class=\"n\">Done</th><th class=\"n\">Skipped</th><th class=\"n\">Missed</th><th class=\"n\">Extra</th></tr></thead>\n<tbody>\n");
    for w in &r.weeks {
        let _ = writeln!(
            o,
            "<tr><td>W{} · {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            w.number,
            day_month(w.start),
            w.planned,
            w.done,
            w.skipped,
            w.missed,
            w.extra
        );
    }
    o.push_str("</tbody>\n</table>\n</div>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_period_labels_every_kth_week() {
        let bands = |count| Bands {
            count,
            start: LEFT,
            end: RIGHT,
        };
        // Twelve or thirteen weeks: every week has its label.
        assert!((0..13).all(|i| labelled(&bands(13), i, 44.0)));
        // A year: about one label every 44 units, starting with the first week.
        let year = bands(52);
        let shown: Vec<usize> = (0..52).filter(|&i| labelled(&year, i, 44.0)).collect();
        assert_eq!(shown[0], 0);
        let gap = (shown[1] - shown[0]) as f64 * year.width();
        assert!((44.0..44.0 + year.width()).contains(&gap), "{shown:?}");
    }
}
