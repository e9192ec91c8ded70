//! Typo tolerance: the indexed words close to a word the index barely knows.
//!
//! The index holds stems, so a typo in a suffix ("governmnet") leaves a stem
//! far from the right one ("govern"). Two searches cover both cases: every
//! one-edit variant of the typed word is stemmed and looked up, and for long
//! words a Levenshtein automaton over the stem finds the stems two edits away
//! (a swap of two letters counting as one). Like Lucene's fuzzy prefix, the
//! automaton only walks the words that start with the stem's first letter: a
//! two-typo word that also gets its first letter wrong is not looked for.
//! Words of the other stemmed languages are mended the same way, with the
//! letters of their alphabet and their own stemmer; words of languages
//! without a stemmer by the automaton alone (one edit anywhere, two from
//! the first letter on).

use std::sync::Arc;

use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy::{InvertedIndexReader, Searcher, Term};

use crate::hash::FastMap;
use crate::limits::MAX_FUZZY_NEIGHBOURS;
use crate::store::analysis::{folding_analyzer, WordAnalyser, WordStemmer};

/// The close words found, each with its distance: hundreds of variants of
/// the typed word, hashed the cheap way.
type Found = FastMap<String, u8>;

/// Words the index holds at most this often are treated as possible typos.
pub(crate) const FEW_MATCHES: u64 = 3;
/// A rare word keeps a neighbour only if the neighbour is this much more common:
/// "goverment" found once is a typo of "government", "brexiter" is not of "brexit".
const MORE_COMMON: u64 = 10;
/// Letters tried for insertions and substitutions (text is folded to ASCII).
const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
/// Digits, tried only at the end of a word ("indyref" for "indyref2") and in
/// place of a digit ("covid18" for "covid19"): names of referendums, models
/// and years end in digits, and digits anywhere would add 40% more look-ups.
const DIGITS: &[u8] = b"0123456789";

/// An indexed word close to the one typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Neighbour {
    /// The indexed (stemmed) word.
    pub stem: String,
    /// Edits between the typed word and it, a swap counting as one.
    pub distance: u8,
    /// Documents holding it, over the fields searched.
    pub doc_freq: u64,
    /// The field it was found in (the body field of its analysis).
    pub field: Field,
}

