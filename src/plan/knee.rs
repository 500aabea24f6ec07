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

/// Depth factor for a knee flexion in degrees (1.0 at 90°, a right angle at the knee).
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

/// Depth bands: (upper bound in degrees, exclusive; the words; how to get there and check
/// it at home). Ten degrees wide where the built-ins step by ten, so each step a template
/// takes reads differently; the reference is the knee's own right angle (thigh and shin
/// in an L, seen side-on in a mirror or a phone photo), which stays true with the heels
/// raised. Thighs level with the floor is not a reference: with a heel block the shins
/// lean far forward and at 90° the thighs still slope up to the hips (level comes only
/// well past 120°).
const BANDS: [(f64, &str, &str); 8] = [
    (
        50.0,
        "quarter squat",
        "bend the knees half of a right angle, the hips about a hand's width lower than standing",
    ),
    (
        60.0,
        "shallow half squat",
        "bend the knees a little past half of a right angle, the hips a hand's width and a bit lower",
    ),
    (
        70.0,
        "half squat",
        "bend the knees two-thirds of a right angle, the hips nearly two hands' width lower",
    ),
    (
        80.0,
        "deep half squat",
        "bend the knees three-quarters of a right angle, the thighs sloping halfway between upright and level",
    ),
    (
        88.0,
        "almost right angle",
        "bend the knees until thigh and shin almost make a right angle, an L",
    ),
    (
        100.0,
        "right angle",
        "bend the knees until thigh and shin make a right angle, an L",
    ),
    (
        115.0,
        "past right angle",
        "bend the knees a little past a right angle, the hips still well above knee height",
    ),
    (
        f64::INFINITY,
        "deep squat",
        "sink until the bottom is about as low as a chair seat, the hamstrings towards the calves",
    ),
];

fn band(depth_deg: f64) -> &'static (f64, &'static str, &'static str) {
    BANDS
        .iter()
        .find(|b| depth_deg.round() < b.0)
        .unwrap_or(&BANDS[BANDS.len() - 1])
}

/// The prescribed depth in words a person can check at home (DESIGN §6, §8).
pub fn depth_words(depth_deg: f64) -> &'static str {
    band(depth_deg).1
}

/// A cue that says how deep to go and how to check it at home, so the cues never
/// contradict the depth column. Heels come into it only when they are raised.
pub fn depth_cue(depth_deg: f64, heel_cm: f64) -> String {
    let (_, words, how) = band(depth_deg);
    let mirror = if how.contains("right angle") {
        " (check it side-on in a mirror)"
    } else {
        ""
    };
    let heels = if (80.0..100.0).contains(&depth_deg.round()) && heel_cm > 0.0 {
        "; with the heels raised the thighs still slope up to the hips, not level"
    } else {
        ""
    };
    format!("Depth {depth_deg:.0}° ({words}): {how}{mirror}{heels}; no further")
}

/// The cues of a session at this depth and heel: the depth cue, then the template's
/// cues — without what they say about a heel block when there is none (0 cm).
pub fn cues(depth_deg: f64, heel_cm: f64, template: &[String]) -> Vec<String> {
    cues_with(depth_deg, heel_cm, template, &flat_cues(template))
}

/// A template's cues with the heel-block clauses taken out (for sessions at 0 cm): worked
/// out once per phase, since every prescription at 0 cm needs them.
pub fn flat_cues(template: &[String]) -> Vec<String> {
    template
        .iter()
        .filter_map(|c| without_heel_block(c))
        .collect()
}

/// [`cues`] with the phase's [`flat_cues`] already worked out.
pub fn cues_with(
    depth_deg: f64,
    heel_cm: f64,
    template: &[String],
    flat: &[String],
) -> Vec<String> {
    let mut out = Vec::with_capacity(template.len() + 1);
    out.push(depth_cue(depth_deg, heel_cm));
    if heel_cm > 0.0 {
        out.extend(template.iter().cloned());
    } else {
        out.extend(flat.iter().cloned());
    }
    out
}

