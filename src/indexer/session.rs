//! The index's writer, held across runs: each run plans, walks and diffs,
//! reads and writes, and commits once. `search index` holds it for one run;
//! a watcher holds it for its whole life and commits many times.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use tantivy::index::SegmentId;
use tantivy::query::AllQuery;
use tantivy::{IndexWriter, TantivyDocument, TantivyError, Term};

use super::diff::{diff, Diff, Meeting};
use super::file::{Found, Job, Tally};
use super::options::IndexOptions;
use super::plan::Plan;
use super::report::{FileError, IndexReport, Phase, Progress};
use super::{in_order, walk};
use crate::error::{Error, Result};
use crate::hash::FastSet;
use crate::store::known::Known;
use crate::store::{CommitState, NewsIndex};

/// The index's writer lock, held until this value is dropped or
/// [finished](WriteSession::finish): other processes' runs are refused
/// ([`Error::IndexLocked`]) meanwhile, searches go on and see each commit.
///
/// Each run through it lands in one commit, exactly as
/// [`NewsIndex::index_folders`] would; a run that fails or is stopped
/// leaves the index as the last commit left it, and the session usable.
pub struct WriteSession<'a> {
    index: &'a NewsIndex,
    writer: IndexWriter<TantivyDocument>,
    /// The checksums of the files the runs build on were verified.
    verified: bool,
    /// The last run committed.
    pub(super) committed: bool,
}

impl NewsIndex {
    /// Takes the index's writer lock, with the memory budget and threads of
    /// `options`, for runs that follow one another without letting go of it.
    /// [`Error::IndexLocked`] when another process holds it.
    pub fn write_session(&self, options: &IndexOptions) -> Result<WriteSession<'_>> {
        let writer = self.writer(options.memory_budget, options.threads)?;
        // Another process may have committed since this value was opened.
        self.reader().reload().map_err(|e| self.error(e))?;
        Ok(WriteSession {
            index: self,
            writer,
            verified: false,
            committed: false,
        })
    }

    /// The plan of a run over whole folders: those named, else every one
    /// the index records. Mistakes in them are found before the lock is taken.
    pub(super) fn plan_folders<P: AsRef<Path>>(
        &self,
        folders: &[P],
        options: &IndexOptions,
        errors: &mut Vec<FileError>,
    ) -> Result<Plan> {
        options.check(!folders.is_empty())?;
        let recorded = self.commit_state()?;
        let roots = self.roots(folders, &recorded.folders, &recorded.walks, options, errors)?;
        Ok(Plan::folders(recorded, roots, !folders.is_empty(), options))
    }
}

