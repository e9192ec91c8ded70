//! The `search` binary run for real: indexing, queries and what they print,
//! errors and exit statuses, and the search features beyond a plain query.

// One test binary for all the CLI tests, each file a module of it: the tests
// link once instead of once per file, and the harness, compiled once, is used
// in full (so it needs no dead-code allowance).

mod harness;
mod output;

mod basics;
mod config;
mod export;
mod formats;
mod ids;
mod index_folders;
mod index_paths;
mod languages;
mod query_text;
mod search_features;
mod serve;
mod shell;
mod terminal;
mod usage;
mod walking;
mod watch;
