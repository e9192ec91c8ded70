//! Wire datelines that open a story: "LONDON, March 14, 2017 (Reuters) - ",
//! "ASTANA, March 14. /TASS/. ", "SPRINGFIELD, Ill. (AP) — ". The agency in
//! parentheses or slashes is a source and a dated dateline gives the date;
//! the place is the story's word and stays in its text.

use time::Date;

use super::date::{is_day_and_month, parse_date_line};
use crate::text::floor_boundary;

/// The agency must open within this many bytes of the text.
const MAX_DATELINE_BYTES: usize = 120;
const MAX_PLACE_WORDS: usize = 4;
const MAX_REGION_WORDS: usize = 3;
const MAX_REGION_CHARS: usize = 24;
const MAX_AGENCY_CHARS: usize = 40;
/// Room for that many characters, however many bytes each takes.
const MAX_AGENCY_BYTES: usize = 4 * MAX_AGENCY_CHARS;
const MAX_AGENCY_WORDS: usize = 4;
/// Dashes that end a dateline, longest first.
const DASHES: [&str; 4] = ["--", "—", "–", "-"];

/// What a wire dateline at the start of a text says.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct WireDateline<'a> {
    /// The place as written, with its region: "LONDON", "SPRINGFIELD, Ill.".
    pub(super) place: &'a str,
    /// The date, when the dateline gives one with its year.
    pub(super) date: Option<Date>,
    /// The agency: "Reuters", "TASS".
    pub(super) agency: &'a str,
    /// The dash that ended the dateline, "—" when it ended with a full stop.
    pub(super) dash: &'a str,
    /// The text after the dateline.
    pub(super) text: &'a str,
}

impl WireDateline<'_> {
    /// The text with only its place left of the dateline: "LONDON - Copper ...".
    pub(super) fn text_with_place(&self) -> String {
        format!("{} {} {}", self.place, self.dash, self.text)
    }
}

/// The wire dateline `text` opens with, if any: an upper-case place, perhaps
/// a region and a date, then an agency in parentheses or slashes, then a
/// dash (or a full stop) before the story. "WASHINGTON — " alone is no wire
/// dateline: without an agency there is nothing to take out of the text.
pub(super) fn read(text: &str) -> Option<WireDateline<'_>> {
    // Only the opening is looked at, however long the text.
    let open = text[..floor_boundary(text, MAX_DATELINE_BYTES)].find(['(', '/'])?;
    let (head, after_open) = text.split_at(open);
    let close = if after_open.starts_with('(') {
        ')'
    } else {
        '/'
    };
    let inner = after_open.get(1..)?;
    let close_at = inner[..floor_boundary(inner, MAX_AGENCY_BYTES)].find(close)?;
    let (agency, after) = (&inner[..close_at], &inner[close_at + 1..]);
    let (place, date) = place_and_date(head)?;
    let (dash, story) = story_after(after)?;
    is_agency(agency).then_some(WireDateline {
        place,
        date,
        agency,
        dash,
        text: story,
    })
}

/// "LONDON, March 14, 2017", "SPRINGFIELD, Ill.", "ROTTERDAM, Sept 12": the
/// place (with its region) and the date, if it gives a year.
fn place_and_date(head: &str) -> Option<(&str, Option<Date>)> {
    let head = head.trim_end();
    let Some((place, rest)) = head.split_once(',') else {
        return is_place(head).then_some((head, None));
    };
    if !is_place(place) {
        return None;
    }
    if let Some(date) = dateline_date(rest) {
        return Some((place, date));
    }
    let (region, date) = match rest.split_once(',') {
        Some((region, date)) => (region, dateline_date(date)?),
        None => (rest, None),
    };
    let place_with_region = head.get(..place.len() + 1 + region.len())?;
    is_region(region).then_some((place_with_region, date))
}

/// Some(date) for a date, with None inside when it has no year ("Sept 12").
fn dateline_date(text: &str) -> Option<Option<Date>> {
    let text = text.trim().trim_end_matches('.');
    match parse_date_line(text) {
        Some(date) => Some(Some(date)),
        None => is_day_and_month(text).then_some(None),
    }
}

/// Upper-case words: "LONDON", "ST. LOUIS", "SÃO PAULO", "N'DJAMENA".
fn is_place(place: &str) -> bool {
    let words = place.split_whitespace().count();
    (1..=MAX_PLACE_WORDS).contains(&words)
        && place.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && place
            .chars()
            .all(|c| c.is_uppercase() || c.is_whitespace() || ".'’-".contains(c))
}

