//! Fingerprints of an article's text: an exact one, to index a story saved
//! twice only once, and a SimHash, so near-identical copies (a wire story with
//! small edits) can be recognised by a few differing bits.

use crate::article::Article;

/// Words per shingle: enough that shared common phrases do not make
/// unrelated articles look alike.
const SHINGLE_WORDS: usize = 3;

/// An article's two fingerprints, computed in one pass over its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fingerprint {
    /// Equal for the same story saved twice, whatever its case or spacing.
    pub content: u64,
    /// 64-bit SimHash over word shingles: similar texts differ in few bits.
    pub simhash: u64,
}

/// Both fingerprints of the title and body, with case and spacing ignored.
///
/// The content hash is taken over the text's words, lower-cased, each followed
/// by a space, with a separator between title and body; the SimHash over
/// shingles of those words. A word is a run of alphanumeric characters.
pub(crate) fn fingerprint(article: &Article) -> Fingerprint {
    let mut words = Words::default();
    words.add(&article.title);
    // A separator no word contains keeps "a b" + "c" apart from "a" + "b c".
    words.text.push(1);
    words.add(&article.body);
    let mut simhash = SimHash::default();
    for (start, end) in words.spans {
        simhash.add_word(xxhash_rust::xxh3::xxh3_64(&words.text[start..end]));
    }
    Fingerprint {
        content: xxhash_rust::xxh3::xxh3_64(&words.text),
        simhash: simhash.finish(),
    }
}

/// The words of a text, lower-cased, each followed by a space, in one buffer.
#[derive(Default)]
struct Words {
    text: Vec<u8>,
    /// Where each word starts and ends in `text`.
    spans: Vec<(usize, usize)>,
}

/// For each ASCII byte, itself lower-cased when it is a letter or digit, else
/// 0 (it ends a word); for the bytes of other characters, [`NOT_ASCII`].
static ASCII_WORD: [u8; 256] = {
    let mut table = [NOT_ASCII; 256];
    let mut byte = 0;
    while byte < 128 {
        let b = byte as u8;
        table[byte] = if b.is_ascii_alphanumeric() {
            b.to_ascii_lowercase()
        } else {
            0
        };
        byte += 1;
    }
    table
};

/// [`ASCII_WORD`]'s mark for a byte that is not ASCII.
const NOT_ASCII: u8 = 0xff;

impl Words {
    fn add(&mut self, text: &str) {
        self.text.reserve(text.len() + 1);
        let bytes = text.as_bytes();
        let mut start = None;
        let mut i = 0;
        let is_letter = |byte: &u8| !matches!(ASCII_WORD[usize::from(*byte)], 0 | NOT_ASCII);
        while i < bytes.len() {
            // ASCII, nearly every byte of news, by table, without decoding
            // characters.
            match ASCII_WORD[usize::from(bytes[i])] {
                NOT_ASCII => {}
                0 => {
                    i += 1;
                    if let Some(from) = start.take() {
                        self.end_word(from);
                    }
                    continue;
                }
                _ => {
                    // A run of ASCII letters and digits, copied at once.
                    let run = 1 + bytes[i + 1..].iter().take_while(|b| is_letter(b)).count();
                    start.get_or_insert(self.text.len());
                    let lower = bytes[i..i + run]
                        .iter()
                        .map(|b| ASCII_WORD[usize::from(*b)]);
                    self.text.extend(lower);
                    i += run;
                    continue;
                }
            }
            let c = text[i..].chars().next().unwrap_or_default();
            i += c.len_utf8();
            if !c.is_alphanumeric() {
                if let Some(from) = start.take() {
                    self.end_word(from);
                }
                continue;
            }
            start.get_or_insert(self.text.len());
            let mut buffer = [0; 4];
            for lower in c.to_lowercase() {
                self.text
                    .extend_from_slice(lower.encode_utf8(&mut buffer).as_bytes());
            }
        }
        if let Some(from) = start {
            self.end_word(from);
        }
    }

    fn end_word(&mut self, start: usize) {
        self.spans.push((start, self.text.len()));
        self.text.push(b' ');
    }
}

/// For each byte value, +1 for each of its bits set and -1 for the others,
/// lowest bit first.
static BIT_WEIGHTS: [[i32; 8]; 256] = {
    let mut table = [[0; 8]; 256];
    let mut byte = 0;
    while byte < 256 {
        let mut bit = 0;
        while bit < 8 {
            table[byte][bit] = if (byte >> bit) & 1 == 1 { 1 } else { -1 };
            bit += 1;
        }
        byte += 1;
    }
    table
};

/// SimHash accumulator over a sliding window of word hashes.
struct SimHash {
    window: [u64; SHINGLE_WORDS],
    seen: usize,
    weights: [i32; 64],
}

impl Default for SimHash {
    fn default() -> Self {
        SimHash {
            window: [0; SHINGLE_WORDS],
            seen: 0,
            weights: [0; 64],
        }
    }
}

impl SimHash {
    fn add_word(&mut self, hash: u64) {
        self.window.rotate_left(1);
        self.window[SHINGLE_WORDS - 1] = hash;
        self.seen += 1;
        if self.seen >= SHINGLE_WORDS {
            self.add(shingle(&self.window));
        }
    }

    /// Adds 1 to the weight of every bit set in `hash`, and -1 to the others,
    /// a byte at a time (eight bits' weights from one table row).
    fn add(&mut self, hash: u64) {
        for (weights, byte) in self.weights.chunks_exact_mut(8).zip(hash.to_le_bytes()) {
            for (weight, delta) in weights.iter_mut().zip(&BIT_WEIGHTS[usize::from(byte)]) {
                *weight += delta;
            }
        }
    }

