//! The rules a physiotherapist checks (DESIGN §6), read back off a finished plan: what
//! `vmo check` proves for any template, length and day set. It reads only the plan's
//! numbers — never the generator's own notes — so it cannot agree with a bug by construction.

use crate::template::{Level, Lever, Template};

use super::knee::{self, MAX_DEPTH_STEP_DEG, MAX_HEEL_STEP_CM};
use super::model::{AdjustmentAction, MAX_LOAD_JUMP, Plan, Prescription, SessionKind, Week};
use super::step::{LIGHT_SHARE, MAX_CAPPED_WEEKS, REFERENCE_BODYWEIGHT_KG, rpe_for_percent};

/// One broken rule: where, which, and the numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Week it applies to (`None` for the template as a whole).
    pub week: Option<u32>,
    /// Short rule name: `deload`, `return`, `knee_step`, `load_jump`, `one_lever`,
    /// `deload_rhythm`, `capped_hold`, `effort`, `light`, `pain_rules`, `volume_cap`, `acwr`.
    pub rule: &'static str,
    /// What is wrong, with the numbers.
    pub message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.week {
            Some(w) => write!(f, "week {w}: [{}] {}", self.rule, self.message),
            None => write!(f, "template: [{}] {}", self.rule, self.message),
        }
    }
}

/// The person's numbers the load rules need: bodyweight share of a rep, in kg.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Person {
    /// Bodyweight share of one rep in kg (0.85 × body mass), when the body mass is known.
    pub bodyweight_share_kg: Option<f64>,
}

fn hard(w: &Week) -> Option<&Prescription> {
    w.sessions
        .iter()
        .find(|s| s.kind == SessionKind::Hard)
        .map(|s| &s.prescription)
}

fn same_load(a: &Prescription, b: &Prescription) -> bool {
    let close = |x: Option<f64>, y: Option<f64>| match (x, y) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-6,
        (None, None) => true,
        _ => false,
    };
    a.variant == b.variant
        && close(a.load.kg, b.load.kg)
        && close(a.load.percent_1rm, b.load.percent_1rm)
        && close(a.load.bodyweight_ratio, b.load.bodyweight_ratio)
}

/// Per-rep weight on a scale where the jump rule can be judged, when it can.
fn rep_weight(p: &Prescription, who: Person) -> Option<f64> {
    if !p.variant.is_loaded() {
        return Some(who.bodyweight_share_kg.unwrap_or(1.0));
    }
    let share = crate::plan::DEFAULT_BODYWEIGHT_RATIO;
    match (who.bodyweight_share_kg, p.load.kg, p.load.bodyweight_ratio) {
        (Some(bw), Some(kg), _) => Some(bw + kg),
        (None, _, Some(r)) => Some(1.0 + r / share),
        (None, Some(kg), None) => Some(1.0 + kg / (share * REFERENCE_BODYWEIGHT_KG)),
        _ => None,
    }
}

/// True when the phase has a lever to back off and climb again (reps, or load); a phase
/// without one may hold at its caps, with a note to re-test, instead of starting a block.
fn can_rebuild(t: &Template, phase: &str, rx: &Prescription) -> bool {
    let Some(p) = t.phases.iter().find(|p| p.name == phase) else {
        return true;
    };
    let ladder = p.lever_order();
    (ladder.contains(&Lever::Reps) && p.reps.progresses())
        || (rx.variant.is_loaded()
            && ladder.contains(&Lever::Load)
            && p.load.is_some_and(|r| r.progression().progresses()))
}

/// How near to keeping `f` of `sets`×`reps` a deload can come with fewer sets (or, from one
/// set, fewer reps) and no more reps.
fn nearest_cut(sets: u32, reps: u32, f: f64) -> f64 {
    let total = f64::from(sets * reps);
    (1..=sets.saturating_sub(1).max(1))
        .flat_map(|s| (1..=reps).map(move |r| (s, r)))
        .filter(|(s, r)| s * r < sets * reps)
        .map(|(s, r)| (f64::from(s * r) / total - f).abs())
        .fold(f64::INFINITY, f64::min)
}

