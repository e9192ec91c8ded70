//! Any text as a query, searched the way `search query` searches: parsed,
//! compiled (prefixes, close words, phrases, dates), run, collapsed and
//! snippeted over a small index of the test fixtures built once. Errors such
//! as a bad query are fine; panics are not.

#![no_main]

// Each target makes one of the calls replay.rs shares with the tests.
#[allow(dead_code)]
#[path = "../replay.rs"]
mod replay;

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use news_search::NewsIndex;

/// The index lives as long as the process; the temporary folder goes with it.
static INDEX: OnceLock<(tempfile::TempDir, NewsIndex)> = OnceLock::new();

fn index() -> &'static NewsIndex {
    &INDEX
        .get_or_init(|| {
            let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
            let tmp = tempfile::tempdir().expect("temp dir");
            let index = replay::fixtures_index(&root, &tmp.path().join("index"));
            (tmp, index)
        })
        .1
}

fuzz_target!(|data: &[u8]| {
    let _ = replay::search(index(), data);
});
