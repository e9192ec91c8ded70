//! The index writer, and the merge policy it runs with.
//!
//! tantivy's log merge policy merges segments of like size once eight of them
//! pile up, however large. After a bulk run that is a merge of the whole index:
//! at 1 GB of news it took a fifth of the run's time and, reading every
//! segment through memory maps, pushed the resident memory past 1.9 GB. Here
//! segments of more than [`LARGE`] articles, as a bulk run writes them, are
//! left alone; the small ones of incremental runs still merge by size, and a
//! large segment is rewritten on its own once a third of it is deleted. While
//! a run is under way the policy leaves the segments it writes alone: at its
//! end the run merges them itself (see `compact`).

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tantivy::directory::error::LockError;
use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::indexer::{LogMergePolicy, MergeCandidate, MergePolicy};
use tantivy::{IndexWriter, TantivyDocument, TantivyError};

use super::NewsIndex;
use crate::error::{Error, Result};
use crate::limits::{LOCK_PATIENCE, MAX_MEMORY_PER_THREAD, MIN_MEMORY_PER_THREAD};

/// Articles above which a segment is never merged with others.
pub(super) const LARGE: u32 = 10_000;

/// tantivy's most indexing threads.
const MAX_WRITER_THREADS: usize = 8;

/// The share of deleted articles at which a segment is rewritten.
const DEAD_SHARE: f32 = 0.3;

/// The segments the merge policy may merge: any, or while a run is under way
/// only those there before it ([`Hold::set`]), so that the run may merge the
/// ones it wrote without racing the policy for them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Hold(Arc<Mutex<Option<HashSet<SegmentId>>>>);

impl Hold {
    /// Only `before` may be merged, until [`Hold::release`].
    pub(crate) fn set(&self, before: HashSet<SegmentId>) {
        if let Ok(mut held) = self.0.lock() {
            *held = Some(before);
        }
    }

    pub(crate) fn release(&self) {
        if let Ok(mut held) = self.0.lock() {
            *held = None;
        }
    }

    /// Whether the policy may merge `segment`.
    fn allows(&self, segment: SegmentId) -> bool {
        match self.0.lock() {
            Ok(held) => held.as_ref().is_none_or(|before| before.contains(&segment)),
            Err(_) => false,
        }
    }
}

/// Small segments merge by size, as tantivy's log policy merges them; large
/// ones only alone, to drop their deleted articles; none that a run holds.
#[derive(Debug)]
struct NewsMergePolicy {
    small: LogMergePolicy,
    hold: Hold,
}

impl NewsMergePolicy {
    fn new(hold: Hold) -> Self {
        let mut small = LogMergePolicy::default();
        small.set_max_docs_before_merge(LARGE as usize);
        small.set_del_docs_ratio_before_merge(DEAD_SHARE);
        NewsMergePolicy { small, hold }
    }
}

impl MergePolicy for NewsMergePolicy {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let segments: Vec<SegmentMeta> = segments
            .iter()
            .filter(|s| self.hold.allows(s.id()))
            .cloned()
            .collect();
        let mut candidates = self.small.compute_merge_candidates(&segments);
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

/// The writer's threads for `threads` asked: at most [`MAX_WRITER_THREADS`],
/// and as many as `budget` gives [`MIN_MEMORY_PER_THREAD`] each, at least one
/// (as tantivy chooses them for the cores).
fn writer_threads(budget: usize, threads: usize) -> usize {
    threads
        .min(MAX_WRITER_THREADS)
        .min(budget / MIN_MEMORY_PER_THREAD)
        .max(1)
}

impl NewsIndex {
    /// Whether the index writer can work with `budget` bytes on `threads`
    /// threads: tantivy gives each of its threads an equal share, of at least
    /// [`MIN_MEMORY_PER_THREAD`] and less than [`MAX_MEMORY_PER_THREAD`].
    pub(crate) fn check_memory_budget(budget: usize, threads: usize) -> Result<()> {
        let maximum = writer_threads(budget, threads).saturating_mul(MAX_MEMORY_PER_THREAD) - 1;
        if (MIN_MEMORY_PER_THREAD..=maximum).contains(&budget) {
            return Ok(());
        }
        Err(Error::MemoryBudget {
            given: budget,
            minimum: MIN_MEMORY_PER_THREAD,
            maximum,
        })
    }

    /// The index writer, with a budget of `budget` bytes and up to `threads`
    /// threads, holding the lock that keeps other writers out until it is
    /// dropped.
    pub(crate) fn writer(
        &self,
        budget: usize,
        threads: usize,
    ) -> Result<IndexWriter<TantivyDocument>> {
        NewsIndex::check_memory_budget(budget, threads)?;
        let threads = writer_threads(budget, threads);
        let asked = Instant::now();
        let writer = loop {
            match self.tantivy().writer_with_num_threads(threads, budget) {
                Err(TantivyError::LockFailure(LockError::LockBusy, _))
                    if asked.elapsed() < LOCK_PATIENCE =>
                {
                    std::thread::sleep(Duration::from_millis(10));
                }
                other => break other.map_err(|e| self.error(e))?,
            }
        };
        // A run killed during its commit can leave files the commit record
        // does not name, among them a segment's deletions under a name the
        // same run makes again (the segment's and the commit's numbers), which
        // tantivy would refuse to overwrite. They go before anything is written.
        writer
            .garbage_collect_files()
            .wait()
            .map_err(|e| self.error(e))?;
        writer.set_merge_policy(Box::new(NewsMergePolicy::new(self.hold().clone())));
        Ok(writer)
    }

    /// Drops what `writer` buffered since its last commit, keeping the lock.
    /// tantivy makes a new writer for it, which gets our merge policy again.
    pub(crate) fn roll_back(&self, writer: &mut IndexWriter<TantivyDocument>) {
        if writer.rollback().is_ok() {
            writer.set_merge_policy(Box::new(NewsMergePolicy::new(self.hold().clone())));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_writer_takes_the_threads_its_budget_allows() {
        assert_eq!(writer_threads(256 << 20, 4), 4);
        assert_eq!(writer_threads(256 << 20, 32), MAX_WRITER_THREADS);
        assert_eq!(writer_threads(40_000_000, 4), 2);
        assert_eq!(writer_threads(MIN_MEMORY_PER_THREAD, 0), 1);
    }

    #[test]
    fn the_budget_is_checked_against_the_threads_asked() {
        assert!(NewsIndex::check_memory_budget(MIN_MEMORY_PER_THREAD - 1, 4).is_err());
        assert!(NewsIndex::check_memory_budget(MIN_MEMORY_PER_THREAD, 4).is_ok());
        // One thread cannot use 6 GB; two can.
        assert!(NewsIndex::check_memory_budget(6 << 30, 1).is_err());
        assert!(NewsIndex::check_memory_budget(6 << 30, 2).is_ok());
    }
}
