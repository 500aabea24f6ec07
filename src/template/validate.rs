//! Range and consistency checks on a deserialised template. Every problem is collected,
//! so a template author sees them all at once.

use super::Seg;
use super::model::{Effort, LightSession, LoadRule, Phase, Progression, Template, TempoRule};

/// Most phases a template may have; real templates have a handful.
pub const MAX_PHASES: usize = 50;
/// Longest a single phase may be, in weeks.
pub const MAX_PHASE_WEEKS: u32 = 104;

type Found = Vec<(Vec<Seg>, String)>;

struct Checker {
    found: Found,
}

fn path_text(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) if s.is_empty() => s.push_str(k),
            Seg::Key(k) => {
                s.push('.');
                s.push_str(k);
            }
            Seg::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// Formats a number the way a user would write it (no trailing `.0`).
pub fn num(v: f64) -> String {
    let mut s = String::new();
    push_num(&mut s, v);
    s
}

/// Appends [`num`]`(v)` to `out` without allocating.
pub(crate) fn push_num(out: &mut String, v: f64) {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let i = v as i64;
        if i < 0 {
            out.push('-');
        }
        push_uint(out, i.unsigned_abs());
        return;
    }
    // `{v:.3}` rounds the exact value to thousandths. When v × 1000, as computed, is within
    // a quarter of an integer m, the exact product is within a third of m (its rounding
    // error is at most 1/16 below 1e15), so m is that rounding: write it without the
    // float formatter.
    if v.is_finite() && v.abs() < 1e12 {
        let x = v.abs() * 1000.0;
        let m = x.round();
        if (x - m).abs() < 0.25 {
            let m = m as u64;
            if v < 0.0 {
                out.push('-');
            }
            push_uint(out, m / 1000);
            let mut frac = m % 1000;
            if frac != 0 {
                let mut places = 3;
                while frac.is_multiple_of(10) {
                    frac /= 10;
                    places -= 1;
                }
                out.push('.');
                push_digits(out, frac, places);
            }
            return;
        }
    }
    use std::fmt::Write;
    let start = out.len();
    let _ = write!(out, "{v:.3}");
    let kept = out[start..]
        .trim_end_matches('0')
        .trim_end_matches('.')
        .len();
    out.truncate(start + kept);
}

