//! The one place that knows the index's field names and their options (the
//! analysers they name are in `analysis`): converts `Article`s into tantivy documents and stored documents back.

use std::path::Path;

use tantivy::index::IndexSettings;
use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, OwnedValue, Schema, TantivyDocument,
    TextFieldIndexing, TextOptions, Value, FAST, STORED, STRING,
};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::DateTime;
use time::Date;

use super::analysis::{Analysis, ANALYSES, KEYWORD};
use super::fingerprint::Fingerprint;
use crate::article::Article;

/// Bumped whenever the schema, the analyser or what is indexed changes in a
/// way that needs a rebuild (3: the headline is part of the body's text;
/// 4: ids hash the path below the indexed folder, not the absolute path;
/// 5: a title and body field per analysis, the language a fast column).
pub const SCHEMA_VERSION: u32 = 5;

/// The title and body fields of one analysis: an article fills those of its
/// language's (see [`Analysis::of_language`]); English ones are `title` and
/// `body`, as before languages were told apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TextFields {
    pub analysis: Analysis,
    pub title: Field,
    pub body: Field,
}

/// Handles to every field; built once per open from the schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    pub path: Field,
    pub title: Field,
    pub body: Field,
    pub source: Field,
    pub author: Field,
    pub url: Field,
    pub language: Field,
    pub tags: Field,
    pub date: Field,
    pub size: Field,
    pub mtime: Field,
    pub hash: Field,
    pub content: Field,
    pub full: Field,
    pub simhash: Field,
    pub position: Field,
    /// The title and body fields of every analysis, English first.
    pub texts: [TextFields; ANALYSES.len()],
}

/// Names of the fast fields the incremental run reads back.
pub(crate) const PATH: &str = "path";
pub(crate) const SIZE: &str = "size";
pub(crate) const MTIME: &str = "mtime";
pub(crate) const HASH: &str = "hash";
/// Fast fields for duplicates: the exact content fingerprint, and 1 on
/// searchable articles (0 on copies of a story indexed elsewhere).
pub(crate) const CONTENT: &str = "content";
pub(crate) const FULL: &str = "full";
/// Fast columns read for statistics.
pub(crate) const SOURCE: &str = "source";
pub(crate) const DATE: &str = "date";
/// The SimHash column, read to collapse near-identical hits.
pub(crate) const SIMHASH: &str = "simhash";
/// The language column (ISO 639-1 codes), read for statistics and facets.
pub(crate) const LANGUAGE: &str = "language";

/// Fields a query may name, in the order `--help` lists them.
pub(crate) const QUERY_FIELDS: &[&str] = &[
    "title", "body", "source", "author", "url", "tag", "lang", "date",
];

/// The schema this build writes.
pub(crate) fn build() -> Schema {
    let mut builder = Schema::builder();
    let analysed = |analysis: Analysis| {
        TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(&analysis.tokenizer_name())
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
            .set_stored()
    };
    builder.add_text_field("id", STRING | STORED);
    builder.add_text_field(PATH, STRING | STORED | FAST);
    for analysis in ANALYSES {
        let suffix = analysis.suffix();
        builder.add_text_field(&format!("title{suffix}"), analysed(analysis));
        builder.add_text_field(&format!("body{suffix}"), analysed(analysis));
    }
    // The whole source name is also a fast column, for counting sources.
    builder.add_text_field(SOURCE, analysed(Analysis::English).set_fast("raw"));
    builder.add_text_field("author", analysed(Analysis::English));
    builder.add_text_field("url", analysed(Analysis::English));
    let keyword = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(KEYWORD)
                .set_index_option(IndexRecordOption::Basic),
        )
        .set_stored()
        .set_fast("raw");
    builder.add_text_field(LANGUAGE, keyword);
    builder.add_text_field("tags", analysed(Analysis::English));
    builder.add_date_field(
        DATE,
        DateOptions::from(tantivy::schema::INDEXED | STORED | FAST)
            .set_precision(DateTimePrecision::Seconds),
    );
    builder.add_u64_field(SIZE, FAST);
    builder.add_u64_field(MTIME, FAST);
    builder.add_u64_field(HASH, FAST);
    builder.add_u64_field(CONTENT, tantivy::schema::INDEXED | FAST | STORED);
    builder.add_u64_field(FULL, tantivy::schema::INDEXED | FAST);
    builder.add_u64_field("simhash", FAST | STORED);
    builder.add_u64_field("position", STORED);
    builder.build()
}

