//! Any bytes through the Markdown extractor: it may refuse them, never panic.

#![no_main]

// Each target makes one of the calls replay.rs shares with the tests.
#[allow(dead_code)]
#[path = "../replay.rs"]
mod replay;

use libfuzzer_sys::fuzz_target;
use news_search::extract::Format;

fuzz_target!(|data: &[u8]| replay::extract_as(Format::Markdown, data));
