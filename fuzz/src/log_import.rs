//! `vmo log import` on arbitrary bytes: vmo CSV, vmo JSON and Strong CSV. Nothing may
//! panic; every entry accepted is in range; what vmo writes back (CSV and JSON) reads back
//! to the same entries.

/// The `log_import` target: parses `data` as an import file; an accepted file's entries
/// are in range, and vmo's own CSV and JSON of them read back to the same entries.
pub fn check_log_import(data: &[u8]) {
    use vmo::log::exchange;
    let text = String::from_utf8_lossy(data);
    let Ok((_, entries)) = exchange::parse(&text) else {
        return;
    };
    for e in &entries {
        let max = vmo::log::parse::MAX_COUNT;
        assert!(e.reps.iter().all(|r| (1..=max).contains(r)), "{e:?}");
        if !crate::skipping(crate::Skip::ImportLoad) {
            assert!(
                e.load_kg.is_none_or(|kg| (0.0..=500.0).contains(&kg)),
                "load outside the documented 0–500 kg: {e:?}"
            );
        }
        assert!(e.rpe.is_none_or(|r| (1.0..=10.0).contains(&r)), "{e:?}");
        for p in [e.pain_during, e.pain_morning].into_iter().flatten() {
            assert!((0.0..=10.0).contains(&p), "{e:?}");
        }
    }
    let csv = exchange::to_csv(&entries);
    let (_, back) = exchange::parse(&csv).unwrap_or_else(|e| panic!("{e}\n{csv}"));
    assert_eq!(back, entries, "CSV round trip\n{csv}");
    let json = exchange::to_json(&entries);
    let (_, back) = exchange::parse(&json).unwrap_or_else(|e| panic!("{e}\n{json}"));
    assert_eq!(back, entries, "JSON round trip");
}
