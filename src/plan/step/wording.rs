//! The words of the step's notes and adjustments: each function phrases one decision the
//! rules in the other files of [`super`] have taken (they decide; this file only says it).
//! Heights, loads and depths are written as the person reads them: in the plan's unit, per
//! hand for dumbbells, depth with the words a person can check at home.

use super::{Levels, MAX_CAPPED_WEEKS, MAX_LOAD_JUMP};
use crate::plan::knee;
use crate::template::{Phase, Variant, num};
use crate::units::Unit;

/// `3×10`: sets and reps.
pub(super) fn sr(l: &Levels) -> String {
    format!("{}×{}", l.sets, l.reps)
}

/// A knee-load figure for a note: one decimal, no float noise.
/// A knee-load figure as a note prints it: whole numbers from 100 on (a reader checks
/// "10581 a week", not "10581.4"), one decimal below (bodyweight reps are small).
pub(crate) fn knee_load_number(v: f64) -> String {
    if v.abs() >= 100.0 {
        crate::units::show_number(v.round())
    } else {
        crate::units::show_number((v * 10.0).round() / 10.0)
    }
}

/// An adjustment's message: the week it belongs to, then what happened.
pub(super) fn in_week(number: u32, what: &str) -> String {
    format!("week {number}: {what}")
}

/// `24 kg` in the plan's unit, or per hand for dumbbells (`2 × 12 kg`, DESIGN §6).
pub(super) fn show_kg(unit: Unit, variant: Variant, kg: f64) -> String {
    if variant == Variant::Dumbbells {
        format!("2 × {}", unit.show(kg / 2.0))
    } else {
        unit.show(kg)
    }
}

/// `3 → 4 cm`, or the same heights in inches for a plan shown in pounds.
pub(super) fn heel_step(unit: Unit, from: f64, to: f64) -> String {
    let from = match unit {
        Unit::Kg => num(from),
        Unit::Lb => crate::units::show_number(unit.height(from)),
    };
    format!("{from} → {}", height(unit, to))
}

/// `7.5 cm` as the template wrote it, or `3 in` for a plan shown in pounds.
pub(super) fn height(unit: Unit, cm: f64) -> String {
    match unit {
        Unit::Kg => format!("{} cm", num(cm)),
        Unit::Lb => unit.show_height(cm),
    }
}

/// A load in the phase rule's own unit: `55 % 1RM` or `0.2 × bodyweight`.
pub(super) fn load_text(p: &Phase, v: f64) -> String {
    match p.load {
        // As a person reads them: 73 % 1RM, not 72.99 (the kilograms beside it are exact).
        Some(r) if r.percent_1rm.is_some() => format!("{} % 1RM", num((v * 2.0).round() / 2.0)),
        _ => format!("{} × bodyweight", num((v * 100.0).round() / 100.0)),
    }
}

/// `load 40 % 1RM → 44 % 1RM`.
pub(super) fn load_change(from: &str, to: &str) -> String {
    format!("load {from} → {to}")
}

/// The volume cap broken by a week `load` against week `w` at `base`.
pub(super) fn over_cap(load: f64, w: u32, base: f64, cap: f64) -> String {
    format!(
        "knee load {:+.0} % over week {w} (cap {:.0} %)",
        (load / base - 1.0) * 100.0,
        cap * 100.0
    )
}

/// The acute:chronic ceiling broken.
pub(super) fn over_acwr(ratio: f64, ceiling: f64) -> String {
    format!("acute:chronic ratio {ratio:.2} (ceiling {ceiling:.2})")
}

/// The first week's note.
pub(super) fn phase_start(name: &str) -> String {
    format!("start of phase {name}")
}

/// A deload the log called for before the calendar.
pub(super) fn early_deload(reason: &str) -> String {
    format!("early deload: {reason}")
}

/// A deload cut further to stay under a guard.
pub(super) fn deload_trimmed(trimmed: &Levels, planned: &Levels, why: &str) -> String {
    format!(
        "deload trimmed to {}: {} would be {why}",
        sr(trimmed),
        sr(planned)
    )
}

