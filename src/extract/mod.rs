//! Turns the bytes of one file into the articles it holds. This module undoes
//! compression, decodes text and decides the format (by name, and by content
//! where the name lies or says nothing); each format has its own module.

mod byline;
mod date;
mod dateline;
mod decode;
mod feed;
mod fields;
mod front_matter;
mod furniture;
mod header;
mod html;
mod json;
mod markdown;
mod outlet;
mod text;

use std::path::Path;

pub use date::{parse_date, parse_date_line};
pub use decode::MAX_DECOMPRESSED_BYTES;

use crate::article::Article;
use crate::error::ExtractError;

/// What one file yields: its articles, and the records that had to be skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// Each article with its position in the file: 0 for a file that is one
    /// article; the line number (NDJSON) or 1-based index (JSON arrays, feed
    /// items) for files of many, so ids stay put when other records change.
    pub articles: Vec<(u64, Article)>,
    /// Records skipped, with where they are and why; the rest are indexed.
    pub problems: Vec<RecordProblem>,
}

/// A record of a many-article file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordProblem {
    /// Where in the file: "line 12", "item 3".
    pub location: String,
    /// Why, in a few words.
    pub reason: String,
}

impl Extracted {
    fn one(article: Article) -> Extracted {
        Extracted {
            articles: vec![(0, article)],
            problems: Vec::new(),
        }
    }
}

/// A file format this build can extract articles from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Plain text: headline on the first line.
    Text,
    /// Markdown, optionally with YAML or TOML front matter.
    Markdown,
    /// A saved web page.
    Html,
    /// One article object, or an array of them.
    Json,
    /// One JSON article per line.
    Ndjson,
    /// An RSS or Atom feed: one article per item.
    Feed,
}

/// Extensions and their formats; `.xml` is a feed only when its content is one.
const EXTENSIONS: &[(&str, Format)] = &[
    ("txt", Format::Text),
    ("text", Format::Text),
    ("md", Format::Markdown),
    ("markdown", Format::Markdown),
    ("html", Format::Html),
    ("htm", Format::Html),
    ("xhtml", Format::Html),
    ("json", Format::Json),
    ("ndjson", Format::Ndjson),
    ("jsonl", Format::Ndjson),
    ("rss", Format::Feed),
    ("atom", Format::Feed),
    ("xml", Format::Feed),
];

impl Format {
    /// The format a file's name promises (through a `.gz` suffix too); `None`
    /// for names of other kinds, and for names without an extension.
    pub fn from_path(path: &Path) -> Option<Format> {
        let extension = article_extension(path)?;
        EXTENSIONS
            .iter()
            .find(|(ext, _)| *ext == extension)
            .map(|(_, format)| *format)
    }

    /// True for files worth reading: a known extension, or none at all (then
    /// the content decides).
    pub fn is_candidate(path: &Path) -> bool {
        Format::from_path(path).is_some() || article_extension(path).is_none()
    }

    /// The extensions this build understands, for messages.
    pub fn extensions() -> impl Iterator<Item = &'static str> {
        EXTENSIONS.iter().map(|(ext, _)| *ext)
    }

    /// The format the content shows unmistakably: markup, a feed, or JSON.
    pub fn sniff(bytes: &[u8]) -> Option<Format> {
        if feed::looks_like_feed(bytes) {
            return Some(Format::Feed);
        }
        let head = String::from_utf8_lossy(bytes.get(..1024).unwrap_or(bytes)).to_ascii_lowercase();
        let head = skip_prolog(&head);
        if ["<!doctype html", "<html", "<head", "<body"]
            .iter()
            .any(|tag| head.starts_with(tag))
        {
            return Some(Format::Html);
        }
        head.starts_with(['{', '[']).then_some(Format::Json)
    }
}

/// The lower-cased extension that names the format, looking through `.gz`.
fn article_extension(path: &Path) -> Option<String> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    if extension != "gz" {
        return Some(extension);
    }
    let inner = Path::new(path.file_stem()?);
    Some(inner.extension()?.to_str()?.to_ascii_lowercase())
}

