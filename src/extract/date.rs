//! Recognises a line that states only a publication date, in the spellings news sites use.

use time::{Date, Month};

/// Date lines are short; anything longer is prose and is rejected before any work.
const MAX_LINE_LEN: usize = 80;

/// Words that introduce a date line ("Published: ...", "Updated on ...").
const LABELS: [&str; 6] = [
    "published",
    "updated",
    "posted",
    "date",
    "dated",
    "modified",
];

const MONTHS: [(&str, Month); 12] = [
    ("january", Month::January),
    ("february", Month::February),
    ("march", Month::March),
    ("april", Month::April),
    ("may", Month::May),
    ("june", Month::June),
    ("july", Month::July),
    ("august", Month::August),
    ("september", Month::September),
    ("october", Month::October),
    ("november", Month::November),
    ("december", Month::December),
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Tokens that may stand between the date and a time ("Sep 11, 2023 | 10:30 EDT").
const TIME_SEPARATORS: [&str; 7] = ["|", "at", "@", "-", "–", "—", "·"];

/// Recognises a line that is only a publication date; None for anything else.
///
/// Accepts an optional label ("Published:", "Updated") and weekday before the
/// date, and an optional time of day with time zone after it. Purely numeric
/// dates are accepted only year first (`2023-09-11`, `2023/09/11`), because
/// `11/09/2023` means different days on either side of the Atlantic.
pub fn parse_date_line(line: &str) -> Option<Date> {
    let line = line.trim();
    if line.is_empty() || line.len() > MAX_LINE_LEN {
        return None;
    }
    let line = line.trim_end_matches([',', '.']);
    let tokens: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|token| !token.is_empty())
        .collect();
    let rest = skip_weekday(skip_label(&tokens));
    let (date, rest) = calendar_date(rest)?;
    is_time_of_day(rest).then_some(date)
}

/// Parses a date as metadata spells it: RFC 3339 / ISO 8601 timestamps
/// (`2023-09-11T10:30:00Z`, `2023-09-11 10:30`), RFC 2822 (`Mon, 11 Sep 2023
/// 10:30:00 GMT`), and every spelling [`parse_date_line`] accepts. A timestamp
/// counts by the calendar day it names, as its publisher wrote it.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    iso_timestamp_date(text).or_else(|| parse_date_line(text))
}

/// The day of `YYYY-MM-DD`, alone or followed by a time (`T` or a space).
fn iso_timestamp_date(text: &str) -> Option<Date> {
    let rest = text.get(10..)?;
    if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
        return None;
    }
    year_first_date(text.get(..10)?)
}

