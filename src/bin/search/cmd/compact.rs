//! `search compact`: merge the index's segments, with a spinner meanwhile.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Duration;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use news_search::NewsIndex;

use crate::cli::CompactArgs;
use crate::{render, Status};

pub fn run(index_path: &Path, args: &CompactArgs) -> Result<Status> {
    let index = NewsIndex::open(index_path)?;
    let spinner = if !args.quiet && std::io::stderr().is_terminal() {
        let spinner = ProgressBar::new_spinner()
            .with_style(ProgressStyle::with_template("{spinner} {msg} {elapsed}")?)
            .with_message("compacting");
        spinner.enable_steady_tick(Duration::from_millis(120));
        spinner
    } else {
        ProgressBar::hidden()
    };
    let report = index.compact(usize::from(args.segments));
    spinner.finish_and_clear();
    let report = report?;
    if args.json {
        render::json(&report)?;
    } else if !args.quiet {
        render::compact_report(&mut anstream::stderr(), &report)?;
    }
    Ok(Status::Found)
}
