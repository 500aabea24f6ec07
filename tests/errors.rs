//! The bad-input catalogue, docs/errors.md, run row by row against the real binary.
//!
//! Every table in the document with the header `| Bad input | Command | Exit | Message |`
//! is parsed, and every row is run. A row passes when:
//!
//! - the exit code is the row's `Exit`;
//! - stdout is empty (rows whose `Bad input` has a † must print something on stdout
//!   instead; rows with `> FILE` send stdout to FILE, so it is not checked);
//! - the first line of stderr is the row's `Message`, exactly;
//! - stderr never mentions `panicked` or `RUST_BACKTRACE`;
//! - for vmo's own messages (`vmo: ...`), every stderr line starts with `vmo: `: one line per
//!   problem, nothing else.
//!
//! All failures are collected and reported together, so one run shows the whole picture.
//!
//! The `Command` cell (inside backticks) is split like a very small shell: words are
//! separated by spaces; `'...'` quotes a word that contains spaces (`''` is an empty word;
//! there are no escapes); leading `NAME=value` words set environment variables; `< FILE`
//! feeds FILE to stdin and `> FILE` sends stdout to FILE; an empty cell (two backticks)
//! runs `vmo` with no arguments. Placeholders `{fixtures}` (tests/fixtures) and `{tmp}` (a
//! scratch folder made by [`Scratch::new`]) are replaced in words and in the message. In
//! cells, `\|` is a literal pipe, and a code span written with double backticks (for text
//! that contains backticks) loses one space of padding at each end, as in markdown.

mod common;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

/// The header every catalogue table has, exactly.
const HEADER: &str = "| Bad input | Command | Exit | Message |";

/// Fewer rows than this means the parser lost some (or the catalogue shrank: raise or lower
/// it on purpose, never to make a failure go away).
const MIN_ROWS: usize = 195;

/// A row that takes longer than this is killed and reported (a hang must not hang CI).
const TIMEOUT: Duration = Duration::from_secs(30);

/// One row of a catalogue table.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    /// 1-based line in docs/errors.md, for messages.
    line: usize,
    /// The `## ` heading the table is under.
    area: String,
    bad_input: String,
    /// The command cell without its backticks.
    command: String,
    exit: i32,
    /// The message cell without its backticks.
    message: String,
}

impl Row {
    /// Rows marked † print a report on stdout before the error.
    fn expects_stdout(&self) -> bool {
        self.bad_input.contains('†')
    }
}

/// Splits a table line into cells: `| a | b \| c |` → `["a", "b | c"]`.
fn cells(line: &str) -> Result<Vec<String>, String> {
    let inner = line
        .trim()
        .strip_prefix('|')
        .and_then(|l| l.strip_suffix('|'))
        .ok_or_else(|| format!("not a table row: {line}"))?;
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => out.push(std::mem::take(&mut cell).trim().to_string()),
            _ => cell.push(c),
        }
    }
    out.push(cell.trim().to_string());
    Ok(out)
}

/// The text of a cell that must be one code span: `` `x` `` or ``` `` x `` ```.
fn code(cell: &str) -> Result<String, String> {
    if cell == "``" {
        return Ok(String::new());
    }
    if let Some(inner) = cell.strip_prefix("``").and_then(|c| c.strip_suffix("``")) {
        let inner = match inner.strip_prefix(' ').and_then(|i| i.strip_suffix(' ')) {
            Some(unpadded) => unpadded,
            None => inner,
        };
        return Ok(inner.to_string());
    }
    match cell.strip_prefix('`').and_then(|c| c.strip_suffix('`')) {
        Some(inner) if !inner.contains('`') => Ok(inner.to_string()),
        _ => Err(format!("expected a code span in backticks, got {cell:?}")),
    }
}

