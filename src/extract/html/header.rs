//! The lines between a headline and the article text: bylines, date lines
//! and repeats of the headline. They are taken out of the body, and what they
//! say fills in an author or date the metadata did not state.

use time::Date;

use super::meta::normalize;
use super::text::{Block, BlockKind};
use crate::extract::byline;
use crate::extract::date::parse_date_line;

/// The header is looked for in at most this many blocks...
const HEADER_BLOCKS: usize = 6;
/// ...and ends at the first block this long: the lede.
const LEDE_CHARS: usize = 150;
/// Longer lines are prose, not a date or byline line.
const MAX_HEADER_LINE_CHARS: usize = 80;
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
        let author = byline::name(line);
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