impl WriteSession<'_> {
    /// [`NewsIndex::index_folders`] under the held lock.
    pub fn index_folders<P: AsRef<Path>>(
        &mut self,
        folders: &[P],
        options: &IndexOptions,
        progress: &dyn Progress,
    ) -> Result<IndexReport> {
        let started = Instant::now();
        let mut errors = Vec::new();
        let plan = self.index.plan_folders(folders, options, &mut errors)?;
        // A run over whole folders verifies what it builds on, as every
        // `search index` does.
        self.verified = false;
        self.run(plan, options, progress, errors, started)
    }

    /// Reads again just `paths` (files or folders, there or gone; relative
    /// ones from the current directory) under the folders the index records,
    /// each walked as recorded (ignore files, hidden files, globs), and lands
    /// what changed in one commit: a new file is added, a changed one read
    /// again, one whose content is the same is not re-indexed, and the
    /// articles of a removed file or folder are removed. A rename is the
    /// removal of one path and the addition of another: name both. Paths
    /// under no recorded folder are left alone.
    ///
    /// The index ends as a refresh ([`NewsIndex::refresh`]) would leave it
    /// if nothing changed elsewhere. Walk options in `options` are refused
    /// ([`Error::WalkWithoutFolders`]); with aliases other than those
    /// recorded, or [`IndexOptions::rebuild`], every recorded folder is
    /// read again instead.
    pub fn index_changes<P: AsRef<Path>>(
        &mut self,
        paths: &[P],
        options: &IndexOptions,
        progress: &dyn Progress,
    ) -> Result<IndexReport> {
        let started = Instant::now();
        options.check(false)?;
        let recorded = self.index.commit_state()?;
        if options.rebuild || options.aliases.hash() != recorded.aliases {
            return self.index_folders::<&Path>(&[], options, progress);
        }
        let paths = paths.iter().map(|p| absolute(p.as_ref())).collect();
        let mut errors = Vec::new();
        let plan = Plan::paths(recorded, paths, &mut errors);
        self.run(plan, options, progress, errors, started)
    }

    /// Lets go of the lock once the merges under way are done.
    pub fn finish(self) -> Result<()> {
        let index = self.index;
        self.writer
            .wait_merging_threads()
            .map_err(|e| index.error(e))?;
        index.reader().reload().map_err(|e| index.error(e))
    }

    pub(super) fn run(
        &mut self,
        plan: Plan,
        options: &IndexOptions,
        progress: &dyn Progress,
        errors: Vec<FileError>,
        started: Instant,
    ) -> Result<IndexReport> {
        self.committed = false;
        let result = self.update(&plan, options, progress, errors);
        if result.is_err() {
            // What the writer buffered is dropped; the lock stays.
            self.index.roll_back(&mut self.writer);
        }
        let mut report = result?;
        report.skipped.sort();
        report.errors.sort_by(|a, b| a.path.cmp(&b.path));
        report.warnings.sort_by(|a, b| a.path.cmp(&b.path));
        report.elapsed = started.elapsed();
        Ok(report)
    }

    fn update(
        &mut self,
        plan: &Plan,
        options: &IndexOptions,
        progress: &dyn Progress,
        errors: Vec<FileError>,
    ) -> Result<IndexReport> {
        let mut report = IndexReport {
            errors,
            ..IndexReport::default()
        };
        if options.rebuild {
            let deleted = self.writer.delete_query(Box::new(AllQuery));
            deleted.map_err(|e| self.index.error(e))?;
        }
        progress.phase(Phase::Scanning, None);
        // Into an index that holds nothing every file is new: they are read
        // as the walk finds them, and no record of them is kept.
        let streams =
            self.holds_nothing(options) && plan.scope.is_none() && walk::apart(&plan.roots);
        let mut scanned = match streams {
            true => None,
            false => Some(self.scan(plan, options, progress)?),
        };
        let diff = scanned.as_mut().map(|(known, walked, met)| {
            walked.report_into(&mut report);
            diff(plan, known, walked, std::mem::take(met))
        });
        if let Some(diff) = &diff {
            report.removed = diff.removed.len();
            report.unchanged = diff.unchanged;
        }

        // The segments the run writes are its own to merge at its end.
        let segments_before = self.index.segment_ids()?;
        let _held = Held::new(self.index, &segments_before);
        let writes = diff.as_ref().is_none_or(|d| !d.jobs.is_empty())
            || report.removed > 0
            || plan.state_changed();
        // A run that changes the index never builds on damaged segments (merging
        // would carry the damage on); one that changes nothing reads no more
        // than it must (verifying means reading the whole index).
        if writes && !options.rebuild && !self.verified {
            self.index.check_files()?;
            self.verified = true;
        }
        let tally = match diff {
            Some(diff) => self.write(diff, options, progress)?,
            None => self.write_as_found(plan, options, progress, &mut report)?,
        };
        // The list of indexed files holds the segments it was read from:
        // let go of them before the commit and the merge retire some.
        drop(scanned);
        let written = report.removed + tally.written;
        tally.into_report(&mut report);
        if written > 0 || options.rebuild || plan.state_changed() {
            self.commit(&plan.state, progress)?;
            // The commit stands whatever becomes of the merge (a full disk
            // needs room for a second copy of what it merges): the articles
            // are searchable in the segments the run wrote.
            match self.merge_written(&segments_before, progress) {
                Ok(merged) => report.segments_merged = merged,
                Err(e) => report.merge_failed = Some(e.to_string()),
            }
        }
        Ok(report)
    }

    /// What the index holds, then what the folders hold against it: the
    /// walk keeps only the files to read, and marks the indexed files it
    /// meets (by their place in path order).
    fn scan(
        &self,
        plan: &Plan,
        options: &IndexOptions,
        progress: &dyn Progress,
    ) -> Result<(Known, walk::Walked, Vec<bool>)> {
        let index = self.index;
        let known = match options.rebuild {
            true => Known::default(),
            false => index.guarded(|| Known::load(&index.reader().searcher(), index.path()))?,
        };
        let meeting = Meeting::new(plan, &known);
        let walked = walk::walk(
            &plan.roots,
            &plan.state.walks,
            plan.scope.as_ref(),
            &plan.folder_names(),
            (options.threads, &meeting),
            progress,
        )?;
        let met = meeting.into_met();
        Ok((known, walked, met))
    }

    /// Removes the articles of files gone, then reads, extracts and writes
    /// the files to read, in order, on the run's threads.
    fn write(
        &mut self,
        diff: Diff,
        options: &IndexOptions,
        progress: &dyn Progress,
    ) -> Result<Tally> {
        for key in &diff.removed {
            let path = Term::from_field_text(self.index.fields().path, key);
            self.writer.delete_term(path);
        }
        if !diff.jobs.is_empty() {
            self.index.train_records();
        }
        progress.phase(Phase::Reading, Some(diff.jobs.len() as u64));
        let reading = Reading::new(self, diff.claimed, options, progress);
        let read = in_order::run(
            &diff.jobs,
            options.threads,
            |job| job.candidate.path(),
            |job| reading.file(job),
        );
        let tally = reading.tally.into_inner().unwrap_or_default();
        self.read_to_end(read.map(drop), tally, options, (diff.jobs.len(), true))
    }

    /// Whether the index holds no article (new, emptied, or to be rebuilt),
    /// so that nothing walked needs looking up in it.
    fn holds_nothing(&self, options: &IndexOptions) -> bool {
        options.rebuild || self.index.reader().searcher().num_docs() == 0
    }

    /// Reads, extracts and writes every file of the plan's roots as the walk
    /// finds them, on the run's threads, the walk on one more; what the walk
    /// could not take goes into `report`. For a run that needs no diff.
    fn write_as_found(
        &mut self,
        plan: &Plan,
        options: &IndexOptions,
        progress: &dyn Progress,
        report: &mut IndexReport,
    ) -> Result<Tally> {
        let folder_names = plan.folder_names();
        progress.phase(Phase::Reading, None);
        let found = AtomicUsize::new(0);
        let cut_short = AtomicBool::new(false);
        let reading = Reading::new(self, FastSet::default(), options, progress);
        let read = in_order::stream(
            options.threads,
            |hand_over| {
                walk::stream(
                    &plan.roots,
                    &plan.state.walks,
                    &folder_names,
                    progress,
                    |candidate| {
                        found.fetch_add(1, Ordering::Relaxed);
                        let job = Job::new(Found::Own(Box::new(candidate)), None, false);
                        let taken = !options.stopped() && hand_over(job);
                        if !taken {
                            cut_short.store(true, Ordering::Relaxed);
                        }
                        taken
                    },
                )
            },
            |job| job.candidate.path(),
            |job| reading.file(job),
        );
        let tally = reading.tally.into_inner().unwrap_or_default();
        // The walk's own failure (a glob that cannot be read) ends the run too.
        let read = read.and_then(|walked| walked.map(|mut walked| walked.report_into(report)));
        let files_to_read = (found.into_inner(), !cut_short.into_inner());
        self.read_to_end(read, tally, options, files_to_read)
    }

    /// The tally of a reading phase, or why it ended early: a worker's error,
    /// or a stop before the commit, after reading some of `files_to_read`
    /// (with whether those are all the files the run would have read).
    fn read_to_end(
        &mut self,
        read: Result<()>,
        tally: Tally,
        options: &IndexOptions,
        (files_to_read, all_found): (usize, bool),
    ) -> Result<Tally> {
        if let Err(error) = read {
            return Err(self.worker_error(error));
        }
        if options.stopped() {
            // The caller rolls back what the writer buffered.
            return Err(Error::Interrupted {
                files_read: tally.files,
                files_to_read,
                all_found,
            });
        }
        Ok(tally)
    }

    /// One commit, carrying the state the index records with it.
    fn commit(&mut self, state: &CommitState, progress: &dyn Progress) -> Result<()> {
        progress.phase(Phase::Committing, None);
        let index = self.index;
        let mut commit = self.writer.prepare_commit().map_err(|e| index.error(e))?;
        commit.set_payload(&state.to_payload());
        commit.commit().map_err(|e| index.error(e))?;
        self.committed = true;
        index.forget_creation();
        index.reader().reload().map_err(|e| index.error(e))
    }

    /// Merges the segments the run wrote, all but those `before` held, when
    /// there are more than a run leaves: a big folder's run writes one per
    /// 19,000 or so articles, and every segment is files that each query
    /// opens. The commit stands whatever becomes of the merge; the number of
    /// segments merged, 0 if none.
    fn merge_written(
        &mut self,
        before: &HashSet<SegmentId>,
        progress: &dyn Progress,
    ) -> Result<usize> {
        let groups = self.index.merges_after_run(before)?;
        if groups.is_empty() {
            return Ok(0);
        }
        progress.phase(Phase::Merging, None);
        give_back_freed_memory();
        self.index.merge(&mut self.writer, &groups)?;
        Ok(groups.iter().map(Vec::len).sum())
    }

    /// A writer whose indexing thread failed (a full disk, say) refuses further
    /// documents with a message that has lost the cause; the cause comes back
    /// when the threads are joined, as preparing a commit does.
    fn worker_error(&mut self, error: Error) -> Error {
        match error {
            Error::Index {
                source: TantivyError::ErrorInThread(_),
                ..
            } => match self.writer.prepare_commit() {
                Err(cause) => self.index.error(cause),
                // Dropped unused: the caller rolls back.
                Ok(_) => error,
            },
            other => other,
        }
    }
}

