//! The text analysers: how words of articles and queries become terms, one
//! analysis per language family, registered on every open because tantivy
//! does not store them with the index.
//!
//! English is lower-cased, folded and stemmed (with a cache, see
//! `stem_cache`); the other languages tantivy has a Snowball stemmer for are
//! lower-cased, stemmed, then folded (the stemmer sees the real letters);
//! other languages are lower-cased and folded; Chinese, Japanese and Korean
//! become overlapping character bigrams (see `cjk`). Text whose language is
//! undetermined keeps the English analysis (see [`Analysis::of_article`]).

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, TextAnalyzer,
};
use tantivy::Index;

use super::cjk::{is_cjk, CjkTokenizer};
use super::stem_cache::CachedStemmer;
pub(crate) use super::stem_cache::WordStemmer;
use crate::language::DETECTION_BYTES;
use crate::text::floor_boundary;

/// Names under which the analysers are registered on every open: words of
/// English text, and whole values compared without case (language codes).
pub(super) const ANALYZER: &str = "news";
pub(super) const KEYWORD: &str = "keyword";

/// Words longer than this (in bytes) are dropped: no one searches for them.
const LONGEST_WORD: usize = 40;

/// How an article's title and body are analysed, chosen by its language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Analysis {
    /// The analyser every article had before languages were told apart.
    English,
    /// A Snowball stemmer, by the language's ISO 639-1 code.
    Stemmed(&'static str),
    /// Lower-cased and folded, not stemmed: the other languages.
    Folded,
    /// Overlapping character bigrams (Chinese, Japanese, Korean).
    Cjk,
}

/// The Snowball stemmers tantivy ships besides English, by ISO 639-1 code.
const STEMMERS: [(&str, Language); 17] = [
    ("ar", Language::Arabic),
    ("da", Language::Danish),
    ("de", Language::German),
    ("el", Language::Greek),
    ("es", Language::Spanish),
    ("fi", Language::Finnish),
    ("fr", Language::French),
    ("hu", Language::Hungarian),
    ("it", Language::Italian),
    ("nl", Language::Dutch),
    ("no", Language::Norwegian),
    ("pt", Language::Portuguese),
    ("ro", Language::Romanian),
    ("ru", Language::Russian),
    ("sv", Language::Swedish),
    ("ta", Language::Tamil),
    ("tr", Language::Turkish),
];

/// Every analysis, in the order the schema lists their fields.
pub(crate) const ANALYSES: [Analysis; 20] = {
    let mut all = [Analysis::English; 20];
    let mut i = 0;
    while i < STEMMERS.len() {
        all[i + 1] = Analysis::Stemmed(STEMMERS[i].0);
        i += 1;
    }
    all[18] = Analysis::Folded;
    all[19] = Analysis::Cjk;
    all
};

impl Analysis {
    /// The analysis of text in the language `code` (ISO 639-1), or of text
    /// whose language is undetermined (`None`: English's, see
    /// [`Analysis::of_article`]).
    pub(crate) fn of_language(code: Option<&str>) -> Analysis {
        let Some(code) = code else {
            return Analysis::English;
        };
        let code = match code {
            "nb" | "nn" => "no",
            code => code,
        };
        match code {
            "en" => Analysis::English,
            "zh" | "ja" | "ko" => Analysis::Cjk,
            code => STEMMERS
                .iter()
                .find(|(c, _)| *c == code)
                .map_or(Analysis::Folded, |(c, _)| Analysis::Stemmed(c)),
        }
    }

