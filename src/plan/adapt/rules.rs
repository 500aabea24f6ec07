//! Where each note of a plan comes from: the rule that wrote it and where that rule is
//! written down (the template key, the source). `vmo why` and `vmo report` both print
//! this, so the two can never word a change differently.

use crate::template::Template;

/// Which rule a note comes from, and where that rule is written down.
pub fn rule_source(note: &str, t: &Template) -> String {
    let n = crate::units::show_number;
    let (p, a) = (&t.pain, &t.adapt);
    let has = |s: &str| note.contains(s);
    let r = &t.rides;
    if note.starts_with("Moved from ")
        || (note.starts_with("Light this week ") && note.contains("no training or spare day"))
        || note.starts_with("No squats on ")
    {
        return format!(
            "around your rides: no hard session within {} h before a key session ({} h in the first {} weeks; key: TSS ≥ {}, IF ≥ {}, a race or test, or {} h), a ride or run and squats on one day only with both times {} h apart; a session in the way moves within its week (training and spare days), else is made light or left out (template: [rides]; Robineau 2016, Doma and colleagues; docs/rides.md)",
            r.hours_before_key,
            r.hours_before_key_new,
            r.new_lifter_weeks,
            n(r.key_tss),
            r.key_if,
            n(r.key_hours),
            r.same_day_hours
        );
    }
    if note.starts_with("Running ") || note.contains("km ceiling") {
        return format!(
            "running is knee load too (weak evidence): a week whose running rose more than {:.0} % over the week before, or over {} km, does not progress the squats; over {} km it keeps one maintenance session (template: [rides] run_rise, run_ceiling_km; DESIGN §9)",
            r.run_rise * 100.0,
            n(r.run_ceiling_km),
            n(r.run_ceiling_km)
        );
    }
    if has("recurring knee pain") || has("vmo acknowledge") {
        "recurring pain: three step-backs for pain within 6 weeks hold progression until `vmo acknowledge` (or `vmo cleared`) records that you will see, or have seen, your clinician; then the plan climbs back to the load before the flares (DESIGN §8: advice shown once and then overridden is worse than silence)".to_string()
    } else if has("swelling")
        || has("locking")
        || has("giving way")
        || has("night pain")
        || has("red flag")
        || has("see a clinician")
        || has("technique only")
    {
        format!(
            "red flag: pain ≥ {}/10, or swelling, locking, giving way or night pain logged on any entry (extra ones too), stops squatting: no squats are planned until `vmo cleared` records that a clinician has seen the knee, then technique-only sessions (bodyweight, RPE ≤ 5, no lever above the last session) until {} have settled (template: [adapt] red_flag_pain, settled_sessions; Crossley 2016: swelling needs a clinician to look for another cause)",
            n(a.red_flag_pain),
            a.settled_sessions
        )
    } else if has("back after") {
        "a gap: the first week back is about 70 % of the last week done after three weeks off (scaled for shorter gaps), then climbs back to the knee's earlier load at most a fifth a week, in three or four weeks (DESIGN §8 says two or three; physiotherapy review 5 capped the rise; Mujika & Padilla 2000)".to_string()
    } else if has("back towards the knee load") || has("smallest step") {
        format!(
            "never stalls: back towards a knee load done settled lately the plan may climb past the {:.0} % cap (by up to 15 % of that load a week, within the acute:chronic ceiling), and after a week held by the guards the smallest step (+1 rep a set) goes ahead (DESIGN §8: Dye's envelope of function)",
            t.recovery.max_weekly_increase * 100.0
        )
    } else if has("held below the session that flared") || has("no lever above") {
        format!(
            "after a flare: no session above the one that flared, in knee load or any lever, until {} settled sessions are logged",
            a.settled_sessions
        )
    } else if has("only") && has("h after the session done") {
        format!(
            "rest from real dates: no hard session within {} h of a hard or extra session really done, whatever the training days say (Morán-Navarro 2017)",
            t.recovery.min_rest_hours
        )
    } else if has("1RM estimate") || has("missed twice") {
        "strength from the log: loaded sets of ≤ 12 reps logged with an RPE update the 1RM estimate (RPE chart, Helms 2016; up at most 2.5 % a week), and a load missed twice is not prescribed again before it rises or a re-test".to_string()
    } else if has("morning after") {
        format!(
            "morning check: next-morning pain more than {} above your usual steps back (template: [adapt] morning_margin; the pain-monitoring model, Silbernagel & Thomeé 2007: not worse the next morning)",
            n(a.morning_margin)
        )
    } else if has("same again") || has("weeks running") {
        format!(
            "pain gate amber: pain {}–{}/10 holds (template: [pain] during_ideal, during_max; the pain-monitoring model, Silbernagel & Thomeé 2007)",
            n(p.during_ideal),
            n(p.during_max)
        )
    } else if has("knee pain") {
        format!(
            "pain gate red: pain above {}/10 steps back, knee-load lever first, then waits for {} settled sessions (template: [pain] during_max; pain-monitoring model, Silbernagel & Thomeé 2007; regress more than you progress)",
            n(p.during_max),
            a.settled_sessions
        )
    } else if has("progression waits") || has("settled technique") {
        format!(
            "progression waits for {} settled sessions after a step back (template: [adapt] settled_sessions)",
            a.settled_sessions
        )
    } else if has("not reached") {
        format!(
            "performance: targets missed in {} sessions in a row step back (template: [adapt] missed_target_sessions; regress more than you progress)",
            a.missed_target_sessions
        )
    } else if has("not done") || has("without a session") || has("no session done") {
        "missed sessions: resume, repeat the last completed week, or step back a week per two missed (a missed session is not a failure: resume where you are)".to_string()
    } else if has("extra load step") {
        format!(
            "an extra load step: {} sessions in a row beating the target by {}+ reps (template: [adapt] beat_sessions, beat_reps)",
            a.beat_sessions, a.beat_reps
        )
    } else if has("early deload") {
        "early deload: a second step back within 3 weeks (recovery needed more than once: deload now, not only by the calendar)"
            .to_string()
    } else if has("deload") {
        format!(
            "calendar deload every {} weeks, fewer sets only (template: [deload]; Bosquet 2007: cut volume, keep intensity)",
            t.deload.every_weeks
        )
    } else if has("new phase") || has("start of phase") || has("criterion") {
        "the template's phases ([[phases]], enter_when)".to_string()
    } else if has("trimmed") || has("held at") || has("cap") || has("guard") {
        format!(
            "recovery guards: knee load ≤ +{:.0} %/week, ACWR ≤ {} (template: [recovery]; the 10 % rule and the acute:chronic workload ratio)",
            t.recovery.max_weekly_increase * 100.0,
            n(t.recovery.acwr_ceiling)
        )
    } else {
        "the template's progression (its levers; depth, heel and load move one at a time because kneecap stress rises with each, Powers 2014)".to_string()
    }
}
