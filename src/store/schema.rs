//! The one place that knows the index's field names and their options (the
//! analysers they name are in `analysis`): converts `Article`s into tantivy documents and stored documents back.

use std::path::Path;

use tantivy::index::IndexSettings;
use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, Schema, TantivyDocument,
    TextFieldIndexing, TextOptions, Value, FAST, STORED, STRING,
};
use tantivy::store::Compressor;
use tantivy::DateTime;
use time::Date;

use super::analysis::{Analysis, ANALYSES, KEYWORD};
use super::fingerprint::Fingerprint;
pub(crate) use super::record::StoredArticle;
use super::record::{Record, Records};
use crate::article::Article;

/// Bumped whenever the schema, the analyser or what is indexed changes in a
/// way that needs a rebuild (3: the headline is part of the body's text;
/// 4: ids hash the path below the indexed folder, not the absolute path;
/// 5: a title and body field per analysis, the language a fast column;
/// 6: what a hit shows stored as one record, compressed on its own with
/// the index's dictionary, see `record`).
pub const SCHEMA_VERSION: u32 = 6;

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
    /// The stored record of what a hit shows (see `record`).
    pub record: Field,
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
/// The one stored field: what a hit shows, packed by `record`.
pub(crate) const RECORD: &str = "record";

/// Fields a query may name, in the order `--help` lists them.
pub(crate) const QUERY_FIELDS: &[&str] = &[
    "title", "body", "source", "author", "url", "tag", "lang", "date",
];

/// The schema this build writes.
pub(crate) fn build() -> Schema {
    let mut builder = Schema::builder();
    let analysed = |analysis: Analysis| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(&analysis.tokenizer_name())
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    // What a hit shows is stored once, as one record (`record`); the fields
    // are indexed or fast columns only.
    builder.add_bytes_field(RECORD, STORED);
    builder.add_text_field("id", STRING);
    builder.add_text_field(PATH, STRING | FAST);
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
        .set_fast("raw");
    builder.add_text_field(LANGUAGE, keyword);
    builder.add_text_field("tags", analysed(Analysis::English));
    builder.add_date_field(
        DATE,
        DateOptions::from(tantivy::schema::INDEXED | FAST)
            .set_precision(DateTimePrecision::Seconds),
    );
    builder.add_u64_field(SIZE, FAST);
    builder.add_u64_field(MTIME, FAST);
    builder.add_u64_field(HASH, FAST);
    builder.add_u64_field(CONTENT, tantivy::schema::INDEXED | FAST);
    builder.add_u64_field(FULL, tantivy::schema::INDEXED | FAST);
    builder.add_u64_field("simhash", FAST);
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
            record: get(RECORD)?,
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

/// How a new index stores documents: as they are, each being one record
/// that `record` compressed already (so tantivy needs no thread of its own
/// to compress them), in blocks of [`STORE_BLOCK_BYTES`]. Existing indexes
/// keep what they were created with (it is recorded in each one).
pub(crate) fn settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::None,
        docstore_compress_dedicated_thread: false,
        docstore_blocksize: STORE_BLOCK_BYTES,
        ..IndexSettings::default()
    }
}

/// Reading a stored document copies its block: at 4 KB, two or three
/// records of news.
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

/// One article of one file, ready to be added: indexed in the fields of its
/// language, and what a hit shows packed by `records`.
pub(crate) fn to_document(
    fields: &Fields,
    records: &Records,
    origin: Origin<'_>,
    article: &Article,
    fingerprint: Fingerprint,
    copy: Copy,
) -> std::io::Result<TantivyDocument> {
    let Origin {
        path,
        name,
        state,
        position,
    } = origin;
    let id = article_id(name, position);
    let searchable = copy == Copy::Searchable;
    let record = records.pack(&Record {
        id: &id,
        path,
        position,
        content: fingerprint.content,
        article: searchable.then_some(article),
    })?;
    let mut doc = TantivyDocument::new();
    doc.add_bytes(fields.record, &record);
    doc.add_text(fields.id, &id);
    doc.add_text(fields.path, path);
    doc.add_u64(fields.size, state.size);
    doc.add_u64(fields.mtime, state.mtime);
    doc.add_u64(fields.hash, state.hash);
    doc.add_u64(fields.content, fingerprint.content);
    doc.add_u64(fields.full, u64::from(searchable));
    if !searchable {
        return Ok(doc);
    }
    doc.add_u64(fields.simhash, fingerprint.simhash);
    let text = fields.of_article(article);
    doc.add_text(text.title, &article.title);
    doc.add_text(text.body, &article.body);
    // The headline is part of the text too: a query word in it counts for the
    // body's score as well as the title's, the way BM25F weighs fields.
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
    Ok(doc)
}

