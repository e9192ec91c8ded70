//! Incremental indexing: walk the folders, diff them against what the index holds,
//! extract what is new or changed in parallel, and land everything in one commit.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::{Serialize, Serializer};
use tantivy::indexer::LogMergePolicy;
use tantivy::query::AllQuery;
use tantivy::{IndexWriter, TantivyDocument, Term};

use crate::error::{Error, Result};
use crate::extract;
use crate::news_index::{CommitState, NewsIndex};
use crate::paths::display_path;
use crate::schema::{self, FileState, SCHEMA_VERSION};
use crate::walk::{self, Candidate};

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
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            memory_budget: DEFAULT_MEMORY_BUDGET,
            rebuild: false,
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

/// A file that could not be indexed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileError {
    /// The file, as the user can open it from the current directory.
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
    /// Files that are not articles this build can read (by extension).
    #[serde(serialize_with = "serialize_len")]
    pub skipped: Vec<PathBuf>,
    /// Files that could not be read or made sense of; any earlier version stays indexed.
    pub errors: Vec<FileError>,
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
        let known = if options.rebuild {
            writer
                .delete_query(Box::new(AllQuery))
                .map_err(|e| self.error(e))?;
            HashMap::new()
        } else {
            self.known_files()?
        };

        progress.phase(Phase::Scanning, None);
        let walked = walk::walk(&roots, progress);
        report.skipped = walked.skipped;
        report.errors = walked.errors;

        let seen: HashSet<&str> = walked.candidates.iter().map(|c| c.key.as_str()).collect();
        for key in known.keys() {
            let under_root = roots.iter().any(|r| Path::new(key).starts_with(r));
            if under_root && !seen.contains(key.as_str()) {
                writer.delete_term(Term::from_field_text(self.fields().path, key));
                report.removed += 1;
            }
        }

        let jobs: Vec<(&Candidate, Option<FileState>)> = walked
            .candidates
            .iter()
            .filter_map(|c| match known.get(&c.key) {
                Some(old) if old.size == c.size && old.mtime == c.mtime => None,
                old => Some((c, old.copied())),
            })
            .collect();
        report.unchanged = walked.candidates.len() - jobs.len();

        progress.phase(Phase::Reading, Some(jobs.len() as u64));
        let outcomes = jobs
            .par_iter()
            .map(|(candidate, old)| {
                let outcome = self.index_file(&writer, candidate, *old);
                progress.advance(1);
                outcome
            })
            .collect::<Result<Vec<_>>>()?;
        let mut written = report.removed;
        for outcome in outcomes {
            match outcome {
                Outcome::Added => report.added += 1,
                Outcome::Updated => report.updated += 1,
                Outcome::Touched => report.unchanged += 1,
                Outcome::Failed(error) => {
                    report.errors.push(error);
                    continue;
                }
            }
            written += 1;
        }

        let mut all_folders: BTreeSet<PathBuf> = known_folders.iter().cloned().collect();
        all_folders.extend(roots);
        let state = CommitState {
            version: SCHEMA_VERSION,
            folders: all_folders.into_iter().collect(),
        };
        let folders_changed = state.folders != known_folders;
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

    fn writer(&self, budget: usize) -> Result<IndexWriter<TantivyDocument>> {
        if budget < MIN_MEMORY_PER_THREAD {
            return Err(Error::MemoryBudget {
                given: budget,
                minimum: MIN_MEMORY_PER_THREAD,
            });
        }
        let writer = self.tantivy().writer(budget).map_err(|e| self.error(e))?;
        // Updates leave deleted documents behind; merge them away once a third
        // of a segment is dead rather than never (tantivy's default).
        let mut policy = LogMergePolicy::default();
        policy.set_del_docs_ratio_before_merge(0.3);
        writer.set_merge_policy(Box::new(policy));
        Ok(writer)
    }

    /// Path, size, modification time and hash of every indexed file, read from
    /// fast fields so no stored document is decompressed.
    fn known_files(&self) -> Result<HashMap<String, FileState>> {
        let searcher = self.reader().searcher();
        let mut known = HashMap::new();
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let columns = (|| {
                Ok::<_, tantivy::TantivyError>((
                    fast.str(schema::PATH)?,
                    fast.u64(schema::SIZE)?,
                    fast.u64(schema::MTIME)?,
                    fast.u64(schema::HASH)?,
                ))
            })();
            let (Some(paths), sizes, mtimes, hashes) = columns.map_err(|e| self.error(e))? else {
                continue;
            };
            // Ordinals follow the dictionary's order: one pass over it names them
            // all, far cheaper than a lookup per document.
            let io_error = |source| Error::Io {
                path: self.path().to_path_buf(),
                source,
            };
            let mut names = Vec::with_capacity(paths.num_terms());
            let mut stream = paths.dictionary().stream().map_err(io_error)?;
            while stream.advance() {
                names.push(String::from_utf8_lossy(stream.key()).into_owned());
            }
            for doc in 0..segment.max_doc() {
                if segment.is_deleted(doc) {
                    continue;
                }
                let Some(name) = paths
                    .term_ords(doc)
                    .next()
                    .and_then(|o| names.get(o as usize))
                else {
                    continue;
                };
                if known.contains_key(name) {
                    continue;
                }
                let state = FileState {
                    size: sizes.first(doc).unwrap_or(0),
                    mtime: mtimes.first(doc).unwrap_or(0),
                    hash: hashes.first(doc).unwrap_or(0),
                };
                known.insert(name.clone(), state);
            }
        }
        Ok(known)
    }

    /// Reads, extracts and adds one file's articles, replacing its old ones.
    fn index_file(
        &self,
        writer: &IndexWriter<TantivyDocument>,
        candidate: &Candidate,
        old: Option<FileState>,
    ) -> Result<Outcome> {
        let failed = |reason: String| {
            Ok(Outcome::Failed(FileError {
                path: display_path(&candidate.path),
                reason,
            }))
        };
        let bytes = match std::fs::read(&candidate.path) {
            Ok(bytes) => bytes,
            Err(e) => return failed(walk::io_reason(&e)),
        };
        let articles = match extract::extract(candidate.format, &bytes) {
            Ok(articles) if articles.is_empty() => return failed("no article found".to_owned()),
            Ok(articles) => articles,
            Err(e) => return failed(e.to_string()),
        };
        let state = FileState {
            size: bytes.len() as u64,
            mtime: candidate.mtime,
            hash: xxhash_rust::xxh3::xxh3_64(&bytes),
        };
        let fields = self.fields();
        if old.is_some() {
            writer.delete_term(Term::from_field_text(fields.path, &candidate.key));
        }
        for (record, article) in articles.iter().enumerate() {
            let id = schema::article_id(&candidate.key, record);
            let doc = schema::to_document(fields, &id, &candidate.key, state, article);
            writer.add_document(doc).map_err(|e| self.error(e))?;
        }
        Ok(match old {
            None => Outcome::Added,
            // Same bytes, new timestamp: rewritten so the next run need not read it.
            Some(old) if old.hash == state.hash => Outcome::Touched,
            Some(_) => Outcome::Updated,
        })
    }
}

enum Outcome {
    Added,
    Updated,
    Touched,
    Failed(FileError),
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

fn serialize_millis<S: Serializer>(d: &Duration, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_u64(u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}
