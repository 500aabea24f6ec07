//! `vmo completions SHELL`: clap_complete's script, with one repair for bash.

use anyhow::Result;
use clap::CommandFactory;

use super::common::emit;
use crate::cli::{Cli, OutputArgs};

/// Prints the completion script for `shell`.
pub(crate) fn run(shell: clap_complete::Shell, output: &OutputArgs) -> Result<()> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "vmo", &mut buf);
    let mut script = String::from_utf8_lossy(&buf).into_owned();
    if shell == clap_complete::Shell::Bash {
        script = files_too(&script);
    }
    emit(output, script.as_bytes())
}

/// `--template` takes a built-in name or a file: bash's `compgen` can offer both, but
/// clap_complete offers only the names once a flag has possible values. Files are the
/// `.toml` ones (a log or its `-wal` beside them is no template) and folders, to go in.
fn files_too(script: &str) -> String {
    let names: Vec<&str> = crate::template::BUILTINS.iter().map(|b| b.name).collect();
    let words = names.join(" ");
    script.replace(
        &format!("compgen -W \"{words}\" -- \"${{cur}}\""),
        &format!(
            "compgen -W \"{words}\" -- \"${{cur}}\"; compgen -d -- \"${{cur}}\"; compgen -f -X '!*.toml' -- \"${{cur}}\""
        ),
    )
}
