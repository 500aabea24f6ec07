//! Log files in and out: vmo's own CSV and JSON (which round-trip exactly) and Strong's
//! CSV export (DESIGN §7), whose squat sets become one entry per day.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::plan::adapt::{Entry, Status, Symptoms};
use crate::render::csv::{formula_restore, formula_safe};

use super::parse::{
    FIRST_DATE, LAST_DATE, MAX_COUNT, MAX_LOAD_KG, MAX_NOTE_CHARS, check_date, check_entry,
    check_not_after, check_note, check_sets, parse_reps, parse_rpe,
};
use crate::plan::knee_state::{KneeEvent, KneeEventKind};

/// The columns of vmo's log CSV, in order.
/// The three symptoms after `extra` came with schema 2: appended, so an older export
/// (12 columns) still imports, with no symptoms.
pub const CSV_HEADER: [&str; 15] = [
    "id",
    "date",
    "status",
    "sets",
    "reps",
    "load_kg",
    "rpe",
    "pain_during",
    "pain_morning",
    "swelling",
    "note",
    "extra",
    "locking",
    "giving_way",
    "night_pain",
];

/// An entry as `vmo log list --format json` and the CSV show it: the entry plus `sets`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// Entry id.
    pub id: i64,
    /// Session date.
    pub date: NaiveDate,
    /// `done` or `skipped`.
    pub status: String,
    /// Number of sets logged (the length of `reps`).
    pub sets: u32,
    /// Reps per set (read with a bound: a file cannot make vmo hold millions).
    #[serde(deserialize_with = "bounded_reps")]
    pub reps: Vec<u32>,
    /// External load, kg (`null`: bodyweight).
    pub load_kg: Option<f64>,
    /// RPE.
    pub rpe: Option<f64>,
    /// Knee pain during, 0–10.
    pub pain_during: Option<f64>,
    /// Knee pain next morning, 0–10.
    pub pain_morning: Option<f64>,
    /// Red-flag symptoms (`swelling`, `locking`, `giving_way`, `night_pain`; absent in
    /// an older export: none).
    #[serde(flatten)]
    pub symptoms: Symptoms,
    /// Note (read with a bound, like `reps`).
    #[serde(default, deserialize_with = "bounded_note")]
    pub note: Option<String>,
    /// An unplanned session.
    pub extra: bool,
}

/// `reps`, refusing more than [`MAX_COUNT`] sets before holding them.
fn bounded_reps<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<u32>, D::Error> {
    struct Reps;
    impl<'de> serde::de::Visitor<'de> for Reps {
        type Value = Vec<u32>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an array of reps per set")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u32>, A::Error> {
            let mut reps = Vec::new();
            while let Some(n) = seq.next_element::<u32>()? {
                reps.push(n);
                check_sets(reps.len()).map_err(serde::de::Error::custom)?;
            }
            Ok(reps)
        }
    }
    d.deserialize_seq(Reps)
}

/// `note`, refusing one longer than the limit before holding a copy.
fn bounded_note<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct Note;
    impl<'de> serde::de::Visitor<'de> for Note {
        type Value = Option<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a note (text) or null")
        }
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_str(self)
        }
        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Self::Value, E> {
            check_note(s).map_err(|m| E::custom(format!("note: {m}")))?;
            Ok(Some(s.to_string()))
        }
    }
    d.deserialize_option(Note)
}

/// vmo's JSON: an array of [`Row`]s. Each element is first taken as raw text (checked
/// as JSON, nothing held), so its first line is known; then read as a [`Row`] (with the
/// bounds on `reps` and `note`) and checked. A bad entry stops the read there, its error
/// given the line in the file.
/// One row of a vmo export: a log entry, or a knee event (`status` `cleared` or
/// `acknowledged`, with its date and note; the other cells empty).
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A session done or skipped.
    Entry(Entry),
    /// A clearance or acknowledgement.
    Event(KneeEvent),
}

/// Reads a vmo JSON array an element at a time, handing each to the sink.
struct Rows<'s> {
    sink: Sink<'s>,
    /// Today: no row may be dated after it.
    today: NaiveDate,
    /// Where the element being read began, kept by the reader under serde_json.
    at: std::rc::Rc<std::cell::Cell<usize>>,
    /// Elements begun so far (the one a serde_json error is about).
    n: &'s std::cell::Cell<usize>,
    /// The first error (serde_json would replace one returned through it).
    failed: &'s std::cell::Cell<Option<ReadError>>,
}

impl<'de> serde::de::Visitor<'de> for Rows<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of log entries")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        loop {
            self.n.set(self.n.get() + 1);
            let Some(row) = seq.next_element::<Row>()? else {
                return Ok(());
            };
            let (line, n) = (self.at.get(), self.n.get());
            let stop = match row_item(row, self.today) {
                Ok(item) => (self.sink)(item)
                    .err()
                    .map(|e| sink_error(e, |m| format!("line {line}: entry {n}: {m}"))),
                Err(m) => Some(ReadError::Bad(format!("line {line}: entry {n}: {m}"))),
            };
            if let Some(e) = stop {
                self.failed.set(Some(e));
                return Err(serde::de::Error::custom("stopped"));
            }
        }
    }
}

