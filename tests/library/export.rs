//! Export: NDJSON that indexes back to the same articles, a query's matches
//! all streamed, and Quickwit's and Elasticsearch's files checked against
//! the rules their documentation states (Quickwit 0.8, Elasticsearch 8.x).

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use news_search::{export, IndexedArticle, NewsIndex, SearchRequest};
use serde_json::Value;

use crate::common::Workspace;

/// A corpus of every kind of metadata: dated and undated, languages, tags.
fn corpus(ws: &Workspace) -> NewsIndex {
    ws.write(
        "news/storm.txt",
        "Ports close as storm nears\n\n2024-02-03\nReuters\n\nHigh winds shut three ports on the coast.\n\nFerries stayed in harbour.\n",
    );
    ws.write(
        "news/notes.txt",
        "Undated storm notes\n\nThe storm came without a date.\n",
    );
    ws.write(
        "news/feed.ndjson",
        concat!(
            r#"{"title": "Sturm schließt Häfen", "body": "Der Sturm schloss drei Häfen.", "date": "2024-02-04", "source": "DW", "author": "Anna Weber", "url": "https://example.org/sturm", "language": "de", "tags": ["Wetter", "Häfen"]}"#,
            "\n",
            r#"{"title": "Budget vote delayed", "body": "Parliament delayed the budget vote by a week.", "date": "2023-11-20", "source": "BBC", "language": "en-GB", "tags": ["politics"]}"#,
            "\n"
        ),
    );
    let index = NewsIndex::create(ws.path("index")).unwrap();
    index.index_dir(ws.path("news")).unwrap();
    index
}

/// What an article states, without where it was read from.
fn content(article: &IndexedArticle) -> Value {
    let mut value = serde_json::to_value(article).unwrap();
    for key in ["id", "path", "position"] {
        value.as_object_mut().unwrap().remove(key);
    }
    value
}

fn contents(index: &NewsIndex) -> Vec<String> {
    let mut all: Vec<String> = index
        .articles()
        .map(|a| content(&a.unwrap()).to_string())
        .collect();
    all.sort();
    all
}

#[test]
fn ndjson_indexes_back_to_the_same_articles() {
    let ws = Workspace::new();
    let index = corpus(&ws);
    let file = ws.path("again/export.ndjson");
    fs::create_dir_all(file.parent().unwrap()).unwrap();
    let report = export::ndjson(index.articles(), fs::File::create(&file).unwrap()).unwrap();
    assert_eq!(report.articles, 4);
    let again = NewsIndex::create(ws.path("index2")).unwrap();
    again.index_dir(ws.path("again")).unwrap();
    assert_eq!(contents(&again), contents(&index));
    assert!(contents(&index).iter().any(|a| a.contains("Anna Weber")));
}

#[test]
fn matching_streams_every_match_of_the_query_and_filters() {
    let ws = Workspace::new();
    let index = corpus(&ws);
    let titles = |request: SearchRequest| -> BTreeSet<String> {
        index
            .matching(&request)
            .unwrap()
            .map(|a| a.unwrap().title.clone())
            .collect()
    };
    let storm = titles(SearchRequest::new("storm"));
    assert_eq!(storm.len(), 2, "{storm:?}");
    let reuters = titles(SearchRequest::new("storm").source("Reuters"));
    assert_eq!(
        reuters,
        BTreeSet::from(["Ports close as storm nears".into()])
    );
    assert_eq!(titles(SearchRequest::new("")).len(), 4);
    assert_eq!(titles(SearchRequest::new("  ").source("BBC")).len(), 1);
    assert!(titles(SearchRequest::new("nosuchword")).is_empty());
    assert!(index.matching(&SearchRequest::new("\"storm")).is_err());
}

/// Quickwit's identifier rule (`validate_identifier`, quickwit-config):
/// `^[a-zA-Z][a-zA-Z0-9-_\.]{2,254}$`; field names (index-config docs):
/// `^[a-zA-Z][_\.\-a-zA-Z0-9]*$`.
fn quickwit_identifier(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && (3..=255).contains(&id.len())
        && chars.all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}