/// `cue` without its clauses about a raised heel, or `None` when nothing else is left:
/// "Feet close together and parallel, heels raised on the block" → "Feet close together
/// and parallel"; "Narrow, parallel stance with heels on plates or a wedge" → "Narrow,
/// parallel stance".
fn without_heel_block(cue: &str) -> Option<String> {
    const RAISED: [&str; 6] = ["block", "raised", "plates", "wedge", "elevat", "high"];
    // ASCII case-insensitive, without allocating: this runs for every prescription at 0 cm.
    let has = |c: &str, w: &str| {
        c.as_bytes()
            .windows(w.len())
            .any(|win| win.eq_ignore_ascii_case(w.as_bytes()))
    };
    let about_heel = |c: &str| has(c, "heel") && RAISED.iter().any(|w| has(c, w));
    if !about_heel(cue) {
        return Some(cue.to_string());
    }
    let kept: Vec<&str> = cue
        .split(", ")
        .filter_map(|clause| {
            if !about_heel(clause) {
                return Some(clause);
            }
            let lower = clause.to_ascii_lowercase();
            // A clause that only adds the heel ("… stance with heels on plates") keeps
            // what comes before it, unless that too is about a raised heel ("Heel block
            // under both feet with heels together").
            [" with heel", " on the heel", " on a heel"]
                .iter()
                .filter_map(|w| lower.find(w))
                .min()
                .filter(|at| *at > 0)
                .map(|at| &clause[..at])
                .filter(|kept| !about_heel(kept))
        })
        .collect();
    let text = kept.join(", ");
    let mut chars = text.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
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

    /// Every depth a built-in prescribes, at its progression's steps, and the technique
    /// depth after a red flag.
    const STEPS: [f64; 9] = [45.0, 55.0, 60.0, 65.0, 75.0, 85.0, 90.0, 110.0, 120.0];

    #[test]
    fn each_depth_step_has_its_own_words() {
        let words: Vec<&str> = [45.0, 55.0, 65.0, 75.0, 85.0, 90.0, 110.0, 120.0]
            .iter()
            .map(|d| depth_words(*d))
            .collect();
        let mut distinct = words.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), words.len(), "{words:?}");
        assert_eq!(depth_words(45.0), "quarter squat");
        assert_eq!(depth_words(65.0), "half squat");
        assert_eq!(depth_words(120.0), "deep squat");
    }

    #[test]
    fn depth_words_are_true_with_raised_heels() {
        // With the heels raised the shins lean far forward: at 90° the thighs still slope
        // up to the hips, so "thighs parallel" is never the reference for a depth.
        for d in STEPS {
            let (w, cue) = (depth_words(d), depth_cue(d, 7.5));
            assert!(
                !w.contains("parallel") && !cue.contains("parallel"),
                "{d}: {w} / {cue}"
            );
            assert!(cue.starts_with(&format!("Depth {d:.0}° ({w}): ")), "{cue}");
            assert!(cue.ends_with("; no further"), "{cue}");
        }
    }

    #[test]
    fn each_depth_cue_names_something_to_check_at_home() {
        let checks = ["right angle", "chair seat", "hand's width"];
        for d in STEPS {
            let cue = depth_cue(d, 7.5);
            assert!(checks.iter().any(|c| cue.contains(c)), "{cue}");
        }
        let cues: Vec<String> = STEPS.iter().map(|d| depth_cue(*d, 7.5)).collect();
        for (i, c) in cues.iter().enumerate().skip(1) {
            if depth_words(STEPS[i]) != depth_words(STEPS[i - 1]) {
                assert_ne!(
                    c.split_once(": ").unwrap().1,
                    cues[i - 1].split_once(": ").unwrap().1
                );
            }
        }
    }

    #[test]
    fn no_heel_words_without_a_heel_block() {
        let builtin_cues: Vec<String> = crate::template::BUILTINS
            .iter()
            .flat_map(|b| crate::template::parse(b.name, b.source).unwrap().phases)
            .flat_map(|p| p.cues)
            .collect();
        let heel_words = |c: &str| {
            let c = c.to_lowercase();
            // "A new depth or block height is the week's only change" stays: the block
            // may be the next step up from the floor.
            ["heel", "wedge", "plates"].iter().any(|w| c.contains(w))
        };
        assert!(builtin_cues.iter().any(|c| heel_words(c)));
        for d in STEPS {
            let flat = cues(d, 0.0, &builtin_cues);
            for c in &flat {
                assert!(!heel_words(c), "{c}");
                assert!(c.chars().next().unwrap().is_uppercase(), "{c}");
            }
            // Nothing else is lost: the stance and the rest of each cue stay.
            assert!(
                flat.iter().any(|c| c == "Feet close together and parallel"),
                "{flat:#?}"
            );
            assert!(
                flat.iter()
                    .any(|c| c == "Bar on the upper back, feet close and parallel"),
                "{flat:#?}"
            );
            assert!(
                flat.iter()
                    .any(|c| c == "Feet parallel, knees forward over the toes"),
                "{flat:#?}"
            );
            assert!(
                flat.iter().any(|c| c == "Narrow, parallel stance"),
                "{flat:#?}"
            );
            assert!(
                flat.iter().any(|c| c == "Feet parallel and close"),
                "{flat:#?}"
            );
            // With a block, every cue is kept as written after the depth cue.
            let raised = cues(d, 3.0, &builtin_cues);
            assert_eq!(raised[0], depth_cue(d, 3.0));
            assert_eq!(raised[1..], builtin_cues[..]);
        }
    }
}
