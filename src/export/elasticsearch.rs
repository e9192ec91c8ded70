//! Elasticsearch's files: an index mapping for `PUT /news`, and `_bulk`
//! request bodies (`bulk-NNNNN.ndjson`) for `POST /_bulk`.
//!
//! The rules come from Elasticsearch 8.x's reference (the bulk API, the
//! mapping field types, the built-in language analysers): every bulk line is
//! one JSON object ending in a newline, the body included; an `index` action
//! names `_index` and `_id`, so a second export updates the same documents
//! rather than adding copies; `_id` is at most 512 bytes. OpenSearch takes
//! the same files. They were not sent to a running cluster.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{json, Map, Value};

use super::chunks::Chunks;
use super::{json_line, make_dir, write_file, ExportReport, INDEX_NAME, MAX_FILE_BYTES};
use crate::error::Result;
use crate::search::IndexedArticle;

/// Elasticsearch's built-in language analysers, by the language's primary
/// BCP 47 subtag (`cjk`: overlapping bigrams, for Chinese, Japanese and
/// Korean alike).
const ANALYSERS: &[(&str, &str)] = &[
    ("ar", "arabic"),
    ("bg", "bulgarian"),
    ("bn", "bengali"),
    ("ca", "catalan"),
    ("cs", "czech"),
    ("da", "danish"),
    ("de", "german"),
    ("el", "greek"),
    ("en", "english"),
    ("es", "spanish"),
    ("et", "estonian"),
    ("eu", "basque"),
    ("fa", "persian"),
    ("fi", "finnish"),
    ("fr", "french"),
    ("ga", "irish"),
    ("gl", "galician"),
    ("hi", "hindi"),
    ("hu", "hungarian"),
    ("hy", "armenian"),
    ("id", "indonesian"),
    ("it", "italian"),
    ("ja", "cjk"),
    ("ko", "cjk"),
    ("lt", "lithuanian"),
    ("lv", "latvian"),
    ("nb", "norwegian"),
    ("nl", "dutch"),
    ("no", "norwegian"),
    ("pt", "portuguese"),
    ("ro", "romanian"),
    ("ru", "russian"),
    ("sv", "swedish"),
    ("th", "thai"),
    ("tr", "turkish"),
    ("zh", "cjk"),
];

/// The analyser for a stated language, when Elasticsearch has one.
fn analyser(language: &str) -> Option<&'static str> {
    let primary = language.split(['-', '_']).next()?.to_ascii_lowercase();
    ANALYSERS
        .iter()
        .find(|(code, _)| *code == primary)
        .map(|(_, name)| *name)
}

/// The mapping: title and body analysed as English, with one sub-field per
/// other language the articles state (`body.de`, analysed as German);
/// source, language and tags as keywords for filters and aggregations.
fn mapping(languages: &BTreeSet<&'static str>) -> Value {
    let mut fields = Map::new();
    for code in languages {
        if let Some(name) = analyser(code).filter(|name| *name != "english") {
            fields.insert(
                (*code).to_owned(),
                json!({"type": "text", "analyzer": name}),
            );
        }
    }
    let text = json!({"type": "text", "analyzer": "english", "fields": fields});
    json!({
        "mappings": {
            "dynamic": "strict",
            "properties": {
                "id": {"type": "keyword"},
                "path": {"type": "keyword"},
                "position": {"type": "long"},
                "title": text,
                "body": text,
                "date": {"type": "date", "format": "strict_date"},
                "source": {"type": "keyword", "fields": {"text": {"type": "text"}}},
                "author": {"type": "text", "fields": {"raw": {"type": "keyword"}}},
                "url": {"type": "keyword"},
                "language": {"type": "keyword"},
                "tags": {"type": "keyword"}
            }
        }
    })
}

/// Writes `mapping.json` and `bulk-NNNNN.ndjson` files of at most
/// [`MAX_FILE_BYTES`] into `dir` (created when missing). Each article is an
/// `index` action with `_id` = its id, then the article with the library's
/// own field names.
pub fn elasticsearch(
    articles: impl IntoIterator<Item = Result<IndexedArticle>>,
    dir: &Path,
) -> Result<ExportReport> {
    make_dir(dir)?;
    let mut report = ExportReport::default();
    let mut chunks = Chunks::create(dir, "bulk", MAX_FILE_BYTES)?;
    let mut languages = BTreeSet::new();
    let mut record = Vec::new();
    for article in articles {
        let article = article?;
        let code = article.language.as_deref().and_then(|l| {
            let code = l.split(['-', '_']).next()?.to_ascii_lowercase();
            ANALYSERS.iter().find(|(c, _)| *c == code).map(|(c, _)| *c)
        });
        languages.extend(code);
        record.clear();
        let action = json!({"index": {"_index": INDEX_NAME, "_id": article.id}});
        json_line(&mut record, &action, dir)?;
        json_line(&mut record, &article, dir)?;
        chunks.write(&record)?;
        report.articles += 1;
    }
    let mut mapping_text = Vec::new();
    serde_json::to_writer_pretty(&mut mapping_text, &mapping(&languages)).map_err(|e| {
        crate::error::Error::Io {
            path: dir.to_path_buf(),
            source: e.into(),
        }
    })?;
    mapping_text.push(b'\n');
    report
        .files
        .push(write_file(dir, "mapping.json", &mapping_text)?);
    report.files.extend(chunks.finish()?);
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_map_to_analysers_by_their_primary_subtag() {
        assert_eq!(analyser("de-AT"), Some("german"));
        assert_eq!(analyser("pt_BR"), Some("portuguese"));
        assert_eq!(analyser("EN"), Some("english"));
        assert_eq!(analyser("tlh"), None);
    }

    #[test]
    fn the_mapping_adds_a_sub_field_per_language_besides_english() {
        let mapping = mapping(&BTreeSet::from(["de", "en"]));
        let body = &mapping["mappings"]["properties"]["body"];
        assert_eq!(body["analyzer"], "english");
        assert_eq!(body["fields"]["de"]["analyzer"], "german");
        assert!(body["fields"].get("en").is_none(), "{body}");
    }
}
