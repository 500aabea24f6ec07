//! The plan as JSON: the documented machine interface (see `docs/json.md`).

use crate::plan::Plan;

/// Pretty-printed JSON with a trailing newline.
pub fn render(plan: &Plan) -> String {
    let mut s = serde_json::to_string_pretty(plan).expect("a Plan always serialises");
    s.push('\n');
    s
}
