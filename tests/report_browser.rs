//! `vmo report` in a real browser: headless Chromium (Debian's `chromium`) prints the page to
//! PDF on A4 and on Letter and takes a screenshot, pointed at a proxy on 127.0.0.1 that this
//! test owns. Checked: at most two pages for twelve weeks on either paper, the PDF's text
//! has the alert and the pain values, the proxy saw no request from the page (and does see
//! one from a page that makes a request, so the check can fail; the browser's own calls to
//! its update and sign-in services, which no flag stops, are set aside by host), and the
//! screenshot is not blank.
//!
//! Needs `chromium`, `pdfinfo` and `pdftotext` (poppler-utils) on PATH. Without them the test
//! says so and passes, unless `VMO_REQUIRE_CHROMIUM` is set (CI sets it: `.ci/run` installs
//! them), when it fails.

mod common;

use std::io::Read as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::{output_of, report_cmd, report_log};

/// Longest a Chromium run may take before it is killed and the test fails.
const CHROMIUM_TIMEOUT: Duration = Duration::from_secs(90);

fn on_path(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(program))
            .find(|p| p.is_file())
    })
}

/// The tools, or `None` (with a message) when the test may be skipped.
fn tools() -> Option<PathBuf> {
    let required = std::env::var_os("VMO_REQUIRE_CHROMIUM").is_some_and(|v| !v.is_empty());
    let missing: Vec<&str> = ["chromium", "pdfinfo", "pdftotext"]
        .into_iter()
        .filter(|p| on_path(p).is_none())
        .collect();
    if missing.is_empty() {
        return on_path("chromium");
    }
    let msg = format!(
        "report_browser: {} not on PATH (apt-get install chromium poppler-utils)",
        missing.join(", ")
    );
    assert!(!required, "{msg}, and VMO_REQUIRE_CHROMIUM is set");
    eprintln!("{msg}: skipped");
    None
}

