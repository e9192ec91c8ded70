//! news-search: local-first full-text search for a folder of news articles.
//!
//! The library does everything the `search` command does: index folders of
//! articles incrementally, and search them with ranked, highlighted results.
//!
//! # Quick start
//!
//! ```
//! use news_search::{NewsIndex, SearchRequest};
//!
//! # fn main() -> Result<(), news_search::Error> {
//! # let tmp = tempfile::tempdir().unwrap();
//! # let index_dir = tmp.path().join("index");
//! # let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
//! let index = NewsIndex::open_or_create(&index_dir)?;
//! let report = index.index_dir(corpus)?; // incremental: only new and changed files are read
//! assert_eq!(report.added, 1);
//!
//! let results = index.search(&SearchRequest::new("H100"))?;
//! let hit = &results.hits[0];
//! assert!(hit.title.starts_with("Mark Zuckerberg's Meta"));
//! assert_eq!(hit.date.map(|d| d.to_string()).as_deref(), Some("2023-09-11"));
//!
//! // Highlights are byte ranges into the snippet's text.
//! let first = &hit.snippets[0];
//! let (start, end) = first.highlights[0];
//! assert_eq!(&first.text[start..end], "H100");
//! # Ok(())
//! # }
//! ```
//!
//! Results serialise with serde: `serde_json::to_string(&results)` is the
//! document that `search query --json` prints.

#![warn(missing_docs)]

// Shared vocabulary: what every wing speaks.
mod aliases;
mod article;
mod error;
mod hash;
mod language;
pub mod limits;
mod paths;
mod serialize;
mod text;

// The wings: extraction (bytes -> articles), the index on disk, the write
// path and the read path. `extract` and `store` import neither `indexer` nor
// `search`, and those two never import each other.
pub mod extract;
mod indexer;
mod search;
mod store;

// Beside the wings: articles written out for other engines, read through
// `search`; no wing imports it.
pub mod export;

pub use aliases::SourceAliases;
pub use article::Article;
pub use error::Occupant;
pub use error::{DateError, DatePart, Error, ExtractError, QueryError, Result};
#[cfg(feature = "watch")]
pub use indexer::{CommitSummary, Rescan, Trigger, Watch, WatchEvent, WatchOptions};
pub use indexer::{FileError, IndexOptions, IndexReport, Phase, Progress, WriteSession};
pub use language::{article_language, detect_language, language_code};
pub use limits::{DEFAULT_MEMORY_BUDGET, MIN_MEMORY_PER_THREAD};
pub use paths::{article_place, display_path};
pub use search::{
    date_span, relative_day, ArticleHighlights, Dateline, Facets, FilteredOut, Hit, HitDetails,
    IndexedArticle, Listing, Matching, Metadata, NearDuplicate, Place, QueryNote, SearchRequest,
    SearchResults, ShownArticle, ShownArticles, Snippet, Sort, Suggestion, DEFAULT_FRAGMENTS,
    DEFAULT_LIMIT,
};
pub use store::{CommitWatch, CompactReport, IndexStats, NewsIndex, SCHEMA_VERSION};
/// The date and time crate the API takes and gives dates in
/// ([`SearchRequest::since`], [`Hit`]'s `date`): no need to depend on it yourself.
pub use time;
