//! Any bytes through the RSS/Atom extractor, directly and as a `.xml` file
//! (which is a feed only when its content says so): refusals are fine, panics not.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use news_search::extract::{extract, extract_file, Format};

fuzz_target!(|data: &[u8]| {
    let _ = extract(Format::Feed, data);
    let _ = extract_file(Path::new("feed.xml"), data);
});
