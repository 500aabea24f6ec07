//! Loads, units, equipment and the profile file, run through the real binary.

mod common;

use common::{assert_usage_error, run, vmo};

fn json(args: &[&str]) -> serde_json::Value {
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap()
}

fn loads_kg(v: &serde_json::Value) -> Vec<f64> {
    v["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w["sessions"].as_array().unwrap())
        .filter_map(|s| s["prescription"]["load"]["kg"].as_f64())
        .collect()
}

#[test]
fn bodyweight_turns_ratio_loads_into_owned_dumbbells() {
    let v = json(&[
        "plan",
        "--weeks",
        "20",
        "--bodyweight",
        "72kg",
        "--dumbbells",
        "4-24:2",
        "--format",
        "json",
    ]);
    assert_eq!(v["volume_unit"], "kg");
    let kg = loads_kg(&v);
    assert!(!kg.is_empty());
    for k in &kg {
        assert!(
            [
                4.0, 6.0, 8.0, 10.0, 12.0, 14.0, 16.0, 18.0, 20.0, 22.0, 24.0
            ]
            .contains(k),
            "{k}"
        );
    }
}

#[test]
fn pounds_in_and_out() {
    let (code, out, err) = run(&[
        "plan",
        "--weeks",
        "20",
        "--bodyweight",
        "160lb",
        "--units",
        "lb",
        "--hide-recovery",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(" lb"), "{out}");
    assert!(!out.contains("99999"), "no float noise");
}

#[test]
fn never_more_than_the_heaviest_and_other_levers_move() {
    let v = json(&[
        "plan",
        "--weeks",
        "60",
        "--bodyweight",
        "72kg",
        "--dumbbells",
        "8,10",
        "--format",
        "json",
    ]);
    let kg = loads_kg(&v);
    assert!(kg.iter().all(|k| *k <= 10.0), "{kg:?}");
    let notes: String = v["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w["sessions"].as_array().unwrap())
        .flat_map(|s| s["notes"].as_array().unwrap())
        .map(|n| n.as_str().unwrap().to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(notes.contains("heaviest load available"), "{notes}");
}

#[test]
fn test_set_estimates_the_one_rep_max_on_stderr() {
    let (code, out, err) = run(&[
        "plan",
        "--template",
        "athlete",
        "--test",
        "60kg:8",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("estimated 1RM 74.5 kg from 60 kg × 8 (Brzycki)"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    // Barbell loads are the bar plus plate pairs.
    for k in loads_kg(&v) {
        assert!(k >= 20.0 && ((k - 20.0) / 2.5).fract().abs() < 1e-9, "{k}");
    }
}

#[test]
fn variant_flag_overrides_loaded_phases_and_says_what_it_left() {
    let (code, _, err) = run(&[
        "plan",
        "--weeks",
        "12",
        "--variant",
        "vest",
        "--bodyweight",
        "70kg",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("--variant vest applies to loaded phases; Activation, Volume stay bodyweight"),
        "{err}"
    );
    let v = json(&[
        "plan",
        "--weeks",
        "12",
        "--variant",
        "bodyweight",
        "--bodyweight",
        "70kg",
        "--format",
        "json",
    ]);
    assert!(loads_kg(&v).is_empty());
}

#[test]
fn relative_loads_without_information_are_explained() {
    let (code, out, err) = run(&["plan", "--template", "athlete", "--weeks", "3"]);
    assert_eq!(code, 0);
    assert!(out.contains("% 1RM"));
    assert!(err.contains("--one-rep-max"), "{err}");
}

#[test]
fn bad_weights_and_lists_are_usage_errors() {
    for bad in ["0", "-70kg", "72 kgs", "72stone", "1e9kg", "abc"] {
        assert_usage_error(&["plan", "--bodyweight", bad], &["--bodyweight"]);
    }
    assert_usage_error(&["plan", "--test", "40kg:0"], &["--test", "out of range"]);
    assert_usage_error(&["plan", "--test", "40kg:50"], &["--test", "out of range"]);
    assert_usage_error(&["plan", "--test", "40kg"], &["--test", "WEIGHT:REPS"]);
    assert_usage_error(&["plan", "--dumbbells", ""], &["--dumbbells", "empty"]);
    assert_usage_error(&["plan", "--dumbbells", "10,5,5"], &["--dumbbells"]);
    assert_usage_error(
        &["plan", "--dumbbells", "0,5"],
        &["--dumbbells", "positive"],
    );
    assert_usage_error(&["plan", "--dumbbells", "-5,5"], &["--dumbbells"]);
    assert_usage_error(
        &["plan", "--variant", "goblet"],
        &["--variant goblet needs load information", "--bodyweight"],
    );
    assert_usage_error(&["plan", "--variant", "kettle"], &["--variant", "allowed"]);
}

fn with_profile(body: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("config.toml");
    std::fs::write(&p, body).unwrap();
    (dir, p)
}

#[test]
fn profile_precedence_flag_env_file_default() {
    let (_d, p) = with_profile("bodyweight = \"80kg\"\ntemplate = \"knee-friendly\"\n");
    let ps = p.to_str().unwrap();
    let bw = |extra_env: Option<&str>, flag: Option<&str>| {
        let mut cmd = vmo();
        cmd.args(["plan", "--config", ps, "--weeks", "1", "--format", "json"]);
        if let Some(f) = flag {
            cmd.args(["--bodyweight", f]);
        }
        if let Some(e) = extra_env {
            cmd.env("VMO_BODYWEIGHT", e);
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (
            v["weeks"][0]["summary"]["volume"].as_f64().unwrap(),
            v["template"].as_str().unwrap().to_string(),
        )
    };
    let file = bw(None, None);
    let env = bw(Some("70kg"), None);
    let flag = bw(Some("70kg"), Some("60kg"));
    assert_eq!(file.1, "knee-friendly", "profile template used");
    assert!(
        file.0 > env.0 && env.0 > flag.0,
        "{file:?} {env:?} {flag:?}"
    );
    // Default: no profile at all → volume counted in reps.
    let v = json(&["plan", "--weeks", "1", "--format", "json"]);
    assert_eq!(v["volume_unit"], "bodyweight reps");
}

#[test]
fn bad_profiles_name_file_and_line() {
    let (_d, p) = with_profile("units = \"kg\"\nbodyweigth = \"72kg\"\n");
    let ps = p.to_str().unwrap();
    assert_usage_error(
        &["plan", "--config", ps],
        &[
            "config.toml:2:1",
            "unknown key `bodyweigth`",
            "did you mean `bodyweight`",
        ],
    );
    let (_d, p) = with_profile("units = [\n");
    assert_usage_error(
        &["plan", "--config", p.to_str().unwrap()],
        &["config.toml:", "invalid TOML"],
    );
    let (_d, p) = with_profile("bodyweight = \"abc\"\n");
    assert_usage_error(
        &["plan", "--config", p.to_str().unwrap()],
        &["config.toml", "bodyweight = \"abc\""],
    );
    let (_d, p) = with_profile("dumbbells = \"10,5\"\nstart = \"2026-02-30\"\n");
    let ps = p.to_str().unwrap();
    assert_usage_error(
        &["plan", "--config", ps],
        &["config.toml: dumbbells = \"10,5\"", "ascending"],
    );
    assert_usage_error(
        &["plan", "--config", ps, "--dumbbells", "5,10"],
        &["config.toml: start = \"2026-02-30\"", "YYYY-MM-DD"],
    );
    assert_usage_error(
        &["plan", "--config", "/nonexistent/vmo.toml"],
        &["/nonexistent/vmo.toml", "no such file"],
    );
}