    /// The analysis of an article in the language `code`. When that is
    /// undetermined, text mostly of Chinese, Japanese or Korean characters
    /// still gets bigrams (a short headline is not enough to tell which of
    /// the three it is), and other text the English analysis, as every
    /// article had before languages were told apart: short English texts,
    /// the most common undetermined ones, lose nothing (their stems, their
    /// share of the English statistics), and other words are folded, at
    /// worst with an English suffix cut.
    pub(crate) fn of_article(code: Option<&str>, title: &str, body: &str) -> Analysis {
        if code.is_some() {
            return Analysis::of_language(code);
        }
        let opening = &body[..floor_boundary(body, DETECTION_BYTES.min(body.len()))];
        let (mut letters, mut cjk) = (0usize, 0usize);
        for c in title.chars().chain(opening.chars()) {
            if is_cjk(c) {
                cjk += 1;
                letters += 1;
            } else if c.is_alphabetic() {
                letters += 1;
            }
        }
        if cjk > 0 && cjk * 2 >= letters {
            Analysis::Cjk
        } else {
            Analysis::English
        }
    }

    /// What the analysis adds to the names of the title and body fields
    /// (nothing for English, whose fields kept their names).
    pub(crate) fn suffix(self) -> String {
        match self {
            Analysis::English => String::new(),
            Analysis::Stemmed(code) => format!("_{code}"),
            Analysis::Folded => "_folded".to_owned(),
            Analysis::Cjk => "_cjk".to_owned(),
        }
    }

    /// The name its analyser is registered under.
    pub(crate) fn tokenizer_name(self) -> String {
        format!("{ANALYZER}{}", self.suffix())
    }

    /// Whether a word close to a typed one may stand for it: not for bigrams,
    /// which are not words.
    pub(crate) fn has_typos(self) -> bool {
        self != Analysis::Cjk
    }

    /// Its analyser.
    pub(crate) fn analyzer(self) -> TextAnalyzer {
        match self {
            Analysis::English => analyzer(),
            Analysis::Stemmed(code) => {
                let language = STEMMERS
                    .iter()
                    .find(|(c, _)| *c == code)
                    .map_or(Language::English, |(_, l)| *l);
                TextAnalyzer::builder(SimpleTokenizer::default())
                    .filter(RemoveLongFilter::limit(LONGEST_WORD))
                    .filter(LowerCaser)
                    .filter(Stemmer::new(language))
                    .filter(AsciiFoldingFilter)
                    .build()
            }
            Analysis::Folded => folding_analyzer(),
            Analysis::Cjk => TextAnalyzer::builder(CjkTokenizer)
                .filter(RemoveLongFilter::limit(LONGEST_WORD))
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
        }
    }

    /// What a stemmed language's [`analyzer`](Analysis::analyzer) makes of
    /// `word`, for the hundreds of variants of a typed word: a word its
    /// tokenizer keeps whole and its lower-caser leaves as it is goes
    /// through the stemmer and the folding alone, any other through the
    /// whole analyser. `None` for the other analyses, and when the word
    /// would not come out as one term.
    pub(crate) fn word_analyser(self) -> Option<WordAnalyser> {
        let Analysis::Stemmed(code) = self else {
            return None;
        };
        let language = STEMMERS.iter().find(|(c, _)| *c == code)?.1;
        Some(WordAnalyser {
            whole: self.analyzer(),
            last_steps: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(language))
                .filter(AsciiFoldingFilter)
                .build(),
        })
    }
}

/// A stemmed language's analyser, for one word at a time (see
/// [`Analysis::word_analyser`]).
pub(crate) struct WordAnalyser {
    whole: TextAnalyzer,
    /// The stemmer and the folding, on the word as it is.
    last_steps: TextAnalyzer,
}

impl WordAnalyser {
    /// The one term `word` becomes, or `None` when it becomes none or several.
    pub(crate) fn term(&mut self, word: &str) -> Option<String> {
        // The tokenizer splits at any other character, the length filter
        // drops words of `LONGEST_WORD` bytes or more, and the lower-caser
        // maps each character to its lower case.
        let unchanged = |c: char| {
            let mut lower = c.to_lowercase();
            c.is_alphanumeric() && lower.next() == Some(c) && lower.next().is_none()
        };
        let analyzer = if !word.is_empty() && word.chars().all(unchanged) {
            if word.len() >= LONGEST_WORD {
                return None;
            }
            &mut self.last_steps
        } else {
            &mut self.whole
        };
        let mut terms = Vec::new();
        analyzer
            .token_stream(word)
            .process(&mut |t| terms.push(t.text.clone()));
        match <[String; 1]>::try_from(terms) {
            Ok([term]) => Some(term),
            Err(_) => None,
        }
    }
}

