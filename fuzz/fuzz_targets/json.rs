//! Any bytes through the JSON extractor (one article, an array of them, API
//! responses, JSON Feed): it may refuse them, never panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use news_search::extract::{extract, Format};

fuzz_target!(|data: &[u8]| {
    let _ = extract(Format::Json, data);
});
