//! Every string parser behind a flag or a profile key, on arbitrary text. None may panic;
//! what they accept must be in the documented range.

use vmo::units::Unit;

fn weight_in(r: Result<f64, String>, lo: f64, hi: f64, what: &str, s: &str) {
    if let Ok(kg) = r {
        assert!(
            kg.is_finite() && kg > 0.0 && kg >= lo && kg <= hi,
            "{what}({s:?}) = {kg} kg, outside {lo}..={hi}"
        );
    }
}

fn weight_list(s: &str, unit: Unit) {
    if let Ok(v) = vmo::equipment::parse_weight_list(s, unit) {
        assert!(
            !v.is_empty(),
            "parse_weight_list({s:?}) accepted an empty list"
        );
        for w in &v {
            assert!(
                w.is_finite() && *w > 0.0 && *w <= 500.0 + 1e-9,
                "parse_weight_list({s:?}, {unit}) gave {w} kg"
            );
        }
        assert!(
            v.windows(2).all(|p| p[0] < p[1]),
            "parse_weight_list({s:?}) is not strictly ascending: {v:?}"
        );
    }
    if let Ok(p) = vmo::equipment::parse_plates(s, unit) {
        assert!(!p.is_empty());
        for (kg, n) in &p {
            assert!(
                kg.is_finite() && *kg > 0.0 && *kg <= 50.0 && (1..=10).contains(n),
                "parse_plates({s:?}, {unit}) gave {n} × {kg} kg"
            );
        }
        assert!(
            p.windows(2).all(|w| w[0].0 >= w[1].0),
            "parse_plates({s:?}) is not heaviest first"
        );
    }
}