/// Every row of every catalogue table in `doc`.
fn parse_catalogue(doc: &str) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    let mut area = String::new();
    let mut lines = doc.lines().enumerate().peekable();
    while let Some((i, line)) = lines.next() {
        if let Some(h) = line.strip_prefix("## ") {
            area = h.trim().to_string();
            continue;
        }
        if line.trim() != HEADER {
            if line.trim_start().starts_with("| Bad input") {
                return Err(format!("line {}: header is not exactly {HEADER:?}", i + 1));
            }
            continue;
        }
        match lines.next() {
            Some((_, sep)) if sep.trim().starts_with("|---") => {}
            _ => return Err(format!("line {}: header without a |---| line", i + 1)),
        }
        while let Some((j, row)) = lines.next_if(|(_, l)| l.trim_start().starts_with('|')) {
            let at = |e: String| format!("line {}: {e}", j + 1);
            let c = cells(row).map_err(at)?;
            let [bad_input, command, exit, message] = c.as_slice() else {
                return Err(at(format!("{} cells, expected 4", c.len())));
            };
            rows.push(Row {
                line: j + 1,
                area: area.clone(),
                bad_input: bad_input.clone(),
                command: code(command).map_err(at)?,
                exit: exit
                    .parse()
                    .map_err(|_| at(format!("exit code {exit:?}")))?,
                message: code(message).map_err(at)?,
            });
        }
    }
    Ok(rows)
}

/// Splits a command cell into words (see the module docs for the rules).
fn split_words(command: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = command.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' => words.extend(word.take()),
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(q) => w.push(q),
                        None => return Err(format!("unterminated quote in {command:?}")),
                    }
                }
            }
            _ => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    Ok(words)
}

/// A command cell taken apart: environment, arguments and redirections.
#[derive(Debug, Default, PartialEq)]
struct Invocation {
    env: Vec<(String, String)>,
    args: Vec<String>,
    stdin: Option<String>,
    stdout: Option<String>,
}

fn invocation(command: &str) -> Result<Invocation, String> {
    let mut inv = Invocation::default();
    let mut words = split_words(command)?.into_iter().peekable();
    while let Some((name, value)) = words.peek().and_then(|w| env_assignment(w)) {
        inv.env.push((name, value));
        words.next();
    }
    while let Some(w) = words.next() {
        let target = match w.as_str() {
            "<" => &mut inv.stdin,
            ">" => &mut inv.stdout,
            _ => {
                inv.args.push(w);
                continue;
            }
        };
        *target = Some(
            words
                .next()
                .ok_or_else(|| format!("{w} without a file in {command:?}"))?,
        );
    }
    Ok(inv)
}

/// `NAME=value` with NAME made of capitals, digits and `_`.
fn env_assignment(word: &str) -> Option<(String, String)> {
    let (name, value) = word.split_once('=')?;
    let ok = !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    ok.then(|| (name.to_string(), value.to_string()))
}

/// The scratch folder `{tmp}` and the generated files the catalogue names.
struct Scratch {
    dir: tempfile::TempDir,
    fixtures: PathBuf,
}

impl Scratch {
    fn new() -> Scratch {
        let dir = tempfile::tempdir().expect("temp dir");
        let p = dir.path();
        let head = "name = \"padded\"\ndescription = \"a template padded with comments\"\n\n\
                    [[phases]]\nname = \"Only\"\nsets = 3\nreps = 10\n";
        // 1.1 MiB, to the byte (the message names the size).
        let mut big = head.to_string();
        while big.len() < 1_153_434 {
            big.push_str("# padding padding padding padding padding padding padding padding\n");
        }
        big.truncate(1_153_434 - 1);
        big.push('\n');
        fs::write(p.join("big.toml"), big).unwrap();
        let mut many = String::from("name = \"many\"\ndescription = \"5000 phases\"\n");
        for i in 0..5000 {
            write!(
                many,
                "\n[[phases]]\nname = \"p{i}\"\nweeks = 1\nsets = 1\nreps = 1\n"
            )
            .unwrap();
        }
        fs::write(p.join("phases-5000.toml"), many).unwrap();
        // 50,000 unknown keys: 20 are reported, then a count (each once cost a file scan).
        let mut keys = String::from("name = \"keys\"\ndescription = \"unknown keys\"\n");
        for i in 0..50_000 {
            writeln!(keys, "k{i} = 1").unwrap();
        }
        fs::write(p.join("keys-50000.toml"), keys).unwrap();
        // "café" in Latin-1: 0xE9 at byte offset 11.
        fs::write(
            p.join("not-utf8.toml"),
            b"name = \"caf\xe9\"\ndescription = \"Latin-1\"\n",
        )
        .unwrap();
        let deep = format!("x = {}{}\n", "[".repeat(1000), "]".repeat(1000));
        fs::write(p.join("deep.toml"), deep).unwrap();
        fs::write(p.join("exists.txt"), "keep me\n").unwrap();
        log_files(p);
        // Calendars nested past the stack: 20,000 alarms in one another (520 KB), and
        // 200,000 components at calendar level.
        let alarms = format!(
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:foundation-20261207-w1-s1@vmo\r\n{}{}END:VEVENT\r\nEND:VCALENDAR\r\n",
            "BEGIN:VALARM\r\n".repeat(20_000),
            "END:VALARM\r\n".repeat(20_000)
        );
        fs::write(p.join("nested-alarms.ics"), alarms).unwrap();
        let x = format!("BEGIN:VCALENDAR\r\n{}", "BEGIN:X\r\n".repeat(200_000));
        fs::write(p.join("nested-x.ics"), x).unwrap();
        Scratch {
            dir,
            fixtures: Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
        }
    }

