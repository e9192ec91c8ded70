//! Snippets: the passage of a body that best shows why an article matched, with
//! the byte ranges of the matched words, ready to print or to serialise.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use serde::Serialize;
use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;

use crate::schema;

/// A passage of an article with the matched words marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The passage, whitespace collapsed; "…" marks text cut before or after.
    pub text: String,
    /// Byte ranges `[start, end)` of matched words within `text`.
    pub highlights: Vec<(usize, usize)>,
}

/// About how many bytes of text a snippet shows.
pub(crate) const SNIPPET_BYTES: usize = 220;

/// A generator of passages for `words` (analysed terms with their weights).
pub(crate) fn generator(words: BTreeMap<String, f32>, field: Field) -> SnippetGenerator {
    SnippetGenerator::new(words, schema::analyzer(), field, SNIPPET_BYTES * 2 / 3)
}

/// The best passage of `body`, or `None` when no word of the query occurs in
/// it (the match was in the title, say).
pub(crate) fn best_passage(body: &str, generator: &SnippetGenerator) -> Option<Snippet> {
    let found = generator.snippet(body);
    if found.is_empty() {
        return None;
    }
    let fragment = found.fragment_range();
    let marked: Vec<(usize, usize)> = found
        .highlighted()
        .iter()
        .map(|r| (r.start + fragment.start, r.end + fragment.start))
        .collect();
    let window = widen(body, fragment);
    Some(cut(body, window, &marked))
}

/// The opening of `body`, for hits that matched elsewhere.
pub(crate) fn opening(body: &str) -> Snippet {
    let end = word_end_before(body, floor_boundary(body, SNIPPET_BYTES.min(body.len())));
    cut(body, 0..end, &[])
}

/// Byte ranges of the tokens of `text` whose analysed form is one of `words`.
pub(crate) fn mark_words(
    text: &str,
    words: &BTreeSet<String>,
    mut analyzer: TextAnalyzer,
) -> Vec<(usize, usize)> {
    let mut marks = Vec::new();
    if words.is_empty() {
        return marks;
    }
    let mut stream = analyzer.token_stream(text);
    stream.process(&mut |token| {
        if words.contains(&token.text) {
            marks.push((token.offset_from, token.offset_to));
        }
    });
    marks
}

/// Puts some context before the first match (from a sentence start when one is
/// near) and fills the rest of the budget after it, cutting at word boundaries.
fn widen(body: &str, fragment: Range<usize>) -> Range<usize> {
    let lead_start = floor_boundary(body, fragment.start.saturating_sub(SNIPPET_BYTES / 3));
    let lead = &body[lead_start..fragment.start];
    let start = match lead.rfind(['.', '!', '?', '\n']) {
        Some(i) => lead_start + i + 1,
        None if lead_start == 0 => 0,
        None => lead
            .find(char::is_whitespace)
            .map_or(fragment.start, |i| lead_start + i + 1),
    };
    let limit = floor_boundary(body, (start + SNIPPET_BYTES).min(body.len()));
    let end = if limit >= body.len() {
        body.len()
    } else {
        word_end_before(body, limit).max(fragment.end.min(limit))
    };
    start..end
}

/// `body[window]` with whitespace collapsed, "…" where text was cut, and the
/// `marked` ranges that fall inside the window moved into the new text.
fn cut(body: &str, window: Range<usize>, marked: &[(usize, usize)]) -> Snippet {
    let inner = &body[window.clone()];
    let mut text = String::with_capacity(inner.len() + 8);
    if window.start > 0 {
        text.push('…');
    }
    // Where each byte of `inner` lands in `text`.
    let mut map = vec![0usize; inner.len() + 1];
    let mut space_pending = false;
    for (i, c) in inner.char_indices() {
        if c.is_whitespace() {
            space_pending = !text.is_empty() && !text.ends_with('…');
            map[i] = text.len();
            continue;
        }
        if space_pending {
            text.push(' ');
            space_pending = false;
        }
        map[i..i + c.len_utf8()].fill(text.len());
        text.push(c);
    }
    let content_end = text.len();
    map[inner.len()] = content_end;
    for slot in map.iter_mut().filter(|s| **s > content_end) {
        *slot = content_end;
    }
    if window.end < body.len() {
        text.push('…');
    }
    let highlights = marked
        .iter()
        .filter(|(start, end)| *start >= window.start && *end <= window.end)
        .map(|(start, end)| (map[start - window.start], map[end - window.start]))
        .filter(|(s, e)| s < e)
        .collect();
    Snippet { text, highlights }
}

/// The largest char boundary at or below `i`.
fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The end of the last whole word that ends at or before `limit`.
fn word_end_before(text: &str, limit: usize) -> usize {
    if limit >= text.len() {
        return text.len();
    }
    let head = &text[..limit];
    if text[limit..].starts_with(char::is_whitespace) {
        return head.trim_end().len();
    }
    match head.rfind(char::is_whitespace) {
        Some(i) => head[..i].trim_end().len(),
        None => limit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_collapses_whitespace_and_moves_highlights() {
        let body = "Alpha  beta\n\ngamma delta";
        let gamma = body.find("gamma").unwrap();
        let snippet = cut(body, 0..body.len(), &[(gamma, gamma + 5)]);
        assert_eq!(snippet.text, "Alpha beta gamma delta");
        let (s, e) = snippet.highlights[0];
        assert_eq!(&snippet.text[s..e], "gamma");
    }

    #[test]
    fn cut_marks_truncation_with_ellipses() {
        let body = "one two three four five";
        let snippet = cut(body, 4..13, &[(8, 13)]);
        assert_eq!(snippet.text, "…two three…");
        let (s, e) = snippet.highlights[0];
        assert_eq!(&snippet.text[s..e], "three");
    }

    #[test]
    fn opening_never_splits_a_multibyte_character() {
        let body = "é".repeat(400);
        let snippet = opening(&body);
        assert!(snippet.text.ends_with('…'));
        assert!(snippet.text.len() <= SNIPPET_BYTES + '…'.len_utf8());
    }

    #[test]
    fn opening_cuts_at_a_word_boundary() {
        let body = "word ".repeat(100);
        let snippet = opening(&body);
        assert!(snippet.text.trim_end_matches('…').ends_with("word"));
    }

    #[test]
    fn widen_starts_at_a_sentence_when_one_is_near() {
        let body = "First sentence here. The chips arrived late in the year.";
        let at = body.find("chips").unwrap();
        let window = widen(body, at..at + 5);
        assert_eq!(
            &body[window.start..],
            " The chips arrived late in the year."
        );
    }
}