/// The reader under serde_json: counts lines, notes the line where each element of the
/// top-level array begins (serde_json reads a byte at a time, so what it has read is what
/// this has passed), and refuses an element longer than [`MAX_ROW_BYTES`] before
/// serde_json holds more of it.
struct JsonLines<R> {
    inner: R,
    line: usize,
    read: u64,
    depth: u32,
    in_string: bool,
    escape: bool,
    in_elem: bool,
    elem_start: u64,
    elem_line: std::rc::Rc<std::cell::Cell<usize>>,
    too_long: std::rc::Rc<std::cell::Cell<bool>>,
}

impl<R: std::io::Read> std::io::Read for JsonLines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.in_elem && self.read - self.elem_start > MAX_ROW_BYTES as u64 {
            // serde_json keeps only the kind of an I/O error: the stop is told here.
            self.too_long.set(true);
            return Err(std::io::Error::other(RowTooLong));
        }
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            self.read += 1;
            if b == b'\n' {
                self.line += 1;
            }
            if self.in_string {
                match (self.escape, b) {
                    (true, _) => self.escape = false,
                    (false, b'\\') => self.escape = true,
                    (false, b'"') => {
                        self.in_string = false;
                        if self.depth == 1 {
                            self.in_elem = false;
                        }
                    }
                    _ => {}
                }
                continue;
            }
            let starts = self.depth == 1 && !self.in_elem;
            match b {
                b' ' | b'\t' | b'\r' | b'\n' | b',' => {
                    if self.depth == 1 {
                        self.in_elem = false;
                    }
                    continue;
                }
                b']' | b'}' => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.depth == 1 {
                        self.in_elem = false;
                    }
                    continue;
                }
                _ => {}
            }
            if starts {
                self.in_elem = true;
                self.elem_start = self.read - 1;
                self.elem_line.set(self.line);
            }
            match b {
                b'"' => self.in_string = true,
                b'[' | b'{' => self.depth += 1,
                _ => {}
            }
        }
        Ok(n)
    }
}

/// A row longer than [`MAX_ROW_BYTES`] (the message is the caller's, with the line).
#[derive(Debug)]
struct RowTooLong;

impl std::fmt::Display for RowTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a row too long")
    }
}

impl std::error::Error for RowTooLong {}

/// What an over-long row is told.
fn row_too_long() -> String {
    format!(
        "longer than {} MiB (an entry holds at most {MAX_COUNT} sets, and a note at most {MAX_NOTE_CHARS} characters)",
        MAX_ROW_BYTES / (1024 * 1024)
    )
}

fn is_too_long(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(e);
    while let Some(c) = cause {
        if c.is::<RowTooLong>()
            || c.downcast_ref::<std::io::Error>()
                .and_then(|io| io.get_ref())
                .is_some_and(|inner| inner.is::<RowTooLong>())
        {
            return true;
        }
        cause = c.source();
    }
    false
}

/// A serde_json error's line and its text without the " at line N column M" it ends with.
fn json_parts(e: &serde_json::Error) -> (usize, String) {
    let text = e.to_string();
    let what = match text.rfind(" at line ") {
        Some(i) if e.line() > 0 => text[..i].to_string(),
        _ => text,
    };
    (e.line(), what)
}

/// A serde_json error as `line N: what`.
fn json_error(e: serde_json::Error) -> String {
    let (line, what) = json_parts(&e);
    format!("line {}: {what}", line.max(1))
}

impl From<&Entry> for Row {
    fn from(e: &Entry) -> Row {
        Row {
            id: e.id,
            date: e.date,
            status: e.status.as_str().to_string(),
            sets: e.reps.len() as u32,
            reps: e.reps.clone(),
            load_kg: e.load_kg,
            rpe: e.rpe,
            pain_during: e.pain_during,
            pain_morning: e.pain_morning,
            symptoms: e.symptoms,
            note: e.note.clone(),
            extra: e.extra,
        }
    }
}

/// The entries as a JSON array of [`Row`]s.
pub fn to_json(entries: &[Entry]) -> String {
    to_json_all(entries, &[])
}

/// The entries, then the knee events, as a JSON array of [`Row`]s (a whole log's backup).
pub fn to_json_all(entries: &[Entry], events: &[KneeEvent]) -> String {
    let mut out = JsonOut::new(Vec::new());
    for e in entries {
        out.entry(e).expect("in memory");
    }
    for e in events {
        out.event(e).expect("in memory");
    }
    String::from_utf8(out.finish().expect("in memory")).expect("utf-8 in, utf-8 out")
}

/// The entries as vmo's CSV.
pub fn to_csv(entries: &[Entry]) -> String {
    to_csv_all(entries, &[])
}

/// The entries, then the knee events, as vmo's CSV (a whole log's backup).
pub fn to_csv_all(entries: &[Entry], events: &[KneeEvent]) -> String {
    let mut out = CsvOut::new(Vec::new()).expect("in memory");
    for e in entries {
        out.entry(e).expect("in memory");
    }
    for e in events {
        out.event(e).expect("in memory");
    }
    String::from_utf8(out.finish().expect("in memory")).expect("utf-8 in, utf-8 out")
}

