//! What loads a person can actually make: dumbbells, a barbell with plate pairs, a vest.
//! Targets are rounded to the nearest load that exists, never above the heaviest.

use crate::template::Variant;
use crate::units::{Unit, split_number_unit};
use crate::visible::part as part_of;

/// The heaviest external load vmo ever prescribes (the 1RM limit).
pub const MAX_LOAD_KG: f64 = 500.0;

/// Most plate denominations `--plates` takes; real sets have six or seven.
pub const MAX_PLATE_KINDS: usize = 12;

/// Available equipment, all in kilograms.
#[derive(Debug, Clone, PartialEq)]
pub struct Equipment {
    /// Dumbbell weights owned (each), ascending.
    pub dumbbells: Vec<f64>,
    /// Empty barbell.
    pub bar: f64,
    /// Plate denominations with the number of pairs of each, heaviest first.
    pub plates: Vec<(f64, u32)>,
    /// Weighted-vest settings, ascending.
    pub vest: Vec<f64>,
}

impl Equipment {
    /// Sensible defaults for a unit system: a typical home or gym set.
    pub fn defaults(unit: Unit) -> Equipment {
        match unit {
            Unit::Kg => Equipment {
                dumbbells: steps(2.5, 50.0, 2.5),
                bar: 20.0,
                plates: vec![
                    (25.0, 4),
                    (20.0, 2),
                    (15.0, 1),
                    (10.0, 1),
                    (5.0, 1),
                    (2.5, 1),
                    (1.25, 1),
                ],
                vest: steps(2.5, 30.0, 2.5),
            },
            Unit::Lb => {
                let lb = |v: Vec<f64>| v.into_iter().map(|x| Unit::Lb.to_kg(x)).collect();
                Equipment {
                    dumbbells: lb(steps(5.0, 100.0, 5.0)),
                    bar: Unit::Lb.to_kg(45.0),
                    plates: [
                        (45.0, 4),
                        (35.0, 1),
                        (25.0, 1),
                        (10.0, 2),
                        (5.0, 1),
                        (2.5, 1),
                    ]
                    .into_iter()
                    .map(|(p, n)| (Unit::Lb.to_kg(p), n))
                    .collect(),
                    vest: lb(steps(5.0, 60.0, 5.0)),
                }
            }
        }
    }

    /// Every external load this variant can make, ascending, deduplicated.
    pub fn loads(&self, variant: Variant) -> Vec<f64> {
        let mut v = match variant {
            Variant::Bodyweight => Vec::new(),
            Variant::Goblet => self.dumbbells.clone(),
            Variant::Dumbbells => self.dumbbells.iter().map(|d| d * 2.0).collect(),
            Variant::Vest => self.vest.clone(),
            Variant::Barbell => {
                // Sums of plate pairs: a knapsack over denominations × counts. Sums above
                // the heaviest load vmo prescribes are dropped and sums within 10 g merged,
                // so odd plate lists cannot make the set explode (at most 50,000 loads).
                let mut sums = vec![0.0f64];
                for &(plate, pairs) in &self.plates {
                    let mut next = Vec::with_capacity(sums.len() * (pairs as usize + 1));
                    for s in &sums {
                        for k in 0..=pairs {
                            let total = s + 2.0 * plate * f64::from(k);
                            if self.bar + total <= MAX_LOAD_KG + 1e-9 {
                                next.push(total);
                            }
                        }
                    }
                    next.sort_by(f64::total_cmp);
                    next.dedup_by(|a, b| (*a - *b).abs() < 0.01);
                    sums = next;
                }
                sums.into_iter().map(|s| self.bar + s).collect()
            }
        };
        v.sort_by(f64::total_cmp);
        v.dedup_by(|a, b| (*a - *b).abs() < 1e-6);
        v
    }
}

/// The heaviest load in `loads` not above `target` (+1 % to absorb float noise), or `None`
/// when even the lightest is heavier.
pub fn round_down(loads: &[f64], target: f64) -> Option<f64> {
    loads.iter().copied().rfind(|l| *l <= target * 1.01 + 1e-9)
}

/// The lightest load in `loads` heavier than `current`.
pub fn next_up(loads: &[f64], current: f64) -> Option<f64> {
    loads.iter().copied().find(|l| *l > current + 1e-6)
}

fn steps(from: f64, to: f64, step: f64) -> Vec<f64> {
    let n = ((to - from) / step).round() as usize;
    (0..=n).map(|i| from + step * i as f64).collect()
}

/// Writes a weight list the way `--dumbbells` reads it: `2.5-50:2.5kg` for an even
/// range, else `5,7.5,10kg`.
pub fn describe_weight_list(kg: &[f64], unit: Unit) -> String {
    let v: Vec<f64> = kg.iter().map(|k| unit.from_kg(*k)).collect();
    let step = match v.as_slice() {
        [a, b, ..] => b - a,
        _ => 0.0,
    };
    let even = v.len() > 2 && v.windows(2).all(|w| ((w[1] - w[0]) - step).abs() < 0.01);
    if even {
        format!(
            "{}-{}:{}{unit}",
            exact(v[0]),
            exact(v[v.len() - 1]),
            exact(step)
        )
    } else {
        let list: Vec<String> = v.iter().map(|x| exact(*x)).collect();
        format!("{}{unit}", list.join(","))
    }
}

