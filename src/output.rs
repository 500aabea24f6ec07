//! Where data goes: stdout, or a file written atomically (temp file + rename) that is
//! never overwritten without `--force`.
//!
//! Health data stays owner-only: once a command has read the training log
//! ([`holds_log_data`]), every file it writes is 0600 whatever the umask (an existing file
//! loses its group and other bits), as is the profile ([`write_private`]).

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result};

use crate::exit::{input_error, io_reason as describe};

/// What a renderer that streams its output does with a writer.
pub type Producer<'a> = &'a mut dyn FnMut(&mut dyn Write) -> io::Result<()>;

/// Set once this process has read the training log: what it writes may carry log data.
static LOG_DATA: AtomicBool = AtomicBool::new(false);

/// Marks this process as holding training-log data: from now on every file it writes is
/// owner-only.
pub fn holds_log_data() {
    LOG_DATA.store(true, Ordering::Relaxed);
}

/// Writes `bytes` to `path`, or to stdout when `path` is `None` or `-`.
pub fn emit(path: Option<&Path>, force: bool, bytes: &[u8]) -> Result<()> {
    emit_with(path, force, &mut |w| w.write_all(bytes))
}

/// Like [`emit`], for output produced straight into a buffered writer, so a large
/// document is never held whole in memory.
pub fn emit_with(path: Option<&Path>, force: bool, produce: Producer<'_>) -> Result<()> {
    match path {
        None => write_stdout(produce),
        Some(p) if p == Path::new("-") => write_stdout(produce),
        Some(p) => write_atomic_with(p, force, produce),
    }
}

/// Buffer size for streamed output: a few pipe-fulls per write call.
const BUFFER: usize = 64 * 1024;

fn write_stdout(produce: Producer<'_>) -> Result<()> {
    let mut out = io::BufWriter::with_capacity(BUFFER, io::stdout().lock());
    // A closed pipe keeps its io::Error (exit::classify turns it into a quiet exit 0).
    let result = produce(&mut out).and_then(|()| out.flush());
    match result {
        // A writer that wraps the error (the CSV writer) keeps it as the source.
        Err(e) if closed_pipe(&e) => {
            Err(io::Error::from(io::ErrorKind::BrokenPipe)).context("stdout closed")
        }
        Err(e) => Err(anyhow::anyhow!("cannot write to stdout: {}", describe(&e))),
        Ok(()) => Ok(()),
    }
}

/// Whether `e`, or an error it wraps, is a closed pipe.
fn closed_pipe(e: &io::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cause {
        if let Some(io) = c.downcast_ref::<io::Error>() {
            if io.kind() == io::ErrorKind::BrokenPipe {
                return true;
            }
            // An error wrapped in an io::Error (`io::Error::other`) is its payload.
            if let Some(inner) = io.get_ref() {
                cause = Some(inner);
                continue;
            }
        }
        // The CSV writer's error names no source: its kind holds the io::Error.
        if let Some(csv::ErrorKind::Io(io)) = c.downcast_ref::<csv::Error>().map(csv::Error::kind) {
            cause = Some(io);
            continue;
        }
        cause = c.source();
    }
    false
}

/// Writes a file so that readers see either the old content or the whole new content.
///
/// The bytes go to a fresh temp file beside the target, which is synced and renamed over
/// it; on any failure the temp file is removed and the old file is untouched. A symlink is
/// followed (the file it points at is replaced, the link stays), and an existing file keeps
/// its permissions. Devices and pipes (`/dev/null`, `/dev/stdout`, a FIFO) are written
/// directly, since renaming over them would replace the device node.
pub fn write_atomic(path: &Path, force: bool, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, force, &mut |w| w.write_all(bytes))
}

/// [`write_atomic`] for a file that is owner-only whatever was read (the profile).
pub fn write_private(path: &Path, force: bool, bytes: &[u8]) -> Result<()> {
    write_file(path, force, true, &mut |w| w.write_all(bytes))
}

/// [`write_atomic`] for streamed output.
pub fn write_atomic_with(path: &Path, force: bool, produce: Producer<'_>) -> Result<()> {
    if let Some(what) = protected(path) {
        return Err(input_error(format!(
            "-o {}: that is {what}; vmo never writes output over it, even with --force: give another file",
            path.display()
        )));
    }
    write_file(path, force, LOG_DATA.load(Ordering::Relaxed), produce)
}

/// Files output must never replace, with what to call them: the training log (and the
/// files SQLite keeps beside it) and the profile this command uses.
static PROTECTED: std::sync::Mutex<Vec<(PathBuf, String)>> = std::sync::Mutex::new(Vec::new());

/// Marks `path` as a file output never replaces (`what` names it in the refusal, e.g.
/// `the training log (--db log.db)`).
pub fn protect(path: &Path, what: String) {
    if let Ok(mut p) = PROTECTED.lock() {
        p.push((path.to_path_buf(), what));
    }
}

/// What `target` is when it is a protected file, however it is spelt: through a symbolic
/// link, `./`, `..` or a hard link, it is the same file (same device and inode).
fn protected(target: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let t = fs::metadata(target).ok().filter(fs::Metadata::is_file)?;
    let same = |p: &Path| fs::metadata(p).is_ok_and(|m| m.dev() == t.dev() && m.ino() == t.ino());
    let list = PROTECTED.lock().ok()?;
    list.iter().find_map(|(p, what)| {
        if same(p) {
            return Some(what.clone());
        }
        ["-wal", "-shm", "-journal"].iter().find_map(|suffix| {
            let mut side = p.as_os_str().to_owned();
            side.push(suffix);
            same(Path::new(&side)).then(|| format!("the {suffix} file of {what}"))
        })
    })
}