fn skip_label<'a>(tokens: &'a [&'a str]) -> &'a [&'a str] {
    let mut rest = match tokens {
        [last, label, rest @ ..] if last.eq_ignore_ascii_case("last") && is_label(label) => rest,
        [label, rest @ ..] if is_label(label) => rest,
        _ => return tokens,
    };
    // What may follow the label: "Published : on Monday ...".
    while let Some((first, after)) = rest.split_first() {
        let word = first.strip_suffix(':').unwrap_or(first);
        if !(word.is_empty() || word.eq_ignore_ascii_case("on")) {
            break;
        }
        rest = after;
    }
    rest
}

fn is_label(token: &str) -> bool {
    let word = token.strip_suffix(':').unwrap_or(token);
    LABELS.iter().any(|label| label.eq_ignore_ascii_case(word))
}

fn skip_weekday<'a>(tokens: &'a [&'a str]) -> &'a [&'a str] {
    match tokens.split_first() {
        Some((first, rest)) if is_weekday(first) => rest,
        _ => tokens,
    }
}

fn is_weekday(token: &str) -> bool {
    let word = token
        .strip_suffix('.')
        .unwrap_or(token)
        .to_ascii_lowercase();
    matches!(word.as_str(), "tues" | "thur" | "thurs")
        || WEEKDAYS
            .iter()
            .any(|day| *day == word || day.get(..3) == Some(word.as_str()))
}

/// The date at the start of `tokens`, and the tokens after it.
fn calendar_date<'a>(tokens: &'a [&'a str]) -> Option<(Date, &'a [&'a str])> {
    let (first, rest) = tokens.split_first()?;
    if let Some(date) = year_first_date(first).or_else(|| iso_timestamp(first)) {
        return Some((date, rest));
    }
    let [a, b, c, rest @ ..] = tokens else {
        return None;
    };
    let (month, day) = match month(a) {
        Some(month) => (month, day(b)?),
        None => (month(b)?, day(a)?),
    };
    let date = Date::from_calendar_date(year(c)?, month, day).ok()?;
    Some((date, rest))
}

/// `2023-09-11` or `2023/09/11`.
fn year_first_date(token: &str) -> Option<Date> {
    let separator = if token.contains('-') { '-' } else { '/' };
    let mut parts = token.split(separator);
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let month = Month::try_from(u8::try_from(number(m, 1, 2)?).ok()?).ok()?;
    let day = u8::try_from(number(d, 1, 2)?).ok()?;
    Date::from_calendar_date(year(y)?, month, day).ok()
}

/// The day of a whole RFC 3339 timestamp: `2023-09-11T14:05:00Z`,
/// `2023-09-11T14:05:00.123+02:00`. Unlike metadata, a date line must not
/// carry anything after the `T` but a time and a zone.
fn iso_timestamp(token: &str) -> Option<Date> {
    let (day, time) = token.split_once(['T', 't'])?;
    let zone_start = time.find(['Z', 'z', '+', '-']).unwrap_or(time.len());
    let (time, zone) = time.split_at(zone_start);
    let (time, fraction) = time.split_once('.').unwrap_or((time, "0"));
    let valid = clock(time) == Some(false)
        && !fraction.is_empty()
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && (zone.is_empty() || zone.eq_ignore_ascii_case("z") || is_zone(zone));
    valid.then(|| year_first_date(day)).flatten()
}

/// A day and a month without a year, as wire datelines write them: "Sept 12", "12 March".
pub(super) fn is_day_and_month(text: &str) -> bool {
    match text.split_whitespace().collect::<Vec<_>>()[..] {
        [a, b] => {
            (month(a).is_some() && day(b).is_some()) || (day(a).is_some() && month(b).is_some())
        }
        _ => false,
    }
}

/// The name or abbreviation of a month or a weekday: "March", "Sept.", "Mon".
pub(super) fn is_calendar_word(word: &str) -> bool {
    month(word).is_some() || is_weekday(word)
}

fn month(token: &str) -> Option<Month> {
    let word = token
        .strip_suffix('.')
        .unwrap_or(token)
        .to_ascii_lowercase();
    MONTHS.iter().find_map(|(name, month)| {
        let matches = *name == word
            || name.get(..3) == Some(word.as_str())
            || (word == "sept" && *month == Month::September);
        matches.then_some(*month)
    })
}

/// A day of the month, with or without an ordinal suffix ("11", "11th").
fn day(token: &str) -> Option<u8> {
    let digits_end = token
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(token.len());
    let (digits, suffix) = token.split_at(digits_end);
    let ordinal = ["", "st", "nd", "rd", "th"]
        .iter()
        .any(|s| s.eq_ignore_ascii_case(suffix));
    if !ordinal {
        return None;
    }
    let day = u8::try_from(number(digits, 1, 2)?).ok()?;
    (1..=31).contains(&day).then_some(day)
}

fn year(token: &str) -> Option<i32> {
    let year = i32::from(number(token, 4, 4)?);
    (1800..=2200).contains(&year).then_some(year)
}

/// A number written with between `min` and `max` ASCII digits.
fn number(token: &str, min: usize, max: usize) -> Option<u16> {
    let ok = (min..=max).contains(&token.len()) && token.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| token.parse().ok()).flatten()
}

/// True if `tokens` is empty or only a time of day: "10:30", "| 10:30 a.m. ET".
fn is_time_of_day(tokens: &[&str]) -> bool {
    let mut rest = tokens;
    if let Some((first, after)) = rest.split_first() {
        if TIME_SEPARATORS
            .iter()
            .any(|s| s.eq_ignore_ascii_case(first))
        {
            rest = after;
        }
    }
    let Some((clock_token, mut rest)) = rest.split_first() else {
        return tokens.is_empty();
    };
    let Some(has_meridiem) = clock(clock_token) else {
        return false;
    };
    if let Some((first, after)) = rest.split_first() {
        if !has_meridiem && meridiem(first).is_some() {
            rest = after;
        }
    }
    match rest {
        [] => true,
        [zone] => is_zone(zone),
        _ => false,
    }
}

/// Parses "10:30", "10:30:00", "10:30am", "10am"; returns whether am/pm was attached.
fn clock(token: &str) -> Option<bool> {
    let (time, has_meridiem) = match meridiem_suffix(token) {
        Some(time) => (time, true),
        None => (token, false),
    };
    let mut parts = time.split(':');
    let hour = number(parts.next()?, 1, 2)?;
    let minutes: Vec<u16> = parts.map(|p| number(p, 2, 2)).collect::<Option<_>>()?;
    let valid = hour <= 23
        && minutes.len() <= 2
        && minutes.iter().all(|m| *m <= 59)
        && (has_meridiem || !minutes.is_empty());
    valid.then_some(has_meridiem)
}

/// "am", "AM", "a.m." and the like.
fn meridiem(token: &str) -> Option<()> {
    let word: String = token.chars().filter(|c| *c != '.').collect();
    (word.eq_ignore_ascii_case("am") || word.eq_ignore_ascii_case("pm")).then_some(())
}

/// The time before an attached am/pm ("10:30am" -> "10:30").
fn meridiem_suffix(token: &str) -> Option<&str> {
    let split = token.find(|c: char| c.is_ascii_alphabetic())?;
    let (time, suffix) = token.split_at(split);
    meridiem(suffix).map(|()| time)
}

/// A time zone: "ET", "GMT", "UTC+1", "+0000", "(EDT)".
fn is_zone(token: &str) -> bool {
    let token = token.trim_start_matches('(').trim_end_matches(')');
    let (name, offset) = token.split_at(token.find(['+', '-']).unwrap_or(token.len()));
    let name_ok = name.len() <= 5 && name.bytes().all(|b| b.is_ascii_uppercase());
    let offset_digits = offset.get(1..).unwrap_or_default();
    let offset_ok = offset.is_empty()
        || ((1..=5).contains(&offset_digits.len())
            && offset_digits
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b':'));
    !token.is_empty() && name_ok && offset_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sep_11() -> Option<Date> {
        Date::from_calendar_date(2023, Month::September, 11).ok()
    }

    #[test]
    fn date_with_weekday_is_recognised() {
        assert_eq!(parse_date_line("Monday September 11, 2023"), sep_11());
    }

    #[test]
    fn date_with_weekday_and_trailing_comma_is_recognised() {
        assert_eq!(parse_date_line("Monday September 11, 2023,"), sep_11());
    }

    #[test]
    fn month_day_year_spellings_are_recognised() {
        for line in [
            "September 11, 2023",
            "Sept. 11, 2023",
            "Sep 11, 2023",
            "Sep. 11 2023",
            "September 11th, 2023",
            "SEPTEMBER 11, 2023",
            "  September 11, 2023.  ",
        ] {
            assert_eq!(parse_date_line(line), sep_11(), "{line:?}");
        }
    }

    #[test]
    fn day_month_year_spellings_are_recognised() {
        for line in [
            "11 September 2023",
            "11 Sept. 2023",
            "Mon, 11 Sep 2023",
            "Monday, 11 September 2023",
        ] {
            assert_eq!(parse_date_line(line), sep_11(), "{line:?}");
        }
    }

    #[test]
    fn year_first_numeric_dates_are_recognised() {
        assert_eq!(parse_date_line("2023-09-11"), sep_11());
        assert_eq!(parse_date_line("2023/09/11"), sep_11());
    }

    #[test]
    fn labelled_dates_are_recognised() {
        for line in [
            "Published: September 11, 2023",
            "Published on September 11, 2023",
            "Published on: Monday, September 11, 2023",
            "Posted Sep 11, 2023",
            "Date: 2023-09-11",
            "Last updated: 11 September 2023",
        ] {
            assert_eq!(parse_date_line(line), sep_11(), "{line:?}");
        }
    }

    #[test]
    fn dates_followed_by_a_time_are_recognised() {
        for line in [
            "Updated Sept. 11, 2023 10:30 AM EDT",
            "September 11, 2023 10:30",
            "September 11, 2023 10:30 a.m. ET",
            "September 11, 2023 10:30 a.m.",
            "September 11, 2023 10:30 GMT",
            "September 11, 2023 | 10:30 EDT",
            "September 11, 2023 at 10:30pm",
            "Mon, 11 Sep 2023 10:30:00 +0000",
        ] {
            assert_eq!(parse_date_line(line), sep_11(), "{line:?}");
        }
    }

    #[test]
    fn sentence_containing_a_date_is_rejected() {
        assert_eq!(
            parse_date_line("On September 11, 2023 the company said"),
            None
        );
        assert_eq!(parse_date_line("September 11, 2023 the company said"), None);
        assert_eq!(parse_date_line("September 11, 2023 10:30 and more"), None);
    }

    #[test]
    fn non_dates_are_rejected() {
        for line in [
            "",
            "   ",
            "3 min Read",
            "September 2023",
            "11/09/2023",
            "09/11/2023",
            "2023",
            "Monday",
            "Published:",
            "September 11, 2023 |",
            "September 11, 2023 10:30 the",
        ] {
            assert_eq!(parse_date_line(line), None, "{line:?}");
        }
    }

    #[test]
    fn impossible_dates_are_rejected() {
        assert_eq!(parse_date_line("February 30, 2023"), None);
        assert_eq!(parse_date_line("2023-13-01"), None);
        assert_eq!(parse_date_line("September 32, 2023"), None);
        assert_eq!(parse_date_line("September 11, 1700"), None);
        assert_eq!(parse_date_line("September 11, 2300"), None);
        assert_eq!(parse_date_line("September 11, 2023 25:00"), None);
    }

    #[test]
    fn leap_day_is_accepted_in_leap_years_only() {
        assert_eq!(
            parse_date_line("February 29, 2024"),
            Date::from_calendar_date(2024, Month::February, 29).ok()
        );
        assert_eq!(parse_date_line("February 29, 2023"), None);
    }

    #[test]
    fn long_lines_are_rejected() {
        let line = format!("September 11, 2023{}", " ".repeat(10) + &"x".repeat(80));
        assert_eq!(parse_date_line(&line), None);
        assert_eq!(parse_date_line(&"September 11, 2023 ".repeat(10)), None);
    }

    #[test]
    fn odd_unicode_does_not_panic() {
        for line in [
            "é 11 2023",
            "Sept。11 2023",
            "11ᵗʰ September 2023",
            "١١ سبتمبر ٢٠٢٣",
        ] {
            assert_eq!(parse_date_line(line), None, "{line:?}");
        }
    }

    #[test]
    fn date_lines_holding_a_timestamp_are_recognised() {
        for line in [
            "2023-09-11T14:05:00Z",
            "2023-09-11T14:05Z",
            "2023-09-11T14:05:00.123+02:00",
            "2023-09-11t14:05:00-05:00",
            "Published: 2023-09-11T14:05:00Z",
            "Updated 2023-09-11T14:05:00",
        ] {
            assert_eq!(parse_date_line(line), sep_11(), "{line:?}");
        }
        for line in [
            "2023-09-11T",
            "2023-09-11Tnoon",
            "2023-09-11T25:00:00Z",
            "2023-09-11T14:05:00Q",
            "2023-09-11T14:05:00. Z",
            "2023-09-11T14:05:00Z the company said",
        ] {
            assert_eq!(parse_date_line(line), None, "{line:?}");
        }
    }

    #[test]
    fn days_and_months_without_a_year_are_told_apart() {
        for text in ["Sept 12", "March 14.", "12 March", "Sep. 1st"] {
            assert!(is_day_and_month(text.trim_end_matches('.')), "{text:?}");
        }
        for text in [
            "March",
            "March 2017",
            "12 13",
            "March 14, 2017",
            "Mayday 12",
        ] {
            assert!(!is_day_and_month(text), "{text:?}");
        }
    }

    #[test]
    fn metadata_timestamps_give_their_calendar_day() {
        let sep11 = Date::from_calendar_date(2023, Month::September, 11).ok();
        for text in [
            "2023-09-11T10:30:00Z",
            "2023-09-11T23:59:59.123+02:00",
            "2023-09-11 10:30",
            "2023-09-11",
            " Mon, 11 Sep 2023 10:30:00 GMT ",
            "Mon, 11 Sep 2023 10:30:00 +0000",
            "September 11, 2023",
        ] {
            assert_eq!(parse_date(text), sep11, "{text}");
        }
        for text in ["2023-09-11X", "2023-13-11T00:00:00Z", "soon", ""] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }
}
