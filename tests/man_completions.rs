//! `vmo man` documents every subcommand and flag; completions offer the values people type.

mod common;

use std::fs;

use clap::CommandFactory;
use common::{assert_usage_error, run};

/// Every subcommand (as its man heading, e.g. `VMO CONFIG SET`, and page, `vmo-config-set`)
/// with the flags and arguments it takes, as roff writes them (`\-\-weeks`, `<KEY>`).
fn commands() -> Vec<(String, String, Vec<String>)> {
    fn walk(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<(String, String, Vec<String>)>) {
        for sub in cmd.get_subcommands() {
            let mut p = path.clone();
            p.push(sub.get_name().to_string());
            let args = sub
                .get_arguments()
                .filter(|a| !a.is_hide_set())
                .map(|a| match a.get_long() {
                    Some(l) => format!("\\-\\-{}", l.replace('-', "\\-")),
                    // Required positionals read <\fIKEY\fR>, optional ones [\fIDATE\fR].
                    None => format!("\\fI{}\\fR", a.get_id().as_str().to_uppercase()),
                })
                .chain(["\\-\\-config".to_string(), "\\-\\-color".to_string()])
                .collect();
            out.push((
                format!("vmo {}", p.join(" ")).to_uppercase(),
                format!("vmo-{}", p.join("-")),
                args,
            ));
            walk(sub, p, out);
        }
    }
    let mut out = Vec::new();
    walk(&vmo::cli::Cli::command(), Vec::new(), &mut out);
    out
}

#[test]
fn the_man_page_documents_every_subcommand_and_flag() {
    let (code, page, err) = run(&["man"]);
    assert_eq!(code, 0, "{err}");
    let cmds = commands();
    assert!(cmds.len() >= 15, "{cmds:?}");
    for (heading, name, args) in &cmds {
        let start = page
            .find(&format!(".SH \"{heading}\"\n"))
            .unwrap_or_else(|| panic!("no section {heading}"));
        let rest = &page[start + 1..];
        let section = &rest[..rest.find("\n.SH ").unwrap_or(rest.len())];
        for a in args {
            assert!(
                section.contains(a.as_str()),
                "{heading}: {a} not documented"
            );
        }
        let see_also = format!("\\fB{}\\fR(1)", name.replace('-', "\\-"));
        assert!(page.contains(&see_also), "SEE ALSO lacks {see_also}");
    }
    // The top-level flags and the exit codes are on the page too.
    assert!(page.contains(".SH \"EXAMPLES AND EXIT STATUS\""));
    assert!(page.contains("Exit codes"));
}