/// Appends the decimal digits of `n`.
pub(crate) fn push_uint(out: &mut String, n: u64) {
    if n < 10 {
        out.push(char::from(b'0' + n as u8));
        return;
    }
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut n = n;
    while n > 0 {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    out.extend(buf[i..].iter().map(|&b| char::from(b)));
}

/// Appends `n` zero-padded to at least `width` digits.
pub(crate) fn push_digits(out: &mut String, n: u64, width: usize) {
    let mut digits = 1;
    let mut rest = n / 10;
    while rest > 0 {
        digits += 1;
        rest /= 10;
    }
    out.extend(std::iter::repeat_n('0', width.saturating_sub(digits)));
    push_uint(out, n);
}

impl Checker {
    fn push(&mut self, path: Vec<Seg>, message: String) {
        self.found.push((path, message));
    }

    fn range(&mut self, path: Vec<Seg>, v: f64, lo: f64, hi: f64, unit: &str) {
        if !(lo..=hi).contains(&v) || v.is_nan() {
            let msg = format!(
                "{} = {} is out of range (allowed {} to {}{unit})",
                path_text(&path),
                num(v),
                num(lo),
                num(hi)
            );
            self.push(path, msg);
        }
    }

    fn whole(&mut self, path: Vec<Seg>, v: f64) {
        if v.fract() != 0.0 {
            let msg = format!("{} = {} must be a whole number", path_text(&path), num(v));
            self.push(path, msg);
        }
    }

    fn text(&mut self, path: Vec<Seg>, v: &str, max_chars: usize) {
        let what = path_text(&path);
        if v.trim().is_empty() {
            self.push(path, format!("{what} is empty; write a few words"));
        } else if v.chars().count() > max_chars {
            self.push(
                path,
                format!(
                    "{what} is {} characters long (allowed up to {max_chars})",
                    v.chars().count()
                ),
            );
        }
    }

    /// A progression whose values must lie in `lo..=hi`.
    fn progression(&mut self, path: Vec<Seg>, p: &Progression, lo: f64, hi: f64, unit: &str) {
        let at = |k: &'static str| {
            let mut v = path.clone();
            v.push(Seg::Key(k));
            v
        };
        self.range(
            if p.progresses() || p.max != p.start {
                at("start")
            } else {
                path.clone()
            },
            p.start,
            lo,
            hi,
            unit,
        );
        if !p.step.is_finite() {
            self.push(
                at("step"),
                format!("{} must be a number", path_text(&at("step"))),
            );
        } else if p.step < 0.0 || p.step_percent < 0.0 {
            self.push(
                at("step"),
                format!(
                    "{} must not be negative (progressions only go up; use a deload for lighter weeks)",
                    path_text(&at("step"))
                ),
            );
        }
        self.range(at("step_percent"), p.step_percent, 0.0, 50.0, " %");
        if (p.step > 0.0 || p.step_percent > 0.0) && p.max.is_infinite() {
            self.push(
                path.clone(),
                format!(
                    "{} progresses without a cap; add `max` (allowed up to {}{unit})",
                    path_text(&path),
                    num(hi)
                ),
            );
        } else if p.max != p.start {
            self.range(at("max"), p.max, lo, hi, unit);
            if p.max < p.start {
                self.push(
                    at("max"),
                    format!(
                        "{} = {} is below start = {}",
                        path_text(&at("max")),
                        num(p.max),
                        num(p.start)
                    ),
                );
            }
        }
    }

    fn whole_progression(&mut self, path: Vec<Seg>, p: &Progression) {
        self.whole(path.clone(), p.start);
        let mut step = path.clone();
        step.push(Seg::Key("step"));
        self.whole(step, p.step);
        if p.max.is_finite() {
            let mut max = path;
            max.push(Seg::Key("max"));
            self.whole(max, p.max);
        }
    }

    fn tempo(&mut self, path: Vec<Seg>, t: &TempoRule) {
        for (tempo, key) in [(t.start, "start"), (t.max, "max")] {
            let parts = [tempo.eccentric, tempo.pause, tempo.concentric];
            if parts.iter().any(|&s| s > 8) || tempo.eccentric == 0 || tempo.concentric == 0 {
                let mut p = path.clone();
                if t.start != t.max {
                    p.push(Seg::Key(key));
                }
                let msg = format!(
                    "{} = \"{tempo}\" is out of range (each part 0 to 8 seconds; lowering and rising at least 1)",
                    path_text(&p)
                );
                self.push(p, msg);
            }
        }
        if t.max.eccentric < t.start.eccentric
            || t.max.pause < t.start.pause
            || t.max.concentric != t.start.concentric
        {
            let mut p = path;
            p.push(Seg::Key("max"));
            let msg = format!(
                "{} = \"{}\" must be at least start = \"{}\" in each part, with the same rising time",
                path_text(&p),
                t.max,
                t.start
            );
            self.push(p, msg);
        }
    }

    fn effort(&mut self, path: Vec<Seg>, e: &Effort, max_rpe: f64) {
        let key = |k| {
            let mut p = path.clone();
            p.push(Seg::Key(k));
            p
        };
        if e.rpe.is_some() && e.rir.is_some() {
            let msg = format!(
                "{} gives both rpe and rir; give one (RPE = 10 − RIR)",
                path_text(&path)
            );
            self.push(path.clone(), msg);
        }
        if let Some(rpe) = e.rpe {
            self.range(key("rpe"), rpe, 1.0, max_rpe, "");
        }
        if let Some(rir) = e.rir {
            self.range(key("rir"), rir, 10.0 - max_rpe, 9.0, "");
        }
    }

    fn load(&mut self, path: Vec<Seg>, l: &LoadRule) {
        let key = |k| {
            let mut p = path.clone();
            p.push(Seg::Key(k));
            p
        };
        match (l.percent_1rm, l.bodyweight_ratio) {
            (Some(_), Some(_)) | (None, None) => {
                let msg = format!(
                    "{} needs exactly one of percent_1rm or bodyweight_ratio",
                    path_text(&path)
                );
                self.push(path.clone(), msg);
            }
            (Some(pct), None) => {
                self.range(key("percent_1rm"), pct, 10.0, 100.0, " %");
                self.range(key("step"), l.step, 0.0, 10.0, " percentage points");
                if let Some(max) = l.max {
                    self.range(key("max"), max, pct, 100.0, " %");
                }
            }
            (None, Some(ratio)) => {
                self.range(key("bodyweight_ratio"), ratio, 0.01, 2.0, " × bodyweight");
                self.range(key("step"), l.step, 0.0, 0.2, " × bodyweight");
                if let Some(max) = l.max {
                    self.range(key("max"), max, ratio, 2.0, " × bodyweight");
                }
            }
        }
        if l.step > 0.0 && l.max.is_none() {
            let msg = format!("{} progresses without a cap; add `max`", path_text(&path));
            self.push(path, msg);
        }
    }

    fn phase(&mut self, i: usize, phase: &Phase, last: bool) {
        let at = |k: &'static str| vec![Seg::Key("phases"), Seg::Index(i), Seg::Key(k)];
        self.text(at("name"), &phase.name, 40);
        match phase.weeks {
            Some(w) => self.range(at("weeks"), f64::from(w), 1.0, f64::from(MAX_PHASE_WEEKS), ""),
            None if !last => self.push(
                vec![Seg::Key("phases"), Seg::Index(i)],
                format!(
                    "phases[{i}].weeks is missing; only the last phase may leave it out (open-ended)"
                ),
            ),
            None => {}
        }
        self.progression(at("sets"), &phase.sets, 1.0, 10.0, "");
        self.whole_progression(at("sets"), &phase.sets);
        self.progression(at("reps"), &phase.reps, 1.0, 50.0, "");
        self.whole_progression(at("reps"), &phase.reps);
        self.tempo(at("tempo"), &phase.tempo);
        self.progression(
            at("heel_height_cm"),
            &phase.heel_height_cm,
            0.0,
            15.0,
            " cm",
        );
        self.progression(at("depth_deg"), &phase.depth_deg, 30.0, 140.0, "°");
        self.range(
            at("rest_seconds"),
            f64::from(phase.rest_seconds),
            15.0,
            600.0,
            " s",
        );
        self.effort(at("effort"), &phase.effort, 10.0);
        match (&phase.load, phase.variant.is_loaded()) {
            (Some(load), true) => self.load(at("load"), load),
            (None, true) => self.push(
                at("variant"),
                format!(
                    "phases[{i}].variant = \"{}\" needs a load rule, e.g. load = {{ percent_1rm = 60, step = 2.5, max = 75 }}",
                    phase.variant
                ),
            ),
            (Some(_), false) => self.push(
                at("load"),
                format!(
                    "phases[{i}].load is set but the variant is bodyweight; set variant to goblet, dumbbells, barbell or vest"
                ),
            ),
            (None, false) => {}
        }
        if phase.cues.len() > 12 {
            self.push(
                at("cues"),
                format!(
                    "phases[{i}].cues has {} entries (allowed up to 12)",
                    phase.cues.len()
                ),
            );
        }
        for (c, cue) in phase.cues.iter().enumerate() {
            let mut p = at("cues");
            p.push(Seg::Index(c));
            self.text(p, cue, 200);
        }
        if let Some(when) = &phase.enter_when {
            let at = |k: &'static str| {
                vec![
                    Seg::Key("phases"),
                    Seg::Index(i),
                    Seg::Key("enter_when"),
                    Seg::Key(k),
                ]
            };
            if i == 0 {
                self.push(
                    at("reps"),
                    "phases[0].enter_when has no phase before it to reach the criterion; remove it"
                        .to_string(),
                );
            }
            self.range(at("reps"), f64::from(when.reps), 1.0, 50.0, "");
            if let Some(sets) = when.sets {
                self.range(at("sets"), f64::from(sets), 1.0, 10.0, "");
            }
            if let Some(rpe) = when.rpe {
                self.range(at("rpe"), rpe, 1.0, 10.0, "");
            }
        }
        if let Some(levers) = &phase.levers {
            for (n, lever) in levers.iter().enumerate() {
                if levers[..n].contains(lever) {
                    self.push(
                        at("levers"),
                        format!("phases[{i}].levers lists `{}` twice", lever.as_str()),
                    );
                }
            }
            if levers.contains(&super::Lever::Load) && !phase.variant.is_loaded() {
                self.push(
                    at("levers"),
                    format!("phases[{i}].levers has `load` but the phase is bodyweight"),
                );
            }
        }
    }

    fn light(&mut self, l: &LightSession) {
        let at = |k: &'static str| vec![Seg::Key("light_session"), Seg::Key(k)];
        self.range(at("sets"), f64::from(l.sets), 1.0, 5.0, "");
        self.range(at("reps"), f64::from(l.reps), 1.0, 30.0, "");
        self.effort(at("effort"), &l.effort, 6.0);
        if let Some(tempo) = l.tempo {
            self.tempo(
                at("tempo"),
                &TempoRule {
                    start: tempo,
                    max: tempo,
                },
            );
        }
        if let Some(note) = &l.note {
            self.text(at("note"), note, 200);
        }
    }
}