/// Every rule `plan` (made from `template`) breaks.
pub fn audit(template: &Template, plan: &Plan, who: Person) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut push = |week: Option<u32>, rule: &'static str, message: String| {
        out.push(Finding {
            week,
            rule,
            message,
        })
    };

    // Deload rhythm (DESIGN §6): novices and rehab not before week 6; trained every 4–6.
    let every = template.deload.every_weeks;
    let (earliest, latest) = template.level.deload_weeks();
    if every >= 2 && (every < earliest || every > latest) {
        let who = match template.level {
            Level::Trained => "trained lifters deload every 4–6 weeks",
            _ => "novice and rehab plans schedule the first deload no earlier than week 6",
        };
        push(
            None,
            "deload_rhythm",
            format!(
                "deload.every_weeks = {every} for a {} template; {who} (allowed {earliest} to {latest})",
                template.level.as_str()
            ),
        );
    }
    // Effort matches load: the stated RPE of a % 1RM phase must agree with the RPE chart
    // over the phase's loads, within one point.
    for p in &template.phases {
        let (Some(rule), Some(stated)) = (p.load, p.effort.rpe.or(p.effort.rir.map(|r| 10.0 - r)))
        else {
            continue;
        };
        if rule.percent_1rm.is_none() || !p.variant.is_loaded() {
            continue;
        }
        let prog = rule.progression();
        let top = if prog.max.is_finite() {
            prog.max
        } else {
            prog.start
        };
        for reps in [p.reps.start, p.reps.max.min(50.0)] {
            let (lo, hi) = (
                rpe_for_percent(prog.start, reps as u32),
                rpe_for_percent(top, reps as u32),
            );
            if stated < lo - 1.0 || stated > hi + 1.0 {
                push(
                    None,
                    "effort",
                    format!(
                        "phase {}: RPE {} does not match {}–{} % 1RM for {} reps (the RPE chart gives {}–{})",
                        p.name,
                        crate::template::num(stated),
                        crate::template::num(prog.start),
                        crate::template::num(top),
                        reps,
                        crate::template::num(lo),
                        crate::template::num(hi)
                    ),
                );
                break;
            }
        }
    }
    let shows_pain = template.pain.show.unwrap_or(template.level == Level::Rehab);
    if shows_pain && plan.pain.is_none() {
        push(
            None,
            "pain_rules",
            "the pain rule is not in the plan".into(),
        );
    }

    let mut last_build: Option<&Prescription> = None;
    let mut capped_run = 0;
    for (i, w) in plan.weeks.iter().enumerate() {
        let Some(now) = hard(w) else { continue };
        let n = Some(w.number);
        let prev_week = i.checked_sub(1).map(|j| &plan.weeks[j]);
        let prev = prev_week.and_then(hard);
        if let Some(r) = now.load.percent_1rm
            && now.variant.is_loaded()
        {
            let chart = rpe_for_percent(r, now.reps).max(crate::plan::step::MIN_PRESCRIBED_RPE);
            if (now.rpe - chart).abs() > 1.0 {
                push(
                    n,
                    "effort",
                    format!(
                        "RPE {} for {}×{} at {} % 1RM; the RPE chart gives {}",
                        crate::template::num(now.rpe),
                        now.sets,
                        now.reps,
                        crate::template::num(r),
                        crate::template::num(chart)
                    ),
                );
            }
        }
        for s in w.sessions.iter().filter(|s| s.kind == SessionKind::Light) {
            let l = &s.prescription;
            let share = match (rep_weight(l, who), rep_weight(now, who)) {
                (Some(a), Some(b)) => {
                    f64::from(l.sets * l.reps) * a / (f64::from(now.sets * now.reps) * b)
                }
                _ => f64::from(l.sets * l.reps) / f64::from(now.sets * now.reps),
            };
            // A 1×1 light session is as small as one can be.
            if (share > LIGHT_SHARE + 1e-9 && l.sets * l.reps > 1)
                || l.depth_deg > now.depth_deg + 1e-9
                || l.heel_height_cm > now.heel_height_cm + 1e-9
                || s.purpose.is_none()
            {
                push(
                    n,
                    "light",
                    format!(
                        "light session {}×{} at {:.0}°/{} cm is {:.0} % of the hard {}×{} at {:.0}°/{} cm (at most {:.0} %, no deeper or higher, with its purpose)",
                        l.sets,
                        l.reps,
                        l.depth_deg,
                        crate::template::num(l.heel_height_cm),
                        share * 100.0,
                        now.sets,
                        now.reps,
                        now.depth_deg,
                        crate::template::num(now.heel_height_cm),
                        LIGHT_SHARE * 100.0
                    ),
                );
            }
        }
        let (Some(prev), Some(prev_week)) = (prev, prev_week) else {
            last_build = Some(now);
            continue;
        };
        if w.deload {
            let kept = f64::from(now.sets * now.reps) / f64::from(prev.sets * prev.reps);
            let f = template.deload.volume_factor;
            let fewer_sets = now.sets < prev.sets || prev.sets == 1;
            if !fewer_sets
                || now.reps > prev.reps
                || !same_load(now, prev)
                || now.heel_height_cm != prev.heel_height_cm
                || now.depth_deg != prev.depth_deg
                || now.tempo != prev.tempo
                // About the template's cut: within 0.1 of it, or the nearest whole sets and
                // reps can come (2×2 cannot be cut to 38 %).
                || (kept - f).abs() > nearest_cut(prev.sets, prev.reps, f).max(0.1) + 1e-9
            {
                push(
                    n,
                    "deload",
                    format!(
                        "{}×{} after {}×{} keeps {:.0} % (should be fewer sets, same reps at most, same load, heel {} cm, depth {:.0}°, tempo {}, about {:.0} % kept)",
                        now.sets,
                        now.reps,
                        prev.sets,
                        prev.reps,
                        kept * 100.0,
                        crate::template::num(prev.heel_height_cm),
                        prev.depth_deg,
                        prev.tempo,
                        f * 100.0
                    ),
                );
            }
            continue;
        }
        let Some(before) = last_build else {
            last_build = Some(now);
            continue;
        };
        if prev_week.deload && now != before {
            push(
                n,
                "return",
                format!(
                    "the week after a deload must repeat week {} exactly ({}×{} at {:.0}°), not {}×{} at {:.0}°",
                    w.number.saturating_sub(2),
                    before.sets,
                    before.reps,
                    before.depth_deg,
                    now.sets,
                    now.reps,
                    now.depth_deg
                ),
            );
        }
        // Knee-load levers: one at a time, in bounded steps; load per rep ≤ +10 %.
        let heel_up = now.heel_height_cm - before.heel_height_cm;
        let depth_up = now.depth_deg - before.depth_deg;
        let (rw_before, rw_now) = (rep_weight(before, who), rep_weight(now, who));
        let load_up = match (rw_before, rw_now) {
            (Some(a), Some(b)) => b / a - 1.0,
            _ => 0.0,
        };
        let knee_moves = [heel_up > 1e-9, depth_up > 1e-9, load_up > 1e-9]
            .iter()
            .filter(|m| **m)
            .count();
        if knee_moves > 1 {
            push(
                n,
                "knee_step",
                format!(
                    "{knee_moves} knee-load levers moved at once (heel {:+} cm, depth {:+.0}°, load per rep {:+.0} %)",
                    crate::template::num(heel_up),
                    depth_up,
                    load_up * 100.0
                ),
            );
        }
        if heel_up > MAX_HEEL_STEP_CM + 1e-9 || depth_up > MAX_DEPTH_STEP_DEG + 1e-9 {
            push(
                n,
                "knee_step",
                format!(
                    "heel {} → {} cm, depth {:.0}° → {:.0}° ({}): steps are at most {} cm and {:.0}°",
                    crate::template::num(before.heel_height_cm),
                    crate::template::num(now.heel_height_cm),
                    before.depth_deg,
                    now.depth_deg,
                    knee::depth_words(now.depth_deg),
                    crate::template::num(MAX_HEEL_STEP_CM),
                    MAX_DEPTH_STEP_DEG
                ),
            );
        }
        if load_up > MAX_LOAD_JUMP + 1e-6 {
            let bw = if who.bodyweight_share_kg.is_some() {
                " (this rule depends on the bodyweight given)"
            } else {
                ""
            };
            push(
                n,
                "load_jump",
                format!(
                    "load per rep {:+.0} % from the last build week (limit {:.0} %){bw}",
                    load_up * 100.0,
                    MAX_LOAD_JUMP * 100.0
                ),
            );
        }
        // One lever a build week, and no more than four weeks held at every cap.
        let ups = [
            now.sets > before.sets,
            now.reps > before.reps,
            now.tempo.eccentric > before.tempo.eccentric,
            now.tempo.pause > before.tempo.pause,
            heel_up > 1e-9,
            depth_up > 1e-9,
            load_up > 1e-9,
        ]
        .iter()
        .filter(|u| **u)
        .count();
        let new_phase = prev_week.phase != w.phase;
        if ups > 1 && !new_phase {
            push(
                n,
                "one_lever",
                format!(
                    "{ups} levers went up at once ({}×{} tempo {} → {}×{} tempo {})",
                    before.sets, before.reps, before.tempo, now.sets, now.reps, now.tempo
                ),
            );
        }
        // Weeks a guard held back are the template's excess (reported as such), not a cap.
        let guard_held = plan
            .adjustments
            .iter()
            .any(|a| a.week == w.number && a.action == AdjustmentAction::HeldBack);
        if now == before && !prev_week.deload && !new_phase && !guard_held {
            capped_run += 1;
            // One rep of one set has nothing left to back off.
            let rebuild = now.sets * now.reps > 1 && can_rebuild(template, &w.phase, now);
            if capped_run == MAX_CAPPED_WEEKS + 1 && rebuild {
                push(
                    n,
                    "capped_hold",
                    format!(
                        "the same prescription for {} build weeks in a row; start a new block or re-test after {MAX_CAPPED_WEEKS}",
                        capped_run + 1
                    ),
                );
            }
        } else if !prev_week.deload {
            capped_run = 0;
        }
        last_build = Some(now);
    }
    out.extend(guard_findings(plan));
    out
}

