//! `vmo report` through the real binary on a real SQLite log: the golden HTML, the page
//! as an HTML parser reads it (the alert, the pain values, the session rows, the chart
//! titles, the CSP), escaping, `-o`, and the period's errors.

mod common;

use common::{output_of, report_cmd, report_log};
use scraper::{Html, Selector};

fn report(extra: &[&str]) -> String {
    let (_dir, db) = report_log();
    let (code, out, err) = output_of(report_cmd(&db).args(extra));
    assert_eq!(code, 0, "{err}");
    out
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

/// The body rows of the first data table (the load and pain chart's).
fn load_rows(doc: &Html) -> Vec<scraper::ElementRef<'_>> {
    let table = select(doc, "table.data")[0];
    table
        .select(&Selector::parse("tbody tr").unwrap())
        .collect()
}

fn text(e: &scraper::ElementRef<'_>) -> String {
    e.text().collect::<String>()
}

#[test]
fn golden_html_for_a_fixed_log() {
    let html = report(&[]);
    insta::assert_snapshot!("report_twelve_weeks", html);
    // Byte for byte the same on a second run: no clock, no order from a hash.
    assert_eq!(report(&[]), html);
}

#[test]
fn the_page_parses_and_says_what_a_clinician_needs() {
    let html = report(&[]);
    let doc = Html::parse_document(&html);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    // No script, no request: a CSP that forbids all but inline styles and data images.
    assert!(select(&doc, "script").is_empty());
    let csp = select(&doc, "meta[http-equiv=Content-Security-Policy]");
    assert_eq!(csp.len(), 1);
    let policy = csp[0].value().attr("content").unwrap();
    assert!(policy.starts_with("default-src 'none'"), "{policy}");
    for tag in ["link", "img", "iframe", "object", "embed", "form"] {
        assert!(select(&doc, tag).is_empty(), "{tag}");
    }
    for attr in ["src", "href"] {
        assert!(
            select(&doc, &format!("[{attr}]")).is_empty(),
            "an element with {attr}"
        );
    }
    // Who and what.
    let h1 = text(&select(&doc, "h1")[0]);
    assert_eq!(h1, "Knee and squat report: Anna <K> & \"Co\"");
    let facts = text(&select(&doc, "dl.facts")[0]);
    for want in [
        "foundation",
        "2026-09-07",
        "Mon, Wed, Fri",
        "kg, cm",
        "2026-09-07 to 2026-11-30",
        "bodyweight reps",
        "2025-11-30",
    ] {
        assert!(facts.contains(want), "{want:?} not in {facts}");
    }
    // The red flag at the top, before any chart.
    let alerts = select(&doc, "[role=alert]");
    assert_eq!(alerts.len(), 1, "{html}");
    let alert = text(&alerts[0]);
    assert!(
        alert.contains("Red flag") && alert.contains("swelling logged on Fri 27 Nov 2026"),
        "{alert}"
    );
    assert!(html.find("role=\"alert\"").unwrap() < html.find("<svg").unwrap());
    // The charts: text titles, accessible names, and a data table beside each.
    let titles: Vec<String> = select(&doc, "svg > title").iter().map(text).collect();
    assert_eq!(
        titles,
        [
            "Knee load by week, prescribed and done, with knee pain during and the next morning",
            "Adherence by week: planned sessions done, skipped and missed"
        ]
    );
    for svg in select(&doc, "svg") {
        let id = svg.value().attr("aria-labelledby").unwrap();
        assert!(!select(&doc, &format!("#{id}")).is_empty(), "{id}");
    }
    let data = select(&doc, "table.data");
    assert_eq!(data.len(), 2);
    let load_rows = load_rows(&doc);
    assert_eq!(load_rows.len(), 13, "weeks 1 to 13");
    let w7: Vec<String> = load_rows[6]
        .children()
        .filter_map(scraper::ElementRef::wrap)
        .map(|c| text(&c))
        .collect();
    assert_eq!(w7, ["W7 · 19 Oct", "140", "138", "6", "4", "flare"]);
    let w12 = text(&load_rows[11]);
    assert!(w12.contains("deload") && w12.contains("red flag"), "{w12}");
    // The sessions: every planned one from Mon 7 Sep to today and the extra one.
    let rows = select(&doc, "table.sessions tbody tr");
    assert_eq!(
        rows.len(),
        36 + 1,
        "36 planned (one today is a rest day) + 1 extra"
    );
    let row = |date: &str| -> Vec<String> {
        let r = rows
            .iter()
            .find(|r| text(r).starts_with(date))
            .unwrap_or_else(|| panic!("no row {date}"));
        r.children()
            .filter_map(scraper::ElementRef::wrap)
            .map(|c| text(&c))
            .collect()
    };
    let flare = row("Mon 19 Oct");
    assert_eq!(
        &flare[..7],
        [
            "Mon 19 Oct",
            "7",
            "3×13 · 90° · heel 7.5 cm",
            "as prescribed",
            "7",
            "▲ 6",
            "4"
        ]
    );
    assert!(
        flare[8].starts_with("knee ached on the stairs"),
        "{flare:?}"
    );
    assert_eq!(row("Wed 21 Oct")[3], "3 sets: 13, 13, 11");
    assert_eq!(row("Wed 30 Sep")[3], "skipped");
    assert_eq!(row("Fri 16 Oct")[3], "missed (nothing logged)");
    let extra = row("Thu 29 Oct");
    assert_eq!(&extra[2..4], ["extra session", "2 sets: 10, 10"]);
    assert_eq!(row("Fri 27 Nov")[7], "⚠ swelling");
    // A hostile note is text, not markup.
    let note = row("Mon 21 Sep")[8].clone();
    assert_eq!(note, "<script>alert(1)</script> & <b>bold</b>");
    assert!(select(&doc, "b").is_empty());
    // The changes, in why's words, each with its rule.
    let changes = select(&doc, "table.changes tbody tr");
    assert!(changes.len() >= 10, "{}", changes.len());
    let all = changes.iter().map(text).collect::<Vec<_>>().join("\n");
    assert!(all.contains("knee pain 6/10 on Mon 19 Oct 2026"), "{all}");
    assert!(all.contains("deload: 3×13 → 2×10"), "{all}");
    let rules = select(&doc, "ol.rules li");
    assert!(rules.iter().any(|r| text(r).starts_with("pain gate red")));
    // The pain rule and red flags given.
    let given = text(&select(&doc, "ul.pain")[0]);
    assert!(
        given.contains("up to 2/10 is fine") && given.contains("Red flags:"),
        "{given}"
    );
}

