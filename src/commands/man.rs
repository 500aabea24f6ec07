//! `vmo man`: one page documenting every subcommand and flag, or with `--dir` a page per
//! subcommand (`vmo-plan.1`, `vmo-config-set.1`, …) that the top page's SEE ALSO names.

use std::path::Path;

use anyhow::Result;
use clap::CommandFactory;

use super::common::emit;
use crate::cli::{Cli, OutputArgs};
use crate::exit::input_error;

/// The command tree as the pages describe it: built, so subcommands carry their full names
/// (`vmo-config-set`) and the global flags.
fn tree() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// Every subcommand, depth first, parents before children.
fn subcommands(cmd: &clap::Command) -> Vec<clap::Command> {
    let mut out = Vec::new();
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        out.push(sub.clone());
        out.extend(subcommands(sub));
    }
    out
}

/// A page's name as `man` knows it: `vmo-config-set`.
fn page_name(cmd: &clap::Command) -> String {
    cmd.get_display_name().unwrap_or(cmd.get_name()).to_string()
}

/// roff without the apostrophe preamble every render repeats (kept once, at the top).
fn body(roff: Vec<u8>) -> String {
    String::from_utf8_lossy(&roff)
        .lines()
        .filter(|l| !l.starts_with(".ie \\n(.g .ds Aq") && !l.starts_with(".el .ds Aq"))
        .map(|l| format!("{l}\n"))
        .collect()
}

fn render(f: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> Result<String> {
    let mut buf = Vec::new();
    f(&mut buf).map_err(anyhow::Error::from)?;
    Ok(body(buf))
}

/// The top page: `full` adds a section per subcommand with its synopsis and every flag.
fn top_page(full: bool) -> Result<String> {
    let cmd = tree();
    let subs = subcommands(&cmd);
    let man = clap_mangen::Man::new(cmd.clone());
    let mut page = String::new();
    let mut preamble = Vec::new();
    man.render_title(&mut preamble)?;
    page.push_str(&String::from_utf8_lossy(&preamble));
    page.push_str(&render(|w| man.render_name_section(w))?);
    page.push_str(&render(|w| man.render_synopsis_section(w))?);
    page.push_str(&render(|w| man.render_description_section(w))?);
    page.push_str(&render(|w| man.render_options_section(w))?);
    page.push_str(&render(|w| man.render_subcommands_section(w))?);
    page.push_str(
        &render(|w| man.render_extra_section(w))?
            .replace(".SH EXTRA\n", ".SH \"EXAMPLES AND EXIT STATUS\"\n.nf\n"),
    );
    page.push_str(".fi\n");
    if full {
        for sub in &subs {
            page.push_str(&section(sub)?);
        }
    }
    page.push_str(&render(|w| man.render_version_section(w))?);
    page.push_str(".SH \"SEE ALSO\"\n");
    let names: Vec<String> = subs
        .iter()
        .map(|s| format!("\\fB{}\\fR(1)", page_name(s).replace('-', "\\-")))
        .collect();
    page.push_str(&names.join(", "));
    page.push_str("\n.PP\nOne page per subcommand: \\fBvmo man \\-\\-dir DIR\\fR.\n");
    Ok(page)
}

/// A subcommand's own page turned into a section of the top page: its title becomes the
/// section heading and its sections become subsections.
fn section(sub: &clap::Command) -> Result<String> {
    let page = render(|w| clap_mangen::Man::new(sub.clone()).render(w))?;
    let title = page_name(sub).replace('-', " ").to_uppercase();
    let mut out = String::new();
    for l in page.lines() {
        if l.starts_with(".TH ") {
            out.push_str(&format!(".SH \"{title}\"\n"));
        } else if l == ".SH EXTRA" {
            out.push_str(".SS EXAMPLES\n.nf\n");
        } else if let Some(rest) = l.strip_prefix(".SH ") {
            out.push_str(&format!(".fi\n.SS {rest}\n"));
        } else {
            out.push_str(&format!("{l}\n"));
        }
    }
    // The examples are laid out by hand: no filling or justifying.
    out.push_str(".fi\n");
    Ok(out)
}

/// Every page `--dir` writes: (file name, roff), the top page first.
fn pages() -> Result<Vec<(String, String)>> {
    let mut out = vec![("vmo.1".to_string(), top_page(false)?)];
    for sub in subcommands(&tree()) {
        let man = clap_mangen::Man::new(sub.clone());
        let mut buf = Vec::new();
        man.render(&mut buf).map_err(anyhow::Error::from)?;
        // clap_mangen calls the after-help "EXTRA"; every one of ours holds the examples.
        let page = String::from_utf8_lossy(&buf)
            .replace("\n.SH EXTRA\n", "\n.SH EXAMPLES\n.nf\n")
            .replace("\n.SH VERSION\n", "\n.fi\n.SH VERSION\n")
            + ".fi\n";
        out.push((man.get_filename(), page));
    }
    Ok(out)
}

/// `vmo man`: the full page to stdout or `-o`; `vmo man --dir DIR`: one file per page.
pub(crate) fn run(dir: Option<&Path>, output: &OutputArgs) -> Result<()> {
    let Some(dir) = dir else {
        return emit(output, top_page(true)?.as_bytes());
    };
    if dir.exists() && !dir.is_dir() {
        return Err(input_error(format!(
            "--dir {}: is a file; give a folder for the pages",
            dir.display()
        )));
    }
    let pages = pages()?;
    // All or nothing: an existing page stops the run before any file is written.
    if !output.force
        && let Some((name, _)) = pages.iter().find(|(n, _)| dir.join(n).exists())
    {
        return Err(input_error(format!(
            "--dir {}: {name} exists; pass --force to overwrite the pages",
            dir.display()
        )));
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        anyhow::anyhow!(
            "cannot create {}: {}",
            dir.display(),
            crate::exit::io_reason(&e)
        )
    })?;
    for (name, page) in &pages {
        crate::output::write_atomic(&dir.join(name), true, page.as_bytes())?;
    }
    eprintln!("vmo: wrote {} man pages to {}", pages.len(), dir.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_subcommand_gets_a_page_and_a_see_also_entry() {
        let pages = pages().unwrap();
        let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
        for n in [
            "vmo.1",
            "vmo-plan.1",
            "vmo-config-set.1",
            "vmo-templates-show.1",
        ] {
            assert!(names.contains(&n), "{n} not in {names:?}");
        }
        let top = &pages[0].1;
        for (n, _) in &pages[1..] {
            let entry = format!(
                "\\fB{}\\fR(1)",
                n.trim_end_matches(".1").replace('-', "\\-")
            );
            assert!(top.contains(&entry), "{entry} not in SEE ALSO");
        }
        // One preamble per page, at the top.
        assert_eq!(top.matches(".ds Aq").count(), 2, "{top}");
    }
}
