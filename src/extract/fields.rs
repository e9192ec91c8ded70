//! Loose fields -> an [`Article`]: the field names news APIs, scrapers, feeds
//! and front matter use for title, body, date, author, source, url, language
//! and tags, and the reconciling of title and body. Shared by the JSON, feed
//! and Markdown extractors.

use serde_json::{Map, Value};
use time::{Date, OffsetDateTime};

use super::date::parse_date;
use super::html::html_to_text;
use super::text::{first_sentence, shorten};
use super::{Extracted, RecordProblem};
use crate::article::Article;
use crate::limits::MAX_TAGS;

/// Field names by priority; matched ignoring case, the first usable one wins.
const TITLE_KEYS: &[&str] = &["title", "headline", "webTitle"];
#[rustfmt::skip]
const BODY_KEYS: &[&str] = &[
    "body", "text", "content", "article", "maintext", "articleBody", "body_text",
    "full_text", "story", "content_html", "content_text",
];
/// Summaries stand in for the body only when there is none; the longest wins.
#[rustfmt::skip]
const SUMMARY_KEYS: &[&str] = &[
    "description", "summary", "excerpt", "trailText", "abstract", "lead_paragraph", "snippet",
];
#[rustfmt::skip]
const DATE_KEYS: &[&str] = &[
    "date", "published", "publishedAt", "published_at", "pubDate", "datePublished",
    "date_publish", "publication_date", "pub_date", "webPublicationDate", "date_published",
    "created_at", "timestamp", "time",
    // A modification date is still better than none.
    "updated", "dateModified", "date_modified", "date_modify", "updated_at",
];
const AUTHOR_KEYS: &[&str] = &["author", "authors", "byline", "creator", "writer"];
#[rustfmt::skip]
const SOURCE_KEYS: &[&str] = &[
    "source", "site", "publisher", "source_domain", "sourceName", "outlet", "site_name",
];
#[rustfmt::skip]
const URL_KEYS: &[&str] = &["url", "link", "webUrl", "web_url", "canonical_url", "permalink"];
const LANGUAGE_KEYS: &[&str] = &["language", "lang"];
/// Every one of these contributes tags, not only the first.
#[rustfmt::skip]
const TAG_KEYS: &[&str] = &[
    "tags", "keywords", "categories", "topics", "section", "section_name", "sectionName",
];

/// Where a field's text sits when its value is an object, per kind of field:
/// NYT `headline.main`, WordPress `title.rendered`, NewsAPI `source.name`,
/// NYT `byline.original` and `keywords[].value`, Guardian `tags[].webTitle`.
const TITLE_INNER: &[&str] = &["main", "rendered", "text", "value"];
const NAME_INNER: &[&str] = &["name", "original", "display_name", "title"];
const TAG_INNER: &[&str] = &["value", "webTitle", "label", "term", "name", "text"];
const URL_INNER: &[&str] = &["href", "url"];

/// A title made from the body is cut to about this many characters.
pub(super) const MAX_TITLE_CHARS: usize = 100;
/// Problems are listed one by one up to this many; the rest are counted, so a
/// file of a million bad records does not make a million messages.
pub(super) const MAX_LISTED_PROBLEMS: usize = 100;

/// The article's fields as the object states them, before the title and
/// body are reconciled by [`complete_article`].
pub(super) fn article_fields(object: &Map<String, Value>) -> Article {
    let body = body(object).unwrap_or_default();
    let title = first(object, TITLE_KEYS, |v| text_of(v, TITLE_INNER))
        // "name" names too much (a package, a person) to be a title without text.
        .or_else(|| {
            (!body.is_empty())
                .then(|| field(object, "name")?.as_str())
                .flatten()
        })
        .map(clean_title)
        .unwrap_or_default();
    Article {
        title,
        body,
        date: first(object, DATE_KEYS, date_of),
        author: author(object),
        source: first(object, SOURCE_KEYS, |v| text_of(v, NAME_INNER)).map(clean_title),
        url: first(object, URL_KEYS, |v| text_of(v, URL_INNER)).map(str::to_owned),
        language: first(object, LANGUAGE_KEYS, Value::as_str).and_then(clean_language),
        tags: tags(object),
    }
}

/// The fullest text the object has: a body field, else Guardian's
/// `fields.bodyText`, else the longest summary.
fn body(object: &Map<String, Value>) -> Option<String> {
    let usable = |value: &Value| {
        let text = clean_body(&strip_truncation_marker(&joined_text(value)?));
        (!text.is_empty()).then_some(text)
    };
    let fields = field(object, "fields").and_then(Value::as_object);
    let from_keys = |keys: &[&str]| first(object, keys, usable);
    from_keys(BODY_KEYS)
        .or_else(|| fields.and_then(|f| first(f, &["bodyText", "body"], usable)))
        .or_else(|| {
            SUMMARY_KEYS
                .iter()
                .filter_map(|key| field(object, key).and_then(usable))
                .max_by_key(String::len)
        })
}