impl Fields {
    /// Looks every field up by name; `None` when the schema is not ours.
    pub(crate) fn from_schema(schema: &Schema) -> Option<Fields> {
        let get = |name: &str| schema.get_field(name).ok();
        let texts: Vec<TextFields> = ANALYSES
            .iter()
            .map(|&analysis| {
                let suffix = analysis.suffix();
                Some(TextFields {
                    analysis,
                    title: get(&format!("title{suffix}"))?,
                    body: get(&format!("body{suffix}"))?,
                })
            })
            .collect::<Option<_>>()?;
        Some(Fields {
            texts: texts.try_into().ok()?,
            id: get("id")?,
            path: get(PATH)?,
            title: get("title")?,
            body: get("body")?,
            source: get(SOURCE)?,
            author: get("author")?,
            url: get("url")?,
            language: get(LANGUAGE)?,
            tags: get("tags")?,
            date: get(DATE)?,
            size: get(SIZE)?,
            mtime: get(MTIME)?,
            hash: get(HASH)?,
            content: get(CONTENT)?,
            full: get(FULL)?,
            simhash: get("simhash")?,
            position: get("position")?,
        })
    }

    /// The field a query names with `name:`, if it is one a query may name.
    pub(crate) fn by_query_name(&self, name: &str) -> Option<Field> {
        match name {
            "title" => Some(self.title),
            "body" => Some(self.body),
            "source" => Some(self.source),
            "author" => Some(self.author),
            "url" => Some(self.url),
            "tag" | "tags" => Some(self.tags),
            "lang" | "language" => Some(self.language),
            "date" => Some(self.date),
            _ => None,
        }
    }

    /// The title and body fields of `analysis`.
    pub(crate) fn of(&self, analysis: Analysis) -> TextFields {
        self.texts
            .iter()
            .find(|t| t.analysis == analysis)
            .copied()
            .unwrap_or(self.texts[0])
    }

    /// The title and body fields `article` fills.
    pub(crate) fn of_article(&self, article: &Article) -> TextFields {
        self.of(Analysis::of_article(
            article.language.as_deref(),
            &article.title,
            &article.body,
        ))
    }
}

/// How a new index stores documents: zstd, whose blocks of news come out a
/// third smaller than lz4's, in blocks of [`STORE_BLOCK_BYTES`]. Existing
/// indexes keep what they were created with (it is recorded in each one).
pub(crate) fn settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(1),
        }),
        docstore_blocksize: STORE_BLOCK_BYTES,
        ..IndexSettings::default()
    }
}

/// The stored text is compressed in blocks of about this many bytes, and a
/// hit's passages decompress its whole block: an article or two at 4 KB,
/// where tantivy's 16 KB default is five or six. At 1 GB of news the blocks
/// take 6% more room (614 MB against 579 MB) and a query whose page shows ten
/// hits runs 10-17% fewer instructions (BENCHMARKS.md, "The store's blocks").
const STORE_BLOCK_BYTES: usize = 4096;

/// What the incremental run knows of a file without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FileState {
    pub size: u64,
    pub mtime: u64,
    pub hash: u64,
}

/// How an article is stored: searchable, or as a copy of a story that is
/// searchable elsewhere (path and fingerprint only, so it is indexed once).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Copy {
    Searchable,
    Duplicate,
}

/// Where an article comes from: its file's path key, its name (see
/// [`article_id`]) and state, and its position in the file (0 for a file that
/// is one article).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Origin<'a> {
    pub path: &'a str,
    pub name: &'a str,
    pub state: FileState,
    pub position: u64,
}

