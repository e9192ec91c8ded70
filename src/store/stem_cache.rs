//! English stemming with a memory of the words already stemmed.
//!
//! Stemming was the costliest step of the analyser (a third of a full index's
//! CPU time, measured with `perf`), and news repeats its words: a Zipf law puts
//! most tokens among a few thousand words. [`CachedStemmer`] keeps the stems of
//! recent words in a small table that stays in the processor's cache (a
//! hash map of every word seen was slower than stemming: each look-up missed
//! the cache). Its tokens are exactly those of tantivy's
//! [`Stemmer`](tantivy::tokenizer::Stemmer), which it calls (through
//! [`WordStemmer`]) for a word it does not hold.
//!
//! The table is still larger than the processor's cache, so the filter
//! reads its tokens one ahead and asks for the next word's slot before it
//! stems the current one: the slot's load, three quarters of the filter's
//! time when it waited for it, then overlaps indexing the word before.

use tantivy::tokenizer::{
    Language, RawTokenizer, Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// The analyser's last step, for one word at a time.
pub(crate) struct WordStemmer(TextAnalyzer);

impl WordStemmer {
    pub(crate) fn new() -> Self {
        WordStemmer(
            TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
        )
    }

    /// The stem of a word from [`folding_analyzer`](super::analysis::folding_analyzer). English stemming keeps
    /// a word's first letter, so a word can only stem to a stem that starts
    /// with the same letter.
    pub(crate) fn stem(&mut self, word: &str) -> String {
        let mut stem = String::new();
        self.0
            .token_stream(word)
            .process(&mut |t| stem.clone_from(&t.text));
        stem
    }
}

/// Slots in the table (a power of two): 32,768 of 48 bytes, 1.5 MiB, allocated
/// on the first word (with 8,192 slots, indexing 9.7 MB took 11% more instructions).
const SLOTS: usize = 1 << 15;

/// The longest word, and stem, a slot holds; longer words are stemmed each time.
const INLINE: usize = 23;

/// A token filter that gives English stems, as tantivy's
/// [`Stemmer`](tantivy::tokenizer::Stemmer) does, remembering them.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            stems: Stems::default(),
        }
    }
}

/// The filter applied to a tokenizer; each copy has a table of its own.
#[derive(Clone)]
pub(crate) struct CachedStemmerFilter<T> {
    inner: T,
    stems: Stems,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stems: &mut self.stems,
            token: Token::default(),
            ahead: None,
            started: false,
        }
    }
}

/// One remembered word and its stem.
#[derive(Clone, Copy)]
struct Slot {
    word_len: u8,
    stem_len: u8,
    word: [u8; INLINE],
    stem: [u8; INLINE],
}

impl Slot {
    const EMPTY: Slot = Slot {
        word_len: 0,
        stem_len: 0,
        word: [0; INLINE],
        stem: [0; INLINE],
    };

    fn word(&self) -> &[u8] {
        &self.word[..usize::from(self.word_len)]
    }

    fn stem(&self) -> &[u8] {
        &self.stem[..usize::from(self.stem_len)]
    }
}

/// Stems of recent words, by a hash of the word (a newer word takes the slot
/// of an older one with the same hash), and the stemmer for the others.
struct Stems {
    /// Empty until [`UNCACHED`] words have been stemmed: most analysers
    /// (queries, small fields) stem a few words, and filling the table would
    /// cost a query more than it saves (its pages are written once each).
    slots: Vec<Slot>,
    /// Words still to stem before the table is made.
    unseen: usize,
    stemmer: WordStemmer,
}

/// Words an analyser stems before it remembers stems.
const UNCACHED: usize = 10_000;

impl Default for Stems {
    fn default() -> Self {
        Stems {
            slots: Vec::new(),
            unseen: UNCACHED,
            stemmer: WordStemmer::new(),
        }
    }
}

impl Clone for Stems {
    /// A copy starts with an empty table: analysers are cloned for every
    /// segment and every query.
    fn clone(&self) -> Self {
        Stems::default()
    }
}

/// The slot a word is remembered in.
fn slot(word: &str) -> usize {
    xxhash_rust::xxh3::xxh3_64(word.as_bytes()) as usize & (SLOTS - 1)
}

impl Stems {
    /// Replaces `word` with its stem.
    #[cfg(test)]
    fn stem(&mut self, word: &mut String) {
        self.stem_at(word, slot(word));
    }

