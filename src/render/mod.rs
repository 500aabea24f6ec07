//! Renderers: each turns a [`crate::plan::Plan`] into bytes and reads nothing else.

pub mod csv;
pub mod ics;
pub mod json;
pub mod markdown;
#[cfg(test)]
pub(crate) mod sample;
pub mod table;
pub mod text;

/// Display settings decided once at the edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    /// Box-drawing borders (only for a terminal).
    pub boxes: bool,
    /// ANSI colour (only for a terminal with NO_COLOR unset, or `--color always`).
    pub color: bool,
    /// Show recovery days.
    pub hide_recovery: bool,
}
