//! Turns the bytes of one file into the articles it holds: decoding is shared
//! here, and each file format has its own module.

mod date;
mod markdown;
mod text;

use std::borrow::Cow;
use std::path::Path;

pub use date::{parse_date, parse_date_line};

use crate::article::Article;
use crate::error::ExtractError;

/// Binary files show NUL bytes early; text never has them.
const BINARY_SNIFF_LEN: usize = 8 * 1024;
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

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

/// A file format this build can extract articles from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Plain text: headline on the first line.
    Text,
    /// Markdown, optionally with front matter.
    Markdown,
}

impl Format {
    /// By extension, case-insensitive: txt, text -> Text; md, markdown -> Markdown; else None.
    pub fn from_path(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }

    /// The extensions this build understands, for messages.
    pub fn extensions() -> &'static [&'static str] {
        &["txt", "text", "md", "markdown"]
    }
}

/// Extracts the articles one file holds (one for these formats; a Vec because
/// later formats such as JSON dumps and feeds hold many).
///
/// # Errors
///
/// [`ExtractError`] when the bytes are binary, not UTF-8, or hold no text.
pub fn extract(format: Format, bytes: &[u8]) -> Result<Vec<Article>, ExtractError> {
    let text = decode(bytes)?;
    let article = match format {
        Format::Text => text::extract(&text),
        Format::Markdown => markdown::extract(&text),
    };
    // Markdown can be all markup (front matter, HTML) and hold no text.
    article.map(|a| vec![a]).ok_or(ExtractError::Empty)
}

/// UTF-8 text without BOM, with `\n` line ends.
fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, ExtractError> {
    let (bom_len, content) = match bytes.strip_prefix(UTF8_BOM) {
        Some(content) => (UTF8_BOM.len(), content),
        None => (0, bytes),
    };
    let sniffed = content.get(..BINARY_SNIFF_LEN).unwrap_or(content);
    if sniffed.contains(&0) {
        return Err(ExtractError::Binary);
    }
    // The offset counts from the start of the file, as a hex viewer would show it.
    let text = std::str::from_utf8(content).map_err(|e| ExtractError::NotUtf8 {
        offset: bom_len + e.valid_up_to(),
    })?;
    if text.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    if text.contains('\r') {
        Ok(Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n")))
    } else {
        Ok(Cow::Borrowed(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn one(format: Format, bytes: &[u8]) -> Article {
        let mut articles = extract(format, bytes).expect("extracts");
        assert_eq!(articles.len(), 1);
        articles.remove(0)
    }

    #[test]
    fn format_is_chosen_by_extension_ignoring_case() {
        let format = |p: &str| Format::from_path(Path::new(p));
        assert_eq!(format("a/b.txt"), Some(Format::Text));
        assert_eq!(format("b.TEXT"), Some(Format::Text));
        assert_eq!(format("b.Md"), Some(Format::Markdown));
        assert_eq!(format("b.markdown"), Some(Format::Markdown));
        assert_eq!(format("b.html"), None);
        assert_eq!(format("txt"), None);
        assert_eq!(format(".md"), None);
        assert_eq!(Format::extensions(), ["txt", "text", "md", "markdown"]);
    }

    #[test]
    fn every_listed_extension_has_a_format() {
        for ext in Format::extensions() {
            assert!(Format::from_path(Path::new(&format!("a.{ext}"))).is_some());
        }
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
    fn invalid_utf8_reports_the_offset_in_the_file() {
        let error = Err(ExtractError::NotUtf8 { offset: 6 });
        assert_eq!(extract(Format::Text, b"Title\n\xff body"), error);
        let error = Err(ExtractError::NotUtf8 { offset: 9 });
        assert_eq!(
            extract(Format::Markdown, b"\xEF\xBB\xBFTitle\n\xe9t\xe9"),
            error
        );
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
    fn megabyte_single_line_is_fast_and_does_not_panic() {
        let line = "Ünïcödé wörds 中文 ".repeat(50_000);
        assert!(line.len() > 1_000_000);
        for format in [Format::Text, Format::Markdown] {
            let start = Instant::now();
            let article = one(format, line.as_bytes());
            assert!(start.elapsed() < Duration::from_secs(5));
            assert!(article.title.ends_with('…'));
            assert!(article.body.len() > 1_000_000 - 100);
        }
    }

    #[test]
    fn arbitrary_bytes_do_not_panic() {
        // A cheap deterministic generator stands in for a fuzzer.
        let mut state: u32 = 0x1234_5678;
        let alphabet = "ab #*_[]()!<>|-=\n\r\t.:,1 é中\u{200b}`~+";
        let chars: Vec<char> = alphabet.chars().collect();
        for _ in 0..500 {
            let mut text = String::new();
            for _ in 0..200 {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                text.push(chars[state as usize % chars.len()]);
            }
            for format in [Format::Text, Format::Markdown] {
                let _ = extract(format, text.as_bytes());
            }
            let _ = extract(Format::Text, &text.as_bytes()[..text.len() / 3]);
        }
    }
}