/// `template::num` as first written (`format!` based): the reference for the faster one.
fn num_reference(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

fn num_matches(v: f64) {
    assert_eq!(
        vmo::template::num(v),
        num_reference(v),
        "num({v:e}) ({:#x})",
        v.to_bits()
    );
}

/// The `parsers` target's check (see the module docs); panics on a broken promise.
pub fn check_parsers(data: &[u8]) {
    // Numbers as shown in every renderer: the raw bits of the first 8 bytes.
    if let Some(b) = data.first_chunk::<8>() {
        num_matches(f64::from_le_bytes(*b));
    }
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(v) = s.trim().parse::<f64>() {
        num_matches(v);
        num_matches(v / 1000.0);
    }

    // Weights and strength.
    weight_in(
        vmo::units::parse_weight(s, 1.0, 50.0),
        1.0,
        50.0,
        "parse_weight",
        s,
    );
    weight_in(
        vmo::units::parse_bodyweight(s),
        20.0,
        350.0,
        "parse_bodyweight",
        s,
    );
    weight_in(
        vmo::units::parse_one_rep_max(s),
        1.0,
        500.0,
        "parse_one_rep_max",
        s,
    );
    if let Ok((v, _)) = vmo::units::split_number_unit(s) {
        assert!(v.is_finite(), "split_number_unit({s:?}) = {v}");
    }
    if let Ok(u) = s.parse::<Unit>() {
        assert_eq!(u.as_str().parse::<Unit>(), Ok(u));
    }
    if let Ok(t) = vmo::strength::TestSet::parse(s) {
        assert!(
            (1.0..=500.0).contains(&t.kg) && (1..=vmo::strength::MAX_TEST_REPS).contains(&t.reps),
            "TestSet::parse({s:?}) = {t:?}"
        );
        let (orm, _) = t.one_rep_max();
        assert!(orm.is_finite() && orm >= t.kg, "1RM {orm} from {t:?}");
        let _ = t.describe(Unit::Kg);
        let _ = t.describe(Unit::Lb);
    }

    // What a training-log entry is typed with (`vmo done --reps/--sets/--load/--rpe/--pain`).
    for reps in [
        vmo::log::parse::parse_reps(s),
        vmo::log::parse::parse_sets(s),
    ]
    .into_iter()
    .flatten()
    {
        let max = vmo::log::parse::MAX_COUNT;
        assert!(
            !reps.is_empty()
                && reps.len() <= max as usize
                && reps.iter().all(|r| (1..=max).contains(r)),
            "reps from {s:?}: {reps:?}"
        );
    }
    if let Ok(kg) = vmo::log::parse::parse_load(s) {
        assert!((0.0..=500.0).contains(&kg), "parse_load({s:?}) = {kg}");
    }
    for (v, lo) in [
        (vmo::log::parse::parse_rpe(s), 1.0),
        (vmo::log::parse::parse_pain(s), 0.0),
    ] {
        if let Ok(v) = v {
            assert!(
                (lo..=10.0).contains(&v) && (v * 2.0).fract() == 0.0,
                "{s:?} gave {v}"
            );
        }
    }

    // Time.
    if let Ok(m) = vmo::duration::parse_minutes(s) {
        assert!(
            (1..=vmo::duration::MAX_MINUTES).contains(&m),
            "parse_minutes({s:?}) = {m}"
        );
        let d = vmo::duration::ical_duration(m);
        assert!(d.starts_with("PT") && d.len() > 3, "{d}");
    }
    if let Ok(t) = vmo::duration::parse_time_of_day(s) {
        assert_eq!(chrono::Timelike::second(&t), 0);
    }
    if let Ok(tz) = vmo::duration::parse_tz(s) {
        assert_eq!(
            vmo::duration::parse_tz(tz.name()),
            Ok(tz),
            "zone name round trip"
        );
    }
    if let Ok(d) = vmo::cli::parse_date(s) {
        // "years 0001 to 9999": the four-digit years ISO 8601 and iCalendar can write.
        let y = chrono::Datelike::year(&d);
        assert!((1..=9999).contains(&y), "parse_date({s:?}) = {d}");
    }

    // Days, variants, tempos.
    if let Ok(days) = vmo::day::parse_days(s) {
        assert!(!days.is_empty() && days.len() <= 7);
        assert!(
            days.windows(2).all(|w| w[0] < w[1]),
            "parse_days({s:?}) = {days:?} is not sorted and unique"
        );
    }
    let _ = s.parse::<vmo::day::Day>();
    if let Ok(v) = s.parse::<vmo::template::Variant>() {
        assert_eq!(v.as_str().parse(), Ok(v));
    }
    if let Ok(t) = s.parse::<vmo::template::Tempo>() {
        assert_eq!(t.to_string().parse(), Ok(t), "tempo round trip");
    }

    // Equipment, in both units.
    weight_list(s, Unit::Kg);
    weight_list(s, Unit::Lb);

    // Profiles: parse the file, then each value with the parser its flag uses.
    if let Ok(p) = vmo::config::parse_profile("fuzz-config.toml", s) {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let _ = vmo::cli::parse_date(&opt(&p.start));
        let _ = vmo::day::parse_days(&opt(&p.days));
        let _ = opt(&p.units).parse::<Unit>();
        weight_in(
            vmo::units::parse_bodyweight(&opt(&p.bodyweight)),
            20.0,
            350.0,
            "parse_bodyweight",
            s,
        );
        let _ = vmo::units::parse_one_rep_max(&opt(&p.one_rep_max));
        let _ = vmo::strength::TestSet::parse(&opt(&p.test));
        let _ = opt(&p.variant).parse::<vmo::template::Variant>();
        for list in [&p.dumbbells, &p.vest, &p.plates] {
            weight_list(&opt(list), Unit::Kg);
        }
        let _ = vmo::units::parse_weight(&opt(&p.bar), 1.0, 50.0);
        let _ = vmo::duration::parse_time_of_day(&opt(&p.at));
    }

    // Source positions, for every byte offset a span might carry.
    if s.len() < 256 {
        for off in 0..=s.len() + 1 {
            let (line, col) = vmo::template::line_col(s, off);
            assert!(line >= 1 && col >= 1);
        }
    }
    let _ = vmo::template::nearest(s, &["template", "start", "weeks", "days"]);
}
