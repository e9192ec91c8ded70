//! Embedding news-search in another tool: index a folder, then search it.
//!
//! ```text
//! cargo run --example embed -- corpus "H100"
//! ```
//!
//! The index goes to a temporary folder so the example leaves nothing behind.

use std::process::ExitCode;

use news_search::{NewsIndex, SearchRequest};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(folder), Some(query)) = (args.next(), args.next()) else {
        eprintln!("usage: embed <folder> <query>");
        return ExitCode::from(2);
    };
    match run(&folder, &query) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("embed: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(folder: &str, query: &str) -> Result<(), news_search::Error> {
    let scratch = std::env::temp_dir().join(format!("news-search-embed-{}", std::process::id()));
    let index = NewsIndex::open_or_create(&scratch)?;

    // Incremental, exactly as `search index <folder>`: a second call reads nothing new.
    let report = index.index_dir(folder)?;
    println!("indexed {} articles from {folder}", report.added);

    // Every word must match; `results.relaxed` says when any word was enough.
    let results = index.search(&SearchRequest::new(query).limit(5))?;
    for hit in &results.hits {
        let date = hit.date.map(|d| d.to_string()).unwrap_or_default();
        println!(
            "{}. {} ({date}) {}",
            hit.rank,
            hit.title,
            hit.path.display()
        );
        // Highlights are byte ranges into the snippet text: wrap them as you like.
        if let Some(snippet) = hit.snippets.first() {
            let mut text = snippet.text.clone();
            for &(start, end) in snippet.highlights.iter().rev() {
                text.insert(end, ']');
                text.insert(start, '[');
            }
            println!("   {text}");
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(())
}
