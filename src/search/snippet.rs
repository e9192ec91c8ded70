//! Snippets: the passages of a body that best show why an article matched,
//! with the byte ranges of the matched words, ready to print or to serialise.
//!
//! Words are found by analysing the text as the index did, so "chips" marks
//! "chip" and "Café" marks "cafe"; a phrase is marked only where its words
//! stand together. Passages are chosen for the most distinct query words
//! (rarer words weigh more), not for the densest repeats of one.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use serde::Serialize;
use tantivy::tokenizer::TokenStream;

use super::query::Marks;
use crate::store::analysis::{folding_analyzer, Analysis, WordStemmer};
use crate::text::floor_boundary;

/// A passage of an article with the matched words marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The passage, whitespace collapsed; "…" marks text cut before or after.
    pub text: String,
    /// Byte ranges `[start, end)` of matched words within `text`.
    pub highlights: Vec<(usize, usize)>,
    /// The byte range `[start, end)` of the article body this passage shows.
    pub body_range: (usize, usize),
    /// Byte ranges `[start, end)` of the matched words within the whole body.
    pub body_highlights: Vec<(usize, usize)>,
}

/// About how many bytes of text the opening shows.
pub(crate) const SNIPPET_BYTES: usize = 220;
/// About how many bytes of text one passage of several shows.
pub(crate) const FRAGMENT_BYTES: usize = 170;
/// Passages are looked for in this much of a body, so that a huge article
/// costs no more than a long one.
pub(crate) const SCAN_BYTES: usize = 256 * 1024;
/// A passage starts at its sentence's start when that is at most this far
/// before the first match...
const LEAD_BYTES: usize = 80;
/// ...and otherwise about this far before it, at a word boundary.
const SHORT_LEAD_BYTES: usize = 40;
/// A word already shown in an earlier passage counts this much in the next.
const SHOWN_AGAIN: f32 = 0.25;

/// One matched word or phrase in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Match {
    start: usize,
    end: usize,
    /// Which word or phrase of the query it is.
    key: usize,
}

/// Finds the query's words and phrases in text, prepared once per search.
pub(crate) struct Highlighter {
    words: HashMap<String, usize>,
    phrases: Vec<Vec<(usize, String)>>,
    /// Every word any phrase holds.
    phrase_words: BTreeSet<String>,
    /// The first letters of all those words.
    first_letters: BTreeSet<char>,
    /// Their first two letters, when each is ASCII and every word has two
    /// or more (see [`Openings`]).
    openings: Option<Openings>,
    /// How much finding each key counts, words first, then phrases.
    weights: Vec<f32>,
    /// How the text was analysed when indexed, and is again to find the words.
    analysis: Analysis,
}

