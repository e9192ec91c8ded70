//! `search stats`: what the index holds.

use std::path::Path;

use anyhow::Result;
use news_search::NewsIndex;

use crate::cli::StatsArgs;
use crate::{render, Status};

pub fn run(index_path: &Path, args: &StatsArgs) -> Result<Status> {
    let index = NewsIndex::open(index_path)?;
    let stats = index.stats()?;
    if args.json {
        render::json(&stats)?;
    } else {
        let mut stdout = anstream::stdout().lock();
        render::stats(&mut stdout, index.path(), &stats)?;
    }
    Ok(Status::Found)
}
