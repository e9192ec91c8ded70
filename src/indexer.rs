//! Incremental indexing: walk the folders, diff them against what the index holds,
//! extract what is new or changed in parallel, and land everything in one commit.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Serialize, Serializer};
use tantivy::directory::error::LockError;
use tantivy::query::AllQuery;
use tantivy::{IndexWriter, TantivyDocument, TantivyError, Term};

use crate::article::Article;
use crate::error::{Error, ExtractError, Result};
use crate::extract;
use crate::fingerprint;
use crate::in_order;
use crate::known::Known;
use crate::limits::{MAX_BODY_BYTES, MAX_FILE_BYTES};
use crate::merging::NewsMergePolicy;
use crate::news_index::{CommitState, NewsIndex};
use crate::paths::display_path;
use crate::read;
use crate::schema::{self, Copy, FileState, Origin, SCHEMA_VERSION};
use crate::snippet::floor_boundary;
use crate::walk::{self, Candidate};
use crate::{FastMap, FastSet};

/// How long a run waits for the writer lock before it reports the index busy.
/// A lock this process has just released can look held for a moment: a child
/// process that another thread is starting shares the lock's open file until it
/// runs its program.
const LOCK_PATIENCE: Duration = Duration::from_millis(250);

/// The least memory one indexing thread can work with (tantivy's floor).
pub const MIN_MEMORY_PER_THREAD: usize = 15_000_000;

/// The writer's memory budget unless told otherwise: enough for fast bulk
/// indexing, small enough for a laptop.
pub const DEFAULT_MEMORY_BUDGET: usize = 256 * 1024 * 1024;

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

/// The stages of a run, for progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Phase {
    /// Walking the folders; the total is unknown.
    Scanning,
    /// Reading and extracting new and changed files; the total is their number.
    Reading,
    /// Writing the commit.
    Committing,
}

/// Receives progress from an indexing run. The library never draws; a CLI
/// implements this to show a bar. `()` ignores everything.
pub trait Progress: Sync {
    /// A phase begins, with the amount of work when known.
    fn phase(&self, _phase: Phase, _total: Option<u64>) {}
    /// `n` more units of the current phase are done.
    fn advance(&self, _n: u64) {}
}

impl Progress for () {}

/// A file that could not be indexed, or was indexed in part, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileError {
    /// The file, as the user can open it from the current directory.
    /// (In JSON, a name that is not UTF-8 has its bad bytes replaced.)
    #[serde(serialize_with = "serialize_lossy")]
    pub path: PathBuf,
    /// Why, in a few words.
    pub reason: String,
}