/// Writes plate pairs the way `--plates` reads them: `25x4,20x2,15,10kg`.
pub fn describe_plates(plates: &[(f64, u32)], unit: Unit) -> String {
    let list: Vec<String> = plates
        .iter()
        .map(|(kg, n)| match n {
            1 => exact(unit.from_kg(*kg)),
            n => format!("{}x{n}", exact(unit.from_kg(*kg))),
        })
        .collect();
    format!("{}{unit}", list.join(","))
}

/// A weight with up to two decimals and no trailing zeros (1.25, 2.5, 20).
fn exact(v: f64) -> String {
    let s = format!("{:.2}", (v * 100.0).round() / 100.0);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Parses a weight list: `5,7.5,10` or a range with a step `2-24:2`, with an optional unit
/// suffix (`2-24:2kg`); bare numbers are in `unit`. Returns kilograms, ascending.
pub fn parse_weight_list(s: &str, unit: Unit) -> Result<Vec<f64>, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("the list is empty; give weights like 5,7.5,10 or a range like 2-24:2".into());
    }
    let (body, unit) = match t.strip_suffix("kg") {
        Some(b) => (b, Unit::Kg),
        None => match t.strip_suffix("lbs").or_else(|| t.strip_suffix("lb")) {
            Some(b) => (b, Unit::Lb),
            None => (t, unit),
        },
    };
    let values: Vec<f64> = if let Some((range, step)) = body.split_once(':') {
        let (a, b) = range
            .split_once('-')
            .ok_or_else(|| "a range is FROM-TO:STEP, e.g. 2-24:2".to_string())?;
        let num = |x: &str| -> Result<f64, String> {
            match split_number_unit(x).map_err(|e| format!("{}{e}", part_of(x, s)))? {
                (v, None) => Ok(v),
                (_, Some(_)) => Err("put the unit once at the end, e.g. 2-24:2kg".to_string()),
            }
        };
        let (a, b, st) = (num(a)?, num(b)?, num(step)?);
        if st <= 0.0 || a <= 0.0 || b < a {
            return Err("a range needs 0 < FROM ≤ TO and a positive STEP".to_string());
        }
        if (b - a) / st > 1000.0 {
            return Err("more than 1000 weights in the range".to_string());
        }
        steps(a, b, st)
            .into_iter()
            .filter(|v| *v <= b + 1e-9)
            .collect()
    } else if body.contains('-') && !body.starts_with('-') && !body.contains(',') {
        return Err("a range needs a step, FROM-TO:STEP, e.g. 2-24:2".to_string());
    } else {
        body.split(',')
            .map(|x| match split_number_unit(x) {
                Ok((v, None)) => Ok(v),
                Ok((_, Some(_))) => {
                    Err("put the unit once at the end, e.g. 5,7.5,10kg".to_string())
                }
                Err(e) => Err(format!("{}{e}", part_of(x, s))),
            })
            .collect::<Result<_, _>>()?
    };
    if let Some(bad) = values.iter().find(|v| **v <= 0.0) {
        return Err(format!("{bad} is not a positive weight"));
    }
    for w in values.windows(2) {
        if w[1] == w[0] {
            return Err(format!("{} is listed twice", w[0]));
        }
        if w[1] < w[0] {
            return Err("list the weights in ascending order".to_string());
        }
    }
    let kg: Vec<f64> = values.into_iter().map(|v| unit.to_kg(v)).collect();
    if let Some(big) = kg.iter().find(|v| **v > 500.0) {
        return Err(format!("{} is heavier than 500 kg", unit.show(*big)));
    }
    Ok(kg)
}

