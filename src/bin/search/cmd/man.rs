//! `search man`: the man pages, from the clap definition.
//!
//! clap_mangen writes the title, name, synopsis, options and the list of
//! commands; the description and the sections after the options (EXIT
//! STATUS, QUERY SYNTAX, EXAMPLES, ...) are laid out here, from the same
//! text as --help: a line that starts with spaces is kept as it is (a table,
//! an example), other lines are filled into paragraphs, and a line such as
//! "EXAMPLES:" starts a section of that name.

use std::io::{self, Write};
use std::path::Path;

use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_mangen::roff::{roman, Roff};
use clap_mangen::Man;

use crate::cli::{Cli, ManArgs};
use crate::Status;

pub fn run(args: &ManArgs) -> Result<Status> {
    if let Some(dir) = &args.dir {
        write_all(dir)
            .with_context(|| format!("cannot write the man pages to {}", dir.display()))?;
        return Ok(Status::Found);
    }
    let page = page(args.command.as_deref()).context("no such command")?;
    let mut stdout = io::stdout().lock();
    stdout.write_all(page.as_bytes())?;
    stdout.flush()?;
    Ok(Status::Found)
}

/// The page of `search` (no name) or of `search <name>`, in roff.
pub fn page(name: Option<&str>) -> Option<String> {
    let command = command();
    match name {
        None => Some(render(&command)),
        Some(name) => command.find_subcommand(name).map(render),
    }
}

/// `search.1`, and `search-<command>.1` for each command, in `dir`.
fn write_all(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let command = command();
    for page in std::iter::once(&command).chain(command.get_subcommands()) {
        let name = page.get_display_name().unwrap_or(page.get_name());
        std::fs::write(dir.join(format!("{name}.1")), render(page))?;
    }
    Ok(())
}

/// The command line as the pages describe it: built, so that each
/// subcommand's page is named `search-<command>` and lists the global flags,
/// and without the `help` subcommand, whose page would say nothing new.
fn command() -> clap::Command {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    command
}

/// One whole page.
fn render(command: &clap::Command) -> String {
    let version = command.get_version().unwrap_or(env!("CARGO_PKG_VERSION"));
    let man = Man::new(command.clone()).source(format!("search {version}"));
    // Each of clap_mangen's sections comes with roff's preamble, which the
    // page needs once.
    let preamble = Roff::new().render();
    let mut page = preamble.clone();
    let mut add = |roff: &str| page.push_str(roff.strip_prefix(preamble.as_str()).unwrap_or(roff));
    let theirs = |render: fn(&Man, &mut dyn Write) -> io::Result<()>| {
        let mut roff = Vec::new();
        render(&man, &mut roff).expect("writing to memory");
        String::from_utf8_lossy(&roff).into_owned()
    };
    add(&theirs(Man::render_title));
    add(&theirs(Man::render_name_section));
    add(&theirs(Man::render_synopsis_section));
    let mut own = Roff::new();
    own.control("SH", ["DESCRIPTION"]);
    let about = command.get_long_about().or(command.get_about());
    prose(
        &mut own,
        &about.map(ToString::to_string).unwrap_or_default(),
    );
    add(&own.render());
    add(&theirs(Man::render_options_section));
    if command.has_subcommands() {
        add(&theirs(Man::render_subcommands_section));
    }
    let mut own = Roff::new();
    if let Some(after) = command.get_after_long_help().or(command.get_after_help()) {
        sections(&mut own, &after.to_string());
    }
    if command.get_name() != "search" {
        own.control("SH", ["SEE ALSO"]);
        own.text([roman("search(1)")]);
    }
    add(&own.render());
    page
}

/// Text after the options: "HEADING:" lines start sections.
fn sections(roff: &mut Roff, text: &str) {
    let mut body = String::new();
    for line in text.lines() {
        let heading = line
            .strip_suffix(':')
            .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_uppercase() || c == ' '));
        match heading {
            Some(heading) => {
                prose(roff, &body);
                body.clear();
                roff.control("SH", [heading]);
            }
            None => {
                body.push_str(line);
                body.push('\n');
            }
        }
    }
    prose(roff, &body);
}

/// Paragraphs filled, indented lines kept as they are.
fn prose(roff: &mut Roff, text: &str) {
    let mut kept = false;
    let mut started = false;
    for line in text.lines() {
        if line.trim().is_empty() {
            if kept {
                roff.control("fi", []);
                kept = false;
            }
            if started {
                roff.control("PP", []);
                started = false;
            }
            continue;
        }
        let indented = line.starts_with(' ');
        if indented != kept {
            roff.control(if indented { "nf" } else { "fi" }, []);
            kept = indented;
        }
        roff.text([roman(line)]);
        started = true;
    }
    if kept {
        roff.control("fi", []);
    }
}
