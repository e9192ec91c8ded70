//! The language of an article: the one it states (`<html lang>`, a feed's
//! `<language>`, a JSON `lang`), else the one its text is written in, as an
//! ISO 639-1 code (`de`, `zh`). Text too short or too mixed to tell stays
//! undetermined: a wrong language would stem it wrongly.

use whatlang::{Detector, Lang};

use crate::article::Article;
use crate::text::floor_boundary;

/// How much of an article's text detection reads: its opening tells the
/// language as well as the whole, at a bounded cost per article.
pub(crate) const DETECTION_BYTES: usize = 400;

/// Letters below which text is left undetermined (a headline alone rarely
/// tells German from Dutch).
const MIN_LETTERS: usize = 20;

/// The ISO 639-1 code of an article's language: the one it states, else the
/// one detected in its headline and opening; `None` when neither tells.
pub fn article_language(article: &Article) -> Option<String> {
    if let Some(code) = article.language.as_deref().and_then(language_code) {
        return Some(code);
    }
    detect_language(&article.title, &article.body).map(str::to_owned)
}

/// The ISO 639-1 code of a language tag as articles state it: `en-GB` and
/// `en_gb` give `en`, `deu` gives `de`; `None` for anything else.
pub fn language_code(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    if !primary.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    match primary.len() {
        2 => Some(primary),
        3 => Lang::from_code(&primary)
            .and_then(iso_639_1)
            .map(str::to_owned),
        _ => None,
    }
}

/// The language of `title` and the opening of `body`, when the detector is
/// confident of it.
pub fn detect_language(title: &str, body: &str) -> Option<&'static str> {
    let opening = &body[..floor_boundary(body, DETECTION_BYTES.min(body.len()))];
    // Most articles of most archives are English: they are told by their
    // function words at a fraction of the detector's cost (it scores every
    // language of the Latin script on each text).
    if reads_as_english(opening) {
        return Some("en");
    }
    let mut text = String::with_capacity(title.len() + opening.len() + 1);
    text.push_str(title);
    text.push('\n');
    text.push_str(opening);
    if text.chars().filter(|c| c.is_alphabetic()).count() < MIN_LETTERS {
        return None;
    }
    let info = Detector::new().detect(&text)?;
    if !info.is_reliable() {
        return None;
    }
    iso_639_1(info.lang())
}

/// Whether `word` (ASCII, lower-case) is one of English's commonest words.
fn is_english_function_word(word: &[u8]) -> bool {
    matches!(
        word,
        b"the"
            | b"of"
            | b"and"
            | b"to"
            | b"a"
            | b"in"
            | b"is"
            | b"was"
            | b"that"
            | b"for"
            | b"on"
            | b"with"
            | b"as"
            | b"by"
            | b"at"
            | b"from"
            | b"it"
            | b"his"
            | b"her"
            | b"said"
            | b"has"
            | b"have"
            | b"had"
            | b"were"
            | b"be"
            | b"are"
            | b"an"
            | b"which"
            | b"this"
            | b"will"
            | b"not"
            | b"but"
            | b"its"
            | b"their"
            | b"they"
            | b"he"
            | b"she"
            | b"been"
            | b"after"
    )
}

/// Whether `word` (ASCII, lower-case) is one of English's commonest words
/// that no other language writes the same way.
fn is_only_english(word: &[u8]) -> bool {
    matches!(
        word,
        b"the"
            | b"and"
            | b"that"
            | b"with"
            | b"from"
            | b"which"
            | b"said"
            | b"were"
            | b"have"
            | b"has"
            | b"their"
            | b"they"
            | b"this"
            | b"been"
            | b"would"
            | b"who"
    )
}

/// English function words make up at least a fifth of the words, three or
/// more of them words no other language has, over a dozen words or more:
/// no other language's text does that. Stops as soon as that is so.
fn reads_as_english(text: &str) -> bool {
    let (mut words, mut common, mut only) = (0usize, 0usize, 0usize);
    let mut lower = [0u8; 5];
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        words += 1;
        let bytes = word.as_bytes();
        if bytes.len() <= lower.len() && word.is_ascii() {
            let lower = &mut lower[..bytes.len()];
            lower.copy_from_slice(bytes);
            lower.make_ascii_lowercase();
            if is_english_function_word(lower) {
                common += 1;
                only += usize::from(is_only_english(lower));
            }
        }
        if words >= 12 && only >= 3 && common * 5 >= words {
            return true;
        }
    }
    false
}

/// The two-letter code of a language the detector knows; `None` for those
/// without one (Esperanto has `eo`, Akan `ak`, ...: all but a few have).
fn iso_639_1(lang: Lang) -> Option<&'static str> {
    use Lang::*;
    Some(match lang {
        Epo => "eo",
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
        #[allow(unreachable_patterns)]
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stated_tags_become_two_letter_codes() {
        assert_eq!(language_code("en-GB").as_deref(), Some("en"));
        assert_eq!(language_code("pt_br").as_deref(), Some("pt"));
        assert_eq!(language_code("zh-Hant-TW").as_deref(), Some("zh"));
        assert_eq!(language_code("deu").as_deref(), Some("de"));
        assert_eq!(language_code("English"), None);
        assert_eq!(language_code("x1"), None);
    }

    #[test]
    fn english_is_told_by_its_function_words_alone() {
        let english = "The central bank raised interest rates by a quarter point on \
            Wednesday, citing inflation in services and the tight labour market.";
        assert!(reads_as_english(english));
        let dutch = "De regering heeft dinsdag nieuwe maatregelen aangekondigd om de \
            stijgende energieprijzen in het land te beperken, zei the minister van the economy.";
        assert!(!reads_as_english(dutch));
        let german = "Die Regierung in Berlin hat am Mittwoch ein neues Gesetz beschlossen, \
            das die Mieten in den Städten begrenzen soll.";
        assert!(!reads_as_english(german));
        assert_eq!(detect_language("", german), Some("de"));
    }

    #[test]
    fn short_text_stays_undetermined() {
        assert_eq!(detect_language("Nvidia", "chips"), None);
        assert_eq!(detect_language("", ""), None);
    }
}