/// A [`Row`] borrowed from an entry or a knee event, to be written without copying its
/// reps or note.
#[derive(Serialize)]
struct RowOut<'a> {
    id: i64,
    date: NaiveDate,
    status: &'a str,
    sets: u32,
    reps: &'a [u32],
    load_kg: Option<f64>,
    rpe: Option<f64>,
    pain_during: Option<f64>,
    pain_morning: Option<f64>,
    #[serde(flatten)]
    symptoms: Symptoms,
    note: Option<&'a str>,
    extra: bool,
}

impl<'a> RowOut<'a> {
    fn entry(e: &'a Entry) -> RowOut<'a> {
        RowOut {
            id: e.id,
            date: e.date,
            status: e.status.as_str(),
            sets: e.reps.len() as u32,
            reps: &e.reps,
            load_kg: e.load_kg,
            rpe: e.rpe,
            pain_during: e.pain_during,
            pain_morning: e.pain_morning,
            symptoms: e.symptoms,
            note: e.note.as_deref(),
            extra: e.extra,
        }
    }

    fn event(e: &'a KneeEvent) -> RowOut<'a> {
        RowOut {
            id: e.id,
            date: e.date,
            status: e.kind.as_str(),
            sets: 0,
            reps: &[],
            load_kg: None,
            rpe: None,
            pain_during: None,
            pain_morning: None,
            symptoms: Symptoms::default(),
            note: e.note.as_deref(),
            extra: false,
        }
    }
}

/// vmo's JSON written a row at a time, as `serde_json::to_string_pretty` writes the
/// whole array (so `log export` streams a log of any length in the same bytes).
pub struct JsonOut<W: std::io::Write> {
    w: W,
    rows: usize,
    buf: Vec<u8>,
}

impl<W: std::io::Write> JsonOut<W> {
    /// Starts the array.
    pub fn new(w: W) -> JsonOut<W> {
        JsonOut {
            w,
            rows: 0,
            buf: Vec::new(),
        }
    }

    /// Writes an entry.
    pub fn entry(&mut self, e: &Entry) -> std::io::Result<()> {
        self.row(&RowOut::entry(e))
    }

    /// Writes a knee event (after the entries).
    pub fn event(&mut self, e: &KneeEvent) -> std::io::Result<()> {
        self.row(&RowOut::event(e))
    }

    fn row(&mut self, r: &RowOut<'_>) -> std::io::Result<()> {
        self.buf.clear();
        serde_json::to_writer_pretty(&mut self.buf, r)?;
        self.w
            .write_all(if self.rows == 0 { b"[\n  " } else { b",\n  " })?;
        self.rows += 1;
        // One level deeper: a row's own line breaks are its layout (a JSON string holds
        // none raw), so each gains the array's indent.
        for (i, line) in self.buf.split(|b| *b == b'\n').enumerate() {
            if i > 0 {
                self.w.write_all(b"\n  ")?;
            }
            self.w.write_all(line)?;
        }
        Ok(())
    }

    /// Ends the array (and the file's last line); gives the writer back.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.w
            .write_all(if self.rows == 0 { b"[]\n" } else { b"\n]\n" })?;
        self.w.flush()?;
        Ok(self.w)
    }
}

/// vmo's CSV written a row at a time: the header first, then entries, then knee events.
pub struct CsvOut<W: std::io::Write> {
    w: csv::Writer<W>,
}

impl<W: std::io::Write> CsvOut<W> {
    /// Writes the header.
    pub fn new(w: W) -> std::io::Result<CsvOut<W>> {
        let mut w = csv::Writer::from_writer(w);
        w.write_record(CSV_HEADER)?;
        Ok(CsvOut { w })
    }

    /// Writes an entry.
    pub fn entry(&mut self, e: &Entry) -> std::io::Result<()> {
        let w = &mut self.w;
        // Exact enough to read back the same value (a Strong import keeps loads to 0.01 kg).
        let opt = |v: Option<f64>| v.map(crate::template::num).unwrap_or_default();
        let mut reps = String::with_capacity(e.reps.len() * 3);
        for (i, r) in e.reps.iter().enumerate() {
            if i > 0 {
                reps.push(',');
            }
            reps.push_str(&r.to_string());
        }
        w.write_field(e.id.to_string())?;
        w.write_field(e.date.to_string())?;
        w.write_field(e.status.as_str())?;
        w.write_field(e.reps.len().to_string())?;
        w.write_field(reps)?;
        w.write_field(opt(e.load_kg))?;
        w.write_field(opt(e.rpe))?;
        w.write_field(opt(e.pain_during))?;
        w.write_field(opt(e.pain_morning))?;
        w.write_field(bool_text(e.symptoms.swelling))?;
        w.write_field(formula_safe(e.note.as_deref().unwrap_or_default()).as_ref())?;
        w.write_field(bool_text(e.extra))?;
        w.write_field(bool_text(e.symptoms.locking))?;
        w.write_field(bool_text(e.symptoms.giving_way))?;
        w.write_field(bool_text(e.symptoms.night_pain))?;
        w.write_record(None::<&[u8]>)?;
        Ok(())
    }

    /// Writes a knee event (after the entries): its date, kind and note; the other cells
    /// empty.
    pub fn event(&mut self, e: &KneeEvent) -> std::io::Result<()> {
        let note = formula_safe(e.note.as_deref().unwrap_or_default());
        self.w.write_record([
            e.id.to_string().as_str(),
            &e.date.to_string(),
            e.kind.as_str(),
            "0",
            "",
            "",
            "",
            "",
            "",
            "false",
            note.as_ref(),
            "false",
            "false",
            "false",
            "false",
        ])?;
        Ok(())
    }