/// The week after a deload, the last build week again.
/// (The levels, not "week N again, exactly as it was": weeks with nothing done are not
/// build weeks, and a week's sessions may differ after the log changed them, so a week
/// named could differ from what is prescribed.)
pub(super) fn back_from_deload(l: &Levels, below: bool) -> String {
    if below {
        format!(
            "back from the deload at {}: below the week before it, building back up from here",
            sr(l)
        )
    } else {
        format!("back from the deload at {}, building on from here", sr(l))
    }
}

/// That return over the cap, because the week it repeats went over on purpose.
pub(super) fn back_above_cap(w: u32) -> String {
    format!("week {w} again after the deload, as it was (it went over the cap on purpose)")
}

/// A return held to the guards after the log lowered the week it repeats.
pub(super) fn back_from_deload_trimmed(l: &Levels, w: u32) -> String {
    format!(
        "back from the deload at {}: week {w} as planned would be over the guards after the changes to it",
        sr(l)
    )
}

/// A recurring-pain hold climbing back over a guard to where the alert found the knee.
pub(super) fn hold_above_cap(why: &str) -> String {
    format!("back towards the levels the recurring-pain alert was raised at: {why}")
}

/// A load step the log earned on top of the week's progression.
pub(super) fn extra_load_step(step: &str, reason: &str) -> String {
    format!("extra load step, {step}: {reason}")
}

/// What a week at `l` breaks (an adjustment).
pub(super) fn levels_breach(l: &Levels, why: &str) -> String {
    format!("{} is {why}", sr(l))
}

/// A week cut to fit the guards.
pub(super) fn trimmed(trimmed: &Levels, planned: &Levels, why: &str) -> String {
    format!("trimmed to {}: {} would be {why}", sr(trimmed), sr(planned))
}

/// Volume climbing back towards what the knee recently did settled.
pub(super) fn way_back(
    from: &Levels,
    to: &Levels,
    weight: Option<(String, String)>,
    tolerated: f64,
) -> String {
    // (`weight`: " at 40 kg" texts, empty without a weight.)
    let change = match weight {
        Some((a, b)) if from.sets == to.sets && from.reps == to.reps => {
            let bare = |w: &str| match w.strip_prefix(" at ") {
                Some(w) => w.to_string(),
                None => "bodyweight".to_string(),
            };
            format!("load {} → {}", bare(&a), bare(&b))
        }
        Some((a, b)) => format!("{}{a} → {}{b}", sr(from), sr(to)),
        None => format!("{} → {}", sr(from), sr(to)),
    };
    format!(
        "{change}: back towards the knee load done settled before ({} a week)",
        knee_load_number(tolerated)
    )
}

/// A lever step taken over a guard because it only goes back to what the knee did.
pub(super) fn lever_way_back(step: &str, tolerated: f64) -> String {
    format!(
        "{step}: back towards the knee load done settled in the last weeks ({} a week)",
        knee_load_number(tolerated)
    )
}

/// Why a load missed twice is not prescribed.
pub(super) fn missed_twice(max_kg: f64) -> String {
    format!(
        "{} kg was missed twice: not again before the 1RM estimate rises (or a re-test)",
        num(max_kg)
    )
}

