//! Bylines: the names in "By Jane Doe and John Roe, Reuters | Updated ...",
//! and authors as metadata and markup state them. Plain text, Markdown and
//! web pages read them the same way.

/// An author longer than this is prose, not a name (as header lines go).
const MAX_AUTHOR_CHARS: usize = 80;
/// A byline names a few people, not a sentence's worth.
const MAX_NAME_WORDS: usize = 12;

/// Words that introduce a byline, in the languages news sites commonly use.
#[rustfmt::skip]
const BYLINE_PREFIXES: &[&str] = &[
    "by", "von", "par", "por", "door", "di", "av", "written by", "words by", "photos by",
    "story by", "text by", "posted by",
];

/// Words that mark the part of a byline after the names: a role or an agency.
#[rustfmt::skip]
const ROLE_WORDS: &[&str] = &[
    "staff", "writer", "reporter", "correspondent", "editor", "contributor", "columnist",
    "journalist", "photographer", "press", "reuters", "ap", "afp", "dpa", "upi", "bloomberg",
    "xinhua", "pti", "ians", "agency", "agencies", "wire", "news", "times", "post", "herald",
    "journal", "desk", "bureau", "special", "senior", "chief", "team", "newsroom", "updated",
    "published",
];

/// Lower-case words allowed inside a name ("Ludwig van Beethoven", "Ann and Bo").
#[rustfmt::skip]
pub(super) const NAME_PARTICLES: &[&str] = &[
    "and", "&", "und", "et", "y", "e", "van", "von", "de", "der", "den", "da", "di", "du",
    "la", "le", "del", "dos", "bin", "al", "el", "ibn", "ter", "ten",
];

/// What follows the names in a byline line: "| Updated ...", "· Sept. 11".
const BYLINE_ENDS: &[&str] = &["|", "·", "•", "—", "–", " - ", "\n", "/", " on ", " at "];

/// The names in a byline line: "By Jane Doe and John Roe, Reuters | Updated
/// ..." -> "Jane Doe and John Roe". None unless the line starts with a byline
/// word and goes on with capitalised names.
pub(super) fn name(line: &str) -> Option<String> {
    let line = line.trim();
    let lower = line.to_lowercase();
    let rest = BYLINE_PREFIXES.iter().find_map(|prefix| {
        let after = lower.strip_prefix(prefix)?;
        let skip = after.len() - after.trim_start_matches([' ', ':']).len();
        // Lower-casing can change byte lengths; only cut where it did not.
        let same_length = lower.len() == line.len();
        (skip > 0 && same_length)
            .then(|| line.get(prefix.len() + skip..))
            .flatten()
    })?;
    names(rest)
}

/// An author as metadata states it: a name, possibly with "By", never a URL.
pub(super) fn author_from_meta(value: &str) -> Option<String> {
    let value = normalize(value);
    if value.contains("://") || value.starts_with("www.") || value.contains('@') {
        return None;
    }
    name(&value).or_else(|| names(&value)).or_else(|| {
        let plausible = !value.is_empty() && value.chars().count() <= MAX_AUTHOR_CHARS;
        plausible.then_some(value)
    })
}

/// An author from markup text (a `rel=author` link): only when it reads like a name.
pub(super) fn author_from_text(text: &str) -> Option<String> {
    let text = normalize(text);
    name(&text).or_else(|| names(&text))
}

/// The leading names of `text`, up to a role, an agency or other trailing noise.
fn names(text: &str) -> Option<String> {
    let end = BYLINE_ENDS
        .iter()
        .filter_map(|e| text.find(e))
        .min()
        .unwrap_or(text.len());
    let names: Vec<&str> = text[..end]
        .split([',', ';'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .take_while(|part| is_name(part))
        .collect();
    let joined = names.join(", ");
    let words = joined.split_whitespace().count();
    (!names.is_empty() && words <= MAX_NAME_WORDS).then_some(joined)
}

/// Capitalised words (or name particles), no digits, no role or agency words.
fn is_name(part: &str) -> bool {
    let words: Vec<&str> = part.split_whitespace().collect();
    let starts_capitalised = |w: &str| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() && !c.is_lowercase())
    };
    let word_ok = |w: &&str| {
        let particle = NAME_PARTICLES.contains(w);
        let role = ROLE_WORDS
            .iter()
            .any(|r| r.eq_ignore_ascii_case(w.trim_end_matches('.')));
        let chars_ok = w.chars().all(|c| c.is_alphabetic() || ".'’-&".contains(c));
        !role && chars_ok && (particle || starts_capitalised(w))
    };
    words.first().is_some_and(|w| starts_capitalised(w)) && words.iter().all(word_ok)
}

fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byline_names_lose_prefix_agency_and_trailing_noise() {
        for (line, name) in [
            ("By Jane Doe", "Jane Doe"),
            ("BY: Jane Doe", "Jane Doe"),
            ("By Jane Doe and John Roe, Reuters", "Jane Doe and John Roe"),
            (
                "By Kwame Asante | Updated Aug 22, 2023 4:12 PM EDT",
                "Kwame Asante",
            ),
            ("By Wanjiru Kamau · August 30, 2022", "Wanjiru Kamau"),
            ("By Dale Hutchins\nCourier Staff Writer", "Dale Hutchins"),
            (
                "By Ann Lee, Bo Chan and Cy Dunn, Associated Press",
                "Ann Lee, Bo Chan and Cy Dunn",
            ),
            (
                "Von Katharina Lehmann · 14.11.2023, 17:20 Uhr",
                "Katharina Lehmann",
            ),
            ("Par Camille Berthier", "Camille Berthier"),
            (
                "By Ludwig van Beethoven, Staff Writer",
                "Ludwig van Beethoven",
            ),
        ] {
            assert_eq!(super::name(line).as_deref(), Some(name), "{line:?}");
        }
    }

    #[test]
    fn sentences_starting_with_by_are_not_bylines() {
        for line in [
            "By the time the rain stopped, the river had peaked.",
            "By 2030 the plant will run on solar power",
            "By Reuters",
            "Byline",
            "By",
        ] {
            assert_eq!(name(line), None, "{line:?}");
        }
    }

    #[test]
    fn meta_authors_keep_organisations_and_reject_urls() {
        assert_eq!(author_from_meta("https://x.example/jane").as_deref(), None);
        assert_eq!(author_from_meta("By Jane Doe").as_deref(), Some("Jane Doe"));
        assert_eq!(
            author_from_meta("The Editorial Board").as_deref(),
            Some("The Editorial Board")
        );
        assert_eq!(
            author_from_meta("staff reports").as_deref(),
            Some("staff reports")
        );
        assert_eq!(author_from_text("More from this author"), None);
    }

    #[test]
    fn bylines_name_their_authors() {
        let cases = [
            ("By Jane Doe", "Jane Doe"),
            ("by Jane Doe and John Roe", "Jane Doe and John Roe"),
            ("By Ana de la Cruz, Reuters", "Ana de la Cruz"),
            ("Written by JANE DOE | Updated 10:30 GMT", "JANE DOE"),
            ("By Jane Doe - 3 min read", "Jane Doe"),
            ("By Jane Doe, Staff Writer", "Jane Doe"),
        ];
        for (line, name) in cases {
            assert_eq!(super::name(line).as_deref(), Some(name), "{line}");
        }
    }

    #[test]
    fn plain_sentences_starting_with_by_are_not_bylines() {
        for line in [
            "By the end of the year, prices had doubled.",
            "By 2030 the plant will close",
            "Bypass roads open",
            "By",
        ] {
            assert_eq!(name(line), None, "{line}");
        }
    }
}