/// Edits allowed for a word of this many letters: 1 from 5 letters, 2 from 9.
pub(crate) fn max_distance(typed: &str) -> u8 {
    match typed.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// How many documents hold `stem` in any of `fields`.
pub(crate) fn doc_freq(searcher: &Searcher, fields: &[Field], stem: &str) -> u64 {
    Dictionaries::open(searcher, fields).doc_freq(stem)
}

/// The term dictionaries of some fields in every segment, opened once for
/// many look-ups. tantivy opens a field that a segment does not hold anew at
/// each look-up (an empty dictionary built every time), so the hundreds of
/// candidate words of a typo, looked up in a language a few articles bring,
/// cost more than the search itself (BENCHMARKS.md, "Issue 17's queries").
struct Dictionaries {
    /// The first field asked for.
    field: Option<Field>,
    /// Each field's dictionary in each segment that holds any of its words.
    opened: Vec<(Field, Arc<InvertedIndexReader>)>,
}

impl Dictionaries {
    fn open(searcher: &Searcher, fields: &[Field]) -> Self {
        let mut opened = Vec::new();
        for &field in fields {
            for segment in searcher.segment_readers() {
                if let Ok(inverted) = segment.inverted_index(field) {
                    if inverted.terms().num_terms() > 0 {
                        opened.push((field, inverted));
                    }
                }
            }
        }
        Dictionaries {
            field: fields.first().copied(),
            opened,
        }
    }

    /// Documents holding `stem`, summed over the fields.
    fn doc_freq(&self, stem: &str) -> u64 {
        self.opened
            .iter()
            .map(|(field, inverted)| {
                inverted
                    .doc_freq(&Term::from_field_text(*field, stem))
                    .map_or(0, u64::from)
            })
            .sum()
    }
}

/// The indexed words within `distance` edits of `typed` (lower-cased, as the
/// user wrote it) whose stem is `stem`, closest first, then most frequent.
/// `freqs` are the articles holding `stem` and those holding the typed word
/// in another language: when `stem` itself is indexed only much more common
/// words are kept, and none that fewer articles hold than the second.
pub(crate) fn neighbours(
    searcher: &Searcher,
    fields: &[Field],
    typed: &str,
    stem: &str,
    distance: u8,
    freqs: (u64, u64),
) -> Vec<Neighbour> {
    let mut found = Found::default();
    if distance == 0 {
        return Vec::new();
    }
    // Stems of the one-edit variants of the typed word (folded already, so
    // stemming is all the analyser would still do).
    let mut stemmer = WordStemmer::new();
    let folded = folded(typed);
    for variant in one_edit_variants(&folded, ALPHABET) {
        let variant_stem = stemmer.stem(&variant);
        if variant_stem != stem {
            found.entry(variant_stem).or_insert(1);
        }
    }
    // Stems two edits away, by automaton over the dictionary's words that
    // share the first letter (one edit away, the variants found them all).
    // A word the index holds is rarely two typos from another: the costly
    // automaton is only walked for unknown words.
    for field in fields.iter().filter(|_| distance >= 2 && freqs.0 == 0) {
        add_within(
            searcher,
            *field,
            stem,
            distance,
            stem.chars().next(),
            &mut found,
        );
    }
    ranked(
        &Dictionaries::open(searcher, fields),
        found,
        distance,
        freqs,
    )
}

/// [`neighbours`] in the field of another language's analysis: with
/// `variants` (the letters of a stemmed language and its analyser), the
/// one-edit variants of `typed` as that analysis reads them, so that a typo
/// anywhere in the word, its first letter or the suffix its stemmer would
/// cut, finds the right stem; then, for an unknown word, the stems two edits
/// away that start with its stem's letter. Without them (a language without
/// a stemmer) the stems one edit away are walked instead, which are then
/// its words one edit away.
pub(crate) fn neighbours_in(
    searcher: &Searcher,
    field: Field,
    variants: Option<(&[char], &mut WordAnalyser)>,
    typed: &str,
    stem: &str,
    distance: u8,
    freqs: (u64, u64),
) -> Vec<Neighbour> {
    let mut found = Found::default();
    let Some(first) = stem.chars().next().filter(|_| distance > 0) else {
        return Vec::new();
    };
    match variants {
        Some((alphabet, analyser)) => {
            for variant in one_edit_variants(typed, alphabet) {
                if let Some(word) = analyser.term(&variant) {
                    if word != stem {
                        found.entry(word).or_insert(1);
                    }
                }
            }
        }
        None => add_within(searcher, field, stem, 1, None, &mut found),
    }
    if distance >= 2 && freqs.0 == 0 {
        add_within(searcher, field, stem, distance, Some(first), &mut found);
    }
    ranked(
        &Dictionaries::open(searcher, &[field]),
        found,
        distance,
        freqs,
    )
}

/// The words `found` within `distance` that `dictionaries` hold (the first
/// field's, as the neighbours' field), closest first,
/// then most frequent; when the typed word's own stem is indexed
/// (`own_freq` > 0), only much more common ones; and none that fewer
/// articles hold than hold the typed word in another language (`elsewhere`).
fn ranked(
    dictionaries: &Dictionaries,
    found: Found,
    distance: u8,
    (own_freq, elsewhere): (u64, u64),
) -> Vec<Neighbour> {
    let Some(field) = dictionaries.field else {
        return Vec::new();
    };
    let mut neighbours: Vec<Neighbour> = found
        .into_iter()
        .filter(|(_, d)| *d <= distance)
        .map(|(stem, distance)| Neighbour {
            doc_freq: dictionaries.doc_freq(&stem),
            stem,
            distance,
            field,
        })
        .filter(|n| {
            n.doc_freq > 0
                && n.doc_freq >= elsewhere
                && (own_freq == 0 || n.doc_freq >= own_freq * MORE_COMMON)
        })
        .collect();
    closest_first(&mut neighbours);
    neighbours.truncate(MAX_FUZZY_NEIGHBOURS);
    neighbours
}

/// Adds to `found` the words of `field` within `distance` edits of `stem`
/// (those that start with `first` only, when given), each with its distance.
fn add_within(
    searcher: &Searcher,
    field: Field,
    stem: &str,
    distance: u8,
    first: Option<char>,
    found: &mut Found,
) {
    let query = FuzzyTermQuery::new(Term::from_field_text(field, stem), distance, true);
    let Ok(automaton) = query.automaton() else {
        return;
    };
    let start = first.map(|c| c.to_string());
    let end = first.and_then(|c| char::from_u32(u32::from(c) + 1).map(|n| n.to_string()));
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else {
            continue;
        };
        let mut range = inverted.terms().search(&automaton);
        if let Some(start) = &start {
            range = range.ge(start.as_bytes());
        }
        if let Some(end) = &end {
            range = range.lt(end.as_bytes());
        }
        let Ok(mut stream) = range.into_stream() else {
            continue;
        };
        while stream.advance() {
            let Ok(word) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            if word != stem && !found.contains_key(word) {
                let d = strsim::osa_distance(stem, word).min(usize::from(u8::MAX)) as u8;
                found.insert(word.to_owned(), d);
            }
        }
    }
}

