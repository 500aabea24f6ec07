//! The knee-load measure the guards count, and depth in words a person can check.
//!
//! No validated squat index exists, so this one is assembled (DESIGN §6) and is weak
//! evidence: session load = Σ reps × (bodyweight share + external kg) × f_depth × f_heel.
//! Patellofemoral stress rises roughly linearly with knee flexion up to 90° (Steinkamp 1993,
//! cited by Powers 2014; Escamilla 2001), so `f_depth` is linear there; past 90° studies
//! disagree and the small rise is policy, so that depth still shows in the guards. A raised
//! heel adds 25–40 % knee moment on 15–25° declines, levelling off (Zwerver 2007, n = 5;
//! Frohm 2007; Richards 2016); centimetres become an incline assuming ~19 cm from heel to
//! the ball of the foot — the weakest part. Tempo is left out (Schoenfeld 2015; Edwards 2018).

/// Knee flexion (degrees) → depth factor; linear between the points, flat outside them.
const DEPTH: [(f64, f64); 6] = [
    (45.0, 0.50),
    (60.0, 0.67),
    (75.0, 0.83),
    (90.0, 1.00),
    (105.0, 1.08),
    (120.0, 1.15),
];

/// Heel block (cm) → heel factor.
const HEEL: [(f64, f64); 5] = [
    (0.0, 1.00),
    (3.0, 1.10),
    (5.0, 1.25),
    (7.5, 1.35),
    (10.0, 1.35),
];

/// Largest heel-block step one week may take, cm (DESIGN §6: 1–2 cm).
pub const MAX_HEEL_STEP_CM: f64 = 2.0;

/// Largest depth step one week may take, degrees (DESIGN §6: 10–15°).
pub const MAX_DEPTH_STEP_DEG: f64 = 15.0;

fn interpolate(table: &[(f64, f64)], x: f64) -> f64 {
    let (first, last) = (table[0], table[table.len() - 1]);
    if x <= first.0 {
        return first.1;
    }
    if x >= last.0 {
        // Deeper than the table: keep rising at the last slope, so 140° still counts more.
        let (a, b) = (table[table.len() - 2], last);
        return b.1 + (x - b.0) * (b.1 - a.1) / (b.0 - a.0);
    }
    let i = table
        .iter()
        .position(|p| p.0 >= x)
        .expect("x is inside the table");
    let (a, b) = (table[i - 1], table[i]);
    a.1 + (x - a.0) * (b.1 - a.1) / (b.0 - a.0)
}

/// Depth factor for a knee flexion in degrees (1.0 at 90°, thighs parallel).
pub fn depth_factor(depth_deg: f64) -> f64 {
    if depth_deg >= 120.0 {
        // Past the table the rise is policy only: keep it gentle.
        return 1.15 + (depth_deg - 120.0) * 0.07 / 15.0;
    }
    interpolate(&DEPTH, depth_deg)
}

/// Heel factor for a heel block in centimetres (1.0 flat on the floor).
pub fn heel_factor(heel_cm: f64) -> f64 {
    if heel_cm >= 10.0 {
        return 1.35;
    }
    interpolate(&HEEL, heel_cm)
}

/// How much one rep loads the knee relative to a flat-footed squat to thighs parallel.
pub fn knee_factor(depth_deg: f64, heel_cm: f64) -> f64 {
    depth_factor(depth_deg) * heel_factor(heel_cm)
}

/// The prescribed depth in words a person can check at home (DESIGN §6).
pub fn depth_words(depth_deg: f64) -> &'static str {
    match depth_deg {
        d if d < 53.0 => "quarter squat",
        d if d < 78.0 => "half squat",
        d if d < 98.0 => "thighs parallel",
        d if d < 113.0 => "just below parallel",
        _ => "deep squat",
    }
}

/// A cue that says how deep to go, so the cues never contradict the depth column.
pub fn depth_cue(depth_deg: f64) -> String {
    let how = match depth_deg {
        d if d < 53.0 => "lower about a quarter of the way: knees bent to roughly 45°",
        d if d < 78.0 => "lower to a half squat: thighs about halfway to parallel",
        d if d < 98.0 => "lower until the thighs are parallel to the floor",
        d if d < 113.0 => "lower until the hips are just below the knees",
        _ => "lower into a deep squat, hamstrings towards the calves",
    };
    format!("Depth {depth_deg:.0}°: {how}, and no further")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factors_match_the_design_table() {
        for (d, f) in DEPTH {
            assert!((depth_factor(d) - f).abs() < 1e-9, "{d}");
        }
        for (h, f) in HEEL {
            assert!((heel_factor(h) - f).abs() < 1e-9, "{h}");
        }
        assert!((depth_factor(52.5) - 0.585).abs() < 1e-9);
        assert_eq!(heel_factor(15.0), 1.35);
        assert_eq!(depth_factor(30.0), 0.5);
    }

    #[test]
    fn deeper_and_higher_always_count_more() {
        let mut last = 0.0;
        for d in (30..=140).step_by(5) {
            let f = depth_factor(f64::from(d));
            assert!(f >= last, "{d}");
            last = f;
        }
        // A 45° → 60° step is far more than a 10 % cap: the guard has to see it.
        assert!(knee_factor(60.0, 3.0) / knee_factor(45.0, 3.0) > 1.3);
    }

    #[test]
    fn depth_in_words() {
        assert_eq!(depth_words(45.0), "quarter squat");
        assert_eq!(depth_words(60.0), "half squat");
        assert_eq!(depth_words(75.0), "half squat");
        assert_eq!(depth_words(90.0), "thighs parallel");
        assert_eq!(depth_words(110.0), "just below parallel");
        assert_eq!(depth_words(120.0), "deep squat");
        assert!(depth_cue(90.0).contains("parallel"));
    }
}
