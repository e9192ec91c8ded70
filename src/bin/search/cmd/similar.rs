//! `search similar`: the articles most like one.

use std::path::Path;

use anyhow::Result;
use news_search::NewsIndex;

use crate::cli::SimilarArgs;
use crate::cmd::query;
use crate::Status;

pub fn run(index_path: &Path, args: &SimilarArgs) -> Result<Status> {
    let index = NewsIndex::open(index_path)?;
    let request = query::request(String::new(), &args.results);
    let results = index.similar(&args.article, &request)?;
    query::print(&results, &args.results)
}
