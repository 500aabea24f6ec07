//! Finding a template's text: a built-in name, a file path, or stdin (`-`).

use std::fs;
use std::io::Read;
use std::path::Path;

use anyhow::Result;

use crate::exit::{input_error, io_reason as describe, read_limited};
use crate::template::{self, MAX_TEMPLATE_BYTES, Template, builtin, builtin_names};

/// A template's text and where it came from.
#[derive(Debug, Clone)]
pub struct Source {
    /// Name for messages: the path, `<stdin>` or `builtin:NAME`.
    pub origin: String,
    /// TOML text.
    pub text: String,
}

/// Reads the template `spec` names; `stdin` is used only for `-`.
pub fn read(spec: &str, stdin: &mut dyn Read) -> Result<Source> {
    if spec == "-" {
        let mut buf = Vec::new();
        stdin
            .take(MAX_TEMPLATE_BYTES as u64 + 1)
            .read_to_end(&mut buf)
            .map_err(|e| {
                input_error(format!("cannot read template from stdin: {}", describe(&e)))
            })?;
        let within = buf.len() <= MAX_TEMPLATE_BYTES;
        return decode("<stdin>", within.then_some(buf));
    }
    if let Some(b) = builtin(spec) {
        return Ok(Source {
            origin: format!("builtin:{}", b.name),
            text: b.source.to_string(),
        });
    }
    let path = Path::new(spec);
    let looks_like_name = !spec.contains(['/', '\\', '.']);
    match fs::metadata(path) {
        Err(_) if looks_like_name => Err(input_error(format!(
            "unknown template {}{} (built-ins: {}; or give a path to a .toml file, or - for stdin)",
            crate::visible::quoted(spec),
            crate::template::did_you_mean_builtin(spec),
            builtin_names()
        ))),
        Err(e) => Err(input_error(format!(
            "cannot read template {spec}: {}",
            describe(&e)
        ))),
        Ok(m) if m.is_dir() => Err(input_error(format!(
            "template {spec} is a directory; give a .toml file"
        ))),
        Ok(m) if m.len() > MAX_TEMPLATE_BYTES as u64 => Err(input_error(format!(
            "template {spec} is {} bytes; the limit is {MAX_TEMPLATE_BYTES} bytes (1 MiB)",
            m.len()
        ))),
        Ok(_) => {
            let bytes = read_limited(path, MAX_TEMPLATE_BYTES).map_err(|e| {
                input_error(format!("cannot read template {spec}: {}", describe(&e)))
            })?;
            decode(spec, bytes)
        }
    }
}

fn decode(origin: &str, bytes: Option<Vec<u8>>) -> Result<Source> {
    let Some(bytes) = bytes else {
        return Err(input_error(format!(
            "template {origin} is larger than the limit of {MAX_TEMPLATE_BYTES} bytes (1 MiB)"
        )));
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        input_error(format!(
            "template {origin} is not UTF-8 text (bad byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok(Source {
        origin: origin.to_string(),
        text,
    })
}

/// Reads and validates a template.
pub fn load(spec: &str, stdin: &mut dyn Read) -> Result<Template> {
    let src = read(spec, stdin)?;
    Ok(template::parse(&src.origin, &src.text)?)
}