/// A listener on 127.0.0.1 standing in for a proxy: it records the host of every request
/// made through it (and answers none), until dropped.
struct Proxy {
    port: u16,
    hosts: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Chromium's own services: even with every background flag, Debian's Chromium asks its
/// component updater (`update.googleapis.com`) and sign-in (`accounts.google.com`) at start,
/// whatever the page. Those are the browser's, not the page's.
fn browser_own(host: &str) -> bool {
    ["google.com", "googleapis.com", "gstatic.com", "gvt1.com"]
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
}

/// The host a proxy request names: `CONNECT host:443 …` or `GET http://host/… …`.
fn requested_host(first_line: &str) -> String {
    let target = first_line.split_whitespace().nth(1).unwrap_or_default();
    let target = target
        .strip_prefix("http://")
        .or_else(|| target.strip_prefix("https://"))
        .unwrap_or(target);
    let authority = target.split('/').next().unwrap_or_default();
    authority
        .rsplit_once(':')
        .map_or(authority, |(h, _)| h)
        .to_string()
}

impl Proxy {
    fn start() -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let hosts = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (h, st) = (hosts.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            while !st.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((mut conn, _)) => {
                        let _ = conn.set_nonblocking(false);
                        let _ = conn.set_read_timeout(Some(Duration::from_millis(500)));
                        let mut buf = [0u8; 2048];
                        let n = conn.read(&mut buf).unwrap_or(0);
                        let head = String::from_utf8_lossy(&buf[..n]);
                        let first = head.lines().next().unwrap_or("(nothing read)");
                        h.lock().unwrap().push(requested_host(first));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        Proxy {
            port,
            hosts,
            stop,
            thread: Some(thread),
        }
    }

    /// Hosts asked for that are not the browser's own services (see [`browser_own`]).
    fn page_requests(&self) -> Vec<String> {
        let hosts = self.hosts.lock().unwrap();
        hosts.iter().filter(|h| !browser_own(h)).cloned().collect()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Runs headless Chromium on `page` with `action` (`--print-to-pdf=…` or
/// `--screenshot=…`), through the proxy, in a fresh profile; killed after
/// [`CHROMIUM_TIMEOUT`].
fn chromium(chromium: &Path, proxy: &Proxy, work: &Path, page: &Path, action: &[String]) {
    let profile = tempfile::tempdir_in(work).unwrap();
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--proxy-server=http://127.0.0.1:{}", proxy.port))
        .args(action)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            let _ = child.stderr.take().unwrap().read_to_string(&mut err);
            assert!(status.success(), "chromium {action:?}: {status}\n{err}");
            return;
        }
        if start.elapsed() > CHROMIUM_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium {action:?} took over {CHROMIUM_TIMEOUT:?}: killed");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn tool(program: &str, args: &[&std::ffi::OsStr]) -> String {
    let out = Command::new(program).args(args).output().expect(program);
    assert!(out.status.success(), "{program}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The page as printed on `paper` (`None`: Chromium's default, Letter): the paper a person
/// picks in the print dialog, here a `@page { size }` rule added to a copy of the page.
fn print(chrome: &Path, proxy: &Proxy, work: &Path, html: &str, paper: &str) -> (u32, String) {
    let page = work.join(format!("report-{paper}.html"));
    let with_paper = html.replacen(
        "</head>",
        &format!("<style>@page {{ size: {paper}; }}</style></head>"),
        1,
    );
    std::fs::write(&page, with_paper).unwrap();
    let pdf = work.join(format!("report-{paper}.pdf"));
    chromium(
        chrome,
        proxy,
        work,
        &page,
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".to_string(),
        ],
    );
    let info = tool("pdfinfo", &[pdf.as_os_str()]);
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .expect("a page count")
        .trim()
        .parse()
        .unwrap();
    let size = info
        .lines()
        .find(|l| l.starts_with("Page size:"))
        .unwrap_or_default();
    assert!(
        size.to_lowercase().contains(&paper.to_lowercase()),
        "{paper}: {size}"
    );
    let text = tool(
        "pdftotext",
        &["-layout".as_ref(), pdf.as_os_str(), "-".as_ref()],
    );
    (pages, text)
}

/// Size of a screenshot of `page` (a PNG, checked by its signature).
fn screenshot(chrome: &Path, proxy: &Proxy, work: &Path, page: &Path, name: &str) -> u64 {
    let png = work.join(name);
    chromium(
        chrome,
        proxy,
        work,
        page,
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1200,1400".to_string(),
            "--hide-scrollbars".to_string(),
        ],
    );
    let bytes = std::fs::read(&png).unwrap();
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "{name} is not a PNG"
    );
    bytes.len() as u64
}

#[test]
fn proxy_requests_name_their_host() {
    assert_eq!(
        requested_host("CONNECT update.googleapis.com:443 HTTP/1.1"),
        "update.googleapis.com"
    );
    assert_eq!(
        requested_host("GET http://example.invalid/x.png HTTP/1.1"),
        "example.invalid"
    );
    assert_eq!(
        requested_host("GET http://127.0.0.1:8080/ HTTP/1.1"),
        "127.0.0.1"
    );
    assert!(browser_own("accounts.google.com") && browser_own("google.com"));
    assert!(!browser_own("example.invalid") && !browser_own("notgoogle.com"));
}

#[test]
fn chromium_prints_the_report_on_two_pages_without_a_request() {
    let Some(chrome) = tools() else {
        return;
    };
    let (dir, db) = report_log();
    let (code, html, err) = output_of(&mut report_cmd(&db));
    assert_eq!(code, 0, "{err}");
    let work = dir.path();
    let proxy = Proxy::start();

    for paper in ["A4", "Letter"] {
        let (pages, text) = print(&chrome, &proxy, work, &html, paper);
        assert!(
            (1..=2).contains(&pages),
            "{paper}: 12 weeks on {pages} pages"
        );
        // The alert (its words as one line: the layout wraps them), and the pain values
        // of the flare (6 during, 4 next morning).
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("RED FLAG"), "{paper}: {text}");
        assert!(
            flat.contains("swelling logged on Fri 27 Nov 2026"),
            "{paper}: {text}"
        );
        let flare = text
            .lines()
            .find(|l| l.trim_start().starts_with("Mon 19 Oct") && l.contains("as prescribed"))
            .unwrap_or_else(|| panic!("{paper}: no row for Mon 19 Oct in\n{text}"));
        let cells: Vec<&str> = flare.split_whitespace().collect();
        assert!(
            cells
                .windows(2)
                .any(|w| w == ["▲6", "4"] || w == ["6", "4"]),
            "{paper}: {flare}"
        );
        assert!(flat.contains("Knee pain 0–10"), "{paper}: a chart title");
        assert!(
            flat.contains("The pain rule and red flags"),
            "{paper}: the last section is printed"
        );
    }

    let page = work.join("report.html");
    std::fs::write(&page, &html).unwrap();
    let blank = work.join("blank.html");
    std::fs::write(&blank, "<!DOCTYPE html><title>blank</title>").unwrap();
    let report_png = screenshot(&chrome, &proxy, work, &page, "report.png");
    let blank_png = screenshot(&chrome, &proxy, work, &blank, "blank.png");
    assert!(
        report_png > 5 * blank_png,
        "the screenshot looks blank: {report_png} bytes, a blank page {blank_png}"
    );
    // Nothing the browser did for the report went to the network.
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(
        proxy.page_requests(),
        Vec::<String>::new(),
        "the report made a request"
    );

    // The check can fail: a page that asks for an image reaches the proxy.
    let asks = work.join("asks.html");
    std::fs::write(
        &asks,
        "<!DOCTYPE html><title>asks</title><img src=\"http://example.invalid/x.png\">",
    )
    .unwrap();
    screenshot(&chrome, &proxy, work, &asks, "asks.png");
    let deadline = Instant::now() + Duration::from_secs(5);
    while proxy.page_requests().is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let asked = proxy.page_requests();
    assert!(
        !asked.is_empty() && asked.iter().all(|h| h == "example.invalid"),
        "a page with a remote image must reach the proxy, or the no-request check proves nothing: {asked:?}"
    );
}
