//! `vmo init`: writes the profile.

use std::io;

use anyhow::Result;

use crate::cli::InitArgs;
use crate::config::{self, LoadFlags, Profile};
use crate::exit::input_error;
use crate::template::builtin;
use crate::{output, source};

pub(crate) fn run(args: InitArgs, path: &std::path::Path) -> Result<()> {
    let units = args.units.unwrap_or_default();
    // A path is stored absolute, so the profile works from any folder.
    let template = match &args.template {
        Some(t) => {
            source::load(t, &mut io::empty())?;
            Some(match builtin(t) {
                Some(_) => t.clone(),
                None => std::fs::canonicalize(t)
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|_| t.clone()),
            })
        }
        None => None,
    };
    // The same check `plan` makes of these flags, so the profile is usable as written.
    config::resolve_loads(
        &LoadFlags {
            units: args.units,
            bodyweight: args.bodyweight,
            bodyweight_ratio: args.bodyweight_ratio,
            one_rep_max: args.one_rep_max,
            test: args.test,
            variant: args.variant,
            dumbbells: args.dumbbells.clone(),
            bar: args.bar,
            plates: args.plates.clone(),
            vest: args.vest.clone(),
        },
        &Profile::default(),
    )?;
    if let Some(c) = &args.client {
        config::check_client(c)
            .map_err(|e| input_error(format!("--client {}: {e}", config::shorten(c))))?;
    }
    let weight = |kg: f64| format!("{}{}", crate::units::show_number(units.from_kg(kg)), units);
    // Without a start the plan would begin anew every day: the first day is today.
    let start = args.start.unwrap_or_else(|| {
        args.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    });
    let values = config::ProfileValues {
        template,
        start: Some(start.to_string()),
        weeks: args.weeks,
        days: args
            .days
            .map(|d| d.0.iter().map(|d| d.as_str()).collect::<Vec<_>>().join(",")),
        units: args.units.map(|u| u.as_str().to_string()),
        bodyweight: args.bodyweight.map(weight),
        bodyweight_ratio: args.bodyweight_ratio,
        one_rep_max: args.one_rep_max.map(weight),
        test: args.test.map(|t| format!("{}:{}", weight(t.kg), t.reps)),
        variant: args.variant.map(|v| v.as_str().to_string()),
        dumbbells: args.dumbbells,
        bar: args.bar.map(weight),
        plates: args.plates,
        vest: args.vest,
        at: args.at.map(|t| t.format("%H:%M").to_string()),
        client: args.client,
    };
    let text = format!(
        "# vmo profile: flags given on the command line override these.\n{}",
        toml::to_string(&values)?
    );
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(|e| {
            anyhow::anyhow!(
                "cannot create {}: {}",
                dir.display(),
                crate::exit::io_reason(&e)
            )
        })?;
    }
    if path.exists() && !args.force {
        return Err(input_error(format!(
            "profile {} already exists; pass --force to overwrite it, or edit the file",
            path.display()
        )));
    }
    output::write_atomic(path, true, text.as_bytes())?;
    eprintln!("vmo: wrote {}", path.display());
    Ok(())
}
