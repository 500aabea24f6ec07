//! What levels mean: kilograms on the person's equipment, the knee-load measure the guards
//! count, the effort target, and the prescription a session prints.

use super::*;

impl Rules<'_> {
    /// A load in kg as the person reads it (see [`wording::show_kg`]).
    pub(super) fn show_kg(&self, p: &Phase, kg: f64) -> String {
        wording::show_kg(self.unit, self.variant(p), kg)
    }

    pub(super) fn loads(&self, v: Variant) -> &[f64] {
        let i = Variant::ALL
            .iter()
            .position(|x| *x == v)
            .expect("every variant is in ALL");
        &self.loads[self.period.get()][i]
    }

    /// The variant a phase is planned with, after `--variant`.
    pub(super) fn variant(&self, p: &Phase) -> Variant {
        variant_for(self.athlete().variant, p)
    }

    /// Kilograms per unit of the phase's load rule (1RM/100 or bodyweight), if known.
    pub(super) fn kg_per_rule_unit(&self, p: &Phase) -> Option<f64> {
        let rule = p.load?;
        if rule.percent_1rm.is_some() {
            self.one_rep_max.get().map(|m| m / 100.0)
        } else {
            self.athlete().bodyweight_kg
        }
    }

    /// External load in kg, rounded down to what the equipment can make.
    pub(super) fn kg(&self, p: &Phase, l: &Levels) -> Option<f64> {
        if !self.variant(p).is_loaded() || (p.load.is_some() && l.load <= 0.0) {
            return Some(0.0);
        }
        let per = self.kg_per_rule_unit(p)?;
        round_down(self.loads(self.variant(p)), l.load * per)
    }

    /// Kilograms of the bodyweight share of one rep (a reference adult without a bodyweight).
    pub(super) fn bodyweight_share_kg(&self) -> f64 {
        self.athlete()
            .bodyweight_kg
            .unwrap_or(REFERENCE_BODYWEIGHT_KG)
            * self.athlete().bodyweight_ratio
    }

    /// Weight of one rep on the plan's scale: effective kg (bodyweight share + external)
    /// with a bodyweight, else in bodyweight shares (1 = one bodyweight rep).
    pub(super) fn rep_weight(&self, p: &Phase, l: &Levels) -> f64 {
        let loaded = self.variant(p).is_loaded() && p.load.is_some();
        let external = if loaded { self.kg(p, l) } else { Some(0.0) };
        match self.athlete().bodyweight_kg {
            Some(_) => self.bodyweight_rep() + external.unwrap_or(0.0),
            None => {
                let share = match (loaded, p.load) {
                    (true, Some(r)) if r.bodyweight_ratio.is_some() => {
                        l.load / self.athlete().bodyweight_ratio
                    }
                    (true, _) => external.unwrap_or(0.0) / self.bodyweight_share_kg(),
                    _ => 0.0,
                };
                1.0 + share
            }
        }
    }

    /// Knee load of one hard session.
    pub(super) fn session_load(&self, p: &Phase, l: &Levels) -> f64 {
        f64::from(l.sets * l.reps) * self.rep_weight(p, l) * knee::knee_factor(l.depth, l.heel)
    }

    /// Sets and reps of the light session beside hard sessions at `l`: the template's, cut
    /// to at most [`LIGHT_SHARE`] of a hard session's knee load.
    pub(super) fn light_sets_reps(&self, p: &Phase, l: &Levels) -> Option<(u32, u32)> {
        let ls = self.template.light_session.as_ref()?;
        let hard = f64::from(l.sets * l.reps) * self.rep_weight(p, l);
        let room = (hard * LIGHT_SHARE / self.bodyweight_rep() + 1e-9).floor() as u32;
        let sets = ls.sets.min(room.max(1));
        let reps = ls.reps.min((room / sets).max(1));
        Some((sets, reps))
    }

    /// Weight of one bodyweight rep on the plan's scale.
    pub(super) fn bodyweight_rep(&self) -> f64 {
        match self.athlete().bodyweight_kg {
            Some(bw) => bw * self.athlete().bodyweight_ratio,
            None => 1.0,
        }
    }

    /// Knee load of a week at `l`, as the guards count it: the hard sessions. Light
    /// sessions are held to [`LIGHT_SHARE`] of a hard one instead; counting them too would
    /// let their rounding (2×6 → 2×7) push a +9 % week over a 10 % cap.
    pub(super) fn week_load(&self, p: &Phase, l: &Levels) -> f64 {
        self.session_load(p, l) * f64::from(self.hard_per_week.get())
    }

    /// Target RPE: from the RPE chart for % 1RM loads (so effort always matches the load),
    /// else the phase's.
    pub(super) fn rpe(&self, p: &Phase, l: &Levels) -> f64 {
        match p.load {
            Some(r) if r.percent_1rm.is_some() && self.variant(p).is_loaded() => {
                rpe_for_percent(l.load, l.reps)
            }
            _ => p.effort.as_rpe(),
        }
    }

    /// External load for a phase at these levels.
    pub(super) fn load(&self, p: &Phase, l: &Levels) -> Load {
        let Some(rule) = p.load.filter(|_| self.variant(p).is_loaded()) else {
            return Load::default();
        };
        Load {
            kg: self.kg(p, l),
            percent_1rm: rule.percent_1rm.map(|_| l.load),
            bodyweight_ratio: rule.bodyweight_ratio.map(|_| l.load),
        }
    }

    /// Knee load of a session done against prescription `p`: `reps` in all (the logged
    /// reps, or the prescribed ones), at the load logged (else prescribed), at the
    /// prescription's depth and heel — the guards' measure, for what was really done.
    pub fn done_knee_load(&self, p: &Prescription, reps: u64, load_kg: Option<f64>) -> f64 {
        let external = load_kg.or(p.load.kg).unwrap_or(0.0);
        let rep = match self.athlete().bodyweight_kg {
            Some(_) => self.bodyweight_rep() + external,
            None => 1.0 + external / self.bodyweight_share_kg(),
        };
        reps as f64 * rep * knee::knee_factor(p.depth_deg, p.heel_height_cm)
    }

    /// Knee load of one hard session at `l` in phase `phase` (the guards' measure).
    pub fn knee_load(&self, phase: usize, l: &Levels) -> f64 {
        self.session_load(&self.template.phases[phase], l)
    }

    /// The hard sessions' prescription; with its cues when `cued` (a week replayed but
    /// not shown needs only the numbers, and the depth cue is costly to write).
    pub fn prescription(&self, p: &Phase, l: &Levels, cued: bool) -> Prescription {
        let mut cues = self.cues_for(p, l.depth, l.heel, cued);
        // On the way back from technique-only sessions a loaded phase starts unloaded.
        let unloaded = p.load.is_some() && l.load <= 0.0 && self.variant(p).is_loaded();
        if unloaded {
            return Prescription {
                exercise: "cyclist squat".to_string(),
                variant: Variant::Bodyweight,
                sets: l.sets,
                reps: l.reps,
                tempo: l.tempo,
                heel_height_cm: l.heel,
                depth_deg: l.depth,
                depth_words: knee::depth_words(l.depth).to_string(),
                rest_seconds: p.rest_seconds,
                // Without the bar the phase's effort target (set for the weight) does not
                // apply: easy-to-moderate bodyweight work.
                rpe: p.effort.as_rpe().min(6.0),
                load: Load::default(),
                cues,
            };
        }
        let rpe = self.rpe(p, l);
        if cued && rpe < MIN_PRESCRIBED_RPE && p.load.is_some() {
            // The floor below is not an effort to work up to: a set that feels easy at
            // this weight is meant to (physio review 7).
            cues.push(LIGHT_LOAD_CUE.to_string());
        }
        Prescription {
            exercise: "cyclist squat".to_string(),
            variant: self.variant(p),
            sets: l.sets,
            reps: l.reps,
            tempo: l.tempo,
            heel_height_cm: l.heel,
            depth_deg: l.depth,
            depth_words: knee::depth_words(l.depth).to_string(),
            rest_seconds: p.rest_seconds,
            // The chart's RPE 1–4 (light sets far from failure, on a way back) reads as an
            // odd target for a barbell; "RPE 5" says the same: well within what is left.
            rpe: rpe.max(MIN_PRESCRIBED_RPE),
            load: self.load(p, l),
            cues,
        }
    }

    /// A week's hard prescription at `l` and, when the week has light sessions (`light`),
    /// its light one: written again whenever the week's levels change.
    pub fn prescriptions(
        &self,
        p: &Phase,
        l: &Levels,
        cued: bool,
        light: bool,
    ) -> (Prescription, Option<Prescription>) {
        (
            self.prescription(p, l, cued),
            light.then(|| self.light_prescription(p, l, cued)),
        )
    }

    /// The light sessions' prescription: bodyweight, no deeper or higher than the hard one
    /// (with its cues when `cued`).
    pub fn light_prescription(&self, p: &Phase, l: &Levels, cued: bool) -> Prescription {
        let ls = self
            .template
            .light_session
            .as_ref()
            .expect("light sessions only exist with a [light_session]");
        let (sets, reps) = self.light_sets_reps(p, l).expect("a light session");
        let cues = self.cues_for(p, l.depth, l.heel, cued);
        Prescription {
            exercise: "cyclist squat".to_string(),
            variant: Variant::Bodyweight,
            sets,
            reps,
            tempo: ls.tempo.unwrap_or(l.tempo),
            heel_height_cm: l.heel,
            depth_deg: l.depth,
            depth_words: knee::depth_words(l.depth).to_string(),
            rest_seconds: p.rest_seconds,
            rpe: ls
                .effort
                .rpe
                .or(ls.effort.rir.map(|r| 10.0 - r))
                .unwrap_or(4.0),
            load: Load::default(),
            cues,
        }
    }
}