/// A text field's string: plain, `{"rendered": ..}`, or a list of paragraphs.
fn joined_text(value: &Value) -> Option<String> {
    match value {
        Value::Array(parts) => {
            let parts: Vec<&str> = parts.iter().filter_map(Value::as_str).collect();
            (!parts.is_empty()).then(|| parts.join("\n\n"))
        }
        other => text_of(other, TITLE_INNER).map(str::to_owned),
    }
}

/// NewsAPI cuts `content` short and says how much is missing: "… [+1234 chars]".
fn strip_truncation_marker(text: &str) -> String {
    let trimmed = text.trim_end();
    let Some((before, marker)) = trimmed.rsplit_once("[+") else {
        return text.to_owned();
    };
    let is_marker = marker
        .strip_suffix(" chars]")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if !is_marker {
        return text.to_owned();
    }
    before
        .trim_end()
        .trim_end_matches(['…', '.'])
        .trim_end()
        .to_owned()
}

fn date_of(value: &Value) -> Option<Date> {
    match value {
        Value::Number(number) => number.as_f64().and_then(unix_date),
        Value::String(text) => parse_date(text).or_else(|| {
            let text = text.trim();
            // A short number is a year or an id, not a timestamp.
            (text.len() >= 9).then(|| text.parse().ok().and_then(unix_date))?
        }),
        // MongoDB exports: {"$date": "2023-09-11T10:30:00Z"}.
        Value::Object(object) => field(object, "$date").and_then(date_of),
        _ => None,
    }
}

/// The UTC day of a Unix time in seconds, or in milliseconds when it is too
/// large to be seconds (10^11 seconds is in the year 5138).
fn unix_date(time: f64) -> Option<Date> {
    // Below 10^8 (1973) a number is more likely a count than a date.
    if !(time.is_finite() && time >= 1e8) {
        return None;
    }
    let seconds = if time > 1e11 { time / 1000.0 } else { time };
    // The cast saturates; out-of-range values are rejected just below.
    OffsetDateTime::from_unix_timestamp(seconds as i64)
        .ok()
        .map(OffsetDateTime::date)
}

/// Authors as a string, an object with a name, or a list of either, joined with ", ".
fn author(object: &Map<String, Value>) -> Option<String> {
    let guardian = || {
        field(object, "fields")?
            .as_object()
            .and_then(|f| field(f, "byline"))
    };
    let names = AUTHOR_KEYS
        .iter()
        .filter_map(|key| field(object, key))
        .chain(guardian())
        .map(names_of)
        .find(|names| !names.is_empty())?;
    Some(names.join(", "))
}

fn names_of(value: &Value) -> Vec<String> {
    let one = |value: &Value| text_of(value, NAME_INNER).and_then(clean_author);
    let mut names: Vec<String> = match value {
        Value::Array(items) => items.iter().filter_map(one).collect(),
        other => one(other).into_iter().collect(),
    };
    dedup_ignoring_case(&mut names);
    names
}

fn tags(object: &Map<String, Value>) -> Vec<String> {
    let mut tags: Vec<String> = TAG_KEYS
        .iter()
        .filter_map(|key| field(object, key))
        .flat_map(|value| match value {
            Value::Array(items) => items.iter().filter_map(|v| text_of(v, TAG_INNER)).collect(),
            Value::String(text) => text.split(',').collect(),
            other => text_of(other, TAG_INNER).into_iter().collect::<Vec<_>>(),
        })
        .map(clean_title)
        .filter(|tag| !tag.is_empty())
        // Enough to fill the list after removing repeats, without reading a
        // million-element array whole.
        .take(MAX_TAGS * 4)
        .collect();
    dedup_ignoring_case(&mut tags);
    tags.truncate(MAX_TAGS);
    tags
}

/// The first of `keys` (by priority, not file order) whose value `read` accepts.
fn first<'a, T>(
    object: &'a Map<String, Value>,
    keys: &[&str],
    read: impl Fn(&'a Value) -> Option<T>,
) -> Option<T> {
    keys.iter()
        .find_map(|key| field(object, key).and_then(&read))
}

/// The value under `key`, matched ignoring ASCII case; null counts as absent.
pub(super) fn field<'a>(object: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    let value = object.get(key).or_else(|| {
        object
            .iter()
            .find_map(|(k, v)| k.eq_ignore_ascii_case(key).then_some(v))
    })?;
    (!value.is_null()).then_some(value)
}

/// A non-empty string, or the first such under `inner` keys of an object.
fn text_of<'a>(value: &'a Value, inner: &[&str]) -> Option<&'a str> {
    let text = match value {
        Value::String(text) => text,
        Value::Object(object) => return first(object, inner, |v| text_of(v, &[])),
        _ => return None,
    };
    let text = text.trim();
    (!text.is_empty()).then_some(text)
}

pub(super) fn dedup_ignoring_case(items: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    items.retain(|item| seen.insert(item.to_lowercase()));
}

/// What a record that is neither title nor text is reported as.
pub(super) const NO_TEXT: &str = "no title or text";

