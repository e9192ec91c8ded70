//! The lines between a headline and the article text: bylines, date lines
//! and repeats of the headline. They are taken out of the body, and what they
//! say fills in an author or date the metadata did not state.

use time::Date;

use super::meta::normalize;
use super::text::{Block, BlockKind};
use crate::extract::date::parse_date_line;

/// The header is looked for in at most this many blocks...
const HEADER_BLOCKS: usize = 6;
/// ...and ends at the first block this long: the lede.
const LEDE_CHARS: usize = 150;
/// Longer lines are prose, not a date or byline line.
const MAX_HEADER_LINE_CHARS: usize = 80;
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
const NAME_PARTICLES: &[&str] = &[
    "and", "&", "und", "et", "y", "e", "van", "von", "de", "der", "den", "da", "di", "du",
    "la", "le", "del", "dos", "bin", "al", "el", "ibn", "ter", "ten",
];

/// What follows the names in a byline line: "| Updated ...", "· Sept. 11".
const BYLINE_ENDS: &[&str] = &["|", "·", "•", "—", "–", " - ", "\n", "/", " on ", " at "];

/// What the header lines said, when the body had them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Header {
    pub(super) author: Option<String>,
    pub(super) date: Option<Date>,
}

/// Removes the header lines from the first blocks of `blocks` (up to the lede)
/// and returns the first byline and date they held.
pub(super) fn strip(blocks: &mut Vec<Block>, title: &str) -> Header {
    let mut header = Header::default();
    let mut index = 0;
    while index < blocks.len().min(HEADER_BLOCKS) {
        let block = &mut blocks[index];
        if block.text.chars().count() >= LEDE_CHARS {
            break;
        }
        let kept: Vec<&str> = block
            .text
            .lines()
            .filter(|line| !header.take(line, title, block.kind))
            .collect();
        if kept.is_empty() {
            blocks.remove(index);
            continue;
        }
        block.text = kept.join("\n");
        index += 1;
    }
    header
}

/// Reads the header from a page's blocks: those after the headline, or
/// failing that those before the lede.
pub(super) fn scan(page: &[Block], title: &str, lede: Option<&str>) -> Header {
    let same = |block: &Block, text: &str| normalize(&block.text).eq_ignore_ascii_case(text);
    let lede_at = lede.and_then(|lede| page.iter().position(|b| same(b, lede)));
    let title_at = page.iter().position(|b| same(b, title));
    let zone = match (title_at, lede_at) {
        (Some(t), Some(l)) if t < l => &page[t + 1..l.min(t + 1 + HEADER_BLOCKS)],
        (Some(t), _) => &page[t + 1..page.len().min(t + 1 + HEADER_BLOCKS)],
        (None, Some(l)) => &page[l.saturating_sub(HEADER_BLOCKS)..l],
        (None, None) => &[],
    };
    let mut header = Header::default();
    for block in zone {
        for line in block.text.lines() {
            header.take(line, title, block.kind);
        }
    }
    header
}

impl Header {
    /// True if `line` is a header line; notes its byline or date if new.
    fn take(&mut self, line: &str, title: &str, kind: BlockKind) -> bool {
        let line = line.trim();
        if normalize(line).eq_ignore_ascii_case(title) {
            return true;
        }
        let author = byline_name(line);
        let date = line_date(line);
        let is_header =
            author.is_some() || date.is_some() || (kind == BlockKind::Text && is_dated(line));
        self.author = self.author.take().or(author);
        self.date = self.date.or(date);
        is_header
    }
}

/// The date of a line that is only a date, or a date beside a byline or time
/// ("By Jane Doe · Sept. 11, 2023").
fn line_date(line: &str) -> Option<Date> {
    if line.chars().count() > MAX_HEADER_LINE_CHARS {
        return None;
    }
    parse_date_line(line).or_else(|| {
        line.split(['|', '·', '•', '—', '–'])
            .find_map(parse_date_line)
    })
}

