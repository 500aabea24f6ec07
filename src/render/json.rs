//! The plan as JSON: the documented machine interface (see `docs/json.md`).

use std::io::{self, Write};

use crate::plan::Plan;

/// Pretty-printed JSON with a trailing newline.
pub fn render(plan: &Plan) -> String {
    let mut s = serde_json::to_string_pretty(plan).expect("a Plan always serialises");
    s.push('\n');
    s
}

/// Writes the same bytes as [`render`] straight into `out`: a 520-week plan is about
/// 2 MB of JSON, and not building it as one string saves the memory and its page faults.
pub fn write(plan: &Plan, out: &mut dyn Write) -> io::Result<()> {
    // serde_json makes many tiny writes; a concrete buffer keeps them off the dyn call.
    let mut buf = io::BufWriter::with_capacity(64 * 1024, out);
    serde_json::to_writer_pretty(&mut buf, plan)?;
    buf.write_all(b"\n")?;
    buf.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streaming_writes_what_render_returns() {
        let b = crate::template::builtin("athlete").unwrap();
        let t = crate::template::parse(b.name, b.source).unwrap();
        let req = crate::plan::Request {
            weeks: 30,
            start: chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            days: None,
            athlete: crate::plan::Athlete {
                bodyweight_kg: Some(80.0),
                one_rep_max_kg: Some(100.0),
                ..Default::default()
            },
            unit: crate::units::Unit::Lb,
            changes: Vec::new(),
            rides: Default::default(),
        };
        let plan = crate::plan::generate(&t, &req).unwrap();
        let mut streamed = Vec::new();
        write(&plan, &mut streamed).unwrap();
        assert_eq!(String::from_utf8(streamed).unwrap(), render(&plan));
    }
}
