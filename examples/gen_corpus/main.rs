//! Writes a deterministic synthetic news corpus of any size, for benchmarks.
//!
//! ```text
//! cargo run --release --example gen_corpus -- [--size 1G] [--seed N] [--source DIR] [--no-ndjson] OUT
//! ```
//!
//! Headlines and sentences are resampled from the real articles under
//! `--source` (read with the library's own extractor; by default the bundled
//! `corpus/`), about one content word in twenty is swapped for a synthetic word
//! drawn from a Zipf law, and each article gets a date and an outlet. It writes:
//!
//! - `OUT/txt/0000/000000.txt`...: one plain-text article a file, 1,000 a folder,
//!   as the `search` txt extractor reads them (title, date line, source line, body);
//! - `OUT/articles.ndjson`: the same articles, one JSON object a line
//!   (`title`, `body`, `date`, `source`), for tools that read one file
//!   (left out with `--no-ndjson`, which a 10 GB corpus needs to fit a disk);
//! - `OUT/queries.json`: one query of each kind the benchmarks run;
//! - `OUT/manifest.json`, written last: what was made, from what.
//!
//! The same seed and source give the same bytes, and a smaller corpus is a
//! prefix of a larger one.

mod material;
mod synth;

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, ensure, Context, Result};
use clap::Parser;
use rayon::prelude::*;
use serde::Serialize;

use material::Material;
use synth::{write_text, GeneratedArticle, Generator, PER_FOLDER, SYNTHETIC_RANKS};

/// Writes a deterministic synthetic news corpus for benchmarks.
#[derive(Debug, Parser)]
struct Args {
    /// Total size of the text files, e.g. 50M or 1G (a bare number is megabytes).
    #[arg(long, default_value = "1G", value_parser = parse_size)]
    size: u64,
    /// Seed of the random streams: the same seed gives the same bytes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder of real articles to resample (any format `search` reads), such as
    /// the one `scripts/fetch-news-corpus.sh` writes; default: the bundled corpus.
    #[arg(long, value_name = "DIR")]
    source: Option<PathBuf>,
    /// Write only the text files, not `articles.ndjson` (which doubles the
    /// disk a corpus takes; only the peers that load one file read it).
    #[arg(long)]
    no_ndjson: bool,
    /// Where to write; must not exist yet, or be empty.
    out: PathBuf,
}

/// What was written, saved as `OUT/manifest.json` once everything else is.
/// It names no path, so that the same seed and source give the same bytes
/// wherever they are.
#[derive(Debug, Serialize)]
struct Manifest {
    size: u64,
    seed: u64,
    source_files_failed: usize,
    source_sentences: usize,
    articles: u64,
    text_bytes: u64,
    ndjson_bytes: u64,
    /// Distinct words of the source text, plus the synthetic words used: about
    /// the corpus's vocabulary.
    source_vocabulary: usize,
    synthetic_vocabulary: usize,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(manifest) => {
            eprintln!(
                "gen_corpus: wrote {} articles ({} MiB of text, {} MiB of NDJSON; about {} distinct words) to {}",
                manifest.articles,
                manifest.text_bytes >> 20,
                manifest.ndjson_bytes >> 20,
                manifest.source_vocabulary + manifest.synthetic_vocabulary,
                args.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_corpus: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<Manifest> {
    let source = args
        .source
        .clone()
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"));
    let material = Material::from_folder(&source)
        .with_context(|| format!("cannot read the source folder {}", source.display()))?;
    ensure!(
        !material.sentences.is_empty(),
        "no article text found in {}",
        source.display()
    );
    prepare_out(&args.out)?;
    let generator = Generator::new(&material, args.seed);
    let first = generator.article(0);
    check_round_trip(&first)?;

    let queries = serde_json::to_string_pretty(&material.queries(args.seed, &first.body))?;
    fs::write(args.out.join("queries.json"), queries + "\n")?;
    let ndjson_path = args.out.join("articles.ndjson");
    let mut ndjson = match args.no_ndjson {
        true => None,
        false => Some(BufWriter::new(File::create(&ndjson_path)?)),
    };
    let mut seen = vec![false; SYNTHETIC_RANKS as usize + 1];
    let (mut articles, mut text_bytes) = (0u64, 0u64);
    while text_bytes < args.size {
        let batch: Vec<(String, GeneratedArticle)> = (articles..articles + PER_FOLDER)
            .into_par_iter()
            .map(|i| {
                let article = generator.article(i);
                (article.to_text(), article)
            })
            .collect();
        let mut take = 0;
        for (text, _) in &batch {
            if text_bytes >= args.size {
                break;
            }
            text_bytes += text.len() as u64;
            take += 1;
        }
        let batch = &batch[..take];
        batch
            .par_iter()
            .enumerate()
            .try_for_each(|(k, (text, _))| write_text(&args.out, articles + k as u64, text))?;
        for (_, article) in batch {
            if let Some(ndjson) = &mut ndjson {
                writeln!(ndjson, "{}", article.to_json())?;
            }
            for &rank in &article.synthetic {
                seen[rank as usize] = true;
            }
        }
        articles += take as u64;
    }
    let ndjson_bytes = match ndjson {
        Some(mut ndjson) => {
            ndjson.flush()?;
            fs::metadata(&ndjson_path)?.len()
        }
        None => 0,
    };
    let manifest = Manifest {
        size: args.size,
        seed: args.seed,
        source_files_failed: material.failed,
        source_sentences: material.sentences.len(),
        articles,
        text_bytes,
        ndjson_bytes,
        source_vocabulary: material.vocabulary(),
        synthetic_vocabulary: seen.iter().filter(|&&s| s).count(),
    };
    let json = serde_json::to_string_pretty(&manifest)?;
    fs::write(args.out.join("manifest.json"), json + "\n")?;
    Ok(manifest)
}

/// Refuses to mix a new corpus with an old one: same seed, same bytes.
fn prepare_out(out: &Path) -> Result<()> {
    if out.exists() && fs::read_dir(out)?.next().is_some() {
        bail!("{} is not empty: remove it first", out.display());
    }
    fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    Ok(())
}

/// Reads a generated article back with the library's txt extractor: the
/// benchmarks rely on every field coming back as written.
fn check_round_trip(article: &GeneratedArticle) -> Result<()> {
    let text = article.to_text();
    let extracted = news_search::extract::extract_file(Path::new("000000.txt"), text.as_bytes())
        .context("the txt extractor rejects a generated article")?;
    let Some((_, back)) = extracted.articles.first() else {
        bail!("the txt extractor finds no article in a generated one");
    };
    let fields = [
        ("title", back.title == article.title),
        ("body", back.body == article.body),
        ("date", back.date == Some(article.date)),
        ("source", back.source.as_deref() == Some(article.source)),
    ];
    for (field, same) in fields {
        ensure!(
            same,
            "the txt extractor reads the {field} of a generated article differently"
        );
    }
    Ok(())
}

/// "50M", "1G", "512K"; a bare number is megabytes, as `search --memory` reads it.
fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("\"{text}\" is not a size: write e.g. 50M or 1G"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "k" | "kb" | "kib" => 10,
        "" | "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        other => return Err(format!("unknown size unit \"{other}\": use K, M or G")),
    };
    number
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("\"{text}\" is too large"))
}
