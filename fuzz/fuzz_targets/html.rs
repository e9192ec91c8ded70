//! Any bytes through the HTML extractor: it may refuse them, never panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use news_search::extract::{extract, Format};

fuzz_target!(|data: &[u8]| {
    let _ = extract(Format::Html, data);
});
