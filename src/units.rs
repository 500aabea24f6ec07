//! Weights in kilograms or pounds: parsing (`72kg`, `165 lb`), conversion and display.

use std::fmt;
use std::str::FromStr;

use crate::visible::quoted;
use serde::Serialize;

/// Kilograms in one pound, exactly (international avoirdupois pound).
pub const KG_PER_LB: f64 = 0.453_592_37;

/// Centimetres in one inch, exactly.
pub const CM_PER_IN: f64 = 2.54;

/// A unit of mass for display and input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Kilograms.
    #[default]
    Kg,
    /// Pounds.
    Lb,
}

impl Unit {
    /// Suffix as printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Kg => "kg",
            Unit::Lb => "lb",
        }
    }

    /// Kilograms in `v` of this unit.
    pub fn to_kg(self, v: f64) -> f64 {
        match self {
            Unit::Kg => v,
            Unit::Lb => v * KG_PER_LB,
        }
    }

    /// This unit's value of `kg` kilograms.
    pub fn from_kg(self, kg: f64) -> f64 {
        match self {
            Unit::Kg => kg,
            Unit::Lb => kg / KG_PER_LB,
        }
    }

    /// `kg` shown in this unit with sensible precision: `12.5 kg`, `25 lb`, `27.6 lb`.
    pub fn show(self, kg: f64) -> String {
        format!("{} {}", show_number(self.from_kg(kg)), self.as_str())
    }

    /// The unit of heights that goes with this one: centimetres with kilograms, inches
    /// with pounds, so a person reads one system.
    pub fn height_unit(self) -> &'static str {
        match self {
            Unit::Kg => "cm",
            Unit::Lb => "in",
        }
    }

    /// This system's value of `cm` centimetres.
    pub fn height(self, cm: f64) -> f64 {
        match self {
            Unit::Kg => cm,
            Unit::Lb => cm / CM_PER_IN,
        }
    }

    /// `cm` shown in this system to 0.1: `7.5 cm`, `3 in` (7.5 cm), `1.2 in` (3 cm).
    pub fn show_height(self, cm: f64) -> String {
        format!("{} {}", show_number(self.height(cm)), self.height_unit())
    }
}

