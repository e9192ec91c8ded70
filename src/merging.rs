//! Which segments are merged after a run, and `compact`, which merges them
//! into a few on request.
//!
//! tantivy's log merge policy merges segments of like size once eight of them
//! pile up, however large. After a bulk run that is a merge of the whole index:
//! at 1 GB of news it took a fifth of the run's time and, reading every
//! segment through memory maps, pushed the resident memory past 1.9 GB. Here
//! segments of more than [`LARGE`] articles, as a bulk run writes them, are
//! left alone; the small ones of incremental runs still merge by size, and a
//! large segment is rewritten on its own once a third of it is deleted.

use std::time::{Duration, Instant};

use serde::Serialize;
use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::indexer::{LogMergePolicy, MergeCandidate, MergePolicy};

use crate::error::Result;
use crate::indexer::{serialize_millis, DEFAULT_MEMORY_BUDGET};
use crate::news_index::NewsIndex;

/// Articles above which a segment is never merged with others.
const LARGE: u32 = 10_000;

/// The share of deleted articles at which a segment is rewritten.
const DEAD_SHARE: f32 = 0.3;

#[derive(Debug)]
pub(crate) struct NewsMergePolicy {
    small: LogMergePolicy,
}

impl Default for NewsMergePolicy {
    fn default() -> Self {
        let mut small = LogMergePolicy::default();
        small.set_max_docs_before_merge(LARGE as usize);
        small.set_del_docs_ratio_before_merge(DEAD_SHARE);
        NewsMergePolicy { small }
    }
}

impl MergePolicy for NewsMergePolicy {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let mut candidates = self.small.compute_merge_candidates(segments);
        candidates.extend(
            segments
                .iter()
                .filter(|s| s.num_docs() > LARGE)
                .filter(|s| s.num_deleted_docs() as f32 > DEAD_SHARE * s.max_doc() as f32)
                .map(|s| MergeCandidate(vec![s.id()])),
        );
        candidates
    }
}

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
    /// 45,000 or so articles) answers faster once compacted. The merges run in
    /// parallel, one per group; the index stays searchable throughout, and a
    /// run cut short leaves it as it was.
    pub fn compact(&self, segments: usize) -> Result<CompactReport> {
        let started = Instant::now();
        let mut writer = self.writer(DEFAULT_MEMORY_BUDGET)?;
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
        let merges: Vec<_> = groups.iter().map(|group| writer.merge(group)).collect();
        for merge in merges {
            merge.wait().map_err(|e| self.error(e))?;
        }
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
