//! The write path: walk the folders, diff them against what the index holds,
//! extract what is new or changed in parallel, and land everything in one
//! commit. `NewsIndex`'s methods for writing live here.

mod file;
mod in_order;
mod read;
mod report;
mod walk;

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tantivy::query::AllQuery;
use tantivy::{IndexWriter, TantivyDocument, TantivyError, Term};

pub use self::report::{FileError, IndexReport, Phase, Progress};

use self::file::{Job, Tally};
use self::walk::{is_under, Candidate};
use crate::error::{Error, Result};
use crate::hash::{FastMap, FastSet};
use crate::limits::DEFAULT_MEMORY_BUDGET;
use crate::paths::display_path;
use crate::store::known::Known;
use crate::store::{CommitState, NewsIndex, SCHEMA_VERSION};

/// How an indexing run behaves.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct IndexOptions {
    /// Total memory for the index writer's buffers, in bytes.
    pub memory_budget: usize,
    /// Drop every article and index the folders afresh (in the same single commit).
    pub rebuild: bool,
    /// Set from elsewhere (a Ctrl-C handler) to stop the run: it ends without
    /// committing, so the index stays as the last completed run left it.
    pub stop: Option<Arc<AtomicBool>>,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            memory_budget: DEFAULT_MEMORY_BUDGET,
            rebuild: false,
            stop: None,
        }
    }
}

impl IndexOptions {
    /// Sets the writer's memory budget in bytes.
    pub fn memory_budget(mut self, bytes: usize) -> Self {
        self.memory_budget = bytes;
        self
    }

    /// Asks for a rebuild from scratch.
    pub fn rebuild(mut self, yes: bool) -> Self {
        self.rebuild = yes;
        self
    }

    /// Stops the run, without changing the index, once `flag` is set.
    pub fn stop_when(mut self, flag: Arc<AtomicBool>) -> Self {
        self.stop = Some(flag);
        self
    }

    fn stopped(&self) -> bool {
        self.stop
            .as_ref()
            .is_some_and(|f| f.load(Ordering::Relaxed))
    }
}

impl NewsIndex {
    /// Opens the index at `path` for [`index_folders`](NewsIndex::index_folders)
    /// with these `folders` and `options`: created on first use when folders
    /// are named (a refresh needs an index to refresh: [`Error::IndexNotFound`]
    /// says so), and with [`IndexOptions::rebuild`] built afresh when it was
    /// written by an incompatible version or cannot be read (keeping the
    /// folders it held when they can be read, so a refresh rebuilds them).
    pub fn open_for_indexing<P: AsRef<Path>>(
        path: impl AsRef<Path>,
        folders: &[P],
        options: &IndexOptions,
    ) -> Result<NewsIndex> {
        let path = path.as_ref();
        let opened = if folders.is_empty() {
            NewsIndex::open(path)
        } else {
            NewsIndex::open_or_create(path)
        };
        match opened {
            Err(Error::IncompatibleIndex { .. } | Error::DamagedIndex { .. })
                if options.rebuild =>
            {
                NewsIndex::recreate_keeping_folders(path)
            }
            other => other,
        }
    }

    /// Indexes one folder incrementally with default options.
    pub fn index_dir(&self, folder: impl AsRef<Path>) -> Result<IndexReport> {
        self.index_folders(&[folder.as_ref()], &IndexOptions::default(), &())
    }

    /// Refreshes every folder the index already holds.
    pub fn refresh(&self) -> Result<IndexReport> {
        self.index_folders::<&Path>(&[], &IndexOptions::default(), &())
    }

