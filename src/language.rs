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

/// Text whose Chinese, Japanese or Korean characters are at least this
/// share of its letters is in one of those languages: one such character
/// says about as much as a word of four or five Latin letters, so a page
/// of Japanese with its product names in Latin letters (or under an English
/// headline) still has three times more of them than this.
const CJK_SHARE: f32 = 0.25;

/// The scripts that tell Chinese, Japanese and Korean apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CjkScript {
    /// Han characters: Chinese, and Japanese's kanji.
    Han,
    /// Hiragana and katakana: Japanese only.
    Kana,
    /// Hangul: Korean only.
    Hangul,
}

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
    // The detector tells a script by the letters of each it counts, and a
    // Japanese text spreads over three scripts while its Latin words (a
    // headline, product names) count a letter each: it would read such a
    // page as French or English.
    if let Some(code) = cjk_language(&text) {
        return Some(code);
    }
    let info = Detector::new().detect(&text)?;
    if !info.is_reliable() {
        return None;
    }
    iso_639_1(info.lang())
}

/// The script of a Chinese, Japanese or Korean character; `None` for any
/// other character.
pub(crate) fn cjk_script(c: char) -> Option<CjkScript> {
    match c as u32 {
        0x3005
        | 0x3007
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x2FA1F => Some(CjkScript::Han),
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Some(CjkScript::Kana),
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Some(CjkScript::Hangul),
        _ => None,
    }
}

/// Chinese, Japanese or Korean when their characters are a large enough
/// share of `text`'s letters ([`CJK_SHARE`]): Korean when Hangul is most of
/// them, Japanese when a tenth or more are kana (its grammar is written in
/// hiragana: no Japanese sentence goes without), else Chinese.
fn cjk_language(text: &str) -> Option<&'static str> {
    let (mut han, mut kana, mut hangul, mut letters) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars() {
        match cjk_script(c) {
            Some(CjkScript::Han) => han += 1,
            Some(CjkScript::Kana) => kana += 1,
            Some(CjkScript::Hangul) => hangul += 1,
            None if c.is_alphabetic() => letters += 1,
            None => continue,
        }
    }
    let cjk = han + kana + hangul;
    if cjk == 0 || (cjk as f32) < CJK_SHARE * (cjk + letters) as f32 {
        return None;
    }
    Some(if hangul * 2 > cjk {
        "ko"
    } else if kana * 10 >= cjk {
        "ja"
    } else {
        "zh"
    })
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
    fn chinese_japanese_and_korean_are_told_under_a_latin_headline() {
        let japanese = "米アップルは6日、カリフォルニア州クパチーノで開いた開発者会議 WWDC で、\
            新しい iPhone と macOS Sequoia、Apple Intelligence を発表した。Tim Cook CEO は \
            Siri と ChatGPT の連携も明らかにした。";
        assert_eq!(
            detect_language("Apple unveils Apple Intelligence at WWDC", japanese),
            Some("ja")
        );
        let chinese = "华为周二在深圳发布了新款 Mate 60 Pro 手机，搭载 HarmonyOS 4 \
            系统和麒麟 9000S 芯片，分析人士认为 Huawei 正在摆脱对 Qualcomm 的依赖。";
        assert_eq!(
            detect_language("Huawei launches Mate 60 Pro", chinese),
            Some("zh")
        );
        let korean = "삼성전자가 서울 코엑스에서 Galaxy S24 시리즈를 공개했다. \
            새 제품에는 Galaxy AI 기능이 탑재됐으며 Qualcomm Snapdragon 칩을 쓴다.";
        assert_eq!(
            detect_language("Samsung unveils Galaxy S24 in Seoul", korean),
            Some("ko")
        );
    }

    #[test]
    fn a_few_cjk_characters_leave_other_languages_alone() {
        let german = "Die Regierung in Peking (北京) hat am Mittwoch ein neues Gesetz \
            beschlossen, das die Mieten in den großen Städten des Landes begrenzen soll.";
        assert_eq!(detect_language("", german), Some("de"));
    }

    #[test]
    fn short_text_stays_undetermined() {
        assert_eq!(detect_language("Nvidia", "chips"), None);
        assert_eq!(detect_language("", ""), None);
    }
}
