//! The way back that the generator measures across weeks, beside the step's own: the weeks
//! after a clearance (held to the weeks before them) and the recurring-pain hold (held to
//! where the alert found the person).

use super::super::adapt::wording;
use super::super::knee_state::{FLAG_RETURN_SHARE, LeverCaps};
use super::super::model::Note;
use super::super::step::{Levels, Outcome, RETURN_MAX_RISE, Rules};

/// The heaviest session knee load of the last week prescribed, and (with its sets and
/// reps) of the last build week: a deload is not where a climb goes on from. Kept for
/// every week, shown or replayed, so a window (`today`) prescribes what the plan does.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Peaks {
    last_week: f64,
    last_build: (f64, u32, u32),
}

impl Peaks {
    /// A week ended whose heaviest session was `peak` (knee load, sets, reps).
    pub(super) fn end_week(&mut self, peak: (f64, u32, u32), deload: bool) {
        if peak.0 > 0.0 {
            self.last_week = peak.0;
            if !deload {
                self.last_build = peak;
            }
        }
    }
}

/// A session's levels in the weeks back after a clearance, from the plan's `current`:
/// bodyweight while `caps` say so; the week a weight comes back, nothing else rises with
/// it (the last bodyweight session's depth and heel stay: the bar and 95° → 110° came back
/// in one week); the first week at about half the load before the flag, or what the
/// settled technique sessions carried when that was more (falling below them would undo
/// what the knee has shown it takes); later weeks at most a fifth, or one rep or set, over
/// the last build week. Returns the levels and, when depth and heel were kept, those two.
pub(super) fn after_clearance(
    rules: &Rules<'_>,
    phase: usize,
    current: &Levels,
    caps: Option<&LeverCaps>,
    before_flag: Option<f64>,
    last_hard: Option<&LeverCaps>,
    peaks: &Peaks,
) -> (Levels, Option<(f64, f64)>) {
    let (mut n, _) = rules.within(phase, current, caps, None);
    let mut kept = None;
    if caps.is_none()
        && let Some(last) = last_hard.filter(|c| c.load_kg.is_some_and(|k| k <= 0.0))
        && rules.load_kg(phase, &n).is_some_and(|k| k > 0.0)
    {
        let keep = LeverCaps {
            sets: u32::MAX,
            reps: u32::MAX,
            load_kg: None,
            ..*last
        };
        let held = rules.within(phase, &n, Some(&keep), None).0;
        if held != n {
            kept = Some((held.depth, held.heel));
        }
        n = held;
    }
    let ceiling = match before_flag {
        Some(b) => Some((b * FLAG_RETURN_SHARE).max(peaks.last_week)),
        None => {
            let (load, sets, reps) = peaks.last_build;
            let (s, r) = (f64::from(sets.max(1)), f64::from(reps.max(1)));
            let rise = (1.0 + RETURN_MAX_RISE)
                .max((r + 1.0) / r)
                .max((s + 1.0) / s);
            (load > 0.0).then_some(load * rise)
        }
    };
    (ceiling.map_or(n, |max| rules.scaled(phase, &n, max)), kept)
}

/// The week after one the recurring-pain alert holds: `levels` again, or, once the knee
/// has settled below `peak` (the heaviest build week since the alert stood), a climb back
/// to it of at most a fifth, or one rep a set, a week — a flare or a deload since the
/// alert is not a dip to hold for good.
pub(super) fn hold(
    rules: &Rules<'_>,
    phase: usize,
    levels: Levels,
    peak: Option<Levels>,
    hold: &'static str,
) -> Outcome {
    let from = rules.knee_load(phase, &levels);
    match peak {
        Some(peak) if rules.knee_load(phase, &peak) > from * (1.0 + 1e-9) => {
            let r = f64::from(levels.reps.max(1));
            let rise = (1.0 + RETURN_MAX_RISE).max((r + 1.0) / r);
            let back = rules.scaled(phase, &peak, from * rise);
            Outcome::HoldAt {
                levels: back,
                reason: Note::from(wording::hold_back_to(
                    hold,
                    &rules.volume_text(phase, &back),
                    &rules.volume_text(phase, &peak),
                )),
            }
        }
        _ => Outcome::Repeat {
            levels,
            reason: hold.into(),
        },
    }
}