    /// Replaces `word`, whose slot is `at`, with its stem.
    fn stem_at(&mut self, word: &mut String, at: usize) {
        if word.len() > INLINE || self.unseen > 0 {
            self.unseen = self.unseen.saturating_sub(1);
            *word = self.stemmer.stem(word);
            return;
        }
        if self.slots.is_empty() {
            self.slots = vec![Slot::EMPTY; SLOTS];
        }
        let slot = &self.slots[at];
        if slot.word() == word.as_bytes() {
            if let Ok(stem) = std::str::from_utf8(slot.stem()) {
                word.clear();
                word.push_str(stem);
                return;
            }
        }
        let stem = self.stemmer.stem(word);
        if stem.len() <= INLINE {
            let slot = &mut self.slots[at];
            slot.word[..word.len()].copy_from_slice(word.as_bytes());
            slot.stem[..stem.len()].copy_from_slice(stem.as_bytes());
            // Both at most INLINE, so they fit.
            slot.word_len = word.len() as u8;
            slot.stem_len = stem.len() as u8;
        }
        *word = stem;
    }

    /// Asks the processor to start loading slot `at` (a hint: nothing is
    /// read, nothing waits for it).
    fn prefetch(&self, at: usize) {
        if let Some(slot) = self.slots.get(at) {
            prefetch(slot);
        }
    }
}

/// Starts loading both cache lines a slot may span.
#[cfg(target_arch = "x86_64")]
fn prefetch(slot: &Slot) {
    use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
    let start = std::ptr::from_ref(slot).cast::<i8>();
    let end = start.wrapping_add(std::mem::size_of::<Slot>() - 1);
    // SAFETY: a prefetch reads nothing and cannot fault; both addresses lie
    // within a live slot. (The intrinsic is safe to call from Rust 1.87 on.)
    #[allow(unused_unsafe)]
    unsafe {
        _mm_prefetch::<_MM_HINT_T0>(start);
        _mm_prefetch::<_MM_HINT_T0>(end);
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn prefetch(_: &Slot) {}

/// The filter's tokens, read one ahead: the table is larger than the
/// processor's cache, and waiting for a word's slot was three quarters of
/// the filter's time (`perf annotate`). The slot of the next word is asked
/// for before this one is stemmed, and arrives while this one is indexed.
pub(crate) struct CachedStemmerStream<'a, T> {
    tail: T,
    stems: &'a mut Stems,
    /// The token handed out: the tail's previous one, stemmed.
    token: Token,
    /// The slot of the tail's token, when it holds one not handed out yet.
    ahead: Option<usize>,
    started: bool,
}

impl<T: TokenStream> CachedStemmerStream<'_, T> {
    fn read_ahead(&mut self) {
        self.ahead = self.tail.advance().then(|| {
            let at = slot(&self.tail.token().text);
            self.stems.prefetch(at);
            at
        });
    }
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.started {
            self.started = true;
            self.read_ahead();
        }
        let Some(at) = self.ahead else {
            return false;
        };
        let next = self.tail.token();
        self.token.offset_from = next.offset_from;
        self.token.offset_to = next.offset_to;
        self.token.position = next.position;
        self.token.position_length = next.position_length;
        self.token.text.clone_from(&next.text);
        self.read_ahead();
        self.stems.stem_at(&mut self.token.text, at);
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{
        Language, LowerCaser, RawTokenizer, SimpleTokenizer, Stemmer, TextAnalyzer,
    };

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String, usize, usize)> {
        let mut out = Vec::new();
        analyzer
            .token_stream(text)
            .process(&mut |t| out.push((t.position, t.text.clone(), t.offset_from, t.offset_to)));
        out
    }

    #[test]
    fn gives_the_stemmers_tokens_on_first_sight_and_from_memory() {
        let text = "Running runners ran; the generously organised émigrés kept running \
            and RUNNING, relying on relied reliance. Running again: H100 chips, 2023.";
        let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        let mut cached = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedStemmer)
            .build();
        let expected = tokens(&mut plain, text);
        assert!(expected.iter().any(|t| t.1 == "run"));
        assert!(tokens(&mut cached, "").is_empty());
        assert_eq!(tokens(&mut cached, "Runs"), tokens(&mut plain, "Runs"));
        // Until the table is made, then from the table, then from memory.
        for _ in 0..=UNCACHED / expected.len() + 2 {
            assert_eq!(tokens(&mut cached, text), expected);
        }
    }

    #[test]
    fn words_sharing_a_slot_and_long_words_stay_right() {
        let mut plain = TextAnalyzer::builder(RawTokenizer::default())
            .filter(Stemmer::new(Language::English))
            .build();
        let mut stems = Stems {
            unseen: 0,
            ..Stems::default()
        };
        let long = "internationalisations".repeat(2);
        // Far more words than slots, twice over, so slots are reused.
        for i in (0..3 * SLOTS).chain(0..3 * SLOTS) {
            for original in [format!("walk{i}ing"), format!("{long}{i}")] {
                let mut word = original.clone();
                stems.stem(&mut word);
                assert_eq!(tokens(&mut plain, &original)[0].1, word);
            }
        }
    }
}