#[test]
fn the_report_goes_to_a_file_once_unless_forced() {
    let (dir, db) = report_log();
    let file = dir.path().join("report.html");
    let f = file.to_str().unwrap();
    let (code, out, err) = output_of(report_cmd(&db).args(["-o", f]));
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"));
    let (code, _, err) = output_of(report_cmd(&db).args(["-o", f]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--force"), "{err}");
    let (code, _, err) = output_of(report_cmd(&db).args(["-o", f, "--force"]));
    assert_eq!(code, 0, "{err}");
    // Never onto the log itself.
    let (code, _, err) = output_of(report_cmd(&db).arg("-o").arg(&db).arg("--force"));
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("training log"), "{err}");
}

#[test]
fn a_period_narrows_the_weeks_and_sessions() {
    let html = report(&["--from", "2026-10-19", "--to", "2026-11-01"]);
    let doc = Html::parse_document(&html);
    assert_eq!(load_rows(&doc).len(), 2);
    let rows = select(&doc, "table.sessions tbody tr");
    assert_eq!(rows.len(), 7, "two weeks of three and the extra session");
    assert!(text(&select(&doc, "dl.facts")[0]).contains("2026-10-19 to 2026-11-01 (weeks 7–8)"));
}

#[test]
fn a_bad_period_is_one_line_naming_the_flag_and_the_value() {
    let (_dir, db) = report_log();
    for (args, want) in [
        (
            &["--from", "2026-02-30"][..],
            "--from \"2026-02-30\": expected a real calendar date written YYYY-MM-DD",
        ),
        (
            &["--to", "soon"],
            "--to \"soon\": expected a real calendar date written YYYY-MM-DD",
        ),
        (
            &["--from", "2026-11-02", "--to", "2026-11-01"],
            "--from 2026-11-02 is after --to 2026-11-01",
        ),
        (
            &["--from", "2026-12-24"],
            "--from 2026-12-24 is after today (2026-11-30)",
        ),
    ] {
        let (code, out, err) = output_of(report_cmd(&db).args(args));
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
    }
}

#[test]
fn without_a_log_the_report_says_nothing_is_known() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = output_of(
        common::vmo()
            .env("VMO_START", "2026-11-02")
            .env("VMO_TODAY", "2026-11-30")
            .arg("--db")
            .arg(dir.path().join("none.db"))
            .arg("report"),
    );
    assert_eq!(code, 0, "{err}");
    let doc = Html::parse_document(&out);
    assert!(
        out.contains("nothing logged, so nothing is known about the knee"),
        "{out}"
    );
    assert!(select(&doc, "[role=alert]").is_empty());
    // Reading never creates a log.
    assert!(!dir.path().join("none.db").exists());
}

/// A fresh user's README run: `--client anna`, a client that does not exist, wrote an
/// empty report headed "anna" and exited 0.
#[test]
fn a_client_without_a_log_is_refused_not_reported_empty() {
    let home = tempfile::tempdir().unwrap();
    let (code, out, err) = output_of(
        common::vmo()
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("VMO_START", "2026-11-02")
            .env("VMO_TODAY", "2026-11-30")
            .args(["report", "--client", "anna"]),
    );
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "{out}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("--client anna: no training log"), "{err}");
}

#[test]
fn a_pound_user_reads_pounds() {
    let (_dir, db) = report_log();
    let (code, out, err) =
        output_of(report_cmd(&db).args(["--units", "lb", "--bodyweight", "160lb"]));
    assert_eq!(code, 0, "{err}");
    let doc = Html::parse_document(&out);
    let facts = text(&select(&doc, "dl.facts")[0]);
    assert!(
        facts.contains("lb, in") && facts.contains("Knee load inlb"),
        "{facts}"
    );
    let sessions = text(&select(&doc, "table.sessions")[0]);
    assert!(
        sessions.contains(" in") && !sessions.contains(" cm"),
        "{sessions}"
    );
}
