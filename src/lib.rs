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

mod article;
mod articles;
mod collapse;
mod error;
mod exclusion;
pub mod extract;
mod facets;
mod fingerprint;
mod fuzzy;
mod in_order;
mod indexer;
mod known;
pub mod limits;
mod merging;
mod news_index;
mod paths;
mod query;
mod read;
mod schema;
mod search;
mod similar;
mod snippet;
mod stats;
mod stem_cache;
mod walk;

/// Hash maps and sets keyed by paths and fingerprints, with a hash much
/// cheaper than the default's: the keys are the user's own paths and hashes.
type FastMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;
type FastSet<K> = std::collections::HashSet<K, rustc_hash::FxBuildHasher>;

pub use article::Article;
pub use articles::{ArticleHighlights, IndexedArticle};
pub use error::{Error, ExtractError, Result};
pub use facets::Facets;
pub use indexer::{
    FileError, IndexOptions, IndexReport, Phase, Progress, DEFAULT_MEMORY_BUDGET,
    MIN_MEMORY_PER_THREAD,
};
pub use merging::CompactReport;
pub use news_index::NewsIndex;
pub use paths::display_path;
pub use query::{date_span, relative_day};
pub use schema::SCHEMA_VERSION;
pub use search::{
    Hit, NearDuplicate, SearchRequest, SearchResults, Sort, Suggestion, DEFAULT_FRAGMENTS,
    DEFAULT_LIMIT,
};
pub use snippet::Snippet;
pub use stats::IndexStats;