    /// Flushes what is written; gives the writer back.
    pub fn finish(self) -> std::io::Result<W> {
        self.w.into_inner().map_err(|e| e.into_error())
    }
}

fn bool_text(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

/// What kind of file an import was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// vmo's CSV.
    VmoCsv,
    /// vmo's JSON.
    VmoJson,
    /// Strong's CSV export.
    Strong,
}

impl Kind {
    /// Its name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Kind::VmoCsv => "vmo CSV",
            Kind::VmoJson => "vmo JSON",
            Kind::Strong => "Strong CSV",
        }
    }
}

/// Reads an import file: every row is checked first, and any bad row fails the whole file
/// with its line number (so an import is all or nothing).
pub fn parse(text: &str) -> Result<(Kind, Vec<Entry>), String> {
    parse_all(text).map(|(k, entries, _)| (k, entries))
}

/// [`parse`] with the knee events a vmo export carries (Strong's has none).
pub fn parse_all(text: &str) -> Result<(Kind, Vec<Entry>, Vec<KneeEvent>), String> {
    let (mut entries, mut events) = (Vec::new(), Vec::new());
    let kind = read(text.as_bytes(), LAST_DATE, &mut |i| {
        match i {
            Item::Entry(e) => entries.push(e),
            Item::Event(e) => events.push(e),
        }
        Ok(())
    })
    .map_err(|e| match e {
        ReadError::Bad(m) => m,
        ReadError::Stopped(e) => format!("{e:#}"),
    })?;
    Ok((kind, entries, events))
}

/// What an import hands each row to, in the file's order.
pub type Sink<'s> = &'s mut dyn FnMut(Item) -> anyhow::Result<()>;

/// A row the sink refuses (an import's rule about the log as a whole): the reader says it
/// with the row's line, as it says a bad row.
#[derive(Debug)]
pub struct RowRefused(pub String);

impl std::fmt::Display for RowRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RowRefused {}

/// A sink's error as the reader reports it: a refused row is `at` its line.
fn sink_error(e: anyhow::Error, at: impl FnOnce(String) -> String) -> ReadError {
    match e.downcast::<RowRefused>() {
        Ok(RowRefused(m)) => ReadError::Bad(at(m)),
        Err(e) => ReadError::Stopped(e),
    }
}

/// Why [`read`] stopped.
#[derive(Debug)]
pub enum ReadError {
    /// The file is not one vmo reads, or a row is bad: `line N: what`.
    Bad(String),
    /// The sink (or reading the file) failed.
    Stopped(anyhow::Error),
}

impl From<String> for ReadError {
    fn from(m: String) -> ReadError {
        ReadError::Bad(m)
    }
}

/// Most bytes one row of an import may take (a CSV record, an element of the JSON
/// array): a row at the log's limits takes under 10 KB; reading stops here, so a file
/// cannot make vmo hold a gigabyte-long "note".
pub const MAX_ROW_BYTES: usize = 1024 * 1024;

/// Largest Strong export read (its squat sets are grouped by day in memory; vmo's own
/// files are read a row at a time, whatever their length).
pub const MAX_STRONG_BYTES: u64 = 64 * 1024 * 1024;

/// Reads an import file a row at a time, handing each row to `sink` as soon as it is read
/// and checked, so a file of any length is read in little memory: vmo's CSV and JSON
/// stream; a Strong export (rows of one day may be anywhere) is read whole, up to
/// [`MAX_STRONG_BYTES`]. The first bad row stops the read with its line; the caller
/// makes the import all or nothing (one transaction). No row may be dated after `today`
/// (a log holds what was done).
pub fn read(r: impl std::io::Read, today: NaiveDate, sink: Sink<'_>) -> Result<Kind, ReadError> {
    use std::io::Read as _;
    let mut r = std::io::BufReader::with_capacity(64 * 1024, r);
    let io = |e: std::io::Error| ReadError::Stopped(e.into());
    // The head: up to the end of the first line with something on it (bounded).
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    let mut seen = false;
    while head.len() < 64 * 1024 && r.read(&mut byte).map_err(io)? == 1 {
        head.push(byte[0]);
        if byte[0] == b'\n' && seen {
            break;
        }
        seen |= !byte[0].is_ascii_whitespace();
    }
    let head = head
        .strip_prefix("\u{feff}".as_bytes())
        .unwrap_or(&head)
        .to_vec();
    let stream = std::io::Cursor::new(head.clone()).chain(r);
    if head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        vmo_json(stream, today, sink)?;
        return Ok(Kind::VmoJson);
    }
    let first = head.split(|b| *b == b'\n').next().unwrap_or_default();
    let first = String::from_utf8_lossy(first);
    if first.contains("Exercise Name") {
        let mut text = Vec::new();
        stream
            .take(MAX_STRONG_BYTES + 1)
            .read_to_end(&mut text)
            .map_err(io)?;
        if text.len() as u64 > MAX_STRONG_BYTES {
            return Err(ReadError::Bad(format!(
                "a Strong export larger than {} MiB (split it by date and import each part)",
                MAX_STRONG_BYTES / (1024 * 1024)
            )));
        }
        let text =
            String::from_utf8(text).map_err(|_| ReadError::Bad("not UTF-8 text".to_string()))?;
        for e in strong(&text, today).map_err(ReadError::Bad)? {
            let date = e.date;
            sink(Item::Entry(e))
                .map_err(|e| sink_error(e, |m| format!("the squat sets of {date}: {m}")))?;
        }
        return Ok(Kind::Strong);
    }
    // An export from before schema 2 has the first 12 columns.
    let header = first.trim_end();
    if header == CSV_HEADER.join(",") || header == CSV_HEADER[..12].join(",") {
        vmo_csv(stream, today, sink)?;
        return Ok(Kind::VmoCsv);
    }
    Err(ReadError::Bad(format!(
        "line 1: not a log file vmo reads: expected vmo's CSV header ({}), vmo's JSON array, or a Strong CSV export (with an \"Exercise Name\" column)",
        CSV_HEADER.join(",")
    )))
}

