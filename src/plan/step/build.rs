//! A build week: the first step up that fits the guards (the way back towards a load the
//! knee tolerated first, then steps towards the phase's start, then the phase's levers), a
//! knee-load step shedding reps to fit, a hold that says which guard and by how much, and
//! after weeks with every lever capped, a new block.

use super::*;

impl Rules<'_> {
    /// A build week: the first candidate that fits the guards, or a hold that says why.
    /// Returns the levels and how many build weeks in a row have had every lever capped.
    /// Whatever the week does — even holding last week's prescription — it stays within
    /// the guards: the chronic mean can fall behind a hold after weeks of steady growth.
    pub(super) fn build(
        &self,
        pi: usize,
        l: Levels,
        (capped_before, held_before): (u32, u32),
        limits: &Limits,
        notes: &mut Vec<Note>,
        adjustments: &mut Vec<Adjustment>,
    ) -> (Levels, u32) {
        let p = &self.template.phases[pi];
        let (n, capped) = self.choose(
            p,
            l,
            (capped_before, held_before),
            limits,
            notes,
            adjustments,
        );
        let on_purpose = adjustments
            .iter()
            .any(|a| a.week == limits.number && a.action == AdjustmentAction::AboveCap);
        let Some((guard, why)) = limits.breach(self.week_load(p, &n)).filter(|_| !on_purpose)
        else {
            return (n, capped);
        };
        let trimmed = self.trim(p, n, limits, 1);
        adjustments.push(Adjustment {
            week: limits.number,
            guard: guard.to_string(),
            action: AdjustmentAction::HeldBack,
            message: wording::in_week(limits.number, &wording::levels_breach(&n, &why)),
        });
        notes.push(Note::from(wording::trimmed(&trimmed, &n, &why)));
        (trimmed, capped)
    }

    /// The next steps of the way back from `n` (the week began at `l`), best first: a
    /// weight taken off (after a gap or a red flag) and volume come back together, the
    /// step going to whichever is further below the phase's own start; the weight one
    /// equipment step at a time, at most a fifth over the week's (the knee load hides a
    /// heavy bar's rise behind the bodyweight's share), never to a load missed twice.
    fn way_back_steps(
        &self,
        p: &Phase,
        l: &Levels,
        n: &Levels,
        max_load_kg: Option<f64>,
    ) -> Vec<Levels> {
        let kg = |x: &Levels| self.kg(p, x).unwrap_or(0.0);
        let heavier = self
            .ramp(p, n, Lever::Load)
            .map(|c| c.levels)
            .filter(|h| max_load_kg.is_none_or(|max| kg(h) < max - 1e-9))
            .filter(|h| n == l || kg(h) <= kg(l) * (1.0 + RETURN_MAX_RISE) + 1e-9);
        let mut more = *n;
        let more = if n.reps < p.reps.max as u32 {
            more.reps += 1;
            Some(more)
        } else if n.sets < p.sets.max as u32 {
            // One more set at the reps that keep the volume: then reps again.
            more.sets += 1;
            more.reps = (more.reps * (more.sets - 1)).div_ceil(more.sets).max(1);
            Some(more)
        } else {
            None
        };
        let share = |x: f64, of: f64| if of > 0.0 { x / of } else { 1.0 };
        let start = Levels::start(p);
        let weight_first = share(kg(n), kg(&start))
            <= share(
                f64::from(n.sets * n.reps),
                f64::from(start.sets * start.reps),
            );
        let (a, b) = if weight_first {
            (heavier, more)
        } else {
            (more, heavier)
        };
        a.into_iter().chain(b).collect()
    }

    /// What a build week would do before the final guard check of [`Rules::build`].
    pub(super) fn choose(
        &self,
        p: &Phase,
        l: Levels,
        (capped_before, held_before): (u32, u32),
        limits: &Limits,
        notes: &mut Vec<Note>,
        adjustments: &mut Vec<Adjustment>,
    ) -> (Levels, u32) {
        // The way back: below what the knee recently did settled, volume climbs by up to
        // 15 % of that load a week (at least one rep a set), so a plan regains it in two
        // or three weeks rather than at the pace of new territory (DESIGN §8).
        if let Some(t) = limits.tolerated {
            let w0 = self.week_load(p, &l);
            if w0 < t * (1.0 - 1e-9) {
                // Within the acute:chronic ceiling still: the way back is not a spike.
                let spike = limits.chronic.map_or(f64::INFINITY, |c| c * limits.ceiling);
                let aim = t
                    .min(w0 + RETURN_STEP * t)
                    .min(w0 * (1.0 + limits.max_rise))
                    .min(spike.max(w0));
                // Past the tolerated load, the ceiling or a fifth over last week: only as
                // the first step (one rep a set).
                let most = t.min(spike.max(w0)).min(w0 * (1.0 + limits.max_rise));
                let mut n = l;
                while self.week_load(p, &n) < aim - 1e-9 {
                    // The first step (one rep a set, or a weight step) goes ahead within
                    // the acute:chronic ceiling — or past it while far below where the knee
                    // was: at 2×3 one rep is +33 %, and a chronic mean of such weeks held a
                    // plan there for 13 weeks after an acknowledged alert (physio review 6).
                    let far_below = w0 < t * 0.5;
                    let fits = |m: &Levels| {
                        let load = self.week_load(p, m);
                        load <= most * (1.0 + 1e-9) + 1e-9
                            || (n == l && (load <= spike || far_below))
                    };
                    match self
                        .way_back_steps(p, &l, &n, limits.max_load_kg)
                        .into_iter()
                        .find(|m| fits(m))
                    {
                        Some(m) => n = m,
                        None => break,
                    }
                }
                if n != l {
                    let load = self.week_load(p, &n);
                    let weight = (n.load != l.load)
                        .then(|| (self.weight_text(p, &l), self.weight_text(p, &n)));
                    let note = wording::way_back(&l, &n, weight, t);
                    if !limits.within_guards(load) {
                        adjustments.push(Adjustment {
                            week: limits.number,
                            guard: "volume_cap".to_string(),
                            action: AdjustmentAction::AboveCap,
                            message: wording::in_week(limits.number, &note),
                        });
                    }
                    notes.push(Note::from(note));
                    return (n, 0);
                }
            }
        }
        let mut blocked: Vec<String> = Vec::new();
        let mut candidates = Vec::new();
        // Steps towards the phase's start come first: the phase is not fully under way yet.
        for lever in [Lever::Sets, Lever::Heel, Lever::Depth, Lever::Load] {
            if let Some(c) = self.ramp(p, &l, lever) {
                candidates.push(c);
            }
        }
        for lever in p.lever_order() {
            match self.lever(p, &l, lever) {
                Ok(Some(c)) => candidates.push(c),
                Ok(None) => {}
                Err(why) => blocked.push(why),
            }
        }
        // A load missed twice is not prescribed again before the 1RM estimate rises.
        if let Some(max) = limits.max_load_kg {
            candidates.retain(|c| {
                let kg = self.kg(p, &c.levels).unwrap_or(0.0);
                let keep = kg < max - 1e-9 || c.levels.load <= l.load;
                if !keep {
                    blocked.push(wording::missed_twice(max));
                }
                keep
            });
        }
        let mut refused: Vec<(String, &'static str, String)> = Vec::new();
        for c in candidates {
            let load = self.week_load(p, &c.levels);
            match limits.breach(load) {
                // One lever step back towards what the knee recently did settled: the cap
                // guards new territory, not the way back (DESIGN §8).
                // At most `max_rise` over the week before, as the way back's reps.
                Some(_)
                    if limits.returning(load)
                        && load <= self.week_load(p, &l) * (1.0 + limits.max_rise) + 1e-9 =>
                {
                    let t = limits.tolerated.unwrap_or(load);
                    let note = wording::lever_way_back(&c.note, t);
                    adjustments.push(Adjustment {
                        week: limits.number,
                        guard: "volume_cap".to_string(),
                        action: AdjustmentAction::AboveCap,
                        message: wording::in_week(limits.number, &note),
                    });
                    notes.push(Note::from(note));
                    return (c.levels, 0);
                }
                None => {
                    let mut note = c.note;
                    if !refused.is_empty() {
                        let refusals = wording::refusals(&refused);
                        note.push_str(&wording::instead_of(&refusals));
                        adjustments.push(Adjustment {
                            week: limits.number,
                            guard: refused[0].1.to_string(),
                            action: AdjustmentAction::OtherLever,
                            message: wording::in_week(limits.number, &refusals),
                        });
                    }
                    notes.push(Note::from(note));
                    return (c.levels, 0);
                }
                Some((guard, why)) => {
                    // A knee-load step may shed reps (never below the phase's start) to fit:
                    // one depth step alone is more than a 10 % cap (DESIGN §6).
                    if c.knee && c.levels.reps > 1 {
                        let mut shed = c.levels;
                        let lowest = shed_floor(p).min(l.reps);
                        while shed.reps > lowest && !self.fits(p, &shed, limits) {
                            shed.reps -= 1;
                        }
                        if self.fits(p, &shed, limits) && shed.reps < c.levels.reps {
                            notes.push(Note::from(wording::shed_reps(
                                &c.note,
                                c.levels.reps,
                                shed.reps,
                            )));
                            return (shed, 0);
                        }
                    }
                    refused.push((c.note, guard, why));
                }
            }
        }
        if !refused.is_empty() {
            let why = wording::refusals(&refused);
            // A guard may hold a week, never two in a row: the smallest step there is
            // (+1 rep a set, else +1 set) goes ahead, so a low volume — where one rep is
            // more than the cap — cannot stall for months (DESIGN §8). Over two weeks the
            // increase still averages near the cap.
            if held_before >= 1
                && let Some((n, what)) = self.smallest_step(p, &l)
            {
                adjustments.push(Adjustment {
                    week: limits.number,
                    guard: refused[0].1.to_string(),
                    action: AdjustmentAction::AboveCap,
                    message: wording::in_week(limits.number, &wording::smallest_after_hold(&what)),
                });
                notes.push(Note::from(wording::smallest_step_taken(&what, &why)));
                return (n, 0);
            }
            adjustments.push(Adjustment {
                week: limits.number,
                guard: refused[0].1.to_string(),
                action: AdjustmentAction::HeldBack,
                message: wording::in_week(limits.number, &why),
            });
            let held = if self.fits(p, &l, limits) {
                l
            } else {
                self.trim(p, l, limits, 1)
            };
            notes.push(Note::from(wording::held(&held, &why)));
            return (held, 0);
        }
        let capped = capped_before + 1;
        if capped <= MAX_CAPPED_WEEKS {
            notes.push(Note::from(wording::capped(&blocked, capped)));
            return (l, capped);
        }
        match self.new_block(p, &l) {
            Some((n, note)) => {
                notes.push(Note::from(note));
                (n, 0)
            }
            None => {
                notes.push(Note::from(wording::capped_no_block(capped - 1)));
                (l, capped)
            }
        }
    }

    pub(super) fn fits(&self, p: &Phase, l: &Levels, limits: &Limits) -> bool {
        limits.fits(self.week_load(p, l))
    }

    /// `l` with reps (then sets) cut until the week fits, never below `min_reps` reps while
    /// sets remain to cut.
    pub(super) fn trim(&self, p: &Phase, l: Levels, limits: &Limits, min_reps: u32) -> Levels {
        let mut n = l;
        while !self.fits(p, &n, limits) {
            if n.reps > min_reps.max(1) {
                n.reps -= 1;
            } else if n.sets > 1 {
                n.sets -= 1;
            } else if n.reps > 1 {
                n.reps -= 1;
            } else {
                break;
            }
        }
        n
    }

    /// After [`MAX_CAPPED_WEEKS`] at every cap: back off about 10 % on a lever the phase can
    /// climb again (load, else reps), or `None` when it has none — backing off then would
    /// only wear the plan down.
    pub(super) fn new_block(&self, p: &Phase, l: &Levels) -> Option<(Levels, String)> {
        let ladder = p.lever_order();
        if let Some(rule) = p.load.filter(|r| {
            self.variant(p).is_loaded()
                && l.load > 0.0
                && ladder.contains(&Lever::Load)
                && r.progression().progresses()
        }) {
            let rule = rule.progression();
            let mut n = *l;
            n.load = match (self.kg_per_rule_unit(p), self.kg(p, l)) {
                // From what is on the bar, not the template's target (which the equipment
                // may never have reached); below the lightest load, the lightest.
                (Some(per), Some(kg)) => {
                    let loads = self.loads(self.variant(p));
                    round_down(loads, kg * 0.9)
                        .or(loads.first().copied())
                        .map_or(l.load, |kg| tidy(kg / per))
                }
                // On the template's grid, rounding down so the back-off is never heavier.
                _ => match (l.load * 0.9 / rule.step).floor() * rule.step {
                    back if back > 0.0 => tidy(back),
                    _ => tidy(l.load * 0.9),
                },
            };
            // The equipment may not make a lighter load (coarse plates): then reps, below.
            let lighter = match (self.kg(p, &n), self.kg(p, l)) {
                (Some(a), Some(b)) => a < b - 1e-9,
                _ => n.load < l.load - 1e-9,
            };
            if lighter {
                let note = wording::new_block_load(
                    &wording::load_text(p, l.load),
                    &wording::load_text(p, n.load),
                    rule_is_1rm(p),
                );
                return Some((n, note));
            }
        }
        if !(ladder.contains(&Lever::Reps) && p.reps.progresses()) || l.reps <= 1 {
            return None;
        }
        let mut n = *l;
        n.reps = ((f64::from(l.reps) * 0.9).round() as u32).clamp(1, l.reps - 1);
        Some((n, wording::new_block_reps(l, &n)))
    }
}

/// Fewest reps a knee-load step may shed to: three quarters of the phase's starting reps,
/// but not below 10 — from fewer, the next single rep is more than a 10 % step and the
/// plan would stall — and never below the start itself.
fn shed_floor(p: &Phase) -> u32 {
    let start = p.reps.start as u32;
    (((p.reps.start * 0.75).ceil() as u32).max(10)).clamp(1, start.max(1))
}
