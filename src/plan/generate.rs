//! The pure generator: template + request → [`Plan`]. No clock, no I/O, no randomness.
//!
//! Each week advances one lever of the phase's ladder (reps → sets → tempo → …). Before a
//! week is accepted its volume is checked against two guards — the week-over-week cap and
//! the acute:chronic ceiling — and the progression is held back until it fits. Every such
//! hold is recorded in [`Plan::adjustments`], which is what `vmo check` reports.

use chrono::{Days, NaiveDate};

use crate::day::Day;
use crate::equipment::{Equipment, next_up, round_down};
use crate::template::{Lever, Phase, Template, Tempo, Variant};

use super::model::*;
use super::schedule;

/// Longest plan, in weeks (ten years).
pub const MAX_WEEKS: u32 = 520;

/// Share of body mass moved in a bodyweight squat (the mass above the knees; weak evidence).
pub const DEFAULT_BODYWEIGHT_RATIO: f64 = 0.85;

/// Largest jump in load per rep (bodyweight share + external) one step may make.
pub const MAX_LOAD_JUMP: f64 = 0.10;

/// Facts about the person that turn relative loads into kilograms they can lift.
#[derive(Debug, Clone, PartialEq)]
pub struct Athlete {
    /// Body mass, kg.
    pub bodyweight_kg: Option<f64>,
    /// Estimated one-repetition maximum for the loaded squat, kg.
    pub one_rep_max_kg: Option<f64>,
    /// Share of body mass counted as load in a bodyweight rep.
    pub bodyweight_ratio: f64,
    /// What they own; loads are rounded to it.
    pub equipment: Equipment,
    /// Variant forced on the loaded phases (`Bodyweight` unloads every phase).
    pub variant: Option<Variant>,
}

impl Default for Athlete {
    fn default() -> Self {
        Athlete {
            bodyweight_kg: None,
            one_rep_max_kg: None,
            bodyweight_ratio: DEFAULT_BODYWEIGHT_RATIO,
            equipment: Equipment::defaults(crate::units::Unit::Kg),
            variant: None,
        }
    }
}

/// Everything the generator needs besides the template.
#[derive(Debug, Clone)]
pub struct Request {
    /// Plan length in weeks, 1 to [`MAX_WEEKS`].
    pub weeks: u32,
    /// The first session is on the first training day on or after this date.
    pub start: NaiveDate,
    /// Training days; `None` uses the template's.
    pub days: Option<Vec<Day>>,
    /// Facts about the person.
    pub athlete: Athlete,
    /// Unit for weights in notes.
    pub unit: crate::units::Unit,
}

/// Why a plan cannot be made from these inputs (always the user's input to fix).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// `--weeks` outside 1..=MAX_WEEKS.
    #[error("a plan of {0} weeks is out of range (allowed 1 to {MAX_WEEKS})")]
    Weeks(u32),
    /// A plan that would run past the last date the calendar formats can write.
    #[error(
        "a plan starting {0} for {1} weeks would end after 9999-12-31; pick an earlier --start"
    )]
    TooLate(NaiveDate, u32),
    /// A start before year 1, which ISO 8601 calendar dates cannot write.
    #[error("a plan cannot start on {0}; the earliest start is 0001-01-01")]
    TooEarly(NaiveDate),
    /// Training days that break the rest rules.
    #[error("{0}")]
    Days(String),
}