fn vmo_json(r: impl std::io::Read, today: NaiveDate, sink: Sink<'_>) -> Result<(), ReadError> {
    use serde::Deserializer as _;
    let at = std::rc::Rc::new(std::cell::Cell::new(1));
    let too_long = std::rc::Rc::new(std::cell::Cell::new(false));
    let lines = JsonLines {
        inner: r,
        line: 1,
        read: 0,
        depth: 0,
        in_string: false,
        escape: false,
        in_elem: false,
        elem_start: 0,
        elem_line: at.clone(),
        too_long: too_long.clone(),
    };
    let mut de = serde_json::Deserializer::from_reader(lines);
    let failed = std::cell::Cell::new(None);
    let n = std::cell::Cell::new(0);
    de.deserialize_seq(Rows {
        sink,
        today,
        at: at.clone(),
        n: &n,
        failed: &failed,
    })
    .and_then(|()| de.end())
    .map_err(|e| {
        failed.take().unwrap_or_else(|| {
            if too_long.get() {
                ReadError::Bad(format!(
                    "line {}: entry {}: {}",
                    at.get(),
                    n.get(),
                    row_too_long()
                ))
            } else if e.is_data() {
                // A bad value inside an entry is the entry's fault; bad JSON the file's.
                let (line, what) = json_parts(&e);
                ReadError::Bad(format!("line {}: entry {}: {what}", line.max(1), n.get()))
            } else if e.is_io() {
                ReadError::Stopped(e.into())
            } else {
                ReadError::Bad(json_error(e))
            }
        })
    })
}

/// A row as an entry or, for `cleared`/`acknowledged`, a knee event, dated no later
/// than `today`.
fn row_item(r: Row, today: NaiveDate) -> Result<Item, String> {
    let date = r.date;
    let item = row_item_in_range(r)?;
    check_not_after(date, today).map_err(|m| format!("date {m}"))?;
    Ok(item)
}

/// [`row_item`] without the look at today: the fields within the log's limits.
fn row_item_in_range(r: Row) -> Result<Item, String> {
    let kind = match r.status.as_str() {
        "cleared" => KneeEventKind::Cleared,
        "acknowledged" => KneeEventKind::Acknowledged,
        _ => return row_entry(r).map(Item::Entry),
    };
    // A knee event holds its date and note: a pain or a symptom beside it would be
    // dropped without a word (a red flag lost in a clearance row), so it is refused.
    let filled: Vec<&str> = [
        ("sets", r.sets != 0),
        ("reps", !r.reps.is_empty()),
        ("load_kg", r.load_kg.is_some()),
        ("rpe", r.rpe.is_some()),
        ("pain_during", r.pain_during.is_some()),
        ("pain_morning", r.pain_morning.is_some()),
        ("swelling", r.symptoms.swelling),
        ("extra", r.extra),
        ("locking", r.symptoms.locking),
        ("giving_way", r.symptoms.giving_way),
        ("night_pain", r.symptoms.night_pain),
    ]
    .into_iter()
    .filter_map(|(name, set)| set.then_some(name))
    .collect();
    if !filled.is_empty() {
        return Err(format!(
            "status {:?} is a knee event, which holds only its date and note, but {} {} set (allowed: empty, 0 sets, false); log the session as a done entry of its own",
            r.status,
            filled.join(", "),
            if filled.len() == 1 { "is" } else { "are" }
        ));
    }
    if !(FIRST_DATE..=LAST_DATE).contains(&r.date) {
        return Err(format!(
            "date {} is out of range (allowed {FIRST_DATE} to {LAST_DATE})",
            r.date
        ));
    }
    let note = r.note.filter(|n| !n.is_empty());
    if let Some(n) = &note {
        check_note(n)?;
    }
    Ok(Item::Event(KneeEvent {
        id: r.id,
        date: r.date,
        kind,
        note,
    }))
}

fn row_entry(r: Row) -> Result<Entry, String> {
    let status = match r.status.as_str() {
        "done" => Status::Done,
        "skipped" => Status::Skipped,
        other => {
            return Err(format!(
                "status {other:?} (allowed done, skipped, cleared, acknowledged)"
            ));
        }
    };
    if r.sets as usize != r.reps.len() {
        return Err(format!(
            "sets {} does not match the {} reps given",
            r.sets,
            r.reps.len()
        ));
    }
    check_entry(Entry {
        id: r.id,
        date: r.date,
        status,
        reps: r.reps,
        load_kg: r.load_kg,
        rpe: r.rpe,
        pain_during: r.pain_during,
        pain_morning: r.pain_morning,
        symptoms: r.symptoms,
        note: r.note,
        extra: r.extra,
    })
}

