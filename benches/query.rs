//! In-process query latency of the library, per query kind, without process
//! start-up: `NewsIndex::search` for 10 hits with snippets.
//!
//! ```text
//! cargo bench --bench query
//! ```
//!
//! The index is built once, before timing, from articles the corpus generator
//! (`examples/gen_corpus`) makes, written as text files and indexed as
//! `search index` does. The generator resamples `NEWS_BENCH_SOURCE`, else the
//! corpus `scripts/bench.sh` fetches (`target/bench/source`) when it is there,
//! else the bundled article; `NEWS_BENCH_ARTICLES` sets how many articles
//! (default 5,000, about 14 MB). Timings are for reading, never for asserting.

use std::path::PathBuf;
use std::sync::LazyLock;

use divan::Bencher;
use news_search::{NewsIndex, SearchRequest};
use tempfile::TempDir;

// Shared with the corpus generator, which uses the parts this file does not.
#[allow(dead_code)]
#[path = "../examples/gen_corpus/material.rs"]
mod material;
#[allow(dead_code)]
#[path = "../examples/gen_corpus/synth.rs"]
mod synth;

use material::{Material, Queries};
use synth::{write_text, Generator};

const SEED: u64 = 1;
const DEFAULT_ARTICLES: u64 = 5_000;
const KINDS: &[&str] = &[
    "rare",
    "common",
    "two_words",
    "phrase",
    "three_words",
    "typo",
];

/// The index and the queries, made once for all benches.
struct Fixture {
    index: NewsIndex,
    queries: Queries,
    _dir: TempDir,
}

static FIXTURE: LazyLock<Fixture> =
    LazyLock::new(|| build().unwrap_or_else(|e| panic!("cannot build the bench index: {e:#}")));

fn main() {
    // Built before divan prints its table, so the build's note stands apart.
    LazyLock::force(&FIXTURE);
    divan::main();
}

/// `NewsIndex::search` for 10 hits with snippets, as `search query` asks.
#[divan::bench(args = KINDS)]
fn search(bencher: Bencher, kind: &str) {
    let fixture = &*FIXTURE;
    let request = SearchRequest::new(query(&fixture.queries, kind)).limit(10);
    bencher.bench(|| fixture.index.search(&request).expect("the query runs"));
}

fn query(queries: &Queries, kind: &str) -> String {
    match kind {
        "rare" => queries.rare.clone(),
        "common" => queries.common.clone(),
        "two_words" => queries.two_words.clone(),
        "phrase" => format!("\"{}\"", queries.phrase),
        "three_words" => queries.three_words.clone(),
        _ => queries.typo.clone(),
    }
}

fn build() -> anyhow::Result<Fixture> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let fetched = manifest.join("target/bench/source");
    let source = match std::env::var_os("NEWS_BENCH_SOURCE") {
        Some(source) => PathBuf::from(source),
        None if fetched.is_dir() => fetched,
        None => manifest.join("corpus"),
    };
    let articles = match std::env::var("NEWS_BENCH_ARTICLES") {
        Ok(n) => n.parse()?,
        Err(_) => DEFAULT_ARTICLES,
    };
    let material = Material::from_folder(&source)?;
    let generator = Generator::new(&material, SEED);
    let dir = tempfile::tempdir()?;
    for i in 0..articles {
        write_text(dir.path(), i, &generator.article(i).to_text())?;
    }
    let index = NewsIndex::create(dir.path().join("index"))?;
    let report = index.index_dir(dir.path().join("txt"))?;
    let queries = material.queries(SEED, &generator.article(0).body);
    eprintln!(
        "bench index: {} articles from {}; {queries:?}",
        report.added,
        source.display(),
    );
    Ok(Fixture {
        index,
        queries,
        _dir: dir,
    })
}