/// Reads a stored document back.
pub(crate) fn from_document(
    fields: &Fields,
    records: &Records,
    doc: &TantivyDocument,
) -> std::io::Result<StoredArticle> {
    let record = doc.get_first(fields.record).and_then(|v| v.as_bytes());
    records.unpack(record.unwrap_or_default())
}

/// The packed record in a stored document's bytes as tantivy's store keeps
/// them, found without tantivy's document deserialiser, which copies a bytes
/// value a byte at a time (a third of a million instructions for a page of
/// ten hits). The layout is tantivy's binary document: the number of values,
/// then each value's field (a little-endian `u32`) and type code, and for
/// bytes their length and the bytes; numbers as tantivy's variable-length
/// integers, whose last byte has the high bit set. `None` for any other
/// shape: the caller then asks tantivy (a test keeps the two in step).
pub(crate) fn packed_record<'a>(fields: &Fields, doc: &'a [u8]) -> Option<&'a [u8]> {
    /// tantivy's type code of bytes values.
    const BYTES_CODE: u8 = 4;
    let mut rest = doc;
    if read_vint(&mut rest)? != 1 {
        return None;
    }
    let (field, after) = rest.split_first_chunk::<4>()?;
    let (&code, after) = after.split_first()?;
    rest = after;
    if u32::from_le_bytes(*field) != fields.record.field_id() || code != BYTES_CODE {
        return None;
    }
    let len = read_vint(&mut rest)?;
    (usize::try_from(len).ok()? == rest.len()).then_some(rest)
}

/// tantivy's variable-length integer: seven bits a byte, low bits first, the
/// last byte marked by its high bit.
fn read_vint(input: &mut &[u8]) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = input.split_first()?;
        *input = rest;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 != 0 {
            return Some(value);
        }
    }
    None
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

#[cfg(test)]
mod tests {
    use tantivy::{Index, IndexWriter};

    use super::*;
    use crate::store::analysis::register_analyzer;

    #[test]
    fn a_stored_record_is_found_as_tantivy_reads_it() {
        let folder = tempfile::tempdir().unwrap();
        let records = Records::new(folder.path());
        let index = Index::builder()
            .schema(build())
            .settings(settings())
            .create_in_ram()
            .unwrap();
        register_analyzer(&index);
        let fields = Fields::from_schema(&index.schema()).unwrap();
        let mut writer: IndexWriter = index.writer(15_000_000).unwrap();
        let long = "A harbour report. ".repeat(2_000);
        for (n, body) in ["Short.", long.as_str()].into_iter().enumerate() {
            let article = Article {
                title: format!("Story {n}"),
                body: body.to_owned(),
                ..Article::default()
            };
            let origin = Origin {
                path: "/news/a.txt",
                name: "news/a.txt",
                state: FileState {
                    size: 1,
                    mtime: 2,
                    hash: 3,
                },
                position: n as u64,
            };
            let fingerprint = Fingerprint {
                content: 9,
                simhash: 7,
            };
            let doc = to_document(
                &fields,
                &records,
                origin,
                &article,
                fingerprint,
                Copy::Searchable,
            );
            writer.add_document(doc.unwrap()).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let store = searcher.segment_reader(0).get_store_reader(0).unwrap();
        for doc_id in 0..2 {
            let raw = store.get_document_bytes(doc_id).unwrap();
            let doc: TantivyDocument = searcher.doc(tantivy::DocAddress::new(0, doc_id)).unwrap();
            let expected = doc.get_first(fields.record).and_then(|v| v.as_bytes());
            assert_eq!(packed_record(&fields, raw.as_slice()), expected);
            assert!(expected.is_some());
        }
        assert_eq!(packed_record(&fields, &[]), None);
        assert_eq!(packed_record(&fields, &[0x82, 0, 0, 0, 0, 4, 0x80]), None);
    }
}
