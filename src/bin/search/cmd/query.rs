//! `search query`: run a search and print hits, as text, JSON, CSV or paths.

use std::io::Read;
use std::path::Path;

use anyhow::{bail, Context, Result};
use news_search::{NewsIndex, SearchRequest, SearchResults};

use crate::cli::{Format, QueryArgs, ResultArgs};
use crate::{pager, render, Status};

pub fn run(index_path: &Path, args: &QueryArgs) -> Result<Status> {
    let query = if args.query == ["-"] {
        from_stdin()?
    } else {
        args.query.join(" ")
    };
    // Never dropped: the process ends after this command, and the kernel
    // takes back the index's memory maps at exit faster than unmapping them
    // one by one (BENCHMARKS.md, "Start-up and opening").
    let index = std::mem::ManuallyDrop::new(NewsIndex::open(index_path)?);
    let mut request = request(query, &args.results);
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
        render::note(&mut stderr, render::RELAXED)?;
    }
    print(&results, &args.results)
}

/// `search query -`: the whole of stdin, trimmed, is the query.
fn from_stdin() -> Result<String> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .context("cannot read the query from stdin")?;
    let text = text.trim();
    if text.is_empty() {
        bail!("the query on stdin is empty: \"search query -\" reads the query from stdin, and there was none");
    }
    Ok(text.to_owned())
}

/// The request the shared result flags describe.
pub fn request(query: String, args: &ResultArgs) -> SearchRequest {
    // Paths need no passages: none are looked for.
    let fragments = match args.format() {
        Format::Paths => 0,
        _ => args.fragments,
    };
    let mut request = SearchRequest::new(query)
        .limit(args.limit)
        .offset(args.offset)
        .sort(args.sort.into())
        .fragments(fragments)
        .facets(args.facets);
    args.filters.apply(&mut request);
    request
}

/// The results on stdout in the format asked for; but for JSON, which
/// holds the counts itself, the page note on stderr.
pub fn print(results: &SearchResults, args: &ResultArgs) -> Result<Status> {
    let format = args.format();
    match format {
        Format::Json => render::json(results)?,
        Format::Ndjson => render::ndjson(&results.hits)?,
        Format::Csv => render::csv(&results.hits)?,
        Format::Paths => render::paths(&results.hits, args.null)?,
        Format::Text => {
            let mut page = Vec::new();
            render::hits(&mut page, results, pager::width())?;
            if let Some(facets) = &results.facets {
                render::facets(&mut page, facets, results.total_hits)?;
            }
            pager::write(&page)?;
        }
    }
    if format != Format::Json {
        render::page_note(&mut anstream::stderr(), results, args.offset)?;
    }
    Ok(if results.total_hits == 0 {
        Status::NotFound
    } else {
        Status::Found
    })
}
