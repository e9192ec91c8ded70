//! `search similar`: the articles most like one.

use std::path::Path;

use anyhow::Result;
use news_search::NewsIndex;

use crate::cli::{Format, SimilarArgs};
use crate::cmd::query;
use crate::{render, Status};

pub fn run(index_path: &Path, args: &SimilarArgs) -> Result<Status> {
    let index = NewsIndex::open(index_path)?;
    let request = query::request(String::new(), &args.results);
    let results = index.similar(&args.article, &request)?;
    if results.total_hits == 0 && args.results.format() != Format::Json {
        // Its words are the query: "no articles match <words>" would puzzle.
        render::note(&mut anstream::stderr(), "no other article is like this one")?;
        return Ok(Status::NotFound);
    }
    query::print(&results, &args.results)
}
