//! Any text as a query, searched the way `search query` searches: parsed,
//! compiled (prefixes, close words, phrases, dates), run, collapsed and
//! snippeted over a small index of the test fixtures built once. Errors such
//! as a bad query are fine; panics are not.

#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use news_search::{date_span, IndexOptions, NewsIndex, SearchRequest, Sort};

/// The index lives as long as the process; the temporary folder goes with it.
static INDEX: OnceLock<(tempfile::TempDir, NewsIndex)> = OnceLock::new();

fn index() -> &'static NewsIndex {
    &INDEX
        .get_or_init(|| {
            let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
            let folders = [root.join("tests/fixtures"), root.join("corpus")];
            let tmp = tempfile::tempdir().expect("temp dir");
            let index = NewsIndex::create(tmp.path().join("index")).expect("create index");
            index
                .index_folders(&folders, &IndexOptions::default(), &())
                .expect("index the fixtures");
            (tmp, index)
        })
        .1
}

fuzz_target!(|data: &[u8]| {
    // The command line only passes valid UTF-8.
    let Ok(query) = std::str::from_utf8(data) else {
        return;
    };
    let index = index();
    let _ = index.search(&SearchRequest::new(query));
    let (since, _) = date_span("2000").expect("a year");
    let (_, until) = date_span("2030").expect("a year");
    let filtered = SearchRequest::new(query)
        .exact(true)
        .sort(Sort::Newest)
        .collapse(false)
        .facets(true)
        .since(since)
        .until(until);
    let _ = index.search(&filtered);
});
