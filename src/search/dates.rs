//! Dates as people write them in queries and flags: `2023`, `2023-09`,
//! `2023-09-11` (each covering its whole period), `7d`, `2w`, `3m`, `1y` ago;
//! and the date ranges that filter by them.

use std::ops::Bound;

use tantivy::query::{Query, RangeQuery};
use tantivy::query_grammar::UserInputBound;
use tantivy::schema::Field;
use tantivy::Term;
use time::{Date, Month};

use crate::error::{DateError, DatePart, QueryError};
use crate::store::schema;

pub(super) fn range(field: Field, lower: Bound<Date>, upper: Bound<Date>) -> Box<dyn Query> {
    let term = |d: Date| Term::from_field_date(field, schema::date_to_tantivy(d));
    Box::new(RangeQuery::new(lower.map(term), upper.map(term)))
}

/// Articles dated from `since` through `until`, both days included.
pub(crate) fn dated_between(
    field: Field,
    since: Option<Date>,
    until: Option<Date>,
) -> Box<dyn Query> {
    let lower = since.map_or(Bound::Unbounded, Bound::Included);
    let upper = match until {
        Some(until) => until.next_day().map_or(Bound::Unbounded, Bound::Excluded),
        None => Bound::Unbounded,
    };
    range(field, lower, upper)
}

/// `[a TO b]` with day, month or year precision: a bound covers its whole period.
pub(super) fn date_range(
    field: Field,
    lower: &UserInputBound,
    upper: &UserInputBound,
) -> Result<Box<dyn Query>, QueryError> {
    let written = (lower, upper);
    let lower = match lower {
        UserInputBound::Inclusive(s) => Bound::Included(date_span(s)?.0),
        UserInputBound::Exclusive(s) => Bound::Included(date_span(s)?.1),
        UserInputBound::Unbounded => Bound::Unbounded,
    };
    let upper = match upper {
        UserInputBound::Inclusive(s) => Bound::Excluded(date_span(s)?.1),
        UserInputBound::Exclusive(s) => Bound::Excluded(date_span(s)?.0),
        UserInputBound::Unbounded => Bound::Unbounded,
    };
    // `[2018 TO 2017]`: a range written the wrong way round, not an empty one.
    if let (UserInputBound::Inclusive(_), UserInputBound::Inclusive(_)) = written {
        if let (Bound::Included(from), Bound::Excluded(end)) = (lower, upper) {
            if let Some(until) = end.previous_day().filter(|until| from > *until) {
                return Err(QueryError::ReversedDates { from, until });
            }
        }
    }
    Ok(range(field, lower, upper))
}

/// The days `[start, end)` that `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (or an RFC 3339
/// timestamp, taken by its day) covers; the error says how to write a date.
pub fn date_span(text: &str) -> Result<(Date, Date), DateError> {
    let bad = |part| DateError::Malformed {
        text: text.to_owned(),
        part,
    };
    let day_part = text.split('T').next().unwrap_or(text);
    let parts: Vec<&str> = day_part.split('-').collect();
    let number = |s: &str, part| s.parse::<i32>().map_err(|_| bad(part));
    let year = number(parts.first().copied().unwrap_or(""), DatePart::Year)?;
    let month = |m: i32| {
        u8::try_from(m)
            .ok()
            .and_then(|m| Month::try_from(m).ok())
            .ok_or_else(|| bad(DatePart::Month))
    };
    // A day that does not exist, or a year at the end of the calendar.
    let day = |y, m, d: i32, part| {
        u8::try_from(d)
            .ok()
            .and_then(|d| Date::from_calendar_date(y, m, d).ok())
            .ok_or_else(|| bad(part))
    };
    match parts.as_slice() {
        [_] => Ok((
            day(year, Month::January, 1, DatePart::Year)?,
            day(year + 1, Month::January, 1, DatePart::Year)?,
        )),
        [_, m] => {
            let m = month(number(m, DatePart::Month)?)?;
            let (next_year, next) = if m == Month::December {
                (year + 1, Month::January)
            } else {
                (year, m.next())
            };
            Ok((
                day(year, m, 1, DatePart::Year)?,
                day(next_year, next, 1, DatePart::Year)?,
            ))
        }
        [_, m, d] => {
            let m = month(number(m, DatePart::Month)?)?;
            let start = day(year, m, number(d, DatePart::Day)?, DatePart::Day)?;
            Ok((start, start.next_day().ok_or_else(|| bad(DatePart::Year))?))
        }
        _ => Err(bad(DatePart::Shape)),
    }
}