/// The English analyser: words lower-cased, accents folded, English stems
/// (the stemmer remembers the words it has stemmed, see [`CachedStemmer`]).
pub(crate) fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
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
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Tokenizers are not stored in the index: this must run after every open.
pub(crate) fn register_analyzer(index: &Index) {
    for analysis in ANALYSES {
        index
            .tokenizers()
            .register(&analysis.tokenizer_name(), analysis.analyzer());
    }
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

    fn words(analysis: Analysis, text: &str) -> Vec<String> {
        let mut words = Vec::new();
        analysis
            .analyzer()
            .token_stream(text)
            .process(&mut |t| words.push(t.text.clone()));
        words
    }

    #[test]
    fn inflected_forms_share_a_stem_in_their_language() {
        let same = |code, a: &str, b: &str| {
            let analysis = Analysis::of_language(Some(code));
            assert_eq!(words(analysis, a), words(analysis, b), "{code}: {a} / {b}");
        };
        same("de", "Präsident", "Präsidenten");
        same("de", "Präsidenten", "prasidenten");
        same("ru", "Эрдоганом", "эрдоганами");
        same("fr", "élections", "élection");
        same("es", "inundaciones", "inundación");
        // English text keeps its analyser.
        assert_eq!(words(Analysis::English, "chips"), ["chip"]);
    }

    #[test]
    fn a_word_at_a_time_is_the_analyser() {
        // Cased, folded, split, too long, and the lower-casings that are
        // not one character for one (Turkish İ, Greek final sigma).
        let samples = [
            "élections",
            "Élections",
            "präsidenten",
            "straße",
            "inundación",
            "эрдоганом",
            "Эрдоганом",
            "λόγος",
            "ΛΌΓΟΣ",
            "istanbul",
            "İstanbul",
            "ıslak",
            "h100",
            "covid-19",
            "rock'n'roll",
            "a",
            "",
            " ",
            "ab_cd",
            "x".repeat(39).as_str(),
            "x".repeat(40).as_str(),
            "é".repeat(20).as_str(),
            "é".repeat(19).as_str(),
        ]
        .map(str::to_owned);
        for (code, _) in STEMMERS {
            let analysis = Analysis::Stemmed(code);
            let mut analyser = analysis.word_analyser().expect("a stemmed language");
            for word in &samples {
                let whole = words(analysis, word);
                let expected = match whole.as_slice() {
                    [term] => Some(term.clone()),
                    _ => None,
                };
                assert_eq!(analyser.term(word), expected, "{code}: {word:?}");
            }
        }
        assert!(Analysis::English.word_analyser().is_none());
        assert!(Analysis::Folded.word_analyser().is_none());
    }

    #[test]
    fn languages_pick_their_analysis() {
        assert_eq!(Analysis::of_language(Some("en")), Analysis::English);
        assert_eq!(Analysis::of_language(Some("nb")), Analysis::Stemmed("no"));
        assert_eq!(Analysis::of_language(Some("ja")), Analysis::Cjk);
        assert_eq!(Analysis::of_language(Some("pl")), Analysis::Folded);
        assert_eq!(Analysis::of_language(None), Analysis::English);
        assert_eq!(Analysis::of_article(None, "北京", ""), Analysis::Cjk);
        assert_eq!(
            Analysis::of_article(None, "Trees down", ""),
            Analysis::English
        );
        assert_eq!(
            Analysis::of_article(Some("de"), "北京", ""),
            Analysis::Stemmed("de")
        );
        let mut names: Vec<String> = ANALYSES.iter().map(|a| a.suffix()).collect();
        names.dedup();
        assert_eq!(names.len(), ANALYSES.len());
    }
}