impl Highlighter {
    /// `weight` says how much a word counts when choosing passages (rarer more).
    pub(crate) fn new(marks: &Marks, analysis: Analysis, weight: impl Fn(&str) -> f32) -> Self {
        let words: HashMap<String, usize> = marks
            .words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.clone(), i))
            .collect();
        let mut weights: Vec<f32> = marks.words.iter().map(|w| weight(w)).collect();
        weights.extend(
            marks
                .phrases
                .iter()
                .map(|p| p.iter().map(|(_, w)| weight(w)).sum::<f32>()),
        );
        let phrase_words: BTreeSet<String> = marks
            .phrases
            .iter()
            .flatten()
            .map(|(_, w)| w.clone())
            .collect();
        let first_letters = words
            .keys()
            .chain(&phrase_words)
            .filter_map(|w| w.chars().next())
            .collect();
        let openings = Openings::of(words.keys().chain(&phrase_words));
        Highlighter {
            words,
            phrase_words,
            first_letters,
            openings,
            phrases: marks.phrases.clone(),
            weights,
            analysis,
        }
    }

    /// True when there is nothing to mark.
    pub(crate) fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }

    /// Byte ranges of the matches in `text`, in order, overlaps merged.
    pub(crate) fn mark(&self, text: &str) -> Vec<(usize, usize)> {
        merged(&self.matches(text))
    }

    /// Up to `count` passages of `body`, best first; empty when no word of the
    /// query occurs in it (the match was in the title, say).
    pub(crate) fn passages(&self, body: &str, count: usize) -> Vec<Snippet> {
        let scanned = &body[..floor_boundary(body, SCAN_BYTES.min(body.len()))];
        let matches = self.matches(scanned);
        let mut shown = vec![false; self.weights.len()];
        let mut taken: Vec<Range<usize>> = Vec::new();
        let mut snippets = Vec::new();
        while snippets.len() < count {
            let Some(window) = self.best_window(&matches, &shown, &taken) else {
                break;
            };
            let inside: Vec<Match> = matches
                .iter()
                .filter(|m| m.start >= window.start && m.end <= window.end)
                .copied()
                .collect();
            for m in &inside {
                shown[m.key] = true;
            }
            let span = widen(body, window);
            taken.push(span.clone());
            snippets.push(cut(body, span, &merged(&inside)));
        }
        snippets
    }

    /// The run of matches that fits in one passage and scores best, not
    /// overlapping passages already `taken`.
    fn best_window(
        &self,
        matches: &[Match],
        shown: &[bool],
        taken: &[Range<usize>],
    ) -> Option<Range<usize>> {
        let free = |m: &Match| !taken.iter().any(|t| m.start < t.end && t.start < m.end);
        let mut best: Option<(f32, Range<usize>)> = None;
        let mut counts = vec![0usize; self.weights.len()];
        let (mut score, mut hits) = (0.0f32, 0usize);
        let mut end = 0;
        for start in 0..matches.len() {
            if end < start {
                end = start;
            }
            // Grow the run while it fits and stays clear of taken passages.
            while end < matches.len()
                && free(&matches[end])
                && matches[end].end <= matches[start].start + FRAGMENT_BYTES - SHORT_LEAD_BYTES
            {
                let key = matches[end].key;
                if counts[key] == 0 {
                    let weight = 1.0 + self.weights[key];
                    score += if shown[key] {
                        weight * SHOWN_AGAIN
                    } else {
                        weight
                    };
                }
                counts[key] += 1;
                hits += 1;
                end += 1;
            }
            if end > start {
                // Distinct words first; more repeats of them break ties.
                let total = score + 0.01 * hits as f32;
                if best.as_ref().is_none_or(|(b, _)| total > *b) {
                    best = Some((total, matches[start].start..matches[end - 1].end));
                }
                let key = matches[start].key;
                counts[key] -= 1;
                hits -= 1;
                if counts[key] == 0 {
                    let weight = 1.0 + self.weights[key];
                    score -= if shown[key] {
                        weight * SHOWN_AGAIN
                    } else {
                        weight
                    };
                }
            }
        }
        best.map(|(_, window)| window)
    }

    /// Every match in `text`, in order.
    fn matches(&self, text: &str) -> Vec<Match> {
        let mut found = Vec::new();
        if self.is_empty() {
            return found;
        }
        // Tokens of phrase words, by position, to check phrases afterwards.
        let mut placed: HashMap<usize, (usize, usize, String)> = HashMap::new();
        // A word at `position` among the text's words, at bytes `start..end`, read as `term`.
        let mut take = |position: usize, (start, end): (usize, usize), term: &str| {
            if let Some(&key) = self.words.get(term) {
                found.push(Match { start, end, key });
            }
            if self.phrase_words.contains(term) {
                placed.insert(position, (start, end, term.to_owned()));
            }
        };
        if self.analysis != Analysis::English {
            self.analysis
                .analyzer()
                .token_stream(text)
                .process(&mut |t| {
                    take(t.position, (t.offset_from, t.offset_to), &t.text);
                });
        } else {
            // Folding and stemming are most of the cost: only words that
            // start like a stem are folded and stemmed (both keep an ASCII
            // letter's lower case first, and stemming its second but for
            // "dying" and its like), each once.
            let mut stems: HashMap<&str, Option<String>> = HashMap::new();
            let mut stemmer = WordStemmer::new();
            let mut folder = folding_analyzer();
            for (position, (start, end)) in words(text).enumerate() {
                let word = &text[start..end];
                let Some(first) = word.chars().next() else {
                    continue;
                };
                if first.is_ascii() && !self.first_letters.contains(&first.to_ascii_lowercase()) {
                    continue;
                }
                if let Some(openings) = &self.openings {
                    if !openings.may_stem_to_one(word) {
                        continue;
                    }
                }
                // One look-up for a word seen before (most of a text's are).
                if let Some(stem) = stems.get(word) {
                    if let Some(stem) = stem {
                        take(position, (start, end), stem);
                    }
                    continue;
                }
                // The word alone folds as it did in its text.
                let mut folded = None;
                folder
                    .token_stream(word)
                    .process(&mut |t| folded = Some(t.text.clone()));
                let stem = folded
                    .filter(|f| {
                        f.chars()
                            .next()
                            .is_some_and(|c| self.first_letters.contains(&c))
                    })
                    .map(|f| stemmer.stem(&f));
                if let Some(stem) = &stem {
                    take(position, (start, end), stem);
                }
                stems.insert(word, stem);
            }
        }
        for (i, phrase) in self.phrases.iter().enumerate() {
            let key = self.words.len() + i;
            let Some((_, first)) = phrase.first() else {
                continue;
            };
            for (&at, (start, _, word)) in &placed {
                if word != first {
                    continue;
                }
                let ends: Option<Vec<usize>> = phrase
                    .iter()
                    .map(|(offset, w)| {
                        placed
                            .get(&(at + offset))
                            .filter(|(_, _, found)| found == w)
                            .map(|(_, end, _)| *end)
                    })
                    .collect();
                if let Some(end) = ends.and_then(|e| e.into_iter().max()) {
                    found.push(Match {
                        start: *start,
                        end,
                        key,
                    });
                }
            }
        }
        found.sort_by_key(|m| (m.start, m.end));
        found
    }
}

