//! `search query`: run a search and print hits, or JSON.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use news_search::{NewsIndex, SearchRequest, SearchResults};

use crate::cli::{QueryArgs, ResultArgs};
use crate::{render, Status};

pub fn run(index_path: &Path, args: &QueryArgs) -> Result<Status> {
    let index = NewsIndex::open(index_path)?;
    let mut request = request(args.query.join(" "), &args.results);
    request.exact = args.exact;
    request.collapse = !args.no_collapse;
    let results = index.search(&request)?;
    let mut stderr = anstream::stderr();
    for note in &results.notes {
        render::note(&mut stderr, &note.to_string())?;
    }
    for suggestion in &results.suggestions {
        render::suggestion(&mut stderr, suggestion)?;
    }
    if results.relaxed {
        render::note(
            &mut stderr,
            "no article contains every word; showing articles with any of them",
        )?;
    }
    print(&results, &args.results)
}

/// The request the shared result flags describe.
pub fn request(query: String, args: &ResultArgs) -> SearchRequest {
    let mut request = SearchRequest::new(query)
        .limit(args.limit)
        .offset(args.offset)
        .sort(args.sort.into())
        .fragments(args.fragments)
        .facets(args.facets);
    request.since = args.since;
    request.until = args.until;
    request.source.clone_from(&args.source);
    request.author.clone_from(&args.author);
    request
}

/// Hits (and facets) on stdout, or JSON; the page note on stderr.
pub fn print(results: &SearchResults, args: &ResultArgs) -> Result<Status> {
    if args.json {
        render::json(results)?;
    } else {
        let mut stdout = anstream::stdout().lock();
        render::hits(&mut stdout, results)?;
        if let Some(facets) = &results.facets {
            render::facets(&mut stdout, facets, results.total_hits)?;
        }
        stdout.flush()?;
        drop(stdout);
        render::page_note(&mut anstream::stderr(), results, args.offset)?;
    }
    Ok(if results.total_hits == 0 {
        Status::NotFound
    } else {
        Status::Found
    })
}
