//! The real text the generator resamples: headlines and sentences read from a
//! folder of news articles with the library's own extractor, and the query
//! words the benchmarks ask for, picked from that text.

use std::collections::HashMap;
use std::path::Path;

use news_search::extract::extract_file;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use walkdir::WalkDir;

/// Short words that carry no topic; they are never swapped nor asked for.
#[rustfmt::skip]
const STOP_WORDS: &[&str] = &[
    "about", "after", "also", "been", "before", "being", "between", "both", "could",
    "does", "during", "each", "even", "first", "from", "have", "having", "here", "into",
    "just", "last", "like", "made", "make", "many", "more", "most", "much", "must",
    "never", "only", "other", "over", "said", "same", "says", "should", "since", "some",
    "such", "than", "that", "their", "them", "then", "there", "these", "they", "this",
    "those", "through", "time", "under", "until", "very", "were", "what", "when",
    "where", "which", "while", "will", "with", "would", "year", "years", "your",
];

/// Content words are ASCII words at least this long that are not stop words.
const MIN_CONTENT_LEN: usize = 4;
/// The rare query word is at least this long.
const MIN_RARE_LEN: usize = 8;
/// The word every news corpus has; the "common word".
const COMMON_WORD: &str = "government";
/// Mid-frequency words, by rank among content words, for the multi-word queries.
const MID_RANKS: std::ops::Range<usize> = 200..2000;
/// The query picks use their own stream, so they never shift the articles.
const QUERY_STREAM: u64 = u64::MAX;

/// A headline or sentence of real text, with the places of its content words.
pub struct Sentence {
    /// The text, as the source has it.
    pub text: String,
    /// Byte ranges of the content words, the ones the generator may swap.
    pub content: Vec<(usize, usize)>,
    /// How many words it has.
    pub words: usize,
}

impl Sentence {
    fn new(text: &str) -> Sentence {
        let text = text.trim().to_owned();
        let spans = word_spans(&text);
        let content = spans
            .iter()
            .copied()
            .filter(|&(start, end)| is_content_word(&text[start..end]))
            .collect();
        Sentence {
            words: text.split_whitespace().count(),
            content,
            text,
        }
    }
}

/// Everything read from the source folder.
pub struct Material {
    /// Real headlines.
    pub titles: Vec<Sentence>,
    /// Real body sentences, in the order the articles have them.
    pub sentences: Vec<Sentence>,
    /// Files the extractor could not read.
    pub failed: usize,
    /// How often each lower-case word occurs in the sentences.
    counts: HashMap<String, usize>,
}

/// The query of each kind the benchmarks run, as words: peers quote the phrase
/// their own way.
#[derive(Debug, Serialize)]
pub struct Queries {
    /// The word of the first article that the source holds fewest times.
    pub rare: String,
    /// "government", or the source's most frequent content word.
    pub common: String,
    /// Two mid-frequency words from one sentence.
    pub two_words: String,
    /// Two adjacent mid-frequency words, to be asked for as a phrase.
    pub phrase: String,
    /// Three mid-frequency words from one sentence.
    pub three_words: String,
    /// The common word with two letters swapped.
    pub typo: String,
}

impl Material {
    /// Reads every article under `folder` (files in name order, hidden ones
    /// skipped, as `search index` does).
    pub fn from_folder(folder: &Path) -> std::io::Result<Material> {
        let mut material = Material {
            titles: Vec::new(),
            sentences: Vec::new(),
            failed: 0,
            counts: HashMap::new(),
        };
        let walk = WalkDir::new(folder)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walk {
            let entry = entry?;
            if !entry.file_type().is_file() {
                continue;
            }
            let bytes = std::fs::read(entry.path())?;
            match extract_file(entry.path(), &bytes) {
                Ok(extracted) => {
                    for (_, article) in extracted.articles {
                        material.add(&article.title, &article.body);
                    }
                }
                Err(_) => material.failed += 1,
            }
        }
        Ok(material)
    }

    fn add(&mut self, title: &str, body: &str) {
        if !title.trim().is_empty() {
            self.titles.push(Sentence::new(title));
        }
        for paragraph in body.split('\n').filter(|p| !p.trim().is_empty()) {
            for sentence in split_sentences(paragraph) {
                for (start, end) in word_spans(sentence) {
                    *self
                        .counts
                        .entry(sentence[start..end].to_ascii_lowercase())
                        .or_default() += 1;
                }
                self.sentences.push(Sentence::new(sentence));
            }
        }
    }

    /// Distinct lower-case words in the sentences.
    pub fn vocabulary(&self) -> usize {
        self.counts.len()
    }