    fn finish(mut self) -> u64 {
        // Texts shorter than a shingle still get a fingerprint of their words.
        if self.seen < SHINGLE_WORDS {
            let words = self.window;
            words[SHINGLE_WORDS - self.seen..]
                .iter()
                .for_each(|w| self.add(*w));
        }
        self.weights
            .iter()
            .enumerate()
            .fold(0, |acc, (bit, &w)| if w > 0 { acc | 1 << bit } else { acc })
    }
}

/// One hash for a shingle's word hashes, order-sensitive, well mixed.
fn shingle(words: &[u64; SHINGLE_WORDS]) -> u64 {
    let mut h = 0x9E37_79B9_7F4A_7C15_u64;
    for &w in words {
        h = (h ^ w).wrapping_mul(0xBF58_476D_1CE4_E5B9).rotate_left(31);
    }
    h ^ (h >> 29)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bits in which two SimHashes differ.
    fn distance(a: u64, b: u64) -> u32 {
        (a ^ b).count_ones()
    }

    fn article(title: &str, body: &str) -> Article {
        Article {
            title: title.to_owned(),
            body: body.to_owned(),
            ..Article::default()
        }
    }

    const STORY: &str = "The central bank raised interest rates by a quarter point on Tuesday, \
        citing persistent inflation in services and a tight labour market. Markets had expected \
        the move, and the currency barely changed. Officials signalled that further increases \
        were possible if price pressures did not ease over the coming months, while two members \
        of the committee voted to hold rates steady, warning of slowing growth.";

    /// The first way of computing both fingerprints, kept to check that the
    /// faster one gives exactly the same (fingerprints are stored in indexes).
    fn reference(article: &Article) -> Fingerprint {
        let mut content = xxhash_rust::xxh3::Xxh3::new();
        let mut simhash = SimHash::default();
        let mut word = String::new();
        for (i, text) in [article.title.as_str(), "\u{1}", article.body.as_str()]
            .into_iter()
            .enumerate()
        {
            if i == 1 {
                content.update(text.as_bytes());
                continue;
            }
            for raw in text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
            {
                word.clear();
                word.extend(raw.chars().flat_map(char::to_lowercase));
                content.update(word.as_bytes());
                content.update(b" ");
                simhash.add_word(xxhash_rust::xxh3::xxh3_64(word.as_bytes()));
            }
        }
        Fingerprint {
            content: content.digest(),
            simhash: simhash.finish(),
        }
    }

    #[test]
    fn a_hash_adds_one_for_each_bit_set_and_takes_one_for_each_clear() {
        let mut simhash = SimHash::default();
        let mut expected = [0; 64];
        let mut hash = 0x0123_4567_89AB_CDEF_u64;
        for _ in 0..100 {
            simhash.add(hash);
            for (bit, weight) in expected.iter_mut().enumerate() {
                *weight += if (hash >> bit) & 1 == 1 { 1 } else { -1 };
            }
            hash = shingle(&[hash, 1, 2]);
        }
        assert_eq!(simhash.weights, expected);
        assert!(expected.iter().any(|&w| w != 0 && w != 100 && w != -100));
    }

    #[test]
    fn fingerprints_are_those_of_the_reference() {
        let texts = [
            "",
            " ",
            "one",
            "two words",
            STORY,
            "  Leading, trailing  ",
            "Ünïcödé İstanbul ΣΟΦΊΑ straße ǅemal 2023-11-05 H100 東京 ١٢٣ x\u{301}y ½",
            "tab\tnew\nline\r\nand\u{a0}nbsp\u{2028}sep",
            "ends with a letter é",
            "\u{1}inside\u{1}",
        ];
        for title in texts {
            for body in texts {
                let a = article(title, body);
                assert_eq!(fingerprint(&a), reference(&a), "{title:?} / {body:?}");
            }
        }
    }

    #[test]
    fn every_ascii_character_splits_or_joins_words_as_the_reference_has_it() {
        let every: String = (0u8..128)
            .map(char::from)
            .flat_map(|c| [c, 'a', c, 'Z', 'é', c])
            .collect();
        let a = article(&every, &every.to_uppercase());
        assert_eq!(fingerprint(&a), reference(&a));
    }

    #[test]
    fn same_story_with_other_spacing_and_case_has_the_same_content_hash() {
        let a = article("Bank raises rates", STORY);
        let b = article("BANK  raises rates", &STORY.replace(", ", ",\n"));
        assert_eq!(fingerprint(&a).content, fingerprint(&b).content);
        let c = article("Bank raises rates again", STORY);
        assert_ne!(fingerprint(&a).content, fingerprint(&c).content);
    }

    #[test]
    fn title_and_body_do_not_run_together() {
        let content = |title, body| fingerprint(&article(title, body)).content;
        assert_ne!(content("a b", "c"), content("a", "b c"));
    }

    #[test]
    fn lightly_edited_copy_is_near_and_another_story_is_far() {
        let original = article("Bank raises rates", STORY);
        let edited = article(
            "Bank raises rates",
            &STORY
                .replace("on Tuesday", "on Tuesday afternoon")
                .replace("barely", "hardly"),
        );
        let other = article(
            "Storm hits coast",
            "A powerful storm brought flooding and power cuts to coastal towns overnight, \
             forcing hundreds of families from their homes as rivers burst their banks and \
             emergency crews worked through the night to reopen the main roads.",
        );
        let near = distance(fingerprint(&original).simhash, fingerprint(&edited).simhash);
        let far = distance(fingerprint(&original).simhash, fingerprint(&other).simhash);
        assert!(near <= 12, "near-duplicate differs in {near} bits");
        assert!(far >= 20, "unrelated story differs in only {far} bits");
    }
}
