//! `NewsIndex::stats`: what an index holds (articles, copies, files, folders,
//! sources, the span of dates), its size on disk and when it last changed,
//! read from fast fields without loading any stored document.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::SystemTime;

use serde::Serialize;
use tantivy::columnar::StrColumn;
use time::{Date, OffsetDateTime};

use crate::error::{Error, Result};
use crate::serialize::serialize_date;
use crate::store::known::Known;
use crate::store::schema;
use crate::store::NewsIndex;

/// How many sources [`IndexStats::top_sources`] lists.
const TOP_SOURCES: usize = 10;

/// A summary of an index; `search stats --json` prints exactly this.
#[derive(Debug, Clone, Serialize)]
pub struct IndexStats {
    /// Searchable articles (a story saved twice counts once).
    pub articles: u64,
    /// Further copies of those stories, found in other files or records.
    pub duplicates: u64,
    /// Indexed files.
    pub files: u64,
    /// The folders the index holds.
    pub folders: Vec<PathBuf>,
    /// Distinct sources named by the articles.
    pub sources: u64,
    /// The sources with the most articles, most first (ties by name).
    pub top_sources: Vec<(String, u64)>,
    /// Articles per language (ISO 639-1 code), most first (ties by code).
    pub languages: Vec<(String, u64)>,
    /// Articles whose language is undetermined (stated nowhere, and too
    /// short or mixed to detect).
    pub undetermined: u64,
    /// The earliest publication date, as `YYYY-MM-DD`.
    #[serde(serialize_with = "serialize_date")]
    pub earliest: Option<Date>,
    /// The latest publication date, as `YYYY-MM-DD`.
    #[serde(serialize_with = "serialize_date")]
    pub latest: Option<Date>,
    /// Articles that state no date.
    pub undated: u64,
    /// Bytes the index's files take on disk.
    pub size_bytes: u64,
    /// Segments a query reads; `search compact` merges them into a few.
    pub segments: usize,
    /// When the last commit was written, as `YYYY-MM-DDTHH:MM:SSZ`.
    pub last_update: Option<String>,
}

impl NewsIndex {
    /// Counts what the index holds, from its last commit.
    pub fn stats(&self) -> Result<IndexStats> {
        self.guarded(|| self.stats_unguarded())
    }

    fn stats_unguarded(&self) -> Result<IndexStats> {
        let searcher = self.reader().searcher();
        let tantivy_error = |source| Error::Index {
            path: self.path().to_path_buf(),
            source,
        };
        let mut stats = IndexStats {
            articles: 0,
            duplicates: 0,
            files: Known::load(&searcher, self.path())?.len() as u64,
            folders: self.folders()?,
            sources: 0,
            top_sources: Vec::new(),
            languages: Vec::new(),
            undetermined: 0,
            earliest: None,
            latest: None,
            undated: 0,
            size_bytes: 0,
            segments: searcher.segment_readers().len(),
            last_update: None,
        };
        let mut sources: HashMap<String, u64> = HashMap::new();
        let mut languages: HashMap<String, u64> = HashMap::new();
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let full = fast.u64(schema::FULL).map_err(tantivy_error)?;
            let dates = fast.date(schema::DATE).map_err(tantivy_error)?;
            let source_column = fast.str(schema::SOURCE).map_err(tantivy_error)?;
            let language_column = fast.str(schema::LANGUAGE).map_err(tantivy_error)?;
            let mut per_ord: HashMap<u64, u64> = HashMap::new();
            let mut per_language: HashMap<u64, u64> = HashMap::new();
            for doc in (0..segment.max_doc()).filter(|d| !segment.is_deleted(*d)) {
                if full.first(doc) != Some(1) {
                    stats.duplicates += 1;
                    continue;
                }
                stats.articles += 1;
                match dates.first(doc).map(|d| d.into_utc().date()) {
                    Some(date) => {
                        stats.earliest = Some(stats.earliest.map_or(date, |e| e.min(date)));
                        stats.latest = Some(stats.latest.map_or(date, |l| l.max(date)));
                    }
                    None => stats.undated += 1,
                }
                if let Some(ord) = source_column.as_ref().and_then(|c| c.term_ords(doc).next()) {
                    *per_ord.entry(ord).or_default() += 1;
                }
                match language_column
                    .as_ref()
                    .and_then(|c| c.term_ords(doc).next())
                {
                    Some(ord) => *per_language.entry(ord).or_default() += 1,
                    None => stats.undetermined += 1,
                }
            }
            add_names(language_column.as_ref(), per_language, &mut languages);
            add_names(source_column.as_ref(), per_ord, &mut sources);
        }
        stats.languages = most_first(languages);
        stats.sources = sources.len() as u64;
        let mut top = most_first(sources);
        top.truncate(TOP_SOURCES);
        stats.top_sources = top;
        (stats.size_bytes, stats.last_update) = self.disk_usage();
        Ok(stats)
    }

    /// Total size of the index's files, and when `meta.json` (rewritten by
    /// every commit) last changed.
    fn disk_usage(&self) -> (u64, Option<String>) {
        let size = std::fs::read_dir(self.path())
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| entry.metadata().ok())
            .filter(|meta| meta.is_file())
            .map(|meta| meta.len())
            .sum();
        let modified = std::fs::metadata(self.path().join("meta.json")).and_then(|m| m.modified());
        (size, modified.ok().map(timestamp))
    }
}

/// Counts by term ordinal of `column` added to `counts` by name.
pub(crate) fn add_names(
    column: Option<&StrColumn>,
    per_ord: HashMap<u64, u64>,
    counts: &mut HashMap<String, u64>,
) {
    let Some(column) = column else {
        return;
    };
    let mut name = String::new();
    for (ord, count) in per_ord {
        if column.ord_to_str(ord, &mut name).unwrap_or(false) {
            *counts.entry(name.clone()).or_default() += count;
        }
    }
}

/// Counts by name, most first, ties by name.
pub(crate) fn most_first(counts: HashMap<String, u64>) -> Vec<(String, u64)> {
    let mut sorted: Vec<(String, u64)> = counts.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    sorted
}

/// `2026-11-28T23:59:37Z`.
fn timestamp(time: SystemTime) -> String {
    let t = OffsetDateTime::from(time);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_rfc3339_in_utc() {
        let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        assert_eq!(timestamp(t), "2023-11-14T22:13:20Z");
    }
}
