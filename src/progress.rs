//! Progress on a terminal for work that takes more than a second (a large `log import`):
//! a bar on stderr once a second has passed, cleared when the work ends; never when stderr
//! is not a terminal (a pipe, a file, CI), so scripts see nothing of it.

use std::io::{IsTerminal, Read};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Work shorter than this shows no bar (a flash of one is noise).
pub const AFTER: Duration = Duration::from_secs(1);

/// True when a bar is shown: on a terminal, once `elapsed` reaches [`AFTER`].
pub fn shown(terminal: bool, elapsed: Duration) -> bool {
    terminal && elapsed >= AFTER
}

/// Progress through `total` bytes of work, drawn only once [`shown`] says so.
pub struct Progress {
    label: String,
    total: u64,
    start: Instant,
    terminal: bool,
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Progress of `label` (e.g. the file's name) through `total` bytes.
    pub fn new(label: String, total: u64) -> Progress {
        Progress {
            label,
            total,
            start: Instant::now(),
            terminal: std::io::stderr().is_terminal(),
            bar: None,
        }
    }

    /// `done` bytes of the work are done.
    pub fn set(&mut self, done: u64) {
        if self.bar.is_none() && shown(self.terminal, self.start.elapsed()) {
            let bar = ProgressBar::with_draw_target(Some(self.total), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{msg} {wide_bar} {binary_bytes}/{binary_total_bytes} {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.set_message(self.label.clone());
            self.bar = Some(bar);
        }
        if let Some(b) = &self.bar {
            b.set_position(done);
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
    }
}

/// A reader that reports how far through it is.
pub struct Reader<R> {
    inner: R,
    read: u64,
    progress: Progress,
}

impl<R: Read> Reader<R> {
    /// `inner`, `total` bytes long, read as `label`.
    pub fn new(inner: R, label: String, total: u64) -> Reader<R> {
        Reader {
            inner,
            read: 0,
            progress: Progress::new(label, total),
        }
    }
}

impl<R: Read> Read for Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        self.progress.set(self.read);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_only_on_a_terminal_and_only_after_a_second() {
        assert!(!shown(false, Duration::from_secs(60)));
        assert!(!shown(true, Duration::from_millis(999)));
        assert!(shown(true, Duration::from_secs(1)));
    }

    #[test]
    fn the_reader_passes_the_bytes_through() {
        let mut r = Reader::new(&b"abc"[..], "x".into(), 3);
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        assert_eq!(s, "abc");
        assert_eq!(r.read, 3);
    }
}
