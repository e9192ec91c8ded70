//! Chinese, Japanese and Korean text as overlapping character bigrams, as
//! Lucene's CJK analyser makes them: `北京大学` gives `北京`, `京大`, `大学`,
//! so a two-character word finds the text, and a sentence is found by its
//! bigrams in a row. A lone character between others is a term of its own;
//! runs of other letters and digits are words, as elsewhere.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::language::cjk_script;

/// Splits text into CJK bigrams and other words.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct CjkTokenizer;

/// The tokens of one text, made at once.
pub(crate) struct CjkTokenStream {
    tokens: Vec<Token>,
    /// One past the current token (0 before the first).
    next: usize,
}

/// Han (with its extensions and compatibility forms), Hiragana, Katakana
/// (and its half-width forms) and Hangul.
#[inline]
pub(crate) fn is_cjk(c: char) -> bool {
    cjk_script(c).is_some()
}

impl Tokenizer for CjkTokenizer {
    type TokenStream<'a> = CjkTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CjkTokenStream {
        CjkTokenStream {
            tokens: tokens(text),
            next: 0,
        }
    }
}

fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut push = |from: usize, to: usize| {
        out.push(Token {
            offset_from: from,
            offset_to: to,
            position: out.len(),
            text: text[from..to].to_owned(),
            position_length: 1,
        });
    };
    // Byte offsets of the CJK characters of the current run.
    let mut run: Vec<usize> = Vec::new();
    let mut word: Option<usize> = None;
    let flush_run = |run: &mut Vec<usize>, end: usize, push: &mut dyn FnMut(usize, usize)| {
        match run.len() {
            0 => {}
            1 => push(run[0], end),
            _ => {
                for pair in 0..run.len() - 1 {
                    let to = run.get(pair + 2).copied().unwrap_or(end);
                    push(run[pair], to);
                }
            }
        }
        run.clear();
    };
    for (i, c) in text.char_indices() {
        if is_cjk(c) {
            if let Some(start) = word.take() {
                push(start, i);
            }
            run.push(i);
        } else if c.is_alphanumeric() {
            flush_run(&mut run, i, &mut push);
            word.get_or_insert(i);
        } else {
            flush_run(&mut run, i, &mut push);
            if let Some(start) = word.take() {
                push(start, i);
            }
        }
    }
    flush_run(&mut run, text.len(), &mut push);
    if let Some(start) = word {
        push(start, text.len());
    }
    out
}

impl TokenStream for CjkTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn runs_become_overlapping_bigrams() {
        assert_eq!(texts("北京大学"), ["北京", "京大", "大学"]);
        assert_eq!(texts("東京都は"), ["東京", "京都", "都は"]);
        assert_eq!(texts("서울 도심"), ["서울", "도심"]);
    }

    #[test]
    fn a_lone_character_and_other_words_are_terms() {
        assert_eq!(texts("中 GDP增长7%"), ["中", "GDP", "增长", "7"]);
        let tokens = tokens("地震，H100");
        assert_eq!(tokens[1].text, "H100");
        assert_eq!(tokens[1].position, 1);
        assert_eq!(
            &"地震，H100"[tokens[0].offset_from..tokens[0].offset_to],
            "地震"
        );
    }
}
