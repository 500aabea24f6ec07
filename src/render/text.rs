//! Short human-readable forms of prescription values, shared by every renderer.

use crate::plan::{Load, Prescription};
use crate::template::num;
use crate::units::Unit;

/// `3×12`.
pub fn sets_reps(p: &Prescription) -> String {
    format!("{}×{}", p.sets, p.reps)
}

/// `7.5 cm`.
pub fn heel(p: &Prescription) -> String {
    format!("{} cm", num(p.heel_height_cm))
}

/// `90°`.
pub fn depth(p: &Prescription) -> String {
    format!("{:.0}°", p.depth_deg)
}

/// `75 s` or `2:30`.
pub fn rest(seconds: u32) -> String {
    if seconds < 120 {
        format!("{seconds} s")
    } else {
        format!("{}:{:02}", seconds / 60, seconds % 60)
    }
}

/// `RPE 7` or `RPE 8.5`.
pub fn effort(p: &Prescription) -> String {
    format!("RPE {}", num(p.rpe))
}

/// `bodyweight`, `24 kg`, or the relative prescription when no kilograms are known.
pub fn load(l: &Load, unit: Unit) -> String {
    match (l.kg, l.percent_1rm, l.bodyweight_ratio) {
        (Some(kg), _, _) => unit.show(kg),
        (None, Some(p), _) => format!("{} % 1RM", num(p)),
        (None, None, Some(r)) => format!("{} × BW", num(r)),
        (None, None, None) => "bodyweight".to_string(),
    }
}

/// `+8 %` or `—` when there is nothing to compare with.
pub fn change(c: Option<f64>) -> String {
    match c {
        Some(c) if c.abs() < 0.5 => "±0 %".to_string(),
        Some(c) => format!("{c:+.0} %"),
        None => "—".to_string(),
    }
}

/// `1.12` or `—`.
pub fn ratio(r: Option<f64>) -> String {
    r.map(|r| format!("{r:.2}"))
        .unwrap_or_else(|| "—".to_string())
}

/// Volume rounded for display, with its unit.
pub fn volume(v: f64, unit: &str) -> String {
    format!("{:.0} {unit}", v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(rest(75), "75 s");
        assert_eq!(rest(150), "2:30");
        assert_eq!(change(Some(8.4)), "+8 %");
        assert_eq!(change(Some(-40.0)), "-40 %");
        assert_eq!(change(None), "—");
        assert_eq!(load(&Load::default(), Unit::Kg), "bodyweight");
        let dumbbell = Load {
            kg: Some(12.5),
            ..Load::default()
        };
        assert_eq!(load(&dumbbell, Unit::Kg), "12.5 kg");
        assert_eq!(load(&dumbbell, Unit::Lb), "27.6 lb");
    }
}
