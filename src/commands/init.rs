//! `vmo init`: writes the profile, or with `--force` updates it, keeping the keys not given.

use std::io;

use anyhow::Result;
use toml_edit::{DocumentMut, Value};

use super::common::{check_days, check_profile, load_template_from};
use crate::cli::InitArgs;
use crate::config::{self, LoadFlags, Profile};
use crate::exit::input_error;
use crate::template::builtin;
use crate::units::Unit;
use crate::{output, source};

/// The first line of a profile `init` creates.
pub(super) const HEADER: &str = "# vmo profile: flags given on the command line override these.\n";

pub(crate) fn run(
    args: InitArgs,
    path: &std::path::Path,
    db: Option<&std::path::Path>,
) -> Result<()> {
    let origin = path.display().to_string();
    if path.exists() && !args.force {
        return Err(input_error(format!(
            "profile {origin} already exists; pass --force to update it (keys not given are kept), or edit the file"
        )));
    }
    // The profile lives as long as the plan: `init --weeks 12 --force` must not forget the
    // template, days or body numbers given last time, so the old file is the base.
    let old = if path.exists() {
        config::read_profile_text(path, false)?
    } else {
        None
    };
    let mut doc = match &old {
        Some(text) => config::edit_profile(&origin, text)?,
        None => DocumentMut::new(),
    };
    let old_values = match &old {
        Some(text) => config::parse_profile(&origin, text)?,
        None => config::ProfileValues::default(),
    };
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
    // `--db` typed with `init` is the profile's log, stored absolute (a relative `db` in
    // the profile is relative to the profile's folder, not to here).
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty());
    let db = match db {
        Some(d) => Some(
            match (d.strip_prefix("~").ok(), &home) {
                (Some(rest), Some(h)) if d != std::path::Path::new("~") => {
                    Ok(std::path::Path::new(h).join(rest))
                }
                _ => std::path::absolute(d),
            }
            .map_err(|e| {
                input_error(format!(
                    "--db {}: cannot tell its full path: {}",
                    crate::visible::visible(&d.display().to_string()),
                    crate::exit::io_reason(&e)
                ))
            })?
            .into_os_string()
            .into_string()
            .map_err(|_| {
                input_error(format!(
                    "--db {}: not UTF-8, so the profile cannot hold it; give another path",
                    crate::visible::visible(&d.display().to_string())
                ))
            })?,
        ),
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
    // Training days are checked against the rest rules of the template that will be in
    // force, as `plan` would check them.
    if let Some(days) = &args.days {
        let kept = Profile {
            path: Some(path.to_path_buf()),
            values: config::ProfileValues {
                template: template.clone().or(old_values.template.clone()),
                ..Default::default()
            },
        };
        let t = load_template_from(None, &kept, &mut io::empty())?;
        check_days(&days.0, &t).map_err(input_error)?;
    }
    // Weights are written in the units in force, so they read as the person thinks of them.
    let units = args
        .units
        .or_else(|| old_values.units.as_deref().and_then(|u| u.parse().ok()))
        .unwrap_or(Unit::Kg);
    if let Some(c) = &args.client {
        config::check_client(c)
            .map_err(|e| input_error(format!("--client {}: {e}", config::shorten(c))))?;
    }
    let weight = |kg: f64| format!("{}{}", crate::units::show_number(units.from_kg(kg)), units);
    // Without a start the plan would begin anew every day: the first day is today, unless
    // the profile already has one (extending a plan keeps its start).
    let start = args.start.or_else(|| {
        old_values.start.is_none().then(|| {
            args.today
                .unwrap_or_else(|| chrono::Local::now().date_naive())
        })
    });
    let s = |v: String| Value::from(v);
    let given: Vec<(&str, Option<Value>)> = vec![
        ("template", template.map(s)),
        ("start", start.map(|d| s(d.to_string()))),
        ("weeks", args.weeks.map(|w| Value::from(i64::from(w)))),
        ("days", args.days.map(|d| s(crate::plan::days_text(&d.0)))),
        ("units", args.units.map(|u| s(u.as_str().to_string()))),
        ("bodyweight", args.bodyweight.map(|b| s(weight(b)))),
        ("bodyweight_ratio", args.bodyweight_ratio.map(Value::from)),
        ("one_rep_max", args.one_rep_max.map(|m| s(weight(m)))),
        (
            "test",
            args.test.map(|t| s(format!("{}:{}", weight(t.kg), t.reps))),
        ),
        ("variant", args.variant.map(|v| s(v.as_str().to_string()))),
        ("dumbbells", args.dumbbells.map(s)),
        ("bar", args.bar.map(|b| s(weight(b)))),
        ("plates", args.plates.map(s)),
        ("vest", args.vest.map(s)),
        ("at", args.at.map(|t| s(t.format("%H:%M").to_string()))),
        ("duration", args.duration.map(|m| s(format!("{m}m")))),
        ("tz", args.tz.map(|z| s(z.name().to_string()))),
        ("remind", args.remind.map(|m| s(format!("{m}m")))),
        ("client", args.client.map(s)),
        ("db", db.map(s)),
    ];
    let kept: Vec<String> = doc
        .iter()
        .map(|(k, _)| k.to_string())
        .filter(|k| given.iter().all(|(g, v)| g != k || v.is_none()))
        .collect();
    for (key, value) in given {
        if let Some(v) = value {
            config::set_profile_key(&mut doc, key, v);
        }
    }
    let text = match old {
        Some(_) => doc.to_string(),
        None => format!("{HEADER}{doc}"),
    };
    // Kept keys are checked too: a template given now must accept the days kept.
    let after = Profile {
        path: Some(path.to_path_buf()),
        values: config::parse_profile(&origin, &text)?,
    };
    check_profile(&after)?;
    // Updating a profile whose plan has a past changes it from today on.
    let recorded = match &old {
        Some(_) => {
            let before = Profile {
                path: Some(path.to_path_buf()),
                values: old_values.clone(),
            };
            let today = super::common::today_from_env()?;
            super::common::record_change(&before, &after, today, today, None)?
        }
        None => None,
    };
    make_parent(path)?;
    output::write_private(path, true, text.as_bytes())?;
    if let Some(r) = recorded {
        eprintln!("vmo: {r}");
    }
    match kept.is_empty() {
        true => eprintln!("vmo: wrote {origin}"),
        false => eprintln!("vmo: updated {origin}; kept {}", kept.join(", ")),
    }
    Ok(())
}

/// Creates the profile's folder (`~/.config/vmo`) when it is not there yet, owner-only:
/// the profile says where the log is.
pub(super) fn make_parent(path: &std::path::Path) -> Result<()> {
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        output::create_private_dir(dir).map_err(|e| {
            anyhow::anyhow!(
                "cannot create {}: {}",
                dir.display(),
                crate::exit::io_reason(&e)
            )
        })?;
    }
    Ok(())
}