/// Skips a BOM, whitespace, comments and an XML declaration before the first tag.
fn skip_prolog(mut head: &str) -> &str {
    loop {
        head = head.trim_start_matches('\u{feff}').trim_start();
        let end = if head.starts_with("<!--") {
            head.find("-->").map(|i| i + 3)
        } else if head.starts_with("<?") {
            head.find("?>").map(|i| i + 2)
        } else {
            return head;
        };
        match end {
            Some(end) => head = &head[end..],
            None => return "",
        }
    }
}

/// Extracts the articles of one file: gzip undone, the format taken from the
/// name and, where the name lies or says nothing, from the content.
///
/// # Errors
///
/// [`ExtractError`] when the file yields no article at all;
/// [`ExtractError::Unsupported`] when the content shows it is not an article
/// format (an XML file that is not a feed).
pub fn extract_file(path: &Path, bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let bytes = decode::gunzip(bytes)?;
    let named = Format::from_path(path);
    let is_xml = article_extension(path).as_deref() == Some("xml");
    let format = match (named, Format::sniff(&bytes)) {
        (_, Some(Format::Feed)) => Format::Feed,
        (Some(Format::Feed), _) if is_xml => return Err(ExtractError::Unsupported),
        (Some(Format::Feed), _) => Format::Feed,
        // Markup outweighs a name that says text or JSON.
        (_, Some(Format::Html)) => Format::Html,
        (Some(named), _) => named,
        (None, Some(sniffed)) => sniffed,
        (None, None) => Format::Text,
    };
    extract(format, &bytes)
}

/// Extracts the articles of bytes known to be in `format`.
///
/// ```
/// use news_search::extract::{extract, Format};
///
/// let text = "Storm closes ports\n\n2024-02-03\nReuters\n\nHigh winds shut three ports on Saturday.\n";
/// let extracted = extract(Format::Text, text.as_bytes()).unwrap();
/// let (position, article) = &extracted.articles[0];
/// assert_eq!(*position, 0); // the file is the article
/// assert_eq!(article.title, "Storm closes ports");
/// assert_eq!(article.date.map(|d| d.to_string()).as_deref(), Some("2024-02-03"));
/// assert_eq!(article.source.as_deref(), Some("Reuters"));
/// assert_eq!(article.body, "High winds shut three ports on Saturday.");
///
/// // NDJSON gives one article per line, at its line number; a bad line is
/// // reported, not fatal.
/// let ndjson = b"{\"title\": \"A\", \"text\": \"First.\"}\nnot json\n{\"title\": \"B\", \"text\": \"Second.\"}\n";
/// let extracted = extract(Format::Ndjson, ndjson).unwrap();
/// let positions: Vec<u64> = extracted.articles.iter().map(|(p, _)| *p).collect();
/// assert_eq!(positions, [1, 3]);
/// assert_eq!(extracted.problems.len(), 1);
///
/// assert!(extract(Format::Text, b"\x00\x01binary").is_err());
/// ```
///
/// # Errors
///
/// [`ExtractError`] when the bytes are binary, hold no text, are malformed
/// beyond recovery, or hold no article.
pub fn extract(format: Format, bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let bytes = decode::gunzip(bytes)?;
    if format == Format::Feed {
        return feed::extract(&bytes);
    }
    let text = decode::decode(&bytes)?;
    let single = |article: Option<Article>| article.map(Extracted::one).ok_or(ExtractError::Empty);
    match format {
        Format::Text => single(text::extract(&text)),
        Format::Markdown => single(markdown::extract(&text)),
        Format::Html => html::extract(&text)
            .map(Extracted::one)
            .ok_or(ExtractError::NoArticles),
        Format::Ndjson => Ok(json::extract_ndjson(&text)),
        // A `.json` file that is really one object per line is NDJSON.
        _ => match json::extract_json(&text) {
            Err(ExtractError::Malformed { .. }) if looks_like_ndjson(&text) => {
                Ok(json::extract_ndjson(&text))
            }
            other => other,
        },
    }
}

