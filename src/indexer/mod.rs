//! The write path: walk the folders, diff them against what the index holds,
//! extract what is new or changed in parallel, and land everything in one
//! commit. `NewsIndex`'s methods for writing live here.

mod file;
mod folders;
mod in_order;
mod options;
mod read;
mod report;
mod rules;
mod walk;

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use tantivy::query::AllQuery;
use tantivy::{IndexWriter, TantivyDocument, TantivyError, Term};

pub use self::options::IndexOptions;
pub use self::report::{FileError, IndexReport, Phase, Progress};

use self::file::{Job, Tally};
use self::folders::{recorded_after, walks_after};
use self::walk::{is_under, Candidate};
use crate::error::{Error, Result};
use crate::hash::{FastMap, FastSet};
use crate::store::known::Known;
use crate::store::{CommitState, NewsIndex, SCHEMA_VERSION};

impl NewsIndex {
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
    ///
    /// Files and folders that cannot be read are reported and keep their
    /// articles; so do the folders a refresh no longer finds. A rebuild with
    /// named folders leaves the index holding exactly those.
    ///
    /// A file named among the folders is indexed on its own, and a refresh
    /// reads it alone, not the rest of its folder. The walk options of
    /// `options` ([`IndexOptions::hidden`], [`IndexOptions::no_ignore`],
    /// [`IndexOptions::glob`]) are recorded with the folders named, and a
    /// refresh walks each folder as recorded; given without folders they are
    /// refused ([`Error::WalkWithoutFolders`]).
    pub fn index_folders<P: AsRef<Path>>(
        &self,
        folders: &[P],
        options: &IndexOptions,
        progress: &dyn Progress,
    ) -> Result<IndexReport> {
        let result = self.run(folders, options, progress);
        match &result {
            Ok(_) => self.forget_creation(),
            Err(_) => self.take_back_creation(),
        }
        result
    }

    fn run<P: AsRef<Path>>(
        &self,
        folders: &[P],
        options: &IndexOptions,
        progress: &dyn Progress,
    ) -> Result<IndexReport> {
        let started = Instant::now();
        let mut report = IndexReport::default();
        options.check(!folders.is_empty())?;
        let recorded = self.commit_state()?;
        let known_folders = &recorded.folders;
        let known_aliases = recorded.aliases;
        let roots = self.roots(
            folders,
            known_folders,
            &recorded.walks,
            options,
            &mut report.errors,
        )?;

        // Take the lock before reading the state we diff against.
        let mut writer = self.writer(options.memory_budget, options.threads)?;
        if options.rebuild {
            writer
                .delete_query(Box::new(AllQuery))
                .map_err(|e| self.error(e))?;
        }
        let folders_after = recorded_after(known_folders, &roots, options);
        let state = CommitState {
            version: SCHEMA_VERSION,
            walks: walks_after(
                &recorded.walks,
                &folders_after,
                &roots,
                !folders.is_empty(),
                options,
            ),
            aliases: aliases_after(known_aliases, known_folders, &roots, options),
            folders: folders_after,
        };
        let folders_changed = state.folders != *known_folders;
        // Sources are mapped as files are read: new aliases mean reading again.
        let aliases_changed = options.aliases.hash() != known_aliases;
        let state_changed = state != recorded;
        let folder_names: Vec<&str> = state.folders.iter().filter_map(|f| f.to_str()).collect();
        progress.phase(Phase::Scanning, None);
        // What the index holds and what the folders hold, read side by side.
        let (known, walked) = rayon::join(
            || match options.rebuild {
                true => Ok(Known::default()),
                false => self.guarded(|| Known::load(&self.reader().searcher(), self.path())),
            },
            || {
                walk::walk(
                    &roots,
                    &state.walks,
                    &folder_names,
                    options.threads,
                    progress,
                )
            },
        );
        let known = known?;
        let walked = walked?;
        report.skipped = walked.skipped;
        // Added to the folders a refresh no longer finds, listed already.
        report.errors.extend(walked.errors);

        let by_key: FastMap<&str, &Candidate> = walked
            .candidates
            .iter()
            .map(|c| (c.key.as_str(), c))
            .collect();
        let mut rewritten: FastSet<&str> = FastSet::default();
        let roots_text: Vec<&str> = roots.iter().filter_map(|r| r.to_str()).collect();
        // What the walk could not look into may still be there: it keeps its articles.
        let unseen: Vec<&str> = walked.unseen.iter().filter_map(|p| p.to_str()).collect();
        // A file indexed on its own and not read by this run stays, whatever
        // the walk of a folder around it leaves out.
        let alone: Vec<&str> = state
            .walks
            .iter()
            .filter(|(path, walk)| walk.file && !roots.contains(path))
            .filter_map(|(path, _)| path.to_str())
            .collect();
        for key in known.files.keys() {
            let under_root =
                roots_text.iter().any(|root| is_under(key, root)) && !alone.contains(&&**key);
            let seen = !unseen.iter().any(|u| is_under(key, u));
            if under_root && seen && !by_key.contains_key(&**key) {
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
                Some(old)
                    if old.size == c.size
                        && old.mtime == c.mtime
                        && !renamed(c)
                        && !aliases_changed =>
                {
                    None
                }
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

        let writes = !jobs.is_empty() || report.removed > 0 || options.rebuild || state_changed;
        // A run that changes the index never builds on damaged segments (merging
        // would carry the damage on); one that changes nothing reads no more
        // than it must (verifying means reading the whole index).
        if writes && !options.rebuild {
            self.check_files()?;
        }

        progress.phase(Phase::Reading, Some(jobs.len() as u64));
        let tally = Mutex::new(Tally::default());
        in_order::run(
            &jobs,
            options.threads,
            |job| job.candidate.path(),
            |job| {
                if options.stopped() {
                    return Ok(());
                }
                let outcome = self.index_file(&writer, job, &claimed, &options.aliases)?;
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

        if written > 0 || options.rebuild || state_changed {
            progress.phase(Phase::Committing, None);
            let mut commit = writer.prepare_commit().map_err(|e| self.error(e))?;
            commit.set_payload(&state.to_payload());
            commit.commit().map_err(|e| self.error(e))?;
            self.forget_creation();
        }
        writer.wait_merging_threads().map_err(|e| self.error(e))?;
        self.reader().reload().map_err(|e| self.error(e))?;

        report.skipped.sort();
        report.errors.sort_by(|a, b| a.path.cmp(&b.path));
        report.warnings.sort_by(|a, b| a.path.cmp(&b.path));
        report.elapsed = started.elapsed();
        Ok(report)
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

/// The aliases the index records after a run: the run's once it has read
/// every folder the index holds, else those recorded before, so that a later
/// run reads again the folders this one did not walk.
fn aliases_after(
    known: u64,
    known_folders: &[PathBuf],
    roots: &[PathBuf],
    options: &IndexOptions,
) -> u64 {
    let all_read = known_folders
        .iter()
        .all(|folder| roots.iter().any(|root| folder.starts_with(root)));
    if options.rebuild || all_read {
        options.aliases.hash()
    } else {
        known
    }
}