    /// Indexes `folders` (or, when empty, every folder the index holds): new and
    /// changed files are read, articles of deleted files removed, the rest left
    /// alone. Everything lands in one commit; an interrupted run changes nothing.
    pub fn index_folders<P: AsRef<Path>>(
        &self,
        folders: &[P],
        options: &IndexOptions,
        progress: &dyn Progress,
    ) -> Result<IndexReport> {
        let started = Instant::now();
        let mut report = IndexReport::default();
        let known_folders = self.folders()?;
        let roots = if folders.is_empty() {
            self.existing_folders(&known_folders, &mut report)?
        } else {
            folders
                .iter()
                .map(|f| canonical_folder(f.as_ref()))
                .collect::<Result<Vec<_>>>()?
        };

        // Take the lock before reading the state we diff against.
        let mut writer = self.writer(options.memory_budget)?;
        if options.rebuild {
            writer
                .delete_query(Box::new(AllQuery))
                .map_err(|e| self.error(e))?;
        }
        let mut all_folders: BTreeSet<PathBuf> = known_folders.iter().cloned().collect();
        all_folders.extend(roots.iter().cloned());
        let state = CommitState {
            version: SCHEMA_VERSION,
            folders: all_folders.into_iter().collect(),
        };
        let folders_changed = state.folders != known_folders;
        let folder_names: Vec<&str> = state.folders.iter().filter_map(|f| f.to_str()).collect();
        progress.phase(Phase::Scanning, None);
        // What the index holds and what the folders hold, read side by side.
        let (known, walked) = rayon::join(
            || match options.rebuild {
                true => Ok(Known::default()),
                false => self.guarded(|| Known::load(&self.reader().searcher(), self.path())),
            },
            || walk::walk(&roots, &folder_names, progress),
        );
        let known = known?;
        report.skipped = walked.skipped;
        report.errors = walked.errors;

        let by_key: FastMap<&str, &Candidate> = walked
            .candidates
            .iter()
            .map(|c| (c.key.as_str(), c))
            .collect();
        let mut rewritten: FastSet<&str> = FastSet::default();
        let roots_text: Vec<&str> = roots.iter().filter_map(|r| r.to_str()).collect();
        for key in known.files.keys() {
            let under_root = roots_text.iter().any(|root| is_under(key, root));
            if under_root && !by_key.contains_key(&**key) {
                writer.delete_term(Term::from_field_text(self.fields().path, key));
                report.removed += 1;
                rewritten.insert(key);
            }
        }
        // A folder added around indexed ones changes the names of their
        // files, and so their articles' ids: those files are written again.
        let old_names: Vec<&str> = known_folders.iter().filter_map(|f| f.to_str()).collect();
        let renamed =
            |c: &Candidate| folders_changed && walk::name_start(&c.key, &old_names) != c.name_at;
        let mut jobs: Vec<Job> = walked
            .candidates
            .iter()
            .filter_map(|c| match known.files.get(c.key.as_str()) {
                Some(old) if old.size == c.size && old.mtime == c.mtime && !renamed(c) => None,
                old => Some(Job::new(Cow::Borrowed(c), old.copied(), false)),
            })
            .collect();
        report.unchanged = walked.candidates.len() - jobs.len();
        rewritten.extend(jobs.iter().map(|j| j.candidate.key.as_str()));

        // Copies of a story whose searchable article goes are read again, so one
        // of them takes its place.
        let (surviving, reread) = known.plan(&rewritten);
        for key in reread {
            let candidate = by_key
                .get(key.as_str())
                .map(|c| Cow::Borrowed(*c))
                .or_else(|| walk::stat(Path::new(&key), &folder_names).map(Cow::Owned));
            if let (Some(candidate), Some(old)) = (candidate, known.files.get(key.as_str())) {
                jobs.push(Job::new(candidate, Some(*old), true));
            }
        }
        let claimed = Mutex::new(surviving);

        let writes = !jobs.is_empty() || report.removed > 0 || options.rebuild || folders_changed;
        // A run that changes the index never builds on damaged segments (merging
        // would carry the damage on); one that changes nothing reads no more
        // than it must (verifying means reading the whole index).
        if writes && !options.rebuild {
            self.check_files()?;
        }

        progress.phase(Phase::Reading, Some(jobs.len() as u64));
        let tally = Mutex::new(Tally::default());
        let threads = rayon::current_num_threads();
        in_order::run(
            &jobs,
            threads,
            |job| job.candidate.path(),
            |job| {
                if options.stopped() {
                    return Ok(());
                }
                let outcome = self.index_file(&writer, job, &claimed)?;
                if let Ok(mut tally) = tally.lock() {
                    tally.add(outcome, job.reread);
                }
                progress.advance(1);
                Ok(())
            },
        )
        .map_err(|e| self.worker_error(&mut writer, e))?;
        let tally = tally.into_inner().unwrap_or_default();
        if options.stopped() {
            // Dropping the writer without a commit discards what it buffered.
            return Err(Error::Interrupted {
                files_read: tally.files,
                files_to_read: jobs.len(),
            });
        }
        let written = report.removed + tally.written;
        tally.into_report(&mut report);

        if written > 0 || options.rebuild || folders_changed {
            progress.phase(Phase::Committing, None);
            let mut commit = writer.prepare_commit().map_err(|e| self.error(e))?;
            commit.set_payload(&state.to_payload());
            commit.commit().map_err(|e| self.error(e))?;
        }
        writer.wait_merging_threads().map_err(|e| self.error(e))?;
        self.reader().reload().map_err(|e| self.error(e))?;

        report.skipped.sort();
        report.errors.sort_by(|a, b| a.path.cmp(&b.path));
        report.warnings.sort_by(|a, b| a.path.cmp(&b.path));
        report.elapsed = started.elapsed();
        Ok(report)
    }

    /// The folders to refresh when none are named; a vanished one is reported
    /// and its articles kept, so an unmounted drive loses nothing.
    fn existing_folders(
        &self,
        known: &[PathBuf],
        report: &mut IndexReport,
    ) -> Result<Vec<PathBuf>> {
        if known.is_empty() {
            return Err(Error::NoFolders {
                path: self.path().to_path_buf(),
            });
        }
        let (present, missing): (Vec<_>, Vec<_>) = known.iter().cloned().partition(|f| f.is_dir());
        report.errors.extend(missing.into_iter().map(|f| FileError {
            path: display_path(&f),
            reason: "folder no longer exists; its articles are kept".to_owned(),
        }));
        Ok(present)
    }

    /// A writer whose indexing thread failed (a full disk, say) refuses further
    /// documents with a message that has lost the cause; the cause comes back
    /// when the threads are joined, as preparing a commit does.
    fn worker_error(&self, writer: &mut IndexWriter<TantivyDocument>, error: Error) -> Error {
        match error {
            Error::Index {
                source: TantivyError::ErrorInThread(_),
                ..
            } => match writer.prepare_commit() {
                Err(cause) => self.error(cause),
                // Dropped unused: nothing is committed.
                Ok(_) => error,
            },
            other => other,
        }
    }
}

/// An absolute, symlink-free folder path, so `corpus` and `./corpus/` are one folder.
fn canonical_folder(folder: &Path) -> Result<PathBuf> {
    let path = folder.to_path_buf();
    match std::fs::canonicalize(folder) {
        Ok(canonical) if canonical.is_dir() => Ok(canonical),
        Ok(_) => Err(Error::NotAFolder { path }),
        Err(_) => Err(Error::FolderNotFound { path }),
    }
}
