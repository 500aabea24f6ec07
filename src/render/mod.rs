//! Renderers: each turns a [`crate::plan::Plan`] into bytes and reads nothing else.

pub mod csv;
pub mod ics;
pub mod json;
pub mod layout;
pub mod markdown;
mod report_charts;
pub mod report_html;
#[cfg(test)]
pub(crate) mod sample;
pub mod svg;
pub mod table;
pub mod text;

/// Display settings decided once at the edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    /// ANSI colour (only for a terminal with NO_COLOR unset, or `--color always`).
    pub color: bool,
    /// Leave recovery days out.
    pub hide_recovery: bool,
    /// Columns of the terminal the table goes to; `None` (a pipe, a file, or a terminal of
    /// unknown width) keeps the plain layout scripts rely on.
    pub width: Option<usize>,
    /// The day to highlight on a terminal.
    pub today: Option<chrono::NaiveDate>,
}
