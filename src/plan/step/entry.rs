//! Entering a phase (reached in steps when it starts higher than the last ended) and
//! deloads (fewer sets, nothing else changed).

use super::*;

impl Rules<'_> {
    /// Why the next phase cannot start yet, or `None` when its criterion is met.
    pub(super) fn criterion_gap(&self, current: usize, l: &Levels, next: &Phase) -> Option<String> {
        let c = next.enter_when?;
        let p = &self.template.phases[current];
        let rpe = self.rpe(p, l);
        let sets_ok = c.sets.is_none_or(|s| l.sets >= s);
        let rpe_ok = c.rpe.is_none_or(|r| rpe <= r + 1e-9);
        if sets_ok && l.reps >= c.reps && rpe_ok {
            return None;
        }
        Some(wording::criterion_gap(
            &next.name, c.sets, c.reps, c.rpe, l, rpe, &p.name,
        ))
    }

    /// The first week of phase `to`: its start, with heel, depth and load no higher than
    /// where the last phase ended (the rest comes in steps), trimmed to fit the guards.
    pub(super) fn enter(
        &self,
        from: usize,
        prev: &Levels,
        to: usize,
        limits: &Limits,
        notes: &mut Vec<Note>,
        adjustments: &mut Vec<Adjustment>,
    ) -> Levels {
        let (a, p) = (&self.template.phases[from], &self.template.phases[to]);
        let mut n = Levels::start(p);
        let mut later = Vec::new();
        if n.heel > prev.heel + 1e-9 {
            later.push(wording::later_heel(self.unit, prev.heel, n.heel));
            n.heel = prev.heel;
        }
        if n.depth > prev.depth + 1e-9 {
            later.push(wording::later_depth(prev.depth, n.depth));
            n.depth = prev.depth;
        }
        if self.variant(p).is_loaded() {
            let target = n.load;
            n.load = self.entry_load(a, prev, p, target);
            if n.load + 1e-9 < target {
                later.push(wording::load_change(
                    &wording::load_text(p, n.load),
                    &wording::load_text(p, target),
                ));
            }
            if let Some(jump) = self
                .jump(a, prev, p, &n)
                .filter(|j| *j > MAX_LOAD_JUMP + 1e-9)
            {
                adjustments.push(Adjustment {
                    week: limits.number,
                    guard: "load_jump".to_string(),
                    action: AdjustmentAction::HeldBack,
                    message: wording::in_week(
                        limits.number,
                        &wording::entry_jump(self.variant(p), jump),
                    ),
                });
            }
        }
        let mut reached = None;
        if let Some((guard, why)) = limits.breach(self.week_load(p, &n)) {
            // Like heel and depth, a start above where the last phase ended is reached in
            // steps: the reps lever climbs to it in the weeks that follow.
            let trimmed = self.trim(p, n, limits, 1);
            adjustments.push(Adjustment {
                week: limits.number,
                guard: guard.to_string(),
                action: AdjustmentAction::OtherLever,
                message: wording::in_week(
                    limits.number,
                    &wording::entry_trimmed(&n, &trimmed, &why),
                ),
            });
            reached = Some(wording::reached_in_steps(&n, &trimmed, &why));
            n = trimmed;
        }
        // The note describes what this week prescribes, after any trimming.
        let changed = (self.variant(p) != self.variant(a)).then(|| self.variant(p));
        notes.push(Note::from(wording::new_phase(
            &p.name,
            &n,
            self.rpe(p, &n),
            changed,
        )));
        notes.extend(reached.map(Note::from));
        if !later.is_empty() {
            notes.push(Note::from(wording::later(&later)));
        }
        n
    }

    /// The load that starts a loaded phase: the template's start, or the heaviest load that
    /// keeps the per-rep jump from the last week within 10 %.
    pub(super) fn entry_load(&self, a: &Phase, prev: &Levels, p: &Phase, target: f64) -> f64 {
        let before = self.rep_weight(a, prev);
        let limit = before * (1.0 + MAX_LOAD_JUMP);
        let mut n = Levels::start(p);
        n.load = target;
        let makeable =
            self.kg_per_rule_unit(p).is_none() || self.kg(p, &n).is_some_and(|kg| kg > 0.0);
        if makeable && self.rep_weight(p, &n) <= limit * (1.0 + 1e-9) {
            return target;
        }
        let Some(rule) = p.load else { return target };
        match self.kg_per_rule_unit(p) {
            Some(per) => {
                let loads = self.loads(self.variant(p));
                let bodyweight = self.rep_weight(p, &Levels { load: 0.0, ..n });
                let room_kg = match self.athlete().bodyweight_kg {
                    Some(_) => limit - bodyweight,
                    None => (limit - bodyweight) * self.bodyweight_share_kg(),
                };
                match round_down(loads, room_kg.min(target * per) / 1.01) {
                    Some(kg) if kg > 0.0 => tidy(kg / per),
                    // Even the lightest load is a bigger jump (or the start cannot be made):
                    // take the lightest and let `check` say so.
                    _ => loads.first().map(|kg| tidy(kg / per)).unwrap_or(target),
                }
            }
            None if rule.bodyweight_ratio.is_some() => {
                // Without a bodyweight: in bodyweight units, on the template's step grid.
                let room = (limit - 1.0) * self.athlete().bodyweight_ratio;
                let step = if rule.step > 0.0 { rule.step } else { room };
                tidy((room / step + 1e-9).floor() * step).clamp(0.0, target)
            }
            None => target,
        }
    }

    /// Per-rep load jump from week levels `prev` (phase `a`) to `n` (phase `p`), when it can
    /// be worked out.
    pub(super) fn jump(&self, a: &Phase, prev: &Levels, p: &Phase, n: &Levels) -> Option<f64> {
        let before = self.rep_weight(a, prev);
        let after = self.rep_weight(p, n);
        (before > 0.0).then(|| after / before - 1.0)
    }

    /// Fewer sets at the same reps, load, heel, depth and tempo; reps are trimmed only when
    /// dropping sets alone cannot reach the template's cut (one set left, or 3 → 2 sets).
    pub(super) fn deloaded(&self, l: Levels) -> Levels {
        let f = self.template.deload.volume_factor;
        let total = f64::from(l.sets * l.reps);
        let off = |sets: u32, reps: u32| (f64::from(sets * reps) / total - f).abs();
        let fewer = l.sets.saturating_sub(1).max(1);
        // Fewer sets at the same reps, as near the template's cut as whole sets allow…
        let sets = (1..=fewer)
            .min_by(|a, b| off(*a, l.reps).total_cmp(&off(*b, l.reps)))
            .expect("at least one set");
        let (sets, reps) =
            if (l.sets > 1 && off(sets, l.reps) <= 0.1 + 1e-9) || l.sets * l.reps == 1 {
                (sets, l.reps)
            } else {
                // …else the nearest with fewer reps too (3×12 at half: 2×9 rather than 2×12),
                // keeping as many reps as the nearest cut allows.
                (1..=fewer)
                    .flat_map(|s| (1..=l.reps).map(move |r| (s, r)))
                    .filter(|&(s, r)| s * r < l.sets * l.reps)
                    .min_by(|a, b| {
                        off(a.0, a.1)
                            .total_cmp(&off(b.0, b.1))
                            .then(b.1.cmp(&a.1))
                            .then(b.0.cmp(&a.0))
                    })
                    .unwrap_or((sets, l.reps))
            };
        Levels { sets, reps, ..l }
    }

    pub(super) fn deload(&self, l: Levels) -> (Levels, String) {
        let n = self.deloaded(l);
        (n, wording::deload(&l, &n))
    }
}
