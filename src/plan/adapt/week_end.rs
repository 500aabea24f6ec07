//! The end of a week: what the week's log says the next week is planned with — a rest
//! after a red flag, a step back, a week back after missed sessions, a hold, or progress.

use super::wording;
use super::{
    AMBER_WEEKS, Cause, EARLY_DELOAD_WINDOW, Levels, Note, Outcome, Regress, Tracker, WeekTally,
};

impl Tracker<'_> {
    /// Ends a week: the outcome the step function plans the next week with. `current` is
    /// where the week's hard sessions ended (after any step back within it), `resume` the
    /// levels the plan would move on from (a deload week's are the build levels before
    /// it), and `regress` steps levels back (for a flare in a deload week, the week after
    /// is the last build week one step back, not the deload again).
    ///
    /// In order: a red flag rests the plan (or, cleared and settled, resumes it lower); a
    /// step back — for pain, missed targets, or weeks held for pain — repeats or deloads;
    /// a week with no session done goes back; else the week holds or progresses.
    pub fn end_week(
        &mut self,
        number: u32,
        phase: usize,
        current: Levels,
        resume: Levels,
        deload: bool,
        regress: &Regress<'_>,
    ) -> Outcome {
        let end = WeekEnd {
            number,
            phase,
            current,
            resume,
            deload,
            regress,
        };
        let w = std::mem::take(&mut self.week);
        self.forget_old_step_backs(number);
        if self.red || self.knee.awaiting_clearance() {
            return self.after_red_flag(&w, &end);
        }
        let amber = self.amber_step_back(&w);
        let escalated = amber.is_some();
        if let Some((why, cause)) = w.stepped.clone().or(amber.map(|why| (why, Cause::Pain))) {
            return self.step_back(&end, why, cause, escalated);
        }
        if let Some(outcome) = self.missed_week(&w, &end) {
            return outcome;
        }
        self.hold_or_progress(w, &end)
    }

    /// Step backs older than [`EARLY_DELOAD_WINDOW`] weeks no longer count towards an
    /// early deload.
    fn forget_old_step_backs(&mut self, number: u32) {
        while self
            .step_back_weeks
            .front()
            .is_some_and(|n| number >= n + EARLY_DELOAD_WINDOW)
        {
            self.step_back_weeks.pop_front();
        }
    }

    /// After a red flag: technique-only weeks (a rest) until a clinician has cleared the
    /// knee and the technique sessions have settled, then back below where the flag found
    /// the person.
    fn after_red_flag(&mut self, w: &WeekTally, end: &WeekEnd<'_>) -> Outcome {
        self.red = true;
        if self.knee.settle_needed() == 0 && !self.knee.awaiting_clearance() {
            self.red = false;
            self.knee.begin_return_after_clearance(self.week_end);
            return self.back_after_clearance(end);
        }
        let why = w.stepped.as_ref().map(|(why, _)| why.clone());
        Outcome::Rest {
            levels: end.current,
            reason: wording::red_flag_rest(why, self.adapt.settled_sessions, self.pain),
        }
    }

    /// Cleared and settled: back two knee-load steps below where the flag found the person
    /// (measured, like a return from a deload, against the weeks before the flag); the plan
    /// builds on from there within the guards. The first step takes the knee-load lever;
    /// the second takes load off when there is load (on a barbell, depth alone leaves the
    /// weight where it was).
    fn back_after_clearance(&self, end: &WeekEnd<'_>) -> Outcome {
        let mut back = end.resume;
        for cause in [Cause::Pain, Cause::Performance] {
            let cause = if back.load > 0.0 { cause } else { Cause::Pain };
            if let Some((l, _)) = (end.regress)(&back, cause) {
                back = l;
            }
        }
        Outcome::Resume {
            levels: back,
            reason: wording::cleared(self.adapt.settled_sessions).into(),
        }
    }

    /// Counts the weeks held for pain between the ideal and the stop line; after
    /// [`AMBER_WEEKS`] of them in a row the plan steps back as for a flare, and the knee
    /// must settle before it progresses. Returns why, when it does.
    fn amber_step_back(&mut self, w: &WeekTally) -> Option<Note> {
        let amber = w.hold.is_some() && w.stepped.is_none();
        self.amber_weeks = if amber { self.amber_weeks + 1 } else { 0 };
        // Once the person has been asked to see a clinician about it, amber pain holds
        // (the alert does); only a flare steps back further.
        if !amber || self.amber_weeks < AMBER_WEEKS || self.knee.recurring_pain() {
            return None;
        }
        self.amber_weeks = 0;
        self.knee.hold_until_settled();
        // Pain that keeps stepping the plan back is recurring pain, whatever its level:
        // the third step-back asks for a clinician, not a fourth.
        self.knee.pain_step_back(self.week_end);
        Some(wording::amber_weeks(self.pain.during_ideal, w.hold.clone()))
    }

    /// A week that stepped back (`escalated`: for weeks held for pain, so the step is
    /// taken now): the next week repeats where it ended, or deloads early when it is the
    /// second step back within [`EARLY_DELOAD_WINDOW`] weeks. In a deload week the way on
    /// holds the deload's (stepped-back) levels: going back to the build week before it
    /// would nearly double the load that hurt.
    fn step_back(
        &mut self,
        end: &WeekEnd<'_>,
        why: Note,
        cause: Cause,
        escalated: bool,
    ) -> Outcome {
        self.step_back_weeks.push_back(end.number);
        self.missed_weeks = 0;
        let (levels, change) = if escalated && !end.deload {
            match (end.regress)(&end.resume, cause) {
                Some((l, c)) => (l, Some(c)),
                None => (end.resume, None),
            }
        } else {
            (end.current, None)
        };
        if self.step_back_weeks.len() >= 2 && !end.deload {
            self.step_back_weeks.clear();
            return Outcome::Deload {
                levels,
                reason: wording::second_step_back(why),
            };
        }
        Outcome::Repeat {
            levels,
            reason: wording::stepped_back(
                change,
                why,
                cause,
                self.adapt.settled_sessions,
                self.pain,
            ),
        }
    }

    /// A week whose hard sessions were all missed: the last completed week of the phase
    /// again, one week further back for every second such week in a row.
    fn missed_week(&mut self, w: &WeekTally, end: &WeekEnd<'_>) -> Option<Outcome> {
        if w.hard == 0 || w.hard_missed < w.hard {
            return None;
        }
        self.missed_weeks += 1;
        let back = (self.missed_weeks / 2) as usize;
        let same: Vec<Levels> = self
            .completed
            .iter()
            .filter(|(p, _)| *p == end.phase)
            .map(|(_, l)| *l)
            .collect();
        let (levels, weeks_back) = match same.len() {
            0 => (end.resume, None),
            k => {
                let i = k - 1 - back.min(k - 1);
                (same[i], Some(k - 1 - i))
            }
        };
        Some(Outcome::Repeat {
            levels,
            reason: wording::missed_weeks(self.missed_weeks, end.number, weeks_back),
        })
    }

    /// A week with sessions done: it holds for amber pain, for a knee still settling or
    /// for a session missed (what was done, or due, again; in a deload week the week it
    /// came from), else it progresses — by an extra load step when the targets were beaten.
    fn hold_or_progress(&mut self, w: WeekTally, end: &WeekEnd<'_>) -> Outcome {
        if w.hard_missed == 0 && w.past > 0 {
            self.completed.push((end.phase, end.resume));
        }
        self.missed_weeks = 0;
        let held = if end.deload { end.resume } else { end.current };
        if let Some(why) = w.hold {
            return Outcome::Repeat {
                levels: held,
                reason: why,
            };
        }
        let settle = self.knee.settle_needed();
        if settle > 0 {
            return Outcome::Repeat {
                levels: held,
                reason: wording::waits_for_settled(settle, self.pain.during_ideal),
            };
        }
        if let Some(d) = w.first_missed {
            return Outcome::Repeat {
                levels: held,
                reason: wording::session_not_done(d),
            };
        }
        match w.extra {
            Some(reason) => Outcome::ExtraLoad { reason },
            None => Outcome::AsPrescribed,
        }
    }
}

/// How a week ended, as [`Tracker::end_week`] was told (see there).
struct WeekEnd<'r> {
    number: u32,
    phase: usize,
    current: Levels,
    resume: Levels,
    deload: bool,
    regress: &'r Regress<'r>,
}