/// One article of one file, ready to be added.
pub(crate) fn to_document(
    fields: &Fields,
    origin: Origin<'_>,
    article: &Article,
    fingerprint: Fingerprint,
    copy: Copy,
) -> TantivyDocument {
    let Origin {
        path,
        name,
        state,
        position,
    } = origin;
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.id, article_id(name, position));
    doc.add_text(fields.path, path);
    doc.add_u64(fields.position, position);
    doc.add_u64(fields.size, state.size);
    doc.add_u64(fields.mtime, state.mtime);
    doc.add_u64(fields.hash, state.hash);
    doc.add_u64(fields.content, fingerprint.content);
    doc.add_u64(fields.full, u64::from(copy == Copy::Searchable));
    if copy == Copy::Duplicate {
        return doc;
    }
    doc.add_u64(fields.simhash, fingerprint.simhash);
    let text = fields.of_article(article);
    doc.add_text(text.title, &article.title);
    doc.add_text(text.body, &article.body);
    // The headline is part of the text too: a query word in it counts for the
    // body's score as well as the title's, the way BM25F weighs fields (the
    // stored body is read back as the first value only).
    doc.add_text(text.body, &article.title);
    let optional = [
        (fields.source, &article.source),
        (fields.author, &article.author),
        (fields.url, &article.url),
        (fields.language, &article.language),
    ];
    for (field, value) in optional {
        if let Some(value) = value {
            doc.add_text(field, value);
        }
    }
    for tag in &article.tags {
        doc.add_text(fields.tags, tag);
    }
    if let Some(date) = article.date {
        doc.add_date(fields.date, date_to_tantivy(date));
    }
    doc
}

/// The stored part of an indexed article, as a search hit shows it.
#[derive(Debug, Clone, Default)]
pub(crate) struct StoredArticle {
    pub id: String,
    pub path: String,
    pub position: u64,
    pub content: u64,
    pub article: Article,
}

/// Reads a stored document back.
pub(crate) fn from_document(fields: &Fields, doc: &TantivyDocument) -> StoredArticle {
    let text = |field: Field| {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    let number = |field: Field| doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
    // The article filled the fields of one analysis (English ones when none).
    let filled = fields
        .texts
        .iter()
        .find(|t| doc.get_first(t.title).is_some() || doc.get_first(t.body).is_some())
        .copied()
        .unwrap_or(fields.texts[0]);
    let date = doc
        .get_first(fields.date)
        .and_then(|v| match OwnedValue::from(v) {
            OwnedValue::Date(d) => Some(d),
            _ => None,
        })
        .map(|d| d.into_utc().date());
    StoredArticle {
        id: text(fields.id).unwrap_or_default(),
        path: text(fields.path).unwrap_or_default(),
        position: number(fields.position),
        content: number(fields.content),
        article: Article {
            title: text(filled.title).unwrap_or_default(),
            body: text(filled.body).unwrap_or_default(),
            date,
            source: text(fields.source),
            author: text(fields.author),
            url: text(fields.url),
            language: text(fields.language),
            tags: doc
                .get_all(fields.tags)
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
        },
    }
}

/// Dates are stored as midnight UTC of the day.
pub(crate) fn date_to_tantivy(date: Date) -> DateTime {
    DateTime::from_utc(date.midnight().assume_utc())
}

/// The id of the article at `position` in the file named `name` (0 for a
/// file that is one article). The name is the file's path from the indexed
/// folder that holds it, that folder's own name included (`corpus/a.txt`),
/// so the same folder gets the same ids wherever it lies, and two indexed
/// folders collide only when they share a name and a file's path below it.
/// Separators are written `/`, so the ids are the same on every system.
fn article_id(name: &str, position: u64) -> String {
    let name = name.replace(std::path::MAIN_SEPARATOR, "/");
    let key = if position == 0 {
        name
    } else {
        format!("{name}#{position}")
    };
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(key.as_bytes()))
}

/// The key under which a file's articles are stored: its absolute path as text.
pub(crate) fn path_key(path: &Path) -> Option<&str> {
    path.to_str()
}

/// Modification time as nanoseconds since the epoch; 0 when unknown.
pub(crate) fn mtime_nanos(modified: std::io::Result<std::time::SystemTime>) -> u64 {
    modified
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}
