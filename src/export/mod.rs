//! Articles written out for other engines: the library's own NDJSON (which
//! `search index` reads back as the same articles), and the files a Quickwit
//! or Elasticsearch cluster takes in (an index configuration or mapping, and
//! documents in files of bounded size). Every writer streams: it holds one
//! article at a time, whatever the number exported.
//!
//! The articles come from [`NewsIndex::articles`](crate::NewsIndex::articles)
//! or [`NewsIndex::matching`](crate::NewsIndex::matching).
//!
//! ```
//! # fn main() -> Result<(), news_search::Error> {
//! # let tmp = tempfile::tempdir().unwrap();
//! # let news = tmp.path().join("news");
//! # std::fs::create_dir(&news).unwrap();
//! # std::fs::write(news.join("a.txt"), "Ports close as storm nears\n\n2024-02-03\nReuters\n\nHigh winds shut three ports.\n").unwrap();
//! # let index = news_search::NewsIndex::create(tmp.path().join("index"))?;
//! # index.index_dir(&news)?;
//! use news_search::{export, SearchRequest};
//!
//! let mut out = Vec::new();
//! let report = export::ndjson(index.matching(&SearchRequest::new("storm"))?, &mut out)?;
//! assert_eq!(report.articles, 1);
//! assert!(String::from_utf8(out).unwrap().contains(r#""title":"Ports close as storm nears""#));
//! # Ok(())
//! # }
//! ```

mod chunks;
mod elasticsearch;
mod quickwit;

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::search::IndexedArticle;

pub use self::elasticsearch::elasticsearch;
pub use self::quickwit::quickwit;

/// The name the exported index takes in Quickwit (its `index_id`) and in
/// Elasticsearch; valid under both engines' rules.
pub const INDEX_NAME: &str = "news";

/// The most bytes in one file of documents: Quickwit's ingest API takes at
/// most 10 MB a request, and Elasticsearch advises bulk requests of a few
/// megabytes to tens of them.
pub const MAX_FILE_BYTES: u64 = 10_000_000;

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExportReport {
    /// Articles written.
    pub articles: u64,
    /// Articles left out because the format cannot hold them (Quickwit's
    /// documents need a date).
    pub undated: u64,
    /// The files written, in order: the configuration or mapping first.
    pub files: Vec<PathBuf>,
}

/// Writes every article as one JSON object per line, with the library's own
/// field names (`id`, `path`, `position`, `title`, `date`, `source`, `author`,
/// `url`, `language`, `tags`, `body`), each line ending in a newline.
/// `search index` reads such a file back as the same articles.
pub fn ndjson(
    articles: impl IntoIterator<Item = Result<IndexedArticle>>,
    mut out: impl Write,
) -> Result<ExportReport> {
    let failed = |source| Error::Io {
        path: PathBuf::from("the export's output"),
        source,
    };
    let mut report = ExportReport::default();
    for article in articles {
        serde_json::to_writer(&mut out, &article?).map_err(|e| failed(e.into()))?;
        out.write_all(b"\n").map_err(failed)?;
        report.articles += 1;
    }
    out.flush().map_err(failed)?;
    Ok(report)
}

/// Appends `value` to `line` as one line of JSON. Writing into memory
/// fails only for values JSON cannot hold, which no export has; the error
/// names the folder written to all the same.
fn json_line(line: &mut Vec<u8>, value: &impl Serialize, dir: &Path) -> Result<()> {
    serde_json::to_writer(&mut *line, value).map_err(|e| Error::Io {
        path: dir.to_path_buf(),
        source: e.into(),
    })?;
    line.push(b'\n');
    Ok(())
}

/// Creates `dir` (and its parents) for an export's files.
fn make_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })
}

/// Writes `bytes` as the file `name` in `dir`.
fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    let path = dir.join(name);
    std::fs::write(&path, bytes).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}