/// Which phase, and which week of it (0-based), each plan week belongs to.
///
/// When the plan is longer than the template's written phases, they run as written and the
/// last one continues (an open-ended last phase — no `weeks` — takes all the extra weeks).
/// When it is shorter, an open-ended last phase is left out, and every written phase that
/// fits keeps at least one week, earliest first; the remaining weeks are shared out in
/// proportion to the written lengths — so a short plan always starts where the template starts.
pub fn fit_phases(phases: &[Phase], weeks: u32) -> Vec<(usize, u32)> {
    let open = phases.last().is_some_and(|p| p.weeks.is_none());
    let lens: Vec<u32> = phases.iter().map(|p| p.weeks.unwrap_or(0)).collect();
    let written: u32 = lens.iter().sum();
    let n = if open && written > 0 && weeks <= written {
        phases.len() - 1
    } else {
        phases.len()
    };
    let lens: Vec<u32> = lens[..n].to_vec();
    let alloc: Vec<u32> = if weeks >= written {
        let mut a = lens.clone();
        a[n - 1] += weeks - written;
        a
    } else {
        let k = (weeks as usize).min(n);
        let mut a = vec![0u32; n];
        a[..k].iter_mut().for_each(|x| *x = 1);
        let rem = weeks - k as u32;
        let extras: Vec<u32> = lens[..k].iter().map(|l| l - 1).collect();
        let total: u32 = extras.iter().sum();
        if rem > 0 && total > 0 {
            let shares: Vec<f64> = extras
                .iter()
                .map(|e| f64::from(*e) * f64::from(rem) / f64::from(total))
                .collect();
            let mut given = 0;
            for (i, s) in shares.iter().enumerate() {
                let whole = (s.floor() as u32).min(extras[i]);
                a[i] += whole;
                given += whole;
            }
            let mut order: Vec<usize> = (0..k).collect();
            order.sort_by(|&x, &y| {
                (shares[y] - shares[y].floor())
                    .total_cmp(&(shares[x] - shares[x].floor()))
                    .then(x.cmp(&y))
            });
            for i in order.into_iter().cycle().take(k * 2) {
                if given == rem {
                    break;
                }
                if a[i] < lens[i] {
                    a[i] += 1;
                    given += 1;
                }
            }
        }
        a
    };
    alloc
        .iter()
        .enumerate()
        .flat_map(|(i, &len)| (0..len).map(move |w| (i, w)))
        .collect()
}

/// Where the phase's levers stand in a given week.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Levels {
    sets: u32,
    reps: u32,
    tempo: Tempo,
    heel: f64,
    depth: f64,
    /// Load in the rule's own unit (% 1RM or × bodyweight); 0 for bodyweight phases.
    load: f64,
}

impl Levels {
    fn start(p: &Phase) -> Levels {
        Levels {
            sets: p.sets.start as u32,
            reps: p.reps.start as u32,
            tempo: p.tempo.start,
            heel: p.heel_height_cm.start,
            depth: p.depth_deg.start,
            load: p.load.map(|l| l.progression().start).unwrap_or(0.0),
        }
    }
}

/// Outcome of trying one lever.
enum Step {
    Moved(Levels, String),
    Capped,
    Blocked(String),
}

struct Generator<'a> {
    /// Loads the equipment can make, per variant (in `Variant::ALL` order), computed once:
    /// the barbell's plate combinations are too costly to enumerate for every session.
    loads: Vec<Vec<f64>>,
    template: &'a Template,
    athlete: &'a Athlete,
    unit: crate::units::Unit,
    hard_per_week: u32,
    light_per_week: u32,
}

/// The variant a phase is done with: the athlete's choice replaces loaded variants, and
/// a bodyweight choice unloads every phase.
fn variant_for(chosen: Option<Variant>, p: &Phase) -> Variant {
    match chosen {
        Some(Variant::Bodyweight) => Variant::Bodyweight,
        Some(v) if p.variant.is_loaded() => v,
        _ => p.variant,
    }
}