fn quickwit_field_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
}

/// The field mappings of the index configuration: name -> (key -> value).
fn field_mappings(config: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut fields: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for line in config.lines() {
        let line = line.trim();
        if let Some(name) = line.strip_prefix("- name: ") {
            fields.push((name.to_owned(), Vec::new()));
        } else if let (Some(last), true) = (fields.last_mut(), line.contains(": ")) {
            let (key, value) = line.split_once(": ").unwrap();
            last.1.push((key.to_owned(), value.to_owned()));
        }
    }
    fields
}

fn top_value<'a>(config: &'a str, key: &str) -> &'a str {
    config
        .lines()
        .find_map(|l| l.trim().strip_prefix(&format!("{key}: ")))
        .unwrap_or_else(|| panic!("no {key} in the config"))
}

#[test]
fn quickwit_files_keep_quickwits_rules() {
    let ws = Workspace::new();
    let index = corpus(&ws);
    let dir = ws.path("qw");
    let report = export::quickwit(index.articles(), &dir).unwrap();
    assert_eq!((report.articles, report.undated), (3, 1));
    let config = fs::read_to_string(dir.join("index-config.yaml")).unwrap();
    assert_eq!(top_value(&config, "version"), "0.8");
    assert!(quickwit_identifier(top_value(&config, "index_id")));
    let fields = field_mappings(&config);
    let get = |name: &str, key: &str| -> Option<String> {
        let (_, keys) = fields.iter().find(|(n, _)| n == name)?;
        keys.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    };
    assert!(fields.iter().all(|(name, _)| quickwit_field_name(name)));
    // The timestamp field: a fast datetime.
    let timestamp = top_value(&config, "timestamp_field");
    assert_eq!(get(timestamp, "type").as_deref(), Some("datetime"));
    assert_eq!(get(timestamp, "fast").as_deref(), Some("true"));
    // Tag fields: text with the raw tokenizer, as the doc mapper demands.
    let tags = top_value(&config, "tag_fields");
    for tag in tags.trim_matches(['[', ']']).split(", ") {
        assert_eq!(get(tag, "type").as_deref(), Some("text"), "{tag}");
        assert_eq!(get(tag, "tokenizer").as_deref(), Some("raw"), "{tag}");
    }
    for phrase_field in ["title", "body"] {
        assert_eq!(get(phrase_field, "record").as_deref(), Some("position"));
    }
    // Documents: mapped fields only (mode: strict), a date in every one.
    let mapped: BTreeSet<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
    let documents = document_files(&report.files[1..], export::MAX_FILE_BYTES);
    assert_eq!(documents.len(), 3);
    for document in &documents {
        let object = document.as_object().unwrap();
        assert!(
            object.keys().all(|k| mapped.contains(k.as_str())),
            "{document}"
        );
        // RFC 3339, the one input format the configuration names.
        let date = document[timestamp].as_str().unwrap();
        let day = date
            .strip_suffix("T00:00:00Z")
            .unwrap_or_else(|| panic!("{date}"));
        news_search::date_span(day).unwrap();
    }
}

/// Every line of every file: one JSON object; each file within `limit`
/// bytes and ending in a newline.
fn document_files(files: &[std::path::PathBuf], limit: u64) -> Vec<Value> {
    assert!(!files.is_empty());
    let mut all = Vec::new();
    for file in files {
        let text = fs::read_to_string(file).unwrap();
        assert!(text.len() as u64 <= limit, "{file:?}");
        assert!(text.ends_with('\n'), "{file:?} has no final newline");
        for line in text.lines() {
            let value: Value = serde_json::from_str(line).unwrap();
            assert!(value.is_object(), "{line}");
            all.push(value);
        }
    }
    all
}

fn bulk(dir: &Path, index: &NewsIndex) -> (Value, Vec<Value>) {
    let report = export::elasticsearch(index.articles(), dir).unwrap();
    assert_eq!(report.articles, 4);
    let mapping: Value =
        serde_json::from_str(&fs::read_to_string(dir.join("mapping.json")).unwrap()).unwrap();
    let lines = document_files(&report.files[1..], export::MAX_FILE_BYTES);
    (mapping, lines)
}

