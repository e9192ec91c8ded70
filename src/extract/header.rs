//! The header of a plain-text article: the lines between the headline and the
//! text that state its date, outlet and author ("September 11, 2023",
//! "TASS", "Published 9 February 2017 by Maria García"), reading times, and
//! repeats of the headline. Markdown, rendered to plain text, is read here too.

use time::Date;

use super::date::parse_date_line;
use super::{byline, furniture, outlet};

/// Title repeats, bylines and reading times are only taken from the header,
/// which ends at the first long line (real prose) or after this many
/// non-empty lines.
const HEADER_LINES: usize = 10;
const HEADER_LONG_LINE_CHARS: usize = 200;
/// The date line must come within this many non-empty lines after the title.
const DATE_WITHIN_LINES: usize = 8;

/// What parts a date from a byline on one line; " by " starts the byline.
const SEPARATORS: [&str; 7] = [" by ", "|", "·", "•", "—", "–", " - "];

/// What the lines after the title say about the article.
#[derive(Debug, Default)]
pub(super) struct Header<'a> {
    pub(super) date: Option<Date>,
    pub(super) source: Option<String>,
    pub(super) author: Option<String>,
    /// The lines left for the body, blank lines kept.
    pub(super) rest: Vec<&'a str>,
}

/// Where a line stands: what it may be taken for.
struct Place {
    /// Among the first short lines: a byline, a reading time or a title repeat.
    in_header: bool,
    /// Near enough the title for a date line.
    near_top: bool,
    /// Right after the date line (or header lines after it): an outlet line.
    after_date: bool,
}

/// What became of a line.
#[derive(PartialEq, Eq)]
enum Taken {
    Date,
    Other,
    No,
}

/// Takes the date, outlet and byline lines and repeats of the title out of
/// the lines that follow the title.
pub(super) fn split<'a>(lines: &[&'a str], title: &str) -> Header<'a> {
    let mut header = Header {
        rest: Vec::with_capacity(lines.len()),
        ..Header::default()
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
        let place = Place {
            in_header,
            near_top: non_empty <= DATE_WITHIN_LINES,
            after_date,
        };
        match header.take(trimmed, title, &place) {
            Taken::Date => after_date = true,
            Taken::Other => {}
            Taken::No => {
                after_date = false;
                header.rest.push(line);
            }
        }
    }
    header
}

impl Header<'_> {
    /// Takes `line` into the header if it is one of its lines.
    fn take(&mut self, line: &str, title: &str, place: &Place) -> Taken {
        if place.in_header && line == title {
            return Taken::Other;
        }
        if self.date.is_none() && place.near_top {
            if let Some(date) = parse_date_line(line) {
                self.date = Some(date);
                return Taken::Date;
            }
            let dated = place.in_header.then(|| dated_byline(line)).flatten();
            if let Some((date, author)) = dated {
                self.date = Some(date);
                self.author = self.author.take().or(Some(author));
                return Taken::Date;
            }
        }
        if place.in_header && furniture::is_reading_time(line) {
            return Taken::Other;
        }
        if place.in_header && self.author.is_none() {
            if let Some(author) = byline::name(line) {
                self.author = Some(author);
                return Taken::Other;
            }
        }
        if place.after_date && self.source.is_none() && outlet::is_outlet_name(line) {
            self.source = Some(line.to_owned());
            return Taken::Other;
        }
        Taken::No
    }
}

/// A line holding both a date and a byline, either first: "Published 9
/// February 2017 by Maria García", "By Jane Doe | Sept. 11, 2023 | 4 min read".
fn dated_byline(line: &str) -> Option<(Date, String)> {
    let line = without_reading_time(line);
    // ASCII lower-casing keeps byte offsets, so " By " is found as " by ".
    let lower = line.to_ascii_lowercase();
    SEPARATORS.iter().find_map(|separator| {
        lower.match_indices(separator).find_map(|(at, _)| {
            let (left, right) = line.split_at(at);
            let right = match *separator {
                " by " => right.trim_start(),
                _ => right.get(separator.len()..)?,
            };
            let date_first = parse_date_line(left).zip(byline::name(right));
            date_first.or_else(|| {
                byline::name(left)
                    .zip(parse_date_line(right))
                    .map(|(a, d)| (d, a))
            })
        })
    })
}

/// The line without a reading time at its end: "... | 4 min read".
fn without_reading_time(line: &str) -> &str {
    match line.rsplit_once(['|', '·', '•', '—', '–']) {
        Some((head, tail)) if furniture::is_reading_time(tail) => head.trim_end(),
        _ => line,
    }
}

/// True if `s` has more than `n` characters, without counting a huge line to the end.
pub(super) fn longer_than(s: &str, n: usize) -> bool {
    s.len() > n && s.chars().nth(n).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Month;

    fn date(year: i32, month: Month, day: u8) -> Option<Date> {
        Date::from_calendar_date(year, month, day).ok()
    }

    #[test]
    fn a_date_and_a_byline_share_a_line_either_way_round() {
        let feb_9 = date(2017, Month::February, 9);
        let sep_11 = date(2023, Month::September, 11);
        for (line, when, name) in [
            (
                "Published 09 February 2017 by Maria García",
                feb_9,
                "Maria García",
            ),
            ("9 February 2017, By Maria García", feb_9, "Maria García"),
            ("By Jane Doe | Sept. 11, 2023", sep_11, "Jane Doe"),
            (
                "By Jane Doe · September 11, 2023 · 4 min read",
                sep_11,
                "Jane Doe",
            ),
            (
                "September 11, 2023 — By Jane Doe, Reuters",
                sep_11,
                "Jane Doe",
            ),
            (
                "By Kwame Asante | Updated Sept. 11, 2023 4:12 PM EDT",
                sep_11,
                "Kwame Asante",
            ),
        ] {
            let got = dated_byline(line);
            assert_eq!(got.clone().map(|g| g.0), when, "{line:?}");
            assert_eq!(got.map(|g| g.1).as_deref(), Some(name), "{line:?}");
        }
    }

    #[test]
    fn lines_without_both_are_not_dated_bylines() {
        for line in [
            "By Jane Doe",
            "September 11, 2023",
            "Published 09 February 2017 by the council",
            "Stand by me | September 11, 2023",
            "The plan was approved on September 11, 2023 by Jane Doe",
        ] {
            assert_eq!(dated_byline(line), None, "{line:?}");
        }
    }

    #[test]
    fn header_lines_between_date_and_outlet_keep_the_outlet_line_in_place() {
        let lines = ["September 11, 2023", "By Jane Doe", "TASS", "Body text."];
        let header = split(&lines, "Title");
        assert_eq!(header.source.as_deref(), Some("TASS"));
        assert_eq!(header.author.as_deref(), Some("Jane Doe"));
        assert_eq!(header.rest, ["Body text."]);
    }

    #[test]
    fn an_outlet_shaped_line_away_from_the_date_is_text() {
        let lines = ["September 11, 2023", "Body text.", "TASS"];
        let header = split(&lines, "Title");
        assert_eq!(header.source, None);
        assert_eq!(header.rest, ["Body text.", "TASS"]);
    }
}