    /// Picks one query of each kind, the same for the same material, seed and
    /// sample. `sample` is the text of an article every corpus holds (the
    /// first): the rare word and, where they can, the multi-word queries come
    /// from it, so that they match at any size.
    pub fn queries(&self, seed: u64, sample: &str) -> Queries {
        let mut ranked: Vec<(&str, usize)> = self
            .counts
            .iter()
            .filter(|(word, _)| is_content_word(word))
            .map(|(word, &count)| (word.as_str(), count))
            .collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        // A small source (the bundled article) has no rank 200: scale the band down.
        let n = ranked.len();
        let band = MID_RANKS.start.min(n / 10)..MID_RANKS.end.min(n / 2).max(1);
        let mid: Vec<&str> = ranked
            .get(band)
            .unwrap_or(&ranked[..])
            .iter()
            .map(|w| w.0)
            .collect();
        let is_mid = |word: &str| mid.contains(&word.to_ascii_lowercase().as_str());

        let sample: Vec<Sentence> = sample
            .split('\n')
            .flat_map(split_sentences)
            .map(Sentence::new)
            .collect();
        // The real word of the sample that the source holds fewest times.
        let rare = sample
            .iter()
            .flat_map(|s| {
                s.content
                    .iter()
                    .map(|&(a, b)| s.text[a..b].to_ascii_lowercase())
            })
            .filter(|word| word.len() >= MIN_RARE_LEN)
            .filter_map(|word| Some((*self.counts.get(&word)?, word)))
            .min()
            .map(|(_, word)| word);
        let common = match self.counts.contains_key(COMMON_WORD) {
            true => Some(COMMON_WORD),
            false => ranked.first().map(|w| w.0),
        };
        let common = common.unwrap_or(COMMON_WORD).to_owned();
        // Each kind looks from its own place: in the sample, then in the source.
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(QUERY_STREAM);
        let mut from = |third: usize| {
            let start = rng.random_range(0..self.sentences.len().max(1));
            rotated(&sample, third * sample.len() / 3).chain(rotated(&self.sentences, start))
        };
        Queries {
            rare: rare.unwrap_or_else(|| common.clone()),
            two_words: words_from_one_sentence(from(0), 2, &is_mid),
            phrase: adjacent_pair(from(1), &is_mid),
            three_words: words_from_one_sentence(from(2), 3, &is_mid),
            typo: with_typo(&common),
            common,
        }
    }
}

/// The sentences from `start` on, then those before it.
fn rotated(sentences: &[Sentence], start: usize) -> impl Iterator<Item = &Sentence> + Clone {
    let (head, tail) = sentences.split_at(start.min(sentences.len()));
    tail.iter().chain(head)
}

/// `count` distinct mid-frequency words of the first sentence that has them,
/// lower-cased; any content words when no sentence has enough.
fn words_from_one_sentence<'a>(
    sentences: impl Iterator<Item = &'a Sentence> + Clone,
    count: usize,
    is_mid: &dyn Fn(&str) -> bool,
) -> String {
    let distinct = |sentence: &Sentence, keep: &dyn Fn(&str) -> bool| {
        let mut words: Vec<String> = Vec::new();
        for &(s, e) in &sentence.content {
            let word = sentence.text[s..e].to_ascii_lowercase();
            if keep(&word) && !words.contains(&word) {
                words.push(word);
            }
        }
        words
    };
    let found = sentences
        .clone()
        .map(|s| distinct(s, is_mid))
        .chain(sentences.map(|s| distinct(s, &|_| true)))
        .find(|words| words.len() >= count)
        .unwrap_or_default();
    found.into_iter().take(count).collect::<Vec<_>>().join(" ")
}

/// Two content words next to each other (one space apart), mid-frequency both
/// when a sentence has such a pair.
fn adjacent_pair<'a>(
    sentences: impl Iterator<Item = &'a Sentence> + Clone,
    is_mid: &dyn Fn(&str) -> bool,
) -> String {
    let pair = |sentence: &Sentence, keep: &dyn Fn(&str) -> bool| {
        sentence.content.windows(2).find_map(|w| {
            let (a, b) = (
                &sentence.text[w[0].0..w[0].1],
                &sentence.text[w[1].0..w[1].1],
            );
            let adjacent = w[1].0 == w[0].1 + 1 && sentence.text.as_bytes()[w[0].1] == b' ';
            (adjacent && keep(a) && keep(b)).then(|| format!("{a} {b}").to_ascii_lowercase())
        })
    };
    sentences
        .clone()
        .find_map(|s| pair(s, is_mid))
        .or_else(|| sentences.into_iter().find_map(|s| pair(s, &|_| true)))
        .unwrap_or_default()
}

/// The word with the two letters in its middle swapped: "government" -> "govermnent".
fn with_typo(word: &str) -> String {
    let mut letters: Vec<char> = word.chars().collect();
    let middle = letters.len() / 2;
    if middle >= 1 && middle < letters.len() {
        letters.swap(middle - 1, middle);
    }
    letters.into_iter().collect()
}

/// Byte ranges of the runs of ASCII letters in `text`.
pub fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, byte) in text.bytes().enumerate() {
        match (byte.is_ascii_alphabetic(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

fn is_content_word(word: &str) -> bool {
    word.len() >= MIN_CONTENT_LEN
        && word.bytes().all(|b| b.is_ascii_alphabetic())
        && !STOP_WORDS.contains(&word.to_ascii_lowercase().as_str())
}

/// Cuts a paragraph after each '.', '!' or '?' that a space and a capital
/// letter (or an opening quote) follow. Abbreviations cut too; that is harmless
/// for text that is only resampled.
fn split_sentences(paragraph: &str) -> Vec<&str> {
    let bytes = paragraph.as_bytes();
    let mut sentences = Vec::new();
    let mut start = 0;
    for i in 1..bytes.len().saturating_sub(1) {
        let ends = matches!(bytes[i - 1], b'.' | b'!' | b'?') && bytes[i] == b' ';
        if ends && (bytes[i + 1].is_ascii_uppercase() || bytes[i + 1] == b'"') {
            sentences.push(paragraph[start..i].trim());
            start = i + 1;
        }
    }
    sentences.push(paragraph[start..].trim());
    sentences.retain(|s| !s.is_empty());
    sentences
}
