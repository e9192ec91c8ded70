//! `search export`: every searchable article, or a query's matches, written
//! out as NDJSON or as the files a Quickwit or Elasticsearch cluster takes in.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Result};
use news_search::export::{self, ExportReport};
use news_search::{NewsIndex, SearchRequest};

use crate::cli::{ExportArgs, Target};
use crate::Status;

pub fn run(index_path: &Path, args: &ExportArgs) -> Result<Status> {
    let dir = match (args.to, &args.out) {
        (Target::Ndjson, out) => out.as_deref(),
        (to, None) => {
            let name = format!("{to:?}").to_lowercase();
            bail!("--to {name} writes several files: name a folder for them with --out DIR")
        }
        (_, Some(out)) => Some(out.as_path()),
    };
    let index = NewsIndex::open(index_path)?;
    let mut request = SearchRequest::new(args.query.join(" "));
    args.filters.apply(&mut request);
    request.exact = args.exact;
    let articles = index.matching(&request)?;
    let report = match (args.to, dir) {
        (Target::Ndjson, None) => export::ndjson(articles, std::io::stdout().lock())?,
        (Target::Ndjson, Some(dir)) => {
            std::fs::create_dir_all(dir)?;
            let file = std::fs::File::create(dir.join("articles.ndjson"))?;
            let mut report = export::ndjson(articles, std::io::BufWriter::new(file))?;
            report.files.push(dir.join("articles.ndjson"));
            report
        }
        (Target::Quickwit, Some(dir)) => export::quickwit(articles, dir)?,
        (Target::Elasticsearch, Some(dir)) => export::elasticsearch(articles, dir)?,
        (_, None) => unreachable!("checked above"),
    };
    summary(&mut anstream::stderr(), &report)?;
    Ok(match report.articles {
        0 => Status::NotFound,
        _ => Status::Found,
    })
}

/// "exported 120 articles into 3 files; 4 undated articles left out".
fn summary(out: &mut impl Write, report: &ExportReport) -> Result<()> {
    let plural = |n: u64, word: &str| match n {
        1 => format!("1 {word}"),
        n => format!("{n} {word}s"),
    };
    let mut line = format!("exported {}", plural(report.articles, "article"));
    if !report.files.is_empty() {
        line += &format!(" into {}", plural(report.files.len() as u64, "file"));
    }
    if report.undated > 0 {
        line += &format!(
            "; {} left out (Quickwit needs a date)",
            plural(report.undated, "undated article")
        );
    }
    writeln!(out, "{line}")?;
    Ok(())
}