    fn fill(&self, s: &str) -> String {
        s.replace("{fixtures}", self.fixtures.to_str().unwrap())
            .replace("{tmp}", self.dir.path().to_str().unwrap())
    }
}

/// Files for the training log's rows: a FIFO, a dangling link, another application's
/// database (and one in WAL mode without its -shm), a damaged log and a log with a
/// damaged entry.
fn log_files(p: &Path) {
    let fifo = std::process::Command::new("mkfifo")
        .arg(p.join("fifo"))
        .status()
        .expect("mkfifo runs");
    assert!(fifo.success());
    std::os::unix::fs::symlink(p.join("nowhere/log.db"), p.join("dangling.db")).unwrap();
    let other = rusqlite::Connection::open(p.join("other.db")).unwrap();
    other
        .execute_batch("CREATE TABLE entries (id INTEGER PRIMARY KEY, title TEXT);")
        .unwrap();
    drop(other);
    for name in ["damaged.db", "bad-entry.db"] {
        let out = common::vmo()
            .args(["done", "--start", "2026-11-23", "--db"])
            .arg(p.join(name))
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
    }
    let mut bytes = fs::read(p.join("damaged.db")).unwrap();
    for b in &mut bytes[4096..] {
        *b = 0x5a;
    }
    fs::write(p.join("damaged.db"), bytes).unwrap();
    // A profile whose log is another application's database: its relative db is in the
    // profile's folder.
    fs::write(p.join("profile-db-other.toml"), "db = \"other.db\"\n").unwrap();
    // A client folder whose name file names another client.
    let bob = p.join("data/vmo/clients/bob");
    fs::create_dir_all(&bob).unwrap();
    fs::write(bob.join("client"), "Bob").unwrap();
    // Another application's database in WAL mode, its -wal left without a -shm (as a
    // crash or a copy leaves it): copied while its connection is open.
    let work = p.join("wal-work");
    fs::create_dir_all(&work).unwrap();
    let src = rusqlite::Connection::open(work.join("src.db")).unwrap();
    src.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; CREATE TABLE notes (body TEXT);",
    )
    .unwrap();
    fs::copy(work.join("src.db"), p.join("other-wal.db")).unwrap();
    fs::copy(work.join("src.db-wal"), p.join("other-wal.db-wal")).unwrap();
    drop(src);
    // Import files beyond what a row may take: a 2 MiB note, a byte that is not UTF-8.
    let head = vmo::log::exchange::CSV_HEADER.join(",");
    let row = |note: &[u8]| {
        let mut r = format!("{head}\n1,2026-11-25,done,1,8,,,,,false,").into_bytes();
        r.extend_from_slice(note);
        r.extend_from_slice(b",false,false,false,false\n");
        r
    };
    fs::write(p.join("long-row.csv"), row(&vec![b'n'; 2 << 20])).unwrap();
    fs::write(p.join("not-utf8-log.csv"), row(b"caf\xe9")).unwrap();
    let bad = rusqlite::Connection::open(p.join("bad-entry.db")).unwrap();
    bad.execute("UPDATE entries SET date = x'ff00'", [])
        .unwrap();
}

/// What one run gave back.
struct Outcome {
    code: Option<i32>,
    stdout: Option<Vec<u8>>,
    stderr: String,
}

