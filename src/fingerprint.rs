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
pub(crate) fn fingerprint(article: &Article) -> Fingerprint {
    let mut content = xxhash_rust::xxh3::Xxh3::new();
    let mut simhash = SimHash::default();
    let mut word = String::new();
    // A separator no word contains keeps "a b" + "c" apart from "a" + "b c".
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

    fn add(&mut self, hash: u64) {
        for (bit, weight) in self.weights.iter_mut().enumerate() {
            *weight += ((hash >> bit) & 1) as i32 * 2 - 1;
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
