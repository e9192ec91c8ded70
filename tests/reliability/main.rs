//! Reliability: the index and the `search` binary under hostile input, odd
//! queries, crashes, concurrency, damage and a full disk. Each module tests one
//! of these; the helpers are those of the other test binaries.

#[path = "../common/mod.rs"]
mod common;
#[path = "../harness/mod.rs"]
mod harness;

#[cfg(unix)]
mod hostile;
mod queries;
