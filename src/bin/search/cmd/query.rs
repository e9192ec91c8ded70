//! `search query`: run a search and print hits, or JSON.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use news_search::{NewsIndex, SearchRequest};

use crate::cli::QueryArgs;
use crate::{render, Status};

pub fn run(index_path: &Path, args: &QueryArgs) -> Result<Status> {
    let index = NewsIndex::open(index_path)?;
    let mut request = SearchRequest::new(args.query.join(" "))
        .limit(args.limit)
        .offset(args.offset);
    request.since = args.since;
    request.until = args.until;
    request.source.clone_from(&args.source);
    request.author.clone_from(&args.author);
    let results = index.search(&request)?;
    let mut stderr = anstream::stderr();
    if results.relaxed {
        render::note(
            &mut stderr,
            "no article contains every word; showing articles with any of them",
        )?;
    }
    if args.json {
        render::json(&results)?;
    } else {
        let mut stdout = anstream::stdout().lock();
        render::hits(&mut stdout, &results)?;
        stdout.flush()?;
        render::page_note(&mut stderr, &results, request.offset)?;
    }
    Ok(if results.total_hits == 0 {
        Status::NotFound
    } else {
        Status::Found
    })
}
