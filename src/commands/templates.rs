//! `vmo templates`: lists or prints the built-in templates.

use anyhow::Result;

use super::common::emit;
use crate::cli::{OutputArgs, TemplatesAction};
use crate::exit::input_error;
use crate::template::{BUILTINS, builtin, builtin_names, parse};

pub(crate) fn run(action: Option<TemplatesAction>, out: &OutputArgs) -> Result<()> {
    let text = match action.unwrap_or(TemplatesAction::List) {
        TemplatesAction::List => {
            let width = BUILTINS.iter().map(|b| b.name.len()).max().unwrap_or(0);
            let mut s = String::new();
            for b in BUILTINS {
                let t = parse(b.name, b.source)?;
                let default = if b.name == crate::template::DEFAULT_TEMPLATE {
                    " (default)"
                } else {
                    ""
                };
                s.push_str(&format!("{:width$}  {}{default}\n", b.name, t.description));
            }
            s
        }
        TemplatesAction::Show { name } => match builtin(&name) {
            Some(b) => b.source.to_string(),
            None => {
                return Err(input_error(format!(
                    "unknown template {name:?}{} (built-ins: {})",
                    crate::template::did_you_mean_builtin(&name),
                    builtin_names()
                )));
            }
        },
    };
    emit(out, text.as_bytes())
}
