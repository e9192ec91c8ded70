//! Merging segments: `compact` merges the index's into a few on request, and
//! an indexing run merges the ones it wrote (the merge policy in `writer`
//! never merges large segments, nor a run's while it is under way). Either
//! way the pages the merges read through the memory maps are given back.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;
use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::{FutureResult, IndexWriter, TantivyDocument};

use super::pages::release_pages;
use super::writer::LARGE;
use super::NewsIndex;
use crate::error::Result;
use crate::limits::DEFAULT_MEMORY_BUDGET;
use crate::serialize::serialize_millis;

/// How often the pages merges have read are given back.
const RELEASE_EVERY: Duration = Duration::from_millis(50);

/// The most new segments an indexing run leaves: one per core of a small
/// machine, so that a search may read them side by side.
const AFTER_A_RUN: usize = 2;

/// Groups of more segments than this are merged one after the other, not
/// side by side: what a merge allocates grows with the segments it reads.
/// At 3 GB of news a run's two merges of 27 segments side by side took at
/// most 215 MB, less than its writing did; at 10 GB two of 89 took 435 MB,
/// the top of the run, where one at a time take about half.
const SIDE_BY_SIDE: usize = 32;

/// What [`NewsIndex::compact`] did; `search compact --json` prints exactly this.
#[derive(Debug, Clone, Serialize)]
pub struct CompactReport {
    /// Segments before the run.
    pub segments_before: usize,
    /// Segments after it.
    pub segments_after: usize,
    /// Deleted articles whose space the merges gave back.
    pub deleted_dropped: u64,
    /// Wall time of the run.
    #[serde(rename = "elapsed_ms", serialize_with = "serialize_millis")]
    pub elapsed: Duration,
}

impl NewsIndex {
    /// Merges the index's segments into at most `segments` (at least one),
    /// dropping deleted articles on the way. Every segment a query visits is
    /// files to open and map, so a bulk index of a big folder (a segment per
    /// 19,000 or so articles) answers faster once compacted. The merges run in
    /// parallel, one per group; the index stays searchable throughout, and a
    /// run cut short leaves it as it was.
    ///
    /// ```
    /// use news_search::SearchRequest;
    /// # fn main() -> Result<(), news_search::Error> {
    /// # let tmp = tempfile::tempdir().unwrap();
    /// # let news = tmp.path().join("news");
    /// # std::fs::create_dir(&news).unwrap();
    /// # let story = |name: &str, text: &str| std::fs::write(news.join(name), text).unwrap();
    /// # story("a.txt", "Ports close as storm nears\n\n2024-02-03\nReuters\n\nHigh winds shut three ports on the coast on Saturday, stranding ferries and freight.\n");
    /// # story("b.txt", "Storm damage counted\n\n2024-02-05\nBBC\n\nAfter the storm, ports reopened and crews counted the damage to ferries.\n");
    /// # story("c.txt", "Budget vote delayed\n\n2023-11-20\nReuters\n\nParliament delayed the budget vote by a week after talks stalled.\n");
    /// # let index = news_search::NewsIndex::create(tmp.path().join("index"))?;
    /// # index.index_dir(&news)?;
    /// # std::fs::write(news.join("d.txt"), "Ferries run again\n\nFerries sailed again once the storm had passed.\n").unwrap();
    /// index.index_dir(&news)?; // a second run adds a segment of its own
    /// let before = index.stats()?.segments;
    /// assert!(before > 1);
    ///
    /// let report = index.compact(1)?;
    /// assert_eq!((report.segments_before, report.segments_after), (before, 1));
    /// assert_eq!(index.stats()?.segments, 1);
    /// // The same articles, now in one segment.
    /// assert_eq!(index.search(&SearchRequest::new("ferries"))?.total_hits, 3);
    /// # Ok(())
    /// # }
    /// ```
    pub fn compact(&self, segments: usize) -> Result<CompactReport> {
        let started = Instant::now();
        let mut writer = self.writer(DEFAULT_MEMORY_BUDGET, 1)?;
        let metas = self
            .tantivy()
            .searchable_segment_metas()
            .map_err(|e| self.error(e))?;
        let segments_before = metas.len();
        let groups = groups(&metas, segments.max(1));
        let deleted_dropped = metas
            .iter()
            .filter(|m| groups.iter().flatten().any(|id| *id == m.id()))
            .map(|m| u64::from(m.num_deleted_docs()))
            .sum();
        // A segment's files are kept while its meta is alive, here or in a
        // searcher: these go now, the reader's after the merges.
        drop(metas);
        if !groups.is_empty() {
            // Merging damaged segments would carry the damage on.
            self.check_files()?;
        }
        self.merge(&mut writer, &groups)?;
        self.reader().reload().map_err(|e| self.error(e))?;
        writer
            .garbage_collect_files()
            .wait()
            .map_err(|e| self.error(e))?;
        writer.wait_merging_threads().map_err(|e| self.error(e))?;
        let segments_after = self
            .tantivy()
            .searchable_segment_metas()
            .map_err(|e| self.error(e))?
            .len();
        Ok(CompactReport {
            segments_before,
            segments_after,
            deleted_dropped,
            elapsed: started.elapsed(),
        })
    }