/// Sorts a file's records, numbered from 1 ("item 3", "line 12"), into
/// articles and problems; `None` is no record but keeps its number. Problems
/// past a limit are only counted, so a million bad records are one message more.
pub(super) fn gather(
    kind: &str,
    records: impl IntoIterator<Item = impl Into<Option<Result<Article, String>>>>,
) -> Extracted {
    let mut extracted = Extracted::default();
    let mut unlisted = 0_usize;
    for (position, record) in (1_u64..).zip(records) {
        match record.into() {
            None => {}
            Some(Ok(article)) => extracted.articles.push((position, article)),
            Some(Err(_)) if extracted.problems.len() >= MAX_LISTED_PROBLEMS => unlisted += 1,
            Some(Err(reason)) => extracted.problems.push(RecordProblem {
                location: format!("{kind} {position}"),
                reason,
            }),
        }
    }
    if unlisted > 0 {
        extracted.problems.push(RecordProblem {
            location: format!("{unlisted} more {kind}s"),
            reason: "also skipped; not listed one by one".to_owned(),
        });
    }
    extracted
}

/// Reconciles title and body: a title repeated as the body's first line is
/// dropped from the body; a missing title is made from the body. None when
/// there is neither.
pub(super) fn complete_article(mut article: Article) -> Option<Article> {
    if article.title.is_empty() {
        if article.body.is_empty() {
            return None;
        }
        (article.title, article.body) = title_from_body(&article.body);
    } else if let Some(rest) = after_title_line(&article.body, &article.title) {
        article.body = rest.to_owned();
    }
    Some(article)
}

/// The body without its first line, if that line repeats the title.
fn after_title_line<'a>(body: &'a str, title: &str) -> Option<&'a str> {
    let (first, rest) = body.split_once('\n').unwrap_or((body, ""));
    let same = |a: &str, b: &str| a.trim().trim_end_matches('.').eq_ignore_ascii_case(b);
    same(first, title.trim_end_matches('.')).then(|| rest.trim_start())
}

/// A title from the body's first line; a line too long for a headline gives
/// its first sentence or a cut at a word, and stays in the body.
fn title_from_body(body: &str) -> (String, String) {
    let (first, rest) = body.split_once('\n').unwrap_or((body, ""));
    let first = first.trim();
    if first.chars().nth(MAX_TITLE_CHARS).is_none() {
        return (first.to_owned(), rest.trim_start().to_owned());
    }
    let title = first_sentence(first, MAX_TITLE_CHARS)
        .map_or_else(|| shorten(first, MAX_TITLE_CHARS), str::to_owned);
    (title, body.to_owned())
}

/// HTML or entity-escaped text, which needs converting before it is read.
fn looks_like_markup(text: &str) -> bool {
    let bytes = text.as_bytes();
    let tag = bytes
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'));
    (tag && text.contains('>')) || has_entity(bytes)
}

/// An entity reference such as "&amp;" or "&#8217;"; "AT&T" is none.
fn has_entity(bytes: &[u8]) -> bool {
    let starts = bytes.iter().enumerate().filter(|(_, b)| **b == b'&');
    starts.map(|(i, _)| i).any(|i| {
        let name = bytes.get(i + 1..).unwrap_or_default();
        let len = name
            .iter()
            .take(10)
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'#')
            .count();
        len >= 2 && name.get(len) == Some(&b';')
    })
}

/// A one-line text (title, name, tag): markup converted, whitespace collapsed.
pub(super) fn clean_title(text: &str) -> String {
    let text = if looks_like_markup(text) {
        html_to_text(text)
    } else {
        text.to_owned()
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An article text: markup converted, lines trimmed, paragraphs separated
/// by exactly one blank line.
pub(super) fn clean_body(text: &str) -> String {
    let text = if looks_like_markup(text) {
        html_to_text(text)
    } else {
        text.to_owned()
    };
    let mut out = String::with_capacity(text.len());
    let mut blank_before = false;
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            blank_before = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_before { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        blank_before = false;
    }
    out
}

/// A byline as a name: markup, a leading "By " and parentheses removed.
pub(super) fn clean_author(text: &str) -> Option<String> {
    let name = clean_title(text);
    let name = name.trim_matches(|c: char| c == '(' || c == ')' || c.is_whitespace());
    let name = match name.get(..3) {
        Some(by) if by.eq_ignore_ascii_case("by ") => name[3..].trim_start(),
        _ => name,
    };
    (!name.is_empty()).then(|| name.to_owned())
}

/// A language tag in BCP 47 case ("en", "en-GB"); None for anything else.
pub(super) fn clean_language(text: &str) -> Option<String> {
    let mut parts = text.trim().split(['-', '_']);
    let primary = parts.next()?;
    if !(2..=3).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let mut tag = primary.to_ascii_lowercase();
    for part in parts {
        if part.is_empty() || part.len() > 8 || !part.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        tag.push('-');
        tag.push_str(&match part.len() {
            2 => part.to_ascii_uppercase(),
            _ => part.to_owned(),
        });
    }
    Some(tag)
}