fn run_row(scratch: &Scratch, inv: &Invocation) -> Result<Outcome, String> {
    let mut cmd = common::vmo();
    cmd.current_dir(scratch.dir.path())
        .args(inv.args.iter().map(|a| scratch.fill(a)))
        .timeout(TIMEOUT);
    for (k, v) in &inv.env {
        cmd.env(k, scratch.fill(v));
    }
    let input = match &inv.stdin {
        Some(f) => fs::read(scratch.fill(f)).map_err(|e| format!("stdin file {f}: {e}"))?,
        None => Vec::new(),
    };
    cmd.write_stdin(input);
    let Some(out_file) = &inv.stdout else {
        let out = cmd.output().map_err(|e| format!("cannot run vmo: {e}"))?;
        return Ok(Outcome {
            code: out.status.code(),
            stdout: Some(out.stdout),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        });
    };
    // assert_cmd always captures stdout; rebuild the same command with stdout to a file
    // (without the timeout: only `> /dev/full` rows use this, and they fail at once).
    let mut std_cmd = std::process::Command::new(cmd.get_program());
    std_cmd.args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => std_cmd.env(k, v),
            None => std_cmd.env_remove(k),
        };
    }
    if let Some(d) = cmd.get_current_dir() {
        std_cmd.current_dir(d);
    }
    let target = scratch.fill(out_file);
    let file = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&target)
        .map_err(|e| format!("stdout file {target}: {e}"))?;
    let out = std_cmd
        .stdin(Stdio::null())
        .stdout(file)
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run vmo: {e}"))?;
    Ok(Outcome {
        code: out.status.code(),
        stdout: None,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    })
}

/// Everything wrong with one row's run; empty when it passed.
fn check_row(scratch: &Scratch, row: &Row) -> Vec<String> {
    let inv = match invocation(&row.command) {
        Ok(inv) => inv,
        Err(e) => return vec![e],
    };
    let out = match run_row(scratch, &inv) {
        Ok(out) => out,
        Err(e) => return vec![e],
    };
    let mut problems = Vec::new();
    if out.code != Some(row.exit) {
        problems.push(match out.code {
            Some(c) => format!("exit {c}, expected {}", row.exit),
            None => format!("killed by a signal or the {TIMEOUT:?} timeout"),
        });
    }
    if let Some(stdout) = &out.stdout {
        if row.expects_stdout() && stdout.is_empty() {
            problems.push("stdout is empty, but the row is marked †".to_string());
        } else if !row.expects_stdout() && !stdout.is_empty() {
            let shown = String::from_utf8_lossy(&stdout[..stdout.len().min(300)]).into_owned();
            problems.push(format!("stdout is not empty: {shown:?}"));
        }
    }
    let expected = scratch.fill(&row.message);
    let first = out.stderr.lines().next().unwrap_or("");
    if first != expected {
        problems.push(format!(
            "first stderr line differs\n      expected: {expected}\n      actual:   {first}"
        ));
    }
    for bad in ["panicked", "RUST_BACKTRACE"] {
        if out.stderr.contains(bad) {
            problems.push(format!("stderr mentions {bad:?}"));
        }
    }
    if expected.starts_with("vmo: ")
        && let Some(l) = out.stderr.lines().find(|l| !l.starts_with("vmo: "))
    {
        problems.push(format!("a stderr line does not start with `vmo: `: {l:?}"));
    }
    if !problems.is_empty() {
        problems.push(format!("stderr was:\n{}", indent(&out.stderr)));
    }
    problems
}

fn indent(text: &str) -> String {
    let shown: String = text.chars().take(2000).collect();
    shown.lines().map(|l| format!("      | {l}\n")).collect()
}

fn catalogue() -> Vec<Row> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/errors.md");
    let doc = fs::read_to_string(&path).expect("docs/errors.md exists");
    parse_catalogue(&doc).unwrap_or_else(|e| panic!("docs/errors.md: {e}"))
}

