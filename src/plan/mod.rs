//! Plans: the data model, the pure generator and its scheduling and safety rules.

pub mod adapt;
pub mod audit;
mod generate;
pub mod knee;
#[cfg(test)]
mod knee_scenarios;
pub mod knee_state;
mod model;
mod pick;
pub mod rides;
mod schedule;
mod splice;
pub mod step;

pub use generate::{
    Change, DEFAULT_GUIDANCE, MAX_WEEKS, PlanError, Request, fit_phases, generate,
    generate_with_log,
};
pub use model::*;
pub use pick::{PlanDay, is_logged, only_day, pick_day, pick_next, pick_next_open};
pub use schedule::{MAX_DAYS_PER_WEEK, classify, days_text};
pub use splice::splice_before;
