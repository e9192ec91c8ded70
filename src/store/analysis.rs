//! The text analysers: how words of articles and queries become terms
//! (lower-cased, accents folded, English stems), registered on every open
//! because tantivy does not store them with the index.

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::Index;

use super::stem_cache::CachedStemmer;
pub(crate) use super::stem_cache::WordStemmer;

/// Names under which the analysers are registered on every open: words of
/// text, and whole values compared without case (language tags).
pub(super) const ANALYZER: &str = "news";
pub(super) const KEYWORD: &str = "keyword";

/// The analyser: words lower-cased, accents folded, English stems (the
/// stemmer remembers the words it has stemmed, see [`CachedStemmer`]).
pub(crate) fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(CachedStemmer)
        .build()
}

/// The analyser without its last step: words lower-cased and folded, not yet
/// stemmed. With [`WordStemmer`](super::stem_cache::WordStemmer) it gives exactly what [`analyzer`] gives, for
/// callers that stem only the words they need.
pub(crate) fn folding_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Tokenizers are not stored in the index: this must run after every open.
pub(crate) fn register_analyzer(index: &Index) {
    index.tokenizers().register(ANALYZER, analyzer());
    let keyword = TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .build();
    index.tokenizers().register(KEYWORD, keyword);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_then_stemming_word_by_word_is_the_analyser() {
        let text = "Dying skies, lying news: Yelling young Café owners gently \
            relied on the generously organised ÉMIGRÉS and H100 chips in 2023.";
        let mut whole = Vec::new();
        analyzer()
            .token_stream(text)
            .process(&mut |t| whole.push((t.position, t.text.clone())));
        let mut stemmer = WordStemmer::new();
        let mut split = Vec::new();
        folding_analyzer().token_stream(text).process(&mut |t| {
            let stem = stemmer.stem(&t.text);
            assert_eq!(stem.chars().next(), t.text.chars().next(), "{}", t.text);
            split.push((t.position, stem));
        });
        assert_eq!(whole, split);
    }
}
