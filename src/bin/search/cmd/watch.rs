//! `search watch`: keep the index fresh as files change, a line per commit.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::Duration;

use anyhow::Result;
use news_search::{NewsIndex, Watch, WatchEvent, WatchOptions};

use super::index;
use crate::cli::WatchArgs;
use crate::{render, Status};

pub fn run(index_path: &Path, args: &WatchArgs) -> Result<Status> {
    let options = index::options(&args.indexing);
    // Not the runs' stop flag: a run under way finishes, and what is
    // pending is committed before the watch ends.
    let stop = index::stop_on_ctrl_c()?;
    let index = NewsIndex::open_for_indexing(index_path, &args.folders, &options)?;
    let reconcile = (!args.reconcile.is_zero()).then_some(args.reconcile);
    let watch_options = WatchOptions::default()
        .index_options(options)
        .reconcile(reconcile)
        .poll(args.poll.map(Duration::from_secs));
    let watch = Watch::new(&index, &args.folders, watch_options);
    // A line that cannot be written (a closed pipe) ends the watch.
    let mut failed: Option<anyhow::Error> = None;
    watch.run(&stop, |event| {
        if let Err(error) = print(&event, args.json, args.quiet) {
            failed.get_or_insert(error);
            stop.store(true, Ordering::SeqCst);
        }
    })?;
    match failed {
        Some(error) => Err(error),
        None => Ok(Status::Found),
    }
}

/// What a watch tells, as `search watch` prints it: a line per commit on
/// stderr (or a JSON line on stdout), troubles on stderr.
pub fn print(event: &WatchEvent<'_>, json: bool, quiet: bool) -> Result<()> {
    match event {
        WatchEvent::Commit(commit) if json => json_line(commit),
        WatchEvent::Commit(_) if quiet => Ok(()),
        WatchEvent::Commit(commit) => {
            render::watch_commit(&mut anstream::stderr(), commit).map_err(Into::into)
        }
        WatchEvent::Trouble(error) => {
            render::trouble(&mut anstream::stderr(), error).map_err(Into::into)
        }
        _ => Ok(()),
    }
}

/// One commit as one JSON object on its own line, on stdout at once.
fn json_line(commit: &news_search::CommitSummary) -> Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, commit)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}