#[test]
fn every_row_of_the_bad_input_catalogue_holds() {
    let rows = catalogue();
    assert!(
        rows.len() >= MIN_ROWS,
        "docs/errors.md has {} rows; expected at least {MIN_ROWS} (a parsing problem?)",
        rows.len()
    );
    let scratch = Scratch::new();
    let mut report = String::new();
    let mut failed = 0;
    let mut skipped = 0;
    for row in &rows {
        if !cfg!(target_os = "linux") && row.command.contains("/dev/full") {
            skipped += 1;
            continue;
        }
        let problems = check_row(&scratch, row);
        if !problems.is_empty() {
            failed += 1;
            writeln!(
                report,
                "\ndocs/errors.md:{} [{}] {}\n  vmo {}",
                row.line, row.area, row.bad_input, row.command
            )
            .unwrap();
            for p in problems {
                writeln!(report, "    {p}").unwrap();
            }
        }
    }
    assert!(
        failed == 0,
        "{failed} of {} rows failed ({skipped} skipped on this OS):\n{report}",
        rows.len()
    );
}

#[test]
fn every_command_in_the_catalogue_is_listed_once() {
    let rows = catalogue();
    let mut seen = std::collections::HashMap::new();
    for row in &rows {
        if let Some(first) = seen.insert(row.command.clone(), row.line) {
            panic!(
                "docs/errors.md:{} repeats the command of line {first}: `{}`",
                row.line, row.command
            );
        }
    }
}

#[test]
fn every_area_has_rows_and_messages_are_one_line_without_local_paths() {
    let rows = catalogue();
    for row in &rows {
        assert!(!row.area.is_empty(), "line {}: no ## heading", row.line);
        assert!(
            matches!(row.exit, 1 | 2),
            "line {}: exit {} is not an error code",
            row.line,
            row.exit
        );
        assert!(!row.message.is_empty(), "line {}: empty message", row.line);
        let local = env!("CARGO_MANIFEST_DIR");
        assert!(
            !row.message.contains(local) && !row.command.contains(local),
            "line {}: a machine-specific path; use {{fixtures}} or {{tmp}}",
            row.line
        );
    }
}

#[test]
fn the_table_parser_reads_cells_code_spans_and_escaped_pipes() {
    let doc = "# t\n\n## Area\n\n| Bad input | Command | Exit | Message |\n|---|---|---|---|\n\
               | a \\| b | `plan --x` | 2 | `` vmo: error: `y` \\| z `` |\n\
               | † empty | `` | 1 | `error: q` |\n\ntext\n| not | a | catalogue | row |\n";
    let rows = parse_catalogue(doc).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].area, "Area");
    assert_eq!(rows[0].bad_input, "a | b");
    assert_eq!(rows[0].command, "plan --x");
    assert_eq!(rows[0].exit, 2);
    assert_eq!(rows[0].message, "vmo: error: `y` | z");
    assert_eq!(rows[0].line, 7);
    assert_eq!(rows[1].command, "");
    assert!(rows[1].expects_stdout());
    assert!(parse_catalogue("| Bad input | Command | Exit |\n|---|---|---|\n").is_err());
    assert!(parse_catalogue(&format!("{HEADER}\n| a | `b` | 2 | `c` |\n")).is_err());
    assert!(parse_catalogue(&format!("{HEADER}\n|---|\n| a | b | 2 | `c` |\n")).is_err());
    assert!(parse_catalogue(&format!("{HEADER}\n|---|\n| a | `b` | two | `c` |\n")).is_err());
}

#[test]
fn commands_split_like_a_small_shell() {
    let inv = invocation("A_B=1 VMO_X='y z' plan --days 'mon wed' --x '' < in.toml > out").unwrap();
    let env = |k: &str, v: &str| (k.to_string(), v.to_string());
    assert_eq!(inv.env, [env("A_B", "1"), env("VMO_X", "y z")]);
    assert_eq!(inv.args, ["plan", "--days", "mon wed", "--x", ""]);
    assert_eq!(inv.stdin.as_deref(), Some("in.toml"));
    assert_eq!(inv.stdout.as_deref(), Some("out"));
    // Only leading NAME=value words are environment; later ones are arguments.
    let inv = invocation("SOURCE_DATE_EPOCH=1.5 plan --weeks= X=1").unwrap();
    assert_eq!(inv.env, [env("SOURCE_DATE_EPOCH", "1.5")]);
    assert_eq!(inv.args, ["plan", "--weeks=", "X=1"]);
    assert_eq!(invocation("").unwrap(), Invocation::default());
    assert!(invocation("plan 'open").is_err());
    assert!(invocation("plan <").is_err());
}
