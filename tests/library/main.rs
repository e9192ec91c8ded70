//! The library's public API as an embedding tool uses it: indexing, the search
//! features, extraction of realistic fixtures, and the saved fuzz inputs; and
//! the shape of its source (the rules ARCHITECTURE.md states).

// One test binary for all the library tests, each file a module of it: the
// tests link once instead of four times, and the helpers in `common`, compiled
// once, are used in full (so they need no dead-code allowance).

mod common;

mod aliases;
mod api;
mod changes;
mod counts;
mod export;
mod extraction;
mod fuzz_regressions;
mod ids;
mod index_paths;
mod languages;
mod layout;
mod live;
mod plain_text;
mod query_text;
mod search_features;
mod segments;
mod stored_text;
#[cfg(feature = "watch")]
mod watch;
