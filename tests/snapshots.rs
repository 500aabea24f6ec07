//! Golden output of the renderers for a fixed start date.

mod common;

use common::run;

#[test]
fn table_for_a_fixed_start() {
    let (code, out, err) = run(&[
        "plan",
        "--template",
        "knee-friendly",
        "--weeks",
        "5",
        "--start",
        "2026-12-07",
    ]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(out);
}

#[test]
fn table_without_recovery_days() {
    let (code, out, err) = run(&[
        "plan",
        "--template",
        "athlete",
        "--weeks",
        "2",
        "--start",
        "2026-12-07",
        "--hide-recovery",
    ]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(out);
}
