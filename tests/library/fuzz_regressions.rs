//! Replays every input the fuzzers saved under `tests/fuzz_regressions/<target>/`
//! through the same calls as the fuzz target of that name
//! (`fuzz/fuzz_targets/<target>.rs`): none may panic, and those whose outcome
//! is known must have it.

#[path = "../../fuzz/replay.rs"]
mod replay;

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use news_search::extract::{extract, Format};
use news_search::{Error, ExtractError};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Saved queries that must be refused as bad queries, and ones that must search.
const REFUSED_QUERIES: &[&str] = &["deep-parentheses"];
const SEARCHED_QUERIES: &[&str] = &["excluded-phrases-after-word", "nesting-at-limit"];

/// The saved inputs of one target, by file name.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(ROOT).join("tests/fuzz_regressions").join(target);
    let Ok(entries) = fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut inputs: Vec<(String, Vec<u8>)> = entries
        .map(|entry| {
            let path = entry.expect("read folder entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read(&path).expect("read saved input"))
        })
        .collect();
    inputs.sort();
    inputs
}

/// Runs `run` on every saved input of `target`, naming all that panic.
fn replay_all(target: &str, run: impl Fn(&str, &[u8])) {
    let panicked: Vec<String> = inputs(target)
        .into_iter()
        .filter(|(name, bytes)| catch_unwind(AssertUnwindSafe(|| run(name, bytes))).is_err())
        .map(|(name, _)| name)
        .collect();
    assert!(panicked.is_empty(), "{target}: {panicked:?} panicked");
}

#[test]
fn every_folder_of_saved_inputs_is_a_fuzz_target() {
    let dir = Path::new(ROOT).join("tests/fuzz_regressions");
    for entry in fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let known = name == "query" || replay::EXTRACTORS.iter().any(|(t, _)| *t == name);
        assert!(known, "no fuzz target {name:?}");
    }
}

#[test]
fn saved_queries_are_searched_or_refused_as_bad_queries() {
    let tmp = tempfile::tempdir().unwrap();
    let index = replay::fixtures_index(Path::new(ROOT), &tmp.path().join("index"));
    assert!(!inputs("query").is_empty());
    replay_all("query", |name, bytes| {
        for result in replay::search(&index, bytes) {
            match result {
                Ok(_) => assert!(!REFUSED_QUERIES.contains(&name), "{name} was searched"),
                Err(Error::BadQuery { .. }) => {
                    assert!(!SEARCHED_QUERIES.contains(&name), "{name} was refused")
                }
                Err(error) => panic!("{name}: {error}"),
            }
        }
    });
}

#[test]
fn saved_extractor_inputs_do_not_panic() {
    for (target, format) in replay::EXTRACTORS {
        replay_all(target, |_, bytes| replay::extract_as(*format, bytes));
    }
}

#[test]
fn a_feed_declared_twice_is_malformed() {
    let (_, bytes) = inputs("feed")
        .into_iter()
        .find(|(name, _)| name == "second-xml-declaration")
        .expect("the saved feed");
    let extracted = extract(Format::Feed, &bytes);
    assert!(
        matches!(extracted, Err(ExtractError::Malformed { .. })),
        "{extracted:?}"
    );
}
