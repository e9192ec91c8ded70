//! How values the JSON documents share are written: dates as `YYYY-MM-DD`,
//! durations as whole milliseconds, paths as text, lists by their length.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serializer;
use time::Date;

/// A date as `YYYY-MM-DD`, or null.
pub(crate) fn serialize_date<S: Serializer>(
    date: &Option<Date>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match date {
        Some(date) => s.collect_str(date),
        None => s.serialize_none(),
    }
}

/// A list by its length: reports count what they do not list.
pub(crate) fn serialize_len<S: Serializer>(
    items: &[PathBuf],
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_u64(items.len() as u64)
}

/// A path as text, a name that is not UTF-8 with its bad bytes replaced.
pub(crate) fn serialize_lossy<S: Serializer>(
    path: &Path,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&path.to_string_lossy())
}

/// A duration in whole milliseconds.
pub(crate) fn serialize_millis<S: Serializer>(
    d: &Duration,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_u64(u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}
