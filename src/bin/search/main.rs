//! `search`: the command-line face of the news_search library. Parses flags,
//! calls the library, renders, and maps the outcome to an exit status.

mod cli;
mod cmd;
mod render;

use std::io::ErrorKind;
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, ColorWhen, Command};

/// The exit status of a run stopped by Ctrl-C, as shells report SIGINT.
pub const INTERRUPTED: i32 = 130;

/// Exit statuses, as grep has them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Found,
    NotFound,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let choice = match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    let outcome = match &cli.command {
        Command::Index(args) => cmd::index::run(&cli.index, args),
        Command::Query(args) => cmd::query::run(&cli.index, args),
        Command::Show(args) => cmd::show::run(&cli.index, args),
        Command::Similar(args) => cmd::similar::run(&cli.index, args),
        Command::Stats(args) => cmd::stats::run(&cli.index, args),
    };
    match outcome {
        Ok(Status::Found) => ExitCode::SUCCESS,
        Ok(Status::NotFound) => ExitCode::from(1),
        // A reader that stops early (`search query x | head -1`) is not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let mut stderr = anstream::stderr();
            let _ = render::error(&mut stderr, &e);
            let interrupted = matches!(
                e.downcast_ref::<news_search::Error>(),
                Some(news_search::Error::Interrupted { .. })
            );
            ExitCode::from(if interrupted { INTERRUPTED as u8 } else { 2 })
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let io = cause.downcast_ref::<std::io::Error>().map(|e| e.kind());
        // JSON output meets the closed pipe inside serde_json.
        let json = cause
            .downcast_ref::<serde_json::Error>()
            .and_then(|e| e.io_error_kind());
        io.or(json) == Some(ErrorKind::BrokenPipe)
    })
}