/// Every problem with `t`, each with the path of the value at fault.
pub(super) fn validate(t: &Template) -> Found {
    let mut c = Checker { found: Vec::new() };
    c.text(vec![Seg::Key("name")], &t.name, 40);
    c.text(vec![Seg::Key("description")], &t.description, 120);
    if t.days.is_empty() || t.days.len() > 4 {
        c.push(
            vec![Seg::Key("days")],
            format!(
                "days lists {} days (allowed 1 to 4 training days a week)",
                t.days.len()
            ),
        );
    }
    for (n, d) in t.days.iter().enumerate() {
        if t.days[..n].contains(d) {
            c.push(vec![Seg::Key("days")], format!("days lists {d} twice"));
        }
    }
    if t.phases.is_empty() {
        c.push(
            vec![Seg::Key("phases")],
            "template has no [[phases]]; add at least one".to_string(),
        );
    }
    if t.phases.len() > MAX_PHASES {
        c.push(
            vec![Seg::Key("phases")],
            format!(
                "template has {} phases (allowed up to {MAX_PHASES})",
                t.phases.len()
            ),
        );
    } else {
        for (i, phase) in t.phases.iter().enumerate() {
            c.phase(i, phase, i + 1 == t.phases.len());
        }
    }
    let d = |k| vec![Seg::Key("deload"), Seg::Key(k)];
    c.range(
        d("every_weeks"),
        f64::from(t.deload.every_weeks),
        2.0,
        12.0,
        " weeks",
    );
    c.range(d("volume_factor"), t.deload.volume_factor, 0.3, 0.9, "");
    if t.deload.intensity_factor != 1.0 {
        c.push(
            d("intensity_factor"),
            format!(
                "deload.intensity_factor = {} is not allowed: a deload keeps the load and cuts sets (allowed 1.0; lower deload.volume_factor instead)",
                num(t.deload.intensity_factor)
            ),
        );
    }
    let pain = |k| vec![Seg::Key("pain"), Seg::Key(k)];
    c.range(pain("during_ideal"), t.pain.during_ideal, 0.0, 5.0, "/10");
    c.range(pain("during_max"), t.pain.during_max, 1.0, 7.0, "/10");
    if t.pain.during_max < t.pain.during_ideal {
        c.push(
            pain("during_max"),
            format!(
                "pain.during_max = {} is below pain.during_ideal = {}",
                num(t.pain.during_max),
                num(t.pain.during_ideal)
            ),
        );
    }
    c.range(
        pain("settle_minutes"),
        f64::from(t.pain.settle_minutes),
        5.0,
        1440.0,
        " min",
    );
    let a = |k| vec![Seg::Key("adapt"), Seg::Key(k)];
    let ad = &t.adapt;
    c.range(a("red_flag_pain"), ad.red_flag_pain, 6.0, 9.0, "/10");
    if ad.red_flag_pain <= t.pain.during_max {
        c.push(
            a("red_flag_pain"),
            format!(
                "adapt.red_flag_pain = {} must be above pain.during_max = {}",
                num(ad.red_flag_pain),
                num(t.pain.during_max)
            ),
        );
    }
    c.range(
        a("settled_sessions"),
        f64::from(ad.settled_sessions),
        1.0,
        6.0,
        "",
    );
    c.range(a("morning_margin"), ad.morning_margin, 0.0, 3.0, "/10");
    c.range(
        a("baseline_sessions"),
        f64::from(ad.baseline_sessions),
        1.0,
        10.0,
        "",
    );
    c.range(a("beat_reps"), f64::from(ad.beat_reps), 1.0, 10.0, "");
    c.range(
        a("beat_sessions"),
        f64::from(ad.beat_sessions),
        1.0,
        6.0,
        "",
    );
    c.range(
        a("missed_target_sessions"),
        f64::from(ad.missed_target_sessions),
        1.0,
        6.0,
        "",
    );
    let r = |k| vec![Seg::Key("recovery"), Seg::Key(k)];
    c.range(
        r("min_rest_hours"),
        f64::from(t.recovery.min_rest_hours),
        24.0,
        96.0,
        " h",
    );
    c.range(
        r("max_weekly_increase"),
        t.recovery.max_weekly_increase,
        0.01,
        0.5,
        "",
    );
    c.range(r("acwr_ceiling"), t.recovery.acwr_ceiling, 1.0, 2.0, "");
    if t.recovery.guidance.len() > 20 {
        c.push(
            r("guidance"),
            format!(
                "recovery.guidance has {} entries (allowed up to 20)",
                t.recovery.guidance.len()
            ),
        );
    }
    for (n, g) in t.recovery.guidance.iter().enumerate() {
        let mut p = r("guidance");
        p.push(Seg::Index(n));
        c.text(p, g, 200);
    }
    if let Some(light) = &t.light_session {
        c.light(light);
    }
    let rd = |k| vec![Seg::Key("rides"), Seg::Key(k)];
    let ri = &t.rides;
    c.range(rd("key_tss"), ri.key_tss, 30.0, 300.0, "");
    c.range(rd("key_if"), ri.key_if, 0.5, 1.2, "");
    c.range(rd("key_hours"), ri.key_hours, 0.5, 12.0, " h");
    c.range(
        rd("hours_before_key"),
        f64::from(ri.hours_before_key),
        0.0,
        72.0,
        " h",
    );
    c.range(
        rd("hours_before_key_new"),
        f64::from(ri.hours_before_key_new),
        f64::from(ri.hours_before_key),
        96.0,
        " h (at least rides.hours_before_key)",
    );
    c.range(
        rd("new_lifter_weeks"),
        f64::from(ri.new_lifter_weeks),
        0.0,
        12.0,
        "",
    );
    c.range(
        rd("same_day_hours"),
        f64::from(ri.same_day_hours),
        0.0,
        24.0,
        " h",
    );
    c.range(rd("run_rise"), ri.run_rise, 0.0, 1.0, "");
    c.range(rd("run_ceiling_km"), ri.run_ceiling_km, 5.0, 300.0, " km");
    c.found
}