/// Weeks whose knee load still breaks the cap or the ACWR ceiling.
pub fn guard_findings(plan: &Plan) -> Vec<Finding> {
    const EPS: f64 = 1e-6;
    let g = &plan.guards;
    // Knee load in kilograms reads in pounds for a plan shown in pounds.
    let in_lb = plan.volume_unit == "kg" && plan.units == crate::units::Unit::Lb;
    let unit = if in_lb {
        "lb"
    } else {
        plan.volume_unit.as_str()
    };
    let num = |v: f64| {
        let v = if in_lb { plan.units.from_kg(v) } else { v };
        format!("{v:.1}")
    };
    let mut out = Vec::new();
    let mut last_build: Option<&Week> = None;
    // Weeks over a guard on purpose, by a rule that says why in `adjustments`.
    let above = |n: u32| {
        plan.adjustments
            .iter()
            .any(|a| a.week == n && a.action == AdjustmentAction::AboveCap)
    };
    // A week whose hard sessions were all missed or skipped is not a logged week: the
    // generator leaves it out of the guards' base, like a deload, and so does the audit.
    // (A hard session made light by the rest rule is still the week's hard session: it
    // carries no light-session purpose. Done, it makes the week a logged one, as the
    // generator counts it.)
    let missed = |w: &Week| {
        let hard: Vec<_> = w
            .sessions
            .iter()
            .filter(|s| {
                s.kind == crate::plan::SessionKind::Hard
                    || (s.kind == crate::plan::SessionKind::Light && s.purpose.is_none())
            })
            .collect();
        !hard.is_empty()
            && hard
                .iter()
                .all(|s| s.log.as_ref().is_some_and(|l| l.status != "done"))
    };
    // A week paused by a red flag (some of its training days were rest days waiting for
    // a clinician) is not a training week to measure, or to measure against.
    let paused = |w: &Week| {
        w.recovery_days.iter().any(|r| {
            r.alerts
                .iter()
                .any(|a| a.kind == crate::plan::knee_state::AlertKind::RedFlag)
        })
    };
    // Sessions moved, lightened or left out for the person's rides: the generator keeps
    // such a week out of the guards' base, like a deload, and so does the audit.
    let around = |w: &Week| {
        plan.adjustments
            .iter()
            .any(|a| a.week == w.number && a.action == AdjustmentAction::AroundRides)
    };
    for (i, w) in plan.weeks.iter().enumerate() {
        let n = w.number;
        // (The generator keeps a first missed week as its base: there is nothing before.)
        if (missed(w) && !w.deload && last_build.is_some()) || paused(w) {
            continue;
        }
        // A week placed around rides is neither judged nor a base (see AdjustmentAction).
        if around(w) {
            if !w.deload {
                last_build = Some(w);
            }
            continue;
        }
        if above(n) {
            if !w.deload {
                last_build = Some(w);
            }
            continue;
        }
        // A week's volume counts what was done; the plan is judged on what it prescribed
        // (a person who did more than asked is not the plan breaking a guard).
        let prescribed: f64 = w
            .sessions
            .iter()
            .filter(|s| s.kind == crate::plan::SessionKind::Hard)
            .map(|s| s.knee_load)
            .sum();
        let logged = w
            .sessions
            .iter()
            .any(|s| s.log.as_ref().is_some_and(|l| l.status == "done"));
        let v = if logged {
            w.summary.volume.min(prescribed)
        } else {
            w.summary.volume
        };
        let ratio = if w.summary.volume > 0.0 {
            v / w.summary.volume
        } else {
            1.0
        };
        if let Some(prev) = plan.weeks[..i].iter().rev().find(|p| !paused(p)) {
            // The cap's base: last week, or the last build week when coming back from a deload.
            let base = match last_build {
                Some(b) if (prev.deload || missed(prev)) && !w.deload => b,
                _ => prev,
            };
            // (A week placed around rides is measured from as it was planned.)
            let bv = base.summary.planned_volume.unwrap_or(base.summary.volume);
            // A deload is lighter than the week before as it was prescribed (what was
            // done may have been less: a deload is fewer sets than the plan, not the log).
            let prev_planned: f64 = prev
                .sessions
                .iter()
                .filter(|s| s.kind == crate::plan::SessionKind::Hard)
                .map(|s| s.knee_load)
                .sum();
            let prev_planned = prev_planned.max(prev.summary.planned_volume.unwrap_or(0.0));
            if w.deload && v > prev.summary.volume.max(prev_planned) + EPS {
                out.push(Finding {
                    week: Some(n),
                    rule: "deload",
                    message: format!(
                        "knee load {} {unit} is above week {} ({} {unit})",
                        num(v),
                        prev.number,
                        num(prev.summary.volume)
                    ),
                });
            } else if !w.deload && v > bv * (1.0 + g.max_weekly_increase) + EPS {
                out.push(Finding {
                    week: Some(n),
                    rule: "volume_cap",
                    message: format!(
                        "knee load {} {unit} is {:+.1} % over week {} ({} {unit}; cap {:.0} %)",
                        num(v),
                        (v / bv - 1.0) * 100.0,
                        base.number,
                        num(bv),
                        g.max_weekly_increase * 100.0
                    ),
                });
            }
        }
        // A deload (or a technique week after a red flag) no heavier than the last build
        // week cannot be an acute spike, whatever the chronic mean has fallen to.
        let lighter = w.deload
            && last_build.is_some_and(|b| {
                v <= b
                    .summary
                    .volume
                    .max(b.summary.planned_volume.unwrap_or(0.0))
                    + EPS
            });
        if let Some(a) = w
            .summary
            .acwr
            .map(|a| a * ratio)
            .filter(|a| *a > g.acwr_ceiling + EPS && !lighter)
        {
            out.push(Finding {
                week: Some(n),
                rule: "acwr",
                message: format!(
                    "acute:chronic ratio {a:.2} is above the ceiling {:.2}",
                    g.acwr_ceiling
                ),
            });
        }
        if !w.deload {
            last_build = Some(w);
        }
    }
    out
}
