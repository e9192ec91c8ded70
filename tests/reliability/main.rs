//! Reliability: the index and the `search` binary under hostile input, odd
//! queries, crashes, concurrency, damage and a full disk. Each module tests one
//! of these; the slow ones are `#[ignore]`d and run by `.ci/run`.

#[path = "../library/common.rs"]
mod common;
#[path = "../cli/harness.rs"]
mod harness;

mod support;

mod concurrency;
mod crash;
mod damage;
mod full_disk;
#[cfg(unix)]
mod hostile;
mod queries;
