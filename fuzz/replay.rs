//! What the fuzz targets do with their input, shared with
//! `tests/library/fuzz_regressions.rs` so that saved inputs replay through exactly
//! the same calls.

use std::path::Path;

use news_search::extract::{extract, extract_file, Format};
use news_search::{date_span, IndexOptions, NewsIndex, Result, SearchRequest, SearchResults, Sort};

/// The extractor targets, by name, and the format each reads its bytes as.
pub const EXTRACTORS: &[(&str, Format)] = &[
    ("txt", Format::Text),
    ("md", Format::Markdown),
    ("html", Format::Html),
    ("json", Format::Json),
    ("ndjson", Format::Ndjson),
    ("feed", Format::Feed),
];

/// Extracts `bytes` as `format`; feeds also as a `.xml` file, which is a feed
/// only when its content says so. Refusals are fine, panics are not.
pub fn extract_as(format: Format, bytes: &[u8]) {
    let _ = extract(format, bytes);
    if format == Format::Feed {
        let _ = extract_file(Path::new("feed.xml"), bytes);
    }
}

/// Indexes the test fixtures and the bundled corpus of the repository at
/// `root` into a new index in `dir`: articles of every format, with dates,
/// sources and rare words, so that prefixes, close words, phrases, date
/// filters and snippets all have something to work on.
pub fn fixtures_index(root: &Path, dir: &Path) -> NewsIndex {
    let index = NewsIndex::create(dir).expect("create index");
    let folders = [root.join("tests/fixtures"), root.join("corpus")];
    index
        .index_folders(&folders, &IndexOptions::default(), &())
        .expect("index the fixtures");
    index
}

/// Searches `bytes`, when they are text (as a command line's are), as typed
/// and again exact, newest first, between two dates, with facets and without
/// collapsing. An error such as a bad query is an answer, a panic is not.
pub fn search(index: &NewsIndex, bytes: &[u8]) -> Vec<Result<SearchResults>> {
    let Ok(query) = std::str::from_utf8(bytes) else {
        return Vec::new();
    };
    let (since, _) = date_span("2000").expect("a year");
    let (_, until) = date_span("2030").expect("a year");
    let filtered = SearchRequest::new(query)
        .exact(true)
        .sort(Sort::Newest)
        .collapse(false)
        .facets(true)
        .since(since)
        .until(until);
    [SearchRequest::new(query), filtered]
        .iter()
        .map(|request| index.search(request))
        .collect()
}
