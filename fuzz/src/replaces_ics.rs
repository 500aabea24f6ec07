//! `vmo plan --replaces OLD.ics` on arbitrary bytes: the calendar reader must never panic
//! or overflow the stack (nesting is bounded before the recursive parser runs), its
//! errors are one line naming the file, and what it accepts can be replaced by a new
//! calendar.

use std::sync::OnceLock;

use chrono::{Days, NaiveDate};
use vmo::plan::{Athlete, Plan, Request};
use vmo::render::ics::{IcsOptions, TemplateId};
use vmo::units::Unit;

use crate::{check_ics_layout, dtstamp};

/// The `replaces_ics` target: arbitrary bytes as the calendar given to `--replaces`
/// (`vmo::replaces::parse_bytes`, which `read` calls with the file's bytes). Nothing may
/// panic or overflow the stack; an error is one line naming the file; an accepted file
/// keeps only this plan's events, and the new calendar can be written over it and is
/// well-formed (its lines as RFC 5545 wants them). The first byte picks the zone the old
/// times are read in, the second the first day replaced.
pub fn check_replaces_ics(data: &[u8]) {
    use vmo::render::ics::{owns, render_replacing};
    static PLAN: OnceLock<(Plan, IcsOptions)> = OnceLock::new();
    let (plan, opts) = PLAN.get_or_init(|| {
        let b = vmo::template::BUILTINS
            .iter()
            .find(|b| b.name == "foundation")
            .expect("foundation is built in");
        let t = vmo::template::parse(b.name, b.source).expect("built-in parses");
        let request = Request {
            weeks: 2,
            start: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            days: None,
            athlete: Athlete::default(),
            unit: Unit::Kg,
            changes: Vec::new(),
            rides: Default::default(),
        };
        let plan = vmo::plan::generate(&t, &request).expect("foundation plans");
        let opts = IcsOptions {
            at: None,
            duration_minutes: None,
            tz: None,
            remind_minutes: None,
            include_recovery: true,
            dtstamp: dtstamp(),
            plan_id: vmo::render::ics::plan_id(
                TemplateId::Builtin("foundation"),
                request.start,
                None,
            ),
        };
        (plan, opts)
    });
    let tz = data
        .first()
        .is_some_and(|b| b & 1 == 1)
        .then_some(chrono_tz::Europe::Berlin);
    let from = plan.start + Days::new(u64::from(data.get(1).copied().unwrap_or(0) % 16));
    match vmo::replaces::parse_bytes("old.ics", data, &opts.plan_id, from, tz) {
        Err(e) => {
            assert!(
                e.starts_with("--replaces old.ics: "),
                "error names the file: {e}"
            );
            assert!(!e.contains('\n'), "error is one line: {e}");
        }
        Ok(previous) => {
            assert!(
                !previous.events.is_empty(),
                "an accepted calendar has events"
            );
            for uid in previous.events.keys() {
                assert!(owns(&opts.plan_id, uid), "kept another plan's event {uid}");
            }
            let (ics, _) = render_replacing(plan, opts, &previous);
            check_ics_layout(&ics);
        }
    }
}

#[cfg(test)]
mod tests {
    /// The reader accepts vmo's own calendar, so the seeds reach the replacing path.
    #[test]
    fn vmos_own_calendar_is_accepted() {
        let own = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/corpus/replaces_ics/vmo.ics"
        ))
        .unwrap();
        let start = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        vmo::replaces::parse_bytes("old.ics", &own, "foundation-20261207", start, None).unwrap();
    }
}