/// The words of `text` as tantivy's `SimpleTokenizer` finds them (runs of
/// alphanumeric characters), as byte ranges: without copying each into a
/// token, and ASCII a byte at a time.
fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    // Whether the character at byte `at` is alphanumeric, and its length.
    let char_at = move |at: usize| match bytes[at] {
        byte if byte.is_ascii() => (byte.is_ascii_alphanumeric(), 1),
        _ => text[at..]
            .chars()
            .next()
            .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8())),
    };
    let mut next = 0;
    std::iter::from_fn(move || {
        let start = loop {
            if next >= bytes.len() {
                return None;
            }
            let (alphanumeric, len) = char_at(next);
            if alphanumeric {
                break next;
            }
            next += len;
        };
        while next < bytes.len() {
            let (alphanumeric, len) = char_at(next);
            if !alphanumeric {
                break;
            }
            next += len;
        }
        Some((start, next))
    })
}

/// The ranges of `matches`, overlapping and touching ones joined.
fn merged(matches: &[Match]) -> Vec<(usize, usize)> {
    let mut ranges: Vec<(usize, usize)> = matches.iter().map(|m| (m.start, m.end)).collect();
    ranges.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}

/// The opening of `body`, for hits that matched elsewhere.
pub(crate) fn opening(body: &str) -> Snippet {
    let end = word_end_before(body, floor_boundary(body, SNIPPET_BYTES.min(body.len())));
    cut(body, 0..end, &[])
}

