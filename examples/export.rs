//! Prints every searchable article of an index as one JSON object per line
//! (id, path, position, title, date, source, author, url, language, tags,
//! body): the exact text the index holds, for other tools to read.
//!
//! ```text
//! cargo run --release --example export -- index > articles.ndjson
//! ```

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use news_search::NewsIndex;

fn main() -> ExitCode {
    let Some(index) = std::env::args().nth(1) else {
        eprintln!("usage: export <index>");
        return ExitCode::from(2);
    };
    match run(&index) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("export: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(index: &str) -> Result<(), Box<dyn std::error::Error>> {
    let index = NewsIndex::open(index)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    for article in index.articles() {
        serde_json::to_writer(&mut out, &article?)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}
