//! Quickwit's files: an index configuration and documents ready for
//! `quickwit index ingest --index news --input-path <file>`.
//!
//! The rules come from Quickwit 0.8 (configuration format `version: 0.8`):
//! `docs/configuration/index-config.md` and the doc mapper of
//! quickwit-oss/quickwit. The index id matches `^[a-zA-Z][a-zA-Z0-9-_\.]{2,254}$`
//! (`validate_identifier` in quickwit-config); field names match
//! `^[a-zA-Z][_\.\-a-zA-Z0-9]*$`; tag fields are text fields with the `raw`
//! tokenizer (the doc mapper refuses others); the timestamp field
//! (`doc_mapping.timestamp_field`) is a fast `datetime`, and since Quickwit
//! needs it in every document, undated articles are left out and counted.
//! Files were not sent to a running Quickwit.

use std::path::Path;

use serde::Serialize;

use super::chunks::Chunks;
use super::{json_line, make_dir, write_file, ExportReport, INDEX_NAME, MAX_FILE_BYTES};
use crate::error::Result;
use crate::search::IndexedArticle;

/// The index configuration: the date is the timestamp field; source and
/// language are tags (splits are pruned by them) and fast (facets); title
/// and body record positions (phrase queries) and field norms (BM25).
const INDEX_CONFIG: &str = "\
# Quickwit 0.8 index configuration written by `search export --to quickwit`.
# Create the index:   quickwit index create --index-config index-config.yaml
# Add the articles:   quickwit index ingest --index news --input-path articles-00001.ndjson
version: 0.8
index_id: news
doc_mapping:
  mode: strict
  field_mappings:
    - name: id
      type: text
      tokenizer: raw
    - name: path
      type: text
      tokenizer: raw
    - name: position
      type: u64
    - name: title
      type: text
      tokenizer: default
      record: position
      fieldnorms: true
    - name: body
      type: text
      tokenizer: default
      record: position
      fieldnorms: true
    - name: date
      type: datetime
      input_formats: [rfc3339]
      fast: true
      fast_precision: seconds
    - name: source
      type: text
      tokenizer: raw
      fast: true
    - name: author
      type: text
      tokenizer: default
    - name: url
      type: text
      tokenizer: raw
    - name: language
      type: text
      tokenizer: raw
      fast: true
    - name: tags
      type: array<text>
      tokenizer: raw
      fast: true
  timestamp_field: date
  tag_fields: [source, language]
search_settings:
  default_search_fields: [title, body]
";

/// One article as a Quickwit document: absent fields are left out.
#[derive(Serialize)]
struct Document<'a> {
    id: &'a str,
    path: &'a Path,
    position: u64,
    title: &'a str,
    body: &'a str,
    /// RFC 3339, midnight UTC of the article's day.
    date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    tags: &'a [String],
}

/// Writes `index-config.yaml` and `articles-NNNNN.ndjson` files of at most
/// [`MAX_FILE_BYTES`] into `dir` (created when missing). Undated articles
/// are not written: [`ExportReport::undated`] counts them.
pub fn quickwit(
    articles: impl IntoIterator<Item = Result<IndexedArticle>>,
    dir: &Path,
) -> Result<ExportReport> {
    debug_assert!(INDEX_CONFIG.contains(&format!("index_id: {INDEX_NAME}\n")));
    make_dir(dir)?;
    let mut report = ExportReport {
        files: vec![write_file(
            dir,
            "index-config.yaml",
            INDEX_CONFIG.as_bytes(),
        )?],
        ..ExportReport::default()
    };
    let mut chunks = Chunks::create(dir, "articles", MAX_FILE_BYTES)?;
    let mut line = Vec::new();
    for article in articles {
        let article = article?;
        let Some(date) = article.date else {
            report.undated += 1;
            continue;
        };
        let document = Document {
            id: &article.id,
            path: &article.path,
            position: article.position,
            title: &article.title,
            body: &article.body,
            date: format!("{date}T00:00:00Z"),
            source: article.source.as_deref(),
            author: article.author.as_deref(),
            url: article.url.as_deref(),
            language: article.language.as_deref(),
            tags: &article.tags,
        };
        line.clear();
        json_line(&mut line, &document, dir)?;
        chunks.write(&line)?;
        report.articles += 1;
    }
    report.files.extend(chunks.finish()?);
    Ok(report)
}