/// "Ill.", "D.C.", "Afghanistan": a short capitalised name after the place.
fn is_region(region: &str) -> bool {
    let region = region.trim();
    let words = region.split_whitespace().count();
    (1..=MAX_REGION_WORDS).contains(&words)
        && region.chars().count() <= MAX_REGION_CHARS
        && region.starts_with(char::is_uppercase)
        && region
            .chars()
            .all(|c| c.is_alphabetic() || c.is_whitespace() || ".'’-".contains(c))
}

/// "Reuters", "AP", "RIA Novosti": a short name of capitalised words, no
/// digits, no punctuation ("NASA (the agency) -" is no dateline).
fn is_agency(agency: &str) -> bool {
    let words: Vec<&str> = agency.split_whitespace().collect();
    (1..=MAX_AGENCY_WORDS).contains(&words.len())
        && agency.chars().count() <= MAX_AGENCY_CHARS
        && words
            .iter()
            .all(|word| word.starts_with(char::is_uppercase))
        && agency
            .chars()
            .all(|c| c.is_alphabetic() || c.is_whitespace() || "&'’-".contains(c))
}

/// The dash ending the dateline and the story after it: " - Copper ...",
/// ". Kazakhstan's ..." (TASS writes a full stop, not a dash).
fn story_after(after: &str) -> Option<(&str, &str)> {
    let (stop, after) = match after.strip_prefix(['.', ':']) {
        Some(rest) => (true, rest),
        None => (false, after),
    };
    let trimmed = after.trim_start();
    let dash = DASHES.iter().find(|dash| trimmed.starts_with(**dash));
    let (dash, story) = match dash {
        Some(dash) => (*dash, trimmed.get(dash.len()..)?.trim_start()),
        None if stop && trimmed.len() < after.len() => ("—", trimmed),
        None => return None,
    };
    (!story.is_empty()).then_some((dash, story))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Month;

    fn date(year: i32, month: Month, day: u8) -> Option<Date> {
        Date::from_calendar_date(year, month, day).ok()
    }

    #[test]
    fn wire_datelines_give_place_date_and_agency() {
        let cases = [
            (
                "LONDON, March 14, 2017 (Reuters) - Copper rose.",
                ("LONDON", date(2017, Month::March, 14), "Reuters", "-"),
            ),
            (
                "ASTANA, March 14. /TASS/. Talks began.",
                ("ASTANA", None, "TASS", "—"),
            ),
            (
                "SPRINGFIELD, Ill. (AP) — Lawmakers met.",
                ("SPRINGFIELD, Ill.", None, "AP", "—"),
            ),
            (
                "BEIJING, March 14 (Xinhua) -- China said.",
                ("BEIJING", None, "Xinhua", "--"),
            ),
            (
                "NEW YORK, March 14, 2017 /PRNewswire/ -- Acme said.",
                ("NEW YORK", date(2017, Month::March, 14), "PRNewswire", "--"),
            ),
            (
                "KABUL, Afghanistan, 14 March 2017 (AFP) - Fighting.",
                (
                    "KABUL, Afghanistan",
                    date(2017, Month::March, 14),
                    "AFP",
                    "-",
                ),
            ),
            (
                "SÃO PAULO (Reuters)-Brazil's real fell.",
                ("SÃO PAULO", None, "Reuters", "-"),
            ),
        ];
        for (text, (place, when, agency, dash)) in cases {
            let dateline = read(text).unwrap_or_else(|| panic!("{text:?}"));
            assert_eq!(
                (
                    dateline.place,
                    dateline.date,
                    dateline.agency,
                    dateline.dash
                ),
                (place, when, agency, dash),
                "{text:?}"
            );
        }
    }

    #[test]
    fn the_place_stays_with_the_story() {
        let dateline = read("LONDON, March 14, 2017 (Reuters) - Copper rose.");
        assert_eq!(
            dateline.map(|d| d.text_with_place()).as_deref(),
            Some("LONDON - Copper rose.")
        );
    }

    #[test]
    fn text_that_only_looks_like_a_dateline_is_left_alone() {
        for text in [
            "WASHINGTON — The Senate voted.",
            "LONDON, March 14, 2017 - Copper rose.",
            "London (Reuters) - Copper rose.",
            "Apple (AAPL) - shares fell.",
            "LONDON (Reuters)",
            "LONDON (Reuters) Copper rose.",
            "LONDON (AP Photo/Evan Vucci) - A rally.",
            "LONDON, in the rain (Reuters) - Copper rose.",
            "LONDON (Reuters 2017) - Copper rose.",
            "The company (ACME) said - nothing.",
            "NASA (the agency) - said nothing.",
            "Prices rose 5% in 2017/2018 - the most since 2010.",
            "",
        ] {
            assert_eq!(read(text), None, "{text:?}");
        }
    }
}
