//! JSON and JSON Lines: news API responses, scraper dumps and exports, one
//! article per object, read by the field names those sources use (see
//! `fields`).

use serde_json::{Map, Value};

use super::fields::{article_fields, complete_article, field, gather, NO_TEXT};
use super::Extracted;
use crate::article::Article;
use crate::error::ExtractError;

/// Keys under which APIs and exports hold their list of articles.
const LIST_KEYS: &[&str] = &[
    "articles", "items", "results", "data", "docs", "entries", "posts", "stories", "news",
];
/// Objects that hold such a list one level down, as the NYT and Guardian APIs
/// do (`{"response": {"docs": [...]}}`).
const WRAPPER_KEYS: &[&str] = &["response", "data", "result"];

/// Extracts a `.json` file: one article object (position 0), a list of them
/// (positions 1..), or an API response holding such a list.
///
/// # Errors
///
/// `Malformed` for invalid JSON, with serde_json's line and column;
/// `NoArticles` for valid JSON that holds no article.
pub(super) fn extract_json(text: &str) -> Result<Extracted, ExtractError> {
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => return Err(malformed(&error)),
    };
    let extracted = match article_list(&value) {
        Some(items) => gather("item", items.iter().map(article_from_value)),
        None => Extracted {
            articles: article_from_value(&value)
                .map(|article| vec![(0, article)])
                .unwrap_or_default(),
            problems: Vec::new(),
        },
    };
    if extracted.articles.is_empty() {
        return Err(ExtractError::NoArticles);
    }
    Ok(extracted)
}

/// Extracts a `.ndjson` / `.jsonl` file: one article per non-empty line, at
/// its line number; a line that cannot be read is reported and skipped.
pub(super) fn extract_ndjson(text: &str) -> Extracted {
    let records = text.lines().map(|line| {
        let line = line.trim();
        // Blank lines are no records, but they count in the numbering.
        (!line.is_empty()).then(|| {
            let value = serde_json::from_str(line).map_err(|error| line_error(&error))?;
            article_from_value(&value)
        })
    });
    gather("line", records)
}

fn malformed(error: &serde_json::Error) -> ExtractError {
    ExtractError::Malformed {
        format: "JSON",
        reason: error.to_string(),
    }
}

/// serde_json's message with the column only: the line is the record's location.
fn line_error(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(&*message, |(m, _)| m);
    format!("{message} at column {}", error.column())
}

/// The array of records, if `value` is one or holds one under a list key.
fn article_list(value: &Value) -> Option<&[Value]> {
    match value {
        Value::Array(items) => Some(items),
        Value::Object(object) => list_in(object).or_else(|| {
            WRAPPER_KEYS
                .iter()
                .find_map(|key| field(object, key)?.as_object().and_then(list_in))
        }),
        _ => None,
    }
}

/// A list under a list key; one without objects is no article list (an
/// article may carry `"data": [1, 2]`).
fn list_in(object: &Map<String, Value>) -> Option<&[Value]> {
    LIST_KEYS.iter().find_map(|key| {
        let items = field(object, key)?.as_array()?;
        items
            .iter()
            .any(Value::is_object)
            .then_some(items.as_slice())
    })
}