/// Line numbers from byte offsets, counted once for the whole file (the `csv` crate's own
/// line count is one low after a CRLF line ending).
struct Lines<'t> {
    text: &'t [u8],
    /// The line of byte `counted`.
    line: usize,
    counted: usize,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Lines<'t> {
        Lines {
            text: text.as_bytes(),
            line: 1,
            counted: 0,
        }
    }

    /// The line of the record said to start at byte `at` (offsets asked for in increasing
    /// order). After a CRLF the `csv` crate gives the offset of its `\n`, and before a
    /// record it may give that of blank lines it skipped: the record starts after them.
    fn at(&mut self, at: usize) -> usize {
        let mut at = at.min(self.text.len()).max(self.counted);
        while self
            .text
            .get(at)
            .is_some_and(|b| matches!(b, b'\r' | b'\n'))
        {
            at += 1;
        }
        self.line += self.text[self.counted..at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.counted = at;
        self.line
    }
}

/// Where the line breaks of a stream were, for the line of each record a buffering
/// parser (the `csv` crate) reads from it; and a stop for a record longer than
/// [`MAX_ROW_BYTES`]. Only the breaks not yet counted are kept (those the parser read
/// ahead).
struct Breaks<R> {
    inner: R,
    read: u64,
    breaks: std::collections::VecDeque<(u64, u8)>,
    /// The line of byte `counted`.
    line: usize,
    counted: u64,
    /// Where the record being read began (the end of the last one).
    row_start: u64,
}

impl<R: std::io::Read> std::io::Read for Breaks<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.read - self.row_start > MAX_ROW_BYTES as u64 {
            return Err(std::io::Error::other(RowTooLong));
        }
        let n = self.inner.read(buf)?;
        for (i, &b) in buf[..n].iter().enumerate() {
            if matches!(b, b'\r' | b'\n') {
                self.breaks.push_back((self.read + i as u64, b));
            }
        }
        self.read += n as u64;
        Ok(n)
    }
}

impl<R> Breaks<R> {
    /// The line of the record said to start at byte `at` (offsets asked for in increasing
    /// order). After a CRLF the `csv` crate gives the offset of its `\n`, and before a
    /// record it may give that of blank lines it skipped: the record starts after them.
    fn at(&mut self, at: u64) -> usize {
        let mut at = at.max(self.counted);
        while let Some(&(o, b)) = self.breaks.front() {
            if o < at {
                self.line += usize::from(b == b'\n');
            } else if o == at {
                self.line += usize::from(b == b'\n');
                at += 1;
            } else {
                break;
            }
            self.breaks.pop_front();
        }
        self.counted = at;
        self.line
    }
}

fn vmo_csv(r: impl std::io::Read, today: NaiveDate, sink: Sink<'_>) -> Result<(), ReadError> {
    let mut rd = csv::ReaderBuilder::new().from_reader(Breaks {
        inner: r,
        read: 0,
        breaks: Default::default(),
        line: 1,
        counted: 0,
        row_start: 0,
    });
    // The header (already checked): rows are counted from the end of it.
    rd.byte_headers()
        .map_err(|e| ReadError::Bad(format!("line 1: {e}")))?;
    rd.get_mut().row_start = rd.position().byte();
    let mut rec = csv::StringRecord::new();
    loop {
        let more = rd.read_record(&mut rec);
        let start = rd.get_ref().row_start;
        let more = more.map_err(|e| {
            let line = rd.get_mut().at(start);
            match e.kind() {
                csv::ErrorKind::Utf8 { .. } => ReadError::Bad(format!(
                    "line {}: not UTF-8 text",
                    match e.position() {
                        Some(p) => rd.get_mut().at(p.byte()),
                        None => line,
                    }
                )),
                csv::ErrorKind::Io(io) if is_too_long(io) => {
                    ReadError::Bad(format!("line {line}: a row {}", row_too_long()))
                }
                csv::ErrorKind::Io(_) => ReadError::Stopped(e.into()),
                _ => ReadError::Bad(format!("{e}")),
            }
        })?;
        if !more {
            return Ok(());
        }
        rd.get_mut().row_start = rd.position().byte();
        let line = rd.get_mut().at(rec.position().map_or(0, |p| p.byte()));
        let at = |e: String| format!("line {line}: {e}");
        let get = |i: usize| rec.get(i).unwrap_or("").trim();
        let num = |i: usize| -> Result<Option<f64>, String> {
            let v = get(i);
            if v.is_empty() {
                return Ok(None);
            }
            v.parse::<f64>()
                .map(Some)
                .map_err(|_| format!("{} {v:?} is not a number", CSV_HEADER[i]))
        };
        let bool_at = |i: usize| -> Result<bool, String> {
            match get(i) {
                "true" | "1" => Ok(true),
                "false" | "0" | "" => Ok(false),
                v => Err(format!("{} {v:?} (allowed true, false)", CSV_HEADER[i])),
            }
        };
        let reps = if get(4).is_empty() {
            Vec::new()
        } else {
            parse_reps(get(4)).map_err(|e| at(format!("reps: {e}")))?
        };
        let row = Row {
            id: get(0)
                .parse()
                .map_err(|_| at(format!("id {:?} is not a whole number", get(0))))?,
            date: get(1)
                .parse()
                .map_err(|_| at(format!("date {:?} (expected YYYY-MM-DD)", get(1))))?,
            status: get(2).to_string(),
            sets: get(3)
                .parse()
                .map_err(|_| at(format!("sets {:?} is not a whole number", get(3))))?,
            reps,
            load_kg: num(5).map_err(at)?,
            rpe: num(6).map_err(at)?,
            pain_during: num(7).map_err(at)?,
            pain_morning: num(8).map_err(at)?,
            symptoms: Symptoms {
                swelling: bool_at(9).map_err(at)?,
                locking: bool_at(12).map_err(at)?,
                giving_way: bool_at(13).map_err(at)?,
                night_pain: bool_at(14).map_err(at)?,
            },
            note: Some(formula_restore(rec.get(10).unwrap_or("")).to_string()),
            extra: bool_at(11).map_err(at)?,
        };
        let item = row_item(row, today).map_err(|e| ReadError::Bad(at(e)))?;
        sink(item).map_err(|e| sink_error(e, at))?;
    }
}

