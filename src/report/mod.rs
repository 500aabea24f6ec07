//! What a clinician opens (DESIGN §10): the report's data, built by pure functions from
//! the plan (already folded over the log), the period's log entries and "today". The
//! HTML is drawn from it by [`crate::render::report_html`]; nothing here reads a clock,
//! a file or the environment.

pub mod weekly;