/// What the workers of a reading phase share: each file read is extracted,
/// written and added up here.
struct Reading<'a> {
    index: &'a NewsIndex,
    writer: &'a IndexWriter<TantivyDocument>,
    /// The content hashes whose searchable article is in the index.
    claimed: Mutex<FastSet<u64>>,
    tally: Mutex<Tally>,
    options: &'a IndexOptions,
    progress: &'a dyn Progress,
}

impl<'a> Reading<'a> {
    fn new(
        session: &'a WriteSession<'_>,
        claimed: FastSet<u64>,
        options: &'a IndexOptions,
        progress: &'a dyn Progress,
    ) -> Self {
        Reading {
            index: session.index,
            writer: &session.writer,
            claimed: Mutex::new(claimed),
            tally: Mutex::new(Tally::default()),
            options,
            progress,
        }
    }

    /// Reads, extracts and writes one job's file; nothing once the run is stopped.
    fn file(&self, job: &Job) -> Result<()> {
        if self.options.stopped() {
            return Ok(());
        }
        let outcome =
            self.index
                .index_file(self.writer, job, &self.claimed, &self.options.aliases)?;
        if let Ok(mut tally) = self.tally.lock() {
            tally.add(outcome, job.reread);
        }
        self.progress.advance(1);
        Ok(())
    }
}

/// Returns to the system the heap the writer's threads freed at the commit
/// (at 1 GB of news, about 340 of the 400 MB still resident): glibc keeps
/// freed memory for reuse, and the merges that follow need little of it.
fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory of the allocator's own;
    // nothing in use is touched.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Keeps the merge policy to the segments `before` held until dropped.
struct Held<'a>(&'a NewsIndex);

impl<'a> Held<'a> {
    fn new(index: &'a NewsIndex, before: &HashSet<SegmentId>) -> Self {
        index.hold().set(before.clone());
        Held(index)
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.0.hold().release();
    }
}

/// `path` from the root, as the index stores paths: the folder holding it
/// resolved (symbolic links, `..`), as the index's folders are, and its own
/// name kept, so that a link to a file stays the link a walk finds.
fn absolute(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => match std::fs::canonicalize(parent) {
            Ok(parent) => parent.join(name),
            Err(_) => path,
        },
        _ => path,
    }
}