/// What an indexing run did. Counts are of files.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexReport {
    /// Files indexed for the first time.
    pub added: usize,
    /// Files whose content changed and were indexed again.
    pub updated: usize,
    /// Files gone from their folder, whose articles were removed.
    pub removed: usize,
    /// Files left as they were.
    pub unchanged: usize,
    /// Articles found to be exact copies of a story already indexed: stored
    /// once, with every path they were found at.
    pub duplicates: usize,
    /// Files that are not articles this build can read (by extension).
    #[serde(serialize_with = "serialize_len")]
    pub skipped: Vec<PathBuf>,
    /// Files that could not be read or made sense of; any earlier version stays indexed.
    pub errors: Vec<FileError>,
    /// Files indexed in part: read only up to
    /// [`MAX_FILE_BYTES`](crate::limits::MAX_FILE_BYTES), or holding an
    /// article whose body was cut at [`MAX_BODY_BYTES`](crate::limits::MAX_BODY_BYTES).
    pub warnings: Vec<FileError>,
    /// Wall time of the run.
    #[serde(rename = "elapsed_ms", serialize_with = "serialize_millis")]
    pub elapsed: Duration,
}

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
        progress.phase(Phase::Scanning, None);
        // What the index holds and what the folders hold, read side by side.
        let (known, walked) = rayon::join(
            || match options.rebuild {
                true => Ok(Known::default()),
                false => self.guarded(|| Known::load(&self.reader().searcher(), self.path())),
            },
            || walk::walk(&roots, progress),
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
        let mut jobs: Vec<Job> = walked
            .candidates
            .iter()
            .filter_map(|c| match known.files.get(c.key.as_str()) {
                Some(old) if old.size == c.size && old.mtime == c.mtime => None,
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
                .or_else(|| walk::stat(Path::new(&key)).map(Cow::Owned));
            if let (Some(candidate), Some(old)) = (candidate, known.files.get(key.as_str())) {
                jobs.push(Job::new(candidate, Some(*old), true));
            }
        }
        let claimed = Mutex::new(surviving);

        let mut all_folders: BTreeSet<PathBuf> = known_folders.iter().cloned().collect();
        all_folders.extend(roots);
        let state = CommitState {
            version: SCHEMA_VERSION,
            folders: all_folders.into_iter().collect(),
        };
        let folders_changed = state.folders != known_folders;
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

    pub(crate) fn writer(&self, budget: usize) -> Result<IndexWriter<TantivyDocument>> {
        if budget < MIN_MEMORY_PER_THREAD {
            return Err(Error::MemoryBudget {
                given: budget,
                minimum: MIN_MEMORY_PER_THREAD,
            });
        }
        let asked = Instant::now();
        let writer = loop {
            match self.tantivy().writer(budget) {
                Err(TantivyError::LockFailure(LockError::LockBusy, _))
                    if asked.elapsed() < LOCK_PATIENCE =>
                {
                    std::thread::sleep(Duration::from_millis(10));
                }
                other => break other.map_err(|e| self.error(e))?,
            }
        };
        writer.set_merge_policy(Box::new(NewsMergePolicy::default()));
        Ok(writer)
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

    /// Reads, extracts and adds one file's articles, replacing its old ones.
    /// An article whose content is already searchable (`claimed`) is stored as
    /// a copy: its path is listed with the story, its text not indexed again.
    fn index_file(
        &self,
        writer: &IndexWriter<TantivyDocument>,
        job: &Job,
        claimed: &Mutex<FastSet<u64>>,
    ) -> Result<FileOutcome> {
        let candidate = &job.candidate;
        let error = |reason: String| FileError {
            path: display_path(candidate.path()),
            reason,
        };
        let contents = match read::read_bounded(candidate.path()) {
            Ok(contents) => contents,
            Err(e) => {
                return Ok(FileOutcome::from(Change::Failed(error(walk::io_reason(
                    &e,
                )))))
            }
        };
        let mut warnings = Vec::new();
        if contents.truncated {
            warnings.push(error(format!(
                "file truncated: only the first {MAX_FILE_BYTES} of its {} bytes were read",
                contents.size
            )));
        }
        // A parser that panics on a strange file (the fuzzers found such in
        // the feed reader) costs that file, never the run.
        let extract = || extract::extract_file(candidate.path(), &contents.bytes);
        let extracted = match std::panic::catch_unwind(extract) {
            Ok(Ok(extracted)) if extracted.articles.is_empty() => Err(ExtractError::NoArticles),
            Ok(other) => other,
            Err(panic) => Err(ExtractError::ParserFailed {
                reason: panic_message(panic.as_ref()),
            }),
        };
        let extracted = match extracted {
            Ok(extracted) => extracted,
            Err(ExtractError::Unsupported) => {
                let path = display_path(candidate.path());
                return Ok(FileOutcome::from(Change::Unsupported(path)).warned(warnings));
            }
            Err(e) => {
                let failed = FileOutcome::from(Change::Failed(error(e.to_string())));
                return Ok(failed.warned(warnings));
            }
        };
        let state = FileState {
            size: contents.size,
            mtime: candidate.mtime,
            hash: contents.hash(),
        };
        drop(contents);
        let fields = self.fields();
        if job.old.is_some() {
            writer.delete_term(Term::from_field_text(fields.path, &candidate.key));
        }
        let mut duplicates = 0;
        for (position, mut article) in extracted.articles {
            if let Some(full) = cut_body(&mut article) {
                let at = match position {
                    0 => String::new(),
                    n => format!("article {n}: "),
                };
                warnings.push(error(format!(
                    "{at}body truncated to {MAX_BODY_BYTES} bytes (it has {full})"
                )));
            }
            let fingerprint = fingerprint::fingerprint(&article);
            let first = claimed
                .lock()
                .map_or(true, |mut c| c.insert(fingerprint.content));
            let copy = if first {
                Copy::Searchable
            } else {
                Copy::Duplicate
            };
            duplicates += usize::from(!first);
            let origin = Origin {
                path: &candidate.key,
                state,
                position,
            };
            let doc = schema::to_document(fields, origin, &article, fingerprint, copy);
            writer.add_document(doc).map_err(|e| self.error(e))?;
        }
        let change = match job.old {
            None => Change::Added,
            // Same bytes, new timestamp: rewritten so the next run need not read it.
            Some(old) if old.hash == state.hash => Change::Touched,
            Some(_) => Change::Updated,
        };
        let problems = extracted
            .problems
            .into_iter()
            .map(|p| error(format!("{}: {}", p.location, p.reason)))
            .collect();
        Ok(FileOutcome {
            change,
            problems,
            warnings,
            duplicates,
        })
    }
}

/// What a panic said, for a report.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no reason given".to_owned())
}

/// A file to read in this run.
struct Job<'a> {
    candidate: Cow<'a, Candidate>,
    /// Its state in the index, if it was indexed before.
    old: Option<FileState>,
    /// Read again only so a copy can replace a removed searchable article.
    reread: bool,
}