/// Parses plate pairs: `20,10,5,2.5` (one pair each) or `20x2,10,5` (2 pairs of 20).
pub fn parse_plates(s: &str, unit: Unit) -> Result<Vec<(f64, u32)>, String> {
    let mut out = Vec::new();
    for part in s.split(',') {
        let (w, n) = match part.split_once('x') {
            Some((w, n)) => (
                w,
                n.trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|n| (1..=10).contains(n))
                    .ok_or_else(|| format!("{}needs 1 to 10 pairs, e.g. 20x2", part_of(part, s)))?,
            ),
            None => (part, 1),
        };
        let kg = match split_number_unit(w).map_err(|e| format!("{}{e}", part_of(part, s)))? {
            (v, Some(u)) => u.to_kg(v),
            (v, None) => unit.to_kg(v),
        };
        if kg <= 0.0 || kg > 50.0 {
            return Err(format!(
                "{}not a plate weight (more than 0, up to 50 kg)",
                part_of(part, s)
            ));
        }
        out.push((kg, n));
    }
    if out.is_empty() {
        return Err("no plates given".into());
    }
    if out.len() > MAX_PLATE_KINDS {
        return Err(format!(
            "{} kinds of plate; list at most {MAX_PLATE_KINDS} weights, e.g. 20x2,10,5,2.5",
            out.len()
        ));
    }
    out.sort_by(|a, b| b.0.total_cmp(&a.0));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_ranges() {
        assert_eq!(
            parse_weight_list("2-10:2", Unit::Kg).unwrap(),
            vec![2.0, 4.0, 6.0, 8.0, 10.0]
        );
        assert_eq!(
            parse_weight_list("5,7.5,10", Unit::Kg).unwrap(),
            vec![5.0, 7.5, 10.0]
        );
        let lb = parse_weight_list("5,10lb", Unit::Kg).unwrap();
        assert!((lb[0] - 2.26796185).abs() < 1e-9);
    }

    #[test]
    fn bad_lists() {
        for bad in ["", "5,5", "10,5", "0,5", "-5,5", "2-24:0", "24-2:2", "a,b"] {
            assert!(
                parse_weight_list(bad, Unit::Kg).is_err(),
                "{bad:?} accepted"
            );
        }
        assert!(
            parse_weight_list("5,5", Unit::Kg)
                .unwrap_err()
                .contains("twice")
        );
    }

    #[test]
    fn rounding_per_equipment_kind() {
        let e = Equipment {
            dumbbells: vec![4.0, 6.0, 8.0, 10.0],
            bar: 20.0,
            plates: vec![(10.0, 1), (5.0, 1), (2.5, 1)],
            vest: vec![5.0, 10.0],
        };
        let goblet = e.loads(Variant::Goblet);
        assert_eq!(round_down(&goblet, 7.0), Some(6.0));
        // Below the lightest: nothing to hold.
        assert_eq!(round_down(&goblet, 3.0), None);
        // Above the heaviest: never more than the heaviest.
        assert_eq!(round_down(&goblet, 50.0), Some(10.0));
        let pair = e.loads(Variant::Dumbbells);
        assert_eq!(round_down(&pair, 13.0), Some(12.0));
        let bar = e.loads(Variant::Barbell);
        assert_eq!(bar.first(), Some(&20.0));
        assert_eq!(bar.last(), Some(&55.0));
        assert_eq!(round_down(&bar, 33.0), Some(30.0));
        assert_eq!(round_down(&bar, 36.0), Some(35.0));
        assert_eq!(next_up(&bar, 35.0), Some(40.0));
        assert_eq!(next_up(&bar, 55.0), None);
        assert_eq!(round_down(&e.loads(Variant::Vest), 9.0), Some(5.0));
    }

    #[test]
    fn plates_parse() {
        assert_eq!(
            parse_plates("20x2,10", Unit::Kg).unwrap(),
            vec![(20.0, 2), (10.0, 1)]
        );
        assert!(parse_plates("20x0", Unit::Kg).is_err());
    }

    #[test]
    fn described_defaults_parse_back_to_the_same_kit() {
        for unit in [Unit::Kg, Unit::Lb] {
            let e = Equipment::defaults(unit);
            for list in [&e.dumbbells, &e.vest] {
                let text = describe_weight_list(list, unit);
                let back = parse_weight_list(&text, unit).unwrap();
                assert_eq!(back.len(), list.len(), "{text}");
                for (a, b) in back.iter().zip(list.iter()) {
                    assert!((a - b).abs() < 1e-9, "{text}");
                }
            }
            let text = describe_plates(&e.plates, unit);
            let back = parse_plates(&text, unit).unwrap();
            assert_eq!(back.len(), e.plates.len(), "{text}");
        }
        assert_eq!(
            describe_weight_list(&Equipment::defaults(Unit::Kg).dumbbells, Unit::Kg),
            "2.5-50:2.5kg"
        );
        assert_eq!(
            describe_plates(&Equipment::defaults(Unit::Kg).plates, Unit::Kg),
            "25x4,20x2,15,10,5,2.5,1.25kg"
        );
        assert_eq!(
            describe_weight_list(&[5.0, 7.5, 12.5], Unit::Kg),
            "5,7.5,12.5kg"
        );
    }

    #[test]
    fn odd_plate_lists_stay_small() {
        // Twelve non-commensurable plates, ten pairs each: 11^12 combinations unpruned.
        let plates: Vec<(f64, u32)> = (0..12)
            .map(|i| (1.013 + f64::from(i) * 4.304, 10))
            .collect();
        let e = Equipment {
            plates,
            ..Equipment::defaults(Unit::Kg)
        };
        let loads = e.loads(Variant::Barbell);
        assert!(loads.len() <= 50_001, "{}", loads.len());
        assert!(loads.iter().all(|l| *l <= MAX_LOAD_KG + 1e-9));
        assert_eq!(loads[0], e.bar);
        let many = (1..=13)
            .map(|i| format!("{i}"))
            .collect::<Vec<_>>()
            .join(",");
        assert!(
            parse_plates(&many, Unit::Kg)
                .unwrap_err()
                .contains("at most 12")
        );
    }
}
