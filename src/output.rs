//! Where data goes: stdout, or a file written atomically (temp file + rename) that is
//! never overwritten without `--force`.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::exit::input_error;

/// Writes `bytes` to `path`, or to stdout when `path` is `None` or `-`.
pub fn emit(path: Option<&Path>, force: bool, bytes: &[u8]) -> Result<()> {
    match path {
        None => write_stdout(bytes),
        Some(p) if p == Path::new("-") => write_stdout(bytes),
        Some(p) => write_atomic(p, force, bytes),
    }
}

fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(bytes).context("cannot write to stdout")?;
    out.flush().context("cannot write to stdout")?;
    Ok(())
}

/// Writes a file so that readers see either the old content or the whole new content.
pub fn write_atomic(path: &Path, force: bool, bytes: &[u8]) -> Result<()> {
    if path.is_dir() {
        return Err(input_error(format!(
            "-o {}: is a directory; give a file name",
            path.display()
        )));
    }
    if path.exists() && !force {
        return Err(input_error(format!(
            "-o {}: file exists; pass --force to overwrite it",
            path.display()
        )));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".to_string());
    let tmp = dir.join(format!(".{name}.vmo-{}.tmp", std::process::id()));
    let result = (|| -> io::Result<()> {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("cannot write {}", path.display()));
    }
    Ok(())
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
    fn a_failed_write_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("missing").join("plan.txt");
        assert!(write_atomic(&p, false, b"x").is_err());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