impl<'a> Job<'a> {
    fn new(candidate: Cow<'a, Candidate>, old: Option<FileState>, reread: bool) -> Job<'a> {
        Job {
            candidate,
            old,
            reread,
        }
    }
}

/// What became of the files read so far, added up as each is done.
#[derive(Default)]
struct Tally {
    /// Files read.
    files: usize,
    /// Files whose articles were written.
    written: usize,
    added: usize,
    updated: usize,
    unchanged: usize,
    duplicates: usize,
    skipped: Vec<PathBuf>,
    errors: Vec<FileError>,
    warnings: Vec<FileError>,
}

impl Tally {
    fn add(&mut self, outcome: FileOutcome, reread: bool) {
        self.files += 1;
        self.errors.extend(outcome.problems);
        self.warnings.extend(outcome.warnings);
        self.duplicates += outcome.duplicates;
        match outcome.change {
            Change::Added => self.added += 1,
            Change::Updated => self.updated += 1,
            // A copy read again only to take a removed article's place was
            // counted as unchanged already.
            Change::Touched if reread => {}
            Change::Touched => self.unchanged += 1,
            Change::Unsupported(path) => {
                self.skipped.push(path);
                return;
            }
            Change::Failed(error) => {
                self.errors.push(error);
                return;
            }
        }
        self.written += 1;
    }

    fn into_report(self, report: &mut IndexReport) {
        report.added += self.added;
        report.updated += self.updated;
        report.unchanged += self.unchanged;
        report.duplicates += self.duplicates;
        report.skipped.extend(self.skipped);
        report.errors.extend(self.errors);
        report.warnings.extend(self.warnings);
    }
}

/// What became of one file read in a run.
struct FileOutcome {
    change: Change,
    /// Records of the file that were skipped.
    problems: Vec<FileError>,
    /// What of the file was left out: a truncated read, cut bodies.
    warnings: Vec<FileError>,
    /// Articles stored as copies of a story already indexed.
    duplicates: usize,
}

enum Change {
    Added,
    Updated,
    Touched,
    /// The content shows it is not an article format after all.
    Unsupported(PathBuf),
    Failed(FileError),
}

impl From<Change> for FileOutcome {
    fn from(change: Change) -> Self {
        FileOutcome {
            change,
            problems: Vec::new(),
            warnings: Vec::new(),
            duplicates: 0,
        }
    }
}

impl FileOutcome {
    fn warned(mut self, warnings: Vec<FileError>) -> Self {
        self.warnings = warnings;
        self
    }
}

/// Cuts a body longer than [`MAX_BODY_BYTES`] at the last character
/// boundary within it; returns the length it had when it was cut.
fn cut_body(article: &mut Article) -> Option<usize> {
    let full = article.body.len();
    if full <= MAX_BODY_BYTES {
        return None;
    }
    let end = floor_boundary(&article.body, MAX_BODY_BYTES);
    article.body.truncate(end);
    article.body.shrink_to_fit();
    Some(full)
}

/// Whether the file at path key `key` is inside the folder `root` (both
/// absolute, as the index stores them): a string test, as paths go, not a
/// prefix test ("/news-old/a.txt" is not under "/news").
fn is_under(key: &str, root: &str) -> bool {
    key.strip_prefix(root).is_some_and(|rest| {
        rest.starts_with(std::path::MAIN_SEPARATOR) || root.ends_with(std::path::MAIN_SEPARATOR)
    })
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

fn serialize_len<S: Serializer>(items: &[PathBuf], s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_u64(items.len() as u64)
}

fn serialize_lossy<S: Serializer>(path: &Path, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&path.to_string_lossy())
}

pub(crate) fn serialize_millis<S: Serializer>(
    d: &Duration,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_u64(u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_key_is_under_a_root_only_below_a_separator() {
        assert!(is_under("/news/a.txt", "/news"));
        assert!(is_under("/news/2024/a.txt", "/news"));
        assert!(is_under("/a.txt", "/"));
        assert!(!is_under("/news-old/a.txt", "/news"));
        assert!(!is_under("/newsa.txt", "/news"));
        assert!(!is_under("/other/a.txt", "/news"));
    }

    #[test]
    fn a_long_body_is_cut_at_a_character_boundary() {
        let mut article = Article {
            body: "é".repeat(MAX_BODY_BYTES / 2 + 10),
            ..Article::default()
        };
        article.body.insert(0, 'x');
        let full = article.body.len();
        assert_eq!(cut_body(&mut article), Some(full));
        assert_eq!(article.body.len(), MAX_BODY_BYTES - 1);
        assert!(article.body.ends_with('é'));
        let mut short = Article {
            body: "short".to_owned(),
            ..Article::default()
        };
        assert_eq!(cut_body(&mut short), None);
        assert_eq!(short.body, "short");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_name_that_is_not_utf8_serialises() {
        use std::os::unix::ffi::OsStrExt;
        let error = FileError {
            path: PathBuf::from(std::ffi::OsStr::from_bytes(b"bad\xffname.txt")),
            reason: "file name is not valid UTF-8".to_owned(),
        };
        let json = serde_json::to_string(&error).unwrap();
        assert!(json.contains("bad\u{fffd}name.txt"), "{json}");
    }
}
