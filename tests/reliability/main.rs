//! Reliability: the index survives crashes, concurrent use, damaged files and a
//! full disk. The slow tests are `#[ignore]`d and run by `.ci/run` by name.

#[path = "../harness/mod.rs"]
mod harness;

mod support;

mod concurrency;
mod crash;
mod damage;
mod full_disk;