/// Elasticsearch's index names (create index API, "Index name
/// limitations"): lowercase only; none of `\ / * ? " < > | , #`, a space or
/// `:`; not starting with `-`, `_` or `+`; not `.` or `..`; at most 255 bytes.
fn elasticsearch_index_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && name != "."
        && name != ".."
        && !name.starts_with(['-', '_', '+'])
        && !name
            .chars()
            .any(|c| c.is_uppercase() || "\\/*?\"<>|, #:".contains(c))
}

/// The built-in language analysers of Elasticsearch's reference ("Language
/// analyzers", 6.3 to 8.x).
const ELASTICSEARCH_ANALYSERS: &[&str] = &[
    "arabic",
    "armenian",
    "basque",
    "bengali",
    "brazilian",
    "bulgarian",
    "catalan",
    "cjk",
    "czech",
    "danish",
    "dutch",
    "english",
    "estonian",
    "finnish",
    "french",
    "galician",
    "german",
    "greek",
    "hindi",
    "hungarian",
    "indonesian",
    "irish",
    "italian",
    "latvian",
    "lithuanian",
    "norwegian",
    "persian",
    "portuguese",
    "romanian",
    "russian",
    "serbian",
    "sorani",
    "spanish",
    "swedish",
    "turkish",
    "thai",
];

/// Every `analyzer` named anywhere in a mapping.
fn analysers(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(name)) = map.get("analyzer") {
                found.push(name.clone());
            }
            map.values().for_each(|v| analysers(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| analysers(v, found)),
        _ => {}
    }
}

/// The rules taken from Elasticsearch's reference (bulk API: NDJSON, an
/// action line followed by its source, the final line ending in a newline,
/// `index` adding or replacing the document of that `_id`; `_id` field: at
/// most 512 bytes, rejected above since 5.0; create index API: the index
/// name's limitations; mapping: only built-in analysers, `dynamic: strict`
/// so that nothing unmapped slips in).
#[test]
fn elasticsearch_files_keep_the_bulk_apis_rules() {
    let ws = Workspace::new();
    let index = corpus(&ws);
    let dir = ws.path("es");
    let (mapping, lines) = bulk(&dir, &index);
    let properties = mapping["mappings"]["properties"].as_object().unwrap();
    assert_eq!(mapping["mappings"]["dynamic"], "strict");
    assert_eq!(properties["body"]["analyzer"], "english");
    assert_eq!(properties["body"]["fields"]["de"]["analyzer"], "german");
    let mut named = Vec::new();
    analysers(&mapping, &mut named);
    assert!(named.len() >= 4, "{named:?}");
    for name in named {
        assert!(ELASTICSEARCH_ANALYSERS.contains(&name.as_str()), "{name}");
    }
    assert!(elasticsearch_index_name(export::INDEX_NAME));
    assert_eq!(lines.len(), 8, "an action and a document per article");
    let mut ids = Vec::new();
    for pair in lines.chunks(2) {
        let action = pair[0].as_object().unwrap();
        assert_eq!(action.len(), 1, "one action a line: {action:?}");
        let (action, document) = (&pair[0]["index"], &pair[1]);
        assert!(action.is_object(), "an index action, then its source");
        assert!(!document.as_object().unwrap().contains_key("index"));
        assert_eq!(action["_index"], export::INDEX_NAME);
        let id = action["_id"].as_str().unwrap();
        assert!(!id.is_empty() && id.len() <= 512 && !id.starts_with('_'));
        assert_eq!(document["id"], id);
        let keys = document.as_object().unwrap().keys();
        keys.for_each(|k| assert!(properties.contains_key(k), "{k} is not mapped"));
        ids.push(id.to_owned());
    }
    // Exporting again names the same documents: an update, not copies.
    let (_, again) = bulk(&dir, &index);
    let again: Vec<&str> = again
        .iter()
        .step_by(2)
        .map(|a| a["index"]["_id"].as_str().unwrap())
        .collect();
    assert_eq!(again, ids);
}