/// Strong's export: one row per set; rows whose exercise is a squat are grouped by day.
fn strong(text: &str, today: NaiveDate) -> Result<Vec<Entry>, String> {
    let first = text.lines().next().unwrap_or("");
    let delim = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut rd = csv::ReaderBuilder::new()
        .delimiter(delim)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = rd.headers().map_err(|e| format!("line 1: {e}"))?.clone();
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let need = |name: &str| col(name).ok_or_else(|| format!("line 1: no {name:?} column"));
    let (c_date, c_ex, c_reps) = (need("Date")?, need("Exercise Name")?, need("Reps")?);
    let (c_w, c_unit, c_rpe, c_order) = (
        col("Weight"),
        col("Weight Unit"),
        col("RPE"),
        col("Set Order"),
    );
    let (c_notes, c_wnotes) = (col("Notes"), col("Workout Notes"));
    let mut days: std::collections::BTreeMap<NaiveDate, Entry> = Default::default();
    let mut lines = Lines::new(text);
    for rec in rd.records() {
        let rec = rec.map_err(|e| format!("{e}"))?;
        let line = lines.at(rec.position().map_or(0, |p| p.byte() as usize));
        let get = |i: Option<usize>| i.and_then(|i| rec.get(i)).unwrap_or("").trim();
        if !get(Some(c_ex)).to_lowercase().contains("squat") {
            continue;
        }
        // Rest timers and warm-ups carry a letter in Set Order (e.g. "W"); skip them.
        if c_order.is_some() && get(c_order).parse::<u32>().is_err() {
            continue;
        }
        let at = |e: String| format!("line {line}: {e}");
        let day = get(Some(c_date));
        let date: NaiveDate = day
            .get(..10)
            .and_then(|d| d.parse().ok())
            .ok_or_else(|| at(format!("Date {day:?} (expected YYYY-MM-DD …)")))?;
        check_date(date).map_err(|m| at(format!("Date {m}")))?;
        check_not_after(date, today).map_err(|m| at(format!("Date {m}")))?;
        let reps_text = get(Some(c_reps));
        let reps: u32 = reps_text
            .parse::<f64>()
            .ok()
            .filter(|r| r.fract() == 0.0 && *r >= 1.0 && *r <= f64::from(MAX_COUNT))
            .map(|r| r as u32)
            .ok_or_else(|| at(format!("Reps {reps_text:?} (allowed 1 to {MAX_COUNT})")))?;
        let weight = get(c_w);
        let kg = if weight.is_empty() {
            None
        } else {
            let w: f64 = weight
                .parse()
                .ok()
                .filter(|w: &f64| w.is_finite())
                .ok_or_else(|| at(format!("Weight {weight:?} is not a weight")))?;
            let unit = get(c_unit);
            let lb = matches!(unit.to_lowercase().as_str(), "lbs" | "lb");
            let kg = if lb { w * crate::units::KG_PER_LB } else { w };
            if !(0.0..=MAX_LOAD_KG).contains(&kg) {
                return Err(at(format!(
                    "Weight {weight} {} is out of range (allowed 0 to {MAX_LOAD_KG} kg)",
                    if unit.is_empty() { "kg" } else { unit }
                )));
            }
            Some(kg)
        };
        let rpe_text = get(c_rpe);
        let rpe = if rpe_text.is_empty() {
            None
        } else {
            Some(parse_rpe(rpe_text).map_err(|e| at(format!("RPE: {e}")))?)
        };
        let e = days.entry(date).or_insert_with(|| Entry {
            id: 0,
            date,
            status: Status::Done,
            reps: Vec::new(),
            load_kg: None,
            rpe: None,
            pain_during: None,
            pain_morning: None,
            symptoms: Symptoms::default(),
            note: None,
            extra: false,
        });
        e.reps.push(reps);
        check_sets(e.reps.len()).map_err(|m| {
            at(format!(
                "{m} (the squat sets of {date}, which make one entry)"
            ))
        })?;
        if let Some(kg) = kg.filter(|k| *k > 0.0) {
            let kg = (kg * 100.0).round() / 100.0;
            e.load_kg = Some(e.load_kg.map_or(kg, |old: f64| old.max(kg)));
        }
        if let Some(r) = rpe {
            e.rpe = Some(e.rpe.map_or(r, |old: f64| old.max(r)));
        }
        let note = [get(c_notes), get(c_wnotes)]
            .into_iter()
            .filter(|n| !n.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        check_note(&note).map_err(|m| at(format!("Notes: {m}")))?;
        if !note.is_empty() && e.note.is_none() {
            e.note = Some(note);
        }
    }
    // Every field was checked on its line; this stores the load to the gram.
    days.into_values().map(check_entry).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: i64, date: &str) -> Entry {
        Entry {
            id,
            date: date.parse().unwrap(),
            status: Status::Done,
            reps: vec![12, 12, 9],
            load_kg: Some(10.0),
            rpe: Some(7.5),
            pain_during: Some(3.0),
            pain_morning: None,
            symptoms: Symptoms::default(),
            note: Some("left knee, \"tight\", fine".into()),
            extra: false,
        }
    }

    #[test]
    fn vmo_csv_and_json_round_trip_exactly() {
        let mut skipped = entry(2, "2026-12-04");
        skipped.status = Status::Skipped;
        skipped.reps.clear();
        skipped.load_kg = None;
        skipped.note = None;
        let entries = vec![entry(1, "2026-12-02"), skipped];
        let csv = to_csv(&entries);
        assert_eq!(parse(&csv).unwrap(), (Kind::VmoCsv, entries.clone()));
        let json = to_json(&entries);
        assert_eq!(parse(&json).unwrap(), (Kind::VmoJson, entries));
    }

    #[test]
    fn the_streamed_json_is_serde_json_pretty_array() {
        for n in 0..3 {
            let entries: Vec<Entry> = (1..=n).map(|i| entry(i, "2026-12-02")).collect();
            let rows: Vec<Row> = entries.iter().map(Row::from).collect();
            let whole = serde_json::to_string_pretty(&rows).unwrap() + "\n";
            assert_eq!(to_json(&entries), whole, "{n} rows");
        }
    }

    #[test]
    fn every_red_flag_symptom_round_trips_and_older_exports_still_import() {
        let mut e = entry(1, "2026-12-02");
        e.symptoms = Symptoms {
            swelling: false,
            locking: true,
            giving_way: true,
            night_pain: true,
        };
        assert_eq!(parse(&to_csv(&[e.clone()])).unwrap().1, vec![e.clone()]);
        assert_eq!(parse(&to_json(&[e.clone()])).unwrap().1, vec![e]);
        // Written before the three symptoms had columns of their own.
        let old =
            "id,date,status,sets,reps,load_kg,rpe,pain_during,pain_morning,swelling,note,extra
1,2026-12-02,done,2,\"12,12\",10,7.5,3,,true,,false
";
        let (_, got) = parse(old).unwrap();
        assert!(got[0].symptoms.swelling && !got[0].symptoms.locking);
        let old_json = r#"[{"id":1,"date":"2026-12-02","status":"done","sets":1,"reps":[8],
            "load_kg":null,"rpe":null,"pain_during":null,"pain_morning":null,
            "swelling":false,"note":null,"extra":false}]"#;
        assert_eq!(parse(old_json).unwrap().1[0].symptoms, Symptoms::default());
    }

    #[test]
    fn loads_to_the_hundredth_survive_the_csv() {
        // 22 lb from a Strong export is 9.98 kg; the CSV once wrote it as 10.
        let mut e = entry(1, "2026-12-02");
        e.load_kg = Some(9.98);
        assert_eq!(parse(&to_csv(&[e.clone()])).unwrap().1, vec![e]);
    }

    #[test]
    fn strong_squat_sets_become_one_entry_per_day() {
        let text = "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes
2026-12-02 07:30:00;Legs;Goblet Squat (Dumbbell);1;22;lbs;12;7;;;0;;
2026-12-02 07:30:00;Legs;Goblet Squat (Dumbbell);2;22;lbs;12;8;;;0;;
2026-12-02 07:30:00;Legs;Leg Press;1;100;lbs;10;;;;0;;
2026-12-04 07:30:00;Legs;Squat (Bodyweight);1;0;kg;15;;;;0;felt good;
";
        let (kind, e) = parse(text).unwrap();
        assert_eq!(kind, Kind::Strong);
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].reps, vec![12, 12]);
        assert_eq!(e[0].load_kg, Some(9.98));
        assert_eq!(e[0].rpe, Some(8.0));
        assert_eq!(e[1].reps, vec![15]);
        assert_eq!(e[1].load_kg, None);
        assert_eq!(e[1].note.as_deref(), Some("felt good"));
    }

    #[test]
    fn a_bad_row_names_its_line() {
        let mut csv = to_csv(&[entry(1, "2026-12-02"), entry(2, "2026-12-03")]);
        csv = csv.replace("2026-12-03", "2026-13-03");
        let err = parse(&csv).unwrap_err();
        assert!(err.starts_with("line 3: date \"2026-13-03\""), "{err}");
        assert!(
            parse("hello\n")
                .unwrap_err()
                .starts_with("line 1: not a log file")
        );
    }
}
