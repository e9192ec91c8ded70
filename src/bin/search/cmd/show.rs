//! `search show`: one article whole, through the pager on a terminal.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::Result;
use news_search::NewsIndex;

use crate::cli::ShowArgs;
use crate::{render, Status};

pub fn run(index_path: &Path, args: &ShowArgs) -> Result<Status> {
    let index = NewsIndex::open(index_path)?;
    let shown = index.show(&args.article, args.query.as_deref())?;
    if args.json {
        render::json(&shown)?;
        return Ok(Status::Found);
    }
    // Styled as for a terminal; the codes are stripped where colour is off.
    let mut styled = Vec::new();
    for (i, shown) in shown.articles.iter().enumerate() {
        if i > 0 {
            writeln!(styled)?;
        }
        render::article(&mut styled, &shown.article, shown.highlights.as_ref())?;
    }
    page(&styled, args.no_pager)?;
    Ok(Status::Found)
}

/// Writes `text` (with ANSI styles) to stdout, through a pager when stdout is
/// a terminal and the text is longer than the screen.
fn page(text: &[u8], no_pager: bool) -> Result<()> {
    let lines = text.iter().filter(|b| **b == b'\n').count();
    let screen = std::env::var("LINES")
        .ok()
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(24);
    let terminal = std::io::stdout().is_terminal();
    if terminal && !no_pager && lines >= screen {
        if let Some(mut pager) = pager() {
            let colour =
                anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never;
            let text = if colour {
                text.to_vec()
            } else {
                anstream::adapter::strip_bytes(text).into_vec()
            };
            if let Some(stdin) = pager.stdin.as_mut() {
                // A pager quit early closes the pipe: not an error.
                let _ = stdin.write_all(&text);
            }
            drop(pager.stdin.take());
            pager.wait()?;
            return Ok(());
        }
    }
    let mut stdout = anstream::stdout().lock();
    stdout.write_all(text)?;
    stdout.flush()?;
    Ok(())
}

/// `$PAGER`, else `less -R` (which keeps colours), started with a pipe in.
fn pager() -> Option<std::process::Child> {
    let configured = std::env::var("PAGER").ok().filter(|p| !p.trim().is_empty());
    let (program, args): (String, Vec<String>) = match configured {
        Some(line) => {
            let mut words = line.split_whitespace().map(str::to_owned);
            (words.next()?, words.collect())
        }
        None => ("less".to_owned(), vec!["-R".to_owned()]),
    };
    let mut command = Command::new(program);
    command.args(args).stdin(Stdio::piped());
    // less keeps colours with -R; LESS may also carry it.
    if std::env::var_os("LESS").is_none() {
        command.env("LESS", "FRX");
    }
    command.spawn().ok()
}