fn article_from_value(value: &Value) -> Result<Article, String> {
    let object = value.as_object().ok_or("not an article object")?;
    complete_article(article_fields(object)).ok_or_else(|| NO_TEXT.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::fields::{clean_language, MAX_LISTED_PROBLEMS, MAX_TITLE_CHARS};
    use time::Date;
    use time::Month;

    fn articles(json: &str) -> Vec<(u64, Article)> {
        extract_json(json).expect("extracts").articles
    }

    fn one(json: &str) -> Article {
        let mut articles = articles(json);
        assert_eq!(articles.len(), 1, "{json}");
        articles.remove(0).1
    }

    fn day(year: i32, month: Month, day: u8) -> Option<Date> {
        Date::from_calendar_date(year, month, day).ok()
    }

    fn locations(extracted: &Extracted) -> Vec<&str> {
        extracted
            .problems
            .iter()
            .map(|p| p.location.as_str())
            .collect()
    }

    #[test]
    fn title_keys_match_ignoring_case_by_priority_not_file_order() {
        assert_eq!(one(r#"{"webTitle": "W", "HEADLINE": "H"}"#).title, "H");
        assert_eq!(one(r#"{"headline": "H", "Title": "T"}"#).title, "T");
        assert_eq!(
            one(r#"{"headline": {"main": "Main", "print_headline": "P"}}"#).title,
            "Main"
        );
        assert_eq!(
            one(r#"{"title": {"rendered": "A &amp; B"}}"#).title,
            "A & B"
        );
        assert_eq!(one(r#"{"title": "  Two\n  lines "}"#).title, "Two lines");
    }

    #[test]
    fn name_is_a_title_only_for_an_object_with_text() {
        let package = r#"{"name": "left-pad", "version": "1.3.0"}"#;
        assert_eq!(extract_json(package), Err(ExtractError::NoArticles));
        assert_eq!(one(r#"{"name": "N", "text": "Body."}"#).title, "N");
        assert_eq!(
            one(r#"{"name": "N", "title": "T", "text": "Body."}"#).title,
            "T"
        );
    }

    #[test]
    fn body_keys_beat_summaries_and_the_longest_summary_wins() {
        let body = |json: &str| one(json).body;
        assert_eq!(body(r#"{"title": "T", "maintext": "Main."}"#), "Main.");
        assert_eq!(body(r#"{"title": "T", "ArticleBody": "Ab."}"#), "Ab.");
        assert_eq!(
            body(r#"{"title": "T", "description": "D.", "content": "C."}"#),
            "C."
        );
        assert_eq!(
            body(r#"{"title": "T", "content": "", "description": "D."}"#),
            "D."
        );
        let guardian = r#"{"webTitle": "T", "fields": {"bodyText": "Full."}, "description": "D."}"#;
        assert_eq!(body(guardian), "Full.");
        let nyt = r#"{"headline": {"main": "T"}, "abstract": "Short.", "lead_paragraph": "Longer lead."}"#;
        assert_eq!(body(nyt), "Longer lead.");
        assert_eq!(
            body(r#"{"title": "T", "content": ["One.", "Two."]}"#),
            "One.\n\nTwo."
        );
    }

    #[test]
    fn markup_in_text_fields_is_converted_and_plain_text_is_kept() {
        let article = one(r#"{"title": "T", "content": "<p>One</p><p>Two &amp; three</p>"}"#);
        assert_eq!(article.body, "One\n\nTwo & three");
        let article =
            one(r#"{"title": "AT&T; 3 < 4", "text": "Line one\r\nLine two\n \n\t\n\nNext"}"#);
        assert_eq!(article.title, "AT&T; 3 < 4");
        assert_eq!(article.body, "Line one\nLine two\n\nNext");
    }

    #[test]
    fn newsapi_truncation_marker_is_removed() {
        let json = r#"{"title": "T", "content": "Residents voted to fund it.\r\nThe council said… [+2817 chars]"}"#;
        assert_eq!(
            one(json).body,
            "Residents voted to fund it.\nThe council said"
        );
        let json = r#"{"title": "T", "content": "Prices [+3 percent] rose"}"#;
        assert_eq!(one(json).body, "Prices [+3 percent] rose");
    }

    #[test]
    fn dates_are_read_from_strings_seconds_and_milliseconds() {
        let sep_11 = day(2023, Month::September, 11);
        for date in [
            r#""2023-09-11T10:30:00Z""#,
            r#""2023-09-11T23:30:00-04:00""#,
            r#""Mon, 11 Sep 2023 10:30:00 GMT""#,
            r#""2023-09-11 10:30:00""#,
            r#""September 11, 2023""#,
            "1694428200",
            "1694428200.5",
            "1694428200000",
            r#""1694428200""#,
            r#""1694428200123""#,
            r#"{"$date": "2023-09-11T10:30:00Z"}"#,
        ] {
            let json = format!(r#"{{"title": "T", "date": {date}}}"#);
            assert_eq!(one(&json).date, sep_11, "{date}");
        }
    }

    #[test]
    fn numbers_too_small_for_timestamps_and_unreadable_dates_are_no_date() {
        for date in [
            "0",
            "-5",
            "2023",
            r#""2023""#,
            r#""12345678""#,
            r#""soon""#,
            "true",
            "1e300",
        ] {
            let json = format!(r#"{{"title": "T", "date": {date}}}"#);
            assert_eq!(one(&json).date, None, "{date}");
        }
    }

    #[test]
    fn first_readable_date_key_wins() {
        let json = r#"{"title": "T", "publishedAt": "2023-09-11", "date": "soon", "updated": "2023-09-12"}"#;
        assert_eq!(one(json).date, day(2023, Month::September, 11));
        let json = r#"{"title": "T", "webPublicationDate": "2023-09-11T06:00:12Z"}"#;
        assert_eq!(one(json).date, day(2023, Month::September, 11));
    }

    #[test]
    fn authors_are_read_from_strings_objects_and_lists() {
        let author = |json: &str| one(json).author;
        let name = |s: &str| Some(s.to_owned());
        assert_eq!(
            author(r#"{"title": "T", "author": "By Jane Doe"}"#),
            name("Jane Doe")
        );
        assert_eq!(
            author(r#"{"title": "T", "author": {"name": "Jane Doe"}}"#),
            name("Jane Doe")
        );
        let list =
            r#"{"title": "T", "authors": ["Jane Doe", {"name": "Raj Mehta"}, "jane doe", 7]}"#;
        assert_eq!(author(list), name("Jane Doe, Raj Mehta"));
        let nyt = r#"{"title": "T", "byline": {"original": "By A and B", "person": []}}"#;
        assert_eq!(author(nyt), name("A and B"));
        let guardian = r#"{"title": "T", "fields": {"byline": "Helena Marsh"}}"#;
        assert_eq!(author(guardian), name("Helena Marsh"));
        let empty_first = r#"{"title": "T", "authors": [], "author": null, "creator": "C"}"#;
        assert_eq!(author(empty_first), name("C"));
        assert_eq!(author(r#"{"title": "T", "author": 7}"#), None);
    }

    #[test]
    fn source_url_language_and_tags_are_read_in_their_shapes() {
        let json = r#"{"title": "T", "source": {"id": null, "name": "BBC News"},
            "webUrl": "https://example.com/a", "lang": "en_gb",
            "keywords": "rail, transport ,Rail", "tags": [{"value": "Bees"}, "bees", {"webTitle": "Urban"}],
            "section_name": "Science"}"#;
        let article = one(json);
        assert_eq!(article.source.as_deref(), Some("BBC News"));
        assert_eq!(article.url.as_deref(), Some("https://example.com/a"));
        assert_eq!(article.language.as_deref(), Some("en-GB"));
        assert_eq!(
            article.tags,
            ["Bees", "Urban", "rail", "transport", "Science"]
        );
        let article =
            one(r#"{"title": "T", "source_domain": "www.example.co.uk", "language": "English"}"#);
        assert_eq!(article.source.as_deref(), Some("www.example.co.uk"));
        assert_eq!(article.language, None);
    }

    #[test]
    fn language_tags_get_bcp47_case() {
        assert_eq!(clean_language("EN").as_deref(), Some("en"));
        assert_eq!(clean_language("pt_br").as_deref(), Some("pt-BR"));
        assert_eq!(clean_language("zh-Hant-TW").as_deref(), Some("zh-Hant-TW"));
        for bad in ["", "e", "english", "en-", "en gb", "12"] {
            assert_eq!(clean_language(bad), None, "{bad}");
        }
    }

    #[test]
    fn title_repeated_as_the_first_body_line_is_dropped() {
        let article = one(
            r#"{"title": "Ferries go electric", "maintext": "Ferries go electric.\n\nTwo boats."}"#,
        );
        assert_eq!(article.body, "Two boats.");
        let article =
            one(r#"{"title": "Ferries go electric", "text": "Ferries go electric next spring."}"#);
        assert_eq!(article.body, "Ferries go electric next spring.");
    }

    #[test]
    fn missing_title_is_made_from_the_body() {
        let article = one(r#"{"text": "Short headline\n\nThe story."}"#);
        assert_eq!(
            (article.title.as_str(), article.body.as_str()),
            ("Short headline", "The story.")
        );
        let long = format!(
            "The U.S. Coast Guard rescued two kayakers near the point on Sunday afternoon. {}",
            "More words here. ".repeat(5)
        );
        let article = one(&serde_json::json!({ "text": long }).to_string());
        assert_eq!(
            article.title,
            "The U.S. Coast Guard rescued two kayakers near the point on Sunday afternoon."
        );
        assert_eq!(article.body, long.trim());
        let words = "word ".repeat(40);
        let article = one(&serde_json::json!({ "text": words }).to_string());
        assert!(
            article.title.ends_with("word…")
                && article.title.chars().count() <= MAX_TITLE_CHARS + 1
        );
        let article = one(&serde_json::json!({ "text": "中文".repeat(80) }).to_string());
        assert_eq!(article.title.chars().count(), MAX_TITLE_CHARS + 1);
    }

    #[test]
    fn a_single_object_is_position_0_and_list_items_count_from_1() {
        assert_eq!(articles(r#"{"title": "T"}"#)[0].0, 0);
        let list = r#"[{"title": "A"}, {"title": "B"}]"#;
        let positions: Vec<u64> = articles(list).iter().map(|(p, _)| *p).collect();
        assert_eq!(positions, [1, 2]);
    }

    #[test]
    fn lists_are_found_under_api_keys_and_one_level_down() {
        for json in [
            r#"{"status": "ok", "articles": [{"title": "A"}]}"#,
            r#"{"Items": [{"title": "A"}]}"#,
            r#"{"response": {"docs": [{"headline": {"main": "A"}}], "meta": {}}}"#,
            r#"{"response": {"status": "ok", "results": [{"webTitle": "A"}]}}"#,
            r#"{"data": {"stories": [{"title": "A"}]}}"#,
        ] {
            let articles = articles(json);
            assert_eq!(articles.len(), 1, "{json}");
            assert_eq!((articles[0].0, articles[0].1.title.as_str()), (1, "A"));
        }
        let article = one(r#"{"title": "Chart", "text": "Body.", "data": [1, 2, 3]}"#);
        assert_eq!(article.title, "Chart");
    }

    #[test]
    fn list_items_that_are_no_articles_are_reported_and_skipped() {
        let extracted = extract_json(r#"[42, {"title": "A"}, {"url": "x"}, null, {"body": "B"}]"#)
            .expect("extracts");
        let positions: Vec<u64> = extracted.articles.iter().map(|(p, _)| *p).collect();
        assert_eq!(positions, [2, 5]);
        assert_eq!(locations(&extracted), ["item 1", "item 3", "item 4"]);
        assert_eq!(extracted.problems[0].reason, "not an article object");
        assert_eq!(extracted.problems[1].reason, "no title or text");
    }

    #[test]
    fn valid_json_without_an_article_is_no_articles() {
        for json in [
            "[]",
            "{}",
            "42",
            r#""text""#,
            r#"{"status": "ok", "articles": []}"#,
            "[1, [2]]",
        ] {
            assert_eq!(extract_json(json), Err(ExtractError::NoArticles), "{json}");
        }
    }

    #[test]
    fn invalid_json_is_malformed_with_line_and_column() {
        let Err(ExtractError::Malformed { format, reason }) =
            extract_json("{\n  \"title\": \"T\",\n}")
        else {
            panic!("not malformed");
        };
        assert_eq!(format, "JSON");
        assert_eq!(reason, "trailing comma at line 3 column 1");
    }

    #[test]
    fn ndjson_positions_are_line_numbers_and_bad_lines_are_reported() {
        let text = "{\"title\": \"A\"}\r\n\n{\"title\": \"B\",}\n[1]\n{\"id\": 3}\n  {\"title\": \"C\"}  \n";
        let extracted = extract_ndjson(text);
        let got: Vec<(u64, &str)> = extracted
            .articles
            .iter()
            .map(|(p, a)| (*p, a.title.as_str()))
            .collect();
        assert_eq!(got, [(1, "A"), (6, "C")]);
        assert_eq!(locations(&extracted), ["line 3", "line 4", "line 5"]);
        assert_eq!(extracted.problems[0].reason, "trailing comma at column 15");
        assert_eq!(extracted.problems[1].reason, "not an article object");
        assert_eq!(extracted.problems[2].reason, "no title or text");
    }

    #[test]
    fn deep_nesting_is_malformed_not_a_crash() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let Err(ExtractError::Malformed { reason, .. }) = extract_json(&deep) else {
            panic!("not malformed");
        };
        assert!(reason.starts_with("recursion limit exceeded"), "{reason}");
        let deep_object = format!("{}1{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000));
        assert!(matches!(
            extract_json(&deep_object),
            Err(ExtractError::Malformed { .. })
        ));
        assert_eq!(extract_ndjson(&deep).problems.len(), 1);
    }

    #[test]
    fn a_million_non_articles_give_a_bounded_problem_list() {
        let numbers: Vec<String> = (0..1_000_000).map(|n| n.to_string()).collect();
        let array = format!("[{}]", numbers.join(","));
        assert_eq!(extract_json(&array), Err(ExtractError::NoArticles));
        let mixed = format!(r#"[{{"title": "A"}},{}]"#, numbers.join(","));
        let extracted = extract_json(&mixed).expect("extracts");
        assert_eq!(extracted.articles.len(), 1);
        assert_eq!(extracted.problems.len(), MAX_LISTED_PROBLEMS + 1);
        let last = extracted.problems.last().map(|p| p.location.as_str());
        assert_eq!(last, Some("999900 more items"));
    }

    #[test]
    fn arbitrary_text_does_not_panic() {
        // A cheap deterministic generator stands in for a fuzzer.
        let mut state: u32 = 0x9e37_79b9;
        let chars: Vec<char> = "{}[]\":,0123456789.eE+-tfnul \\/\n<>&;é中\u{0}title"
            .chars()
            .collect();
        for _ in 0..2_000 {
            let text: String = (0..120)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 17;
                    state ^= state << 5;
                    chars[state as usize % chars.len()]
                })
                .collect();
            let _ = extract_json(&text);
            let _ = extract_ndjson(&text);
            let _ = extract_json(&format!(
                r#"{{"title": "{}", "date": "{0}"}}"#,
                text.replace(['"', '\\'], "")
            ));
        }
    }
}
