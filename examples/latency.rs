//! Query latency in a long-lived process: the index is opened once, then
//! each query kind runs many times (10 hits with their passages, as `search
//! query` asks for) and the p50 and p95 of each kind are printed.
//!
//! ```text
//! cargo run --release --example latency -- INDEX [RUNS] [KIND,...]
//! ```
//!
//! The queries are the benchmark's kinds (`rare`, `common`, `two_words`,
//! `phrase`, `three_words`, `typo`), read from `queries.json` when
//! `NEWS_QUERIES` names one (as `gen_corpus` writes it), else the words of
//! the 1 GB benchmark corpus. The index is only read.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use news_search::{NewsIndex, SearchRequest};

/// The 1 GB benchmark corpus's queries (`gen_corpus --size 1G --seed 1`).
const DEFAULT_QUERIES: &[(&str, &str)] = &[
    ("rare", "wholescale"),
    ("common", "government"),
    ("two_words", "attacked fellow"),
    ("phrase", "lawyer argued"),
    ("three_words", "successful stand kids"),
    ("typo", "govenrment"),
];

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(index) = args.next() else {
        eprintln!("usage: latency <index> [runs] [kind,...]");
        return ExitCode::from(2);
    };
    let runs = match args.next().map(|r| r.parse::<usize>()) {
        None => 200,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!("latency: runs must be a positive number");
            return ExitCode::from(2);
        }
    };
    let kinds: Vec<String> = args
        .next()
        .map(|k| k.split(',').map(str::to_owned).collect())
        .unwrap_or_default();
    match run(&index, runs, &kinds) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("latency: {e}");
            ExitCode::from(2)
        }
    }
}

fn queries() -> Result<Vec<(String, String)>, String> {
    let Some(path) = std::env::var_os("NEWS_QUERIES") else {
        return Ok(DEFAULT_QUERIES
            .iter()
            .map(|(k, q)| (k.to_string(), q.to_string()))
            .collect());
    };
    let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
    let map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text).map_err(|e| e.to_string())?;
    Ok(map
        .into_iter()
        .filter_map(|(k, v)| Some((k, v.as_str()?.to_owned())))
        .collect())
}

fn run(path: &str, runs: usize, kinds: &[String]) -> Result<(), String> {
    let index = NewsIndex::open(path).map_err(|e| e.to_string())?;
    println!(
        "{:<12} {:>9} {:>9} {:>9}  {:<24} hits",
        "kind", "p50 ms", "p95 ms", "min ms", "query"
    );
    for (kind, words) in queries()? {
        if !kinds.is_empty() && !kinds.contains(&kind) {
            continue;
        }
        // The benchmark's phrase is a phrase.
        let query = if kind == "phrase" && !words.starts_with('"') {
            format!("\"{words}\"")
        } else {
            words
        };
        let request = SearchRequest::new(&query).limit(10);
        // Warm the pages and caches this query touches.
        let mut results = index.search(&request).map_err(|e| e.to_string())?;
        let mut times: Vec<Duration> = Vec::with_capacity(runs);
        for _ in 0..runs {
            let start = Instant::now();
            results = index.search(&request).map_err(|e| e.to_string())?;
            times.push(start.elapsed());
        }
        times.sort();
        let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let passages: usize = results.hits.iter().map(|h| h.snippets.len()).sum();
        println!(
            "{kind:<12} {:>9.3} {:>9.3} {:>9.3}  {query:<24} {} shown ({passages} passages) of {}",
            ms(at(0.5)),
            ms(at(0.95)),
            ms(times[0]),
            results.hits.len(),
            results.total_hits,
        );
    }
    Ok(())
}
