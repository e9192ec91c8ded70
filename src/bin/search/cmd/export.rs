//! `search export`: every searchable article, or a query's matches, written
//! out as NDJSON or as the files a Quickwit or Elasticsearch cluster takes in.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use clap::{Args, ValueEnum};
use news_search::export::{self, ExportReport};
use news_search::{NewsIndex, SearchRequest};
use time::Date;

use crate::cli::{first_day, last_day};
use crate::Status;

/// Write the index's articles out, for other tools or a search cluster.
///
/// Every searchable article is written (a story saved twice comes once),
/// or, with a QUERY or filters, every article that matches: all of them, not
/// a page, with every word required, no typo tolerance with --exact, and
/// near-identical articles each written.
///
/// --to ndjson writes one JSON object per line with the fields `search query
/// --json` uses (id, path, position, title, date, source, author, url,
/// language, tags, body): to standard output, or to DIR/articles.ndjson with
/// --out. `search index` reads such a file back as the same articles.
///
/// --to quickwit writes into --out DIR an index configuration for Quickwit
/// 0.8 (index-config.yaml, index id \"news\", the date as timestamp field) and
/// articles-00001.ndjson... of at most 10 MB each; Quickwit needs a date in
/// every document, so undated articles are left out and counted.
///
/// --to elasticsearch writes into --out DIR mapping.json (for PUT /news) and
/// bulk-00001.ndjson... of at most 10 MB each (for POST /_bulk), each article
/// with _id = its id, so exporting again updates rather than duplicates.
///
/// Files an earlier export numbered in DIR are replaced. Counts go to
/// standard error. SCALE.md tells when to move to a cluster and how.
#[derive(Debug, Args)]
#[command(after_help = "\
EXAMPLES:
  search export > articles.ndjson
  search export --since 2024 ukraine | jq -r .title
  search export --to quickwit --out qw/
  search export --to elasticsearch --out es/ --source Reuters")]
pub struct ExportArgs {
    /// Only articles matching this query (all its words); several words are
    /// joined with spaces. None exports every article the filters allow.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,

    /// The format to write.
    #[arg(long, value_enum, default_value_t = Target::Ndjson, value_name = "FORMAT")]
    pub to: Target,

    /// Folder for the files (created when missing); required for quickwit
    /// and elasticsearch.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Only articles published on or after DATE (as for `search query`).
    #[arg(long, value_name = "DATE", value_parser = first_day)]
    pub since: Option<Date>,

    /// Only articles published on or before DATE.
    #[arg(long, value_name = "DATE", value_parser = last_day)]
    pub until: Option<Date>,

    /// Only articles from this source.
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,

    /// Only articles by this author.
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,

    /// Match the query's words as typed (and their other forms) only.
    #[arg(long)]
    pub exact: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Target {
    /// One article per line, the library's own field names.
    Ndjson,
    /// Quickwit 0.8: index-config.yaml and NDJSON files to ingest.
    Quickwit,
    /// Elasticsearch 8.x (and OpenSearch): mapping.json and _bulk files.
    Elasticsearch,
}

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
    request.since = args.since;
    request.until = args.until;
    request.source.clone_from(&args.source);
    request.author.clone_from(&args.author);
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