impl FromStr for Unit {
    type Err = String;
    fn from_str(s: &str) -> Result<Unit, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "kg" => Ok(Unit::Kg),
            "lb" | "lbs" => Ok(Unit::Lb),
            _ => Err("unknown unit (allowed: kg, lb)".to_string()),
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A number rounded to 0.1 with no trailing `.0` (`12.5`, `25`, `27.6`).
pub fn show_number(v: f64) -> String {
    let tenths = (v * 10.0).round();
    // Integer arithmetic: `format!("{:.1}")` goes through the exact (slow) float printer,
    // and every note and cell of a plan is printed through here.
    if tenths.is_finite() && tenths.abs() < 1e15 {
        let t = tenths as i64;
        let (whole, tenth) = (t / 10, (t % 10).abs());
        let sign = if t < 0 && whole == 0 { "-" } else { "" };
        return if tenth == 0 {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}.{tenth}")
        };
    }
    let r = tenths / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// Splits `12.5kg` / `12.5 kg` / `12.5` into the number and an optional unit.
pub fn split_number_unit(s: &str) -> Result<(f64, Option<Unit>), String> {
    let t = s.trim();
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(end);
    let not_a_weight = || "not a weight; write it like 72kg or 165lb".to_string();
    if num.is_empty() {
        return Err(not_a_weight());
    }
    let v: f64 = num.parse().map_err(|_| not_a_weight())?;
    if !v.is_finite() {
        return Err("not a finite number".to_string());
    }
    let unit = unit.trim();
    if unit.is_empty() {
        return Ok((v, None));
    }
    let unit = unit
        .parse::<Unit>()
        .map_err(|_| format!("unknown unit {} (allowed: kg, lb)", quoted(unit)))?;
    Ok((v, Some(unit)))
}

/// Parses a weight that must carry a unit and lie in `min_kg..=max_kg`; returns kilograms.
pub fn parse_weight(s: &str, min_kg: f64, max_kg: f64) -> Result<f64, String> {
    let (v, unit) = split_number_unit(s)?;
    let Some(unit) = unit else {
        return Err(format!(
            "needs a unit: {}kg or {}lb",
            show_number(v),
            show_number(v)
        ));
    };
    let kg = unit.to_kg(v);
    if kg.is_nan() || kg < min_kg || kg > max_kg {
        return Err(format!(
            "out of range (allowed {} to {})",
            unit.show(min_kg),
            unit.show(max_kg)
        ));
    }
    Ok(kg)
}

/// Parses a body mass (20 to 350 kg).
pub fn parse_bodyweight(s: &str) -> Result<f64, String> {
    parse_weight(s, 20.0, 350.0)
}

/// Parses a one-repetition maximum (1 to 500 kg).
pub fn parse_one_rep_max(s: &str) -> Result<f64, String> {
    parse_weight(s, 1.0, 500.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_to_a_tenth_without_noise() {
        for (v, want) in [
            (0.0, "0"),
            (12.0, "12"),
            (12.04, "12"),
            (12.05, "12.1"),
            (7.5, "7.5"),
            (-0.25, "-0.3"),
            (-3.0, "-3"),
            (-12.5, "-12.5"),
            (10.000000000000009, "10"),
            (4707.608412045001, "4707.6"),
            (1e20, "100000000000000000000"),
        ] {
            assert_eq!(show_number(v), want, "{v}");
        }
    }

    #[test]
    fn pound_is_exact() {
        assert_eq!(Unit::Lb.to_kg(1.0), 0.45359237);
        assert!((Unit::Lb.to_kg(100.0) - 45.359237).abs() < 1e-12);
        assert!((Unit::Lb.from_kg(Unit::Lb.to_kg(165.0)) - 165.0).abs() < 1e-9);
    }

    #[test]
    fn parses_weights_with_units() {
        assert_eq!(parse_bodyweight("72kg"), Ok(72.0));
        assert_eq!(parse_bodyweight("72 kg"), Ok(72.0));
        assert!((parse_bodyweight("165lb").unwrap() - 74.842741).abs() < 1e-5);
        assert!((parse_bodyweight("160LBS").unwrap() - 72.5747792).abs() < 1e-6);
    }

    #[test]
    fn rejects_bad_weights() {
        for bad in [
            "0", "0kg", "-70kg", "72 kgs", "72stone", "1e9kg", "abc", "", "kg", "72",
        ] {
            assert!(parse_bodyweight(bad).is_err(), "{bad:?} accepted");
        }
        assert!(parse_bodyweight("72").unwrap_err().contains("needs a unit"));
        assert!(
            parse_bodyweight("72stone")
                .unwrap_err()
                .contains("unknown unit")
        );
        assert!(
            parse_bodyweight("-70kg")
                .unwrap_err()
                .contains("out of range")
        );
    }

    #[test]
    fn heights_follow_the_weight_unit() {
        assert_eq!(Unit::Kg.show_height(7.5), "7.5 cm");
        assert_eq!(Unit::Lb.show_height(7.5), "3 in");
        assert_eq!(Unit::Lb.show_height(3.0), "1.2 in");
        assert_eq!(Unit::Lb.show_height(7.0), "2.8 in");
        assert_eq!(Unit::Lb.height(2.54), 1.0);
    }

    #[test]
    fn shows_sensible_precision() {
        assert_eq!(Unit::Kg.show(12.499_999_9), "12.5 kg");
        assert_eq!(Unit::Lb.show(Unit::Lb.to_kg(25.0)), "25 lb");
        assert_eq!(show_number(20.0), "20");
    }
}