#[test]
fn man_dir_writes_a_page_per_subcommand_and_keeps_existing_ones() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("man1");
    let (code, out, err) = run(&["man", "--dir", d.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    let top = fs::read_to_string(d.join("vmo.1")).unwrap();
    assert!(top.starts_with(".ie"), "{top}");
    for (_, name, args) in commands() {
        let page = fs::read_to_string(d.join(format!("{name}.1")))
            .unwrap_or_else(|e| panic!("{name}.1: {e}"));
        assert!(page.contains(&format!(".TH {name} 1")), "{name}: {page}");
        for a in &args {
            assert!(page.contains(a.as_str()), "{name}: {a} not documented");
        }
        assert!(top.contains(&format!("\\fB{}\\fR(1)", name.replace('-', "\\-"))));
    }
    // Without --force nothing is overwritten, not even the pages that do not exist yet.
    fs::write(d.join("vmo-plan.1"), "mine").unwrap();
    fs::remove_file(d.join("vmo-man.1")).unwrap();
    assert_usage_error(
        &["man", "--dir", d.to_str().unwrap()],
        &["vmo.1 exists", "--force"],
    );
    assert_eq!(fs::read_to_string(d.join("vmo-plan.1")).unwrap(), "mine");
    assert!(!d.join("vmo-man.1").exists());
    let (code, _, err) = run(&["man", "--dir", d.to_str().unwrap(), "--force"]);
    assert_eq!(code, 0, "{err}");
    assert_ne!(fs::read_to_string(d.join("vmo-plan.1")).unwrap(), "mine");
    assert!(d.join("vmo-man.1").exists());
}

#[test]
fn completions_offer_template_names_weekdays_units_variants_and_formats() {
    for shell in ["bash", "zsh", "fish"] {
        let (code, script, err) = run(&["completions", shell]);
        assert_eq!(code, 0, "{err}");
        for word in [
            "knee-friendly",
            "foundation",
            "athlete",
            "mon",
            "sun",
            "mon,wed,fri",
            "tue,thu,sat",
            "goblet",
            "barbell",
            "lb",
            "markdown",
            "ics",
        ] {
            // fish escapes the commas (its -a list is brace-expanded).
            assert!(
                script.contains(word) || script.contains(&word.replace(',', "\\,")),
                "{shell}: {word} not offered"
            );
        }
    }
    let (_, bash, _) = run(&["completions", "bash"]);
    assert!(
        bash.contains("compgen -W \"mon tue wed thu fri sat sun mon,thu"),
        "{bash}"
    );
    // --template offers the built-ins and files (a template of your own).
    assert!(
        bash.contains("compgen -W \"knee-friendly foundation athlete\" -- \"${cur}\"; compgen -d")
    );
    // The hints are for completion only: help still describes the values in words, and
    // values outside the hints still parse.
    let (_, help, _) = run(&["plan", "--help"]);
    assert!(!help.contains("possible values: knee-friendly"), "{help}");
    assert!(!help.contains("possible values: mon"), "{help}");
    let (code, _, err) = run(&["plan", "--weeks", "1", "--days", "thu,mon"]);
    assert_eq!(code, 0, "{err}");
}

/// What bash offers after `vmo plan WORDS... <TAB>`, run through the real script.
fn bash_offers(dir: &std::path::Path, words: &[&str]) -> Option<Vec<String>> {
    let (_, script, _) = run(&["completions", "bash"]);
    let path = dir.join("vmo.bash");
    fs::write(&path, script).unwrap();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'; COMP_WORDS=(vmo {}); COMP_CWORD={}; _vmo vmo '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        path.display(),
        quoted.join(" "),
        words.len(),
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let out = std::process::Command::new("bash")
        .current_dir(dir)
        .args(["--norc", "-c", &program])
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect(),
    )
}

#[test]
fn bash_completes_template_names_and_files_and_weekdays() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("mine.toml"), "").unwrap();
    let Some(offered) = bash_offers(dir.path(), &["plan", "--template", ""]) else {
        eprintln!("bash not installed; skipping");
        return;
    };
    for w in ["knee-friendly", "foundation", "athlete", "mine.toml"] {
        assert!(offered.iter().any(|o| o == w), "{w} not in {offered:?}");
    }
    // Only templates: a log or its WAL next to them is not offered; folders are, to go in.
    fs::write(dir.path().join("log.db-wal"), "").unwrap();
    fs::create_dir(dir.path().join("plans")).unwrap();
    let offered = bash_offers(dir.path(), &["plan", "--template", ""]).unwrap();
    assert!(!offered.iter().any(|o| o == "log.db-wal"), "{offered:?}");
    assert!(offered.iter().any(|o| o == "plans"), "{offered:?}");
    // `config set <TAB>` offers the profile's keys.
    let offered = bash_offers(dir.path(), &["config", "set", "we"]).unwrap();
    assert_eq!(offered, ["weeks"]);
    let offered = bash_offers(dir.path(), &["config", "unset", "bo"]).unwrap();
    assert_eq!(offered, ["bodyweight", "bodyweight_ratio"]);
    let offered = bash_offers(dir.path(), &["today", "--days", "tu"]).unwrap();
    assert_eq!(offered, ["tue", "tue,fri", "tue,thu,sat"]);
    let offered = bash_offers(dir.path(), &["init", "--variant", "g"]).unwrap();
    assert_eq!(offered, ["goblet"]);
}
