//! The command line parsed, and its mistakes reported as the tool's own
//! errors are: one `search: ` line on stderr and exit 2. `--help` and
//! `--version` print as clap prints them, and exit 0.

use std::ffi::OsString;

use clap::builder::Styles;
use clap::error::ErrorKind;
use clap::{CommandFactory, FromArgMatches};

use crate::cli::{Cli, Command};
use crate::{config, render, Status};

/// The command line, or the exit status of a run that ends here.
pub fn parse() -> Result<Cli, Status> {
    let args: Vec<OsString> = std::env::args_os().collect();
    let parsed = Cli::command()
        .try_get_matches_from(&args)
        .and_then(|matches| Ok((Cli::from_arg_matches(&matches)?, matches)));
    let error = match parsed {
        Ok((mut cli, matches)) => match mistake(&cli) {
            Some(error) => error,
            None => {
                return match config::apply(&mut cli, &matches) {
                    Ok(()) => Ok(cli),
                    Err(e) => {
                        let _ = render::error(&mut anstream::stderr(), &e);
                        Err(Status::Error)
                    }
                }
            }
        },
        Err(error) => error,
    };
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = error.print();
        return Err(if error.exit_code() == 0 {
            Status::Found
        } else {
            Status::Error
        });
    }
    // Parsed again without styles: clap's styled message, printed, would
    // strip the escape sequences the user typed instead of showing them.
    let plain = Cli::command()
        .styles(Styles::plain())
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches))
        .err()
        .unwrap_or(error);
    let message = message(&plain.render().ansi().to_string(), &subcommand(&args));
    let _ = render::error(&mut anstream::stderr(), &anyhow::Error::msg(message));
    Err(Status::Error)
}

/// A combination of flags the clap definition lets through but the command
/// cannot do, as clap's error for that command.
fn mistake(cli: &Cli) -> Option<clap::Error> {
    let (name, results) = match &cli.command {
        Command::Query(args) => ("query", &args.results),
        Command::Similar(args) => ("similar", &args.results),
        _ => return None,
    };
    let message = results.mistake()?;
    // Built, so that the subcommand has the styles too.
    let mut command = Cli::command().styles(Styles::plain());
    command.build();
    let command = command.find_subcommand_mut(name)?;
    Some(command.error(ErrorKind::ArgumentConflict, message))
}

/// clap's message on one line: "error: " and the usage dropped, clap's tips
/// (or, without one, where the usage is) after the mistake.
fn message(rendered: &str, subcommand: &str) -> String {
    let rendered = rendered.strip_prefix("error: ").unwrap_or(rendered);
    let mut what = String::new();
    let mut tips = Vec::new();
    for line in rendered.lines() {
        let line = line.trim();
        if line.starts_with("Usage:") || line.starts_with("For more information") {
            break;
        }
        if let Some(tip) = line.strip_prefix("tip: ") {
            tips.push(tip.to_owned());
        } else if !line.is_empty() {
            if !what.is_empty() {
                what.push(' ');
            }
            what.push_str(line);
        }
    }
    if tips.is_empty() {
        tips.push(format!("see \"{subcommand} --help\""));
    }
    format!("{what}; {}", tips.join("; "))
}

/// "search show" when the command line names a subcommand, else "search".
fn subcommand(args: &[OsString]) -> String {
    let command = Cli::command();
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        match word.as_ref() {
            // The global flags that take a value in the next word.
            "--index" | "--color" => {
                words.next();
            }
            flag if flag.starts_with('-') => {}
            name => {
                if command.find_subcommand(name).is_some() {
                    return format!("search {name}");
                }
                break;
            }
        }
    }
    "search".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    /// What `parse` would print for `args`, without the "search: ".
    fn error_for(args: &[&str]) -> String {
        let args: Vec<OsString> = args.iter().map(OsString::from).collect();
        let error = Cli::command()
            .styles(Styles::plain())
            .try_get_matches_from(&args)
            .expect_err("a mistake");
        message(&error.render().ansi().to_string(), &subcommand(&args))
    }

    #[test]
    fn a_mistake_is_one_line_that_says_where_to_look() {
        assert_eq!(
            error_for(&["search", "show"]),
            "the following required arguments were not provided: <ARTICLE>; \
             see \"search show --help\""
        );
        assert_eq!(
            error_for(&["search", "--index", "show", "query", "--limit", "x", "a"]),
            "invalid value 'x' for '--limit <N>': invalid digit found in string; \
             see \"search query --help\""
        );
        assert_eq!(
            error_for(&["search", "query", "--sort", "xyz", "a"]),
            "invalid value 'xyz' for '--sort <ORDER>' \
             [possible values: relevance, newest, oldest]; see \"search query --help\""
        );
    }

    #[test]
    fn clap_tips_say_what_to_do() {
        assert_eq!(
            error_for(&["search", "query", "--jsn", "a"]),
            "unexpected argument '--jsn' found; a similar argument exists: '--json'"
        );
        assert_eq!(
            error_for(&["search", "qeury", "a"]),
            "unrecognized subcommand 'qeury'; a similar subcommand exists: 'query'"
        );
    }

    #[test]
    fn flags_that_cannot_go_together_are_a_mistake_too() {
        let message = |args: &[&str]| {
            let args: Vec<OsString> = args.iter().map(OsString::from).collect();
            let cli = Cli::try_parse_from(&args).expect("parses");
            let error = mistake(&cli).expect("a mistake");
            message(&error.render().ansi().to_string(), &subcommand(&args))
        };
        assert_eq!(
            message(&["search", "query", "--format", "csv", "-0", "a"]),
            "--null ends each path of -l (--format paths) with a NUL byte: \
             it cannot go with --format csv; see \"search query --help\""
        );
        assert_eq!(
            message(&["search", "similar", "-l", "--facets", "x"]),
            "--facets are shown in text and JSON output: they cannot go with \
             --format paths; see \"search similar --help\""
        );
        let fine = Cli::try_parse_from(["search", "query", "--format", "paths", "-0", "a"]);
        assert!(mistake(&fine.unwrap()).is_none());
    }

    #[test]
    fn what_the_user_typed_is_kept_for_the_renderer_to_show() {
        let message = error_for(&["search", "query", "--since", "\x1b[2J", "a"]);
        assert!(
            message.starts_with("invalid value '\x1b[2J' for"),
            "{message}"
        );
    }
}
