//! One-repetition-maximum estimates from a test set (`--test 40kg:8`) and the RPE chart.

use crate::units::parse_weight;
use crate::visible::part;

/// A set taken to (near) failure: `kg` for `reps` repetitions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TestSet {
    /// Load lifted, kg.
    pub kg: f64,
    /// Repetitions completed (1–12).
    pub reps: u32,
}

/// Most repetitions a test set may have; beyond this the formulas drift apart.
pub const MAX_TEST_REPS: u32 = 12;

impl TestSet {
    /// Parses `40kg:8`.
    pub fn parse(s: &str) -> Result<TestSet, String> {
        let Some((w, r)) = s.split_once(':') else {
            return Err(
                "needs the reps too: WEIGHT:REPS, e.g. 40kg:8 (8 reps at 40 kg)".to_string(),
            );
        };
        let kg = parse_weight(w, 1.0, 500.0).map_err(|e| format!("weight {}{e}", part(w, s)))?;
        let reps: u32 = r.trim().parse().map_err(|_| {
            format!(
                "reps {}not a number of reps (allowed 1 to {MAX_TEST_REPS})",
                part(r, s)
            )
        })?;
        if reps == 0 || reps > MAX_TEST_REPS {
            return Err(format!(
                "{reps} reps is out of range (allowed 1 to {MAX_TEST_REPS}; 3–10 gives the best estimate)"
            ));
        }
        Ok(TestSet { kg, reps })
    }

    /// Estimated 1RM in kg and the formula used: Brzycki up to 10 reps, Epley above
    /// (they agree at 10; Brzycki climbs steeply past it).
    pub fn one_rep_max(&self) -> (f64, &'static str) {
        match self.reps {
            1 => (self.kg, "a single"),
            r if r <= 10 => (brzycki(self.kg, r), "Brzycki"),
            r => (epley(self.kg, r), "Epley"),
        }
    }

    /// A one-line account of the estimate, for stderr.
    pub fn describe(&self, unit: crate::units::Unit) -> String {
        let (orm, formula) = self.one_rep_max();
        let caution = if self.reps > 10 {
            " (sets over 10 reps give rougher estimates)"
        } else {
            ""
        };
        format!(
            "estimated 1RM {} from {} × {} ({formula}){caution}",
            unit.show(orm),
            unit.show(self.kg),
            self.reps
        )
    }
}

/// Epley: w · (1 + r/30).
pub fn epley(kg: f64, reps: u32) -> f64 {
    kg * (1.0 + f64::from(reps) / 30.0)
}

/// Brzycki: w · 36 / (37 − r).
pub fn brzycki(kg: f64, reps: u32) -> f64 {
    kg * 36.0 / (37.0 - f64::from(reps))
}

/// %1RM for a set of `reps` with `rir` reps in reserve (RTS chart; Helms 2016).
pub fn percent_for(reps: u32, rir: u32) -> f64 {
    const CHART: [f64; 16] = [
        100.0, 95.5, 92.2, 89.2, 86.3, 83.7, 81.1, 78.6, 76.2, 73.9, 71.7, 69.4, 67.5, 65.8, 64.0,
        62.3,
    ];
    let n = (reps + rir).clamp(1, 16) as usize;
    CHART[n - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_match_published_values() {
        // 100 kg × 10: Epley 133.3, Brzycki 133.3 (they agree at 10 reps).
        assert!((epley(100.0, 10) - 133.333).abs() < 0.01);
        assert!((brzycki(100.0, 10) - 133.333).abs() < 0.01);
        // 100 kg × 5: Epley 116.7, Brzycki 112.5.
        assert!((epley(100.0, 5) - 116.667).abs() < 0.01);
        assert!((brzycki(100.0, 5) - 112.5).abs() < 0.01);
        assert_eq!(TestSet { kg: 60.0, reps: 1 }.one_rep_max().0, 60.0);
    }

    #[test]
    fn test_sets_parse_and_refuse_bad_reps() {
        assert_eq!(TestSet::parse("40kg:8"), Ok(TestSet { kg: 40.0, reps: 8 }));
        assert!(
            TestSet::parse("40kg:0")
                .unwrap_err()
                .contains("out of range")
        );
        assert!(
            TestSet::parse("40kg:50")
                .unwrap_err()
                .contains("out of range")
        );
        assert!(TestSet::parse("40kg").unwrap_err().contains("WEIGHT:REPS"));
        assert!(TestSet::parse("40:8").unwrap_err().contains("unit"));
    }

    #[test]
    fn rpe_chart() {
        assert_eq!(percent_for(1, 0), 100.0);
        assert_eq!(percent_for(8, 2), 73.9);
        assert_eq!(percent_for(20, 5), 62.3);
    }
}
