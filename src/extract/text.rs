//! Plain text: headline on the first line, then an optional header (date,
//! outlet, byline; see `header`), then the body. A first line that is a
//! paragraph is no headline: it leads the body and its first sentence is the
//! title. A wire dateline opening the body gives a date and a source.
//!
//! Markdown, rendered to plain text, is read here too.

use super::header::{self, longer_than, Header};
use super::{dateline, furniture};
use crate::article::Article;

/// A first line longer than this is a paragraph, not a headline.
const MAX_TITLE_CHARS: usize = 200;
/// A first line ending in a full stop is a paragraph from this many words on.
const PARAGRAPH_WORDS: usize = 12;
/// Length of the title cut from a paragraph.
const SHORT_TITLE_CHARS: usize = 100;

/// How a text opens.
enum Opening<'a> {
    /// A headline, and the lines after it.
    Headline(&'a str, &'a [&'a str]),
    /// A paragraph of text: no headline; the lines from the paragraph on.
    Paragraph(&'a [&'a str]),
}

/// Extracts the article from decoded, `\n`-separated plain text; None if it has no text.
pub(super) fn extract(text: &str) -> Option<Article> {
    article_from_plain(text, None)
}

/// Builds an article from plain text. `title` is the headline when the format
/// marks one up; otherwise the first non-empty line is, unless it is a
/// paragraph, whose first sentence is then the title.
pub(super) fn article_from_plain(text: &str, title: Option<String>) -> Option<Article> {
    let lines: Vec<&str> = text.lines().collect();
    let (title, mut header) = match title {
        Some(title) => {
            let header = header::split(&lines, &title);
            (Some(title), header)
        }
        None => match opening(&lines)? {
            Opening::Headline(title, after) => {
                (Some(title.to_owned()), header::split(after, title))
            }
            Opening::Paragraph(from) => (
                None,
                Header {
                    rest: from.to_vec(),
                    ..Header::default()
                },
            ),
        },
    };
    if let Some(start) = furniture::trailer_start(&header.rest) {
        header.rest.truncate(start);
    }
    let (body, story_start) = without_wire_dateline(join_paragraphs(&header.rest), &mut header);
    let title =
        title.unwrap_or_else(|| title_from_paragraph(body.get(story_start..).unwrap_or_default()));
    Some(Article {
        title,
        body,
        date: header.date,
        source: header.source,
        author: header.author,
        ..Article::default()
    })
}

