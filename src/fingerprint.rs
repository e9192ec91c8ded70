//! Fingerprints of an article's text: an exact one, to index a story saved
//! twice only once, and a SimHash, so near-identical copies (a wire story with
//! small edits) can be recognised by a few differing bits.

use crate::article::Article;

/// Words per shingle: enough that shared common phrases do not make
/// unrelated articles look alike.
const SHINGLE_WORDS: usize = 3;

/// Hash of the title and body with case and spacing ignored: equal for the
/// same story saved twice, whatever the file's format or line ends.
pub(crate) fn content_hash(article: &Article) -> u64 {
    let mut normalised = String::with_capacity(article.title.len() + article.body.len() + 1);
    for word in words(&article.title)
        .chain(std::iter::once("\u{1}".to_owned()))
        .chain(words(&article.body))
    {
        normalised.push_str(&word);
        normalised.push(' ');
    }
    xxhash_rust::xxh3::xxh3_64(normalised.as_bytes())
}

/// 64-bit SimHash over word shingles of the title and body: similar texts
/// differ in few bits of it.
pub(crate) fn simhash(article: &Article) -> u64 {
    let words: Vec<String> = words(&article.title).chain(words(&article.body)).collect();
    let mut weights = [0i64; 64];
    let mut add = |hash: u64| {
        for (bit, weight) in weights.iter_mut().enumerate() {
            *weight += if hash >> bit & 1 == 1 { 1 } else { -1 };
        }
    };
    if words.len() < SHINGLE_WORDS {
        words
            .iter()
            .for_each(|w| add(xxhash_rust::xxh3::xxh3_64(w.as_bytes())));
    } else {
        for shingle in words.windows(SHINGLE_WORDS) {
            add(xxhash_rust::xxh3::xxh3_64(shingle.join(" ").as_bytes()));
        }
    }
    weights
        .iter()
        .enumerate()
        .fold(0, |acc, (bit, &w)| if w > 0 { acc | 1 << bit } else { acc })
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
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
        assert_eq!(content_hash(&a), content_hash(&b));
        let c = article("Bank raises rates again", STORY);
        assert_ne!(content_hash(&a), content_hash(&c));
    }

    #[test]
    fn title_and_body_do_not_run_together() {
        assert_ne!(
            content_hash(&article("a b", "c")),
            content_hash(&article("a", "b c"))
        );
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
        let near = distance(simhash(&original), simhash(&edited));
        let far = distance(simhash(&original), simhash(&other));
        assert!(near <= 12, "near-duplicate differs in {near} bits");
        assert!(far >= 20, "unrelated story differs in only {far} bits");
    }
}