/// A short line that carries a year or a time of day and is not a sentence:
/// "Posted 19 February 2024 in News", "Updated 10:42 GMT".
fn is_dated(line: &str) -> bool {
    let has_year = line
        .split(|c: char| !c.is_ascii_digit())
        .any(|digits| digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20")));
    let has_clock = line.split_whitespace().any(|word| {
        let (hour, minute) = word.split_once(':').unwrap_or_default();
        (1..=2).contains(&hour.len())
            && minute
                .get(..2)
                .is_some_and(|m| m.bytes().all(|b| b.is_ascii_digit()))
            && hour.bytes().all(|b| b.is_ascii_digit())
    });
    // A bare "14:20" heads a live blog's entry; "Updated 14:20 GMT" is a header line.
    let has_words = line.chars().any(char::is_alphabetic);
    let sentence = line.ends_with(['.', '!', '?', '"', '”', '»']);
    line.chars().count() <= MAX_HEADER_LINE_CHARS
        && (has_year || (has_clock && has_words))
        && !sentence
}

/// The names in a byline line: "By Jane Doe and John Roe, Reuters | Updated
/// ..." -> "Jane Doe and John Roe". None unless the line starts with a byline
/// word and goes on with capitalised names.
pub(in crate::extract) fn byline_name(line: &str) -> Option<String> {
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
    byline_name(&value).or_else(|| names(&value)).or_else(|| {
        let plausible = !value.is_empty() && value.chars().count() <= MAX_HEADER_LINE_CHARS;
        plausible.then_some(value)
    })
}

/// An author from markup text (a `rel=author` link): only when it reads like a name.
pub(super) fn author_from_text(text: &str) -> Option<String> {
    let text = normalize(text);
    byline_name(&text).or_else(|| names(&text))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn block(text: &str) -> Block {
        Block {
            text: text.to_owned(),
            kind: BlockKind::Text,
            link_chars: 0,
        }
    }

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
            assert_eq!(byline_name(line).as_deref(), Some(name), "{line:?}");
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
            assert_eq!(byline_name(line), None, "{line:?}");
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
    fn header_lines_are_stripped_and_read() {
        let mut blocks = vec![
            block("Big Headline"),
            block("By Jane Doe · Sept. 11, 2023"),
            block("Posted 11 September 2023 in News"),
            block(&"The lede is long enough to be prose. ".repeat(5)),
            block("September 12, 2023"),
        ];
        let header = strip(&mut blocks, "Big headline");
        assert_eq!(header.author.as_deref(), Some("Jane Doe"));
        assert_eq!(
            header.date,
            Date::from_calendar_date(2023, time::Month::September, 11).ok()
        );
        assert_eq!(blocks.len(), 2, "text after the lede stays");
        assert!(blocks[0].text.starts_with("The lede"));
    }

    #[test]
    fn short_dated_sentences_and_headings_are_kept() {
        let mut blocks = vec![
            block("It rained in 2023."),
            Block {
                kind: BlockKind::Heading,
                ..block("2023 in review")
            },
        ];
        assert_eq!(strip(&mut blocks, "Title"), Header::default());
        assert_eq!(blocks.len(), 2);
    }

    #[test]
    fn page_header_is_read_after_the_headline() {
        let page = [
            block("Home News Sport"),
            block("By Nav Person"),
            block("Big Headline"),
            block("By Dale Hutchins\nCourier Staff Writer"),
            block("Lede text."),
            block("By Late Person"),
        ];
        let header = scan(&page, "Big Headline", Some("Lede text."));
        assert_eq!(header.author.as_deref(), Some("Dale Hutchins"));
        let before_lede = scan(&page[3..], "Missing", Some("Lede text."));
        assert_eq!(before_lede.author.as_deref(), Some("Dale Hutchins"));
        assert_eq!(scan(&page, "Missing", None), Header::default());
    }
}