/// The steps a guard refused, and why: `step: why; step: why`.
pub(super) fn refusals(refused: &[(String, &'static str, String)]) -> String {
    refused
        .iter()
        .map(|(what, _, why)| format!("{what}: {why}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A step taken instead of the refused ones.
pub(super) fn instead_of(refusals: &str) -> String {
    format!(" (instead of {refusals})")
}

/// A knee-load step that sheds reps to fit.
pub(super) fn shed_reps(step: &str, from: u32, to: u32) -> String {
    format!("{step}, reps {from} → {to} to keep the knee load within the guards")
}

/// The smallest step taken after a held week (an adjustment).
pub(super) fn smallest_after_hold(what: &str) -> String {
    format!("{what} after a week held by the guards")
}

/// The smallest step taken after a held week (the note).
pub(super) fn smallest_step_taken(what: &str, why: &str) -> String {
    format!("{what}: the smallest step there is, after a week held ({why})")
}

/// A week held because every next step breaks a guard.
pub(super) fn held(l: &Levels, why: &str) -> String {
    format!("held at {}: every next step breaks a guard — {why}", sr(l))
}

/// A week holding with every lever at its cap.
pub(super) fn capped(blocked: &[String], capped: u32) -> String {
    let why = if blocked.is_empty() {
        "every lever is at the template's cap".to_string()
    } else {
        blocked.join("; ")
    };
    format!("{why}: holding (week {capped} of at most {MAX_CAPPED_WEEKS})")
}

/// Capped for weeks with nothing left to rebuild with.
pub(super) fn capped_no_block(weeks: u32) -> String {
    format!(
        "every lever has been at its cap for {weeks} weeks and this phase has no step left to rebuild with: re-test, and move on to a harder template or a loaded variant"
    )
}

/// A new block backing the load off.
pub(super) fn new_block_load(from: &str, to: &str, by_1rm: bool) -> String {
    let what = if by_1rm {
        "re-test your 1RM (--one-rep-max or --test) so the next block starts from it"
    } else {
        "re-test: if the top sets now feel easy, a heavier template or variant is next"
    };
    format!(
        "new block: every lever was at its cap for {MAX_CAPPED_WEEKS} weeks, so the load backs off about 10 % ({from} → {to}) to rebuild; {what}"
    )
}

/// A new block backing the reps off.
pub(super) fn new_block_reps(from: &Levels, to: &Levels) -> String {
    format!(
        "new block: every lever was at its cap for {MAX_CAPPED_WEEKS} weeks, so reps back off about 10 % ({} → {}) to rebuild; re-test, and consider a harder template or a loaded variant",
        sr(from),
        sr(to)
    )
}

/// `+1 rep (10 → 11)` or `+2 reps (10 → 12)`.
pub(super) fn more_reps(from: u32, to: u32) -> String {
    let added = to - from;
    let unit = if added == 1 { "rep" } else { "reps" };
    format!("+{added} {unit} ({from} → {to})")
}

/// `+1 set (3×10 → 4×8)`.
pub(super) fn one_more_set(from: &Levels, to: &Levels) -> String {
    format!("+1 set ({} → {})", sr(from), sr(to))
}

/// A slower lowering.
pub(super) fn slower(from: &Levels, to: &Levels) -> String {
    format!("slower lowering: tempo {} → {}", from.tempo, to.tempo)
}

/// A longer pause at the bottom.
pub(super) fn longer_pause(from: &Levels, to: &Levels) -> String {
    format!(
        "longer pause at the bottom: tempo {} → {}",
        from.tempo, to.tempo
    )
}

/// A higher heel block (`towards`: the phase's start it climbs to).
pub(super) fn higher_heel(unit: Unit, from: f64, to: f64, towards: Option<f64>) -> String {
    match towards {
        Some(start) => format!(
            "higher heel block: {} (towards the phase's {})",
            heel_step(unit, from, to),
            height(unit, start)
        ),
        None => format!("higher heel block: {}", heel_step(unit, from, to)),
    }
}

/// A deeper squat (`towards`: the phase's start it climbs to).
pub(super) fn deeper(from: f64, to: f64, towards: Option<f64>) -> String {
    match towards {
        Some(start) => format!(
            "deeper: {from:.0}° → {to:.0}° ({}; towards the phase's {start:.0}°)",
            knee::depth_words(to)
        ),
        None => format!("deeper: {from:.0}° → {to:.0}° ({})", knee::depth_words(to)),
    }
}

/// No heavier load on the equipment.
pub(super) fn heaviest(load: &str) -> String {
    format!("{load} is the heaviest load available")
}

/// The next load is too big a jump.
pub(super) fn load_jump(next: &str, jump: f64) -> String {
    format!(
        "next load {next} is a {:.0} % jump per rep (limit {:.0} %)",
        jump * 100.0,
        MAX_LOAD_JUMP * 100.0
    )
}

/// A heavier load that restarts the phase's reps.
pub(super) fn reps_back(step: String, reps: u32) -> String {
    format!("{step}, reps back to {reps}")
}

/// A session held below the one that flared.
pub(super) fn below_flare(from: f64, to: f64, max: f64) -> String {
    format!(
        "held below the session that flared (knee load {} → {}, at most {})",
        knee_load_number(from),
        knee_load_number(to),
        knee_load_number(max)
    )
}

/// A session held to the levers of the last one.
pub(super) fn no_lever_above(unit: Unit, l: &Levels) -> String {
    format!(
        "no lever above the last session: {} at {:.0}°, heel {}",
        sr(l),
        l.depth,
        height(unit, l.heel)
    )
}

/// A step back in depth.
pub(super) fn depth_back(from: f64, to: f64) -> String {
    format!("depth {from:.0}° → {to:.0}° ({})", knee::depth_words(to))
}

/// A step back in heel height.
pub(super) fn heel_back(unit: Unit, from: f64, to: f64) -> String {
    format!("heel block {}", heel_step(unit, from, to))
}

/// A step back in sets or reps: `3×10 → 2×10`.
pub(super) fn volume_back(from: &Levels, to: &Levels) -> String {
    format!("{} → {}", sr(from), sr(to))
}

/// Why the next phase waits for its entry criterion.
pub(super) fn criterion_gap(
    next: &str,
    sets: Option<u32>,
    reps: u32,
    rpe_max: Option<f64>,
    now: &Levels,
    rpe: f64,
    current: &str,
) -> String {
    let sets = sets.map(|s| format!("{s}×")).unwrap_or_default();
    let at = rpe_max
        .map(|r| format!(" at RPE ≤ {}", num(r)))
        .unwrap_or_default();
    format!(
        "{next} starts once {sets}{reps} reps{at} is reached (now {} at RPE {}); staying in {current}",
        sr(now),
        num(rpe)
    )
}

/// The heel part of a phase start reached later.
pub(super) fn later_heel(unit: Unit, from: f64, to: f64) -> String {
    format!("heel {}", heel_step(unit, from, to))
}

/// The depth part of a phase start reached later.
pub(super) fn later_depth(from: f64, to: f64) -> String {
    format!("depth {from:.0}° → {to:.0}°")
}

/// The lightest load of a new phase too big a jump (an adjustment).
pub(super) fn entry_jump(variant: Variant, jump: f64) -> String {
    format!(
        "the lightest {variant} load is a {:.0} % jump per rep (limit {:.0} %)",
        jump * 100.0,
        MAX_LOAD_JUMP * 100.0
    )
}

/// A phase start trimmed to the guards (an adjustment).
pub(super) fn entry_trimmed(start: &Levels, trimmed: &Levels, why: &str) -> String {
    format!(
        "the phase's start {} would be {why}; {} this week",
        sr(start),
        sr(trimmed)
    )
}

/// A phase start reached in steps (the note).
pub(super) fn reached_in_steps(start: &Levels, trimmed: &Levels, why: &str) -> String {
    format!(
        "{} is reached in steps, from {} ({} now would be {why})",
        sr(start),
        sr(trimmed),
        sr(start)
    )
}

/// A new phase's first week.
pub(super) fn new_phase(name: &str, l: &Levels, rpe: f64, variant: Option<Variant>) -> String {
    let mut note = format!(
        "new phase: {name} — {}, tempo {}, RPE {}",
        sr(l),
        l.tempo,
        num(rpe)
    );
    if let Some(v) = variant {
        note.push_str(&format!(", now {v}"));
    }
    note
}

/// The levers of a phase start that come in later weeks.
pub(super) fn later(steps: &[String]) -> String {
    format!(
        "{} will come in later weeks, one step at a time",
        steps.join(", ")
    )
}

/// A deload: fewer sets, nothing else changed.
pub(super) fn deload(from: &Levels, to: &Levels) -> String {
    let cut = 1.0 - f64::from(to.sets * to.reps) / f64::from(from.sets * from.reps);
    format!(
        "deload: {} → {} ({:.0} % less), same load, heel, depth and tempo; progression paused",
        sr(from),
        sr(to),
        cut * 100.0
    )
}
