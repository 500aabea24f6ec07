//! The levers of the step: one step up each lever can take (reps, sets, tempo, heel, depth,
//! load), one step back, the technique levels after a red flag, and the knee's limits
//! applied to levels (a flare's caps, a gap's lighter return).

use super::*;

impl Rules<'_> {
    /// +1 rep a set, else +1 set, within the phase's caps; `None` at both caps.
    pub(super) fn smallest_step(&self, p: &Phase, l: &Levels) -> Option<(Levels, String)> {
        let mut n = *l;
        if l.reps < p.reps.max as u32 {
            n.reps += 1;
            return Some((n, wording::more_reps(l.reps, n.reps)));
        }
        if l.sets < p.sets.max as u32 {
            n.sets += 1;
            return Some((n, wording::one_more_set(l, &n)));
        }
        None
    }

    /// `l` made lighter until one session's knee load is at most `max` — the first
    /// session back after a gap, the weeks back after a clearance: a lighter weight first
    /// (down to half), then volume (reps, then sets; depth and heel stay); a step back for
    /// pain only when one set of one rep is still above it.
    pub fn scaled(&self, phase: usize, l: &Levels, max: f64) -> Levels {
        let p = &self.template.phases[phase];
        let over = |n: &Levels| self.session_load(p, n) > max * (1.0 + 1e-9) + 1e-9;
        if !over(l) {
            return *l;
        }
        // With a weight, a lighter weight first, down to half of it, at the sets and reps
        // the person knows: that is how load is brought back after time off or a red flag
        // (the same weight for a few reps is near the heaviest the knee took). Below half
        // the weight, volume comes off too.
        let l = &self.lighter_load(p, l, &over);
        if !over(l) {
            return *l;
        }
        // The most volume that fits, more sets first on a tie (sets × reps are few).
        let mut best: Option<Levels> = None;
        for sets in 1..=l.sets {
            for reps in 1..=l.reps {
                let n = Levels { sets, reps, ..*l };
                if over(&n) {
                    break;
                }
                let better = best.is_none_or(|b| {
                    let (x, y) = (self.session_load(p, &n), self.session_load(p, &b));
                    x > y + 1e-9 || ((x - y).abs() <= 1e-9 && n.sets > b.sets)
                });
                if better {
                    best = Some(n);
                }
            }
        }
        if let Some(n) = best {
            return n;
        }
        let mut n = Levels {
            sets: 1,
            reps: 1,
            ..*l
        };
        let mut guard = 0;
        while over(&n) && guard < 32 {
            guard += 1;
            match self.step_back(phase, &n, Cause::Pain) {
                Some((b, _)) => n = b,
                None => break,
            }
        }
        n
    }

    /// The heaviest weight the equipment makes between half of `l`'s and `l`'s that is not
    /// `over`; else half the weight (rounded down to the equipment), for the caller to take
    /// volume off at. `l` itself without a weight.
    fn lighter_load(&self, p: &Phase, l: &Levels, over: &dyn Fn(&Levels) -> bool) -> Levels {
        let (Some(per), Some(kg)) = (self.kg_per_rule_unit(p), self.kg(p, l)) else {
            return *l;
        };
        if per <= 0.0 || kg <= 0.0 {
            return *l;
        }
        let at = |kg: f64| Levels {
            load: kg / per,
            ..*l
        };
        let loads = self.loads(self.variant(p));
        let candidates = loads
            .iter()
            .rev()
            .copied()
            .filter(|w| *w < kg - 1e-9 && *w >= kg * 0.5 - 1e-9);
        let mut lightest = None;
        for w in candidates {
            let n = at(w);
            if !over(&n) {
                return n;
            }
            lightest = Some(n);
        }
        lightest.unwrap_or(*l)
    }

    /// `l` lowered to the knee's caps: no lever above `caps` (the session that flared, or
    /// the last one done before technique-only sessions), then, while the session's knee
    /// load is above `ceiling`, a step back at a time. Returns the levels and what changed.
    pub fn within(
        &self,
        phase: usize,
        l: &Levels,
        caps: Option<&LeverCaps>,
        ceiling: Option<f64>,
    ) -> (Levels, Option<String>) {
        let p = &self.template.phases[phase];
        let mut n = *l;
        if let Some(c) = caps {
            n.sets = n.sets.min(c.sets.max(1));
            n.reps = n.reps.min(c.reps.max(1));
            n.depth = n.depth.min(c.depth_deg);
            n.heel = n.heel.min(c.heel_cm);
            // Compared as prescribed (rounded to the equipment), so an equal load stays.
            if let (Some(per), Some(kg), Some(now)) =
                (self.kg_per_rule_unit(p), c.load_kg, self.kg(p, &n))
                && per > 0.0
                && now > kg + 1e-9
            {
                n.load = tidy(kg / per);
            }
        }
        if let Some(max) = ceiling {
            let mut guard = 0;
            while self.session_load(p, &n) > max * (1.0 + 1e-9) + 1e-9 && guard < 32 {
                match self.step_back(phase, &n, Cause::Pain) {
                    Some((b, _)) => n = b,
                    None => break,
                }
                guard += 1;
            }
        }
        if n == *l {
            return (n, None);
        }
        let what = match (caps.is_some(), ceiling) {
            (_, Some(max)) if self.session_load(p, l) > max + 1e-9 => {
                wording::below_flare(self.session_load(p, l), self.session_load(p, &n), max)
            }
            _ => wording::no_lever_above(self.unit, &n),
        };
        (n, Some(what))
    }

    /// A step towards the phase's own start for a knee-load lever that entered lower.
    pub(super) fn ramp(&self, p: &Phase, l: &Levels, lever: Lever) -> Option<Candidate> {
        let mut n = *l;
        let note = match lever {
            // Sets a deload or a step back took below the phase's start come back one at
            // a time (a flare in a deload week left its 2 sets for good, and the plan then
            // said every lever was at its cap).
            Lever::Sets if l.sets < p.sets.start as u32 => {
                n.sets += 1;
                wording::one_more_set(l, &n)
            }
            Lever::Heel if l.heel + 1e-9 < p.heel_height_cm.start => {
                let step = step_size(p.heel_height_cm.step, MAX_HEEL_STEP_CM);
                n.heel = (l.heel + step).min(p.heel_height_cm.start);
                wording::higher_heel(self.unit, l.heel, n.heel, Some(p.heel_height_cm.start))
            }
            Lever::Depth if l.depth + 1e-9 < p.depth_deg.start => {
                let step = step_size(p.depth_deg.step, MAX_DEPTH_STEP_DEG);
                n.depth = (l.depth + step).min(p.depth_deg.start);
                wording::deeper(l.depth, n.depth, Some(p.depth_deg.start))
            }
            Lever::Load => {
                let start = p.load?.progression().start;
                if !self.variant(p).is_loaded() || l.load + 1e-9 >= start {
                    return None;
                }
                return self.load_step(p, l, Some(start)).ok().flatten();
            }
            _ => return None,
        };
        Some(Candidate {
            levels: n,
            note,
            knee: true,
        })
    }

    /// One step of `lever` in the phase's ladder: a candidate, `None` at its cap, or why it
    /// cannot move.
    pub(super) fn lever(
        &self,
        p: &Phase,
        l: &Levels,
        lever: Lever,
    ) -> Result<Option<Candidate>, String> {
        let mut n = *l;
        let mut knee = false;
        let note = match lever {
            Lever::Reps => {
                let Some(next) = p.reps.next(f64::from(l.reps)) else {
                    return Ok(None);
                };
                n.reps = (next.round() as u32).max(l.reps + 1).min(p.reps.max as u32);
                if n.reps <= l.reps {
                    return Ok(None);
                }
                wording::more_reps(l.reps, n.reps)
            }
            Lever::Sets => {
                let Some(next) = p.sets.next(f64::from(l.sets)) else {
                    return Ok(None);
                };
                n.sets = next.round() as u32;
                if n.sets <= l.sets {
                    return Ok(None);
                }
                // More sets at the reps that keep the week within the cap, not below the
                // phase's start.
                let per_set = f64::from(l.sets * l.reps) / f64::from(n.sets);
                n.reps =
                    (per_set * (1.0 + self.template.recovery.max_weekly_increase)).floor() as u32;
                n.reps = n.reps.min(l.reps).max((p.reps.start as u32).min(l.reps));
                wording::one_more_set(l, &n)
            }
            Lever::Tempo => {
                if l.tempo.eccentric >= p.tempo.max.eccentric {
                    return Ok(None);
                }
                n.tempo.eccentric += 1;
                wording::slower(l, &n)
            }
            Lever::Pause => {
                if l.tempo.pause >= p.tempo.max.pause {
                    return Ok(None);
                }
                n.tempo.pause += 1;
                wording::longer_pause(l, &n)
            }
            Lever::Heel => {
                let Some(h) = p.heel_height_cm.next(l.heel) else {
                    return Ok(None);
                };
                knee = true;
                n.heel = h.min(l.heel + MAX_HEEL_STEP_CM);
                wording::higher_heel(self.unit, l.heel, n.heel, None)
            }
            Lever::Depth => {
                let Some(d) = p.depth_deg.next(l.depth) else {
                    return Ok(None);
                };
                knee = true;
                n.depth = d.min(l.depth + MAX_DEPTH_STEP_DEG);
                wording::deeper(l.depth, n.depth, None)
            }
            Lever::Load => return self.load_step(p, l, None),
        };
        Ok(Some(Candidate {
            levels: n,
            note,
            knee,
        }))
    }

    /// The next load: the smallest real increment when the equipment is known and it is at
    /// most 10 % more per rep, else the rule's own step; capped at `towards` when ramping.
    pub(super) fn load_step(
        &self,
        p: &Phase,
        l: &Levels,
        towards: Option<f64>,
    ) -> Result<Option<Candidate>, String> {
        let Some(rule) = p.load.filter(|_| self.variant(p).is_loaded()) else {
            return Ok(None);
        };
        let progression = rule.progression();
        let cap = towards.unwrap_or(progression.max);
        let mut n = *l;
        let note = match (self.kg_per_rule_unit(p), self.kg(p, l).or(Some(0.0))) {
            (Some(per), Some(current)) => {
                let loads = self.loads(self.variant(p));
                let Some(next) = next_up(loads, current) else {
                    return Err(wording::heaviest(&self.show_kg(p, current)));
                };
                if next > cap * per * 1.01 + 1e-9 {
                    return Ok(None);
                }
                n.load = tidy(next / per);
                let jump = self.rep_weight(p, &n) / self.rep_weight(p, l) - 1.0;
                if jump > MAX_LOAD_JUMP + 1e-9 {
                    return Err(wording::load_jump(&self.show_kg(p, next), jump));
                }
                wording::load_change(&self.show_kg(p, current), &self.show_kg(p, next))
            }
            _ => {
                let Some(next) = progression.next(l.load) else {
                    return Ok(None);
                };
                n.load = tidy(next.min(cap));
                if n.load <= l.load + 1e-9 {
                    return Ok(None);
                }
                wording::load_change(
                    &wording::load_text(p, l.load),
                    &wording::load_text(p, n.load),
                )
            }
        };
        // Double progression: a heavier load starts again from the phase's first reps (never
        // more reps than now: a week still climbing to the start keeps its reps).
        let reps_back = towards.is_none() && n.reps > p.reps.start as u32;
        if reps_back {
            n.reps = p.reps.start as u32;
        }
        Ok(Some(Candidate {
            levels: n,
            note: if reps_back {
                wording::reps_back(note, n.reps)
            } else {
                note
            },
            knee: true,
        }))
    }

    /// One step back from `l` (DESIGN §7: regress more than you progress). For pain, the
    /// knee-load levers first — depth by up to 15°, else the heel by up to 2 cm — then a
    /// set, reps, and last the load (about 10 % less). For missed targets without pain,
    /// load first (about 10 %), then a set, then reps; depth and heel stay. The note names
    /// the change; `None` when there is nothing left to take away.
    pub fn step_back(&self, phase: usize, l: &Levels, cause: Cause) -> Option<(Levels, String)> {
        let p = &self.template.phases[phase];
        let mut n = *l;
        let loaded = l.load > 0.0 && self.variant(p).is_loaded();
        let lighter = |n: &mut Levels| {
            n.load = tidy(l.load * 0.9);
            wording::load_change(
                &wording::load_text(p, l.load),
                &wording::load_text(p, n.load),
            )
        };
        let note = if cause == Cause::Performance && loaded {
            lighter(&mut n)
        } else if cause == Cause::Pain && l.depth > MIN_DEPTH_DEG {
            n.depth = (l.depth - MAX_DEPTH_STEP_DEG).max(MIN_DEPTH_DEG);
            wording::depth_back(l.depth, n.depth)
        } else if cause == Cause::Pain && l.heel > 0.0 {
            n.heel = tidy((l.heel - MAX_HEEL_STEP_CM).max(0.0));
            wording::heel_back(self.unit, l.heel, n.heel)
        } else if l.sets > 1 {
            n.sets -= 1;
            wording::volume_back(l, &n)
        } else if l.reps > 1 {
            n.reps = (l.reps * 3 / 4).max(1).min(l.reps - 1);
            wording::volume_back(l, &n)
        } else if loaded {
            lighter(&mut n)
        } else {
            return None;
        };
        Some((n, note))
    }

    /// The levels of the technique-only sessions after a red flag: bodyweight, at most
    /// two sets of eight, no deeper than half a squat, no higher a heel than the phase
    /// starts on. The way back after it is built from these, one step a week.
    pub fn technique_levels(&self, phase: usize, l: &Levels) -> Levels {
        let p = &self.template.phases[phase];
        Levels {
            sets: l.sets.min(2),
            reps: l.reps.min(8),
            heel: l.heel.min(p.heel_height_cm.start),
            depth: l.depth.min(TECHNIQUE_DEPTH_DEG),
            load: 0.0,
            ..*l
        }
    }

    /// The technique-only session that follows a red flag (at [`Rules::technique_levels`]),
    /// with its cues when `cued`.
    pub fn technique_prescription(&self, phase: usize, l: &Levels, cued: bool) -> Prescription {
        let p = &self.template.phases[phase];
        let n = self.technique_levels(phase, l);
        // Bodyweight only: a loaded phase's cues about the bar or the weights do not apply.
        let cues: Vec<String> = self
            .cues_for(p, n.depth, n.heel, cued)
            .into_iter()
            .filter(|c| !mentions_load(c))
            .collect();
        Prescription {
            exercise: "cyclist squat".to_string(),
            variant: Variant::Bodyweight,
            sets: n.sets,
            reps: n.reps,
            tempo: n.tempo,
            heel_height_cm: n.heel,
            depth_deg: n.depth,
            depth_words: knee::depth_words(n.depth).to_string(),
            rest_seconds: p.rest_seconds,
            rpe: 3.0,
            load: Load::default(),
            cues,
        }
    }
}