fn write_file(path: &Path, force: bool, private: bool, produce: Producer<'_>) -> Result<()> {
    let shown = path.display();
    let meta = fs::metadata(path).ok();
    // A link to nothing: replacing it needs --force, and then the link itself is replaced
    // (following it would create a file wherever it points).
    if meta.is_none() && fs::symlink_metadata(path).is_ok_and(|m| m.is_symlink()) && !force {
        let target = fs::read_link(path)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        return Err(input_error(format!(
            "-o {shown}: is a symbolic link to {target}, which does not exist; pass --force to replace the link with the file"
        )));
    }
    if let Some(m) = &meta {
        if m.is_dir() {
            return Err(input_error(format!(
                "-o {shown}: is a directory; give a file name"
            )));
        }
        if !m.is_file() {
            return write_special(path, produce);
        }
        if !force {
            return Err(input_error(format!(
                "-o {shown}: file exists; pass --force to overwrite it"
            )));
        }
    }
    // Replace the file a symlink points at, not the link.
    let target = match &meta {
        Some(_) => fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
        None => path.to_path_buf(),
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        let why = if dir.exists() {
            "is not a folder"
        } else {
            "does not exist (create it first)"
        };
        return Err(anyhow::anyhow!(
            "cannot write {shown}: folder {} {why}",
            dir.display()
        ));
    }
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".to_string());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".vmo-tmp");
    set_permissions(&mut builder, meta.as_ref(), private);
    let mut tmp = builder
        .tempfile_in(&dir)
        .map_err(|e| anyhow::anyhow!("cannot write {shown}: {}", describe(&e)))?;
    let written = (|| -> io::Result<()> {
        let mut w = io::BufWriter::with_capacity(BUFFER, tmp.as_file_mut());
        produce(&mut w)?;
        w.flush()?;
        drop(w);
        tmp.as_file().sync_all()
    })();
    if let Err(e) = written {
        // Dropping `tmp` removes the temp file; the old file was never touched.
        return Err(anyhow::anyhow!("cannot write {shown}: {}", describe(&e)));
    }
    tmp.persist(&target)
        .map_err(|e| anyhow::anyhow!("cannot write {shown}: {}", describe(&e.error)))?;
    Ok(())
}

/// Sets the temp file's permissions: the old file's, or what a plain `create` would give
/// (0666 less the umask) rather than tempfile's private 0600. A `private` file keeps only
/// the owner's bits of the old file, or is 0600.
#[cfg(unix)]
fn set_permissions(b: &mut tempfile::Builder<'_, '_>, old: Option<&fs::Metadata>, private: bool) {
    use std::os::unix::fs::PermissionsExt;
    let mode = match old {
        Some(m) => m.permissions().mode() & 0o7777,
        None => 0o666,
    };
    let mode = if private { mode & 0o700 } else { mode };
    b.permissions(fs::Permissions::from_mode(mode));
}

#[cfg(not(unix))]
fn set_permissions(_b: &mut tempfile::Builder<'_, '_>, _old: Option<&fs::Metadata>, _: bool) {}

/// Creates `dir` and any missing parents owner-only (0700) whatever the umask. Only the
/// folders made here are set: a parent the user already has (e.g. `~/.config`) keeps its
/// own permissions.
#[cfg(unix)]
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    let mut missing = Vec::new();
    let mut d = Some(dir);
    while let Some(p) = d.filter(|p| !p.as_os_str().is_empty() && !p.exists()) {
        missing.push(p.to_path_buf());
        d = p.parent();
    }
    for p in missing.iter().rev() {
        match std::fs::DirBuilder::new().mode(0o700).create(p) {
            Ok(()) => std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o700))?,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Creates `dir` and any missing parents.
#[cfg(not(unix))]
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

fn write_special(path: &Path, produce: Producer<'_>) -> Result<()> {
    let result = fs::OpenOptions::new().write(true).open(path).and_then(|f| {
        let mut w = io::BufWriter::with_capacity(BUFFER, f);
        produce(&mut w)?;
        w.flush()
    });
    result.map_err(|e| anyhow::anyhow!("cannot write {}: {}", path.display(), describe(&e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_overwrite_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("plan.txt");
        write_atomic(&p, false, b"one").unwrap();
        let e = write_atomic(&p, false, b"two").unwrap_err();
        assert!(e.to_string().contains("--force"));
        assert_eq!(fs::read(&p).unwrap(), b"one");
        write_atomic(&p, true, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
    }

    #[test]
    fn a_missing_folder_is_named_and_nothing_is_left_behind() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("missing").join("plan.txt");
        let e = write_atomic(&p, false, b"x").unwrap_err().to_string();
        assert!(e.contains("missing") && e.contains("does not exist"), "{e}");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_stays_a_link_and_its_file_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.ics");
        let link = dir.path().join("link.ics");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, true, b"new").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(fs::read(&real).unwrap(), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn an_existing_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("plan.csv");
        fs::write(&p, "old").unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, true, b"new").unwrap();
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_full_device_is_a_clear_error() {
        let e = write_atomic(Path::new("/dev/full"), false, b"x")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "cannot write /dev/full: no space left on the device");
    }
}