/// Orders close words closest first, then most frequent, then by stem.
pub(crate) fn closest_first(neighbours: &mut [Neighbour]) {
    neighbours.sort_by(|a, b| {
        a.distance
            .cmp(&b.distance)
            .then(b.doc_freq.cmp(&a.doc_freq))
            .then_with(|| a.stem.cmp(&b.stem))
    });
}

/// `typed` as the analyser folds it before stemming: one lower-case ASCII
/// word, or as it was when it is not one word.
fn folded(typed: &str) -> String {
    let mut words = Vec::new();
    folding_analyzer()
        .token_stream(typed)
        .process(&mut |t| words.push(t.text.clone()));
    match words.as_slice() {
        [word] => word.clone(),
        _ => typed.to_owned(),
    }
}

/// Every string one deletion, swap of neighbours, substitution or insertion
/// of a letter of `alphabet` away from `word` (Norvig's edits1), without
/// `word` itself; and with a digit added at its end or put in place of one
/// of its digits.
fn one_edit_variants<L: Letter>(word: &str, alphabet: &[L]) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    // Where each character starts, and the end: a variant is a slice of
    // `word`, the letters edited, and the slice after them.
    let at: Vec<usize> = word
        .char_indices()
        .map(|(i, _)| i)
        .chain([word.len()])
        .collect();
    let n = chars.len();
    let mut out = Vec::with_capacity(n * 54 + 26);
    let splice = |before: usize, letters: &[char], after: usize| {
        let mut variant = String::with_capacity(word.len() + 8);
        variant.push_str(&word[..at[before]]);
        variant.extend(letters);
        variant.push_str(&word[at[after]..]);
        variant
    };
    for i in 0..n {
        out.push(splice(i, &[], i + 1));
        if i + 1 < n && chars[i] != chars[i + 1] {
            out.push(splice(i, &[chars[i + 1], chars[i]], i + 2));
        }
        let mut replace = |letter: char| {
            if letter != chars[i] {
                out.push(splice(i, &[letter], i + 1));
            }
        };
        if chars[i].is_ascii_digit() {
            DIGITS.iter().for_each(|d| replace(char::from(*d)));
        } else {
            alphabet.iter().for_each(|l| replace(l.letter()));
        }
    }
    for i in 0..=n {
        for letter in alphabet {
            out.push(splice(i, &[letter.letter()], i));
        }
    }
    for &digit in DIGITS {
        out.push(splice(n, &[char::from(digit)], n));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// A letter of an alphabet: ASCII bytes for English, characters for others.
trait Letter: Copy {
    fn letter(self) -> char;
}

impl Letter for u8 {
    fn letter(self) -> char {
        char::from(self)
    }
}

impl Letter for char {
    fn letter(self) -> char {
        self
    }
}

/// The letters a typo in a word of the language `code` (ISO 639-1) is
/// mended with: its alphabet, lower-case, with its accented letters (the
/// stemmers read them: `benötise` is mended to `benötige`, whose stem is
/// not `benötise`'s). `None` for a language without a stemmer.
pub(crate) fn alphabet(code: &str) -> Option<Vec<char>> {
    let latin = |extra: &str| ('a'..='z').chain(extra.chars()).collect();
    let range = |from: char, to: char, extra: &str| (from..=to).chain(extra.chars()).collect();
    Some(match code {
        "da" | "no" => latin("æøåé"),
        "de" => latin("äöüß"),
        "es" => latin("áéíñóúü"),
        "fi" => latin("äö"),
        "fr" => latin("àâæçéèêëîïôœùûüÿ"),
        "hu" => latin("áéíóöőúüű"),
        "it" => latin("àèéìíîòóùú"),
        "nl" => latin("éëïóöü"),
        "pt" => latin("áâãàçéêíóôõú"),
        "ro" => latin("ăâîșşțţ"),
        "sv" => latin("åäöé"),
        "tr" => latin("çğıöşü"),
        "ru" => range('а', 'я', "ё"),
        "el" => range('α', 'ω', "άέήίόύώϊϋΐΰ"),
        "ar" => range('\u{0621}', '\u{064A}', ""),
        "ta" => range('\u{0B82}', '\u{0BCD}', ""),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_grows_with_word_length() {
        assert_eq!(max_distance("chip"), 0);
        assert_eq!(max_distance("chips"), 1);
        assert_eq!(max_distance("goverment"), 2);
        assert_eq!(max_distance("zürich"), 1);
    }

    #[test]
    fn variants_are_one_edit_away() {
        let variants = one_edit_variants("abc", ALPHABET);
        for v in ["bc", "ac", "ab", "bac", "acb", "xbc", "abcd", "zabc"] {
            assert!(variants.contains(&v.to_owned()), "{v}");
        }
        assert!(!variants.contains(&"abc".to_owned()));
        assert!(variants.iter().all(|v| strsim::osa_distance(v, "abc") == 1));
    }

    #[test]
    fn variants_are_every_single_edit_once() {
        // The edits spelled out on characters, one string built per edit.
        fn spelled_out(word: &str, alphabet: &[char]) -> Vec<String> {
            let c: Vec<char> = word.chars().collect();
            let join = |parts: &[&[char]]| parts.concat().into_iter().collect::<String>();
            let digits: Vec<char> = DIGITS.iter().map(|&d| char::from(d)).collect();
            let mut out = Vec::new();
            for i in 0..c.len() {
                out.push(join(&[&c[..i], &c[i + 1..]]));
                if i + 1 < c.len() && c[i] != c[i + 1] {
                    out.push(join(&[&c[..i], &[c[i + 1], c[i]], &c[i + 2..]]));
                }
                let letters = if c[i].is_ascii_digit() {
                    &digits[..]
                } else {
                    alphabet
                };
                for &l in letters.iter().filter(|&&l| l != c[i]) {
                    out.push(join(&[&c[..i], &[l], &c[i + 1..]]));
                }
            }
            for i in 0..=c.len() {
                for &l in alphabet {
                    out.push(join(&[&c[..i], &[l], &c[i..]]));
                }
            }
            out.extend(digits.iter().map(|&d| join(&[&c, &[d]])));
            out.sort_unstable();
            out.dedup();
            out
        }
        let latin: Vec<char> = ALPHABET.iter().map(|&b| char::from(b)).collect();
        let (german, russian) = (alphabet("de").unwrap(), alphabet("ru").unwrap());
        for (word, letters) in [
            ("abc", &latin),
            ("aab", &latin),
            ("covid18", &latin),
            ("x", &latin),
            ("", &latin),
            ("benötise", &german),
            ("перговоры", &russian),
        ] {
            assert_eq!(
                one_edit_variants(word, letters),
                spelled_out(word, letters),
                "{word}"
            );
        }
        assert_eq!(
            one_edit_variants("abc", ALPHABET),
            spelled_out("abc", &latin)
        );
    }

    #[test]
    fn other_languages_are_mended_with_their_own_letters() {
        let german = alphabet("de").unwrap();
        assert!(one_edit_variants("benötise", &german).contains(&"benötige".to_owned()));
        assert!(one_edit_variants("mller", &german).contains(&"müller".to_owned()));
        let russian = alphabet("ru").unwrap();
        assert!(one_edit_variants("перговоры", &russian).contains(&"переговоры".to_owned()));
        assert!(!one_edit_variants("перговоры", &russian).contains(&"перговорыa".to_owned()));
        assert_eq!(alphabet("pl"), None);
    }

    #[test]
    fn digits_are_tried_at_the_end_and_in_place_of_digits() {
        let variants = one_edit_variants("indyref", ALPHABET);
        assert!(variants.contains(&"indyref2".to_owned()));
        assert!(!variants.contains(&"ind2yref".to_owned()));
        assert!(one_edit_variants("covid18", ALPHABET).contains(&"covid19".to_owned()));
    }
}