impl Generator<'_> {
    fn loads(&self, v: Variant) -> &[f64] {
        let i = Variant::ALL
            .iter()
            .position(|x| *x == v)
            .expect("every variant is in ALL");
        &self.loads[i]
    }

    /// The variant a phase is planned with, after `--variant`.
    fn variant(&self, p: &Phase) -> Variant {
        variant_for(self.athlete.variant, p)
    }

    /// Kilograms per unit of the phase's load rule (1RM/100 or bodyweight), if known.
    fn kg_per_rule_unit(&self, p: &Phase) -> Option<f64> {
        let rule = p.load?;
        if rule.percent_1rm.is_some() {
            self.athlete.one_rep_max_kg.map(|m| m / 100.0)
        } else {
            self.athlete.bodyweight_kg
        }
    }

    /// External load in kg, rounded down to what the equipment can make.
    fn kg(&self, p: &Phase, l: &Levels) -> Option<f64> {
        let per = self.kg_per_rule_unit(p)?;
        let loads = self.loads(self.variant(p));
        round_down(loads, l.load * per)
    }

    /// One step of `lever`: moved (with a note), at its cap, or blocked (with the reason).
    fn step(&self, p: &Phase, l: &Levels, lever: Lever) -> Step {
        let mut n = *l;
        let note = match lever {
            Lever::Reps => {
                let Some(next) = p.reps.next(f64::from(l.reps)) else {
                    return Step::Capped;
                };
                n.reps = (next.round() as u32).max(l.reps + 1).min(p.reps.max as u32);
                if n.reps <= l.reps {
                    return Step::Capped;
                }
                let added = n.reps - l.reps;
                let unit = if added == 1 { "rep" } else { "reps" };
                format!("+{added} {unit} ({} → {})", l.reps, n.reps)
            }
            Lever::Sets => {
                let Some(next) = p.sets.next(f64::from(l.sets)) else {
                    return Step::Capped;
                };
                n.sets = next.round() as u32;
                if n.sets <= l.sets {
                    return Step::Capped;
                }
                n.reps = p.reps.start as u32;
                format!("+1 set ({} → {}), reps back to {}", l.sets, n.sets, n.reps)
            }
            Lever::Tempo => {
                if l.tempo.eccentric >= p.tempo.max.eccentric {
                    return Step::Capped;
                }
                n.tempo.eccentric += 1;
                format!("slower lowering: tempo {} → {}", l.tempo, n.tempo)
            }
            Lever::Pause => {
                if l.tempo.pause >= p.tempo.max.pause {
                    return Step::Capped;
                }
                n.tempo.pause += 1;
                format!(
                    "longer pause at the bottom: tempo {} → {}",
                    l.tempo, n.tempo
                )
            }
            Lever::Heel => {
                let Some(h) = p.heel_height_cm.next(l.heel) else {
                    return Step::Capped;
                };
                n.heel = h;
                format!(
                    "higher heel block: {} → {} cm",
                    crate::template::num(l.heel),
                    crate::template::num(n.heel)
                )
            }
            Lever::Depth => {
                let Some(d) = p.depth_deg.next(l.depth) else {
                    return Step::Capped;
                };
                n.depth = d;
                format!("deeper squat: {:.0}° → {:.0}° knee bend", l.depth, n.depth)
            }
            Lever::Load => {
                let Some(rule) = p.load.filter(|_| self.variant(p).is_loaded()) else {
                    return Step::Capped;
                };
                let progression = rule.progression();
                let unit = if rule.percent_1rm.is_some() {
                    "% 1RM"
                } else {
                    "× bodyweight"
                };
                match (self.kg_per_rule_unit(p), self.kg(p, l)) {
                    (Some(per), Some(current)) => {
                        // Real equipment: the smallest real increment, if it is small enough.
                        let loads = self.loads(self.variant(p));
                        let Some(next) = next_up(loads, current) else {
                            return Step::Blocked(format!(
                                "{} is the heaviest load available",
                                self.show(current)
                            ));
                        };
                        if next > progression.max * per * 1.01 {
                            return Step::Capped;
                        }
                        let base = self.rep_weight_kg(current);
                        let jump = (self.rep_weight_kg(next) - base) / base;
                        if jump > MAX_LOAD_JUMP + 1e-9 {
                            return Step::Blocked(format!(
                                "next load {} is a {:.0} % jump (over {:.0} %)",
                                self.show(next),
                                jump * 100.0,
                                MAX_LOAD_JUMP * 100.0
                            ));
                        }
                        n.load = next / per;
                        n.reps = p.reps.start as u32;
                        format!(
                            "load {} → {}, reps back to {}",
                            self.show(current),
                            self.show(next),
                            n.reps
                        )
                    }
                    _ => {
                        let Some(next) = progression.next(l.load) else {
                            return Step::Capped;
                        };
                        n.load = next;
                        n.reps = p.reps.start as u32;
                        format!(
                            "load {} → {} {unit}, reps back to {}",
                            crate::template::num(l.load),
                            crate::template::num(n.load),
                            n.reps
                        )
                    }
                }
            }
        };
        Step::Moved(n, note)
    }

    fn show(&self, kg: f64) -> String {
        self.unit.show(kg)
    }

    /// Load of one rep on the jump scale: bodyweight share plus external load when the
    /// bodyweight is known, else the external load alone.
    fn rep_weight_kg(&self, external: f64) -> f64 {
        match self.athlete.bodyweight_kg {
            Some(bw) => bw * self.athlete.bodyweight_ratio + external,
            None => external.max(1e-9),
        }
    }

    /// External load for a phase at these levels: kilograms when they can be worked out,
    /// else the template's relative prescription.
    fn load(&self, p: &Phase, l: &Levels) -> Load {
        let Some(rule) = p.load.filter(|_| self.variant(p).is_loaded()) else {
            return Load::default();
        };
        Load {
            kg: self.kg(p, l),
            percent_1rm: rule.percent_1rm.map(|_| l.load),
            bodyweight_ratio: rule.bodyweight_ratio.map(|_| l.load),
        }
    }

    /// Weight of one rep on the plan's volume scale: effective kg, or 1 when counting reps.
    fn rep_weight(&self, load: &Load) -> f64 {
        match self.athlete.bodyweight_kg {
            Some(bw) => bw * self.athlete.bodyweight_ratio + load.kg.unwrap_or(0.0),
            None => 1.0,
        }
    }

    fn light_volume(&self) -> f64 {
        match &self.template.light_session {
            Some(ls) => {
                f64::from(self.light_per_week * ls.sets * ls.reps)
                    * self.rep_weight(&Load::default())
            }
            None => 0.0,
        }
    }

    fn volume(&self, p: &Phase, l: &Levels) -> f64 {
        f64::from(self.hard_per_week * l.sets * l.reps) * self.rep_weight(&self.load(p, l))
            + self.light_volume()
    }

    /// Cuts reps (then sets) until the week's volume is within `allowed`.
    fn fit_to(&self, p: &Phase, l: &Levels, allowed: f64) -> Levels {
        let mut n = *l;
        let per_rep = self.rep_weight(&self.load(p, l));
        let room = (allowed - self.light_volume()).max(0.0) / per_rep;
        let per_set = f64::from(self.hard_per_week * n.sets);
        let reps = (room / per_set + 1e-9).floor() as u32;
        if reps >= 1 {
            n.reps = n.reps.min(reps);
        } else {
            n.reps = 1;
            n.sets =
                ((room / f64::from(self.hard_per_week) + 1e-9).floor() as u32).clamp(1, n.sets);
        }
        n
    }

    fn deloaded(&self, l: &Levels) -> Levels {
        let d = &self.template.deload;
        let mut n = *l;
        n.sets = ((f64::from(l.sets) * d.volume_factor).round() as u32).max(1);
        let target = f64::from(l.sets * l.reps) * d.volume_factor;
        n.reps = ((target / f64::from(n.sets)).round() as u32).max(1);
        if n.sets * n.reps >= l.sets * l.reps && l.sets * l.reps > 1 {
            // Rounding kept it all (e.g. 2×1 at 0.9): a deload is always lighter when it can be.
            if n.reps > 1 {
                n.reps -= 1;
            } else {
                n.sets -= 1;
            }
        }
        n.load = l.load * d.intensity_factor;
        n
    }

    fn prescription(&self, p: &Phase, l: &Levels) -> Prescription {
        Prescription {
            exercise: "cyclist squat".to_string(),
            variant: self.variant(p),
            sets: l.sets,
            reps: l.reps,
            tempo: l.tempo,
            heel_height_cm: l.heel,
            depth_deg: l.depth,
            depth_words: super::knee::depth_words(l.depth).to_string(),
            rest_seconds: p.rest_seconds,
            rpe: p.effort.as_rpe(),
            load: self.load(p, l),
            cues: p.cues.clone(),
        }
    }

    fn light_prescription(&self, p: &Phase, l: &Levels) -> Prescription {
        let ls = self
            .template
            .light_session
            .as_ref()
            .expect("light sessions only exist with a [light_session]");
        let mut cues = Vec::new();
        if let Some(note) = &ls.note {
            cues.push(note.clone());
        }
        cues.extend(p.cues.iter().cloned());
        Prescription {
            exercise: "cyclist squat".to_string(),
            variant: crate::template::Variant::Bodyweight,
            sets: ls.sets,
            reps: ls.reps,
            tempo: ls.tempo.unwrap_or(l.tempo),
            heel_height_cm: l.heel,
            depth_deg: l.depth,
            depth_words: super::knee::depth_words(l.depth).to_string(),
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

/// Default active-recovery suggestions, paraphrasing the source article.
pub const DEFAULT_GUIDANCE: [&str; 4] = [
    "Easy walk with both feet pointing straight ahead, not turned out",
    "A few times today, straighten each knee all the way and hold it there for a breath",
    "Notice how you walk: foot straight, knee travelling over the second toe",
    "Give the knees a break from impact: no running or jumping today",
];

/// Builds the plan. Pure: the same inputs always give the same plan.
pub fn generate(template: &Template, req: &Request) -> Result<Plan, PlanError> {
    if req.weeks == 0 || req.weeks > MAX_WEEKS {
        return Err(PlanError::Weeks(req.weeks));
    }
    // ISO 8601 and iCalendar dates have four-digit years; a week of slack covers the
    // first training day falling after `start`.
    let first = NaiveDate::from_ymd_opt(1, 1, 1).expect("valid date");
    if req.start < first {
        return Err(PlanError::TooEarly(req.start));
    }
    let last = NaiveDate::from_ymd_opt(9999, 12, 31).expect("valid date");
    let end = req
        .start
        .checked_add_days(Days::new(7 * (u64::from(req.weeks) + 1)));
    if end.is_none_or(|e| e > last) {
        return Err(PlanError::TooLate(req.start, req.weeks));
    }
    let days = req.days.clone().unwrap_or_else(|| template.days.clone());
    let kinds = schedule::classify(
        &days,
        template.recovery.min_rest_hours,
        template.light_session.is_some(),
    )
    .map_err(PlanError::Days)?;
    let hard_per_week = kinds.iter().filter(|k| **k == SessionKind::Hard).count() as u32;
    let g = Generator {
        // Only the variants the plan uses: a barbell's plate sums are the costly ones.
        loads: Variant::ALL
            .iter()
            .map(|v| {
                let used = template
                    .phases
                    .iter()
                    .any(|p| variant_for(req.athlete.variant, p) == *v);
                if used {
                    req.athlete.equipment.loads(*v)
                } else {
                    Vec::new()
                }
            })
            .collect(),
        template,
        athlete: &req.athlete,
        unit: req.unit,
        hard_per_week,
        light_per_week: days.len() as u32 - hard_per_week,
    };

    let first = (0..7)
        .map(|i| req.start + Days::new(i))
        .find(|d| days.contains(&Day::from_weekday(chrono::Datelike::weekday(d))))
        .expect("a listed day falls within any 7 days");

    let rec = &template.recovery;
    let every = template.deload.every_weeks;
    let guidance: Vec<&str> = if rec.guidance.is_empty() {
        DEFAULT_GUIDANCE.to_vec()
    } else {
        rec.guidance.iter().map(String::as_str).collect()
    };
    let fit = fit_phases(&template.phases, req.weeks);

    let mut weeks = Vec::with_capacity(req.weeks as usize);
    let mut adjustments = Vec::new();
    let mut volumes: Vec<f64> = Vec::with_capacity(req.weeks as usize);
    let mut levels = Levels::start(&template.phases[0]);
    let mut last_build: Option<(u32, f64)> = None;
    let mut recovery_count = 0usize;

    for (w0, &(pi, _)) in fit.iter().enumerate() {
        let number = w0 as u32 + 1;
        let phase = &template.phases[pi];
        let deload = every >= 2 && number.is_multiple_of(every);
        let new_phase = w0 == 0 || fit[w0 - 1].0 != pi;
        let after_deload = w0 > 0 && weeks.last().is_some_and(|w: &Week| w.deload);
        let mut notes = Vec::new();

        // The base the cap applies to: last week, or the last build week after a deload.
        let base = if after_deload {
            last_build
        } else {
            volumes.last().map(|v| (number - 1, *v))
        };
        let recent = &volumes[w0.saturating_sub(3)..];
        let chronic =
            (!recent.is_empty()).then(|| recent.iter().sum::<f64>() / recent.len() as f64);
        let cap = base.map(|(_, v)| v * (1.0 + rec.max_weekly_increase));
        let acwr_max = chronic.map(|c| c * rec.acwr_ceiling);
        let allowed = match (cap, acwr_max) {
            (Some(a), Some(b)) => a.min(b),
            _ => f64::INFINITY,
        };

        // What the template asks for this week, in order of preference.
        let mut candidates: Vec<(Levels, String)> = Vec::new();
        if new_phase {
            candidates.push((
                Levels::start(phase),
                if w0 == 0 {
                    format!("start of phase {}", phase.name)
                } else {
                    format!("new phase: {}", phase.name)
                },
            ));
        } else if deload || after_deload {
            let why = if deload {
                let d = &template.deload;
                let intensity = if d.intensity_factor >= 1.0 {
                    "same load".to_string()
                } else {
                    format!("load × {}", crate::template::num(d.intensity_factor))
                };
                format!(
                    "deload: about {:.0} % less volume, {intensity}; progression paused",
                    (1.0 - d.volume_factor) * 100.0
                )
            } else {
                "back from deload: resume the last build week".to_string()
            };
            candidates.push((levels, why));
        } else {
            let mut blocked = Vec::new();
            for lever in phase.lever_order() {
                match g.step(phase, &levels, lever) {
                    Step::Moved(l, note) if blocked.is_empty() => candidates.push((l, note)),
                    Step::Moved(l, note) => {
                        candidates.push((l, format!("{note} ({})", blocked.join("; "))))
                    }
                    Step::Capped => {}
                    Step::Blocked(why) => blocked.push(why),
                }
            }
            if candidates.is_empty() {
                let why = if blocked.is_empty() {
                    "every lever at its cap: hold steady".to_string()
                } else {
                    format!("hold steady: {}", blocked.join("; "))
                };
                candidates.push((levels, why));
            }
        }

        let (wanted, why) = candidates[0].clone();
        let within = |l: &Levels| deload || g.volume(phase, l) <= allowed + 1e-6;
        let chosen = if within(&wanted) {
            notes.push(why);
            wanted
        } else {
            let asked = g.volume(phase, &wanted);
            let (guard, message) =
                describe_excess(number, asked, base, chronic, cap, acwr_max, rec);
            let other = candidates[1..].iter().find(|(l, _)| within(l));
            adjustments.push(Adjustment {
                week: number,
                guard,
                action: if other.is_some() {
                    AdjustmentAction::OtherLever
                } else {
                    AdjustmentAction::HeldBack
                },
                message: message.clone(),
            });
            match other {
                Some((l, other)) => {
                    notes.push(format!("{other} (instead of: {why}; {message})"));
                    *l
                }
                None => {
                    // Trim the wanted step to fit, or keep last week's levels if that is more.
                    let mut options = vec![g.fit_to(phase, &wanted, allowed)];
                    if !new_phase {
                        options.push(g.fit_to(phase, &levels, allowed));
                    }
                    let held = options
                        .into_iter()
                        .reduce(|a, b| {
                            if g.volume(phase, &b) >= g.volume(phase, &a) {
                                b
                            } else {
                                a
                            }
                        })
                        .expect("one option");
                    notes.push(format!(
                        "held back to {}×{} to keep the guards ({message})",
                        held.sets, held.reps
                    ));
                    held
                }
            }
        };
        levels = chosen;

        let mut prescribed = if deload { g.deloaded(&levels) } else { levels };
        if deload && w0 > 0 {
            // A deload is never above the guards, nor above the week before; one that opens a
            // new phase (deloading the phase's start) keeps the usual cut on the week before.
            let prev = volumes[w0 - 1];
            let limit = allowed.min(
                prev * if new_phase {
                    template.deload.volume_factor
                } else {
                    1.0
                },
            );
            let asked = g.volume(phase, &prescribed);
            if asked > limit + 1e-6 {
                prescribed = g.fit_to(phase, &prescribed, limit);
                if asked > allowed + 1e-6 {
                    let (guard, message) =
                        describe_excess(number, asked, base, chronic, cap, acwr_max, rec);
                    adjustments.push(Adjustment {
                        week: number,
                        guard,
                        action: AdjustmentAction::HeldBack,
                        message,
                    });
                }
                notes.push(format!(
                    "deload trimmed to {}×{} to stay below week {} and within the guards",
                    prescribed.sets,
                    prescribed.reps,
                    number - 1
                ));
            }
        }

        let week_start = first + Days::new(7 * w0 as u64);
        let mut sessions = Vec::new();
        let mut recovery_days = Vec::new();
        let mut slot = 0;
        for i in 0..7u64 {
            let date = week_start + Days::new(i);
            let weekday = Day::from_weekday(chrono::Datelike::weekday(&date));
            match days.iter().position(|d| *d == weekday) {
                Some(di) => {
                    slot += 1;
                    let kind = kinds[di];
                    let prescription = match kind {
                        SessionKind::Hard => g.prescription(phase, &prescribed),
                        SessionKind::Light => g.light_prescription(phase, &prescribed),
                    };
                    sessions.push(Session {
                        date,
                        weekday,
                        week: number,
                        slot,
                        kind,
                        phase: phase.name.clone(),
                        prescription,
                        notes: if slot == 1 { notes.clone() } else { Vec::new() },
                        purpose: None,
                    });
                }
                None => {
                    recovery_days.push(RecoveryDay {
                        date,
                        weekday,
                        week: number,
                        guidance: guidance[recovery_count % guidance.len()].to_string(),
                    });
                    recovery_count += 1;
                }
            }
        }

        let volume = g.volume(phase, &prescribed);
        let change_percent = volumes.last().map(|prev| (volume / prev - 1.0) * 100.0);
        let acwr = chronic.map(|c| volume / c);
        let summary = WeekSummary {
            sessions: sessions.len() as u32,
            sets: sessions.iter().map(|s| s.prescription.sets).sum(),
            reps: sessions
                .iter()
                .map(|s| s.prescription.sets * s.prescription.reps)
                .sum(),
            volume,
            change_percent,
            acwr,
        };
        volumes.push(volume);
        if !deload {
            last_build = Some((number, volume));
        }
        weeks.push(Week {
            number,
            phase: phase.name.clone(),
            deload,
            start: week_start,
            end: week_start + Days::new(6),
            sessions,
            recovery_days,
            summary,
        });
    }

    Ok(Plan {
        schema_version: SCHEMA_VERSION,
        template: template.name.clone(),
        description: template.description.clone(),
        start: first,
        end: weeks.last().map(|w| w.end).unwrap_or(first),
        days,
        units: req.unit,
        volume_unit: if req.athlete.bodyweight_kg.is_some() {
            "kg".to_string()
        } else {
            "reps".to_string()
        },
        guards: Guards {
            min_rest_hours: rec.min_rest_hours,
            max_weekly_increase: rec.max_weekly_increase,
            acwr_ceiling: rec.acwr_ceiling,
            deload_every_weeks: every,
            deload_volume_factor: template.deload.volume_factor,
        },
        weeks,
        adjustments,
        pain: template
            .pain
            .show
            .unwrap_or(template.level == crate::template::Level::Rehab)
            .then(|| {
                PainRules::new(
                    template.pain.during_ideal,
                    template.pain.during_max,
                    template.pain.settle_minutes,
                )
            }),
        notices: Vec::new(),
    })
}

fn describe_excess(
    week: u32,
    asked: f64,
    base: Option<(u32, f64)>,
    chronic: Option<f64>,
    cap: Option<f64>,
    acwr_max: Option<f64>,
    rec: &crate::template::Recovery,
) -> (String, String) {
    let cap_binds = match (cap, acwr_max) {
        (Some(c), Some(a)) => c <= a,
        (Some(_), None) => true,
        _ => false,
    };
    match (cap_binds, base, chronic) {
        (true, Some((bw, bv)), _) => (
            "volume_cap".to_string(),
            format!(
                "week {week}: volume {:+.0} % over week {bw} (cap {:.0} %)",
                (asked / bv - 1.0) * 100.0,
                rec.max_weekly_increase * 100.0
            ),
        ),
        (_, _, Some(c)) => (
            "acwr".to_string(),
            format!(
                "week {week}: acute:chronic ratio {:.2} (ceiling {:.2})",
                asked / c,
                rec.acwr_ceiling
            ),
        ),
        _ => (
            "volume_cap".to_string(),
            format!("week {week}: volume too high"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::parse;

    fn phases(lens: &[Option<u32>]) -> Vec<Phase> {
        let mut src = String::from("name = \"t\"\ndescription = \"t\"\n");
        for (i, l) in lens.iter().enumerate() {
            src.push_str(&format!(
                "[[phases]]\nname = \"P{i}\"\nsets = 3\nreps = 10\n"
            ));
            if let Some(l) = l {
                src.push_str(&format!("weeks = {l}\n"));
            }
        }
        parse("t", &src).unwrap().phases
    }

    fn lengths(fit: &[(usize, u32)], n: usize) -> Vec<usize> {
        (0..n)
            .map(|i| fit.iter().filter(|(p, _)| *p == i).count())
            .collect()
    }

    #[test]
    fn plans_stay_within_four_digit_years() {
        use chrono::Datelike;
        let b = crate::template::builtin("foundation").unwrap();
        let t = parse(b.name, b.source).unwrap();
        let at = |y, m, d, weeks| {
            generate(
                &t,
                &Request {
                    weeks,
                    start: NaiveDate::from_ymd_opt(y, m, d).unwrap(),
                    days: None,
                    athlete: Athlete::default(),
                    unit: crate::units::Unit::Kg,
                },
            )
        };
        assert!(at(1, 1, 1, 6).is_ok());
        assert!(at(9999, 1, 1, 6).is_ok());
        assert!(matches!(at(0, 12, 31, 6), Err(PlanError::TooEarly(_))));
        assert!(matches!(at(9999, 12, 20, 3), Err(PlanError::TooLate(..))));
        // The far end of chrono's range must be an error, not an overflow panic.
        let max = NaiveDate::MAX;
        assert!(at(max.year(), max.month(), max.day(), MAX_WEEKS).is_err());
    }

    #[test]
    fn longer_plans_continue_the_last_phase() {
        let p = phases(&[Some(2), Some(6), None]);
        assert_eq!(lengths(&fit_phases(&p, 20), 3), [2, 6, 12]);
        assert_eq!(lengths(&fit_phases(&p, 9), 3), [2, 6, 1]);
    }

    #[test]
    fn shorter_plans_compress_from_the_start() {
        let p = phases(&[Some(2), Some(6), None]);
        assert_eq!(lengths(&fit_phases(&p, 8), 3), [2, 6, 0]);
        assert_eq!(lengths(&fit_phases(&p, 6), 3), [2, 4, 0]);
        assert_eq!(lengths(&fit_phases(&p, 2), 3), [1, 1, 0]);
        assert_eq!(lengths(&fit_phases(&p, 1), 3), [1, 0, 0]);
        let fixed = phases(&[Some(4), Some(4)]);
        assert_eq!(lengths(&fit_phases(&fixed, 3), 2), [2, 1]);
        assert_eq!(lengths(&fit_phases(&fixed, 10), 2), [4, 6]);
    }

    #[test]
    fn weeks_within_a_phase_count_from_zero() {
        let p = phases(&[Some(2), None]);
        assert_eq!(fit_phases(&p, 4), vec![(0, 0), (0, 1), (1, 0), (1, 1)]);
    }

    #[test]
    fn same_inputs_same_plan() {
        let t = parse("b", crate::template::BUILTINS[1].source).unwrap();
        let req = Request {
            weeks: 30,
            start: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            days: None,
            athlete: Athlete::default(),
            unit: crate::units::Unit::Kg,
        };
        assert_eq!(generate(&t, &req).unwrap(), generate(&t, &req).unwrap());
    }
}