/// The day `text` reaches back to from `today`: "7d", "2w", "3m" or "1y" for
/// days, weeks, calendar months or years ago (the 31st less a month is the last
/// day of the shorter month). `None` when `text` is not of that form.
pub fn relative_day(text: &str, today: Date) -> Option<Result<Date, DateError>> {
    let text = text.trim();
    let unit = text.chars().last()?.to_ascii_lowercase();
    let count = text[..text.len() - unit.len_utf8()].parse::<u32>().ok()?;
    if !"dwmy".contains(unit) {
        return None;
    }
    let too_far = || DateError::TooFarBack {
        text: text.to_owned(),
    };
    let months = match unit {
        'm' => count,
        'y' => count.checked_mul(12)?,
        _ => 0,
    };
    let days = match unit {
        'd' => count,
        'w' => count.checked_mul(7)?,
        _ => 0,
    };
    Some((|| {
        let total = i32::try_from(months).map_err(|_| too_far())?;
        let index = today.year() * 12 + i32::from(u8::from(today.month())) - 1 - total;
        let (year, month) = (index.div_euclid(12), index.rem_euclid(12) as u8 + 1);
        let month = Month::try_from(month).map_err(|_| too_far())?;
        let day = today.day().min(month.length(year));
        let shifted = Date::from_calendar_date(year, month, day).map_err(|_| too_far())?;
        shifted
            .checked_sub(time::Duration::days(i64::from(days)))
            .ok_or_else(too_far)
    })())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u8, d: u8) -> Date {
        Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap()
    }

    #[test]
    fn year_month_and_day_spans_cover_their_period() {
        assert_eq!(
            date_span("2023").unwrap(),
            (ymd(2023, 1, 1), ymd(2024, 1, 1))
        );
        assert_eq!(
            date_span("2023-12").unwrap(),
            (ymd(2023, 12, 1), ymd(2024, 1, 1))
        );
        assert_eq!(
            date_span("2023-09-11").unwrap(),
            (ymd(2023, 9, 11), ymd(2023, 9, 12))
        );
        assert_eq!(
            date_span("2023-09-11T10:00:00Z").unwrap().0,
            ymd(2023, 9, 11)
        );
    }

    #[test]
    fn impossible_dates_are_explained() {
        for bad in ["2023-02-30", "2023-13", "yesterday", "2023-1-2-3", ""] {
            let error = date_span(bad).unwrap_err();
            assert!(error.to_string().contains("YYYY-MM-DD"), "{bad}: {error}");
        }
    }

    #[test]
    fn relative_days_count_back_from_today() {
        let today = ymd(2024, 3, 31);
        let back = |t| relative_day(t, today).unwrap().unwrap();
        assert_eq!(back("7d"), ymd(2024, 3, 24));
        assert_eq!(back("2w"), ymd(2024, 3, 17));
        assert_eq!(back("1m"), ymd(2024, 2, 29));
        assert_eq!(back("3M"), ymd(2023, 12, 31));
        assert_eq!(back("1y"), ymd(2023, 3, 31));
        assert_eq!(back("0d"), today);
        for not_relative in ["2023", "2023-09", "d", "7x", "-1d", "1.5y", ""] {
            assert!(
                relative_day(not_relative, today).is_none(),
                "{not_relative}"
            );
        }
        assert!(relative_day("99999999y", today).unwrap().is_err());
    }
}