fn looks_like_ndjson(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    lines.clone().count() > 1 && lines.all(|l| l.starts_with('{') && l.ends_with('}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(format: Format, bytes: &[u8]) -> Article {
        let mut extracted = extract(format, bytes).expect("extracts");
        assert_eq!(extracted.articles.len(), 1);
        extracted.articles.remove(0).1
    }

    #[test]
    fn format_is_chosen_by_extension_ignoring_case_and_gz() {
        let format = |p: &str| Format::from_path(Path::new(p));
        assert_eq!(format("a/b.txt"), Some(Format::Text));
        assert_eq!(format("b.TEXT"), Some(Format::Text));
        assert_eq!(format("b.Md"), Some(Format::Markdown));
        assert_eq!(format("b.htm"), Some(Format::Html));
        assert_eq!(format("b.jsonl"), Some(Format::Ndjson));
        assert_eq!(format("b.json.gz"), Some(Format::Json));
        assert_eq!(format("b.atom"), Some(Format::Feed));
        assert_eq!(format("b.jpg"), None);
        assert_eq!(format("b.gz"), None);
        assert_eq!(format("txt"), None);
        assert_eq!(format(".md"), None);
    }

    #[test]
    fn files_without_extension_are_candidates_and_other_kinds_are_not() {
        assert!(Format::is_candidate(Path::new("news/story")));
        assert!(Format::is_candidate(Path::new("news/story.html.gz")));
        assert!(!Format::is_candidate(Path::new("news/photo.jpg")));
        assert!(!Format::is_candidate(Path::new("news/archive.tar.gz")));
    }

    #[test]
    fn every_listed_extension_has_a_format() {
        for ext in Format::extensions() {
            assert!(Format::from_path(Path::new(&format!("a.{ext}"))).is_some());
        }
    }

    #[test]
    fn content_shows_markup_and_json() {
        let sniff = |s: &str| Format::sniff(s.as_bytes());
        assert_eq!(sniff("\u{feff}  <!DOCTYPE html><html>"), Some(Format::Html));
        assert_eq!(sniff("<!-- saved --><HTML lang=en>"), Some(Format::Html));
        assert_eq!(
            sniff("<?xml version=\"1.0\"?><rss version=\"2.0\">"),
            Some(Format::Feed)
        );
        assert_eq!(sniff("  {\"title\": \"x\"}"), Some(Format::Json));
        assert_eq!(sniff("Just a headline"), None);
    }

    #[test]
    fn a_lying_extension_is_overruled_by_the_content() {
        let html = b"<!doctype html><html><head><title>Real page</title></head><body><article><h1>Real page</h1><p>Text of the page, long enough to be an article body for the extractor to keep it.</p></article></body></html>";
        let extracted = extract_file(Path::new("saved.txt"), html).unwrap();
        assert_eq!(extracted.articles[0].1.title, "Real page");
        let json = br#"{"title": "From JSON", "text": "Body of it."}"#;
        let extracted = extract_file(Path::new("no_extension"), json).unwrap();
        assert_eq!(extracted.articles[0].1.title, "From JSON");
        let plain = b"Plain headline\n\nPlain body.";
        let extracted = extract_file(Path::new("no_extension"), plain).unwrap();
        assert_eq!(extracted.articles[0].1.title, "Plain headline");
    }

    #[test]
    fn xml_that_is_not_a_feed_is_unsupported() {
        let sitemap =
            b"<?xml version=\"1.0\"?><urlset><url><loc>https://x.test/</loc></url></urlset>";
        assert_eq!(
            extract_file(Path::new("sitemap.xml"), sitemap),
            Err(ExtractError::Unsupported)
        );
    }

    #[test]
    fn json_named_file_holding_lines_of_objects_is_read_as_ndjson() {
        let text =
            b"{\"title\": \"One\", \"text\": \"a\"}\n{\"title\": \"Two\", \"text\": \"b\"}\n";
        let extracted = extract_file(Path::new("dump.json"), text).unwrap();
        let titles: Vec<&str> = extracted
            .articles
            .iter()
            .map(|(_, a)| a.title.as_str())
            .collect();
        assert_eq!(titles, ["One", "Two"]);
    }

    #[test]
    fn gzipped_files_are_read_transparently() {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder
            .write_all(b"# Zipped title\n\nZipped body.")
            .unwrap();
        let gz = encoder.finish().unwrap();
        let extracted = extract_file(Path::new("story.md.gz"), &gz).unwrap();
        assert_eq!(extracted.articles[0].1.title, "Zipped title");
    }

    #[test]
    fn bundled_article_extracts_through_the_public_entry_point() {
        let bytes = include_bytes!("../../corpus/000_d1f253cec5df7d15.txt");
        let article = one(Format::Text, bytes);
        assert_eq!(
            article.title,
            "Mark Zuckerberg's Meta: Setting the Stage for an AI Revolution against OpenAI"
        );
        assert!(article.date.is_some());
    }

    #[test]
    fn nul_byte_means_binary() {
        assert_eq!(
            extract(Format::Text, b"Title\0body"),
            Err(ExtractError::Binary)
        );
        let mut late_nul = b"Title\n".repeat(2000);
        late_nul.push(0);
        assert!(extract(Format::Text, &late_nul).is_ok());
    }

    #[test]
    fn legacy_encoded_text_is_decoded_not_refused() {
        let article = one(
            Format::Text,
            b"Caf\xe9 prices rise\n\nThe caf\xe9 owners said so.",
        );
        assert_eq!(article.title, "Café prices rise");
    }

    #[test]
    fn empty_or_whitespace_only_is_empty() {
        for bytes in [&b""[..], b" \n\r\n\t ", b"\xEF\xBB\xBF\n"] {
            assert_eq!(extract(Format::Text, bytes), Err(ExtractError::Empty));
            assert_eq!(extract(Format::Markdown, bytes), Err(ExtractError::Empty));
        }
        assert_eq!(
            extract(Format::Markdown, b"<br>\n"),
            Err(ExtractError::Empty)
        );
    }

    #[test]
    fn bom_is_stripped() {
        let article = one(Format::Text, b"\xEF\xBB\xBFCaf\xC3\xA9\nBody");
        assert_eq!(article.title, "Café");
        let article = one(Format::Markdown, b"\xEF\xBB\xBF# Caf\xC3\xA9\n\nBody");
        assert_eq!(article.title, "Café");
    }

    #[test]
    fn crlf_and_cr_line_ends_become_newlines() {
        let article = one(
            Format::Text,
            b"Title\r\n\r\nOne\r\nTwo\rThree\r\n\r\nFour\r",
        );
        assert_eq!(article.title, "Title");
        assert_eq!(article.body, "One\nTwo\nThree\n\nFour");
        let article = one(Format::Markdown, b"# Title\r\n\r\nOne\r\n\r\nTwo\r\n");
        assert_eq!(article.body, "One\n\nTwo");
    }

    #[test]
    fn megabyte_single_line_does_not_panic() {
        let line = "Ünïcödé wörds 中文 ".repeat(50_000);
        assert!(line.len() > 1_000_000);
        for format in [Format::Text, Format::Markdown] {
            let article = one(format, line.as_bytes());
            assert!(article.title.ends_with('…'));
            assert!(article.body.len() > 1_000_000 - 100);
        }
    }

    #[test]
    fn arbitrary_bytes_do_not_panic() {
        // A cheap deterministic generator stands in for a fuzzer.
        let mut state: u32 = 0x1234_5678;
        let alphabet = "ab #*_[]()!<>|-=\n\r\t.:,1 é中\u{200b}`~+{}\"";
        let chars: Vec<char> = alphabet.chars().collect();
        for _ in 0..500 {
            let mut text = String::new();
            for _ in 0..200 {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                text.push(chars[state as usize % chars.len()]);
            }
            for name in [
                "a.txt", "a.md", "a.json", "a.ndjson", "a.html", "a.rss", "a",
            ] {
                let _ = extract_file(Path::new(name), text.as_bytes());
                let _ = extract_file(Path::new(name), &text.as_bytes()[..text.len() / 3]);
            }
        }
    }
}