    /// The segments a search reads now.
    pub(crate) fn segment_ids(&self) -> Result<HashSet<SegmentId>> {
        let ids = self.tantivy().searchable_segment_ids();
        Ok(ids.map_err(|e| self.error(e))?.into_iter().collect())
    }

    /// The merges that leave at most [`AFTER_A_RUN`] of the segments a run
    /// wrote, all but those `before` held (the merge policy leaves them alone
    /// meanwhile); none when it wrote no more.
    pub(crate) fn merges_after_run(
        &self,
        before: &HashSet<SegmentId>,
    ) -> Result<Vec<Vec<SegmentId>>> {
        let metas = self
            .tantivy()
            .searchable_segment_metas()
            .map_err(|e| self.error(e))?;
        let written: Vec<SegmentMeta> = metas
            .into_iter()
            .filter(|m| !before.contains(&m.id()))
            .collect();
        if written.len() <= AFTER_A_RUN {
            return Ok(Vec::new());
        }
        Ok(groups(&written, AFTER_A_RUN))
    }

    /// Merges each of `groups` into one segment with `writer`, the groups in
    /// parallel (one after the other when one holds more than
    /// [`SIDE_BY_SIDE`] segments), and waits for them. A merge reads every
    /// page of its segments through their memory maps, and each page read
    /// counts in the process's resident memory until it is unmapped: a
    /// gigabyte for a gigabyte of news.
    /// So the pages are given back every [`RELEASE_EVERY`] while the merges
    /// run; they stay in the file cache, and the resident memory is what the
    /// merges allocate (about 30 MB at 1 GB of news).
    pub(crate) fn merge(
        &self,
        writer: &mut IndexWriter<TantivyDocument>,
        groups: &[Vec<SegmentId>],
    ) -> Result<()> {
        if groups.is_empty() {
            return Ok(());
        }
        let merged: HashSet<String> = groups.iter().flatten().map(|id| id.uuid_string()).collect();
        let files: Vec<PathBuf> = self
            .tantivy()
            .load_metas()
            .map_err(|e| self.error(e))?
            .list_segment_files()
            .into_iter()
            .filter(|file| {
                let name = file.to_string_lossy();
                merged.contains(name.split('.').next().unwrap_or_default())
            })
            .collect();
        let directory = self.tantivy().directory();
        let done = AtomicBool::new(false);
        std::thread::scope(|scope| {
            let releasing = scope.spawn(|| {
                while !done.load(Ordering::Acquire) {
                    release_pages(directory, &files);
                    std::thread::park_timeout(RELEASE_EVERY);
                }
            });
            let wait = |merge: FutureResult<_>| merge.wait().map(drop).map_err(|e| self.error(e));
            let result = match side_by_side(groups) {
                true => {
                    let merges: Vec<_> = groups.iter().map(|group| writer.merge(group)).collect();
                    merges.into_iter().try_for_each(wait)
                }
                false => groups
                    .iter()
                    .try_for_each(|group| wait(writer.merge(group))),
            };
            done.store(true, Ordering::Release);
            releasing.thread().unpark();
            result
        })
    }
}

/// Whether `groups` are merged side by side: none is bigger than
/// [`SIDE_BY_SIDE`].
fn side_by_side<T>(groups: &[Vec<T>]) -> bool {
    groups.iter().all(|group| group.len() <= SIDE_BY_SIDE)
}

/// The merges that leave at most `n` segments, and no more than one per
/// [`LARGE`] articles: largest first, each segment to the group with the
/// fewest articles so far, so the merges take about as long as each other. A
/// group of one segment is merged only when it holds deleted articles (the
/// merge drops them).
fn groups(metas: &[SegmentMeta], n: usize) -> Vec<Vec<SegmentId>> {
    let articles: u64 = metas.iter().map(|m| u64::from(m.num_docs())).sum();
    let n = n.min(articles.div_ceil(u64::from(LARGE)).max(1) as usize);
    let mut sorted: Vec<&SegmentMeta> = metas.iter().collect();
    sorted.sort_by_key(|m| std::cmp::Reverse(m.num_docs()));
    let mut groups: Vec<(u64, Vec<&SegmentMeta>)> = vec![(0, Vec::new()); n.min(sorted.len())];
    for meta in sorted {
        if let Some(lightest) = groups.iter_mut().min_by_key(|(docs, _)| *docs) {
            lightest.0 += u64::from(meta.num_docs());
            lightest.1.push(meta);
        }
    }
    groups
        .into_iter()
        .map(|(_, group)| group)
        .filter(|group| group.len() > 1 || group.iter().any(|m| m.has_deletes()))
        .map(|group| group.iter().map(|m| m.id()).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_groups_are_merged_one_after_the_other() {
        let group = |n: usize| vec![0u8; n];
        assert!(side_by_side(&[group(27), group(27)]));
        assert!(side_by_side(&[group(SIDE_BY_SIDE)]));
        assert!(!side_by_side(&[group(89), group(89)]));
        assert!(!side_by_side(&[group(2), group(SIDE_BY_SIDE + 1)]));
        assert!(side_by_side::<u8>(&[]));
    }
}