/// Puts some context before the first match (from a sentence start when one is
/// near) and fills the rest of the budget after it, cutting at word boundaries.
fn widen(body: &str, fragment: Range<usize>) -> Range<usize> {
    let lead_start = floor_boundary(body, fragment.start.saturating_sub(LEAD_BYTES));
    let lead = &body[lead_start..fragment.start];
    // Chinese and Japanese end sentences with their own full stops.
    let start = match lead.rfind(['.', '!', '?', '\n', '。', '！', '？']) {
        Some(i) => lead_start + i + lead[i..].chars().next().map_or(1, char::len_utf8),
        None if lead_start == 0 => 0,
        None => {
            let short_start = floor_boundary(body, fragment.start.saturating_sub(SHORT_LEAD_BYTES));
            let short = &body[short_start..fragment.start];
            short
                .find(char::is_whitespace)
                .map_or(fragment.start, |i| short_start + i + 1)
        }
    };
    let limit = floor_boundary(body, (start + FRAGMENT_BYTES).min(body.len()));
    let end = if limit >= body.len() {
        body.len()
    } else {
        word_end_before(body, limit).max(fragment.end)
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
    let body_highlights: Vec<(usize, usize)> = marked
        .iter()
        .filter(|(start, end)| *start >= window.start && *end <= window.end)
        .copied()
        .collect();
    let highlights = body_highlights
        .iter()
        .map(|(start, end)| (map[start - window.start], map[end - window.start]))
        .filter(|(s, e)| s < e)
        .collect();
    Snippet {
        text,
        highlights,
        body_range: (window.start, window.end),
        body_highlights,
    }
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

/// The first two letters of a set of English stems, all ASCII: an English
/// word stems to one of them only if it opens with the same two letters
/// (lower-cased), as stemming changes a word's end and keeps at least its
/// first two letters, or with "y" second where the stem has "i" ("dying",
/// "lying" and "tying" stem to "die", "lie" and "tie").
struct Openings(BTreeSet<[u8; 2]>);

impl Openings {
    /// None when a stem has fewer than two letters or a letter outside ASCII
    /// among its first two: every word may then stem to it.
    fn of<'a>(stems: impl Iterator<Item = &'a String>) -> Option<Openings> {
        stems
            .map(|stem| match stem.as_bytes() {
                [a, b, ..] if a.is_ascii() && b.is_ascii() => Some([*a, *b]),
                _ => None,
            })
            .collect::<Option<BTreeSet<_>>>()
            .map(Openings)
    }

    /// False only when `word` cannot stem to any of the stems. A word whose
    /// first two characters are not both ASCII is folded first, so it may.
    fn may_stem_to_one(&self, word: &str) -> bool {
        match word.as_bytes() {
            [a, b, ..] if a.is_ascii() && b.is_ascii() => {
                let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
                self.0.contains(&[a, b]) || (b == b'y' && self.0.contains(&[a, b'i']))
            }
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_the_simple_tokenizers() {
        use tantivy::tokenizer::{SimpleTokenizer, Tokenizer};
        let texts = [
            "",
            " ",
            "H100",
            "Nvidia's H100: 4,096 chips -- (sold out) at $30,000.",
            "  leading and trailing  ",
            "Café owners in Zürich, São Paulo and Łódź; naïve émigrés.",
            "北京 and 東京 地震, 서울: 지진",
            "Эрдоган сказал: «нет».",
            "e\u{301}cole with a combining accent, and ½ and ² and Ⅻ",
            "emoji 🙂 between words🙂and tabs\tand\nlines",
            "x",
            "a-b_c'd",
        ];
        for text in texts {
            let mut expected = Vec::new();
            SimpleTokenizer::default()
                .token_stream(text)
                .process(&mut |t| expected.push((t.offset_from, t.offset_to)));
            let found: Vec<(usize, usize)> = words(text).collect();
            assert_eq!(found, expected, "{text:?}");
        }
    }

    /// Every word of a list meant to catch the stemmer's changes near a
    /// word's start (short words, "-ing" and "-ed" cut back to two or three
    /// letters, "y" to "i", its list of exceptions, capitals) passes the
    /// filter of its own stem, and is refused by the filter of stems that
    /// open otherwise.
    #[test]
    fn openings_admit_every_word_whose_stem_they_hold() {
        let words = concat!(
            "dying lying tying Dying skis skies sky idly gently ugly early only ",
            "singly news howe atlas cosmos bias andes ties lies cries cry by my ",
            "eyed eying aed ated ating adding hoping hopped being seeing agreed ",
            "bled sing bring Yelling ayes oyster ssses generously Kids KIDS ",
            "successful stands standing lawyers argued government governess ",
            "Marrakech H100 2024s e.g iPhone",
        );
        let mut stemmer = WordStemmer::new();
        let mut folder = folding_analyzer();
        let other = Openings::of([String::from("qq")].iter()).unwrap();
        for word in words.split_whitespace() {
            let mut folded = String::new();
            folder
                .token_stream(word)
                .process(&mut |t| folded.clone_from(&t.text));
            let stem = stemmer.stem(&folded);
            if let Some(own) = Openings::of(std::slice::from_ref(&stem).iter()) {
                assert!(own.may_stem_to_one(word), "{word} -> {stem}");
            }
            assert!(
                !other.may_stem_to_one(word) || !word.is_ascii(),
                "{word} passes the filter of \"qq\""
            );
        }
    }

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