/// Whether the first non-empty line is a headline or a paragraph.
fn opening<'a>(lines: &'a [&'a str]) -> Option<Opening<'a>> {
    let pos = lines.iter().position(|line| !line.trim().is_empty())?;
    let line = lines[pos].trim();
    let after = lines.get(pos + 1..)?;
    let alone = after.iter().all(|line| line.trim().is_empty());
    Some(if is_paragraph(line, alone) {
        Opening::Paragraph(lines.get(pos..)?)
    } else {
        Opening::Headline(line, after)
    })
}

/// A first line that is prose, not a headline: longer than any headline, a
/// sentence of many words ending in a full stop, or, when it is all the text
/// there is, any sentence. ("Café au lait" alone is still a headline.)
fn is_paragraph(line: &str, alone: bool) -> bool {
    let end = line.trim_end_matches(['"', '\'', '”', '’', ')', '»']);
    let full_stop = end.ends_with('.');
    longer_than(line, MAX_TITLE_CHARS)
        || (full_stop && line.split_whitespace().count() >= PARAGRAPH_WORDS)
        || (alone && (full_stop || end.ends_with(['!', '?'])))
}

/// A title for text that has none: its first sentence, cut at a word boundary
/// when that is too long for a headline.
fn title_from_paragraph(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    let sentence = first_sentence(line, SHORT_TITLE_CHARS).unwrap_or(line);
    if longer_than(sentence, SHORT_TITLE_CHARS) {
        shorten(sentence, SHORT_TITLE_CHARS)
    } else {
        sentence.to_owned()
    }
}

/// The body without the date and agency of a wire dateline it opens with
/// ("LONDON, March 14, 2017 (Reuters) - " becomes "LONDON - "), which go to
/// the header where it states none; and where the story's own words start.
fn without_wire_dateline(body: String, header: &mut Header<'_>) -> (String, usize) {
    let Some(wire) = dateline::read(&body) else {
        return (body, 0);
    };
    header.date = header.date.or(wire.date);
    header.source = header
        .source
        .take()
        .or_else(|| Some(wire.agency.to_owned()));
    let text = wire.text_with_place();
    let story_start = text.len() - wire.text.len();
    (text, story_start)
}

/// The first sentence of `line`, if it ends within `max_chars`. A period
/// ends a sentence only after a lower-case word, so "U.S." and "Mr." do not.
pub(super) fn first_sentence(line: &str, max_chars: usize) -> Option<&str> {
    let mut before = ['\0'; 2];
    for (count, (i, c)) in line.char_indices().enumerate().take(max_chars + 1) {
        let ends = match c {
            '.' => before.iter().all(|b| b.is_lowercase()),
            '!' | '?' => true,
            _ => false,
        };
        let next = line.get(i + 1..).and_then(|rest| rest.strip_prefix(' '));
        let capital_next = next.is_some_and(|rest| rest.starts_with(char::is_uppercase));
        if ends && capital_next && count >= 20 {
            return line.get(..=i);
        }
        before = [before[1], c];
    }
    None
}

/// Cuts `line` at a word boundary to at most `max_chars` characters and adds "…".
pub(super) fn shorten(line: &str, max_chars: usize) -> String {
    let end = line
        .char_indices()
        .nth(max_chars)
        .map_or(line.len(), |(i, _)| i);
    let (head, tail) = line.split_at(end);
    let ends_on_word = tail.chars().next().is_none_or(char::is_whitespace);
    let cut = match head.rfind(char::is_whitespace) {
        // Scripts without spaces (CJK) or one giant word: cut mid-word
        // rather than leave a stub of a title.
        Some(space) if !ends_on_word && space >= head.len() / 2 => line.split_at(space).0,
        _ => head,
    };
    let cut = cut.trim_end_matches(|c: char| c.is_whitespace() || ",;:-–—".contains(c));
    format!("{cut}…")
}

/// Joins lines into the body: trailing spaces and leading blank lines removed,
/// runs of blank lines (some left by removed header lines) collapsed into one.
fn join_paragraphs(lines: &[&str]) -> String {
    let mut out = String::new();
    let mut blank_before = false;
    for line in lines {
        let line = line.trim_end();
        if line.trim_start().is_empty() {
            blank_before = !out.is_empty();
            continue;
        }
        if out.is_empty() {
            out.push_str(line.trim_start());
        } else {
            out.push_str(if blank_before { "\n\n" } else { "\n" });
            out.push_str(line);
        }
        blank_before = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::{Date, Month};

    fn article(text: &str) -> Article {
        extract(text).expect("text has an article")
    }

    fn sep_11() -> Option<Date> {
        Date::from_calendar_date(2023, Month::September, 11).ok()
    }

    #[test]
    fn bundled_article_has_title_date_and_clean_body() {
        let text = include_str!("../../corpus/000_d1f253cec5df7d15.txt");
        let article = article(text);
        let title = "Mark Zuckerberg's Meta: Setting the Stage for an AI Revolution against OpenAI";
        assert_eq!(article.title, title);
        assert_eq!(article.date, sep_11());
        assert_eq!(article.source, None);
        assert!(!article.body.contains(title));
        assert!(article
            .body
            .starts_with("Meta unveils a groundbreaking AI initiative"));
        assert!(article.body.contains("Nvidia H100"));
        assert!(!article.body.contains("Monday September 11, 2023"));
        assert!(!article.body.contains("\n\n\n"));
    }

    #[test]
    fn reuters_header_gives_date_and_source() {
        let article = article("Title\n\nSeptember 11, 2023\nReuters\nFirst paragraph.\n");
        assert_eq!(article.title, "Title");
        assert_eq!(article.date, sep_11());
        assert_eq!(article.source.as_deref(), Some("Reuters"));
        assert_eq!(article.body, "First paragraph.");
    }

    #[test]
    fn outlet_word_names_are_sources() {
        for name in [
            "ABC News",
            "The New York Times",
            "Press Trust of India",
            "BBC",
        ] {
            let text = format!("Title\n\nSeptember 11, 2023\n\n{name}\n\nBody.");
            assert_eq!(article(&text).source.as_deref(), Some(name), "{name}");
        }
    }

    #[test]
    fn lines_that_are_not_outlets_stay_in_the_body() {
        for line in [
            "Breaking",
            "Opinion",
            "Breaking News",
            "Reuters.",
            "The company said",
            "Local Times Are Changing In This Town Now",
        ] {
            let text = format!("Title\nSeptember 11, 2023\n{line}\nBody.");
            let article = article(&text);
            assert_eq!(article.source, None, "{line}");
            assert_eq!(article.body, format!("{line}\nBody."));
        }
    }

    #[test]
    fn byline_gives_the_author_and_furniture_leaves_the_body() {
        let text = "Title\n\nSeptember 11, 2023\nBy Jane Doe\n3 min Read\n\nThe first paragraph of the story.\n\nThe second paragraph.\n\nAlso Read\nAnother headline";
        let article = article(text);
        assert_eq!(article.author.as_deref(), Some("Jane Doe"));
        assert_eq!(
            article.body,
            "The first paragraph of the story.\n\nThe second paragraph."
        );
    }

    #[test]
    fn source_must_follow_the_date_line() {
        let article = article("Title\nReuters\nSeptember 11, 2023\nBody.");
        assert_eq!(article.source, None);
        assert_eq!(article.body, "Reuters\nBody.");
    }

    #[test]
    fn only_the_first_date_line_is_taken() {
        let article = article("Title\nSeptember 11, 2023\nSeptember 12, 2023\nBody.");
        assert_eq!(article.date, sep_11());
        assert_eq!(article.body, "September 12, 2023\nBody.");
    }

    #[test]
    fn date_far_below_the_title_is_body_text() {
        let text = "Title\n1\n2\n3\n4\n5\n6\n7\n8\nSeptember 11, 2023\n";
        let article = article(text);
        assert_eq!(article.date, None);
        assert!(article.body.ends_with("September 11, 2023"));
    }

    #[test]
    fn title_repeat_after_long_line_is_kept() {
        let long = "word ".repeat(50);
        let article = article(&format!("Title\n\n{long}\n\nTitle\n"));
        assert!(article.body.ends_with("\n\nTitle"));
    }

    #[test]
    fn removed_lines_leave_a_single_blank_line() {
        let article = article("Title\n\nFirst.\n\n\nTitle\n\n\n\nSecond.\nThird.\n");
        assert_eq!(article.body, "First.\n\nSecond.\nThird.");
    }

    #[test]
    fn title_only_gives_empty_body() {
        let article = article("\n\n  Café au lait  \n\n");
        assert_eq!(article.title, "Café au lait");
        assert_eq!(article.body, "");
    }

    #[test]
    fn paragraph_long_first_line_is_shortened_and_kept_in_body() {
        let line = "Lorem ipsum dolor sit amet, consectetur ".repeat(10);
        let article = article(&format!("{line}\nMore."));
        assert!(article.title.ends_with('…'));
        assert!(article.title.chars().count() <= SHORT_TITLE_CHARS + 1);
        assert!(line.starts_with(article.title.trim_end_matches('…')));
        let expected = format!(
            "{}Lorem ipsum dolor…",
            "Lorem ipsum dolor sit amet, consectetur ".repeat(2)
        );
        assert_eq!(article.title, expected);
        assert_eq!(article.body, format!("{}\nMore.", line.trim()));
    }

    #[test]
    fn long_cjk_first_line_is_cut_at_a_char_boundary() {
        let line = "人工智能革命".repeat(60);
        let article = article(&line);
        assert_eq!(article.title.chars().count(), SHORT_TITLE_CHARS + 1);
        assert_eq!(article.body, line);
    }

    #[test]
    fn long_accented_first_line_is_cut_at_a_word() {
        let line = "Élégant café crème brûlée ".repeat(20);
        let article = article(&line);
        assert!(line.starts_with(article.title.trim_end_matches('…')));
        assert!(article.title.chars().count() <= SHORT_TITLE_CHARS + 1);
        assert!(!article.title.contains(" …"));
    }

    #[test]
    fn outlet_line_is_known_by_its_place_and_shape_not_a_list() {
        for name in [
            "TASS",
            "RTÉ",
            "HuffPost",
            "The Irish Times",
            "France 24",
            "rte.ie",
        ] {
            let text = format!("Title\n\nMarch 14, 2017\n{name}\n\nTalks began on Tuesday.\n");
            let article = article(&text);
            assert_eq!(article.source.as_deref(), Some(name), "{name}");
            assert_eq!(article.body, "Talks began on Tuesday.", "{name}");
        }
        // Short lines of text in the same place are no outlets.
        for line in [
            "Maria García",
            "It Rained.",
            "Talks Resume!",
            "Watch Live",
            "By Reuters",
        ] {
            let text = format!("Title\nMarch 14, 2017\n{line}\nBody.");
            let article = article(&text);
            assert_eq!(article.source, None, "{line}");
            assert_eq!(article.body, format!("{line}\nBody."));
        }
    }

    #[test]
    fn wire_dateline_gives_date_and_source_and_keeps_its_place() {
        let article = article(
            "Copper hits high\n\nLONDON, March 14, 2017 (Reuters) - Copper rose.\n\nMore.\n",
        );
        let mar_14 = Date::from_calendar_date(2017, Month::March, 14).ok();
        assert_eq!(article.date, mar_14);
        assert_eq!(article.source.as_deref(), Some("Reuters"));
        assert_eq!(article.body, "LONDON - Copper rose.\n\nMore.");
        // A place without an agency is only text.
        let plain = self::article("Title\nSeptember 11, 2023\nWASHINGTON — The Senate voted.");
        assert_eq!(plain.source, None);
        assert_eq!(plain.body, "WASHINGTON — The Senate voted.");
    }

    #[test]
    fn header_outranks_the_wire_dateline() {
        let article = article(
            "Title\nSeptember 11, 2023\nThe Irish Times\nDUBLIN, March 14, 2017 (Reuters) - Text.",
        );
        assert_eq!(article.date, sep_11());
        assert_eq!(article.source.as_deref(), Some("The Irish Times"));
        assert_eq!(article.body, "DUBLIN - Text.");
    }

    #[test]
    fn date_line_may_be_a_timestamp_or_carry_the_byline() {
        for line in [
            "2023-09-11T14:05:00Z",
            "Published: 2023-09-11T14:05:00+02:00",
            "Published 11 September 2023 by Maria García",
        ] {
            let article = article(&format!("Title\n{line}\nHuffPost\n\nBody."));
            assert_eq!(article.date, sep_11(), "{line}");
            assert_eq!(article.source.as_deref(), Some("HuffPost"), "{line}");
            assert_eq!(article.body, "Body.", "{line}");
        }
        let article = article("Title\nPublished 11 September 2023 by Maria García\nBody.");
        assert_eq!(article.author.as_deref(), Some("Maria García"));
    }

    #[test]
    fn one_paragraph_text_is_body_titled_by_its_first_sentence() {
        let text = "The council approved the budget after midnight. The session lasted nine hours.";
        for file in [text.to_owned(), format!("\n{text}\n\n")] {
            let article = article(&file);
            assert_eq!(
                article.title,
                "The council approved the budget after midnight."
            );
            assert_eq!(article.body, text);
        }
        let article = article("Voters go to the polls.");
        assert_eq!(article.title, "Voters go to the polls.");
        assert_eq!(article.body, "Voters go to the polls.");
    }

    #[test]
    fn a_first_line_of_prose_leads_the_body() {
        let lede = "The council approved next year's budget shortly after midnight, ending a long session.";
        let article = article(&format!(
            "{lede}\n\nSeptember 11, 2023\n\nSecond paragraph."
        ));
        assert_eq!(article.title, lede);
        assert_eq!(article.date, None);
        assert_eq!(
            article.body,
            format!("{lede}\n\nSeptember 11, 2023\n\nSecond paragraph.")
        );
        // A short headline ending in a full stop is still a headline.
        let headline = self::article("Council approves budget.\n\nThe vote came after midnight.");
        assert_eq!(headline.title, "Council approves budget.");
        assert_eq!(headline.body, "The vote came after midnight.");
    }

    #[test]
    fn long_first_sentence_gives_a_title_cut_at_a_word() {
        let sentence = format!(
            "The council {}approved the budget.",
            "met again and ".repeat(10)
        );
        let article = article(&format!("{sentence} It was late."));
        assert!(article.title.ends_with('…'), "{}", article.title);
        assert!(article.title.chars().count() <= SHORT_TITLE_CHARS + 1);
        assert!(sentence.starts_with(article.title.trim_end_matches('…')));
        assert!(!article.title.ends_with(" …"));
    }

    #[test]
    fn wire_dateline_is_not_the_title_of_a_one_paragraph_text() {
        let article = article("LONDON (Reuters) - Copper prices rose on Tuesday. Traders cheered.");
        assert_eq!(article.title, "Copper prices rose on Tuesday.");
        assert_eq!(article.source.as_deref(), Some("Reuters"));
        assert_eq!(
            article.body,
            "LONDON - Copper prices rose on Tuesday. Traders cheered."
        );
    }

    #[test]
    fn whitespace_only_text_has_no_article() {
        assert_eq!(extract(" \n\t\n"), None);
    }
}
