//! `search index`: index folders, drawing progress and printing the report.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use news_search::{IndexOptions, NewsIndex, Phase, Progress};

use crate::cli::{IndexArgs, IndexingArgs};
use crate::{render, Status};

pub fn run(index_path: &Path, args: &IndexArgs) -> Result<Status> {
    let options = options(&args.indexing)
        .rebuild(args.rebuild)
        .stop_when(stop_on_ctrl_c()?);
    let index = NewsIndex::open_for_indexing(index_path, &args.folders, &options)?;
    let bar = Bar::new(!args.quiet && std::io::stderr().is_terminal());
    let report = index.index_folders(&args.folders, &options, &bar);
    bar.finish();
    let report = report?;
    if args.json {
        render::json(&report)?;
    } else if !args.quiet {
        render::index_report(&mut anstream::stderr(), &report)?;
    }
    Ok(Status::Found)
}

/// The library's options for what the flags ask.
pub fn options(args: &IndexingArgs) -> IndexOptions {
    let mut options = IndexOptions::default()
        .memory_budget(args.memory)
        .source_aliases(args.aliases.clone())
        .hidden(args.hidden)
        .no_ignore(args.no_ignore);
    for glob in &args.glob {
        options = options.glob(glob);
    }
    if let Some(threads) = args.threads {
        options = options.threads(threads.into());
    }
    options
}

/// A flag the first Ctrl-C sets, so the run stops before its commit and the
/// index stays as it was; a second Ctrl-C ends the process at once.
pub fn stop_on_ctrl_c() -> Result<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(Status::Interrupted.code());
        }
    })?;
    Ok(stop)
}

/// The progress bar on stderr; hidden when stderr is not a terminal.
struct Bar(ProgressBar);

impl Bar {
    fn new(visible: bool) -> Bar {
        let bar = if visible {
            ProgressBar::new_spinner()
        } else {
            ProgressBar::hidden()
        };
        Bar(bar)
    }

    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

impl Progress for Bar {
    fn phase(&self, phase: Phase, total: Option<u64>) {
        let bar = &self.0;
        let template = match (phase, total) {
            (Phase::Reading, _) => "{msg:>10} [{bar:30}] {human_pos}/{human_len} files, eta {eta}",
            (Phase::Scanning, _) => "{spinner} {msg} {human_pos} files",
            _ => "{spinner} {msg}",
        };
        let style = ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        // The message first: a line drawn meanwhile names the new phase.
        bar.set_message(match phase {
            Phase::Scanning => "scanning",
            Phase::Reading => "indexing",
            Phase::Merging => "merging segments",
            _ => "committing",
        });
        bar.set_length(total.unwrap_or(0));
        bar.set_position(0);
        bar.set_style(style);
        bar.enable_steady_tick(Duration::from_millis(120));
    }

    fn advance(&self, n: u64) {
        self.0.inc(n);
    }

    fn found(&self, n: u64) {
        self.0.inc_length(n);
    }
}
