//! Plain text: headline on the first line, then an optional date/outlet header, then the body.
//!
//! The header recognition here is shared with the Markdown extractor, which
//! renders its input to plain text first.

use time::Date;

use super::date::parse_date_line;
use super::{byline, furniture};
use crate::article::Article;

/// A first line longer than this is a paragraph, not a headline.
const MAX_TITLE_CHARS: usize = 300;
/// Length of the title cut from such a paragraph.
const SHORT_TITLE_CHARS: usize = 100;
/// Title repeats are only dropped from the header, which ends at the first
/// long line (real prose) or after this many non-empty lines.
const HEADER_LINES: usize = 10;
const HEADER_LONG_LINE_CHARS: usize = 200;
/// The date line must come within this many non-empty lines after the title.
const DATE_WITHIN_LINES: usize = 8;

const MAX_SOURCE_CHARS: usize = 40;
const MAX_SOURCE_WORDS: usize = 5;

/// Well-known outlets and wire services, compared case-insensitively.
#[rustfmt::skip]
const KNOWN_OUTLETS: &[&str] = &[
    "Reuters", "Associated Press", "AP", "AFP", "Agence France-Presse", "Bloomberg",
    "BBC", "CNN", "CNBC", "MSNBC", "NPR", "PBS", "UPI", "Al Jazeera", "Axios",
    "Politico", "Forbes", "Fortune", "Wired", "TechCrunch", "The Verge", "Ars Technica",
    "Engadget", "Gizmodo", "Mashable", "VentureBeat", "ZDNet", "CNET", "Vox", "Quartz",
    "The Atlantic", "The Hindu", "YourStory", "Deutsche Welle", "DW", "Euronews",
    "Xinhua", "Yonhap", "Kyodo", "PTI", "ANI", "IANS", "Dow Jones", "Nikkei Asia",
    "ProPublica", "Semafor",
];

/// Words that mark a short line as an outlet's name ("ABC News", "The Irish Times").
#[rustfmt::skip]
const OUTLET_WORDS: &[&str] = &[
    "News", "Times", "Post", "Journal", "Herald", "Tribune", "Gazette", "Guardian",
    "Telegraph", "Chronicle", "Press", "Daily", "Wire", "Observer", "Standard",
    "Express", "Mail", "Magazine", "Insider", "Today", "Review", "Reporter", "Radio",
    "Network", "Broadcasting", "Agency", "Media", "Independent", "Economist",
];

/// Section labels that look like names but are not outlets ("Breaking News").
#[rustfmt::skip]
const NOT_OUTLET_WORDS: &[&str] = &[
    "Breaking", "Opinion", "Exclusive", "Analysis", "Editorial", "Sponsored",
    "Advertisement",
];

/// Lower-case words allowed inside an outlet's name ("Press Trust of India").
const MINOR_WORDS: &[&str] = &["&", "of", "the", "and", "de", "la"];

/// What the lines after the title say about the article.
struct Header<'a> {
    date: Option<Date>,
    source: Option<String>,
    author: Option<String>,
    /// The lines left for the body, blank lines kept.
    rest: Vec<&'a str>,
}

/// Extracts the article from decoded, `\n`-separated plain text; None if it has no text.
pub(super) fn extract(text: &str) -> Option<Article> {
    article_from_plain(text, None)
}

/// Builds an article from plain text. `title` is the headline when the format
/// marks one up; otherwise the first non-empty line is taken.
pub(super) fn article_from_plain(text: &str, title: Option<String>) -> Option<Article> {
    let lines: Vec<&str> = text.lines().collect();
    let (title, body_lines) = match title {
        Some(title) => (title, lines.as_slice()),
        None => title_from_first_line(&lines)?,
    };
    let mut header = split_header(body_lines, &title);
    if let Some(start) = furniture::trailer_start(&header.rest) {
        header.rest.truncate(start);
    }
    Some(Article {
        title,
        body: join_paragraphs(&header.rest),
        date: header.date,
        source: header.source,
        author: header.author,
        ..Article::default()
    })
}

/// The title and the lines that follow it; a paragraph-long first line yields
/// a shortened title and stays in the body, so no text is lost.
fn title_from_first_line<'a>(lines: &'a [&'a str]) -> Option<(String, &'a [&'a str])> {
    let (pos, line) = lines
        .iter()
        .enumerate()
        .find(|(_, line)| !line.trim().is_empty())?;
    let line = line.trim();
    if longer_than(line, MAX_TITLE_CHARS) {
        Some((shorten(line, SHORT_TITLE_CHARS), lines.get(pos..)?))
    } else {
        Some((line.to_owned(), lines.get(pos + 1..)?))
    }
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

/// Takes the date and outlet lines and repeats of the title out of the lines
/// that follow the title.
fn split_header<'a>(lines: &[&'a str], title: &str) -> Header<'a> {
    let mut header = Header {
        date: None,
        source: None,
        author: None,
        rest: Vec::with_capacity(lines.len()),
    };
    let mut non_empty = 0;
    let mut in_header = true;
    let mut after_date = false;
    for &line in lines {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            header.rest.push("");
            continue;
        }
        non_empty += 1;
        in_header =
            in_header && non_empty <= HEADER_LINES && !longer_than(trimmed, HEADER_LONG_LINE_CHARS);
        let follows_date = std::mem::take(&mut after_date);
        if in_header && trimmed == title {
            continue;
        }
        if header.date.is_none() && non_empty <= DATE_WITHIN_LINES {
            if let Some(date) = parse_date_line(trimmed) {
                header.date = Some(date);
                after_date = true;
                continue;
            }
        }
        if follows_date && is_source(trimmed) {
            header.source = Some(trimmed.to_owned());
            continue;
        }
        if in_header && furniture::is_reading_time(trimmed) {
            continue;
        }
        if in_header && header.author.is_none() {
            if let Some(author) = byline::name(trimmed) {
                header.author = Some(author);
                continue;
            }
        }
        header.rest.push(line);
    }
    header
}

/// True if a short line clearly names an outlet: capitalised like a name and
/// either a well-known outlet or built around a word such as "News" or "Times".
fn is_source(line: &str) -> bool {
    if longer_than(line, MAX_SOURCE_CHARS)
        || line.chars().any(char::is_numeric)
        || line.ends_with(['.', '!', '?', ':', ';'])
    {
        return false;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let is_name = !words.is_empty()
        && words.len() <= MAX_SOURCE_WORDS
        && words.iter().all(|word| is_capitalised(word))
        && !words
            .iter()
            .any(|word| contains_word(NOT_OUTLET_WORDS, word));
    if !is_name {
        return false;
    }
    let name = words.join(" ");
    KNOWN_OUTLETS.iter().any(|o| o.eq_ignore_ascii_case(&name))
        || words
            .iter()
            .flat_map(|word| word.split('-'))
            .any(|word| contains_word(OUTLET_WORDS, word))
}

fn is_capitalised(word: &str) -> bool {
    MINOR_WORDS.contains(&word) || word.chars().next().is_some_and(char::is_uppercase)
}

fn contains_word(list: &[&str], word: &str) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
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

/// True if `s` has more than `n` characters, without counting a huge line to the end.
fn longer_than(s: &str, n: usize) -> bool {
    s.len() > n && s.chars().nth(n).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Month;

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
    fn whitespace_only_text_has_no_article() {
        assert_eq!(extract(" \n\t\n"), None);
    }
}