#[cfg(test)]
mod tests {
    use super::{num, push_digits, push_uint};
    use proptest::prelude::*;

    /// What [`num`] wrote before its fast paths, through the float formatter every time.
    fn reference(v: f64) -> String {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            format!("{}", v as i64)
        } else {
            let s = format!("{v:.3}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
    }

    #[test]
    fn numbers_read_as_written() {
        for (v, s) in [
            (7.5, "7.5"),
            (0.1, "0.1"),
            (90.0, "90"),
            (-0.0, "0"),
            (-0.0001, "-0"),
            (0.9996, "1"),
            (-2.25, "-2.25"),
            (1.0005, "1"),
            (1.0015, "1.002"),
            (1e15, "1000000000000000"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "inf"),
        ] {
            assert_eq!(num(v), s, "{v}");
            assert_eq!(num(v), reference(v), "{v}");
        }
        let mut s = String::new();
        push_uint(&mut s, 0);
        push_uint(&mut s, u64::MAX);
        push_digits(&mut s, 7, 3);
        push_digits(&mut s, 12345, 2);
        assert_eq!(s, format!("0{}00712345", u64::MAX));
    }

    proptest! {
        #[test]
        fn num_matches_the_float_formatter(
            v in prop_oneof![
                any::<f64>(),
                -1e4..1e4f64,
                (-100_000i64..100_000).prop_map(|n| n as f64 / 1000.0),
                (-2000i64..2000).prop_map(|n| n as f64 / 8.0 + 0.0005),
                (-1e13..1e13f64),
            ],
        ) {
            prop_assert_eq!(num(v), reference(v));
        }
    }
}
